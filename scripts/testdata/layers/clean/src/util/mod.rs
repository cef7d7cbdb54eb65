//! A façade: declares its children, re-exports them, and owns `Shared`.

mod inner;
pub mod deep;

pub use inner::Helper;

use crate::base::Base;

pub struct Shared;

pub fn shared() -> Base {
    crate::base::Base
}
