//! A SidecarSet kept as its JSON text until a request needs it.
//!
//! policy-server sends the settings with every request, and settings can hold a thousand
//! SidecarSets of which a pod matches a few. Building a `serde_json::Value` tree of every one
//! (and dropping it again) was nearly all of such a request's cost. A `LazySidecarSet` is read
//! in the same pass that reads the payload: its fields stay borrowed JSON text
//! (`serde_json::value::RawValue`, no allocation), and only the little that matching reads is
//! parsed at once (the *peek*: `apiVersion`, `kind`, `metadata`, `status` and the spec fields
//! of [`PEEKED_SPEC_FIELDS`]). The whole object is parsed the first time something asks for it
//! ([`LazySidecarSet::object`]), which is only for SidecarSets that select the pod.
//!
//! The object it yields is the one `serde_json` would have built from the same text: fields in
//! document order, a repeated key's last value in its first position.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// The spec fields matching reads (`SidecarSetRef::selector`, `namespace_scope`, `paused`),
/// parsed with the peek. Everything else of the spec is read only when the set is prepared.
pub const PEEKED_SPEC_FIELDS: [&str; 4] = ["selector", "namespace", "namespaceSelector", "injectionStrategy"];

/// The top-level fields parsed with the peek (all but `spec`, which is read field by field).
const PEEKED_FIELDS: [&str; 4] = ["apiVersion", "kind", "metadata", "status"];

/// One SidecarSet object of the payload, read lazily.
pub struct LazySidecarSet<'t> {
    fields: Vec<(Cow<'t, str>, Field<'t>)>,
    peek: Map<String, Value>,
    /// A peek field that does not parse on its own (nested too deeply).
    peek_error: Option<String>,
    full: OnceCell<Result<Map<String, Value>, String>>,
}

enum Field<'t> {
    Raw(&'t RawValue),
    /// `spec` as an object: its fields as text.
    Spec(Vec<(Cow<'t, str>, &'t RawValue)>),
    /// `spec` as anything else (an error for validation to name).
    OtherSpec(Value),
}

impl fmt::Debug for LazySidecarSet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LazySidecarSet").field("peek", &self.peek).finish_non_exhaustive()
    }
}

impl<'t> LazySidecarSet<'t> {
    /// What matching reads: `apiVersion`, `kind`, `metadata`, `status`, and `spec` with only
    /// the [`PEEKED_SPEC_FIELDS`]; or why one of them could not be read.
    pub fn peek(&self) -> Result<&Map<String, Value>, &str> {
        match &self.peek_error {
            Some(e) => Err(e),
            None => Ok(&self.peek),
        }
    }

    /// The whole object, parsed the first time it is asked for. The text is valid JSON (the
    /// payload was read), so the only failure is nesting deeper than serde_json's limit.
    pub fn object(&self) -> Result<&Map<String, Value>, &str> {
        self.full.get_or_init(|| self.parse_all()).as_ref().map_err(String::as_str)
    }

    fn parse_all(&self) -> Result<Map<String, Value>, String> {
        let mut object = Map::with_capacity(self.fields.len());
        for (key, field) in &self.fields {
            let value = match field {
                Field::Raw(raw) => parse(raw)?,
                Field::Spec(fields) => {
                    let mut spec = Map::with_capacity(fields.len());
                    for (k, raw) in fields {
                        spec.insert(k.to_string(), parse(raw)?);
                    }
                    Value::Object(spec)
                }
                Field::OtherSpec(v) => v.clone(),
            };
            object.insert(key.to_string(), value);
        }
        Ok(object)
    }

    fn from_fields(fields: Vec<(Cow<'t, str>, Field<'t>)>) -> Self {
        let mut peek = Map::new();
        let mut peek_error = None;
        for (key, field) in &fields {
            let value = match field {
                Field::Raw(raw) if PEEKED_FIELDS.contains(&key.as_ref()) => parse(raw),
                Field::Raw(_) => continue,
                Field::Spec(spec_fields) => {
                    let mut spec = Map::new();
                    for (k, raw) in spec_fields.iter().filter(|(k, _)| PEEKED_SPEC_FIELDS.contains(&k.as_ref())) {
                        match parse(raw) {
                            Ok(v) => {
                                spec.insert(k.to_string(), v);
                            }
                            Err(e) => peek_error = Some(e),
                        }
                    }
                    Ok(Value::Object(spec))
                }
                Field::OtherSpec(v) => Ok(v.clone()),
            };
            match value {
                Ok(v) => {
                    peek.insert(key.to_string(), v);
                }
                Err(e) => peek_error = Some(e),
            }
        }
        LazySidecarSet { fields, peek, peek_error, full: OnceCell::new() }
    }
}

fn parse(raw: &RawValue) -> Result<Value, String> {
    serde_json::from_str(raw.get()).map_err(|e| e.to_string())
}

/// An element of a list that should hold SidecarSet objects.
#[derive(Debug)]
pub enum SidecarSetText<'t> {
    Object(LazySidecarSet<'t>),
    /// Not a JSON object.
    NotAnObject,
}

impl<'de> Deserialize<'de> for SidecarSetText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ObjectOrNot(ReadSidecarSet))
    }
}

struct ReadSidecarSet;

impl<'de> ReadMap<'de> for ReadSidecarSet {
    type Value = SidecarSetText<'de>;

    fn read<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Vec::with_capacity(5);
        while let Some(Key(key)) = map.next_key()? {
            let field = if key == "spec" {
                match map.next_value::<SpecText<'de>>()? {
                    SpecText::Object(spec) => Field::Spec(spec),
                    SpecText::Other(v) => Field::OtherSpec(v),
                }
            } else {
                Field::Raw(map.next_value()?)
            };
            fields.push((key, field));
        }
        Ok(SidecarSetText::Object(LazySidecarSet::from_fields(fields)))
    }

    fn not_an_object(self) -> Self::Value {
        SidecarSetText::NotAnObject
    }
}

/// A map key, borrowed from the payload unless it has escapes.
pub struct Key<'t>(pub Cow<'t, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// `spec`: its fields as text when it is an object, else the value itself.
enum SpecText<'t> {
    Object(Vec<(Cow<'t, str>, &'t RawValue)>),
    Other(Value),
}

impl<'de> Deserialize<'de> for SpecText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SpecVisitor;
        impl<'de> Visitor<'de> for SpecVisitor {
            type Value = SpecText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(Key(key)) = map.next_key()? {
                    fields.push((key, map.next_value()?));
                }
                Ok(SpecText::Object(fields))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(SpecText::Other)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(SpecText::Other(Value::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(SpecText::Other(Value::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(SpecText::Other(Value::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(SpecText::Other(Value::from(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(SpecText::Other(Value::String(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(SpecText::Other(Value::Null))
            }
        }
        deserializer.deserialize_any(SpecVisitor)
    }
}

/// How a caller reads a JSON object whose place could hold anything.
pub trait ReadMap<'de> {
    type Value;
    fn read<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error>;
    /// The answer for any other JSON value (which is skipped).
    fn not_an_object(self) -> Self::Value;
    /// The answer for `null`.
    fn null(self) -> Self::Value
    where
        Self: Sized,
    {
        self.not_an_object()
    }
}

/// A visitor that reads an object with `R` and skips any other value.
pub struct ObjectOrNot<R>(pub R);

impl<'de, R: ReadMap<'de>> Visitor<'de> for ObjectOrNot<R> {
    type Value = R::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.read(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self.0.not_an_object())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(self.0.not_an_object())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(self.0.not_an_object())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(self.0.not_an_object())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(self.0.not_an_object())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(self.0.not_an_object())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.0.null())
    }
}

#[cfg(test)]
mod tests;
