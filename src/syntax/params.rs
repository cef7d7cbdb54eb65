//! Parameters (RFC 9110 §5.6.6) after a list element's value: stepping
//! through them, the common lone weight `;q=0.X` (§12.4.2), iterating a
//! validated section, and comparing values by the octets they stand for.
use crate::error::ErrorKind;
use crate::quality::Quality;
use crate::syntax::lexical::{quoted_string_end, skip_ows, token_end};

/// One step through the parameters that follow a value in a list element:
/// `OWS ";" OWS [ name "=" ( token / quoted-string ) ]` (RFC 9110 §5.6.6;
/// empty parameters allowed, RFC 9110 §5.6.6, RFC 9110 App. B.2; no whitespace around `=`, RFC 9110 §5.6.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParamStep {
    /// The element ends here: at the `,` that follows, or at the end of the line.
    End(usize),
    /// An empty parameter (`;;`, a trailing `;`); continue after its `;`.
    Empty(usize),
    /// `name=value`: where its `;` is, the name's span and the raw value's span.
    Param {
        semicolon: usize,
        name: (usize, usize),
        value: (usize, usize),
    },
}

/// Reads the next [`ParamStep`] after index `last` (the end of the value or of
/// the previous parameter). Errors name the offending offset.
/// A `const fn` (for [`MediaOffer::new`](crate::MediaOffer::new)), hence the
/// index loops and `match`es where `get` and `?` would read better.
#[inline]
pub(crate) const fn param_step(s: &[u8], last: usize) -> Result<ParamStep, (ErrorKind, usize)> {
    let p = skip_ows(s, last);
    if p >= s.len() || s[p] == b',' {
        return Ok(ParamStep::End(p));
    }
    if s[p] != b';' {
        return Err((ErrorKind::UnexpectedOctet, p));
    }
    let name_start = skip_ows(s, p + 1);
    if name_start >= s.len() || matches!(s[name_start], b';' | b',') {
        return Ok(ParamStep::Empty(p + 1));
    }
    let name_end = token_end(s, name_start);
    if name_end == name_start {
        return Err((ErrorKind::InvalidParameterName, name_start));
    }
    if name_end >= s.len() || s[name_end] != b'=' {
        return Err((ErrorKind::MissingEquals, name_end));
    }
    let vs = name_end + 1;
    let ve = if vs < s.len() && s[vs] == b'"' {
        match quoted_string_end(s, vs) {
            Ok(end) => end,
            Err(at) => return Err((ErrorKind::InvalidQuotedString, at)),
        }
    } else {
        token_end(s, vs)
    };
    if ve == vs {
        return Err((ErrorKind::InvalidParameterValue, vs));
    }
    Ok(ParamStep::Param {
        semicolon: p,
        name: (name_start, name_end),
        value: (vs, ve),
    })
}

/// The common element tail `;q=0.9` right before the `,` or the end of the
/// line, read without the general parameter loop: the weight and where the
/// element ends. `None` for anything else (an invalid q included), which the
/// general loop then handles; when this returns `Some`, the loop would have
/// produced the same weight and end.
#[inline]
pub(crate) fn lone_weight(s: &[u8], at: usize) -> Option<(Quality, usize)> {
    lone_weight_inline(s, at)
}

/// [`lone_weight`], always inlined: for callers that hold the rest of the
/// element in registers (one call and its result in memory cost about as
/// much as the common `;q=0.X` read itself).
#[inline(always)]
pub(crate) fn lone_weight_inline(s: &[u8], at: usize) -> Option<(Quality, usize)> {
    let [b';', b'q' | b'Q', b'=', value @ ..] = s.get(at..)? else {
        return None;
    };
    // The usual `0.X` followed by the `,` or the end, without the loop.
    if let [b'0', b'.', b'0'..=b'9', tail @ ..] = value {
        if matches!(tail.first(), None | Some(b',')) {
            return Some((Quality::parse(value.get(..3)?)?, at + 6));
        }
    }
    let mut len = 0;
    while len < value.len() && (value[len] == b'.' || value[len].is_ascii_digit()) {
        len += 1;
    }
    let end = at + 3 + len;
    if !matches!(s.get(end), None | Some(b',')) {
        return None;
    }
    Some((Quality::parse(&value[..len])?, end))
}

/// A lone weight with optional whitespace, `OWS ";" OWS "q=" weight OWS`
/// up to the element's end (Java's `*/*; q=.2`: a leading-dot weight, read
/// leniently as the general parse reads it): the quality and where the
/// element ends. `None` for anything else (another parameter, a malformed
/// weight), left to the general parameter loop; when this returns `Some`,
/// the loop would have produced the same weight and end (lenient mode).
#[inline]
pub(crate) fn padded_weight(line: &[u8], at: usize) -> Option<(Quality, usize)> {
    let at = skip_ows(line, at);
    let [b';', ..] = line.get(at..)? else { return None };
    let at = skip_ows(line, at + 1);
    let [b'q' | b'Q', b'=', ..] = line.get(at..)? else {
        return None;
    };
    let start = at + 2;
    let mut end = start;
    while matches!(line.get(end), Some(b'0'..=b'9' | b'.')) {
        end += 1;
    }
    let quality = weight_value(line.get(start..end)?, true)?;
    let after = skip_ows(line, end);
    matches!(line.get(after), None | Some(b',')).then_some((quality, after))
}

/// The weight a `q` parameter's raw value gives: a `qvalue` (RFC 9110
/// §12.4.2), or, in lenient mode only, also a leading-dot weight `.D`, `.DD`
/// or `.DDD` (`q=.2`, sent by Java's default `Accept`) read as `0.D…`.
/// Anything else (`1.5`, `0.1234`, `.1234`, `.`, a quoted or padded value)
/// is `None`. The leading dot is looked at only where the `qvalue` failed, so
/// the common weights cost what they did.
#[inline]
pub(crate) fn weight_value(v: &[u8], lenient: bool) -> Option<Quality> {
    match Quality::parse(v) {
        Some(q) => Some(q),
        None if lenient => leading_dot_weight(v),
        None => None,
    }
}

/// `"." 1*3DIGIT` as its value (`.2` is 0.2, `.123` is 0.123): what lenient
/// mode reads a weight written without its leading `0` as.
#[cold]
#[inline(never)]
fn leading_dot_weight(v: &[u8]) -> Option<Quality> {
    let [b'.', digits @ ..] = v else {
        return None;
    };
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let mut thousandths = 0u16;
    let mut scale = 100u16;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        thousandths += u16::from(d - b'0') * scale;
        scale /= 10;
    }
    Quality::from_thousandths(thousandths)
}

/// Compares two parameter values (token or quoted-string) by the octets they
/// stand for: `"utf-8"` equals `utf-8` (RFC 9110 §5.6.6), `"a\"b"` equals the octets `a"b`.
pub(crate) fn param_value_eq(a: &[u8], b: &[u8], ignore_case: bool) -> bool {
    if a == b {
        return true;
    }
    let mut x = Unescaped::new(a);
    let mut y = Unescaped::new(b);
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) => {
                let same = if ignore_case {
                    p.eq_ignore_ascii_case(&q)
                } else {
                    p == q
                };
                if !same {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// One parameter (`name=value`) of a validated parameter section.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Param<'a> {
    pub(crate) name: &'a [u8],
    /// Raw value: a token or a complete quoted-string including its DQUOTEs.
    pub(crate) value: &'a [u8],
}

/// Iterates the parameters of a section already validated by a parser in this
/// crate: `*( OWS ";" OWS [ name "=" value ] )`. Empty parameters are skipped.
/// On input that was not validated it stops at the first unexpected octet
/// instead of yielding garbage.
#[derive(Clone, Debug)]
pub(crate) struct Params<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Params<'a> {
    pub(crate) const fn new(s: &'a [u8]) -> Self {
        Params { s, pos: 0 }
    }
}

impl<'a> Iterator for Params<'a> {
    type Item = Param<'a>;

    fn next(&mut self) -> Option<Param<'a>> {
        let s = self.s;
        loop {
            let mut i = skip_ows(s, self.pos);
            if i >= s.len() || s[i] != b';' {
                self.pos = s.len();
                return None;
            }
            i = skip_ows(s, i + 1);
            if i >= s.len() || s[i] == b';' {
                self.pos = i;
                continue;
            }
            let name_end = token_end(s, i);
            if name_end == i || name_end >= s.len() || s[name_end] != b'=' {
                self.pos = s.len();
                return None;
            }
            let value_start = name_end + 1;
            let value_end = if s.get(value_start) == Some(&b'"') {
                match quoted_string_end(s, value_start) {
                    Ok(end) => end,
                    Err(_) => {
                        self.pos = s.len();
                        return None;
                    }
                }
            } else {
                token_end(s, value_start)
            };
            if value_end == value_start {
                self.pos = s.len();
                return None;
            }
            self.pos = value_end;
            return Some(Param {
                name: &s[i..name_end],
                value: &s[value_start..value_end],
            });
        }
    }
}

impl core::iter::FusedIterator for Params<'_> {}

/// The octets a parameter value stands for: a token as is, a quoted-string with its
/// quotes removed and every quoted-pair replaced by its octet (RFC 9110 §5.6.4).
///
/// `raw` is a value as validated by the parameter parser (a token or a complete
/// quoted-string).
#[derive(Clone, Debug)]
pub(crate) struct Unescaped<'a> {
    bytes: &'a [u8],
    quoted: bool,
}

impl<'a> Unescaped<'a> {
    pub(crate) fn new(raw: &'a [u8]) -> Self {
        match raw {
            [b'"', inner @ .., b'"'] => Unescaped {
                bytes: inner,
                quoted: true,
            },
            _ => Unescaped {
                bytes: raw,
                quoted: false,
            },
        }
    }
}

impl Iterator for Unescaped<'_> {
    type Item = u8;
    #[inline]
    fn next(&mut self) -> Option<u8> {
        let (&first, rest) = self.bytes.split_first()?;
        if self.quoted && first == b'\\' {
            let (&escaped, rest) = rest.split_first()?;
            self.bytes = rest;
            Some(escaped)
        } else {
            self.bytes = rest;
            Some(first)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn padded_weights_read_as_the_parameter_loop() {
        let read = |s: &str| padded_weight(s.as_bytes(), 3).map(|(q, end)| (q.thousandths(), end));
        assert_eq!(read("*/*; q=.2"), Some((200, 9)));
        assert_eq!(read("*/* ;\tQ=0.5 , x"), Some((500, 12)));
        assert_eq!(read("*/*;q=1"), Some((1000, 7)));
        assert_eq!(read("*/*; q=1.5"), None);
        assert_eq!(read("*/*; q=0.5; a=1"), None);
        assert_eq!(read("*/*; level=1"), None);
        assert_eq!(read("*/* x"), None);
    }

    use super::*;

    #[test]
    fn param_steps_walk_an_element() {
        let s = br#"a/b ; x=1;;Q="y,z" , next"#;
        assert_eq!(
            param_step(s, 3),
            Ok(ParamStep::Param {
                semicolon: 4,
                name: (6, 7),
                value: (8, 9)
            })
        );
        assert_eq!(param_step(s, 9), Ok(ParamStep::Empty(10)));
        assert_eq!(
            param_step(s, 10),
            Ok(ParamStep::Param {
                semicolon: 10,
                name: (11, 12),
                value: (13, 18)
            })
        );
        assert_eq!(param_step(s, 18), Ok(ParamStep::End(19)));
        assert_eq!(param_step(b"a;q = 1", 1).unwrap_err().0, ErrorKind::MissingEquals);
        assert_eq!(param_step(b"a x", 1).unwrap_err().0, ErrorKind::UnexpectedOctet);
    }

    #[test]
    fn lone_weight_only_takes_the_exact_shape() {
        assert_eq!(
            lone_weight(b"gzip;q=0.5", 4).map(|(q, e)| (q.thousandths(), e)),
            Some((500, 10))
        );
        assert_eq!(
            lone_weight(b"gzip;Q=1,br", 4).map(|(q, e)| (q.thousandths(), e)),
            Some((1000, 8))
        );
        assert_eq!(lone_weight(b"gzip;q=1.5", 4), None);
        assert_eq!(lone_weight(b"gzip;q=0.5;x=y", 4), None);
        assert_eq!(lone_weight(b"gzip ;q=0.5", 4), None);
        assert_eq!(lone_weight(b"gzip", 4), None);
    }

    #[test]
    fn leading_dot_weights_only_in_lenient_mode() {
        let lenient = |v: &str| weight_value(v.as_bytes(), true).map(Quality::thousandths);
        assert_eq!(lenient(".2"), Some(200));
        assert_eq!(lenient(".5"), Some(500));
        assert_eq!(lenient(".0"), Some(0));
        assert_eq!(lenient(".123"), Some(123));
        assert_eq!(lenient("0.9"), Some(900));
        for bad in [
            ".1234", ".", "..2", ".2.", ".a", "1.5", "0.1234", "abc", " .2", "\".2\"", "",
        ] {
            assert_eq!(lenient(bad), None, "{bad:?}");
        }
        assert_eq!(weight_value(b".2", false), None);
        assert_eq!(weight_value(b"0.2", false).map(Quality::thousandths), Some(200));
        // The lone-weight fast path leaves the leading dot to the general loop.
        assert_eq!(lone_weight(b"gzip;q=.5", 4), None);
    }

    #[test]
    fn unescaped_values_compare_by_octets_s16_s19() {
        assert!(param_value_eq(b"utf-8", b"\"utf-8\"", false));
        assert!(param_value_eq(br#""a\"b""#, br#""a"b""#, false));
        assert!(!param_value_eq(b"UTF-8", b"utf-8", false));
        assert!(param_value_eq(b"UTF-8", b"\"utf-8\"", true));
        assert!(!param_value_eq(b"abc", b"abcd", false));
    }

    #[test]
    fn params_iterate_names_and_raw_values_s18_s21() {
        let mut p = Params::new(br#";; a=1 ;B="x;y";"#);
        let first = p.next().unwrap();
        assert_eq!((first.name, first.value), (&b"a"[..], &b"1"[..]));
        let second = p.next().unwrap();
        assert_eq!((second.name, second.value), (&b"B"[..], &br#""x;y""#[..]));
        assert!(p.next().is_none());
    }
}
