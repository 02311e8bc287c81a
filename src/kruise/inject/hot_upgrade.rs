//! Hot-upgrade sidecars (`upgradeStrategy.upgradeType: HotUpgrade`): Kruise injects two
//! copies, `<name>-1` (working, with the image) and `<name>-2` (standby, with the empty
//! image), each told its role through env vars read from pod annotations, so that Kruise's
//! controller can later swap them without restarting the pod.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use apimachinery::gojson::write::write_string;

pub const WORKING_ANNOTATION: &str = "kruise.io/sidecarset-working-hotupgrade-container";

/// `GetPodHotUpgradeInfoInAnnotations`: sidecar name → working container name. Kruise
/// ignores parse errors, keeping what Go's decoder filled in (non-string values read as "").
pub fn parse_working_info(value: Option<&str>) -> BTreeMap<String, String> {
    let parsed = value.and_then(|v| serde_json::from_str::<Value>(v).ok());
    match parsed {
        Some(Value::Object(m)) => m.into_iter().map(|(k, v)| (k, v.as_str().unwrap_or("").to_string())).collect(),
        _ => BTreeMap::new(),
    }
}

/// The two containers of a hot-upgrade pair and the pod annotations they need.
pub struct HotUpgradePair {
    pub containers: Vec<Map<String, Value>>,
    pub annotations: Vec<(String, String)>,
}

/// `injectHotUpgradeContainers`: the two containers and the annotations to set. `working`
/// is the request-wide map of working containers, updated and written in full.
pub fn hot_upgrade_pair(
    container: &Map<String, Value>,
    name: &str,
    empty_image: &str,
    working: &mut BTreeMap<String, String>,
) -> HotUpgradePair {
    let (name1, name2) = (format!("{name}-1"), format!("{name}-2"));
    let mut first = container.clone();
    let mut second = container.clone();
    first.insert("name".to_string(), Value::from(name1.as_str()));
    second.insert("name".to_string(), Value::from(name2.as_str()));
    second.insert("image".to_string(), Value::from(empty_image));
    add_version_env(&mut first, &name1);
    add_version_env(&mut second, &name2);
    working.insert(name.to_string(), name1.clone());
    let annotations = vec![
        (format!("version.sidecarset.kruise.io/{name1}"), "1".to_string()),
        (format!("versionalt.sidecarset.kruise.io/{name1}"), "0".to_string()),
        (format!("version.sidecarset.kruise.io/{name2}"), "0".to_string()),
        (format!("versionalt.sidecarset.kruise.io/{name2}"), "1".to_string()),
        (WORKING_ANNOTATION.to_string(), format_working_info(working)),
    ];
    HotUpgradePair { containers: vec![first, second], annotations }
}

/// `SIDECARSET_VERSION` and `SIDECARSET_VERSION_ALT` from this container's annotations
/// (Kruise leaves `fieldRef.apiVersion` empty here).
fn add_version_env(container: &mut Map<String, Value>, name: &str) {
    let env = container.entry("env".to_string()).or_insert(Value::Null);
    if !env.is_array() {
        *env = Value::Array(Vec::new());
    }
    if let Some(list) = env.as_array_mut() {
        for (var, prefix) in [("SIDECARSET_VERSION", "version"), ("SIDECARSET_VERSION_ALT", "versionalt")] {
            list.push(json!({
                "name": var,
                "valueFrom": {"fieldRef": {"fieldPath": format!("metadata.annotations['{prefix}.sidecarset.kruise.io/{name}']")}}
            }));
        }
    }
}

fn format_working_info(working: &BTreeMap<String, String>) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in working.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(&mut out, k);
        out.push(':');
        write_string(&mut out, v);
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_info_parsing_is_lenient() {
        assert_eq!(parse_working_info(None).len(), 0);
        assert_eq!(parse_working_info(Some("garbage")).len(), 0);
        let m = parse_working_info(Some(r#"{"a":"a-2","b":3}"#));
        assert_eq!(m.get("a").map(String::as_str), Some("a-2"));
        assert_eq!(m.get("b").map(String::as_str), Some(""));
    }

    #[test]
    fn pair_and_annotations() {
        let c = json!({"name": "dns-f", "image": "dns-f-image:1.0", "env": [{"name": "IS_INJECTED", "value": "true"}]});
        let c = c.as_object().cloned().unwrap_or_default();
        let mut working = parse_working_info(Some(r#"{"other":"other-2"}"#));
        let HotUpgradePair { containers: pair, annotations } =
            hot_upgrade_pair(&c, "dns-f", "busy:hotupgrade-empty", &mut working);
        assert_eq!(pair.len(), 2);
        assert_eq!(pair[0]["name"], "dns-f-1");
        assert_eq!(pair[0]["image"], "dns-f-image:1.0");
        assert_eq!(pair[1]["name"], "dns-f-2");
        assert_eq!(pair[1]["image"], "busy:hotupgrade-empty");
        // IS_INJECTED, then the two version variables of the copy's own name.
        assert_eq!(
            pair[1]["env"],
            json!([
                {"name": "IS_INJECTED", "value": "true"},
                {"name": "SIDECARSET_VERSION", "valueFrom": {"fieldRef": {"fieldPath": "metadata.annotations['version.sidecarset.kruise.io/dns-f-2']"}}},
                {"name": "SIDECARSET_VERSION_ALT", "valueFrom": {"fieldRef": {"fieldPath": "metadata.annotations['versionalt.sidecarset.kruise.io/dns-f-2']"}}},
            ])
        );
        let get = |k: &str| annotations.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        assert_eq!(get("version.sidecarset.kruise.io/dns-f-1"), Some("1"));
        assert_eq!(get("versionalt.sidecarset.kruise.io/dns-f-1"), Some("0"));
        assert_eq!(get("version.sidecarset.kruise.io/dns-f-2"), Some("0"));
        assert_eq!(get("versionalt.sidecarset.kruise.io/dns-f-2"), Some("1"));
        assert_eq!(get(WORKING_ANNOTATION), Some(r#"{"dns-f":"dns-f-1","other":"other-2"}"#));
    }
}
