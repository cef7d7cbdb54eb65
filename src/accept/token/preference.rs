//! One element of a token-valued field (`#( value [ weight ] )`) and the
//! iterator over a field's elements; parameters other than `q` are accepted
//! and ignored, `q` is read wherever it appears among them.

use core::fmt;

use crate::Quality;
use crate::error::{ErrorKind, ParseError};
use crate::field::Cursor;
use crate::syntax::{self, ParamStep};

/// Parameters per element beyond which the element is malformed.
pub(crate) const MAX_PARAMS: usize = 16;

/// One element of a token-valued negotiation field: the value as written
/// (`en-US`, `gzip`, `utf-8`, `*`), its weight and its position.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Preference<'h> {
    pub(crate) value: &'h [u8],
    pub(crate) quality: Quality,
    pub(crate) specificity: u16,
    pub(crate) position: u16,
}

impl<'h> Preference<'h> {
    /// The wildcard `*` at q=1: what an absent field stands for.
    pub const ANY: Preference<'static> = Preference {
        value: b"*",
        quality: Quality::ONE,
        specificity: 0,
        position: 0,
    };

    /// The value as written, without parameters or weight.
    #[inline]
    pub fn value(&self) -> &'h str {
        syntax::ascii_str(self.value)
    }

    /// The weight (1 when absent).
    #[inline]
    pub const fn quality(&self) -> Quality {
        self.quality
    }

    /// Position in the client's list (0-based, empty elements not counted).
    #[inline]
    pub const fn position(&self) -> usize {
        self.position as usize
    }

    /// Is this the wildcard `*`?
    #[inline]
    pub fn is_wildcard(&self) -> bool {
        self.value == b"*"
    }
}

impl Default for Preference<'_> {
    /// `*` (q=1).
    fn default() -> Self {
        Preference::ANY
    }
}

impl fmt::Display for Preference<'_> {
    /// The value as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        syntax::write_lossy(f, self.value)
    }
}

impl fmt::Debug for Preference<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Preference(\"{self}\", {:?})", self.quality)
    }
}

/// Iterator over the elements of a token-valued negotiation field, in the
/// client's order: each a [`Preference`] or the [`ParseError`] of a malformed
/// element.
#[derive(Clone, Debug)]
pub struct Preferences<'h> {
    pub(crate) cursor: Cursor<'h>,
    pub(crate) position: u16,
    pub(crate) max: u16,
    pub(crate) field: &'static str,
    pub(crate) parse: fn(&[u8]) -> bool,
}

impl<'h> Iterator for Preferences<'h> {
    type Item = Result<Preference<'h>, ParseError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.position >= self.max {
            return None;
        }
        let start = self.cursor.next_start()?;
        let position = self.position;
        self.position += 1;
        let line = self.cursor.line_bytes();
        Some(match parse_element(line, start, self.parse, true) {
            Ok((value, quality, end)) => {
                self.cursor.finish(end);
                Ok(Preference {
                    value,
                    quality,
                    specificity: 0,
                    position,
                })
            }
            Err((kind, at)) => {
                let err = ParseError {
                    field: self.field,
                    kind,
                    line: self.cursor.line_index(),
                    offset: at,
                };
                self.cursor.skip_element();
                Err(err)
            }
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(usize::from(self.max - self.position)))
    }
}

impl core::iter::FusedIterator for Preferences<'_> {}

/// Parses the element at `s[start]` strictly (for `validate`): a value
/// (checked by `valid`), then parameters, of which the first `q` is the
/// weight and the rest are ignored. Returns the value, the weight and where
/// the element ends (`,` or the end).
#[inline]
pub(crate) fn parse_at(
    s: &[u8],
    start: usize,
    valid: fn(&[u8]) -> bool,
) -> Result<(&[u8], Quality, usize), (ErrorKind, usize)> {
    parse_element(s, start, valid, false)
}

/// [`parse_at`] in strict or `lenient` mode (which also reads a leading-dot
/// weight, `q=.5`, as its value: see `syntax::weight_value`).
#[inline]
pub(crate) fn parse_element(
    s: &[u8],
    start: usize,
    valid: fn(&[u8]) -> bool,
    lenient: bool,
) -> Result<(&[u8], Quality, usize), (ErrorKind, usize)> {
    let value_end = syntax::token_end(s, start);
    if value_end == start || !valid(&s[start..value_end]) {
        return Err((ErrorKind::InvalidToken, start));
    }
    let (quality, end) = parse_params(s, value_end, lenient)?;
    Ok((&s[start..value_end], quality, end))
}

/// [`parse_params`]'s common cases, inline: no parameters (the value ends at
/// the `,` or the end of the line), or exactly `;q=0.D` before it. `None`
/// otherwise, for [`params_past_fast`] (`parse_params` gives the same
/// answers in these cases).
#[inline(always)]
pub(crate) fn weight_fast(s: &[u8], value_end: usize) -> Option<(Quality, usize)> {
    match s.get(value_end..) {
        None | Some([] | [b',', ..]) => Some((Quality::ONE, value_end)),
        Some(
            [b';', b'q' | b'Q', b'=', b'0', b'.', d @ b'0'..=b'9']
            | [b';', b'q' | b'Q', b'=', b'0', b'.', d @ b'0'..=b'9', b',', ..],
        ) => Some((
            Quality::from_thousandths(u16::from(d - b'0') * 100)?,
            value_end + 6,
        )),
        _ => None,
    }
}

/// The weight of the element whose value ends at `value_end`, leniently
/// (scoring): [`weight_fast`] inline, [`params_past_fast`] out of line.
/// Returns the weight and where the element ends.
#[inline(always)]
pub(crate) fn weight_at(s: &[u8], value_end: usize) -> Result<(Quality, usize), (ErrorKind, usize)> {
    weight_fast(s, value_end).map_or_else(|| params_past_fast(s, value_end), Ok)
}

/// The prologue of the one-line element walks (`negotiate_few`,
/// `score_few`, `walk_valid`), first in the body of a
/// `while let Some(&$first) = $line.get($pos)` loop: past one separator
/// octet per turn (elements are short, and most are preceded by one or
/// two), `break` once `$max` elements are counted (in `$position`);
/// otherwise the element is counted, and one whose value starts with no
/// `tchar` (an empty value) is skipped whole (it holds no `,` or `"` to
/// skip past) after `$bad` (if given) runs. Gives the start and position of an
/// element whose value starts with a `tchar`.
///
/// A macro, not a function: a step function returning the next element
/// (a loop of its own inside the caller's) cost the walks 40 to 90
/// instructions per call (language/chrome_ko en_ko_ja 980 → 1,066), and
/// a `loop` with the octet read inside the macro 40.
macro_rules! element_prologue {
    ($line:expr, $first:expr, $pos:ident, $position:ident, $max:expr $(, $bad:expr)?) => {{
        // The usual element starts with a `tchar` (no separator is one):
        // one test for it, the separators only among the rest.
        if !$crate::syntax::is_tchar($first) {
            if $crate::field::is_separator($first) {
                $pos += 1;
                continue;
            }
            if $position >= $max {
                break;
            }
            $position += 1;
            $($bad;)?
            $pos = $crate::accept::token::preference::element_end($line, $pos);
            continue;
        }
        if $position >= $max {
            break;
        }
        let this = $position;
        $position += 1;
        ($pos, this)
    }};
}
pub(crate) use element_prologue;

/// The end of the element whose value ends at `from` (its `,` or the end of
/// the line): what `Cursor::skip_element` gives from the element's start, as
/// the value holds no `,` or `"`. Often `from` is already at the `,` or the
/// end, answered without the call.
#[inline(always)]
pub(crate) fn element_end(line: &[u8], from: usize) -> usize {
    match line.get(from) {
        Some(b',') => from,
        None => line.len(),
        Some(_) => syntax::element_end(line, from),
    }
}

/// [`parse_params`] in lenient mode (scoring) where [`weight_fast`] gave up
/// (so there are parameters).
#[inline(never)]
pub(crate) fn params_past_fast(s: &[u8], value_end: usize) -> Result<(Quality, usize), (ErrorKind, usize)> {
    match syntax::lone_weight(s, value_end) {
        Some(fast) => Ok(fast),
        None => parse_params_slow(s, value_end, true),
    }
}

/// Parses the parameters after a value ending at `value_end`: the first `q`
/// is the weight, the others are checked and ignored. Returns the weight and
/// where the element ends. `lenient`: see [`parse_element`].
#[inline]
pub(crate) fn parse_params(
    s: &[u8],
    value_end: usize,
    lenient: bool,
) -> Result<(Quality, usize), (ErrorKind, usize)> {
    // Fast paths for the common shapes, inline: no parameters at all, and
    // `;q=0.9` right before the `,` or the end (see `syntax::lone_weight`).
    if matches!(s.get(value_end), None | Some(b',')) {
        return Ok((Quality::ONE, value_end));
    }
    if let Some(fast) = syntax::lone_weight(s, value_end) {
        return Ok(fast);
    }
    parse_params_slow(s, value_end, lenient)
}

/// [`parse_params`] past its fast paths.
#[inline(never)]
pub(crate) fn parse_params_slow(
    s: &[u8],
    value_end: usize,
    lenient: bool,
) -> Result<(Quality, usize), (ErrorKind, usize)> {
    let mut quality = Quality::ONE;
    let mut weighted = false;
    let mut count = 0usize;
    let mut last = value_end;
    let end = loop {
        let (name, (vs, ve)) = match syntax::param_step(s, last)? {
            ParamStep::End(end) => break end,
            ParamStep::Empty(next) => {
                last = next;
                continue;
            }
            ParamStep::Param { name, value, .. } => (name, value),
        };
        count += 1;
        if count > MAX_PARAMS {
            return Err((ErrorKind::TooManyParameters, name.0));
        }
        if !weighted && s[name.0..name.1].eq_ignore_ascii_case(b"q") {
            quality = syntax::weight_value(&s[vs..ve], lenient).ok_or((ErrorKind::InvalidQuality, vs))?;
            weighted = true;
        }
        last = ve;
    };
    Ok((quality, end))
}

pub(crate) fn push<'h>(out: &mut [Preference<'h>], len: &mut usize, p: Preference<'h>) {
    if let Some(slot) = out.get_mut(*len) {
        *slot = p;
        *len += 1;
    }
}

pub(crate) fn insert_preference<'h>(out: &mut [Preference<'h>], len: &mut usize, p: Preference<'h>) {
    // q descending, then the more specific, then the client's order.
    crate::accept::insert_sorted(out, len, p, |r| {
        (
            core::cmp::Reverse(r.quality),
            core::cmp::Reverse(r.specificity),
            r.position,
        )
    });
}
