//! Relationships: who in the network knows whom, and from where. They are the edges of
//! warm-intro routes ("Priya worked with Sam at Acme 2019–2022").

use jiff::Timestamp;

use crate::ids::{AccountId, OrganizationId, PersonId, RelationshipId};
use crate::{ValidationError, word_enum};

/// A known link between two people in the network.
#[derive(Clone, Debug, PartialEq)]
pub struct Relationship {
    pub id: RelationshipId,
    pub owner: AccountId,
    pub created_at: Timestamp,
    pub a: PersonId,
    pub b: PersonId,
    pub kind: RelationshipKind,
    /// Where they overlapped, for colleagues.
    pub organization_id: Option<OrganizationId>,
    pub from_year: Option<i16>,
    pub to_year: Option<i16>,
    pub note: Option<String>,
}

word_enum! {
    pub enum RelationshipKind ("relationship kind") {
        Colleague = "colleague",
        Classmate = "classmate",
        Friend = "friend",
        Family = "family",
        Knows = "knows",
    }
}

/// A relationship to record. The two people must differ.
#[derive(Clone, Debug, PartialEq)]
pub struct NewRelationship {
    pub a: PersonId,
    pub b: PersonId,
    pub kind: RelationshipKind,
    pub organization_id: Option<OrganizationId>,
    pub from_year: Option<i16>,
    pub to_year: Option<i16>,
    pub note: Option<String>,
}

impl NewRelationship {
    pub fn new(a: PersonId, b: PersonId, kind: RelationshipKind) -> Result<Self, ValidationError> {
        if a == b {
            return Err(ValidationError::new(
                "relationship",
                "a person cannot be linked to themselves; pick two different people",
            ));
        }
        Ok(Self { a, b, kind, organization_id: None, from_year: None, to_year: None, note: None })
    }

    pub fn into_relationship(self, id: RelationshipId, owner: AccountId, now: Timestamp) -> Relationship {
        Relationship {
            id,
            owner,
            created_at: now,
            a: self.a,
            b: self.b,
            kind: self.kind,
            organization_id: self.organization_id,
            from_year: self.from_year,
            to_year: self.to_year,
            note: self.note,
        }
    }
}
