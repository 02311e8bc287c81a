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
use crate::json::go_str;
use crate::strings::to_lower;

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
pub fn has_chdir_prefix(value: &str) -> Option<&'static str> {
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

/// `ValidateAnnotations`: keys are qualified names once lower-cased (the message shows the key
/// as written), and the keys plus values may total at most 256 KiB. `null` values are Go's "";
/// other non-string values are type errors on `path[key]` and do not count towards the size.
pub fn validate_annotations(annotations: &Map<String, Value>, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut total: usize = 0;
    for (key, value) in annotations {
        errs.extend(is_qualified_name(&to_lower(key)).into_iter().map(|m| FieldError::invalid(path, key, m)));
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
mod tests;
