//! The policy's two operations on raw waPC payloads, free of waPC itself so that they are
//! tested natively: `validate` (an admission request plus settings in, a
//! `ValidationResponse` out) and `validate_settings`.

use serde_json::{Map, Value};

use crate::bindings::authorization::check_pod_references;
use crate::inject::build::INJECTED_LIST_ANNOTATION;
use crate::inject::{Injection, Options, inject, pod};
use crate::limits::{MAX_PAYLOAD_BYTES, MAX_SETTINGS_BYTES, describe_bytes};
use crate::response::{BAD_REQUEST, FORBIDDEN, accept, accept_with_warnings, mutate, reject, settings_validation};
use crate::settings::{self, Settings};
use crate::time::{UnixSeconds, format_rfc3339};
use crate::virtual_node::placement::{add_virtual_node_label, has_virtual_node_label, virtual_node_signal};

/// Audit annotation naming the SidecarSets injected into a pod.
pub const AUDIT_INJECTED: &str = "sidecarset-policy.kubewarden.io/injected";
/// Audit annotation giving the reason a pod was labelled as a virtual-node pod.
pub const AUDIT_VIRTUAL_NODE: &str = "sidecarset-policy.kubewarden.io/virtual-node";

/// Evaluate a `{"request": AdmissionRequest, "settings": ...}` payload. `now` is the time
/// recorded in the pod's hash annotations. Never fails: every problem is a rejection with a
/// message, so the host never sees a guest error.
pub fn validate(payload: &[u8], now: UnixSeconds) -> Vec<u8> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        let message = format!(
            "invalid validation request: {} bytes (request and settings); the policy evaluates at most {}",
            payload.len(),
            describe_bytes(MAX_PAYLOAD_BYTES)
        );
        return reject(&message, BAD_REQUEST);
    }
    let mut payload: Value = match serde_json::from_slice(payload) {
        Ok(v) => v,
        Err(e) => return reject(&format!("invalid validation request: {e}"), BAD_REQUEST),
    };
    let settings_value = payload.get_mut("settings").map(Value::take).unwrap_or(Value::Null);
    let Some(request) = payload.get_mut("request").filter(|r| r.is_object()) else {
        return reject("invalid validation request: \"request\" must be an AdmissionRequest object", BAD_REQUEST);
    };
    let object = request.get_mut("object").map(Value::take).unwrap_or(Value::Null);
    let request = &*request;
    let settings = match Settings::read(&settings_value) {
        Ok(s) => s,
        Err(e) => return reject(&format!("invalid settings: {e}"), BAD_REQUEST),
    };
    if !is_pod_request(request) {
        return accept();
    }
    let now = format_rfc3339(now);
    match request.get("operation").and_then(Value::as_str) {
        Some("CREATE") => on_create(request, object, &settings, &now),
        Some("UPDATE") if settings.virtual_node.ack_mode => on_update(request, object, &settings, &now),
        // DELETE, CONNECT, and UPDATE outside ACK mode: a pod update may not add containers.
        _ => accept(),
    }
}

/// Pods, not their subresources (`pods/status`, `pods/binding`, ...).
fn is_pod_request(request: &Value) -> bool {
    let kind = request.get("kind");
    let is_pod = kind.and_then(|k| k.get("kind")).and_then(Value::as_str) == Some("Pod")
        && kind.and_then(|k| k.get("group")).and_then(Value::as_str).unwrap_or("").is_empty();
    let sub_resource = request.get("subResource").and_then(Value::as_str).unwrap_or("");
    is_pod && sub_resource.is_empty()
}

/// Pod creation: predictive virtual-node labelling, injection, then the cross-namespace
/// reference guard on the pod as it would be admitted.
fn on_create(request: &Value, mut object: Value, settings: &Settings<'_>, now: &str) -> Vec<u8> {
    if let Err(response) = check_pod(&object) {
        return response;
    }
    if !pod::is_active(&object) {
        return accept();
    }
    let namespace = effective_namespace(&object, request);
    let mut audit = Map::new();
    let mut labelled = false;
    if settings.virtual_node.predict
        && let Some(signal) = virtual_node_signal(&object, &settings.virtual_node)
        && !has_virtual_node_label(&object, &settings.virtual_node)
        && add_virtual_node_label(&mut object, &settings.virtual_node)
    {
        labelled = true;
        audit.insert(AUDIT_VIRTUAL_NODE.to_string(), Value::from(signal));
    }
    let options = Options { lifecycle: settings.lifecycle, on_update: false };
    finish(object, &namespace, settings, now, options, labelled, audit)
}

/// ACK mode: the UPDATE that adds the virtual-node label to a pod that is neither injected
/// nor running yet gets its sidecars (ACK's `SidecarSetServerlessPod` API-server gate allows
/// adding containers then). Any other update is left alone.
fn on_update(request: &Value, object: Value, settings: &Settings<'_>, now: &str) -> Vec<u8> {
    if check_pod(&object).is_err() {
        // The API server validates updates itself; an update the policy cannot read is not
        // one it acts on.
        return accept();
    }
    let old = request.get("oldObject").unwrap_or(&Value::Null);
    let vn = &settings.virtual_node;
    let label_added = has_virtual_node_label(&object, vn) && !has_virtual_node_label(old, vn);
    let injected = pod::annotation(&object, INJECTED_LIST_ANNOTATION).is_some_and(|l| !l.is_empty());
    if !label_added || injected || !pod::is_active(&object) || is_running(&object) {
        return accept();
    }
    let namespace = effective_namespace(&object, request);
    let options = Options { lifecycle: settings.lifecycle, on_update: true };
    finish(object, &namespace, settings, now, options, false, Map::new())
}

fn finish(
    mut object: Value,
    namespace: &str,
    settings: &Settings<'_>,
    now: &str,
    options: Options,
    labelled: bool,
    mut audit: Map<String, Value>,
) -> Vec<u8> {
    let (injection, matched): (Injection, _) =
        match inject(&mut object, namespace, &settings.sidecar_sets, now, options) {
            Ok(i) => i,
            Err(e) => return reject(&format!("sidecar injection failed: {e}"), BAD_REQUEST),
        };
    if let Err(e) = check_pod_references(&object, namespace, &settings.sidecar_sets, &settings.bindings, &matched) {
        return reject(&e, FORBIDDEN);
    }
    if !injection.sidecar_sets.is_empty() {
        audit.insert(AUDIT_INJECTED.to_string(), Value::from(injection.sidecar_sets.join(",")));
    }
    if injection.changed || labelled {
        let audit = (!audit.is_empty()).then_some(Value::Object(audit));
        mutate(&object, audit.as_ref(), &injection.warnings)
    } else {
        accept_with_warnings(&injection.warnings)
    }
}

/// A malformed pod is refused with a precise message.
fn check_pod(object: &Value) -> Result<(), Vec<u8>> {
    if !object.is_object() {
        return Err(reject("invalid request: the object of a Pod request must be a Pod object", BAD_REQUEST));
    }
    pod::check_shape(object).map_err(|e| reject(&format!("invalid Pod: {e}"), BAD_REQUEST))
}

/// A pod is running once it left `Pending` or one of its containers started.
fn is_running(pod: &Value) -> bool {
    let status = pod.get("status");
    let phase = status.and_then(|s| s.get("phase")).and_then(Value::as_str).unwrap_or("");
    let started = ["containerStatuses", "initContainerStatuses"].iter().any(|field| {
        pod::list(status.and_then(|s| s.get(field)))
            .iter()
            .any(|c| c.get("state").is_some_and(|st| st.get("running").is_some() || st.get("terminated").is_some()))
    });
    !(phase.is_empty() || phase == "Pending") || started
}

/// The pod's namespace, else the request's, else `default` (Kruise's rule).
fn effective_namespace(pod: &Value, request: &Value) -> String {
    [pod.get("metadata").and_then(|m| m.get("namespace")), request.get("namespace")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|ns| !ns.is_empty())
        .unwrap_or("default")
        .to_string()
}

/// Validate settings (the bare settings JSON).
pub fn validate_settings(payload: &[u8]) -> Vec<u8> {
    if payload.len() > MAX_SETTINGS_BYTES {
        let message = format!(
            "settings are {} bytes; the policy accepts at most {} (they are parsed on every request)",
            payload.len(),
            describe_bytes(MAX_SETTINGS_BYTES)
        );
        return settings_validation(Err(message));
    }
    let result = match serde_json::from_slice::<Value>(payload) {
        Err(e) => Err(format!("settings are not valid JSON: {e}")),
        Ok(v) => settings::validate(&v).map_err(|errors| errors.join("; ")),
    };
    settings_validation(result)
}
