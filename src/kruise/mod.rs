//! The OpenKruise port: the SidecarSet model (`sidecarset`, `go_types`), the SidecarSet
//! webhooks' defaulting (`defaults`), hashing (`hash`), validation (`validation`) and
//! cross-SidecarSet conflicts (`conflicts`), and the pod webhook's injection (`inject`), whose
//! `control::SidecarControl` hooks are the one seam to platform code.

pub mod calculator;
pub mod conflicts;
pub mod defaults;
pub mod go_types;
pub mod hash;
pub mod inject;
pub mod lazy_sidecarset;
pub mod revision;
pub mod sidecarset;
pub mod validation;
