//! `rapport lint FILE`: checks a message you wrote against the first-email rules (E1–E15)
//! or, with `--follow-up`, the follow-up rules (F1–F5, E2, E12). Each finding quotes the words
//! at fault and says how to fix them.
//!
//! The file is plain text (greeting, body, sign-off), optionally preceded by header lines
//! (`Subject: …` then a blank line), or an `.eml` file. `-` reads standard input.
//!
//! Exit status: 0 when the message is ready (no check fails; warnings are advice), 4 when a
//! check fails. The report goes to standard output either way.

use std::io::Read;
use std::path::PathBuf;

use anyhow::Context;
use rapport_core::outreach::{self, LintKind};
use rapport_core::{CoreError, people};
use rapport_domain::outreach::{CheckId, OutreachChannel, OutreachMessage, Report, Severity};
use rapport_domain::profile::Edition;
use serde_json::{Value, json};

use crate::env::{self, Env};
use crate::output::{self, DIM, styled};

#[derive(Debug, clap::Args)]
#[command(after_help = "Exit status: 0 when the message is ready (warnings are advice), 4 when a check fails. \
The report is printed either way.")]
pub(crate) struct Args {
    /// The message: a text file, an .eml file, or - for standard input.
    file: PathBuf,
    /// Who it is for (id, short id, email, LinkedIn link or name): checks the connection you
    /// claim, their name and company against their record.
    #[arg(long, value_name = "PERSON")]
    person: Option<String>,
    /// Where it goes: an email, a LinkedIn connection note (300 characters) or an InMail.
    #[arg(long, value_enum, default_value_t = ChannelArg::Email)]
    channel: ChannelArg,
    /// Check it as the one follow-up to a first email that got no reply.
    #[arg(long)]
    follow_up: bool,
    /// The subject line, when the file has none.
    #[arg(long, value_name = "TEXT")]
    subject: Option<String>,
    /// The message carries attachments.
    #[arg(long)]
    attachments: bool,
    /// Check by this edition's rules [default: your profile's].
    #[arg(long)]
    edition: Option<Edition>,
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ChannelArg {
    Email,
    LinkedinNote,
    Inmail,
}

impl From<ChannelArg> for OutreachChannel {
    fn from(c: ChannelArg) -> Self {
        match c {
            ChannelArg::Email => OutreachChannel::Email,
            ChannelArg::LinkedinNote => OutreachChannel::LinkedInNote,
            ChannelArg::Inmail => OutreachChannel::InMail,
        }
    }
}

/// A message read from a file: its subject (when it has headers), text and attachments.
pub(crate) struct ReadMessage {
    pub(crate) subject: Option<String>,
    pub(crate) text: String,
    pub(crate) attachments: bool,
}

/// True when `text` opens with a block of header lines that names a subject.
fn has_headers(text: &str) -> bool {
    let mut subject = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            return subject;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else { return false };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return false;
        }
        subject |= name.eq_ignore_ascii_case("subject");
    }
    false
}

/// Reads a message: headers and body of an email when the text has them, else the text.
pub(crate) fn read_message(raw: &str) -> ReadMessage {
    if has_headers(raw)
        && let Some(message) = mail_parser::MessageParser::default().parse(raw.as_bytes())
    {
        return ReadMessage {
            subject: message.subject().map(str::to_string),
            text: message.body_text(0).map(|b| b.into_owned()).unwrap_or_default(),
            attachments: message.attachment_count() > 0,
        };
    }
    ReadMessage { subject: None, text: raw.to_string(), attachments: false }
}

/// Reads the message file, or standard input for `-`.
pub(crate) fn read_file(path: &PathBuf) -> anyhow::Result<ReadMessage> {
    let raw = if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).context("cannot read the message from standard input")?;
        text
    } else {
        std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the message file {} (it must be UTF-8 text)", path.display()))?
    };
    if raw.trim().is_empty() {
        anyhow::bail!("{} is empty; write the message in it first", path.display());
    }
    Ok(read_message(&raw))
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let read = read_file(&args.file)?;
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let person = args.person.as_deref().map(|p| people::resolve(&ctx, p)).transpose()?;
    let channel = OutreachChannel::from(args.channel);
    let subject = args.subject.or(read.subject).filter(|_| channel != OutreachChannel::LinkedInNote);
    let message =
        OutreachMessage { subject, text: read.text, attachments: read.attachments || args.attachments, channel };
    let kind = if args.follow_up { LintKind::FollowUp } else { LintKind::FirstMessage };
    let linted = outreach::lint_for(&ctx, &message, person, args.edition, kind)?;
    if args.json {
        output::json(&report_json(&linted.report, &linted.unchecked))?;
    } else {
        let mut text = linted.report.render().trim_end().to_string();
        if !linted.unchecked.is_empty() {
            let codes: Vec<&str> = linted.unchecked.iter().map(|c| c.code()).collect();
            text.push_str(&format!(
                "\n{}",
                styled(
                    DIM,
                    format!("Not checked without --person: {} (they need the reader's record).", codes.join(" "))
                )
            ));
        }
        output::print(&text)?;
    }
    if linted.ready() {
        return Ok(());
    }
    let failing: Vec<&str> = linted.report.at_severity(Severity::Fail).iter().map(|c| c.code()).collect();
    Err(CoreError::Refused(format!(
        "the message is not ready: {} {} ({}); fix what the report says, or send it anyway if you disagree",
        failing.len(),
        if failing.len() == 1 { "check fails" } else { "checks fail" },
        failing.join(", ")
    ))
    .into())
}

/// A linter report as JSON.
pub(crate) fn report_json(report: &Report, unchecked: &[CheckId]) -> Value {
    json!({
        "ready": report.ready(),
        "checks": report.checks.iter().map(|c| json!({"check": c.check.code(), "title": c.check.title(), "result": c.severity.as_str()})).collect::<Vec<_>>(),
        "findings": report.findings.iter().map(|f| json!({
            "check": f.check.code(),
            "severity": f.severity.as_str(),
            "problem": f.problem,
            "fix": f.fix,
            "quotes": f.excerpts.iter().map(|e| e.quote.clone()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "stats": {
            "body_words": report.stats.body_words,
            "total_words": report.stats.total_words,
            "sentences": report.stats.sentences,
            "characters": report.stats.characters,
            "about_them_share": report.about_them_share(),
        },
        "unchecked": unchecked.iter().map(|c| c.code()).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_only_when_they_name_a_subject() {
        let m = read_message("Subject: Fellow UBC alum\n\nHi Jane,\n\nA question?\n");
        assert_eq!(m.subject.as_deref(), Some("Fellow UBC alum"));
        assert!(m.text.starts_with("Hi Jane,"), "{}", m.text);
        let plain = read_message("Hi Jane: a question.\n\nMay I ask?\n");
        assert_eq!(plain.subject, None);
        assert!(plain.text.starts_with("Hi Jane:"));
        assert!(!has_headers("Note: no subject here\n\nbody"));
    }
}
