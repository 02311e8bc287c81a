//! `impact`: before rolling out new settings, which existing Pods would get different sidecars
//! under them. It takes the Pods as `kubectl get pods -A -o json` lists them (or any manifest
//! of Pods) and evaluates each with the new settings in audit mode, which changes nothing and
//! names what a Pod lacks or carries outdated:
//!
//! - `would get`: a SidecarSet selects the Pod, which lacks its sidecars;
//! - `would update`: the Pod carries a SidecarSet's sidecars at another revision;
//! - `would not get`: the Pod lists a SidecarSet (`kruise.io/sidecarset-injected-list`) that
//!   the new settings no longer inject into it.
//!
//! Pods keep what they run until they are re-created (Kruise never removes sidecars); the
//! table says what their next incarnation gets. Exit codes: 0 done, 1 error.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use serde_json::Value;
use sidecarset_e2e::manifest::{PodOptions, pod_creation, read_manifest_objects};
use sidecarset_e2e::yaml;

use crate::evaluator::{Evaluator, PolicyArgs};
use crate::explain::warning_row;
use crate::output;
use crate::table::{ColorChoice, Row, Tone, render};

#[derive(Args)]
pub struct ImpactArgs {
    /// The existing Pods: `kubectl get pods -A -o json` (a List), or a YAML/JSON manifest of Pods
    #[arg(value_name = "PODS")]
    pub pods: PathBuf,

    /// Colour the changes: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(flatten)]
    pub policy: PolicyArgs,
}

const HEADER: [&str; 4] = ["POD", "SIDECARSET", "CHANGE", "DETAIL"];
const INJECTED_LIST: &str = "kruise.io/sidecarset-injected-list";

pub fn run(args: &ImpactArgs) -> Result<()> {
    let evaluator = Evaluator::new(&args.policy, |settings| {
        if let Some(s) = settings.as_object_mut() {
            s.insert("mode".to_string(), Value::from("audit"));
        }
    })?
    .with_plain_handling();
    let text = yaml::read_file(&args.pods)?;
    let mut pods = Vec::new();
    for object in read_manifest_objects(&text).with_context(|| format!("cannot read {}", args.pods.display()))? {
        match object.get("items").and_then(Value::as_array) {
            Some(items) => pods.extend(items.iter().cloned()),
            None => pods.push(object),
        }
    }
    let options = PodOptions::default();
    let (mut rows, mut changed, mut total) = (Vec::new(), 0, 0);
    for (index, pod) in pods.iter().enumerate() {
        if pod.get("kind").and_then(Value::as_str).is_some_and(|k| k != "Pod") {
            continue;
        }
        let Some(creation) = pod_creation(&with_kind(pod), &options)? else { continue };
        total += 1;
        let name = format!("{}/{}", namespace_of(pod), creation.source.trim_start_matches("Pod/"));
        let response = evaluator.evaluate(&creation, index)?;
        let pod_rows = impact_rows(
            &name,
            pod,
            response.allowed,
            response.message().unwrap_or_default(),
            response.warnings.as_deref().unwrap_or_default(),
        );
        if !pod_rows.is_empty() {
            changed += 1;
            rows.extend(pod_rows);
        }
    }
    let mut out = render(&HEADER, 2, &rows, args.color.enabled());
    out.push_str(&format!("\n{total} Pods: {changed} would get different sidecars, {} would not\n", total - changed));
    output::write_stdout(out.as_bytes())?;
    Ok(())
}

/// A revision hash shortened for the table (64 characters in full).
fn short(hash: &str) -> String {
    match hash.char_indices().nth(12) {
        Some((at, _)) => format!("{}...", &hash[..at]),
        None => hash.to_string(),
    }
}

/// A List item may omit its kind.
fn with_kind(pod: &Value) -> Value {
    let mut pod = pod.clone();
    if let Some(p) = pod.as_object_mut() {
        p.entry("kind").or_insert(Value::from("Pod"));
    }
    pod
}

fn namespace_of(pod: &Value) -> &str {
    pod.pointer("/metadata/namespace").and_then(Value::as_str).filter(|n| !n.is_empty()).unwrap_or("default")
}

/// What changes for one Pod, from its audit: the refusal's parts, and the listed SidecarSets
/// the explanations no longer name as selecting it.
fn impact_rows(name: &str, pod: &Value, allowed: bool, message: &str, warnings: &[String]) -> Vec<Row> {
    let cell = |set: &str, change: &str, tone: Tone, detail: String| Row {
        cells: vec![name.to_string(), set.to_string(), change.to_string(), detail],
        tone,
    };
    let mut rows = Vec::new();
    if !allowed {
        for part in message.split("; ") {
            let quoted = part.strip_prefix("SidecarSet \"");
            if let Some((set, rest)) =
                quoted.and_then(|r| r.split_once("\" selects the pod, which lacks its sidecars ("))
            {
                rows.push(cell(set, "would get", Tone::Good, format!("containers {}", rest.trim_end_matches(')'))));
            } else if let Some((set, rest)) =
                quoted.and_then(|r| r.split_once("\" is outdated in the pod: it carries revision hash "))
            {
                let (old, new) = rest.split_once(", the SidecarSet is at ").unwrap_or((rest, "?"));
                rows.push(cell(
                    set,
                    "would update",
                    Tone::Skipped,
                    format!("revision {} -> {}", short(old), short(new)),
                ));
            } else {
                rows.push(cell("-", "error", Tone::Bad, part.to_string()));
            }
        }
    }
    let still_selected: Vec<String> = warnings
        .iter()
        .map(|w| warning_row(name, w))
        .filter(|r| r.cells[3] == "the pod already lists it in kruise.io/sidecarset-injected-list")
        .map(|r| r.cells[1].clone())
        .collect();
    let listed =
        pod.pointer(&format!("/metadata/annotations/{}", INJECTED_LIST.replace('/', "~1"))).and_then(Value::as_str);
    for set in listed.unwrap_or("").split(',').filter(|s| !s.is_empty()) {
        if !still_selected.iter().any(|s| s == set) {
            rows.push(cell(
                set,
                "would not get",
                Tone::Bad,
                "the new settings do not inject it into this Pod".to_string(),
            ));
        }
    }
    rows
}
