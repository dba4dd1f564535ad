//! `rapport stats`: how your outreach is going: the reply rate against the usual 20–40%,
//! informational interviews per week, Boosters found, thank-yous on time, loops closed and
//! referrals, and how many first emails your next goal needs. `--svg DIR` writes the charts.

use std::path::PathBuf;

use anyhow::Context;
use rapport_core::stats::{self, DEFAULT_GOAL, StatsRange};
use rapport_domain::metrics::{OutreachPlan, RateBasis};
use serde_json::json;

use crate::env::{self, Env};
use crate::output::{self, BOLD, DIM, GOOD, styled};
use crate::{views, when};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Count from this day (default: 8 weeks ago): 2025-01-06, 30 days ago…
    #[arg(long, value_name = "WHEN")]
    since: Option<String>,
    /// The informational interviews you aim for next, for the planning line.
    #[arg(long, default_value_t = DEFAULT_GOAL, value_parser = clap::value_parser!(u32).range(1..=1000))]
    goal: u32,
    /// Write the charts as SVG files into this folder (created if missing).
    #[arg(long, value_name = "DIR")]
    svg: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

fn share(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{:.0}%", v * 100.0))
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let tz = views::time_zone(&ctx)?;
    let today = ctx.now.to_zoned_datetime(tz.clone()).date();
    let start = match &args.since {
        Some(text) => when::parse(text, ctx.now, &tz).context("--since")?.to_zoned_datetime(tz.clone()).date(),
        None => today.checked_sub(jiff::Span::new().weeks(8))?,
    };
    if start > today {
        anyhow::bail!("--since {start} is in the future; give a day up to today ({today})");
    }
    let s = stats::compute(&ctx, StatsRange { start, end: today }, args.goal)?;
    let mut written = Vec::new();
    if let Some(dir) = &args.svg {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create the folder {}", dir.display()))?;
        for (name, svg) in [("informationals.svg", &s.charts.informationals), ("reply-rate.svg", &s.charts.reply_rate)]
        {
            let path = dir.join(name);
            std::fs::write(&path, svg).with_context(|| format!("cannot write {}", path.display()))?;
            written.push(path);
        }
    }
    let m = &s.metrics;
    let plan = match s.plan {
        OutreachPlan::Emails { count, basis } => json!({
            "emails": count,
            "basis": match basis { RateBasis::Default => "default", RateBasis::Personal => "personal" },
        }),
        OutreachPlan::NoRepliesYet { sent } => json!({"emails": null, "no_replies_after": sent}),
    };
    if args.json {
        return output::json(&json!({
            "since": s.range.start.to_string(),
            "until": s.range.end.to_string(),
            "reply_rate": {"sent": m.reply_rate.sent, "replied": m.reply_rate.replied, "rate": m.reply_rate.rate(), "expected": [0.2, 0.4], "summary": m.reply_rate.summary()},
            "informationals": {"total": m.informationals_total(), "weeks": m.informationals.iter().map(|w| json!({"week_start": w.week_start.to_string(), "count": w.count})).collect::<Vec<_>>()},
            "boosters_found": m.boosters_found,
            "boosters_to_date": m.boosters_to_date,
            "thank_yous": {"meetings": m.thank_yous.meetings, "on_time": m.thank_yous.on_time, "late": m.thank_yous.late, "missing": m.thank_yous.missing, "not_yet_due": m.thank_yous.not_yet_due, "on_time_rate": m.thank_yous.on_time_rate()},
            "loops_closed": m.loops_closed,
            "referrals_received": m.referrals_received,
            "referrals_to_date": m.referrals_to_date,
            "goal": s.goal,
            "plan": plan,
            "charts": written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        }));
    }
    let weeks = m.informationals.len().max(1);
    let plan_line = match s.plan {
        OutreachPlan::Emails { count, basis: RateBasis::Default } => format!(
            "{} informational interviews need about {count} first emails (at the usual 3 in 10 replies; your own rate takes over after 15 emails).",
            s.goal
        ),
        OutreachPlan::Emails { count, basis: RateBasis::Personal } => {
            format!("{} informational interviews need about {count} first emails at your reply rate.", s.goal)
        }
        OutreachPlan::NoRepliesYet { sent } => format!(
            "{sent} first emails and no reply yet: rework the email before sending more (`rapport lint` helps)."
        ),
    };
    let mut lines = vec![
        styled(BOLD, format!("Since {} (to {})", s.range.start, s.range.end)),
        format!("Reply rate: {}", m.reply_rate.summary()),
        format!(
            "Informational interviews: {} in {} {} ({:.1} a week)",
            m.informationals_total(),
            weeks,
            if weeks == 1 { "week" } else { "weeks" },
            m.informationals_total() as f64 / weeks as f64
        ),
        format!("Boosters found: {} ({} so far)", m.boosters_found, m.boosters_to_date),
        format!(
            "Thank-yous on time: {} of {} due ({}; the aim is all of them)",
            m.thank_yous.on_time,
            m.thank_yous.on_time + m.thank_yous.late + m.thank_yous.missing,
            share(m.thank_yous.on_time_rate())
        ),
        format!("Loops closed: {}", m.loops_closed),
        format!("Referrals: {} ({} so far)", m.referrals_received, m.referrals_to_date),
        String::new(),
        format!("Next: {plan_line}"),
    ];
    if m.reply_rate.sent > 0 {
        lines.push(styled(DIM, "People agree to a short conversation more often than askers expect."));
    }
    for path in &written {
        lines.push(format!("{} {}", styled(GOOD, "Wrote"), path.display()));
    }
    output::print(&lines.join("\n"))
}
