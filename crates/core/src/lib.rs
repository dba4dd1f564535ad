//! rapport's use cases: log a meeting, mark a thank-you sent, import a file. The command line
//! and the web server both call these functions; a subcommand or a handler only parses its
//! input and renders the result.
//!
//! **Architecture invariant:** every use case is generic over `S: Store` and takes a
//! [`Ctx`] (the store, the account, the time); nothing here knows about HTTP, HTML, JSON or
//! terminals. Every change a use case makes happens inside one `Store::write`, so it lands
//! whole or not at all.

pub mod demo;
pub mod dupes;
pub mod error;
pub mod export;
pub mod import;
pub mod interactions;
pub mod introductions;
pub mod meetings;
pub mod notes;
pub mod openings;
pub mod organizations;
pub mod outreach;
pub mod people;
pub mod prep;
pub mod profile;
pub mod questions;
pub mod reminders;
pub mod routes;
pub mod search;
pub mod stats;
pub mod targets;
pub mod thanks;
pub mod today;
pub mod trash;

use jiff::Timestamp;
use rapport_domain::ids::AccountId;
use rapport_store::Store;

pub use crate::error::{CoreError, CoreResult};

/// What every use case runs with: the store, whose data it is, and what time it is.
#[derive(Clone, Copy)]
pub struct Ctx<'a, S> {
    pub store: &'a S,
    pub owner: AccountId,
    /// "Now", to the microsecond (what every backend keeps).
    pub now: Timestamp,
}

impl<'a, S: Store> Ctx<'a, S> {
    /// A context at the given time, truncated to microseconds.
    pub fn at(store: &'a S, owner: AccountId, now: Timestamp) -> Self {
        let micros = now.as_microsecond();
        Self { store, owner, now: Timestamp::from_microsecond(micros).unwrap_or(now) }
    }

    /// A context at the current time.
    pub fn now(store: &'a S, owner: AccountId) -> Self {
        Self::at(store, owner, Timestamp::now())
    }
}

/// How many live records of each kind the account holds.
pub fn counts<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<rapport_store::Counts> {
    Ok(ctx.store.read(|r| rapport_store::Reader::counts(r, ctx.owner))?)
}
