//! Matching, emptiness and overlap of label selectors.

use super::tests::*;
use super::*;
use serde_json::json;

#[test]
fn matching_table() {
    let pod = labels(json!({"app": "nginx", "tier": "web", "env": "", "count": 3}));
    // (selector, Matches on the pod labels above)
    let cases = [
        (json!({"matchLabels": {"app": "nginx"}}), true),
        (json!({"matchLabels": {"app": "nginx", "tier": "web"}}), true),
        (json!({"matchLabels": {"app": "nginx", "tier": "db"}}), false),
        (json!({"matchLabels": {"app": "redis"}}), false),
        (json!({"matchLabels": {"missing": ""}}), false),
        (json!({"matchLabels": {"env": ""}}), true),
        (json!({"matchExpressions": [{"key": "app", "operator": "In", "values": ["redis", "nginx"]}]}), true),
        (json!({"matchExpressions": [{"key": "app", "operator": "In", "values": ["redis"]}]}), false),
        (json!({"matchExpressions": [{"key": "missing", "operator": "In", "values": ["x"]}]}), false),
        (json!({"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["redis"]}]}), true),
        (json!({"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["nginx"]}]}), false),
        (json!({"matchExpressions": [{"key": "missing", "operator": "NotIn", "values": ["x"]}]}), true),
        (json!({"matchExpressions": [{"key": "app", "operator": "Exists"}]}), true),
        (json!({"matchExpressions": [{"key": "env", "operator": "Exists"}]}), true),
        (json!({"matchExpressions": [{"key": "missing", "operator": "Exists"}]}), false),
        (json!({"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}), false),
        (json!({"matchExpressions": [{"key": "missing", "operator": "DoesNotExist"}]}), true),
        // A non-string label value in the pod counts as absent.
        (json!({"matchExpressions": [{"key": "count", "operator": "Exists"}]}), false),
        (json!({"matchExpressions": [{"key": "count", "operator": "DoesNotExist"}]}), true),
        (json!({"matchExpressions": [{"key": "count", "operator": "NotIn", "values": ["3"]}]}), true),
        (json!({"matchLabels": {"count": "3"}}), false),
        // ANDed.
        (
            json!({"matchLabels": {"app": "nginx"}, "matchExpressions": [
                {"key": "tier", "operator": "In", "values": ["web"]},
                {"key": "canary", "operator": "DoesNotExist"}
            ]}),
            true,
        ),
        (
            json!({"matchLabels": {"app": "nginx"}, "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["web"]}]}),
            false,
        ),
        // Kruise's unvalidated conversion: an In without values matches nothing, a NotIn
        // without values anything.
        (json!({"matchExpressions": [{"key": "app", "operator": "In", "values": []}]}), false),
        (json!({"matchExpressions": [{"key": "app", "operator": "NotIn"}]}), true),
        // Same key twice (Kruise TestValidatedLabelSelectorAsSelector).
        (
            json!({"matchExpressions": [
                {"key": "app", "operator": "In", "values": ["nginx", "x"]},
                {"key": "app", "operator": "NotIn", "values": ["x"]}
            ]}),
            true,
        ),
        // Nothing / Everything.
        (json!(null), false),
        (json!({}), true),
        (json!({"matchLabels": {}, "matchExpressions": []}), true),
        // Unknown fields are ignored when matching.
        (json!({"matchLabels": {"app": "nginx"}, "other": 1}), true),
    ];
    for (sel, want) in &cases {
        assert_eq!(selector_matches(sel, Some(&pod)), Ok(*want), "selector {sel}");
    }
}

#[test]
fn kruise_validated_selector_vectors() {
    // The selectors of Kruise's TestValidatedLabelSelectorAsSelector on a few label sets.
    let full = json!({"matchLabels": {"k1": "A", "k2": "B"}, "matchExpressions": [
        {"key": "k3", "operator": "In", "values": ["C", "D"]},
        {"key": "k4", "operator": "NotIn", "values": ["E"]},
        {"key": "k5", "operator": "Exists"},
        {"key": "k6", "operator": "DoesNotExist"}
    ]});
    let cases = [
        (json!({"k1": "A", "k2": "B", "k3": "D", "k5": ""}), true),
        (json!({"k1": "A", "k2": "B", "k3": "D", "k4": "F", "k5": "x"}), true),
        (json!({"k1": "A", "k2": "B", "k3": "D", "k4": "E", "k5": "x"}), false),
        (json!({"k1": "A", "k2": "B", "k3": "D", "k5": "x", "k6": "y"}), false),
        (json!({"k1": "A", "k2": "B", "k3": "X", "k5": "x"}), false),
        (json!({"k1": "A", "k3": "C", "k5": "x"}), false),
        (json!({}), false),
    ];
    for (pod, want) in cases {
        assert_eq!(selector_matches(&full, Some(&labels(pod.clone()))), Ok(want), "pod {pod}");
    }
}

#[test]
fn matching_many_labels() {
    // Past LINEAR_LOOKUP_MAX labels the look-up hashes; the answers must not change.
    let mut many = Map::new();
    for i in 0..40 {
        many.insert(format!("k{i}"), json!(format!("v{i}")));
    }
    many.insert("n".into(), json!(1));
    let cases = [
        (json!({"matchLabels": {"k0": "v0", "k39": "v39"}}), true),
        (json!({"matchLabels": {"k39": "v0"}}), false),
        (json!({"matchExpressions": [{"key": "k20", "operator": "In", "values": ["v20"]}]}), true),
        (json!({"matchExpressions": [{"key": "k40", "operator": "DoesNotExist"}]}), true),
        (json!({"matchExpressions": [{"key": "n", "operator": "Exists"}]}), false),
    ];
    for (sel, want) in &cases {
        assert_eq!(selector_matches(sel, Some(&many)), Ok(*want), "selector {sel}");
    }
}

#[test]
fn matching_without_labels() {
    let cases = [
        (json!({"matchLabels": {"a": "b"}}), false),
        (json!({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}), true),
        (json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["b"]}]}), true),
        (json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}), false),
    ];
    for (sel, want) in &cases {
        assert_eq!(selector_matches(sel, None), Ok(*want), "selector {sel}");
        assert_eq!(selector_matches(sel, Some(&Map::new())), Ok(*want), "selector {sel}");
    }
}

#[test]
fn matching_errors() {
    let pod = labels(json!({"app": "nginx"}));
    assert_eq!(
        selector_matches(&json!({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]}), Some(&pod)),
        Err("\"Gt\" is not a valid pod selector operator".to_string())
    );
    // The error does not depend on an earlier requirement failing.
    assert_eq!(
        selector_matches(
            &json!({"matchLabels": {"app": "redis"}, "matchExpressions": [{"key": "a", "operator": "exists"}]}),
            Some(&pod)
        ),
        Err("\"exists\" is not a valid pod selector operator".to_string())
    );
    assert_eq!(
        selector_matches(&json!({"matchExpressions": [{"key": "a"}]}), Some(&pod)),
        Err("\"\" is not a valid pod selector operator".to_string())
    );
    for sel in [
        json!("app=nginx"),
        json!(1),
        json!({"matchLabels": []}),
        json!({"matchLabels": {"app": 1}}),
        json!({"matchExpressions": {}}),
        json!({"matchExpressions": [1]}),
        json!({"matchExpressions": [{"key": 1, "operator": "Exists"}]}),
        json!({"matchExpressions": [{"key": "a", "operator": "In", "values": "nginx"}]}),
        json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["nginx", 1]}]}),
    ] {
        let got = selector_matches(&sel, Some(&pod));
        assert!(got.as_ref().is_err_and(|e| e.starts_with("invalid label selector")), "{sel}: {got:?}");
    }
}

#[test]
fn matching_nulls_are_go_zero_values() {
    let pod = labels(json!({"app": "", "tier": "web"}));
    let cases = [
        (json!({"matchLabels": {"app": null}}), Ok(true)),
        (json!({"matchLabels": {"tier": null}}), Ok(false)),
        (json!({"matchExpressions": [{"key": "app", "operator": "In", "values": [null]}]}), Ok(true)),
        (json!({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": [null]}]}), Ok(true)),
        (json!({"matchLabels": null, "matchExpressions": null}), Ok(true)),
        (json!({"matchExpressions": [null]}), Err("\"\" is not a valid pod selector operator".to_string())),
    ];
    for (sel, want) in cases {
        assert_eq!(selector_matches(&sel, Some(&pod)), want, "selector {sel}");
    }
}

#[test]
fn pod_rule_rejects_empty_selectors() {
    let pod = labels(json!({"app": "nginx"}));
    let cases = [
        (json!(null), Ok(false)),
        (json!({}), Ok(false)),
        (json!({"matchLabels": {}}), Ok(false)),
        (json!({"matchLabels": {"app": "nginx"}}), Ok(true)),
        (json!({"matchLabels": {"app": "x"}}), Ok(false)),
        (
            json!({"matchExpressions": [{"key": "a", "operator": "Bad"}]}),
            Err("\"Bad\" is not a valid pod selector operator".to_string()),
        ),
    ];
    for (sel, want) in cases {
        assert_eq!(pod_selector_matches(&sel, Some(&pod)), want, "selector {sel}");
    }
}

// ---- overlap ----

#[test]
fn kruise_selector_conflict_vectors() {
    // pkg/util/selector_test.go TestSelectorConflict.
    let cases = [
        (json!({"matchLabels": {"a": "h"}}), json!({"matchLabels": {"a": "h"}}), true),
        (json!({"matchLabels": {"a": "h"}}), json!({"matchLabels": {"a": "i"}}), false),
        (json!({"matchLabels": {"a": "h"}}), json!({"matchLabels": {"b": "i"}}), true),
        (
            json!({"matchLabels": {"a": "h", "b": "i", "c": "j"}}),
            json!({"matchLabels": {"a": "h", "b": "x", "c": "j"}}),
            false,
        ),
        (
            json!({"matchLabels": {"a": "h"}}),
            json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["h", "i", "j"]}]}),
            true,
        ),
        (
            json!({"matchLabels": {"a": "h"}}),
            json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["i", "j"]}]}),
            false,
        ),
        (
            json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["h", "i"]}]}),
            json!({"matchLabels": {"a": "h"}}),
            false,
        ),
        (json!({"matchLabels": {"a": "h"}}), json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}), true),
        (
            json!({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}),
            json!({"matchLabels": {"a": "h"}}),
            false,
        ),
    ];
    for (a, b, want) in &cases {
        assert_eq!(selectors_overlap(a, b), *want, "{a} vs {b}");
        // The test is symmetric by construction.
        assert_eq!(selectors_overlap(b, a), *want, "{b} vs {a}");
    }
}

#[test]
fn overlap_quirks() {
    let cases = [
        // Exists on a key the other selector does not constrain: "disjoint".
        (json!({"matchLabels": {"a": "b"}}), json!({"matchExpressions": [{"key": "c", "operator": "Exists"}]}), false),
        (json!({"matchLabels": {"a": "b"}}), json!({"matchLabels": {"c": "d"}}), true),
        // NotIn covering everything the other records.
        (
            json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["b", "c"]}]}),
            json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["b", "c", "d"]}]}),
            false,
        ),
        (
            json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["b", "c"]}]}),
            json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["b"]}]}),
            true,
        ),
        // Exists records the wildcard "ALL": In/k=v against it overlap...
        (
            json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
            json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
            true,
        ),
        (
            json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
            json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["x"]}]}),
            true,
        ),
        // ...NotIn against it only when it literally lists "ALL" (the In keeps the reverse
        // direction from tripping over the Exists rule).
        (
            json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
            json!({"matchExpressions": [
                {"key": "a", "operator": "In", "values": ["y"]},
                {"key": "a", "operator": "NotIn", "values": ["x"]}
            ]}),
            true,
        ),
        (
            json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
            json!({"matchExpressions": [
                {"key": "a", "operator": "In", "values": ["y"]},
                {"key": "a", "operator": "NotIn", "values": ["ALL"]}
            ]}),
            false,
        ),
        // Exists against a selector that only has NotIn on the key: the NotIn records
        // nothing, so the Exists side is "disjoint" although both match {a: y}.
        (
            json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
            json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["x"]}]}),
            false,
        ),
        // A label value "ALL" is a wildcard too, but only on the recording side: the other
        // direction still sees "ALL" != "x".
        (json!({"matchLabels": {"a": "ALL"}}), json!({"matchLabels": {"a": "x"}}), false),
        (
            json!({"matchLabels": {"a": "ALL"}}),
            json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["x", "ALL"]}]}),
            true,
        ),
        (
            json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
            json!({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}),
            false,
        ),
        // An In without values records nothing, so Exists on that key is "disjoint".
        (
            json!({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]}),
            json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
            false,
        ),
        // NotIn covering the other's label value: Kruise's TestSelectorConflict case 7.
        (
            json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["x", "y"]}]}),
            json!({"matchLabels": {"a": "y"}}),
            false,
        ),
        // Empty and null selectors: only Exists on the other side makes them disjoint.
        (json!({}), json!({"matchLabels": {"a": "b"}}), true),
        (json!(null), json!({}), true),
        (json!(null), json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}), false),
        // Namespace selectors of Kruise's TestSidecarSetNameConflict.
        (json!({"matchLabels": {"app": "nginx"}}), json!({"matchLabels": {"app": "redis"}}), false),
    ];
    for (a, b, want) in &cases {
        assert_eq!(selectors_overlap(a, b), *want, "{a} vs {b}");
    }
}

#[test]
fn disjoint_directional_table() {
    // (a, b, isDisjoint(a, b)): how `a` records its keys, seen from `b`'s requirements.
    let cases = [
        // Exists after In resets to the wildcard; In after Exists keeps it.
        (
            json!({"matchExpressions": [
                {"key": "a", "operator": "In", "values": ["x"]},
                {"key": "a", "operator": "Exists"}
            ]}),
            json!({"matchLabels": {"a": "y"}}),
            false,
        ),
        (
            json!({"matchExpressions": [
                {"key": "a", "operator": "Exists"},
                {"key": "a", "operator": "In", "values": ["x"]}
            ]}),
            json!({"matchLabels": {"a": "y"}}),
            false,
        ),
        // matchLabels and In on the same key pool their values.
        (
            json!({"matchLabels": {"a": "x"}, "matchExpressions": [{"key": "a", "operator": "In", "values": ["y"]}]}),
            json!({"matchLabels": {"a": "y"}}),
            false,
        ),
        (
            json!({"matchLabels": {"a": "x"}, "matchExpressions": [{"key": "a", "operator": "In", "values": ["y"]}]}),
            json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["y", "x", "z"]}]}),
            true,
        ),
        // NotIn and DoesNotExist record nothing.
        (
            json!({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["x"]}]}),
            json!({"matchLabels": {"a": "x"}}),
            false,
        ),
        (
            json!({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}),
            json!({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}),
            false,
        ),
        // DoesNotExist in b on a key a records.
        (
            json!({"matchLabels": {"a": "x"}}),
            json!({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}),
            true,
        ),
        // Unknown operators are skipped on both sides.
        (
            json!({"matchLabels": {"a": "x"}}),
            json!({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]}),
            false,
        ),
        (
            json!({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]}),
            json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
            true,
        ),
    ];
    for (a, b, want) in &cases {
        assert_eq!(is_disjoint(a, b), *want, "isDisjoint({a}, {b})");
    }
}

#[test]
fn disjoint_is_one_directional() {
    let all = json!({"matchLabels": {"a": "ALL"}});
    let x = json!({"matchLabels": {"a": "x"}});
    assert!(!is_disjoint(&all, &x));
    assert!(is_disjoint(&x, &all));
    let exists = json!({"matchExpressions": [{"key": "c", "operator": "Exists"}]});
    assert!(is_disjoint(&x, &exists));
    assert!(!is_disjoint(&exists, &x));
}

// ---- robustness ----

/// A tiny deterministic generator of odd JSON (no extra dependencies).
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = (self.next() % items.len() as u64) as usize;
        items.get(i).copied().unwrap_or("")
    }

    fn string(&mut self) -> String {
        const WORDS: &[&str] = &[
            "",
            "a",
            "app",
            "In",
            "NotIn",
            "Exists",
            "DoesNotExist",
            "ALL",
            "matchLabels",
            "matchExpressions",
            "key",
            "operator",
            "values",
            "é",
            "日本",
            "🦀",
            "a/b",
            "/",
            "-",
            "a b",
            "\u{0}",
            "İ",
        ];
        match self.next() % 8 {
            0 => "k".repeat(300),
            1 => "é".repeat(40),
            _ => self.pick(WORDS).to_string(),
        }
    }

    fn value(&mut self, depth: u32) -> Value {
        let n = if depth == 0 { self.next() % 5 } else { self.next() % 8 };
        match n {
            0 => Value::Null,
            1 => json!(self.one_in(3)),
            2 => json!(self.next() as f64 / 7.0),
            3 | 4 => Value::String(self.string()),
            5 => Value::Array((0..self.next() % 4).map(|_| self.value(depth - 1)).collect()),
            _ => {
                let mut m = Map::new();
                for _ in 0..self.next() % 4 {
                    m.insert(self.string(), self.value(depth - 1));
                }
                Value::Object(m)
            }
        }
    }

    /// Mostly selector-shaped values with random leaves.
    fn selector(&mut self) -> Value {
        if self.one_in(5) {
            return self.value(3);
        }
        let mut exprs = Vec::new();
        for _ in 0..self.next() % 4 {
            let mut req = Map::new();
            req.insert("key".into(), if self.one_in(4) { self.value(1) } else { Value::String(self.string()) });
            req.insert("operator".into(), if self.one_in(4) { self.value(1) } else { Value::String(self.string()) });
            if !self.one_in(3) {
                let vals = (0..self.next() % 4)
                    .map(|_| if self.one_in(5) { self.value(1) } else { Value::String(self.string()) })
                    .collect();
                req.insert("values".into(), Value::Array(vals));
            }
            exprs.push(Value::Object(req));
        }
        let mut labels = Map::new();
        for _ in 0..self.next() % 3 {
            let v = if self.one_in(5) { self.value(1) } else { Value::String(self.string()) };
            labels.insert(self.string(), v);
        }
        json!({"matchLabels": labels, "matchExpressions": exprs})
    }
}

#[test]
fn never_panics_on_odd_input() {
    let mut g = Gen(0x9E37_79B9_7F4A_7C15);
    let path = spec_selector();
    let mut checked = 0;
    for _ in 0..3000 {
        let a = g.selector();
        let b = g.selector();
        let pod = g.value(2);
        let pod_labels = pod.as_object();
        let _ = validate_label_selector(&a, &path);
        let _ = label_selector_as_selector_errors(&a, &path);
        let _ = go_label_selector_repr(&a);
        let _ = selector_is_empty(&a);
        let m = selector_matches(&a, pod_labels);
        let _ = pod_selector_matches(&a, pod_labels);
        let _ = selectors_overlap(&a, &b);
        // Consistency: a selector that validates cleanly always converts and matches
        // without error, and then the conversion error stays silent.
        let errs = validate_label_selector(&a, &path);
        if errs.is_empty() {
            assert!(m.is_ok(), "{a}: {m:?}");
            assert!(label_selector_as_selector_errors(&a, &path).is_empty(), "{a}");
        }
        // On decodable selectors, the conversion error fires exactly when validation found a value
        // error (unknown fields
        // aside, which Go's decoder drops).
        if a.is_object() && well_typed(&a) && !selector_is_empty(&a) {
            let s3 = errs.iter().any(|e| e.kind != crate::field_error::ErrorKind::Type);
            assert_eq!(label_selector_as_selector_errors(&a, &path).len(), usize::from(s3), "{a}");
            checked += 1;
        }
    }
    assert!(checked > 100, "generator too rarely produced decodable selectors: {checked}");
}

#[test]
fn odd_fixed_inputs() {
    let path = spec_selector();
    let long_key = "k".repeat(300);
    let odd = [
        json!(0),
        json!(true),
        json!("x"),
        json!([]),
        json!([{"matchLabels": {}}]),
        json!({"matchLabels": {"": ""}}),
        json!({"matchLabels": {long_key.clone(): "v"}}),
        json!({"matchExpressions": [{"key": long_key, "operator": "Exists"}]}),
        json!({"matchExpressions": [null, 1, "s", [], {}]}),
        json!({"matchLabels": {"日本/語": "🦀"}, "matchExpressions": [{"key": "é", "operator": "İn", "values": ["é"]}]}),
        json!({"matchLabels": {"a": {"b": "c"}}}),
        json!({"matchExpressions": [{"key": "a", "operator": "In", "values": [[], {}, null, 1.5]}]}),
    ];
    for sel in &odd {
        let _ = validate_label_selector(sel, &path);
        let _ = label_selector_as_selector_errors(sel, &path);
        let _ = go_label_selector_repr(sel);
        let _ = selector_is_empty(sel);
        let _ = selector_matches(sel, None);
        let _ = pod_selector_matches(sel, None);
        for other in &odd {
            let _ = selectors_overlap(sel, other);
        }
    }
    // A 300-character key is one "too long" error for the name part.
    let errs = validate_label_selector(&odd[6], &path);
    assert_eq!(
        texts(&errs),
        vec![format!(
            "spec.selector.matchLabels: Invalid value: \"{}\": name part must be no more than 63 characters",
            "k".repeat(300)
        )]
    );
    // Unicode keys and values are invalid, not crashes.
    assert_eq!(validate_label_selector(&odd[9], &path).len(), 6);
    assert_eq!(label_selector_as_selector_errors(&odd[9], &path).len(), 1);
}
