//! The combined decision (RFC 9110 §12, §13.2.2, §14): a [`Resource`]
//! decides a request in one call, negotiation → preconditions on the
//! selected variant → Range, and the [`Decision`] names the status, the
//! variant, the ranges and the response header fields, and [`Decision::body`]
//! plans the response's body ([`BodyPlan`]).

mod response;
mod resource;
mod body;

pub use body::{BodyPlan, Segment, Segments, Text};
pub use resource::Resource;
pub use response::{Decision, FieldValue, Outcome, ResponseField, ResponseFields};
