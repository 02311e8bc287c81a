//! The shipped metadata, ArtifactHub package and example manifests agree with each other and
//! with the crate: one version, one set of webhook rules, the same settings as examples/.

mod support;

use std::path::Path;

use serde_json::{Value, json};
use sidecarset_policy::host::CONTEXT_AWARE_RESOURCES;
use sidecarset_policy::settings;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(file: &str) -> Value {
    support::load(&root().join(file))
}

#[test]
fn versions_agree() {
    let version = env!("CARGO_PKG_VERSION");
    let metadata = load("policy-metadata.yml");
    assert_eq!(metadata["annotations"]["io.kubewarden.policy.version"], version);
    let artifacthub = load("artifacthub-pkg.yml");
    assert_eq!(artifacthub["version"], version);
    let image = format!("{}:v{version}", metadata["annotations"]["io.kubewarden.policy.ociUrl"].as_str().unwrap_or(""));
    assert_eq!(artifacthub["containersImages"][0]["image"], image.as_str());
    for manifest in ["examples/cluster-admission-policy.yaml", "examples/cluster-admission-policy-ack.yaml"] {
        assert_eq!(load(manifest)["spec"]["module"], format!("registry://{image}").as_str(), "{manifest}");
    }
}

#[test]
fn rules_agree() {
    let metadata = load("policy-metadata.yml");
    assert_eq!(metadata["mutating"], true);
    let rules = metadata["rules"].clone();
    assert_eq!(
        rules,
        json!([{"apiGroups": [""], "apiVersions": ["v1"], "resources": ["pods"], "operations": ["CREATE"]}])
    );
    let artifacthub = load("artifacthub-pkg.yml");
    assert_eq!(artifacthub["annotations"]["kubewarden/mutation"], "true");
    let listed: Value =
        yaml_serde::from_str(artifacthub["annotations"]["kubewarden/rules"].as_str().unwrap_or("")).unwrap_or_default();
    assert_eq!(listed, rules);
    let manifest = load("examples/cluster-admission-policy.yaml");
    assert_eq!(manifest["spec"]["rules"], rules);
    assert_eq!(manifest["spec"]["mutating"], true);
    let ack = load("examples/cluster-admission-policy-ack.yaml");
    assert_eq!(ack["spec"]["rules"][0]["operations"], json!(["CREATE", "UPDATE"]));
}

/// A `contextAwareResources` list as sorted (apiVersion, kind) pairs (policy-evaluator keeps
/// them in a `BTreeSet`).
fn resource_pairs(list: &Value) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = list
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| (r["apiVersion"].as_str().unwrap_or("").to_string(), r["kind"].as_str().unwrap_or("").to_string()))
        .collect();
    pairs.sort();
    pairs
}

/// The `contextAwareResources` as policy-evaluator's YAML writes them.
fn context_aware_yaml(metadata: &Value) -> String {
    resource_pairs(&metadata["contextAwareResources"])
        .iter()
        .map(|(a, k)| format!("- apiVersion: {a}\n  kind: {k}\n"))
        .collect()
}

/// What the engine reads is what the metadata and both manifests grant, no more.
#[test]
fn context_aware_resources_agree() {
    let mut read: Vec<(String, String)> =
        CONTEXT_AWARE_RESOURCES.iter().map(|(a, k)| (a.to_string(), k.to_string())).collect();
    read.sort();
    assert_eq!(resource_pairs(&load("policy-metadata.yml")["contextAwareResources"]), read);
    for manifest in ["examples/cluster-admission-policy.yaml", "examples/cluster-admission-policy-ack.yaml"] {
        assert_eq!(resource_pairs(&load(manifest)["spec"]["contextAwareResources"]), read, "{manifest}");
    }
}

#[test]
fn manifests_carry_the_example_settings() {
    let example = load("examples/settings.yaml");
    assert_eq!(settings::validate(&example), Ok(()));
    assert_eq!(load("examples/cluster-admission-policy.yaml")["spec"]["settings"], example);
    let mut ack_settings = example.clone();
    ack_settings["virtualNode"] = json!({"ackMode": true});
    let ack = load("examples/cluster-admission-policy-ack.yaml");
    assert_eq!(ack["spec"]["settings"], ack_settings);
    assert_eq!(settings::validate(&ack_settings), Ok(()));
}

/// The Rancher UI's questions (questions-ui.yml) ask for settings the policy knows, and their
/// defaults are valid settings that mean what the policy's own defaults mean.
#[test]
fn rancher_questions_default_to_the_policys_defaults() {
    let questions = load("questions-ui.yml");
    let mut settings = serde_json::Map::new();
    for q in questions["questions"].as_array().into_iter().flatten() {
        let variable = q["variable"].as_str().unwrap_or_default();
        if variable == "description" {
            continue;
        }
        let value = match q.get("subquestions").and_then(Value::as_array) {
            Some(subs) => Value::Object(
                subs.iter()
                    .map(|s| (s["variable"].as_str().unwrap_or_default().to_string(), s["default"].clone()))
                    .collect(),
            ),
            None => q["default"].clone(),
        };
        settings.insert(variable.to_string(), value);
    }
    let settings = Value::Object(settings);
    assert_eq!(settings::validate(&settings), Ok(()), "{settings}");
    let defaults = settings::Settings::read(&settings).unwrap();
    let empty = json!({});
    let implicit = settings::Settings::read(&empty).unwrap();
    assert_eq!(defaults.virtual_node, implicit.virtual_node);
    assert_eq!(defaults.excluded_namespaces, implicit.excluded_namespaces);
    assert_eq!(defaults.mode, implicit.mode);
    assert_eq!(defaults.role, implicit.role);
    assert_eq!(defaults.kruise_namespace, implicit.kruise_namespace);
}

/// The e2e case of the resourcesPolicy example runs the example's own settings.
#[test]
fn the_resources_policy_case_runs_the_example() {
    assert_eq!(
        load("e2e-tests/cases/resources-policy-filebeat/settings.yaml"),
        load("examples/resources-policy/settings.yaml")
    );
}

/// The audit policy audits what the injecting policy injects: the same settings plus
/// `mode: audit`, never blocking (monitor, not mutating, failing open) and in background audit.
#[test]
fn the_audit_policy_audits_the_injectors_settings() {
    let injector = load("examples/cluster-admission-policy.yaml");
    let audit = load("examples/audit-policy.yaml");
    let mut settings = injector["spec"]["settings"].clone();
    settings["mode"] = json!("audit");
    assert_eq!(audit["spec"]["settings"], settings);
    assert_eq!(settings::validate(&settings), Ok(()));
    for (field, want) in [
        ("mode", json!("monitor")),
        ("mutating", json!(false)),
        ("backgroundAudit", json!(true)),
        ("failurePolicy", json!("Ignore")),
    ] {
        assert_eq!(audit["spec"][field], want, "spec.{field}");
    }
    for field in ["module", "rules", "contextAwareResources", "namespaceSelector"] {
        assert_eq!(audit["spec"][field], injector["spec"][field], "spec.{field}");
    }
}

/// `artifacthub-pkg.yml` is what `kwctl scaffold artifacthub --metadata-path
/// policy-metadata.yml` prints (kwctl 1.36, policy-evaluator's `ArtifactHubPkg::from_metadata`),
/// field by field, except `createdAt`, the time of scaffolding. The expected package is derived
/// here from the metadata with kwctl's rules.
#[test]
fn artifacthub_package_is_what_kwctl_scaffolds() {
    let metadata = load("policy-metadata.yml");
    let package = load("artifacthub-pkg.yml");
    let annotation = |key: &str| metadata["annotations"][key].as_str().unwrap_or_default().to_string();
    let version = annotation("io.kubewarden.policy.version");
    let image = format!("{}:v{version}", annotation("io.kubewarden.policy.ociUrl"));
    let source = annotation("io.kubewarden.policy.source");
    let keywords: Vec<String> =
        annotation("io.artifacthub.keywords").split(',').map(|k| k.trim_matches(' ').to_string()).collect();
    assert!(keywords.iter().all(|k| !k.is_empty()), "kwctl refuses empty keywords");
    // "name <email>, name <email>": kwctl parses an RFC 5322 address list and refuses anything else.
    let maintainers: Vec<Value> = annotation("io.kubewarden.policy.author")
        .split(',')
        .map(|entry| {
            let (name, email) = entry.trim().split_once(" <").unwrap_or_default();
            let email = email.strip_suffix('>').unwrap_or_default();
            assert!(email.contains('@') && !name.is_empty(), "author entry {entry:?} is not \"name <email>\"");
            json!({"name": name, "email": email})
        })
        .collect();
    let rules = yaml_serde::to_string(&metadata["rules"]).unwrap_or_default();
    let expected = json!({
        "version": version,
        "name": annotation("io.kubewarden.policy.title"),
        "displayName": annotation("io.artifacthub.displayName"),
        "description": annotation("io.kubewarden.policy.description"),
        "license": annotation("io.kubewarden.policy.license"),
        "homeURL": annotation("io.kubewarden.policy.url"),
        "containersImages": [{"name": "policy", "image": image}],
        "keywords": keywords,
        "links": [
            {"name": "policy", "url": format!("{source}/releases/download/v{version}/policy.wasm")},
            {"name": "source", "url": source},
        ],
        "install": format!(
            "The policy can be obtained using [kwctl](https://docs.kubewarden.io/howtos/install-kwctl):\n```console\nkwctl pull {image}\n```\nThen, generate the policy manifest and tune it to your liking. For example:\n```console\nkwctl scaffold manifest -t ClusterAdmissionPolicy registry://{image}\n```\n"
        ),
        "maintainers": maintainers,
        "provider": {"name": "kubewarden"},
        "recommendations": [{"url": "https://artifacthub.io/packages/helm/kubewarden/kubewarden-controller"}],
        "annotations": {
            // policy-evaluator writes the set sorted, as YAML, when it is not empty.
            "kubewarden/contextAwareResources": context_aware_yaml(&metadata),
            "kubewarden/mutation": metadata["mutating"].as_bool().unwrap_or(false).to_string(),
            "kubewarden/resources": annotation("io.artifacthub.resources"),
            "kubewarden/rules": rules,
            // `kwctl scaffold artifacthub --questions-path questions-ui.yml`: the file verbatim.
            "kubewarden/questions-ui": std::fs::read_to_string(root().join("questions-ui.yml")).unwrap_or_default(),
        },
    });
    let fields = package.as_object().cloned().unwrap_or_default();
    for (key, want) in expected.as_object().into_iter().flatten() {
        assert_eq!(fields.get(key), Some(want), "artifacthub-pkg.yml field {key}");
    }
    let extra: Vec<&String> =
        fields.keys().filter(|k| *k != "createdAt" && expected.get(k.as_str()).is_none()).collect();
    assert!(extra.is_empty(), "fields kwctl does not write: {extra:?}");
    assert!(
        fields.get("createdAt").and_then(Value::as_str).is_some_and(|t| t.ends_with('Z')),
        "createdAt is an RFC 3339 time"
    );
}

const ROLE_POLICIES: [&str; 3] = [
    "examples/kubectl-apply/policies/injector.yaml",
    "examples/kubectl-apply/policies/defaulter.yaml",
    "examples/kubectl-apply/policies/validator.yaml",
];

/// The kubectl-apply set: one policy per role, each with settings its role accepts, the
/// module's version, rules for what the role acts on, and no more cluster access than it reads.
#[test]
fn role_policies_agree() {
    let image = format!("registry://ghcr.io/sidecarset-policy/sidecarset-policy:v{}", env!("CARGO_PKG_VERSION"));
    let rule = |group: &str, resource: &str, operations: Value| json!({"apiGroups": [group], "apiVersions": ["v1alpha1"], "resources": [resource], "operations": operations});
    let sidecarsets = rule("apps.kruise.io", "sidecarsets", json!(["CREATE", "UPDATE"]));
    let bindings = rule("sidecarset.alibabacloud.com", "sidecarsetresourcebindings", json!(["CREATE", "UPDATE"]));
    let pods = load("policy-metadata.yml")["rules"].clone();
    let all: Vec<(String, String)> =
        CONTEXT_AWARE_RESOURCES.iter().map(|(a, k)| (a.to_string(), k.to_string())).collect();
    let pair = |a: &str, k: &str| (a.to_string(), k.to_string());
    let expected = [
        ("sidecarset-injector", true, pods, { all.clone() }),
        ("sidecarset-defaulter", true, json!([sidecarsets.clone()]), vec![]),
        (
            "sidecarset-validator",
            false,
            json!([sidecarsets, bindings]),
            vec![pair("apps.kruise.io/v1alpha1", "SidecarSet"), pair("apps/v1", "ControllerRevision")],
        ),
    ];
    for (file, (name, mutating, rules, mut resources)) in ROLE_POLICIES.iter().zip(expected) {
        let manifest = load(file);
        assert_eq!(manifest["kind"], "ClusterAdmissionPolicy", "{file}");
        assert_eq!(manifest["metadata"]["name"], name, "{file}");
        assert_eq!(manifest["spec"]["module"], image.as_str(), "{file}");
        assert_eq!(manifest["spec"]["mutating"], mutating, "{file}");
        assert_eq!(manifest["spec"]["rules"], rules, "{file}");
        resources.sort();
        assert_eq!(resource_pairs(&manifest["spec"]["contextAwareResources"]), resources, "{file}");
        assert_eq!(settings::validate(&manifest["spec"]["settings"]), Ok(()), "{file}");
    }
    assert_eq!(load(ROLE_POLICIES[0])["spec"]["settings"]["sidecarSetsFrom"], "cluster");
}

/// A team's AdmissionPolicy: namespaced, no cluster access (Kubewarden gives an
/// AdmissionPolicy none), settings valid for role namespaced-injector.
#[test]
fn namespaced_policy_is_a_namespaced_injector() {
    let manifest = load("examples/admission-policy-namespaced.yaml");
    assert_eq!(manifest["kind"], "AdmissionPolicy");
    assert!(manifest["metadata"]["namespace"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(manifest["spec"].get("contextAwareResources").is_none(), "AdmissionPolicy has no contextAwareResources");
    assert_eq!(manifest["spec"]["settings"]["role"], "namespaced-injector");
    assert_eq!(settings::validate(&manifest["spec"]["settings"]), Ok(()));
}

/// The CRDs for clusters without Kruise: the names, scopes and the version the policy lists.
#[test]
fn crds_serve_what_the_policy_lists() {
    for (file, api_version, kind, scope) in [
        ("examples/crds/sidecarsets.apps.kruise.io.yaml", "apps.kruise.io/v1alpha1", "SidecarSet", "Cluster"),
        (
            "examples/crds/sidecarsetresourcebindings.sidecarset.alibabacloud.com.yaml",
            "sidecarset.alibabacloud.com/v1alpha1",
            "SidecarSetResourceBinding",
            "Namespaced",
        ),
    ] {
        let crd = load(file);
        let (group, version) = api_version.split_once('/').unwrap_or_default();
        let plural = crd["spec"]["names"]["plural"].as_str().unwrap_or_default();
        assert_eq!(crd["metadata"]["name"], format!("{plural}.{group}").as_str(), "{file}");
        assert_eq!(crd["spec"]["group"], group, "{file}");
        assert_eq!(crd["spec"]["names"]["kind"], kind, "{file}");
        assert_eq!(crd["spec"]["scope"], scope, "{file}");
        assert!(
            CONTEXT_AWARE_RESOURCES.contains(&(api_version, kind)),
            "{file}: the policy reads {api_version} {kind}"
        );
        let versions = crd["spec"]["versions"].as_array().cloned().unwrap_or_default();
        assert_eq!(versions.len(), 1, "{file}");
        assert_eq!(versions[0]["name"], version);
        assert_eq!(versions[0]["served"], true);
        assert_eq!(versions[0]["storage"], true);
        let spec = &versions[0]["schema"]["openAPIV3Schema"]["properties"]["spec"];
        assert_eq!(spec["x-kubernetes-preserve-unknown-fields"], true, "{file}: spec keeps unknown fields");
    }
}
