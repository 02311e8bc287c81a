//! The fuzz targets' seed corpus (`fuzz/corpus/<target>/`), generated from the project's own
//! fixtures: the e2e cases (`e2e-tests/cases/*/`: settings, requests, `{request, settings}`
//! envelopes), the Filebeat walkthrough (`examples/`), the SidecarSet containers they hold
//! (hash and Go JSON), and the annotation values of merge patches.
//!
//! `REGENERATE_FUZZ_CORPUS=1 cargo test --test fuzz_corpus` rewrites the corpus; without the
//! variable the test replays every corpus file through the entry point its target fuzzes,
//! natively, so that inputs a fuzz run once crashed on (minimised and added here) stay fixed
//! on every `cargo test`, without nightly or libFuzzer.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apimachinery::gojson::normalize::normalize_struct;
use apimachinery::gojson::write::to_string;
use serde_json::{Value, json};
use sidecarset_policy::host::NoCluster;
use sidecarset_policy::kruise::calculator::{Value as CalcValue, evaluate};
use sidecarset_policy::kruise::go_types::SIDECAR_CONTAINER;
use sidecarset_policy::kruise::hash::sidecar_set_hashes;
use sidecarset_policy::kruise::inject::merge_patch::merge_patch;
use sidecarset_policy::kruise::validation::expression_problem;
use sidecarset_policy::policy::{validate, validate_settings};

const TARGETS: [&str; 6] =
    ["validate_settings", "validate", "validate_structured", "hash_and_go_json", "merge_patch", "resources_expression"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_dir(target: &str) -> PathBuf {
    root().join("fuzz/corpus").join(target)
}

/// One fixture: its name, settings and request (an AdmissionRequest).
struct Fixture {
    name: String,
    settings: Value,
    request: Option<Value>,
}

fn fixtures() -> Vec<Fixture> {
    let cases = root().join("e2e-tests/cases");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&cases)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("request.json").is_file())
        .collect();
    dirs.sort();
    let mut out: Vec<Fixture> = dirs
        .iter()
        .map(|dir| Fixture {
            name: dir.file_name().unwrap().to_string_lossy().to_string(),
            settings: ["settings.yaml", "settings.yml", "settings.json"]
                .iter()
                .map(|f| dir.join(f))
                .find(|p| p.is_file())
                .map_or(json!({}), |p| support::load(&p)),
            request: Some(unwrap_review(support::load(&dir.join("request.json")))),
        })
        .collect();
    let examples = root().join("examples");
    out.push(Fixture {
        name: "examples-filebeat".to_string(),
        settings: support::load(&examples.join("settings.yaml")),
        request: Some(unwrap_review(support::load(&examples.join("pod-request.json")))),
    });
    out
}

fn unwrap_review(v: Value) -> Value {
    if v.get("kind").and_then(Value::as_str) == Some("AdmissionReview") {
        v.get("request").cloned().unwrap_or(Value::Null)
    } else {
        v
    }
}

/// Every seed, by target and file name. Identical contents are written once.
fn seeds() -> BTreeMap<&'static str, BTreeMap<String, Vec<u8>>> {
    let mut out: BTreeMap<&'static str, BTreeMap<String, Vec<u8>>> = BTreeMap::new();
    let mut add = |target: &'static str, name: String, bytes: Vec<u8>| {
        let files = out.entry(target).or_default();
        if !files.values().any(|b| *b == bytes) {
            files.insert(name, bytes);
        }
    };
    for f in fixtures() {
        add("validate_settings", format!("{}.json", f.name), serde_json::to_vec(&f.settings).unwrap());
        if let Some(request) = &f.request {
            let envelope = json!({"request": request, "settings": f.settings});
            add("validate", format!("{}.json", f.name), serde_json::to_vec(&envelope).unwrap());
        }
        let sets = f.settings.get("sidecarSets").and_then(Value::as_array).cloned().unwrap_or_default();
        for (i, set) in sets.iter().enumerate() {
            for field in ["containers", "initContainers"] {
                if let Some(list) = set.pointer(&format!("/spec/{field}")) {
                    add("hash_and_go_json", format!("{}-{i}-{field}.json", f.name), serde_json::to_vec(list).unwrap());
                }
            }
        }
    }
    // The settings and payload edge cases the bad-input matrix starts from.
    for (name, text) in [("empty-object", "{}"), ("null", "null"), ("not-json", "{\"sidecarSets\": [")] {
        add("validate_settings", format!("edge-{name}.json"), text.as_bytes().to_vec());
    }
    add("validate", "edge-no-request.json".to_string(), br#"{"settings":{}}"#.to_vec());
    // Inputs the fuzzers found (fuzz/RESULTS.md): a float in an untouched pod field whose
    // shortest spelling serde_json reads one ULP off, and an unnamed app container meeting an
    // unnamed sidecar (invalid settings; Go's "" names make it Kruise's same-name replacement).
    let sidecar_set = |container: Value| {
        json!({"sidecarSets": [{"apiVersion": "apps.kruise.io/v1beta1", "kind": "SidecarSet", "metadata": {"name": "s"},
            "spec": {"selector": {"matchLabels": {"app": "nginx"}}, "containers": [container]}}]})
    };
    let pod_request = |object: Value| json!({"uid": "u", "kind": {"group": "", "version": "v1", "kind": "Pod"}, "operation": "CREATE", "object": object});
    add(
        "validate",
        "found-float-roundtrip.json".to_string(),
        serde_json::to_vec(&json!({
            "request": pod_request(json!({"metadata": {"labels": {"app": "nginx"}}, "spec": {"containers": []}, "x": 2.2756822938469862e-66})),
            "settings": sidecar_set(json!({"name": "s", "image": "i"})),
        }))
        .unwrap(),
    );
    add(
        "validate",
        "found-unnamed-containers.json".to_string(),
        serde_json::to_vec(&json!({
            "request": pod_request(json!({"metadata": {"labels": {"app": "nginx"}}, "spec": {"containers": [{"n~ame": "nginx", "image": "nginx:1.27"}]}})),
            "settings": sidecar_set(json!({"n!me": "log-agent", "image": "i"})),
        }))
        .unwrap(),
    );
    add(
        "hash_and_go_json",
        "found-long-decimal.json".to_string(),
        b"62222222222222222222222222222222222222222222222226".to_vec(),
    );
    // Kruise's hash test input (hash.go's test vectors) and Go JSON escaping.
    add(
        "hash_and_go_json",
        "kruise-hash-vector.json".to_string(),
        br#"[{"name":"container1","image":"test-image","restartPolicy":"Always"}]"#.to_vec(),
    );
    add(
        "hash_and_go_json",
        "escapes-and-quantities.json".to_string(),
        "[{\"name\":\"a<b>&\\u2028\",\"image\":\"i\",\"resources\":{\"limits\":{\"cpu\":\"1000m\",\"memory\":\"1.5Gi\"},\"requests\":{\"cpu\":0.5}},\"ports\":[{\"containerPort\":80}],\"livenessProbe\":{\"httpGet\":{\"port\":\"http\"}}}]"
            .as_bytes()
            .to_vec(),
    );
    // Merge patches: Kruise's patchPodMetadata cases and the byte-exactness corners.
    for (i, (doc, patch)) in [
        (r#"{"log-agent":1}"#, r#"{"envoy":2}"#),
        (r#"{ "a" : [ 1 , 2 ] , "b" : { "c" : "d e" } }"#, r#"{"b":{"c":null,"e":[{"x":null}]}}"#),
        (r#"{"z":{"y":1,"x":2},"a":1.50}"#, r#"{"z":{},"\u0062":"<&>"}"#),
        (r#"[1,2]"#, r#"{"a":"b","c":null}"#),
        (r#"{"a":{"x":1,"x":2}}"#, r#"{"a":{}}"#),
        (r#"{}"#, r#"[{"b":null,"a":1},null]"#),
        (r#"{"a":"\ud800"}"#, r#"{"b":1e400}"#),
        (r#"null"#, r#"{}"#),
    ]
    .iter()
    .enumerate()
    {
        let mut bytes = doc.as_bytes().to_vec();
        bytes.push(0);
        bytes.extend_from_slice(patch.as_bytes());
        add("merge_patch", format!("pair-{i}.txt"), bytes);
    }
    // Resource expressions (`expr NUL quantity`): every expression of the calculator and
    // evaluate cases, with its variable's quantity where the case binds one.
    for file in ["calculator.yaml", "evaluate.yaml"] {
        let doc = support::load(&root().join("tests/resources_policy").join(file));
        for case in doc.get("cases").and_then(Value::as_array).into_iter().flatten() {
            let Some(expr) = case.get("expr").and_then(Value::as_str) else { continue };
            let quantity = case
                .get("value")
                .or_else(|| case.get("vars").and_then(Value::as_object).and_then(|v| v.values().next()))
                .and_then(Value::as_str)
                .unwrap_or("1");
            let mut bytes = expr.as_bytes().to_vec();
            bytes.push(0);
            bytes.extend_from_slice(quantity.as_bytes());
            // Named by content (FNV-1a), so inserting a case renames nothing.
            let hash =
                bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3));
            add("resources_expression", format!("case-{hash:016x}.txt"), bytes);
        }
    }
    // Found by fuzzing: bytes that are not UTF-8 under a payload key the policy skips
    // (serde_json skips strings without checking them; the payload is checked whole first).
    let mut unread = b"{\"unread\":\"\xff\",\"request\":".to_vec();
    unread.extend_from_slice(br#"{"uid":"u","kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","object":{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]}}}}"#);
    add("validate", "found-invalid-utf8-unread-key.json".to_string(), unread);
    // Found by fuzzing: a quantity past 10^18 whose exponent has no SI suffix prints without
    // one (Go's quirk), so its spelling does not read back.
    add(
        "resources_expression",
        "found-huge-quantity.txt".to_string(),
        format!("1{}P\x001", "0".repeat(120)).into_bytes(),
    );
    // `validate_structured` reads bytes through `arbitrary`, so JSON cannot seed it; varied
    // deterministic byte strings give it a start (xorshift, fixed seed).
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for (i, len) in [64usize, 128, 256, 512, 1024, 2048, 4096, 300, 700, 1500].iter().enumerate() {
        let bytes: Vec<u8> = (0..*len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        add("validate_structured", format!("xorshift-{i}-{len}.bin"), bytes);
    }
    add("validate_structured", "zeros-1024.bin".to_string(), vec![0; 1024]);
    add("validate_structured", "ones-1024.bin".to_string(), vec![1; 1024]);
    out
}

#[test]
fn fuzz_corpus_regenerates_or_replays() {
    if std::env::var_os("REGENERATE_FUZZ_CORPUS").is_some() {
        for (target, files) in seeds() {
            let dir = corpus_dir(target);
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            for (name, bytes) in files {
                std::fs::write(dir.join(name), bytes).unwrap();
            }
        }
    }
    for target in TARGETS {
        let files = corpus_files(&corpus_dir(target));
        assert!(
            !files.is_empty(),
            "fuzz/corpus/{target} is empty; run REGENERATE_FUZZ_CORPUS=1 cargo test --test fuzz_corpus"
        );
        for file in files {
            let data = std::fs::read(&file).unwrap();
            replay(target, &data).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        }
    }
}

fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Run one corpus input through what its target fuzzes, checking the basic contract.
fn replay(target: &str, data: &[u8]) -> Result<(), String> {
    let as_json = |bytes: Vec<u8>| serde_json::from_slice::<Value>(&bytes).map_err(|e| e.to_string());
    match target {
        "validate_settings" => {
            let r = as_json(validate_settings(data))?;
            r.get("valid").and_then(Value::as_bool).map(|_| ()).ok_or(format!("no `valid` in {r}"))
        }
        "validate" => {
            let r = as_json(validate(data, 0, &NoCluster::default()))?;
            r.get("accepted").and_then(Value::as_bool).map(|_| ()).ok_or(format!("no `accepted` in {r}"))
        }
        "hash_and_go_json" => {
            let Ok(v) = serde_json::from_slice::<Value>(data) else { return Ok(()) };
            let items = match v {
                Value::Array(items) => items,
                other => vec![other],
            };
            let cs: Vec<Value> =
                items.iter().map(|c| Value::Object(normalize_struct(Some(c), &SIDECAR_CONTAINER))).collect();
            serde_json::from_str::<Value>(&to_string(&Value::Array(cs.clone()))).map_err(|e| e.to_string())?;
            let h = sidecar_set_hashes(Some(&cs), Some(&cs));
            if h.hash.len() == 64 { Ok(()) } else { Err(format!("hash {h:?}")) }
        }
        "merge_patch" => {
            let at = data.iter().position(|b| *b == 0).unwrap_or(data.len());
            let doc = std::str::from_utf8(&data[..at]).unwrap_or("");
            let patch = data.get(at + 1..).and_then(|p| std::str::from_utf8(p).ok()).unwrap_or("{}");
            let _ = merge_patch(doc, patch);
            Ok(())
        }
        "resources_expression" => {
            let at = data.iter().position(|b| *b == 0).unwrap_or(data.len());
            let expr = std::str::from_utf8(&data[..at]).unwrap_or("");
            let _ = evaluate(expr, &[("cpu", CalcValue::Number(1.0))]);
            let _ = expression_problem(expr, "cpu");
            Ok(())
        }
        // Bytes for `arbitrary`: only the fuzz target can decode them.
        _ => Ok(()),
    }
}
