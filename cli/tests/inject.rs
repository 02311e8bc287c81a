//! `sidecarset-policy`, run as a user runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use sidecarset_e2e::compare::mask_update_timestamps;

const TOOL: &str = env!("CARGO_BIN_EXE_sidecarset-policy");

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(TOOL)
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start sidecarset-policy");
    if let Some(text) = stdin {
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("sidecarset-policy did not finish")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sidecarset-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    for (file, content) in files {
        std::fs::write(dir.join(file), content).expect("scratch file");
    }
    dir
}

/// Without the comment lines at its top, and with the injection time masked.
fn comparable(yaml: &str) -> String {
    let body: Vec<&str> = yaml.lines().skip_while(|l| l.starts_with('#')).collect();
    mask_update_timestamps(&(body.join("\n") + "\n"))
}

#[test]
fn the_example_prints_expected_pod_yaml() {
    let out = run(&["inject", "--settings", "examples/settings.yaml", "examples/nginx-deployment.yaml"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = std::fs::read_to_string(repo().join("examples/expected-pod.yaml")).expect("expected-pod.yaml");
    assert_eq!(
        comparable(&text(&out.stdout)),
        comparable(&expected),
        "examples/expected-pod.yaml is not what `make run` prints; regenerate it with `make expected-pod`"
    );
}

/// The README's resourcesPolicy example: the Filebeat sidecar's resources come from the shop
/// pod's two containers (10 % / 20 % of 2 CPUs and 1280Mi, with floors).
#[test]
fn the_resources_policy_example_computes_the_sidecars_resources() {
    let out = run(
        &[
            "inject",
            "--settings",
            "examples/resources-policy/settings.yaml",
            "-o",
            "json",
            "examples/resources-policy/pod.yaml",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pod: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON pod");
    let filebeat = pod["spec"]["containers"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["name"] == "filebeat"))
        .expect("the filebeat sidecar");
    assert_eq!(
        filebeat["resources"],
        serde_json::json!({"limits": {"cpu": "200m", "memory": "256Mi"}, "requests": {"cpu": "50m", "memory": "128Mi"}})
    );
}

/// The README's kubectl-apply quick start offline: the SidecarSet and the binding as cluster
/// objects give the pod the settings give.
#[test]
fn the_kubectl_apply_files_as_cluster_objects_print_the_same_pod() {
    let out = run(
        &[
            "inject",
            "--settings",
            "examples/kubectl-apply/injector-settings.yaml",
            "--cluster",
            "examples/kubectl-apply/sidecarset.yaml",
            "--cluster",
            "examples/kubectl-apply/sidecarset-resourcebinding.yaml",
            "examples/nginx-deployment.yaml",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = std::fs::read_to_string(repo().join("examples/expected-pod.yaml")).expect("expected-pod.yaml");
    assert_eq!(comparable(&text(&out.stdout)), comparable(&expected));
}

#[test]
fn pods_and_workloads_in_yaml_and_json() {
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata:\n      labels: {app: nginx, alibabacloud.com/compute-class: general-purpose}\n    spec:\n      containers:\n      - {name: nginx, image: nginx}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n";
    let out = run(
        &["inject", "--settings", "examples/settings.yaml", "--virtual-node", "--namespace", "shop", "-"],
        Some(manifest),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let documents: Vec<&str> = stdout.split("---\n").collect();
    assert_eq!(documents.len(), 2, "{stdout}");
    let pod: Value = serde_yaml::from_str(documents[0]).expect("a pod");
    assert_eq!(pod["metadata"]["namespace"], "shop");
    assert_eq!(pod["metadata"]["labels"]["serverless.alibabacloud.com/virtual-node"], "true");
    assert_eq!(pod["spec"]["containers"][0]["name"], "filebeat", "the sidecar goes first");
    assert!(text(&out.stderr).contains("Service is not a Pod or a workload"));

    let out = run(&["inject", "--settings", "examples/settings.yaml", "-o", "json", "-"], Some(manifest));
    let list: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(list["kind"], "List");
    assert_eq!(list["items"][0]["spec"]["containers"].as_array().map(Vec::len), Some(1), "not on a virtual node");
}

#[test]
fn rejections_invalid_settings_and_policy_manifests() {
    let settings = std::fs::read_to_string(repo().join("examples/settings.yaml")).expect("settings");
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: nginx}}\nspec:\n  nodeSelector: {type: virtual-kubelet}\n  containers: [{name: c, image: busybox}]\n  volumes: [{name: stolen, secret: {secretName: kube-system/elasticsearch-certs}}]\n";
    let out = run(&["inject", "--settings", "examples/settings.yaml"], Some(pod));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).starts_with("rejected: volume \"stolen\" refers to Secret"), "{}", text(&out.stderr));

    let dir = scratch(
        "settings",
        &[
            ("invalid.yaml", "sidecarSets: {}\n"),
            (
                "monitor.yaml",
                &format!(
                    "apiVersion: policies.kubewarden.io/v1\nkind: ClusterAdmissionPolicy\nmetadata: {{name: m}}\nspec:\n  module: policy.wasm\n  mode: monitor\n  settings:\n{}",
                    settings.lines().map(|l| format!("    {l}\n")).collect::<String>()
                ),
            ),
        ],
    );
    let invalid = dir.join("invalid.yaml");
    let out = run(&["inject", "--settings", invalid.to_str().unwrap_or_default()], Some(pod));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "Error: Provided settings are not valid: sidecarSets: must be a list of objects\n");
    // Monitor mode admits what the policy rejects, unchanged.
    let monitor = dir.join("monitor.yaml");
    let out = run(&["inject", "--settings", monitor.to_str().unwrap_or_default()], Some(pod));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let admitted: Value = serde_yaml::from_str(&text(&out.stdout)).expect("a pod");
    assert_eq!(admitted["spec"]["containers"].as_array().map(Vec::len), Some(1));
}

#[test]
fn usage_errors_help_and_closed_pipes() {
    let out = run(&["inject"], None);
    assert_eq!(out.status.code(), Some(2), "clap's usage error code");
    assert!(text(&out.stderr).contains("--settings <FILE>"), "{}", text(&out.stderr));
    let out = run(&["inject", "--settings", "examples/settings.yaml", "--timeout", "3"], Some(""));
    assert!(text(&out.stderr).contains("--policy"), "timeout needs a module: {}", text(&out.stderr));

    // `sidecarset-policy --help | head -1` where the reader has gone before anything is
    // written: every write fails with EPIPE, and the tool must end quietly.
    for args in [&["--help"][..], &["inject", "--settings", "examples/settings.yaml", "examples/nginx-deployment.yaml"]]
    {
        let mut child = Command::new(TOOL)
            .args(args)
            .current_dir(repo())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("finish");
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(!text(&out.stderr).contains("panicked"), "{args:?}: {}", text(&out.stderr));
    }
}

#[test]
fn shell_completions() {
    let out = run(&["completions", "bash"], None);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("sidecarset-policy"));
    assert!(text(&out.stdout).contains("--virtual-node"));
}

#[cfg(not(feature = "wasm"))]
#[test]
fn a_module_needs_the_wasm_feature() {
    let out = run(&["inject", "--settings", "examples/settings.yaml", "--policy", "policy.wasm"], Some(""));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cargo install --path cli --features wasm"), "{}", text(&out.stderr));
}

/// A SidecarSet selecting on a Namespace label: without cluster access the pod is admitted
/// without it and warned; `--cluster` objects and a recorded session answer the read.
#[test]
fn cluster_reads_from_objects_or_a_recorded_session() {
    let settings = r#"{"sidecarSets": [{"apiVersion": "apps.kruise.io/v1beta1", "kind": "SidecarSet",
        "metadata": {"name": "log-agent"},
        "spec": {"selector": {"matchLabels": {"app": "web"}}, "namespaceSelector": {"matchLabels": {"team": "a"}},
                 "containers": [{"name": "log-agent", "image": "log-agent:1"}]}}]}"#;
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\nspec:\n  containers: [{name: web, image: nginx}]\n";
    let namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: {team: a, kubernetes.io/metadata.name: team-a}\n";
    let dir = scratch("cluster", &[("settings.json", settings), ("pod.yaml", pod), ("ns.yaml", namespace)]);
    let path = |f: &str| dir.join(f).to_string_lossy().into_owned();
    let containers = |out: &Output| -> Vec<String> {
        let pod: Value = serde_yaml::from_str(&text(&out.stdout)).unwrap_or_default();
        pod["spec"]["containers"].as_array().into_iter().flatten().map(|c| c["name"].to_string()).collect()
    };

    let without = run(&["inject", "--settings", &path("settings.json"), "-n", "team-a", &path("pod.yaml")], None);
    assert!(without.status.success(), "{}", text(&without.stderr));
    assert_eq!(containers(&without), ["\"web\""]);
    assert!(text(&without.stderr).contains("which could not be read"), "{}", text(&without.stderr));

    let with_objects = run(
        &[
            "inject",
            "--settings",
            &path("settings.json"),
            "-n",
            "team-a",
            "--cluster",
            &path("ns.yaml"),
            &path("pod.yaml"),
        ],
        None,
    );
    assert!(with_objects.status.success(), "{}", text(&with_objects.stderr));
    assert_eq!(containers(&with_objects), ["\"log-agent\"", "\"web\""]);

    let session = repo().join("e2e-tests/cases/namespace-selector-label-matches/session.yml");
    let replayed = run(
        &[
            "inject",
            "--settings",
            &path("settings.json"),
            "-n",
            "team-a",
            "--replay-host-capabilities-interactions",
            &session.to_string_lossy(),
            &path("pod.yaml"),
        ],
        None,
    );
    assert!(replayed.status.success(), "{}", text(&replayed.stderr));
    assert_eq!(containers(&replayed), ["\"log-agent\"", "\"web\""]);
    let _ = std::fs::remove_dir_all(dir);
}

/// `explain`: one row per decision, plain when piped.
#[test]
fn explain_prints_the_decisions_as_a_table() {
    let out = run(
        &["explain", "--settings", "examples/resources-policy/settings.yaml", "examples/resources-policy/pod.yaml"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "POD             SIDECARSET             DECISION  WHY\nPod/shop-7d4f9  filebeat-proportional  injected  containers filebeat\n"
    );
}

/// Unchanged Pods, notes and rejections; exit status 2 when a Pod is rejected.
#[test]
fn explain_names_notes_and_rejections() {
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: blog, labels: {app: blog}}\nspec: {containers: [{name: nginx, image: nginx}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: worker, labels: {app: shop}}\nspec: {containers: [{name: worker, image: w}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: shop}, annotations: {sidecarset-policy.kubewarden.io/inject: maybe}}\nspec: {containers: [{name: nginx, image: nginx}]}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
    let out = run(&["explain", "--settings", "examples/resources-policy/settings.yaml", "-"], Some(manifest));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        r#"POD         SIDECARSET             DECISION   WHY
Pod/blog    -                      unchanged  no SidecarSet selects the Pod or nearly does
Pod/worker  -                      rejected   sidecar injection failed: no containers match the regex pattern "^(nginx|php-fpm)$"
Pod/web     -                      note       annotation sidecarset-policy.kubewarden.io/inject has the value "maybe", which the policy ignores: only "false" (no sidecars) and "true" are understood
Pod/web     filebeat-proportional  injected   containers filebeat
ConfigMap   -                      not a Pod  not a Pod or a workload
"#
    );
}

#[test]
fn explain_colours_decisions_only_when_asked_or_on_a_terminal() {
    let args =
        ["explain", "--settings", "examples/resources-policy/settings.yaml", "examples/resources-policy/pod.yaml"];
    let piped = run(&args, None);
    assert!(!text(&piped.stdout).contains('\u{1b}'));
    let always = run(&[&args[..], &["--color", "always"]].concat(), None);
    assert!(text(&always.stdout).contains("\u{1b}[32minjected\u{1b}[0m"), "{}", text(&always.stdout));
}

/// `impact`: the example Pods against Filebeat 8.16.0.
#[test]
fn impact_previews_new_settings_on_existing_pods() {
    let out = run(&["impact", "--settings", "examples/impact/new-settings.yaml", "examples/impact/pods.json"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "POD               SIDECARSET             CHANGE         DETAIL
shop/shop-7d4f9   filebeat-proportional  would update   revision 9bb4v2b85w66... -> d5zw59x4cwv6...
shop/shop-x2k8p   filebeat-proportional  would get      containers filebeat
shop/shop-legacy  filebeat-proportional  would get      containers filebeat
shop/shop-legacy  legacy-agent           would not get  the new settings do not inject it into this Pod

4 Pods: 3 would get different sidecars, 1 would not
"
    );
}

/// Under the settings the Pods were injected with, the injected Pod is unchanged.
#[test]
fn impact_of_the_current_settings_changes_only_what_lacks_sidecars() {
    let out =
        run(&["impact", "--settings", "examples/resources-policy/settings.yaml", "examples/impact/pods.json"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(!table.contains("shop-7d4f9"), "{table}");
    assert!(table.ends_with("4 Pods: 2 would get different sidecars, 2 would not\n"), "{table}");
}

/// A near miss of the walkthrough's SidecarSet: the pod is not on a virtual node.
#[test]
fn explain_says_why_a_pod_was_not_injected() {
    let out = run(&["explain", "--settings", "examples/settings.yaml", "examples/nginx-deployment.yaml"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.contains("Deployment/nginx  filebeat-sidecarset  injected  containers filebeat"), "{table}");
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: nginx, alibabacloud.com/compute-class: general-purpose}}\nspec: {containers: [{name: nginx, image: nginx}]}\n";
    let out = run(&["explain", "--settings", "examples/settings.yaml", "-"], Some(manifest));
    assert_eq!(
        text(&out.stdout),
        "POD      SIDECARSET           DECISION      WHY\nPod/web  filebeat-sidecarset  not injected  the pod is not a virtual-node pod (nothing in its nodeSelector, labels, nodeName or required node affinity points at a virtual node (virtualNode settings))\n"
    );
}
