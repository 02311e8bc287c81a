//! The module's other two roles, Kruise's SidecarSet webhooks
//! (`pkg/webhook/sidecarset/mutating` and `pkg/webhook/sidecarset/validating`), for clusters
//! where SidecarSets are applied with kubectl and read back by the injector:
//!
//! - `sidecarset-defaulter` (`msidecarset.kb.io`): a SidecarSet CREATE or UPDATE gets Kruise's
//!   defaults (`SetDefaultsSidecarSet`) and its hash annotations (`SetHashSidecarSet`), so the
//!   injector reads them instead of hashing on every pod;
//! - `validator` (`vsidecarset.kb.io`): a SidecarSet CREATE or UPDATE is refused, with Kruise's
//!   messages and Kruise's code 500, when Kruise's validation refuses it: the object itself, its
//!   canary base, the ControllerRevision its injection strategy names, the containers an
//!   update may not add or change, and conflicts with the SidecarSets already in the cluster.
//!   SidecarSetResourceBinding objects are validated too.
//!
//! Every other request is accepted unchanged.

use serde_json::{Map, Value};

use crate::ack::binding::{self, validate_binding};
use crate::error::{Error, Result};
use crate::host::Host;
use crate::kruise::conflicts::conflicts_with_earlier;
use crate::kruise::defaults::default_spec;
use crate::kruise::revision::named_history;
use crate::kruise::sidecarset::{HASH_ANNOTATION, HASH_WITHOUT_IMAGE_ANNOTATION, PreparedSidecarSet, SidecarSetRef};
use crate::kruise::validation::validate_sidecar_set_change;
use crate::response::{accept, mutate};
use crate::settings::Role;
use apimachinery::field_error::{FieldError, FieldPath};
use apimachinery::json::list;

const SIDECAR_SET_GROUP: &str = "apps.kruise.io";

/// What a request is about, from its `kind`.
#[derive(Debug, PartialEq, Eq)]
enum Subject {
    SidecarSet,
    ResourceBinding,
    Other,
}

fn subject(request: &Value) -> Subject {
    let kind = request.get("kind");
    let field = |key: &str| kind.and_then(|k| k.get(key)).and_then(Value::as_str).unwrap_or("");
    if !request.get("subResource").and_then(Value::as_str).unwrap_or("").is_empty() {
        return Subject::Other;
    }
    match (field("group"), field("kind")) {
        (SIDECAR_SET_GROUP, "SidecarSet") => Subject::SidecarSet,
        (group, binding::KIND) if Some(group) == binding::API_VERSION.split('/').next() => Subject::ResourceBinding,
        _ => Subject::Other,
    }
}

/// A request to a SidecarSet role. `kruise_namespace` holds Kruise's ControllerRevisions.
pub fn evaluate(
    role: Role,
    request: &Value,
    object: Value,
    host: &dyn Host,
    kruise_namespace: &str,
) -> Result<Vec<u8>> {
    let operation = request.get("operation").and_then(Value::as_str).unwrap_or("");
    if operation != "CREATE" && operation != "UPDATE" {
        return Ok(accept());
    }
    match (role, subject(request)) {
        (Role::SidecarSetDefaulter, Subject::SidecarSet) => default_sidecar_set(object),
        (Role::Validator, Subject::SidecarSet) => {
            let old = request.get("oldObject").filter(|_| operation == "UPDATE");
            validate_sidecar_set_request(&object, old, host, kruise_namespace)
        }
        (Role::Validator, Subject::ResourceBinding) => validate_binding_request(&object),
        _ => Ok(accept()),
    }
}

fn read_object<'v>(object: &'v Value, which: &str) -> Result<SidecarSetRef<'v>> {
    if !object.is_object() {
        return Err(Error::bad_request(format!(
            "invalid request: the {which} of a SidecarSet request must be a SidecarSet object"
        )));
    }
    SidecarSetRef::from_cluster(0, object).map_err(|e| Error::bad_request(format!("invalid SidecarSet: {e}")))
}

/// `SetDefaultsSidecarSet` then `SetHashSidecarSet`, on the object's JSON (every other field
/// stays as it came). Unchanged objects are accepted without a patch, as Kruise does.
fn default_sidecar_set(mut object: Value) -> Result<Vec<u8>> {
    read_object(&object, "object")?;
    let Some(fields) = object.as_object_mut() else { return Ok(accept()) };
    let original = fields.clone();
    let spec = fields.entry("spec").or_insert_with(|| Value::Object(Map::new()));
    if spec.is_null() {
        *spec = Value::Object(Map::new());
    }
    let Some(spec) = spec.as_object_mut() else {
        return Err(Error::bad_request("invalid SidecarSet: spec: must be an object"));
    };
    default_spec(spec);
    let hashes = SidecarSetRef::from_cluster(0, &object).map_err(Error::bad_request)?.computed_hashes();
    let annotations = object
        .as_object_mut()
        .and_then(|o| o.entry("metadata").or_insert_with(|| Value::Object(Map::new())).as_object_mut())
        .map(|m| m.entry("annotations").or_insert_with(|| Value::Object(Map::new())))
        .filter(|a| a.is_object() || a.is_null());
    let Some(annotations) = annotations else {
        return Err(Error::bad_request("invalid SidecarSet: metadata.annotations: must be an object"));
    };
    if annotations.is_null() {
        *annotations = Value::Object(Map::new());
    }
    if let Some(a) = annotations.as_object_mut() {
        a.insert(HASH_ANNOTATION.to_string(), Value::from(hashes.hash));
        a.insert(HASH_WITHOUT_IMAGE_ANNOTATION.to_string(), Value::from(hashes.without_image));
    }
    if object.as_object() == Some(&original) {
        return Ok(accept());
    }
    Ok(mutate(object, Default::default(), Vec::new()))
}

/// `validateSidecarSet`: every error, aggregated as Kubernetes aggregates a `field.ErrorList`,
/// answered with Kruise's code 500.
fn validate_sidecar_set_request(
    object: &Value,
    old: Option<&Value>,
    host: &dyn Host,
    kruise_namespace: &str,
) -> Result<Vec<u8>> {
    let set = read_object(object, "object")?;
    let old = old.map(|o| read_object(o, "oldObject")).transpose()?;
    let listed = host
        .sidecar_sets()
        .map_err(|e| Error::internal(format!("Internal error: query other sidecarsets failed, err: {e}")))?;
    let cluster: Vec<SidecarSetRef<'_>> =
        listed.iter().enumerate().filter_map(|(i, v)| SidecarSetRef::from_cluster(i, v).ok()).collect();
    let mut errs = validate_sidecar_set_change(&set, old.as_ref(), &cluster);
    if let Some(Err(e)) = named_history(&set, host, kruise_namespace) {
        errs.push(FieldError::invalid_raw(
            &FieldPath::root("revision"),
            "null",
            format!("Cannot find specific ControllerRevision, err: {}", e.message),
        ));
    }
    if let Some(old) = &old {
        errs.extend(update_conflicts(&set, old));
    }
    if errs.is_empty() {
        // Like Kruise, conflicts are looked for only when the object is otherwise valid.
        let mut sets: Vec<SidecarSetRef<'_>> = cluster.iter().filter(|s| s.name != set.name).copied().collect();
        sets.push(set);
        let prepared: Vec<PreparedSidecarSet> = sets.iter().map(SidecarSetRef::prepare).collect();
        errs.extend(conflicts_with_earlier(sets.len() - 1, &sets, &prepared));
    }
    if errs.is_empty() {
        return Ok(accept());
    }
    Err(Error::internal(aggregate(&errs)))
}

/// `validateSidecarContainerConflict`: an update may remove containers but neither add nor
/// rename one, and may not change a container's upgrade type.
fn update_conflicts(set: &SidecarSetRef<'_>, old: &SidecarSetRef<'_>) -> Vec<FieldError> {
    let path = FieldPath::root("spec").child("containers");
    let containers = |s: &SidecarSetRef<'_>| -> Vec<(String, String)> {
        list(s.spec_field("containers"))
            .iter()
            .map(|c| {
                let name = c.get("name").and_then(Value::as_str).unwrap_or("").to_string();
                let upgrade = c
                    .get("upgradeStrategy")
                    .and_then(|u| u.get("upgradeType"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                (name, upgrade)
            })
            .collect()
    };
    let before = containers(old);
    let mut errs = Vec::new();
    for (name, upgrade) in containers(set) {
        match before.iter().find(|(n, _)| *n == name) {
            Some((_, old_upgrade)) if !old_upgrade.is_empty() && *old_upgrade != upgrade => {
                errs.push(FieldError::invalid(
                    &path.child("upgradeStrategy").child("upgradeType"),
                    &name,
                    format!("container {name} upgradeType is immutable"),
                ));
            }
            Some(_) => {}
            None => {
                errs.push(FieldError::invalid(&path.child("name"), &name, format!("container {name} is not found")))
            }
        }
    }
    errs
}

/// A SidecarSetResourceBinding: its fields, kinds and the namespace rule (a binding grants
/// only resources of its own namespace, so references are bare names).
fn validate_binding_request(object: &Value) -> Result<Vec<u8>> {
    if !object.is_object() {
        return Err(Error::bad_request(format!(
            "invalid request: the object of a {} request must be a {} object",
            binding::KIND,
            binding::KIND
        )));
    }
    let errs = validate_binding(object, None);
    if errs.is_empty() { Ok(accept()) } else { Err(Error::bad_request(aggregate(&errs))) }
}

/// `utilerrors.NewAggregate(errs).Error()`: one message as it is, several as `[a, b]`, each
/// distinct message once.
fn aggregate(errs: &[FieldError]) -> String {
    let mut messages: Vec<String> = Vec::new();
    for e in errs {
        let m = e.to_string();
        if !messages.contains(&m) {
            messages.push(m);
        }
    }
    if messages.len() == 1 { messages.remove(0) } else { format!("[{}]", messages.join(", ")) }
}
