//! Field masks of the `kubernetes/*` host calls (SDK 0.16+): dotted paths such as
//! `metadata.name` or `spec.containers.image` that say which fields of an object the policy
//! wants; everything else is pruned, as policy-evaluator's `field_mask` module does.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

/// A tree of dotted field paths; an empty node keeps everything below it.
#[derive(Default)]
pub struct FieldMask(BTreeMap<String, FieldMask>);

impl FieldMask {
    pub fn new(paths: &BTreeSet<String>) -> Self {
        let mut root = FieldMask::default();
        for path in paths {
            let mut node = &mut root;
            for part in path.split('.') {
                node = node.0.entry(part.to_owned()).or_default();
            }
        }
        root
    }

    pub fn prune(&self, value: &mut Value) {
        if self.0.is_empty() {
            return;
        }
        match value {
            Value::Object(map) => map.retain(|key, child| match self.0.get(key) {
                Some(node) => {
                    node.prune(child);
                    true
                }
                None => false,
            }),
            // Arrays are transparent: the same mask applies to every item.
            Value::Array(items) => items.iter_mut().for_each(|i| self.prune(i)),
            _ => {}
        }
    }
}

/// Field masks apply to the object's data only: `apiVersion`, `kind` and `metadata` are kept
/// whole (they are not part of kube's `DynamicObject::data`).
pub fn prune_data(object: &mut Value, mask: &FieldMask) {
    let Some(map) = object.as_object_mut() else {
        return;
    };
    let mut data = Map::new();
    let keys: Vec<String> =
        map.keys().filter(|k| !matches!(k.as_str(), "apiVersion" | "kind" | "metadata")).cloned().collect();
    for key in keys {
        if let Some(v) = map.remove(&key) {
            data.insert(key, v);
        }
    }
    let mut data = Value::Object(data);
    mask.prune(&mut data);
    if let Value::Object(data) = data {
        map.extend(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arrays_are_transparent() {
        let mask = FieldMask::new(&["spec.containers.image".to_owned()].into());
        let mut object = json!({"kind": "Pod", "metadata": {"name": "p"}, "status": {},
            "spec": {"containers": [{"name": "a", "image": "x"}, {"image": "y"}], "nodeName": "n"}});
        prune_data(&mut object, &mask);
        assert_eq!(
            object,
            json!({"kind": "Pod", "metadata": {"name": "p"},
            "spec": {"containers": [{"image": "x"}, {"image": "y"}]}})
        );
    }
}
