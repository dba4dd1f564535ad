//! Facts about the reader that a message may state: where a shared connection (an affinity)
//! is mentioned, which connection claims are grounded in a verified record, and whether the
//! reader's name, company and title are written as their record has them.

use std::ops::Range;

use super::lexicon;
use super::text::{self, Layout, Token};
use crate::people::{Affinity, AffinityKind, Person};

/// Small words skipped when matching a name (of a school, group, firm…) in a message.
const NAME_STOPWORDS: &[&str] = &["of", "the", "and", "for", "in", "at", "a", "an", "on", "to", "&"];

/// Words too common in institution names to identify one on their own.
const GENERIC_NAME_WORDS: &[&str] = &[
    "university",
    "college",
    "school",
    "institute",
    "institution",
    "program",
    "programme",
    "academy",
    "club",
    "group",
    "association",
    "society",
    "network",
    "community",
    "inc",
    "llc",
    "ltd",
    "corp",
    "corporation",
    "company",
    "co",
    "alumni",
    "alum",
    "chapter",
    "department",
];

/// Words that may follow "fellow" without making it a claim ("a fellow at the institute").
const NOT_AFTER_FELLOW: &[&str] = &["at", "of", "in", "with", "for", "on", "from", "to", "and"];

/// The words of `name` that identify it, folded: without small words or words like
/// "University" unless nothing else is left.
fn distinctive_words(name: &str) -> Vec<String> {
    let words: Vec<String> = text::tokens(name, 0..name.len())
        .into_iter()
        .map(|t| t.norm)
        .filter(|w| !NAME_STOPWORDS.contains(&w.as_str()))
        .collect();
    let distinctive: Vec<String> =
        words.iter().filter(|w| !GENERIC_NAME_WORDS.contains(&w.as_str())).cloned().collect();
    if distinctive.is_empty() { words } else { distinctive }
}

/// The initials of a multi-word name ("University of British Columbia" → "UBC").
fn acronym(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !NAME_STOPWORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    if words.len() < 2 {
        return None;
    }
    let letters: String = words.iter().filter_map(|w| w.chars().next()).filter(|c| c.is_uppercase()).collect();
    (letters.chars().count() >= 2 && letters.chars().count() == words.len()).then_some(letters)
}

/// Where `name` is mentioned among `tokens`: all its distinctive words (in any order), or its
/// initials. Returns the byte range from the first to the last matching word.
pub(crate) fn name_mentioned(text: &str, tokens: &[Token], name: &str) -> Option<Range<usize>> {
    let words = distinctive_words(name);
    if !words.is_empty() {
        let mut found: Vec<&Token> = Vec::new();
        for word in &words {
            match tokens.iter().find(|t| &t.norm == word) {
                Some(t) => found.push(t),
                None => {
                    found.clear();
                    break;
                }
            }
        }
        if !found.is_empty() {
            let start = found.iter().map(|t| t.range.start).min().unwrap_or(0);
            let end = found.iter().map(|t| t.range.end).max().unwrap_or(0);
            return Some(start..end);
        }
    }
    let initials = acronym(name)?;
    tokens
        .iter()
        .find(|t| {
            let raw = text.get(t.range.clone()).unwrap_or("");
            if initials.chars().count() == 2 { raw == initials } else { raw.eq_ignore_ascii_case(&initials) }
        })
        .map(|t| t.range.clone())
}

fn looks_like_url(value: &str) -> bool {
    let v = value.trim();
    v.contains("://") || v.starts_with("www.") || (!v.contains(' ') && v.contains('.') && v.contains('/'))
}

/// Where `affinity` is mentioned among `tokens`. A mutual acquaintance counts when either of
/// their names appears; a piece of their content when the message refers to their article,
/// talk or post; anything else when its name (or initials) appears.
pub(crate) fn affinity_mentioned(text: &str, tokens: &[Token], affinity: &Affinity) -> Option<Range<usize>> {
    match affinity.kind {
        AffinityKind::Mutual => {
            let parts = distinctive_words(&affinity.value);
            tokens.iter().find(|t| t.norm.chars().count() >= 3 && parts.contains(&t.norm)).map(|t| t.range.clone())
        }
        AffinityKind::Content => {
            let by_cue = lexicon::CONTENT_CUES
                .iter()
                .flat_map(|p| text::find(text, tokens, p))
                .next()
                .map(|span| text::span_range(tokens, &span));
            if looks_like_url(&affinity.value) {
                by_cue
            } else {
                name_mentioned(text, tokens, &affinity.value).or(by_cue)
            }
        }
        _ => name_mentioned(text, tokens, &affinity.value),
    }
}

/// A sentence that claims a connection the record doesn't back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UngroundedClaim {
    /// The words that make the claim.
    pub(crate) cues: Vec<Range<usize>>,
    /// An unverified affinity the sentence names, if any.
    pub(crate) unverified: Option<Affinity>,
}

/// The claims of a connection in `sentence` (a byte range of `text`) that no verified
/// affinity of `person` backs.
pub(crate) fn ungrounded_claim(text: &str, sentence: Range<usize>, person: &Person) -> Option<UngroundedClaim> {
    let tokens = text::tokens(text, sentence);
    let mut cues: Vec<Range<usize>> = Vec::new();
    for pattern in lexicon::CLAIM_CUES {
        cues.extend(text::find(text, &tokens, pattern).iter().map(|s| text::span_range(&tokens, s)));
    }
    for (i, t) in tokens.iter().enumerate() {
        if t.norm != "fellow" {
            continue;
        }
        if let Some(next) = tokens.get(i + 1) {
            let gap = text.get(t.range.end..next.range.start).unwrap_or("");
            if !gap.contains([',', '.', ';', ':', '\n']) && !NOT_AFTER_FELLOW.contains(&next.norm.as_str()) {
                cues.push(t.range.start..next.range.end);
            }
        }
    }
    let mut content_cues: Vec<Range<usize>> = Vec::new();
    for pattern in lexicon::CONTENT_CUES {
        content_cues.extend(text::find(text, &tokens, pattern).iter().map(|s| text::span_range(&tokens, s)));
    }
    if cues.is_empty() && content_cues.is_empty() {
        return None;
    }
    let verified: Vec<&Affinity> = person.targeting.affinities.iter().filter(|a| a.verified).collect();
    // A mention of their article or talk is backed by any verified piece of their content;
    // every other claim needs a verified affinity named in the same sentence.
    let grounded = verified.iter().any(|a| affinity_mentioned(text, &tokens, a).is_some())
        || (cues.is_empty() && verified.iter().any(|a| a.kind == AffinityKind::Content));
    if grounded {
        return None;
    }
    cues.extend(content_cues);
    // Overlapping cues ("fellow member", "member of") quote as one: "fellow member of".
    cues.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for cue in cues {
        match merged.last_mut() {
            Some(last) if cue.start <= last.end => last.end = last.end.max(cue.end),
            _ => merged.push(cue),
        }
    }
    let cues = merged;
    let unverified = person
        .targeting
        .affinities
        .iter()
        .filter(|a| !a.verified)
        .find(|a| affinity_mentioned(text, &tokens, a).is_some())
        .cloned();
    Some(UngroundedClaim { cues, unverified })
}

/// A name, company or title written differently from the reader's record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Inaccuracy {
    pub(crate) range: Range<usize>,
    pub(crate) problem: String,
    pub(crate) fix: String,
}

fn close(a: &str, b: &str) -> bool {
    if a == b || a.chars().next() != b.chars().next() {
        return false;
    }
    let longest = a.chars().count().max(b.chars().count());
    let distance = strsim::damerau_levenshtein(a, b);
    distance <= if longest >= 8 { 2 } else { 1 }
}

/// Names, company and title in `text` that differ from the record of `person` (and of their
/// organization, named `org_name`): a greeting to someone else, a misspelt name or company,
/// a title that isn't theirs.
pub(crate) fn inaccuracies(text: &str, layout: &Layout, person: &Person, org_name: Option<&str>) -> Vec<Inaccuracy> {
    let mut out = Vec::new();
    let mut name_parts: Vec<String> = Vec::new();
    for part in [Some(person.name.full.as_str()), person.name.given.as_deref(), person.name.family.as_deref()]
        .into_iter()
        .flatten()
    {
        for t in text::tokens(part, 0..part.len()) {
            if !name_parts.contains(&t.norm) {
                name_parts.push(t.norm);
            }
        }
    }
    let org_parts: Vec<String> =
        org_name.map(|n| text::tokens(n, 0..n.len()).into_iter().map(|t| t.norm).collect()).unwrap_or_default();

    for range in &layout.greeting_name {
        let Some(word) = text.get(range.clone()) else { continue };
        let norm = text::fold(word);
        if name_parts.contains(&norm) || org_parts.contains(&norm) {
            continue;
        }
        let near = name_parts.iter().find(|p| close(&norm, p));
        let (problem, fix) = match near {
            Some(_) => (
                format!("The greeting spells their name \"{word}\"; their record has \"{}\".", person.name.full),
                format!("Write it as {} does: \"{}\".", person.name.greeting(), person.name.greeting()),
            ),
            None => (
                format!("The greeting names \"{word}\", but this note is for {}.", person.name.full),
                format!("Greet them by name: \"{}\".", person.name.greeting()),
            ),
        };
        out.push(Inaccuracy { range: range.clone(), problem, fix });
    }

    let body_tokens = text::tokens(text, layout.body.clone());
    for t in &body_tokens {
        let raw = text.get(t.range.clone()).unwrap_or("");
        if raw.chars().count() < 4 || !raw.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if name_parts.contains(&t.norm) || org_parts.contains(&t.norm) {
            continue;
        }
        let near_name = name_parts.iter().filter(|p| p.chars().count() >= 4).find(|p| close(&t.norm, p));
        let near_org = org_parts.iter().filter(|p| p.chars().count() >= 4).find(|p| close(&t.norm, p));
        if let Some(p) = near_org {
            let org = org_name.unwrap_or_default();
            out.push(Inaccuracy {
                range: t.range.clone(),
                problem: format!("\"{raw}\" looks like a misspelling of their company, {org} (\"{p}\")."),
                fix: format!("Spell it as the record does: {org}."),
            });
        } else if near_name.is_some() {
            out.push(Inaccuracy {
                range: t.range.clone(),
                problem: format!("\"{raw}\" looks like a misspelling of their name, {}.", person.name.full),
                fix: format!("Spell it as the record does: {}.", person.name.full),
            });
        }
    }

    if let Some(title) = person.title.as_deref() {
        for span in text::find(text, &body_tokens, "your role|work|position|job|experience|time as") {
            let mut words: Vec<&Token> = Vec::new();
            let mut previous_end = body_tokens.get(span.end - 1).map_or(0, |t| t.range.end);
            for t in body_tokens.iter().skip(span.end) {
                let gap = text.get(previous_end..t.range.start).unwrap_or("");
                if gap.contains([',', '.', '?', '!', ';', ':', '\n']) || words.len() == 4 {
                    break;
                }
                if matches!(t.norm.as_str(), "a" | "an" | "the") && words.is_empty() {
                    previous_end = t.range.end;
                    continue;
                }
                if matches!(t.norm.as_str(), "at" | "in" | "with" | "for" | "on" | "and" | "to" | "is" | "has") {
                    break;
                }
                words.push(t);
                previous_end = t.range.end;
            }
            let (Some(first), Some(last)) = (words.first(), words.last()) else { continue };
            let range = first.range.start..last.range.end;
            let stated = text.get(range.clone()).unwrap_or("");
            let stated_tokens = text::tokens(text, range.clone());
            if text::overlap(title, &stated_tokens).is_none()
                && text::overlap(stated, &text::tokens(title, 0..title.len())).is_none()
            {
                out.push(Inaccuracy {
                    range,
                    problem: format!("The note calls their role \"{stated}\"; their record says \"{title}\"."),
                    fix: format!(
                        "Use their title as recorded (\"{title}\"), or correct the record if it's out of date."
                    ),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token> {
        text::tokens(s, 0..s.len())
    }

    #[test]
    fn names_match_by_distinctive_words_or_initials() {
        let s = "I'm a fellow UBC alum.";
        assert!(name_mentioned(s, &toks(s), "University of British Columbia").is_some());
        assert!(name_mentioned(s, &toks(s), "UBC").is_some());
        let s = "fellow Rice alum here.";
        assert_eq!(name_mentioned(s, &toks(s), "Rice University").map(|r| &s[r]), Some("Rice"));
        let s = "I love data.";
        assert!(name_mentioned(s, &toks(s), "Women in Data").is_none());
    }

    #[test]
    fn mutual_acquaintances_match_on_either_name() {
        let aff = Affinity { kind: AffinityKind::Mutual, value: "Dana Kim".into(), verified: true };
        let s = "Dana suggested I write.";
        assert!(affinity_mentioned(s, &toks(s), &aff).is_some());
    }

    #[test]
    fn close_spellings_share_a_first_letter() {
        assert!(close("micrsoft", "microsoft"));
        assert!(close("jnae", "jane"));
        assert!(!close("jane", "jane"));
        assert!(!close("well", "bell"));
    }
}
