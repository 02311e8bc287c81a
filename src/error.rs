//! The engine's one error type. Every layer that can refuse something returns an [`Error`];
//! its [`Kind`] says what answer it becomes, and `response::from_error` is the one place that
//! turns it into a waPC response.

use std::fmt;

/// What kind of answer an error becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The request cannot be evaluated as sent (malformed envelope, pod or annotation, or a
    /// pod Kruise's webhook would reject): rejected with code 400.
    BadRequest,
    /// The request is well-formed but not allowed (a cross-namespace reference nobody
    /// authorized): rejected with code 403.
    Forbidden,
    /// The settings are wrong: `validate_settings` answers `valid: false`; a request that
    /// arrives with them anyway is rejected with code 400.
    InvalidSettings,
    /// The cluster does not hold what a SidecarSet refers to (a ControllerRevision), or it
    /// could not be read: rejected with code 500, as Kruise's webhook rejects it.
    Internal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
}

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Error::new(Kind::BadRequest, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Error::new(Kind::Forbidden, message)
    }

    pub fn invalid_settings(message: impl Into<String>) -> Self {
        Error::new(Kind::InvalidSettings, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Error::new(Kind::Internal, message)
    }

    /// The same error with `context: ` in front of its message.
    #[must_use]
    pub fn context(self, context: &str) -> Self {
        Error { kind: self.kind, message: format!("{context}: {}", self.message) }
    }

    /// The HTTP-like status code of a rejection.
    pub fn code(&self) -> u16 {
        match self.kind {
            Kind::BadRequest | Kind::InvalidSettings => 400,
            Kind::Forbidden => 403,
            Kind::Internal => 500,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Engine `Result`.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_map_to_codes_and_context_prefixes() {
        assert_eq!(Error::bad_request("x").code(), 400);
        assert_eq!(Error::invalid_settings("x").code(), 400);
        assert_eq!(Error::forbidden("x").code(), 403);
        assert_eq!(Error::internal("x").code(), 500);
        let e = Error::forbidden("volume v").context("admission");
        assert_eq!((e.kind, e.to_string()), (Kind::Forbidden, "admission: volume v".to_string()));
    }
}
