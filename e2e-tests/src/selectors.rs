//! Label and field selectors for the fixture-backed `kubernetes/list_*` host calls.
//! A live cluster evaluates these server side; the fixture host needs its own matcher.
//! Supported: label selectors with `k`, `!k`, `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
//! `k notin (a,b)`, `k>n`, `k<n`; field selectors with `path=v`, `path==v`, `path!=v` on dotted
//! paths such as `metadata.name` or `status.phase` (a missing field compares as "").

use serde_json::Value;

#[derive(Debug, PartialEq)]
enum LabelRequirement {
    Exists(String),
    NotExists(String),
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    GreaterThan(String, i64),
    LessThan(String, i64),
}

#[derive(Debug, Default, PartialEq)]
pub struct LabelSelector(Vec<LabelRequirement>);

impl LabelSelector {
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut requirements = Vec::new();
        for part in split_top_level(text) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            requirements.push(parse_label_requirement(part)?);
        }
        Ok(LabelSelector(requirements))
    }

    /// `labels` is the object's `metadata.labels` (absent → no labels).
    pub fn matches(&self, labels: Option<&Value>) -> bool {
        let get = |key: &str| labels.and_then(|l| l.get(key)).and_then(Value::as_str);
        self.0.iter().all(|req| match req {
            LabelRequirement::Exists(k) => get(k).is_some(),
            LabelRequirement::NotExists(k) => get(k).is_none(),
            LabelRequirement::Equals(k, v) => get(k) == Some(v.as_str()),
            LabelRequirement::NotEquals(k, v) => get(k) != Some(v.as_str()),
            LabelRequirement::In(k, vs) => get(k).is_some_and(|x| vs.iter().any(|v| v == x)),
            LabelRequirement::NotIn(k, vs) => !get(k).is_some_and(|x| vs.iter().any(|v| v == x)),
            LabelRequirement::GreaterThan(k, n) => get(k).and_then(|x| x.parse::<i64>().ok()).is_some_and(|x| x > *n),
            LabelRequirement::LessThan(k, n) => get(k).and_then(|x| x.parse::<i64>().ok()).is_some_and(|x| x < *n),
        })
    }
}

/// Splits on commas that are not inside parentheses (`a in (x,y),b`).
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

fn parse_label_requirement(part: &str) -> Result<LabelRequirement, String> {
    let invalid = || format!("unable to parse requirement: {part:?}");
    if let Some(key) = part.strip_prefix('!') {
        return Ok(LabelRequirement::NotExists(valid_key(key.trim()).ok_or_else(invalid)?));
    }
    for (op, not) in [(" notin ", true), (" in ", false)] {
        if let Some(pos) = part.find(op) {
            let key = valid_key(part[..pos].trim()).ok_or_else(invalid)?;
            let list = part[pos + op.len()..].trim();
            let inner = list.strip_prefix('(').and_then(|l| l.strip_suffix(')')).ok_or_else(invalid)?;
            let values = inner.split(',').map(|v| v.trim().to_owned()).collect();
            return Ok(if not { LabelRequirement::NotIn(key, values) } else { LabelRequirement::In(key, values) });
        }
    }
    for op in ["!=", "==", "=", ">", "<"] {
        if let Some(pos) = part.find(op) {
            let key = valid_key(part[..pos].trim()).ok_or_else(invalid)?;
            let value = part[pos + op.len()..].trim().to_owned();
            return Ok(match op {
                "!=" => LabelRequirement::NotEquals(key, value),
                ">" => LabelRequirement::GreaterThan(key, value.parse().map_err(|_| invalid())?),
                "<" => LabelRequirement::LessThan(key, value.parse().map_err(|_| invalid())?),
                _ => LabelRequirement::Equals(key, value),
            });
        }
    }
    Ok(LabelRequirement::Exists(valid_key(part).ok_or_else(invalid)?))
}

fn valid_key(key: &str) -> Option<String> {
    let ok = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    ok.then(|| key.to_owned())
}

#[derive(Debug, Default, PartialEq)]
pub struct FieldSelector(Vec<(Vec<String>, bool, String)>);

impl FieldSelector {
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut terms = Vec::new();
        for part in text.split(',') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let (path, equal, value) = if let Some((p, v)) = part.split_once("!=") {
                (p, false, v)
            } else if let Some((p, v)) = part.split_once("==") {
                (p, true, v)
            } else if let Some((p, v)) = part.split_once('=') {
                (p, true, v)
            } else {
                return Err(format!("invalid selector: '{part}'; can't understand '{part}'"));
            };
            let path = path.trim().split('.').map(str::to_owned).collect();
            terms.push((path, equal, value.trim().to_owned()));
        }
        Ok(FieldSelector(terms))
    }

    pub fn matches(&self, object: &Value) -> bool {
        self.0.iter().all(|(path, equal, expected)| {
            let mut current = Some(object);
            for segment in path {
                current = current.and_then(|v| v.get(segment));
            }
            let actual = match current {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            };
            (actual == *expected) == *equal
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn label_selectors() {
        let labels = json!({"app": "web", "tier": "front", "n": "5"});
        let yes =
            ["app=web", "app==web,tier", "tier in (front,back)", "!missing", "app!=db", "env notin (prod)", "n>3"];
        for s in yes {
            assert!(LabelSelector::parse(s).unwrap().matches(Some(&labels)), "{s}");
        }
        let no = ["app=db", "missing", "tier in (back)", "!app", "n<3"];
        for s in no {
            assert!(!LabelSelector::parse(s).unwrap().matches(Some(&labels)), "{s}");
        }
        assert!(LabelSelector::parse("a in x").is_err());
    }

    #[test]
    fn field_selectors() {
        let object = json!({"metadata": {"name": "a", "namespace": "ns"}, "status": {"phase": "Running"}});
        assert!(FieldSelector::parse("metadata.name=a,status.phase!=Failed").unwrap().matches(&object));
        assert!(!FieldSelector::parse("metadata.namespace==other").unwrap().matches(&object));
        assert!(FieldSelector::parse("spec.nodeName=").unwrap().matches(&object));
        assert!(FieldSelector::parse("bogus").is_err());
    }
}
