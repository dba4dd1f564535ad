//! Plain-text analysis shared by the outreach linter and the thank-you checker: words,
//! sentences, the greeting and sign-off around a message body, and phrase matching.
//!
//! Every position here is a byte offset into the text that was analysed, so a finding can
//! point at the exact words at fault.

use std::ops::Range;

/// A word for matching: a run of letters and digits (inner apostrophes kept, so `I'm` is one
/// word), with a folded form (ASCII, lower case, straight apostrophes) to compare against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) range: Range<usize>,
    pub(crate) norm: String,
}

/// Splits `text[within]` into tokens with absolute byte ranges.
pub(crate) fn tokens(text: &str, within: Range<usize>) -> Vec<Token> {
    let Some(slice) = text.get(within.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let is_word = c.is_alphanumeric();
        let is_inner_apostrophe = (c == '\'' || c == '’')
            && start.is_some()
            && chars.get(i + 1).is_some_and(|&(_, next)| next.is_alphanumeric());
        match (start, is_word || is_inner_apostrophe) {
            (None, true) => start = Some(at),
            (Some(s), false) => {
                out.push(make_token(slice, within.start, s..at));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(make_token(slice, within.start, s..slice.len()));
    }
    out
}

fn make_token(slice: &str, offset: usize, local: Range<usize>) -> Token {
    let raw = slice.get(local.clone()).unwrap_or("");
    Token { range: offset + local.start..offset + local.end, norm: fold(raw) }
}

/// Folds a word for comparison: ASCII transliteration, lower case, straight apostrophes.
pub(crate) fn fold(raw: &str) -> String {
    deunicode::deunicode(raw).to_lowercase().replace('’', "'")
}

/// The number of words in `text`: whitespace-separated pieces holding a letter or digit.
/// `I'm` and `15–20` each count once; a lone dash does not count.
pub(crate) fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// The byte ranges of the words of `text[within]`, counted as [`word_count`] counts them.
pub(crate) fn word_ranges(text: &str, within: Range<usize>) -> Vec<Range<usize>> {
    let Some(slice) = text.get(within.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (at, c) in slice.char_indices().chain(std::iter::once((slice.len(), ' '))) {
        match (start, c.is_whitespace()) {
            (None, false) => start = Some(at),
            (Some(s), true) => {
                if slice.get(s..at).is_some_and(|w| w.chars().any(char::is_alphanumeric)) {
                    out.push(within.start + s..within.start + at);
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Narrows `range` so it starts and ends on non-whitespace.
pub(crate) fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(slice) = text.get(range.clone()) else {
        return range.start..range.start;
    };
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead == slice.len() {
        return range.start..range.start;
    }
    range.start + lead..range.end - trail
}

/// Words that end a sentence with a full stop without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "mx", "prof", "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp", "dept", "approx",
    "no", "e.g", "i.e", "eg", "ie", "u.s", "u.k", "a.m", "p.m",
];

/// Splits `text[within]` into sentences: at `.`, `?`, `!` followed by a space or the end, at
/// blank lines and before bulleted lines. Each range is trimmed and holds at least one word.
pub(crate) fn sentences(text: &str, within: Range<usize>) -> Vec<Range<usize>> {
    let Some(slice) = text.get(within.clone()) else {
        return Vec::new();
    };
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let mut cuts: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if matches!(c, '.' | '?' | '!' | '…') {
            let mut j = i;
            while j + 1 < chars.len()
                && matches!(chars[j + 1].1, '.' | '?' | '!' | '…' | '"' | '”' | '’' | '\'' | ')' | ']')
            {
                j += 1;
            }
            let end = chars.get(j + 1).map_or(slice.len(), |&(a, _)| a);
            let followed_by_space = chars.get(j + 1).is_none_or(|&(_, n)| n.is_whitespace());
            let single_full_stop = i == j && c == '.';
            if followed_by_space && !(single_full_stop && is_abbreviation_before(slice, at)) {
                cuts.push(end);
            }
            i = j + 1;
            continue;
        }
        if c == '\n' {
            let rest = &slice[at + 1..];
            let next_line = rest.split('\n').next().unwrap_or("");
            let blank_next = next_line.trim().is_empty();
            let bullet_next = {
                let t = next_line.trim_start();
                t.starts_with("- ") || t.starts_with("* ") || t.starts_with("• ")
            };
            if blank_next || bullet_next {
                cuts.push(at);
            }
        }
        i += 1;
    }
    cuts.push(slice.len());
    let mut out = Vec::new();
    let mut start = 0;
    for cut in cuts {
        if cut <= start {
            continue;
        }
        let range = trim_range(text, within.start + start..within.start + cut);
        if text.get(range.clone()).is_some_and(|s| s.chars().any(char::is_alphanumeric)) {
            out.push(range);
        }
        start = cut;
    }
    out
}

fn is_abbreviation_before(slice: &str, dot_at: usize) -> bool {
    let before = &slice[..dot_at];
    let word: String = before.chars().rev().take_while(|c| c.is_alphanumeric() || *c == '.').collect();
    let word: String = word.chars().rev().collect::<String>().to_lowercase();
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        // A lone initial, as in "J. Smith".
        return true;
    }
    ABBREVIATIONS.contains(&word.as_str())
}

/// Words that open a greeting line.
const GREETING_WORDS: &[&str] = &["hi", "hello", "hey", "dear", "greetings", "hiya", "howdy"];
const HONORIFICS: &[&str] = &["dr", "mr", "mrs", "ms", "mx", "prof", "professor", "miss", "sir", "madam"];
/// Words after a greeting that address nobody in particular.
pub(crate) const GENERIC_ADDRESSEES: &[&str] =
    &["there", "all", "team", "everyone", "folks", "friend", "friends", "whom", "it", "may", "concern", "to"];

/// Closing phrases that start a sign-off, as folded word sequences.
const SIGN_OFFS: &[&[&str]] = &[
    &["thank", "you", "so", "much"],
    &["thank", "you", "again"],
    &["thank", "you"],
    &["thanks", "so", "much"],
    &["thanks", "again"],
    &["thanks", "in", "advance"],
    &["many", "thanks"],
    &["thanks"],
    &["with", "thanks"],
    &["with", "gratitude"],
    &["all", "the", "best"],
    &["best", "regards"],
    &["best", "wishes"],
    &["best"],
    &["kind", "regards"],
    &["warm", "regards"],
    &["warmest", "regards"],
    &["regards"],
    &["warmly"],
    &["cheers"],
    &["sincerely"],
    &["yours", "sincerely"],
    &["yours", "truly"],
    &["respectfully"],
    &["gratefully"],
    &["take", "care"],
    &["talk", "soon"],
];

/// Where the greeting, body and sign-off of a message lie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Layout {
    pub(crate) greeting: Option<Range<usize>>,
    /// The words of the greeting that name the reader ("Jane" in "Hi Jane,").
    pub(crate) greeting_name: Vec<Range<usize>>,
    pub(crate) body: Range<usize>,
    pub(crate) sign_off: Option<Range<usize>>,
}

/// Finds the greeting, body and sign-off of `text`. The greeting is the opening salutation
/// up to its comma, colon, `!` or line end ("Hi Jane,"); the sign-off runs from a closing
/// phrase near the end ("Thanks, and all the best, Andrew") or from a short trailing
/// signature block. Everything between is the body.
pub(crate) fn layout(text: &str) -> Layout {
    let all = tokens(text, 0..text.len());
    let (greeting, greeting_name) = find_greeting(text, &all);
    let body_start = greeting.as_ref().map_or(0, |g| g.end);
    let sign_off = find_sign_off(text, &all, body_start);
    let body_end = sign_off.as_ref().map_or(text.len(), |s| s.start);
    let body = trim_range(text, body_start..body_end.max(body_start));
    Layout { greeting, greeting_name, body, sign_off }
}

fn find_greeting(text: &str, all: &[Token]) -> (Option<Range<usize>>, Vec<Range<usize>>) {
    let Some(first) = all.first() else {
        return (None, Vec::new());
    };
    let start = text.len() - text.trim_start().len();
    if first.range.start != start {
        // The text opens with punctuation or a symbol, not a salutation.
        return (None, Vec::new());
    }
    let second = all.get(1).map(|t| t.norm.as_str());
    let opens = GREETING_WORDS.contains(&first.norm.as_str())
        || (first.norm == "good" && matches!(second, Some("morning" | "afternoon" | "evening" | "day")))
        || (first.norm == "to" && second == Some("whom"));
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if opens {
        // A delimiter counts only if what precedes it is a short salutation, not a sentence
        // ("Hi Jane I'm Andrew." has no greeting delimiter, only a full stop).
        let end = delimiter_after(text, first.range.end, line_end).filter(|&e| {
            let inside: Vec<&Token> = all.iter().filter(|t| t.range.start >= start && t.range.end <= e).collect();
            inside.len() <= 5 && !inside.iter().any(|t| t.norm == "i" || t.norm.starts_with("i'") || t.norm == "my")
        });
        let mut end = match end {
            Some(e) => e,
            None => {
                // "Hi Jane I'm Andrew": the greeting is the salutation and the capitalized name.
                let mut last = first.range.end;
                for t in all.iter().skip(1).take(3) {
                    let word = &text[t.range.clone()];
                    if t.range.start > line_end || !word.chars().next().is_some_and(char::is_uppercase) {
                        break;
                    }
                    if word == "I" || word.starts_with("I'") || word.starts_with("I’") {
                        break;
                    }
                    last = t.range.end;
                }
                last
            }
        };
        let words_in = all.iter().filter(|t| t.range.start >= start && t.range.end <= end).count();
        if words_in > 7 {
            return (None, Vec::new());
        }
        // "Hi, Jane," names the reader after the first comma.
        if text[..end].ends_with(',') {
            let after: Vec<&Token> = all.iter().filter(|t| t.range.start >= end).take(3).collect();
            if let Some(next_end) = delimiter_after(text, end, line_end) {
                let names: Vec<&&Token> = after.iter().filter(|t| t.range.end <= next_end).collect();
                let capitalized =
                    names.iter().all(|t| text[t.range.clone()].chars().next().is_some_and(char::is_uppercase));
                let between = &text[end..next_end];
                if !names.is_empty()
                    && names.len() <= 2
                    && capitalized
                    && !between.contains('.')
                    && !names.iter().any(|t| t.norm == "i" || t.norm.starts_with("i'"))
                {
                    end = next_end;
                }
            }
        }
        let names = name_tokens(text, all, start, end);
        return (Some(start..end), names);
    }
    // A first line that is only a name and a comma: "Jane," or "Ms. Lee:".
    let line = text[start..line_end].trim_end();
    let line_words = all.iter().filter(|t| t.range.end <= start + line.len()).count();
    if (line.ends_with(',') || line.ends_with(':')) && (1..=3).contains(&line_words) && line_end < text.len() {
        let end = start + line.len();
        let names = name_tokens(text, all, start, end);
        return (Some(start..end), names);
    }
    (None, Vec::new())
}

/// The end (just past it) of the first greeting delimiter after `from`, on the same line.
fn delimiter_after(text: &str, from: usize, line_end: usize) -> Option<usize> {
    let segment = text.get(from..line_end)?;
    let mut seen_word = false;
    for (i, c) in segment.char_indices() {
        if matches!(c, ',' | ':' | '!' | '—' | '–') {
            return Some(from + i + c.len_utf8());
        }
        if c == '.' && seen_word {
            // "Hi Jane. I'm…" also closes a greeting, but "Dr." does not.
            let before = &segment[..i];
            let word: String = before.chars().rev().take_while(|c| c.is_alphanumeric()).collect();
            let word: String = word.chars().rev().collect::<String>().to_lowercase();
            if !HONORIFICS.contains(&word.as_str()) {
                return Some(from + i + 1);
            }
        }
        if c.is_alphanumeric() {
            seen_word = true;
        }
    }
    if line_end < text.len() && segment.split_whitespace().count() <= 3 {
        return Some(line_end);
    }
    None
}

fn name_tokens(text: &str, all: &[Token], start: usize, end: usize) -> Vec<Range<usize>> {
    all.iter()
        .filter(|t| t.range.start >= start && t.range.end <= end)
        .filter(|t| {
            let n = t.norm.as_str();
            !GREETING_WORDS.contains(&n)
                && !HONORIFICS.contains(&n)
                && !GENERIC_ADDRESSEES.contains(&n)
                && !matches!(n, "good" | "morning" | "afternoon" | "evening" | "day")
                && text[t.range.clone()].chars().next().is_some_and(char::is_uppercase)
        })
        .map(|t| t.range.clone())
        .collect()
}

fn find_sign_off(text: &str, all: &[Token], body_start: usize) -> Option<Range<usize>> {
    let candidates: Vec<usize> =
        all.iter().enumerate().filter(|(_, t)| t.range.start >= body_start).map(|(i, _)| i).collect();
    for &i in &candidates {
        let token = &all[i];
        if !at_sentence_start(text, token.range.start, body_start) {
            continue;
        }
        for phrase in SIGN_OFFS {
            let Some(last) = match_words(all, i, phrase) else {
                continue;
            };
            let after = &text[all[last].range.end..];
            let next = after.trim_start_matches([' ', '\t']).chars().next();
            if !matches!(next, None | Some(',' | '!' | '.' | '\n' | '\r' | '—' | '-' | '–')) {
                continue;
            }
            let tail = &text[token.range.start..];
            if word_count(tail) <= 25 && !tail.contains('?') {
                return Some(token.range.start..text.len());
            }
        }
    }
    signature_block(text, body_start)
}

fn at_sentence_start(text: &str, at: usize, body_start: usize) -> bool {
    if at <= body_start {
        return true;
    }
    let before = text[body_start..at].trim_end_matches([' ', '\t']);
    match before.chars().last() {
        None => true,
        Some(c) => matches!(c, '.' | '?' | '!' | '\n' | '"' | '”' | ')' | '…'),
    }
}

fn match_words(all: &[Token], i: usize, words: &[&str]) -> Option<usize> {
    for (k, word) in words.iter().enumerate() {
        if all.get(i + k)?.norm != *word {
            return None;
        }
    }
    Some(i + words.len() - 1)
}

/// A trailing block of short lines without sentence punctuation ("Ana Silva", a title line, a
/// profile link), or everything after a `--` signature separator.
fn signature_block(text: &str, body_start: usize) -> Option<Range<usize>> {
    if let Some(i) = text[body_start..].find("\n--") {
        let at = body_start + i + 1;
        let line = text[at..].split('\n').next().unwrap_or("").trim();
        if line == "--" {
            return Some(at..text.len());
        }
    }
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut offset = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        lines.push((offset, line));
        offset += line.len();
    }
    let mut block_start: Option<usize> = None;
    let mut seen = 0;
    for &(at, line) in lines.iter().rev() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if block_start.is_some() {
                break;
            }
            continue;
        }
        let terminal = trimmed.ends_with(['.', '?', '!', ',', ':', ';']);
        if terminal || word_count(trimmed) > 6 {
            break;
        }
        block_start = Some(at);
        seen += 1;
        if seen == 4 {
            break;
        }
    }
    let start = block_start?;
    // Only a block below some body text is a signature.
    let before = text[body_start..start].trim();
    if before.is_empty() {
        return None;
    }
    Some(trim_range(text, start..text.len()))
}

/// One element of a phrase pattern: any of several words, each exact or a prefix (`referr*`).
#[derive(Clone, Debug)]
struct Alternatives(Vec<(String, bool)>);

impl Alternatives {
    fn matches(&self, norm: &str) -> bool {
        self.0.iter().any(|(w, prefix)| if *prefix { norm.starts_with(w.as_str()) } else { norm == w })
    }
}

fn compile(pattern: &str) -> Vec<Alternatives> {
    pattern
        .split_whitespace()
        .map(|element| {
            Alternatives(
                element
                    .split('|')
                    .map(|alt| match alt.strip_suffix('*') {
                        Some(prefix) => (prefix.to_string(), true),
                        None => (alt.to_string(), false),
                    })
                    .collect(),
            )
        })
        .collect()
}

/// Finds every place in `tokens` where `pattern` matches, as token index ranges.
///
/// A pattern is space-separated elements; each element is one or more words joined by `|`,
/// and a word ending in `*` matches as a prefix: `"opportunit* at|with|on"`. A match never
/// runs across the end of a sentence.
pub(crate) fn find(text: &str, tokens: &[Token], pattern: &str) -> Vec<Range<usize>> {
    let compiled = compile(pattern);
    if compiled.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i + compiled.len() <= tokens.len() {
        let mut ok = true;
        for (k, element) in compiled.iter().enumerate() {
            let t = &tokens[i + k];
            if !element.matches(&t.norm) {
                ok = false;
                break;
            }
            if k > 0 {
                let gap = text.get(tokens[i + k - 1].range.end..t.range.start).unwrap_or("");
                if gap.contains(['.', '?', '!', ';', '\n']) {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            out.push(i..i + compiled.len());
            i += compiled.len();
        } else {
            i += 1;
        }
    }
    out
}

/// Byte range covered by the tokens `span` (indices into `tokens`).
pub(crate) fn span_range(tokens: &[Token], span: &Range<usize>) -> Range<usize> {
    match (tokens.get(span.start), span.end.checked_sub(1).and_then(|e| tokens.get(e))) {
        (Some(a), Some(b)) => a.range.start..b.range.end,
        _ => 0..0,
    }
}

/// Function words and words too general to say anything specific.
const STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
    "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "him", "his", "how", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "it", "it's", "its", "just",
    "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our",
    "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
    "you", "you'd", "you'll", "you're", "you've", "your", "yours", "let", "get", "got", "one", "two", "like", "really",
    "much", "many", "lot", "lots", "thing", "things", "way", "ways", "well", "even", "still", "yet", "may", "might",
    "must", "shall", "us", "it'll", "that's", "what's", "don't", "didn't", "isn't", "wasn't", "can't", "won't", "via",
    "per",
];

/// Words too generic to count as a specific detail of a meeting (every thank-you has them).
const GENERIC_WORDS: &[&str] = &[
    "advice",
    "insight",
    "insights",
    "time",
    "conversation",
    "chat",
    "talk",
    "talking",
    "meeting",
    "today",
    "great",
    "thank",
    "thanks",
    "help",
    "helpful",
    "learn",
    "learned",
    "learning",
    "industry",
    "field",
    "career",
    "work",
    "company",
    "team",
    "information",
    "perspective",
    "experience",
    "question",
    "questions",
    "good",
    "new",
    "make",
    "take",
    "know",
    "think",
    "said",
    "say",
    "tell",
    "told",
    "share",
    "shared",
    "appreciate",
    "appreciated",
    "enjoyed",
    "useful",
    "interesting",
    "important",
    "want",
    "need",
    "use",
    "going",
    "see",
    "look",
    "looking",
    "keep",
    "come",
    "give",
    "find",
    "try",
    "feel",
    "seem",
    "start",
    "change",
    "next",
    "week",
    "day",
    "year",
    "people",
    "someone",
    "something",
    "everything",
    "anything",
    "plan",
    "step",
    "kind",
    "sure",
    "glad",
    "happy",
    "hope",
];

/// Reduces a folded word to a rough stem so "tests" meets "test" and "hiring" meets "hire".
pub(crate) fn stem(word: &str) -> String {
    let w = word.trim_end_matches("'s");
    let len = w.chars().count();
    if len > 6 && w.ends_with("tion") {
        // "introduction" meets "introduce".
        return w[..w.len() - 4].to_string();
    }
    if len > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    if len > 5 && w.ends_with("ing") {
        return w[..w.len() - 3].trim_end_matches('e').to_string();
    }
    if len > 4 && w.ends_with("ed") {
        return w[..w.len() - 2].trim_end_matches('e').to_string();
    }
    if len > 3 && w.ends_with('s') && !w.ends_with("ss") {
        return w[..w.len() - 1].trim_end_matches('e').to_string();
    }
    if len > 3 && w.ends_with('e') {
        return w[..w.len() - 1].to_string();
    }
    w.to_string()
}

/// Whether a folded word carries content (not a function word, not generic in any form).
pub(crate) fn is_content(norm: &str) -> bool {
    (norm.chars().count() >= 3 || norm.chars().all(|c| c.is_ascii_digit()))
        && !STOPWORDS.contains(&norm)
        && !GENERIC_WORDS.contains(&norm)
        && !GENERIC_WORDS.contains(&stem(norm).as_str())
}

/// The distinct stems of the content words of `text`.
pub(crate) fn content_stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tokens(text, 0..text.len()) {
        if is_content(&t.norm) {
            let s = stem(&t.norm);
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// Where the content words of `needle` appear among `haystack` tokens, if enough of them
/// do: all of them when the needle has one or two content words, else at least two.
/// Returns the byte ranges of the matching tokens.
pub(crate) fn overlap(needle: &str, haystack: &[Token]) -> Option<Vec<Range<usize>>> {
    let stems = content_stems(needle);
    if stems.is_empty() {
        return None;
    }
    let mut matched: Vec<String> = Vec::new();
    let mut ranges = Vec::new();
    for t in haystack {
        if !is_content(&t.norm) {
            continue;
        }
        let s = stem(&t.norm);
        if stems.contains(&s) {
            ranges.push(t.range.clone());
            if !matched.contains(&s) {
                matched.push(s);
            }
        }
    }
    let needed = stems.len().min(2);
    (matched.len() >= needed).then_some(ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT3: &str = "Hi Jane, I'm Andrew, a fellow UBC alum from the Genome Science and Technology program. \
May I chat with you for a few minutes about your experience as a data scientist at Microsoft? I'm interested in \
learning more about how data science is applied in the tech industry, and I'm also curious about how you got into \
the field. Your insights would be greatly appreciated! Thanks, and all the best, Andrew";

    #[test]
    fn the_worked_example_splits_into_greeting_body_and_sign_off() {
        let l = layout(AT3);
        assert_eq!(&AT3[l.greeting.clone().unwrap()], "Hi Jane,");
        assert_eq!(&AT3[l.sign_off.clone().unwrap()], "Thanks, and all the best, Andrew");
        assert_eq!(word_count(&AT3[l.body.clone()]), 63);
        assert_eq!(word_count(AT3), 71);
        let names: Vec<&str> = l.greeting_name.iter().map(|r| &AT3[r.clone()]).collect();
        assert_eq!(names, ["Jane"]);
        let s = sentences(AT3, l.body);
        assert_eq!(s.len(), 4);
        assert!(AT3[s[1].clone()].ends_with("Microsoft?"));
    }

    #[test]
    fn greetings_come_in_several_shapes() {
        for (text, greeting, name) in [
            ("Dear Dr. Lee,\nThank you.", "Dear Dr. Lee,", "Lee"),
            ("Hello!\n\nA note.", "Hello!", ""),
            ("Hi, Sam, a quick note.", "Hi, Sam,", "Sam"),
            ("Jane,\nA quick note.", "Jane,", "Jane"),
            ("Good morning Ana: a note.", "Good morning Ana:", "Ana"),
            ("Hi Jane I'm Andrew.", "Hi Jane", "Jane"),
        ] {
            let l = layout(text);
            assert_eq!(&text[l.greeting.clone().unwrap()], greeting, "{text}");
            let names: Vec<&str> = l.greeting_name.iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(names.join(" "), name, "{text}");
        }
        assert_eq!(layout("I'm writing to ask a question.").greeting, None);
    }

    #[test]
    fn sign_offs_and_signature_blocks_are_found() {
        let text = "Hi Jo,\n\nThank you for the talk. It helped.\n\nBest,\nAna Silva\nlinkedin.com/in/ana";
        let l = layout(text);
        assert_eq!(&text[l.sign_off.unwrap()], "Best,\nAna Silva\nlinkedin.com/in/ana");
        let text = "Hi Jo,\n\nWould you be open to a call?\n\nAna Silva";
        assert_eq!(&text[layout(text).sign_off.unwrap()], "Ana Silva");
        // "Thank you for…" is a sentence of the body, not a sign-off.
        let text = "Hi Jo, thank you for the talk. Thanks again!\nAna";
        let l = layout(text);
        assert_eq!(&text[l.body], "thank you for the talk.");
    }

    #[test]
    fn sentences_skip_abbreviations_and_initials() {
        let text = "I met Dr. Lee and J. Smith at the U.S. office. Was it good? Yes!";
        let s = sentences(text, 0..text.len());
        assert_eq!(s.len(), 3, "{s:?}");
    }

    #[test]
    fn tokens_keep_inner_apostrophes_and_fold_accents() {
        let text = "I’m sending my résumé";
        let t = tokens(text, 0..text.len());
        let norms: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(norms, ["i'm", "sending", "my", "resume"]);
        assert_eq!(&text[t[3].range.clone()], "résumé");
    }

    #[test]
    fn patterns_match_alternatives_and_prefixes_within_a_sentence() {
        let text = "Any opportunities at Acme? I was referred. Hire. Me too.";
        let t = tokens(text, 0..text.len());
        assert_eq!(find(text, &t, "opportunit* at|with|on").len(), 1);
        assert_eq!(find(text, &t, "referr*").len(), 1);
        assert!(find(text, &t, "hire me").is_empty());
    }

    #[test]
    fn overlap_needs_two_content_words_or_all_of_one() {
        let note = "Your point about SQL take-home tests stuck with me.";
        let t = tokens(note, 0..note.len());
        assert!(overlap("Hiring managers weigh SQL take-home tests over certificates", &t).is_some());
        assert!(overlap("Certificates matter less than portfolios", &t).is_none());
        assert!(overlap("SQL", &t).is_some());
        assert!(overlap("the industry", &t).is_none());
    }

    #[test]
    fn word_ranges_agree_with_word_count() {
        let text = "One — two  15–20 three.";
        assert_eq!(word_ranges(text, 0..text.len()).len(), word_count(text));
        assert_eq!(word_count(text), 4);
    }
}
