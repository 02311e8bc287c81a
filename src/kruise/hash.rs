//! Kruise's SidecarSet hash (`pkg/control/sidecarcontrol/hash.go`): SHA-256 over the Go JSON
//! of `{"containers": [...], "initContainers": [...]}` (init containers only when one of them
//! is a native sidecar), hex-encoded and mapped through `rand.SafeEncodeString`. Kruise's
//! controller compares the hash recorded on a pod with the SidecarSet's to decide whether the
//! pod's sidecars are current, so the value must be bit-exact.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use apimachinery::gojson::write::{write_string, write_value};

/// The two hashes Kruise records: over the containers, and over the containers with every
/// image cleared (used to detect image-only changes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SidecarSetHashes {
    pub hash: String,
    pub without_image: String,
}

/// Hash normalised (Go-encoded) sidecar containers. `None` stands for a nil slice (`null`),
/// which Go encodes differently from an empty one. Elements that are not objects are skipped
/// (Go could not have decoded them).
pub fn sidecar_set_hashes(containers: Option<&[Value]>, init_containers: Option<&[Value]>) -> SidecarSetHashes {
    let containers = containers.map(maps);
    let init_containers = init_containers.map(maps);
    hashes_of_maps(containers.as_deref(), init_containers.as_deref())
}

fn maps(list: &[Value]) -> Vec<&Map<String, Value>> {
    list.iter().filter_map(Value::as_object).collect()
}

/// `sidecar_set_hashes` over the containers' maps, without copying them.
pub fn hashes_of_maps(
    containers: Option<&[&Map<String, Value>]>,
    init_containers: Option<&[&Map<String, Value>]>,
) -> SidecarSetHashes {
    let mut encoded = Encodings { full: String::with_capacity(2048), bare: String::with_capacity(2048) };
    encoded.push_str("{\"containers\":");
    encoded.write_containers(containers);
    if init_containers.is_some_and(|inits| inits.iter().any(|c| is_native_sidecar_map(c))) {
        encoded.push_str(",\"initContainers\":");
        encoded.write_containers(init_containers);
    }
    encoded.push_str("}");
    SidecarSetHashes { hash: digest(&encoded.full), without_image: digest(&encoded.bare) }
}

/// The Go JSON of `{"containers": .., "initContainers": ..}` (keys sorted, as Go writes a
/// map), written straight from the normalised containers: `full` as is, `bare` without any
/// `image` (Kruise clears it, and Go omits the empty string). Both are written in one pass,
/// each member formatted once and copied into `bare`.
struct Encodings {
    full: String,
    bare: String,
}

impl Encodings {
    fn push_str(&mut self, s: &str) {
        self.full.push_str(s);
        self.bare.push_str(s);
    }

    fn write_containers(&mut self, list: Option<&[&Map<String, Value>]>) {
        let Some(items) = list else {
            self.push_str("null");
            return;
        };
        self.push_str("[");
        for (i, c) in items.iter().enumerate() {
            if i > 0 {
                self.push_str(",");
            }
            self.push_str("{");
            let (mut first_full, mut first_bare) = (true, true);
            for (k, v) in c.iter() {
                if !first_full {
                    self.full.push(',');
                }
                first_full = false;
                let member = self.full.len();
                write_string(&mut self.full, k);
                self.full.push(':');
                write_value(&mut self.full, v);
                if k.as_str() != "image" {
                    if !first_bare {
                        self.bare.push(',');
                    }
                    first_bare = false;
                    self.bare.push_str(self.full.get(member..).unwrap_or_default());
                }
            }
            self.push_str("}");
        }
        self.push_str("]");
    }
}

/// SHA-256 of `encoded`, hex-encoded and mapped through `SafeEncodeString`.
fn digest(encoded: &str) -> String {
    let digest = Sha256::digest(encoded.as_bytes());
    // SafeEncodeString of the lowercase hex digest, one hex digit at a time.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for byte in digest {
        for nibble in [byte >> 4, byte & 0xf] {
            hex.push(HEX.get(usize::from(nibble)).map_or('0', |c| *c as char));
        }
    }
    safe_encode(&hex)
}

/// A container is a native sidecar exactly when `restartPolicy` is present and `Always`.
pub fn is_native_sidecar(container: &Value) -> bool {
    container.as_object().is_some_and(is_native_sidecar_map)
}

fn is_native_sidecar_map(container: &Map<String, Value>) -> bool {
    container.get("restartPolicy").and_then(Value::as_str) == Some("Always")
}

/// `k8s.io/apimachinery/pkg/util/rand.SafeEncodeString`: every byte is replaced by the
/// character of a vowel-free alphabet at (byte mod 27), so hashes never spell words.
pub fn safe_encode(s: &str) -> String {
    const ALPHANUMS: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";
    s.bytes().map(|b| ALPHANUMS.get(usize::from(b) % ALPHANUMS.len()).map_or('b', |c| *c as char)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn raw(v: Value) -> Vec<Value> {
        v.as_array().cloned().unwrap_or_default()
    }

    #[test]
    fn upstream_hash_vectors() {
        // Kruise's pkg/control/sidecarcontrol/hash_test.go expectations.
        let c = raw(
            json!([{"name":"container1","image":"test-image","resources":{},"upgradeStrategy":{},"shareVolumePolicy":{}}]),
        );
        let plain_init = raw(
            json!([{"name":"container1","image":"test-image","resources":{},"upgradeStrategy":{},"shareVolumePolicy":{}}]),
        );
        let native_init = raw(
            json!([{"name":"container1","image":"test-image","resources":{},"restartPolicy":"Always","upgradeStrategy":{},"shareVolumePolicy":{}}]),
        );
        let cases = [
            (
                None,
                "w26c4x8fz245642fdv499b464248f974xddx4x55z5dw55bc6x66464fxz77dc78",
                "8wzddb4dvv9c6x8zdc77z4z75987424f457dfv6724ddw6zbdx467wz5x24fc759",
            ),
            (
                Some(&plain_init),
                "w26c4x8fz245642fdv499b464248f974xddx4x55z5dw55bc6x66464fxz77dc78",
                "8wzddb4dvv9c6x8zdc77z4z75987424f457dfv6724ddw6zbdx467wz5x24fc759",
            ),
            (
                Some(&native_init),
                "4xwx4d4844vd4v9x79wb4xbxf4xb29475cc4446v8cz2c2f2f5c5bw448vd42z8w",
                "5725fw8bwbx249bw57v5892c847dzf48bww9zb7c86xb95264fdz26654847b2c8",
            ),
        ];
        for (inits, hash, without) in cases {
            let h = sidecar_set_hashes(Some(&c), inits.map(|v| v.as_slice()));
            assert_eq!(h.hash, hash);
            assert_eq!(h.without_image, without);
        }
    }

    #[test]
    fn defaulted_sidecarset_vector() {
        let c = raw(
            json!([{"name":"dns-f","image":"dns:1.0","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent","podInjectPolicy":"BeforeAppContainer","upgradeStrategy":{"upgradeType":"ColdUpgrade"},"shareVolumePolicy":{"type":"disabled"}}]),
        );
        let h = sidecar_set_hashes(Some(&c), None);
        assert_eq!(h.hash, "6wbd76bd7984x24fb4f44fv9222cw9v9bcf85x766744wddd4zwx927zzz2zb684");
        assert_eq!(h.without_image, "82684vwf9d4cb4wz4vffx4ddfbb47ww4z4wwxdbwb8w2zbb7zvf4524cdd49bv94");
    }

    #[test]
    fn safe_encode_alphabet() {
        assert_eq!(safe_encode("0a"), "4v");
        assert_eq!(safe_encode(""), "");
    }
}
