use super::*;
use proptest::prelude::*;
use serde_json::json;

fn read(text: &str) -> SidecarSetText<'_> {
    serde_json::from_str(text).unwrap()
}

fn lazy(text: &str) -> LazySidecarSet<'_> {
    match read(text) {
        SidecarSetText::Object(lazy) => lazy,
        SidecarSetText::NotAnObject => panic!("{text} read as not an object"),
    }
}

/// The object a lazy reading yields is serde_json's own reading of the text.
fn assert_same_object(text: &str) {
    let expected: Value = serde_json::from_str(text).unwrap();
    let lazy = lazy(text);
    let object = lazy.object().unwrap();
    assert_eq!(&Value::Object(object.clone()), &expected, "{text}");
    let keys: Vec<&String> = object.keys().collect();
    let expected_keys: Vec<&String> = expected.as_object().unwrap().keys().collect();
    assert_eq!(keys, expected_keys, "field order of {text}");
}

#[test]
fn the_whole_object_is_serde_jsons_reading() {
    for text in [
        r#"{}"#,
        r#"{"apiVersion":"apps.kruise.io/v1alpha1","kind":"SidecarSet","metadata":{"name":"a"},"spec":{"containers":[{"name":"c","image":"i"}],"selector":{"matchLabels":{"app":"x"}}}}"#,
        // A repeated key: the last value, in the first position (spec and a spec field).
        r#"{"spec":{"a":1},"kind":"K","spec":{"b":2,"b":3}}"#,
        // Escaped keys are the same keys.
        r#"{"sp\u0065c":{"sel\u0065ctor":{"matchLabels":{}}},"k\"ind":1}"#,
        // spec of another type.
        r#"{"spec":[1,{"a":[]}]}"#,
        r#"{"spec":"text","metadata":null}"#,
        r#"{"spec":null}"#,
        r#"{"spec":1.5e300,"status":{"latestRevision":"r"}}"#,
        // Numbers keep serde_json's reading (float_roundtrip, integers beyond i64).
        r#"{"spec":{"n":[0.1,18446744073709551615,-9223372036854775808,1e-320]}}"#,
        "{ \"spec\" : { \"x\" : \"\\u00e9\\n\" } , \"metadata\" : { } }",
    ] {
        assert_same_object(text);
    }
}

#[test]
fn the_peek_holds_what_matching_reads_and_nothing_else_of_the_spec() {
    let text = json!({
        "apiVersion": "apps.kruise.io/v1beta1",
        "kind": "SidecarSet",
        "metadata": {"name": "a", "annotations": {"k": "v"}},
        "spec": {
            "selector": {"matchLabels": {"app": "x"}},
            "namespace": "ns",
            "namespaceSelector": {"matchLabels": {"team": "t"}},
            "injectionStrategy": {"paused": true},
            "containers": [{"name": "c"}],
            "volumes": [{"name": "v"}],
        },
        "status": {"latestRevision": "r1"},
    })
    .to_string();
    let lazy = lazy(&text);
    let peek = lazy.peek().unwrap();
    assert_eq!(
        Value::Object(peek.clone()),
        json!({
            "apiVersion": "apps.kruise.io/v1beta1",
            "kind": "SidecarSet",
            "metadata": {"name": "a", "annotations": {"k": "v"}},
            "spec": {
                "selector": {"matchLabels": {"app": "x"}},
                "namespace": "ns",
                "namespaceSelector": {"matchLabels": {"team": "t"}},
                "injectionStrategy": {"paused": true},
            },
            "status": {"latestRevision": "r1"},
        })
    );
    assert!(lazy.full.get().is_none(), "peeking does not parse the whole object");
    assert_eq!(lazy.object().unwrap()["spec"]["containers"], json!([{"name": "c"}]));
}

#[test]
fn other_values_are_not_objects() {
    for text in ["null", "1", "-2", "1.5", "true", "\"s\"", "[]", "[{\"a\":1},[2]]"] {
        assert!(matches!(read(text), SidecarSetText::NotAnObject), "{text}");
    }
}

/// Nesting that serde_json refuses to parse on its own: the peek or the whole object says
/// so, where reading the payload did not look inside.
#[test]
fn nesting_beyond_serde_jsons_limit_is_an_error_not_a_trap() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let text = format!(r#"{{"metadata":{{"name":"a"}},"spec":{{"containers":{}}}}}"#, deep(200));
    let lazy = lazy(&text);
    assert!(lazy.peek().is_ok());
    assert!(lazy.object().unwrap_err().contains("recursion limit"), "{:?}", lazy.object());
    let text = format!(r#"{{"metadata":{{"name":{}}}}}"#, deep(200));
    assert!(lazy_peek_error(&text).contains("recursion limit"));
    let text = format!(r#"{{"spec":{{"selector":{}}}}}"#, deep(200));
    assert!(lazy_peek_error(&text).contains("recursion limit"));
}

fn lazy_peek_error(text: &str) -> String {
    lazy(text).peek().unwrap_err().to_string()
}

/// JSON values of a few levels, with keys that repeat and need escapes.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop::sample::select(vec!["spec", "metadata", "a", "selector", "\u{e9}\"", "containers", ""]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "[a-z\\\\\"\u{e9}]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..5)
                .prop_map(|fields| Value::Object(fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

/// An object's text with its keys as generated, repeats included (a `Value` would merge them).
fn object_text() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec!["spec", "metadata", "kind", "status", "selector", "x\\u0073"]);
    prop::collection::vec((key, json_value()), 0..6).prop_map(|fields| {
        let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
        format!("{{{}}}", body.join(", "))
    })
}

proptest! {
    #[test]
    fn any_object_reads_as_serde_json_reads_it(text in object_text()) {
        assert_same_object(&text);
    }
}
