//! An entity-tag (RFC 9110 §8.8.3): parsing one, comparing two (strong and
//! weak, §8.8.3.2), and the members of a tag list.
use crate::kernel::etagc_end;
use crate::kernel::is_etagc;

use core::fmt;

use crate::error::ErrorKind;
use crate::syntax::{skip_ows, trim_ows, write_lossy};

/// Parses one member, `*` or `[W/] DQUOTE *etagc DQUOTE` (RFC 9110
/// §8.8.3), that starts at `s[pos]`. Returns the member and the index just
/// past it, or the offset of the first offending octet.
///
/// The one entity-tag parser: a `const fn` (for [`EntityTag::from_static`]
/// and [`EntityTag::parse`]) whose octet scan, [`etagc_end`], is
/// vectorized at run time, so the list walk uses it too.
#[inline(always)]
pub(crate) const fn parse_at(s: &[u8], pos: usize) -> Result<(Member<'_>, usize), usize> {
    if pos < s.len() && s[pos] == b'*' {
        return Ok((Member::Any, pos + 1));
    }
    let weak = pos + 1 < s.len() && s[pos] == b'W' && s[pos + 1] == b'/';
    let quote = if weak { pos + 2 } else { pos };
    if quote >= s.len() || s[quote] != b'"' {
        return Err(quote);
    }
    let end = etagc_end(s, quote + 1);
    if end >= s.len() || s[end] != b'"' {
        return Err(end);
    }
    // `quote < end < s.len()`: both splits succeed.
    let Some((head, _)) = s.split_at_checked(end) else {
        return Err(end);
    };
    let Some((_, opaque)) = head.split_at_checked(quote + 1) else {
        return Err(end);
    };
    Ok((Member::Tag(EntityTag { weak, opaque }), end + 1))
}

/// From the start of a malformed member, the index of the next comma outside
/// double quotes (no quoted-pairs in entity-tags), so `"a,b c"` is one bad
/// member; or the end of the line.
#[inline]
pub(crate) fn skip_malformed(s: &[u8], start: usize) -> usize {
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
///
/// The length first: `s` has two octets more than the opaque part, or
/// four with `W/`, so most other members are told apart by one or two
/// comparisons before any octet is read.
#[inline(always)]
pub(crate) fn is_exactly(s: &[u8], cur: &EntityTag<'_>, cmp: Comparison) -> bool {
    debug_assert!(cur.opaque.iter().all(|&b| is_etagc(b)));
    let n = cur.opaque.len();
    // One test rejects the other lengths: `s.len() - n` is 2 or 4.
    if s.len().wrapping_sub(n).wrapping_sub(2) & !2 != 0 {
        return false;
    }
    let (weak, quoted) = if s.len() == n + 2 {
        (false, s)
    } else if s.len() == n + 4
        && let Some(rest) = s.strip_prefix(b"W/")
    {
        (true, rest)
    } else {
        return false;
    };
    // `quoted` has `n + 2` octets: the opaque part between two DQUOTEs.
    let Some(inner) = quoted.strip_prefix(b"\"").and_then(|q| q.strip_suffix(b"\"")) else {
        return false;
    };
    // `EntityTag { weak, opaque: inner }.eq_under(cur, cmp)`, the opaque
    // parts compared by words (no octet loop for the short tags here).
    let comparable = match cmp {
        Comparison::Strong => !weak && !cur.weak,
        Comparison::Weak => true,
    };
    comparable && crate::kernel::eq_by_words(inner, cur.opaque)
}

/// Octet-for-octet equality, rejecting most unequal tags (same length, other
/// last octet: typical of hashes) before the full comparison.
#[inline(always)]
pub(crate) fn same_octets(a: &[u8], b: &[u8]) -> bool {
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
/// The grammar is exact (RFC 9110 §8.8.3): `W/` is case-sensitive, no whitespace may
/// follow it, and SP is not allowed inside the quotes. A backslash is an
/// ordinary `etagc` (there are no quoted-pairs in an entity-tag).
///
/// Comparison follows RFC 9110 Table 3 (RFC 9110 §8.8.3.2):
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
    pub(crate) weak: bool,
    pub(crate) opaque: &'h [u8],
}

impl<'h> EntityTag<'h> {
    /// Parses a complete entity-tag (surrounding OWS is ignored, RFC 9110 §5.5).
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
        let start = skip_ows(value, 0);
        let end = start + trim_ows(value).len();
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

    /// Strong comparison (RFC 9110 §8.8.3.2): both strong and the opaque
    /// tags identical octet by octet. Used by `If-Match` and `If-Range`.
    #[inline]
    pub fn strong_eq(&self, other: &EntityTag<'_>) -> bool {
        !self.weak && !other.weak && same_octets(self.opaque, other.opaque)
    }

    /// Weak comparison (RFC 9110 §8.8.3.2): the opaque tags identical,
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
    /// Strong comparison: `If-Match` (RFC 9110 §13.1.1).
    Strong,
    /// Weak comparison: `If-None-Match` (RFC 9110 §13.1.2).
    Weak,
}
