//! Judging an outcome against a case's expectations. Shared by the Rust e2e test and the
//! `e2e-check` binary, so kwctl and kwrun are held to exactly the same standard.
//!
//! Volatile values are masked on both sides before objects are compared: inside the JSON
//! strings of the pod annotations `kruise.io/sidecarset-hash` and
//! `kruise.io/sidecarset-hash-without-image`, every `updateTimestamp` value becomes `"<TS>"`
//! (the rest of the string, including its key order, must match exactly).

use serde_json::Value;

use crate::cases::{Case, Outcome};
use crate::patch;

pub const MASKED_ANNOTATIONS: &[&str] = &["kruise.io/sidecarset-hash", "kruise.io/sidecarset-hash-without-image"];
pub const MASKED_TIMESTAMP: &str = "<TS>";

/// Every mismatch between the outcome and the case's expectations (empty: the case passes).
pub fn check(case: &Case, outcome: &Outcome) -> Vec<String> {
    let expected = &case.expected;
    let mut problems = Vec::new();
    match outcome {
        Outcome::SettingsRejected { message } => {
            if expected.settings_valid {
                problems.push(format!("settings were rejected: {message}"));
                return problems;
            }
            if let Some(want) = &expected.settings_message
                && want != message
            {
                problems.push(format!("settings message: expected {want:?}, got {message:?}"));
            }
            if let Some(part) = &expected.settings_message_contains
                && !message.contains(part.as_str())
            {
                problems.push(format!("settings message {message:?} does not contain {part:?}"));
            }
        }
        Outcome::Response(response) => {
            if !expected.settings_valid {
                problems.push(format!(
                    "settings were accepted, expected them to be rejected; response: {}",
                    response.to_json_line().unwrap_or_default()
                ));
                return problems;
            }
            let message = response.message();
            if let Some(allowed) = expected.allowed
                && allowed != response.allowed
            {
                problems.push(format!("allowed: expected {allowed}, got {} (message: {message:?})", response.allowed));
            }
            if let Some(code) = expected.code
                && Some(code) != response.code()
            {
                problems.push(format!("code: expected {code}, got {:?}", response.code()));
            }
            if let Some(want) = &expected.message
                && Some(want.as_str()) != message
            {
                problems.push(format!("message: expected {want:?}, got {message:?}"));
            }
            if let Some(part) = &expected.message_contains
                && !message.is_some_and(|m| m.contains(part.as_str()))
            {
                problems.push(format!("message {message:?} does not contain {part:?}"));
            }
            if let Some(want) = &expected.warnings
                && Some(want) != response.warnings.as_ref()
            {
                problems.push(format!("warnings: expected {want:?}, got {:?}", response.warnings));
            }
            let patched = response.patch.is_some();
            if let Some(want) = expected.patched
                && want != patched
            {
                let patch =
                    patch::decode_patch(response).ok().flatten().map(|p| serde_json::to_string(&p).unwrap_or_default());
                problems.push(format!("patched: expected {want}, got {patched} (patch: {patch:?})"));
            }
            if let Some(want) = &case.expected_object {
                match patch::apply_response(&case.request_object(), response) {
                    Ok(actual) => {
                        if let Some(difference) = object_difference(want, &actual) {
                            problems.push(difference);
                        }
                    }
                    Err(e) => problems.push(format!("cannot apply the response's patch: {e}")),
                }
            }
        }
    }
    problems
}

/// `None` when equal after masking; otherwise a description with the JSON Patch that turns the
/// expected object into the actual one.
pub fn object_difference(expected: &Value, actual: &Value) -> Option<String> {
    let mut expected = expected.clone();
    let mut actual = actual.clone();
    mask_volatile(&mut expected);
    mask_volatile(&mut actual);
    if expected == actual {
        return None;
    }
    let diff = json_patch::diff(&expected, &actual);
    let mut ops = serde_json::to_string_pretty(&diff).unwrap_or_default();
    const LIMIT: usize = 4000;
    if ops.len() > LIMIT {
        let mut cut = LIMIT;
        while !ops.is_char_boundary(cut) {
            cut -= 1;
        }
        ops.truncate(cut);
        ops.push_str("\n... (truncated)");
    }
    Some(format!("object after patch differs from expected-object.yaml; patch from expected to actual:\n{ops}"))
}

/// Masks the timestamps in the Kruise hash annotations, wherever such an annotation appears.
pub fn mask_volatile(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if MASKED_ANNOTATIONS.contains(&key.as_str())
                    && let Value::String(text) = child
                {
                    *text = mask_update_timestamps(text);
                } else {
                    mask_volatile(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_volatile),
        _ => {}
    }
}

/// Replaces the value of every `"updateTimestamp"` member in a JSON text with `"<TS>"`,
/// leaving every other byte as it was.
pub fn mask_update_timestamps(text: &str) -> String {
    const KEY: &str = "\"updateTimestamp\"";
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find(KEY) {
        let key_end = search + found + KEY.len();
        let mut i = key_end;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b':' {
            search = key_end;
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let value_start = i;
        let value_end = if i < bytes.len() && bytes[i] == b'"' {
            // A string literal: up to the closing unescaped quote.
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            (i + 1).min(bytes.len())
        } else {
            // null, a number, ...: up to the next delimiter.
            while i < bytes.len() && !matches!(bytes[i], b',' | b'}' | b']') {
                i += 1;
            }
            i
        };
        out.push_str(&text[copied..value_start]);
        out.push('"');
        out.push_str(MASKED_TIMESTAMP);
        out.push('"');
        copied = value_end;
        search = value_end;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masks_timestamps_only() {
        let text = r#"{"s":{"updateTimestamp":"2024-01-01T00:00:00Z","hash":"x"},"t":{"updateTimestamp" : null}}"#;
        assert_eq!(
            mask_update_timestamps(text),
            r#"{"s":{"updateTimestamp":"<TS>","hash":"x"},"t":{"updateTimestamp" : "<TS>"}}"#
        );
        assert_eq!(mask_update_timestamps("no timestamps"), "no timestamps");
        assert_eq!(mask_update_timestamps(r#"{"updateTimestamp":"a\"b"}"#), r#"{"updateTimestamp":"<TS>"}"#);
        assert_eq!(mask_update_timestamps(r#"{"updateTimestamp":"unterminated"#), r#"{"updateTimestamp":"<TS>""#);
    }

    #[test]
    fn objects_equal_after_masking() {
        let a = json!({"metadata": {"annotations": {"kruise.io/sidecarset-hash": r#"{"s":{"updateTimestamp":"1","hash":"h"}}"#}}});
        let b = json!({"metadata": {"annotations": {"kruise.io/sidecarset-hash": r#"{"s":{"updateTimestamp":"2","hash":"h"}}"#}}});
        assert!(object_difference(&a, &b).is_none());
        let c = json!({"metadata": {"annotations": {"kruise.io/sidecarset-hash": r#"{"s":{"updateTimestamp":"2","hash":"other"}}"#}}});
        assert!(object_difference(&a, &c).unwrap().contains("differs"));
    }
}
