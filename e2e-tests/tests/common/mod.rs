//! Shared by the integration tests: the test guest module, built on demand.

#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::SystemTime;

pub fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The test guest's `.wasm`, (re)built with cargo when missing or older than its sources.
pub fn guest_wasm() -> &'static Path {
    static WASM: OnceLock<PathBuf> = OnceLock::new();
    WASM.get_or_init(|| {
        let guest = crate_dir().join("test-guest");
        let wasm = guest.join("target/wasm32-wasip1/release/sidecarset_e2e_test_guest.wasm");
        let sources = [guest.join("Cargo.toml"), guest.join("src/lib.rs")];
        if is_stale(&wasm, &sources) {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let status = Command::new(cargo)
                .args(["build", "--release", "--target", "wasm32-wasip1", "--manifest-path"])
                .arg(guest.join("Cargo.toml"))
                .arg("--target-dir")
                .arg(guest.join("target"))
                .status()
                .expect("cannot run cargo to build the test guest");
            assert!(
                status.success(),
                "building the test guest failed (is the wasm32-wasip1 target installed? `rustup target add wasm32-wasip1`)"
            );
        }
        assert!(wasm.is_file(), "test guest not found at {}", wasm.display());
        wasm
    })
}

fn is_stale(output: &Path, sources: &[PathBuf]) -> bool {
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    let Some(built) = modified(output) else {
        return true;
    };
    sources.iter().filter_map(|s| modified(s)).any(|source: SystemTime| source > built)
}

/// A pod CREATE AdmissionRequest.
pub fn pod_request() -> serde_json::Value {
    serde_json::json!({
        "uid": "1299d386-525b-4032-98ae-1949f69f9cfc",
        "kind": {"group": "", "version": "v1", "kind": "Pod"},
        "resource": {"group": "", "version": "v1", "resource": "pods"},
        "requestKind": {"group": "", "version": "v1", "kind": "Pod"},
        "requestResource": {"group": "", "version": "v1", "resource": "pods"},
        "name": "nginx",
        "namespace": "default",
        "operation": "CREATE",
        "userInfo": {"username": "kubernetes-admin", "groups": ["system:masters", "system:authenticated"]},
        "object": {
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "nginx", "namespace": "default"},
            "spec": {"containers": [{"image": "nginx", "name": "nginx"}]}
        }
    })
}

/// A scratch directory unique to the calling test, under cargo's `target/tmp`.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("cannot create scratch dir");
    dir
}
