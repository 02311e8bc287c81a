use super::*;
use serde_json::json;

fn ok(errs: &[String]) -> bool {
    errs.is_empty()
}

fn a(n: usize) -> String {
    "a".repeat(n)
}

// Tables ported from apimachinery v0.32 pkg/util/validation/validation_test.go.

const DNS1123_LABEL_GOOD: &[&str] =
    &["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2"];
const DNS1123_LABEL_BAD: &[&str] = &[
    "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2",
    ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2",
];

#[test]
fn dns1123_label_table() {
    for v in DNS1123_LABEL_GOOD {
        assert!(ok(&is_dns1123_label(v)), "{v:?}");
    }
    assert!(ok(&is_dns1123_label(&a(63))));
    for v in DNS1123_LABEL_BAD {
        assert!(!ok(&is_dns1123_label(v)), "{v:?}");
    }
    assert!(!ok(&is_dns1123_label(&a(64))));
}

#[test]
fn dns1123_label_messages() {
    assert_eq!(is_dns1123_label("a.b"), vec!["must not contain dots"]);
    assert_eq!(
        is_dns1123_label("A"),
        vec![
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
        ]
    );
    assert_eq!(is_dns1123_label(&a(64)), vec!["must be no more than 63 characters"]);
    // Too long and dotted: both messages, length first.
    let long_dotted = format!("{}.b", a(63));
    assert_eq!(is_dns1123_label(&long_dotted), vec!["must be no more than 63 characters", "must not contain dots"]);
}

#[test]
fn dns1123_subdomain_table() {
    let good = [
        "a",
        "ab",
        "abc",
        "a1",
        "a-1",
        "a--1--2--b",
        "0",
        "01",
        "012",
        "1a",
        "1-a",
        "1--a--b--2",
        "a.a",
        "ab.a",
        "abc.a",
        "a1.a",
        "a-1.a",
        "a--1--2--b.a",
        "a.1",
        "ab.1",
        "abc.1",
        "a1.1",
        "a-1.1",
        "a--1--2--b.1",
        "0.a",
        "01.a",
        "012.a",
        "1a.a",
        "1-a.a",
        "1--a--b--2",
        "0.1",
        "01.1",
        "012.1",
        "1a.1",
        "1-a.1",
        "1--a--b--2.1",
        "a.b.c.d.e",
        "aa.bb.cc.dd.ee",
        "1.2.3.4.5",
        "11.22.33.44.55",
    ];
    for v in good {
        assert!(ok(&is_dns1123_subdomain(v)), "{v:?}");
    }
    assert!(ok(&is_dns1123_subdomain(&a(253))));
    let bad = [
        "",
        "A",
        "ABC",
        "aBc",
        "A1",
        "A-1",
        "1-A",
        "-",
        "a-",
        "-a",
        "1-",
        "-1",
        "_",
        "a_",
        "_a",
        "a_b",
        "1_",
        "_1",
        "1_2",
        ".",
        "a.",
        ".a",
        "a..b",
        "1.",
        ".1",
        "1..2",
        " ",
        "a ",
        " a",
        "a b",
        "1 ",
        " 1",
        "1 2",
        "A.a",
        "aB.a",
        "ab.A",
        "A1.a",
        "a1.A",
        "A.1",
        "aB.1",
        "A1.1",
        "1A.1",
        "0.A",
        "01.A",
        "012.A",
        "1A.a",
        "1a.A",
        "A.B.C.D.E",
        "AA.BB.CC.DD.EE",
        "a.B.c.d.e",
        "aa.bB.cc.dd.ee",
        "a@b",
        "a,b",
        "a_b",
        "a;b",
        "a:b",
        "a%b",
        "a?b",
        "a$b",
    ];
    for v in bad {
        assert!(!ok(&is_dns1123_subdomain(v)), "{v:?}");
    }
    assert_eq!(is_dns1123_subdomain(&a(254)), vec!["must be no more than 253 characters"]);
    assert_eq!(
        is_dns1123_subdomain("a_b"),
        vec![
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        ]
    );
}

#[test]
fn dns1035_label_table() {
    for v in ["a", "ab", "abc", "a1", "a-1", "a--1--2--b"] {
        assert!(ok(&is_dns1035_label(v)), "{v:?}");
    }
    assert!(ok(&is_dns1035_label(&a(63))));
    let bad = [
        "0",
        "01",
        "012",
        "1a",
        "1-a",
        "1--a--b--2",
        "",
        "A",
        "ABC",
        "aBc",
        "A1",
        "A-1",
        "1-A",
        "-",
        "a-",
        "-a",
        "1-",
        "-1",
        "_",
        "a_",
        "_a",
        "a_b",
        "1_",
        "_1",
        "1_2",
        ".",
        "a.",
        ".a",
        "a.b",
        "1.",
        ".1",
        "1.2",
        " ",
        "a ",
        " a",
        "a b",
        "1 ",
        " 1",
        "1 2",
    ];
    for v in bad {
        assert!(!ok(&is_dns1035_label(v)), "{v:?}");
    }
    assert!(!ok(&is_dns1035_label(&a(64))));
    assert_eq!(
        is_dns1035_label("1a"),
        vec![
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
        ]
    );
}

#[test]
fn c_identifier_table() {
    let good = [
        "a",
        "ab",
        "abc",
        "a1",
        "_a",
        "a_",
        "a_b",
        "a_1",
        "a__1__2__b",
        "__abc_123",
        "A",
        "AB",
        "AbC",
        "A1",
        "_A",
        "A_",
        "A_B",
        "A_1",
        "A__1__2__B",
        "__123_ABC",
    ];
    for v in good {
        assert!(ok(&is_c_identifier(v)), "{v:?}");
    }
    let bad = [
        "", "1", "123", "1a", "-", "a-", "-a", "1-", "-1", "1_", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ",
        "a ", " a", "a b", "1 ", " 1", "1 2", "#a#",
    ];
    for v in bad {
        assert!(!ok(&is_c_identifier(v)), "{v:?}");
    }
    assert_eq!(
        is_c_identifier("1a"),
        vec![
            "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')"
        ]
    );
}

#[test]
fn port_num_table() {
    for v in [1, 2, 1000, 16384, 32768, 65535] {
        assert!(ok(&is_valid_port_num(v)), "{v}");
    }
    for v in [0, -1, 65536, 100000, i64::MIN, i64::MAX] {
        assert_eq!(is_valid_port_num(v), vec!["must be between 1 and 65535, inclusive"], "{v}");
    }
}

#[test]
fn port_name_table() {
    for v in ["telnet", "re-mail-ck", "pop3", "a", "a-1", "1-a", "a-1-b-2-c", "1-a-2-b-3"] {
        assert!(ok(&is_valid_port_name(v)), "{v:?}");
    }
    let bad = ["longerthan15characters", "", &a(16), "12345", "1-2-3-4", "-begin", "end-", "two--hyphens", "whois++"];
    for v in bad {
        assert!(!ok(&is_valid_port_name(v)), "{v:?}");
    }
    assert_eq!(
        is_valid_port_name(""),
        vec![
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "must contain at least one letter (a-z)"
        ]
    );
    assert_eq!(
        is_valid_port_name("-a--"),
        vec!["must not contain consecutive hyphens", "must not begin or end with a hyphen"]
    );
    assert_eq!(is_valid_port_name("12345"), vec!["must contain at least one letter (a-z)"]);
    assert_eq!(is_valid_port_name(&a(16)), vec!["must be no more than 15 characters"]);
    assert_eq!(
        is_valid_port_name("HTTP"),
        vec![
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "must contain at least one letter (a-z)"
        ]
    );
}

const NAME_PART_REGEX_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

#[test]
fn qualified_name_table() {
    let good = [
        "simple",
        "now-with-dashes",
        "1-starts-with-num",
        "1234",
        "simple/simple",
        "now-with-dashes/simple",
        "now-with-dashes/now-with-dashes",
        "now.with.dots/simple",
        "now-with.dashes-and.dots/simple",
        "1-num.2-num/3-num",
        "1234/5678",
        "1.2.3.4/5678",
        "Uppercase_Is_OK_123",
        "example.com/Uppercase_Is_OK_123",
        "requests.storage-foo",
        "apps.kruise.io/sidecarset-hash",
    ];
    for v in good {
        assert!(ok(&is_qualified_name(v)), "{v:?}");
    }
    assert!(ok(&is_qualified_name(&a(63))));
    assert!(ok(&is_qualified_name(&format!("{}/{}", a(253), "b".repeat(63)))));
    let bad = [
        "nospecialchars%^=@",
        "cantendwithadash-",
        "-cantstartwithadash-",
        "only/one/slash",
        "Example.com/abc",
        "example_com/abc",
        "example.com/",
        "/simple",
        "",
        "a b",
        "ünïcode",
    ];
    for v in bad {
        assert!(!ok(&is_qualified_name(v)), "{v:?}");
    }
    assert!(!ok(&is_qualified_name(&a(64))));
    assert!(!ok(&is_qualified_name(&format!("{}/abc", a(254)))));
}

#[test]
fn qualified_name_messages() {
    assert_eq!(is_qualified_name("a b"), vec![NAME_PART_REGEX_MSG]);
    assert_eq!(is_qualified_name(""), vec!["name part must be non-empty".to_string(), NAME_PART_REGEX_MSG.to_string()]);
    assert_eq!(is_qualified_name(&a(64)), vec!["name part must be no more than 63 characters"]);
    assert_eq!(
        is_qualified_name("only/one/slash"),
        vec![
            "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    );
    assert_eq!(is_qualified_name("/simple"), vec!["prefix part must be non-empty"]);
    assert_eq!(
        is_qualified_name("example.com/"),
        vec!["name part must be non-empty".to_string(), NAME_PART_REGEX_MSG.to_string()]
    );
    assert_eq!(
        is_qualified_name("Example.com/abc"),
        vec![
            "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        ]
    );
    assert_eq!(is_qualified_name(&format!("{}/abc", a(254))), vec!["prefix part must be no more than 253 characters"]);
    // 300 characters of garbage with a prefix: every rule reports.
    let v = format!("{}/{}", "X".repeat(254), "-".repeat(46));
    assert_eq!(is_qualified_name(&v).len(), 3);
}

#[test]
fn label_value_table() {
    for v in ["simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234", "", "A.b_C-1"] {
        assert!(ok(&is_valid_label_value(v)), "{v:?}");
    }
    assert!(ok(&is_valid_label_value(&a(63))));
    let bad = [
        "nospecialchars%^=@",
        "Tama-nui-te-rā.is.Māori.sun",
        "\\backslashes\\are\\bad",
        "-starts-with-dash",
        "ends-with-dash-",
        ".starts.with.dot",
        "ends.with.dot.",
        "a b",
        "é",
    ];
    for v in bad {
        assert!(!ok(&is_valid_label_value(v)), "{v:?}");
    }
    assert_eq!(is_valid_label_value(&a(64)), vec!["must be no more than 63 characters"]);
    assert_eq!(
        is_valid_label_value("app-risk-"),
        vec![
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        ]
    );
    // 64 bytes made of 32 two-byte characters: too long (bytes) and not matching.
    assert_eq!(is_valid_label_value(&"é".repeat(32)).len(), 2);
}

#[test]
fn env_var_names() {
    for v in ["A", "my.env-name", "MY_ENV.NAME", "MyEnvName1", "_", "-a", ".a", "a..b"] {
        assert!(ok(&is_env_var_name(v)), "{v:?}");
    }
    for v in ["", "1a", "a b", "a=b", "é", "a:b"] {
        assert!(!ok(&is_env_var_name(v)), "{v:?}");
    }
    assert_eq!(is_env_var_name("."), vec!["must not be '.'"]);
    assert_eq!(is_env_var_name(".."), vec!["must not be '..'"]);
    assert_eq!(is_env_var_name("..a"), vec!["must not start with '..'"]);
    assert_eq!(
        is_env_var_name("1a"),
        vec![
            "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"
        ]
    );
}

#[test]
fn relaxed_env_var_names() {
    let good = [
        "-", ":", "_", "+a", ">a", "<a", "a.", "a..", "*a", "%a", "?a", "a:a", "a_a", "aAz", "~a", "|a", "a0a", "a9",
        "/a", "a ", "#a", "0a", "0 a", "'a", "(a", "@a",
    ];
    for v in good {
        assert!(ok(&is_relaxed_env_var_name(v)), "{v:?}");
    }
    let bad = ["", "=", "a=", "1=a", "a=b", "#%=&&", "\u{1}abc", "\u{82}abc", "Ç ç", "Ä ä", "Ñ ñ", "Ø ø", "a\u{7f}"];
    for v in bad {
        assert!(!ok(&is_relaxed_env_var_name(v)), "{v:?}");
    }
    assert_eq!(is_relaxed_env_var_name(""), vec!["environment variable name must be non-empty"]);
    assert_eq!(
        is_relaxed_env_var_name("a=b"),
        vec!["a valid environment variable name must consist only of printable ASCII characters other than '='"]
    );
}

// Ported from pkg/apis/meta/v1/validation TestValidateLabels and
// pkg/api/validation TestValidateAnnotations.

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

#[test]
fn validate_labels_table() {
    let path = FieldPath::root("field");
    let good = [
        json!({"simple": "bar"}),
        json!({"now-with-dashes": "bar"}),
        json!({"1-starts-with-num": "bar"}),
        json!({"1234": "bar"}),
        json!({"simple/simple": "bar"}),
        json!({"now-with-dashes/simple": "bar"}),
        json!({"now-with-dashes/now-with-dashes": "bar"}),
        json!({"now.with.dots/simple": "bar"}),
        json!({"now-with.dashes-and.dots/simple": "bar"}),
        json!({"1-num.2-num/3-num": "bar"}),
        json!({"1234/5678": "bar"}),
        json!({"1.2.3.4/5678": "bar"}),
        json!({"UpperCaseAreOK123": "bar"}),
        json!({"goodvalue": "123_-.BaR"}),
    ];
    for m in good {
        assert!(validate_labels(&obj(m.clone()), &path).is_empty(), "{m}");
    }
    let bad: [(Value, &str); 8] = [
        (json!({"nospecialchars^=@": "bar"}), "name part must consist of"),
        (json!({"cantendwithadash-": "bar"}), "name part must consist of"),
        (json!({"only/one/slash": "bar"}), "a qualified name must consist of"),
        (json!({a(254): "bar"}), "must be no more than"),
        (json!({"toolongvalue": a(64)}), "must be no more than"),
        (json!({"backslashesinvalue": "some\\bad\\value"}), "a valid label must be an empty string or consist of"),
        (json!({"nocommasallowed": "bad,value"}), "a valid label must be an empty string or consist of"),
        (json!({"strangecharsinvalue": "?#$notsogood"}), "a valid label must be an empty string or consist of"),
    ];
    for (m, want) in bad {
        let errs = validate_labels(&obj(m.clone()), &path);
        assert_eq!(errs.len(), 1, "{m}: {errs:?}");
        assert!(errs[0].detail.contains(want), "{m}: {}", errs[0]);
    }
}

#[test]
fn validate_labels_messages_and_types() {
    let path = FieldPath::root("spec").child("selector").child("matchLabels");
    let errs = validate_labels(&obj(json!({"a b": "x y", "ok": 5, "n": null, "l": ["x"]})), &path);
    let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert_eq!(text, vec![
        format!("spec.selector.matchLabels: Invalid value: \"a b\": {NAME_PART_REGEX_MSG}"),
        "spec.selector.matchLabels: Invalid value: \"x y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')".to_string(),
        "spec.selector.matchLabels[ok]: Invalid type: expected a string, got number 5".to_string(),
        "spec.selector.matchLabels[l]: Invalid type: expected a string, got a list".to_string(),
    ]);
}

#[test]
fn validate_annotations_table() {
    let path = FieldPath::root("metadata").child("annotations");
    let limit = TOTAL_ANNOTATION_SIZE_LIMIT_B;
    let good = [
        json!({"simple": "bar"}),
        json!({"now-with-dashes/simple": "bar"}),
        json!({"1.2.3.4/5678": "bar"}),
        json!({"UpperCase123": "bar"}),
        // Upper case in the prefix is fine for annotations (lower-cased first), not for labels.
        json!({"Example.COM/Key": "x"}),
        json!({"a": "b".repeat(limit - 1)}),
        json!({"a": "b".repeat(limit / 2 - 1), "c": "d".repeat(limit / 2 - 1)}),
    ];
    for m in good {
        assert!(validate_annotations(&obj(m), &path).is_empty());
    }
    assert!(!validate_labels(&obj(json!({"Example.COM/Key": "x"})), &path).is_empty());
    let bad = [
        (json!({"nospecialchars^=@": "bar"}), "name part must consist of"),
        (json!({"cantendwithadash-": "bar"}), "name part must consist of"),
        (json!({"only/one/slash": "bar"}), "a qualified name must consist of"),
        (json!({a(254): "bar"}), "must be no more than"),
    ];
    for (m, want) in bad {
        let errs = validate_annotations(&obj(m.clone()), &path);
        assert_eq!(errs.len(), 1, "{m}");
        assert!(errs[0].detail.contains(want), "{}", errs[0]);
    }
    for m in [json!({"a": "b".repeat(limit)}), json!({"a": "b".repeat(limit / 2), "c": "d".repeat(limit / 2)})] {
        let errs = validate_annotations(&obj(m), &path);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].to_string(), "metadata.annotations: Too long: may not be more than 262144 bytes");
    }
    // The message quotes the key as written, not lower-cased.
    let errs = validate_annotations(&obj(json!({"Bad Key": "v"})), &path);
    assert_eq!(errs[0].to_string(), format!("metadata.annotations: Invalid value: \"Bad Key\": {NAME_PART_REGEX_MSG}"));
    let errs = validate_annotations(&obj(json!({"k": {"nested": true}})), &path);
    assert_eq!(errs[0].to_string(), "metadata.annotations[k]: Invalid type: expected a string, got an object");
    // null is Go's "": valid, and only the key counts towards the size.
    assert!(validate_annotations(&obj(json!({"k": null})), &path).is_empty());
    let errs = validate_annotations(&obj(json!({"a": null, "b": "x".repeat(limit - 1)})), &path);
    assert_eq!(errs.len(), 1, "{errs:?}");
}

#[test]
fn go_lowercase_keeps_go_byte_lengths() {
    assert_eq!(to_lower("ABC/Def"), "abc/def");
    // Go maps İ (2 bytes) to a plain i (1 byte); Rust's full mapping would add U+0307.
    assert_eq!(to_lower("İ"), "i");
    assert_eq!(to_lower("ÀΣ"), "àσ");
}

#[test]
fn no_panic_on_odd_strings() {
    let odd = [
        "",
        "/",
        "//",
        "///",
        "a/",
        "/a",
        ".",
        "..",
        "-",
        "é",
        "é/é",
        "日本語",
        "\u{0}",
        "\u{10FFFF}",
        "a\u{301}",
        "İ/İ",
        "🦀",
        "\n",
        "a/b/c/d/e/f",
    ];
    for s in odd {
        let _ = is_qualified_name(s);
        let _ = is_valid_label_value(s);
        let _ = is_dns1123_label(s);
        let _ = is_dns1123_subdomain(s);
        let _ = is_dns1035_label(s);
        let _ = is_c_identifier(s);
        let _ = is_env_var_name(s);
        let _ = is_relaxed_env_var_name(s);
        let _ = is_valid_port_name(s);
        let _ = to_lower(s);
    }
    let long = "é".repeat(300);
    assert!(!is_qualified_name(&long).is_empty());
    assert!(!is_dns1123_subdomain(&long).is_empty());
}
