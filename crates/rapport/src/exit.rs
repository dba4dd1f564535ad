//! Exit codes, documented in README.md:
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | an unexpected failure |
//! | 2 | the command line was wrong (unknown flag, missing argument) |
//! | 3 | a record named on the command line does not exist (or is ambiguous) |
//! | 4 | the input was refused: an invalid value, or a rule of the method said no |
//! | 5 | the store cannot be used: missing, damaged, not rapport's, newer, or read-only |

use rapport_core::CoreError;
use rapport_store::StoreError;

pub(crate) const FAILURE: u8 = 1;
pub(crate) const NOT_FOUND: u8 = 3;
pub(crate) const REFUSED: u8 = 4;
pub(crate) const STORE: u8 = 5;

/// The exit code for an error, from the first typed error in its chain.
pub(crate) fn code_for(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(core) = cause.downcast_ref::<CoreError>() {
            return match core {
                CoreError::Store(store) => store_code(store),
                CoreError::NoMatch { .. } | CoreError::Ambiguous { .. } => NOT_FOUND,
                CoreError::Invalid(_) | CoreError::Refused(_) => REFUSED,
            };
        }
        if let Some(store) = cause.downcast_ref::<StoreError>() {
            return store_code(store);
        }
        if cause.downcast_ref::<rapport_domain::ValidationError>().is_some() {
            return REFUSED;
        }
        if cause.downcast_ref::<crate::env::MissingStore>().is_some() {
            return STORE;
        }
    }
    FAILURE
}

fn store_code(err: &StoreError) -> u8 {
    match err {
        StoreError::NotFound { kind: "store", .. } => STORE,
        StoreError::NotFound { .. } => NOT_FOUND,
        StoreError::Conflict(_) => REFUSED,
        StoreError::NotRapport { .. }
        | StoreError::Corrupt { .. }
        | StoreError::TooNew { .. }
        | StoreError::ReadOnly { .. }
        | StoreError::Busy => STORE,
        StoreError::Backend(_) => FAILURE,
    }
}

/// Output into a closed pipe (`rapport person list | head`) is not an error.
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}
