//! OpenKruise SidecarSet semantics: the SidecarSet model, defaulting, hashing, validation and
//! cross-SidecarSet conflicts.

pub mod conflicts;
pub mod defaults;
pub mod hash;
pub mod sidecarset;
pub mod validation;
