//! Sidecar injection into a pod on creation, as Kruise's pod webhook does it (reference
//! §2.13), on the pod's JSON so that every field the injection does not touch survives.

pub mod build;
pub mod hash_annotation;
pub mod hot_upgrade;
pub mod matching;
pub mod merge;
pub mod merge_patch;
pub mod metadata;
pub mod pod;
pub mod share;

use std::collections::HashMap;

use serde_json::Value;

use self::build::{BuiltSidecar, build_sidecars};
use self::matching::matching_sidecar_sets;
use self::merge::{Placed, merge_secrets, merge_sidecar_containers, new_volumes};
use self::metadata::patch_pod_metadata;
use crate::kruise::sidecarset::{PreparedSidecarSet, SidecarSetRef};
use crate::lifecycle::{Lifecycle, make_native, mark_env};

/// What injection did to a pod.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Injection {
    /// The pod was changed (sidecars or metadata).
    pub changed: bool,
    /// Names of the SidecarSets whose sidecars were injected, in settings order.
    pub sidecar_sets: Vec<String>,
    /// Things the user should know (shown by kubectl as admission warnings).
    pub warnings: Vec<String>,
}

/// How to inject.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The settings' `sidecarLifecycle` (a SidecarSet may override it).
    pub lifecycle: Lifecycle,
    /// Inject into an existing pod (ACK's post-scheduling update) instead of a new one.
    pub on_update: bool,
}

/// Inject the matching SidecarSets into `pod`. `namespace` is the pod's effective namespace;
/// `now` the RFC 3339 time recorded in the hash annotations. An error rejects the pod, as an
/// error in Kruise's webhook does.
/// The matched SidecarSets come back prepared, for the checks that follow injection.
pub fn inject<'a>(
    pod: &mut Value,
    namespace: &str,
    sets: &[SidecarSetRef<'a>],
    now: &str,
    options: Options,
) -> Result<(Injection, Matched<'a>), String> {
    let matched = matching_sidecar_sets(pod, namespace, sets)?;
    if matched.is_empty() {
        return Ok((Injection::default(), Matched::default()));
    }
    let prepared: Vec<PreparedSidecarSet> = matched.iter().map(SidecarSetRef::prepare).collect();
    let injection = inject_prepared(pod, &prepared, now, options)?;
    Ok((injection, Matched { sets: matched, prepared }))
}

/// The SidecarSets that matched a pod, each with its preparation (same positions).
#[derive(Debug, Default)]
pub struct Matched<'a> {
    pub sets: Vec<SidecarSetRef<'a>>,
    pub prepared: Vec<PreparedSidecarSet>,
}

impl Matched<'_> {
    /// The preparation of `set`, when it matched.
    pub fn prepared(&self, set: &SidecarSetRef<'_>) -> Option<&PreparedSidecarSet> {
        let i = self.sets.iter().position(|m| m.index == set.index)?;
        self.prepared.get(i)
    }
}

/// Injection of already matched and prepared SidecarSets.
pub fn inject_prepared(
    pod: &mut Value,
    sets: &[PreparedSidecarSet],
    now: &str,
    options: Options,
) -> Result<Injection, String> {
    let mut warnings = Vec::new();
    let kept: Vec<PreparedSidecarSet>;
    let sets = if options.on_update {
        // A pod update cannot add init containers, so native sidecars cannot be injected.
        let (native, others): (Vec<_>, Vec<_>) =
            sets.iter().cloned().partition(|s| s.lifecycle.unwrap_or(options.lifecycle) == Lifecycle::Native);
        for s in &native {
            warnings.push(format!(
                "SidecarSet {} was not injected: its sidecar lifecycle is native, and native sidecars (init containers) cannot be added to an existing pod",
                s.name
            ));
        }
        kept = others;
        kept.as_slice()
    } else {
        sets
    };
    let original_annotations = AnnotationsSnapshot::take(pod);
    let mut changed = false;
    {
        let annotations = pod::annotations_mut(pod).ok_or("the pod's metadata is not an object")?;
        for set in sets {
            if patch_pod_metadata(annotations, &set.patch_pod_metadata)
                .map_err(|e| format!("SidecarSet {}: patchPodMetadata: {e}", set.name))?
            {
                changed = true;
            }
        }
    }
    let mut built = build_sidecars(pod, sets, now, options.on_update)?;
    if built.containers.is_empty() && built.init_containers.is_empty() {
        if !changed {
            original_annotations.restore(pod);
        }
        return Ok(Injection { changed, sidecar_sets: Vec::new(), warnings });
    }
    apply_lifecycle(pod, &mut built, sets, options.lifecycle);
    apply(pod, built.containers, built.init_containers, built.volumes, &built.secrets)?;
    let annotations = pod::annotations_mut(pod).ok_or("the pod's metadata is not an object")?;
    for (k, v) in built.annotations {
        annotations.insert(k, Value::String(v));
    }
    Ok(Injection { changed: true, sidecar_sets: sets.iter().map(|s| s.name.clone()).collect(), warnings })
}

/// Mark the built sidecar containers for their lifecycle mode; native ones move to the init
/// containers, unless the pod has a container of that name (Kruise then replaces it in place,
/// and a same-named init container would make the pod invalid).
fn apply_lifecycle(pod: &Value, built: &mut build::Built, sets: &[PreparedSidecarSet], default: Lifecycle) {
    let pod_containers = pod::spec_list(pod, "containers");
    // A map, not a search of `sets` per sidecar: with thousands of matching SidecarSets the
    // search made injection quadratic (8,000 took 1.7 s natively).
    // The first SidecarSet of a name wins, as the search did (names repeat only in settings
    // `validate_settings` refuses).
    let mut modes: HashMap<&str, Lifecycle> = HashMap::new();
    for s in sets {
        modes.entry(s.name.as_str()).or_insert(s.lifecycle.unwrap_or(default));
    }
    let mode_of = |set_name: &str| modes.get(set_name).copied().unwrap_or(default);
    let mut containers = Vec::new();
    for mut sidecar in std::mem::take(&mut built.containers) {
        let mode = mode_of(&sidecar.sidecar_set);
        let name = name_of(&sidecar).to_string();
        let replaces_app = pod_containers.iter().any(|c| pod::str_field(c, "name") == name);
        if mode == Lifecycle::Native && !replaces_app {
            sidecar.container = make_native(&sidecar.container);
            built.init_containers.push(sidecar);
        } else {
            mark_env(&mut sidecar.container, mode);
            containers.push(sidecar);
        }
    }
    built.containers = containers;
}

/// Place the built sidecars (init containers sorted by name), volumes and pull secrets.
/// Lists that end up unchanged are left as they were, so the host's patch only carries
/// real changes.
fn apply(
    pod: &mut Value,
    containers: Vec<BuiltSidecar>,
    mut init_containers: Vec<BuiltSidecar>,
    volumes: Vec<Value>,
    secrets: &[Value],
) -> Result<(), String> {
    let shape_error = || "the pod's spec is not an object".to_string();
    if !init_containers.is_empty() {
        init_containers.sort_by(|a, b| name_of(a).cmp(name_of(b)));
        let list = pod::spec_list_mut(pod, "initContainers").ok_or_else(shape_error)?;
        *list = merge_sidecar_containers(std::mem::take(list), placed(init_containers));
    }
    if !containers.is_empty() {
        let list = pod::spec_list_mut(pod, "containers").ok_or_else(shape_error)?;
        *list = merge_sidecar_containers(std::mem::take(list), placed(containers));
    }
    let added = new_volumes(pod::spec_list(pod, "volumes"), volumes);
    if !added.is_empty() {
        pod::spec_list_mut(pod, "volumes").ok_or_else(shape_error)?.extend(added);
    }
    let current_secrets = pod::spec_list(pod, "imagePullSecrets");
    let merged = merge_secrets(current_secrets, secrets);
    if merged.as_slice() != current_secrets {
        *pod::spec_list_mut(pod, "imagePullSecrets").ok_or_else(shape_error)? = merged;
    }
    Ok(())
}

fn name_of(b: &BuiltSidecar) -> &str {
    b.container.get("name").and_then(Value::as_str).unwrap_or("")
}

fn placed(built: Vec<BuiltSidecar>) -> Vec<Placed> {
    built.into_iter().map(|b| Placed { container: Value::Object(b.container), before_app: b.before_app }).collect()
}

/// How `metadata.annotations` looked before injection. The metadata patch needs the map to
/// exist; when injection ends up changing nothing, the pod is put back byte for byte.
enum AnnotationsSnapshot {
    NoMetadata,
    Absent,
    Present(Value),
}

impl AnnotationsSnapshot {
    fn take(pod: &Value) -> Self {
        match pod.get("metadata") {
            None => AnnotationsSnapshot::NoMetadata,
            Some(m) => m.get("annotations").cloned().map_or(AnnotationsSnapshot::Absent, AnnotationsSnapshot::Present),
        }
    }

    fn restore(self, pod: &mut Value) {
        let Some(obj) = pod.as_object_mut() else { return };
        match self {
            AnnotationsSnapshot::NoMetadata => {
                obj.shift_remove("metadata");
            }
            AnnotationsSnapshot::Absent => {
                if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
                    m.shift_remove("annotations");
                }
            }
            AnnotationsSnapshot::Present(v) => {
                if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
                    m.insert("annotations".to_string(), v);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_sidecar_gets_its_own_sidecar_sets_lifecycle() {
        let set = |name: &str, mode: Option<&str>| {
            let mut v = json!({"apiVersion": "apps.kruise.io/v1beta1", "kind": "SidecarSet", "metadata": {"name": name},
                "spec": {"selector": {"matchLabels": {"app": "x"}}, "containers": [{"name": format!("{name}-c"), "image": "i"}]}});
            if let Some(mode) = mode {
                v["metadata"]["annotations"] = json!({"sidecarset-policy.kubewarden.io/sidecar-lifecycle": mode});
            }
            v
        };
        let values = [set("a", Some("acs")), set("b", None), set("c", Some("native")), set("d", Some("eci"))];
        let prepared: Vec<PreparedSidecarSet> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| SidecarSetRef::from_value(i, v).ok())
            .map(|s| s.prepare())
            .collect();
        let mut pod = json!({"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "app"}]}});
        let options = Options { lifecycle: Lifecycle::Eci, on_update: false };
        assert!(inject_prepared(&mut pod, &prepared, "2026-01-01T00:00:00Z", options).is_ok());
        let env_names = |c: &Value| -> Vec<String> {
            pod::list(c.get("env")).iter().map(|e| pod::str_field(e, "name").to_string()).collect()
        };
        let containers = pod::spec_list(&pod, "containers");
        let by_name = |n: &str| containers.iter().find(|c| pod::str_field(c, "name") == n).cloned();
        assert!(by_name("a-c").is_some_and(|c| env_names(&c).contains(&"__IS_SIDECAR__".to_string())));
        // No annotation: the settings' default (eci).
        assert!(by_name("b-c").is_some_and(|c| env_names(&c).contains(&"ECI_CONTAINER_TYPE".to_string())));
        assert!(by_name("c-c").is_none(), "native sidecars become init containers");
        assert_eq!(pod::str_field(&pod::spec_list(&pod, "initContainers")[0], "restartPolicy"), "Always");
        assert!(by_name("d-c").is_some_and(|c| env_names(&c).contains(&"ECI_CONTAINER_TYPE".to_string())));
    }
}
