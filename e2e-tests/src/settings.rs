//! Policy settings as kwctl builds them (`PolicySettings`): a JSON object, `{}` when none is
//! given; `null` counts as none; anything else is refused with policy-evaluator's message.

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::HostError;
use crate::yaml;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PolicySettings(pub Map<String, Value>);

impl PolicySettings {
    /// policy-evaluator's `TryFrom<&serde_json::Value>`.
    pub fn from_value(value: &Value) -> Result<Self, HostError> {
        match value {
            Value::Null => Ok(PolicySettings::default()),
            Value::Object(map) => Ok(PolicySettings(map.clone())),
            _ => Err(HostError::invalid("Invalid settings in CRD, not an object")),
        }
    }

    /// `--settings-path`: a YAML or JSON file (kwctl reads it with a YAML parser).
    pub fn from_file(path: &Path) -> Result<Self, HostError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| HostError::io(format!("Cannot open settings file {}", path.display()), e))?;
        let value = yaml::parse_single(&text)
            .map_err(|e| HostError::invalid(format!("Cannot parse settings file {}: {e}", path.display())))?;
        Self::from_value(&value)
    }

    /// `--settings-json`.
    pub fn from_json_str(json: &str) -> Result<Self, HostError> {
        let value: Value =
            serde_json::from_str(json).map_err(|e| HostError::invalid(format!("Cannot parse settings JSON: {e}")))?;
        Self::from_value(&value)
    }

    pub fn to_value(&self) -> Value {
        Value::Object(self.0.clone())
    }

    /// The `validate_settings` payload: the settings JSON with sorted keys, as policy-evaluator
    /// serialises them (serde_json's default maps there; an explicit sort here).
    pub fn validation_payload(&self) -> Result<String, serde_json::Error> {
        let mut value = self.to_value();
        value.sort_all_objects();
        serde_json::to_string(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn null_means_empty() {
        assert_eq!(PolicySettings::from_value(&Value::Null).unwrap(), PolicySettings::default());
    }

    #[test]
    fn non_object_refused() {
        let err = PolicySettings::from_value(&json!([1])).unwrap_err();
        assert_eq!(err.to_string(), "Invalid settings in CRD, not an object");
    }

    #[test]
    fn bad_json() {
        let err = PolicySettings::from_json_str("{").unwrap_err();
        assert!(err.to_string().starts_with("Cannot parse settings JSON: EOF while parsing"));
    }
}
