//! Unit tests of `select` (crate-private items).

use super::*;

/// The packed keys order variants exactly as comparing the
/// `(specificity, position)` pairs axis by axis does (the type: higher
/// specificity, then lower position; language, charset, coding: a named
/// range (specificity > 0) before `*`, then lower position, then higher
/// specificity; an axis whose tie-break is `ServerOrder` skipped), including
/// the extreme values: a naive oracle of the one rule ([`TieBreak::key`]) as
/// `select` packs and masks it.
#[test]
fn packed_keys_compare_like_axis_by_axis_pairs() {
    const VALUES: [(u16, u16); 7] = [
        (0, 0),
        (0, 1),
        (1, 0),
        (2, 5),
        (0, 5),
        (0x1FF, u16::MAX),
        (0x7FFF, 0),
    ];
    use TieBreak::{ServerOrder as O, Specificity as S};
    const FIELD_TIES: [[TieBreak; 4]; 4] = [[S, S, S, S], [O, S, S, S], [S, O, S, O], [O, O, O, O]];
    let naive = |a: &[(u16, u16); 4], b: &[(u16, u16); 4], ties: &[TieBreak; 4]| {
        for (axis, ((ka, kb), tie)) in a.iter().zip(b).zip(ties).enumerate() {
            if *tie == TieBreak::ServerOrder {
                continue;
            }
            if axis == 0 {
                if ka.0 != kb.0 {
                    return ka.0 > kb.0;
                }
                if ka.1 != kb.1 {
                    return ka.1 < kb.1;
                }
            } else {
                if (ka.0 > 0) != (kb.0 > 0) {
                    return ka.0 > 0;
                }
                if ka.1 != kb.1 {
                    return ka.1 < kb.1;
                }
                if ka.0 != kb.0 {
                    return ka.0 > kb.0;
                }
            }
        }
        false
    };
    for field_ties in FIELD_TIES {
        let negotiation = ContentNegotiation::new()
            .accept(Accept::absent().tie_break(field_ties[0]))
            .accept_language(AcceptLanguage::absent().tie_break(field_ties[1]))
            .accept_charset(AcceptCharset::absent().tie_break(field_ties[2]))
            .accept_encoding(AcceptEncoding::absent().tie_break(field_ties[3]));
        assert_eq!(negotiation.axis_ties(), field_ties);
        let masks = negotiation.axis_masks();
        // An axis at `(0, 0)` is unset (no score), as `select` leaves it.
        let packed = |k: &[(u16, u16); 4]| {
            let scores: [[Option<Score>; 1]; 4] =
                k.map(|(spec, pos)| [((spec, pos) != (0, 0)).then_some((Quality::ONE, spec, pos))]);
            Scored {
                product: 1,
                keys: keys(&scores, &[[0]; 4], 0, masks),
            }
        };
        // Two axes vary over every pair of values; the others are fixed.
        for &a0 in &VALUES {
            for &a2 in &VALUES {
                for &b0 in &VALUES {
                    for &b2 in &VALUES {
                        for &(x, y) in &[(0usize, 2usize), (1, 3)] {
                            let mut a = [(0, 0); 4];
                            let mut b = [(0, 0); 4];
                            (a[x], a[y], b[x], b[y]) = (a0, a2, b0, b2);
                            assert_eq!(
                                negotiation.beats(&packed(&a), &packed(&b)),
                                naive(&a, &b, &field_ties),
                                "{a:?} vs {b:?} {field_ties:?}"
                            );
                        }
                    }
                }
            }
        }
    }
    // The request's `ServerOrder` leaves every axis to the server's order.
    let negotiation = ContentNegotiation::new().tie_break(TieBreak::ServerOrder);
    assert_eq!(negotiation.axis_ties(), [TieBreak::ServerOrder; 4]);
}

/// `highest` with the charset and server-quality factors left out and
/// multiplied in once (`NO_CHARSET`, `UNIT_QUALITY`: what a plan that knows
/// every charset unset and every quality 1 takes) gives the general pass's
/// highest product and ties, on products that tie, differ, or are zero.
#[test]
fn highest_with_constant_factors_left_out_agrees_with_the_general_pass() {
    use crate::negotiate::score::highest;
    const N: usize = SMALL_CHUNK;
    let chunk = [Variant::new("text/html"); 6];
    // Slots: type, language, (charset unset: N - 1), coding.
    let slots: [[u8; N]; 4] = [
        [0, 0, 1, 1, 2, 0, 0, 0],
        [0, 1, 0, 1, 0, 7, 0, 0],
        [7; N],
        [0, 1, 1, 0, 7, 0, 0, 0],
    ];
    let factor_sets: [[[u64; N]; 4]; 4] = [
        // A tie between variants 1 and 2 and 3.
        [
            [1000, 1000, 500, 0, 0, 0, 0, 0],
            [1000, 1000, 0, 0, 0, 0, 0, 1000],
            [0, 0, 0, 0, 0, 0, 0, 1000],
            [1000, 1000, 0, 0, 0, 0, 0, 1000],
        ],
        // One best (variant 0).
        [
            [900, 800, 1, 0, 0, 0, 0, 0],
            [1000, 700, 0, 0, 0, 0, 0, 1000],
            [0, 0, 0, 0, 0, 0, 0, 1000],
            [999, 3, 0, 0, 0, 0, 0, 1000],
        ],
        // Nothing acceptable.
        [
            [0, 0, 0, 0, 0, 0, 0, 0],
            [1000, 1000, 0, 0, 0, 0, 0, 1000],
            [0, 0, 0, 0, 0, 0, 0, 1000],
            [1000, 1000, 0, 0, 0, 0, 0, 1000],
        ],
        // Zero on the language axis for some, q=0.001 for others.
        [
            [1, 1, 1, 0, 0, 0, 0, 0],
            [0, 1, 0, 0, 0, 0, 0, 1000],
            [0, 0, 0, 0, 0, 0, 0, 1000],
            [1, 1, 0, 0, 0, 0, 0, 1000],
        ],
    ];
    for factors in &factor_sets {
        let general = highest::<N, false, false>(&chunk, &slots, factors);
        assert_eq!(
            highest::<N, true, true>(&chunk, &slots, factors),
            general,
            "{factors:?}"
        );
        assert_eq!(
            highest::<N, true, false>(&chunk, &slots, factors),
            general,
            "{factors:?}"
        );
    }
}

/// A prepared set (whose plan knows every media type valid, every charset
/// unset, every server quality 1, and takes the shortcuts) selects what the
/// same variants planned per call (which never takes them) select, with
/// and without each of those facts holding.
#[test]
fn prepared_shortcuts_select_as_the_per_call_plan() {
    let base = [
        Variant::new("text/html").with_language("en"),
        Variant::new("text/html")
            .with_language("ko")
            .with_encoding("gzip"),
        Variant::new("application/json").with_language("ko"),
        Variant::new("text/plain").with_language("en").with_encoding("br"),
    ];
    let sets: [[Variant<'static>; 4]; 4] = [
        base,
        [
            base[0],
            base[1].with_quality(Quality::from_thousandths(500).unwrap()),
            base[2],
            base[3],
        ],
        [base[0], base[1], base[2].with_charset("utf-8"), base[3]],
        [base[0], Variant::new("not a type"), base[2], base[3]],
    ];
    let requests = [
        ContentNegotiation::new(),
        ContentNegotiation::new()
            .accept(Accept::new(b"text/html,application/json;q=0.9,*/*;q=0.8"))
            .accept_language(AcceptLanguage::new(b"ko-KR,ko;q=0.9,en;q=0.7"))
            .accept_encoding(AcceptEncoding::new(b"gzip, br")),
        ContentNegotiation::new()
            .accept(Accept::new(b"text/*;q=.5, application/json"))
            .accept_charset(AcceptCharset::new(b"utf-8;q=0.1, *;q=1")),
        ContentNegotiation::new().accept(Accept::new(b"image/png")),
    ];
    for variants in &sets {
        let set = VariantSet::new(variants);
        for request in &requests {
            assert_eq!(request.select(&set), request.select(variants), "{variants:?}");
        }
    }
}
