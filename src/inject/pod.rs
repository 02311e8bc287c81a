//! Read and write access to the parts of a pod (kept as JSON) that injection touches. The
//! pod is checked once (`check_shape`) so that every later access can rely on the types the
//! API server guarantees; accessors still degrade gracefully instead of panicking.

use serde_json::{Map, Value};

/// Reject a pod whose fields injection reads or writes have the wrong JSON type. The API
/// server never sends such a pod; a hand-made request might, and gets a precise message.
pub fn check_shape(pod: &Value) -> Result<(), String> {
    let obj = pod.as_object().ok_or("the object is not a JSON object")?;
    let metadata = optional_object(obj, "metadata", "metadata")?;
    if let Some(metadata) = metadata {
        for field in ["labels", "annotations"] {
            if let Some(map) = optional_object(metadata, field, &format!("metadata.{field}"))? {
                for (k, v) in map {
                    if !v.is_string() {
                        return Err(format!("metadata.{field}[{k}] must be a string"));
                    }
                }
            }
        }
    }
    let spec = optional_object(obj, "spec", "spec")?.ok_or("spec is missing")?;
    for field in ["containers", "initContainers", "volumes", "imagePullSecrets"] {
        if let Some(items) = spec.get(field).filter(|v| !v.is_null()) {
            let items = items.as_array().ok_or_else(|| format!("spec.{field} must be a list"))?;
            if let Some(i) = items.iter().position(|item| !item.is_object()) {
                return Err(format!("spec.{field}[{i}] must be an object"));
            }
        }
    }
    for field in ["containers", "initContainers"] {
        for (i, c) in list(spec.get(field)).iter().enumerate() {
            for sub in ["env", "volumeMounts", "volumeDevices"] {
                if let Some(items) = c.get(sub).filter(|v| !v.is_null()) {
                    let ok = items.as_array().is_some_and(|a| a.iter().all(Value::is_object));
                    if !ok {
                        return Err(format!("spec.{field}[{i}].{sub} must be a list of objects"));
                    }
                }
            }
        }
    }
    Ok(())
}

fn optional_object<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<&'a Map<String, Value>>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(format!("{path} must be an object")),
    }
}

/// A JSON list as a slice (absent, `null` or another type: empty).
pub fn list(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

pub fn metadata_map<'a>(pod: &'a Value, field: &str) -> Option<&'a Map<String, Value>> {
    pod.get("metadata")?.get(field)?.as_object()
}

pub fn labels(pod: &Value) -> Option<&Map<String, Value>> {
    metadata_map(pod, "labels")
}

pub fn annotation<'a>(pod: &'a Value, key: &str) -> Option<&'a str> {
    metadata_map(pod, "annotations")?.get(key)?.as_str()
}

pub fn name(pod: &Value) -> &str {
    pod.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("")
}

pub fn spec_list<'a>(pod: &'a Value, field: &str) -> &'a [Value] {
    list(pod.get("spec").and_then(|s| s.get(field)))
}

/// The mutable annotation map, created when absent or `null`.
pub fn annotations_mut(pod: &mut Value) -> Option<&mut Map<String, Value>> {
    let metadata = ensure_object(pod.as_object_mut()?, "metadata")?;
    ensure_object(metadata, "annotations")
}

/// The mutable list under `spec.<field>`, created when absent or `null`.
pub fn spec_list_mut<'a>(pod: &'a mut Value, field: &str) -> Option<&'a mut Vec<Value>> {
    let spec = ensure_object(pod.as_object_mut()?, "spec")?;
    let slot = spec.entry(field.to_string()).or_insert(Value::Null);
    if slot.is_null() {
        *slot = Value::Array(Vec::new());
    }
    slot.as_array_mut()
}

fn ensure_object<'a>(m: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Map<String, Value>> {
    let slot = m.entry(key.to_string()).or_insert(Value::Null);
    if slot.is_null() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut()
}

/// Whether a pod is still active (`IsActivePod`): not Succeeded/Failed and not being deleted.
pub fn is_active(pod: &Value) -> bool {
    let phase = pod.get("status").and_then(|s| s.get("phase")).and_then(Value::as_str);
    let deleting = pod.get("metadata").and_then(|m| m.get("deletionTimestamp")).is_some_and(|t| !t.is_null());
    !matches!(phase, Some("Succeeded" | "Failed")) && !deleting
}

/// The value of the first env entry named `key` (`GetContainerEnvValue`; `valueFrom` reads
/// as empty).
pub fn container_env_value<'a>(container: &'a Value, key: &str) -> &'a str {
    list(container.get("env"))
        .iter()
        .find(|e| e.get("name").and_then(Value::as_str) == Some(key))
        .and_then(|e| e.get("value"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// `IsInjectedSidecarContainerInPod`: a container carrying `IS_INJECTED=true`.
pub fn is_injected_sidecar(container: &Value) -> bool {
    container_env_value(container, "IS_INJECTED") == "true"
}

pub fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}
