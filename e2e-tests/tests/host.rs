//! The host itself, exercised through the test guest: settings validation, the envelope the
//! guest receives, response conversion, deadline, traps, DELETE guard, logging, Kubernetes
//! fixtures, memory limit and fresh instances.

mod common;

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use sidecarset_e2e::kube_fixtures::ResourceAccess;
use sidecarset_e2e::{
    ContextAwareResource, Deadline, HostConfig, KubeContext, LogConfig, LogLevel, PolicyModule, PolicySettings,
    PreparedValidation, ValidateRequest,
};

fn quiet_config() -> HostConfig {
    HostConfig { log: LogConfig::quiet(), ..HostConfig::default() }
}

/// One module with the default configuration, shared by the tests that need nothing special.
fn module() -> &'static PolicyModule {
    static MODULE: OnceLock<PolicyModule> = OnceLock::new();
    MODULE.get_or_init(|| PolicyModule::from_file(common::guest_wasm(), quiet_config()).unwrap())
}

fn settings(value: Value) -> PolicySettings {
    PolicySettings::from_value(&value).unwrap()
}

fn request() -> ValidateRequest {
    ValidateRequest::from_json(&common::pod_request(), false).unwrap()
}

fn evaluate(module: &PolicyModule, value: Value) -> sidecarset_e2e::Evaluation {
    module.validate(&request(), &settings(value)).unwrap()
}

fn line(module: &PolicyModule, value: Value) -> String {
    evaluate(module, value).response.to_json_line().unwrap()
}

const UID: &str = "1299d386-525b-4032-98ae-1949f69f9cfc";

#[test]
fn protocol_version() {
    assert_eq!(module().protocol_version().unwrap(), "v1");
}

#[test]
fn settings_validation() {
    let m = module();
    let valid = m.validate_settings(&settings(json!({"behaviour": "mutate"}))).unwrap();
    assert!(valid.valid);
    let invalid = m.validate_settings(&settings(json!({"settingsBehaviour": "invalid", "message": "nope"}))).unwrap();
    assert_eq!((invalid.valid, invalid.message.as_deref()), (false, Some("nope")));
    let unknown = m.validate_settings(&settings(json!({"behaviour": "dance"}))).unwrap();
    assert_eq!(unknown.message.as_deref(), Some("unknown behaviour: dance"));
    let garbage = m.validate_settings(&settings(json!({"settingsBehaviour": "garbage"}))).unwrap();
    assert_eq!(
        garbage.message.as_deref(),
        Some(r#"error: InvalidResponseWithError(Error("expected value", line: 1, column: 1))"#)
    );
    let trap = m.validate_settings(&settings(json!({"settingsBehaviour": "trap"}))).unwrap();
    assert!(!trap.valid);
    assert!(
        trap.message.as_deref().unwrap().starts_with("Error invoking settings validation callback: GuestCallFailure("),
        "{trap:?}"
    );
}

#[test]
fn accepted_response_line() {
    assert_eq!(
        line(module(), json!({})),
        format!(r#"{{"uid":"{UID}","allowed":true,"auditAnnotations":null,"warnings":null}}"#)
    );
}

#[test]
fn guest_receives_normalised_sorted_envelope() {
    let mut input = common::pod_request();
    input["unknownField"] = json!("dropped");
    input["dryRun"] = Value::Null;
    input["userInfo"]["extraUnknown"] = json!(1);
    let review = json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": input});
    let request = ValidateRequest::from_json(&review, false).unwrap();
    let evaluation =
        module().validate(&request, &settings(json!({"z": 1, "behaviour": "echo", "a": {"y": 2, "b": 3}}))).unwrap();
    let echoed = evaluation.response.message().unwrap().to_owned();
    let expected_request = r#"{"kind":{"group":"","kind":"Pod","version":"v1"},"name":"nginx","namespace":"default","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"nginx","namespace":"default"},"spec":{"containers":[{"image":"nginx","name":"nginx"}]}},"operation":"CREATE","requestKind":{"group":"","kind":"Pod","version":"v1"},"requestResource":{"group":"","resource":"pods","version":"v1"},"resource":{"group":"","resource":"pods","version":"v1"},"uid":"1299d386-525b-4032-98ae-1949f69f9cfc","userInfo":{"groups":["system:masters","system:authenticated"],"username":"kubernetes-admin"}}"#;
    assert_eq!(
        echoed,
        format!(r#"{{"request":{expected_request},"settings":{{"a":{{"b":3,"y":2}},"behaviour":"echo","z":1}}}}"#)
    );
}

#[test]
fn raw_request_is_sent_verbatim() {
    let raw = json!({"uid": "raw-1", "anything": {"nested": [1, 2]}});
    let request = ValidateRequest::from_json(&raw, true).unwrap();
    let evaluation = module().validate(&request, &settings(json!({"behaviour": "echo"}))).unwrap();
    assert_eq!(evaluation.response.uid, "raw-1");
    assert_eq!(
        evaluation.response.message().unwrap(),
        r#"{"request":{"anything":{"nested":[1,2]},"uid":"raw-1"},"settings":{"behaviour":"echo"}}"#
    );
}

#[test]
fn rejection_line() {
    assert_eq!(
        line(module(), json!({"behaviour": "reject", "message": "bad name", "code": 403})),
        format!(
            r#"{{"uid":"{UID}","allowed":false,"status":{{"message":"bad name","code":403}},"auditAnnotations":{{"test-guest":"rejected"}},"warnings":["test warning"]}}"#
        )
    );
}

#[test]
fn mutation_becomes_a_json_patch() {
    let response = evaluate(module(), json!({"behaviour": "mutate"})).response;
    assert!(response.allowed);
    let patch = base64::engine::general_purpose::STANDARD.decode(response.patch.as_deref().unwrap()).unwrap();
    assert_eq!(
        String::from_utf8(patch).unwrap(),
        r#"[{"op":"add","path":"/metadata/labels","value":{"test-guest":"mutated"}}]"#
    );
    let text = response.to_json_line().unwrap();
    assert!(text.contains(r#""allowed":true,"patchType":"JSONPatch","patch":""#), "{text}");
}

#[test]
fn unchanged_mutated_object_gives_no_patch() {
    assert_eq!(
        line(module(), json!({"behaviour": "mutate_noop"})),
        format!(r#"{{"uid":"{UID}","allowed":true,"auditAnnotations":null,"warnings":null}}"#)
    );
}

#[test]
fn delete_mutation_is_refused() {
    let mut input = common::pod_request();
    input["operation"] = json!("DELETE");
    input["oldObject"] = input["object"].take();
    let request = ValidateRequest::from_json(&input, false).unwrap();
    let response = module().validate(&request, &settings(json!({"behaviour": "mutate_delete"}))).unwrap().response;
    assert_eq!(
        response.to_json_line().unwrap(),
        format!(
            r#"{{"uid":"{UID}","allowed":false,"status":{{"message":"Incoming object is null, which happens only with DELETE operations, but the policy is attempting a mutation. This is not allowed"}},"auditAnnotations":null,"warnings":null}}"#
        )
    );
}

#[test]
fn guest_failures_are_internal_server_errors() {
    let m = module();
    let trap = evaluate(m, json!({"behaviour": "trap"})).response;
    assert!(!trap.allowed);
    assert_eq!(trap.code(), Some(500));
    assert!(trap.message().unwrap().starts_with("internal server error: Guest call failure: "), "{trap:?}");
    let error = evaluate(m, json!({"behaviour": "guest_error"})).response;
    assert_eq!(error.message(), Some("internal server error: Guest call failure: guest error from the test guest"));
    let bad = evaluate(m, json!({"behaviour": "bad_response"})).response;
    assert_eq!(
        bad.message(),
        Some("internal server error: invalid response from policy: expected ident at line 1 column 2")
    );
}

#[test]
fn every_call_gets_a_fresh_instance() {
    for _ in 0..3 {
        let response = evaluate(module(), json!({"behaviour": "count"})).response;
        assert_eq!(response.message(), Some("1"));
    }
    // The same instance, called twice, does keep state: the host is what makes them fresh.
    let instance = module().instantiate().unwrap();
    let payload = PreparedValidation::new(&request(), &settings(json!({"behaviour": "count"}))).unwrap();
    instance.call("validate", payload.payload()).unwrap();
    let second: Value = serde_json::from_slice(&instance.call("validate", payload.payload()).unwrap()).unwrap();
    assert_eq!(second["message"], "2");
}

fn fast_deadline(ticks: u64) -> HostConfig {
    HostConfig { deadline: Some(Deadline { ticks, tick: Duration::from_millis(20) }), ..quiet_config() }
}

#[test]
fn spinning_guest_hits_the_deadline() {
    let m = PolicyModule::from_file(common::guest_wasm(), fast_deadline(10)).unwrap();
    let started = Instant::now();
    let response = evaluate(&m, json!({"behaviour": "spin"})).response;
    let elapsed = started.elapsed();
    assert_eq!(
        response.to_json_line().unwrap(),
        format!(
            r#"{{"uid":"{UID}","allowed":false,"status":{{"message":"Policy execution interrupted because it exceeded the allowed execution time","code":500}},"auditAnnotations":null,"warnings":null}}"#
        )
    );
    assert!(elapsed >= Duration::from_millis(160), "interrupted too early: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "interrupted too late: {elapsed:?}");
    // The next evaluation starts from a clean instance and is not affected.
    assert!(evaluate(&m, json!({})).response.allowed);
}

#[test]
fn policy_server_default_is_two_one_second_ticks() {
    assert_eq!(Deadline::default(), Deadline { ticks: 2, tick: Duration::from_secs(1) });
    let config = HostConfig { deadline: Some(Deadline::seconds(1)), ..quiet_config() };
    let m = PolicyModule::from_file(common::guest_wasm(), config).unwrap();
    let started = Instant::now();
    let response = evaluate(&m, json!({"behaviour": "spin"})).response;
    assert_eq!(response.code(), Some(500));
    assert!(started.elapsed() <= Duration::from_millis(1500), "{:?}", started.elapsed());
}

#[test]
fn deadline_applies_to_init_too() {
    // Zero ticks: wapc_init is interrupted at its first epoch check.
    let m = PolicyModule::from_file(common::guest_wasm(), fast_deadline(0)).unwrap();
    let response = evaluate(&m, json!({})).response;
    assert_eq!(response.message(), Some("Policy execution interrupted because it exceeded the allowed execution time"));
    assert_eq!(response.code(), Some(500));
    let err = m.validate_settings(&settings(json!({}))).unwrap_err();
    assert!(err.to_string().contains("init interrupted, execution deadline exceeded"), "{err}");
}

#[test]
fn disabled_deadline_still_evaluates() {
    let config = HostConfig { deadline: None, ..quiet_config() };
    let m = PolicyModule::from_file(common::guest_wasm(), config).unwrap();
    assert!(evaluate(&m, json!({})).response.allowed);
}

#[test]
fn memory_limit_turns_growth_into_a_trap() {
    let limited = HostConfig { memory_limit_bytes: Some(16 * 1024 * 1024), ..quiet_config() };
    let m = PolicyModule::from_file(common::guest_wasm(), limited).unwrap();
    let response = evaluate(&m, json!({"behaviour": "grow_memory", "mib": 64})).response;
    assert_eq!(response.code(), Some(500), "{response:?}");
    assert!(response.message().unwrap().starts_with("internal server error: Guest call failure"));
    let unlimited = evaluate(module(), json!({"behaviour": "grow_memory", "mib": 64})).response;
    assert!(unlimited.allowed, "{unlimited:?}");
}

#[test]
fn policy_logs_are_recorded_by_level() {
    let logs = json!([
        {"level": "debug", "message": "hidden at info"},
        {"level": "info", "message": "hello"},
        {"level": "WARNING", "message": "careful"},
        {"level": "bogus", "message": "unparsable"}
    ]);
    let config = HostConfig { log: LogConfig { to_stderr: false, min_level: LogLevel::Info }, ..HostConfig::default() };
    let m = PolicyModule::from_file(common::guest_wasm(), config).unwrap();
    let evaluation = evaluate(&m, json!({"behaviour": "log", "logs": logs}));
    assert!(evaluation.response.allowed, "a bad log entry must not fail the call");
    let seen: Vec<(LogLevel, &str)> = evaluation.logs.iter().map(|l| (l.level, l.message.as_str())).collect();
    assert_eq!(seen, vec![(LogLevel::Info, "hello"), (LogLevel::Warn, "careful")]);
    assert_eq!(
        serde_json::to_string(&evaluation.logs[0].data).unwrap(),
        r#"{"file":"test-guest/src/lib.rs","policy":"test-guest"}"#
    );
}

fn kube_module(access: ResourceAccess) -> PolicyModule {
    let objects = vec![
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "prod", "labels": {"env": "prod"}}}),
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "ns", "labels": {"app": "x"}}}),
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b", "namespace": "ns"}}),
    ];
    let config = HostConfig { kube: Arc::new(KubeContext::new(objects, access)), ..quiet_config() };
    PolicyModule::from_file(common::guest_wasm(), config).unwrap()
}

#[test]
fn kubernetes_get_resource_from_fixtures() {
    let m = kube_module(ResourceAccess::All);
    let found = evaluate(&m, json!({"behaviour": "get_namespace", "name": "prod"})).response;
    assert_eq!(
        found.message(),
        Some(r#"{"apiVersion":"v1","kind":"Namespace","metadata":{"labels":{"env":"prod"},"name":"prod"}}"#)
    );
    let missing = evaluate(&m, json!({"behaviour": "get_namespace", "name": "nope"})).response;
    assert_eq!(
        missing.message(),
        Some(
            "Host error: Callback evaluation failure: Cannot find v1/Namespace named 'nope' inside of namespace 'None'"
        )
    );
}

#[test]
fn kubernetes_access_is_checked() {
    let only_configmaps = [ContextAwareResource::new("v1", "ConfigMap")].into_iter().collect();
    let m = kube_module(ResourceAccess::AllowList(only_configmaps));
    let denied = evaluate(&m, json!({"behaviour": "get_namespace", "name": "prod"})).response;
    assert_eq!(
        denied.message(),
        Some(
            "Host error: Policy has not been granted access to Kubernetes v1/Namespace resources. The violation has been reported."
        )
    );
    let listed = evaluate(
        &m,
        json!({"behaviour": "host_call", "namespace": "kubernetes", "operation": "list_resources_by_namespace",
               "payload": {"api_version": "v1", "kind": "ConfigMap", "namespace": "ns", "label_selector": "app=x", "field_selector": null}}),
    )
    .response;
    let list: Value = serde_json::from_str(listed.message().unwrap()).unwrap();
    assert_eq!(list["kind"], "ConfigMapList");
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["metadata"]["name"], "a");
    // Default context: no access at all (kwctl without --allow-context-aware).
    let none = evaluate(module(), json!({"behaviour": "get_namespace", "name": "prod"})).response;
    assert!(none.message().unwrap().contains("has not been granted access"));
}

#[test]
fn unknown_host_calls() {
    let m = module();
    let call = |binding: &str, namespace: &str, operation: &str, payload: Value| {
        evaluate(m, json!({"behaviour": "host_call", "binding": binding, "namespace": namespace, "operation": operation, "payload": payload}))
            .response
            .message()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(call("other", "tracing", "log", json!({})), "Host error: unknown binding: other");
    assert_eq!(call("kubewarden", "nope", "x", json!({})), "Host error: unknown namespace: nope");
    assert_eq!(call("kubewarden", "kubernetes", "explode", json!({})), "Host error: unknown operation: explode");
    assert_eq!(call("kubewarden", "tracing", "shout", json!({})), "Host error: unknown operation: shout");
    assert_eq!(
        call("kubewarden", "kubernetes", "get_resource", json!({"api_version": "v1"})),
        "Host error: missing field `kind` at line 1 column 20"
    );
    assert!(
        call("kubewarden", "oci", "v1/manifest_digest", json!("busybox"))
            .starts_with("Host error: Callback evaluation failure: ")
    );
}

#[test]
fn benchmark_api_times_fresh_instances() {
    let prepared = PreparedValidation::new(&request(), &settings(json!({"behaviour": "mutate"}))).unwrap();
    let timings = module().time_fresh_evaluations(&prepared, 5).unwrap();
    assert_eq!(timings.len(), 5);
    assert!(timings.iter().all(|t| t.instantiate > Duration::ZERO && t.call > Duration::ZERO));
    assert!(timings[0].total() >= timings[0].call);
}

#[test]
fn not_a_wasm_module() {
    let err = PolicyModule::from_bytes(b"not wasm", quiet_config()).err().unwrap();
    assert!(err.to_string().starts_with("error when building wasm module: "), "{err}");
}
