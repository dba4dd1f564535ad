//! Stable identifiers: one newtype per record kind, all UUIDv7.
//!
//! UUIDv7 sorts by creation time and survives export and import unchanged, so an id
//! written into a JSON backup or an ICS `UID` names the same record everywhere.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident, $prefix:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Uuid);

        impl $name {
            /// A new, time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an id read back from storage or from an export.
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }

            /// The short form shown to people: the last 8 hex digits, which are random.
            pub fn short(&self) -> String {
                let s = self.0.simple().to_string();
                s[s.len() - 8..].to_string()
            }

            /// What the record kind is called in messages.
            pub const KIND: &'static str = $prefix;
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = crate::ValidationError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self).map_err(|_| {
                    crate::ValidationError::new(
                        "id",
                        format!("`{s}` is not a {} id; ids look like 0193c1a2-7b4e-7d21-9a0c-5f1e2d3c4b5a", $prefix),
                    )
                })
            }
        }
    };
}

id_type!(
    /// The account that owns a record. Single-user mode has one implicit local account.
    AccountId,
    "account"
);
id_type!(PersonId, "person");
id_type!(OrganizationId, "organization");
id_type!(OpeningId, "opening");
id_type!(InteractionId, "interaction");
id_type!(MeetingId, "meeting");
id_type!(IntroductionId, "introduction");
id_type!(TaskId, "task");
id_type!(NoteId, "note");
id_type!(QuestionId, "question");
id_type!(RelationshipId, "relationship");
id_type!(PromiseId, "promise");

impl AccountId {
    /// The one account of a single-user (laptop) store. Fixed, so every local store and every
    /// export made from one agree on it.
    pub const LOCAL: AccountId = AccountId(Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0001));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_sort_by_creation() {
        let first = PersonId::new();
        let second = PersonId::new();
        assert!(first < second);
        let parsed: PersonId = first.to_string().parse().unwrap();
        assert_eq!(parsed, first);
        assert_eq!(first.short().len(), 8);
    }

    #[test]
    fn a_bad_id_says_what_an_id_looks_like() {
        let err = "bob".parse::<PersonId>().unwrap_err();
        assert!(err.to_string().contains("is not a person id"), "{err}");
    }
}
