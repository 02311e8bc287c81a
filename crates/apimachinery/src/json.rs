//! Reading Kubernetes objects kept as `serde_json::Value`, the way Go's decoder would see
//! them: a missing key and `null` are the zero value, and a value of the wrong type reads as
//! the zero value too (the callers type-check first where a wrong type must be reported).
//!
//! The one place for these accessors: every layer (apimachinery ports, Kruise's algorithm,
//! the platform layer, the handler) reads JSON through them.

use serde_json::{Map, Value};

/// A member's value unless it is absent or `null` (Go's nil pointer / zero value).
pub fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(x) => Some(x),
    }
}

/// A string member; "" when absent, `null` or not a string.
pub fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A string member that Go keeps as a pointer: `None` when absent or `null`.
pub fn opt_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    get(v, key).and_then(Value::as_str)
}

/// The string at a path of members (`["upgradeStrategy", "upgradeType"]`); "" when any
/// step is missing.
pub fn str_at_path<'a>(m: &'a Map<String, Value>, path: &[&str]) -> &'a str {
    let Some((first, rest)) = path.split_first() else { return "" };
    rest.iter().try_fold(m.get(*first), |v, key| Some(v?.get(key))).flatten().and_then(Value::as_str).unwrap_or("")
}

/// What Go's decoder makes of a JSON value bound for a `string`: the text, or "" for `null`
/// (Go leaves the zero value); `None` for any other type, which Go would refuse.
pub fn go_str(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Null => Some(""),
        _ => None,
    }
}

/// A JSON integer, or a float without a fraction that fits an `int64` (how Go decodes `1.0`).
pub fn as_int(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18).map(|f| f as i64))
}

/// An integer member kept as a pointer in Go.
pub fn opt_int(v: &Value, key: &str) -> Option<i64> {
    get(v, key).and_then(as_int)
}

/// A plain integer member (absent is 0).
pub fn int_at(v: &Value, key: &str) -> i64 {
    opt_int(v, key).unwrap_or(0)
}

/// A boolean member (absent is `false`).
pub fn bool_at(v: &Value, key: &str) -> bool {
    get(v, key).and_then(Value::as_bool).unwrap_or(false)
}

/// A JSON list as a slice (absent, `null` or another type: empty).
pub fn list(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// A list member as a slice.
pub fn list_at<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    list(v.get(key))
}

/// An object member.
pub fn map_at<'a>(v: &'a Value, key: &str) -> Option<&'a Map<String, Value>> {
    get(v, key).and_then(Value::as_object)
}

/// The object entries of a list (other entries are skipped).
pub fn object_values(v: Option<&Value>) -> impl Iterator<Item = &Value> {
    list(v).iter().filter(|item| item.is_object())
}

/// The object entries of a list, as maps.
pub fn objects(v: Option<&Value>) -> impl Iterator<Item = &Map<String, Value>> {
    list(v).iter().filter_map(Value::as_object)
}

/// The mutable object under `key`, created when absent or `null`; `None` when it holds
/// another type.
pub fn ensure_object<'a>(m: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Map<String, Value>> {
    let slot = m.entry(key.to_string()).or_insert(Value::Null);
    if slot.is_null() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut()
}

/// The mutable list under `key`, created when absent or `null`; `None` when it holds another
/// type.
pub fn ensure_list<'a>(m: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Vec<Value>> {
    let slot = m.entry(key.to_string()).or_insert(Value::Null);
    if slot.is_null() {
        *slot = Value::Array(Vec::new());
    }
    slot.as_array_mut()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn zero_values_for_missing_null_and_mistyped() {
        let v = json!({"s": "x", "n": null, "i": 3, "f": 2.0, "half": 2.5, "b": true, "l": [1, {"a": 1}], "m": {}});
        assert_eq!((str_at(&v, "s"), str_at(&v, "n"), str_at(&v, "i"), str_at(&v, "missing")), ("x", "", "", ""));
        assert_eq!((opt_str(&v, "s"), opt_str(&v, "n")), (Some("x"), None));
        assert_eq!((int_at(&v, "i"), int_at(&v, "f"), opt_int(&v, "half"), int_at(&v, "s")), (3, 2, None, 0));
        assert!(bool_at(&v, "b") && !bool_at(&v, "n") && !bool_at(&v, "s"));
        assert_eq!((list_at(&v, "l").len(), list_at(&v, "m").len(), list(None).len()), (2, 0, 0));
        assert_eq!(object_values(v.get("l")).count(), 1);
        assert_eq!(objects(v.get("l")).count(), 1);
        assert!(map_at(&v, "m").is_some() && map_at(&v, "n").is_none() && get(&v, "n").is_none());
        assert_eq!((go_str(&json!(null)), go_str(&json!("a")), go_str(&json!(1))), (Some(""), Some("a"), None));
    }

    #[test]
    fn paths_and_creation() {
        let v = json!({"a": {"b": {"c": "deep"}}, "x": "top"});
        let m = v.as_object().cloned().unwrap_or_default();
        assert_eq!(str_at_path(&m, &["a", "b", "c"]), "deep");
        assert_eq!(str_at_path(&m, &["x"]), "top");
        assert_eq!(str_at_path(&m, &["a", "missing", "c"]), "");
        assert_eq!(str_at_path(&m, &[]), "");
        let mut m = json!({"null": null, "str": "s"}).as_object().cloned().unwrap_or_default();
        assert!(ensure_object(&mut m, "null").is_some());
        assert!(ensure_object(&mut m, "str").is_none());
        assert!(ensure_list(&mut m, "new").is_some_and(|l| l.is_empty()));
        assert_eq!(Value::Object(m), json!({"null": {}, "str": "s", "new": []}));
    }
}
