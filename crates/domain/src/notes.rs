//! Notes: free text the seeker keeps about a person, an organization, an opening or a
//! meeting.

use jiff::Timestamp;

use crate::ValidationError;
use crate::ids::{AccountId, MeetingId, NoteId, OpeningId, OrganizationId, PersonId};
use crate::values::required;

/// A note.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub id: NoteId,
    pub owner: AccountId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub subject: NoteSubject,
    pub body: String,
}

/// What a note is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoteSubject {
    Person(PersonId),
    Organization(OrganizationId),
    Opening(OpeningId),
    Meeting(MeetingId),
}

impl NoteSubject {
    pub fn kind(&self) -> &'static str {
        match self {
            NoteSubject::Person(_) => "person",
            NoteSubject::Organization(_) => "organization",
            NoteSubject::Opening(_) => "opening",
            NoteSubject::Meeting(_) => "meeting",
        }
    }

    pub fn uuid(&self) -> uuid::Uuid {
        match self {
            NoteSubject::Person(id) => *id.as_uuid(),
            NoteSubject::Organization(id) => *id.as_uuid(),
            NoteSubject::Opening(id) => *id.as_uuid(),
            NoteSubject::Meeting(id) => *id.as_uuid(),
        }
    }
}

/// A note to add.
#[derive(Clone, Debug, PartialEq)]
pub struct NewNote {
    pub subject: NoteSubject,
    pub body: String,
}

impl NewNote {
    pub fn new(subject: NoteSubject, body: &str) -> Result<Self, ValidationError> {
        Ok(Self { subject, body: required("note", body)? })
    }

    pub fn into_note(self, id: NoteId, owner: AccountId, now: Timestamp) -> Note {
        Note { id, owner, created_at: now, updated_at: now, subject: self.subject, body: self.body }
    }
}
