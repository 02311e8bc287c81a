//! The host's error type. Every failure that is not a policy decision ends up here, with a
//! message that says what was being done; callers print it as kwctl would (`Error: <message>`).

use std::fmt;

#[derive(Debug)]
pub enum HostError {
    /// A file or stream could not be read; the message already names it.
    Io(String),
    /// User input (request, settings, manifest, arguments) is not acceptable.
    InvalidInput(String),
    /// The wasm module could not be compiled or linked.
    ModuleBuild(String),
    /// A fresh instance could not be created (`wapc_init` trapped, linking failed, ...).
    Instantiate(String),
    /// The policy answered something the host cannot use outside of an evaluation
    /// (e.g. `protocol_version`).
    Policy(String),
}

impl HostError {
    pub fn io(context: impl fmt::Display, err: impl fmt::Display) -> Self {
        HostError::Io(format!("{context}: {err}"))
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        HostError::InvalidInput(message.into())
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::Io(m)
            | HostError::InvalidInput(m)
            | HostError::ModuleBuild(m)
            | HostError::Instantiate(m)
            | HostError::Policy(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for HostError {}
