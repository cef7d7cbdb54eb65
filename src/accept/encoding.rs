//! `Accept-Encoding` (RFC 9110 §12.5.3).

use super::token::{Kind, named_or_any, named_or_any_key, token_field};
use crate::kernel::folded;
use crate::syntax;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Encoding;

/// `x-gzip` ≡ `gzip`, `x-compress` ≡ `compress` (RFC 9110 §8.4.1.1, §8.4.1.3).
#[inline(always)]
fn canonical(coding: &[u8]) -> &[u8] {
    match coding {
        [b'x' | b'X', b'-', rest @ ..]
            if rest.eq_ignore_ascii_case(b"gzip") || rest.eq_ignore_ascii_case(b"compress") =>
        {
            rest
        }
        _ => coding,
    }
}

impl Kind for Encoding {
    const FIELD: &'static str = "Accept-Encoding";
    const IDENTITY: bool = true;

    fn valid_range(value: &[u8]) -> bool {
        !value.is_empty()
    }

    /// A branch-free fold (codings are short: no early exit to pay for).
    #[inline]
    fn valid_offer(offer: &[u8]) -> bool {
        !offer.is_empty() && offer.iter().fold(true, |ok, &b| ok & syntax::is_tchar(b))
    }

    /// A named coding (case-insensitive, aliases folded) beats `*`, which
    /// matches every coding the field does not name (RFC 9110 §12.5.3).
    #[inline(always)]
    fn matches(range: &[u8], offer: &[u8]) -> Option<u16> {
        named_or_any(canonical(range), canonical(offer))
    }

    /// The `x-` of `x-gzip` and `x-compress` (RFC 9110 §8.4.1.1, §8.4.1.3) is not part of the key.
    #[inline(always)]
    fn key_offset(value: &[u8]) -> usize {
        value.len() - canonical(value).len()
    }

    #[inline(always)]
    fn matches_key(range: &[u8], offer: &[u8]) -> Option<u16> {
        named_or_any_key(range, offer)
    }

    /// An alias's key starts after its `x-`.
    const RANGE_FIRSTS: u32 = 1 << folded(b'x');

    fn specificity(range: &[u8]) -> u16 {
        u16::from(range != b"*")
    }
}

token_field! {
    /// The `Accept-Encoding` request field (RFC 9110 §12.5.3), borrowed and
    /// parsed lazily.
    ///
    /// ```abnf
    /// Accept-Encoding = #( codings [ weight ] )
    /// codings         = content-coding / "identity" / "*"
    /// ```
    ///
    /// - Coding names compare case-insensitively (RFC 9110 §8.4.1); `x-gzip` is `gzip` and
    ///   `x-compress` is `compress` (RFC 9110 §8.4.1.1, §8.4.1.3).
    /// - A named coding is acceptable unless its q is 0 (RFC 9110 §12.5.3); `*` matches
    ///   every coding the field does not name.
    /// - `identity` is acceptable unless excluded by `identity;q=0` or by
    ///   `*;q=0` without an `identity` entry. When the field names
    ///   neither `identity` nor `*`, identity ranks below every coding the
    ///   field names (reported with q=0.001).
    /// - An absent field accepts any coding; an empty one asks for
    ///   identity only.
    ///
    /// Offer the codings the server has, `"identity"` included when it can send
    /// the content unencoded; a coding the server did not offer is never
    /// returned.
    ///
    /// # Examples
    ///
    /// ```
    /// use conneg::{AcceptEncoding, TieBreak};
    ///
    /// let offers = ["br", "gzip", "identity"];
    /// let chrome = AcceptEncoding::new(b"gzip, deflate, br, zstd");
    /// // Equal q: the client's order decides by default…
    /// assert_eq!(chrome.negotiate(&offers).index(), Some(1));
    /// // …or the server's, for a server that would rather send br.
    /// assert_eq!(chrome.tie_break(TieBreak::ServerOrder).negotiate(&offers).index(), Some(0));
    /// assert_eq!(AcceptEncoding::new(b"x-gzip").negotiate(&offers).index(), Some(1));
    /// assert_eq!(AcceptEncoding::new(b"").negotiate(&offers).index(), Some(2));
    /// // Identity excluded and nothing else acceptable: 406 (or disregard the field, RFC 9110 §12.5.3).
    /// assert_eq!(AcceptEncoding::new(b"zstd, *;q=0").negotiate(&offers).status(), 406);
    /// ```
    AcceptEncoding, Encoding, b"gzip;q=1.0, identity; q=0.5, *;q=0", ["br", "identity", "gzip"], "gzip"
}

#[cfg(test)]
mod tests {
    use super::super::token::is_identity;
    use super::*;

    #[test]
    fn aliases_fold_n42() {
        assert_eq!(canonical(b"x-gzip"), b"gzip");
        assert_eq!(canonical(b"X-Compress"), b"Compress");
        assert_eq!(canonical(b"x-br"), b"x-br");
        assert!(Encoding::matches(b"x-gzip", b"GZIP").is_some());
        assert!(is_identity(b"Identity"));
    }

    /// Found by `encoding::preferences_match_the_oracle`: an empty field listed
    /// its identity at q=0.001 (the rank of an identity the field does not
    /// name) while `quality_of("identity")` and `negotiate` give it q=1 (RFC 9110 §12.5.3).
    #[test]
    fn empty_field_lists_identity_at_q1_n48() {
        let mut out = [crate::accept::Preference::default(); 2];
        let field = AcceptEncoding::new(b"");
        let listed = field.preferences(&mut out);
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].value(), "identity");
        assert_eq!(listed[0].quality(), crate::Quality::ONE);
        assert_eq!(listed[0].quality(), field.quality_of("identity"));
        // A field that names other codings still lists identity last at q=0.001.
        let field = AcceptEncoding::new(b"gzip");
        let listed = field.preferences(&mut out);
        assert_eq!(
            (listed[1].value(), listed[1].quality().thousandths()),
            ("identity", 1)
        );
        assert_eq!(listed[1].quality(), field.quality_of("identity"));
    }
}
