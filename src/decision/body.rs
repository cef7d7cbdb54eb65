//! The body of a decided response as a plan ([`BodyPlan`]): which bytes of
//! the representation and which text conneg writes, in order, with the
//! `Content-Length` and `Content-Type` that go with them. The adapters render
//! it; the plan itself never allocates.

use core::fmt;

use crate::multipart::{Multipart, Part, written_len};
use crate::{Alternatives, ByteRange, Decision, Outcome, Problem, RequestMethod};

use super::ResponseFields;

/// What the body of a decided response holds, from [`Decision::body`]:
/// the segments to send in order ([`segments`](Self::segments)), the
/// `Content-Length` ([`content_length`](Self::content_length)) and the
/// `Content-Type` of a body conneg writes ([`content_type`](Self::content_type)).
///
/// | outcome | segments | `Content-Length` |
/// |---|---|---|
/// | 200 (GET) | the whole representation | the variant's length |
/// | 206, one range | that range | the range's length |
/// | 206, several | per part: [`Text`] (delimiter and part header), the range; then the closing delimiter | the whole multipart body |
/// | 304 | none | **none**: a 304 carries no `Content-Length` (RFC 9110 §8.6 allows only the 200's; conneg sends none, and the adapters remove one a framework adds for the empty body) |
/// | 404, 412, 416, 428 | the problem+json body ([`Decision::problem`]), `Content-Type: application/problem+json` | its length |
/// | 406 | the alternatives, problem+json or HTML as the request's `Accept` prefers, with that `Content-Type` | its length |
/// | HEAD | none | what GET would send (RFC 9110 §9.3.2) |
/// | another method proceeding (`Outcome::Full`) | none: the response is the host's | none |
///
/// Nothing here allocates: text segments are written through
/// `core::fmt::Display`, their lengths counted without storing them.
///
/// ```
/// use conneg::decision::Segment;
/// use conneg::{Field, FieldLines, RequestHead, RequestMethod, Resource, Variant};
///
/// let bytes = b"0123456789";
/// let variants = [Variant::new("text/plain").with_length(10)];
/// let request = RequestHead::new(RequestMethod::Get).field(Field::Range, FieldLines::one(b"bytes=0-1,8-"));
/// let decision = Resource::new(&variants).decide(&request);
/// let plan = decision.body().avoiding(bytes); // the boundary occurs in no part
///
/// let mut out = Vec::new();
/// for segment in plan.segments() {
///     match segment {
///         Segment::Representation => out.extend_from_slice(bytes),
///         Segment::Range(r) => out.extend_from_slice(&bytes[r.to_usize_range().unwrap()]),
///         Segment::Text(text) => out.extend_from_slice(text.to_string().as_bytes()),
///     }
/// }
/// assert_eq!(plan.content_length(), Some(out.len() as u64));
/// let boundary = plan.multipart().unwrap().boundary().to_string();
/// assert!(String::from_utf8(out).unwrap().ends_with(&format!("89\r\n--{boundary}--\r\n")));
/// // The Content-Type among the plan's fields names the same boundary.
/// assert!(plan.headers().any(|h| h.to_string().ends_with(&boundary)));
/// ```
#[derive(Clone, Copy, Debug)]
#[must_use]
pub struct BodyPlan<'d> {
    decision: &'d Decision<'d, 'd>,
    content: Content<'d>,
    /// False for HEAD: the GET's fields and length, no segments.
    sends: bool,
}

#[derive(Clone, Copy, Debug)]
enum Content<'d> {
    /// 304, or another method's go-ahead.
    None,
    /// The whole representation, of this length if known.
    Whole(Option<u64>),
    Range(ByteRange),
    Multipart(Multipart<'d>),
    /// The decision's problem+json body ([`Decision::problem`], written
    /// when sent: a `Problem` is large to carry).
    Problem,
    Alternatives(Alternatives<'d, 'd>),
}

/// One segment of a [`BodyPlan`], in the order sent.
#[derive(Clone, Copy, Debug)]
pub enum Segment<'p> {
    /// The whole selected representation (a 200).
    Representation,
    /// These bytes of the selected representation (a 206's range or part).
    Range(ByteRange),
    /// Text conneg writes: a multipart delimiter and part header, the closing
    /// delimiter, or a problem+json / alternatives body.
    Text(Text<'p>),
}

/// A text segment of a [`BodyPlan`]: written through `Display`, its
/// length known without writing it ([`len`](Self::len)).
#[derive(Clone, Copy, Debug)]
pub struct Text<'p>(TextKind<'p>);

#[derive(Clone, Copy, Debug)]
enum TextKind<'p> {
    PartHeader(Part<'p>),
    Closing(&'p Multipart<'p>),
    Problem(&'p Decision<'p, 'p>),
    Alternatives(&'p Alternatives<'p, 'p>),
}

impl Text<'_> {
    /// The text's length in octets.
    pub fn len(&self) -> u64 {
        written_len(self)
    }

    /// Whether the text is empty (never, for the segments conneg plans).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            TextKind::PartHeader(part) => part.header().fmt(f),
            TextKind::Closing(m) => m.closing().fmt(f),
            TextKind::Problem(d) => problem_of(d).fmt(f),
            TextKind::Alternatives(a) => a.fmt(f),
        }
    }
}

impl<'r, 'v> Decision<'r, 'v> {
    /// The body of this decision's response, as a plan an adapter renders
    /// ([`BodyPlan`]); `adapters::http::respond` (feature `response`) renders
    /// it over `bytes::Bytes`. Never allocates.
    ///
    /// ```
    /// use conneg::{EntityTag, Field, FieldLines, RequestHead, RequestMethod, Resource, Variant};
    ///
    /// let variants = [Variant::new("text/plain").with_etag(EntityTag::from_static("\"a\"")).with_length(5)];
    /// let stale = RequestHead::new(RequestMethod::Put).field(Field::IfMatch, FieldLines::one(b"\"b\""));
    /// let decision = Resource::new(&variants).decide(&stale);
    /// let plan = decision.body();
    /// assert_eq!((decision.status(), plan.content_type()), (412, Some("application/problem+json")));
    /// assert_eq!(plan.content_length(), Some(decision.problem().unwrap().to_string().len() as u64));
    /// ```
    pub fn body(&self) -> BodyPlan<'_> {
        let content = match self.outcome {
            Outcome::Full if self.method.is_get_or_head() && self.index.is_some() => {
                Content::Whole(self.variant().and_then(|v| v.length()))
            }
            Outcome::Full | Outcome::NotModified => Content::None,
            Outcome::Partial => match (self.multipart(), self.ranges()) {
                (Some(m), _) => Content::Multipart(m),
                (None, [one]) => Content::Range(*one),
                // A 206 always has a range; fail closed to the whole.
                (None, _) => Content::Whole(self.variant().and_then(|v| v.length())),
            },
            Outcome::NotAcceptable => Content::Alternatives(if self.html_alternatives {
                Alternatives::html(self.variants)
            } else {
                Alternatives::problem_json(self.variants)
            }),
            Outcome::NotFound
            | Outcome::PreconditionFailed
            | Outcome::RangeNotSatisfiable
            | Outcome::PreconditionRequired => Content::Problem,
        };
        BodyPlan {
            decision: self,
            content,
            sends: self.method != RequestMethod::Head,
        }
    }
}

impl<'d> BodyPlan<'d> {
    /// This plan with a multipart boundary that occurs in no part of
    /// `representation` (the whole selected representation's bytes,
    /// [`Multipart::avoiding`]); other plans are unchanged. The fields of
    /// [`headers`](Self::headers) name the same boundary.
    pub fn avoiding(mut self, representation: &[u8]) -> Self {
        if let Content::Multipart(m) = self.content {
            self.content = Content::Multipart(m.avoiding(representation));
        }
        self
    }

    /// The decision this plan is the body of.
    pub fn decision(&self) -> &'d Decision<'d, 'd> {
        self.decision
    }

    /// The decision's header fields ([`Decision::headers`]), with this
    /// plan's multipart boundary in the `Content-Type`.
    pub fn headers(&self) -> ResponseFields<'d, 'd> {
        self.decision
            .headers_with(self.multipart().map(|m| *m.boundary()))
    }

    /// The multipart framing of a 206 with several ranges.
    pub fn multipart(&self) -> Option<&Multipart<'d>> {
        match &self.content {
            Content::Multipart(m) => Some(m),
            _ => None,
        }
    }

    /// The `Content-Type` of a body conneg writes: `application/problem+json`
    /// for 404/412/416/428, the alternatives' type for a 406. `None` for the
    /// representation (its `Content-Type`, or the multipart one, is among
    /// [`headers`](Self::headers)) and for an empty body.
    pub fn content_type(&self) -> Option<&'static str> {
        match &self.content {
            Content::Problem => Some(problem_of(self.decision).content_type()),
            Content::Alternatives(a) => Some(a.content_type()),
            _ => None,
        }
    }

    /// The `Content-Length` to send: the segments' total length, for HEAD
    /// what GET would send. `None` means send none: a 304 (RFC 9110 §8.6,
    /// §15.4.5 — an adapter removes one a framework adds), another method's
    /// go-ahead (the host's response), or a representation of unknown length.
    pub fn content_length(&self) -> Option<u64> {
        match &self.content {
            Content::None => None,
            Content::Whole(length) => *length,
            Content::Range(r) => Some(r.len()),
            Content::Multipart(m) => Some(m.body_length()),
            Content::Problem => Some(written_len(&problem_of(self.decision))),
            Content::Alternatives(a) => Some(written_len(a)),
        }
    }

    /// Whether the plan has segments to send: false for HEAD, 304 and
    /// another method's go-ahead.
    pub fn has_content(&self) -> bool {
        self.sends && !matches!(self.content, Content::None)
    }

    /// Whether the response must not carry a `Content-Length` at all (a 304;
    /// RFC 9110 §15.4.5): an adapter removes one a framework set.
    pub fn forbids_content_length(&self) -> bool {
        self.decision.outcome == Outcome::NotModified
    }

    /// Whether the GET's body is the representation or ranges of it (a 200
    /// or 206 to GET or HEAD): an adapter needs the representation's bytes
    /// (or, for HEAD, its length when the variant has none).
    pub fn carries_representation(&self) -> bool {
        matches!(
            self.content,
            Content::Whole(_) | Content::Range(_) | Content::Multipart(_)
        )
    }

    /// The segments, in order (none for HEAD, 304 and another method's
    /// go-ahead).
    pub fn segments(&self) -> Segments<'_> {
        Segments {
            plan: self,
            next: if self.sends { 0 } else { usize::MAX },
        }
    }
}

/// The segments of a [`BodyPlan`], from [`BodyPlan::segments`].
#[derive(Clone, Debug)]
pub struct Segments<'p> {
    plan: &'p BodyPlan<'p>,
    next: usize,
}

impl<'p> Iterator for Segments<'p> {
    type Item = Segment<'p>;

    fn next(&mut self) -> Option<Segment<'p>> {
        let i = self.next;
        self.next = self.next.saturating_add(1);
        match &self.plan.content {
            Content::None => None,
            Content::Whole(_) => (i == 0).then_some(Segment::Representation),
            Content::Range(r) => (i == 0).then_some(Segment::Range(*r)),
            Content::Problem => {
                (i == 0).then_some(Segment::Text(Text(TextKind::Problem(self.plan.decision))))
            }
            Content::Alternatives(a) => (i == 0).then_some(Segment::Text(Text(TextKind::Alternatives(a)))),
            Content::Multipart(m) => {
                // Header, range per part; then the closing delimiter.
                let parts = m.parts().len();
                if i == 2 * parts {
                    return Some(Segment::Text(Text(TextKind::Closing(m))));
                }
                let part = m.parts().nth(i / 2)?;
                Some(if i % 2 == 0 {
                    Segment::Text(Text(TextKind::PartHeader(part)))
                } else {
                    Segment::Range(part.range())
                })
            }
        }
    }
}

/// The problem+json body of a 404/412/416/428 decision; a bare problem of
/// its status should [`Decision::problem`] have none (a 416 whose variant
/// lost its length).
fn problem_of(decision: &Decision<'_, '_>) -> Problem<'static> {
    decision.problem().unwrap_or(Problem::new(decision.status()))
}
