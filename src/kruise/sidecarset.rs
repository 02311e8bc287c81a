//! The SidecarSet objects of the settings. `SidecarSetRef` is a borrowed, allocation-free
//! view used for matching on every admission request (settings can hold a thousand
//! SidecarSets, and policy-server sends them with every request); only the SidecarSets that
//! match a pod are `prepare`d: defaulted like Kruise's webhook, Go-normalised, and hashed.

use serde_json::{Map, Value};

use super::defaults::{default_spec, default_volume};
use super::go_types::{SIDECAR_CONTAINER, SIDECAR_ONLY_FIELDS};
use super::hash::{SidecarSetHashes, hashes_of_maps};
use super::lazy_sidecarset::{LazySidecarSet, PEEKED_SPEC_FIELDS};
use super::revision::RestoredRevision;
use crate::error::{Error, Result};
use apimachinery::field_error::quote;
use apimachinery::gojson::core_v1::{LOCAL_OBJECT_REFERENCE, VOLUME};
use apimachinery::gojson::normalize::normalize_struct;
use apimachinery::json::{object_values, objects, str_at_path};

pub const HASH_ANNOTATION: &str = "kruise.io/sidecarset-hash";
pub const HASH_WITHOUT_IMAGE_ANNOTATION: &str = "kruise.io/sidecarset-hash-without-image";
pub const CANARY_ANNOTATION: &str = "apps.kruise.io/sidecarset-canary";
pub const BASE_ANNOTATION: &str = "apps.kruise.io/sidecarset-base";
pub const METADATA_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// The `spec` fields `prepare` reads.
const PREPARED_SPEC_FIELDS: [&str; 5] =
    ["containers", "initContainers", "volumes", "imagePullSecrets", "patchPodMetadata"];

pub const V1ALPHA1: &str = "apps.kruise.io/v1alpha1";
pub const V1BETA1: &str = "apps.kruise.io/v1beta1";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiVersion {
    V1alpha1,
    V1beta1,
}

/// Which namespaces a SidecarSet applies to, after Kruise's v1alpha1 → v1beta1 conversion
/// (`spec.namespace` becomes a `kubernetes.io/metadata.name` selector and wins over
/// `namespaceSelector`).
#[derive(Clone, Copy, Debug)]
pub enum NamespaceScope<'a> {
    All,
    Name(&'a str),
    Selector(&'a Value),
}

/// Where a SidecarSet comes from: the policy's settings, or the cluster (a SidecarSet object
/// listed through the host, or the object of a SidecarSet admission request).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    #[default]
    Settings,
    Cluster,
}

/// A SidecarSet of the settings or of the cluster, borrowed from its JSON: a `Value` tree,
/// or the payload's text ([`LazySidecarSet`]), whose whole object is parsed only when
/// something beyond matching asks for it (`object`, `spec`, `prepare`).
#[derive(Clone, Copy, Debug)]
pub struct SidecarSetRef<'a> {
    /// Position in `settings.sidecarSets`, or in the cluster's list (for messages).
    pub index: usize,
    pub origin: Origin,
    pub name: &'a str,
    pub version: ApiVersion,
    /// What matching reads: the whole object of a tree, the peek of a lazy SidecarSet.
    peek: &'a Map<String, Value>,
    peek_spec: Option<&'a Map<String, Value>>,
    lazy: Option<&'a LazySidecarSet<'a>>,
}

impl<'a> SidecarSetRef<'a> {
    /// The cheap structural reading every request does: an object with a supported
    /// `apiVersion`, `kind: SidecarSet` and a name. Deeper problems are validation's job.
    pub fn from_value(index: usize, v: &'a Value) -> Result<Self> {
        Self::read(Origin::Settings, index, v).map_err(Error::invalid_settings)
    }

    /// A SidecarSet object of the cluster: item `index` of the host's list, or a request's
    /// object. An item without `apiVersion` and `kind` (a typed list's items may omit them) is
    /// the listed version.
    pub fn from_cluster(index: usize, v: &'a Value) -> std::result::Result<Self, String> {
        Self::read(Origin::Cluster, index, v)
    }

    /// A SidecarSet of the settings read from the payload's text: the same checks as
    /// `from_value`, on its peek.
    pub fn from_lazy(index: usize, lazy: &'a LazySidecarSet<'a>) -> Result<Self> {
        let peek =
            lazy.peek().map_err(|e| Error::invalid_settings(format!("sidecarSets[{index}]: cannot be read: {e}")))?;
        Self::read_object(Origin::Settings, index, peek, Some(lazy)).map_err(Error::invalid_settings)
    }

    fn read(origin: Origin, index: usize, v: &'a Value) -> std::result::Result<Self, String> {
        let object =
            v.as_object().ok_or_else(|| format!("{}: must be a SidecarSet object", position(origin, index)))?;
        Self::read_object(origin, index, object, None)
    }

    fn read_object(
        origin: Origin,
        index: usize,
        object: &'a Map<String, Value>,
        lazy: Option<&'a LazySidecarSet<'a>>,
    ) -> std::result::Result<Self, String> {
        // Messages are formatted only when there is one: this runs for every SidecarSet of
        // every request.
        let name = object
            .get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| format!("{}: metadata.name: Required value", position(origin, index)))?;
        let mut this =
            SidecarSetRef { index, origin, name, version: ApiVersion::V1alpha1, peek: object, peek_spec: None, lazy };
        let untyped = origin == Origin::Cluster && !object.contains_key("apiVersion") && !object.contains_key("kind");
        this.version = match object.get("apiVersion").and_then(Value::as_str) {
            _ if untyped => ApiVersion::V1alpha1,
            Some(V1ALPHA1) => ApiVersion::V1alpha1,
            Some(V1BETA1) => ApiVersion::V1beta1,
            other => {
                return Err(format!(
                    "{}: apiVersion: Unsupported value: {}: supported values: \"{V1ALPHA1}\", \"{V1BETA1}\"",
                    this.label(),
                    quote(other.unwrap_or(""))
                ));
            }
        };
        if !untyped && object.get("kind").and_then(Value::as_str) != Some("SidecarSet") {
            let kind = object.get("kind").and_then(Value::as_str).unwrap_or("");
            return Err(format!(
                "{}: kind: Unsupported value: {}: supported values: \"SidecarSet\"",
                this.label(),
                quote(kind)
            ));
        }
        this.peek_spec = object.get("spec").and_then(Value::as_object);
        Ok(this)
    }

    /// The whole object. A lazy SidecarSet is parsed now if it was not yet; should that fail
    /// (see `ensure_readable`), the peek stands in.
    pub fn object(&self) -> &'a Map<String, Value> {
        match self.lazy {
            Some(lazy) => lazy.object().unwrap_or(self.peek),
            None => self.peek,
        }
    }

    /// The whole `spec`, when it is an object.
    pub fn spec(&self) -> Option<&'a Map<String, Value>> {
        match self.lazy {
            Some(_) => self.object().get("spec").and_then(Value::as_object),
            None => self.peek_spec,
        }
    }

    /// Parse a lazy SidecarSet's whole object, failing the request when its text cannot be
    /// (nesting deeper than serde_json's limit): injection calls this before it reads more
    /// than matching does, so that no SidecarSet is injected from its peek.
    pub fn ensure_readable(&self) -> Result<()> {
        match self.lazy.map(LazySidecarSet::object) {
            Some(Err(e)) => Err(Error::invalid_settings(format!("{}: cannot be read: {e}", self.label()))),
            _ => Ok(()),
        }
    }

    /// How messages name this SidecarSet: `sidecarSets[3] "filebeat"` in the settings,
    /// `SidecarSet "filebeat"` in the cluster.
    pub fn label(&self) -> String {
        match self.origin {
            Origin::Settings => format!("sidecarSets[{}] {}", self.index, quote(self.name)),
            Origin::Cluster => format!("SidecarSet {}", quote(self.name)),
        }
    }

    /// A non-null `spec` field (from the peek when matching reads it, else the whole spec).
    pub fn spec_field(&self, key: &str) -> Option<&'a Value> {
        let spec = if PEEKED_SPEC_FIELDS.contains(&key) { self.peek_spec } else { self.spec() };
        spec.and_then(|s| s.get(key)).filter(|v| !v.is_null())
    }

    pub fn selector(&self) -> Option<&'a Value> {
        self.spec_field("selector")
    }

    pub fn namespace_scope(&self) -> NamespaceScope<'a> {
        if self.version == ApiVersion::V1alpha1
            && let Some(ns) = self.spec_field("namespace").and_then(Value::as_str).filter(|ns| !ns.is_empty())
        {
            return NamespaceScope::Name(ns);
        }
        match self.spec_field("namespaceSelector") {
            Some(sel) => NamespaceScope::Selector(sel),
            None => NamespaceScope::All,
        }
    }

    /// `spec.injectionStrategy.paused`: a paused SidecarSet is ignored entirely.
    pub fn paused(&self) -> bool {
        self.spec_field("injectionStrategy").and_then(|s| s.get("paused")).and_then(Value::as_bool) == Some(true)
    }

    pub fn annotation(&self, key: &str) -> Option<&'a str> {
        self.peek.get("metadata")?.get("annotations")?.get(key)?.as_str()
    }

    /// The base SidecarSet this one is a canary of (`IsCanarySidecarSet`): the canary
    /// annotation must be exactly `"true"` and the base annotation non-empty.
    pub fn canary_base(&self) -> Option<&'a str> {
        if self.annotation(CANARY_ANNOTATION) == Some("true") {
            self.annotation(BASE_ANNOTATION).filter(|b| !b.is_empty())
        } else {
            None
        }
    }

    /// `status.latestRevision`, recorded on pods as `controllerRevision`.
    pub fn latest_revision(&self) -> &'a str {
        self.peek.get("status").and_then(|s| s.get("latestRevision")).and_then(Value::as_str).unwrap_or("")
    }

    /// Default, normalise and hash the SidecarSet for injection.
    pub fn prepare(&self) -> PreparedSidecarSet {
        self.prepare_with(true)
    }

    /// `prepare`, optionally without Kruise's defaulting. Kruise's own pod webhook tests feed
    /// undefaulted SidecarSets to the webhook; the ported tests use this to compare with
    /// Kruise's expectations exactly. The policy always defaults.
    pub fn prepare_with(&self, apply_defaults: bool) -> PreparedSidecarSet {
        let recorded = self.recorded_hashes();
        let (hash, without_image) = match recorded {
            Some(h) => (Some(h.hash), Some(h.without_image)),
            None => (None, None),
        };
        prepare_spec(self.name, self.spec(), apply_defaults, hash, without_image, self.latest_revision())
    }

    /// A historical revision of this SidecarSet (`RestoredRevision`), prepared as Kruise's
    /// pod webhook injects it: the stored spec as it is (Kruise's controller stored it from
    /// the defaulted object), the revision's hash annotations or else hashes of that spec,
    /// and the revision's name.
    pub fn prepare_restored(&self, restored: &RestoredRevision) -> PreparedSidecarSet {
        prepare_spec(
            self.name,
            Some(&restored.spec),
            false,
            restored.hash.clone(),
            restored.without_image.clone(),
            &restored.name,
        )
    }

    /// The hashes Kruise's SidecarSet webhook computes for the spec as it is (defaulted),
    /// whatever the object's annotations record.
    pub fn computed_hashes(&self) -> SidecarSetHashes {
        prepare_spec(self.name, self.spec(), true, None, None, "").hashes
    }

    /// The named volume of `spec.volumes`, defaulted and Go-normalised as `prepare` would
    /// give it: the pod guard needs only this, not the whole preparation.
    pub fn prepared_volume(&self, name: &str) -> Option<Map<String, Value>> {
        let volume = object_values(self.spec().and_then(|s| s.get("volumes"))).nth(self.volume_index(name)?)?;
        let mut volume = volume.clone();
        if let Some(m) = volume.as_object_mut() {
            default_volume(m);
        }
        Some(normalize_struct(Some(&volume), &VOLUME))
    }

    /// The position, among the object entries of `spec.volumes`, of the first volume named
    /// `name`: `prepare` keeps that order, so it is also the volume's place in
    /// `PreparedSidecarSet::volumes`.
    pub fn volume_index(&self, name: &str) -> Option<usize> {
        object_values(self.spec().and_then(|s| s.get("volumes")))
            .position(|v| v.get("name").and_then(Value::as_str) == Some(name))
    }

    /// The hashes written by Kruise's webhook, when the object carries them (objects pasted
    /// from a cluster do): Kruise's pod webhook copies them verbatim, an absent one as `""`.
    pub fn recorded_hashes(&self) -> Option<SidecarSetHashes> {
        let hash = self.annotation(HASH_ANNOTATION);
        let without_image = self.annotation(HASH_WITHOUT_IMAGE_ANNOTATION);
        if hash.is_none() && without_image.is_none() {
            return None;
        }
        Some(SidecarSetHashes {
            hash: hash.unwrap_or("").to_string(),
            without_image: without_image.unwrap_or("").to_string(),
        })
    }
}

/// Where an item is, for messages about an item that has no name yet.
fn position(origin: Origin, index: usize) -> String {
    match origin {
        Origin::Settings => format!("sidecarSets[{index}]"),
        Origin::Cluster => format!("SidecarSet #{index} of the cluster's list"),
    }
}

/// Default (optionally), normalise and hash the `PREPARED_SPEC_FIELDS` of a spec. A hash
/// given is used as it is; a missing one is computed.
fn prepare_spec(
    name: &str,
    source: Option<&Map<String, Value>>,
    apply_defaults: bool,
    hash: Option<String>,
    without_image: Option<String>,
    latest_revision: &str,
) -> PreparedSidecarSet {
    // Only the fields preparation reads are copied (defaulting writes to the copy).
    let mut spec: Map<String, Value> = source
        .into_iter()
        .flatten()
        .filter(|(k, _)| PREPARED_SPEC_FIELDS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if apply_defaults {
        default_spec(&mut spec);
    }
    let containers = sidecar_containers(spec.get("containers"));
    let init_containers = sidecar_containers(spec.get("initContainers"));
    let hashes = match (hash, without_image) {
        (Some(hash), Some(without_image)) => SidecarSetHashes { hash, without_image },
        (hash, without_image) => {
            let computed = hashes_of_maps(spec_maps(&containers).as_deref(), spec_maps(&init_containers).as_deref());
            SidecarSetHashes {
                hash: hash.unwrap_or(computed.hash),
                without_image: without_image.unwrap_or(computed.without_image),
            }
        }
    };
    PreparedSidecarSet {
        name: name.to_string(),
        containers: containers.unwrap_or_default(),
        init_containers: init_containers.unwrap_or_default(),
        volumes: object_values(spec.get("volumes")).map(|v| normalize_struct(Some(v), &VOLUME)).collect(),
        image_pull_secrets: object_values(spec.get("imagePullSecrets"))
            .map(|s| Value::Object(normalize_struct(Some(s), &LOCAL_OBJECT_REFERENCE)))
            .collect(),
        patch_pod_metadata: objects(spec.get("patchPodMetadata")).map(PodMetadataPatch::from_value).collect(),
        hashes,
        latest_revision: latest_revision.to_string(),
    }
}

/// A SidecarSet ready for injection.
#[derive(Clone, Debug)]
pub struct PreparedSidecarSet {
    pub name: String,
    pub init_containers: Vec<SidecarContainer>,
    pub containers: Vec<SidecarContainer>,
    /// Defaulted, Go-normalised volumes.
    pub volumes: Vec<Map<String, Value>>,
    pub image_pull_secrets: Vec<Value>,
    pub patch_pod_metadata: Vec<PodMetadataPatch>,
    pub hashes: SidecarSetHashes,
    pub latest_revision: String,
}

impl PreparedSidecarSet {
    pub fn volume(&self, name: &str) -> Option<&Map<String, Value>> {
        self.volumes.iter().find(|v| v.get("name").and_then(Value::as_str) == Some(name))
    }
}

/// One defaulted, Go-normalised `SidecarContainer` (container fields plus Kruise's).
#[derive(Clone, Debug)]
pub struct SidecarContainer {
    pub name: String,
    pub spec: Map<String, Value>,
}

impl SidecarContainer {
    fn new(spec: Map<String, Value>) -> Self {
        let name = spec.get("name").and_then(Value::as_str).unwrap_or("").to_string();
        SidecarContainer { name, spec }
    }

    fn str_at(&self, path: &[&str]) -> &str {
        str_at_path(&self.spec, path)
    }

    pub fn inject_policy(&self) -> &str {
        self.str_at(&["podInjectPolicy"])
    }

    /// Kruise places a sidecar before the app containers only for exactly
    /// `BeforeAppContainer`; anything else goes after them.
    pub fn before_app_containers(&self) -> bool {
        self.inject_policy() == "BeforeAppContainer"
    }

    pub fn is_hot_upgrade(&self) -> bool {
        self.str_at(&["upgradeStrategy", "upgradeType"]) == "HotUpgrade"
    }

    pub fn hot_upgrade_empty_image(&self) -> &str {
        self.str_at(&["upgradeStrategy", "hotUpgradeEmptyImage"])
    }

    pub fn shares_volume_mounts(&self) -> bool {
        self.str_at(&["shareVolumePolicy", "type"]) == "enabled"
    }

    pub fn shares_volume_devices(&self) -> bool {
        self.str_at(&["shareVolumeDevicePolicy", "type"]) == "enabled"
    }

    pub fn transfer_env(&self) -> &[Value] {
        self.spec.get("transferEnv").and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }

    /// A native sidecar (`restartPolicy: Always`), Kruise's `IsSidecarContainer`.
    pub fn is_native_sidecar(&self) -> bool {
        self.spec.get("restartPolicy").and_then(Value::as_str) == Some("Always")
    }

    /// The `corev1.Container` part: what is injected into the pod.
    pub fn pod_container(&self) -> Map<String, Value> {
        // Copy only what stays (removing Kruise's fields from a full copy also shifted the map).
        self.spec
            .iter()
            .filter(|(k, _)| !SIDECAR_ONLY_FIELDS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

/// One `patchPodMetadata` entry (annotations only; Kruise does not support labels).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodMetadataPatch {
    pub policy: String,
    /// Annotations in the order Go iterates them does not matter: each key is applied
    /// independently. Kept sorted for determinism.
    pub annotations: Vec<(String, String)>,
}

impl PodMetadataPatch {
    fn from_value(v: &Map<String, Value>) -> Self {
        let mut annotations: Vec<(String, String)> = v
            .get("annotations")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect())
            .unwrap_or_default();
        annotations.sort();
        PodMetadataPatch { policy: v.get("patchPolicy").and_then(Value::as_str).unwrap_or("").to_string(), annotations }
    }
}

/// Normalised sidecar containers; `None` for a nil list (Go hashes it as `null`).
fn sidecar_containers(v: Option<&Value>) -> Option<Vec<SidecarContainer>> {
    v.and_then(Value::as_array).map(|items| {
        items.iter().map(|c| SidecarContainer::new(normalize_struct(Some(c), &SIDECAR_CONTAINER))).collect()
    })
}

fn spec_maps(list: &Option<Vec<SidecarContainer>>) -> Option<Vec<&Map<String, Value>>> {
    list.as_ref().map(|cs| cs.iter().map(|c| &c.spec).collect())
}
