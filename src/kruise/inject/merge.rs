//! Kruise's list merge helpers (`pkg/util/pods.go` and the pod webhook), on JSON lists. They
//! decide precedence when a sidecar and the pod define the same thing: the sidecar's own env
//! wins over transferred env, own mounts win over shared mounts by path, the pod's volumes
//! and containers win or are replaced by name exactly as Kruise does.

use std::collections::HashSet;

use serde_json::{Map, Value};

use apimachinery::json::{list, str_at};

/// `MergeEnvVar`: keep `original` (duplicates included), append each `additional` entry
/// whose name is not present yet.
pub fn merge_env(original: &mut Vec<Value>, additional: &[Value]) {
    let mut names: HashSet<String> = original.iter().map(|e| str_at(e, "name").to_string()).collect();
    for env in additional {
        if names.insert(str_at(env, "name").to_string()) {
            original.push(env.clone());
        }
    }
}

/// `MergeVolumeMounts`: the container's mounts, then each additional mount whose mount path
/// is not used by a mount or device of the container yet.
pub fn merge_volume_mounts(container: &Map<String, Value>, additional: &[Value]) -> Vec<Value> {
    let own = list(container.get("volumeMounts"));
    let mut used: HashSet<&str> = own.iter().map(|m| str_at(m, "mountPath")).collect();
    used.extend(list(container.get("volumeDevices")).iter().map(|d| str_at(d, "devicePath")));
    let mut out = own.to_vec();
    for mount in additional {
        if used.insert(str_at(mount, "mountPath")) {
            out.push(mount.clone());
        }
    }
    out
}

/// `MergeVolumeDevices`: the container's devices, then each additional device whose device
/// path is used neither by a device nor by a (already merged) mount. `own` and `mounts`
/// are the container's devices and mounts.
pub fn merge_volume_devices(own: &[Value], mounts: &[Value], additional: &[Value]) -> Vec<Value> {
    let mut used: HashSet<&str> = own.iter().map(|d| str_at(d, "devicePath")).collect();
    used.extend(mounts.iter().map(|m| str_at(m, "mountPath")));
    let mut out = own.to_vec();
    for device in additional {
        if used.insert(str_at(device, "devicePath")) {
            out.push(device.clone());
        }
    }
    out
}

/// `MergeVolumes`: the pod's volumes win name clashes; among additions the first wins.
pub fn merge_volumes(original: &mut Vec<Value>, additional: Vec<Value>) {
    let added = new_volumes(original, additional);
    original.extend(added);
}

/// The volumes `merge_volumes` appends: those whose name is not taken yet (first wins).
pub fn new_volumes(original: &[Value], additional: Vec<Value>) -> Vec<Value> {
    let mut names: HashSet<String> = original.iter().map(|v| str_at(v, "name").to_string()).collect();
    additional.into_iter().filter(|volume| names.insert(str_at(volume, "name").to_string())).collect()
}

/// `mergeSidecarSecrets`: the pod's secrets de-duplicated by name (first kept), then the
/// sidecar secrets with new names. Kruise de-duplicates the pod's own list too.
pub fn merge_secrets(pod_secrets: &[Value], sidecar_secrets: &[Value]) -> Vec<Value> {
    let mut names = HashSet::new();
    pod_secrets.iter().chain(sidecar_secrets).filter(|s| names.insert(str_at(s, "name").to_string())).cloned().collect()
}

/// A built sidecar and where Kruise places it when the pod has no container of its name.
pub struct Placed {
    pub container: Value,
    pub before_app: bool,
}

/// `mergeSidecarContainers`: a sidecar whose name the pod already uses replaces that
/// container in place; the others go before (`BeforeAppContainer`) or after the pod's
/// containers, in list order.
/// `origins` is taken by value so that the pod's containers are moved, not copied.
pub fn merge_sidecar_containers(origins: Vec<Value>, injected: Vec<Placed>) -> Vec<Value> {
    let mut result = origins;
    let mut before = Vec::new();
    let mut after = Vec::new();
    for sidecar in injected {
        let name = str_at(&sidecar.container, "name");
        // Kruise indexes the pod's containers by name, so with duplicate names the last wins.
        // A replacement has the name of the container it replaces, so searching `result`
        // finds the positions the pod's own list had.
        if let Some(i) = result.iter().rposition(|c| str_at(c, "name") == name) {
            if let Some(slot) = result.get_mut(i) {
                *slot = sidecar.container;
            }
        } else if sidecar.before_app {
            before.push(sidecar.container);
        } else {
            after.push(sidecar.container);
        }
    }
    before.extend(result);
    before.extend(after);
    before
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(v: &[Value]) -> Vec<&str> {
        v.iter().map(|c| str_at(c, "name")).collect()
    }

    fn placed(name: &str, before_app: bool) -> Placed {
        Placed { container: json!({"name": name}), before_app }
    }

    #[test]
    fn merge_sidecar_containers_upstream_cases() {
        // TestMergeSidecarContainers: injected list sorted by name before merging.
        let all = || vec![placed("new-sidecar-1", true), placed("sidecar-1", false), placed("sidecar-2", false)];
        let app = json!({"name": "app-container"});
        let origins_all = vec![json!({"name": "sidecar-1"}), app.clone(), json!({"name": "sidecar-2"})];
        let cases: Vec<(Vec<Value>, Vec<Placed>, Vec<&str>)> = vec![
            (vec![app.clone()], all(), vec!["new-sidecar-1", "app-container", "sidecar-1", "sidecar-2"]),
            (vec![app.clone()], vec![placed("new-sidecar-1", true)], vec!["new-sidecar-1", "app-container"]),
            (
                vec![app.clone()],
                vec![placed("sidecar-1", false), placed("sidecar-2", false)],
                vec!["app-container", "sidecar-1", "sidecar-2"],
            ),
            (
                origins_all.clone(),
                vec![placed("sidecar-1", false), placed("sidecar-2", false)],
                vec!["sidecar-1", "app-container", "sidecar-2"],
            ),
            (origins_all, all(), vec!["new-sidecar-1", "sidecar-1", "app-container", "sidecar-2"]),
            (vec![], all(), vec!["new-sidecar-1", "sidecar-1", "sidecar-2"]),
        ];
        for (i, (origins, injected, want)) in cases.into_iter().enumerate() {
            assert_eq!(names(&merge_sidecar_containers(origins, injected)), want, "case {}", i + 1);
        }
    }

    #[test]
    fn init_container_sort_then_place_upstream_cases() {
        // TestInjectInitContainerSort: sorted by name, then placed by policy.
        let origins = vec![json!({"name": "app1-init"}), json!({"name": "app2-init"})];
        let sorted = |v: Vec<Placed>| {
            let mut v = v;
            v.sort_by(|a, b| str_at(&a.container, "name").cmp(str_at(&b.container, "name")));
            v
        };
        let abc = || vec![placed("a-init", false), placed("c-init", false), placed("b-init", false)];
        assert_eq!(names(&merge_sidecar_containers(Vec::new(), sorted(abc()))), ["a-init", "b-init", "c-init"]);
        assert_eq!(
            names(&merge_sidecar_containers(origins.clone(), sorted(abc()))),
            ["app1-init", "app2-init", "a-init", "b-init", "c-init"]
        );
        let mixed = vec![placed("a-init", false), placed("c-init", true), placed("b-init", true)];
        assert_eq!(
            names(&merge_sidecar_containers(origins.clone(), sorted(mixed))),
            ["b-init", "c-init", "app1-init", "app2-init", "a-init"]
        );
    }

    #[test]
    fn merge_secrets_upstream_cases() {
        let s = |names: &[&str]| names.iter().map(|n| json!({"name": n})).collect::<Vec<_>>();
        let cases = [
            (s(&["s2", "s3", "s3"]), s(&["s0", "s1", "s2"]), vec!["s2", "s3", "s0", "s1"]),
            (s(&["s3", "s4", "s5"]), s(&["s0", "s1", "s2"]), vec!["s3", "s4", "s5", "s0", "s1", "s2"]),
            (vec![], s(&["s0", "s1", "s2"]), vec!["s0", "s1", "s2"]),
            (s(&["s3", "s4", "s5"]), vec![], vec!["s3", "s4", "s5"]),
        ];
        for (pod, sidecar, want) in cases {
            assert_eq!(names(&merge_secrets(&pod, &sidecar)), want);
        }
    }

    #[test]
    fn env_mounts_devices_and_volumes() {
        let mut env = vec![json!({"name": "A", "value": "own"}), json!({"name": "A", "value": "dup"})];
        merge_env(
            &mut env,
            &[json!({"name": "A", "value": "t"}), json!({"name": "B"}), json!({"name": "B", "value": "2"})],
        );
        assert_eq!(
            env,
            vec![json!({"name": "A", "value": "own"}), json!({"name": "A", "value": "dup"}), json!({"name": "B"})]
        );

        let c = json!({"volumeMounts": [{"name": "log", "mountPath": "/var/log"}], "volumeDevices": [{"name": "d", "devicePath": "/dev/x"}]});
        let c = c.as_object().cloned().unwrap_or_default();
        let mounts = merge_volume_mounts(
            &c,
            &[
                json!({"name": "app-log", "mountPath": "/var/log"}),
                json!({"name": "x", "mountPath": "/dev/x"}),
                json!({"name": "data", "mountPath": "/data"}),
            ],
        );
        assert_eq!(names(&mounts), ["log", "data"], "the sidecar keeps its own /var/log");
        let devices = merge_volume_devices(
            list(c.get("volumeDevices")),
            list(c.get("volumeMounts")),
            &[json!({"name": "e", "devicePath": "/var/log"}), json!({"name": "f", "devicePath": "/dev/y"})],
        );
        assert_eq!(names(&devices), ["d", "f"]);

        let mut volumes = vec![json!({"name": "log", "emptyDir": {}})];
        merge_volumes(
            &mut volumes,
            vec![
                json!({"name": "log", "hostPath": {"path": "/"}}),
                json!({"name": "cfg"}),
                json!({"name": "cfg", "x": 1}),
            ],
        );
        assert_eq!(volumes, vec![json!({"name": "log", "emptyDir": {}}), json!({"name": "cfg"})], "pod volume wins");
    }
}
