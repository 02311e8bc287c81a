//! `inject`: read manifests, turn every Pod or workload pod template into the Pod the cluster
//! would create, send its CREATE request through the policy, apply the returned patch and
//! print the admitted Pods.
//!
//! Exit codes: 0 all admitted; 1 error (invalid settings, unreadable input, usage); 2 at least
//! one Pod rejected (`rejected: <message>` on stderr; admitted Pods are still printed).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use serde_json::Value;
use sidecarset_e2e::kube_fixtures::ResourceAccess;
use sidecarset_e2e::manifest::{
    DEFAULT_VIRTUAL_NODE_LABEL, PodOptions, create_request, pod_creation, read_manifest_objects,
};
use sidecarset_e2e::policy_manifest::{is_policy_manifest, parse_policy_document};
use sidecarset_e2e::replay::Session;
use sidecarset_e2e::{
    AdmissionResponseHandler, ContextAwareResource, KubeContext, PolicySettings, ValidateRequest, patch, yaml,
};
use sidecarset_policy::host::CONTEXT_AWARE_RESOURCES;

use crate::engine::{self, ModuleOptions};
use crate::output;

/// The policy-server default execution deadline, for modules.
const DEFAULT_TIMEOUT_SECONDS: u64 = 2;

#[derive(Args)]
#[command(after_help = "Exit status: 0 admitted, 1 error (e.g. invalid settings), 2 a Pod was rejected.")]
pub struct InjectArgs {
    /// YAML (multi-document) or JSON: Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// Jobs, CronJobs; `-` or nothing for stdin
    #[arg(value_name = "MANIFEST")]
    manifest: Option<PathBuf>,

    /// Policy settings (YAML/JSON), or a ClusterAdmissionPolicy / AdmissionPolicy manifest
    /// (its spec.settings, mode, mutating and message apply)
    #[arg(long, value_name = "FILE")]
    settings: PathBuf,

    /// Place the Pods on a virtual node: add the virtual-node label with the value "true"
    #[arg(long)]
    virtual_node: bool,

    /// The label --virtual-node adds
    #[arg(long, value_name = "LABEL", default_value = DEFAULT_VIRTUAL_NODE_LABEL)]
    virtual_node_label: String,

    /// Namespace for objects that name none
    #[arg(short = 'n', long, value_name = "NS", default_value = "default")]
    namespace: String,

    /// Output format
    #[arg(short = 'o', long, value_enum, default_value_t = Format::Yaml)]
    output: Format,

    /// Kubernetes objects (YAML/JSON: Namespaces, Kruise's ControllerRevisions, SidecarSets,
    /// SidecarSetResourceBindings) that answer the policy's cluster reads, within the
    /// contextAwareResources it declares; repeat it for several files. Without this or
    /// --replay-host-capabilities-interactions the policy reads nothing
    #[arg(long, value_name = "FILE", conflicts_with = "replay_host_capabilities_interactions")]
    cluster: Vec<PathBuf>,

    /// Answer the policy's cluster reads from a session recorded by `kwctl run
    /// --record-host-capabilities-interactions`, in order, across all Pods
    #[arg(long, value_name = "FILE")]
    replay_host_capabilities_interactions: Option<PathBuf>,

    /// Evaluate this policy module (policy.wasm or an annotated module) through the
    /// Kubewarden-compatible host instead of the engine compiled in (needs the wasm feature)
    #[arg(long, value_name = "MODULE")]
    policy: Option<PathBuf>,

    /// Execution deadline of a --policy module, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_TIMEOUT_SECONDS, requires = "policy")]
    timeout: u64,

    /// No execution deadline for a --policy module
    #[arg(long, requires = "policy")]
    disable_timeout: bool,

    /// Also show the DEBUG logs of a --policy module
    #[arg(short = 'v', long, requires = "policy")]
    verbose: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Yaml,
    Json,
}

/// How the run ended, when nothing went wrong.
pub enum Verdict {
    Admitted,
    Rejected,
}

/// What the policy may read, and from where: the resources it declares, from fixture objects
/// or a recorded session.
fn cluster_context(args: &InjectArgs) -> Result<KubeContext> {
    let granted = || {
        ResourceAccess::AllowList(
            CONTEXT_AWARE_RESOURCES
                .iter()
                .map(|(api_version, kind)| ContextAwareResource::new(api_version, kind))
                .collect(),
        )
    };
    if !args.cluster.is_empty() {
        let mut objects = Vec::new();
        for path in &args.cluster {
            objects.extend(KubeContext::read_objects(path)?);
        }
        return Ok(KubeContext::new(objects, granted()));
    }
    Ok(match &args.replay_host_capabilities_interactions {
        Some(path) => KubeContext::replaying(Session::from_file(path)?, granted()),
        None => KubeContext::default(),
    })
}

pub fn run(args: &InjectArgs) -> Result<Verdict> {
    let (settings, handler) = read_settings(&args.settings)?;
    let policy = match &args.policy {
        None => engine::native(),
        Some(path) => engine::module(
            path,
            &ModuleOptions { timeout_seconds: (!args.disable_timeout).then_some(args.timeout), verbose: args.verbose },
        )?,
    };
    let options = PodOptions {
        namespace: Some(args.namespace.clone()),
        virtual_node_label: args.virtual_node.then(|| args.virtual_node_label.clone()),
    };
    let objects = read_manifest_objects(&read_manifest(args.manifest.as_deref())?)?;

    let kube = Arc::new(cluster_context(args)?);
    let settings_response = policy.settings_response(&settings)?;
    if !settings_response.valid {
        bail!("Provided settings are not valid: {}", settings_response.message.unwrap_or_default());
    }

    let mut admitted = Vec::new();
    let mut rejected = false;
    for (index, object) in objects.iter().enumerate() {
        let Some(creation) = pod_creation(object, &options)? else {
            let kind = object.get("kind").and_then(Value::as_str).unwrap_or("<no kind>");
            eprintln!("sidecarset-policy: {kind} is not a Pod or a workload; printed unchanged");
            admitted.push(object.clone());
            continue;
        };
        let request = ValidateRequest::from_json(&create_request(&creation, index), false)?;
        let response = handler.process_response(policy.admission_response_in(&request, &settings, kube.clone())?);
        if !response.allowed {
            if objects.len() > 1 {
                eprintln!("sidecarset-policy: {}:", creation.source);
            }
            eprintln!("rejected: {}", response.message().unwrap_or_default());
            rejected = true;
            continue;
        }
        for warning in response.warnings.iter().flatten() {
            eprintln!("warning: {}: {warning}", creation.source);
        }
        admitted.push(patch::apply_response(&creation.pod, &response)?);
    }

    output::write_stdout(output::render(&admitted, args.output == Format::Json)?.as_bytes())?;
    Ok(if rejected { Verdict::Rejected } else { Verdict::Admitted })
}

/// Plain settings, or a Kubewarden policy manifest whose settings and response handling apply.
fn read_settings(path: &Path) -> Result<(PolicySettings, AdmissionResponseHandler)> {
    let text = yaml::read_file(path)?;
    let value = yaml::parse_single(&text).with_context(|| format!("Cannot parse settings file {}", path.display()))?;
    if is_policy_manifest(&value) {
        let definition = parse_policy_document(&value)?;
        return Ok((definition.settings.clone(), definition.handler()));
    }
    Ok((PolicySettings::from_value(&value)?, AdmissionResponseHandler::for_cli()))
}

fn read_manifest(path: Option<&Path>) -> Result<String> {
    match path {
        None => read_stdin(),
        Some(path) if path == Path::new("-") => read_stdin(),
        Some(path) => Ok(yaml::read_file(path)?),
    }
}

fn read_stdin() -> Result<String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).context("cannot read the manifest from stdin")?;
    Ok(text)
}
