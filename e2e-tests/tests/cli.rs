//! The binaries, run as a user runs them, against the test guest.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

const KWRUN: &str = env!("CARGO_BIN_EXE_kwrun");
const CHECK: &str = env!("CARGO_BIN_EXE_e2e-check");

fn run(program: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default().as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn guest() -> &'static str {
    common::guest_wasm().to_str().unwrap()
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn request_file(dir: &Path) -> PathBuf {
    write(dir, "request.json", &common::pod_request().to_string())
}

const UID: &str = "1299d386-525b-4032-98ae-1949f69f9cfc";

#[test]
fn kwrun_prints_one_response_line() {
    let dir = common::scratch_dir("kwrun-line");
    let request = request_file(&dir);
    let out = run(KWRUN, &["--request-path", request.to_str().unwrap(), guest()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("{{\"uid\":\"{UID}\",\"allowed\":true,\"auditAnnotations\":null,\"warnings\":null}}\n")
    );
}

#[test]
fn kwrun_reads_stdin_reviews_and_settings() {
    let review =
        json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": common::pod_request()});
    let out = run(
        KWRUN,
        &["run", "-r", "-", "--settings-json", r#"{"behaviour":"reject","message":"no","code":418}"#, guest()],
        Some(&review.to_string()),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let response: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(response["allowed"], false);
    assert_eq!(response["status"], json!({"message": "no", "code": 418}));
}

#[test]
fn kwrun_settings_path_wins_and_invalid_settings_fail() {
    let dir = common::scratch_dir("kwrun-settings");
    let request = request_file(&dir);
    let settings = write(&dir, "settings.yaml", "settingsBehaviour: invalid\nmessage: broken on purpose\n");
    let out = run(
        KWRUN,
        &["-r", request.to_str().unwrap(), "-s", settings.to_str().unwrap(), "--settings-json", "{}", guest()],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(text(&out.stderr), "Error: Provided settings are not valid: broken on purpose\n");
}

#[test]
fn kwrun_input_errors_like_kwctl() {
    let dir = common::scratch_dir("kwrun-errors");
    let mut request = common::pod_request();
    request.as_object_mut().unwrap().remove("resource");
    let broken = write(&dir, "broken.json", &request.to_string());
    let out = run(KWRUN, &["-r", broken.to_str().unwrap(), guest()], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "Error: cannot build AdmissionRequest object from given input: missing field `resource`\n"
    );

    let good = request_file(&dir);
    let out = run(KWRUN, &["-r", good.to_str().unwrap(), "missing.wasm"], None);
    assert_eq!(text(&out.stderr), "Error: Cannot find policy with uri: missing.wasm\n");

    let out = run(KWRUN, &["-r", "nope.json", guest()], None);
    assert!(text(&out.stderr).starts_with("Error: Error opening request file nope.json; "), "{}", text(&out.stderr));

    let out = run(KWRUN, &["-r", good.to_str().unwrap(), "--settings-json", "[1]", guest()], None);
    assert_eq!(text(&out.stderr), "Error: Invalid settings in CRD, not an object\n");

    let out = run(KWRUN, &[guest()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--request-path <PATH>"));

    let out = run(KWRUN, &["--bogus", guest()], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn kwrun_raw_and_timeout() {
    let dir = common::scratch_dir("kwrun-raw");
    let raw = write(&dir, "raw.json", r#"{"uid":"r1","user":"alice"}"#);
    let out = run(
        KWRUN,
        &["--raw", "-r", raw.to_str().unwrap(), "--settings-json", r#"{"behaviour":"echo"}"#, guest()],
        None,
    );
    let response: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        response["status"]["message"],
        r#"{"request":{"uid":"r1","user":"alice"},"settings":{"behaviour":"echo"}}"#
    );

    let request = request_file(&dir);
    let out = run(
        KWRUN,
        &["-r", request.to_str().unwrap(), "--timeout", "1", "--settings-json", r#"{"behaviour":"spin"}"#, guest()],
        None,
    );
    assert!(out.status.success());
    let response: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        response["status"],
        json!({"message": "Policy execution interrupted because it exceeded the allowed execution time", "code": 500})
    );
}

#[test]
fn kwrun_logs_go_to_stderr() {
    let dir = common::scratch_dir("kwrun-logs");
    let request = request_file(&dir);
    let settings = r#"{"behaviour":"log","logs":[{"level":"info","message":"visible"},{"level":"debug","message":"verbose only"}]}"#;
    let out = run(KWRUN, &["-r", request.to_str().unwrap(), "--settings-json", settings, guest()], None);
    let stderr = text(&out.stderr);
    assert!(
        stderr
            .contains(" INFO policy_log: visible data={\"file\":\"test-guest/src/lib.rs\",\"policy\":\"test-guest\"}"),
        "{stderr}"
    );
    assert!(!stderr.contains("verbose only"));
    assert_eq!(text(&out.stdout).lines().count(), 1);
    let out = run(KWRUN, &["-v", "-r", request.to_str().unwrap(), "--settings-json", settings, guest()], None);
    assert!(text(&out.stderr).contains("DEBUG policy_log: verbose only"));
}

#[test]
fn kwrun_context_fixtures() {
    let dir = common::scratch_dir("kwrun-context");
    let request = request_file(&dir);
    let context = write(&dir, "context.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n");
    let settings = r#"{"behaviour":"get_namespace","name":"prod"}"#;
    let out = run(
        KWRUN,
        &[
            "-r",
            request.to_str().unwrap(),
            "--context-path",
            context.to_str().unwrap(),
            "--settings-json",
            settings,
            guest(),
        ],
        None,
    );
    let response: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(response["status"]["message"], r#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"prod"}}"#);
}

fn policy_manifest(dir: &Path, spec_extra: &str, settings: &str) -> PathBuf {
    let manifest = format!(
        "apiVersion: policies.kubewarden.io/v1\nkind: ClusterAdmissionPolicy\nmetadata:\n  name: demo\nspec:\n  module: file://{}\n  rules: []\n  settings: {settings}\n{spec_extra}",
        guest()
    );
    write(dir, "policy.yaml", &manifest)
}

#[test]
fn kwrun_policy_manifests() {
    let dir = common::scratch_dir("kwrun-manifest");
    let request = request_file(&dir);
    let request = request.to_str().unwrap();

    let mutate_not_allowed = policy_manifest(&dir, "  mutating: false\n", r#"{"behaviour": "mutate"}"#);
    let out = run(KWRUN, &["-r", request, mutate_not_allowed.to_str().unwrap()], None);
    assert_eq!(
        text(&out.stdout),
        format!(
            "{{\"uid\":\"{UID}\",\"allowed\":false,\"status\":{{\"message\":\"Request rejected by policy demo. The policy attempted to mutate the request, but it is currently configured to not allow mutations.\"}},\"auditAnnotations\":null,\"warnings\":null}}\n"
        )
    );

    let monitor = policy_manifest(&dir, "  mode: monitor\n", r#"{"behaviour": "reject"}"#);
    let out = run(KWRUN, &["-r", request, monitor.to_str().unwrap()], None);
    let response: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(response["allowed"], true);
    assert!(response.get("status").is_none());
    assert_eq!(response["warnings"], json!(["test warning"]));

    let custom =
        policy_manifest(&dir, "  message: not on my cluster\n", r#"{"behaviour": "reject", "message": "orig"}"#);
    let out = run(KWRUN, &["-r", request, custom.to_str().unwrap()], None);
    let response: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        response["status"],
        json!({"message": "not on my cluster", "details": {"causes": [{"reason": null, "message": "orig", "field": null}]}})
    );

    let mutating = policy_manifest(&dir, "  mutating: true\n", r#"{"behaviour": "mutate"}"#);
    let out = run(KWRUN, &["-r", request, mutating.to_str().unwrap()], None);
    let response: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(response["patchType"], "JSONPatch");

    let out = run(KWRUN, &["--raw", "-r", request, mutating.to_str().unwrap()], None);
    assert!(text(&out.stderr).starts_with("Error: The --raw option cannot be used with a YAML file: "));

    let remote = write(
        &dir,
        "remote.yaml",
        "apiVersion: policies.kubewarden.io/v1\nkind: AdmissionPolicy\nmetadata: {name: r}\nspec:\n  module: registry://ghcr.io/x/y:v1\n",
    );
    let out = run(KWRUN, &["-r", request, remote.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("only local modules are supported"), "{}", text(&out.stderr));
}

#[test]
fn e2e_check_judges_kwrun_output() {
    let cases = common::crate_dir().join("tests/guest-cases");
    for name in
        ["reject-with-code", "mutate-label", "invalid-settings", "delete-mutation-guard", "accept-without-settings"]
    {
        let case = cases.join(name);
        let mut args = vec!["run".to_owned(), "--request-path".into(), case.join("request.json").display().to_string()];
        for settings in ["settings.yaml", "settings.json"] {
            if case.join(settings).is_file() {
                args.push("--settings-path".into());
                args.push(case.join(settings).display().to_string());
            }
        }
        args.push(guest().to_owned());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(KWRUN, &args, None);
        let combined = text(&out.stdout) + &text(&out.stderr);
        let checked = run(CHECK, &[case.to_str().unwrap()], Some(&combined));
        assert!(checked.status.success(), "{name}: {}{}", text(&checked.stdout), text(&checked.stderr));
        assert_eq!(text(&checked.stdout), format!("ok {name}\n"));
    }
    // A wrong outcome is reported.
    let checked = run(
        CHECK,
        &[cases.join("reject-with-code").to_str().unwrap()],
        Some(r#"{"uid":"x","allowed":true,"auditAnnotations":null,"warnings":null}"#),
    );
    assert_eq!(checked.status.code(), Some(1));
    assert!(text(&checked.stderr).contains("FAIL reject-with-code: allowed: expected false, got true"));
}

#[test]
fn bats_suite_runs_with_kwrun_standing_in_for_kwctl() {
    if Command::new("bats").arg("--version").output().is_err() {
        eprintln!("bats is not installed; skipping");
        return;
    }
    let out = Command::new("bats")
        .arg(common::crate_dir().join("kwctl.bats"))
        .env("KWCTL", KWRUN)
        .env("POLICY_WASM", guest())
        .env("CASES_DIR", common::crate_dir().join("tests/guest-cases"))
        .env("E2E_CHECK", CHECK)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("ok 1 every e2e case through kwctl run"), "{}", text(&out.stdout));
}
