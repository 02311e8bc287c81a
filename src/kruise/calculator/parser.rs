//! Kruise's calculator grammar (`pkg/util/calculator/calculator.y`) as a recursive-descent
//! parser that evaluates as it goes.
//!
//! ```text
//! input     := expr EOF
//! expr      := term (('+' | '-') term)*            left-associative
//! term      := factor (('*' | '/') factor)*        left-associative
//! factor    := NUMBER | QUANTITY | IDENT | IDENT '(' expr [',' expr] ')'
//!            | '(' expr ')' | '-' factor
//! ```
//!
//! goyacc runs each rule's action when it reduces, in the same left-to-right post-order as
//! this parser's returns, and it detects a syntax error on the same token, after reducing
//! everything complete before it; so the actions that run before an error are the same here.
//! A failing action does not stop Go's parse: it records `lastError` (a later failure
//! overwrites it) and yields nil, which every later action passes on. At the end a recorded
//! error wins over a syntax error. This parser reproduces that: a failed action yields
//! `None` and records its message; only a syntax error stops it.

use super::go_float::{parse_number, to_i64};
use super::lexer::{Kind, Lexer, Token};
use super::{MAX_DEPTH, Value};
use apimachinery::quantity::{Format, Quantity};
use std::cmp::Ordering;

/// Why parsing stopped early.
pub enum Stop {
    /// goyacc's `syntax error` at the lexer's position after the offending token.
    Syntax { line: usize, col: usize },
    /// Deeper than [`MAX_DEPTH`]: this port's own limit, where Go's parser would grow its
    /// stack.
    TooDeep,
}

pub struct Parser<'a, 'v> {
    lexer: Lexer<'a>,
    token: Token<'a>,
    variables: &'v [(&'v str, Value)],
    depth: usize,
    /// Go's `lastError`.
    pub last_error: Option<String>,
    /// Number tokens Go's `ParseFloat` refused or read as infinite, which Kruise silently
    /// evaluates to 0 or ±Inf.
    pub inexact_numbers: Vec<String>,
}

type Parsed = Result<Option<Value>, Stop>;

impl<'a, 'v> Parser<'a, 'v> {
    pub fn new(input: &'a str, variables: &'v [(&'v str, Value)]) -> Self {
        let mut lexer = Lexer::new(input);
        let token = lexer.next_token();
        Parser { lexer, token, variables, depth: 0, last_error: None, inexact_numbers: Vec::new() }
    }

    /// `input := expr EOF`.
    pub fn parse(&mut self) -> Parsed {
        let value = self.expr()?;
        if self.token.kind != Kind::Eof {
            return Err(self.syntax_error());
        }
        Ok(value)
    }

    fn advance(&mut self) {
        self.token = self.lexer.next_token();
    }

    fn syntax_error(&self) -> Stop {
        Stop::Syntax { line: self.token.line, col: self.token.col }
    }

    fn fail(&mut self, message: impl Into<String>) -> Option<Value> {
        self.last_error = Some(message.into());
        None
    }

    fn expr(&mut self) -> Parsed {
        let mut left = self.term()?;
        while let Kind::Punct(op @ (b'+' | b'-')) = self.token.kind {
            self.advance();
            let right = self.term()?;
            left = match (left, right) {
                (Some(l), Some(r)) => self.add(l, r, op == b'-'),
                _ => None,
            };
        }
        Ok(left)
    }

    fn term(&mut self) -> Parsed {
        let mut left = self.factor()?;
        while let Kind::Punct(op @ (b'*' | b'/')) = self.token.kind {
            self.advance();
            let right = self.factor()?;
            left = match (left, right) {
                (Some(l), Some(r)) if op == b'*' => self.mul(l, r),
                (Some(l), Some(r)) => self.div(l, r),
                _ => None,
            };
        }
        Ok(left)
    }

    fn factor(&mut self) -> Parsed {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Stop::TooDeep);
        }
        let value = self.factor_inner();
        self.depth -= 1;
        value
    }

    fn factor_inner(&mut self) -> Parsed {
        let token = self.token;
        let text = String::from_utf8_lossy(token.text);
        match token.kind {
            Kind::Number => {
                self.advance();
                let number = parse_number(&text);
                if !number.exact {
                    self.inexact_numbers.push(text.into_owned());
                }
                Ok(Some(Value::Number(number.value)))
            }
            Kind::Quantity => {
                self.advance();
                Ok(match Quantity::parse(&text) {
                    Ok(q) => Some(Value::Quantity(q)),
                    Err(e) => self.fail(e.to_string()),
                })
            }
            Kind::Ident => {
                self.advance();
                if self.token.kind == Kind::Punct(b'(') {
                    return self.call(&text);
                }
                let name = text.to_lowercase();
                Ok(match self.variables.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => Some(v.clone()),
                    None => self.fail(format!("undefined variable: {name}")),
                })
            }
            Kind::Punct(b'(') => {
                self.advance();
                let value = self.expr()?;
                self.expect_punct(b')')?;
                Ok(value)
            }
            Kind::Punct(b'-') => {
                self.advance();
                Ok(self.factor()?.map(|v| match v {
                    Value::Number(n) => Value::Number(-n),
                    Value::Quantity(mut q) => {
                        q.neg();
                        Value::Quantity(q)
                    }
                }))
            }
            _ => Err(self.syntax_error()),
        }
    }

    fn expect_punct(&mut self, punct: u8) -> Result<(), Stop> {
        if self.token.kind != Kind::Punct(punct) {
            return Err(self.syntax_error());
        }
        self.advance();
        Ok(())
    }

    /// `IDENT '(' expr [',' expr] ')'`, then `callFunc`.
    fn call(&mut self, name: &str) -> Parsed {
        self.expect_punct(b'(')?;
        let first = self.expr()?;
        let mut args = vec![first];
        if self.token.kind == Kind::Punct(b',') {
            self.advance();
            args.push(self.expr()?);
        }
        self.expect_punct(b')')?;
        let lower = name.to_lowercase();
        if lower != "max" && lower != "min" {
            return Ok(self.fail(format!("unknown function: {name}")));
        }
        if args.len() != 2 {
            return Ok(self.fail(format!("{lower} function requires exactly 2 arguments, got {}", args.len())));
        }
        let (Some(Some(right)), Some(Some(left))) = (args.pop(), args.pop()) else {
            return Ok(None);
        };
        Ok(Some(extremum(left, right, lower == "max")))
    }

    /// `add` and `sub`: a quantity on either side makes both quantities.
    fn add(&mut self, left: Value, right: Value, subtract: bool) -> Option<Value> {
        if let (Value::Number(l), Value::Number(r)) = (&left, &right) {
            return Some(Value::Number(if subtract { l - r } else { l + r }));
        }
        let mut sum = left.into_quantity();
        let mut right = right.into_quantity();
        if subtract {
            right.neg();
        }
        match sum.add(&right) {
            Ok(()) => Some(Value::Quantity(sum)),
            Err(e) => self.fail(e.to_string()),
        }
    }

    /// `mul`: a quantity times a number scales its milli-value, truncated toward zero, and
    /// keeps its format.
    fn mul(&mut self, left: Value, right: Value) -> Option<Value> {
        match (left, right) {
            (Value::Quantity(_), Value::Quantity(_)) => self.fail("multiplication of two quantities"),
            (Value::Quantity(q), Value::Number(n)) | (Value::Number(n), Value::Quantity(q)) => {
                Some(Value::Quantity(scale_milli(q, |m| m * n)))
            }
            (Value::Number(l), Value::Number(r)) => Some(Value::Number(l * r)),
        }
    }

    fn div(&mut self, left: Value, right: Value) -> Option<Value> {
        match (left, right) {
            (_, Value::Quantity(_)) => self.fail("division by quantity"),
            // -0.0 matches too, as Go's `== 0` does.
            (_, Value::Number(0.0)) => self.fail("division by zero"),
            (Value::Quantity(q), Value::Number(n)) => Some(Value::Quantity(scale_milli(q, |m| m / n))),
            (Value::Number(l), Value::Number(r)) => Some(Value::Number(l / r)),
        }
    }
}

fn scale_milli(mut q: Quantity, f: impl Fn(f64) -> f64) -> Quantity {
    let milli = to_i64(f(q.milli_value() as f64));
    q.set_milli(milli);
    q
}

/// `maxFunc` / `minFunc`: ties go to the left operand; a number compared with a quantity is
/// a milli-quantity of it (`max(40m, 20)` is `20`), and the number's quantity is returned.
fn extremum(left: Value, right: Value, max: bool) -> Value {
    let keep_left = |ordering: Ordering| if max { ordering.is_ge() } else { ordering.is_le() };
    match (left, right) {
        (Value::Number(l), Value::Number(r)) => {
            let left_wins = if max { l >= r } else { l <= r };
            Value::Number(if left_wins { l } else { r })
        }
        (l, r) => {
            let (l, r) = (l.into_quantity(), r.into_quantity());
            Value::Quantity(if keep_left(l.cmp_value(&r)) { l } else { r })
        }
    }
}

impl Value {
    /// `toQuantity`: a number becomes a milli-quantity, DecimalSI, truncated toward zero.
    pub fn into_quantity(self) -> Quantity {
        match self {
            Value::Quantity(q) => q,
            Value::Number(n) => Quantity::new_milli(to_i64(n * 1000.0), Format::DecimalSI),
        }
    }
}
