//! `kwrun`: a `kwctl run` look-alike on this crate's host. One JSON line (the AdmissionResponse)
//! on stdout, logs on stderr, exit 0 for accepted and rejected requests alike, exit 1 with
//! `Error: <message>` for everything else (invalid settings included), exit 2 for usage errors.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use sidecarset_e2e::cli::{self, ArgError, ArgSpec};
use sidecarset_e2e::deadline::Deadline;
use sidecarset_e2e::kube_fixtures::ResourceAccess;
use sidecarset_e2e::logging::{LogConfig, LogLevel, host_diagnostic};
use sidecarset_e2e::policy_manifest::{PolicyDefinition, read_policy_manifest};
use sidecarset_e2e::replay::Session;
use sidecarset_e2e::{
    AdmissionResponseHandler, HostConfig, HostError, KubeContext, PolicyModule, PolicySettings, ValidateRequest,
};

const USAGE: &str = "Usage: kwrun [OPTIONS] --request-path <PATH> <policy.wasm | policy.yaml>";

const HELP: &str = "Evaluate a request with a Kubewarden waPC policy, like `kwctl run`.

Usage: kwrun [run] [OPTIONS] --request-path <PATH> <policy.wasm | policy.yaml>

A leading `run` is ignored, so kwrun can stand in for `kwctl` in scripts.

Arguments:
  <policy.wasm | policy.yaml>  A policy module (path or file:// URI), or a file of
                               ClusterAdmissionPolicy/AdmissionPolicy manifests whose
                               spec.module is a local file

Options:
  -r, --request-path <PATH>      AdmissionRequest or AdmissionReview JSON file; `-` reads stdin
  -s, --settings-path <PATH>     Settings, YAML or JSON (wins over --settings-json)
      --settings-json <JSON>     Settings as a JSON object
      --raw                      Send the request JSON verbatim (no AdmissionRequest parsing)
      --context-path <PATH>      Kubernetes objects (YAML/JSON, multi-document or List) that
                                 answer the policy's kubernetes/* host calls. With a .wasm it
                                 grants access to every kind (kwctl: --allow-context-aware); a
                                 ClusterAdmissionPolicy grants its contextAwareResources, an
                                 AdmissionPolicy nothing
      --allow-context-aware      Grant the kubernetes/* reads (kwctl grants the contextAwareResources
                                 of the module's metadata; kwrun, reading unannotated modules,
                                 grants every kind)
      --replay-host-capabilities-interactions <FILE>
                                 Answer the kubernetes/* host calls from a session recorded by
                                 kwctl (--record-host-capabilities-interactions), in order
      --timeout <SECONDS>        Execution deadline for init and for the call, like policy-server
                                 [default: spec.timeoutEvalSeconds, else 2]
      --disable-timeout          No deadline (kwctl's own behaviour)
      --memory-limit-mib <MIB>   Cap each linear memory of the instance (off by default)
  -v, --verbose                  Also show DEBUG policy logs
  -h, --help                     Print help";

const SPECS: &[ArgSpec] = &[
    ArgSpec::value("request-path", Some('r')),
    ArgSpec::value("settings-path", Some('s')),
    ArgSpec::value("settings-json", None),
    ArgSpec::flag("raw", None),
    ArgSpec::value("context-path", None),
    ArgSpec::flag("allow-context-aware", None),
    ArgSpec::value("replay-host-capabilities-interactions", None),
    ArgSpec::value("timeout", None),
    ArgSpec::flag("disable-timeout", None),
    ArgSpec::value("memory-limit-mib", None),
    ArgSpec::flag("verbose", Some('v')),
];

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // Accept kwctl's subcommand word, so kwrun can stand in for `kwctl` in scripts.
    if args.first().map(String::as_str) == Some("run") {
        args.remove(0);
    }
    let args = match cli::parse(args, SPECS) {
        Ok(args) => args,
        Err(ArgError::Help) => {
            println!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(ArgError::Usage(message)) => return usage_error(&message),
    };
    let mut missing = Vec::new();
    if args.value("request-path").is_none() {
        missing.push("--request-path <PATH>");
    }
    if args.positionals.is_empty() {
        missing.push("<policy.wasm | policy.yaml>");
    }
    if !missing.is_empty() {
        return usage_error(&format!(
            "the following required arguments were not provided:\n  {}",
            missing.join("\n  ")
        ));
    }
    if args.positionals.len() > 1 {
        return usage_error(&format!("unexpected argument '{}' found", args.positionals[1]));
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}\n\nFor more information, try '--help'.");
    ExitCode::from(2)
}

/// A policy to evaluate, from the command line or from a manifest.
struct PolicyToRun {
    module_path: PathBuf,
    settings: PolicySettings,
    handler: AdmissionResponseHandler,
    access: ResourceAccess,
    timeout_eval_seconds: Option<u64>,
}

fn run(args: &cli::ParsedArgs) -> Result<(), HostError> {
    let policy_arg = args.positionals[0].as_str();
    let verbose = args.flag("verbose");
    let context_given = args.value("context-path").is_some() || args.flag("allow-context-aware");

    // Same order of work as kwctl: policy definitions (settings), request, module, evaluation.
    let policies = if policy_arg.ends_with(".yaml") || policy_arg.ends_with(".yml") {
        if args.flag("raw") {
            return Err(HostError::invalid(format!("The --raw option cannot be used with a YAML file: {policy_arg}")));
        }
        if args.value("settings-path").is_some() || args.value("settings-json").is_some() {
            host_diagnostic(
                LogLevel::Info,
                "The --settings-json and --settings-path options are ignored when using a YAML file",
            );
        }
        let manifest_dir = Path::new(policy_arg).parent().unwrap_or(Path::new("."));
        let definitions = read_policy_manifest(Path::new(policy_arg))?;
        if definitions.len() > 1 {
            host_diagnostic(
                LogLevel::Warn,
                "Multiple policies defined inside of the CRD file. All of them will run sequentially using the same request.",
            );
        }
        definitions.iter().map(|d| from_manifest(d, manifest_dir)).collect::<Result<Vec<_>, _>>()?
    } else {
        vec![from_command_line(args, policy_arg, context_given)?]
    };

    let request_json = read_request(args.value("request-path").unwrap_or("-"))?;
    let objects = match args.value("context-path") {
        Some(path) => KubeContext::read_objects(Path::new(path))?,
        None => Vec::new(),
    };
    let memory_limit_bytes = match args.value("memory-limit-mib") {
        Some(text) => Some(
            text.parse::<usize>()
                .ok()
                .and_then(|mib| mib.checked_mul(1024 * 1024))
                .ok_or_else(|| HostError::invalid(format!("invalid --memory-limit-mib: {text}")))?,
        ),
        None => None,
    };
    let explicit_timeout = match args.value("timeout") {
        Some(text) => Some(text.parse::<u64>().map_err(|_| HostError::invalid(format!("invalid --timeout: {text}")))?),
        None => None,
    };

    for policy in policies {
        let deadline = if args.flag("disable-timeout") {
            None
        } else {
            Some(Deadline::seconds(
                explicit_timeout
                    .or(policy.timeout_eval_seconds)
                    .unwrap_or(sidecarset_e2e::deadline::DEFAULT_TIMEOUT_SECONDS),
            ))
        };
        let config = HostConfig {
            deadline,
            memory_limit_bytes,
            log: LogConfig { to_stderr: true, min_level: if verbose { LogLevel::Debug } else { LogLevel::Info } },
            kube: Arc::new(match args.value("replay-host-capabilities-interactions") {
                Some(path) => KubeContext::replaying(Session::from_file(Path::new(path))?, policy.access.clone()),
                None => KubeContext::new(objects.clone(), policy.access.clone()),
            }),
        };
        let request = ValidateRequest::from_json(&request_json, args.flag("raw"))?;
        let module = PolicyModule::from_file(&policy.module_path, config)?;

        let settings_response = module.validate_settings(&policy.settings)?;
        if !settings_response.valid {
            return Err(HostError::invalid(format!(
                "Provided settings are not valid: {}",
                settings_response.message.unwrap_or_default()
            )));
        }
        let evaluation = module.validate(&request, &policy.settings)?;
        let response = policy.handler.process_response(evaluation.response);
        let line = response.to_json_line()?;
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{line}")
            .and_then(|_| stdout.flush())
            .map_err(|e| HostError::io("cannot write to stdout", e))?;
    }
    Ok(())
}

fn from_command_line(args: &cli::ParsedArgs, policy_arg: &str, context_given: bool) -> Result<PolicyToRun, HostError> {
    let settings = if let Some(path) = args.value("settings-path") {
        PolicySettings::from_file(Path::new(path))?
    } else if let Some(json) = args.value("settings-json") {
        PolicySettings::from_json_str(json)?
    } else {
        PolicySettings::default()
    };
    let path = match policy_arg.strip_prefix("file://") {
        Some(path) => path,
        None if policy_arg.contains("://") => {
            return Err(HostError::invalid(format!(
                "cannot use policy module {policy_arg}: only local modules are supported (file://<path> or a path)"
            )));
        }
        None => policy_arg,
    };
    let module_path = PathBuf::from(path);
    if !module_path.exists() {
        return Err(HostError::invalid(format!("Cannot find policy with uri: {policy_arg}")));
    }
    Ok(PolicyToRun {
        module_path,
        settings,
        handler: AdmissionResponseHandler::for_cli(),
        access: if context_given { ResourceAccess::All } else { ResourceAccess::AllowList(Default::default()) },
        timeout_eval_seconds: None,
    })
}

fn from_manifest(definition: &PolicyDefinition, manifest_dir: &Path) -> Result<PolicyToRun, HostError> {
    // A ClusterAdmissionPolicy grants what it lists; an AdmissionPolicy grants nothing.
    let access = if definition.kind == "ClusterAdmissionPolicy" {
        ResourceAccess::AllowList(definition.context_aware_resources.clone())
    } else {
        ResourceAccess::AllowList(Default::default())
    };
    Ok(PolicyToRun {
        module_path: definition.module_path(manifest_dir)?,
        settings: definition.settings.clone(),
        handler: definition.handler(),
        access,
        timeout_eval_seconds: definition.timeout_eval_seconds,
    })
}

fn read_request(path: &str) -> Result<serde_json::Value, HostError> {
    let text = if path == "-" {
        let mut buffer = String::new();
        std::io::stdin()
            .read_to_string(&mut buffer)
            .map_err(|e| HostError::io("Error reading request from stdin", e))?;
        buffer
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| HostError::invalid(format!("Error opening request file {path}; {e}")))?
    };
    serde_json::from_str(&text).map_err(|e| HostError::invalid(e.to_string()))
}
