//! Calling the guest: `validate_settings`, `validate`, `protocol_version`, each on a fresh
//! instance, with policy-evaluator's handling of every outcome (`runtimes/wapc/runtime.rs`).

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::HostError;
use crate::logging::PolicyLog;
use crate::module::{InstantiateError, PolicyModule};
use crate::request::ValidateRequest;
use crate::response::{AdmissionResponse, PolicyValidationResponse};
use crate::settings::PolicySettings;

/// wasmtime-provider's text for a guest call stopped by the epoch deadline.
const CALL_TIMEOUT_MARKER: &str = "guest code interrupted, execution deadline exceeded";

/// The guest's answer to `validate_settings` (SDK `SettingsValidationResponse`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct SettingsValidationResponse {
    pub valid: bool,
    pub message: Option<String>,
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
    /// `json!` (keys sorted at every level).
    pub fn new(request: &ValidateRequest, settings: &PolicySettings) -> Result<Self, HostError> {
        let request_value = request.to_value()?;
        let request_object = ValidateRequest::object_for_diff(&request_value, request.is_raw()).cloned();
        let envelope = json!({"request": request_value, "settings": settings.to_value()});
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
    /// it; a guest error becomes `internal server error: ...` (500), an interrupted call the
    /// timeout rejection (500).
    pub fn convert(&self, result: Result<Vec<u8>, wapc::errors::Error>) -> AdmissionResponse {
        match result {
            Ok(bytes) => serde_json::from_slice::<PolicyValidationResponse>(&bytes)
                .map_err(|e| format!("invalid response from policy: {e}"))
                .and_then(|policy_response| {
                    AdmissionResponse::from_policy_validation_response(
                        &self.uid,
                        self.request_object.as_ref(),
                        &policy_response,
                    )
                    .map_err(|e| format!("invalid response format: {e}"))
                })
                .unwrap_or_else(|e| AdmissionResponse::reject_internal_server_error(&self.uid, e)),
            Err(e) => {
                let message = e.to_string();
                if message.contains(CALL_TIMEOUT_MARKER) {
                    AdmissionResponse::timeout(&self.uid)
                } else {
                    AdmissionResponse::reject_internal_server_error(&self.uid, message)
                }
            }
        }
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

impl PolicyModule {
    /// `validate_settings` on a fresh instance. `Err` only when no instance could be made.
    pub fn validate_settings(&self, settings: &PolicySettings) -> Result<SettingsValidationResponse, HostError> {
        Ok(self.validate_settings_with_logs(settings)?.0)
    }

    /// Like [`Self::validate_settings`], also returning the logs the policy sent.
    pub fn validate_settings_with_logs(
        &self,
        settings: &PolicySettings,
    ) -> Result<(SettingsValidationResponse, Vec<PolicyLog>), HostError> {
        let payload = match serde_json::to_string(&settings.0) {
            Ok(payload) => payload,
            Err(e) => {
                let message = format!("could not marshal settings: {e}");
                return Ok((SettingsValidationResponse { valid: false, message: Some(message) }, Vec::new()));
            }
        };
        let instance = self.instantiate()?;
        let response = match instance.call("validate_settings", payload.as_bytes()) {
            Ok(bytes) => serde_json::from_slice::<SettingsValidationResponse>(&bytes).unwrap_or_else(|e| {
                // policy-evaluator formats its WapcRuntimeError with `{:?}`.
                SettingsValidationResponse {
                    valid: false,
                    message: Some(format!("error: InvalidResponseWithError({e:?})")),
                }
            }),
            Err(e) => SettingsValidationResponse {
                valid: false,
                message: Some(format!("Error invoking settings validation callback: {e:?}")),
            },
        };
        Ok((response, instance.take_logs()))
    }

    /// `validate` on a fresh instance. Guest failures and timeouts are rejections, not
    /// errors; `Err` only when no instance could be made for a reason other than the deadline.
    pub fn validate(&self, request: &ValidateRequest, settings: &PolicySettings) -> Result<Evaluation, HostError> {
        let prepared = PreparedValidation::new(request, settings)?;
        self.evaluate_prepared(&prepared)
    }

    pub fn evaluate_prepared(&self, prepared: &PreparedValidation) -> Result<Evaluation, HostError> {
        let started = Instant::now();
        let instance = match self.instantiate() {
            Ok(instance) => instance,
            // policy-server answers a timeout in wapc_init like a timeout in the call.
            Err(InstantiateError::Timeout(_)) => {
                return Ok(Evaluation {
                    response: AdmissionResponse::timeout(prepared.uid()),
                    logs: Vec::new(),
                    timing: EvaluationTiming { instantiate: started.elapsed(), ..Default::default() },
                });
            }
            Err(e) => return Err(e.into()),
        };
        let instantiated = Instant::now();
        let result = instance.call("validate", prepared.payload());
        let called = Instant::now();
        let response = prepared.convert(result);
        let converted = Instant::now();
        Ok(Evaluation {
            response,
            logs: instance.take_logs(),
            timing: EvaluationTiming {
                instantiate: instantiated - started,
                call: called - instantiated,
                convert: converted - called,
            },
        })
    }

    /// Evaluates the same prepared request `iterations` times, each on a fresh instance, and
    /// returns the timing of every run (for benchmarks).
    pub fn time_fresh_evaluations(
        &self,
        prepared: &PreparedValidation,
        iterations: usize,
    ) -> Result<Vec<EvaluationTiming>, HostError> {
        (0..iterations).map(|_| self.evaluate_prepared(prepared).map(|e| e.timing)).collect()
    }

    /// `protocol_version` (only `kwctl annotate` calls it): the guest's JSON string, e.g. "v1".
    pub fn protocol_version(&self) -> Result<String, HostError> {
        let instance = self.instantiate()?;
        let bytes = instance
            .call("protocol_version", &[])
            .map_err(|e| HostError::Policy(format!("cannot invoke 'protocol_version' waPC function : {e}")))?;
        serde_json::from_slice::<String>(&bytes)
            .map_err(|e| HostError::Policy(format!("cannot create ProtocolVersion object from {bytes:?}: {e}")))
    }
}
