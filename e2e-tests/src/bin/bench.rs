//! `bench POLICY.wasm [--floor FLOOR.wasm] [--compare NAME=MODULE,SETTINGS,REQUEST]...
//!        [--repetitions N] [--quick] [--memory] [--dump DIR]`
//!
//! Per-evaluation cost of the policy measured the way policy-server runs it: a fresh instance
//! for every request (new store, instantiation, `wapc_init`), the settings sent with every
//! request, the `validate` call, then the host's response conversion (JSON patch).
//!
//! Shared, noisy machines cannot fake a result: every scenario runs in every round, a batch
//! each, round after round (A, B, A, B, ...), so a burst of load hits all of them; the whole
//! is repeated (`--repetitions`, default 3) and ratios are given as the range over the
//! repetitions; the thread's CPU time per evaluation is shown beside the wall time.
//!
//! Scenarios: `seed` (examples/: one Filebeat SidecarSet + its binding, the Deployment's
//! nginx pod); `sets-10`, `sets-100`, `sets-1000` (that many SidecarSets, 3 of them matching
//! the pod); `containers-1` ... `containers-1000` (the seed with a pod of that many app
//! containers); `settings-8MB` (a worst case, far inside policy-server's 2 s). With `--floor`
//! (the floor guest, `e2e-tests/floor-guest`: checks the payload's JSON syntax and accepts),
//! each policy scenario is paired with the floor on the same payload, and its call is given
//! as a multiple of the floor's. `--compare` adds any other waPC policy with its own settings
//! and request (e.g. pod-ndots). The series give the cost per SidecarSet and per container.
//!
//! With `--memory`, also the linear memory each scenario needs: the smallest memory
//! limit (in 64 KiB pages) under which its evaluation gives the same answer, found by
//! bisection with a fresh module per probe (slow; the memory a fresh instance ends with).
//!
//! With `--dump DIR`, writes each scenario's payload (the exact bytes the guest receives) to
//! `DIR/NAME.json` and stops: `cli/examples/validate_payload.rs` replays them natively, under
//! `valgrind --tool=callgrind` for instruction counts that a busy machine cannot move.
//!
//! Prints Markdown tables for BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use serde_json::{Value, json};
use sidecarset_e2e::{EvaluationTiming, HostConfig, PolicyModule, PolicySettings, PreparedValidation, ValidateRequest};

/// One row of the table: a module, a payload, and what was measured, per repetition.
struct Case {
    name: String,
    module: PathBuf,
    prepared: PreparedValidation,
    /// Evaluations per round.
    batch: usize,
    /// The floor case on the same payload, if any.
    floor: Option<usize>,
    samples: Vec<Vec<EvaluationTiming>>,
    cpu: Vec<Duration>,
}

struct Options {
    policy: PathBuf,
    floor: Option<PathBuf>,
    compares: Vec<String>,
    repetitions: usize,
    quick: bool,
    memory: bool,
    dump: Option<PathBuf>,
}

const ROUNDS: usize = 10;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args() -> Result<Options, String> {
    let usage = "usage: bench POLICY.wasm [--floor FLOOR.wasm] [--compare NAME=MODULE,SETTINGS,REQUEST]... [--repetitions N] [--quick] [--memory] [--dump DIR]";
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut policy, mut floor, mut compares, mut repetitions, mut quick) = (None, None, Vec::new(), 3, false);
    let (mut memory, mut dump) = (false, None);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--floor" => floor = Some(PathBuf::from(it.next().ok_or("--floor needs a module")?)),
            "--compare" => compares.push(it.next().ok_or("--compare needs NAME=MODULE,SETTINGS,REQUEST")?.clone()),
            "--repetitions" => {
                repetitions =
                    it.next().and_then(|n| n.parse().ok()).filter(|n| *n > 0).ok_or("--repetitions needs N > 0")?
            }
            "--quick" => quick = true,
            "--memory" => memory = true,
            "--dump" => dump = Some(PathBuf::from(it.next().ok_or("--dump needs a directory")?)),
            other if !other.starts_with('-') => policy = Some(PathBuf::from(other)),
            other => return Err(format!("unknown option {other}\n{usage}")),
        }
    }
    Ok(Options { policy: policy.ok_or(usage)?, floor, compares, repetitions, quick, memory, dump })
}

fn run() -> Result<(), String> {
    let options = parse_args()?;
    let scale = |n: usize| if options.quick { n.div_ceil(10).max(ROUNDS) } else { n };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let seed_settings = read_value(&root.join("examples/settings.yaml"))?;
    let seed_request = unwrap_review(read_value(&root.join("examples/pod-request.json"))?);

    // (name, settings, request, evaluations per repetition)
    let mut scenarios: Vec<(String, Value, Value, usize)> =
        vec![("seed".into(), seed_settings.clone(), seed_request.clone(), scale(500))];
    for n in [10, 100, 1000] {
        let evaluations = match n {
            10 => 500,
            100 => 200,
            _ => 50,
        };
        scenarios.push((format!("sets-{n}"), sidecar_sets(n), seed_request.clone(), scale(evaluations)));
    }
    for n in [1, 10, 100, 1000] {
        let evaluations = if n >= 1000 {
            30
        } else if n >= 100 {
            100
        } else {
            500
        };
        scenarios.push((
            format!("containers-{n}"),
            seed_settings.clone(),
            huge_pod(&seed_request, n),
            scale(evaluations),
        ));
    }
    scenarios.push(("settings-8MB".into(), big_settings(8 << 20), seed_request.clone(), scale(10)));

    if let Some(dir) = &options.dump {
        return dump_payloads(dir, &scenarios);
    }
    let mut cases = Vec::new();
    for (name, settings, request, evaluations) in &scenarios {
        let floor = match &options.floor {
            Some(floor) => {
                cases.push(case(
                    &format!("{name} (floor)"),
                    floor,
                    settings,
                    request,
                    *evaluations,
                    None,
                    options.repetitions,
                )?);
                Some(cases.len() - 1)
            }
            None => None,
        };
        cases.push(case(name, &options.policy, settings, request, *evaluations, floor, options.repetitions)?);
    }
    for spec in &options.compares {
        let (name, rest) = spec.split_once('=').ok_or("--compare NAME=MODULE,SETTINGS,REQUEST")?;
        let [module, settings, request] = rest.split(',').collect::<Vec<_>>()[..] else {
            return Err("--compare NAME=MODULE,SETTINGS,REQUEST".into());
        };
        let settings = read_value(Path::new(settings))?;
        let request = unwrap_review(read_value(Path::new(request))?);
        cases.push(case(name, Path::new(module), &settings, &request, scale(500), None, options.repetitions)?);
    }

    let modules: Vec<PolicyModule> = cases
        .iter()
        .map(|c| PolicyModule::from_file(&c.module, HostConfig::default()).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    // Warm-up: the first instance of each module pays for lazy engine set-up.
    for (c, module) in cases.iter().zip(&modules) {
        module.time_fresh_evaluations(&c.prepared, 3).map_err(|e| e.to_string())?;
    }
    for repetition in 0..options.repetitions {
        for _ in 0..ROUNDS {
            for (c, module) in cases.iter_mut().zip(&modules) {
                let before = thread_cpu();
                let timings = module.time_fresh_evaluations(&c.prepared, c.batch).map_err(|e| e.to_string())?;
                let cpu = thread_cpu().zip(before).map(|(after, before)| after.saturating_sub(before));
                c.samples[repetition].extend(timings);
                c.cpu[repetition] += cpu.unwrap_or_default();
            }
        }
    }
    print_tables(&cases, &options);
    if options.memory {
        println!("\n| scenario | payload | linear memory needed | ÷ payload |\n|---|---|---|---|");
        for c in &cases {
            let bytes = memory_needed(&c.module, &c.prepared)?;
            let payload = c.prepared.payload().len();
            println!(
                "| {} | {} | {} | {:.1}× |",
                c.name,
                human_bytes(payload),
                human_bytes(bytes),
                bytes as f64 / payload.max(1) as f64
            );
        }
    }
    Ok(())
}

/// Write each scenario's payload as the guest receives it.
fn dump_payloads(dir: &Path, scenarios: &[(String, Value, Value, usize)]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, settings, request, _) in scenarios {
        let settings = PolicySettings::from_value(settings).map_err(|e| e.to_string())?;
        let request = ValidateRequest::from_json(request, false).map_err(|e| e.to_string())?;
        let prepared = PreparedValidation::new(&request, &settings).map_err(|e| e.to_string())?;
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, prepared.payload()).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("{} ({} bytes)", path.display(), prepared.payload().len());
    }
    Ok(())
}

/// The smallest memory limit (a multiple of 64 KiB) under which a fresh instance answers as
/// it does without one.
fn memory_needed(module: &Path, prepared: &PreparedValidation) -> Result<usize, String> {
    const PAGE: usize = 64 << 10;
    let answer = |limit: Option<usize>| -> Result<String, String> {
        let config = HostConfig { memory_limit_bytes: limit, ..HostConfig::default() };
        let module = PolicyModule::from_file(module, config).map_err(|e| e.to_string())?;
        let evaluation = module.evaluate_prepared(prepared).map_err(|e| e.to_string());
        Ok(match evaluation {
            // The patch carries the injection time (hash annotations): compare without it.
            Ok(e) => {
                let mut response = e.response;
                response.patch = response.patch.map(|p| {
                    let bytes =
                        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &p).unwrap_or_default();
                    mask_times(&String::from_utf8_lossy(&bytes))
                });
                serde_json::to_string(&response).unwrap_or_default()
            }
            Err(e) => format!("error: {e}"),
        })
    };
    let want = answer(None)?;
    let (mut low, mut high) = (1usize, 4096usize); // pages: 64 KiB .. 256 MiB
    if answer(Some(high * PAGE))? != want {
        return Err(format!("{}: needs more than {} MiB", module.display(), (high * PAGE) >> 20));
    }
    while low < high {
        let mid = (low + high) / 2;
        if answer(Some(mid * PAGE))? == want { high = mid } else { low = mid + 1 }
    }
    Ok(high * PAGE)
}

fn case(
    name: &str,
    module: &Path,
    settings: &Value,
    request: &Value,
    evaluations: usize,
    floor: Option<usize>,
    repetitions: usize,
) -> Result<Case, String> {
    let request = ValidateRequest::from_json(request, false).map_err(|e| e.to_string())?;
    let settings = PolicySettings::from_value(settings).map_err(|e| e.to_string())?;
    let prepared = PreparedValidation::new(&request, &settings).map_err(|e| e.to_string())?;
    Ok(Case {
        name: name.to_string(),
        module: module.to_path_buf(),
        prepared,
        batch: evaluations.div_ceil(ROUNDS).max(1),
        floor,
        samples: vec![Vec::new(); repetitions],
        cpu: vec![Duration::ZERO; repetitions],
    })
}

/// The median and p95 of one measure over all repetitions, and the median per repetition.
fn stats(c: &Case, f: fn(&EvaluationTiming) -> Duration) -> (Duration, Duration, Vec<Duration>) {
    let mut all: Vec<Duration> = c.samples.iter().flatten().map(f).collect();
    all.sort();
    let per_rep = c
        .samples
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| {
            let mut v: Vec<Duration> = s.iter().map(f).collect();
            v.sort();
            percentile(&v, 50)
        })
        .collect();
    (percentile(&all, 50), percentile(&all, 95), per_rep)
}

fn print_tables(cases: &[Case], options: &Options) {
    println!(
        "{} repetitions × {ROUNDS} interleaved rounds; wall-clock medians (p95) per evaluation, thread CPU time per evaluation\n",
        options.repetitions
    );
    println!(
        "| scenario | payload | evaluations | fresh instance | call | total incl. patch | CPU | call ÷ floor (range over repetitions) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for c in cases {
        let inst = stats(c, |t| t.instantiate);
        let call = stats(c, |t| t.call);
        let total = stats(c, EvaluationTiming::total);
        let count: usize = c.samples.iter().map(Vec::len).sum();
        let cpu: Duration = c.cpu.iter().sum();
        let cpu =
            if cpu.is_zero() || count == 0 { "-".to_string() } else { format!("{} µs", micros(cpu / count as u32)) };
        let ratio = c.floor.and_then(|f| cases.get(f)).map_or("-".to_string(), |floor| {
            let mine = call.2.iter();
            let theirs = stats(floor, |t| t.call).2;
            let ratios: Vec<f64> =
                mine.zip(&theirs).map(|(a, b)| a.as_secs_f64() / b.as_secs_f64().max(1e-9)).collect();
            range(&ratios, "×")
        });
        println!(
            "| {} | {} | {count} | {} ({}) µs | {} ({}) µs | {} ({}) µs | {cpu} | {ratio} |",
            c.name,
            human_bytes(c.prepared.payload().len()),
            micros(inst.0),
            micros(inst.1),
            micros(call.0),
            micros(call.1),
            micros(total.0),
            micros(total.1),
        );
    }
    let slope = |small: &str, large: &str, units: f64| -> Option<String> {
        let find = |n: &str| cases.iter().find(|c| c.name == n);
        let (a, b) = (stats(find(small)?, |t| t.call).2, stats(find(large)?, |t| t.call).2);
        let per: Vec<f64> = a.iter().zip(&b).map(|(a, b)| (b.as_secs_f64() - a.as_secs_f64()) * 1e6 / units).collect();
        Some(range(&per, " µs"))
    };
    println!();
    if let Some(s) = slope("sets-10", "sets-1000", 990.0) {
        println!("call per SidecarSet in the settings (sets-10 → sets-1000): {s}");
    }
    if let Some(s) = slope("containers-1", "containers-1000", 999.0) {
        println!("call per app container of the pod (containers-1 → containers-1000): {s}");
    }
    let size = std::fs::metadata(&options.policy).map(|m| m.len()).unwrap_or(0);
    println!("module: {} ({})", options.policy.display(), human_bytes(size as usize));
}

/// Every RFC 3339 UTC time (`2026-01-01T00:00:00Z`) as `<TS>`, wherever it is (the patch
/// nests the hash annotations' JSON in strings, escaped).
fn mask_times(text: &str) -> String {
    const SHAPE: &[u8] = b"dddd-dd-ddTdd:dd:ddZ";
    let bytes = text.as_bytes();
    let fits = |at: usize| {
        bytes
            .get(at..at + SHAPE.len())
            .is_some_and(|w| w.iter().zip(SHAPE).all(|(b, s)| if *s == b'd' { b.is_ascii_digit() } else { b == s }))
    };
    let (mut out, mut i) = (String::with_capacity(text.len()), 0);
    while i < bytes.len() {
        if fits(i) {
            out.push_str("<TS>");
            i += SHAPE.len();
        } else {
            let ch = text[i..].chars().next().unwrap_or('\0');
            out.push(ch);
            i += ch.len_utf8().max(1);
        }
    }
    out
}

/// `a–b unit`, or one value.
fn range(values: &[f64], unit: &str) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if values.is_empty() {
        "-".to_string()
    } else if (max - min).abs() < 0.005 {
        format!("{min:.2}{unit}")
    } else {
        format!("{min:.2}–{max:.2}{unit}")
    }
}

/// This thread's CPU time (Linux `schedstat`, nanoseconds); `None` where it is unavailable.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
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

/// `n` SidecarSets of other teams (`app: team-i`); the first, the middle and the last select
/// the walkthrough's nginx pod.
fn sidecar_sets(n: usize) -> Value {
    let sets: Vec<Value> = (0..n)
        .map(|i| {
            let name = format!("agent-{i:04}");
            let selector = if i == 0 || i == n / 2 || i + 1 == n {
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
