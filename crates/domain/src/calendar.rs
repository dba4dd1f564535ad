//! The business-day calendar (§4.5): which days count, where a message's clock starts, how
//! many business days lie between two dates, and the local morning hour reminders fall due.
//!
//! A business day is Monday to Friday, minus the seeker's holidays. A message sent at or after
//! the cut-off hour (17:00 by default), or on a weekend or holiday, starts its clock on the next
//! business day. Reminders fall due at the reminder hour (08:00 by default) in the seeker's time
//! zone; on a day when clocks change, the hour is resolved the way calendars do (a time in the
//! spring gap moves forward, a repeated autumn hour takes its first occurrence).

use std::collections::BTreeSet;
use std::ops::Bound;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::ValidationError;
use crate::profile::Settings;
use crate::values::bounded;

/// Enough days to cross the whole range of dates jiff supports; used to clamp day counts so
/// that no arithmetic below can overflow.
const MAX_DAY_SPAN: i64 = 8_000_000;

/// The seeker's business-day calendar.
#[derive(Clone, Debug)]
pub struct Calendar {
    time_zone: TimeZone,
    /// Holidays that fall on a weekday. Weekend holidays change nothing and are dropped, so
    /// every entry here removes exactly one business day.
    holidays: BTreeSet<Date>,
    cutoff_hour: u8,
    reminder_hour: u8,
}

impl Default for Calendar {
    /// UTC, no holidays, cut-off at 17:00, reminders at 08:00.
    fn default() -> Self {
        Self { time_zone: TimeZone::UTC, holidays: BTreeSet::new(), cutoff_hour: 17, reminder_hour: 8 }
    }
}

impl Calendar {
    /// A calendar in `time_zone` with the seeker's holidays, cut-off hour and reminder hour
    /// (both 0–23).
    pub fn new(
        time_zone: TimeZone,
        holidays: impl IntoIterator<Item = Date>,
        cutoff_hour: u8,
        reminder_hour: u8,
    ) -> Result<Self, ValidationError> {
        bounded("cutoff_hour", cutoff_hour, 0, 23)?;
        bounded("reminder_hour", reminder_hour, 0, 23)?;
        let holidays = holidays.into_iter().filter(|d| !is_weekend(*d)).collect();
        Ok(Self { time_zone, holidays, cutoff_hour, reminder_hour })
    }

    /// The calendar of a seeker's settings. The time zone is resolved from
    /// `settings.time_zone` by the caller (the domain reads no time zone database).
    pub fn from_settings(time_zone: TimeZone, settings: &Settings) -> Result<Self, ValidationError> {
        Self::new(time_zone, settings.holidays.iter().copied(), settings.cutoff_hour, settings.reminder_hour)
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.time_zone
    }

    pub fn cutoff_hour(&self) -> u8 {
        self.cutoff_hour
    }

    pub fn reminder_hour(&self) -> u8 {
        self.reminder_hour
    }

    /// True for a weekday that is not one of the seeker's holidays.
    pub fn is_business_day(&self, date: Date) -> bool {
        !is_weekend(date) && !self.holidays.contains(&date)
    }

    /// The local calendar date of an instant.
    pub fn local_date(&self, at: Timestamp) -> Date {
        self.time_zone.to_datetime(at).date()
    }

    /// The first business day strictly after `date`.
    pub fn next_business_day(&self, date: Date) -> Date {
        self.add_business_days(date, 1)
    }

    /// `date` itself when it is a business day, else the next one.
    pub fn business_day_on_or_after(&self, date: Date) -> Date {
        if self.is_business_day(date) { date } else { self.next_business_day(date) }
    }

    /// Day 0 of a message sent at `sent_at`: its local date, or the next business day when it
    /// was sent at or after the cut-off hour, or on a weekend or holiday.
    pub fn anchor(&self, sent_at: Timestamp) -> Date {
        let local = self.time_zone.to_datetime(sent_at);
        let date = local.date();
        if i16::from(local.hour()) >= i16::from(self.cutoff_hour) || !self.is_business_day(date) {
            self.next_business_day(date)
        } else {
            date
        }
    }

    /// The `n`-th business day after `date` (§4.5 `addB`): step forward one day at a time and
    /// count only business days. `n = 0` gives `date` back unchanged.
    ///
    /// At the far end of the supported date range the result stops at the last date jiff
    /// knows rather than failing.
    pub fn add_business_days(&self, date: Date, n: u32) -> Date {
        let mut remaining = i64::from(n);
        let mut current = date;
        // Whole weeks first: every 7 days hold exactly 5 weekdays, less the holidays among them.
        while remaining > 5 {
            let week_later = plus_days(current, 7);
            if week_later == current {
                return current;
            }
            let lost = self.holidays_in(current, week_later);
            remaining -= 5 - lost;
            current = week_later;
        }
        while remaining > 0 {
            let next = plus_days(current, 1);
            if next == current {
                return current;
            }
            current = next;
            if self.is_business_day(current) {
                remaining -= 1;
            }
        }
        current
    }

    /// The `n`-th business day before `date` (a meeting's `−2B` prep day). `n = 0` gives
    /// `date` back unchanged.
    pub fn sub_business_days(&self, date: Date, n: u32) -> Date {
        let mut remaining = n;
        let mut current = date;
        while remaining > 0 {
            let previous = plus_days(current, -1);
            if previous == current {
                return current;
            }
            current = previous;
            if self.is_business_day(current) {
                remaining -= 1;
            }
        }
        current
    }

    /// The date `n` business days after a message sent at `sent_at`, counted from its anchor
    /// (the AT-1 rule).
    pub fn business_days_after(&self, sent_at: Timestamp, n: u32) -> Date {
        self.add_business_days(self.anchor(sent_at), n)
    }

    /// The number of business days in `(from, to]`: how many business days later `to` is. It
    /// is negative when `to` comes before `from`, and
    /// `business_days_between(d, add_business_days(d, n)) == n` for every `d` and `n`.
    pub fn business_days_between(&self, from: Date, to: Date) -> i64 {
        if to < from {
            return -self.business_days_between(to, from);
        }
        let days = days_between(from, to);
        let weeks = days / 7;
        let rest = days % 7;
        let start = i64::from(from.weekday().to_monday_zero_offset());
        let rest_weekdays = (1..=rest).filter(|k| (start + k) % 7 < 5).count() as i64;
        weeks * 5 + rest_weekdays - self.holidays_in(from, to)
    }

    /// The reminder hour (08:00 by default) in the seeker's time zone on `date`.
    pub fn reminder_at(&self, date: Date) -> Timestamp {
        self.local_time(date, self.reminder_hour, 0)
    }

    /// `hour:minute` local time on `date`. A time that falls in a daylight-saving gap moves
    /// forward by the gap; a repeated time takes its first occurrence.
    pub fn local_time(&self, date: Date, hour: u8, minute: u8) -> Timestamp {
        // The hour and minute are clamped into range, so `at` cannot panic.
        let hour = i8::try_from(hour.min(23)).unwrap_or(23);
        let minute = i8::try_from(minute.min(59)).unwrap_or(59);
        let civil = date.at(hour, minute, 0, 0);
        self.time_zone.to_timestamp(civil).unwrap_or(if date.year() > 0 { Timestamp::MAX } else { Timestamp::MIN })
    }

    /// A date as the seeker reads it: `Thu 16 Jan 2025`.
    pub fn day_words(&self, date: Date) -> String {
        const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let weekday = WEEKDAYS[usize::from(date.weekday().to_monday_zero_offset().unsigned_abs()) % 7];
        let month = MONTHS[usize::from(date.month().unsigned_abs()).saturating_sub(1) % 12];
        format!("{weekday} {} {month} {}", date.day(), date.year())
    }

    /// The local time of day of an instant: `14:30`.
    pub fn time_words(&self, at: Timestamp) -> String {
        let local = self.time_zone.to_datetime(at);
        format!("{:02}:{:02}", local.hour(), local.minute())
    }

    /// The local date and time of an instant: `Thu 16 Jan 2025 at 14:30`.
    pub fn moment_words(&self, at: Timestamp) -> String {
        format!("{} at {}", self.day_words(self.local_date(at)), self.time_words(at))
    }

    /// The number of holidays in `(from, to]`.
    fn holidays_in(&self, from: Date, to: Date) -> i64 {
        if to <= from {
            return 0;
        }
        self.holidays.range((Bound::Excluded(from), Bound::Included(to))).count() as i64
    }
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// `date` moved by `days` calendar days, stopping at the ends of the supported range.
pub(crate) fn plus_days(date: Date, days: i64) -> Date {
    let days = days.clamp(-MAX_DAY_SPAN, MAX_DAY_SPAN);
    date.saturating_add(SignedDuration::from_hours(days * 24))
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub(crate) fn days_between(from: Date, to: Date) -> i64 {
    from.duration_until(to).as_secs() / 86_400
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use proptest::prelude::*;

    use super::*;

    fn chicago(holidays: Vec<Date>) -> Calendar {
        let tz = TimeZone::get("America/Chicago").unwrap();
        Calendar::new(tz, holidays, 17, 8).unwrap()
    }

    /// A send at `hour:minute` local time in Chicago on `day`.
    fn sent(cal: &Calendar, day: Date, hour: u8, minute: u8) -> Timestamp {
        cal.local_time(day, hour, minute)
    }

    #[test]
    fn at_1_business_days() {
        let cal = chicago(vec![date(2025, 1, 20)]);

        // Thu 2025-01-02: 3B Tue 01-07, 7B Mon 01-13, follow-up on 7B + 3B Thu 01-16.
        let thursday = sent(&cal, date(2025, 1, 2), 10, 0);
        assert_eq!(cal.business_days_after(thursday, 3), date(2025, 1, 7));
        assert_eq!(cal.business_days_after(thursday, 7), date(2025, 1, 13));
        let follow_up = sent(&cal, date(2025, 1, 13), 9, 30);
        assert_eq!(cal.business_days_after(follow_up, 3), date(2025, 1, 16));

        // Fri 2025-01-03: 3B Wed 01-08, 7B Tue 01-14.
        let friday = sent(&cal, date(2025, 1, 3), 10, 0);
        assert_eq!(cal.business_days_after(friday, 3), date(2025, 1, 8));
        assert_eq!(cal.business_days_after(friday, 7), date(2025, 1, 14));

        // Wed 2025-01-15 with Mon 01-20 a holiday: 3B Tue 01-21, 7B Mon 01-27, +3B Thu 01-30.
        let wednesday = sent(&cal, date(2025, 1, 15), 10, 0);
        assert_eq!(cal.business_days_after(wednesday, 3), date(2025, 1, 21));
        assert_eq!(cal.business_days_after(wednesday, 7), date(2025, 1, 27));
        let follow_up = sent(&cal, date(2025, 1, 27), 11, 0);
        assert_eq!(cal.business_days_after(follow_up, 3), date(2025, 1, 30));
    }

    #[test]
    fn at_1_a_send_at_18_30_anchors_to_the_next_business_day() {
        let cal = chicago(vec![]);
        let evening = sent(&cal, date(2025, 1, 2), 18, 30);
        assert_eq!(cal.anchor(evening), date(2025, 1, 3));
        assert_eq!(cal.business_days_after(evening, 3), date(2025, 1, 8));
        // The same instant is already Friday in UTC; the rule uses the seeker's local time.
        assert_eq!(evening.to_zoned_datetime(TimeZone::UTC).date(), date(2025, 1, 3));
    }

    #[test]
    fn the_cut_off_is_at_or_after_17_00() {
        let cal = chicago(vec![]);
        assert_eq!(cal.anchor(sent(&cal, date(2025, 1, 2), 16, 59)), date(2025, 1, 2));
        assert_eq!(cal.anchor(sent(&cal, date(2025, 1, 2), 17, 0)), date(2025, 1, 3));
    }

    #[test]
    fn weekend_and_holiday_sends_anchor_forward() {
        let cal = chicago(vec![date(2025, 1, 20)]);
        assert_eq!(cal.anchor(sent(&cal, date(2025, 1, 18), 9, 0)), date(2025, 1, 21));
        assert_eq!(cal.anchor(sent(&cal, date(2025, 1, 20), 9, 0)), date(2025, 1, 21));
        // A Friday evening send anchors to Monday.
        assert_eq!(cal.anchor(sent(&cal, date(2025, 1, 24), 19, 0)), date(2025, 1, 27));
    }

    #[test]
    fn reminders_fall_at_08_00_local_across_daylight_saving() {
        let cal = chicago(vec![]);
        // Standard time (UTC−6) the day before the change, daylight time (UTC−5) on the day.
        assert_eq!(cal.reminder_at(date(2025, 3, 8)).to_string(), "2025-03-08T14:00:00Z");
        assert_eq!(cal.reminder_at(date(2025, 3, 9)).to_string(), "2025-03-09T13:00:00Z");
        assert_eq!(cal.reminder_at(date(2025, 11, 2)).to_string(), "2025-11-02T14:00:00Z");
        for day in [date(2025, 3, 9), date(2025, 11, 2)] {
            let local = cal.reminder_at(day).to_zoned_datetime(cal.time_zone().clone());
            assert_eq!((local.date(), local.hour(), local.minute()), (day, 8, 0));
        }
    }

    #[test]
    fn a_reminder_hour_inside_a_clock_change_gap_moves_forward() {
        // A made-up zone whose spring change skips 08:00–09:00.
        let tz = TimeZone::posix("AAA5BBB,M3.2.0/8,M11.1.0/8").unwrap();
        let cal = Calendar::new(tz, [], 17, 8).unwrap();
        let at = cal.reminder_at(date(2025, 3, 9));
        let local = at.to_zoned_datetime(cal.time_zone().clone());
        assert_eq!((local.hour(), local.minute()), (9, 0));
    }

    #[test]
    fn going_back_two_business_days_skips_weekends_and_holidays() {
        let cal = chicago(vec![date(2025, 1, 17)]);
        // A Tuesday meeting preps on the Friday before, or Thursday when Friday is a holiday.
        assert_eq!(cal.sub_business_days(date(2025, 1, 14), 2), date(2025, 1, 10));
        assert_eq!(cal.sub_business_days(date(2025, 1, 21), 2), date(2025, 1, 16));
        assert_eq!(cal.sub_business_days(date(2025, 1, 21), 0), date(2025, 1, 21));
    }

    #[test]
    fn counting_business_days_between_dates() {
        let cal = chicago(vec![date(2025, 1, 20)]);
        assert_eq!(cal.business_days_between(date(2025, 1, 2), date(2025, 1, 7)), 3);
        assert_eq!(cal.business_days_between(date(2025, 1, 15), date(2025, 1, 27)), 7);
        assert_eq!(cal.business_days_between(date(2025, 1, 27), date(2025, 1, 15)), -7);
        assert_eq!(cal.business_days_between(date(2025, 1, 4), date(2025, 1, 5)), 0);
    }

    #[test]
    fn hours_out_of_range_are_refused_by_field() {
        let err = Calendar::new(TimeZone::UTC, [], 24, 8).unwrap_err();
        assert_eq!(err.field, "cutoff_hour");
        let err =
            Calendar::from_settings(TimeZone::UTC, &Settings { reminder_hour: 30, ..Settings::default() }).unwrap_err();
        assert_eq!(err.field, "reminder_hour");
    }

    #[test]
    fn the_ends_of_the_date_range_do_not_panic() {
        let cal = Calendar::default();
        let _ = cal.add_business_days(Date::MAX, 10);
        let _ = cal.sub_business_days(Date::MIN, 10);
        let _ = cal.add_business_days(Date::MIN, u32::MAX);
        let _ = cal.reminder_at(Date::MAX);
        let _ = cal.anchor(Timestamp::MAX);
        let _ = cal.business_days_between(Date::MIN, Date::MAX);
    }

    fn base() -> Date {
        date(2020, 1, 1)
    }

    prop_compose! {
        fn a_date()(offset in 0i64..6000) -> Date { plus_days(base(), offset) }
    }

    prop_compose! {
        fn a_calendar()(offsets in proptest::collection::vec(0i64..6200, 0..60)) -> Calendar {
            let tz = TimeZone::get("America/Chicago").unwrap();
            Calendar::new(tz, offsets.into_iter().map(|o| plus_days(base(), o)), 17, 8).unwrap()
        }
    }

    proptest! {
        #[test]
        fn adding_business_days_lands_on_a_business_day(
            cal in a_calendar(), start in a_date(), n in 1u32..400,
        ) {
            prop_assert!(cal.is_business_day(cal.add_business_days(start, n)));
        }

        #[test]
        fn adding_business_days_matches_stepping_one_day_at_a_time(
            cal in a_calendar(), start in a_date(), n in 0u32..60,
        ) {
            let mut expected = start;
            let mut left = n;
            while left > 0 {
                expected = plus_days(expected, 1);
                if cal.is_business_day(expected) {
                    left -= 1;
                }
            }
            prop_assert_eq!(cal.add_business_days(start, n), expected);
        }

        #[test]
        fn adding_business_days_is_monotonic_in_n(
            cal in a_calendar(), start in a_date(), n in 0u32..300, more in 1u32..50,
        ) {
            prop_assert!(cal.add_business_days(start, n) < cal.add_business_days(start, n + more));
        }

        #[test]
        fn counting_inverts_adding(cal in a_calendar(), start in a_date(), n in 0u32..400) {
            let end = cal.add_business_days(start, n);
            prop_assert_eq!(cal.business_days_between(start, end), i64::from(n));
        }

        #[test]
        fn going_back_inverts_going_forward(cal in a_calendar(), start in a_date(), n in 1u32..60) {
            let start = cal.business_day_on_or_after(start);
            prop_assert_eq!(cal.sub_business_days(cal.add_business_days(start, n), n), start);
        }

        #[test]
        fn a_send_never_falls_due_on_a_weekend_or_holiday(
            cal in a_calendar(), day in a_date(), hour in 0u8..24, n in 0u32..30,
        ) {
            let due = cal.business_days_after(cal.local_time(day, hour, 15), n);
            prop_assert!(cal.is_business_day(due));
        }

        #[test]
        fn zero_days_after_a_business_morning_is_that_day(
            cal in a_calendar(), day in a_date(), hour in 0u8..17,
        ) {
            prop_assume!(cal.is_business_day(day));
            prop_assert_eq!(cal.business_days_after(cal.local_time(day, hour, 59), 0), day);
        }
    }
}
