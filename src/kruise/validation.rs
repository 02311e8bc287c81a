//! Kruise's SidecarSet validation (`vsidecarset.kb.io`: `validateSidecarSetSpec` and the object-meta checks in
//! `pkg/webhook/sidecarset/validating/sidecarset_validating_handler.go`) for one settings
//! SidecarSet, as far as it needs no cluster: object metadata, canary annotations (the base
//! must be another settings SidecarSet), selectors, strategies, containers and volumes
//! (Kubernetes pod validation), and pod metadata patches. Kruise validates the defaulted
//! object, so this does too. Paths are precise (`spec.containers[1].podInjectPolicy`) where
//! Kruise's are vague (`spec.container.podInjectPolicy`); the details are Kruise's.
//!
//! Kruise also checks that the ControllerRevision `injectionStrategy.revision` names exists;
//! settings validation cannot read the cluster, so that check happens when a pod is created
//! (a missing revision rejects the pod, with Kruise's message).

use std::collections::HashSet;

use serde_json::{Map, Value};

mod resources_policy;

pub use self::resources_policy::expression_problem;
use self::resources_policy::validate_resources_policy;
use super::defaults::default_spec;
use super::hash::is_native_sidecar;
use super::sidecarset::{ApiVersion, BASE_ANNOTATION, Origin, SidecarSetRef};
use crate::kruise::go_types::{SIDECAR_SET_V1ALPHA1, SIDECAR_SET_V1BETA1};
use apimachinery::field_error::{FieldError, FieldPath, quote};
use apimachinery::fieldpath::split_maybe_subscripted_path;
use apimachinery::gojson::check::check_fields;
use apimachinery::json::list;
use apimachinery::names::{is_dns1123_label, is_qualified_name, validate_annotations, validate_labels};
use apimachinery::pod_validation::validate_sidecar_pod_parts;
use apimachinery::selector::{
    go_label_selector_repr, label_selector_as_selector_errors, selector_is_empty, validate_label_selector,
};

/// All validation errors of one SidecarSet; `all` are the settings' SidecarSets (canary
/// bases are looked up there).
pub fn validate_sidecar_set(set: &SidecarSetRef<'_>, all: &[SidecarSetRef<'_>]) -> Vec<FieldError> {
    validate_sidecar_set_change(set, None, all)
}

/// [`validate_sidecar_set`] for a CREATE (`old` None) or an UPDATE from `old`: an update also
/// may not move a canary to another base.
pub fn validate_sidecar_set_change(
    set: &SidecarSetRef<'_>,
    old: Option<&SidecarSetRef<'_>>,
    all: &[SidecarSetRef<'_>],
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let schema = match set.version {
        ApiVersion::V1alpha1 => &SIDECAR_SET_V1ALPHA1,
        ApiVersion::V1beta1 => &SIDECAR_SET_V1BETA1,
    };
    check_fields(set.object(), schema, &FieldPath::default(), &mut errs);
    if !errs.is_empty() {
        // Go could not even decode the object; further checks would only repeat the problem.
        return errs;
    }
    let mut spec = set.spec().cloned().unwrap_or_default();
    default_spec(&mut spec);
    validate_metadata(set, &mut errs);
    validate_canary(set, old, &spec, all, &mut errs);
    validate_spec(set, &spec, &mut errs);
    errs
}

fn validate_metadata(set: &SidecarSetRef<'_>, errs: &mut Vec<FieldError>) {
    let path = FieldPath::root("metadata");
    let name = set.name;
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        errs.push(FieldError::invalid(
            &path.child("name"),
            name,
            "sidecarset name must consist of alphanumeric characters or '-' (e.g. 'example-com', regex used for validation is '^[a-zA-Z0-9\\-]+$')",
        ));
    }
    if name.len() > 63 {
        errs.push(FieldError::invalid(&path.child("name"), name, "must be no more than 63 characters"));
    }
    let metadata = set.object().get("metadata");
    if metadata.and_then(|m| m.get("namespace")).and_then(Value::as_str).is_some_and(|ns| !ns.is_empty()) {
        errs.push(FieldError::forbidden(&path.child("namespace"), "not allowed on this type"));
    }
    if let Some(labels) = metadata.and_then(|m| m.get("labels")).and_then(Value::as_object) {
        errs.extend(validate_labels(labels, &path.child("labels")));
    }
    if let Some(annotations) = metadata.and_then(|m| m.get("annotations")).and_then(Value::as_object) {
        errs.extend(validate_annotations(annotations, &path.child("annotations")));
    }
}

/// `validateSidecarSetCanaryAnnotations`, with the base looked up among the settings.
fn validate_canary(
    set: &SidecarSetRef<'_>,
    old: Option<&SidecarSetRef<'_>>,
    spec: &Map<String, Value>,
    all: &[SidecarSetRef<'_>],
    errs: &mut Vec<FieldError>,
) {
    let Some(base) = set.canary_base() else { return };
    let path = FieldPath::root("metadata");
    let annotations = render_annotations(set);
    let mut invalid = |detail: String| errs.push(FieldError::invalid_raw(&path, annotations.clone(), detail));
    if base == set.name {
        invalid("base sidecarSet cannot be itself".to_string());
    }
    if old.is_some_and(|o| o.annotation(BASE_ANNOTATION).unwrap_or("") != base) {
        invalid(format!("annotations[{BASE_ANNOTATION}] is immutable"));
    }
    match all.iter().find(|s| s.name == base) {
        None => invalid(match set.origin {
            Origin::Settings => {
                format!("fetch base sidecarSet[{base}] failed: no SidecarSet named {base:?} in the settings")
            }
            // The API server's answer to Kruise's GET.
            Origin::Cluster => {
                format!("fetch base sidecarSet[{base}] failed: sidecarsets.apps.kruise.io {base:?} not found")
            }
        }),
        Some(b) if b.canary_base().is_some() => invalid("base sidecarSet cannot be canary".to_string()),
        Some(_) => {}
    }
    if strategy_type(spec) != "NotUpdate" {
        invalid("RollingUpdate is not supported for canary sidecarSet".to_string());
    }
}

fn validate_spec(set: &SidecarSetRef<'_>, spec: &Map<String, Value>, errs: &mut Vec<FieldError>) {
    let path = FieldPath::root("spec");
    let init_containers = list(spec.get("initContainers"));
    let containers = list(spec.get("containers"));
    // In-place upgrade of native sidecars is not supported.
    for c in init_containers {
        if is_native_sidecar(c) && strategy_type(spec) == "RollingUpdate" {
            errs.push(FieldError::required(
                &path.child("updateStrategy"),
                "The initContainer in-place upgrade is not currently supported.",
            ));
        }
    }
    // Selector, namespace scope, injection and update strategies.
    match spec.get("selector").filter(|s| !s.is_null()) {
        None => errs.push(FieldError::required(&path.child("selector"), "no selector defined for SidecarSet")),
        Some(sel) => validate_selector(sel, &path.child("selector"), errs),
    }
    validate_namespace_scope(set, spec, &path, errs);
    validate_injection_strategy(spec, &path.child("injectionStrategy"), errs);
    validate_update_strategy(spec, &path.child("updateStrategy"), errs);
    // At least one container.
    if init_containers.is_empty() && containers.is_empty() {
        errs.push(FieldError::required(&path, "no initContainer or container defined for SidecarSet"));
    } else {
        validate_containers(init_containers, containers, &path, errs);
        errs.extend(validate_sidecar_pod_parts(init_containers, containers, list(spec.get("volumes")), &path));
    }
    validate_patch_pod_metadata(spec, &path.child("patchPodMetadata"), errs);
}

/// Kruise's `validateSelector`: label selector syntax, non-empty, convertible.
pub fn validate_selector(sel: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    errs.extend(validate_label_selector(sel, path));
    if selector_is_empty(sel) {
        errs.push(FieldError::invalid_raw(
            path,
            go_label_selector_repr(sel),
            "empty selector is not valid for sidecarset.",
        ));
    }
    errs.extend(label_selector_as_selector_errors(sel, path));
}

/// `spec.namespace` (v1alpha1) and `spec.namespaceSelector`.
fn validate_namespace_scope(
    set: &SidecarSetRef<'_>,
    spec: &Map<String, Value>,
    path: &FieldPath,
    errs: &mut Vec<FieldError>,
) {
    if set.version == ApiVersion::V1alpha1
        && let Some(ns) = spec.get("namespace").and_then(Value::as_str).filter(|ns| !ns.is_empty())
    {
        for msg in is_dns1123_label(ns) {
            errs.push(FieldError::invalid(&path.child("namespace"), ns, msg));
        }
    }
    let Some(sel) = spec.get("namespaceSelector").filter(|s| !s.is_null()) else { return };
    validate_selector(sel, &path.child("namespaceSelector"), errs);
}

/// `validateSidecarSetInjectionStrategy`: a revision names a revision or a custom version,
/// and its policy is one Kruise knows.
fn validate_injection_strategy(spec: &Map<String, Value>, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let Some(revision) = spec.get("injectionStrategy").and_then(|s| s.get("revision")).filter(|r| !r.is_null()) else {
        return;
    };
    let path = path.child("revision");
    let field = |key: &str| revision.get(key).and_then(Value::as_str);
    let rendered = go_revision_repr(revision);
    if field("revisionName").is_none() && field("customVersion").is_none() {
        errs.push(FieldError::invalid_raw(
            &path,
            rendered.clone(),
            "revisionName and customVersion cannot be empty simultaneously",
        ));
    }
    let policy = field("policy").unwrap_or("");
    if !["", "Always", "Partial"].contains(&policy) {
        errs.push(FieldError::invalid_raw(
            &path.child("policy"),
            rendered,
            format!("Invalid policy {policy}, supported: [Always, Partial]"),
        ));
    }
}

/// Go's `%#v` of a `SidecarSetInjectRevision`, as Kruise's message shows it; where Go prints
/// the address of a set pointer, the value it points to is shown.
fn go_revision_repr(revision: &Value) -> String {
    let pointer = |key: &str| match revision.get(key).and_then(Value::as_str) {
        Some(v) => format!("(*string)({})", quote(v)),
        None => "(*string)(nil)".to_string(),
    };
    format!(
        "v1beta1.SidecarSetInjectRevision{{CustomVersion:{}, RevisionName:{}, Policy:{}}}",
        pointer("customVersion"),
        pointer("revisionName"),
        quote(revision.get("policy").and_then(Value::as_str).unwrap_or(""))
    )
}

/// Partition, selector and the priority and scatter strategies: only checked for
/// `RollingUpdate`, as in Kruise.
fn validate_update_strategy(spec: &Map<String, Value>, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let Some(strategy) = spec.get("updateStrategy").and_then(Value::as_object) else { return };
    if strategy_type(spec) != "RollingUpdate" {
        return;
    }
    let selector = strategy.get("selector").filter(|s| !s.is_null());
    let partition = strategy.get("partition").filter(|p| !p.is_null());
    let partition_set = partition.is_some_and(|p| p.is_string() || p.as_i64().is_some_and(|n| n != 0));
    if partition_set && selector.is_some() {
        errs.push(FieldError::invalid_raw(
            &FieldPath::root("updateStrategy"),
            apimachinery::gojson::write::to_string(&Value::Object(strategy.clone())),
            "Partition and Selector cannot be used together",
        ));
    }
    if let Some(sel) = selector {
        validate_selector(sel, &path.child("selector"), errs);
    }
    for field in ["partition", "maxUnavailable"] {
        if let Some(v) = strategy.get(field).filter(|v| !v.is_null()) {
            validate_positive_int_or_percent(v, &path.child(field), errs);
        }
    }
    if let Some(priority) = strategy.get("priorityStrategy").filter(|p| !p.is_null())
        && let Err(e) = priority_strategy_error(priority)
    {
        errs.push(FieldError::required(&path.child("priorityStrategy"), e));
    }
    if let Err(e) = scatter_strategy_error(list(strategy.get("scatterStrategy"))) {
        errs.push(FieldError::required(&path.child("scatterStrategy"), e));
    }
}

/// `ValidatePositiveIntOrPercent`.
fn validate_positive_int_or_percent(v: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    match v {
        Value::String(s) => {
            let valid = s.strip_suffix('%').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !valid {
                errs.push(FieldError::invalid_raw(
                    path,
                    go_int_or_string_repr(s),
                    "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                ));
            }
        }
        _ => {
            if v.as_i64().unwrap_or(0) < 0 {
                errs.push(FieldError::invalid_raw(path, v.to_string(), "must be greater than or equal to 0"));
            }
        }
    }
}

/// How Kubernetes renders a string `IntOrString` as the bad value of a field error. Its
/// `String()` method has a pointer receiver, so the value passed by `ValidatePositiveIntOrPercent`
/// is no `fmt.Stringer` and `field.Error` falls back to Go's `%#v` (`Type:1` is `intstr.String`).
fn go_int_or_string_repr(s: &str) -> String {
    format!("intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}", quote(s))
}

/// `UpdatePriorityStrategy.FieldsValidation`.
fn priority_strategy_error(priority: &Value) -> Result<(), String> {
    let weights = list(priority.get("weightPriority"));
    let orders = list(priority.get("orderPriority"));
    if !weights.is_empty() && !orders.is_empty() {
        return Err("only one of weightPriority and orderPriority can be used".to_string());
    }
    for w in weights {
        let weight = w.get("weight").and_then(Value::as_i64).unwrap_or(0);
        if !(0..=100).contains(&weight) {
            return Err("weight must be valid number in the range 1-100".to_string());
        }
        let sel = w.get("matchSelector").unwrap_or(&Value::Null);
        if selector_is_empty(sel) {
            return Err("selector can not be empty".to_string());
        }
        if let Some(e) = label_selector_as_selector_errors(sel, &FieldPath::root("matchSelector")).first() {
            return Err(format!("invalid selector {}", e.detail));
        }
    }
    for o in orders {
        if o.get("orderedKey").and_then(Value::as_str).unwrap_or("").is_empty() {
            return Err("order key can not be empty".to_string());
        }
    }
    Ok(())
}

/// `UpdateScatterStrategy.FieldsValidation`.
fn scatter_strategy_error(terms: &[Value]) -> Result<(), String> {
    let mut seen = HashSet::new();
    for term in terms {
        let key = term.get("key").and_then(Value::as_str).unwrap_or("");
        let value = term.get("value").and_then(Value::as_str).unwrap_or("");
        if key.is_empty() {
            return Err("key should not be empty".to_string());
        }
        if !seen.insert((key, value)) {
            return Err(format!("duplicated key={key} value={value}"));
        }
    }
    Ok(())
}

/// Kruise's own container rules (`podInjectPolicy`, `shareVolumePolicy`, `upgradeStrategy`,
/// `transferEnv`, `resourcesPolicy`).
fn validate_containers(init_containers: &[Value], containers: &[Value], path: &FieldPath, errs: &mut Vec<FieldError>) {
    for (field, items) in [("initContainers", init_containers), ("containers", containers)] {
        for (i, c) in items.iter().enumerate() {
            let c_path = path.child(field).index(i);
            validate_resources_policy(c, &c_path, field == "initContainers", errs);
            if field == "containers" {
                let policy = c.get("podInjectPolicy").and_then(Value::as_str).unwrap_or("");
                if policy != "BeforeAppContainer" && policy != "AfterAppContainer" {
                    errs.push(FieldError::invalid(
                        &c_path.child("podInjectPolicy"),
                        policy,
                        "unsupported pod inject policy; supported values: \"BeforeAppContainer\", \"AfterAppContainer\"",
                    ));
                }
                let share =
                    c.get("shareVolumePolicy").and_then(|s| s.get("type")).and_then(Value::as_str).unwrap_or("");
                if share != "enabled" && share != "disabled" {
                    errs.push(FieldError::invalid(
                        &c_path.child("shareVolumePolicy"),
                        share,
                        "unsupported share volume policy; supported values: \"enabled\", \"disabled\"",
                    ));
                }
            }
            for (t, entry) in list(c.get("transferEnv")).iter().enumerate() {
                let t_path = c_path.child("transferEnv").index(t);
                if let Some(from) = entry.get("sourceContainerNameFrom").filter(|f| !f.is_null()) {
                    let field_path = t_path.child("sourceContainerNameFrom").child("fieldRef");
                    match from.get("fieldRef").filter(|f| !f.is_null()) {
                        Some(field_ref) => validate_field_ref(field_ref, &field_path, errs),
                        None => errs.push(FieldError::required(&field_path, "")),
                    }
                }
            }
        }
    }
}

/// `validateObjectFieldSelector` for `transferEnv.sourceContainerNameFrom.fieldRef`: only
/// `metadata.annotations['k']` and `metadata.labels['k']` of API version v1.
fn validate_field_ref(field_ref: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    const TRANSFER_ENV_FIELD_PATHS: &str = "supported: metadata.annotations['<key>'], metadata.labels['<key>']";
    let api_version = field_ref.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let field_path = field_ref.get("fieldPath").and_then(Value::as_str).unwrap_or("");
    if api_version.is_empty() {
        errs.push(FieldError::required(&path.child("apiVersion"), ""));
        return;
    }
    if field_path.is_empty() {
        errs.push(FieldError::required(&path.child("fieldPath"), ""));
        return;
    }
    let conversion_error = if api_version != "v1" {
        Some(format!("unsupported pod version: {api_version}; supported values: \"v1\""))
    } else {
        match split_maybe_subscripted_path(field_path) {
            Some(("metadata.annotations" | "metadata.labels", _)) => None,
            Some((p, _)) => Some(format!("field path not supported: {p}; {TRANSFER_ENV_FIELD_PATHS}")),
            None => Some(format!("field label not supported: {field_path}; {TRANSFER_ENV_FIELD_PATHS}")),
        }
    };
    if let Some(e) = conversion_error {
        errs.push(FieldError::invalid(
            &path.child("fieldPath"),
            field_path,
            format!("error converting fieldPath: {e}"),
        ));
        return;
    }
    if let Some((p, key)) = split_maybe_subscripted_path(field_path) {
        let checked = if p == "metadata.annotations" { key.to_lowercase() } else { key.to_string() };
        for msg in is_qualified_name(&checked) {
            errs.push(FieldError::invalid(path, key, msg));
        }
    }
}

/// `validateSidecarSetPatchMetadata`: policies, JSON values, no key patched twice (Kruise's
/// annotation allow-list does not apply: settings authors are trusted like cluster
/// administrators).
fn validate_patch_pod_metadata(spec: &Map<String, Value>, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let mut keys = HashSet::new();
    for (i, patch) in list(spec.get("patchPodMetadata")).iter().enumerate() {
        let annotations = patch.get("annotations").and_then(Value::as_object);
        match annotations.filter(|a| !a.is_empty()) {
            None => errs.push(FieldError::required(path, "no annotations defined for SidecarSet")),
            Some(a) => errs.extend(validate_annotations(a, &path.index(i).child("annotations"))),
        }
        if patch.get("patchPolicy").and_then(Value::as_str).unwrap_or("").is_empty() {
            errs.push(FieldError::required(path, "no patchPolicy defined for patchPodMetadata"));
        }
        for key in annotations.into_iter().flat_map(|a| a.keys()) {
            if !keys.insert(key.as_str()) {
                errs.push(FieldError::required(path, format!("patch annotation[{key}] already exist")));
            }
        }
    }
}

fn strategy_type(spec: &Map<String, Value>) -> &str {
    spec.get("updateStrategy").and_then(|s| s.get("type")).and_then(Value::as_str).unwrap_or("")
}

/// The object's annotations as Go's `%#v` prints a `map[string]string` (keys sorted).
fn render_annotations(set: &SidecarSetRef<'_>) -> String {
    let mut pairs: Vec<(&String, &str)> = set
        .object()
        .get("metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k, v.as_str().unwrap_or(""))).collect())
        .unwrap_or_default();
    pairs.sort();
    let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{}:{}", quote(k), quote(v))).collect();
    format!("map[string]string{{{}}}", body.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn int_or_percent_errors(v: Value) -> Vec<String> {
        let mut errs = Vec::new();
        validate_positive_int_or_percent(&v, &FieldPath::root("spec.updateStrategy.partition"), &mut errs);
        errs.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn int_or_percent_messages_are_kubernetes_ones() {
        assert_eq!(
            int_or_percent_errors(json!("ten%")),
            [concat!(
                r#"spec.updateStrategy.partition: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"ten%"}: "#,
                "a valid percent string must be a numeric string followed by an ending '%' ",
                "(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
            )]
        );
        assert_eq!(
            int_or_percent_errors(json!(-1)),
            ["spec.updateStrategy.partition: Invalid value: -1: must be greater than or equal to 0"]
        );
        for ok in [json!("0%"), json!("100%"), json!(0), json!(3)] {
            assert_eq!(int_or_percent_errors(ok), Vec::<String>::new());
        }
        assert_eq!(int_or_percent_errors(json!("5")).len(), 1, "a numeric string is no percentage");
    }
}
