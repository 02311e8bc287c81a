//! Explanations on every pod response: what injection decided for each SidecarSet that
//! selects the pod or nearly does, as Kubernetes warnings (`kubectl` prints them), in short,
//! stable wording documented in README's Troubleshooting section:
//!
//! ```text
//! SidecarSet "log-agent" was injected: containers filebeat
//! SidecarSet "metrics" was not injected: its selector needs app=shop, the pod has app=web
//! SidecarSet "metrics" was not injected: its selector needs tier, the pod has no such label
//! SidecarSet "audit" was not injected: it is paused (spec.injectionStrategy.paused)
//! SidecarSet "team-a" was not injected: it covers namespace "team-a" only (spec.namespace)
//! SidecarSet "team-b" was not injected: its namespaceSelector needs env=prod, the namespace has env=dev
//! SidecarSet "log-agent" was not injected: the pod already lists it in kruise.io/sidecarset-injected-list
//! SidecarSet "envoy" was not injected: its canary "envoy-canary" was injected instead
//! SidecarSet "log-agent" was not injected: the pod is not a virtual-node pod (... why ...)
//! ```
//!
//! The other warnings of the evaluation (opt-out, refused cluster SidecarSets, an unreadable
//! Namespace, platform notes) come first; at most [`MAX_LINES`] lines in all, the last saying
//! how many were left out.

use apimachinery::field_error::quote;
use apimachinery::selector::UnmetRequirement;
use serde_json::Value;

use crate::ack::placement::why_not_predicted;
use crate::ack::virtual_node::VirtualNodeSettings;
use crate::kruise::inject::decision::{Decision, NamespaceMiss, Outcome, Skipped};

/// The most warning lines a pod response carries.
pub const MAX_LINES: usize = 10;

/// One decision as a warning line.
pub fn describe(decision: &Decision, pod: &Value, virtual_node: &VirtualNodeSettings) -> String {
    let name = quote(&decision.sidecar_set);
    match &decision.outcome {
        Outcome::Injected { init_containers, containers } => {
            let mut parts = Vec::new();
            if !init_containers.is_empty() {
                parts.push(format!("init containers {}", init_containers.join(", ")));
            }
            if !containers.is_empty() {
                parts.push(format!("containers {}", containers.join(", ")));
            }
            if parts.is_empty() {
                // Only init containers, on a pod update (which gets none): named in the
                // pod's injected-list, nothing added.
                return format!(
                    "SidecarSet {name} was injected: nothing to add (a pod update gets no init containers)"
                );
            }
            format!("SidecarSet {name} was injected: {}", parts.join("; "))
        }
        Outcome::Skipped(why) => format!("SidecarSet {name} was not injected: {}", reason(why, pod, virtual_node)),
    }
}

fn reason(why: &Skipped, pod: &Value, virtual_node: &VirtualNodeSettings) -> String {
    match why {
        Skipped::Selector(unmet) if unmet.key == virtual_node.label => {
            format!("the pod is not a virtual-node pod ({})", why_not_predicted(pod, virtual_node))
        }
        Skipped::Selector(unmet) => format!("its selector needs {}", needs_has(unmet, "the pod")),
        Skipped::Namespace(NamespaceMiss::Name(ns)) => {
            format!("it covers namespace {} only (spec.namespace)", quote(ns))
        }
        Skipped::Namespace(NamespaceMiss::Selector(Some(unmet))) => {
            format!("its namespaceSelector needs {}", needs_has(unmet, "the namespace"))
        }
        Skipped::Namespace(NamespaceMiss::Selector(None)) => {
            "its namespaceSelector does not select the pod's namespace".to_string()
        }
        Skipped::Paused => "it is paused (spec.injectionStrategy.paused)".to_string(),
        Skipped::AlreadyInjected => "the pod already lists it in kruise.io/sidecarset-injected-list".to_string(),
        Skipped::ReplacedByCanary(canary) => format!("its canary {} was injected instead", quote(canary)),
    }
}

/// `app=shop, the pod has app=web` / `tier, the pod has no such label`.
fn needs_has(unmet: &UnmetRequirement, whose: &str) -> String {
    match &unmet.has {
        Some(value) => format!("{}, {whose} has {}={value}", unmet.needs, unmet.key),
        None => format!("{}, {whose} has no label {}", unmet.needs, unmet.key),
    }
}

/// The response's warnings: `first` (the evaluation's own), then the decisions (and
/// `left_out` more that the injection only counted), cut to [`MAX_LINES`]. Only the lines
/// shown are worded (a pod near a thousand SidecarSets pays for ten).
pub fn warnings(
    first: Vec<String>,
    decisions: &[Decision],
    left_out: usize,
    pod: &Value,
    virtual_node: &VirtualNodeSettings,
) -> Vec<String> {
    let total = first.len() + decisions.len() + left_out;
    let shown = if total > MAX_LINES { MAX_LINES - 1 } else { total };
    let mut lines = first;
    lines.truncate(shown);
    let room = shown - lines.len();
    lines.extend(decisions.iter().take(room).map(|d| describe(d, pod, virtual_node)));
    if total > shown {
        lines.push(format!("... and {} more", total - shown));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_injection_that_added_nothing_says_so() {
        let decision = Decision {
            sidecar_set: "init-only".to_string(),
            outcome: Outcome::Injected { init_containers: vec![], containers: vec![] },
        };
        assert_eq!(
            describe(&decision, &json!({}), &VirtualNodeSettings::default()),
            "SidecarSet \"init-only\" was injected: nothing to add (a pod update gets no init containers)"
        );
    }
}
