//! Which SidecarSets apply to a pod (reference §2.3, §2.5): not paused, namespace in scope,
//! a non-empty selector matching the pod's labels; a canary that matches displaces its base.
//! Deliberate differences from Kruise: SidecarSets are considered in settings order, and one
//! already named in the pod's injected-list annotation is skipped, so that re-invocation and
//! re-submission of an injected pod are no-ops.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::build::INJECTED_LIST_ANNOTATION;
use super::pod::{annotation, labels};
use crate::k8s::selector::{pod_selector_matches, selector_matches};
use crate::kruise::sidecarset::{METADATA_NAME_LABEL, NamespaceScope, SidecarSetRef};

/// The SidecarSets to inject, in settings order, after canary filtering.
pub fn matching_sidecar_sets<'a>(
    pod: &Value,
    namespace: &str,
    sets: &[SidecarSetRef<'a>],
) -> Result<Vec<SidecarSetRef<'a>>, String> {
    let already: HashSet<&str> =
        annotation(pod, INJECTED_LIST_ANNOTATION).map(|l| l.split(',').collect()).unwrap_or_default();
    let mut matched = Vec::new();
    for set in sets {
        if !already.contains(set.name) && applies_to(set, pod, namespace)? {
            matched.push(*set);
        }
    }
    let bases: HashSet<&str> = matched.iter().filter_map(SidecarSetRef::canary_base).collect();
    matched.retain(|s| !bases.contains(s.name));
    Ok(matched)
}

/// Whether a SidecarSet selects the pod: not paused, namespace in scope, and a non-empty
/// selector matching the pod's labels. A selector error fails the request, as in Kruise.
pub fn applies_to(set: &SidecarSetRef<'_>, pod: &Value, namespace: &str) -> Result<bool, String> {
    if set.paused() {
        return Ok(false);
    }
    let in_scope = match set.namespace_scope() {
        NamespaceScope::All => true,
        NamespaceScope::Name(ns) => ns == namespace,
        NamespaceScope::Selector(sel) => {
            // The only namespace label the policy can know (validation allows no other).
            let mut namespace_labels = Map::new();
            namespace_labels.insert(METADATA_NAME_LABEL.to_string(), Value::from(namespace));
            selector_matches(sel, Some(&namespace_labels))
                .map_err(|e| format!("{}: spec.namespaceSelector: {e}", set.label()))?
        }
    };
    if !in_scope {
        return Ok(false);
    }
    // A missing or empty selector matches no pod (Kruise's rule).
    let Some(selector) = set.selector() else { return Ok(false) };
    pod_selector_matches(selector, labels(pod)).map_err(|e| format!("{}: spec.selector: {e}", set.label()))
}
