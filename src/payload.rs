//! The `validate` payload, `{"request": AdmissionRequest, "settings": ...}`, read in one pass.
//!
//! The request becomes a `Value` (the pod must stay lossless); of the settings, everything but
//! `sidecarSets` becomes a `Value` map, and each SidecarSet stays borrowed text with a small
//! peek ([`LazySidecarSet`]) until a pod needs it. `validate_settings` still reads the
//! settings completely, once, when the policy is loaded.

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

use crate::kruise::lazy_sidecarset::{Key, ObjectOrNot, ReadMap, SidecarSetText};

/// The payload policy-server sends to `validate`. Other keys are skipped (without building
/// anything); a missing `request` is `null`, and so is the request of a payload that is not an
/// object, so that both are refused with the same message.
#[derive(Debug, Default)]
pub struct Payload<'t> {
    pub request: Value,
    pub settings: SettingsText<'t>,
}

impl<'de: 't, 't> Deserialize<'de> for Payload<'t> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ObjectOrNot(ReadPayload))
    }
}

struct ReadPayload;

impl<'de> ReadMap<'de> for ReadPayload {
    type Value = Payload<'de>;

    fn read<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // A repeated key's last value counts, as in serde_json's own maps.
        let mut payload = Payload::default();
        while let Some(Key(key)) = map.next_key()? {
            match key.as_ref() {
                "request" => payload.request = map.next_value()?,
                "settings" => payload.settings = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(payload)
    }

    fn not_an_object(self) -> Self::Value {
        Payload::default()
    }
}

/// The settings as they arrive with a request.
#[derive(Debug, Default)]
pub enum SettingsText<'t> {
    /// Absent or `null`: no settings.
    #[default]
    None,
    Object {
        /// `sidecarSets`; `None` when absent or `null`.
        sidecar_sets: Option<SidecarSetsText<'t>>,
        /// Every other key, in document order.
        rest: Map<String, Value>,
    },
    /// Any other JSON value.
    NotAnObject,
}

/// The value of `sidecarSets`.
#[derive(Debug)]
pub enum SidecarSetsText<'t> {
    List(Vec<SidecarSetText<'t>>),
    NotAList,
}

impl<'de: 't, 't> Deserialize<'de> for SettingsText<'t> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ObjectOrNot(ReadSettings))
    }
}

struct ReadSettings;

impl<'de> ReadMap<'de> for ReadSettings {
    type Value = SettingsText<'de>;

    fn read<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut sidecar_sets, mut rest) = (None, Map::new());
        while let Some(Key(key)) = map.next_key()? {
            if key == "sidecarSets" {
                // A repeated key's last value counts, as in serde_json's own maps.
                sidecar_sets = map.next_value::<Option<SidecarSetsText<'de>>>()?;
            } else {
                rest.insert(key.into_owned(), map.next_value()?);
            }
        }
        Ok(SettingsText::Object { sidecar_sets, rest })
    }

    fn not_an_object(self) -> Self::Value {
        SettingsText::NotAnObject
    }

    fn null(self) -> Self::Value {
        SettingsText::None
    }
}

impl<'de> Deserialize<'de> for SidecarSetsText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = SidecarSetsText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(SidecarSetsText::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                ObjectOrNot(NotAList).visit_map(map)
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(SidecarSetsText::NotAList)
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(SidecarSetsText::NotAList)
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(SidecarSetsText::NotAList)
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(SidecarSetsText::NotAList)
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(SidecarSetsText::NotAList)
            }
        }
        deserializer.deserialize_any(ListVisitor)
    }
}

/// Skips an object where a list belongs.
struct NotAList;

impl<'de> ReadMap<'de> for NotAList {
    type Value = SidecarSetsText<'de>;

    fn read<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(SidecarSetsText::NotAList)
    }

    fn not_an_object(self) -> Self::Value {
        SidecarSetsText::NotAList
    }
}

#[cfg(test)]
mod tests;
