//! Every e2e case (`e2e-tests/cases/`) through the engine evaluated natively, as the CLI runs
//! it, with the same host callbacks (recorded sessions, allow-list) and judged by the same
//! expectations as the wasm suite; with the `wasm` feature, also through the built module,
//! and the two answers must be the same. One test per case and way.

use std::path::Path;
use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;
use sidecarset_e2e::cases::{Case, Outcome, list_cases, load_case, run_case};
use sidecarset_e2e::compare::{check, mask_volatile};
use sidecarset_e2e::validation::NativeHostCall;
use sidecarset_e2e::{LogConfig, Policy, RawPolicy, patch};
use sidecarset_policy::host::callback::CallbackHost;

/// A fixed clock, so that native answers are reproducible.
const NOW: i64 = 1_767_225_600;

fn native() -> impl Policy {
    RawPolicy {
        validate_settings: sidecarset_policy::policy::validate_settings,
        validate: |payload: &[u8], call: &NativeHostCall<'_>| {
            sidecarset_policy::policy::validate(payload, NOW, &CallbackHost::new(call))
        },
        log: LogConfig::quiet(),
    }
}

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../e2e-tests/cases");
    let dirs = list_cases(&root).unwrap_or_default();
    let count = dirs.len();
    let mut trials = vec![Trial::test("at least 70 e2e cases", move || {
        if count >= 70 { Ok(()) } else { Err(format!("only {count} e2e cases found").into()) }
    })];
    let native: Arc<dyn Policy + Send + Sync> = Arc::new(native());
    #[cfg(feature = "wasm")]
    let module = wasm_module();
    for dir in dirs {
        let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let case = match load_case(&dir) {
            Ok(case) => Arc::new(case),
            Err(e) => {
                let message = e.to_string();
                trials.push(Trial::test(format!("native/{name}"), move || Err(message.into())));
                continue;
            }
        };
        let policy = native.clone();
        let on_native = case.clone();
        trials.push(Trial::test(format!("native/{name}"), move || judge(&*policy, &on_native)));
        #[cfg(feature = "wasm")]
        {
            let (policy, module) = (native.clone(), module.clone());
            trials.push(Trial::test(format!("native-equals-wasm/{name}"), move || {
                let module: &dyn Policy = match &*module {
                    Ok(m) => m.as_ref(),
                    Err(e) => return Err(e.as_str().into()),
                };
                let from_native = run_case(&*policy, &case).map(|o| observable(&case, &o));
                let from_wasm = run_case(module, &case).map(|o| observable(&case, &o));
                match (from_native, from_wasm) {
                    (Ok(n), Ok(w)) if n == w => Ok(()),
                    (n, w) => Err(format!("native {n:?}\nwasm   {w:?}").into()),
                }
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

fn judge(policy: &dyn Policy, case: &Case) -> Result<(), Failed> {
    let outcome = run_case(policy, case).map_err(|e| Failed::from(e.to_string()))?;
    let problems = check(case, &outcome);
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n").into()) }
}

#[cfg(feature = "wasm")]
fn wasm_module() -> Arc<Result<Box<dyn Policy + Send + Sync>, String>> {
    use sidecarset_e2e::{HostConfig, PolicyModule};
    let wasm = std::env::var_os("POLICY_WASM")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../policy.wasm"));
    Arc::new(if wasm.is_file() {
        PolicyModule::from_file(&wasm, HostConfig { log: LogConfig::quiet(), ..HostConfig::default() })
            .map(|m| Box::new(m) as Box<dyn Policy + Send + Sync>)
            .map_err(|e| format!("the policy module does not load: {e}"))
    } else {
        Err(format!("policy.wasm not found: run `make policy.wasm` first (looked for {})", wasm.display()))
    })
}

/// What a user can observe of an outcome: the verdict, its message and code, the warnings
/// and audit annotations, and the admitted object (injection time masked).
#[cfg_attr(not(feature = "wasm"), allow(dead_code))]
fn observable(case: &Case, outcome: &Outcome) -> Value {
    match outcome {
        Outcome::SettingsRejected { message } => serde_json::json!({"settingsRejected": message}),
        Outcome::Response(response) => {
            let mut admitted = patch::apply_response(&case.request_object(), response).unwrap_or(Value::Null);
            mask_volatile(&mut admitted);
            serde_json::json!({
                "allowed": response.allowed,
                "message": response.message(),
                "code": response.code(),
                "warnings": response.warnings,
                "auditAnnotations": response.audit_annotations,
                "admitted": admitted,
            })
        }
    }
}
