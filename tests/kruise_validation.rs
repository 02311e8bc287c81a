//! Kruise's SidecarSet validation tests (`pkg/webhook/sidecarset/validating/
//! sidecarset_validating_test.go`), ported as data: `tests/kruise_validation/*.yaml`. Each case
//! gives policy settings and expects them valid, or expects error messages: every substring of
//! `errors` must appear in some message, and `count` (when given) is the exact number of
//! messages. `fixtures.yaml` holds shared objects, referenced as `{use: <name>, merge: <patch>}`.
//!
//! The cases go through `settings::validate`, the check `validate_settings` runs, so they see
//! what a platform engineer sees: the policy validates the defaulted SidecarSet (as Kruise's
//! webhook chain does), with precise field paths, and refuses what it cannot honour.

mod support;

use std::path::Path;

use serde_json::Value;
use sidecarset_policy::settings::validate;

#[test]
fn kruise_validation_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kruise_validation");
    let fixtures = support::load(&dir.join("fixtures.yaml"));
    let fixtures = fixtures.as_object().cloned().unwrap_or_default();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in support::files(&dir, "yaml").into_iter().filter(|f| !f.ends_with("fixtures.yaml")) {
        let doc = support::load(&file);
        let file_name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        for case in doc.get("cases").and_then(Value::as_array).into_iter().flatten() {
            count += 1;
            let case = support::resolve(case, &fixtures);
            let name = format!("{file_name}: {}", case.get("name").and_then(Value::as_str).unwrap_or("?"));
            for f in run_case(&case) {
                failures.push(format!("{name}: {f}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
    assert!(count >= 40, "only {count} cases found");
}

fn run_case(case: &Value) -> Vec<String> {
    let settings = case.get("settings").cloned().unwrap_or(Value::Null);
    let expect = case.get("expect").cloned().unwrap_or(Value::Null);
    let messages = match validate(&settings) {
        Ok(()) => Vec::new(),
        Err(messages) => messages,
    };
    let shown = || format!("got {} message(s):\n    {}", messages.len(), messages.join("\n    "));
    let mut failures = Vec::new();
    if expect.get("valid").and_then(Value::as_bool) == Some(true) && !messages.is_empty() {
        failures.push(format!("want valid settings, {}", shown()));
    }
    for want in expect.get("errors").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        if !messages.iter().any(|m| m.contains(want)) {
            failures.push(format!("want a message containing {want:?}, {}", shown()));
        }
    }
    if let Some(want) = expect.get("count").and_then(Value::as_u64)
        && messages.len() as u64 != want
    {
        failures.push(format!("want {want} message(s), {}", shown()));
    }
    let has_expectation = ["valid", "errors", "count"].iter().any(|k| expect.get(k).is_some());
    if !has_expectation {
        failures.push("the case has no expectation".to_string());
    }
    failures
}
