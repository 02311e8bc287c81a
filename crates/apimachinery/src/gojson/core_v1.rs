//! Field tables of the `k8s.io/api/core/v1` types reachable from `Container` and `Volume`,
//! as declared in k8s.io/api v0.32.10 (the version Kruise's webhook is built with): JSON
//! names in declaration order, `omitempty`, and types. Embedded structs (`ProbeHandler`,
//! `VolumeSource`, `LocalObjectReference`, ...) are flattened where Go flattens them.
//! Derived mechanically from the published type declarations; keep in step with the
//! Kubernetes version Kruise builds against.

use super::meta::{LABEL_SELECTOR, OBJECT_META};
use super::schema::{KEEP, OMIT, Struct, Ty, f};

pub static CONTAINER: Struct = Struct {
    name: "Container",
    inline: None,
    fields: &[
        f("name", Ty::String, KEEP),
        f("image", Ty::String, OMIT),
        f("command", Ty::Slice(&Ty::String), OMIT),
        f("args", Ty::Slice(&Ty::String), OMIT),
        f("workingDir", Ty::String, OMIT),
        f("ports", Ty::Slice(&Ty::Struct(&CONTAINER_PORT)), OMIT),
        f("envFrom", Ty::Slice(&Ty::Struct(&ENV_FROM_SOURCE)), OMIT),
        f("env", Ty::Slice(&Ty::Struct(&ENV_VAR)), OMIT),
        f("resources", Ty::Struct(&RESOURCE_REQUIREMENTS), OMIT),
        f("resizePolicy", Ty::Slice(&Ty::Struct(&CONTAINER_RESIZE_POLICY)), OMIT),
        f("restartPolicy", Ty::Ptr(&Ty::String), OMIT),
        f("volumeMounts", Ty::Slice(&Ty::Struct(&VOLUME_MOUNT)), OMIT),
        f("volumeDevices", Ty::Slice(&Ty::Struct(&VOLUME_DEVICE)), OMIT),
        f("livenessProbe", Ty::Ptr(&Ty::Struct(&PROBE)), OMIT),
        f("readinessProbe", Ty::Ptr(&Ty::Struct(&PROBE)), OMIT),
        f("startupProbe", Ty::Ptr(&Ty::Struct(&PROBE)), OMIT),
        f("lifecycle", Ty::Ptr(&Ty::Struct(&LIFECYCLE)), OMIT),
        f("terminationMessagePath", Ty::String, OMIT),
        f("terminationMessagePolicy", Ty::String, OMIT),
        f("imagePullPolicy", Ty::String, OMIT),
        f("securityContext", Ty::Ptr(&Ty::Struct(&SECURITY_CONTEXT)), OMIT),
        f("stdin", Ty::Bool, OMIT),
        f("stdinOnce", Ty::Bool, OMIT),
        f("tty", Ty::Bool, OMIT),
    ],
};

pub static VOLUME: Struct = Struct {
    name: "Volume",
    inline: None,
    fields: &[
        f("name", Ty::String, KEEP),
        f("hostPath", Ty::Ptr(&Ty::Struct(&HOST_PATH_VOLUME_SOURCE)), OMIT),
        f("emptyDir", Ty::Ptr(&Ty::Struct(&EMPTY_DIR_VOLUME_SOURCE)), OMIT),
        f("gcePersistentDisk", Ty::Ptr(&Ty::Struct(&GCE_PERSISTENT_DISK_VOLUME_SOURCE)), OMIT),
        f("awsElasticBlockStore", Ty::Ptr(&Ty::Struct(&AWS_ELASTIC_BLOCK_STORE_VOLUME_SOURCE)), OMIT),
        f("gitRepo", Ty::Ptr(&Ty::Struct(&GIT_REPO_VOLUME_SOURCE)), OMIT),
        f("secret", Ty::Ptr(&Ty::Struct(&SECRET_VOLUME_SOURCE)), OMIT),
        f("nfs", Ty::Ptr(&Ty::Struct(&NFS_VOLUME_SOURCE)), OMIT),
        f("iscsi", Ty::Ptr(&Ty::Struct(&ISCSI_VOLUME_SOURCE)), OMIT),
        f("glusterfs", Ty::Ptr(&Ty::Struct(&GLUSTERFS_VOLUME_SOURCE)), OMIT),
        f("persistentVolumeClaim", Ty::Ptr(&Ty::Struct(&PERSISTENT_VOLUME_CLAIM_VOLUME_SOURCE)), OMIT),
        f("rbd", Ty::Ptr(&Ty::Struct(&RBD_VOLUME_SOURCE)), OMIT),
        f("flexVolume", Ty::Ptr(&Ty::Struct(&FLEX_VOLUME_SOURCE)), OMIT),
        f("cinder", Ty::Ptr(&Ty::Struct(&CINDER_VOLUME_SOURCE)), OMIT),
        f("cephfs", Ty::Ptr(&Ty::Struct(&CEPH_FS_VOLUME_SOURCE)), OMIT),
        f("flocker", Ty::Ptr(&Ty::Struct(&FLOCKER_VOLUME_SOURCE)), OMIT),
        f("downwardAPI", Ty::Ptr(&Ty::Struct(&DOWNWARD_API_VOLUME_SOURCE)), OMIT),
        f("fc", Ty::Ptr(&Ty::Struct(&FC_VOLUME_SOURCE)), OMIT),
        f("azureFile", Ty::Ptr(&Ty::Struct(&AZURE_FILE_VOLUME_SOURCE)), OMIT),
        f("configMap", Ty::Ptr(&Ty::Struct(&CONFIG_MAP_VOLUME_SOURCE)), OMIT),
        f("vsphereVolume", Ty::Ptr(&Ty::Struct(&VSPHERE_VIRTUAL_DISK_VOLUME_SOURCE)), OMIT),
        f("quobyte", Ty::Ptr(&Ty::Struct(&QUOBYTE_VOLUME_SOURCE)), OMIT),
        f("azureDisk", Ty::Ptr(&Ty::Struct(&AZURE_DISK_VOLUME_SOURCE)), OMIT),
        f("photonPersistentDisk", Ty::Ptr(&Ty::Struct(&PHOTON_PERSISTENT_DISK_VOLUME_SOURCE)), OMIT),
        f("projected", Ty::Ptr(&Ty::Struct(&PROJECTED_VOLUME_SOURCE)), OMIT),
        f("portworxVolume", Ty::Ptr(&Ty::Struct(&PORTWORX_VOLUME_SOURCE)), OMIT),
        f("scaleIO", Ty::Ptr(&Ty::Struct(&SCALE_IO_VOLUME_SOURCE)), OMIT),
        f("storageos", Ty::Ptr(&Ty::Struct(&STORAGE_OS_VOLUME_SOURCE)), OMIT),
        f("csi", Ty::Ptr(&Ty::Struct(&CSI_VOLUME_SOURCE)), OMIT),
        f("ephemeral", Ty::Ptr(&Ty::Struct(&EPHEMERAL_VOLUME_SOURCE)), OMIT),
        f("image", Ty::Ptr(&Ty::Struct(&IMAGE_VOLUME_SOURCE)), OMIT),
    ],
};

pub static CONTAINER_PORT: Struct = Struct {
    name: "ContainerPort",
    inline: None,
    fields: &[
        f("name", Ty::String, OMIT),
        f("hostPort", Ty::Int32, OMIT),
        f("containerPort", Ty::Int32, KEEP),
        f("protocol", Ty::String, OMIT),
        f("hostIP", Ty::String, OMIT),
    ],
};

pub static ENV_FROM_SOURCE: Struct = Struct {
    name: "EnvFromSource",
    inline: None,
    fields: &[
        f("prefix", Ty::String, OMIT),
        f("configMapRef", Ty::Ptr(&Ty::Struct(&CONFIG_MAP_ENV_SOURCE)), OMIT),
        f("secretRef", Ty::Ptr(&Ty::Struct(&SECRET_ENV_SOURCE)), OMIT),
    ],
};

pub static ENV_VAR: Struct = Struct {
    name: "EnvVar",
    inline: None,
    fields: &[
        f("name", Ty::String, KEEP),
        f("value", Ty::String, OMIT),
        f("valueFrom", Ty::Ptr(&Ty::Struct(&ENV_VAR_SOURCE)), OMIT),
    ],
};

pub static RESOURCE_REQUIREMENTS: Struct = Struct {
    name: "ResourceRequirements",
    inline: None,
    fields: &[
        f("limits", Ty::QuantityMap, OMIT),
        f("requests", Ty::QuantityMap, OMIT),
        f("claims", Ty::Slice(&Ty::Struct(&RESOURCE_CLAIM)), OMIT),
    ],
};

pub static CONTAINER_RESIZE_POLICY: Struct = Struct {
    name: "ContainerResizePolicy",
    inline: None,
    fields: &[f("resourceName", Ty::String, KEEP), f("restartPolicy", Ty::String, KEEP)],
};

pub static VOLUME_MOUNT: Struct = Struct {
    name: "VolumeMount",
    inline: None,
    fields: &[
        f("name", Ty::String, KEEP),
        f("readOnly", Ty::Bool, OMIT),
        f("recursiveReadOnly", Ty::Ptr(&Ty::String), OMIT),
        f("mountPath", Ty::String, KEEP),
        f("subPath", Ty::String, OMIT),
        f("mountPropagation", Ty::Ptr(&Ty::String), OMIT),
        f("subPathExpr", Ty::String, OMIT),
    ],
};

pub static VOLUME_DEVICE: Struct = Struct {
    name: "VolumeDevice",
    inline: None,
    fields: &[f("name", Ty::String, KEEP), f("devicePath", Ty::String, KEEP)],
};

pub static PROBE: Struct = Struct {
    name: "Probe",
    inline: None,
    fields: &[
        f("exec", Ty::Ptr(&Ty::Struct(&EXEC_ACTION)), OMIT),
        f("httpGet", Ty::Ptr(&Ty::Struct(&HTTP_GET_ACTION)), OMIT),
        f("tcpSocket", Ty::Ptr(&Ty::Struct(&TCP_SOCKET_ACTION)), OMIT),
        f("grpc", Ty::Ptr(&Ty::Struct(&GRPC_ACTION)), OMIT),
        f("initialDelaySeconds", Ty::Int32, OMIT),
        f("timeoutSeconds", Ty::Int32, OMIT),
        f("periodSeconds", Ty::Int32, OMIT),
        f("successThreshold", Ty::Int32, OMIT),
        f("failureThreshold", Ty::Int32, OMIT),
        f("terminationGracePeriodSeconds", Ty::Ptr(&Ty::Int64), OMIT),
    ],
};

pub static LIFECYCLE: Struct = Struct {
    name: "Lifecycle",
    inline: None,
    fields: &[
        f("postStart", Ty::Ptr(&Ty::Struct(&LIFECYCLE_HANDLER)), OMIT),
        f("preStop", Ty::Ptr(&Ty::Struct(&LIFECYCLE_HANDLER)), OMIT),
    ],
};

pub static SECURITY_CONTEXT: Struct = Struct {
    name: "SecurityContext",
    inline: None,
    fields: &[
        f("capabilities", Ty::Ptr(&Ty::Struct(&CAPABILITIES)), OMIT),
        f("privileged", Ty::Ptr(&Ty::Bool), OMIT),
        f("seLinuxOptions", Ty::Ptr(&Ty::Struct(&SE_LINUX_OPTIONS)), OMIT),
        f("windowsOptions", Ty::Ptr(&Ty::Struct(&WINDOWS_SECURITY_CONTEXT_OPTIONS)), OMIT),
        f("runAsUser", Ty::Ptr(&Ty::Int64), OMIT),
        f("runAsGroup", Ty::Ptr(&Ty::Int64), OMIT),
        f("runAsNonRoot", Ty::Ptr(&Ty::Bool), OMIT),
        f("readOnlyRootFilesystem", Ty::Ptr(&Ty::Bool), OMIT),
        f("allowPrivilegeEscalation", Ty::Ptr(&Ty::Bool), OMIT),
        f("procMount", Ty::Ptr(&Ty::String), OMIT),
        f("seccompProfile", Ty::Ptr(&Ty::Struct(&SECCOMP_PROFILE)), OMIT),
        f("appArmorProfile", Ty::Ptr(&Ty::Struct(&APP_ARMOR_PROFILE)), OMIT),
    ],
};

pub static HOST_PATH_VOLUME_SOURCE: Struct = Struct {
    name: "HostPathVolumeSource",
    inline: None,
    fields: &[f("path", Ty::String, KEEP), f("type", Ty::Ptr(&Ty::String), OMIT)],
};

pub static EMPTY_DIR_VOLUME_SOURCE: Struct = Struct {
    name: "EmptyDirVolumeSource",
    inline: None,
    fields: &[f("medium", Ty::String, OMIT), f("sizeLimit", Ty::Ptr(&Ty::Quantity), OMIT)],
};

pub static GCE_PERSISTENT_DISK_VOLUME_SOURCE: Struct = Struct {
    name: "GCEPersistentDiskVolumeSource",
    inline: None,
    fields: &[
        f("pdName", Ty::String, KEEP),
        f("fsType", Ty::String, OMIT),
        f("partition", Ty::Int32, OMIT),
        f("readOnly", Ty::Bool, OMIT),
    ],
};

pub static AWS_ELASTIC_BLOCK_STORE_VOLUME_SOURCE: Struct = Struct {
    name: "AWSElasticBlockStoreVolumeSource",
    inline: None,
    fields: &[
        f("volumeID", Ty::String, KEEP),
        f("fsType", Ty::String, OMIT),
        f("partition", Ty::Int32, OMIT),
        f("readOnly", Ty::Bool, OMIT),
    ],
};

pub static GIT_REPO_VOLUME_SOURCE: Struct = Struct {
    name: "GitRepoVolumeSource",
    inline: None,
    fields: &[f("repository", Ty::String, KEEP), f("revision", Ty::String, OMIT), f("directory", Ty::String, OMIT)],
};

pub static SECRET_VOLUME_SOURCE: Struct = Struct {
    name: "SecretVolumeSource",
    inline: None,
    fields: &[
        f("secretName", Ty::String, OMIT),
        f("items", Ty::Slice(&Ty::Struct(&KEY_TO_PATH)), OMIT),
        f("defaultMode", Ty::Ptr(&Ty::Int32), OMIT),
        f("optional", Ty::Ptr(&Ty::Bool), OMIT),
    ],
};

pub static NFS_VOLUME_SOURCE: Struct = Struct {
    name: "NFSVolumeSource",
    inline: None,
    fields: &[f("server", Ty::String, KEEP), f("path", Ty::String, KEEP), f("readOnly", Ty::Bool, OMIT)],
};

pub static ISCSI_VOLUME_SOURCE: Struct = Struct {
    name: "ISCSIVolumeSource",
    inline: None,
    fields: &[
        f("targetPortal", Ty::String, KEEP),
        f("iqn", Ty::String, KEEP),
        f("lun", Ty::Int32, KEEP),
        f("iscsiInterface", Ty::String, OMIT),
        f("fsType", Ty::String, OMIT),
        f("readOnly", Ty::Bool, OMIT),
        f("portals", Ty::Slice(&Ty::String), OMIT),
        f("chapAuthDiscovery", Ty::Bool, OMIT),
        f("chapAuthSession", Ty::Bool, OMIT),
        f("secretRef", Ty::Ptr(&Ty::Struct(&LOCAL_OBJECT_REFERENCE)), OMIT),
        f("initiatorName", Ty::Ptr(&Ty::String), OMIT),
    ],
};

pub static GLUSTERFS_VOLUME_SOURCE: Struct = Struct {
    name: "GlusterfsVolumeSource",
    inline: None,
    fields: &[f("endpoints", Ty::String, KEEP), f("path", Ty::String, KEEP), f("readOnly", Ty::Bool, OMIT)],
};

pub static PERSISTENT_VOLUME_CLAIM_VOLUME_SOURCE: Struct = Struct {
    name: "PersistentVolumeClaimVolumeSource",
    inline: None,
    fields: &[f("claimName", Ty::String, KEEP), f("readOnly", Ty::Bool, OMIT)],
};

pub static RBD_VOLUME_SOURCE: Struct = Struct {
    name: "RBDVolumeSource",
    inline: None,
    fields: &[
        f("monitors", Ty::Slice(&Ty::String), KEEP),
        f("image", Ty::String, KEEP),
        f("fsType", Ty::String, OMIT),
        f("pool", Ty::String, OMIT),
        f("user", Ty::String, OMIT),
        f("keyring", Ty::String, OMIT),
        f("secretRef", Ty::Ptr(&Ty::Struct(&LOCAL_OBJECT_REFERENCE)), OMIT),
        f("readOnly", Ty::Bool, OMIT),
    ],
};

pub static FLEX_VOLUME_SOURCE: Struct = Struct {
    name: "FlexVolumeSource",
    inline: None,
    fields: &[
        f("driver", Ty::String, KEEP),
        f("fsType", Ty::String, OMIT),
        f("secretRef", Ty::Ptr(&Ty::Struct(&LOCAL_OBJECT_REFERENCE)), OMIT),
        f("readOnly", Ty::Bool, OMIT),
        f("options", Ty::StringMap, OMIT),
    ],
};

pub static CINDER_VOLUME_SOURCE: Struct = Struct {
    name: "CinderVolumeSource",
    inline: None,
    fields: &[
        f("volumeID", Ty::String, KEEP),
        f("fsType", Ty::String, OMIT),
        f("readOnly", Ty::Bool, OMIT),
        f("secretRef", Ty::Ptr(&Ty::Struct(&LOCAL_OBJECT_REFERENCE)), OMIT),
    ],
};

pub static CEPH_FS_VOLUME_SOURCE: Struct = Struct {
    name: "CephFSVolumeSource",
    inline: None,
    fields: &[
        f("monitors", Ty::Slice(&Ty::String), KEEP),
        f("path", Ty::String, OMIT),
        f("user", Ty::String, OMIT),
        f("secretFile", Ty::String, OMIT),
        f("secretRef", Ty::Ptr(&Ty::Struct(&LOCAL_OBJECT_REFERENCE)), OMIT),
        f("readOnly", Ty::Bool, OMIT),
    ],
};

pub static FLOCKER_VOLUME_SOURCE: Struct = Struct {
    name: "FlockerVolumeSource",
    inline: None,
    fields: &[f("datasetName", Ty::String, OMIT), f("datasetUUID", Ty::String, OMIT)],
};

pub static DOWNWARD_API_VOLUME_SOURCE: Struct = Struct {
    name: "DownwardAPIVolumeSource",
    inline: None,
    fields: &[
        f("items", Ty::Slice(&Ty::Struct(&DOWNWARD_API_VOLUME_FILE)), OMIT),
        f("defaultMode", Ty::Ptr(&Ty::Int32), OMIT),
    ],
};

pub static FC_VOLUME_SOURCE: Struct = Struct {
    name: "FCVolumeSource",
    inline: None,
    fields: &[
        f("targetWWNs", Ty::Slice(&Ty::String), OMIT),
        f("lun", Ty::Ptr(&Ty::Int32), OMIT),
        f("fsType", Ty::String, OMIT),
        f("readOnly", Ty::Bool, OMIT),
        f("wwids", Ty::Slice(&Ty::String), OMIT),
    ],
};

pub static AZURE_FILE_VOLUME_SOURCE: Struct = Struct {
    name: "AzureFileVolumeSource",
    inline: None,
    fields: &[f("secretName", Ty::String, KEEP), f("shareName", Ty::String, KEEP), f("readOnly", Ty::Bool, OMIT)],
};

pub static CONFIG_MAP_VOLUME_SOURCE: Struct = Struct {
    name: "ConfigMapVolumeSource",
    inline: None,
    fields: &[
        f("name", Ty::String, OMIT),
        f("items", Ty::Slice(&Ty::Struct(&KEY_TO_PATH)), OMIT),
        f("defaultMode", Ty::Ptr(&Ty::Int32), OMIT),
        f("optional", Ty::Ptr(&Ty::Bool), OMIT),
    ],
};

pub static VSPHERE_VIRTUAL_DISK_VOLUME_SOURCE: Struct = Struct {
    name: "VsphereVirtualDiskVolumeSource",
    inline: None,
    fields: &[
        f("volumePath", Ty::String, KEEP),
        f("fsType", Ty::String, OMIT),
        f("storagePolicyName", Ty::String, OMIT),
        f("storagePolicyID", Ty::String, OMIT),
    ],
};

pub static QUOBYTE_VOLUME_SOURCE: Struct = Struct {
    name: "QuobyteVolumeSource",
    inline: None,
    fields: &[
        f("registry", Ty::String, KEEP),
        f("volume", Ty::String, KEEP),
        f("readOnly", Ty::Bool, OMIT),
        f("user", Ty::String, OMIT),
        f("group", Ty::String, OMIT),
        f("tenant", Ty::String, OMIT),
    ],
};

pub static AZURE_DISK_VOLUME_SOURCE: Struct = Struct {
    name: "AzureDiskVolumeSource",
    inline: None,
    fields: &[
        f("diskName", Ty::String, KEEP),
        f("diskURI", Ty::String, KEEP),
        f("cachingMode", Ty::Ptr(&Ty::String), OMIT),
        f("fsType", Ty::Ptr(&Ty::String), OMIT),
        f("readOnly", Ty::Ptr(&Ty::Bool), OMIT),
        f("kind", Ty::Ptr(&Ty::String), OMIT),
    ],
};

pub static PHOTON_PERSISTENT_DISK_VOLUME_SOURCE: Struct = Struct {
    name: "PhotonPersistentDiskVolumeSource",
    inline: None,
    fields: &[f("pdID", Ty::String, KEEP), f("fsType", Ty::String, OMIT)],
};

pub static PROJECTED_VOLUME_SOURCE: Struct = Struct {
    name: "ProjectedVolumeSource",
    inline: None,
    fields: &[
        f("sources", Ty::Slice(&Ty::Struct(&VOLUME_PROJECTION)), KEEP),
        f("defaultMode", Ty::Ptr(&Ty::Int32), OMIT),
    ],
};

pub static PORTWORX_VOLUME_SOURCE: Struct = Struct {
    name: "PortworxVolumeSource",
    inline: None,
    fields: &[f("volumeID", Ty::String, KEEP), f("fsType", Ty::String, OMIT), f("readOnly", Ty::Bool, OMIT)],
};

pub static SCALE_IO_VOLUME_SOURCE: Struct = Struct {
    name: "ScaleIOVolumeSource",
    inline: None,
    fields: &[
        f("gateway", Ty::String, KEEP),
        f("system", Ty::String, KEEP),
        f("secretRef", Ty::Ptr(&Ty::Struct(&LOCAL_OBJECT_REFERENCE)), KEEP),
        f("sslEnabled", Ty::Bool, OMIT),
        f("protectionDomain", Ty::String, OMIT),
        f("storagePool", Ty::String, OMIT),
        f("storageMode", Ty::String, OMIT),
        f("volumeName", Ty::String, OMIT),
        f("fsType", Ty::String, OMIT),
        f("readOnly", Ty::Bool, OMIT),
    ],
};

pub static STORAGE_OS_VOLUME_SOURCE: Struct = Struct {
    name: "StorageOSVolumeSource",
    inline: None,
    fields: &[
        f("volumeName", Ty::String, OMIT),
        f("volumeNamespace", Ty::String, OMIT),
        f("fsType", Ty::String, OMIT),
        f("readOnly", Ty::Bool, OMIT),
        f("secretRef", Ty::Ptr(&Ty::Struct(&LOCAL_OBJECT_REFERENCE)), OMIT),
    ],
};

pub static CSI_VOLUME_SOURCE: Struct = Struct {
    name: "CSIVolumeSource",
    inline: None,
    fields: &[
        f("driver", Ty::String, KEEP),
        f("readOnly", Ty::Ptr(&Ty::Bool), OMIT),
        f("fsType", Ty::Ptr(&Ty::String), OMIT),
        f("volumeAttributes", Ty::StringMap, OMIT),
        f("nodePublishSecretRef", Ty::Ptr(&Ty::Struct(&LOCAL_OBJECT_REFERENCE)), OMIT),
    ],
};

pub static EPHEMERAL_VOLUME_SOURCE: Struct = Struct {
    name: "EphemeralVolumeSource",
    inline: None,
    fields: &[f("volumeClaimTemplate", Ty::Ptr(&Ty::Struct(&PERSISTENT_VOLUME_CLAIM_TEMPLATE)), OMIT)],
};

pub static IMAGE_VOLUME_SOURCE: Struct = Struct {
    name: "ImageVolumeSource",
    inline: None,
    fields: &[f("reference", Ty::String, OMIT), f("pullPolicy", Ty::String, OMIT)],
};

pub static CONFIG_MAP_ENV_SOURCE: Struct = Struct {
    name: "ConfigMapEnvSource",
    inline: None,
    fields: &[f("name", Ty::String, OMIT), f("optional", Ty::Ptr(&Ty::Bool), OMIT)],
};

pub static SECRET_ENV_SOURCE: Struct = Struct {
    name: "SecretEnvSource",
    inline: None,
    fields: &[f("name", Ty::String, OMIT), f("optional", Ty::Ptr(&Ty::Bool), OMIT)],
};

pub static ENV_VAR_SOURCE: Struct = Struct {
    name: "EnvVarSource",
    inline: None,
    fields: &[
        f("fieldRef", Ty::Ptr(&Ty::Struct(&OBJECT_FIELD_SELECTOR)), OMIT),
        f("resourceFieldRef", Ty::Ptr(&Ty::Struct(&RESOURCE_FIELD_SELECTOR)), OMIT),
        f("configMapKeyRef", Ty::Ptr(&Ty::Struct(&CONFIG_MAP_KEY_SELECTOR)), OMIT),
        f("secretKeyRef", Ty::Ptr(&Ty::Struct(&SECRET_KEY_SELECTOR)), OMIT),
    ],
};

pub static RESOURCE_CLAIM: Struct = Struct {
    name: "ResourceClaim",
    inline: None,
    fields: &[f("name", Ty::String, KEEP), f("request", Ty::String, OMIT)],
};

pub static EXEC_ACTION: Struct =
    Struct { name: "ExecAction", inline: None, fields: &[f("command", Ty::Slice(&Ty::String), OMIT)] };

pub static HTTP_GET_ACTION: Struct = Struct {
    name: "HTTPGetAction",
    inline: None,
    fields: &[
        f("path", Ty::String, OMIT),
        f("port", Ty::IntOrString, KEEP),
        f("host", Ty::String, OMIT),
        f("scheme", Ty::String, OMIT),
        f("httpHeaders", Ty::Slice(&Ty::Struct(&HTTP_HEADER)), OMIT),
    ],
};

pub static TCP_SOCKET_ACTION: Struct = Struct {
    name: "TCPSocketAction",
    inline: None,
    fields: &[f("port", Ty::IntOrString, KEEP), f("host", Ty::String, OMIT)],
};

pub static GRPC_ACTION: Struct = Struct {
    name: "GRPCAction",
    inline: None,
    fields: &[f("port", Ty::Int32, KEEP), f("service", Ty::Ptr(&Ty::String), KEEP)],
};

pub static LIFECYCLE_HANDLER: Struct = Struct {
    name: "LifecycleHandler",
    inline: None,
    fields: &[
        f("exec", Ty::Ptr(&Ty::Struct(&EXEC_ACTION)), OMIT),
        f("httpGet", Ty::Ptr(&Ty::Struct(&HTTP_GET_ACTION)), OMIT),
        f("tcpSocket", Ty::Ptr(&Ty::Struct(&TCP_SOCKET_ACTION)), OMIT),
        f("sleep", Ty::Ptr(&Ty::Struct(&SLEEP_ACTION)), OMIT),
    ],
};

pub static CAPABILITIES: Struct = Struct {
    name: "Capabilities",
    inline: None,
    fields: &[f("add", Ty::Slice(&Ty::String), OMIT), f("drop", Ty::Slice(&Ty::String), OMIT)],
};

pub static SE_LINUX_OPTIONS: Struct = Struct {
    name: "SELinuxOptions",
    inline: None,
    fields: &[
        f("user", Ty::String, OMIT),
        f("role", Ty::String, OMIT),
        f("type", Ty::String, OMIT),
        f("level", Ty::String, OMIT),
    ],
};

pub static WINDOWS_SECURITY_CONTEXT_OPTIONS: Struct = Struct {
    name: "WindowsSecurityContextOptions",
    inline: None,
    fields: &[
        f("gmsaCredentialSpecName", Ty::Ptr(&Ty::String), OMIT),
        f("gmsaCredentialSpec", Ty::Ptr(&Ty::String), OMIT),
        f("runAsUserName", Ty::Ptr(&Ty::String), OMIT),
        f("hostProcess", Ty::Ptr(&Ty::Bool), OMIT),
    ],
};

pub static SECCOMP_PROFILE: Struct = Struct {
    name: "SeccompProfile",
    inline: None,
    fields: &[f("type", Ty::String, KEEP), f("localhostProfile", Ty::Ptr(&Ty::String), OMIT)],
};

pub static APP_ARMOR_PROFILE: Struct = Struct {
    name: "AppArmorProfile",
    inline: None,
    fields: &[f("type", Ty::String, KEEP), f("localhostProfile", Ty::Ptr(&Ty::String), OMIT)],
};

pub static KEY_TO_PATH: Struct = Struct {
    name: "KeyToPath",
    inline: None,
    fields: &[f("key", Ty::String, KEEP), f("path", Ty::String, KEEP), f("mode", Ty::Ptr(&Ty::Int32), OMIT)],
};

pub static LOCAL_OBJECT_REFERENCE: Struct =
    Struct { name: "LocalObjectReference", inline: None, fields: &[f("name", Ty::String, OMIT)] };

pub static DOWNWARD_API_VOLUME_FILE: Struct = Struct {
    name: "DownwardAPIVolumeFile",
    inline: None,
    fields: &[
        f("path", Ty::String, KEEP),
        f("fieldRef", Ty::Ptr(&Ty::Struct(&OBJECT_FIELD_SELECTOR)), OMIT),
        f("resourceFieldRef", Ty::Ptr(&Ty::Struct(&RESOURCE_FIELD_SELECTOR)), OMIT),
        f("mode", Ty::Ptr(&Ty::Int32), OMIT),
    ],
};

pub static VOLUME_PROJECTION: Struct = Struct {
    name: "VolumeProjection",
    inline: None,
    fields: &[
        f("secret", Ty::Ptr(&Ty::Struct(&SECRET_PROJECTION)), OMIT),
        f("downwardAPI", Ty::Ptr(&Ty::Struct(&DOWNWARD_API_PROJECTION)), OMIT),
        f("configMap", Ty::Ptr(&Ty::Struct(&CONFIG_MAP_PROJECTION)), OMIT),
        f("serviceAccountToken", Ty::Ptr(&Ty::Struct(&SERVICE_ACCOUNT_TOKEN_PROJECTION)), OMIT),
        f("clusterTrustBundle", Ty::Ptr(&Ty::Struct(&CLUSTER_TRUST_BUNDLE_PROJECTION)), OMIT),
    ],
};

pub static PERSISTENT_VOLUME_CLAIM_TEMPLATE: Struct = Struct {
    name: "PersistentVolumeClaimTemplate",
    inline: None,
    fields: &[
        f("metadata", Ty::Struct(&OBJECT_META), OMIT),
        f("spec", Ty::Struct(&PERSISTENT_VOLUME_CLAIM_SPEC), KEEP),
    ],
};

pub static OBJECT_FIELD_SELECTOR: Struct = Struct {
    name: "ObjectFieldSelector",
    inline: None,
    fields: &[f("apiVersion", Ty::String, OMIT), f("fieldPath", Ty::String, KEEP)],
};

pub static RESOURCE_FIELD_SELECTOR: Struct = Struct {
    name: "ResourceFieldSelector",
    inline: None,
    fields: &[f("containerName", Ty::String, OMIT), f("resource", Ty::String, KEEP), f("divisor", Ty::Quantity, OMIT)],
};

pub static CONFIG_MAP_KEY_SELECTOR: Struct = Struct {
    name: "ConfigMapKeySelector",
    inline: None,
    fields: &[f("name", Ty::String, OMIT), f("key", Ty::String, KEEP), f("optional", Ty::Ptr(&Ty::Bool), OMIT)],
};

pub static SECRET_KEY_SELECTOR: Struct = Struct {
    name: "SecretKeySelector",
    inline: None,
    fields: &[f("name", Ty::String, OMIT), f("key", Ty::String, KEEP), f("optional", Ty::Ptr(&Ty::Bool), OMIT)],
};

pub static HTTP_HEADER: Struct =
    Struct { name: "HTTPHeader", inline: None, fields: &[f("name", Ty::String, KEEP), f("value", Ty::String, KEEP)] };

pub static SLEEP_ACTION: Struct =
    Struct { name: "SleepAction", inline: None, fields: &[f("seconds", Ty::Int64, KEEP)] };

pub static SECRET_PROJECTION: Struct = Struct {
    name: "SecretProjection",
    inline: None,
    fields: &[
        f("name", Ty::String, OMIT),
        f("items", Ty::Slice(&Ty::Struct(&KEY_TO_PATH)), OMIT),
        f("optional", Ty::Ptr(&Ty::Bool), OMIT),
    ],
};

pub static DOWNWARD_API_PROJECTION: Struct = Struct {
    name: "DownwardAPIProjection",
    inline: None,
    fields: &[f("items", Ty::Slice(&Ty::Struct(&DOWNWARD_API_VOLUME_FILE)), OMIT)],
};

pub static CONFIG_MAP_PROJECTION: Struct = Struct {
    name: "ConfigMapProjection",
    inline: None,
    fields: &[
        f("name", Ty::String, OMIT),
        f("items", Ty::Slice(&Ty::Struct(&KEY_TO_PATH)), OMIT),
        f("optional", Ty::Ptr(&Ty::Bool), OMIT),
    ],
};

pub static SERVICE_ACCOUNT_TOKEN_PROJECTION: Struct = Struct {
    name: "ServiceAccountTokenProjection",
    inline: None,
    fields: &[
        f("audience", Ty::String, OMIT),
        f("expirationSeconds", Ty::Ptr(&Ty::Int64), OMIT),
        f("path", Ty::String, KEEP),
    ],
};

pub static CLUSTER_TRUST_BUNDLE_PROJECTION: Struct = Struct {
    name: "ClusterTrustBundleProjection",
    inline: None,
    fields: &[
        f("name", Ty::Ptr(&Ty::String), OMIT),
        f("signerName", Ty::Ptr(&Ty::String), OMIT),
        f("labelSelector", Ty::Ptr(&Ty::Struct(&LABEL_SELECTOR)), OMIT),
        f("optional", Ty::Ptr(&Ty::Bool), OMIT),
        f("path", Ty::String, KEEP),
    ],
};

pub static PERSISTENT_VOLUME_CLAIM_SPEC: Struct = Struct {
    name: "PersistentVolumeClaimSpec",
    inline: None,
    fields: &[
        f("accessModes", Ty::Slice(&Ty::String), OMIT),
        f("selector", Ty::Ptr(&Ty::Struct(&LABEL_SELECTOR)), OMIT),
        f("resources", Ty::Struct(&VOLUME_RESOURCE_REQUIREMENTS), OMIT),
        f("volumeName", Ty::String, OMIT),
        f("storageClassName", Ty::Ptr(&Ty::String), OMIT),
        f("volumeMode", Ty::Ptr(&Ty::String), OMIT),
        f("dataSource", Ty::Ptr(&Ty::Struct(&TYPED_LOCAL_OBJECT_REFERENCE)), OMIT),
        f("dataSourceRef", Ty::Ptr(&Ty::Struct(&TYPED_OBJECT_REFERENCE)), OMIT),
        f("volumeAttributesClassName", Ty::Ptr(&Ty::String), OMIT),
    ],
};

pub static VOLUME_RESOURCE_REQUIREMENTS: Struct = Struct {
    name: "VolumeResourceRequirements",
    inline: None,
    fields: &[f("limits", Ty::QuantityMap, OMIT), f("requests", Ty::QuantityMap, OMIT)],
};

pub static TYPED_LOCAL_OBJECT_REFERENCE: Struct = Struct {
    name: "TypedLocalObjectReference",
    inline: None,
    fields: &[f("apiGroup", Ty::Ptr(&Ty::String), KEEP), f("kind", Ty::String, KEEP), f("name", Ty::String, KEEP)],
};

pub static TYPED_OBJECT_REFERENCE: Struct = Struct {
    name: "TypedObjectReference",
    inline: None,
    fields: &[
        f("apiGroup", Ty::Ptr(&Ty::String), KEEP),
        f("kind", Ty::String, KEEP),
        f("name", Ty::String, KEEP),
        f("namespace", Ty::Ptr(&Ty::String), OMIT),
    ],
};
