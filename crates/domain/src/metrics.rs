//! Metrics and expectation setting (§4.11): the reply rate against the usual 20–40%, the
//! informational interviews held each week, Boosters found, thank-yous sent on time, loops
//! closed and referrals received, plus the planning formula for how many first emails a goal
//! needs, and small accessible SVG charts of these series.
//!
//! Counts come from plain slices of records and a [`Period`] of calendar days in the seeker's
//! time zone. By design there are no "hidden job market" percentages here, and no counts of
//! applications sent.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};

use crate::ValidationError;
use crate::ids::PersonId;
use crate::interactions::{Direction, Interaction, InteractionKind};
use crate::meetings::{GiftKind, Meeting, MeetingStatus};
use crate::people::{Person, Segment};
use crate::pipeline::ReferralState;

/// The usual reply rate to a first email, as a band: 20% to 40%.
pub const EXPECTED_REPLY_BAND: (f64, f64) = (0.20, 0.40);
/// The reply rate assumed for planning until the seeker has a rate of their own: 3 in 10.
pub const DEFAULT_REPLY_RATE: (u64, u64) = (3, 10);
/// First emails after which the seeker's own reply rate replaces the default.
pub const PERSONAL_RATE_AFTER: usize = 15;
/// A thank-you is on time within this long after the meeting ends.
pub const THANK_YOU_WITHIN: SignedDuration = SignedDuration::from_hours(24);

/// A run of calendar days, first and last included, in the seeker's time zone.
#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    start: Date,
    end: Date,
    tz: TimeZone,
    /// The first instant after the period: midnight starting the day after `end`.
    until: Timestamp,
}

impl Period {
    pub fn new(start: Date, end: Date, tz: TimeZone) -> Result<Self, ValidationError> {
        if start > end {
            return Err(ValidationError::new(
                "period",
                format!("the period starts on {start} but ends earlier, on {end}; give the earlier date first"),
            ));
        }
        let until =
            end.tomorrow().and_then(|d| d.to_zoned_datetime(tz.clone())).map(|z| z.timestamp()).map_err(|_| {
                ValidationError::new("period", format!("{end} is too far in the future to count up to"))
            })?;
        Ok(Self { start, end, tz, until })
    }

    pub fn start(&self) -> Date {
        self.start
    }

    pub fn end(&self) -> Date {
        self.end
    }

    /// The seeker's calendar day of an instant.
    pub fn local_date(&self, at: Timestamp) -> Date {
        self.tz.to_datetime(at).date()
    }

    /// True when the instant falls on one of the period's days.
    pub fn contains(&self, at: Timestamp) -> bool {
        (self.start..=self.end).contains(&self.local_date(at))
    }

    /// The first instant after the period; "now" for whatever is still pending.
    pub fn until(&self) -> Timestamp {
        self.until
    }

    /// The Monday of every week that overlaps the period, in order.
    pub fn week_starts(&self) -> Vec<Date> {
        let mut weeks = Vec::new();
        let mut monday = monday_of(self.start);
        while monday <= self.end {
            weeks.push(monday);
            match monday.checked_add(7.days()) {
                Ok(next) => monday = next,
                Err(_) => break,
            }
        }
        weeks
    }
}

/// The Monday that starts the week holding `date` (or the date itself at the start of time).
pub fn monday_of(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(back.days()).unwrap_or(date)
}

/// Interactions and meetings of people in the trash do not count.
fn trashed(people: &[Person]) -> HashSet<PersonId> {
    people.iter().filter(|p| p.deleted_at.is_some()).map(|p| p.id).collect()
}

/// The reply rate to first emails: of the people first written to, how many answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ReplyRate {
    /// People whose first outreach fell in the period.
    pub sent: usize,
    /// Of those, the people who answered (a reply, a meeting, any message from them) by the
    /// end of the period.
    pub replied: usize,
}

/// How a reply rate compares with the usual 20–40%.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyVerdict {
    /// No first emails yet.
    NoData,
    /// Fewer than [`PERSONAL_RATE_AFTER`] first emails: too few to judge.
    TooEarly,
    Below,
    Within,
    Above,
}

impl ReplyRate {
    /// Counts first emails whose send falls in `period`.
    pub fn in_period(interactions: &[Interaction], people: &[Person], period: &Period) -> Self {
        Self::count(interactions, people, |at| period.contains(at), Some(period.until()))
    }

    /// Counts every first email on record (the basis of the planning formula).
    pub fn all_time(interactions: &[Interaction], people: &[Person]) -> Self {
        Self::count(interactions, people, |_| true, None)
    }

    fn count(
        interactions: &[Interaction],
        people: &[Person],
        sent_in: impl Fn(Timestamp) -> bool,
        until: Option<Timestamp>,
    ) -> Self {
        let trashed = trashed(people);
        let mut first_sent: HashMap<PersonId, Timestamp> = HashMap::new();
        for i in interactions.iter().filter(|i| {
            i.kind == InteractionKind::Outreach && i.direction == Direction::Outbound && !trashed.contains(&i.person_id)
        }) {
            first_sent.entry(i.person_id).and_modify(|t| *t = (*t).min(i.at)).or_insert(i.at);
        }
        first_sent.retain(|_, at| sent_in(*at));
        let replied: HashSet<PersonId> = interactions
            .iter()
            .filter(|i| i.kind.is_real_touch(i.direction) && until.is_none_or(|u| i.at < u))
            .filter(|i| first_sent.get(&i.person_id).is_some_and(|sent| i.at >= *sent))
            .map(|i| i.person_id)
            .collect();
        Self { sent: first_sent.len(), replied: replied.len() }
    }

    /// The share that replied, when anything was sent.
    pub fn rate(&self) -> Option<f64> {
        (self.sent > 0).then(|| self.replied as f64 / self.sent as f64)
    }

    pub fn verdict(&self) -> ReplyVerdict {
        let Some(rate) = self.rate() else {
            return ReplyVerdict::NoData;
        };
        if self.sent < PERSONAL_RATE_AFTER {
            ReplyVerdict::TooEarly
        } else if rate < EXPECTED_REPLY_BAND.0 {
            ReplyVerdict::Below
        } else if rate <= EXPECTED_REPLY_BAND.1 {
            ReplyVerdict::Within
        } else {
            ReplyVerdict::Above
        }
    }

    /// The rate and what it means, in plain words.
    pub fn summary(&self) -> String {
        let counts = format!(
            "{} of {} {} replied",
            self.replied,
            self.sent,
            if self.sent == 1 { "person you first wrote to" } else { "people you first wrote to" }
        );
        let percent = percent(self.rate().unwrap_or(0.0));
        match self.verdict() {
            ReplyVerdict::NoData => {
                "No first emails sent yet. Most people who are asked for a short conversation say yes more often than the asker expects.".to_string()
            }
            ReplyVerdict::TooEarly => format!(
                "{counts} ({percent}). That is too few emails to judge; after {PERSONAL_RATE_AFTER} you will see how you compare with the usual 20–40%."
            ),
            ReplyVerdict::Below => format!(
                "{counts} ({percent}), below the usual 20–40%. Check your first email: short, what you share with them first, and a question about their work."
            ),
            ReplyVerdict::Within => {
                format!("{counts} ({percent}), within the usual 20–40%. Silence from the rest is normal; keep your follow-ups going.")
            }
            ReplyVerdict::Above => {
                format!("{counts} ({percent}), above the usual 20–40%. Whatever you are doing in your emails is working.")
            }
        }
    }

    /// How many first emails a goal of informational interviews needs at this rate.
    pub fn plan(&self, target_informationals: u32) -> OutreachPlan {
        outreach_needed(target_informationals, self.sent, self.replied)
    }
}

/// Where the rate in a plan came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateBasis {
    /// The usual 30%, until [`PERSONAL_RATE_AFTER`] first emails are out.
    Default,
    /// The seeker's own reply rate.
    Personal,
}

/// The planning formula's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutreachPlan {
    /// Send about this many first emails.
    Emails { count: u64, basis: RateBasis },
    /// 15 or more emails and no reply at all: no rate to plan with; fix the email first.
    NoRepliesYet { sent: usize },
}

/// `outreach_needed = ceil(target_informationals / r)`, with r = 0.3 until at least 15 first
/// emails are sent and the seeker's own replied/sent after. Computed in whole numbers, so
/// 3 / 0.3 is exactly 10.
pub fn outreach_needed(target_informationals: u32, sent: usize, replied: usize) -> OutreachPlan {
    let target = u64::from(target_informationals);
    if sent < PERSONAL_RATE_AFTER {
        let (num, den) = DEFAULT_REPLY_RATE;
        return OutreachPlan::Emails { count: (target * den).div_ceil(num), basis: RateBasis::Default };
    }
    if replied == 0 {
        return OutreachPlan::NoRepliesYet { sent };
    }
    // Replies never outnumber emails in practice; the rate is capped at 1 either way. Wide
    // arithmetic, so no count of emails can overflow.
    let (sent, replied) = (sent as u128, (replied as u128).min(sent as u128));
    let count = (u128::from(target) * sent).div_ceil(replied);
    OutreachPlan::Emails { count: u64::try_from(count).unwrap_or(u64::MAX), basis: RateBasis::Personal }
}

/// Informational interviews held in one week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeekCount {
    /// The Monday that starts the week.
    pub week_start: Date,
    pub count: usize,
}

/// Meetings held in the period, by week (every week that overlaps the period, zeros
/// included). Cancelled, still-scheduled and trashed meetings do not count.
pub fn informationals_per_week(meetings: &[Meeting], people: &[Person], period: &Period) -> Vec<WeekCount> {
    let trashed = trashed(people);
    let mut counts: HashMap<Date, usize> = HashMap::new();
    for meeting in held(meetings, &trashed).filter(|m| period.contains(m.scheduled_at)) {
        *counts.entry(monday_of(period.local_date(meeting.scheduled_at))).or_default() += 1;
    }
    period
        .week_starts()
        .into_iter()
        .map(|week_start| WeekCount { week_start, count: counts.get(&week_start).copied().unwrap_or(0) })
        .collect()
}

fn held<'a>(meetings: &'a [Meeting], trashed: &'a HashSet<PersonId>) -> impl Iterator<Item = &'a Meeting> + 'a {
    meetings
        .iter()
        .filter(move |m| m.status == MeetingStatus::Held && m.deleted_at.is_none() && !trashed.contains(&m.person_id))
}

/// Thank-yous for the meetings held in a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ThankYous {
    pub meetings: usize,
    /// Sent within 24 hours of the meeting's end.
    pub on_time: usize,
    /// Sent, but later than that.
    pub late: usize,
    /// None sent, and the 24 hours are over.
    pub missing: usize,
    /// None sent yet, and the 24 hours are not over at the end of the period.
    pub not_yet_due: usize,
}

impl ThankYous {
    /// On-time thank-yous as a share of those already due (the target is 100%).
    pub fn on_time_rate(&self) -> Option<f64> {
        let due = self.on_time + self.late + self.missing;
        (due > 0).then(|| self.on_time as f64 / due as f64)
    }
}

/// Checks each meeting held in the period for a thank-you: the first one to that person after
/// the meeting started (and before their next meeting), or one linked to the meeting.
pub fn thank_yous(interactions: &[Interaction], meetings: &[Meeting], people: &[Person], period: &Period) -> ThankYous {
    let trashed = trashed(people);
    let all_held: Vec<&Meeting> = held(meetings, &trashed).collect();
    let mut result = ThankYous::default();
    for meeting in all_held.iter().filter(|m| period.contains(m.scheduled_at)) {
        result.meetings += 1;
        let next_meeting = all_held
            .iter()
            .filter(|m| m.person_id == meeting.person_id && m.scheduled_at > meeting.scheduled_at)
            .map(|m| m.scheduled_at)
            .min();
        let first_thanks = interactions
            .iter()
            .filter(|i| {
                i.kind == InteractionKind::ThankYou
                    && i.direction == Direction::Outbound
                    && i.person_id == meeting.person_id
            })
            .filter(|i| match i.meeting_id {
                Some(id) => id == meeting.id,
                None => i.at >= meeting.scheduled_at && next_meeting.is_none_or(|next| i.at < next),
            })
            .map(|i| i.at)
            .min();
        let deadline = meeting.scheduled_end() + THANK_YOU_WITHIN;
        match first_thanks {
            Some(at) if at <= deadline => result.on_time += 1,
            _ if deadline > period.until() => result.not_yet_due += 1,
            Some(_) => result.late += 1,
            None => result.missing += 1,
        }
    }
    result
}

/// Every number §4.11 shows, for one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    pub reply_rate: ReplyRate,
    pub informationals: Vec<WeekCount>,
    /// People who became Boosters in the period (their first reply fell in it).
    pub boosters_found: usize,
    /// Everyone marked a Booster so far.
    pub boosters_to_date: usize,
    pub thank_yous: ThankYous,
    /// Loop-closing messages sent in the period.
    pub loops_closed: usize,
    /// People who gave a referral in a meeting held in the period.
    pub referrals_received: usize,
    /// People who have referred the seeker so far (a referral gift, or the milestone made).
    pub referrals_to_date: usize,
}

impl Metrics {
    pub fn informationals_total(&self) -> usize {
        self.informationals.iter().map(|w| w.count).sum()
    }
}

/// Works out the metrics for `period` from the seeker's records.
pub fn metrics(interactions: &[Interaction], meetings: &[Meeting], people: &[Person], period: &Period) -> Metrics {
    let trashed = trashed(people);
    let live = || people.iter().filter(|p| p.deleted_at.is_none());

    let mut first_reply: HashMap<PersonId, Timestamp> = HashMap::new();
    for i in interactions.iter().filter(|i| i.kind.is_real_touch(i.direction) && i.direction == Direction::Inbound) {
        first_reply.entry(i.person_id).and_modify(|t| *t = (*t).min(i.at)).or_insert(i.at);
    }
    let boosters: Vec<&Person> = live().filter(|p| p.segment == Segment::Booster).collect();
    let boosters_found =
        boosters.iter().filter(|p| first_reply.get(&p.id).is_some_and(|at| period.contains(*at))).count();

    let referral_gift = |m: &Meeting| m.ledger.gifts.iter().any(|g| g.kind == GiftKind::Referral);
    let referrals_received: HashSet<PersonId> = held(meetings, &trashed)
        .filter(|m| period.contains(m.scheduled_at) && referral_gift(m))
        .map(|m| m.person_id)
        .collect();
    let mut referrals_to_date: HashSet<PersonId> =
        held(meetings, &trashed).filter(|m| referral_gift(m)).map(|m| m.person_id).collect();
    referrals_to_date.extend(live().filter(|p| p.referral == ReferralState::Made).map(|p| p.id));

    let loops_closed = interactions
        .iter()
        .filter(|i| {
            i.kind == InteractionKind::LoopClose
                && i.direction == Direction::Outbound
                && !trashed.contains(&i.person_id)
                && period.contains(i.at)
        })
        .count();

    Metrics {
        reply_rate: ReplyRate::in_period(interactions, people, period),
        informationals: informationals_per_week(meetings, people, period),
        boosters_found,
        boosters_to_date: boosters.len(),
        thank_yous: thank_yous(interactions, meetings, people, period),
        loops_closed,
        referrals_received: referrals_received.len(),
        referrals_to_date: referrals_to_date.len(),
    }
}

/// A share as a whole percentage, e.g. `27%`.
fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// Escapes text for SVG element content and attribute values.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `6 Jan`: a short, locale-free date label.
fn short_date(date: Date) -> String {
    let month = MONTHS.get(usize::try_from(date.month() - 1).unwrap_or(0)).copied().unwrap_or("");
    format!("{} {month}", date.day())
}

fn svg_open(out: &mut String, id: &str, width: u32, height: u32, title: &str, desc: &str) {
    // Writing to a String cannot fail, so the fmt::Result is ignored here and below.
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"sans-serif\" font-size=\"12\">\n  <title id=\"{id}-title\">{}</title>\n  <desc id=\"{id}-desc\">{}</desc>\n  <rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n",
        xml_escape(title),
        xml_escape(desc)
    );
}

/// A bar chart of informational interviews held per week, as a standalone SVG: a title and
/// description for screen readers, every label as text, no fonts, scripts or links.
pub fn informationals_chart_svg(weeks: &[WeekCount]) -> String {
    const WIDTH: u32 = 640;
    const HEIGHT: u32 = 260;
    const LEFT: f64 = 48.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 44.0;
    const BOTTOM: f64 = 44.0;
    let plot_w = f64::from(WIDTH) - LEFT - RIGHT;
    let plot_h = f64::from(HEIGHT) - TOP - BOTTOM;
    let baseline = TOP + plot_h;

    let total: usize = weeks.iter().map(|w| w.count).sum();
    let most = weeks.iter().map(|w| w.count).max().unwrap_or(0);
    let title = "Informational interviews held per week";
    let desc = match (weeks.first(), weeks.last()) {
        (Some(first), Some(last)) => format!(
            "{total} informational interview{} in the {} week{} from the week of {} to the week of {}; the most in one week was {most}.",
            if total == 1 { "" } else { "s" },
            weeks.len(),
            if weeks.len() == 1 { "" } else { "s" },
            first.week_start,
            last.week_start
        ),
        _ => "No weeks to show.".to_string(),
    };

    let mut out = String::new();
    svg_open(&mut out, "informationals", WIDTH, HEIGHT, title, &desc);
    let _ = writeln!(
        out,
        "  <text x=\"{LEFT}\" y=\"24\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">{title}</text>"
    );

    // The y axis: whole numbers, at most five gridlines.
    let y_max = most.max(4);
    let step = y_max.div_ceil(4);
    let y_top = step.saturating_mul(4);
    let y_of = |v: usize| baseline - plot_h * v as f64 / y_top as f64;
    for tick in (0..=y_top).step_by(step) {
        let y = y_of(tick);
        let _ = writeln!(
            out,
            "  <line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#d9d9d9\"/>\n  <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#404040\">{tick}</text>",
            LEFT + plot_w,
            LEFT - 8.0,
            y + 4.0
        );
    }

    if weeks.is_empty() {
        let _ = writeln!(
            out,
            "  <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#404040\">No weeks in this period.</text>",
            LEFT + plot_w / 2.0,
            TOP + plot_h / 2.0
        );
    }
    let band = plot_w / weeks.len().max(1) as f64;
    let label_every = weeks.len().div_ceil(12).max(1);
    for (i, week) in weeks.iter().enumerate() {
        let x = LEFT + band * i as f64;
        let bar_w = band * 0.7;
        let bar_x = x + (band - bar_w) / 2.0;
        let y = y_of(week.count);
        let centre = x + band / 2.0;
        let label = format!(
            "Week of {}: {} informational interview{}",
            week.week_start,
            week.count,
            if week.count == 1 { "" } else { "s" }
        );
        let _ = writeln!(
            out,
            "  <rect x=\"{bar_x:.1}\" y=\"{y:.1}\" width=\"{bar_w:.1}\" height=\"{:.1}\" fill=\"#2f5d8a\"><title>{}</title></rect>",
            baseline - y,
            xml_escape(&label)
        );
        if weeks.len() <= 26 && week.count > 0 {
            let _ = writeln!(
                out,
                "  <text x=\"{centre:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1a1a1a\">{}</text>",
                y - 4.0,
                week.count
            );
        }
        if i % label_every == 0 {
            let _ = writeln!(
                out,
                "  <text x=\"{centre:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#404040\">{}</text>",
                baseline + 18.0,
                short_date(week.week_start)
            );
        }
    }
    let _ = writeln!(
        out,
        "  <line x1=\"{LEFT}\" y1=\"{baseline:.1}\" x2=\"{:.1}\" y2=\"{baseline:.1}\" stroke=\"#404040\"/>\n  <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#404040\">Week starting</text>",
        LEFT + plot_w,
        LEFT + plot_w / 2.0,
        f64::from(HEIGHT) - 6.0
    );
    out.push_str("</svg>\n");
    out
}

/// The reply rate on a 0–100% scale against the usual 20–40% band, as a standalone SVG.
pub fn reply_rate_chart_svg(rate: &ReplyRate) -> String {
    const WIDTH: u32 = 640;
    const HEIGHT: u32 = 150;
    const LEFT: f64 = 24.0;
    const RIGHT: f64 = 24.0;
    let plot_w = f64::from(WIDTH) - LEFT - RIGHT;
    let x_of = |share: f64| LEFT + plot_w * share.clamp(0.0, 1.0);
    let (bar_top, bar_h) = (64.0, 28.0);

    let title = "Reply rate to first emails";
    let desc = rate.summary();
    let mut out = String::new();
    svg_open(&mut out, "reply-rate", WIDTH, HEIGHT, title, &desc);
    let _ = writeln!(
        out,
        "  <text x=\"{LEFT}\" y=\"24\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">{title}</text>"
    );

    // The track, then the usual band on it.
    let (low, high) = EXPECTED_REPLY_BAND;
    let _ = writeln!(
        out,
        "  <rect x=\"{LEFT}\" y=\"{bar_top}\" width=\"{plot_w:.1}\" height=\"{bar_h}\" fill=\"#f0f0f0\" stroke=\"#bfbfbf\"/>\n  <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#cfe6cf\" stroke=\"#5a8f5a\"><title>The usual reply rate: 20% to 40%</title></rect>\n  <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#2e5e2e\">usual 20–40%</text>",
        x_of(low),
        bar_top - 8.0,
        x_of(high) - x_of(low),
        bar_h + 16.0,
        (x_of(low) + x_of(high)) / 2.0,
        bar_top - 14.0
    );

    let headline = match rate.rate() {
        Some(share) => {
            let _ = writeln!(
                out,
                "  <rect x=\"{LEFT}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#2f5d8a\"><title>Your reply rate: {}</title></rect>\n  <line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>",
                bar_top + 7.0,
                x_of(share) - LEFT,
                bar_h - 14.0,
                percent(share),
                x_of(share),
                bar_top - 2.0,
                x_of(share),
                bar_top + bar_h + 2.0
            );
            format!("You: {} ({} of {})", percent(share), rate.replied, rate.sent)
        }
        None => "No first emails sent yet".to_string(),
    };
    for (share, label) in [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")] {
        let anchor = if share == 0.0 {
            "start"
        } else if share == 1.0 {
            "end"
        } else {
            "middle"
        };
        let _ = writeln!(
            out,
            "  <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" fill=\"#404040\">{label}</text>",
            x_of(share),
            bar_top + bar_h + 18.0
        );
    }
    let _ = writeln!(
        out,
        "  <text x=\"{LEFT}\" y=\"{:.1}\" font-size=\"13\" fill=\"#1a1a1a\">{}</text>",
        f64::from(HEIGHT) - 12.0,
        xml_escape(&headline)
    );
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use proptest::prelude::*;

    use super::*;
    use crate::ids::{AccountId, InteractionId, MeetingId};
    use crate::interactions::NewInteraction;
    use crate::meetings::{Gift, MeetingMode, NewMeeting};
    use crate::people::{NewPerson, PersonName};

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn person(name: &str) -> Person {
        NewPerson::new(PersonName::new(name).unwrap()).into_person(
            PersonId::new(),
            AccountId::LOCAL,
            ts("2025-01-01T00:00:00Z"),
        )
    }

    fn touch(who: &Person, kind: InteractionKind, at: &str) -> Interaction {
        NewInteraction::new(who.id, kind, ts(at)).into_interaction(InteractionId::new(), AccountId::LOCAL, ts(at))
    }

    fn meeting(who: &Person, at: &str, status: MeetingStatus) -> Meeting {
        let mut m = NewMeeting::new(who.id, ts(at), 30, MeetingMode::Coffee).unwrap().into_meeting(
            MeetingId::new(),
            AccountId::LOCAL,
            ts(at),
        );
        m.status = status;
        m
    }

    fn january() -> Period {
        Period::new(date(2025, 1, 1), date(2025, 1, 31), TimeZone::UTC).unwrap()
    }

    #[test]
    fn a_period_runs_forward_and_lists_its_weeks() {
        assert!(Period::new(date(2025, 2, 1), date(2025, 1, 1), TimeZone::UTC).is_err());
        let weeks = january().week_starts();
        assert_eq!(weeks.first(), Some(&date(2024, 12, 30)));
        assert_eq!(weeks.last(), Some(&date(2025, 1, 27)));
        assert_eq!(weeks.len(), 5);
        assert_eq!(monday_of(date(2025, 1, 12)), date(2025, 1, 6));
    }

    #[test]
    fn the_period_is_in_the_seekers_time_zone() {
        let chicago = TimeZone::get("America/Chicago").unwrap();
        let period = Period::new(date(2025, 1, 1), date(2025, 1, 31), chicago).unwrap();
        // 03:00 UTC on 1 February is still 31 January in Chicago.
        assert!(period.contains(ts("2025-02-01T03:00:00Z")));
        assert!(!january().contains(ts("2025-02-01T03:00:00Z")));
    }

    #[test]
    fn five_informationals_need_seventeen_first_emails() {
        assert_eq!(outreach_needed(5, 0, 0), OutreachPlan::Emails { count: 17, basis: RateBasis::Default });
        // Whole-number arithmetic: 3 / 0.3 is 10, not 11.
        assert_eq!(outreach_needed(3, 14, 1), OutreachPlan::Emails { count: 10, basis: RateBasis::Default });
        assert_eq!(outreach_needed(0, 0, 0), OutreachPlan::Emails { count: 0, basis: RateBasis::Default });
        // From 15 sends on, the seeker's own rate: 4 of 20 = 20%, so 5 needs 25.
        assert_eq!(outreach_needed(5, 20, 4), OutreachPlan::Emails { count: 25, basis: RateBasis::Personal });
        assert_eq!(outreach_needed(5, 15, 0), OutreachPlan::NoRepliesYet { sent: 15 });
    }

    #[test]
    fn reply_rate_counts_people_not_messages() {
        let people: Vec<Person> = (0..4).map(|i| person(&format!("P{i}"))).collect();
        let mut log = vec![
            touch(&people[0], InteractionKind::Outreach, "2025-01-02T10:00:00Z"),
            touch(&people[0], InteractionKind::FollowUp, "2025-01-13T10:00:00Z"),
            touch(&people[0], InteractionKind::Reply, "2025-01-14T10:00:00Z"),
            touch(&people[0], InteractionKind::Reply, "2025-01-15T10:00:00Z"),
            touch(&people[1], InteractionKind::Outreach, "2025-01-03T10:00:00Z"),
            // A reply after the period does not count for it.
            touch(&people[2], InteractionKind::Outreach, "2025-01-20T10:00:00Z"),
            touch(&people[2], InteractionKind::Reply, "2025-02-02T10:00:00Z"),
            // First written to in December: not a January first email.
            touch(&people[3], InteractionKind::Outreach, "2024-12-20T10:00:00Z"),
            touch(&people[3], InteractionKind::Outreach, "2025-01-05T10:00:00Z"),
            touch(&people[3], InteractionKind::Reply, "2025-01-06T10:00:00Z"),
        ];
        let rate = ReplyRate::in_period(&log, &people, &january());
        assert_eq!(rate, ReplyRate { sent: 3, replied: 1 });
        assert_eq!(rate.verdict(), ReplyVerdict::TooEarly);
        assert_eq!(ReplyRate::all_time(&log, &people), ReplyRate { sent: 4, replied: 3 });

        // Trashed people drop out.
        let mut trashed = people.clone();
        trashed[0].deleted_at = Some(ts("2025-01-20T00:00:00Z"));
        assert_eq!(ReplyRate::in_period(&log, &trashed, &january()), ReplyRate { sent: 2, replied: 0 });

        log.clear();
        assert_eq!(ReplyRate::in_period(&log, &people, &january()).verdict(), ReplyVerdict::NoData);
    }

    #[test]
    fn verdicts_compare_with_twenty_to_forty_percent() {
        let verdict = |sent, replied| ReplyRate { sent, replied }.verdict();
        assert_eq!(verdict(20, 3), ReplyVerdict::Below);
        assert_eq!(verdict(20, 4), ReplyVerdict::Within);
        assert_eq!(verdict(20, 8), ReplyVerdict::Within);
        assert_eq!(verdict(20, 9), ReplyVerdict::Above);
        assert_eq!(verdict(14, 1), ReplyVerdict::TooEarly);
        let texts: Vec<String> = [(0, 0), (5, 2), (20, 2), (20, 6), (20, 12)]
            .into_iter()
            .map(|(sent, replied)| ReplyRate { sent, replied }.summary())
            .collect();
        insta::assert_snapshot!("reply_verdicts", texts.join("\n"));
    }

    #[test]
    fn informationals_are_counted_by_week_with_empty_weeks_kept() {
        let ana = person("Ana");
        let bo = person("Bo");
        let meetings = vec![
            meeting(&ana, "2025-01-07T15:00:00Z", MeetingStatus::Held),
            meeting(&bo, "2025-01-09T15:00:00Z", MeetingStatus::Held),
            meeting(&bo, "2025-01-23T15:00:00Z", MeetingStatus::Held),
            meeting(&ana, "2025-01-24T15:00:00Z", MeetingStatus::Cancelled),
            meeting(&ana, "2025-01-28T15:00:00Z", MeetingStatus::Scheduled),
            meeting(&ana, "2025-02-03T15:00:00Z", MeetingStatus::Held),
        ];
        let weeks = informationals_per_week(&meetings, &[ana, bo], &january());
        let counts: Vec<(String, usize)> = weeks.iter().map(|w| (w.week_start.to_string(), w.count)).collect();
        assert_eq!(
            counts,
            [
                ("2024-12-30".to_string(), 0),
                ("2025-01-06".to_string(), 2),
                ("2025-01-13".to_string(), 0),
                ("2025-01-20".to_string(), 1),
                ("2025-01-27".to_string(), 0),
            ]
        );
    }

    #[test]
    fn thank_yous_are_on_time_within_a_day_of_the_meeting_end() {
        let people: Vec<Person> = (0..5).map(|i| person(&format!("P{i}"))).collect();
        // Each meeting is 30 minutes, so it ends at 15:30.
        let meetings: Vec<Meeting> = [
            "2025-01-06T15:00:00Z",
            "2025-01-07T15:00:00Z",
            "2025-01-08T15:00:00Z",
            "2025-01-09T15:00:00Z",
            "2025-01-31T15:00:00Z",
        ]
        .iter()
        .zip(&people)
        .map(|(at, p)| meeting(p, at, MeetingStatus::Held))
        .collect();
        let log = vec![
            // Within 24 h: on time, even at the last minute.
            touch(&people[0], InteractionKind::ThankYou, "2025-01-06T20:00:00Z"),
            touch(&people[1], InteractionKind::ThankYou, "2025-01-08T15:30:00Z"),
            // 30 hours after: late (AT-5's timing).
            touch(&people[2], InteractionKind::ThankYou, "2025-01-09T21:30:00Z"),
            // A thank-you to someone else does not count for P3.
            touch(&people[0], InteractionKind::ThankYou, "2025-01-09T18:00:00Z"),
        ];
        let result = thank_yous(&log, &meetings, &people, &january());
        assert_eq!(
            result,
            ThankYous { meetings: 5, on_time: 2, late: 1, missing: 1, not_yet_due: 1 },
            "the 31 January meeting's day is not over at the end of the period"
        );
        assert_eq!(result.on_time_rate(), Some(0.5));
    }

    #[test]
    fn a_thank_you_linked_to_a_meeting_counts_only_for_it() {
        let ana = person("Ana");
        let first = meeting(&ana, "2025-01-06T15:00:00Z", MeetingStatus::Held);
        let second = meeting(&ana, "2025-01-20T15:00:00Z", MeetingStatus::Held);
        let mut late_for_first = touch(&ana, InteractionKind::ThankYou, "2025-01-20T17:00:00Z");
        late_for_first.meeting_id = Some(first.id);
        let result = thank_yous(&[late_for_first], &[first, second], &[ana], &january());
        assert_eq!((result.on_time, result.late, result.missing), (0, 1, 1));
    }

    #[test]
    fn the_report_counts_boosters_loops_and_referrals() {
        let mut ana = person("Ana");
        let mut bo = person("Bo");
        let mut cy = person("Cy");
        ana.segment = Segment::Booster;
        bo.segment = Segment::Booster;
        cy.referral = ReferralState::Made;
        let mut met = meeting(&ana, "2025-01-10T15:00:00Z", MeetingStatus::Held);
        met.ledger.gifts.push(Gift {
            kind: GiftKind::Referral,
            text: "Referred me for the analyst role".into(),
            person_id: None,
            introduction_id: None,
            opening_id: None,
            url: None,
        });
        let log = vec![
            touch(&ana, InteractionKind::Outreach, "2025-01-02T10:00:00Z"),
            touch(&ana, InteractionKind::Reply, "2025-01-03T10:00:00Z"),
            // Bo replied in December: a Booster, but not found in January.
            touch(&bo, InteractionKind::Reply, "2024-12-03T10:00:00Z"),
            touch(&ana, InteractionKind::LoopClose, "2025-01-25T10:00:00Z"),
            touch(&bo, InteractionKind::LoopClose, "2025-02-25T10:00:00Z"),
        ];
        let people = [ana, bo, cy];
        let report = metrics(&log, &[met], &people, &january());
        assert_eq!(report.boosters_found, 1);
        assert_eq!(report.boosters_to_date, 2);
        assert_eq!(report.loops_closed, 1);
        assert_eq!(report.referrals_received, 1);
        assert_eq!(report.referrals_to_date, 2);
        assert_eq!(report.informationals_total(), 1);
        assert_eq!(report.reply_rate, ReplyRate { sent: 1, replied: 1 });
        assert_eq!(report.thank_yous.missing, 1);
    }

    #[test]
    fn informationals_chart_snapshot() {
        let weeks: Vec<WeekCount> = [0, 2, 0, 1, 3, 1]
            .into_iter()
            .enumerate()
            .map(|(i, count)| WeekCount {
                week_start: date(2025, 1, 6).checked_add((7 * i as i64).days()).unwrap(),
                count,
            })
            .collect();
        let svg = informationals_chart_svg(&weeks);
        assert!(!svg.contains("<script") && !svg.contains("@import") && !svg.contains("href"));
        insta::assert_snapshot!("informationals_chart", svg);
        insta::assert_snapshot!("informationals_chart_empty", informationals_chart_svg(&[]));
    }

    #[test]
    fn reply_rate_chart_snapshot() {
        insta::assert_snapshot!("reply_rate_chart", reply_rate_chart_svg(&ReplyRate { sent: 18, replied: 5 }));
        insta::assert_snapshot!("reply_rate_chart_no_data", reply_rate_chart_svg(&ReplyRate::default()));
    }

    #[test]
    fn chart_text_is_escaped() {
        assert_eq!(xml_escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(short_date(date(2025, 12, 1)), "1 Dec");
    }

    proptest! {
        #[test]
        fn the_plan_always_covers_the_goal(target in 0u32..1000, sent in 0usize..500, replied_share in 0usize..=100) {
            let replied = sent * replied_share / 100;
            match outreach_needed(target, sent, replied) {
                OutreachPlan::Emails { count, basis } => {
                    // count × r ≥ target, and one email fewer would fall short.
                    let (num, den) = match basis {
                        RateBasis::Default => DEFAULT_REPLY_RATE,
                        RateBasis::Personal => (replied as u64, sent as u64),
                    };
                    prop_assert!(count * num >= u64::from(target) * den);
                    if count > 0 {
                        prop_assert!((count - 1) * num < u64::from(target) * den);
                    }
                }
                OutreachPlan::NoRepliesYet { sent: s } => prop_assert!(s >= PERSONAL_RATE_AFTER && replied == 0),
            }
        }

        #[test]
        fn charts_are_well_formed_for_any_series(counts in proptest::collection::vec(0usize..50, 0..60)) {
            let weeks: Vec<WeekCount> = counts.iter().enumerate().map(|(i, &count)| WeekCount {
                week_start: date(2025, 1, 6).checked_add((7 * i as i64).days()).unwrap(),
                count,
            }).collect();
            let svg = informationals_chart_svg(&weeks);
            prop_assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
            prop_assert_eq!(svg.matches("<rect").count(), 1 + weeks.len());
            for bad in ["NaN", "=\"inf\"", "=\"-inf\""] {
                prop_assert!(!svg.contains(bad), "{} in {}", bad, svg);
            }
        }
    }
}
