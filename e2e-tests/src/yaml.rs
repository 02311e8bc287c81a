//! YAML reading helpers. Settings, manifests, fixtures and expectations are YAML or JSON
//! (JSON is read by the YAML parser too, as kwctl does for `--settings-path`).

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::error::HostError;

/// Reads a file whole, naming it in the error.
pub fn read_file(path: &Path) -> Result<String, HostError> {
    std::fs::read_to_string(path).map_err(|e| HostError::io(format!("cannot read {}", path.display()), e))
}

/// Parses a single YAML (or JSON) document into JSON.
pub fn parse_single(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str(text)
}

/// Parses every document of a multi-document YAML (or a JSON) text into JSON values.
/// Empty documents (`---` followed by nothing, or only comments) are skipped.
pub fn parse_documents(text: &str) -> Result<Vec<Value>, serde_yaml::Error> {
    let mut documents = Vec::new();
    for document in serde_yaml::Deserializer::from_str(text) {
        let value = Value::deserialize(document)?;
        if !value.is_null() {
            documents.push(value);
        }
    }
    Ok(documents)
}

/// Renders a JSON value as a YAML document (without the leading `---`).
pub fn to_yaml(value: &Value) -> Result<String, HostError> {
    serde_yaml::to_string(value).map_err(|e| HostError::invalid(format!("cannot render YAML: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_document() {
        let docs = parse_documents("a: 1\n---\n# nothing\n---\nb: [x]\n").unwrap();
        assert_eq!(docs, vec![serde_json::json!({"a": 1}), serde_json::json!({"b": ["x"]})]);
    }

    #[test]
    fn json_is_yaml() {
        let doc = parse_single(r#"{"a": {"b": null}}"#).unwrap();
        assert_eq!(doc, serde_json::json!({"a": {"b": null}}));
    }
}
