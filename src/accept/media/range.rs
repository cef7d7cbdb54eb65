//! Media ranges (RFC 9110 §12.5.1): one element of `Accept`, its parameters,
//! the iterator over a field's ranges, and the parser of one range.
use crate::accept::media::FIELD;
use crate::accept::media::MAX_PARAMS;
use crate::accept::media::Offer;
use crate::accept::media::offer::parse_offer;

use core::fmt;

use crate::Quality;
use crate::error::{ErrorKind, ParseError};
use crate::field::Cursor;
use crate::syntax::{self, ParamStep, Params};

/// Iterator over the media ranges of an [`Accept`](crate::Accept) field, in the client's order.
#[derive(Clone, Debug)]
pub struct MediaRanges<'h> {
    pub(crate) cursor: Cursor<'h>,
    pub(crate) position: u16,
    pub(crate) max: u16,
}

impl<'h> Iterator for MediaRanges<'h> {
    type Item = Result<MediaRange<'h>, ParseError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.position >= self.max {
            return None;
        }
        let start = self.cursor.next_start()?;
        let position = self.position;
        self.position += 1;
        Some(
            match parse_at(self.cursor.line_bytes(), start, true, true, position) {
                Ok((range, end)) => {
                    self.cursor.finish(end);
                    Ok(range)
                }
                Err((kind, at)) => {
                    let err = error_at(&self.cursor, at, kind);
                    self.cursor.skip_element();
                    Err(err)
                }
            },
        )
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(usize::from(self.max - self.position)))
    }
}

impl core::iter::FusedIterator for MediaRanges<'_> {}

/// One media range of an `Accept` field: type, subtype, parameters and weight,
/// borrowed from the field value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct MediaRange<'h> {
    ty: &'h [u8],
    sub: &'h [u8],
    /// Raw parameters before the weight, starting at `;` (or empty).
    pub(crate) params: &'h [u8],
    /// Raw parameters after the weight, starting at `;` (or empty).
    pub(crate) ext: &'h [u8],
    pub(crate) quality: Quality,
    /// `level << 8 | distinct parameter count`; level 0 `*/*`, 1 `type/*`, 2 `type/subtype`.
    pub(crate) specificity: u16,
    pub(crate) position: u16,
}

impl<'h> MediaRange<'h> {
    /// `*/*` with q=1: what an absent field stands for.
    pub const ANY: MediaRange<'static> = MediaRange {
        ty: b"*",
        sub: b"*",
        params: b"",
        ext: b"",
        quality: Quality::ONE,
        specificity: 0,
        position: 0,
    };

    /// Parses one media range (`text/html;level=1;q=0.5`), strictly.
    ///
    /// # Errors
    ///
    /// The [`ErrorKind`] and byte offset of the first problem.
    ///
    /// ```
    /// use conneg::{ErrorKind, accept::MediaRange};
    ///
    /// let r = MediaRange::parse(b"text/html;level=1;q=0.5").unwrap();
    /// assert!(r.matches("text/html;level=1;charset=utf-8"));
    /// assert!(!r.matches("text/html"));
    /// assert_eq!(MediaRange::parse(b"*/html").unwrap_err(), (ErrorKind::WildcardType, 0));
    /// ```
    pub fn parse(value: &'h [u8]) -> Result<MediaRange<'h>, (ErrorKind, usize)> {
        let value = syntax::trim_ows(value);
        match parse_at(value, 0, true, false, 0)? {
            (range, end) if end == value.len() => Ok(range),
            (_, end) => Err((ErrorKind::UnexpectedOctet, end)),
        }
    }

    /// The type, as written (`"text"`, `"*"`).
    #[inline]
    pub fn type_(&self) -> &'h str {
        syntax::ascii_str(self.ty)
    }

    /// The subtype, as written (`"html"`, `"*"`).
    #[inline]
    pub fn subtype(&self) -> &'h str {
        syntax::ascii_str(self.sub)
    }

    /// The weight (1 when absent).
    #[inline]
    pub const fn quality(&self) -> Quality {
        self.quality
    }

    /// Position of this range in the client's list (0-based, empty elements not counted).
    #[inline]
    pub const fn position(&self) -> usize {
        self.position as usize
    }

    /// Is this `*/*` or `type/*`?
    #[inline]
    pub fn is_wildcard(&self) -> bool {
        self.sub == b"*"
    }

    /// The parameters other than the weight, in order (those after `q` included,
    /// RFC 9110 §12.5.1).
    #[inline]
    pub fn params(&self) -> impl Iterator<Item = MediaParam<'h>> + 'h {
        let (params, ext) = (self.params, self.ext);
        Params::new(params)
            .chain(Params::new(ext))
            .filter(|p| !p.name.eq_ignore_ascii_case(b"q"))
            .map(|p| MediaParam {
                name: p.name,
                value: p.value,
            })
    }

    /// Does this range match the media type `offer` (which may carry parameters)?
    /// An invalid offer matches nothing.
    pub fn matches(&self, offer: &str) -> bool {
        parse_offer(offer.as_bytes()).is_some_and(|o| self.matches_parsed(&o))
    }

    /// This range as a `mime::Mime` (its text without the weight). `None` if the
    /// `mime` crate rejects it. Allocates; for adapters, not the request path.
    #[cfg(feature = "mime")]
    pub fn to_mime(&self) -> Option<mime::Mime> {
        use alloc::string::ToString;
        self.to_string().parse().ok()
    }

    #[inline(always)]
    pub(crate) fn matches_parsed(&self, offer: &Offer<'_>) -> bool {
        // The subtype first: offers differ there more often than in the type.
        let sub_ok = self.sub == b"*" || crate::kernel::eq_ignore_case(self.sub, offer.sub);
        if !sub_ok || !(self.ty == b"*" || crate::kernel::eq_ignore_case(self.ty, offer.ty)) {
            return false;
        }
        self.params_match(offer)
    }

    /// Does the offer carry this range's parameters (given that the type and
    /// subtype match)?
    #[inline(always)]
    pub(crate) fn params_match(&self, offer: &Offer<'_>) -> bool {
        self.specificity & 0xFF == 0 || params_subset(self.params, self.ext, offer.params)
    }
}

/// Every distinct (first-occurrence) non-`q` parameter of the range appears in
/// the offer with an equal value.
pub(crate) fn params_subset(params: &[u8], ext: &[u8], offer: &[u8]) -> bool {
    let all = || Params::new(params).chain(Params::new(ext));
    for (i, p) in all().enumerate() {
        if p.name.eq_ignore_ascii_case(b"q") || all().take(i).any(|e| e.name.eq_ignore_ascii_case(p.name)) {
            continue;
        }
        let Some(o) = Params::new(offer).find(|o| o.name.eq_ignore_ascii_case(p.name)) else {
            return false;
        };
        let ignore_case = p.name.eq_ignore_ascii_case(b"charset");
        if !syntax::param_value_eq(p.value, o.value, ignore_case) {
            return false;
        }
    }
    true
}

impl Default for MediaRange<'_> {
    /// `*/*` (q=1).
    fn default() -> Self {
        MediaRange::ANY
    }
}

impl fmt::Display for MediaRange<'_> {
    /// The range as written, without its weight: `text/html;level=1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        syntax::write_lossy(f, self.ty)?;
        f.write_str("/")?;
        syntax::write_lossy(f, self.sub)?;
        syntax::write_lossy(f, self.params)?;
        // A repeated `q` after the weight is not a parameter (the first `q` is
        // the weight): leave it out, like the weight, with its `;` and the OWS
        // around it, so the text means what was parsed. The rest stays as written.
        let mut pending_ows: &[u8] = b"";
        for segment in param_segments(self.ext) {
            if Params::new(segment)
                .next()
                .is_some_and(|p| p.name.eq_ignore_ascii_case(b"q"))
            {
                pending_ows = b"";
                continue;
            }
            let kept = trim_end_ows(segment);
            syntax::write_lossy(f, pending_ows)?;
            syntax::write_lossy(f, kept)?;
            pending_ows = &segment[kept.len()..];
        }
        syntax::write_lossy(f, pending_ows)
    }
}

/// Splits a validated parameter section (empty, or starting at `;`) into its
/// raw segments, each from its `;` up to the next `;` outside a quoted-string.
pub(crate) fn param_segments(mut rest: &[u8]) -> impl Iterator<Item = &[u8]> {
    core::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut i = 1;
        let mut quoted = false;
        while i < rest.len() {
            match rest[i] {
                b'\\' if quoted => i += 1,
                b'"' => quoted = !quoted,
                b';' if !quoted => break,
                _ => {}
            }
            i += 1;
        }
        let (segment, tail) = rest.split_at(i.min(rest.len()));
        rest = tail;
        Some(segment)
    })
}

impl fmt::Debug for MediaRange<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MediaRange(\"{self}\", {:?})", self.quality)
    }
}

/// A media-range parameter: its name and its raw value (a token, or a
/// quoted-string with its quotes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MediaParam<'h> {
    name: &'h [u8],
    value: &'h [u8],
}

impl<'h> MediaParam<'h> {
    /// The name as written (compare it case-insensitively, RFC 9110 §5.6.6).
    pub fn name(&self) -> &'h str {
        syntax::ascii_str(self.name)
    }
    /// The value as written: a token, or a quoted-string including its DQUOTEs.
    pub fn raw_value(&self) -> &'h [u8] {
        self.value
    }
}

/// Parses the media range that starts at `s[start]` (not OWS, not `,`), in one
/// forward pass. `weight`: whether `q` is the weight (field elements) or an
/// ordinary parameter (offers). `lenient`: lenient mode, which also reads a
/// leading-dot weight (`q=.2`) as its value and a bare `*` as `*/*` (Java's
/// default `Accept`); strict mode reports both as errors.
///
/// Returns the range and the index where its element ends (the `,` that
/// follows, or `s.len()`), or the error and its offset in `s`.
#[inline]
pub(crate) fn parse_at(
    s: &[u8],
    start: usize,
    weight: bool,
    lenient: bool,
    position: u16,
) -> Result<(MediaRange<'_>, usize), (ErrorKind, usize)> {
    let essence = parse_essence(s, start, lenient)?;
    parse_rest(s, essence, weight, lenient, position)
}

/// Type, subtype, wildcard level (0 `*/*`, 1 `type/*`, 2 `type/subtype`) and
/// where the subtype ends.
pub(crate) type Essence<'a> = (&'a [u8], &'a [u8], u16, usize);

/// Parses `type "/" subtype` at `s[start]`; in `lenient` mode a bare `*`
/// (no `/` after it) as `*/*`.
#[inline]
pub(crate) fn parse_essence(
    s: &[u8],
    start: usize,
    lenient: bool,
) -> Result<Essence<'_>, (ErrorKind, usize)> {
    let ty_end = syntax::token_end(s, start);
    if ty_end == start {
        return Err((ErrorKind::InvalidToken, start));
    }
    if s.get(ty_end) != Some(&b'/') {
        return match bare_star(s, start, ty_end, lenient) {
            Some(essence) => Ok(essence),
            None => Err((ErrorKind::MissingSlash, ty_end)),
        };
    }
    let sub_start = ty_end + 1;
    let sub_end = syntax::token_end(s, sub_start);
    if sub_end == sub_start {
        return Err((ErrorKind::InvalidSubtype, sub_start));
    }
    let (ty, sub) = (&s[start..ty_end], &s[sub_start..sub_end]);
    let level: u16 = match (ty == b"*", sub == b"*") {
        (true, true) => 0,
        (true, false) => return Err((ErrorKind::WildcardType, start)),
        (false, true) => 1,
        (false, false) => 2,
    };
    Ok((ty, sub, level, sub_end))
}

/// A bare `*` media range (the token `*`, no `/` after it), read in lenient
/// mode as `*/*` with the parameters and weight that follow it: the essence
/// of `*/*` ending where the `*` does. Not in strict mode (RFC 9110 §12.5.1
/// requires `type "/" subtype`).
#[cold]
#[inline(never)]
pub(crate) fn bare_star(s: &[u8], start: usize, ty_end: usize, lenient: bool) -> Option<Essence<'_>> {
    (lenient && &s[start..ty_end] == b"*").then_some((&s[start..ty_end], &b"*"[..], 0, ty_end))
}

/// Parses the parameters (and weight) after an essence, to the element's end.
/// `lenient`: see [`parse_at`].
#[inline]
pub(crate) fn parse_rest<'a>(
    s: &'a [u8],
    (ty, sub, level, sub_end): Essence<'a>,
    weight: bool,
    lenient: bool,
    position: u16,
) -> Result<(MediaRange<'a>, usize), (ErrorKind, usize)> {
    let bare = |quality, params: &'a [u8], end| {
        let range = MediaRange {
            ty,
            sub,
            params,
            ext: &s[end..end],
            quality,
            specificity: level << 8,
            position,
        };
        Ok((range, end))
    };
    // Fast paths for the common shapes: `type/sub` and `type/sub;q=0.9`.
    if matches!(s.get(sub_end), None | Some(b',')) {
        return bare(Quality::ONE, &s[sub_end..sub_end], sub_end);
    }
    if weight {
        if let Some((q, end)) = syntax::lone_weight(s, sub_end) {
            return bare(q, &s[sub_end..sub_end], end);
        }
    }
    let mut quality = Quality::ONE;
    // Where the weight's `;` is, and where its value ends, once seen.
    let mut weight_at: Option<(usize, usize)> = None;
    let mut count = 0usize;
    // End of the last thing consumed (never trailing OWS).
    let mut last = sub_end;
    let end = loop {
        let (semicolon, name, (vs, ve)) = match syntax::param_step(s, last)? {
            ParamStep::End(end) => break end,
            ParamStep::Empty(next) => {
                last = next;
                continue;
            }
            ParamStep::Param {
                semicolon,
                name,
                value,
            } => (semicolon, name, value),
        };
        let is_q = weight && s[name.0..name.1].eq_ignore_ascii_case(b"q");
        if is_q {
            if weight_at.is_none() {
                quality = syntax::weight_value(&s[vs..ve], lenient).ok_or((ErrorKind::InvalidQuality, vs))?;
                weight_at = Some((semicolon, ve));
            }
        } else {
            count += 1;
            if count > MAX_PARAMS {
                return Err((ErrorKind::TooManyParameters, name.0));
            }
        }
        last = ve;
    };
    let (params, ext) = match weight_at {
        None => (&s[sub_end..last], &s[last..last]),
        Some((semicolon, value_end)) => {
            let ext_start = syntax::skip_ows(s, value_end).min(last);
            (trim_end_ows(&s[sub_end..semicolon]), &s[ext_start..last])
        }
    };
    let distinct = if count <= 1 {
        count
    } else {
        distinct_params(params, ext, weight)
    };
    Ok((
        MediaRange {
            ty,
            sub,
            params,
            ext,
            quality,
            specificity: (level << 8) | distinct as u16,
            position,
        },
        end,
    ))
}

pub(crate) fn trim_end_ows(mut s: &[u8]) -> &[u8] {
    while let [rest @ .., last] = s {
        if syntax::is_ows(*last) {
            s = rest;
        } else {
            break;
        }
    }
    s
}

/// Number of distinct parameter names (a repeated name counts once, RFC 9110 §8.3.1, §5.6.6).
pub(crate) fn distinct_params(params: &[u8], ext: &[u8], weight: bool) -> usize {
    let all = || {
        Params::new(params)
            .chain(Params::new(ext))
            .filter(|p| !(weight && p.name.eq_ignore_ascii_case(b"q")))
    };
    all()
        .enumerate()
        .filter(|(i, p)| !all().take(*i).any(|e| e.name.eq_ignore_ascii_case(p.name)))
        .count()
}

pub(crate) fn error_at(cursor: &Cursor<'_>, offset: usize, kind: ErrorKind) -> ParseError {
    ParseError {
        field: FIELD,
        kind,
        line: cursor.line_index(),
        offset,
    }
}
