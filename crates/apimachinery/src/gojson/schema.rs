//! A static description of the Go types whose JSON form the policy must reproduce: field
//! names, declaration order, `omitempty`, and how each Go type decodes and encodes.
//!
//! Go's `encoding/json` writes struct fields in declaration order, drops `omitempty` fields
//! holding zero values, writes `null` for nil pointers and slices without `omitempty`, sorts
//! map keys, and drops unknown input fields. Kruise's sidecar hash and the containers its
//! webhook injects are that output, so the tables here are the contract for exactness.

/// How a Go type maps to JSON.
pub enum Ty {
    /// `string` and named string types.
    String,
    Bool,
    Int32,
    Int64,
    /// `intstr.IntOrString`: a JSON number or string.
    IntOrString,
    /// `resource.Quantity`: a string (or number) re-written in canonical form.
    Quantity,
    /// `metav1.Time`: an RFC 3339 string; the zero time encodes as `null`.
    Time,
    /// `[]byte`: a base64 string.
    Bytes,
    /// `map[string]string`.
    StringMap,
    /// `ResourceList` (`map[ResourceName]resource.Quantity`).
    QuantityMap,
    /// A value kept verbatim (only for fields the policy never interprets, such as
    /// `managedFields` of an embedded object template).
    Any,
    Struct(&'static Struct),
    Ptr(&'static Ty),
    Slice(&'static Ty),
}

/// One JSON field of a Go struct.
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub omitempty: bool,
}

/// A Go struct. `inline` is an embedded struct (`json:",inline"`) whose fields come first,
/// as Go flattens them at the embedding position.
pub struct Struct {
    pub name: &'static str,
    pub inline: Option<&'static Struct>,
    pub fields: &'static [Field],
}

pub const OMIT: bool = true;
pub const KEEP: bool = false;

/// Table constructor, so the type tables read like the Go declarations.
pub const fn f(name: &'static str, ty: Ty, omitempty: bool) -> Field {
    Field { name, ty, omitempty }
}

impl Struct {
    /// All fields in JSON order, embedded fields first.
    pub fn fields(&'static self) -> impl Iterator<Item = &'static Field> {
        self.inline.into_iter().flat_map(|s| s.fields.iter()).chain(self.fields.iter())
    }

    pub fn field(&'static self, name: &str) -> Option<&'static Field> {
        self.fields().find(|f| f.name == name)
    }
}
