//! Kruise's SidecarSet validation tests (`pkg/webhook/sidecarset/validating/
//! sidecarset_validating_test.go`), ported as data: `tests/kruise_validation/*.yaml`. Each case
//! gives policy settings and expects them valid, or expects error messages: every substring of
//! `errors` must appear in some message, and `count` (when given) is the exact number of
//! messages. `fixtures.yaml` holds shared objects, referenced as `{use: <name>, merge: <patch>}`.
//!
//! The cases go through `settings::problems`, the check `validate_settings` runs, so they see
//! what a platform engineer sees: the policy validates the defaulted SidecarSet (as Kruise's
//! webhook chain does), with precise field paths, and refuses what it cannot honour.

mod support;

use serde_json::Value;
use sidecarset_policy::settings::problems;

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    libtest_mimic::run(&args, support::case_trials("kruise_validation", 40, run_case)).exit();
}

fn run_case(case: &Value) -> Vec<String> {
    let settings = case.get("settings").cloned().unwrap_or(Value::Null);
    let expect = case.get("expect").cloned().unwrap_or(Value::Null);
    let messages = problems(&settings);
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
