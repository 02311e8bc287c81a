//! Which cross-namespace references are allowed: a SidecarSet volume's `namespace/name`
//! needs a binding in that namespace naming the SidecarSet and the resource. Settings are
//! refused when a reference lacks its grant; a pod is refused when it carries a reference
//! that no matching, authorized SidecarSet put there (otherwise any user could mount another
//! namespace's Secret on a virtual node by writing `kube-system/name` into their pod).

use serde_json::Value;

use super::binding::BindingRef;
use super::references::{CrossNamespaceRef, cross_namespace_refs};
use crate::field_error::{FieldError, FieldPath, quote};
use crate::gojson::core_v1::VOLUME;
use crate::gojson::normalize::normalize_struct;
use crate::inject::Matched;
use crate::inject::build::INJECTED_LIST_ANNOTATION;
use crate::inject::matching::applies_to;
use crate::inject::pod::{annotation, spec_list, str_field};
use crate::k8s::names::{is_dns1123_label, is_dns1123_subdomain};
use crate::kruise::sidecarset::SidecarSetRef;

/// Validation errors for the cross-namespace references of one SidecarSet's volumes.
pub fn unauthorized_refs(set: &SidecarSetRef<'_>, bindings: &[BindingRef<'_>]) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let volumes = set.spec.and_then(|s| s.get("volumes")).and_then(Value::as_array);
    for (i, volume) in volumes.into_iter().flatten().enumerate() {
        let base = FieldPath::root("spec").child("volumes").index(i);
        for r in cross_namespace_refs(volume) {
            let path = FieldPath::root(&format!("{}.{}", base, r.path));
            let Some((ns, name)) = r.split() else {
                errs.push(FieldError::invalid(&path, &r.raw, "a cross-namespace reference must be <namespace>/<name>"));
                continue;
            };
            let malformed: Vec<String> = is_dns1123_label(ns).into_iter().chain(is_dns1123_subdomain(name)).collect();
            if !malformed.is_empty() {
                errs.push(FieldError::invalid(&path, &r.raw, malformed.join("; ")));
                continue;
            }
            if !bindings.iter().any(|b| b.grants(set.name, r.kind, ns, name)) {
                errs.push(FieldError::forbidden(&path, missing_grant(set.name, &r, ns, name, bindings)));
            }
        }
    }
    errs
}

/// Explain what grant is missing, pointing at the nearest binding when there is one.
fn missing_grant(
    sidecar_set: &str,
    r: &CrossNamespaceRef,
    ns: &str,
    name: &str,
    bindings: &[BindingRef<'_>],
) -> String {
    let kind = r.kind.as_str();
    let mut msg = format!(
        "{} refers to {kind} {} in namespace {}; no SidecarSetResourceBinding in namespace {} grants SidecarSet {} access to it",
        quote(&r.raw),
        quote(name),
        quote(ns),
        quote(ns),
        quote(sidecar_set)
    );
    let in_namespace: Vec<&BindingRef<'_>> = bindings.iter().filter(|b| b.namespace == ns).collect();
    if in_namespace.is_empty() {
        let elsewhere: Vec<String> =
            bindings.iter().filter(|b| b.resources.iter().any(|(_, n)| *n == name)).map(|b| b.label()).collect();
        if !elsewhere.is_empty() {
            msg.push_str(&format!(
                " (a binding only grants resources of its own namespace: {} lives elsewhere)",
                elsewhere.join(", ")
            ));
        }
        return msg;
    }
    for b in in_namespace {
        let names_subject = b.sidecar_sets.contains(&sidecar_set);
        let other_kind = b.resources.iter().find(|(k, n)| *n == name && *k != r.kind);
        let hint = match (names_subject, other_kind) {
            (false, _) => format!("{} does not list SidecarSet {} in subjects", b.label(), quote(sidecar_set)),
            (true, Some((k, _))) => format!("{} grants {} {}, not {kind}", b.label(), k.as_str(), quote(name)),
            (true, None) => format!("{} does not list {kind} {} in resourceRefs", b.label(), quote(name)),
        };
        msg.push_str(&format!("; {hint}"));
    }
    msg
}

/// Reject a pod volume with a cross-namespace reference unless it is exactly a volume of a
/// SidecarSet that is recorded as injected into the pod, applies to the pod, and is granted
/// every reference it makes (settings validation guarantees the grant; it is checked again
/// here so that unvalidated settings cannot open the hole).
///
/// `matched` holds the SidecarSets prepared for injection into this pod: their defaulted
/// volumes are reused instead of being prepared again.
pub fn check_pod_references(
    pod: &Value,
    namespace: &str,
    sets: &[SidecarSetRef<'_>],
    bindings: &[BindingRef<'_>],
    matched: &Matched<'_>,
) -> Result<(), String> {
    let injected: Vec<&str> =
        annotation(pod, INJECTED_LIST_ANNOTATION).map(|l| l.split(',').collect()).unwrap_or_default();
    for volume in spec_list(pod, "volumes") {
        let refs = cross_namespace_refs(volume);
        if refs.is_empty() {
            continue;
        }
        let normalized = normalize_struct(Some(volume), &VOLUME);
        let volume_name = str_field(volume, "name");
        let mut allowed = false;
        for set in sets.iter().filter(|s| injected.contains(&s.name)) {
            if !applies_to(set, pod, namespace)? {
                continue;
            }
            let same = match matched.prepared(set) {
                Some(prepared) => set
                    .volume_index(volume_name)
                    .and_then(|i| prepared.volumes.get(i))
                    .is_some_and(|v| *v == normalized),
                None => set.prepared_volume(volume_name).is_some_and(|v| v == normalized),
            };
            let granted = refs.iter().all(|r| {
                r.split().is_some_and(|(ns, name)| bindings.iter().any(|b| b.grants(set.name, r.kind, ns, name)))
            });
            if same && granted {
                allowed = true;
                break;
            }
        }
        if !allowed {
            let r = refs.first().map_or(String::new(), |r| format!("{} {}", r.kind.as_str(), quote(&r.raw)));
            return Err(format!(
                "volume {} refers to {r} of another namespace; only volumes injected by a SidecarSet that a SidecarSetResourceBinding in that namespace authorizes may do that",
                quote(volume_name)
            ));
        }
    }
    Ok(())
}
