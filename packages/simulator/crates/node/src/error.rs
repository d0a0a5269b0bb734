//! Errors of the binding and how they become JavaScript errors.
//!
//! Every error that reaches JavaScript is a plain `Error` with a stable `code` (and `field`, or
//! `requiredBytes`/`limitBytes`) that the TypeScript wrapper turns into the typed errors of
//! `@bosonic/core`:
//!
//! | code                 | extra properties              | from                                        |
//! |----------------------|-------------------------------|---------------------------------------------|
//! | `ERR_VALIDATION`     | `field`                       | `EngineError::Validation`, bad JS arguments  |
//! | `ERR_RESOURCE_LIMIT` | `requiredBytes`, `limitBytes` | `EngineError::ResourceLimit`                |
//! | `ERR_CANCELED`       |                               | `EngineError::Canceled`                     |
//! | `ERR_NATIVE_PANIC`   |                               | a Rust panic (caught, never unwound into Node) |
//! | `ERR_NATIVE`         | `status`                      | a failed Node-API call, an OS failure       |

use std::any::Any;

use bosonic_engine::EngineError;

use crate::sys::napi_status;

#[derive(Debug)]
pub enum BindingError {
    /// The engine refused or stopped the computation.
    Engine(EngineError),
    /// A JavaScript argument has the wrong type or shape; `field` is its path (e.g. `request.unitary`).
    Argument { field: String, message: String },
    /// A Node-API call failed.
    Napi { call: &'static str, status: napi_status },
    /// A JavaScript exception is already pending (a callback threw); it propagates as it is.
    JsException,
    /// The computation panicked; the panic was caught at the boundary.
    Panic(String),
    /// The operating system refused something (e.g. starting a thread).
    Os(String),
}

pub type Result<T> = std::result::Result<T, BindingError>;

impl BindingError {
    pub fn argument(field: impl Into<String>, message: impl Into<String>) -> Self {
        BindingError::Argument { field: field.into(), message: message.into() }
    }

    /// Turns the payload of a caught panic into an error.
    pub fn from_panic(payload: Box<dyn Any + Send>) -> Self {
        let message = if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "unknown panic payload".to_string()
        };
        BindingError::Panic(message)
    }

    /// The `code` property of the JavaScript error.
    pub fn code(&self) -> &'static str {
        match self {
            BindingError::Engine(EngineError::Validation { .. }) | BindingError::Argument { .. } => "ERR_VALIDATION",
            BindingError::Engine(EngineError::ResourceLimit { .. }) => "ERR_RESOURCE_LIMIT",
            BindingError::Engine(EngineError::Canceled) => "ERR_CANCELED",
            BindingError::Panic(_) => "ERR_NATIVE_PANIC",
            BindingError::Napi { .. } | BindingError::JsException | BindingError::Os(_) => "ERR_NATIVE",
        }
    }

    /// The `message` of the JavaScript error.
    pub fn message(&self) -> String {
        match self {
            BindingError::Engine(EngineError::Canceled) => "The computation was canceled".to_string(),
            BindingError::Engine(e) => e.to_string(),
            BindingError::Argument { message, .. } => message.clone(),
            BindingError::Napi { call, status } => {
                format!("Node-API call {call} failed with status {status}")
            }
            BindingError::JsException => "a JavaScript callback threw".to_string(),
            BindingError::Panic(message) => format!("The native simulator panicked: {message}"),
            BindingError::Os(message) => message.clone(),
        }
    }
}

impl From<EngineError> for BindingError {
    fn from(e: EngineError) -> Self {
        BindingError::Engine(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_errors_map_to_the_codes_the_typescript_wrapper_expects() {
        let validation = BindingError::from(EngineError::validation("unitary", "not unitary"));
        assert_eq!(validation.code(), "ERR_VALIDATION");
        assert_eq!(validation.message(), "not unitary");
        let limit = BindingError::from(EngineError::ResourceLimit {
            required_bytes: 10,
            limit_bytes: 5,
            message: "too big".into(),
        });
        assert_eq!(limit.code(), "ERR_RESOURCE_LIMIT");
        assert_eq!(BindingError::from(EngineError::Canceled).code(), "ERR_CANCELED");
        assert_eq!(BindingError::argument("n", "bad").code(), "ERR_VALIDATION");
    }

    #[test]
    fn panic_payloads_become_messages() {
        let caught = std::panic::catch_unwind(|| panic!("boom {}", 42)).unwrap_err();
        let error = BindingError::from_panic(caught);
        assert_eq!(error.code(), "ERR_NATIVE_PANIC");
        assert_eq!(error.message(), "The native simulator panicked: boom 42");
    }
}
