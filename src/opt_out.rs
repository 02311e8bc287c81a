//! How a pod or a namespace stays out of sidecar injection: the pod annotations
//! `sidecarset-policy.kubewarden.io/inject: "false"` (no SidecarSet at all, and no virtual-node
//! label) and `sidecarset-policy.kubewarden.io/skip-sidecarsets: "a,b"` (not these
//! SidecarSets), and the `excludedNamespaces` setting (default: `kubewarden`, so the policy
//! can never block its own policy-server). Each one that changes the outcome says so in a
//! warning; a value the policy does not understand is named in a warning too, and ignored.

use apimachinery::field_error::quote;
use apimachinery::pod::annotation;
use serde_json::Value;

/// `"false"`: the pod gets no sidecar and no label; `"true"` is the default behaviour.
pub const INJECT_ANNOTATION: &str = "sidecarset-policy.kubewarden.io/inject";
/// A comma-separated list of SidecarSet names the pod does not get.
pub const SKIP_ANNOTATION: &str = "sidecarset-policy.kubewarden.io/skip-sidecarsets";
/// The namespaces `excludedNamespaces` holds when the settings do not set it.
pub const DEFAULT_EXCLUDED_NAMESPACES: [&str; 1] = ["kubewarden"];

/// What a pod's annotations ask for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PodOptOut<'p> {
    /// `inject: "false"`.
    pub everything: bool,
    /// The names of `skip-sidecarsets`.
    pub skipped: Vec<&'p str>,
    /// Annotation values that were not understood.
    pub warnings: Vec<String>,
}

impl<'p> PodOptOut<'p> {
    pub fn read(pod: &'p Value) -> Self {
        let mut out = PodOptOut::default();
        match annotation(pod, INJECT_ANNOTATION) {
            None | Some("true") => {}
            Some("false") => out.everything = true,
            Some(other) => out.warnings.push(format!(
                "annotation {INJECT_ANNOTATION} has the value {}, which the policy ignores: \
                 only \"false\" (no sidecars) and \"true\" are understood",
                quote(other)
            )),
        }
        if let Some(list) = annotation(pod, SKIP_ANNOTATION) {
            out.skipped = list.split(',').map(str::trim).filter(|n| !n.is_empty()).collect();
        }
        out
    }

    /// Whether the pod opts out of this SidecarSet.
    pub fn skips(&self, name: &str) -> bool {
        self.everything || self.skipped.contains(&name)
    }

    /// The warning for a SidecarSet that would have been injected but for the opt-out.
    pub fn warning(&self, name: &str) -> String {
        if self.everything {
            format!("SidecarSet {} was not injected: the pod opts out ({INJECT_ANNOTATION}: \"false\")", quote(name))
        } else {
            format!("SidecarSet {} was not injected: the pod opts out of it ({SKIP_ANNOTATION})", quote(name))
        }
    }

    /// Skipped names that no SidecarSet has (a typo would otherwise go unnoticed).
    pub fn unknown_names(&self, known: impl Fn(&str) -> bool) -> Option<String> {
        let unknown: Vec<String> = self.skipped.iter().filter(|n| !known(n)).map(|n| quote(n)).collect();
        (!unknown.is_empty()).then(|| {
            format!("annotation {SKIP_ANNOTATION} names no SidecarSet the policy knows: {}", unknown.join(", "))
        })
    }
}

/// The warning for a pod of an excluded namespace.
pub fn excluded_namespace_warning(namespace: &str) -> String {
    format!(
        "the pod was not considered for sidecar injection: namespace {} is in the policy's excludedNamespaces",
        quote(namespace)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(annotations: Value) -> Value {
        json!({"metadata": {"annotations": annotations}})
    }

    #[test]
    fn annotations_are_read() {
        let p = pod(json!({INJECT_ANNOTATION: "false"}));
        let o = PodOptOut::read(&p);
        assert!(o.everything && o.skips("any"));
        let p = pod(json!({SKIP_ANNOTATION: " a, ,b "}));
        let o = PodOptOut::read(&p);
        assert_eq!(o.skipped, ["a", "b"]);
        assert!(o.skips("a") && !o.skips("c"));
        assert_eq!(
            o.unknown_names(|n| n == "a"),
            Some(format!("annotation {SKIP_ANNOTATION} names no SidecarSet the policy knows: \"b\""))
        );
        let p = pod(json!({INJECT_ANNOTATION: "no"}));
        let o = PodOptOut::read(&p);
        assert!(!o.everything);
        assert_eq!(o.warnings.len(), 1);
        assert_eq!(PodOptOut::read(&pod(json!({INJECT_ANNOTATION: "true"}))), PodOptOut::default());
    }
}
