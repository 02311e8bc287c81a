use super::*;

use MergePatchError::{BadDoc, BadPatch};

/// (document, patch, expected result). Every expectation below was produced by running
/// the real evanphx/json-patch v5.6.0 `MergePatch` on the same inputs.
type Case = (&'static str, &'static str, Result<&'static str, MergePatchError>);

fn check(cases: &[Case]) {
    for (doc, patch, want) in cases {
        let got = merge_patch(doc, patch);
        assert_eq!(got.as_deref().map_err(|e| *e), *want, "merge_patch({doc:?}, {patch:?})");
    }
}

/// Vectors of evanphx's merge_test.go (the `MergePatch` tests, the inputs of its
/// `MergeMergePatches` table run through `MergePatch`, and the RFC 7386 Appendix A
/// examples). The Go tests compare semantically; here the exact bytes are pinned.
const EVANPHX: &[Case] = &[
    (r#"{ "title": "hello" }"#, r#"{ "title": "goodbye" }"#, Ok(r#"{"title":"goodbye"}"#)),
    (r#"{ "title": "hello", "age": 18 }"#, r#"{ "title": "goodbye" }"#, Ok(r#"{"age":18,"title":"goodbye"}"#)),
    (r#"{ "title": null }"#, r#"{ "title": {"foo": "bar"} }"#, Ok(r#"{"title":{"foo":"bar"}}"#)),
    (r#"{"a": [ {"b":"c"} ] }"#, r#"{"a": [1]}"#, Ok(r#"{"a":[1]}"#)),
    (r#"{"a": [ {"b":"c"} ] }"#, r#"{"a": [null, 1]}"#, Ok(r#"{"a":[null,1]}"#)),
    (r#"["a",null]"#, r#"[null]"#, Ok(r#"[null]"#)),
    (r#"["a"]"#, r#"[null]"#, Ok(r#"[null]"#)),
    (r#"["a", "b"]"#, r#"["a", null]"#, Ok(r#"["a",null]"#)),
    (r#"{"a":["b"]}"#, r#"{"a": ["b", null]}"#, Ok(r#"{"a":["b",null]}"#)),
    (r#"{"a":[]}"#, r#"{"a": ["b", null, null, "a"]}"#, Ok(r#"{"a":["b",null,null,"a"]}"#)),
    (
        r#"{ "person": { "title": "hello", "age": 18 } }"#,
        r#"{ "person": { "title": "goodbye" } }"#,
        Ok(r#"{"person":{"age":18,"title":"goodbye"}}"#),
    ),
    (r#"[1]"#, r#"[2]"#, Ok(r#"[2]"#)),
    (r#"{ "a": 1 }"#, r#"[2]"#, Ok(r#"[2]"#)),
    (r#"[1]"#, r#"{ "a": 1 }"#, Ok(r#"{"a":1}"#)),
    (r#"{ "a": 1, "b": 1 }"#, r#"{ "a": 2 }"#, Ok(r#"{"a":2,"b":1}"#)),
    (r#"[[[["#, r#"1"#, Err(BadDoc)),
    (r#"1"#, r#"[[[["#, Err(BadPatch)),
    (r#"{ "array": ["one", "two"] }"#, r#"{ "array": [] }"#, Ok(r#"{"array":[]}"#)),
    (r#"{"a":"b"}"#, r#"{"a":"c"}"#, Ok(r#"{"a":"c"}"#)),
    (r#"{"a":"b"}"#, r#"{"b":"c"}"#, Ok(r#"{"a":"b","b":"c"}"#)),
    (r#"{"a":"b"}"#, r#"{"a":null}"#, Ok(r#"{}"#)),
    (r#"{"a":"b","b":"c"}"#, r#"{"a":null}"#, Ok(r#"{"b":"c"}"#)),
    (r#"{"a":["b"]}"#, r#"{"a":"c"}"#, Ok(r#"{"a":"c"}"#)),
    (r#"{"a":"c"}"#, r#"{"a":["b"]}"#, Ok(r#"{"a":["b"]}"#)),
    (r#"{"a":{"b": "c"}}"#, r#"{"a": {"b": "d","c": null}}"#, Ok(r#"{"a":{"b":"d"}}"#)),
    (r#"{"a":[{"b":"c"}]}"#, r#"{"a":[1]}"#, Ok(r#"{"a":[1]}"#)),
    (r#"["a","b"]"#, r#"["c","d"]"#, Ok(r#"["c","d"]"#)),
    (r#"{"a":"b"}"#, r#"["c"]"#, Ok(r#"["c"]"#)),
    (r#"{"e":null}"#, r#"{"a":1}"#, Ok(r#"{"a":1,"e":null}"#)),
    (r#"[1,2]"#, r#"{"a":"b","c":null}"#, Ok(r#"{"a":"b"}"#)),
    (r#"{}"#, r#"{"a":{"bb":{"ccc":null}}}"#, Ok(r#"{"a":{"bb":{}}}"#)),
    (r#"{"a":"foo"}"#, r#"null"#, Err(BadPatch)),
    (r#"{"a":"foo"}"#, r#""bar""#, Err(BadPatch)),
    (
        r#"{ "obj": { "title/escaped": "hello" } }"#,
        r#"{ "obj": { "title/escaped": "goodbye" } }"#,
        Ok(r#"{"obj":{"title/escaped":"goodbye"}}"#),
    ),
    (r#"{"add1": 1}"#, r#"{"add2": 2}"#, Ok(r#"{"add1":1,"add2":2}"#)),
    (r#"{"del1": null}"#, r#"{"del2": null}"#, Ok(r#"{"del1":null}"#)),
    (
        r#"{}"#,
        r#"{"request":{"object":{"complex_object_array":["value1","value2","value3"],"complex_object_map":{"key1":"value1","key2":"value2","key3":"value3"},"simple_object_bool":false,"simple_object_float":-5.5,"simple_object_int":5,"simple_object_null":null,"simple_object_string":"example"}}}"#,
        Ok(
            r#"{"request":{"object":{"complex_object_array":["value1","value2","value3"],"complex_object_map":{"key1":"value1","key2":"value2","key3":"value3"},"simple_object_bool":false,"simple_object_float":-5.5,"simple_object_int":5,"simple_object_string":"example"}}}"#,
        ),
    ),
    (r#"{"add_then_delete": "atd"}"#, r#"{"add_then_delete": null}"#, Ok(r#"{}"#)),
    (r#"{"delete_then_add": null}"#, r#"{"delete_then_add": "dta"}"#, Ok(r#"{"delete_then_add":"dta"}"#)),
    (r#"[]"#, r#"{"del": null, "add": "a"}"#, Ok(r#"{"add":"a"}"#)),
    (r#"{"del": null, "add": "a"}"#, r#"[]"#, Ok(r#"[]"#)),
    (r#"{"a":"foo"}"#, r#""bar""#, Err(BadPatch)),
    (r#"{"a":"foo"}"#, r#"null"#, Err(BadPatch)),
    (
        r#"{"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"}"#,
        r#"{"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]}"#,
        Ok(
            r#"{"author":{"givenName":"John"},"content":"This will be unchanged","phoneNumber":"+01-123-456-7890","tags":["example"],"title":"Hello!"}"#,
        ),
    ),
];

/// Kruise's TestPatchPodMetadata `MergePatchJson` cases.
const KRUISE: &[Case] = &[
    (r#"{"log-agent":1}"#, r#"{"envoy":2}"#, Ok(r#"{"envoy":2,"log-agent":1}"#)),
    (r#"{"log-agent":1}"#, r#"{"log-agent":1}"#, Ok(r#"{"log-agent":1}"#)),
];

/// Spelling of the output: compaction of untouched values, key order, escaping, and
/// which values the lazy-node model decodes (and so sorts and prunes) or leaves raw.
const BYTES: &[Case] = &[
    ("{ \"a\" : [ 1 , 2 ] ,\n\t\"b\" : { \"c\" : \"d e\" } }", r#"{}"#, Ok(r#"{"a":[1,2],"b":{"c":"d e"}}"#)),
    (
        r#"{"a":1.50,"b":1e2,"c":-0,"d":1E+2,"e":12345678901234567890123456789012345678901234567890}"#,
        r#"{"f":-1.5e-300}"#,
        Ok(
            r#"{"a":1.50,"b":1e2,"c":-0,"d":1E+2,"e":12345678901234567890123456789012345678901234567890,"f":-1.5e-300}"#,
        ),
    ),
    (r#"{"a":"\u0041\/\n\b"}"#, r#"{"b":"\u0042"}"#, Ok(r#"{"a":"\u0041\/\n\b","b":"\u0042"}"#)),
    (
        "{\"a\":\"<b>&amp;\u{2028}\u{2029}\"}",
        r#"{"b":"<\u003c"}"#,
        Ok(r#"{"a":"\u003cb\u003e\u0026amp;\u2028\u2029","b":"\u003c\u003c"}"#),
    ),
    (
        r#"{"z":{"y":1,"x":2},"b":{"d":1,"c":2}}"#,
        r#"{"b":{"e":3},"a":{"k":1,"j":2}}"#,
        Ok(r#"{"a":{"j":2,"k":1},"b":{"c":2,"d":1,"e":3},"z":{"y":1,"x":2}}"#),
    ),
    (r#"{"z":{"y":1,"x":2}}"#, r#"{"z":{}}"#, Ok(r#"{"z":{"x":2,"y":1}}"#)),
    (r#"{"a":{"x":1,"x":2}}"#, r#"{"b":1}"#, Ok(r#"{"a":{"x":1,"x":2},"b":1}"#)),
    (r#"{"a":{"x":1,"x":2}}"#, r#"{"a":{}}"#, Ok(r#"{"a":{"x":2}}"#)),
    (r#"{"a":1,"a":2}"#, r#"{}"#, Ok(r#"{"a":2}"#)),
    (r#"{"a":1}"#, r#"{"a":2,"a":null}"#, Ok(r#"{}"#)),
    (r#"{"a":1}"#, r#"{"a":null,"a":3}"#, Ok(r#"{"a":3}"#)),
    (r#"{"\u0062":1,"a":2}"#, r#"{}"#, Ok(r#"{"a":2,"b":1}"#)),
    (r#"{"b":1,"\u0062":2}"#, r#"{}"#, Ok(r#"{"b":2}"#)),
    (r#"{"<":1,"&":2,">":3}"#, r#"{}"#, Ok(r#"{"\u0026":2,"\u003c":1,"\u003e":3}"#)),
    (
        r#"{}"#,
        r#"{"\u00e9":1,"\ud83d\ude00":2,"\ud800":3,"\udc00x":4,"\ud800\u0041":5}"#,
        Ok("{\"é\":1,\"\u{fffd}\":3,\"\u{fffd}A\":5,\"\u{fffd}x\":4,\"😀\":2}"),
    ),
    (
        r#"{}"#,
        r#"{"\"\\\/\n\r\t\u0000\u001f\u007f\u2028":1}"#,
        Ok("{\"\\\"\\\\/\\n\\r\\t\\u0000\\u001f\u{7f}\\u2028\":1}"),
    ),
    (r#"{"a":{"x":1}}"#, r#"{"a":[{"b":null}]}"#, Ok(r#"{"a":[{"b":null}]}"#)),
    (r#"{"a":1}"#, r#"{"a":[{"b":null}]}"#, Ok(r#"{"a":[{}]}"#)),
    (r#"{}"#, r#"{"a":[{"c":null, "b" : 1},null,[{"d":null}]]}"#, Ok(r#"{"a":[{"b":1},null,[{}]]}"#)),
    (r#"{}"#, r#"[{"b":null, "a":1}, null, "<"]"#, Ok(r#"[{"a":1},null,"\u003c"]"#)),
    (r#"1"#, r#"{"a":null,"b":{"d":1,"c":null}}"#, Ok(r#"{"b":{"d":1}}"#)),
    (r#""x""#, r#"[ 1 ]"#, Ok(r#"[1]"#)),
    (
        r#"{"a":{"b":{"c":{"d":1,"e":2}}}}"#,
        r#"{"a":{"b":{"c":{"e":null,"f":{ "h":1,"g":null}}}}}"#,
        Ok(r#"{"a":{"b":{"c":{"d":1,"f":{"h":1}}}}}"#),
    ),
    (r#"{"a":{"b":[1, 2]}}"#, r#"{"a":{"b":{"c":null}}}"#, Ok(r#"{"a":{"b":{}}}"#)),
    (r#"{"a":[ 1 ]}"#, r#"{"a":{"c":null, "b": 2}}"#, Ok(r#"{"a":{"b":2}}"#)),
    (r#"{"a":null}"#, r#"{"a":{"c":null}}"#, Ok(r#"{"a":{}}"#)),
    (r#"{"a":{"c": 1 }}"#, r#"{"a":"s"}"#, Ok(r#"{"a":"s"}"#)),
    (r#"{"a":{"c":1}}"#, r#"{"a":null}"#, Ok(r#"{}"#)),
    (r#"{"é":1,"z":2,"Z":3,"aa":4,"a":5,"":6}"#, r#"{}"#, Ok(r#"{"":6,"Z":3,"a":5,"aa":4,"z":2,"é":1}"#)),
    (r#" {"a":1} "#, r#" {"b":2} "#, Ok(r#"{"a":1,"b":2}"#)),
    (r#"{"a":"x"}"#, r#"{"a":"\ud800"}"#, Ok(r#"{"a":"\ud800"}"#)),
];

/// Error paths and their precedence: document syntax, patch syntax, null document,
/// null patch, then a patch that is neither object nor array.
const ERRORS: &[Case] = &[
    (r#""#, r#"{}"#, Err(BadDoc)),
    (r#"{}"#, r#""#, Err(BadPatch)),
    (r#" "#, r#"{}"#, Err(BadDoc)),
    (r#"{}"#, "\n", Err(BadPatch)),
    (r#"{} x"#, r#"{}"#, Err(BadDoc)),
    (r#"{}"#, r#"{}{}"#, Err(BadPatch)),
    (r#"{}"#, r#"{} 1"#, Err(BadPatch)),
    (r#"null"#, r#"{}"#, Err(BadDoc)),
    (r#"{}"#, r#"null"#, Err(BadPatch)),
    (r#" null "#, r#"[]"#, Err(BadDoc)),
    (r#"null"#, r#"["#, Err(BadPatch)),
    (r#"["#, r#"null"#, Err(BadDoc)),
    (r#"null"#, r#"null"#, Err(BadDoc)),
    (r#"{}"#, r#""bar""#, Err(BadPatch)),
    (r#"{}"#, r#"1"#, Err(BadPatch)),
    (r#"{}"#, r#"true"#, Err(BadPatch)),
    (r#"1"#, r#"2"#, Err(BadPatch)),
    (r#"{"a":01}"#, r#"{}"#, Err(BadDoc)),
    (r#"{"a":1.}"#, r#"{}"#, Err(BadDoc)),
    (r#"{"a":-}"#, r#"{}"#, Err(BadDoc)),
    (r#"{"a":.5}"#, r#"{}"#, Err(BadDoc)),
    (r#"{"a":+1}"#, r#"{}"#, Err(BadDoc)),
    (r#"{"a":1e}"#, r#"{}"#, Err(BadDoc)),
    (r#"{"a":1e+}"#, r#"{}"#, Err(BadDoc)),
    (r#"{"a":1,}"#, r#"{}"#, Err(BadDoc)),
    (r#"{}"#, r#"[1,]"#, Err(BadPatch)),
    (r#"{'a':1}"#, r#"{}"#, Err(BadDoc)),
    (r#"{"a":"\x"}"#, r#"{}"#, Err(BadDoc)),
    (r#"{"a":"\u12"}"#, r#"{}"#, Err(BadDoc)),
    ("{\"a\":\"x\ty\"}", r#"{}"#, Err(BadDoc)),
    (r#"{"a":tru}"#, r#"{}"#, Err(BadDoc)),
    (r#"{"a":truex}"#, r#"{}"#, Err(BadDoc)),
    ("\u{feff}{}", r#"{}"#, Err(BadDoc)),
    (r#"{"a":NaN}"#, r#"{}"#, Err(BadDoc)),
    (r#"{"a" 1}"#, r#"{}"#, Err(BadDoc)),
    (r#"{"a":1 "b":2}"#, r#"{}"#, Err(BadDoc)),
    (r#"{a:1}"#, r#"{}"#, Err(BadDoc)),
    (r#"{"a":1]"#, r#"{}"#, Err(BadDoc)),
    (r#"[1}"#, r#"{}"#, Err(BadDoc)),
    (r#"{}"#, r#"{"a":[1}"#, Err(BadPatch)),
    (r#"{}"#, r#"{"a":"\ud800"#, Err(BadPatch)),
    (r#"{"a":1}"#, "{\"a\":\u{a0} 1}", Err(BadPatch)),
];

#[test]
fn evanphx_vectors() {
    check(EVANPHX);
}

#[test]
fn kruise_vectors() {
    check(KRUISE);
}

#[test]
fn byte_exact_vectors() {
    check(BYTES);
}

#[test]
fn error_vectors() {
    check(ERRORS);
}

#[test]
fn keys_use_short_escapes_of_current_go() {
    // Kruise is built with Go >= 1.22, whose encoder writes U+0008 and U+000C in
    // re-marshalled keys as `\b` and `\f`; untouched values keep their spelling.
    check(&[(r#"{"\b\f\u0008\u000c":"\u0008"}"#, "{}", Ok(r#"{"\b\f\b\f":"\u0008"}"#))]);
}

#[test]
fn error_texts_are_go_texts() {
    assert_eq!(BadDoc.to_string(), "Invalid JSON Document");
    assert_eq!(BadPatch.to_string(), "Invalid JSON Patch");
}

fn nested(open: &str, close: &str, depth: usize, inner: &str) -> String {
    let mut s = open.repeat(depth);
    s.push_str(inner);
    s.push_str(&close.repeat(depth));
    s
}

#[test]
fn nesting_limit_is_gos() {
    // Go's scanner accepts 10000 levels and rejects 10001, for either input.
    let ok = nested("[", "]", MAX_NESTING_DEPTH, "");
    let too_deep = nested("[", "]", MAX_NESTING_DEPTH + 1, "");
    assert_eq!(merge_patch("{}", &ok).as_deref(), Ok(ok.as_str()));
    assert_eq!(merge_patch("{}", &too_deep), Err(BadPatch));
    assert_eq!(merge_patch(&too_deep, "{}"), Err(BadDoc));
    // An array at the limit counts the array itself: `{"a":[...]}` nests one more.
    let member = format!(r#"{{"a":{}}}"#, nested("[", "]", MAX_NESTING_DEPTH - 1, ""));
    assert_eq!(merge_patch("{}", &member).as_deref(), Ok(member.as_str()));
    let member = format!(r#"{{"a":{}}}"#, ok);
    assert_eq!(merge_patch("{}", &member), Err(BadPatch));
}

#[test]
fn deep_values_merge_prune_and_write_without_recursion() {
    // Full-depth objects on both sides: the merge, the pruning and the writing each
    // walk 10000 levels.
    let depth = MAX_NESTING_DEPTH;
    let doc = nested(r#"{"a":"#, "}", depth - 2, r#"{"x":1,"n":null}"#);
    let patch = nested(r#"{"a":"#, "}", depth - 2, r#"{"y":{"z":null},"x":null}"#);
    let want = nested(r#"{"a":"#, "}", depth - 2, r#"{"n":null,"y":{}}"#);
    assert_eq!(merge_patch(&doc, &patch), Ok(want));
    // A deep patch array of objects is pruned all the way down.
    let patch = nested(r#"[{"b":null,"a":"#, "}]", depth / 2, "1");
    let want = nested(r#"[{"a":"#, "}]", depth / 2, "1");
    assert_eq!(merge_patch("{}", &patch), Ok(want));
}

#[test]
fn no_panic_sweep() {
    let huge = "9".repeat(100_000);
    let deep_open = "[".repeat(100_000);
    let deep_arrays = nested("[", "]", 100_000, "");
    let deep_objects = nested(r#"{"a":"#, "}", 100_000, "1");
    let inputs: Vec<String> = vec![
        deep_open,
        deep_arrays,
        deep_objects,
        "{".repeat(100_000),
        format!("{{\"a\":{huge}}}"),
        format!("{{\"a\":-{huge}.{huge}e-{huge}}}"),
        format!("[{huge}]"),
        r#"{"\ud800":"\ud800"}"#.to_owned(),
        r#"{"\udfff\ud800":"\udc00\ud800"}"#.to_owned(),
        r#"{"\ud800\u":1}"#.to_owned(),
        r#"{"\ud800\"}"#.to_owned(),
        "\"\\".to_owned(),
        "\"\\u".to_owned(),
        "{\"é\u{2028}😀\":\"é\u{2028}😀\"}".to_owned(),
        "[\"\u{0}\"]".to_owned(),
    ];
    // Every prefix of a value that exercises every token kind: each must be an error
    // (only the whole text is valid) and none may panic on a character boundary.
    let full = r#" {"k\u00e9\ud83d\ude00":[1.5e+3,-0,true,false,null,"s\"\/é😀"],"o":{"p":{}} } "#;
    let prefixes = full.char_indices().map(|(at, _)| at).filter_map(|at| full.get(..at)).map(str::to_owned);
    let others = ["{}", r#"{"a":{"b":1}}"#, "[1]", "1", "null", ""];
    for input in inputs.iter().cloned().chain(prefixes) {
        for other in others {
            let _ = merge_patch(&input, other);
            let _ = merge_patch(other, &input);
        }
        let _ = merge_patch(&input, &input);
    }
    for (at, _) in full.char_indices().skip(1).filter(|(at, _)| *at < full.len() - 1) {
        let prefix = full.get(..at).unwrap_or_default();
        assert_eq!(merge_patch(prefix, "{}"), Err(BadDoc), "prefix {prefix:?}");
        assert_eq!(merge_patch("{}", prefix), Err(BadPatch), "prefix {prefix:?}");
    }
    assert!(merge_patch(full, full).is_ok());
}
