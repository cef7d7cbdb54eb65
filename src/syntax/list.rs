//! `#list` splitting (RFC 9110 §5.6.1): where a list element starts and
//! ends, commas inside quoted-strings not separating.
use crate::kernel::find_comma_or_quote;
use crate::syntax::lexical::{skip_ows, trim_ows};

/// Splits a field value into `#list` elements (RFC 9110 §5.6.1): commas inside a
/// quoted-string do not separate, each element is trimmed of OWS, and empty
/// elements are skipped (RFC 9110 §5.6.1.2).
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

/// Index of the first octet at or after `pos` that is neither `,` nor OWS:
/// past the whitespace and empty elements (RFC 9110 §5.6.1.2) before a list element.
#[inline(always)]
pub(crate) const fn element_start(s: &[u8], mut pos: usize) -> usize {
    // `|`, not `||`: no branch per test.
    while pos < s.len() && ((s[pos] == b',') | (s[pos] == b' ') | (s[pos] == b'\t')) {
        pos += 1;
    }
    pos
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
        Some((at, true)) => at,
        Some((at, false)) => quoted_element_end(s, at),
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn element_start_skips_ows_and_empty_elements() {
        assert_eq!(element_start(b" ,\t, a, b", 0), 5);
        assert_eq!(element_start(b"a, b", 1), 3);
        assert_eq!(element_start(b"a", 0), 0);
        assert_eq!(element_start(b", ", 0), 2);
        assert_eq!(element_start(b"", 3), 3);
    }

    #[test]
    fn list_reports_offsets() {
        let v: [(usize, &[u8]); 2] = {
            let mut it = ListElements::new(b" a ,  bc");
            [it.next().unwrap(), it.next().unwrap()]
        };
        assert_eq!(v, [(1, &b"a"[..]), (6, &b"bc"[..])]);
    }
}
