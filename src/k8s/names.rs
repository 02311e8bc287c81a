//! Name, label and annotation checks of `k8s.io/apimachinery` v0.32
//! (`pkg/util/validation`, `pkg/apis/meta/v1/validation`, `pkg/api/validation/objectmeta.go`),
//! returning the very messages Kubernetes prints so that a rejected SidecarSet reads the same
//! as it would coming from Kruise.
//!
//! The upstream checks are regular expressions; they are written out by hand here because a
//! regex engine would add far more to the wasm module than these few character-class walks.
//! All checks work on bytes: every allowed character is ASCII, so any multi-byte UTF-8 sequence
//! simply fails a class test, and lengths are byte lengths exactly as Go's `len(string)`.

use serde_json::{Map, Value};

use crate::field_error::{ErrorKind, FieldError, FieldPath};

// Regex texts as they appear in the messages (they are documentation, never compiled).
const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_ERR: &str =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX_LENGTH: usize = 63;

const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_ERR: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
/// Longest label value, in bytes.
pub const LABEL_VALUE_MAX_LENGTH: usize = 63;

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_ERR: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
/// Longest DNS-1123 label, in bytes.
pub const DNS1123_LABEL_MAX_LENGTH: usize = 63;

const DNS1123_SUBDOMAIN_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_ERR: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
/// Longest DNS-1123 subdomain, in bytes.
pub const DNS1123_SUBDOMAIN_MAX_LENGTH: usize = 253;

const DNS1035_LABEL_FMT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1035_LABEL_ERR: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
/// Longest DNS-1035 label, in bytes.
pub const DNS1035_LABEL_MAX_LENGTH: usize = 63;

const C_IDENTIFIER_FMT: &str = "[A-Za-z_][A-Za-z0-9_]*";
const C_IDENTIFIER_ERR: &str = "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'";

const ENV_VAR_NAME_FMT: &str = "[-._a-zA-Z][-._a-zA-Z0-9]*";
const ENV_VAR_NAME_ERR: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
const RELAXED_ENV_VAR_NAME_ERR: &str =
    "a valid environment variable name must consist only of printable ASCII characters other than '='";

const PORT_NAME_MAX_LENGTH: usize = 15;

/// Limit on the summed byte length of all annotation keys and values (256 KiB).
pub const TOTAL_ANNOTATION_SIZE_LIMIT_B: usize = 256 * 1024;

/// `MaxLenError`.
pub fn max_len_error(length: usize) -> String {
    format!("must be no more than {length} characters")
}

/// `EmptyError`.
pub const EMPTY_ERROR: &str = "must be non-empty";

/// `RegexError`: the explanation followed by examples and the regex. The double space before
/// each " or " is what Go produces (each example already ends with ", ").
pub fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    let mut out = String::from(msg);
    if examples.is_empty() {
        out.push_str(" (regex used for validation is '");
    } else {
        out.push_str(" (e.g. ");
        for (i, ex) in examples.iter().enumerate() {
            if i > 0 {
                out.push_str(" or ");
            }
            out.push('\'');
            out.push_str(ex);
            out.push_str("', ");
        }
        out.push_str("regex used for validation is '");
    }
    out.push_str(fmt);
    out.push_str("')");
    out
}

/// `InclusiveRangeError`.
pub fn inclusive_range_error(lo: i64, hi: i64) -> String {
    format!("must be between {lo} and {hi}, inclusive")
}

// ---- character classes -------------------------------------------------------------------

fn alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

fn qname_ext(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.'
}

fn lower_alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn lower_alnum_dash(c: u8) -> bool {
    lower_alnum(c) || c == b'-'
}

fn lower_alpha(c: u8) -> bool {
    c.is_ascii_lowercase()
}

/// The shape `F(M*L)?` shared by all label-like regexes: one character of class `first`,
/// optionally followed by any run of `middle` ending in a `last` character.
fn shape(s: &str, first: fn(u8) -> bool, middle: fn(u8) -> bool, last: fn(u8) -> bool) -> bool {
    match s.as_bytes() {
        [] => false,
        [c] => first(*c),
        [f, mid @ .., l] => first(*f) && last(*l) && mid.iter().all(|c| middle(*c)),
    }
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]` (both ends use the same class, so a single
/// character only has to be alphanumeric).
fn is_qualified_name_part(s: &str) -> bool {
    shape(s, alnum, qname_ext, alnum)
}

fn is_dns1123_label_shape(s: &str) -> bool {
    shape(s, lower_alnum, lower_alnum_dash, lower_alnum)
}

/// Dot-separated DNS-1123 labels; an empty string, or an empty label (leading, trailing or
/// doubled dot) fails because `split` yields an empty piece for it.
fn is_dns1123_subdomain_shape(s: &str) -> bool {
    s.split('.').all(is_dns1123_label_shape)
}

// ---- apimachinery pkg/util/validation ---------------------------------------------------------

/// `IsQualifiedName`: an optional DNS-1123 subdomain prefix and `/`, then a name of at most 63
/// characters.
pub fn is_qualified_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let mut parts = value.split('/');
    // `split` always yields at least one piece (the whole string when there is no '/').
    let first = parts.next().unwrap_or_default();
    let second = parts.next();
    if parts.next().is_some() {
        errs.push(format!(
            "a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
            regex_error(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, &["MyName", "my.name", "123-abc"])
        ));
        return errs;
    }
    let name = match second {
        None => first,
        Some(name) => {
            let prefix = first;
            if prefix.is_empty() {
                errs.push(format!("prefix part {EMPTY_ERROR}"));
            } else {
                errs.extend(is_dns1123_subdomain(prefix).into_iter().map(|m| format!("prefix part {m}")));
            }
            name
        }
    };
    if name.is_empty() {
        errs.push(format!("name part {EMPTY_ERROR}"));
    } else if name.len() > QUALIFIED_NAME_MAX_LENGTH {
        errs.push(format!("name part {}", max_len_error(QUALIFIED_NAME_MAX_LENGTH)));
    }
    if !is_qualified_name_part(name) {
        errs.push(format!(
            "name part {}",
            regex_error(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, &["MyName", "my.name", "123-abc"])
        ));
    }
    errs
}

/// `IsValidLabelValue`: empty, or a qualified-name part of at most 63 characters.
pub fn is_valid_label_value(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > LABEL_VALUE_MAX_LENGTH {
        errs.push(max_len_error(LABEL_VALUE_MAX_LENGTH));
    }
    if !value.is_empty() && !is_qualified_name_part(value) {
        errs.push(regex_error(LABEL_VALUE_ERR, LABEL_VALUE_FMT, &["MyValue", "my_value", "12345"]));
    }
    errs
}

/// `IsDNS1123Label`. A value that would be a valid subdomain only fails for its dots, and Go
/// says so instead of printing the regex.
pub fn is_dns1123_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_LABEL_MAX_LENGTH {
        errs.push(max_len_error(DNS1123_LABEL_MAX_LENGTH));
    }
    if !is_dns1123_label_shape(value) {
        if is_dns1123_subdomain_shape(value) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(regex_error(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, &["my-name", "123-abc"]));
        }
    }
    errs
}

/// `IsDNS1123Subdomain`.
pub fn is_dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX_LENGTH {
        errs.push(max_len_error(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if !is_dns1123_subdomain_shape(value) {
        errs.push(regex_error(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, &["example.com"]));
    }
    errs
}

/// `IsDNS1035Label`.
pub fn is_dns1035_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1035_LABEL_MAX_LENGTH {
        errs.push(max_len_error(DNS1035_LABEL_MAX_LENGTH));
    }
    if !shape(value, lower_alpha, lower_alnum_dash, lower_alnum) {
        errs.push(regex_error(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, &["my-name", "abc-123"]));
    }
    errs
}

/// `IsCIdentifier` (format only, no length limit).
pub fn is_c_identifier(value: &str) -> Vec<String> {
    let ok = match value.as_bytes() {
        [first, rest @ ..] => {
            (first.is_ascii_alphabetic() || *first == b'_')
                && rest.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
        }
        [] => false,
    };
    if ok {
        Vec::new()
    } else {
        vec![regex_error(C_IDENTIFIER_ERR, C_IDENTIFIER_FMT, &["my_name", "MY_NAME", "MyName"])]
    }
}

/// `hasChDirPrefix`: names that would be path components walking the directory tree.
fn has_chdir_prefix(value: &str) -> Option<&'static str> {
    if value == "." {
        Some("must not be '.'")
    } else if value == ".." {
        Some("must not be '..'")
    } else if value.starts_with("..") {
        Some("must not start with '..'")
    } else {
        None
    }
}

/// `IsEnvVarName`: the strict rule used while the `RelaxedEnvironmentVariableValidation`
/// feature gate is off.
pub fn is_env_var_name(value: &str) -> Vec<String> {
    let env_char = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c == b'_';
    let ok = match value.as_bytes() {
        [first, rest @ ..] => env_char(*first) && !first.is_ascii_digit() && rest.iter().all(|c| env_char(*c)),
        [] => false,
    };
    let mut errs = Vec::new();
    if !ok {
        errs.push(regex_error(ENV_VAR_NAME_ERR, ENV_VAR_NAME_FMT, &["my.env-name", "MY_ENV.NAME", "MyEnvName1"]));
    }
    if let Some(m) = has_chdir_prefix(value) {
        errs.push(m.to_string());
    }
    errs
}

/// `IsRelaxedEnvVarName`: any printable ASCII except `=` (Kubernetes 1.32 with the
/// `RelaxedEnvironmentVariableValidation` gate, which is on by default there).
pub fn is_relaxed_env_var_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.is_empty() {
        errs.push(format!("environment variable name {EMPTY_ERROR}"));
    }
    // Printable ASCII is ' '..='~'; anything outside (control bytes, DEL, non-ASCII) fails.
    if value.bytes().any(|c| !(b' '..=b'~').contains(&c) || c == b'=') {
        errs.push(RELAXED_ENV_VAR_NAME_ERR.to_string());
    }
    errs
}

/// `IsValidPortName` (IANA_SVC_NAME): at most 15 of `[-a-z0-9]`, at least one letter, no
/// leading, trailing or doubled hyphen. Each broken rule adds its own message.
pub fn is_valid_port_name(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if port.len() > PORT_NAME_MAX_LENGTH {
        errs.push(max_len_error(PORT_NAME_MAX_LENGTH));
    }
    if port.is_empty() || !port.bytes().all(lower_alnum_dash) {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string());
    }
    if !port.bytes().any(lower_alpha) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if port.starts_with('-') || port.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

/// `IsValidPortNum`: 1..=65535.
pub fn is_valid_port_num(port: i64) -> Vec<String> {
    if (1..=65535).contains(&port) { Vec::new() } else { vec![inclusive_range_error(1, 65535)] }
}

// ---- JSON helpers shared with the selector module ------------------------------------------

/// What Go's decoder makes of a JSON value bound for a `string`: the text, or "" for `null`
/// (Go leaves the zero value); `None` for any other type, which Go would refuse.
pub(crate) fn go_str(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Null => Some(""),
        _ => None,
    }
}

// ---- metav1 validation / api validation ---------------------------------------------------

/// `ValidateLabelName`: one `Invalid` error per qualified-name message, on `path` itself.
pub fn validate_label_name(name: &str, path: &FieldPath) -> Vec<FieldError> {
    is_qualified_name(name).into_iter().map(|m| FieldError::invalid(path, name, m)).collect()
}

/// `ValidateLabels`: keys are qualified names, values label values; all errors are reported on
/// the map's path (Kubernetes does not index them by key). `null` is Go's "" (a valid value);
/// any other non-string could not have been decoded by Go at all and is reported as a type
/// error on `path[key]`.
pub fn validate_labels(labels: &Map<String, Value>, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (key, value) in labels {
        errs.extend(validate_label_name(key, path));
        match go_str(value) {
            Some(v) => errs.extend(is_valid_label_value(v).into_iter().map(|m| FieldError::invalid(path, v, m))),
            None => errs.push(FieldError::type_mismatch(&path.key(key), "a string", value)),
        }
    }
    errs
}

/// Go's `strings.ToLower`: rune by rune simple case mapping. Rust's full mapping turns `İ` into
/// two characters; taking the first one gives Go's single `i` (the only unconditional
/// multi-character lowercase mapping in Unicode), which keeps byte lengths as Go counts them.
fn go_to_lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(|c| c.to_lowercase().next().unwrap_or(c)).collect()
}

/// `ValidateAnnotations`: keys are qualified names once lower-cased (the message shows the key
/// as written), and the keys plus values may total at most 256 KiB. `null` values are Go's "";
/// other non-string values are type errors on `path[key]` and do not count towards the size.
pub fn validate_annotations(annotations: &Map<String, Value>, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut total: usize = 0;
    for (key, value) in annotations {
        errs.extend(is_qualified_name(&go_to_lower(key)).into_iter().map(|m| FieldError::invalid(path, key, m)));
        match go_str(value) {
            Some(v) => total = total.saturating_add(key.len()).saturating_add(v.len()),
            None => errs.push(FieldError::type_mismatch(&path.key(key), "a string", value)),
        }
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT_B {
        // field.TooLong omits the value and only states the limit.
        errs.push(FieldError::new(
            path,
            ErrorKind::TooLong,
            None,
            format!("may not be more than {TOTAL_ANNOTATION_SIZE_LIMIT_B} bytes"),
        ));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(errs: &[String]) -> bool {
        errs.is_empty()
    }

    fn a(n: usize) -> String {
        "a".repeat(n)
    }

    // Tables ported from apimachinery v0.32 pkg/util/validation/validation_test.go.

    const DNS1123_LABEL_GOOD: &[&str] =
        &["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2"];
    const DNS1123_LABEL_BAD: &[&str] = &[
        "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1",
        "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2",
    ];

    #[test]
    fn dns1123_label_table() {
        for v in DNS1123_LABEL_GOOD {
            assert!(ok(&is_dns1123_label(v)), "{v:?}");
        }
        assert!(ok(&is_dns1123_label(&a(63))));
        for v in DNS1123_LABEL_BAD {
            assert!(!ok(&is_dns1123_label(v)), "{v:?}");
        }
        assert!(!ok(&is_dns1123_label(&a(64))));
    }

    #[test]
    fn dns1123_label_messages() {
        assert_eq!(is_dns1123_label("a.b"), vec!["must not contain dots"]);
        assert_eq!(
            is_dns1123_label("A"),
            vec![
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
            ]
        );
        assert_eq!(is_dns1123_label(&a(64)), vec!["must be no more than 63 characters"]);
        // Too long and dotted: both messages, length first.
        let long_dotted = format!("{}.b", a(63));
        assert_eq!(is_dns1123_label(&long_dotted), vec!["must be no more than 63 characters", "must not contain dots"]);
    }

    #[test]
    fn dns1123_subdomain_table() {
        let good = [
            "a",
            "ab",
            "abc",
            "a1",
            "a-1",
            "a--1--2--b",
            "0",
            "01",
            "012",
            "1a",
            "1-a",
            "1--a--b--2",
            "a.a",
            "ab.a",
            "abc.a",
            "a1.a",
            "a-1.a",
            "a--1--2--b.a",
            "a.1",
            "ab.1",
            "abc.1",
            "a1.1",
            "a-1.1",
            "a--1--2--b.1",
            "0.a",
            "01.a",
            "012.a",
            "1a.a",
            "1-a.a",
            "1--a--b--2",
            "0.1",
            "01.1",
            "012.1",
            "1a.1",
            "1-a.1",
            "1--a--b--2.1",
            "a.b.c.d.e",
            "aa.bb.cc.dd.ee",
            "1.2.3.4.5",
            "11.22.33.44.55",
        ];
        for v in good {
            assert!(ok(&is_dns1123_subdomain(v)), "{v:?}");
        }
        assert!(ok(&is_dns1123_subdomain(&a(253))));
        let bad = [
            "",
            "A",
            "ABC",
            "aBc",
            "A1",
            "A-1",
            "1-A",
            "-",
            "a-",
            "-a",
            "1-",
            "-1",
            "_",
            "a_",
            "_a",
            "a_b",
            "1_",
            "_1",
            "1_2",
            ".",
            "a.",
            ".a",
            "a..b",
            "1.",
            ".1",
            "1..2",
            " ",
            "a ",
            " a",
            "a b",
            "1 ",
            " 1",
            "1 2",
            "A.a",
            "aB.a",
            "ab.A",
            "A1.a",
            "a1.A",
            "A.1",
            "aB.1",
            "A1.1",
            "1A.1",
            "0.A",
            "01.A",
            "012.A",
            "1A.a",
            "1a.A",
            "A.B.C.D.E",
            "AA.BB.CC.DD.EE",
            "a.B.c.d.e",
            "aa.bB.cc.dd.ee",
            "a@b",
            "a,b",
            "a_b",
            "a;b",
            "a:b",
            "a%b",
            "a?b",
            "a$b",
        ];
        for v in bad {
            assert!(!ok(&is_dns1123_subdomain(v)), "{v:?}");
        }
        assert_eq!(is_dns1123_subdomain(&a(254)), vec!["must be no more than 253 characters"]);
        assert_eq!(
            is_dns1123_subdomain("a_b"),
            vec![
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            ]
        );
    }

    #[test]
    fn dns1035_label_table() {
        for v in ["a", "ab", "abc", "a1", "a-1", "a--1--2--b"] {
            assert!(ok(&is_dns1035_label(v)), "{v:?}");
        }
        assert!(ok(&is_dns1035_label(&a(63))));
        let bad = [
            "0",
            "01",
            "012",
            "1a",
            "1-a",
            "1--a--b--2",
            "",
            "A",
            "ABC",
            "aBc",
            "A1",
            "A-1",
            "1-A",
            "-",
            "a-",
            "-a",
            "1-",
            "-1",
            "_",
            "a_",
            "_a",
            "a_b",
            "1_",
            "_1",
            "1_2",
            ".",
            "a.",
            ".a",
            "a.b",
            "1.",
            ".1",
            "1.2",
            " ",
            "a ",
            " a",
            "a b",
            "1 ",
            " 1",
            "1 2",
        ];
        for v in bad {
            assert!(!ok(&is_dns1035_label(v)), "{v:?}");
        }
        assert!(!ok(&is_dns1035_label(&a(64))));
        assert_eq!(
            is_dns1035_label("1a"),
            vec![
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
            ]
        );
    }

    #[test]
    fn c_identifier_table() {
        let good = [
            "a",
            "ab",
            "abc",
            "a1",
            "_a",
            "a_",
            "a_b",
            "a_1",
            "a__1__2__b",
            "__abc_123",
            "A",
            "AB",
            "AbC",
            "A1",
            "_A",
            "A_",
            "A_B",
            "A_1",
            "A__1__2__B",
            "__123_ABC",
        ];
        for v in good {
            assert!(ok(&is_c_identifier(v)), "{v:?}");
        }
        let bad = [
            "", "1", "123", "1a", "-", "a-", "-a", "1-", "-1", "1_", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2",
            " ", "a ", " a", "a b", "1 ", " 1", "1 2", "#a#",
        ];
        for v in bad {
            assert!(!ok(&is_c_identifier(v)), "{v:?}");
        }
        assert_eq!(
            is_c_identifier("1a"),
            vec![
                "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')"
            ]
        );
    }

    #[test]
    fn port_num_table() {
        for v in [1, 2, 1000, 16384, 32768, 65535] {
            assert!(ok(&is_valid_port_num(v)), "{v}");
        }
        for v in [0, -1, 65536, 100000, i64::MIN, i64::MAX] {
            assert_eq!(is_valid_port_num(v), vec!["must be between 1 and 65535, inclusive"], "{v}");
        }
    }

    #[test]
    fn port_name_table() {
        for v in ["telnet", "re-mail-ck", "pop3", "a", "a-1", "1-a", "a-1-b-2-c", "1-a-2-b-3"] {
            assert!(ok(&is_valid_port_name(v)), "{v:?}");
        }
        let bad =
            ["longerthan15characters", "", &a(16), "12345", "1-2-3-4", "-begin", "end-", "two--hyphens", "whois++"];
        for v in bad {
            assert!(!ok(&is_valid_port_name(v)), "{v:?}");
        }
        assert_eq!(
            is_valid_port_name(""),
            vec![
                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "must contain at least one letter (a-z)"
            ]
        );
        assert_eq!(
            is_valid_port_name("-a--"),
            vec!["must not contain consecutive hyphens", "must not begin or end with a hyphen"]
        );
        assert_eq!(is_valid_port_name("12345"), vec!["must contain at least one letter (a-z)"]);
        assert_eq!(is_valid_port_name(&a(16)), vec!["must be no more than 15 characters"]);
        assert_eq!(
            is_valid_port_name("HTTP"),
            vec![
                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "must contain at least one letter (a-z)"
            ]
        );
    }

    const NAME_PART_REGEX_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    #[test]
    fn qualified_name_table() {
        let good = [
            "simple",
            "now-with-dashes",
            "1-starts-with-num",
            "1234",
            "simple/simple",
            "now-with-dashes/simple",
            "now-with-dashes/now-with-dashes",
            "now.with.dots/simple",
            "now-with.dashes-and.dots/simple",
            "1-num.2-num/3-num",
            "1234/5678",
            "1.2.3.4/5678",
            "Uppercase_Is_OK_123",
            "example.com/Uppercase_Is_OK_123",
            "requests.storage-foo",
            "apps.kruise.io/sidecarset-hash",
        ];
        for v in good {
            assert!(ok(&is_qualified_name(v)), "{v:?}");
        }
        assert!(ok(&is_qualified_name(&a(63))));
        assert!(ok(&is_qualified_name(&format!("{}/{}", a(253), "b".repeat(63)))));
        let bad = [
            "nospecialchars%^=@",
            "cantendwithadash-",
            "-cantstartwithadash-",
            "only/one/slash",
            "Example.com/abc",
            "example_com/abc",
            "example.com/",
            "/simple",
            "",
            "a b",
            "ünïcode",
        ];
        for v in bad {
            assert!(!ok(&is_qualified_name(v)), "{v:?}");
        }
        assert!(!ok(&is_qualified_name(&a(64))));
        assert!(!ok(&is_qualified_name(&format!("{}/abc", a(254)))));
    }

    #[test]
    fn qualified_name_messages() {
        assert_eq!(is_qualified_name("a b"), vec![NAME_PART_REGEX_MSG]);
        assert_eq!(
            is_qualified_name(""),
            vec!["name part must be non-empty".to_string(), NAME_PART_REGEX_MSG.to_string()]
        );
        assert_eq!(is_qualified_name(&a(64)), vec!["name part must be no more than 63 characters"]);
        assert_eq!(
            is_qualified_name("only/one/slash"),
            vec![
                "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        );
        assert_eq!(is_qualified_name("/simple"), vec!["prefix part must be non-empty"]);
        assert_eq!(
            is_qualified_name("example.com/"),
            vec!["name part must be non-empty".to_string(), NAME_PART_REGEX_MSG.to_string()]
        );
        assert_eq!(
            is_qualified_name("Example.com/abc"),
            vec![
                "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            ]
        );
        assert_eq!(
            is_qualified_name(&format!("{}/abc", a(254))),
            vec!["prefix part must be no more than 253 characters"]
        );
        // 300 characters of garbage with a prefix: every rule reports.
        let v = format!("{}/{}", "X".repeat(254), "-".repeat(46));
        assert_eq!(is_qualified_name(&v).len(), 3);
    }

    #[test]
    fn label_value_table() {
        for v in ["simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234", "", "A.b_C-1"] {
            assert!(ok(&is_valid_label_value(v)), "{v:?}");
        }
        assert!(ok(&is_valid_label_value(&a(63))));
        let bad = [
            "nospecialchars%^=@",
            "Tama-nui-te-rā.is.Māori.sun",
            "\\backslashes\\are\\bad",
            "-starts-with-dash",
            "ends-with-dash-",
            ".starts.with.dot",
            "ends.with.dot.",
            "a b",
            "é",
        ];
        for v in bad {
            assert!(!ok(&is_valid_label_value(v)), "{v:?}");
        }
        assert_eq!(is_valid_label_value(&a(64)), vec!["must be no more than 63 characters"]);
        assert_eq!(
            is_valid_label_value("app-risk-"),
            vec![
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
            ]
        );
        // 64 bytes made of 32 two-byte characters: too long (bytes) and not matching.
        assert_eq!(is_valid_label_value(&"é".repeat(32)).len(), 2);
    }

    #[test]
    fn env_var_names() {
        for v in ["A", "my.env-name", "MY_ENV.NAME", "MyEnvName1", "_", "-a", ".a", "a..b"] {
            assert!(ok(&is_env_var_name(v)), "{v:?}");
        }
        for v in ["", "1a", "a b", "a=b", "é", "a:b"] {
            assert!(!ok(&is_env_var_name(v)), "{v:?}");
        }
        assert_eq!(is_env_var_name("."), vec!["must not be '.'"]);
        assert_eq!(is_env_var_name(".."), vec!["must not be '..'"]);
        assert_eq!(is_env_var_name("..a"), vec!["must not start with '..'"]);
        assert_eq!(
            is_env_var_name("1a"),
            vec![
                "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"
            ]
        );
    }

    #[test]
    fn relaxed_env_var_names() {
        let good = [
            "-", ":", "_", "+a", ">a", "<a", "a.", "a..", "*a", "%a", "?a", "a:a", "a_a", "aAz", "~a", "|a", "a0a",
            "a9", "/a", "a ", "#a", "0a", "0 a", "'a", "(a", "@a",
        ];
        for v in good {
            assert!(ok(&is_relaxed_env_var_name(v)), "{v:?}");
        }
        let bad =
            ["", "=", "a=", "1=a", "a=b", "#%=&&", "\u{1}abc", "\u{82}abc", "Ç ç", "Ä ä", "Ñ ñ", "Ø ø", "a\u{7f}"];
        for v in bad {
            assert!(!ok(&is_relaxed_env_var_name(v)), "{v:?}");
        }
        assert_eq!(is_relaxed_env_var_name(""), vec!["environment variable name must be non-empty"]);
        assert_eq!(
            is_relaxed_env_var_name("a=b"),
            vec!["a valid environment variable name must consist only of printable ASCII characters other than '='"]
        );
    }

    // Ported from pkg/apis/meta/v1/validation TestValidateLabels and
    // pkg/api/validation TestValidateAnnotations.

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn validate_labels_table() {
        let path = FieldPath::root("field");
        let good = [
            json!({"simple": "bar"}),
            json!({"now-with-dashes": "bar"}),
            json!({"1-starts-with-num": "bar"}),
            json!({"1234": "bar"}),
            json!({"simple/simple": "bar"}),
            json!({"now-with-dashes/simple": "bar"}),
            json!({"now-with-dashes/now-with-dashes": "bar"}),
            json!({"now.with.dots/simple": "bar"}),
            json!({"now-with.dashes-and.dots/simple": "bar"}),
            json!({"1-num.2-num/3-num": "bar"}),
            json!({"1234/5678": "bar"}),
            json!({"1.2.3.4/5678": "bar"}),
            json!({"UpperCaseAreOK123": "bar"}),
            json!({"goodvalue": "123_-.BaR"}),
        ];
        for m in good {
            assert!(validate_labels(&obj(m.clone()), &path).is_empty(), "{m}");
        }
        let bad: [(Value, &str); 8] = [
            (json!({"nospecialchars^=@": "bar"}), "name part must consist of"),
            (json!({"cantendwithadash-": "bar"}), "name part must consist of"),
            (json!({"only/one/slash": "bar"}), "a qualified name must consist of"),
            (json!({a(254): "bar"}), "must be no more than"),
            (json!({"toolongvalue": a(64)}), "must be no more than"),
            (json!({"backslashesinvalue": "some\\bad\\value"}), "a valid label must be an empty string or consist of"),
            (json!({"nocommasallowed": "bad,value"}), "a valid label must be an empty string or consist of"),
            (json!({"strangecharsinvalue": "?#$notsogood"}), "a valid label must be an empty string or consist of"),
        ];
        for (m, want) in bad {
            let errs = validate_labels(&obj(m.clone()), &path);
            assert_eq!(errs.len(), 1, "{m}: {errs:?}");
            assert!(errs[0].detail.contains(want), "{m}: {}", errs[0]);
        }
    }

    #[test]
    fn validate_labels_messages_and_types() {
        let path = FieldPath::root("spec").child("selector").child("matchLabels");
        let errs = validate_labels(&obj(json!({"a b": "x y", "ok": 5, "n": null, "l": ["x"]})), &path);
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(text, vec![
            format!("spec.selector.matchLabels: Invalid value: \"a b\": {NAME_PART_REGEX_MSG}"),
            "spec.selector.matchLabels: Invalid value: \"x y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')".to_string(),
            "spec.selector.matchLabels[ok]: Invalid type: expected a string, got number 5".to_string(),
            "spec.selector.matchLabels[l]: Invalid type: expected a string, got a list".to_string(),
        ]);
    }

    #[test]
    fn validate_annotations_table() {
        let path = FieldPath::root("metadata").child("annotations");
        let limit = TOTAL_ANNOTATION_SIZE_LIMIT_B;
        let good = [
            json!({"simple": "bar"}),
            json!({"now-with-dashes/simple": "bar"}),
            json!({"1.2.3.4/5678": "bar"}),
            json!({"UpperCase123": "bar"}),
            // Upper case in the prefix is fine for annotations (lower-cased first), not for labels.
            json!({"Example.COM/Key": "x"}),
            json!({"a": "b".repeat(limit - 1)}),
            json!({"a": "b".repeat(limit / 2 - 1), "c": "d".repeat(limit / 2 - 1)}),
        ];
        for m in good {
            assert!(validate_annotations(&obj(m), &path).is_empty());
        }
        assert!(!validate_labels(&obj(json!({"Example.COM/Key": "x"})), &path).is_empty());
        let bad = [
            (json!({"nospecialchars^=@": "bar"}), "name part must consist of"),
            (json!({"cantendwithadash-": "bar"}), "name part must consist of"),
            (json!({"only/one/slash": "bar"}), "a qualified name must consist of"),
            (json!({a(254): "bar"}), "must be no more than"),
        ];
        for (m, want) in bad {
            let errs = validate_annotations(&obj(m.clone()), &path);
            assert_eq!(errs.len(), 1, "{m}");
            assert!(errs[0].detail.contains(want), "{}", errs[0]);
        }
        for m in [json!({"a": "b".repeat(limit)}), json!({"a": "b".repeat(limit / 2), "c": "d".repeat(limit / 2)})] {
            let errs = validate_annotations(&obj(m), &path);
            assert_eq!(errs.len(), 1);
            assert_eq!(errs[0].to_string(), "metadata.annotations: Too long: may not be more than 262144 bytes");
        }
        // The message quotes the key as written, not lower-cased.
        let errs = validate_annotations(&obj(json!({"Bad Key": "v"})), &path);
        assert_eq!(
            errs[0].to_string(),
            format!("metadata.annotations: Invalid value: \"Bad Key\": {NAME_PART_REGEX_MSG}")
        );
        let errs = validate_annotations(&obj(json!({"k": {"nested": true}})), &path);
        assert_eq!(errs[0].to_string(), "metadata.annotations[k]: Invalid type: expected a string, got an object");
        // null is Go's "": valid, and only the key counts towards the size.
        assert!(validate_annotations(&obj(json!({"k": null})), &path).is_empty());
        let errs = validate_annotations(&obj(json!({"a": null, "b": "x".repeat(limit - 1)})), &path);
        assert_eq!(errs.len(), 1, "{errs:?}");
    }

    #[test]
    fn go_lowercase_keeps_go_byte_lengths() {
        assert_eq!(go_to_lower("ABC/Def"), "abc/def");
        // Go maps İ (2 bytes) to a plain i (1 byte); Rust's full mapping would add U+0307.
        assert_eq!(go_to_lower("İ"), "i");
        assert_eq!(go_to_lower("ÀΣ"), "àσ");
    }

    #[test]
    fn no_panic_on_odd_strings() {
        let odd = [
            "",
            "/",
            "//",
            "///",
            "a/",
            "/a",
            ".",
            "..",
            "-",
            "é",
            "é/é",
            "日本語",
            "\u{0}",
            "\u{10FFFF}",
            "a\u{301}",
            "İ/İ",
            "🦀",
            "\n",
            "a/b/c/d/e/f",
        ];
        for s in odd {
            let _ = is_qualified_name(s);
            let _ = is_valid_label_value(s);
            let _ = is_dns1123_label(s);
            let _ = is_dns1123_subdomain(s);
            let _ = is_dns1035_label(s);
            let _ = is_c_identifier(s);
            let _ = is_env_var_name(s);
            let _ = is_relaxed_env_var_name(s);
            let _ = is_valid_port_name(s);
            let _ = go_to_lower(s);
        }
        let long = "é".repeat(300);
        assert!(!is_qualified_name(&long).is_empty());
        assert!(!is_dns1123_subdomain(&long).is_empty());
    }
}
