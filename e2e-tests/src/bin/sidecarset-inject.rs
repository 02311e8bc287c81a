//! `sidecarset-inject`: an offline injector in the spirit of `istioctl kube-inject`. Reads
//! manifests, turns every Pod or workload pod template into the Pod the cluster would create,
//! sends its CREATE request through the policy module, applies the returned patch and prints
//! the admitted Pods.
//!
//! Exit codes: 0 all admitted; 1 error (invalid settings, unreadable input, usage); 2 at least
//! one Pod rejected (`rejected: <message>` on stderr; admitted Pods are still printed).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};
use sidecarset_e2e::cli::{self, ArgError, ArgSpec};
use sidecarset_e2e::deadline::{DEFAULT_TIMEOUT_SECONDS, Deadline};
use sidecarset_e2e::logging::{LogConfig, LogLevel};
use sidecarset_e2e::manifest::{
    DEFAULT_VIRTUAL_NODE_LABEL, PodOptions, create_request, pod_creation, read_manifest_objects,
};
use sidecarset_e2e::policy_manifest::{is_policy_manifest, parse_policy_document};
use sidecarset_e2e::{
    AdmissionResponseHandler, HostConfig, HostError, PolicyModule, PolicySettings, ValidateRequest, patch, yaml,
};

const HELP: &str = "Print Pods as the cluster admits them through the SidecarSet policy.

Usage: sidecarset-inject --settings <FILE> [OPTIONS] [MANIFEST | -]

Arguments:
  [MANIFEST | -]                 YAML (multi-document) or JSON: Pods, Deployments, StatefulSets,
                                 DaemonSets, ReplicaSets, Jobs, CronJobs [default: stdin]

Options:
      --settings <FILE>          Policy settings (YAML/JSON), or a ClusterAdmissionPolicy /
                                 AdmissionPolicy manifest (its spec.settings, mode, mutating and
                                 message apply)
      --policy <FILE>            Policy module [default: ./policy.wasm, else the repository's]
      --virtual-node             Place the Pods on a virtual node: add the label
                                 serverless.alibabacloud.com/virtual-node: \"true\"
      --virtual-node-label <L>   Label to use for --virtual-node
      --namespace <NS>           Namespace for objects that name none [default: default]
  -o, --output <yaml|json>       Output format [default: yaml]
      --timeout <SECONDS>        Execution deadline [default: 2]
      --disable-timeout          No execution deadline
  -v, --verbose                  Also show DEBUG policy logs
  -h, --help                     Print help

Exit status: 0 admitted, 1 error (e.g. invalid settings), 2 a Pod was rejected.";

const SPECS: &[ArgSpec] = &[
    ArgSpec::value("settings", None),
    ArgSpec::value("policy", None),
    ArgSpec::flag("virtual-node", None),
    ArgSpec::value("virtual-node-label", None),
    ArgSpec::value("namespace", Some('n')),
    ArgSpec::value("output", Some('o')),
    ArgSpec::value("timeout", None),
    ArgSpec::flag("disable-timeout", None),
    ArgSpec::flag("verbose", Some('v')),
];

enum Failure {
    Error(HostError),
    Rejected,
}

impl From<HostError> for Failure {
    fn from(e: HostError) -> Self {
        Failure::Error(e)
    }
}

fn main() -> ExitCode {
    let args = match cli::parse(std::env::args().skip(1), SPECS) {
        Ok(args) => args,
        Err(ArgError::Help) => {
            println!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(ArgError::Usage(message)) => {
            eprintln!("error: {message}\n\nFor more information, try '--help'.");
            return ExitCode::FAILURE;
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Rejected) => ExitCode::from(2),
        Err(Failure::Error(e)) => {
            eprintln!("Error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &cli::ParsedArgs) -> Result<(), Failure> {
    let settings_path = args.value("settings").ok_or_else(|| HostError::invalid("--settings <FILE> is required"))?;
    if args.positionals.len() > 1 {
        return Err(HostError::invalid(format!("unexpected argument '{}'", args.positionals[1])).into());
    }
    let json_output = match args.value("output").unwrap_or("yaml") {
        "yaml" => false,
        "json" => true,
        other => {
            return Err(HostError::invalid(format!("--output must be yaml or json, not {other}")).into());
        }
    };
    let (settings, handler) = read_settings(Path::new(settings_path))?;
    let policy_path = policy_path(args.value("policy"))?;
    let deadline = if args.flag("disable-timeout") {
        None
    } else {
        let seconds = match args.value("timeout") {
            Some(text) => text.parse().map_err(|_| HostError::invalid(format!("invalid --timeout: {text}")))?,
            None => DEFAULT_TIMEOUT_SECONDS,
        };
        Some(Deadline::seconds(seconds))
    };
    let options = PodOptions {
        namespace: args.value("namespace").map(str::to_owned),
        virtual_node_label: if args.flag("virtual-node") || args.value("virtual-node-label").is_some() {
            Some(args.value("virtual-node-label").unwrap_or(DEFAULT_VIRTUAL_NODE_LABEL).to_owned())
        } else {
            None
        },
    };

    let manifest_text = read_manifest(args.positionals.first().map(String::as_str))?;
    let objects = read_manifest_objects(&manifest_text)?;

    let config = HostConfig {
        deadline,
        log: LogConfig {
            to_stderr: true,
            min_level: if args.flag("verbose") { LogLevel::Debug } else { LogLevel::Info },
        },
        ..HostConfig::default()
    };
    let module = PolicyModule::from_file(&policy_path, config)?;
    let settings_response = module.validate_settings(&settings)?;
    if !settings_response.valid {
        return Err(HostError::invalid(format!(
            "Provided settings are not valid: {}",
            settings_response.message.unwrap_or_default()
        ))
        .into());
    }

    let mut admitted = Vec::new();
    let mut rejected = false;
    for (index, object) in objects.iter().enumerate() {
        let Some(creation) = pod_creation(object, &options)? else {
            let kind = object.get("kind").and_then(Value::as_str).unwrap_or("<no kind>");
            eprintln!("sidecarset-inject: {kind} is not a Pod or a workload; printed unchanged");
            admitted.push(object.clone());
            continue;
        };
        let request = ValidateRequest::from_json(&create_request(&creation, index), false)?;
        let evaluation = module.validate(&request, &settings)?;
        let response = handler.process_response(evaluation.response);
        if !response.allowed {
            if objects.len() > 1 {
                eprintln!("sidecarset-inject: {}:", creation.source);
            }
            eprintln!("rejected: {}", response.message().unwrap_or_default());
            rejected = true;
            continue;
        }
        admitted.push(patch::apply_response(&creation.pod, &response)?);
    }

    let output = render(&admitted, json_output)?;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(output.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| HostError::io("cannot write to stdout", e))?;
    if rejected { Err(Failure::Rejected) } else { Ok(()) }
}

/// Plain settings, or a Kubewarden policy manifest whose settings and response handling apply.
fn read_settings(path: &Path) -> Result<(PolicySettings, AdmissionResponseHandler), HostError> {
    let text = yaml::read_file(path)?;
    let value = yaml::parse_single(&text)
        .map_err(|e| HostError::invalid(format!("Cannot parse settings file {}: {e}", path.display())))?;
    if is_policy_manifest(&value) {
        let definition = parse_policy_document(&value)?;
        return Ok((definition.settings.clone(), definition.handler()));
    }
    Ok((PolicySettings::from_value(&value)?, AdmissionResponseHandler::for_cli()))
}

/// `--policy`, else `policy.wasm` in the current directory, else the repository's.
fn policy_path(given: Option<&str>) -> Result<PathBuf, HostError> {
    if let Some(path) = given {
        return Ok(PathBuf::from(path));
    }
    let here = PathBuf::from("policy.wasm");
    if here.is_file() {
        return Ok(here);
    }
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policy.wasm");
    if repository.is_file() {
        return Ok(repository);
    }
    Err(HostError::invalid(format!(
        "policy.wasm not found (looked in the current directory and {}): run `make policy.wasm` first or pass --policy",
        repository.display()
    )))
}

fn read_manifest(path: Option<&str>) -> Result<String, HostError> {
    match path {
        None | Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| HostError::io("cannot read the manifest from stdin", e))?;
            Ok(text)
        }
        Some(path) => yaml::read_file(Path::new(path)),
    }
}

/// YAML: one document per object; JSON: the object, or a `List` of them.
fn render(objects: &[Value], json_output: bool) -> Result<String, HostError> {
    if json_output {
        let value = match objects {
            [single] => single.clone(),
            many => json!({"apiVersion": "v1", "kind": "List", "items": many}),
        };
        let mut text =
            serde_json::to_string_pretty(&value).map_err(|e| HostError::invalid(format!("cannot render JSON: {e}")))?;
        text.push('\n');
        return Ok(text);
    }
    let documents = objects.iter().map(yaml::to_yaml).collect::<Result<Vec<_>, _>>()?;
    Ok(documents.join("---\n"))
}
