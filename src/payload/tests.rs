use super::*;
use serde_json::json;

fn read(text: &str) -> Payload<'_> {
    serde_json::from_str(text).unwrap()
}

#[test]
fn the_request_is_a_value_and_the_settings_are_split() {
    let text = json!({
        "request": {"uid": "u", "object": {"kind": "Pod"}},
        "settings": {"role": "injector", "sidecarSets": [{"metadata": {"name": "a"}}, 1], "mode": "audit"},
        "other": [1, 2],
    })
    .to_string();
    let payload = read(&text);
    assert_eq!(payload.request, json!({"uid": "u", "object": {"kind": "Pod"}}));
    let SettingsText::Object { sidecar_sets: Some(SidecarSetsText::List(items)), rest } = &payload.settings else {
        panic!("{:?}", payload.settings)
    };
    assert_eq!(Value::Object(rest.clone()), json!({"role": "injector", "mode": "audit"}));
    assert!(matches!(&items[0], SidecarSetText::Object(lazy) if lazy.peek().unwrap()["metadata"]["name"] == "a"));
    assert!(matches!(&items[1], SidecarSetText::NotAnObject));
}

#[test]
fn settings_of_every_shape() {
    assert!(matches!(read(r#"{"request":{}}"#).settings, SettingsText::None));
    assert!(matches!(read(r#"{"request":{},"settings":null}"#).settings, SettingsText::None));
    for other in ["1", "\"s\"", "[{}]", "true"] {
        let text = format!(r#"{{"request":{{}},"settings":{other}}}"#);
        assert!(matches!(read(&text).settings, SettingsText::NotAnObject), "{other}");
    }
    for (sets, expected_list) in [("null", None), ("[]", Some(true)), ("{}", Some(false)), ("\"x\"", Some(false))] {
        let text = format!(r#"{{"settings":{{"sidecarSets":{sets}}}}}"#);
        let SettingsText::Object { sidecar_sets, .. } = read(&text).settings else { panic!("{sets}") };
        assert_eq!(sidecar_sets.map(|s| matches!(s, SidecarSetsText::List(_))), expected_list, "{sets}");
    }
    // The last of a repeated key counts.
    let text = r#"{"settings":{"sidecarSets":[{}],"sidecarSets":[],"mode":"a","mode":"b"}}"#;
    let SettingsText::Object { sidecar_sets: Some(SidecarSetsText::List(items)), rest } = read(text).settings else {
        panic!()
    };
    assert!(items.is_empty());
    assert_eq!(rest["mode"], "b");
}

#[test]
fn a_missing_request_is_null() {
    assert_eq!(read(r#"{"settings":{}}"#).request, Value::Null);
}
