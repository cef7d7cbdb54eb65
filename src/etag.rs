//! Entity-tags (RFC 9110 §8.8.3): the `ETag` value, lists in `If-Match` /
//! `If-None-Match`, strong and weak comparison, and formatting a server's tag.

use core::fmt;

use crate::error::{ErrorKind, ParseError};
use crate::field::FieldLines;
use crate::syntax::{is_ows, write_lossy};

/// `etagc = %x21 / %x23-7E / obs-text` (RFC 9110 §8.8.3): any visible octet
/// but DQUOTE, and obs-text. SP is not allowed (V-01).
#[inline(always)]
const fn is_etagc(b: u8) -> bool {
    // One load from a table (the range tests compile to several branches).
    ETAGC[b as usize]
}

/// The table behind [`is_etagc`].
const ETAGC: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = matches!(i as u8, 0x21 | 0x23..=0x7E | 0x80..=0xFF);
        i += 1;
    }
    table
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = ONES * 0x80;

/// Does any byte of `v` equal zero? (Exact as a boolean.)
#[inline(always)]
const fn has_zero(v: u64) -> bool {
    v.wrapping_sub(ONES) & !v & HIGHS != 0
}

/// Does any of the 8 bytes fail `etagc`: below 0x21, DQUOTE, or DEL?
/// SWAR tests, exact as booleans (bit-twiddling "hasless" / "haszero").
#[inline(always)]
const fn has_non_etagc(w: u64) -> bool {
    (w.wrapping_sub(ONES * 0x21) & !w & HIGHS) != 0
        || has_zero(w ^ (ONES * 0x22))
        || has_zero(w ^ (ONES * 0x7F))
}

/// Does any of the 16 octets fail `etagc`? Written as a branch-free fold
/// over a fixed-size array so that the compiler vectorizes it.
#[inline(always)]
fn chunk_has_non_etagc(chunk: &[u8; 16]) -> bool {
    chunk
        .iter()
        .fold(false, |bad, &b| bad | (b < 0x21) | (b == b'"') | (b == 0x7F))
}

/// Index of the first octet at or after `i` that is not `etagc`: sixteen
/// octets at a time (vectorized) while they all are, then eight (SWAR), then
/// one by one. The `const` version (used by [`EntityTag::from_static`]) skips
/// the vectorized step.
#[inline(always)]
fn etagc_end_fast(s: &[u8], mut i: usize) -> usize {
    while let Some((chunk, _)) = s.get(i..).and_then(|r| r.split_first_chunk::<16>()) {
        if chunk_has_non_etagc(chunk) {
            break;
        }
        i += 16;
    }
    etagc_end(s, i)
}

/// Index of the first octet at or after `i` that is not `etagc`: eight octets
/// at a time while they all are, then one by one.
#[inline(always)]
const fn etagc_end(s: &[u8], mut i: usize) -> usize {
    while let Some((_, rest)) = s.split_at_checked(i) {
        match rest.split_first_chunk::<8>() {
            Some((chunk, _)) if !has_non_etagc(u64::from_le_bytes(*chunk)) => i += 8,
            _ => break,
        }
    }
    while i < s.len() && is_etagc(s[i]) {
        i += 1;
    }
    i
}

/// Parses one entity-tag (or, when `star` is true, a `*`) that starts at
/// `s[pos]`. Returns the member and the index just past it, or the offset of
/// the first offending octet.
#[inline(always)]
const fn parse_at(s: &[u8], pos: usize) -> Result<(Member<'_>, usize), usize> {
    let (start, open) = match tag_start(s, pos) {
        Ok(Some(x)) => x,
        Ok(None) => return Ok((Member::Any, pos + 1)),
        Err(at) => return Err(at),
    };
    finish_tag(s, start, open, etagc_end(s, open))
}

/// [`parse_at`] with the vectorized octet scan (not `const`).
#[inline(always)]
fn parse_at_fast(s: &[u8], pos: usize) -> Result<(Member<'_>, usize), usize> {
    let (start, open) = match tag_start(s, pos) {
        Ok(Some(x)) => x,
        Ok(None) => return Ok((Member::Any, pos + 1)),
        Err(at) => return Err(at),
    };
    finish_tag(s, start, open, etagc_end_fast(s, open))
}

/// `*` → `Ok(None)`; `[W/]"` → `Ok(Some((pos, index after the DQUOTE)))`.
#[inline(always)]
const fn tag_start(s: &[u8], pos: usize) -> Result<Option<(usize, usize)>, usize> {
    let mut i = pos;
    if i < s.len() && s[i] == b'*' {
        return Ok(None);
    }
    if i + 1 < s.len() && s[i] == b'W' && s[i + 1] == b'/' {
        i += 2;
    }
    if i >= s.len() || s[i] != b'"' {
        return Err(i);
    }
    Ok(Some((pos, i + 1)))
}

/// The tag whose opaque part runs from `open` to `end`, if `s[end]` closes it.
#[inline(always)]
const fn finish_tag(s: &[u8], start: usize, open: usize, end: usize) -> Result<(Member<'_>, usize), usize> {
    if end >= s.len() || s[end] != b'"' {
        return Err(end);
    }
    let weak = open - start == 3;
    let Some((head, _)) = s.split_at_checked(end) else {
        return Err(end);
    };
    let Some((_, opaque)) = head.split_at_checked(open) else {
        return Err(end);
    };
    Ok((Member::Tag(EntityTag { weak, opaque }), end + 1))
}

/// Index of the first octet at or after `i` that is neither `,` nor OWS.
#[inline(always)]
fn skip_separators(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && ((s[i] == b',') | (s[i] == b' ') | (s[i] == b'\t')) {
        i += 1;
    }
    i
}

/// Index of the first octet at or after `i` that is not OWS.
#[inline(always)]
fn skip_ows(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && is_ows(s[i]) {
        i += 1;
    }
    i
}

/// From the start of a malformed member, the index of the next comma outside
/// double quotes (no quoted-pairs in entity-tags), so `"a,b c"` is one bad
/// member; or the end of the line.
#[inline]
fn skip_malformed(s: &[u8], start: usize) -> usize {
    let mut j = start;
    let mut quoted = false;
    while j < s.len() {
        match s[j] {
            b'"' => quoted = !quoted,
            b',' if !quoted => break,
            _ => {}
        }
        j += 1;
    }
    j
}

/// Is `s` the entity-tag `cur`, written exactly (`"opaque"` or
/// `W/"opaque"`), and does it match `cur` under `cmp`?
#[inline(always)]
fn is_exactly(s: &[u8], cur: &EntityTag<'_>, cmp: Comparison) -> bool {
    debug_assert!(cur.opaque.iter().all(|&b| is_etagc(b)));
    let (weak, quoted) = match s.strip_prefix(b"W/") {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let Some(inner) = quoted.strip_prefix(b"\"").and_then(|q| q.strip_suffix(b"\"")) else {
        return false;
    };
    (cmp == Comparison::Weak || !weak) && same_octets(inner, cur.opaque)
}

/// Octet-for-octet equality, rejecting most unequal tags (same length, other
/// last octet: typical of hashes) before the full comparison.
#[inline(always)]
fn same_octets(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() || a.last() != b.last() {
        return false;
    }
    // Eight octets at a time inline (tags are short; a libc call costs more).
    let (mut x, mut y) = (a, b);
    let mut diff = 0u64;
    while let (Some((p, xr)), Some((q, yr))) = (x.split_first_chunk::<8>(), y.split_first_chunk::<8>()) {
        diff |= u64::from_ne_bytes(*p) ^ u64::from_ne_bytes(*q);
        x = xr;
        y = yr;
    }
    diff == 0 && x.iter().zip(y).all(|(p, q)| p == q)
}

/// An entity-tag (RFC 9110 §8.8.3), borrowed: a weak flag and the opaque tag
/// (the octets between the double quotes).
///
/// ```abnf
/// entity-tag = [ weak ] opaque-tag
/// weak       = %s"W/"
/// opaque-tag = DQUOTE *etagc DQUOTE
/// etagc      = %x21 / %x23-7E / obs-text
/// ```
///
/// The grammar is exact (V-01): `W/` is case-sensitive, no whitespace may
/// follow it, and SP is not allowed inside the quotes. A backslash is an
/// ordinary `etagc` (there are no quoted-pairs in an entity-tag).
///
/// Comparison follows RFC 9110 Table 3 (V-04..V-06):
///
/// | a | b | [`strong_eq`](EntityTag::strong_eq) | [`weak_eq`](EntityTag::weak_eq) |
/// |---|---|---|---|
/// | `W/"1"` | `W/"1"` | no match | match |
/// | `W/"1"` | `W/"2"` | no match | no match |
/// | `W/"1"` | `"1"`   | no match | match |
/// | `"1"`   | `"1"`   | match | match |
///
/// # Examples
///
/// ```
/// use conneg::EntityTag;
///
/// // The server's own tag, checked at compile time.
/// const CURRENT: EntityTag<'static> = EntityTag::from_static("\"v1\"");
///
/// let received = EntityTag::parse(b"W/\"v1\"").unwrap();
/// assert!(received.is_weak());
/// assert_eq!(received.opaque(), b"v1");
/// assert!(received.weak_eq(&CURRENT));
/// assert!(!received.strong_eq(&CURRENT));
///
/// // Not entity-tags: lower-case w/, SP inside, no quotes.
/// assert!(EntityTag::parse(b"w/\"v1\"").is_err());
/// assert!(EntityTag::parse(b"\"a b\"").is_err());
/// assert!(EntityTag::parse(b"v1").is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntityTag<'h> {
    weak: bool,
    opaque: &'h [u8],
}

impl<'h> EntityTag<'h> {
    /// Parses a complete entity-tag (surrounding OWS is ignored, S-04).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidEntityTag`] and the byte offset of the first
    /// offending octet (in `value`).
    ///
    /// ```
    /// use conneg::{EntityTag, ErrorKind};
    ///
    /// assert_eq!(EntityTag::parse(b" \"x\" ").unwrap().opaque(), b"x");
    /// assert_eq!(EntityTag::parse(b"\"x\"y"), Err((ErrorKind::InvalidEntityTag, 3)));
    /// ```
    pub const fn parse(value: &'h [u8]) -> Result<EntityTag<'h>, (ErrorKind, usize)> {
        let mut start = 0;
        while start < value.len() && is_ows(value[start]) {
            start += 1;
        }
        let mut end = value.len();
        while end > start && is_ows(value[end - 1]) {
            end -= 1;
        }
        match parse_at(value, start) {
            Ok((Member::Tag(tag), after)) if after == end => Ok(tag),
            Ok((_, after)) => Err((ErrorKind::InvalidEntityTag, after)),
            Err(at) => Err((ErrorKind::InvalidEntityTag, at)),
        }
    }

    /// The server's own entity-tag from a literal, validated: `"\"v1\""` or
    /// `"W/\"v1\""`.
    ///
    /// # Panics
    ///
    /// If `value` is not exactly one entity-tag (no surrounding whitespace).
    /// In a `const` this is a compile error.
    ///
    /// ```
    /// use conneg::EntityTag;
    ///
    /// const TAG: EntityTag<'static> = EntityTag::from_static("W/\"5f3-1kC9\"");
    /// assert!(TAG.is_weak());
    /// ```
    ///
    /// ```compile_fail
    /// use conneg::EntityTag;
    /// const BAD: EntityTag<'static> = EntityTag::from_static("unquoted");
    /// ```
    pub const fn from_static(value: &'static str) -> EntityTag<'static> {
        let bytes = value.as_bytes();
        match parse_at(bytes, 0) {
            Ok((Member::Tag(tag), after)) if after == bytes.len() => tag,
            _ => panic!("EntityTag::from_static: not an entity-tag (RFC 9110 §8.8.3)"),
        }
    }

    /// Is the tag weak (`W/` prefix)?
    #[inline]
    pub const fn is_weak(&self) -> bool {
        self.weak
    }

    /// The opaque tag without its double quotes (`b"v1"` for `W/"v1"`).
    #[inline]
    pub const fn opaque(&self) -> &'h [u8] {
        self.opaque
    }

    /// Strong comparison (RFC 9110 §8.8.3.2, V-04): both strong and the opaque
    /// tags identical octet by octet. Used by `If-Match` and `If-Range`.
    #[inline]
    pub fn strong_eq(&self, other: &EntityTag<'_>) -> bool {
        !self.weak && !other.weak && same_octets(self.opaque, other.opaque)
    }

    /// Weak comparison (RFC 9110 §8.8.3.2, V-05): the opaque tags identical,
    /// whatever the weak flags. Used by `If-None-Match`.
    #[inline]
    pub fn weak_eq(&self, other: &EntityTag<'_>) -> bool {
        same_octets(self.opaque, other.opaque)
    }
}

/// Writes the tag as on the wire: `"v1"` or `W/"v1"` (obs-text as U+FFFD).
impl fmt::Display for EntityTag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.weak {
            f.write_str("W/")?;
        }
        f.write_str("\"")?;
        write_lossy(f, self.opaque)?;
        f.write_str("\"")
    }
}

impl fmt::Debug for EntityTag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntityTag({self})")
    }
}

/// One member of an `If-Match` / `If-None-Match` value: `*` or an entity-tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Member<'h> {
    /// `*`: any current representation.
    Any,
    /// An entity-tag.
    Tag(EntityTag<'h>),
}

/// Which comparison function a list uses (RFC 9110 §8.8.3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// Strong comparison: `If-Match` (C-02).
    Strong,
    /// Weak comparison: `If-None-Match` (C-08).
    Weak,
}

/// What an `If-Match` / `If-None-Match` value says about the current
/// representation (see [`EntityTagList::matches`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub enum ListMatch {
    /// The field is not in the request.
    Absent,
    /// `*` alone, and a current representation exists (C-04, C-10).
    Any,
    /// A listed tag matches the current entity-tag under the comparison.
    Matched,
    /// Nothing matches: no tag equal, `*` without a representation, or no
    /// valid member at all (`If-None-Match: 1234`).
    NotMatched,
    /// `*` mixed with other members (`*, "x"`, `*, *`): syntactically invalid
    /// (C-01, C-12). See the precondition policies for what that means.
    Invalid,
}

/// The `If-Match` or `If-None-Match` request field (RFC 9110 §13.1.1,
/// §13.1.2), borrowed and parsed lazily.
///
/// ```abnf
/// If-Match      = "*" / #entity-tag
/// If-None-Match = "*" / #entity-tag
/// ```
///
/// - Repeated field lines are one list (S-02); commas inside the quotes of a
///   tag do not separate (`"a,b"` is one tag); empty members are skipped.
/// - A malformed member (`bogus`, `w/"x"`, `"a b"`) is skipped; the rest is
///   still evaluated (DESIGN policy).
/// - `*` mixed with any other member makes the field invalid
///   ([`ListMatch::Invalid`]).
///
/// Work is one forward pass over the value; nothing allocates.
///
/// # Examples
///
/// ```
/// use conneg::{Comparison, EntityTag, EntityTagList, FieldLines, ListMatch, Member};
///
/// let current = EntityTag::from_static("W/\"v2\"");
/// let lines: &[&[u8]] = &[b"\"v1\", bogus", b"W/\"v2\""];
/// let inm = EntityTagList::from_field(FieldLines::many(lines));
/// assert_eq!(inm.matches(Some(&current), true, Comparison::Weak), ListMatch::Matched);
/// assert_eq!(inm.matches(Some(&current), true, Comparison::Strong), ListMatch::NotMatched);
///
/// // Lenient iteration skips the malformed member; strict iteration reports it.
/// let tags: Vec<Member> = inm.iter().flatten().collect();
/// assert_eq!(tags.len(), 2);
/// assert!(inm.validate().is_err());
///
/// // `*` with a tag is invalid.
/// let mixed = EntityTagList::new(b"*, \"v1\"");
/// assert_eq!(mixed.matches(Some(&current), true, Comparison::Weak), ListMatch::Invalid);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntityTagList<'h> {
    field: FieldLines<'h>,
    name: &'static str,
}

impl<'h> EntityTagList<'h> {
    /// One field line.
    #[inline]
    pub const fn new(value: &'h [u8]) -> Self {
        EntityTagList::from_field(FieldLines::one(value))
    }

    /// Any number of field lines (none = absent), combined in order (S-02).
    #[inline]
    pub const fn from_field(field: FieldLines<'h>) -> Self {
        EntityTagList {
            field,
            name: "If-None-Match",
        }
    }

    /// Names the field in strict-mode errors (default `"If-None-Match"`).
    #[inline]
    pub const fn field_name(mut self, name: &'static str) -> Self {
        self.name = name;
        self
    }

    /// Is the field absent?
    #[inline]
    pub const fn is_absent(&self) -> bool {
        self.field.is_absent()
    }

    /// The members in order, each parsed or an error.
    #[inline]
    pub fn iter(&self) -> EntityTags<'h> {
        EntityTags {
            field: self.field,
            name: self.name,
            line: 0,
            pos: 0,
        }
    }

    /// Strict mode: `Ok` if every member is valid and `*` stands alone.
    ///
    /// # Errors
    ///
    /// The first malformed member ([`ErrorKind::InvalidEntityTag`]), or
    /// [`ErrorKind::MixedWildcard`] at the second member of a list holding `*`.
    ///
    /// ```
    /// use conneg::{EntityTagList, ErrorKind};
    ///
    /// assert!(EntityTagList::new(b"\"a\", W/\"b\"").validate().is_ok());
    /// let err = EntityTagList::new(b"\"a\", *").validate().unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::MixedWildcard, 5));
    /// ```
    pub fn validate(&self) -> Result<(), ParseError> {
        let mut star = false;
        for (count, member) in self.iter().enumerate() {
            match member {
                Err(e) => return Err(e),
                Ok(_) if count > 0 && star => return Err(self.iter_error(count)),
                Ok(Member::Any) if count > 0 => return Err(self.iter_error(count)),
                Ok(Member::Any) => star = true,
                Ok(Member::Tag(_)) => {}
            }
        }
        Ok(())
    }

    fn iter_error(&self, index: usize) -> ParseError {
        let mut it = self.iter();
        let mut at = (0, 0);
        for _ in 0..=index {
            match it.next_with_offset() {
                Some((line, offset, _)) => at = (line, offset),
                None => break,
            }
        }
        ParseError {
            field: self.name,
            kind: ErrorKind::MixedWildcard,
            line: at.0,
            offset: at.1,
        }
    }

    /// Evaluates the list against the current representation.
    ///
    /// `current` is the representation's entity-tag (if it has one), `exists`
    /// whether there is a current representation at all. One pass over the
    /// whole value (a later `*` can still make it invalid).
    #[inline(always)]
    pub fn matches(&self, current: Option<&EntityTag<'_>>, exists: bool, cmp: Comparison) -> ListMatch {
        if self.field.is_absent() {
            return ListMatch::Absent;
        }
        // Strong comparison never matches a weak current tag (V-04).
        let current = match (current, cmp) {
            (Some(cur), Comparison::Strong) if cur.weak => None,
            (cur, _) => cur,
        };
        // Fast path for one line (inlined; the general walk is not):
        // - the line is exactly the current tag: one member (the opaque part
        //   of an `EntityTag` is `etagc` only, as every constructor checks,
        //   so the closing DQUOTE is the last octet, and commas inside the
        //   quotes do not separate), and it matches;
        // - otherwise a line without a comma that does not start with `*`
        //   is one member (a tag, or malformed) that does not match.
        if self.field.line_count() == 1 {
            let s = crate::syntax::trim_ows(self.field.line(0).unwrap_or_default());
            if current.is_some_and(|cur| is_exactly(s, cur, cmp)) {
                return if exists {
                    ListMatch::Matched
                } else {
                    ListMatch::NotMatched
                };
            }
            if s.first().is_some_and(|&b| b != b'*') && !crate::syntax::has_comma(s) {
                return ListMatch::NotMatched;
            }
        }
        self.matches_list(current, exists, cmp)
    }

    /// [`matches`](Self::matches) past its fast path: the general walk over
    /// every member of every line (`current` already cleared for a strong
    /// comparison with a weak tag).
    #[inline(never)]
    fn matches_list(&self, current: Option<&EntityTag<'_>>, exists: bool, cmp: Comparison) -> ListMatch {
        let mut star = false;
        let mut others = false;
        let mut matched = false;
        let mut line = 0;
        while let Some(s) = self.field.line(line) {
            line += 1;
            let mut i = 0;
            loop {
                i = skip_separators(s, i);
                if i >= s.len() {
                    break;
                }
                let member = match parse_at_fast(s, i) {
                    Ok((member, end)) => {
                        let j = skip_ows(s, end);
                        if j >= s.len() || s[j] == b',' {
                            i = j;
                            Some(member)
                        } else {
                            i = skip_malformed(s, i);
                            None
                        }
                    }
                    Err(_) => {
                        i = skip_malformed(s, i);
                        None
                    }
                };
                match member {
                    Some(Member::Any) => {
                        if star || others {
                            return ListMatch::Invalid;
                        }
                        star = true;
                    }
                    Some(Member::Tag(tag)) => {
                        if star {
                            return ListMatch::Invalid;
                        }
                        others = true;
                        if !matched && let Some(cur) = current {
                            matched =
                                (cmp == Comparison::Weak || !tag.weak) && same_octets(tag.opaque, cur.opaque);
                        }
                    }
                    None => {
                        if star {
                            return ListMatch::Invalid;
                        }
                        others = true;
                    }
                }
            }
        }
        if star {
            if exists {
                ListMatch::Any
            } else {
                ListMatch::NotMatched
            }
        } else if matched && exists {
            ListMatch::Matched
        } else {
            ListMatch::NotMatched
        }
    }
}

impl<'h> IntoIterator for &EntityTagList<'h> {
    type Item = Result<Member<'h>, ParseError>;
    type IntoIter = EntityTags<'h>;
    fn into_iter(self) -> EntityTags<'h> {
        self.iter()
    }
}

/// Iterator over the members of an [`EntityTagList`], in order, across field
/// lines; a malformed member yields an error and iteration goes on.
#[derive(Clone, Debug)]
pub struct EntityTags<'h> {
    field: FieldLines<'h>,
    name: &'static str,
    line: usize,
    pos: usize,
}

impl<'h> EntityTags<'h> {
    #[inline]
    fn next_with_offset(&mut self) -> Option<(usize, usize, Result<Member<'h>, usize>)> {
        loop {
            let s = self.field.line(self.line)?;
            let i = skip_separators(s, self.pos);
            if i >= s.len() {
                self.line += 1;
                self.pos = 0;
                continue;
            }
            let start = i;
            let err_at = match parse_at_fast(s, i) {
                Ok((member, end)) => {
                    let j = skip_ows(s, end);
                    if j >= s.len() || s[j] == b',' {
                        self.pos = j;
                        return Some((self.line, start, Ok(member)));
                    }
                    j
                }
                Err(at) => at,
            };
            let j = skip_malformed(s, start);
            self.pos = j;
            return Some((self.line, start, Err(err_at)));
        }
    }
}

impl<'h> Iterator for EntityTags<'h> {
    type Item = Result<Member<'h>, ParseError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (line, _, member) = self.next_with_offset()?;
        Some(member.map_err(|offset| ParseError {
            field: self.name,
            kind: ErrorKind::InvalidEntityTag,
            line,
            offset,
        }))
    }
}

impl core::iter::FusedIterator for EntityTags<'_> {}

/// Longest tag [`EntityTagBuf`] holds: `W/"` + 64 hex digits + `"`.
const BUF_LEN: usize = 68;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The server's own entity-tag, formatted into a stack buffer: from a content
/// hash, or from (length, modification time) as nginx does. Only lower-case
/// hex digits and `-` are written, never a backslash (V-03).
///
/// Mark the tag weak when the server cannot vouch for byte-for-byte identity
/// (V-02): a weak hash, a tag shared across content codings, or an mtime with
/// coarse resolution.
///
/// # Examples
///
/// ```
/// use conneg::EntityTagBuf;
///
/// let tag = EntityTagBuf::from_len_mtime(500, 1_586_236_714, false);
/// assert_eq!(tag.as_str(), "\"5e8c0d2a-1f4\"");
///
/// let tag = EntityTagBuf::from_hash(&[0xde, 0xad, 0xbe, 0xef], true);
/// assert_eq!(tag.as_str(), "W/\"deadbeef\"");
/// assert!(tag.entity_tag().is_weak());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntityTagBuf {
    bytes: [u8; BUF_LEN],
    len: u8,
}

impl EntityTagBuf {
    fn start(weak: bool) -> Self {
        let mut buf = EntityTagBuf {
            bytes: [0; BUF_LEN],
            len: 0,
        };
        if weak {
            buf.push(b'W');
            buf.push(b'/');
        }
        buf.push(b'"');
        buf
    }

    #[inline]
    fn push(&mut self, b: u8) {
        if let Some(slot) = self.bytes.get_mut(usize::from(self.len)) {
            *slot = b;
            self.len += 1;
        }
    }

    fn push_hex_u64(&mut self, v: u64) {
        let digits = if v == 0 {
            1
        } else {
            16 - (v.leading_zeros() / 4) as usize
        };
        for k in (0..digits).rev() {
            self.push(HEX[((v >> (k * 4)) & 0xF) as usize]);
        }
    }

    /// A tag from a hash's bytes, in lower-case hex. At most the first 32
    /// bytes are used (64 hex digits).
    pub fn from_hash(hash: &[u8], weak: bool) -> Self {
        let mut buf = Self::start(weak);
        for &b in hash.iter().take(32) {
            buf.push(HEX[usize::from(b >> 4)]);
            buf.push(HEX[usize::from(b & 0xF)]);
        }
        buf.push(b'"');
        buf
    }

    /// A tag from the length and the modification time (seconds since the
    /// Unix epoch; negative values are clamped to 0), as nginx writes it:
    /// `"<mtime hex>-<length hex>"`.
    pub fn from_len_mtime(length: u64, mtime_unix_seconds: i64, weak: bool) -> Self {
        let mut buf = Self::start(weak);
        buf.push_hex_u64(mtime_unix_seconds.max(0).unsigned_abs());
        buf.push(b'-');
        buf.push_hex_u64(length);
        buf.push(b'"');
        buf
    }

    /// The formatted tag as it goes on the wire.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// The formatted tag as text (always ASCII).
    #[inline]
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.as_bytes()).unwrap_or("")
    }

    /// The tag as an [`EntityTag`] for comparisons.
    #[inline]
    pub fn entity_tag(&self) -> EntityTag<'_> {
        let bytes = self.as_bytes();
        let weak = bytes.starts_with(b"W/");
        let inner = bytes.get(if weak { 3 } else { 1 }..bytes.len().saturating_sub(1));
        EntityTag {
            weak,
            opaque: inner.unwrap_or(&[]),
        }
    }
}

impl fmt::Display for EntityTagBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for EntityTagBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntityTagBuf({})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etagc_matches_rfc_definition_for_every_octet() {
        for b in 0u16..=255 {
            let b = b as u8;
            let rfc = b == 0x21 || (0x23..=0x7E).contains(&b) || b >= 0x80;
            assert_eq!(is_etagc(b), rfc, "octet {b:#04x}");
        }
    }

    #[test]
    fn swar_test_agrees_with_the_table() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for round in 0..200_000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut bytes = x.to_le_bytes();
            if round % 2 == 0 {
                // Mostly valid words with one chosen octet somewhere.
                for b in &mut bytes {
                    *b = 0x21 + (*b % 0x5D);
                    if *b == b'"' {
                        *b = b'#';
                    }
                }
                bytes[(round as usize / 2) % 8] = (round / 16) as u8;
            }
            let scalar = bytes.iter().any(|&b| !is_etagc(b));
            assert_eq!(has_non_etagc(u64::from_le_bytes(bytes)), scalar, "{bytes:?}");
        }
        let s = b"0123456789abcdef0123\"";
        assert_eq!(etagc_end(s, 0), 20);
        assert_eq!(etagc_end(s, 3), 20);
        assert_eq!(etagc_end(b"abc", 5), 5);
    }

    #[test]
    fn backslash_is_an_ordinary_etagc() {
        let list = EntityTagList::new(br#""a\", "b""#);
        let got: [Option<Member<'_>>; 3] = {
            let mut it = list.iter().flatten();
            [it.next(), it.next(), it.next()]
        };
        assert_eq!(
            got[0],
            Some(Member::Tag(EntityTag {
                weak: false,
                opaque: b"a\\"
            }))
        );
        assert_eq!(
            got[1],
            Some(Member::Tag(EntityTag {
                weak: false,
                opaque: b"b"
            }))
        );
        assert_eq!(got[2], None);
    }

    #[test]
    fn mixed_wildcard_error_points_at_second_member() {
        let err = EntityTagList::new(b"*, \"x\"").validate().unwrap_err();
        assert_eq!(
            (err.kind(), err.line(), err.offset()),
            (ErrorKind::MixedWildcard, 0, 3)
        );
        let lines: &[&[u8]] = &[b"\"x\"", b" *"];
        let err = EntityTagList::from_field(FieldLines::many(lines))
            .field_name("If-Match")
            .validate()
            .unwrap_err();
        assert_eq!((err.field(), err.line(), err.offset()), ("If-Match", 1, 1));
    }

    #[test]
    fn buffer_holds_the_longest_hash() {
        let tag = EntityTagBuf::from_hash(&[0xff; 40], true);
        assert_eq!(tag.as_bytes().len(), BUF_LEN);
        assert!(tag.as_bytes().ends_with(b"\""));
        assert_eq!(tag.entity_tag().opaque().len(), 64);
        let tag = EntityTagBuf::from_len_mtime(u64::MAX, i64::MAX, true);
        assert_eq!(tag.as_str(), "W/\"7fffffffffffffff-ffffffffffffffff\"");
        assert_eq!(EntityTagBuf::from_len_mtime(0, -5, false).as_str(), "\"0-0\"");
    }
}
