//! Cross-namespace ConfigMap and Secret references and the `SidecarSetResourceBinding`
//! objects that authorize them (ACK's extension to OpenKruise).

pub mod authorization;
pub mod binding;
pub mod references;
