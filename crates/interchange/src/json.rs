//! The JSON backup (`"format": "rapport-backup", "version": 3`): every record of a store, and
//! the wire shape of each record. Version 2 added the seeker's reminder decisions (done,
//! snoozed, dismissed), version 3 the people's photos (kept from vCards); files of earlier
//! versions, which lack them, are still read.
//!
//! Domain types do not derive serde; the JSON shape lives here, in one DTO per record with
//! plain snake_case field names, and explicit conversions both ways. The same DTOs are the shape
//! of `--json` output and of the web JSON API. Words (stages, kinds, modes) are written as the
//! domain spells them (`followed_up`); ids as UUID strings; times as RFC 3339 in UTC; days as
//! `2025-03-01`.
//!
//! Reading a DTO back validates it as the domain would: a bad email, an out-of-range score or
//! an unknown word is an error naming the record and the field, never a silent change. Fields
//! the format does not know are rejected too, so nothing is dropped unseen. Writing then reading
//! is the identity, so export → restore → export gives the same file.

use std::io::{Read, Write};
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Date;
use rapport_domain::ValidationError;
use rapport_domain::ids::{
    AccountId, IntroductionId, MeetingId, NoteId, OpeningId, OrganizationId, PersonId, PromiseId, QuestionId,
    RelationshipId, TaskId,
};
use rapport_domain::interactions::Interaction;
use rapport_domain::introductions::Introduction;
use rapport_domain::meetings::{Clue, Gift, Ledger, Meeting, Payment, Promise};
use rapport_domain::notes::{Note, NoteSubject};
use rapport_domain::openings::Opening;
use rapport_domain::organizations::{Lamp, Organization, ReferralBonus, normalize_domain};
use rapport_domain::people::{Affinity, Employment, Person, PersonName, Source, Targeting, Tie};
use rapport_domain::profile::{Profile, Settings};
use rapport_domain::questions::Question;
use rapport_domain::relationships::Relationship;
use rapport_domain::reminders::{DecisionAction, ReminderDecision};
use rapport_domain::tasks::Task;
use rapport_domain::values::{Email, Link, LinkKind, Phone, Tag};
use serde::{Deserialize, Serialize};

use crate::error::InterchangeError;

/// The value of `format` in every backup.
pub const FORMAT: &str = "rapport-backup";
/// The backup version this code writes (it reads this one and every earlier one).
pub const VERSION: u32 = 3;

/// Every record of a store, as domain values.
#[derive(Clone, Debug, PartialEq)]
pub struct Backup {
    /// When the backup was made (passed in: this crate reads no clock).
    pub exported_at: Timestamp,
    pub profile: Option<Profile>,
    pub people: Vec<Person>,
    pub organizations: Vec<Organization>,
    pub openings: Vec<Opening>,
    pub interactions: Vec<Interaction>,
    pub meetings: Vec<Meeting>,
    pub introductions: Vec<Introduction>,
    pub tasks: Vec<Task>,
    pub notes: Vec<Note>,
    /// The seeker's own questions (rapport's bank is not part of a backup).
    pub questions: Vec<Question>,
    pub relationships: Vec<Relationship>,
    /// What the seeker decided about reminders, with the person each is about (`None` for
    /// list-level reminders). Reminders themselves are derived again on restore.
    pub reminder_decisions: Vec<(Option<PersonId>, ReminderDecision)>,
    /// People's photos (a person has at most one), by person id.
    pub photos: Vec<BackupPhoto>,
}

/// A person's photo in a backup: the image as stored, with its media type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupPhoto {
    pub person_id: PersonId,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

impl Backup {
    /// An empty backup made at `exported_at`.
    pub fn new(exported_at: Timestamp) -> Self {
        Self {
            exported_at,
            profile: None,
            people: Vec::new(),
            organizations: Vec::new(),
            openings: Vec::new(),
            interactions: Vec::new(),
            meetings: Vec::new(),
            introductions: Vec::new(),
            tasks: Vec::new(),
            notes: Vec::new(),
            questions: Vec::new(),
            relationships: Vec::new(),
            reminder_decisions: Vec::new(),
            photos: Vec::new(),
        }
    }

    pub fn to_dto(&self) -> BackupDto {
        BackupDto {
            format: FORMAT.to_string(),
            version: VERSION,
            exported_at: self.exported_at,
            profile: self.profile.as_ref().map(ProfileDto::from),
            people: self.people.iter().map(PersonDto::from).collect(),
            organizations: self.organizations.iter().map(OrganizationDto::from).collect(),
            openings: self.openings.iter().map(OpeningDto::from).collect(),
            interactions: self.interactions.iter().map(InteractionDto::from).collect(),
            meetings: self.meetings.iter().map(MeetingDto::from).collect(),
            introductions: self.introductions.iter().map(IntroductionDto::from).collect(),
            tasks: self.tasks.iter().map(TaskDto::from).collect(),
            notes: self.notes.iter().map(NoteDto::from).collect(),
            questions: self.questions.iter().map(QuestionDto::from).collect(),
            relationships: self.relationships.iter().map(RelationshipDto::from).collect(),
            reminder_decisions: self
                .reminder_decisions
                .iter()
                .map(|(person, decision)| ReminderDecisionDto::new(*person, decision))
                .collect(),
            photos: self.photos.iter().map(PhotoDto::from).collect(),
        }
    }

    /// Validates a DTO into domain records; the first bad value is the error.
    pub fn from_dto(dto: BackupDto) -> Result<Backup, InterchangeError> {
        check_version(Some(&dto.format), Some(dto.version))?;
        fn all<D, T>(items: Vec<D>, f: impl Fn(D) -> Result<T, InterchangeError>) -> Result<Vec<T>, InterchangeError> {
            items.into_iter().map(f).collect()
        }
        Backup {
            exported_at: dto.exported_at,
            profile: dto.profile.map(ProfileDto::into_domain).transpose()?,
            people: all(dto.people, PersonDto::into_domain)?,
            organizations: all(dto.organizations, OrganizationDto::into_domain)?,
            openings: all(dto.openings, OpeningDto::into_domain)?,
            interactions: all(dto.interactions, InteractionDto::into_domain)?,
            meetings: all(dto.meetings, MeetingDto::into_domain)?,
            introductions: all(dto.introductions, IntroductionDto::into_domain)?,
            tasks: all(dto.tasks, TaskDto::into_domain)?,
            notes: all(dto.notes, NoteDto::into_domain)?,
            questions: all(dto.questions, QuestionDto::into_domain)?,
            relationships: all(dto.relationships, RelationshipDto::into_domain)?,
            reminder_decisions: all(dto.reminder_decisions, ReminderDecisionDto::into_domain)?,
            photos: all(dto.photos, PhotoDto::into_domain)?,
        }
        .with_checked_photos()
    }

    /// Refuses a photo of someone the backup does not hold (a restore could not attach it).
    fn with_checked_photos(self) -> Result<Backup, InterchangeError> {
        if let Some(stray) = self.photos.iter().find(|ph| !self.people.iter().any(|p| p.id == ph.person_id)) {
            let id = stray.person_id.to_string();
            return Err(Ctx::new("photo", &id).fail("person_id", "no person of the backup has this id"));
        }
        Ok(self)
    }

    /// The backup as pretty-printed JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut bytes = Vec::new();
        // Writing into memory does not fail, and neither does serializing these DTOs: every
        // map key is a string and every value a string, number, bool, list or struct, so the
        // fallback is never taken.
        if self.to_writer(&mut bytes).is_err() {
            bytes.clear();
        }
        String::from_utf8(bytes).unwrap_or_default()
    }

    /// The backup as [`Backup::to_json`] writes it, streamed: a large network's text (130 MB
    /// for 30,000 people) is never held whole in memory, and each record becomes its DTO only
    /// as it is written (see [`BackupOut`]). `writer` should be buffered.
    pub fn to_writer<W: Write>(&self, mut writer: W) -> Result<(), InterchangeError> {
        serde_json::to_writer_pretty(&mut writer, &BackupOut::of(self)).map_err(|e| {
            if e.is_io() {
                InterchangeError::from(std::io::Error::from(e))
            } else {
                // As in `to_json`: nothing in a backup fails to serialize.
                InterchangeError::BackupJson(e.to_string())
            }
        })?;
        writer.write_all(b"\n")?;
        Ok(())
    }

    /// Reads and validates a backup. The format and version are checked before any other
    /// complaint, so a file from a newer rapport says so instead of failing on a field it
    /// added. The file is parsed once when it reads; only a file that does not is read again
    /// for its format and version (reading them first, every time, was a second pass over
    /// the whole file: serde reads to the end to skip the rest).
    pub fn from_reader<R: Read>(mut reader: R) -> Result<Backup, InterchangeError> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        let dto: BackupDto = match serde_json::from_slice(&bytes) {
            Ok(dto) => dto,
            Err(parse) => {
                #[derive(Deserialize)]
                struct Header {
                    format: Option<String>,
                    version: Option<u32>,
                }
                let header: Header = serde_json::from_slice(&bytes)
                    .map_err(|e| InterchangeError::BackupJson(format!("not a rapport backup (invalid JSON: {e})")))?;
                check_version(header.format.as_deref(), header.version)?;
                return Err(InterchangeError::BackupJson(parse.to_string()));
            }
        };
        check_version(Some(&dto.format), Some(dto.version))?;
        Backup::from_dto(dto)
    }
}

fn check_version(format: Option<&str>, version: Option<u32>) -> Result<(), InterchangeError> {
    if format != Some(FORMAT) {
        return Err(InterchangeError::BackupVersion(format!(
            "not a rapport backup: `format` is {}, expected \"{FORMAT}\"",
            format.map_or("missing".to_string(), |f| format!("\"{f}\""))
        )));
    }
    match version {
        Some(1..=VERSION) => Ok(()),
        Some(v) if v > VERSION => Err(InterchangeError::BackupVersion(format!(
            "the backup is version {v}, and this rapport reads version {VERSION}; update rapport to restore it"
        ))),
        Some(v) => {
            Err(InterchangeError::BackupVersion(format!("version {v} is not a backup version; expected {VERSION}")))
        }
        None => Err(InterchangeError::BackupVersion("the backup has no `version`".to_string())),
    }
}

/// The whole backup file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupDto {
    pub format: String,
    pub version: u32,
    pub exported_at: Timestamp,
    pub profile: Option<ProfileDto>,
    #[serde(default)]
    pub people: Vec<PersonDto>,
    #[serde(default)]
    pub organizations: Vec<OrganizationDto>,
    #[serde(default)]
    pub openings: Vec<OpeningDto>,
    #[serde(default)]
    pub interactions: Vec<InteractionDto>,
    #[serde(default)]
    pub meetings: Vec<MeetingDto>,
    #[serde(default)]
    pub introductions: Vec<IntroductionDto>,
    #[serde(default)]
    pub tasks: Vec<TaskDto>,
    #[serde(default)]
    pub notes: Vec<NoteDto>,
    #[serde(default)]
    pub questions: Vec<QuestionDto>,
    #[serde(default)]
    pub relationships: Vec<RelationshipDto>,
    /// Since version 2.
    #[serde(default)]
    pub reminder_decisions: Vec<ReminderDecisionDto>,
    /// Since version 3.
    #[serde(default)]
    pub photos: Vec<PhotoDto>,
}

/// A backup as it is written: [`BackupDto`]'s fields in its order (a test checks the two
/// write the same text), each record turned into its DTO only as it is encoded, so a backup is
/// never copied whole into DTOs first (on 30,000 people the copy was 130 MB at the peak).
#[derive(Serialize)]
struct BackupOut<'a> {
    format: &'static str,
    version: u32,
    exported_at: Timestamp,
    profile: Option<ProfileDto>,
    people: Each<'a, Person, PersonDto>,
    organizations: Each<'a, Organization, OrganizationDto>,
    openings: Each<'a, Opening, OpeningDto>,
    interactions: Each<'a, Interaction, InteractionDto>,
    meetings: Each<'a, Meeting, MeetingDto>,
    introductions: Each<'a, Introduction, IntroductionDto>,
    tasks: Each<'a, Task, TaskDto>,
    notes: Each<'a, Note, NoteDto>,
    questions: Each<'a, Question, QuestionDto>,
    relationships: Each<'a, Relationship, RelationshipDto>,
    reminder_decisions: Decisions<'a>,
    photos: Each<'a, BackupPhoto, PhotoDto>,
}

impl<'a> BackupOut<'a> {
    fn of(backup: &'a Backup) -> Self {
        BackupOut {
            format: FORMAT,
            version: VERSION,
            exported_at: backup.exported_at,
            profile: backup.profile.as_ref().map(ProfileDto::from),
            people: Each::new(&backup.people),
            organizations: Each::new(&backup.organizations),
            openings: Each::new(&backup.openings),
            interactions: Each::new(&backup.interactions),
            meetings: Each::new(&backup.meetings),
            introductions: Each::new(&backup.introductions),
            tasks: Each::new(&backup.tasks),
            notes: Each::new(&backup.notes),
            questions: Each::new(&backup.questions),
            relationships: Each::new(&backup.relationships),
            reminder_decisions: Decisions(&backup.reminder_decisions),
            photos: Each::new(&backup.photos),
        }
    }
}

/// Records written as a list of their DTOs, each made as it is written.
struct Each<'a, T, D>(&'a [T], std::marker::PhantomData<fn() -> D>);

impl<'a, T, D> Each<'a, T, D> {
    fn new(records: &'a [T]) -> Self {
        Each(records, std::marker::PhantomData)
    }
}

impl<'a, T, D: From<&'a T> + Serialize> Serialize for Each<'a, T, D> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(D::from))
    }
}

/// The reminder decisions, written as [`ReminderDecisionDto`]s.
struct Decisions<'a>(&'a [(Option<PersonId>, ReminderDecision)]);

impl Serialize for Decisions<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|(person, decision)| ReminderDecisionDto::new(*person, decision)))
    }
}

/// Names the record being converted, for errors.
struct Ctx(String);

impl Ctx {
    fn new(kind: &str, id: &str) -> Self {
        Ctx(format!("{kind} {id}"))
    }

    fn fail(&self, field: &str, message: impl Into<String>) -> InterchangeError {
        InterchangeError::BackupInvalid { record: self.0.clone(), field: field.to_string(), message: message.into() }
    }

    fn check<T>(&self, field: &str, result: Result<T, ValidationError>) -> Result<T, InterchangeError> {
        result.map_err(|e| self.fail(field, e.message))
    }

    fn parse<T: FromStr<Err = ValidationError>>(&self, field: &str, raw: &str) -> Result<T, InterchangeError> {
        self.check(field, raw.parse())
    }

    fn parse_opt<T: FromStr<Err = ValidationError>>(
        &self,
        field: &str,
        raw: Option<&str>,
    ) -> Result<Option<T>, InterchangeError> {
        raw.map(|r| self.parse(field, r)).transpose()
    }

    fn parse_all<T: FromStr<Err = ValidationError>>(
        &self,
        field: &str,
        raw: &[String],
    ) -> Result<Vec<T>, InterchangeError> {
        raw.iter().map(|r| self.parse(field, r)).collect()
    }

    fn text(&self, field: &str, raw: String) -> Result<String, InterchangeError> {
        if raw.trim().is_empty() {
            return Err(self.fail(field, "cannot be empty"));
        }
        Ok(raw)
    }
}

fn id_string<T: ToString>(id: &T) -> String {
    id.to_string()
}

fn opt_id<T: ToString>(id: &Option<T>) -> Option<String> {
    id.as_ref().map(ToString::to_string)
}

/// The seeker's profile and settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileDto {
    pub owner: String,
    pub updated_at: Timestamp,
    pub name: Option<String>,
    pub email: Option<String>,
    pub pitch: Option<String>,
    pub goals: Option<String>,
    pub target_roles: Vec<String>,
    pub target_industry: Option<String>,
    pub skills: Vec<String>,
    pub affinities: Vec<String>,
    pub settings: SettingsDto,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsDto {
    pub time_zone: String,
    pub holidays: Vec<Date>,
    pub cutoff_hour: u8,
    pub reminder_hour: u8,
    pub edition: String,
    pub active_employers: u8,
    pub search_active: bool,
}

impl From<&Profile> for ProfileDto {
    fn from(p: &Profile) -> Self {
        Self {
            owner: id_string(&p.owner),
            updated_at: p.updated_at,
            name: p.name.clone(),
            email: p.email.clone(),
            pitch: p.pitch.clone(),
            goals: p.goals.clone(),
            target_roles: p.target_roles.clone(),
            target_industry: p.target_industry.clone(),
            skills: p.skills.clone(),
            affinities: p.affinities.clone(),
            settings: SettingsDto {
                time_zone: p.settings.time_zone.clone(),
                holidays: p.settings.holidays.clone(),
                cutoff_hour: p.settings.cutoff_hour,
                reminder_hour: p.settings.reminder_hour,
                edition: p.settings.edition.as_str().to_string(),
                active_employers: p.settings.active_employers,
                search_active: p.settings.search_active,
            },
        }
    }
}

impl ProfileDto {
    pub fn into_domain(self) -> Result<Profile, InterchangeError> {
        let cx = Ctx::new("profile", &self.owner);
        let s = self.settings;
        let settings = Settings {
            time_zone: cx.text("settings.time_zone", s.time_zone)?,
            holidays: s.holidays,
            cutoff_hour: s.cutoff_hour,
            reminder_hour: s.reminder_hour,
            edition: cx.parse("settings.edition", &s.edition)?,
            active_employers: s.active_employers,
            search_active: s.search_active,
        };
        Ok(Profile {
            owner: cx.parse("owner", &self.owner)?,
            updated_at: self.updated_at,
            name: self.name,
            email: self.email,
            pitch: self.pitch,
            goals: self.goals,
            target_roles: self.target_roles,
            target_industry: self.target_industry,
            skills: self.skills,
            affinities: self.affinities,
            settings: cx.check("settings", settings.validate())?,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonNameDto {
    pub full: String,
    pub given: Option<String>,
    pub family: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkDto {
    /// `linkedin`, `website` or `other`.
    pub kind: String,
    pub url: String,
}

/// How the seeker came to know a person: `kind` is `manual`, `import`, `alumni`, `introduced`,
/// `event` or `demo`; `detail` is the file, school, introducer's id or event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDto {
    pub kind: String,
    pub detail: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TieDto {
    pub closeness: u8,
    pub frequency: String,
    pub years_known: u8,
    pub reciprocity: u8,
    pub shared_contexts: u8,
    pub mutual_connections: u32,
    pub messages_12m: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffinityDto {
    pub kind: String,
    pub value: String,
    pub verified: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetingDto {
    pub function_relevance: u8,
    pub levels_above: Option<i8>,
    pub promoted: bool,
    pub email_findability: u8,
    pub affinities: Vec<AffinityDto>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmploymentDto {
    pub organization_id: String,
    pub title: Option<String>,
    pub start_year: Option<i16>,
    pub end_year: Option<i16>,
}

/// A person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonDto {
    pub id: String,
    pub owner: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub name: PersonNameDto,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub links: Vec<LinkDto>,
    pub organization_id: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub source: SourceDto,
    pub tags: Vec<String>,
    pub tie: TieDto,
    pub targeting: TargetingDto,
    pub skills: Vec<String>,
    pub recruiter: bool,
    pub employments: Vec<EmploymentDto>,
    pub stage: String,
    pub segment: String,
    pub segment_manual: bool,
    pub tier: Option<String>,
    pub referral: String,
    pub loop_closed: String,
    pub do_not_contact: bool,
    pub last_touch_at: Option<Timestamp>,
    pub deleted_at: Option<Timestamp>,
}

impl From<&Person> for PersonDto {
    fn from(p: &Person) -> Self {
        let (kind, detail) = match &p.source {
            Source::Manual | Source::Demo => (p.source.kind(), None),
            Source::Import(what) | Source::Event(what) => (p.source.kind(), Some(what.clone())),
            Source::Alumni(school) => (p.source.kind(), school.clone()),
            Source::IntroducedBy(id) => (p.source.kind(), Some(id.to_string())),
        };
        Self {
            id: id_string(&p.id),
            owner: id_string(&p.owner),
            created_at: p.created_at,
            updated_at: p.updated_at,
            name: PersonNameDto {
                full: p.name.full.clone(),
                given: p.name.given.clone(),
                family: p.name.family.clone(),
            },
            emails: p.emails.iter().map(|e| e.as_str().to_string()).collect(),
            phones: p.phones.iter().map(|e| e.as_str().to_string()).collect(),
            links: p
                .links
                .iter()
                .map(|l| LinkDto { kind: l.kind.as_str().to_string(), url: l.url().to_string() })
                .collect(),
            organization_id: opt_id(&p.organization_id),
            title: p.title.clone(),
            location: p.location.clone(),
            source: SourceDto { kind: kind.to_string(), detail },
            tags: p.tags.iter().map(|t| t.as_str().to_string()).collect(),
            tie: TieDto {
                closeness: p.tie.closeness,
                frequency: p.tie.frequency.as_str().to_string(),
                years_known: p.tie.years_known,
                reciprocity: p.tie.reciprocity,
                shared_contexts: p.tie.shared_contexts,
                mutual_connections: p.tie.mutual_connections,
                messages_12m: p.tie.messages_12m,
            },
            targeting: TargetingDto {
                function_relevance: p.targeting.function_relevance,
                levels_above: p.targeting.levels_above,
                promoted: p.targeting.promoted,
                email_findability: p.targeting.email_findability,
                affinities: p
                    .targeting
                    .affinities
                    .iter()
                    .map(|a| AffinityDto {
                        kind: a.kind.as_str().to_string(),
                        value: a.value.clone(),
                        verified: a.verified,
                    })
                    .collect(),
            },
            skills: p.skills.clone(),
            recruiter: p.recruiter,
            employments: p
                .employments
                .iter()
                .map(|e| EmploymentDto {
                    organization_id: id_string(&e.organization_id),
                    title: e.title.clone(),
                    start_year: e.start_year,
                    end_year: e.end_year,
                })
                .collect(),
            stage: p.stage.as_str().to_string(),
            segment: p.segment.as_str().to_string(),
            segment_manual: p.segment_manual,
            tier: p.tier.map(|t| t.as_str().to_string()),
            referral: p.referral.as_str().to_string(),
            loop_closed: p.loop_closed.as_str().to_string(),
            do_not_contact: p.do_not_contact,
            last_touch_at: p.last_touch_at,
            deleted_at: p.deleted_at,
        }
    }
}

impl PersonDto {
    pub fn into_domain(self) -> Result<Person, InterchangeError> {
        let cx = Ctx::new("person", &self.id);
        let source = match (self.source.kind.as_str(), self.source.detail) {
            ("manual", None) => Source::Manual,
            ("demo", None) => Source::Demo,
            ("import", Some(what)) => Source::Import(what),
            ("event", Some(what)) => Source::Event(what),
            ("alumni", school) => Source::Alumni(school),
            ("introduced", Some(id)) => Source::IntroducedBy(cx.parse("source.detail", &id)?),
            (kind, _) => {
                return Err(cx.fail(
                    "source",
                    format!(
                        "`{kind}` with this detail is not a source; use manual or demo (no detail), import or event \
                         (with a detail), alumni, or introduced (with a person id)"
                    ),
                ));
            }
        };
        let links = self
            .links
            .into_iter()
            .map(|l| {
                let kind: LinkKind = cx.parse("links.kind", &l.kind)?;
                let link = cx.check("links", Link::parse(&l.url))?;
                if (kind == LinkKind::LinkedIn) != (link.kind == LinkKind::LinkedIn) {
                    return Err(cx.fail("links.kind", format!("`{}` is not a {} link", l.url, l.kind)));
                }
                Ok(link.with_kind(kind))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let tie = Tie {
            closeness: self.tie.closeness,
            frequency: cx.parse("tie.frequency", &self.tie.frequency)?,
            years_known: self.tie.years_known,
            reciprocity: self.tie.reciprocity,
            shared_contexts: self.tie.shared_contexts,
            mutual_connections: self.tie.mutual_connections,
            messages_12m: self.tie.messages_12m,
        };
        let affinities = self
            .targeting
            .affinities
            .into_iter()
            .map(|a| {
                Ok(Affinity {
                    kind: cx.parse("targeting.affinities.kind", &a.kind)?,
                    value: cx.text("targeting.affinities.value", a.value)?,
                    verified: a.verified,
                })
            })
            .collect::<Result<Vec<_>, InterchangeError>>()?;
        let targeting = Targeting {
            function_relevance: self.targeting.function_relevance,
            levels_above: self.targeting.levels_above,
            promoted: self.targeting.promoted,
            email_findability: self.targeting.email_findability,
            affinities,
        };
        let employments = self
            .employments
            .into_iter()
            .map(|e| {
                Ok(Employment {
                    organization_id: cx.parse("employments.organization_id", &e.organization_id)?,
                    title: e.title,
                    start_year: e.start_year,
                    end_year: e.end_year,
                })
            })
            .collect::<Result<Vec<_>, InterchangeError>>()?;
        Ok(Person {
            id: cx.parse("id", &self.id)?,
            owner: cx.parse("owner", &self.owner)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            name: PersonName {
                full: cx.text("name.full", self.name.full)?,
                given: self.name.given,
                family: self.name.family,
            },
            emails: self.emails.iter().map(|e| cx.check("emails", Email::parse(e))).collect::<Result<_, _>>()?,
            phones: self.phones.iter().map(|p| cx.check("phones", Phone::parse(p))).collect::<Result<_, _>>()?,
            links,
            organization_id: cx.parse_opt("organization_id", self.organization_id.as_deref())?,
            title: self.title,
            location: self.location,
            source,
            tags: self.tags.iter().map(|t| cx.check("tags", Tag::parse(t))).collect::<Result<_, _>>()?,
            tie: cx.check("tie", tie.validate())?,
            targeting: cx.check("targeting", targeting.validate())?,
            skills: self.skills,
            recruiter: self.recruiter,
            employments,
            stage: cx.parse("stage", &self.stage)?,
            segment: cx.parse("segment", &self.segment)?,
            segment_manual: self.segment_manual,
            tier: cx.parse_opt("tier", self.tier.as_deref())?,
            referral: cx.parse("referral", &self.referral)?,
            loop_closed: cx.parse("loop_closed", &self.loop_closed)?,
            do_not_contact: self.do_not_contact,
            last_touch_at: self.last_touch_at,
            deleted_at: self.deleted_at,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LampDto {
    pub advocacy: Option<bool>,
    pub motivation: Option<u8>,
    pub posting: Option<u8>,
    pub user_order: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralBonusDto {
    pub amount: Option<u32>,
    pub currency: Option<String>,
    pub notes: Option<String>,
}

/// An organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationDto {
    pub id: String,
    pub owner: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub name: String,
    pub domain: Option<String>,
    pub industry: Option<String>,
    pub lamp: LampDto,
    pub status: String,
    pub research_notes: Option<String>,
    pub referral_bonus: Option<ReferralBonusDto>,
    pub digital_industry: bool,
    pub source_lens: Option<String>,
    pub deleted_at: Option<Timestamp>,
}

impl From<&Organization> for OrganizationDto {
    fn from(o: &Organization) -> Self {
        Self {
            id: id_string(&o.id),
            owner: id_string(&o.owner),
            created_at: o.created_at,
            updated_at: o.updated_at,
            name: o.name.clone(),
            domain: o.domain.clone(),
            industry: o.industry.clone(),
            lamp: LampDto {
                advocacy: o.lamp.advocacy,
                motivation: o.lamp.motivation,
                posting: o.lamp.posting,
                user_order: o.lamp.user_order,
            },
            status: o.status.as_str().to_string(),
            research_notes: o.research_notes.clone(),
            referral_bonus: o.referral_bonus.as_ref().map(|b| ReferralBonusDto {
                amount: b.amount,
                currency: b.currency.clone(),
                notes: b.notes.clone(),
            }),
            digital_industry: o.digital_industry,
            source_lens: o.source_lens.map(|l| l.as_str().to_string()),
            deleted_at: o.deleted_at,
        }
    }
}

impl OrganizationDto {
    pub fn into_domain(self) -> Result<Organization, InterchangeError> {
        let cx = Ctx::new("organization", &self.id);
        let lamp = Lamp {
            advocacy: self.lamp.advocacy,
            motivation: self.lamp.motivation,
            posting: self.lamp.posting,
            user_order: self.lamp.user_order,
        };
        let referral_bonus = self
            .referral_bonus
            .map(|b| {
                cx.check("referral_bonus", ReferralBonus::new(b.amount, b.currency.as_deref(), b.notes.as_deref()))
            })
            .transpose()?;
        Ok(Organization {
            id: cx.parse("id", &self.id)?,
            owner: cx.parse("owner", &self.owner)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            name: cx.text("name", self.name)?,
            domain: self.domain.map(|d| cx.check("domain", normalize_domain(&d))).transpose()?,
            industry: self.industry,
            lamp: cx.check("lamp", lamp.validate())?,
            status: cx.parse("status", &self.status)?,
            research_notes: self.research_notes,
            referral_bonus,
            digital_industry: self.digital_industry,
            source_lens: cx.parse_opt("source_lens", self.source_lens.as_deref())?,
            deleted_at: self.deleted_at,
        })
    }
}

/// A job opening.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningDto {
    pub id: String,
    pub owner: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub organization_id: String,
    pub title: String,
    pub jd_text: Option<String>,
    pub jd_url: Option<String>,
    pub req_id: Option<String>,
    pub status: String,
    pub status_changed_at: Timestamp,
    pub referrer_id: Option<String>,
    pub deleted_at: Option<Timestamp>,
}

impl From<&Opening> for OpeningDto {
    fn from(o: &Opening) -> Self {
        Self {
            id: id_string(&o.id),
            owner: id_string(&o.owner),
            created_at: o.created_at,
            updated_at: o.updated_at,
            organization_id: id_string(&o.organization_id),
            title: o.title.clone(),
            jd_text: o.jd_text.clone(),
            jd_url: o.jd_url.clone(),
            req_id: o.req_id.clone(),
            status: o.status.as_str().to_string(),
            status_changed_at: o.status_changed_at,
            referrer_id: opt_id(&o.referrer_id),
            deleted_at: o.deleted_at,
        }
    }
}

impl OpeningDto {
    pub fn into_domain(self) -> Result<Opening, InterchangeError> {
        let cx = Ctx::new("opening", &self.id);
        Ok(Opening {
            id: cx.parse::<OpeningId>("id", &self.id)?,
            owner: cx.parse("owner", &self.owner)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            organization_id: cx.parse("organization_id", &self.organization_id)?,
            title: cx.text("title", self.title)?,
            jd_text: self.jd_text,
            jd_url: self.jd_url,
            req_id: self.req_id,
            status: cx.parse("status", &self.status)?,
            status_changed_at: self.status_changed_at,
            referrer_id: cx.parse_opt("referrer_id", self.referrer_id.as_deref())?,
            deleted_at: self.deleted_at,
        })
    }
}

/// A message, call or meeting on a person's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InteractionDto {
    pub id: String,
    pub owner: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub person_id: String,
    pub kind: String,
    pub channel: String,
    pub direction: String,
    pub at: Timestamp,
    pub at_source: String,
    pub text: Option<String>,
    pub outcome: Option<String>,
    pub meeting_id: Option<String>,
    pub opening_id: Option<String>,
}

impl From<&Interaction> for InteractionDto {
    fn from(i: &Interaction) -> Self {
        Self {
            id: id_string(&i.id),
            owner: id_string(&i.owner),
            created_at: i.created_at,
            updated_at: i.updated_at,
            person_id: id_string(&i.person_id),
            kind: i.kind.as_str().to_string(),
            channel: i.channel.as_str().to_string(),
            direction: i.direction.as_str().to_string(),
            at: i.at,
            at_source: i.at_source.as_str().to_string(),
            text: i.text.clone(),
            outcome: i.outcome.clone(),
            meeting_id: opt_id(&i.meeting_id),
            opening_id: opt_id(&i.opening_id),
        }
    }
}

impl InteractionDto {
    pub fn into_domain(self) -> Result<Interaction, InterchangeError> {
        let cx = Ctx::new("interaction", &self.id);
        Ok(Interaction {
            id: cx.parse("id", &self.id)?,
            owner: cx.parse("owner", &self.owner)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            person_id: cx.parse("person_id", &self.person_id)?,
            kind: cx.parse("kind", &self.kind)?,
            channel: cx.parse("channel", &self.channel)?,
            direction: cx.parse("direction", &self.direction)?,
            at: self.at,
            at_source: cx.parse("at_source", &self.at_source)?,
            text: self.text,
            outcome: self.outcome,
            meeting_id: cx.parse_opt("meeting_id", self.meeting_id.as_deref())?,
            opening_id: cx.parse_opt("opening_id", self.opening_id.as_deref())?,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClueDto {
    pub tiara: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GiftDto {
    pub kind: String,
    pub text: String,
    pub person_id: Option<String>,
    pub introduction_id: Option<String>,
    pub opening_id: Option<String>,
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromiseDto {
    pub id: String,
    pub owed_by: String,
    pub text: String,
    pub due: Option<Date>,
    pub done_at: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentDto {
    pub payer: String,
    pub amount_minor: Option<u32>,
    pub currency: Option<String>,
}

/// What the seeker took away from a meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerDto {
    pub clues: Vec<ClueDto>,
    pub gifts: Vec<GiftDto>,
    pub promises: Vec<PromiseDto>,
    pub reciprocal_offer: Option<String>,
    pub they_asked_for: Option<String>,
    pub payment: Option<PaymentDto>,
    pub rapport: Option<u8>,
    pub opening_close: Option<String>,
    pub debriefed_at: Option<Timestamp>,
}

/// An informational interview with its ledger.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingDto {
    pub id: String,
    pub owner: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub person_id: String,
    pub scheduled_at: Timestamp,
    pub duration_min: u16,
    pub mode: String,
    pub location: Option<String>,
    pub agenda: Option<String>,
    pub notes: Option<String>,
    pub status: String,
    pub opening_id: Option<String>,
    pub questions: Vec<String>,
    pub ledger: LedgerDto,
    pub deleted_at: Option<Timestamp>,
}

impl From<&Meeting> for MeetingDto {
    fn from(m: &Meeting) -> Self {
        let l = &m.ledger;
        Self {
            id: id_string(&m.id),
            owner: id_string(&m.owner),
            created_at: m.created_at,
            updated_at: m.updated_at,
            person_id: id_string(&m.person_id),
            scheduled_at: m.scheduled_at,
            duration_min: m.duration_min,
            mode: m.mode.as_str().to_string(),
            location: m.location.clone(),
            agenda: m.agenda.clone(),
            notes: m.notes.clone(),
            status: m.status.as_str().to_string(),
            opening_id: opt_id(&m.opening_id),
            questions: m.questions.iter().map(id_string).collect(),
            ledger: LedgerDto {
                clues: l
                    .clues
                    .iter()
                    .map(|c| ClueDto { tiara: c.tiara.as_str().to_string(), text: c.text.clone() })
                    .collect(),
                gifts: l
                    .gifts
                    .iter()
                    .map(|g| GiftDto {
                        kind: g.kind.as_str().to_string(),
                        text: g.text.clone(),
                        person_id: opt_id(&g.person_id),
                        introduction_id: opt_id(&g.introduction_id),
                        opening_id: opt_id(&g.opening_id),
                        url: g.url.clone(),
                    })
                    .collect(),
                promises: l
                    .promises
                    .iter()
                    .map(|p| PromiseDto {
                        id: id_string(&p.id),
                        owed_by: p.owed_by.as_str().to_string(),
                        text: p.text.clone(),
                        due: p.due,
                        done_at: p.done_at,
                    })
                    .collect(),
                reciprocal_offer: l.reciprocal_offer.clone(),
                they_asked_for: l.they_asked_for.clone(),
                payment: l.payment.as_ref().map(|p| PaymentDto {
                    payer: p.payer.as_str().to_string(),
                    amount_minor: p.amount_minor,
                    currency: p.currency.clone(),
                }),
                rapport: l.rapport,
                opening_close: l.opening_close.map(|c| c.as_str().to_string()),
                debriefed_at: l.debriefed_at,
            },
            deleted_at: m.deleted_at,
        }
    }
}

impl MeetingDto {
    pub fn into_domain(self) -> Result<Meeting, InterchangeError> {
        let cx = Ctx::new("meeting", &self.id);
        if !(10..=90).contains(&self.duration_min) {
            return Err(cx.fail("duration_min", format!("{} is not a meeting length; use 10 to 90", self.duration_min)));
        }
        let l = self.ledger;
        let clues = l
            .clues
            .into_iter()
            .map(|c| {
                let tiara = cx.parse("ledger.clues.tiara", &c.tiara)?;
                // Validate as the domain does, but keep the text exactly as it was written.
                cx.check("ledger.clues.text", Clue::new(tiara, &c.text))?;
                Ok(Clue { tiara, text: c.text })
            })
            .collect::<Result<Vec<_>, InterchangeError>>()?;
        let gifts = l
            .gifts
            .into_iter()
            .map(|g| {
                Ok(Gift {
                    kind: cx.parse("ledger.gifts.kind", &g.kind)?,
                    text: cx.text("ledger.gifts.text", g.text)?,
                    person_id: cx.parse_opt::<PersonId>("ledger.gifts.person_id", g.person_id.as_deref())?,
                    introduction_id: cx
                        .parse_opt::<IntroductionId>("ledger.gifts.introduction_id", g.introduction_id.as_deref())?,
                    opening_id: cx.parse_opt::<OpeningId>("ledger.gifts.opening_id", g.opening_id.as_deref())?,
                    url: g.url,
                })
            })
            .collect::<Result<Vec<_>, InterchangeError>>()?;
        let promises = l
            .promises
            .into_iter()
            .map(|p| {
                Ok(Promise {
                    id: cx.parse::<PromiseId>("ledger.promises.id", &p.id)?,
                    owed_by: cx.parse("ledger.promises.owed_by", &p.owed_by)?,
                    text: cx.text("ledger.promises.text", p.text)?,
                    due: p.due,
                    done_at: p.done_at,
                })
            })
            .collect::<Result<Vec<_>, InterchangeError>>()?;
        let payment = l
            .payment
            .map(|p| {
                Ok::<_, InterchangeError>(Payment {
                    payer: cx.parse("ledger.payment.payer", &p.payer)?,
                    amount_minor: p.amount_minor,
                    currency: p.currency,
                })
            })
            .transpose()?;
        let ledger = Ledger {
            clues,
            gifts,
            promises,
            reciprocal_offer: l.reciprocal_offer,
            they_asked_for: l.they_asked_for,
            payment,
            rapport: l.rapport,
            opening_close: cx.parse_opt("ledger.opening_close", l.opening_close.as_deref())?,
            debriefed_at: l.debriefed_at,
        };
        Ok(Meeting {
            id: cx.parse::<MeetingId>("id", &self.id)?,
            owner: cx.parse("owner", &self.owner)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            person_id: cx.parse("person_id", &self.person_id)?,
            scheduled_at: self.scheduled_at,
            duration_min: self.duration_min,
            mode: cx.parse("mode", &self.mode)?,
            location: self.location,
            agenda: self.agenda,
            notes: self.notes,
            status: cx.parse("status", &self.status)?,
            opening_id: cx.parse_opt("opening_id", self.opening_id.as_deref())?,
            questions: cx.parse_all::<QuestionId>("questions", &self.questions)?,
            ledger: cx.check("ledger", ledger.validate())?,
            deleted_at: self.deleted_at,
        })
    }
}

/// An introduction from one person to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntroductionDto {
    pub id: String,
    pub owner: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub introducer_id: String,
    pub introduced_id: String,
    pub meeting_id: Option<String>,
    pub state: String,
    pub state_changed_at: Timestamp,
    pub note: Option<String>,
}

impl From<&Introduction> for IntroductionDto {
    fn from(i: &Introduction) -> Self {
        Self {
            id: id_string(&i.id),
            owner: id_string(&i.owner),
            created_at: i.created_at,
            updated_at: i.updated_at,
            introducer_id: id_string(&i.introducer_id),
            introduced_id: id_string(&i.introduced_id),
            meeting_id: opt_id(&i.meeting_id),
            state: i.state.as_str().to_string(),
            state_changed_at: i.state_changed_at,
            note: i.note.clone(),
        }
    }
}

impl IntroductionDto {
    pub fn into_domain(self) -> Result<Introduction, InterchangeError> {
        let cx = Ctx::new("introduction", &self.id);
        Ok(Introduction {
            id: cx.parse::<IntroductionId>("id", &self.id)?,
            owner: cx.parse("owner", &self.owner)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            introducer_id: cx.parse("introducer_id", &self.introducer_id)?,
            introduced_id: cx.parse("introduced_id", &self.introduced_id)?,
            meeting_id: cx.parse_opt("meeting_id", self.meeting_id.as_deref())?,
            state: cx.parse("state", &self.state)?,
            state_changed_at: self.state_changed_at,
            note: self.note,
        })
    }
}

/// A to-do the seeker wrote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskDto {
    pub id: String,
    pub owner: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub title: String,
    pub person_id: Option<String>,
    pub organization_id: Option<String>,
    pub due: Option<Date>,
    pub done_at: Option<Timestamp>,
}

impl From<&Task> for TaskDto {
    fn from(t: &Task) -> Self {
        Self {
            id: id_string(&t.id),
            owner: id_string(&t.owner),
            created_at: t.created_at,
            updated_at: t.updated_at,
            title: t.title.clone(),
            person_id: opt_id(&t.person_id),
            organization_id: opt_id(&t.organization_id),
            due: t.due,
            done_at: t.done_at,
        }
    }
}

impl TaskDto {
    pub fn into_domain(self) -> Result<Task, InterchangeError> {
        let cx = Ctx::new("task", &self.id);
        Ok(Task {
            id: cx.parse::<TaskId>("id", &self.id)?,
            owner: cx.parse("owner", &self.owner)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            title: cx.text("title", self.title)?,
            person_id: cx.parse_opt("person_id", self.person_id.as_deref())?,
            organization_id: cx.parse_opt("organization_id", self.organization_id.as_deref())?,
            due: self.due,
            done_at: self.done_at,
        })
    }
}

/// What a note is about: `kind` is `person`, `organization`, `opening` or `meeting`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteSubjectDto {
    pub kind: String,
    pub id: String,
}

/// A note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteDto {
    pub id: String,
    pub owner: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub subject: NoteSubjectDto,
    pub body: String,
}

impl From<&Note> for NoteDto {
    fn from(n: &Note) -> Self {
        Self {
            id: id_string(&n.id),
            owner: id_string(&n.owner),
            created_at: n.created_at,
            updated_at: n.updated_at,
            subject: NoteSubjectDto { kind: n.subject.kind().to_string(), id: n.subject.uuid().to_string() },
            body: n.body.clone(),
        }
    }
}

impl NoteDto {
    pub fn into_domain(self) -> Result<Note, InterchangeError> {
        let cx = Ctx::new("note", &self.id);
        let id = self.subject.id.as_str();
        let subject = match self.subject.kind.as_str() {
            "person" => NoteSubject::Person(cx.parse::<PersonId>("subject.id", id)?),
            "organization" => NoteSubject::Organization(cx.parse::<OrganizationId>("subject.id", id)?),
            "opening" => NoteSubject::Opening(cx.parse::<OpeningId>("subject.id", id)?),
            "meeting" => NoteSubject::Meeting(cx.parse::<MeetingId>("subject.id", id)?),
            other => {
                return Err(cx.fail(
                    "subject.kind",
                    format!("`{other}` is not a note subject; use person, organization, opening or meeting"),
                ));
            }
        };
        Ok(Note {
            id: cx.parse::<NoteId>("id", &self.id)?,
            owner: cx.parse("owner", &self.owner)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            subject,
            body: cx.text("body", self.body)?,
        })
    }
}

/// A question in the seeker's bank.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionDto {
    pub id: String,
    /// `null` for rapport's own bank.
    pub owner: Option<String>,
    pub created_at: Timestamp,
    pub text: String,
    pub category: String,
    pub tags: Vec<String>,
}

impl From<&Question> for QuestionDto {
    fn from(q: &Question) -> Self {
        Self {
            id: id_string(&q.id),
            owner: opt_id(&q.owner),
            created_at: q.created_at,
            text: q.text.clone(),
            category: q.category.as_str().to_string(),
            tags: q.tags.clone(),
        }
    }
}

impl QuestionDto {
    pub fn into_domain(self) -> Result<Question, InterchangeError> {
        let cx = Ctx::new("question", &self.id);
        Ok(Question {
            id: cx.parse::<QuestionId>("id", &self.id)?,
            owner: cx.parse_opt::<AccountId>("owner", self.owner.as_deref())?,
            created_at: self.created_at,
            text: cx.text("text", self.text)?,
            category: cx.parse("category", &self.category)?,
            tags: self.tags,
        })
    }
}

/// Who in the network knows whom.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationshipDto {
    pub id: String,
    pub owner: String,
    pub created_at: Timestamp,
    pub a: String,
    pub b: String,
    pub kind: String,
    pub organization_id: Option<String>,
    pub from_year: Option<i16>,
    pub to_year: Option<i16>,
    pub note: Option<String>,
}

impl From<&Relationship> for RelationshipDto {
    fn from(r: &Relationship) -> Self {
        Self {
            id: id_string(&r.id),
            owner: id_string(&r.owner),
            created_at: r.created_at,
            a: id_string(&r.a),
            b: id_string(&r.b),
            kind: r.kind.as_str().to_string(),
            organization_id: opt_id(&r.organization_id),
            from_year: r.from_year,
            to_year: r.to_year,
            note: r.note.clone(),
        }
    }
}

impl RelationshipDto {
    pub fn into_domain(self) -> Result<Relationship, InterchangeError> {
        let cx = Ctx::new("relationship", &self.id);
        let a: PersonId = cx.parse("a", &self.a)?;
        let b: PersonId = cx.parse("b", &self.b)?;
        if a == b {
            return Err(cx.fail("b", "a person cannot be linked to themselves; name two different people"));
        }
        Ok(Relationship {
            id: cx.parse::<RelationshipId>("id", &self.id)?,
            owner: cx.parse("owner", &self.owner)?,
            created_at: self.created_at,
            a,
            b,
            kind: cx.parse("kind", &self.kind)?,
            organization_id: cx.parse_opt("organization_id", self.organization_id.as_deref())?,
            from_year: self.from_year,
            to_year: self.to_year,
            note: self.note,
        })
    }
}

/// A decision about a reminder: `done`, `dismissed`, or `snoozed` with the time it comes
/// back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderDecisionDto {
    /// The person the reminder is about; absent for list-level reminders.
    pub person_id: Option<String>,
    pub key: String,
    pub action: String,
    pub until: Option<Timestamp>,
    pub decided_at: Timestamp,
}

impl ReminderDecisionDto {
    pub fn new(person: Option<PersonId>, d: &ReminderDecision) -> Self {
        let (action, until) = match d.action {
            DecisionAction::Done => ("done", None),
            DecisionAction::Dismissed => ("dismissed", None),
            DecisionAction::Snoozed { until } => ("snoozed", Some(until)),
        };
        Self {
            person_id: opt_id(&person),
            key: d.key.clone(),
            action: action.to_string(),
            until,
            decided_at: d.decided_at,
        }
    }

    pub fn into_domain(self) -> Result<(Option<PersonId>, ReminderDecision), InterchangeError> {
        let cx = Ctx::new("reminder decision", &self.key);
        if self.key.trim().is_empty() {
            return Err(cx.fail("key", "a decision needs the key of the reminder it is about"));
        }
        let person = cx.parse_opt("person_id", self.person_id.as_deref())?;
        let action = match (self.action.as_str(), self.until) {
            ("done", None) => DecisionAction::Done,
            ("dismissed", None) => DecisionAction::Dismissed,
            ("snoozed", Some(until)) => DecisionAction::Snoozed { until },
            ("snoozed", None) => return Err(cx.fail("until", "a snooze needs the time the reminder comes back")),
            ("done" | "dismissed", Some(_)) => {
                return Err(cx.fail("until", "only a snooze has an `until`; remove it"));
            }
            (other, _) => {
                return Err(cx.fail("action", format!("`{other}` is not a decision; use done, snoozed or dismissed")));
            }
        };
        Ok((person, ReminderDecision { key: self.key, action, decided_at: self.decided_at }))
    }
}

/// A person's photo: the image's bytes as standard base64.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoDto {
    pub person_id: String,
    pub media_type: String,
    pub data: String,
}

impl From<&BackupPhoto> for PhotoDto {
    fn from(photo: &BackupPhoto) -> Self {
        use base64::Engine as _;
        Self {
            person_id: photo.person_id.to_string(),
            media_type: photo.media_type.clone(),
            data: base64::engine::general_purpose::STANDARD.encode(&photo.bytes),
        }
    }
}

impl PhotoDto {
    pub fn into_domain(self) -> Result<BackupPhoto, InterchangeError> {
        use base64::Engine as _;
        let cx = Ctx::new("photo", &self.person_id);
        let person_id = cx.parse::<PersonId>("person_id", &self.person_id)?;
        if !self.media_type.starts_with("image/") {
            return Err(cx.fail(
                "media_type",
                format!("`{}` is not an image type; use image/jpeg or image/png", self.media_type),
            ));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(self.data.as_bytes())
            .map_err(|e| cx.fail("data", format!("not standard base64 ({e}); export the backup again")))?;
        if bytes.is_empty() {
            return Err(cx.fail("data", "the photo is empty; remove it or export the backup again"));
        }
        Ok(BackupPhoto { person_id, media_type: self.media_type, bytes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp() -> Timestamp {
        "2025-03-01T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn an_empty_backup_round_trips_and_names_its_format() {
        let backup = Backup::new(stamp());
        let json = backup.to_json();
        assert!(json.contains("\"format\": \"rapport-backup\"") && json.contains("\"version\": 3"), "{json}");
        assert_eq!(Backup::from_reader(json.as_bytes()).unwrap(), backup);
    }

    #[test]
    fn a_version_1_backup_is_still_read_and_decisions_are_checked() {
        let old = Backup::new(stamp())
            .to_json()
            .replace("\"version\": 3", "\"version\": 1")
            .replace(",\n  \"reminder_decisions\": []", "")
            .replace(",\n  \"photos\": []", "");
        assert!(
            !old.contains("reminder_decisions") && !old.contains("photos") && old.contains("\"version\": 1"),
            "{old}"
        );
        assert_eq!(Backup::from_reader(old.as_bytes()).unwrap(), Backup::new(stamp()));
        let snooze_without_end = Backup::new(stamp()).to_json().replace(
            "\"reminder_decisions\": []",
            r#""reminder_decisions": [{"person_id": null, "key": "r23:2025-03-03", "action": "snoozed", "until": null,
               "decided_at": "2025-03-01T10:00:00Z"}]"#,
        );
        let err = Backup::from_reader(snooze_without_end.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("reminder decision r23:2025-03-03") && err.contains("`until`"), "{err}");
        let unknown = snooze_without_end.replace("\"snoozed\"", "\"forgotten\"");
        let err = Backup::from_reader(unknown.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("`forgotten` is not a decision"), "{err}");
    }

    #[test]
    fn a_version_2_backup_has_no_photos_and_a_bad_photo_is_named() {
        let v2 = Backup::new(stamp())
            .to_json()
            .replace("\"version\": 3", "\"version\": 2")
            .replace(",\n  \"photos\": []", "");
        assert!(!v2.contains("photos"), "{v2}");
        assert_eq!(Backup::from_reader(v2.as_bytes()).unwrap(), Backup::new(stamp()));
        let photo = |media: &str, data: &str| {
            Backup::new(stamp()).to_json().replace(
                "\"photos\": []",
                &format!(
                    r#""photos": [{{"person_id": "01930000-0000-7000-8000-00000000000a", "media_type": "{media}", "data": "{data}"}}]"#
                ),
            )
        };
        let err = Backup::from_reader(photo("image/png", "iVBORw0K").as_bytes()).unwrap_err().to_string();
        assert!(err.contains("no person of the backup has this id"), "{err}");
        let err = Backup::from_reader(photo("image/png", "not base64!").as_bytes()).unwrap_err().to_string();
        assert!(err.contains("photo 01930000-0000-7000-8000-00000000000a") && err.contains("`data`"), "{err}");
        let err = Backup::from_reader(photo("text/plain", "iVBORw0K").as_bytes()).unwrap_err().to_string();
        assert!(err.contains("`media_type`") && err.contains("not an image type"), "{err}");
    }

    #[test]
    fn a_newer_version_says_to_update() {
        let json =
            r#"{"format": "rapport-backup", "version": 4, "exported_at": "2025-03-01T10:00:00Z", "gadgets": []}"#;
        let err = Backup::from_reader(json.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("version 4") && err.contains("update rapport"), "{err}");
        // A newer file that happens to read whole is refused all the same.
        let whole = Backup::new(stamp()).to_json().replace(&format!("\"version\": {VERSION}"), "\"version\": 4");
        assert!(whole.contains("\"version\": 4"), "{whole}");
        let err = Backup::from_reader(whole.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("version 4") && err.contains("update rapport"), "{err}");
        let err = Backup::from_reader(r#"{"format": "other"}"#.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("not a rapport backup"), "{err}");
        let err = Backup::from_reader("not json".as_bytes()).unwrap_err().to_string();
        assert!(err.contains("invalid JSON"), "{err}");
    }

    #[test]
    fn a_bad_value_names_the_record_and_field() {
        let json = Backup::new(stamp()).to_json().replace(
            "\"organizations\": []",
            r#""organizations": [{"id": "0193c1a2-7b4e-7d21-9a0c-5f1e2d3c4b5a", "owner": "00000000-0000-7000-8000-000000000001",
              "created_at": "2025-03-01T10:00:00Z", "updated_at": "2025-03-01T10:00:00Z", "name": "Acme", "domain": null,
              "industry": null, "lamp": {"advocacy": null, "motivation": 9, "posting": null, "user_order": null},
              "status": "candidate", "research_notes": null, "referral_bonus": null, "digital_industry": false,
              "source_lens": null, "deleted_at": null}]"#,
        );
        let err = Backup::from_reader(json.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("organization 0193c1a2-7b4e-7d21-9a0c-5f1e2d3c4b5a, field `lamp`"), "{err}");
        assert!(err.contains("9 is out of range"), "{err}");
    }

    #[test]
    fn unknown_fields_are_refused_rather_than_dropped() {
        let json = Backup::new(stamp()).to_json().replace("\"tasks\": []", "\"tasks\": [], \"gadgets\": []");
        let err = Backup::from_reader(json.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("unknown field `gadgets`"), "{err}");
    }
}
