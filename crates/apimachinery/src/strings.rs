//! Go's `strings` functions where Rust's standard library differs.

/// Go's `strings.ToLower`: rune by rune simple case mapping. Rust's full mapping turns `İ` into
/// two characters; taking the first one gives Go's single `i` (the only unconditional
/// multi-character lowercase mapping in Unicode), which keeps byte lengths as Go counts them.
pub fn to_lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(|c| c.to_lowercase().next().unwrap_or(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowers_like_go() {
        assert_eq!(to_lower("App.Kubernetes.IO"), "app.kubernetes.io");
        assert_eq!(to_lower("İSTANBUL"), "istanbul");
        assert_eq!(to_lower("\u{212A}elvin"), "kelvin");
        assert_eq!(to_lower("ÀÉ"), "àé");
    }
}
