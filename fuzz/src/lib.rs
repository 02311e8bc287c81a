//! Shared code of the fuzz targets: the response contract every `validate` answer must meet
//! (`check`) and the structured model of pods, SidecarSets and settings that
//! `validate_structured` derives with `arbitrary` (`model`).

pub mod check;
pub mod model;
