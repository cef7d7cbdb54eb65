//! `Accept-Charset` (RFC 9110 §12.5.2).

use super::token::{Kind, named_or_any, named_or_any_key, token_field};
use crate::syntax;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Charset;

impl Kind for Charset {
    const FIELD: &'static str = "Accept-Charset";

    fn valid_range(value: &[u8]) -> bool {
        !value.is_empty()
    }

    fn valid_offer(offer: &[u8]) -> bool {
        !offer.is_empty() && offer.iter().all(|&b| syntax::is_tchar(b))
    }

    /// Case-insensitive names, no alias folding (`utf8` ≠ `utf-8`); a named
    /// charset beats `*`, which matches every charset not named (RFC 9110 §12.5.2, §8.3.2).
    #[inline(always)]
    fn matches(range: &[u8], offer: &[u8]) -> Option<u16> {
        named_or_any(range, offer)
    }

    #[inline(always)]
    fn matches_key(range: &[u8], offer: &[u8]) -> Option<u16> {
        named_or_any_key(range, offer)
    }

    fn specificity(range: &[u8]) -> u16 {
        u16::from(range != b"*")
    }
}

token_field! {
    /// The `Accept-Charset` request field (RFC 9110 §12.5.2), borrowed and
    /// parsed lazily. Deprecated, and most browsers omit it, but legacy
    /// clients still send it.
    ///
    /// ```abnf
    /// Accept-Charset = #( ( token / "*" ) [ weight ] )
    /// ```
    ///
    /// Charset names compare case-insensitively without alias folding (RFC 9110 §8.3.2);
    /// `*` matches every charset the field does not name (RFC 9110 §12.5.2); q=0 excludes.
    ///
    /// # Examples
    ///
    /// ```
    /// use conneg::AcceptCharset;
    ///
    /// let field = AcceptCharset::new(b"ISO-8859-1,utf-8;q=0.7,*;q=0.7");
    /// assert_eq!(field.negotiate(&["utf-8", "iso-8859-1"]).index(), Some(1));
    /// assert_eq!(field.quality_of("UTF-8").thousandths(), 700);
    /// ```
    AcceptCharset, Charset, b"utf-8, iso-8859-1;q=0.5", ["iso-8859-1", "utf-8"], "utf-8"
}
