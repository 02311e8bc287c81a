//! Resource bounds. Every evaluation must finish far inside policy-server's 2 s deadline and
//! in bounded memory, whatever it is sent: an input beyond these bounds gets a clear refusal
//! rather than a timeout (an HTTP 500 that, with `failurePolicy: Fail`, blocks every pod
//! creation). The figures behind each bound are in README.md ("Reliability").

/// Largest `{request, settings}` payload `validate` evaluates. The API server sends at most
/// a 3 MiB object and a 3 MiB old object; with the largest settings and the envelope this
/// still fits. Beyond it, parsing alone would take a noticeable share of the deadline.
pub const MAX_PAYLOAD_BYTES: usize = 16 * 1024 * 1024;

/// Largest settings document `validate_settings` accepts. Settings travel with every
/// request and are parsed each time (8 MiB cost about 0.2 s per evaluation in wasm).
pub const MAX_SETTINGS_BYTES: usize = 8 * 1024 * 1024;

/// Most SidecarSets in the settings. Conflict checks compare pairs, as Kruise does: 1,000
/// SidecarSets that all share a container name take about 0.25 s natively, 2,000 about 1.2 s,
/// which in wasm no longer fits the deadline.
pub const MAX_SIDECAR_SETS: usize = 1000;

/// Longest piece of input quoted back in a message (a malformed annotation can be 256 KiB).
pub const MAX_QUOTED_BYTES: usize = 1024;

/// `text` cut to `MAX_QUOTED_BYTES` on a character boundary, saying how long it was.
pub fn abbreviate(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_QUOTED_BYTES {
        return text.into();
    }
    let mut end = MAX_QUOTED_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes in all)", text.get(..end).unwrap_or(""), text.len()).into()
}

/// Human-readable size for messages: "16 MiB", "1.5 MiB", "12345 bytes".
pub fn describe_bytes(n: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if n >= MIB && n.is_multiple_of(MIB / 2) {
        let halves = n / (MIB / 2);
        if halves.is_multiple_of(2) { format!("{} MiB", halves / 2) } else { format!("{}.5 MiB", halves / 2) }
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_quoted_whole() {
        assert_eq!(abbreviate("abc"), "abc");
        let exact = "x".repeat(MAX_QUOTED_BYTES);
        assert_eq!(abbreviate(&exact), exact);
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        // 'é' is two bytes: an odd cut point falls inside one.
        let text = format!("a{}", "é".repeat(MAX_QUOTED_BYTES));
        let cut = abbreviate(&text);
        assert!(cut.starts_with('a'));
        assert!(cut.ends_with(&format!("... ({} bytes in all)", text.len())));
        assert!(cut.len() < MAX_QUOTED_BYTES + 40);
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(describe_bytes(MAX_PAYLOAD_BYTES), "16 MiB");
        assert_eq!(describe_bytes(3 * 1024 * 1024 / 2), "1.5 MiB");
        assert_eq!(describe_bytes(1000), "1000 bytes");
    }
}
