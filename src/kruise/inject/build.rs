//! `buildSidecars`: turn the matched SidecarSets into the containers, init containers,
//! volumes, image pull secrets and annotations to inject, exactly as Kruise's pod webhook
//! does (`buildSidecars` in `pkg/webhook/pod/mutating/sidecarset.go`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::MatchedSidecarSet;
use super::hash_annotation::{self, HashAnnotation, UpgradeSpec};
use super::hot_upgrade::{WORKING_ANNOTATION, hot_upgrade_pair, parse_working_info};
use super::merge::{merge_env, merge_volume_devices, merge_volume_mounts};
use super::resources::{ResourcesPolicy, apply_resources_policy};
use super::share::{INJECTED_ENV, shared_devices, shared_mounts_and_envs, transfer_envs};
use crate::error::{Error, Result};
use crate::kruise::go_types::SIDECAR_ONLY_FIELDS;
use crate::kruise::sidecarset::{HASH_ANNOTATION, HASH_WITHOUT_IMAGE_ANNOTATION, PreparedSidecarSet, SidecarContainer};
use apimachinery::gojson::core_v1::CONTAINER;
use apimachinery::gojson::normalize::{member, normalize_struct, normalize_struct_by};
use apimachinery::json::list;
use apimachinery::pod::{annotation, name as pod_name};

pub const INJECTED_LIST_ANNOTATION: &str = "kruise.io/sidecarset-injected-list";

/// A sidecar ready to be placed, with the SidecarSet it comes from.
#[derive(Clone, Debug)]
pub struct BuiltSidecar {
    pub container: Map<String, Value>,
    pub before_app: bool,
    /// The position of its SidecarSet among the matched ones.
    pub set: usize,
}

/// Everything `buildSidecars` returns.
#[derive(Debug, Default)]
pub struct Built {
    pub containers: Vec<BuiltSidecar>,
    pub init_containers: Vec<BuiltSidecar>,
    pub secrets: Vec<Value>,
    pub volumes: Vec<Value>,
    /// Annotations to set on the pod (a map in Kruise; later writes win).
    pub annotations: BTreeMap<String, String>,
}

/// Build the sidecars. `pod` is the pod after the metadata patch and before any container is
/// added; `now` is the RFC 3339 injection time. On a pod update (`on_update`, ACK's
/// post-scheduling flow) Kruise adds neither init containers nor image pull secrets.
pub fn build_sidecars(pod: &Value, matched: &[MatchedSidecarSet<'_>], now: &str, on_update: bool) -> Result<Built> {
    let mut hashes = read_hash_annotation(pod, HASH_ANNOTATION)?;
    let mut hashes_without_image = read_hash_annotation(pod, HASH_WITHOUT_IMAGE_ANNOTATION)?;
    let mut working = parse_working_info(annotation(pod, WORKING_ANNOTATION));
    let mut names: BTreeSet<String> = BTreeSet::new();
    if let Some(list) = annotation(pod, INJECTED_LIST_ANNOTATION).filter(|l| !l.is_empty()) {
        names.extend(list.split(',').map(str::to_string));
    }
    let mut built = Built::default();
    // resourcesPolicy's targets exclude every container of every matched SidecarSet; the
    // set is built only when some sidecar has a policy (most pods pay nothing).
    let sidecars = || matched.iter().flat_map(|m| m.prepared.init_containers.iter().chain(&m.prepared.containers));
    let sidecar_names: BTreeSet<&str> = if sidecars().any(|c| ResourcesPolicy::of(&c.spec).is_some()) {
        sidecars().map(|c| c.name.as_str()).collect()
    } else {
        BTreeSet::new()
    };
    let resources = |sidecar: &SidecarContainer| match ResourcesPolicy::of(&sidecar.spec) {
        Some(policy) if !on_update => {
            apply_resources_policy(pod, &policy, &sidecar_names).map(Some).map_err(Error::bad_request)
        }
        _ => Ok(None),
    };
    for (index, set) in matched.iter().map(|m| &m.prepared).enumerate() {
        names.insert(set.name.clone());
        let mut sidecar_list = BTreeSet::new();
        let mut injecting = false;
        let init_containers: &[SidecarContainer] = if on_update { &[] } else { &set.init_containers };
        for sidecar in init_containers {
            let native = sidecar.is_native_sidecar();
            if native {
                sidecar_list.insert(sidecar.name.clone());
            }
            let resources = resources(sidecar)?;
            let container = build_one(sidecar, set, pod, &mut built.volumes, resources);
            injecting = true;
            place(
                &mut built.init_containers,
                &mut built.annotations,
                &mut working,
                sidecar,
                index,
                container,
                native && sidecar.is_hot_upgrade(),
            );
        }
        if !on_update {
            built.secrets.extend(set.image_pull_secrets.iter().cloned());
        }
        for sidecar in &set.containers {
            sidecar_list.insert(sidecar.name.clone());
            let resources = resources(sidecar)?;
            let container = build_one(sidecar, set, pod, &mut built.volumes, resources);
            injecting = true;
            place(
                &mut built.containers,
                &mut built.annotations,
                &mut working,
                sidecar,
                index,
                container,
                sidecar.is_hot_upgrade(),
            );
        }
        if injecting {
            let list: Vec<String> = sidecar_list.into_iter().collect();
            let entry = |hash: &str, revision: &str| UpgradeSpec {
                update_timestamp: Some(now.to_string()),
                hash: hash.to_string(),
                sidecar_set_name: set.name.clone(),
                sidecar_list: Some(list.clone()),
                controller_revision: revision.to_string(),
            };
            hashes.insert(set.name.clone(), entry(&set.hashes.hash, &set.latest_revision));
            hashes_without_image.insert(set.name.clone(), entry(&set.hashes.without_image, ""));
        }
    }
    built.annotations.insert(HASH_ANNOTATION.to_string(), hash_annotation::format(&hashes));
    built.annotations.insert(HASH_WITHOUT_IMAGE_ANNOTATION.to_string(), hash_annotation::format(&hashes_without_image));
    built.annotations.insert(INJECTED_LIST_ANNOTATION.to_string(), names.into_iter().collect::<Vec<_>>().join(","));
    Ok(built)
}

fn read_hash_annotation(pod: &Value, key: &str) -> Result<HashAnnotation> {
    let value = annotation(pod, key).unwrap_or("");
    hash_annotation::parse(value).map_err(|e| {
        let ns = pod.get("metadata").and_then(|m| m.get("namespace")).and_then(Value::as_str).unwrap_or("");
        let (value, e) = (crate::limits::abbreviate(value), crate::limits::abbreviate(&e));
        Error::bad_request(format!(
            "pod({ns}/{}) invalid annotations[{key}] value {value}, unmarshal failed: {e}",
            pod_name(pod)
        ))
    })
}

/// The members `build_one` replaces in a sidecar's container.
struct Merged {
    volume_mounts: Value,
    env: Value,
    volume_devices: Value,
    /// What `resourcesPolicy` computed, replacing the sidecar's own `resources`.
    resources: Option<Value>,
}

/// One sidecar container with shared mounts, transferred env, `IS_INJECTED` and shared
/// devices merged in; its own mounts and devices pull the SidecarSet volumes they name.
/// Only the replaced members are built: the rest stays in `sidecar.spec`.
fn build_one(
    sidecar: &SidecarContainer,
    set: &PreparedSidecarSet,
    pod: &Value,
    volumes: &mut Vec<Value>,
    resources: Option<Value>,
) -> Merged {
    let c = &sidecar.spec;
    let (shared_mounts, shared_envs) = shared_mounts_and_envs(sidecar, pod);
    let mut transferred = transfer_envs(sidecar, pod);
    merge_env(&mut transferred, &shared_envs);
    for field in ["volumeMounts", "volumeDevices"] {
        for mount in list(c.get(field)) {
            let name = mount.get("name").and_then(Value::as_str).unwrap_or("");
            if let Some(v) = set.volume(name) {
                volumes.push(Value::Object(v.clone()));
            }
        }
    }
    let mounts = merge_volume_mounts(c, &shared_mounts);
    let mut env = list(c.get("env")).to_vec();
    env.push(serde_json::json!({"name": INJECTED_ENV, "value": "true"}));
    merge_env(&mut env, &transferred);
    // Devices are merged against the mounts as merged above.
    let devices = merge_volume_devices(list(c.get("volumeDevices")), &mounts, &shared_devices(sidecar, pod));
    Merged {
        volume_mounts: Value::Array(mounts),
        env: Value::Array(env),
        volume_devices: Value::Array(devices),
        resources,
    }
}

/// Add the container (or, for hot upgrade, its two copies) to `out`, Go-normalised as
/// Kruise's JSON patch writes them.
fn place(
    out: &mut Vec<BuiltSidecar>,
    annotations: &mut BTreeMap<String, String>,
    working: &mut BTreeMap<String, String>,
    sidecar: &SidecarContainer,
    set: usize,
    merged: Merged,
    hot_upgrade: bool,
) {
    let containers = if hot_upgrade {
        let mut container = sidecar.pod_container();
        container.insert("volumeMounts".to_string(), merged.volume_mounts);
        container.insert("env".to_string(), merged.env);
        container.insert("volumeDevices".to_string(), merged.volume_devices);
        if let Some(resources) = merged.resources {
            container.insert("resources".to_string(), resources);
        }
        let pair = hot_upgrade_pair(&container, &sidecar.name, sidecar.hot_upgrade_empty_image(), working);
        annotations.extend(pair.annotations);
        pair.containers.into_iter().map(|c| normalize_struct(Some(&Value::Object(c)), &CONTAINER)).collect()
    } else {
        // The pod container without copying it first: Kruise's own fields are dropped
        // (CONTAINER does not have them; filtered anyway), the merged members replaced.
        let get = |name: &str| match name {
            "volumeMounts" => Some(&merged.volume_mounts),
            "env" => Some(&merged.env),
            "volumeDevices" => Some(&merged.volume_devices),
            "resources" if merged.resources.is_some() => merged.resources.as_ref(),
            _ if SIDECAR_ONLY_FIELDS.contains(&name) => None,
            _ => member(&sidecar.spec, name),
        };
        vec![normalize_struct_by(get, &CONTAINER)]
    };
    for container in containers {
        out.push(BuiltSidecar { container, before_app: sidecar.before_app_containers(), set });
    }
}
