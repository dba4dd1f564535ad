//! Metrics and expectation setting (§4.11): the reply rate against the usual 20–40%,
//! informational interviews per week, Boosters found, thank-yous on time, loops closed,
//! referrals, and the planning formula, with the charts as standalone SVG. The rules and
//! the charts are `rapport_domain::metrics`; this module reads the records for a period.
//!
//! By design there are no "hidden job market" percentages and no counts of applications sent.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use rapport_domain::metrics::{self, Metrics, OutreachPlan, Period, ReplyRate};
use rapport_store::{Page, Reader, Store};

use crate::{CoreResult, Ctx};

/// The informational interviews a plan aims for when the seeker names no goal.
pub const DEFAULT_GOAL: u32 = 5;

/// The days to count, first and last included, in the seeker's time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatsRange {
    pub start: Date,
    pub end: Date,
}

/// The metrics of one period, the plan for the next goal, and the charts.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    pub range: StatsRange,
    pub metrics: Metrics,
    /// Every first email on record: the basis of the planning formula.
    pub reply_rate_all_time: ReplyRate,
    /// Informational interviews the plan aims for.
    pub goal: u32,
    pub plan: OutreachPlan,
    pub charts: Charts,
}

/// The charts as standalone SVG documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Charts {
    /// Informational interviews held per week.
    pub informationals: String,
    /// The reply rate against the usual band.
    pub reply_rate: String,
}

/// Works out the metrics for `range` and how many first emails `goal` informational
/// interviews need at the seeker's reply rate.
pub fn compute<S: Store>(ctx: &Ctx<'_, S>, range: StatsRange, goal: u32) -> CoreResult<Stats> {
    ctx.store.read(|r| {
        let settings = r.profile(ctx.owner)?.map(|p| p.settings).unwrap_or_default();
        let tz = TimeZone::get(&settings.time_zone).unwrap_or(TimeZone::UTC);
        let period = Period::new(range.start, range.end, tz)?;
        let people = r.network_people(ctx.owner)?;
        let interactions = r.interactions(ctx.owner, Page::ALL)?;
        // Every meeting: a thank-you is matched against the person's next meeting, and
        // referrals to date count meetings before the period too.
        let meetings = r.meetings_between(ctx.owner, jiff::Timestamp::MIN, jiff::Timestamp::MAX)?;
        let metrics = metrics::metrics(&interactions, &meetings, &people, &period);
        let all_time = ReplyRate::all_time(&interactions, &people);
        let charts = Charts {
            informationals: metrics::informationals_chart_svg(&metrics.informationals),
            reply_rate: metrics::reply_rate_chart_svg(&metrics.reply_rate),
        };
        Ok(Stats { range, plan: all_time.plan(goal), reply_rate_all_time: all_time, goal, metrics, charts })
    })
}
