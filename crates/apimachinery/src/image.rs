//! Container image references, parsed the way Kubernetes' `parsers.ParseImageName` does
//! (docker/distribution reference grammar with docker.io normalisation), for one purpose:
//! the default `imagePullPolicy` (`Always` for the tag `latest`, including an image with
//! neither tag nor digest, `IfNotPresent` otherwise, including unparsable references).
//! The pull policy is part of the container Kruise hashes, so this must be exact.

/// The tag `ParseImageName` reports: `Some("latest")` for an image without tag and digest,
/// `Some("")` for a digest-only image, `None` when the reference does not parse.
pub fn image_tag(image: &str) -> Option<String> {
    let reference = Reference::parse(image)?;
    match (reference.tag, reference.has_digest) {
        (Some(tag), _) => Some(tag),
        (None, true) => Some(String::new()),
        (None, false) => Some("latest".to_string()),
    }
}

/// Kubernetes' default pull policy for a container image.
pub fn default_pull_policy(image: &str) -> &'static str {
    if image_tag(image).as_deref() == Some("latest") { "Always" } else { "IfNotPresent" }
}

struct Reference {
    tag: Option<String>,
    has_digest: bool,
}

const NAME_TOTAL_LENGTH_MAX: usize = 255;

impl Reference {
    /// `ParseNormalizedNamed`: refuse 64-hex identifiers, split the registry domain, require a
    /// lower-case repository, then parse `domain/remainder` with the reference grammar.
    fn parse(s: &str) -> Option<Self> {
        if s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return None;
        }
        let (domain, remainder) = split_docker_domain(s);
        let remainder = remainder.as_str();
        let remote_name = remainder.split(':').next().unwrap_or(remainder);
        if remote_name.bytes().any(|b| b.is_ascii_uppercase()) {
            return None;
        }
        // Split `name[:tag][@digest]`: neither the name nor the tag can contain `@`.
        let (name_and_tag, digest) = match remainder.split_once('@') {
            Some((n, d)) => (n, Some(d)),
            None => (remainder, None),
        };
        if let Some(d) = digest
            && !is_valid_digest(d)
        {
            return None;
        }
        // A tag follows the last `:` that comes after the last `/`.
        let last_slash = name_and_tag.rfind('/');
        let (path, tag) = match name_and_tag.rfind(':') {
            Some(colon) if last_slash.is_none_or(|slash| colon > slash) => {
                (name_and_tag.get(..colon)?, Some(name_and_tag.get(colon + 1..)?))
            }
            _ => (name_and_tag, None),
        };
        if let Some(t) = tag
            && !is_valid_tag(t)
        {
            return None;
        }
        if !is_valid_name(domain, path) || domain.len() + 1 + path.len() > NAME_TOTAL_LENGTH_MAX {
            return None;
        }
        Some(Reference { tag: tag.map(str::to_string), has_digest: digest.is_some() })
    }
}

/// docker.io normalisation: the first component is a registry only if it looks like a host
/// (has `.` or `:`, is `localhost`, or has upper-case letters); official images get
/// `library/`.
fn split_docker_domain(name: &str) -> (&str, String) {
    let (domain, remainder) = match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':']) || first == "localhost" || first.bytes().any(|b| b.is_ascii_uppercase()) =>
        {
            (if first == "index.docker.io" { "docker.io" } else { first }, rest.to_string())
        }
        _ => ("docker.io", name.to_string()),
    };
    if domain == "docker.io" && !remainder.contains('/') {
        return (domain, format!("library/{remainder}"));
    }
    (domain, remainder)
}

/// `[domain '/'] path`: with a domain that is a valid `host[:port]`, or, as the grammar's
/// domain part is optional, the whole string read as a path.
fn is_valid_name(domain: &str, path: &str) -> bool {
    (is_valid_domain(domain) && is_valid_path(path)) || (is_valid_path(domain) && is_valid_path(path))
}

fn is_valid_domain(domain: &str) -> bool {
    let (host, port) = if let Some(rest) = domain.strip_prefix('[') {
        // `[ipv6]` with an optional port.
        let Some((addr, after)) = rest.split_once(']') else { return false };
        if addr.is_empty() || !addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return false;
        }
        return match after.strip_prefix(':') {
            Some(p) => !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()),
            None => after.is_empty(),
        };
    } else {
        match domain.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (domain, None),
        }
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    port_ok && !host.is_empty() && host.split('.').all(is_domain_component)
}

fn is_domain_component(c: &str) -> bool {
    let bytes = c.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

/// `path-component ('/' path-component)*` with `alnum (separator alnum)*` components and
/// separators `.`, `_`, `__` or one or more `-`.
fn is_valid_path(path: &str) -> bool {
    !path.is_empty() && path.split('/').all(is_path_component)
}

fn is_path_component(c: &str) -> bool {
    let is_alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let bytes = c.as_bytes();
    let mut i = 0;
    let mut expect_alnum = true;
    while i < bytes.len() {
        let Some(&b) = bytes.get(i) else { return false };
        if is_alnum(b) {
            i += 1;
            expect_alnum = false;
            continue;
        }
        if expect_alnum {
            return false;
        }
        // A separator run, then an alphanumeric must follow.
        let start = i;
        while bytes.get(i).is_some_and(|b| !is_alnum(*b)) {
            i += 1;
        }
        let sep = c.get(start..i).unwrap_or("");
        let valid = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|b| b == b'-');
        if !valid {
            return false;
        }
        expect_alnum = true;
    }
    !expect_alnum
}

/// `[\w][\w.-]{0,127}`.
fn is_valid_tag(tag: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = tag.as_bytes();
    match bytes.first() {
        Some(&first) if word(first) => bytes.len() <= 128 && bytes.iter().all(|b| word(*b) || *b == b'.' || *b == b'-'),
        _ => false,
    }
}

/// A digest in the reference grammar that go-digest also accepts: a registered algorithm
/// (sha256, sha384, sha512) with lower-case hex of the right length.
fn is_valid_digest(d: &str) -> bool {
    let Some((algorithm, hex)) = d.split_once(':') else { return false };
    let len = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return false,
    };
    hex.len() == len && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_pull_policy_follows_the_tag() {
        let sha = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let cases: &[(&str, &str)] = &[
            ("nginx", "Always"),
            ("nginx:latest", "Always"),
            ("nginx:1.25", "IfNotPresent"),
            ("library/nginx:latest", "Always"),
            ("docker.elastic.co/beats/filebeat:8.5.1", "IfNotPresent"),
            ("mirrors-ssl.aliyuncs.com/nginx:latest", "Always"),
            ("localhost:5000/app", "Always"),
            ("localhost:5000/app:v1", "IfNotPresent"),
            ("localhost:5000", "IfNotPresent"), // tag "5000" of docker.io/library/localhost
            ("[::1]:5000/app", "Always"),
            ("registry.example.com:443/team/app:latest", "Always"),
            ("my_registry/app", "Always"),
            ("a__b/c-d/e.f:tag_1.2-3", "IfNotPresent"),
            ("", "IfNotPresent"),
            ("Nginx", "IfNotPresent"),
            ("nginx:", "IfNotPresent"),
            ("nginx:-bad", "IfNotPresent"),
            ("nginx::1", "IfNotPresent"),
            ("nginx/", "IfNotPresent"),
            ("a...b", "IfNotPresent"),
            ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "IfNotPresent"),
            ("Registry.Example.com/app", "Always"),
            ("registry.example.com/App", "IfNotPresent"),
        ];
        for (image, want) in cases {
            assert_eq!(default_pull_policy(image), *want, "image {image:?}");
        }
        assert_eq!(default_pull_policy(&format!("nginx@{sha}")), "IfNotPresent");
        assert_eq!(default_pull_policy(&format!("nginx:latest@{sha}")), "Always");
        assert_eq!(default_pull_policy("nginx@sha256:abc"), "IfNotPresent");
        assert_eq!(image_tag(&format!("nginx@{sha}")), Some(String::new()));
        assert_eq!(image_tag("nginx:1.2"), Some("1.2".to_string()));
        assert_eq!(image_tag(&"a".repeat(300)), None);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in ["@", ":", "/", "[", "[]:", "a@b@c", "é:é", "a/é", "[::1", "a:b/c", "::::", "/a"] {
            let _ = default_pull_policy(s);
        }
    }
}
