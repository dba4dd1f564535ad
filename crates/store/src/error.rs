//! Storage errors: what went wrong, in terms a user can act on. No backend type leaks here.

use std::path::PathBuf;

/// What a store operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist for this account (or was purged from the trash).
    #[error("no {kind} with id {id}; list them with `rapport {kind} list` to find the right one")]
    NotFound { kind: &'static str, id: String },

    /// A write would break a uniqueness or reference rule.
    #[error("{0}")]
    Conflict(String),

    /// The file exists but is not a rapport database (another program's SQLite file, or not
    /// SQLite at all).
    #[error(
        "{path} is not a rapport database ({detail}); point --db (or RAPPORT_DB) at a rapport file, or at a new path to create one"
    )]
    NotRapport { path: PathBuf, detail: String },

    /// The database file is damaged.
    #[error("{path} is damaged ({detail}); restore it from a backup (`rapport restore FILE.json`) or move it aside")]
    Corrupt { path: PathBuf, detail: String },

    /// The database was written by a newer rapport.
    #[error("{path} was written by a newer rapport (schema {found}, this build knows up to {known}); upgrade rapport")]
    TooNew { path: PathBuf, found: i64, known: i64 },

    /// The location cannot be written.
    #[error("cannot write to {path} ({detail}); check the folder's permissions or choose another with --db")]
    ReadOnly { path: PathBuf, detail: String },

    /// Another rapport is holding the database for too long.
    #[error("the database is busy (another rapport is writing to it); try again in a moment")]
    Busy,

    /// Anything else from the backend, with its message.
    #[error("storage error: {0}")]
    Backend(String),
}

impl StoreError {
    pub fn not_found(kind: &'static str, id: impl ToString) -> Self {
        StoreError::NotFound { kind, id: id.to_string() }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
