//! What a `validate` or `validate_settings` call exchanges with a policy, independent of how
//! the policy runs: the envelope policy-evaluator sends, and its conversion of the policy's
//! answer into an AdmissionResponse. The waPC host (`evaluator`) and a native evaluation of the
//! engine (the CLI) share it, so both answer byte for byte alike.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use std::sync::Arc;

use crate::callbacks::CallbackContext;
use crate::error::HostError;
use crate::kube_fixtures::KubeContext;
use crate::logging::LogConfig;
use crate::logging::PolicyLog;
use crate::request::ValidateRequest;
use crate::response::{AdmissionResponse, PolicyValidationResponse};
use crate::settings::PolicySettings;

/// The guest's answer to `validate_settings` (SDK `SettingsValidationResponse`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct SettingsValidationResponse {
    pub valid: bool,
    pub message: Option<String>,
}

impl SettingsValidationResponse {
    /// The `validate_settings` payload, or policy-evaluator's refusal when the settings do not
    /// serialise.
    pub fn payload(settings: &PolicySettings) -> Result<String, SettingsValidationResponse> {
        settings.validation_payload().map_err(|e| SettingsValidationResponse {
            valid: false,
            message: Some(format!("could not marshal settings: {e}")),
        })
    }

    /// The policy's answer, or policy-evaluator's refusal of one that does not parse (it
    /// formats its WapcRuntimeError with `{:?}`).
    pub fn from_bytes(bytes: &[u8]) -> SettingsValidationResponse {
        serde_json::from_slice(bytes).unwrap_or_else(|e| SettingsValidationResponse {
            valid: false,
            message: Some(format!("error: InvalidResponseWithError({e:?})")),
        })
    }
}

/// A `validate` call prepared once: the exact payload bytes and what the response conversion
/// needs. Benchmarks reuse it to time only instantiation and the call.
#[derive(Clone, Debug)]
pub struct PreparedValidation {
    uid: String,
    request_object: Option<Value>,
    payload: Vec<u8>,
}

impl PreparedValidation {
    /// The `{"request": .., "settings": ..}` envelope, serialised like policy-evaluator's
    /// `json!` (keys sorted at every level: serde_json's default maps there, an explicit sort
    /// here, since the workspace builds serde_json with `preserve_order`).
    pub fn new(request: &ValidateRequest, settings: &PolicySettings) -> Result<Self, HostError> {
        let request_value = request.to_value()?;
        let request_object = ValidateRequest::object_for_diff(&request_value, request.is_raw()).cloned();
        let mut envelope = json!({"request": request_value, "settings": settings.to_value()});
        envelope.sort_all_objects();
        let payload = serde_json::to_vec(&envelope)
            .map_err(|e| HostError::invalid(format!("cannot serialize validation params: {e}")))?;
        Ok(PreparedValidation { uid: request.uid().to_owned(), request_object, payload })
    }

    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    pub fn uid(&self) -> &str {
        &self.uid
    }

    /// policy-evaluator's handling of the guest's answer: parse the SDK response and convert
    /// it; an answer that does not parse becomes `internal server error: ...` (500).
    pub fn convert_bytes(&self, bytes: &[u8]) -> AdmissionResponse {
        serde_json::from_slice::<PolicyValidationResponse>(bytes)
            .map_err(|e| format!("invalid response from policy: {e}"))
            .and_then(|policy_response| {
                AdmissionResponse::from_policy_validation_response(
                    &self.uid,
                    self.request_object.as_ref(),
                    &policy_response,
                )
                .map_err(|e| format!("invalid response format: {e}"))
            })
            .unwrap_or_else(|e| AdmissionResponse::reject_internal_server_error(&self.uid, e))
    }
}

/// Where the time of one fresh-instance evaluation went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EvaluationTiming {
    /// New store, instantiation, `_start` and `wapc_init`.
    pub instantiate: Duration,
    /// The `validate` guest call (payload in, response out).
    pub call: Duration,
    /// Response parsing, JSON-patch diff, base64.
    pub convert: Duration,
}

impl EvaluationTiming {
    pub fn total(&self) -> Duration {
        self.instantiate + self.call + self.convert
    }
}

/// The vanilla AdmissionResponse (before [`crate::AdmissionResponseHandler`]) and what else
/// happened during the evaluation.
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub response: AdmissionResponse,
    pub logs: Vec<PolicyLog>,
    pub timing: EvaluationTiming,
}

/// A policy as policy-evaluator sees it: something that answers `validate_settings` and
/// `validate`. The waPC module ([`crate::PolicyModule`]) is one; the CLI evaluates the engine
/// natively through the same envelope, host callbacks and response conversion.
pub trait Policy {
    /// `validate_settings`. `Err` only when the policy could not be run at all.
    fn settings_response(&self, settings: &PolicySettings) -> Result<SettingsValidationResponse, HostError>;

    /// `validate`, converted into the vanilla AdmissionResponse, with the policy's own host
    /// context (no cluster access unless configured). Policy failures are rejections.
    fn admission_response(
        &self,
        request: &ValidateRequest,
        settings: &PolicySettings,
    ) -> Result<AdmissionResponse, HostError> {
        self.admission_response_in(request, settings, Arc::new(KubeContext::default()))
    }

    /// `validate` with `kubernetes/*` host calls answered by `kube`.
    fn admission_response_in(
        &self,
        request: &ValidateRequest,
        settings: &PolicySettings,
        kube: Arc<KubeContext>,
    ) -> Result<AdmissionResponse, HostError>;
}

/// A host call as an engine evaluated natively makes it: `(namespace, operation, payload)`
/// with binding `kubewarden`, answered with the payload or the host's error text.
pub type NativeHostCall<'a> = dyn Fn(&str, &str, &[u8]) -> Result<Vec<u8>, String> + 'a;

/// A policy given as the two raw waPC operations (payload bytes in, response bytes out), such
/// as the engine's `policy::validate_settings` and `policy::validate` called natively; the
/// latter gets the host callback its cluster reads and logs go through.
pub struct RawPolicy<S, V> {
    pub validate_settings: S,
    pub validate: V,
    pub log: LogConfig,
}

impl<S, V> Policy for RawPolicy<S, V>
where
    S: Fn(&[u8]) -> Vec<u8>,
    V: Fn(&[u8], &NativeHostCall<'_>) -> Vec<u8>,
{
    fn settings_response(&self, settings: &PolicySettings) -> Result<SettingsValidationResponse, HostError> {
        Ok(match SettingsValidationResponse::payload(settings) {
            Ok(payload) => SettingsValidationResponse::from_bytes(&(self.validate_settings)(payload.as_bytes())),
            Err(refusal) => refusal,
        })
    }

    fn admission_response_in(
        &self,
        request: &ValidateRequest,
        settings: &PolicySettings,
        kube: Arc<KubeContext>,
    ) -> Result<AdmissionResponse, HostError> {
        let prepared = PreparedValidation::new(request, settings)?;
        let callbacks = CallbackContext::new(kube, self.log);
        let call = |namespace: &str, operation: &str, payload: &[u8]| callbacks.call(namespace, operation, payload);
        Ok(prepared.convert_bytes(&(self.validate)(prepared.payload(), &call)))
    }
}
