//! rapport's storage interface.
//!
//! A backend implements [`Store`]: it hands out a [`Reader`] for reads and a [`Writer`] for
//! writes, and every `write` runs in one transaction, all or nothing. Use cases are written
//! once, generic over `S: Store`, and run unchanged on every backend (SQLite now,
//! PostgreSQL later). The shared test story ([`story`], feature `story`) proves it.
//!
//! **Architecture invariant:** nothing backend-specific appears here: no SQL, no driver
//! types, no connection handles. Every method takes the owning account, so a multi-user
//! backend needs no reshaping.

pub mod error;
pub mod interop;
pub mod network;
pub mod query;
#[cfg(feature = "story")]
pub mod story;

use std::collections::HashMap;

use jiff::Timestamp;
use rapport_domain::ids::{
    AccountId, InteractionId, IntroductionId, MeetingId, NoteId, OpeningId, OrganizationId, PersonId, QuestionId,
    RelationshipId, TaskId,
};
use rapport_domain::interactions::Interaction;
use rapport_domain::introductions::Introduction;
use rapport_domain::meetings::Meeting;
use rapport_domain::notes::{Note, NoteSubject};
use rapport_domain::openings::Opening;
use rapport_domain::organizations::Organization;
use rapport_domain::people::Person;
use rapport_domain::profile::Profile;
use rapport_domain::questions::Question;
use rapport_domain::relationships::Relationship;
use rapport_domain::reminders::{Reminder, ReminderDecision};
use rapport_domain::tasks::Task;

pub use crate::error::{StoreError, StoreResult};
pub use crate::interop::{IdentityRow, MergeRecord, PersonPhoto, Provenance, Repointed};
pub use crate::network::ChangeToken;
pub use crate::query::*;

/// A storage backend.
pub trait Store: Send + Sync + 'static {
    /// A consistent read-only view.
    type Reader<'a>: Reader
    where
        Self: 'a;
    /// A transaction: reads see its own writes; it commits when the closure returns `Ok`.
    type Writer<'a>: Writer
    where
        Self: 'a;

    /// Runs `f` against a consistent snapshot.
    fn read<R, E: From<StoreError>>(&self, f: impl FnOnce(&Self::Reader<'_>) -> Result<R, E>) -> Result<R, E>;

    /// Runs `f` in one transaction: committed if it returns `Ok`, rolled back otherwise.
    fn write<R, E: From<StoreError>>(&self, f: impl FnOnce(&Self::Writer<'_>) -> Result<R, E>) -> Result<R, E>;

    /// [`Store::write`] for a write of tens of thousands of rows into a store that holds
    /// little yet (a demo network), where a backend may take a faster path when nothing else
    /// is using the store. Same transaction, same result.
    fn write_bulk<R, E: From<StoreError>>(&self, f: impl FnOnce(&Self::Writer<'_>) -> Result<R, E>) -> Result<R, E> {
        self.write(f)
    }

    /// New people made ready for [`Store::insert_ready_people`]: everything a backend works
    /// out from the records alone (the encoded row, the search text, the identity keys), so
    /// that another thread can do it while a write goes on (the import does).
    type ReadyPeople: Send + 'static;

    /// Makes `people` ready to insert; `employers` names the organizations they work at
    /// (their search text holds the name). Touches no data.
    fn ready_people(people: Vec<Person>, employers: &HashMap<OrganizationId, String>)
    -> StoreResult<Self::ReadyPeople>;

    /// Inserts people made ready by [`Store::ready_people`], as [`Writer::insert_people`]
    /// inserts them.
    fn insert_ready_people(w: &Self::Writer<'_>, people: &Self::ReadyPeople) -> StoreResult<()>;

    /// [`Store::write`] for a use case that refers only to records it wrote in this
    /// transaction or read after it began (in it, or in a read started after it), and deletes
    /// nothing another record refers to: an import. No other write can run in between, so
    /// every such reference holds, and a backend may leave out its row-by-row reference
    /// checks. Debug builds check every reference before the commit instead, and refuse the
    /// write if one is dangling. Same transaction, same result.
    fn write_trusting_references<R, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Self::Writer<'_>) -> Result<R, E>,
    ) -> Result<R, E> {
        self.write(f)
    }
}

/// A record that can go to the trash and come back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Trashable {
    Person(PersonId),
    Organization(OrganizationId),
    Opening(OpeningId),
    Meeting(MeetingId),
}

/// What identifies a person across imports: the keys the duplicate matcher uses.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PersonKey {
    /// A lower-cased email address.
    Email(String),
    /// A normalized LinkedIn profile URL.
    LinkedIn(String),
    /// Phone digits (with a leading `+` when given).
    Phone(String),
    /// A folded full name (see `values::fold_name`).
    Name(String),
}

/// Reads. Lists exclude trashed records unless a filter asks for the trash; `get`-style
/// methods return a record whatever its trash state, so the caller can say "in the trash".
pub trait Reader {
    // People.
    fn person(&self, owner: AccountId, id: PersonId) -> StoreResult<Person>;
    fn people(&self, owner: AccountId, filter: &PersonFilter, page: Page) -> StoreResult<PersonPage>;
    fn people_by_ids(&self, owner: AccountId, ids: &[PersonId]) -> StoreResult<Vec<Person>>;
    /// Live people matching an identity key.
    fn find_people(&self, owner: AccountId, key: &PersonKey) -> StoreResult<Vec<PersonId>>;
    /// Live people whose id (as text) starts with `prefix` or ends with it (short ids).
    fn people_by_id_fragment(&self, owner: AccountId, fragment: &str) -> StoreResult<Vec<PersonId>>;
    /// Live people who work at `org` now, and with `past` also those who did.
    fn people_at_organization(&self, owner: AccountId, org: OrganizationId, past: bool) -> StoreResult<Vec<Person>>;

    // Organizations.
    fn organization(&self, owner: AccountId, id: OrganizationId) -> StoreResult<Organization>;
    fn organizations(
        &self,
        owner: AccountId,
        filter: &OrganizationFilter,
        page: Page,
    ) -> StoreResult<Vec<Organization>>;
    /// A live organization whose name matches case-insensitively.
    fn organization_by_name(&self, owner: AccountId, name: &str) -> StoreResult<Option<Organization>>;

    // Openings.
    fn opening(&self, owner: AccountId, id: OpeningId) -> StoreResult<Opening>;
    fn openings(&self, owner: AccountId, filter: &OpeningFilter, page: Page) -> StoreResult<Vec<Opening>>;

    // Interactions, oldest first.
    fn interaction(&self, owner: AccountId, id: InteractionId) -> StoreResult<Interaction>;
    fn interactions_for_person(&self, owner: AccountId, person: PersonId) -> StoreResult<Vec<Interaction>>;
    fn interactions(&self, owner: AccountId, page: Page) -> StoreResult<Vec<Interaction>>;

    // Meetings, earliest first.
    fn meeting(&self, owner: AccountId, id: MeetingId) -> StoreResult<Meeting>;
    fn meetings_for_person(&self, owner: AccountId, person: PersonId) -> StoreResult<Vec<Meeting>>;
    /// Live meetings scheduled in `[from, to)`.
    fn meetings_between(&self, owner: AccountId, from: Timestamp, to: Timestamp) -> StoreResult<Vec<Meeting>>;

    // Introductions.
    fn introduction(&self, owner: AccountId, id: IntroductionId) -> StoreResult<Introduction>;
    /// Introductions where the person is the introducer or the one introduced.
    fn introductions_for_person(&self, owner: AccountId, person: PersonId) -> StoreResult<Vec<Introduction>>;
    fn introductions(&self, owner: AccountId) -> StoreResult<Vec<Introduction>>;

    // Tasks.
    fn task(&self, owner: AccountId, id: TaskId) -> StoreResult<Task>;
    fn tasks(&self, owner: AccountId, include_done: bool) -> StoreResult<Vec<Task>>;

    // Notes, newest first.
    fn note(&self, owner: AccountId, id: NoteId) -> StoreResult<Note>;
    fn notes_about(&self, owner: AccountId, subject: NoteSubject) -> StoreResult<Vec<Note>>;
    fn notes(&self, owner: AccountId, page: Page) -> StoreResult<Vec<Note>>;

    // The seeker's own questions.
    fn question(&self, owner: AccountId, id: QuestionId) -> StoreResult<Question>;
    fn questions(&self, owner: AccountId) -> StoreResult<Vec<Question>>;

    // Relationships between people.
    fn relationships_for_person(&self, owner: AccountId, person: PersonId) -> StoreResult<Vec<Relationship>>;
    fn relationships(&self, owner: AccountId) -> StoreResult<Vec<Relationship>>;

    fn profile(&self, owner: AccountId) -> StoreResult<Option<Profile>>;

    /// Full-text search over people, organizations, openings, notes and meeting ledgers, best
    /// match first.
    fn search(&self, owner: AccountId, query: &SearchQuery) -> StoreResult<Vec<SearchHit>>;

    fn counts(&self, owner: AccountId) -> StoreResult<Counts>;
    /// Everything in the trash, most recently deleted first.
    fn trash(&self, owner: AccountId) -> StoreResult<Vec<TrashItem>>;

    // Reminders: derived from each person's records by the core and materialized here, so
    // reading what is due is one indexed query.
    /// The reminders of a [`DueQuery`] window, most pressing first, with their count.
    fn due_reminders(&self, owner: AccountId, query: &DueQuery) -> StoreResult<DuePage>;
    /// The reminders stored for one person, earliest due first.
    fn reminders_for_person(&self, owner: AccountId, person: PersonId) -> StoreResult<Vec<Reminder>>;
    /// The stored reminders with this key (keys are unique per person, not across people).
    fn reminders_with_key(&self, owner: AccountId, key: &str) -> StoreResult<Vec<Reminder>>;
    /// The seeker's decisions about one person's reminders, or (`None`) about list-level
    /// reminders such as the weekly review.
    fn reminder_decisions(&self, owner: AccountId, person: Option<PersonId>) -> StoreResult<Vec<ReminderDecision>>;
    /// Every decision of the account, with the person it is about (`None` for list-level).
    fn all_reminder_decisions(&self, owner: AccountId) -> StoreResult<Vec<(Option<PersonId>, ReminderDecision)>>;
    /// Interactions that happened in `[from, to)`, oldest first.
    fn interactions_between(&self, owner: AccountId, from: Timestamp, to: Timestamp) -> StoreResult<Vec<Interaction>>;
    /// How many meetings scheduled in `[from, to)` were held (live ones, with live people).
    fn meetings_held_between(&self, owner: AccountId, from: Timestamp, to: Timestamp) -> StoreResult<u64>;
    // Interop.
    /// What the last import from `source` wrote, for every person it wrote.
    fn import_provenance(&self, owner: AccountId, source: &str) -> StoreResult<Vec<Provenance>>;
    /// Every meeting, live and in the trash, earliest first (for exports).
    fn all_meetings(&self, owner: AccountId) -> StoreResult<Vec<Meeting>>;
    /// The newest merge that has not been undone.
    fn last_merge(&self, owner: AccountId) -> StoreResult<Option<MergeRecord>>;
    /// The identity of every person, the trashed ones marked, in no particular order.
    fn identity_index(&self, owner: AccountId) -> StoreResult<Vec<IdentityRow>>;
    /// The person's photo, if one was kept.
    fn person_photo(&self, owner: AccountId, person: PersonId) -> StoreResult<Option<PersonPhoto>>;
    /// Every photo of the account (the trashed people's too), by person id: a backup's in
    /// one read.
    fn person_photos(&self, owner: AccountId) -> StoreResult<Vec<(PersonId, PersonPhoto)>>;
    // Network: targets and warm-intro routes.
    /// Every person, trashed ones included (with `deleted_at` set), read for the rules that
    /// look at the whole network at once: the LAMP list, contact priority and warm-intro
    /// routes. Only what those rules read is filled in: name, employer, title, source, tie,
    /// targeting, employments, stage, segment, tier, referral and loop states, do-not-contact,
    /// last touch and the timestamps. Emails, phones, links, location, tags and skills are
    /// left empty; read a person with [`Reader::person`] for those.
    fn network_people(&self, owner: AccountId) -> StoreResult<Vec<Person>>;
    /// Every relationship, in id order (roughly the order they were added), without its note:
    /// the links of warm-intro routes, read as cheaply as the backend can.
    fn network_relationships(&self, owner: AccountId) -> StoreResult<Vec<Relationship>>;
    /// A token that changes whenever a write commits (see [`ChangeToken`]). A backend may
    /// count every write, not only this owner's: a cache then rebuilds a little more often.
    fn change_token(&self, owner: AccountId) -> StoreResult<ChangeToken>;
    // Lists: the columns a list row shows.
    /// [`Reader::people`] as list rows: the same filter, order, paging and count, reading
    /// only what a row of the People page shows.
    fn person_summaries(&self, owner: AccountId, filter: &PersonFilter, page: Page) -> StoreResult<PersonSummaryPage>;
}

/// Writes. Each call keeps every index (search, identity keys) in step with the record.
pub trait Writer: Reader {
    fn insert_person(&self, person: &Person) -> StoreResult<()>;
    /// Replaces the stored person with this one (same id and owner).
    fn update_person(&self, person: &Person) -> StoreResult<()>;

    fn insert_organization(&self, org: &Organization) -> StoreResult<()>;
    fn update_organization(&self, org: &Organization) -> StoreResult<()>;

    fn insert_opening(&self, opening: &Opening) -> StoreResult<()>;
    fn update_opening(&self, opening: &Opening) -> StoreResult<()>;

    fn insert_interaction(&self, interaction: &Interaction) -> StoreResult<()>;
    /// Inserts many interactions at once (an import's first touches, a restore). Should one
    /// fail, the transaction fails whatever the closure does with the error: a backend may
    /// have written some of them.
    fn insert_interactions(&self, interactions: &[Interaction]) -> StoreResult<()>;
    fn update_interaction(&self, interaction: &Interaction) -> StoreResult<()>;
    fn delete_interaction(&self, owner: AccountId, id: InteractionId) -> StoreResult<()>;

    fn insert_meeting(&self, meeting: &Meeting) -> StoreResult<()>;
    /// Replaces the meeting, its pinned questions and its whole ledger.
    fn update_meeting(&self, meeting: &Meeting) -> StoreResult<()>;

    fn insert_introduction(&self, intro: &Introduction) -> StoreResult<()>;
    fn update_introduction(&self, intro: &Introduction) -> StoreResult<()>;
    fn delete_introduction(&self, owner: AccountId, id: IntroductionId) -> StoreResult<()>;

    fn insert_task(&self, task: &Task) -> StoreResult<()>;
    fn update_task(&self, task: &Task) -> StoreResult<()>;
    fn delete_task(&self, owner: AccountId, id: TaskId) -> StoreResult<()>;

    fn insert_note(&self, note: &Note) -> StoreResult<()>;
    fn update_note(&self, note: &Note) -> StoreResult<()>;
    fn delete_note(&self, owner: AccountId, id: NoteId) -> StoreResult<()>;

    fn insert_question(&self, question: &Question) -> StoreResult<()>;
    fn update_question(&self, question: &Question) -> StoreResult<()>;
    fn delete_question(&self, owner: AccountId, id: QuestionId) -> StoreResult<()>;

    fn insert_relationship(&self, relationship: &Relationship) -> StoreResult<()>;
    fn delete_relationship(&self, owner: AccountId, id: RelationshipId) -> StoreResult<()>;

    fn put_profile(&self, profile: &Profile) -> StoreResult<()>;

    /// Moves a record to the trash (`Some(at)`) or brings it back (`None`).
    fn set_trashed(&self, owner: AccountId, record: Trashable, at: Option<Timestamp>) -> StoreResult<()>;
    /// Deletes for good everything in the trash, with what hangs off it; returns how many
    /// records went.
    fn empty_trash(&self, owner: AccountId) -> StoreResult<u64>;

    // Reminders.
    /// Replaces every stored reminder of `person` with `reminders` (each must name that
    /// person). A person deleted for good takes their reminders and decisions along.
    fn replace_reminders(&self, owner: AccountId, person: PersonId, reminders: &[Reminder]) -> StoreResult<()>;
    /// Adds reminders for people who have none stored yet — people added in this same write
    /// (an import, a demo) — without looking for earlier ones to replace. Each names its
    /// person, who must exist; a key given twice for one person is a conflict.
    fn add_reminders(&self, owner: AccountId, reminders: &[Reminder]) -> StoreResult<()>;
    /// Records the seeker's decision about a reminder of `person` (`None` for list-level
    /// ones), replacing an earlier decision with the same key.
    fn put_reminder_decision(
        &self,
        owner: AccountId,
        person: Option<PersonId>,
        decision: &ReminderDecision,
    ) -> StoreResult<()>;
    // Interop.
    /// Inserts many people at once (an import or a restore): the same rows and indexes as
    /// `insert_person` for each, written with less work per person. A backend may check the
    /// references of the batch (and of what the transaction writes after it) only at commit:
    /// a bad one then fails the whole write rather than this call.
    fn insert_people(&self, people: &[Person]) -> StoreResult<()>;
    /// Records what an import from `source` wrote for these people, replacing what it wrote
    /// before.
    fn put_import_provenance(&self, owner: AccountId, source: &str, entries: &[Provenance]) -> StoreResult<()>;
    /// Re-points every record that refers to `from` (timeline, meetings, notes,
    /// introductions, relationships, tasks, referrals, gifts, "introduced by", import
    /// provenance) so it refers to `to`; returns what moved.
    fn repoint_person(&self, owner: AccountId, from: PersonId, to: PersonId) -> StoreResult<Repointed>;
    /// Moves exactly the records in `moved` from `from` back to `to` (the undo of a merge).
    fn unrepoint_person(&self, owner: AccountId, moved: &Repointed, from: PersonId, to: PersonId) -> StoreResult<()>;
    fn insert_merge(&self, merge: &MergeRecord) -> StoreResult<()>;
    /// Marks a merge as undone.
    fn set_merge_undone(&self, owner: AccountId, id: uuid::Uuid, at: Timestamp) -> StoreResult<()>;
    /// Deletes every record of the account, the profile, the trash, the reminders and the
    /// seeker's decisions on them included, for a restore that replaces the store; returns
    /// how many records of each kind went.
    fn delete_everything(&self, owner: AccountId) -> StoreResult<Holdings>;
    /// Sets (or, with `None`, removes) the person's photo.
    fn put_person_photo(&self, owner: AccountId, person: PersonId, photo: Option<&PersonPhoto>) -> StoreResult<()>;
}
