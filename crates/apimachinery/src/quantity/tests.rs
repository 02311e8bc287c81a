use super::*;
use Format::{BinarySI as BSI, DecimalExponent as DEX, DecimalSI as DSI};

fn q(s: &str) -> Quantity {
    Quantity::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn ord(i: i32) -> Ordering {
    i.cmp(&0)
}

/// apimachinery `TestQuantityParse` inputs, each also with `-` and `+` prepended:
/// (input, canonical, format); expectations produced by Go v0.32.
mod tables;

use self::tables::*;

#[test]
fn parse_table() {
    for (input, canonical, format) in PARSE {
        let got = q(input);
        assert_eq!(got.canonical(), *canonical, "{input:?}");
        assert_eq!(got.format(), *format, "{input:?}");
        assert_eq!(got.to_string(), *canonical, "{input:?}");
    }
}

#[test]
fn signed_variants_mirror_unsigned() {
    for (input, _, format) in PARSE.iter().filter(|(i, _, _)| !i.starts_with(['+', '-'])) {
        let plain = q(input);
        let plus = q(&format!("+{input}"));
        let minus = q(&format!("-{input}"));
        assert_eq!(plus.cmp_value(&plain), Ordering::Equal, "{input:?}");
        assert_eq!(minus.sign(), -plain.sign(), "{input:?}");
        assert_eq!((plus.format(), minus.format()), (*format, *format), "{input:?}");
        if !plain.is_zero() {
            assert_eq!(minus.cmp_value(&plain), Ordering::Less, "{input:?}");
        }
    }
}

#[test]
fn emit_table() {
    for (input, canonical, format, value, milli) in EMIT {
        let got = q(input);
        assert_eq!(got.canonical(), *canonical, "{input:?}");
        assert_eq!(got.format(), *format, "{input:?}");
        assert_eq!(got.value(), *value, "{input:?} Value()");
        assert_eq!(got.milli_value(), *milli, "{input:?} MilliValue()");
    }
}

#[test]
fn invalid_table() {
    for (input, message) in INVALID {
        let err = Quantity::parse(input).expect_err(input);
        assert_eq!(err, QuantityError(message.to_string()), "{input:?}");
        assert_eq!(err.to_string(), *message);
        assert!(input.parse::<Quantity>().is_err());
    }
}

#[test]
fn round_up_table() {
    for (input, scale, exact, canonical, milli) in ROUND_UP {
        let mut got = q(input);
        assert_eq!(got.round_up(*scale), *exact, "{input:?} RoundUp({scale})");
        assert_eq!(got.canonical(), *canonical, "{input:?} RoundUp({scale})");
        assert_eq!(got.milli_value(), *milli, "{input:?} RoundUp({scale})");
    }
}

#[test]
fn cmp_table() {
    for (x, y, expected) in CMP {
        let (a, b) = (q(x), q(y));
        assert_eq!(a.cmp_value(&b), ord(*expected), "{x:?} vs {y:?}");
        assert_eq!(b.cmp_value(&a), ord(-*expected), "{y:?} vs {x:?}");
    }
}

/// What Kruise's `SetDefaults_ResourceList` (`RoundUp(-3)`) followed by `json.Marshal` emits.
#[test]
fn kruise_defaulting_examples() {
    for (input, emitted) in [
        ("0.1m", "1m"),
        ("1000m", "1"),
        ("1024Mi", "1Gi"),
        ("1.5Gi", "1536Mi"),
        ("0.5", "500m"),
        ("1e3", "1e3"),
        ("100m", "100m"),
        ("250m", "250m"),
        ("128Mi", "128Mi"),
        ("1.5", "1500m"),
        ("2000Mi", "2000Mi"),
        ("2048Mi", "2Gi"),
        ("1G", "1G"),
        ("1000M", "1G"),
        ("0.5Gi", "512Mi"),
        ("500u", "1m"),
    ] {
        let mut got = q(input);
        got.round_up(-3);
        assert_eq!(got.canonical(), emitted, "{input:?}");
    }
}

/// Go echoes the input verbatim when its cheap canonical test passes, and nowhere else.
#[test]
fn remembered_input() {
    for (input, emitted) in
        [("+1", "+1"), ("01", "01"), ("1E3", "1E3"), ("1e+3", "1e+3"), ("1e0", "1e0"), ("+1Ki", "+1Ki"), ("0", "0")]
    {
        assert_eq!(q(input).canonical(), emitted);
    }
    for (input, emitted) in [("+1000", "1k"), ("+8Ki", "8Ki"), ("+0.5", "500m"), ("00", "0"), ("+1.5u", "1500n")] {
        assert_eq!(q(input).canonical(), emitted);
    }
    // Rounding that changes the value forgets the input; rounding that does not, keeps it.
    let mut keeps = q("+1");
    assert!(keeps.round_up(-3));
    assert_eq!(keeps.canonical(), "+1");
    let mut forgets = q("+1u");
    assert!(!forgets.round_up(-3));
    assert_eq!(forgets.canonical(), "1m");
}

#[test]
fn zero_sign_and_values() {
    for zero in ["0", "-0", "0Ki", "0.000", "-", "+", ".", "0e-12"] {
        let z = q(zero);
        assert!(z.is_zero(), "{zero:?}");
        assert_eq!((z.sign(), z.value(), z.milli_value(), z.canonical().as_str()), (0, 0, 0, "0"), "{zero:?}");
    }
    assert_eq!(q("-1.5").sign(), -1);
    assert_eq!(q("1n").sign(), 1);
    assert_eq!(q("1.5").value(), 2);
    assert_eq!(q("-1.5").value(), -2);
    assert_eq!(q("1.5n").milli_value(), 1);
    assert_eq!(Format::BinarySI.as_str(), "BinarySI");
}

/// apimachinery `TestJSONWhitespace`.
#[test]
fn json_text_is_trimmed() {
    for (text, emitted) in
        [(" 1", "1"), ("1 ", "1"), ("1", "1"), ("10", "10"), ("-1", "-1"), (" -1", "-1"), ("\u{a0}2Gi\n", "2Gi")]
    {
        let got = Quantity::parse_json_text(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(got.canonical(), emitted);
    }
    assert!(Quantity::parse_json_text(" ").is_err());
}

/// Tiny deterministic generator for the sweep (no dependencies).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Every operation on every awkward input must return, not panic, and finish quickly.
fn exercise(input: &str, others: &[Quantity]) {
    let Ok(parsed) = Quantity::parse(input) else {
        return;
    };
    let canonical = parsed.canonical();
    let _ = (parsed.value(), parsed.milli_value(), parsed.sign(), parsed.is_zero(), parsed.scaled_value(i32::MAX));
    for other in others {
        let _ = parsed.cmp_value(other);
    }
    for scale in [-9, -3, 0, 3, 30, i32::MAX, i32::MIN, -1_000_000, 1_000_000] {
        let mut rounded = parsed.clone();
        rounded.round_up(scale);
        let _ = (rounded.canonical(), rounded.value(), rounded.milli_value(), rounded.scaled_value(i32::MIN));
    }
    // Canonical output parses back to the same canonical output (short, sane exponents only:
    // past 2^31 Go's own int32 exponent wraps).
    if canonical.len() < 64 && !canonical.contains('e') {
        assert_eq!(q(&canonical).canonical(), canonical, "{input:?}");
    }
}

#[test]
fn no_panic_sweep() {
    let long_digits = "9".repeat(400);
    let long_fraction = format!("0.{}1", "0".repeat(400));
    let awkward = [
        "",
        "-",
        "+",
        ".",
        "-.",
        "+.",
        "1e",
        "1E",
        "e",
        "E",
        "e3",
        "Ki",
        "i",
        "1e999999999999",
        "1e-999999999999",
        "1e9223372036854775807",
        "1e-9223372036854775808",
        "1e99999999999999999999",
        "1.1.1",
        "+-1",
        "-+1",
        "1Ki5",
        "  1",
        "1  ",
        "\t1",
        "1\n",
        "µ",
        "1µ",
        "１",
        "1\u{0}",
        "1e3µ",
        "٣",
        "1.e3",
        ".e3",
        "-e-10",
        "1e+",
        "1e-",
        "1e--3",
        "1e2147483647",
        "1e-2147483648",
        "1.5e-2147483648",
        "9.999999999999999999e2147483647",
        "-9223372036854775808",
        "9223372036854775808Ei",
        "18446744073709551616",
        "0.0000000000000000000000000001",
        "1Ei",
        "8Ei",
        "-8Ei",
        "16Ei",
        "7.9999999999Ei",
        "1023.9999Ki",
        &long_digits,
        &long_fraction,
        "1Ki1",
        "1iK",
        "1KiKi",
        "1mm",
        "1.5.Gi",
        "0x1",
        "1_0",
        "NaN",
        "inf",
        "-inf",
        "1/2",
    ];
    let others: Vec<Quantity> =
        ["0", "1", "-1", "1e2147483647", "-1e2147483647", "1n", "9Ei", "1e-2147483648", &long_digits]
            .iter()
            .filter_map(|s| Quantity::parse(s).ok())
            .collect();
    for input in awkward {
        exercise(input, &others);
        exercise(&format!("-{input}"), &others);
    }
    let pieces = [
        "0",
        "1",
        "9",
        "5",
        "000",
        "123456789",
        ".",
        "..",
        "-",
        "+",
        "e",
        "E",
        "e-",
        "e+",
        "i",
        "Ki",
        "Mi",
        "Ei",
        "n",
        "u",
        "m",
        "k",
        "M",
        "G",
        "T",
        "P",
        "E",
        "18",
        "2147483647",
        "2147483648",
        "4294967296",
        " ",
        "µ",
        "x",
        "é",
    ];
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let len = 1 + rng.next() % 6;
        let input: String = (0..len).map(|_| rng.pick(&pieces)).collect();
        exercise(&input, &others);
    }
}

/// Work is linear in the input's length however large its exponent.
#[test]
fn huge_inputs() {
    let digits = "7".repeat(100_000);
    for input in [
        digits.clone(),
        format!("{digits}e-2147483648"),
        format!("{digits}Ki"),
        format!("0.{digits}Ei"),
        format!("-{digits}.{digits}e123"),
    ] {
        let mut parsed = q(&input);
        let _ = (parsed.canonical(), parsed.value(), parsed.milli_value());
        parsed.round_up(-3);
        let _ = parsed.canonical();
    }
    assert_eq!(q(&format!("{digits}Ki")).canonical(), "9223372036854775807");
    assert_eq!(q("1e-1000").canonical(), "1e-9");
    assert_eq!(q(&format!("0.{}1n", "0".repeat(1000))).canonical(), "1n");
    // Go truncates the parsed exponent to int32: -999999999999 wraps to +727379969.
    assert_eq!(q("1e-999999999999").canonical(), "100e727379967");
}

/// `NewQuantity`, `NewMilliQuantity`, `SetMilli`, `Add` and `Neg`, with the results Go's
/// `resource` package gives (its quantity_test.go `TestAdd`-style cases and Kruise's
/// sidecarset_resources_test.go aggregation sums).
mod arith {
    use super::*;

    fn sum(parts: &[&str]) -> Quantity {
        let mut total = Quantity::new(0, DSI);
        for p in parts {
            total.add(&q(p)).unwrap();
        }
        total
    }

    #[test]
    fn sums_adopt_the_first_non_zero_addends_format() {
        assert_eq!(sum(&["200m", "400m"]).to_string(), "600m");
        assert_eq!(sum(&["200Mi", "400Mi"]).to_string(), "600Mi");
        assert_eq!(sum(&["100Mi", "200Mi"]).format(), BSI);
        assert_eq!(sum(&["0", "1Gi"]).to_string(), "1Gi");
        assert_eq!(sum(&["1Gi", "100Mi"]).to_string(), "1124Mi");
        assert_eq!(sum(&["50m", "100m"]).to_string(), "150m");
        assert_eq!(sum(&["1", "500m"]).to_string(), "1500m");
        assert_eq!(sum(&[]).to_string(), "0");
    }

    #[test]
    fn mixed_signs_and_negation() {
        assert_eq!(sum(&["100m", "-150m"]).to_string(), "-50m");
        let mut x = q("100m");
        x.neg();
        assert_eq!(x.to_string(), "-100m");
        let mut y = q("1.5Gi");
        y.neg();
        assert_eq!(y.to_string(), "-1536Mi");
        let mut min = Quantity::new(i64::MIN, DSI);
        min.neg();
        assert_eq!(min.to_string(), Quantity::new(i64::MIN, DSI).to_string());
    }

    #[test]
    fn overflow_falls_back_to_exact_decimals() {
        let big = sum(&["9223372036854775807", "1"]);
        assert_eq!(big.to_string(), "9223372036854775808");
        assert_eq!(sum(&["9223372036854775807", "9223372036854775807"]).to_string(), "18446744073709551614");
        // An inf.Dec addend (denominator beyond the int64 fast path) keeps exact digits.
        assert_eq!(sum(&["0.0000000001", "1"]).to_string(), "1000000001n");
    }

    #[test]
    fn sums_too_long_to_build_are_refused_without_change() {
        let mut x = q("1e999999999");
        let before = x.clone();
        assert_eq!(x.add(&q("1m")), Err(SumTooLarge));
        assert_eq!(x, before);
    }

    #[test]
    fn constructors_and_set_milli() {
        assert_eq!(Quantity::new_milli(1500, DSI).to_string(), "1500m");
        assert_eq!(Quantity::new(0, DSI).to_string(), "0");
        assert_eq!(Quantity::new(2048, BSI).to_string(), "2Ki");
        let mut m = q("8Gi");
        m.set_milli(m.milli_value() / 2);
        assert_eq!(m.to_string(), "4Gi");
        let mut c = q("300m");
        c.set_milli(150);
        assert_eq!((c.to_string(), c.format()), ("150m".to_string(), DSI));
    }
}
