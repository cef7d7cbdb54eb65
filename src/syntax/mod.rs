//! RFC 9110 §5.6 field-value building blocks: tokens, whitespace, quoted strings,
//! `#list` splitting and parameters.
//!
//! Every function here is a single forward pass over borrowed bytes. Nothing
//! allocates and nothing panics on any input (every index is bounds-checked by
//! construction: positions only move forward and are compared with the length
//! before use).

mod lexical;
mod list;
mod params;

pub(crate) use lexical::{ascii_str, is_ows, is_tchar, is_token, skip_ows, token_end, trim_ows, write_lossy};
pub(crate) use list::{element_end, element_start};
pub(crate) use params::{
    ParamStep, Params, lone_weight, lone_weight_inline, padded_weight, param_step, param_value_eq,
    weight_value,
};
