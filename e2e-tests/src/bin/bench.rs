//! `bench POLICY.wasm [--baseline GUEST.wasm] [--compare NAME=MODULE,SETTINGS,REQUEST]... [--quick]`
//!
//! Per-evaluation cost of the policy measured the way policy-server runs it: a fresh instance
//! for every request (new store, instantiation, `wapc_init`), the settings sent with every
//! request, the `validate` call, then the host's response conversion (JSON patch). Scenarios:
//!
//! - `seed`: examples/ (one Filebeat SidecarSet + its binding, the Deployment's nginx pod);
//! - `1000-sets`: 1,000 SidecarSets in the settings, 3 of them matching the same pod;
//! - `parse-baseline`: the test guest (`behaviour: accept`), which only parses the same
//!   `1000-sets` payload into a `serde_json::Value`: the cost the design compares against;
//! - `pod-2000-containers`, `settings-8MB`: worst cases, far inside policy-server's 2 s budget?
//! - `--compare`: any other waPC policy with its own settings and request (e.g. pod-ndots).
//!
//! Prints a Markdown table (median and p95 in microseconds) for BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use serde_json::{Value, json};
use sidecarset_e2e::{HostConfig, PolicyModule, PolicySettings, PreparedValidation, ValidateRequest};

struct Scenario {
    name: String,
    module: PathBuf,
    settings: Value,
    request: Value,
    iterations: usize,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut policy = None;
    let mut baseline = None;
    let mut compares = Vec::new();
    let mut quick = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--baseline" => baseline = Some(PathBuf::from(it.next().ok_or("--baseline needs a module")?)),
            "--compare" => compares.push(it.next().ok_or("--compare needs NAME=MODULE,SETTINGS,REQUEST")?.clone()),
            "--quick" => quick = true,
            other if !other.starts_with('-') => policy = Some(PathBuf::from(other)),
            other => return Err(format!("unknown option {other}")),
        }
    }
    let policy = policy
        .ok_or("usage: bench POLICY.wasm [--baseline GUEST.wasm] [--compare NAME=MODULE,SETTINGS,REQUEST] [--quick]")?;
    let scale = |n: usize| if quick { (n / 10).max(3) } else { n };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let seed_settings = read_value(&root.join("examples/settings.yaml"))?;
    let seed_request = unwrap_review(read_value(&root.join("examples/pod-request.json"))?);
    let large_settings = thousand_sidecar_sets();
    let mut scenarios = vec![
        Scenario {
            name: "seed".into(),
            module: policy.clone(),
            settings: seed_settings.clone(),
            request: seed_request.clone(),
            iterations: scale(500),
        },
        Scenario {
            name: "1000-sets".into(),
            module: policy.clone(),
            settings: large_settings.clone(),
            request: seed_request.clone(),
            iterations: scale(100),
        },
    ];
    if let Some(guest) = &baseline {
        scenarios.push(Scenario {
            name: "parse-baseline (1000-sets payload)".into(),
            module: guest.clone(),
            settings: with_behaviour(&large_settings, "accept"),
            request: seed_request.clone(),
            iterations: scale(100),
        });
        scenarios.push(Scenario {
            name: "parse-baseline (seed payload)".into(),
            module: guest.clone(),
            settings: with_behaviour(&seed_settings, "accept"),
            request: seed_request.clone(),
            iterations: scale(500),
        });
    }
    scenarios.push(Scenario {
        name: "pod-2000-containers".into(),
        module: policy.clone(),
        settings: seed_settings.clone(),
        request: huge_pod(&seed_request, 2000),
        iterations: scale(20),
    });
    scenarios.push(Scenario {
        name: "settings-8MB".into(),
        module: policy.clone(),
        settings: big_settings(8 << 20),
        request: seed_request.clone(),
        iterations: scale(10),
    });
    for spec in &compares {
        let (name, rest) = spec.split_once('=').ok_or("--compare NAME=MODULE,SETTINGS,REQUEST")?;
        let parts: Vec<&str> = rest.split(',').collect();
        let [module, settings, request] = parts.as_slice() else {
            return Err("--compare NAME=MODULE,SETTINGS,REQUEST".into());
        };
        scenarios.push(Scenario {
            name: name.to_string(),
            module: PathBuf::from(module),
            settings: read_value(Path::new(settings))?,
            request: unwrap_review(read_value(Path::new(request))?),
            iterations: scale(500),
        });
    }
    println!(
        "| scenario | payload | evaluations | fresh instance (median / p95) | call (median / p95) | total incl. patch (median / p95) |"
    );
    println!("|---|---|---|---|---|---|");
    for s in &scenarios {
        let module = PolicyModule::from_file(&s.module, HostConfig::default()).map_err(|e| e.to_string())?;
        let request = ValidateRequest::from_json(&s.request, false).map_err(|e| e.to_string())?;
        let settings = PolicySettings::from_value(&s.settings).map_err(|e| e.to_string())?;
        let prepared = PreparedValidation::new(&request, &settings).map_err(|e| e.to_string())?;
        // Warm-up: the first instance pays for lazy engine set-up.
        module.time_fresh_evaluations(&prepared, 3).map_err(|e| e.to_string())?;
        let timings = module.time_fresh_evaluations(&prepared, s.iterations).map_err(|e| e.to_string())?;
        let stat = |f: &dyn Fn(&sidecarset_e2e::EvaluationTiming) -> Duration| {
            let mut v: Vec<Duration> = timings.iter().map(f).collect();
            v.sort();
            (percentile(&v, 50), percentile(&v, 95))
        };
        let inst = stat(&|t| t.instantiate);
        let call = stat(&|t| t.call);
        let total = stat(&|t| t.total());
        println!(
            "| {} | {} | {} | {} / {} µs | {} / {} µs | {} / {} µs |",
            s.name,
            human_bytes(prepared.payload().len()),
            timings.len(),
            micros(inst.0),
            micros(inst.1),
            micros(call.0),
            micros(call.1),
            micros(total.0),
            micros(total.1)
        );
    }
    let size = std::fs::metadata(&policy).map_err(|e| e.to_string())?.len();
    println!("\nmodule: {} ({})", policy.display(), human_bytes(size as usize));
    Ok(())
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let index = (sorted.len().saturating_sub(1) * p) / 100;
    sorted.get(index).copied().unwrap_or_default()
}

fn micros(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1e6)
}

fn human_bytes(n: usize) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / f64::from(1 << 20))
    } else {
        format!("{:.1} KiB", n as f64 / 1024.0)
    }
}

fn read_value(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    sidecarset_e2e::yaml::parse_single(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn unwrap_review(v: Value) -> Value {
    if v.get("kind").and_then(Value::as_str) == Some("AdmissionReview") {
        v.get("request").cloned().unwrap_or(Value::Null)
    } else {
        v
    }
}

fn with_behaviour(settings: &Value, behaviour: &str) -> Value {
    let mut s = settings.clone();
    if let Some(obj) = s.as_object_mut() {
        obj.insert("behaviour".to_string(), Value::from(behaviour));
    }
    s
}

/// A SidecarSet as a platform team writes one: an agent container with env, resources,
/// mounts and a probe.
fn sidecar_set(name: &str, selector: Value) -> Value {
    json!({
        "apiVersion": "apps.kruise.io/v1alpha1", "kind": "SidecarSet",
        "metadata": {"name": name},
        "spec": {
            "selector": {"matchLabels": selector},
            "containers": [{
                "name": name, "image": format!("registry.example.com/agents/{name}:1.0"),
                "env": [{"name": "AGENT", "value": name}, {"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}],
                "resources": {"limits": {"cpu": "100m", "memory": "64Mi"}, "requests": {"cpu": "10m", "memory": "32Mi"}},
                "volumeMounts": [{"name": format!("{name}-data"), "mountPath": "/data"}],
                "readinessProbe": {"httpGet": {"port": 8080, "path": "/ready"}}
            }],
            "volumes": [{"name": format!("{name}-data"), "emptyDir": {}}]
        }
    })
}

/// 1,000 SidecarSets; agents 0, 500 and 999 select the walkthrough's nginx pod.
fn thousand_sidecar_sets() -> Value {
    let sets: Vec<Value> = (0..1000)
        .map(|i| {
            let name = format!("agent-{i:04}");
            let selector = if i % 500 == 0 || i == 999 {
                json!({"serverless.alibabacloud.com/virtual-node": "true", "app": "nginx"})
            } else {
                json!({"app": format!("team-{i}")})
            };
            sidecar_set(&name, selector)
        })
        .collect();
    json!({"sidecarSets": sets})
}

/// Settings of about `bytes` bytes: non-matching SidecarSets with long argument lists.
fn big_settings(bytes: usize) -> Value {
    let mut sets = Vec::new();
    let mut size = 0;
    let mut i = 0;
    while size < bytes {
        let mut s = sidecar_set(&format!("big-{i:05}"), json!({"app": format!("nobody-{i}")}));
        s["spec"]["containers"][0]["args"] =
            json!((0..200).map(|a| format!("--flag-{a}=some-value-{a}")).collect::<Vec<_>>());
        size += serde_json::to_vec(&s).map(|v| v.len()).unwrap_or(1);
        sets.push(s);
        i += 1;
    }
    json!({"sidecarSets": sets})
}

/// The walkthrough's pod with `n` app containers, each with env and mounts.
fn huge_pod(request: &Value, n: usize) -> Value {
    let mut r = request.clone();
    let containers: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "name": format!("app-{i}"), "image": "nginx:1.27",
                "env": [{"name": "INDEX", "value": i.to_string()}],
                "volumeMounts": [{"name": "varlog", "mountPath": format!("/var/log/app-{i}")}]
            })
        })
        .collect();
    r["object"]["spec"]["containers"] = Value::Array(containers);
    r
}
