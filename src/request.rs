//! The request the decision reads: its method and the borrowed lines of the
//! ten fields conneg interprets.

use crate::field::{Field, FieldLines};
use crate::method::RequestMethod;

/// The parts of a request the decision reads: the method and the field lines
/// of the ten [`Field`]s, borrowed. Every field starts absent.
///
/// ```
/// use conneg::{Field, FieldLines, RequestMethod, RequestHead};
///
/// let request = RequestHead::new(RequestMethod::Get)
///     .field(Field::Accept, FieldLines::one(b"text/html"))
///     .field(Field::IfNoneMatch, FieldLines::one(b"\"v1\""));
/// assert!(request.get(Field::Range).is_absent());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestHead<'h> {
    method: RequestMethod,
    fields: [FieldLines<'h>; Field::ALL.len()],
}

impl<'h> RequestHead<'h> {
    /// A request with this method and no fields.
    pub const fn new(method: RequestMethod) -> Self {
        RequestHead {
            method,
            fields: [FieldLines::ABSENT; Field::ALL.len()],
        }
    }

    /// Sets a field's lines (all of them, in the order received: a field
    /// sent on several lines is one list, RFC 9110 §5.2).
    pub const fn field(mut self, field: Field, lines: FieldLines<'h>) -> Self {
        self.fields[field.index()] = lines;
        self
    }

    /// The method.
    pub const fn method(&self) -> RequestMethod {
        self.method
    }

    /// A field's lines.
    pub const fn get(&self, field: Field) -> FieldLines<'h> {
        self.fields[field.index()]
    }
}

/// How many lines of one field the adapters' request readers hold (16):
/// `HeaderLines` of the `http` and `actix` adapters.
///
/// A real client sends each of these fields on one line; a handful of lines
/// happens when proxies append. A field sent on **more** lines than this is
/// not truncated (dropping lines could silently change the answer — a lost
/// `If-None-Match: *` would let a create-only PUT overwrite); it is read as
/// invalid, consistently with the crate's policies for each field:
///
/// | field | more than 16 lines reads as | so |
/// |---|---|---|
/// | `Accept`, `Accept-Charset`, `-Encoding`, `-Language` | absent (as when every element is malformed) | no preference on that axis |
/// | `If-Match` | an invalid list | 412 on every method (fail safe) |
/// | `If-None-Match` | an invalid list | ignored on GET/HEAD, 412 on other methods |
/// | `If-Modified-Since`, `If-Unmodified-Since`, `If-Range`, `Range` | repeated (the first 16 lines) | ignored (`If-Range`: false → full 200), as for any repeated singleton field |
#[cfg(any(feature = "http", feature = "actix"))]
pub const MAX_FIELD_LINES: usize = 16;

/// An `If-Match` / `If-None-Match` value that is invalid under the crate's
/// policy (`*` twice), standing for a field with too many lines.
#[cfg(any(feature = "http", feature = "actix"))]
const INVALID_TAG_LIST: &[u8] = b"*, *";

/// The method and the lines of the ten [`Field`]s, borrowed from a
/// framework's header store into fixed storage ([`MAX_FIELD_LINES`] per
/// field) — what every adapter's `HeaderLines` holds, with the one rule for
/// a field on too many lines. Never allocates.
#[cfg(any(feature = "http", feature = "actix"))]
#[derive(Clone, Debug)]
pub(crate) struct FieldLineTable<'h> {
    method: RequestMethod,
    lines: [[&'h [u8]; MAX_FIELD_LINES]; Field::ALL.len()],
    /// Lines received per field (may exceed `MAX_FIELD_LINES`).
    counts: [usize; Field::ALL.len()],
}

#[cfg(any(feature = "http", feature = "actix"))]
impl<'h> FieldLineTable<'h> {
    /// Collects, for each field, the values `lines_of(field)` gives (the
    /// field's lines in the order received, names matched case-insensitively
    /// by the header store), keeping the first [`MAX_FIELD_LINES`] and
    /// counting them all.
    pub(crate) fn new<I>(method: RequestMethod, mut lines_of: impl FnMut(Field) -> I) -> Self
    where
        I: IntoIterator<Item = &'h [u8]>,
    {
        let mut this = FieldLineTable {
            method,
            lines: [[&[]; MAX_FIELD_LINES]; Field::ALL.len()],
            counts: [0; Field::ALL.len()],
        };
        for ((field, slots), count) in Field::ALL.into_iter().zip(&mut this.lines).zip(&mut this.counts) {
            for value in lines_of(field) {
                if let Some(slot) = slots.get_mut(*count) {
                    *slot = value;
                }
                *count = count.saturating_add(1);
            }
        }
        this
    }

    /// The request method.
    pub(crate) const fn method(&self) -> RequestMethod {
        self.method
    }

    /// How many lines of `field` the request carried (also beyond
    /// [`MAX_FIELD_LINES`]).
    pub(crate) fn received(&self, field: Field) -> usize {
        self.counts.get(field.index()).copied().unwrap_or(0)
    }

    /// A field's lines: absent, the lines in order, or — for more than
    /// [`MAX_FIELD_LINES`] lines — the invalid reading documented there.
    pub(crate) fn field(&self, field: Field) -> FieldLines<'_> {
        let i = field.index();
        let (Some(lines), Some(&n)) = (self.lines.get(i), self.counts.get(i)) else {
            return FieldLines::ABSENT;
        };
        if n <= MAX_FIELD_LINES {
            return FieldLines::many(lines.get(..n).unwrap_or(&[]));
        }
        match field {
            Field::Accept | Field::AcceptCharset | Field::AcceptEncoding | Field::AcceptLanguage => {
                FieldLines::ABSENT
            }
            Field::IfMatch | Field::IfNoneMatch => FieldLines::one(INVALID_TAG_LIST),
            Field::IfModifiedSince | Field::IfUnmodifiedSince | Field::IfRange | Field::Range => {
                FieldLines::many(lines)
            }
        }
    }

    /// The [`RequestHead`] of the method and every field.
    pub(crate) fn request(&self) -> RequestHead<'_> {
        Field::ALL
            .into_iter()
            .fold(RequestHead::new(self.method), |r, f| r.field(f, self.field(f)))
    }
}
