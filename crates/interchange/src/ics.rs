//! iCalendar (RFC 5545): reading the events of a calendar file, and writing meetings as
//! `VEVENT`s and reminders as `VTODO`s, each with a `VALARM`.
//!
//! Every written item has a stable `UID` made from its record id (`<uuid>@rapport`), so a
//! calendar app that imports the file again updates the item instead of adding a copy.
//! `SEQUENCE` counts the minutes between the record's creation and its last change, so it only
//! grows as the record is edited; `DTSTAMP` is the time the file was made, passed in by the
//! caller (this crate reads no clock). Every time is written in UTC (`…Z`), which needs no
//! `VTIMEZONE`.

use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameterName,
    ICalendarParameterValue, ICalendarProperty, ICalendarValue,
};
use calcard::{Entry, Parser};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use rapport_domain::ValidationError;
use rapport_domain::ids::{MeetingId, PersonId};
use rapport_domain::meetings::{Meeting, MeetingMode, MeetingStatus};
use rapport_domain::values::{Email, bounded, required};

use crate::contentline::{escape_text, push_line, utc_stamp};
use crate::error::InterchangeError;

/// When an event starts or ends, as the file wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IcsTime {
    /// An instant: a UTC time, a time with an offset, or a local time in a known zone.
    Instant(Timestamp),
    /// A local time with no zone (or a zone rapport cannot resolve): the caller's zone applies.
    Floating(DateTime),
    /// A whole day.
    Day(Date),
}

/// Someone named on an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcsPerson {
    pub name: Option<String>,
    pub email: Option<Email>,
}

/// An event read from a calendar file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcsEvent {
    /// The 1-based position of the event in the file.
    pub index: usize,
    pub uid: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    pub start: Option<IcsTime>,
    pub end: Option<IcsTime>,
    pub organizer: Option<IcsPerson>,
    pub attendees: Vec<IcsPerson>,
    /// True when the event repeats (`RRULE` or `RDATE`).
    pub recurring: bool,
    /// `CONFIRMED`, `TENTATIVE` or `CANCELLED`, when given.
    pub status: Option<String>,
    /// How many alarms the event carries.
    pub alarms: usize,
}

/// Reads every `VEVENT` of a calendar file (wrapped in `VCALENDAR` or bare).
pub fn read_events(text: &str) -> Result<Vec<IcsEvent>, InterchangeError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut parser = Parser::new(text);
    let mut events = Vec::new();
    let mut found = false;
    loop {
        match parser.entry() {
            Entry::ICalendar(calendar) => {
                found = true;
                collect_events(&calendar, &mut events);
            }
            Entry::Eof => break,
            Entry::TooManyComponents => break,
            _ => {}
        }
    }
    if !found {
        return Err(InterchangeError::NoCalendar);
    }
    Ok(events)
}

fn collect_events(calendar: &ICalendar, events: &mut Vec<IcsEvent>) {
    let zones = calendar.build_tz_resolver();
    for component in &calendar.components {
        if component.component_type != ICalendarComponentType::VEvent {
            continue;
        }
        let time = |property: ICalendarProperty| {
            component.property(&property).and_then(|entry| {
                let tzid = text_param(entry, &ICalendarParameterName::Tzid);
                let zone = tzid.as_deref().and_then(|id| zones.resolve(id));
                time_of(entry, zone)
            })
        };
        let alarms = component
            .component_ids
            .iter()
            .filter_map(|id| calendar.component_by_id(*id))
            .filter(|c| c.component_type == ICalendarComponentType::VAlarm)
            .count();
        events.push(IcsEvent {
            index: events.len() + 1,
            uid: text_of(component, ICalendarProperty::Uid),
            summary: text_of(component, ICalendarProperty::Summary),
            description: text_of(component, ICalendarProperty::Description),
            location: text_of(component, ICalendarProperty::Location),
            start: time(ICalendarProperty::Dtstart),
            end: time(ICalendarProperty::Dtend),
            organizer: component.property(&ICalendarProperty::Organizer).map(person_of),
            attendees: component.properties(&ICalendarProperty::Attendee).map(person_of).collect(),
            recurring: component.has_property(&ICalendarProperty::Rrule)
                || component.has_property(&ICalendarProperty::Rdate),
            status: text_of(component, ICalendarProperty::Status),
            alarms,
        });
    }
}

fn text_of(component: &ICalendarComponent, property: ICalendarProperty) -> Option<String> {
    let entry = component.property(&property)?;
    let text = entry.values.first()?.as_text()?.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn text_param(entry: &ICalendarEntry, name: &ICalendarParameterName) -> Option<String> {
    match entry.parameter(name)? {
        ICalendarParameterValue::Text(text) => Some(text.trim_matches('"').to_string()),
        _ => None,
    }
}

fn person_of(entry: &ICalendarEntry) -> IcsPerson {
    IcsPerson {
        name: text_param(entry, &ICalendarParameterName::Cn).filter(|n| !n.trim().is_empty()),
        email: entry.calendar_address().and_then(|address| Email::parse(address).ok()),
    }
}

fn time_of(entry: &ICalendarEntry, zone: Option<calcard::common::timezone::Tz>) -> Option<IcsTime> {
    let Some(ICalendarValue::PartialDateTime(value)) = entry.values.first() else { return None };
    let year = i16::try_from(value.year?).ok()?;
    let month = i8::try_from(value.month?).ok()?;
    let day = i8::try_from(value.day?).ok()?;
    let date = Date::new(year, month, day).ok()?;
    let Some(hour) = value.hour else { return Some(IcsTime::Day(date)) };
    let hour = i8::try_from(hour).ok()?;
    let minute = i8::try_from(value.minute.unwrap_or(0)).ok()?;
    let second = i8::try_from(value.second.unwrap_or(0)).ok()?;
    let local = date.at(hour, minute, second, 0);
    let zone = if value.tz_hour.is_some() { Some(calcard::common::timezone::Tz::UTC) } else { zone };
    match zone {
        Some(zone) => {
            let instant = value.to_date_time_with_tz(zone)?;
            Timestamp::from_second(instant.timestamp()).ok().map(IcsTime::Instant)
        }
        None => Some(IcsTime::Floating(local)),
    }
}

/// A reminder to write as a `VTODO`. The reminder type lives elsewhere; its owner fills this.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcsTodo {
    /// A stable id for the item, the same every export (`<uuid>@rapport`).
    pub uid: String,
    pub summary: String,
    pub description: Option<String>,
    /// When it is due; the alarm rings then.
    pub due: Timestamp,
    /// 0 = undefined, 1 = highest … 9 = lowest (RFC 5545).
    pub priority: u8,
}

impl IcsTodo {
    /// A to-do with a non-empty single-line uid and summary and a priority from 0 to 9.
    pub fn new(uid: &str, summary: &str, due: Timestamp, priority: u8) -> Result<Self, ValidationError> {
        let uid = required("uid", uid)?;
        if uid.chars().any(char::is_control) {
            return Err(ValidationError::new("uid", "a uid is one line of text with no control characters"));
        }
        Ok(Self {
            uid,
            summary: required("summary", summary)?,
            description: None,
            due,
            priority: bounded("priority", priority, 0, 9)?,
        })
    }
}

/// How to write a calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcsOptions {
    /// When the file is made: written as every item's `DTSTAMP`.
    pub generated_at: Timestamp,
    /// How long before a meeting its alarm rings.
    pub alarm_minutes_before: u32,
    /// The calendar's name, shown by apps that read `X-WR-CALNAME`.
    pub calendar_name: Option<String>,
}

impl IcsOptions {
    /// Options with a 30-minute meeting alarm and no calendar name.
    pub fn new(generated_at: Timestamp) -> Self {
        Self { generated_at, alarm_minutes_before: 30, calendar_name: None }
    }
}

/// The UID of a meeting's event: the same in every export.
pub fn meeting_uid(id: MeetingId) -> String {
    format!("{id}@rapport")
}

fn sequence(created: Timestamp, updated: Timestamp) -> i64 {
    let minutes = updated.duration_since(created).as_mins();
    minutes.clamp(0, i64::from(i32::MAX))
}

fn mode_words(mode: MeetingMode) -> &'static str {
    match mode {
        MeetingMode::Call => "phone call",
        MeetingMode::Video => "video call",
        MeetingMode::Office => "at their office",
        MeetingMode::Coffee => "coffee (you pay)",
    }
}

/// Writes a calendar of meetings and to-dos. `person_name` names the person each meeting is
/// with. Meetings in the trash or cancelled are written as `STATUS:CANCELLED`, so a calendar
/// that had them removes or strikes them.
pub fn write_calendar(
    meetings: &[Meeting],
    person_name: impl Fn(PersonId) -> Option<String>,
    todos: &[IcsTodo],
    options: &IcsOptions,
) -> String {
    let mut out = String::new();
    let stamp = utc_stamp(options.generated_at);
    push_line(&mut out, "BEGIN", "VCALENDAR");
    push_line(&mut out, "VERSION", "2.0");
    push_line(&mut out, "PRODID", "-//rapport//rapport//EN");
    push_line(&mut out, "CALSCALE", "GREGORIAN");
    push_line(&mut out, "METHOD", "PUBLISH");
    if let Some(name) = &options.calendar_name {
        push_line(&mut out, "X-WR-CALNAME", &escape_text(name));
    }
    for meeting in meetings {
        write_meeting(&mut out, meeting, person_name(meeting.person_id).as_deref(), &stamp, options);
    }
    for todo in todos {
        write_todo(&mut out, todo, &stamp);
    }
    push_line(&mut out, "END", "VCALENDAR");
    out
}

fn write_meeting(out: &mut String, meeting: &Meeting, person: Option<&str>, stamp: &str, options: &IcsOptions) {
    let summary = match person {
        Some(name) => format!("Informational interview with {name}"),
        None => "Informational interview".to_string(),
    };
    let cancelled = meeting.status == MeetingStatus::Cancelled || meeting.deleted_at.is_some();
    let mut description = format!("How: {}, {} minutes.", mode_words(meeting.mode), meeting.duration_min);
    if let Some(agenda) = &meeting.agenda {
        description.push_str("\n\nAgenda:\n");
        description.push_str(agenda);
    }
    push_line(out, "BEGIN", "VEVENT");
    push_line(out, "UID", &meeting_uid(meeting.id));
    push_line(out, "DTSTAMP", stamp);
    push_line(out, "CREATED", &utc_stamp(meeting.created_at));
    push_line(out, "LAST-MODIFIED", &utc_stamp(meeting.updated_at));
    push_line(out, "SEQUENCE", &sequence(meeting.created_at, meeting.updated_at).to_string());
    push_line(out, "DTSTART", &utc_stamp(meeting.scheduled_at));
    push_line(out, "DTEND", &utc_stamp(meeting.scheduled_end()));
    push_line(out, "SUMMARY", &escape_text(&summary));
    push_line(out, "DESCRIPTION", &escape_text(&description));
    if let Some(location) = &meeting.location {
        push_line(out, "LOCATION", &escape_text(location));
    }
    push_line(out, "STATUS", if cancelled { "CANCELLED" } else { "CONFIRMED" });
    push_line(out, "TRANSP", "OPAQUE");
    if !cancelled {
        push_line(out, "BEGIN", "VALARM");
        push_line(out, "ACTION", "DISPLAY");
        push_line(out, "DESCRIPTION", &escape_text(&summary));
        push_line(out, "TRIGGER", &format!("-PT{}M", options.alarm_minutes_before));
        push_line(out, "END", "VALARM");
    }
    push_line(out, "END", "VEVENT");
}

fn write_todo(out: &mut String, todo: &IcsTodo, stamp: &str) {
    push_line(out, "BEGIN", "VTODO");
    push_line(out, "UID", &escape_text(&todo.uid));
    push_line(out, "DTSTAMP", stamp);
    push_line(out, "DUE", &utc_stamp(todo.due));
    push_line(out, "SUMMARY", &escape_text(&todo.summary));
    if let Some(description) = &todo.description {
        push_line(out, "DESCRIPTION", &escape_text(description));
    }
    push_line(out, "PRIORITY", &todo.priority.min(9).to_string());
    push_line(out, "STATUS", "NEEDS-ACTION");
    push_line(out, "BEGIN", "VALARM");
    push_line(out, "ACTION", "DISPLAY");
    push_line(out, "DESCRIPTION", &escape_text(&todo.summary));
    // A to-do has no DTSTART, so the alarm is tied to its due time (the "end").
    push_line(out, "TRIGGER;RELATED=END", "PT0S");
    push_line(out, "END", "VALARM");
    push_line(out, "END", "VTODO");
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_domain::ids::AccountId;
    use rapport_domain::meetings::NewMeeting;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn meeting() -> Meeting {
        let mut new = NewMeeting::new(PersonId::new(), at("2025-03-04T15:00:00Z"), 20, MeetingMode::Coffee).unwrap();
        new.location = Some("Blue Bottle, 5th & Main".into());
        let mut meeting = new.into_meeting(MeetingId::new(), AccountId::LOCAL, at("2025-03-01T10:00:00Z"));
        meeting.updated_at = at("2025-03-01T12:30:00Z");
        meeting
    }

    #[test]
    fn a_written_meeting_reads_back_with_its_uid_times_and_alarm() {
        let meeting = meeting();
        let ics = write_calendar(
            std::slice::from_ref(&meeting),
            |_| Some("Ana Silva".into()),
            &[],
            &IcsOptions::new(at("2025-03-02T00:00:00Z")),
        );
        assert!(ics.contains("SEQUENCE:150\r\n"), "{ics}");
        let events = read_events(&ics).unwrap();
        assert_eq!(events.len(), 1);
        let event = &events[0];
        assert_eq!(event.uid.as_deref(), Some(meeting_uid(meeting.id).as_str()));
        assert_eq!(event.summary.as_deref(), Some("Informational interview with Ana Silva"));
        assert_eq!(event.location.as_deref(), Some("Blue Bottle, 5th & Main"));
        assert_eq!(event.start, Some(IcsTime::Instant(at("2025-03-04T15:00:00Z"))));
        assert_eq!(event.end, Some(IcsTime::Instant(at("2025-03-04T15:20:00Z"))));
        assert_eq!(event.alarms, 1);
    }

    #[test]
    fn a_cancelled_meeting_has_no_alarm() {
        let mut meeting = meeting();
        meeting.status = MeetingStatus::Cancelled;
        let ics = write_calendar(&[meeting], |_| None, &[], &IcsOptions::new(at("2025-03-02T00:00:00Z")));
        assert!(ics.contains("STATUS:CANCELLED\r\n") && !ics.contains("VALARM"), "{ics}");
    }

    #[test]
    fn todos_validate_their_fields() {
        assert!(IcsTodo::new("x@rapport", "Send thanks", Timestamp::UNIX_EPOCH, 10).is_err());
        assert!(IcsTodo::new(" ", "Send thanks", Timestamp::UNIX_EPOCH, 1).is_err());
        assert!(IcsTodo::new("a\nb", "Send thanks", Timestamp::UNIX_EPOCH, 1).is_err());
        assert!(IcsTodo::new("x@rapport", "Send thanks", Timestamp::UNIX_EPOCH, 1).is_ok());
    }

    #[test]
    fn zoned_floating_and_all_day_times_are_told_apart() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20250704T100000\nDTEND:20250704T120000\nEND:VEVENT\n\
                    BEGIN:VEVENT\nUID:b\nDTSTART;VALUE=DATE:20250705\nEND:VEVENT\nEND:VCALENDAR\n";
        let events = read_events(text).unwrap();
        assert_eq!(events[0].start, Some(IcsTime::Instant(at("2025-07-04T08:00:00Z"))));
        assert_eq!(events[0].end, Some(IcsTime::Floating(jiff::civil::date(2025, 7, 4).at(12, 0, 0, 0))));
        assert_eq!(events[1].start, Some(IcsTime::Day(jiff::civil::date(2025, 7, 5))));
    }

    #[test]
    fn text_without_a_calendar_is_an_error() {
        assert!(matches!(read_events("hello"), Err(InterchangeError::NoCalendar)));
    }
}
