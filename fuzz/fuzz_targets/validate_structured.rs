//! `validate` on structured input: pods, SidecarSets and settings built by
//! `sidecarset_policy_fuzz::model` from the fuzzer's bytes and serialised to the
//! `{request, settings}` envelope. Besides the response contract (`check`), the settings
//! verdicts agree (settings `validate_settings` accepts are never "invalid settings" in
//! `validate`), and with valid settings a pod admitted with a mutation is admitted unchanged
//! when it comes back (reinvocation and re-submission are no-ops).

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use sidecarset_policy::policy::validate_settings;
use sidecarset_policy_fuzz::check::validate_and_check;
use sidecarset_policy_fuzz::model::request_from_bytes;

fuzz_target!(|data: &[u8]| {
    let Ok(request) = request_from_bytes(data) else { return };
    let mut payload = request.to_payload();
    let bytes = serde_json::to_vec(&payload).expect("JSON");
    let response = validate_and_check(&bytes, request.now);

    let settings = serde_json::to_vec(&payload["settings"]).expect("JSON");
    let verdict: Value = serde_json::from_slice(&validate_settings(&settings)).expect("JSON");
    let settings_valid = verdict["valid"] == Value::Bool(true);
    let message = response["message"].as_str().unwrap_or("");
    if settings_valid {
        assert!(!message.starts_with("invalid settings"), "valid settings refused: {message}");
    }

    let mutated = &response["mutated_object"];
    if settings_valid && mutated.is_object() && payload["request"]["operation"] == "CREATE" {
        payload["request"]["object"] = mutated.clone();
        let again = validate_and_check(&serde_json::to_vec(&payload).expect("JSON"), request.now);
        assert_eq!(again["accepted"], Value::Bool(true), "the admitted pod is refused when it comes back: {again}");
        let changed = &again["mutated_object"];
        assert!(
            changed.is_null() || sidecarset_policy_fuzz::check::same(changed, mutated),
            "a second pass changes the pod again:\n{mutated}\n{changed}"
        );
    }
});
