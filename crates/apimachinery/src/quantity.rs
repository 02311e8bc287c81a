//! Kubernetes resource quantities (`k8s.io/apimachinery/pkg/api/resource.Quantity`, v0.32).
//!
//! The policy has to emit container JSON that is byte-for-byte what Go's `encoding/json` emits
//! (Kruise hashes it), and Kruise's defaulting rounds resource quantities up to milli precision.
//! So this module reproduces apimachinery's observable behaviour, quirks included:
//!
//! * Go keeps a quantity either as an `int64Amount` (value × 10^scale with an `int32` scale) or
//!   as an `inf.Dec`. Several results depend on which one a quantity is in (the remembered input
//!   string, `Value()`/`MilliValue()` on overflow, the `int32` wrap-around of huge exponents), so
//!   [`Quantity`] keeps the same two shapes and follows the same paths.
//! * `ParseQuantity` remembers the input string when it is already "canonical" by its own cheap
//!   test, and `String()`/`MarshalJSON` then emit that string verbatim (`"+1"`, `"1E3"`, `"01"`).
//! * Decimal values are not capped (`"1000E"` is 10^21, which has no SI suffix, so Go prints
//!   `"1"`); binary values are capped at 2^63-1.
//!
//! Everything is computed without panicking: the `inf.Dec` side is an exact decimal with an `i64`
//! exponent, so absurd inputs (`1e-999999999`, 400-digit numbers) cost time linear in their
//! length. Go materialises 10^|exponent| for those and may take minutes; where it finishes, the
//! result here is the same. Known departures, all outside what Go can do in reasonable time:
//!
//! * Go's `Cmp` of two int64-form quantities whose scales differ by more than 2^31 divides by
//!   zero and panics; [`Quantity::cmp_value`] compares the values.
//! * Go's `Cmp` converts its receiver to the inf.Dec form in place, which can change a later
//!   overflowing `MilliValue` or drop the remembered string on a later `RoundUp`;
//!   `cmp_value` takes `&self` and changes nothing.
//! * Where Go would build numbers with billions of digits (exponents near ±2^31 on the inf.Dec
//!   side) this answers at once, from the exact value, instead of hanging; a binary-format value
//!   rounded up past 4096 digits is printed in decimal-SI form rather than ground through
//!   base 1024.
//! * An out-of-range float-to-int conversion inside Go's `scaledValue` is platform-specific;
//!   the amd64 result (`i64::MIN`) is reproduced.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

mod arith;
mod decimal;

pub use self::arith::SumTooLarge;

use self::decimal::*;

/// `resource.ErrFormatWrong`.
pub const ERR_FORMAT_WRONG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// `resource.ErrNumeric`.
pub const ERR_NUMERIC: &str = "unable to parse numeric part of quantity";
/// `resource.ErrSuffix`.
pub const ERR_SUFFIX: &str = "unable to parse quantity's suffix";

/// Go's `maxInt64Factors`: the number of decimal digits that always fit in an int64.
const MAX_INT64_FACTORS: i64 = 18;
/// `resource.Nano`: parsed values are rounded up to this scale.
const NANO: i64 = -9;
/// A binary-format value is printed with a base-1024 suffix only after it is written out as a
/// plain integer; past this many digits (only reachable by `round_up` to a huge positive scale,
/// where Go itself would grind for minutes) it is printed in decimal-SI form instead.
const MAX_BINARY_DIGITS: i64 = 4096;

/// The three serialisation formats of a quantity (Go's `resource.Format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// `12e6`
    DecimalExponent,
    /// `12Mi` (12 × 2^20)
    BinarySI,
    /// `12M` (12 × 10^6)
    DecimalSI,
}

impl Format {
    /// The Go constant's string value.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::DecimalExponent => "DecimalExponent",
            Format::BinarySI => "BinarySI",
            Format::DecimalSI => "DecimalSI",
        }
    }
}

/// A parse error; `Display` is the Go error text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuantityError(pub String);

impl QuantityError {
    fn format_wrong() -> Self {
        QuantityError(ERR_FORMAT_WRONG.to_string())
    }
    fn numeric() -> Self {
        QuantityError(ERR_NUMERIC.to_string())
    }
    fn suffix() -> Self {
        QuantityError(ERR_SUFFIX.to_string())
    }
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QuantityError {}

/// A Kubernetes quantity.
///
/// `PartialEq` is structural, like Go's `==`/`reflect.DeepEqual` on the struct: two quantities
/// with the same value may still serialise differently (`"+1"` and `"1"`). Use
/// [`Quantity::cmp_value`] for numeric equality (Go's `Cmp`/`Equal`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    amount: Amount,
    format: Format,
    /// Go's `q.s`: the input string, kept when `ParseQuantity` judged it canonical.
    cached: Option<Box<str>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Amount {
    /// Go's `int64Amount`: `value × 10^scale`. The scale is Go's `int32`, wrapped exactly as Go
    /// wraps it.
    Int { value: i64, scale: i32 },
    /// Go's `inf.Dec`: the exact value, plus the scale Go's `inf.Dec` would carry (its unscaled
    /// integer is `value × 10^scale`), which only `ScaledValue` can observe.
    Dec { value: Decimal, scale: i64 },
}

impl Quantity {
    /// `resource.ParseQuantity`.
    pub fn parse(s: &str) -> Result<Quantity, QuantityError> {
        if s.is_empty() {
            return Err(QuantityError::format_wrong());
        }
        if s == "0" {
            return Ok(Quantity {
                amount: Amount::Int { value: 0, scale: 0 },
                format: Format::DecimalSI,
                cached: Some(s.into()),
            });
        }
        let parts = split_quantity(s.as_bytes())?;
        let (binary, exponent, format) = interpret_suffix(parts.suffix).ok_or_else(QuantityError::suffix)?;
        let num_len = len_i64(parts.num);
        let denom_len = len_i64(parts.denom);

        // The int64 fast path, taken under exactly Go's conditions because the choice is
        // observable (remembered string, overflow behaviour of Value/MilliValue).
        let (mut scale, precision, multiplier) = if !binary {
            (exponent, MAX_INT64_FACTORS.saturating_sub(num_len.saturating_add(denom_len)), 1i64)
        } else if exponent >= 0 && parts.denom.is_empty() {
            // 1Mi (2^20) has ~6 decimal digits, hence exponent*3/10 digits of precision used up.
            let used = i64::from(exponent) * 3 / 10;
            let multiplier = 1i64.checked_shl(exponent.unsigned_abs()).unwrap_or(0);
            (0, 14i64.saturating_sub(num_len).saturating_sub(used), multiplier)
        } else {
            (0, -1, 1)
        };
        if precision >= 0 {
            // precision >= 0 bounds denom to 18 digits, so the conversion is exact.
            scale = scale.wrapping_sub(i32::try_from(denom_len).unwrap_or(i32::MAX));
            if i64::from(scale) >= NANO {
                let shifted = parts.num.iter().chain(parts.denom.iter());
                let value = shifted
                    .clone()
                    .try_fold(0i64, |acc, &d| acc.checked_mul(10)?.checked_add(i64::from(d.wrapping_sub(b'0'))));
                let Some(value) = value else {
                    return Err(QuantityError::numeric());
                };
                if let Some(product) = value.checked_mul(multiplier) {
                    let result = if parts.positive { product } else { -product };
                    let canonical_input = if binary {
                        exponent % 10 == 0 && value & 7 != 0
                    } else {
                        let first_is_zero = shifted.clone().next() == Some(&b'0');
                        let ends_000 = shifted.clone().rev().take(3).filter(|&&d| d == b'0').count() == 3;
                        scale % 3 == 0 && !ends_000 && !first_is_zero
                    };
                    return Ok(Quantity {
                        amount: Amount::Int { value: result, scale },
                        format,
                        cached: canonical_input.then(|| s.into()),
                    });
                }
            }
        }

        // The inf.Dec path. Go's inf.Dec.SetString fails when the number has no digit at all.
        if !parts.value.iter().any(u8::is_ascii_digit) {
            return Err(QuantityError::numeric());
        }
        let digits: Vec<u8> = parts.value.iter().filter(|c| c.is_ascii_digit()).map(|c| c - b'0').collect();
        let mut value = Decimal::new(false, digits, denom_len.saturating_neg());
        if binary {
            value = value.mul_pow2(exponent.unsigned_abs());
        } else {
            value.exp = value.exp.saturating_add(i64::from(exponent));
        }
        let mut go_scale = 0;
        if !value.is_zero() {
            // Round non-zero values up to nano: asking for a tiny amount still gets some.
            value = value.round_up_to(NANO).0;
            go_scale = -NANO;
        }
        let mut format = format;
        if format == Format::BinarySI {
            // Only binary values are capped (at 2^63-1, Go's maxAllowed, scale 0).
            let max = Decimal::from_i64(i64::MAX);
            if value.cmp_abs(&max) == Ordering::Greater {
                value = max;
                go_scale = 0;
            }
            if !value.is_zero() && value.cmp_abs(&Decimal::from_i64(1)) == Ordering::Less {
                format = Format::DecimalSI;
            }
        }
        value.neg = !parts.positive && !value.is_zero();
        Ok(Quantity { amount: Amount::Dec { value, scale: go_scale }, format, cached: None })
    }

    /// What Go's `Quantity.UnmarshalJSON` does with the text of a JSON string (or bare number):
    /// trim Unicode white space (`strings.TrimSpace` and `str::trim` trim the same characters),
    /// then parse. Go applies this to the raw bytes between the quotes, without decoding JSON
    /// escapes; a caller holding the decoded string differs only for escaped input.
    pub fn parse_json_text(s: &str) -> Result<Quantity, QuantityError> {
        Quantity::parse(s.trim())
    }

    /// A quantity as Go's `encoding/json` decodes it from a JSON value: a string or a bare
    /// number (its text), trimmed, and `null` as zero. Other types are Go's decode error.
    pub fn from_json(v: &serde_json::Value) -> Result<Quantity, QuantityError> {
        match v {
            serde_json::Value::String(s) => Quantity::parse_json_text(s),
            serde_json::Value::Number(n) => Quantity::parse(&n.to_string()),
            serde_json::Value::Null => Ok(Quantity::new(0, Format::DecimalSI)),
            _ => Err(QuantityError::format_wrong()),
        }
    }

    /// The format the quantity serialises in.
    pub fn format(&self) -> Format {
        self.format
    }

    /// `Quantity.String()` / `MarshalJSON()` without the quotes.
    pub fn canonical(&self) -> String {
        if let Some(s) = &self.cached {
            return s.to_string();
        }
        if self.is_zero() {
            return "0".to_string();
        }
        match self.format {
            Format::BinarySI => {
                let value = self.to_decimal();
                let small = value.cmp_abs(&Decimal::from_i64(1024)) == Ordering::Less;
                // Values in (-1024, 1024) and non-integers would lose precision in base 1024.
                if !small
                    && value.exp >= 0
                    && let Some(s) = binary_canonical(&value)
                {
                    return s;
                }
                self.decimal_canonical(Format::DecimalSI)
            }
            format => self.decimal_canonical(format),
        }
    }

    /// `Quantity.RoundUp(scale)`: rounds away from zero to a multiple of 10^scale; returns
    /// whether the value was already exact.
    pub fn round_up(&mut self, scale: i32) -> bool {
        match &mut self.amount {
            Amount::Dec { value, scale: go_scale } => {
                self.cached = None;
                let (rounded, exact) = value.round_up_to(i64::from(scale));
                *value = rounded;
                *go_scale = -i64::from(scale);
                exact
            }
            Amount::Int { value, scale: current } => {
                // Go keeps the remembered string when nothing needs rounding.
                if *current >= scale {
                    return true;
                }
                self.cached = None;
                let (rounded, exact) = negative_scale_int64(*value, scale.wrapping_sub(*current));
                *value = rounded;
                *current = scale;
                exact
            }
        }
    }

    /// `Quantity.Cmp`: the numeric comparison.
    pub fn cmp_value(&self, other: &Quantity) -> Ordering {
        if let (Amount::Int { value: a, scale: sa }, Amount::Int { value: b, scale: sb }) =
            (&self.amount, &other.amount)
            && sa == sb
        {
            return a.cmp(b);
        }
        self.to_decimal().cmp_signed(&other.to_decimal())
    }

    /// `Quantity.IsZero`.
    pub fn is_zero(&self) -> bool {
        self.sign() == 0
    }

    /// `Quantity.Sign`: -1, 0 or 1.
    pub fn sign(&self) -> i32 {
        match &self.amount {
            Amount::Int { value, .. } => value.signum() as i32,
            Amount::Dec { value, .. } => value.sign(),
        }
    }

    /// `Quantity.MilliValue()`: ceil(q × 1000), overflowing exactly as Go does.
    pub fn milli_value(&self) -> i64 {
        self.scaled_value(-3)
    }

    /// `Quantity.Value()`: q rounded up, overflowing exactly as Go does.
    pub fn value(&self) -> i64 {
        self.scaled_value(0)
    }

    /// `Quantity.ScaledValue(scale)`: ceil(q / 10^scale). Go documents that this may overflow
    /// and leaves the result unspecified; this reproduces what its code computes (a wrapped
    /// product or 0 for the int64 form, depending on the scale; the low 64 bits of the big
    /// integer for the inf.Dec form).
    pub fn scaled_value(&self, scale: i32) -> i64 {
        match &self.amount {
            Amount::Int { value, scale: current } => {
                if *current < scale {
                    negative_scale_int64(*value, scale.wrapping_sub(*current)).0
                } else {
                    positive_scale_int64(*value, current.wrapping_sub(scale))
                }
            }
            Amount::Dec { value, scale: go_scale } => dec_scaled_value(value, *go_scale, -i64::from(scale)),
        }
    }

    /// The exact value as a decimal.
    fn to_decimal(&self) -> Decimal {
        match &self.amount {
            Amount::Int { value, scale } => {
                let mut d = Decimal::from_i64(*value);
                if !d.is_zero() {
                    d.exp = d.exp.saturating_add(i64::from(*scale));
                }
                d
            }
            Amount::Dec { value, .. } => value.clone(),
        }
    }

    /// `AsCanonicalBytes` + the base-10 suffix: the exponent is lowered to a multiple of 3.
    fn decimal_canonical(&self, format: Format) -> String {
        let (mut out, exponent) = match &self.amount {
            Amount::Int { value, scale } => int_canonical(*value, *scale),
            Amount::Dec { value, .. } => {
                let zeros = value.exp.rem_euclid(3);
                let mut s = value.to_digit_string();
                for _ in 0..zeros {
                    s.push('0');
                }
                (s, value.exp.saturating_sub(zeros))
            }
        };
        match format {
            Format::DecimalExponent => {
                if exponent != 0 {
                    out.push('e');
                    out.push_str(&exponent.to_string());
                }
            }
            _ => {
                // Exponents without an SI suffix (e.g. 10^21) get no suffix at all, as in Go.
                out.push_str(match exponent {
                    -9 => "n",
                    -6 => "u",
                    -3 => "m",
                    3 => "k",
                    6 => "M",
                    9 => "G",
                    12 => "T",
                    15 => "P",
                    18 => "E",
                    _ => "",
                });
            }
        }
        out
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

impl FromStr for Quantity {
    type Err = QuantityError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quantity::parse(s)
    }
}

/// The pieces `parseQuantityString` cuts a quantity into.
struct Parts<'a> {
    positive: bool,
    /// Sign, digits and decimal point as written (what Go hands to `inf.Dec.SetString`).
    value: &'a [u8],
    /// Integer digits without leading zeros, `"0"` if there are none.
    num: &'a [u8],
    denom: &'a [u8],
    suffix: &'a [u8],
}

fn sub(s: &[u8], from: usize, to: usize) -> &[u8] {
    s.get(from..to).unwrap_or(&[])
}

fn len_i64(s: &[u8]) -> i64 {
    i64::try_from(s.len()).unwrap_or(i64::MAX)
}

fn digit_run(s: &[u8], from: usize) -> usize {
    s.get(from..).map_or(0, |t| t.iter().take_while(|c| c.is_ascii_digit()).count()) + from
}

/// `parseQuantityString`: a byte scanner, deliberately as permissive as Go's (`"-"`, `"."` and
/// `"1."` are numbers; the suffix is only checked for shape here).
fn split_quantity(s: &[u8]) -> Result<Parts<'_>, QuantityError> {
    const ZERO: &[u8] = b"0";
    let end = s.len();
    let mut parts = Parts { positive: true, value: &[], num: ZERO, denom: &[], suffix: &[] };
    let mut pos = 0;
    match s.first() {
        Some(b'-') => {
            parts.positive = false;
            pos = 1;
        }
        Some(b'+') => pos = 1,
        _ => {}
    }
    while s.get(pos) == Some(&b'0') {
        pos += 1;
    }
    if pos >= end {
        parts.value = ZERO;
        return Ok(parts);
    }
    let num_end = digit_run(s, pos);
    if num_end >= end {
        parts.num = sub(s, pos, end);
        parts.value = s;
        return Ok(parts);
    }
    if num_end > pos {
        parts.num = sub(s, pos, num_end);
    }
    pos = num_end;
    if s.get(pos) == Some(&b'.') {
        pos += 1;
        let denom_end = digit_run(s, pos);
        parts.denom = sub(s, pos, denom_end);
        if denom_end >= end {
            parts.value = s;
            return Ok(parts);
        }
        pos = denom_end;
    }
    parts.value = sub(s, 0, pos);
    let suffix_start = pos;
    while s.get(pos).is_some_and(|c| b"eEinumkKMGTP".contains(c)) {
        pos += 1;
    }
    if pos < end && matches!(s.get(pos), Some(b'+' | b'-')) {
        pos += 1;
    }
    if digit_run(s, pos) < end {
        return Err(QuantityError::format_wrong());
    }
    parts.suffix = sub(s, suffix_start, end);
    Ok(parts)
}

/// `quantitySuffixer.interpret`: (is base 2, exponent, format).
fn interpret_suffix(suffix: &[u8]) -> Option<(bool, i32, Format)> {
    let decimal = |e| Some((false, e, Format::DecimalSI));
    let binary = |e| Some((true, e, Format::BinarySI));
    match suffix {
        b"" => decimal(0),
        b"n" => decimal(-9),
        b"u" => decimal(-6),
        b"m" => decimal(-3),
        b"k" => decimal(3),
        b"M" => decimal(6),
        b"G" => decimal(9),
        b"T" => decimal(12),
        b"P" => decimal(15),
        b"E" => decimal(18),
        b"Ki" => binary(10),
        b"Mi" => binary(20),
        b"Gi" => binary(30),
        b"Ti" => binary(40),
        b"Pi" => binary(50),
        b"Ei" => binary(60),
        [b'e' | b'E', rest @ ..] if !rest.is_empty() => {
            // Go parses an int64 and then truncates it to int32 (`int32(parsed)`).
            parse_go_int64(rest).map(|e| (false, e as i32, Format::DecimalExponent))
        }
        _ => None,
    }
}

/// `strconv.ParseInt(s, 10, 64)`: optional sign, at least one digit, in range.
fn parse_go_int64(s: &[u8]) -> Option<i64> {
    let (negative, digits) = match s {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, s),
    };
    if digits.is_empty() {
        return None;
    }
    let mut magnitude: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        magnitude = magnitude.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    if negative {
        if magnitude > 1 << 63 {
            return None;
        }
        Some((magnitude as i64).wrapping_neg())
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// `int64Amount.AsCanonicalBytes`: strip factors of ten, then lower the (int32, wrapping)
/// exponent to a multiple of 3; on int64 overflow Go redoes it on an inf.Dec, whose loop steps
/// one at a time (which differs only when the exponent wraps around).
fn int_canonical(value: i64, scale: i32) -> (String, i64) {
    let negative = value < 0;
    let mut m = if negative { value.wrapping_neg() } else { value };
    let mut times = 0i32;
    while m >= 10 && m % 10 == 0 {
        m /= 10;
        times += 1;
    }
    if negative {
        m = m.wrapping_neg();
    }
    let exponent = scale.wrapping_add(times);
    let (step, factor) = match exponent % 3 {
        1 | -2 => (1, 10),
        2 | -1 => (2, 100),
        _ => (0, 1),
    };
    if let Some(out) = m.checked_mul(factor) {
        return (out.to_string(), i64::from(exponent.wrapping_sub(step)));
    }
    let mut wide = i128::from(m);
    let mut exponent = exponent;
    for _ in 0..3 {
        if exponent % 3 == 0 {
            break;
        }
        wide = wide.saturating_mul(10);
        exponent = exponent.wrapping_sub(1);
    }
    (wide.to_string(), i64::from(exponent))
}

#[cfg(test)]
mod tests;
