//! The checks E1–E15 of the outreach linter (§4.4), each a function from an analysed draft to
//! its findings. The follow-up linter reuses E2, E12 and the request detection of E4.

use std::ops::Range;

use super::facts;
use super::lexicon;
use super::report::{CheckId, Excerpt, Finding, Place, Severity, TextStats};
use super::text::{self, Layout, Token};
use super::{OutreachChannel, OutreachMessage, OutreachRules, Recipient};
use crate::profile::Edition;

/// A message split up for checking: its layout, its words and the sentences of its body.
pub(crate) struct Analysis<'a> {
    pub(crate) text: &'a str,
    pub(crate) subject: Option<&'a str>,
    pub(crate) layout: Layout,
    pub(crate) all_tokens: Vec<Token>,
    pub(crate) body_tokens: Vec<Token>,
    pub(crate) subject_tokens: Vec<Token>,
    /// Byte ranges of the body's sentences.
    pub(crate) sentences: Vec<Range<usize>>,
    pub(crate) body_words: usize,
}

impl<'a> Analysis<'a> {
    pub(crate) fn new(text: &'a str, subject: Option<&'a str>) -> Self {
        let layout = text::layout(text);
        let all_tokens = text::tokens(text, 0..text.len());
        let body_tokens = text::tokens(text, layout.body.clone());
        let subject_tokens = subject.map(|s| text::tokens(s, 0..s.len())).unwrap_or_default();
        let sentences = text::sentences(text, layout.body.clone());
        let body_words = text::word_count(text.get(layout.body.clone()).unwrap_or(""));
        Self { text, subject, layout, all_tokens, body_tokens, subject_tokens, sentences, body_words }
    }

    pub(crate) fn excerpt(&self, range: Range<usize>) -> Excerpt {
        Excerpt::new(Place::Text, self.text, range)
    }

    pub(crate) fn subject_excerpt(&self, range: Range<usize>) -> Excerpt {
        Excerpt::new(Place::Subject, self.subject.unwrap_or(""), range)
    }

    pub(crate) fn sentence_tokens(&self, sentence: &Range<usize>) -> Vec<Token> {
        text::tokens(self.text, sentence.clone())
    }

    pub(crate) fn quote(&self, range: &Range<usize>) -> &str {
        self.text.get(range.clone()).unwrap_or("")
    }

    pub(crate) fn stats(&self, about_them_words: usize) -> TextStats {
        TextStats {
            total_words: text::word_count(self.text),
            body_words: self.body_words,
            sentences: self.sentences.len(),
            about_them_words,
            characters: self.text.trim().chars().count(),
        }
    }
}

/// Byte ranges where any of `patterns` match among `tokens`, in order, without repeats.
pub(crate) fn find_any(text: &str, tokens: &[Token], patterns: &[&str]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = patterns
        .iter()
        .flat_map(|p| text::find(text, tokens, p).into_iter().map(|span| text::span_range(tokens, &span)))
        .collect();
    // Of overlapping matches, keep the one that starts first and, among those, the longest.
    out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    out.dedup_by(|b, a| b.start < a.end);
    out
}

fn quotes(excerpts: &[Excerpt]) -> String {
    let list: Vec<String> = excerpts.iter().map(|e| format!("\"{}\"", e.quote)).collect();
    list.join(", ")
}

/// Runs E1–E15 over `message` for `recipient`.
pub(crate) fn run(
    message: &OutreachMessage,
    recipient: &Recipient<'_>,
    rules: &OutreachRules,
) -> (Vec<Finding>, TextStats) {
    let a = Analysis::new(&message.text, message.subject.as_deref());
    let (about_them_words, e6) = about_them(&a, recipient);
    let mut findings = Vec::new();
    findings.extend(length(&a, rules));
    findings.extend(job_words(&a, message.attachments));
    findings.extend(connection_first(&a, recipient, message.channel));
    findings.extend(ask_as_question(&a));
    findings.extend(narrow_and_broad(&a, recipient, rules.edition()));
    findings.extend(e6);
    findings.extend(attachments(&a, message.attachments, CheckId::E7));
    findings.extend(time_ask(&a));
    findings.extend(subject_line(&a, message.channel));
    findings.extend(phrases(&a));
    findings.extend(specific_detail(&a, recipient));
    findings.extend(grounding(&a, recipient));
    findings.extend(channel_limits(&a, message.channel));
    findings.extend(scheduling(&a));
    findings.extend(readability(&a));
    (findings, a.stats(about_them_words))
}

/// E1: the body's word count against the edition's target and limit.
fn length(a: &Analysis<'_>, rules: &OutreachRules) -> Vec<Finding> {
    let n = a.body_words;
    let (target, limit) = (rules.word_target(), rules.word_limit());
    if n <= target {
        return Vec::new();
    }
    let words = text::word_ranges(a.text, a.layout.body.clone());
    let cut = if n > limit { limit } else { target };
    let overflow = match (words.get(cut), words.last()) {
        (Some(first), Some(last)) => vec![a.excerpt(first.start..last.end)],
        _ => Vec::new(),
    };
    let (severity, problem) = if n > limit {
        (Severity::Fail, format!("The body runs to {n} words; the limit is {limit}."))
    } else {
        (Severity::Warn, format!("The body runs to {n} words; aim for {target} or fewer."))
    };
    vec![
        Finding::new(
            CheckId::E1,
            severity,
            problem,
            format!(
                "Cut it to {target} words or fewer: keep the connection, the question and why them, and drop your own background."
            ),
        )
        .at(overflow),
    ]
}

/// E2: no job words in the subject or the text, and no attachments.
pub(crate) fn job_words(a: &Analysis<'_>, attachments: bool) -> Vec<Finding> {
    let mut excerpts = Vec::new();
    for (tokens, place) in [(&a.subject_tokens, Place::Subject), (&a.all_tokens, Place::Text)] {
        let source = match place {
            Place::Subject => a.subject.unwrap_or(""),
            Place::Text => a.text,
        };
        for pattern in lexicon::JOB_WORDS {
            for span in text::find(source, tokens, pattern) {
                // "your position as …" describes their job, not one the seeker wants.
                let describes_theirs = span.len() == 1
                    && tokens[span.start].norm.starts_with("position")
                    && span.start > 0
                    && tokens[span.start - 1].norm == "your"
                    && tokens.get(span.end).is_some_and(|t| t.norm == "as");
                if !describes_theirs {
                    excerpts.push(Excerpt::new(place, source, text::span_range(tokens, &span)));
                }
            }
        }
    }
    excerpts.sort_by_key(|e| (e.place == Place::Text, e.range.start));
    let mut out = Vec::new();
    if !excerpts.is_empty() {
        out.push(
            Finding::new(
                CheckId::E2,
                Severity::Fail,
                format!("These words make the note read as a request for a job: {}.", quotes(&excerpts)),
                "Ask only for their advice and insight; roles, openings and your résumé can wait until after you have talked.",
            )
            .at(excerpts),
        );
    }
    if attachments {
        out.push(Finding::new(
            CheckId::E2,
            Severity::Fail,
            "An attachment makes a first note read like an application.",
            "Send it without the attachment; share documents only if they ask for them.",
        ));
    }
    out
}

/// E3: a verified connection in the first sentence, and (as a warning) in the subject.
fn connection_first(a: &Analysis<'_>, r: &Recipient<'_>, channel: OutreachChannel) -> Vec<Finding> {
    let verified: Vec<_> = r.person.targeting.affinities.iter().filter(|x| x.verified).collect();
    let name = &r.person.name.full;
    if verified.is_empty() {
        return vec![Finding::new(
            CheckId::E3,
            Severity::Fail,
            format!("{name}'s record has no verified connection to you, so the note cannot open with one."),
            "Verify a shared school, group, employer or acquaintance on their record if there is one; if there is none, ask someone who knows them to introduce you instead of writing cold.",
        )];
    }
    let listed: Vec<String> = verified.iter().map(|x| x.value.clone()).collect();
    let listed = listed.join(", ");
    let mut out = Vec::new();
    match a.sentences.first() {
        None => out.push(Finding::new(
            CheckId::E3,
            Severity::Fail,
            "The note has no body, so nothing opens with your connection.",
            format!("Open with what you share ({listed}), then ask your question."),
        )),
        Some(first) => {
            let tokens = a.sentence_tokens(first);
            let in_first = verified.iter().any(|x| facts::affinity_mentioned(a.text, &tokens, x).is_some());
            if !in_first {
                let later = a.sentences.iter().enumerate().skip(1).find_map(|(i, s)| {
                    let t = a.sentence_tokens(s);
                    verified.iter().find_map(|x| facts::affinity_mentioned(a.text, &t, x)).map(|range| (i, range))
                });
                let finding = match later {
                    Some((i, range)) => Finding::new(
                        CheckId::E3,
                        Severity::Fail,
                        format!(
                            "Your connection only comes up in sentence {}; the first sentence should carry it.",
                            i + 1
                        ),
                        format!("Move \"{}\" into the opening sentence.", a.quote(&range)),
                    )
                    .at([a.excerpt(first.clone()), a.excerpt(range)]),
                    None => Finding::new(
                        CheckId::E3,
                        Severity::Fail,
                        format!("The first sentence doesn't mention what you share ({listed})."),
                        "Open with the connection, so they know at once why you are writing to them.",
                    )
                    .at([a.excerpt(first.clone())]),
                };
                out.push(finding);
            }
        }
    }
    if channel != OutreachChannel::LinkedInNote
        && let Some(subject) = a.subject.filter(|s| !s.trim().is_empty())
        && !verified.iter().any(|x| facts::affinity_mentioned(subject, &a.subject_tokens, x).is_some())
    {
        out.push(
            Finding::new(
                CheckId::E3,
                Severity::Warn,
                "The subject line doesn't mention your connection.",
                format!("Name what you share ({listed}) in the subject too; it is what gets the note opened."),
            )
            .at([a.subject_excerpt(0..subject.len())]),
        );
    }
    out
}

/// The body's sentences that end in a question mark and hold a request, and the questions
/// that hold none.
pub(crate) fn requests(a: &Analysis<'_>) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let mut asks = Vec::new();
    let mut other = Vec::new();
    for s in &a.sentences {
        if !a.quote(s).trim_end_matches(['"', '”', '’', '\'', ')', ']']).ends_with('?') {
            continue;
        }
        let tokens = a.sentence_tokens(s);
        if find_any(a.text, &tokens, lexicon::REQUEST_CUES).is_empty() {
            other.push(s.clone());
        } else {
            asks.push(s.clone());
        }
    }
    (asks, other)
}

/// E4: the ask is a question with a request in it, and there is one clear ask.
fn ask_as_question(a: &Analysis<'_>) -> Vec<Finding> {
    let (asks, other) = requests(a);
    let mut out = Vec::new();
    if asks.is_empty() {
        let problem = if other.is_empty() {
            "The note never asks anything: no sentence is a question that makes a request.".to_string()
        } else {
            "The note's question doesn't ask for anything they could say yes to.".to_string()
        };
        out.push(
            Finding::new(
                CheckId::E4,
                Severity::Fail,
                problem,
                "End with one request phrased as a question, such as whether they would be open to a short call about their work.",
            )
            .at(other.iter().map(|s| a.excerpt(s.clone()))),
        );
    }
    let marks: Vec<Range<usize>> = a
        .text
        .get(a.layout.body.clone())
        .unwrap_or("")
        .match_indices('?')
        .map(|(i, _)| a.layout.body.start + i..a.layout.body.start + i + 1)
        .collect();
    if marks.len() > 2 {
        let questions: Vec<Excerpt> = asks.iter().chain(other.iter()).map(|s| a.excerpt(s.clone())).collect();
        out.push(
            Finding::new(
                CheckId::E4,
                Severity::Warn,
                format!("The note asks {} questions; several asks are harder to answer than one.", marks.len()),
                "Keep the single request that matters and cut the other questions.",
            )
            .at(questions),
        );
    }
    out
}

/// E5: a narrow interest (their team, firm or role) and a broad one (an industry or function).
/// First-edition mode asks only for the broad one: that edition says to generalize.
fn narrow_and_broad(a: &Analysis<'_>, r: &Recipient<'_>, edition: Edition) -> Vec<Finding> {
    let tokens = &a.body_tokens;
    let narrow = !find_any(a.text, tokens, lexicon::NARROW_CUES).is_empty()
        || r.org_name().is_some_and(|n| facts::name_mentioned(a.text, tokens, n).is_some())
        || r.person.title.as_deref().is_some_and(|t| text::overlap(t, tokens).is_some());
    let broad = !find_any(a.text, tokens, lexicon::BROAD_CUES).is_empty()
        || r.industry().is_some_and(|i| text::overlap(i, tokens).is_some());
    let mut out = Vec::new();
    if !broad {
        out.push(Finding::new(
            CheckId::E5,
            Severity::Warn,
            "The note doesn't say what wider field or function you are exploring.",
            "Add your broad interest in a few words (the industry, or the kind of work), so they can place your question.",
        ));
    }
    if !narrow && edition == Edition::Second {
        out.push(Finding::new(
            CheckId::E5,
            Severity::Warn,
            "The note doesn't say what about their own team, firm or role interests you.",
            "Name the narrow part too: their team, their company or the work they do.",
        ));
    }
    out
}

/// E6: more than half the body is about the reader. Returns the words in sentences about
/// them, and the findings.
fn about_them(a: &Analysis<'_>, r: &Recipient<'_>) -> (usize, Vec<Finding>) {
    let name_words: Vec<String> = [Some(r.person.name.greeting()), r.person.name.given.as_deref()]
        .into_iter()
        .flatten()
        .map(text::fold)
        .collect();
    let mut about_words = 0;
    let mut first_total = 0;
    let mut second_total = 0;
    let mut not_about: Vec<Range<usize>> = Vec::new();
    for s in &a.sentences {
        let tokens = a.sentence_tokens(s);
        let first = tokens.iter().filter(|t| lexicon::FIRST_PERSON.contains(&t.norm.as_str())).count();
        let second = tokens.iter().filter(|t| lexicon::SECOND_PERSON.contains(&t.norm.as_str())).count();
        first_total += first;
        second_total += second;
        let names_them = second > 0
            || tokens.iter().any(|t| name_words.contains(&t.norm))
            || r.org_name().is_some_and(|n| facts::name_mentioned(a.text, &tokens, n).is_some());
        if names_them && first <= second {
            about_words += text::word_count(a.quote(s));
        } else {
            not_about.push(s.clone());
        }
    }
    let mut out = Vec::new();
    let share = if a.body_words == 0 { 0.0 } else { about_words as f64 / a.body_words as f64 };
    if share <= 0.5 {
        out.push(
            Finding::new(
                CheckId::E6,
                Severity::Fail,
                format!(
                    "Only {about_words} of {} body words ({:.0}%) are in sentences about them; it needs more than half.",
                    a.body_words,
                    share * 100.0
                ),
                "Turn the sentences about you toward them: their work, their path, their view of the field.",
            )
            .at(not_about.iter().map(|s| a.excerpt(s.clone()))),
        );
    }
    if first_total > second_total + 1 {
        out.push(Finding::new(
            CheckId::E6,
            Severity::Warn,
            format!("The note says I, me or my {first_total} times and you or your {second_total} times."),
            "Rephrase a few sentences around them: \"your work on…\" rather than \"I want to…\".",
        ));
    }
    (about_words, out)
}

/// E7 and F4: no attachments, no mention of one, and no links to a résumé or shared file
/// (a LinkedIn profile link is fine).
pub(crate) fn attachments(a: &Analysis<'_>, flagged: bool, check: CheckId) -> Vec<Finding> {
    let mut out = Vec::new();
    if flagged {
        out.push(Finding::new(
            check,
            Severity::Fail,
            "The message carries an attachment.",
            "Remove it; offer documents only once they ask.",
        ));
    }
    let mentions: Vec<Excerpt> =
        find_any(a.text, &a.all_tokens, lexicon::ATTACHMENT_WORDS).into_iter().map(|r| a.excerpt(r)).collect();
    if !mentions.is_empty() {
        out.push(
            Finding::new(
                check,
                Severity::Fail,
                format!("The text sends or mentions an attachment: {}.", quotes(&mentions)),
                "Take the attachment and the line about it out; this note asks for advice, not a review of documents.",
            )
            .at(mentions),
        );
    }
    let links: Vec<Excerpt> = file_links(a.text).into_iter().map(|r| a.excerpt(r)).collect();
    if !links.is_empty() {
        out.push(
            Finding::new(
                check,
                Severity::Fail,
                format!("The text links to a résumé or a shared file: {}.", quotes(&links)),
                "Drop the link; your LinkedIn profile is the one link worth including.",
            )
            .at(links),
        );
    }
    out
}

/// Links in `text` that point at a résumé or a file rather than a LinkedIn profile.
fn file_links(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for piece in text.split_inclusive(char::is_whitespace) {
        let start = offset;
        offset += piece.len();
        let trimmed = piece.trim_end().trim_end_matches(['.', ',', ')', ';', '!', '?', '>']);
        let trimmed_start = trimmed.trim_start_matches(['(', '<']);
        let lead = trimmed.len() - trimmed_start.len();
        let word = trimmed_start;
        let lower = word.to_lowercase();
        let is_link =
            lower.contains("://") || lower.starts_with("www.") || (lower.contains('.') && lower.contains('/'));
        if !is_link || lower.contains("linkedin.com/in/") {
            continue;
        }
        let path_flag = ["resume", "résumé", "/cv", "cv.", "_cv", "-cv"].iter().any(|k| lower.contains(k));
        let file_flag = [".pdf", ".doc", ".docx", ".odt", ".pages", ".rtf"].iter().any(|k| lower.ends_with(k));
        let host_flag = lexicon::FILE_HOSTS.iter().any(|h| lower.contains(h));
        if path_flag || file_flag || host_flag {
            out.push(start + lead..start + lead + word.len());
        }
    }
    out
}

fn number_value(token: &Token) -> Option<u32> {
    if token.norm.chars().all(|c| c.is_ascii_digit()) {
        return token.norm.parse().ok();
    }
    lexicon::NUMBER_WORDS.iter().find(|(w, _)| *w == token.norm).map(|(_, v)| *v)
}

/// Every stated length of time in `tokens`, in minutes, with the words that state it: "20
/// minutes", "a 20-minute call", "15–20 minutes" (the upper end counts), "twenty five
/// minutes", "half an hour", "an hour", "1.5 hours", "a couple of hours".
pub(crate) fn durations(text: &str, tokens: &[Token]) -> Vec<(u32, Range<usize>)> {
    let mut out = Vec::new();
    let gap = |i: usize, j: usize| text.get(tokens[i].range.end..tokens[j].range.start).unwrap_or("");
    for (i, t) in tokens.iter().enumerate() {
        let unit = match t.norm.as_str() {
            "minute" | "minutes" | "min" | "mins" => 1,
            "hour" | "hours" | "hr" | "hrs" => 60,
            _ => continue,
        };
        let Some(prev_index) = i.checked_sub(1) else { continue };
        let prev = &tokens[prev_index];
        let before = prev_index.checked_sub(1).map(|k| (k, &tokens[k]));
        let found: Option<(u32, usize)> = if let Some(v) = number_value(prev) {
            match before {
                Some((k, b)) if number_value(b).is_some() => {
                    let b_value = number_value(b).unwrap_or(0);
                    let between = gap(k, prev_index);
                    if between == "." && unit == 60 && v < 10 {
                        Some((b_value.saturating_mul(60).saturating_add(v * 6), k))
                    } else if b_value >= 20 && b_value.is_multiple_of(10) && v < 10 && between.trim().is_empty() {
                        Some((b_value.saturating_add(v).saturating_mul(unit), k))
                    } else if !between.trim().is_empty() && between.trim().chars().all(|c| matches!(c, '-' | '–' | '—'))
                    {
                        Some((b_value.max(v).saturating_mul(unit), k))
                    } else {
                        Some((v.saturating_mul(unit), prev_index))
                    }
                }
                Some((k, b)) if matches!(b.norm.as_str(), "to" | "or") => {
                    match k.checked_sub(1).and_then(|m| number_value(&tokens[m]).map(|n| (n, m))) {
                        Some((n, m)) => Some((n.max(v).saturating_mul(unit), m)),
                        None => Some((v.saturating_mul(unit), prev_index)),
                    }
                }
                _ => Some((v.saturating_mul(unit), prev_index)),
            }
        } else if unit == 60 && prev.norm == "half" {
            Some((30, prev_index))
        } else if unit == 60 && matches!(prev.norm.as_str(), "an" | "a") {
            match before {
                Some((k, b)) if b.norm == "half" => Some((30, k)),
                _ => Some((60, prev_index)),
            }
        } else if prev.norm == "couple" {
            Some((2 * unit, prev_index))
        } else if prev.norm == "of" && before.is_some_and(|(_, b)| b.norm == "couple") {
            Some((2 * unit, prev_index - 1))
        } else {
            None
        };
        if let Some((minutes, start)) = found {
            out.push((minutes, tokens[start].range.start..t.range.end));
        }
    }
    out
}

/// E8: a stated time ask of at most 30 minutes.
fn time_ask(a: &Analysis<'_>) -> Vec<Finding> {
    durations(a.text, &a.body_tokens)
        .into_iter()
        .filter(|(minutes, _)| *minutes > 30)
        .map(|(minutes, range)| {
            Finding::new(
                CheckId::E8,
                Severity::Fail,
                format!("The note asks for {minutes} minutes of their time; more than 30 is a lot to ask of a stranger."),
                "Ask for 15–20 minutes; a short ask is easy to say yes to, and you can always run longer if they offer.",
            )
            .at([a.excerpt(range)])
        })
        .collect()
}

/// E9: a subject line, short. Job words in it are E2's. A LinkedIn connection note has no
/// subject, so the check passes there.
///
/// §4.4 says a missing subject fails, while the worked example AT-3 (a body pasted without
/// one) expects a warning. Both hold here: a subject that was not given at all (`None`) is a
/// warning, to be added before sending; a subject given but left blank fails.
fn subject_line(a: &Analysis<'_>, channel: OutreachChannel) -> Vec<Finding> {
    if channel == OutreachChannel::LinkedInNote {
        return Vec::new();
    }
    match a.subject {
        None => vec![Finding::new(
            CheckId::E9,
            Severity::Warn,
            "No subject line was given.",
            "Add a subject of eight words or fewer that names your connection, before you send.",
        )],
        Some(s) if s.trim().is_empty() => vec![Finding::new(
            CheckId::E9,
            Severity::Fail,
            "The subject line is empty.",
            "Write a subject of eight words or fewer that names your connection.",
        )],
        Some(s) => {
            let n = text::word_count(s);
            if n > 8 {
                vec![
                    Finding::new(
                        CheckId::E9,
                        Severity::Warn,
                        format!("The subject line runs to {n} words."),
                        "Cut it to eight words or fewer; the connection and a hint of the question are enough.",
                    )
                    .at([a.subject_excerpt(0..s.len())]),
                ]
            } else {
                Vec::new()
            }
        }
    }
}

/// E10: banned phrases fail; weak ones warn.
fn phrases(a: &Analysis<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (patterns, severity) in [(lexicon::BANNED_PHRASES, Severity::Fail), (lexicon::WEAK_PHRASES, Severity::Warn)] {
        let mut excerpts: Vec<Excerpt> =
            find_any(a.text, &a.all_tokens, patterns).into_iter().map(|r| a.excerpt(r)).collect();
        if let Some(subject) = a.subject {
            excerpts.extend(find_any(subject, &a.subject_tokens, patterns).into_iter().map(|r| a.subject_excerpt(r)));
        }
        if excerpts.is_empty() {
            continue;
        }
        let (problem, fix) = match severity {
            Severity::Fail => (
                format!("Stock phrases that put readers off: {}.", quotes(&excerpts)),
                "Greet them by name and say plainly what you'd like to learn from them.",
            ),
            _ => (
                format!("Filler phrases that weaken the note: {}.", quotes(&excerpts)),
                "Cut them; every word of a short note should carry the connection or the question.",
            ),
        };
        out.push(Finding::new(CheckId::E10, severity, problem, fix).at(excerpts));
    }
    out
}

/// E11: at least one detail that only fits this reader (beyond their name and employer).
fn specific_detail(a: &Analysis<'_>, r: &Recipient<'_>) -> Vec<Finding> {
    let tokens = &a.all_tokens;
    let p = r.person;
    let specific = p.targeting.affinities.iter().any(|x| facts::affinity_mentioned(a.text, tokens, x).is_some())
        || p.title.as_deref().is_some_and(|t| text::overlap(t, &a.body_tokens).is_some())
        || p.skills.iter().any(|s| text::overlap(s, &a.body_tokens).is_some())
        || !find_any(a.text, &a.body_tokens, lexicon::CONTENT_CUES).is_empty();
    if specific {
        return Vec::new();
    }
    let at = r.org_name().map(|o| format!(" at {o}")).unwrap_or_default();
    vec![Finding::new(
        CheckId::E11,
        Severity::Warn,
        format!("Nothing here is specific to {}: it would read the same sent to a colleague{at}.", p.name.full),
        "Add one detail that fits only them: their role, a skill they are known for, something they wrote or said.",
    )]
}

/// E12: every claimed connection maps to a verified affinity, and every fact about the reader
/// (name, company, title) matches their record.
pub(crate) fn grounding(a: &Analysis<'_>, r: &Recipient<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut scopes: Vec<(&str, Range<usize>, Place)> =
        a.sentences.iter().map(|s| (a.text, s.clone(), Place::Text)).collect();
    if let Some(subject) = a.subject {
        scopes.push((subject, 0..subject.len(), Place::Subject));
    }
    for (source, range, place) in scopes {
        let Some(claim) = facts::ungrounded_claim(source, range, r.person) else { continue };
        let excerpts: Vec<Excerpt> = claim.cues.iter().map(|c| Excerpt::new(place, source, c.clone())).collect();
        let finding = match &claim.unverified {
            Some(aff) => Finding::new(
                CheckId::E12,
                Severity::Fail,
                format!(
                    "The note claims a connection through {} ({}), which isn't verified on their record.",
                    aff.value, aff.kind
                ),
                "Confirm it and mark it verified on their record, or take the claim out.",
            ),
            None => Finding::new(
                CheckId::E12,
                Severity::Fail,
                format!("The note claims a connection ({}) that their record doesn't show.", quotes(&excerpts)),
                "Only claim what you have recorded and verified; add it to their record first, or cut the claim.",
            ),
        };
        out.push(finding.at(excerpts));
    }
    for wrong in facts::inaccuracies(a.text, &a.layout, r.person, r.org_name()) {
        out.push(Finding::new(CheckId::E12, Severity::Fail, wrong.problem, wrong.fix).at([a.excerpt(wrong.range)]));
    }
    out
}

/// E13: LinkedIn's limits: 300 characters for a connection note (fail), 400 advised for an
/// InMail (warn).
fn channel_limits(a: &Analysis<'_>, channel: OutreachChannel) -> Vec<Finding> {
    let (limit, severity, what) = match channel {
        OutreachChannel::Email => return Vec::new(),
        OutreachChannel::LinkedInNote => (300, Severity::Fail, "A LinkedIn connection note"),
        OutreachChannel::InMail => (400, Severity::Warn, "An InMail"),
    };
    let trimmed_start = a.text.len() - a.text.trim_start().len();
    let chars = a.text.trim().chars().count();
    if chars <= limit {
        return Vec::new();
    }
    let cut = a.text[trimmed_start..].char_indices().nth(limit).map_or(a.text.len(), |(i, _)| trimmed_start + i);
    // Quote from the start of the word the limit falls in.
    let cut =
        a.text[..cut].char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(cut, |(i, c)| i + c.len_utf8());
    let end = trimmed_start + a.text.trim().len();
    vec![
        Finding::new(
            CheckId::E13,
            severity,
            format!("{what} should stay within {limit} characters; this one has {chars}."),
            format!("Cut {} characters: keep the connection and the question.", chars - limit),
        )
        .at([a.excerpt(cut..end)]),
    ]
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "may",
];

/// E14: no specific times or dates proposed before they agree to talk.
fn scheduling(a: &Analysis<'_>) -> Vec<Finding> {
    let tokens = &a.body_tokens;
    let mut ranges = find_any(a.text, tokens, lexicon::SCHEDULING_CUES);
    for (i, t) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1);
        let gap = next.map_or("", |n| a.text.get(t.range.end..n.range.start).unwrap_or(""));
        let is_number = t.norm.chars().all(|c| c.is_ascii_digit());
        // "3pm" and "10am" are one word.
        let hour_suffix = t.norm.strip_suffix("am").or_else(|| t.norm.strip_suffix("pm"));
        if hour_suffix.is_some_and(|h| (1..=2).contains(&h.len()) && h.chars().all(|c| c.is_ascii_digit())) {
            ranges.push(t.range.clone());
        }
        if is_number && let Some(n) = next {
            let clock = matches!(n.norm.as_str(), "am" | "pm") && gap.trim().is_empty();
            let colon = gap == ":" && n.norm.chars().all(|c| c.is_ascii_digit());
            let day_month = t.norm.len() <= 2 && MONTHS.contains(&n.norm.as_str()) && n.norm != "may";
            if clock || colon || day_month {
                ranges.push(t.range.start..n.range.end);
            }
        }
        if MONTHS.contains(&t.norm.as_str())
            && let Some(n) = next
            && n.norm.len() <= 2
            && n.norm.chars().all(|c| c.is_ascii_digit())
            && gap.trim().is_empty()
        {
            ranges.push(t.range.start..n.range.end);
        }
    }
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    ranges.dedup_by(|b, a| b.start < a.end);
    if ranges.is_empty() {
        return Vec::new();
    }
    let excerpts: Vec<Excerpt> = ranges.into_iter().map(|r| a.excerpt(r)).collect();
    vec![
        Finding::new(
            CheckId::E14,
            Severity::Warn,
            format!("The note proposes times before they have agreed to talk: {}.", quotes(&excerpts)),
            "Ask first; offer two or three times once they say yes.",
        )
        .at(excerpts),
    ]
}

/// E15: sentences of 25 words or fewer on average.
fn readability(a: &Analysis<'_>) -> Vec<Finding> {
    if a.sentences.is_empty() {
        return Vec::new();
    }
    let average = a.body_words as f64 / a.sentences.len() as f64;
    if average <= 25.0 {
        return Vec::new();
    }
    let longest = a.sentences.iter().max_by_key(|s| text::word_count(a.quote(s))).cloned();
    vec![
        Finding::new(
            CheckId::E15,
            Severity::Warn,
            format!("Sentences average {average:.0} words; long sentences are hard to read on a phone."),
            "Split the longest sentence in two and cut words that don't carry meaning.",
        )
        .at(longest.map(|s| a.excerpt(s))),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(text: &str) -> Vec<u32> {
        let tokens = text::tokens(text, 0..text.len());
        durations(text, &tokens).into_iter().map(|(m, _)| m).collect()
    }

    #[test]
    fn time_asks_read_in_many_forms() {
        assert_eq!(minutes("a 20-minute call"), [20]);
        assert_eq!(minutes("15–20 minutes of your time"), [20]);
        assert_eq!(minutes("15 to 45 minutes"), [45]);
        assert_eq!(minutes("twenty five minutes"), [25]);
        assert_eq!(minutes("half an hour"), [30]);
        assert_eq!(minutes("an hour-long chat"), [60]);
        assert_eq!(minutes("1.5 hours"), [90]);
        assert_eq!(minutes("a couple of hours"), [120]);
        assert_eq!(minutes("a few minutes"), Vec::<u32>::new());
        assert_eq!(minutes("4000000000 hours"), [u32::MAX]);
    }

    #[test]
    fn links_to_files_are_found_and_profiles_are_not() {
        let text = "See linkedin.com/in/ana, https://example.org/ana-resume.pdf and (https://www.dropbox.com/s/x).";
        let found: Vec<&str> = file_links(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["https://example.org/ana-resume.pdf", "https://www.dropbox.com/s/x"]);
        assert!(file_links("My blog is at https://ana.dev/posts").is_empty());
    }

    #[test]
    fn overlapping_matches_keep_the_longest() {
        let text = "Dear Sir or Madam, hello";
        let tokens = text::tokens(text, 0..text.len());
        let found: Vec<&str> = find_any(text, &tokens, lexicon::BANNED_PHRASES).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["Dear Sir or Madam"]);
    }

    #[test]
    fn e2_allows_describing_their_position_but_not_asking_for_one() {
        let a = Analysis::new("Hi Jo, your position as CTO is inspiring. Is there a position open?", None);
        let quoted: Vec<String> = job_words(&a, false).into_iter().flat_map(|f| f.excerpts).map(|e| e.quote).collect();
        assert_eq!(quoted, ["position"]);
        assert_eq!(job_words(&a, false)[0].excerpts[0].range.start, a.text.rfind("position").unwrap());
    }
}
