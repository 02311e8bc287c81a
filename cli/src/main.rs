//! `sidecarset-policy`: the policy's command-line tool.
//!
//! `inject` prints the Pods of a manifest as the cluster admits them through the policy,
//! in the spirit of `istioctl kube-inject`; `explain` prints the policy's decisions for each of
//! them (like `istioctl x check-inject`); `impact` previews which existing Pods would get
//! different sidecars under new settings; `completions` prints a shell completion script.
//! The engine is compiled in, so the tool builds in a few minutes and answers at once; a
//! built policy module can be evaluated instead (`--policy`, with the `wasm` feature).

mod engine;
mod evaluator;
mod explain;
mod impact;
mod inject;
mod output;
mod table;

use std::io;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "sidecarset-policy",
    version,
    about = "Kruise SidecarSet injection for virtual-node pods, as the Kubewarden policy does it"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print Pods as the cluster admits them through the SidecarSet policy
    Inject(inject::InjectArgs),
    /// Explain, for each Pod of a manifest, which SidecarSets it gets and why the others not
    Explain(explain::ExplainArgs),
    /// Preview which existing Pods (kubectl get pods -A -o json) would get different sidecars under new settings
    Impact(impact::ImpactArgs),
    /// Print a shell completion script (e.g. `sidecarset-policy completions bash > /etc/bash_completion.d/sidecarset-policy`)
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Inject(args) => inject::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Impact(args) => impact::run(&args).map(|()| inject::Verdict::Admitted),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            let mut buffer = Vec::new();
            clap_complete::generate(shell, &mut command, "sidecarset-policy", &mut buffer);
            output::write_stdout(&buffer).map(|()| inject::Verdict::Admitted)
        }
    };
    match result {
        Ok(inject::Verdict::Admitted) => ExitCode::SUCCESS,
        Ok(inject::Verdict::Rejected) => ExitCode::from(2),
        // A closed pipe (`... | head`) is the reader's choice, not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| cause.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}
