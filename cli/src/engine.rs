//! The policy `inject` evaluates: the engine compiled into this binary, or (with the `wasm`
//! feature) a policy module run by the project's Kubewarden host. Both go through the same
//! envelope and response conversion (`sidecarset_e2e::Policy`), so they answer alike.

use std::path::Path;

use anyhow::Result;
use sidecarset_e2e::validation::NativeHostCall;
use sidecarset_e2e::{LogConfig, Policy, RawPolicy};
use sidecarset_policy::host::callback::CallbackHost;

/// The engine, called natively with the wall clock for the hash annotations' timestamps.
/// Its cluster reads and logs go through the same host callbacks a module's do.
pub fn native() -> Box<dyn Policy> {
    Box::new(RawPolicy {
        validate_settings: sidecarset_policy::policy::validate_settings,
        validate: |payload: &[u8], call: &NativeHostCall<'_>| {
            sidecarset_policy::policy::validate(payload, unix_now(), &CallbackHost::new(call))
        },
        log: LogConfig::default(),
    })
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// How a module is run (read only with the `wasm` feature).
#[cfg_attr(not(feature = "wasm"), allow(dead_code))]
pub struct ModuleOptions {
    /// Execution deadline in seconds; `None` for none.
    pub timeout_seconds: Option<u64>,
    /// Show the policy's DEBUG logs too.
    pub verbose: bool,
}

/// A policy module through the Kubewarden host.
#[cfg(feature = "wasm")]
pub fn module(path: &Path, options: &ModuleOptions) -> Result<Box<dyn Policy>> {
    use anyhow::Context;
    use sidecarset_e2e::{Deadline, HostConfig, LogConfig, LogLevel, PolicyModule};
    let config = HostConfig {
        deadline: options.timeout_seconds.map(Deadline::seconds),
        log: LogConfig { to_stderr: true, min_level: if options.verbose { LogLevel::Debug } else { LogLevel::Info } },
        ..HostConfig::default()
    };
    let module = PolicyModule::from_file(path, config).with_context(|| format!("cannot load {}", path.display()))?;
    Ok(Box::new(module))
}

#[cfg(not(feature = "wasm"))]
pub fn module(path: &Path, _options: &ModuleOptions) -> Result<Box<dyn Policy>> {
    anyhow::bail!(
        "--policy {}: this build evaluates the engine compiled in; to evaluate a policy module, install the tool with the wasm feature (cargo install --path cli --features wasm)",
        path.display()
    )
}
