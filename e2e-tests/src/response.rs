//! The policy's answer (SDK `ValidationResponse`) and its conversion into the admission/v1
//! AdmissionResponse that kwctl prints and policy-server returns, step by step as
//! policy-evaluator's `AdmissionResponse::from_policy_validation_response` does it.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::HostError;

/// What the guest's `validate` returns (snake_case keys, as the SDK serialises it).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct PolicyValidationResponse {
    pub accepted: bool,
    pub message: Option<String>,
    pub code: Option<u16>,
    pub mutated_object: Option<Value>,
    pub audit_annotations: Option<BTreeMap<String, String>>,
    pub warnings: Option<Vec<String>>,
}

/// admission/v1 AdmissionResponse with policy-evaluator's serialisation: `patchType`, `patch`
/// and `status` are skipped when unset; `auditAnnotations` and `warnings` are always present
/// (`null` when unset). Field order is the declaration order below.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AdmissionResponse {
    pub uid: String,
    pub allowed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch_type: Option<PatchType>,
    /// Base64 (standard alphabet, padded) of the compact JSON Patch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<AdmissionResponseStatus>,
    /// A `HashMap` upstream (so kwctl prints several keys in random order); sorted here.
    pub audit_annotations: Option<BTreeMap<String, String>>,
    pub warnings: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum PatchType {
    #[default]
    #[serde(rename = "JSONPatch")]
    JsonPatch,
}

/// `status` of a response. Not camelCase upstream (only single-word fields here anyway).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct AdmissionResponseStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<StatusDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<u16>,
}

/// Only `causes` is ever set by the host (custom rejection messages).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct StatusDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<StatusCause>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<i32>,
}

/// Serialised with all three keys, `null` when unset, as upstream.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct StatusCause {
    pub reason: Option<String>,
    pub message: Option<String>,
    pub field: Option<String>,
}

pub const DELETE_MUTATION_MESSAGE: &str = "Incoming object is null, which happens only with DELETE operations, but the policy is attempting a mutation. This is not allowed";
pub const TIMEOUT_MESSAGE: &str = "Policy execution interrupted because it exceeded the allowed execution time";

impl AdmissionResponse {
    pub fn reject(uid: &str, message: String, code: u16) -> Self {
        AdmissionResponse {
            uid: uid.to_owned(),
            allowed: false,
            status: Some(AdmissionResponseStatus { message: Some(message), code: Some(code), ..Default::default() }),
            ..Default::default()
        }
    }

    pub fn reject_internal_server_error(uid: &str, message: impl std::fmt::Display) -> Self {
        Self::reject(uid, format!("internal server error: {message}"), 500)
    }

    pub fn timeout(uid: &str) -> Self {
        Self::reject(uid, TIMEOUT_MESSAGE.to_owned(), 500)
    }

    /// policy-evaluator's conversion: DELETE guard, `json_patch::diff(request.object,
    /// mutated_object)`, empty diff → no patch, compact JSON → base64, `patchType` exactly when
    /// a patch exists, `status` only when the policy gave a message or a code.
    pub fn from_policy_validation_response(
        uid: &str,
        request_object: Option<&Value>,
        policy_response: &PolicyValidationResponse,
    ) -> Result<Self, HostError> {
        let patch = match (&policy_response.mutated_object, request_object) {
            (Some(_), None) => {
                return Ok(AdmissionResponse {
                    uid: uid.to_owned(),
                    allowed: false,
                    status: Some(AdmissionResponseStatus {
                        message: Some(DELETE_MUTATION_MESSAGE.to_owned()),
                        ..Default::default()
                    }),
                    ..Default::default()
                });
            }
            (Some(mutated), Some(original)) => encode_patch(original, mutated)?,
            (None, _) => None,
        };

        let status = if policy_response.message.is_some() || policy_response.code.is_some() {
            Some(AdmissionResponseStatus {
                message: policy_response.message.clone(),
                code: policy_response.code,
                ..Default::default()
            })
        } else {
            None
        };

        Ok(AdmissionResponse {
            uid: uid.to_owned(),
            allowed: policy_response.accepted,
            patch_type: patch.as_ref().map(|_| PatchType::JsonPatch),
            patch,
            status,
            audit_annotations: policy_response.audit_annotations.clone(),
            warnings: policy_response.warnings.clone(),
        })
    }

    /// The one-line JSON `kwctl run` prints.
    pub fn to_json_line(&self) -> Result<String, HostError> {
        serde_json::to_string(self).map_err(|e| HostError::invalid(format!("cannot serialize the response: {e}")))
    }

    /// The rejection message, if any.
    pub fn message(&self) -> Option<&str> {
        self.status.as_ref().and_then(|s| s.message.as_deref())
    }

    pub fn code(&self) -> Option<u16> {
        self.status.as_ref().and_then(|s| s.code)
    }
}

/// `None` when nothing changed, otherwise the base64 of the compact JSON Patch.
///
/// policy-server holds both objects in serde_json's default sorted maps, so the diff walks
/// object members in key order; both are sorted here so the patch is the same whichever way
/// serde_json was built (the workspace builds it with `preserve_order`).
fn encode_patch(original: &Value, mutated: &Value) -> Result<Option<String>, HostError> {
    let (mut original, mut mutated) = (original.clone(), mutated.clone());
    original.sort_all_objects();
    mutated.sort_all_objects();
    let diff = json_patch::diff(&original, &mutated);
    if diff.0.is_empty() {
        return Ok(None);
    }
    let text =
        serde_json::to_string(&diff).map_err(|e| HostError::Policy(format!("cannot deserialize JSONPatch: {e}")))?;
    Ok(Some(STANDARD.encode(text)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn policy_response(value: Value) -> PolicyValidationResponse {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn accepted_line() {
        let response = AdmissionResponse::from_policy_validation_response(
            "u",
            Some(&json!({})),
            &policy_response(json!({"accepted": true})),
        )
        .unwrap();
        assert_eq!(
            response.to_json_line().unwrap(),
            r#"{"uid":"u","allowed":true,"auditAnnotations":null,"warnings":null}"#
        );
    }

    #[test]
    fn rejected_line() {
        let response = AdmissionResponse::from_policy_validation_response(
            "u",
            Some(&json!({})),
            &policy_response(json!({"accepted": false, "message": "bad name", "code": 403, "warnings": ["a warning"]})),
        )
        .unwrap();
        assert_eq!(
            response.to_json_line().unwrap(),
            r#"{"uid":"u","allowed":false,"status":{"message":"bad name","code":403},"auditAnnotations":null,"warnings":["a warning"]}"#
        );
    }

    #[test]
    fn mutation_line() {
        let response = AdmissionResponse::from_policy_validation_response(
            "u",
            Some(&json!({"metadata": {"name": "nginx"}})),
            &policy_response(
                json!({"accepted": true, "mutated_object": {"metadata": {"name": "nginx", "labels": {"demo": "yes"}}}}),
            ),
        )
        .unwrap();
        assert_eq!(
            response.to_json_line().unwrap(),
            r#"{"uid":"u","allowed":true,"patchType":"JSONPatch","patch":"W3sib3AiOiJhZGQiLCJwYXRoIjoiL21ldGFkYXRhL2xhYmVscyIsInZhbHVlIjp7ImRlbW8iOiJ5ZXMifX1d","auditAnnotations":null,"warnings":null}"#
        );
    }

    #[test]
    fn unchanged_object_gives_no_patch() {
        let object = json!({"a": [1, 2]});
        let response = AdmissionResponse::from_policy_validation_response(
            "u",
            Some(&object),
            &policy_response(json!({"accepted": true, "mutated_object": object})),
        )
        .unwrap();
        assert!(response.patch.is_none() && response.patch_type.is_none());
    }

    #[test]
    fn delete_guard() {
        let response = AdmissionResponse::from_policy_validation_response(
            "u",
            None,
            &policy_response(json!({"accepted": true, "mutated_object": {"a": 1}, "warnings": ["w"]})),
        )
        .unwrap();
        assert_eq!(
            response.to_json_line().unwrap(),
            format!(
                r#"{{"uid":"u","allowed":false,"status":{{"message":"{DELETE_MUTATION_MESSAGE}"}},"auditAnnotations":null,"warnings":null}}"#
            )
        );
    }
}
