//! policy-evaluator's `AdmissionResponseHandler`: what a ClusterAdmissionPolicy/AdmissionPolicy
//! (or kwctl's CLI defaults) does to the policy's answer before it reaches the API server.
//! Applied in this order: monitor mode, then the `mutating: false` constraint, then the custom
//! rejection message.

use std::fmt;

use crate::error::HostError;
use crate::response::{AdmissionResponse, AdmissionResponseStatus, StatusCause, StatusDetails};

/// `spec.mode` of a policy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PolicyMode {
    #[default]
    Protect,
    Monitor,
}

impl PolicyMode {
    pub fn parse(text: &str) -> Result<Self, HostError> {
        match text {
            "protect" => Ok(PolicyMode::Protect),
            "monitor" => Ok(PolicyMode::Monitor),
            other => Err(HostError::invalid(format!("unknown variant `{other}`, expected `protect` or `monitor`"))),
        }
    }
}

/// A policy id as policy-evaluator's `PolicyID` parses it: `name` or `group/name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyId(String);

impl PolicyId {
    pub fn parse(text: &str) -> Result<Self, HostError> {
        if text.is_empty() || text.split('/').count() > 2 {
            return Err(HostError::invalid(format!("Not a valid Policy ID: {text}")));
        }
        Ok(PolicyId(text.to_owned()))
    }
}

impl fmt::Display for PolicyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The id kwctl uses for a policy given on the command line.
pub const CLI_POLICY_ID: &str = "policy-from-cli";

#[derive(Clone, Debug)]
pub struct AdmissionResponseHandler {
    pub policy_id: PolicyId,
    pub mode: PolicyMode,
    pub allowed_to_mutate: bool,
    pub custom_rejection_message: Option<String>,
}

impl AdmissionResponseHandler {
    /// kwctl's settings for a policy given as a `.wasm`: id `policy-from-cli`, protect mode,
    /// allowed to mutate, no custom message. A no-op on every response.
    pub fn for_cli() -> Self {
        AdmissionResponseHandler {
            policy_id: PolicyId(CLI_POLICY_ID.to_owned()),
            mode: PolicyMode::Protect,
            allowed_to_mutate: true,
            custom_rejection_message: None,
        }
    }

    pub fn process_response(&self, response: AdmissionResponse) -> AdmissionResponse {
        let response = self.apply_monitor_mode(response);
        let response = self.apply_mutation_constraint(response);
        self.apply_custom_rejection_message(response)
    }

    /// Monitor mode always admits, unchanged: patch and status are dropped, warnings and audit
    /// annotations are kept.
    fn apply_monitor_mode(&self, response: AdmissionResponse) -> AdmissionResponse {
        if self.mode != PolicyMode::Monitor {
            return response;
        }
        AdmissionResponse { allowed: true, patch_type: None, patch: None, status: None, ..response }
    }

    /// A policy deployed with `mutating: false` sits behind a validating webhook, which must not
    /// return a patch: an attempted mutation becomes a rejection.
    fn apply_mutation_constraint(&self, response: AdmissionResponse) -> AdmissionResponse {
        if self.mode != PolicyMode::Protect || self.allowed_to_mutate || response.patch.is_none() {
            return response;
        }
        AdmissionResponse {
            allowed: false,
            status: Some(AdmissionResponseStatus {
                message: Some(format!(
                    "Request rejected by policy {}. The policy attempted to mutate the request, but it is currently configured to not allow mutations.",
                    self.policy_id
                )),
                ..Default::default()
            }),
            patch: None,
            patch_type: None,
            ..response
        }
    }

    /// `spec.message` replaces the message of a rejection; the original moves to
    /// `status.details.causes`.
    fn apply_custom_rejection_message(&self, response: AdmissionResponse) -> AdmissionResponse {
        if response.allowed {
            return response;
        }
        let Some(custom) = &self.custom_rejection_message else {
            return response;
        };
        let status = response.status.clone().unwrap_or_default();
        let details = status.details.clone().unwrap_or_default();
        let mut causes = details.causes.clone();
        causes.push(StatusCause { message: Some(status.message.clone().unwrap_or_default()), ..Default::default() });
        AdmissionResponse {
            status: Some(AdmissionResponseStatus {
                message: Some(custom.clone()),
                details: Some(StatusDetails { causes, ..details }),
                ..status
            }),
            ..response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::PatchType;

    fn patched() -> AdmissionResponse {
        AdmissionResponse {
            uid: "u".into(),
            allowed: true,
            patch_type: Some(PatchType::JsonPatch),
            patch: Some("W10=".into()),
            ..Default::default()
        }
    }

    fn handler(mode: PolicyMode, mutate: bool, message: Option<&str>) -> AdmissionResponseHandler {
        AdmissionResponseHandler {
            policy_id: PolicyId::parse("my-policy").unwrap(),
            mode,
            allowed_to_mutate: mutate,
            custom_rejection_message: message.map(str::to_owned),
        }
    }

    #[test]
    fn monitor_strips_patch() {
        let out = handler(PolicyMode::Monitor, false, None).process_response(patched());
        assert!(out.allowed && out.patch.is_none() && out.patch_type.is_none());
    }

    #[test]
    fn not_mutating_rejects_patch() {
        let out = handler(PolicyMode::Protect, false, None).process_response(patched());
        assert_eq!(
            out.to_json_line().unwrap(),
            r#"{"uid":"u","allowed":false,"status":{"message":"Request rejected by policy my-policy. The policy attempted to mutate the request, but it is currently configured to not allow mutations."},"auditAnnotations":null,"warnings":null}"#
        );
    }

    #[test]
    fn custom_message() {
        let rejected = AdmissionResponse::reject("u", "original".into(), 403);
        let out = handler(PolicyMode::Protect, true, Some("custom")).process_response(rejected);
        assert_eq!(
            out.to_json_line().unwrap(),
            r#"{"uid":"u","allowed":false,"status":{"message":"custom","details":{"causes":[{"reason":null,"message":"original","field":null}]},"code":403},"auditAnnotations":null,"warnings":null}"#
        );
    }

    #[test]
    fn policy_ids() {
        assert!(PolicyId::parse("").is_err());
        assert!(PolicyId::parse("a/b").is_ok());
        assert_eq!(PolicyId::parse("a/b/c").unwrap_err().to_string(), "Not a valid Policy ID: a/b/c");
    }
}
