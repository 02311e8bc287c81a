//! Kruise's SidecarSet defaulting (`SetDefaultsSidecarSet` and the Kubernetes defaulters it
//! calls), applied to the raw JSON of a settings SidecarSet. In a cluster every SidecarSet
//! passes Kruise's mutating webhook before use, and container placement and the sidecar hash
//! depend on these defaults (an undefaulted container is injected after the app containers, a
//! defaulted one before them). Absent, `null` and empty values count as unset, as they decode
//! to the same Go zero value. Values of the wrong JSON type are left alone (validation
//! reports them; the hot path must simply not fail).

use serde_json::{Map, Value};

use apimachinery::gojson::core_v1::VOLUME;
use apimachinery::image::default_pull_policy;
use apimachinery::quantity::Quantity;

/// Apply `SetDefaultsSidecarSet` to a SidecarSet `spec` object.
pub fn default_spec(spec: &mut Map<String, Value>) {
    let strategy = object_field(spec, "updateStrategy");
    if let Some(strategy) = strategy {
        set_if_unset(strategy, "type", "RollingUpdate");
        set_if_null(strategy, "maxUnavailable", Value::from(1));
        set_if_null(strategy, "partition", Value::from(0));
    }
    for c in objects_mut(spec, "initContainers") {
        default_sidecar_container(c, "AfterAppContainer");
    }
    for c in objects_mut(spec, "containers") {
        default_sidecar_container(c, "BeforeAppContainer");
    }
    for v in objects_mut(spec, "volumes") {
        default_volume(v);
    }
    set_if_null(spec, "revisionHistoryLimit", Value::from(10));
    for patch in objects_mut(spec, "patchPodMetadata") {
        set_if_unset(patch, "patchPolicy", "Retain");
    }
    if let Some(injection) = spec.get_mut("injectionStrategy").and_then(Value::as_object_mut)
        && let Some(revision) = injection.get_mut("revision").and_then(Value::as_object_mut)
    {
        set_if_unset(revision, "policy", "Always");
    }
}

/// `setDefaultSidecarContainer`: Kruise's own fields, then `setDefaultContainer`.
pub fn default_sidecar_container(c: &mut Map<String, Value>, inject_policy: &str) {
    set_if_unset(c, "podInjectPolicy", inject_policy);
    // The CRD's `+kubebuilder:default=".*"`, which the API server applies on decode, before
    // any webhook: the stored object (and so its hash) carries it.
    if let Some(policy) = c.get_mut("resourcesPolicy").and_then(Value::as_object_mut) {
        set_if_null(policy, "targetContainersNameRegex", Value::from(".*"));
    }
    if let Some(upgrade) = object_field(c, "upgradeStrategy") {
        set_if_unset(upgrade, "upgradeType", "ColdUpgrade");
    }
    if let Some(share) = object_field(c, "shareVolumePolicy") {
        set_if_unset(share, "type", "disabled");
    }
    default_container(c);
    for t in objects_mut(c, "transferEnv") {
        if let Some(field_ref) = t
            .get_mut("sourceContainerNameFrom")
            .and_then(Value::as_object_mut)
            .and_then(|from| from.get_mut("fieldRef"))
            .and_then(Value::as_object_mut)
        {
            set_if_unset(field_ref, "apiVersion", "v1");
        }
    }
}

/// Kruise's `setDefaultContainer`: `SetDefaults_Container`, port protocols, env field
/// references, resource rounding, and probe/lifecycle defaults. Kruise defaults the liveness
/// and readiness probes but not the startup probe; that is reproduced here.
fn default_container(c: &mut Map<String, Value>) {
    if is_unset(c.get("imagePullPolicy")) {
        let image = c.get("image").and_then(Value::as_str).unwrap_or("");
        let policy = default_pull_policy(image);
        c.insert("imagePullPolicy".to_string(), Value::from(policy));
    }
    set_if_unset(c, "terminationMessagePath", "/dev/termination-log");
    set_if_unset(c, "terminationMessagePolicy", "File");
    for port in objects_mut(c, "ports") {
        set_if_unset(port, "protocol", "TCP");
    }
    for env in objects_mut(c, "env") {
        if let Some(field_ref) = env
            .get_mut("valueFrom")
            .and_then(Value::as_object_mut)
            .and_then(|from| from.get_mut("fieldRef"))
            .and_then(Value::as_object_mut)
        {
            set_if_unset(field_ref, "apiVersion", "v1");
        }
    }
    if let Some(resources) = c.get_mut("resources").and_then(Value::as_object_mut) {
        for list in ["limits", "requests"] {
            if let Some(map) = resources.get_mut(list).and_then(Value::as_object_mut) {
                round_up_to_milli(map);
            }
        }
    }
    for probe in ["livenessProbe", "readinessProbe"] {
        if let Some(p) = c.get_mut(probe).and_then(Value::as_object_mut) {
            default_probe(p);
        }
    }
    if let Some(lifecycle) = c.get_mut("lifecycle").and_then(Value::as_object_mut) {
        for hook in ["postStart", "preStop"] {
            if let Some(http) = lifecycle
                .get_mut(hook)
                .and_then(Value::as_object_mut)
                .and_then(|h| h.get_mut("httpGet"))
                .and_then(Value::as_object_mut)
            {
                default_http_get(http);
            }
        }
    }
}

/// `SetDefaults_ResourceList`: every quantity rounded up to milli precision.
fn round_up_to_milli(list: &mut Map<String, Value>) {
    for value in list.values_mut() {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => continue,
        };
        if let Ok(mut q) = Quantity::parse(&text) {
            q.round_up(-3);
            *value = Value::String(q.canonical());
        }
    }
}

/// `SetDefaults_Probe` and, for HTTP probes, `SetDefaults_HTTPGetAction`.
fn default_probe(p: &mut Map<String, Value>) {
    for (field, default) in
        [("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3)]
    {
        if p.get(field).and_then(Value::as_i64).unwrap_or(0) == 0 {
            p.insert(field.to_string(), Value::from(default));
        }
    }
    if let Some(http) = p.get_mut("httpGet").and_then(Value::as_object_mut) {
        default_http_get(http);
    }
}

fn default_http_get(http: &mut Map<String, Value>) {
    set_if_unset(http, "path", "/");
    set_if_unset(http, "scheme", "HTTP");
}

/// `SetDefaultPodVolumes` for one volume: a volume without a source becomes an `emptyDir`;
/// host path types, file modes, downward API field versions and token expiry get defaults.
pub fn default_volume(v: &mut Map<String, Value>) {
    // Scanning the volume's few keys, not hashing each of the ~30 source names.
    let has_source = v.iter().any(|(k, s)| k != "name" && !s.is_null() && VOLUME.field(k).is_some());
    if !has_source {
        v.insert("emptyDir".to_string(), Value::Object(Map::new()));
    }
    if let Some(host_path) = v.get_mut("hostPath").and_then(Value::as_object_mut) {
        set_if_null(host_path, "type", Value::from(""));
    }
    for source in ["secret", "configMap", "downwardAPI", "projected"] {
        if let Some(s) = v.get_mut(source).and_then(Value::as_object_mut) {
            set_if_null(s, "defaultMode", Value::from(0o644));
        }
    }
    if let Some(downward) = v.get_mut("downwardAPI").and_then(Value::as_object_mut) {
        default_downward_items(downward);
    }
    if let Some(projected) = v.get_mut("projected").and_then(Value::as_object_mut) {
        for source in objects_mut(projected, "sources") {
            if let Some(downward) = source.get_mut("downwardAPI").and_then(Value::as_object_mut) {
                default_downward_items(downward);
            }
            if let Some(token) = source.get_mut("serviceAccountToken").and_then(Value::as_object_mut) {
                set_if_null(token, "expirationSeconds", Value::from(3600));
            }
        }
    }
}

fn default_downward_items(downward: &mut Map<String, Value>) {
    for item in objects_mut(downward, "items") {
        if let Some(field_ref) = item.get_mut("fieldRef").and_then(Value::as_object_mut) {
            set_if_unset(field_ref, "apiVersion", "v1");
        }
    }
}

/// The object under `key`, created when absent or null (a non-pointer Go struct always
/// exists); `None` when the value has another type.
fn object_field<'m>(m: &'m mut Map<String, Value>, key: &str) -> Option<&'m mut Map<String, Value>> {
    let slot = m.entry(key.to_string()).or_insert(Value::Null);
    if slot.is_null() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut()
}

/// The objects of the list under `key` (other elements and types are skipped).
fn objects_mut<'m>(m: &'m mut Map<String, Value>, key: &str) -> impl Iterator<Item = &'m mut Map<String, Value>> {
    m.get_mut(key)
        .and_then(Value::as_array_mut)
        .into_iter()
        .flat_map(|items| items.iter_mut().filter_map(Value::as_object_mut))
}

/// A Go string field is unset when absent, `null` or empty.
fn is_unset(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(_) => false,
    }
}

fn set_if_unset(m: &mut Map<String, Value>, key: &str, value: &str) {
    if is_unset(m.get(key)) {
        m.insert(key.to_string(), Value::from(value));
    }
}

/// For Go pointer fields: only a nil pointer (absent or `null`) is defaulted.
fn set_if_null(m: &mut Map<String, Value>, key: &str, value: Value) {
    if m.get(key).is_none_or(Value::is_null) {
        m.insert(key.to_string(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn defaulted(spec: Value) -> Value {
        let mut spec = spec;
        if let Some(m) = spec.as_object_mut() {
            default_spec(m);
        }
        spec
    }

    #[test]
    fn kruise_mutating_webhook_test_defaults() {
        // pkg/webhook/sidecarset/mutating/sidecarset_mutating_test.go.
        let spec = defaulted(json!({
            "containers": [{"name": "dns-f", "image": "dns:1.0"}],
            "patchPodMetadata": [{"annotations": {"key1": "value1"}}],
            "injectionStrategy": {"revision": {"customVersion": "1"}},
        }));
        assert_eq!(spec["updateStrategy"], json!({"type": "RollingUpdate", "maxUnavailable": 1, "partition": 0}));
        let c = &spec["containers"][0];
        assert_eq!(c["podInjectPolicy"], "BeforeAppContainer");
        assert_eq!(c["shareVolumePolicy"], json!({"type": "disabled"}));
        assert_eq!(c["upgradeStrategy"], json!({"upgradeType": "ColdUpgrade"}));
        assert_eq!(c["imagePullPolicy"], "IfNotPresent");
        assert_eq!(c["terminationMessagePath"], "/dev/termination-log");
        assert_eq!(c["terminationMessagePolicy"], "File");
        assert_eq!(spec["patchPodMetadata"][0]["patchPolicy"], "Retain");
        assert_eq!(spec["injectionStrategy"]["revision"]["policy"], "Always");
        assert_eq!(spec["revisionHistoryLimit"], 10);
    }

    #[test]
    fn init_containers_default_after_app_and_values_are_kept() {
        let spec = defaulted(json!({
            "initContainers": [{"name": "i", "image": "busybox", "podInjectPolicy": "BeforeAppContainer"}, {"name": "j", "image": "busybox"}],
            "containers": [{"name": "c", "image": "x:latest", "imagePullPolicy": "Never", "shareVolumePolicy": {"type": "enabled"}}],
            "updateStrategy": {"type": "NotUpdate", "partition": "10%"},
        }));
        assert_eq!(spec["initContainers"][0]["podInjectPolicy"], "BeforeAppContainer");
        assert_eq!(spec["initContainers"][1]["podInjectPolicy"], "AfterAppContainer");
        assert_eq!(spec["initContainers"][1]["imagePullPolicy"], "Always");
        assert_eq!(spec["containers"][0]["imagePullPolicy"], "Never");
        assert_eq!(spec["containers"][0]["shareVolumePolicy"]["type"], "enabled");
        assert_eq!(spec["updateStrategy"], json!({"type": "NotUpdate", "partition": "10%", "maxUnavailable": 1}));
    }

    #[test]
    fn probes_ports_env_resources_and_lifecycle() {
        let spec = defaulted(json!({"containers": [{
            "name": "c", "image": "x:1",
            "ports": [{"containerPort": 80}, {"containerPort": 53, "protocol": "UDP"}],
            "env": [{"name": "N", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
            "resources": {"limits": {"cpu": "0.0001"}, "requests": {"memory": "1.5Gi"}},
            "livenessProbe": {"httpGet": {"port": 80}},
            "readinessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": 5},
            "startupProbe": {"httpGet": {"port": 80}},
            "lifecycle": {"preStop": {"httpGet": {"port": 80}}},
            "transferEnv": [{"sourceContainerNameFrom": {"fieldRef": {"fieldPath": "metadata.labels['app']"}}, "envName": "A"}],
        }]}));
        let c = &spec["containers"][0];
        assert_eq!(
            c["ports"],
            json!([{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 53, "protocol": "UDP"}])
        );
        assert_eq!(c["env"][0]["valueFrom"]["fieldRef"]["apiVersion"], "v1");
        assert_eq!(c["resources"]["limits"]["cpu"], "1m");
        assert_eq!(c["resources"]["requests"]["memory"], "1536Mi");
        assert_eq!(
            c["livenessProbe"],
            json!({"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"}, "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3})
        );
        assert_eq!(c["readinessProbe"]["periodSeconds"], 5);
        assert_eq!(c["startupProbe"], json!({"httpGet": {"port": 80}}), "Kruise does not default startup probes");
        assert_eq!(c["lifecycle"]["preStop"]["httpGet"]["scheme"], "HTTP");
        assert_eq!(c["transferEnv"][0]["sourceContainerNameFrom"]["fieldRef"]["apiVersion"], "v1");
    }

    #[test]
    fn volume_defaults() {
        let spec = defaulted(json!({"volumes": [
            {"name": "a"},
            {"name": "b", "hostPath": {"path": "/var/log"}},
            {"name": "c", "configMap": {"name": "kube-system/filebeat-config"}},
            {"name": "d", "secret": {"secretName": "s", "defaultMode": 256}},
            {"name": "e", "projected": {"sources": [{"serviceAccountToken": {"path": "t"}}, {"downwardAPI": {"items": [{"path": "p", "fieldRef": {"fieldPath": "metadata.name"}}]}}]}},
            {"name": "f", "emptyDir": null},
        ]}));
        let v = &spec["volumes"];
        assert_eq!(v[0], json!({"name": "a", "emptyDir": {}}));
        assert_eq!(v[1]["hostPath"], json!({"path": "/var/log", "type": ""}));
        assert_eq!(v[2]["configMap"]["defaultMode"], 420);
        assert_eq!(v[3]["secret"]["defaultMode"], 256);
        assert_eq!(v[4]["projected"]["defaultMode"], 420);
        assert_eq!(v[4]["projected"]["sources"][0]["serviceAccountToken"]["expirationSeconds"], 3600);
        assert_eq!(v[4]["projected"]["sources"][1]["downwardAPI"]["items"][0]["fieldRef"]["apiVersion"], "v1");
        assert_eq!(v[5]["emptyDir"], json!({}), "a null source counts as no source");
    }

    #[test]
    fn wrong_types_are_left_alone() {
        let spec = defaulted(json!({"containers": "nope", "volumes": [1, null], "updateStrategy": 5}));
        assert_eq!(spec["containers"], "nope");
        assert_eq!(spec["updateStrategy"], 5);
    }
}
