//! `rapport draft PERSON`: a first email to someone, built from their record and your
//! profile and checked by the linter, with how to approach them (an email, or an
//! introduction through someone you know first). `--eml FILE` writes it as a draft your mail
//! program opens; `--mailto` prints a link that does the same. rapport never sends it.

use std::path::PathBuf;

use anyhow::Context;
use rapport_core::{outreach, people};
use rapport_domain::ties::FirstApproach;
use serde_json::json;

use super::lint::report_json;
use super::targets::{approach_json, standing_words};
use crate::env::{self, Env};
use crate::output::{self, BOLD, DIM, GOOD, WARN, styled};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Who: id, short id, email, LinkedIn link or name.
    person: String,
    /// Write the draft as an .eml file (RFC 5322) your mail program opens, ready to edit and send.
    #[arg(long, value_name = "FILE")]
    eml: Option<PathBuf>,
    /// Print a mailto: link that opens your mail program with the draft filled in.
    #[arg(long)]
    mailto: bool,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let id = people::resolve(&ctx, &args.person)?;
    let d = outreach::draft(&ctx, id)?;
    if let Some(path) = &args.eml {
        let text = outreach::eml(&ctx, &d)?;
        std::fs::write(path, text).with_context(|| format!("cannot write the .eml file {}", path.display()))?;
    }
    let name = &d.person.name.full;
    if args.json {
        return output::json(&json!({
            "person": {"id": d.person.id.to_string(), "name": name},
            "organization": d.organization.as_ref().map(|o| json!({"id": o.id.to_string(), "name": o.name})),
            "subject": d.draft.subject,
            "text": d.draft.text,
            "connection": d.draft.connection.as_ref().map(|a| json!({"kind": a.kind.as_str(), "value": a.value})),
            "needs_introduction": d.draft.needs_introduction,
            "approach": approach_json(&d.approach, name),
            "outreach_gate": d.gate.as_ref().map(|g| json!({"open": false, "message": g.to_string()})).unwrap_or(json!({"open": true})),
            "standing": d.standing.map(standing_words),
            "report": report_json(&d.draft.report, &[]),
            "mailto": d.mailto,
            "eml": args.eml.as_ref().map(|p| p.display().to_string()),
        }));
    }
    let mut lines = Vec::new();
    match &d.approach {
        FirstApproach::AskForIntroduction { .. } => {
            lines.push(format!("{} {}", styled(WARN, "Ask for an introduction first:"), d.approach.advice(name)));
        }
        FirstApproach::Email { .. } => lines.push(styled(DIM, d.approach.advice(name))),
    }
    if let Some(gate) = &d.gate {
        lines.push(format!("{} {gate}.", styled(WARN, "Outreach locked:")));
    }
    if let (Some(org), Some(standing)) = (&d.organization, d.standing)
        && standing != rapport_domain::lamp::Standing::Active
    {
        lines.push(styled(
            DIM,
            format!("{} is not one of your active employers ({}).", org.name, standing_words(standing)),
        ));
    }
    if d.draft.needs_introduction {
        lines.push(styled(
            DIM,
            format!("{name}'s record has no verified connection to you, so this draft can only say so plainly."),
        ));
    }
    lines.push(String::new());
    lines.push(format!("{} {}", styled(BOLD, "Subject:"), d.draft.subject));
    lines.push(String::new());
    lines.push(d.draft.text.clone());
    lines.push(String::new());
    lines.push(styled(DIM, "─".repeat(40)));
    lines.push(d.draft.report.render().trim_end().to_string());
    if args.mailto {
        lines.push(String::new());
        lines.push(d.mailto.clone());
    }
    if let Some(path) = &args.eml {
        lines.push(String::new());
        lines.push(format!("{} {} (open it in your mail program to send)", styled(GOOD, "Wrote"), path.display()));
    }
    lines.push(String::new());
    lines.push(styled(
        DIM,
        format!(
            "Once you have sent it yourself: `rapport sent {} --file FILE` starts the follow-up timers.",
            d.person.id.short()
        ),
    ));
    output::print(&lines.join("\n"))
}
