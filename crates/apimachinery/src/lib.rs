//! Go-exact ports of the Kubernetes building blocks a SidecarSet admission policy needs, on
//! objects kept as `serde_json::Value`: the same results and the same error messages as the
//! Go code in `k8s.io/apimachinery`, `k8s.io/kubernetes/pkg/apis/core/validation` and Go's
//! `encoding/json`. Nothing here knows SidecarSets, Kruise or any platform.
//!
//! - `json`: Go-semantics access to JSON objects (missing and `null` are the zero value);
//! - `field_error`: `field.Error` and `field.Path`, with Go's message format;
//! - `quantity`: `resource.Quantity` parsing, canonical form and comparison;
//! - `names`: the `validation` name rules (DNS-1123, qualified names, label values, ports, env);
//! - `selector`: `metav1.LabelSelector` validation and matching;
//! - `image`: container image references (`reference.ParseNormalizedNamed`);
//! - `pod_validation`: `ValidatePodCreate` for containers, init containers and volumes;
//! - `gojson`: Go `encoding/json` decode/encode of the core/v1 and meta/v1 types;
//! - `strings`, `fieldpath`, `time`: small Go functions Rust's standard library lacks.

pub mod field_error;
pub mod fieldpath;
pub mod gojson;
pub mod image;
pub mod json;
pub mod names;
pub mod pod;
pub mod pod_validation;
pub mod quantity;
pub mod selector;
pub mod strings;
pub mod time;
