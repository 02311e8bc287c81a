//! `SidecarSetResourceBinding` objects from the settings: a namespace's grant of read access
//! to some of its ConfigMaps and Secrets to named SidecarSets (ACK's model, like Gateway
//! API's ReferenceGrant: the owner of the target namespace decides).

use serde_json::Value;

use super::references::ResourceKind;
use crate::ack::go_types::SIDECAR_SET_RESOURCE_BINDING;
use apimachinery::field_error::{FieldError, FieldPath, quote};
use apimachinery::gojson::check::check_struct;
use apimachinery::json::{list, str_at};
use apimachinery::names::{is_dns1123_label, is_dns1123_subdomain};

pub const API_VERSION: &str = "sidecarset.alibabacloud.com/v1alpha1";
pub const KIND: &str = "SidecarSetResourceBinding";

/// A binding of the settings or of the cluster, borrowed from its JSON.
#[derive(Clone, Debug)]
pub struct BindingRef<'a> {
    pub index: usize,
    /// Read from the cluster (else from the settings' `resourceBindings`).
    pub from_cluster: bool,
    pub name: &'a str,
    pub namespace: &'a str,
    /// Names of the SidecarSets granted access (subjects of kind `SidecarSet`).
    pub sidecar_sets: Vec<&'a str>,
    /// The granted resources.
    pub resources: Vec<(ResourceKind, &'a str)>,
}

impl<'a> BindingRef<'a> {
    /// The cheap per-request reading; entries of other kinds are not grants.
    pub fn from_value(index: usize, v: &'a Value) -> Self {
        let metadata = v.get("metadata");
        let spec = v.get("spec");
        let refs = |key: &str| list(spec.and_then(|s| s.get(key)));
        BindingRef {
            index,
            from_cluster: false,
            name: metadata.map_or("", |m| str_at(m, "name")),
            namespace: metadata.map_or("", |m| str_at(m, "namespace")),
            sidecar_sets: refs("subjects")
                .iter()
                .filter(|s| str_at(s, "kind") == "SidecarSet")
                .map(|s| str_at(s, "name"))
                .collect(),
            resources: refs("resourceRefs")
                .iter()
                .filter_map(|r| {
                    let kind = match str_at(r, "kind") {
                        "ConfigMap" => ResourceKind::ConfigMap,
                        "Secret" => ResourceKind::Secret,
                        _ => return None,
                    };
                    Some((kind, str_at(r, "name")))
                })
                .collect(),
        }
    }

    /// A binding object of the cluster.
    pub fn from_cluster(index: usize, v: &'a Value) -> Self {
        BindingRef { from_cluster: true, ..Self::from_value(index, v) }
    }

    /// `resourceBindings[0] "kube-system/filebeat-binding"` in the settings,
    /// `SidecarSetResourceBinding "kube-system/filebeat-binding"` in the cluster.
    pub fn label(&self) -> String {
        let name = quote(&format!("{}/{}", self.namespace, self.name));
        if self.from_cluster { format!("{KIND} {name}") } else { format!("resourceBindings[{}] {name}", self.index) }
    }

    /// Whether this binding lets `sidecar_set` read `kind` `namespace/name`.
    pub fn grants(&self, sidecar_set: &str, kind: ResourceKind, namespace: &str, name: &str) -> bool {
        self.namespace == namespace
            && self.sidecar_sets.contains(&sidecar_set)
            && self.resources.iter().any(|(k, n)| *k == kind && *n == name)
    }
}

/// Every problem of one binding object. `sidecar_sets`, when the SidecarSets are all known
/// (settings that hold every SidecarSet), are their names: a subject naming none of them grants
/// nothing and is most likely a typo. A binding in the cluster may name a SidecarSet that is
/// created later, as RBAC bindings may name subjects that do not exist yet.
pub fn validate_binding(v: &Value, sidecar_sets: Option<&[&str]>) -> Vec<FieldError> {
    let mut errs = Vec::new();
    check_struct(v, &SIDECAR_SET_RESOURCE_BINDING, &FieldPath::default(), &mut errs);
    if !errs.is_empty() {
        return errs;
    }
    if str_at(v, "apiVersion") != API_VERSION {
        errs.push(FieldError::not_supported(&FieldPath::root("apiVersion"), str_at(v, "apiVersion"), &[API_VERSION]));
    }
    if str_at(v, "kind") != KIND {
        errs.push(FieldError::not_supported(&FieldPath::root("kind"), str_at(v, "kind"), &[KIND]));
    }
    let metadata = FieldPath::root("metadata");
    let meta = v.get("metadata");
    let name = meta.map_or("", |m| str_at(m, "name"));
    let namespace = meta.map_or("", |m| str_at(m, "namespace"));
    if name.is_empty() {
        errs.push(FieldError::required(&metadata.child("name"), "name is required"));
    }
    for msg in is_dns1123_subdomain(name).into_iter().filter(|_| !name.is_empty()) {
        errs.push(FieldError::invalid(&metadata.child("name"), name, msg));
    }
    if namespace.is_empty() {
        errs.push(FieldError::required(
            &metadata.child("namespace"),
            "a binding grants access to resources of its own namespace, so it must name one",
        ));
    }
    for msg in is_dns1123_label(namespace).into_iter().filter(|_| !namespace.is_empty()) {
        errs.push(FieldError::invalid(&metadata.child("namespace"), namespace, msg));
    }
    let spec = FieldPath::root("spec");
    let subjects = list(v.get("spec").and_then(|s| s.get("subjects")));
    if subjects.is_empty() {
        errs.push(FieldError::required(&spec.child("subjects"), "at least one SidecarSet must be granted access"));
    }
    for (i, subject) in subjects.iter().enumerate() {
        let path = spec.child("subjects").index(i);
        let kind = str_at(subject, "kind");
        if kind != "SidecarSet" {
            errs.push(FieldError::not_supported(&path.child("kind"), kind, &["SidecarSet"]));
        }
        let subject_name = str_at(subject, "name");
        if subject_name.is_empty() {
            errs.push(FieldError::required(&path.child("name"), ""));
        } else if kind == "SidecarSet" && sidecar_sets.is_some_and(|known| !known.contains(&subject_name)) {
            errs.push(FieldError::new(
                &path.child("name"),
                apimachinery::field_error::ErrorKind::NotFound,
                Some(quote(subject_name)),
                "no SidecarSet of that name in sidecarSets",
            ));
        }
    }
    let refs = list(v.get("spec").and_then(|s| s.get("resourceRefs")));
    if refs.is_empty() {
        errs.push(FieldError::required(
            &spec.child("resourceRefs"),
            "at least one ConfigMap or Secret must be granted",
        ));
    }
    for (i, r) in refs.iter().enumerate() {
        let path = spec.child("resourceRefs").index(i);
        let kind = str_at(r, "kind");
        if kind != "ConfigMap" && kind != "Secret" {
            errs.push(FieldError::not_supported(&path.child("kind"), kind, &["ConfigMap", "Secret"]));
        }
        let ref_name = str_at(r, "name");
        if ref_name.is_empty() {
            errs.push(FieldError::required(&path.child("name"), ""));
        }
        for msg in is_dns1123_subdomain(ref_name).into_iter().filter(|_| !ref_name.is_empty()) {
            errs.push(FieldError::invalid(&path.child("name"), ref_name, msg));
        }
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn binding() -> Value {
        json!({
            "apiVersion": API_VERSION, "kind": KIND,
            "metadata": {"name": "filebeat-binding", "namespace": "kube-system"},
            "spec": {
                "subjects": [{"kind": "SidecarSet", "name": "filebeat"}],
                "resourceRefs": [{"kind": "ConfigMap", "name": "filebeat-config"}, {"kind": "Secret", "name": "es-certs"}]
            }
        })
    }

    #[test]
    fn grants_only_what_it_names() {
        let v = binding();
        let b = BindingRef::from_value(0, &v);
        assert!(b.grants("filebeat", ResourceKind::ConfigMap, "kube-system", "filebeat-config"));
        assert!(b.grants("filebeat", ResourceKind::Secret, "kube-system", "es-certs"));
        assert!(!b.grants("filebeat", ResourceKind::Secret, "kube-system", "filebeat-config"), "wrong kind");
        assert!(!b.grants("other", ResourceKind::ConfigMap, "kube-system", "filebeat-config"), "wrong subject");
        assert!(!b.grants("filebeat", ResourceKind::ConfigMap, "default", "filebeat-config"), "wrong namespace");
        assert!(!b.grants("filebeat", ResourceKind::ConfigMap, "kube-system", "missing"), "missing ref");
        assert_eq!(b.label(), "resourceBindings[0] \"kube-system/filebeat-binding\"");
    }

    #[test]
    fn validation_messages() {
        assert_eq!(validate_binding(&binding(), Some(&["filebeat"])), Vec::new());
        let mut bad = binding();
        bad["metadata"] = json!({"name": "b"});
        bad["spec"]["subjects"] =
            json!([{"kind": "ServiceAccount", "name": "x"}, {"kind": "SidecarSet", "name": "typo"}]);
        bad["spec"]["resourceRefs"] = json!([{"kind": "Pod", "name": "p"}, {"kind": "Secret", "name": ""}]);
        let errs: Vec<String> = validate_binding(&bad, Some(&["filebeat"])).iter().map(ToString::to_string).collect();
        let want = [
            "metadata.namespace: Required value: a binding grants access to resources of its own namespace, so it must name one",
            "spec.subjects[0].kind: Unsupported value: \"ServiceAccount\": supported values: \"SidecarSet\"",
            "spec.subjects[1].name: Not found: \"typo\": no SidecarSet of that name in sidecarSets",
            "spec.resourceRefs[0].kind: Unsupported value: \"Pod\": supported values: \"ConfigMap\", \"Secret\"",
            "spec.resourceRefs[1].name: Required value",
        ];
        assert_eq!(errs, want);
        let typo = json!({"apiVersion": API_VERSION, "kind": KIND, "metadata": {"name": "b", "namespace": "n"}, "spec": {"subject": []}});
        assert!(
            validate_binding(&typo, Some(&[])).iter().any(|e| e.to_string().contains("Unknown field: \"subject\""))
        );
    }
}
