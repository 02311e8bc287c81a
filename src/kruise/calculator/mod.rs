//! Kruise's resource-expression calculator (`pkg/util/calculator`), which `resourcesPolicy`
//! uses to compute a sidecar's resources from the app containers' (`cpu*50%`,
//! `max(memory*20%, 64Mi)`).
//!
//! Values are plain numbers (`42`, `1e2`, `50%` = 0.5) or Kubernetes quantities (`100m`,
//! `1Gi`); the operators are `+ - * /`, parentheses, unary minus and the two-argument
//! functions `max` and `min`; identifiers (variables and functions) are case-insensitive.
//! Every result and message is Go's, quirks included: a number with a unit Kruise does not
//! know (`200MB`) reads as 0, `max(40m, 20)` is `20`, and a failed operation does not stop the
//! parse (the last failure is the error). The only departures are limits Go does not have:
//! nesting deeper than [`MAX_DEPTH`] and sums that would need thousands of digits are errors.
//! A hand-written parser keeps the module small; no parser generator runs at build or run
//! time.

mod go_float;
mod lexer;
mod parser;

use std::fmt;

use apimachinery::quantity::Quantity;

pub use go_float::{format_g, to_i64};

/// How deeply parentheses, unary minus and function calls may nest.
pub const MAX_DEPTH: usize = 200;

/// A calculator value (Kruise's `Value`).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    Quantity(Quantity),
}

/// `Value.String()`: the quantity's canonical form, or the number as `%g`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(n) => f.write_str(&format_g(*n)),
            Value::Quantity(q) => f.write_str(&q.canonical()),
        }
    }
}

/// The outcome of one `Calculator.Parse`.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// The value, or Kruise's error message.
    pub result: Result<Value, String>,
    /// Number tokens Kruise reads silently as 0 or ±Inf (Go's `ParseFloat` refused them:
    /// `200MB`, `5n`, `1e`, `1e400`), in the order they were read.
    pub inexact_numbers: Vec<String>,
}

/// `Calculator.Parse(expr)` with the given variables (names in lower case, as Kruise binds
/// them): the value, or the error Kruise returns, including its check that the result is
/// not negative.
pub fn evaluate(expr: &str, variables: &[(&str, Value)]) -> Evaluation {
    let mut parser = parser::Parser::new(expr, variables);
    let parsed = parser.parse();
    let result = match parsed {
        Err(parser::Stop::TooDeep) => {
            Err(format!("expression nested more than {MAX_DEPTH} levels deep (parentheses, minus signs, calls)"))
        }
        Err(parser::Stop::Syntax { line, col }) => Err(parser
            .last_error
            .take()
            .unwrap_or_else(|| format!("parse error: syntax error at line {line}, col {col}"))),
        Ok(None) => Err(parser.last_error.take().unwrap_or_else(|| "no result from parser".to_string())),
        Ok(Some(value)) => match &value {
            Value::Quantity(q) if q.sign() < 0 => Err(format!("calculation result is negative: {}", q.canonical())),
            Value::Number(n) if *n < 0.0 => Err(format!("calculation result is negative: {}", format_g(*n))),
            _ => Ok(value),
        },
    };
    Evaluation { result, inexact_numbers: parser.inexact_numbers }
}
