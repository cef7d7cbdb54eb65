//! Choosing among a resource's variants on every negotiation axis at once
//! (RFC 9110 §12.1, §12.5), and the `Vary` value that goes with the choice
//! (§12.5.5).

mod variant;
mod vary;
mod set;
mod score;
mod select;
#[cfg(feature = "alloc")]
mod owned;

#[cfg(feature = "alloc")]
pub use owned::{OwnedVariant, VariantViews};
pub(crate) use select::Policy;
pub use select::{ContentNegotiation, Fallback, Selection, VariantChoice};
pub use set::{IntoVariantSet, VariantSet};
pub use variant::Variant;
pub use vary::Vary;
