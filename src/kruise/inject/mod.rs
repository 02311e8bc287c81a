//! Kruise's pod webhook (`pkg/webhook/pod/mutating/sidecarset.go`, `sidecarsetMutatingPod`):
//! sidecar injection into a pod, on the pod's JSON so that every field the injection does not
//! touch survives. The steps follow Kruise's: match the SidecarSets (`matching`), patch the pod's
//! metadata (`metadata`), build the sidecars (`build`), then place them with the volumes and pull
//! secrets they need. Platform behaviour comes in only through the hooks of
//! [`control::SidecarControl`].

pub mod build;
pub mod control;
pub mod decision;
pub mod hash_annotation;
pub mod hot_upgrade;
pub mod matching;
pub mod merge;
pub mod merge_patch;
pub mod metadata;
pub mod namespace;
pub mod resources;
pub mod share;

use apimachinery::json::str_at;
use apimachinery::pod;
use serde_json::Value;

use self::build::{BuiltSidecar, build_sidecars};
use self::control::{SidecarControl, Slot};
use self::decision::{Decision, Outcome, Skipped};
use self::matching::{canary_filter, matching_sidecar_sets};
use self::merge::{Placed, merge_secrets, merge_sidecar_containers, new_volumes};
use self::metadata::patch_pod_metadata;
use self::namespace::NamespaceLabels;
use crate::error::{Error, Result};
use crate::host::Host;
use crate::kruise::revision::suitable_revision;
use crate::kruise::sidecarset::{PreparedSidecarSet, SidecarSetRef};

/// Kruise's `isUpdated`: injection into a pod being created, or into an existing pod (which
/// gets neither init containers nor image pull secrets).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Operation {
    #[default]
    Create,
    Update,
}

/// A SidecarSet that selects the pod, with its preparation for injection.
#[derive(Clone, Debug)]
pub struct MatchedSidecarSet<'a> {
    pub set: SidecarSetRef<'a>,
    pub prepared: PreparedSidecarSet,
}

impl<'a> MatchedSidecarSet<'a> {
    /// Defaulted, normalised and hashed as Kruise's webhooks would have left it.
    pub fn prepare(set: SidecarSetRef<'a>) -> Self {
        MatchedSidecarSet { prepared: set.prepare(), set }
    }

    /// `prepare` with or without Kruise's SidecarSet defaulting (`SidecarSetRef::prepare_with`).
    pub fn prepare_with(set: SidecarSetRef<'a>, apply_defaults: bool) -> Self {
        MatchedSidecarSet { prepared: set.prepare_with(apply_defaults), set }
    }
}

/// What injection did to a pod.
#[derive(Debug, Default)]
pub struct Injection<'a> {
    /// The pod was changed (sidecars or metadata).
    pub changed: bool,
    /// The SidecarSets this injection recorded in the pod's injected-list annotation, in
    /// settings order, each with the preparation its sidecars and volumes were built from.
    pub injected: Vec<MatchedSidecarSet<'a>>,
    /// The SidecarSets the pod's injected-list annotation already named (matching skips them).
    pub previously_injected: Vec<SidecarSetRef<'a>>,
    /// Things the user should know (shown by kubectl as admission warnings).
    pub warnings: Vec<String>,
    /// Each SidecarSet that selects the pod or nearly does: injected, or skipped and why
    /// (injected ones first, then the others in the order they were considered).
    pub decisions: Vec<Decision>,
    /// Skipped SidecarSets beyond the described ones, counted only.
    pub decisions_left_out: usize,
}

impl Injection<'_> {
    /// The names of the injected SidecarSets, in settings order.
    pub fn injected_names(&self) -> Vec<&str> {
        self.injected.iter().map(|m| m.set.name).collect()
    }
}

/// What injection reads from the cluster: the pod's Namespace (read only if a
/// `namespaceSelector` needs its labels) and Kruise's ControllerRevisions.
pub struct ClusterView<'h> {
    pub host: &'h dyn Host,
    pub namespace: NamespaceLabels<'h>,
    /// Where Kruise keeps ControllerRevisions.
    pub kruise_namespace: &'h str,
}

impl<'h> ClusterView<'h> {
    pub fn new(host: &'h dyn Host, namespace: &str, kruise_namespace: &'h str) -> Self {
        ClusterView { host, namespace: NamespaceLabels::new(host, namespace), kruise_namespace }
    }
}

/// Inject the SidecarSets of `sets` that select `pod`. The cluster view holds the pod's
/// effective namespace; `now` is the RFC 3339 time recorded in the hash annotations. An error
/// rejects the pod, as an error in Kruise's webhook does.
pub fn inject<'a>(
    pod: &mut Value,
    cluster: &ClusterView<'_>,
    sets: &[SidecarSetRef<'a>],
    now: &str,
    operation: Operation,
    control: &dyn SidecarControl,
) -> Result<Injection<'a>> {
    inject_with(pod, cluster, sets, now, operation, control, true)
}

/// `inject`, optionally without Kruise's SidecarSet defaulting (`SidecarSetRef::prepare_with`:
/// the ported upstream tests feed undefaulted SidecarSets, as Kruise's own tests do).
pub fn inject_with<'a>(
    pod: &mut Value,
    cluster: &ClusterView<'_>,
    sets: &[SidecarSetRef<'a>],
    now: &str,
    operation: Operation,
    control: &dyn SidecarControl,
    apply_defaults: bool,
) -> Result<Injection<'a>> {
    let matching = matching_sidecar_sets(pod, &cluster.namespace, sets)?;
    // Kruise picks each matched SidecarSet's revision (which can fail the request) before
    // a canary drops its base. On UPDATE Kruise re-derives the revision the pod's hash
    // annotation records (`controllerRevision`) and otherwise takes the latest; the platform
    // controls inject on UPDATE only into pods not injected yet, which record none, so the
    // latest is Kruise's answer there without reading the cluster.
    let mut chosen = Vec::with_capacity(matching.matched.len());
    let mut refused = Vec::new();
    // From here on more than matching's fields are read: SidecarSets read lazily from the
    // payload's text are parsed whole now, and one that cannot be fails the request.
    for set in matching.matched.iter().chain(&matching.previously_injected) {
        set.ensure_readable()?;
    }
    for set in matching.matched {
        if let Err(warning) = control.admit(&set) {
            refused.push(warning);
            continue;
        }
        let revision = match operation {
            Operation::Create => suitable_revision(&set, pod, cluster.host, cluster.kruise_namespace)?,
            Operation::Update => None,
        };
        chosen.push((set, revision));
    }
    let canaries: Vec<(String, &str)> =
        chosen.iter().filter_map(|(set, _)| Some((set.canary_base()?.to_string(), set.name))).collect();
    canary_filter(&mut chosen, |(set, _)| set);
    let mut decisions = matching.decisions;
    for (base, canary) in &canaries {
        if !chosen.iter().any(|(set, _)| set.name == base) && !decisions.iter().any(|d| &d.sidecar_set == base) {
            decisions.push(Decision::skipped(base, Skipped::ReplacedByCanary(canary.to_string())));
        }
    }
    let mut injection = if chosen.is_empty() {
        Injection::default()
    } else {
        let matched = chosen
            .into_iter()
            .map(|(set, revision)| {
                let prepared = match &revision {
                    Some(restored) => {
                        cluster.host.debug(
                            "injecting a historical revision",
                            &[("sidecarSet", set.name), ("controllerRevision", &restored.name)],
                        );
                        set.prepare_restored(restored)
                    }
                    None => set.prepare_with(apply_defaults),
                };
                MatchedSidecarSet { set, prepared }
            })
            .collect();
        inject_matched(pod, matched, now, operation, control)?
    };
    injection.previously_injected = matching.previously_injected;
    injection.warnings.splice(0..0, matching.warnings.into_iter().chain(refused));
    injection.decisions.extend(decisions);
    injection.decisions_left_out = matching.undescribed;
    Ok(injection)
}

/// Injection of already matched and prepared SidecarSets.
pub fn inject_matched<'a>(
    pod: &mut Value,
    matched: Vec<MatchedSidecarSet<'a>>,
    now: &str,
    operation: Operation,
    control: &dyn SidecarControl,
) -> Result<Injection<'a>> {
    let mut warnings = Vec::new();
    let matched: Vec<MatchedSidecarSet<'a>> = match operation {
        Operation::Create => matched,
        Operation::Update => matched
            .into_iter()
            .filter(|m| control.admit_on_update(&m.set).map_err(|warning| warnings.push(warning)).is_ok())
            .collect(),
    };
    let original_annotations = AnnotationsSnapshot::take(pod);
    let mut changed = false;
    {
        let annotations = pod::annotations_mut(pod).ok_or_else(|| shape_error("metadata"))?;
        for m in &matched {
            if patch_pod_metadata(annotations, &m.prepared.patch_pod_metadata)
                .map_err(|e| Error::bad_request(format!("SidecarSet {}: patchPodMetadata: {e}", m.prepared.name)))?
            {
                changed = true;
            }
        }
    }
    let mut built = build_sidecars(pod, &matched, now, operation == Operation::Update)?;
    if built.containers.is_empty() && built.init_containers.is_empty() {
        if !changed {
            original_annotations.restore(pod);
        }
        return Ok(Injection { changed, warnings, ..Injection::default() });
    }
    mark_for_platform(pod, &mut built, &matched, control);
    let decisions = injected_decisions(&matched, &built);
    apply(pod, built.containers, built.init_containers, built.volumes, &built.secrets)?;
    let annotations = pod::annotations_mut(pod).ok_or_else(|| shape_error("metadata"))?;
    for (k, v) in built.annotations {
        annotations.insert(k, Value::String(v));
    }
    Ok(Injection {
        changed: true,
        injected: matched,
        previously_injected: Vec::new(),
        warnings,
        decisions,
        decisions_left_out: 0,
    })
}

/// The containers each matched SidecarSet put into the pod, where they were placed.
fn injected_decisions(matched: &[MatchedSidecarSet<'_>], built: &build::Built) -> Vec<Decision> {
    let names = |list: &[BuiltSidecar], set: usize| -> Vec<String> {
        list.iter().filter(|b| b.set == set).map(|b| name_of(b).to_string()).collect()
    };
    matched
        .iter()
        .enumerate()
        .map(|(i, m)| Decision {
            sidecar_set: m.set.name.to_string(),
            outcome: Outcome::Injected {
                init_containers: names(&built.init_containers, i),
                containers: names(&built.containers, i),
            },
        })
        .collect()
}

fn shape_error(field: &str) -> Error {
    Error::bad_request(format!("the pod's {field} is not an object"))
}

/// Let the platform mark each built sidecar container and say whether it stays a container
/// or becomes an init container.
fn mark_for_platform(
    pod: &Value,
    built: &mut build::Built,
    matched: &[MatchedSidecarSet<'_>],
    control: &dyn SidecarControl,
) {
    let pod_containers = pod::spec_list(pod, "containers");
    let mut containers = Vec::with_capacity(built.containers.len());
    for mut sidecar in std::mem::take(&mut built.containers) {
        let Some(m) = matched.get(sidecar.set) else {
            containers.push(sidecar);
            continue;
        };
        let replaces_app = pod_containers.iter().any(|c| str_at(c, "name") == name_of(&sidecar));
        match control.mark_sidecar(&m.set, &mut sidecar.container, replaces_app) {
            Slot::Containers => containers.push(sidecar),
            Slot::InitContainers => built.init_containers.push(sidecar),
        }
    }
    built.containers = containers;
}

/// Place the built sidecars (init containers sorted by name), volumes and pull secrets.
/// Lists that end up unchanged are left as they were, so the host's patch only carries
/// real changes.
fn apply(
    pod: &mut Value,
    containers: Vec<BuiltSidecar>,
    mut init_containers: Vec<BuiltSidecar>,
    volumes: Vec<Value>,
    secrets: &[Value],
) -> Result<()> {
    let spec_error = || shape_error("spec");
    if !init_containers.is_empty() {
        init_containers.sort_by(|a, b| name_of(a).cmp(name_of(b)));
        let list = pod::spec_list_mut(pod, "initContainers").ok_or_else(spec_error)?;
        *list = merge_sidecar_containers(std::mem::take(list), placed(init_containers));
    }
    if !containers.is_empty() {
        let list = pod::spec_list_mut(pod, "containers").ok_or_else(spec_error)?;
        *list = merge_sidecar_containers(std::mem::take(list), placed(containers));
    }
    let added = new_volumes(pod::spec_list(pod, "volumes"), volumes);
    if !added.is_empty() {
        pod::spec_list_mut(pod, "volumes").ok_or_else(spec_error)?.extend(added);
    }
    let current_secrets = pod::spec_list(pod, "imagePullSecrets");
    let merged = merge_secrets(current_secrets, secrets);
    if merged.as_slice() != current_secrets {
        *pod::spec_list_mut(pod, "imagePullSecrets").ok_or_else(spec_error)? = merged;
    }
    Ok(())
}

fn name_of(b: &BuiltSidecar) -> &str {
    b.container.get("name").and_then(Value::as_str).unwrap_or("")
}

fn placed(built: Vec<BuiltSidecar>) -> Vec<Placed> {
    built.into_iter().map(|b| Placed { container: Value::Object(b.container), before_app: b.before_app }).collect()
}

/// How `metadata.annotations` looked before injection. The metadata patch needs the map to
/// exist; when injection ends up changing nothing, the pod is put back byte for byte.
enum AnnotationsSnapshot {
    NoMetadata,
    Absent,
    Present(Value),
}

impl AnnotationsSnapshot {
    fn take(pod: &Value) -> Self {
        match pod.get("metadata") {
            None => AnnotationsSnapshot::NoMetadata,
            Some(m) => m.get("annotations").cloned().map_or(AnnotationsSnapshot::Absent, AnnotationsSnapshot::Present),
        }
    }

    fn restore(self, pod: &mut Value) {
        let Some(obj) = pod.as_object_mut() else { return };
        match self {
            AnnotationsSnapshot::NoMetadata => {
                obj.shift_remove("metadata");
            }
            AnnotationsSnapshot::Absent => {
                if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
                    m.shift_remove("annotations");
                }
            }
            AnnotationsSnapshot::Present(v) => {
                if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
                    m.insert("annotations".to_string(), v);
                }
            }
        }
    }
}
