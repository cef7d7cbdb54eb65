//! `Accept` (RFC 9110 §12.5.1): media ranges, the server's offers, and
//! choosing a media type.

mod offer;
mod range;
mod score;
mod view;

pub use offer::MediaOffer;
#[cfg(feature = "alloc")]
pub(crate) use offer::OfferShape;
pub(crate) use offer::{AsOffer, Offer};
pub use range::{MediaParam, MediaRange, MediaRanges};
pub use view::{Accept, IntoMediaOffer};

/// Parameters per element beyond which the element is malformed
/// ([`ErrorKind::TooManyParameters`](crate::ErrorKind::TooManyParameters)):
/// it bounds the parameter matching work.
const MAX_PARAMS: usize = 16;

const FIELD: &str = "Accept";
