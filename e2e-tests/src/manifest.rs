//! Turning user manifests into the Pods the cluster would admit, for the CLI's injector (`sidecarset-policy inject`).
//!
//! A Pod is used as is. A workload's pod template becomes the Pod its controller would create:
//! labels, annotations and finalizers copied from the template, `spec` from the template, the
//! name prefix (`generateName`) and the labels the controller adds, and the namespace of the
//! workload. That Pod is then wrapped in the CREATE AdmissionRequest the API server would send,
//! with the controller's service account as the requesting user.

use serde_json::{Map, Value, json};

use crate::error::HostError;
use crate::yaml;

pub const DEFAULT_VIRTUAL_NODE_LABEL: &str = "serverless.alibabacloud.com/virtual-node";
pub const DEFAULT_NAMESPACE: &str = "default";

/// Reads every object of a manifest: YAML (multi-document) or JSON; `List` documents and JSON
/// arrays are flattened into their items.
pub fn read_manifest_objects(text: &str) -> Result<Vec<Value>, HostError> {
    let documents =
        yaml::parse_documents(text).map_err(|e| HostError::invalid(format!("cannot parse the manifest: {e}")))?;
    let mut objects = Vec::new();
    for document in documents {
        flatten(document, &mut objects);
    }
    Ok(objects)
}

fn flatten(document: Value, objects: &mut Vec<Value>) {
    match document {
        Value::Array(items) => items.into_iter().for_each(|i| flatten(i, objects)),
        Value::Object(mut map)
            if map.get("kind").and_then(Value::as_str) == Some("List")
                && map.get("items").is_some_and(Value::is_array) =>
        {
            if let Some(Value::Array(items)) = map.remove("items") {
                items.into_iter().for_each(|i| flatten(i, objects));
            }
        }
        other => objects.push(other),
    }
}

/// How a Pod would reach the API server.
#[derive(Clone, Debug, PartialEq)]
pub struct PodCreation {
    /// `Kind/name` of the manifest object, for messages.
    pub source: String,
    pub namespace: String,
    pub pod: Value,
    /// The controller's service account (`None` for a Pod created by a user).
    pub creator_service_account: Option<&'static str>,
}

#[derive(Clone, Debug, Default)]
pub struct PodOptions {
    /// `--namespace`: used when the object names none.
    pub namespace: Option<String>,
    /// `--virtual-node`: the label (value "true") that marks the pod as placed on a virtual node.
    pub virtual_node_label: Option<String>,
}

/// The Pod for a manifest object; `Ok(None)` for objects that are neither a Pod nor a workload
/// with a pod template.
pub fn pod_creation(object: &Value, options: &PodOptions) -> Result<Option<PodCreation>, HostError> {
    let kind = object.get("kind").and_then(Value::as_str).unwrap_or_default();
    let name = object.pointer("/metadata/name").and_then(Value::as_str).unwrap_or_default();
    let source = format!("{kind}/{name}");
    let namespace = object
        .pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| options.namespace.clone())
        .unwrap_or_else(|| DEFAULT_NAMESPACE.to_owned());

    let template_pointer = match kind {
        "Pod" => None,
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" | "Job" => {
            Some("/spec/template")
        }
        "CronJob" => Some("/spec/jobTemplate/spec/template"),
        _ => return Ok(None),
    };

    let (mut pod, creator) = match template_pointer {
        None => (object.clone(), None),
        Some(pointer) => {
            let template = object
                .pointer(pointer)
                .filter(|t| t.is_object())
                .ok_or_else(|| HostError::invalid(format!("{source} has no pod template at {pointer}")))?;
            if name.is_empty() {
                return Err(HostError::invalid(format!("{kind} without metadata.name")));
            }
            pod_from_template(kind, name, template)
        }
    };

    let Value::Object(pod_map) = &mut pod else {
        return Err(HostError::invalid(format!("{source} is not an object")));
    };
    let metadata = pod_map.entry("metadata").or_insert_with(|| Value::Object(Map::new()));
    if !metadata.is_object() {
        *metadata = Value::Object(Map::new());
    }
    if let Value::Object(metadata) = metadata {
        metadata.insert("namespace".into(), Value::String(namespace.clone()));
        if let Some(label) = &options.virtual_node_label {
            set_in(metadata, "labels", label, Value::String("true".into()));
        }
    }

    Ok(Some(PodCreation { source, namespace, pod, creator_service_account: creator }))
}

/// What the workload's controller puts in the Pod it creates (k8s `GetPodFromTemplate` plus
/// the labels each controller adds). Hashes are stable stand-ins, not the controller's own.
fn pod_from_template(kind: &str, name: &str, template: &Value) -> (Value, Option<&'static str>) {
    let template_metadata = template.get("metadata").and_then(Value::as_object);
    let mut metadata = Map::new();
    for key in ["labels", "annotations", "finalizers"] {
        if let Some(v) = template_metadata.and_then(|m| m.get(key)) {
            metadata.insert(key.into(), v.clone());
        }
    }
    let hash = safe_encode(fnv1a32(template.to_string().as_bytes()));
    let mut labels: Vec<(&str, String)> = Vec::new();
    let (generate_name, pod_name, creator) = match kind {
        "Deployment" => {
            labels.push(("pod-template-hash", hash.clone()));
            (Some(format!("{name}-{hash}-")), None, "replicaset-controller")
        }
        "ReplicaSet" => (Some(format!("{name}-")), None, "replicaset-controller"),
        "ReplicationController" => (Some(format!("{name}-")), None, "replication-controller"),
        "StatefulSet" => {
            let pod_name = format!("{name}-0");
            labels.push(("controller-revision-hash", format!("{name}-{hash}")));
            labels.push(("statefulset.kubernetes.io/pod-name", pod_name.clone()));
            labels.push(("apps.kubernetes.io/pod-index", "0".into()));
            (None, Some(pod_name), "statefulset-controller")
        }
        "DaemonSet" => {
            labels.push(("controller-revision-hash", hash.clone()));
            labels.push(("pod-template-generation", "1".into()));
            (Some(format!("{name}-")), None, "daemon-set-controller")
        }
        "Job" => {
            labels.push(("batch.kubernetes.io/job-name", name.to_owned()));
            labels.push(("job-name", name.to_owned()));
            (Some(format!("{name}-")), None, "job-controller")
        }
        // CronJob → Job `<name>-<scheduled minute>` → Pod.
        _ => {
            let job = format!("{name}-{}", 28_000_000 + fnv1a32(name.as_bytes()) % 1_000_000);
            labels.push(("batch.kubernetes.io/job-name", job.clone()));
            labels.push(("job-name", job.clone()));
            (Some(format!("{job}-")), None, "job-controller")
        }
    };
    if let Some(generate_name) = generate_name {
        metadata.insert("generateName".into(), Value::String(generate_name));
    }
    if let Some(pod_name) = pod_name {
        metadata.insert("name".into(), Value::String(pod_name));
    }
    for (k, v) in labels {
        set_in(&mut metadata, "labels", k, Value::String(v));
    }
    let mut pod = Map::new();
    pod.insert("apiVersion".into(), json!("v1"));
    pod.insert("kind".into(), json!("Pod"));
    pod.insert("metadata".into(), Value::Object(metadata));
    pod.insert("spec".into(), template.get("spec").cloned().unwrap_or_else(|| json!({})));
    (Value::Object(pod), Some(creator))
}

/// The CREATE AdmissionRequest for a Pod, as the API server sends it to a mutating webhook.
pub fn create_request(creation: &PodCreation, index: usize) -> Value {
    let gvk = json!({"group": "", "version": "v1", "kind": "Pod"});
    let gvr = json!({"group": "", "version": "v1", "resource": "pods"});
    let user_info = match creation.creator_service_account {
        Some(account) => json!({
            "username": format!("system:serviceaccount:kube-system:{account}"),
            "groups": ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]
        }),
        None => json!({
            "username": "kubernetes-admin",
            "groups": ["kubeadm:cluster-admins", "system:authenticated"]
        }),
    };
    let mut request = json!({
        "uid": request_uid(&creation.pod, index),
        "kind": gvk,
        "resource": gvr,
        "requestKind": gvk,
        "requestResource": gvr,
        "namespace": creation.namespace,
        "operation": "CREATE",
        "userInfo": user_info,
        "object": creation.pod,
        "dryRun": false,
        "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions"}
    });
    // A generateName pod has no name yet when admission runs.
    if let Some(name) = creation.pod.pointer("/metadata/name").and_then(Value::as_str) {
        request["name"] = Value::String(name.to_owned());
    }
    request
}

/// A UUID-shaped uid derived from the content, so output is reproducible.
fn request_uid(pod: &Value, index: usize) -> String {
    let text = format!("{index}:{pod}");
    let a = fnv1a32(text.as_bytes());
    let b = fnv1a32(format!("b{text}").as_bytes());
    let c = fnv1a32(format!("c{text}").as_bytes());
    format!("{a:08x}-{:04x}-4{:03x}-8{:03x}-{:04x}{c:08x}", b >> 16, b & 0xfff, (c >> 20) & 0xfff, a & 0xffff)
}

fn fnv1a32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |hash, b| (hash ^ u32::from(*b)).wrapping_mul(0x0100_0193))
}

/// Kubernetes' `rand.SafeEncodeString` of the decimal hash (the pod-template-hash alphabet).
fn safe_encode(hash: u32) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    hash.to_string().bytes().map(|b| ALPHANUMS[usize::from(b) % ALPHANUMS.len()] as char).collect()
}

/// `map[parent][key] = value`, creating (or replacing a non-object) `map[parent]`.
fn set_in(map: &mut Map<String, Value>, parent: &str, key: &str, value: Value) {
    let entry = map.entry(parent.to_owned()).or_insert_with(|| Value::Object(Map::new()));
    if !entry.is_object() {
        *entry = Value::Object(Map::new());
    }
    if let Value::Object(inner) = entry {
        inner.insert(key.to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::ValidateRequest;

    fn deployment() -> Value {
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "nginx", "namespace": "web"},
            "spec": {"template": {"metadata": {"labels": {"app": "nginx"}, "annotations": {"a": "b"}},
                                  "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}
        })
    }

    #[test]
    fn deployment_pod() {
        let options = PodOptions {
            namespace: Some("ignored".into()),
            virtual_node_label: Some(DEFAULT_VIRTUAL_NODE_LABEL.into()),
        };
        let creation = pod_creation(&deployment(), &options).unwrap().unwrap();
        assert_eq!(creation.namespace, "web");
        let pod = &creation.pod;
        assert_eq!(pod["kind"], "Pod");
        assert_eq!(pod["metadata"]["labels"]["app"], "nginx");
        assert_eq!(pod["metadata"]["labels"][DEFAULT_VIRTUAL_NODE_LABEL], "true");
        let hash = pod["metadata"]["labels"]["pod-template-hash"].as_str().unwrap();
        assert_eq!(pod["metadata"]["generateName"], format!("nginx-{hash}-"));
        assert_eq!(pod["metadata"]["annotations"], json!({"a": "b"}));
        assert_eq!(pod["spec"]["containers"][0]["name"], "nginx");
        let request = create_request(&creation, 0);
        assert!(request.get("name").is_none());
        let parsed = ValidateRequest::from_json(&request, false).unwrap();
        assert_eq!(parsed.uid().len(), 36);
    }

    #[test]
    fn bare_pod_and_others() {
        let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {}});
        let creation = pod_creation(&pod, &PodOptions::default()).unwrap().unwrap();
        assert_eq!(creation.namespace, "default");
        assert_eq!(create_request(&creation, 0)["name"], "p");
        let service = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}});
        assert!(pod_creation(&service, &PodOptions::default()).unwrap().is_none());
        let broken = json!({"kind": "Deployment", "metadata": {"name": "d"}});
        assert!(pod_creation(&broken, &PodOptions::default()).is_err());
    }

    #[test]
    fn statefulset_and_cronjob() {
        let sts = json!({"kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {"template": {"spec": {}}}});
        let c = pod_creation(&sts, &PodOptions::default()).unwrap().unwrap();
        assert_eq!(c.pod["metadata"]["name"], "db-0");
        let cron = json!({"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {}}}}}});
        let c = pod_creation(&cron, &PodOptions::default()).unwrap().unwrap();
        let job = c.pod["metadata"]["labels"]["job-name"].as_str().unwrap().to_owned();
        assert_eq!(c.pod["metadata"]["generateName"], format!("{job}-"));
    }

    #[test]
    fn lists_flattened() {
        let objects =
            read_manifest_objects("kind: List\nitems:\n- {kind: Pod}\n- {kind: Pod}\n---\nkind: Pod\n").unwrap();
        assert_eq!(objects.len(), 3);
    }
}
