//! Resource requirements, claims and resize policies (`ValidateContainerResourceRequirements`,
//! `validateResourceClaimNames`, `validateResizePolicy`).

use super::*;

pub(super) const STANDARD_RESOURCES: &[&str] = &[
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "storage",
    "requests.storage",
    "services.nodeports",
    "services.loadbalancers",
];

pub(super) const INTEGER_RESOURCES: &[&str] = &[
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "services.nodeports",
    "services.loadbalancers",
];

pub(super) fn is_hugepages(name: &str) -> bool {
    name.starts_with("hugepages-")
}

/// Native resources have no domain or the `kubernetes.io/` one.
pub(super) fn is_native(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

pub(super) fn is_extended(name: &str) -> bool {
    !is_native(name) && !name.starts_with("requests.") && is_qualified_name(&format!("requests.{name}")).is_empty()
}

pub(super) fn overcommit_allowed(name: &str) -> bool {
    is_native(name) && !is_hugepages(name)
}

/// `validateContainerResourceName`.
pub(super) fn resource_name(name: &str, path: &FieldPath, errs: &mut Errs) {
    let qualified = is_qualified_name(name);
    let plain = !name.contains('/');
    if !qualified.is_empty() {
        each_invalid(path, name, qualified, errs);
    } else if plain
        && !STANDARD_RESOURCES.contains(&name)
        && !is_hugepages(name)
        && !name.starts_with("requests.hugepages-")
    {
        errs.push(FieldError::invalid(path, name, "must be a standard resource type or fully qualified"));
    }
    if plain {
        if !["cpu", "memory", "ephemeral-storage"].contains(&name) && !is_hugepages(name) {
            errs.push(FieldError::invalid(path, name, "must be a standard resource for containers"));
        }
    } else if !is_native(name) && !is_extended(name) {
        errs.push(FieldError::invalid(path, name, "doesn't follow extended resource name standard"));
    }
}

/// `ValidateResourceQuantityValue`.
pub(super) fn quantity_value(name: &str, q: &Quantity, path: &FieldPath, errs: &mut Errs) {
    if q.sign() < 0 {
        errs.push(FieldError::invalid(path, &q.canonical(), NEGATIVE_MSG));
    }
    if (INTEGER_RESOURCES.contains(&name) || is_extended(name)) && q.milli_value() % 1000 != 0 {
        errs.push(FieldError::invalid(path, &q.canonical(), "must be an integer"));
    }
}

pub(super) fn validate_resources(res: &Value, path: &FieldPath, errs: &mut Errs) {
    let (lim_path, req_path) = (path.child("limits"), path.child("requests"));
    let empty = Map::new();
    let limits = map_at(res, "limits").unwrap_or(&empty);
    let requests = map_at(res, "requests").unwrap_or(&empty);
    let (mut cpu_or_memory, mut hugepages) = (false, false);
    for (name, v) in limits {
        let p = lim_path.key(name);
        resource_name(name, &p, errs);
        if let Some(q) = quantity(v) {
            quantity_value(name, &q, &p, errs);
        }
        hugepages |= is_hugepages(name);
        cpu_or_memory |= name == "cpu" || name == "memory";
    }
    for (name, v) in requests {
        let p = req_path.key(name);
        resource_name(name, &p, errs);
        let q = quantity(v);
        if let Some(q) = &q {
            quantity_value(name, q, &p, errs);
        }
        match (limits.get(name), q) {
            (Some(lv), Some(q)) => {
                if let Some(l) = quantity(lv) {
                    let ord = q.cmp_value(&l);
                    if ord != Ordering::Equal && !overcommit_allowed(name) {
                        errs.push(FieldError::invalid(
                            &req_path,
                            &q.canonical(),
                            format!("must be equal to {name} limit of {}", l.canonical()),
                        ));
                    } else if ord == Ordering::Greater {
                        errs.push(FieldError::invalid(
                            &req_path,
                            &q.canonical(),
                            format!("must be less than or equal to {name} limit of {}", l.canonical()),
                        ));
                    }
                }
            }
            (None, _) if !overcommit_allowed(name) => {
                errs.push(FieldError::required(&lim_path, "Limit must be set for non overcommitable resources"));
            }
            _ => {}
        }
        hugepages |= is_hugepages(name);
        cpu_or_memory |= name == "cpu" || name == "memory";
    }
    if hugepages && !cpu_or_memory {
        errs.push(FieldError::forbidden(path, "HugePages require cpu or memory"));
    }
    validate_claims(list_at(res, "claims"), &path.child("claims"), errs);
}

/// `validateResourceClaimNames`: the fake pod declares no resource claims, so every named claim
/// is also "not found".
pub(super) fn validate_claims(claims: &[Value], path: &FieldPath, errs: &mut Errs) {
    let mut keys: Vec<String> = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        let cpath = path.index(i);
        let name = str_at(claim, "name");
        if name.is_empty() {
            errs.push(FieldError::required(&cpath, ""));
            continue;
        }
        if keys.iter().any(|k| k == name) {
            errs.push(FieldError::duplicate(&cpath, name));
        } else {
            let request = str_at(claim, "request");
            let mut key = name.to_string();
            if !request.is_empty() {
                each_invalid(&cpath.child("request"), request, is_dns1123_label(request), errs);
                key = format!("{name}/{request}");
            }
            if keys.contains(&key) {
                errs.push(FieldError::duplicate(&cpath, &key));
            } else if request.is_empty() {
                let clashes = keys.iter().filter(|k| k.split_once('/').is_some_and(|(n, _)| n == name)).count();
                errs.extend((0..clashes).map(|_| FieldError::duplicate(&cpath, name)));
            }
            keys.push(key);
        }
        errs.push(FieldError::new(
            &cpath,
            ErrorKind::NotFound,
            Some(quote(name)),
            "must be one of the names in pod.spec.resourceClaims which is empty",
        ));
    }
}

pub(super) fn validate_resize_policy(list: &[Value], path: &FieldPath, errs: &mut Errs) {
    let mut seen: Vec<&str> = Vec::new();
    for (i, p) in list.iter().enumerate() {
        let name = str_at(p, "resourceName");
        if seen.contains(&name) {
            errs.push(FieldError::duplicate(&path.index(i), name));
        }
        seen.push(name);
        match name {
            "cpu" | "memory" => {}
            "" => errs.push(FieldError::required(path, "")),
            n => errs.push(FieldError::not_supported(path, n, &["cpu", "memory"])),
        }
        match str_at(p, "restartPolicy") {
            "NotRequired" | "RestartContainer" => {}
            "" => errs.push(FieldError::required(path, "")),
            r => errs.push(FieldError::not_supported(path, r, &["NotRequired", "RestartContainer"])),
        }
    }
}

/// Go's `%#v` of a `[]core.ContainerResizePolicy`.
pub(super) fn go_resize_policies(list: &[Value]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|p| {
            format!(
                "core.ContainerResizePolicy{{ResourceName:{}, RestartPolicy:{}}}",
                quote(str_at(p, "resourceName")),
                quote(str_at(p, "restartPolicy"))
            )
        })
        .collect();
    format!("[]core.ContainerResizePolicy{{{}}}", items.join(", "))
}

/// Go's `%#v` of a `[]string`.
pub(super) fn go_string_slice(list: &[Value]) -> String {
    let items: Vec<String> = list.iter().map(|v| quote(v.as_str().unwrap_or(""))).collect();
    format!("[]string{{{}}}", items.join(", "))
}
