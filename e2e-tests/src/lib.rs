//! A faithful, offline Kubewarden waPC host for end-to-end tests of sidecarset-policy.
//!
//! kwctl cannot be installed in this project's CI, so this crate replicates what `kwctl run`
//! and policy-server do with a waPC policy module, using the same crates policy-server embeds
//! (`wapc`, `wasmtime-provider`, `json-patch`): request normalisation, the
//! `{"request": .., "settings": ..}` envelope, host callbacks, the epoch deadline, and the
//! conversion of the policy's answer into the AdmissionResponse that kwctl prints.
//!
//! Entry points:
//! - [`PolicyModule`]: load a `.wasm` once, evaluate on a fresh instance per call.
//! - [`ValidateRequest`], [`PolicySettings`]: inputs, normalised like kwctl.
//! - [`AdmissionResponse`], [`AdmissionResponseHandler`]: output, like policy-evaluator.
//! - [`cases`] and [`compare`]: the data-driven e2e suite shared by the Rust tests and bats.

//!
//! Without the default `wasm` feature the crate is only Kubewarden's request and response
//! semantics (no wasmtime): what the CLI needs to evaluate the engine natively exactly as
//! policy-server would answer.

pub mod callbacks;
pub mod cases;
pub mod cli;
pub mod compare;
#[cfg(feature = "wasm")]
pub mod deadline;
pub mod error;
#[cfg(feature = "wasm")]
pub mod evaluator;
pub mod field_mask;
pub mod kube_fixtures;
pub mod logging;
pub mod manifest;
#[cfg(feature = "wasm")]
pub mod module;
pub mod patch;
pub mod policy_manifest;
pub mod replay;
pub mod request;
pub mod response;
pub mod response_handler;
pub mod selectors;
pub mod settings;
pub mod validation;
pub mod yaml;

#[cfg(feature = "wasm")]
pub use deadline::Deadline;
pub use error::HostError;
pub use kube_fixtures::{ContextAwareResource, KubeContext};
pub use logging::{LogConfig, LogLevel, PolicyLog};
#[cfg(feature = "wasm")]
pub use module::{HostConfig, PolicyInstance, PolicyModule};
pub use request::{AdmissionRequest, ValidateRequest};
pub use response::AdmissionResponse;
pub use response_handler::{AdmissionResponseHandler, PolicyMode};
pub use settings::PolicySettings;
pub use validation::{Evaluation, EvaluationTiming, Policy, PreparedValidation, RawPolicy, SettingsValidationResponse};
