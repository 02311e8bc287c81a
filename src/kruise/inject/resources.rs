//! `resourcesPolicy`: a sidecar's resources computed from the app containers' at pod creation
//! (`applyResourcesPolicy` in `pkg/webhook/pod/mutating/sidecarset_resources.go`, Kruise 1.9).
//!
//! The target containers are the pod's native-sidecar init containers, then its containers,
//! whose names match `targetContainersNameRegex` (unanchored) and are not the name of any
//! container or init container of the matched SidecarSets. Their limits and requests are
//! aggregated (`sum` or `max`; a limit only when every target has it), each expression is
//! evaluated by Kruise's calculator with the aggregated value bound to `cpu` or `memory`, and
//! the results replace the sidecar's `resources`.

use std::collections::BTreeSet;

use apimachinery::quantity::{Format, Quantity};
use serde_json::{Map, Value};

use crate::kruise::calculator::{self, Value as CalcValue, to_i64};

/// The resource names a policy reads and writes, in Go's sorted map order.
const RESOURCES: [&str; 2] = ["cpu", "memory"];

/// A container's `resourcesPolicy`, read as Go decodes it (missing strings are empty).
#[derive(Clone, Copy, Debug)]
pub struct ResourcesPolicy<'a> {
    pub mode: &'a str,
    pub name_regex: &'a str,
    /// `resourcesExpr.limits` and `.requests`: `None` where the pointer is nil; else the
    /// `cpu` and `memory` expressions.
    pub limits: Option<[&'a str; 2]>,
    pub requests: Option<[&'a str; 2]>,
}

impl<'a> ResourcesPolicy<'a> {
    /// The policy of a SidecarSet container, if it has one.
    pub fn of(container: &'a Map<String, Value>) -> Option<Self> {
        let policy = container.get("resourcesPolicy").filter(|p| !p.is_null())?;
        let text = |v: Option<&'a Value>| v.and_then(Value::as_str).unwrap_or("");
        let expr = policy.get("resourcesExpr");
        let pair = |key: &str| {
            let pair = expr.and_then(|e| e.get(key)).filter(|p| !p.is_null())?;
            Some(RESOURCES.map(|r| text(pair.get(r))))
        };
        Some(ResourcesPolicy {
            mode: text(policy.get("targetContainersMode")),
            name_regex: text(policy.get("targetContainersNameRegex")),
            limits: pair("limits"),
            requests: pair("requests"),
        })
    }
}

/// Aggregated `cpu` and `memory` values; `None` is absent (for limits: unlimited).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceList(pub [Option<Quantity>; 2]);

impl ResourceList {
    /// The list as Go's `ResourceList` JSON: canonical quantities, keys sorted.
    pub fn to_json(&self) -> Map<String, Value> {
        RESOURCES
            .iter()
            .zip(&self.0)
            .filter_map(|(name, q)| Some((name.to_string(), Value::String(q.as_ref()?.canonical()))))
            .collect()
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }
}

/// `applyResourcesPolicy`: the sidecar's new `resources` (only `limits` and `requests`, each
/// only when non-empty), or Kruise's error, which rejects the pod. `sidecar_names` holds the
/// names of every container and init container of the matched SidecarSets.
pub fn apply_resources_policy(
    pod: &Value,
    policy: &ResourcesPolicy<'_>,
    sidecar_names: &BTreeSet<&str>,
) -> Result<Value, String> {
    let targets = target_containers(pod, policy.name_regex, sidecar_names)
        .map_err(|e| format!("failed to get target containers: {e}"))?;
    if targets.is_empty() {
        return Err(format!("no containers match the regex pattern {}", go_quote(policy.name_regex)));
    }
    let (limits, requests) = aggregate_resources(&targets, policy.mode)?;
    let mut resources = Map::new();
    if let Some(exprs) = policy.limits {
        let mut out = ResourceList::default();
        for (i, expr) in exprs.iter().enumerate() {
            // A limit is computed only when every target has one: even a constant is
            // dropped when the aggregate is unlimited.
            if let (false, Some(value)) = (expr.is_empty(), &limits.0[i]) {
                out.0[i] = evaluate_resource_expression(expr, value.clone(), true)
                    .map_err(|e| format!("failed to evaluate {} limits expression: {e}", label(i)))?;
            }
        }
        if !out.is_empty() {
            resources.insert("limits".to_string(), Value::Object(out.to_json()));
        }
    }
    if let Some(exprs) = policy.requests {
        let mut out = ResourceList::default();
        for (i, expr) in exprs.iter().enumerate() {
            if !expr.is_empty() {
                // A missing request aggregates to Go's zero Quantity.
                let value = requests.0[i].clone().unwrap_or_else(|| Quantity::new(0, Format::DecimalSI));
                out.0[i] = evaluate_resource_expression(expr, value, false)
                    .map_err(|e| format!("failed to evaluate {} requests expression: {e}", label(i)))?;
            }
        }
        if !out.is_empty() {
            resources.insert("requests".to_string(), Value::Object(out.to_json()));
        }
    }
    Ok(Value::Object(resources))
}

/// Kruise's error messages say `CPU` and `memory`.
fn label(i: usize) -> &'static str {
    if i == 0 { "CPU" } else { "memory" }
}

/// `getTargetContainers`: native-sidecar init containers first, then containers; names of
/// the matched SidecarSets' containers excluded; the regex unanchored (an empty one matches
/// every name).
pub fn target_containers<'p>(
    pod: &'p Value,
    name_regex: &str,
    sidecar_names: &BTreeSet<&str>,
) -> Result<Vec<&'p Value>, String> {
    let pattern = regex_lite::Regex::new(name_regex)
        .map_err(|e| format!("invalid regex pattern {}: {e}", go_quote(name_regex)))?;
    let spec = pod.get("spec");
    let list =
        |field: &str| spec.and_then(|s| s.get(field)).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    let name = |c: &'p Value| c.get("name").and_then(Value::as_str).unwrap_or("");
    let native = |c: &&'p Value| c.get("restartPolicy").and_then(Value::as_str) == Some("Always");
    let init = list("initContainers").iter().filter(native);
    Ok(init
        .chain(list("containers"))
        .filter(|c| !sidecar_names.contains(name(c)) && pattern.is_match(name(c)))
        .collect())
}

/// `aggregateResources`: `sum` adds (starting from a DecimalSI zero, so the first non-zero
/// addend gives the format) and keeps a request only when non-zero; `max` keeps the first of
/// the largest values; a limit only when every target has it; any other mode aggregates
/// nothing.
pub fn aggregate_resources(targets: &[&Value], mode: &str) -> Result<(ResourceList, ResourceList), String> {
    let sum = match mode {
        "sum" => true,
        "max" => false,
        _ => return Ok(Default::default()),
    };
    let mut limits = ResourceList::default();
    let mut requests = ResourceList::default();
    let mut every_has_limit = [true; 2];
    if sum {
        limits.0 = [Some(zero()), Some(zero())];
        requests.0 = [Some(zero()), Some(zero())];
    }
    for (index, container) in targets.iter().enumerate() {
        for (i, resource) in RESOURCES.iter().enumerate() {
            match quantity_of(container, index, "limits", resource)? {
                Some(q) => combine(&mut limits.0[i], q, sum)?,
                None => every_has_limit[i] = false,
            }
            if let Some(q) = quantity_of(container, index, "requests", resource)? {
                combine(&mut requests.0[i], q, sum)?;
            }
        }
    }
    for (limit, every) in limits.0.iter_mut().zip(every_has_limit) {
        if !every {
            *limit = None;
        }
    }
    for request in requests.0.iter_mut().filter(|_| sum) {
        if request.as_ref().is_some_and(Quantity::is_zero) {
            *request = None;
        }
    }
    Ok((limits, requests))
}

fn zero() -> Quantity {
    Quantity::new(0, Format::DecimalSI)
}

fn combine(slot: &mut Option<Quantity>, q: Quantity, sum: bool) -> Result<(), String> {
    match slot {
        Some(total) if sum => total.add(&q).map_err(|e| format!("cannot add the target containers' resources: {e}")),
        Some(current) if q.cmp_value(current).is_gt() => {
            *current = q;
            Ok(())
        }
        Some(_) => Ok(()),
        None => {
            *slot = Some(q);
            Ok(())
        }
    }
}

/// `resources.<list>.<resource>` of a target container, decoded as Go decodes the pod (an
/// undecodable quantity fails Kruise's decoding of the whole pod).
fn quantity_of(container: &Value, index: usize, list: &str, resource: &str) -> Result<Option<Quantity>, String> {
    let Some(v) = container.get("resources").and_then(|r| r.get(list)).and_then(|l| l.get(resource)) else {
        return Ok(None);
    };
    Quantity::from_json(v).map(Some).map_err(|e| {
        let name = container.get("name").and_then(Value::as_str).unwrap_or("");
        format!("target container {index} ({name}): resources.{list}.{resource}: {e}")
    })
}

/// `evaluateResourceExpression`: an empty expression is unlimited for a limit and zero for a
/// request; the variable is `memory` if the expression names it as a word, else `cpu`; a
/// plain-number result becomes milli-CPUs or bytes, truncated toward zero.
pub fn evaluate_resource_expression(expr: &str, value: Quantity, is_limit: bool) -> Result<Option<Quantity>, String> {
    if expr.is_empty() {
        return Ok((!is_limit).then(zero));
    }
    let variable = if mentions_memory(expr) { "memory" } else { "cpu" };
    let result = calculator::evaluate(expr, &[(variable, CalcValue::Quantity(value))])
        .result
        .map_err(|e| format!("failed to parse expression {}: {e}", go_quote(expr)))?;
    Ok(Some(match result {
        CalcValue::Quantity(q) => q,
        CalcValue::Number(n) if variable == "cpu" => Quantity::new_milli(to_i64(n * 1000.0), Format::DecimalSI),
        CalcValue::Number(n) => Quantity::new(to_i64(n), Format::DecimalSI),
    }))
}

/// Go's `regexp.MustCompile(`\bmemory\b`).MatchString(expr)`: `memory` between ASCII word
/// boundaries (case-sensitive).
pub fn mentions_memory(expr: &str) -> bool {
    let bytes = expr.as_bytes();
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    expr.match_indices("memory")
        .any(|(at, _)| !word(at.checked_sub(1).and_then(|i| bytes.get(i))) && !word(bytes.get(at + 6)))
}

/// Go's `%q` for the strings Kruise quotes: a JSON string is the same for printable ASCII,
/// which is all a valid regex or expression holds in practice; others are escaped the JSON way.
fn go_quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_is_matched_as_a_word() {
        assert!(mentions_memory("memory*20%"));
        assert!(mentions_memory("max(memory, 1Gi)"));
        assert!(!mentions_memory("memory_x*2"));
        assert!(!mentions_memory("Memory*2"));
        assert!(!mentions_memory("2memory"));
        assert!(mentions_memory("cpu+memory"));
    }
}
