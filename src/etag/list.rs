//! The `If-Match` / `If-None-Match` field (RFC 9110 §13.1.1, §13.1.2): a
//! list of entity-tags or `*`, and what it says about the current tag.
use crate::EntityTag;
use crate::etag::Comparison;
use crate::etag::Member;
use crate::etag::tag::is_exactly;
use crate::etag::tag::parse_at;
use crate::etag::tag::same_octets;
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
        // Strong comparison never matches a weak current tag (RFC 9110 §8.8.3.2).
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
            let line = self.field.line(0).unwrap_or_default();
            // Most lines have no OWS around them: two octet tests.
            let s = match (line.first(), line.last()) {
                (Some(b' ' | b'\t'), _) | (_, Some(b' ' | b'\t')) => crate::syntax::trim_ows(line),
                _ => line,
            };
            if current.is_some_and(|cur| is_exactly(s, cur, cmp)) {
                return if exists {
                    ListMatch::Matched
                } else {
                    ListMatch::NotMatched
                };
            }
            if s.first().is_some_and(|&b| b != b'*') && !crate::kernel::has_comma(s) {
                return ListMatch::NotMatched;
            }
        }
        self.matches_list(current, exists, cmp)
    }

    /// [`matches`](Self::matches) past its fast path: the general walk over
    /// every member of every line (`current` already cleared for a strong
    /// comparison with a weak tag).
    ///
    /// A member ends at the next comma outside double quotes, well-formed
    /// or not: a well-formed one (`*` or `[W/]"etagc…"`, then OWS) holds no
    /// other `"` and no comma after its closing quote, and a malformed one
    /// is skipped that way ([`skip_malformed`]). So the walk only finds each
    /// member's end (sixteen octets at a time) and then asks what matters
    /// here: is the member `*`, and is it the current tag written exactly
    /// ([`is_exactly`], which holds only for a well-formed member, the
    /// current tag's opaque part being `etagc`). Whether another member is
    /// a well-formed tag or malformed does not change the answer.
    #[inline(never)]
    fn matches_list(&self, current: Option<&EntityTag<'_>>, exists: bool, cmp: Comparison) -> ListMatch {
        // `*` is valid only as the one member of the whole field: the walk
        // counts the members and notes a `*`, and decides at the end (no
        // other answer overrides `Invalid`, so nothing is lost by not
        // stopping at the second member).
        let mut star = false;
        let mut members = 0usize;
        let mut matched = false;
        // What a usual member must hold to match: the current opaque part,
        // and whether a weak member may (a strong comparison with a weak
        // current tag was cleared above).
        let target = current.map(|cur| (cur.opaque, cmp == Comparison::Weak));
        let mut line = 0;
        while let Some(s) = self.field.line(line) {
            line += 1;
            let mut i = 0;
            loop {
                // The usual separator, `, `, then any others.
                if let Some([b',', b' ', ..]) = s.get(i..) {
                    i += 2;
                }
                i = skip_separators(s, i);
                if i >= s.len() {
                    break;
                }
                // The usual member, `"…"` or `W/"…"` right before the
                // comma or the end: its opaque part is between the quotes
                // (the current tag matches when it is that part).
                let quote = match s.get(i..) {
                    Some([b'"', ..]) => Some(i),
                    Some([b'W', b'/', b'"', ..]) => Some(i + 2),
                    _ => None,
                };
                if let Some(quote) = quote {
                    let close = find_quote(s, quote + 1);
                    if close < s.len() && matches!(s.get(close + 1), None | Some(b',')) {
                        members += 1;
                        if let Some((want, weak_ok)) = target
                            && (weak_ok || quote == i)
                            && let Some(opaque) = s.get(quote + 1..close)
                        {
                            matched |= same_octets(opaque, want);
                        }
                        i = close + 1;
                        continue;
                    }
                }
                let (end, member) = other_member(s, i, current, cmp);
                i = end;
                members += 1;
                match member {
                    OtherMember::Any => star = true,
                    OtherMember::Tag(is_current) => matched |= is_current,
                }
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
}

/// A member of `matches_list`'s walk other than the usual `"…"` or
/// `W/"…"` right before its comma: `*`, or another (well-formed or not),
/// and whether it is the current tag.
enum OtherMember {
    Any,
    Tag(bool),
}

/// `matches_list`'s rarer members, out of line (the usual one's loop keeps
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
