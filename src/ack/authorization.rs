//! Which cross-namespace references of the settings' SidecarSets are allowed: a SidecarSet
//! volume's `namespace/name` needs a binding in that namespace naming the SidecarSet and the
//! resource. Settings are refused when a reference lacks its grant (`pod_guard` checks pods).

use serde_json::Value;

use super::binding::BindingRef;
use super::references::{CrossNamespaceRef, cross_namespace_refs};
use crate::kruise::sidecarset::SidecarSetRef;
use apimachinery::field_error::{FieldError, FieldPath, quote};
use apimachinery::names::{is_dns1123_label, is_dns1123_subdomain};

/// Validation errors for the cross-namespace references of one SidecarSet's volumes.
pub fn unauthorized_refs(set: &SidecarSetRef<'_>, bindings: &[BindingRef<'_>]) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let volumes = set.spec().and_then(|s| s.get("volumes")).and_then(Value::as_array);
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
