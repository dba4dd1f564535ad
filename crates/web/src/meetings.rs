//! Meetings: scheduling one from the person page, the meeting page (what was agreed, what
//! was recorded, what is due), the printable prep brief, the capture page for use during the
//! meeting (the agenda with a running time box; a static agenda without JavaScript), and the
//! debrief form (clues with TIARA tags, gifts, promises both ways, payment, the reciprocal
//! offer, rapport and the opening-close outcome).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::civil::Date;
use rapport_core::meetings::{self, Debrief, MeetingDetail, Named, NewPromise};
use rapport_core::prep;
use rapport_domain::agenda::clock;
use rapport_domain::ids::{MeetingId, PersonId};
use rapport_domain::meetings::{
    Clue, GiftKind, MeetingMode, MeetingStatus, NewMeeting, OpeningClose, Party, Payer, Payment, Tiara,
};
use rapport_domain::question_bank::category_label;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::forms::{Form, Params};
use crate::page::{Chrome, Notice};
use crate::people::{Choice, choices};
use crate::state::AppState;
use crate::today::{Line, line};
use crate::views::{datetime, parse_local, words};

fn meeting_id(raw: &str) -> Result<MeetingId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound(format!("no meeting with id {raw}; find it on the person's page")))
}

fn person_id(raw: &str) -> Result<PersonId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound(format!("no person with id {raw}; find them on the People page")))
}

fn bad(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(e.to_string())
}

/// The choices of how to meet, coffee first (the seeker pays).
pub(crate) fn mode_choices(current: Option<MeetingMode>) -> Vec<Choice> {
    let all: Vec<&str> = MeetingMode::ALL.iter().map(|m| m.as_str()).collect();
    choices(&all, current.map(MeetingMode::as_str), None)
}

/// `POST /people/{id}/meetings`: schedules a meeting.
pub(crate) async fn schedule(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let person = person_id(&id)?;
    let tz = state.time_zone();
    let at = parse_local("When", params.required("at", "When")?, &tz).map_err(AppError::BadRequest)?;
    let mode: MeetingMode =
        params.parse_opt("mode", "How")?.ok_or_else(|| AppError::BadRequest("How is required; choose one".into()))?;
    let minutes: u16 = params.parse_opt("minutes", "Length")?.unwrap_or(20);
    let mut new = NewMeeting::new(person, at, minutes, mode).map_err(bad)?;
    new.location = params.text("location").map(str::to_string);
    let meeting = state.call(move |ctx| meetings::schedule(ctx, new)).await?;
    Ok(Redirect::to(&format!("/meetings/{}?notice=scheduled", meeting.id)).into_response())
}

/// A ledger entry as text.
pub(crate) struct LedgerLine {
    pub(crate) label: String,
    pub(crate) text: String,
    pub(crate) href: Option<String>,
}

pub(crate) struct MeetingView {
    pub(crate) id: String,
    pub(crate) person_id: String,
    pub(crate) person_name: String,
    pub(crate) heading: String,
    pub(crate) when: String,
    pub(crate) minutes: u16,
    pub(crate) location: String,
    pub(crate) status: String,
    pub(crate) held: bool,
    pub(crate) started: bool,
}

fn mode_words(mode: MeetingMode) -> &'static str {
    match mode {
        MeetingMode::Coffee => "Coffee",
        MeetingMode::Call => "Call",
        MeetingMode::Video => "Video call",
        MeetingMode::Office => "Meeting at their office",
    }
}

fn view(detail: &MeetingDetail, tz: &jiff::tz::TimeZone, now: jiff::Timestamp) -> MeetingView {
    let m = &detail.meeting;
    MeetingView {
        id: m.id.to_string(),
        person_id: detail.person.id.to_string(),
        person_name: detail.person.name.full.clone(),
        heading: format!("{} with {}", mode_words(m.mode), detail.person.name.full),
        when: datetime(m.scheduled_at, tz),
        minutes: m.duration_min,
        location: m.location.clone().unwrap_or_default(),
        status: words(m.status.as_str()),
        held: m.status == MeetingStatus::Held,
        started: m.scheduled_at <= now,
    }
}

fn ledger_lines(detail: &MeetingDetail) -> Vec<LedgerLine> {
    let l = &detail.meeting.ledger;
    let mut out = Vec::new();
    for clue in &l.clues {
        out.push(LedgerLine {
            label: format!("Clue ({})", words(clue.tiara.as_str())),
            text: clue.text.clone(),
            href: None,
        });
    }
    for gift in &l.gifts {
        let label = match gift.kind {
            GiftKind::Introduction => "Introduction offered",
            GiftKind::Referral => "Referral",
            GiftKind::Recruiter => "Recruiter named",
            GiftKind::Resource => "Resource",
        };
        out.push(LedgerLine {
            label: label.into(),
            text: gift.text.clone(),
            href: gift.person_id.map(|p| format!("/people/{p}")),
        });
    }
    for promise in &l.promises {
        let who = match promise.owed_by {
            Party::Mine => "You promised",
            Party::Theirs => "They promised",
        };
        let due = promise.due.map(|d| format!(" (by {d})")).unwrap_or_default();
        out.push(LedgerLine { label: who.into(), text: format!("{}{due}", promise.text), href: None });
    }
    if let Some(p) = &l.payment {
        let amount = match (p.amount_minor, &p.currency) {
            (Some(a), c) => {
                format!(" {}.{:02}{}", a / 100, a % 100, c.as_deref().map(|c| format!(" {c}")).unwrap_or_default())
            }
            (None, _) => String::new(),
        };
        let who = match p.payer {
            Payer::Me => "you",
            Payer::Them => "they",
            Payer::Nobody => "nobody",
        };
        out.push(LedgerLine { label: "Paid".into(), text: format!("{who}{amount}"), href: None });
    }
    if let Some(t) = &l.they_asked_for {
        out.push(LedgerLine { label: "They asked for".into(), text: t.clone(), href: None });
    }
    if let Some(t) = &l.reciprocal_offer {
        out.push(LedgerLine { label: "You offered".into(), text: t.clone(), href: None });
    }
    if let Some(r) = l.rapport {
        out.push(LedgerLine { label: "Rapport".into(), text: format!("{r} of 5"), href: None });
    }
    if let Some(close) = l.opening_close {
        let text = match close {
            OpeningClose::Yes => "yes, they will refer you",
            OpeningClose::Considering => "they will think about it (no chaser)",
            OpeningClose::No => "no",
            OpeningClose::NotAsked => "not asked",
        };
        out.push(LedgerLine { label: "The opening close".into(), text: text.into(), href: None });
    }
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/show.html")]
pub(crate) struct ShowPage {
    chrome: Chrome,
    notice: Option<Notice>,
    meeting: MeetingView,
    ledger: Vec<LedgerLine>,
    lines: Vec<Line>,
    back: String,
}

/// `GET /meetings/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<ShowPage, AppError> {
    let id = meeting_id(&id)?;
    let (detail, reminders, now) = state
        .call(move |ctx| {
            let detail = meetings::detail(ctx, id)?;
            let reminders = rapport_core::reminders::for_person(ctx, detail.person.id)?;
            Ok((detail, reminders, ctx.now))
        })
        .await?;
    let tz = state.time_zone();
    let suffix = id.to_string();
    let lines = reminders.iter().filter(|r| r.key.ends_with(&suffix)).map(|r| line(r, r.status(now), &tz)).collect();
    let notice = match Params::from_query(raw.as_deref()).text("notice") {
        Some("scheduled") => Some(Notice::text(
            "Scheduled. rapport will remind you to prepare, to confirm the day before and, for coffee, that you pay.",
        )),
        Some("debriefed") => Some(Notice::text("Debrief recorded. Next: the thank-you, within 24 hours.")),
        Some("cancelled") => Some(Notice::text("Cancelled.")),
        _ => None,
    };
    Ok(ShowPage {
        chrome,
        notice,
        back: format!("/meetings/{id}"),
        ledger: ledger_lines(&detail),
        meeting: view(&detail, &tz, now),
        lines,
    })
}

/// `POST /meetings/{id}/cancel`.
pub(crate) async fn cancel(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let id = meeting_id(&id)?;
    state.call(move |ctx| meetings::cancel(ctx, id)).await?;
    Ok(Redirect::to(&format!("/meetings/{id}?notice=cancelled")).into_response())
}

/// Base64 (standard alphabet, padded), for the style hash of the brief's CSP.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The Content-Security-Policy of a page whose only style is one inline `<style>` block:
/// that block, by its hash, and nothing else (no script at all).
pub(crate) fn csp_for_inline_style(html: &str) -> String {
    let style = html
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(style, _)| style)
        .unwrap_or("");
    let hash = base64(&Sha256::digest(style.as_bytes()));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
}

/// `GET /meetings/{id}/brief`: the print-ready brief (the same page `rapport prep` writes).
pub(crate) async fn brief(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let id = meeting_id(&id)?;
    let brief = state.call(move |ctx| prep::brief(ctx, id)).await?;
    let html = crate::brief::print_html(&brief).map_err(|e| AppError::Internal(format!("the brief: {e}")))?;
    let csp = HeaderValue::from_str(&csp_for_inline_style(&html))
        .map_err(|e| AppError::Internal(format!("the brief's policy: {e}")))?;
    let mut response = Html(html).into_response();
    response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
    Ok(response)
}

/// One block of the capture page's agenda.
pub(crate) struct Block {
    pub(crate) clock: String,
    pub(crate) start_s: i64,
    pub(crate) end_s: i64,
    pub(crate) title: &'static str,
    pub(crate) lines: Vec<String>,
}

pub(crate) struct CueView {
    pub(crate) at_s: i64,
    pub(crate) percent: u8,
    pub(crate) text: String,
}

pub(crate) struct QuestionView {
    pub(crate) category: &'static str,
    pub(crate) text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/capture.html")]
pub(crate) struct CapturePage {
    chrome: Chrome,
    id: String,
    heading: String,
    length_s: i64,
    length_min: u16,
    blocks: Vec<Block>,
    cues: Vec<CueView>,
    questions: Vec<QuestionView>,
    reciprocity: String,
}

/// `GET /meetings/{id}/capture`: the agenda to keep open during the meeting.
pub(crate) async fn capture(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
) -> Result<CapturePage, AppError> {
    let id = meeting_id(&id)?;
    let brief = state.call(move |ctx| prep::brief(ctx, id)).await?;
    let a = &brief.agenda;
    Ok(CapturePage {
        chrome,
        id: id.to_string(),
        heading: brief.heading.clone(),
        length_s: i64::from(a.length_min) * 60,
        length_min: a.length_min,
        blocks: a
            .blocks
            .iter()
            .map(|b| Block {
                clock: format!("{}–{}", clock(b.start), clock(b.end)),
                start_s: b.start.as_secs(),
                end_s: b.end.as_secs(),
                title: b.kind.title(),
                lines: b.content.clone(),
            })
            .collect(),
        cues: a
            .cues
            .iter()
            .map(|c| CueView { at_s: c.at.as_secs(), percent: c.percent, text: c.message.clone() })
            .collect(),
        questions: brief
            .questions
            .questions
            .iter()
            .map(|q| QuestionView { category: category_label(q.category), text: q.text.clone() })
            .collect(),
        reciprocity: brief.reciprocity.question.text.clone(),
    })
}

/// How many rows of each repeated part the debrief form offers.
const CLUE_ROWS: usize = 5;
const PROMISE_ROWS: usize = 3;

#[derive(Template, WebTemplate)]
#[template(path = "meetings/debrief.html")]
pub(crate) struct DebriefPage {
    chrome: Chrome,
    meeting: MeetingView,
    clue_rows: Vec<usize>,
    promise_rows: Vec<usize>,
    tiaras: Vec<Choice>,
    payers: Vec<Choice>,
    closes: Vec<Choice>,
    ledger: Vec<LedgerLine>,
}

/// `GET /meetings/{id}/debrief`: the debrief form.
pub(crate) async fn debrief_form(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
) -> Result<DebriefPage, AppError> {
    let id = meeting_id(&id)?;
    let (detail, now) = state.call(move |ctx| Ok((meetings::detail(ctx, id)?, ctx.now))).await?;
    let tz = state.time_zone();
    let tiaras: Vec<&str> = Tiara::ALL.iter().map(|t| t.as_str()).collect();
    let payers: Vec<&str> = Payer::ALL.iter().map(|p| p.as_str()).collect();
    let closes = vec![
        Choice { value: String::new(), label: "not recorded".into(), selected: true },
        Choice { value: "yes".into(), label: "yes, they will refer me".into(), selected: false },
        Choice { value: "considering".into(), label: "let me think about it".into(), selected: false },
        Choice { value: "no".into(), label: "no".into(), selected: false },
        Choice { value: "not_asked".into(), label: "I did not ask".into(), selected: false },
    ];
    Ok(DebriefPage {
        chrome,
        ledger: ledger_lines(&detail),
        meeting: view(&detail, &tz, now),
        clue_rows: (0..CLUE_ROWS).collect(),
        promise_rows: (0..PROMISE_ROWS).collect(),
        tiaras: choices(&tiaras, None, None),
        payers: choices(&payers, None, Some("not recorded")),
        closes,
    })
}

/// `11.50` as 1150 minor units.
fn minor_units(raw: &str) -> Result<u32, AppError> {
    let bad = || AppError::BadRequest(format!("Amount: `{raw}` is not an amount; write it like 11.50"));
    let (whole, fraction) = raw.trim().split_once('.').unwrap_or((raw.trim(), ""));
    if whole.is_empty()
        || fraction.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: u32 = whole.parse().map_err(|_| bad())?;
    let cents: u32 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
    whole.checked_mul(100).and_then(|w| w.checked_add(cents)).ok_or_else(bad)
}

/// Someone named in the form: an existing person by id or email, else a name.
fn named(text: &str) -> Named {
    match text.parse::<PersonId>() {
        Ok(id) => Named::Existing(id),
        Err(_) => Named::Name(text.to_string()),
    }
}

fn lines_of(params: &Params, name: &str) -> Vec<String> {
    params.raw(name).lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// The debrief as posted.
fn parse_debrief(params: &Params) -> Result<(Debrief, Vec<String>), AppError> {
    let mut clues = Vec::new();
    for i in 0..CLUE_ROWS {
        let Some(text) = params.text(&format!("clue_{i}")) else { continue };
        let kind: Tiara = params
            .parse_opt(&format!("clue_kind_{i}"), "Clue kind")?
            .ok_or_else(|| AppError::BadRequest(format!("clue {}: choose its TIARA kind", i + 1)))?;
        clues.push(Clue::new(kind, text).map_err(bad)?);
    }
    let mut promises = Vec::new();
    for (party, prefix) in [(Party::Mine, "mine"), (Party::Theirs, "theirs")] {
        for i in 0..PROMISE_ROWS {
            let Some(text) = params.text(&format!("{prefix}_{i}")) else { continue };
            let due: Option<Date> = params.parse_opt(&format!("{prefix}_due_{i}"), "Promise due date")?;
            promises.push(NewPromise { owed_by: party, text: text.to_string(), due });
        }
    }
    let payment = match params.parse_opt::<Payer>("paid", "Who paid")? {
        Some(payer) => Some(Payment {
            payer,
            amount_minor: params.text("amount").map(minor_units).transpose()?,
            currency: params.text("currency").map(|c| c.to_uppercase()),
        }),
        None => None,
    };
    let rapport: Option<u8> = params.parse_opt("rapport", "Rapport")?;
    if rapport.is_some_and(|r| !(1..=5).contains(&r)) {
        return Err(AppError::BadRequest("Rapport: choose 1 to 5".into()));
    }
    let introductions = lines_of(params, "introductions");
    let debrief = Debrief {
        clues,
        introductions: introductions.iter().map(|n| named(n)).collect(),
        referrals: lines_of(params, "referrals"),
        recruiters: lines_of(params, "recruiters"),
        resources: lines_of(params, "resources"),
        promises,
        payment,
        they_asked_for: params.text("they_asked_for").map(str::to_string),
        reciprocal_offer: params.text("offered").map(str::to_string),
        rapport,
        opening_close: params.parse_opt("close", "The opening close")?,
        notes: params.text("notes").map(|n| n.replace("\r\n", "\n")),
    };
    Ok((debrief, introductions))
}

/// `POST /meetings/{id}/debrief`: adds to the meeting's ledger.
pub(crate) async fn debrief(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let id = meeting_id(&id)?;
    let (debrief, _) = parse_debrief(&params)?;
    let nothing = debrief == Debrief::default();
    if nothing {
        return Err(AppError::BadRequest(
            "the debrief is empty; write at least one thing you learned, or who paid, and send it again".into(),
        ));
    }
    state.call(move |ctx| meetings::debrief(ctx, id, debrief)).await?;
    Ok(Redirect::to(&format!("/meetings/{id}?notice=debriefed")).into_response())
}

/// A person's meetings for their page, newest first.
pub(crate) struct MeetingLink {
    pub(crate) id: String,
    pub(crate) when: String,
    pub(crate) what: String,
    pub(crate) status: String,
}

pub(crate) fn meeting_links(
    meetings: &[rapport_domain::meetings::Meeting],
    tz: &jiff::tz::TimeZone,
) -> Vec<MeetingLink> {
    let mut kept: Vec<_> = meetings.iter().filter(|m| m.deleted_at.is_none()).collect();
    kept.sort_by_key(|m| std::cmp::Reverse(m.scheduled_at));
    kept.iter()
        .map(|m| MeetingLink {
            id: m.id.to_string(),
            when: datetime(m.scheduled_at, tz),
            what: format!("{}, {} minutes", mode_words(m.mode), m.duration_min),
            status: words(m.status.as_str()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_brief_policy_allows_its_own_style_only() {
        let csp = csp_for_inline_style("<html><style>body{}</style></html>");
        assert!(csp.contains("style-src 'sha256-"), "{csp}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("script-src"), "{csp}");
    }

    #[test]
    fn a_debrief_form_reads_every_part() {
        let params = Params::parse(
            b"clue_0=budgets+move&clue_kind_0=trends&clue_1=&introductions=Mia+Chen%0D%0A&mine_0=send+the+write-up\
              &mine_due_0=2026-03-20&paid=me&amount=11.5&currency=usd&rapport=4&close=considering",
        );
        let (d, intros) = parse_debrief(&params).unwrap();
        assert_eq!(d.clues.len(), 1);
        assert_eq!(d.clues[0].tiara, Tiara::Trends);
        assert_eq!(intros, vec!["Mia Chen"]);
        assert_eq!(d.promises[0].due, Some("2026-03-20".parse().unwrap()));
        assert_eq!(d.payment.as_ref().unwrap().amount_minor, Some(1150));
        assert_eq!(d.payment.as_ref().unwrap().currency.as_deref(), Some("USD"));
        assert_eq!(d.opening_close, Some(OpeningClose::Considering));
        assert!(parse_debrief(&Params::parse(b"clue_0=x")).is_err(), "a clue needs its kind");
        assert!(parse_debrief(&Params::parse(b"rapport=9")).is_err());
        assert!(minor_units("1.234").is_err() && minor_units("").is_err());
    }
}
