//! Fuzz `Accept`: parse, negotiate, rank and list preferences on arbitrary
//! bytes, asserting the invariants rather than only "no panic", and
//! comparing every answer with the naive ranker of `tests/naive/mod.rs`
//! (the oracle of `tests/accept_props.rs`) wherever it can read the input:
//! text (UTF-8), with the field lines joined by commas when no line ends
//! inside a quoted string (the naive ranker reads one string).
//!
//! Input layout: the first byte picks how many of the fixed offers to use,
//! the rest is the header value (split at 0xFF into several field lines).
#![no_main]

#[path = "input.rs"]
mod input;
#[path = "../../tests/naive/mod.rs"]
mod naive;

use conneg::{Accept, Negotiation, accept::Choice, accept::MediaRange};
use input::Input;
use libfuzzer_sys::fuzz_target;

const OFFERS: [&str; 8] = [
    "text/html",
    "application/json",
    "text/plain;format=flowed",
    "image/*",
    "text/html;level=1",
    "bogus",
    "application/xhtml+xml;charset=UTF-8",
    "*/*",
];

fuzz_target!(|data: &[u8]| {
    let Some(input) = Input::split(data, &OFFERS) else {
        return;
    };
    let offers = input.offers;
    let accept = Accept::from_field(input.field());

    let chosen = accept.negotiate(offers);
    if let Negotiation::Selected { index, quality } = chosen {
        assert!(index < offers.len(), "chosen index out of range");
        assert!(quality.is_acceptable(), "selected an offer with q=0");
        assert_eq!(accept.quality_of(offers[index]), quality);
        // The choice is the head of the ranking.
        let mut out = [Choice::default(); 8];
        let ranked = accept.rank(offers, &mut out);
        assert_eq!(ranked.first().map(Choice::index), Some(index));
        assert!(ranked.windows(2).all(|w| w[0].quality() >= w[1].quality()));
        assert!(
            ranked
                .iter()
                .all(|c| c.index() < offers.len() && c.quality().is_acceptable())
        );
    } else {
        let mut out = [Choice::default(); 8];
        assert!(accept.rank(offers, &mut out).is_empty());
    }

    // Strict success ⇒ every element parses, and the lenient answer survives a
    // round trip: rendering each range with its weight and negotiating on that
    // text gives the same choice.
    match accept.validate() {
        Ok(()) => {
            let mut rebuilt = String::new();
            for range in accept.iter() {
                let range = range.expect("validate() passed, so every element parses");
                if !rebuilt.is_empty() {
                    rebuilt.push_str(", ");
                }
                rebuilt.push_str(&format!("{range};q={}", range.quality()));
            }
            let again = Accept::new(rebuilt.as_bytes());
            assert!(again.validate().is_ok(), "rendered ranges are valid: {rebuilt:?}");
            assert_eq!(
                again.negotiate(offers),
                chosen,
                "round trip changed the choice: {rebuilt:?}"
            );
        }
        Err(err) => {
            input.assert_error_in_range(&err);
            // Lenient mode skips what strict mode rejects, except the two
            // deviations it reads (a leading-dot weight, a bare `*`: Java's
            // default Accept); it never panics.
            assert!(
                accept.iter().any(|r| r.is_err())
                    || matches!(
                        err.kind(),
                        conneg::ErrorKind::TooManyElements
                            | conneg::ErrorKind::InvalidQuality
                            | conneg::ErrorKind::MissingSlash
                    )
            );
        }
    }

    let mut prefs = [MediaRange::default(); 16];
    let listed = accept.preferences(&mut prefs);

    // The naive ranker, on the same field as one string.
    if let Some(header) = input.joined_text() {
        let h = Some(header.as_str());
        assert_eq!(
            chosen.index(),
            naive::best(h, offers),
            "negotiate: {h:?} {offers:?}"
        );
        let mut out = [Choice::default(); 8];
        let got: Vec<(usize, u16)> = accept
            .rank(offers, &mut out)
            .iter()
            .map(|c| (c.index(), c.quality().thousandths()))
            .collect();
        let want: Vec<(usize, u16)> = naive::ranked(h, offers)
            .into_iter()
            .map(|i| (i, naive::quality(h, offers[i])))
            .collect();
        assert_eq!(got, want, "rank: {h:?} {offers:?}");
        for offer in offers {
            assert_eq!(
                accept.quality_of(offer).thousandths(),
                naive::quality(h, offer),
                "quality_of({offer:?}): {h:?}"
            );
        }
        let mut want = naive::preferences(h);
        want.truncate(16);
        let got: Vec<String> = listed.iter().map(|r| r.to_string()).collect();
        assert_eq!(got, want, "preferences: {h:?}");
        assert_eq!(accept.validate().is_ok(), naive::valid(h), "validate: {h:?}");
    }
    assert!(listed.windows(2).all(|w| w[0].quality() >= w[1].quality()));
    assert!(listed.iter().all(|r| r.quality().is_acceptable()));
    for r in listed {
        // What we render parses back to a range with the same type and subtype.
        let text = r.to_string();
        if let Ok(again) = MediaRange::parse(text.as_bytes()) {
            assert!(again.type_().eq_ignore_ascii_case(r.type_()));
            assert!(again.subtype().eq_ignore_ascii_case(r.subtype()));
        }
    }
});
