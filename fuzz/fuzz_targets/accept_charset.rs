//! Fuzz `AcceptCharset`: parse, negotiate, rank, list preferences on
//! arbitrary bytes, asserting the invariants rather than only "no panic".
//!
//! Input layout: the first byte picks how many of the fixed offers to use,
//! the rest is the header value (split at 0xFF into several field lines).
#![no_main]

use conneg::{AcceptCharset, Choice, FieldLines, Negotiation, Preference};
use libfuzzer_sys::fuzz_target;

const OFFERS: [&str; 8] = [
    "utf-8",
    "iso-8859-1",
    "UTF-16",
    "utf8",
    "*",
    "windows-1252",
    "bad charset",
    "us-ascii",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, header)) = data.split_first() else {
        return;
    };
    let offers = &OFFERS[..usize::from(pick) % (OFFERS.len() + 1)];

    let mut lines: [&[u8]; 4] = [b""; 4];
    let mut n = 0;
    for line in header.splitn(4, |&b| b == 0xFF) {
        lines[n] = line;
        n += 1;
    }
    let field = AcceptCharset::from_field(FieldLines::many(&lines[..n]));

    let chosen = field.negotiate(offers);
    let mut out = [Choice::default(); 8];
    let ranked = field.rank(offers, &mut out);
    // The ranking: sorted by q, every entry acceptable, in range, with the
    // q quality_of gives it, each offer at most once.
    assert!(ranked.windows(2).all(|w| w[0].quality() >= w[1].quality()));
    for (i, c) in ranked.iter().enumerate() {
        assert!(c.index() < offers.len(), "ranked index out of range");
        assert!(c.quality().is_acceptable(), "ranked an offer with q=0");
        assert_eq!(field.quality_of(offers[c.index()]), c.quality());
        assert!(
            ranked[..i].iter().all(|d| d.index() != c.index()),
            "offer ranked twice"
        );
    }
    // Every offer with q > 0 is ranked (8 slots hold them all).
    let acceptable = offers
        .iter()
        .filter(|o| field.quality_of(o).is_acceptable())
        .count();
    assert_eq!(ranked.len(), acceptable);
    if let Negotiation::Selected { index, quality } = chosen {
        assert!(index < offers.len(), "chosen index out of range");
        assert!(quality.is_acceptable(), "selected an offer with q=0");
        assert_eq!(field.quality_of(offers[index]), quality);
        // The choice heads the ranking.
        assert_eq!(ranked.first().map(Choice::index), Some(index));
    } else {
        assert!(ranked.is_empty());
    }

    if let Some(index) = chosen.index() {
        assert_ne!(offers[index], "bad charset", "selected an invalid charset");
    }

    // Strict success ⇒ every element parses, and the lenient answer survives a
    // round trip: writing each element back with its weight and negotiating on
    // that text gives the same choice.
    match field.validate() {
        Ok(()) => {
            let mut rebuilt = String::new();
            for p in field.iter() {
                let p = p.expect("validate() passed, so every element parses");
                if !rebuilt.is_empty() {
                    rebuilt.push_str(", ");
                }
                rebuilt.push_str(&format!("{p};q={}", p.quality()));
            }
            let again = if field.is_absent() {
                AcceptCharset::absent()
            } else {
                AcceptCharset::new(rebuilt.as_bytes())
            };
            assert!(
                again.validate().is_ok(),
                "rendered elements are valid: {rebuilt:?}"
            );
            assert_eq!(
                again.negotiate(offers),
                chosen,
                "round trip changed the choice: {rebuilt:?}"
            );
        }
        Err(err) => {
            assert!(err.line() < n, "error line in range");
            assert!(err.offset() <= lines[err.line()].len(), "error offset in range");
            assert!(field.iter().any(|r| r.is_err()) || err.kind() == conneg::ErrorKind::TooManyElements);
        }
    }

    let mut prefs = [Preference::default(); 16];
    let listed = field.preferences(&mut prefs);
    assert!(listed.windows(2).all(|w| w[0].quality() >= w[1].quality()));
    assert!(
        listed
            .iter()
            .all(|p| p.quality().is_acceptable() && !p.value().is_empty())
    );
});
