//! The policy module's [`Host`]: Kubewarden's host capabilities through the SDK, the WASI
//! random source, and the SDK's log drain (`kubewarden/tracing/log`), which policy-server
//! shows at debug level.

use super::types::{ClusterResourceBinding, ClusterSidecarSet, ControllerRevision, Namespace};
use kubewarden_policy_sdk::host_capabilities::kubernetes::{
    get_resource, list_all_resources, list_resources_by_namespace,
};
use kubewarden_policy_sdk::logging::KubewardenDrain;
use serde_json::Value;
use slog::{Drain, KV, Logger, Record, Serializer, o};

use super::{
    Host, HostError, LOG_NAME, namespace_request, resource_bindings_request, revision_request, revisions_request,
    sidecar_sets_request, system_random_fraction,
};

pub struct SdkHost {
    log: Logger,
}

impl Default for SdkHost {
    fn default() -> Self {
        // `ignore_res`, not the SDK's `fuse`: a failing log call must not trap the policy.
        SdkHost { log: Logger::root(KubewardenDrain::default().ignore_res(), o!("policy" => LOG_NAME)) }
    }
}

fn host_error(e: kubewarden_policy_sdk::Error) -> HostError {
    HostError(e.to_string())
}

impl Host for SdkHost {
    fn namespace(&self, name: &str) -> Result<Namespace, HostError> {
        get_resource(&namespace_request(name)).map_err(host_error)
    }

    fn controller_revision(&self, namespace: &str, name: &str) -> Result<ControllerRevision, HostError> {
        get_resource(&revision_request(namespace, name)).map_err(host_error)
    }

    fn controller_revisions(
        &self,
        namespace: &str,
        label_selector: &str,
    ) -> Result<Vec<ControllerRevision>, HostError> {
        list_resources_by_namespace(&revisions_request(namespace, label_selector)).map(|l| l.items).map_err(host_error)
    }

    fn sidecar_sets(&self) -> Result<Vec<Value>, HostError> {
        list_all_resources::<ClusterSidecarSet>(&sidecar_sets_request())
            .map(|l| l.items.into_iter().map(|s| s.0).collect())
            .map_err(host_error)
    }

    fn resource_bindings(&self, namespace: &str) -> Result<Vec<Value>, HostError> {
        list_resources_by_namespace::<ClusterResourceBinding>(&resource_bindings_request(namespace))
            .map(|l| l.items.into_iter().map(|b| b.0).collect())
            .map_err(host_error)
    }

    fn random_fraction(&self) -> f64 {
        system_random_fraction()
    }

    fn debug(&self, message: &str, fields: &[(&'static str, &str)]) {
        slog::debug!(self.log, "{}", message; Fields(fields));
    }
}

/// Key/value pairs of one record.
struct Fields<'a>(&'a [(&'static str, &'a str)]);

impl KV for Fields<'_> {
    fn serialize(&self, _record: &Record<'_>, serializer: &mut dyn Serializer) -> slog::Result {
        for (key, value) in self.0 {
            serializer.emit_str(key, value)?;
        }
        Ok(())
    }
}
