//! The low layer.

use crate::high::Thing;

pub fn low() -> Thing {
    Thing
}
