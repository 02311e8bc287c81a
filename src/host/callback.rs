//! A [`Host`] over a waPC-style host callback, for hosts that evaluate the engine natively
//! (the CLI, the tests): the same requests, payloads and error texts as the policy module
//! sends through the SDK, so one host callback answers the module and the engine alike.
//!
//! Why not the SDK's own functions: they call the waPC import `__host_call`, which outside
//! wasm is the SDK's stub and answers nothing.

use super::types::{ClusterResourceBinding, ClusterSidecarSet, ControllerRevision, Namespace};
use kubewarden_policy_sdk::Error as SdkError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{
    Host, HostError, namespace_request, resource_bindings_request, revision_request, revisions_request,
    sidecar_sets_request, system_random_fraction,
};

/// `(namespace, operation, payload)` of a call with binding `kubewarden`, answered with the
/// response payload or the host's error text.
pub type HostCallback<'a> = dyn Fn(&str, &str, &[u8]) -> Result<Vec<u8>, String> + 'a;

pub struct CallbackHost<'a> {
    callback: &'a HostCallback<'a>,
    /// A fixed draw instead of the system's (tests); `None` draws at random.
    pub fixed_draw: Option<f64>,
}

impl<'a> CallbackHost<'a> {
    pub fn new(callback: &'a HostCallback<'a>) -> Self {
        CallbackHost { callback, fixed_draw: None }
    }

    /// One `kubernetes/<operation>` call, its errors worded as the SDK words them.
    fn call<T: DeserializeOwned>(
        &self,
        operation: &str,
        request: &impl Serialize,
        context: &str,
    ) -> Result<T, HostError> {
        let message = serde_json::to_vec(request).map_err(|source| {
            HostError(SdkError::Serialization { context: format!("{context} request"), source }.to_string())
        })?;
        // wapc-guest reports a host's error as `Host error: <message>`.
        let response = (self.callback)("kubernetes", operation, &message).map_err(|e| {
            let source = format!("Host error: {e}").into();
            HostError(SdkError::HostCall { operation: format!("kubernetes.{operation}"), source }.to_string())
        })?;
        serde_json::from_slice(&response).map_err(|source| {
            HostError(SdkError::Deserialization { context: format!("{context} response"), source }.to_string())
        })
    }
}

impl Host for CallbackHost<'_> {
    fn namespace(&self, name: &str) -> Result<Namespace, HostError> {
        self.call("get_resource", &namespace_request(name), "get resource")
    }

    fn controller_revision(&self, namespace: &str, name: &str) -> Result<ControllerRevision, HostError> {
        self.call("get_resource", &revision_request(namespace, name), "get resource")
    }

    fn controller_revisions(
        &self,
        namespace: &str,
        label_selector: &str,
    ) -> Result<Vec<ControllerRevision>, HostError> {
        let list: k8s_openapi::List<ControllerRevision> = self.call(
            "list_resources_by_namespace",
            &revisions_request(namespace, label_selector),
            "list resources by namespace",
        )?;
        Ok(list.items)
    }

    fn sidecar_sets(&self) -> Result<Vec<Value>, HostError> {
        let list: k8s_openapi::List<ClusterSidecarSet> =
            self.call("list_resources_all", &sidecar_sets_request(), "list all resources")?;
        Ok(list.items.into_iter().map(|s| s.0).collect())
    }

    fn resource_bindings(&self, namespace: &str) -> Result<Vec<Value>, HostError> {
        let list: k8s_openapi::List<ClusterResourceBinding> = self.call(
            "list_resources_by_namespace",
            &resource_bindings_request(namespace),
            "list resources by namespace",
        )?;
        Ok(list.items.into_iter().map(|b| b.0).collect())
    }

    fn random_fraction(&self) -> f64 {
        self.fixed_draw.unwrap_or_else(system_random_fraction)
    }

    /// The record the SDK's log drain sends (`kubewarden/tracing/log`); the host's answer
    /// does not matter to the policy.
    fn debug(&self, message: &str, fields: &[(&'static str, &str)]) {
        let mut event: Map<String, Value> = fields.iter().map(|(k, v)| ((*k).to_string(), Value::from(*v))).collect();
        event.insert("policy".to_string(), Value::from(super::LOG_NAME));
        event.insert("level".to_string(), Value::from("debug"));
        event.insert("message".to_string(), Value::from(message));
        if let Ok(payload) = serde_json::to_vec(&event) {
            let _ = (self.callback)("tracing", "log", &payload);
        }
    }
}
