//! Mentions crate::high::make() in a doc comment.

/// Calls crate::high::make() — said in a doc comment.
pub fn low() -> usize {
    // crate::high::make()
    /* crate::high::make() */
    let s = "crate::high::make()";
    let r = r#"crate::high::make() "with quotes""#;
    let b = b"crate::high::make()";
    let c = '"';
    let n = crate::high::make();
    n + s.len() + r.len() + b.len() + c as usize
}
