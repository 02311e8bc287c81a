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
mod tests;
