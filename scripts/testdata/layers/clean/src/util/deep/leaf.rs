pub struct Leaf;

pub fn touch() -> u8 {
    let _ = super::super::inner::Helper::new();
    let _ = super::super::Shared;
    crate::base::helper_fn()
}
