//! `negotiate` for the usual call: one field line and one to four offers,
//! each valid as it is. One pass over the field keeps each offer's score in
//! a word and picks the best offer at the end, without the general path's
//! score array, its sink and the separate best-of pass.
use crate::accept::token::Kind;
use crate::accept::token::TokenField;
use crate::accept::token::implicit_identity;
use crate::accept::token::is_identity;
use crate::accept::token::score::{few_key, few_walk};

use crate::Quality;
use crate::accept::{Best, Negotiation, all_malformed};
use crate::syntax;

/// An offer's score packed in a word with its rank: `specificity << 48 |
/// 1 << 47 | rank_key`, 0 for none (a rank key is below `1 << 42`: q's
/// thousandths above a 32-bit tie-break key). Comparing the words' bits
/// from 47 up is comparing specificities, a scored offer above an unscored
/// one; the low 47 bits are the rank the best offer is chosen by, computed
/// when the score is kept rather than once per offer after the walk.
#[inline(always)]
fn pack(specificity: u16, rank_key: u64) -> u64 {
    u64::from(specificity) << 48 | 1 << 47 | rank_key
}

/// The rank key of a word [`pack`] made.
const RANK: u64 = (1 << 47) - 1;

impl<'h, K: Kind> TokenField<'h, K> {
    /// `negotiate` for one field `line` and 1 to 4 `offers`: the same
    /// answer (see the tests `few_negotiates_as_the_general_path` and
    /// `few_takes_any_offers`). Each element's value is compared with each
    /// offer's key by [`Kind::matches_key`], as `score_chunk_by` does; an
    /// offer keeps the score of its most specific matching range (the first
    /// among equals); the all-malformed rule, the identity rules and Lookup
    /// follow as there.
    ///
    /// The offers are not checked up front, only those that matched an
    /// element and the one chosen: the general path trims an offer's OWS
    /// and then scores only valid offers, and an invalid offer can change
    /// the answer here only by matching (its key may hold a `,` or SP and
    /// match past an element's end, over the elements after it) or by
    /// being chosen. If one of them fails, the general path answers. The
    /// elements are noted valid or malformed as they are, so the
    /// all-malformed rule holds either way. An offer with OWS around it
    /// may match by its trimmed value there: one that matched here is
    /// checked as above, and one left unscored that starts or ends with
    /// any octet other than a `tchar` sends the call the general way (the
    /// octets of every kind's valid offer are `tchar`s). A Lookup kind
    /// checks the ends of every offer up front instead: there every offer
    /// is often unscored (Lookup's turn), and the check in the offer loop
    /// costs less than one per unscored offer. Lookup checks its offers
    /// itself.
    #[inline]
    pub(crate) fn negotiate_few<O: AsRef<str>>(&self, line: &[u8], offers: &[O]) -> Negotiation {
        let n = offers.len().min(4);
        let mut keys: [&[u8]; 4] = [&[]; 4];
        // As `score_few`: byte `j` holds offer `j`'s key first octet | 0x20,
        // and offer `j` is bit `8 * j + 7` of a candidate set.
        let mut firsts = 0u32;
        let mut clean = true;
        let mut j = 0;
        while j < n {
            let offer = offers[j].as_ref().as_bytes();
            if K::LOOKUP {
                clean &= clean_ends(offer);
            }
            let (key, first) = few_key::<K>(offer, j);
            firsts |= first;
            keys[j] = key;
            j += 1;
        }
        if !clean {
            return self.negotiate_aside(offers);
        }
        let mut state = [0u64; 4];
        // The offers a match proved valid (see `Kind::match_proves_offer`),
        // as `seen`'s bits.
        let mut proven = 0u32;
        let (valid, malformed, unread, seen) = few_walk!(
            K,
            line,
            self.max_elements,
            (firsts, n, &keys),
            |j, spec, quality, this| {
                if K::match_proves_offer(spec) {
                    proven |= 0x80 << (8 * j);
                }
                if let Some(word) = state.get_mut(j) {
                    // Ranked only when kept: the most specific range
                    // decides (the first among equals).
                    if (u64::from(spec) << 1 | 1) > *word >> 47 {
                        *word = pack(spec, self.tie.rank_key(K::ORDER, quality, spec, this));
                    }
                }
            }
        );
        // An invalid offer that matched may have matched past its
        // element's end (a key holding a `,` or SP) and hidden the elements
        // after it: the general path answers.
        let mut rest = seen & !proven;
        while rest != 0 {
            let j = (rest.trailing_zeros() / 8) as usize;
            rest &= rest - 1;
            if !offers
                .get(j)
                .is_some_and(|o| K::valid_offer(o.as_ref().as_bytes()))
            {
                return self.negotiate_aside(offers);
            }
        }
        let treat_absent = all_malformed(
            usize::from(valid),
            usize::from(malformed),
            usize::from(unread),
            || self.any_valid(),
        );
        let empty = !valid && !malformed && !unread;
        // The best offer by its rank key (q above the tie-break key): an
        // acceptable q (at least 0.001) ranks above this, q=0 below.
        let mut best = 0usize;
        let mut best_key = u64::from(u32::MAX);
        let mut unscored = 0u32;
        if treat_absent {
            // Every offer at q=1 alike: the first.
            best_key = self.tie.rank_key(K::ORDER, Quality::ONE, 0, 0);
        } else {
            let mut j = 0;
            while j < n {
                let key = if state[j] != 0 {
                    state[j] & RANK
                } else if K::IDENTITY && is_identity(keys[j]) {
                    let (quality, specificity, position) = implicit_identity(empty);
                    self.tie.rank_key(K::ORDER, quality, specificity, position)
                } else {
                    // Unscored here, but the general path may score it
                    // by its value with the OWS around it trimmed.
                    if !K::LOOKUP && !clean_ends(offers[j].as_ref().as_bytes()) {
                        return self.negotiate_aside(offers);
                    }
                    unscored |= 1 << j;
                    j += 1;
                    continue;
                };
                if key > best_key {
                    best_key = key;
                    best = j;
                }
                j += 1;
            }
        }
        if best_key > u64::from(u32::MAX) {
            if seen >> (8 * best + 7) & 1 == 0 && !K::valid_offer(offers[best].as_ref().as_bytes()) {
                return self.negotiate_aside(offers);
            }
            let quality = Quality::from_thousandths((best_key >> 32) as u16).unwrap_or(Quality::ZERO);
            return Negotiation::Selected { index: best, quality };
        }
        if K::LOOKUP {
            let mut best = Best::by(self.tie, K::ORDER);
            self.lookup_few(&offers[..n], unscored, |c| best.consider(&c));
            return best.negotiation();
        }
        Negotiation::NotAcceptable
    }
}

/// Does `offer` start and end with a `tchar` (or is it empty)? An offer
/// that does not may have OWS around it, which the general path trims (the
/// octets of every kind's valid offer are `tchar`s).
#[inline(always)]
fn clean_ends(offer: &[u8]) -> bool {
    match (offer.first(), offer.last()) {
        (Some(&a), Some(&z)) => syntax::is_tchar(a) & syntax::is_tchar(z),
        _ => true,
    }
}

impl<K: Kind> TokenField<'_, K> {
    /// [`negotiate_general`](Self::negotiate_general) for the offers
    /// `negotiate_few` turns back (rare: out of line, so that the general
    /// path is not inlined twice into `negotiate`).
    #[cold]
    #[inline(never)]
    fn negotiate_aside<O: AsRef<str>>(&self, offers: &[O]) -> Negotiation {
        self.negotiate_general(offers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldLines;
    use crate::accept::TieBreak;
    use crate::accept::{charset::Charset, encoding::Encoding, language::Language};

    /// Element values: tokens, `*`, `identity`, aliases, language ranges
    /// and prefixes, case variants, an empty value and octets no value may
    /// hold.
    const VALUES: [&str; 26] = [
        "gzip",
        "GZip",
        "x-gzip",
        "br",
        "zstd",
        "identity",
        "IDENTITY",
        "*",
        "en",
        "EN",
        "en-US",
        "en-us",
        "en-",
        "e",
        "ko",
        "ko-KR",
        "ja",
        "de-DE-1996",
        "en_US",
        "utf-8",
        "x-",
        "",
        "~",
        "\u{7f}",
        "\u{e9}",
        "1en",
    ];
    /// What may follow a value: q-values (0, 1.000, bad ones), other
    /// parameters, OWS, stray octets.
    const PARAMS: [&str; 20] = [
        "",
        "",
        "",
        ";q=0",
        ";q=0.0",
        ";q=1",
        ";q=1.000",
        ";Q=0.5",
        ";q=0.9",
        ";q=0.001",
        ";q=1.5",
        ";q=.5",
        ";q=0.5;q=0",
        ";foo=\"a,b\"",
        "; q=0.3",
        " ;q=0.3",
        ";x=y",
        " ",
        "\"",
        ";",
    ];
    /// Separators, empty elements included.
    const SEPARATORS: [&str; 7] = [",", ", ", ",,", " , ", "\t,", ",=", " "];
    /// Offers, each valid for its kind (the dispatch's condition).
    const TOKEN_OFFERS: [&str; 12] = [
        "gzip", "GZIP", "identity", "Identity", "x-gzip", "br", "zstd", "en", "utf-8", "~a", "^", "ko",
    ];
    const TAG_OFFERS: [&str; 9] = ["en", "EN", "ko", "en-US", "en-us", "EN-gb", "ko-KR", "de", "e"];

    fn agrees<K: Kind>(
        header: &str,
        offers: &[&str],
        max: u16,
        tie: TieBreak,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let offers: std::vec::Vec<&str> = offers
            .iter()
            .copied()
            .filter(|o| K::valid_offer(o.as_bytes()))
            .collect();
        if offers.is_empty() {
            return Ok(());
        }
        let mut field = TokenField::<K>::new(FieldLines::one(header.as_bytes()));
        field.max_elements = max;
        field.tie = tie;
        proptest::prop_assert_eq!(
            field.negotiate_few(header.as_bytes(), &offers),
            field.negotiate_general(&offers),
            "{:?} {:?}",
            header,
            offers
        );
        // The dispatching entry agrees too.
        proptest::prop_assert_eq!(field.negotiate(&offers), field.negotiate_general(&offers));
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(3000)
        ))]
        #[test]
        fn few_negotiates_as_the_general_path(
            elements in proptest::collection::vec(
                (
                    proptest::sample::select(&VALUES[..]),
                    proptest::sample::select(&PARAMS[..]),
                    proptest::sample::select(&SEPARATORS[..]),
                ),
                0..7,
            ),
            tokens in proptest::collection::vec(proptest::sample::select(&TOKEN_OFFERS[..]), 1..5),
            tags in proptest::collection::vec(proptest::sample::select(&TAG_OFFERS[..]), 1..5),
            max in proptest::prop_oneof![4 => proptest::strategy::Just(256u16), 1 => 0u16..4],
            server in proptest::bool::ANY,
        ) {
            let header: std::string::String = elements.iter().map(|(v, p, s)| std::format!("{v}{p}{s}")).collect();
            let tie = if server { TieBreak::ServerOrder } else { TieBreak::Specificity };
            agrees::<Language>(&header, &tags, max, tie)?;
            agrees::<Encoding>(&header, &tokens, max, tie)?;
            agrees::<Charset>(&header, &tokens, max, tie)?;
        }
    }

    /// Offers of every kind, valid or not: OWS around them (which the
    /// general path trims), inside them, empty, `*`, octets no token
    /// holds, and valid ones.
    const ANY_OFFERS: [&str; 22] = [
        "gzip,",
        "gzip, br",
        "gzip,br;q=0.5",
        "en,ko",
        "gzip",
        " gzip",
        "gzip\t",
        "g zip",
        "",
        "*",
        "identity",
        " identity",
        "en",
        "EN",
        "en-a b",
        "en ",
        "e n",
        "en-",
        "ko-KR",
        "\"br\"",
        "\u{e9}",
        "x-gzip",
    ];

    /// An invalid offer whose key holds a `,` (or SP) matches the field
    /// past an element's end; it must not take the element from a valid
    /// offer, nor hide the elements it spans (found by `token_props`:
    /// `gzip,` against `gzip, br` and `gzip`).
    #[test]
    fn an_offer_holding_a_comma_does_not_end_an_element() {
        let cases: [(&str, &[&str]); 4] = [
            ("gzip,", &["gzip, br", "gzip"]),
            ("gzip, br", &["gzip, br", "br"]),
            (
                "x, gzip, br;q=0.5, deflate;q=0.9",
                &["gzip, br", "deflate", "gzip"],
            ),
            ("en,ko;q=0.5", &["en,ko", "ko"]),
        ];
        for (header, offers) in cases {
            let field = TokenField::<Encoding>::new(FieldLines::one(header.as_bytes()));
            assert_eq!(
                field.negotiate(offers),
                field.negotiate_general(offers),
                "{header:?} {offers:?}"
            );
            let field = TokenField::<Language>::new(FieldLines::one(header.as_bytes()));
            assert_eq!(
                field.negotiate(offers),
                field.negotiate_general(offers),
                "{header:?} {offers:?}"
            );
        }
        let field = TokenField::<Encoding>::new(FieldLines::one(b"x, gzip, br;q=0.5, deflate;q=0.9"));
        assert_eq!(field.negotiate(&["gzip, br", "deflate", "gzip"]).index(), Some(2));
    }

    /// Any offers, valid or not: only the chosen one must be valid for the
    /// few-offer path's answer (see `negotiate_few`), the others go the
    /// general way; either way the answer is the general path's.
    fn any_agrees<K: Kind>(
        header: &str,
        offers: &[&str],
        tie: TieBreak,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut field = TokenField::<K>::new(FieldLines::one(header.as_bytes()));
        field.tie = tie;
        proptest::prop_assert_eq!(
            field.negotiate(offers),
            field.negotiate_general(offers),
            "{:?} {:?}",
            header,
            offers
        );
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(3000)
        ))]
        #[test]
        fn few_takes_any_offers(
            elements in proptest::collection::vec(
                (
                    proptest::sample::select(&VALUES[..]),
                    proptest::sample::select(&PARAMS[..]),
                    proptest::sample::select(&SEPARATORS[..]),
                ),
                0..7,
            ),
            offers in proptest::collection::vec(proptest::sample::select(&ANY_OFFERS[..]), 1..5),
            server in proptest::bool::ANY,
        ) {
            let header: std::string::String = elements.iter().map(|(v, p, s)| std::format!("{v}{p}{s}")).collect();
            let tie = if server { TieBreak::ServerOrder } else { TieBreak::Specificity };
            any_agrees::<Language>(&header, &offers, tie)?;
            any_agrees::<Encoding>(&header, &offers, tie)?;
            any_agrees::<Charset>(&header, &offers, tie)?;
        }
    }

    #[test]
    fn few_examples() {
        let chrome = TokenField::<Encoding>::new(FieldLines::one(b"gzip, deflate, br, zstd"));
        let offers = ["br", "gzip", "identity"];
        assert_eq!(chrome.negotiate(&offers).index(), Some(1));
        let excluded = TokenField::<Encoding>::new(FieldLines::one(b"zstd, *;q=0"));
        assert_eq!(excluded.negotiate(&offers), Negotiation::NotAcceptable);
        let empty = TokenField::<Encoding>::new(FieldLines::one(b""));
        assert_eq!(empty.negotiate(&offers).index(), Some(2));
        let ko = TokenField::<Language>::new(FieldLines::one(b"ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"));
        assert_eq!(ko.negotiate(&["en", "ko", "ja"]).index(), Some(1));
        // No range filters to `de`: Lookup finds nothing either.
        assert_eq!(ko.negotiate(&["de", "fr", "zh"]), Negotiation::NotAcceptable);
        // Lookup: `en-GB` falls back to `en`.
        let gb = TokenField::<Language>::new(FieldLines::one(b"en-GB"));
        assert_eq!(gb.negotiate(&["de", "en"]).index(), Some(1));
    }
}
