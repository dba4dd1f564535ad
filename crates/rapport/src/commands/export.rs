//! `rapport export`: people as vCard 4.0 or CSV, meetings and open tasks as iCalendar, or
//! everything as a JSON backup (read back with `rapport restore`). To stdout, or `--out FILE`.

use std::io::Write;
use std::path::{Path, PathBuf};

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

/// What an export writes: text made whole, or a backup streamed as it is encoded.
enum Content {
    Text(String),
    Backup(Box<rapport_interchange::json::Backup>),
}

impl Content {
    /// Generic, not `&mut dyn Write`: a backup is written in pieces of a few bytes, and a
    /// dynamic call per piece made the export a tenth slower.
    fn write_to<W: Write>(&self, writer: &mut W) -> anyhow::Result<()> {
        match self {
            Content::Text(text) => writer.write_all(text.as_bytes())?,
            Content::Backup(backup) => backup.to_writer(&mut *writer)?,
        }
        Ok(())
    }
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let (content, out, what) = match args.command {
        ExportCommand::Vcard { person, out } => {
            let id = person.as_deref().map(|p| people::resolve(&ctx, p)).transpose()?;
            let text = export::vcard(&ctx, id)?;
            let count = text.matches("BEGIN:VCARD").count();
            (Content::Text(text), out, format!("{count} {}", if count == 1 { "person" } else { "people" }))
        }
        ExportCommand::Csv { out } => {
            let text = export::csv(&ctx)?;
            let count = text.lines().count().saturating_sub(1);
            (Content::Text(text), out, format!("{count} {}", if count == 1 { "person" } else { "people" }))
        }
        ExportCommand::Json { out } => {
            let backup = export::backup(&ctx)?;
            let what = export::holdings_of(&backup).describe();
            (Content::Backup(Box::new(backup)), out, what)
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
            (Content::Text(calendar.text), out, what)
        }
    };
    match out.out {
        Some(path) => {
            write_whole(&path, &content)?;
            // The confirmation goes to stderr: stdout stays empty, as for any file export.
            eprintln!("Wrote {what} to {}", path.display());
            Ok(())
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            content.write_to(&mut stdout)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// Writes `content` to `path` whole or not at all: into a new file beside it, renamed over
/// `path` once complete, so a full disk or an interruption never leaves half an export (or
/// half of an earlier one overwritten).
fn write_whole(path: &Path, content: &Content) -> anyhow::Result<()> {
    let cannot = || format!("cannot write {}", path.display());
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".rapport-export-");
    // A new file as any other program makes it (read-write, less the user's umask), not the
    // owner-only file a temporary one would be.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let file = builder.tempfile_in(folder).with_context(cannot)?;
    // serde_json writes a backup a few bytes at a time.
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
    content.write_to(&mut writer).with_context(cannot)?;
    let file = writer.into_inner().map_err(|e| e.into_error()).with_context(cannot)?;
    // On disk before the rename: a crash right after it must not leave an empty file where
    // the earlier backup was. About 0.3 s of a 132 MB backup (30,000 people) on the test
    // machine; nothing to notice at a few thousand.
    file.as_file().sync_all().with_context(cannot)?;
    file.persist(path).map_err(|e| e.error).with_context(cannot)?;
    Ok(())
}
