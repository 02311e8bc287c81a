//! `inject`: read manifests, turn every Pod or workload pod template into the Pod the cluster
//! would create, send its CREATE request through the policy, apply the returned patch and
//! print the admitted Pods.
//!
//! Exit codes: 0 all admitted; 1 error (invalid settings, unreadable input, usage); 2 at least
//! one Pod rejected (`rejected: <message>` on stderr; admitted Pods are still printed).

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use serde_json::Value;
use sidecarset_e2e::manifest::{DEFAULT_VIRTUAL_NODE_LABEL, PodOptions, pod_creation, read_manifest_objects};
use sidecarset_e2e::{patch, yaml};

use crate::evaluator::{Evaluator, PolicyArgs};
use crate::output;

#[derive(Args)]
#[command(after_help = "Exit status: 0 admitted, 1 error (e.g. invalid settings), 2 a Pod was rejected.")]
pub struct InjectArgs {
    #[command(flatten)]
    pub manifest: ManifestArgs,

    /// Output format
    #[arg(short = 'o', long, value_enum, default_value_t = Format::Yaml)]
    output: Format,

    #[command(flatten)]
    pub policy: PolicyArgs,
}

/// The manifest of Pods and workloads, and how its Pods are made.
#[derive(Args)]
pub struct ManifestArgs {
    /// YAML (multi-document) or JSON: Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// Jobs, CronJobs; `-` or nothing for stdin
    #[arg(value_name = "MANIFEST")]
    pub manifest: Option<PathBuf>,

    /// Place the Pods on a virtual node: add the virtual-node label with the value "true"
    #[arg(long)]
    pub virtual_node: bool,

    /// The label --virtual-node adds
    #[arg(long, value_name = "LABEL", default_value = DEFAULT_VIRTUAL_NODE_LABEL)]
    pub virtual_node_label: String,

    /// Namespace for objects that name none
    #[arg(short = 'n', long, value_name = "NS", default_value = "default")]
    pub namespace: String,
}

impl ManifestArgs {
    pub fn pod_options(&self) -> PodOptions {
        PodOptions {
            namespace: Some(self.namespace.clone()),
            virtual_node_label: self.virtual_node.then(|| self.virtual_node_label.clone()),
        }
    }

    /// The manifest's objects.
    pub fn objects(&self) -> Result<Vec<Value>> {
        Ok(read_manifest_objects(&read_manifest(self.manifest.as_deref())?)?)
    }
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

pub fn run(args: &InjectArgs) -> Result<Verdict> {
    // The manifest first: a rejected settings file must not leave a writer to stdin hanging.
    let objects = args.manifest.objects()?;
    let evaluator = Evaluator::new(&args.policy, |_| {})?;
    let options = args.manifest.pod_options();
    let mut admitted = Vec::new();
    let mut rejected = false;
    for (index, object) in objects.iter().enumerate() {
        let Some(creation) = pod_creation(object, &options)? else {
            let kind = object.get("kind").and_then(Value::as_str).unwrap_or("<no kind>");
            eprintln!("sidecarset-policy: {kind} is not a Pod or a workload; printed unchanged");
            admitted.push(object.clone());
            continue;
        };
        let response = evaluator.evaluate(&creation, index)?;
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
