//! `Accept-Language` (RFC 9110 §12.5.4) with RFC 4647 matching.

use super::Negotiation;
use super::token::{Kind, token_field};
use crate::Quality;
use crate::syntax;

/// Accept-Language matching by RFC 4647 Basic Filtering (§3.3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Language;

/// `language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"` (RFC 4647 §2.1, RFC 9110 §12.5.4).
/// The definition `valid_range` is tested against.
#[cfg(test)]
fn is_language_range(v: &[u8]) -> bool {
    v == b"*" || is_basic_tag(v)
}

/// `1*8ALPHA *("-" 1*8alphanum)`: the shape of a basic language range, which is
/// also what an offered language tag must have (`en_US` is not one).
pub(crate) const fn is_basic_tag(v: &[u8]) -> bool {
    // One pass: `len` counts the current subtag; the first must be letters.
    let mut len = 0usize;
    let mut first = true;
    let mut i = 0;
    while i < v.len() {
        let b = v[i];
        if b == b'-' {
            if len == 0 {
                return false;
            }
            len = 0;
            first = false;
        } else if b.is_ascii_alphabetic() || (!first && b.is_ascii_digit()) {
            len += 1;
            if len > 8 {
                return false;
            }
        } else {
            return false;
        }
        i += 1;
    }
    len > 0
}

/// [`RANGE_CLASS`] bits.
const ALPHA: u8 = 1;
const DIGIT: u8 = 2;
const DASH: u8 = 4;

/// The class of each octet in a basic language range: a letter, a digit, `-`
/// or none (0).
const RANGE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = if b.is_ascii_alphabetic() {
            ALPHA
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b == b'-' {
            DASH
        } else {
            0
        };
        i += 1;
    }
    table
};

fn subtags(v: &[u8]) -> u16 {
    if v == b"*" {
        0
    } else {
        1 + v.iter().filter(|&&b| b == b'-').count().min(254) as u16
    }
}

impl Kind for Language {
    const FIELD: &'static str = "Accept-Language";
    const LOOKUP: bool = true;

    #[inline]
    fn truncate(range: &[u8]) -> Option<&[u8]> {
        truncate(range)
    }

    /// [`is_language_range`] by [`range_specificity`](Kind::range_specificity)'s
    /// table walk (the same test, see `valid_offer_is_basic_tag`),
    /// which costs less than `is_basic_tag`'s branches per octet.
    fn valid_range(value: &[u8]) -> bool {
        Self::range_specificity(value).is_some()
    }

    /// [`is_basic_tag`] by [`range_specificity`](Kind::range_specificity)'s
    /// table walk, which is that test for anything but `*`.
    #[inline]
    fn valid_offer(offer: &[u8]) -> bool {
        offer != b"*" && Self::range_specificity(offer).is_some()
    }

    /// Basic Filtering (RFC 4647 §3.3.1): the range equals the tag, or is a prefix of it
    /// followed by `-`, case-insensitively; `*` matches every tag (RFC 4647 §3.3.1, RFC 9110 §12.4.3: only
    /// those no other range matches, which the most-specific rule gives).
    /// Specificity: an exact match first, then the range's subtag count.
    #[inline(always)]
    fn matches(range: &[u8], offer: &[u8]) -> Option<u16> {
        Self::matches_key(range, offer).map(|exact| exact | subtags(range))
    }

    /// [`matches`](Kind::matches) without the range's subtag count: 0x100
    /// for an exact match, 0 for a prefix or `*`.
    #[inline(always)]
    fn matches_key(range: &[u8], offer: &[u8]) -> Option<u16> {
        if range == b"*" {
            return Some(0);
        }
        // Both matches need the first octets equal, case-insensitively:
        // most pairs differ there.
        match (range.first(), offer.first()) {
            (Some(&r), Some(&o)) if (r ^ o) & !0x20 == 0 => {}
            _ => return None,
        }
        if crate::kernel::eq_ignore_case(range, offer) {
            return Some(0x100);
        }
        let prefix = offer.get(..range.len())?;
        (offer.get(range.len()) == Some(&b'-') && prefix.eq_ignore_ascii_case(range)).then_some(0)
    }

    /// The range is the tag (exact, 0x100), or a prefix of it ending at
    /// one of its `-` (0).
    #[inline(always)]
    fn matches_prefix(key: &[u8], len: usize) -> Option<u16> {
        if len == key.len() {
            Some(0x100)
        } else {
            (len > 0 && key.get(len) == Some(&b'-')).then_some(0)
        }
    }

    /// An exact match (0x100, above any subtag count): the offer is the
    /// range with its letters in any case, and a basic range other than
    /// `*` is a valid offer in every case of its letters.
    #[inline(always)]
    fn match_proves_offer(specificity: u16) -> bool {
        specificity & 0x100 != 0
    }

    /// [`is_language_range`] and [`subtags`] in one pass, a table lookup
    /// per octet.
    #[inline(always)]
    fn range_specificity(value: &[u8]) -> Option<u16> {
        if value == b"*" {
            return Some(0);
        }
        // What the current subtag may hold: letters only in the first.
        let mut allowed = ALPHA;
        let (mut len, mut dashes) = (0usize, 0usize);
        for &b in value {
            let class = RANGE_CLASS[usize::from(b)];
            if class & allowed != 0 {
                len += 1;
                if len > 8 {
                    return None;
                }
            } else if class == DASH && len > 0 {
                len = 0;
                dashes += 1;
                allowed = ALPHA | DIGIT;
            } else {
                return None;
            }
        }
        (len > 0).then(|| 1 + dashes.min(254) as u16)
    }

    fn specificity(range: &[u8]) -> u16 {
        subtags(range)
    }
}

token_field! {
    /// The `Accept-Language` request field (RFC 9110 §12.5.4), borrowed and
    /// parsed lazily.
    ///
    /// ```abnf
    /// Accept-Language = #( language-range [ weight ] )
    /// language-range  = (1*8ALPHA *("-" 1*8alphanum)) / "*"   ; RFC 4647 §2.1
    /// ```
    ///
    /// Matching scheme (RFC 4647 §3): [`negotiate`](Self::negotiate),
    /// [`rank`](Self::rank) and [`quality_of`](Self::quality_of) use **Basic
    /// Filtering** (§3.3.1) first: a range matches a tag equal to it or starting with
    /// it followed by `-`, case-insensitively (`en` matches `en-US`; `en-US`
    /// does not match `en`, RFC 4647 §3.3.1). When that matches no offer at
    /// all, they fall back to **Lookup** truncation (§3.4): `en-GB` falls back
    /// to `en`; a lookup match takes the q of the range whose truncation
    /// matched and ranks by q, then the client's order of the range, then
    /// the longer match, then the server's order; a language the field
    /// excludes with q=0 stays excluded. Nothing after that: `NotAcceptable`.
    /// [`lookup`](Self::lookup) is plain RFC 4647 **Lookup**, which returns a
    /// default of the caller's choosing when nothing matches (RFC 4647 §3.4, §3.4.1).
    ///
    /// An offer's q comes from the longest matching range; `*` covers only tags
    /// no other range matches (RFC 4647 §3.3.1, RFC 9110 §12.4.3); q=0 excludes. Ties after q
    /// ([`TieBreak`](crate::TieBreak)): a range that names the language
    /// before `*`, then the client's order of the matching ranges (`fr,
    /// en-US` prefers `fr` to `en-US`), then, among offers the same range
    /// matches, an offer equal to it before one it only prefixes, then the
    /// server's order.
    /// Parameters other than `q` are ignored. Malformed elements (`en_US`,
    /// `q=1.5`) are skipped; if every element is malformed the field counts as
    /// absent. An offer that is not a language tag is never selected.
    ///
    /// # Examples
    ///
    /// ```
    /// use conneg::AcceptLanguage;
    ///
    /// let field = AcceptLanguage::new(b"fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5");
    /// let offers = ["en", "de", "fr"];
    /// assert_eq!(field.negotiate(&offers).index(), Some(2));
    /// assert_eq!(field.quality_of("ja").thousandths(), 500);
    ///
    /// // Basic Filtering matches no offer: Lookup truncation (RFC 4647 §3.4).
    /// let field = AcceptLanguage::new(b"en-GB");
    /// assert_eq!(field.negotiate(&["de", "en"]).index(), Some(1));
    /// assert_eq!(field.lookup(&["en"], None).index(), Some(0));
    /// // A filtering match comes first.
    /// let field = AcceptLanguage::new(b"en-GB, de;q=0.1");
    /// assert_eq!(field.negotiate(&["de", "en"]).index(), Some(0));
    /// ```
    AcceptLanguage, Language, b"ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", ["en", "ko"], "ko"
}

/// The outcome of RFC 4647 Lookup ([`AcceptLanguage::lookup`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub enum Lookup {
    /// Offer `index` matched a range (after truncation) with this q.
    Matched {
        /// Index into the offers.
        index: usize,
        /// The q of the range it matched.
        quality: Quality,
    },
    /// Nothing matched: the caller's default offer (RFC 4647 §3.4.1).
    Default(usize),
    /// Nothing matched and no default was given: 406.
    NotAcceptable,
}

impl Lookup {
    /// The offer to serve, if any.
    #[inline]
    pub const fn index(self) -> Option<usize> {
        match self {
            Lookup::Matched { index, .. } | Lookup::Default(index) => Some(index),
            Lookup::NotAcceptable => None,
        }
    }

    /// As a [`Negotiation`]: a default counts as selected at q=1 from the
    /// server's side. `NotAcceptable` stays 406.
    #[inline]
    pub const fn negotiation(self) -> Negotiation {
        match self {
            Lookup::Matched { index, quality } => Negotiation::Selected { index, quality },
            Lookup::Default(index) => Negotiation::Selected {
                index,
                quality: Quality::ONE,
            },
            Lookup::NotAcceptable => Negotiation::NotAcceptable,
        }
    }
}

/// Most ranges Lookup orders at once (the field's best ranges by q).
const LOOKUP_RANGES: usize = 32;

impl<'h> AcceptLanguage<'h> {
    /// RFC 4647 **Lookup** (§3.4): takes the client's ranges by descending q
    /// (client order among equals) and, for each, looks for an offer equal to
    /// it (case-insensitively), then to its truncations: the last subtag is
    /// removed, together with a singleton (`x`, `u`, …) left before it, until
    /// one matches (`zh-Hant-CN-x-private1` → `zh-Hant-CN` → `zh-Hant` → `zh`).
    /// `*` is skipped (RFC 4647 §3.4). A range with q=0 is not looked up, and an offer it
    /// names exactly is never returned.
    ///
    /// When nothing matches, `default` (an index into `offers`) is returned as
    /// [`Lookup::Default`], or [`Lookup::NotAcceptable`] when it is `None`
    /// (RFC 4647 §3.4.1). An absent field (or one with only malformed elements) yields the
    /// default too. The 32 best ranges by q are considered.
    ///
    /// ```
    /// use conneg::{AcceptLanguage, accept::Lookup};
    ///
    /// let offers = ["de", "de-CH", "en"];
    /// let field = AcceptLanguage::new(b"de-CH-1996, en;q=0.5");
    /// assert_eq!(field.lookup(&offers, Some(2)).index(), Some(1)); // de-CH-1996 → de-CH
    /// let field = AcceptLanguage::new(b"fr");
    /// assert_eq!(field.lookup(&offers, Some(2)), Lookup::Default(2));
    /// assert_eq!(field.lookup(&offers, None), Lookup::NotAcceptable);
    /// ```
    pub fn lookup<O: AsRef<str>>(&self, offers: &[O], default: Option<usize>) -> Lookup {
        let fallback = match default {
            Some(i) if i < offers.len() => Lookup::Default(i),
            _ => Lookup::NotAcceptable,
        };
        let mut ranges = [crate::accept::Preference::ANY; LOOKUP_RANGES];
        let ranges = self.0.by_weight(&mut ranges);
        let excluded = |offer: &[u8]| {
            self.iter()
                .flatten()
                .any(|r| !r.quality().is_acceptable() && r.value().as_bytes().eq_ignore_ascii_case(offer))
        };
        for range in ranges.iter().filter(|r| !r.is_wildcard()) {
            let mut candidate = range.value().as_bytes();
            loop {
                for (index, offer) in offers.iter().enumerate() {
                    let offer = syntax::trim_ows(offer.as_ref().as_bytes());
                    if is_basic_tag(offer) && candidate.eq_ignore_ascii_case(offer) && !excluded(offer) {
                        return Lookup::Matched {
                            index,
                            quality: range.quality(),
                        };
                    }
                }
                match truncate(candidate) {
                    Some(shorter) => candidate = shorter,
                    None => break,
                }
            }
        }
        fallback
    }
}

/// Removes the last subtag, and a singleton that would be left last (RFC 4647
/// §3.4 step 2). `None` when nothing is left.
fn truncate(tag: &[u8]) -> Option<&[u8]> {
    let cut = tag.iter().rposition(|&b| b == b'-')?;
    // One scan: the subtag left last is a singleton when it is one octet
    // (not a `-`) after a `-`.
    match &tag[..cut] {
        [shorter @ .., b'-', last] if *last != b'-' => Some(shorter),
        shorter => Some(shorter),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_range_grammar_n60() {
        for ok in [
            "*",
            "en",
            "en-GB",
            "zh-Hant-TW",
            "de-DE-1996",
            "abcdefgh-12345678",
        ] {
            assert!(is_language_range(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "en_US",
            "",
            "-en",
            "en-",
            "abcdefghi",
            "en-123456789",
            "1en",
            "en--US",
            "*-US",
        ] {
            assert!(!is_language_range(bad.as_bytes()), "{bad}");
        }
    }

    /// `valid_offer` and `valid_range` (the table walk) are `is_basic_tag`
    /// and `is_language_range` on every string of up to five octets over
    /// letters, digits, `-`, `*` and others, and on long subtags.
    #[test]
    fn valid_offer_is_basic_tag() {
        let agree = |v: &[u8]| {
            assert_eq!(Language::valid_offer(v), is_basic_tag(v), "{v:?}");
            assert_eq!(Language::valid_range(v), is_language_range(v), "{v:?}");
        };
        const ALPHABET: [u8; 7] = [b'a', b'Z', b'1', b'-', b'*', b'_', 0xC3];
        for len in 0..=5u32 {
            for mut code in 0..7usize.pow(len) {
                let mut v = [0u8; 5];
                for slot in v.iter_mut().take(len as usize) {
                    *slot = ALPHABET[code % 7];
                    code /= 7;
                }
                agree(&v[..len as usize]);
            }
        }
        for v in [
            "*",
            "abcdefgh",
            "abcdefghi",
            "en-12345678",
            "en-123456789",
            "a-b-c-d",
            "*-US",
        ] {
            agree(v.as_bytes());
        }
    }

    /// `negotiate_few` does not check again an offer that matched a valid
    /// range exactly (`match_proves_offer`): every offer that equals such a
    /// range but for the case of its letters (what the few-offer walk's
    /// comparison allows) is valid, and a prefix match proves nothing. On
    /// every string of up to four octets over letters of both cases,
    /// digits, `-`, `*` and others, and on each of its case variants.
    #[test]
    fn an_exact_match_with_a_valid_range_proves_the_offer() {
        const ALPHABET: [u8; 9] = [b'a', b'Z', b'q', b'1', b'-', b'*', b'_', 0xC3, b'@'];
        let mut proven = 0;
        for len in 1..=4u32 {
            for mut code in 0..9usize.pow(len) {
                let mut v = [0u8; 4];
                for slot in v.iter_mut().take(len as usize) {
                    *slot = ALPHABET[code % 9];
                    code /= 9;
                }
                let v = &v[..len as usize];
                // A value starting with `*` is matched the general way.
                if v[0] == b'*' {
                    continue;
                }
                let Some(range_spec) = Language::range_specificity(v) else {
                    continue;
                };
                assert!(!Language::match_proves_offer(
                    Language::matches_prefix(b"en-a b", 2).unwrap() + range_spec
                ));
                for flips in 0..1u32 << len {
                    let mut offer = [0u8; 4];
                    for (i, (o, &b)) in offer.iter_mut().zip(v).enumerate() {
                        let flip = flips >> i & 1 == 1 && b.is_ascii_alphabetic();
                        *o = if flip { b ^ 0x20 } else { b };
                    }
                    let offer = &offer[..len as usize];
                    assert_eq!(crate::kernel::common_prefix_ignore_case(v, 0, offer), offer.len());
                    let spec = Language::matches_prefix(offer, offer.len()).unwrap() + range_spec;
                    assert!(Language::match_proves_offer(spec), "{v:?} {offer:?}");
                    assert!(Language::valid_offer(offer), "{v:?} {offer:?}");
                    proven += 1;
                }
            }
        }
        assert!(proven > 1000);
    }

    #[test]
    fn basic_filtering_n66() {
        let m = |r: &str, t: &str| Language::matches(r.as_bytes(), t.as_bytes()).is_some();
        assert!(m("de-de", "de-DE-1996"));
        assert!(!m("de-de", "de-Deva"));
        assert!(!m("de-de", "de-Latn-DE"));
        assert!(m("en", "en-US"));
        assert!(!m("en-US", "en"));
        assert!(m("EN-gb", "en-GB")); // N-62
        assert!(m("*", "fr"));
    }

    /// Found by `lookup_with_many_offers_matches_the_oracle`: Lookup took the
    /// ranges in the client-preference list's order, which puts the range with
    /// more subtags first among equal q, so `en, en-US` looked up `en-US`
    /// before `en`, against the documented "client order among equals".
    #[test]
    fn lookup_takes_equal_weights_in_client_order() {
        let offers = ["en-US", "en"];
        assert_eq!(
            AcceptLanguage::new(b"en, en-US").lookup(&offers, None),
            Lookup::Matched {
                index: 1,
                quality: Quality::ONE
            }
        );
        assert_eq!(
            AcceptLanguage::new(b"en-US, en").lookup(&offers, None).index(),
            Some(0)
        );
        assert_eq!(
            AcceptLanguage::new(b"en;q=1, EN;q=0.5, en-US")
                .lookup(&offers, None)
                .index(),
            Some(1)
        );
        // q still comes first.
        assert_eq!(
            AcceptLanguage::new(b"en;q=0.5, en-US")
                .lookup(&offers, None)
                .index(),
            Some(0)
        );
    }

    /// `truncate` against the two-scan definition, on every string of up to
    /// six octets over `a`, `-` and `1`.
    #[test]
    fn truncate_agrees_with_two_scans() {
        fn naive(tag: &[u8]) -> Option<&[u8]> {
            let cut = tag.iter().rposition(|&b| b == b'-')?;
            let shorter = &tag[..cut];
            match shorter.iter().rposition(|&b| b == b'-') {
                Some(dash) if shorter.len() - dash - 1 == 1 => Some(&shorter[..dash]),
                _ => Some(shorter),
            }
        }
        for len in 0..=6u32 {
            for mut code in 0..3usize.pow(len) {
                let mut v = [0u8; 6];
                for slot in v.iter_mut().take(len as usize) {
                    *slot = [b'a', b'-', b'1'][code % 3];
                    code /= 3;
                }
                let v = &v[..len as usize];
                assert_eq!(truncate(v), naive(v), "{v:?}");
            }
        }
    }

    #[test]
    fn truncation_removes_singletons_n68() {
        fn t(s: &str) -> Option<&str> {
            truncate(s.as_bytes()).map(|b| core::str::from_utf8(b).unwrap())
        }
        assert_eq!(t("zh-Hant-CN-x-private1-private2"), Some("zh-Hant-CN-x-private1"));
        assert_eq!(t("zh-Hant-CN-x-private1"), Some("zh-Hant-CN"));
        assert_eq!(t("zh-Hant-CN"), Some("zh-Hant"));
        assert_eq!(t("zh"), None);
    }
}
