//! Kubernetes building blocks re-implemented for the policy: quantities, names and label
//! selectors, with the exact semantics and messages of apimachinery.

pub mod image;
pub mod names;
pub mod pod_validation;
pub mod quantity;
pub mod selector;
