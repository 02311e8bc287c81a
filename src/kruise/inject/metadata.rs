//! `patchPodMetadata`: SidecarSet annotations applied to the pod before the sidecars are
//! built (`sidecarcontrol.PatchPodMetadata`). `Retain` sets a key only when absent,
//! `Overwrite` always, `MergePatchJson` merges JSON into an existing non-empty value (and
//! rejects the pod when either side is not JSON); unknown policies are ignored, as in Kruise.

use serde_json::{Map, Value};

use super::merge_patch::merge_patch;
use crate::kruise::sidecarset::PodMetadataPatch;

/// Apply one SidecarSet's patches; returns whether the annotations changed.
pub fn patch_pod_metadata(annotations: &mut Map<String, Value>, patches: &[PodMetadataPatch]) -> Result<bool, String> {
    let mut changed = false;
    for patch in patches {
        for (key, value) in &patch.annotations {
            let existing = annotations.get(key).and_then(Value::as_str);
            let new_value = match patch.policy.as_str() {
                "Retain" | "" => match existing {
                    Some(_) => continue,
                    None => value.clone(),
                },
                "Overwrite" => value.clone(),
                "MergePatchJson" => match existing.filter(|e| !e.is_empty()) {
                    Some(current) => merge_patch(current, value)
                        .map_err(|e| format!("annotation {key}: MergePatchJson failed: {e}"))?,
                    None => value.clone(),
                },
                _ => continue,
            };
            if existing != Some(new_value.as_str()) {
                changed = true;
            }
            annotations.insert(key.clone(), Value::String(new_value));
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn patch(policy: &str, annotations: &[(&str, &str)]) -> PodMetadataPatch {
        PodMetadataPatch {
            policy: policy.to_string(),
            annotations: annotations.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        }
    }

    fn run(pod: Value, patches: &[PodMetadataPatch]) -> (Value, Result<bool, String>) {
        let mut map = pod.as_object().cloned().unwrap_or_default();
        let r = patch_pod_metadata(&mut map, patches);
        (Value::Object(map), r)
    }

    #[test]
    fn upstream_patch_pod_metadata_cases() {
        // TestPatchPodMetadata (pkg/control/sidecarcontrol/util_test.go).
        let retain_overwrite = [patch("Retain", &[("key1", "value1")]), patch("Overwrite", &[("key2", "value2")])];
        assert_eq!(run(json!({}), &retain_overwrite), (json!({"key1": "value1", "key2": "value2"}), Ok(true)));
        assert_eq!(
            run(json!({"key1": "old", "key2": "old"}), &retain_overwrite),
            (json!({"key1": "old", "key2": "value2"}), Ok(true))
        );
        let merge = [patch(
            "MergePatchJson",
            &[("key1", r#"{"log-agent":1}"#), ("key2", r#"{"envoy":2}"#), ("key3", r#"{"probe":5}"#)],
        )];
        assert_eq!(
            run(json!({"key1": r#"{"log-agent":1}"#, "key2": r#"{"log-agent":1}"#}), &merge),
            (
                json!({"key1": r#"{"log-agent":1}"#, "key2": r#"{"envoy":2,"log-agent":1}"#, "key3": r#"{"probe":5}"#}),
                Ok(true)
            )
        );
        let same = [patch("MergePatchJson", &[("key1", r#"{"log-agent":1}"#)])];
        assert_eq!(
            run(json!({"key1": r#"{"log-agent":1}"#}), &same),
            (json!({"key1": r#"{"log-agent":1}"#}), Ok(false))
        );
    }

    #[test]
    fn empty_value_counts_as_present_for_retain_and_absent_for_merge() {
        assert_eq!(run(json!({"k": ""}), &[patch("Retain", &[("k", "v")])]).0, json!({"k": ""}));
        assert_eq!(
            run(json!({"k": ""}), &[patch("MergePatchJson", &[("k", "{ \"a\" : 1 }")])]).0,
            json!({"k": "{ \"a\" : 1 }"})
        );
        assert_eq!(run(json!({}), &[patch("Sometimes", &[("k", "v")])]), (json!({}), Ok(false)));
    }

    #[test]
    fn merge_into_non_json_rejects() {
        // Overwrite, Retain and MergePatchJson on one pod.
        assert!(run(json!({"k": "plain"}), &[patch("MergePatchJson", &[("k", r#"{"a":1}"#)])]).1.is_err());
        assert!(run(json!({"k": r#"{"a":1}"#}), &[patch("MergePatchJson", &[("k", "nope")])]).1.is_err());
    }
}
