//! Predictive placement: at pod creation, decide whether the pod is certain to run on a
//! virtual node, from what the pod itself says (the scheduler has not run yet). Only
//! certainty counts — a preference, a toleration alone or a soft affinity leaves the pod
//! alone — because injecting virtual-node sidecars into a pod that lands on a real node
//! breaks it (cross-namespace volumes only resolve on virtual nodes).

use serde_json::{Map, Value};

use super::virtual_node::VirtualNodeSettings;
use apimachinery::field_error::quote;
use apimachinery::json::{list, str_at};
use apimachinery::pod::labels;

/// The reason a pod is certain to run on a virtual node, for logs and audit annotations;
/// `None` when its placement is not certain.
pub fn virtual_node_signal(pod: &Value, s: &VirtualNodeSettings) -> Option<String> {
    let spec = pod.get("spec");
    if let Some(selector) = spec.and_then(|sp| sp.get("nodeSelector")).and_then(Value::as_object) {
        for (k, v) in &s.node_selector_labels {
            if selector.get(k).and_then(Value::as_str) == Some(v.as_str()) {
                return Some(format!("nodeSelector {k}={v}"));
            }
        }
    }
    if let Some(pod_labels) = labels(pod) {
        for (k, v) in &s.pod_labels {
            if pod_labels.get(k).and_then(Value::as_str) == Some(v.as_str()) {
                return Some(format!("label {k}={v}"));
            }
        }
    }
    let node_name = spec.map_or("", |sp| str_at(sp, "nodeName"));
    if !node_name.is_empty() && s.node_name_prefixes.iter().any(|p| node_name.starts_with(p.as_str())) {
        return Some(format!("nodeName {node_name}"));
    }
    if s.node_affinity && required_affinity_only_virtual(spec, s) {
        return Some("required node affinity".to_string());
    }
    None
}

/// Required node affinity admits only virtual nodes when every node selector term (terms
/// are ORed) requires one of the virtual-node labels: `key In [value]` with only that value.
fn required_affinity_only_virtual(spec: Option<&Value>, s: &VirtualNodeSettings) -> bool {
    let terms = list(
        spec.and_then(|sp| sp.get("affinity"))
            .and_then(|a| a.get("nodeAffinity"))
            .and_then(|n| n.get("requiredDuringSchedulingIgnoredDuringExecution"))
            .and_then(|r| r.get("nodeSelectorTerms")),
    );
    !terms.is_empty()
        && terms.iter().all(|term| {
            list(term.get("matchExpressions")).iter().any(|e| {
                let values = list(e.get("values"));
                str_at(e, "operator") == "In"
                    && s.node_selector_labels.get(str_at(e, "key")).is_some_and(|want| {
                        !values.is_empty() && values.iter().all(|v| v.as_str() == Some(want.as_str()))
                    })
            })
        })
}

/// Predictive labelling at pod creation: when prediction is on, the pod's compute class is
/// one the virtual-node layer serves, its placement on a virtual node is certain, and it
/// lacks the label, add the virtual-node label. Returns the reason when it did.
pub fn label_if_certain(pod: &mut Value, s: &VirtualNodeSettings) -> Option<String> {
    if !s.predict || !s.serves_compute_class(pod) || has_virtual_node_label(pod, s) {
        return None;
    }
    let signal = virtual_node_signal(pod, s)?;
    add_virtual_node_label(pod, s).then_some(signal)
}

/// Why the pod was not predicted onto a virtual node (for a SidecarSet that selects
/// virtual-node pods and missed only the virtual-node label).
pub fn why_not_predicted(pod: &Value, s: &VirtualNodeSettings) -> String {
    if !s.predict {
        return "virtual-node prediction is off (virtualNode.predict: false)".to_string();
    }
    if !s.serves_compute_class(pod) {
        return format!(
            "its compute class {} is not one ACK serves on virtual nodes (virtualNode.computeClasses: {})",
            quote(s.compute_class(pod)),
            s.compute_classes.join(", ")
        );
    }
    "nothing in its nodeSelector, labels, nodeName or required node affinity points at a virtual node (virtualNode settings)"
        .to_string()
}

/// A pod that carries the virtual-node label is matched by its labels whatever its compute
/// class (Kruise's rule); when sidecars were injected into one of a class the layer does not
/// serve, the user is told that ACK does not support that.
pub fn unsupported_compute_class_warning(pod: &Value, s: &VirtualNodeSettings, injected: &[&str]) -> Option<String> {
    if injected.is_empty() || !has_virtual_node_label(pod, s) || s.serves_compute_class(pod) {
        return None;
    }
    Some(format!(
        "ACK does not support sidecars on virtual nodes for compute class {} (virtualNode.computeClasses: {}); the sidecars of {} were injected because the pod carries {}=true",
        quote(s.compute_class(pod)),
        s.compute_classes.join(", "),
        injected.join(", "),
        s.label
    ))
}

/// Whether the pod carries the virtual-node label with the value `"true"`.
pub fn has_virtual_node_label(pod: &Value, s: &VirtualNodeSettings) -> bool {
    labels(pod).and_then(|l| l.get(&s.label)).and_then(Value::as_str) == Some("true")
}

/// Add the virtual-node label unless the pod already has that label (with any value: an
/// explicit value is the pod author's decision). Returns whether the pod changed.
pub fn add_virtual_node_label(pod: &mut Value, s: &VirtualNodeSettings) -> bool {
    let Some(obj) = pod.as_object_mut() else { return false };
    let metadata = obj.entry("metadata").or_insert(Value::Null);
    if metadata.is_null() {
        *metadata = Value::Object(Map::new());
    }
    let Some(metadata) = metadata.as_object_mut() else { return false };
    let pod_labels = metadata.entry("labels").or_insert(Value::Null);
    if pod_labels.is_null() {
        *pod_labels = Value::Object(Map::new());
    }
    match pod_labels.as_object_mut() {
        Some(l) if !l.contains_key(&s.label) => {
            l.insert(s.label.clone(), Value::from("true"));
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn signal(pod: Value) -> Option<String> {
        virtual_node_signal(&pod, &VirtualNodeSettings::default())
    }

    #[test]
    fn each_signal_and_none() {
        assert_eq!(
            signal(json!({"spec": {"nodeSelector": {"type": "virtual-kubelet"}}})).as_deref(),
            Some("nodeSelector type=virtual-kubelet")
        );
        assert_eq!(
            signal(json!({"metadata": {"labels": {"alibabacloud.com/eci": "true"}}, "spec": {}})).as_deref(),
            Some("label alibabacloud.com/eci=true")
        );
        assert_eq!(
            signal(json!({"metadata": {"labels": {"alibabacloud.com/acs": "true"}}, "spec": {}})).as_deref(),
            Some("label alibabacloud.com/acs=true")
        );
        assert_eq!(
            signal(json!({"spec": {"nodeName": "virtual-kubelet-cn-hangzhou-i"}})).as_deref(),
            Some("nodeName virtual-kubelet-cn-hangzhou-i")
        );
        let affinity = |terms: Value| json!({"spec": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": terms}}}}});
        assert_eq!(
            signal(affinity(
                json!([{"matchExpressions": [{"key": "type", "operator": "In", "values": ["virtual-kubelet"]}]}])
            ))
            .as_deref(),
            Some("required node affinity")
        );
        // Not certain: another term admits real nodes, other values, other operators, soft rules.
        assert_eq!(
            signal(affinity(
                json!([{"matchExpressions": [{"key": "type", "operator": "In", "values": ["virtual-kubelet"]}]}, {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}])
            )),
            None
        );
        assert_eq!(
            signal(affinity(
                json!([{"matchExpressions": [{"key": "type", "operator": "In", "values": ["virtual-kubelet", "ecs"]}]}])
            )),
            None
        );
        assert_eq!(
            signal(affinity(json!([{"matchExpressions": [{"key": "type", "operator": "NotIn", "values": ["ecs"]}]}]))),
            None
        );
        assert_eq!(signal(affinity(json!([]))), None);
        assert_eq!(
            signal(
                json!({"spec": {"nodeSelector": {"type": "ecs"}, "nodeName": "node-1", "tolerations": [{"key": "virtual-kubelet.io/provider", "operator": "Exists"}]}})
            ),
            None
        );
        assert_eq!(signal(json!({"metadata": {"labels": {"alibabacloud.com/eci": "false"}}, "spec": {}})), None);
        assert_eq!(signal(json!("not a pod")), None);
    }

    #[test]
    fn labelling_keeps_an_explicit_value() {
        let s = VirtualNodeSettings::default();
        let mut pod = json!({"spec": {}});
        assert!(add_virtual_node_label(&mut pod, &s));
        assert!(has_virtual_node_label(&pod, &s));
        let mut explicit = json!({"metadata": {"labels": {"serverless.alibabacloud.com/virtual-node": "false"}}});
        assert!(!add_virtual_node_label(&mut explicit, &s));
        assert!(!has_virtual_node_label(&explicit, &s));
    }

    #[test]
    fn prediction_serves_only_the_configured_compute_classes() {
        let s = VirtualNodeSettings::default();
        let pod = |class: Option<&str>| {
            let labels =
                class.map_or(json!({"app": "x"}), |c| json!({"app": "x", "alibabacloud.com/compute-class": c}));
            json!({"metadata": {"labels": labels}, "spec": {"nodeSelector": {"type": "virtual-kubelet"}}})
        };
        for class in [None, Some("general-purpose"), Some("performance"), Some("")] {
            let mut p = pod(class);
            assert_eq!(label_if_certain(&mut p, &s).as_deref(), Some("nodeSelector type=virtual-kubelet"), "{class:?}");
            assert!(has_virtual_node_label(&p, &s));
        }
        for class in ["gpu", "gpu-hpn", "General-Purpose"] {
            let mut p = pod(Some(class));
            assert_eq!(label_if_certain(&mut p, &s), None, "{class}");
            assert!(!has_virtual_node_label(&p, &s));
        }
        let gpu_only =
            VirtualNodeSettings { compute_classes: vec!["gpu".to_string()], ..VirtualNodeSettings::default() };
        assert!(label_if_certain(&mut pod(Some("gpu")), &gpu_only).is_some());
        assert!(label_if_certain(&mut pod(None), &gpu_only).is_none());
        let off = VirtualNodeSettings { predict: false, ..VirtualNodeSettings::default() };
        assert!(label_if_certain(&mut pod(None), &off).is_none());
    }

    #[test]
    fn labelled_pods_of_other_classes_get_a_warning_when_injected() {
        let s = VirtualNodeSettings::default();
        let gpu = json!({"metadata": {"labels": {"serverless.alibabacloud.com/virtual-node": "true", "alibabacloud.com/compute-class": "gpu"}}});
        assert_eq!(
            unsupported_compute_class_warning(&gpu, &s, &["log-agent"]).as_deref(),
            Some(
                "ACK does not support sidecars on virtual nodes for compute class \"gpu\" (virtualNode.computeClasses: general-purpose, performance); the sidecars of log-agent were injected because the pod carries serverless.alibabacloud.com/virtual-node=true"
            )
        );
        assert_eq!(unsupported_compute_class_warning(&gpu, &s, &[]), None, "nothing injected");
        let cpu = json!({"metadata": {"labels": {"serverless.alibabacloud.com/virtual-node": "true"}}});
        assert_eq!(unsupported_compute_class_warning(&cpu, &s, &["log-agent"]), None);
    }
}
