//! Which SidecarSets apply to a pod (`sidecarsetMutatingPod` and `isSidecarSetMatchPod` in
//! `pkg/webhook/pod/mutating/sidecarset.go`, `IsActiveSidecarSet`, `GetSidecarSetsForPod`):
//! not paused, namespace in scope, a non-empty selector matching the pod's labels; a canary
//! that matches displaces its base.
//! Deliberate differences from Kruise: SidecarSets are considered in settings order, and one
//! already named in the pod's injected-list annotation is skipped, so that re-invocation and
//! re-submission of an injected pod are no-ops.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::build::INJECTED_LIST_ANNOTATION;
use crate::error::{Error, Result};
use crate::kruise::sidecarset::{METADATA_NAME_LABEL, NamespaceScope, SidecarSetRef};
use apimachinery::pod::{annotation, labels};
use apimachinery::selector::{pod_selector_matches, selector_matches};

/// The outcome of matching, in settings order.
#[derive(Debug, Default)]
pub struct Matching<'a> {
    /// The SidecarSets to inject, after canary filtering.
    pub matched: Vec<SidecarSetRef<'a>>,
    /// The SidecarSets the pod's injected-list annotation already names (not evaluated).
    pub previously_injected: Vec<SidecarSetRef<'a>>,
}

/// Match `sets` against the pod.
pub fn matching_sidecar_sets<'a>(pod: &Value, namespace: &str, sets: &[SidecarSetRef<'a>]) -> Result<Matching<'a>> {
    let already: HashSet<&str> =
        annotation(pod, INJECTED_LIST_ANNOTATION).map(|l| l.split(',').collect()).unwrap_or_default();
    let mut matching = Matching::default();
    for set in sets {
        if already.contains(set.name) {
            matching.previously_injected.push(*set);
        } else if applies_to(set, pod, namespace)? {
            matching.matched.push(*set);
        }
    }
    let bases: HashSet<&str> = matching.matched.iter().filter_map(SidecarSetRef::canary_base).collect();
    matching.matched.retain(|s| !bases.contains(s.name));
    Ok(matching)
}

/// Whether a SidecarSet selects the pod: not paused, namespace in scope, and a non-empty
/// selector matching the pod's labels. A selector error fails the request, as in Kruise.
pub fn applies_to(set: &SidecarSetRef<'_>, pod: &Value, namespace: &str) -> Result<bool> {
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
                .map_err(|e| Error::bad_request(format!("{}: spec.namespaceSelector: {e}", set.label())))?
        }
    };
    if !in_scope {
        return Ok(false);
    }
    // A missing or empty selector matches no pod (Kruise's rule).
    let Some(selector) = set.selector() else { return Ok(false) };
    pod_selector_matches(selector, labels(pod))
        .map_err(|e| Error::bad_request(format!("{}: spec.selector: {e}", set.label())))
}
