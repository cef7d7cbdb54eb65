//! The body shared by the token-field targets (`accept_charset`,
//! `accept_encoding`, `accept_language`): parse, negotiate, rank, list
//! preferences on arbitrary bytes, asserting the invariants rather than only
//! "no panic", and comparing every answer with the naive oracle of
//! `tests/naive_tokens/mod.rs` (the oracle of `tests/token_props.rs`)
//! whenever the field lines are text (UTF-8). The three field types share
//! the same API (one library macro generates it) but no trait, so the body
//! is a macro over the type.
//!
//! Included with `#[path = "token_common.rs"] mod common;` (the macro names
//! `$crate::common`); it is not a target of its own.

#[path = "input.rs"]
pub mod input;
#[path = "../../tests/naive_tokens/mod.rs"]
pub mod naive;

/// `token_target!(Type, naive::Field::X, OFFERS, |field: &Type, offers: &[&str], chosen: Negotiation, text: Option<&[String]>| { .. })`
/// defines the fuzz target for the field `Type` (the oracle's `Field::X`)
/// with the fixed offers `OFFERS` (see [`input`] for the input layout). The
/// closure holds the field-specific assertions (`text`: the field lines as
/// UTF-8, if they are); it runs after the ranking checks, before the
/// strict-mode ones.
macro_rules! token_target {
    ($field:ty, $naive_field:expr, $all_offers:expr, $extra:expr) => {
        libfuzzer_sys::fuzz_target!(|data: &[u8]| {
            let Some(input) = $crate::common::input::Input::split(data, &$all_offers) else {
                return;
            };
            let offers = input.offers;
            let field = <$field>::from_field(input.field());

            let chosen = field.negotiate(offers);
            let mut out = [conneg::accept::Choice::default(); 8];
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
            // Every offer with q > 0 is ranked (8 slots hold them all). For
            // Accept-Language, `quality_of` asks about one offer alone, so
            // its Lookup fallback may apply where the whole set's ranking
            // (some offer matched by filtering) does not: at most as many.
            let acceptable = offers
                .iter()
                .filter(|o| field.quality_of(o).is_acceptable())
                .count();
            if $naive_field == $crate::common::naive::Field::Language {
                assert!(ranked.len() <= acceptable);
            } else {
                assert_eq!(ranked.len(), acceptable);
            }
            if let conneg::Negotiation::Selected { index, quality } = chosen {
                assert!(index < offers.len(), "chosen index out of range");
                assert!(quality.is_acceptable(), "selected an offer with q=0");
                assert_eq!(field.quality_of(offers[index]), quality);
                // The choice heads the ranking.
                assert_eq!(
                    ranked.first().map(conneg::accept::Choice::index),
                    Some(index)
                );
            } else {
                assert!(ranked.is_empty());
            }

            // The field-specific assertions (with the lines as text, if they are).
            let text_lines = input.text_lines();
            let extra = $extra;
            extra(&field, offers, chosen, text_lines.as_deref());

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
                        <$field>::absent()
                    } else {
                        <$field>::new(rebuilt.as_bytes())
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
                    input.assert_error_in_range(&err);
                    // Lenient mode skips what strict mode rejects, except a
                    // leading-dot weight, which it reads as its value.
                    assert!(
                        field.iter().any(|r| r.is_err())
                            || matches!(
                                err.kind(),
                                conneg::ErrorKind::TooManyElements | conneg::ErrorKind::InvalidQuality
                            )
                    );
                }
            }

            let mut prefs = [conneg::accept::Preference::default(); 16];
            let listed = field.preferences(&mut prefs);
            assert!(listed.windows(2).all(|w| w[0].quality() >= w[1].quality()));
            assert!(
                listed
                    .iter()
                    .all(|p| p.quality().is_acceptable() && !p.value().is_empty())
            );

            // The naive oracle, on the same lines.
            if let Some(text) = text_lines {
                use $crate::common::naive;
                let kind: naive::Field = $naive_field;
                let h = Some(&text[..]);
                let quality = |q: conneg::Quality| q.thousandths();
                let ranked = |f: &$field| -> Vec<(usize, u16)> {
                    let mut out = [conneg::accept::Choice::default(); 8];
                    f.rank(offers, &mut out)
                        .iter()
                        .map(|c| (c.index(), quality(c.quality())))
                        .collect()
                };
                let want = naive::ranked(kind, h, offers, false);
                assert_eq!(ranked(&field), want, "rank: {h:?} {offers:?}");
                assert_eq!(
                    chosen.index(),
                    want.first().map(|&(i, _)| i),
                    "negotiate: {h:?}"
                );
                let server = field.tie_break(conneg::TieBreak::ServerOrder);
                let want = naive::ranked(kind, h, offers, true);
                assert_eq!(
                    ranked(&server),
                    want,
                    "rank (server order): {h:?} {offers:?}"
                );
                assert_eq!(
                    server.negotiate(offers).index(),
                    want.first().map(|&(i, _)| i),
                    "negotiate (server order): {h:?}"
                );
                for offer in offers {
                    assert_eq!(
                        quality(field.quality_of(offer)),
                        naive::quality(kind, h, offer),
                        "quality_of({offer:?}): {h:?}"
                    );
                }
                let got: Vec<(String, u16)> = listed
                    .iter()
                    .map(|p| (p.to_string(), quality(p.quality())))
                    .collect();
                let mut want = naive::preferences(kind, h);
                want.truncate(16);
                assert_eq!(got, want, "preferences: {h:?}");
                match (field.validate(), naive::strict(kind, h)) {
                    (Ok(()), Ok(())) => {}
                    (Err(err), Err((element, _))) => assert_eq!(err.line(), element.line, "{h:?}"),
                    (got, want) => panic!("validate: {got:?}, oracle {want:?}: {h:?}"),
                }
            }
        });
    };
}

pub(crate) use token_target;
