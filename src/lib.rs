//! sidecarset-policy: a Kubewarden policy that injects OpenKruise SidecarSet sidecars into
//! pods, built for pods on virtual nodes.
//!
//! Everything is pure Rust and free of waPC (`policy::validate`, `policy::validate_settings`)
//! so that it is tested natively; this file only wires those to the waPC entry points.

pub mod ack;
pub mod error;
pub mod kruise;
pub mod limits;
pub mod pod_shape;
pub mod policy;
pub mod response;
pub mod settings;

#[cfg(target_arch = "wasm32")]
mod wapc_entry_points {
    use wapc_guest::{CallResult, register_function};

    /// Called by the host on every fresh instance before any operation.
    #[unsafe(no_mangle)]
    pub extern "C" fn wapc_init() {
        register_function("validate", validate);
        register_function("validate_settings", validate_settings);
        register_function("protocol_version", protocol_version);
    }

    fn validate(payload: &[u8]) -> CallResult {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        Ok(crate::policy::validate(payload, now))
    }

    fn validate_settings(payload: &[u8]) -> CallResult {
        Ok(crate::policy::validate_settings(payload))
    }

    fn protocol_version(_payload: &[u8]) -> CallResult {
        Ok(br#""v1""#.to_vec())
    }
}
