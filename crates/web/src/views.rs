//! Small helpers that turn domain values into the words and dates pages show.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// A date in the seeker's time zone, `2026-03-14`.
pub(crate) fn date(at: Timestamp, tz: &TimeZone) -> String {
    at.to_zoned_datetime(tz.clone()).date().to_string()
}

/// A date and time in the seeker's time zone, `2026-03-14 09:30`.
pub(crate) fn datetime(at: Timestamp, tz: &TimeZone) -> String {
    let zoned = at.to_zoned_datetime(tz.clone());
    format!("{} {:02}:{:02}", zoned.date(), zoned.hour(), zoned.minute())
}

/// A date and time as an `<input type="datetime-local">` shows it, `2026-03-14T09:30`.
pub(crate) fn datetime_local(at: Timestamp, tz: &TimeZone) -> String {
    let zoned = at.to_zoned_datetime(tz.clone());
    format!("{}T{:02}:{:02}", zoned.date(), zoned.hour(), zoned.minute())
}

/// A local date and time typed into a form (`2026-03-14T09:30` or `2026-03-14 09:30`), in
/// the seeker's time zone.
pub(crate) fn parse_local(field: &str, text: &str, tz: &TimeZone) -> Result<Timestamp, String> {
    let normal = text.trim().replacen(' ', "T", 1);
    let civil: jiff::civil::DateTime = normal
        .parse()
        .map_err(|_| format!("{field}: `{}` is not a date and time; write it as 2026-03-14 09:30", text.trim()))?;
    civil
        .to_zoned_datetime(tz.clone())
        .map(|z| z.timestamp())
        .map_err(|e| format!("{field}: `{}` does not exist in your time zone ({e})", text.trim()))
}

/// A stored word as people read it: `followed_up` → `followed up`.
pub(crate) fn words(word: &str) -> String {
    word.replace('_', " ")
}

/// A piece of a search snippet: matched words are marked.
pub(crate) struct SnippetPart {
    pub(crate) text: String,
    pub(crate) matched: bool,
}

/// Splits a store snippet, whose matches sit between `[` and `]`, into parts a template can
/// escape and mark up.
pub(crate) fn snippet(raw: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut rest = raw;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else { break };
        if open > 0 {
            parts.push(SnippetPart { text: rest[..open].to_string(), matched: false });
        }
        parts.push(SnippetPart { text: rest[open + 1..close].to_string(), matched: true });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(SnippetPart { text: rest.to_string(), matched: false });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_their_matches() {
        let parts = snippet("met [Ana] at [Acme] today");
        let shown: Vec<(&str, bool)> = parts.iter().map(|p| (p.text.as_str(), p.matched)).collect();
        assert_eq!(shown, vec![("met ", false), ("Ana", true), (" at ", false), ("Acme", true), (" today", false)]);
        assert_eq!(snippet("no [close").len(), 1);
    }

    #[test]
    fn dates_show_in_the_seekers_zone() {
        let at: Timestamp = "2026-03-14T03:30:00Z".parse().unwrap();
        let chicago = TimeZone::get("America/Chicago").unwrap();
        assert_eq!(date(at, &chicago), "2026-03-13");
        assert_eq!(datetime(at, &TimeZone::UTC), "2026-03-14 03:30");
        assert_eq!(words("followed_up"), "followed up");
        let typed = parse_local("When", "2026-03-13 22:30", &chicago).unwrap();
        assert_eq!(typed, at);
        assert_eq!(datetime_local(at, &chicago), "2026-03-13T22:30");
        assert!(parse_local("When", "tomorrow", &chicago).unwrap_err().contains("When: `tomorrow`"));
    }
}
