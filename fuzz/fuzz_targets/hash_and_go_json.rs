//! Kruise's SidecarSet hash and the Go JSON encoder on arbitrary JSON: `normalize_struct`
//! with the `SidecarContainer` table (Go's decode-then-encode), `gojson::write::to_string`,
//! and `kruise::hash::sidecar_set_hashes`. Checked: Go's output is valid JSON meaning the
//! same value; normalising is idempotent (Go re-decoding its own output gets the same
//! struct); hashes are 64 characters of Kruise's alphabet, deterministic, and the hash of
//! image-less containers is the without-image hash.

#![no_main]

use apimachinery::gojson::normalize::normalize_struct;
use apimachinery::gojson::write::to_string;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use sidecarset_policy::kruise::go_types::SIDECAR_CONTAINER;
use sidecarset_policy::kruise::hash::sidecar_set_hashes;
use sidecarset_policy_fuzz::check::same;

const ALPHABET: &str = "bcdfghjklmnpqrstvwxz2456789";

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Value>(data) else { return };
    // Any JSON goes through the encoder.
    let text = to_string(&input);
    let back: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("Go JSON {text:?} does not parse: {e}"));
    assert!(same(&back, &input), "Go JSON changed the value: {input} -> {text}");

    // A list of containers (or one container) is a SidecarSet's `containers`.
    let items: Vec<Value> = match input {
        Value::Array(items) => items,
        other => vec![other],
    };
    let containers: Vec<Value> =
        items.iter().map(|c| Value::Object(normalize_struct(Some(c), &SIDECAR_CONTAINER))).collect();
    for c in &containers {
        let again = Value::Object(normalize_struct(Some(c), &SIDECAR_CONTAINER));
        assert_eq!(to_string(&again), to_string(c), "normalising twice differs");
    }
    // Native init containers take part in the hash; use the same list as init containers
    // so that both branches run.
    let hashes = sidecar_set_hashes(Some(&containers), Some(&containers));
    for h in [&hashes.hash, &hashes.without_image] {
        assert_eq!(h.len(), 64, "hash {h:?}");
        assert!(h.chars().all(|c| ALPHABET.contains(c)), "hash {h:?}");
    }
    assert_eq!(hashes, sidecar_set_hashes(Some(&containers), Some(&containers)), "hash is not deterministic");
    let without_images: Vec<Value> = containers
        .iter()
        .map(|c| {
            let mut c = c.clone();
            if let Some(m) = c.as_object_mut() {
                m.shift_remove("image");
            }
            c
        })
        .collect();
    let cleared = sidecar_set_hashes(Some(&without_images), Some(&without_images));
    assert_eq!(cleared.hash, hashes.without_image, "image-less hash differs from the without-image hash");
    assert_eq!(sidecar_set_hashes(None, None), sidecar_set_hashes(None, Some(&[])));
});
