use super::*;
use serde_json::json;

pub(super) fn spec_selector() -> FieldPath {
    FieldPath::root("spec").child("selector")
}

pub(super) fn texts(errs: &[FieldError]) -> Vec<String> {
    errs.iter().map(ToString::to_string).collect()
}

pub(super) fn labels(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

pub(super) const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
pub(super) const NAME_PART_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

// ---- validate_label_selector ----

#[test]
fn validation_table() {
    // (selector, expected messages under spec.selector)
    let cases: Vec<(Value, Vec<String>)> = vec![
        (json!(null), vec![]),
        (json!({}), vec![]),
        (json!({"matchLabels": {"app": "nginx"}}), vec![]),
        (json!({"matchLabels": null, "matchExpressions": null}), vec![]),
        (json!({"matchExpressions": [{"key": "key", "operator": "In", "values": ["value"]}]}), vec![]),
        (json!({"matchExpressions": [{"key": "k", "operator": "Exists"}]}), vec![]),
        (json!({"matchExpressions": [{"key": "k", "operator": "DoesNotExist", "values": null}]}), vec![]),
        (json!({"matchExpressions": [{"key": "k", "operator": "NotIn", "values": [""]}]}), vec![]),
        (json!({"matchExpressions": [{"key": "example.com/k", "operator": "In", "values": ["A_b.c-1"]}]}), vec![]),
        // apimachinery TestLabelSelectorMatchExpression
        (
            json!({"matchExpressions": [{"key": "-key", "operator": "In", "values": ["value"]}]}),
            vec![format!("spec.selector.matchExpressions[0].key: Invalid value: \"-key\": {NAME_PART_MSG}")],
        ),
        (
            json!({"matchExpressions": [{"key": "key", "operator": "abc", "values": ["value"]}]}),
            vec!["spec.selector.matchExpressions[0].operator: Invalid value: \"abc\": not a valid selector operator".into()],
        ),
        (
            json!({"matchExpressions": [{"key": "key", "operator": "In", "values": ["-value"]}]}),
            vec![format!("spec.selector.matchExpressions[0].values[0]: Invalid value: \"-value\": {LABEL_VALUE_MSG}")],
        ),
        // operator/value-count rules
        (
            json!({"matchExpressions": [{"key": "k", "operator": "In"}]}),
            vec!["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'".into()],
        ),
        (
            json!({"matchExpressions": [{"key": "k", "operator": "NotIn", "values": []}]}),
            vec!["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'".into()],
        ),
        (
            json!({"matchExpressions": [{"key": "k", "operator": "Exists", "values": ["x"]}]}),
            vec!["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'".into()],
        ),
        (
            json!({"matchExpressions": [{"key": "k", "operator": "DoesNotExist", "values": ["x", "y"]}]}),
            vec!["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'".into()],
        ),
        // Operators are case-sensitive.
        (
            json!({"matchExpressions": [{"key": "k", "operator": "in", "values": ["x"]}]}),
            vec!["spec.selector.matchExpressions[0].operator: Invalid value: \"in\": not a valid selector operator".into()],
        ),
        // A missing key and operator are Go's empty strings.
        (
            json!({"matchExpressions": [{}]}),
            vec![
                "spec.selector.matchExpressions[0].operator: Invalid value: \"\": not a valid selector operator".into(),
                "spec.selector.matchExpressions[0].key: Invalid value: \"\": name part must be non-empty".into(),
                format!("spec.selector.matchExpressions[0].key: Invalid value: \"\": {NAME_PART_MSG}"),
            ],
        ),
        // Kruise's wrong-selector case: one bad value.
        (
            json!({"matchLabels": {"a": "b"}, "matchExpressions": [{"key": "app-name", "operator": "NotIn", "values": ["app-group", "app-risk-"]}]}),
            vec![format!("spec.selector.matchExpressions[0].values[1]: Invalid value: \"app-risk-\": {LABEL_VALUE_MSG}")],
        ),
        // matchLabels errors are on the map path, key then value.
        (
            json!({"matchLabels": {"a b": "c d"}}),
            vec![
                format!("spec.selector.matchLabels: Invalid value: \"a b\": {NAME_PART_MSG}"),
                format!("spec.selector.matchLabels: Invalid value: \"c d\": {LABEL_VALUE_MSG}"),
            ],
        ),
        (
            json!({"matchLabels": {"k": "v".repeat(64)}}),
            vec![format!("spec.selector.matchLabels: Invalid value: \"{}\": must be no more than 63 characters", "v".repeat(64))],
        ),
        // Type errors, worded like the policy's other JSON checks.
        (json!("app=nginx"), vec!["spec.selector: Invalid type: expected an object, got string \"app=nginx\"".into()]),
        (json!([]), vec!["spec.selector: Invalid type: expected an object, got a list".into()]),
        (
            json!({"matchLabel": {"a": "b"}}),
            vec!["spec.selector: Unknown field: \"matchLabel\": LabelSelector has no such field; did you mean \"matchLabels\"?".into()],
        ),
        (
            json!({"matchLabels": ["a"]}),
            vec!["spec.selector.matchLabels: Invalid type: expected an object of strings, got a list".into()],
        ),
        (json!({"matchLabels": {"a": 1}}), vec!["spec.selector.matchLabels[a]: Invalid type: expected a string, got number 1".into()]),
        (json!({"matchLabels": {"a": true}}), vec!["spec.selector.matchLabels[a]: Invalid type: expected a string, got boolean true".into()]),
        (
            json!({"matchExpressions": {"key": "a"}}),
            vec!["spec.selector.matchExpressions: Invalid type: expected a list, got an object".into()],
        ),
        (
            json!({"matchExpressions": ["a"]}),
            vec!["spec.selector.matchExpressions[0]: Invalid type: expected an object, got string \"a\"".into()],
        ),
        (
            json!({"matchExpressions": [{"key": "a", "operator": "In", "values": "x"}]}),
            vec!["spec.selector.matchExpressions[0].values: Invalid type: expected a list, got string \"x\"".into()],
        ),
        (
            json!({"matchExpressions": [{"key": "a", "operator": "In", "values": ["x", 2]}]}),
            vec!["spec.selector.matchExpressions[0].values[1]: Invalid type: expected a string, got number 2".into()],
        ),
        (
            json!({"matchExpressions": [{"key": 7, "operator": "Exists"}]}),
            vec!["spec.selector.matchExpressions[0].key: Invalid type: expected a string, got number 7".into()],
        ),
        (
            json!({"matchExpressions": [{"key": "a", "operator": ["In"], "values": ["x"]}]}),
            vec!["spec.selector.matchExpressions[0].operator: Invalid type: expected a string, got a list".into()],
        ),
        (
            json!({"matchExpressions": [{"key": "a", "operator": "Exists", "value": "x"}]}),
            vec!["spec.selector.matchExpressions[0]: Unknown field: \"value\": LabelSelectorRequirement has no such field; did you mean \"values\"?".into()],
        ),
        // null is Go's zero value: "" for strings, an empty requirement for a list item.
        (json!({"matchLabels": {"a": null}}), vec![]),
        (json!({"matchExpressions": [{"key": "a", "operator": "In", "values": [null]}]}), vec![]),
        (json!({"matchExpressions": [{"key": "a", "operator": null, "values": ["x"]}]}), vec![
            "spec.selector.matchExpressions[0].operator: Invalid value: \"\": not a valid selector operator".into(),
        ]),
        (
            json!({"matchExpressions": [null]}),
            vec![
                "spec.selector.matchExpressions[0].operator: Invalid value: \"\": not a valid selector operator".into(),
                "spec.selector.matchExpressions[0].key: Invalid value: \"\": name part must be non-empty".into(),
                format!("spec.selector.matchExpressions[0].key: Invalid value: \"\": {NAME_PART_MSG}"),
            ],
        ),
    ];
    for (sel, want) in &cases {
        assert_eq!(&texts(&validate_label_selector(sel, &spec_selector())), want, "selector {sel}");
    }
}

#[test]
fn validation_indexes_requirements() {
    let sel = json!({"matchExpressions": [
        {"key": "ok", "operator": "Exists"},
        {"key": "k", "operator": "In", "values": ["good", "bad value", "also-good"]},
        {"key": "k2", "operator": "Gt", "values": ["1"]}
    ]});
    let path = FieldPath::root("spec").child("namespaceSelector");
    assert_eq!(
        texts(&validate_label_selector(&sel, &path)),
        vec![
            format!(
                "spec.namespaceSelector.matchExpressions[1].values[1]: Invalid value: \"bad value\": {LABEL_VALUE_MSG}"
            ),
            "spec.namespaceSelector.matchExpressions[2].operator: Invalid value: \"Gt\": not a valid selector operator"
                .to_string(),
        ]
    );
}

// ---- label_selector_as_selector_errors / go repr ----

#[test]
fn as_selector_error_comes_on_top_of_validation() {
    let sel = json!({"matchLabels": {"a": "b"}, "matchExpressions": [
        {"key": "app-name", "operator": "NotIn", "values": ["app-group", "app-risk-"]}
    ]});
    assert_eq!(
        texts(&label_selector_as_selector_errors(&sel, &spec_selector())),
        vec![
            "spec.selector.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"a\":\"b\"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app-name\", Operator:\"NotIn\", Values:[]string{\"app-group\", \"app-risk-\"}}}}"
        ]
    );
    // Together with validate_label_selector's: two errors for one bad value, as Kruise's test expects.
    let total = validate_label_selector(&sel, &spec_selector()).len()
        + label_selector_as_selector_errors(&sel, &spec_selector()).len();
    assert_eq!(total, 2);
}

#[test]
fn as_selector_table() {
    // (selector, does LabelSelectorAsSelector fail?)
    let cases = [
        (json!(null), false),
        (json!({}), false),
        (json!({"matchLabels": {}}), false),
        (json!({"matchLabels": {"foo": "bar"}}), false),
        (json!({"matchExpressions": [{"key": "baz", "operator": "In", "values": ["qux", "norf"]}]}), false),
        (
            json!({"matchLabels": {"foo": "bar"}, "matchExpressions": [{"key": "baz", "operator": "In", "values": ["qux"]}]}),
            false,
        ),
        // apimachinery TestLabelSelectorAsSelector: Exists with values fails.
        (json!({"matchExpressions": [{"key": "baz", "operator": "Exists", "values": ["qux", "norf"]}]}), true),
        (json!({"matchExpressions": [{"key": "baz", "operator": "In", "values": []}]}), true),
        (json!({"matchExpressions": [{"key": "baz", "operator": "NotIn"}]}), true),
        (json!({"matchExpressions": [{"key": "baz", "operator": "Gt", "values": ["1"]}]}), true),
        (json!({"matchExpressions": [{"key": "ba z", "operator": "Exists"}]}), true),
        (json!({"matchExpressions": [{"key": "baz", "operator": "In", "values": ["-x"]}]}), true),
        (json!({"matchLabels": {"a/b/c": "x"}}), true),
        (json!({"matchLabels": {"a": "x y"}}), true),
        (json!({"matchLabels": {"": "x"}}), true),
        // Unknown fields are ignored by Go's decoder: still converts.
        (json!({"matchLabels": {"a": "b"}, "extra": 1}), false),
        // Type errors are reported by validation only.
        (json!({"matchLabels": {"a b": 1}}), false),
        (json!({"matchExpressions": [{"key": "baz", "operator": "In", "values": [1]}]}), false),
        (json!(5), false),
    ];
    for (sel, fails) in &cases {
        let errs = label_selector_as_selector_errors(sel, &spec_selector());
        assert_eq!(errs.len(), usize::from(*fails), "selector {sel}");
    }
}

#[test]
fn go_repr_forms() {
    assert_eq!(
        go_label_selector_repr(&json!({})),
        "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}"
    );
    assert_eq!(
        go_label_selector_repr(&json!({"matchLabels": {}, "matchExpressions": []})),
        "v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement{}}"
    );
    // Go's fmt sorts map keys; values lists keep their order; a missing list is nil.
    assert_eq!(
        go_label_selector_repr(&json!({"matchLabels": {"z": "1", "a": "2"}, "matchExpressions": [
            {"key": "k", "operator": "Exists"},
            {"key": "q\"uote", "operator": "In", "values": []}
        ]})),
        "v1.LabelSelector{MatchLabels:map[string]string{\"a\":\"2\", \"z\":\"1\"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"k\", Operator:\"Exists\", Values:[]string(nil)}, v1.LabelSelectorRequirement{Key:\"q\\\"uote\", Operator:\"In\", Values:[]string{}}}}"
    );
}

// ---- selector_is_empty ----

#[test]
fn emptiness_table() {
    let cases = [
        (json!(null), true),
        (json!({}), true),
        (json!({"matchLabels": {}}), true),
        (json!({"matchLabels": null, "matchExpressions": []}), true),
        (json!({"matchLabel": {"a": "b"}}), true),
        (json!({"matchLabels": {"a": "b"}}), false),
        (json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}), false),
        (json!({"matchLabels": "x"}), false),
        (json!("x"), false),
    ];
    for (sel, empty) in &cases {
        assert_eq!(selector_is_empty(sel), *empty, "selector {sel}");
    }
}

// ---- matching ----

#[test]
fn unmet_requirements_in_kubectl_syntax() {
    let sel = json!({
        "matchLabels": {"app": "nginx", "tier": "web"},
        "matchExpressions": [
            {"key": "env", "operator": "In", "values": ["prod", "staging"]},
            {"key": "zone", "operator": "NotIn", "values": ["a"]},
            {"key": "team", "operator": "Exists"},
            {"key": "canary", "operator": "DoesNotExist"},
        ]
    });
    let labels = json!({"app": "web", "tier": "web", "env": "dev", "zone": "a", "canary": "true"});
    let unmet = unmet_requirements(&sel, labels.as_object()).unwrap();
    let needs: Vec<(&str, Option<&str>)> = unmet.iter().map(|u| (u.needs.as_str(), u.has.as_deref())).collect();
    assert_eq!(
        needs,
        [
            ("app=nginx", Some("web")),
            ("env in (prod,staging)", Some("dev")),
            ("zone notin (a)", Some("a")),
            ("team", None),
            ("!canary", Some("true"))
        ]
    );
    assert_eq!(unmet_count(&sel, labels.as_object()), Some((5, 6)));
    let matching = json!({"app": "nginx", "tier": "web", "env": "prod", "team": "x"});
    assert_eq!(unmet_count(&sel, matching.as_object()), Some((0, 6)));
    assert_eq!(unmet_requirements(&sel, matching.as_object()), Some(vec![]));
    assert_eq!(unmet_count(&json!({"matchExpressions": [{"key": "a", "operator": "Near"}]}), None), None);
    assert_eq!(unmet_count(&json!({"matchLabels": {"a": "b"}}), None), Some((1, 1)));
}
