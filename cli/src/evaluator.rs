//! What every command shares: the policy options (settings, cluster objects or a recorded
//! session, the engine or a module) and one evaluator that sends a Pod's CREATE request
//! through the policy and answers with the (response-handled) admission response.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use clap::Args;
use serde_json::Value;
use sidecarset_e2e::kube_fixtures::ResourceAccess;
use sidecarset_e2e::manifest::{PodCreation, create_request};
use sidecarset_e2e::policy_manifest::{is_policy_manifest, parse_policy_document};
use sidecarset_e2e::replay::Session;
use sidecarset_e2e::{
    AdmissionResponse, AdmissionResponseHandler, ContextAwareResource, KubeContext, Policy, PolicySettings,
    ValidateRequest, yaml,
};
use sidecarset_policy::host::CONTEXT_AWARE_RESOURCES;

use crate::engine::{self, ModuleOptions};

/// The policy-server default execution deadline, for modules.
const DEFAULT_TIMEOUT_SECONDS: u64 = 2;

#[derive(Args)]
pub struct PolicyArgs {
    /// Policy settings (YAML/JSON), or a ClusterAdmissionPolicy / AdmissionPolicy manifest
    /// (its spec.settings, mode, mutating and message apply)
    #[arg(long, value_name = "FILE")]
    pub settings: PathBuf,

    /// Kubernetes objects (YAML/JSON: Namespaces, Kruise's ControllerRevisions, SidecarSets,
    /// SidecarSetResourceBindings) that answer the policy's cluster reads, within the
    /// contextAwareResources it declares; repeat it for several files. Without this or
    /// --replay-host-capabilities-interactions the policy reads nothing
    #[arg(long, value_name = "FILE", conflicts_with = "replay_host_capabilities_interactions")]
    pub cluster: Vec<PathBuf>,

    /// Answer the policy's cluster reads from a session recorded by `kwctl run
    /// --record-host-capabilities-interactions`, in order, across all Pods
    #[arg(long, value_name = "FILE")]
    pub replay_host_capabilities_interactions: Option<PathBuf>,

    /// Evaluate this policy module (policy.wasm or an annotated module) through the
    /// Kubewarden-compatible host instead of the engine compiled in (needs the wasm feature)
    #[arg(long, value_name = "MODULE")]
    pub policy: Option<PathBuf>,

    /// Execution deadline of a --policy module, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_TIMEOUT_SECONDS, requires = "policy")]
    pub timeout: u64,

    /// No execution deadline for a --policy module
    #[arg(long, requires = "policy")]
    pub disable_timeout: bool,

    /// Also show the DEBUG logs of a --policy module
    #[arg(short = 'v', long, requires = "policy")]
    pub verbose: bool,
}

/// The policy with its settings, ready to evaluate Pods.
pub struct Evaluator {
    policy: Box<dyn Policy>,
    settings: PolicySettings,
    handler: AdmissionResponseHandler,
    kube: Arc<KubeContext>,
}

impl Evaluator {
    /// Load the policy; `adjust` may change the settings first (`impact` turns on audit
    /// mode). Invalid settings are an error with the policy's message.
    pub fn new(args: &PolicyArgs, adjust: impl FnOnce(&mut Value)) -> Result<Self> {
        let (mut settings, handler) = read_settings(&args.settings)?;
        adjust(&mut settings);
        let settings = PolicySettings::from_value(&settings)?;
        let policy = match &args.policy {
            None => engine::native(),
            Some(path) => engine::module(
                path,
                &ModuleOptions {
                    timeout_seconds: (!args.disable_timeout).then_some(args.timeout),
                    verbose: args.verbose,
                },
            )?,
        };
        let settings_response = policy.settings_response(&settings)?;
        if !settings_response.valid {
            bail!("Provided settings are not valid: {}", settings_response.message.unwrap_or_default());
        }
        Ok(Evaluator { policy, settings, handler, kube: Arc::new(cluster_context(args)?) })
    }

    /// The CLI's own response handling instead of a policy manifest's (whose `mode: monitor`
    /// would turn the refusals `impact` reads into acceptances).
    pub fn with_plain_handling(mut self) -> Self {
        self.handler = AdmissionResponseHandler::for_cli();
        self
    }

    /// The policy's answer to the CREATE of a Pod.
    pub fn evaluate(&self, creation: &PodCreation, index: usize) -> Result<AdmissionResponse> {
        let request = ValidateRequest::from_json(&create_request(creation, index), false)?;
        let response = self.policy.admission_response_in(&request, &self.settings, self.kube.clone())?;
        Ok(self.handler.process_response(response))
    }
}

/// What the policy may read, and from where: the resources it declares, from fixture objects
/// or a recorded session.
fn cluster_context(args: &PolicyArgs) -> Result<KubeContext> {
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

/// Plain settings, or a Kubewarden policy manifest whose settings and response handling apply.
fn read_settings(path: &Path) -> Result<(Value, AdmissionResponseHandler)> {
    let text = yaml::read_file(path)?;
    let value = yaml::parse_single(&text).with_context(|| format!("Cannot parse settings file {}", path.display()))?;
    if is_policy_manifest(&value) {
        let definition = parse_policy_document(&value)?;
        return Ok((Value::Object(definition.settings.0.clone()), definition.handler()));
    }
    Ok((value, AdmissionResponseHandler::for_cli()))
}
