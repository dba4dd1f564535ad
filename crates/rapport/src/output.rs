//! Rendering for people: styles (off when NO_COLOR is set or output is not a terminal),
//! aligned tables, and error messages. JSON output is written with [`json`].

use std::io::Write;

use anstyle::{AnsiColor, Style};
use comfy_table::{ContentArrangement, Table, presets};

pub(crate) const BOLD: Style = Style::new().bold();
pub(crate) const DIM: Style = Style::new().dimmed();
pub(crate) const GOOD: Style = AnsiColor::Green.on_default();
pub(crate) const WARN: Style = AnsiColor::Yellow.on_default();
pub(crate) const BAD: Style = AnsiColor::Red.on_default().bold();

/// `text` in `style` (plain when colour is off: `anstream` strips the codes).
pub(crate) fn styled(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
}

/// Prints an error and its causes to stderr.
pub(crate) fn error(err: &anyhow::Error) {
    let mut stderr = anstream::stderr();
    let _ = writeln!(stderr, "{} {err}", styled(BAD, "error:"));
    for cause in err.chain().skip(1) {
        let _ = writeln!(stderr, "  {} {cause}", styled(DIM, "because:"));
    }
}

/// A plain, aligned table with a header row (no borders: easy to read and to grep).
pub(crate) fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut table = Table::new();
    table.load_style(presets::NOTHING).set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(header.iter().map(|h| h.to_uppercase()));
    for row in rows {
        table.add_row(row);
    }
    let text = table.to_string();
    // comfy-table pads every column, the last one too; trailing spaces help nobody.
    text.lines().map(|l| l.trim_end().trim_start_matches(' ')).collect::<Vec<_>>().join("\n")
}

/// Writes text to stdout (colour codes stripped when colour is off).
pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    let mut out = anstream::stdout();
    writeln!(out, "{text}")?;
    Ok(())
}

/// Writes a value as pretty JSON to stdout.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    // Serialized first, then written: a closed pipe (`rapport … --json | head`) is then an
    // `io::Error` the binary recognizes and ends quietly on, not a serde_json error.
    let mut text = serde_json::to_vec_pretty(value)?;
    text.push(b'\n');
    std::io::stdout().lock().write_all(&text)?;
    Ok(())
}

/// A label and value line, for `show` commands; skipped when the value is empty.
pub(crate) fn field(lines: &mut Vec<String>, label: &str, value: impl AsRef<str>) {
    let value = value.as_ref();
    if !value.trim().is_empty() {
        lines.push(format!("{} {value}", styled(DIM, format!("{label:>13}"))));
    }
}
