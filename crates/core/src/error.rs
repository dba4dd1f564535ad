//! Errors of the use cases: invalid input, records that cannot be found or are ambiguous,
//! rules that refuse, and storage failures. Every message says what to do next.

use rapport_domain::ValidationError;
use rapport_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// A value broke a rule of the domain.
    #[error(transparent)]
    Invalid(#[from] ValidationError),

    /// The store failed or the record does not exist.
    #[error(transparent)]
    Store(#[from] StoreError),

    /// Nothing matches what the user typed to name a record.
    #[error("no {kind} matches `{query}`; {hint}")]
    NoMatch { kind: &'static str, query: String, hint: String },

    /// Several records match what the user typed.
    #[error("`{query}` matches {count} {kind}s: {candidates}; use an id to pick one")]
    Ambiguous { kind: &'static str, query: String, count: usize, candidates: String },

    /// A rule of the method refuses the action; the message says which, and what instead.
    #[error("{0}")]
    Refused(String),
}

impl CoreError {
    /// True when the error means "no such record" (for exit codes and HTTP 404).
    pub fn is_not_found(&self) -> bool {
        matches!(self, CoreError::NoMatch { .. } | CoreError::Store(StoreError::NotFound { .. }))
    }
}

pub type CoreResult<T> = Result<T, CoreError>;
