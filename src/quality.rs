//! Quality values ("q-values"), RFC 9110 §12.4.2.

use core::fmt;

/// A quality value (RFC 9110 §12.4.2) as integer thousandths, `0..=1000`.
///
/// The RFC grammar allows at most three decimals and nothing above 1, so every
/// valid q-value is exactly representable: no floating point, no NaN, no `1.5`.
/// `0` means "not acceptable" (RFC 9110 §12.4.2); a missing weight means 1.
///
/// ```abnf
/// weight = OWS ";" OWS "q=" qvalue
/// qvalue = ( "0" [ "." 0*3DIGIT ] )
///        / ( "1" [ "." 0*3("0") ] )
/// ```
///
/// # Examples
///
/// ```
/// use conneg::Quality;
///
/// assert_eq!(Quality::parse(b"0.5"), Some(Quality::from_thousandths(500).unwrap()));
/// assert_eq!(Quality::parse(b"1.000"), Some(Quality::ONE));
/// assert_eq!(Quality::parse(b"0."), Some(Quality::ZERO));
/// // Outside the grammar (RFC 9110 §12.4.2):
/// for bad in [".5", "0.1234", "1.001", "1.5", "-0", "abc", "0,5", ""] {
///     assert_eq!(Quality::parse(bad.as_bytes()), None, "{bad}");
/// }
/// assert_eq!(Quality::from_thousandths(250).unwrap().to_string(), "0.25");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quality(u16);

impl Quality {
    /// `q=0`: not acceptable.
    pub const ZERO: Quality = Quality(0);
    /// `q=1`, the default weight.
    pub const ONE: Quality = Quality(1000);

    /// A quality from thousandths; `None` above 1000.
    #[inline]
    pub const fn from_thousandths(thousandths: u16) -> Option<Quality> {
        if thousandths <= 1000 {
            Some(Quality(thousandths))
        } else {
            None
        }
    }

    /// The value in thousandths (`500` for `q=0.5`).
    #[inline]
    pub const fn thousandths(self) -> u16 {
        self.0
    }

    /// `true` unless this is `q=0`.
    #[inline]
    pub const fn is_acceptable(self) -> bool {
        self.0 != 0
    }

    /// Parses a `qvalue` exactly per the RFC grammar (RFC 9110 §12.4.2). Returns `None` for
    /// anything else, including surrounding whitespace and quotes.
    #[inline]
    pub const fn parse(s: &[u8]) -> Option<Quality> {
        // Fast path for the common `0.X`: what the general parse below gives
        // it (lead 0, one digit worth X hundredths).
        if let [b'0', b'.', d @ b'0'..=b'9'] = s {
            return Some(Quality((*d - b'0') as u16 * 100));
        }
        Quality::parse_general(s)
    }

    /// [`Quality::parse`] without its fast path.
    const fn parse_general(s: &[u8]) -> Option<Quality> {
        let (lead, rest) = match s {
            [b'0', rest @ ..] => (0u16, rest),
            [b'1', rest @ ..] => (1000u16, rest),
            _ => return None,
        };
        let digits = match rest {
            [] => return Some(Quality(lead)),
            [b'.', digits @ ..] => digits,
            _ => return None,
        };
        if digits.len() > 3 {
            return None;
        }
        let mut value = 0u16;
        let mut scale = 100u16;
        let mut i = 0;
        while i < digits.len() {
            let d = digits[i];
            if !d.is_ascii_digit() {
                return None;
            }
            value += (d - b'0') as u16 * scale;
            scale /= 10;
            i += 1;
        }
        if lead == 1000 && value != 0 {
            return None;
        }
        Some(Quality(lead + value))
    }
}

impl Default for Quality {
    /// The default weight, 1 (RFC 9110 §12.4.2).
    fn default() -> Self {
        Quality::ONE
    }
}

impl fmt::Display for Quality {
    /// Writes the shortest RFC form: `1`, `0`, `0.5`, `0.25`, `0.001` (never more
    /// than three decimals, RFC 9110 §12.4.2).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1000 => f.write_str("1"),
            0 => f.write_str("0"),
            t => {
                let (mut digits, mut len) = (t, 3);
                while digits % 10 == 0 {
                    digits /= 10;
                    len -= 1;
                }
                write!(f, "0.{digits:0len$}")
            }
        }
    }
}

impl fmt::Debug for Quality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "q={self}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `0.X` fast path gives what the general parse gives, for every
    /// octet after `0.` and for every three-octet input over the qvalue
    /// alphabet and its neighbours.
    #[test]
    fn fast_path_agrees_with_the_general_parse() {
        for d in 0u16..=255 {
            let s = [b'0', b'.', d as u8];
            assert_eq!(Quality::parse(&s), Quality::parse_general(&s), "{s:?}");
        }
        let alphabet = b"0019./:- ";
        for &a in alphabet {
            for &b in alphabet {
                for &c in alphabet {
                    let s = [a, b, c];
                    assert_eq!(Quality::parse(&s), Quality::parse_general(&s), "{s:?}");
                }
            }
        }
    }

    macro_rules! qtest {
        ($($name:ident: $input:expr => $want:expr;)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(Quality::parse($input.as_bytes()).map(Quality::thousandths), $want);
            }
        )*};
    }

    qtest! {
        zero_is_valid: "0" => Some(0);
        zero_dot_is_valid: "0." => Some(0);
        half_is_valid: "0.5" => Some(500);
        least_preferred_is_valid: "0.001" => Some(1);
        one_is_valid: "1" => Some(1000);
        one_dot_is_valid: "1." => Some(1000);
        one_with_three_zeros_is_valid: "1.000" => Some(1000);
        three_decimals_kept: "0.123" => Some(123);
        leading_dot_is_invalid: ".5" => None;
        four_decimals_are_invalid: "0.1234" => None;
        above_one_by_a_thousandth_is_invalid: "1.001" => None;
        one_and_a_half_is_invalid: "1.5" => None;
        two_is_invalid: "2" => None;
        negative_zero_is_invalid: "-0" => None;
        comma_decimal_is_invalid: "0,5" => None;
        letters_are_invalid: "abc" => None;
        empty_is_invalid: "" => None;
        whitespace_is_invalid: " 0.5" => None;
        double_zero_is_invalid: "00" => None;
    }

    #[test]
    fn display_round_trips_every_value() {
        for t in 0..=1000u16 {
            let q = Quality::from_thousandths(t).unwrap();
            let mut buf = [0u8; 8];
            let mut w = crate::fmt_buf::FmtBuf::new(&mut buf);
            core::fmt::write(&mut w, format_args!("{q}")).unwrap();
            assert_eq!(Quality::parse(w.as_bytes()), Some(q));
        }
    }

    #[test]
    fn above_one_thousand_is_rejected() {
        assert_eq!(Quality::from_thousandths(1001), None);
    }
}
