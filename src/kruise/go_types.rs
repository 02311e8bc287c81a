//! Field tables of the OpenKruise SidecarSet API (`apps.kruise.io` v1alpha1 and v1beta1, as of
//! the Kruise release this policy follows). `SidecarContainer` embeds `corev1.Container`, so
//! its JSON is the container's fields followed by Kruise's own; this is the exact shape Kruise
//! hashes.

use apimachinery::gojson::core_v1::{CONTAINER, LOCAL_OBJECT_REFERENCE, OBJECT_FIELD_SELECTOR, VOLUME};
use apimachinery::gojson::meta::{LABEL_SELECTOR, OBJECT_META};
use apimachinery::gojson::schema::{KEEP, OMIT, Struct, Ty, f};

pub static SIDECAR_CONTAINER: Struct = Struct {
    name: "SidecarContainer",
    inline: Some(&CONTAINER),
    fields: &[
        f("podInjectPolicy", Ty::String, OMIT),
        f("upgradeStrategy", Ty::Struct(&SIDECAR_CONTAINER_UPGRADE_STRATEGY), OMIT),
        f("shareVolumePolicy", Ty::Struct(&SHARE_VOLUME_POLICY), OMIT),
        f("shareVolumeDevicePolicy", Ty::Ptr(&Ty::Struct(&SHARE_VOLUME_POLICY)), OMIT),
        f("transferEnv", Ty::Slice(&Ty::Struct(&TRANSFER_ENV_VAR)), OMIT),
        f("resourcesPolicy", Ty::Ptr(&Ty::Struct(&RESOURCES_POLICY)), OMIT),
    ],
};

/// The fields `SidecarContainer` adds to `corev1.Container`; they are removed when the
/// container is injected into a pod.
pub const SIDECAR_ONLY_FIELDS: [&str; 6] = [
    "podInjectPolicy",
    "upgradeStrategy",
    "shareVolumePolicy",
    "shareVolumeDevicePolicy",
    "transferEnv",
    "resourcesPolicy",
];

pub static SIDECAR_CONTAINER_UPGRADE_STRATEGY: Struct = Struct {
    name: "SidecarContainerUpgradeStrategy",
    inline: None,
    fields: &[f("upgradeType", Ty::String, OMIT), f("hotUpgradeEmptyImage", Ty::String, OMIT)],
};

pub static SHARE_VOLUME_POLICY: Struct =
    Struct { name: "ShareVolumePolicy", inline: None, fields: &[f("type", Ty::String, OMIT)] };

pub static TRANSFER_ENV_VAR: Struct = Struct {
    name: "TransferEnvVar",
    inline: None,
    fields: &[
        f("sourceContainerName", Ty::String, OMIT),
        f("sourceContainerNameFrom", Ty::Ptr(&Ty::Struct(&SOURCE_CONTAINER_NAME_SOURCE)), OMIT),
        f("envName", Ty::String, OMIT),
        f("envNames", Ty::Slice(&Ty::String), OMIT),
    ],
};

pub static SOURCE_CONTAINER_NAME_SOURCE: Struct = Struct {
    name: "SourceContainerNameSource",
    inline: None,
    fields: &[f("fieldRef", Ty::Ptr(&Ty::Struct(&OBJECT_FIELD_SELECTOR)), OMIT)],
};

pub static RESOURCES_POLICY: Struct = Struct {
    name: "ResourcesPolicy",
    inline: None,
    fields: &[
        f("targetContainersMode", Ty::String, KEEP),
        f("targetContainersNameRegex", Ty::String, OMIT),
        f("resourcesExpr", Ty::Struct(&RESOURCES_EXPR), KEEP),
    ],
};

pub static RESOURCES_EXPR: Struct = Struct {
    name: "ResourcesExpr",
    inline: None,
    fields: &[
        f("limits", Ty::Ptr(&Ty::Struct(&RESOURCE_EXPR_PAIR)), OMIT),
        f("requests", Ty::Ptr(&Ty::Struct(&RESOURCE_EXPR_PAIR)), OMIT),
    ],
};

/// `ResourceExprLimits` and `ResourceExprRequests` have the same fields.
pub static RESOURCE_EXPR_PAIR: Struct =
    Struct { name: "ResourceExpr", inline: None, fields: &[f("cpu", Ty::String, OMIT), f("memory", Ty::String, OMIT)] };

/// The SidecarSet object as a settings entry. `status` is accepted as pasted from
/// `kubectl get` and only `status.latestRevision` is read.
pub static SIDECAR_SET_V1ALPHA1: Struct = Struct {
    name: "SidecarSet",
    inline: None,
    fields: &[
        f("apiVersion", Ty::String, OMIT),
        f("kind", Ty::String, OMIT),
        f("metadata", Ty::Struct(&OBJECT_META), OMIT),
        f("spec", Ty::Struct(&SIDECAR_SET_SPEC_V1ALPHA1), OMIT),
        f("status", Ty::Any, OMIT),
    ],
};

pub static SIDECAR_SET_V1BETA1: Struct = Struct {
    name: "SidecarSet",
    inline: None,
    fields: &[
        f("apiVersion", Ty::String, OMIT),
        f("kind", Ty::String, OMIT),
        f("metadata", Ty::Struct(&OBJECT_META), OMIT),
        f("spec", Ty::Struct(&SIDECAR_SET_SPEC_V1BETA1), OMIT),
        f("status", Ty::Any, OMIT),
    ],
};

pub static SIDECAR_SET_SPEC_V1ALPHA1: Struct = Struct {
    name: "SidecarSetSpec",
    inline: None,
    fields: &[
        f("selector", Ty::Ptr(&Ty::Struct(&LABEL_SELECTOR)), OMIT),
        f("namespace", Ty::String, OMIT),
        f("namespaceSelector", Ty::Ptr(&Ty::Struct(&LABEL_SELECTOR)), OMIT),
        f("initContainers", Ty::Slice(&Ty::Struct(&SIDECAR_CONTAINER)), OMIT),
        f("containers", Ty::Slice(&Ty::Struct(&SIDECAR_CONTAINER)), OMIT),
        f("volumes", Ty::Slice(&Ty::Struct(&VOLUME)), OMIT),
        f("updateStrategy", Ty::Struct(&SIDECAR_SET_UPDATE_STRATEGY), OMIT),
        f("injectionStrategy", Ty::Struct(&SIDECAR_SET_INJECTION_STRATEGY), OMIT),
        f("imagePullSecrets", Ty::Slice(&Ty::Struct(&LOCAL_OBJECT_REFERENCE)), OMIT),
        f("revisionHistoryLimit", Ty::Ptr(&Ty::Int32), OMIT),
        f("patchPodMetadata", Ty::Slice(&Ty::Struct(&SIDECAR_SET_PATCH_POD_METADATA)), OMIT),
    ],
};

pub static SIDECAR_SET_SPEC_V1BETA1: Struct = Struct {
    name: "SidecarSetSpec",
    inline: None,
    fields: &[
        f("selector", Ty::Ptr(&Ty::Struct(&LABEL_SELECTOR)), OMIT),
        f("namespaceSelector", Ty::Ptr(&Ty::Struct(&LABEL_SELECTOR)), OMIT),
        f("initContainers", Ty::Slice(&Ty::Struct(&SIDECAR_CONTAINER)), OMIT),
        f("containers", Ty::Slice(&Ty::Struct(&SIDECAR_CONTAINER)), OMIT),
        f("volumes", Ty::Slice(&Ty::Struct(&VOLUME)), OMIT),
        f("updateStrategy", Ty::Struct(&SIDECAR_SET_UPDATE_STRATEGY), OMIT),
        f("injectionStrategy", Ty::Struct(&SIDECAR_SET_INJECTION_STRATEGY), OMIT),
        f("imagePullSecrets", Ty::Slice(&Ty::Struct(&LOCAL_OBJECT_REFERENCE)), OMIT),
        f("revisionHistoryLimit", Ty::Ptr(&Ty::Int32), OMIT),
        f("patchPodMetadata", Ty::Slice(&Ty::Struct(&SIDECAR_SET_PATCH_POD_METADATA)), OMIT),
        f("customVersion", Ty::String, OMIT),
    ],
};

pub static SIDECAR_SET_PATCH_POD_METADATA: Struct = Struct {
    name: "SidecarSetPatchPodMetadata",
    inline: None,
    fields: &[f("annotations", Ty::StringMap, OMIT), f("patchPolicy", Ty::String, OMIT)],
};

pub static SIDECAR_SET_INJECTION_STRATEGY: Struct = Struct {
    name: "SidecarSetInjectionStrategy",
    inline: None,
    fields: &[f("paused", Ty::Bool, OMIT), f("revision", Ty::Ptr(&Ty::Struct(&SIDECAR_SET_INJECT_REVISION)), OMIT)],
};

pub static SIDECAR_SET_INJECT_REVISION: Struct = Struct {
    name: "SidecarSetInjectRevision",
    inline: None,
    fields: &[
        f("customVersion", Ty::Ptr(&Ty::String), OMIT),
        f("revisionName", Ty::Ptr(&Ty::String), OMIT),
        f("policy", Ty::String, OMIT),
    ],
};

pub static SIDECAR_SET_UPDATE_STRATEGY: Struct = Struct {
    name: "SidecarSetUpdateStrategy",
    inline: None,
    fields: &[
        f("type", Ty::String, OMIT),
        f("paused", Ty::Bool, OMIT),
        f("selector", Ty::Ptr(&Ty::Struct(&LABEL_SELECTOR)), OMIT),
        f("partition", Ty::Ptr(&Ty::IntOrString), OMIT),
        f("maxUnavailable", Ty::Ptr(&Ty::IntOrString), OMIT),
        f("priorityStrategy", Ty::Ptr(&Ty::Struct(&UPDATE_PRIORITY_STRATEGY)), OMIT),
        f("scatterStrategy", Ty::Slice(&Ty::Struct(&UPDATE_SCATTER_TERM)), OMIT),
    ],
};

pub static UPDATE_PRIORITY_STRATEGY: Struct = Struct {
    name: "UpdatePriorityStrategy",
    inline: None,
    fields: &[
        f("orderPriority", Ty::Slice(&Ty::Struct(&UPDATE_PRIORITY_ORDER_TERM)), OMIT),
        f("weightPriority", Ty::Slice(&Ty::Struct(&UPDATE_PRIORITY_WEIGHT_TERM)), OMIT),
    ],
};

pub static UPDATE_PRIORITY_ORDER_TERM: Struct =
    Struct { name: "UpdatePriorityOrderTerm", inline: None, fields: &[f("orderedKey", Ty::String, KEEP)] };

pub static UPDATE_PRIORITY_WEIGHT_TERM: Struct = Struct {
    name: "UpdatePriorityWeightTerm",
    inline: None,
    fields: &[f("weight", Ty::Int32, KEEP), f("matchSelector", Ty::Struct(&LABEL_SELECTOR), KEEP)],
};

pub static UPDATE_SCATTER_TERM: Struct = Struct {
    name: "UpdateScatterTerm",
    inline: None,
    fields: &[f("key", Ty::String, KEEP), f("value", Ty::String, KEEP)],
};

#[cfg(test)]
mod tests;
