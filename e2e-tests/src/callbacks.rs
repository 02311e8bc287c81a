//! The waPC host callback: what a policy reaches through `host_call(binding, namespace,
//! operation, payload)`. Dispatch, payload shapes and error strings follow policy-evaluator's
//! `runtimes/callback.rs`; Kubernetes reads are answered from fixtures ([`KubeContext`]).
//!
//! kwctl's default `--allowed-host-capabilities '*'` is modelled: every capability passes the
//! capability gate; Kubernetes reads are then checked against the context-aware allow-list.
//! Capabilities that need the network (oci, net, crypto) and `kubernetes/can_i` answer with an
//! error, since this host has no registry or cluster. With a recorded session
//! ([`crate::replay::Session`]) Kubernetes reads are answered from it instead, as kwctl's
//! `--replay-host-capabilities-interactions` does.

use std::error::Error;
use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::kube_fixtures::KubeContext;
use crate::logging::{LogConfig, LogLevel, PolicyLog, host_diagnostic};
use crate::replay::CallbackRequestType;

type CallbackResult = Result<Vec<u8>, Box<dyn Error + Send + Sync>>;

/// State one instance's callback needs; logs are collected per instance.
pub struct CallbackContext {
    kube: Arc<KubeContext>,
    log: LogConfig,
    logs: Mutex<Vec<PolicyLog>>,
}

impl CallbackContext {
    pub fn new(kube: Arc<KubeContext>, log: LogConfig) -> Self {
        CallbackContext { kube, log, logs: Mutex::new(Vec::new()) }
    }

    /// The logs recorded so far, leaving the record empty.
    pub fn take_logs(&self) -> Vec<PolicyLog> {
        match self.logs.lock() {
            Ok(mut logs) => std::mem::take(&mut *logs),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        }
    }

    fn record(&self, entry: PolicyLog) {
        if entry.level < self.log.min_level {
            return;
        }
        if self.log.to_stderr {
            let line = entry.render() + "\n";
            let _ = std::io::stderr().write_all(line.as_bytes());
        }
        match self.logs.lock() {
            Ok(mut logs) => logs.push(entry),
            Err(poisoned) => poisoned.into_inner().push(entry),
        }
    }

    /// The callback for `WapcHost::new`.
    #[cfg(feature = "wasm")]
    pub fn into_host_callback(self: Arc<Self>) -> Box<wapc::HostCallback> {
        Box::new(move |_id, binding, namespace, operation, payload| {
            host_callback(&self, binding, namespace, operation, payload)
        })
    }

    /// One host call with binding `kubewarden`, for an engine evaluated natively: the same
    /// dispatch, allow-list and error texts as a module's calls get.
    pub fn call(&self, namespace: &str, operation: &str, payload: &[u8]) -> Result<Vec<u8>, String> {
        host_callback(self, "kubewarden", namespace, operation, payload).map_err(|e| e.to_string())
    }
}

fn host_callback(
    ctx: &CallbackContext,
    binding: &str,
    namespace: &str,
    operation: &str,
    payload: &[u8],
) -> CallbackResult {
    if binding != "kubewarden" {
        return Err(format!("unknown binding: {binding}").into());
    }
    match namespace {
        "tracing" => match operation {
            "log" => {
                match PolicyLog::parse(payload) {
                    Ok(entry) => ctx.record(entry),
                    // policy-evaluator reports the failure itself and still answers Ok.
                    Err(error) => {
                        if ctx.log.to_stderr {
                            host_diagnostic(
                                LogLevel::Error,
                                &format!(
                                    "Cannot log event payload={:?} error={error:?}",
                                    String::from_utf8_lossy(payload)
                                ),
                            );
                        }
                    }
                }
                Ok(Vec::new())
            }
            _ => unknown_operation(operation),
        },
        "kubernetes" => kubernetes(ctx, operation, payload),
        "oci" => match operation {
            "v1/verify" | "v2/verify" | "v1/manifest_digest" | "v1/oci_manifest" | "v1/oci_manifest_config" => {
                offline(namespace, operation)
            }
            _ => unknown_operation(operation),
        },
        "net" => match operation {
            "v1/dns_lookup_host" => offline(namespace, operation),
            _ => unknown_operation(operation),
        },
        "crypto" => match operation {
            "v1/is_certificate_trusted" => offline(namespace, operation),
            _ => unknown_operation(operation),
        },
        _ => Err(format!("unknown namespace: {namespace}").into()),
    }
}

fn kubernetes(ctx: &CallbackContext, operation: &str, payload: &[u8]) -> CallbackResult {
    let kube = &ctx.kube;
    // Not gated by the allow-list upstream; there is no cluster to ask, which is what kwctl
    // answers when it runs without a kube client.
    if operation == "can_i" {
        return Err(callback_failure("kube::Client was not initialized properly".into()));
    }
    // The payloads as the SDK serialises them; an unknown operation is refused by name.
    let request = CallbackRequestType::from_call(operation, payload)?;
    let (api_version, kind) = request.resource();
    check_access(kube, api_version, kind)?;
    // kwctl's replay: the allow-list applies before the call reaches its proxy.
    if let Some(session) = kube.session() {
        return session.answer(operation, payload).map_err(callback_failure);
    }
    let (api_version, kind, namespace, label_selector, field_selector, field_masks) = match request {
        CallbackRequestType::KubernetesGetResource { api_version, kind, name, namespace, field_masks, .. } => {
            return kube
                .get_resource(&api_version, &kind, &name, namespace.as_deref(), field_masks.as_ref())
                .map_err(callback_failure);
        }
        CallbackRequestType::KubernetesListResourceNamespace {
            api_version,
            kind,
            namespace,
            label_selector,
            field_selector,
            field_masks,
        } => (api_version, kind, Some(namespace), label_selector, field_selector, field_masks),
        CallbackRequestType::KubernetesListResourceAll {
            api_version,
            kind,
            label_selector,
            field_selector,
            field_masks,
        } => (api_version, kind, None, label_selector, field_selector, field_masks),
    };
    kube.list_resources(
        &api_version,
        &kind,
        namespace.as_deref(),
        label_selector.as_deref(),
        field_selector.as_deref(),
        field_masks.as_ref(),
    )
    .map_err(callback_failure)
}

fn check_access(kube: &KubeContext, api_version: &str, kind: &str) -> Result<(), Box<dyn Error + Send + Sync>> {
    if kube.can_access(api_version, kind) {
        Ok(())
    } else {
        Err(format!(
            "Policy has not been granted access to Kubernetes {api_version}/{kind} resources. The violation has been reported."
        )
        .into())
    }
}

/// How policy-evaluator wraps an error of the asynchronous callback handler.
fn callback_failure(message: String) -> Box<dyn Error + Send + Sync> {
    format!("Callback evaluation failure: {message}").into()
}

fn offline(namespace: &str, operation: &str) -> CallbackResult {
    Err(callback_failure(format!(
        "the {namespace}/{operation} host capability needs network access, which this offline host does not provide"
    )))
}

fn unknown_operation(operation: &str) -> CallbackResult {
    Err(format!("unknown operation: {operation}").into())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::kube_fixtures::{ContextAwareResource, ResourceAccess};
    use crate::logging::LogConfig;
    use crate::replay::Session;

    const SESSION: &str = "- type: Exchange\n  request: |\n    !KubernetesGetResource\n    api_version: v1\n    kind: Namespace\n    name: a\n    namespace: null\n    disable_cache: false\n  response:\n    type: Success\n    payload: '{\"metadata\":{\"name\":\"a\"}}'\n";
    const GET_NAMESPACE: &[u8] = br#"{"api_version":"v1","kind":"Namespace","name":"a","namespace":null,"disable_cache":false,"field_masks":null}"#;

    fn replaying(granted: &[(&str, &str)]) -> CallbackContext {
        let granted: BTreeSet<ContextAwareResource> =
            granted.iter().map(|(a, k)| ContextAwareResource::new(a, k)).collect();
        let kube = KubeContext::replaying(Session::parse(SESSION).unwrap(), ResourceAccess::AllowList(granted));
        CallbackContext::new(Arc::new(kube), LogConfig::quiet())
    }

    #[test]
    fn a_replayed_read_still_needs_the_grant() {
        assert_eq!(
            replaying(&[("apps/v1", "ControllerRevision")]).call("kubernetes", "get_resource", GET_NAMESPACE),
            Err("Policy has not been granted access to Kubernetes v1/Namespace resources. The violation has been reported.".to_string())
        );
        let granted = replaying(&[("v1", "Namespace")]);
        assert_eq!(
            granted.call("kubernetes", "get_resource", GET_NAMESPACE),
            Ok(br#"{"metadata":{"name":"a"}}"#.to_vec())
        );
        // After the last exchange: kwctl's replay error, wrapped as policy-evaluator wraps it.
        assert_eq!(
            granted.call("kubernetes", "get_resource", GET_NAMESPACE),
            Err("Callback evaluation failure: the list of recorded responses is empty".to_string())
        );
    }

    #[test]
    fn logs_are_recorded_and_never_gated() {
        let ctx = replaying(&[]);
        assert_eq!(ctx.call("tracing", "log", br#"{"level":"debug","message":"m","policy":"p"}"#), Ok(Vec::new()));
        let logs = ctx.take_logs();
        assert_eq!((logs.len(), logs[0].message.as_str()), (1, "m"));
    }
}
