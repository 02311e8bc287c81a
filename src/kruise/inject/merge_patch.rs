//! JSON merge patch with output byte-identical to `jsonpatch.MergePatch` from
//! `github.com/evanphx/json-patch v5.6.0+incompatible`, the function Kruise runs for
//! `patchPodMetadata` entries with `patchPolicy: MergePatchJson`.
//!
//! Kruise stores the returned bytes as the annotation value and later compares annotation
//! values as strings, so an RFC 7386 merge that is merely *semantically* equal is not enough:
//! the exact spelling of the Go library's output has to be reproduced. That output follows
//! from the library's lazy-node model, which this module mirrors:
//!
//! * A value starts out *raw*: its original text. When written out, a raw value goes through
//!   Go's `json.Compact` with HTML escaping: whitespace outside strings is dropped, numbers
//!   and string escapes keep their original spelling, and `<`, `>`, `&`, U+2028, U+2029 are
//!   replaced by `\u003c`, `\u003e`, `\u0026`, `\u2028`, `\u2029`.
//! * A value the library had to look inside (to merge into it, or to prune nulls from it) is
//!   *decoded* one level: an object becomes a Go map of lazy children, an array a slice of
//!   lazy children. A decoded object is written like any Go map: keys sorted byte-wise by
//!   their decoded text, the last of duplicate keys winning, keys re-escaped by the encoder.
//!   JSON `null` children decode to Go's nil pointer and are written as `null`.
//!
//! Nothing here recurses: parsing, null pruning, merging and writing all use explicit work
//! lists over an arena of nodes, so the nesting depth of attacker-controlled annotation
//! values cannot overflow the (small, 1 MiB-or-less) wasm stack. The only depth limit is
//! the one Go's scanner itself enforces (see [`MAX_NESTING_DEPTH`]), which keeps even very
//! deep inputs byte-identical with Go.

use std::collections::BTreeMap;
use std::fmt;

use apimachinery::gojson::write::write_string;

/// Go's `encoding/json` scanner (since Go 1.15) rejects input whose arrays and objects nest
/// deeper than this with a `*json.SyntaxError`, which the library reports as an invalid
/// document or patch. Because this module never recurses, it can afford Go's exact limit
/// instead of a smaller safety limit, so results agree with Kruise at every depth.
const MAX_NESTING_DEPTH: usize = 10_000;

/// Why the merge failed. The `Display` texts are the Go library's error messages, which
/// Kruise surfaces verbatim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergePatchError {
    /// The existing value is not valid JSON, or is the literal `null`.
    BadDoc,
    /// The patch is not valid JSON, is `null`, or is neither an object nor an array.
    BadPatch,
}

impl fmt::Display for MergePatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MergePatchError::BadDoc => "Invalid JSON Document",
            MergePatchError::BadPatch => "Invalid JSON Patch",
        })
    }
}

impl std::error::Error for MergePatchError {}

/// Apply the JSON merge patch `patch` to `doc` exactly as `jsonpatch.MergePatch(doc, patch)`
/// (evanphx/json-patch v5.6.0) does, returning its output text.
///
/// The checks run in the library's order: a syntax error in the document wins over one in
/// the patch, which wins over a `null` document, which wins over a `null` patch. When either
/// side is valid JSON but not an object, the library does not merge: an object patch is
/// returned with its nulls pruned, an array patch is returned with the nulls inside its
/// objects pruned, and any other patch is an error.
pub fn merge_patch(doc: &str, patch: &str) -> Result<String, MergePatchError> {
    let mut arena = Arena::default();
    // Go decodes both inputs before looking at either error; since a document syntax error
    // takes precedence anyway, the patch need not be parsed in that case.
    let doc_root = parse(doc, &mut arena).map_err(|SyntaxError| MergePatchError::BadDoc)?;
    let patch_root = parse(patch, &mut arena).map_err(|SyntaxError| MergePatchError::BadPatch)?;
    // Decoding a literal `null` into the library's map type succeeds and leaves a nil map,
    // which it rejects.
    let doc_root = doc_root.ok_or(MergePatchError::BadDoc)?;
    let patch_root = patch_root.ok_or(MergePatchError::BadPatch)?;

    let doc_is_object = arena.decode_doc(doc_root);
    let patch_is_object = arena.decode_doc(patch_root);
    if doc_is_object && patch_is_object {
        arena.merge_docs(doc_root, patch_root);
        return Ok(arena.marshal(doc_root));
    }
    // Not both objects: the library gives up merging and returns the patch itself.
    if patch_is_object || arena.decode_ary(patch_root) {
        arena.prune_nulls(patch_root);
        return Ok(arena.marshal(patch_root));
    }
    Err(MergePatchError::BadPatch)
}

/// Index of a node in the [`Arena`].
type NodeId = usize;

/// A parsed value as Go holds it: `None` is JSON `null`, which Go decodes into a nil
/// `*lazyNode` (so it never becomes a node of its own), `Some` is a real node.
type Value = Option<NodeId>;

/// Marker for any input Go's `json.Unmarshal` would reject with a `*json.SyntaxError`
/// (bad grammar, trailing data after the value, empty input, nesting beyond the limit).
struct SyntaxError;

/// The state of one node, mirroring `lazyNode.which` plus the pre-split children.
///
/// The parser already splits every container into its children, so that turning a raw
/// node into a decoded one (Go's `intoDoc` / `intoAry`) is a cheap move instead of a
/// re-parse; the raw text is still what gets written while the node stays raw.
enum Form {
    /// Raw object, with members in source order (duplicates included) and keys decoded.
    RawObject(Vec<(String, Value)>),
    /// Raw array.
    RawArray(Vec<Value>),
    /// Raw string, number, `true` or `false`: never decoded by the library.
    RawScalar,
    /// Decoded object (Go `partialDoc`): a map, hence sorted keys and unique members.
    Doc(BTreeMap<String, Value>),
    /// Decoded array (Go `partialArray`).
    Ary(Vec<Value>),
}

struct Node<'a> {
    /// The value's exact source text, from its first to its last byte.
    raw: &'a str,
    form: Form,
}

/// All nodes of both inputs. Nodes refer to each other by index, which lets merging move
/// patch nodes into the document and lets every traversal run on an explicit work list.
#[derive(Default)]
struct Arena<'a> {
    nodes: Vec<Node<'a>>,
}

impl<'a> Arena<'a> {
    fn push(&mut self, raw: &'a str, form: Form) -> NodeId {
        self.nodes.push(Node { raw, form });
        self.nodes.len() - 1
    }

    fn form_mut(&mut self, id: NodeId) -> Option<&mut Form> {
        self.nodes.get_mut(id).map(|node| &mut node.form)
    }

    /// Go's `intoDoc`: true when the node is (now) a decoded object. It fails for anything
    /// whose source text is not an object, including an already decoded array.
    fn decode_doc(&mut self, id: NodeId) -> bool {
        let Some(form) = self.form_mut(id) else {
            return false;
        };
        match form {
            Form::Doc(_) => true,
            Form::RawObject(members) => {
                // Inserting in source order makes the last duplicate win, as Go's map
                // assignment does.
                let map = std::mem::take(members).into_iter().collect();
                *form = Form::Doc(map);
                true
            }
            _ => false,
        }
    }

    /// Go's `intoAry`: true when the node is (now) a decoded array.
    fn decode_ary(&mut self, id: NodeId) -> bool {
        let Some(form) = self.form_mut(id) else {
            return false;
        };
        match form {
            Form::Ary(_) => true,
            Form::RawArray(items) => {
                let items = std::mem::take(items);
                *form = Form::Ary(items);
                true
            }
            _ => false,
        }
    }

    fn doc_mut(&mut self, id: NodeId) -> Option<&mut BTreeMap<String, Value>> {
        match self.form_mut(id) {
            Some(Form::Doc(map)) => Some(map),
            _ => None,
        }
    }

    /// Go's `pruneNulls`: decodes every object and array below `root` (so all of them
    /// will be re-marshalled with sorted keys), dropping `null` object members. `null`
    /// array elements are kept. Scalars stay raw.
    fn prune_nulls(&mut self, root: NodeId) {
        let mut work = vec![root];
        while let Some(id) = work.pop() {
            if self.decode_doc(id) {
                if let Some(map) = self.doc_mut(id) {
                    map.retain(|_, value| value.is_some());
                    work.extend(map.values().flatten().copied());
                }
            } else if self.decode_ary(id)
                && let Some(Form::Ary(items)) = self.form_mut(id)
            {
                work.extend(items.iter().flatten().copied());
            }
        }
    }

    /// Go's `mergeDocs` (and the `merge` it recurses through) for two decoded objects,
    /// with mergeMerge off. Each pair of objects is independent of the others, so a
    /// work list of pairs replaces the recursion without changing the result.
    fn merge_docs(&mut self, doc: NodeId, patch: NodeId) {
        let mut work = vec![(doc, patch)];
        while let Some((doc, patch)) = work.pop() {
            // Once merged, a patch object is never written (the document's object is kept),
            // so its members can be moved out rather than cloned.
            let members = match self.form_mut(patch) {
                Some(Form::Doc(map)) => std::mem::take(map),
                _ => continue,
            };
            for (key, value) in members {
                let Some(value) = value else {
                    // A null in the patch deletes the member.
                    if let Some(map) = self.doc_mut(doc) {
                        map.remove(&key);
                    }
                    continue;
                };
                let current = self.doc_mut(doc).and_then(|map| map.get(&key).copied().flatten());
                match current {
                    Some(current) if self.decode_doc(current) => {
                        if self.decode_doc(value) {
                            // Both objects: merge into the document's object in place.
                            work.push((current, value));
                            continue;
                        }
                        // A non-object patch value replaces the object as it is, without
                        // pruning: arrays keep any nulls nested in their objects.
                    }
                    // New member, null member, or a non-object being replaced: the patch
                    // value goes in with its nulls pruned.
                    _ => self.prune_nulls(value),
                }
                if let Some(map) = self.doc_mut(doc) {
                    map.insert(key, Some(value));
                }
            }
        }
    }

    /// Go's `json.Marshal` of a lazy node.
    fn marshal(&self, root: NodeId) -> String {
        enum Frame<'m> {
            Object(std::collections::btree_map::Iter<'m, String, Value>, bool),
            Array(std::slice::Iter<'m, Value>, bool),
        }
        let mut out = String::new();
        let mut stack: Vec<Frame<'_>> = Vec::new();
        let mut next: Option<Value> = Some(Some(root));
        loop {
            if let Some(value) = next.take() {
                match value.and_then(|id| self.nodes.get(id)) {
                    None => out.push_str("null"),
                    Some(node) => match &node.form {
                        Form::Doc(map) => {
                            out.push('{');
                            stack.push(Frame::Object(map.iter(), true));
                        }
                        Form::Ary(items) => {
                            out.push('[');
                            stack.push(Frame::Array(items.iter(), true));
                        }
                        Form::RawObject(_) | Form::RawArray(_) | Form::RawScalar => {
                            compact_into(&mut out, node.raw);
                        }
                    },
                }
            }
            let Some(frame) = stack.last_mut() else {
                return out;
            };
            match frame {
                Frame::Object(members, first) => match members.next() {
                    Some((key, value)) => {
                        if !std::mem::replace(first, false) {
                            out.push(',');
                        }
                        write_string(&mut out, key);
                        out.push(':');
                        next = Some(*value);
                    }
                    None => {
                        out.push('}');
                        stack.pop();
                    }
                },
                Frame::Array(items, first) => match items.next() {
                    Some(value) => {
                        if !std::mem::replace(first, false) {
                            out.push(',');
                        }
                        next = Some(*value);
                    }
                    None => {
                        out.push(']');
                        stack.pop();
                    }
                },
            }
        }
    }
}

/// Append `raw` (valid JSON) as Go's `compact` with HTML escaping writes it, which is what
/// `json.Marshal` does with the bytes of a `json.RawMessage`.
fn compact_into(out: &mut String, raw: &str) {
    let mut in_string = false;
    let mut escaped = false;
    for c in raw.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if matches!(c, ' ' | '\t' | '\n' | '\r') {
            continue;
        } else if c == '"' {
            in_string = true;
        }
        // Go escapes these bytes wherever they occur; in valid JSON that is only inside
        // strings, where the escape keeps the same meaning.
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
}

/// Parse `text` into `arena` with the grammar of Go's `encoding/json` scanner, returning
/// the top-level value. Iterative: open containers live on an explicit stack.
fn parse<'a>(text: &'a str, arena: &mut Arena<'a>) -> Result<Value, SyntaxError> {
    enum Members {
        Object(Vec<(String, Value)>, String),
        Array(Vec<Value>),
    }
    struct Open {
        start: usize,
        members: Members,
    }

    let mut cur = Cursor { text, pos: 0 };
    let mut stack: Vec<Open> = Vec::new();
    'value: loop {
        // Expecting a value.
        cur.skip_ws();
        let start = cur.pos;
        let mut done: Value = match cur.peek() {
            Some(open @ (b'{' | b'[')) => {
                // Go counts the container being opened against the limit.
                if stack.len() >= MAX_NESTING_DEPTH {
                    return Err(SyntaxError);
                }
                cur.pos += 1;
                cur.skip_ws();
                let close = if open == b'{' { b'}' } else { b']' };
                if cur.peek() == Some(close) {
                    cur.pos += 1;
                    let form = if open == b'{' { Form::RawObject(Vec::new()) } else { Form::RawArray(Vec::new()) };
                    Some(arena.push(cur.slice(start)?, form))
                } else {
                    let members =
                        if open == b'{' { Members::Object(Vec::new(), cur.key()?) } else { Members::Array(Vec::new()) };
                    stack.push(Open { start, members });
                    continue 'value;
                }
            }
            Some(b'"') => {
                cur.string()?;
                Some(arena.push(cur.slice(start)?, Form::RawScalar))
            }
            Some(b't') => {
                cur.literal("true")?;
                Some(arena.push(cur.slice(start)?, Form::RawScalar))
            }
            Some(b'f') => {
                cur.literal("false")?;
                Some(arena.push(cur.slice(start)?, Form::RawScalar))
            }
            Some(b'n') => {
                cur.literal("null")?;
                None
            }
            Some(b'-' | b'0'..=b'9') => {
                cur.number()?;
                Some(arena.push(cur.slice(start)?, Form::RawScalar))
            }
            _ => return Err(SyntaxError),
        };

        // A value is complete: attach it to its container, closing containers that end.
        loop {
            let Some(open) = stack.last_mut() else {
                cur.skip_ws();
                // Anything after the top-level value, even a second value, is a syntax
                // error for `json.Unmarshal`.
                return if cur.pos == text.len() { Ok(done) } else { Err(SyntaxError) };
            };
            let is_object = match &mut open.members {
                Members::Object(members, key) => {
                    members.push((std::mem::take(key), done));
                    true
                }
                Members::Array(items) => {
                    items.push(done);
                    false
                }
            };
            cur.skip_ws();
            match cur.peek() {
                Some(b',') => {
                    cur.pos += 1;
                    if let Members::Object(_, key) = &mut open.members {
                        *key = cur.key()?;
                    }
                    continue 'value;
                }
                Some(b'}') if is_object => {}
                Some(b']') if !is_object => {}
                _ => return Err(SyntaxError),
            }
            cur.pos += 1;
            let Some(open) = stack.pop() else {
                return Err(SyntaxError);
            };
            let form = match open.members {
                Members::Object(members, _) => Form::RawObject(members),
                Members::Array(items) => Form::RawArray(items),
            };
            done = Some(arena.push(cur.slice(open.start)?, form));
        }
    }
}

/// A byte position in the text being parsed. Every token boundary it stops at is an ASCII
/// byte, so slicing the `&str` there is always on a character boundary; `get` is used
/// anyway so that a mistake would surface as an error rather than a panic.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Skip the four whitespace bytes JSON allows (and nothing else, like Go).
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// The text from `start` to the current position.
    fn slice(&self, start: usize) -> Result<&'a str, SyntaxError> {
        self.text.get(start..self.pos).ok_or(SyntaxError)
    }

    fn literal(&mut self, word: &str) -> Result<(), SyntaxError> {
        let rest = self.text.get(self.pos..).ok_or(SyntaxError)?;
        if rest.starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(SyntaxError)
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`. A leading zero ends the integer
    /// part, so `01` fails later as trailing data, as in Go.
    fn number(&mut self) -> Result<(), SyntaxError> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(SyntaxError),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(SyntaxError);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(SyntaxError);
            }
        }
        Ok(())
    }

    /// Scan a string literal starting at its opening quote, validating it as Go's scanner
    /// does: raw control characters are rejected, escapes must be one of `"\/bfnrt` or
    /// `u` with four hex digits (surrogates are not checked by the scanner).
    fn string(&mut self) -> Result<(), SyntaxError> {
        if self.peek() != Some(b'"') {
            return Err(SyntaxError);
        }
        self.pos += 1;
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1;
                        }
                        Some(b'u') => {
                            self.pos += 1;
                            for _ in 0..4 {
                                if !matches!(self.peek(), Some(c) if c.is_ascii_hexdigit()) {
                                    return Err(SyntaxError);
                                }
                                self.pos += 1;
                            }
                        }
                        _ => return Err(SyntaxError),
                    }
                }
                Some(c) if c >= 0x20 => self.pos += 1,
                _ => return Err(SyntaxError),
            }
        }
    }

    /// Parse an object key and the `:` after it, returning the key decoded as Go decodes
    /// map keys.
    fn key(&mut self) -> Result<String, SyntaxError> {
        self.skip_ws();
        let start = self.pos;
        self.string()?;
        let body = self.text.get(start + 1..self.pos.saturating_sub(1)).ok_or(SyntaxError)?;
        let key = decode_string(body).ok_or(SyntaxError)?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(SyntaxError);
        }
        self.pos += 1;
        Ok(key)
    }
}

/// Decode the body of a validated string literal as Go's `unquote` does. A `\u` escape of
/// a high surrogate immediately followed by a `\u` escape of a low surrogate is one
/// character; any other surrogate escape becomes U+FFFD on its own (the escape after an
/// unpaired high surrogate is then decoded independently).
fn decode_string(body: &str) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find('\\') {
        out.push_str(rest.get(..at)?);
        rest = rest.get(at..)?;
        let short = match rest.as_bytes().get(1)? {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            b'u' => None,
            _ => return None,
        };
        if let Some(c) = short {
            out.push(c);
            rest = rest.get(2..)?;
            continue;
        }
        let unit = hex4(rest.get(2..6)?)?;
        rest = rest.get(6..)?;
        let c = if (0xD800..0xDC00).contains(&unit) {
            // Only a high surrogate can start a pair; Go peeks at the next escape.
            let low = rest
                .strip_prefix("\\u")
                .and_then(|r| r.get(..4))
                .and_then(hex4)
                .filter(|low| (0xDC00..0xE000).contains(low));
            match low {
                Some(low) => {
                    rest = rest.get(6..)?;
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                }
                None => None,
            }
        } else {
            // A lone low surrogate is not a `char`, so it falls back like Go.
            char::from_u32(unit)
        };
        out.push(c.unwrap_or('\u{FFFD}'));
    }
    out.push_str(rest);
    Some(out)
}

fn hex4(digits: &str) -> Option<u32> {
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod tests {
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
}
