//! Loading a policy module once and creating a fresh instance for every evaluation, as
//! policy-server does (`PolicyEvaluatorPre::rehydrate` per request): the wasmtime engine, the
//! compiled module and the linker are reused; each instance gets a new store, runs `_start` /
//! `wapc_init` again, and is dropped after its call.

use std::path::Path;
use std::sync::Arc;

use wapc::WapcHost;
use wasmtime_provider::wasmtime::{Config, Engine, Module};
use wasmtime_provider::{EpochDeadlines, ResourceLimits, WasmtimeEngineProviderBuilder, WasmtimeEngineProviderPre};

use crate::callbacks::CallbackContext;
use crate::deadline::{Deadline, EpochTicker};
use crate::error::HostError;
use crate::kube_fixtures::KubeContext;
use crate::logging::{LogConfig, PolicyLog};

/// The text wasmtime-provider puts in an initialisation error caused by the epoch deadline;
/// policy-server recognises a timeout in `wapc_init` by it.
const INIT_TIMEOUT_MARKER: &str = "init interrupted, execution deadline exceeded";

#[derive(Clone, Debug)]
pub struct HostConfig {
    /// `None` disables timeout protection (kwctl's behaviour; policy-server's
    /// `--disable-timeout-protection`). Default: policy-server's 2 s.
    pub deadline: Option<Deadline>,
    /// Cap on each linear memory of an instance, in bytes (wasmtime `StoreLimits`). A failing
    /// `memory.grow` makes a Rust guest abort, which the host reports as a trap. Neither kwctl
    /// nor policy-server set one; off by default.
    pub memory_limit_bytes: Option<usize>,
    pub log: LogConfig,
    /// Objects and access rights for `kubernetes/*` host calls.
    pub kube: Arc<KubeContext>,
}

impl Default for HostConfig {
    fn default() -> Self {
        HostConfig {
            deadline: Some(Deadline::default()),
            memory_limit_bytes: None,
            log: LogConfig::default(),
            kube: Arc::new(KubeContext::default()),
        }
    }
}

/// A compiled policy module, ready to be instantiated many times.
pub struct PolicyModule {
    pre: WasmtimeEngineProviderPre,
    config: HostConfig,
    // Kept alive for as long as the module: it drives the epoch deadline.
    _ticker: Option<EpochTicker>,
}

/// Why a fresh instance could not be made.
#[derive(Debug)]
pub enum InstantiateError {
    /// `_start`/`wapc_init` ran past the deadline; policy-server answers with the timeout
    /// rejection.
    Timeout(String),
    /// Anything else (trap in `wapc_init`, missing exports, ...).
    Failed(String),
}

impl From<InstantiateError> for HostError {
    fn from(e: InstantiateError) -> Self {
        match e {
            InstantiateError::Timeout(m) | InstantiateError::Failed(m) => HostError::Instantiate(m),
        }
    }
}

impl PolicyModule {
    pub fn from_file(path: &Path, config: HostConfig) -> Result<Self, HostError> {
        let bytes = std::fs::read(path)
            .map_err(|e| HostError::io(format!("cannot read policy module {}", path.display()), e))?;
        Self::from_bytes(&bytes, config)
    }

    pub fn from_bytes(bytes: &[u8], config: HostConfig) -> Result<Self, HostError> {
        // policy-server's engine: defaults, function references (Go >= 1.26 policies), epoch
        // interruption only when a deadline is configured.
        let mut engine_config = Config::default();
        engine_config.wasm_function_references(true);
        if config.deadline.is_some() {
            engine_config.epoch_interruption(true);
        }
        let engine = Engine::new(&engine_config)
            .map_err(|e| HostError::ModuleBuild(format!("error when creating wasmtime engine: {e}")))?;
        let module = Module::new(&engine, bytes)
            .map_err(|e| HostError::ModuleBuild(format!("error when building wasm module: {e}")))?;
        let mut builder = WasmtimeEngineProviderBuilder::new().engine(engine.clone()).module(module);
        if let Some(limit) = config.memory_limit_bytes {
            builder = builder
                .enable_resource_limits(ResourceLimits { max_memory_size: Some(limit), max_table_elements: None });
        }
        let pre = builder.build_pre().map_err(|e| {
            HostError::ModuleBuild(format!(
                "error when building wapc precompiled stack: cannot build Wasmtime engine: {e}"
            ))
        })?;
        let ticker = match config.deadline {
            Some(deadline) => {
                let ticker = EpochTicker::start(engine, deadline.tick);
                if !ticker.is_running() {
                    return Err(HostError::ModuleBuild("cannot start the epoch ticker thread".to_owned()));
                }
                Some(ticker)
            }
            None => None,
        };
        Ok(PolicyModule { pre, config, _ticker: ticker })
    }

    pub fn config(&self) -> &HostConfig {
        &self.config
    }

    /// A fresh instance: new store, `_start`/`wapc_init` run under the init deadline.
    pub fn instantiate(&self) -> Result<PolicyInstance, InstantiateError> {
        self.instantiate_with(self.config.kube.clone())
    }

    /// A fresh instance whose `kubernetes/*` host calls `kube` answers.
    pub fn instantiate_with(&self, kube: Arc<KubeContext>) -> Result<PolicyInstance, InstantiateError> {
        let deadlines = self.config.deadline.map(|d| EpochDeadlines { wapc_init: d.ticks, wapc_func: d.ticks });
        let provider = self.pre.rehydrate(deadlines).map_err(|e| {
            InstantiateError::Failed(format!("unable to rehydrate wapc module: cannot build Wasmtime engine: {e}"))
        })?;
        let callbacks = Arc::new(CallbackContext::new(kube, self.config.log));
        let host = WapcHost::new(Box::new(provider), Some(callbacks.clone().into_host_callback())).map_err(|e| {
            let message = format!("unable to rehydrate wapc module: cannot build Wapc host: {e}");
            if message.contains(INIT_TIMEOUT_MARKER) {
                InstantiateError::Timeout(message)
            } else {
                InstantiateError::Failed(message)
            }
        })?;
        Ok(PolicyInstance { host, callbacks })
    }
}

/// One instance of the policy. Dropping it frees its store.
pub struct PolicyInstance {
    host: WapcHost,
    callbacks: Arc<CallbackContext>,
}

impl PolicyInstance {
    /// Calls a guest function (`validate`, `validate_settings`, `protocol_version`).
    pub fn call(&self, operation: &str, payload: &[u8]) -> Result<Vec<u8>, wapc::errors::Error> {
        self.host.call(operation, payload)
    }

    /// Logs the policy sent so far (taken: a second call returns only newer ones).
    pub fn take_logs(&self) -> Vec<PolicyLog> {
        self.callbacks.take_logs()
    }
}
