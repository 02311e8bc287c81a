//! `validate_settings` on arbitrary bytes: it must answer, never trap, and the answer must be
//! a `SettingsValidationResponse` (`valid` bool; a refusal carries a non-empty message).
//! Settings it accepts must also be usable: `validate` with them never answers "invalid
//! settings".

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use sidecarset_policy::host::NoCluster;
use sidecarset_policy::policy::{validate, validate_settings};

fuzz_target!(|data: &[u8]| {
    let response: Value = serde_json::from_slice(&validate_settings(data)).expect("response is JSON");
    let valid = response.get("valid").and_then(Value::as_bool).expect("response has a `valid` bool");
    let message = response.get("message").expect("response has a `message`");
    if valid {
        assert!(message.is_null(), "a valid answer carries no message: {response}");
        let settings: Value = serde_json::from_slice(data).expect("valid settings are JSON");
        // A CREATE of a minimal pod: the settings are read on every request.
        let payload = json!({
            "request": {
                "uid": "u", "operation": "CREATE", "namespace": "default",
                "kind": {"group": "", "version": "v1", "kind": "Pod"},
                "object": {"metadata": {"name": "p", "labels": {"app": "x"}}, "spec": {"containers": [{"name": "app", "image": "nginx"}]}}
            },
            "settings": settings,
        });
        let out: Value =
            serde_json::from_slice(&validate(&serde_json::to_vec(&payload).expect("JSON"), 0, &NoCluster::default()))
                .expect("JSON");
        let text = out.get("message").and_then(Value::as_str).unwrap_or("");
        assert!(!text.starts_with("invalid settings"), "valid settings refused at evaluation: {text}");
    } else {
        let text = message.as_str().expect("a refusal has a message");
        assert!(!text.is_empty(), "empty refusal message");
    }
});
