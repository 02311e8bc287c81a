//! The data-driven e2e suite: every folder of `cases/` run against the built policy module
//! (`POLICY_WASM`, default `../policy.wasm`), every folder of `tests/guest-cases/` against the
//! test guest (which keeps the runner and the comparison themselves honest).

mod common;

use std::path::{Path, PathBuf};

use sidecarset_e2e::cases::{list_cases, load_case, run_case};
use sidecarset_e2e::compare::check;
use sidecarset_e2e::{HostConfig, LogConfig, PolicyModule};

/// Runs every case under `root` and panics with one line per problem, naming the case.
fn run_all(root: &Path, wasm: &Path) -> usize {
    let cases = list_cases(root).unwrap();
    if cases.is_empty() {
        return 0;
    }
    let config = HostConfig { log: LogConfig::quiet(), ..HostConfig::default() };
    let module = PolicyModule::from_file(wasm, config).unwrap();
    let mut failures = Vec::new();
    for dir in &cases {
        let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let result = load_case(dir).and_then(|case| {
            let outcome = run_case(&module, &case)?;
            Ok(check(&case, &outcome))
        });
        match result {
            Ok(problems) => failures.extend(problems.into_iter().map(|p| format!("case {name}: {p}"))),
            Err(e) => failures.push(format!("case {name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
    cases.len()
}

#[test]
fn policy_cases() {
    let root = common::crate_dir().join("cases");
    if list_cases(&root).unwrap().is_empty() {
        eprintln!("no cases in {}", root.display());
        return;
    }
    let wasm = std::env::var_os("POLICY_WASM")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::crate_dir().join("../policy.wasm"));
    assert!(wasm.is_file(), "policy.wasm not found: run `make policy.wasm` first (looked for {})", wasm.display());
    let count = run_all(&root, &wasm);
    eprintln!("{count} policy cases passed");
}

#[test]
fn guest_cases() {
    let root = common::crate_dir().join("tests/guest-cases");
    assert_eq!(run_all(&root, common::guest_wasm()), 5);
}

#[test]
fn a_wrong_expectation_is_reported_by_name() {
    let dir = common::scratch_dir("wrong-expectation");
    let case_dir = dir.join("says-rejected");
    std::fs::create_dir_all(&case_dir).unwrap();
    let source = common::crate_dir().join("tests/guest-cases/accept-without-settings");
    std::fs::copy(source.join("request.json"), case_dir.join("request.json")).unwrap();
    std::fs::write(case_dir.join("expected.yaml"), "allowed: false\nmessage: nope\n").unwrap();
    let result = std::panic::catch_unwind(|| run_all(&dir, common::guest_wasm()));
    let message = match result {
        Ok(_) => panic!("a wrong expectation passed"),
        Err(payload) => payload.downcast_ref::<String>().cloned().unwrap_or_default(),
    };
    assert!(message.contains("case says-rejected: allowed: expected false, got true"), "{message}");
    assert!(message.contains("case says-rejected: message: expected \"nope\", got None"), "{message}");
    let _ = std::fs::remove_dir_all(dir);
}
