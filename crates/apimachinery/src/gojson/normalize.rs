//! Go's decode-then-encode round trip on JSON: what `json.Marshal` writes for a value that
//! `json.Unmarshal` read into the given Go type. Fields come out in declaration order,
//! `omitempty` zero values disappear, nil pointers and slices without `omitempty` become
//! `null`, quantities take their canonical spelling, map keys are sorted and unknown fields
//! are dropped. Input that Go would refuse is mapped to the zero value (settings are type
//! checked before this runs, so that only happens for malformed requests).

use serde_json::{Map, Number, Value};

use super::schema::{Struct, Ty};
use crate::quantity::Quantity;

/// A value as Go encodes it, and whether Go considers it empty for `omitempty`.
pub struct Encoded {
    pub value: Value,
    pub empty: bool,
}

/// Round-trip `v` (absent when `None`) through the Go type `ty`.
pub fn normalize(v: Option<&Value>, ty: &Ty) -> Encoded {
    let v = v.filter(|v| !v.is_null());
    match ty {
        Ty::String | Ty::Bytes => {
            let s = v.and_then(Value::as_str).unwrap_or("");
            Encoded { empty: s.is_empty(), value: Value::String(s.to_string()) }
        }
        Ty::Bool => {
            let b = v.and_then(Value::as_bool).unwrap_or(false);
            Encoded { empty: !b, value: Value::Bool(b) }
        }
        Ty::Int32 | Ty::Int64 => {
            let n = v.and_then(Value::as_i64).unwrap_or(0);
            Encoded { empty: n == 0, value: Value::Number(Number::from(n)) }
        }
        // Structs with custom marshalling: never empty for `omitempty`.
        Ty::IntOrString => {
            let value = match v {
                Some(Value::String(s)) => Value::String(s.clone()),
                Some(other) => Value::Number(Number::from(other.as_i64().unwrap_or(0))),
                None => Value::Number(Number::from(0)),
            };
            Encoded { value, empty: false }
        }
        Ty::Quantity => Encoded { value: Value::String(canonical_quantity(v)), empty: false },
        Ty::Time => {
            let value = match v {
                Some(Value::String(s)) if !s.is_empty() => Value::String(s.clone()),
                _ => Value::Null,
            };
            Encoded { value, empty: false }
        }
        Ty::StringMap => sorted_map(v, |item| Value::String(item.and_then(Value::as_str).unwrap_or("").to_string())),
        Ty::QuantityMap => sorted_map(v, |item| Value::String(canonical_quantity(item))),
        Ty::Any => match v {
            Some(v) => Encoded { value: v.clone(), empty: false },
            None => Encoded { value: Value::Null, empty: true },
        },
        Ty::Struct(s) => Encoded { value: Value::Object(normalize_struct(v, s)), empty: false },
        Ty::Ptr(inner) => match v {
            Some(v) => Encoded { value: normalize(Some(v), inner).value, empty: false },
            None => Encoded { value: Value::Null, empty: true },
        },
        Ty::Slice(inner) => match v.and_then(Value::as_array) {
            Some(items) => Encoded {
                empty: items.is_empty(),
                value: Value::Array(items.iter().map(|item| normalize(Some(item), inner).value).collect()),
            },
            None => Encoded { value: Value::Null, empty: true },
        },
    }
}

/// Round-trip an object through a struct table.
pub fn normalize_struct(v: Option<&Value>, s: &'static Struct) -> Map<String, Value> {
    let input = v.and_then(Value::as_object);
    normalize_struct_by(|name| input.and_then(|m| member(m, name)), s)
}

/// `normalize_struct` of the object whose members `get` returns, so that an object with a
/// few members replaced is normalised without first being copied and patched.
pub fn normalize_struct_by<'v>(get: impl Fn(&str) -> Option<&'v Value>, s: &'static Struct) -> Map<String, Value> {
    let mut out = Vec::new();
    for field in s.fields() {
        let encoded = normalize(get(field.name), &field.ty);
        if !(field.omitempty && encoded.empty) {
            out.push((field.name.to_string(), encoded.value));
        }
    }
    // Collected first so that the map is allocated once at its final size.
    out.into_iter().collect()
}

/// `m.get(name)`, by a linear scan when `m` is small: every field of a struct table (up to
/// about forty) is looked up, and SipHashing each name cost more than comparing it with
/// the few keys the object has.
pub fn member<'v>(m: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    if m.len() <= 16 { m.iter().find(|(k, _)| k.as_str() == name).map(|(_, v)| v) } else { m.get(name) }
}

fn sorted_map(v: Option<&Value>, convert: impl Fn(Option<&Value>) -> Value) -> Encoded {
    match v.and_then(Value::as_object) {
        Some(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                out.insert(k.clone(), convert(map.get(k.as_str())));
            }
            Encoded { empty: out.is_empty(), value: Value::Object(out) }
        }
        None => Encoded { value: Value::Null, empty: true },
    }
}

/// The canonical spelling of a quantity value; unparsable input keeps its text (it was
/// rejected by settings validation, and the API server rejects it in a pod).
fn canonical_quantity(v: Option<&Value>) -> String {
    let text = match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return "0".to_string(),
    };
    match Quantity::parse(&text) {
        Ok(q) => q.canonical(),
        Err(_) => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gojson::core_v1::CONTAINER;
    use crate::gojson::write::to_string;
    use serde_json::json;

    fn go_json(v: Value, s: &'static Struct) -> String {
        to_string(&Value::Object(normalize_struct(Some(&v), s)))
    }

    #[test]
    fn go_field_order_omitempty_and_pointers() {
        let c = json!({
            "tty": false, "stdin": true, "image": "", "name": "a",
            "env": [], "args": null, "unknown": 1,
            "securityContext": {"privileged": false},
            "readinessProbe": {"grpc": {"port": 9}},
            "resources": {"limits": {"memory": "1024Mi", "cpu": "1000m"}, "requests": {}},
            "env_from_typo": 1,
            "volumeMounts": [{"mountPath": "/a", "name": "v", "readOnly": false}],
        });
        assert_eq!(
            go_json(c, &CONTAINER),
            concat!(
                r#"{"name":"a","resources":{"limits":{"cpu":"1","memory":"1Gi"}},"#,
                r#""volumeMounts":[{"name":"v","mountPath":"/a"}],"#,
                r#""readinessProbe":{"grpc":{"port":9,"service":null}},"#,
                r#""securityContext":{"privileged":false},"stdin":true}"#
            )
        );
    }

    #[test]
    fn int_or_string_and_nil_slices() {
        let c = json!({"name": "a", "livenessProbe": {"httpGet": {"port": "http"}, "exec": {"command": null}}});
        assert_eq!(
            go_json(c, &CONTAINER),
            r#"{"name":"a","resources":{},"livenessProbe":{"exec":{},"httpGet":{"port":"http"}}}"#
        );
        let d =
            json!({"name": "a", "env": [{"name": "X", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu"}}}]});
        assert_eq!(
            go_json(d, &CONTAINER),
            r#"{"name":"a","env":[{"name":"X","valueFrom":{"resourceFieldRef":{"resource":"limits.cpu","divisor":"0"}}}],"resources":{}}"#
        );
    }
}
