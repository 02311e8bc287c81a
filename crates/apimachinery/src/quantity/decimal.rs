//! The exact-decimal side of `Quantity` (Go's `inf.Dec`) and the digit arithmetic of the
//! canonical forms: base-1024 output and the scaled `int64` values of both representations.

use super::*;

/// `AsCanonicalBase1024Bytes` + binary suffix for an integer value; `None` if too long to
/// write out (see [`MAX_BINARY_DIGITS`]).
pub(super) fn binary_canonical(value: &Decimal) -> Option<String> {
    if len_i64(&value.digits).saturating_add(value.exp) > MAX_BINARY_DIGITS {
        return None;
    }
    let zeros = usize::try_from(value.exp).ok()?;
    let mut digits = value.digits.clone();
    digits.resize(digits.len() + zeros, 0);
    let mut times = 0u32;
    loop {
        let (quotient, remainder) = div_1024(&digits);
        if remainder != 0 || digits.is_empty() {
            break;
        }
        digits = quotient;
        times += 1;
    }
    let mut out = String::with_capacity(digits.len() + 3);
    if value.neg {
        out.push('-');
    }
    out.extend(digits.iter().map(|&d| char::from(b'0' + d)));
    // Only 2^10..2^60 have suffixes; Go silently drops any other.
    out.push_str(match times {
        1 => "Ki",
        2 => "Mi",
        3 => "Gi",
        4 => "Ti",
        5 => "Pi",
        6 => "Ei",
        _ => "",
    });
    Some(out)
}

/// Digits (most significant first, no leading zeros) divided by 1024: (quotient, remainder).
pub(super) fn div_1024(digits: &[u8]) -> (Vec<u8>, u32) {
    let mut quotient = Vec::with_capacity(digits.len());
    let mut remainder = 0u32;
    for &d in digits {
        let cur = remainder * 10 + u32::from(d);
        let q = (cur / 1024) as u8;
        if q != 0 || !quotient.is_empty() {
            quotient.push(q);
        }
        remainder = cur % 1024;
    }
    (quotient, remainder)
}

/// Go's `negativeScaleInt64`: divide by 10^scale rounding away from zero; a non-positive scale
/// (Go's loop does not run) leaves the value alone and reports it exact.
pub(super) fn negative_scale_int64(base: i64, scale: i32) -> (i64, bool) {
    if scale == 0 {
        return (base, true);
    }
    let mut value = base;
    let mut fraction = false;
    for _ in 0..scale.max(0) {
        if value % 10 != 0 {
            fraction = true;
        }
        value /= 10;
        if value == 0 {
            if fraction {
                return (if base > 0 { 1 } else { -1 }, false);
            }
            return (0, true);
        }
    }
    if fraction {
        value = if base > 0 { value.wrapping_add(1) } else { value.wrapping_sub(1) };
    }
    (value, !fraction)
}

/// Go's `positiveScaleInt64`: multiply by 10^scale. Go's ok flag is dropped (nothing here
/// reads it); on overflow Go returns the wrapped product for scales 1, 2, 3, 6 and 9 (its
/// unrolled cases), 0 for the looped ones and for `i64::MIN`; a negative scale leaves the value
/// alone (Go's loop does not run).
pub(super) fn positive_scale_int64(base: i64, scale: i32) -> i64 {
    match scale {
        0 => base,
        1 | 2 | 3 | 6 | 9 => {
            // Go's int64MultiplyScale* special-case 0 and 1, then refuse i64::MIN.
            if base == i64::MIN { 0 } else { base.wrapping_mul(10i64.pow(scale.unsigned_abs())) }
        }
        _ => {
            let mut value = base;
            for _ in 0..scale.max(0) {
                if value == 0 {
                    break;
                }
                match value.checked_mul(10) {
                    Some(v) => value = v,
                    None => return 0,
                }
            }
            value
        }
    }
}

/// Go's `scaledValue(unscaled, scale, newScale)` for an inf.Dec whose unscaled integer is
/// `value × 10^scale`, including its int64 wrap-around and the amd64 conversion of an
/// out-of-range float to `i64::MIN`.
pub(super) fn dec_scaled_value(value: &Decimal, scale: i64, new_scale: i64) -> i64 {
    if value.is_zero() {
        return 0;
    }
    // The unscaled integer is digits × 10^shift (shift >= 0 for every value Go can build).
    let shift = value.exp.saturating_add(scale).max(0);
    let dif = scale.saturating_sub(new_scale);
    if dif == 0 {
        return value.low64(shift);
    }
    if dif < 0 {
        let multiplier = match u32::try_from(dif.unsigned_abs()) {
            Ok(n) if n <= 18 => 10i64.pow(n),
            _ => i64::MIN,
        };
        return value.low64(shift).wrapping_mul(multiplier);
    }
    let below_max = value.neg || {
        let width = len_i64(&value.digits).saturating_add(shift);
        width < 19 || (width == 19 && (value.low64(shift) as u64) < i64::MAX as u64)
    };
    if below_max && dif < 19 {
        let unscaled = value.low64(shift);
        let divisor = 10i64.pow(dif as u32);
        let result = unscaled / divisor;
        return if unscaled % divisor != 0 { result.wrapping_add(1) } else { result };
    }
    // Euclidean big-integer division by 10^dif, then low 64 bits (+1 if inexact): ceil.
    if shift >= dif {
        return value.low64(shift - dif);
    }
    let drop = usize::try_from(dif - shift).unwrap_or(usize::MAX);
    let keep = value.digits.len().saturating_sub(drop);
    let truncated = Decimal::new(value.neg, sub(&value.digits, 0, keep).to_vec(), 0);
    let low = truncated.low64(truncated.exp);
    if value.neg { low } else { low.wrapping_add(1) }
}

/// An exact decimal `±digits × 10^exp`: no leading or trailing zero digits, and no digits at all
/// for zero (which is never negative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Decimal {
    pub(super) neg: bool,
    /// Decimal digits 0..=9, most significant first.
    pub(super) digits: Vec<u8>,
    pub(super) exp: i64,
}

impl Decimal {
    pub(super) fn new(neg: bool, mut digits: Vec<u8>, exp: i64) -> Decimal {
        let leading = digits.iter().take_while(|&&d| d == 0).count();
        digits.drain(..leading);
        let trailing = digits.iter().rev().take_while(|&&d| d == 0).count();
        digits.truncate(digits.len() - trailing);
        if digits.is_empty() {
            return Decimal { neg: false, digits, exp: 0 };
        }
        Decimal { neg, digits, exp: exp.saturating_add(i64::try_from(trailing).unwrap_or(i64::MAX)) }
    }

    pub(super) fn from_i64(v: i64) -> Decimal {
        let digits = v.unsigned_abs().to_string().bytes().map(|c| c - b'0').collect();
        Decimal::new(v < 0, digits, 0)
    }

    pub(super) fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    pub(super) fn sign(&self) -> i32 {
        match (self.is_zero(), self.neg) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        }
    }

    pub(super) fn to_digit_string(&self) -> String {
        let mut s = String::with_capacity(self.digits.len() + 1);
        if self.neg {
            s.push('-');
        }
        s.extend(self.digits.iter().map(|&d| char::from(b'0' + d)));
        s
    }

    /// Compares magnitudes.
    pub(super) fn cmp_abs(&self, other: &Decimal) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        // Position just above the leading digit, then the digits themselves (no trailing zeros,
        // so lexicographic order is numeric order).
        let top = |d: &Decimal| d.exp.saturating_add(len_i64(&d.digits));
        top(self).cmp(&top(other)).then_with(|| self.digits.cmp(&other.digits))
    }

    /// Compares values.
    pub(super) fn cmp_signed(&self, other: &Decimal) -> Ordering {
        match self.sign().cmp(&other.sign()) {
            Ordering::Equal if self.neg => self.cmp_abs(other).reverse(),
            Ordering::Equal => self.cmp_abs(other),
            unequal => unequal,
        }
    }

    /// `inf.Dec.Round(x, -scale, inf.RoundUp)`: the nearest multiple of 10^scale away from zero,
    /// and whether that is the value itself.
    pub(super) fn round_up_to(&self, scale: i64) -> (Decimal, bool) {
        if self.is_zero() || self.exp >= scale {
            return (self.clone(), true);
        }
        let drop = usize::try_from(scale.saturating_sub(self.exp)).unwrap_or(usize::MAX);
        if drop >= self.digits.len() {
            return (Decimal { neg: self.neg, digits: vec![1], exp: scale }, false);
        }
        // The dropped digits end in a non-zero digit, so the kept part is incremented.
        let mut digits = self.digits.clone();
        digits.truncate(self.digits.len() - drop);
        let mut carry = true;
        for d in digits.iter_mut().rev() {
            if *d == 9 {
                *d = 0;
            } else {
                *d += 1;
                carry = false;
                break;
            }
        }
        if carry {
            digits.insert(0, 1);
        }
        (Decimal::new(self.neg, digits, scale), false)
    }

    /// The value times 2^power (power <= 63).
    pub(super) fn mul_pow2(&self, power: u32) -> Decimal {
        let factor = 1u128.checked_shl(power).unwrap_or(0);
        let mut out = Vec::with_capacity(self.digits.len() + 20);
        let mut carry: u128 = 0;
        for &d in self.digits.iter().rev() {
            let cur = u128::from(d) * factor + carry;
            out.push((cur % 10) as u8);
            carry = cur / 10;
        }
        while carry > 0 {
            out.push((carry % 10) as u8);
            carry /= 10;
        }
        out.reverse();
        Decimal::new(self.neg, out, self.exp)
    }

    /// Go's `big.Int.Int64()` of `digits × 10^shift` with this sign: the low 64 bits of the
    /// magnitude, negated if negative.
    pub(super) fn low64(&self, shift: i64) -> i64 {
        let mut low = self.digits.iter().fold(0u64, |acc, &d| acc.wrapping_mul(10).wrapping_add(u64::from(d)));
        // 10^64 is a multiple of 2^64, so longer shifts leave nothing.
        let shift = u32::try_from(shift.clamp(0, 64)).unwrap_or(64);
        low = low.wrapping_mul(10u64.wrapping_pow(shift));
        let low = low as i64;
        if self.neg { low.wrapping_neg() } else { low }
    }
}
