//! Which revision of a SidecarSet a new pod gets (`getSuitableRevisionSidecarSet` in
//! `pkg/webhook/pod/mutating/sidecarset.go`, `GetHistorySidecarSet` in
//! `pkg/control/sidecarcontrol/history_control.go`): the SidecarSet as it is, or the
//! historical spec stored in one of Kruise's ControllerRevisions in the Kruise namespace,
//! chosen by `injectionStrategy.revision` (`revisionName`, or `customVersion` where the
//! highest revision wins), its `policy` (`Always`, or `Partial` with
//! `updateStrategy.selector` and a `partition` percentage drawn at random) and
//! `updateStrategy.paused`.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::host::Host;
use crate::host::types::ControllerRevision;
use crate::kruise::sidecarset::{HASH_ANNOTATION, HASH_WITHOUT_IMAGE_ANNOTATION, SidecarSetRef};
use apimachinery::field_error::quote;
use apimachinery::pod::labels;
use apimachinery::selector::selector_matches;

/// The label Kruise's controller puts on a SidecarSet's ControllerRevisions.
pub const SIDECAR_SET_NAME_LABEL: &str = "kruise.io/sidecarset-name";
/// The label naming a revision's `customVersion`.
pub const CUSTOM_VERSION_LABEL: &str = "apps.kruise.io/sidecarset-custom-version";
/// Where Kruise keeps ControllerRevisions unless installed elsewhere.
pub const DEFAULT_KRUISE_NAMESPACE: &str = "kruise-system";

/// A historical SidecarSet (`restoreRevisionInfo`): the spec stored in the revision, the hash
/// annotations the revision carries (`None` where it carries none: Kruise then hashes the
/// restored spec), and the revision's name, recorded on the pod as `controllerRevision`.
#[derive(Clone, Debug, PartialEq)]
pub struct RestoredRevision {
    pub name: String,
    pub spec: Map<String, Value>,
    pub hash: Option<String>,
    pub without_image: Option<String>,
}

/// The revision a pod being created gets: `None` for the SidecarSet as it is. Errors reject
/// the pod, as in Kruise (a missing revision, an unreadable partition, a bad selector).
pub fn suitable_revision(
    set: &SidecarSetRef<'_>,
    pod: &Value,
    host: &dyn Host,
    kruise_namespace: &str,
) -> Result<Option<RestoredRevision>> {
    let Some(revision) = set.spec_field("injectionStrategy").and_then(|s| s.get("revision")).filter(|r| r.is_object())
    else {
        return Ok(None);
    };
    let revision_name = revision.get("revisionName").and_then(Value::as_str);
    let custom_version = revision.get("customVersion").and_then(Value::as_str);
    if revision_name.is_none() && custom_version.is_none() {
        return Ok(None);
    }
    let history = history(set, revision_name, custom_version, host, kruise_namespace)?;
    let strategy = set.spec_field("updateStrategy");
    let field = |key: &str| strategy.and_then(|s| s.get(key)).filter(|v| !v.is_null());
    if field("paused").and_then(Value::as_bool) == Some(true) {
        return Ok(Some(history));
    }
    if revision.get("policy").and_then(Value::as_str) != Some("Partial") {
        return Ok(Some(history));
    }
    if let Some(selector) = field("selector") {
        let selected = selector_matches(selector, labels(pod))
            .map_err(|e| Error::internal(format!("{}: spec.updateStrategy.selector: {e}", set.label())))?;
        if !selected {
            return Ok(Some(history));
        }
    }
    // `selectRevisionRandomly`: an integer partition (or none) means the latest.
    let Some(Value::String(partition)) = field("partition") else { return Ok(None) };
    let probability = parse_percentage(partition).map_err(Error::internal)?;
    let draw = host.random_fraction();
    let keep_history = draw <= probability;
    host.debug(
        if keep_history { "the draw keeps the stored revision" } else { "the draw picks the latest revision" },
        &[("sidecarSet", set.name), ("partition", partition)],
    );
    Ok(keep_history.then_some(history))
}

/// `GetHistorySidecarSet`: the named revision, or the highest one of the custom version.
/// `GetHistorySidecarSet` for the SidecarSet validating webhook: the revision that
/// `injectionStrategy.revision` names, restored. `None` when no revision is named.
pub fn named_history(
    set: &SidecarSetRef<'_>,
    host: &dyn Host,
    kruise_namespace: &str,
) -> Option<Result<RestoredRevision>> {
    let revision = set.spec_field("injectionStrategy").and_then(|s| s.get("revision")).filter(|r| r.is_object())?;
    let revision_name = revision.get("revisionName").and_then(Value::as_str);
    let custom_version = revision.get("customVersion").and_then(Value::as_str);
    if revision_name.is_none() && custom_version.is_none() {
        return None;
    }
    Some(history(set, revision_name, custom_version, host, kruise_namespace))
}

fn history(
    set: &SidecarSetRef<'_>,
    revision_name: Option<&str>,
    custom_version: Option<&str>,
    host: &dyn Host,
    kruise_namespace: &str,
) -> Result<RestoredRevision> {
    let revision = if let Some(name) = revision_name {
        host.controller_revision(kruise_namespace, name).map_err(|e| {
            if e.is_not_found() {
                // The API server's NotFound, which Kruise's webhook returns as is.
                Error::internal(format!("controllerrevisions.apps {} not found", quote(name)))
            } else {
                Error::internal(format!("cannot read ControllerRevision {kruise_namespace}/{name}: {e}"))
            }
        })?
    } else {
        let version = custom_version.unwrap_or_default();
        // Go's label selector string: requirements sorted by key.
        let selector = format!("{CUSTOM_VERSION_LABEL}={version},{SIDECAR_SET_NAME_LABEL}={}", set.name);
        let mut revisions = host.controller_revisions(kruise_namespace, &selector).map_err(|e| {
            Error::internal(format!(
                "cannot list the ControllerRevisions of SidecarSet {} in {kruise_namespace}: {e}",
                quote(set.name)
            ))
        })?;
        // `history.SortControllerRevisions`: by revision, then creation time, then name.
        revisions.sort_by(|a, b| {
            (a.revision, &a.metadata.creation_timestamp, &a.metadata.name).cmp(&(
                b.revision,
                &b.metadata.creation_timestamp,
                &b.metadata.name,
            ))
        });
        // `generateNotFoundError`: named after the SidecarSet.
        revisions
            .pop()
            .ok_or_else(|| Error::internal(format!("ControllerRevision.apps {} not found", quote(set.name))))?
    };
    restore(set, &revision)
}

/// The strategic merge of the revision's `data` into the SidecarSet. Kruise's controller
/// always stores `{"spec": {"$patch": "replace", <five fields>}}`, which replaces the spec;
/// a revision written by hand without that directive would need a full strategic merge and
/// is refused, with a message, rather than merged differently.
fn restore(set: &SidecarSetRef<'_>, revision: &ControllerRevision) -> Result<RestoredRevision> {
    let name = revision.metadata.name.clone().unwrap_or_default();
    let bad = |what: &str| {
        Error::internal(format!("ControllerRevision {} of SidecarSet {}: {what}", quote(&name), quote(set.name)))
    };
    let data = revision.data.as_ref().unwrap_or(&Value::Null);
    let data = data.as_object().ok_or_else(|| bad("data is not a JSON object"))?;
    let spec = match data.get("spec") {
        None => set.spec().cloned().unwrap_or_default(),
        Some(Value::Object(spec)) if spec.get("$patch").and_then(Value::as_str) == Some("replace") => {
            spec.iter().filter(|(k, _)| k.as_str() != "$patch").map(|(k, v)| (k.clone(), v.clone())).collect()
        }
        Some(Value::Object(_)) => {
            return Err(bad(
                "data.spec has no \"$patch\": \"replace\" (Kruise's controller always writes one); this policy restores only revisions that replace the spec",
            ));
        }
        Some(_) => return Err(bad("data.spec is not an object")),
    };
    let annotation =
        |key: &str| revision.metadata.annotations.as_ref().and_then(|a| a.get(key)).filter(|v| !v.is_empty()).cloned();
    Ok(RestoredRevision {
        spec,
        hash: annotation(HASH_ANNOTATION),
        without_image: annotation(HASH_WITHOUT_IMAGE_ANNOTATION),
        name,
    })
}

/// `util.ParsePercentageAsFloat64`: `"<float>%"` as a fraction, with Go's messages. Go's
/// `strconv.ParseFloat` also reads hexadecimal floats (`0x1p-2`), which Rust does not: such a
/// partition is refused here with the same "invalid syntax" message.
pub fn parse_percentage(s: &str) -> std::result::Result<f64, String> {
    let Some(number) = s.strip_suffix('%') else {
        return Err("invalid type: string is not a percentage".to_string());
    };
    let syntax = || format!("strconv.ParseFloat: parsing {}: invalid syntax", quote(number));
    let value: f64 = number.parse().map_err(|_| syntax())?;
    let literal_infinity = number.trim_start_matches(['+', '-']).to_ascii_lowercase().starts_with("inf");
    if value.is_infinite() && !literal_infinity {
        return Err(format!("strconv.ParseFloat: parsing {}: value out of range", quote(number)));
    }
    Ok(value / 100.0)
}

#[cfg(test)]
mod tests {
    use super::parse_percentage;

    #[test]
    fn percentages_parse_as_go_does() {
        assert_eq!(parse_percentage("100%"), Ok(1.0));
        assert_eq!(parse_percentage("0%"), Ok(0.0));
        assert_eq!(parse_percentage("12.5%"), Ok(0.125));
        assert_eq!(parse_percentage("1e1%"), Ok(0.1));
        assert_eq!(parse_percentage("10"), Err("invalid type: string is not a percentage".to_string()));
        assert_eq!(parse_percentage("abc%"), Err("strconv.ParseFloat: parsing \"abc\": invalid syntax".to_string()));
        assert_eq!(parse_percentage("%"), Err("strconv.ParseFloat: parsing \"\": invalid syntax".to_string()));
        assert_eq!(
            parse_percentage("1e400%"),
            Err("strconv.ParseFloat: parsing \"1e400\": value out of range".to_string())
        );
        assert_eq!(parse_percentage("Inf%"), Ok(f64::INFINITY));
    }
}
