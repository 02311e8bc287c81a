//! Test guest for the e2e host. It speaks the Kubewarden waPC protocol (`validate`,
//! `validate_settings`, `protocol_version`) without the SDK, and does whatever its settings'
//! `behaviour` says, so that every path of the host can be exercised:
//!
//! | behaviour        | `validate` does                                                        |
//! |------------------|------------------------------------------------------------------------|
//! | `accept` (none)  | accepts                                                                |
//! | `echo`           | accepts; `message` = the payload exactly as received                  |
//! | `reject`         | rejects with `message`/`code` from settings, a warning, an annotation |
//! | `mutate`         | adds label `test-guest: mutated` to the request's object              |
//! | `mutate_noop`    | returns the request's object unchanged as the mutated object          |
//! | `mutate_delete`  | returns a mutated object whatever the request (DELETE guard)           |
//! | `spin`           | loops forever (deadline)                                               |
//! | `trap`           | panics (wasm trap)                                                     |
//! | `guest_error`    | returns a waPC error                                                   |
//! | `bad_response`   | returns bytes that are not JSON                                        |
//! | `log`            | sends `logs` (`[{level, message}]`) to `tracing/log`, then accepts    |
//! | `get_namespace`  | `kubernetes/get_resource` of Namespace `name`                          |
//! | `host_call`      | host call with `binding`, `namespace`, `operation`, `payload` (JSON)   |
//! | `grow_memory`    | allocates `mib` MiB, then accepts                                      |
//! | `count`          | accepts; `message` = how many times this instance ran `validate`       |
//!
//! Host-call results come back as the message of an accepted response (success) or of a
//! rejection (error). `validate_settings` accepts known behaviours; `settingsBehaviour`
//! (`invalid` with `message`, `trap`, `spin`, `garbage`) drives it instead.

use serde_json::{Value, json};
use wapc_guest::prelude::*;

const BEHAVIOURS: &[&str] = &[
    "accept",
    "echo",
    "reject",
    "mutate",
    "mutate_noop",
    "mutate_delete",
    "spin",
    "trap",
    "guest_error",
    "bad_response",
    "log",
    "get_namespace",
    "host_call",
    "grow_memory",
    "count",
];

/// Survives between calls on the same instance only: shows whether the host reuses instances.
static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

#[unsafe(no_mangle)]
pub extern "C" fn wapc_init() {
    // Traps are what the host tests look at; the panic message a real policy would print on
    // policy-server's stderr would only look like a failure in the test output.
    std::panic::set_hook(Box::new(|_| {}));
    register_function("validate", validate);
    register_function("validate_settings", validate_settings);
    register_function("protocol_version", protocol_version);
}

fn protocol_version(_payload: &[u8]) -> CallResult {
    Ok(br#""v1""#.to_vec())
}

fn respond(value: Value) -> CallResult {
    Ok(serde_json::to_vec(&value)?)
}

fn spin() -> ! {
    let mut counter: u64 = 0;
    loop {
        counter = std::hint::black_box(counter.wrapping_add(1));
    }
}

fn validate_settings(payload: &[u8]) -> CallResult {
    let settings: Value = serde_json::from_slice(payload)?;
    match settings.get("settingsBehaviour").and_then(Value::as_str) {
        Some("invalid") => {
            let message = settings.get("message").cloned().unwrap_or(json!("invalid settings"));
            return respond(json!({"valid": false, "message": message}));
        }
        Some("trap") => panic!("test guest: trap in validate_settings"),
        Some("spin") => spin(),
        Some("garbage") => return Ok(b"garbage".to_vec()),
        _ => {}
    }
    if let Some(behaviour) = settings.get("behaviour").and_then(Value::as_str)
        && !BEHAVIOURS.contains(&behaviour)
    {
        return respond(json!({"valid": false, "message": format!("unknown behaviour: {behaviour}")}));
    }
    respond(json!({"valid": true, "message": null}))
}

fn validate(payload: &[u8]) -> CallResult {
    let envelope: Value = serde_json::from_slice(payload)?;
    let request = &envelope["request"];
    let settings = &envelope["settings"];
    let text = |key: &str| settings.get(key).and_then(Value::as_str).map(str::to_owned);
    match text("behaviour").as_deref().unwrap_or("accept") {
        "echo" => respond(json!({"accepted": true, "message": String::from_utf8_lossy(payload)})),
        "reject" => respond(json!({
            "accepted": false,
            "message": text("message").unwrap_or_else(|| "rejected by the test guest".into()),
            "code": settings.get("code"),
            "warnings": ["test warning"],
            "audit_annotations": {"test-guest": "rejected"}
        })),
        "mutate" => {
            let mut object = request["object"].clone();
            if !object["metadata"].is_object() {
                object["metadata"] = json!({});
            }
            if !object["metadata"]["labels"].is_object() {
                object["metadata"]["labels"] = json!({});
            }
            object["metadata"]["labels"]["test-guest"] = json!("mutated");
            respond(json!({"accepted": true, "mutated_object": object}))
        }
        "mutate_noop" => respond(json!({"accepted": true, "mutated_object": request["object"]})),
        "mutate_delete" => respond(json!({"accepted": true, "mutated_object": {"kind": "Pod"}})),
        "spin" => spin(),
        "trap" => panic!("test guest: trap in validate"),
        "guest_error" => Err("guest error from the test guest".into()),
        "bad_response" => Ok(b"this is not json".to_vec()),
        "log" => {
            let logs = settings.get("logs").and_then(Value::as_array).cloned().unwrap_or_default();
            for entry in logs {
                let payload = json!({
                    "level": entry.get("level").cloned().unwrap_or(json!("info")),
                    "message": entry.get("message").cloned().unwrap_or(Value::Null),
                    "file": "test-guest/src/lib.rs",
                    "policy": "test-guest"
                });
                host_call("kubewarden", "tracing", "log", &serde_json::to_vec(&payload)?)?;
            }
            respond(json!({"accepted": true}))
        }
        "get_namespace" => {
            let payload = json!({
                "api_version": "v1", "kind": "Namespace", "name": text("name").unwrap_or_default(),
                "namespace": null, "disable_cache": false, "field_masks": null
            });
            host_call_response(host_call("kubewarden", "kubernetes", "get_resource", &serde_json::to_vec(&payload)?))
        }
        "host_call" => {
            let payload = match settings.get("payload") {
                Some(Value::String(raw)) => raw.clone().into_bytes(),
                Some(value) => serde_json::to_vec(value)?,
                None => Vec::new(),
            };
            host_call_response(host_call(
                &text("binding").unwrap_or_else(|| "kubewarden".into()),
                &text("namespace").unwrap_or_default(),
                &text("operation").unwrap_or_default(),
                &payload,
            ))
        }
        "grow_memory" => {
            let mib = settings.get("mib").and_then(Value::as_u64).unwrap_or(64) as usize;
            // A failed allocation traps without std's "memory allocation failed" message.
            let mut block: Vec<u8> = Vec::new();
            if block.try_reserve_exact(mib * 1024 * 1024).is_err() {
                std::process::abort();
            }
            block.resize(mib * 1024 * 1024, 1);
            let block = std::hint::black_box(block);
            respond(json!({"accepted": true, "message": format!("allocated {} bytes", block.len())}))
        }
        "count" => {
            let calls = CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            respond(json!({"accepted": true, "message": calls.to_string()}))
        }
        _ => respond(json!({"accepted": true})),
    }
}

fn host_call_response(result: CallResult) -> CallResult {
    match result {
        Ok(bytes) => respond(json!({"accepted": true, "message": String::from_utf8_lossy(&bytes)})),
        Err(error) => respond(json!({"accepted": false, "message": error.to_string()})),
    }
}
