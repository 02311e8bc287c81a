//! A structured model of what `validate` reads, derived with `arbitrary`: admission requests
//! for pods, and settings with SidecarSets and bindings. Names, label keys and values come
//! from small pools most of the time, so that selectors match, containers and volumes clash
//! by name, transferred env vars exist and cross-namespace references meet their bindings;
//! now and then a raw string or an arbitrary JSON value takes their place, so that odd and
//! ill-typed input is reached too. `to_payload` writes the `{request, settings}` envelope.

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{Map, Value, json};

const NAMES: [&str; 10] = ["app", "sidecar", "log", "log-1", "init", "a", "b", "nginx", "false", "true"];
const LABEL_KEYS: [&str; 6] = [
    "app",
    "serverless.alibabacloud.com/virtual-node",
    "alibabacloud.com/eci",
    "alibabacloud.com/compute-class",
    "tier",
    "bad key!",
];
const LABEL_VALUES: [&str; 5] = ["true", "nginx", "x", "", "general-purpose"];
const NAMESPACES: [&str; 5] = ["default", "kube-system", "team-a", "", "kubewarden"];
const IMAGES: [&str; 5] = ["nginx", "nginx:1.27", "busybox:latest", "reg.io:5000/a/b@sha256:0123", " bad "];
const PATHS: [&str; 5] = ["/var/log", "/data", "/etc/conf", "/var/log/app", "relative"];
const ENV_NAMES: [&str; 5] = ["A", "POD_NAME", "IS_INJECTED", "__IS_SIDECAR__", "B"];
const ANNOTATION_KEYS: [&str; 9] = [
    "kruise.io/sidecarset-injected-list",
    "kruise.io/sidecarset-hash",
    "kruise.io/sidecarset-hash-without-image",
    "kruise.io/sidecarset-working-hotupgrade-container",
    "patched",
    "json-patched",
    "other",
    "sidecarset-policy.kubewarden.io/inject",
    "sidecarset-policy.kubewarden.io/skip-sidecarsets",
];

/// A string from a pool, or anything.
#[derive(Arbitrary, Debug)]
pub enum Str {
    Pool(u8),
    Raw(String),
}

impl Str {
    fn get(&self, pool: &[&str]) -> String {
        match self {
            Str::Pool(i) => pool.get(usize::from(*i) % pool.len()).copied().unwrap_or("").to_string(),
            Str::Raw(s) => s.clone(),
        }
    }
}

/// A small JSON value (unknown fields, explicit nulls, ill-typed values).
#[derive(Arbitrary, Debug)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Int(i) => Value::from(*i),
            Json::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Json::Str(s) => Value::String(s.clone()),
            Json::List(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(members) => Value::Object(members.iter().map(|(k, v)| (k.clone(), v.to_value())).collect()),
        }
    }
}

/// An optional extra member: an unknown field, an explicit null, or an override of a known
/// field with an arbitrary value.
#[derive(Arbitrary, Debug)]
pub struct Extra {
    key: Str,
    value: Json,
}

fn add_extras(obj: &mut Map<String, Value>, extras: &[Extra], pool: &[&str]) {
    for e in extras.iter().take(3) {
        obj.insert(e.key.get(pool), e.value.to_value());
    }
}

#[derive(Arbitrary, Debug)]
pub enum Operation {
    Create,
    Update,
    Delete,
    Connect,
    Other(String),
}

#[derive(Arbitrary, Debug)]
pub struct Request {
    pub now: i64,
    pub operation: Operation,
    pub sub_resource: Option<Str>,
    pub kind: Option<Str>,
    pub namespace: Option<Str>,
    pub dry_run: Option<bool>,
    pub pod: Pod,
    /// UPDATE: the old pod (ACK mode compares labels).
    pub old_pod: Option<Pod>,
    pub settings: Settings,
    /// Replace the whole `object` with an arbitrary value.
    pub object_override: Option<Json>,
    pub extras: Vec<Extra>,
}

#[derive(Arbitrary, Debug)]
pub struct Pod {
    pub name: Option<Str>,
    pub namespace: Option<Str>,
    pub labels: Vec<(Str, Str)>,
    pub annotations: Vec<(Str, Annotation)>,
    pub containers: Vec<Container>,
    pub init_containers: Vec<Container>,
    pub volumes: Vec<Volume>,
    pub pull_secrets: Vec<Str>,
    pub node_selector: Vec<(Str, Str)>,
    pub node_name: Option<Str>,
    pub phase: Option<Str>,
    pub deleting: bool,
    pub running: bool,
    pub null_spec_lists: bool,
    pub metadata_extras: Vec<Extra>,
    pub spec_extras: Vec<Extra>,
    pub extras: Vec<Extra>,
}

/// Annotation values: well-formed Kruise annotations, JSON documents for merge patches, or
/// anything.
#[derive(Arbitrary, Debug)]
pub enum Annotation {
    Plain(Str),
    InjectedList(Vec<Str>),
    HashEntries(Vec<(Str, Str, Option<Str>)>),
    Json(Json),
}

impl Annotation {
    fn text(&self) -> String {
        match self {
            Annotation::Plain(s) => s.get(&NAMES),
            Annotation::InjectedList(names) => names.iter().map(|n| n.get(&NAMES)).collect::<Vec<_>>().join(","),
            Annotation::HashEntries(entries) => {
                let mut m = Map::new();
                for (name, hash, ts) in entries {
                    m.insert(
                        name.get(&NAMES),
                        json!({"hash": hash.get(&NAMES), "updateTimestamp": ts.as_ref().map(|t| t.get(&["2024-01-01T00:00:00Z", "bad"])), "sidecarSetName": name.get(&NAMES), "sidecarList": [hash.get(&NAMES)]}),
                    );
                }
                Value::Object(m).to_string()
            }
            Annotation::Json(j) => j.to_value().to_string(),
        }
    }
}

#[derive(Arbitrary, Debug)]
pub struct Container {
    pub name: Str,
    pub image: Option<Str>,
    pub env: Vec<Env>,
    pub mounts: Vec<Mount>,
    pub devices: Vec<(Str, Str)>,
    pub injected: bool,
    pub extras: Vec<Extra>,
}

#[derive(Arbitrary, Debug)]
pub struct Env {
    pub name: Str,
    pub value: Option<Str>,
    pub field_ref: bool,
}

#[derive(Arbitrary, Debug)]
pub struct Mount {
    pub name: Str,
    pub path: Str,
    pub sub_path_expr: Option<Str>,
    pub read_only: Option<bool>,
}

#[derive(Arbitrary, Debug)]
pub enum Source {
    EmptyDir,
    ConfigMap(Str),
    Secret(Str),
    Projected(Vec<(bool, Str)>),
    HostPath(Str),
    Pvc(Str),
    None,
    Raw(Json),
}

#[derive(Arbitrary, Debug)]
pub struct Volume {
    pub name: Str,
    pub source: Source,
}

const REFS: [&str; 5] = ["kube-system/filebeat-config", "kube-system/certs", "cfg", "team-a/x", "a/b/c"];

impl Volume {
    fn to_value(&self) -> Value {
        let mut v = Map::new();
        v.insert("name".to_string(), Value::from(self.name.get(&NAMES)));
        let (key, source) = match &self.source {
            Source::EmptyDir => ("emptyDir", json!({})),
            Source::ConfigMap(r) => ("configMap", json!({"name": r.get(&REFS)})),
            Source::Secret(r) => ("secret", json!({"secretName": r.get(&REFS)})),
            Source::Projected(sources) => (
                "projected",
                json!({"sources": sources.iter().take(4).map(|(secret, r)| if *secret {
                    json!({"secret": {"name": r.get(&REFS)}})
                } else {
                    json!({"configMap": {"name": r.get(&REFS)}})
                }).collect::<Vec<_>>()}),
            ),
            Source::HostPath(p) => ("hostPath", json!({"path": p.get(&PATHS)})),
            Source::Pvc(c) => ("persistentVolumeClaim", json!({"claimName": c.get(&NAMES)})),
            Source::None => return Value::Object(v),
            Source::Raw(j) => ("csi", j.to_value()),
        };
        v.insert(key.to_string(), source);
        Value::Object(v)
    }
}

impl Container {
    fn to_map(&self) -> Map<String, Value> {
        let mut c = Map::new();
        c.insert("name".to_string(), Value::from(self.name.get(&NAMES)));
        if let Some(image) = &self.image {
            c.insert("image".to_string(), Value::from(image.get(&IMAGES)));
        }
        let mut env: Vec<Value> = self
            .env
            .iter()
            .take(6)
            .map(|e| {
                let mut m = json!({"name": e.name.get(&ENV_NAMES)});
                if e.field_ref {
                    m["valueFrom"] = json!({"fieldRef": {"fieldPath": "metadata.name"}});
                } else if let Some(v) = &e.value {
                    m["value"] = Value::from(v.get(&LABEL_VALUES));
                }
                m
            })
            .collect();
        if self.injected {
            env.push(json!({"name": "IS_INJECTED", "value": "true"}));
        }
        if !env.is_empty() {
            c.insert("env".to_string(), Value::Array(env));
        }
        let mounts: Vec<Value> = self
            .mounts
            .iter()
            .take(6)
            .map(|m| {
                let mut v = json!({"name": m.name.get(&NAMES), "mountPath": m.path.get(&PATHS)});
                if let Some(expr) = &m.sub_path_expr {
                    v["subPathExpr"] = Value::from(expr.get(&["$(A)", "x/$(POD_NAME)", "$(B)$(A)", "$(", "$(1x)"]));
                }
                if let Some(ro) = m.read_only {
                    v["readOnly"] = Value::Bool(ro);
                }
                v
            })
            .collect();
        if !mounts.is_empty() {
            c.insert("volumeMounts".to_string(), Value::Array(mounts));
        }
        if !self.devices.is_empty() {
            let devices = self
                .devices
                .iter()
                .take(3)
                .map(|(n, p)| json!({"name": n.get(&NAMES), "devicePath": p.get(&PATHS)}))
                .collect();
            c.insert("volumeDevices".to_string(), Value::Array(devices));
        }
        add_extras(&mut c, &self.extras, &["resources", "ports", "env", "futureField", "args"]);
        c
    }
}

impl Pod {
    pub fn to_value(&self) -> Value {
        let mut metadata = Map::new();
        if let Some(n) = &self.name {
            metadata.insert("name".to_string(), Value::from(n.get(&NAMES)));
        }
        if let Some(ns) = &self.namespace {
            metadata.insert("namespace".to_string(), Value::from(ns.get(&NAMESPACES)));
        }
        if !self.labels.is_empty() {
            let labels: Map<String, Value> = self
                .labels
                .iter()
                .take(6)
                .map(|(k, v)| (k.get(&LABEL_KEYS), Value::from(v.get(&LABEL_VALUES))))
                .collect();
            metadata.insert("labels".to_string(), Value::Object(labels));
        }
        if !self.annotations.is_empty() {
            let annotations: Map<String, Value> = self
                .annotations
                .iter()
                .take(6)
                .map(|(k, v)| (k.get(&ANNOTATION_KEYS), Value::from(v.text())))
                .collect();
            metadata.insert("annotations".to_string(), Value::Object(annotations));
        }
        if self.deleting {
            metadata.insert("deletionTimestamp".to_string(), Value::from("2024-01-01T00:00:00Z"));
        }
        add_extras(&mut metadata, &self.metadata_extras, &["creationTimestamp", "labels", "annotations", "x"]);
        let mut spec = Map::new();
        let list = |items: Vec<Value>| {
            if items.is_empty() && self.null_spec_lists { Value::Null } else { Value::Array(items) }
        };
        spec.insert(
            "containers".to_string(),
            list(self.containers.iter().take(8).map(|c| Value::Object(c.to_map())).collect()),
        );
        if !self.init_containers.is_empty() || self.null_spec_lists {
            spec.insert(
                "initContainers".to_string(),
                list(self.init_containers.iter().take(4).map(|c| Value::Object(c.to_map())).collect()),
            );
        }
        if !self.volumes.is_empty() || self.null_spec_lists {
            spec.insert("volumes".to_string(), list(self.volumes.iter().take(8).map(Volume::to_value).collect()));
        }
        if !self.pull_secrets.is_empty() {
            let secrets = self.pull_secrets.iter().take(4).map(|s| json!({"name": s.get(&NAMES)})).collect();
            spec.insert("imagePullSecrets".to_string(), Value::Array(secrets));
        }
        if !self.node_selector.is_empty() {
            let sel: Map<String, Value> = self
                .node_selector
                .iter()
                .take(3)
                .map(|(k, v)| (k.get(&["type", "zone"]), Value::from(v.get(&["virtual-kubelet", "ecs"]))))
                .collect();
            spec.insert("nodeSelector".to_string(), Value::Object(sel));
        }
        if let Some(n) = &self.node_name {
            spec.insert("nodeName".to_string(), Value::from(n.get(&["virtual-kubelet-1", "node-1"])));
        }
        add_extras(&mut spec, &self.spec_extras, &["affinity", "containers", "volumes", "futureSpecField"]);
        let mut pod = Map::new();
        pod.insert("apiVersion".to_string(), Value::from("v1"));
        pod.insert("kind".to_string(), Value::from("Pod"));
        pod.insert("metadata".to_string(), Value::Object(metadata));
        pod.insert("spec".to_string(), Value::Object(spec));
        if self.phase.is_some() || self.running {
            let mut status = Map::new();
            if let Some(p) = &self.phase {
                status.insert("phase".to_string(), Value::from(p.get(&["Pending", "Running", "Succeeded", "Failed"])));
            }
            if self.running {
                status.insert("containerStatuses".to_string(), json!([{"name": "app", "state": {"running": {}}}]));
            }
            pod.insert("status".to_string(), Value::Object(status));
        }
        add_extras(&mut pod, &self.extras, &["status", "futureTopLevel", "metadata"]);
        Value::Object(pod)
    }
}

#[derive(Arbitrary, Debug)]
pub struct Settings {
    pub sidecar_sets: Vec<SidecarSet>,
    pub bindings: Vec<Binding>,
    pub virtual_node: Option<VirtualNode>,
    pub lifecycle: Option<Str>,
    pub audit: Option<bool>,
    pub excluded_namespaces: Option<Vec<Str>>,
    pub extras: Vec<Extra>,
}

#[derive(Arbitrary, Debug)]
pub struct VirtualNode {
    pub label: Option<Str>,
    pub predict: Option<bool>,
    pub ack_mode: Option<bool>,
    pub node_affinity: Option<bool>,
    pub pod_labels: Option<Vec<(Str, Str)>>,
    pub node_name_prefixes: Option<Vec<Str>>,
}

#[derive(Arbitrary, Debug)]
pub struct Binding {
    pub name: Str,
    pub namespace: Str,
    pub subjects: Vec<Str>,
    pub refs: Vec<(bool, Str)>,
}

#[derive(Arbitrary, Debug)]
pub enum Selector {
    Labels(Vec<(Str, Str)>),
    Expressions(Vec<(Str, Str, Vec<Str>)>),
    Empty,
    Missing,
    Raw(Json),
}

impl Selector {
    fn to_value(&self) -> Option<Value> {
        Some(match self {
            Selector::Labels(l) => {
                let m: Map<String, Value> =
                    l.iter().take(4).map(|(k, v)| (k.get(&LABEL_KEYS), Value::from(v.get(&LABEL_VALUES)))).collect();
                json!({"matchLabels": m})
            }
            Selector::Expressions(e) => json!({"matchExpressions": e.iter().take(3).map(|(k, op, values)| json!({
                "key": k.get(&LABEL_KEYS),
                "operator": op.get(&["In", "NotIn", "Exists", "DoesNotExist", "Bogus"]),
                "values": values.iter().take(3).map(|v| v.get(&LABEL_VALUES)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>()}),
            Selector::Empty => json!({}),
            Selector::Missing => return None,
            Selector::Raw(j) => j.to_value(),
        })
    }
}

#[derive(Arbitrary, Debug)]
pub struct Sidecar {
    pub container: Container,
    pub inject_policy: Option<Str>,
    pub hot_upgrade: Option<Str>,
    pub share_volumes: Option<bool>,
    pub share_devices: Option<bool>,
    pub transfer_env: Vec<(Str, Vec<Str>, bool)>,
    pub native: bool,
}

impl Sidecar {
    fn to_value(&self) -> Value {
        let mut c = self.container.to_map();
        if let Some(p) = &self.inject_policy {
            c.insert("podInjectPolicy".to_string(), Value::from(p.get(&["BeforeAppContainer", "AfterAppContainer"])));
        }
        if let Some(image) = &self.hot_upgrade {
            c.insert(
                "upgradeStrategy".to_string(),
                json!({"upgradeType": "HotUpgrade", "hotUpgradeEmptyImage": image.get(&IMAGES)}),
            );
        }
        let enabled = |b: bool| if b { "enabled" } else { "disabled" };
        if let Some(s) = self.share_volumes {
            c.insert("shareVolumePolicy".to_string(), json!({"type": enabled(s)}));
        }
        if let Some(s) = self.share_devices {
            c.insert("shareVolumeDevicePolicy".to_string(), json!({"type": enabled(s)}));
        }
        if !self.transfer_env.is_empty() {
            let t: Vec<Value> = self
                .transfer_env
                .iter()
                .take(3)
                .map(|(source, names, from_label)| {
                    let names: Vec<String> = names.iter().take(3).map(|n| n.get(&ENV_NAMES)).collect();
                    if *from_label {
                        json!({"sourceContainerNameFrom": {"fieldRef": {"fieldPath": source.get(&["metadata.labels['app']", "metadata.annotations['other']", "spec.nodeName"])}}, "envNames": names})
                    } else {
                        json!({"sourceContainerName": source.get(&NAMES), "envNames": names})
                    }
                })
                .collect();
            c.insert("transferEnv".to_string(), Value::Array(t));
        }
        if self.native {
            c.insert("restartPolicy".to_string(), Value::from("Always"));
        }
        Value::Object(c)
    }
}

#[derive(Arbitrary, Debug)]
pub struct SidecarSet {
    pub name: Str,
    pub v1beta1: bool,
    pub selector: Selector,
    pub namespace: Option<Str>,
    pub namespace_selector: Option<Selector>,
    pub paused: bool,
    pub containers: Vec<Sidecar>,
    pub init_containers: Vec<Sidecar>,
    pub volumes: Vec<Volume>,
    pub pull_secrets: Vec<Str>,
    pub patches: Vec<(Str, Vec<(Str, Json)>)>,
    pub canary_of: Option<Str>,
    pub lifecycle: Option<Str>,
    pub recorded_hash: Option<Str>,
    pub not_update: bool,
    pub latest_revision: Option<Str>,
    pub extras: Vec<Extra>,
}

impl SidecarSet {
    fn to_value(&self) -> Value {
        let mut spec = Map::new();
        if let Some(sel) = self.selector.to_value() {
            spec.insert("selector".to_string(), sel);
        }
        if let Some(ns) = &self.namespace {
            spec.insert("namespace".to_string(), Value::from(ns.get(&NAMESPACES)));
        }
        if let Some(sel) = self.namespace_selector.as_ref().and_then(Selector::to_value) {
            spec.insert("namespaceSelector".to_string(), sel);
        }
        if self.paused {
            spec.insert("injectionStrategy".to_string(), json!({"paused": true}));
        }
        let containers: Vec<Value> = self.containers.iter().take(4).map(Sidecar::to_value).collect();
        if !containers.is_empty() {
            spec.insert("containers".to_string(), Value::Array(containers));
        }
        let inits: Vec<Value> = self.init_containers.iter().take(3).map(Sidecar::to_value).collect();
        if !inits.is_empty() {
            spec.insert("initContainers".to_string(), Value::Array(inits));
        }
        if !self.volumes.is_empty() {
            spec.insert("volumes".to_string(), self.volumes.iter().take(5).map(Volume::to_value).collect());
        }
        if !self.pull_secrets.is_empty() {
            let s: Vec<Value> = self.pull_secrets.iter().take(3).map(|s| json!({"name": s.get(&NAMES)})).collect();
            spec.insert("imagePullSecrets".to_string(), Value::Array(s));
        }
        if !self.patches.is_empty() {
            let p: Vec<Value> = self
                .patches
                .iter()
                .take(3)
                .map(|(policy, annotations)| {
                    let a: Map<String, Value> = annotations
                        .iter()
                        .take(3)
                        .map(|(k, v)| {
                            let value = match v {
                                Json::Str(s) => s.clone(),
                                other => other.to_value().to_string(),
                            };
                            (k.get(&ANNOTATION_KEYS), Value::from(value))
                        })
                        .collect();
                    json!({"patchPolicy": policy.get(&["Retain", "Overwrite", "MergePatchJson"]), "annotations": a})
                })
                .collect();
            spec.insert("patchPodMetadata".to_string(), Value::Array(p));
        }
        if self.not_update || self.canary_of.is_some() {
            spec.insert("updateStrategy".to_string(), json!({"type": "NotUpdate"}));
        }
        add_extras(&mut spec, &self.extras, &["selector", "containers", "volumes", "unknownSpecField"]);
        let mut annotations = Map::new();
        if let Some(base) = &self.canary_of {
            annotations.insert("apps.kruise.io/sidecarset-canary".to_string(), Value::from("true"));
            annotations.insert("apps.kruise.io/sidecarset-base".to_string(), Value::from(base.get(&NAMES)));
        }
        if let Some(l) = &self.lifecycle {
            annotations.insert(
                "sidecarset-policy.kubewarden.io/sidecar-lifecycle".to_string(),
                Value::from(l.get(&["none", "acs", "eci", "native", "bogus"])),
            );
        }
        if let Some(h) = &self.recorded_hash {
            annotations.insert("kruise.io/sidecarset-hash".to_string(), Value::from(h.get(&NAMES)));
        }
        let mut metadata = json!({"name": self.name.get(&NAMES)});
        if !annotations.is_empty() {
            metadata["annotations"] = Value::Object(annotations);
        }
        let mut set = json!({
            "apiVersion": if self.v1beta1 { "apps.kruise.io/v1beta1" } else { "apps.kruise.io/v1alpha1" },
            "kind": "SidecarSet",
            "metadata": metadata,
            "spec": spec,
        });
        if let Some(r) = &self.latest_revision {
            set["status"] = json!({"latestRevision": r.get(&NAMES)});
        }
        set
    }
}

impl Settings {
    pub fn to_value(&self) -> Value {
        let mut s = Map::new();
        s.insert("sidecarSets".to_string(), self.sidecar_sets.iter().take(4).map(SidecarSet::to_value).collect());
        if !self.bindings.is_empty() {
            let b: Vec<Value> = self
                .bindings
                .iter()
                .take(3)
                .map(|b| {
                    json!({
                        "apiVersion": "sidecarset.alibabacloud.com/v1alpha1",
                        "kind": "SidecarSetResourceBinding",
                        "metadata": {"name": b.name.get(&NAMES), "namespace": b.namespace.get(&NAMESPACES)},
                        "spec": {
                            "subjects": b.subjects.iter().take(3).map(|n| json!({"kind": "SidecarSet", "name": n.get(&NAMES)})).collect::<Vec<_>>(),
                            "resourceRefs": b.refs.iter().take(3).map(|(secret, n)| json!({"kind": if *secret { "Secret" } else { "ConfigMap" }, "name": n.get(&["filebeat-config", "certs", "x"])})).collect::<Vec<_>>(),
                        },
                    })
                })
                .collect();
            s.insert("resourceBindings".to_string(), Value::Array(b));
        }
        if let Some(vn) = &self.virtual_node {
            let mut v = Map::new();
            if let Some(l) = &vn.label {
                v.insert("label".to_string(), Value::from(l.get(&LABEL_KEYS)));
            }
            for (key, b) in [("predict", vn.predict), ("ackMode", vn.ack_mode), ("nodeAffinity", vn.node_affinity)] {
                if let Some(b) = b {
                    v.insert(key.to_string(), Value::Bool(b));
                }
            }
            if let Some(labels) = &vn.pod_labels {
                let m: Map<String, Value> = labels
                    .iter()
                    .take(3)
                    .map(|(k, val)| (k.get(&LABEL_KEYS), Value::from(val.get(&LABEL_VALUES))))
                    .collect();
                v.insert("podLabels".to_string(), Value::Object(m));
            }
            if let Some(p) = &vn.node_name_prefixes {
                let p: Vec<Value> =
                    p.iter().take(3).map(|x| Value::from(x.get(&["virtual-kubelet", "vk-", ""]))).collect();
                v.insert("nodeNamePrefixes".to_string(), Value::Array(p));
            }
            s.insert("virtualNode".to_string(), Value::Object(v));
        }
        if let Some(l) = &self.lifecycle {
            s.insert("sidecarLifecycle".to_string(), Value::from(l.get(&["none", "acs", "eci", "native"])));
        }
        if let Some(audit) = self.audit {
            s.insert("mode".to_string(), Value::from(if audit { "audit" } else { "inject" }));
        }
        if let Some(ns) = &self.excluded_namespaces {
            s.insert(
                "excludedNamespaces".to_string(),
                ns.iter().take(3).map(|n| Value::from(n.get(&NAMESPACES))).collect(),
            );
        }
        add_extras(&mut s, &self.extras, &["sidecarSets", "resourceBindings", "virtualNode", "unknownSetting"]);
        Value::Object(s)
    }
}

impl Request {
    /// The `{request, settings}` envelope.
    pub fn to_payload(&self) -> Value {
        let operation = match &self.operation {
            Operation::Create => "CREATE".to_string(),
            Operation::Update => "UPDATE".to_string(),
            Operation::Delete => "DELETE".to_string(),
            Operation::Connect => "CONNECT".to_string(),
            Operation::Other(s) => s.clone(),
        };
        let object = match &self.object_override {
            Some(j) => j.to_value(),
            None => self.pod.to_value(),
        };
        let mut request = json!({
            "uid": "11111111-2222-3333-4444-555555555555",
            "kind": {"group": "", "version": "v1", "kind": self.kind.as_ref().map_or("Pod".to_string(), |k| k.get(&["Pod", "Deployment", "pod"]))},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "operation": operation,
            "userInfo": {"username": "fuzz"},
            "object": object,
        });
        if let Some(ns) = &self.namespace {
            request["namespace"] = Value::from(ns.get(&NAMESPACES));
        }
        if let Some(sub) = &self.sub_resource {
            request["subResource"] = Value::from(sub.get(&["", "status", "binding", "ephemeralcontainers"]));
        }
        if let Some(d) = self.dry_run {
            request["dryRun"] = Value::Bool(d);
        }
        if let Some(old) = &self.old_pod {
            request["oldObject"] = old.to_value();
        }
        if let Some(obj) = request.as_object_mut() {
            add_extras(obj, &self.extras, &["object", "kind", "operation", "oldObject", "namespace"]);
        }
        json!({"request": request, "settings": self.settings.to_value()})
    }
}

/// Derive a request from raw fuzzer bytes.
pub fn request_from_bytes(data: &[u8]) -> arbitrary::Result<Request> {
    Request::arbitrary_take_rest(Unstructured::new(data))
}
