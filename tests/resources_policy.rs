//! Kruise's resourcesPolicy unit tests, ported as data: `tests/resources_policy/*.yaml`
//! (`pkg/util/calculator/calculator_test.go` and the helpers' tests of
//! `pkg/webhook/pod/mutating/sidecarset_resources_test.go`), plus the quirks they leave out.
//! The whole `applyResourcesPolicy` runs through the pod webhook suite
//! (`tests/kruise_pod_webhook/resources_policy.yaml`).
//!
//! A case is one of four kinds, told apart by its keys:
//! * calculator: `expr`, `vars` (a string is a quantity, a number a number) → `result` (Go's
//!   `Value.String()`), `error` (exact) or `errorContains`; `inexact` lists the number tokens
//!   Kruise silently reads as 0 or ±Inf.
//! * evaluate (`evaluateResourceExpression`): `expr`, `value`, `isLimit` → `result` (`null`
//!   for none) or `error`/`errorContains`.
//! * aggregate (`aggregateResources`): `mode`, `containers` → `limits`, `requests` (a map of
//!   the set resources) or `errorContains`.
//! * targets (`getTargetContainers`): `pod`, `regex`, `sidecarNames` → `targets` (names) or
//!   `errorContains`.

mod support;

use std::collections::BTreeSet;

use apimachinery::quantity::Quantity;
use serde_json::{Map, Value, json};
use sidecarset_policy::kruise::calculator::{Value as CalcValue, evaluate};
use sidecarset_policy::kruise::inject::resources::{
    aggregate_resources, evaluate_resource_expression, target_containers,
};

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    libtest_mimic::run(&args, support::case_trials("resources_policy", 150, run_case)).exit();
}

fn run_case(case: &Value) -> Vec<String> {
    let expr = case.get("expr").and_then(Value::as_str);
    let outcome = match (expr, case.get("value"), case.get("mode"), case.get("regex")) {
        (Some(expr), Some(value), _, _) => evaluate_case(expr, value, case),
        (Some(expr), None, _, _) => calculator_case(expr, case),
        (None, _, Some(mode), _) => aggregate_case(mode.as_str().unwrap_or(""), case),
        (None, _, None, Some(regex)) => targets_case(regex.as_str().unwrap_or(""), case),
        _ => return vec!["a case needs expr, mode or regex".to_string()],
    };
    match outcome {
        Ok(failures) => failures,
        Err(e) => vec![e],
    }
}

fn quantity(v: &Value) -> Result<Quantity, String> {
    Quantity::from_json(v).map_err(|e| format!("bad quantity {v}: {e}"))
}

/// Compares an outcome with `result`/`error`/`errorContains`.
fn check(got: Result<Value, String>, case: &Value) -> Vec<String> {
    let error = case.get("error").and_then(Value::as_str);
    let contains = case.get("errorContains").and_then(Value::as_str);
    match (got, error, contains) {
        (Err(e), Some(want), _) if e == want => vec![],
        (Err(e), None, Some(want)) if e.contains(want) => vec![],
        (Err(e), Some(_), _) | (Err(e), None, Some(_)) => vec![format!("wrong error: {e:?}")],
        (Err(e), None, None) => vec![format!("unexpected error: {e:?}")],
        (Ok(v), Some(_), _) | (Ok(v), None, Some(_)) => vec![format!("want an error, got {v}")],
        (Ok(v), None, None) => match case.get("result") {
            Some(want) if &v == want => vec![],
            Some(want) => vec![format!("want {want}, got {v}")],
            None => vec!["the case names no result".to_string()],
        },
    }
}

fn calculator_case(expr: &str, case: &Value) -> Result<Vec<String>, String> {
    let mut vars = Vec::new();
    for (name, v) in case.get("vars").and_then(Value::as_object).into_iter().flatten() {
        let value = match v {
            Value::Number(n) => CalcValue::Number(n.as_f64().unwrap_or(0.0)),
            other => CalcValue::Quantity(quantity(other)?),
        };
        vars.push((name.clone(), value));
    }
    let vars: Vec<(&str, CalcValue)> = vars.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    let evaluation = evaluate(expr, &vars);
    let mut failures = check(evaluation.result.map(|v| json!(v.to_string())), case);
    let want_inexact = case.get("inexact").cloned().unwrap_or(json!([]));
    if json!(evaluation.inexact_numbers) != want_inexact {
        failures.push(format!("inexact numbers: want {want_inexact}, got {:?}", evaluation.inexact_numbers));
    }
    Ok(failures)
}

fn evaluate_case(expr: &str, value: &Value, case: &Value) -> Result<Vec<String>, String> {
    let is_limit = case.get("isLimit").and_then(Value::as_bool).unwrap_or(false);
    let got = evaluate_resource_expression(expr, quantity(value)?, is_limit)
        .map(|q| q.map_or(Value::Null, |q| json!(q.canonical())));
    Ok(check(got, case))
}

fn aggregate_case(mode: &str, case: &Value) -> Result<Vec<String>, String> {
    let containers: Vec<&Value> = case.get("containers").and_then(Value::as_array).into_iter().flatten().collect();
    let got = aggregate_resources(&containers, mode)
        .map(|(limits, requests)| json!({"limits": limits.to_json(), "requests": requests.to_json()}));
    let mut case = case.clone();
    if let Some(fields) = case.as_object_mut() {
        let list = |key: &str| fields.get(key).cloned().unwrap_or(Value::Object(Map::new()));
        let result = json!({"limits": list("limits"), "requests": list("requests")});
        fields.insert("result".to_string(), result);
    }
    Ok(check(got, &case))
}

fn targets_case(regex: &str, case: &Value) -> Result<Vec<String>, String> {
    let pod = case.get("pod").cloned().unwrap_or(Value::Null);
    let names: BTreeSet<&str> =
        case.get("sidecarNames").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let got = target_containers(&pod, regex, &names)
        .map(|targets| targets.iter().map(|c| c.get("name").cloned().unwrap_or(Value::Null)).collect::<Vec<_>>())
        .map(Value::Array);
    let mut case = case.clone();
    let targets = case.get("targets").cloned();
    if let (Some(fields), Some(targets)) = (case.as_object_mut(), targets) {
        fields.insert("result".to_string(), targets);
    }
    Ok(check(got, &case))
}
