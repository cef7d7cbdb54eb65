//! The lexical rules of field values (RFC 9110 §5.6.2–§5.6.4, §5.5): tokens,
//! whitespace, quoted-strings, and writing field octets as text.

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

/// Strips leading and trailing OWS (RFC 9110 §5.5).
#[inline]
pub(crate) const fn trim_ows(mut s: &[u8]) -> &[u8] {
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

    #[test]
    fn quoted_string_with_quoted_pair() {
        assert_eq!(quoted_string_end(br#""a\"b" x"#, 0), Ok(6));
        assert_eq!(quoted_string_end(br#""abc"#, 0), Err(4));
        assert_eq!(quoted_string_end(b"\"a\x01\"", 0), Err(2));
        assert_eq!(quoted_string_end(b"\"a\\", 0), Err(3));
    }

    #[test]
    fn trim_and_token_helpers() {
        assert_eq!(trim_ows(b" \t x y \t"), b"x y");
        assert_eq!(trim_ows(b"   "), b"");
    }
}
