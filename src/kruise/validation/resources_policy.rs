//! `validateResourcesPolicy` (`pkg/webhook/sidecarset/validating/sidecarset_create_update_handler.go`)
//! and the CRD schema's rules for `resourcesPolicy` (`targetContainersMode` required, `sum` or
//! `max`; `resourcesExpr` required), which the API server applies before Kruise sees the
//! object.
//!
//! Beyond Kruise, two kinds of expression are refused because they cannot do what they say:
//! a number with a unit Kruise does not know (`200MB`, `100Mb`, `5n`) or out of float range,
//! which Kruise silently evaluates to 0 (or infinity); and an expression that fails on every
//! pod whatever its resources (`memory*memory`, `1/cpu`), which Kruise accepts because it checks
//! with the variable bound to the plain number 1 while pods bind a quantity; and a constant
//! that overflows (`1e300`, `1e308*10 - 1e308*10`), which Kruise writes into pods as a
//! negative quantity.

use apimachinery::field_error::{FieldError, FieldPath, describe};
use apimachinery::quantity::{Format, Quantity};
use serde_json::Value;

use crate::kruise::calculator::{self, Value as CalcValue};
use crate::kruise::inject::resources::ResourcesPolicy;

/// The unit list the messages name.
const UNITS: &str = "m, k, M, G, T, P, Ki, Mi, Gi, Ti, Pi";

/// The rules for the `resourcesPolicy` of the container at `path` (`init`: an init container,
/// which must be a native sidecar).
pub fn validate_resources_policy(container: &Value, path: &FieldPath, init: bool, errs: &mut Vec<FieldError>) {
    let Some(raw) = container.get("resourcesPolicy").filter(|p| !p.is_null()) else { return };
    let Some(spec) = container.as_object() else { return };
    let Some(policy) = ResourcesPolicy::of(spec) else { return };
    let path = path.child("resourcesPolicy");
    if init && container.get("restartPolicy").and_then(Value::as_str) != Some("Always") {
        errs.push(FieldError::invalid_raw(
            &path,
            describe(raw),
            "resourcesPolicy is only supported for containers with RestartPolicy Always",
        ));
    }
    let resources = container.get("resources");
    let non_empty =
        |list: &str| resources.and_then(|r| r.get(list)).and_then(Value::as_object).is_some_and(|m| !m.is_empty());
    if non_empty("limits") || non_empty("requests") {
        errs.push(FieldError::invalid_raw(
            &path,
            describe(raw),
            "resourcesPolicy and resources cannot be configured together",
        ));
        return;
    }
    match policy.mode {
        "sum" | "max" => {}
        "" => {
            errs.push(FieldError::required(&path.child("targetContainersMode"), "supported values: \"sum\", \"max\""))
        }
        other => errs.push(FieldError::not_supported(&path.child("targetContainersMode"), other, &["sum", "max"])),
    }
    if policy.name_regex.is_empty() {
        errs.push(FieldError::required(&path.child("targetContainersNameRegex"), "invalid empty regex"));
    } else if let Err(e) = regex_lite::Regex::new(policy.name_regex) {
        errs.push(FieldError::invalid(
            &path.child("targetContainersNameRegex"),
            policy.name_regex,
            format!("invalid regex pattern: {e}"),
        ));
    }
    let expr_path = path.child("resourcesExpr");
    if raw.get("resourcesExpr").is_none_or(Value::is_null) {
        errs.push(FieldError::required(&expr_path, "at least one of limits or requests must be configured"));
        return;
    }
    if policy.limits.is_none() && policy.requests.is_none() {
        errs.push(FieldError::invalid_raw(
            &expr_path,
            describe(&raw["resourcesExpr"]),
            "at least one of limits or requests must be configured",
        ));
        return;
    }
    for (list, exprs) in [("limits", policy.limits), ("requests", policy.requests)] {
        for (variable, expr) in ["cpu", "memory"].into_iter().zip(exprs.into_iter().flatten()) {
            if let Some(detail) = expression_problem(expr, variable) {
                errs.push(FieldError::invalid(&expr_path.child(list).child(variable), expr, detail));
            }
        }
    }
}

/// What is wrong with one expression, if anything: Kruise's check (the variable bound to the
/// number 1), then this policy's two refusals.
pub fn expression_problem(expr: &str, variable: &str) -> Option<String> {
    if expr.is_empty() {
        return None;
    }
    let checked = calculator::evaluate(expr, &[(variable, CalcValue::Number(1.0))]);
    if let Err(e) = checked.result {
        return Some(format!("invalid expression: {e}"));
    }
    if let Some(token) = checked.inexact_numbers.first() {
        return Some(format!(
            "invalid expression: {token:?} is neither a number nor a quantity with a supported unit \
             (Kruise would silently read it as 0, or as infinity when out of range); \
             write a quantity such as 200M or 200Mi (units: {UNITS})"
        ));
    }
    // With a pod, the variable is a quantity: type errors then fail every pod, and a plain
    // number result (which cannot depend on the variable) is what every pod gets.
    let one = Quantity::new(1, Format::DecimalSI);
    match calculator::evaluate(expr, &[(variable, CalcValue::Quantity(one))]).result {
        Err(e) if e == "multiplication of two quantities" || e == "division by quantity" => Some(format!(
            "invalid expression: {e} when {variable} is a pod's quantity, which it always is: \
             this expression would reject every pod it applies to"
        )),
        // Kruise converts a number to milli-units (bytes for memory) through int64; NaN,
        // infinity and anything past int64 become its minimum, a negative quantity that
        // Kruise would write into every pod.
        Ok(CalcValue::Number(n)) if n.is_nan() || n * 1000.0 >= 9.2e18 => Some(format!(
            "invalid expression: its value {} is not a quantity Kubernetes can hold \
             (Kruise would write a negative one into every pod)",
            calculator::format_g(n)
        )),
        _ => None,
    }
}
