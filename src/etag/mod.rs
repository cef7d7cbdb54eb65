//! Entity-tags (RFC 9110 §8.8.3): the `ETag` value, lists in `If-Match` /
//! `If-None-Match`, strong and weak comparison, and formatting a server's tag.

mod tag;
mod list;
mod buf;

pub use buf::EntityTagBuf;
pub use list::{EntityTagList, EntityTags, ListMatch};
pub use tag::{Comparison, EntityTag, Member};
