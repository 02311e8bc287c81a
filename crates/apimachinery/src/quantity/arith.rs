//! Quantity construction and arithmetic: `NewQuantity`, `NewMilliQuantity`, `SetMilli`, `Add`
//! and `Neg` of `k8s.io/apimachinery/pkg/api/resource` (quantity.go, amount.go), following
//! Go's two representations: an int64 sum stays an `int64Amount` while it fits, and falls back
//! to the exact `inf.Dec` form when it does not.

use super::*;

/// The most digits an exact sum may have. Real quantities have at most about 40 digits; only
/// addends like `1e999999999` and `1m` are further apart, and Go would build a big integer
/// of a billion digits for them.
const MAX_SUM_DIGITS: i64 = 4096;

/// `Add` refused to build a sum: its addends are too far apart in magnitude.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SumTooLarge;

impl fmt::Display for SumTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the exact sum of these quantities would need more than {MAX_SUM_DIGITS} digits")
    }
}

impl std::error::Error for SumTooLarge {}

impl Quantity {
    /// `resource.NewQuantity(value, format)`.
    pub fn new(value: i64, format: Format) -> Quantity {
        Quantity { amount: Amount::Int { value, scale: 0 }, format, cached: None }
    }

    /// `resource.NewMilliQuantity(value, format)`: `value` thousandths.
    pub fn new_milli(value: i64, format: Format) -> Quantity {
        Quantity { amount: Amount::Int { value, scale: -3 }, format, cached: None }
    }

    /// `Quantity.SetMilli(value)`: the value becomes `value` thousandths; the format stays.
    pub fn set_milli(&mut self, value: i64) {
        self.cached = None;
        self.amount = Amount::Int { value, scale: -3 };
    }

    /// `Quantity.Neg()`. Like Go, negating the int64 minimum leaves it unchanged.
    pub fn neg(&mut self) {
        self.cached = None;
        match &mut self.amount {
            Amount::Int { value, .. } => *value = value.wrapping_neg(),
            Amount::Dec { value, .. } => value.neg = !value.neg && !value.is_zero(),
        }
    }

    /// `Quantity.Add(y)`: a zero receiver takes `y`'s format; two int64 amounts are added as
    /// int64 at the smaller scale when nothing overflows, otherwise both become exact
    /// decimals whose Go scale is the larger of the two. Refuses (and changes nothing) only
    /// where Go would build a number of more than [`MAX_SUM_DIGITS`] digits.
    pub fn add(&mut self, y: &Quantity) -> Result<(), SumTooLarge> {
        if let (Amount::Int { value: a, scale: sa }, Amount::Int { value: b, scale: sb }) = (&self.amount, &y.amount) {
            let (a, sa, b, sb) = (*a, *sa, *b, *sb);
            let format = if a == 0 { y.format } else { self.format };
            if let Some((value, scale)) = int64_amount_add(a, sa, b, sb) {
                self.cached = None;
                self.format = format;
                self.amount = Amount::Int { value, scale };
                return Ok(());
            }
            let sum = decimal_add(&self.to_decimal(), &y.to_decimal())?;
            self.cached = None;
            self.format = format;
            self.amount = Amount::Dec { value: sum, scale: go_dec_scale(&self.amount).max(go_dec_scale(&y.amount)) };
            return Ok(());
        }
        let sum = decimal_add(&self.to_decimal(), &y.to_decimal())?;
        let scale = go_dec_scale(&self.amount).max(go_dec_scale(&y.amount));
        if self.is_zero() {
            self.format = y.format;
        }
        self.cached = None;
        self.amount = Amount::Dec { value: sum, scale };
        Ok(())
    }
}

/// The scale Go's `inf.Dec` has for an amount (`int64Amount.AsDec` gives `-scale`).
fn go_dec_scale(amount: &Amount) -> i64 {
    match amount {
        Amount::Int { scale, .. } => -i64::from(*scale),
        Amount::Dec { scale, .. } => *scale,
    }
}

/// `int64Amount.Add`: `None` where Go reports overflow. Scale differences wrap as Go's `int32`
/// subtraction does.
fn int64_amount_add(a: i64, sa: i32, b: i64, sb: i32) -> Option<(i64, i32)> {
    if b == 0 {
        return Some((a, sa));
    }
    if a == 0 {
        return Some((b, sb));
    }
    if sa == sb {
        return Some((a.checked_add(b)?, sa));
    }
    if sa > sb {
        let scaled = checked_positive_scale(a, sa.wrapping_sub(sb))?;
        Some((scaled.checked_add(b)?, sb))
    } else {
        let scaled = checked_positive_scale(b, sb.wrapping_sub(sa))?;
        Some((a.checked_add(scaled)?, sa))
    }
}

/// `positiveScaleInt64` with its ok flag: `base × 10^scale`, `None` on overflow; a negative
/// scale leaves the value alone, as Go's loop does not run.
fn checked_positive_scale(base: i64, scale: i32) -> Option<i64> {
    if base == 0 || scale <= 0 {
        return Some(base);
    }
    let mut value = base;
    for _ in 0..scale {
        value = value.checked_mul(10)?;
    }
    Some(value)
}

/// The exact sum of two decimals.
fn decimal_add(x: &Decimal, y: &Decimal) -> Result<Decimal, SumTooLarge> {
    if y.is_zero() {
        return Ok(x.clone());
    }
    if x.is_zero() {
        return Ok(y.clone());
    }
    let exp = x.exp.min(y.exp);
    let width = |d: &Decimal| len_i64(&d.digits).saturating_add(d.exp.saturating_sub(exp));
    let digits = width(x).max(width(y)).saturating_add(1);
    if digits > MAX_SUM_DIGITS {
        return Err(SumTooLarge);
    }
    let len = usize::try_from(digits).map_err(|_| SumTooLarge)?;
    // Little-endian digit vectors aligned at `exp`.
    let aligned = |d: &Decimal| {
        let mut out = vec![0u8; len];
        let shift = usize::try_from(d.exp.saturating_sub(exp)).unwrap_or(0);
        for (i, &digit) in d.digits.iter().rev().enumerate() {
            if let Some(slot) = out.get_mut(i + shift) {
                *slot = digit;
            }
        }
        out
    };
    let (a, b) = (aligned(x), aligned(y));
    let (out, neg): (Vec<u8>, bool) = if x.neg == y.neg {
        let mut carry = 0u8;
        let out = a
            .iter()
            .zip(&b)
            .map(|(da, db)| {
                let s = da + db + carry;
                carry = s / 10;
                s % 10
            })
            .collect();
        (out, x.neg)
    } else {
        // Subtract the smaller magnitude from the larger; the sign is the larger one's.
        let (big, small, neg) = match x.cmp_abs(y) {
            Ordering::Less => (&b, &a, y.neg),
            _ => (&a, &b, x.neg),
        };
        let mut borrow = 0u8;
        let out = big
            .iter()
            .zip(small)
            .map(|(&db, &ds)| {
                let subtrahend = ds + borrow;
                borrow = u8::from(db < subtrahend);
                db + 10 * borrow - subtrahend
            })
            .collect();
        (out, neg)
    };
    let mut out = out;
    out.reverse();
    Ok(Decimal::new(neg, out, exp))
}
