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
//!   computeClasses: [general-purpose, performance]    # ACS compute classes the layer serves
//! ```
//!
//! ACK supports sidecar injection into virtual-node pods only for CPU pods of the
//! general-purpose and compute-optimized (`performance`) compute types; on ACS the type is
//! the pod label `alibabacloud.com/compute-class` (absent: `general-purpose`). Prediction and
//! the update mode leave pods of other classes alone.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use apimachinery::field_error::{FieldError, FieldPath};
use apimachinery::names::{is_qualified_name, is_valid_label_value};
use apimachinery::pod::label;
use apimachinery::strings::did_you_mean;

pub const DEFAULT_LABEL: &str = "serverless.alibabacloud.com/virtual-node";
/// The ACS pod label that names a pod's compute class.
pub const COMPUTE_CLASS_LABEL: &str = "alibabacloud.com/compute-class";
/// The compute class of a pod without the label.
pub const DEFAULT_COMPUTE_CLASS: &str = "general-purpose";
/// The classes ACK supports sidecars for: general-purpose and compute-optimized CPU pods.
pub const DEFAULT_COMPUTE_CLASSES: [&str; 2] = [DEFAULT_COMPUTE_CLASS, "performance"];

const KNOWN_KEYS: [&str; 8] = [
    "label",
    "predict",
    "nodeSelectorLabels",
    "podLabels",
    "nodeNamePrefixes",
    "nodeAffinity",
    "ackMode",
    "computeClasses",
];

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
    /// The compute classes (`alibabacloud.com/compute-class`) the virtual-node layer serves.
    pub compute_classes: Vec<String>,
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
            compute_classes: DEFAULT_COMPUTE_CLASSES.iter().map(ToString::to_string).collect(),
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
            let suggestion = did_you_mean(key, KNOWN_KEYS);
            errs.push(FieldError::unknown_field(
                &path,
                key,
                format!("known fields: {}{suggestion}", KNOWN_KEYS.join(", ")),
            ));
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
        if let Some(classes) = compute_classes(obj.get("computeClasses"), &path.child("computeClasses"), errs) {
            out.compute_classes = classes;
        }
        out
    }

    /// The pod's compute class: its `alibabacloud.com/compute-class` label, `general-purpose`
    /// when the label is absent or empty.
    pub fn compute_class<'p>(&self, pod: &'p Value) -> &'p str {
        label(pod, COMPUTE_CLASS_LABEL).filter(|c| !c.is_empty()).unwrap_or(DEFAULT_COMPUTE_CLASS)
    }

    /// Whether the virtual-node layer serves the pod's compute class.
    pub fn serves_compute_class(&self, pod: &Value) -> bool {
        let class = self.compute_class(pod);
        self.compute_classes.iter().any(|c| c == class)
    }
}

/// `computeClasses`: a non-empty list of label values. Names ACS does not have yet are fine
/// (new classes appear); an empty list would switch the layer off, which `predict: false` says
/// plainly.
fn compute_classes(v: Option<&Value>, path: &FieldPath, errs: &mut Vec<FieldError>) -> Option<Vec<String>> {
    let items = match v {
        None | Some(Value::Null) => return None,
        Some(Value::Array(items)) => items,
        Some(other) => {
            errs.push(FieldError::type_mismatch(path, "a list of strings", other));
            return None;
        }
    };
    if items.is_empty() {
        errs.push(FieldError::required(
            path,
            "an empty list would disable the virtual-node layer for every pod; to stop predicting virtual-node placement, set virtualNode.predict: false instead",
        ));
        return None;
    }
    let mut classes = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.as_str() {
            Some(c) if !c.is_empty() => {
                for msg in is_valid_label_value(c) {
                    errs.push(FieldError::invalid(&path.index(i), c, msg));
                }
                classes.push(c.to_string());
            }
            _ => errs.push(FieldError::invalid_raw(&path.index(i), item.to_string(), "must be a non-empty string")),
        }
    }
    Some(classes)
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

#[cfg(test)]
mod tests;
