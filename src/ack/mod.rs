//! The ACK wing: what Alibaba Cloud ACK/ACS (and any virtual-kubelet platform) adds to
//! Kruise's SidecarSet injection, standing on the Kruise port through its one seam
//! (`kruise::inject::control::SidecarControl`, implemented by [`control::AckControl`]).
//!
//! - `virtual_node`, `placement`: which pods will run on a virtual node, and the label that
//!   says so (predictive labelling at CREATE);
//! - `control`: ACK's update mode (inject on the UPDATE that adds the virtual-node label) and
//!   the sidecar marks of `lifecycle` (`acs`, `eci`, `native`);
//! - `binding`, `references`, `authorization`, `pod_guard`: `SidecarSetResourceBinding`
//!   objects, the cross-namespace ConfigMap/Secret references they authorize, the settings
//!   check and the pod guard; `grants` the bindings of the settings and, read once per
//!   namespace, of the cluster; `admission` which matched SidecarSets may be injected
//!   (cluster SidecarSets validated, references authorized);
//! - `go_types`: the binding's Go field table.
//!
//! Nothing outside this module names an Alibaba Cloud label, annotation or env var.

pub mod admission;
pub mod authorization;
pub mod binding;
pub mod control;
pub mod go_types;
pub mod grants;
pub mod lifecycle;
pub mod placement;
pub mod pod_guard;
pub mod references;
pub mod virtual_node;
