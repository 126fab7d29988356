//! Decimal text of floating-point numbers, read and written without the tables that std's
//! parser, `ryu` (serde_yaml) and `zmij` (serde_json) would link into the web app (about
//! 25 KB of the download, docs/size.md). Results are bit for bit those of `str::parse::<f64>`
//! and of serde_yaml's and serde_json's `Display`; the tests compare them.
//!
//! Writing takes the shortest round-trip digits from std's own `Display` for `f64` (already
//! in the program) and lays them out as ryu and zmij do. Reading keeps std's grammar and
//! rounds correctly: an exact fast path when the digits and the power of ten are both exact
//! doubles, otherwise an exact big-integer quotient with a sticky bit.

use std::cmp::Ordering;

/// `text.parse::<f64>().ok()`: an optional sign, then `inf`, `infinity` or `nan` (any case),
/// or digits with an optional `.` and an optional exponent, rounded to the nearest double
/// (ties to even).
pub fn parse_f64(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let magnitude = match Decimal::read(rest) {
        Some(decimal) => decimal.value(),
        None if rest.eq_ignore_ascii_case(b"nan") => f64::NAN,
        None if rest.eq_ignore_ascii_case(b"inf") || rest.eq_ignore_ascii_case(b"infinity") => f64::INFINITY,
        None => return None,
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// A finite double as ryu writes it (serde_yaml: `1e16`, `1.5e-7`) or, with `plus_exponent`,
/// as zmij does (serde_json: `1e+16`): plain notation from 1e-5 to below 1e16 (`0.0001`,
/// `100.0`), scientific otherwise; always a `.0` or an exponent, so it reads back as a float.
pub fn shortest(value: f64, plus_exponent: bool) -> String {
    let (digits, exponent) = shortest_digits(value.abs());
    let digits = digits.as_str();
    let mut out = String::with_capacity(digits.len() + 8);
    if value.is_sign_negative() {
        out.push('-');
    }
    let len = digits.len() as i32;
    if digits.is_empty() {
        out.push_str("0.0");
    } else if (-5..=15).contains(&exponent) {
        if exponent >= len - 1 {
            out.push_str(digits);
            (0..exponent - (len - 1)).for_each(|_| out.push('0'));
            out.push_str(".0");
        } else if exponent >= 0 {
            let (whole, fraction) = digits.split_at(exponent as usize + 1);
            out.push_str(whole);
            out.push('.');
            out.push_str(fraction);
        } else {
            out.push_str("0.");
            (0..-exponent - 1).for_each(|_| out.push('0'));
            out.push_str(digits);
        }
    } else {
        out.push_str(&digits[..1]);
        if len > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        if exponent < 0 {
            out.push('-');
        } else if plus_exponent {
            out.push('+');
        }
        out.push_str(&exponent.unsigned_abs().to_string());
    }
    out
}

/// The shortest digits that read back as `value` (finite, not negative), without trailing
/// zeros ("" for zero), and the power of ten of the first. Among candidates of that length the
/// nearest wins, and an exact tie goes to the even one, as ryu and zmij choose.
fn shortest_digits(value: f64) -> (String, i32) {
    // std's Display writes the shortest digits without an exponent ("0.00015",
    // "1500000000000000000000", "0") but settles a tie upwards.
    let (digits, exponent) = significant(&value.to_string());
    if digits.is_empty() {
        return (digits, exponent);
    }
    // A tie: the exact value has one digit more, a 5 (`{:.1100}` writes every double exactly).
    let (exact, _) = significant(&format!("{value:.1100}"));
    let n = digits.len();
    if exact.len() != n + 1 || !exact.ends_with('5') {
        return (digits, exponent);
    }
    let below = exact[..n].to_string();
    let mut above = below.clone().into_bytes();
    let mut above_exponent = exponent;
    match above.iter().rposition(|&d| d != b'9') {
        Some(at) => {
            above[at] += 1;
            above.truncate(at + 1);
        }
        None => {
            above = vec![b'1'];
            above_exponent += 1;
        }
    }
    let above = String::from_utf8(above).unwrap_or_default();
    let even = |d: &str| d.as_bytes().last().is_some_and(|last| last % 2 == 0);
    let reads_back = |d: &str, e: i32| parse_f64(&format!("{d}e{}", e + 1 - d.len() as i32)) == Some(value);
    for (candidate, e) in [(below, exponent), (above, above_exponent)] {
        if candidate.len() == n && even(&candidate) && reads_back(&candidate, e) {
            return (candidate, e);
        }
    }
    (digits, exponent)
}

/// The significant digits of a plain decimal ("0.0015" -> "15") and the power of ten of the
/// first.
fn significant(plain: &str) -> (String, i32) {
    let point = plain.find('.').unwrap_or(plain.len());
    let all: Vec<u8> = plain.bytes().filter(u8::is_ascii_digit).collect();
    let leading = all.iter().take_while(|&&d| d == b'0').count();
    let digits = std::str::from_utf8(&all[leading..]).unwrap_or("").trim_end_matches('0');
    (digits.to_string(), point as i32 - 1 - leading as i32)
}

/// serde_yaml's `Display` for its `Number`: integers as they are, floats by `shortest`,
/// `.nan`, `.inf` and `-.inf`.
pub fn yaml_number(number: &serde_yaml::Number) -> String {
    if let Some(n) = number.as_u64() {
        n.to_string()
    } else if let Some(n) = number.as_i64() {
        n.to_string()
    } else {
        match number.as_f64().unwrap_or(f64::NAN) {
            f if f.is_nan() => ".nan".into(),
            f if f.is_infinite() => if f < 0.0 { "-.inf" } else { ".inf" }.into(),
            f => shortest(f, false),
        }
    }
}

/// serde_json's `Display` for its `Number` (always finite).
pub fn json_number(number: &serde_json::Number) -> String {
    if let Some(n) = number.as_u64() {
        n.to_string()
    } else if let Some(n) = number.as_i64() {
        n.to_string()
    } else {
        shortest(number.as_f64().unwrap_or(0.0), true)
    }
}

/// Significant digits kept: every double and every midpoint between two doubles has at most
/// 767 significant decimal digits, so digits past these change the rounding only through the
/// sticky digit that stands for them.
const MAX_DIGITS: usize = 800;

/// A decimal number: `digits` (no leading zeros) times ten to `exponent`.
struct Decimal {
    digits: Vec<u8>,
    exponent: i64,
}

impl Decimal {
    /// std's grammar after the sign: `digits [. digits] [(e|E) [+|-] digits]`, with a digit
    /// before or after the point; `None` for anything else.
    fn read(text: &[u8]) -> Option<Decimal> {
        let mut decimal = Decimal { digits: Vec::new(), exponent: 0 };
        let mut sticky = false;
        let mut at = 0;
        let mut seen_digit = false;
        let mut fraction = false;
        while let Some(&byte) = text.get(at) {
            match byte {
                b'0'..=b'9' => {
                    seen_digit = true;
                    let digit = byte - b'0';
                    if decimal.digits.is_empty() && digit == 0 {
                        decimal.exponent -= fraction as i64;
                    } else if decimal.digits.len() < MAX_DIGITS {
                        decimal.digits.push(digit);
                        decimal.exponent -= fraction as i64;
                    } else {
                        sticky |= digit != 0;
                        decimal.exponent += !fraction as i64;
                    }
                }
                b'.' if !fraction => fraction = true,
                _ => break,
            }
            at += 1;
        }
        if !seen_digit {
            return None;
        }
        if let Some(b'e' | b'E') = text.get(at) {
            at += 1;
            let negative = text.get(at) == Some(&b'-');
            at += matches!(text.get(at), Some(b'-' | b'+')) as usize;
            let start = at;
            let mut exponent: i64 = 0;
            while let Some(byte @ b'0'..=b'9') = text.get(at) {
                // Far past any double either way; saturating keeps huge exponents cheap.
                exponent = (exponent * 10 + (byte - b'0') as i64).min(1 << 40);
                at += 1;
            }
            if at == start {
                return None;
            }
            decimal.exponent += if negative { -exponent } else { exponent };
        }
        if at != text.len() {
            return None;
        }
        if sticky {
            decimal.digits.push(1);
            decimal.exponent -= 1;
        }
        Some(decimal)
    }

    /// The nearest double (ties to even).
    fn value(&self) -> f64 {
        if self.digits.is_empty() {
            return 0.0;
        }
        // The power of ten of the first digit: past 1e309 every value overflows; below 1e-325
        // every value is under half the smallest subnormal (4.9e-324).
        let leading = self.exponent + self.digits.len() as i64 - 1;
        if leading > 309 {
            return f64::INFINITY;
        }
        if leading < -325 {
            return 0.0;
        }
        let exponent = self.exponent as i32;
        if self.digits.len() <= 15 && (-22..=22).contains(&exponent) {
            // Both factors are exact doubles, and IEEE multiplication and division round
            // correctly.
            let mantissa = self.digits.iter().fold(0u64, |n, &d| n * 10 + d as u64) as f64;
            let power = (0..exponent.unsigned_abs()).fold(1.0f64, |p, _| p * 10.0);
            return if exponent < 0 { mantissa / power } else { mantissa * power };
        }
        let mut number = Big::default();
        for &digit in &self.digits {
            number.mul_add(10, digit as u32);
        }
        if exponent >= 0 {
            number.mul_pow10(exponent as u32);
            let bits = number.bits();
            let drop = bits.saturating_sub(64);
            let (top, sticky) = number.top(drop);
            round(top as u128, drop as i64, sticky)
        } else {
            // number / 10^-exponent, as a quotient of 65 to 67 bits and a sticky remainder.
            let mut divisor = Big::default();
            divisor.mul_add(1, 1);
            divisor.mul_pow10(exponent.unsigned_abs());
            let shift = 65 + divisor.bits() as i64 - number.bits() as i64;
            if shift >= 0 {
                number.shl(shift as u32);
            } else {
                divisor.shl((-shift) as u32);
            }
            const QUOTIENT_BITS: u32 = 67;
            divisor.shl(QUOTIENT_BITS);
            let mut quotient: u128 = 0;
            for bit in (0..=QUOTIENT_BITS).rev() {
                if number.cmp(&divisor) != Ordering::Less {
                    number.sub(&divisor);
                    quotient |= 1 << bit;
                }
                divisor.shr1();
            }
            round(quotient, -shift, !number.is_zero())
        }
    }
}

/// The double nearest to `(q + f) * 2^exp` where `f` is 0 when `!sticky` and strictly
/// between 0 and 1 otherwise; `q` has 54 or more significant bits or is exact.
fn round(q: u128, exp: i64, sticky: bool) -> f64 {
    if q == 0 {
        return 0.0;
    }
    let top = exp + 127 - q.leading_zeros() as i64;
    if top > 1023 {
        return f64::INFINITY;
    }
    // The power of two of the result's last bit: 52 bits below the first, or the subnormals'.
    let mut last = (top - 52).max(-1074);
    let drop = last - exp;
    let mut mantissa = if drop <= 0 {
        (q << (-drop) as u32) as u64
    } else if drop >= 120 {
        0 // q < 2^67: under half of 2^last
    } else {
        let kept = (q >> drop as u32) as u64;
        let rest = q & ((1u128 << drop as u32) - 1);
        let half = 1u128 << (drop as u32 - 1);
        let up = rest > half || (rest == half && (sticky || kept & 1 == 1));
        kept + up as u64
    };
    if mantissa == 1 << 53 {
        mantissa >>= 1;
        last += 1;
    }
    if mantissa < 1 << 52 {
        return f64::from_bits(mantissa); // a subnormal (last is -1074) or zero
    }
    let biased = last + 1075;
    if biased >= 2047 {
        return f64::INFINITY;
    }
    f64::from_bits(((biased as u64) << 52) | (mantissa & ((1 << 52) - 1)))
}

/// An unsigned big integer, 32-bit limbs, least significant first, no high zero limbs.
#[derive(Default)]
struct Big {
    limbs: Vec<u32>,
}

impl Big {
    /// `self * factor + add`.
    fn mul_add(&mut self, factor: u32, add: u32) {
        let mut carry = add as u64;
        for limb in &mut self.limbs {
            let product = *limb as u64 * factor as u64 + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry != 0 {
            self.limbs.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut exponent: u32) {
        while exponent > 0 {
            let step = exponent.min(9);
            self.mul_add(10u32.pow(step), 0);
            exponent -= step;
        }
    }

    fn bits(&self) -> u32 {
        match self.limbs.last() {
            Some(high) => self.limbs.len() as u32 * 32 - high.leading_zeros(),
            None => 0,
        }
    }

    fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    /// `self >> drop` (at most 64 bits here) and whether any dropped bit was set.
    fn top(&self, drop: u32) -> (u64, bool) {
        let bit = |i: u32| self.limbs.get((i / 32) as usize).is_some_and(|limb| limb >> (i % 32) & 1 == 1);
        let value = (0..64).fold(0u64, |value, i| value | (bit(drop + i) as u64) << i);
        let sticky = (0..drop).any(bit);
        (value, sticky)
    }

    fn shl(&mut self, bits: u32) {
        let (limbs, bits) = ((bits / 32) as usize, bits % 32);
        if bits > 0 {
            let mut carry = 0;
            for limb in &mut self.limbs {
                let next = *limb >> (32 - bits);
                *limb = *limb << bits | carry;
                carry = next;
            }
            if carry != 0 {
                self.limbs.push(carry);
            }
        }
        if !self.limbs.is_empty() {
            self.limbs.splice(0..0, std::iter::repeat_n(0, limbs));
        }
    }

    fn shr1(&mut self) {
        let mut carry = 0;
        for limb in self.limbs.iter_mut().rev() {
            let next = *limb & 1;
            *limb = *limb >> 1 | carry << 31;
            carry = next;
        }
        self.trim();
    }

    fn cmp(&self, other: &Big) -> Ordering {
        self.limbs.len().cmp(&other.limbs.len()).then_with(|| self.limbs.iter().rev().cmp(other.limbs.iter().rev()))
    }

    /// `self - other`, `other <= self`.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, limb) in self.limbs.iter_mut().enumerate() {
            let difference = *limb as i64 - other.limbs.get(i).copied().unwrap_or(0) as i64 - borrow;
            borrow = (difference < 0) as i64;
            *limb = difference.rem_euclid(1 << 32) as u32;
        }
        self.trim();
    }

    fn trim(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift*), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    fn same(text: &str) {
        let ours = parse_f64(text);
        let std = text.parse::<f64>().ok();
        let bits = |v: Option<f64>| {
            v.map(|f| if f.is_nan() { f64::NAN.to_bits() | (f.is_sign_negative() as u64) << 63 } else { f.to_bits() })
        };
        assert_eq!(bits(ours), bits(std), "{text:?}: {ours:?} against std's {std:?}");
    }

    #[test]
    fn reads_what_std_reads() {
        for text in [
            "",
            "+",
            "-",
            ".",
            "e",
            "e5",
            ".e5",
            "1e",
            "1e+",
            "1e-",
            "1.",
            ".5",
            "+.5",
            "-.5",
            "1.5",
            "01",
            "00.00",
            "0",
            "-0",
            "+0",
            "0e999999999999999999",
            "1e999999999999999999",
            "1e-999999999999999999",
            "1..2",
            "1.2.3",
            "1e5.5",
            " 1",
            "1 ",
            "1_0",
            "0x10",
            "inf",
            "-inf",
            "+INF",
            "Infinity",
            "-infinity",
            "infinit",
            "nan",
            "NaN",
            "-nan",
            "+NaN",
            "nan1",
            "1e308",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "5e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.4703282292062329e-324",
            "1e-324",
            "3e-324",
            "9007199254740993",
            "9007199254740992.5",
            "9007199254740993.0000000000000000000000001",
            "123456789012345678901234567890",
            "0.000000000000000000000000000001",
            "1e23",
            "8.98846567431158e307",
            "4.9406564584124654e-324",
            "0.1",
            "0.2",
            "0.3",
            "100",
            "1e22",
            "1e-22",
            "123456789012345e-22",
            "0.000123",
            "2.5E+3",
            "7e-3",
        ] {
            same(text);
        }
    }

    /// The randomized comparisons below, at a size the default test run affords (a debug
    /// build) and, with `--ignored`, fifty times over.
    const ROUNDS: usize = 4_000;

    #[test]
    #[ignore = "minutes in a debug build: cargo test --release -- --ignored num::"]
    fn compares_thoroughly() {
        reads_random_decimals(ROUNDS * 50);
        reads_doubles_and_midpoints(ROUNDS * 50);
        writes_random_floats(ROUNDS * 50);
    }

    #[test]
    fn reads_random_decimals_as_std_does() {
        reads_random_decimals(ROUNDS * 5);
    }

    fn reads_random_decimals(rounds: usize) {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ rounds as u64);
        for _ in 0..rounds {
            let mut text = String::new();
            if rng.below(4) == 0 {
                text.push(if rng.below(2) == 0 { '-' } else { '+' });
            }
            let whole = rng.below(30) as usize;
            for i in 0..whole {
                text.push((b'0' + if i == 0 && rng.below(3) == 0 { 0 } else { rng.below(10) as u8 }) as char);
            }
            if rng.below(2) == 0 {
                text.push('.');
                for _ in 0..rng.below(30) {
                    text.push((b'0' + rng.below(10) as u8) as char);
                }
            }
            if rng.below(2) == 0 {
                text.push(if rng.below(2) == 0 { 'e' } else { 'E' });
                match rng.below(3) {
                    0 => text.push('-'),
                    1 => text.push('+'),
                    _ => {}
                }
                text.push_str(&rng.below(700).to_string());
            }
            same(&text);
        }
    }

    /// Doubles written with every precision near their own (17 digits and around), and the
    /// exact midpoints between neighbours, nudged by one in the last of many digits.
    #[test]
    fn reads_doubles_and_midpoints_as_std_does() {
        reads_doubles_and_midpoints(ROUNDS / 2);
    }

    fn reads_doubles_and_midpoints(rounds: usize) {
        let mut rng = Rng(0x0123_4567_89ab_cdef ^ rounds as u64);
        for round in 0..rounds {
            let value = match round % 3 {
                0 => f64::from_bits(rng.next() >> 1),
                1 => f64::from_bits(rng.below(1 << 53)), // subnormals and tiny normals
                _ => (rng.next() as f64) / (1u64 << rng.below(64)) as f64,
            };
            if !value.is_finite() {
                continue;
            }
            for precision in [0, 5, 14, 15, 16, 17, 18, 25] {
                same(&format!("{value:.precision$e}"));
            }
            same(&value.to_string());
            // The midpoint to the next double, written exactly, then a hair above and below.
            let next = f64::from_bits(value.to_bits() + 1);
            if next.is_finite() {
                let midpoint = exact_midpoint(value, next);
                same(&midpoint);
                same(&format!("{midpoint}0000000000001"));
                same(&nudge_down(&midpoint));
            }
        }
    }

    #[test]
    fn reads_very_long_numbers_as_std_does() {
        let mut rng = Rng(42);
        for _ in 0..40 {
            let value = f64::from_bits(rng.next() >> 1);
            let next = f64::from_bits(value.to_bits() + 1);
            if !next.is_finite() {
                continue;
            }
            let midpoint = exact_midpoint(value, next);
            let padded = format!("{midpoint}{}", "0".repeat(rng.below(2000) as usize));
            same(&padded);
            same(&format!("{padded}1"));
            same(&format!("{}{}", "0".repeat(rng.below(1000) as usize), midpoint));
        }
        same(&format!("1{}", "0".repeat(400)));
        same(&format!("0.{}1", "0".repeat(400)));
        same(&format!("{}e-1000", "9".repeat(1000)));
    }

    /// `(a + b) / 2` exactly, in plain decimal, from the exact expansions std writes.
    fn exact_midpoint(a: f64, b: f64) -> String {
        // Both written with 400 integer digits (no double reaches 1e309) and 1100 fraction
        // digits (every double's expansion is shorter), so the digits line up.
        let exact = |v: f64| format!("{v:01501.1100}");
        let (a, b) = (exact(a), exact(b));
        let digits = |s: &str| s.bytes().filter(u8::is_ascii_digit).map(|d| d - b'0').collect::<Vec<u8>>();
        let point = a.find('.').unwrap();
        assert_eq!(point, b.find('.').unwrap(), "{a} {b}");
        // Sum, then halve, digit by digit (one extra fraction digit for the half).
        let (mut x, mut y) = (digits(&a), digits(&b));
        x.push(0);
        y.push(0);
        let mut sum = vec![0u8; x.len() + 1];
        let mut carry = 0;
        for i in (0..x.len()).rev() {
            let s = x[i] + y[i] + carry;
            sum[i + 1] = s % 10;
            carry = s / 10;
        }
        sum[0] = carry;
        let mut half = Vec::with_capacity(sum.len());
        let mut remainder = 0;
        for d in sum {
            let current = remainder * 10 + d;
            half.push(current / 2);
            remainder = current % 2;
        }
        let text: String = half.iter().map(|d| (b'0' + d) as char).collect();
        let (whole, fraction) = text.split_at(point + 1);
        let whole = whole.trim_start_matches('0');
        let fraction = fraction.trim_end_matches('0');
        format!("{}.{}", if whole.is_empty() { "0" } else { whole }, if fraction.is_empty() { "0" } else { fraction })
    }

    /// The same digits less one in the last place (a decimal just below).
    fn nudge_down(text: &str) -> String {
        let mut bytes = text.as_bytes().to_vec();
        for byte in bytes.iter_mut().rev() {
            match *byte {
                b'.' => continue,
                b'0' => *byte = b'9',
                _ => {
                    *byte -= 1;
                    break;
                }
            }
        }
        String::from_utf8(bytes).unwrap()
    }

    fn writes_as_the_crates_do(value: f64) {
        if !value.is_finite() {
            return;
        }
        let yaml = serde_yaml::Number::from(value);
        assert_eq!(yaml_number(&yaml), yaml.to_string(), "{value:e}");
        let json = serde_json::Number::from_f64(value).unwrap();
        assert_eq!(json_number(&json), json.to_string(), "{value:e}");
    }

    #[test]
    fn writes_floats_as_serde_yaml_and_serde_json_do() {
        for value in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.5,
            1.5,
            100.0,
            1e15,
            1e16,
            1.5e16,
            123456789012345.6,
            1234567890123456.7,
            1e-5,
            1e-6,
            1.5e-5,
            1.5e-6,
            0.000123,
            1e21,
            1e22,
            1e23,
            1e100,
            1e-100,
            5e-324,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            9007199254740993.0,
            0.30000000000000004,
            2.5,
            1e300,
            1.7e308,
        ] {
            writes_as_the_crates_do(value);
        }
        writes_random_floats(ROUNDS);
        let int = |n: i64| serde_yaml::Number::from(n);
        assert_eq!(yaml_number(&int(-3)), "-3");
        assert_eq!(yaml_number(&serde_yaml::Number::from(u64::MAX)), u64::MAX.to_string());
        assert_eq!(yaml_number(&serde_yaml::Number::from(f64::NAN)), ".nan");
        assert_eq!(yaml_number(&serde_yaml::Number::from(f64::NEG_INFINITY)), "-.inf");
        assert_eq!(yaml_number(&serde_yaml::Number::from(f64::INFINITY)), ".inf");
        assert_eq!(json_number(&serde_json::Number::from(-7)), "-7");
        assert_eq!(json_number(&serde_json::Number::from(u64::MAX)), u64::MAX.to_string());
    }

    fn writes_random_floats(rounds: usize) {
        let mut rng = Rng(7 ^ rounds as u64);
        for round in 0..rounds {
            let value = match round % 4 {
                0 => f64::from_bits(rng.next()),
                1 => rng.below(1_000_000) as f64 / 10f64.powi(rng.below(12) as i32),
                2 => (rng.below(1 << 40) as f64) * 10f64.powi(rng.below(40) as i32 - 20),
                _ => f64::from_bits(rng.below(1 << 54)),
            };
            writes_as_the_crates_do(value);
        }
        // Exact ties between two shortest candidates: dyadic fractions with few digits.
        for _ in 0..rounds {
            let value = rng.below(1 << 53) as f64 / (1u64 << rng.below(12)) as f64 * 10f64.powi(rng.below(8) as i32);
            writes_as_the_crates_do(value);
            writes_as_the_crates_do(rng.below(1 << 20) as f64 / (1u64 << rng.below(40)) as f64);
        }
    }
}
