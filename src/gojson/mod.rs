//! Go `encoding/json` compatibility for the Kubernetes and Kruise types the policy handles.
//!
//! Kruise decodes SidecarSets into Go structs, injects the Go-encoded containers and hashes
//! their Go encoding. Reproducing that needs the Go types' field order and `omitempty` rules
//! (`schema`, `core_v1`, `meta`, `kruise_types`), the decode/encode round trip
//! (`normalize`), Go's string escaping (`write`), and strict type checking for settings
//! (`check`).

pub mod alibaba_types;
pub mod check;
pub mod core_v1;
pub mod kruise_types;
pub mod meta;
pub mod normalize;
pub mod schema;
pub mod write;
