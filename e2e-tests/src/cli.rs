//! A small command-line parser shared by the binaries (clap would add build time for three
//! flags each). Accepts `--long value`, `--long=value`, `-s value`, boolean flags, `--` and
//! positionals (`-` is a positional: stdin). Usage errors exit with 2, as clap does.

use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug)]
pub struct ArgSpec {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
}

impl ArgSpec {
    pub const fn value(long: &'static str, short: Option<char>) -> Self {
        ArgSpec { long, short, takes_value: true }
    }

    pub const fn flag(long: &'static str, short: Option<char>) -> Self {
        ArgSpec { long, short, takes_value: false }
    }
}

#[derive(Debug, Default)]
pub struct ParsedArgs {
    values: BTreeMap<&'static str, Vec<String>>,
    pub positionals: Vec<String>,
}

impl ParsedArgs {
    /// The last value given for an option (later flags win, as with clap overrides).
    pub fn value(&self, long: &str) -> Option<&str> {
        self.values.get(long).and_then(|v| v.last()).map(String::as_str)
    }

    pub fn flag(&self, long: &str) -> bool {
        self.values.contains_key(long)
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum ArgError {
    /// `-h` / `--help` was given.
    Help,
    /// A usage error; the message is printed after `error: `.
    Usage(String),
}

pub fn parse(args: impl IntoIterator<Item = String>, specs: &[ArgSpec]) -> Result<ParsedArgs, ArgError> {
    let mut parsed = ParsedArgs::default();
    let mut args = args.into_iter();
    let mut only_positionals = false;
    while let Some(arg) = args.next() {
        if only_positionals || arg == "-" || !arg.starts_with('-') {
            parsed.positionals.push(arg);
            continue;
        }
        if arg == "--" {
            only_positionals = true;
            continue;
        }
        if arg == "-h" || arg == "--help" {
            return Err(ArgError::Help);
        }
        let (spec, inline_value) = if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (long, None),
            };
            let spec = specs.iter().find(|s| s.long == name);
            (spec, inline)
        } else {
            let mut chars = arg.chars().skip(1);
            let short = chars.next();
            let rest: String = chars.collect();
            let spec = specs.iter().find(|s| s.short.is_some() && s.short == short);
            (spec, (!rest.is_empty()).then_some(rest))
        };
        let Some(spec) = spec else {
            return Err(ArgError::Usage(format!("unexpected argument '{arg}' found")));
        };
        let entry = parsed.values.entry(spec.long).or_default();
        if spec.takes_value {
            let value = match inline_value {
                Some(v) => v,
                None => args.next().ok_or_else(|| {
                    ArgError::Usage(format!("a value is required for '--{} <VALUE>' but none was supplied", spec.long))
                })?,
            };
            entry.push(value);
        } else if inline_value.is_some() {
            return Err(ArgError::Usage(format!("unexpected value for flag '--{}'", spec.long)));
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[ArgSpec] =
        &[ArgSpec::value("settings-path", Some('s')), ArgSpec::flag("raw", None), ArgSpec::flag("verbose", Some('v'))];

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn forms() {
        let p = parse(args(&["-s", "a", "--settings-path=b", "--raw", "x", "-", "-v"]), SPECS).unwrap();
        assert_eq!(p.value("settings-path"), Some("b"));
        assert!(p.flag("raw") && p.flag("verbose"));
        assert_eq!(p.positionals, vec!["x", "-"]);
        let p = parse(args(&["-sfile"]), SPECS).unwrap();
        assert_eq!(p.value("settings-path"), Some("file"));
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse(args(&["--nope"]), SPECS).unwrap_err(),
            ArgError::Usage("unexpected argument '--nope' found".into())
        );
        assert!(matches!(parse(args(&["--settings-path"]), SPECS), Err(ArgError::Usage(_))));
        assert_eq!(parse(args(&["-h"]), SPECS).unwrap_err(), ArgError::Help);
        assert_eq!(parse(args(&["--", "--raw"]), SPECS).unwrap().positionals, vec!["--raw"]);
    }
}
