//! Cross-namespace references in volumes: ACK lets a SidecarSet volume name a ConfigMap or
//! Secret of another namespace as `namespace/name` (`configMap.name`, `secret.secretName`,
//! and the same inside projected sources). Kubernetes accepts the slash (it only requires a
//! non-empty name); the virtual-node provider resolves it.

use serde_json::Value;

use apimachinery::field_error::FieldPath;
use apimachinery::json::{list, str_at};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceKind {
    ConfigMap,
    Secret,
}

impl ResourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::ConfigMap => "ConfigMap",
            ResourceKind::Secret => "Secret",
        }
    }
}

/// One `namespace/name` reference of a volume.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrossNamespaceRef {
    pub kind: ResourceKind,
    /// The whole value, e.g. `kube-system/filebeat-config`.
    pub raw: String,
    /// Path inside the volume, e.g. `configMap.name` or `projected.sources[1].secret.name`.
    pub path: FieldPath,
}

impl CrossNamespaceRef {
    /// `(namespace, name)`, or `None` when the value is not exactly `namespace/name`.
    pub fn split(&self) -> Option<(&str, &str)> {
        let (ns, name) = self.raw.split_once('/')?;
        (!ns.is_empty() && !name.is_empty() && !name.contains('/')).then_some((ns, name))
    }
}

/// The cross-namespace references of a volume, in field order.
pub fn cross_namespace_refs(volume: &Value) -> Vec<CrossNamespaceRef> {
    let mut out = Vec::new();
    // The path is only built for a reference: the pod guard scans every pod volume.
    let mut add = |kind, raw: &str, path: &dyn Fn() -> FieldPath| {
        if raw.contains('/') {
            out.push(CrossNamespaceRef { kind, raw: raw.to_string(), path: path() });
        }
    };
    if let Some(cm) = volume.get("configMap") {
        add(ResourceKind::ConfigMap, str_at(cm, "name"), &|| FieldPath::root("configMap").child("name"));
    }
    if let Some(secret) = volume.get("secret") {
        add(ResourceKind::Secret, str_at(secret, "secretName"), &|| FieldPath::root("secret").child("secretName"));
    }
    let sources = list(volume.get("projected").and_then(|p| p.get("sources")));
    for (i, source) in sources.iter().enumerate() {
        let base = || FieldPath::root("projected").child("sources").index(i);
        if let Some(cm) = source.get("configMap") {
            add(ResourceKind::ConfigMap, str_at(cm, "name"), &|| base().child("configMap").child("name"));
        }
        if let Some(secret) = source.get("secret") {
            add(ResourceKind::Secret, str_at(secret, "name"), &|| base().child("secret").child("name"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_every_reference_form() {
        let v = json!({"name": "v", "projected": {"sources": [
            {"configMap": {"name": "ns1/a"}}, {"secret": {"name": "local"}}, {"secret": {"name": "ns2/b"}}, {"downwardAPI": {}}
        ]}});
        let refs = cross_namespace_refs(&v);
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].path.as_str(), "projected.sources[0].configMap.name");
        assert_eq!(refs[1].split(), Some(("ns2", "b")));
        assert_eq!(refs[1].kind, ResourceKind::Secret);
        let cm = cross_namespace_refs(&json!({"configMap": {"name": "kube-system/filebeat-config"}}));
        assert_eq!(cm[0].split(), Some(("kube-system", "filebeat-config")));
        let secret = cross_namespace_refs(&json!({"secret": {"secretName": "a/b/c"}}));
        assert_eq!(secret[0].split(), None);
        assert_eq!(cross_namespace_refs(&json!({"secret": {"secretName": "/b"}}))[0].split(), None);
        assert!(cross_namespace_refs(&json!({"configMap": {"name": "plain"}, "emptyDir": {}})).is_empty());
    }
}
