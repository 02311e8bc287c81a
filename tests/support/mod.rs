//! Shared helpers for the data-driven tests: YAML fixtures, fixture references with merge
//! patches, and JSON-pointer expectations.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// Parse a YAML (or JSON) file into JSON.
pub fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The files with the given extension in a directory, sorted.
pub fn files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .collect();
    out.sort();
    out
}

/// RFC 7386 merge patch: objects merge recursively, `null` deletes, anything else replaces.
pub fn merge(target: &mut Value, patch: &Value) {
    match (target.as_object_mut(), patch.as_object()) {
        (Some(t), Some(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.shift_remove(k);
                } else {
                    merge(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        _ => *target = patch.clone(),
    }
}

/// Replace `{use: <fixture>, merge: <patch>}` nodes by the named fixture with the patch
/// applied (recursively, so fixtures may use other fixtures).
pub fn resolve(v: &Value, fixtures: &Map<String, Value>) -> Value {
    match v {
        Value::Object(m) if m.contains_key("use") => {
            let name = m.get("use").and_then(Value::as_str).unwrap_or_default();
            let base = fixtures.get(name).unwrap_or_else(|| panic!("unknown fixture {name}"));
            let mut out = resolve(base, fixtures);
            if let Some(patch) = m.get("merge") {
                merge(&mut out, &resolve(patch, fixtures));
            }
            out
        }
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), resolve(v, fixtures))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(|i| resolve(i, fixtures)).collect()),
        other => other.clone(),
    }
}

/// Check `expect.paths` (pointer → exact value), `expect.lengths` (pointer → list length),
/// `expect.names` (pointer → the `name` of each list element) and `expect.absent`
/// (pointers that must not resolve) against `doc`. Returns the failures.
pub fn check_expectations(doc: &Value, expect: &Value) -> Vec<String> {
    let mut failures = Vec::new();
    for (pointer, want) in expect.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let got = doc.pointer(pointer);
        if got != Some(want) {
            failures
                .push(format!("{pointer}: want {want}, got {}", got.map_or("nothing".to_string(), Value::to_string)));
        }
    }
    for (pointer, want) in expect.get("lengths").and_then(Value::as_object).into_iter().flatten() {
        let got = doc.pointer(pointer).and_then(Value::as_array).map(Vec::len);
        if got.map(|n| n as u64) != want.as_u64() {
            failures.push(format!("{pointer}: want length {want}, got {got:?}"));
        }
    }
    for (pointer, want) in expect.get("names").and_then(Value::as_object).into_iter().flatten() {
        let got: Option<Vec<Value>> = doc
            .pointer(pointer)
            .and_then(Value::as_array)
            .map(|items| items.iter().map(|i| i.get("name").cloned().unwrap_or(Value::Null)).collect());
        if got.as_ref() != want.as_array() {
            failures.push(format!("{pointer}: want names {want}, got {got:?}"));
        }
    }
    // `jsonpaths`: a JSONPath (a container by name, not by position) and every value it selects.
    for (path, want) in expect.get("jsonpaths").and_then(Value::as_object).into_iter().flatten() {
        match jsonpath_lib::select(doc, path) {
            Ok(found) => {
                let got: Vec<Value> = found.into_iter().cloned().collect();
                if want.as_array() != Some(&got) {
                    failures.push(format!("{path}: want {want}, got {}", Value::Array(got)));
                }
            }
            Err(e) => failures.push(format!("{path}: not a JSONPath: {e}")),
        }
    }
    for pointer in expect.get("absent").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        if let Some(got) = doc.pointer(pointer) {
            failures.push(format!("{pointer}: want nothing, got {got}"));
        }
    }
    failures
}

/// One test per case of the data files in `tests/<dir>/` (`cases:` lists, fixtures from
/// `fixtures.yaml` resolved), named `<file>: <case name>`, plus one that at least `min_cases`
/// exist (so an emptied or misnamed folder cannot pass). A case fails with the messages
/// `run_case` returns.
#[allow(dead_code)] // not every test binary that includes `support` runs case files
pub fn case_trials(dir: &str, min_cases: usize, run_case: fn(&Value) -> Vec<String>) -> Vec<libtest_mimic::Trial> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(dir);
    let fixtures = load(&dir.join("fixtures.yaml"));
    let fixtures = fixtures.as_object().cloned().unwrap_or_default();
    let mut trials = Vec::new();
    for file in files(&dir, "yaml").into_iter().filter(|f| !f.ends_with("fixtures.yaml")) {
        let doc = load(&file);
        let file_name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        for case in doc.get("cases").and_then(Value::as_array).into_iter().flatten() {
            let case = resolve(case, &fixtures);
            let name = format!("{file_name}: {}", case.get("name").and_then(Value::as_str).unwrap_or("?"));
            trials.push(libtest_mimic::Trial::test(name, move || failures_to_result(run_case(&case))));
        }
    }
    let count = trials.len();
    trials.push(libtest_mimic::Trial::test(format!("at least {min_cases} cases"), move || {
        if count >= min_cases { Ok(()) } else { Err(format!("only {count} cases found").into()) }
    }));
    trials
}

/// A case's failure messages as a test result.
pub fn failures_to_result(failures: Vec<String>) -> Result<(), libtest_mimic::Failed> {
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n").into()) }
}
