//! The shared engine of the token-valued negotiation fields (Accept-Language,
//! Accept-Encoding, Accept-Charset): `#( value [ weight ] )`, where parameters
//! other than `q` are accepted and ignored (DESIGN policy), `q` is read
//! wherever it appears among them, and an invalid `q` makes the element
//! malformed.

use core::fmt;
use core::marker::PhantomData;

use super::{
    Best, CHUNK, Choice, DEFAULT_MAX_ELEMENTS, Negotiation, SMALL_CHUNK, Score, TieBreak, rank_into,
};
use crate::Quality;
use crate::error::{ErrorKind, ParseError};
use crate::field::{Cursor, FieldLines, is_separator};
use crate::syntax::{self, ParamStep};

/// Parameters per element beyond which the element is malformed.
const MAX_PARAMS: usize = 16;

/// What differs between the three fields.
pub(crate) trait Kind {
    /// The field's registered name.
    const FIELD: &'static str;
    /// Accept-Encoding's identity rules (N-44, N-48).
    const IDENTITY: bool = false;
    /// Is `value` (a token) a valid element value (`*` included)?
    fn valid_range(value: &[u8]) -> bool;
    /// Is `offer` a valid value for the server to offer?
    fn valid_offer(offer: &[u8]) -> bool;
    /// If `range` matches `offer`, its specificity (higher is more specific,
    /// and among equal q the higher ranks first). The rule as one function,
    /// for the tests: scoring uses its two parts, [`matches_key`](Kind::matches_key)
    /// and [`range_specificity`](Kind::range_specificity).
    #[cfg_attr(not(test), allow(dead_code))]
    fn matches(range: &[u8], offer: &[u8]) -> Option<u16>;
    /// Where, in a value, the form that [`matches_key`](Kind::matches_key)
    /// compares starts (Accept-Encoding skips the `x-` of its aliases): the
    /// key is `&value[key_offset(value)..]`, computed once per element and
    /// once per offer, not once per comparison. Never empty for a non-empty
    /// value, and its first octet must match case-insensitively for a range
    /// other than `*` to match. The value's own first octet must be in
    /// [`RANGE_FIRSTS`](Kind::RANGE_FIRSTS) when it differs from its key's.
    #[inline(always)]
    fn key_offset(_value: &[u8]) -> usize {
        0
    }
    /// First octets of ranges whose key starts elsewhere (see
    /// [`key_offset`](Kind::key_offset)), as a set of [`folded`] octets.
    const RANGE_FIRSTS: u32 = 0;
    /// If the keys of a range and an offer match, what the match adds to
    /// the range's own [`specificity`](Kind::specificity) (together what
    /// [`matches`](Kind::matches) gives): the range's part is then computed
    /// once per element, with its validity, not once per matching offer.
    fn matches_key(range: &[u8], offer: &[u8]) -> Option<u16>;
    /// [`matches_key`](Kind::matches_key) for a range (other than `*`)
    /// that is `key[..len]` case-insensitively, `len` ≥ 1: a range that
    /// matches a key is always such a prefix of it, so the scoring fast
    /// path finds a value's end and its match in one comparison.
    #[inline(always)]
    fn matches_prefix(key: &[u8], len: usize) -> Option<u16> {
        (len == key.len()).then_some(0)
    }
    /// Specificity of a range on its own, for the client-preference list.
    fn specificity(range: &[u8]) -> u16;
    /// [`valid_range`](Kind::valid_range) and then
    /// [`specificity`](Kind::specificity), in one pass where the kind can.
    #[inline(always)]
    fn range_specificity(value: &[u8]) -> Option<u16> {
        Self::valid_range(value).then(|| Self::specificity(value))
    }
}

/// Matching by name (case-insensitive), where a named value (specificity 1)
/// beats `*` (0), which matches every value: Accept-Charset's and
/// Accept-Encoding's rule (N-31, N-46).
#[cfg_attr(not(test), allow(dead_code))]
#[inline(always)]
pub(crate) fn named_or_any(range: &[u8], offer: &[u8]) -> Option<u16> {
    if range == b"*" {
        Some(0)
    } else if syntax::eq_ignore_case(range, offer) {
        Some(1)
    } else {
        None
    }
}

/// An octet folded to 0..32 (`& 31`), which merges a letter's two cases:
/// the index of the offers whose key starts with it in `score_chunk_by`'s
/// candidate table, and its bit in [`Kind::RANGE_FIRSTS`]. Other octets
/// share an index too (the table then passes more, never fewer).
#[inline(always)]
pub(crate) const fn folded(b: u8) -> usize {
    (b & 31) as usize
}

/// [`named_or_any`] as [`Kind::matches_key`] gives it: a match adds nothing
/// to the range's own specificity (1 when named, 0 for `*`).
#[inline(always)]
pub(crate) fn named_or_any_key(range: &[u8], offer: &[u8]) -> Option<u16> {
    (range == b"*" || syntax::eq_ignore_case(range, offer)).then_some(0)
}

/// One element of a token-valued negotiation field: the value as written
/// (`en-US`, `gzip`, `utf-8`, `*`), its weight and its position.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Preference<'h> {
    value: &'h [u8],
    quality: Quality,
    specificity: u16,
    position: u16,
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
    cursor: Cursor<'h>,
    position: u16,
    max: u16,
    field: &'static str,
    parse: fn(&[u8]) -> bool,
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
        Some(match parse_at(line, start, self.parse) {
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

/// Parses the element at `s[start]`: a value (checked by `valid`), then
/// parameters, of which the first `q` is the weight and the rest are ignored.
/// Returns the value, the weight and where the element ends (`,` or the end).
#[inline]
fn parse_at(
    s: &[u8],
    start: usize,
    valid: fn(&[u8]) -> bool,
) -> Result<(&[u8], Quality, usize), (ErrorKind, usize)> {
    let value_end = syntax::token_end(s, start);
    if value_end == start || !valid(&s[start..value_end]) {
        return Err((ErrorKind::InvalidToken, start));
    }
    let (quality, end) = parse_params(s, value_end)?;
    Ok((&s[start..value_end], quality, end))
}

/// [`parse_params`]'s common cases, inline: no parameters (the value ends at
/// the `,` or the end of the line), or exactly `;q=0.D` before it. `None`
/// otherwise, for [`params_past_fast`] (`parse_params` gives the same
/// answers in these cases).
#[inline(always)]
fn weight_fast(s: &[u8], value_end: usize) -> Option<(Quality, usize)> {
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

/// [`parse_params`] where [`weight_fast`] gave up (so there are parameters).
#[inline(never)]
fn params_past_fast(s: &[u8], value_end: usize) -> Result<(Quality, usize), (ErrorKind, usize)> {
    match syntax::lone_weight(s, value_end) {
        Some(fast) => Ok(fast),
        None => parse_params_slow(s, value_end),
    }
}

/// Parses the parameters after a value ending at `value_end`: the first `q`
/// is the weight, the others are checked and ignored. Returns the weight and
/// where the element ends.
#[inline]
fn parse_params(s: &[u8], value_end: usize) -> Result<(Quality, usize), (ErrorKind, usize)> {
    // Fast paths for the common shapes, inline: no parameters at all, and
    // `;q=0.9` right before the `,` or the end (see `syntax::lone_weight`).
    if matches!(s.get(value_end), None | Some(b',')) {
        return Ok((Quality::ONE, value_end));
    }
    if let Some(fast) = syntax::lone_weight(s, value_end) {
        return Ok(fast);
    }
    parse_params_slow(s, value_end)
}

/// [`parse_params`] past its fast paths.
#[inline(never)]
fn parse_params_slow(s: &[u8], value_end: usize) -> Result<(Quality, usize), (ErrorKind, usize)> {
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
            quality = Quality::parse(&s[vs..ve]).ok_or((ErrorKind::InvalidQuality, vs))?;
            weighted = true;
        }
        last = ve;
    };
    Ok((quality, end))
}

/// A token-valued negotiation field, generic over what differs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenField<'h, K> {
    pub(crate) field: FieldLines<'h>,
    pub(crate) max_elements: u16,
    pub(crate) tie: TieBreak,
    kind: PhantomData<K>,
}

impl<K> fmt::Debug for TokenField<'_, K>
where
    K: Kind,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(K::FIELD)
            .field("field", &self.field)
            .field("max_elements", &self.max_elements)
            .field("tie", &self.tie)
            .finish()
    }
}

/// How an identity offer fares in Accept-Encoding when no range names it or
/// `*` covers it: acceptable, below every coding the field names (N-44).
pub(crate) const IMPLICIT_IDENTITY: Score = (
    match Quality::from_thousandths(1) {
        Some(q) => q,
        None => Quality::ZERO,
    },
    0,
    u16::MAX,
);

pub(crate) fn is_identity(v: &[u8]) -> bool {
    // One word comparison: `identity` is all letters, and setting an
    // octet's case bit (0x20) gives a lowercase letter exactly when the
    // octet is that letter in either case.
    match v.first_chunk::<8>() {
        Some(word) if v.len() == 8 => {
            u64::from_le_bytes(*word) | 0x2020_2020_2020_2020 == u64::from_le_bytes(*b"identity")
        }
        _ => false,
    }
}

impl<'h, K: Kind> TokenField<'h, K> {
    pub(crate) const fn new(field: FieldLines<'h>) -> Self {
        TokenField {
            field,
            max_elements: DEFAULT_MAX_ELEMENTS,
            tie: TieBreak::Specificity,
            kind: PhantomData,
        }
    }

    pub(crate) fn iter(&self) -> Preferences<'h> {
        Preferences {
            cursor: Cursor::new(self.field),
            position: 0,
            max: self.max_elements,
            field: K::FIELD,
            parse: K::valid_range,
        }
    }

    pub(crate) fn validate(&self) -> Result<(), ParseError> {
        let mut cursor = Cursor::new(self.field);
        let mut count = 0usize;
        let error = |cursor: &Cursor<'_>, offset, kind| ParseError {
            field: K::FIELD,
            kind,
            line: cursor.line_index(),
            offset,
        };
        while let Some(start) = cursor.next_start() {
            if count >= usize::from(self.max_elements) {
                return Err(error(&cursor, start, ErrorKind::TooManyElements));
            }
            count += 1;
            match parse_at(cursor.line_bytes(), start, K::valid_range) {
                Ok((_, _, end)) => cursor.finish(end),
                Err((kind, at)) => return Err(error(&cursor, at, kind)),
            }
        }
        Ok(())
    }

    pub(crate) fn negotiate<O: AsRef<str>>(&self, offers: &[O]) -> Negotiation {
        let mut best = Best::new(self.tie);
        self.score_offers(offers, |c| best.consider(c));
        best.negotiation()
    }

    pub(crate) fn quality_of(&self, offer: &str) -> Quality {
        let mut q = Quality::ZERO;
        self.score_offers(&[offer], |c| q = c.quality);
        q
    }

    pub(crate) fn rank<'o, O: AsRef<str>>(&self, offers: &[O], out: &'o mut [Choice]) -> &'o [Choice] {
        rank_into(out, self.tie, |sink| self.score_offers(offers, sink))
    }

    pub(crate) fn preferences<'o>(&self, out: &'o mut [Preference<'h>]) -> &'o [Preference<'h>] {
        let mut len = 0;
        let (mut valid, mut malformed) = (0usize, 0usize);
        // Accept-Encoding: is identity named, or covered by `*`?
        let mut identity_covered = false;
        for p in self.iter() {
            match p {
                Ok(mut p) => {
                    valid += 1;
                    identity_covered |= is_identity(p.value) || p.value == b"*";
                    if p.quality.is_acceptable() {
                        p.specificity = K::specificity(p.value);
                        insert_preference(out, &mut len, p);
                    }
                }
                Err(_) => malformed += 1,
            }
        }
        if self.field.is_absent() || (valid == 0 && malformed > 0) {
            len = 0;
            push(out, &mut len, Preference::ANY);
        } else if K::IDENTITY && !identity_covered {
            // N-48: an empty field asks for identity at q=1; otherwise an
            // identity the field does not name ranks last (N-44).
            let quality = if valid == 0 {
                Quality::ONE
            } else {
                IMPLICIT_IDENTITY.0
            };
            push(
                out,
                &mut len,
                Preference {
                    value: b"identity",
                    quality,
                    specificity: 0,
                    position: u16::MAX,
                },
            );
        }
        &out[..len]
    }

    /// The valid elements with q > 0, the best `out.len()` by q with the
    /// client's order among equals (RFC 4647's language priority list, for
    /// Lookup); nothing for an absent field.
    pub(crate) fn by_weight<'o>(&self, out: &'o mut [Preference<'h>]) -> &'o [Preference<'h>] {
        let mut len = 0;
        for p in self.iter().flatten() {
            if p.quality.is_acceptable() {
                // `iter()` leaves specificity at 0: the order is q, then position.
                insert_preference(out, &mut len, p);
            }
        }
        &out[..len]
    }

    #[inline]
    fn score_offers<O: AsRef<str>>(&self, offers: &[O], sink: impl FnMut(Choice)) {
        super::score_offers(offers, |values, scores| self.score_chunk(values, scores), sink);
    }

    /// Scores up to [`CHUNK`] offers in one pass over the field (see
    /// `Accept::score_chunk`), with Accept-Encoding's identity rules applied.
    #[inline]
    pub(crate) fn score_chunk(&self, offers: &[&[u8]], out: &mut [Option<Score>]) {
        self.score_chunk_checked(offers, out, false);
    }

    /// [`score_chunk`](TokenField::score_chunk); `checked`: the caller knows
    /// every offer is valid as it is (no OWS around it), so it is not
    /// trimmed and checked again.
    #[inline]
    pub(crate) fn score_chunk_checked(&self, offers: &[&[u8]], out: &mut [Option<Score>], checked: bool) {
        let n = offers.len().min(out.len()).min(CHUNK);
        if self.field.is_absent() {
            // What the general pass gives an absent field (no elements, so
            // `treat_absent`): q=1 for every valid offer, `None` otherwise.
            for (score, offer) in out[..n].iter_mut().zip(offers) {
                let valid = checked || K::valid_offer(syntax::trim_ows(offer));
                *score = valid.then_some((Quality::ONE, 0, 0));
            }
            return;
        }
        // The common case (one field line, a few offers known valid) has its
        // own loop; anything else takes the general one.
        if checked && (1..=4).contains(&n) {
            if let (Some(line), None) = (self.field.line(0), self.field.line(1)) {
                self.score_few(line, &offers[..n], &mut out[..n]);
                return;
            }
        }
        // Same work either way; only the size of the scratch arrays differs.
        // (Most calls score a handful of distinct values: 4 is a third tier.)
        if n <= 4 {
            self.score_chunk_by::<4>(&offers[..n], &mut out[..n], checked);
        } else if n <= SMALL_CHUNK {
            self.score_chunk_by::<SMALL_CHUNK>(&offers[..n], &mut out[..n], checked);
        } else {
            self.score_chunk_by::<CHUNK>(&offers[..n], &mut out[..n], checked);
        }
    }

    /// Does the field hold a valid element? Out of line: only asked when
    /// no element matched an offer.
    #[inline(never)]
    fn any_valid(&self) -> bool {
        self.iter().any(|r| r.is_ok())
    }

    /// [`score_chunk_by`](TokenField::score_chunk_by) for one field line
    /// and 1 to 4 offers known valid (`checked`), the usual call: the same
    /// walk and the same answers, with less setup and state that fits in
    /// registers. The offers' key first octets (case bit set) are packed one
    /// per byte of a word: a range's candidates are the bytes equal to its
    /// own first octet's, found with one word operation instead of a
    /// 32-entry table. Setting the case bit merges a letter's two cases (and
    /// a few other octet pairs): the candidates are never fewer than the
    /// offers a range may match, and `matches_key` decides.
    #[inline]
    fn score_few(&self, line: &[u8], offers: &[&[u8]], out: &mut [Option<Score>]) {
        let n = offers.len().min(out.len()).min(4);
        let mut keys: [&[u8]; 4] = [&[]; 4];
        // Byte `j`: offer `j`'s key first octet | 0x20; 0 (no offer, or an
        // empty key) equals no range's (a `tchar` | 0x20 is above 0x20).
        let mut firsts = 0u32;
        let mut j = 0;
        while j < n {
            out[j] = None;
            let key = &offers[j][K::key_offset(offers[j])..];
            if let Some(&first) = key.first() {
                firsts |= u32::from(first | 0x20) << (8 * j);
            }
            keys[j] = key;
            j += 1;
        }
        // Offer `j` is bit `8 * j + 7` of a candidate set.
        let all = 0x8080_8080u32 >> (8 * (4 - n));
        let mut spec_of = [0u16; 4];
        let (mut valid, mut malformed, mut unread) = (false, false, false);
        let mut position: u16 = 0;
        let mut pos = 0;
        // One separator octet per turn: elements are short, and most are
        // preceded by one or two.
        while let Some(&first) = line.get(pos) {
            if is_separator(first) {
                pos += 1;
                continue;
            }
            if position >= self.max_elements {
                break;
            }
            let (start, this) = (pos, position);
            position += 1;
            if !syntax::is_tchar(first) {
                malformed = true;
                pos = element_end(line, start);
                continue;
            }
            // `*` and the aliases go the general way; other ranges are only
            // compared with the offers whose key starts like them.
            let mut rest = same_first(firsts, first) & all;
            let mut matched = 0u32;
            let value_end;
            if first == b'*' || K::RANGE_FIRSTS >> folded(first) & 1 != 0 {
                (value_end, matched) = match_aside::<K>(line, start, firsts, all, &keys, &mut spec_of);
            } else {
                // The value is its own key here, and a range that matches
                // a key is a prefix of it (see `Kind::matches_key`): the
                // value ends where its common prefix with a matching offer's
                // key does, found by comparing, not by a scan of its own.
                // Until then the end is unknown (`start`).
                let mut end = start;
                while rest != 0 {
                    let bit = rest.trailing_zeros();
                    rest &= rest - 1;
                    let j = (bit / 8) as usize;
                    let (Some(key), Some(spec)) = (keys.get(j), spec_of.get_mut(j)) else {
                        continue;
                    };
                    let m = syntax::common_prefix_ignore_case(line, start, key);
                    if end == start {
                        if line.get(start + m).is_some_and(|&b| syntax::is_tchar(b)) {
                            // The value goes on past the common prefix: it
                            // is no prefix of this key.
                            continue;
                        }
                        end = start + m;
                    } else if start + m != end {
                        continue;
                    }
                    if let Some(s) = K::matches_prefix(key, m) {
                        *spec = s;
                        matched |= 1 << bit;
                    }
                }
                if matched == 0 {
                    // The value holds no `,` or `"`: its element ends where
                    // the element from its first octet does.
                    unread = true;
                    pos = syntax::element_end(line, start);
                    continue;
                }
                value_end = end;
            }
            let value = &line[start..value_end];
            if matched == 0 {
                unread = true;
                pos = element_end(line, value_end);
                continue;
            }
            let Some(range_spec) = K::range_specificity(value) else {
                malformed = true;
                pos = element_end(line, value_end);
                continue;
            };
            let quality =
                match weight_fast(line, value_end).map_or_else(|| params_past_fast(line, value_end), Ok) {
                    Ok((quality, end)) => {
                        pos = end;
                        quality
                    }
                    Err(_) => {
                        malformed = true;
                        pos = element_end(line, value_end);
                        continue;
                    }
                };
            valid = true;
            while matched != 0 {
                let j = (matched.trailing_zeros() / 8) as usize;
                matched &= matched - 1;
                if let (Some(&spec), Some(score)) = (spec_of.get(j), out.get_mut(j)) {
                    let spec = spec + range_spec;
                    if score.is_none_or(|(_, s, _)| spec > s) {
                        *score = Some((quality, spec, this));
                    }
                }
            }
        }
        // As `score_chunk_by` ends (there, `malformed` and `unread` count).
        let all_malformed = !valid && (malformed || unread) && (!unread || !self.any_valid());
        let empty = !valid && !malformed && !unread;
        let mut j = 0;
        while j < n && j < out.len() {
            let score = &mut out[j];
            if all_malformed {
                *score = Some((Quality::ONE, 0, 0));
            } else if K::IDENTITY && score.is_none() && is_identity(keys[j]) {
                *score = Some(if empty {
                    (Quality::ONE, 0, 0)
                } else {
                    IMPLICIT_IDENTITY
                });
            }
            j += 1;
        }
    }

    /// [`score_chunk_checked`](TokenField::score_chunk_checked) for at most
    /// `N` offers (at most 32: offer sets are `u32` bit sets).
    #[inline]
    fn score_chunk_by<const N: usize>(&self, offers: &[&[u8]], out: &mut [Option<Score>], checked: bool) {
        let n = offers.len().min(out.len()).min(N).min(32);
        let out = &mut out[..n];
        // The valid offers' keys, packed, with their index in `offers`, and
        // the first octets a range needs to match one (or `*`).
        let mut keys: [&[u8]; N] = [&[]; N];
        let mut index_of = [0u8; N];
        // For each first octet (see `folded`), the packed offers whose key
        // starts with it: a range other than `*` is compared with those only.
        let mut candidates = [0u32; 32];
        // Ranges starting with these may match an offer they do not start
        // like: `*`, and the aliases.
        let always = 1u32 << folded(b'*') | K::RANGE_FIRSTS;
        let mut k = 0;
        let mut i = 0;
        while i < n && i < out.len() && k < N {
            // Cleared here rather than by `fill` (a `memset` call).
            out[i] = None;
            let offer = if checked {
                offers[i]
            } else {
                syntax::trim_ows(offers[i])
            };
            if checked || K::valid_offer(offer) {
                let key = &offer[K::key_offset(offer)..];
                if let Some(&first) = key.first() {
                    candidates[folded(first)] |= 1 << k;
                }
                keys[k] = key;
                index_of[k] = i as u8;
                k += 1;
            }
            i += 1;
        }
        if k == 0 {
            return;
        }
        let (keys, index_of) = (&keys[..k], &index_of[..k]);
        // How the current element matches each packed offer: computed once
        // per element, for the relevance check and the scoring both.
        let mut spec_of = [0u16; N];
        let spec_of = &mut spec_of[..k];
        let all = u32::MAX >> (32 - k);
        // Elements that match no offer cannot change a score: they are
        // skipped, their parameters unread and their value unchecked (their
        // validity only matters for the all-malformed rule, checked below).
        let (mut valid, mut malformed, mut unread) = (0usize, 0usize, 0usize);
        let mut position: u16 = 0;
        // Line by line, without the general `Cursor` (elements never span
        // lines, so this walks the elements `Cursor` would, in order).
        let mut line_index = 0;
        'lines: while let Some(line) = self.field.line(line_index) {
            line_index += 1;
            let mut pos = 0;
            loop {
                // The usual separators `,` and `, ` first, then any others.
                if line.get(pos) == Some(&b',') {
                    pos += 1;
                    if line.get(pos) == Some(&b' ') {
                        pos += 1;
                    }
                }
                while pos < line.len() && is_separator(line[pos]) {
                    pos += 1;
                }
                let Some(&first) = line.get(pos) else { break };
                if position >= self.max_elements {
                    break 'lines;
                }
                let (start, this) = (pos, position);
                position += 1;
                // The first octet alone decides most elements: one that is
                // no `tchar` has an empty value (malformed), and one no
                // offer's key starts with (nor `*`, nor an alias) matches
                // nothing. Either way the element is skipped whole, without
                // reading its value (it holds no `,` or `"` to skip past).
                if !syntax::is_tchar(first) {
                    malformed += 1;
                    pos = element_end(line, start);
                    continue;
                }
                if candidates[folded(first)] == 0 && always >> folded(first) & 1 == 0 {
                    unread += 1;
                    pos = element_end(line, start);
                    continue;
                }
                let value_end = syntax::token_end(line, start + 1);
                let value = &line[start..value_end];
                let range = &value[K::key_offset(value)..];
                // The offers that match, as a bit set, their specificity
                // in `spec_of`.
                let mut matched = 0u32;
                let mut rest = match range {
                    [b'*'] => all,
                    [first, ..] => candidates[folded(*first)],
                    [] => 0,
                };
                while rest != 0 {
                    let j = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    if let (Some(key), Some(spec)) = (keys.get(j), spec_of.get_mut(j)) {
                        if let Some(s) = K::matches_key(range, key) {
                            *spec = s;
                            matched |= 1 << j;
                        }
                    }
                }
                if matched == 0 {
                    unread += 1;
                    pos = element_end(line, value_end);
                    continue;
                }
                let Some(range_spec) = K::range_specificity(value) else {
                    malformed += 1;
                    pos = element_end(line, value_end);
                    continue;
                };
                let quality = match weight_fast(line, value_end)
                    .map_or_else(|| params_past_fast(line, value_end), Ok)
                {
                    Ok((quality, end)) => {
                        pos = end;
                        quality
                    }
                    Err(_) => {
                        malformed += 1;
                        pos = element_end(line, value_end);
                        continue;
                    }
                };
                valid += 1;
                while matched != 0 {
                    let j = matched.trailing_zeros() as usize;
                    matched &= matched - 1;
                    if let (Some(&spec), Some(&i)) = (spec_of.get(j), index_of.get(j)) {
                        let spec = spec + range_spec;
                        if let Some(score) = out.get_mut(usize::from(i)) {
                            if score.is_none_or(|(_, s, _)| spec > s) {
                                *score = Some((quality, spec, this));
                            }
                        }
                    }
                }
            }
        }
        let all_malformed =
            valid == 0 && (malformed > 0 || unread > 0) && (unread == 0 || !self.iter().any(|r| r.is_ok()));
        let treat_absent = self.field.is_absent() || all_malformed;
        let empty = valid == 0 && malformed == 0 && unread == 0;
        let mut j = 0;
        while j < keys.len() && j < index_of.len() {
            // An offer's key is `identity` exactly when the offer is.
            let (offer, score) = (keys[j], &mut out[usize::from(index_of[j])]);
            if treat_absent {
                *score = Some((Quality::ONE, 0, 0));
            } else if K::IDENTITY && score.is_none() && is_identity(offer) {
                // N-48: an empty field asks for identity; otherwise identity
                // is acceptable unless excluded (N-44), below named codings.
                *score = Some(if empty {
                    (Quality::ONE, 0, 0)
                } else {
                    IMPLICIT_IDENTITY
                });
            }
            j += 1;
        }
    }
}

/// `score_few`'s matching of a value starting with `*` or an alias's first
/// octet (rare, out of line): the value's end and the offers it matches
/// (their specificity in `spec_of`).
#[inline(never)]
fn match_aside<K: Kind>(
    line: &[u8],
    start: usize,
    firsts: u32,
    all: u32,
    keys: &[&[u8]; 4],
    spec_of: &mut [u16; 4],
) -> (usize, u32) {
    let value_end = syntax::token_end(line, start + 1);
    let value = &line[start..value_end];
    let range = &value[K::key_offset(value)..];
    let mut rest = match range {
        [b'*'] => all,
        [first, ..] => same_first(firsts, *first) & all,
        [] => 0,
    };
    let mut matched = 0;
    while rest != 0 {
        let bit = rest.trailing_zeros();
        rest &= rest - 1;
        let j = (bit / 8) as usize;
        if let (Some(key), Some(spec)) = (keys.get(j), spec_of.get_mut(j)) {
            if let Some(s) = K::matches_key(range, key) {
                *spec = s;
                matched |= 1 << bit;
            }
        }
    }
    (value_end, matched)
}

/// The bytes of `firsts` (octets with the case bit set, see
/// `score_few`) equal to `octet | 0x20`, each as its high bit: exact (no
/// borrow from one byte into the next).
#[inline(always)]
fn same_first(firsts: u32, octet: u8) -> u32 {
    const LOW7: u32 = 0x7f7f_7f7f;
    let x = firsts ^ (u32::from(octet | 0x20) * 0x0101_0101);
    !(((x & LOW7) + LOW7) | x) & !LOW7
}

/// The end of the element whose value ends at `from` (its `,` or the end of
/// the line): what `Cursor::skip_element` gives from the element's start, as
/// the value holds no `,` or `"`. Often `from` is already at the `,` or the
/// end, answered without the call.
#[inline(always)]
fn element_end(line: &[u8], from: usize) -> usize {
    match line.get(from) {
        Some(b',') => from,
        None => line.len(),
        Some(_) => syntax::element_end(line, from),
    }
}

fn push<'h>(out: &mut [Preference<'h>], len: &mut usize, p: Preference<'h>) {
    if let Some(slot) = out.get_mut(*len) {
        *slot = p;
        *len += 1;
    }
}

fn insert_preference<'h>(out: &mut [Preference<'h>], len: &mut usize, p: Preference<'h>) {
    // q descending, then the more specific, then the client's order.
    super::insert_sorted(out, len, p, |r| {
        (
            core::cmp::Reverse(r.quality),
            core::cmp::Reverse(r.specificity),
            r.position,
        )
    });
}

/// Generates the public wrapper of a token-valued field: constructors,
/// options, and the negotiation entry points with their docs.
macro_rules! token_field {
    ($(#[$doc:meta])* $name:ident, $kind:ty, $example_header:expr, $example_offers:expr, $example_best:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name<'h>(pub(crate) crate::accept::token::TokenField<'h, $kind>);

        impl<'h> $name<'h> {
            /// One field line.
            #[inline]
            pub const fn new(value: &'h [u8]) -> Self {
                Self::from_field(crate::FieldLines::one(value))
            }

            /// The field is absent: no preference on this axis (N-01).
            #[inline]
            pub const fn absent() -> Self {
                Self::from_field(crate::FieldLines::ABSENT)
            }

            /// Any number of field lines (none = absent), combined in order (S-02).
            #[inline]
            pub const fn from_field(field: crate::FieldLines<'h>) -> Self {
                $name(crate::accept::token::TokenField::new(field))
            }

            /// Caps the list elements considered (default 256). Lenient parsing
            /// ignores the elements past the cap; strict parsing reports
            /// [`ErrorKind::TooManyElements`](crate::ErrorKind::TooManyElements).
            #[inline]
            pub const fn max_elements(mut self, max: u16) -> Self {
                self.0.max_elements = max;
                self
            }

            /// Sets how ties after q are broken (default [`TieBreak::Specificity`](crate::TieBreak)).
            #[inline]
            pub const fn tie_break(mut self, tie: crate::TieBreak) -> Self {
                self.0.tie = tie;
                self
            }

            /// Is the field absent?
            #[inline]
            pub const fn is_absent(&self) -> bool {
                self.0.field.is_absent()
            }

            /// The elements in the client's order, each parsed or an error.
            #[inline]
            pub fn iter(&self) -> crate::Preferences<'h> {
                self.0.iter()
            }

            /// Strict mode: the first malformed element's error (with its field
            /// line and byte offset), or `Ok`.
            ///
            /// # Errors
            ///
            /// The first malformed element, or
            /// [`ErrorKind::TooManyElements`](crate::ErrorKind::TooManyElements)
            /// past the cap.
            #[inline]
            pub fn validate(&self) -> Result<(), crate::ParseError> {
                self.0.validate()
            }

            /// Chooses the best acceptable offer (offers in the server's order
            /// of preference), or [`Negotiation::NotAcceptable`](crate::Negotiation).
            /// Invalid offers are never selected.
            ///
            /// ```
            #[doc = concat!("use conneg::", stringify!($name), ";")]
            ///
            #[doc = concat!("let field = ", stringify!($name), "::new(", stringify!($example_header), ");")]
            #[doc = concat!("let offers = ", stringify!($example_offers), ";")]
            #[doc = concat!("assert_eq!(field.negotiate(&offers).index().map(|i| offers[i]), Some(", stringify!($example_best), "));")]
            /// ```
            #[inline]
            pub fn negotiate<O: AsRef<str>>(&self, offers: &[O]) -> crate::Negotiation {
                self.0.negotiate(offers)
            }

            /// The q-value the field gives `offer` (0 when nothing matches or
            /// the offer is invalid; 1 when the field is absent).
            #[inline]
            pub fn quality_of(&self, offer: &str) -> crate::Quality {
                self.0.quality_of(offer)
            }

            /// The acceptable offers (q > 0), best first, written into `out`;
            /// returns the filled part (the best `out.len()` when short).
            #[inline]
            pub fn rank<'o, O: AsRef<str>>(&self, offers: &[O], out: &'o mut [crate::Choice]) -> &'o [crate::Choice] {
                self.0.rank(offers, out)
            }

            /// The client's own preferences, best first (q descending, then
            /// the more specific, then the client's order); q=0 entries left
            /// out; `*` for an absent field. Returns the filled part of `out`.
            #[inline]
            pub fn preferences<'o>(&self, out: &'o mut [crate::Preference<'h>]) -> &'o [crate::Preference<'h>] {
                self.0.preferences(out)
            }
        }

        impl Default for $name<'_> {
            /// An absent field.
            fn default() -> Self {
                Self::absent()
            }
        }

        impl<'h> IntoIterator for &$name<'h> {
            type Item = Result<crate::Preference<'h>, crate::ParseError>;
            type IntoIter = crate::Preferences<'h>;
            fn into_iter(self) -> crate::Preferences<'h> {
                self.iter()
            }
        }
    };
}

pub(crate) use token_field;

#[cfg(test)]
mod tests {
    use super::super::{charset::Charset, encoding::Encoding, language::Language};
    use super::*;

    const VALUES: [&str; 16] = [
        "*",
        "en",
        "EN",
        "en-US",
        "en-us-x-1",
        "e",
        "en-",
        "x-gzip",
        "gzip",
        "GZIP",
        "x-compress",
        "compress",
        "identity",
        "utf-8",
        "1en",
        "abcdefghi",
    ];

    /// Scoring splits `matches` into `matches_key` (on the keys) and the
    /// range's `range_specificity`: together they must give `matches`, and
    /// `range_specificity` must be `valid_range` then `specificity`.
    fn split_agrees<K: Kind>() {
        let key = |v: &'static [u8]| &v[K::key_offset(v)..];
        for r in VALUES.map(str::as_bytes) {
            assert_eq!(
                K::range_specificity(r),
                K::valid_range(r).then(|| K::specificity(r)),
                "{r:?}"
            );
            let Some(spec) = K::range_specificity(r) else {
                continue;
            };
            for o in VALUES.map(str::as_bytes) {
                let split = K::matches_key(key(r), key(o)).map(|m| m + spec);
                assert_eq!(split, K::matches(r, o), "{r:?} {o:?}");
                // A matching range other than `*` is a prefix of the
                // offer's key, and `matches_prefix` says the same.
                let (rk, ok) = (key(r), key(o));
                if rk != b"*" {
                    let is_prefix = ok.len() >= rk.len() && ok[..rk.len()].eq_ignore_ascii_case(rk);
                    if K::matches_key(rk, ok).is_some() {
                        assert!(is_prefix, "{r:?} {o:?}");
                    }
                    if is_prefix {
                        assert_eq!(
                            K::matches_prefix(ok, rk.len()),
                            K::matches_key(rk, ok),
                            "{r:?} {o:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn matching_splits_into_key_and_range_parts() {
        split_agrees::<Language>();
        split_agrees::<Encoding>();
        split_agrees::<Charset>();
    }

    /// Pieces of header lines: values of all three fields (valid, invalid,
    /// aliases, `*`, odd cases), weights, parameters and separators.
    const PIECES: [&str; 40] = [
        "en",
        "EN",
        "en-US",
        "en-us-x-1",
        "e",
        "en-",
        "ko",
        "ko-KR",
        "KO",
        "de-DE-1996",
        "en_US",
        "x-gzip",
        "gzip",
        "GZIP",
        "x-compress",
        "identity",
        "Identity",
        "utf-8",
        "*",
        "~",
        "^",
        "1en",
        ";q=0.9",
        ";q=0",
        ";Q=1",
        ";q=0.5;q=0",
        ";q=.5",
        ";q=1.5",
        ";foo=\"a,b\"",
        "; q=0.3",
        ";x=y",
        ",",
        ", ",
        ",,",
        " ",
        "\t",
        "\"",
        ";",
        "=",
        "x-",
    ];
    /// Offers, valid for each kind's `checked` (tokens; language tags).
    const TOKEN_OFFERS: [&str; 10] = [
        "gzip", "identity", "x-gzip", "br", "en", "ko", "en-US", "utf-8", "~a", "^",
    ];
    const TAG_OFFERS: [&str; 7] = ["en", "ko", "en-US", "EN-gb", "ko-KR", "de", "e"];

    /// The one-line fast path gives what the general pass gives.
    fn fast_agrees<K: Kind>(
        header: &str,
        offers: &[&str],
        max: u16,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let offers: std::vec::Vec<&[u8]> = offers.iter().map(|o| o.as_bytes()).collect();
        let mut field = TokenField::<K>::new(FieldLines::one(header.as_bytes()));
        field.max_elements = max;
        let (mut fast, mut general) = ([Some((Quality::ZERO, 7, 7)); 4], [Some((Quality::ZERO, 7, 7)); 4]);
        let n = offers.len();
        field.score_chunk_checked(&offers, &mut fast[..n], true);
        field.score_chunk_by::<4>(&offers, &mut general[..n], true);
        proptest::prop_assert_eq!(fast, general, "{:?} {:?}", header, offers);
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(2000)
        ))]
        #[test]
        fn one_line_fast_path_matches_the_general_pass(
            pieces in proptest::collection::vec(proptest::sample::select(&PIECES[..]), 0..12),
            tokens in proptest::collection::vec(proptest::sample::select(&TOKEN_OFFERS[..]), 1..5),
            tags in proptest::collection::vec(proptest::sample::select(&TAG_OFFERS[..]), 1..5),
            max in proptest::prop_oneof![4 => proptest::strategy::Just(256u16), 1 => 0u16..4],
        ) {
            let header = pieces.concat();
            fast_agrees::<Language>(&header, &tags, max)?;
            fast_agrees::<Encoding>(&header, &tokens, max)?;
            fast_agrees::<Charset>(&header, &tokens, max)?;
        }
    }

    #[test]
    fn identity_word_check_agrees_with_bytes() {
        for v in [
            "identity",
            "IDENTITY",
            "Identity",
            "identit",
            "identityx",
            "identitY",
            "idenTITY",
            "identit\u{7f}",
            "iDentitz",
        ] {
            assert_eq!(
                is_identity(v.as_bytes()),
                v.eq_ignore_ascii_case("identity"),
                "{v}"
            );
        }
        // Setting the case bit of an octet gives a letter only for that
        // letter in either case: 0x49 (`I`) does, 0x09 (HTAB) does not.
        assert!(is_identity(b"\x49dentity"));
        assert!(!is_identity(b"\x09dentity"));
    }
}
