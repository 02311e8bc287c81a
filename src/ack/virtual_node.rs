//! The `virtualNode` settings: how the policy recognises pods that will run on a virtual
//! node, and whether it also injects in ACK's post-scheduling flow.
//!
//! ```yaml
//! virtualNode:
//!   label: serverless.alibabacloud.com/virtual-node   # set to "true" on virtual-node pods
//!   predict: true                                     # label pods whose placement is certain at CREATE
//!   nodeSelectorLabels: {type: virtual-kubelet}       # node labels only virtual nodes carry
//!   podLabels: {alibabacloud.com/eci: "true", alibabacloud.com/acs: "true"}
//!   nodeNamePrefixes: [virtual-kubelet]
//!   nodeAffinity: true                                # required node affinity on nodeSelectorLabels
//!   ackMode: false                                    # inject on the UPDATE that adds the label
//! ```

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use apimachinery::field_error::{FieldError, FieldPath};
use apimachinery::names::{is_qualified_name, is_valid_label_value};

pub const DEFAULT_LABEL: &str = "serverless.alibabacloud.com/virtual-node";

const KNOWN_KEYS: [&str; 7] =
    ["label", "predict", "nodeSelectorLabels", "podLabels", "nodeNamePrefixes", "nodeAffinity", "ackMode"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VirtualNodeSettings {
    /// The pod label that marks virtual-node pods (value `"true"`).
    pub label: String,
    /// Predictive mode: at CREATE, label pods whose placement on a virtual node is certain.
    pub predict: bool,
    /// Node labels that only virtual nodes carry (`nodeSelector` and node affinity signals).
    pub node_selector_labels: BTreeMap<String, String>,
    /// Pod labels that force placement on a virtual node.
    pub pod_labels: BTreeMap<String, String>,
    /// `spec.nodeName` prefixes of virtual nodes.
    pub node_name_prefixes: Vec<String>,
    /// Whether required node affinity that only admits virtual nodes counts as certain.
    pub node_affinity: bool,
    /// ACK mode: inject on the pod UPDATE that adds the virtual-node label.
    pub ack_mode: bool,
}

impl Default for VirtualNodeSettings {
    fn default() -> Self {
        let pairs = |p: &[(&str, &str)]| p.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        VirtualNodeSettings {
            label: DEFAULT_LABEL.to_string(),
            predict: true,
            node_selector_labels: pairs(&[("type", "virtual-kubelet")]),
            pod_labels: pairs(&[("alibabacloud.com/eci", "true"), ("alibabacloud.com/acs", "true")]),
            node_name_prefixes: vec!["virtual-kubelet".to_string()],
            node_affinity: true,
            ack_mode: false,
        }
    }
}

impl VirtualNodeSettings {
    /// Read `virtualNode` (absent or `null`: the defaults). Every problem is reported, with
    /// its path; values of the wrong type keep their default.
    pub fn read(v: Option<&Value>, errs: &mut Vec<FieldError>) -> Self {
        let mut out = VirtualNodeSettings::default();
        let path = FieldPath::root("virtualNode");
        let obj = match v {
            None | Some(Value::Null) => return out,
            Some(Value::Object(obj)) => obj,
            Some(other) => {
                errs.push(FieldError::type_mismatch(&path, "an object", other));
                return out;
            }
        };
        for key in obj.keys().filter(|k| !KNOWN_KEYS.contains(&k.as_str())) {
            errs.push(FieldError::unknown_field(&path, key, format!("known fields: {}", KNOWN_KEYS.join(", "))));
        }
        if let Some(label) = string(obj, "label", &path, errs) {
            for msg in is_qualified_name(&label) {
                errs.push(FieldError::invalid(&path.child("label"), &label, msg));
            }
            out.label = label;
        }
        for (key, slot) in
            [("predict", &mut out.predict), ("nodeAffinity", &mut out.node_affinity), ("ackMode", &mut out.ack_mode)]
        {
            match obj.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::Bool(b)) => *slot = *b,
                Some(other) => errs.push(FieldError::type_mismatch(&path.child(key), "a boolean", other)),
            }
        }
        for (key, slot) in [("nodeSelectorLabels", &mut out.node_selector_labels), ("podLabels", &mut out.pod_labels)] {
            if let Some(map) = label_map(obj, key, &path, errs) {
                *slot = map;
            }
        }
        match obj.get("nodeNamePrefixes") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                let mut prefixes = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(p) if !p.is_empty() => prefixes.push(p.to_string()),
                        _ => errs.push(FieldError::invalid_raw(
                            &path.child("nodeNamePrefixes").index(i),
                            item.to_string(),
                            "must be a non-empty string",
                        )),
                    }
                }
                out.node_name_prefixes = prefixes;
            }
            Some(other) => {
                errs.push(FieldError::type_mismatch(&path.child("nodeNamePrefixes"), "a list of strings", other))
            }
        }
        out
    }
}

fn string(obj: &Map<String, Value>, key: &str, path: &FieldPath, errs: &mut Vec<FieldError>) -> Option<String> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            errs.push(FieldError::type_mismatch(&path.child(key), "a string", other));
            None
        }
    }
}

/// A map of label keys to values, both validated as Kubernetes labels.
fn label_map(
    obj: &Map<String, Value>,
    key: &str,
    path: &FieldPath,
    errs: &mut Vec<FieldError>,
) -> Option<BTreeMap<String, String>> {
    let field = path.child(key);
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Object(m)) => {
            let mut out = BTreeMap::new();
            for (k, v) in m {
                for msg in is_qualified_name(k) {
                    errs.push(FieldError::invalid(&field, k, msg));
                }
                match v.as_str() {
                    Some(s) => {
                        for msg in is_valid_label_value(s) {
                            errs.push(FieldError::invalid(&field.key(k), s, msg));
                        }
                        out.insert(k.clone(), s.to_string());
                    }
                    None => errs.push(FieldError::type_mismatch(&field.key(k), "a string", v)),
                }
            }
            Some(out)
        }
        Some(other) => {
            errs.push(FieldError::type_mismatch(&field, "an object of strings", other));
            None
        }
    }
}
