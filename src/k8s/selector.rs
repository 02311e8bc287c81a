//! `metav1.LabelSelector` on JSON values: validation (`metav1validation.ValidateLabelSelector`,
//! `metav1.LabelSelectorAsSelector`), matching (Kruise's `ValidatedLabelSelectorAsSelector` then
//! `labels.Selector.Matches`) and Kruise's quirky overlap test (`util.IsSelectorOverlapping`).
//!
//! A selector is `{"matchLabels": {k: v}, "matchExpressions": [{"key", "operator", "values"}]}`.
//! `null` or a missing field means what Go's decoder makes of it, the zero value: a nil
//! selector, map or list, an empty string, an empty requirement. Anything else of the wrong JSON
//! type would have made Go's decoder fail before any of this ran: validation reports it as a
//! type error, matching returns `Err`, and the overlap test reads it as "".

use serde_json::{Map, Value};

use super::names::{go_str, is_qualified_name, is_valid_label_value, validate_label_name, validate_labels};
use crate::field_error::{FieldError, FieldPath, quote};

const MATCH_LABELS: &str = "matchLabels";
const MATCH_EXPRESSIONS: &str = "matchExpressions";

const OP_IN: &str = "In";
const OP_NOT_IN: &str = "NotIn";
const OP_EXISTS: &str = "Exists";
const OP_DOES_NOT_EXIST: &str = "DoesNotExist";

/// Kruise's overlap test marks an `Exists` key with this literal pseudo-value (a real label
/// value "ALL" is therefore treated as a wildcard too, as in Kruise).
const ALL: &str = "ALL";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

fn parse_op(op: &str) -> Option<Op> {
    match op {
        OP_IN => Some(Op::In),
        OP_NOT_IN => Some(Op::NotIn),
        OP_EXISTS => Some(Op::Exists),
        OP_DOES_NOT_EXIST => Some(Op::DoesNotExist),
        _ => None,
    }
}

// ---- lenient accessors (Go zero values for null / missing) ---------------------------------

/// The `matchLabels` object, if it is one.
fn match_labels(sel: &Value) -> Option<&Map<String, Value>> {
    sel.get(MATCH_LABELS).and_then(Value::as_object)
}

/// The `matchExpressions` list, or an empty one.
fn match_expressions(sel: &Value) -> &[Value] {
    sel.get(MATCH_EXPRESSIONS).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// A string as Go decodes it, with a mistyped value read as "" too.
fn lenient_str(v: &Value) -> &str {
    go_str(v).unwrap_or("")
}

/// A string field of a requirement; missing, null or mistyped reads as Go's "".
fn str_field<'a>(req: &'a Value, name: &str) -> &'a str {
    req.get(name).map_or("", lenient_str)
}

/// A requirement's `values`, or an empty list.
fn values_of(req: &Value) -> &[Value] {
    req.get("values").and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// Whether a JSON field holds "nothing": missing, null, `{}` or `[]`.
fn field_is_empty(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Object(m)) => m.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    }
}

// ---- validation --------------------------------------------------------------------------

/// `metav1validation.ValidateLabelSelector(sel, {AllowInvalidLabelValueInSelector: false}, path)`
/// plus type errors for JSON that Go could not have decoded. `null` is a nil selector: no errors
/// (whether a selector is required is the caller's rule).
pub fn validate_label_selector(sel: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let obj = match sel {
        Value::Null => return errs,
        Value::Object(o) => o,
        _ => {
            errs.push(FieldError::type_mismatch(path, "an object", sel));
            return errs;
        }
    };
    for key in obj.keys() {
        if key != MATCH_LABELS && key != MATCH_EXPRESSIONS {
            errs.push(FieldError::unknown_field(path, key, "LabelSelector has no such field"));
        }
    }
    let labels_path = path.child(MATCH_LABELS);
    match obj.get(MATCH_LABELS) {
        None | Some(Value::Null) => {}
        Some(Value::Object(labels)) => errs.extend(validate_labels(labels, &labels_path)),
        Some(other) => errs.push(FieldError::type_mismatch(&labels_path, "an object of strings", other)),
    }
    let exprs_path = path.child(MATCH_EXPRESSIONS);
    match obj.get(MATCH_EXPRESSIONS) {
        None | Some(Value::Null) => {}
        Some(Value::Array(exprs)) => {
            for (i, req) in exprs.iter().enumerate() {
                validate_requirement(req, &exprs_path.index(i), &mut errs);
            }
        }
        Some(other) => errs.push(FieldError::type_mismatch(&exprs_path, "a list", other)),
    }
    errs
}

/// A string field for validation: `Some("")` when missing or null, `None` (after reporting)
/// when it has another type.
fn checked_str<'a>(
    req: &'a Map<String, Value>,
    name: &str,
    path: &FieldPath,
    errs: &mut Vec<FieldError>,
) -> Option<&'a str> {
    let Some(v) = req.get(name) else { return Some("") };
    let s = go_str(v);
    if s.is_none() {
        errs.push(FieldError::type_mismatch(&path.child(name), "a string", v));
    }
    s
}

/// `ValidateLabelSelectorRequirement`: the operator decides whether values are required or
/// forbidden, then the key is a qualified name and every value a label value.
fn validate_requirement(req: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    // A null list item is a zero requirement for Go: empty key and operator.
    let no_fields = Map::new();
    let obj = match req {
        Value::Object(obj) => obj,
        Value::Null => &no_fields,
        other => {
            errs.push(FieldError::type_mismatch(path, "an object", other));
            return;
        }
    };
    for key in obj.keys() {
        if key != "key" && key != "operator" && key != "values" {
            errs.push(FieldError::unknown_field(path, key, "LabelSelectorRequirement has no such field"));
        }
    }
    let key = checked_str(obj, "key", path, errs);
    let op = checked_str(obj, "operator", path, errs);
    let values_path = path.child("values");
    let values: Option<&[Value]> = match obj.get("values") {
        None | Some(Value::Null) => Some(&[]),
        Some(Value::Array(list)) => Some(list),
        Some(other) => {
            errs.push(FieldError::type_mismatch(&values_path, "a list", other));
            None
        }
    };

    if let Some(op) = op {
        match parse_op(op) {
            Some(Op::In | Op::NotIn) => {
                if values.is_some_and(<[Value]>::is_empty) {
                    errs.push(FieldError::required(
                        &values_path,
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    ));
                }
            }
            Some(Op::Exists | Op::DoesNotExist) => {
                if values.is_some_and(|v| !v.is_empty()) {
                    errs.push(FieldError::forbidden(
                        &values_path,
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    ));
                }
            }
            None => errs.push(FieldError::invalid(&path.child("operator"), op, "not a valid selector operator")),
        }
    }
    if let Some(key) = key {
        errs.extend(validate_label_name(key, &path.child("key")));
    }
    for (j, value) in values.unwrap_or_default().iter().enumerate() {
        let value_path = values_path.index(j);
        match go_str(value) {
            Some(v) => errs.extend(is_valid_label_value(v).into_iter().map(|m| FieldError::invalid(&value_path, v, m))),
            None => errs.push(FieldError::type_mismatch(&value_path, "a string", value)),
        }
    }
}

/// Whether every part Go would decode has the right JSON type (unknown fields are ignored, as
/// Go's non-strict decoder does).
fn well_typed(sel: &Value) -> bool {
    let Value::Object(obj) = sel else {
        return sel.is_null();
    };
    let labels_ok = match obj.get(MATCH_LABELS) {
        None | Some(Value::Null) => true,
        Some(Value::Object(m)) => m.values().all(|v| go_str(v).is_some()),
        Some(_) => false,
    };
    let exprs_ok = match obj.get(MATCH_EXPRESSIONS) {
        None | Some(Value::Null) => true,
        Some(Value::Array(list)) => list.iter().all(|req| read_requirement(req).is_ok()),
        Some(_) => false,
    };
    labels_ok && exprs_ok
}

/// One requirement as Go decodes it, borrowed from the JSON.
#[derive(Clone, Copy, Default)]
struct Requirement<'a> {
    key: &'a str,
    operator: &'a str,
    values: &'a [Value],
}

/// Read a requirement in one pass over its fields (cheaper than three map look-ups on the
/// matching hot path). `null` is the zero requirement; unknown fields are ignored as Go's
/// non-strict decoder does; a mistyped field is reported with a short description.
fn read_requirement(req: &Value) -> Result<Requirement<'_>, &'static str> {
    let obj = match req {
        Value::Object(obj) => obj,
        Value::Null => return Ok(Requirement::default()),
        _ => return Err("is not an object"),
    };
    let mut r = Requirement::default();
    for (name, v) in obj {
        match name.as_str() {
            "key" => r.key = go_str(v).ok_or("key is not a string")?,
            "operator" => r.operator = go_str(v).ok_or("operator is not a string")?,
            "values" => {
                r.values = match v {
                    Value::Null => &[],
                    Value::Array(list) if list.iter().all(|item| go_str(item).is_some()) => list,
                    Value::Array(_) => return Err("values has an item that is not a string"),
                    _ => return Err("values is not a list"),
                }
            }
            _ => {}
        }
    }
    Ok(r)
}

/// Whether `metav1.LabelSelectorAsSelector` would fail: it builds a `labels.Requirement` per
/// entry with `labels.NewRequirement`, which checks the key, the operator's value count and
/// each value. (Assumes `well_typed`.)
fn as_selector_fails(sel: &Value) -> bool {
    if selector_is_empty(sel) {
        // Everything(): nothing is checked.
        return false;
    }
    let bad_labels = match_labels(sel).is_some_and(|labels| {
        labels.iter().any(|(k, v)| !is_qualified_name(k).is_empty() || !is_valid_label_value(lenient_str(v)).is_empty())
    });
    bad_labels
        || match_expressions(sel).iter().any(|req| {
            let values = values_of(req);
            let count_ok = match parse_op(str_field(req, "operator")) {
                None => false,
                Some(Op::In | Op::NotIn) => !values.is_empty(),
                Some(Op::Exists | Op::DoesNotExist) => values.is_empty(),
            };
            !count_ok
                || !is_qualified_name(str_field(req, "key")).is_empty()
                || values.iter().any(|v| !is_valid_label_value(lenient_str(v)).is_empty())
        })
}

/// Kruise's rule S5: when `metav1.LabelSelectorAsSelector(sel)` fails, Kruise adds
/// `field.Invalid(path.Child("selector"), sel, "")`: the selector printed with Go's `%#v` and no
/// detail. So a bad value yields this error on top of the one from `validate_label_selector`.
/// Nothing is reported for a selector with JSON type errors (those are
/// `validate_label_selector`'s).
pub fn label_selector_as_selector_errors(sel: &Value, path: &FieldPath) -> Vec<FieldError> {
    if sel.is_null() || !well_typed(sel) || !as_selector_fails(sel) {
        return Vec::new();
    }
    vec![FieldError::invalid_raw(&path.child("selector"), go_label_selector_repr(sel), "")]
}

/// The selector as Go's `fmt.Sprintf("%#v", metav1.LabelSelector{...})` prints it, which is how
/// `field.Invalid` shows a selector value (Kruise's S4 and S5 errors): map keys sorted, a
/// missing or null map/list shown as `(nil)`, an empty one as `{}`.
pub fn go_label_selector_repr(sel: &Value) -> String {
    let mut out = String::from("v1.LabelSelector{MatchLabels:");
    match sel.get(MATCH_LABELS) {
        Some(Value::Object(labels)) => {
            let mut entries: Vec<(&String, &Value)> = labels.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push_str("map[string]string{");
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&quote(k));
                out.push(':');
                out.push_str(&quote(lenient_str(v)));
            }
            out.push('}');
        }
        _ => out.push_str("map[string]string(nil)"),
    }
    out.push_str(", MatchExpressions:");
    match sel.get(MATCH_EXPRESSIONS) {
        Some(Value::Array(exprs)) => {
            out.push_str("[]v1.LabelSelectorRequirement{");
            for (i, req) in exprs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str("v1.LabelSelectorRequirement{Key:");
                out.push_str(&quote(str_field(req, "key")));
                out.push_str(", Operator:");
                out.push_str(&quote(str_field(req, "operator")));
                out.push_str(", Values:");
                match req.get("values") {
                    Some(Value::Array(values)) => {
                        out.push_str("[]string{");
                        for (j, v) in values.iter().enumerate() {
                            if j > 0 {
                                out.push_str(", ");
                            }
                            out.push_str(&quote(lenient_str(v)));
                        }
                        out.push('}');
                    }
                    _ => out.push_str("[]string(nil)"),
                }
                out.push('}');
            }
            out.push('}');
        }
        _ => out.push_str("[]v1.LabelSelectorRequirement(nil)"),
    }
    out.push('}');
    out
}

// ---- matching ----------------------------------------------------------------------------

/// `true` when the selector has no `matchLabels` entries and no `matchExpressions` (`{}`,
/// `null`, missing fields, `{}`/`[]` values). Kruise never injects for such a selector.
/// A field of the wrong type counts as content (it is malformed, not empty).
pub fn selector_is_empty(sel: &Value) -> bool {
    match sel {
        Value::Null => true,
        Value::Object(obj) => field_is_empty(obj.get(MATCH_LABELS)) && field_is_empty(obj.get(MATCH_EXPRESSIONS)),
        _ => false,
    }
}

/// Up to this many labels a linear scan beats hashing the key (SipHash on every look-up).
const LINEAR_LOOKUP_MAX: usize = 16;

/// The label value of `key`; a value that is not a string counts as an absent label.
fn label<'a>(labels: Option<&'a Map<String, Value>>, key: &str) -> Option<&'a str> {
    let labels = labels?;
    let value = if labels.len() <= LINEAR_LOOKUP_MAX {
        labels.iter().find_map(|(k, v)| (k == key).then_some(v))
    } else {
        labels.get(key)
    };
    value.and_then(Value::as_str)
}

/// Whether a `values` list holds `wanted` (a `null` item being Go's "").
fn contains(values: &[Value], wanted: &str) -> bool {
    values.iter().any(|v| go_str(v) == Some(wanted))
}

/// One requirement against one (possibly absent) label value, as `labels.Requirement.Matches`.
fn requirement_matches(op: Op, label: Option<&str>, values: &[Value]) -> bool {
    match op {
        Op::In => label.is_some_and(|l| contains(values, l)),
        Op::NotIn => label.is_none_or(|l| !contains(values, l)),
        Op::Exists => label.is_some(),
        Op::DoesNotExist => label.is_none(),
    }
}

/// Kruise's `util.ValidatedLabelSelectorAsSelector(sel)` followed by `Matches(labels)`:
/// `null` is `labels.Nothing()` (false); a selector without requirements is
/// `labels.Everything()` (true); otherwise every requirement must hold (`matchLabels` k: v is
/// `k In [v]`). Errors, whatever the labels: an unknown operator
/// (`"<op>" is not a valid pod selector operator`, as Kruise) and JSON type errors.
///
/// Kruise's pod webhook also rejects an empty selector: use [`pod_selector_matches`] there;
/// `namespaceSelector` uses this function directly (`{}` matches every namespace).
///
/// Does not allocate unless it returns an error.
pub fn selector_matches(sel: &Value, labels: Option<&Map<String, Value>>) -> Result<bool, String> {
    let obj = match sel {
        Value::Null => return Ok(false),
        Value::Object(obj) => obj,
        _ => return Err("invalid label selector: not an object".to_string()),
    };
    // The whole selector is walked even after a mismatch so that an error never depends on
    // the pod's labels (Go converts the selector before matching anything). Fields are read by
    // walking the (tiny) objects rather than by hashed look-ups.
    let mut matched = true;
    for (field, content) in obj {
        match (field.as_str(), content) {
            (_, Value::Null) => {}
            (MATCH_LABELS, Value::Object(wanted)) => {
                for (key, value) in wanted {
                    let Some(value) = go_str(value) else {
                        return Err(format!("invalid label selector: matchLabels[{key}] is not a string"));
                    };
                    matched = matched && label(labels, key) == Some(value);
                }
            }
            (MATCH_LABELS, _) => return Err("invalid label selector: matchLabels is not an object".to_string()),
            (MATCH_EXPRESSIONS, Value::Array(exprs)) => {
                for (i, req) in exprs.iter().enumerate() {
                    let r = read_requirement(req)
                        .map_err(|problem| format!("invalid label selector: matchExpressions[{i}] {problem}"))?;
                    let Some(op) = parse_op(r.operator) else {
                        return Err(format!("{} is not a valid pod selector operator", quote(r.operator)));
                    };
                    matched = matched && requirement_matches(op, label(labels, r.key), r.values);
                }
            }
            (MATCH_EXPRESSIONS, _) => {
                return Err("invalid label selector: matchExpressions is not a list".to_string());
            }
            _ => {}
        }
    }
    Ok(matched)
}

/// Kruise's pod rule (`PodMatchedSidecarSet`): convert (errors as [`selector_matches`]), then
/// matched only if the selector is not empty and matches the labels.
pub fn pod_selector_matches(sel: &Value, labels: Option<&Map<String, Value>>) -> Result<bool, String> {
    let matched = selector_matches(sel, labels)?;
    Ok(matched && !selector_is_empty(sel))
}

// ---- overlap -----------------------------------------------------------------------------

/// Kruise's `util.IsSelectorOverlapping`: two selectors overlap unless either is "disjoint"
/// from the other by Kruise's rules (`isDisjoint`, below). `null` behaves as an empty selector
/// (Go would dereference a nil pointer; Kruise only calls this with non-nil selectors).
pub fn selectors_overlap(a: &Value, b: &Value) -> bool {
    !(is_disjoint(a, b) || is_disjoint(b, a))
}

/// The values Kruise's `isDisjoint` records for `key` from selector `a`: `matchLabels` k: v
/// gives `[v]`; each `In` appends its values (an `In` without values records nothing); each
/// `Exists` replaces the list with `["ALL"]`; `NotIn`/`DoesNotExist` are ignored. `None` means
/// the key is not in Kruise's map.
fn recorded_values<'a>(a: &'a Value, key: &str) -> Option<Vec<&'a str>> {
    let mut recorded: Option<Vec<&str>> =
        match_labels(a).and_then(|labels| labels.get(key)).map(|v| vec![lenient_str(v)]);
    for req in match_expressions(a) {
        if str_field(req, "key") != key {
            continue;
        }
        match parse_op(str_field(req, "operator")) {
            Some(Op::In) => {
                for v in values_of(req) {
                    recorded.get_or_insert_with(Vec::new).push(lenient_str(v));
                }
            }
            Some(Op::Exists) => recorded = Some(vec![ALL]),
            _ => {}
        }
    }
    recorded
}

/// Kruise's `isDisjoint(a, b)`, quirks included: for each requirement of `b` whose key `a`
/// constrains: `k=v` or `In` is disjoint when `a` has no wildcard and no common value; `NotIn`
/// when its values cover all of `a`'s; `DoesNotExist` always. `Exists` is disjoint when `a`
/// does *not* constrain the key (so `{a=b}` and `{c Exists}` do not overlap).
fn is_disjoint(a: &Value, b: &Value) -> bool {
    if let Some(labels) = match_labels(b) {
        for (key, value) in labels {
            let value = lenient_str(value);
            if let Some(recorded) = recorded_values(a, key)
                && !recorded.contains(&ALL)
                && !recorded.contains(&value)
            {
                return true;
            }
        }
    }
    for req in match_expressions(b) {
        let recorded = recorded_values(a, str_field(req, "key"));
        let values = values_of(req);
        let disjoint = match parse_op(str_field(req, "operator")) {
            Some(Op::In) => {
                recorded.is_some_and(|r| !r.contains(&ALL) && !values.iter().any(|v| r.contains(&lenient_str(v))))
            }
            Some(Op::NotIn) => recorded.is_some_and(|r| r.iter().all(|v| contains(values, v))),
            Some(Op::Exists) => recorded.is_none(),
            Some(Op::DoesNotExist) => recorded.is_some(),
            None => false,
        };
        if disjoint {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec_selector() -> FieldPath {
        FieldPath::root("spec").child("selector")
    }

    fn texts(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(ToString::to_string).collect()
    }

    fn labels(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    const NAME_PART_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    // ---- validate_label_selector ----

    #[test]
    fn validation_table() {
        // (selector, expected messages under spec.selector)
        let cases: Vec<(Value, Vec<String>)> = vec![
            (json!(null), vec![]),
            (json!({}), vec![]),
            (json!({"matchLabels": {"app": "nginx"}}), vec![]),
            (json!({"matchLabels": null, "matchExpressions": null}), vec![]),
            (json!({"matchExpressions": [{"key": "key", "operator": "In", "values": ["value"]}]}), vec![]),
            (json!({"matchExpressions": [{"key": "k", "operator": "Exists"}]}), vec![]),
            (json!({"matchExpressions": [{"key": "k", "operator": "DoesNotExist", "values": null}]}), vec![]),
            (json!({"matchExpressions": [{"key": "k", "operator": "NotIn", "values": [""]}]}), vec![]),
            (json!({"matchExpressions": [{"key": "example.com/k", "operator": "In", "values": ["A_b.c-1"]}]}), vec![]),
            // apimachinery TestLabelSelectorMatchExpression
            (
                json!({"matchExpressions": [{"key": "-key", "operator": "In", "values": ["value"]}]}),
                vec![format!("spec.selector.matchExpressions[0].key: Invalid value: \"-key\": {NAME_PART_MSG}")],
            ),
            (
                json!({"matchExpressions": [{"key": "key", "operator": "abc", "values": ["value"]}]}),
                vec!["spec.selector.matchExpressions[0].operator: Invalid value: \"abc\": not a valid selector operator".into()],
            ),
            (
                json!({"matchExpressions": [{"key": "key", "operator": "In", "values": ["-value"]}]}),
                vec![format!("spec.selector.matchExpressions[0].values[0]: Invalid value: \"-value\": {LABEL_VALUE_MSG}")],
            ),
            // operator/value-count rules
            (
                json!({"matchExpressions": [{"key": "k", "operator": "In"}]}),
                vec!["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'".into()],
            ),
            (
                json!({"matchExpressions": [{"key": "k", "operator": "NotIn", "values": []}]}),
                vec!["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'".into()],
            ),
            (
                json!({"matchExpressions": [{"key": "k", "operator": "Exists", "values": ["x"]}]}),
                vec!["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'".into()],
            ),
            (
                json!({"matchExpressions": [{"key": "k", "operator": "DoesNotExist", "values": ["x", "y"]}]}),
                vec!["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'".into()],
            ),
            // Operators are case-sensitive.
            (
                json!({"matchExpressions": [{"key": "k", "operator": "in", "values": ["x"]}]}),
                vec!["spec.selector.matchExpressions[0].operator: Invalid value: \"in\": not a valid selector operator".into()],
            ),
            // A missing key and operator are Go's empty strings.
            (
                json!({"matchExpressions": [{}]}),
                vec![
                    "spec.selector.matchExpressions[0].operator: Invalid value: \"\": not a valid selector operator".into(),
                    "spec.selector.matchExpressions[0].key: Invalid value: \"\": name part must be non-empty".into(),
                    format!("spec.selector.matchExpressions[0].key: Invalid value: \"\": {NAME_PART_MSG}"),
                ],
            ),
            // Kruise's wrong-selector case: one bad value.
            (
                json!({"matchLabels": {"a": "b"}, "matchExpressions": [{"key": "app-name", "operator": "NotIn", "values": ["app-group", "app-risk-"]}]}),
                vec![format!("spec.selector.matchExpressions[0].values[1]: Invalid value: \"app-risk-\": {LABEL_VALUE_MSG}")],
            ),
            // matchLabels errors are on the map path, key then value.
            (
                json!({"matchLabels": {"a b": "c d"}}),
                vec![
                    format!("spec.selector.matchLabels: Invalid value: \"a b\": {NAME_PART_MSG}"),
                    format!("spec.selector.matchLabels: Invalid value: \"c d\": {LABEL_VALUE_MSG}"),
                ],
            ),
            (
                json!({"matchLabels": {"k": "v".repeat(64)}}),
                vec![format!("spec.selector.matchLabels: Invalid value: \"{}\": must be no more than 63 characters", "v".repeat(64))],
            ),
            // Type errors, worded like the policy's other JSON checks.
            (json!("app=nginx"), vec!["spec.selector: Invalid type: expected an object, got string \"app=nginx\"".into()]),
            (json!([]), vec!["spec.selector: Invalid type: expected an object, got a list".into()]),
            (
                json!({"matchLabel": {"a": "b"}}),
                vec!["spec.selector: Unknown field: \"matchLabel\": LabelSelector has no such field".into()],
            ),
            (
                json!({"matchLabels": ["a"]}),
                vec!["spec.selector.matchLabels: Invalid type: expected an object of strings, got a list".into()],
            ),
            (json!({"matchLabels": {"a": 1}}), vec!["spec.selector.matchLabels[a]: Invalid type: expected a string, got number 1".into()]),
            (json!({"matchLabels": {"a": true}}), vec!["spec.selector.matchLabels[a]: Invalid type: expected a string, got boolean true".into()]),
            (
                json!({"matchExpressions": {"key": "a"}}),
                vec!["spec.selector.matchExpressions: Invalid type: expected a list, got an object".into()],
            ),
            (
                json!({"matchExpressions": ["a"]}),
                vec!["spec.selector.matchExpressions[0]: Invalid type: expected an object, got string \"a\"".into()],
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "In", "values": "x"}]}),
                vec!["spec.selector.matchExpressions[0].values: Invalid type: expected a list, got string \"x\"".into()],
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["x", 2]}]}),
                vec!["spec.selector.matchExpressions[0].values[1]: Invalid type: expected a string, got number 2".into()],
            ),
            (
                json!({"matchExpressions": [{"key": 7, "operator": "Exists"}]}),
                vec!["spec.selector.matchExpressions[0].key: Invalid type: expected a string, got number 7".into()],
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": ["In"], "values": ["x"]}]}),
                vec!["spec.selector.matchExpressions[0].operator: Invalid type: expected a string, got a list".into()],
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "Exists", "value": "x"}]}),
                vec!["spec.selector.matchExpressions[0]: Unknown field: \"value\": LabelSelectorRequirement has no such field".into()],
            ),
            // null is Go's zero value: "" for strings, an empty requirement for a list item.
            (json!({"matchLabels": {"a": null}}), vec![]),
            (json!({"matchExpressions": [{"key": "a", "operator": "In", "values": [null]}]}), vec![]),
            (json!({"matchExpressions": [{"key": "a", "operator": null, "values": ["x"]}]}), vec![
                "spec.selector.matchExpressions[0].operator: Invalid value: \"\": not a valid selector operator".into(),
            ]),
            (
                json!({"matchExpressions": [null]}),
                vec![
                    "spec.selector.matchExpressions[0].operator: Invalid value: \"\": not a valid selector operator".into(),
                    "spec.selector.matchExpressions[0].key: Invalid value: \"\": name part must be non-empty".into(),
                    format!("spec.selector.matchExpressions[0].key: Invalid value: \"\": {NAME_PART_MSG}"),
                ],
            ),
        ];
        for (sel, want) in &cases {
            assert_eq!(&texts(&validate_label_selector(sel, &spec_selector())), want, "selector {sel}");
        }
    }

    #[test]
    fn validation_indexes_requirements() {
        let sel = json!({"matchExpressions": [
            {"key": "ok", "operator": "Exists"},
            {"key": "k", "operator": "In", "values": ["good", "bad value", "also-good"]},
            {"key": "k2", "operator": "Gt", "values": ["1"]}
        ]});
        let path = FieldPath::root("spec").child("namespaceSelector");
        assert_eq!(texts(&validate_label_selector(&sel, &path)), vec![
            format!("spec.namespaceSelector.matchExpressions[1].values[1]: Invalid value: \"bad value\": {LABEL_VALUE_MSG}"),
            "spec.namespaceSelector.matchExpressions[2].operator: Invalid value: \"Gt\": not a valid selector operator".to_string(),
        ]);
    }

    // ---- label_selector_as_selector_errors / go repr ----

    #[test]
    fn as_selector_error_is_kruise_s5() {
        let sel = json!({"matchLabels": {"a": "b"}, "matchExpressions": [
            {"key": "app-name", "operator": "NotIn", "values": ["app-group", "app-risk-"]}
        ]});
        assert_eq!(
            texts(&label_selector_as_selector_errors(&sel, &spec_selector())),
            vec![
                "spec.selector.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"a\":\"b\"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app-name\", Operator:\"NotIn\", Values:[]string{\"app-group\", \"app-risk-\"}}}}"
            ]
        );
        // Together with S3: two errors for one bad value, as Kruise's test expects.
        let total = validate_label_selector(&sel, &spec_selector()).len()
            + label_selector_as_selector_errors(&sel, &spec_selector()).len();
        assert_eq!(total, 2);
    }

    #[test]
    fn as_selector_table() {
        // (selector, does LabelSelectorAsSelector fail?)
        let cases = [
            (json!(null), false),
            (json!({}), false),
            (json!({"matchLabels": {}}), false),
            (json!({"matchLabels": {"foo": "bar"}}), false),
            (json!({"matchExpressions": [{"key": "baz", "operator": "In", "values": ["qux", "norf"]}]}), false),
            (
                json!({"matchLabels": {"foo": "bar"}, "matchExpressions": [{"key": "baz", "operator": "In", "values": ["qux"]}]}),
                false,
            ),
            // apimachinery TestLabelSelectorAsSelector: Exists with values fails.
            (json!({"matchExpressions": [{"key": "baz", "operator": "Exists", "values": ["qux", "norf"]}]}), true),
            (json!({"matchExpressions": [{"key": "baz", "operator": "In", "values": []}]}), true),
            (json!({"matchExpressions": [{"key": "baz", "operator": "NotIn"}]}), true),
            (json!({"matchExpressions": [{"key": "baz", "operator": "Gt", "values": ["1"]}]}), true),
            (json!({"matchExpressions": [{"key": "ba z", "operator": "Exists"}]}), true),
            (json!({"matchExpressions": [{"key": "baz", "operator": "In", "values": ["-x"]}]}), true),
            (json!({"matchLabels": {"a/b/c": "x"}}), true),
            (json!({"matchLabels": {"a": "x y"}}), true),
            (json!({"matchLabels": {"": "x"}}), true),
            // Unknown fields are ignored by Go's decoder: still converts.
            (json!({"matchLabels": {"a": "b"}, "extra": 1}), false),
            // Type errors are reported by validation only.
            (json!({"matchLabels": {"a b": 1}}), false),
            (json!({"matchExpressions": [{"key": "baz", "operator": "In", "values": [1]}]}), false),
            (json!(5), false),
        ];
        for (sel, fails) in &cases {
            let errs = label_selector_as_selector_errors(sel, &spec_selector());
            assert_eq!(errs.len(), usize::from(*fails), "selector {sel}");
        }
    }

    #[test]
    fn go_repr_forms() {
        assert_eq!(
            go_label_selector_repr(&json!({})),
            "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}"
        );
        assert_eq!(
            go_label_selector_repr(&json!({"matchLabels": {}, "matchExpressions": []})),
            "v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement{}}"
        );
        // Go's fmt sorts map keys; values lists keep their order; a missing list is nil.
        assert_eq!(
            go_label_selector_repr(&json!({"matchLabels": {"z": "1", "a": "2"}, "matchExpressions": [
                {"key": "k", "operator": "Exists"},
                {"key": "q\"uote", "operator": "In", "values": []}
            ]})),
            "v1.LabelSelector{MatchLabels:map[string]string{\"a\":\"2\", \"z\":\"1\"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"k\", Operator:\"Exists\", Values:[]string(nil)}, v1.LabelSelectorRequirement{Key:\"q\\\"uote\", Operator:\"In\", Values:[]string{}}}}"
        );
    }

    // ---- selector_is_empty ----

    #[test]
    fn emptiness_table() {
        let cases = [
            (json!(null), true),
            (json!({}), true),
            (json!({"matchLabels": {}}), true),
            (json!({"matchLabels": null, "matchExpressions": []}), true),
            (json!({"matchLabel": {"a": "b"}}), true),
            (json!({"matchLabels": {"a": "b"}}), false),
            (json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}), false),
            (json!({"matchLabels": "x"}), false),
            (json!("x"), false),
        ];
        for (sel, empty) in &cases {
            assert_eq!(selector_is_empty(sel), *empty, "selector {sel}");
        }
    }

    // ---- matching ----

    #[test]
    fn matching_table() {
        let pod = labels(json!({"app": "nginx", "tier": "web", "env": "", "count": 3}));
        // (selector, Matches on the pod labels above)
        let cases = [
            (json!({"matchLabels": {"app": "nginx"}}), true),
            (json!({"matchLabels": {"app": "nginx", "tier": "web"}}), true),
            (json!({"matchLabels": {"app": "nginx", "tier": "db"}}), false),
            (json!({"matchLabels": {"app": "redis"}}), false),
            (json!({"matchLabels": {"missing": ""}}), false),
            (json!({"matchLabels": {"env": ""}}), true),
            (json!({"matchExpressions": [{"key": "app", "operator": "In", "values": ["redis", "nginx"]}]}), true),
            (json!({"matchExpressions": [{"key": "app", "operator": "In", "values": ["redis"]}]}), false),
            (json!({"matchExpressions": [{"key": "missing", "operator": "In", "values": ["x"]}]}), false),
            (json!({"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["redis"]}]}), true),
            (json!({"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["nginx"]}]}), false),
            (json!({"matchExpressions": [{"key": "missing", "operator": "NotIn", "values": ["x"]}]}), true),
            (json!({"matchExpressions": [{"key": "app", "operator": "Exists"}]}), true),
            (json!({"matchExpressions": [{"key": "env", "operator": "Exists"}]}), true),
            (json!({"matchExpressions": [{"key": "missing", "operator": "Exists"}]}), false),
            (json!({"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}), false),
            (json!({"matchExpressions": [{"key": "missing", "operator": "DoesNotExist"}]}), true),
            // A non-string label value in the pod counts as absent.
            (json!({"matchExpressions": [{"key": "count", "operator": "Exists"}]}), false),
            (json!({"matchExpressions": [{"key": "count", "operator": "DoesNotExist"}]}), true),
            (json!({"matchExpressions": [{"key": "count", "operator": "NotIn", "values": ["3"]}]}), true),
            (json!({"matchLabels": {"count": "3"}}), false),
            // ANDed.
            (
                json!({"matchLabels": {"app": "nginx"}, "matchExpressions": [
                    {"key": "tier", "operator": "In", "values": ["web"]},
                    {"key": "canary", "operator": "DoesNotExist"}
                ]}),
                true,
            ),
            (
                json!({"matchLabels": {"app": "nginx"}, "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["web"]}]}),
                false,
            ),
            // Kruise's unvalidated conversion: an In without values matches nothing, a NotIn
            // without values anything.
            (json!({"matchExpressions": [{"key": "app", "operator": "In", "values": []}]}), false),
            (json!({"matchExpressions": [{"key": "app", "operator": "NotIn"}]}), true),
            // Same key twice (Kruise TestValidatedLabelSelectorAsSelector).
            (
                json!({"matchExpressions": [
                    {"key": "app", "operator": "In", "values": ["nginx", "x"]},
                    {"key": "app", "operator": "NotIn", "values": ["x"]}
                ]}),
                true,
            ),
            // Nothing / Everything.
            (json!(null), false),
            (json!({}), true),
            (json!({"matchLabels": {}, "matchExpressions": []}), true),
            // Unknown fields are ignored when matching.
            (json!({"matchLabels": {"app": "nginx"}, "other": 1}), true),
        ];
        for (sel, want) in &cases {
            assert_eq!(selector_matches(sel, Some(&pod)), Ok(*want), "selector {sel}");
        }
    }

    #[test]
    fn kruise_validated_selector_vectors() {
        // The selectors of Kruise's TestValidatedLabelSelectorAsSelector on a few label sets.
        let full = json!({"matchLabels": {"k1": "A", "k2": "B"}, "matchExpressions": [
            {"key": "k3", "operator": "In", "values": ["C", "D"]},
            {"key": "k4", "operator": "NotIn", "values": ["E"]},
            {"key": "k5", "operator": "Exists"},
            {"key": "k6", "operator": "DoesNotExist"}
        ]});
        let cases = [
            (json!({"k1": "A", "k2": "B", "k3": "D", "k5": ""}), true),
            (json!({"k1": "A", "k2": "B", "k3": "D", "k4": "F", "k5": "x"}), true),
            (json!({"k1": "A", "k2": "B", "k3": "D", "k4": "E", "k5": "x"}), false),
            (json!({"k1": "A", "k2": "B", "k3": "D", "k5": "x", "k6": "y"}), false),
            (json!({"k1": "A", "k2": "B", "k3": "X", "k5": "x"}), false),
            (json!({"k1": "A", "k3": "C", "k5": "x"}), false),
            (json!({}), false),
        ];
        for (pod, want) in cases {
            assert_eq!(selector_matches(&full, Some(&labels(pod.clone()))), Ok(want), "pod {pod}");
        }
    }

    #[test]
    fn matching_many_labels() {
        // Past LINEAR_LOOKUP_MAX labels the look-up hashes; the answers must not change.
        let mut many = Map::new();
        for i in 0..40 {
            many.insert(format!("k{i}"), json!(format!("v{i}")));
        }
        many.insert("n".into(), json!(1));
        let cases = [
            (json!({"matchLabels": {"k0": "v0", "k39": "v39"}}), true),
            (json!({"matchLabels": {"k39": "v0"}}), false),
            (json!({"matchExpressions": [{"key": "k20", "operator": "In", "values": ["v20"]}]}), true),
            (json!({"matchExpressions": [{"key": "k40", "operator": "DoesNotExist"}]}), true),
            (json!({"matchExpressions": [{"key": "n", "operator": "Exists"}]}), false),
        ];
        for (sel, want) in &cases {
            assert_eq!(selector_matches(sel, Some(&many)), Ok(*want), "selector {sel}");
        }
    }

    #[test]
    fn matching_without_labels() {
        let cases = [
            (json!({"matchLabels": {"a": "b"}}), false),
            (json!({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}), true),
            (json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["b"]}]}), true),
            (json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}), false),
        ];
        for (sel, want) in &cases {
            assert_eq!(selector_matches(sel, None), Ok(*want), "selector {sel}");
            assert_eq!(selector_matches(sel, Some(&Map::new())), Ok(*want), "selector {sel}");
        }
    }

    #[test]
    fn matching_errors() {
        let pod = labels(json!({"app": "nginx"}));
        assert_eq!(
            selector_matches(
                &json!({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]}),
                Some(&pod)
            ),
            Err("\"Gt\" is not a valid pod selector operator".to_string())
        );
        // The error does not depend on an earlier requirement failing.
        assert_eq!(
            selector_matches(
                &json!({"matchLabels": {"app": "redis"}, "matchExpressions": [{"key": "a", "operator": "exists"}]}),
                Some(&pod)
            ),
            Err("\"exists\" is not a valid pod selector operator".to_string())
        );
        assert_eq!(
            selector_matches(&json!({"matchExpressions": [{"key": "a"}]}), Some(&pod)),
            Err("\"\" is not a valid pod selector operator".to_string())
        );
        for sel in [
            json!("app=nginx"),
            json!(1),
            json!({"matchLabels": []}),
            json!({"matchLabels": {"app": 1}}),
            json!({"matchExpressions": {}}),
            json!({"matchExpressions": [1]}),
            json!({"matchExpressions": [{"key": 1, "operator": "Exists"}]}),
            json!({"matchExpressions": [{"key": "a", "operator": "In", "values": "nginx"}]}),
            json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["nginx", 1]}]}),
        ] {
            let got = selector_matches(&sel, Some(&pod));
            assert!(got.as_ref().is_err_and(|e| e.starts_with("invalid label selector")), "{sel}: {got:?}");
        }
    }

    #[test]
    fn matching_nulls_are_go_zero_values() {
        let pod = labels(json!({"app": "", "tier": "web"}));
        let cases = [
            (json!({"matchLabels": {"app": null}}), Ok(true)),
            (json!({"matchLabels": {"tier": null}}), Ok(false)),
            (json!({"matchExpressions": [{"key": "app", "operator": "In", "values": [null]}]}), Ok(true)),
            (json!({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": [null]}]}), Ok(true)),
            (json!({"matchLabels": null, "matchExpressions": null}), Ok(true)),
            (json!({"matchExpressions": [null]}), Err("\"\" is not a valid pod selector operator".to_string())),
        ];
        for (sel, want) in cases {
            assert_eq!(selector_matches(&sel, Some(&pod)), want, "selector {sel}");
        }
    }

    #[test]
    fn pod_rule_rejects_empty_selectors() {
        let pod = labels(json!({"app": "nginx"}));
        let cases = [
            (json!(null), Ok(false)),
            (json!({}), Ok(false)),
            (json!({"matchLabels": {}}), Ok(false)),
            (json!({"matchLabels": {"app": "nginx"}}), Ok(true)),
            (json!({"matchLabels": {"app": "x"}}), Ok(false)),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "Bad"}]}),
                Err("\"Bad\" is not a valid pod selector operator".to_string()),
            ),
        ];
        for (sel, want) in cases {
            assert_eq!(pod_selector_matches(&sel, Some(&pod)), want, "selector {sel}");
        }
    }

    // ---- overlap ----

    #[test]
    fn kruise_selector_conflict_vectors() {
        // pkg/util/selector_test.go TestSelectorConflict.
        let cases = [
            (json!({"matchLabels": {"a": "h"}}), json!({"matchLabels": {"a": "h"}}), true),
            (json!({"matchLabels": {"a": "h"}}), json!({"matchLabels": {"a": "i"}}), false),
            (json!({"matchLabels": {"a": "h"}}), json!({"matchLabels": {"b": "i"}}), true),
            (
                json!({"matchLabels": {"a": "h", "b": "i", "c": "j"}}),
                json!({"matchLabels": {"a": "h", "b": "x", "c": "j"}}),
                false,
            ),
            (
                json!({"matchLabels": {"a": "h"}}),
                json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["h", "i", "j"]}]}),
                true,
            ),
            (
                json!({"matchLabels": {"a": "h"}}),
                json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["i", "j"]}]}),
                false,
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["h", "i"]}]}),
                json!({"matchLabels": {"a": "h"}}),
                false,
            ),
            (
                json!({"matchLabels": {"a": "h"}}),
                json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
                true,
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}),
                json!({"matchLabels": {"a": "h"}}),
                false,
            ),
        ];
        for (a, b, want) in &cases {
            assert_eq!(selectors_overlap(a, b), *want, "{a} vs {b}");
            // The test is symmetric by construction.
            assert_eq!(selectors_overlap(b, a), *want, "{b} vs {a}");
        }
    }

    #[test]
    fn overlap_quirks() {
        let cases = [
            // Exists on a key the other selector does not constrain: "disjoint".
            (
                json!({"matchLabels": {"a": "b"}}),
                json!({"matchExpressions": [{"key": "c", "operator": "Exists"}]}),
                false,
            ),
            (json!({"matchLabels": {"a": "b"}}), json!({"matchLabels": {"c": "d"}}), true),
            // NotIn covering everything the other records.
            (
                json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["b", "c"]}]}),
                json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["b", "c", "d"]}]}),
                false,
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["b", "c"]}]}),
                json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["b"]}]}),
                true,
            ),
            // Exists records the wildcard "ALL": In/k=v against it overlap...
            (
                json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
                json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
                true,
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
                json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["x"]}]}),
                true,
            ),
            // ...NotIn against it only when it literally lists "ALL" (the In keeps the reverse
            // direction from tripping over the Exists rule).
            (
                json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
                json!({"matchExpressions": [
                    {"key": "a", "operator": "In", "values": ["y"]},
                    {"key": "a", "operator": "NotIn", "values": ["x"]}
                ]}),
                true,
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
                json!({"matchExpressions": [
                    {"key": "a", "operator": "In", "values": ["y"]},
                    {"key": "a", "operator": "NotIn", "values": ["ALL"]}
                ]}),
                false,
            ),
            // Exists against a selector that only has NotIn on the key: the NotIn records
            // nothing, so the Exists side is "disjoint" although both match {a: y}.
            (
                json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
                json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["x"]}]}),
                false,
            ),
            // A label value "ALL" is a wildcard too, but only on the recording side: the other
            // direction still sees "ALL" != "x".
            (json!({"matchLabels": {"a": "ALL"}}), json!({"matchLabels": {"a": "x"}}), false),
            (
                json!({"matchLabels": {"a": "ALL"}}),
                json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["x", "ALL"]}]}),
                true,
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
                json!({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}),
                false,
            ),
            // An In without values records nothing, so Exists on that key is "disjoint".
            (
                json!({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]}),
                json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
                false,
            ),
            // NotIn covering the other's label value: Kruise's TestSelectorConflict case 7.
            (
                json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["x", "y"]}]}),
                json!({"matchLabels": {"a": "y"}}),
                false,
            ),
            // Empty and null selectors: only Exists on the other side makes them disjoint.
            (json!({}), json!({"matchLabels": {"a": "b"}}), true),
            (json!(null), json!({}), true),
            (json!(null), json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}), false),
            // Namespace selectors of Kruise's TestSidecarSetNameConflict.
            (json!({"matchLabels": {"app": "nginx"}}), json!({"matchLabels": {"app": "redis"}}), false),
        ];
        for (a, b, want) in &cases {
            assert_eq!(selectors_overlap(a, b), *want, "{a} vs {b}");
        }
    }

    #[test]
    fn disjoint_directional_table() {
        // (a, b, isDisjoint(a, b)): how `a` records its keys, seen from `b`'s requirements.
        let cases = [
            // Exists after In resets to the wildcard; In after Exists keeps it.
            (
                json!({"matchExpressions": [
                    {"key": "a", "operator": "In", "values": ["x"]},
                    {"key": "a", "operator": "Exists"}
                ]}),
                json!({"matchLabels": {"a": "y"}}),
                false,
            ),
            (
                json!({"matchExpressions": [
                    {"key": "a", "operator": "Exists"},
                    {"key": "a", "operator": "In", "values": ["x"]}
                ]}),
                json!({"matchLabels": {"a": "y"}}),
                false,
            ),
            // matchLabels and In on the same key pool their values.
            (
                json!({"matchLabels": {"a": "x"}, "matchExpressions": [{"key": "a", "operator": "In", "values": ["y"]}]}),
                json!({"matchLabels": {"a": "y"}}),
                false,
            ),
            (
                json!({"matchLabels": {"a": "x"}, "matchExpressions": [{"key": "a", "operator": "In", "values": ["y"]}]}),
                json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["y", "x", "z"]}]}),
                true,
            ),
            // NotIn and DoesNotExist record nothing.
            (
                json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["x"]}]}),
                json!({"matchLabels": {"a": "x"}}),
                false,
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}),
                json!({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}),
                false,
            ),
            // DoesNotExist in b on a key a records.
            (
                json!({"matchLabels": {"a": "x"}}),
                json!({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}),
                true,
            ),
            // Unknown operators are skipped on both sides.
            (
                json!({"matchLabels": {"a": "x"}}),
                json!({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]}),
                false,
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]}),
                json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
                true,
            ),
        ];
        for (a, b, want) in &cases {
            assert_eq!(is_disjoint(a, b), *want, "isDisjoint({a}, {b})");
        }
    }

    #[test]
    fn disjoint_is_one_directional() {
        let all = json!({"matchLabels": {"a": "ALL"}});
        let x = json!({"matchLabels": {"a": "x"}});
        assert!(!is_disjoint(&all, &x));
        assert!(is_disjoint(&x, &all));
        let exists = json!({"matchExpressions": [{"key": "c", "operator": "Exists"}]});
        assert!(is_disjoint(&x, &exists));
        assert!(!is_disjoint(&exists, &x));
    }

    // ---- robustness ----

    /// A tiny deterministic generator of odd JSON (no extra dependencies).
    struct Gen(u64);

    impl Gen {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn one_in(&mut self, n: u64) -> bool {
            self.next().is_multiple_of(n)
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            let i = (self.next() % items.len() as u64) as usize;
            items.get(i).copied().unwrap_or("")
        }

        fn string(&mut self) -> String {
            const WORDS: &[&str] = &[
                "",
                "a",
                "app",
                "In",
                "NotIn",
                "Exists",
                "DoesNotExist",
                "ALL",
                "matchLabels",
                "matchExpressions",
                "key",
                "operator",
                "values",
                "é",
                "日本",
                "🦀",
                "a/b",
                "/",
                "-",
                "a b",
                "\u{0}",
                "İ",
            ];
            match self.next() % 8 {
                0 => "k".repeat(300),
                1 => "é".repeat(40),
                _ => self.pick(WORDS).to_string(),
            }
        }

        fn value(&mut self, depth: u32) -> Value {
            let n = if depth == 0 { self.next() % 5 } else { self.next() % 8 };
            match n {
                0 => Value::Null,
                1 => json!(self.one_in(3)),
                2 => json!(self.next() as f64 / 7.0),
                3 | 4 => Value::String(self.string()),
                5 => Value::Array((0..self.next() % 4).map(|_| self.value(depth - 1)).collect()),
                _ => {
                    let mut m = Map::new();
                    for _ in 0..self.next() % 4 {
                        m.insert(self.string(), self.value(depth - 1));
                    }
                    Value::Object(m)
                }
            }
        }

        /// Mostly selector-shaped values with random leaves.
        fn selector(&mut self) -> Value {
            if self.one_in(5) {
                return self.value(3);
            }
            let mut exprs = Vec::new();
            for _ in 0..self.next() % 4 {
                let mut req = Map::new();
                req.insert("key".into(), if self.one_in(4) { self.value(1) } else { Value::String(self.string()) });
                req.insert(
                    "operator".into(),
                    if self.one_in(4) { self.value(1) } else { Value::String(self.string()) },
                );
                if !self.one_in(3) {
                    let vals = (0..self.next() % 4)
                        .map(|_| if self.one_in(5) { self.value(1) } else { Value::String(self.string()) })
                        .collect();
                    req.insert("values".into(), Value::Array(vals));
                }
                exprs.push(Value::Object(req));
            }
            let mut labels = Map::new();
            for _ in 0..self.next() % 3 {
                let v = if self.one_in(5) { self.value(1) } else { Value::String(self.string()) };
                labels.insert(self.string(), v);
            }
            json!({"matchLabels": labels, "matchExpressions": exprs})
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let mut g = Gen(0x9E37_79B9_7F4A_7C15);
        let path = spec_selector();
        let mut checked = 0;
        for _ in 0..3000 {
            let a = g.selector();
            let b = g.selector();
            let pod = g.value(2);
            let pod_labels = pod.as_object();
            let _ = validate_label_selector(&a, &path);
            let _ = label_selector_as_selector_errors(&a, &path);
            let _ = go_label_selector_repr(&a);
            let _ = selector_is_empty(&a);
            let m = selector_matches(&a, pod_labels);
            let _ = pod_selector_matches(&a, pod_labels);
            let _ = selectors_overlap(&a, &b);
            // Consistency: a selector that validates cleanly always converts and matches
            // without error, and then S5 stays silent.
            let errs = validate_label_selector(&a, &path);
            if errs.is_empty() {
                assert!(m.is_ok(), "{a}: {m:?}");
                assert!(label_selector_as_selector_errors(&a, &path).is_empty(), "{a}");
            }
            // On decodable selectors, S5 fires exactly when S3 found something (unknown fields
            // aside, which Go's decoder drops).
            if a.is_object() && well_typed(&a) && !selector_is_empty(&a) {
                let s3 = errs.iter().any(|e| e.kind != crate::field_error::ErrorKind::Type);
                assert_eq!(label_selector_as_selector_errors(&a, &path).len(), usize::from(s3), "{a}");
                checked += 1;
            }
        }
        assert!(checked > 100, "generator too rarely produced decodable selectors: {checked}");
    }

    #[test]
    fn odd_fixed_inputs() {
        let path = spec_selector();
        let long_key = "k".repeat(300);
        let odd = [
            json!(0),
            json!(true),
            json!("x"),
            json!([]),
            json!([{"matchLabels": {}}]),
            json!({"matchLabels": {"": ""}}),
            json!({"matchLabels": {long_key.clone(): "v"}}),
            json!({"matchExpressions": [{"key": long_key, "operator": "Exists"}]}),
            json!({"matchExpressions": [null, 1, "s", [], {}]}),
            json!({"matchLabels": {"日本/語": "🦀"}, "matchExpressions": [{"key": "é", "operator": "İn", "values": ["é"]}]}),
            json!({"matchLabels": {"a": {"b": "c"}}}),
            json!({"matchExpressions": [{"key": "a", "operator": "In", "values": [[], {}, null, 1.5]}]}),
        ];
        for sel in &odd {
            let _ = validate_label_selector(sel, &path);
            let _ = label_selector_as_selector_errors(sel, &path);
            let _ = go_label_selector_repr(sel);
            let _ = selector_is_empty(sel);
            let _ = selector_matches(sel, None);
            let _ = pod_selector_matches(sel, None);
            for other in &odd {
                let _ = selectors_overlap(sel, other);
            }
        }
        // A 300-character key is one "too long" error for the name part.
        let errs = validate_label_selector(&odd[6], &path);
        assert_eq!(
            texts(&errs),
            vec![format!(
                "spec.selector.matchLabels: Invalid value: \"{}\": name part must be no more than 63 characters",
                "k".repeat(300)
            )]
        );
        // Unicode keys and values are invalid, not crashes.
        assert_eq!(validate_label_selector(&odd[9], &path).len(), 6);
        assert_eq!(label_selector_as_selector_errors(&odd[9], &path).len(), 1);
    }
}
