//! The SidecarSetResourceBindings that can authorize a cross-namespace reference: those of the
//! settings (a cluster admin's), and, when the policy reads the cluster, the binding objects
//! of the namespace a reference names. Each namespace's bindings are listed at most once per
//! request, and only when a reference into it needs a grant.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use serde_json::Value;

use super::binding::BindingRef;
use super::references::cross_namespace_refs;
use crate::host::{Host, HostError};
use apimachinery::names::is_dns1123_label;

type Listed = Rc<Result<Vec<Value>, HostError>>;

pub struct Grants<'a> {
    settings: &'a [BindingRef<'a>],
    /// The host to list binding objects through; `None`: only the settings grant.
    cluster: Option<&'a dyn Host>,
    listed: RefCell<Vec<(String, Listed)>>,
}

impl fmt::Debug for Grants<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let listed: Vec<String> = self.listed.borrow().iter().map(|(ns, _)| ns.clone()).collect();
        f.debug_struct("Grants")
            .field("settings", &self.settings.len())
            .field("cluster", &self.cluster.is_some())
            .field("listed", &listed)
            .finish()
    }
}

/// A namespace whose bindings could not be listed, with the host's error.
pub type Unreadable = (String, HostError);

impl<'a> Grants<'a> {
    pub fn new(settings: &'a [BindingRef<'a>], cluster: Option<&'a dyn Host>) -> Self {
        Grants { settings, cluster, listed: RefCell::new(Vec::new()) }
    }

    fn listed(&self, namespace: &str) -> Option<Listed> {
        let host = self.cluster?;
        if let Some((_, found)) = self.listed.borrow().iter().find(|(ns, _)| ns == namespace) {
            return Some(found.clone());
        }
        let found = Rc::new(host.resource_bindings(namespace));
        self.listed.borrow_mut().push((namespace.to_string(), found.clone()));
        Some(found)
    }

    /// Call `f` with every binding that can grant a reference into `namespaces` (the settings'
    /// first, then the cluster's of those namespaces) and the namespaces that could not be read.
    pub fn with_bindings<R>(&self, namespaces: &[String], f: impl FnOnce(&[BindingRef<'_>], &[Unreadable]) -> R) -> R {
        let listed: Vec<(&String, Listed)> =
            namespaces.iter().filter_map(|ns| self.listed(ns).map(|found| (ns, found))).collect();
        let mut bindings: Vec<BindingRef<'_>> = self.settings.to_vec();
        let mut unreadable = Vec::new();
        for (ns, found) in &listed {
            match found.as_ref() {
                Ok(objects) => {
                    bindings.extend(objects.iter().enumerate().map(|(i, v)| BindingRef::from_cluster(i, v)));
                }
                Err(e) => unreadable.push(((*ns).clone(), e.clone())),
            }
        }
        f(&bindings, &unreadable)
    }
}

/// The namespaces the cross-namespace references of `volumes` name, each once.
pub fn referenced_namespaces<'v>(volumes: impl IntoIterator<Item = &'v Value>) -> Vec<String> {
    let mut namespaces: Vec<String> = Vec::new();
    for volume in volumes {
        for r in cross_namespace_refs(volume) {
            // A malformed namespace cannot hold a grant; it is not worth a host call.
            if let Some((ns, _)) = r.split()
                && is_dns1123_label(ns).is_empty()
                && !namespaces.iter().any(|n| n == ns)
            {
                namespaces.push(ns.to_string());
            }
        }
    }
    namespaces
}
