//! What the engine asks of its surroundings: reads of cluster objects (a Namespace's labels
//! for `namespaceSelector`, ControllerRevisions for `injectionStrategy.revision`, SidecarSets
//! and SidecarSetResourceBindings when they come from the cluster), a random
//! draw (Kruise picks a revision by chance for `partition` percentages), and a debug log.
//!
//! The engine sees only the [`Host`] trait. In the policy module it is [`sdk::SdkHost`]
//! (Kubewarden's host capabilities through the SDK); native hosts (the CLI, the tests) use
//! [`callback::CallbackHost`] over a waPC-style host callback, or [`objects::ObjectsHost`]
//! over objects in memory. Requests are built once, here, so every host asks the same.

pub mod callback;
pub mod objects;
#[cfg(target_arch = "wasm32")]
pub mod sdk;
pub mod types;

use std::fmt;

use self::types::{ClusterResourceBinding, ClusterSidecarSet, ControllerRevision, Namespace};
use k8s_openapi::Resource;
use kubewarden_policy_sdk::host_capabilities::kubernetes::{
    GetResourceRequest, ListAllResourcesRequest, ListResourcesByNamespaceRequest,
};
use serde_json::Value;

/// The (apiVersion, kind) pairs the policy reads, exactly as `contextAwareResources` in
/// `policy-metadata.yml` and the shipped policy manifests grant them.
pub const CONTEXT_AWARE_RESOURCES: [(&str, &str); 4] = [
    ("v1", "Namespace"),
    ("apps/v1", "ControllerRevision"),
    (ClusterSidecarSet::API_VERSION, ClusterSidecarSet::KIND),
    (ClusterResourceBinding::API_VERSION, ClusterResourceBinding::KIND),
];

/// The `policy` field of every log record.
pub const LOG_NAME: &str = "sidecarset-policy";

/// A failed host call, with the host's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostError(pub String);

impl HostError {
    /// Whether the object does not exist. policy-evaluator answers a missing object with
    /// `Cannot find <apiVersion>/<kind> named '<name>' inside of namespace '<ns>'`.
    pub fn is_not_found(&self) -> bool {
        self.0.contains("Cannot find ") && self.0.contains(" named '")
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The engine's surroundings.
pub trait Host {
    /// GET the cluster-scoped Namespace `name`.
    fn namespace(&self, name: &str) -> Result<Namespace, HostError>;
    /// GET the ControllerRevision `name` in `namespace`.
    fn controller_revision(&self, namespace: &str, name: &str) -> Result<ControllerRevision, HostError>;
    /// LIST the ControllerRevisions of `namespace` that match an equality `label_selector`
    /// (`k=v,k2=v2`).
    fn controller_revisions(&self, namespace: &str, label_selector: &str)
    -> Result<Vec<ControllerRevision>, HostError>;
    /// LIST every SidecarSet of the cluster (`apps.kruise.io/v1alpha1`), as JSON objects.
    fn sidecar_sets(&self) -> Result<Vec<Value>, HostError>;
    /// LIST the SidecarSetResourceBindings of `namespace`, as JSON objects.
    fn resource_bindings(&self, namespace: &str) -> Result<Vec<Value>, HostError>;
    /// A uniform draw from [0, 1), like Go's `rand.Float64`.
    fn random_fraction(&self) -> f64;
    /// A debug record for the host's log.
    fn debug(&self, message: &str, fields: &[(&'static str, &str)]);
}

/// The GET the policy sends for a Namespace.
pub fn namespace_request(name: &str) -> GetResourceRequest {
    GetResourceRequest {
        api_version: "v1".to_string(),
        kind: "Namespace".to_string(),
        name: name.to_string(),
        namespace: None,
        disable_cache: false,
        // Only the labels are read.
        field_masks: None,
    }
}

/// The GET the policy sends for a ControllerRevision.
pub fn revision_request(namespace: &str, name: &str) -> GetResourceRequest {
    GetResourceRequest {
        api_version: "apps/v1".to_string(),
        kind: "ControllerRevision".to_string(),
        name: name.to_string(),
        namespace: Some(namespace.to_string()),
        disable_cache: false,
        field_masks: None,
    }
}

/// The LIST the policy sends for ControllerRevisions.
pub fn revisions_request(namespace: &str, label_selector: &str) -> ListResourcesByNamespaceRequest {
    ListResourcesByNamespaceRequest {
        api_version: "apps/v1".to_string(),
        kind: "ControllerRevision".to_string(),
        namespace: namespace.to_string(),
        label_selector: Some(label_selector.to_string()),
        field_selector: None,
        field_masks: None,
    }
}

/// The LIST the policy sends for the cluster's SidecarSets.
pub fn sidecar_sets_request() -> ListAllResourcesRequest {
    ListAllResourcesRequest {
        api_version: ClusterSidecarSet::API_VERSION.to_string(),
        kind: ClusterSidecarSet::KIND.to_string(),
        label_selector: None,
        field_selector: None,
        // The whole object: injection reads spec, annotations and status.latestRevision.
        field_masks: None,
    }
}

/// The LIST the policy sends for the SidecarSetResourceBindings of a namespace.
pub fn resource_bindings_request(namespace: &str) -> ListResourcesByNamespaceRequest {
    ListResourcesByNamespaceRequest {
        api_version: ClusterResourceBinding::API_VERSION.to_string(),
        kind: ClusterResourceBinding::KIND.to_string(),
        namespace: namespace.to_string(),
        label_selector: None,
        field_selector: None,
        field_masks: None,
    }
}

/// A uniform draw from [0, 1) with 53 random bits (Go's `rand.Float64` resolution) from the
/// operating system, which for a wasm32-wasip1 module is the host (`random_get`). Should the
/// source fail, the draw is 0.5: a percentage then still decides, never a trap.
pub fn system_random_fraction() -> f64 {
    match getrandom::u64() {
        Ok(bits) => (bits >> 11) as f64 / (1u64 << 53) as f64,
        Err(_) => 0.5,
    }
}

/// A host without a cluster: every read fails with `message` (the CLI without a recorded
/// session, for example).
#[derive(Clone, Debug)]
pub struct NoCluster {
    pub message: String,
}

impl Default for NoCluster {
    fn default() -> Self {
        NoCluster { message: "this evaluation has no access to the cluster".to_string() }
    }
}

impl Host for NoCluster {
    fn namespace(&self, _name: &str) -> Result<Namespace, HostError> {
        Err(HostError(self.message.clone()))
    }

    fn controller_revision(&self, _namespace: &str, _name: &str) -> Result<ControllerRevision, HostError> {
        Err(HostError(self.message.clone()))
    }

    fn controller_revisions(&self, _namespace: &str, _selector: &str) -> Result<Vec<ControllerRevision>, HostError> {
        Err(HostError(self.message.clone()))
    }

    fn sidecar_sets(&self) -> Result<Vec<Value>, HostError> {
        Err(HostError(self.message.clone()))
    }

    fn resource_bindings(&self, _namespace: &str) -> Result<Vec<Value>, HostError> {
        Err(HostError(self.message.clone()))
    }

    fn random_fraction(&self) -> f64 {
        system_random_fraction()
    }

    fn debug(&self, _message: &str, _fields: &[(&'static str, &str)]) {}
}
