//! Query shapes the store answers: filters, sorting, paging and search hits.

use jiff::Timestamp;
use rapport_domain::ids::{OrganizationId, PersonId};
use rapport_domain::openings::OpeningStatus;
use rapport_domain::organizations::OrganizationStatus;
use rapport_domain::people::{Person, Tier};
use rapport_domain::pipeline::Stage;
use rapport_domain::values::Tag;
use rapport_domain::word_enum;

/// A window into a long list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub offset: u32,
    pub limit: u32,
}

impl Page {
    pub const fn first(limit: u32) -> Self {
        Self { offset: 0, limit }
    }

    /// Every row (for exports and batch work).
    pub const ALL: Page = Page { offset: 0, limit: u32::MAX };
}

impl Default for Page {
    fn default() -> Self {
        Self::first(50)
    }
}

/// Which people to list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonFilter {
    /// Words to match (names, emails, title, organization, tags…), as typed.
    pub text: Option<String>,
    pub stage: Option<Stage>,
    pub tier: Option<Tier>,
    pub organization_id: Option<OrganizationId>,
    pub tag: Option<Tag>,
    /// List the trash instead of the live people.
    pub trashed: bool,
    pub sort: PersonSort,
    pub descending: bool,
}

word_enum! {
    /// How to order people.
    #[derive(Default)]
    pub enum PersonSort ("sort") {
        #[default]
        Name = "name",
        Updated = "updated",
        Created = "created",
        LastTouch = "last_touch",
        Stage = "stage",
        /// Best match first, when searching (by name otherwise).
        Relevance = "relevance",
    }
}

/// One page of people and how many match in all.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonPage {
    pub people: Vec<Person>,
    pub total: u64,
    /// True when a search matched more people than are ranked ([`SEARCH_MATCH_CAP`]): the
    /// total is then a lower bound, and typing more narrows it.
    pub capped: bool,
}

/// At most this many people are ranked for a search in the people list.
pub const SEARCH_MATCH_CAP: u32 = 1_000;

/// Which organizations to list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrganizationFilter {
    pub text: Option<String>,
    pub status: Option<OrganizationStatus>,
    pub trashed: bool,
}

/// Which openings to list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpeningFilter {
    pub organization_id: Option<OrganizationId>,
    pub status: Option<OpeningStatus>,
    pub referrer_id: Option<PersonId>,
    pub trashed: bool,
}

word_enum! {
    /// The kinds of record full-text search covers.
    pub enum SearchKind ("search kind") {
        Person = "person",
        Organization = "organization",
        Note = "note",
        Meeting = "meeting",
        Opening = "opening",
    }
}

/// A full-text search.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchQuery {
    /// The words as typed; the last word matches as a prefix (search as you type).
    pub text: String,
    /// Restrict to these kinds; empty means all.
    pub kinds: Vec<SearchKind>,
    pub limit: u32,
}

impl SearchQuery {
    pub fn new(text: impl Into<String>) -> Self {
        Self { text: text.into(), kinds: Vec::new(), limit: 20 }
    }
}

/// One search result.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The id of the matching record.
    pub id: uuid::Uuid,
    /// The person the record belongs to (a note or meeting about them), if any.
    pub person_id: Option<PersonId>,
    pub title: String,
    /// The matching words in context, with matches between `[` and `]`.
    pub snippet: String,
}

/// Counts of live records, for a store overview.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub people: u64,
    pub organizations: u64,
    pub openings: u64,
    pub interactions: u64,
    pub meetings: u64,
    pub introductions: u64,
    pub notes: u64,
    pub trashed: u64,
}

/// How many records of each kind an account holds (the trash included): what a restore
/// brings, and what `Writer::delete_everything` deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Holdings {
    pub people: usize,
    pub organizations: usize,
    pub openings: usize,
    pub interactions: usize,
    pub meetings: usize,
    pub introductions: usize,
    pub tasks: usize,
    pub notes: usize,
    pub questions: usize,
    pub relationships: usize,
}

impl Holdings {
    pub fn total(&self) -> usize {
        self.people
            + self.organizations
            + self.openings
            + self.interactions
            + self.meetings
            + self.introductions
            + self.tasks
            + self.notes
            + self.questions
            + self.relationships
    }

    /// "3 people, 1 organization, …", naming only the kinds there are.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.people, "person", "people"),
            (self.organizations, "organization", "organizations"),
            (self.openings, "opening", "openings"),
            (self.interactions, "interaction", "interactions"),
            (self.meetings, "meeting", "meetings"),
            (self.introductions, "introduction", "introductions"),
            (self.tasks, "task", "tasks"),
            (self.notes, "note", "notes"),
            (self.questions, "question", "questions"),
            (self.relationships, "relationship", "relationships"),
        ]
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
        if parts.is_empty() { "nothing".into() } else { parts.join(", ") }
    }
}

/// A record in the trash.
#[derive(Clone, Debug, PartialEq)]
pub struct TrashItem {
    pub kind: &'static str,
    pub id: uuid::Uuid,
    pub title: String,
    pub deleted_at: jiff::Timestamp,
}

/// A window on the stored reminders, read at `now`.
///
/// Only reminders of people who are not in the trash count, none that has expired by `now`,
/// and only those that open in `(opens_after, opens_until]`. With `late` the window holds
/// those past their overdue time at `now`; without it, those that are not. Either way they
/// come most pressing first: escalated ones, then by where they stand at `now` (due, open,
/// upcoming), then by priority, due time and key. Late reminders are counted up to
/// [`DUE_COUNT_CAP`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DueQuery {
    pub now: jiff::Timestamp,
    pub late: bool,
    /// Only reminders that open after this time.
    pub opens_after: Option<jiff::Timestamp>,
    /// Only reminders that open by this time.
    pub opens_until: jiff::Timestamp,
    /// At most this many reminders come back; `total` counts them all.
    pub limit: u32,
}

impl DueQuery {
    /// Everything past its overdue time at `now`.
    pub fn late(now: jiff::Timestamp, limit: u32) -> Self {
        Self { now, late: true, opens_after: None, opens_until: now, limit }
    }

    /// Everything not late at `now` that opens by `until` (and after `after`, when given).
    pub fn opening(now: jiff::Timestamp, after: Option<jiff::Timestamp>, until: jiff::Timestamp, limit: u32) -> Self {
        Self { now, late: false, opens_after: after, opens_until: until, limit }
    }
}

/// The most pressing reminders of a [`DueQuery`], and how many it matched in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DuePage {
    pub reminders: Vec<rapport_domain::reminders::Reminder>,
    pub total: u64,
    /// True when more late reminders matched than are counted ([`DUE_COUNT_CAP`]): `total`
    /// is then that cap, a lower bound.
    pub capped: bool,
}

/// Late reminders are counted up to this many: past it, "a thousand or more" says all there
/// is to say, and counting every one of a neglected network's would cost a query its speed.
pub const DUE_COUNT_CAP: u32 = 1_000;

/// One person as a list row shows them: what the People page reads for each of its rows,
/// without the fields only the person page needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonSummary {
    pub id: PersonId,
    pub name: String,
    pub title: Option<String>,
    pub stage: Stage,
    pub tier: Option<Tier>,
    /// The tags as stored (already validated on the way in).
    pub tags: Vec<String>,
    pub last_touch_at: Option<Timestamp>,
}

/// A page of [`PersonSummary`] rows, with the count of everyone the filter matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonSummaryPage {
    pub people: Vec<PersonSummary>,
    pub total: u64,
    /// As [`PersonPage::capped`].
    pub capped: bool,
}
