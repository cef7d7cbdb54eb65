//! The `If-Match` / `If-None-Match` field (RFC 9110 §13.1.1, §13.1.2): a
//! list of entity-tags or `*`, and what it says about the current tag.
use crate::EntityTag;
use crate::etag::Comparison;
use crate::etag::Member;
use crate::etag::tag::is_exactly;
use crate::etag::tag::parse_at;
use crate::etag::tag::skip_malformed;
use crate::kernel::{comma_outside_quotes, find_quote, skip_separators, trim_end_ows};
use crate::syntax::{element_start, skip_ows};

use crate::error::{ErrorKind, ParseError};
use crate::field::FieldLines;

/// What an `If-Match` / `If-None-Match` value says about the current
/// representation (see [`EntityTagList::matches`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub enum ListMatch {
    /// The field is not in the request.
    Absent,
    /// `*` alone, and a current representation exists (RFC 9110 §13.1.1, §13.1.2).
    Any,
    /// A listed tag matches the current entity-tag under the comparison.
    Matched,
    /// Nothing matches: no tag equal, `*` without a representation, or no
    /// valid member at all (`If-None-Match: 1234`).
    NotMatched,
    /// `*` mixed with other members (`*, "x"`, `*, *`): syntactically invalid
    /// (RFC 9110 §13.1.1, §13.1.2). See the precondition policies for what that means.
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
/// - Repeated field lines are one list (RFC 9110 §5.2); commas inside the quotes of a
///   tag do not separate (`"a,b"` is one tag); empty members are skipped.
/// - A malformed member (`bogus`, `w/"x"`, `"a b"`) is skipped; the rest is
///   still evaluated (see the [`policy`](crate::policy) page).
/// - `*` mixed with any other member makes the field invalid
///   ([`ListMatch::Invalid`]).
///
/// Work is one forward pass over the value; nothing allocates.
///
/// # Examples
///
/// ```
/// use conneg::{etag::Comparison, EntityTag, etag::EntityTagList, FieldLines, etag::ListMatch, etag::Member};
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

    /// Any number of field lines (none = absent), combined in order (RFC 9110 §5.2).
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
    /// use conneg::{etag::EntityTagList, ErrorKind};
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
        if self.field.line_count() == 1
            && let Some(line) = self.field.line(0)
        {
            return one_line_matches(line, current, exists, cmp);
        }
        self.matches_lines(current, exists, cmp)
    }

    /// [`matches`](Self::matches) for a field on several lines: the walk
    /// of [`line_matches`] over each line, tallied together.
    #[inline(never)]
    fn matches_lines(&self, current: Option<&EntityTag<'_>>, exists: bool, cmp: Comparison) -> ListMatch {
        let target = Target::new(current, cmp);
        let mut tally = Tally::default();
        let mut line = 0;
        while let Some(s) = self.field.line(line) {
            line += 1;
            walk_line(s, &target, &mut tally);
        }
        tally.answer(exists)
    }
}

/// [`EntityTagList::matches`] of a field on one line (as nearly every
/// request sends it), inlined: the line of one member needs no walk.
/// - The (trimmed) line is exactly the current tag: one member (the opaque
///   part of an `EntityTag` is `etagc` only, as every constructor checks,
///   so the closing DQUOTE is the last octet, and commas inside the quotes
///   do not separate), and it matches.
/// - Otherwise a short line (up to 16 octets: a comma test is cheaper there
///   than the quote search) without a comma that does not start with `*`
///   is one member (a tag, or malformed) that does not match.
/// - Otherwise the current tag's quote pair is searched for
///   ([`listed_exactly`](crate::kernel::listed_exactly)): no member walk.
///
/// Anything else (a line holding a `*`, no current tag) is walked by
/// [`line_matches`].
#[inline(always)]
fn one_line_matches(
    line: &[u8],
    current: Option<&EntityTag<'_>>,
    exists: bool,
    cmp: Comparison,
) -> ListMatch {
    // Strong comparison never matches a weak current tag (RFC 9110 §8.8.3.2).
    let current = match (current, cmp) {
        (Some(cur), Comparison::Strong) if cur.weak => None,
        (cur, _) => cur,
    };
    // Most lines have no OWS around them: two octet tests (OWS is below
    // `!`; an end octet below it that is not OWS leaves `trim_ows`
    // nothing to trim, so the answer is the same).
    let s = match (line.first(), line.last()) {
        (Some(&first), Some(&last)) if first > b' ' && last > b' ' => line,
        _ => crate::syntax::trim_ows(line),
    };
    let one_member =
        |s: &[u8]| s.len() <= 16 && s.first().is_some_and(|&b| b != b'*') && !crate::kernel::has_comma(s);
    let listed = match current {
        Some(cur) if is_exactly(s, cur, cmp) => Some(true),
        Some(_) if one_member(s) => Some(false),
        Some(cur) => crate::kernel::listed_exactly(s, cur.opaque, cmp == Comparison::Weak),
        None if one_member(s) => Some(false),
        None => None,
    };
    match listed {
        Some(true) if exists => ListMatch::Matched,
        Some(_) => ListMatch::NotMatched,
        None => line_matches(s, current, exists, cmp),
    }
}

/// [`one_line_matches`] past its shortcuts: the walk of one line, out of
/// line.
///
/// A member ends at the next comma outside double quotes, well-formed or
/// not: a well-formed one (`*` or `[W/]"etagc…"`, then OWS) holds no other
/// `"` and no comma after its closing quote, and a malformed one is skipped
/// that way ([`skip_malformed`]). So the walk only finds each member's end
/// (sixteen octets at a time) and then asks what matters here: is the
/// member `*`, and is it the current tag written exactly ([`is_exactly`],
/// which holds only for a well-formed member, the current tag's opaque
/// part being `etagc`). Whether another member is a well-formed tag or
/// malformed does not change the answer.
///
/// `current` comes cleared as [`one_line_matches`] clears it (no weak tag
/// under a strong comparison), so the walk's target does not redo it.
#[inline(never)]
pub(crate) fn line_matches(
    line: &[u8],
    current: Option<&EntityTag<'_>>,
    exists: bool,
    cmp: Comparison,
) -> ListMatch {
    let mut tally = Tally::default();
    walk_line(line, &Target::cleared(current, cmp), &mut tally);
    tally.answer(exists)
}

/// What the walk compares members with: the current tag (cleared for a
/// strong comparison with a weak current tag, which never matches, RFC
/// 9110 §8.8.3.2) and the comparison.
struct Target<'c> {
    current: Option<&'c EntityTag<'c>>,
    cmp: Comparison,
    /// The current opaque part (empty without a current tag).
    want: &'c [u8],
    /// Its length, `usize::MAX` without a current tag (no member has that
    /// many octets): one comparison rejects most members.
    want_len: usize,
}

impl<'c> Target<'c> {
    #[inline(always)]
    fn new(current: Option<&'c EntityTag<'c>>, cmp: Comparison) -> Self {
        let current = match (current, cmp) {
            (Some(cur), Comparison::Strong) if cur.weak => None,
            (cur, _) => cur,
        };
        Target::cleared(current, cmp)
    }

    /// [`new`](Self::new) for a current tag already cleared as it does.
    #[inline(always)]
    fn cleared(current: Option<&'c EntityTag<'c>>, cmp: Comparison) -> Self {
        let (want, want_len) = match current {
            Some(cur) => (cur.opaque, cur.opaque.len()),
            None => (&[][..], usize::MAX),
        };
        Target {
            current,
            cmp,
            want,
            want_len,
        }
    }

    /// Is the usual member whose opaque part is `s[open..close]` (weak
    /// when `weak`) the current tag under the comparison? The length is
    /// compared here; the rest, for the few members of the current tag's
    /// length, out of line (the walk's loop keeps its registers).
    #[inline(always)]
    fn is_current(&self, s: &[u8], open: usize, close: usize, weak: bool) -> bool {
        close.wrapping_sub(open) == self.want_len
            && (self.cmp == Comparison::Weak || !weak)
            && same_opaque(s.get(open..close).unwrap_or_default(), self.want)
    }
}

/// The opaque parts' octets equal ([`eq_by_words`](crate::kernel::eq_by_words)),
/// out of line.
#[inline(never)]
fn same_opaque(a: &[u8], b: &[u8]) -> bool {
    crate::kernel::eq_by_words(a, b)
}

/// The members the walk has seen, over one line or several.
#[derive(Clone, Copy, Default)]
struct Tally {
    /// A `*` member.
    star: bool,
    /// How many members (empty list elements are none).
    members: usize,
    /// A member is the current tag.
    matched: bool,
}

impl Tally {
    /// The answer of the whole field: `*` is valid only as its one member
    /// (no other answer overrides `Invalid`, so nothing is lost by not
    /// stopping at the second member).
    #[inline(always)]
    fn answer(self, exists: bool) -> ListMatch {
        if self.star && self.members > 1 {
            ListMatch::Invalid
        } else if self.star {
            if exists {
                ListMatch::Any
            } else {
                ListMatch::NotMatched
            }
        } else if self.matched && exists {
            ListMatch::Matched
        } else {
            ListMatch::NotMatched
        }
    }
}

/// The walk of [`line_matches`] over the members of one line, into `tally`.
///
/// The usual member is `"…"` or `W/"…"` right before the comma or the end:
/// its opaque part is between the quotes, and the current tag matches when
/// it is that part. The usual separator is `, `, and when the next member
/// is usual too (`", "` or `", W/"` after a closing quote) the walk goes
/// straight to its closing quote; anything else goes through the general
/// separator skip and member start.
#[inline(always)]
fn walk_line(s: &[u8], target: &Target<'_>, tally: &mut Tally) {
    let (mut members, mut matched, mut star) = (0usize, false, false);
    let mut i = skip_separators(s, 0);
    'members: while let Some(&first) = s.get(i) {
        // The opening quote of a usual member starting at `i`.
        let mut quote = if first == b'"' {
            Some(i)
        } else if first == b'W' && matches!(s.get(i + 1..i + 3), Some(b"/\"")) {
            Some(i + 2)
        } else {
            None
        };
        while let Some(open) = quote {
            let close = find_quote(s, open + 1);
            // A usual member ends at its closing quote; otherwise it is
            // read from `i` as another one, below.
            if close >= s.len() || !matches!(s.get(close + 1), None | Some(b',')) {
                break;
            }
            members += 1;
            if target.is_current(s, open + 1, close, open != i) {
                matched = true;
            }
            // The next member, usual, after the usual separator.
            let next = s.get(close..close + 6).unwrap_or_default();
            if next.starts_with(b"\", \"") {
                i = close + 3;
                quote = Some(i);
            } else if next == b"\", W/\"" {
                i = close + 3;
                quote = Some(i + 2);
            } else {
                i = skip_separators(s, close + 1);
                continue 'members;
            }
        }
        let (end, member) = other_member(s, i, target.current, target.cmp);
        members += 1;
        match member {
            OtherMember::Any => star = true,
            OtherMember::Tag(is_current) => matched |= is_current,
        }
        i = skip_separators(s, end);
    }
    tally.members += members;
    tally.matched |= matched;
    tally.star |= star;
}

/// A member of [`walk_line`] other than the usual `"…"` or
/// `W/"…"` right before its comma: `*`, or another (well-formed or not),
/// and whether it is the current tag.
enum OtherMember {
    Any,
    Tag(bool),
}

/// [`walk_line`]'s rarer members, out of line (the usual one's loop keeps
/// its registers): from the member's start `i`, its end (the next comma
/// outside quotes) and what it is.
#[inline(never)]
fn other_member(
    s: &[u8],
    i: usize,
    current: Option<&EntityTag<'_>>,
    cmp: Comparison,
) -> (usize, OtherMember) {
    let end = comma_outside_quotes(s, i);
    let member = trim_end_ows(s.get(i..end).unwrap_or_default());
    if member == b"*" {
        return (end, OtherMember::Any);
    }
    (
        end,
        OtherMember::Tag(current.is_some_and(|cur| is_exactly(member, cur, cmp))),
    )
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
            let i = element_start(s, self.pos);
            if i >= s.len() {
                self.line += 1;
                self.pos = 0;
                continue;
            }
            let start = i;
            let err_at = match parse_at(s, i) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::etag::buf::{BUF_LEN, EntityTagBuf};

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

    /// The answer by the definition: members split at commas outside
    /// double quotes, trimmed of OWS, empty ones skipped; `*` alone is
    /// `Any`; a member matches when it is the current tag written exactly.
    fn naive_matches(
        lines: &[&[u8]],
        current: Option<&EntityTag<'_>>,
        exists: bool,
        cmp: Comparison,
    ) -> ListMatch {
        if lines.is_empty() {
            return ListMatch::Absent;
        }
        let (mut star, mut members, mut matched) = (false, 0, false);
        for line in lines {
            for piece in crate::kernel::naive_members(line) {
                let member = crate::syntax::trim_ows(piece);
                if member.is_empty() {
                    continue;
                }
                members += 1;
                if member == b"*" {
                    star = true;
                    continue;
                }
                let Some(cur) = current else { continue };
                let (weak, rest) = match member.strip_prefix(b"W/") {
                    Some(rest) => (true, rest),
                    None => (false, member),
                };
                let exact = rest.len() >= 2
                    && rest[0] == b'"'
                    && rest[rest.len() - 1] == b'"'
                    && &rest[1..rest.len() - 1] == cur.opaque;
                let comparable = cmp == Comparison::Weak || (!weak && !cur.weak);
                matched |= exact && comparable;
            }
        }
        if star && members > 1 {
            ListMatch::Invalid
        } else if star {
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

    #[test]
    fn walk_agrees_with_the_definition() {
        // Members and separators, usual and not, joined in every order of
        // up to three.
        const PARTS: [&[u8]; 22] = [
            b"\"xyzzy\"",
            b"W/\"xyzzy\"",
            b"\"a\"",
            b"W/\"a\"",
            b"\"a,b\"",
            b"\"\"",
            b"*",
            b", ",
            b",",
            b" ",
            b"\t",
            b", W/",
            b"\"",
            b"W/",
            b"w/\"xyzzy\"",
            b"bogus",
            b"\"xyzzy\" ",
            b"\"xyzzy-1\"",
            b"\"0123456789abcdef0123456789abcdef01234567\"",
            b"\"x y\"",
            b"xyzzy\"",
            b", \"",
        ];
        let currents = [
            None,
            Some(EntityTag::from_static("\"xyzzy\"")),
            Some(EntityTag::from_static("W/\"xyzzy\"")),
            Some(EntityTag::from_static("\"a,b\"")),
            Some(EntityTag::from_static("\"\"")),
            Some(EntityTag::from_static("\"a\"")),
        ];
        let mut lines: std::vec::Vec<std::vec::Vec<u8>> = std::vec![std::vec::Vec::new()];
        for a in PARTS {
            lines.push(a.to_vec());
            for b in PARTS {
                lines.push([a, b].concat());
                for c in PARTS {
                    lines.push([a, b, c].concat());
                }
            }
        }
        for line in &lines {
            for current in &currents {
                for exists in [true, false] {
                    for cmp in [Comparison::Weak, Comparison::Strong] {
                        let one: &[&[u8]] = &[line];
                        let want = naive_matches(one, current.as_ref(), exists, cmp);
                        let list = EntityTagList::new(line);
                        assert_eq!(list.matches(current.as_ref(), exists, cmp), want, "{:?}", line);
                        // The walk alone, without the one-member shortcuts
                        // (the current tag cleared as `one_line_matches` does).
                        let cleared = match (current.as_ref(), cmp) {
                            (Some(cur), Comparison::Strong) if cur.weak => None,
                            (cur, _) => cur,
                        };
                        let walked = line_matches(line, cleared, exists, cmp);
                        assert_eq!(walked, want, "walk {:?}", line);
                        // On two lines (the line twice, or after `"v0"`).
                        for first in [&line[..], b"\"v0\""] {
                            let two: &[&[u8]] = &[first, line];
                            let want = naive_matches(two, current.as_ref(), exists, cmp);
                            let list = EntityTagList::from_field(FieldLines::many(two));
                            assert_eq!(list.matches(current.as_ref(), exists, cmp), want, "{:?}", two);
                        }
                    }
                }
            }
        }
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
