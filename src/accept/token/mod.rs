//! The shared engine of the token-valued negotiation fields
//! (Accept-Language, Accept-Encoding, Accept-Charset, RFC 9110 §12.5.2–4).

mod kind;
mod preference;
mod field;
mod score;
mod few;
mod wrapper;

pub(crate) use field::TokenField;
pub(crate) use kind::{
    IMPLICIT_IDENTITY, Kind, implicit_identity, is_identity, named_or_any, named_or_any_key, stated_quality,
};
pub use preference::{Preference, Preferences};
pub(crate) use wrapper::token_field;
