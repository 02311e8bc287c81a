//! Field errors in the format Kubernetes and Kruise use for validation messages
//! (`spec.selector: Required value: no selector defined for SidecarSet`), so that a platform
//! engineer sees the same wording `kubectl apply` against Kruise would show, prefixed with the
//! settings object it belongs to.

use std::fmt;

use serde_json::Value;

/// A dotted field path such as `spec.containers[0].volumeMounts[1].name`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldPath(String);

impl FieldPath {
    pub fn root(name: &str) -> Self {
        FieldPath(name.to_string())
    }

    /// `spec` + `containers` = `spec.containers`.
    pub fn child(&self, name: &str) -> Self {
        if self.0.is_empty() { FieldPath(name.to_string()) } else { FieldPath(format!("{}.{}", self.0, name)) }
    }

    /// `spec.containers` + 0 = `spec.containers[0]`.
    pub fn index(&self, i: usize) -> Self {
        FieldPath(format!("{}[{}]", self.0, i))
    }

    /// `metadata.annotations` + `a/b` = `metadata.annotations[a/b]`.
    pub fn key(&self, k: &str) -> Self {
        FieldPath(format!("{}[{}]", self.0, k))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The error types of `k8s.io/apimachinery/pkg/util/validation/field`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Required,
    Invalid,
    NotSupported,
    Duplicate,
    Forbidden,
    NotFound,
    TooLong,
    TooMany,
    /// Not a Kubernetes error type: the value has the wrong JSON type (Go's decoder would
    /// fail before any validation runs).
    Type,
    /// Not a Kubernetes error type: a field the API type does not have (Go would drop it
    /// silently; the policy refuses so that typos do not go unnoticed).
    UnknownField,
}

impl ErrorKind {
    fn label(self) -> &'static str {
        match self {
            ErrorKind::Required => "Required value",
            ErrorKind::Invalid => "Invalid value",
            ErrorKind::NotSupported => "Unsupported value",
            ErrorKind::Duplicate => "Duplicate value",
            ErrorKind::Forbidden => "Forbidden",
            ErrorKind::NotFound => "Not found",
            ErrorKind::TooLong => "Too long",
            ErrorKind::TooMany => "Too many",
            ErrorKind::Type => "Invalid type",
            ErrorKind::UnknownField => "Unknown field",
        }
    }
}

/// One validation error: `<path>: <kind>[: <value>][: <detail>]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub path: FieldPath,
    pub kind: ErrorKind,
    /// The offending value, already rendered (strings quoted like Go's `%q`).
    pub value: Option<String>,
    pub detail: String,
}

impl FieldError {
    pub fn new(path: &FieldPath, kind: ErrorKind, value: Option<String>, detail: impl Into<String>) -> Self {
        FieldError { path: path.clone(), kind, value, detail: detail.into() }
    }

    pub fn required(path: &FieldPath, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorKind::Required, None, detail)
    }

    /// An invalid string value, quoted in the message.
    pub fn invalid(path: &FieldPath, value: &str, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorKind::Invalid, Some(quote(value)), detail)
    }

    /// An invalid value that is rendered by the caller (numbers, objects).
    pub fn invalid_raw(path: &FieldPath, rendered: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorKind::Invalid, Some(rendered.into()), detail)
    }

    pub fn not_supported(path: &FieldPath, value: &str, supported: &[&str]) -> Self {
        let list: Vec<String> = supported.iter().map(|s| quote(s)).collect();
        Self::new(path, ErrorKind::NotSupported, Some(quote(value)), format!("supported values: {}", list.join(", ")))
    }

    pub fn duplicate(path: &FieldPath, value: &str) -> Self {
        Self::new(path, ErrorKind::Duplicate, Some(quote(value)), "")
    }

    pub fn forbidden(path: &FieldPath, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorKind::Forbidden, None, detail)
    }

    pub fn not_found(path: &FieldPath, value: &str) -> Self {
        Self::new(path, ErrorKind::NotFound, Some(quote(value)), "")
    }

    /// A type error naming the expected type and describing the value found.
    pub fn type_mismatch(path: &FieldPath, expected: &str, got: &Value) -> Self {
        FieldError::type_error(path, format!("expected {expected}, got {}", describe(got)))
    }

    pub fn type_error(path: &FieldPath, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorKind::Type, None, detail)
    }

    pub fn unknown_field(path: &FieldPath, name: &str, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorKind::UnknownField, Some(quote(name)), detail)
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind.label())?;
        if let Some(v) = &self.value {
            write!(f, ": {v}")?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// Quote a string the way Go's `%q` (`strconv.Quote`) does: double quotes, `"` and `\`
/// escaped, short escapes for `\a \b \f \n \r \t \v`, `\xNN` for other ASCII control
/// characters and `\uNNNN` for non-printable Unicode (control, separator and format
/// characters; Go's full printability tables are not reproduced for unassigned code points).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if !is_go_printable(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Non-ASCII characters Go's `unicode.IsPrint` rejects that matter in practice: C1 controls
/// and the space, separator and format characters other than ASCII space.
fn is_go_printable(c: char) -> bool {
    !matches!(c as u32,
        0x80..=0xa0 | 0xad | 0x1680 | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x206f | 0x3000 | 0xfeff | 0xfff9..=0xfffb)
}

/// A short description of a JSON value for type errors (`number 5`, `a list`).
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => format!("string {}", quote(s)),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_kubernetes() {
        let p = FieldPath::root("spec").child("selector");
        assert_eq!(
            FieldError::required(&p, "no selector defined for SidecarSet").to_string(),
            "spec.selector: Required value: no selector defined for SidecarSet"
        );
        let p = FieldPath::root("spec").child("containers").index(1).child("podInjectPolicy");
        assert_eq!(
            FieldError::invalid(&p, "Sideways", "unsupported pod inject policy").to_string(),
            "spec.containers[1].podInjectPolicy: Invalid value: \"Sideways\": unsupported pod inject policy"
        );
        assert_eq!(
            FieldError::not_supported(&p, "x", &["a", "b"]).to_string(),
            "spec.containers[1].podInjectPolicy: Unsupported value: \"x\": supported values: \"a\", \"b\""
        );
        assert_eq!(
            FieldError::duplicate(&p, "x").to_string(),
            "spec.containers[1].podInjectPolicy: Duplicate value: \"x\""
        );
        let k = FieldPath::root("metadata").child("annotations").key("a/b");
        assert_eq!(k.as_str(), "metadata.annotations[a/b]");
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
        assert_eq!(quote("\u{1}"), "\"\\x01\"");
        assert_eq!(quote("\u{7}\u{8}\u{b}\u{c}"), "\"\\a\\b\\v\\f\"");
        assert_eq!(quote("a\u{a0}b\u{200b}é"), "\"a\\u00a0b\\u200bé\"");
    }
}
