//! The pod guard: a pod is refused when it carries a cross-namespace ConfigMap or Secret
//! reference that no matching, authorized SidecarSet put there. Otherwise any user could
//! mount another namespace's Secret on a virtual node by writing `kube-system/name` into
//! their pod (virtual nodes resolve such references; Kubernetes itself does not).

use apimachinery::field_error::quote;
use apimachinery::gojson::core_v1::VOLUME;
use apimachinery::gojson::normalize::normalize_struct;
use apimachinery::json::str_at;
use apimachinery::pod::spec_list;
use serde_json::{Map, Value};

use super::binding::BindingRef;
use super::references::{CrossNamespaceRef, cross_namespace_refs};
use crate::error::{Error, Result};
use crate::kruise::inject::Injection;
use crate::kruise::inject::matching::applies_to;
use crate::kruise::inject::namespace::NamespaceLabels;
use crate::kruise::sidecarset::SidecarSetRef;

/// Refuse a pod volume with a cross-namespace reference unless it is exactly a volume of a
/// SidecarSet recorded as injected into the pod that applies to the pod and is granted every
/// reference the volume makes (settings validation guarantees the grant; it is checked again
/// here so that unvalidated settings cannot open the hole).
///
/// The SidecarSets `injection` injected are known to apply, and their defaulted volumes are
/// at hand; the ones the pod's annotation named before (a re-submitted or copied pod) are
/// checked against the pod here, and only their one volume is prepared.
pub fn check_pod_references(
    pod: &Value,
    namespace: &NamespaceLabels<'_>,
    injection: &Injection<'_>,
    bindings: &[BindingRef<'_>],
) -> Result<()> {
    for volume in spec_list(pod, "volumes") {
        let refs = cross_namespace_refs(volume);
        if refs.is_empty() {
            continue;
        }
        let normalized = normalize_struct(Some(volume), &VOLUME);
        let name = str_at(volume, "name");
        let granted = |set: &SidecarSetRef<'_>| refs.iter().all(|r| is_granted(set, r, bindings));
        let mut allowed = injection.injected.iter().any(|m| {
            // The prepared volumes, which come from a historical revision when one was injected.
            let same = m.prepared.volume(name) == Some(&normalized);
            same && granted(&m.set)
        });
        for set in &injection.previously_injected {
            if allowed {
                break;
            }
            allowed = applies_to(set, pod, namespace)? && is_same_volume(set, name, &normalized) && granted(set);
        }
        if !allowed {
            let r = refs.first().map_or(String::new(), |r| format!("{} {}", r.kind.as_str(), quote(&r.raw)));
            return Err(Error::forbidden(format!(
                "volume {} refers to {r} of another namespace; only volumes injected by a SidecarSet that a SidecarSetResourceBinding in that namespace authorizes may do that",
                quote(name)
            )));
        }
    }
    Ok(())
}

fn is_same_volume(set: &SidecarSetRef<'_>, name: &str, normalized: &Map<String, Value>) -> bool {
    set.prepared_volume(name).is_some_and(|v| v == *normalized)
}

fn is_granted(set: &SidecarSetRef<'_>, r: &CrossNamespaceRef, bindings: &[BindingRef<'_>]) -> bool {
    r.split().is_some_and(|(ns, name)| bindings.iter().any(|b| b.grants(set.name, r.kind, ns, name)))
}
