//! Every e2e case (`e2e-tests/cases/`) through the engine evaluated natively, as the CLI runs
//! it, judged by the same expectations the wasm suite uses; with the `wasm` feature, also
//! through the built module, and the two answers must be the same.

use std::path::Path;

use serde_json::Value;
use sidecarset_e2e::cases::{Case, Outcome, list_cases, load_case, run_case};
use sidecarset_e2e::compare::{check, mask_volatile};
use sidecarset_e2e::{Policy, RawPolicy, patch};

/// A fixed clock, so that native answers are reproducible.
const NOW: i64 = 1_767_225_600;

fn native() -> impl Policy {
    RawPolicy {
        validate_settings: sidecarset_policy::policy::validate_settings,
        validate: |payload: &[u8]| sidecarset_policy::policy::validate(payload, NOW),
    }
}

fn cases() -> Vec<(String, Case)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../e2e-tests/cases");
    let dirs = list_cases(&root).expect("e2e-tests/cases");
    assert!(dirs.len() >= 59, "only {} e2e cases found", dirs.len());
    dirs.iter()
        .map(|dir| {
            let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let case = load_case(dir).unwrap_or_else(|e| panic!("case {name}: {e}"));
            (name, case)
        })
        .collect()
}

#[test]
fn every_e2e_case_natively() {
    let policy = native();
    let mut failures = Vec::new();
    let cases = cases();
    for (name, case) in &cases {
        match run_case(&policy, case) {
            Ok(outcome) => failures.extend(check(case, &outcome).into_iter().map(|p| format!("case {name}: {p}"))),
            Err(e) => failures.push(format!("case {name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// What a user can observe of an outcome: the verdict, its message and code, the warnings
/// and audit annotations, and the admitted object (injection time masked).
#[cfg_attr(not(feature = "wasm"), allow(dead_code))]
fn observable(case: &Case, outcome: &Outcome) -> Value {
    match outcome {
        Outcome::SettingsRejected { message } => serde_json::json!({"settingsRejected": message}),
        Outcome::Response(response) => {
            let mut admitted = patch::apply_response(&case.request_object(), response).unwrap_or(Value::Null);
            mask_volatile(&mut admitted);
            serde_json::json!({
                "allowed": response.allowed,
                "message": response.message(),
                "code": response.code(),
                "warnings": response.warnings,
                "auditAnnotations": response.audit_annotations,
                "admitted": admitted,
            })
        }
    }
}

#[cfg(feature = "wasm")]
#[test]
fn native_and_wasm_answer_alike_on_every_e2e_case() {
    use sidecarset_e2e::{HostConfig, LogConfig, PolicyModule};
    let wasm = std::env::var_os("POLICY_WASM")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../policy.wasm"));
    assert!(wasm.is_file(), "policy.wasm not found: run `make policy.wasm` first (looked for {})", wasm.display());
    let module = PolicyModule::from_file(&wasm, HostConfig { log: LogConfig::quiet(), ..HostConfig::default() })
        .expect("the policy module loads");
    let native = native();
    let mut differences = Vec::new();
    let cases = cases();
    for (name, case) in &cases {
        let from_native = run_case(&native, case).map(|o| observable(case, &o));
        let from_wasm = run_case(&module, case).map(|o| observable(case, &o));
        match (from_native, from_wasm) {
            (Ok(n), Ok(w)) if n == w => {}
            (n, w) => differences.push(format!("case {name}:\n  native {n:?}\n  wasm   {w:?}")),
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} cases differ:\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n")
    );
}
