use super::Shared;
use crate::base::{Base, helper_fn};

pub struct Helper(pub Shared);

impl Helper {
    pub fn new() -> Self {
        let _: Base = super::shared();
        let _ = helper_fn();
        Helper(Shared)
    }
}
