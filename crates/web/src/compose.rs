//! Compose: the outreach editor (a first note drafted from the record, or the one
//! follow-up) and the thank-you editor (drafted from the debrief), each with the linter's or
//! checklist's results beside the text. Our script posts the text as you type (debounced) and
//! swaps in the results; without it a "Check" button does the same with a page load. The
//! text leaves rapport by copy, a `mailto:` link or a downloaded `.eml` draft; "Mark sent"
//! records it (an outreach starts the 3B7 timers; a thank-you moves them into the active
//! network).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use rapport_core::outreach::{self, LintKind, Linted};
use rapport_core::thanks;
use rapport_domain::compose::mailto_link;
use rapport_domain::ids::PersonId;
use rapport_domain::interactions::{InteractionKind, NewInteraction};
use rapport_domain::outreach::{OutreachChannel, OutreachMessage, Report, Severity};
use rapport_domain::ties::FirstApproach;

use crate::error::AppError;
use crate::forms::{Form, Params};
use crate::page::Chrome;
use crate::state::AppState;

fn person_id(raw: &str) -> Result<PersonId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound(format!("no person with id {raw}; find them on the People page")))
}

/// One check's result, as a row of the checklist.
pub(crate) struct CheckRow {
    pub(crate) code: &'static str,
    pub(crate) title: &'static str,
    pub(crate) severity: &'static str,
}

/// One finding: what is wrong, how to fix it, and the words at fault.
pub(crate) struct FindingRow {
    pub(crate) code: &'static str,
    pub(crate) severity: &'static str,
    pub(crate) problem: String,
    pub(crate) fix: String,
    pub(crate) quotes: Vec<String>,
}

/// A linter's report as the page shows it.
pub(crate) struct ReportView {
    pub(crate) ready: bool,
    pub(crate) checks: Vec<CheckRow>,
    pub(crate) findings: Vec<FindingRow>,
    pub(crate) words: usize,
    pub(crate) characters: usize,
    /// Checks left out (no person named), in words.
    pub(crate) unchecked: String,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Pass => "pass",
        Severity::Warn => "warn",
        Severity::Fail => "fail",
    }
}

pub(crate) fn report_view(report: &Report, unchecked: &[rapport_domain::outreach::CheckId]) -> ReportView {
    ReportView {
        ready: report.ready(),
        checks: report
            .checks
            .iter()
            .map(|c| CheckRow { code: c.check.code(), title: c.check.title(), severity: severity(c.severity) })
            .collect(),
        findings: report
            .findings
            .iter()
            .map(|f| FindingRow {
                code: f.check.code(),
                severity: severity(f.severity),
                problem: f.problem.clone(),
                fix: f.fix.clone(),
                quotes: f.excerpts.iter().map(|e| e.quote.clone()).filter(|q| !q.is_empty()).collect(),
            })
            .collect(),
        words: report.stats.body_words,
        characters: report.stats.characters,
        unchecked: unchecked.iter().map(|c| c.code()).collect::<Vec<_>>().join(", "),
    }
}

/// The report alone: what the script swaps in as you type.
#[derive(Template, WebTemplate)]
#[template(path = "compose/report.html")]
pub(crate) struct ReportFragment {
    report: ReportView,
}

/// Which editor.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Editor {
    Outreach,
    FollowUp,
    Thanks,
}

impl Editor {
    fn path(self, id: PersonId) -> String {
        match self {
            Editor::Outreach | Editor::FollowUp => format!("/people/{id}/outreach"),
            Editor::Thanks => format!("/people/{id}/thanks"),
        }
    }
}

/// A note written elsewhere (the introducer's own thank-you), shown to copy.
pub(crate) struct OtherNote {
    pub(crate) to_id: String,
    pub(crate) to_name: String,
    pub(crate) subject: String,
    pub(crate) text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "compose/editor.html")]
pub(crate) struct EditorPage {
    chrome: Chrome,
    title: String,
    action: String,
    kind: &'static str,
    person_id: String,
    person_name: String,
    subject: String,
    text: String,
    mailto: String,
    to: String,
    report: ReportView,
    /// Advice above the editor (the routing rule, the gate, what a follow-up is).
    advice: Vec<String>,
    warning: Option<String>,
    sent_label: &'static str,
    others: Vec<OtherNote>,
    has_email: bool,
}

/// `GET /people/{id}/outreach[?kind=follow_up]`: the draft (or an empty follow-up) and its
/// report.
pub(crate) async fn outreach_page(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<EditorPage, AppError> {
    let id = person_id(&id)?;
    let follow_up = Params::from_query(raw.as_deref()).text("kind") == Some("follow_up");
    let cache = state.routes.clone();
    let draft = state.call(move |ctx| outreach::draft_cached(ctx, &cache, id)).await?;
    let name = draft.person.name.full.clone();
    let to = draft.person.emails.first().map(|e| e.as_str().to_string()).unwrap_or_default();
    if follow_up {
        let text = String::new();
        let linted = state
            .call(move |ctx| {
                let message = OutreachMessage::email(None, &text);
                outreach::lint_for(ctx, &message, Some(id), None, LintKind::FollowUp)
            })
            .await?;
        return Ok(EditorPage {
            chrome,
            title: format!("Follow-up to {name}"),
            action: Editor::FollowUp.path(id),
            kind: "follow_up",
            person_id: id.to_string(),
            mailto: mailto_link(&draft.person.emails, None, None),
            to,
            has_email: !draft.person.emails.is_empty(),
            person_name: name,
            subject: format!("Re: {}", draft.draft.subject),
            text: String::new(),
            report: report_view(&linted.report, &linted.unchecked),
            advice: vec![
                "One follow-up, a week after your note, in the same thread: restate your ask as a short question, \
                 with no guilt and nothing new attached."
                    .into(),
            ],
            warning: None,
            sent_label: "Mark the follow-up sent",
            others: Vec::new(),
        });
    }
    let mut advice = vec![match &draft.approach {
        FirstApproach::AskForIntroduction { via } => {
            format!("Better than a cold note: ask {} for a double opt-in introduction to {name} first.", via.name)
        }
        other => other.advice(&name),
    }];
    if draft.draft.needs_introduction {
        advice.push("Their record has no verified connection to you, so the note cannot open with one.".into());
    }
    Ok(EditorPage {
        chrome,
        title: format!("A first note to {name}"),
        action: Editor::Outreach.path(id),
        kind: "outreach",
        person_id: id.to_string(),
        warning: draft
            .gate
            .as_ref()
            .map(|g| format!("{}. Score employers on the Targets page.", sentence(&g.to_string()))),
        mailto: draft.mailto.clone(),
        to,
        has_email: !draft.person.emails.is_empty(),
        person_name: name,
        subject: draft.draft.subject.clone(),
        text: draft.draft.text.clone(),
        report: report_view(&draft.draft.report, &[]),
        advice,
        sent_label: "Mark sent",
        others: Vec::new(),
    })
}

/// `GET /people/{id}/thanks`: the thank-you drafted from the debrief, checked against
/// T1–T10, and the introducer's own note when one is owed.
pub(crate) async fn thanks_page(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
) -> Result<EditorPage, AppError> {
    let id = person_id(&id)?;
    let plan = state.call(move |ctx| thanks::plan(ctx, id)).await?;
    let person = &plan.subject.person;
    let name = person.name.full.clone();
    Ok(EditorPage {
        chrome,
        title: format!("Thank you, {name}"),
        action: Editor::Thanks.path(id),
        kind: "thanks",
        person_id: id.to_string(),
        mailto: mailto_link(&person.emails, Some(&plan.draft.subject), Some(&plan.draft.text)),
        to: person.emails.first().map(|e| e.as_str().to_string()).unwrap_or_default(),
        has_email: !person.emails.is_empty(),
        person_name: name,
        subject: plan.draft.subject.clone(),
        text: plan.draft.text.clone(),
        report: report_view(&plan.report, &[]),
        advice: vec![
            "Send it within 24 hours: name one thing you learned, what you will do with their advice, every \
             promise you made, and an offer to help. No new ask."
                .into(),
        ],
        warning: None,
        sent_label: "Mark the thank-you sent",
        others: plan
            .separate
            .iter()
            .map(|n| OtherNote {
                to_id: n.to.id.to_string(),
                to_name: n.to.name.full.clone(),
                subject: n.draft.subject.clone(),
                text: n.draft.text.clone(),
            })
            .collect(),
    })
}

/// A message as a sentence: capital first letter.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The posted note: subject and text (line ends as typed, CRLF made LF).
fn posted(params: &Params) -> (Option<String>, String) {
    (params.text("subject").map(str::to_string), params.raw("text").replace("\r\n", "\n"))
}

/// The report on a posted outreach or follow-up.
async fn lint_outreach(state: &AppState, id: PersonId, editor: Editor, params: &Params) -> Result<Linted, AppError> {
    let (subject, text) = posted(params);
    let kind = if editor == Editor::FollowUp { LintKind::FollowUp } else { LintKind::FirstMessage };
    state
        .call(move |ctx| {
            let message = OutreachMessage::email(subject.as_deref(), &text);
            outreach::lint_for(ctx, &message, Some(id), None, kind)
        })
        .await
}

fn download(name: &str, body: String) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("message/rfc822")),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// `POST /people/{id}/outreach`: `action` = `lint` (the results alone, for the script),
/// `check` (the editor again with the results), `eml` (a download) or `sent`.
pub(crate) async fn outreach_post(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let id = person_id(&id)?;
    let editor = if params.text("kind") == Some("follow_up") { Editor::FollowUp } else { Editor::Outreach };
    match params.text("action").unwrap_or("check") {
        "lint" => {
            let linted = lint_outreach(&state, id, editor, &params).await?;
            Ok(ReportFragment { report: report_view(&linted.report, &linted.unchecked) }.into_response())
        }
        "check" => {
            let linted = lint_outreach(&state, id, editor, &params).await?;
            let (subject, text) = posted(&params);
            let person = state.call(move |ctx| rapport_core::people::get(ctx, id)).await?;
            let name = person.name.full.clone();
            Ok(EditorPage {
                chrome,
                title: if editor == Editor::FollowUp {
                    format!("Follow-up to {name}")
                } else {
                    format!("A first note to {name}")
                },
                action: editor.path(id),
                kind: if editor == Editor::FollowUp { "follow_up" } else { "outreach" },
                person_id: id.to_string(),
                mailto: mailto_link(&person.emails, subject.as_deref(), Some(&text)),
                to: person.emails.first().map(|e| e.as_str().to_string()).unwrap_or_default(),
                has_email: !person.emails.is_empty(),
                person_name: name,
                subject: subject.unwrap_or_default(),
                text,
                report: report_view(&linted.report, &linted.unchecked),
                advice: Vec::new(),
                warning: None,
                sent_label: if editor == Editor::FollowUp { "Mark the follow-up sent" } else { "Mark sent" },
                others: Vec::new(),
            }
            .into_response())
        }
        "eml" => {
            let (subject, text) = posted(&params);
            let cache = state.routes.clone();
            let eml = state
                .call(move |ctx| {
                    let mut draft = outreach::draft_cached(ctx, &cache, id)?;
                    if let Some(subject) = subject {
                        draft.draft.subject = subject;
                    }
                    draft.draft.text = text;
                    outreach::eml(ctx, &draft)
                })
                .await?;
            Ok(download("outreach.eml", eml))
        }
        "sent" => {
            let (_, text) = posted(&params);
            let text = (!text.trim().is_empty()).then_some(text);
            if editor == Editor::FollowUp {
                state
                    .call(move |ctx| {
                        let new =
                            NewInteraction::new(id, InteractionKind::FollowUp, ctx.now).with_text(text.as_deref());
                        rapport_core::interactions::log(ctx, new)
                    })
                    .await?;
            } else {
                state
                    .call(move |ctx| {
                        outreach::mark_sent(ctx, id, text.as_deref(), Timestamp::now(), OutreachChannel::Email)
                    })
                    .await?;
            }
            Ok(Redirect::to(&format!("/people/{id}?notice=sent")).into_response())
        }
        other => Err(AppError::BadRequest(format!("`{other}` is not something this editor does"))),
    }
}

/// `POST /people/{id}/thanks`: the same actions for the thank-you.
pub(crate) async fn thanks_post(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let id = person_id(&id)?;
    let (subject, text) = posted(&params);
    match params.text("action").unwrap_or("check") {
        action @ ("lint" | "check") => {
            let (subject_for_check, text_for_check) = (subject.clone(), text.clone());
            let (who, report) = state
                .call(move |ctx| thanks::check(ctx, id, subject_for_check.as_deref(), &text_for_check, ctx.now))
                .await?;
            let report = report_view(&report, &[]);
            if action == "lint" {
                return Ok(ReportFragment { report }.into_response());
            }
            let person = &who.person;
            Ok(EditorPage {
                chrome,
                title: format!("Thank you, {}", person.name.full),
                action: Editor::Thanks.path(id),
                kind: "thanks",
                person_id: id.to_string(),
                mailto: mailto_link(&person.emails, subject.as_deref(), Some(&text)),
                to: person.emails.first().map(|e| e.as_str().to_string()).unwrap_or_default(),
                has_email: !person.emails.is_empty(),
                person_name: person.name.full.clone(),
                subject: subject.unwrap_or_default(),
                text,
                report,
                advice: Vec::new(),
                warning: None,
                sent_label: "Mark the thank-you sent",
                others: Vec::new(),
            }
            .into_response())
        }
        "eml" => {
            let eml = state.call(move |ctx| thanks::eml(ctx, id, subject.as_deref(), &text, ctx.now)).await?;
            Ok(download("thank-you.eml", eml))
        }
        "sent" => {
            let text = (!text.trim().is_empty()).then_some(text);
            state.call(move |ctx| thanks::mark_sent(ctx, id, ctx.now, text.as_deref())).await?;
            Ok(Redirect::to(&format!("/people/{id}?notice=thanked")).into_response())
        }
        other => Err(AppError::BadRequest(format!("`{other}` is not something this editor does"))),
    }
}
