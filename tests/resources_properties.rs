//! Properties of resourcesPolicy's arithmetic on generated input (proptest):
//!
//! 1. the calculator never traps, on expressions built from its grammar and on arbitrary
//!    text, and a success is never negative;
//! 2. `sum` and `max` aggregation agree with a brute-force reference over generated
//!    quantities (exact values in nano-units): a limit only when every target has one, the
//!    sum or the first largest value, requests from present values, a zero sum dropped; a
//!    sum takes the format of its first non-zero addend, a maximum keeps its own spelling;
//! 3. a percentage of a quantity is its milli-value times the percentage, truncated toward
//!    zero, in the quantity's format (Kruise's `SetMilli`).

use apimachinery::quantity::{Format, Quantity};
use proptest::prelude::*;
use serde_json::{Value, json};
use sidecarset_policy::kruise::calculator::{Value as CalcValue, evaluate};
use sidecarset_policy::kruise::inject::resources::{aggregate_resources, evaluate_resource_expression};

/// A quantity as a pod spells it, with its exact value in nano-units.
#[derive(Clone, Debug)]
struct Spelled {
    text: String,
    nanos: i128,
    binary: bool,
}

fn quantity() -> impl Strategy<Value = Spelled> {
    let units: [(&str, i128, bool); 10] = [
        ("", 1_000_000_000, false),
        ("m", 1_000_000, false),
        ("k", 1_000_000_000_000, false),
        ("M", 1_000_000_000_000_000, false),
        ("G", 1_000_000_000_000_000_000, false),
        ("Ki", 1024 * 1_000_000_000, true),
        ("Mi", 1024 * 1024 * 1_000_000_000, true),
        ("Gi", 1024 * 1024 * 1024 * 1_000_000_000, true),
        ("u", 1_000, false),
        ("n", 1, false),
    ];
    (0u32..5000, 0usize..units.len()).prop_map(move |(n, u)| {
        let (suffix, scale, binary) = units[u];
        Spelled { text: format!("{n}{suffix}"), nanos: i128::from(n) * scale, binary }
    })
}

/// A target container: each of the four values present or not.
fn container() -> impl Strategy<Value = [Option<Spelled>; 4]> {
    [
        proptest::option::of(quantity()),
        proptest::option::of(quantity()),
        proptest::option::of(quantity()),
        proptest::option::of(quantity()),
    ]
}

fn container_json(i: usize, values: &[Option<Spelled>; 4]) -> Value {
    let list = |a: &Option<Spelled>, b: &Option<Spelled>| {
        let mut m = serde_json::Map::new();
        for (key, v) in [("cpu", a), ("memory", b)] {
            if let Some(v) = v {
                m.insert(key.to_string(), json!(v.text));
            }
        }
        Value::Object(m)
    };
    json!({"name": format!("app{i}"), "resources": {"limits": list(&values[0], &values[1]), "requests": list(&values[2], &values[3])}})
}

fn exact(nanos: i128) -> Quantity {
    Quantity::parse(&format!("{nanos}n")).expect("a nano quantity")
}

/// The reference aggregate of one resource list entry (index into the four values).
fn reference(targets: &[[Option<Spelled>; 4]], slot: usize, sum: bool, limit: bool) -> Option<(i128, Option<String>)> {
    let present: Vec<&Spelled> = targets.iter().filter_map(|t| t[slot].as_ref()).collect();
    if limit && present.len() != targets.len() {
        return None;
    }
    if sum {
        let total: i128 = present.iter().map(|s| s.nanos).sum();
        if !limit && total == 0 {
            return None;
        }
        return Some((total, None));
    }
    // The first of the largest values, with its own spelling.
    let mut best: Option<&Spelled> = None;
    for s in present {
        if best.is_none_or(|b| s.nanos > b.nanos) {
            best = Some(s);
        }
    }
    best.map(|b| (b.nanos, Some(b.text.clone())))
}

/// Tokens of the calculator's language, to build expressions that get past the lexer.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("cpu".to_string()),
        Just("memory".to_string()),
        Just("max(".to_string()),
        Just("min(".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just(",".to_string()),
        Just("+".to_string()),
        Just("-".to_string()),
        Just("*".to_string()),
        Just("/".to_string()),
        (0u32..2000).prop_map(|n| n.to_string()),
        (0u32..200).prop_map(|n| format!("{n}%")),
        (0u32..100, 0u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
        quantity().prop_map(|q| q.text),
        Just("1e400".to_string()),
        Just("200MB".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_calculator_never_traps_and_never_succeeds_negative(
        tokens in proptest::collection::vec(token(), 0..24),
        noise in ".{0,40}",
        value in quantity(),
    ) {
        let q = Quantity::parse(&value.text).expect("generated quantity");
        for expr in [tokens.join(" "), tokens.concat(), noise] {
            for var in [CalcValue::Quantity(q.clone()), CalcValue::Number(1.0)] {
                match evaluate(&expr, &[("cpu", var.clone()), ("memory", var)]).result {
                    Ok(CalcValue::Quantity(r)) => prop_assert!(r.sign() >= 0, "{expr:?} gave {r}"),
                    Ok(CalcValue::Number(n)) => prop_assert!(n.is_nan() || n >= 0.0, "{expr:?} gave {n}"),
                    Err(e) => prop_assert!(!e.is_empty()),
                }
            }
            for is_limit in [true, false] {
                let _ = evaluate_resource_expression(&expr, q.clone(), is_limit);
            }
        }
    }

    #[test]
    fn sum_and_max_agree_with_a_brute_force_reference(targets in proptest::collection::vec(container(), 0..6)) {
        let containers: Vec<Value> = targets.iter().enumerate().map(|(i, t)| container_json(i, t)).collect();
        let refs: Vec<&Value> = containers.iter().collect();
        for sum in [true, false] {
            let (limits, requests) = aggregate_resources(&refs, if sum { "sum" } else { "max" }).expect("aggregate");
            for (slot, got) in [&limits.0[0], &limits.0[1], &requests.0[0], &requests.0[1]].into_iter().enumerate() {
                let want = reference(&targets, slot, sum, slot < 2);
                match (got, want) {
                    (None, None) => {}
                    (Some(got), Some((nanos, spelling))) => {
                        prop_assert!(got.cmp_value(&exact(nanos)).is_eq(), "slot {slot}: {got} is not {nanos}n");
                        if let Some(text) = spelling {
                            prop_assert_eq!(got.canonical(), Quantity::parse(&text).unwrap().canonical());
                        } else if let Some(first) = targets.iter().filter_map(|t| t[slot].as_ref()).find(|s| s.nanos != 0) {
                            let format = if first.binary { Format::BinarySI } else { Format::DecimalSI };
                            prop_assert_eq!(got.format(), format, "slot {}: the first non-zero addend is {}", slot, first.text);
                        }
                    }
                    (got, want) => prop_assert!(false, "slot {slot} (sum {sum}): got {got:?}, want {want:?}"),
                }
            }
        }
    }

    #[test]
    fn a_percentage_truncates_the_milli_value_toward_zero(value in quantity(), percent in 0u32..400) {
        let q = Quantity::parse(&value.text).unwrap();
        let got = evaluate_resource_expression(&format!("cpu*{percent}%"), q.clone(), true).unwrap().unwrap();
        let factor = f64::from(percent) / 100.0;
        let milli = (q.milli_value() as f64 * factor).trunc() as i64;
        prop_assert_eq!(got.milli_value(), milli);
        prop_assert_eq!(got.format(), q.format());
    }
}
