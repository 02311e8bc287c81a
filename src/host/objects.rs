//! A [`Host`] over objects in memory: the cluster of the ported Kruise tests and of callers
//! that have the objects at hand. Missing objects are answered with policy-evaluator's text.

use super::types::{ControllerRevision, Namespace};

use super::{Host, HostError};

#[derive(Clone, Debug, Default)]
pub struct ObjectsHost {
    pub namespaces: Vec<Namespace>,
    pub revisions: Vec<ControllerRevision>,
    /// SidecarSet objects (JSON).
    pub sidecar_sets: Vec<serde_json::Value>,
    /// SidecarSetResourceBinding objects (JSON).
    pub bindings: Vec<serde_json::Value>,
    /// Every draw of `random_fraction`.
    pub draw: f64,
}

impl ObjectsHost {
    /// From Namespace and ControllerRevision objects as JSON (test fixtures).
    pub fn from_values(
        namespaces: &[serde_json::Value],
        revisions: &[serde_json::Value],
        draw: f64,
    ) -> Result<Self, String> {
        let parse = |v: &serde_json::Value| v.clone();
        Ok(ObjectsHost {
            namespaces: namespaces
                .iter()
                .map(|v| serde_json::from_value(parse(v)).map_err(|e| format!("Namespace {v}: {e}")))
                .collect::<Result<_, _>>()?,
            revisions: revisions
                .iter()
                .map(|v| serde_json::from_value(parse(v)).map_err(|e| format!("ControllerRevision {v}: {e}")))
                .collect::<Result<_, _>>()?,
            draw,
            ..ObjectsHost::default()
        })
    }
}

impl Host for ObjectsHost {
    fn namespace(&self, name: &str) -> Result<Namespace, HostError> {
        self.namespaces
            .iter()
            .find(|n| n.metadata.name.as_deref() == Some(name))
            .cloned()
            .ok_or_else(|| HostError(format!("Cannot find v1/Namespace named '{name}' inside of namespace 'None'")))
    }

    fn controller_revision(&self, namespace: &str, name: &str) -> Result<ControllerRevision, HostError> {
        self.revisions
            .iter()
            .find(|r| r.metadata.name.as_deref() == Some(name) && r.metadata.namespace.as_deref() == Some(namespace))
            .cloned()
            .ok_or_else(|| {
                HostError(format!(
                    "Cannot find apps/v1/ControllerRevision named '{name}' inside of namespace 'Some(\"{namespace}\")'"
                ))
            })
    }

    fn controller_revisions(
        &self,
        namespace: &str,
        label_selector: &str,
    ) -> Result<Vec<ControllerRevision>, HostError> {
        let wanted: Vec<(&str, &str)> = label_selector.split(',').filter_map(|term| term.split_once('=')).collect();
        Ok(self
            .revisions
            .iter()
            .filter(|r| r.metadata.namespace.as_deref() == Some(namespace))
            .filter(|r| {
                let labels = r.metadata.labels.as_ref();
                wanted.iter().all(|(k, v)| labels.and_then(|l| l.get(*k)).map(String::as_str) == Some(*v))
            })
            .cloned()
            .collect())
    }

    fn sidecar_sets(&self) -> Result<Vec<serde_json::Value>, HostError> {
        Ok(self.sidecar_sets.clone())
    }

    fn resource_bindings(&self, namespace: &str) -> Result<Vec<serde_json::Value>, HostError> {
        let in_namespace = |b: &&serde_json::Value| {
            b.get("metadata").and_then(|m| m.get("namespace")).and_then(serde_json::Value::as_str) == Some(namespace)
        };
        Ok(self.bindings.iter().filter(in_namespace).cloned().collect())
    }

    fn random_fraction(&self) -> f64 {
        self.draw
    }

    fn debug(&self, _message: &str, _fields: &[(&'static str, &str)]) {}
}
