//! Import and export: uploading a contacts file (multipart, up to the configured size; a
//! progress bar while it uploads, with our script), its dry-run preview and then "apply", with
//! the per-line report; duplicates to review, merge and undo; downloads of every export; and
//! the calendar feed, which calendar apps subscribe to at a URL holding the install's secret
//! token (`GET /feed/<token>.ics`, no sign-in, the token compared in constant time).

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use askama::Template;
use askama_web::WebTemplate;
use axum::body::{Body, Bytes};
use axum::extract::{Multipart, Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::dupes;
use rapport_core::export;
use rapport_core::import::{self, ImportRequest, ImportSummary};
use rapport_domain::ids::PersonId;
use rapport_interchange::json::Backup;
use rapport_interchange::{Format, ImportOptions};

use crate::error::AppError;
use crate::forms::{Form, Params};
use crate::page::{Chrome, Notice};
use crate::people::Choice;
use crate::secrets::{hex, random_bytes};
use crate::state::{AppState, PendingUpload};

/// How long an uploaded file waits for "apply".
const UPLOAD_TTL: Duration = Duration::from_secs(60 * 60);
/// How many uploaded files wait at once (the newest are kept).
const UPLOADS_KEPT: usize = 4;
/// How many lines of each part of the report the page lists.
const REPORT_LINES: usize = 500;

fn format_choices(current: Option<&str>) -> Vec<Choice> {
    let mut out =
        vec![Choice { value: String::new(), label: "find out from the file".into(), selected: current.is_none() }];
    out.extend(Format::ALL.iter().filter(|f| !matches!(f, Format::ICalendar | Format::RapportBackup)).map(|f| {
        Choice { value: f.as_str().into(), label: f.as_str().replace('_', " "), selected: current == Some(f.as_str()) }
    }));
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "interop/import.html")]
pub(crate) struct ImportPage {
    chrome: Chrome,
    formats: Vec<Choice>,
    limit_mb: usize,
}

/// `GET /import`: the upload form.
pub(crate) async fn import_page(State(state): State<AppState>, chrome: Chrome) -> ImportPage {
    ImportPage { chrome, formats: format_choices(None), limit_mb: state.config.upload_limit / (1024 * 1024) }
}

/// One line of the per-line report.
pub(crate) struct ReportLine {
    pub(crate) line: u64,
    pub(crate) person: Option<(String, String)>,
    pub(crate) text: String,
}

/// A part of the report: a heading, how many, and the first lines.
pub(crate) struct ReportPart {
    pub(crate) slug: &'static str,
    pub(crate) title: &'static str,
    pub(crate) total: usize,
    pub(crate) lines: Vec<ReportLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "interop/report.html")]
pub(crate) struct ReportPage {
    chrome: Chrome,
    dry_run: bool,
    file: String,
    format: String,
    records: usize,
    added: usize,
    updated: usize,
    unchanged: usize,
    skipped: usize,
    organizations: Vec<String>,
    parts: Vec<ReportPart>,
    /// The key of the waiting upload, for "apply".
    key: String,
    no_op: bool,
}

fn person(id: PersonId, name: &str) -> Option<(String, String)> {
    Some((id.to_string(), name.to_string()))
}

fn report_page(chrome: Chrome, summary: &ImportSummary, file: String, key: String) -> ReportPage {
    let part = |slug, title, mut lines: Vec<ReportLine>| {
        let total = lines.len();
        lines.truncate(REPORT_LINES);
        ReportPart { slug, title, total, lines }
    };
    let parts = vec![
        part(
            "added",
            "Added",
            summary
                .added
                .iter()
                .map(|c| ReportLine { line: c.line, person: person(c.person_id, &c.name), text: c.fields.join(", ") })
                .collect(),
        ),
        part(
            "updated",
            "Updated",
            summary
                .updated
                .iter()
                .map(|c| ReportLine {
                    line: c.line,
                    person: person(c.person_id, &c.name),
                    text: format!("changed: {}", c.fields.join(", ")),
                })
                .collect(),
        ),
        part(
            "kept",
            "Kept as you had them",
            summary
                .kept
                .iter()
                .map(|k| ReportLine {
                    line: k.line,
                    person: person(k.person_id, &k.name),
                    text: format!("{}: yours “{}”, the file says “{}”", k.field, k.yours, k.file),
                })
                .collect(),
        ),
        part(
            "skipped",
            "Skipped",
            summary
                .skipped
                .iter()
                .map(|s| ReportLine { line: s.line, person: None, text: s.reason.to_string() })
                .collect(),
        ),
        part(
            "warnings",
            "Worth knowing",
            summary
                .warnings
                .iter()
                .map(|w| ReportLine { line: w.line, person: None, text: w.message.clone() })
                .collect(),
        ),
    ];
    ReportPage {
        chrome,
        dry_run: summary.dry_run,
        file,
        format: summary.format.as_str().replace('_', " "),
        records: summary.records,
        added: summary.added.len(),
        updated: summary.updated.len(),
        unchanged: summary.unchanged,
        skipped: summary.skipped.len(),
        organizations: summary.organizations_added.clone(),
        parts,
        key,
        no_op: summary.is_no_op(),
    }
}

/// Runs an import of a waiting upload (or a fresh one), as a dry run or for real.
async fn run_import(state: &AppState, upload: &PendingUpload, dry_run: bool) -> Result<ImportSummary, AppError> {
    let mut options = ImportOptions { keep_photos: upload.keep_photos, ..ImportOptions::default() };
    if let Some(format) = &upload.format {
        options.format = Some(format.parse().map_err(|e| AppError::BadRequest(format!("Format: {e}")))?);
    }
    let bytes = Arc::clone(&upload.bytes);
    let name = upload.name.clone();
    let summary = state
        .call(move |ctx| {
            let request = ImportRequest { file_name: name.as_deref(), bytes: &bytes, options, dry_run };
            import::import(ctx, &request, &mut |_| {})
        })
        .await?;
    Ok(summary)
}

/// `POST /import`: a multipart upload (`file`, optional `format` and `photos`); answers with
/// the dry-run preview, the file kept for "apply".
pub(crate) async fn upload(
    State(state): State<AppState>,
    chrome: Chrome,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let mut bytes = None;
    let mut name = None;
    let mut format = None;
    let mut keep_photos = false;
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge(format!(
                "that file is larger than the upload limit of {} MB; split it, or raise serve.upload_limit_mb in the config file",
                state.config.upload_limit / (1024 * 1024)
            ))
        } else {
            AppError::BadRequest(format!("the upload could not be read ({e}); choose the file and send it again"))
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        match field.name().unwrap_or("") {
            "file" => {
                name = field.file_name().map(str::to_string).filter(|n| !n.is_empty());
                bytes = Some(field.bytes().await.map_err(too_large)?);
            }
            "format" => {
                let text = field.text().await.map_err(too_large)?;
                format = Some(text.trim().to_string()).filter(|t| !t.is_empty());
            }
            "photos" => keep_photos = true,
            _ => {}
        }
    }
    let bytes = bytes.filter(|b| !b.is_empty()).ok_or_else(|| {
        AppError::BadRequest("no file came with the form; choose a contacts file and send it again".into())
    })?;
    let key = hex(&random_bytes::<16>().map_err(|e| AppError::Internal(e.to_string()))?);
    let upload = PendingUpload {
        key: key.clone(),
        name: name.clone(),
        bytes: Arc::new(bytes.to_vec()),
        format,
        keep_photos,
        at: Instant::now(),
    };
    let summary = run_import(&state, &upload, true).await?;
    {
        let mut waiting = state.uploads.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        waiting.retain(|u| u.at.elapsed() < UPLOAD_TTL);
        waiting.push(upload);
        let excess = waiting.len().saturating_sub(UPLOADS_KEPT);
        waiting.drain(..excess);
    }
    Ok(report_page(chrome, &summary, name.unwrap_or_else(|| "the file".into()), key).into_response())
}

/// `POST /import/apply`: imports a previewed file for real.
pub(crate) async fn apply(
    State(state): State<AppState>,
    chrome: Chrome,
    Form(params): Form,
) -> Result<Response, AppError> {
    let key = params.required("key", "Upload")?.to_string();
    let upload = {
        let mut waiting = state.uploads.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        waiting.retain(|u| u.at.elapsed() < UPLOAD_TTL);
        let at = waiting.iter().position(|u| u.key == key).ok_or_else(|| {
            AppError::NotFound(
                "that upload is no longer waiting (it expired, or the server restarted); upload the file again".into(),
            )
        })?;
        waiting.remove(at)
    };
    let summary = run_import(&state, &upload, false).await?;
    Ok(report_page(chrome, &summary, upload.name.unwrap_or_else(|| "the file".into()), String::new()).into_response())
}

/// One pair of possible duplicates.
pub(crate) struct PairView {
    pub(crate) a_id: String,
    pub(crate) a_name: String,
    pub(crate) b_id: String,
    pub(crate) b_name: String,
    pub(crate) evidence: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "interop/dupes.html")]
pub(crate) struct DupesPage {
    chrome: Chrome,
    notice: Option<Notice>,
    pairs: Vec<PairView>,
    total: usize,
}

/// How many pairs the duplicates page lists.
const PAIRS_SHOWN: usize = 200;

/// `GET /dupes`.
pub(crate) async fn dupes_page(
    State(state): State<AppState>,
    chrome: Chrome,
    RawQuery(raw): RawQuery,
) -> Result<DupesPage, AppError> {
    let found = state.call(dupes::candidates).await?;
    let notice = match Params::from_query(raw.as_deref()).text("notice") {
        Some("merged") => Some(Notice {
            text: "Merged: everything of both is on the one kept; the other is in the trash.".into(),
            undo: Some(("/dupes/undo".into(), "last".into())),
        }),
        Some("undone") => Some(Notice::text("The merge is undone: both people are back as they were.")),
        _ => None,
    };
    Ok(DupesPage {
        chrome,
        notice,
        total: found.len(),
        pairs: found
            .iter()
            .take(PAIRS_SHOWN)
            .map(|c| PairView {
                a_id: c.a.id.to_string(),
                a_name: c.a.name.full.clone(),
                b_id: c.b.id.to_string(),
                b_name: c.b.name.full.clone(),
                evidence: c.evidence.iter().map(ToString::to_string).collect(),
            })
            .collect(),
    })
}

/// `POST /dupes/merge`: folds `merge` into `keep`.
pub(crate) async fn merge(State(state): State<AppState>, Form(params): Form) -> Result<Response, AppError> {
    let keep: PersonId = params
        .parse_opt("keep", "Person to keep")?
        .ok_or_else(|| AppError::BadRequest("name the person to keep".into()))?;
    let other: PersonId = params
        .parse_opt("merge", "Person to merge")?
        .ok_or_else(|| AppError::BadRequest("name the person to merge into them".into()))?;
    state.call(move |ctx| dupes::merge(ctx, keep, other)).await?;
    Ok(Redirect::to("/dupes?notice=merged").into_response())
}

/// `POST /dupes/undo`: undoes the last merge.
pub(crate) async fn undo(State(state): State<AppState>) -> Result<Response, AppError> {
    state.call(dupes::undo_last_merge).await?;
    Ok(Redirect::to("/dupes?notice=undone").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "interop/export.html")]
pub(crate) struct ExportPage {
    chrome: Chrome,
    notice: Option<Notice>,
    feed_path: String,
}

/// `GET /export`: every download, and the calendar feed's address.
pub(crate) async fn export_page(State(state): State<AppState>, chrome: Chrome, RawQuery(raw): RawQuery) -> ExportPage {
    let notice = (Params::from_query(raw.as_deref()).text("notice") == Some("rotated")).then(|| {
        Notice::text("The feed has a new address; the old one no longer works. Subscribe again with this one.")
    });
    ExportPage { chrome, notice, feed_path: format!("/feed/{}.ics", state.feed_token()) }
}

fn attachment(content_type: &'static str, file: &str, body: impl Into<Body>) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type)), (header::CONTENT_DISPOSITION, disposition)],
        body.into(),
    )
        .into_response()
}

/// A backup's JSON as a body sent while it is encoded, on a blocking thread, a piece at a
/// time: a large network's text (130 MB for 30,000 people) is never held whole. Should the
/// encoding fail, or the download be cancelled, the body ends with an error (the browser
/// reports a failed download, never a truncated file taken for whole) and the encoder stops.
fn streamed(backup: Backup) -> Body {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::task::spawn_blocking(move || {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, Pieces(tx.clone()));
        if let Err(e) = backup.to_writer(&mut out).map_err(std::io::Error::other).and_then(|()| out.flush()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                tracing::debug!("a backup download was cancelled");
            } else {
                tracing::warn!("a backup download stopped: {e}");
            }
            let _ = tx.blocking_send(Err(e));
        }
    });
    Body::from_stream(futures_util::stream::unfold(
        rx,
        |mut rx| async move { rx.recv().await.map(|piece| (piece, rx)) },
    ))
}

/// The pieces of a streamed body, handed to the response as they are written.
struct Pieces(tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>);

impl Write for Pieces {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the download was cancelled"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `GET /export/{file}`: `people.vcf`, `people.csv`, `backup.json` or `rapport.ics`.
pub(crate) async fn download(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, AppError> {
    let day = crate::views::date(jiff::Timestamp::now(), &state.time_zone());
    match file.as_str() {
        "people.vcf" => {
            let text = state.call(|ctx| export::vcard(ctx, None)).await?;
            Ok(attachment("text/vcard; charset=utf-8", &format!("rapport-people-{day}.vcf"), text))
        }
        "people.csv" => {
            let text = state.call(export::csv).await?;
            Ok(attachment("text/csv; charset=utf-8", &format!("rapport-people-{day}.csv"), text))
        }
        "backup.json" => {
            let backup = state.call(export::backup).await?;
            Ok(attachment("application/json", &format!("rapport-backup-{day}.json"), streamed(backup)))
        }
        "rapport.ics" => {
            let calendar = state.call(export::ics).await?;
            Ok(attachment("text/calendar; charset=utf-8", &format!("rapport-{day}.ics"), calendar.text))
        }
        other => Err(AppError::NotFound(format!("there is no export called {other}; see the Import and export page"))),
    }
}

/// True when two strings are equal, in time that depends only on their lengths.
fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `GET /feed/{token}.ics`: the calendar feed, for calendar apps (no sign-in; the token is
/// the key).
pub(crate) async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, AppError> {
    let token = file.strip_suffix(".ics").unwrap_or("");
    if !same_secret(token, &state.feed_token()) {
        return Err(AppError::NotFound(
            "there is no calendar feed at this address; copy the current address from rapport's Import and export page"
                .into(),
        ));
    }
    let calendar = state.call(export::ics).await?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"))], calendar.text)
        .into_response())
}

/// `POST /settings/feed-token`: a new feed address; the old one stops working.
pub(crate) async fn rotate_feed(State(state): State<AppState>) -> Result<Response, AppError> {
    state.rotate_feed_token()?;
    Ok(Redirect::to("/export?notice=rotated#feed").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_by_content_only() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", "a"));
    }
}
