//! The policy settings:
//!
//! ```yaml
//! sidecarSets: [...]        # SidecarSet objects, apps.kruise.io/v1alpha1 or v1beta1
//! resourceBindings: [...]   # SidecarSetResourceBinding objects
//! virtualNode: {...}        # see virtual_node::settings
//! sidecarLifecycle: none    # none | acs | eci | native
//! kruiseNamespace: kruise-system   # where Kruise keeps ControllerRevisions
//! role: injector            # injector | namespaced-injector | sidecarset-defaulter | validator
//! sidecarSetsFrom: settings # settings | cluster | both
//! excludedNamespaces: [kubewarden]  # pods of these namespaces are never touched
//! mode: inject              # inject | audit (never mutate; refuse pods lacking sidecars)
//! ```
//!
//! `Settings::read` is the cheap per-request reading (policy-server sends the settings with
//! every request); `validate` is the full check `validate_settings` runs once when the
//! policy is loaded, reporting every problem with the object and field it concerns.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::ack::authorization::unauthorized_refs;
use crate::ack::binding::{BindingRef, validate_binding};
use crate::ack::lifecycle::{LIFECYCLE_ANNOTATION, Lifecycle, MODES};
use crate::ack::virtual_node::VirtualNodeSettings;
use crate::error::{Error, Result};
use crate::kruise::conflicts::conflicts_with_earlier;
use crate::kruise::lazy_sidecarset::SidecarSetText;
use crate::kruise::revision::DEFAULT_KRUISE_NAMESPACE;
use crate::kruise::sidecarset::{HASH_ANNOTATION, HASH_WITHOUT_IMAGE_ANNOTATION, PreparedSidecarSet, SidecarSetRef};
use crate::kruise::validation::validate_sidecar_set;
use crate::limits::MAX_SIDECAR_SETS;
use crate::opt_out::DEFAULT_EXCLUDED_NAMESPACES;
use crate::payload::{SettingsText, SidecarSetsText};
use apimachinery::field_error::quote;
use apimachinery::names::is_dns1123_label;
use apimachinery::strings::did_you_mean;

/// The SidecarSet annotation that keeps pasted hash annotations that do not match the spec.
pub const KEEP_RECORDED_HASHES_ANNOTATION: &str = "sidecarset-policy.kubewarden.io/keep-recorded-hashes";

const NOT_AN_OBJECT: &str = "settings must be an object";
const NOT_A_LIST: &str = "sidecarSets: must be a list of objects";

/// The top-level settings keys.
const KNOWN_KEYS: [&str; 9] = [
    "sidecarSets",
    "resourceBindings",
    "virtualNode",
    "sidecarLifecycle",
    "kruiseNamespace",
    "role",
    "sidecarSetsFrom",
    "excludedNamespaces",
    "mode",
];

/// The settings only the injector roles read.
const INJECTOR_KEYS: [&str; 7] = [
    "sidecarSets",
    "resourceBindings",
    "virtualNode",
    "sidecarLifecycle",
    "sidecarSetsFrom",
    "excludedNamespaces",
    "mode",
];

/// Which of Kruise's three SidecarSet webhooks the module plays; each role is deployed as its
/// own policy (`examples/kubectl-apply/`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Role {
    /// Pod injection (`mpod.kb.io`), as a ClusterAdmissionPolicy.
    #[default]
    Injector,
    /// Pod injection as a namespaced AdmissionPolicy: the settings come from a namespace user,
    /// so they cannot grant access to other namespaces' objects; only SidecarSetResourceBinding
    /// objects read from the cluster do.
    NamespacedInjector,
    /// SidecarSet defaulting with the hash annotations (`msidecarset.kb.io`).
    SidecarSetDefaulter,
    /// SidecarSet validation with conflicts against the cluster's SidecarSets
    /// (`vsidecarset.kb.io`), and SidecarSetResourceBinding validation.
    Validator,
}

impl Role {
    pub const NAMES: [&'static str; 4] = ["injector", "namespaced-injector", "sidecarset-defaulter", "validator"];

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "injector" => Role::Injector,
            "namespaced-injector" => Role::NamespacedInjector,
            "sidecarset-defaulter" => Role::SidecarSetDefaulter,
            "validator" => Role::Validator,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn injects(self) -> bool {
        matches!(self, Role::Injector | Role::NamespacedInjector)
    }
}

/// What the injector does with a pod.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Inject the sidecars.
    #[default]
    Inject,
    /// Change nothing; refuse a pod that lacks its sidecars or carries outdated ones (for
    /// Kubewarden's audit scanner, with the policy in `mode: monitor`).
    Audit,
}

impl Mode {
    pub const NAMES: [&'static str; 2] = ["inject", "audit"];

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "inject" => Mode::Inject,
            "audit" => Mode::Audit,
            _ => return None,
        })
    }
}

/// Where the injector finds SidecarSets (and, beyond the settings, the
/// SidecarSetResourceBindings that authorize their cross-namespace references).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SidecarSetSource {
    #[default]
    Settings,
    Cluster,
    Both,
}

impl SidecarSetSource {
    pub const NAMES: [&'static str; 3] = ["settings", "cluster", "both"];

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "settings" => SidecarSetSource::Settings,
            "cluster" => SidecarSetSource::Cluster,
            "both" => SidecarSetSource::Both,
            _ => return None,
        })
    }

    pub fn reads_settings(self) -> bool {
        self != SidecarSetSource::Cluster
    }

    pub fn reads_cluster(self) -> bool {
        self != SidecarSetSource::Settings
    }
}

/// Settings borrowed from the request payload.
#[derive(Debug)]
pub struct Settings<'a> {
    pub sidecar_sets: Vec<SidecarSetRef<'a>>,
    pub bindings: Vec<BindingRef<'a>>,
    pub virtual_node: VirtualNodeSettings,
    pub lifecycle: Lifecycle,
    /// Where Kruise keeps the ControllerRevisions `injectionStrategy.revision` names (Kruise's
    /// `$POD_NAMESPACE`, default `kruise-system`).
    pub kruise_namespace: String,
    pub role: Role,
    pub sidecar_sets_from: SidecarSetSource,
    /// Namespaces whose pods the injector never touches.
    pub excluded_namespaces: Vec<&'a str>,
    pub mode: Mode,
}

impl Settings<'_> {
    /// Whether SidecarSetResourceBinding objects are read from the cluster: for cluster
    /// SidecarSets, and for every SidecarSet of a namespaced injector.
    pub fn reads_cluster_bindings(&self) -> bool {
        self.sidecar_sets_from.reads_cluster() || self.role == Role::NamespacedInjector
    }
}

impl Default for Settings<'_> {
    fn default() -> Self {
        Settings {
            sidecar_sets: Vec::new(),
            bindings: Vec::new(),
            virtual_node: VirtualNodeSettings::default(),
            lifecycle: Lifecycle::default(),
            kruise_namespace: DEFAULT_KRUISE_NAMESPACE.to_string(),
            role: Role::default(),
            sidecar_sets_from: SidecarSetSource::default(),
            excluded_namespaces: DEFAULT_EXCLUDED_NAMESPACES.to_vec(),
            mode: Mode::default(),
        }
    }
}

impl<'a> Settings<'a> {
    /// Read settings for evaluating a request. `null` means no settings. Settings that do
    /// not even read are an error (the policy fails closed); the finer checks are
    /// `validate`'s.
    pub fn read(v: &'a Value) -> Result<Self> {
        let obj = match v {
            Value::Null => return Ok(Settings::default()),
            Value::Object(obj) => obj,
            _ => return Err(Error::invalid_settings(NOT_AN_OBJECT)),
        };
        let sidecar_sets = read_list(obj, "sidecarSets")?
            .iter()
            .enumerate()
            .map(|(i, s)| SidecarSetRef::from_value(i, s))
            .collect::<Result<_>>()?;
        Self::read_rest(obj, sidecar_sets)
    }

    /// `read`, of the settings as a request's payload brings them: the SidecarSets stay
    /// text until a pod needs them (`payload::SettingsText`).
    pub fn read_text(text: &'a SettingsText<'a>) -> Result<Self> {
        let (sidecar_sets, rest) = match text {
            SettingsText::None => return Ok(Settings::default()),
            SettingsText::NotAnObject => return Err(Error::invalid_settings(NOT_AN_OBJECT)),
            SettingsText::Object { sidecar_sets, rest } => (sidecar_sets, rest),
        };
        let sidecar_sets = match sidecar_sets {
            None => Vec::new(),
            Some(SidecarSetsText::NotAList) => return Err(Error::invalid_settings(NOT_A_LIST)),
            Some(SidecarSetsText::List(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| match item {
                    SidecarSetText::Object(lazy) => SidecarSetRef::from_lazy(i, lazy),
                    // The message a tree reading gives for an item that is not an object.
                    SidecarSetText::NotAnObject => SidecarSetRef::from_value(i, &Value::Null),
                })
                .collect::<Result<_>>()?,
        };
        Self::read_rest(rest, sidecar_sets)
    }

    /// Every setting but `sidecarSets`.
    fn read_rest(obj: &'a Map<String, Value>, sidecar_sets: Vec<SidecarSetRef<'a>>) -> Result<Self> {
        let bindings =
            read_list(obj, "resourceBindings")?.iter().enumerate().map(|(i, b)| BindingRef::from_value(i, b)).collect();
        let mut errs = Vec::new();
        let virtual_node = VirtualNodeSettings::read(obj.get("virtualNode"), &mut errs);
        if let Some(e) = errs.first() {
            return Err(Error::invalid_settings(e.to_string()));
        }
        let lifecycle = read_lifecycle(obj).map_err(Error::invalid_settings)?;
        let kruise_namespace = read_kruise_namespace(obj).map_err(Error::invalid_settings)?;
        let role = read_choice(obj, "role", &Role::NAMES, Role::parse).map_err(Error::invalid_settings)?;
        let sidecar_sets_from = read_choice(obj, "sidecarSetsFrom", &SidecarSetSource::NAMES, SidecarSetSource::parse)
            .map_err(Error::invalid_settings)?;
        let excluded_namespaces = read_excluded_namespaces(obj).map_err(Error::invalid_settings)?;
        let mode = read_choice(obj, "mode", &Mode::NAMES, Mode::parse).map_err(Error::invalid_settings)?;
        Ok(Settings {
            sidecar_sets,
            bindings,
            virtual_node,
            lifecycle,
            kruise_namespace,
            role,
            sidecar_sets_from,
            excluded_namespaces,
            mode,
        })
    }
}

/// A list of objects; another type is an error.
fn read_list<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a [Value]> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(Error::invalid_settings(format!("{key}: must be a list of objects"))),
    }
}

fn read_lifecycle(obj: &Map<String, Value>) -> std::result::Result<Lifecycle, String> {
    match obj.get("sidecarLifecycle") {
        None | Some(Value::Null) => Ok(Lifecycle::None),
        Some(Value::String(s)) => Lifecycle::parse(s).ok_or_else(|| unsupported_lifecycle("sidecarLifecycle", s)),
        Some(other) => Err(format!("sidecarLifecycle: must be one of {}, got {other}", MODES.join(", "))),
    }
}

/// `excludedNamespaces`: namespace names; absent or `null` is the default (`kubewarden`),
/// `[]` excludes nothing.
fn read_excluded_namespaces(obj: &Map<String, Value>) -> std::result::Result<Vec<&str>, String> {
    let items = match obj.get("excludedNamespaces") {
        None | Some(Value::Null) => return Ok(DEFAULT_EXCLUDED_NAMESPACES.to_vec()),
        Some(Value::Array(items)) => items,
        Some(other) => return Err(format!("excludedNamespaces: must be a list of namespace names, got {other}")),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.as_str() {
            Some(ns) => match is_dns1123_label(ns).first() {
                None => Ok(ns),
                Some(msg) => Err(format!("excludedNamespaces[{i}]: Invalid value: {}: {msg}", quote(ns))),
            },
            None => Err(format!("excludedNamespaces[{i}]: must be a namespace name, got {item}")),
        })
        .collect()
}

fn read_kruise_namespace(obj: &Map<String, Value>) -> std::result::Result<String, String> {
    match obj.get("kruiseNamespace") {
        None | Some(Value::Null) => Ok(DEFAULT_KRUISE_NAMESPACE.to_string()),
        Some(Value::String(ns)) => match is_dns1123_label(ns).first() {
            None => Ok(ns.clone()),
            Some(msg) => Err(format!("kruiseNamespace: Invalid value: {}: {msg}", quote(ns))),
        },
        Some(other) => Err(format!("kruiseNamespace: must be the name of a namespace, got {other}")),
    }
}

/// A string setting with a fixed set of values; absent or `null` is the default.
fn read_choice<T: Default>(
    obj: &Map<String, Value>,
    key: &str,
    names: &[&str],
    parse: impl Fn(&str) -> Option<T>,
) -> std::result::Result<T, String> {
    let supported = || names.iter().map(|m| quote(m)).collect::<Vec<_>>().join(", ");
    match obj.get(key) {
        None | Some(Value::Null) => Ok(T::default()),
        Some(Value::String(s)) => parse(s).ok_or_else(|| {
            format!(
                "{key}: Unsupported value: {}: supported values: {}{}",
                quote(s),
                supported(),
                did_you_mean(s, names.iter().copied())
            )
        }),
        Some(other) => Err(format!("{key}: must be one of {}, got {other}", supported())),
    }
}

fn unsupported_lifecycle(path: &str, value: &str) -> String {
    let supported: Vec<String> = MODES.iter().map(|m| quote(m)).collect();
    format!("{path}: Unsupported value: {}: supported values: {}", quote(value), supported.join(", "))
}

/// Validate settings completely (`validate_settings`); the error names every problem.
pub fn validate(v: &Value) -> Result<()> {
    let problems = problems(v);
    if problems.is_empty() { Ok(()) } else { Err(Error::invalid_settings(problems.join("; "))) }
}

/// Every problem of the settings, one message each, in the order of the document.
pub fn problems(v: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    if let Some(obj) = v.as_object() {
        for key in obj.keys().filter(|k| !KNOWN_KEYS.contains(&k.as_str())) {
            errors.push(format!(
                "{}: unknown setting; known settings: {}{}",
                quote(key),
                KNOWN_KEYS.join(", "),
                did_you_mean(key, KNOWN_KEYS)
            ));
        }
        let mut vn_errs = Vec::new();
        VirtualNodeSettings::read(obj.get("virtualNode"), &mut vn_errs);
        errors.extend(vn_errs.iter().map(ToString::to_string));
        if let Err(e) = read_lifecycle(obj) {
            errors.push(e);
        }
        if let Err(e) = read_kruise_namespace(obj) {
            errors.push(e);
        }
        if let Err(e) = read_excluded_namespaces(obj) {
            errors.push(e);
        }
        if let Err(e) = read_choice(obj, "mode", &Mode::NAMES, Mode::parse) {
            errors.push(e);
        }
        if let Err(e) = read_choice(obj, "role", &Role::NAMES, Role::parse) {
            errors.push(e);
        }
        if let Err(e) = read_choice(obj, "sidecarSetsFrom", &SidecarSetSource::NAMES, SidecarSetSource::parse) {
            errors.push(e);
        }
    }
    let settings = match Settings::read(v) {
        Ok(s) => s,
        Err(e) => {
            if !errors.contains(&e.message) {
                errors.push(e.message);
            }
            return errors;
        }
    };
    errors.extend(role_problems(v, &settings));
    let sets = &settings.sidecar_sets;
    if sets.len() > MAX_SIDECAR_SETS {
        // Refused before the pairwise conflict checks, whose cost is what the bound is for.
        errors.push(format!("sidecarSets: Too many: {}: must have at most {MAX_SIDECAR_SETS} items", sets.len()));
        return errors;
    }
    let mut names = HashSet::new();
    for set in sets {
        if !names.insert(set.name) {
            errors.push(format!("{}: metadata.name: Duplicate value: {}", set.label(), quote(set.name)));
        }
        let set_errors = validate_sidecar_set(set, sets);
        if set_errors.is_empty() {
            errors.extend(stale_recorded_hashes(set));
        }
        for e in set_errors {
            errors.push(format!("{}: {e}", set.label()));
        }
        if let Some(mode) = set.annotation(LIFECYCLE_ANNOTATION)
            && Lifecycle::parse(mode).is_none()
        {
            errors.push(format!(
                "{}: {}",
                set.label(),
                unsupported_lifecycle(&format!("metadata.annotations[{LIFECYCLE_ANNOTATION}]"), mode)
            ));
        }
        // When bindings also come from the cluster (cluster SidecarSets, a namespaced
        // injector), references are authorized when a pod is admitted, which reads them.
        if !settings.reads_cluster_bindings() {
            for e in unauthorized_refs(set, &settings.bindings) {
                errors.push(format!("{}: {e}", set.label()));
            }
        }
    }
    errors.extend(validate_bindings(v, &settings));
    // Like Kruise, conflicts are only looked for between otherwise valid SidecarSets.
    if errors.is_empty() {
        let prepared: Vec<PreparedSidecarSet> = sets.iter().map(SidecarSetRef::prepare).collect();
        for (i, set) in sets.iter().enumerate() {
            for e in conflicts_with_earlier(i, sets, &prepared) {
                errors.push(format!("{}: {e}", set.label()));
            }
        }
    }
    errors
}

/// Settings that the role makes meaningless or unsafe.
fn role_problems(v: &Value, settings: &Settings<'_>) -> Vec<String> {
    let present = |key: &str| v.get(key).is_some_and(|x| !x.is_null());
    match settings.role {
        Role::Injector | Role::NamespacedInjector
            if settings.sidecar_sets_from == SidecarSetSource::Cluster && present("sidecarSets") =>
        {
            vec![format!(
                "sidecarSets: Forbidden: sidecarSetsFrom is \"cluster\", so the settings' SidecarSets are not read; set sidecarSetsFrom to \"both\" to inject them as well, or remove them"
            )]
        }
        Role::Injector => Vec::new(),
        Role::NamespacedInjector if present("resourceBindings") => vec![format!(
            "resourceBindings: Forbidden: role {} takes its settings from a namespace user, whose settings cannot grant access to another namespace's ConfigMaps and Secrets; create the SidecarSetResourceBinding objects in the namespaces that own them (the policy reads them from the cluster), or deploy role {} as a ClusterAdmissionPolicy",
            quote(Role::NamespacedInjector.name()),
            quote(Role::Injector.name())
        )],
        Role::NamespacedInjector => Vec::new(),
        role => INJECTOR_KEYS
            .iter()
            .filter(|key| present(key))
            .map(|key| {
                format!(
                    "{key}: Forbidden: role {} does not inject pods and does not read this setting; it acts on the cluster's SidecarSet{} objects (remove {key}, or use role {})",
                    quote(role.name()),
                    if role == Role::Validator { " and SidecarSetResourceBinding" } else { "" },
                    quote(Role::Injector.name())
                )
            })
            .collect(),
    }
}

/// A SidecarSet pasted from `kubectl get -o yaml` carries the hash annotations Kruise's
/// webhook computed for it, and the policy records them on pods verbatim, as Kruise's pod
/// webhook does. Once the spec is edited they are stale, and Kruise's controller would take the
/// injected sidecars for another revision: refuse them unless the user says to keep them.
fn stale_recorded_hashes(set: &SidecarSetRef<'_>) -> Vec<String> {
    let Some(recorded) = set.recorded_hashes() else { return Vec::new() };
    if set.annotation(KEEP_RECORDED_HASHES_ANNOTATION) == Some("true") {
        return Vec::new();
    }
    let computed = set.computed_hashes();
    [(HASH_ANNOTATION, &recorded.hash, &computed.hash), (HASH_WITHOUT_IMAGE_ANNOTATION, &recorded.without_image, &computed.without_image)]
        .into_iter()
        .filter(|(_, recorded, computed)| recorded != computed)
        .map(|(key, recorded, computed)| {
            format!(
                "{}: metadata.annotations[{key}]: Invalid value: {}: does not match the SidecarSet's spec, whose hash is {}: the annotations were copied from a cluster and the spec has changed since; delete {HASH_ANNOTATION} and {HASH_WITHOUT_IMAGE_ANNOTATION} to have them computed, or, to keep the cluster's hashes (a cluster whose Kruise defaults SidecarSets differently), add the annotation {KEEP_RECORDED_HASHES_ANNOTATION}: \"true\"",
                set.label(),
                quote(recorded),
                quote(computed)
            )
        })
        .collect()
}

fn validate_bindings(v: &Value, settings: &Settings<'_>) -> Vec<String> {
    let names: Vec<&str> = settings.sidecar_sets.iter().map(|s| s.name).collect();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let items = v.get("resourceBindings").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    for (binding, raw) in settings.bindings.iter().zip(items) {
        // Bindings may also name SidecarSets of the cluster, which validation cannot see.
        let known = (!settings.sidecar_sets_from.reads_cluster()).then_some(names.as_slice());
        for e in validate_binding(raw, known) {
            errors.push(format!("{}: {e}", binding.label()));
        }
        if !seen.insert((binding.namespace, binding.name)) {
            errors.push(format!("{}: metadata.name: Duplicate value: {}", binding.label(), quote(binding.name)));
        }
    }
    errors
}
