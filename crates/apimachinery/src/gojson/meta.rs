//! Field tables of the `k8s.io/apimachinery/pkg/apis/meta/v1` types the policy reads:
//! `ObjectMeta` (metadata of settings objects and of embedded object templates) and
//! `LabelSelector`.

use super::schema::{KEEP, OMIT, Struct, Ty, f};

pub static LABEL_SELECTOR: Struct = Struct {
    name: "LabelSelector",
    inline: None,
    fields: &[
        f("matchLabels", Ty::StringMap, OMIT),
        f("matchExpressions", Ty::Slice(&Ty::Struct(&LABEL_SELECTOR_REQUIREMENT)), OMIT),
    ],
};

pub static LABEL_SELECTOR_REQUIREMENT: Struct = Struct {
    name: "LabelSelectorRequirement",
    inline: None,
    fields: &[f("key", Ty::String, KEEP), f("operator", Ty::String, KEEP), f("values", Ty::Slice(&Ty::String), OMIT)],
};

pub static OBJECT_META: Struct = Struct {
    name: "ObjectMeta",
    inline: None,
    fields: &[
        f("name", Ty::String, OMIT),
        f("generateName", Ty::String, OMIT),
        f("namespace", Ty::String, OMIT),
        f("selfLink", Ty::String, OMIT),
        f("uid", Ty::String, OMIT),
        f("resourceVersion", Ty::String, OMIT),
        f("generation", Ty::Int64, OMIT),
        f("creationTimestamp", Ty::Time, OMIT),
        f("deletionTimestamp", Ty::Ptr(&Ty::Time), OMIT),
        f("deletionGracePeriodSeconds", Ty::Ptr(&Ty::Int64), OMIT),
        f("labels", Ty::StringMap, OMIT),
        f("annotations", Ty::StringMap, OMIT),
        f("ownerReferences", Ty::Slice(&Ty::Struct(&OWNER_REFERENCE)), OMIT),
        f("finalizers", Ty::Slice(&Ty::String), OMIT),
        // Server-side apply bookkeeping: accepted (objects are pasted from `kubectl get`)
        // but never interpreted.
        f("managedFields", Ty::Slice(&Ty::Any), OMIT),
    ],
};

pub static OWNER_REFERENCE: Struct = Struct {
    name: "OwnerReference",
    inline: None,
    fields: &[
        f("apiVersion", Ty::String, KEEP),
        f("kind", Ty::String, KEEP),
        f("name", Ty::String, KEEP),
        f("uid", Ty::String, KEEP),
        f("controller", Ty::Ptr(&Ty::Bool), OMIT),
        f("blockOwnerDeletion", Ty::Ptr(&Ty::Bool), OMIT),
    ],
};
