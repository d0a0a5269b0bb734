//! Errors of the engine. The Node binding maps each variant to the matching typed error of `@bosonic/core`.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum EngineError {
    /// Bad input; `field` names what was wrong (e.g. `"unitary"`, `"input.state"`).
    Validation { field: String, message: String },
    /// The request needs more memory than the limit allows.
    ResourceLimit { required_bytes: u64, limit_bytes: u64, message: String },
    /// The work was canceled before it produced anything worth returning.
    Canceled,
}

impl EngineError {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        EngineError::Validation { field: field.into(), message: message.into() }
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Validation { message, .. } => f.write_str(message),
            EngineError::ResourceLimit { message, .. } => f.write_str(message),
            EngineError::Canceled => f.write_str("canceled"),
        }
    }
}

impl std::error::Error for EngineError {}

pub type Result<T> = std::result::Result<T, EngineError>;
