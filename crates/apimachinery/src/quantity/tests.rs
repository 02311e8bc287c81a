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
const PARSE: &[(&str, &str, Format)] = &[
    ("0", "0", DSI),
    ("-0", "0", DSI),
    ("+0", "0", DSI),
    ("0n", "0", DSI),
    ("-0n", "0", DSI),
    ("+0n", "0", DSI),
    ("0u", "0", DSI),
    ("-0u", "0", DSI),
    ("+0u", "0", DSI),
    ("0m", "0", DSI),
    ("-0m", "0", DSI),
    ("+0m", "0", DSI),
    ("0Ki", "0", BSI),
    ("-0Ki", "0", BSI),
    ("+0Ki", "0", BSI),
    ("0k", "0", DSI),
    ("-0k", "0", DSI),
    ("+0k", "0", DSI),
    ("0Mi", "0", BSI),
    ("-0Mi", "0", BSI),
    ("+0Mi", "0", BSI),
    ("0M", "0", DSI),
    ("-0M", "0", DSI),
    ("+0M", "0", DSI),
    ("0Gi", "0", BSI),
    ("-0Gi", "0", BSI),
    ("+0Gi", "0", BSI),
    ("0G", "0", DSI),
    ("-0G", "0", DSI),
    ("+0G", "0", DSI),
    ("0Ti", "0", BSI),
    ("-0Ti", "0", BSI),
    ("+0Ti", "0", BSI),
    ("0T", "0", DSI),
    ("-0T", "0", DSI),
    ("+0T", "0", DSI),
    ("1", "1", DSI),
    ("-1", "-1", DSI),
    ("+1", "+1", DSI),
    ("1Ki", "1Ki", BSI),
    ("-1Ki", "-1Ki", BSI),
    ("+1Ki", "+1Ki", BSI),
    ("8Ki", "8Ki", BSI),
    ("-8Ki", "-8Ki", BSI),
    ("+8Ki", "8Ki", BSI),
    ("7Mi", "7Mi", BSI),
    ("-7Mi", "-7Mi", BSI),
    ("+7Mi", "+7Mi", BSI),
    ("6Gi", "6Gi", BSI),
    ("-6Gi", "-6Gi", BSI),
    ("+6Gi", "+6Gi", BSI),
    ("5Ti", "5Ti", BSI),
    ("-5Ti", "-5Ti", BSI),
    ("+5Ti", "+5Ti", BSI),
    ("4Pi", "4Pi", BSI),
    ("-4Pi", "-4Pi", BSI),
    ("+4Pi", "4Pi", BSI),
    ("3Ei", "3Ei", BSI),
    ("-3Ei", "-3Ei", BSI),
    ("+3Ei", "3Ei", BSI),
    ("10Ti", "10Ti", BSI),
    ("-10Ti", "-10Ti", BSI),
    ("+10Ti", "+10Ti", BSI),
    ("100Ti", "100Ti", BSI),
    ("-100Ti", "-100Ti", BSI),
    ("+100Ti", "100Ti", BSI),
    ("5n", "5n", DSI),
    ("-5n", "-5n", DSI),
    ("+5n", "+5n", DSI),
    ("4u", "4u", DSI),
    ("-4u", "-4u", DSI),
    ("+4u", "+4u", DSI),
    ("3m", "3m", DSI),
    ("-3m", "-3m", DSI),
    ("+3m", "+3m", DSI),
    ("9", "9", DSI),
    ("-9", "-9", DSI),
    ("+9", "+9", DSI),
    ("8k", "8k", DSI),
    ("-8k", "-8k", DSI),
    ("+8k", "+8k", DSI),
    ("50k", "50k", DSI),
    ("-50k", "-50k", DSI),
    ("+50k", "+50k", DSI),
    ("7M", "7M", DSI),
    ("-7M", "-7M", DSI),
    ("+7M", "+7M", DSI),
    ("6G", "6G", DSI),
    ("-6G", "-6G", DSI),
    ("+6G", "+6G", DSI),
    ("5T", "5T", DSI),
    ("-5T", "-5T", DSI),
    ("+5T", "+5T", DSI),
    ("40T", "40T", DSI),
    ("-40T", "-40T", DSI),
    ("+40T", "+40T", DSI),
    ("300T", "300T", DSI),
    ("-300T", "-300T", DSI),
    ("+300T", "+300T", DSI),
    ("2P", "2P", DSI),
    ("-2P", "-2P", DSI),
    ("+2P", "+2P", DSI),
    ("1E", "1E", DSI),
    ("-1E", "-1E", DSI),
    ("+1E", "+1E", DSI),
    ("1E-3", "1E-3", DEX),
    ("-1E-3", "-1E-3", DEX),
    ("+1E-3", "+1E-3", DEX),
    ("1e3", "1e3", DEX),
    ("-1e3", "-1e3", DEX),
    ("+1e3", "+1e3", DEX),
    ("1E6", "1E6", DEX),
    ("-1E6", "-1E6", DEX),
    ("+1E6", "+1E6", DEX),
    ("1e9", "1e9", DEX),
    ("-1e9", "-1e9", DEX),
    ("+1e9", "+1e9", DEX),
    ("1E12", "1E12", DEX),
    ("-1E12", "-1E12", DEX),
    ("+1E12", "+1E12", DEX),
    ("1e15", "1e15", DEX),
    ("-1e15", "-1e15", DEX),
    ("+1e15", "+1e15", DEX),
    ("1E18", "1E18", DEX),
    ("-1E18", "-1E18", DEX),
    ("+1E18", "+1E18", DEX),
    ("1e14", "100e12", DEX),
    ("-1e14", "-100e12", DEX),
    ("+1e14", "100e12", DEX),
    ("1e13", "10e12", DEX),
    ("-1e13", "-10e12", DEX),
    ("+1e13", "10e12", DEX),
    ("100.035k", "100.035k", DSI),
    ("-100.035k", "-100.035k", DSI),
    ("+100.035k", "+100.035k", DSI),
    ("0.001", "1m", DSI),
    ("-0.001", "-1m", DSI),
    ("+0.001", "1m", DSI),
    ("0.0005k", "500m", DSI),
    ("-0.0005k", "-500m", DSI),
    ("+0.0005k", "500m", DSI),
    ("0.005", "5m", DSI),
    ("-0.005", "-5m", DSI),
    ("+0.005", "5m", DSI),
    ("0.05", "50m", DSI),
    ("-0.05", "-50m", DSI),
    ("+0.05", "50m", DSI),
    ("0.5", "500m", DSI),
    ("-0.5", "-500m", DSI),
    ("+0.5", "500m", DSI),
    ("0.00050k", "500m", DSI),
    ("-0.00050k", "-500m", DSI),
    ("+0.00050k", "500m", DSI),
    ("0.00500", "5m", DSI),
    ("-0.00500", "-5m", DSI),
    ("+0.00500", "5m", DSI),
    ("0.05000", "50m", DSI),
    ("-0.05000", "-50m", DSI),
    ("+0.05000", "50m", DSI),
    ("0.50000", "500m", DSI),
    ("-0.50000", "-500m", DSI),
    ("+0.50000", "500m", DSI),
    ("0.5e0", "500e-3", DEX),
    ("-0.5e0", "-500e-3", DEX),
    ("+0.5e0", "500e-3", DEX),
    ("0.5e-1", "50e-3", DEX),
    ("-0.5e-1", "-50e-3", DEX),
    ("+0.5e-1", "50e-3", DEX),
    ("0.5e-2", "5e-3", DEX),
    ("-0.5e-2", "-5e-3", DEX),
    ("+0.5e-2", "5e-3", DEX),
    ("10.035M", "10.035M", DSI),
    ("-10.035M", "-10.035M", DSI),
    ("+10.035M", "+10.035M", DSI),
    ("1.2e3", "1200", DEX),
    ("-1.2e3", "-1200", DEX),
    ("+1.2e3", "1200", DEX),
    ("1.3E+6", "1300e3", DEX),
    ("-1.3E+6", "-1300e3", DEX),
    ("+1.3E+6", "1300e3", DEX),
    ("1.40e9", "1400e6", DEX),
    ("-1.40e9", "-1400e6", DEX),
    ("+1.40e9", "1400e6", DEX),
    ("1.53E12", "1530e9", DEX),
    ("-1.53E12", "-1530e9", DEX),
    ("+1.53E12", "1530e9", DEX),
    ("1.6e15", "1600e12", DEX),
    ("-1.6e15", "-1600e12", DEX),
    ("+1.6e15", "1600e12", DEX),
    ("1.7E18", "1700e15", DEX),
    ("-1.7E18", "-1700e15", DEX),
    ("+1.7E18", "1700e15", DEX),
    ("9.01", "9010m", DSI),
    ("-9.01", "-9010m", DSI),
    ("+9.01", "9010m", DSI),
    ("8.1k", "8100", DSI),
    ("-8.1k", "-8100", DSI),
    ("+8.1k", "8100", DSI),
    ("7.123456M", "7.123456M", DSI),
    ("-7.123456M", "-7.123456M", DSI),
    ("+7.123456M", "+7.123456M", DSI),
    ("6.987654321G", "6.987654321G", DSI),
    ("-6.987654321G", "-6.987654321G", DSI),
    ("+6.987654321G", "+6.987654321G", DSI),
    ("5.444T", "5.444T", DSI),
    ("-5.444T", "-5.444T", DSI),
    ("+5.444T", "+5.444T", DSI),
    ("40.1T", "40100G", DSI),
    ("-40.1T", "-40100G", DSI),
    ("+40.1T", "40100G", DSI),
    ("300.2T", "300200G", DSI),
    ("-300.2T", "-300200G", DSI),
    ("+300.2T", "300200G", DSI),
    ("2.5P", "2500T", DSI),
    ("-2.5P", "-2500T", DSI),
    ("+2.5P", "2500T", DSI),
    ("1.01E", "1010P", DSI),
    ("-1.01E", "-1010P", DSI),
    ("+1.01E", "1010P", DSI),
    ("3.001n", "4n", DSI),
    ("-3.001n", "-4n", DSI),
    ("+3.001n", "4n", DSI),
    ("1.1E-9", "2e-9", DEX),
    ("-1.1E-9", "-2e-9", DEX),
    ("+1.1E-9", "2e-9", DEX),
    ("0.0000000001", "1n", DSI),
    ("-0.0000000001", "-1n", DSI),
    ("+0.0000000001", "1n", DSI),
    ("0.0000000005", "1n", DSI),
    ("-0.0000000005", "-1n", DSI),
    ("+0.0000000005", "1n", DSI),
    ("0.00000000050", "1n", DSI),
    ("-0.00000000050", "-1n", DSI),
    ("+0.00000000050", "1n", DSI),
    ("0.5e-9", "1e-9", DEX),
    ("-0.5e-9", "-1e-9", DEX),
    ("+0.5e-9", "1e-9", DEX),
    ("0.9n", "1n", DSI),
    ("-0.9n", "-1n", DSI),
    ("+0.9n", "1n", DSI),
    ("0.00000012345", "124n", DSI),
    ("-0.00000012345", "-124n", DSI),
    ("+0.00000012345", "124n", DSI),
    ("0.00000012354", "124n", DSI),
    ("-0.00000012354", "-124n", DSI),
    ("+0.00000012354", "124n", DSI),
    ("9Ei", "9223372036854775807", BSI),
    ("-9Ei", "-9223372036854775807", BSI),
    ("+9Ei", "9223372036854775807", BSI),
    ("9223372036854775807Ki", "9223372036854775807", BSI),
    ("-9223372036854775807Ki", "-9223372036854775807", BSI),
    ("+9223372036854775807Ki", "9223372036854775807", BSI),
    ("12E", "12E", DSI),
    ("-12E", "-12E", DSI),
    ("+12E", "+12E", DSI),
    ("100.035Ki", "102435840m", BSI),
    ("-100.035Ki", "-102435840m", BSI),
    ("+100.035Ki", "102435840m", BSI),
    ("0.5Mi", "512Ki", BSI),
    ("-0.5Mi", "-512Ki", BSI),
    ("+0.5Mi", "512Ki", BSI),
    ("0.05Gi", "53687091200m", BSI),
    ("-0.05Gi", "-53687091200m", BSI),
    ("+0.05Gi", "53687091200m", BSI),
    ("0.025Ti", "27487790694400m", BSI),
    ("-0.025Ti", "-27487790694400m", BSI),
    ("+0.025Ti", "27487790694400m", BSI),
    ("0.000000000001Ki", "2n", DSI),
    ("-0.000000000001Ki", "-2n", DSI),
    ("+0.000000000001Ki", "2n", DSI),
    (".001", "1m", DSI),
    ("-.001", "-1m", DSI),
    ("+.001", "1m", DSI),
    (".0001k", "100m", DSI),
    ("-.0001k", "-100m", DSI),
    ("+.0001k", "100m", DSI),
    ("1.", "1.", DSI),
    ("-1.", "-1.", DSI),
    ("+1.", "+1.", DSI),
    ("1.G", "1.G", DSI),
    ("-1.G", "-1.G", DSI),
    ("+1.G", "+1.G", DSI),
];

/// apimachinery `TestQuantityParseEmit`/`TestQuantityString` (canonical and alternate forms)
/// plus Kruise-relevant values and Go quirks: (input, canonical, format, Value(), MilliValue()).
const EMIT: &[(&str, &str, Format, i64, i64)] = &[
    ("1Ki", "1Ki", BSI, 1024, 1024000),
    ("1Mi", "1Mi", BSI, 1048576, 1048576000),
    ("1Gi", "1Gi", BSI, 1073741824, 1073741824000),
    ("1024Mi", "1Gi", BSI, 1073741824, 1073741824000),
    ("1000M", "1G", DSI, 1000000000, 1000000000000),
    (".001Ki", "1024m", BSI, 2, 1024),
    (".000001Ki", "1024u", DSI, 1, 2),
    (".000000001Ki", "1024n", DSI, 1, 1),
    (".000000000001Ki", "2n", DSI, 1, 1),
    ("1Gi", "1Gi", BSI, 1073741824, 1073741824000),
    ("1024Mi", "1Gi", BSI, 1073741824, 1073741824000),
    ("300Mi", "300Mi", BSI, 314572800, 314572800000),
    ("307200Ki", "300Mi", BSI, 314572800, 314572800000),
    ("6Ki", "6Ki", BSI, 6144, 6144000),
    ("1001Gi", "1001Gi", BSI, 1074815565824, 1074815565824000),
    ("1025024Mi", "1001Gi", BSI, 1074815565824, 1074815565824000),
    ("1Ti", "1Ti", BSI, 1099511627776, 1099511627776000),
    ("1024Gi", "1Ti", BSI, 1099511627776, 1099511627776000),
    ("5", "5", DSI, 5, 5000),
    ("5000m", "5", DSI, 5, 5000),
    ("500m", "500m", DSI, 1, 500),
    ("0.5", "500m", DSI, 1, 500),
    ("1G", "1G", DSI, 1000000000, 1000000000000),
    ("1000M", "1G", DSI, 1000000000, 1000000000000),
    ("0.001T", "1G", DSI, 1000000000, 1000000000000),
    ("1000000k", "1G", DSI, 1000000000, 1000000000000),
    ("1000000000", "1G", DSI, 1000000000, 1000000000000),
    ("1m", "1m", DSI, 1, 1),
    ("1000u", "1m", DSI, 1, 1),
    ("80m", "80m", DSI, 1, 80),
    ("1080m", "1080m", DSI, 2, 1080),
    ("1.08", "1080m", DSI, 2, 1080),
    ("1080000000n", "1080m", DSI, 2, 1080),
    ("300M", "300M", DSI, 300000000, 300000000000),
    ("1T", "1T", DSI, 1000000000000, 1000000000000000),
    ("1234567M", "1234567M", DSI, 1234567000000, 1234567000000000),
    ("1234567m", "1234567m", DSI, 1235, 1234567),
    ("3k", "3k", DSI, 3000, 3000000),
    ("1025", "1025", DSI, 1025, 1025000),
    ("1e9", "1e9", DEX, 1000000000, 1000000000000),
    (".001e12", "1e9", DEX, 1000000000, 1000000000000),
    ("1e-3", "1e-3", DEX, 1, 1),
    ("0.001e0", "1e-3", DEX, 1, 1),
    ("1e-9", "1e-9", DEX, 1, 1),
    ("1000e-12", "1e-9", DEX, 1, 1),
    ("80e-3", "80e-3", DEX, 1, 80),
    ("300e6", "300e6", DEX, 300000000, 300000000000),
    ("1e12", "1e12", DEX, 1000000000000, 1000000000000000),
    ("3e3", "3e3", DEX, 3000, 3000000),
    ("00", "0", DSI, 0, 0),
    ("1n", "1n", DSI, 1, 1),
    ("80n", "80n", DSI, 1, 1),
    ("1080n", "1080n", DSI, 1, 1),
    ("1u", "1u", DSI, 1, 1),
    ("80u", "80u", DSI, 1, 1),
    ("1080u", "1080u", DSI, 1, 2),
    ("0.1m", "100u", DSI, 1, 1),
    ("1000m", "1", DSI, 1, 1000),
    ("1.5Gi", "1536Mi", BSI, 1610612736, 1610612736000),
    ("1e3", "1e3", DEX, 1000, 1000000),
    ("1536Mi", "1536Mi", BSI, 1610612736, 1610612736000),
    ("1.1Ki", "1126400m", BSI, 1127, 1126400),
    ("0.5Ki", "512", BSI, 512, 512000),
    ("1023", "1023", DSI, 1023, 1023000),
    ("1024", "1024", DSI, 1024, 1024000),
    ("1025Ki", "1025Ki", BSI, 1049600, 1049600000),
    ("8Ei", "9223372036854775807", BSI, 9223372036854775807, -1000),
    ("16Ei", "9223372036854775807", BSI, 9223372036854775807, -1000),
    ("9223372036854775808", "9223372036854775808", DSI, -9223372036854775808, 0),
    ("99999999999999999999", "99999999999999999999", DSI, 7766279631452241919, 200376420520688664),
    (
        "123456789012345678901234567890",
        "123456789012345678901234567890",
        DSI,
        -4362896299872285998,
        8982045596877734992,
    ),
    ("0.123456789012345678901", "123456790n", DSI, 1, 124),
    ("1000E", "1", DSI, 0, 0),
    ("1000000E", "1", DSI, 0, 0),
    ("1e21", "1e21", DEX, 0, 0),
    ("1e2147483647", "10e2147483646", DEX, 0, 1),
    ("1.5e-2147483648", "150e2147483646", DEX, 0, 15),
    ("10e2147483647", "10e2147483647", DEX, 0, 10),
    ("1e4294967296", "1e4294967296", DEX, 1, 1000),
    ("1e4294967299", "1e4294967299", DEX, 1000, 1000000),
    ("1e9223372036854775807", "100e-3", DEX, 1, 100),
    ("1e-9223372036854775808", "1e-9223372036854775808", DEX, 1, 1000),
    ("1e-999999999999", "100e727379967", DEX, 0, 0),
    ("+1", "+1", DSI, 1, 1000),
    ("+1Ki", "+1Ki", BSI, 1024, 1024000),
    ("01", "01", DSI, 1, 1000),
    ("-01", "-01", DSI, -1, -1000),
    ("001m", "001m", DSI, 1, 1),
    ("1E3", "1E3", DEX, 1000, 1000000),
    ("1e+3", "1e+3", DEX, 1000, 1000000),
    ("1e03", "1e03", DEX, 1000, 1000000),
    ("1e0", "1e0", DEX, 1, 1000),
    ("1.0", "1", DSI, 1, 1000),
    ("-0", "0", DSI, 0, 0),
    ("+0", "0", DSI, 0, 0),
    ("-", "0", DSI, 0, 0),
    ("+", "0", DSI, 0, 0),
    (".", "0", DSI, 0, 0),
    ("-.", "0", DSI, 0, 0),
    ("1.G", "1.G", DSI, 1000000000, 1000000000000),
    ("-e-9", "0", DEX, 0, 0),
    ("1E", "1E", DSI, 1000000000000000000, 0),
];

/// apimachinery's invalid inputs plus more: (input, Go error).
const INVALID: &[(&str, &str)] = &[
    ("", ERR_FORMAT_WRONG),
    ("1.1.M", ERR_FORMAT_WRONG),
    ("1+1.0M", ERR_FORMAT_WRONG),
    ("0.1mi", ERR_SUFFIX),
    ("0.1am", ERR_FORMAT_WRONG),
    ("aoeu", ERR_FORMAT_WRONG),
    (".5i", ERR_SUFFIX),
    ("1i", ERR_SUFFIX),
    ("-3.01i", ERR_SUFFIX),
    ("-3.01e-", ERR_SUFFIX),
    (" 1", ERR_FORMAT_WRONG),
    ("1 ", ERR_FORMAT_WRONG),
    ("Non-Numeric", ERR_FORMAT_WRONG),
    ("1.1.1", ERR_FORMAT_WRONG),
    ("1Ki5", ERR_SUFFIX),
    ("+-1", ERR_SUFFIX),
    ("-+1", ERR_SUFFIX),
    ("1e", ERR_SUFFIX),
    ("1ee3", ERR_SUFFIX),
    ("1e9223372036854775808", ERR_SUFFIX),
    ("e-10", ERR_NUMERIC),
    (".e-10", ERR_NUMERIC),
    ("-e-10", ERR_NUMERIC),
    ("1KiB", ERR_FORMAT_WRONG),
    ("1K", ERR_SUFFIX),
    ("1k5", ERR_SUFFIX),
    ("1e-", ERR_SUFFIX),
    ("1e+", ERR_SUFFIX),
    ("1E+", ERR_SUFFIX),
    ("µ", ERR_FORMAT_WRONG),
    ("1µ", ERR_FORMAT_WRONG),
    ("1 Ki", ERR_FORMAT_WRONG),
    ("1,5", ERR_FORMAT_WRONG),
    ("0x10", ERR_FORMAT_WRONG),
    ("1_000", ERR_FORMAT_WRONG),
    ("1e3.5", ERR_FORMAT_WRONG),
    ("--1", ERR_SUFFIX),
    ("++1", ERR_SUFFIX),
];

/// apimachinery `TestQuantityRoundUp` plus Kruise's `RoundUp(-3)` cases:
/// (input, scale, exact, canonical after, MilliValue() after).
const ROUND_UP: &[(&str, i32, bool, &str, i64)] = &[
    ("9.01", -3, true, "9010m", 9010),
    ("9.01", -2, true, "9010m", 9010),
    ("9.01", -1, false, "9100m", 9100),
    ("9.01", 0, false, "10", 10000),
    ("9.01", 1, false, "10", 10000),
    ("9.01", 2, false, "100", 100000),
    ("-9.01", -3, true, "-9010m", -9010),
    ("-9.01", -2, true, "-9010m", -9010),
    ("-9.01", -1, false, "-9100m", -9100),
    ("-9.01", 0, false, "-10", -10000),
    ("-9.01", 1, false, "-10", -10000),
    ("-9.01", 2, false, "-100", -100000),
    ("0.1m", -3, false, "1m", 1),
    ("1n", -3, false, "1m", 1),
    ("1.5n", -3, false, "1m", 1),
    ("100u", -3, false, "1m", 1),
    ("1001u", -3, false, "2m", 2),
    ("-1001u", -3, false, "-2m", -2),
    ("1m", -3, true, "1m", 1),
    ("1", -3, true, "1", 1000),
    ("+1", -3, true, "+1", 1000),
    ("1.0", -3, true, "1", 1000),
    ("1Gi", -3, true, "1Gi", 1073741824000),
    ("1.5Gi", -3, true, "1536Mi", 1610612736000),
    ("0.5", -3, true, "500m", 500),
    ("0.0001", -3, false, "1m", 1),
    ("1e3", -3, true, "1e3", 1000000),
    ("1e-3", -3, true, "1e-3", 1),
    ("1e-4", -3, false, "1e-3", 1),
    ("1.1Ki", -3, true, "1126400m", 1126400),
    (".001Ki", -3, true, "1024m", 1024),
    ("123456789012345678901234u", -3, false, "123456789012345678902m", -5670419503621182410),
    ("9Ei", -3, true, "9223372036854775807", -1000),
    ("999999999999999999n", -3, false, "1G", 1000000000000),
    ("1E", -3, true, "1E", 0),
    ("0", -3, true, "0", 0),
    ("0.0000000001", -3, false, "1m", 1),
    ("1Ki", 3, false, "2000", 2000000),
    ("1Ki", 0, true, "1Ki", 1024000),
    ("9223372036854775807", 3, false, "9223372036854776k", 192000),
    ("1n", 2147483647, true, "10", 1),
    ("5", -2147483648, true, "5", 5000),
    ("12345", 2, false, "12400", 12400000),
    ("-12345", 2, false, "-12400", -12400000),
    ("999", 2, false, "1k", 1000000),
    ("123456789012345678901234567890", 25, false, "123460", 0),
];

/// apimachinery `TestQuantityCmp`/`TestQuantityCmpInt64AndDec` (as strings) plus more:
/// (x, y, Go's x.Cmp(y)).
const CMP: &[(&str, &str, i32)] = &[
    ("0", "0", 0),
    ("100m", "50m", 1),
    ("50m", "100m", -1),
    ("10000T", "100Gi", 1),
    ("9.01", "9.01", 0),
    ("9.0", "9.01", -1),
    ("9.01", "9.00", 1),
    ("0", "0", 0),
    ("0e1", "0e-1", 0),
    ("800m", "1", -1),
    ("800m", "0.79", 1),
    ("9223372036854775807", "0.1", 1),
    ("92233720368547758070", "1", 1),
    ("92233720368547758070", "10", 1),
    ("92233720368547758070", "0e1", 1),
    ("922.33720368547758070", "1e3", -1),
    ("-9223372036854775808", "0", -1),
    ("-9.223372036854775808", "-1", -1),
    ("-0.9223372036854775808", "-1", 1),
    ("10", "1e1", 0),
    ("10", "-10", 1),
    ("-10", "-10", 0),
    ("10", "1", 1),
    ("10.00000000000000001", "1e1", 1),
    ("9.99999999999999999", "1e1", 0),
    ("1Ki", "1024", 0),
    ("1Ki", "1.024k", 0),
    ("1Ki", "1023999m", 1),
    ("9Ei", "9223372036854775807", 0),
    ("8Ei", "9223372036854775808", -1),
    ("1n", "0.0000000001", 0),
    ("-1n", "-0.0000000001", 0),
    ("1e-3", "1m", 0),
    ("1000000000n", "1", 0),
    ("-0", "0Ki", 0),
    ("123456789012345678901234567890", "123456789012345678901234567891", -1),
    ("-123456789012345678901234567890", "-123456789012345678901234567891", 1),
    ("1E", "1000P", 0),
    ("1000E", "1e21", 0),
    ("1e21", "1e20", 1),
    ("1.5Gi", "1536Mi", 0),
    ("1.5Gi", "1610612737", -1),
];

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
