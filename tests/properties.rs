//! Properties of the injection engine on generated pods and SidecarSets (proptest), through
//! the policy's entry point `policy::validate` with settings `settings::validate` accepts:
//!
//! 1. injection is idempotent: the admitted pod, evaluated again, is admitted unchanged;
//! 2. app containers and init containers keep their content and order; one may only be
//!    replaced in place by the sidecar of the same name (Kruise's same-name replacement);
//! 3. every volume mount of every container refers to a volume of the admitted pod;
//! 4. container names stay unique across containers and init containers (the generated
//!    pods' own names are unique, and sidecar names meet app names only within the same
//!    list, where Kruise replaces in place; a sidecar named like an app *init* container
//!    would give Kruise's duplicate too);
//! 5. the pod's unknown fields and explicit `null`s, and everything else injection does not
//!    own, survive untouched and in order;
//! 6. the admitted pod passes the pod rules the policy can check (the Kubernetes container,
//!    init container and volume validation it runs on SidecarSets) whenever the incoming pod
//!    does.

#[path = "properties/strategies.rs"]
mod strategies;

use std::collections::HashSet;

use apimachinery::field_error::FieldPath;
use apimachinery::pod::spec_list as list;
use apimachinery::pod_validation::validate_sidecar_pod_parts;
use proptest::prelude::*;
use serde_json::{Value, json};
use sidecarset_policy::host::NoCluster;
use sidecarset_policy::policy::validate;
use sidecarset_policy::settings;

const NOW: i64 = 1_767_225_600;

fn request(pod: &Value, settings: &Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "request": {
            "uid": "u", "operation": "CREATE", "namespace": "default",
            "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "object": pod,
        },
        "settings": settings,
    }))
    .unwrap()
}

fn evaluate(pod: &Value, settings: &Value) -> Value {
    serde_json::from_slice(&validate(&request(pod, settings), NOW, &NoCluster::default())).unwrap()
}

fn name(c: &Value) -> &str {
    c["name"].as_str().unwrap_or("")
}

fn is_injected(c: &Value) -> bool {
    c["env"].as_array().is_some_and(|env| env.iter().any(|e| e["name"] == "IS_INJECTED" && e["value"] == "true"))
}

/// The defaulting the API server applies to a webhook's mutated object before validating it
/// (as far as injection can leave such fields unset): Kruise writes the hot-upgrade version
/// env vars with an empty `fieldRef.apiVersion`, which the API server sets to `v1`.
fn api_server_defaults(pod: &Value) -> Value {
    let mut pod = pod.clone();
    for field in ["containers", "initContainers"] {
        for c in pod["spec"][field].as_array_mut().into_iter().flatten() {
            for env in c["env"].as_array_mut().into_iter().flatten() {
                if let Some(field_ref) = env.pointer_mut("/valueFrom/fieldRef").and_then(Value::as_object_mut) {
                    field_ref.entry("apiVersion").or_insert_with(|| json!("v1"));
                }
            }
        }
    }
    pod
}

fn pod_rule_errors(pod: &Value) -> Vec<String> {
    let pod = &api_server_defaults(pod);
    validate_sidecar_pod_parts(
        list(pod, "initContainers"),
        list(pod, "containers"),
        list(pod, "volumes"),
        &FieldPath::root("spec"),
    )
    .iter()
    .map(ToString::to_string)
    .collect()
}

/// Property 2: `before` appears in `after` in order, each either unchanged or replaced by the
/// injected sidecar of its name.
fn check_kept_in_order(before: &[Value], after: &[Value], field: &str) -> Result<(), TestCaseError> {
    let mut at = 0;
    for c in before {
        let rest = after.get(at..).unwrap_or(&[]);
        let Some(offset) = rest.iter().position(|n| n == c || (name(n) == name(c) && is_injected(n))) else {
            return Err(TestCaseError::fail(format!("spec.{field}: {} lost, changed or reordered", name(c))));
        };
        at += offset + 1;
    }
    Ok(())
}

/// Property 5: everything outside what injection owns is identical, in the same order.
fn check_untouched(before: &Value, after: &Value) -> Result<(), TestCaseError> {
    let owned_spec = ["containers", "initContainers", "volumes", "imagePullSecrets"];
    for (key, value) in before.as_object().unwrap() {
        match key.as_str() {
            "metadata" => {
                for (k, v) in value.as_object().unwrap() {
                    match k.as_str() {
                        "labels" | "annotations" => {
                            for (lk, lv) in v.as_object().unwrap() {
                                let got = &after["metadata"][k][lk];
                                // `patched` is the generated patchPodMetadata key.
                                prop_assert!(got == lv || lk == "patched", "metadata.{k}[{lk}] changed");
                            }
                        }
                        _ => prop_assert_eq!(&after["metadata"][k], v, "metadata.{} changed", k),
                    }
                }
            }
            "spec" => {
                let keys_before: Vec<&String> = value.as_object().unwrap().keys().collect();
                let keys_after: Vec<&String> = after["spec"].as_object().unwrap().keys().collect();
                prop_assert!(keys_after.starts_with(&keys_before), "spec field order changed");
                for (k, v) in value.as_object().unwrap() {
                    if !owned_spec.contains(&k.as_str()) {
                        prop_assert_eq!(&after["spec"][k], v, "spec.{} changed", k);
                    }
                }
                // The pod's own volumes and pull secrets (unique names here) come first,
                // unchanged; injection only appends. Containers: property 2.
                for k in ["volumes", "imagePullSecrets"] {
                    let before = list(before, k);
                    prop_assert!(list(after, k).starts_with(before), "spec.{} of the pod changed", k);
                }
            }
            _ => prop_assert_eq!(&after[key], value, "{} changed", key),
        }
    }
    let keys_before: Vec<&String> = before.as_object().unwrap().keys().collect();
    let keys_after: Vec<&String> = after.as_object().unwrap().keys().collect();
    prop_assert_eq!(keys_before, keys_after, "top-level fields added, removed or reordered");
    Ok(())
}

proptest! {
    // 384 cases by default (a few seconds); PROPTEST_CASES=5000 for a longer search.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(384),
        max_global_rejects: 1_000_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn injection_properties(pod in strategies::pod(), settings in strategies::settings()) {
        prop_assume!(settings::validate(&settings).is_ok());
        let response = evaluate(&pod, &settings);
        prop_assert_eq!(&response["accepted"], &Value::Bool(true), "refused: {}", response["message"]);
        let Some(admitted) = response["mutated_object"].as_object().map(|_| response["mutated_object"].clone()) else {
            // Nothing selected the pod (or nothing was injected): accepted as it is.
            prop_assert!(response["mutated_object"].is_null());
            return Ok(());
        };

        // 1. Idempotent.
        let again = evaluate(&admitted, &settings);
        prop_assert_eq!(&again["accepted"], &Value::Bool(true), "re-evaluation refused: {}", again["message"]);
        prop_assert!(again["mutated_object"].is_null() || again["mutated_object"] == admitted,
            "re-evaluation changed the pod:\n{}\n{}", admitted, again["mutated_object"]);

        // 2. App containers and init containers kept, in order.
        for field in ["containers", "initContainers"] {
            check_kept_in_order(list(&pod, field), list(&admitted, field), field)?;
        }

        // 3. Mounts refer to pod volumes.
        let volumes: HashSet<&str> = list(&admitted, "volumes").iter().map(name).collect();
        for field in ["containers", "initContainers"] {
            for c in list(&admitted, field) {
                for m in c["volumeMounts"].as_array().map_or(&[][..], Vec::as_slice) {
                    prop_assert!(volumes.contains(name(m)), "{} mounts {} which the pod lacks", name(c), name(m));
                }
            }
        }

        // 4. Unique container names.
        let mut seen = HashSet::new();
        for field in ["containers", "initContainers"] {
            for c in list(&admitted, field) {
                prop_assert!(seen.insert(name(c)), "container name {} twice", name(c));
            }
        }

        // 5. Untouched fields.
        check_untouched(&pod, &admitted)?;

        // 6. Pod rules.
        if pod_rule_errors(&pod).is_empty() {
            let errors = pod_rule_errors(&admitted);
            prop_assert!(errors.is_empty(), "the admitted pod breaks pod rules: {:?}\n{}", errors, admitted);
        }
    }

}

/// How often the generators produce valid settings and an injected pod: both must be common,
/// or the properties above would hold vacuously.
#[test]
fn generators_reach_injection() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut valid, mut injected, total) = (0, 0, 300);
    for _ in 0..total {
        let pod = strategies::pod().new_tree(&mut runner).unwrap().current();
        let settings = strategies::settings().new_tree(&mut runner).unwrap().current();
        if settings::validate(&settings).is_ok() {
            valid += 1;
            let admitted = &evaluate(&pod, &settings)["mutated_object"];
            if admitted.is_object() {
                injected += 1;
                let replaced =
                    list(&pod, "containers").iter().filter(|c| !list(admitted, "containers").contains(c)).count();
                let natives =
                    list(admitted, "initContainers").iter().filter(|c| c["restartPolicy"] == "Always").count();
                let hot = list(admitted, "containers").iter().filter(|c| name(c).ends_with("-2")).count();
                let shared = list(admitted, "containers")
                    .iter()
                    .filter(|c| {
                        is_injected(c)
                            && c["volumeMounts"].as_array().is_some_and(|m| {
                                m.iter().any(|m| m["mountPath"].as_str().is_some_and(|p| p.starts_with("/app/")))
                            })
                    })
                    .count();
                if std::env::var_os("PROPERTIES_STATS").is_some() {
                    let rules = pod_rule_errors(&pod);
                    println!(
                        "stats replaced={replaced} native={natives} hot={hot} shared={shared} pod_rules_ok={} {:?}",
                        rules.is_empty(),
                        rules.first()
                    );
                }
            }
        }
    }
    println!("generators: {valid} of {total} settings valid, {injected} injected");
    assert!(valid * 3 >= total, "only {valid} of {total} generated settings are valid");
    assert!(injected * 3 >= valid, "only {injected} of {valid} valid cases inject");
}
