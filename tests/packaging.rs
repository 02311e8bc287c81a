//! The shipped metadata, ArtifactHub package and example manifests agree with each other and
//! with the crate: one version, one set of webhook rules, the same settings as examples/.

mod support;

use std::path::Path;

use serde_json::{Value, json};
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
