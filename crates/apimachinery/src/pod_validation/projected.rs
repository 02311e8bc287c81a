//! Projected volumes, cluster trust bundles, and generic ephemeral volumes with their
//! claim template (`validateProjectedVolumeSource`, `validateEphemeralVolumeSource`).

use super::*;

pub(super) fn check_projected(src: &Value, path: &FieldPath, errs: &mut Errs) {
    file_mode(src, "defaultMode", path, errs);
    let mut all_paths: Vec<String> = Vec::new();
    // Records a projected file path; a clash is reported on the projected volume itself with the
    // value Go happens to pass (the secret/configMap name, or the path).
    let mut claim = |p: &str, shown: &str, errs: &mut Errs| {
        if all_paths.iter().any(|x| x == p) {
            errs.push(FieldError::invalid(path, shown, "conflicting duplicate paths"));
        } else {
            all_paths.push(p.to_string());
        }
    };
    for (i, source) in list_at(src, "sources").iter().enumerate() {
        let mut n = 0;
        let src_path = path.child("sources").index(i);
        for kind in ["secret", "configMap"] {
            let Some(s) = get(source, kind) else { continue };
            n += 1;
            let pp = src_path.child(kind);
            required_strs(s, &["name"], &pp, errs);
            let name = str_at(s, "name");
            for (j, kp) in list_at(s, "items").iter().enumerate() {
                key_to_path(kp, &pp.child("items").index(j), errs);
                let p = str_at(kp, "path");
                if !p.is_empty() {
                    claim(p, name, errs);
                }
            }
        }
        if let Some(d) = get(source, "downwardAPI") {
            n += 1;
            let pp = src_path.child("downwardAPI");
            for item in list_at(d, "items") {
                downward_api_file(item, &pp, errs);
                let p = str_at(item, "path");
                if !p.is_empty() {
                    claim(p, p, errs);
                }
            }
        }
        if let Some(t) = get(source, "serviceAccountToken") {
            n += 1;
            let pp = src_path.child("serviceAccountToken");
            let exp = int_at(t, "expirationSeconds");
            if exp < 600 {
                errs.push(invalid_int(
                    &pp.child("expirationSeconds"),
                    exp,
                    "may not specify a duration less than 10 minutes",
                ));
            }
            if exp > 1 << 32 {
                errs.push(invalid_int(
                    &pp.child("expirationSeconds"),
                    exp,
                    "may not specify a duration larger than 2^32 seconds",
                ));
            }
            // Go reports the token path at `projected.path`.
            let p = str_at(t, "path");
            if p.is_empty() {
                errs.push(FieldError::required(&path.child("path"), ""));
            } else {
                local_non_reserved(p, &path.child("path"), errs);
            }
        }
        if let Some(b) = get(source, "clusterTrustBundle") {
            n += 1;
            let pp = src_path.child("clusterTrustBundle");
            cluster_trust_bundle(b, &pp, errs);
            let p = str_at(b, "path");
            claim(p, p, errs);
        }
        if n > 1 {
            errs.push(FieldError::forbidden(&src_path, "may not specify more than 1 volume type per source"));
        }
    }
}

pub(super) fn cluster_trust_bundle(b: &Value, path: &FieldPath, errs: &mut Errs) {
    match (opt_str(b, "name"), opt_str(b, "signerName")) {
        (Some(_), Some(_)) => {
            errs.push(FieldError::invalid_raw(path, b.to_string(), "only one of name and signerName may be used"))
        }
        (Some(name), None) => {
            if name.is_empty() {
                errs.push(FieldError::required(&path.child("name"), "must be a valid object name"));
            }
            // A name with a ':' belongs to the signer before its last ':' (with ':' for '/').
            let signer = name.rfind(':').map(|i| name.get(..i).unwrap_or_default().replace(':', "/"));
            for m in cluster_trust_bundle_name(signer.as_deref().unwrap_or(""), name) {
                errs.push(FieldError::invalid(
                    &path.child("name"),
                    name,
                    format!("not a valid clustertrustbundlename: {m}"),
                ));
            }
            if let Some(sel) = get(b, "labelSelector") {
                errs.push(FieldError::invalid_raw(
                    &path.child("labelSelector"),
                    go_label_selector_repr(sel),
                    "labelSelector must be unset if name is specified",
                ));
            }
        }
        (None, Some(signer)) => {
            if signer.is_empty() {
                errs.push(FieldError::required(&path.child("signerName"), "must be a valid signer name"));
            }
            signer_name(signer, &path.child("signerName"), errs);
            errs.extend(validate_label_selector(
                b.get("labelSelector").unwrap_or(&Value::Null),
                &path.child("labelSelector"),
            ));
        }
        (None, None) => errs.push(FieldError::required(path, "either name or signerName must be specified")),
    }
    let p = str_at(b, "path");
    if p.is_empty() {
        errs.push(FieldError::required(&path.child("path"), ""));
    }
    local_non_reserved(p, &path.child("path"), errs);
}

/// `ValidateClusterTrustBundleName(signer)(name, false)`.
pub(super) fn cluster_trust_bundle_name(signer: &str, name: &str) -> Vec<String> {
    if signer.is_empty() {
        if name.contains(':') {
            return vec!["ClusterTrustBundle without signer name must not have \":\" in its name".to_string()];
        }
        return is_dns1123_subdomain(name);
    }
    let prefix = format!("{}:", signer.replace('/', ":"));
    match name.strip_prefix(&prefix) {
        Some(rest) => is_dns1123_subdomain(rest),
        None => vec![format!("ClusterTrustBundle for signerName {signer} must be named with prefix {prefix}")],
    }
}

/// `ValidateSignerName`: `<dns domain with a dot>/<path of dns subdomains>`.
pub(super) fn signer_name(signer: &str, path: &FieldPath, errs: &mut Errs) {
    if signer.is_empty() {
        errs.push(FieldError::required(path, ""));
        return;
    }
    let parts: Vec<&str> = signer.split('/').collect();
    let [domain, rest] = parts.as_slice() else {
        errs.push(FieldError::invalid(
            path,
            signer,
            "must be a fully qualified domain and path of the form 'example.com/signer-name'",
        ));
        return;
    };
    if domain.len() > 253 {
        errs.push(too_long(path, 253));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if let Some((lbl, msgs)) = labels.iter().map(|l| (l, is_dns1123_label(l))).find(|(_, m)| !m.is_empty()) {
        for m in msgs {
            errs.push(FieldError::invalid(path, domain, format!("validating label {}: {m}", quote(lbl))));
        }
    }
    if labels.len() < 2 {
        errs.push(FieldError::invalid(path, domain, "should be a domain with at least two segments separated by dots"));
    }
    if let Some((lbl, msgs)) = rest.split('.').map(|l| (l, is_dns1123_subdomain(l))).find(|(_, m)| !m.is_empty()) {
        for m in msgs {
            errs.push(FieldError::invalid(path, rest, format!("validating label {}: {m}", quote(lbl))));
        }
    }
    if signer.len() > 253 + 253 + 63 + 1 + 1 {
        errs.push(too_long(path, 253 + 253 + 63 + 1 + 1));
    }
}

/// ObjectMeta fields a claim template may not set, with the path segment Go derives from the Go
/// field name (first letter lower-cased, hence `uID`).
pub(super) const TEMPLATE_META_FORBIDDEN: &[(&str, &str)] = &[
    ("name", "name"),
    ("generateName", "generateName"),
    ("namespace", "namespace"),
    ("selfLink", "selfLink"),
    ("uid", "uID"),
    ("resourceVersion", "resourceVersion"),
    ("generation", "generation"),
    ("creationTimestamp", "creationTimestamp"),
    ("deletionTimestamp", "deletionTimestamp"),
    ("deletionGracePeriodSeconds", "deletionGracePeriodSeconds"),
    ("ownerReferences", "ownerReferences"),
    ("finalizers", "finalizers"),
    ("managedFields", "managedFields"),
];

pub(super) fn check_ephemeral(src: &Value, path: &FieldPath, errs: &mut Errs) {
    let Some(tmpl) = get(src, "volumeClaimTemplate") else {
        errs.push(FieldError::required(&path.child("volumeClaimTemplate"), ""));
        return;
    };
    let tpath = path.child("volumeClaimTemplate");
    let meta = get(tmpl, "metadata").unwrap_or(&Value::Null);
    let mpath = tpath.child("metadata");
    for k in map_at(meta, "annotations").into_iter().flat_map(|m| m.keys()) {
        each_invalid(&mpath.child("annotations"), k, is_qualified_name(&to_lower(k)), errs);
    }
    for (k, v) in map_at(meta, "labels").into_iter().flatten() {
        let lpath = mpath.child("labels");
        each_invalid(&lpath, k, is_qualified_name(k), errs);
        let v = v.as_str().unwrap_or("");
        each_invalid(&lpath, v, is_valid_label_value(v), errs);
    }
    for (key, seg) in TEMPLATE_META_FORBIDDEN {
        let set = match get(meta, key) {
            None => false,
            // A pointer: any value is set.
            Some(_) if *key == "deletionGracePeriodSeconds" => true,
            Some(Value::String(s)) => !s.is_empty(),
            Some(Value::Number(n)) => n.as_f64() != Some(0.0),
            Some(_) => true,
        };
        if set {
            errs.push(FieldError::forbidden(&mpath.child(seg), "cannot be set"));
        }
    }
    pvc_spec(get(tmpl, "spec").unwrap_or(&Value::Null), &tpath.child("spec"), errs);
}

pub(super) const ACCESS_MODES: &[&str] = &["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

/// The parts of `ValidatePersistentVolumeClaimSpec` a claim template realistically gets wrong.
pub(super) fn pvc_spec(spec: &Value, path: &FieldPath, errs: &mut Errs) {
    let modes = list_at(spec, "accessModes");
    if modes.is_empty() {
        errs.push(FieldError::required(&path.child("accessModes"), "at least 1 access mode is required"));
    }
    if let Some(sel) = get(spec, "selector") {
        errs.extend(validate_label_selector(sel, &path.child("selector")));
    }
    let (mut rwop, mut other) = (false, false);
    for m in modes.iter().map(|m| m.as_str().unwrap_or("")) {
        if !ACCESS_MODES.contains(&m) {
            errs.push(FieldError::not_supported(&path.child("accessModes"), m, ACCESS_MODES));
        }
        if m == "ReadWriteOncePod" {
            rwop = true;
        } else if ACCESS_MODES.contains(&m) {
            other = true;
        }
    }
    if rwop && other {
        errs.push(FieldError::forbidden(
            &path.child("accessModes"),
            "may not use ReadWriteOncePod with other access modes",
        ));
    }
    let spath = path.child("resources").key("storage");
    match get(spec, "resources").and_then(|r| get(r, "requests")).and_then(|r| get(r, "storage")) {
        None => errs.push(FieldError::required(&spath, "")),
        Some(v) => {
            if let Some(q) = quantity(v)
                && q.sign() <= 0
            {
                errs.push(FieldError::invalid(&spath, &q.canonical(), "must be greater than zero"));
            }
        }
    }
    if let Some(class) = opt_str(spec, "storageClassName")
        && !class.is_empty()
    {
        each_invalid(&path.child("storageClassName"), class, dns_subdomain_name(class, false), errs);
    }
    if let Some(mode) = opt_str(spec, "volumeMode")
        && !["Block", "Filesystem"].contains(&mode)
    {
        errs.push(FieldError::not_supported(&path.child("volumeMode"), mode, &["Block", "Filesystem"]));
    }
}
