//! Compact JSON output byte-identical to Go's `encoding/json.Marshal` for the values the
//! policy produces. Kruise hashes Go's output (SHA-256 of the marshalled sidecar containers)
//! and writes Go-marshalled JSON into pod annotations, so escaping must match Go exactly:
//! HTML-sensitive characters and U+2028/U+2029 are escaped, as are control characters.

use serde_json::Value;

/// Append `v` as compact Go-style JSON. Object members are written in their stored order:
/// callers store struct fields in Go declaration order and map keys sorted (see `normalize`).
pub fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// The Go-style JSON text of `v`.
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v);
    out
}

/// Append a JSON string literal escaped as Go's encoder does with HTML escaping on
/// (the default of `json.Marshal`): `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t` short forms
/// (Go 1.22+), other control characters and `<`, `>`, `&`, U+2028, U+2029 as `\u00XX`.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    // Most strings (names, images, paths) need no escape: copy them whole.
    if !s.bytes().any(may_need_escape) {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => push_u_escape(out, c as u32),
            c if (c as u32) < 0x20 => push_u_escape(out, c as u32),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Bytes that start something `write_string` escapes; 0xE2 leads U+2028 and U+2029 (and
/// other characters, which the character loop then copies unchanged).
fn may_need_escape(b: u8) -> bool {
    b < 0x20 || matches!(b, b'"' | b'\\' | b'<' | b'>' | b'&' | 0xE2)
}

fn push_u_escape(out: &mut String, code: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u");
    for shift in [12u32, 8, 4, 0] {
        let digit = ((code >> shift) & 0xf) as usize;
        // `digit` is masked to 0..16, so the lookup cannot fail.
        out.push(HEX.get(digit).map_or('0', |b| *b as char));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_like_go() {
        let cases = [
            ("plain", "\"plain\""),
            ("a<b>&c", "\"a\\u003cb\\u003e\\u0026c\""),
            ("q\"b\\", "\"q\\\"b\\\\\""),
            ("\n\r\t\u{8}\u{c}", "\"\\n\\r\\t\\b\\f\""),
            ("\u{1}\u{1f}", "\"\\u0001\\u001f\""),
            ("\u{2028}\u{2029}", "\"\\u2028\\u2029\""),
            ("é☃\u{7f}", "\"é☃\u{7f}\""),
            ("\u{2020}\u{2028}x", "\"\u{2020}\\u2028x\""),
        ];
        for (input, want) in cases {
            let mut out = String::new();
            write_string(&mut out, input);
            assert_eq!(out, want, "input {input:?}");
        }
    }

    #[test]
    fn writes_compact_in_stored_order() {
        let v = json!({"z": [1, true, null], "a": {"k": "v"}, "n": -5});
        assert_eq!(to_string(&v), r#"{"z":[1,true,null],"a":{"k":"v"},"n":-5}"#);
    }
}
