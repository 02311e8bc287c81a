//! `e2e-check CASE_DIR`: reads what `kwctl run` (or `kwrun`) printed for a case from stdin and
//! checks it against the case's expectations with the same code the Rust e2e test uses.
//! Exit 0: pass; 1: mismatch (each printed); 2: usage or unreadable case.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use sidecarset_e2e::cases::{load_case, outcome_from_output};
use sidecarset_e2e::compare::check;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [case_dir] = args.as_slice() else {
        eprintln!("usage: e2e-check CASE_DIR < kwctl-output");
        return ExitCode::from(2);
    };
    let case = match load_case(Path::new(case_dir)) {
        Ok(case) => case,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut output = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut output) {
        eprintln!("Error: cannot read stdin: {e}");
        return ExitCode::from(2);
    }
    let outcome = match outcome_from_output(&output) {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("FAIL {}: {e}", case.name);
            return ExitCode::FAILURE;
        }
    };
    let problems = check(&case, &outcome);
    if problems.is_empty() {
        println!("ok {}", case.name);
        ExitCode::SUCCESS
    } else {
        for problem in &problems {
            eprintln!("FAIL {}: {problem}", case.name);
        }
        ExitCode::FAILURE
    }
}
