//! The ACK wing's answers to Kruise's injection hooks (`SidecarControl`): ACK's post-scheduling
//! update mode, and how a built sidecar is marked for the platform (`sidecarLifecycle`).

use apimachinery::json::list;
use apimachinery::pod;
use serde_json::{Map, Value};

use super::admission::SidecarSetAdmission;
use super::lifecycle::{LIFECYCLE_ANNOTATION, Lifecycle, make_native, mark_env};
use super::placement::has_virtual_node_label;
use super::virtual_node::VirtualNodeSettings;
use crate::kruise::inject::build::INJECTED_LIST_ANNOTATION;
use crate::kruise::inject::control::{SidecarControl, Slot};
use crate::kruise::sidecarset::SidecarSetRef;

/// ACK's `SidecarControl`, configured by the settings.
#[derive(Clone, Copy, Debug)]
pub struct AckControl<'s> {
    pub virtual_node: &'s VirtualNodeSettings,
    /// The settings' `sidecarLifecycle` (a SidecarSet's annotation overrides it).
    pub lifecycle: Lifecycle,
    /// Which matched SidecarSets may be injected; `None` admits all (settings validation
    /// checked them).
    pub admission: Option<&'s SidecarSetAdmission<'s>>,
}

impl AckControl<'_> {
    /// The lifecycle mode of `set`'s sidecars.
    fn lifecycle_of(&self, set: &SidecarSetRef<'_>) -> Lifecycle {
        set.annotation(LIFECYCLE_ANNOTATION).and_then(Lifecycle::parse).unwrap_or(self.lifecycle)
    }
}

impl SidecarControl for AckControl<'_> {
    /// ACK mode: the UPDATE that adds the virtual-node label to a pod of a served compute class
    /// that is neither injected nor running yet gets its sidecars (ACK's `SidecarSetServerlessPod` API-server gate
    /// allows adding containers then). Any other update is left alone.
    fn inject_on_update(&self, pod: &Value, old_pod: &Value) -> bool {
        let vn = self.virtual_node;
        let label_added = has_virtual_node_label(pod, vn) && !has_virtual_node_label(old_pod, vn);
        let injected = pod::annotation(pod, INJECTED_LIST_ANNOTATION).is_some_and(|l| !l.is_empty());
        vn.ack_mode
            && label_added
            && vn.serves_compute_class(pod)
            && !injected
            && pod::is_active(pod)
            && !is_running(pod)
    }

    fn admit(&self, set: &SidecarSetRef<'_>) -> Result<(), String> {
        self.admission.map_or(Ok(()), |a| a.admit(set))
    }

    /// A pod update cannot add init containers, so native sidecars cannot be injected.
    fn admit_on_update(&self, set: &SidecarSetRef<'_>) -> Result<(), String> {
        if self.lifecycle_of(set) == Lifecycle::Native {
            return Err(format!(
                "SidecarSet {} was not injected: its sidecar lifecycle is native, and native sidecars (init containers) cannot be added to an existing pod",
                set.name
            ));
        }
        Ok(())
    }

    /// Env-marked sidecars stay containers; native ones move to the init containers, unless
    /// the pod has a container of that name (Kruise then replaces it in place, and a
    /// same-named init container would make the pod invalid).
    fn mark_sidecar(&self, set: &SidecarSetRef<'_>, container: &mut Map<String, Value>, replaces_app: bool) -> Slot {
        let mode = self.lifecycle_of(set);
        if mode == Lifecycle::Native && !replaces_app {
            *container = make_native(container);
            Slot::InitContainers
        } else {
            mark_env(container, mode);
            Slot::Containers
        }
    }
}

/// A pod is running once it left `Pending` or one of its containers started.
fn is_running(pod: &Value) -> bool {
    let status = pod.get("status");
    let phase = status.and_then(|s| s.get("phase")).and_then(Value::as_str).unwrap_or("");
    let started = ["containerStatuses", "initContainerStatuses"].iter().any(|field| {
        list(status.and_then(|s| s.get(field)))
            .iter()
            .any(|c| c.get("state").is_some_and(|st| st.get("running").is_some() || st.get("terminated").is_some()))
    });
    !(phase.is_empty() || phase == "Pending") || started
}

#[cfg(test)]
mod tests;
