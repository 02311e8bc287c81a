//! Security contexts and the pod-wide Windows hostProcess rules (`ValidateSecurityContext`,
//! `validateWindowsHostProcessPod`).

use super::*;

pub(super) const MAX_ID: i64 = i32::MAX as i64;

pub(super) fn validate_security_context(sc: &Value, path: &FieldPath, errs: &mut Errs) {
    for f in ["runAsUser", "runAsGroup"] {
        if let Some(id) = opt_int(sc, f)
            && !(0..=MAX_ID).contains(&id)
        {
            errs.push(invalid_int(&path.child(f), id, range_msg(0, MAX_ID)));
        }
    }
    if let Some(pm) = opt_str(sc, "procMount") {
        let ppath = path.child("procMount");
        if !["Default", "Unmasked"].contains(&pm) {
            errs.push(FieldError::not_supported(&ppath, pm, &["Default", "Unmasked"]));
        }
        // The fake pod shares the host's user namespace (no `hostUsers: false`).
        if pm == "Unmasked" {
            errs.push(FieldError::invalid(&ppath, pm, "`hostUsers` must be false to use `Unmasked`"));
        }
    }
    if let Some(sp) = get(sc, "seccompProfile") {
        seccomp_profile(sp, &path.child("seccompProfile"), errs);
    }
    if get(sc, "allowPrivilegeEscalation").and_then(Value::as_bool) == Some(false) {
        if bool_at(sc, "privileged") {
            errs.push(FieldError::invalid_raw(
                path,
                sc.to_string(),
                "cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
            ));
        }
        let adds = get(sc, "capabilities").map(|c| list_at(c, "add")).unwrap_or_default();
        for cap in adds {
            if cap.as_str() == Some("CAP_SYS_ADMIN") {
                errs.push(FieldError::invalid_raw(
                    path,
                    sc.to_string(),
                    "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN",
                ));
            }
        }
    }
    if let Some(w) = get(sc, "windowsOptions") {
        windows_options(w, &path.child("windowsOptions"), errs);
    }
    if let Some(a) = get(sc, "appArmorProfile") {
        app_armor_profile(a, &path.child("appArmorProfile"), errs);
    }
}

pub(super) const PROFILE_TYPES: &[&str] = &["Localhost", "RuntimeDefault", "Unconfined"];

pub(super) fn seccomp_profile(sp: &Value, path: &FieldPath, errs: &mut Errs) {
    let t = str_at(sp, "type");
    match t {
        "Localhost" | "RuntimeDefault" | "Unconfined" => {}
        "" => errs.push(FieldError::required(&path.child("type"), "type is required when seccompProfile is set")),
        t => errs.push(FieldError::not_supported(&path.child("type"), t, PROFILE_TYPES)),
    }
    let lp = opt_str(sp, "localhostProfile");
    match (t, lp) {
        ("Localhost", None) => errs
            .push(FieldError::required(&path.child("localhostProfile"), "must be set when seccomp type is Localhost")),
        ("Localhost", Some(p)) => local_descending(p, &path.child("localhostProfile"), errs),
        (_, Some(_)) => errs.push(FieldError::invalid_raw(
            &path.child("localhostProfile"),
            sp.to_string(),
            "can only be set when seccomp type is Localhost",
        )),
        _ => {}
    }
}

pub(super) fn app_armor_profile(a: &Value, path: &FieldPath, errs: &mut Errs) {
    let lpath = path.child("localhostProfile");
    let lp = opt_str(a, "localhostProfile");
    match str_at(a, "type") {
        "Localhost" => match lp {
            None => errs.push(FieldError::required(&lpath, "must be set when AppArmor type is Localhost")),
            Some(p) => {
                if p.trim() != p {
                    errs.push(FieldError::invalid(&lpath, p, "must not be padded with whitespace"));
                } else if p.is_empty() {
                    errs.push(FieldError::required(&lpath, "must be set when AppArmor type is Localhost"));
                }
                if p.len() > 4095 {
                    errs.push(too_long(&lpath, 4095));
                }
            }
        },
        "RuntimeDefault" | "Unconfined" => {
            if let Some(p) = lp {
                errs.push(FieldError::invalid(&lpath, p, "can only be set when AppArmor type is Localhost"));
            }
        }
        "" => errs.push(FieldError::required(&path.child("type"), "type is required when appArmorProfile is set")),
        t => errs.push(FieldError::not_supported(&path.child("type"), t, PROFILE_TYPES)),
    }
}

pub(super) fn windows_options(w: &Value, path: &FieldPath, errs: &mut Errs) {
    if let Some(name) = opt_str(w, "gmsaCredentialSpecName") {
        each_invalid(&path.child("gmsaCredentialSpecName"), name, is_dns1123_subdomain(name), errs);
    }
    if let Some(spec) = opt_str(w, "gmsaCredentialSpec") {
        let p = path.child("gmsaCredentialSpec");
        if spec.is_empty() {
            errs.push(FieldError::invalid(&p, spec, "gmsaCredentialSpec cannot be an empty string"));
        } else if spec.len() > 64 * 1024 {
            errs.push(FieldError::invalid(&p, spec, "gmsaCredentialSpec size must be under 64 KiB"));
        }
    }
    let Some(user_name) = opt_str(w, "runAsUserName") else {
        return;
    };
    let p = path.child("runAsUserName");
    let mut bad = |msg: &str| errs.push(FieldError::invalid(&p, user_name, msg));
    if user_name.is_empty() {
        return bad("runAsUserName cannot be an empty string");
    }
    if user_name.chars().any(|c| c.is_ascii_control()) {
        return bad("runAsUserName cannot contain control characters");
    }
    let parts: Vec<&str> = user_name.split('\\').collect();
    let (domain, user) = match parts.as_slice() {
        [user] => (None, *user),
        [domain, user] => (Some(*domain), *user),
        _ => return bad("runAsUserName cannot contain more than one backslash"),
    };
    if domain.is_some_and(|d| d.len() >= 256) {
        bad("runAsUserName's Domain length must be under 256 characters");
    }
    if let Some(d) = domain
        && !is_netbios_name(d)
        && !is_windows_dns_domain(d)
    {
        bad("runAsUserName's Domain doesn't match the NetBios nor the DNS format");
    }
    if user.is_empty() {
        bad("runAsUserName's User cannot be empty");
    } else if user.len() > 104 {
        bad("runAsUserName's User length must not be longer than 104 characters");
    }
    if !user.is_empty() && user.chars().all(|c| c == '.' || c == ' ') {
        bad("runAsUserName's User cannot contain only periods or spaces");
    }
    if user.chars().any(|c| "\"/\\:;|=,+*?<>@[]".contains(c)) {
        bad("runAsUserName's User cannot contain the following characters: \"/\\:;|=,+*?<>@[]");
    }
}

/// `^[^\\/:\*\?"<>|\.][^\\/:\*\?"<>|]{0,14}$` (counted in characters, as Go's regexp does).
pub(super) fn is_netbios_name(d: &str) -> bool {
    let forbidden = |c: char| "\\/:*?\"<>|".contains(c);
    let mut chars = d.chars();
    match chars.next() {
        Some(first) if !forbidden(first) && first != '.' => {
            let rest: Vec<char> = chars.collect();
            rest.len() <= 14 && !rest.iter().any(|c| forbidden(*c))
        }
        _ => false,
    }
}

/// Dot-separated labels of 1 to 63 ASCII letters, digits and inner hyphens.
pub(super) fn is_windows_dns_domain(d: &str) -> bool {
    d.split('.').all(|l| {
        let b = l.as_bytes();
        match (b.first(), b.last()) {
            (Some(f), Some(e)) => {
                b.len() <= 63
                    && f.is_ascii_alphanumeric()
                    && e.is_ascii_alphanumeric()
                    && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
            }
            _ => false,
        }
    })
}

/// `validateWindowsHostProcessPod` for a pod without a pod-level securityContext: once any
/// container is a hostProcess container, all must be, and the pod would need hostNetwork.
pub(super) fn validate_host_process_pod(inits: &[Value], containers: &[Value], path: &FieldPath, errs: &mut Errs) {
    let host_process = |c: &Value| {
        get(c, "securityContext").and_then(|sc| get(sc, "windowsOptions")).is_some_and(|w| bool_at(w, "hostProcess"))
    };
    let total = inits.len() + containers.len().max(1);
    let count = inits.iter().chain(containers).filter(|c| host_process(c)).count();
    if count == 0 {
        return;
    }
    if count != total {
        errs.push(FieldError::invalid(
            path,
            "",
            "If pod contains any hostProcess containers then all containers must be HostProcess containers",
        ));
    }
    errs.push(FieldError::invalid_raw(
        &path.child("hostNetwork"),
        "false",
        "hostNetwork must be true if pod contains any hostProcess containers",
    ));
}
