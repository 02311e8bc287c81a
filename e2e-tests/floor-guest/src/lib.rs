//! The floor of the benchmarks: a Kubewarden waPC guest whose `validate` only checks that the
//! payload is JSON (`serde::de::IgnoredAny`, nothing built) and accepts. Whatever a policy
//! costs beyond this guest on the same payload is the policy's own work; the instance,
//! the waPC round trip and reading the bytes are paid by both.

use serde::de::IgnoredAny;
use wapc_guest::prelude::*;

#[unsafe(no_mangle)]
pub extern "C" fn wapc_init() {
    register_function("validate", validate);
    register_function("validate_settings", validate_settings);
    register_function("protocol_version", protocol_version);
}

fn protocol_version(_payload: &[u8]) -> CallResult {
    Ok(br#""v1""#.to_vec())
}

fn validate_settings(payload: &[u8]) -> CallResult {
    serde_json::from_slice::<IgnoredAny>(payload)?;
    Ok(br#"{"valid":true,"message":null}"#.to_vec())
}

fn validate(payload: &[u8]) -> CallResult {
    serde_json::from_slice::<IgnoredAny>(payload)?;
    Ok(br#"{"accepted":true,"message":null,"code":null,"mutated_object":null,"audit_annotations":null,"warnings":null}"#.to_vec())
}
