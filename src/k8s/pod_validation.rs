//! Kruise's rule S22: `corevalidation.ValidatePodCreate` (Kubernetes v1.32) run on the fake pod
//! that Kruise builds from a SidecarSet (`name: test`, `namespace: default`, `dnsPolicy:
//! ClusterFirst`, `restartPolicy: Always`, `serviceAccountName: default`,
//! `terminationGracePeriodSeconds: 30`, the SidecarSet's init containers, containers and volumes,
//! and a valid stand-in container `test` when there are no containers), with Kruise's options
//! `AllowInvalidPodDeletionCost`, `AllowIndivisibleHugePagesValues`,
//! `AllowInvalidLabelValueInSelector`, `AllowInvalidTopologySpreadConstraintLabelSelector` (all
//! other options off: strict env var names, sleep actions must be > 0, no resize policy on init
//! containers, `ResourceIsPod` off so image volumes need no reference).
//!
//! Only the containers, init containers and volumes can be wrong (the rest of the fake pod is
//! fixed and valid), so only their rules are reproduced, in Kubernetes' order, with its error
//! types, paths (quirks such as `volumeMounts.subPath` without an index, `downwarAPI`, or
//! init-container host ports always reported at `initContainers[0]` included) and detail texts.
//!
//! Covered: volume names (required, DNS-1123 label, duplicates; a volume with any error is not
//! mountable, exactly as in Go), exactly one volume source, every source's checks (hostPath with
//! path and type values, emptyDir sizeLimit, secret, configMap, projected with secret, configMap,
//! downwardAPI, serviceAccountToken and clusterTrustBundle sources and duplicate paths,
//! downwardAPI, persistentVolumeClaim incl. the "PVC created for an ephemeral volume" rule, nfs,
//! csi, image, ephemeral with its claim template, and the in-tree sources' required fields),
//! key/path/mode of items and `defaultMode` ranges; container names (required, DNS-1123 label,
//! unique across init containers and containers), image (required, no surrounding whitespace),
//! `imagePullPolicy`, `terminationMessagePolicy`, ports (numbers, IANA names unique per
//! container, protocol, host-port conflicts), env (names, `valueFrom` sources, fieldRef paths and
//! subscripts, resourceFieldRef resources and divisors, configMap/secret key refs), envFrom,
//! volumeMounts (volume must exist, mountPath required and unique, volumeDevice clashes,
//! subPath/subPathExpr rules, mountPropagation, recursiveReadOnly), volumeDevices (volume must
//! exist and be a PVC or ephemeral volume, unique names and paths, no backsteps, mount clashes),
//! probes and lifecycle handlers (exactly one handler, httpGet path/port/scheme/header names,
//! tcpSocket and grpc ports, sleep seconds, non-negative numbers, successThreshold 1 for liveness
//! and startup, no terminationGracePeriodSeconds on readiness), the init-container rules
//! (`restartPolicy` only `Always` on init containers and forbidden on containers; lifecycle and
//! probes forbidden on init containers without `restartPolicy: Always`; no resizePolicy),
//! resources (resource names, non-negative and integer quantities, requests vs limits, limits
//! required for extended resources, hugepages need cpu or memory, resource claims), resizePolicy,
//! securityContext (runAsUser/runAsGroup ranges, procMount incl. `Unmasked` needing
//! `hostUsers: false`, seccomp and AppArmor profiles, allowPrivilegeEscalation conflicts,
//! windowsOptions and the pod-wide hostProcess rules).
//!
//! Deliberately left out or approximated:
//! - iSCSI `iqn`/`initiatorName` format regexes (required fields, lun range, CHAP secret and the
//!   name-length rule are checked) and quobyte's `host:port` parsing of `registry`.
//! - Where Go prints a Go struct (`%#v`, sometimes with pointer addresses) as the invalid value —
//!   the whole securityContext for the allowPrivilegeEscalation conflicts, the seccomp profile,
//!   the clusterTrustBundle projection with both name and signerName, a resource quantity that
//!   "must be an integer" — the value shown is the JSON object or the canonical quantity instead;
//!   path, type and detail are exact.
//! - In an ephemeral volume's claim template: the metadata annotation-size limit and the
//!   `dataSource`/`dataSourceRef` rules.
//! - Privileged containers are accepted: kruise-manager runs with `--allow-privileged=true` by
//!   default (with `false`, Go would add `privileged: Forbidden: disallowed by cluster policy`).
//! - Not rules at all in Kubernetes 1.32, so nothing to port: a length limit on
//!   `terminationMessagePath`, capability names (only `CAP_SYS_ADMIN` with
//!   `allowPrivilegeEscalation: false` is checked), hugepages divisibility (Kruise allows
//!   indivisible values).
//! - Resource maps are walked in document order (Go walks maps in random order).
//! - Quantities that do not parse and JSON values of the wrong type are not reported here: Go
//!   would have failed decoding before validation, and the caller type-checks first.
//! - Kubernetes' `ToAggregate` drops repeated identical messages; that is left to the caller.
//!
//! Kubernetes 1.33+ differs (not reproduced, Kruise builds against 1.32): image volumes accept
//! subPath/subPathExpr, `lifecycle.stopSignal` is validated, and errors carry origins.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use crate::field_error::{ErrorKind, FieldError, FieldPath, quote};
use crate::k8s::names::{
    is_dns1123_label, is_dns1123_subdomain, is_env_var_name, is_qualified_name, is_valid_label_value,
    is_valid_port_name, is_valid_port_num,
};
use crate::k8s::quantity::Quantity;
use crate::k8s::selector::{go_label_selector_repr, validate_label_selector};

/// The fake pod's name: generic ephemeral volumes create PVCs named `test-<volume>`.
const FAKE_POD_NAME: &str = "test";
/// The stand-in container Kruise adds when the SidecarSet has no containers.
const FAKE_CONTAINER_NAME: &str = "test";
/// The fake pod's `terminationGracePeriodSeconds` (bounds lifecycle sleep actions).
const GRACE_PERIOD: i64 = 30;

const FILE_MODE_MSG: &str = "must be a number between 0 and 0777 (octal), both inclusive";
const NEGATIVE_MSG: &str = "must be greater than or equal to 0";
const MORE_THAN_ONE_VOLUME: &str = "may not specify more than 1 volume type";
const MORE_THAN_ONE_HANDLER: &str = "may not specify more than 1 handler type";
const INIT_WITHOUT_ALWAYS: &str = "may not be set for init containers without restartPolicy=Always";
const CONFIG_MAP_KEY_MSG: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const HTTP_HEADER_MSG: &str = "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";

type Errs = Vec<FieldError>;

/// The errors ValidatePodCreate reports for the containers, init containers and volumes of
/// the fake pod Kruise builds from a SidecarSet. Paths are rooted at `path` (the lead passes
/// FieldPath::root("spec")), e.g. `spec.containers[1].image: Required value`.
pub fn validate_sidecar_pod_parts(
    init_containers: &[Value],
    containers: &[Value],
    volumes: &[Value],
    path: &FieldPath,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let vols = validate_volumes(volumes, &path.child("volumes"), &mut errs);
    let ctx = Ctx { vols: &vols };

    // The stand-in container is valid and has no ports; it only takes part in name uniqueness
    // and in the pod-wide hostProcess count.
    let regular_names: Vec<&str> = if containers.is_empty() {
        vec![FAKE_CONTAINER_NAME]
    } else {
        validate_containers(&ctx, containers, &path.child("containers"), &mut errs);
        containers.iter().map(|c| str_at(c, "name")).collect()
    };
    validate_init_containers(&ctx, init_containers, &regular_names, &path.child("initContainers"), &mut errs);
    validate_host_process_pod(init_containers, containers, path, &mut errs);
    // Pod-only checks run after the whole spec: containers first, then init containers.
    for (list, name) in [(containers, "containers"), (init_containers, "initContainers")] {
        for (i, c) in list.iter().enumerate() {
            let image = str_at(c, "image");
            if image.trim().len() != image.len() {
                errs.push(FieldError::invalid(
                    &path.child(name).index(i).child("image"),
                    image,
                    "must not have leading or trailing whitespace",
                ));
            }
        }
    }
    errs
}

// ---- JSON access (Go semantics: a missing key and `null` are the zero value) ----------------

/// A field's value unless it is absent or `null` (Go's nil pointer / zero value).
fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(x) => Some(x),
    }
}

/// A string field; "" when absent, `null` or not a string.
fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    get(v, key).and_then(Value::as_str).unwrap_or("")
}

/// A string field that Go keeps as a pointer: `None` when absent or `null`.
fn opt_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    get(v, key).and_then(Value::as_str)
}

fn as_int(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18).map(|f| f as i64))
}

/// An integer field kept as a pointer in Go.
fn opt_int(v: &Value, key: &str) -> Option<i64> {
    get(v, key).and_then(as_int)
}

/// A plain integer field (absent is 0).
fn int_at(v: &Value, key: &str) -> i64 {
    opt_int(v, key).unwrap_or(0)
}

fn bool_at(v: &Value, key: &str) -> bool {
    get(v, key).and_then(Value::as_bool).unwrap_or(false)
}

fn list_at<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    match get(v, key) {
        Some(Value::Array(a)) => a,
        _ => &[],
    }
}

fn map_at<'a>(v: &'a Value, key: &str) -> Option<&'a Map<String, Value>> {
    get(v, key).and_then(Value::as_object)
}

/// A quantity as Go decodes it: a JSON string, or a bare JSON number read as its text.
fn quantity(v: &Value) -> Option<Quantity> {
    match v {
        Value::String(s) => Quantity::parse(s).ok(),
        Value::Number(n) => Quantity::parse(&n.to_string()).ok(),
        // Go decodes a `null` quantity as zero.
        Value::Null => Quantity::parse("0").ok(),
        _ => None,
    }
}

fn invalid_int(path: &FieldPath, n: i64, detail: impl Into<String>) -> FieldError {
    FieldError::invalid_raw(path, n.to_string(), detail)
}

fn too_long(path: &FieldPath, max: usize) -> FieldError {
    FieldError::new(path, ErrorKind::TooLong, None, format!("may not be more than {max} bytes"))
}

fn range_msg(lo: i64, hi: i64) -> String {
    format!("must be between {lo} and {hi}, inclusive")
}

/// `Invalid` errors, one per message of a name check.
fn each_invalid(path: &FieldPath, value: &str, msgs: Vec<String>, errs: &mut Errs) {
    errs.extend(msgs.into_iter().map(|m| FieldError::invalid(path, value, m)));
}

/// `apimachineryvalidation.NameIsDNSSubdomain(name, prefix)`. With `prefix`, Go replaces the
/// last *two* bytes of a name ending in '-' by "a" (an upstream slip that is observable).
/// Non-ASCII bytes can only fail the check; they are replaced by an invalid ASCII byte so that a
/// byte slice in the middle of a character cannot matter and lengths stay Go's.
fn dns_subdomain_name(name: &str, prefix: bool) -> Vec<String> {
    if prefix && name.len() > 1 && name.ends_with('-') {
        let bytes = name.as_bytes();
        let kept = bytes.get(..bytes.len() - 2).unwrap_or_default();
        let mut masked: String = kept.iter().map(|&b| if b.is_ascii() { b as char } else { '_' }).collect();
        masked.push('a');
        return is_dns1123_subdomain(&masked);
    }
    is_dns1123_subdomain(name)
}

/// Go's `strings.ToLower`: per-character simple lower-casing (only `İ` differs from Rust's full
/// mapping, which would add a combining dot).
fn go_lower(s: &str) -> String {
    s.chars().map(|c| if c == '\u{130}' { 'i' } else { c.to_lowercase().next().unwrap_or(c) }).collect()
}

/// `hasChDirPrefix`.
fn chdir_prefix(value: &str) -> Option<&'static str> {
    match value {
        "." => Some("must not be '.'"),
        ".." => Some("must not be '..'"),
        v if v.starts_with("..") => Some("must not start with '..'"),
        _ => None,
    }
}

/// `IsConfigMapKey`.
fn config_map_key_errors(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    if key.len() > 253 {
        out.push("must be no more than 253 characters".to_string());
    }
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_')) {
        out.push(CONFIG_MAP_KEY_MSG.to_string());
    }
    out.extend(chdir_prefix(key).map(str::to_string));
    out
}

// ---- paths ---------------------------------------------------------------------------------

/// `validatePathNoBacksteps`: one error if any '/'-separated element is "..".
fn no_backsteps(p: &str, path: &FieldPath, errs: &mut Errs) {
    if p.split('/').any(|e| e == "..") {
        errs.push(FieldError::invalid(path, p, "must not contain '..'"));
    }
}

/// `validateLocalDescendingPath`: relative, without "..".
fn local_descending(p: &str, path: &FieldPath, errs: &mut Errs) {
    if p.starts_with('/') {
        errs.push(FieldError::invalid(path, p, "must be a relative path"));
    }
    no_backsteps(p, path, errs);
}

/// `ValidateLocalNonReservedPath`: also no leading ".." (such names are reserved by the atomic
/// writer for its own directories).
fn local_non_reserved(p: &str, path: &FieldPath, errs: &mut Errs) {
    local_descending(p, path, errs);
    if p.starts_with("..") && !p.starts_with("../") {
        errs.push(FieldError::invalid(path, p, "must not start with '..'"));
    }
}

fn file_mode(v: &Value, key: &str, path: &FieldPath, errs: &mut Errs) {
    if let Some(m) = opt_int(v, key)
        && !(0..=0o777).contains(&m)
    {
        errs.push(invalid_int(&path.child(key), m, FILE_MODE_MSG));
    }
}

// ---- volumes -------------------------------------------------------------------------------

/// What containers need to know about a valid volume.
struct VolInfo {
    name: String,
    /// PVC or generic ephemeral volume: usable as a block device.
    block: bool,
    image: bool,
}

struct Ctx<'a> {
    vols: &'a [VolInfo],
}

impl Ctx<'_> {
    fn vol(&self, name: &str) -> Option<&VolInfo> {
        self.vols.iter().find(|v| v.name == name)
    }
}

type SourceCheck = fn(&Value, &FieldPath, &mut Errs);

/// The volume sources (JSON keys) in the order Go tests them, with their checks.
const SOURCES: &[(&str, SourceCheck)] = &[
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
fn extra_source_segment(key: &str) -> &str {
    match key {
        "cephfs" => "cephFS",
        "downwardAPI" => "downwarAPI",
        k => k,
    }
}

/// The path segment Go reports a source's own errors under (one differs from the key).
fn source_segment(key: &str) -> &str {
    if key == "gcePersistentDisk" { "persistentDisk" } else { key }
}

/// `ValidateVolumes`: returns the volumes containers may use (only those without any error).
fn validate_volumes(volumes: &[Value], path: &FieldPath, errs: &mut Errs) -> Vec<VolInfo> {
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

fn validate_volume_source(vol: &Value, vol_name: &str, path: &FieldPath, errs: &mut Errs) {
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
fn required_strs(src: &Value, fields: &[&str], path: &FieldPath, errs: &mut Errs) {
    for f in fields {
        if str_at(src, f).is_empty() {
            errs.push(FieldError::required(&path.child(f), ""));
        }
    }
}

fn required_list(src: &Value, field: &str, path: &FieldPath, errs: &mut Errs) {
    if list_at(src, field).is_empty() {
        errs.push(FieldError::required(&path.child(field), ""));
    }
}

/// `secretRef.name` must be set when a secretRef is given.
fn secret_ref_name(src: &Value, path: &FieldPath, errs: &mut Errs) {
    if let Some(r) = get(src, "secretRef")
        && str_at(r, "name").is_empty()
    {
        errs.push(FieldError::required(&path.child("secretRef").child("name"), ""));
    }
}

fn partition(src: &Value, path: &FieldPath, errs: &mut Errs) {
    let p = int_at(src, "partition");
    if !(0..=255).contains(&p) {
        errs.push(invalid_int(&path.child("partition"), p, range_msg(1, 255)));
    }
}

fn check_empty_dir(src: &Value, path: &FieldPath, errs: &mut Errs) {
    if let Some(q) = get(src, "sizeLimit").and_then(quantity)
        && q.sign() < 0
    {
        errs.push(FieldError::forbidden(&path.child("sizeLimit"), "SizeLimit field must be a valid resource quantity"));
    }
}

const HOST_PATH_TYPES: &[&str] =
    &["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

fn check_host_path(src: &Value, path: &FieldPath, errs: &mut Errs) {
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

fn check_git_repo(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["repository"], path, errs);
    local_descending(str_at(src, "directory"), &path.child("directory"), errs);
}

fn check_gce_pd(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["pdName"], path, errs);
    partition(src, path, errs);
}

fn check_aws_ebs(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["volumeID"], path, errs);
    partition(src, path, errs);
}

fn key_to_paths(items: &[Value], path: &FieldPath, errs: &mut Errs) {
    for (i, kp) in items.iter().enumerate() {
        key_to_path(kp, &path.index(i), errs);
    }
}

/// `validateKeyToPath`.
fn key_to_path(kp: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(kp, &["key", "path"], path, errs);
    local_non_reserved(str_at(kp, "path"), &path.child("path"), errs);
    file_mode(kp, "mode", path, errs);
}

fn check_secret(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["secretName"], path, errs);
    file_mode(src, "defaultMode", path, errs);
    key_to_paths(list_at(src, "items"), &path.child("items"), errs);
}

fn check_config_map(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["name"], path, errs);
    file_mode(src, "defaultMode", path, errs);
    key_to_paths(list_at(src, "items"), &path.child("items"), errs);
}

fn check_nfs(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["server", "path"], path, errs);
    let p = str_at(src, "path");
    if !p.starts_with('/') {
        errs.push(FieldError::invalid(&path.child("path"), p, "must be an absolute path"));
    }
}

fn check_iscsi(src: &Value, path: &FieldPath, errs: &mut Errs) {
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

fn check_glusterfs(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["endpoints", "path"], path, errs);
}

fn check_flocker(src: &Value, path: &FieldPath, errs: &mut Errs) {
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

fn check_pvc(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["claimName"], path, errs);
}

fn check_rbd(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_list(src, "monitors", path, errs);
    required_strs(src, &["image"], path, errs);
}

fn check_cinder(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["volumeID"], path, errs);
    secret_ref_name(src, path, errs);
}

fn check_cephfs(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_list(src, "monitors", path, errs);
}

fn check_quobyte(src: &Value, path: &FieldPath, errs: &mut Errs) {
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

fn check_fc(src: &Value, path: &FieldPath, errs: &mut Errs) {
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

fn check_flex(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["driver"], path, errs);
    for k in map_at(src, "options").into_iter().flat_map(|m| m.keys()) {
        let ns = k.split_once('/').map_or(k.as_str(), |(ns, _)| ns);
        let normalized = format!(".{}", go_lower(ns));
        if normalized.ends_with(".kubernetes.io") || normalized.ends_with(".k8s.io") {
            errs.push(FieldError::invalid(
                &path.child("options").key(k),
                k,
                "kubernetes.io and k8s.io namespaces are reserved",
            ));
        }
    }
}

fn check_azure_file(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["secretName", "shareName"], path, errs);
}

fn check_vsphere(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["volumePath"], path, errs);
}

fn check_photon(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["pdID"], path, errs);
}

fn check_portworx(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["volumeID"], path, errs);
}

fn check_azure_disk(src: &Value, path: &FieldPath, errs: &mut Errs) {
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

fn check_storageos(src: &Value, path: &FieldPath, errs: &mut Errs) {
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

fn check_scale_io(src: &Value, path: &FieldPath, errs: &mut Errs) {
    required_strs(src, &["gateway", "system", "volumeName"], path, errs);
}

fn check_csi(src: &Value, path: &FieldPath, errs: &mut Errs) {
    let driver = str_at(src, "driver");
    let dpath = path.child("driver");
    if driver.is_empty() {
        errs.push(FieldError::required(&dpath, ""));
    }
    if driver.len() > 63 {
        errs.push(too_long(&dpath, 63));
    }
    each_invalid(&dpath, driver, is_dns1123_subdomain(&go_lower(driver)), errs);
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

fn check_image(src: &Value, path: &FieldPath, errs: &mut Errs) {
    // The reference is only required when the object is a Pod (`ResourceIsPod`), which Kruise
    // does not set.
    pull_policy(str_at(src, "pullPolicy"), &path.child("pullPolicy"), errs);
}

const VOLUME_FIELD_PATHS: &[&str] =
    &["metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"];

fn check_downward_api(src: &Value, path: &FieldPath, errs: &mut Errs) {
    file_mode(src, "defaultMode", path, errs);
    // Go reports item errors at the source path, without the item index.
    for item in list_at(src, "items") {
        downward_api_file(item, path, errs);
    }
}

/// `validateDownwardAPIVolumeFile`.
fn downward_api_file(file: &Value, path: &FieldPath, errs: &mut Errs) {
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

fn check_projected(src: &Value, path: &FieldPath, errs: &mut Errs) {
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

fn cluster_trust_bundle(b: &Value, path: &FieldPath, errs: &mut Errs) {
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
fn cluster_trust_bundle_name(signer: &str, name: &str) -> Vec<String> {
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
fn signer_name(signer: &str, path: &FieldPath, errs: &mut Errs) {
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
const TEMPLATE_META_FORBIDDEN: &[(&str, &str)] = &[
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

fn check_ephemeral(src: &Value, path: &FieldPath, errs: &mut Errs) {
    let Some(tmpl) = get(src, "volumeClaimTemplate") else {
        errs.push(FieldError::required(&path.child("volumeClaimTemplate"), ""));
        return;
    };
    let tpath = path.child("volumeClaimTemplate");
    let meta = get(tmpl, "metadata").unwrap_or(&Value::Null);
    let mpath = tpath.child("metadata");
    for k in map_at(meta, "annotations").into_iter().flat_map(|m| m.keys()) {
        each_invalid(&mpath.child("annotations"), k, is_qualified_name(&go_lower(k)), errs);
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

const ACCESS_MODES: &[&str] = &["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

/// The parts of `ValidatePersistentVolumeClaimSpec` a claim template realistically gets wrong.
fn pvc_spec(spec: &Value, path: &FieldPath, errs: &mut Errs) {
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

// ---- downward API selectors ----------------------------------------------------------------

const ENV_FIELD_PATHS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// Field labels `ConvertDownwardAPIFieldLabel` accepts for v1 pods (`spec.host` is an alias).
const CONVERTIBLE_FIELD_LABELS: &[&str] = &[
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.serviceAccountName",
    "spec.schedulerName",
    "status.phase",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// `fieldpath.SplitMaybeSubscriptedPath`: `a.b['key']` → (`a.b`, `key`).
fn split_subscript(p: &str) -> Option<(&str, &str)> {
    let inner = p.strip_suffix("']")?;
    let (head, sub) = inner.split_once("['")?;
    (!head.is_empty()).then_some((head, sub))
}

/// `validateObjectFieldSelector`.
fn object_field_selector(fs: &Value, allowed: &[&str], path: &FieldPath, errs: &mut Errs) {
    let version = str_at(fs, "apiVersion");
    if version.is_empty() {
        errs.push(FieldError::required(&path.child("apiVersion"), ""));
        return;
    }
    let fp = str_at(fs, "fieldPath");
    if fp.is_empty() {
        errs.push(FieldError::required(&path.child("fieldPath"), ""));
        return;
    }
    let conversion_error = if version != "v1" {
        Some(format!("unsupported pod version: {version}"))
    } else if let Some((head, _)) = split_subscript(fp) {
        (!matches!(head, "metadata.annotations" | "metadata.labels"))
            .then(|| format!("field label does not support subscript: {fp}"))
    } else {
        (!CONVERTIBLE_FIELD_LABELS.contains(&fp) && fp != "spec.host")
            .then(|| format!("field label not supported: {fp}"))
    };
    if let Some(e) = conversion_error {
        errs.push(FieldError::invalid(&path.child("fieldPath"), fp, format!("error converting fieldPath: {e}")));
        return;
    }
    match split_subscript(fp) {
        // Annotation keys are case-insensitive, so they are checked lower-cased.
        Some(("metadata.annotations", sub)) => {
            let lower = go_lower(sub);
            each_invalid(path, &lower, is_qualified_name(&lower), errs);
        }
        Some((_, sub)) => each_invalid(path, sub, is_qualified_name(sub), errs),
        None => {
            let internal = if fp == "spec.host" { "spec.nodeName" } else { fp };
            if !allowed.contains(&internal) {
                errs.push(FieldError::not_supported(&path.child("fieldPath"), internal, allowed));
            }
        }
    }
}

const RESOURCE_FIELD_PATHS: &[&str] = &[
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

/// Divisors `validateContainerResourceDivisor` accepts for byte-sized resources.
const BYTE_DIVISORS: &[&str] = &["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"];

/// `validateContainerResourceFieldSelector` (+ divisor).
fn resource_field_selector(fs: &Value, path: &FieldPath, volume: bool, errs: &mut Errs) {
    let resource = str_at(fs, "resource");
    if volume && str_at(fs, "containerName").is_empty() {
        errs.push(FieldError::required(&path.child("containerName"), ""));
    } else if resource.is_empty() {
        errs.push(FieldError::required(&path.child("resource"), ""));
    } else if !RESOURCE_FIELD_PATHS.contains(&resource)
        && !resource.starts_with("requests.hugepages-")
        && !resource.starts_with("limits.hugepages-")
    {
        errs.push(FieldError::not_supported(&path.child("resource"), resource, RESOURCE_FIELD_PATHS));
    }
    // Divisors are compared by their canonical text, as Go compares `divisor.String()`.
    let Some(div) = get(fs, "divisor").and_then(quantity) else {
        return;
    };
    if div.is_zero() {
        return;
    }
    let text = div.canonical();
    let dpath = path.child("divisor");
    let bad = |what: &str| {
        FieldError::invalid(
            &dpath,
            resource,
            format!(
                "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the {what}"
            ),
        )
    };
    match resource {
        "limits.cpu" | "requests.cpu" if !["1m", "1"].contains(&text.as_str()) => errs.push(FieldError::invalid(
            &dpath,
            resource,
            "only divisor's values 1m and 1 are supported with the cpu resource",
        )),
        "limits.memory" | "requests.memory" if !BYTE_DIVISORS.contains(&text.as_str()) => {
            errs.push(bad("memory resource"))
        }
        "limits.ephemeral-storage" | "requests.ephemeral-storage" if !BYTE_DIVISORS.contains(&text.as_str()) => {
            errs.push(bad("local ephemeral storage resource"))
        }
        _ => {}
    }
    if (resource.starts_with("requests.hugepages-") || resource.starts_with("limits.hugepages-"))
        && !BYTE_DIVISORS.contains(&text.as_str())
    {
        errs.push(bad("hugepages resource"));
    }
}

// ---- containers ----------------------------------------------------------------------------

/// `validateContainers` for the SidecarSet's (non-empty) containers.
fn validate_containers(ctx: &Ctx, containers: &[Value], path: &FieldPath, errs: &mut Errs) {
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
fn validate_init_containers(ctx: &Ctx, inits: &[Value], regular: &[&str], path: &FieldPath, errs: &mut Errs) {
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
fn validate_container_common(ctx: &Ctx, c: &Value, path: &FieldPath, errs: &mut Errs) {
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

fn pull_policy(p: &str, path: &FieldPath, errs: &mut Errs) {
    match p {
        "Always" | "IfNotPresent" | "Never" => {}
        "" => errs.push(FieldError::required(path, "")),
        p => errs.push(FieldError::not_supported(path, p, &["Always", "IfNotPresent", "Never"])),
    }
}

/// Go's `map[name]path` over mounts or devices: a later entry with the same name wins.
fn name_map<'a>(list: &'a [Value], path_key: &str) -> Vec<(&'a str, &'a str)> {
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

fn validate_ports(ports: &[Value], path: &FieldPath, errs: &mut Errs) {
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
fn host_port_conflicts(containers: &[Value], path: &FieldPath, errs: &mut Errs) {
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

fn validate_env(vars: &[Value], path: &FieldPath, errs: &mut Errs) {
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
fn key_selector(s: &Value, path: &FieldPath, errs: &mut Errs) {
    let name = str_at(s, "name");
    each_invalid(&path.child("name"), name, dns_subdomain_name(name, false), errs);
    let key = str_at(s, "key");
    if key.is_empty() {
        errs.push(FieldError::required(&path.child("key"), ""));
    } else {
        each_invalid(&path.child("key"), key, config_map_key_errors(key), errs);
    }
}

fn validate_env_from(sources: &[Value], path: &FieldPath, errs: &mut Errs) {
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
fn validate_mounts(
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
fn validate_devices(ctx: &Ctx, devices: &[Value], mounts: &[(&str, &str)], path: &FieldPath, errs: &mut Errs) {
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

// ---- probes and lifecycle ------------------------------------------------------------------

fn validate_probes_and_lifecycle(c: &Value, path: &FieldPath, errs: &mut Errs) {
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

fn validate_probe(probe: &Value, path: &FieldPath, errs: &mut Errs) {
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
fn validate_handler(h: &Value, kinds: &[&str], path: &FieldPath, errs: &mut Errs) {
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
fn port_num_or_name(port: Option<&Value>, path: &FieldPath, errs: &mut Errs) {
    match port {
        Some(Value::String(s)) => each_invalid(path, s, is_valid_port_name(s), errs),
        other => {
            let n = other.and_then(as_int).unwrap_or(0);
            errs.extend(is_valid_port_num(n).into_iter().map(|m| invalid_int(path, n, m)));
        }
    }
}

// ---- resources -----------------------------------------------------------------------------

const STANDARD_RESOURCES: &[&str] = &[
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

const INTEGER_RESOURCES: &[&str] = &[
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

fn is_hugepages(name: &str) -> bool {
    name.starts_with("hugepages-")
}

/// Native resources have no domain or the `kubernetes.io/` one.
fn is_native(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

fn is_extended(name: &str) -> bool {
    !is_native(name) && !name.starts_with("requests.") && is_qualified_name(&format!("requests.{name}")).is_empty()
}

fn overcommit_allowed(name: &str) -> bool {
    is_native(name) && !is_hugepages(name)
}

/// `validateContainerResourceName`.
fn resource_name(name: &str, path: &FieldPath, errs: &mut Errs) {
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
fn quantity_value(name: &str, q: &Quantity, path: &FieldPath, errs: &mut Errs) {
    if q.sign() < 0 {
        errs.push(FieldError::invalid(path, &q.canonical(), NEGATIVE_MSG));
    }
    if (INTEGER_RESOURCES.contains(&name) || is_extended(name)) && q.milli_value() % 1000 != 0 {
        errs.push(FieldError::invalid(path, &q.canonical(), "must be an integer"));
    }
}

fn validate_resources(res: &Value, path: &FieldPath, errs: &mut Errs) {
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
fn validate_claims(claims: &[Value], path: &FieldPath, errs: &mut Errs) {
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

fn validate_resize_policy(list: &[Value], path: &FieldPath, errs: &mut Errs) {
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
fn go_resize_policies(list: &[Value]) -> String {
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
fn go_string_slice(list: &[Value]) -> String {
    let items: Vec<String> = list.iter().map(|v| quote(v.as_str().unwrap_or(""))).collect();
    format!("[]string{{{}}}", items.join(", "))
}

// ---- security context ----------------------------------------------------------------------

const MAX_ID: i64 = i32::MAX as i64;

fn validate_security_context(sc: &Value, path: &FieldPath, errs: &mut Errs) {
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

const PROFILE_TYPES: &[&str] = &["Localhost", "RuntimeDefault", "Unconfined"];

fn seccomp_profile(sp: &Value, path: &FieldPath, errs: &mut Errs) {
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

fn app_armor_profile(a: &Value, path: &FieldPath, errs: &mut Errs) {
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

fn windows_options(w: &Value, path: &FieldPath, errs: &mut Errs) {
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
fn is_netbios_name(d: &str) -> bool {
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
fn is_windows_dns_domain(d: &str) -> bool {
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
fn validate_host_process_pod(inits: &[Value], containers: &[Value], path: &FieldPath, errs: &mut Errs) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DNS_LABEL: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    const DNS_SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    const ENV_NAME: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
    const QNAME_PART: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    const PORT_CHARS: &str = "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
    const PORT_LETTER: &str = "must contain at least one letter (a-z)";
    const PORT_RANGE: &str = "must be between 1 and 65535, inclusive";
    const ENV_FIELDS: &str = "supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\"";
    const SLEEP: &str = "must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.";

    /// A container as Kruise's defaulting leaves it, with `extra` merged in (`null` removes).
    fn c(name: &str, extra: Value) -> Value {
        let mut base = json!({
            "name": name, "image": "img:1", "imagePullPolicy": "IfNotPresent",
            "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
            "podInjectPolicy": "BeforeAppContainer", "shareVolumePolicy": {"type": "disabled"},
            "upgradeStrategy": {"upgradeType": "ColdUpgrade"}
        });
        if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
            for (k, v) in e {
                if v.is_null() {
                    b.remove(&k);
                } else {
                    b.insert(k, v);
                }
            }
        }
        base
    }

    fn list(v: Value) -> Vec<Value> {
        match v {
            Value::Array(a) => a,
            _ => Vec::new(),
        }
    }

    fn run(init: Value, containers: Value, volumes: Value) -> Vec<String> {
        validate_sidecar_pod_parts(&list(init), &list(containers), &list(volumes), &FieldPath::root("spec"))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// (case, init containers, containers, volumes, expected messages in order)
    fn cases() -> Vec<(&'static str, Value, Value, Value, Vec<String>)> {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let pvc = json!({"name": "disk0", "persistentVolumeClaim": {"claimName": "pvc-0"}});
        let empty = |n: &str| json!({"name": n, "emptyDir": {}});
        vec![
            // ---- Kruise's validating webhook cases (reference §4.6) ----
            ("kruise wrong-initContainer: no image",
                json!([c("test-sidecar", json!({"image": null}))]), json!([]), json!([]),
                s(&["spec.initContainers[0].image: Required value"])),
            ("kruise wrong-volumes: sourceless volume (undefaulted)",
                json!([]), json!([c("test-sidecar", json!({}))]),
                json!([{"name": "test-volume"}, {"name": "istio-token", "projected": {"defaultMode": 420, "sources": [
                    {"serviceAccountToken": {"audience": "istio-ca", "expirationSeconds": 43200, "path": "istio-token"}}]}}]),
                s(&["spec.volumes[0]: Required value: must specify a volume type"])),
            ("kruise wrong-volumeDevice-volumes",
                json!([]), json!([c("test-sidecar", json!({"volumeDevices": [{"name": "disk0", "devicePath": "/dev/nvme1"}]}))]), json!([]),
                s(&["spec.containers[0].volumeDevices[0].name: Not found: \"disk0\""])),
            ("kruise right-volumeDevice-volumes",
                json!([]), json!([c("test-sidecar", json!({"volumeDevices": [{"name": "disk0", "devicePath": "/dev/nvme1"}]}))]),
                json!([pvc.clone()]), vec![]),
            ("kruise volumeDevice-volumeMount-path-conflict",
                json!([]), json!([c("test-sidecar", json!({
                    "volumeDevices": [{"name": "disk0", "devicePath": "/home/admin/log"}],
                    "volumeMounts": [{"name": "log", "mountPath": "/home/admin/log"}]}))]),
                json!([pvc.clone(), empty("log")]),
                s(&["spec.containers[0].volumeMounts[0].mountPath: Invalid value: \"/home/admin/log\": must not already exist as a path in volumeDevices",
                    "spec.containers[0].volumeDevices[0].devicePath: Invalid value: \"/home/admin/log\": must not already exist as a path in volumeMounts"])),
            ("kruise native sidecar init container is fine",
                json!([c("test-init", json!({"restartPolicy": "Always"}))]), json!([]), json!([]), vec![]),
            ("stand-in container name clashes with an init container",
                json!([c("test", json!({}))]), json!([]), json!([]),
                s(&["spec.initContainers[0].name: Duplicate value: \"test\""])),
            ("typical log sidecar is fine",
                json!([]), json!([c("filebeat", json!({
                    "env": [{"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
                            {"name": "VERSION", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.annotations['version.sidecarset.kruise.io/x']"}}},
                            {"name": "MEM", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"}}}],
                    "resources": {"limits": {"cpu": "500m", "memory": "200Mi"}, "requests": {"cpu": "100m", "memory": "100Mi"}},
                    "volumeMounts": [{"name": "config", "mountPath": "/etc/filebeat.yml", "subPath": "filebeat.yml", "readOnly": true},
                                     {"name": "logs", "mountPath": "/var/log/app", "mountPropagation": "HostToContainer"}],
                    "livenessProbe": {"exec": {"command": ["true"]}, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3, "timeoutSeconds": 1},
                    "lifecycle": {"preStop": {"sleep": {"seconds": 5}}}}))]),
                json!([{"name": "config", "configMap": {"name": "filebeat-config", "defaultMode": 420, "items": [{"key": "filebeat.yml", "path": "filebeat.yml"}]}},
                       {"name": "logs", "hostPath": {"path": "/var/log", "type": "DirectoryOrCreate"}}]),
                vec![]),
            // ---- volumes ----
            ("volume name required", json!([]), json!([]), json!([{"emptyDir": {}}]),
                s(&["spec.volumes[0].name: Required value"])),
            ("volume name not a DNS label", json!([]), json!([]), json!([empty("Bad_Name")]),
                vec![format!("spec.volumes[0].name: Invalid value: \"Bad_Name\": {DNS_LABEL}")]),
            ("volume name with dots", json!([]), json!([]), json!([empty("a.b")]),
                s(&["spec.volumes[0].name: Invalid value: \"a.b\": must not contain dots"])),
            ("duplicate volume names", json!([]), json!([]), json!([empty("v"), empty("v")]),
                s(&["spec.volumes[1].name: Duplicate value: \"v\""])),
            ("two volume sources", json!([]), json!([]), json!([{"name": "v", "emptyDir": {}, "hostPath": {"path": "/x"}}]),
                s(&["spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"])),
            ("second source reported with Go's path typo", json!([]), json!([]),
                json!([{"name": "v", "emptyDir": {}, "downwardAPI": {"items": []}}, {"name": "w", "configMap": {"name": "a"}, "downwardAPI": {}}]),
                s(&["spec.volumes[0].downwarAPI: Forbidden: may not specify more than 1 volume type",
                    "spec.volumes[1].configMap: Forbidden: may not specify more than 1 volume type"])),
            ("hostPath path required and no backsteps", json!([]), json!([]),
                json!([{"name": "a", "hostPath": {"path": ""}}, {"name": "b", "hostPath": {"path": "/var/../etc"}}]),
                s(&["spec.volumes[0].hostPath.path: Required value",
                    "spec.volumes[1].hostPath.path: Invalid value: \"/var/../etc\": must not contain '..'"])),
            ("hostPath type values", json!([]), json!([]), json!([{"name": "a", "hostPath": {"path": "/x", "type": "Dir"}}]),
                s(&["spec.volumes[0].hostPath.type: Unsupported value: \"Dir\": supported values: \"\", \"BlockDevice\", \"CharDevice\", \"Directory\", \"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\""])),
            ("emptyDir negative sizeLimit", json!([]), json!([]), json!([{"name": "a", "emptyDir": {"sizeLimit": "-1Gi"}}]),
                s(&["spec.volumes[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity"])),
            ("secret name and defaultMode", json!([]), json!([]), json!([{"name": "a", "secret": {"defaultMode": 512}}]),
                s(&["spec.volumes[0].secret.secretName: Required value",
                    "spec.volumes[0].secret.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive"])),
            ("configMap items key/path/mode", json!([]), json!([]),
                json!([{"name": "a", "configMap": {"name": "cm", "items": [
                    {"key": "", "path": "/abs"}, {"key": "k", "path": "a/../b"}, {"key": "k", "path": "..data"}, {"key": "k", "path": "ok", "mode": -1}]}}]),
                s(&["spec.volumes[0].configMap.items[0].key: Required value",
                    "spec.volumes[0].configMap.items[0].path: Invalid value: \"/abs\": must be a relative path",
                    "spec.volumes[0].configMap.items[1].path: Invalid value: \"a/../b\": must not contain '..'",
                    "spec.volumes[0].configMap.items[2].path: Invalid value: \"..data\": must not start with '..'",
                    "spec.volumes[0].configMap.items[3].mode: Invalid value: -1: must be a number between 0 and 0777 (octal), both inclusive"])),
            ("projected token expiration and path", json!([]), json!([]),
                json!([{"name": "a", "projected": {"sources": [{"serviceAccountToken": {"expirationSeconds": 100, "path": ""}}]}}]),
                s(&["spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 100: may not specify a duration less than 10 minutes",
                    "spec.volumes[0].projected.path: Required value"])),
            ("projected duplicate paths and two kinds in one source", json!([]), json!([]),
                json!([{"name": "a", "projected": {"defaultMode": 420, "sources": [
                    {"secret": {"name": "s", "items": [{"key": "k", "path": "p"}]}},
                    {"configMap": {"name": "cm", "items": [{"key": "k", "path": "p"}]}, "downwardAPI": {"items": [{"path": "q", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels"}}]}}]}}]),
                s(&["spec.volumes[0].projected: Invalid value: \"cm\": conflicting duplicate paths",
                    "spec.volumes[0].projected.sources[1]: Forbidden: may not specify more than 1 volume type per source"])),
            ("projected clusterTrustBundle without name or signer", json!([]), json!([]),
                json!([{"name": "a", "projected": {"sources": [{"clusterTrustBundle": {"path": "ca.pem"}}]}}]),
                s(&["spec.volumes[0].projected.sources[0].clusterTrustBundle: Required value: either name or signerName must be specified"])),
            ("projected clusterTrustBundle bad signer", json!([]), json!([]),
                json!([{"name": "a", "projected": {"sources": [{"clusterTrustBundle": {"signerName": "example.com/foo/invalid", "path": "ca.pem"}}]}}]),
                s(&["spec.volumes[0].projected.sources[0].clusterTrustBundle.signerName: Invalid value: \"example.com/foo/invalid\": must be a fully qualified domain and path of the form 'example.com/signer-name'"])),
            ("projected clusterTrustBundle name for another signer", json!([]), json!([]),
                json!([{"name": "a", "projected": {"sources": [{"clusterTrustBundle": {"name": "example.com:foo:bar", "path": "ca.pem"}}]}}]),
                vec![]),
            ("projected clusterTrustBundle empty name", json!([]), json!([]),
                json!([{"name": "a", "projected": {"sources": [{"clusterTrustBundle": {"name": "", "path": "ca.pem"}}]}}]),
                vec!["spec.volumes[0].projected.sources[0].clusterTrustBundle.name: Required value: must be a valid object name".to_string(),
                     format!("spec.volumes[0].projected.sources[0].clusterTrustBundle.name: Invalid value: \"\": not a valid clustertrustbundlename: {DNS_SUBDOMAIN}")]),
            ("downwardAPI item needs a source (reported without index)", json!([]), json!([]),
                json!([{"name": "a", "downwardAPI": {"items": [{"path": "x"}]}}]),
                s(&["spec.volumes[0].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required"])),
            ("downwardAPI volume field paths", json!([]), json!([]),
                json!([{"name": "a", "downwardAPI": {"items": [{"path": "x", "fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}},
                                                             {"path": "y", "resourceFieldRef": {"resource": "limits.cpu"}}]}}]),
                s(&["spec.volumes[0].downwardAPI.fieldRef.fieldPath: Unsupported value: \"spec.nodeName\": supported values: \"metadata.annotations\", \"metadata.labels\", \"metadata.name\", \"metadata.namespace\", \"metadata.uid\"",
                    "spec.volumes[0].downwardAPI.resourceFieldRef.containerName: Required value"])),
            ("pvc claimName required", json!([]), json!([]), json!([{"name": "a", "persistentVolumeClaim": {"claimName": ""}}]),
                s(&["spec.volumes[0].persistentVolumeClaim.claimName: Required value"])),
            ("pvc may not use an ephemeral volume's claim", json!([]), json!([]),
                json!([{"name": "a", "persistentVolumeClaim": {"claimName": "test-eph"}},
                       {"name": "eph", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}}}]),
                s(&["spec.volumes[0].persistentVolumeClaim.claimName: Invalid value: \"test-eph\": must not reference a PVC that gets created for an ephemeral volume"])),
            ("nfs server and absolute path", json!([]), json!([]), json!([{"name": "a", "nfs": {"path": "exports"}}]),
                s(&["spec.volumes[0].nfs.server: Required value",
                    "spec.volumes[0].nfs.path: Invalid value: \"exports\": must be an absolute path"])),
            ("csi driver required", json!([]), json!([]), json!([{"name": "a", "csi": {"driver": ""}}]),
                vec!["spec.volumes[0].csi.driver: Required value".to_string(),
                     format!("spec.volumes[0].csi.driver: Invalid value: \"\": {DNS_SUBDOMAIN}")]),
            ("csi secret name reported at csi.name", json!([]), json!([]),
                json!([{"name": "a", "csi": {"driver": "Disk.CSI.example.com", "nodePublishSecretRef": {"name": "Bad"}}}]),
                vec![format!("spec.volumes[0].csi.name: Invalid value: \"Bad\": {DNS_SUBDOMAIN}")]),
            ("ephemeral needs a template", json!([]), json!([]), json!([{"name": "a", "ephemeral": {}}]),
                s(&["spec.volumes[0].ephemeral.volumeClaimTemplate: Required value"])),
            ("ephemeral template spec", json!([]), json!([]),
                json!([{"name": "a", "ephemeral": {"volumeClaimTemplate": {"metadata": {"name": "x"}, "spec": {"volumeMode": "Raw"}}}}]),
                s(&["spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.name: Forbidden: cannot be set",
                    "spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required",
                    "spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value",
                    "spec.volumes[0].ephemeral.volumeClaimTemplate.spec.volumeMode: Unsupported value: \"Raw\": supported values: \"Block\", \"Filesystem\""])),
            ("image volume: pull policy, no subPath on it", json!([]),
                json!([c("a", json!({"volumeMounts": [{"name": "img", "mountPath": "/img", "subPath": "x"}]}))]),
                json!([{"name": "img", "image": {"reference": "repo/artifact:v1", "pullPolicy": "IfNotPresent"}},
                       {"name": "img2", "image": {"pullPolicy": "Sometimes"}}]),
                s(&["spec.volumes[1].image.pullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
                    "spec.containers[0].volumeMounts[0].subPath: Invalid value: \"x\": not allowed in image volume sources"])),
            ("a volume with errors cannot be mounted", json!([]),
                json!([c("a", json!({"volumeMounts": [{"name": "bad", "mountPath": "/x"}]}))]),
                json!([{"name": "bad", "secret": {}}]),
                s(&["spec.volumes[0].secret.secretName: Required value",
                    "spec.containers[0].volumeMounts[0].name: Not found: \"bad\""])),
            ("ephemeral volume with a bad name: PVC name too", json!([]), json!([]),
                json!([{"name": "Eph", "ephemeral": {"volumeClaimTemplate": {"metadata": {"labels": {"a b": "ok"}, "deletionGracePeriodSeconds": 0},
                    "spec": {"accessModes": ["ReadWriteOncePod", "ReadOnlyMany"], "resources": {"requests": {"storage": "0"}}, "storageClassName": "Fast"}}}}]),
                vec![format!("spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.labels: Invalid value: \"a b\": {QNAME_PART}"),
                     "spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.deletionGracePeriodSeconds: Forbidden: cannot be set".to_string(),
                     "spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes".to_string(),
                     "spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Invalid value: \"0\": must be greater than zero".to_string(),
                     format!("spec.volumes[0].ephemeral.volumeClaimTemplate.spec.storageClassName: Invalid value: \"Fast\": {DNS_SUBDOMAIN}"),
                     format!("spec.volumes[0].name: Invalid value: \"Eph\": PVC name \"test-Eph\": {DNS_SUBDOMAIN}"),
                     format!("spec.volumes[0].name: Invalid value: \"Eph\": {DNS_LABEL}")]),
            ("projected token path rules and ctb label selector", json!([]), json!([]),
                json!([{"name": "a", "projected": {"sources": [
                    {"serviceAccountToken": {"expirationSeconds": 5000000000i64, "path": "..token"}},
                    {"clusterTrustBundle": {"name": "x", "labelSelector": {}, "path": "ca"}}]}}]),
                s(&["spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 5000000000: may not specify a duration larger than 2^32 seconds",
                    "spec.volumes[0].projected.path: Invalid value: \"..token\": must not start with '..'",
                    "spec.volumes[0].projected.sources[1].clusterTrustBundle.labelSelector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: labelSelector must be unset if name is specified"])),
            ("in-tree sources: required fields and Go's path quirks", json!([]), json!([]),
                json!([{"name": "a", "gcePersistentDisk": {"partition": 300}}, {"name": "b", "rbd": {"monitors": []}},
                       {"name": "c", "cephfs": {}}, {"name": "d", "cinder": {"volumeID": "x", "secretRef": {}}},
                       {"name": "e", "gitRepo": {"repository": "r", "directory": "/abs"}}, {"name": "f", "glusterfs": {"path": "p"}}]),
                s(&["spec.volumes[0].persistentDisk.pdName: Required value",
                    "spec.volumes[0].persistentDisk.partition: Invalid value: 300: must be between 1 and 255, inclusive",
                    "spec.volumes[1].rbd.monitors: Required value", "spec.volumes[1].rbd.image: Required value",
                    "spec.volumes[2].cephfs.monitors: Required value",
                    "spec.volumes[3].cinder.secretRef.name: Required value",
                    "spec.volumes[4].gitRepo.directory: Invalid value: \"/abs\": must be a relative path",
                    "spec.volumes[5].glusterfs.endpoints: Required value"])),
            ("in-tree sources: fc, flexVolume, azureDisk, storageos, iscsi", json!([]), json!([]),
                json!([{"name": "a", "fc": {"targetWWNs": ["w"], "wwids": ["i"]}},
                       {"name": "b", "flexVolume": {"driver": "d", "options": {"Example.K8s.io/opt": "1", "mine/opt": "2"}}},
                       {"name": "c", "azureDisk": {"diskName": "d", "diskURI": "http://x", "kind": "Shared", "cachingMode": "Fast"}},
                       {"name": "d", "storageos": {"volumeName": "Vol"}},
                       {"name": "e", "iscsi": {"targetPortal": "1.2.3.4:3260", "iqn": "bad", "lun": 256, "chapAuthSession": true, "initiatorName": "iqn.x"}}]),
                vec!["spec.volumes[0].fc.targetWWNs: Invalid value: []string{\"w\"}: targetWWNs and wwids can not be specified simultaneously".to_string(),
                     "spec.volumes[0].fc.lun: Required value: lun is required if targetWWNs is specified".to_string(),
                     "spec.volumes[1].flexVolume.options[Example.K8s.io/opt]: Invalid value: \"Example.K8s.io/opt\": kubernetes.io and k8s.io namespaces are reserved".to_string(),
                     "spec.volumes[2].azureDisk.cachingMode: Unsupported value: \"Fast\": supported values: \"None\", \"ReadOnly\", \"ReadWrite\"".to_string(),
                     "spec.volumes[2].azureDisk.diskURI: Unsupported value: \"http://x\": supported values: \"https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd\"".to_string(),
                     format!("spec.volumes[3].storageos.volumeName: Invalid value: \"Vol\": {DNS_LABEL}"),
                     "spec.volumes[4].iscsi.iqn: Invalid value: \"bad\": must be valid format starting with iqn, eui, or naa".to_string(),
                     "spec.volumes[4].iscsi.lun: Invalid value: 256: must be between 0 and 255, inclusive".to_string(),
                     "spec.volumes[4].iscsi.secretRef: Required value".to_string()]),
            ("iscsi name length with an initiator, even as a second source", json!([]), json!([]),
                json!([{"name": "vol-with-a-rather-long-name-for-this", "emptyDir": {},
                        "iscsi": {"targetPortal": "portal-number-one.storage.example.com:3260", "iqn": "iqn.2001-04.com.example:storage", "initiatorName": "iqn.1994-05.com.redhat:x"}}]),
                s(&["spec.volumes[0].iscsi: Forbidden: may not specify more than 1 volume type",
                    "spec.volumes[0].name: Invalid value: \"vol-with-a-rather-long-name-for-this\": Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified."])),
            ("null quantities are zero, like Go", json!([]),
                json!([c("a", json!({"resources": {"limits": {"cpu": null}, "requests": {"cpu": "1"}}}))]), json!([]),
                s(&["spec.containers[0].resources.requests: Invalid value: \"1\": must be less than or equal to cpu limit of 0"])),
            // ---- container basics ----
            ("container name required and image required", json!([]), json!([c("", json!({"image": ""}))]), json!([]),
                s(&["spec.containers[0].name: Required value", "spec.containers[0].image: Required value"])),
            ("container name not a DNS label", json!([]), json!([c("Foo_Bar", json!({}))]), json!([]),
                vec![format!("spec.containers[0].name: Invalid value: \"Foo_Bar\": {DNS_LABEL}")]),
            ("pull policy and termination message policy", json!([]),
                json!([c("a", json!({"imagePullPolicy": "", "terminationMessagePolicy": ""})),
                       c("b", json!({"imagePullPolicy": "Sometimes", "terminationMessagePolicy": "Log"}))]), json!([]),
                s(&["spec.containers[0].terminationMessagePolicy: Required value",
                    "spec.containers[0].imagePullPolicy: Required value",
                    "spec.containers[1].terminationMessagePolicy: Unsupported value: \"Log\": supported values: \"File\", \"FallbackToLogsOnError\"",
                    "spec.containers[1].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""])),
            ("names unique across containers and init containers",
                json!([c("a", json!({})), c("b", json!({}))]), json!([c("a", json!({})), c("a", json!({}))]), json!([]),
                s(&["spec.containers[1].name: Duplicate value: \"a\"", "spec.initContainers[0].name: Duplicate value: \"a\""])),
            ("image whitespace is reported last", json!([c("i", json!({"image": "busybox "}))]),
                json!([c("a", json!({"image": " nginx", "imagePullPolicy": ""}))]), json!([]),
                s(&["spec.containers[0].imagePullPolicy: Required value",
                    "spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace",
                    "spec.initContainers[0].image: Invalid value: \"busybox \": must not have leading or trailing whitespace"])),
            // ---- ports ----
            ("port numbers and protocol", json!([]),
                json!([c("a", json!({"ports": [{"containerPort": 0, "protocol": "TCP"}, {"containerPort": 70000, "hostPort": -1, "protocol": ""},
                                              {"containerPort": 80, "protocol": "ICMP"}]}))]), json!([]),
                vec!["spec.containers[0].ports[0].containerPort: Required value".to_string(),
                     format!("spec.containers[0].ports[1].containerPort: Invalid value: 70000: {PORT_RANGE}"),
                     format!("spec.containers[0].ports[1].hostPort: Invalid value: -1: {PORT_RANGE}"),
                     "spec.containers[0].ports[1].protocol: Required value".to_string(),
                     "spec.containers[0].ports[2].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"".to_string()]),
            ("port names", json!([]),
                json!([c("a", json!({"ports": [{"name": "HTTP", "containerPort": 80, "protocol": "TCP"},
                                              {"name": "web", "containerPort": 81, "protocol": "TCP"},
                                              {"name": "web", "containerPort": 82, "protocol": "TCP"}]}))]), json!([]),
                vec![format!("spec.containers[0].ports[0].name: Invalid value: \"HTTP\": {PORT_CHARS}"),
                     format!("spec.containers[0].ports[0].name: Invalid value: \"HTTP\": {PORT_LETTER}"),
                     "spec.containers[0].ports[2].name: Duplicate value: \"web\"".to_string()]),
            ("host port conflicts across containers", json!([]),
                json!([c("a", json!({"ports": [{"containerPort": 80, "hostPort": 8080, "protocol": "TCP"}]})),
                       c("b", json!({"ports": [{"containerPort": 81, "hostPort": 8080, "protocol": "TCP"}, {"containerPort": 82, "hostPort": 8080, "protocol": "UDP"}]}))]),
                json!([]),
                s(&["spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""])),
            ("init container host ports are checked alone, reported as [0]",
                json!([c("i0", json!({})), c("i1", json!({"ports": [{"containerPort": 80, "hostPort": 9, "protocol": "TCP"}, {"containerPort": 81, "hostPort": 9, "protocol": "TCP"}]}))]),
                json!([c("a", json!({"ports": [{"containerPort": 80, "hostPort": 9, "protocol": "TCP"}]}))]), json!([]),
                s(&["spec.initContainers[0].ports[1].hostPort: Duplicate value: \"TCP//9\""])),
            // ---- env ----
            ("env names", json!([]), json!([c("a", json!({"env": [{"name": ""}, {"name": "1abc"}, {"name": ".."}, {"name": "a.b-c_D"}]}))]), json!([]),
                vec!["spec.containers[0].env[0].name: Required value".to_string(),
                     format!("spec.containers[0].env[1].name: Invalid value: \"1abc\": {ENV_NAME}"),
                     "spec.containers[0].env[2].name: Invalid value: \"..\": must not be '..'".to_string()]),
            ("env valueFrom source count", json!([]),
                json!([c("a", json!({"env": [
                    {"name": "A", "valueFrom": {}},
                    {"name": "B", "value": "x", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
                    {"name": "C", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}, "secretKeyRef": {"name": "s", "key": "k"}}}]}))]),
                json!([]),
                s(&["spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
                    "spec.containers[0].env[1].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty",
                    "spec.containers[0].env[2].valueFrom: Invalid value: \"\": may not have more than one field specified at a time"])),
            ("env fieldRef paths", json!([]),
                json!([c("a", json!({"env": [
                    {"name": "A", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels"}}},
                    {"name": "B", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.annotations['invalid~key']"}}},
                    {"name": "C", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.phase"}}},
                    {"name": "D", "valueFrom": {"fieldRef": {"apiVersion": "v2", "fieldPath": "metadata.name"}}},
                    {"name": "E", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.whoops"}}},
                    {"name": "F", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name['key']"}}},
                    {"name": "G", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels['Www.k8s.io/test']"}}},
                    {"name": "H", "valueFrom": {"fieldRef": {"fieldPath": "spec.host"}}},
                    {"name": "I", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.host"}}},
                    {"name": "J", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.annotations['Upper.Example.com/Key']"}}}]}))]),
                json!([]),
                vec![format!("spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: \"metadata.labels\": {ENV_FIELDS}"),
                     format!("spec.containers[0].env[1].valueFrom.fieldRef: Invalid value: \"invalid~key\": {QNAME_PART}"),
                     format!("spec.containers[0].env[2].valueFrom.fieldRef.fieldPath: Unsupported value: \"status.phase\": {ENV_FIELDS}"),
                     "spec.containers[0].env[3].valueFrom.fieldRef.fieldPath: Invalid value: \"metadata.name\": error converting fieldPath: unsupported pod version: v2".to_string(),
                     "spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Invalid value: \"metadata.whoops\": error converting fieldPath: field label not supported: metadata.whoops".to_string(),
                     "spec.containers[0].env[5].valueFrom.fieldRef.fieldPath: Invalid value: \"metadata.name['key']\": error converting fieldPath: field label does not support subscript: metadata.name['key']".to_string(),
                     format!("spec.containers[0].env[6].valueFrom.fieldRef: Invalid value: \"Www.k8s.io/test\": prefix part {DNS_SUBDOMAIN}"),
                     "spec.containers[0].env[7].valueFrom.fieldRef.apiVersion: Required value".to_string()]),
            ("env resourceFieldRef", json!([]),
                json!([c("a", json!({"env": [
                    {"name": "A", "valueFrom": {"resourceFieldRef": {"resource": "limits.foo"}}},
                    {"name": "B", "valueFrom": {"resourceFieldRef": {"resource": "requests.cpu", "divisor": "1Mi"}}},
                    {"name": "C", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1024"}}},
                    {"name": "D", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1024Ki"}}},
                    {"name": "E", "valueFrom": {"resourceFieldRef": {"resource": "requests.hugepages-2Mi", "divisor": "0.001"}}},
                    {"name": "F", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1000m"}}},
                    {"name": "G", "valueFrom": {"resourceFieldRef": {"resource": ""}}}]}))]),
                json!([]),
                s(&["spec.containers[0].env[0].valueFrom.resourceFieldRef.resource: Unsupported value: \"limits.foo\": supported values: \"limits.cpu\", \"limits.ephemeral-storage\", \"limits.memory\", \"requests.cpu\", \"requests.ephemeral-storage\", \"requests.memory\"",
                    "spec.containers[0].env[1].valueFrom.resourceFieldRef.divisor: Invalid value: \"requests.cpu\": only divisor's values 1m and 1 are supported with the cpu resource",
                    "spec.containers[0].env[2].valueFrom.resourceFieldRef.divisor: Invalid value: \"limits.memory\": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource",
                    "spec.containers[0].env[4].valueFrom.resourceFieldRef.divisor: Invalid value: \"requests.hugepages-2Mi\": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource",
                    "spec.containers[0].env[6].valueFrom.resourceFieldRef.resource: Required value"])),
            ("env key selectors", json!([]),
                json!([c("a", json!({"env": [
                    {"name": "A", "valueFrom": {"configMapKeyRef": {"name": "$%^&*#", "key": ""}}},
                    {"name": "B", "valueFrom": {"secretKeyRef": {"name": "s", "key": "a b"}}}]}))]),
                json!([]),
                vec![format!("spec.containers[0].env[0].valueFrom.configMapKeyRef.name: Invalid value: \"$%^&*#\": {DNS_SUBDOMAIN}"),
                     "spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Required value".to_string(),
                     format!("spec.containers[0].env[1].valueFrom.secretKeyRef.key: Invalid value: \"a b\": {CONFIG_MAP_KEY_MSG}")]),
            ("envFrom", json!([]),
                json!([c("a", json!({"envFrom": [
                    {},
                    {"configMapRef": {"name": "a"}, "secretRef": {"name": "b"}},
                    {"prefix": "1x", "configMapRef": {"name": ""}},
                    {"secretRef": {"name": "ab-"}},
                    {"secretRef": {"name": "$"}}]}))]),
                json!([]),
                vec!["spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`".to_string(),
                     "spec.containers[0].envFrom: Invalid value: \"\": may not have more than one field specified at a time".to_string(),
                     format!("spec.containers[0].envFrom[2].prefix: Invalid value: \"1x\": {ENV_NAME}"),
                     "spec.containers[0].envFrom[2].configMapRef.name: Required value".to_string(),
                     format!("spec.containers[0].envFrom[4].secretRef.name: Invalid value: \"$\": {DNS_SUBDOMAIN}")]),
            // ---- volume mounts and devices ----
            ("mounts: name, path, uniqueness", json!([]),
                json!([c("a", json!({"volumeMounts": [{"name": "", "mountPath": "/a"}, {"name": "v", "mountPath": ""}, {"name": "v", "mountPath": "/a"}]}))]),
                json!([empty("v")]),
                s(&["spec.containers[0].volumeMounts[0].name: Required value",
                    "spec.containers[0].volumeMounts[0].name: Not found: \"\"",
                    "spec.containers[0].volumeMounts[1].mountPath: Required value",
                    "spec.containers[0].volumeMounts[2].mountPath: Invalid value: \"/a\": must be unique"])),
            ("mounts: subPath rules reported without index", json!([]),
                json!([c("a", json!({"volumeMounts": [{"name": "v", "mountPath": "/a", "subPath": "/abs/../x"},
                                                     {"name": "v", "mountPath": "/b", "subPath": "x", "subPathExpr": "$(POD)"},
                                                     {"name": "v", "mountPath": "/c", "subPath": "..x"}]}))]),
                json!([empty("v")]),
                s(&["spec.containers[0].volumeMounts.subPath: Invalid value: \"/abs/../x\": must be a relative path",
                    "spec.containers[0].volumeMounts.subPath: Invalid value: \"/abs/../x\": must not contain '..'",
                    "spec.containers[0].volumeMounts[1].subPathExpr: Invalid value: \"$(POD)\": subPathExpr and subPath are mutually exclusive"])),
            ("mounts: propagation", json!([]),
                json!([c("a", json!({"volumeMounts": [{"name": "v", "mountPath": "/a", "mountPropagation": "Shared"},
                                                     {"name": "v", "mountPath": "/b", "mountPropagation": "Bidirectional"}]})),
                       c("b", json!({"securityContext": {"privileged": true}, "volumeMounts": [{"name": "v", "mountPath": "/b", "mountPropagation": "Bidirectional"}]}))]),
                json!([empty("v")]),
                s(&["spec.containers[0].volumeMounts.mountPropagation: Unsupported value: \"Shared\": supported values: \"Bidirectional\", \"HostToContainer\", \"None\"",
                    "spec.containers[0].volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers"])),
            ("mounts: recursiveReadOnly", json!([]),
                json!([c("a", json!({"volumeMounts": [{"name": "v", "mountPath": "/a", "recursiveReadOnly": "Enabled"},
                                                     {"name": "v", "mountPath": "/b", "readOnly": true, "recursiveReadOnly": "IfPossible", "mountPropagation": "HostToContainer"},
                                                     {"name": "v", "mountPath": "/c", "readOnly": true, "recursiveReadOnly": "Always"},
                                                     {"name": "v", "mountPath": "/d", "recursiveReadOnly": "Disabled"}]}))]),
                json!([empty("v")]),
                s(&["spec.containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true",
                    "spec.containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when mountPropagation is None or not specified",
                    "spec.containers[0].volumeMounts.recursiveReadOnly: Unsupported value: \"Always\": supported values: \"Disabled\", \"Enabled\", \"IfPossible\""])),
            ("devices: source kind, uniqueness, backsteps, mount clash", json!([]),
                json!([c("a", json!({
                    "volumeDevices": [{"name": "v", "devicePath": "/dev/a"}, {"name": "disk0", "devicePath": "/dev/b"},
                                      {"name": "disk0", "devicePath": "/dev/b"}, {"name": "eph", "devicePath": "/dev/../c"}],
                    "volumeMounts": [{"name": "eph", "mountPath": "/m"}]}))]),
                json!([empty("v"), pvc.clone(),
                       {"name": "eph", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}}}]),
                s(&["spec.containers[0].volumeMounts[0].name: Invalid value: \"eph\": must not already exist in volumeDevices",
                    "spec.containers[0].volumeDevices[0].name: Invalid value: \"v\": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
                    "spec.containers[0].volumeDevices[2].name: Invalid value: \"disk0\": must be unique",
                    "spec.containers[0].volumeDevices[2].devicePath: Invalid value: \"/dev/b\": must be unique",
                    "spec.containers[0].volumeDevices[3].devicePath: Invalid value: \"/dev/../c\": can not contain backsteps ('..')",
                    "spec.containers[0].volumeDevices[3].name: Invalid value: \"eph\": must not already exist in volumeMounts"])),
            // ---- probes and lifecycle ----
            ("probe needs exactly one handler", json!([]),
                json!([c("a", json!({"readinessProbe": {}, "livenessProbe": {"exec": {"command": ["x"]}, "tcpSocket": {"port": 80}, "successThreshold": 1}}))]),
                json!([]),
                s(&["spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type",
                    "spec.containers[0].readinessProbe: Required value: must specify a handler type"])),
            ("probe numbers and thresholds", json!([]),
                json!([c("a", json!({
                    "livenessProbe": {"exec": {"command": ["x"]}, "periodSeconds": -1, "successThreshold": 2, "terminationGracePeriodSeconds": 0},
                    "readinessProbe": {"exec": {"command": ["x"]}, "successThreshold": 3, "terminationGracePeriodSeconds": 5},
                    "startupProbe": {"grpc": {"port": 70000}, "successThreshold": 1}}))]),
                json!([]),
                vec!["spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0".to_string(),
                     "spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0".to_string(),
                     "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1".to_string(),
                     "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes".to_string(),
                     format!("spec.containers[0].startupProbe.grpc.port: Invalid value: 70000: {PORT_RANGE}")]),
            ("httpGet and tcpSocket handlers", json!([]),
                json!([c("a", json!({
                    "readinessProbe": {"httpGet": {"path": "", "port": 0, "scheme": "FTP", "httpHeaders": [{"name": "X_Bad", "value": "1"}]}},
                    "lifecycle": {"postStart": {"tcpSocket": {"port": "HTTP"}}, "preStop": {"exec": {"command": []}}}}))]),
                json!([]),
                vec!["spec.containers[0].lifecycle.postStart.tcpSocket.port: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
                     "spec.containers[0].lifecycle.postStart.tcpSocket.port: Invalid value: \"HTTP\": must contain at least one letter (a-z)".to_string(),
                     "spec.containers[0].lifecycle.preStop.exec.command: Required value".to_string(),
                     "spec.containers[0].readinessProbe.httpGet.path: Required value".to_string(),
                     format!("spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: {PORT_RANGE}"),
                     "spec.containers[0].readinessProbe.httpGet.scheme: Unsupported value: \"FTP\": supported values: \"HTTP\", \"HTTPS\"".to_string(),
                     format!("spec.containers[0].readinessProbe.httpGet.httpHeaders: Invalid value: \"X_Bad\": {HTTP_HEADER_MSG}")]),
            ("lifecycle sleep bounds", json!([]),
                json!([c("a", json!({"lifecycle": {"postStart": {"sleep": {"seconds": 0}}, "preStop": {"sleep": {"seconds": 31}}}})),
                       c("b", json!({"lifecycle": {"preStop": {"sleep": {"seconds": 30}}}}))]),
                json!([]),
                vec![format!("spec.containers[0].lifecycle.postStart.sleep: Invalid value: 0: {SLEEP}"),
                     format!("spec.containers[0].lifecycle.preStop.sleep: Invalid value: 31: {SLEEP}")]),
            // ---- init container rules ----
            ("init container without Always: no probes or lifecycle",
                json!([c("i", json!({"lifecycle": {"preStop": {"exec": {"command": ["x"]}}}, "livenessProbe": {}, "readinessProbe": {}, "startupProbe": {}}))]),
                json!([]), json!([]),
                s(&["spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always",
                    "spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
                    "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
                    "spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always"])),
            ("restartPolicy values",
                json!([c("i", json!({"restartPolicy": "OnFailure"}))]), json!([c("a", json!({"restartPolicy": "Always"}))]), json!([]),
                s(&["spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers",
                    "spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""])),
            ("native sidecar probes are validated",
                json!([c("i", json!({"restartPolicy": "Always", "startupProbe": {"tcpSocket": {"port": 8080}, "successThreshold": 0}}))]),
                json!([]), json!([]),
                s(&["spec.initContainers[0].startupProbe.successThreshold: Invalid value: 0: must be 1"])),
            ("resizePolicy", json!([c("i", json!({"resizePolicy": [{"resourceName": "cpu", "restartPolicy": "NotRequired"}]}))]),
                json!([c("a", json!({"resizePolicy": [{"resourceName": "cpu", "restartPolicy": "NotRequired"},
                                                     {"resourceName": "cpu", "restartPolicy": ""},
                                                     {"resourceName": "gpu", "restartPolicy": "Sometimes"}]}))]),
                json!([]),
                s(&["spec.containers[0].resizePolicy[1]: Duplicate value: \"cpu\"",
                    "spec.containers[0].resizePolicy: Required value",
                    "spec.containers[0].resizePolicy: Unsupported value: \"gpu\": supported values: \"cpu\", \"memory\"",
                    "spec.containers[0].resizePolicy: Unsupported value: \"Sometimes\": supported values: \"NotRequired\", \"RestartContainer\"",
                    "spec.initContainers[0].resizePolicy: Invalid value: []core.ContainerResizePolicy{core.ContainerResizePolicy{ResourceName:\"cpu\", RestartPolicy:\"NotRequired\"}}: must not be set for init containers"])),
            // ---- resources ----
            ("requests above limits", json!([]),
                json!([c("a", json!({"resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1.5", "memory": "512Mi"}}}))]),
                json!([]),
                s(&["spec.containers[0].resources.requests: Invalid value: \"1500m\": must be less than or equal to cpu limit of 1"])),
            ("resource names", json!([]),
                json!([c("a", json!({"resources": {"limits": {"invalid-name": "2", "storage": "1", "bad name": "1", "kubernetes.io/x": "1"}}}))]),
                json!([]),
                vec!["spec.containers[0].resources.limits[invalid-name]: Invalid value: \"invalid-name\": must be a standard resource type or fully qualified".to_string(),
                     "spec.containers[0].resources.limits[invalid-name]: Invalid value: \"invalid-name\": must be a standard resource for containers".to_string(),
                     "spec.containers[0].resources.limits[storage]: Invalid value: \"storage\": must be a standard resource for containers".to_string(),
                     format!("spec.containers[0].resources.limits[bad name]: Invalid value: \"bad name\": {QNAME_PART}"),
                     "spec.containers[0].resources.limits[bad name]: Invalid value: \"bad name\": must be a standard resource for containers".to_string()]),
            ("negative and extended resources", json!([]),
                json!([c("a", json!({"resources": {
                    "limits": {"memory": "-1", "example.com/a": "1", "example.com/c": "2.5"},
                    "requests": {"example.com/a": "2", "example.com/b": "500m"}}}))]),
                json!([]),
                s(&["spec.containers[0].resources.limits[memory]: Invalid value: \"-1\": must be greater than or equal to 0",
                    "spec.containers[0].resources.limits[example.com/c]: Invalid value: \"2500m\": must be an integer",
                    "spec.containers[0].resources.requests: Invalid value: \"2\": must be equal to example.com/a limit of 1",
                    "spec.containers[0].resources.requests[example.com/b]: Invalid value: \"500m\": must be an integer",
                    "spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources"])),
            ("hugepages need cpu or memory", json!([]),
                json!([c("a", json!({"resources": {"limits": {"hugepages-2Mi": "3Mi"}, "requests": {"hugepages-2Mi": "3Mi"}}})),
                       c("b", json!({"resources": {"limits": {"hugepages-2Mi": "2Mi", "memory": "1Gi"}}}))]),
                json!([]),
                s(&["spec.containers[0].resources: Forbidden: HugePages require cpu or memory"])),
            ("resource claims need pod claims", json!([]),
                json!([c("a", json!({"resources": {"claims": [{"name": "gpu"}, {"name": ""}, {"name": "gpu"}]}}))]), json!([]),
                s(&["spec.containers[0].resources.claims[0]: Not found: \"gpu\": must be one of the names in pod.spec.resourceClaims which is empty",
                    "spec.containers[0].resources.claims[1]: Required value",
                    "spec.containers[0].resources.claims[2]: Duplicate value: \"gpu\"",
                    "spec.containers[0].resources.claims[2]: Not found: \"gpu\": must be one of the names in pod.spec.resourceClaims which is empty"])),
            // ---- security context ----
            ("user and group ids, procMount", json!([]),
                json!([c("a", json!({"securityContext": {"runAsUser": -1, "runAsGroup": 2147483648i64, "procMount": "Unmasked"}})),
                       c("b", json!({"securityContext": {"procMount": "Weird", "runAsUser": 0}}))]),
                json!([]),
                s(&["spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive",
                    "spec.containers[0].securityContext.runAsGroup: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive",
                    "spec.containers[0].securityContext.procMount: Invalid value: \"Unmasked\": `hostUsers` must be false to use `Unmasked`",
                    "spec.containers[1].securityContext.procMount: Unsupported value: \"Weird\": supported values: \"Default\", \"Unmasked\""])),
            ("seccomp profiles", json!([]),
                json!([c("a", json!({"securityContext": {"seccompProfile": {"type": "Localhost"}}})),
                       c("b", json!({"securityContext": {"seccompProfile": {"type": ""}}})),
                       c("c", json!({"securityContext": {"seccompProfile": {"type": "Custom"}}})),
                       c("d", json!({"securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "../x.json"}}})),
                       c("e", json!({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}}))]),
                json!([]),
                s(&["spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost",
                    "spec.containers[1].securityContext.seccompProfile.type: Required value: type is required when seccompProfile is set",
                    "spec.containers[2].securityContext.seccompProfile.type: Unsupported value: \"Custom\": supported values: \"Localhost\", \"RuntimeDefault\", \"Unconfined\"",
                    "spec.containers[3].securityContext.seccompProfile.localhostProfile: Invalid value: \"../x.json\": must not contain '..'"])),
            ("appArmor profiles", json!([]),
                json!([c("a", json!({"securityContext": {"appArmorProfile": {"type": "Localhost", "localhostProfile": "foo-bar "}}})),
                       c("b", json!({"securityContext": {"appArmorProfile": {"type": "RuntimeDefault", "localhostProfile": "foo"}}})),
                       c("c", json!({"securityContext": {"appArmorProfile": {}}})),
                       c("d", json!({"securityContext": {"appArmorProfile": {"type": "Localhost", "localhostProfile": ""}}}))]),
                json!([]),
                s(&["spec.containers[0].securityContext.appArmorProfile.localhostProfile: Invalid value: \"foo-bar \": must not be padded with whitespace",
                    "spec.containers[1].securityContext.appArmorProfile.localhostProfile: Invalid value: \"foo\": can only be set when AppArmor type is Localhost",
                    "spec.containers[2].securityContext.appArmorProfile.type: Required value: type is required when appArmorProfile is set",
                    "spec.containers[3].securityContext.appArmorProfile.localhostProfile: Required value: must be set when AppArmor type is Localhost"])),
            ("windows options and hostProcess", json!([]),
                json!([c("a", json!({"securityContext": {"windowsOptions": {"runAsUserName": "a\\b\\c", "hostProcess": true}}})),
                       c("b", json!({"securityContext": {"windowsOptions": {"runAsUserName": "dom.example.com\\us:er"}}}))]),
                json!([]),
                s(&["spec.containers[0].securityContext.windowsOptions.runAsUserName: Invalid value: \"a\\\\b\\\\c\": runAsUserName cannot contain more than one backslash",
                    "spec.containers[1].securityContext.windowsOptions.runAsUserName: Invalid value: \"dom.example.com\\\\us:er\": runAsUserName's User cannot contain the following characters: \"/\\:;|=,+*?<>@[]",
                    "spec: Invalid value: \"\": If pod contains any hostProcess containers then all containers must be HostProcess containers",
                    "spec.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers"])),
        ]
    }

    #[test]
    fn table() {
        let all = cases();
        let mut failures = Vec::new();
        for (name, init, containers, volumes, want) in &all {
            let got = run(init.clone(), containers.clone(), volumes.clone());
            if &got != want {
                failures.push(format!("{name}:\n  got:  {got:#?}\n  want: {want:#?}"));
            }
        }
        assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), all.len(), failures.join("\n"));
        assert!(all.len() >= 60, "only {} cases", all.len());
    }

    #[test]
    fn privilege_escalation_conflicts_show_the_security_context() {
        let got = run(
            json!([]),
            json!([c(
                "a",
                json!({"securityContext": {"allowPrivilegeEscalation": false, "privileged": true, "capabilities": {"add": ["CAP_SYS_ADMIN"]}}})
            )]),
            json!([]),
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("spec.containers[0].securityContext: Invalid value: {"), "{}", got[0]);
        assert!(got[0].ends_with(": cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
        assert!(
            got[1].ends_with(": cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN")
        );
    }

    #[test]
    fn env_from_name_prefix_masking_quirk() {
        // Go masks a trailing '-' by replacing the last two bytes with "a": "ab-" passes as "aa",
        // a lone "-" stays as it is, and a multi-byte character before the dash cannot panic.
        let env_from = |n: &str| json!([c("a", json!({"envFrom": [{"configMapRef": {"name": n}}]}))]);
        assert!(run(json!([]), env_from("ab-"), json!([])).is_empty());
        assert_eq!(run(json!([]), env_from("-"), json!([])).len(), 1);
        assert_eq!(run(json!([]), env_from("aé-"), json!([])).len(), 1);
        assert_eq!(run(json!([]), env_from("é-"), json!([])).len(), 1);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = [
            json!(null),
            json!(1),
            json!("x"),
            json!([]),
            json!({}),
            json!({"name": 5, "image": [], "ports": {}, "env": "x"}),
            json!({"name": "é-", "ports": [{"containerPort": 1e300, "hostPort": i64::MIN, "name": "\u{0}"}]}),
            json!({"volumeMounts": [null, 1, {"name": null, "subPath": "\u{10FFFF}/.."}], "volumeDevices": [{}, {"name": ""}]}),
            json!({"env": [{"name": "ä", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "']"}, "resourceFieldRef": {"resource": "limits.cpu", "divisor": "1e-999999999"}}}]}),
            json!({"env": [{"valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.annotations['İ']"}}}]}),
            json!({"resources": {"limits": {"": "1", "hugepages-": "x", "a/b/c": 1.5}, "requests": {"cpu": "99999999999999999999999E", "memory": null}}}),
            json!({"livenessProbe": {"httpGet": {"port": -99999999999i64}, "exec": null}, "lifecycle": {"preStop": {"sleep": {"seconds": i64::MAX}}}}),
            json!({"securityContext": {"windowsOptions": {"runAsUserName": "\\", "gmsaCredentialSpec": ""}, "seccompProfile": {"localhostProfile": null}}}),
        ];
        let vols = [
            json!(null),
            json!({"name": "é", "ephemeral": {"volumeClaimTemplate": {"metadata": {"labels": {"é": 1}}, "spec": {"resources": {"requests": {"storage": "0"}}}}}}),
            json!({"name": "p", "projected": {"sources": [null, {"clusterTrustBundle": {"name": ":é:"}}, {"clusterTrustBundle": {"signerName": "é/é/"}}]}}),
            json!({"name": "q", "iscsi": {"initiatorName": "x"}, "fc": {"targetWWNs": ["a"], "lun": 999}, "azureDisk": {"kind": "Managed"}}),
            json!({"name": "r", "flexVolume": {"options": {"İ.k8s.io/x": "y"}}, "csi": {"driver": "é".repeat(40)}}),
        ];
        let containers: Vec<Value> = odd.to_vec();
        let _ = validate_sidecar_pod_parts(&containers, &containers, &vols, &FieldPath::root("spec"));
        let _ = validate_sidecar_pod_parts(&[], &[], &[], &FieldPath::default());
    }
}
