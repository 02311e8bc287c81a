//! Go `encoding/json` compatibility for Kubernetes types.
//!
//! Go decodes objects into structs and encodes them back: unknown fields vanish, fields come
//! out in struct order, `omitempty` members disappear, quantities take their canonical form.
//! Reproducing that needs each Go type's field order and `omitempty` rules (`schema`, with the
//! core/v1 and meta/v1 types in `core_v1` and `meta`; other API groups define their own
//! tables with `schema`), the decode/encode round trip (`normalize`), Go's string escaping
//! (`write`), and strict type checking of what Go's decoder would refuse (`check`).

pub mod check;
pub mod core_v1;
pub mod meta;
pub mod normalize;
pub mod schema;
pub mod write;
