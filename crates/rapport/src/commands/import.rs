//! `rapport import FILE`: contacts from LinkedIn, Google, Outlook, Thunderbird, any CSV (with
//! a column mapping) or vCard, matched to the people already here. One transaction; a dry run
//! shows exactly what would change and writes nothing.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use rapport_core::import::{ImportRequest, ImportSummary, import};
use rapport_interchange::csv_mapped::ColumnMapping;
use rapport_interchange::detect::encoding_for_label;
use rapport_interchange::{Format, ImportOptions};
use serde_json::json;

use crate::env::{self, Env};
use crate::output::{self, BOLD, DIM, GOOD, WARN, styled};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The file: LinkedIn's Connections.csv, a Google or Outlook CSV, any CSV, or a .vcf.
    file: PathBuf,
    /// The format, when rapport guesses wrong: linkedin, google, google-legacy, outlook,
    /// outlook-desktop, thunderbird, csv, vcard.
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
    /// Which column fills which field, inline (`name=Full Name,email=E-mail 1`) or a TOML
    /// file with a [columns] table.
    #[arg(long, value_name = "MAPPING")]
    map: Option<String>,
    /// The text encoding, when it is not UTF-8 or UTF-16 (e.g. windows-1252, shift_jis).
    #[arg(long, value_name = "ENCODING")]
    encoding: Option<String>,
    /// Show what would change, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Keep the photos of vCards (shown in vCard exports), or skip them.
    #[arg(long, value_enum, default_value_t = Photos::Skip)]
    photos: Photos,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Photos {
    Keep,
    Skip,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let shown = args.file.display().to_string();
    let mut options = ImportOptions { keep_photos: args.photos == Photos::Keep, ..ImportOptions::default() };
    if let Some(format) = &args.format {
        options.format = Some(format.parse::<Format>().with_context(|| format!("{shown}: --format"))?);
    }
    if let Some(map) = &args.map {
        let text = match std::fs::read_to_string(map) {
            Ok(text) => text,
            Err(_) => map.clone(),
        };
        options.mapping = Some(ColumnMapping::parse(&text).with_context(|| format!("{shown}: --map"))?);
    }
    if let Some(label) = &args.encoding {
        options.encoding = Some(encoding_for_label(label).ok_or_else(|| {
            anyhow::anyhow!(
                "`{label}` is not an encoding rapport knows; try utf-8, utf-16le, windows-1252 or shift_jis"
            )
        })?);
    }
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let file_name = args.file.file_name().and_then(|n| n.to_str());
    let request = ImportRequest { file_name, bytes: &bytes, options, dry_run: args.dry_run };
    let bar = progress_bar(&bytes, args.json);
    let summary = import(&ctx, &request, &mut |done| {
        if let Some(bar) = &bar {
            bar.set_position(done as u64);
        }
    })
    .with_context(|| format!("cannot import {shown}"));
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let summary = summary?;
    if args.json {
        return output::json(&summary_json(&shown, &summary));
    }
    output::print(&render(&shown, &summary))
}

/// A progress bar on stderr, only when stderr is a terminal and the output is for people.
fn progress_bar(bytes: &[u8], json: bool) -> Option<indicatif::ProgressBar> {
    if json || !std::io::stderr().is_terminal() {
        return None;
    }
    // An estimate of the records, to size the bar: cards for a vCard file, lines otherwise.
    let cards = bytes.windows(11).filter(|w| w.eq_ignore_ascii_case(b"BEGIN:VCARD")).count();
    let total = if cards > 0 { cards } else { bytes.iter().filter(|b| **b == b'\n').count().max(1) };
    let bar = indicatif::ProgressBar::with_draw_target(Some(total as u64), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} contacts {elapsed}") {
        bar.set_style(style);
    }
    Some(bar)
}

/// At most this many people are listed per section; `--json` lists them all.
const SHOWN: usize = 20;

fn render(file: &str, s: &ImportSummary) -> String {
    let mut out = Vec::new();
    let verb = if s.dry_run { "Would import" } else { "Imported" };
    out.push(format!(
        "{} {file} ({}): {} added, {} updated, {} unchanged, {} skipped",
        styled(GOOD, verb),
        s.format,
        s.added.len(),
        s.updated.len(),
        s.unchanged,
        s.skipped.len()
    ));
    if s.dry_run {
        out.push(styled(WARN, "Dry run: nothing was written. Run again without --dry-run to import."));
    }
    let section = |out: &mut Vec<String>, title: &str, lines: Vec<String>| {
        if lines.is_empty() {
            return;
        }
        out.push(String::new());
        out.push(styled(BOLD, title));
        let total = lines.len();
        out.extend(lines.into_iter().take(SHOWN).map(|l| format!("  {l}")));
        if total > SHOWN {
            out.push(styled(DIM, format!("  … and {} more (--json lists them all)", total - SHOWN)));
        }
    };
    let people = |list: &[rapport_core::import::PersonChange]| {
        list.iter().map(|c| format!("line {}: {} ({})", c.line, c.name, c.fields.join(", "))).collect::<Vec<_>>()
    };
    section(&mut out, if s.dry_run { "Would add" } else { "Added" }, people(&s.added));
    section(&mut out, if s.dry_run { "Would update" } else { "Updated" }, people(&s.updated));
    section(
        &mut out,
        "Kept your values (the file has another; edit by hand to take it)",
        s.kept
            .iter()
            .map(|k| {
                format!(
                    "line {}: {} {}: kept \"{}\", file has \"{}\"",
                    k.line,
                    k.name,
                    k.field,
                    one_line(&k.yours),
                    one_line(&k.file)
                )
            })
            .collect(),
    );
    section(&mut out, "Skipped", s.skipped.iter().map(ToString::to_string).collect());
    section(&mut out, "Warnings", s.warnings.iter().map(|w| format!("line {}: {}", w.line, w.message)).collect());
    if !s.organizations_added.is_empty() {
        let verb = if s.dry_run { "Would add organizations" } else { "New organizations" };
        section(&mut out, verb, vec![s.organizations_added.join("; ")]);
    }
    out.join("\n")
}

fn one_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > 60 || text.lines().count() > 1 {
        format!("{}…", line.chars().take(60).collect::<String>())
    } else {
        line.to_string()
    }
}

fn summary_json(file: &str, s: &ImportSummary) -> serde_json::Value {
    let change = |c: &rapport_core::import::PersonChange| json!({"line": c.line, "id": c.person_id.to_string(), "name": c.name, "fields": c.fields});
    json!({
        "file": file,
        "format": s.format.as_str(),
        "source": s.source,
        "dry_run": s.dry_run,
        "records": s.records,
        "added": s.added.iter().map(change).collect::<Vec<_>>(),
        "updated": s.updated.iter().map(change).collect::<Vec<_>>(),
        "unchanged": s.unchanged,
        "skipped": s.skipped.iter().map(|k| json!({"line": k.line, "reason": k.reason.to_string()})).collect::<Vec<_>>(),
        "kept": s.kept.iter().map(|k| json!({
            "line": k.line, "id": k.person_id.to_string(), "name": k.name, "field": k.field, "yours": k.yours, "file": k.file,
        })).collect::<Vec<_>>(),
        "warnings": s.warnings.iter().map(|w| json!({"line": w.line, "message": w.message})).collect::<Vec<_>>(),
        "organizations_added": s.organizations_added,
    })
}
