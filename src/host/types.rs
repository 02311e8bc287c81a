//! The parts of the cluster objects the policy reads: a Namespace's labels, a
//! ControllerRevision's name, labels, annotations, creation time, revision number and data;
//! SidecarSets and SidecarSetResourceBindings whole, as JSON (the engine reads them as it
//! reads the settings' copies, and validates them the same way).
//!
//! Why not k8s-openapi's `Namespace` and `ControllerRevision`: their full `ObjectMeta` parses
//! every timestamp (creation, deletion, managed fields) with jiff, which made the module
//! about 110 KB larger after `wasm-opt -Oz` (811 KB against a 700 KB budget) for fields the
//! policy never reads. These types implement k8s-openapi's `Resource` traits, so the SDK's
//! host-capability functions and k8s-openapi's `List` read them as they read its own types.
//! Unknown fields are ignored, as k8s-openapi ignores them.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// `metadata`, as far as the policy reads it.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub labels: Option<BTreeMap<String, String>>,
    pub annotations: Option<BTreeMap<String, String>>,
    /// RFC 3339 in UTC with second precision, as the API server writes it, so the text
    /// orders as the time does.
    pub creation_timestamp: Option<String>,
}

/// A `v1` Namespace.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Namespace {
    #[serde(default)]
    pub metadata: ObjectMeta,
}

/// An `apps/v1` ControllerRevision.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct ControllerRevision {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub revision: i64,
    /// The stored patch (`runtime.RawExtension`), any JSON.
    pub data: Option<Value>,
}

/// k8s-openapi's `Resource` (and `ListableResource`) for a type the SDK reads: the SDK builds
/// nothing from these constants but needs them to name the type.
macro_rules! resource {
    ($type:ty, $group:literal, $version:literal, $kind:literal, $plural:literal, $scope:ident $(, $list:literal)?) => {
        impl k8s_openapi::Resource for $type {
            const API_VERSION: &'static str =
                if $group.is_empty() { $version } else { concat!($group, "/", $version) };
            const GROUP: &'static str = $group;
            const KIND: &'static str = $kind;
            const VERSION: &'static str = $version;
            const URL_PATH_SEGMENT: &'static str = $plural;
            type Scope = k8s_openapi::$scope;
        }
        $(impl k8s_openapi::ListableResource for $type {
            const LIST_KIND: &'static str = $list;
        })?
    };
}

resource!(Namespace, "", "v1", "Namespace", "namespaces", ClusterResourceScope);
resource!(
    ControllerRevision,
    "apps",
    "v1",
    "ControllerRevision",
    "controllerrevisions",
    NamespaceResourceScope,
    "ControllerRevisionList"
);
resource!(
    ClusterSidecarSet,
    "apps.kruise.io",
    "v1alpha1",
    "SidecarSet",
    "sidecarsets",
    ClusterResourceScope,
    "SidecarSetList"
);
resource!(
    ClusterResourceBinding,
    "sidecarset.alibabacloud.com",
    "v1alpha1",
    "SidecarSetResourceBinding",
    "sidecarsetresourcebindings",
    NamespaceResourceScope,
    "SidecarSetResourceBindingList"
);

/// An `apps.kruise.io/v1alpha1` SidecarSet, as the API server serves it.
///
/// v1alpha1, not Kruise's storage version v1beta1, because every cluster serves it: Kruise
/// serves all SidecarSets in both versions (its conversion webhook turns a v1beta1
/// `customVersion` into v1alpha1's label and keeps `namespaceSelector`, which is all the
/// injection reads of the difference), and the CRD in `examples/crds/` for clusters without
/// Kruise serves only v1alpha1. One version means one list call per request.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(transparent)]
pub struct ClusterSidecarSet(pub Value);

/// A `sidecarset.alibabacloud.com/v1alpha1` SidecarSetResourceBinding.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(transparent)]
pub struct ClusterResourceBinding(pub Value);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_api_server_sends() {
        let list: k8s_openapi::List<ControllerRevision> = serde_json::from_str(
            r#"{"apiVersion":"apps/v1","kind":"ControllerRevisionList","metadata":{"resourceVersion":"7"},"items":[
                {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"r","namespace":"kruise-system",
                 "labels":null,"creationTimestamp":"2026-01-02T03:04:05Z","managedFields":[{"time":"2026-01-02T03:04:05Z"}]},
                 "revision":3,"data":{"spec":{"$patch":"replace"}}}]}"#,
        )
        .unwrap();
        let r = &list.items[0];
        assert_eq!((r.metadata.name.as_deref(), r.revision, r.metadata.labels.as_ref()), (Some("r"), 3, None));
        assert_eq!(r.metadata.creation_timestamp.as_deref(), Some("2026-01-02T03:04:05Z"));
        let ns: Namespace = serde_json::from_str(
            r#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a","labels":{"t":"x"}}}"#,
        )
        .unwrap();
        assert_eq!(ns.metadata.labels.unwrap()["t"], "x");
    }
}
