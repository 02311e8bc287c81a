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

/// `; did you mean "x"?` for the candidate closest to `word` when it is one or two edits away
/// (a transposition counts as one; case counts) and fewer edits than either has characters,
/// else "". Ties go to the first candidate.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = strsim::osa_distance(word, candidate);
        let shortest = word.chars().count().min(candidate.chars().count());
        if distance <= 2 && distance < shortest && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map_or(String::new(), |(_, c)| format!("; did you mean {c:?}?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_near_names() {
        let known = ["imagePullPolicy", "image", "ackMode", "env"];
        assert_eq!(did_you_mean("imagePulPolicy", known), "; did you mean \"imagePullPolicy\"?");
        assert_eq!(did_you_mean("ackmode", known), "; did you mean \"ackMode\"?");
        assert_eq!(did_you_mean("imgae", known), "; did you mean \"image\"?");
        assert_eq!(did_you_mean("volumes", known), "");
        assert_eq!(did_you_mean("e", known), "", "a one-letter word is two edits from everything short");
        assert_eq!(did_you_mean("anything", []), "");
    }

    #[test]
    fn lowers_like_go() {
        assert_eq!(to_lower("App.Kubernetes.IO"), "app.kubernetes.io");
        assert_eq!(to_lower("İSTANBUL"), "istanbul");
        assert_eq!(to_lower("\u{212A}elvin"), "kelvin");
        assert_eq!(to_lower("ÀÉ"), "àé");
    }
}
