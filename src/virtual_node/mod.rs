//! Virtual nodes (Alibaba Cloud ACK/ACS virtual nodes, ECI, any virtual-kubelet node): which
//! pods run there, and the settings that say how to tell.

pub mod placement;
pub mod settings;
