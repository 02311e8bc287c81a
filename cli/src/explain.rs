//! `explain`: for each Pod of a manifest, what the policy decided and why, as a table: the
//! decisions its response explains in warnings (every SidecarSet that selects the Pod or
//! nearly does), rejections, and the other notes, the way `istioctl x check-inject` answers
//! "why was my pod (not) injected?".
//!
//! Exit codes as `inject`: 0, 1 error, 2 at least one Pod rejected.

use anyhow::Result;
use clap::Args;
use serde_json::Value;
use sidecarset_e2e::manifest::pod_creation;

use crate::evaluator::{Evaluator, PolicyArgs};
use crate::inject::{ManifestArgs, Verdict};
use crate::output;
use crate::table::{ColorChoice, Row, Tone, render};

#[derive(Args)]
#[command(after_help = "Exit status: 0 admitted, 1 error (e.g. invalid settings), 2 a Pod was rejected.")]
pub struct ExplainArgs {
    #[command(flatten)]
    pub manifest: ManifestArgs,

    /// Colour the decisions: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(flatten)]
    pub policy: PolicyArgs,
}

const HEADER: [&str; 4] = ["POD", "SIDECARSET", "DECISION", "WHY"];

pub fn run(args: &ExplainArgs) -> Result<Verdict> {
    let objects = args.manifest.objects()?;
    let evaluator = Evaluator::new(&args.policy, |_| {})?;
    let options = args.manifest.pod_options();
    let mut rows = Vec::new();
    let mut rejected = false;
    for (index, object) in objects.iter().enumerate() {
        let Some(creation) = pod_creation(object, &options)? else {
            let kind = object.get("kind").and_then(Value::as_str).unwrap_or("<no kind>");
            rows.push(row(kind, "-", "not a Pod", Tone::Plain, "not a Pod or a workload"));
            continue;
        };
        let response = evaluator.evaluate(&creation, index)?;
        let pod = creation.source.as_str();
        let before = rows.len();
        for warning in response.warnings.iter().flatten() {
            rows.push(warning_row(pod, warning));
        }
        if !response.allowed {
            rejected = true;
            rows.push(row(pod, "-", "rejected", Tone::Bad, response.message().unwrap_or_default()));
        } else if rows.len() == before {
            rows.push(row(pod, "-", "unchanged", Tone::Plain, "no SidecarSet selects the Pod or nearly does"));
        }
    }
    let text = render(&HEADER, 2, &rows, args.color.enabled());
    output::write_stdout(text.as_bytes())?;
    Ok(if rejected { Verdict::Rejected } else { Verdict::Admitted })
}

fn row(pod: &str, sidecar_set: &str, decision: &str, tone: Tone, why: &str) -> Row {
    Row { cells: vec![pod.to_string(), sidecar_set.to_string(), decision.to_string(), why.to_string()], tone }
}

/// A warning as a row: the policy's explanations (`SidecarSet "x" was injected: ...`, `was not
/// injected: ...`) by SidecarSet, anything else as a note.
pub fn warning_row(pod: &str, warning: &str) -> Row {
    let parsed = warning.strip_prefix("SidecarSet \"").and_then(|rest| {
        if let Some((name, why)) = rest.split_once("\" was injected: ") {
            Some((name, "injected", Tone::Good, why))
        } else {
            rest.split_once("\" was not injected: ").map(|(name, why)| (name, "not injected", Tone::Skipped, why))
        }
    });
    match parsed {
        Some((name, decision, tone, why)) => row(pod, name, decision, tone, why),
        None => row(pod, "-", "note", Tone::Plain, warning),
    }
}
