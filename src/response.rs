//! The guest's answers in the Kubewarden waPC protocol: `ValidationResponse` for
//! `validate` and `SettingsValidationResponse` for `validate_settings` (snake_case keys,
//! every key present, as the Kubewarden SDK serialises them).

use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{Error, Kind};

/// Accept without changes.
pub fn accept() -> Vec<u8> {
    response(true, None, None, None, None, &[])
}

/// Accept without changes, telling the user why something did not happen.
pub fn accept_with_warnings(warnings: &[String]) -> Vec<u8> {
    response(true, None, None, None, None, warnings)
}

/// Accept with the whole mutated object; the host computes the JSON patch from it.
pub fn mutate(object: &Value, audit: Option<&Value>, warnings: &[String]) -> Vec<u8> {
    response(true, None, None, Some(object), audit, warnings)
}

/// The answer to `validate` for an error: a rejection with the error's message and code.
/// Settings errors are prefixed, so the user can tell them from a problem with the pod.
pub fn from_error(error: &Error) -> Vec<u8> {
    let message = match error.kind {
        Kind::InvalidSettings => format!("invalid settings: {}", error.message),
        Kind::BadRequest | Kind::Forbidden => error.message.clone(),
    };
    response(false, Some(&message), Some(error.code()), None, None, &[])
}

/// The `ValidationResponse` fields in the SDK's order; `None` serialises as `null`.
#[derive(Serialize)]
struct ValidationResponse<'a> {
    accepted: bool,
    message: Option<&'a str>,
    code: Option<u16>,
    mutated_object: Option<&'a Value>,
    audit_annotations: Option<&'a Value>,
    warnings: Option<&'a [String]>,
}

/// Serialised straight from borrowed parts: building a `json!` envelope first would copy the
/// whole mutated pod into a second `Value` (the macro converts interpolated values with
/// `to_value`), which cost about a fifth of a seed evaluation.
fn response(
    accepted: bool,
    message: Option<&str>,
    code: Option<u16>,
    object: Option<&Value>,
    audit: Option<&Value>,
    warnings: &[String],
) -> Vec<u8> {
    let body = ValidationResponse {
        accepted,
        message,
        code,
        mutated_object: object,
        audit_annotations: audit,
        warnings: (!warnings.is_empty()).then_some(warnings),
    };
    // Serialising into memory cannot fail.
    serde_json::to_vec(&body).unwrap_or_default()
}

/// The answer to `validate_settings`: `{"valid": bool, "message": ...}`.
pub fn settings_validation(result: Result<(), Error>) -> Vec<u8> {
    let body = match result {
        Ok(()) => json!({"valid": true, "message": Value::Null}),
        Err(error) => json!({"valid": false, "message": error.message}),
    };
    serde_json::to_vec(&body).unwrap_or_default()
}
