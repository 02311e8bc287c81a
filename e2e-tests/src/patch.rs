//! Applying a response's patch the way the API server does, to see the admitted object.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use crate::error::HostError;
use crate::response::AdmissionResponse;

/// Decodes the base64 JSON Patch of a response (`None` when there is no patch).
pub fn decode_patch(response: &AdmissionResponse) -> Result<Option<json_patch::Patch>, HostError> {
    let Some(encoded) = &response.patch else {
        return Ok(None);
    };
    let bytes = STANDARD.decode(encoded).map_err(|e| HostError::invalid(format!("patch is not valid base64: {e}")))?;
    let patch =
        serde_json::from_slice(&bytes).map_err(|e| HostError::invalid(format!("patch is not a JSON Patch: {e}")))?;
    Ok(Some(patch))
}

/// The object after the response's patch (a copy of `object` when there is none).
pub fn apply_response(object: &Value, response: &AdmissionResponse) -> Result<Value, HostError> {
    let mut patched = object.clone();
    if let Some(patch) = decode_patch(response)? {
        json_patch::patch(&mut patched, &patch)
            .map_err(|e| HostError::invalid(format!("cannot apply the patch: {e}")))?;
    }
    Ok(patched)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trip() {
        let response = AdmissionResponse {
            patch: Some(STANDARD.encode(r#"[{"op":"add","path":"/a","value":1}]"#)),
            ..Default::default()
        };
        assert_eq!(apply_response(&json!({}), &response).unwrap(), json!({"a": 1}));
    }

    #[test]
    fn garbage_patch() {
        let response = AdmissionResponse { patch: Some("!!".into()), ..Default::default() };
        assert!(apply_response(&json!({}), &response).is_err());
    }
}
