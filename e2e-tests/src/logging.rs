//! Policy logs (`kubewarden/tracing/log` host calls) and the host's own diagnostics.
//!
//! policy-evaluator parses the payload as `{"level": .., "message": .., <other fields>}` and
//! emits a tracing event with target `policy_log`, the message, and the other fields as a
//! `data` JSON string; kwctl's tracing subscriber writes it to stderr at INFO and above
//! (DEBUG with `-v`). This host records every entry and, when asked, prints the ones at or
//! above the configured level to stderr in the same shape.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
}

impl LogLevel {
    /// The SDK's level names, case-insensitive as policy-evaluator accepts them.
    pub fn parse_policy_level(text: &str) -> Option<Self> {
        match text.to_uppercase().as_str() {
            "TRACE" => Some(LogLevel::Trace),
            "DEBUG" => Some(LogLevel::Debug),
            "INFO" => Some(LogLevel::Info),
            "WARNING" => Some(LogLevel::Warn),
            "ERROR" => Some(LogLevel::Error),
            _ => None,
        }
    }

    /// As tracing-subscriber prints levels (right-aligned to five characters).
    pub fn label(self) -> &'static str {
        match self {
            LogLevel::Trace => "TRACE",
            LogLevel::Debug => "DEBUG",
            LogLevel::Info => " INFO",
            LogLevel::Warn => " WARN",
            LogLevel::Error => "ERROR",
        }
    }
}

/// One log entry sent by the policy.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyLog {
    pub level: LogLevel,
    pub message: String,
    /// Every other field of the payload (file, line, column, key/values of the record).
    pub data: Map<String, Value>,
}

#[derive(Deserialize)]
struct RawLogEntry {
    level: String,
    message: Option<String>,
    #[serde(flatten)]
    data: Map<String, Value>,
}

impl PolicyLog {
    /// Parses a `tracing/log` payload; the error text is what the host reports.
    pub fn parse(payload: &[u8]) -> Result<PolicyLog, String> {
        let raw: RawLogEntry = serde_json::from_slice(payload).map_err(|e| e.to_string())?;
        let level =
            LogLevel::parse_policy_level(&raw.level).ok_or_else(|| format!("unknown log level {}", raw.level))?;
        Ok(PolicyLog { level, message: raw.message.unwrap_or_default(), data: raw.data })
    }

    /// `<time> <LEVEL> policy_log: <message> data=<json>`.
    pub fn render(&self) -> String {
        let mut data = Value::Object(self.data.clone());
        data.sort_all_objects();
        let data = serde_json::to_string(&data).unwrap_or_default();
        format!("{}  {} policy_log: {} data={}", utc_timestamp(), self.level.label(), self.message, data)
    }
}

/// Where policy logs go besides being recorded in the evaluation result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogConfig {
    /// Print entries to stderr as they arrive (useful when a policy hangs).
    pub to_stderr: bool,
    /// Minimum level printed and recorded.
    pub min_level: LogLevel,
}

impl Default for LogConfig {
    /// kwctl's default: INFO and above on stderr.
    fn default() -> Self {
        LogConfig { to_stderr: true, min_level: LogLevel::Info }
    }
}

impl LogConfig {
    /// Record everything, print nothing: for tests and benchmarks.
    pub fn quiet() -> Self {
        LogConfig { to_stderr: false, min_level: LogLevel::Trace }
    }
}

/// A diagnostic of the host itself (not of the policy), in the same format, on stderr.
pub fn host_diagnostic(level: LogLevel, message: &str) {
    let line = format!("{}  {} kwrun: {}\n", utc_timestamp(), level.label(), message);
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// RFC 3339 UTC time with microseconds, as tracing-subscriber prints it.
pub fn utc_timestamp() -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = now.as_secs();
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    let rem = seconds % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60,
        now.subsec_micros()
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn parse_entry() {
        let log = PolicyLog::parse(br#"{"level":"warning","message":"m","line":3,"policy":"p"}"#).unwrap();
        assert_eq!(log.level, LogLevel::Warn);
        assert_eq!(log.message, "m");
        assert_eq!(serde_json::to_string(&log.data).unwrap(), r#"{"line":3,"policy":"p"}"#);
    }

    #[test]
    fn unknown_level() {
        assert_eq!(PolicyLog::parse(br#"{"level":"loud"}"#).unwrap_err(), "unknown log level loud");
    }
}
