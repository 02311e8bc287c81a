//! The guest's answers in the Kubewarden waPC protocol: the SDK's `ValidationResponse` for
//! `validate` and `SettingsValidationResponse` for `validate_settings`.

use std::collections::HashMap;

use kubewarden_policy_sdk::response::ValidationResponse;
use kubewarden_policy_sdk::settings::SettingsValidationResponse;
use serde_json::Value;

use crate::error::{Error, Kind};

/// Accept without changes.
pub fn accept() -> Vec<u8> {
    response(true, None, None, None, HashMap::new(), Vec::new())
}

/// Accept without changes, telling the user why something did not happen.
pub fn accept_with_warnings(warnings: Vec<String>) -> Vec<u8> {
    response(true, None, None, None, HashMap::new(), warnings)
}

/// Accept with the whole mutated object; the host computes the JSON patch from it. The pod
/// is moved into the response, not copied (a copy cost about a fifth of a seed evaluation).
pub fn mutate(object: Value, audit: HashMap<String, String>, warnings: Vec<String>) -> Vec<u8> {
    response(true, None, None, Some(object), audit, warnings)
}

/// Refuse with a message and no code (Kubernetes reports a plain denial), keeping the
/// warnings: what audit mode answers for a pod lacking its sidecars.
pub fn reject_with_warnings(message: String, warnings: Vec<String>) -> Vec<u8> {
    response(false, Some(message), None, None, HashMap::new(), warnings)
}

/// The answer to `validate` for an error: a rejection with the error's message and code.
/// Settings errors are prefixed, so the user can tell them from a problem with the pod.
pub fn from_error(error: Error) -> Vec<u8> {
    let code = error.code();
    let message = match error.kind {
        Kind::InvalidSettings => format!("invalid settings: {}", error.message),
        Kind::BadRequest | Kind::Forbidden | Kind::Internal => error.message,
    };
    response(false, Some(message), Some(code), None, HashMap::new(), Vec::new())
}

/// Empty maps and lists are sent as `null`, as the SDK's helpers do.
fn response(
    accepted: bool,
    message: Option<String>,
    code: Option<u16>,
    mutated_object: Option<Value>,
    audit: HashMap<String, String>,
    warnings: Vec<String>,
) -> Vec<u8> {
    let body = ValidationResponse {
        accepted,
        message,
        code,
        mutated_object,
        audit_annotations: (!audit.is_empty()).then_some(audit),
        warnings: (!warnings.is_empty()).then_some(warnings),
    };
    // Serialising into memory cannot fail.
    serde_json::to_vec(&body).unwrap_or_default()
}

/// The answer to `validate_settings`: `{"valid": bool, "message": ...}`.
pub fn settings_validation(result: Result<(), Error>) -> Vec<u8> {
    let body = match result {
        Ok(()) => SettingsValidationResponse { valid: true, message: None },
        Err(error) => SettingsValidationResponse { valid: false, message: Some(error.message) },
    };
    serde_json::to_vec(&body).unwrap_or_default()
}
