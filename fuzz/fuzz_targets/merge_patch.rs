//! `merge_patch` (evanphx/json-patch's MergePatch, byte for byte) on arbitrary documents and
//! patches, given as `doc NUL patch`. Beyond not trapping: a success is valid JSON, and
//! whenever both inputs are plain JSON (serde_json reads them), the result means what the
//! library's merge model says (RFC 7386 on objects, nulls pruned from the inserted values, a
//! non-object side returning the pruned patch, a scalar or null patch refused), and merging
//! the same patch again changes nothing.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use sidecarset_policy::kruise::inject::merge_patch::{MergePatchError, merge_patch};

fuzz_target!(|data: &[u8]| {
    // `doc NUL patch`: JSON text never holds a raw NUL, so the split is unambiguous and seeds
    // are plain text.
    let (doc, patch) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b"{}"[..]),
    };
    let (Ok(doc), Ok(patch)) = (std::str::from_utf8(doc), std::str::from_utf8(patch)) else { return };
    let result = merge_patch(doc, patch);
    let (Ok(d), Ok(p)) = (serde_json::from_str::<Value>(doc), serde_json::from_str::<Value>(patch)) else {
        // Inputs serde_json refuses (lone surrogates, nesting beyond 128, ...) may still be
        // valid for Go; only the absence of a trap is checked for them.
        return;
    };
    let expected = model(d, p);
    match (&result, &expected) {
        (Ok(out), Ok(want)) => {
            let got: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("output {out:?} is not JSON: {e}"));
            assert_eq!(&got, want, "doc {doc:?} patch {patch:?} -> {out:?}");
            let again = merge_patch(out, patch).map(|s| serde_json::from_str::<Value>(&s).ok());
            if want.is_object() {
                assert_eq!(again, Ok(Some(got)), "merging the same patch twice is not idempotent");
            }
        }
        (Err(e), Err(w)) => assert_eq!(e, w, "doc {doc:?} patch {patch:?}"),
        _ => panic!("doc {doc:?} patch {patch:?}: got {result:?}, model says {expected:?}"),
    }
});

/// The library's semantics on decoded values.
fn model(doc: Value, patch: Value) -> Result<Value, MergePatchError> {
    if doc.is_null() {
        return Err(MergePatchError::BadDoc);
    }
    match (doc, patch) {
        (_, Value::Null) => Err(MergePatchError::BadPatch),
        (Value::Object(mut d), Value::Object(p)) => {
            merge_objects(&mut d, p);
            Ok(Value::Object(d))
        }
        (_, p @ (Value::Object(_) | Value::Array(_))) => Ok(prune(p)),
        _ => Err(MergePatchError::BadPatch),
    }
}

fn merge_objects(doc: &mut Map<String, Value>, patch: Map<String, Value>) {
    for (key, value) in patch {
        if value.is_null() {
            doc.shift_remove(&key);
            continue;
        }
        match doc.get_mut(&key) {
            Some(Value::Object(current)) => match value {
                Value::Object(p) => merge_objects(current, p),
                // A non-object replaces an object as it is, nulls included.
                other => {
                    doc.insert(key, other);
                }
            },
            _ => {
                doc.insert(key, prune(value));
            }
        }
    }
}

/// Null members of every object at any depth (inside arrays too) are dropped; null array
/// elements stay.
fn prune(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, prune(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(prune).collect()),
        other => other,
    }
}
