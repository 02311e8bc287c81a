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

use super::json::{go_str, list_at, str_at};
use super::names::{is_qualified_name, is_valid_label_value, validate_label_name, validate_labels};
use crate::field_error::{FieldError, FieldPath, quote};
use crate::strings::did_you_mean;

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
            let suggestion = did_you_mean(key, [MATCH_LABELS, MATCH_EXPRESSIONS]);
            errs.push(FieldError::unknown_field(path, key, format!("LabelSelector has no such field{suggestion}")));
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
            let suggestion = did_you_mean(key, ["key", "operator", "values"]);
            errs.push(FieldError::unknown_field(
                path,
                key,
                format!("LabelSelectorRequirement has no such field{suggestion}"),
            ));
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
            let values = list_at(req, "values");
            let count_ok = match parse_op(str_at(req, "operator")) {
                None => false,
                Some(Op::In | Op::NotIn) => !values.is_empty(),
                Some(Op::Exists | Op::DoesNotExist) => values.is_empty(),
            };
            !count_ok
                || !is_qualified_name(str_at(req, "key")).is_empty()
                || values.iter().any(|v| !is_valid_label_value(lenient_str(v)).is_empty())
        })
}

/// Kruise's `validateSidecarSetSpec`: when `metav1.LabelSelectorAsSelector(sel)` fails, it adds
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
/// `field.Invalid` shows a selector value (the invalid values of Kruise's selector errors): map keys sorted, a
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
                out.push_str(&quote(str_at(req, "key")));
                out.push_str(", Operator:");
                out.push_str(&quote(str_at(req, "operator")));
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

// ---- explanations --------------------------------------------------------------------------

/// A requirement of a selector that a set of labels does not meet, in `kubectl`'s selector
/// syntax (`app=nginx`, `env in (prod,staging)`, `env notin (dev)`, `tier`, `!canary`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnmetRequirement {
    pub key: String,
    pub needs: String,
    /// The label's value on the object, if it has the label.
    pub has: Option<String>,
}

/// Calls `each` with every requirement of a well-formed selector and whether `labels` meet
/// it; `None` for a selector [`selector_matches`] refuses.
fn walk_requirements(
    sel: &Value,
    labels: Option<&Map<String, Value>>,
    mut each: impl FnMut(&str, Op, &[Value], Option<&str>, bool),
) -> Option<()> {
    let obj = sel.as_object()?;
    for (field, content) in obj {
        match (field.as_str(), content) {
            (_, Value::Null) => {}
            (MATCH_LABELS, Value::Object(wanted)) => {
                for (key, raw) in wanted {
                    let value = go_str(raw)?;
                    let has = label(labels, key);
                    each(key, Op::In, std::slice::from_ref(raw), has, has == Some(value));
                }
            }
            (MATCH_EXPRESSIONS, Value::Array(exprs)) => {
                for req in exprs {
                    let r = read_requirement(req).ok()?;
                    let op = parse_op(r.operator)?;
                    let has = label(labels, r.key);
                    each(r.key, op, r.values, has, requirement_matches(op, has, r.values));
                }
            }
            (MATCH_LABELS | MATCH_EXPRESSIONS, _) => return None,
            _ => {}
        }
    }
    Some(())
}

/// How many requirements of the selector `labels` do not meet, and how many it has (no
/// allocation); `None` for a selector [`selector_matches`] refuses.
pub fn unmet_count(sel: &Value, labels: Option<&Map<String, Value>>) -> Option<(usize, usize)> {
    let (mut unmet, mut total) = (0, 0);
    walk_requirements(sel, labels, |_, _, _, _, met| {
        unmet += usize::from(!met);
        total += 1;
    })?;
    Some((unmet, total))
}

/// The requirements of the selector `labels` do not meet, in the selector's order.
pub fn unmet_requirements(sel: &Value, labels: Option<&Map<String, Value>>) -> Option<Vec<UnmetRequirement>> {
    let mut out = Vec::new();
    walk_requirements(sel, labels, |key, op, values, has, met| {
        if met {
            return;
        }
        let list = || values.iter().filter_map(go_str).collect::<Vec<_>>().join(",");
        let needs = match op {
            Op::In if values.len() == 1 => format!("{key}={}", list()),
            Op::In => format!("{key} in ({})", list()),
            Op::NotIn => format!("{key} notin ({})", list()),
            Op::Exists => key.to_string(),
            Op::DoesNotExist => format!("!{key}"),
        };
        out.push(UnmetRequirement { key: key.to_string(), needs, has: has.map(str::to_string) });
    })?;
    Some(out)
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
        if str_at(req, "key") != key {
            continue;
        }
        match parse_op(str_at(req, "operator")) {
            Some(Op::In) => {
                for v in list_at(req, "values") {
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
        let recorded = recorded_values(a, str_at(req, "key"));
        let values = list_at(req, "values");
        let disjoint = match parse_op(str_at(req, "operator")) {
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
mod matching_tests;
#[cfg(test)]
mod tests;
