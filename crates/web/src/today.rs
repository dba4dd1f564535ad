//! Today, the home page once onboarded: what is overdue, what is for today and what comes up
//! soon, most urgent first, each saying what to do, for whom and why now, with one click to
//! mark it done, snooze it (until tomorrow morning or next week) or dismiss it, and a link to
//! the page where the thing gets done (the thank-you editor, the brief, the debrief…).
//!
//! The page is one store read: `today::today` reads the materialized reminders through the
//! store's covering indexes (late, current, coming up), plus the list-level ones.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rapport_core::today::{self, Group, TodayOptions};
use rapport_domain::ids::PersonId;
use rapport_domain::reminders::{DecisionAction, Reminder, ReminderStatus, Rule};

use crate::error::AppError;
use crate::forms::{Form, Params};
use crate::page::{Chrome, Notice};
use crate::state::AppState;
use crate::views::datetime;

/// One line of the agenda, as text.
pub(crate) struct Line {
    pub(crate) key: String,
    pub(crate) person_id: String,
    pub(crate) what: String,
    pub(crate) who: String,
    pub(crate) why: String,
    /// `overdue`, `due`, `open`…: a class and a word.
    pub(crate) status: &'static str,
    pub(crate) status_words: &'static str,
    pub(crate) due: String,
    /// Where the thing gets done, and the link's words.
    pub(crate) action: Option<(String, &'static str)>,
    /// The person's page, for reminders about one person.
    pub(crate) person_href: Option<String>,
}

/// A group of lines under a heading.
pub(crate) struct Section {
    pub(crate) slug: &'static str,
    pub(crate) title: &'static str,
    pub(crate) empty: &'static str,
    pub(crate) lines: Vec<Line>,
    pub(crate) total: u64,
    pub(crate) capped: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "today.html")]
pub(crate) struct TodayPage {
    chrome: Chrome,
    notice: Option<Notice>,
    date: String,
    sections: Vec<Section>,
    nothing: bool,
}

/// The meeting, promise or introduction id at the end of a reminder key (`r11:<meeting>`).
fn key_id(key: &str) -> Option<&str> {
    key.rsplit(':').next().filter(|id| id.len() == 36)
}

/// The page where a reminder's action is done, by its rule.
pub(crate) fn action_for(reminder: &Reminder) -> Option<(String, &'static str)> {
    let person = reminder.person_id.map(|p| p.to_string());
    let meeting = || key_id(&reminder.key).map(str::to_string);
    match reminder.rule {
        Rule::R1 => Some(("/organizations".into(), "Add employers")),
        Rule::R2 => Some(("/targets".into(), "See your targets")),
        Rule::R23 => Some(("/stats".into(), "See your week")),
        Rule::R3 => person.map(|p| (format!("/people/{p}/outreach"), "Draft a note")),
        Rule::R4 => person.map(|p| (format!("/people/{p}/outreach?kind=follow_up"), "Write the follow-up")),
        Rule::R5 => person.map(|p| (format!("/people/{p}#log"), "Record no response")),
        Rule::R6 => person.map(|p| (format!("/people/{p}#schedule"), "Schedule the meeting")),
        Rule::R7 => meeting().map(|m| (format!("/meetings/{m}/brief"), "Open the brief")),
        Rule::R8 | Rule::R9 => meeting().map(|m| (format!("/meetings/{m}"), "Open the meeting")),
        Rule::R10 => meeting().map(|m| (format!("/meetings/{m}/debrief"), "Debrief")),
        Rule::R11 | Rule::R17 => person.map(|p| (format!("/people/{p}/thanks"), "Write the thank-you")),
        _ => person.map(|p| (format!("/people/{p}#log"), "Log what you did")),
    }
}

fn status_words(status: ReminderStatus) -> (&'static str, &'static str) {
    match status {
        ReminderStatus::Escalated => ("escalated", "very late"),
        ReminderStatus::Overdue => ("overdue", "overdue"),
        ReminderStatus::Due => ("due", "due now"),
        ReminderStatus::Open => ("open", "open"),
        ReminderStatus::Upcoming => ("upcoming", "coming up"),
        ReminderStatus::Expired => ("expired", "passed"),
    }
}

pub(crate) fn line(reminder: &Reminder, status: ReminderStatus, tz: &TimeZone) -> Line {
    let (status, words) = status_words(status);
    Line {
        key: reminder.key.clone(),
        person_id: reminder.person_id.map(|p| p.to_string()).unwrap_or_default(),
        what: reminder.what.clone(),
        who: reminder.who.clone(),
        why: reminder.why.clone(),
        status,
        status_words: words,
        due: datetime(reminder.due_at, tz),
        action: action_for(reminder),
        person_href: reminder.person_id.map(|p| format!("/people/{p}")),
    }
}

fn section(slug: &'static str, title: &'static str, empty: &'static str, group: Group, tz: &TimeZone) -> Section {
    Section {
        slug,
        title,
        empty,
        lines: group.items.iter().map(|i| line(&i.reminder, i.status, tz)).collect(),
        total: group.total,
        capped: group.capped,
    }
}

fn notice(params: &Params) -> Option<Notice> {
    let text = match params.text("notice")? {
        "done" => "Marked done.",
        "snoozed" => "Snoozed. It comes back when the snooze ends.",
        "dismissed" => "Dismissed.",
        "sent" => "Recorded as sent. The follow-up timers have started.",
        "thanked" => "Thank-you recorded. They are in your active network now.",
        "debriefed" => "Debrief recorded.",
        "scheduled" => "Meeting scheduled.",
        _ => return None,
    };
    Some(Notice::text(text))
}

/// `GET /today`.
pub(crate) async fn index(
    State(state): State<AppState>,
    chrome: Chrome,
    RawQuery(raw): RawQuery,
) -> Result<TodayPage, AppError> {
    let agenda = state.call(|ctx| today::today(ctx, TodayOptions::default())).await?;
    let tz = agenda.calendar.time_zone().clone();
    let date = agenda.calendar.local_date(agenda.now).strftime("%A %-d %B %Y").to_string();
    let sections = vec![
        section("overdue", "Overdue", "Nothing is overdue.", agenda.overdue, &tz),
        section("today", "Today", "Nothing else for today.", agenda.today, &tz),
        section("soon", "Coming up this week", "Nothing in the next days.", agenda.soon, &tz),
    ];
    let nothing = sections.iter().all(|s| s.lines.is_empty());
    Ok(TodayPage { chrome, notice: notice(&Params::from_query(raw.as_deref())), date, sections, nothing })
}

/// 08:00 (the reminder hour) on the day `days` after today, in the seeker's zone.
fn morning(now: Timestamp, tz: &TimeZone, days: i64, hour: i8) -> Result<Timestamp, AppError> {
    let day = now.to_zoned_datetime(tz.clone()).date().saturating_add(SignedDuration::from_hours(24 * days));
    day.at(hour, 0, 0, 0)
        .to_zoned_datetime(tz.clone())
        .map(|z| z.timestamp())
        .map_err(|e| AppError::BadRequest(format!("cannot place the snooze in your time zone ({e})")))
}

/// Where a form about a reminder goes back to: a page of ours, never another site.
pub(crate) fn back_to(params: &Params, default: &str) -> String {
    match params.text("back") {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path.to_string(),
        _ => default.to_string(),
    }
}

fn with_notice(path: &str, notice: &str) -> String {
    let (base, anchor) = path.split_once('#').map_or((path, ""), |(b, a)| (b, a));
    let sep = if base.contains('?') { '&' } else { '?' };
    let anchor = if anchor.is_empty() { String::new() } else { format!("#{anchor}") };
    format!("{base}{sep}notice={notice}{anchor}")
}

/// `POST /reminders/decide`: done, snooze (tomorrow, next week) or dismiss a reminder.
pub(crate) async fn decide(State(state): State<AppState>, Form(params): Form) -> Result<Response, AppError> {
    let key = params.required("key", "Reminder")?.to_string();
    let person: Option<PersonId> = params.parse_opt("person", "Person")?;
    let tz = state.time_zone();
    let now = Timestamp::now();
    let hour = 8;
    let (action, word) = match params.required("action", "Action")? {
        "done" => (DecisionAction::Done, "done"),
        "dismiss" => (DecisionAction::Dismissed, "dismissed"),
        "tomorrow" => (DecisionAction::Snoozed { until: morning(now, &tz, 1, hour)? }, "snoozed"),
        "week" => (DecisionAction::Snoozed { until: morning(now, &tz, 7, hour)? }, "snoozed"),
        other => {
            return Err(AppError::BadRequest(format!(
                "`{other}` is not something to do with a reminder; choose done, tomorrow, week or dismiss"
            )));
        }
    };
    state.call(move |ctx| rapport_core::reminders::decide(ctx, &key, person, action)).await?;
    Ok(Redirect::to(&with_notice(&back_to(&params, "/today"), word)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_links_stay_on_this_site() {
        assert_eq!(back_to(&Params::parse(b"back=%2Fpeople%2Fx"), "/today"), "/people/x");
        assert_eq!(back_to(&Params::parse(b"back=%2F%2Fevil.example"), "/today"), "/today");
        assert_eq!(back_to(&Params::parse(b"back=https%3A%2F%2Fevil.example"), "/today"), "/today");
        assert_eq!(with_notice("/people/x#next", "done"), "/people/x?notice=done#next");
        assert_eq!(with_notice("/today?a=1", "done"), "/today?a=1&notice=done");
    }

    #[test]
    fn snoozes_land_on_a_morning_in_the_seekers_zone() {
        let tz = TimeZone::get("America/Chicago").unwrap();
        let now: Timestamp = "2026-03-10T23:30:00Z".parse().unwrap();
        let at = morning(now, &tz, 1, 8).unwrap();
        assert_eq!(at.to_zoned_datetime(tz.clone()).to_string(), "2026-03-11T08:00:00-05:00[America/Chicago]");
        assert!(morning(now, &tz, 7, 8).unwrap() > at);
    }
}
