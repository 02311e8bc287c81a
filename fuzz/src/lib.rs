//! Shared code of the fuzz targets: the response contract every `validate` answer must meet
//! (`check`), the calculator's contract (`expression`) and the structured model of pods, SidecarSets and settings that
//! `validate_structured` derives with `arbitrary` (`model`).

pub mod check;
pub mod expression;
pub mod model;
