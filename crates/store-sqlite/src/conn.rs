//! [`Conn`]: a connection (or transaction) handed to a `read` or `write` closure, and the
//! one place the store traits are implemented. Each method delegates to the module named
//! after its record.

use std::cell::Cell;
use std::path::Path;

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
use rapport_store::{
    ChangeToken, Counts, DuePage, DueQuery, Holdings, IdentityRow, MergeRecord, OpeningFilter, OrganizationFilter,
    Page, PersonFilter, PersonKey, PersonPage, PersonPhoto, Provenance, Reader, Repointed, SearchHit, SearchQuery,
    StoreResult, TrashItem, Trashable, Writer,
};
use rusqlite::Connection;

use crate::{
    backup, identity, interactions, introductions, meetings, merges, network, notes, openings, organizations, people,
    person_summaries, photos, profile, provenance, questions, relationships, reminders, search, tasks, trash,
};

/// A connection lent to one `read` or `write` call.
pub struct Conn<'a> {
    conn: &'a Connection,
    path: &'a Path,
    /// A bulk insert failed part-way in this transaction and may have left some of its rows
    /// (see [`crate::rows`]): the store must not commit it, whatever the closure returns.
    poisoned: Cell<bool>,
}

impl<'a> Conn<'a> {
    pub(crate) fn new(conn: &'a Connection, path: &'a Path) -> Self {
        Self { conn, path, poisoned: Cell::new(false) }
    }

    /// `result` of a bulk insert; when it failed, the transaction is marked never to commit.
    pub(crate) fn bulk<T>(&self, result: StoreResult<T>) -> StoreResult<T> {
        if result.is_err() {
            self.poisoned.set(true);
        }
        result
    }

    /// Whether a bulk insert failed part-way in this transaction.
    pub(crate) fn poisoned(&self) -> bool {
        self.poisoned.get()
    }

    /// The file behind this connection.
    pub fn path(&self) -> &Path {
        self.path
    }

    pub(crate) fn connection(&self) -> &'a Connection {
        self.conn
    }
}

impl Reader for Conn<'_> {
    fn person(&self, owner: AccountId, id: PersonId) -> StoreResult<Person> {
        people::get(self.conn, owner, id)
    }
    fn people(&self, owner: AccountId, filter: &PersonFilter, page: Page) -> StoreResult<PersonPage> {
        people::list(self.conn, owner, filter, page)
    }
    fn people_by_ids(&self, owner: AccountId, ids: &[PersonId]) -> StoreResult<Vec<Person>> {
        people::by_ids(self.conn, owner, ids)
    }
    fn find_people(&self, owner: AccountId, key: &PersonKey) -> StoreResult<Vec<PersonId>> {
        people::find(self.conn, owner, key)
    }
    fn people_by_id_fragment(&self, owner: AccountId, fragment: &str) -> StoreResult<Vec<PersonId>> {
        people::by_id_fragment(self.conn, owner, fragment)
    }
    fn people_at_organization(&self, owner: AccountId, org: OrganizationId, past: bool) -> StoreResult<Vec<Person>> {
        people::at_organization(self.conn, owner, org, past)
    }

    fn organization(&self, owner: AccountId, id: OrganizationId) -> StoreResult<Organization> {
        organizations::get(self.conn, owner, id)
    }
    fn organizations(
        &self,
        owner: AccountId,
        filter: &OrganizationFilter,
        page: Page,
    ) -> StoreResult<Vec<Organization>> {
        organizations::list(self.conn, owner, filter, page)
    }
    fn organization_by_name(&self, owner: AccountId, name: &str) -> StoreResult<Option<Organization>> {
        organizations::by_name(self.conn, owner, name)
    }

    fn opening(&self, owner: AccountId, id: OpeningId) -> StoreResult<Opening> {
        openings::get(self.conn, owner, id)
    }
    fn openings(&self, owner: AccountId, filter: &OpeningFilter, page: Page) -> StoreResult<Vec<Opening>> {
        openings::list(self.conn, owner, filter, page)
    }

    fn interaction(&self, owner: AccountId, id: InteractionId) -> StoreResult<Interaction> {
        interactions::get(self.conn, owner, id)
    }
    fn interactions_for_person(&self, owner: AccountId, person: PersonId) -> StoreResult<Vec<Interaction>> {
        interactions::for_person(self.conn, owner, person)
    }
    fn interactions(&self, owner: AccountId, page: Page) -> StoreResult<Vec<Interaction>> {
        interactions::list(self.conn, owner, page)
    }

    fn meeting(&self, owner: AccountId, id: MeetingId) -> StoreResult<Meeting> {
        meetings::get(self.conn, owner, id)
    }
    fn meetings_for_person(&self, owner: AccountId, person: PersonId) -> StoreResult<Vec<Meeting>> {
        meetings::for_person(self.conn, owner, person)
    }
    fn meetings_between(&self, owner: AccountId, from: Timestamp, to: Timestamp) -> StoreResult<Vec<Meeting>> {
        meetings::between(self.conn, owner, from, to)
    }

    fn introduction(&self, owner: AccountId, id: IntroductionId) -> StoreResult<Introduction> {
        introductions::get(self.conn, owner, id)
    }
    fn introductions_for_person(&self, owner: AccountId, person: PersonId) -> StoreResult<Vec<Introduction>> {
        introductions::for_person(self.conn, owner, person)
    }
    fn introductions(&self, owner: AccountId) -> StoreResult<Vec<Introduction>> {
        introductions::list(self.conn, owner)
    }

    fn task(&self, owner: AccountId, id: TaskId) -> StoreResult<Task> {
        tasks::get(self.conn, owner, id)
    }
    fn tasks(&self, owner: AccountId, include_done: bool) -> StoreResult<Vec<Task>> {
        tasks::list(self.conn, owner, include_done)
    }

    fn note(&self, owner: AccountId, id: NoteId) -> StoreResult<Note> {
        notes::get(self.conn, owner, id)
    }
    fn notes_about(&self, owner: AccountId, subject: NoteSubject) -> StoreResult<Vec<Note>> {
        notes::about(self.conn, owner, subject)
    }
    fn notes(&self, owner: AccountId, page: Page) -> StoreResult<Vec<Note>> {
        notes::list(self.conn, owner, page)
    }

    fn question(&self, owner: AccountId, id: QuestionId) -> StoreResult<Question> {
        questions::get(self.conn, owner, id)
    }
    fn questions(&self, owner: AccountId) -> StoreResult<Vec<Question>> {
        questions::list(self.conn, owner)
    }

    fn relationships_for_person(&self, owner: AccountId, person: PersonId) -> StoreResult<Vec<Relationship>> {
        relationships::for_person(self.conn, owner, person)
    }
    fn relationships(&self, owner: AccountId) -> StoreResult<Vec<Relationship>> {
        relationships::list(self.conn, owner)
    }

    fn profile(&self, owner: AccountId) -> StoreResult<Option<Profile>> {
        profile::get(self.conn, owner)
    }

    fn search(&self, owner: AccountId, query: &SearchQuery) -> StoreResult<Vec<SearchHit>> {
        search::search(self.conn, owner, query)
    }

    fn counts(&self, owner: AccountId) -> StoreResult<Counts> {
        trash::counts(self.conn, owner)
    }
    fn trash(&self, owner: AccountId) -> StoreResult<Vec<TrashItem>> {
        trash::list(self.conn, owner)
    }

    fn due_reminders(&self, owner: AccountId, query: &DueQuery) -> StoreResult<DuePage> {
        reminders::due(self.conn, owner, query)
    }
    fn reminders_for_person(&self, owner: AccountId, person: PersonId) -> StoreResult<Vec<Reminder>> {
        reminders::for_person(self.conn, owner, person)
    }
    fn reminders_with_key(&self, owner: AccountId, key: &str) -> StoreResult<Vec<Reminder>> {
        reminders::with_key(self.conn, owner, key)
    }
    fn reminder_decisions(&self, owner: AccountId, person: Option<PersonId>) -> StoreResult<Vec<ReminderDecision>> {
        reminders::decisions(self.conn, owner, person)
    }
    fn all_reminder_decisions(&self, owner: AccountId) -> StoreResult<Vec<(Option<PersonId>, ReminderDecision)>> {
        reminders::all_decisions(self.conn, owner)
    }
    fn interactions_between(&self, owner: AccountId, from: Timestamp, to: Timestamp) -> StoreResult<Vec<Interaction>> {
        reminders::interactions_between(self.conn, owner, from, to)
    }
    fn meetings_held_between(&self, owner: AccountId, from: Timestamp, to: Timestamp) -> StoreResult<u64> {
        reminders::meetings_held_between(self.conn, owner, from, to)
    }

    // Interop.
    fn import_provenance(&self, owner: AccountId, source: &str) -> StoreResult<Vec<Provenance>> {
        provenance::list(self.conn, owner, source)
    }
    fn all_meetings(&self, owner: AccountId) -> StoreResult<Vec<Meeting>> {
        meetings::all(self.conn, owner)
    }
    fn last_merge(&self, owner: AccountId) -> StoreResult<Option<MergeRecord>> {
        merges::last(self.conn, owner)
    }
    fn identity_index(&self, owner: AccountId) -> StoreResult<Vec<IdentityRow>> {
        identity::index(self.conn, owner)
    }
    fn person_photo(&self, owner: AccountId, person: PersonId) -> StoreResult<Option<PersonPhoto>> {
        photos::get(self.conn, owner, person)
    }
    fn person_photos(&self, owner: AccountId) -> StoreResult<Vec<(PersonId, PersonPhoto)>> {
        photos::all(self.conn, owner)
    }

    // Network.
    fn network_people(&self, owner: AccountId) -> StoreResult<Vec<Person>> {
        network::people(self.conn, owner)
    }
    fn network_relationships(&self, owner: AccountId) -> StoreResult<Vec<Relationship>> {
        network::relationships(self.conn, owner)
    }
    fn change_token(&self, owner: AccountId) -> StoreResult<ChangeToken> {
        network::change_token(self.conn, owner)
    }
    // Lists.
    fn person_summaries(
        &self,
        owner: AccountId,
        filter: &PersonFilter,
        page: Page,
    ) -> StoreResult<rapport_store::PersonSummaryPage> {
        person_summaries::list(self.conn, owner, filter, page)
    }
}

impl Writer for Conn<'_> {
    fn insert_person(&self, person: &Person) -> StoreResult<()> {
        people::insert(self.conn, person)
    }
    fn update_person(&self, person: &Person) -> StoreResult<()> {
        people::update(self.conn, person)
    }

    fn insert_organization(&self, org: &Organization) -> StoreResult<()> {
        organizations::insert(self.conn, org)
    }
    fn update_organization(&self, org: &Organization) -> StoreResult<()> {
        organizations::update(self.conn, org)
    }

    fn insert_opening(&self, opening: &Opening) -> StoreResult<()> {
        openings::write(self.conn, opening, true)
    }
    fn update_opening(&self, opening: &Opening) -> StoreResult<()> {
        openings::write(self.conn, opening, false)
    }

    fn insert_interaction(&self, interaction: &Interaction) -> StoreResult<()> {
        interactions::write(self.conn, interaction, true)
    }
    fn insert_interactions(&self, interactions: &[Interaction]) -> StoreResult<()> {
        self.bulk(interactions::insert_many(self.conn, interactions))
    }
    fn update_interaction(&self, interaction: &Interaction) -> StoreResult<()> {
        interactions::write(self.conn, interaction, false)
    }
    fn delete_interaction(&self, owner: AccountId, id: InteractionId) -> StoreResult<()> {
        interactions::delete(self.conn, owner, id)
    }

    fn insert_meeting(&self, meeting: &Meeting) -> StoreResult<()> {
        meetings::write(self.conn, meeting, true)
    }
    fn update_meeting(&self, meeting: &Meeting) -> StoreResult<()> {
        meetings::write(self.conn, meeting, false)
    }

    fn insert_introduction(&self, intro: &Introduction) -> StoreResult<()> {
        introductions::write(self.conn, intro, true)
    }
    fn update_introduction(&self, intro: &Introduction) -> StoreResult<()> {
        introductions::write(self.conn, intro, false)
    }
    fn delete_introduction(&self, owner: AccountId, id: IntroductionId) -> StoreResult<()> {
        introductions::delete(self.conn, owner, id)
    }

    fn insert_task(&self, task: &Task) -> StoreResult<()> {
        tasks::write(self.conn, task, true)
    }
    fn update_task(&self, task: &Task) -> StoreResult<()> {
        tasks::write(self.conn, task, false)
    }
    fn delete_task(&self, owner: AccountId, id: TaskId) -> StoreResult<()> {
        tasks::delete(self.conn, owner, id)
    }

    fn insert_note(&self, note: &Note) -> StoreResult<()> {
        notes::write(self.conn, note, true)
    }
    fn update_note(&self, note: &Note) -> StoreResult<()> {
        notes::write(self.conn, note, false)
    }
    fn delete_note(&self, owner: AccountId, id: NoteId) -> StoreResult<()> {
        notes::delete(self.conn, owner, id)
    }

    fn insert_question(&self, question: &Question) -> StoreResult<()> {
        questions::write(self.conn, question, true)
    }
    fn update_question(&self, question: &Question) -> StoreResult<()> {
        questions::write(self.conn, question, false)
    }
    fn delete_question(&self, owner: AccountId, id: QuestionId) -> StoreResult<()> {
        questions::delete(self.conn, owner, id)
    }

    fn insert_relationship(&self, relationship: &Relationship) -> StoreResult<()> {
        relationships::insert(self.conn, relationship)
    }
    fn delete_relationship(&self, owner: AccountId, id: RelationshipId) -> StoreResult<()> {
        relationships::delete(self.conn, owner, id)
    }

    fn put_profile(&self, profile: &Profile) -> StoreResult<()> {
        profile::put(self.conn, profile)
    }

    fn set_trashed(&self, owner: AccountId, record: Trashable, at: Option<Timestamp>) -> StoreResult<()> {
        trash::set_trashed(self.conn, owner, record, at)
    }
    fn empty_trash(&self, owner: AccountId) -> StoreResult<u64> {
        trash::empty(self.conn, owner)
    }

    fn replace_reminders(&self, owner: AccountId, person: PersonId, list: &[Reminder]) -> StoreResult<()> {
        reminders::replace(self.conn, owner, person, list)
    }
    fn add_reminders(&self, owner: AccountId, list: &[Reminder]) -> StoreResult<()> {
        reminders::add(self.conn, owner, list)
    }
    fn put_reminder_decision(
        &self,
        owner: AccountId,
        person: Option<PersonId>,
        decision: &ReminderDecision,
    ) -> StoreResult<()> {
        reminders::put_decision(self.conn, owner, person, decision)
    }

    // Interop.
    fn insert_people(&self, people: &[Person]) -> StoreResult<()> {
        self.bulk(people::insert_many(self.conn, people))
    }
    fn put_import_provenance(&self, owner: AccountId, source: &str, entries: &[Provenance]) -> StoreResult<()> {
        self.bulk(provenance::put(self.conn, owner, source, entries))
    }
    fn repoint_person(&self, owner: AccountId, from: PersonId, to: PersonId) -> StoreResult<Repointed> {
        merges::repoint(self.conn, owner, from, to)
    }
    fn unrepoint_person(&self, _owner: AccountId, moved: &Repointed, from: PersonId, to: PersonId) -> StoreResult<()> {
        merges::unrepoint(self.conn, moved, from, to)
    }
    fn insert_merge(&self, merge: &MergeRecord) -> StoreResult<()> {
        merges::insert(self.conn, merge)
    }
    fn set_merge_undone(&self, owner: AccountId, id: uuid::Uuid, at: Timestamp) -> StoreResult<()> {
        merges::set_undone(self.conn, owner, id, at)
    }
    fn delete_everything(&self, owner: AccountId) -> StoreResult<Holdings> {
        backup::delete_everything(self.conn, owner)
    }
    fn put_person_photo(&self, owner: AccountId, person: PersonId, photo: Option<&PersonPhoto>) -> StoreResult<()> {
        photos::put(self.conn, owner, person, photo)
    }
}
