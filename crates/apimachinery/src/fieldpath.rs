//! `k8s.io/kubernetes/pkg/fieldpath`: the subscripted field paths of downward API selectors.

/// `SplitMaybeSubscriptedPath`: `metadata.labels['app']` → (`metadata.labels`, `app`); `None`
/// for a path without a subscript or with an empty path before it.
pub fn split_maybe_subscripted_path(field_path: &str) -> Option<(&str, &str)> {
    let inner = field_path.strip_suffix("']")?;
    let (path, subscript) = inner.split_once("['")?;
    (!path.is_empty()).then_some((path, subscript))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscripted_paths() {
        let split = split_maybe_subscripted_path;
        assert_eq!(split("metadata.labels['app']"), Some(("metadata.labels", "app")));
        assert_eq!(split("metadata.annotations['a/b']"), Some(("metadata.annotations", "a/b")));
        assert_eq!(split("['app']"), None);
        assert_eq!(split("metadata.name"), None);
        assert_eq!(split("metadata.labels']"), None);
    }
}
