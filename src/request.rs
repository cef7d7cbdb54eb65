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
