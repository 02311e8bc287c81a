use apimachinery::field_error::FieldPath;
use apimachinery::gojson::check::check_struct;
use apimachinery::gojson::normalize::normalize_struct;
use apimachinery::gojson::schema::Struct;
use apimachinery::gojson::write::to_string;
use serde_json::{Value, json};

use super::SIDECAR_CONTAINER;

fn go_json(v: Value, s: &'static Struct) -> String {
    to_string(&Value::Object(normalize_struct(Some(&v), s)))
}
fn errors(v: Value) -> Vec<String> {
    let mut errs = Vec::new();
    check_struct(&v, &SIDECAR_CONTAINER, &FieldPath::root("spec.containers[0]"), &mut errs);
    errs.iter().map(|e| e.to_string()).collect()
}

#[test]
fn accepts_a_well_typed_container() {
    let c = json!({
        "name": "filebeat", "image": "filebeat:8", "args": ["-e"], "env": [{"name": "A", "value": "1"}],
        "resources": {"limits": {"cpu": "1", "memory": "200Mi"}, "requests": {"cpu": 0.5}},
        "ports": [{"containerPort": 8080, "protocol": "TCP"}],
        "livenessProbe": {"httpGet": {"port": "http", "path": "/"}, "periodSeconds": 10},
        "securityContext": {"runAsUser": 1000, "privileged": false},
        "podInjectPolicy": "AfterAppContainer", "upgradeStrategy": {"upgradeType": "ColdUpgrade"},
        "transferEnv": [{"sourceContainerName": "app", "envNames": ["A"]}],
        "stdin": null
    });
    assert_eq!(errors(c), Vec::<String>::new());
}

#[test]
fn reports_each_problem_with_its_path() {
    let c = json!({
        "name": 5, "imagePulPolicy": "Always", "env": {"A": "1"},
        "ports": [{"containerPort": 3000000000u64}, {"containerPort": 1.5}],
        "resources": {"limits": {"memory": "200MB"}},
        "livenessProbe": {"httpGet": {"port": true}},
    });
    let errs = errors(c);
    let want = [
        "spec.containers[0].name: Invalid type: expected a string, got number 5",
        "spec.containers[0]: Unknown field: \"imagePulPolicy\": SidecarContainer has no such field; did you mean \"imagePullPolicy\"?",
        "spec.containers[0].env: Invalid type: expected a list, got an object",
        "spec.containers[0].ports[0].containerPort: Invalid type: expected an int32 integer, got number 3000000000",
        "spec.containers[0].ports[1].containerPort: Invalid type: expected an int32 integer, got number 1.5",
        "spec.containers[0].livenessProbe.httpGet.port: Invalid type: expected an int32 integer or a string, got boolean true",
    ];
    for w in want {
        assert!(errs.iter().any(|e| e == w), "missing {w:?} in {errs:#?}");
    }
    assert!(
        errs.iter().any(|e| e.starts_with("spec.containers[0].resources.limits[memory]: Invalid value: \"200MB\"")),
        "{errs:#?}"
    );
    assert_eq!(errs.len(), 7, "{errs:#?}");
}

#[test]
fn nulls_are_zero_values() {
    assert_eq!(errors(json!({"name": "a", "env": null, "resources": null, "tty": null})), Vec::<String>::new());
}

#[test]
fn sidecar_container_shape_matches_kruise_hash_input() {
    // The shape the Kruise hash test vectors are computed from (`pkg/control/sidecarcontrol/hash_test.go`).
    assert_eq!(
        go_json(json!({"name": "container1", "image": "test-image"}), &SIDECAR_CONTAINER),
        r#"{"name":"container1","image":"test-image","resources":{},"upgradeStrategy":{},"shareVolumePolicy":{}}"#
    );
}
