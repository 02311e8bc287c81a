//! Read and write access to the parts of a Pod (kept as JSON) that admission code touches.
//! Accessors degrade gracefully on unexpected types instead of panicking; callers that must
//! rely on the types check the pod's shape once first.

use serde_json::{Map, Value};

use crate::json::{ensure_list, ensure_object, list};

/// `metadata.<field>` as a map (`labels`, `annotations`).
pub fn metadata_map<'a>(pod: &'a Value, field: &str) -> Option<&'a Map<String, Value>> {
    pod.get("metadata")?.get(field)?.as_object()
}

pub fn labels(pod: &Value) -> Option<&Map<String, Value>> {
    metadata_map(pod, "labels")
}

pub fn label<'a>(pod: &'a Value, key: &str) -> Option<&'a str> {
    labels(pod)?.get(key)?.as_str()
}

pub fn annotation<'a>(pod: &'a Value, key: &str) -> Option<&'a str> {
    metadata_map(pod, "annotations")?.get(key)?.as_str()
}

pub fn name(pod: &Value) -> &str {
    pod.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("")
}

pub fn namespace(pod: &Value) -> &str {
    pod.get("metadata").and_then(|m| m.get("namespace")).and_then(Value::as_str).unwrap_or("")
}

/// The list under `spec.<field>` (`containers`, `volumes`, ...).
pub fn spec_list<'a>(pod: &'a Value, field: &str) -> &'a [Value] {
    list(pod.get("spec").and_then(|s| s.get(field)))
}

/// The mutable `metadata.<field>` map, created with `metadata` when absent or `null`.
pub fn metadata_map_mut<'a>(pod: &'a mut Value, field: &str) -> Option<&'a mut Map<String, Value>> {
    let metadata = ensure_object(pod.as_object_mut()?, "metadata")?;
    ensure_object(metadata, field)
}

/// The mutable annotation map, created when absent or `null`.
pub fn annotations_mut(pod: &mut Value) -> Option<&mut Map<String, Value>> {
    metadata_map_mut(pod, "annotations")
}

/// The mutable list under `spec.<field>`, created when absent or `null`.
pub fn spec_list_mut<'a>(pod: &'a mut Value, field: &str) -> Option<&'a mut Vec<Value>> {
    let spec = ensure_object(pod.as_object_mut()?, "spec")?;
    ensure_list(spec, field)
}

/// `IsPodActive` (`k8s.io/kubernetes/pkg/controller`): not Succeeded or Failed and not being
/// deleted.
pub fn is_active(pod: &Value) -> bool {
    let phase = pod.get("status").and_then(|s| s.get("phase")).and_then(Value::as_str);
    let deleting = pod.get("metadata").and_then(|m| m.get("deletionTimestamp")).is_some_and(|t| !t.is_null());
    !matches!(phase, Some("Succeeded" | "Failed")) && !deleting
}

/// The value of a container's first env entry named `key` (`valueFrom` reads as empty).
pub fn container_env_value<'a>(container: &'a Value, key: &str) -> &'a str {
    list(container.get("env"))
        .iter()
        .find(|e| e.get("name").and_then(Value::as_str) == Some(key))
        .and_then(|e| e.get("value"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_creates_what_it_needs() {
        let mut pod = json!({"metadata": {"name": "p", "namespace": "ns", "labels": {"app": "x"}}, "spec": null});
        assert_eq!(
            (name(&pod), namespace(&pod), label(&pod, "app"), annotation(&pod, "a")),
            ("p", "ns", Some("x"), None)
        );
        assert!(spec_list(&pod, "containers").is_empty());
        spec_list_mut(&mut pod, "containers").into_iter().for_each(|l| l.push(json!({"name": "c"})));
        annotations_mut(&mut pod).into_iter().for_each(|a| {
            a.insert("a".into(), json!("1"));
        });
        assert_eq!(spec_list(&pod, "containers").len(), 1);
        assert_eq!(annotation(&pod, "a"), Some("1"));
        assert!(annotations_mut(&mut json!("not a pod")).is_none());
    }

    #[test]
    fn active_pods_and_env_values() {
        assert!(is_active(&json!({})));
        assert!(!is_active(&json!({"status": {"phase": "Succeeded"}})));
        assert!(!is_active(&json!({"metadata": {"deletionTimestamp": "2026-01-01T00:00:00Z"}})));
        assert!(is_active(&json!({"metadata": {"deletionTimestamp": null}, "status": {"phase": "Running"}})));
        let c =
            json!({"env": [{"name": "A", "valueFrom": {}}, {"name": "B", "value": "b"}, {"name": "B", "value": "2"}]});
        assert_eq!(
            (container_env_value(&c, "A"), container_env_value(&c, "B"), container_env_value(&c, "C")),
            ("", "b", "")
        );
    }
}
