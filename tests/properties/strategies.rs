//! proptest strategies for the property tests: pods with app containers, init containers,
//! volumes, unknown fields and explicit nulls, and settings with SidecarSets that mostly pass
//! `settings::validate` (names come from small pools so that sidecars meet same-named app
//! containers, volumes clash by name, transferred env vars exist and selectors overlap).

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use serde_json::{Map, Value, json};

const APP_NAMES: [&str; 4] = ["web", "db", "worker", "proxy"];
const INIT_NAMES: [&str; 3] = ["setup", "migrate", "init-agent"];
const SIDECAR_NAMES: [&str; 5] = ["log-agent", "proxy", "monitor", "mesh", "web"];
const SIDECAR_INIT_NAMES: [&str; 3] = ["init-agent", "warmup", "certs"];
const POD_VOLUMES: [&str; 3] = ["data", "logs", "cache"];
const SET_VOLUMES: [&str; 4] = ["logs", "agent-config", "agent-data", "certs"];
const ENV_NAMES: [&str; 4] = ["A", "B", "POD_IP", "LOG_DIR"];
const APPS: [&str; 3] = ["web", "db", "batch"];
const ANNOTATIONS: [&str; 3] = ["team", "patched", "sidecar.io/config"];

/// An env list over a pool of names, in a random order.
fn env() -> impl Strategy<Value = Vec<Value>> {
    subsequence(ENV_NAMES.to_vec(), 0..=ENV_NAMES.len()).prop_map(|names| {
        names.into_iter().enumerate().map(|(i, n)| json!({"name": n, "value": format!("v{i}")})).collect()
    })
}

/// Mounts of some of `volumes`, at distinct paths.
fn mounts(volumes: Vec<&'static str>, prefix: &'static str) -> impl Strategy<Value = Vec<Value>> {
    let n = volumes.len();
    (subsequence(volumes, 0..=n), any::<bool>()).prop_map(move |(names, sub_path_expr)| {
        names
            .into_iter()
            .map(|v| {
                let mut m = json!({"name": v, "mountPath": format!("/{prefix}/{v}")});
                if sub_path_expr && v == "logs" {
                    m["subPathExpr"] = json!("$(A)/x");
                }
                m
            })
            .collect()
    })
}

/// A JSON value for unknown fields: nested, with explicit nulls.
fn unknown_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::from),
        "[a-z]{0,6}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec(("[a-zA-Z]{1,8}", inner), 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Unknown fields (names no Kubernetes type has) and explicit nulls of known optional fields.
fn extras(nullable: &'static [&'static str]) -> impl Strategy<Value = Map<String, Value>> {
    (vec(("future[A-Z][a-z]{0,5}", unknown_value()), 0..3), subsequence(nullable.to_vec(), 0..=nullable.len()))
        .prop_map(|(unknown, nulls)| {
            let mut m: Map<String, Value> = unknown.into_iter().collect();
            for n in nulls {
                m.insert(n.to_string(), Value::Null);
            }
            m
        })
}

fn app_container(name: &'static str) -> impl Strategy<Value = Value> {
    (env(), mounts(POD_VOLUMES.to_vec(), "app"), extras(&["workingDir", "securityContext", "lifecycle"])).prop_map(
        move |(env, mounts, extras)| {
            // What the API server defaults before admission (pod validation requires it).
            let mut c = json!({"name": name, "image": format!("registry.example.com/{name}:1.0"),
                "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                "imagePullPolicy": "IfNotPresent"});
            if !env.is_empty() {
                c["env"] = Value::Array(env);
            }
            if !mounts.is_empty() {
                c["volumeMounts"] = Value::Array(mounts);
            }
            if let Some(obj) = c.as_object_mut() {
                obj.extend(extras);
            }
            c
        },
    )
}

fn pod_volume(name: &'static str) -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"name": name, "emptyDir": {}})),
        Just(json!({"name": name, "hostPath": {"path": format!("/var/{name}")}})),
        Just(json!({"name": name, "configMap": {"name": format!("{name}-cm")}})),
    ]
}

/// A pod: unique container names, mounts of its own volumes, and unknown fields and nulls at
/// every level.
pub fn pod() -> impl Strategy<Value = Value> {
    let containers = subsequence(APP_NAMES.to_vec(), 1..=APP_NAMES.len())
        .prop_shuffle()
        .prop_flat_map(|names| names.into_iter().map(app_container).collect::<Vec<_>>());
    let inits = subsequence(INIT_NAMES.to_vec(), 0..=2).prop_map(|names| {
        names
            .into_iter()
            .map(|n| {
                json!({"name": n, "image": "busybox:1.36", "terminationMessagePath": "/dev/termination-log",
                       "terminationMessagePolicy": "File", "imagePullPolicy": "IfNotPresent"})
            })
            .collect::<Vec<Value>>()
    });
    let volumes =
        Just(POD_VOLUMES.to_vec()).prop_flat_map(|names| names.into_iter().map(pod_volume).collect::<Vec<_>>());
    let labels = (select(APPS.to_vec()), any::<bool>());
    let metadata_extras = extras(&["generateName", "ownerReferences", "finalizers"]);
    let spec_extras = extras(&["nodeSelector", "affinity", "schedulerName", "priority"]);
    let top_extras = extras(&["status"]);
    let annotations = subsequence(ANNOTATIONS.to_vec(), 0..=2);
    (containers, inits, volumes, labels, metadata_extras, spec_extras, top_extras, annotations, any::<bool>()).prop_map(
        |(
            containers,
            inits,
            volumes,
            (app, virtual_node),
            metadata_extras,
            spec_extras,
            top_extras,
            annotations,
            secrets,
        )| {
            let mut labels = json!({"app": app});
            if virtual_node {
                labels["serverless.alibabacloud.com/virtual-node"] = json!("true");
            }
            let mut metadata = json!({"name": "pod", "namespace": "default", "labels": labels});
            if !annotations.is_empty() {
                metadata["annotations"] =
                    Value::Object(annotations.iter().map(|a| (a.to_string(), json!(format!("{a}-value")))).collect());
            }
            metadata.as_object_mut().unwrap().extend(metadata_extras);
            let mut spec = json!({"containers": containers, "volumes": volumes});
            if !inits.is_empty() {
                spec["initContainers"] = Value::Array(inits);
            }
            if secrets {
                spec["imagePullSecrets"] = json!([{"name": "regcred"}]);
            }
            spec.as_object_mut().unwrap().extend(spec_extras);
            let mut pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec});
            pod.as_object_mut().unwrap().extend(top_extras);
            pod
        },
    )
}

fn set_volume(name: &'static str) -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"name": name, "emptyDir": {}})),
        Just(json!({"name": name, "configMap": {"name": format!("{name}-cm")}})),
        Just(json!({"name": name, "hostPath": {"path": format!("/opt/{name}")}})),
    ]
}

fn sidecar(name: &'static str, volumes: Vec<&'static str>, init: bool) -> impl Strategy<Value = Value> {
    let policy = prop_oneof![Just(None), Just(Some("BeforeAppContainer")), Just(Some("AfterAppContainer"))];
    let hot = if init { Just(false).boxed() } else { prop_oneof![4 => Just(false), 1 => Just(true)].boxed() };
    (env(), mounts(volumes, name), policy, any::<bool>(), hot, select(vec![None, Some("web"), Some("db")])).prop_map(
        move |(env, mounts, policy, share, hot, transfer)| {
            let mut c = json!({"name": name, "image": format!("registry.example.com/{name}:2.0")});
            if !env.is_empty() {
                c["env"] = Value::Array(env);
            }
            if !mounts.is_empty() {
                c["volumeMounts"] = Value::Array(mounts);
            }
            if let Some(p) = policy {
                c["podInjectPolicy"] = json!(p);
            }
            if share && !init {
                c["shareVolumePolicy"] = json!({"type": "enabled"});
            }
            if hot {
                c["upgradeStrategy"] =
                    json!({"upgradeType": "HotUpgrade", "hotUpgradeEmptyImage": "registry.example.com/empty:1"});
            }
            if let (Some(source), false) = (transfer, init) {
                c["transferEnv"] = json!([{"sourceContainerName": source, "envNames": ["A", "B"]}]);
            }
            c
        },
    )
}

/// One SidecarSet named `set-<index>`.
fn sidecar_set(index: usize) -> impl Strategy<Value = Value> {
    let volumes = subsequence(SET_VOLUMES.to_vec(), 0..=SET_VOLUMES.len());
    let selector = prop_oneof![
        select(APPS.to_vec()).prop_map(|app| json!({"matchLabels": {"app": app}})),
        subsequence(APPS.to_vec(), 1..=2)
            .prop_map(|apps| json!({"matchExpressions": [{"key": "app", "operator": "In", "values": apps}]})),
        Just(json!({"matchLabels": {"serverless.alibabacloud.com/virtual-node": "true"}})),
    ];
    let native = any::<bool>();
    let lifecycle = select(vec![None, Some("none"), Some("acs"), Some("eci"), Some("native")]);
    let patch = select(vec![None, Some("Retain"), Some("Overwrite")]);
    (volumes, selector, native, lifecycle, patch, any::<bool>(), any::<bool>()).prop_flat_map(
        move |(volumes, selector, native, lifecycle, patch, v1alpha1, secrets)| {
            let containers = subsequence(SIDECAR_NAMES.to_vec(), 0..=2).prop_flat_map({
                let volumes = volumes.clone();
                move |names| names.into_iter().map(|n| sidecar(n, volumes.clone(), false)).collect::<Vec<_>>()
            });
            let inits = subsequence(SIDECAR_INIT_NAMES.to_vec(), 0..=1).prop_flat_map({
                let volumes = volumes.clone();
                move |names| names.into_iter().map(|n| sidecar(n, volumes.clone(), true)).collect::<Vec<_>>()
            });
            let volume_values = volumes.clone().into_iter().map(set_volume).collect::<Vec<_>>();
            (containers, inits, volume_values).prop_map(move |(containers, mut inits, volumes)| {
                if native {
                    for c in &mut inits {
                        c["restartPolicy"] = json!("Always");
                    }
                }
                let mut spec = json!({"selector": selector, "containers": containers, "volumes": volumes});
                if !inits.is_empty() {
                    spec["initContainers"] = Value::Array(inits);
                }
                // Native init sidecars require NotUpdate (a rule of Kruise's validateSidecarSetSpec).
                spec["updateStrategy"] = json!({"type": if native { "NotUpdate" } else { "RollingUpdate" }});
                if secrets {
                    spec["imagePullSecrets"] = json!([{"name": "agent-pull"}, {"name": "regcred"}]);
                }
                if let Some(policy) = patch {
                    spec["patchPodMetadata"] =
                        json!([{"patchPolicy": policy, "annotations": {"patched": format!("by-set-{index}")}}]);
                }
                let mut metadata = json!({"name": format!("set-{index}")});
                if let Some(mode) = lifecycle {
                    metadata["annotations"] = json!({"sidecarset-policy.kubewarden.io/sidecar-lifecycle": mode});
                }
                let api_version = if v1alpha1 { "apps.kruise.io/v1alpha1" } else { "apps.kruise.io/v1beta1" };
                json!({"apiVersion": api_version, "kind": "SidecarSet", "metadata": metadata, "spec": spec})
            })
        },
    )
}

/// Settings with one to three SidecarSets and a lifecycle mode (not necessarily valid:
/// the properties keep those `settings::validate` accepts).
pub fn settings() -> impl Strategy<Value = Value> {
    (1usize..=3, select(vec!["none", "acs", "eci", "native"])).prop_flat_map(|(n, lifecycle)| {
        (0..n)
            .map(sidecar_set)
            .collect::<Vec<_>>()
            .prop_map(move |sets| json!({"sidecarSets": sets, "sidecarLifecycle": lifecycle}))
    })
}
