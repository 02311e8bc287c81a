//! Kruise's pod webhook tests (`pkg/webhook/pod/mutating/sidecarset_test.go`,
//! `sidecarset_hotupgrade_test.go`), ported as data: `tests/kruise_pod_webhook/*.yaml`. Each
//! case gives SidecarSets, a pod and expectations on the injected pod; `fixtures.yaml` holds
//! Kruise's shared test objects. Upstream feeds undefaulted SidecarSets to the webhook, so
//! cases run undefaulted unless they set `defaulting: true`.

mod support;

use serde_json::{Map, Value};
use sidecarset_policy::host::objects::ObjectsHost;
use sidecarset_policy::kruise::inject::control::CommonControl;
use sidecarset_policy::kruise::inject::{ClusterView, Operation, inject_with};
use sidecarset_policy::kruise::revision::DEFAULT_KRUISE_NAMESPACE;
use sidecarset_policy::kruise::sidecarset::SidecarSetRef;

/// The injection time of every case, so outputs are exact.
const NOW: &str = "2026-01-01T00:00:00Z";

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    libtest_mimic::run(&args, support::case_trials("kruise_pod_webhook", 30, run_case)).exit();
}

fn run_case(case: &Value) -> Vec<String> {
    let empty = Vec::new();
    let sets_json = case.get("sidecarSets").and_then(Value::as_array).unwrap_or(&empty);
    let sets: Vec<SidecarSetRef<'_>> =
        match sets_json.iter().enumerate().map(|(i, s)| SidecarSetRef::from_value(i, s)).collect() {
            Ok(s) => s,
            Err(e) => return vec![format!("bad SidecarSet: {e}")],
        };
    let mut pod = case.get("pod").cloned().unwrap_or(Value::Object(Map::new()));
    let namespace = case.get("namespace").and_then(Value::as_str).unwrap_or("default");
    let defaulting = case.get("defaulting").and_then(Value::as_bool).unwrap_or(false);
    let expect = case.get("expect").cloned().unwrap_or(Value::Null);
    let list = |key: &str| case.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
    let draw = case.get("draw").and_then(Value::as_f64).unwrap_or(0.5);
    let host = match ObjectsHost::from_values(&list("namespaces"), &list("controllerRevisions"), draw) {
        Ok(host) => host,
        Err(e) => return vec![format!("bad cluster object: {e}")],
    };
    let cluster = ClusterView::new(&host, namespace, DEFAULT_KRUISE_NAMESPACE);
    // Kruise's own behaviour: the common SidecarControl, no platform hooks.
    let result = inject_with(&mut pod, &cluster, &sets, NOW, Operation::Create, &CommonControl, defaulting);
    let result = result.map_err(|e| e.message);
    let mut failures = Vec::new();
    match (&result, expect.get("error").and_then(Value::as_str)) {
        (Err(e), Some(want)) if e.contains(want) => return failures,
        (Err(e), Some(want)) => return vec![format!("want error containing {want:?}, got {e:?}")],
        (Err(e), None) => return vec![format!("unexpected error: {e}")],
        (Ok(_), Some(want)) => return vec![format!("want error containing {want:?}, got success")],
        (Ok(_), None) => {}
    }
    if let (Ok(injection), Some(want)) = (&result, expect.get("changed").and_then(Value::as_bool))
        && injection.changed != want
    {
        failures.push(format!("changed: want {want}, got {}", injection.changed));
    }
    if let Some(want) = expect.get("pod")
        && &pod != want
    {
        failures.push(format!(
            "pod differs:\nwant {}\ngot  {}",
            serde_json::to_string(want).unwrap_or_default(),
            serde_json::to_string(&pod).unwrap_or_default()
        ));
    }
    failures.extend(support::check_expectations(&pod, &expect));
    failures
}
