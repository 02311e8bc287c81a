//! The seam between Kruise's injection and the platform the pods run on.
//!
//! Kruise separates vendor behaviour from its webhook through the `SidecarControl` interface
//! (`pkg/control/sidecarcontrol/api.go`): the open-source `commonControl` answers "no" to every
//! vendor question (for instance `IsPodAvailabilityChanged`, so the webhook never injects on a
//! pod UPDATE), and a vendor's control answers otherwise. [`SidecarControl`] is the same seam
//! for this port: the injection calls these hooks and knows nothing of any platform.
//! [`CommonControl`] is Kruise's own behaviour; the ACK wing (`src/ack/`) implements the
//! trait for virtual nodes.

use serde_json::{Map, Value};

use crate::kruise::sidecarset::SidecarSetRef;

/// Where a built sidecar container goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// `spec.containers`, placed by its `podInjectPolicy` (Kruise's behaviour).
    Containers,
    /// `spec.initContainers`, e.g. as a Kubernetes native sidecar.
    InitContainers,
}

/// The hooks a platform gives Kruise's injection. Every method has Kruise's own answer as
/// its default.
pub trait SidecarControl {
    /// `IsPodAvailabilityChanged` / `NeedToInjectInUpdatedPod`: whether the webhook injects
    /// into the pod of an UPDATE request (`old_pod` is the stored pod). Kruise: never.
    fn inject_on_update(&self, _pod: &Value, _old_pod: &Value) -> bool {
        false
    }

    /// Whether a SidecarSet that selects the pod may be injected; `Err` skips it with that
    /// warning for the user. Kruise: every matched SidecarSet is (its webhooks validated them).
    fn admit(&self, _set: &SidecarSetRef<'_>) -> Result<(), String> {
        Ok(())
    }

    /// On an UPDATE, whether `set` may be injected into the existing pod; `Err` skips it with
    /// that warning for the user.
    fn admit_on_update(&self, _set: &SidecarSetRef<'_>) -> Result<(), String> {
        Ok(())
    }

    /// Mark a built (Go-normalised) sidecar container of `set` for the platform, and say
    /// where it goes. `replaces_app_container`: the pod has a container of that name, which
    /// Kruise replaces in place. Kruise: unchanged, into the containers.
    fn mark_sidecar(
        &self,
        _set: &SidecarSetRef<'_>,
        _container: &mut Map<String, Value>,
        _replaces_app_container: bool,
    ) -> Slot {
        Slot::Containers
    }
}

/// Kruise's `commonControl`: no platform behaviour.
#[derive(Clone, Copy, Debug, Default)]
pub struct CommonControl;

impl SidecarControl for CommonControl {}
