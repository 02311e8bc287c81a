//! What a sidecar takes from the pod's app containers: their volume mounts and devices
//! (`shareVolumePolicy`, `shareVolumeDevicePolicy`), the env vars their `subPathExpr`s
//! reference, and env vars named by `transferEnv`. Only `spec.containers` of the incoming
//! pod are read (never init containers), and containers already carrying `IS_INJECTED=true`
//! are not app containers.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::kruise::sidecarset::SidecarContainer;
use apimachinery::fieldpath::split_maybe_subscripted_path;
use apimachinery::json::{list, str_at};
use apimachinery::names::is_qualified_name;
use apimachinery::pod::{annotation, container_env_value, labels, spec_list};
use apimachinery::strings::to_lower;

/// The env var Kruise sets on every injected sidecar container.
pub const INJECTED_ENV: &str = "IS_INJECTED";

/// `IsInjectedSidecarContainerInPod`: a container carrying `IS_INJECTED=true`.
pub fn is_injected_sidecar(container: &Value) -> bool {
    container_env_value(container, INJECTED_ENV) == "true"
}

/// `GetInjectedVolumeMountsAndEnvs`: every mount of every app container, plus the env vars
/// (first entry of that name in the same container) its `subPathExpr` references.
pub fn shared_mounts_and_envs(sidecar: &SidecarContainer, pod: &Value) -> (Vec<Value>, Vec<Value>) {
    let mut mounts = Vec::new();
    let mut envs = Vec::new();
    if !sidecar.shares_volume_mounts() {
        return (mounts, envs);
    }
    for app in spec_list(pod, "containers").iter().filter(|c| !is_injected_sidecar(c)) {
        // Looked up by name once per container: searching the env list for every variable
        // of every mount is quadratic, and both lists are the pod author's (4,000 mounts
        // and 4,000 env vars, half a megabyte, took 13 s natively).
        let mut by_name: Option<HashMap<&str, &Value>> = None;
        for mount in list(app.get("volumeMounts")) {
            mounts.push(mount.clone());
            for name in subpath_expr_vars(str_at(mount, "subPathExpr")) {
                let index = by_name.get_or_insert_with(|| first_env_by_name(app));
                if let Some(env) = index.get(name) {
                    envs.push((*env).clone());
                }
            }
        }
    }
    (mounts, envs)
}

/// A container's env vars by name; the first entry of a name wins, as Kruise's linear
/// search finds it.
fn first_env_by_name(container: &Value) -> HashMap<&str, &Value> {
    let mut index = HashMap::new();
    for env in list(container.get("env")) {
        index.entry(str_at(env, "name")).or_insert(env);
    }
    index
}

/// `GetInjectedVolumeDevices`: every device of every app container.
pub fn shared_devices(sidecar: &SidecarContainer, pod: &Value) -> Vec<Value> {
    if !sidecar.shares_volume_devices() {
        return Vec::new();
    }
    spec_list(pod, "containers")
        .iter()
        .filter(|c| !is_injected_sidecar(c))
        .flat_map(|c| list(c.get("volumeDevices")).iter().cloned())
        .collect()
}

/// The names in `$(NAME)` references of a `subPathExpr`, as Kruise's
/// `\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)` finds them (leftmost, non-overlapping).
pub fn subpath_expr_vars(expr: &str) -> Vec<&str> {
    let is_first = |b: u8| b == b'-' || b == b'.' || b == b'_' || b.is_ascii_alphabetic();
    let is_rest = |b: u8| is_first(b) || b.is_ascii_digit();
    let bytes = expr.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes.get(i) == Some(&b'$') && bytes.get(i + 1) == Some(&b'(') {
            let start = i + 2;
            let mut end = start;
            if bytes.get(end).copied().is_some_and(is_first) {
                end += 1;
                while bytes.get(end).copied().is_some_and(is_rest) {
                    end += 1;
                }
                if bytes.get(end) == Some(&b')') {
                    if let Some(name) = expr.get(start..end) {
                        found.push(name);
                    }
                    i = end + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    found
}

/// `GetSidecarTransferEnvs`: for each `transferEnv` entry, the wanted env names (sorted,
/// de-duplicated) looked up in the source container, which `sourceContainerNameFrom` can
/// take from a pod label or annotation. Missing containers or vars are skipped silently.
pub fn transfer_envs(sidecar: &SidecarContainer, pod: &Value) -> Vec<Value> {
    let entries = sidecar.transfer_env();
    if entries.is_empty() {
        return Vec::new();
    }
    // Kruise keys the pod's env by "<container>/<env>"; a later duplicate replaces an earlier.
    let mut index: HashMap<String, &Value> = HashMap::new();
    for c in spec_list(pod, "containers") {
        for env in list(c.get("env")) {
            index.insert(format!("{}/{}", str_at(c, "name"), str_at(env, "name")), env);
        }
    }
    let mut out = Vec::new();
    for entry in entries {
        let mut wanted: BTreeSet<&str> = list(entry.get("envNames")).iter().filter_map(Value::as_str).collect();
        let env_name = str_at(entry, "envName");
        if !env_name.is_empty() {
            wanted.insert(env_name);
        }
        let mut source = str_at(entry, "sourceContainerName").to_string();
        if let Some(field_ref) =
            entry.get("sourceContainerNameFrom").and_then(|f| f.get("fieldRef")).filter(|f| !f.is_null())
        {
            match container_name_from_field_path(str_at(field_ref, "fieldPath"), pod) {
                Some(name) => source = name.to_string(),
                None => continue,
            }
        }
        for name in wanted {
            if let Some(env) = index.get(&format!("{source}/{name}")) {
                out.push((*env).clone());
            }
        }
    }
    out
}

/// `ExtractContainerNameFromFieldPath`: only `metadata.annotations['k']` and
/// `metadata.labels['k']` with a valid key; a missing label or annotation gives `""`.
/// `None` means Kruise returns an error and skips the entry.
pub fn container_name_from_field_path<'a>(field_path: &str, pod: &'a Value) -> Option<&'a str> {
    let (path, subscript) = split_maybe_subscripted_path(field_path)?;
    match path {
        "metadata.annotations" => {
            is_qualified_name(&to_lower(subscript)).is_empty().then(|| annotation(pod, subscript).unwrap_or(""))
        }
        "metadata.labels" => is_qualified_name(subscript)
            .is_empty()
            .then(|| labels(pod).and_then(|l| l.get(subscript)).and_then(Value::as_str).unwrap_or("")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subpath_expr_references() {
        assert_eq!(subpath_expr_vars("foo/$(POD_NAME)/$(OD_NAME)/conf"), ["POD_NAME", "OD_NAME"]);
        assert_eq!(subpath_expr_vars("foo"), Vec::<&str>::new());
        assert_eq!(subpath_expr_vars(""), Vec::<&str>::new());
        assert_eq!(subpath_expr_vars("$(1X)$(a.b-c_9)$(x"), ["a.b-c_9"]);
        assert_eq!(subpath_expr_vars("$$(A)$()"), ["A"]);
        assert_eq!(subpath_expr_vars("é$(É)$(B)"), ["B"]);
    }

    #[test]
    fn subpath_expr_envs_are_the_first_of_their_name_in_the_same_container() {
        let set = serde_json::json!({"name": "s", "shareVolumePolicy": {"type": "enabled"}});
        let sidecar = SidecarContainer { name: "s".to_string(), spec: set.as_object().cloned().unwrap_or_default() };
        let pod = serde_json::json!({"spec": {"containers": [
            {"name": "a", "env": [{"name": "X", "value": "1"}, {"name": "X", "value": "2"}, {"name": "Y", "value": "y"}],
             "volumeMounts": [{"name": "v", "mountPath": "/a", "subPathExpr": "$(X)/$(Z)/$(Y)/$(X)"}]},
            {"name": "b", "env": [{"name": "Z", "value": "z"}], "volumeMounts": [{"name": "w", "mountPath": "/b"}]},
        ]}});
        let (mounts, envs) = shared_mounts_and_envs(&sidecar, &pod);
        assert_eq!(mounts.len(), 2);
        let values: Vec<&str> = envs.iter().map(|e| str_at(e, "value")).collect();
        // Z lives in another container: not taken. X twice, as Kruise appends per reference.
        assert_eq!(values, ["1", "y", "1"]);
    }
}
