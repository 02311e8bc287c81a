//! The pod annotations `kruise.io/sidecarset-hash` and `kruise.io/sidecarset-hash-without-image`:
//! JSON maps from SidecarSet name to `SidecarSetUpgradeSpec`. Existing entries are read the
//! way Kruise reads them (the current struct form, or the legacy name → hash form) and
//! written back in Go's encoding, so that Kruise's controller reads what it wrote itself.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use apimachinery::gojson::write::write_string;
use apimachinery::time::{format_rfc3339, parse_rfc3339};

/// `sidecarcontrol.SidecarSetUpgradeSpec`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpgradeSpec {
    /// RFC 3339 in UTC; `None` is Go's zero time, written as `null`.
    pub update_timestamp: Option<String>,
    pub hash: String,
    pub sidecar_set_name: String,
    /// `None` is a nil list, written as `null`.
    pub sidecar_list: Option<Vec<String>>,
    /// Omitted when empty.
    pub controller_revision: String,
}

/// SidecarSet name → entry; a `BTreeMap` because Go writes map keys sorted.
pub type HashAnnotation = BTreeMap<String, UpgradeSpec>;

/// Read an annotation value as Kruise's `buildSidecars` does: an empty value is an empty
/// map; otherwise the struct form, else the legacy `{"name": "hash"}` form, else an error.
pub fn parse(value: &str) -> Result<HashAnnotation, String> {
    if value.is_empty() {
        return Ok(HashAnnotation::new());
    }
    let doc: Value = serde_json::from_str(value).map_err(|e| e.to_string())?;
    let Some(entries) = doc.as_object() else {
        return Err(format!("expected a JSON object, got {}", apimachinery::field_error::describe(&doc)));
    };
    parse_struct_form(entries).or_else(|_| parse_legacy_form(entries))
}

fn parse_struct_form(entries: &Map<String, Value>) -> Result<HashAnnotation, String> {
    let mut out = HashAnnotation::new();
    for (name, entry) in entries {
        let spec = match entry {
            Value::Null => UpgradeSpec::default(),
            Value::Object(fields) => parse_entry(name, fields)?,
            _ => return Err(format!("entry {name:?} is not an object")),
        };
        out.insert(name.clone(), spec);
    }
    Ok(out)
}

/// One `SidecarSetUpgradeSpec`. Go's `encoding/json` (which Kruise uses here) matches field
/// names exactly or, failing that, case-insensitively, ignores unknown fields, and lets a
/// later member overwrite an earlier one.
fn parse_entry(name: &str, fields: &Map<String, Value>) -> Result<UpgradeSpec, String> {
    const FIELDS: [&str; 5] = ["updateTimestamp", "hash", "sidecarSetName", "sidecarList", "controllerRevision"];
    let mut spec = UpgradeSpec::default();
    for (key, value) in fields {
        let field =
            FIELDS.iter().find(|f| **f == key.as_str()).or_else(|| FIELDS.iter().find(|f| f.eq_ignore_ascii_case(key)));
        match field.copied() {
            Some("updateTimestamp") => {
                spec.update_timestamp = match value {
                    Value::Null => None,
                    Value::String(s) => Some(format_rfc3339(
                        parse_rfc3339(s).ok_or_else(|| format!("invalid updateTimestamp {s:?} of {name:?}"))?,
                    )),
                    _ => return Err(format!("updateTimestamp of {name:?} is not a string")),
                }
            }
            Some("hash") => spec.hash = string_value(value, key, name)?,
            Some("sidecarSetName") => spec.sidecar_set_name = string_value(value, key, name)?,
            Some("controllerRevision") => spec.controller_revision = string_value(value, key, name)?,
            Some("sidecarList") => {
                spec.sidecar_list = match value {
                    Value::Null => None,
                    Value::Array(items) => Some(
                        items
                            .iter()
                            .map(|i| match i {
                                Value::String(s) => Ok(s.clone()),
                                Value::Null => Ok(String::new()),
                                _ => Err(format!("sidecarList of {name:?} holds a non-string")),
                            })
                            .collect::<Result<_, _>>()?,
                    ),
                    _ => return Err(format!("sidecarList of {name:?} is not a list")),
                }
            }
            _ => {}
        }
    }
    Ok(spec)
}

fn parse_legacy_form(entries: &Map<String, Value>) -> Result<HashAnnotation, String> {
    let mut out = HashAnnotation::new();
    for (name, hash) in entries {
        let hash = match hash {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => {
                let other = crate::limits::abbreviate(&other.to_string()).into_owned();
                return Err(format!("entry {name:?} is neither an object nor a string: {other}"));
            }
        };
        out.insert(name.clone(), UpgradeSpec { hash, sidecar_set_name: name.clone(), ..UpgradeSpec::default() });
    }
    Ok(out)
}

/// A Go string field: `null` leaves it empty.
fn string_value(value: &Value, key: &str, name: &str) -> Result<String, String> {
    match value {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s.clone()),
        _ => Err(format!("{key} of {name:?} is not a string")),
    }
}

/// Go's `json.Marshal` of the map.
pub fn format(map: &HashAnnotation) -> String {
    let mut out = String::from("{");
    for (i, (name, spec)) in map.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(&mut out, name);
        out.push_str(":{\"updateTimestamp\":");
        match &spec.update_timestamp {
            Some(ts) => write_string(&mut out, ts),
            None => out.push_str("null"),
        }
        out.push_str(",\"hash\":");
        write_string(&mut out, &spec.hash);
        out.push_str(",\"sidecarSetName\":");
        write_string(&mut out, &spec.sidecar_set_name);
        out.push_str(",\"sidecarList\":");
        match &spec.sidecar_list {
            Some(list) => {
                out.push('[');
                for (j, item) in list.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    write_string(&mut out, item);
                }
                out.push(']');
            }
            None => out.push_str("null"),
        }
        if !spec.controller_revision.is_empty() {
            out.push_str(",\"controllerRevision\":");
            write_string(&mut out, &spec.controller_revision);
        }
        out.push('}');
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_form_is_upgraded() {
        // TestPodSidecarSetHashCompatibility: legacy entries are kept.
        let map = parse(r#"{"sidecarset-test":"bv6d2fbw97wz8xx5x4v4wddwbd5z744wcf7c786dd4dvxvd5w6w424df7vx47989"}"#);
        assert_eq!(
            map.as_ref().map(format),
            Ok(r#"{"sidecarset-test":{"updateTimestamp":null,"hash":"bv6d2fbw97wz8xx5x4v4wddwbd5z744wcf7c786dd4dvxvd5w6w424df7vx47989","sidecarSetName":"sidecarset-test","sidecarList":null}}"#.to_string())
        );
        assert_eq!(
            parse(r#"{"other":"x"}"#).map(|m| format(&m)),
            Ok(r#"{"other":{"updateTimestamp":null,"hash":"x","sidecarSetName":"other","sidecarList":null}}"#
                .to_string())
        );
    }

    #[test]
    fn struct_form_round_trips_in_go_encoding() {
        let input = r#"{"b":{"hash":"h","sidecarSetName":"b","sidecarList":["x","y"],"updateTimestamp":"2024-01-01T08:00:00.5+08:00","controllerRevision":"b-1","extra":1},"a":null}"#;
        assert_eq!(
            parse(input).map(|m| format(&m)),
            Ok(concat!(
                r#"{"a":{"updateTimestamp":null,"hash":"","sidecarSetName":"","sidecarList":null},"#,
                r#""b":{"updateTimestamp":"2024-01-01T00:00:00Z","hash":"h","sidecarSetName":"b","sidecarList":["x","y"],"controllerRevision":"b-1"}}"#
            )
            .to_string())
        );
        assert_eq!(parse("").map(|m| m.len()), Ok(0));
        // Go matches field names case-insensitively when there is no exact match.
        assert_eq!(
            parse(r#"{"a":{"HASH":"x","Hash":"y"}}"#).map(|m| m.get("a").map(|e| e.hash.clone())),
            Ok(Some("y".to_string()))
        );
    }

    #[test]
    fn invalid_values_are_errors() {
        for bad in [
            "not json",
            "null",
            "[1]",
            r#"{"a":5}"#,
            r#"{"a":{"hash":5}}"#,
            r#"{"a":{"updateTimestamp":"yesterday"}}"#,
            r#"{"a":"x","b":{"hash":"y"}}"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
