//! The module's roles end to end, natively: each case of `tests/sidecarset_webhooks/*.yaml`
//! is an admission request with settings and the cluster's objects, evaluated by
//! `policy::validate` as the policy module evaluates it, and checked against the response.
//!
//! Kruise's SidecarSet webhook tests that need a cluster (`sidecarset_mutating_test.go`, the
//! update and conflict cases of `sidecarset_validating_test.go`) are ported here, as are the
//! injector's reads of cluster SidecarSets and SidecarSetResourceBindings.
//!
//! A case: `settings`, `request` (an AdmissionRequest; `uid`, `userInfo` and `resource`
//! default), `cluster` (`sidecarSets`, `bindings`, `namespaces`, `controllerRevisions`) and
//! `expect`: `settingsValid` (default true) and `settingsMessageContains` (what
//! `validate_settings` answers; the request is not sent when the settings are invalid),
//! `accepted`, `code`, `message` (exact), `messageContains`, `warnings` (exact),
//! `warningsContain` (each a substring of some warning), `mutated` (whether the answer carries
//! an object), `object` (the whole mutated object), and the `paths`/`jsonpaths`/`absent`
//! checks of the other suites on the mutated object.

mod support;

use serde_json::{Map, Value, json};
use sidecarset_policy::host::objects::ObjectsHost;
use sidecarset_policy::policy;

/// 2026-01-01T00:00:00Z: the injection time of every case.
const NOW: i64 = 1_767_225_600;

const EXPECT_KEYS: [&str; 13] = [
    "settingsValid",
    "settingsMessageContains",
    "accepted",
    "code",
    "message",
    "messageContains",
    "warnings",
    "warningsContain",
    "mutated",
    "object",
    "paths",
    "jsonpaths",
    "absent",
];

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    libtest_mimic::run(&args, support::case_trials("sidecarset_webhooks", 30, run_case)).exit();
}

fn host(case: &Value) -> Result<ObjectsHost, String> {
    let cluster = case.get("cluster").cloned().unwrap_or(Value::Null);
    let list = |key: &str| cluster.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
    let mut host = ObjectsHost::from_values(&list("namespaces"), &list("controllerRevisions"), 0.5)?;
    host.sidecar_sets = list("sidecarSets");
    host.bindings = list("bindings");
    Ok(host)
}

/// The request with the fields every AdmissionRequest has filled in.
fn request(case: &Value) -> Value {
    let mut request = case.get("request").cloned().unwrap_or(Value::Object(Map::new()));
    let kind = request.get("kind").cloned().unwrap_or(Value::Null);
    let plural = match kind.get("kind").and_then(Value::as_str).unwrap_or("") {
        "Pod" => "pods",
        "SidecarSet" => "sidecarsets",
        "SidecarSetResourceBinding" => "sidecarsetresourcebindings",
        _ => "others",
    };
    if let Some(fields) = request.as_object_mut() {
        let defaults = [
            ("uid", json!("00000000-0000-4000-8000-000000000001")),
            ("operation", json!("CREATE")),
            ("userInfo", json!({"username": "kubernetes-admin"})),
            ("resource", json!({"group": kind["group"], "version": kind["version"], "resource": plural})),
        ];
        for (key, value) in defaults {
            fields.entry(key).or_insert(value);
        }
    }
    request
}

/// Replace `{example: <file>, pointer: <json pointer>, ...}` nodes by that part of a shipped
/// file, merge-patched with the node's other keys, so the cases check the files users apply.
fn with_examples(v: &Value) -> Result<Value, String> {
    Ok(match v {
        Value::Object(m) if m.contains_key("example") => {
            let file = m.get("example").and_then(Value::as_str).unwrap_or_default();
            let doc = support::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file));
            let pointer = m.get("pointer").and_then(Value::as_str).unwrap_or("");
            let mut part = doc.pointer(pointer).cloned().ok_or_else(|| format!("{file} has nothing at {pointer:?}"))?;
            // A fixture's `merge` lands beside `example`: every other key patches the file's part.
            for (key, patch) in m.iter().filter(|(k, _)| !["example", "pointer"].contains(&k.as_str())) {
                let patch = if key == "merge" { patch.clone() } else { json!({ key: patch }) };
                support::merge(&mut part, &with_examples(&patch)?);
            }
            part
        }
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| Ok((k.clone(), with_examples(v)?))).collect::<Result<_, String>>()?)
        }
        Value::Array(items) => Value::Array(items.iter().map(with_examples).collect::<Result<_, _>>()?),
        other => other.clone(),
    })
}

fn run_case(case: &Value) -> Vec<String> {
    let case = match with_examples(case) {
        Ok(case) => case,
        Err(e) => return vec![e],
    };
    let case = &case;
    let expect = case.get("expect").cloned().unwrap_or(Value::Null);
    let mut failures: Vec<String> = expect
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| !EXPECT_KEYS.contains(&k.as_str()))
        .map(|(k, _)| format!("unknown expectation {k:?}"))
        .collect();
    let settings = case.get("settings").cloned().unwrap_or(json!({}));
    // Kubewarden validates the settings before it sends any request.
    let checked: Value =
        serde_json::from_slice(&policy::validate_settings(settings.to_string().as_bytes())).unwrap_or(Value::Null);
    let settings_valid = checked.get("valid").and_then(Value::as_bool).unwrap_or(false);
    let settings_message = checked.get("message").and_then(Value::as_str).unwrap_or("");
    let want_valid = expect.get("settingsValid").and_then(Value::as_bool).unwrap_or(true);
    if settings_valid != want_valid {
        failures.push(format!("settings valid: want {want_valid}, got {checked}"));
    }
    if let Some(want) = expect.get("settingsMessageContains").and_then(Value::as_str)
        && !settings_message.contains(want)
    {
        failures.push(format!("settings message: want it to contain {want:?}, got {settings_message:?}"));
    }
    if !settings_valid {
        return failures;
    }
    if expect.get("accepted").is_none() {
        failures.push("the case says nothing about `accepted`".to_string());
    }
    let host = match host(case) {
        Ok(host) => host,
        Err(e) => return vec![format!("bad cluster object: {e}")],
    };
    let payload = json!({"request": request(case), "settings": settings});
    let answer = policy::validate(payload.to_string().as_bytes(), NOW, &host);
    let response: Value = match serde_json::from_slice(&answer) {
        Ok(v) => v,
        Err(e) => return vec![format!("the answer is not JSON: {e}")],
    };
    let shown = || serde_json::to_string(&response).unwrap_or_default();
    let field = |key: &str| response.get(key).cloned().unwrap_or(Value::Null);
    if let Some(want) = expect.get("accepted")
        && field("accepted") != *want
    {
        failures.push(format!("accepted: want {want}, got {}", shown()));
    }
    if let Some(want) = expect.get("code")
        && field("code") != *want
    {
        failures.push(format!("code: want {want}, got {}", field("code")));
    }
    let message = field("message").as_str().unwrap_or("").to_string();
    if let Some(want) = expect.get("message").and_then(Value::as_str)
        && message != want
    {
        failures.push(format!("message:\n  want {want}\n  got  {message}"));
    }
    if let Some(want) = expect.get("messageContains").and_then(Value::as_str)
        && !message.contains(want)
    {
        failures.push(format!("message: want it to contain {want:?}, got {message:?}"));
    }
    let warnings: Vec<String> =
        field("warnings").as_array().into_iter().flatten().filter_map(Value::as_str).map(String::from).collect();
    if let Some(want) = expect.get("warnings") {
        let want: Vec<String> =
            want.as_array().into_iter().flatten().filter_map(Value::as_str).map(String::from).collect();
        if warnings != want {
            failures.push(format!("warnings:\n  want {want:?}\n  got  {warnings:?}"));
        }
    }
    for want in expect.get("warningsContain").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
    {
        if !warnings.iter().any(|w| w.contains(want)) {
            failures.push(format!("warnings: want one containing {want:?}, got {warnings:?}"));
        }
    }
    let mutated = field("mutated_object");
    if let Some(want) = expect.get("mutated").and_then(Value::as_bool)
        && mutated.is_null() == want
    {
        failures.push(format!("mutated: want {want}, got {}", shown()));
    }
    if let Some(want) = expect.get("object")
        && mutated != *want
    {
        failures.push(format!(
            "object differs:\n  want {}\n  got  {}",
            serde_json::to_string(want).unwrap_or_default(),
            serde_json::to_string(&mutated).unwrap_or_default()
        ));
    }
    failures.extend(support::check_expectations(&mutated, &expect));
    failures
}
