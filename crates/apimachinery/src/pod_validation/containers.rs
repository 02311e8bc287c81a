//! Containers and init containers: names, images, ports, env, envFrom, volume mounts and
//! devices (`validateContainers`, `validateInitContainers`, `validateContainerCommon`).

use super::*;

/// `validateContainers` for the SidecarSet's (non-empty) containers.
pub(super) fn validate_containers(ctx: &Ctx, containers: &[Value], path: &FieldPath, errs: &mut Errs) {
    let mut names: Vec<&str> = Vec::new();
    for (i, c) in containers.iter().enumerate() {
        let cpath = path.index(i);
        validate_container_common(ctx, c, &cpath, errs);
        let name = str_at(c, "name");
        if names.contains(&name) {
            errs.push(FieldError::duplicate(&cpath.child("name"), name));
        } else {
            names.push(name);
        }
        validate_probes_and_lifecycle(c, &cpath, errs);
        if get(c, "restartPolicy").is_some() {
            errs.push(FieldError::forbidden(&cpath.child("restartPolicy"), "may not be set for non-init containers"));
        }
    }
    host_port_conflicts(containers, path, errs);
}

/// `validateInitContainers`: names must also differ from the regular containers'.
pub(super) fn validate_init_containers(
    ctx: &Ctx,
    inits: &[Value],
    regular: &[&str],
    path: &FieldPath,
    errs: &mut Errs,
) {
    let mut names: Vec<&str> = regular.to_vec();
    for (i, c) in inits.iter().enumerate() {
        let cpath = path.index(i);
        validate_container_common(ctx, c, &cpath, errs);
        let restart = opt_str(c, "restartPolicy");
        if let Some(rp) = restart
            && rp != "Always"
        {
            errs.push(FieldError::not_supported(&cpath.child("restartPolicy"), rp, &["Always"]));
        }
        let name = str_at(c, "name");
        if names.contains(&name) {
            errs.push(FieldError::duplicate(&cpath.child("name"), name));
        } else if !name.is_empty() {
            names.push(name);
        }
        // Go checks each init container on its own and always reports it as `[0]`.
        host_port_conflicts(std::slice::from_ref(c), path, errs);
        if restart == Some("Always") {
            validate_probes_and_lifecycle(c, &cpath, errs);
        } else {
            for f in ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"] {
                if get(c, f).is_some() {
                    errs.push(FieldError::forbidden(&cpath.child(f), INIT_WITHOUT_ALWAYS));
                }
            }
        }
        let resize = list_at(c, "resizePolicy");
        if !resize.is_empty() {
            errs.push(FieldError::invalid_raw(
                &cpath.child("resizePolicy"),
                go_resize_policies(resize),
                "must not be set for init containers",
            ));
        }
    }
}

/// `validateContainerCommon`.
pub(super) fn validate_container_common(ctx: &Ctx, c: &Value, path: &FieldPath, errs: &mut Errs) {
    let name = str_at(c, "name");
    if name.is_empty() {
        errs.push(FieldError::required(&path.child("name"), ""));
    } else {
        each_invalid(&path.child("name"), name, is_dns1123_label(name), errs);
    }
    if str_at(c, "image").is_empty() {
        errs.push(FieldError::required(&path.child("image"), ""));
    }
    match str_at(c, "terminationMessagePolicy") {
        "File" | "FallbackToLogsOnError" => {}
        "" => errs.push(FieldError::required(&path.child("terminationMessagePolicy"), "")),
        p => errs.push(FieldError::not_supported(
            &path.child("terminationMessagePolicy"),
            p,
            &["File", "FallbackToLogsOnError"],
        )),
    }
    let mounts = list_at(c, "volumeMounts");
    let devices = list_at(c, "volumeDevices");
    validate_ports(list_at(c, "ports"), &path.child("ports"), errs);
    validate_env(list_at(c, "env"), &path.child("env"), errs);
    validate_env_from(list_at(c, "envFrom"), &path.child("envFrom"), errs);
    let privileged = get(c, "securityContext").is_some_and(|sc| bool_at(sc, "privileged"));
    validate_mounts(ctx, mounts, &name_map(devices, "devicePath"), privileged, &path.child("volumeMounts"), errs);
    validate_devices(ctx, devices, &name_map(mounts, "mountPath"), &path.child("volumeDevices"), errs);
    pull_policy(str_at(c, "imagePullPolicy"), &path.child("imagePullPolicy"), errs);
    if let Some(r) = get(c, "resources") {
        validate_resources(r, &path.child("resources"), errs);
    }
    validate_resize_policy(list_at(c, "resizePolicy"), &path.child("resizePolicy"), errs);
    if let Some(sc) = get(c, "securityContext") {
        validate_security_context(sc, &path.child("securityContext"), errs);
    }
}

pub(super) fn pull_policy(p: &str, path: &FieldPath, errs: &mut Errs) {
    match p {
        "Always" | "IfNotPresent" | "Never" => {}
        "" => errs.push(FieldError::required(path, "")),
        p => errs.push(FieldError::not_supported(path, p, &["Always", "IfNotPresent", "Never"])),
    }
}

/// Go's `map[name]path` over mounts or devices: a later entry with the same name wins.
pub(super) fn name_map<'a>(list: &'a [Value], path_key: &str) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for item in list {
        let (n, p) = (str_at(item, "name"), str_at(item, path_key));
        match out.iter_mut().find(|(k, _)| *k == n) {
            Some(entry) => entry.1 = p,
            None => out.push((n, p)),
        }
    }
    out
}

pub(super) fn validate_ports(ports: &[Value], path: &FieldPath, errs: &mut Errs) {
    let mut names: Vec<&str> = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let ppath = path.index(i);
        let name = str_at(port, "name");
        if !name.is_empty() {
            let msgs = is_valid_port_name(name);
            if !msgs.is_empty() {
                each_invalid(&ppath.child("name"), name, msgs, errs);
            } else if names.contains(&name) {
                errs.push(FieldError::duplicate(&ppath.child("name"), name));
            } else {
                names.push(name);
            }
        }
        let cp = int_at(port, "containerPort");
        if cp == 0 {
            errs.push(FieldError::required(&ppath.child("containerPort"), ""));
        } else {
            errs.extend(is_valid_port_num(cp).into_iter().map(|m| invalid_int(&ppath.child("containerPort"), cp, m)));
        }
        let hp = int_at(port, "hostPort");
        if hp != 0 {
            errs.extend(is_valid_port_num(hp).into_iter().map(|m| invalid_int(&ppath.child("hostPort"), hp, m)));
        }
        match str_at(port, "protocol") {
            "" => errs.push(FieldError::required(&ppath.child("protocol"), "")),
            "TCP" | "UDP" | "SCTP" => {}
            p => errs.push(FieldError::not_supported(&ppath.child("protocol"), p, &["SCTP", "TCP", "UDP"])),
        }
    }
}

/// `AccumulateUniqueHostPorts`: a host port may be bound once per protocol and host IP.
pub(super) fn host_port_conflicts(containers: &[Value], path: &FieldPath, errs: &mut Errs) {
    let mut seen: Vec<String> = Vec::new();
    for (ci, c) in containers.iter().enumerate() {
        for (pi, port) in list_at(c, "ports").iter().enumerate() {
            let hp = int_at(port, "hostPort");
            if hp == 0 {
                continue;
            }
            let key = format!("{}/{}/{hp}", str_at(port, "protocol"), str_at(port, "hostIP"));
            if seen.contains(&key) {
                errs.push(FieldError::duplicate(&path.index(ci).child("ports").index(pi).child("hostPort"), &key));
            } else {
                seen.push(key);
            }
        }
    }
}

pub(super) fn validate_env(vars: &[Value], path: &FieldPath, errs: &mut Errs) {
    for (i, ev) in vars.iter().enumerate() {
        let epath = path.index(i);
        let name = str_at(ev, "name");
        if name.is_empty() {
            errs.push(FieldError::required(&epath.child("name"), ""));
        } else {
            each_invalid(&epath.child("name"), name, is_env_var_name(name), errs);
        }
        let Some(from) = get(ev, "valueFrom") else {
            continue;
        };
        let fpath = epath.child("valueFrom");
        let mut n = 0;
        if let Some(f) = get(from, "fieldRef") {
            n += 1;
            object_field_selector(f, ENV_FIELD_PATHS, &fpath.child("fieldRef"), errs);
        }
        if let Some(r) = get(from, "resourceFieldRef") {
            n += 1;
            resource_field_selector(r, &fpath.child("resourceFieldRef"), false, errs);
        }
        for kind in ["configMapKeyRef", "secretKeyRef"] {
            if let Some(s) = get(from, kind) {
                n += 1;
                key_selector(s, &fpath.child(kind), errs);
            }
        }
        if n == 0 {
            errs.push(FieldError::invalid(
                &fpath,
                "",
                "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            ));
        } else if !str_at(ev, "value").is_empty() {
            errs.push(FieldError::invalid(&fpath, "", "may not be specified when `value` is not empty"));
        } else if n > 1 {
            errs.push(FieldError::invalid(&fpath, "", "may not have more than one field specified at a time"));
        }
    }
}

/// `validateConfigMapKeySelector` / `validateSecretKeySelector` (identical rules).
pub(super) fn key_selector(s: &Value, path: &FieldPath, errs: &mut Errs) {
    let name = str_at(s, "name");
    each_invalid(&path.child("name"), name, dns_subdomain_name(name, false), errs);
    let key = str_at(s, "key");
    if key.is_empty() {
        errs.push(FieldError::required(&path.child("key"), ""));
    } else {
        each_invalid(&path.child("key"), key, config_map_key_errors(key), errs);
    }
}

pub(super) fn validate_env_from(sources: &[Value], path: &FieldPath, errs: &mut Errs) {
    for (i, ev) in sources.iter().enumerate() {
        let epath = path.index(i);
        let prefix = str_at(ev, "prefix");
        if !prefix.is_empty() {
            each_invalid(&epath.child("prefix"), prefix, is_env_var_name(prefix), errs);
        }
        let mut n = 0;
        for kind in ["configMapRef", "secretRef"] {
            let Some(r) = get(ev, kind) else { continue };
            n += 1;
            let name = str_at(r, "name");
            let npath = epath.child(kind).child("name");
            if name.is_empty() {
                errs.push(FieldError::required(&npath, ""));
            } else {
                each_invalid(&npath, name, dns_subdomain_name(name, true), errs);
            }
        }
        // Go reports these on the list, not on the entry.
        if n == 0 {
            errs.push(FieldError::invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
        } else if n > 1 {
            errs.push(FieldError::invalid(path, "", "may not have more than one field specified at a time"));
        }
    }
}

/// `ValidateVolumeMounts`. Several errors are reported at `volumeMounts.<field>` without the
/// index, as Go does.
pub(super) fn validate_mounts(
    ctx: &Ctx,
    mounts: &[Value],
    devices: &[(&str, &str)],
    privileged: bool,
    path: &FieldPath,
    errs: &mut Errs,
) {
    let mut mount_points: Vec<&str> = Vec::new();
    for (i, m) in mounts.iter().enumerate() {
        let mpath = path.index(i);
        let (name, mp) = (str_at(m, "name"), str_at(m, "mountPath"));
        let (sub, expr) = (str_at(m, "subPath"), str_at(m, "subPathExpr"));
        if name.is_empty() {
            errs.push(FieldError::required(&mpath.child("name"), ""));
        }
        let vol = ctx.vol(name);
        if vol.is_none() {
            errs.push(FieldError::not_found(&mpath.child("name"), name));
        }
        if mp.is_empty() {
            errs.push(FieldError::required(&mpath.child("mountPath"), ""));
        }
        if mount_points.contains(&mp) {
            errs.push(FieldError::invalid(&mpath.child("mountPath"), mp, "must be unique"));
        }
        mount_points.push(mp);
        if devices.iter().any(|(n, _)| *n == name) {
            errs.push(FieldError::invalid(&mpath.child("name"), name, "must not already exist in volumeDevices"));
        }
        if devices.iter().any(|(_, p)| *p == mp) {
            errs.push(FieldError::invalid(
                &mpath.child("mountPath"),
                mp,
                "must not already exist as a path in volumeDevices",
            ));
        }
        if vol.is_some_and(|v| v.image) {
            if !sub.is_empty() {
                errs.push(FieldError::invalid(&mpath.child("subPath"), sub, "not allowed in image volume sources"));
            }
            if !expr.is_empty() {
                errs.push(FieldError::invalid(
                    &mpath.child("subPathExpr"),
                    expr,
                    "not allowed in image volume sources",
                ));
            }
        }
        if !sub.is_empty() {
            local_descending(sub, &path.child("subPath"), errs);
        }
        if !expr.is_empty() {
            if !sub.is_empty() {
                errs.push(FieldError::invalid(
                    &mpath.child("subPathExpr"),
                    expr,
                    "subPathExpr and subPath are mutually exclusive",
                ));
            }
            local_descending(expr, &path.child("subPathExpr"), errs);
        }
        let propagation = opt_str(m, "mountPropagation");
        if let Some(p) = propagation {
            let ppath = path.child("mountPropagation");
            if !["Bidirectional", "HostToContainer", "None"].contains(&p) {
                errs.push(FieldError::not_supported(&ppath, p, &["Bidirectional", "HostToContainer", "None"]));
            }
            if p == "Bidirectional" && !privileged {
                errs.push(FieldError::forbidden(
                    &ppath,
                    "Bidirectional mount propagation is available only to privileged containers",
                ));
            }
        }
        if let Some(rro) = opt_str(m, "recursiveReadOnly") {
            let rpath = path.child("recursiveReadOnly");
            match rro {
                "Disabled" => {}
                "Enabled" | "IfPossible" => {
                    if !bool_at(m, "readOnly") {
                        errs.push(FieldError::forbidden(&rpath, "may only be specified when readOnly is true"));
                    }
                    if propagation.is_some_and(|p| p != "None") {
                        errs.push(FieldError::forbidden(
                            &rpath,
                            "may only be specified when mountPropagation is None or not specified",
                        ));
                    }
                }
                other => errs.push(FieldError::not_supported(&rpath, other, &["Disabled", "Enabled", "IfPossible"])),
            }
        }
    }
}

/// `ValidateVolumeDevices`.
pub(super) fn validate_devices(
    ctx: &Ctx,
    devices: &[Value],
    mounts: &[(&str, &str)],
    path: &FieldPath,
    errs: &mut Errs,
) {
    let mut paths: Vec<&str> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for (i, d) in devices.iter().enumerate() {
        let dpath = path.index(i);
        let (name, dp) = (str_at(d, "name"), str_at(d, "devicePath"));
        let vol = ctx.vol(name);
        if name.is_empty() {
            errs.push(FieldError::required(&dpath.child("name"), ""));
        }
        if names.contains(&name) {
            errs.push(FieldError::invalid(&dpath.child("name"), name, "must be unique"));
        }
        match vol {
            Some(v) if !v.block => errs.push(FieldError::invalid(
                &dpath.child("name"),
                name,
                "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
            )),
            Some(_) => {}
            None => errs.push(FieldError::not_found(&dpath.child("name"), name)),
        }
        if dp.is_empty() {
            errs.push(FieldError::required(&dpath.child("devicePath"), ""));
        }
        if paths.contains(&dp) {
            errs.push(FieldError::invalid(&dpath.child("devicePath"), dp, "must be unique"));
        }
        if !dp.is_empty() && dp.split('/').any(|e| e == "..") {
            errs.push(FieldError::invalid(&dpath.child("devicePath"), dp, "can not contain backsteps ('..')"));
        } else {
            paths.push(dp);
        }
        if mounts.iter().any(|(n, _)| *n == name) {
            errs.push(FieldError::invalid(&dpath.child("name"), name, "must not already exist in volumeMounts"));
        }
        if mounts.iter().any(|(_, p)| *p == dp) {
            errs.push(FieldError::invalid(
                &dpath.child("devicePath"),
                dp,
                "must not already exist as a path in volumeMounts",
            ));
        }
        if !name.is_empty() {
            names.push(name);
        }
    }
}
