//! The e2e cases (`e2e-tests/cases/<name>/`) evaluated natively through `policy::validate`,
//! without wasm: the same fixtures the e2e suite runs through the Kubewarden host and kwctl,
//! checked here on every `cargo test` for fast feedback. The host suite additionally checks
//! the JSON patch and the wasm module.

mod support;

use std::path::{Path, PathBuf};

use libtest_mimic::Trial;
use serde_json::{Value, json};
use sidecarset_policy::policy::{validate, validate_settings};

/// 2026-01-01T00:00:00Z; timestamps are masked anyway.
const NOW: i64 = 1_767_225_600;
const MASKED: [&str; 2] = ["kruise.io/sidecarset-hash", "kruise.io/sidecarset-hash-without-image"];

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e-tests/cases");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join("expected.yaml").is_file()).collect())
        .unwrap_or_default();
    cases.sort();
    let count = cases.len();
    let mut trials: Vec<Trial> = cases
        .into_iter()
        .map(|case| {
            let name = case.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            Trial::test(name, move || support::failures_to_result(run_case(&case)))
        })
        .collect();
    trials.push(Trial::test("at least 20 cases", move || {
        if count >= 20 { Ok(()) } else { Err(format!("only {count} e2e cases").into()) }
    }));
    libtest_mimic::run(&args, trials).exit();
}

fn run_case(dir: &Path) -> Vec<String> {
    let name = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let fail = |msg: String| vec![format!("{name}: {msg}")];
    let settings = ["settings.yaml", "settings.yml", "settings.json"]
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.is_file())
        .map_or(json!({}), |p| support::load(&p));
    let expected = support::load(&dir.join("expected.yaml"));
    let settings_response: Value =
        serde_json::from_slice(&validate_settings(&serde_json::to_vec(&settings).unwrap_or_default()))
            .unwrap_or_default();
    if expected.get("settingsValid") == Some(&Value::Bool(false)) {
        let message = settings_response.get("message").and_then(Value::as_str).unwrap_or("");
        if settings_response.get("valid") != Some(&Value::Bool(false)) {
            return fail("settings were accepted".to_string());
        }
        if let Some(want) = expected.get("settingsMessage").and_then(Value::as_str)
            && message != want
        {
            return fail(format!("settings message:\nwant {want}\ngot  {message}"));
        }
        if let Some(want) = expected.get("settingsMessageContains").and_then(Value::as_str)
            && !message.contains(want)
        {
            return fail(format!("settings message {message:?} lacks {want:?}"));
        }
        return Vec::new();
    }
    if settings_response.get("valid") != Some(&Value::Bool(true)) {
        return fail(format!("settings refused: {}", settings_response["message"]));
    }
    let mut request = support::load(&dir.join("request.json"));
    if request.get("kind").and_then(Value::as_str) == Some("AdmissionReview") {
        request = request.get("request").cloned().unwrap_or(Value::Null);
    }
    let payload = json!({"request": request, "settings": settings});
    let response: Value =
        serde_json::from_slice(&validate(&serde_json::to_vec(&payload).unwrap_or_default(), NOW)).unwrap_or_default();
    let mut failures = Vec::new();
    let accepted = response.get("accepted").cloned().unwrap_or(Value::Null);
    if let Some(want) = expected.get("allowed")
        && &accepted != want
    {
        failures.push(format!("allowed: want {want}, got {accepted} ({})", response["message"]));
    }
    if let Some(want) = expected.get("code")
        && response.get("code") != Some(want)
    {
        failures.push(format!("code: want {want}, got {}", response["code"]));
    }
    let message = response.get("message").and_then(Value::as_str).unwrap_or("");
    if let Some(want) = expected.get("message").and_then(Value::as_str)
        && message != want
    {
        failures.push(format!("message:\nwant {want}\ngot  {message}"));
    }
    if let Some(want) = expected.get("messageContains").and_then(Value::as_str)
        && !message.contains(want)
    {
        failures.push(format!("message {message:?} lacks {want:?}"));
    }
    if let Some(want) = expected.get("warnings") {
        let got = response.get("warnings").cloned().unwrap_or(Value::Null);
        if &got != want {
            failures.push(format!("warnings: want {want}, got {got}"));
        }
    }
    let original = request.get("object").cloned().unwrap_or(Value::Null);
    let admitted = response.get("mutated_object").filter(|m| !m.is_null()).cloned().unwrap_or_else(|| original.clone());
    if let Some(want) = expected.get("patched").and_then(Value::as_bool)
        && (admitted != original) != want
    {
        failures.push(format!("patched: want {want}, got {}", admitted != original));
    }
    let object_file =
        ["expected-object.yaml", "expected-object.json"].iter().map(|f| dir.join(f)).find(|p| p.is_file());
    if let Some(file) = object_file {
        let (mut want, mut got) = (support::load(&file), admitted);
        mask(&mut want);
        mask(&mut got);
        if want != got {
            failures.push(format!(
                "admitted object differs:\nwant {}\ngot  {}",
                serde_json::to_string(&want).unwrap_or_default(),
                serde_json::to_string(&got).unwrap_or_default()
            ));
        }
    }
    failures.into_iter().map(|f| format!("{name}: {f}")).collect()
}

/// `updateTimestamp` inside the hash annotations is the injection time: not comparable.
fn mask(pod: &mut Value) {
    let Some(annotations) = pod.pointer_mut("/metadata/annotations").and_then(Value::as_object_mut) else { return };
    for key in MASKED {
        let Some(Value::String(text)) = annotations.get_mut(key) else { continue };
        let Ok(mut parsed) = serde_json::from_str::<Value>(text) else { continue };
        for entry in parsed.as_object_mut().into_iter().flat_map(|m| m.values_mut()) {
            if let Some(e) = entry.as_object_mut() {
                e.insert("updateTimestamp".to_string(), Value::from("<TS>"));
            }
        }
        *text = serde_json::to_string(&parsed).unwrap_or_default();
    }
}
