//! The contract of Kruise's resource-expression calculator, checked on arbitrary input by the
//! `resources_expression` target and replayed from its corpus on stable.
//!
//! The input is `expr NUL quantity` (no NUL: the quantity is `1`). Checked: nothing traps;
//! a calculator success is never negative; whatever settings validation accepts for a field
//! (its variable bound as Kruise's validation binds it) evaluates on a pod (the variable bound
//! to the quantity) to an error or a non-negative quantity whose canonical spelling parses
//! back to the same value (for values Kubernetes can hold); and a refused expression is
//! refused with a message.

use apimachinery::quantity::Quantity;
use sidecarset_policy::kruise::calculator::{Value, evaluate};
use sidecarset_policy::kruise::inject::resources::{evaluate_resource_expression, mentions_memory};
use sidecarset_policy::kruise::validation::expression_problem;

pub fn check_expression(data: &[u8]) {
    let (expr, quantity) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b"1"[..]),
    };
    let (Ok(expr), Ok(quantity)) = (std::str::from_utf8(expr), std::str::from_utf8(quantity)) else { return };
    for variable in ["cpu", "memory"] {
        let evaluation = evaluate(expr, &[(variable, Value::Number(1.0))]);
        match &evaluation.result {
            Ok(Value::Number(n)) => assert!(n.is_nan() || *n >= 0.0, "{expr:?}: negative success {n}"),
            Ok(Value::Quantity(q)) => assert!(q.sign() >= 0, "{expr:?}: negative success {q}"),
            Err(e) => assert!(!e.is_empty(), "{expr:?}: empty error"),
        }
        let problem = expression_problem(expr, variable);
        if let Some(p) = &problem {
            assert!(p.starts_with("invalid expression: "), "{expr:?}: {p}");
        }
        let Ok(value) = Quantity::parse(quantity) else { continue };
        for is_limit in [true, false] {
            let result = evaluate_resource_expression(expr, value.clone(), is_limit);
            // What validation accepts for the field whose variable Kruise would bind at
            // injection time is safe to write into a pod.
            let bound = if mentions_memory(expr) { "memory" } else { "cpu" };
            if problem.is_none() && bound == variable && !expr.is_empty() {
                if let Ok(Some(q)) = &result {
                    assert!(q.sign() >= 0, "{expr:?} with {quantity}: accepted, yet wrote {q}");
                    // Go prints a value past 10^18 whose exponent has no SI suffix without
                    // one (1e135 as "1"), so only quantities Kubernetes can hold (at most
                    // 2^63-1) must read back.
                    let max = Quantity::new(i64::MAX, apimachinery::quantity::Format::DecimalSI);
                    if q.cmp_value(&max).is_le() {
                        let back = Quantity::parse(&q.canonical()).unwrap_or_else(|e| panic!("{q}: {e}"));
                        assert!(back.cmp_value(q).is_eq(), "{expr:?}: {q} reads back as {back}");
                    }
                }
                if let Err(e) = &result {
                    assert!(
                        !e.ends_with("multiplication of two quantities") && !e.ends_with("division by quantity"),
                        "{expr:?}: accepted, yet a type error on a pod: {e}"
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// The committed corpus meets the contract (run on stable: `cargo test --lib`).
    #[test]
    fn the_resources_expression_corpus_meets_the_contract() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/resources_expression");
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).expect("fuzz/corpus/resources_expression") {
            let path = entry.expect("corpus entry").path();
            super::check_expression(&std::fs::read(&path).expect("corpus file"));
            count += 1;
        }
        assert!(count > 50, "only {count} seeds");
    }
}
