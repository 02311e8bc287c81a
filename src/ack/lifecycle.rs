//! How injected sidecars are marked as sidecars on the target platform (`sidecarLifecycle`).
//! Without a mark, a Job pod never completes (the sidecar keeps running after the app
//! container exits) and start/stop order is arbitrary.
//!
//! - `none`: Kruise's behaviour, containers as they are;
//! - `acs`: env `__IS_SIDECAR__="true"` (ACS starts such containers first and stops them
//!   when the app containers of a Job pod have exited);
//! - `eci`: env `ECI_CONTAINER_TYPE=sidecar` (the ECI equivalent);
//! - `native`: Kubernetes native sidecars (1.29+): the sidecar containers become init
//!   containers with `restartPolicy: Always`.
//!
//! Only injected sidecar containers are touched, never app containers or the SidecarSet's
//! init containers; an env var the sidecar already sets is left as it is.

use serde_json::{Map, Value, json};

use apimachinery::gojson::core_v1::CONTAINER;
use apimachinery::gojson::normalize::normalize_struct;

/// The SidecarSet annotation that overrides the global `sidecarLifecycle`.
pub const LIFECYCLE_ANNOTATION: &str = "sidecarset-policy.kubewarden.io/sidecar-lifecycle";

pub const MODES: [&str; 4] = ["none", "acs", "eci", "native"];

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lifecycle {
    #[default]
    None,
    Acs,
    Eci,
    Native,
}

impl Lifecycle {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "none" => Some(Lifecycle::None),
            "acs" => Some(Lifecycle::Acs),
            "eci" => Some(Lifecycle::Eci),
            "native" => Some(Lifecycle::Native),
            _ => None,
        }
    }

    /// The env var that marks a sidecar, for the env-based modes.
    fn env(self) -> Option<(&'static str, &'static str)> {
        match self {
            Lifecycle::Acs => Some(("__IS_SIDECAR__", "true")),
            Lifecycle::Eci => Some(("ECI_CONTAINER_TYPE", "sidecar")),
            Lifecycle::None | Lifecycle::Native => None,
        }
    }
}

/// Mark one built (Go-normalised) sidecar container for the env-based modes.
pub fn mark_env(container: &mut Map<String, Value>, mode: Lifecycle) {
    let Some((name, value)) = mode.env() else { return };
    let env = container.entry("env").or_insert(Value::Null);
    if !env.is_array() {
        *env = Value::Array(Vec::new());
    }
    if let Some(list) = env.as_array_mut()
        && !list.iter().any(|e| e.get("name").and_then(Value::as_str) == Some(name))
    {
        list.push(json!({"name": name, "value": value}));
    }
}

/// Turn a sidecar container into a native sidecar: `restartPolicy: Always`, in the field
/// position Go's encoder gives it.
pub fn make_native(container: &Map<String, Value>) -> Map<String, Value> {
    let mut c = container.clone();
    c.insert("restartPolicy".to_string(), Value::from("Always"));
    normalize_struct(Some(&Value::Object(c)), &CONTAINER)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn env_marks_are_added_once() {
        let mut c = container(json!({"name": "s", "env": [{"name": "IS_INJECTED", "value": "true"}]}));
        mark_env(&mut c, Lifecycle::Acs);
        mark_env(&mut c, Lifecycle::Acs);
        assert_eq!(
            c["env"],
            json!([{"name": "IS_INJECTED", "value": "true"}, {"name": "__IS_SIDECAR__", "value": "true"}])
        );
        let mut own = container(json!({"name": "s", "env": [{"name": "ECI_CONTAINER_TYPE", "value": "normal"}]}));
        mark_env(&mut own, Lifecycle::Eci);
        assert_eq!(
            own["env"],
            json!([{"name": "ECI_CONTAINER_TYPE", "value": "normal"}]),
            "the sidecar's own value wins"
        );
        let mut bare = container(json!({"name": "s"}));
        mark_env(&mut bare, Lifecycle::Eci);
        assert_eq!(bare["env"], json!([{"name": "ECI_CONTAINER_TYPE", "value": "sidecar"}]));
        mark_env(&mut bare, Lifecycle::None);
        mark_env(&mut bare, Lifecycle::Native);
        assert_eq!(bare["env"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn native_sidecars_get_restart_policy_in_go_order() {
        let c = container(
            json!({"name": "s", "image": "i", "resources": {}, "volumeMounts": [{"name": "v", "mountPath": "/v"}]}),
        );
        let native = make_native(&c);
        let keys: Vec<&str> = native.keys().map(String::as_str).collect();
        assert_eq!(keys, ["name", "image", "resources", "restartPolicy", "volumeMounts"]);
    }

    #[test]
    fn parses_modes() {
        assert_eq!(
            MODES.map(Lifecycle::parse),
            [Some(Lifecycle::None), Some(Lifecycle::Acs), Some(Lifecycle::Eci), Some(Lifecycle::Native)]
        );
        assert_eq!(Lifecycle::parse("ACS"), None);
    }
}
