//! What must hold for every answer of `validate`, whatever the payload:
//!
//! - it is a JSON object with the six keys of Kubewarden's `ValidationResponse`;
//! - a rejection has a non-empty message and code 400 or 403, or 500 where Kruise answers it
//!   (a cluster read failed, the validator role refused a SidecarSet); never a trap;
//! - an acceptance has neither message nor code; a mutation is an object;
//! - audit annotations are strings, warnings a non-empty list of strings;
//! - a payload that is not JSON is a 400 "invalid validation request";
//! - settings that `validate_settings` accepts are never "invalid settings" here;
//! - a mutated pod keeps everything the injection does not own (`check_mutation`).

use serde_json::{Map, Value};
use sidecarset_policy::host::NoCluster;
use sidecarset_policy::policy::{validate, validate_settings};

/// Equality of JSON values, floats included: the policy reads numbers with serde_json's
/// `float_roundtrip`, so a field it does not touch comes back with exactly its value (this
/// fuzzer once found a float changed by one ULP without it).
pub fn same(a: &Value, b: &Value) -> bool {
    a == b
}

fn same_opt(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// Keys of a `ValidationResponse`, as the Kubewarden SDK serialises it.
const RESPONSE_KEYS: [&str; 6] = ["accepted", "message", "code", "mutated_object", "audit_annotations", "warnings"];

/// Whether the payload's settings make the module the SidecarSet validator.
fn validator_role(payload: &[u8]) -> bool {
    let payload: Value = serde_json::from_slice(payload).unwrap_or(Value::Null);
    payload.get("settings").and_then(|s| s.get("role")).and_then(Value::as_str) == Some("validator")
}

/// Whether the payload's settings put the injector in audit mode.
fn audit_mode(payload: &[u8]) -> bool {
    let payload: Value = serde_json::from_slice(payload).unwrap_or(Value::Null);
    payload.get("settings").and_then(|s| s.get("mode")).and_then(Value::as_str) == Some("audit")
}

/// Run `validate` and check its answer; returns the parsed response.
pub fn validate_and_check(payload: &[u8], now: i64) -> Value {
    // Cluster reads fail, as with a policy that was granted none: the policy must still
    // answer every request.
    let raw = validate(payload, now, &NoCluster::default());
    let response: Value = serde_json::from_slice(&raw).expect("the response is JSON");
    let obj = response.as_object().expect("the response is an object");
    let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    assert_eq!(keys, RESPONSE_KEYS, "response keys");
    let accepted = obj.get("accepted").and_then(Value::as_bool).expect("`accepted` is a bool");
    let message = obj.get("message").unwrap_or(&Value::Null);
    let code = obj.get("code").unwrap_or(&Value::Null);
    let mutated = obj.get("mutated_object").unwrap_or(&Value::Null);
    if accepted {
        assert!(message.is_null() && code.is_null(), "an acceptance with a message or code: {response}");
        assert!(mutated.is_null() || mutated.is_object(), "mutated object is not an object");
    } else {
        let text = message.as_str().expect("a rejection has a message");
        assert!(!text.is_empty(), "empty rejection message");
        // Audit mode refuses a pod that lacks its sidecars without a code (a plain denial).
        let audit_denial = code.is_null() && audit_mode(payload);
        assert!(audit_denial || matches!(code.as_u64(), Some(400 | 403 | 500)), "rejection code {code}");
        // 500 is only for what the cluster lacks or could not give (a ControllerRevision, the
        // cluster's SidecarSets), as Kruise's webhooks answer it (here every cluster read
        // fails), and for the validator role's refusals, Kruise's SidecarSet webhook code.
        if code.as_u64() == Some(500) {
            let from_cluster = ["sidecar injection failed: ", "cannot list the cluster's SidecarSets: "];
            assert!(
                validator_role(payload) || from_cluster.iter().any(|p| text.starts_with(p)),
                "500 outside injection and SidecarSet validation: {text}"
            );
        }
        assert!(mutated.is_null(), "a rejection with a mutation");
    }
    match obj.get("audit_annotations") {
        Some(Value::Null) | None => {}
        Some(Value::Object(m)) => assert!(m.values().all(Value::is_string), "audit annotations: {m:?}"),
        Some(other) => panic!("audit annotations: {other}"),
    }
    match obj.get("warnings") {
        Some(Value::Null) | None => {}
        Some(Value::Array(w)) => assert!(!w.is_empty() && w.iter().all(Value::is_string), "warnings: {w:?}"),
        Some(other) => panic!("warnings: {other}"),
    }
    let text = message.as_str().unwrap_or("");
    match serde_json::from_slice::<Value>(payload) {
        Err(_) => {
            assert!(!accepted && code == 400, "unparsable payload not refused with 400");
            assert!(text.starts_with("invalid validation request"), "{text}");
        }
        Ok(parsed) => {
            if text.starts_with("invalid settings") {
                let settings = parsed.get("settings").cloned().unwrap_or(Value::Null);
                let settings_bytes = serde_json::to_vec(&settings).expect("JSON");
                let verdict: Value = serde_json::from_slice(&validate_settings(&settings_bytes)).expect("JSON");
                assert_eq!(
                    verdict.get("valid"),
                    Some(&Value::Bool(false)),
                    "validate_settings accepts settings that validate refuses: {text}"
                );
            }
            assert!(!(audit_mode(payload) && mutated.is_object()), "audit mode changed a pod");
            if mutated.is_object() {
                let original = parsed.get("request").and_then(|r| r.get("object")).unwrap_or(&Value::Null);
                let role = parsed.get("settings").and_then(|s| s.get("role")).and_then(Value::as_str);
                if role == Some("sidecarset-defaulter") {
                    check_sidecar_set_defaulting(original, mutated);
                } else {
                    check_mutation(original, mutated);
                }
            }
        }
    }
    response
}

/// The defaulter owns the SidecarSet's `spec` (Kruise's defaults) and its two hash
/// annotations; everything else comes out as it went in.
pub fn check_sidecar_set_defaulting(original: &Value, mutated: &Value) {
    let (Some(orig), Some(new)) = (original.as_object(), mutated.as_object()) else {
        panic!("a defaulted SidecarSet that is not an object");
    };
    assert!(new.get("spec").is_some_and(Value::is_object), "defaulted spec is not an object");
    for (key, value) in orig.iter().filter(|(k, _)| *k != "spec" && *k != "metadata") {
        assert!(same_opt(new.get(key), Some(value)), "SidecarSet field {key} changed");
    }
    let hash_keys = ["kruise.io/sidecarset-hash", "kruise.io/sidecarset-hash-without-image"];
    let new_meta = new.get("metadata").and_then(Value::as_object).expect("metadata of the defaulted SidecarSet");
    for (key, value) in orig.get("metadata").and_then(Value::as_object).into_iter().flatten() {
        if key == "annotations" {
            let after = new_meta.get("annotations").and_then(Value::as_object).expect("annotations written");
            for (k, v) in value.as_object().into_iter().flatten().filter(|(k, _)| !hash_keys.contains(&k.as_str())) {
                assert!(same_opt(after.get(k), Some(v)), "annotation {k} changed");
            }
        } else {
            assert!(same_opt(new_meta.get(key), Some(value)), "metadata.{key} changed");
        }
    }
    for key in new.keys() {
        assert!(orig.contains_key(key) || key == "metadata" || key == "spec", "SidecarSet field {key} added");
    }
}

/// The injection owns the pod's container lists, volumes, pull secrets, the virtual-node
/// label and annotations it writes; everything else must come out exactly as it went in,
/// unknown fields and explicit `null`s included, in the same order.
pub fn check_mutation(original: &Value, mutated: &Value) {
    let (Some(orig), Some(new)) = (original.as_object(), mutated.as_object()) else {
        panic!("a mutation of a non-object pod");
    };
    for (key, value) in orig {
        match key.as_str() {
            "metadata" => check_metadata(value, new.get("metadata")),
            "spec" => check_spec(value, new.get("spec")),
            _ => assert!(same_opt(new.get(key), Some(value)), "pod field {key} changed: {value} -> {:?}", new.get(key)),
        }
    }
    // Nothing but metadata and spec may appear.
    for key in new.keys() {
        assert!(orig.contains_key(key) || key == "metadata" || key == "spec", "pod field {key} added");
    }
}

fn check_metadata(orig: &Value, new: Option<&Value>) {
    let Some(orig) = orig.as_object() else {
        // `null` metadata may become an object holding the label or annotations.
        assert!(orig.is_null(), "metadata of another type was accepted");
        return;
    };
    let new = new.and_then(Value::as_object).expect("metadata removed");
    for (key, value) in orig {
        match key.as_str() {
            "labels" => check_kept_entries(value, new.get("labels"), "label", false),
            "annotations" => check_kept_entries(value, new.get("annotations"), "annotation", true),
            _ => assert!(same_opt(new.get(key), Some(value)), "metadata.{key} changed: {value} -> {:?}", new.get(key)),
        }
    }
}

/// Labels are only added; annotations may be rewritten (Kruise's own and `patchPodMetadata`
/// ones) but never removed.
fn check_kept_entries(orig: &Value, new: Option<&Value>, what: &str, rewritable: bool) {
    let Some(orig) = orig.as_object() else { return };
    let empty = Map::new();
    let new = new.and_then(Value::as_object).unwrap_or(&empty);
    for (k, v) in orig {
        let got = new.get(k);
        assert!(got.is_some(), "{what} {k} removed");
        if !rewritable {
            assert!(same_opt(got, Some(v)), "{what} {k} changed");
        }
    }
}

fn check_spec(orig: &Value, new: Option<&Value>) {
    let Some(orig) = orig.as_object() else { return };
    let new = new.and_then(Value::as_object).expect("spec removed");
    for (key, value) in orig {
        match key.as_str() {
            "containers" | "initContainers" => check_containers(value, new.get(key), key),
            "volumes" => {
                let before = value.as_array().map_or(&[][..], Vec::as_slice);
                let after = new.get(key).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
                let kept = after.len() >= before.len() && before.iter().zip(after).all(|(a, b)| same(a, b));
                assert!(kept, "spec.volumes: the pod's volumes changed");
            }
            "imagePullSecrets" => {
                // Kruise de-duplicates the pod's own list by name, keeping the first.
                let names = |v: Option<&Value>| -> Vec<Value> {
                    v.and_then(Value::as_array)
                        .map(|a| a.iter().map(|s| s.get("name").cloned().unwrap_or(Value::Null)).collect())
                        .unwrap_or_default()
                };
                let after = names(new.get(key));
                for name in names(Some(value)) {
                    let as_str = if name.is_string() { name.clone() } else { Value::Null };
                    assert!(
                        after.contains(&name) || after.contains(&as_str) || name.as_str().is_none(),
                        "pull secret {name} removed"
                    );
                }
            }
            _ => assert!(same_opt(new.get(key), Some(value)), "spec.{key} changed: {value} -> {:?}", new.get(key)),
        }
    }
}

/// The pod's containers keep their order; one may only be replaced by a sidecar of the same
/// name (Kruise's in-place replacement).
fn check_containers(orig: &Value, new: Option<&Value>, field: &str) {
    let before = orig.as_array().map_or(&[][..], Vec::as_slice);
    let after = new.and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    // Names as Go decodes them: missing, `null` or mistyped read as "" (so an unnamed
    // sidecar of invalid settings replaces an unnamed container, as in Kruise).
    let go_name = |c: &Value| c.get("name").and_then(Value::as_str).unwrap_or("").to_string();
    let mut at = 0;
    for c in before {
        let name = go_name(c);
        let found = after.get(at..).and_then(|rest| rest.iter().position(|n| same(n, c) || go_name(n) == name));
        let Some(offset) = found else {
            panic!("spec.{field}: container {c} lost or reordered");
        };
        at += offset + 1;
    }
}

#[cfg(test)]
mod tests {
    /// The committed `validate` corpus meets the contract (`cargo test --lib` in `fuzz/`, on
    /// stable), so a contract change is checked before a fuzz run starts from these seeds.
    #[test]
    fn the_validate_corpus_meets_the_contract() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/validate");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("fuzz/corpus/validate") {
            let path = entry.expect("a corpus entry").path();
            let bytes = std::fs::read(&path).expect("a corpus file");
            super::validate_and_check(&bytes, 1_767_225_600);
            seen += 1;
        }
        assert!(seen > 50, "only {seen} corpus files");
    }
}
