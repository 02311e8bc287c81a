//! Recorded host-capability sessions, the files `kwctl run
//! --replay-host-capabilities-interactions <FILE>` reads (and `--record-...` writes): a YAML
//! list of exchanges, each a request (itself YAML text, tagged with the request type) and the
//! response the host gave. Replay follows kwctl's `CallbackHandlerProxy`: exchanges are
//! answered in order, a request that differs from the next recorded one is an error, and
//! so is a request after the last one. Unlike kwctl, which only warns, this host also reports
//! exchanges left over (`Session::leftovers`), so a case proves which calls the policy made.

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::HostError;
use crate::yaml;

/// kwctl's `Response`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum RecordedResponse {
    Success { payload: String },
    Error { message: String },
}

/// kwctl's `Exchange`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub struct Exchange {
    pub request: String,
    pub response: RecordedResponse,
}

/// The Kubernetes variants of policy-evaluator's `CallbackRequestType`, with its variant and
/// field names: recorded requests parse into it, and its `Debug` is what kwctl prints in a
/// replay error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallbackRequestType {
    KubernetesListResourceNamespace {
        api_version: String,
        kind: String,
        namespace: String,
        label_selector: Option<String>,
        field_selector: Option<String>,
        field_masks: Option<BTreeSet<String>>,
    },
    KubernetesListResourceAll {
        api_version: String,
        kind: String,
        label_selector: Option<String>,
        field_selector: Option<String>,
        field_masks: Option<BTreeSet<String>>,
    },
    KubernetesGetResource {
        api_version: String,
        kind: String,
        name: String,
        namespace: Option<String>,
        disable_cache: bool,
        field_masks: Option<BTreeSet<String>>,
    },
}

// The SDK's request payloads (snake_case, as the guest sends them), read straight from the
// bytes so that a malformed payload gets serde's positioned message, as policy-evaluator's
// own structs give it (reading the payload as the tagged enum through a `Value` loses it).
#[derive(Deserialize)]
struct ListByNamespace {
    api_version: String,
    kind: String,
    namespace: String,
    label_selector: Option<String>,
    field_selector: Option<String>,
    field_masks: Option<BTreeSet<String>>,
}

#[derive(Deserialize)]
struct ListAll {
    api_version: String,
    kind: String,
    label_selector: Option<String>,
    field_selector: Option<String>,
    field_masks: Option<BTreeSet<String>>,
}

#[derive(Deserialize)]
struct Get {
    api_version: String,
    kind: String,
    name: String,
    namespace: Option<String>,
    disable_cache: bool,
    field_masks: Option<BTreeSet<String>>,
}

impl CallbackRequestType {
    /// The (apiVersion, kind) the request reads.
    pub fn resource(&self) -> (&str, &str) {
        match self {
            CallbackRequestType::KubernetesListResourceNamespace { api_version, kind, .. }
            | CallbackRequestType::KubernetesListResourceAll { api_version, kind, .. }
            | CallbackRequestType::KubernetesGetResource { api_version, kind, .. } => (api_version, kind),
        }
    }

    /// The request a `kubernetes/<operation>` host call with this payload makes.
    pub fn from_call(operation: &str, payload: &[u8]) -> Result<Self, String> {
        let parse_error = |e: serde_json::Error| e.to_string();
        Ok(match operation {
            "list_resources_by_namespace" => {
                let r: ListByNamespace = serde_json::from_slice(payload).map_err(parse_error)?;
                CallbackRequestType::KubernetesListResourceNamespace {
                    api_version: r.api_version,
                    kind: r.kind,
                    namespace: r.namespace,
                    label_selector: r.label_selector,
                    field_selector: r.field_selector,
                    field_masks: r.field_masks,
                }
            }
            "list_resources_all" => {
                let r: ListAll = serde_json::from_slice(payload).map_err(parse_error)?;
                CallbackRequestType::KubernetesListResourceAll {
                    api_version: r.api_version,
                    kind: r.kind,
                    label_selector: r.label_selector,
                    field_selector: r.field_selector,
                    field_masks: r.field_masks,
                }
            }
            "get_resource" => {
                let r: Get = serde_json::from_slice(payload).map_err(parse_error)?;
                CallbackRequestType::KubernetesGetResource {
                    api_version: r.api_version,
                    kind: r.kind,
                    name: r.name,
                    namespace: r.namespace,
                    disable_cache: r.disable_cache,
                    field_masks: r.field_masks,
                }
            }
            other => return Err(format!("unknown operation: {other}")),
        })
    }
}

/// A session being replayed. One session serves one evaluation (kwctl replays one file per
/// `kwctl run`); `Mutex` because host callbacks are shared across threads.
#[derive(Debug)]
pub struct Session {
    exchanges: Mutex<VecDeque<Exchange>>,
}

impl Session {
    pub fn new(exchanges: Vec<Exchange>) -> Self {
        Session { exchanges: Mutex::new(exchanges.into()) }
    }

    pub fn from_file(path: &Path) -> Result<Self, HostError> {
        let text = yaml::read_file(path)?;
        Self::parse(&text)
            .map_err(|e| HostError::invalid(format!("cannot deserialize contents of {}: {e}", path.display())))
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let exchanges: Vec<Exchange> = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        for (i, exchange) in exchanges.iter().enumerate() {
            serde_yaml::from_str::<CallbackRequestType>(&exchange.request)
                .map_err(|e| format!("exchange {i}: the request is not a recorded Kubernetes request: {e}"))?;
        }
        Ok(Session::new(exchanges))
    }

    /// The answer to a `kubernetes/<operation>` call: the recorded payload, or the error
    /// message the host returns (before policy-evaluator's `Callback evaluation failure: `).
    pub fn answer(&self, operation: &str, payload: &[u8]) -> Result<Vec<u8>, String> {
        let actual = CallbackRequestType::from_call(operation, payload)?;
        let next = match self.exchanges.lock() {
            Ok(mut exchanges) => exchanges.pop_front(),
            Err(poisoned) => poisoned.into_inner().pop_front(),
        };
        let Some(exchange) = next else { return Err("the list of recorded responses is empty".to_string()) };
        let expected: CallbackRequestType = serde_yaml::from_str(&exchange.request)
            .map_err(|_| "Cannot deserialize recorded request into `CallbackRequestType`".to_string())?;
        if expected != actual {
            return Err(format!(
                "Replay error: unexpected request. Was expecting {expected:?}, got {actual:?} instead"
            ));
        }
        match exchange.response {
            RecordedResponse::Success { payload } => Ok(payload.into_bytes()),
            RecordedResponse::Error { message } => Err(message),
        }
    }

    /// The exchanges no call asked for.
    pub fn leftovers(&self) -> Vec<Exchange> {
        match self.exchanges.lock() {
            Ok(exchanges) => exchanges.iter().cloned().collect(),
            Err(poisoned) => poisoned.into_inner().iter().cloned().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SESSION: &str = r#"
- type: Exchange
  request: |
    !KubernetesGetResource
    api_version: v1
    kind: Namespace
    name: team-a
    namespace: null
    disable_cache: false
  response:
    type: Success
    payload: '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a","labels":{"team":"a"}}}'
- type: Exchange
  request: |
    !KubernetesGetResource
    api_version: v1
    kind: Namespace
    name: team-b
    namespace: null
    disable_cache: false
  response:
    type: Error
    message: Cannot find v1/Namespace named 'team-b' inside of namespace 'None'
"#;

    fn get(name: &str) -> Vec<u8> {
        format!(r#"{{"api_version":"v1","kind":"Namespace","name":"{name}","namespace":null,"disable_cache":false,"field_masks":null}}"#)
            .into_bytes()
    }

    #[test]
    fn answers_in_order_then_runs_dry() {
        let session = Session::parse(SESSION).unwrap();
        let first = session.answer("get_resource", &get("team-a")).unwrap();
        assert!(String::from_utf8(first).unwrap().contains(r#""team":"a""#));
        assert_eq!(
            session.answer("get_resource", &get("team-b")),
            Err("Cannot find v1/Namespace named 'team-b' inside of namespace 'None'".to_string())
        );
        assert_eq!(
            session.answer("get_resource", &get("team-c")),
            Err("the list of recorded responses is empty".to_string())
        );
        assert!(session.leftovers().is_empty());
    }

    #[test]
    fn a_different_request_is_a_replay_error_worded_as_kwctl() {
        let session = Session::parse(SESSION).unwrap();
        let error = session.answer("get_resource", &get("other")).unwrap_err();
        assert_eq!(
            error,
            "Replay error: unexpected request. Was expecting KubernetesGetResource { api_version: \"v1\", kind: \"Namespace\", name: \"team-a\", namespace: None, disable_cache: false, field_masks: None }, got KubernetesGetResource { api_version: \"v1\", kind: \"Namespace\", name: \"other\", namespace: None, disable_cache: false, field_masks: None } instead"
        );
        assert_eq!(session.leftovers().len(), 1);
    }

    #[test]
    fn kwctl_sessions_parse() {
        // The shape kwctl records (kubewarden-controller crates/kwctl/tests/data).
        let text = "- type: Exchange\n  request: |\n    !KubernetesListResourceNamespace\n    api_version: apps/v1\n    kind: ControllerRevision\n    namespace: kruise-system\n    label_selector: a=b\n    field_selector: null\n  response:\n    type: Success\n    payload: '{\"items\":[]}'\n";
        let session = Session::parse(text).unwrap();
        assert_eq!(session.leftovers().len(), 1);
        assert!(Session::parse("- type: Exchange\n  request: '!OciManifestDigest\n    image: x'\n  response:\n    type: Error\n    message: m\n").is_err());
    }
}
