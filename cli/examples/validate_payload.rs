//! `validate_payload PAYLOAD.json [N]`: the engine's `validate` on a waPC payload, natively,
//! N times (default 1), printing the answer's size. For instruction counts that a busy machine
//! cannot move:
//!
//! ```sh
//! (cd e2e-tests && cargo run -q --release --bin bench -- ../policy.wasm --dump /tmp/payloads)
//! cargo build -q --release -p sidecarset-cli --example validate_payload
//! valgrind --tool=callgrind target/release/examples/validate_payload /tmp/payloads/sets-1000.json
//! ```
//!
//! The host answers from nothing (no cluster objects): the bench's scenarios read none.

use std::process::ExitCode;

use sidecarset_policy::host::objects::ObjectsHost;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: validate_payload PAYLOAD.json [N]");
        return ExitCode::FAILURE;
    };
    let times: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1);
    let payload = match std::fs::read(path) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let host = ObjectsHost::default();
    let mut size = 0;
    for _ in 0..times {
        size = sidecarset_policy::policy::validate(&payload, 1_700_000_000, &host).len();
    }
    println!("{path}: answer of {size} bytes");
    ExitCode::SUCCESS
}
