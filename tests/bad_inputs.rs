//! The bad-input matrix: malformed, ill-typed, unusual, huge and deeply nested payloads and
//! settings, each with its documented outcome (a precise settings error, a clear rejection
//! with its code, or an unchanged acceptance). The cases are data
//! (`tests/bad_inputs/matrix.yaml`, `tests/bad_inputs/settings.yaml`); the sizes and depths
//! that cannot be written as data are built here.
//!
//! `BAD_INPUTS_PRINT=1 cargo test --test bad_inputs -- --nocapture` prints every actual outcome
//! in the matrix notation (to review a change, not to bless it blindly).
//!
//! `cargo test --release --test bad_inputs -- --ignored --nocapture resource_bounds` measures
//! evaluation time and allocated memory on adversarial sizes (README, reliability section).

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sidecarset_policy::host::NoCluster;
use sidecarset_policy::policy::{validate, validate_settings};

const NOW: i64 = 1_767_225_600;

fn data(name: &str) -> Value {
    support::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs").join(name))
}

fn printing() -> bool {
    std::env::var_os("BAD_INPUTS_PRINT").is_some()
}

/// Evaluate a payload; the answer as JSON.
fn run(payload: &[u8]) -> Value {
    serde_json::from_slice(&validate(payload, NOW, &NoCluster::default())).expect("validate answers JSON")
}

fn run_value(payload: &Value) -> Value {
    run(&serde_json::to_vec(payload).unwrap())
}

/// The matrix notation of an answer.
fn outcome(response: &Value) -> String {
    if response["accepted"] == Value::Bool(true) {
        assert!(response["code"].is_null() && response["message"].is_null(), "{response}");
        if response["mutated_object"].is_object() {
            "mutated".to_string()
        } else if response["warnings"].is_null() {
            "unchanged".to_string()
        } else {
            format!("unchanged with warnings {}", response["warnings"])
        }
    } else {
        format!("{}: {}", response["code"], response["message"].as_str().unwrap_or("<no message>"))
    }
}

/// Whether an outcome meets an expectation in the matrix notation.
fn meets(actual: &str, expected: &str) -> bool {
    match expected.split_once("~ ") {
        Some((code, prefix)) if code.len() == 3 => {
            actual.strip_prefix(code).and_then(|rest| rest.strip_prefix(": ")).is_some_and(|m| m.starts_with(prefix))
        }
        _ => actual == expected,
    }
}

fn set_pointer(doc: &mut Value, pointer: &str, value: Option<Value>) {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let last = last.replace("~1", "/").replace("~0", "~");
    let parent =
        if parent.is_empty() { &mut *doc } else { doc.pointer_mut(parent).unwrap_or_else(|| panic!("{pointer}")) };
    match (parent, value) {
        (Value::Object(m), Some(v)) => {
            m.insert(last, v);
        }
        (Value::Object(m), None) => {
            m.shift_remove(&last);
        }
        (Value::Array(a), Some(v)) => a[last.parse::<usize>().unwrap()] = v,
        (Value::Array(a), None) => {
            a.remove(last.parse::<usize>().unwrap());
        }
        (other, _) => panic!("{pointer}: parent is {other}"),
    }
}

/// A JSON type's name and a value of it.
type TypedValue = (&'static str, fn() -> Value);

const TYPES: [TypedValue; 6] = [
    ("null", || Value::Null),
    ("bool", || Value::Bool(true)),
    ("number", || json!(1)),
    ("string", || json!("x")),
    ("list", || json!([])),
    ("object", || json!({})),
];

#[test]
fn matrix() {
    let matrix = data("matrix.yaml");
    let base = &matrix["base"];
    assert_eq!(outcome(&run_value(base)), "mutated", "the base case must be injected");
    let mut failures = Vec::new();
    let mut check = |name: String, response: Value, expected: Option<&str>| {
        let actual = outcome(&response);
        if printing() {
            println!("{name}: {actual:?}");
        }
        match expected {
            Some(want) if meets(&actual, want) => {}
            Some(want) => failures.push(format!("{name}:\n  want {want}\n  got  {actual}")),
            None => failures.push(format!("{name}: no expectation (got {actual})")),
        }
    };
    for case in matrix["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap().to_string();
        let response = if let Some(raw) = case.get("raw").and_then(Value::as_str) {
            run(raw.as_bytes())
        } else {
            let mut payload = base.clone();
            for (pointer, value) in case.get("set").and_then(Value::as_object).into_iter().flatten() {
                set_pointer(&mut payload, pointer, Some(value.clone()));
            }
            for pointer in case.get("remove").and_then(Value::as_array).into_iter().flatten() {
                set_pointer(&mut payload, pointer.as_str().unwrap(), None);
            }
            run_value(&payload)
        };
        check(name, response, case["expect"].as_str());
    }
    for sweep in matrix["sweeps"].as_array().unwrap() {
        let pointer = sweep["pointer"].as_str().unwrap();
        for (ty, make) in TYPES.iter().chain([("absent", (|| Value::Null) as fn() -> Value)].iter()) {
            let mut payload = base.clone();
            set_pointer(&mut payload, pointer, (*ty != "absent").then(make));
            // `all` gives one outcome for every type not listed.
            let expected = sweep.get(*ty).or_else(|| sweep.get("all")).and_then(Value::as_str);
            check(format!("{pointer} = {ty}"), run_value(&payload), expected);
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

/// Build the settings of a settings case from the base settings.
fn case_settings(base: &Value, case: &Value) -> Value {
    if let Some(replacement) = case.get("replace") {
        return replacement.clone();
    }
    let mut settings = base.clone();
    if let Some(patch) = case.get("merge") {
        support::merge(&mut settings, patch);
    }
    for (pointer, value) in case.get("set").and_then(Value::as_object).into_iter().flatten() {
        let mut envelope = json!({"s": settings});
        let pointer = format!("/s{pointer}");
        if value.is_null() {
            set_pointer(&mut envelope, &pointer, None);
        } else {
            // Create missing parents (`metadata.annotations`, `spec.updateStrategy`, ...).
            let (parent, _) = pointer.rsplit_once('/').unwrap();
            if envelope.pointer(parent).is_none() {
                set_pointer(&mut envelope, parent, Some(json!({})));
            }
            set_pointer(&mut envelope, &pointer, Some(value.clone()));
        }
        settings = envelope["s"].take();
    }
    if case.get("append_set").is_some() {
        let first = settings["sidecarSets"][0].clone();
        settings["sidecarSets"].as_array_mut().unwrap().push(first);
    }
    settings
}

#[test]
fn settings_matrix() {
    let base = data("matrix.yaml")["base"].clone();
    let cases = data("settings.yaml");
    let mut failures = Vec::new();
    for case in cases["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let settings = case_settings(&base["settings"], case);
        let verdict: Value =
            serde_json::from_slice(&validate_settings(&serde_json::to_vec(&settings).unwrap())).unwrap();
        let message = verdict["message"].as_str().map(str::to_string);
        let mut envelope = base.clone();
        envelope["settings"] = settings;
        let evaluated = outcome(&run_value(&envelope));
        if printing() {
            println!("{name}\n  valid: {}\n  message: {:?}\n  evaluate: {evaluated:?}", verdict["valid"], message);
        }
        let want_message = case.get("message").and_then(Value::as_str);
        if message.as_deref() != want_message || Some(&verdict["valid"]) != Some(&Value::Bool(want_message.is_none())) {
            failures.push(format!("{name}: settings verdict\n  want {want_message:?}\n  got  {message:?}"));
        }
        match case.get("evaluate").and_then(Value::as_str) {
            Some(want) if meets(&evaluated, want) => {}
            want => failures.push(format!("{name}: evaluation\n  want {want:?}\n  got  {evaluated}")),
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

// ---- sizes, depths and encodings that are not written as data ------------------------------

/// The base envelope of the matrix.
fn base() -> Value {
    data("matrix.yaml")["base"].clone()
}

fn app_container(i: usize) -> Value {
    json!({"name": format!("app-{i}"), "image": "nginx", "env": [{"name": "A", "value": "1"}],
           "volumeMounts": [{"name": "data", "mountPath": format!("/data/{i}")}]})
}

/// A pod with `n` app containers, all kept in order, with the sidecar injected once.
#[test]
fn five_thousand_containers() {
    let mut payload = base();
    let containers: Vec<Value> = (0..5000).map(app_container).collect();
    payload["request"]["object"]["spec"]["containers"] = Value::Array(containers.clone());
    // Share the app containers' mounts with the sidecar: 5,000 mounts merged into it.
    payload["settings"]["sidecarSets"][0]["spec"]["containers"][0]["shareVolumePolicy"] = json!({"type": "enabled"});
    let response = run_value(&payload);
    assert_eq!(outcome(&response), "mutated");
    let got = response["mutated_object"]["spec"]["containers"].as_array().unwrap();
    assert_eq!(got.len(), 5001);
    assert_eq!(got[0]["name"], "log-agent", "the sidecar goes before the app containers");
    assert_eq!(&got[1..], containers.as_slice(), "app containers are untouched and in order");
    assert_eq!(got[0]["volumeMounts"].as_array().unwrap().len(), 5001, "own mount + 5,000 shared");
}

/// 10 MB of settings: a SidecarSet whose sidecar carries 100,000 env vars.
#[test]
fn ten_megabyte_settings() {
    let mut payload = base();
    let env: Vec<Value> =
        (0..100_000).map(|i| json!({"name": format!("VAR_{i}"), "value": format!("{i:0>80}")})).collect();
    payload["settings"]["sidecarSets"][0]["spec"]["containers"][0]["env"] = Value::Array(env);
    let settings = serde_json::to_vec(&payload["settings"]).unwrap();
    assert!(settings.len() > 10_000_000, "{} bytes", settings.len());
    let verdict: Value = serde_json::from_slice(&validate_settings(&settings)).unwrap();
    assert_eq!(
        verdict["message"],
        format!(
            "settings are {} bytes; the policy accepts at most 8 MiB (they are parsed on every request)",
            settings.len()
        )
    );
    // `validate` bounds the whole payload, not the settings (a host only evaluates settings
    // `validate_settings` accepted): 10 MB of settings are still evaluated, within bounds.
    let response = run_value(&payload);
    assert_eq!(outcome(&response), "mutated");
    let sidecar = &response["mutated_object"]["spec"]["containers"][0];
    assert_eq!(sidecar["name"], "log-agent");
    assert_eq!(sidecar["env"].as_array().unwrap().len(), 100_001, "every env var plus IS_INJECTED");

    // Just under the bound, one SidecarSet annotation of 300 KB: over Kubernetes' 256 KiB
    // annotation budget.
    let mut settings = payload["settings"].clone();
    settings["sidecarSets"][0]["spec"]["containers"][0]["env"] = json!([]);
    settings["sidecarSets"][0]["metadata"]["annotations"] = json!({"big": "x".repeat(300_000)});
    let verdict: Value = serde_json::from_slice(&validate_settings(&serde_json::to_vec(&settings).unwrap())).unwrap();
    assert_eq!(
        verdict["message"],
        "sidecarSets[0] \"log-agent\": metadata.annotations: Too long: may not be more than 262144 bytes"
    );
}

/// Numbers in fields the policy does not own come back with the values they came in with: without
/// serde_json's `float_roundtrip` some decimals were read one ULP off (found by fuzzing),
/// and the host's JSON patch then "changed" a field nobody touched.
#[test]
fn floats_in_untouched_fields_survive_exactly() {
    let mut payload = serde_json::to_string(&base()).unwrap();
    let floats = "[2.2756822938469862e-66,0.1,1e300,-0.0,5e-324,1.7976931348623157e308,123456789.12345679]";
    payload = payload.replacen("\"metadata\":{", &format!("\"metadata\":{{\"x-floats\":{floats},"), 1);
    let answer = String::from_utf8(validate(payload.as_bytes(), NOW, &NoCluster::default())).unwrap();
    // The same values, in the shortest spelling (an exponent gets its sign): what the host
    // compares is the value, and the first one used to come back as ...865e-66.
    let same_values = "[2.2756822938469862e-66,0.1,1e+300,-0.0,5e-324,1.7976931348623157e+308,123456789.12345679]";
    assert!(answer.contains(&format!("\"x-floats\":{same_values}")), "{answer}");
}

/// Payloads beyond 16 MiB are refused before parsing: the bound is on bytes, not content.
#[test]
fn payload_over_the_bound_is_refused_unread() {
    let mut payload = vec![b' '; sidecarset_policy::limits::MAX_PAYLOAD_BYTES + 1];
    let within = serde_json::to_vec(&base()).unwrap();
    payload.splice(0..within.len(), within);
    let response = run(&payload);
    assert_eq!(
        outcome(&response),
        format!(
            "400: invalid validation request: {} bytes (request and settings); the policy evaluates at most 16 MiB",
            payload.len()
        )
    );
    // Exactly at the bound the same payload (JSON allows the trailing blanks) is evaluated.
    payload.truncate(sidecarset_policy::limits::MAX_PAYLOAD_BYTES);
    assert_eq!(outcome(&run(&payload)), "mutated");
}

/// More SidecarSets than the bound: one error, given before any pairwise conflict check.
#[test]
fn too_many_sidecar_sets() {
    for (n, want) in [(1000, Value::Null), (1001, json!("sidecarSets: Too many: 1001: must have at most 1000 items"))] {
        let settings = json!({"sidecarSets": many_sets(n, false)});
        let verdict: Value =
            serde_json::from_slice(&validate_settings(&serde_json::to_vec(&settings).unwrap())).unwrap();
        assert_eq!(verdict["message"], want, "{n} SidecarSets");
    }
}

/// A malformed annotation is quoted back, but not at its full 200 KB.
#[test]
fn long_malformed_hash_annotation_is_abbreviated() {
    let mut payload = base();
    let value = format!("{{\"a\": [{}]}}", "1,".repeat(100_000));
    payload["request"]["object"]["metadata"]["annotations"]["kruise.io/sidecarset-hash"] = json!(value);
    let response = run_value(&payload);
    let message = response["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("sidecar injection failed: pod(default/app) invalid annotations[kruise.io/sidecarset-hash] value {\"a\": [1,1,"), "{message}");
    assert!(message.contains(&format!("... ({} bytes in all), unmarshal failed: ", value.len())), "{message}");
    assert!(message.len() < 2500, "{} bytes", message.len());
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// serde_json refuses nesting beyond 128 levels, wherever it is: the payload is refused with
/// 400 and the settings are invalid, with the position. Within the limit, deep unknown
/// fields are carried through untouched.
#[test]
fn deep_nesting() {
    // The pod's unknown field sits 4 levels down (envelope, request, object, spec).
    let with_field = |depth: usize| {
        let mut text = serde_json::to_string(&base()).unwrap();
        let at = text.find("\"containers\"").unwrap();
        text.insert_str(at, &format!("\"deep\":{},", nested(depth)));
        text
    };
    // 4 enclosing levels + 123 = 127, serde_json's deepest accepted nesting.
    let ok = with_field(123);
    let response = run(ok.as_bytes());
    assert_eq!(outcome(&response), "mutated");
    let mut deep = &response["mutated_object"]["spec"]["deep"];
    for _ in 1..123 {
        deep = &deep[0];
    }
    assert_eq!(deep, &json!([]), "the deep field survives");
    for depth in [124, 1_000, 100_000] {
        let answer = outcome(&run(with_field(depth).as_bytes()));
        assert!(
            answer.starts_with("400: invalid validation request: recursion limit exceeded at line 1 column"),
            "{depth}: {answer}"
        );
    }
    let verdict: Value = serde_json::from_slice(&validate_settings(nested(200_000).as_bytes())).unwrap();
    assert_eq!(verdict["valid"], false);
    assert_eq!(verdict["message"], "settings are not valid JSON: recursion limit exceeded at line 1 column 128");
    // Unclosed, under a key the policy does not read: skipped without recursion, to the end.
    let open = "{\"a\":".repeat(100_000);
    assert_eq!(
        outcome(&run(open.as_bytes())).split(" at ").next(),
        Some("400: invalid validation request: EOF while parsing a value")
    );
    // Unclosed where the request is read: the recursion limit.
    let open = format!("{{\"request\":{}", "{\"a\":".repeat(100_000));
    assert_eq!(
        outcome(&run(open.as_bytes())).split(" at ").next(),
        Some("400: invalid validation request: recursion limit exceeded")
    );
}

/// A settings SidecarSet is read lazily: the payload's pass only skips its fields, and the
/// whole object is parsed when it selects the pod, field by field (serde_json's limit counts
/// from each top-level field and each field of `spec`). Too deep a SidecarSet fails a pod it
/// selects with a settings error naming it, and is no obstacle to pods it does not select.
#[test]
fn deep_nesting_in_a_settings_sidecar_set() {
    let with_deep_container_field = |depth: usize, labels: Value| {
        let mut payload = base();
        payload["request"]["object"]["metadata"]["labels"] = labels;
        let mut text = serde_json::to_string(&payload).unwrap();
        let sets = text.find("\"sidecarSets\"").unwrap();
        let at = sets + text[sets..].find("\"image\"").unwrap();
        text.insert_str(at, &format!("\"deep\":{},", nested(depth)));
        text
    };
    let selected = base()["request"]["object"]["metadata"]["labels"].clone();
    // spec.containers, the container: 2 levels + 126 = 128, beyond the limit.
    let answer = outcome(&run(with_deep_container_field(126, selected.clone()).as_bytes()));
    assert!(answer.contains("sidecarSets[0] \"log-agent\": cannot be read: recursion limit exceeded"), "{answer}");
    assert_eq!(outcome(&run(with_deep_container_field(125, selected).as_bytes())), "mutated");
    let answer = outcome(&run(with_deep_container_field(100_000, json!({"app": "other"})).as_bytes()));
    assert!(answer.starts_with("unchanged"), "{answer}");
}

/// Deep JSON inside strings (annotation values), which serde_json reads as one string: the
/// hash annotation is parsed with the 128 limit (a precise 400), the merge-patch document
/// with Go's 10,000 levels (iteratively).
#[test]
fn deep_json_in_annotations() {
    let mut payload = base();
    payload["request"]["object"]["metadata"]["annotations"]["kruise.io/sidecarset-hash"] = json!(nested(10_000));
    let answer = outcome(&run_value(&payload));
    assert!(
        answer.starts_with(
            "400: sidecar injection failed: pod(default/app) invalid annotations[kruise.io/sidecarset-hash] value [[[["
        ),
        "{}",
        &answer[..200]
    );
    assert!(
        answer.ends_with("unmarshal failed: recursion limit exceeded at line 1 column 128"),
        "{}",
        &answer[answer.len() - 100..]
    );

    let mut payload = base();
    payload["settings"]["sidecarSets"][0]["spec"]["patchPodMetadata"] =
        json!([{"patchPolicy": "MergePatchJson", "annotations": {"doc": "{\"a\":1}"}}]);
    let deep_doc = format!("{{\"x\":{}}}", nested(9_999));
    payload["request"]["object"]["metadata"]["annotations"]["doc"] = json!(deep_doc);
    let response = run_value(&payload);
    assert_eq!(outcome(&response), "mutated");
    let merged = response["mutated_object"]["metadata"]["annotations"]["doc"].as_str().unwrap();
    assert_eq!(merged, format!("{{\"a\":1,\"x\":{}}}", nested(9_999)));
    payload["request"]["object"]["metadata"]["annotations"]["doc"] = json!(format!("{{\"x\":{}}}", nested(10_000)));
    assert_eq!(
        outcome(&run_value(&payload)),
        "400: sidecar injection failed: SidecarSet log-agent: patchPodMetadata: annotation doc: MergePatchJson failed: Invalid JSON Document"
    );
}

/// Bytes that are not UTF-8, anywhere in the payload or the settings.
#[test]
fn invalid_utf8() {
    let mut payload = base();
    payload["unread"] = json!("zzz");
    let text = serde_json::to_string(&payload).unwrap();
    for (what, needle) in [
        ("pod label value", "\"nginx\""),
        ("settings", "\"log-agent\""),
        ("request uid", "\"1111"),
        // Skipped, not parsed; checked all the same.
        ("a payload key the policy does not read", "\"zzz\""),
    ] {
        let at = text.find(needle).unwrap() + 1;
        for bad in [&b"\xff"[..], b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf"] {
            let mut bytes = text.as_bytes().to_vec();
            bytes.splice(at..at, bad.iter().copied());
            let answer = outcome(&run(&bytes));
            assert!(
                answer.starts_with("400: invalid validation request: invalid unicode code point at line 1 column"),
                "{what} {bad:?}: {answer}"
            );
        }
    }
    let verdict: Value = serde_json::from_slice(&validate_settings(b"{\"sidecarLifecycle\": \"\xff\"}")).unwrap();
    assert_eq!(verdict["message"], "settings are not valid JSON: invalid unicode code point at line 1 column 23");
    // A byte-order mark is not JSON either.
    assert_eq!(outcome(&run(b"\xef\xbb\xbf{}")), "400: invalid validation request: expected value at line 1 column 1");
}

// ---- resource bounds -----------------------------------------------------------------------

/// Counts the bytes allocated by this test binary: the peak of live bytes during one
/// evaluation is the memory the policy needs for it (wasm adds its own overhead).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Time (best of three) and peak extra memory of one evaluation.
fn measure(payload: &[u8], settings_only: bool) -> (Duration, usize, String) {
    let mut best = Duration::MAX;
    let mut peak = 0;
    let mut answer = String::new();
    for _ in 0..3 {
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let start = Instant::now();
        let out =
            if settings_only { validate_settings(payload) } else { validate(payload, NOW, &NoCluster::default()) };
        best = best.min(start.elapsed());
        peak = peak.max(PEAK.load(Ordering::Relaxed) - before);
        let response: Value = serde_json::from_slice(&out).unwrap();
        answer = if settings_only {
            format!("valid={}", response["valid"])
        } else {
            outcome(&response).chars().take(60).collect()
        };
    }
    (best, peak, answer)
}

/// One adversarial input class: builds the payload (or settings) for a size.
struct Class {
    name: &'static str,
    settings_only: bool,
    build: fn(usize) -> Value,
}

fn with_pod(f: impl FnOnce(&mut Value, &mut Value)) -> Value {
    let mut payload = base();
    let (request, settings) = {
        let obj = payload.as_object_mut().unwrap();
        let mut request = obj.shift_remove("request").unwrap();
        let mut settings = obj.shift_remove("settings").unwrap();
        f(&mut request["object"], &mut settings);
        (request, settings)
    };
    json!({"request": request, "settings": settings})
}

fn share(settings: &mut Value) {
    settings["sidecarSets"][0]["spec"]["containers"][0]["shareVolumePolicy"] = json!({"type": "enabled"});
}

const CLASSES: &[Class] = &[
    Class {
        name: "app containers (mounts shared)",
        settings_only: false,
        build: |n| {
            with_pod(|pod, settings| {
                pod["spec"]["containers"] = (0..n).map(app_container).collect();
                share(settings);
            })
        },
    },
    Class {
        name: "mounts with subPathExpr vars x env vars",
        settings_only: false,
        build: |n| {
            with_pod(|pod, settings| {
                let vars: String = (0..10).map(|v| format!("$(V{v})")).collect();
                pod["spec"]["containers"][0]["volumeMounts"] = (0..n)
                    .map(|i| json!({"name": "data", "mountPath": format!("/m/{i}"), "subPathExpr": vars}))
                    .collect();
                pod["spec"]["containers"][0]["env"] =
                    (0..n).map(|i| json!({"name": format!("E{i}"), "value": "x"})).collect();
                share(settings);
            })
        },
    },
    Class {
        name: "copies of an injected cross-namespace volume (pod guard)",
        settings_only: false,
        build: |n| {
            // A realistic sidecar (500 env vars): the guard's cost per volume is the
            // SidecarSet's size.
            let env: Vec<Value> = (0..500).map(|i| json!({"name": format!("E{i}"), "value": "some value"})).collect();
            let volume = json!({"name": "cfg", "configMap": {"name": "kube-system/cfg"}});
            let mut payload = with_pod(|_, settings| {
                settings["sidecarSets"][0]["spec"]["containers"][0]["volumeMounts"] =
                    json!([{"name": "logs", "mountPath": "/logs"}, {"name": "cfg", "mountPath": "/cfg"}]);
                settings["sidecarSets"][0]["spec"]["containers"][0]["env"] = Value::Array(env);
                settings["sidecarSets"][0]["spec"]["volumes"] = json!([{"name": "logs", "emptyDir": {}}, volume]);
                settings["resourceBindings"] = json!([{
                    "apiVersion": "sidecarset.alibabacloud.com/v1alpha1", "kind": "SidecarSetResourceBinding",
                    "metadata": {"name": "b", "namespace": "kube-system"},
                    "spec": {"subjects": [{"kind": "SidecarSet", "name": "log-agent"}], "resourceRefs": [{"kind": "ConfigMap", "name": "cfg"}]}
                }]);
            });
            // The pod as admitted, re-submitted with the authorized volume copied n times: each
            // copy is exactly the injected volume, so the guard checks (and allows) every one.
            let admitted = run_value(&payload)["mutated_object"].clone();
            let injected =
                admitted["spec"]["volumes"].as_array().unwrap().iter().find(|v| v["name"] == "cfg").unwrap().clone();
            let mut pod = admitted;
            pod["spec"]["volumes"] = (0..n).map(|_| injected.clone()).collect();
            payload["request"]["object"] = pod;
            payload
        },
    },
    Class {
        name: "pod labels",
        settings_only: false,
        build: |n| {
            with_pod(|pod, _| {
                for i in 0..n {
                    pod["metadata"]["labels"][format!("l{i}")] = json!("v");
                }
            })
        },
    },
    Class {
        name: "pod annotations + hash annotation entries",
        settings_only: false,
        build: |n| {
            with_pod(|pod, _| {
                let entries: serde_json::Map<String, Value> = (0..n)
                    .map(|i| (format!("s{i}"), json!({"hash": "h", "sidecarSetName": format!("s{i}")})))
                    .collect();
                pod["metadata"]["annotations"]["kruise.io/sidecarset-hash"] = json!(Value::Object(entries).to_string());
                for i in 0..n {
                    pod["metadata"]["annotations"][format!("a{i}")] = json!("v");
                }
            })
        },
    },
    Class {
        name: "image pull secrets",
        settings_only: false,
        build: |n| {
            with_pod(|pod, settings| {
                pod["spec"]["imagePullSecrets"] = (0..n).map(|i| json!({"name": format!("s{i}")})).collect();
                settings["sidecarSets"][0]["spec"]["imagePullSecrets"] =
                    (0..n).map(|i| json!({"name": format!("t{i}")})).collect();
            })
        },
    },
    Class {
        name: "transferEnv from a container with env vars",
        settings_only: false,
        build: |n| {
            with_pod(|pod, settings| {
                pod["spec"]["containers"][0]["env"] =
                    (0..n).map(|i| json!({"name": format!("E{i}"), "value": "x"})).collect();
                settings["sidecarSets"][0]["spec"]["containers"][0]["transferEnv"] = json!([{"sourceContainerName": "nginx", "envNames": (0..n).map(|i| format!("E{i}")).collect::<Vec<_>>()}]);
            })
        },
    },
    Class {
        name: "MergePatchJson on a large annotation",
        settings_only: false,
        build: |n| {
            with_pod(|pod, settings| {
                let doc: serde_json::Map<String, Value> = (0..n).map(|i| (format!("k{i}"), json!({"v": i}))).collect();
                pod["metadata"]["annotations"]["doc"] = json!(Value::Object(doc).to_string());
                let patch: serde_json::Map<String, Value> =
                    (0..n).map(|i| (format!("k{i}"), json!({"w": i}))).collect();
                settings["sidecarSets"][0]["spec"]["patchPodMetadata"] = json!([{"patchPolicy": "MergePatchJson", "annotations": {"doc": Value::Object(patch).to_string()}}]);
            })
        },
    },
    Class {
        name: "SidecarSets in the settings, all matching (evaluation)",
        settings_only: false,
        build: |n| with_pod(|_, settings| settings["sidecarSets"] = many_sets(n, true)),
    },
    Class {
        name: "SidecarSets in the settings, none matching (evaluation)",
        settings_only: false,
        build: |n| with_pod(|_, settings| settings["sidecarSets"] = many_sets(n, false)),
    },
    Class {
        name: "SidecarSets in the settings (validate_settings)",
        settings_only: true,
        build: |n| json!({"sidecarSets": many_sets(n, false)}),
    },
    Class {
        name: "SidecarSets sharing a container name, disjoint selectors (validate_settings)",
        settings_only: true,
        build: |n| {
            let mut sets = many_sets(n, false);
            for set in sets.as_array_mut().unwrap() {
                set["spec"]["containers"][0]["name"] = json!("agent");
            }
            json!({"sidecarSets": sets})
        },
    },
    Class {
        name: "sidecar env vars (100 bytes each) in the settings (evaluation)",
        settings_only: false,
        build: |n| {
            with_pod(|_, settings| {
                settings["sidecarSets"][0]["spec"]["containers"][0]["env"] =
                    (0..n).map(|i| json!({"name": format!("VAR_{i}"), "value": format!("{i:0>80}")})).collect();
            })
        },
    },
    Class {
        name: "sidecar env vars in the settings (validate_settings)",
        settings_only: true,
        build: |n| {
            let mut settings = base()["settings"].clone();
            settings["sidecarSets"][0]["spec"]["containers"][0]["env"] =
                (0..n).map(|i| json!({"name": format!("E{i}"), "value": "x"})).collect();
            settings
        },
    },
];

/// `n` SidecarSets with distinct container names; `matching`: all select the base pod
/// (`app: nginx`), otherwise each selects its own label value (no overlap between them).
fn many_sets(n: usize, matching: bool) -> Value {
    (0..n)
        .map(|i| {
            let value = if matching { "nginx".to_string() } else { format!("v{i}") };
            json!({
                "apiVersion": "apps.kruise.io/v1beta1", "kind": "SidecarSet", "metadata": {"name": format!("set-{i}")},
                "spec": {"selector": {"matchLabels": {"app": value}},
                         "containers": [{"name": format!("c-{i}"), "image": "registry.example.com/agent:1.0"}]}
            })
        })
        .collect()
}

#[test]
#[ignore = "measurement: cargo test --release --test bad_inputs -- --ignored --nocapture resource_bounds \
            (BOUNDS_SIZES=1000,2000 and BOUNDS_CLASS=<part of a class name> narrow it)"]
fn resource_bounds() {
    println!("| input class | n | payload | time | peak memory | growth (time ratio to n/2) | answer |");
    println!("|---|---:|---:|---:|---:|---:|---|");
    let sizes: Vec<usize> = std::env::var("BOUNDS_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 2_000, 4_000, 8_000, 16_000]);
    let only = std::env::var("BOUNDS_CLASS").unwrap_or_default();
    for class in CLASSES.iter().filter(|c| c.name.contains(only.as_str())) {
        let mut previous: Option<Duration> = None;
        for &n in &sizes {
            let payload = serde_json::to_vec(&(class.build)(n)).unwrap();
            let (time, peak, answer) = measure(&payload, class.settings_only);
            let growth = previous.map_or(String::new(), |p| format!("{:.1}", time.as_secs_f64() / p.as_secs_f64()));
            println!(
                "| {} | {n} | {:.1} MB | {:.1} ms | {:.1} MB | {growth} | {answer} |",
                class.name,
                payload.len() as f64 / 1e6,
                time.as_secs_f64() * 1e3,
                peak as f64 / 1e6
            );
            previous = Some(time);
        }
    }
}
