//! `mode: audit`: the policy never changes a pod; it refuses one that lacks the sidecars of a
//! SidecarSet that selects it, or that carries a SidecarSet's sidecars at an outdated
//! revision. Deployed as a second ClusterAdmissionPolicy in Kubewarden's `mode: monitor` with
//! background audit on (`examples/audit-policy.yaml`), Kubewarden's audit scanner sends every
//! existing pod through it and lists the pods that slipped through uninjected (the webhook
//! was down, failing open, or the pod predates the SidecarSet) in PolicyReports.

use apimachinery::field_error::quote;

use crate::kruise::inject::Injection;
use crate::kruise::inject::decision::Outcome;
use crate::kruise::inject::hash_annotation::HashAnnotation;

/// The policy's answer for a pod whose audit found problems.
pub fn violations(recorded: &HashAnnotation, injection: &Injection<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for decision in &injection.decisions {
        if let Outcome::Injected { init_containers, containers } = &decision.outcome {
            let mut missing: Vec<&str> = init_containers.iter().map(String::as_str).collect();
            missing.extend(containers.iter().map(String::as_str));
            if missing.is_empty() {
                continue;
            }
            out.push(format!(
                "SidecarSet {} selects the pod, which lacks its sidecars ({})",
                quote(&decision.sidecar_set),
                missing.join(", ")
            ));
        }
    }
    for set in &injection.previously_injected {
        // A pinned revision (`injectionStrategy.revision`) is meant to differ from the latest.
        if set.spec_field("injectionStrategy").and_then(|s| s.get("revision")).is_some_and(|r| !r.is_null()) {
            continue;
        }
        let Some(spec) = recorded.get(set.name) else { continue };
        let current = set.prepare().hashes.hash;
        if spec.hash != current {
            out.push(format!(
                "SidecarSet {} is outdated in the pod: it carries revision hash {}, the SidecarSet is at {current}",
                quote(set.name),
                spec.hash
            ));
        }
    }
    out
}
