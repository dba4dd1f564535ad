//! rapport's domain: the nouns of the informational-interview method and the rules that
//! act on them.
//!
//! **Architecture invariant:** this crate does no IO: no files, no database, no clock, no
//! network. Time comes in as a parameter; so does the seeker's time zone. Everything here
//! is deterministic and can be tested with plain values.

pub mod agenda;
pub mod brief;
pub mod calendar;
pub mod compose;
pub mod dossier;
pub mod error;
pub mod ids;
pub mod interactions;
pub mod introductions;
pub mod lamp;
pub mod meetings;
pub mod metrics;
pub mod notes;
pub mod opening_close;
pub mod openings;
pub mod organizations;
pub mod outreach;
pub mod people;
pub mod pipeline;
pub mod profile;
pub mod question_bank;
pub mod questions;
pub mod relationships;
pub mod reminders;
pub mod routes;
pub mod tasks;
pub mod thanks;
pub mod ties;
pub mod values;
mod words;

pub use error::ValidationError;
