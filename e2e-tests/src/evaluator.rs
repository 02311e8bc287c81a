//! Calling the guest: `validate_settings`, `validate`, `protocol_version`, each on a fresh
//! instance, with policy-evaluator's handling of every outcome (`runtimes/wapc/runtime.rs`).

use std::sync::Arc;
use std::time::Instant;

use crate::error::HostError;
use crate::kube_fixtures::KubeContext;
use crate::logging::PolicyLog;
use crate::module::{InstantiateError, PolicyModule};
use crate::request::ValidateRequest;
use crate::response::AdmissionResponse;
use crate::settings::PolicySettings;
use crate::validation::{Evaluation, EvaluationTiming, Policy, PreparedValidation, SettingsValidationResponse};

/// wasmtime-provider's text for a guest call stopped by the epoch deadline.
const CALL_TIMEOUT_MARKER: &str = "guest code interrupted, execution deadline exceeded";

impl PreparedValidation {
    /// [`PreparedValidation::convert_bytes`] for a waPC call: a guest error becomes
    /// `internal server error: ...` (500), an interrupted call the timeout rejection (500).
    pub fn convert(&self, result: Result<Vec<u8>, wapc::errors::Error>) -> AdmissionResponse {
        match result {
            Ok(bytes) => self.convert_bytes(&bytes),
            Err(e) => {
                let message = e.to_string();
                if message.contains(CALL_TIMEOUT_MARKER) {
                    AdmissionResponse::timeout(self.uid())
                } else {
                    AdmissionResponse::reject_internal_server_error(self.uid(), message)
                }
            }
        }
    }
}

impl Policy for PolicyModule {
    fn settings_response(&self, settings: &PolicySettings) -> Result<SettingsValidationResponse, HostError> {
        self.validate_settings(settings)
    }

    fn admission_response(
        &self,
        request: &ValidateRequest,
        settings: &PolicySettings,
    ) -> Result<AdmissionResponse, HostError> {
        Ok(self.validate(request, settings)?.response)
    }

    fn admission_response_in(
        &self,
        request: &ValidateRequest,
        settings: &PolicySettings,
        kube: Arc<KubeContext>,
    ) -> Result<AdmissionResponse, HostError> {
        let prepared = PreparedValidation::new(request, settings)?;
        Ok(self.evaluate_prepared_in(&prepared, kube)?.response)
    }
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
        let payload = match SettingsValidationResponse::payload(settings) {
            Ok(payload) => payload,
            Err(refusal) => return Ok((refusal, Vec::new())),
        };
        let instance = self.instantiate()?;
        let response = match instance.call("validate_settings", payload.as_bytes()) {
            Ok(bytes) => SettingsValidationResponse::from_bytes(&bytes),
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
        self.evaluate_prepared_in(prepared, self.config().kube.clone())
    }

    /// `evaluate_prepared` with `kubernetes/*` host calls answered by `kube`.
    pub fn evaluate_prepared_in(
        &self,
        prepared: &PreparedValidation,
        kube: Arc<KubeContext>,
    ) -> Result<Evaluation, HostError> {
        let started = Instant::now();
        let instance = match self.instantiate_with(kube) {
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
