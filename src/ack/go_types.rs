//! Field table of Alibaba Cloud's `SidecarSetResourceBinding`
//! (`sidecarset.alibabacloud.com/v1alpha1`), the ACK extension to OpenKruise that lets a
//! namespace grant SidecarSets read access to its ConfigMaps and Secrets. Its schema is not
//! published; these are the fields ACK's documentation shows.

use apimachinery::gojson::meta::OBJECT_META;
use apimachinery::gojson::schema::{KEEP, OMIT, Struct, Ty, f};

pub static SIDECAR_SET_RESOURCE_BINDING: Struct = Struct {
    name: "SidecarSetResourceBinding",
    inline: None,
    fields: &[
        f("apiVersion", Ty::String, OMIT),
        f("kind", Ty::String, OMIT),
        f("metadata", Ty::Struct(&OBJECT_META), OMIT),
        f("spec", Ty::Struct(&BINDING_SPEC), OMIT),
        f("status", Ty::Any, OMIT),
    ],
};

pub static BINDING_SPEC: Struct = Struct {
    name: "SidecarSetResourceBindingSpec",
    inline: None,
    fields: &[
        f("subjects", Ty::Slice(&Ty::Struct(&KIND_AND_NAME)), OMIT),
        f("resourceRefs", Ty::Slice(&Ty::Struct(&KIND_AND_NAME)), OMIT),
    ],
};

pub static KIND_AND_NAME: Struct =
    Struct { name: "Reference", inline: None, fields: &[f("kind", Ty::String, KEEP), f("name", Ty::String, KEEP)] };
