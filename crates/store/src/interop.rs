//! What the interop use cases keep in the store besides the records themselves: the merge of
//! two people (what was re-pointed, so the merge can be undone), the provenance an import
//! leaves on each person it wrote, and the identity index an import matches a file against.

use jiff::Timestamp;
use rapport_domain::ids::{
    AccountId, InteractionId, IntroductionId, MeetingId, NoteId, OpeningId, OrganizationId, PersonId, RelationshipId,
    TaskId,
};
use uuid::Uuid;

use crate::PersonKey;

/// The records a merge re-pointed from the person merged away to the person kept, by id, so
/// an undo moves exactly these back and nothing else.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Repointed {
    pub interactions: Vec<InteractionId>,
    pub meetings: Vec<MeetingId>,
    /// Notes about the person.
    pub notes: Vec<NoteId>,
    /// Introductions the person made.
    pub introductions_made: Vec<IntroductionId>,
    /// Introductions of the person to someone.
    pub introductions_received: Vec<IntroductionId>,
    /// Relationships where the person was the first side (`a`).
    pub relationships_a: Vec<RelationshipId>,
    /// Relationships where the person was the second side (`b`).
    pub relationships_b: Vec<RelationshipId>,
    pub tasks: Vec<TaskId>,
    /// Openings the person referred (or may refer) the seeker to.
    pub openings: Vec<OpeningId>,
    /// Gifts in meeting ledgers that named the person: the meeting and the gift's position.
    pub gifts: Vec<(MeetingId, u32)>,
    /// People whose source was "introduced by" the person.
    pub introduced: Vec<PersonId>,
    /// Import sources whose provenance moved to the person kept.
    pub provenance: Vec<String>,
}

impl Repointed {
    /// How many records moved in all.
    pub fn total(&self) -> usize {
        self.interactions.len()
            + self.meetings.len()
            + self.notes.len()
            + self.introductions_made.len()
            + self.introductions_received.len()
            + self.relationships_a.len()
            + self.relationships_b.len()
            + self.tasks.len()
            + self.openings.len()
            + self.gifts.len()
            + self.introduced.len()
    }
}

/// One merge of two people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeRecord {
    pub id: Uuid,
    pub owner: AccountId,
    pub at: Timestamp,
    /// The person kept.
    pub winner: PersonId,
    /// The person merged into the winner and moved to the trash.
    pub loser: PersonId,
    pub moved: Repointed,
    /// The two people as they were before the merge, and anything the merge deleted, encoded
    /// by the merge use case: text the store keeps as it is.
    pub snapshot: String,
    pub undone_at: Option<Timestamp>,
}

/// What the last import from one source wrote for one person, encoded by the import use
/// case: text the store keeps as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    pub person_id: PersonId,
    pub fields: String,
}

/// What identifies one person, read for many people at once so an import can match a
/// whole file in memory: the folded name, the employer, the identity keys, and when the
/// person last changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityRow {
    pub person_id: PersonId,
    pub updated_at: Timestamp,
    /// The folded full name (`values::fold_name`).
    pub name_key: String,
    pub organization_id: Option<OrganizationId>,
    /// In the trash.
    pub trashed: bool,
    /// Emails, LinkedIn profiles and phones, as `find_people` matches them.
    pub keys: Vec<PersonKey>,
}

/// A person's photo: its media type (`image/jpeg`, …) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonPhoto {
    pub media_type: String,
    pub bytes: Vec<u8>,
}
