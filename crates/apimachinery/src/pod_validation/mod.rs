//! `corevalidation.ValidatePodCreate` (Kubernetes v1.32) on the fake pod Kruise's SidecarSet
//! validation builds from a SidecarSet (`validateSidecarSetSpec` in
//! `pkg/webhook/sidecarset/validating/sidecarset_validating_handler.go`): the SidecarSet's
//! init containers, containers and volumes inside an otherwise fixed, valid pod, with Kruise's
//! validation options. Only those three parts can be wrong, so only their rules are ported, in
//! Kubernetes' order, with its error types, paths and detail texts (quirks included).
//!
//! One file per section of `pkg/apis/core/validation/validation.go`; `docs/pod-validation.md`
//! lists what is covered and what is deliberately left out or approximated.

mod containers;
mod downward_api;
mod probes;
mod projected;
mod resources;
mod security_context;
mod volumes;

use self::containers::*;
use self::downward_api::*;
use self::probes::*;
use self::projected::*;
use self::resources::*;
use self::security_context::*;
use self::volumes::*;
use std::cmp::Ordering;

use serde_json::{Map, Value};

use crate::field_error::{ErrorKind, FieldError, FieldPath, quote};
use crate::fieldpath::split_maybe_subscripted_path;
use crate::json::{as_int, bool_at, get, int_at, list_at, map_at, opt_int, opt_str, str_at};
use crate::names::{
    has_chdir_prefix, is_dns1123_label, is_dns1123_subdomain, is_env_var_name, is_qualified_name, is_valid_label_value,
    is_valid_port_name, is_valid_port_num,
};
use crate::quantity::Quantity;
use crate::selector::{go_label_selector_repr, validate_label_selector};
use crate::strings::to_lower;

/// The fake pod's name: generic ephemeral volumes create PVCs named `test-<volume>`.
const FAKE_POD_NAME: &str = "test";
/// The stand-in container Kruise adds when the SidecarSet has no containers.
const FAKE_CONTAINER_NAME: &str = "test";
/// The fake pod's `terminationGracePeriodSeconds` (bounds lifecycle sleep actions).
const GRACE_PERIOD: i64 = 30;

const FILE_MODE_MSG: &str = "must be a number between 0 and 0777 (octal), both inclusive";
const NEGATIVE_MSG: &str = "must be greater than or equal to 0";
const MORE_THAN_ONE_VOLUME: &str = "may not specify more than 1 volume type";
const MORE_THAN_ONE_HANDLER: &str = "may not specify more than 1 handler type";
const INIT_WITHOUT_ALWAYS: &str = "may not be set for init containers without restartPolicy=Always";
const CONFIG_MAP_KEY_MSG: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const HTTP_HEADER_MSG: &str = "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";

type Errs = Vec<FieldError>;

/// The errors ValidatePodCreate reports for the containers, init containers and volumes of
/// the fake pod Kruise builds from a SidecarSet. Paths are rooted at `path` (the lead passes
/// FieldPath::root("spec")), e.g. `spec.containers[1].image: Required value`.
pub fn validate_sidecar_pod_parts(
    init_containers: &[Value],
    containers: &[Value],
    volumes: &[Value],
    path: &FieldPath,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let vols = validate_volumes(volumes, &path.child("volumes"), &mut errs);
    let ctx = Ctx { vols: &vols };

    // The stand-in container is valid and has no ports; it only takes part in name uniqueness
    // and in the pod-wide hostProcess count.
    let regular_names: Vec<&str> = if containers.is_empty() {
        vec![FAKE_CONTAINER_NAME]
    } else {
        validate_containers(&ctx, containers, &path.child("containers"), &mut errs);
        containers.iter().map(|c| str_at(c, "name")).collect()
    };
    validate_init_containers(&ctx, init_containers, &regular_names, &path.child("initContainers"), &mut errs);
    validate_host_process_pod(init_containers, containers, path, &mut errs);
    // Pod-only checks run after the whole spec: containers first, then init containers.
    for (list, name) in [(containers, "containers"), (init_containers, "initContainers")] {
        for (i, c) in list.iter().enumerate() {
            let image = str_at(c, "image");
            if image.trim().len() != image.len() {
                errs.push(FieldError::invalid(
                    &path.child(name).index(i).child("image"),
                    image,
                    "must not have leading or trailing whitespace",
                ));
            }
        }
    }
    errs
}

/// A quantity as Go decodes it: a JSON string, or a bare JSON number read as its text.
fn quantity(v: &Value) -> Option<Quantity> {
    match v {
        Value::String(s) => Quantity::parse(s).ok(),
        Value::Number(n) => Quantity::parse(&n.to_string()).ok(),
        // Go decodes a `null` quantity as zero.
        Value::Null => Quantity::parse("0").ok(),
        _ => None,
    }
}

fn invalid_int(path: &FieldPath, n: i64, detail: impl Into<String>) -> FieldError {
    FieldError::invalid_raw(path, n.to_string(), detail)
}

fn too_long(path: &FieldPath, max: usize) -> FieldError {
    FieldError::new(path, ErrorKind::TooLong, None, format!("may not be more than {max} bytes"))
}

fn range_msg(lo: i64, hi: i64) -> String {
    format!("must be between {lo} and {hi}, inclusive")
}

/// `Invalid` errors, one per message of a name check.
fn each_invalid(path: &FieldPath, value: &str, msgs: Vec<String>, errs: &mut Errs) {
    errs.extend(msgs.into_iter().map(|m| FieldError::invalid(path, value, m)));
}

/// `apimachineryvalidation.NameIsDNSSubdomain(name, prefix)`. With `prefix`, Go replaces the
/// last *two* bytes of a name ending in '-' by "a" (an upstream slip that is observable).
/// Non-ASCII bytes can only fail the check; they are replaced by an invalid ASCII byte so that a
/// byte slice in the middle of a character cannot matter and lengths stay Go's.
fn dns_subdomain_name(name: &str, prefix: bool) -> Vec<String> {
    if prefix && name.len() > 1 && name.ends_with('-') {
        let bytes = name.as_bytes();
        let kept = bytes.get(..bytes.len() - 2).unwrap_or_default();
        let mut masked: String = kept.iter().map(|&b| if b.is_ascii() { b as char } else { '_' }).collect();
        masked.push('a');
        return is_dns1123_subdomain(&masked);
    }
    is_dns1123_subdomain(name)
}

/// `IsConfigMapKey`.
fn config_map_key_errors(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    if key.len() > 253 {
        out.push("must be no more than 253 characters".to_string());
    }
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_')) {
        out.push(CONFIG_MAP_KEY_MSG.to_string());
    }
    out.extend(has_chdir_prefix(key).map(str::to_string));
    out
}

// ---- paths ---------------------------------------------------------------------------------

/// `validatePathNoBacksteps`: one error if any '/'-separated element is "..".
fn no_backsteps(p: &str, path: &FieldPath, errs: &mut Errs) {
    if p.split('/').any(|e| e == "..") {
        errs.push(FieldError::invalid(path, p, "must not contain '..'"));
    }
}

/// `validateLocalDescendingPath`: relative, without "..".
fn local_descending(p: &str, path: &FieldPath, errs: &mut Errs) {
    if p.starts_with('/') {
        errs.push(FieldError::invalid(path, p, "must be a relative path"));
    }
    no_backsteps(p, path, errs);
}

/// `ValidateLocalNonReservedPath`: also no leading ".." (such names are reserved by the atomic
/// writer for its own directories).
fn local_non_reserved(p: &str, path: &FieldPath, errs: &mut Errs) {
    local_descending(p, path, errs);
    if p.starts_with("..") && !p.starts_with("../") {
        errs.push(FieldError::invalid(path, p, "must not start with '..'"));
    }
}

fn file_mode(v: &Value, key: &str, path: &FieldPath, errs: &mut Errs) {
    if let Some(m) = opt_int(v, key)
        && !(0..=0o777).contains(&m)
    {
        errs.push(invalid_int(&path.child(key), m, FILE_MODE_MSG));
    }
}

#[cfg(test)]
mod tests;
