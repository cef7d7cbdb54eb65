//! What the decision concluded: the [`Outcome`] (naming the status), the
//! [`Decision`] (status, variant, ranges), and the response header fields it
//! names ([`ResponseFields`]).

use core::fmt;

use crate::field::HeaderField;
use crate::multipart::{Boundary, Multipart};
use crate::{
    Alternatives, ByteRange, ContentRange, EntityTag, Problem, RequestMethod, Variant, Vary, date::DateBuf,
    range::DEFAULT_MAX_RANGES,
};

/// What [`Resource::decide`](crate::Resource::decide) concluded, naming the status code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Perform the method. For GET and HEAD: send the whole selected
    /// representation, `200 OK`. For other methods the final status (200,
    /// 201, 204…) is the host's: [`Decision::status`] says 200.
    Full,
    /// `206 Partial Content`: GET, `Range` applied, at least one range
    /// satisfiable ([`Decision::ranges`]).
    Partial,
    /// `304 Not Modified` (GET/HEAD only).
    NotModified,
    /// `404 Not Found`: GET or HEAD of a resource without a representation.
    NotFound,
    /// `406 Not Acceptable` (GET/HEAD only): no variant is acceptable.
    NotAcceptable,
    /// `412 Precondition Failed`.
    PreconditionFailed,
    /// `416 Range Not Satisfiable`, with `Content-Range: bytes */length`.
    RangeNotSatisfiable,
    /// `428 Precondition Required` ([`Resource::require_precondition`](crate::Resource::require_precondition)).
    PreconditionRequired,
}

impl Outcome {
    /// The status code.
    pub const fn status(self) -> u16 {
        match self {
            Outcome::Full => 200,
            Outcome::Partial => 206,
            Outcome::NotModified => 304,
            Outcome::NotFound => 404,
            Outcome::NotAcceptable => 406,
            Outcome::PreconditionFailed => 412,
            Outcome::RangeNotSatisfiable => 416,
            Outcome::PreconditionRequired => 428,
        }
    }
}

/// The response [`Resource::decide`](crate::Resource::decide) chose: status, variant, ranges, and the
/// header fields to send ([`Decision::headers`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct Decision<'r, 'v> {
    pub(crate) outcome: Outcome,
    pub(crate) method: RequestMethod,
    pub(crate) variants: &'r [Variant<'v>],
    pub(crate) index: Option<usize>,
    pub(crate) vary: Vary,
    pub(crate) accept_ranges: bool,
    pub(crate) ranges: [ByteRange; DEFAULT_MAX_RANGES],
    pub(crate) range_count: u8,
    pub(crate) boundary_seed: u64,
    pub(crate) if_range: bool,
    /// A 406 whose request prefers `text/html` to `application/problem+json`
    /// (its body is [`Alternatives::html`] in [`Decision::body`]).
    pub(crate) html_alternatives: bool,
}

impl<'r, 'v> Decision<'r, 'v> {
    /// The outcome.
    pub const fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The status code: 200, 206, 304, 404, 406, 412, 416 or 428.
    pub const fn status(&self) -> u16 {
        self.outcome.status()
    }

    /// The request's method. An adapter needs it to tell a GET's 200 (the
    /// representation) from a POST's go-ahead (whose final status is the
    /// host's), and to send no content for HEAD.
    pub const fn method(&self) -> RequestMethod {
        self.method
    }

    /// The selected variant's index: set for 200, 206, 304, 412 and 416 on
    /// an existing resource; `None` for 404, 406, and a request on a resource
    /// without variants.
    pub const fn variant_index(&self) -> Option<usize> {
        self.index
    }

    /// The selected variant.
    pub fn variant(&self) -> Option<&'r Variant<'v>> {
        self.variants.get(self.index?)
    }

    /// The `Vary` value (GET and HEAD; empty otherwise). Already among
    /// [`headers`](Self::headers) when not empty.
    pub const fn vary(&self) -> Vary {
        self.vary
    }

    /// The ranges of a 206, clamped, in request order (RFC 9110 §15.3.7.2); empty otherwise.
    pub fn ranges(&self) -> &[ByteRange] {
        self.ranges.get(..usize::from(self.range_count)).unwrap_or(&[])
    }

    /// Whether the response carries the representation: false for HEAD and
    /// 304; for 404/406/412/416/428 the content is an error body
    /// ([`problem`](Self::problem), [`alternatives`](Self::alternatives)).
    pub const fn sends_representation(&self) -> bool {
        !matches!(self.method, RequestMethod::Head)
            && matches!(self.outcome, Outcome::Full | Outcome::Partial)
            && self.index.is_some()
            && self.method.is_get_or_head()
    }

    /// The RFC 9457 problem+json body for a 404, 412, 416 or 428 (its
    /// `status` member equals [`status`](Self::status), RFC 9457 §3.1.2); `None` for
    /// other outcomes (a 406 lists its alternatives: [`alternatives`](Self::alternatives)).
    ///
    /// ```
    /// use conneg::{Field, FieldLines, RequestMethod, RequestHead, Resource, Variant};
    ///
    /// let variants = [Variant::new("text/plain").with_length(10)];
    /// let request = RequestHead::new(RequestMethod::Get).field(Field::Range, FieldLines::one(b"bytes=20-"));
    /// let decision = Resource::new(&variants).decide(&request);
    /// let body = decision.problem().unwrap().to_string();
    /// assert!(body.contains(r#""status":416"#));
    /// ```
    pub fn problem(&self) -> Option<Problem<'static>> {
        Some(match self.outcome {
            Outcome::NotFound => Problem::new(404),
            Outcome::PreconditionFailed => Problem::precondition_failed(),
            Outcome::RangeNotSatisfiable => Problem::range_not_satisfiable(self.variant()?.length()?),
            Outcome::PreconditionRequired => Problem::precondition_required(),
            _ => return None,
        })
    }

    /// The 406 body listing the variants (problem+json; `.html()`-style
    /// bodies via [`Alternatives::html`]); `None` unless the outcome is 406.
    /// [`body`](Self::body) sends the form the request's `Accept` prefers.
    pub fn alternatives(&self) -> Option<Alternatives<'r, 'v>> {
        (self.outcome == Outcome::NotAcceptable).then(|| Alternatives::problem_json(self.variants))
    }

    /// The `Content-Length` of the representation part of the response (for
    /// HEAD: what GET would send): the variant's length for 200, the range's
    /// length for a single-part 206, the whole multipart body for several
    /// ranges. `None` for other outcomes or an unknown length.
    pub fn content_length(&self) -> Option<u64> {
        let v = self.variant()?;
        match self.outcome {
            Outcome::Full if self.method.is_get_or_head() => v.length(),
            Outcome::Partial => match self.ranges() {
                [one] => Some(one.len()),
                _ => self.multipart().map(|m| m.body_length()),
            },
            _ => None,
        }
    }

    /// The `multipart/byteranges` framing of a 206 with several ranges
    /// (RFC 9110 §14.6), `None` otherwise.
    pub fn multipart(&self) -> Option<Multipart<'_>> {
        if self.outcome != Outcome::Partial || self.range_count < 2 {
            return None;
        }
        let v = self.variant()?;
        let length = v.length()?;
        let boundary = Boundary::for_representation(
            self.boundary_seed,
            v.etag(),
            v.last_modified(),
            length,
            self.ranges(),
        );
        Some(Multipart::new(boundary, v.media_type(), length, self.ranges()).with_charset(v.charset()))
    }

    /// The header fields this response must carry, in a fixed order: `Vary`,
    /// `ETag`, `Last-Modified`, `Accept-Ranges`, `Content-Type`,
    /// `Content-Language`, `Content-Encoding`, `Content-Range` — each only
    /// where it belongs:
    ///
    /// | outcome | fields |
    /// |---|---|
    /// | 200 (GET/HEAD) | Vary, ETag, Last-Modified, Accept-Ranges¹, Content-Type/-Language/-Encoding |
    /// | 206, one range | the same, plus `Content-Range: bytes first-last/length` (RFC 9110 §15.3.7.1) |
    /// | 206, several | the same, with `Content-Type: multipart/byteranges; boundary=…` and no Content-Range or Content-Encoding (RFC 9110 §15.3.7.2; [`multipart`](Self::multipart) writes the parts) |
    /// | 206 to an `If-Range` request | Vary, ETag, Accept-Ranges, and Content-Range or the multipart Content-Type: not the representation fields the client already has (RFC 9110 §15.3.7) |
    /// | 304 | Vary, ETag, and Last-Modified only without an ETag (RFC 9110 §15.4.5) |
    /// | 406 | Vary |
    /// | 412 | Vary (GET/HEAD) |
    /// | 416 | Vary, Accept-Ranges, `Content-Range: bytes */length` (RFC 9110 §14.4, §15.5.17) |
    /// | 200 for other methods, 404, 428 | none |
    ///
    /// ¹ when the variant has a length and [`Resource::accept_ranges`](crate::Resource::accept_ranges) is on.
    /// `Content-Length`, `Date`, `Cache-Control` are the host's
    /// ([`content_length`](Self::content_length) helps).
    pub fn headers(&self) -> ResponseFields<'_, 'v> {
        self.headers_with(self.multipart().map(|m| *m.boundary()))
    }

    /// The header fields with this multipart boundary (a body plan's, which
    /// may have moved to avoid the representation's bytes).
    pub(crate) fn headers_with(&self, boundary: Option<Boundary>) -> ResponseFields<'_, 'v> {
        ResponseFields {
            decision: self,
            next: 0,
            boundary,
        }
    }
}

/// The header fields of a [`Decision`], from [`Decision::headers`].
#[derive(Clone, Debug)]
pub struct ResponseFields<'d, 'v> {
    decision: &'d Decision<'d, 'v>,
    next: u8,
    boundary: Option<Boundary>,
}

impl<'d, 'v> ResponseFields<'d, 'v> {
    fn field(&self, field: HeaderField) -> Option<ResponseField<'d>> {
        let d = self.decision;
        let variant = d.variant();
        let full = matches!(d.outcome, Outcome::Full | Outcome::Partial) && d.method.is_get_or_head();
        // A 206 to an If-Range request leaves out the representation fields
        // the client already has (RFC 9110 §15.3.7); the 200 and other 206s carry them.
        let metadata = full && !(d.outcome == Outcome::Partial && d.if_range);
        let value = match field {
            HeaderField::Vary => (!d.vary.is_empty()).then_some(Value::Text(d.vary.as_str()))?,
            HeaderField::ETag if full || d.outcome == Outcome::NotModified => Value::Tag(variant?.etag()?),
            HeaderField::LastModified
                if metadata || (d.outcome == Outcome::NotModified && variant?.etag().is_none()) =>
            {
                Value::Date(variant?.last_modified()?.format())
            }
            HeaderField::AcceptRanges
                if d.accept_ranges && (full || d.outcome == Outcome::RangeNotSatisfiable) =>
            {
                Value::Text("bytes")
            }
            HeaderField::ContentType if full => match self.boundary {
                Some(b) => Value::Multipart(b),
                None if metadata => Value::ContentType(variant?.media_type(), variant?.charset()),
                None => return None,
            },
            HeaderField::ContentLanguage if metadata => Value::Text(variant?.language()?),
            HeaderField::ContentEncoding if metadata && self.boundary.is_none() => {
                Value::Text(variant?.encoding()?)
            }
            HeaderField::ContentRange => match (d.outcome, d.ranges()) {
                (Outcome::Partial, [one]) => {
                    Value::ContentRange(ContentRange::bytes(*one, variant?.length()?))
                }
                (Outcome::RangeNotSatisfiable, _) => {
                    Value::ContentRange(ContentRange::unsatisfied(variant?.length()?))
                }
                _ => return None,
            },
            _ => return None,
        };
        Some(ResponseField {
            field,
            value: FieldValue(value),
        })
    }
}

impl<'d> Iterator for ResponseFields<'d, '_> {
    type Item = ResponseField<'d>;

    fn next(&mut self) -> Option<ResponseField<'d>> {
        // The fields in the header-field table's `emitted` order.
        while let Some(&field) = HeaderField::EMITTED.get(usize::from(self.next)) {
            self.next += 1;
            if let Some(h) = self.field(field) {
                return Some(h);
            }
        }
        None
    }
}

/// One response header field: a name and a [`FieldValue`]. `Display`
/// writes `Name: value`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ResponseField<'d> {
    field: HeaderField,
    value: FieldValue<'d>,
}

impl<'d> ResponseField<'d> {
    /// The field name, as usually capitalised (`ETag`).
    #[inline]
    pub const fn name(&self) -> &'static str {
        self.field.name()
    }

    /// The field's row in the header-field table (the adapters map it to
    /// their own name type).
    #[cfg(any(feature = "http", feature = "actix"))]
    pub(crate) const fn field(&self) -> HeaderField {
        self.field
    }
    /// The field value.
    pub const fn value(&self) -> &FieldValue<'d> {
        &self.value
    }
}

impl fmt::Display for ResponseField<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name(), self.value)
    }
}

impl fmt::Debug for ResponseField<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseField")
            .field("name", &self.name())
            .field("value", &self.value)
            .finish()
    }
}

/// A response field value, kept as up to four borrowed or stack-held pieces
/// so that nothing allocates: [`for_each_part`](Self::for_each_part) gives
/// the exact octets, [`copy_to`](Self::copy_to) joins them into the
/// caller's buffer, `Display` writes them as text.
///
/// ```
/// use conneg::{EntityTag, Field, FieldLines, RequestMethod, RequestHead, Resource, Variant};
///
/// let variants = [Variant::new("text/html").with_charset("utf-8").with_etag(EntityTag::from_static("W/\"x\""))];
/// let decision = Resource::new(&variants).decide(&RequestHead::new(RequestMethod::Get));
/// let mut buf = [0u8; 64];
/// let values: Vec<String> = decision.headers().map(|h| h.value().to_string()).collect();
/// assert_eq!(values, ["Accept, Accept-Charset, Accept-Encoding", "W/\"x\"", "text/html; charset=utf-8"]);
/// let etag = decision.headers().nth(1).unwrap();
/// assert_eq!(etag.value().copy_to(&mut buf), Some(&b"W/\"x\""[..]));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldValue<'d>(Value<'d>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Value<'d> {
    Text(&'d str),
    Tag(EntityTag<'d>),
    Date(DateBuf),
    ContentRange(ContentRange),
    ContentType(&'d str, Option<&'d str>),
    Multipart(Boundary),
}

impl FieldValue<'_> {
    /// Calls `each` with the value's pieces, in order; together they are the
    /// value's octets.
    pub fn for_each_part(&self, mut each: impl FnMut(&[u8])) {
        match &self.0 {
            Value::Text(s) => each(s.as_bytes()),
            Value::Tag(tag) => {
                each(if tag.is_weak() { b"W/\"" } else { b"\"" });
                each(tag.opaque());
                each(b"\"");
            }
            Value::Date(d) => each(d.as_bytes()),
            Value::ContentRange(c) => each(c.as_bytes()),
            Value::ContentType(media, charset) => {
                each(media.as_bytes());
                if let Some(cs) = charset {
                    each(b"; charset=");
                    each(cs.as_bytes());
                }
            }
            Value::Multipart(b) => {
                each(b"multipart/byteranges; boundary=");
                each(b.as_str().as_bytes());
            }
        }
    }

    /// The value's length in octets.
    pub fn len(&self) -> usize {
        let mut n = 0;
        self.for_each_part(|p| n += p.len());
        n
    }

    /// Whether the value is empty (never, for the fields conneg emits).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Copies the value's octets into `buf`; `None` if it does not fit.
    pub fn copy_to<'b>(&self, buf: &'b mut [u8]) -> Option<&'b [u8]> {
        let mut at = 0usize;
        let mut fits = true;
        self.for_each_part(|p| {
            let end = at + p.len();
            match buf.get_mut(at..end) {
                Some(dst) if fits => {
                    dst.copy_from_slice(p);
                    at = end;
                }
                _ => fits = false,
            }
        });
        if fits { buf.get(..at) } else { None }
    }
}

impl fmt::Display for FieldValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut result = Ok(());
        self.for_each_part(|p| {
            if result.is_ok() {
                result = crate::syntax::write_lossy(f, p);
            }
        });
        result
    }
}
