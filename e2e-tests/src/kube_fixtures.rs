//! Kubernetes objects served to the policy's `kubernetes/*` host calls from fixture data
//! instead of a live cluster (kwctl would use a kubeconfig or a recorded session).
//!
//! Response shapes follow policy-evaluator: `get_resource` returns the object (kube's
//! `DynamicObject`: `apiVersion`, `kind`, `metadata`, then the other fields), list calls return
//! `{"apiVersion", "kind": "<Kind>List", "metadata": {}, "items": [...]}` whose items carry
//! what policy-evaluator's reflector leaves in them (`metadata.managedFields: []`,
//! `metadata.annotations` present, `kubectl.kubernetes.io/last-applied-configuration` removed).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::{Map, Value};

use crate::error::HostError;
use crate::field_mask::{FieldMask, prune_data};
use crate::replay::Session;
use crate::selectors::{FieldSelector, LabelSelector};
use crate::yaml;

/// An (apiVersion, kind) pair a policy may read, as in `contextAwareResources`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ContextAwareResource {
    pub api_version: String,
    pub kind: String,
}

impl ContextAwareResource {
    pub fn new(api_version: &str, kind: &str) -> Self {
        ContextAwareResource { api_version: api_version.to_owned(), kind: kind.to_owned() }
    }
}

/// Which resources the policy may read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourceAccess {
    /// Any (apiVersion, kind): the fixture file itself is the grant.
    All,
    /// Exactly these (an empty set denies everything, kwctl's default).
    AllowList(BTreeSet<ContextAwareResource>),
}

/// Kinds a cluster serves cluster-wide. Other kinds count as namespaced unless every fixture
/// object of that kind lacks `metadata.namespace`.
const CLUSTER_SCOPED_KINDS: &[&str] = &[
    "APIService",
    "CertificateSigningRequest",
    "ClusterAdmissionPolicy",
    "ClusterAdmissionPolicyGroup",
    "ClusterRole",
    "ClusterRoleBinding",
    "ComponentStatus",
    "CSIDriver",
    "CSINode",
    "CustomResourceDefinition",
    "FlowSchema",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "NodeImage",
    "PersistentVolume",
    "PolicyServer",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "ResourceDistribution",
    "RuntimeClass",
    "SidecarSet",
    "StorageClass",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

#[derive(Clone, Debug)]
pub struct KubeContext {
    objects: Vec<Value>,
    access: ResourceAccess,
    /// A recorded session that answers instead of `objects`.
    session: Option<Arc<Session>>,
}

impl Default for KubeContext {
    /// No objects and no access: kwctl without `--allow-context-aware`.
    fn default() -> Self {
        KubeContext { objects: Vec::new(), access: ResourceAccess::AllowList(BTreeSet::new()), session: None }
    }
}

impl KubeContext {
    pub fn new(objects: Vec<Value>, access: ResourceAccess) -> Self {
        KubeContext { objects, access, session: None }
    }

    /// Kubernetes reads answered from a recorded session (kwctl's
    /// `--replay-host-capabilities-interactions`), within `access`.
    pub fn replaying(session: Session, access: ResourceAccess) -> Self {
        KubeContext { objects: Vec::new(), access, session: Some(Arc::new(session)) }
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_deref()
    }

    /// Reads fixture objects from a YAML (multi-document) or JSON file: single objects, JSON
    /// arrays of objects, or `kind: List` / `<Kind>List` documents with `items`.
    pub fn read_objects(path: &Path) -> Result<Vec<Value>, HostError> {
        let text = yaml::read_file(path)?;
        let documents = yaml::parse_documents(&text)
            .map_err(|e| HostError::invalid(format!("Cannot parse context file {}: {e}", path.display())))?;
        let mut objects = Vec::new();
        for document in documents {
            flatten_into(document, &mut objects);
        }
        for object in &objects {
            if !object.is_object()
                || object.get("apiVersion").and_then(Value::as_str).is_none()
                || object.get("kind").and_then(Value::as_str).is_none()
            {
                return Err(HostError::invalid(format!(
                    "Invalid object in context file {}: every object needs apiVersion and kind: {object}",
                    path.display()
                )));
            }
        }
        Ok(objects)
    }

    pub fn access(&self) -> &ResourceAccess {
        &self.access
    }

    pub fn can_access(&self, api_version: &str, kind: &str) -> bool {
        match &self.access {
            ResourceAccess::All => true,
            ResourceAccess::AllowList(list) => list.contains(&ContextAwareResource::new(api_version, kind)),
        }
    }

    fn of_kind<'a>(&'a self, api_version: &'a str, kind: &'a str) -> impl Iterator<Item = &'a Value> {
        self.objects.iter().filter(move |o| {
            o.get("apiVersion").and_then(Value::as_str) == Some(api_version)
                && o.get("kind").and_then(Value::as_str) == Some(kind)
        })
    }

    fn is_namespaced(&self, api_version: &str, kind: &str) -> bool {
        if CLUSTER_SCOPED_KINDS.contains(&kind) {
            return false;
        }
        let mut objects = self.of_kind(api_version, kind).peekable();
        if objects.peek().is_none() {
            return true;
        }
        objects.any(|o| namespace_of(o).is_some())
    }

    /// `kubernetes/get_resource`. Errors carry policy-evaluator's text.
    pub fn get_resource(
        &self,
        api_version: &str,
        kind: &str,
        name: &str,
        namespace: Option<&str>,
        field_masks: Option<&BTreeSet<String>>,
    ) -> Result<Vec<u8>, String> {
        let namespaced = self.is_namespaced(api_version, kind);
        if namespaced && namespace.is_none() {
            return Err(format!("Resource {api_version}/{kind} is namespaced, but no namespace was provided"));
        }
        let found = self
            .of_kind(api_version, kind)
            .find(|o| name_of(o) == Some(name) && (!namespaced || namespace_of(o) == namespace));
        let Some(object) = found else {
            return Err(format!("Cannot find {api_version}/{kind} named '{name}' inside of namespace '{namespace:?}'"));
        };
        let mut object = object.clone();
        if let Some(masks) = field_masks {
            prune_data(&mut object, &FieldMask::new(masks));
        }
        // Sorted keys, as policy-server serialises (see `response::encode_patch`).
        object.sort_all_objects();
        serde_json::to_vec(&DynamicObject(&object)).map_err(|e| format!("error serializing payload: {e:?}"))
    }

    /// `kubernetes/list_resources_by_namespace` (`namespace: Some`) and
    /// `kubernetes/list_resources_all` (`None`).
    pub fn list_resources(
        &self,
        api_version: &str,
        kind: &str,
        namespace: Option<&str>,
        label_selector: Option<&str>,
        field_selector: Option<&str>,
        field_masks: Option<&BTreeSet<String>>,
    ) -> Result<Vec<u8>, String> {
        if namespace.is_some() && !self.is_namespaced(api_version, kind) {
            return Err(format!(
                "resource {api_version}/{kind} is cluster wide. Cannot search for it inside of a namespace"
            ));
        }
        let labels = LabelSelector::parse(label_selector.unwrap_or_default())?;
        let fields = FieldSelector::parse(field_selector.unwrap_or_default())?;
        let mask = field_masks.map(FieldMask::new);
        let items: Vec<Value> = self
            .of_kind(api_version, kind)
            .filter(|o| namespace.is_none() || namespace_of(o) == namespace)
            .filter(|o| labels.matches(o.pointer("/metadata/labels")))
            .filter(|o| fields.matches(o))
            .map(|o| {
                let mut item = o.clone();
                trim_like_reflector(&mut item);
                if let Some(mask) = &mask {
                    prune_data(&mut item, mask);
                }
                item.sort_all_objects();
                item
            })
            .collect();
        let list = ObjectList {
            api_version,
            kind: format!("{kind}List"),
            metadata: Map::new(),
            items: items.iter().map(DynamicObject).collect(),
        };
        serde_json::to_vec(&list).map_err(|e| format!("error serializing payload: {e:?}"))
    }
}

fn flatten_into(document: Value, objects: &mut Vec<Value>) {
    match document {
        Value::Array(items) => items.into_iter().for_each(|i| flatten_into(i, objects)),
        Value::Object(mut map)
            if map.get("kind").and_then(Value::as_str).is_some_and(|k| k.ends_with("List"))
                && map.get("items").is_some_and(Value::is_array) =>
        {
            if let Some(Value::Array(items)) = map.remove("items") {
                items.into_iter().for_each(|i| flatten_into(i, objects));
            }
        }
        other => objects.push(other),
    }
}

fn name_of(object: &Value) -> Option<&str> {
    object.pointer("/metadata/name").and_then(Value::as_str)
}

fn namespace_of(object: &Value) -> Option<&str> {
    object.pointer("/metadata/namespace").and_then(Value::as_str)
}

/// policy-evaluator's reflector clears managed fields and the last-applied annotation; kube's
/// accessors materialise both fields while doing so.
fn trim_like_reflector(object: &mut Value) {
    let Some(map) = object.as_object_mut() else {
        return;
    };
    let metadata = map.entry("metadata").or_insert_with(|| Value::Object(Map::new()));
    let Some(metadata) = metadata.as_object_mut() else {
        return;
    };
    metadata.insert("managedFields".into(), Value::Array(Vec::new()));
    let annotations = metadata.entry("annotations").or_insert_with(|| Value::Object(Map::new()));
    if let Some(annotations) = annotations.as_object_mut() {
        annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
    } else {
        *annotations = Value::Object(Map::new());
    }
}

/// Serialises an object the way kube's `DynamicObject` does: `apiVersion`, `kind`, `metadata`
/// first, then the remaining fields.
struct DynamicObject<'a>(&'a Value);

impl Serialize for DynamicObject<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(map) = self.0.as_object() else {
            return self.0.serialize(serializer);
        };
        let mut out = serializer.serialize_map(Some(map.len()))?;
        for key in ["apiVersion", "kind", "metadata"] {
            if let Some(v) = map.get(key) {
                out.serialize_entry(key, v)?;
            }
        }
        if !map.contains_key("metadata") {
            out.serialize_entry("metadata", &Map::new())?;
        }
        for (k, v) in map {
            if !matches!(k.as_str(), "apiVersion" | "kind" | "metadata") {
                out.serialize_entry(k, v)?;
            }
        }
        out.end()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ObjectList<'a> {
    api_version: &'a str,
    kind: String,
    metadata: Map<String, Value>,
    items: Vec<DynamicObject<'a>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn context() -> KubeContext {
        KubeContext::new(
            vec![
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "prod", "labels": {"env": "prod"}}}),
                json!({"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "a", "namespace": "ns", "labels": {"app": "x"}}, "data": {"k": "v", "z": "w"}}),
                json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b", "namespace": "other"}}),
            ],
            ResourceAccess::All,
        )
    }

    #[test]
    fn get_namespace() {
        let out = context().get_resource("v1", "Namespace", "prod", None, None).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"apiVersion":"v1","kind":"Namespace","metadata":{"labels":{"env":"prod"},"name":"prod"}}"#
        );
    }

    #[test]
    fn get_not_found() {
        let err = context().get_resource("v1", "Namespace", "nope", None, None).unwrap_err();
        assert_eq!(err, "Cannot find v1/Namespace named 'nope' inside of namespace 'None'");
        let err = context().get_resource("v1", "ConfigMap", "a", Some("x"), None).unwrap_err();
        assert_eq!(err, r#"Cannot find v1/ConfigMap named 'a' inside of namespace 'Some("x")'"#);
        let err = context().get_resource("v1", "ConfigMap", "a", None, None).unwrap_err();
        assert_eq!(err, "Resource v1/ConfigMap is namespaced, but no namespace was provided");
    }

    #[test]
    fn field_masks_keep_metadata() {
        let masks: BTreeSet<String> = ["data.k".to_owned()].into();
        let out = context().get_resource("v1", "ConfigMap", "a", Some("ns"), Some(&masks)).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["data"], json!({"k": "v"}));
        assert_eq!(v["metadata"]["name"], "a");
    }

    #[test]
    fn lists() {
        let ctx = context();
        let out = ctx.list_resources("v1", "ConfigMap", Some("ns"), None, None, None).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"apiVersion":"v1","kind":"ConfigMapList","metadata":{},"items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"annotations":{},"labels":{"app":"x"},"managedFields":[],"name":"a","namespace":"ns"},"data":{"k":"v","z":"w"}}]}"#
        );
        let all: Value =
            serde_json::from_slice(&ctx.list_resources("v1", "ConfigMap", None, Some("app=x"), None, None).unwrap())
                .unwrap();
        assert_eq!(all["items"].as_array().unwrap().len(), 1);
        let err = ctx.list_resources("v1", "Namespace", Some("ns"), None, None, None).unwrap_err();
        assert_eq!(err, "resource v1/Namespace is cluster wide. Cannot search for it inside of a namespace");
    }
}
