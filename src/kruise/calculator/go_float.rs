//! The three Go float behaviours the calculator's results depend on: `strconv.ParseFloat` of a
//! number token, `fmt`'s `%g`, and the amd64 conversion of a float to `int64`.

/// How `parseNumber` read a NUMBER token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GoNumber {
    pub value: f64,
    /// `false` where Go's `ParseFloat` returned an error that Kruise ignores: the token is not a
    /// number (`200MB`, `1e`), or it is out of range (`1e400`, which reads as +Inf, or as 0
    /// with a `%`).
    pub exact: bool,
}

/// Kruise's `parseNumber`: a trailing `%` divides by 100; `ParseFloat` errors give 0 for a
/// percentage and Go's returned value otherwise (0 for a syntax error, ±Inf out of range).
pub fn parse_number(token: &str) -> GoNumber {
    match token.strip_suffix('%') {
        Some(number) => match parse_float(number) {
            Ok(v) => GoNumber { value: v / 100.0, exact: true },
            Err(_) => GoNumber { value: 0.0, exact: false },
        },
        None => match parse_float(token) {
            Ok(v) => GoNumber { value: v, exact: true },
            Err(v) => GoNumber { value: v, exact: false },
        },
    }
}

/// `strconv.ParseFloat(s, 64)` for the strings the lexer can produce (a digit or `.` first,
/// then digits, `.`, `e`/`E`, signs and letters). Rust's float grammar equals Go's decimal one
/// on those; Rust also takes `inf`/`nan` spellings, which Go's decimal path does not, so only
/// number characters are let through. `Err` carries Go's value on error.
fn parse_float(s: &str) -> Result<f64, f64> {
    if !s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) {
        return Err(0.0);
    }
    match s.parse::<f64>() {
        // A finite spelling that reads as infinite is Go's ErrRange, returned with ±Inf.
        Ok(v) if v.is_infinite() => Err(v),
        Ok(v) => Ok(v),
        Err(_) => Err(0.0),
    }
}

/// Go's `int64(f)` on amd64 (CVTTSD2SI): truncation toward zero, and `i64::MIN` for NaN and
/// for anything out of range. (arm64 saturates instead; Kruise's images run on both.)
pub fn to_i64(f: f64) -> i64 {
    // 2^63 is exactly representable; i64::MIN as f64 is -2^63; NaN is in no range.
    if !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
        return i64::MIN;
    }
    f.trunc() as i64
}

/// `fmt.Sprintf("%g", f)`: the shortest digits that read back as `f`, in `%e` form
/// (`1.5e+06`, two exponent digits at least) when the exponent is below -4 or at least 6
/// (Go uses 6 for the shortest precision), else in plain form.
pub fn format_g(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    // Rust's `{:e}` is the shortest round-trip form: `-1.2345e6`, `5e-7`, `0e0`.
    let sci = format!("{f:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if f == 0.0 {
        return format!("{sign}0");
    }
    if !(-4..6).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{first}{dot}e{exp_sign}{:02}", exponent.unsigned_abs());
    }
    // Plain form: the decimal point sits `exponent + 1` digits in.
    let point = exponent + 1;
    if point <= 0 {
        let zeros = "0".repeat(point.unsigned_abs() as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let point = point as usize;
    if digits.len() <= point {
        format!("{sign}{digits}{}", "0".repeat(point - digits.len()))
    } else {
        let (int, frac) = digits.split_at(point);
        format!("{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_g_matches_go() {
        for (f, want) in [
            (0.5, "0.5"),
            (42.5, "42.5"),
            (100.0, "100"),
            (0.001, "0.001"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (123456.0, "123456"),
            (1e6, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (-10.0, "-10"),
            (-0.5, "-0.5"),
            (1e21, "1e+21"),
            (1.5e-300, "1.5e-300"),
            (-0.0, "-0"),
            (f64::NEG_INFINITY, "-Inf"),
        ] {
            assert_eq!(format_g(f), want, "{f}");
        }
    }

    #[test]
    fn parse_number_matches_kruise() {
        for (s, value, exact) in [
            ("42", 42.0, true),
            ("2.5", 2.5, true),
            ("50%", 0.5, true),
            ("100.5%", 1.005, true),
            ("1e2", 100.0, true),
            ("1.", 1.0, true),
            (".5", 0.5, true),
            ("5.", 5.0, true),
            ("1e", 0.0, false),
            ("1e+", 0.0, false),
            (".", 0.0, false),
            ("200MB", 0.0, false),
            ("5n", 0.0, false),
            ("1e400%", 0.0, false),
            ("1e-400", 0.0, true),
        ] {
            assert_eq!(parse_number(s), GoNumber { value, exact }, "{s}");
        }
        assert_eq!(parse_number("1e400"), GoNumber { value: f64::INFINITY, exact: false });
    }

    #[test]
    fn float_to_int_is_amd64s() {
        assert_eq!(to_i64(2.9), 2);
        assert_eq!(to_i64(-2.9), -2);
        assert_eq!(to_i64(f64::NAN), i64::MIN);
        assert_eq!(to_i64(f64::INFINITY), i64::MIN);
        assert_eq!(to_i64(9.3e18), i64::MIN);
        assert_eq!(to_i64(-9_223_372_036_854_775_808.0), i64::MIN);
    }
}
