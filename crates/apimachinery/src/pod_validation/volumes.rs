//! Volumes: names, exactly one source per volume, and each source's own checks
//! (`validateVolumes`, `validateVolumeSource` and the per-source validators).

use super::*;

/// What containers need to know about a valid volume.
pub(super) struct VolInfo {
    pub(super) name: String,
    /// PVC or generic ephemeral volume: usable as a block device.
    pub(super) block: bool,
    pub(super) image: bool,
}

pub(super) struct Ctx<'a> {
    pub(super) vols: &'a [VolInfo],
}

impl Ctx<'_> {
    pub(super) fn vol(&self, name: &str) -> Option<&VolInfo> {
        self.vols.iter().find(|v| v.name == name)
    }
}

pub(super) type SourceCheck = fn(&Value, &FieldPath, &mut Errs);

/// The volume sources (JSON keys) in the order Go tests them, with their checks.
pub(super) const SOURCES: &[(&str, SourceCheck)] = &[
    ("emptyDir", check_empty_dir),
    ("hostPath", check_host_path),
    ("gitRepo", check_git_repo),
    ("gcePersistentDisk", check_gce_pd),
    ("awsElasticBlockStore", check_aws_ebs),
    ("secret", check_secret),
    ("nfs", check_nfs),
    ("iscsi", check_iscsi),
    ("glusterfs", check_glusterfs),
    ("flocker", check_flocker),
    ("persistentVolumeClaim", check_pvc),
    ("rbd", check_rbd),
    ("cinder", check_cinder),
    ("cephfs", check_cephfs),
    ("quobyte", check_quobyte),
    ("downwardAPI", check_downward_api),
    ("fc", check_fc),
    ("flexVolume", check_flex),
    ("configMap", check_config_map),
    ("azureFile", check_azure_file),
    ("vsphereVolume", check_vsphere),
    ("photonPersistentDisk", check_photon),
    ("portworxVolume", check_portworx),
    ("azureDisk", check_azure_disk),
    ("storageos", check_storageos),
    ("projected", check_projected),
    ("scaleIO", check_scale_io),
    ("csi", check_csi),
    ("ephemeral", check_ephemeral),
    ("image", check_image),
];

/// The path segment Go names a source by in the "more than 1" error (two differ from the key).
pub(super) fn extra_source_segment(key: &str) -> &str {
    match key {
        "cephfs" => "cephFS",
        "downwardAPI" => "downwarAPI",
        k => k,
    }
}

/// The path segment Go reports a source's own errors under (one differs from the key).
pub(super) fn source_segment(key: &str) -> &str {
    if key == "gcePersistentDisk" { "persistentDisk" } else { key }
}

/// `ValidateVolumes`: returns the volumes containers may use (only those without any error).
pub(super) fn validate_volumes(volumes: &[Value], path: &FieldPath, errs: &mut Errs) -> Vec<VolInfo> {
    let created_pvcs: Vec<String> = volumes
        .iter()
        .filter(|v| get(v, "ephemeral").is_some())
        .map(|v| format!("{FAKE_POD_NAME}-{}", str_at(v, "name")))
        .collect();
    let mut valid: Vec<VolInfo> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (i, vol) in volumes.iter().enumerate() {
        let idx = path.index(i);
        let name = str_at(vol, "name");
        let mut el = Vec::new();
        validate_volume_source(vol, name, &idx, &mut el);
        let name_path = idx.child("name");
        if name.is_empty() {
            el.push(FieldError::required(&name_path, ""));
        } else {
            each_invalid(&name_path, name, is_dns1123_label(name), &mut el);
        }
        if seen.contains(&name) {
            el.push(FieldError::duplicate(&name_path, name));
        }
        if el.is_empty() {
            seen.push(name);
            valid.push(VolInfo {
                name: name.to_string(),
                block: get(vol, "persistentVolumeClaim").is_some() || get(vol, "ephemeral").is_some(),
                image: get(vol, "image").is_some(),
            });
        } else {
            errs.extend(el);
        }
        if let Some(pvc) = get(vol, "persistentVolumeClaim") {
            let claim = str_at(pvc, "claimName");
            if created_pvcs.iter().any(|c| c == claim) {
                errs.push(FieldError::invalid(
                    &idx.child("persistentVolumeClaim").child("claimName"),
                    claim,
                    "must not reference a PVC that gets created for an ephemeral volume",
                ));
            }
        }
    }
    valid
}

pub(super) fn validate_volume_source(vol: &Value, vol_name: &str, path: &FieldPath, errs: &mut Errs) {
    let mut count = 0;
    for (key, check) in SOURCES {
        let Some(src) = get(vol, key) else { continue };
        if count > 0 {
            errs.push(FieldError::forbidden(&path.child(extra_source_segment(key)), MORE_THAN_ONE_VOLUME));
        } else {
            count += 1;
            check(src, &path.child(source_segment(key)), errs);
            if *key == "ephemeral" && !vol_name.is_empty() {
                // The PVC the pod will get must have a valid object name.
                let pvc = format!("{FAKE_POD_NAME}-{vol_name}");
                for m in is_dns1123_subdomain(&pvc) {
                    errs.push(FieldError::invalid(
                        &path.child("name"),
                        vol_name,
                        format!("PVC name {}: {m}", quote(&pvc)),
                    ));
                }
            }
        }
        // Checked outside Go's if/else, so even for a second source.
        if *key == "iscsi"
            && get(src, "initiatorName").is_some()
            && vol_name.len() + 1 + str_at(src, "targetPortal").len() > 64
        {
            errs.push(FieldError::invalid(
                &path.child("name"),
                vol_name,
                "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.",
            ));
        }
    }
    if count == 0 {
        errs.push(FieldError::required(path, "must specify a volume type"));
    }
}

/// Required non-empty string fields, in order.
pub(super) fn required_strs(src: &Value, fields: &[&str], path: &FieldPath, errs: &mut Errs) {
    for f in fields {
        if str_at(src, f).is_empty() {
            errs.push(FieldError::required(&path.child(f), ""));
        }
    }
}

pub(super) fn required_list(src: &Value, field: &str, path: &FieldPath, errs: &mut Errs) {
    if list_at(src, field).is_empty() {
        errs.push(FieldError::required(&path.child(field), ""));
    }
}

/// `secretRef.name` must be set when a secretRef is given.
pub(super) fn secret_ref_name(src: &Value, path: &FieldPath, errs: &mut Errs) {
    if let Some(r) = get(src, "secretRef")
        && str_at(r, "name").is_empty()
    {
        errs.push(FieldError::required(&path.child("secretRef").child("name"), ""));
    }
}

pub(super) fn partition(src: &Value, path: &FieldPath, errs: &mut Errs) {
    let p = int_at(src, "partition");
    if !(0..=255).contains(&p) {
        errs.push(invalid_int(&path.child("partition"), p, range_msg(1, 255)));
    }
}

pub(super) fn check_empty_dir(src: &Value, path: &FieldPath, errs: &mut Errs) {
    if let Some(q) = get(src, "sizeLimit").and_then(quantity)
        && q.sign() < 0
    {
        errs.push(FieldError::forbidden(&path.child("sizeLimit"), "SizeLimit field must be a valid resource quantity"));
    }
}

pub(super) const HOST_PATH_TYPES: &[&str] =
    &["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

pub(super) fn check_host_path(src: &Value, path: &FieldPath, errs: &mut Errs) {
    let p = str_at(src, "path");
    if p.is_empty() {
        errs.push(FieldError::required(&path.child("path"), ""));
        return;
    }
    no_backsteps(p, &path.child("path"), errs);
    if let Some(t) = opt_str(src, "type")
        && !HOST_PATH_TYPES.contains(&t)
    {
        errs.push(FieldError::not_supported(&path.child("type"), t, HOST_PATH_TYPES));
    }
}

pub(super) fn check_git_repo(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["repository"], path, errs);
    local_descending(str_at(src, "directory"), &path.child("directory"), errs);
}

pub(super) fn check_gce_pd(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["pdName"], path, errs);
    partition(src, path, errs);
}

pub(super) fn check_aws_ebs(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["volumeID"], path, errs);
    partition(src, path, errs);
}

pub(super) fn key_to_paths(items: &[Value], path: &FieldPath, errs: &mut Errs) {
    for (i, kp) in items.iter().enumerate() {
        key_to_path(kp, &path.index(i), errs);
    }
}

/// `validateKeyToPath`.
pub(super) fn key_to_path(kp: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(kp, &["key", "path"], path, errs);
    local_non_reserved(str_at(kp, "path"), &path.child("path"), errs);
    file_mode(kp, "mode", path, errs);
}

pub(super) fn check_secret(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["secretName"], path, errs);
    file_mode(src, "defaultMode", path, errs);
    key_to_paths(list_at(src, "items"), &path.child("items"), errs);
}

pub(super) fn check_config_map(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["name"], path, errs);
    file_mode(src, "defaultMode", path, errs);
    key_to_paths(list_at(src, "items"), &path.child("items"), errs);
}

pub(super) fn check_nfs(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["server", "path"], path, errs);
    let p = str_at(src, "path");
    if !p.starts_with('/') {
        errs.push(FieldError::invalid(&path.child("path"), p, "must be an absolute path"));
    }
}

pub(super) fn check_iscsi(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["targetPortal", "iqn"], path, errs);
    let iqn = str_at(src, "iqn");
    if !iqn.is_empty() && !["iqn", "eui", "naa"].iter().any(|p| iqn.starts_with(p)) {
        errs.push(FieldError::invalid(&path.child("iqn"), iqn, "must be valid format starting with iqn, eui, or naa"));
    }
    let lun = int_at(src, "lun");
    if !(0..=255).contains(&lun) {
        errs.push(invalid_int(&path.child("lun"), lun, range_msg(0, 255)));
    }
    if (bool_at(src, "chapAuthDiscovery") || bool_at(src, "chapAuthSession")) && get(src, "secretRef").is_none() {
        errs.push(FieldError::required(&path.child("secretRef"), ""));
    }
    if let Some(init) = opt_str(src, "initiatorName")
        && !["iqn", "eui", "naa"].iter().any(|p| init.starts_with(p))
    {
        errs.push(FieldError::invalid(
            &path.child("initiatorname"),
            init,
            "must be valid format starting with iqn, eui, or naa",
        ));
    }
}

pub(super) fn check_glusterfs(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["endpoints", "path"], path, errs);
}

pub(super) fn check_flocker(src: &Value, path: &FieldPath, errs: &mut Errs) {
    let (name, uuid) = (str_at(src, "datasetName"), str_at(src, "datasetUUID"));
    if name.is_empty() && uuid.is_empty() {
        errs.push(FieldError::required(path, "one of datasetName and datasetUUID is required"));
    }
    if !name.is_empty() && !uuid.is_empty() {
        errs.push(FieldError::invalid(
            path,
            "resource",
            "datasetName and datasetUUID can not be specified simultaneously",
        ));
    }
    if name.contains('/') {
        errs.push(FieldError::invalid(&path.child("datasetName"), name, "must not contain '/'"));
    }
}

pub(super) fn check_pvc(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["claimName"], path, errs);
}

pub(super) fn check_rbd(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_list(src, "monitors", path, errs);
    required_strs(src, &["image"], path, errs);
}

pub(super) fn check_cinder(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["volumeID"], path, errs);
    secret_ref_name(src, path, errs);
}

pub(super) fn check_cephfs(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_list(src, "monitors", path, errs);
}

pub(super) fn check_quobyte(src: &Value, path: &FieldPath, errs: &mut Errs) {
    if str_at(src, "registry").is_empty() {
        errs.push(FieldError::required(
            &path.child("registry"),
            "must be a host:port pair or multiple pairs separated by commas",
        ));
    } else if str_at(src, "tenant").len() >= 65 {
        errs.push(FieldError::required(
            &path.child("tenant"),
            "must be a UUID and may not exceed a length of 64 characters",
        ));
    }
    required_strs(src, &["volume"], path, errs);
}

pub(super) fn check_fc(src: &Value, path: &FieldPath, errs: &mut Errs) {
    let (wwns, wwids) = (list_at(src, "targetWWNs"), list_at(src, "wwids"));
    if wwns.is_empty() && wwids.is_empty() {
        errs.push(FieldError::required(
            &path.child("targetWWNs"),
            "must specify either targetWWNs or wwids, but not both",
        ));
    }
    if !wwns.is_empty() && !wwids.is_empty() {
        errs.push(FieldError::invalid_raw(
            &path.child("targetWWNs"),
            go_string_slice(wwns),
            "targetWWNs and wwids can not be specified simultaneously",
        ));
    }
    if !wwns.is_empty() {
        match opt_int(src, "lun") {
            None => errs.push(FieldError::required(&path.child("lun"), "lun is required if targetWWNs is specified")),
            Some(l) if !(0..=255).contains(&l) => errs.push(invalid_int(&path.child("lun"), l, range_msg(0, 255))),
            Some(_) => {}
        }
    }
}

pub(super) fn check_flex(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["driver"], path, errs);
    for k in map_at(src, "options").into_iter().flat_map(|m| m.keys()) {
        let ns = k.split_once('/').map_or(k.as_str(), |(ns, _)| ns);
        let normalized = format!(".{}", to_lower(ns));
        if normalized.ends_with(".kubernetes.io") || normalized.ends_with(".k8s.io") {
            errs.push(FieldError::invalid(
                &path.child("options").key(k),
                k,
                "kubernetes.io and k8s.io namespaces are reserved",
            ));
        }
    }
}

pub(super) fn check_azure_file(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["secretName", "shareName"], path, errs);
}

pub(super) fn check_vsphere(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["volumePath"], path, errs);
}

pub(super) fn check_photon(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["pdID"], path, errs);
}

pub(super) fn check_portworx(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["volumeID"], path, errs);
}

pub(super) fn check_azure_disk(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["diskName", "diskURI"], path, errs);
    if let Some(m) = opt_str(src, "cachingMode")
        && !["None", "ReadOnly", "ReadWrite"].contains(&m)
    {
        errs.push(FieldError::not_supported(&path.child("cachingMode"), m, &["None", "ReadOnly", "ReadWrite"]));
    }
    let kind = opt_str(src, "kind");
    if let Some(k) = kind
        && !["Dedicated", "Managed", "Shared"].contains(&k)
    {
        errs.push(FieldError::not_supported(&path.child("kind"), k, &["Dedicated", "Managed", "Shared"]));
    }
    let uri = str_at(src, "diskURI");
    match kind {
        Some("Managed") if !uri.starts_with("/subscriptions/") => errs.push(FieldError::not_supported(
            &path.child("diskURI"),
            uri,
            &["/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"],
        )),
        Some(k) if k != "Managed" && !uri.starts_with("https://") => errs.push(FieldError::not_supported(
            &path.child("diskURI"),
            uri,
            &["https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"],
        )),
        _ => {}
    }
}

pub(super) fn check_storageos(src: &Value, path: &FieldPath, errs: &mut Errs) {
    let name = str_at(src, "volumeName");
    if name.is_empty() {
        errs.push(FieldError::required(&path.child("volumeName"), ""));
    } else {
        each_invalid(&path.child("volumeName"), name, is_dns1123_label(name), errs);
    }
    let ns = str_at(src, "volumeNamespace");
    if !ns.is_empty() {
        each_invalid(&path.child("volumeNamespace"), ns, is_dns1123_label(ns), errs);
    }
    secret_ref_name(src, path, errs);
}

pub(super) fn check_scale_io(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["gateway", "system", "volumeName"], path, errs);
}

pub(super) fn check_csi(src: &Value, path: &FieldPath, errs: &mut Errs) {
    let driver = str_at(src, "driver");
    let dpath = path.child("driver");
    if driver.is_empty() {
        errs.push(FieldError::required(&dpath, ""));
    }
    if driver.len() > 63 {
        errs.push(too_long(&dpath, 63));
    }
    each_invalid(&dpath, driver, is_dns1123_subdomain(&to_lower(driver)), errs);
    if let Some(r) = get(src, "nodePublishSecretRef") {
        let name = str_at(r, "name");
        if name.is_empty() {
            errs.push(FieldError::required(&path.child("nodePublishSecretRef").child("name"), ""));
        } else {
            // Go reports a bad secret name at `csi.name`.
            each_invalid(&path.child("name"), name, dns_subdomain_name(name, false), errs);
        }
    }
}

pub(super) fn check_image(src: &Value, path: &FieldPath, errs: &mut Errs) {
    // The reference is only required when the object is a Pod (`ResourceIsPod`), which Kruise
    // does not set.
    pull_policy(str_at(src, "pullPolicy"), &path.child("pullPolicy"), errs);
}

pub(super) const VOLUME_FIELD_PATHS: &[&str] =
    &["metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"];

pub(super) fn check_downward_api(src: &Value, path: &FieldPath, errs: &mut Errs) {
    file_mode(src, "defaultMode", path, errs);
    // Go reports item errors at the source path, without the item index.
    for item in list_at(src, "items") {
        downward_api_file(item, path, errs);
    }
}

/// `validateDownwardAPIVolumeFile`.
pub(super) fn downward_api_file(file: &Value, path: &FieldPath, errs: &mut Errs) {
    let p = str_at(file, "path");
    if p.is_empty() {
        errs.push(FieldError::required(&path.child("path"), ""));
    }
    local_non_reserved(p, &path.child("path"), errs);
    match (get(file, "fieldRef"), get(file, "resourceFieldRef")) {
        (Some(f), r) => {
            object_field_selector(f, VOLUME_FIELD_PATHS, &path.child("fieldRef"), errs);
            if r.is_some() {
                errs.push(FieldError::invalid(
                    path,
                    "resource",
                    "fieldRef and resourceFieldRef can not be specified simultaneously",
                ));
            }
        }
        (None, Some(r)) => resource_field_selector(r, &path.child("resourceFieldRef"), true, errs),
        (None, None) => errs.push(FieldError::required(path, "one of fieldRef and resourceFieldRef is required")),
    }
    file_mode(file, "mode", path, errs);
}
