//! sidecarset-policy: a Kubewarden policy that injects OpenKruise SidecarSet sidecars.
//!
//! The engine is pure Rust and free of waPC so that it is tested natively; only the `wasm`
//! module wires it to the waPC entry points.

pub mod field_error;
pub mod k8s;
