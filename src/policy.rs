//! The policy's two operations on raw waPC payloads, free of waPC itself so that they are
//! tested natively: `validate` (an admission request plus settings in, a
//! `ValidationResponse` out) and `validate_settings`.
//!
//! This is the floor that composes the rooms: it reads the envelope, and for a pod it runs
//! the ACK wing's predictive labelling, Kruise's injection with the ACK wing's hooks, and the
//! ACK wing's pod guard. Every refusal is an `Error`, answered in one place (`response`).

use apimachinery::pod;
use apimachinery::time::{UnixSeconds, format_rfc3339};
use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::Value;

use crate::ack::admission::SidecarSetAdmission;
use crate::ack::control::AckControl;
use crate::ack::grants::{Grants, referenced_namespaces};
use crate::ack::placement::{label_if_certain, unsupported_compute_class_warning};
use crate::ack::pod_guard::check_pod_references;
use crate::audit;
use crate::error::{Error, Result};
use crate::explain;
use crate::host::Host;
use crate::kruise::inject::build::INJECTED_LIST_ANNOTATION;
use crate::kruise::inject::control::SidecarControl;
use crate::kruise::inject::decision::Outcome;
use crate::kruise::inject::hash_annotation;
use crate::kruise::inject::matching::applies_to;
use crate::kruise::inject::{ClusterView, Injection, Operation, inject};
use crate::kruise::sidecarset::HASH_ANNOTATION;
use crate::kruise::sidecarset::SidecarSetRef;
use crate::limits::{MAX_PAYLOAD_BYTES, MAX_SETTINGS_BYTES, describe_bytes};
use crate::opt_out::{PodOptOut, excluded_namespace_warning};
use crate::payload::Payload;
use crate::pod_shape::check_shape;
use crate::response::{accept, accept_with_warnings, from_error, mutate, reject_with_warnings, settings_validation};
use crate::settings::{self, Mode, Role, Settings};
use crate::sidecarset_admission;
use apimachinery::field_error::quote;

/// Audit annotation naming the SidecarSets injected into a pod.
pub const AUDIT_INJECTED: &str = "sidecarset-policy.kubewarden.io/injected";
/// Audit annotation giving the reason a pod was labelled as a virtual-node pod.
pub const AUDIT_VIRTUAL_NODE: &str = "sidecarset-policy.kubewarden.io/virtual-node";

/// Evaluate a `{"request": AdmissionRequest, "settings": ...}` payload. `now` is the time
/// recorded in the pod's hash annotations. Never fails: every problem is a rejection with a
/// message, so the host never sees a guest error.
/// `host` answers the cluster reads, random draws and logs.
pub fn validate(payload: &[u8], now: UnixSeconds, host: &dyn Host) -> Vec<u8> {
    evaluate(payload, now, host).unwrap_or_else(|e| {
        host.debug("request rejected", &[("reason", &e.message)]);
        from_error(e)
    })
}

fn evaluate(payload: &[u8], now: UnixSeconds, host: &dyn Host) -> Result<Vec<u8>> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(Error::bad_request(format!(
            "invalid validation request: {} bytes (request and settings); the policy evaluates at most {}",
            payload.len(),
            describe_bytes(MAX_PAYLOAD_BYTES)
        )));
    }
    let mut payload: Payload<'_> = read_payload(payload)?;
    let Some(request) = Some(&mut payload.request).filter(|r| r.is_object()) else {
        return Err(Error::bad_request("invalid validation request: \"request\" must be an AdmissionRequest object"));
    };
    let object = request.get_mut("object").map(Value::take).unwrap_or(Value::Null);
    let request = &payload.request;
    let settings = Settings::read_text(&payload.settings)?;
    if !settings.role.injects() {
        return sidecarset_admission::evaluate(settings.role, request, object, host, &settings.kruise_namespace);
    }
    if !is_pod_request(request) {
        return Ok(accept());
    }
    let pods = PodAdmission {
        host,
        settings: &settings,
        control: AckControl { virtual_node: &settings.virtual_node, lifecycle: settings.lifecycle, admission: None },
        now: format_rfc3339(now),
    };
    match request.get("operation").and_then(Value::as_str) {
        Some("CREATE") => pods.on_create(request, object),
        Some("UPDATE") => pods.on_update(request, object),
        // DELETE and CONNECT do not carry a pod to inject into.
        _ => Ok(accept()),
    }
}

/// The payload as UTF-8 JSON. The text is checked whole first: the lazy reading skips what it
/// does not read, and serde_json skips strings without checking their UTF-8.
fn read_payload(payload: &[u8]) -> Result<Payload<'_>> {
    let invalid = |e: serde_json::Error| Error::bad_request(format!("invalid validation request: {e}"));
    match std::str::from_utf8(payload) {
        Ok(text) => serde_json::from_str(text).map_err(invalid),
        // serde_json's own message, with the line and column.
        Err(e) => Err(match serde_json::from_slice::<Value>(payload) {
            Err(json) => invalid(json),
            Ok(_) => Error::bad_request(format!("invalid validation request: {e}")),
        }),
    }
}

/// Pods, not their subresources (`pods/status`, `pods/binding`, ...).
fn is_pod_request(request: &Value) -> bool {
    let kind = request.get("kind");
    let is_pod = kind.and_then(|k| k.get("kind")).and_then(Value::as_str) == Some("Pod")
        && kind.and_then(|k| k.get("group")).and_then(Value::as_str).unwrap_or("").is_empty();
    let sub_resource = request.get("subResource").and_then(Value::as_str).unwrap_or("");
    is_pod && sub_resource.is_empty()
}

/// What every pod admission of one request shares: the settings, the ACK wing's injection
/// hooks, and the time recorded in the hash annotations.
struct PodAdmission<'a> {
    host: &'a dyn Host,
    settings: &'a Settings<'a>,
    control: AckControl<'a>,
    now: String,
}

impl PodAdmission<'_> {
    /// Pod creation: predictive virtual-node labelling, injection, then the cross-namespace
    /// reference guard on the pod as it would be admitted.
    fn on_create(&self, request: &Value, mut object: Value) -> Result<Vec<u8>> {
        check_pod(&object)?;
        if !pod::is_active(&object) {
            return Ok(accept());
        }
        let namespace = effective_namespace(&object, request);
        if self.settings.excluded_namespaces.contains(&namespace.as_str()) {
            return Ok(accept_with_warnings(vec![excluded_namespace_warning(&namespace)]));
        }
        if PodOptOut::read(&object).everything {
            // Not even the virtual-node label: the pod stays exactly as it was sent.
            return self.opted_out(&object, &namespace);
        }
        let signal = label_if_certain(&mut object, &self.settings.virtual_node);
        self.inject_and_guard(object, &namespace, Operation::Create, signal)
    }

    /// A pod update: injected only when the platform's control says so (Kruise itself never
    /// injects on UPDATE).
    fn on_update(&self, request: &Value, object: Value) -> Result<Vec<u8>> {
        // The API server validates updates itself; an update the policy cannot read is not one
        // it acts on.
        if check_pod(&object).is_err() {
            return Ok(accept());
        }
        if self.settings.mode == Mode::Audit {
            // Audit looks at the pod as it is, whatever changed.
            return self.on_create(request, object);
        }
        let old = request.get("oldObject").unwrap_or(&Value::Null);
        if !self.control.inject_on_update(&object, old) {
            return Ok(accept());
        }
        let namespace = effective_namespace(&object, request);
        if self.settings.excluded_namespaces.contains(&namespace.as_str()) {
            return Ok(accept_with_warnings(vec![excluded_namespace_warning(&namespace)]));
        }
        if PodOptOut::read(&object).everything {
            return self.opted_out(&object, &namespace);
        }
        self.inject_and_guard(object, &namespace, Operation::Update, None)
    }

    /// A pod with `inject: "false"`: accepted unchanged, naming the SidecarSets it would have
    /// got.
    fn opted_out(&self, object: &Value, namespace: &str) -> Result<Vec<u8>> {
        let cluster = ClusterView::new(self.host, namespace, &self.settings.kruise_namespace);
        let listed = self.listed_sidecar_sets()?;
        let opt_out = PodOptOut::read(object);
        let mut warnings = opt_out.warnings.clone();
        let cluster_sets = cluster_sidecar_sets(&listed, &mut warnings);
        let sets = sidecar_sets(self.settings, &cluster_sets)?;
        warnings.extend(would_apply(object, &sets, &cluster)?.into_iter().map(|name| opt_out.warning(name)));
        Ok(accept_with_warnings(warnings))
    }

    fn listed_sidecar_sets(&self) -> Result<Vec<Value>> {
        if self.settings.sidecar_sets_from.reads_cluster() { list_sidecar_sets(self.host) } else { Ok(Vec::new()) }
    }

    /// Injection and the pod guard; `labelled` is the reason the pod was just given the
    /// virtual-node label, if it was.
    fn inject_and_guard(
        &self,
        mut object: Value,
        namespace: &str,
        operation: Operation,
        labelled: Option<String>,
    ) -> Result<Vec<u8>> {
        let settings = self.settings;
        let cluster = ClusterView::new(self.host, namespace, &settings.kruise_namespace);
        let listed = self.listed_sidecar_sets()?;
        let opt_out = PodOptOut::read(&object);
        // What the pod recorded before this evaluation (audit compares revisions with it);
        // an unreadable annotation fails injection below with Kruise's message.
        let recorded = if settings.mode == Mode::Audit {
            hash_annotation::parse(pod::annotation(&object, HASH_ANNOTATION).unwrap_or("")).unwrap_or_default()
        } else {
            Default::default()
        };
        let mut source_warnings = opt_out.warnings.clone();
        let cluster_sets = cluster_sidecar_sets(&listed, &mut source_warnings);
        let mut sets = sidecar_sets(settings, &cluster_sets)?;
        if !opt_out.skipped.is_empty() {
            source_warnings.extend(opt_out.unknown_names(|n| sets.iter().any(|s| s.name == n)));
            let skipped: Vec<SidecarSetRef<'_>> = sets.iter().filter(|s| opt_out.skips(s.name)).copied().collect();
            source_warnings
                .extend(would_apply(&object, &skipped, &cluster)?.into_iter().map(|name| opt_out.warning(name)));
            sets = Cow::Owned(sets.iter().filter(|s| !opt_out.skips(s.name)).copied().collect());
        }
        // A namespaced injector's settings bindings are refused by validation; never use them.
        let settings_bindings = if settings.role == Role::NamespacedInjector { &[][..] } else { &settings.bindings };
        let grants = Grants::new(settings_bindings, settings.reads_cluster_bindings().then_some(self.host));
        let admission = SidecarSetAdmission {
            grants: &grants,
            cluster_sets: &cluster_sets,
            settings_authorized: !settings.reads_cluster_bindings(),
        };
        let control = AckControl { admission: Some(&admission), ..self.control };
        let mut injection = inject(&mut object, &cluster, &sets, &self.now, operation, &control)
            .map_err(|e| e.context("sidecar injection failed"))?;
        injection.warnings.splice(0..0, source_warnings);
        let namespaces = referenced_namespaces(pod::spec_list(&object, "volumes"));
        grants.with_bindings(&namespaces, |bindings, _| {
            check_pod_references(&object, &cluster.namespace, &injection, bindings)
        })?;
        if let Some(warning) =
            unsupported_compute_class_warning(&object, &settings.virtual_node, &injection.injected_names())
        {
            injection.warnings.push(warning);
        }
        if settings.mode == Mode::Audit {
            return Ok(audit_answer(&recorded, injection, &object, &settings.virtual_node));
        }
        let mut audit = HashMap::new();
        let changed = injection.changed || labelled.is_some();
        if let Some(signal) = labelled {
            audit.insert(AUDIT_VIRTUAL_NODE.to_string(), signal);
        }
        if !injection.injected.is_empty() {
            audit.insert(AUDIT_INJECTED.to_string(), injection.injected_names().join(","));
        }
        let names = injection.injected_names().join(",");
        self.host.debug(
            if changed { "pod admitted with changes" } else { "pod admitted unchanged" },
            &[("namespace", namespace), ("injected", &names)],
        );
        let left_out = injection.decisions_left_out;
        let warnings =
            explain::warnings(injection.warnings, &injection.decisions, left_out, &object, &settings.virtual_node);
        Ok(if changed { mutate(object, audit, warnings) } else { accept_with_warnings(warnings) })
    }
}

/// Audit mode's answer: refused, naming what the pod lacks or carries outdated, or accepted;
/// the pod is never changed. The explanations of SidecarSets that do not apply are kept.
fn audit_answer(
    recorded: &hash_annotation::HashAnnotation,
    injection: Injection<'_>,
    pod: &Value,
    virtual_node: &crate::ack::virtual_node::VirtualNodeSettings,
) -> Vec<u8> {
    let violations = audit::violations(recorded, &injection);
    let left_out = injection.decisions_left_out;
    let skipped: Vec<_> =
        injection.decisions.into_iter().filter(|d| matches!(d.outcome, Outcome::Skipped(_))).collect();
    let warnings = explain::warnings(injection.warnings, &skipped, left_out, pod, virtual_node);
    if violations.is_empty() {
        accept_with_warnings(warnings)
    } else {
        reject_with_warnings(violations.join("; "), warnings)
    }
}

/// The names of the SidecarSets of `sets` that select the pod and that its injected-list
/// annotation does not already name: what it would get but for an opt-out.
fn would_apply<'s>(pod: &Value, sets: &[SidecarSetRef<'s>], cluster: &ClusterView<'_>) -> Result<Vec<&'s str>> {
    let already = pod::annotation(pod, INJECTED_LIST_ANNOTATION).unwrap_or("");
    let mut names = Vec::new();
    for set in sets {
        if !already.split(',').any(|n| n == set.name) && applies_to(set, pod, &cluster.namespace)? {
            names.push(set.name);
        }
    }
    Ok(names)
}

/// The cluster's SidecarSets, as Kruise's pod webhook lists them; a failed list rejects the
/// pod as Kruise's webhook does (it cannot know what the pod should carry).
fn list_sidecar_sets(host: &dyn Host) -> Result<Vec<Value>> {
    host.sidecar_sets().map_err(|e| Error::internal(format!("cannot list the cluster's SidecarSets: {e}")))
}

/// The listed SidecarSets as the engine reads them; an item that does not even read (no name,
/// another kind) is named in a warning.
fn cluster_sidecar_sets<'v>(listed: &'v [Value], warnings: &mut Vec<String>) -> Vec<SidecarSetRef<'v>> {
    let mut sets = Vec::with_capacity(listed.len());
    for (i, v) in listed.iter().enumerate() {
        match SidecarSetRef::from_cluster(i, v) {
            Ok(set) => sets.push(set),
            Err(e) => warnings.push(format!("a SidecarSet of the cluster was not considered: {e}")),
        }
    }
    sets
}

/// The SidecarSets a pod is matched against: the settings' (in settings order), then the
/// cluster's (in the API server's order, by name). A name in both is a settings error: the
/// two would be one SidecarSet to Kruise's controller, which knows SidecarSets by name.
fn sidecar_sets<'s, 'a>(
    settings: &'s Settings<'a>,
    cluster: &[SidecarSetRef<'a>],
) -> Result<Cow<'s, [SidecarSetRef<'a>]>> {
    let from_settings: &'s [SidecarSetRef<'a>] =
        if settings.sidecar_sets_from.reads_settings() { &settings.sidecar_sets } else { &[] };
    if cluster.is_empty() {
        // The settings-only injector, on every request: no copy, no name check.
        return Ok(Cow::Borrowed(from_settings));
    }
    let cluster_names: HashMap<&str, &SidecarSetRef<'a>> = cluster.iter().map(|c| (c.name, c)).collect();
    if let Some((mine, theirs)) = from_settings.iter().find_map(|s| cluster_names.get(s.name).map(|c| (s, c))) {
        return Err(Error::invalid_settings(format!(
            "{}: metadata.name: Duplicate value: {}: the cluster has a SidecarSet of that name ({}), and settings and cluster SidecarSets share one set of names; rename or remove one of them",
            mine.label(),
            quote(mine.name),
            theirs.label()
        )));
    }
    Ok(Cow::Owned(from_settings.iter().chain(cluster).copied().collect()))
}

/// A malformed pod is refused with a precise message.
fn check_pod(object: &Value) -> Result<()> {
    if !object.is_object() {
        return Err(Error::bad_request("invalid request: the object of a Pod request must be a Pod object"));
    }
    check_shape(object).map_err(|e| Error::bad_request(format!("invalid Pod: {e}")))
}

/// The pod's namespace, else the request's, else `default` (Kruise's rule).
fn effective_namespace(pod: &Value, request: &Value) -> String {
    [pod.get("metadata").and_then(|m| m.get("namespace")), request.get("namespace")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|ns| !ns.is_empty())
        .unwrap_or("default")
        .to_string()
}

/// Validate settings (the bare settings JSON).
pub fn validate_settings(payload: &[u8]) -> Vec<u8> {
    if payload.len() > MAX_SETTINGS_BYTES {
        return settings_validation(Err(Error::invalid_settings(format!(
            "settings are {} bytes; the policy accepts at most {} (they are parsed on every request)",
            payload.len(),
            describe_bytes(MAX_SETTINGS_BYTES)
        ))));
    }
    let result = match serde_json::from_slice::<Value>(payload) {
        Err(e) => Err(Error::invalid_settings(format!("settings are not valid JSON: {e}"))),
        Ok(v) => settings::validate(&v),
    };
    settings_validation(result)
}
