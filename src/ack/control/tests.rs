use apimachinery::json::{list, str_at};
use apimachinery::pod::spec_list;
use serde_json::json;

use super::*;
use crate::kruise::inject::{MatchedSidecarSet, Operation, inject_matched};

fn sidecar_set(name: &str, mode: Option<&str>) -> Value {
    let mut v = json!({"apiVersion": "apps.kruise.io/v1beta1", "kind": "SidecarSet", "metadata": {"name": name},
        "spec": {"selector": {"matchLabels": {"app": "x"}}, "containers": [{"name": format!("{name}-c"), "image": "i"}]}});
    if let Some(mode) = mode {
        v["metadata"]["annotations"] = json!({LIFECYCLE_ANNOTATION: mode});
    }
    v
}

fn matched(values: &[Value]) -> Vec<MatchedSidecarSet<'_>> {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| SidecarSetRef::from_value(i, v).ok())
        .map(MatchedSidecarSet::prepare)
        .collect()
}

fn env_names(c: &Value) -> Vec<&str> {
    list(c.get("env")).iter().map(|e| str_at(e, "name")).collect()
}

#[test]
fn each_sidecar_gets_its_own_sidecar_sets_lifecycle() {
    let values = [
        sidecar_set("a", Some("acs")),
        sidecar_set("b", None),
        sidecar_set("c", Some("native")),
        sidecar_set("d", Some("eci")),
    ];
    let mut pod = json!({"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "app"}]}});
    let vn = VirtualNodeSettings::default();
    let control = AckControl { virtual_node: &vn, lifecycle: Lifecycle::Eci, admission: None };
    let injection = inject_matched(&mut pod, matched(&values), "2026-01-01T00:00:00Z", Operation::Create, &control);
    assert_eq!(injection.map(|i| i.injected_names().join(",")).ok().as_deref(), Some("a,b,c,d"));
    let containers = spec_list(&pod, "containers");
    let by_name = |n: &str| containers.iter().find(|c| str_at(c, "name") == n);
    assert!(by_name("a-c").is_some_and(|c| env_names(c).contains(&"__IS_SIDECAR__")));
    // No annotation: the settings' default (eci).
    assert!(by_name("b-c").is_some_and(|c| env_names(c).contains(&"ECI_CONTAINER_TYPE")));
    assert!(by_name("c-c").is_none(), "native sidecars become init containers");
    assert_eq!(str_at(&spec_list(&pod, "initContainers")[0], "restartPolicy"), "Always");
    assert!(by_name("d-c").is_some_and(|c| env_names(c).contains(&"ECI_CONTAINER_TYPE")));
}

#[test]
fn a_native_sidecar_replacing_an_app_container_stays_a_container() {
    let values = [sidecar_set("n", Some("native"))];
    let mut pod = json!({"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "n-c"}]}});
    let vn = VirtualNodeSettings::default();
    let control = AckControl { virtual_node: &vn, lifecycle: Lifecycle::None, admission: None };
    assert!(inject_matched(&mut pod, matched(&values), "2026-01-01T00:00:00Z", Operation::Create, &control).is_ok());
    assert!(spec_list(&pod, "initContainers").is_empty());
    assert_eq!(spec_list(&pod, "containers").iter().filter(|c| str_at(c, "name") == "n-c").count(), 1);
}

#[test]
fn on_update_native_sidecar_sets_are_skipped_with_a_warning() {
    let values = [sidecar_set("n", Some("native")), sidecar_set("e", None)];
    let mut pod = json!({"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "app"}]}});
    let vn = VirtualNodeSettings { ack_mode: true, ..VirtualNodeSettings::default() };
    let control = AckControl { virtual_node: &vn, lifecycle: Lifecycle::Eci, admission: None };
    let injection = inject_matched(&mut pod, matched(&values), "2026-01-01T00:00:00Z", Operation::Update, &control);
    let injection = injection.ok();
    assert_eq!(injection.as_ref().map(|i| i.injected_names()), Some(vec!["e"]));
    let warnings = injection.map(|i| i.warnings).unwrap_or_default();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].starts_with("SidecarSet n was not injected: its sidecar lifecycle is native"));
}

#[test]
fn ack_mode_injects_only_on_the_update_that_adds_the_label_before_the_pod_runs() {
    let label = VirtualNodeSettings::default().label;
    let pod = |labelled: bool, status: Value| {
        let labels = if labelled { json!({"app": "x", label.clone(): "true"}) } else { json!({"app": "x"}) };
        json!({"metadata": {"labels": labels}, "spec": {"containers": [{"name": "app"}]}, "status": status})
    };
    let pending = json!({"phase": "Pending"});
    let on = VirtualNodeSettings { ack_mode: true, ..VirtualNodeSettings::default() };
    let off = VirtualNodeSettings::default();
    let control = |vn| AckControl { virtual_node: vn, lifecycle: Lifecycle::None, admission: None };
    assert!(control(&on).inject_on_update(&pod(true, pending.clone()), &pod(false, pending.clone())));
    assert!(!control(&off).inject_on_update(&pod(true, pending.clone()), &pod(false, pending.clone())), "ackMode off");
    assert!(!control(&on).inject_on_update(&pod(true, pending.clone()), &pod(true, pending.clone())), "label kept");
    assert!(!control(&on).inject_on_update(&pod(false, pending.clone()), &pod(false, pending.clone())), "no label");
    let running = json!({"phase": "Running"});
    assert!(!control(&on).inject_on_update(&pod(true, running), &pod(false, pending.clone())));
    let started = json!({"phase": "Pending", "containerStatuses": [{"state": {"running": {}}}]});
    assert!(!control(&on).inject_on_update(&pod(true, started), &pod(false, pending.clone())));
    let mut gpu = pod(true, pending.clone());
    gpu["metadata"]["labels"]["alibabacloud.com/compute-class"] = json!("gpu");
    assert!(!control(&on).inject_on_update(&gpu, &pod(false, pending.clone())), "compute class not served");
    let mut injected = pod(true, pending.clone());
    injected["metadata"]["annotations"] = json!({INJECTED_LIST_ANNOTATION: "filebeat"});
    assert!(!control(&on).inject_on_update(&injected, &pod(false, pending)));
}
