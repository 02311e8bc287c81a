//! Kubewarden policy manifests (`ClusterAdmissionPolicy`, `AdmissionPolicy`) given to kwrun in
//! place of a `.wasm`, as `kwctl run policy.yaml` reads them: the module, settings, mode,
//! mutating flag, custom rejection message and (cluster policies) context-aware resources.
//! Rules, selectors and match conditions do not affect a single evaluation and are ignored.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::error::HostError;
use crate::kube_fixtures::ContextAwareResource;
use crate::response_handler::{AdmissionResponseHandler, PolicyId, PolicyMode};
use crate::settings::PolicySettings;
use crate::yaml;

pub const POLICY_API_VERSION: &str = "policies.kubewarden.io/v1";

/// One policy of a manifest file.
#[derive(Clone, Debug)]
pub struct PolicyDefinition {
    pub kind: String,
    pub id: PolicyId,
    /// `spec.module` as written.
    pub module: String,
    pub settings: PolicySettings,
    pub mode: PolicyMode,
    pub mutating: bool,
    pub message: Option<String>,
    /// `spec.contextAwareResources` of a ClusterAdmissionPolicy; an AdmissionPolicy gets none.
    pub context_aware_resources: BTreeSet<ContextAwareResource>,
    /// `spec.timeoutEvalSeconds` (policy-server honours it; kwctl does not).
    pub timeout_eval_seconds: Option<u64>,
}

/// The spec fields of the CRDs (`deny_unknown_fields` as in the SDK's CRD types).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)] // fields read only to validate them
struct PolicySpec {
    background_audit: Option<Value>,
    failure_policy: Option<Value>,
    match_conditions: Option<Value>,
    match_policy: Option<Value>,
    mode: Option<String>,
    module: String,
    #[serde(default)]
    mutating: bool,
    object_selector: Option<Value>,
    policy_server: Option<Value>,
    rules: Option<Value>,
    #[serde(default)]
    settings: Value,
    side_effects: Option<Value>,
    timeout_seconds: Option<Value>,
    timeout_eval_seconds: Option<u64>,
    namespace_selector: Option<Value>,
    #[serde(default)]
    context_aware_resources: Vec<ResourceSpec>,
    message: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResourceSpec {
    api_version: String,
    kind: String,
}

/// True for a document that is a Kubewarden policy this host can run.
pub fn is_policy_manifest(document: &Value) -> bool {
    document.get("apiVersion").and_then(Value::as_str) == Some(POLICY_API_VERSION)
        && matches!(document.get("kind").and_then(Value::as_str), Some("ClusterAdmissionPolicy" | "AdmissionPolicy"))
}

/// Every policy in a (multi-document) YAML file.
pub fn read_policy_manifest(path: &Path) -> Result<Vec<PolicyDefinition>, HostError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| HostError::io(format!("Cannot open YAML file {:?}", path.display().to_string()), e))?;
    let documents = yaml::parse_documents(&text)
        .map_err(|e| HostError::invalid(format!("Cannot parse YAML file {:?}: {e}", path.display().to_string())))?;
    documents.iter().map(parse_policy_document).collect()
}

pub fn parse_policy_document(document: &Value) -> Result<PolicyDefinition, HostError> {
    let api_version = document.get("apiVersion").and_then(Value::as_str);
    if api_version != Some(POLICY_API_VERSION) {
        return Err(HostError::invalid(format!("invalid apiVersion {api_version:?}")));
    }
    let kind = document.get("kind").and_then(Value::as_str);
    let kind = match kind {
        Some(k @ ("ClusterAdmissionPolicy" | "AdmissionPolicy")) => k.to_owned(),
        Some("AdmissionPolicyGroup" | "ClusterAdmissionPolicyGroup") => {
            return Err(HostError::invalid(format!(
                "{} is not supported by this host: run its member policies one by one",
                kind.unwrap_or_default()
            )));
        }
        _ => {
            return Err(HostError::invalid(format!("unknown kind {kind:?}, not a Kubewarden policy")));
        }
    };
    let spec_value = document
        .get("spec")
        .filter(|s| !s.is_null())
        .ok_or_else(|| HostError::invalid(format!("CRD does not have spec, but it is required for {kind}")))?;
    let spec: PolicySpec = serde_json::from_value(spec_value.clone())
        .map_err(|e| HostError::invalid(format!("cannot parse value into {kind}: {e}")))?;
    let mode = match &spec.mode {
        Some(mode) => {
            PolicyMode::parse(mode).map_err(|e| HostError::invalid(format!("cannot parse value into {kind}: {e}")))?
        }
        None => PolicyMode::Protect,
    };
    let name = document.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("crd-without-name");
    let context_aware_resources = if kind == "ClusterAdmissionPolicy" {
        spec.context_aware_resources.iter().map(|r| ContextAwareResource::new(&r.api_version, &r.kind)).collect()
    } else {
        BTreeSet::new()
    };
    Ok(PolicyDefinition {
        id: PolicyId::parse(name)?,
        kind,
        module: spec.module,
        settings: PolicySettings::from_value(&spec.settings)?,
        mode,
        mutating: spec.mutating,
        message: spec.message,
        context_aware_resources,
        timeout_eval_seconds: spec.timeout_eval_seconds,
    })
}

impl PolicyDefinition {
    pub fn handler(&self) -> AdmissionResponseHandler {
        AdmissionResponseHandler {
            policy_id: self.id.clone(),
            mode: self.mode,
            allowed_to_mutate: self.mutating,
            custom_rejection_message: self.message.clone(),
        }
    }

    /// The local file `spec.module` names: `file://<path>` or a bare path. A relative path is
    /// looked up in the current directory first, then next to the manifest. Remote modules
    /// (`registry://`, `https://`) cannot be fetched by this host.
    pub fn module_path(&self, manifest_dir: &Path) -> Result<PathBuf, HostError> {
        let path = if let Some(rest) = self.module.strip_prefix("file://") {
            rest
        } else if self.module.contains("://") {
            return Err(HostError::invalid(format!(
                "cannot use policy module {}: only local modules are supported (file://<path> or a path); pull it and point spec.module at the file",
                self.module
            )));
        } else {
            self.module.as_str()
        };
        let path = Path::new(path);
        if path.is_absolute() || path.exists() {
            return if path.exists() {
                Ok(path.to_path_buf())
            } else {
                Err(HostError::invalid(format!("Cannot find policy with uri: {}", self.module)))
            };
        }
        let beside_manifest = manifest_dir.join(path);
        if beside_manifest.exists() {
            Ok(beside_manifest)
        } else {
            Err(HostError::invalid(format!("Cannot find policy with uri: {}", self.module)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cap(spec: Value) -> Value {
        json!({"apiVersion": POLICY_API_VERSION, "kind": "ClusterAdmissionPolicy", "metadata": {"name": "p"}, "spec": spec})
    }

    #[test]
    fn full_definition() {
        let def = parse_policy_document(&cap(json!({
            "module": "file:///x.wasm", "mode": "monitor", "mutating": true, "message": "m",
            "settings": {"a": 1}, "rules": [], "contextAwareResources": [{"apiVersion": "v1", "kind": "Namespace"}],
            "timeoutEvalSeconds": 5
        })))
        .unwrap();
        assert_eq!(def.mode, PolicyMode::Monitor);
        assert!(def.mutating);
        assert_eq!(def.settings.to_value(), json!({"a": 1}));
        assert_eq!(def.context_aware_resources.len(), 1);
        assert_eq!(def.timeout_eval_seconds, Some(5));
        assert_eq!(def.id.to_string(), "p");
    }

    #[test]
    fn defaults_and_errors() {
        let def = parse_policy_document(&cap(json!({"module": "x.wasm"}))).unwrap();
        assert!(!def.mutating);
        assert_eq!(def.mode, PolicyMode::Protect);
        assert!(def.settings.0.is_empty());
        let err = parse_policy_document(&cap(json!({}))).unwrap_err();
        assert_eq!(err.to_string(), "cannot parse value into ClusterAdmissionPolicy: missing field `module`");
        let err = parse_policy_document(&json!({"apiVersion": "v1", "kind": "Pod"})).unwrap_err();
        assert_eq!(err.to_string(), r#"invalid apiVersion Some("v1")"#);
        let err = parse_policy_document(&json!({"apiVersion": POLICY_API_VERSION, "kind": "ClusterAdmissionPolicy"}))
            .unwrap_err();
        assert_eq!(err.to_string(), "CRD does not have spec, but it is required for ClusterAdmissionPolicy");
        let err = parse_policy_document(&cap(json!({"module": "x", "bogus": 1}))).unwrap_err();
        assert!(err.to_string().contains("unknown field `bogus`"), "{err}");
    }

    #[test]
    fn remote_modules_refused() {
        let def = parse_policy_document(&cap(json!({"module": "registry://ghcr.io/x:v1"}))).unwrap();
        let err = def.module_path(Path::new(".")).unwrap_err();
        assert!(err.to_string().contains("only local modules are supported"));
    }
}
