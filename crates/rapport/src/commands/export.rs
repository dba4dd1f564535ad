//! `rapport export`: people as vCard 4.0 or CSV, meetings and open tasks as iCalendar, or
//! everything as a JSON backup (read back with `rapport restore`). To stdout, or `--out FILE`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use rapport_core::{export, people};

use crate::env::{self, Env};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: ExportCommand,
}

#[derive(Debug, Subcommand)]
enum ExportCommand {
    /// People as vCard 4.0 (RFC 6350): one person, or everyone.
    Vcard {
        /// One person (id, short id, email, LinkedIn link or name); everyone when left out.
        person: Option<String>,
        #[command(flatten)]
        out: Out,
    },
    /// People as CSV, one row each.
    Csv {
        #[command(flatten)]
        out: Out,
    },
    /// Everything, the trash included, as a versioned JSON backup.
    Json {
        #[command(flatten)]
        out: Out,
    },
    /// Meetings and open tasks with a due day as iCalendar (RFC 5545), with alarms.
    Ics {
        #[command(flatten)]
        out: Out,
    },
}

#[derive(Debug, clap::Args)]
struct Out {
    /// Write to this file instead of the standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let (text, out, what) = match args.command {
        ExportCommand::Vcard { person, out } => {
            let id = person.as_deref().map(|p| people::resolve(&ctx, p)).transpose()?;
            let text = export::vcard(&ctx, id)?;
            let count = text.matches("BEGIN:VCARD").count();
            (text, out, format!("{count} {}", if count == 1 { "person" } else { "people" }))
        }
        ExportCommand::Csv { out } => {
            let text = export::csv(&ctx)?;
            let count = text.lines().count().saturating_sub(1);
            (text, out, format!("{count} {}", if count == 1 { "person" } else { "people" }))
        }
        ExportCommand::Json { out } => {
            let backup = export::backup(&ctx)?;
            let what = export::holdings_of(&backup).describe();
            (backup.to_json(), out, what)
        }
        ExportCommand::Ics { out } => {
            let calendar = export::ics(&ctx)?;
            let mut what = format!(
                "{} meetings, {} reminders and {} tasks",
                calendar.meetings, calendar.reminders, calendar.tasks
            );
            if calendar.undated_tasks > 0 {
                what.push_str(&format!(
                    " ({} open tasks without a due day left out: give them one to see them in a calendar)",
                    calendar.undated_tasks
                ));
            }
            (calendar.text, out, what)
        }
    };
    match out.out {
        Some(path) => {
            std::fs::write(&path, text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
            // The confirmation goes to stderr: stdout stays empty, as for any file export.
            eprintln!("Wrote {what} to {}", path.display());
            Ok(())
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
    }
}
