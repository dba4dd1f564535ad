//! `rapport thanks`: the thank-you after a meeting (§4.7). Without flags it drafts the note
//! from the debrief (and the introducer's own note, when one is owed) and shows how the
//! draft fares against T1–T10. `--check FILE` checks a note you edited, each failure with how
//! to fix it; `--eml` and `--mailto` hand the note to your mail program; `--mark-sent`
//! records that you sent it, which moves them into your active network.

use std::path::PathBuf;

use anyhow::Context;
use rapport_core::{people, thanks};
use rapport_domain::compose::{EmlMessage, Mailbox, mailto_link, message_id, write_eml};
use rapport_domain::outreach::{Report, Severity};
use rapport_domain::people::Person;
use rapport_domain::values::Email;
use serde_json::{Value, json};

use crate::env::{self, Env};
use crate::output::{self, BOLD, DIM, GOOD, styled};
use crate::{views, when};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Who you met: id, short id, email, LinkedIn link or name.
    person: String,
    /// Check the note in FILE (a first line "Subject: …" is read as the subject) instead of
    /// drafting one.
    #[arg(long, value_name = "FILE")]
    check: Option<PathBuf>,
    /// Record that you sent it (the note checked with --check, or the draft).
    #[arg(long)]
    mark_sent: bool,
    /// When it was (or will be) sent, for --check and --mark-sent [default: now].
    #[arg(long, value_name = "WHEN")]
    at: Option<String>,
    /// Write the note as an .eml draft your mail program opens, ready to send.
    #[arg(long, value_name = "FILE")]
    eml: Option<PathBuf>,
    /// Print a mailto: link that opens the note in your mail program.
    #[arg(long)]
    mailto: bool,
    #[arg(long)]
    json: bool,
}

/// A note as the seeker has it: a subject and a text.
struct Note {
    subject: Option<String>,
    text: String,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let tz = views::time_zone(&ctx)?;
    let person_id = people::resolve(&ctx, &args.person)?;
    let at = match &args.at {
        Some(text) => when::parse(text, ctx.now, &tz).context("--at")?,
        None => ctx.now,
    };
    let mut out: Vec<String> = Vec::new();
    let mut json_out = serde_json::Map::new();

    let note = match &args.check {
        Some(path) => {
            let raw = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the note {}; give the path of a text file", path.display()))?;
            let note = read_note(&raw);
            let (subject, report) = thanks::check(&ctx, person_id, note.subject.as_deref(), &note.text, at)?;
            json_out.insert("report".into(), report_json(&report));
            json_out.insert("ready".into(), json!(report.ready()));
            out.push(format!("{} to {}", styled(BOLD, "Your thank-you"), subject.person.name.full));
            out.push(report.render().trim_end().to_string());
            note
        }
        None if args.mark_sent && args.eml.is_none() && !args.mailto => Note { subject: None, text: String::new() },
        None => {
            let plan = thanks::plan(&ctx, person_id)?;
            json_out.insert("subject".into(), json!(plan.draft.subject));
            json_out.insert("text".into(), json!(plan.draft.text));
            json_out.insert("report".into(), report_json(&plan.report));
            json_out.insert("ready".into(), json!(plan.report.ready()));
            json_out.insert(
                "separate".into(),
                json!(
                    plan.separate
                        .iter()
                        .map(|n| json!({
                            "to": n.to.name.full, "person_id": n.to.id.to_string(), "role": n.role.as_str(),
                            "subject": n.draft.subject, "text": n.draft.text,
                        }))
                        .collect::<Vec<_>>()
                ),
            );
            out.push(format!("{} {}", styled(BOLD, "Subject:"), plan.draft.subject));
            out.push(String::new());
            out.push(plan.draft.text.clone());
            out.push(String::new());
            out.push(styled(DIM, "Checked as if sent now (T1–T10):"));
            out.push(plan.report.render().trim_end().to_string());
            for separate in &plan.separate {
                out.push(String::new());
                out.push(format!(
                    "{} {} made this meeting possible; they get a note of their own:",
                    styled(BOLD, "Also:"),
                    separate.to.name.full
                ));
                out.push(format!("{} {}", styled(BOLD, "Subject:"), separate.draft.subject));
                out.push(String::new());
                out.push(separate.draft.text.clone());
            }
            out.push(String::new());
            out.push(styled(
                DIM,
                "Edit it in your own words, check it with --check FILE, send it yourself, then record it with --mark-sent.",
            ));
            Note { subject: Some(plan.draft.subject), text: plan.draft.text }
        }
    };

    let person = people::get(&ctx, person_id)?;
    if args.mailto {
        let link = mailto_link(&person.emails, note.subject.as_deref(), Some(&note.text));
        json_out.insert("mailto".into(), json!(link));
        out.push(String::new());
        out.push(link);
    }
    if let Some(path) = &args.eml {
        write_note(&ctx, &person, &note, at, path)?;
        json_out.insert("eml".into(), json!(path.display().to_string()));
        out.push(format!("{} {}", styled(GOOD, "Wrote"), path.display()));
    }
    if args.mark_sent {
        let text = (!note.text.trim().is_empty()).then_some(note.text.as_str());
        let sent = thanks::mark_sent(&ctx, person_id, at, text)?;
        json_out.insert("stage".into(), json!(sent.person.stage.as_str()));
        json_out.insert("tier".into(), json!(sent.person.tier.map(|t| t.as_str())));
        json_out.insert("keep_in_touch".into(), json!(sent.keep_in_touch.map(|t| t.to_string())));
        out.push(format!(
            "{} your thank-you to {} as sent on {}",
            styled(GOOD, "Recorded"),
            styled(BOLD, &sent.person.name.full),
            when::show(sent.interaction.at, &tz)
        ));
        if let Some(next) = sent.keep_in_touch {
            let tier = sent.person.tier.map(|t| t.as_str().to_uppercase()).unwrap_or_else(|| "A".into());
            out.push(format!(
                "They are in your active network (tier {tier}); keep in touch by {}: share something useful, ask for nothing.",
                when::show(next, &tz)
            ));
        }
    }
    if args.json {
        return output::json(&Value::Object(json_out));
    }
    output::print(&out.join("\n"))
}

/// A note file: an optional first line `Subject: …`, then the text.
fn read_note(raw: &str) -> Note {
    let raw = raw.trim_start_matches('\u{feff}');
    let mut lines = raw.lines();
    match lines.next() {
        Some(first) if first.to_ascii_lowercase().starts_with("subject:") => {
            let subject = first[first.find(':').map_or(0, |i| i + 1)..].trim().to_string();
            let text = lines.collect::<Vec<_>>().join("\n").trim().to_string();
            Note { subject: Some(subject).filter(|s| !s.is_empty()), text }
        }
        _ => Note { subject: None, text: raw.trim().to_string() },
    }
}

fn write_note<S: rapport_store::Store>(
    ctx: &rapport_core::Ctx<'_, S>,
    person: &Person,
    note: &Note,
    at: jiff::Timestamp,
    path: &std::path::Path,
) -> anyhow::Result<()> {
    let profile = rapport_core::profile::get(ctx)?;
    let from = profile.email.as_deref().map(Email::parse).transpose()?.ok_or_else(|| {
        anyhow::anyhow!("an .eml needs your address: set it with `rapport init --email YOU@EXAMPLE.COM`")
    })?;
    let to = person.emails.first().cloned().ok_or_else(|| {
        anyhow::anyhow!("{} has no email address; add one with `rapport person edit --add-email`", person.name.full)
    })?;
    let tz = jiff::tz::TimeZone::get(&profile.settings.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let message = EmlMessage {
        from: Mailbox::new(profile.name.as_deref(), from.clone()),
        to: vec![Mailbox::new(Some(&person.name.full), to)],
        subject: note.subject.clone().unwrap_or_else(|| format!("Thank you, {}", person.name.greeting())),
        body: note.text.clone(),
        date: at.to_zoned_datetime(tz),
        message_id: message_id(uuid_for(person, at), &from),
        draft: true,
    };
    let eml = write_eml(&message)?;
    std::fs::write(path, eml).with_context(|| format!("cannot write {}; check the folder exists", path.display()))
}

/// A message id part unique to this person and moment.
fn uuid_for(person: &Person, at: jiff::Timestamp) -> String {
    format!("thanks-{}-{}", person.id.short(), at.as_second())
}

fn report_json(report: &Report) -> Value {
    json!({
        "checks": report.checks.iter().map(|c| json!({"check": c.check.code(), "severity": c.severity.as_str()})).collect::<Vec<_>>(),
        "findings": report.findings.iter().map(|f| json!({
            "check": f.check.code(),
            "severity": f.severity.as_str(),
            "problem": f.problem,
            "fix": f.fix,
        })).collect::<Vec<_>>(),
        "fails": report.at_severity(Severity::Fail).iter().map(|c| c.code()).collect::<Vec<_>>(),
    })
}
