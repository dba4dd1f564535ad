//! Rows of a CSV text with their line numbers: finds the header row among the first lines
//! (LinkedIn puts a notice above it), reads ragged rows without failing, and splits a row on
//! tabs when a comma-separated file has tab-separated lines (Thunderbird has seen such files).

use std::io::Cursor;

use crate::detect::{normalize_header, sniff_delimiter};
use crate::record::{Skip, SkipReason};

/// How many rows are searched for the header.
pub(crate) const HEADER_SCAN_ROWS: usize = 10;

/// One data row: its first line and its fields, untrimmed.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub(crate) line: u64,
    pub(crate) fields: Vec<String>,
}

/// A CSV text positioned after its header row.
pub(crate) struct Table {
    reader: csv::Reader<Cursor<Vec<u8>>>,
    delimiter: u8,
    /// Header names as written (BOM and surrounding spaces removed).
    pub(crate) header: Vec<String>,
    /// Header names lower-cased, for matching.
    pub(crate) normalized: Vec<String>,
    /// A row read while looking for the header that turned out to be data.
    pending: Option<Row>,
    record: csv::StringRecord,
}

impl Table {
    /// Opens a text and finds its header: the first of the first rows that `is_header` accepts.
    /// Returns `None` when no such row is found; the first row is then returned as data by
    /// [`Table::headerless`].
    pub(crate) fn open(text: String, is_header: impl Fn(&[String]) -> bool) -> Option<Table> {
        let mut table = Table::start(text);
        for _ in 0..HEADER_SCAN_ROWS {
            let row = match table.read_row()? {
                Ok(row) => row,
                Err(_) => continue,
            };
            let normalized: Vec<String> = row.fields.iter().map(|f| normalize_header(f)).collect();
            if is_header(&normalized) {
                table.header = row.fields.iter().map(|f| f.trim_start_matches('\u{feff}').trim().to_string()).collect();
                table.normalized = normalized;
                return Some(table);
            }
        }
        None
    }

    /// Opens a text that has no header: every row is data.
    pub(crate) fn headerless(text: String) -> Table {
        Table::start(text)
    }

    fn start(text: String) -> Table {
        let delimiter = sniff_delimiter(&text);
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(Cursor::new(text.into_bytes()));
        Table {
            reader,
            delimiter,
            header: Vec::new(),
            normalized: Vec::new(),
            pending: None,
            record: csv::StringRecord::new(),
        }
    }

    /// Peeks at the first data row without consuming it.
    pub(crate) fn peek(&mut self) -> Option<&Row> {
        if self.pending.is_none() {
            match self.read_row()? {
                Ok(row) => self.pending = Some(row),
                Err(_) => return None,
            }
        }
        self.pending.as_ref()
    }

    /// The next data row, or a skip for a row the CSV reader could not read.
    pub(crate) fn next_row(&mut self) -> Option<Result<Row, Skip>> {
        if let Some(row) = self.pending.take() {
            return Some(Ok(row));
        }
        self.read_row()
    }

    fn read_row(&mut self) -> Option<Result<Row, Skip>> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let line = self.record.position().map_or(0, |p| {
                    // After a CRLF row the reader stops at the CR, so the next record's
                    // position points at the LF, still counted on the line before.
                    let bytes = self.reader.get_ref().get_ref();
                    let at_lf = usize::try_from(p.byte()).ok().and_then(|b| bytes.get(b)) == Some(&b'\n');
                    p.line() + u64::from(at_lf)
                });
                let fields: Vec<String> = if self.delimiter == b',' && self.record.len() == 1 {
                    // A tab-separated line in a comma-separated file.
                    self.record[0].split('\t').map(str::to_string).collect()
                } else {
                    self.record.iter().map(str::to_string).collect()
                };
                Some(Ok(Row { line, fields }))
            }
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line());
                Some(Err(Skip { line, reason: SkipReason::Unreadable(err.to_string()) }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_found_below_a_preamble_and_lines_are_counted() {
        let text = "Notes:\n\"A notice, with commas\"\n\nFirst Name,Last Name\nAna,Silva\n\"Bo\nB\",Sample\nCy,Lee\n";
        for text in [text.to_string(), text.replace('\n', "\r\n")] {
            let mut table = Table::open(text, |h| h.iter().any(|n| n == "first name")).unwrap();
            assert_eq!(table.header, ["First Name", "Last Name"]);
            let rows: Vec<Row> = std::iter::from_fn(|| table.next_row()).map(Result::unwrap).collect();
            let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [5, 6, 8]);
            assert!(rows[1].fields[0].starts_with("Bo\r\nB") || rows[1].fields[0] == "Bo\nB");
        }
    }

    #[test]
    fn tab_lines_in_a_comma_file_are_split_on_tabs() {
        let mut table = Table::headerless("1,1,1@host.invalid\n2\t2\t2@host.invalid\n".to_string());
        let _ = table.next_row();
        let second = table.next_row().unwrap().unwrap();
        assert_eq!(second.fields, ["2", "2", "2@host.invalid"]);
    }

    #[test]
    fn no_header_in_the_first_rows_is_none() {
        assert!(Table::open("a,b\nc,d\n".to_string(), |h| h.iter().any(|n| n == "email")).is_none());
    }
}
