//! The labels of the pod's Namespace, for `namespaceSelector`s (Kruise's `IsSelectorNamespace`
//! GETs the Namespace). A selector on `kubernetes.io/metadata.name` alone needs no read: the
//! API server gives every Namespace that label, set to its name. Any other selector reads the
//! Namespace through the host, at most once per request, and only when a SidecarSet would
//! otherwise select the pod.

use std::cell::OnceCell;

use apimachinery::json::list;
use apimachinery::selector::selector_matches;
use serde_json::{Map, Value};

use crate::host::Host;
use crate::kruise::sidecarset::METADATA_NAME_LABEL;

pub struct NamespaceLabels<'h> {
    host: &'h dyn Host,
    name: String,
    read: OnceCell<Result<Map<String, Value>, String>>,
}

impl<'h> NamespaceLabels<'h> {
    pub fn new(host: &'h dyn Host, name: &str) -> Self {
        NamespaceLabels { host, name: name.to_string(), read: OnceCell::new() }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The labels as the API server would report them; the error is the host's message.
    pub fn labels(&self, selector: &Value) -> Result<Map<String, Value>, String> {
        if only_metadata_name(selector) {
            let mut labels = Map::new();
            labels.insert(METADATA_NAME_LABEL.to_string(), Value::from(self.name.as_str()));
            return Ok(labels);
        }
        self.read
            .get_or_init(|| {
                let read = self.host.namespace(&self.name);
                match &read {
                    Ok(_) => self
                        .host
                        .debug("read the pod's Namespace for a namespaceSelector", &[("namespace", &self.name)]),
                    Err(e) => self.host.debug(
                        "cannot read the pod's Namespace for a namespaceSelector",
                        &[("namespace", &self.name), ("error", &e.0)],
                    ),
                }
                read.map(|ns| {
                    ns.metadata.labels.unwrap_or_default().into_iter().map(|(k, v)| (k, Value::String(v))).collect()
                })
                .map_err(|e| e.0)
            })
            .clone()
    }

    /// The labels if they are known without a read (a selector on the name label alone, or a
    /// read already made): explanations never cause a read.
    pub fn known_labels(&self, selector: &Value) -> Option<Map<String, Value>> {
        if only_metadata_name(selector) {
            return self.labels(selector).ok();
        }
        self.read.get().and_then(|r| r.as_ref().ok()).cloned()
    }

    /// Whether the selector selects the Namespace, if that is known without a read.
    pub fn known_match(&self, selector: &Value) -> Option<bool> {
        if only_metadata_name(selector) {
            return self.labels(selector).ok().map(|l| selector_matches(selector, Some(&l)).unwrap_or(false));
        }
        let labels = self.read.get()?.as_ref().ok()?;
        Some(selector_matches(selector, Some(labels)).unwrap_or(false))
    }

    /// A pod guard or matching that never needed the read can tell (tests).
    pub fn was_read(&self) -> bool {
        self.read.get().is_some()
    }
}

/// Whether every term of the selector is on `kubernetes.io/metadata.name`.
fn only_metadata_name(selector: &Value) -> bool {
    let label_keys = selector.get("matchLabels").and_then(Value::as_object).into_iter().flat_map(|m| m.keys());
    let expression_keys = list(selector.get("matchExpressions")).iter().map(|e| e.get("key").and_then(Value::as_str));
    label_keys.into_iter().all(|k| k == METADATA_NAME_LABEL)
        && expression_keys.into_iter().all(|k| k == Some(METADATA_NAME_LABEL))
}
