//! RFC 9110 §5.6 field-value building blocks: tokens, whitespace, quoted strings,
//! `#list` splitting and parameters.
//!
//! Every function here is a single forward pass over borrowed bytes. Nothing
//! allocates and nothing panics on any input (every index is bounds-checked by
//! construction: positions only move forward and are compared with the length
//! before use).
use crate::kernel::find_comma_or_quote;

/// `tchar` (RFC 9110 §5.6.2):
/// `"!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA`.
const fn tchar_table() -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
                | b'0'..=b'9'
                | b'a'..=b'z'
                | b'A'..=b'Z'
        );
        i += 1;
    }
    table
}

/// The table behind [`is_tchar`]: a `const`, so `const fn` parsers can read it
/// (at run time the index reads it from read-only data, as a `static` would).
const TCHAR: [bool; 256] = tchar_table();

/// Is `b` a `tchar`?
#[inline(always)]
pub(crate) const fn is_tchar(b: u8) -> bool {
    TCHAR[b as usize]
}

/// Is `s` a token (one or more `tchar`s)?
#[inline]
pub(crate) const fn is_token(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() {
        if !is_tchar(s[i]) {
            return false;
        }
        i += 1;
    }
    !s.is_empty()
}

/// Is `b` optional whitespace (`SP / HTAB`, RFC 9110 §5.6.3)?
#[inline(always)]
pub(crate) const fn is_ows(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// `qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text` (RFC 9110 §5.6.4).
#[inline(always)]
pub(crate) const fn is_qdtext(b: u8) -> bool {
    matches!(b, b'\t' | b' ' | 0x21 | 0x23..=0x5B | 0x5D..=0x7E | 0x80..=0xFF)
}

/// The octet after a backslash in a `quoted-pair`: `HTAB / SP / VCHAR / obs-text`.
#[inline(always)]
pub(crate) const fn is_quoted_pair_octet(b: u8) -> bool {
    matches!(b, b'\t' | b' ' | 0x21..=0x7E | 0x80..=0xFF)
}

/// Strips leading and trailing OWS (RFC 9110 §5.5, S-04).
#[inline]
pub(crate) fn trim_ows(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if is_ows(*first) {
            s = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., last] = s {
        if is_ows(*last) {
            s = rest;
        } else {
            break;
        }
    }
    s
}

/// Index of the first byte at or after `pos` that is not OWS.
#[inline(always)]
pub(crate) const fn skip_ows(s: &[u8], mut pos: usize) -> usize {
    while pos < s.len() && is_ows(s[pos]) {
        pos += 1;
    }
    pos
}

/// End of the token starting at `pos` (`pos` itself when there is none).
#[inline(always)]
pub(crate) const fn token_end(s: &[u8], mut pos: usize) -> usize {
    // An index loop: `take_while(..).count()` compiles to about twice the
    // instructions per byte (unrolling by four measured worse still).
    while pos < s.len() && is_tchar(s[pos]) {
        pos += 1;
    }
    pos
}

/// Parses the quoted-string that starts at `s[pos] == b'"'`.
///
/// Returns the index just past the closing DQUOTE, or `Err(offset)` of the first
/// offending octet (an invalid octet, or the end of input for an unterminated string).
pub(crate) const fn quoted_string_end(s: &[u8], pos: usize) -> Result<usize, usize> {
    debug_assert!(pos < s.len() && s[pos] == b'"');
    let mut i = pos + 1;
    while i < s.len() {
        match s[i] {
            b'"' => return Ok(i + 1),
            b'\\' => {
                if i + 1 >= s.len() {
                    return Err(s.len());
                }
                if !is_quoted_pair_octet(s[i + 1]) {
                    return Err(i + 1);
                }
                i += 2;
            }
            b if is_qdtext(b) => i += 1,
            _ => return Err(i),
        }
    }
    Err(s.len())
}

/// The octets a parameter value stands for: a token as is, a quoted-string with its
/// quotes removed and every quoted-pair replaced by its octet (S-16).
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

/// One step through the parameters that follow a value in a list element:
/// `OWS ";" OWS [ name "=" ( token / quoted-string ) ]` (RFC 9110 §5.6.6;
/// empty parameters allowed, S-21; no whitespace around `=`, S-20).
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
pub(crate) const fn param_step(s: &[u8], last: usize) -> Result<ParamStep, (crate::ErrorKind, usize)> {
    use crate::ErrorKind;
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
pub(crate) fn lone_weight(s: &[u8], at: usize) -> Option<(crate::Quality, usize)> {
    lone_weight_inline(s, at)
}

/// [`lone_weight`], always inlined: for callers that hold the rest of the
/// element in registers (one call and its result in memory cost about as
/// much as the common `;q=0.X` read itself).
#[inline(always)]
pub(crate) fn lone_weight_inline(s: &[u8], at: usize) -> Option<(crate::Quality, usize)> {
    let [b';', b'q' | b'Q', b'=', value @ ..] = s.get(at..)? else {
        return None;
    };
    // The usual `0.X` followed by the `,` or the end, without the loop.
    if let [b'0', b'.', b'0'..=b'9', tail @ ..] = value {
        if matches!(tail.first(), None | Some(b',')) {
            return Some((crate::Quality::parse(value.get(..3)?)?, at + 6));
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
    Some((crate::Quality::parse(&value[..len])?, end))
}

/// Compares two parameter values (token or quoted-string) by the octets they
/// stand for: `"utf-8"` equals `utf-8` (S-19), `"a\"b"` equals the octets `a"b`.
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

/// Splits a field value into `#list` elements (RFC 9110 §5.6.1): commas inside a
/// quoted-string do not separate, each element is trimmed of OWS, and empty
/// elements are skipped (S-12).
///
/// Yields `(offset, element)` with `offset` the element's index in the input.
/// A DQUOTE anywhere in an element opens a quoted-string (with quoted-pairs)
/// that runs to the next unescaped DQUOTE, or to the end of the value if there is
/// none, so an unbalanced quote can only swallow the rest of its own line.
#[derive(Clone, Debug)]
#[cfg_attr(not(test), allow(dead_code))] // for lists parsed after splitting (entity-tags)
pub(crate) struct ListElements<'a> {
    s: &'a [u8],
    pos: usize,
}

/// Index of the `,` that ends the list element starting at `pos` (or `s.len()`),
/// skipping commas inside quoted-strings: a DQUOTE anywhere opens a
/// quoted-string with quoted-pairs that runs to the next unescaped DQUOTE (or
/// the end of the value).
#[inline(always)]
pub(crate) fn element_end(s: &[u8], pos: usize) -> usize {
    // Fast path: most elements hold no quoted-string.
    match find_comma_or_quote(s, pos) {
        None => s.len(),
        Some(at) if s.get(at) == Some(&b',') => at,
        Some(at) => quoted_element_end(s, at),
    }
}

/// [`element_end`] from the `"` at `pos`.
#[inline(never)]
fn quoted_element_end(s: &[u8], mut pos: usize) -> usize {
    let mut in_quotes = false;
    while pos < s.len() {
        let b = s[pos];
        if in_quotes {
            if b == b'\\' {
                pos += 1;
            } else if b == b'"' {
                in_quotes = false;
            }
        } else if b == b',' {
            return pos;
        } else if b == b'"' {
            in_quotes = true;
        }
        pos += 1;
    }
    s.len()
}

#[cfg_attr(not(test), allow(dead_code))]
impl<'a> ListElements<'a> {
    pub(crate) const fn new(s: &'a [u8]) -> Self {
        ListElements { s, pos: 0 }
    }
}

impl<'a> Iterator for ListElements<'a> {
    type Item = (usize, &'a [u8]);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let s = self.s;
        loop {
            let i = skip_ows(s, self.pos);
            if i >= s.len() {
                self.pos = s.len();
                return None;
            }
            let start = i;
            let end = element_end(s, i);
            self.pos = end + 1;
            let element = trim_ows(&s[start..end]);
            if !element.is_empty() {
                return Some((start, element));
            }
        }
    }
}

impl core::iter::FusedIterator for ListElements<'_> {}

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

/// Writes bytes that are ASCII or UTF-8 as text; any invalid sequence becomes
/// U+FFFD. Field values are octets (obs-text is allowed in quoted strings), so
/// `Display` impls go through here rather than assuming UTF-8.
pub(crate) fn write_lossy(f: &mut dyn core::fmt::Write, bytes: &[u8]) -> core::fmt::Result {
    for chunk in bytes.utf8_chunks() {
        f.write_str(chunk.valid())?;
        if !chunk.invalid().is_empty() {
            f.write_char(char::REPLACEMENT_CHARACTER)?;
        }
    }
    Ok(())
}

/// The text of a slice known to hold only tchar octets (ASCII).
#[inline]
pub(crate) fn ascii_str(bytes: &[u8]) -> &str {
    core::str::from_utf8(bytes).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tchar table against the RFC 9110 §5.6.2 definition, for all 256 octets.
    #[test]
    fn tchar_table_matches_rfc_definition_for_every_octet() {
        const DELIMITERS: &[u8] = b"\"(),/:;<=>?@[\\]{}";
        for b in 0u16..=255 {
            let b = b as u8;
            let rfc = b.is_ascii_graphic() && !DELIMITERS.contains(&b);
            assert_eq!(is_tchar(b), rfc, "octet {b:#04x}");
        }
    }

    #[test]
    fn qdtext_excludes_dquote_backslash_and_controls() {
        for b in 0u16..=255 {
            let b = b as u8;
            let rfc = b == b'\t'
                || b == b' '
                || b == 0x21
                || (0x23..=0x5B).contains(&b)
                || (0x5D..=0x7E).contains(&b)
                || b >= 0x80;
            assert_eq!(is_qdtext(b), rfc, "octet {b:#04x}");
        }
    }

    fn elements(s: &str) -> [Option<&[u8]>; 6] {
        let mut out = [None; 6];
        for (slot, (_, e)) in out.iter_mut().zip(ListElements::new(s.as_bytes())) {
            *slot = Some(e);
        }
        out
    }

    #[test]
    fn list_skips_empty_elements_s12() {
        assert_eq!(
            elements("gzip, , br,"),
            [Some(&b"gzip"[..]), Some(b"br"), None, None, None, None]
        );
        assert_eq!(elements(",   ,"), [None; 6]);
        assert_eq!(elements(""), [None; 6]);
    }

    #[test]
    fn list_respects_quoted_commas_and_escapes() {
        let got = elements(r#"a;x="1,2", b;y="\",", c"#);
        assert_eq!(got[0], Some(&br#"a;x="1,2""#[..]));
        assert_eq!(got[1], Some(&br#"b;y="\",""#[..]));
        assert_eq!(got[2], Some(&b"c"[..]));
    }

    #[test]
    fn list_unterminated_quote_swallows_rest_only() {
        let got = elements(r#"a, b="x, c"#);
        assert_eq!(got[0], Some(&b"a"[..]));
        assert_eq!(got[1], Some(&br#"b="x, c"#[..]));
        assert_eq!(got[2], None);
    }

    #[test]
    fn list_reports_offsets() {
        let v: [(usize, &[u8]); 2] = {
            let mut it = ListElements::new(b" a ,  bc");
            [it.next().unwrap(), it.next().unwrap()]
        };
        assert_eq!(v, [(1, &b"a"[..]), (6, &b"bc"[..])]);
    }

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
        assert_eq!(
            param_step(b"a;q = 1", 1).unwrap_err().0,
            crate::ErrorKind::MissingEquals
        );
        assert_eq!(
            param_step(b"a x", 1).unwrap_err().0,
            crate::ErrorKind::UnexpectedOctet
        );
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
    fn quoted_string_with_quoted_pair() {
        assert_eq!(quoted_string_end(br#""a\"b" x"#, 0), Ok(6));
        assert_eq!(quoted_string_end(br#""abc"#, 0), Err(4));
        assert_eq!(quoted_string_end(b"\"a\x01\"", 0), Err(2));
        assert_eq!(quoted_string_end(b"\"a\\", 0), Err(3));
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

    #[test]
    fn trim_and_token_helpers() {
        assert_eq!(trim_ows(b" \t x y \t"), b"x y");
        assert_eq!(trim_ows(b"   "), b"");
    }
}
