//! A clean fixture crate. `mod fake_in_doc;` must not be read as a module.
#![no_std]

// mod commented_out;
/* mod block_commented; /* nested */ mod still_a_comment; */
mod base;
/// The utilities.
#[doc(hidden)]
pub(crate) mod util;
#[cfg(feature = "extra")]
#[cfg_attr(docsrs, doc(cfg(feature = "extra")))]
pub mod extra;
#[path = "renamed_high.rs"]
mod high;

#[cfg(test)]
mod test_support; // the file is deliberately absent: test modules are never read

const NOT_A_MOD: &str = "mod in_string;";
const RAW: &str = r#"mod in_raw; "quoted" crate::high::Thing"#;

pub use base::Base;
pub use high::Thing;
pub use util::{Helper, deep::Leaf};
