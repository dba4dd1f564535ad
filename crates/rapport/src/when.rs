//! Times typed on the command line: `now`, `today`, `yesterday`, `tomorrow`, `3 days ago`,
//! `2025-01-07`, `2025-01-07 14:30`, `14:30` (today), or an RFC 3339 instant, read in the
//! seeker's time zone.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// Parses `text` relative to `now` in `tz`. A bare date means 09:00 that day.
pub(crate) fn parse(text: &str, now: Timestamp, tz: &TimeZone) -> anyhow::Result<Timestamp> {
    let text = text.trim();
    let lowered = text.to_ascii_lowercase();
    let today = now.to_zoned_datetime(tz.clone()).date();
    let at_time = |date: Date, time: Time| -> anyhow::Result<Timestamp> {
        Ok(date.to_datetime(time).to_zoned_datetime(tz.clone())?.timestamp())
    };
    let nine = Time::constant(9, 0, 0, 0);
    match lowered.as_str() {
        "now" => return Ok(now),
        "today" => return at_time(today, nine),
        "yesterday" => return at_time(today.yesterday()?, nine),
        "tomorrow" => return at_time(today.tomorrow()?, nine),
        _ => {}
    }
    let words: Vec<&str> = lowered.split_whitespace().collect();
    if let [n, unit, "ago"] = words.as_slice()
        && let Ok(n) = n.parse::<i64>()
    {
        let hours = match unit.trim_end_matches('s') {
            "minute" | "min" => return Ok(now - SignedDuration::from_mins(n)),
            "hour" => n,
            "day" => n * 24,
            "week" => n * 24 * 7,
            _ => anyhow::bail!("`{text}`: use minutes, hours, days or weeks ago"),
        };
        return Ok(now - SignedDuration::from_hours(hours));
    }
    if let [day @ ("today" | "tomorrow" | "yesterday"), time] = words.as_slice()
        && let Ok(time) = time.parse::<Time>()
    {
        let date = match *day {
            "today" => today,
            "tomorrow" => today.tomorrow()?,
            _ => today.yesterday()?,
        };
        return at_time(date, time);
    }
    if let Ok(instant) = text.parse::<Timestamp>() {
        return Ok(instant);
    }
    // jiff reads a date out of a date-time too, so only a text without a clock time is a date.
    if !text.contains(':')
        && let Ok(date) = text.parse::<Date>()
    {
        return at_time(date, nine);
    }
    if let Ok(datetime) = text.replacen(' ', "T", 1).parse::<DateTime>() {
        return Ok(datetime.to_zoned_datetime(tz.clone())?.timestamp());
    }
    if let Ok(time) = text.parse::<Time>() {
        return at_time(today, time);
    }
    anyhow::bail!(
        "`{text}` is not a time rapport understands; write e.g. 2025-01-07 14:30, 14:30, today, yesterday, tomorrow 10:00, or 3 days ago"
    )
}

/// Formats an instant for people, in their time zone: `Tue 2025-01-07 14:30`.
pub(crate) fn show(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned_datetime(tz.clone()).strftime("%a %Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chicago() -> TimeZone {
        TimeZone::get("America/Chicago").expect("bundled tzdb")
    }

    #[test]
    fn words_and_dates_parse_in_the_seekers_zone() {
        let tz = chicago();
        let now: Timestamp = "2025-01-08T18:00:00Z".parse().expect("ts");
        let show = |s: &str| show(parse(s, now, &tz).expect(s), &tz);
        assert_eq!(show("now"), "Wed 2025-01-08 12:00");
        assert_eq!(show("yesterday"), "Tue 2025-01-07 09:00");
        assert_eq!(show("tomorrow 10:30"), "Thu 2025-01-09 10:30");
        assert_eq!(show("2025-01-02 18:30"), "Thu 2025-01-02 18:30");
        assert_eq!(show("2025-01-02"), "Thu 2025-01-02 09:00");
        assert_eq!(show("3 days ago"), "Sun 2025-01-05 12:00");
        assert_eq!(show("2025-01-02T12:00:00Z"), "Thu 2025-01-02 06:00");
        let err = parse("next blue moon", now, &tz).expect_err("must refuse").to_string();
        assert!(err.contains("2025-01-07 14:30"), "{err}");
    }
}
