//! Downward API selectors of env vars and volume files (`validateObjectFieldSelector`,
//! `validateContainerResourceFieldSelector`).

use super::*;

pub(super) const ENV_FIELD_PATHS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// Field labels `ConvertDownwardAPIFieldLabel` accepts for v1 pods (`spec.host` is an alias).
pub(super) const CONVERTIBLE_FIELD_LABELS: &[&str] = &[
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.serviceAccountName",
    "spec.schedulerName",
    "status.phase",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// `validateObjectFieldSelector`.
pub(super) fn object_field_selector(fs: &Value, allowed: &[&str], path: &FieldPath, errs: &mut Errs) {
    let version = str_at(fs, "apiVersion");
    if version.is_empty() {
        errs.push(FieldError::required(&path.child("apiVersion"), ""));
        return;
    }
    let fp = str_at(fs, "fieldPath");
    if fp.is_empty() {
        errs.push(FieldError::required(&path.child("fieldPath"), ""));
        return;
    }
    let conversion_error = if version != "v1" {
        Some(format!("unsupported pod version: {version}"))
    } else if let Some((head, _)) = split_maybe_subscripted_path(fp) {
        (!matches!(head, "metadata.annotations" | "metadata.labels"))
            .then(|| format!("field label does not support subscript: {fp}"))
    } else {
        (!CONVERTIBLE_FIELD_LABELS.contains(&fp) && fp != "spec.host")
            .then(|| format!("field label not supported: {fp}"))
    };
    if let Some(e) = conversion_error {
        errs.push(FieldError::invalid(&path.child("fieldPath"), fp, format!("error converting fieldPath: {e}")));
        return;
    }
    match split_maybe_subscripted_path(fp) {
        // Annotation keys are case-insensitive, so they are checked lower-cased.
        Some(("metadata.annotations", sub)) => {
            let lower = to_lower(sub);
            each_invalid(path, &lower, is_qualified_name(&lower), errs);
        }
        Some((_, sub)) => each_invalid(path, sub, is_qualified_name(sub), errs),
        None => {
            let internal = if fp == "spec.host" { "spec.nodeName" } else { fp };
            if !allowed.contains(&internal) {
                errs.push(FieldError::not_supported(&path.child("fieldPath"), internal, allowed));
            }
        }
    }
}

pub(super) const RESOURCE_FIELD_PATHS: &[&str] = &[
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

/// Divisors `validateContainerResourceDivisor` accepts for byte-sized resources.
pub(super) const BYTE_DIVISORS: &[&str] =
    &["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"];

/// `validateContainerResourceFieldSelector` (+ divisor).
pub(super) fn resource_field_selector(fs: &Value, path: &FieldPath, volume: bool, errs: &mut Errs) {
    let resource = str_at(fs, "resource");
    if volume && str_at(fs, "containerName").is_empty() {
        errs.push(FieldError::required(&path.child("containerName"), ""));
    } else if resource.is_empty() {
        errs.push(FieldError::required(&path.child("resource"), ""));
    } else if !RESOURCE_FIELD_PATHS.contains(&resource)
        && !resource.starts_with("requests.hugepages-")
        && !resource.starts_with("limits.hugepages-")
    {
        errs.push(FieldError::not_supported(&path.child("resource"), resource, RESOURCE_FIELD_PATHS));
    }
    // Divisors are compared by their canonical text, as Go compares `divisor.String()`.
    let Some(div) = get(fs, "divisor").and_then(quantity) else {
        return;
    };
    if div.is_zero() {
        return;
    }
    let text = div.canonical();
    let dpath = path.child("divisor");
    let bad = |what: &str| {
        FieldError::invalid(
            &dpath,
            resource,
            format!(
                "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the {what}"
            ),
        )
    };
    match resource {
        "limits.cpu" | "requests.cpu" if !["1m", "1"].contains(&text.as_str()) => errs.push(FieldError::invalid(
            &dpath,
            resource,
            "only divisor's values 1m and 1 are supported with the cpu resource",
        )),
        "limits.memory" | "requests.memory" if !BYTE_DIVISORS.contains(&text.as_str()) => {
            errs.push(bad("memory resource"))
        }
        "limits.ephemeral-storage" | "requests.ephemeral-storage" if !BYTE_DIVISORS.contains(&text.as_str()) => {
            errs.push(bad("local ephemeral storage resource"))
        }
        _ => {}
    }
    if (resource.starts_with("requests.hugepages-") || resource.starts_with("limits.hugepages-"))
        && !BYTE_DIVISORS.contains(&text.as_str())
    {
        errs.push(bad("hugepages resource"));
    }
}
