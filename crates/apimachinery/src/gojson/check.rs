//! Type checking of JSON against the Go type tables: reports, with the field path, every value
//! Go's decoder would refuse (a string where a number belongs, an `int32` out of range, an
//! unparsable quantity) and every field the type does not have. Kruise's decoder drops unknown
//! fields silently; settings are checked strictly so that a typo such as `imagePulPolicy`
//! does not turn into a sidecar that silently lacks the setting.

use serde_json::Value;

use super::schema::{Struct, Ty};
use crate::field_error::{FieldError, FieldPath};
use crate::quantity::Quantity;
use crate::strings::did_you_mean;

/// Check `v` against `ty`, appending one error per problem.
pub fn check(v: &Value, ty: &Ty, path: &FieldPath, errs: &mut Vec<FieldError>) {
    if v.is_null() {
        // Go leaves the zero value (or a nil pointer, slice or map) for `null`.
        return;
    }
    match ty {
        Ty::String | Ty::Time | Ty::Bytes => expect_string(v, path, errs),
        Ty::Bool => {
            if !v.is_boolean() {
                errs.push(FieldError::type_mismatch(path, "a boolean", v));
            }
        }
        Ty::Int32 => check_int(v, i32::MIN.into(), i32::MAX.into(), "an int32 integer", path, errs),
        Ty::Int64 => check_int(v, i64::MIN, i64::MAX, "an int64 integer", path, errs),
        Ty::IntOrString => {
            if !v.is_string() {
                check_int(v, i32::MIN.into(), i32::MAX.into(), "an int32 integer or a string", path, errs);
            }
        }
        Ty::Quantity => check_quantity(v, path, errs),
        Ty::StringMap => match v.as_object() {
            Some(map) => {
                for (k, item) in map {
                    if !item.is_null() {
                        expect_string(item, &path.key(k), errs);
                    }
                }
            }
            None => errs.push(FieldError::type_mismatch(path, "an object of strings", v)),
        },
        Ty::QuantityMap => match v.as_object() {
            Some(map) => {
                for (k, item) in map {
                    if !item.is_null() {
                        check_quantity(item, &path.key(k), errs);
                    }
                }
            }
            None => errs.push(FieldError::type_mismatch(path, "an object of quantities", v)),
        },
        Ty::Any => {}
        Ty::Struct(s) => check_struct(v, s, path, errs),
        Ty::Ptr(inner) => check(v, inner, path, errs),
        Ty::Slice(inner) => match v.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    check(item, inner, &path.index(i), errs);
                }
            }
            None => errs.push(FieldError::type_mismatch(path, "a list", v)),
        },
    }
}

/// Check an object against a struct table; unknown fields are reported on the object's path.
pub fn check_struct(v: &Value, s: &'static Struct, path: &FieldPath, errs: &mut Vec<FieldError>) {
    match v.as_object() {
        Some(map) => check_fields(map, s, path, errs),
        None => errs.push(FieldError::type_mismatch(path, "an object", v)),
    }
}

/// `check_struct` on an object's members.
pub fn check_fields(
    map: &serde_json::Map<String, Value>,
    s: &'static Struct,
    path: &FieldPath,
    errs: &mut Vec<FieldError>,
) {
    for (k, item) in map {
        match s.field(k) {
            Some(field) => check(item, &field.ty, &path.child(k), errs),
            None => {
                let suggestion = did_you_mean(k, s.fields().map(|f| f.name));
                errs.push(FieldError::unknown_field(path, k, format!("{} has no such field{suggestion}", s.name)));
            }
        }
    }
}

fn expect_string(v: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    if !v.is_string() {
        errs.push(FieldError::type_mismatch(path, "a string", v));
    }
}

fn check_int(v: &Value, min: i64, max: i64, what: &str, path: &FieldPath, errs: &mut Vec<FieldError>) {
    match v.as_i64() {
        Some(n) if n >= min && n <= max => {}
        _ => errs.push(FieldError::type_mismatch(path, what, v)),
    }
}

fn check_quantity(v: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => {
            errs.push(FieldError::type_mismatch(path, "a quantity string", v));
            return;
        }
    };
    if let Err(e) = Quantity::parse(&text) {
        errs.push(FieldError::invalid(path, &text, e.to_string()));
    }
}
