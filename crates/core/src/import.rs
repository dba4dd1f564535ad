//! Importing contacts: a LinkedIn, Google, Outlook, Thunderbird or mapped CSV, or a vCard
//! file, read through `rapport-interchange` and written in **one transaction**: the whole file
//! lands, or (on any failure) nothing does. A file of 30,000 rows is one transaction of a few
//! hundred milliseconds, so resumable batches would buy nothing but states to explain.
//!
//! **Matching.** Each contact is matched to a person already in the network with the duplicate
//! matcher ([`crate::dupes::Matcher`]), built once in memory from every live person: a LinkedIn
//! profile URL, else an email, else a phone, else the folded name with the organization. No
//! match adds a person; a match updates them by the rules below. A contact that matches two
//! people updates the strongest match and says so (`rapport dupes` lists the pair).
//!
//! **Never overwrite a hand edit unseen.** Each import remembers, per person and per source
//! (`linkedin`, `google`, `outlook`, `thunderbird`, `csv`, `vcard`), the values it wrote
//! (name, organization, title, location, the note). On the next import from that source:
//! * an empty field is filled;
//! * a field that still holds what this source wrote is updated to the file's new value (they
//!   changed jobs);
//! * a field that holds something else (typed by the seeker, or written by another source) is
//!   kept, and the summary lists it beside the file's value ("kept");
//! * nothing is ever cleared because the file lacks it, and emails, phones, links and tags are
//!   only ever added to.
//!
//! **Idempotent.** The same file again finds every value equal and writes nothing at all, not
//! even the provenance. Two rows of one file that are the same person fill each other's gaps
//! but do not fight over a field, so the second run agrees with the first.
//!
//! **Where fields without a home go.** A person has no nickname, birthday or free-text notes
//! field, so those become one note on the person ("From the Google Contacts import: …"),
//! updated by the same rules. LinkedIn's "Connected On" is a day without a time: it becomes an
//! interaction at the start of that day in the seeker's time zone, of kind `other` on the
//! LinkedIn channel, its time marked as observed. It is the first known touch on the timeline,
//! but not a real two-way contact: accepting an invitation says nothing about whether the two
//! ever spoke, so it does not set `last_touch_at` or make an old tie look fresh.
//!
//! **Dry run.** The import runs in full inside the transaction and then rolls it back, so the
//! summary of a dry run is exactly what a real run would do.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rapport_domain::ids::{AccountId, InteractionId, NoteId, OrganizationId, PersonId};
use rapport_domain::interactions::{Channel, Direction, Interaction, InteractionKind, NewInteraction, TimeSource};
use rapport_domain::notes::{NewNote, Note, NoteSubject};
use rapport_domain::organizations::{NewOrganization, Organization};
use rapport_domain::people::{NewPerson, Person, PersonPatch, Source};
use rapport_domain::reminders::Reminder;
use rapport_domain::values::fold_name;
use rapport_interchange::{Format, ImportOptions, ImportedContact, Skip, read_contacts};
use rapport_store::{
    OrganizationFilter, Page, PersonFilter, PersonPhoto, Provenance, Reader, Store, StoreError, Writer,
};
use serde::{Deserialize, Serialize};

use crate::dupes::{MatchKeys, Matcher};
use crate::{CoreError, CoreResult, Ctx};

/// A file to import.
#[derive(Clone, Debug)]
pub struct ImportRequest<'a> {
    /// The file's name, for format detection and the people's source (`Connections.csv`).
    pub file_name: Option<&'a str>,
    pub bytes: &'a [u8],
    pub options: ImportOptions,
    /// Work out everything, report it, and write nothing.
    pub dry_run: bool,
}

/// A person the import added or changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonChange {
    /// The line where the contact starts in the file.
    pub line: u64,
    pub person_id: PersonId,
    pub name: String,
    /// The fields that were set or changed (`title`, `emails`, `note`, `first_touch`, …).
    pub fields: Vec<&'static str>,
}

/// A value the seeker (or another import) set that the file disagrees with, kept as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub line: u64,
    pub person_id: PersonId,
    pub name: String,
    pub field: &'static str,
    /// The value in rapport, kept.
    pub yours: String,
    /// The value in the file, not applied.
    pub file: String,
}

/// Something about one line that the seeker should know: a value dropped, a second match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineWarning {
    pub line: u64,
    pub message: String,
}

/// What an import did (or, for a dry run, would do).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportSummary {
    pub format: Format,
    /// The provenance source the file counts as (`linkedin`, `google`, `vcard`, …).
    pub source: &'static str,
    pub dry_run: bool,
    /// How many records (rows or cards) the file held, skipped ones included.
    pub records: usize,
    pub added: Vec<PersonChange>,
    pub updated: Vec<PersonChange>,
    /// Contacts that matched someone and changed nothing.
    pub unchanged: usize,
    pub skipped: Vec<Skip>,
    pub kept: Vec<Kept>,
    pub warnings: Vec<LineWarning>,
    /// Organizations created because a contact named a new employer.
    pub organizations_added: Vec<String>,
}

impl ImportSummary {
    fn empty(format: Format, source: &'static str) -> Self {
        ImportSummary {
            format,
            source,
            dry_run: false,
            records: 0,
            added: Vec::new(),
            updated: Vec::new(),
            unchanged: 0,
            skipped: Vec::new(),
            kept: Vec::new(),
            warnings: Vec::new(),
            organizations_added: Vec::new(),
        }
    }

    /// True when the import changed (or would change) nothing in the store.
    pub fn is_no_op(&self) -> bool {
        self.added.is_empty() && self.updated.is_empty() && self.organizations_added.is_empty()
    }
}

/// The provenance source of a format: the exporter, whatever vintage of its file.
pub fn source_of(format: Format) -> &'static str {
    match format {
        Format::LinkedIn => "linkedin",
        Format::GoogleCsv | Format::GoogleCsvLegacy => "google",
        Format::OutlookCom | Format::OutlookDesktop => "outlook",
        Format::ThunderbirdCsv => "thunderbird",
        Format::GenericCsv => "csv",
        Format::VCard => "vcard",
        Format::ICalendar => "ics",
        Format::RapportBackup => "backup",
    }
}

fn label_of(format: Format) -> &'static str {
    match format {
        Format::LinkedIn => "LinkedIn",
        Format::GoogleCsv | Format::GoogleCsvLegacy => "Google Contacts",
        Format::OutlookCom | Format::OutlookDesktop => "Outlook",
        Format::ThunderbirdCsv => "Thunderbird",
        Format::GenericCsv => "CSV",
        Format::VCard => "vCard",
        Format::ICalendar => "iCalendar",
        Format::RapportBackup => "backup",
    }
}

/// What one import source last wrote for a person (stored as JSON in the provenance), and
/// the person's `updated_at` right after: when that still holds and the file says the same
/// again, the person need not even be read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Written {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    organization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    location: Option<String>,
    /// Email match keys, phone match keys, link URLs and tags the source brought.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    emails: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    phones: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    links: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    connected_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<WrittenNote>,
    /// A fingerprint of the photo the source brought.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    photo: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    updated_at: Option<Timestamp>,
}

/// A fingerprint of a photo, to tell whether the file's photo is the one the import wrote.
fn fingerprint(media_type: &str, bytes: &[u8]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
    hasher.write(media_type.as_bytes());
    hasher.write(bytes);
    hasher.finish()
}

fn photo_of(contact: &ImportedContact) -> Option<PersonPhoto> {
    contact.photo.as_ref().map(|p| PersonPhoto { media_type: p.media_type.clone(), bytes: p.bytes.clone() })
}

impl Written {
    /// Adds the lists a contact brings (they were joined to the person's).
    fn add_lists(&mut self, contact: &ImportedContact) {
        fn join(list: &mut Vec<String>, items: impl Iterator<Item = String>) {
            for item in items {
                if !list.contains(&item) {
                    list.push(item);
                }
            }
        }
        join(&mut self.emails, contact.emails.iter().map(|e| e.match_key()));
        join(&mut self.phones, contact.phones.iter().map(|p| p.match_key()));
        join(&mut self.links, contact.links.iter().map(|l| l.url().to_string()));
        join(&mut self.tags, contact.tags.iter().map(|t| t.as_str().to_string()));
    }

    /// True when the contact says nothing this source did not already write.
    fn covers(&self, contact: &ImportedContact, note: Option<&str>) -> bool {
        let same = |written: &Option<String>, file: &Option<String>| file.is_none() || written == file;
        self.name.as_deref() == Some(contact.name.full.as_str())
            && contact
                .organization
                .as_deref()
                .is_none_or(|o| self.organization.as_deref().is_some_and(|w| fold_name(w) == fold_name(o)))
            && same(&self.title, &contact.title)
            && same(&self.location, &contact.location)
            && contact.emails.iter().all(|e| self.emails.contains(&e.match_key()))
            && contact.phones.iter().all(|p| self.phones.contains(&p.match_key()))
            && contact.links.iter().all(|l| self.links.iter().any(|w| w == l.url()))
            && contact.tags.iter().all(|t| self.tags.iter().any(|w| w == t.as_str()))
            && (contact.first_touch.is_none() || self.connected_on.is_some())
            && note.is_none_or(|body| self.note.as_ref().is_some_and(|n| n.body == body))
            && contact.photo.as_ref().is_none_or(|p| self.photo == Some(fingerprint(&p.media_type, &p.bytes)))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct WrittenNote {
    /// The note's id, as text.
    id: String,
    body: String,
}

/// The import's failure, or the rollback that ends a dry run (carrying its summary).
enum Stop {
    Failed(CoreError),
    DryRun(Box<ImportSummary>),
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Self {
        Stop::Failed(e.into())
    }
}

impl From<CoreError> for Stop {
    fn from(e: CoreError) -> Self {
        Stop::Failed(e)
    }
}

/// Imports a contacts file; see the module documentation. `progress` is called with the
/// number of records read so far as the writer takes them up (after 512, 1,024 and 2,048
/// records, then every 4,096) and once at the end.
///
/// Two threads share the work: this one holds the write transaction and writes, while a
/// second parses the file and matches it against the network (through its own read
/// transaction, begun after the write's, so it sees what the write sees before its own
/// changes), handing over new people, their first touches and notes in chunks. At the end
/// it hands over the rest: updates, provenance, photos and the new people's reminders. A
/// person added early and filled in by a later row of the same file is written as an update
/// at the end. On a 30,000-row file the writer is the slower of the two, so matching costs
/// no time of its own.
pub fn import<S: Store>(
    ctx: &Ctx<'_, S>,
    request: &ImportRequest<'_>,
    progress: &mut dyn FnMut(usize),
) -> CoreResult<ImportSummary> {
    let (format, contacts) = read_contacts(request.file_name, request.bytes, &request.options)
        .map_err(|e| CoreError::Refused(e.to_string()))?;
    let profile = crate::profile::get(ctx)?;
    let tz = TimeZone::get(&profile.settings.time_zone).unwrap_or(TimeZone::UTC);
    let dry_run = request.dry_run;
    let source = source_of(format);
    // Every reference the import writes is to a record it wrote itself or read in this
    // transaction (or in the matcher's read, begun after it), and it deletes no record
    // another refers to: see `Store::write_trusting_references`.
    let result = ctx.store.write_trusting_references(|w| {
        std::thread::scope(|scope| {
            let (out, arriving) = std::sync::mpsc::sync_channel::<Step<S::ReadyPeople>>(4);
            let (give_run, take_run) = std::sync::mpsc::sync_channel::<Run<'_, '_, S>>(1);
            // What the writer is done with goes back to be freed where it was allocated:
            // glibc's allocator frees another thread's memory under that thread's lock, and
            // freeing 30,000 people on the writer cost it a tenth of its time.
            let (spent, returned) = std::sync::mpsc::channel::<Box<dyn Send>>();
            let matching = scope.spawn(move || {
                // The file is parsed while the writer reads the network; matching starts
                // with the records read so far once the network is there.
                let mut contacts = contacts;
                let mut early = Vec::new();
                let mut run = loop {
                    match take_run.try_recv() {
                        Ok(run) => break run,
                        Err(std::sync::mpsc::TryRecvError::Disconnected) => return,
                        Err(std::sync::mpsc::TryRecvError::Empty) => {}
                    }
                    match contacts.next() {
                        Some(record) => early.push(record),
                        None => match take_run.recv() {
                            Ok(run) => break run,
                            Err(_) => return,
                        },
                    }
                };
                let matched = ctx.store.read(|r| -> Result<(), Stop> {
                    let mut hand_over_at = FIRST_CHUNK;
                    for record in early.into_iter().chain(contacts) {
                        run.summary.records += 1;
                        match record {
                            Ok(contact) => run.contact(r, contact)?,
                            Err(skip) => run.summary.skipped.push(skip),
                        }
                        if run.summary.records == hand_over_at {
                            hand_over_at += hand_over_at.min(LARGEST_CHUNK);
                            if out.send(Step::Chunk(run.drain(r)?)).is_err() {
                                // The writer stopped (it failed): nothing more to hand over.
                                return Ok(());
                            }
                            returned.try_iter().for_each(drop);
                        }
                    }
                    let (tail, summary) = run.finish(r)?;
                    let _ = out.send(Step::End(Box::new(tail), Box::new(summary)));
                    // Freed on a thread of its own: the writer's commit, and the import's
                    // answer, need not wait for every entry of the network to be freed (the
                    // writer of a re-import, with only its commit left, waited 88 ms).
                    free_elsewhere(run.into_held());
                    Ok(())
                });
                if let Err(stop) = matched {
                    let _ = out.send(Step::Failed(stop));
                }
                // The writer sees the end of the steps here, and hangs up once done with what
                // it was given.
                drop(out);
                returned.iter().for_each(drop);
            });
            // What the network holds is read here, on the writer's connection, whose cache
            // holds the pages (after an import, a reader's would start cold).
            match Run::load(w, ctx, format, request.file_name, tz) {
                Ok(mut run) => {
                    run.summary.dry_run = dry_run;
                    // The matcher only stops listening when it panicked (seen below).
                    let _ = give_run.send(run);
                }
                Err(stop) => {
                    drop(give_run);
                    drop(arriving);
                    let _ = matching.join();
                    return Err(stop);
                }
            }
            let mut outcome =
                Err(Stop::Failed(CoreError::Refused("reading the file stopped part way; nothing was imported".into())));
            for step in arriving.iter() {
                match step {
                    Step::Chunk(chunk) => {
                        progress(chunk.records);
                        if let Err(e) = write_chunk::<S>(w, ctx.owner, source, &chunk) {
                            outcome = Err(e);
                            break;
                        }
                        let _ = spent.send(Box::new(chunk));
                    }
                    Step::End(tail, summary) => {
                        progress(tail.chunk.records);
                        outcome = write_tail(w, ctx, &tail, summary.source).map(|()| *summary);
                        let _ = spent.send(tail);
                        break;
                    }
                    Step::Failed(stop) => {
                        outcome = Err(stop);
                        break;
                    }
                }
            }
            // Hanging up stops a matcher still at work (this side failed), or lets it go once
            // it has freed what it was given back.
            drop(arriving);
            drop(spent);
            if matching.join().is_err() {
                // The matcher panicked: whatever it handed over is rolled back.
                outcome = Err(Stop::Failed(CoreError::Refused(
                    "matching the file stopped part way (an internal error); nothing was imported".into(),
                )));
            }
            match outcome {
                Ok(summary) if dry_run => Err(Stop::DryRun(Box::new(summary))),
                other => other,
            }
        })
    });
    match result {
        Ok(summary) => Ok(summary),
        Err(Stop::DryRun(summary)) => Ok(*summary),
        Err(Stop::Failed(e)) => Err(e),
    }
}

/// Records matched before the first hand-over to the writer: few, so that the writer starts
/// almost as soon as the file does. Each chunk after it is as large as all before it, up to
/// [`LARGEST_CHUNK`]. With the people's rows, provenance and reminders worked out on the
/// matcher, matching a record takes nearly as long as writing it: chunks of 4,096 made the
/// writer wait 60–70 ms for the matcher while they doubled, chunks of 1,024 do not, and
/// chunks of 512 cost more per chunk than they save (LinkedIn, 30,000 rows: 0.93 s against
/// 0.98 s and 0.96 s).
const FIRST_CHUNK: usize = 256;
const LARGEST_CHUNK: usize = 1024;

/// What the matcher hands the writer (`P`: new people made ready to insert).
enum Step<P> {
    /// What the records matched so far added.
    Chunk(Chunk<P>),
    /// The rest, once the whole file is matched, and what the import did.
    End(Box<Tail<P>>, Box<ImportSummary>),
    /// Matching failed: nothing is written.
    Failed(Stop),
}

/// New records, in an order the references accept: organizations, people, then what refers
/// to them.
struct Chunk<P> {
    /// Records read so far (for the progress bar).
    records: usize,
    orgs: Vec<Organization>,
    /// Made ready to insert on the matcher's thread (see `Store::ready_people`).
    people: P,
    touches: Vec<Interaction>,
    notes: Vec<Note>,
    /// What the import wrote for each new person, as provenance.
    provenance: Vec<Provenance>,
    /// The new people's reminders, derived from their records in memory.
    reminders: Vec<Vec<Reminder>>,
}

/// Everything else the import writes, after the last chunk.
struct Tail<P> {
    chunk: Chunk<P>,
    /// People changed by the file: known ones, and new ones a later row filled in.
    updates: Vec<Person>,
    changed_notes: Vec<Note>,
    photos: Vec<(PersonId, PersonPhoto)>,
    /// What the import wrote for known people, and again for new ones a later row matched.
    provenance: Vec<Provenance>,
    /// Known people whose records changed, and new ones a later row matched: their
    /// reminders are derived again from the store.
    refresh: Vec<PersonId>,
}

fn write_chunk<S: Store>(
    w: &S::Writer<'_>,
    owner: AccountId,
    source: &str,
    chunk: &Chunk<S::ReadyPeople>,
) -> Result<(), Stop> {
    for org in &chunk.orgs {
        w.insert_organization(org)?;
    }
    S::insert_ready_people(w, &chunk.people)?;
    w.insert_interactions(&chunk.touches)?;
    for note in &chunk.notes {
        w.insert_note(note)?;
    }
    w.put_import_provenance(owner, source, &chunk.provenance)?;
    for list in &chunk.reminders {
        w.add_reminders(owner, list)?;
    }
    Ok(())
}

fn write_tail<S: Store>(
    w: &S::Writer<'_>,
    ctx: &Ctx<'_, S>,
    tail: &Tail<S::ReadyPeople>,
    source: &str,
) -> Result<(), Stop> {
    write_chunk::<S>(w, ctx.owner, source, &tail.chunk)?;
    for person in &tail.updates {
        w.update_person(person)?;
    }
    for note in &tail.changed_notes {
        w.update_note(note)?;
    }
    for (person, photo) in &tail.photos {
        w.put_person_photo(ctx.owner, *person, Some(photo))?;
    }
    w.put_import_provenance(ctx.owner, source, &tail.provenance)?;
    crate::reminders::refresh(w, ctx, &tail.refresh)?;
    Ok(())
}

/// One person as the import sees them: known from the identity index (and read only when a
/// contact may change them), or new.
struct Entry {
    id: PersonId,
    /// The person, once read (or made).
    person: Option<Person>,
    /// When the stored person last changed.
    updated_at: Timestamp,
    trashed: bool,
    /// Added by this import (inserted at the end) rather than already stored.
    new: bool,
    /// Changed by this import: updated at the end.
    dirty: bool,
    /// New, and already handed to the writer: a later change makes it dirty.
    sent: bool,
    /// New, handed to the writer, and matched again by a later row: its provenance goes again
    /// and its reminders are derived again at the end.
    resend: bool,
    /// The first line of this file that matched or made them.
    line: Option<u64>,
    written: Written,
    written_before: Option<Written>,
    /// The index of their change in the summary (added or updated), once they have one.
    change: Option<usize>,
}

/// After this many people were read one by one, the rest are read in one go.
const READ_ONE_BY_ONE: usize = 500;

/// The state of one import inside its transaction.
struct Run<'c, 's, S> {
    ctx: &'c Ctx<'s, S>,
    source: &'static str,
    label: &'static str,
    file_name: Option<String>,
    tz: TimeZone,
    entries: Vec<Entry>,
    by_id: FxHashMap<PersonId, usize>,
    matcher: Matcher,
    /// How many stored people were read one by one; past [`READ_ONE_BY_ONE`], all are read.
    reads: usize,
    /// Live organizations by folded name.
    orgs: HashMap<String, Organization>,
    org_names: HashMap<OrganizationId, String>,
    new_orgs: Vec<Organization>,
    interactions: Vec<Interaction>,
    /// What new people's reminders are derived in, read once.
    reminder_context: Option<rapport_domain::reminders::Context>,
    /// Known people given a first touch, whose reminders are refreshed at the end.
    touched: Vec<PersonId>,
    /// Entries from here on have not been looked at by [`Run::drain`].
    unsent: usize,
    new_notes: Vec<Note>,
    changed_notes: Vec<Note>,
    photos: Vec<(PersonId, PersonPhoto)>,
    summary: ImportSummary,
}

/// What a run holds that outlives its store and context (entries, their index, the matcher,
/// the organizations by name and by id): dropped on its own (see [`free_elsewhere`]).
type Held =
    (Vec<Entry>, FxHashMap<PersonId, usize>, Matcher, HashMap<String, Organization>, HashMap<OrganizationId, String>);

/// Drops `held` on a thread of its own. Should no thread start, the closure, and `held` with
/// it, is dropped right here instead.
fn free_elsewhere(held: Held) {
    let _ = std::thread::Builder::new().name("rapport-free".into()).spawn(move || drop(held));
}

impl<'c, 's, S: Store> Run<'c, 's, S> {
    /// The bulk of what the run holds, taken out of it.
    fn into_held(self) -> Held {
        (self.entries, self.by_id, self.matcher, self.orgs, self.org_names)
    }

    fn load<R: Reader>(
        r: &R,
        ctx: &'c Ctx<'s, S>,
        format: Format,
        file_name: Option<&str>,
        tz: TimeZone,
    ) -> Result<Self, Stop> {
        let source = source_of(format);
        let identities = r.identity_index(ctx.owner)?;
        let organizations = r.organizations(ctx.owner, &OrganizationFilter::default(), Page::ALL)?;
        let mut provenance: FxHashMap<PersonId, Written> = FxHashMap::default();
        for Provenance { person_id, fields } in r.import_provenance(ctx.owner, source)? {
            // A provenance row that no longer reads is treated as absent: the fields then
            // count as hand-set and are kept, the safe side.
            if let Ok(written) = serde_json::from_str::<Written>(&fields) {
                provenance.insert(person_id, written);
            }
        }
        let org_names: HashMap<OrganizationId, String> = organizations.iter().map(|o| (o.id, o.name.clone())).collect();
        let mut orgs: HashMap<String, Organization> = HashMap::with_capacity(organizations.len());
        for org in organizations {
            // The oldest organization of a name wins, as `organization_by_name` picks it.
            let key = fold_name(&org.name);
            match orgs.get(&key) {
                Some(existing) if existing.created_at <= org.created_at => {}
                _ => {
                    orgs.insert(key, org);
                }
            }
        }
        let mut matcher = Matcher::default();
        let mut entries = Vec::with_capacity(identities.len());
        let mut by_id = FxHashMap::with_capacity_and_hasher(identities.len(), Default::default());
        for row in identities {
            let org_name = row.organization_id.and_then(|o| org_names.get(&o)).map(String::as_str);
            matcher.add(row.person_id, &MatchKeys::of_identity(&row, org_name));
            by_id.insert(row.person_id, entries.len());
            let written_before = provenance.remove(&row.person_id);
            entries.push(Entry {
                id: row.person_id,
                person: None,
                updated_at: row.updated_at,
                trashed: row.trashed,
                written: written_before.clone().unwrap_or_default(),
                written_before,
                new: false,
                dirty: false,
                sent: false,
                resend: false,
                line: None,
                change: None,
            });
        }
        let known = entries.len();
        Ok(Self {
            ctx,
            source,
            label: label_of(format),
            file_name: file_name.map(str::to_string),
            tz,
            entries,
            by_id,
            matcher,
            reads: 0,
            orgs,
            org_names,
            new_orgs: Vec::new(),
            interactions: Vec::new(),
            reminder_context: None,
            touched: Vec::new(),
            unsent: known,
            new_notes: Vec::new(),
            changed_notes: Vec::new(),
            photos: Vec::new(),
            summary: ImportSummary::empty(format, source),
        })
    }

    /// Reads the stored person of an entry, if not read yet. Past a few hundred single
    /// reads, everyone not yet read is read in one scan.
    fn read_person<R: Reader>(&mut self, r: &R, idx: usize) -> Result<(), StoreError> {
        if self.entries[idx].person.is_some() {
            return Ok(());
        }
        self.reads += 1;
        if self.reads == READ_ONE_BY_ONE {
            for trashed in [false, true] {
                let filter = PersonFilter { trashed, ..PersonFilter::default() };
                for person in r.people(self.ctx.owner, &filter, Page::ALL)?.people {
                    if let Some(&i) = self.by_id.get(&person.id)
                        && self.entries[i].person.is_none()
                    {
                        self.entries[i].person = Some(person);
                    }
                }
            }
        }
        if self.entries[idx].person.is_none() {
            let id = self.entries[idx].id;
            self.entries[idx].person = Some(r.person(self.ctx.owner, id)?);
        }
        Ok(())
    }

    /// A person's name for a message.
    fn name_of<R: Reader>(&mut self, r: &R, idx: usize) -> Result<String, StoreError> {
        self.read_person(r, idx)?;
        Ok(self.entries[idx].person.as_ref().map(|p| p.name.full.clone()).unwrap_or_default())
    }

    /// The live organization called `name`, created (in memory, written at the end) when
    /// there is none.
    fn organization(&mut self, name: &str, line: u64) -> Option<OrganizationId> {
        let key = fold_name(name);
        if let Some(org) = self.orgs.get(&key) {
            return Some(org.id);
        }
        match NewOrganization::new(name) {
            Ok(new) => {
                let org = new.into_organization(OrganizationId::new(), self.ctx.owner, self.ctx.now);
                self.org_names.insert(org.id, org.name.clone());
                self.summary.organizations_added.push(org.name.clone());
                self.new_orgs.push(org.clone());
                let id = org.id;
                self.orgs.insert(key, org);
                Some(id)
            }
            Err(e) => {
                self.summary
                    .warnings
                    .push(LineWarning { line, message: format!("organization `{name}` dropped: {e}") });
                None
            }
        }
    }

    fn contact<R: Reader>(&mut self, r: &R, contact: ImportedContact) -> Result<(), StoreError> {
        let line = contact.line;
        // A failure of the store mid-file, for the tests of the two threads' hand-over.
        #[cfg(test)]
        if contact.name.full == tests::FAILING_NAME {
            return Err(StoreError::Backend(format!("the test store failed at line {line}")));
        }
        for warning in &contact.warnings {
            self.summary.warnings.push(LineWarning { line, message: warning.to_string() });
        }
        let keys = MatchKeys::of_contact(&contact);
        let mut found = self.matcher.find(&keys);
        // A live match is preferred to one in the trash.
        found.sort_by_key(|(id, _)| self.by_id.get(id).is_some_and(|&i| self.entries[i].trashed));
        let Some(&(id, _)) = found.first() else {
            self.add(r, contact, &keys);
            return Ok(());
        };
        let Some(&idx) = self.by_id.get(&id) else { return Ok(()) };
        if self.entries[idx].trashed {
            let name = self.name_of(r, idx)?;
            self.summary.warnings.push(LineWarning {
                line,
                message: format!(
                    "{name} is in the trash, so the file's row was left out; restore them with \
                     `rapport person restore {}` to import it",
                    id.short()
                ),
            });
            return Ok(());
        }
        if found.len() > 1 {
            let mut others = Vec::new();
            for (other, by) in &found[1..] {
                if let Some(&i) = self.by_id.get(other) {
                    others.push(format!("{} ({}, by {})", self.name_of(r, i)?, other.short(), by.as_str()));
                }
            }
            self.summary.warnings.push(LineWarning {
                line,
                message: format!(
                    "also matches {}; updated the closest match only. See `rapport dupes` to merge them",
                    others.join(", ")
                ),
            });
        }
        self.update(r, idx, contact)
    }

    fn add<R: Reader>(&mut self, r: &R, contact: ImportedContact, keys: &MatchKeys) {
        let line = contact.line;
        let org = contact.organization.as_deref().and_then(|name| self.organization(name, line));
        let mut new = NewPerson::new(contact.name.clone());
        new.emails = contact.emails.clone();
        new.phones = contact.phones.clone();
        new.links = contact.links.clone();
        new.tags = contact.tags.clone();
        new.organization_id = org;
        new.title = contact.title.clone();
        new.location = contact.location.clone();
        new.source = Source::Import(match &self.file_name {
            Some(file) => format!("{} ({file})", self.label),
            None => self.label.to_string(),
        });
        let person = new.into_person(PersonId::new(), self.ctx.owner, self.ctx.now);
        let id = person.id;
        let mut fields: Vec<&'static str> = vec!["name"];
        for (name, set) in [
            ("emails", !person.emails.is_empty()),
            ("phones", !person.phones.is_empty()),
            ("links", !person.links.is_empty()),
            ("organization", person.organization_id.is_some()),
            ("title", person.title.is_some()),
            ("location", person.location.is_some()),
            ("tags", !person.tags.is_empty()),
        ] {
            if set {
                fields.push(name);
            }
        }
        let mut written = Written {
            name: Some(person.name.full.clone()),
            organization: org.and(contact.organization.clone()),
            title: person.title.clone(),
            location: person.location.clone(),
            ..Written::default()
        };
        written.add_lists(&contact);
        self.matcher.add(id, keys);
        self.by_id.insert(id, self.entries.len());
        self.summary.added.push(PersonChange { line, person_id: id, name: person.name.full.clone(), fields });
        self.entries.push(Entry {
            id,
            updated_at: person.updated_at,
            person: Some(person),
            trashed: false,
            new: true,
            dirty: false,
            sent: false,
            resend: false,
            line: Some(line),
            written,
            written_before: None,
            change: Some(self.summary.added.len() - 1),
        });
        let idx = self.entries.len() - 1;
        self.extras(r, idx, &contact, false);
    }

    fn update<R: Reader>(&mut self, r: &R, idx: usize, contact: ImportedContact) -> Result<(), StoreError> {
        let line = contact.line;
        let same_run = self.entries[idx].line.is_some();
        let entry = &mut self.entries[idx];
        entry.resend |= entry.sent;
        if same_run {
            let first = self.entries[idx].line.unwrap_or(line);
            let name = self.name_of(r, idx)?;
            self.summary.warnings.push(LineWarning {
                line,
                message: format!("the same person as line {first} ({name}); its values only fill gaps"),
            });
        } else {
            self.entries[idx].line = Some(line);
            // The fast path: nothing changed since this source wrote, and the file says the
            // same again.
            let entry = &self.entries[idx];
            if entry.person.is_none()
                && let Some(before) = &entry.written_before
                && before.updated_at == Some(entry.updated_at)
                && before.covers(&contact, self.note_body(&contact).as_deref())
            {
                self.summary.unchanged += 1;
                return Ok(());
            }
        }
        self.read_person(r, idx)?;
        let Some(person) = self.entries[idx].person.as_ref() else { return Ok(()) };
        let id = person.id;
        let mut patch = PersonPatch::default();
        let mut kept: Vec<(&'static str, String, String)> = Vec::new();
        let written = self.entries[idx].written.clone();
        let mut written_next = written.clone();

        // The name, compared folded.
        let file_name = contact.name.full.clone();
        match decide(Some(&person.name.full), written.name.as_deref(), Some(&file_name), same_run, fold_name) {
            Decision::Set => {
                patch.name = Some(contact.name.clone());
                written_next.name = Some(file_name);
            }
            Decision::Same => written_next.name = Some(file_name),
            Decision::Keep => {}
            Decision::Conflict => kept.push(("name", person.name.full.clone(), file_name)),
        }
        // The organization, compared by its folded name.
        let current_org = person.organization_id.and_then(|o| self.org_names.get(&o)).cloned();
        let mut org_to_set: Option<String> = None;
        if let Some(file_org) = contact.organization.clone() {
            match decide(current_org.as_deref(), written.organization.as_deref(), Some(&file_org), same_run, fold_name)
            {
                Decision::Set => {
                    org_to_set = Some(file_org.clone());
                    written_next.organization = Some(file_org);
                }
                Decision::Same => written_next.organization = Some(file_org),
                Decision::Keep => {}
                Decision::Conflict => kept.push(("organization", current_org.clone().unwrap_or_default(), file_org)),
            }
        }
        for field in ["title", "location"] {
            let (current, file, last) = if field == "title" {
                (&person.title, &contact.title, &written.title)
            } else {
                (&person.location, &contact.location, &written.location)
            };
            let Some(file) = file.clone() else { continue };
            let decision = decide(current.as_deref(), last.as_deref(), Some(&file), same_run, str::to_string);
            let slot = if field == "title" { &mut written_next.title } else { &mut written_next.location };
            match decision {
                Decision::Set => {
                    if field == "title" {
                        patch.title = Some(Some(file.clone()));
                    } else {
                        patch.location = Some(Some(file.clone()));
                    }
                    *slot = Some(file);
                }
                Decision::Same => *slot = Some(file),
                Decision::Keep => {}
                Decision::Conflict => kept.push((field, current.clone().unwrap_or_default(), file)),
            }
        }
        let name = person.name.full.clone();
        patch.add_emails = contact.emails.clone();
        patch.add_phones = contact.phones.clone();
        patch.add_links = contact.links.clone();
        patch.add_tags = contact.tags.clone();
        written_next.add_lists(&contact);
        if let Some(org_name) = org_to_set {
            patch.organization_id = Some(self.organization(&org_name, line));
        }
        for (field, yours, file) in kept {
            self.summary.kept.push(Kept { line, person_id: id, name: name.clone(), field, yours, file });
        }
        let now = self.ctx.now;
        let entry = &mut self.entries[idx];
        let changed = match entry.person.as_mut() {
            Some(person) => patch.apply(person, now),
            None => Vec::new(),
        };
        entry.written = written_next;
        if !changed.is_empty() {
            entry.dirty |= !entry.new || entry.sent;
            let fields: Vec<&'static str> = changed.into_iter().filter(|f| *f != "employments").collect();
            self.record_change(idx, line, fields);
        }
        self.extras(r, idx, &contact, same_run);
        if self.entries[idx].change.is_none() && !same_run {
            self.summary.unchanged += 1;
        }
        Ok(())
    }

    /// Notes the fields a contact changed on an entry, in its one line of the summary.
    fn record_change(&mut self, idx: usize, line: u64, fields: Vec<&'static str>) {
        let entry = &mut self.entries[idx];
        let list = if entry.new { &mut self.summary.added } else { &mut self.summary.updated };
        match entry.change {
            Some(at) => {
                for field in fields {
                    if !list[at].fields.contains(&field) {
                        list[at].fields.push(field);
                    }
                }
            }
            None => {
                let name = entry.person.as_ref().map(|p| p.name.full.clone()).unwrap_or_default();
                list.push(PersonChange { line, person_id: entry.id, name, fields });
                entry.change = Some(list.len() - 1);
            }
        }
    }

    /// The first known touch and the note of fields without a home; `r` reads the note the
    /// import wrote before.
    fn extras<R: Reader>(&mut self, r: &R, idx: usize, contact: &ImportedContact, same_run: bool) {
        let line = contact.line;
        let person_id = self.entries[idx].id;
        if let Some(day) = contact.first_touch
            && self.entries[idx].written.connected_on.is_none()
        {
            match self.touch(person_id, day) {
                Ok(interaction) => {
                    self.interactions.push(interaction);
                    self.entries[idx].written.connected_on = Some(day);
                    self.record_change(idx, line, vec!["first_touch"]);
                }
                Err(message) => self.summary.warnings.push(LineWarning { line, message }),
            }
        }
        if let Err(e) = self.photo(r, idx, contact, same_run) {
            self.summary.warnings.push(LineWarning { line, message: format!("photo left out: {e}") });
        }
        let Some(body) = self.note_body(contact) else { return };
        match self.entries[idx].written.note.clone() {
            None => {
                let Ok(new) = NewNote::new(NoteSubject::Person(person_id), &body) else { return };
                let note = new.into_note(NoteId::new(), self.ctx.owner, self.ctx.now);
                self.entries[idx].written.note = Some(WrittenNote { id: note.id.to_string(), body });
                self.new_notes.push(note);
                self.record_change(idx, line, vec!["note"]);
            }
            Some(written) if written.body == body || same_run => {}
            Some(written) => {
                let current = match written.id.parse::<NoteId>() {
                    Ok(id) => r.note(self.ctx.owner, id),
                    Err(_) => Err(StoreError::not_found("note", &written.id)),
                };
                let name = self.entries[idx].person.as_ref().map(|p| p.name.full.clone()).unwrap_or_default();
                match current {
                    Ok(mut note) if note.body == written.body => {
                        note.body = body.clone();
                        note.updated_at = self.ctx.now;
                        self.changed_notes.push(note);
                        self.entries[idx].written.note = Some(WrittenNote { id: written.id, body });
                        self.record_change(idx, line, vec!["note"]);
                    }
                    Ok(note) => self.summary.kept.push(Kept {
                        line,
                        person_id,
                        name,
                        field: "note",
                        yours: note.body,
                        file: body,
                    }),
                    Err(_) => self.summary.kept.push(Kept {
                        line,
                        person_id,
                        name,
                        field: "note",
                        yours: "(you deleted the imported note)".into(),
                        file: body,
                    }),
                }
            }
        }
    }

    /// The contact's photo (only there when the import keeps photos), by the field rules:
    /// set when the person has none, replaced when theirs is the one this source wrote, kept
    /// (and reported) otherwise.
    fn photo<R: Reader>(
        &mut self,
        r: &R,
        idx: usize,
        contact: &ImportedContact,
        same_run: bool,
    ) -> Result<(), StoreError> {
        let Some(file) = photo_of(contact) else { return Ok(()) };
        let line = contact.line;
        let print = fingerprint(&file.media_type, &file.bytes);
        let entry = &self.entries[idx];
        let id = entry.id;
        let current = if entry.new {
            self.photos.iter().find(|(p, _)| *p == id).map(|(_, photo)| photo.clone())
        } else {
            match self.photos.iter().find(|(p, _)| *p == id) {
                Some((_, photo)) => Some(photo.clone()),
                None => r.person_photo(self.ctx.owner, id)?,
            }
        };
        let current_print = current.as_ref().map(|p| fingerprint(&p.media_type, &p.bytes));
        let set = match current_print {
            None => true,
            Some(now) if now == print => {
                self.entries[idx].written.photo = Some(print);
                false
            }
            Some(_) if same_run => false,
            Some(now) if self.entries[idx].written.photo == Some(now) => true,
            Some(_) => {
                let name = self.entries[idx].person.as_ref().map(|p| p.name.full.clone()).unwrap_or_default();
                self.summary.kept.push(Kept {
                    line,
                    person_id: id,
                    name,
                    field: "photo",
                    yours: "the photo you have".into(),
                    file: format!("another photo ({}, {} bytes)", file.media_type, file.bytes.len()),
                });
                false
            }
        };
        if set {
            self.photos.retain(|(p, _)| *p != id);
            self.photos.push((id, file));
            self.entries[idx].written.photo = Some(print);
            self.record_change(idx, line, vec!["photo"]);
        }
        Ok(())
    }

    /// The interaction for a first known touch on `day`, or why there is none.
    fn touch(&self, person_id: PersonId, day: Date) -> Result<Interaction, String> {
        let at = first_touch_at(day, &self.tz)
            .ok_or_else(|| format!("first known touch {day} dropped: the day cannot be placed in your time zone"))?;
        if at > self.ctx.now {
            return Err(format!("first known touch {day} dropped: the day is in the future"));
        }
        let mut new = NewInteraction::new(person_id, InteractionKind::Other, at);
        new.direction = Direction::Outbound;
        new.at_source = TimeSource::Observed;
        if self.source == "linkedin" {
            new.channel = Channel::LinkedIn;
            new.text = Some("Connected on LinkedIn".into());
        } else {
            new.channel = Channel::Other;
            new.text = Some(format!("First known contact (from the {} import)", self.label));
        }
        Ok(new.into_interaction(InteractionId::new(), self.ctx.owner, self.ctx.now))
    }

    /// The note holding a contact's nickname, birthday and notes, if it has any of them.
    fn note_body(&self, contact: &ImportedContact) -> Option<String> {
        let mut lines = Vec::new();
        if let Some(nickname) = &contact.nickname
            && nickname != &contact.name.full
        {
            lines.push(format!("Nickname: {nickname}"));
        }
        if let Some(birthday) = &contact.birthday {
            lines.push(format!("Birthday: {birthday}"));
        }
        if lines.is_empty() && contact.notes.is_none() {
            return None;
        }
        let mut body = format!("From the {} import:", self.label);
        for line in lines {
            body.push('\n');
            body.push_str(&line);
        }
        if let Some(notes) = &contact.notes {
            body.push_str("\n\n");
            body.push_str(notes);
        }
        Some(body)
    }

    /// Takes what the records matched since the last call added, for the writer: new
    /// organizations, new people (copies: a later row may still fill them in, and the
    /// matcher reads them) made ready to insert, the first touches and notes made since, and
    /// the new people's provenance and reminders. All of it is worked out here rather than
    /// on the writer, which has the more to do of the two.
    fn drain<R: Reader>(&mut self, r: &R) -> Result<Chunk<S::ReadyPeople>, Stop> {
        let mut people = Vec::new();
        let mut provenance = Vec::new();
        for entry in &mut self.entries[self.unsent..] {
            if entry.new
                && !entry.sent
                && let Some(person) = &entry.person
            {
                entry.written.updated_at = Some(person.updated_at);
                provenance.push(Provenance { person_id: entry.id, fields: encode(&entry.written)? });
                people.push(person.clone());
                entry.sent = true;
            }
        }
        self.unsent = self.entries.len();
        // Every touch made since the last call belongs to a known person or to a new one:
        // handed over above (a touch is made right after its person), or before and then
        // matched again by a later row (its reminders are derived again at the end).
        let touches = std::mem::take(&mut self.interactions);
        for touch in &touches {
            match self.by_id.get(&touch.person_id) {
                Some(&idx) if self.entries[idx].new => {}
                _ => self.touched.push(touch.person_id),
            }
        }
        let reminders = if people.is_empty() {
            Vec::new()
        } else {
            let context = match &self.reminder_context {
                Some(context) => context,
                None => self.reminder_context.insert(crate::reminders::context(r, self.ctx.owner)?),
            };
            crate::reminders::derive_new(context, &mut people, &touches)
        };
        Ok(Chunk {
            records: self.summary.records,
            orgs: std::mem::take(&mut self.new_orgs),
            people: S::ready_people(people, &self.org_names)?,
            touches,
            notes: std::mem::take(&mut self.new_notes),
            provenance,
            reminders,
        })
    }

    /// Everything left once the whole file is matched, and the summary. What the run holds
    /// is freed after the tail is handed over, on a thread of its own (freeing 30,000
    /// entries took a tenth of a second the writer would wait for).
    fn finish<R: Reader>(&mut self, r: &R) -> Result<(Tail<S::ReadyPeople>, ImportSummary), Stop> {
        let chunk = self.drain(r)?;
        let mut updates: Vec<Person> = Vec::new();
        let mut refresh: Vec<PersonId> = std::mem::take(&mut self.touched);
        let mut provenance: Vec<Provenance> = Vec::new();
        for entry in &mut self.entries {
            // Untouched by the file, or new and handed over whole with their chunk.
            if entry.line.is_none() || (entry.new && !entry.resend) {
                continue;
            }
            if let Some(person) = &entry.person {
                entry.written.updated_at = Some(person.updated_at);
            }
            if entry.written_before.as_ref() != Some(&entry.written) {
                provenance.push(Provenance { person_id: entry.id, fields: encode(&entry.written)? });
            }
            if entry.new || entry.dirty {
                refresh.push(entry.id);
            }
            if entry.dirty
                && let Some(person) = entry.person.take()
            {
                updates.push(person);
            }
        }
        refresh.extend(self.changed_notes.iter().filter_map(|n| match n.subject {
            rapport_domain::notes::NoteSubject::Person(p) => Some(p),
            _ => None,
        }));
        let empty = ImportSummary::empty(self.summary.format, self.source);
        let summary = std::mem::replace(&mut self.summary, empty);
        Ok((
            Tail {
                chunk,
                updates,
                changed_notes: std::mem::take(&mut self.changed_notes),
                photos: std::mem::take(&mut self.photos),
                provenance,
                refresh,
            },
            summary,
        ))
    }
}

/// What an import wrote for a person, as the text its provenance row holds.
fn encode(written: &Written) -> Result<String, StoreError> {
    serde_json::to_string(written).map_err(|e| StoreError::Backend(format!("cannot record what the import wrote: {e}")))
}

/// What to do with one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decision {
    /// Set it to the file's value: it is empty, or it still holds what this source wrote.
    Set,
    /// It already holds the file's value.
    Same,
    /// Leave it, silently: a second row for the same person in one file.
    Keep,
    /// Leave it and report it: it holds a value the seeker (or another source) set.
    Conflict,
}

/// The rule for one field: see the module documentation. `key` says when two values are the
/// same (folded for names, exact otherwise).
fn decide<K: PartialEq>(
    current: Option<&str>,
    written: Option<&str>,
    file: Option<&str>,
    same_run: bool,
    key: impl Fn(&str) -> K,
) -> Decision {
    let Some(file) = file else { return Decision::Keep };
    match current {
        None => Decision::Set,
        Some(current) if key(current) == key(file) => Decision::Same,
        Some(_) if same_run => Decision::Keep,
        Some(current) if written.is_some_and(|w| key(w) == key(current)) => Decision::Set,
        Some(_) => Decision::Conflict,
    }
}

/// The time a first known touch on `day` is recorded at in `tz`: the start of that day.
pub fn first_touch_at(day: Date, tz: &TimeZone) -> Option<Timestamp> {
    day.to_zoned_datetime(tz.clone()).ok().map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_domain::ids::AccountId;
    use rapport_store_sqlite::{OpenMode, SqliteStore};

    /// A contact of this name fails as if the store failed while matching it.
    pub(super) const FAILING_NAME: &str = "Failing Store";

    /// A matcher failure after the writer has written several chunks ends the import with the
    /// error (it does not wait forever on the writer) and leaves nothing written.
    #[test]
    fn a_failure_while_matching_rolls_back_what_was_already_written() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("s.sqlite3"), OpenMode::Create).unwrap();
        let now: Timestamp = "2026-11-25T12:00:00Z".parse().unwrap();
        let ctx = Ctx::at(&store, AccountId::LOCAL, now);
        for failing_row in [3_000, 10] {
            let mut csv = String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
            for i in 0..3_500 {
                let name = if i == failing_row { "Failing,Store".to_string() } else { format!("Person,Number{i}") };
                csv.push_str(&format!("{name},https://www.linkedin.com/in/p-{i},,Firm,Analyst,01 Oct 2026\n"));
            }
            let request = ImportRequest {
                file_name: Some("Connections.csv"),
                bytes: csv.as_bytes(),
                options: ImportOptions::default(),
                dry_run: false,
            };
            let mut seen = 0;
            let Err(err) = import(&ctx, &request, &mut |n| seen = n) else {
                panic!("row {failing_row}: the import went through")
            };
            assert!(err.to_string().contains("the test store failed"), "{err}");
            if failing_row > FIRST_CHUNK * 2 {
                assert!(seen >= FIRST_CHUNK * 2, "chunks were written before the failure: {seen}");
            }
            let counts = store.read(|r| r.counts(AccountId::LOCAL)).unwrap();
            assert_eq!((counts.people, counts.interactions, counts.organizations), (0, 0, 0), "{counts:?}");
        }
    }

    #[test]
    fn the_field_rule_fills_gaps_follows_the_source_and_keeps_hand_edits() {
        let exact = str::to_string;
        assert_eq!(decide(None, None, Some("Analyst"), false, exact), Decision::Set);
        assert_eq!(decide(Some("Analyst"), None, Some("Analyst"), false, exact), Decision::Same);
        assert_eq!(decide(Some("Analyst"), Some("Analyst"), Some("Lead"), false, exact), Decision::Set);
        assert_eq!(decide(Some("Typed"), Some("Analyst"), Some("Lead"), false, exact), Decision::Conflict);
        assert_eq!(decide(Some("Typed"), None, Some("Lead"), false, exact), Decision::Conflict);
        assert_eq!(decide(Some("Typed"), None, Some("Lead"), true, exact), Decision::Keep);
        assert_eq!(decide(Some("Typed"), None, None, false, exact), Decision::Keep);
        assert_eq!(decide(Some("Acme, Inc."), None, Some("ACME Inc"), false, fold_name), Decision::Same);
    }

    #[test]
    fn a_connection_day_is_the_start_of_that_day_where_the_seeker_lives() {
        let tz = TimeZone::get("America/Chicago").unwrap();
        let at = first_touch_at(jiff::civil::date(2025, 2, 3), &tz).unwrap();
        assert_eq!(at.to_string(), "2025-02-03T06:00:00Z");
    }
}
