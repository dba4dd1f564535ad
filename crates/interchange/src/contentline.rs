//! Writing the content lines vCard (RFC 6350) and iCalendar (RFC 5545) share: text escaping,
//! folding at 75 octets without splitting a character, and CRLF line ends.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The longest a line may be, in octets, before it is folded.
const MAX_OCTETS: usize = 75;

/// Escapes a TEXT value: backslash, comma, semicolon and line breaks.
pub(crate) fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded, ending in CRLF. `name` holds the property name and its
/// parameters (`DTSTART`, `TRIGGER;RELATED=END`); `value` is already escaped.
pub(crate) fn push_line(out: &mut String, name: &str, value: &str) {
    let line = format!("{name}:{value}");
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > MAX_OCTETS {
            out.push_str("\r\n ");
            // The leading space of a continuation line counts toward its 75 octets.
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// A timestamp in the UTC form both formats use: `20250301T150000Z`.
pub(crate) fn utc_stamp(at: Timestamp) -> String {
    at.to_zoned_datetime(TimeZone::UTC).strftime("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        push_line(&mut out, "NOTE", &"é".repeat(60));
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("NOTE:{}\r\n", "é".repeat(60)));
    }

    #[test]
    fn stamps_are_utc() {
        let at: Timestamp = "2025-03-01T15:00:00Z".parse().unwrap();
        assert_eq!(utc_stamp(at), "20250301T150000Z");
    }
}
