//! What injection decided for each SidecarSet that selects the pod or nearly does, so that
//! every response can explain itself: injected (with its containers), or skipped and why.
//! "Nearly" is all but one of two or more selector requirements met, in a namespace the
//! SidecarSet covers; SidecarSets further off (and one-requirement selectors that fail, such
//! as another team's `app: x`) are not named, so explanations stay short.

use apimachinery::selector::UnmetRequirement;

/// Why a SidecarSet that (nearly) selects the pod was not injected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skipped {
    /// Every selector requirement but this one holds.
    Selector(UnmetRequirement),
    /// The selector holds; the pod's namespace is not one the SidecarSet covers.
    Namespace(NamespaceMiss),
    /// The selector holds; `spec.injectionStrategy.paused` is true.
    Paused,
    /// The pod's `kruise.io/sidecarset-injected-list` already names it.
    AlreadyInjected,
    /// It is the base of a canary that was injected instead.
    ReplacedByCanary(String),
}

/// How the namespace scope of a SidecarSet missed the pod's namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NamespaceMiss {
    /// v1alpha1 `spec.namespace`.
    Name(String),
    /// `spec.namespaceSelector`, with the first requirement the Namespace does not meet.
    Selector(Option<UnmetRequirement>),
}

/// One SidecarSet's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Injected { init_containers: Vec<String>, containers: Vec<String> },
    Skipped(Skipped),
}

/// A decision about one SidecarSet, named as in its `metadata.name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub sidecar_set: String,
    pub outcome: Outcome,
}

impl Decision {
    pub fn skipped(name: &str, why: Skipped) -> Self {
        Decision { sidecar_set: name.to_string(), outcome: Outcome::Skipped(why) }
    }
}
