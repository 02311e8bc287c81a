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
        // ---- Kruise's validating webhook cases (sidecarset_validating_test.go) ----
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
    assert!(got[1].ends_with(": cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
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
