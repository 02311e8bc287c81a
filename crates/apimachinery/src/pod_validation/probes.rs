//! Probes and lifecycle handlers (`validateProbe`, `validateHandler`, `validateLifecycle`).

use super::*;

pub(super) fn validate_probes_and_lifecycle(c: &Value, path: &FieldPath, errs: &mut Errs) {
    if let Some(lc) = get(c, "lifecycle") {
        let lpath = path.child("lifecycle");
        for hook in ["postStart", "preStop"] {
            if let Some(h) = get(lc, hook) {
                validate_handler(h, &["exec", "httpGet", "tcpSocket", "sleep"], &lpath.child(hook), errs);
            }
        }
    }
    for (field, must_succeed_once) in [("livenessProbe", true), ("readinessProbe", false), ("startupProbe", true)] {
        let Some(probe) = get(c, field) else { continue };
        let ppath = path.child(field);
        validate_probe(probe, &ppath, errs);
        if must_succeed_once {
            let st = int_at(probe, "successThreshold");
            if st != 1 {
                errs.push(invalid_int(&ppath.child("successThreshold"), st, "must be 1"));
            }
        } else if let Some(t) = opt_int(probe, "terminationGracePeriodSeconds") {
            errs.push(invalid_int(
                &ppath.child("terminationGracePeriodSeconds"),
                t,
                "must not be set for readinessProbes",
            ));
        }
    }
}

pub(super) fn validate_probe(probe: &Value, path: &FieldPath, errs: &mut Errs) {
    validate_handler(probe, &["exec", "httpGet", "tcpSocket", "grpc"], path, errs);
    for f in ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] {
        let n = int_at(probe, f);
        if n < 0 {
            errs.push(invalid_int(&path.child(f), n, NEGATIVE_MSG));
        }
    }
    if let Some(t) = opt_int(probe, "terminationGracePeriodSeconds")
        && t <= 0
    {
        errs.push(invalid_int(&path.child("terminationGracePeriodSeconds"), t, "must be greater than 0"));
    }
}

/// `validateHandler` over the handler kinds the object can carry (probes have `grpc`,
/// lifecycle hooks have `sleep`), in Go's order.
pub(super) fn validate_handler(h: &Value, kinds: &[&str], path: &FieldPath, errs: &mut Errs) {
    let mut n = 0;
    for kind in ["exec", "httpGet", "tcpSocket", "grpc", "sleep"] {
        if !kinds.contains(&kind) {
            continue;
        }
        let Some(action) = get(h, kind) else { continue };
        let apath = path.child(kind);
        if n > 0 {
            errs.push(FieldError::forbidden(&apath, MORE_THAN_ONE_HANDLER));
            continue;
        }
        n += 1;
        match kind {
            "exec" => required_list(action, "command", &apath, errs),
            "httpGet" => {
                if str_at(action, "path").is_empty() {
                    errs.push(FieldError::required(&apath.child("path"), ""));
                }
                port_num_or_name(get(action, "port"), &apath.child("port"), errs);
                let scheme = str_at(action, "scheme");
                if !["HTTP", "HTTPS"].contains(&scheme) {
                    errs.push(FieldError::not_supported(&apath.child("scheme"), scheme, &["HTTP", "HTTPS"]));
                }
                for header in list_at(action, "httpHeaders") {
                    let hn = str_at(header, "name");
                    if hn.is_empty() || !hn.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                        errs.push(FieldError::invalid(&apath.child("httpHeaders"), hn, HTTP_HEADER_MSG));
                    }
                }
            }
            "tcpSocket" => port_num_or_name(get(action, "port"), &apath.child("port"), errs),
            "grpc" => {
                let p = int_at(action, "port");
                errs.extend(is_valid_port_num(p).into_iter().map(|m| invalid_int(&apath.child("port"), p, m)));
            }
            _ => {
                let secs = int_at(action, "seconds");
                if secs <= 0 || secs > GRACE_PERIOD {
                    errs.push(invalid_int(
                        &apath,
                        secs,
                        format!(
                            "must be greater than 0 and less than terminationGracePeriodSeconds ({GRACE_PERIOD}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."
                        ),
                    ));
                }
            }
        }
    }
    if n == 0 {
        errs.push(FieldError::required(path, "must specify a handler type"));
    }
}

/// `ValidatePortNumOrName` on an IntOrString (a JSON number or string; absent is the int 0).
pub(super) fn port_num_or_name(port: Option<&Value>, path: &FieldPath, errs: &mut Errs) {
    match port {
        Some(Value::String(s)) => each_invalid(path, s, is_valid_port_name(s), errs),
        other => {
            let n = other.and_then(as_int).unwrap_or(0);
            errs.extend(is_valid_port_num(n).into_iter().map(|m| invalid_int(path, n, m)));
        }
    }
}
