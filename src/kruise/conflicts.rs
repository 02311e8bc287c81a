//! Cross-SidecarSet conflicts (`validateSidecarConflict`, reference §3.4): two SidecarSets
//! whose namespace scopes and selectors overlap must not define the same container or init
//! container name, the same volume name with a different definition, or the same pod
//! annotation where one of them overwrites it. Kruise checks a new SidecarSet against those
//! already in the cluster; the settings are checked as a list, each SidecarSet against the
//! ones before it, so every conflict is reported once, on the later SidecarSet. A canary and
//! its base are not compared in either direction (they are meant to overlap).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::sidecarset::{METADATA_NAME_LABEL, NamespaceScope, PreparedSidecarSet, SidecarSetRef};
use crate::field_error::{FieldError, FieldPath};
use crate::k8s::selector::selectors_overlap;

/// Conflicts of `sets[i]` with the SidecarSets before it; `prepared[j]` belongs to `sets[j]`.
pub fn conflicts_with_earlier(
    i: usize,
    sets: &[SidecarSetRef<'_>],
    prepared: &[PreparedSidecarSet],
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let (Some(this), Some(this_prepared)) = (sets.get(i), prepared.get(i)) else { return errs };
    let spec = FieldPath::root("spec");
    for (other, other_prepared) in sets.iter().zip(prepared).take(i) {
        if other.name == this.name || is_canary_pair(this, other) || !overlap(this, other) {
            continue;
        }
        let label = other.label();
        for (field, mine, theirs) in [
            ("initContainers", &this_prepared.init_containers, &other_prepared.init_containers),
            ("containers", &this_prepared.containers, &other_prepared.containers),
        ] {
            for (k, c) in mine.iter().enumerate() {
                if theirs.iter().any(|o| o.name == c.name) {
                    errs.push(FieldError::invalid(
                        &spec.child(field).index(k).child("name"),
                        &c.name,
                        format!("container {} already exist in {label}", c.name),
                    ));
                }
            }
        }
        for (k, volume) in this_prepared.volumes.iter().enumerate() {
            let name = volume.get("name").and_then(Value::as_str).unwrap_or("");
            if let Some(theirs) = other_prepared.volume(name)
                && theirs != volume
            {
                errs.push(FieldError::invalid(
                    &spec.child("volumes").index(k).child("name"),
                    name,
                    format!("volume {name} is in conflict with sidecarset {label}"),
                ));
            }
        }
        errs.extend(annotation_conflicts(this_prepared, other_prepared, &label, &spec));
    }
    errs
}

/// Same annotation key patched by both, neither `Retain`, and at least one `Overwrite`.
fn annotation_conflicts(
    this: &PreparedSidecarSet,
    other: &PreparedSidecarSet,
    label: &str,
    spec: &FieldPath,
) -> Vec<FieldError> {
    // Kruise keeps the policy of the last entry that names a key.
    let mut theirs: BTreeMap<&str, &str> = BTreeMap::new();
    for patch in other.patch_pod_metadata.iter().filter(|p| p.policy != "Retain") {
        for (key, _) in &patch.annotations {
            theirs.insert(key, &patch.policy);
        }
    }
    let mut errs = Vec::new();
    for (i, patch) in this.patch_pod_metadata.iter().enumerate().filter(|(_, p)| p.policy != "Retain") {
        for (key, _) in &patch.annotations {
            if let Some(policy) = theirs.get(key.as_str())
                && (patch.policy == "Overwrite" || *policy == "Overwrite")
            {
                errs.push(FieldError::invalid(
                    &spec.child("patchPodMetadata").index(i).child("annotations").key(key),
                    key,
                    format!("annotation {key} is in conflict with sidecarset {label}"),
                ));
            }
        }
    }
    errs
}

fn is_canary_pair(a: &SidecarSetRef<'_>, b: &SidecarSetRef<'_>) -> bool {
    a.canary_base() == Some(b.name) || b.canary_base() == Some(a.name)
}

/// `isSidecarSetNamespaceOverlapping` and `IsSelectorOverlapping` of the pod selectors.
fn overlap(a: &SidecarSetRef<'_>, b: &SidecarSetRef<'_>) -> bool {
    let (Some(sa), Some(sb)) = (a.selector(), b.selector()) else { return true };
    let namespaces_overlap = match (namespace_selector(a), namespace_selector(b)) {
        (Some(na), Some(nb)) => selectors_overlap(&na, &nb),
        _ => true,
    };
    namespaces_overlap && selectors_overlap(sa, sb)
}

/// The namespace selector after v1alpha1 conversion (`spec.namespace` → metadata name).
fn namespace_selector(s: &SidecarSetRef<'_>) -> Option<Value> {
    match s.namespace_scope() {
        NamespaceScope::All => None,
        NamespaceScope::Name(ns) => {
            let mut labels = Map::new();
            labels.insert(METADATA_NAME_LABEL.to_string(), Value::from(ns));
            Some(json!({"matchLabels": labels}))
        }
        NamespaceScope::Selector(sel) => Some(sel.clone()),
    }
}
