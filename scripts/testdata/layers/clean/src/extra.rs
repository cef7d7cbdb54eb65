//! Only built with feature `extra`.

use crate::util::Shared;

pub fn extra() -> Shared {
    Shared
}
