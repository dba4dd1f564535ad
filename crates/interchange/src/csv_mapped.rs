//! CSV contacts through a column mapping: the engine behind every CSV reader (LinkedIn, Google,
//! Outlook and Thunderbird are built-in mappings), the `--map` format for any other CSV, and
//! the column names recognized in a CSV given without a mapping.
//!
//! # The column mapping format
//!
//! A mapping says which column fills which field. Inline (the `--map` flag), it is a
//! comma-separated list of `field=Column` pairs:
//!
//! ```text
//! name=Full Name,email=E-mail 1,email=E-mail 2,organization=Company,location=City+Country
//! ```
//!
//! or the same in a TOML file, under `[columns]`, where a field takes one column or a list:
//!
//! ```toml
//! [columns]
//! name = "Full Name"
//! email = ["E-mail 1", "E-mail 2"]
//! organization = "Company"
//! location = "City+Country"
//! ```
//!
//! * **Fields:** `name` (the full name), `given`, `middle`, `family`, `prefix`, `suffix`,
//!   `nickname`, `email`, `phone`, `link`, `organization` (or `org`, `company`), `title`,
//!   `location`, `notes`, `birthday`, `birth_year`, `birth_month`, `birth_day`, `tags`,
//!   `connected_on` (the first known touch).
//! * **Columns** are matched by name, ignoring case and surrounding spaces. `#3` names the
//!   third column by position, for files without a header. A `*` matches a number, so
//!   `E-mail * - Value` takes `E-mail 1 - Value`, `E-mail 2 - Value`, and so on.
//! * **Several columns for one field:** `email`, `phone`, `link` and `tags` collect every
//!   non-empty value; `notes` joins them; any other field takes the first non-empty one, in the
//!   order given.
//! * **Joined columns:** `City+Region+Country` joins the non-empty values of several columns
//!   into one value (with `, ` for `location`, a new line for `notes`, a space otherwise).
//! * A cell may hold several values separated by ` ::: ` (as Google writes them); tags are also
//!   split on `;` and `,`.
//! * In the inline form a column name cannot contain `,`, `=` or `+`; use the TOML form and
//!   quote such names with `\+` for a literal plus.
//!
//! A mapping given by the user must name columns the file has; the built-in ones need not.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::detect::{Format, normalize_header};
use crate::error::InterchangeError;
use crate::record::{Birthday, Draft, ImportedContact, Skip, clean, split_multi};
use crate::table::{HEADER_SCAN_ROWS, Row, Table};

/// A field of [`ImportedContact`] a column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Name,
    Given,
    Middle,
    Family,
    Prefix,
    Suffix,
    Nickname,
    Email,
    Phone,
    Link,
    Organization,
    Title,
    Location,
    Notes,
    Birthday,
    BirthYear,
    BirthMonth,
    BirthDay,
    Tags,
    ConnectedOn,
}

impl Field {
    pub const ALL: &'static [Field] = &[
        Field::Name,
        Field::Given,
        Field::Middle,
        Field::Family,
        Field::Prefix,
        Field::Suffix,
        Field::Nickname,
        Field::Email,
        Field::Phone,
        Field::Link,
        Field::Organization,
        Field::Title,
        Field::Location,
        Field::Notes,
        Field::Birthday,
        Field::BirthYear,
        Field::BirthMonth,
        Field::BirthDay,
        Field::Tags,
        Field::ConnectedOn,
    ];

    /// The word that names the field in a mapping.
    pub const fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Given => "given",
            Field::Middle => "middle",
            Field::Family => "family",
            Field::Prefix => "prefix",
            Field::Suffix => "suffix",
            Field::Nickname => "nickname",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Link => "link",
            Field::Organization => "organization",
            Field::Title => "title",
            Field::Location => "location",
            Field::Notes => "notes",
            Field::Birthday => "birthday",
            Field::BirthYear => "birth_year",
            Field::BirthMonth => "birth_month",
            Field::BirthDay => "birth_day",
            Field::Tags => "tags",
            Field::ConnectedOn => "connected_on",
        }
    }

    fn parse(raw: &str) -> Result<Field, InterchangeError> {
        let wanted = raw.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let alias = match wanted.as_str() {
            "org" | "company" => "organization",
            "first_name" | "first" => "given",
            "last_name" | "last" | "surname" => "family",
            "full_name" => "name",
            "phone_number" | "mobile" => "phone",
            "url" | "website" => "link",
            "note" => "notes",
            "labels" | "categories" | "tag" => "tags",
            "first_touch" | "connected" => "connected_on",
            "position" | "job_title" => "title",
            other => other,
        };
        Field::ALL.iter().copied().find(|f| f.key() == alias).ok_or_else(|| {
            let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
            InterchangeError::Mapping(format!("`{raw}` is not a field; use one of: {}", keys.join(", ")))
        })
    }

    fn joiner(self) -> &'static str {
        match self {
            Field::Location => ", ",
            Field::Notes => "\n",
            _ => " ",
        }
    }
}

/// A reference to a column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    /// A header name, compared without case.
    Named(String),
    /// A header name with `*` standing for a number.
    Pattern { prefix: String, suffix: String },
    /// A 1-based position, for files without a header.
    Position(usize),
}

impl Column {
    fn parse(raw: &str) -> Result<Column, InterchangeError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(InterchangeError::Mapping("a column name is empty; write field=Column Name".into()));
        }
        if let Some(number) = name.strip_prefix('#') {
            return match number.trim().parse::<usize>() {
                Ok(n) if n >= 1 => Ok(Column::Position(n)),
                _ => Err(InterchangeError::Mapping(format!(
                    "`{name}` is not a column position; write #1 for the first column"
                ))),
            };
        }
        let lower = normalize_header(name);
        Ok(match lower.split_once('*') {
            Some((prefix, suffix)) => Column::Pattern { prefix: prefix.to_string(), suffix: suffix.to_string() },
            None => Column::Named(lower),
        })
    }

    fn describe(&self) -> String {
        match self {
            Column::Named(name) => name.clone(),
            Column::Pattern { prefix, suffix } => format!("{prefix}*{suffix}"),
            Column::Position(n) => format!("#{n}"),
        }
    }

    /// The indexes of the header columns this reference matches.
    fn matches(&self, header: &[String]) -> Vec<usize> {
        match self {
            Column::Named(name) => header.iter().position(|h| h == name).into_iter().collect(),
            Column::Pattern { prefix, suffix } => header
                .iter()
                .enumerate()
                .filter(|(_, h)| {
                    h.len() > prefix.len() + suffix.len()
                        && h.starts_with(prefix.as_str())
                        && h.ends_with(suffix.as_str())
                        && h[prefix.len()..h.len() - suffix.len()].chars().all(|c| c.is_ascii_digit())
                })
                .map(|(i, _)| i)
                .collect(),
            Column::Position(n) => vec![n - 1],
        }
    }
}

/// Which columns fill which fields. See the module documentation for the text forms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnMapping {
    /// Each entry: a field and the columns whose values are joined to fill it.
    pub entries: Vec<(Field, Vec<Column>)>,
}

impl ColumnMapping {
    /// Reads the inline form: `name=Full Name,email=E-mail 1,location=City+Country`.
    pub fn parse_inline(spec: &str) -> Result<ColumnMapping, InterchangeError> {
        let mut mapping = ColumnMapping::default();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (field, columns) = pair.split_once('=').ok_or_else(|| {
                InterchangeError::Mapping(format!("`{pair}` is not a pair; write field=Column Name, e.g. email=E-mail"))
            })?;
            mapping.push(Field::parse(field)?, columns)?;
        }
        if mapping.entries.is_empty() {
            return Err(InterchangeError::Mapping("the mapping is empty; write field=Column pairs".into()));
        }
        Ok(mapping)
    }

    /// Reads the TOML form: a `[columns]` table of `field = "Column"` or `field = ["A", "B"]`.
    pub fn from_toml(text: &str) -> Result<ColumnMapping, InterchangeError> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            columns: BTreeMap<String, OneOrMany>,
        }
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        let file: File =
            toml::from_str(text).map_err(|e| InterchangeError::Mapping(format!("not a mapping file: {e}")))?;
        let mut mapping = ColumnMapping::default();
        for (field, columns) in file.columns {
            let field = Field::parse(&field)?;
            match columns {
                OneOrMany::One(column) => mapping.push(field, &column)?,
                OneOrMany::Many(list) => {
                    for column in list {
                        mapping.push(field, &column)?;
                    }
                }
            }
        }
        if mapping.entries.is_empty() {
            return Err(InterchangeError::Mapping("the [columns] table is empty".into()));
        }
        Ok(mapping)
    }

    /// Reads either form: text with a `[columns]` line is TOML, anything else is inline.
    pub fn parse(text: &str) -> Result<ColumnMapping, InterchangeError> {
        if text.lines().any(|l| l.trim() == "[columns]") { Self::from_toml(text) } else { Self::parse_inline(text) }
    }

    /// Adds a field filled by `columns` (`A+B` joins several).
    fn push(&mut self, field: Field, columns: &str) -> Result<(), InterchangeError> {
        let mut group = Vec::new();
        let mut current = String::new();
        let mut chars = columns.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek() == Some(&'+') => {
                    current.push('+');
                    chars.next();
                }
                '+' => group.push(Column::parse(&std::mem::take(&mut current))?),
                other => current.push(other),
            }
        }
        group.push(Column::parse(&current)?);
        self.entries.push((field, group));
        Ok(())
    }

    /// A built-in mapping from `(field, "Column A+Column B")` pairs, known to be well formed.
    pub(crate) fn builtin(pairs: &[(Field, &str)]) -> ColumnMapping {
        let mut mapping = ColumnMapping::default();
        for (field, columns) in pairs {
            // Built-in column names are constants checked by this crate's tests, so this
            // cannot fail; an error would only drop the entry.
            let _ = mapping.push(*field, columns);
        }
        mapping
    }

    fn uses_positions(&self) -> bool {
        self.entries.iter().flat_map(|(_, g)| g).any(|c| matches!(c, Column::Position(_)))
    }

    /// Matches the mapping against a header. With `strict`, every named column must exist.
    fn resolve(&self, header: &[String], strict: bool) -> Result<Resolved, InterchangeError> {
        let mut entries = Vec::new();
        for (field, group) in &self.entries {
            let matched: Vec<Vec<usize>> = group.iter().map(|c| c.matches(header)).collect();
            if strict && let Some((column, _)) = group.iter().zip(&matched).find(|(_, m)| m.is_empty()) {
                return Err(InterchangeError::MissingColumn {
                    field: field.key().to_string(),
                    column: column.describe(),
                    header: header.join(", "),
                });
            }
            if group.len() == 1 {
                // One column reference: a pattern becomes one source per matching column.
                for index in matched.into_iter().flatten() {
                    entries.push((*field, vec![index]));
                }
            } else {
                let indexes: Vec<usize> = matched.into_iter().flatten().collect();
                if !indexes.is_empty() {
                    entries.push((*field, indexes));
                }
            }
        }
        Ok(Resolved { entries })
    }

    fn names_columns_in(&self, header: &[String]) -> bool {
        self.entries.iter().flat_map(|(_, g)| g).all(|c| !c.matches(header).is_empty())
    }
}

/// A mapping matched to one file's header: column indexes per field.
#[derive(Clone, Debug)]
struct Resolved {
    entries: Vec<(Field, Vec<usize>)>,
}

/// Format-specific clean-up applied to each record after the mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavor {
    LinkedIn,
    Plain,
}

/// A streaming reader of contacts from a CSV text through a column mapping.
pub struct CsvContacts {
    table: Table,
    resolved: Resolved,
    flavor: Flavor,
    format: Format,
    header_len: usize,
    record: usize,
}

impl CsvContacts {
    /// The format the reader was opened for.
    pub fn format(&self) -> Format {
        self.format
    }

    pub(crate) fn set_format(&mut self, format: Format) {
        self.format = format;
    }

    /// The header as the file wrote it (empty for a file without one).
    pub fn header(&self) -> &[String] {
        &self.table.header
    }

    pub(crate) fn open_builtin(
        text: String,
        format: Format,
        mapping: &ColumnMapping,
        flavor: Flavor,
        is_header: impl Fn(&[String]) -> bool,
        hint: &'static str,
    ) -> Result<CsvContacts, InterchangeError> {
        let table = Table::open(text, is_header).ok_or(InterchangeError::NoHeader {
            what: format_label(format),
            scanned: HEADER_SCAN_ROWS,
            hint,
        })?;
        let resolved = mapping.resolve(&table.normalized, false)?;
        Ok(CsvContacts::new(table, resolved, flavor, format))
    }

    fn new(table: Table, resolved: Resolved, flavor: Flavor, format: Format) -> CsvContacts {
        let header_len = table.header.len();
        CsvContacts { table, resolved, flavor, format, header_len, record: 0 }
    }

    fn convert(&self, row: &Row, record: usize) -> Result<ImportedContact, Skip> {
        let mut draft = Draft::default();
        let mut birth_parts: [Option<String>; 3] = [None, None, None];
        for (field, indexes) in &self.resolved.entries {
            if let [index] = indexes.as_slice() {
                // One column, the common case: no joining, no allocation.
                let value = row.fields.get(*index).map_or("", |v| v.trim());
                if !value.is_empty() {
                    apply(&mut draft, *field, value, &mut birth_parts);
                }
                continue;
            }
            let values: Vec<&str> =
                indexes.iter().filter_map(|i| row.fields.get(*i)).map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
            if !values.is_empty() {
                apply(&mut draft, *field, &values.join(field.joiner()), &mut birth_parts);
            }
        }
        if let [Some(year), Some(month), Some(day)] = &birth_parts {
            let parsed = (year.parse::<i16>().ok(), month.parse::<i8>().ok(), day.parse::<i8>().ok());
            match parsed {
                (year, Some(month), Some(day)) => match Birthday::new(year, month, day) {
                    Some(b) => draft.birthday_value = Some(b),
                    None => draft.warn("birthday", &format!("{month}/{day}"), "not a day of the year"),
                },
                _ => {
                    draft.warn("birthday", &format!("{year}-{month}-{day}"), "the year, month and day must be numbers")
                }
            }
        } else if let [None, Some(month), Some(day)] = &birth_parts {
            match (month.parse::<i8>().ok(), day.parse::<i8>().ok()) {
                (Some(m), Some(d)) if Birthday::new(None, m, d).is_some() => {
                    draft.birthday_value = Birthday::new(None, m, d)
                }
                _ => draft.warn("birthday", &format!("{month}/{day}"), "not a day of the year"),
            }
        }
        if self.flavor == Flavor::LinkedIn {
            crate::linkedin::tidy(&mut draft);
        }
        if self.header_len > 0 && row.fields.len() < self.header_len {
            let missing = self.header_len - row.fields.len();
            draft.warn(
                "row",
                &format!("{} fields", row.fields.len()),
                format!("the header has {} columns, so the last {missing} were read as empty", self.header_len),
            );
        } else if self.header_len > 0
            && row.fields.len() > self.header_len
            && row.fields[self.header_len..].iter().any(|f| !f.trim().is_empty())
        {
            draft.warn(
                "row",
                &format!("{} fields", row.fields.len()),
                format!("the header has {} columns, so the extra values were ignored", self.header_len),
            );
        }
        draft.finish(row.line, record)
    }
}

impl Iterator for CsvContacts {
    type Item = Result<ImportedContact, Skip>;

    fn next(&mut self) -> Option<Self::Item> {
        let row = match self.table.next_row()? {
            Ok(row) => row,
            Err(skip) => {
                self.record += 1;
                return Some(Err(skip));
            }
        };
        self.record += 1;
        Some(self.convert(&row, self.record))
    }
}

fn apply(draft: &mut Draft, field: Field, value: &str, birth_parts: &mut [Option<String>; 3]) {
    let set = |slot: &mut Option<String>, value: &str| {
        if slot.is_none() {
            *slot = clean(value);
        }
    };
    match field {
        Field::Name => set(&mut draft.full_name, value),
        Field::Given => set(&mut draft.given, value),
        Field::Middle => set(&mut draft.middle, value),
        Field::Family => set(&mut draft.family, value),
        Field::Prefix => set(&mut draft.prefix, value),
        Field::Suffix => set(&mut draft.suffix, value),
        Field::Nickname => set(&mut draft.nickname, value),
        Field::Organization => set(&mut draft.organization, value),
        Field::Title => set(&mut draft.title, value),
        Field::Location => set(&mut draft.location, value),
        Field::Email => draft.emails.extend(split_multi(value).map(str::to_string)),
        Field::Phone => draft.phones.extend(split_multi(value).map(str::to_string)),
        Field::Link => draft.links.extend(split_multi(value).map(str::to_string)),
        Field::Tags => draft.add_tags(value),
        Field::Notes => draft.add_note(value),
        Field::Birthday => {
            // Outlook writes an unknown date as 0/0/00.
            if draft.birthday.is_none() && value.trim() != "0/0/00" {
                draft.birthday = clean(value);
            }
        }
        Field::BirthYear => set(&mut birth_parts[0], value),
        Field::BirthMonth => set(&mut birth_parts[1], value),
        Field::BirthDay => set(&mut birth_parts[2], value),
        Field::ConnectedOn => {
            if draft.first_touch.is_none() {
                match parse_day(value) {
                    Some(date) => draft.first_touch = Some(date),
                    None => draft.warn("connected_on", value, "not a date; LinkedIn writes it as 02 Jun 2022"),
                }
            }
        }
    }
}

/// Parses the day forms seen for LinkedIn's "Connected On": `02 Jun 2022`, `7-Feb-22`,
/// `2022-06-02` and `6/2/2022` (month first).
pub(crate) fn parse_day(raw: &str) -> Option<Date> {
    let text = raw.trim();
    let parts: Vec<&str> = text.split([' ', '-', '/']).filter(|p| !p.is_empty()).collect();
    if parts.len() != 3 {
        return None;
    }
    let number = |s: &str| s.parse::<i16>().ok();
    if let Some(month) = month_number(parts[1]) {
        let day = number(parts[0])?;
        let mut year = number(parts[2])?;
        if parts[2].len() == 2 {
            year += 2000;
        }
        return Date::new(year, month, i8::try_from(day).ok()?).ok();
    }
    if parts[0].len() == 4 {
        return Date::new(
            number(parts[0])?,
            i8::try_from(number(parts[1])?).ok()?,
            i8::try_from(number(parts[2])?).ok()?,
        )
        .ok();
    }
    if text.contains('/') && parts[2].len() == 4 {
        return Date::new(
            number(parts[2])?,
            i8::try_from(number(parts[0])?).ok()?,
            i8::try_from(number(parts[1])?).ok()?,
        )
        .ok();
    }
    None
}

fn month_number(name: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = name.to_ascii_lowercase();
    let short = lower.get(..3)?;
    MONTHS.iter().position(|m| *m == short).and_then(|i| i8::try_from(i + 1).ok())
}

fn format_label(format: Format) -> &'static str {
    match format {
        Format::LinkedIn => "LinkedIn connections",
        Format::GoogleCsv | Format::GoogleCsvLegacy => "Google Contacts CSV",
        Format::OutlookCom | Format::OutlookDesktop => "Outlook CSV",
        Format::ThunderbirdCsv => "Thunderbird CSV",
        _ => "CSV",
    }
}

/// Reads a CSV through a mapping the user gave: the header is the first row that names every
/// mapped column (or, for a mapping by `#position` only, the file has no header).
pub fn read_mapped(text: String, mapping: &ColumnMapping) -> Result<CsvContacts, InterchangeError> {
    let by_position_only = mapping.entries.iter().flat_map(|(_, g)| g).all(|c| matches!(c, Column::Position(_)));
    if by_position_only {
        let table = Table::headerless(text);
        let resolved = mapping.resolve(&[], false)?;
        return Ok(CsvContacts::new(table, resolved, Flavor::Plain, Format::GenericCsv));
    }
    let Some(table) = Table::open(text.clone(), |h| mapping.names_columns_in(h)) else {
        // Say which column is missing from the most likely header: the first row.
        let mut first = Table::headerless(text);
        let header: Vec<String> =
            first.peek().map(|r| r.fields.iter().map(|f| normalize_header(f)).collect()).unwrap_or_default();
        mapping.resolve(&header, true)?;
        return Err(InterchangeError::NoHeader {
            what: "CSV",
            scanned: HEADER_SCAN_ROWS,
            hint: "no row names all the mapped columns; check the names in --map against the file",
        });
    };
    let resolved = mapping.resolve(&table.normalized, !mapping.uses_positions())?;
    Ok(CsvContacts::new(table, resolved, Flavor::Plain, Format::GenericCsv))
}

/// Thunderbird's address book columns.
pub(crate) fn thunderbird_mapping() -> ColumnMapping {
    ColumnMapping::builtin(&[
        (Field::Name, "Display Name"),
        (Field::Given, "First Name"),
        (Field::Family, "Last Name"),
        (Field::Nickname, "Nickname"),
        (Field::Email, "Primary Email"),
        (Field::Email, "Secondary Email"),
        (Field::Phone, "Mobile Number"),
        (Field::Phone, "Work Phone"),
        (Field::Phone, "Home Phone"),
        (Field::Organization, "Organization"),
        (Field::Title, "Job Title"),
        (Field::Link, "Web Page 1"),
        (Field::Link, "Web Page 2"),
        (Field::Location, "Work City+Work State+Work Country"),
        (Field::Location, "Home City+Home State+Home Country"),
        (Field::BirthYear, "Birth Year"),
        (Field::BirthMonth, "Birth Month"),
        (Field::BirthDay, "Birth Day"),
        (Field::Notes, "Notes"),
    ])
}

/// Thunderbird writes files without a header in its own column order.
fn thunderbird_positions() -> ColumnMapping {
    ColumnMapping::builtin(&[
        (Field::Given, "#1"),
        (Field::Family, "#2"),
        (Field::Name, "#3"),
        (Field::Nickname, "#4"),
        (Field::Email, "#5"),
        (Field::Email, "#6"),
    ])
}

/// Reads a Thunderbird address book CSV.
pub fn read_thunderbird(text: String) -> Result<CsvContacts, InterchangeError> {
    CsvContacts::open_builtin(
        text,
        Format::ThunderbirdCsv,
        &thunderbird_mapping(),
        Flavor::Plain,
        |h| h.iter().any(|n| n == "primary email"),
        "a Thunderbird export starts with a row naming its columns (First Name, Last Name, Display Name, …)",
    )
}

/// The field a header name most likely means, for a CSV given without a mapping.
fn guess_field(header: &str) -> Option<Field> {
    let key: String = header.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    let has = |s: &str| key.contains(s);
    if has("type") || has("label") || has("display") || has("yomi") || has("phonetic") || has("fax") {
        return None;
    }
    Some(match key.as_str() {
        "name" | "fullname" | "displayname" | "contactname" | "contact" => Field::Name,
        "firstname" | "givenname" | "forename" | "first" => Field::Given,
        "middlename" | "additionalname" | "middle" => Field::Middle,
        "lastname" | "familyname" | "surname" | "last" => Field::Family,
        "prefix" | "nameprefix" | "salutation" => Field::Prefix,
        "suffix" | "namesuffix" => Field::Suffix,
        "nickname" => Field::Nickname,
        "company" | "companyname" | "organization" | "organisation" | "organizationname" | "employer" | "org" => {
            Field::Organization
        }
        "title" | "jobtitle" | "position" | "role" | "occupation" => Field::Title,
        "location" => Field::Location,
        "notes" | "note" | "comments" | "comment" => Field::Notes,
        "birthday" | "birthdate" | "dateofbirth" | "dob" => Field::Birthday,
        "tags" | "labels" | "categories" | "groups" | "groupmembership" => Field::Tags,
        "connectedon" | "firsttouch" => Field::ConnectedOn,
        "linkedin" | "linkedinurl" | "profile" | "profileurl" | "links" | "link" => Field::Link,
        _ if has("email") || key == "mail" => Field::Email,
        _ if has("phone") || has("mobile") || key == "tel" || key == "telephone" || key == "cell" => Field::Phone,
        _ if has("url") || has("website") || has("webpage") => Field::Link,
        _ => return None,
    })
}

const PLACE_COLUMNS: &[&str] = &["city", "state", "region", "country", "countryregion"];

/// A mapping built from a header's column names, if it names a person or an email.
fn guessed_mapping(header: &[String]) -> Option<ColumnMapping> {
    let mut mapping = ColumnMapping::default();
    let mut place = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let key: String = name.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        if PLACE_COLUMNS.contains(&key.as_str()) {
            place.push(Column::Position(i + 1));
            continue;
        }
        if let Some(field) = guess_field(name) {
            mapping.entries.push((field, vec![Column::Position(i + 1)]));
        }
    }
    if !place.is_empty() {
        mapping.entries.push((Field::Location, place));
    }
    let names_someone =
        mapping.entries.iter().any(|(f, _)| matches!(f, Field::Name | Field::Given | Field::Family | Field::Email));
    names_someone.then_some(mapping)
}

/// Reads a CSV of an unknown layout: its columns are found by their names (`Name`,
/// `First Name`, `E-mail`, `Company`, `Phone`, …). A file without a header is read in
/// Thunderbird's column order when its fifth column holds email addresses.
pub fn read_generic(text: String) -> Result<CsvContacts, InterchangeError> {
    if let Some(table) = Table::open(text.clone(), |h| guessed_mapping(h).is_some()) {
        let mapping = guessed_mapping(&table.normalized).unwrap_or_default();
        let resolved = mapping.resolve(&table.normalized, false)?;
        return Ok(CsvContacts::new(table, resolved, Flavor::Plain, Format::GenericCsv));
    }
    let mut table = Table::headerless(text);
    let fifth_is_email =
        table.peek().and_then(|r| r.fields.get(4)).is_some_and(|f| rapport_domain::values::Email::parse(f).is_ok());
    if fifth_is_email {
        let resolved = thunderbird_positions().resolve(&[], false)?;
        return Ok(CsvContacts::new(table, resolved, Flavor::Plain, Format::GenericCsv));
    }
    Err(InterchangeError::NoHeader {
        what: "CSV",
        scanned: HEADER_SCAN_ROWS,
        hint: "add a first row naming the columns (Name, E-mail, Company, …), or say which column is which with --map, e.g. --map 'name=#1,email=#2'",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(reader: CsvContacts) -> Vec<Result<ImportedContact, Skip>> {
        reader.collect()
    }

    #[test]
    fn inline_and_toml_mappings_read_the_same() {
        let inline =
            ColumnMapping::parse("name=Full Name, email=E-mail 1,email=E-mail 2,location=City+Country").unwrap();
        let toml = ColumnMapping::parse(
            "[columns]\nname = \"Full Name\"\nemail = [\"E-mail 1\", \"E-mail 2\"]\nlocation = \"City+Country\"\n",
        )
        .unwrap();
        let sorted = |m: &ColumnMapping| {
            let mut e = m.entries.clone();
            e.sort_by_key(|(f, _)| *f);
            e
        };
        assert_eq!(sorted(&inline), sorted(&toml));
        assert_eq!(inline.entries[3].1.len(), 2);
    }

    #[test]
    fn bad_mappings_say_what_is_wrong() {
        let err = ColumnMapping::parse("nom=Full Name").unwrap_err().to_string();
        assert!(err.contains("`nom` is not a field"), "{err}");
        let err = ColumnMapping::parse("name").unwrap_err().to_string();
        assert!(err.contains("write field=Column Name"), "{err}");
        let err = ColumnMapping::parse("email=#0").unwrap_err().to_string();
        assert!(err.contains("#1 for the first column"), "{err}");
    }

    #[test]
    fn a_mapped_csv_reads_patterns_joins_and_multi_values() {
        let text = "Full Name;E-mail 1;E-mail 2;City;Country;Groups\n\
                    Ana Silva;ana@example.com ::: ana.s@example.org;;Lisbon;Portugal;Friends, Work\n";
        let mapping = ColumnMapping::parse("name=Full Name,email=E-mail *,location=City+Country,tags=Groups").unwrap();
        let people = all(read_mapped(text.to_string(), &mapping).unwrap());
        let ana = people[0].as_ref().unwrap();
        assert_eq!(ana.name.full, "Ana Silva");
        assert_eq!(ana.emails.len(), 2);
        assert_eq!(ana.location.as_deref(), Some("Lisbon, Portugal"));
        let tags: Vec<&str> = ana.tags.iter().map(|t| t.as_str()).collect();
        assert_eq!(tags, ["friends", "work"]);
        assert_eq!(ana.line, 2);
    }

    #[test]
    fn a_mapping_naming_a_missing_column_lists_the_header() {
        let mapping = ColumnMapping::parse("name=Full Name,email=Mail").unwrap();
        let err = read_mapped("Full Name,E-mail\nAna,a@example.com\n".to_string(), &mapping).err().unwrap().to_string();
        assert!(err.contains("`email` names the column `mail`"), "{err}");
        assert!(err.contains("full name, e-mail"), "{err}");
    }

    #[test]
    fn positions_read_files_without_a_header() {
        let mapping = ColumnMapping::parse("name=#1,email=#2").unwrap();
        let people = all(read_mapped("Ana Silva,ana@example.com\nBo,bo@example.com\n".to_string(), &mapping).unwrap());
        assert_eq!(people.len(), 2);
        assert_eq!(people[1].as_ref().unwrap().name.full, "Bo");
    }

    #[test]
    fn generic_headers_are_guessed_and_ragged_rows_warn() {
        let text = "Name,Email,Company,Job Title\nAna Silva,ana@example.com,Acme,Analyst\nBo Sample,bo@example.com\n";
        let people = all(read_generic(text.to_string()).unwrap());
        let ana = people[0].as_ref().unwrap();
        assert_eq!((ana.organization.as_deref(), ana.title.as_deref()), (Some("Acme"), Some("Analyst")));
        let bo = people[1].as_ref().unwrap();
        assert_eq!(bo.warnings.len(), 1);
        assert!(bo.warnings[0].reason.contains("the last 2 were read as empty"), "{:?}", bo.warnings);
    }

    #[test]
    fn a_generic_csv_without_a_recognizable_header_is_an_error_with_a_hint() {
        let err = read_generic("x,y\n1,2\n".to_string()).err().unwrap().to_string();
        assert!(err.contains("--map"), "{err}");
    }

    #[test]
    fn days_parse_in_the_forms_seen() {
        let june = Date::new(2022, 6, 2).unwrap();
        assert_eq!(parse_day("02 Jun 2022"), Some(june));
        assert_eq!(parse_day("2 June 2022"), Some(june));
        assert_eq!(parse_day("2-Jun-22"), Some(june));
        assert_eq!(parse_day("2022-06-02"), Some(june));
        assert_eq!(parse_day("6/2/2022"), Some(june));
        assert_eq!(parse_day("yesterday"), None);
        assert_eq!(parse_day("31 Feb 2022"), None);
    }

    #[test]
    fn builtin_mappings_are_well_formed() {
        assert_eq!(thunderbird_mapping().entries.len(), 19);
        assert_eq!(thunderbird_positions().entries.len(), 6);
    }
}
