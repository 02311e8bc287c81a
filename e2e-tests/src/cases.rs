//! The data-driven e2e suite: one folder per case (see `cases/README.md`), loaded here, run
//! through the library ([`run_case`]) or through kwctl/kwrun (the `e2e-check` binary), and
//! judged by the same [`crate::compare::check`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

use crate::error::HostError;
use crate::kube_fixtures::{ContextAwareResource, KubeContext, ResourceAccess};
use crate::replay::Session;
use crate::request::ValidateRequest;
use crate::response::AdmissionResponse;
use crate::settings::PolicySettings;
use crate::validation::Policy;
use crate::yaml;

const SETTINGS_FILES: &[&str] = &["settings.yaml", "settings.yml", "settings.json"];
pub const REQUEST_FILE: &str = "request.json";
pub const EXPECTED_FILE: &str = "expected.yaml";
pub const EXPECTED_OBJECT_FILE: &str = "expected-object.yaml";
/// A recorded host-capability session (kwctl's `--replay-host-capabilities-interactions`).
pub const SESSION_FILE: &str = "session.yml";
/// The policy's metadata, whose `contextAwareResources` a session case is granted (kwctl's
/// `--allow-context-aware` grants those of the annotated module).
const POLICY_METADATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../policy-metadata.yml");

/// `expected.yaml`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Expected {
    /// Required unless `settingsValid: false`.
    pub allowed: Option<bool>,
    pub code: Option<u16>,
    /// The exact rejection message (`status.message`).
    pub message: Option<String>,
    pub message_contains: Option<String>,
    /// Whether the response carries a patch.
    pub patched: Option<bool>,
    /// The exact `warnings` of the response.
    pub warnings: Option<Vec<String>>,
    /// `false`: `validate_settings` must refuse the settings (kwctl exits with
    /// `Error: Provided settings are not valid: <message>`).
    #[serde(default = "default_true")]
    pub settings_valid: bool,
    pub settings_message: Option<String>,
    pub settings_message_contains: Option<String>,
}

fn default_true() -> bool {
    true
}

#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub dir: PathBuf,
    /// The settings file, if the case has one (kwctl then gets `--settings-path`).
    pub settings_path: Option<PathBuf>,
    pub settings: PolicySettings,
    /// `request.json` as written (AdmissionRequest or AdmissionReview).
    pub request: Value,
    pub expected: Expected,
    /// `expected-object.yaml`: the request's object after the response's patch.
    pub expected_object: Option<Value>,
    /// `session.yml`, if the case has one: the policy is then granted its context-aware
    /// resources and its Kubernetes reads are answered from the session.
    pub session_path: Option<PathBuf>,
}

/// What a host made of a case: either the settings were refused, or a response came back.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    SettingsRejected { message: String },
    Response(Box<AdmissionResponse>),
}

/// Case folders under `root`, sorted by name (folders without `expected.yaml` are skipped).
pub fn list_cases(root: &Path) -> Result<Vec<PathBuf>, HostError> {
    let entries =
        std::fs::read_dir(root).map_err(|e| HostError::io(format!("cannot list cases in {}", root.display()), e))?;
    let mut cases: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.join(EXPECTED_FILE).is_file())
        .collect();
    cases.sort();
    Ok(cases)
}

pub fn load_case(dir: &Path) -> Result<Case, HostError> {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| dir.display().to_string());
    let in_case = |what: &str, e: &dyn std::fmt::Display| HostError::invalid(format!("case {name}: {what}: {e}"));

    let present: Vec<PathBuf> = SETTINGS_FILES.iter().map(|f| dir.join(f)).filter(|p| p.is_file()).collect();
    if present.len() > 1 {
        return Err(HostError::invalid(format!(
            "case {name}: more than one settings file ({})",
            SETTINGS_FILES.join(", ")
        )));
    }
    let settings_path = present.into_iter().next();
    let settings = match &settings_path {
        Some(path) => PolicySettings::from_file(path).map_err(|e| in_case("settings", &e))?,
        None => PolicySettings::default(),
    };

    let request_text = yaml::read_file(&dir.join(REQUEST_FILE)).map_err(|e| in_case(REQUEST_FILE, &e))?;
    let request: Value = serde_json::from_str(&request_text).map_err(|e| in_case(REQUEST_FILE, &e))?;

    let expected_text = yaml::read_file(&dir.join(EXPECTED_FILE)).map_err(|e| in_case(EXPECTED_FILE, &e))?;
    let expected_value = yaml::parse_single(&expected_text).map_err(|e| in_case(EXPECTED_FILE, &e))?;
    let expected: Expected = serde_json::from_value(expected_value).map_err(|e| in_case(EXPECTED_FILE, &e))?;
    if expected.settings_valid && expected.allowed.is_none() {
        return Err(HostError::invalid(format!(
            "case {name}: {EXPECTED_FILE} needs `allowed` (or `settingsValid: false`)"
        )));
    }

    let object_path = dir.join(EXPECTED_OBJECT_FILE);
    let expected_object = if object_path.is_file() {
        let text = yaml::read_file(&object_path)?;
        Some(yaml::parse_single(&text).map_err(|e| in_case(EXPECTED_OBJECT_FILE, &e))?)
    } else {
        None
    };

    let session_path = Some(dir.join(SESSION_FILE)).filter(|p| p.is_file());
    Ok(Case { name, dir: dir.to_path_buf(), settings_path, settings, request, expected, expected_object, session_path })
}

impl Case {
    /// The object the patch applies to: `object` of the (unwrapped) request, `null` if absent.
    pub fn request_object(&self) -> Value {
        let request = if self.request.get("kind").and_then(Value::as_str) == Some("AdmissionReview") {
            self.request.get("request").unwrap_or(&Value::Null)
        } else {
            &self.request
        };
        request.get("object").cloned().unwrap_or(Value::Null)
    }
}

/// Runs a case the way `kwctl run --settings-path <settings> --request-path request.json
/// policy.wasm` does: settings validation first, then `validate` (CLI response handling is a
/// no-op).
pub fn run_case(policy: &dyn Policy, case: &Case) -> Result<Outcome, HostError> {
    let settings_response = policy.settings_response(&case.settings)?;
    if !settings_response.valid {
        return Ok(Outcome::SettingsRejected { message: settings_response.message.unwrap_or_default() });
    }
    let request = ValidateRequest::from_json(&case.request, false)?;
    let kube = Arc::new(match &case.session_path {
        Some(path) => KubeContext::replaying(Session::from_file(path)?, granted_resources()?),
        None => KubeContext::default(),
    });
    let response = policy.admission_response_in(&request, &case.settings, kube.clone())?;
    let leftovers = kube.session().map(Session::leftovers).unwrap_or_default();
    if !leftovers.is_empty() {
        let requests: Vec<String> = leftovers.iter().map(|e| e.request.trim_end().replace('\n', " ")).collect();
        return Err(HostError::invalid(format!(
            "the policy did not make {} recorded call(s): {}",
            requests.len(),
            requests.join("; ")
        )));
    }
    Ok(Outcome::Response(Box::new(response)))
}

/// The `contextAwareResources` of `policy-metadata.yml`.
pub fn granted_resources() -> Result<ResourceAccess, HostError> {
    let text = yaml::read_file(Path::new(POLICY_METADATA))?;
    let metadata = yaml::parse_single(&text).map_err(|e| HostError::invalid(format!("{POLICY_METADATA}: {e}")))?;
    let granted = metadata
        .get("contextAwareResources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|r| Some(ContextAwareResource::new(r.get("apiVersion")?.as_str()?, r.get("kind")?.as_str()?)))
        .collect();
    Ok(ResourceAccess::AllowList(granted))
}

/// Reads what kwctl/kwrun printed (stdout, possibly followed by stderr): the last line that is
/// a JSON AdmissionResponse, or kwctl's `Provided settings are not valid: <message>` error.
pub fn outcome_from_output(output: &str) -> Result<Outcome, HostError> {
    const SETTINGS_ERROR: &str = "Provided settings are not valid: ";
    let response = output.lines().rev().find_map(|line| {
        let line = line.trim();
        if !line.starts_with('{') {
            return None;
        }
        serde_json::from_str::<AdmissionResponse>(line).ok()
    });
    if let Some(response) = response {
        return Ok(Outcome::Response(Box::new(response)));
    }
    if let Some(pos) = output.find(SETTINGS_ERROR) {
        let message = output[pos + SETTINGS_ERROR.len()..].trim_end().to_owned();
        return Ok(Outcome::SettingsRejected { message });
    }
    Err(HostError::invalid(format!("no AdmissionResponse line and no settings error found in the output:\n{output}")))
}
