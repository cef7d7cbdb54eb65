//! The low layer.

use crate::Deep;

pub fn low() -> Deep {
    Deep
}
