//! The highest layer (module `high`, found through `#[path]`).

use crate::{
    base::{Base,
        helper_fn as hf},
    util::{Helper as H, deep::*},
    Leaf,
};
use core::fmt;

pub struct Thing;

impl Thing {
    pub fn make() -> Self {
        let _ = crate::base::describe("x");
        let _: (Base, u8, Leaf) = (crate::Base, hf(), crate::util::deep::Leaf);
        let _ = H::new();
        crate::base_macro!();
        Thing
    }
}

impl fmt::Debug for crate::util::Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Shared")
    }
}
