//! Range requests (RFC 9110 §14): parse `Range`, evaluate it against the
//! representation's length, format `Content-Range`.

mod spec;
mod parse;
mod field;
mod content_range;

pub use content_range::ContentRange;
pub use field::{DEFAULT_MAX_RANGES, Range};
pub use spec::{ByteRange, Ignored, RangeOutcome, RangeSpec};
