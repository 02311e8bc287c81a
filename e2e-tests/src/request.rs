//! Request normalisation exactly like kwctl's `build_validate_request` and policy-evaluator's
//! `AdmissionRequest`.
//!
//! kwctl does not hand the request file to the policy verbatim: it parses it into a typed
//! `AdmissionRequest` (required `uid`, `kind`, `resource`, `operation`, `userInfo`; unknown
//! top-level keys dropped; absent or null optional fields omitted) and serialises that again.
//! A policy therefore never sees fields the API server would not send, and fixtures that lack a
//! required field fail here with kwctl's message.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::error::HostError;

/// admission/v1 AdmissionRequest, modelled field by field on policy-evaluator's struct.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AdmissionRequest {
    pub uid: String,
    pub kind: GroupVersionKind,
    pub resource: GroupVersionResource,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_kind: Option<GroupVersionKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_resource: Option<GroupVersionResource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_sub_resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub operation: String,
    pub user_info: UserInfo,
    /// `RawExtension` upstream: any JSON value; `null` deserialises to `None` (DELETE).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_object: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Value>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct GroupVersionKind {
    pub group: String,
    pub version: String,
    pub kind: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct GroupVersionResource {
    pub group: String,
    pub version: String,
    pub resource: String,
}

/// authentication/v1 UserInfo as k8s-openapi models it: every field optional, unknown keys
/// ignored, `null` treated as absent, and only a JSON object accepted (k8s-openapi's visitor
/// implements `visit_map` only and names itself "UserInfo" in errors).
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct UserInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<BTreeMap<String, Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

impl<'de> Deserialize<'de> for UserInfo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UserInfoVisitor;

        impl<'de> Visitor<'de> for UserInfoVisitor {
            type Value = UserInfo;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("UserInfo")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UserInfo, A::Error> {
                let mut info = UserInfo::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "extra" => info.extra = map.next_value()?,
                        "groups" => info.groups = map.next_value()?,
                        "uid" => info.uid = map.next_value()?,
                        "username" => info.username = map.next_value()?,
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(info)
            }
        }

        deserializer.deserialize_struct("UserInfo", &["extra", "groups", "uid", "username"], UserInfoVisitor)
    }
}

/// What is sent to the policy as `request`: a normalised AdmissionRequest, or (with `--raw`,
/// or for `policyType: raw` policies) the input JSON verbatim.
#[derive(Clone, Debug, PartialEq)]
pub enum ValidateRequest {
    Raw(Value),
    AdmissionRequest(Box<AdmissionRequest>),
}

impl ValidateRequest {
    /// kwctl's `build_validate_request`: unwraps an AdmissionReview (`kind: AdmissionReview`
    /// → `.request`) and parses the rest as an AdmissionRequest, unless `raw`.
    pub fn from_json(input: &Value, raw: bool) -> Result<Self, HostError> {
        if raw {
            return Ok(ValidateRequest::Raw(input.clone()));
        }
        let object = input.as_object().ok_or_else(|| HostError::invalid("Invalid request object"))?;
        let request_value = if object.get("kind").and_then(Value::as_str) == Some("AdmissionReview") {
            object.get("request").cloned().ok_or_else(|| HostError::invalid("invalid AdmissionReview object"))?
        } else {
            input.clone()
        };
        let request: AdmissionRequest = serde_json::from_value(request_value)
            .map_err(|e| HostError::invalid(format!("cannot build AdmissionRequest object from given input: {e}")))?;
        Ok(ValidateRequest::AdmissionRequest(Box::new(request)))
    }

    /// Parses request text (a file's content) as kwctl does: JSON only.
    pub fn from_text(text: &str, raw: bool) -> Result<Self, HostError> {
        let value: Value = serde_json::from_str(text).map_err(|e| HostError::invalid(e.to_string()))?;
        Self::from_json(&value, raw)
    }

    /// The uid copied into the response (`""` for raw requests without a string uid).
    pub fn uid(&self) -> &str {
        match self {
            ValidateRequest::Raw(raw) => raw.get("uid").and_then(Value::as_str).unwrap_or_default(),
            ValidateRequest::AdmissionRequest(request) => &request.uid,
        }
    }

    /// The JSON the policy receives as `request`.
    pub fn to_value(&self) -> Result<Value, HostError> {
        match self {
            ValidateRequest::Raw(raw) => Ok(raw.clone()),
            ValidateRequest::AdmissionRequest(request) => serde_json::to_value(request)
                .map_err(|e| HostError::invalid(format!("cannot serialize the request: {e}"))),
        }
    }

    /// The value the mutated object is diffed against: the request's `object` (absent for
    /// DELETE) or, for raw requests, the whole request.
    pub fn object_for_diff(request_value: &Value, raw: bool) -> Option<&Value> {
        if raw { Some(request_value) } else { request_value.get("object") }
    }

    pub fn is_raw(&self) -> bool {
        matches!(self, ValidateRequest::Raw(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn minimal() -> Value {
        json!({
            "uid": "u1",
            "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "operation": "CREATE",
            "userInfo": {"username": "admin"},
            "object": {"metadata": {"name": "p"}}
        })
    }

    #[test]
    fn drops_unknown_and_null_fields() {
        let mut input = minimal();
        input["unknownTopLevel"] = json!(1);
        input["name"] = Value::Null;
        input["userInfo"]["somethingElse"] = json!("x");
        input["userInfo"]["groups"] = Value::Null;
        let request = ValidateRequest::from_json(&input, false).unwrap();
        let value = request.to_value().unwrap();
        assert!(value.get("unknownTopLevel").is_none());
        assert!(value.get("name").is_none());
        assert_eq!(value["userInfo"], json!({"username": "admin"}));
    }

    #[test]
    fn unwraps_admission_review() {
        let review = json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": minimal()});
        let request = ValidateRequest::from_json(&review, false).unwrap();
        assert_eq!(request.uid(), "u1");
    }

    #[test]
    fn review_without_request() {
        let review = json!({"kind": "AdmissionReview"});
        let err = ValidateRequest::from_json(&review, false).unwrap_err();
        assert_eq!(err.to_string(), "invalid AdmissionReview object");
    }

    #[test]
    fn missing_required_field() {
        let mut input = minimal();
        input.as_object_mut().unwrap().remove("resource");
        let err = ValidateRequest::from_json(&input, false).unwrap_err();
        assert_eq!(err.to_string(), "cannot build AdmissionRequest object from given input: missing field `resource`");
    }

    #[test]
    fn user_info_must_be_an_object() {
        let mut input = minimal();
        input["userInfo"] = json!(["x"]);
        let err = ValidateRequest::from_json(&input, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot build AdmissionRequest object from given input: invalid type: sequence, expected UserInfo"
        );
    }

    #[test]
    fn not_an_object() {
        let err = ValidateRequest::from_json(&json!([1]), false).unwrap_err();
        assert_eq!(err.to_string(), "Invalid request object");
    }

    #[test]
    fn raw_is_verbatim() {
        let input = json!({"anything": [1, 2], "uid": "r"});
        let request = ValidateRequest::from_json(&input, true).unwrap();
        assert_eq!(request.to_value().unwrap(), input);
        assert_eq!(request.uid(), "r");
    }

    #[test]
    fn null_object_is_omitted() {
        let mut input = minimal();
        input["object"] = Value::Null;
        input["operation"] = json!("DELETE");
        let value = ValidateRequest::from_json(&input, false).unwrap().to_value().unwrap();
        assert!(value.get("object").is_none());
        assert!(ValidateRequest::object_for_diff(&value, false).is_none());
    }
}
