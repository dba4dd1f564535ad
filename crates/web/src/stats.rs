//! Stats (§4.11): the reply rate against the usual 20–40%, informational interviews per
//! week, Boosters found, thank-yous on time, loops closed, referrals, and the planning
//! formula, with the domain's SVG charts inlined (they are drawn with presentation attributes
//! only, so the page's style policy holds). No "hidden job market" percentages.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use jiff::civil::Date;
use rapport_core::stats::{self, DEFAULT_GOAL, StatsRange};
use rapport_domain::metrics::{OutreachPlan, RateBasis};

use crate::error::AppError;
use crate::forms::Params;
use crate::page::Chrome;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "stats/index.html")]
pub(crate) struct StatsPage {
    chrome: Chrome,
    since: String,
    until: String,
    goal: u32,
    reply: String,
    informationals: usize,
    per_week: String,
    boosters: String,
    thank_yous: String,
    loops: usize,
    referrals: String,
    plan: String,
    /// The charts as SVG from the domain, inlined as they are.
    chart_informationals: String,
    chart_reply: String,
}

/// `GET /stats[?since=DATE&goal=N]`: the last eight weeks unless told otherwise.
pub(crate) async fn index(
    State(state): State<AppState>,
    chrome: Chrome,
    RawQuery(raw): RawQuery,
) -> Result<StatsPage, AppError> {
    let params = Params::from_query(raw.as_deref());
    let tz = state.time_zone();
    let today = jiff::Timestamp::now().to_zoned_datetime(tz).date();
    let since: Date = match params.parse_opt::<Date>("since", "Since")? {
        Some(day) => day,
        None => today.checked_sub(jiff::Span::new().weeks(8)).unwrap_or(today),
    };
    if since > today {
        return Err(AppError::BadRequest("Since: choose a day that is not in the future".into()));
    }
    let goal: u32 = params.parse_opt("goal", "Goal")?.unwrap_or(DEFAULT_GOAL).clamp(1, 1000);
    let s = state.call(move |ctx| stats::compute(ctx, StatsRange { start: since, end: today }, goal)).await?;
    let m = &s.metrics;
    let weeks = m.informationals.len().max(1);
    let due = m.thank_yous.on_time + m.thank_yous.late + m.thank_yous.missing;
    let plan = match s.plan {
        OutreachPlan::Emails { count, basis: RateBasis::Default } => format!(
            "{goal} informational interviews need about {count} first emails, at the usual 3 replies in 10 (your own rate takes over after 15 emails)."
        ),
        OutreachPlan::Emails { count, basis: RateBasis::Personal } => {
            format!("{goal} informational interviews need about {count} first emails at your own reply rate.")
        }
        OutreachPlan::NoRepliesYet { sent } => format!(
            "{sent} first emails and no reply yet: rework your first email before sending more (the editor's checks help)."
        ),
    };
    Ok(StatsPage {
        chrome,
        since: since.to_string(),
        until: today.to_string(),
        goal,
        reply: m.reply_rate.summary(),
        informationals: m.informationals_total(),
        per_week: format!(
            "{:.1} a week over {weeks} week{}",
            m.informationals_total() as f64 / weeks as f64,
            if weeks == 1 { "" } else { "s" }
        ),
        boosters: format!("{} found in this period, {} so far", m.boosters_found, m.boosters_to_date),
        thank_yous: format!("{} of {due} sent within 24 hours", m.thank_yous.on_time),
        loops: m.loops_closed,
        referrals: format!("{} in this period, {} so far", m.referrals_received, m.referrals_to_date),
        plan,
        chart_informationals: s.charts.informationals.clone(),
        chart_reply: s.charts.reply_rate.clone(),
    })
}
