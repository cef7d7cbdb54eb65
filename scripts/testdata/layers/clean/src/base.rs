//! The lowest layer. Its docs mention crate::high::Thing, which is no edge.

pub struct Base;

pub const fn helper_fn() -> u8 {
    1
}

pub fn describe<'a>(s: &'a str) -> &'a str {
    // crate::high::Thing is not referenced here
    let _quote = '"';
    let _ = crate::base::helper_fn();
    if s.is_empty() { "crate::high::Thing" } else { s }
}

#[macro_export]
macro_rules! base_macro {
    () => {};
}

#[cfg(test)]
mod tests {
    use crate::high::Thing;

    #[test]
    fn uses_higher_layers() {
        let _ = Thing;
        let _ = crate::util::Helper::new();
    }
}
