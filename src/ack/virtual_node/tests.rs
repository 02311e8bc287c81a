use serde_json::json;

use super::*;

fn read(v: Value) -> (VirtualNodeSettings, Vec<String>) {
    let mut errs = Vec::new();
    let s = VirtualNodeSettings::read(Some(&v), &mut errs);
    (s, errs.iter().map(ToString::to_string).collect())
}

#[test]
fn compute_classes_default_and_custom() {
    assert_eq!(VirtualNodeSettings::default().compute_classes, ["general-purpose", "performance"]);
    let (s, errs) = read(json!({"computeClasses": ["gpu", "some-future-class"]}));
    assert_eq!((s.compute_classes, errs), (vec!["gpu".to_string(), "some-future-class".to_string()], Vec::new()));
    let (s, errs) = read(json!({"computeClasses": null}));
    assert_eq!((s.compute_classes.len(), errs.len()), (2, 0));
}

#[test]
fn compute_class_errors_say_how_to_fix_them() {
    let (_, errs) = read(json!({"computeClasses": []}));
    assert_eq!(
        errs,
        [
            "virtualNode.computeClasses: Required value: an empty list would disable the virtual-node layer for every pod; to stop predicting virtual-node placement, set virtualNode.predict: false instead"
        ]
    );
    let (_, errs) = read(json!({"computeClasses": ["gpu", "", 3, "not a label value!"]}));
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert_eq!(errs[0], "virtualNode.computeClasses[1]: Invalid value: \"\": must be a non-empty string");
    assert_eq!(errs[1], "virtualNode.computeClasses[2]: Invalid value: 3: must be a non-empty string");
    assert!(
        errs[2].starts_with("virtualNode.computeClasses[3]: Invalid value: \"not a label value!\": a valid label must")
    );
    let (_, errs) = read(json!({"computeClasses": "gpu"}));
    assert_eq!(errs, ["virtualNode.computeClasses: Invalid type: expected a list of strings, got string \"gpu\""]);
}

#[test]
fn a_pod_without_the_label_is_general_purpose() {
    let s = VirtualNodeSettings::default();
    assert_eq!(s.compute_class(&json!({})), "general-purpose");
    assert_eq!(
        s.compute_class(&json!({"metadata": {"labels": {"alibabacloud.com/compute-class": ""}}})),
        "general-purpose"
    );
    assert_eq!(s.compute_class(&json!({"metadata": {"labels": {"alibabacloud.com/compute-class": "gpu"}}})), "gpu");
    assert!(!s.serves_compute_class(&json!({"metadata": {"labels": {"alibabacloud.com/compute-class": "gpu-hpn"}}})));
}
