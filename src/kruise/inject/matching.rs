//! Which SidecarSets apply to a pod (`sidecarsetMutatingPod` and `isSidecarSetMatchPod` in
//! `pkg/webhook/pod/mutating/sidecarset.go`, `IsActiveSidecarSet`, `GetSidecarSetsForPod`):
//! not paused, namespace in scope, a non-empty selector matching the pod's labels; a canary
//! that matches displaces its base.
//! Deliberate differences from Kruise: SidecarSets are considered in settings order, and one
//! already named in the pod's injected-list annotation is skipped, so that re-invocation and
//! re-submission of an injected pod are no-ops.

use std::collections::HashSet;

use serde_json::Value;

use super::build::INJECTED_LIST_ANNOTATION;
use super::decision::{Decision, NamespaceMiss, Skipped};
use super::namespace::NamespaceLabels;
use crate::error::{Error, Result};
use crate::kruise::sidecarset::{NamespaceScope, SidecarSetRef};
use apimachinery::field_error::quote;
use apimachinery::pod::{annotation, labels};
use apimachinery::selector::{
    pod_selector_matches, selector_is_empty, selector_matches, unmet_count, unmet_requirements,
};

/// The outcome of matching, in settings order.
#[derive(Debug, Default)]
pub struct Matching<'a> {
    /// The SidecarSets that select the pod, before canary filtering (Kruise picks their
    /// revisions first: `canary_filter` then drops the bases).
    pub matched: Vec<SidecarSetRef<'a>>,
    /// The SidecarSets the pod's injected-list annotation already names (not evaluated).
    pub previously_injected: Vec<SidecarSetRef<'a>>,
    /// Things the user should know: SidecarSets left out because the pod's Namespace could
    /// not be read.
    pub warnings: Vec<String>,
    /// SidecarSets that select the pod or nearly do, and why they do not apply: the first
    /// [`DESCRIBED`] of them.
    pub decisions: Vec<Decision>,
    /// How many more there were (counted, not described).
    pub undescribed: usize,
}

/// How many skipped SidecarSets are described; responses show about ten lines, and a pod
/// near a thousand SidecarSets should not pay for describing them all.
pub const DESCRIBED: usize = 16;

/// Match `sets` against the pod.
pub fn matching_sidecar_sets<'a>(
    pod: &Value,
    namespace: &NamespaceLabels<'_>,
    sets: &[SidecarSetRef<'a>],
) -> Result<Matching<'a>> {
    let already: HashSet<&str> =
        annotation(pod, INJECTED_LIST_ANNOTATION).map(|l| l.split(',').collect()).unwrap_or_default();
    let mut matching = Matching::default();
    for set in sets {
        if already.contains(set.name) {
            matching.previously_injected.push(*set);
            if why_not(set, pod, namespace).is_none() && selects_pod(set, pod) {
                matching.decisions.push(Decision::skipped(set.name, Skipped::AlreadyInjected));
            }
            continue;
        }
        match verdict(set, pod, namespace)? {
            Verdict::Applies => matching.matched.push(*set),
            Verdict::No if matching.decisions.len() >= DESCRIBED => {
                matching.undescribed += usize::from(is_near_miss(set, pod, namespace));
            }
            Verdict::No => {
                if let Some(why) = why_not(set, pod, namespace) {
                    matching.decisions.push(Decision::skipped(set.name, why));
                }
            }
            Verdict::NamespaceUnreadable(error) => matching.warnings.push(format!(
                "SidecarSet {} was not injected: its namespaceSelector needs the labels of Namespace {}, which could not be read: {error}",
                quote(set.name),
                quote(namespace.name())
            )),
        }
    }
    Ok(matching)
}

/// Kruise's canary rule: a canary that selects the pod displaces the base it names.
pub fn canary_filter<T>(matched: &mut Vec<T>, set: impl Fn(&T) -> &SidecarSetRef<'_>) {
    let bases: HashSet<String> = matched.iter().filter_map(|m| set(m).canary_base()).map(str::to_string).collect();
    matched.retain(|m| !bases.contains(set(m).name));
}

/// Whether a SidecarSet selects the pod.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Applies,
    No,
    /// It would, had the Namespace been readable (Kruise: not matched).
    NamespaceUnreadable(String),
}

/// Whether a SidecarSet selects the pod: not paused, namespace in scope, and a non-empty
/// selector matching the pod's labels. A selector error fails the request, as in Kruise.
pub fn applies_to(set: &SidecarSetRef<'_>, pod: &Value, namespace: &NamespaceLabels<'_>) -> Result<bool> {
    verdict(set, pod, namespace).map(|v| v == Verdict::Applies)
}

pub fn verdict(set: &SidecarSetRef<'_>, pod: &Value, namespace: &NamespaceLabels<'_>) -> Result<Verdict> {
    if set.paused() {
        return Ok(Verdict::No);
    }
    match set.namespace_scope() {
        NamespaceScope::All => {}
        NamespaceScope::Name(ns) => {
            if ns != namespace.name() {
                return Ok(Verdict::No);
            }
        }
        NamespaceScope::Selector(sel) => {
            // Kruise checks the namespace first; the pod's own selector is checked first here
            // so that the Namespace is read only for a SidecarSet that selects the pod. The
            // verdict and errors are the same: a pod selector that does not match means "no"
            // either way, and one that fails counts only if the namespace matched.
            let selects_pod = pod_selector(set, pod);
            if matches!(selects_pod, Ok(false)) {
                return Ok(Verdict::No);
            }
            // `IsSelectorNamespace`: a selector error or a failed read is "not matched".
            match namespace.labels(sel) {
                Err(e) => {
                    return Ok(if selects_pod.is_ok() { Verdict::NamespaceUnreadable(e) } else { Verdict::No });
                }
                Ok(labels) => {
                    if !selector_matches(sel, Some(&labels)).unwrap_or(false) {
                        return Ok(Verdict::No);
                    }
                }
            }
            return selects_pod.map(|yes| if yes { Verdict::Applies } else { Verdict::No });
        }
    }
    pod_selector(set, pod).map(|yes| if yes { Verdict::Applies } else { Verdict::No })
}

/// Why a SidecarSet that does not apply nearly does, if it does: its selector holds but it
/// is paused or scoped to other namespaces, or all but one of its (two or more) selector
/// requirements hold in a namespace it covers. Never reads the Namespace (an unknown scope
/// explains nothing).
fn why_not(set: &SidecarSetRef<'_>, pod: &Value, namespace: &NamespaceLabels<'_>) -> Option<Skipped> {
    let selector = set.selector().filter(|s| !selector_is_empty(s))?;
    // "Nearly" needs one requirement met: a one-requirement selector that fails (the usual
    // `app: x` of another team) says nothing about this pod.
    let (unmet, total) = unmet_count(selector, labels(pod))?;
    if unmet > 1 || (unmet == 1 && total < 2) {
        return None;
    }
    // None: the namespace is covered; Some(miss): it is not; return: unknown.
    let namespace_miss = match set.namespace_scope() {
        NamespaceScope::All => None,
        NamespaceScope::Name(ns) if ns == namespace.name() => None,
        NamespaceScope::Name(ns) => Some(NamespaceMiss::Name(ns.to_string())),
        NamespaceScope::Selector(sel) => {
            let known = namespace.known_labels(sel)?;
            if selector_matches(sel, Some(&known)).unwrap_or(false) {
                None
            } else {
                let first = unmet_requirements(sel, Some(&known)).and_then(|u| u.into_iter().next());
                Some(NamespaceMiss::Selector(first))
            }
        }
    };
    match (unmet, set.paused(), namespace_miss) {
        (0, true, _) => Some(Skipped::Paused),
        (0, false, Some(miss)) => Some(Skipped::Namespace(miss)),
        (1, false, None) => unmet_requirements(selector, labels(pod))?.into_iter().next().map(Skipped::Selector),
        _ => None,
    }
}

/// Whether [`why_not`] would explain the SidecarSet, without describing it (no allocation).
fn is_near_miss(set: &SidecarSetRef<'_>, pod: &Value, namespace: &NamespaceLabels<'_>) -> bool {
    let Some(selector) = set.selector().filter(|s| !selector_is_empty(s)) else { return false };
    let Some((unmet, total)) = unmet_count(selector, labels(pod)) else { return false };
    let in_scope = match set.namespace_scope() {
        NamespaceScope::All => Some(true),
        NamespaceScope::Name(ns) => Some(ns == namespace.name()),
        NamespaceScope::Selector(sel) => namespace.known_match(sel),
    };
    match (unmet, total, set.paused(), in_scope) {
        (_, _, _, None) => false,
        (0, _, true, _) => true,
        (0, _, false, Some(covered)) => !covered,
        (1, 2.., false, Some(true)) => true,
        _ => false,
    }
}

/// Whether the SidecarSet's own selector holds for the pod (errors: no).
fn selects_pod(set: &SidecarSetRef<'_>, pod: &Value) -> bool {
    pod_selector(set, pod).unwrap_or(false)
}

/// `spec.selector`: a missing or empty selector matches no pod (Kruise's rule).
fn pod_selector(set: &SidecarSetRef<'_>, pod: &Value) -> Result<bool> {
    let Some(selector) = set.selector() else { return Ok(false) };
    pod_selector_matches(selector, labels(pod))
        .map_err(|e| Error::bad_request(format!("{}: spec.selector: {e}", set.label())))
}
