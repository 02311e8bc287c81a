//! Which matched SidecarSets may be injected, beyond Kruise's matching: a SidecarSet read from
//! the cluster must pass Kruise's SidecarSet validation (in a cluster without Kruise's
//! validating webhook, or without the policy's validator role, an invalid one can exist), and
//! a SidecarSet whose cross-namespace references settings validation could not authorize
//! (cluster SidecarSets; every SidecarSet of a namespaced injector) must hold a grant for
//! each. A refused SidecarSet is skipped with a warning naming the reason: never a trap, never
//! a silent drop.

use apimachinery::field_error::quote;
use serde_json::Value;

use super::authorization::unauthorized_refs;
use super::grants::{Grants, referenced_namespaces};
use crate::kruise::sidecarset::{Origin, SidecarSetRef};
use crate::kruise::validation::validate_sidecar_set;

#[derive(Debug)]
pub struct SidecarSetAdmission<'a> {
    pub grants: &'a Grants<'a>,
    /// The cluster's SidecarSets (a canary's base is looked up among them).
    pub cluster_sets: &'a [SidecarSetRef<'a>],
    /// Settings validation authorized the settings SidecarSets' references.
    pub settings_authorized: bool,
}

impl SidecarSetAdmission<'_> {
    /// `Err` is the warning for the user.
    pub fn admit(&self, set: &SidecarSetRef<'_>) -> Result<(), String> {
        let not_injected = |reason: String| format!("SidecarSet {} was not injected: {reason}", quote(set.name));
        if set.origin == Origin::Cluster {
            let errs = validate_sidecar_set(set, self.cluster_sets);
            if !errs.is_empty() {
                let errs: Vec<String> = errs.iter().map(ToString::to_string).collect();
                return Err(not_injected(format!("it is not a valid SidecarSet: {}", errs.join("; "))));
            }
        }
        if set.origin == Origin::Settings && self.settings_authorized {
            return Ok(());
        }
        let volumes: Vec<&Value> = set.spec_field("volumes").and_then(Value::as_array).into_iter().flatten().collect();
        // Only the namespaces a reference names are read (none for most SidecarSets).
        let namespaces = referenced_namespaces(volumes.iter().copied());
        self.grants.with_bindings(&namespaces, |bindings, unreadable| {
            let errs = unauthorized_refs(set, bindings);
            if errs.is_empty() {
                return Ok(());
            }
            let mut reason: Vec<String> = errs.iter().map(ToString::to_string).collect();
            for (ns, e) in unreadable {
                reason
                    .push(format!("the SidecarSetResourceBindings of namespace {} could not be read: {e}", quote(ns)));
            }
            Err(not_injected(reason.join("; ")))
        })
    }
}
