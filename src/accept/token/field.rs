//! A token-valued negotiation field, generic over what differs ([`Kind`]):
//! listing, validation and the negotiation entry points.
use crate::accept::Preference;
use crate::accept::Preferences;
use crate::accept::token::IMPLICIT_IDENTITY;
use crate::accept::token::Kind;
use crate::accept::token::implicit_identity;
use crate::accept::token::is_identity;
use crate::accept::token::preference::insert_preference;
use crate::accept::token::preference::parse_at;
use crate::accept::token::preference::push;
use crate::accept::token::preference::{element_prologue, weight_at};

use core::fmt;
use core::marker::PhantomData;

use crate::Quality;
use crate::accept::{Best, Choice, DEFAULT_MAX_ELEMENTS, Negotiation, TieBreak, all_malformed, rank_into_by};
use crate::error::{ErrorKind, ParseError};
use crate::field::{Cursor, FieldLines};

/// A token-valued negotiation field, generic over what differs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenField<'h, K> {
    pub(crate) field: FieldLines<'h>,
    pub(crate) max_elements: u16,
    pub(crate) tie: TieBreak,
    kind: PhantomData<K>,
}

impl<K> fmt::Debug for TokenField<'_, K>
where
    K: Kind,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(K::FIELD)
            .field("field", &self.field)
            .field("max_elements", &self.max_elements)
            .field("tie", &self.tie)
            .finish()
    }
}

impl<'h, K: Kind> TokenField<'h, K> {
    pub(crate) const fn new(field: FieldLines<'h>) -> Self {
        TokenField {
            field,
            max_elements: DEFAULT_MAX_ELEMENTS,
            tie: TieBreak::Specificity,
            kind: PhantomData,
        }
    }

    pub(crate) fn iter(&self) -> Preferences<'h> {
        Preferences {
            cursor: Cursor::new(self.field),
            position: 0,
            max: self.max_elements,
            field: K::FIELD,
            parse: K::valid_range,
        }
    }

    pub(crate) fn validate(&self) -> Result<(), ParseError> {
        let mut cursor = Cursor::new(self.field);
        let mut count = 0usize;
        let error = |cursor: &Cursor<'_>, offset, kind| ParseError {
            field: K::FIELD,
            kind,
            line: cursor.line_index(),
            offset,
        };
        while let Some(start) = cursor.next_start() {
            if count >= usize::from(self.max_elements) {
                return Err(error(&cursor, start, ErrorKind::TooManyElements));
            }
            count += 1;
            match parse_at(cursor.line_bytes(), start, K::valid_range) {
                Ok((_, _, end)) => cursor.finish(end),
                Err((kind, at)) => return Err(error(&cursor, at, kind)),
            }
        }
        Ok(())
    }

    pub(crate) fn negotiate<O: AsRef<str>>(&self, offers: &[O]) -> Negotiation {
        if (1..=4).contains(&offers.len())
            && let (Some(line), None) = (self.field.line(0), self.field.line(1))
        {
            return self.negotiate_few(line, offers);
        }
        self.negotiate_general(offers)
    }

    /// [`negotiate`](Self::negotiate) past its
    /// [`negotiate_few`](Self::negotiate_few) dispatch: any field and offers.
    #[inline(always)]
    pub(crate) fn negotiate_general<O: AsRef<str>>(&self, offers: &[O]) -> Negotiation {
        let mut best = Best::by(self.tie, K::ORDER);
        if offers.len() <= 4 {
            // The usual few offers: scratch arrays of their size.
            let unscored = self.score_few_offers(offers, |c| best.consider(&c));
            if K::LOOKUP && best.is_empty() {
                // Filtering's scores are at hand: Lookup needs no second pass for them.
                self.lookup_few(offers, unscored, |c| best.consider(&c));
            }
            return best.negotiation();
        } else {
            self.score_offers(offers, |c| best.consider(&c));
        }
        if K::LOOKUP && best.is_empty() {
            self.lookup_offers(offers, |c| best.consider(&c));
        }
        best.negotiation()
    }

    /// [`score_offers`](Self::score_offers) for at most four offers (the
    /// rest ignored): one chunk, with scratch arrays of four.
    /// Returns the offers Basic Filtering did not score at all, a bit each.
    #[inline(always)]
    fn score_few_offers<O: AsRef<str>>(&self, offers: &[O], mut sink: impl FnMut(Choice)) -> u32 {
        let mut values: [&[u8]; 4] = [&[]; 4];
        let mut scores: [Option<crate::accept::Score>; 4] = [None; 4];
        let n = offers.len().min(4);
        for (value, offer) in values.iter_mut().zip(offers) {
            *value = offer.as_ref().as_bytes();
        }
        self.score_chunk(&values[..n], &mut scores[..n]);
        let mut unscored = 0;
        for (index, score) in scores[..n].iter().enumerate() {
            match *score {
                Some((quality, specificity, position)) if quality.is_acceptable() => sink(Choice {
                    index,
                    quality,
                    specificity,
                    position,
                }),
                Some(_) => {}
                None => unscored |= 1 << index,
            }
        }
        unscored
    }

    /// [`lookup_offers`](Self::lookup_offers) for at most four offers, with
    /// Basic Filtering's verdict known: `unscored`, the offers it did not
    /// score at all (from [`score_few_offers`](Self::score_few_offers)).
    #[cold]
    pub(super) fn lookup_few<O: AsRef<str>>(
        &self,
        offers: &[O],
        unscored: u32,
        mut sink: impl FnMut(Choice),
    ) {
        let mut values: [&[u8]; 4] = [&[]; 4];
        let n = offers.len().min(4);
        let mut live = 0u32;
        for (k, offer) in offers[..n].iter().enumerate() {
            let valid;
            (values[k], valid) = lookup_value::<K>(offer.as_ref().as_bytes());
            if unscored & (1 << k) != 0 && valid {
                live |= 1 << k;
            }
        }
        if live == 0 {
            return;
        }
        let mut best = [None; 4];
        self.lookup_into(&values[..n], live, &mut best);
        for (index, score) in best[..n].iter().enumerate() {
            if let Some((quality, specificity, position)) = *score {
                sink(Choice {
                    index,
                    quality,
                    specificity,
                    position,
                });
            }
        }
    }

    pub(crate) fn quality_of(&self, offer: &str) -> Quality {
        let mut q = Quality::ZERO;
        self.score_offers(&[offer], |c| q = c.quality);
        if K::LOOKUP && !q.is_acceptable() {
            self.lookup_offers(&[offer], |c| q = c.quality);
        }
        q
    }

    pub(crate) fn rank<'o, O: AsRef<str>>(&self, offers: &[O], out: &'o mut [Choice]) -> &'o [Choice] {
        rank_into_by(out, self.tie, K::ORDER, |sink| {
            let mut any = false;
            self.score_offers(offers, |c| {
                any = true;
                sink(c)
            });
            if K::LOOKUP && !any {
                self.lookup_offers(offers, sink);
            }
        })
    }

    /// The fallback when Basic Filtering finds no acceptable offer among
    /// all of `offers` (RFC 4647 §3.4, [`Kind::LOOKUP`] kinds): every offer
    /// that [`lookup_score`](Self::lookup_score) matches, to `sink` in
    /// server order. The same scores as `lookup_score` offer by offer, with
    /// the work shared: a chunk of offers is filtered in one pass over the
    /// field, and each range and its truncations are compared with every
    /// offer of the chunk in one more (not one pass of each per offer).
    #[cold]
    fn lookup_offers<O: AsRef<str>>(&self, offers: &[O], mut sink: impl FnMut(Choice)) {
        const N: usize = crate::accept::CHUNK;
        for (chunk_no, chunk) in offers.chunks(N).enumerate() {
            let mut values: [&[u8]; N] = [&[]; N];
            // The offers still in the running: valid, and not scored at all
            // by Basic Filtering (an offer it gave q=0 stays excluded).
            let mut live = 0u32;
            for (k, offer) in chunk.iter().enumerate() {
                let valid;
                (values[k], valid) = lookup_value::<K>(offer.as_ref().as_bytes());
                if valid {
                    live |= 1 << k;
                }
            }
            if !K::LOOKUP || live == 0 {
                continue;
            }
            let values = &values[..chunk.len()];
            let mut filtered = [None; N];
            self.score_chunk(values, &mut filtered[..chunk.len()]);
            for (k, score) in filtered[..chunk.len()].iter().enumerate() {
                if score.is_some() {
                    live &= !(1 << k);
                }
            }
            if live == 0 {
                continue;
            }
            let mut best: [Option<crate::accept::Score>; N] = [None; N];
            self.lookup_into(values, live, &mut best);
            for (k, score) in best[..chunk.len()].iter().enumerate() {
                if let Some((quality, specificity, position)) = *score {
                    sink(Choice {
                        index: chunk_no * N + k,
                        quality,
                        specificity,
                        position,
                    });
                }
            }
        }
    }

    /// RFC 4647 Lookup over the field for the offers of `values` whose bit
    /// is set in `live` (at most 32): each one's best match into `best`, as
    /// [`lookup_score`](Self::lookup_score) defines it.
    fn lookup_into(&self, values: &[&[u8]], live: u32, best: &mut [Option<crate::accept::Score>]) {
        self.walk_valid(|value, quality, position| {
            if !quality.is_acceptable() || value == b"*" {
                return false;
            }
            // Each live offer against this range: the truncation that can
            // equal it is the one of its length, so the offer must equal the
            // range's prefix of its length (case-insensitively), a prefix
            // the truncations reach. Most offers differ from the range
            // there, and the truncations are only walked for one that does
            // not.
            let Some(&first) = value.first() else { return false };
            let mut bits = live;
            while bits != 0 {
                let k = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let Some(&offer) = values.get(k) else { continue };
                // Equal ignoring case needs the first octets equal but for
                // the case bit.
                if offer.first().is_none_or(|&o| (o ^ first) & !0x20 != 0) {
                    continue;
                }
                let Some(prefix) = value.get(..offer.len()) else {
                    continue;
                };
                if !crate::kernel::eq_ignore_case(prefix, offer) || !reaches::<K>(value, offer.len()) {
                    continue;
                }
                let score = (quality, offer.len() as u16, position);
                let better = |(q, len, pos): crate::accept::Score, (bq, blen, bpos): crate::accept::Score| {
                    (q, core::cmp::Reverse(pos), len) > (bq, core::cmp::Reverse(bpos), blen)
                };
                if best[k].is_none_or(|b| better(score, b)) {
                    best[k] = Some(score);
                }
            }
            false
        });
    }

    /// RFC 4647 Lookup's score for one offer (§3.4), for when Basic
    /// Filtering finds no acceptable offer: the offer equals a range or one
    /// of its truncations ([`Kind::truncate`]; `*` skipped, q=0 ranges not
    /// looked up). Among the ranges that reach it: the higher q, then the
    /// earlier range, then the longer (less truncated) match. The score is
    /// `(q, length of the match, position of the range)`, so that the
    /// field's tie order ranks lookup matches by the client's order, then
    /// the longer match. `None` when nothing reaches it, when it is not a
    /// valid offer, or when Basic Filtering scores it at all (an offer it
    /// gave q=0 stays excluded).
    pub(crate) fn lookup_score(&self, offer: &[u8]) -> Option<crate::accept::Score> {
        let offer = crate::syntax::trim_ows(offer);
        if !K::LOOKUP || !K::valid_offer(offer) {
            return None;
        }
        let mut filtered = [None];
        self.score_chunk(&[offer], &mut filtered);
        if filtered[0].is_some() {
            return None;
        }
        let mut best = [None];
        self.lookup_into(&[offer], 1, &mut best);
        best[0]
    }

    pub(crate) fn preferences<'o>(&self, out: &'o mut [Preference<'h>]) -> &'o [Preference<'h>] {
        let mut len = 0;
        let (mut valid, mut malformed) = (0usize, 0usize);
        // Accept-Encoding: is identity named, or covered by `*`?
        let mut identity_covered = false;
        for p in self.iter() {
            match p {
                Ok(mut p) => {
                    valid += 1;
                    identity_covered |= is_identity(p.value) || p.value == b"*";
                    if p.quality.is_acceptable() {
                        p.specificity = K::specificity(p.value);
                        insert_preference(out, &mut len, p);
                    }
                }
                Err(_) => malformed += 1,
            }
        }
        if self.field.is_absent() || all_malformed(valid, malformed, 0, || false) {
            len = 0;
            push(out, &mut len, Preference::ANY);
        } else if K::IDENTITY && !identity_covered {
            // RFC 9110 §12.5.3: an empty field asks for identity at q=1; otherwise an
            // identity the field does not name ranks last (RFC 9110 §12.5.3). Listed
            // last either way.
            let (_, specificity, position) = IMPLICIT_IDENTITY;
            let quality = implicit_identity(valid == 0).0;
            push(
                out,
                &mut len,
                Preference {
                    value: b"identity",
                    quality,
                    specificity,
                    position,
                },
            );
        }
        &out[..len]
    }

    /// The valid elements with q > 0, the best `out.len()` by q with the
    /// client's order among equals (RFC 4647's language priority list, for
    /// Lookup); nothing for an absent field.
    pub(crate) fn by_weight<'o>(&self, out: &'o mut [Preference<'h>]) -> &'o [Preference<'h>] {
        let mut len = 0;
        for p in self.iter().flatten() {
            if p.quality.is_acceptable() {
                // `iter()` leaves specificity at 0: the order is q, then position.
                insert_preference(out, &mut len, p);
            }
        }
        &out[..len]
    }

    /// Does the field hold a valid element? Out of line: only asked when
    /// no element matched an offer.
    #[inline(never)]
    pub(crate) fn any_valid(&self) -> bool {
        self.walk_valid(|_, _, _| true)
    }

    /// Hands `f` each valid element's value, weight and position, in the
    /// client's order, as `self.iter().flatten()` gives them, until `f`
    /// returns `true` (then `true`). A single field line (the usual field)
    /// is walked directly: the same elements, without the iterator's
    /// `Cursor` and its checker called through a pointer.
    #[inline(always)]
    fn walk_valid(&self, mut f: impl FnMut(&'h [u8], Quality, u16) -> bool) -> bool {
        let (Some(line), None) = (self.field.line(0), self.field.line(1)) else {
            return self.iter().flatten().any(|p| f(p.value, p.quality, p.position));
        };
        let (mut pos, mut position) = (0, 0);
        while let Some(&first) = line.get(pos) {
            let (start, this) = element_prologue!(line, first, pos, position, self.max_elements);
            // As `parse_element` (lenient): a value that is no valid range,
            // or parameters that do not parse, skip the element from its
            // start, as `Cursor::skip_element` does.
            let value_end = crate::syntax::token_end(line, start + 1);
            let value = &line[start..value_end];
            if K::range_specificity(value).is_none() {
                pos = crate::syntax::element_end(line, start);
                continue;
            }
            match weight_at(line, value_end) {
                Ok((quality, end)) => {
                    if f(value, quality, this) {
                        return true;
                    }
                    pos = end;
                }
                Err(_) => pos = crate::syntax::element_end(line, start),
            }
        }
        false
    }
}

/// Is `range[..len]` the range itself or one of its truncations
/// ([`Kind::truncate`], RFC 4647 §3.4), `len` ≤ `range.len()`?
#[inline]
fn reaches<K: Kind>(range: &[u8], len: usize) -> bool {
    let mut candidate = range;
    while candidate.len() > len {
        match K::truncate(candidate) {
            Some(shorter) => candidate = shorter,
            None => return false,
        }
    }
    candidate.len() == len
}

/// An offer as Lookup compares it, OWS trimmed, and whether it is valid.
/// An offer valid as it is needs no trimming (no kind's valid offer holds
/// OWS, see the test `valid_offers_hold_no_ows`): the usual offer is tested
/// once and not scanned for OWS.
#[inline(always)]
fn lookup_value<K: Kind>(offer: &[u8]) -> (&[u8], bool) {
    if K::valid_offer(offer) {
        (offer, true)
    } else {
        let trimmed = crate::syntax::trim_ows(offer);
        (trimmed, K::valid_offer(trimmed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accept::{charset::Charset, encoding::Encoding, language::Language};

    const VALUES: [&str; 16] = [
        "*",
        "en",
        "EN",
        "en-US",
        "en-us-x-1",
        "e",
        "en-",
        "x-gzip",
        "gzip",
        "GZIP",
        "x-compress",
        "compress",
        "identity",
        "utf-8",
        "1en",
        "abcdefghi",
    ];

    /// Scoring splits `matches` into `matches_key` (on the keys) and the
    /// range's `range_specificity`: together they must give `matches`, and
    /// `range_specificity` must be `valid_range` then `specificity`.
    fn split_agrees<K: Kind>() {
        let key = |v: &'static [u8]| &v[K::key_offset(v)..];
        for r in VALUES.map(str::as_bytes) {
            assert_eq!(
                K::range_specificity(r),
                K::valid_range(r).then(|| K::specificity(r)),
                "{r:?}"
            );
            let Some(spec) = K::range_specificity(r) else {
                continue;
            };
            for o in VALUES.map(str::as_bytes) {
                let split = K::matches_key(key(r), key(o)).map(|m| m + spec);
                assert_eq!(split, K::matches(r, o), "{r:?} {o:?}");
                // A matching range other than `*` is a prefix of the
                // offer's key, and `matches_prefix` says the same.
                let (rk, ok) = (key(r), key(o));
                if rk != b"*" {
                    let is_prefix = ok.len() >= rk.len() && ok[..rk.len()].eq_ignore_ascii_case(rk);
                    if K::matches_key(rk, ok).is_some() {
                        assert!(is_prefix, "{r:?} {o:?}");
                    }
                    if is_prefix {
                        assert_eq!(
                            K::matches_prefix(ok, rk.len()),
                            K::matches_key(rk, ok),
                            "{r:?} {o:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn matching_splits_into_key_and_range_parts() {
        split_agrees::<Language>();
        split_agrees::<Encoding>();
        split_agrees::<Charset>();
    }

    /// Pieces of header lines: values of all three fields (valid, invalid,
    /// aliases, `*`, odd cases), weights, parameters and separators.
    const PIECES: [&str; 40] = [
        "en",
        "EN",
        "en-US",
        "en-us-x-1",
        "e",
        "en-",
        "ko",
        "ko-KR",
        "KO",
        "de-DE-1996",
        "en_US",
        "x-gzip",
        "gzip",
        "GZIP",
        "x-compress",
        "identity",
        "Identity",
        "utf-8",
        "*",
        "~",
        "^",
        "1en",
        ";q=0.9",
        ";q=0",
        ";Q=1",
        ";q=0.5;q=0",
        ";q=.5",
        ";q=1.5",
        ";foo=\"a,b\"",
        "; q=0.3",
        ";x=y",
        ",",
        ", ",
        ",,",
        " ",
        "\t",
        "\"",
        ";",
        "=",
        "x-",
    ];
    /// Offers, valid for each kind's `checked` (tokens; language tags).
    const TOKEN_OFFERS: [&str; 10] = [
        "gzip", "identity", "x-gzip", "br", "en", "ko", "en-US", "utf-8", "~a", "^",
    ];
    const TAG_OFFERS: [&str; 7] = ["en", "ko", "en-US", "EN-gb", "ko-KR", "de", "e"];

    /// The one-line fast path gives what the general pass gives.
    fn fast_agrees<K: Kind>(
        header: &str,
        offers: &[&str],
        max: u16,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let offers: std::vec::Vec<&[u8]> = offers.iter().map(|o| o.as_bytes()).collect();
        let mut field = TokenField::<K>::new(FieldLines::one(header.as_bytes()));
        field.max_elements = max;
        let (mut fast, mut general) = ([Some((Quality::ZERO, 7, 7)); 4], [Some((Quality::ZERO, 7, 7)); 4]);
        let n = offers.len();
        field.score_chunk_checked(&offers, &mut fast[..n], true);
        field.score_chunk_by::<4>(&offers, &mut general[..n], true);
        proptest::prop_assert_eq!(fast, general, "{:?} {:?}", header, offers);
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(2000)
        ))]
        #[test]
        fn one_line_fast_path_matches_the_general_pass(
            pieces in proptest::collection::vec(proptest::sample::select(&PIECES[..]), 0..12),
            tokens in proptest::collection::vec(proptest::sample::select(&TOKEN_OFFERS[..]), 1..5),
            tags in proptest::collection::vec(proptest::sample::select(&TAG_OFFERS[..]), 1..5),
            max in proptest::prop_oneof![4 => proptest::strategy::Just(256u16), 1 => 0u16..4],
        ) {
            let header = pieces.concat();
            fast_agrees::<Language>(&header, &tags, max)?;
            fast_agrees::<Encoding>(&header, &tokens, max)?;
            fast_agrees::<Charset>(&header, &tokens, max)?;
        }
    }

    /// `walk_valid` (one line walked directly) hands over exactly the valid
    /// elements `iter()` gives, and `any_valid` agrees.
    fn walk_agrees<K: Kind>(header: &str, max: u16) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut field = TokenField::<K>::new(FieldLines::one(header.as_bytes()));
        field.max_elements = max;
        let mut walked = std::vec::Vec::new();
        field.walk_valid(|value, quality, position| {
            walked.push((value, quality, position));
            false
        });
        let iterated: std::vec::Vec<_> = field
            .iter()
            .flatten()
            .map(|p| (p.value, p.quality, p.position))
            .collect();
        proptest::prop_assert_eq!(&walked, &iterated, "{:?}", header);
        proptest::prop_assert_eq!(field.any_valid(), !iterated.is_empty(), "{:?}", header);
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(2000)
        ))]
        #[test]
        fn walk_gives_the_iterators_valid_elements(
            pieces in proptest::collection::vec(proptest::sample::select(&PIECES[..]), 0..12),
            max in proptest::prop_oneof![4 => proptest::strategy::Just(256u16), 1 => 0u16..4],
        ) {
            let header = pieces.concat();
            walk_agrees::<Language>(&header, max)?;
            walk_agrees::<Encoding>(&header, max)?;
            walk_agrees::<Charset>(&header, max)?;
        }

        /// `lookup_into` matches an offer by its length (`reaches`): the
        /// same as walking the truncations and comparing each.
        #[test]
        fn lookup_by_length_matches_the_truncation_walk(
            header in "[a-zA-Z0-9*;=.,x -]{0,40}",
            offers in proptest::collection::vec(proptest::sample::select(&TAG_OFFERS[..]), 1..5),
        ) {
            let field = TokenField::<Language>::new(FieldLines::one(header.as_bytes()));
            for offer in &offers {
                let oracle = field.iter().flatten().filter(|r| r.quality.is_acceptable() && r.value != b"*").fold(
                    None::<crate::accept::Score>,
                    |best, r| {
                        let mut candidate = r.value;
                        let mut found = None;
                        loop {
                            if candidate.eq_ignore_ascii_case(offer.as_bytes()) {
                                found = Some((r.quality, candidate.len() as u16, r.position));
                                break;
                            }
                            match Language::truncate(candidate) {
                                Some(shorter) => candidate = shorter,
                                None => break,
                            }
                        }
                        let better = |(q, len, pos): crate::accept::Score, (bq, blen, bpos): crate::accept::Score| {
                            (q, core::cmp::Reverse(pos), len) > (bq, core::cmp::Reverse(bpos), blen)
                        };
                        match (found, best) {
                            (Some(f), Some(b)) if better(f, b) => Some(f),
                            (Some(f), None) => Some(f),
                            _ => best,
                        }
                    },
                );
                let mut got = [None];
                field.lookup_into(&[offer.as_bytes()], 1, &mut got);
                proptest::prop_assert_eq!(got[0], oracle, "{:?} {:?}", header, offer);
            }
        }
    }

    #[test]
    fn reaches_is_the_truncation_chain() {
        for range in [
            "zh-Hant-CN-x-private1",
            "a-b-x-c",
            "a-bb-x-y-cc",
            "x-foo",
            "en",
            "de-DE-1996",
            "a-x-b",
        ] {
            let range = range.as_bytes();
            let mut chain = std::vec![range.len()];
            let mut candidate = range;
            while let Some(shorter) = Language::truncate(candidate) {
                chain.push(shorter.len());
                candidate = shorter;
            }
            for len in 0..=range.len() {
                assert_eq!(
                    reaches::<Language>(range, len),
                    chain.contains(&len),
                    "{range:?} {len}"
                );
            }
        }
    }

    /// `score_chunk_checked` takes an offer that `valid_offer` accepts as it
    /// is for one without OWS around it (`clean_offer`): no kind accepts
    /// an offer with SP or HTAB in it.
    #[test]
    fn valid_offers_hold_no_ows() {
        fn check<K: Kind>() {
            for offer in TOKEN_OFFERS.iter().chain(&TAG_OFFERS).chain(&VALUES) {
                for ows in [" ", "\t"] {
                    for padded in [std::format!("{ows}{offer}"), std::format!("{offer}{ows}")] {
                        assert!(!K::valid_offer(padded.as_bytes()), "{padded:?}");
                    }
                }
            }
        }
        check::<Language>();
        check::<Encoding>();
        check::<Charset>();
    }

    /// Lookup takes an offer valid as it is untrimmed and trims the others
    /// (`lookup_value`): the few-offer path (`lookup_few`), the chunked one
    /// (`lookup_offers`, through `quality_of`) and `lookup_score` agree on
    /// offers with and without OWS, valid or not.
    #[test]
    fn lookup_takes_offers_as_they_are_or_trimmed() {
        let field = TokenField::<Language>::new(FieldLines::one(b"de-CH, en-GB;q=0.5, fr;q=0"));
        for offer in [
            "de", " de", "de\t", " en ", "en", "fr", " fr", "de-", " de- ", "*", " ", "zh",
        ] {
            let few = match field.negotiate(&[offer]) {
                Negotiation::Selected { quality, .. } => Some(quality),
                Negotiation::NotAcceptable => None,
            };
            let looked = field.lookup_score(offer.as_bytes()).map(|(q, _, _)| q);
            assert_eq!(few, looked, "{offer:?}");
            assert_eq!(
                field.quality_of(offer),
                looked.unwrap_or(Quality::ZERO),
                "{offer:?}"
            );
        }
    }

    #[test]
    fn identity_word_check_agrees_with_bytes() {
        for v in [
            "identity",
            "IDENTITY",
            "Identity",
            "identit",
            "identityx",
            "identitY",
            "idenTITY",
            "identit\u{7f}",
            "iDentitz",
        ] {
            assert_eq!(
                is_identity(v.as_bytes()),
                v.eq_ignore_ascii_case("identity"),
                "{v}"
            );
        }
        // Setting the case bit of an octet gives a letter only for that
        // letter in either case: 0x49 (`I`) does, 0x09 (HTAB) does not.
        assert!(is_identity(b"\x49dentity"));
        assert!(!is_identity(b"\x09dentity"));
    }
}
