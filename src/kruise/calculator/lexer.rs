//! Kruise's calculator lexer (`pkg/util/calculator/lexer.go`), byte for byte.
//!
//! Go's lexer reads the input one byte at a time and classifies each byte as the rune of the
//! same number (so `é`, bytes C3 A9, is the letter `Ã` followed by the symbol `©`); a NUL byte
//! ends the input. Line and column advance per byte and are reported in syntax errors.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A number, percentage, or number with a unit Kruise does not accept as a quantity.
    Number,
    /// A number followed by exactly one of `m k M G T P Ki Mi Gi Ti Pi`.
    Quantity,
    Ident,
    /// One of `+ - * / ( ) ,`.
    Punct(u8),
    /// Any other byte: a syntax error wherever it appears.
    Other,
    Eof,
}

/// A token and the lexer's position just after it (where Go reports a syntax error on it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: Kind,
    pub text: &'a [u8],
    pub line: usize,
    pub col: usize,
}

/// The units `isQuantity` accepts.
const UNITS: [&[u8]; 11] = [b"m", b"k", b"M", b"G", b"T", b"P", b"Ki", b"Mi", b"Gi", b"Ti", b"Pi"];

/// `unicode.IsSpace` of the byte read as a rune.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | 0x85 | 0xA0)
}

/// `unicode.IsLetter` of the byte read as a rune (Latin-1: ª µ º and À-ÿ but × ÷).
fn is_letter(b: u8) -> bool {
    b.is_ascii_alphabetic() || matches!(b, 0xAA | 0xB5 | 0xBA) || (b >= 0xC0 && b != 0xD7 && b != 0xF7)
}

/// `isIdentifierChar`.
fn is_ident(b: u8) -> bool {
    is_letter(b) || b.is_ascii_digit() || b == b'_'
}

pub struct Lexer<'a> {
    input: &'a [u8],
    pos: usize,
    line: usize,
    col: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Self {
        Lexer { input: input.as_bytes(), pos: 0, line: 1, col: 1 }
    }

    /// `peek`: 0 at the end (and for a NUL byte, which therefore stops every loop).
    fn peek(&self) -> u8 {
        self.input.get(self.pos).copied().unwrap_or(0)
    }

    /// `next`.
    fn bump(&mut self) -> u8 {
        let Some(&b) = self.input.get(self.pos) else {
            return 0;
        };
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        b
    }

    /// `Lex`: the next token.
    pub fn next_token(&mut self) -> Token<'a> {
        while self.peek() != 0 && is_space(self.peek()) {
            self.bump();
        }
        let start = self.pos;
        let first = self.bump();
        let kind = match first {
            0 => Kind::Eof,
            b'+' | b'-' | b'*' | b'/' | b'(' | b')' | b',' => Kind::Punct(first),
            b'.' | b'0'..=b'9' => {
                // Go steps back and reads the whole number; the first byte is consumed by
                // `read_number` in the same way (a digit, or the first `.`).
                self.pos = start;
                self.col -= 1;
                self.read_number();
                if is_quantity(&self.input[start..self.pos]) { Kind::Quantity } else { Kind::Number }
            }
            b if is_letter(b) => {
                while is_ident(self.peek()) && self.peek() != 0 {
                    self.bump();
                }
                Kind::Ident
            }
            _ => Kind::Other,
        };
        let text = if kind == Kind::Eof { &[][..] } else { &self.input[start..self.pos] };
        Token { kind, text, line: self.line, col: self.col }
    }

    /// `readNumber`: digits, one `.`, one exponent (`e`/`E`, then an optional sign), a final
    /// `%`, or a run of letters as a unit (not right after the exponent letter).
    fn read_number(&mut self) {
        let (mut seen_dot, mut seen_e, mut expect_exponent_digit) = (false, false, false);
        loop {
            let r = self.peek();
            match r {
                0 => break,
                b'0'..=b'9' => {
                    expect_exponent_digit = false;
                }
                b'.' => {
                    if seen_dot || seen_e {
                        break;
                    }
                    seen_dot = true;
                }
                b'e' | b'E' => {
                    if seen_e {
                        break;
                    }
                    seen_e = true;
                    expect_exponent_digit = true;
                }
                b'+' | b'-' => {
                    if !expect_exponent_digit {
                        break;
                    }
                    expect_exponent_digit = false;
                }
                b'%' => {
                    self.bump();
                    break;
                }
                r if is_letter(r) => {
                    if !expect_exponent_digit {
                        while is_letter(self.peek()) {
                            self.bump();
                        }
                    }
                    break;
                }
                _ => break,
            }
            self.bump();
        }
    }
}

/// `isQuantity`: the number part ends at the first character that is not a digit, `.`, `e`,
/// `E`, `+` or `-`; the rest must be one of [`UNITS`]. (Go decodes UTF-8 here and would also
/// skip a non-ASCII decimal digit; a token can hold one only as Latin-1 "letters" such as
/// `۵`, and such an expression is refused either way.)
fn is_quantity(s: &[u8]) -> bool {
    let number_end = s.iter().position(|&b| !(b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')));
    match number_end {
        None | Some(0) => false,
        Some(end) => UNITS.contains(&&s[end..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<(Kind, String)> {
        let mut lexer = Lexer::new(input);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token();
            out.push((t.kind, String::from_utf8_lossy(t.text).into_owned()));
            if t.kind == Kind::Eof {
                return out;
            }
        }
    }

    #[test]
    fn numbers_quantities_and_quirks() {
        use Kind::*;
        let n = |s: &str| (Number, s.to_string());
        let q = |s: &str| (Quantity, s.to_string());
        let i = |s: &str| (Ident, s.to_string());
        let eof = (Eof, String::new());
        assert_eq!(kinds("cpu*50%"), vec![i("cpu"), (Punct(b'*'), "*".into()), n("50%"), eof.clone()]);
        assert_eq!(kinds("1e-3 100Mi"), vec![n("1e-3"), q("100Mi"), eof.clone()]);
        assert_eq!(kinds("5..5"), vec![n("5."), n(".5"), eof.clone()]);
        assert_eq!(kinds("5%%"), vec![n("5%"), (Other, "%".into()), eof.clone()]);
        assert_eq!(kinds("200MB"), vec![n("200MB"), eof.clone()]);
        assert_eq!(kinds("1Ei"), vec![n("1E"), i("i"), eof.clone()]);
        assert_eq!(kinds("1e3e2"), vec![n("1e3"), i("e2"), eof.clone()]);
        assert_eq!(kinds("1eKi"), vec![n("1e"), i("Ki"), eof.clone()]);
        assert_eq!(kinds(".5Mi"), vec![q(".5Mi"), eof.clone()]);
        assert_eq!(kinds("1e5Mi"), vec![q("1e5Mi"), eof.clone()]);
        assert_eq!(kinds("1\0+2"), vec![n("1"), eof]);
    }

    #[test]
    fn positions_advance_per_byte_and_line() {
        let mut lexer = Lexer::new("2\n+ @");
        let positions: Vec<_> = std::iter::from_fn(|| {
            let t = lexer.next_token();
            (t.kind != Kind::Eof).then_some((t.line, t.col))
        })
        .collect();
        assert_eq!(positions, vec![(1, 2), (2, 2), (2, 4)]);
    }
}
