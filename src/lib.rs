//! sidecarset-policy: a Kubewarden policy that injects OpenKruise SidecarSet sidecars into
//! pods, built for pods on virtual nodes.
//!
//! Everything is pure Rust and free of waPC (`policy::validate`, `policy::validate_settings`)
//! so that it is tested natively; cluster reads, random draws and logs go through the
//! `host::Host` trait. This file only wires those to the waPC entry points and the SDK.

pub mod ack;
pub mod audit;
pub mod error;
pub mod explain;
pub mod host;
pub mod kruise;
pub mod limits;
pub mod opt_out;
pub mod payload;
pub mod pod_shape;
pub mod policy;
pub mod response;
pub mod settings;
pub mod sidecarset_admission;

#[cfg(target_arch = "wasm32")]
mod wapc_entry_points {
    use kubewarden_policy_sdk::protocol_version_guest;
    use kubewarden_policy_sdk::wapc_guest::{CallResult, register_function};

    use crate::host::sdk::SdkHost;

    /// Called by the host on every fresh instance before any operation.
    #[unsafe(no_mangle)]
    pub extern "C" fn wapc_init() {
        register_function("validate", validate);
        register_function("validate_settings", validate_settings);
        register_function("protocol_version", protocol_version_guest);
    }

    fn validate(payload: &[u8]) -> CallResult {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        Ok(crate::policy::validate(payload, now, &SdkHost::default()))
    }

    /// The SDK's `validate_settings` deserialises into a typed settings struct; the settings
    /// here are SidecarSet objects read losslessly, so the engine's own check answers.
    fn validate_settings(payload: &[u8]) -> CallResult {
        Ok(crate::policy::validate_settings(payload))
    }
}
