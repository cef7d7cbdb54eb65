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
