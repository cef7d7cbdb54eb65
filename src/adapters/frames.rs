//! The body of a [`BodyPlan`] over the representation's `Bytes`, shared by
//! the adapters that write whole responses (`http`'s `respond`, `actix`'s):
//! the frames to send and the `Content-Length` to announce, one rule for all.

use std::collections::VecDeque;
use std::string::ToString;

use bytes::Bytes;

use crate::Problem;
use crate::decision::{BodyPlan, Segment};

/// The answer when the representation's bytes do not agree with the
/// decided length ([`frames`] gives `None`): a `500` problem rather than a
/// response whose framing lies.
pub(crate) const LENGTH_MISMATCH: Problem<'static> =
    Problem::new(500).with_detail("The representation does not have the length it was decided with.");

/// The frames of the plan over `bytes`, in order: the representation
/// (a reference-count increment), its ranges (`Bytes::slice`, no copy) and
/// the text conneg writes. Empty when the plan has no content (304, HEAD,
/// another method's go-ahead); `None` when a range lies outside `bytes`, or
/// a whole representation's length differs from the decided one.
pub(crate) fn frames(plan: &BodyPlan<'_>, bytes: &Bytes) -> Option<VecDeque<Bytes>> {
    let mut frames = VecDeque::new();
    if !plan.has_content() {
        return Some(frames);
    }
    for segment in plan.segments() {
        frames.push_back(match segment {
            Segment::Representation => {
                if plan.content_length().is_some_and(|n| n != bytes.len() as u64) {
                    return None;
                }
                bytes.clone()
            }
            Segment::Range(r) => {
                let span = r.to_usize_range().filter(|s| *s.end() < bytes.len())?;
                bytes.slice(span)
            }
            Segment::Text(text) => Bytes::from(text.to_string()),
        });
    }
    Some(frames)
}

/// The `Content-Length` to announce: the plan's
/// ([`BodyPlan::content_length`]: none on a 304, the GET's for HEAD), or,
/// for a whole representation of a length the variant does not state,
/// the length of the bytes given.
pub(crate) fn content_length(plan: &BodyPlan<'_>, bytes: &Bytes) -> Option<u64> {
    plan.content_length()
        .or_else(|| plan.carries_representation().then_some(bytes.len() as u64))
}
