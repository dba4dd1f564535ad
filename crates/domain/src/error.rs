//! The one error the domain raises: a value that breaks a rule, named by field.

/// A value that cannot be accepted, with the field it came from and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    /// The field, flag or column the value came from (`email`, `motivation`, …).
    pub field: String,
    /// What is wrong and how to fix it, as a sentence without a final period.
    pub message: String,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}
