//! The shape of the pod a request carries. The pod stays JSON (lossless); it is checked once,
//! before anything reads it, so that every later access can rely on the types the API server
//! guarantees for the fields the policy reads or writes.

use apimachinery::json::list;
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
