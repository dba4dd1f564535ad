//! Findings and reports: what a linter says about a draft, check by check, with the exact
//! words at fault and how to fix them. Shared by the outreach, follow-up and thank-you checks.

use std::fmt::{self, Write as _};
use std::ops::Range;
use std::str::FromStr;

use crate::{ValidationError, word_enum};

word_enum! {
    /// How serious a check's result is. `Fail` blocks the "ready" badge (the seeker may still
    /// send); `Warn` is advice; `Pass` means nothing to change.
    pub enum Severity ("severity") {
        Pass = "pass",
        Warn = "warn",
        Fail = "fail",
    }
}

macro_rules! checks {
    ($($id:ident = $title:literal),+ $(,)?) => {
        /// One check of a linter: E1–E15 for a first outreach (§4.4), F1–F5 for the one
        /// follow-up, T1–T10 for a thank-you note (§4.7).
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        pub enum CheckId {
            $($id),+
        }

        impl CheckId {
            /// Every check, in order.
            pub const ALL: &'static [CheckId] = &[$(CheckId::$id),+];

            /// The short code shown beside a finding (`E2`).
            pub const fn code(self) -> &'static str {
                match self {
                    $(CheckId::$id => stringify!($id)),+
                }
            }

            /// What the check looks at, in a few words.
            pub const fn title(self) -> &'static str {
                match self {
                    $(CheckId::$id => $title),+
                }
            }
        }
    };
}

checks! {
    E1 = "Length",
    E2 = "No job ask",
    E3 = "Connection first",
    E4 = "Ask as a question",
    E5 = "Narrow and broad interest",
    E6 = "Mostly about them",
    E7 = "No résumé or attachments",
    E8 = "Time ask",
    E9 = "Subject line",
    E10 = "Weak or banned phrases",
    E11 = "Specific to this person",
    E12 = "Grounded in the record",
    E13 = "Channel limits",
    E14 = "No scheduling yet",
    E15 = "Readability",
    F1 = "Follow-up length",
    F2 = "Ask restated as a question",
    F3 = "No guilt phrases",
    F4 = "No new attachments",
    F5 = "Same thread",
    T1 = "Timeliness",
    T2 = "Specific learning",
    T3 = "Action on their advice",
    T4 = "Follow-through on promises",
    T5 = "Offer to help",
    T6 = "No new asks",
    T7 = "Length",
    T8 = "Accuracy",
    T9 = "Channel",
    T10 = "Thank referrers separately",
}

impl CheckId {
    /// The checks of the first-outreach linter.
    pub const OUTREACH: &'static [CheckId] = &[
        CheckId::E1,
        CheckId::E2,
        CheckId::E3,
        CheckId::E4,
        CheckId::E5,
        CheckId::E6,
        CheckId::E7,
        CheckId::E8,
        CheckId::E9,
        CheckId::E10,
        CheckId::E11,
        CheckId::E12,
        CheckId::E13,
        CheckId::E14,
        CheckId::E15,
    ];

    /// The checks of the 7B follow-up linter: its own five, plus E2 and E12.
    pub const FOLLOW_UP: &'static [CheckId] =
        &[CheckId::F1, CheckId::F2, CheckId::F3, CheckId::F4, CheckId::F5, CheckId::E2, CheckId::E12];

    /// The checks of the thank-you checker.
    pub const THANKS: &'static [CheckId] = &[
        CheckId::T1,
        CheckId::T2,
        CheckId::T3,
        CheckId::T4,
        CheckId::T5,
        CheckId::T6,
        CheckId::T7,
        CheckId::T8,
        CheckId::T9,
        CheckId::T10,
    ];
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for CheckId {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        CheckId::ALL.iter().copied().find(|c| c.code().eq_ignore_ascii_case(wanted)).ok_or_else(|| {
            ValidationError::new("check", format!("`{s}` is not a check; use a code such as E2, F1 or T4"))
        })
    }
}

/// Which text an excerpt points into.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Place {
    Subject,
    /// The message text (greeting, body and sign-off together).
    Text,
}

/// The exact words a finding is about: a byte range into the subject or the text, and the
/// words themselves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    pub place: Place,
    pub range: Range<usize>,
    pub quote: String,
}

impl Excerpt {
    /// The excerpt of `source[range]`. An out-of-range span quotes nothing rather than panic.
    pub(crate) fn new(place: Place, source: &str, range: Range<usize>) -> Self {
        let quote = source.get(range.clone()).unwrap_or("").to_string();
        Self { place, range, quote }
    }
}

/// One thing a check found: what is wrong, where, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub check: CheckId,
    /// `Warn` or `Fail`; a passing check has no findings.
    pub severity: Severity,
    /// What is wrong, as a sentence.
    pub problem: String,
    /// How to fix it, as a sentence.
    pub fix: String,
    /// The words at fault; empty when the fault is something missing.
    pub excerpts: Vec<Excerpt>,
}

impl Finding {
    pub(crate) fn new(check: CheckId, severity: Severity, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Self { check, severity, problem: problem.into(), fix: fix.into(), excerpts: Vec::new() }
    }

    pub(crate) fn at(mut self, excerpts: impl IntoIterator<Item = Excerpt>) -> Self {
        self.excerpts.extend(excerpts);
        self
    }
}

/// The overall result of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckOutcome {
    pub check: CheckId,
    pub severity: Severity,
}

/// Counts about the text that was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct TextStats {
    /// Every word, greeting and sign-off included.
    pub total_words: usize,
    /// Words of the body between the greeting and the sign-off: what the limits count.
    pub body_words: usize,
    pub sentences: usize,
    /// Body words in sentences about the reader (E6); zero for checks that don't measure it.
    pub about_them_words: usize,
    /// Characters of the whole text, as a channel's limit counts them.
    pub characters: usize,
}

/// What a linter said about one draft.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Every check that ran, in order, with its worst severity.
    pub checks: Vec<CheckOutcome>,
    pub findings: Vec<Finding>,
    pub stats: TextStats,
}

impl Report {
    pub(crate) fn new(checks: &[CheckId], mut findings: Vec<Finding>, stats: TextStats) -> Self {
        findings.sort_by_key(|f| (checks.iter().position(|c| *c == f.check), std::cmp::Reverse(f.severity)));
        let checks = checks
            .iter()
            .map(|&check| CheckOutcome {
                check,
                severity: findings
                    .iter()
                    .filter(|f| f.check == check)
                    .map(|f| f.severity)
                    .max()
                    .unwrap_or(Severity::Pass),
            })
            .collect();
        Self { checks, findings, stats }
    }

    /// True when no check fails: the draft earns the "ready" badge.
    pub fn ready(&self) -> bool {
        self.checks.iter().all(|c| c.severity != Severity::Fail)
    }

    /// The result of one check, `None` if this linter doesn't run it.
    pub fn severity(&self, check: CheckId) -> Option<Severity> {
        self.checks.iter().find(|c| c.check == check).map(|c| c.severity)
    }

    /// The checks at the given severity, in order.
    pub fn at_severity(&self, severity: Severity) -> Vec<CheckId> {
        self.checks.iter().filter(|c| c.severity == severity).map(|c| c.check).collect()
    }

    /// The findings of one check.
    pub fn findings_for(&self, check: CheckId) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.check == check)
    }

    /// The share of body words in sentences about the reader, when the body has words.
    pub fn about_them_share(&self) -> Option<f64> {
        (self.stats.body_words > 0).then(|| self.stats.about_them_words as f64 / self.stats.body_words as f64)
    }

    /// The report as plain text for a terminal or a snapshot: a headline, the counts, each
    /// finding with its words, problem and fix, then the checks that passed.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let fails = self.at_severity(Severity::Fail).len();
        let warns = self.at_severity(Severity::Warn).len();
        let headline = match (fails, warns) {
            (0, 0) => "Ready: every check passes.".to_string(),
            (0, w) => format!("Ready, with {w} {} to consider.", plural(w, "warning", "warnings")),
            (f, w) => format!(
                "Not ready: {f} {} {}, {w} {}.",
                plural(f, "check", "checks"),
                plural(f, "fails", "fail"),
                plural(w, "warning", "warnings")
            ),
        };
        let _ = writeln!(out, "{headline}");
        let s = self.stats;
        let _ = write!(
            out,
            "Body: {} {} ({} with greeting and sign-off), {} {}",
            s.body_words,
            plural(s.body_words, "word", "words"),
            s.total_words,
            s.sentences,
            plural(s.sentences, "sentence", "sentences"),
        );
        if self.severity(CheckId::E6).is_some()
            && let Some(share) = self.about_them_share()
        {
            let _ = write!(out, ", {:.0}% about them", share * 100.0);
        }
        let _ = writeln!(out, ".");
        for f in &self.findings {
            let _ = writeln!(out);
            let _ =
                writeln!(out, "{} {} {}", f.severity.as_str().to_ascii_uppercase(), f.check.code(), f.check.title());
            if !f.excerpts.is_empty() {
                let quotes: Vec<String> = f
                    .excerpts
                    .iter()
                    .map(|e| {
                        let place = match e.place {
                            Place::Subject => "subject ",
                            Place::Text => "",
                        };
                        format!("{place}\"{}\"", shorten(&e.quote, 70))
                    })
                    .collect();
                let _ = writeln!(out, "  Words: {}", quotes.join(", "));
            }
            let _ = writeln!(out, "  Problem: {}", f.problem);
            let _ = writeln!(out, "  Fix: {}", f.fix);
        }
        let passed: Vec<&str> = self.at_severity(Severity::Pass).iter().map(|c| c.code()).collect();
        if !passed.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "Passed: {}", passed.join(" "));
        }
        out
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Collapses whitespace and cuts long quotes to `max` characters with an ellipsis.
fn shorten(quote: &str, max: usize) -> String {
    let flat = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_codes_round_trip() {
        for &check in CheckId::ALL {
            assert_eq!(check.code().parse::<CheckId>().unwrap(), check);
        }
        assert_eq!("t10".parse::<CheckId>().unwrap(), CheckId::T10);
        assert!("E16".parse::<CheckId>().is_err());
    }

    #[test]
    fn a_report_takes_the_worst_severity_per_check() {
        let findings = vec![
            Finding::new(CheckId::E9, Severity::Warn, "w", "f"),
            Finding::new(CheckId::E2, Severity::Fail, "x", "f"),
            Finding::new(CheckId::E2, Severity::Warn, "y", "f"),
        ];
        let report = Report::new(CheckId::OUTREACH, findings, TextStats::default());
        assert_eq!(report.severity(CheckId::E2), Some(Severity::Fail));
        assert_eq!(report.severity(CheckId::E9), Some(Severity::Warn));
        assert_eq!(report.severity(CheckId::E1), Some(Severity::Pass));
        assert_eq!(report.severity(CheckId::T1), None);
        assert!(!report.ready());
        assert_eq!(report.findings[0].check, CheckId::E2);
        assert_eq!(report.findings[0].severity, Severity::Fail);
    }

    #[test]
    fn long_quotes_are_shortened_for_display() {
        assert_eq!(shorten("a  b\nc", 10), "a b c");
        assert_eq!(shorten(&"x".repeat(80), 5), "xxxxx…");
    }
}
