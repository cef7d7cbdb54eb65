//! The scoring pieces of variant selection: each axis's scores for a planned
//! chunk (filtering, or the language fallback), a variant's factors and
//! combined quality, and its tie-break keys packed as one number.

use crate::Quality;
use crate::Variant;
use crate::accept::charset::Charset;
use crate::accept::encoding::Encoding;
use crate::accept::language::Language;
use crate::accept::token::{Kind, TokenField, stated_quality};
use crate::accept::{Order, Score, TieBreak};
use crate::negotiate::set::Plan;

/// Per-variant scores on the four axes plus the server quality.
#[derive(Clone, Copy)]
pub(crate) struct Scored {
    /// Product of thousandths over five factors (≤ 10^15).
    pub(crate) product: u64,
    /// The tie-break keys ([`TieBreak::key`]) of the four axes (type,
    /// language, charset, coding) as one number, the type's highest:
    /// comparing the numbers compares the keys axis by axis.
    pub(crate) keys: u128,
}

impl Scored {
    /// No keys (where no later comparison reads them).
    pub(crate) const NO_KEYS: u128 = 0;

    /// The four axes' keys (or masks) as one number, the first axis highest.
    #[inline(always)]
    pub(crate) const fn pack(keys: [u32; 4]) -> u128 {
        (keys[0] as u128) << 96 | (keys[1] as u128) << 64 | (keys[2] as u128) << 32 | keys[3] as u128
    }
}

/// Scores the distinct values of token axis `axis` (1 language, 2 charset,
/// 3 coding) of a planned chunk with `field`, into `out` (none: nothing).
#[inline(always)]
pub(crate) fn score_axis<K: Kind, const N: usize>(
    field: &TokenField<'_, K>,
    chunk: &[Variant<'_>],
    plan: &Plan<N>,
    axis: usize,
    checked: bool,
    out: &mut [Option<Score>; N],
) {
    let n = usize::from(plan.n[axis]).min(N);
    if n == 0 {
        return;
    }
    let mut values: [&[u8]; N] = [&[]; N];
    for (k, slot) in values.iter_mut().enumerate().take(n) {
        *slot = chunk
            .get(usize::from(plan.rep[axis][k]))
            .and_then(|v| v.axis(axis))
            .unwrap_or_default();
    }
    field.score_chunk_checked(&values[..n], &mut out[..n], checked);
}

/// How `select` scores the language axis: Basic Filtering (the usual
/// pass), then, in [`ContentNegotiation::language_fallback`], RFC 4647
/// Lookup, then the field disregarded.
pub(crate) const FILTER: u8 = 0;
/// See [`FILTER`].
pub(crate) const LOOKUP: u8 = 1;
/// See [`FILTER`].
pub(crate) const DISREGARD: u8 = 2;

/// [`score_axis`] for the language axis in `language_fallback`: by RFC 4647
/// Lookup ([`TokenField::lookup_score`]), or (`disregard`) as if the field
/// were absent, except that a language it excludes (q=0) stays excluded.
#[cold]
pub(crate) fn fallback_axis<K: Kind, const N: usize>(
    field: &TokenField<'_, K>,
    chunk: &[Variant<'_>],
    plan: &Plan<N>,
    out: &mut [Option<Score>; N],
    disregard: bool,
) {
    let n = usize::from(plan.n[1]).min(N);
    for (k, slot) in out.iter_mut().enumerate().take(n) {
        let Some(tag) = chunk.get(usize::from(plan.rep[1][k])).and_then(|v| v.axis(1)) else {
            continue;
        };
        *slot = if disregard {
            let mut filtered = [None];
            field.score_chunk(&[tag], &mut filtered);
            match filtered[0] {
                None if K::valid_offer(crate::syntax::trim_ows(tag)) => Some((Quality::ONE, 0, 0)),
                other => other,
            }
        } else {
            field.lookup_score(tag)
        };
    }
}

/// The factor (thousandths) a score gives a variant: the client's stated q,
/// 1000 where it stated none (an identity `Accept-Encoding` does not
/// mention: acceptable, neutral in the product, and it still loses ties to
/// the codings the field names), 0 when nothing matches. (An axis the
/// variant leaves unset is a factor of 1000 too.)
#[inline(always)]
pub(crate) fn factor(score: Option<Score>) -> u64 {
    match score {
        Some(score) => stated_quality(score).map_or(1000, |q| u64::from(q.thousandths())),
        None => 0,
    }
}

/// One axis's factors ([`factor`]) per distinct value of a chunk: the
/// first `n` slots from their scores, and the unset slot (`N - 1`, free when
/// some variant is `unset`) at a factor of 1000. Computed once per distinct
/// value (a chunk has fewer of them than variants), so that a variant's
/// product is four lookups.
#[inline(always)]
pub(crate) fn axis_factors<const N: usize>(
    scores: &[Option<Score>; N],
    n: u8,
    unset: bool,
    factors: &mut [u64; N],
) {
    for (f, s) in factors.iter_mut().zip(scores).take(usize::from(n)) {
        *f = factor(*s);
    }
    if unset {
        factors[N - 1] = 1000;
    }
}

/// The highest product of a chunk's variants (their server quality times
/// each axis's factor, [`axis_factors`], at their `slots`) and the variants
/// that reach it, as a bit set (bit `i`: variant `i`; a chunk has at most 32
/// variants). `NO_CHARSET`: every variant leaves the charset unset, so its
/// factor is 1000 for each; `UNIT_QUALITY`: every variant's server quality
/// is 1, a factor of 1000 for each. Such a factor is multiplied into the
/// highest product once, the same number, rather than into every product.
#[inline(always)]
pub(crate) fn highest<const N: usize, const NO_CHARSET: bool, const UNIT_QUALITY: bool>(
    chunk: &[Variant<'_>],
    slots: &[[u8; N]; 4],
    factors: &[[u64; N]; 4],
) -> (u64, u32) {
    let mut max = 0;
    let mut tied = 0u32;
    for (i, v) in chunk.iter().enumerate() {
        // At most five factors of at most 1000: below 10^15. A slot is
        // below `N` (`% N` only spares the bounds check).
        let f = |axis: usize| factors[axis][usize::from(slots[axis][i % N]) % N];
        let mut p = f(0) * f(1) * f(3);
        if !NO_CHARSET {
            p *= f(2);
        }
        if !UNIT_QUALITY {
            p *= u64::from(v.quality.thousandths());
        }
        let bit = 1u32 << (i % 32);
        if p > max {
            (max, tied) = (p, bit);
        } else if p == max {
            tied |= bit;
        }
    }
    if NO_CHARSET {
        max *= 1000;
    }
    if UNIT_QUALITY {
        max *= 1000;
    }
    (max, tied)
}

/// Variant `i`'s tie-break keys ([`Scored::keys`]) from the axes' scores per
/// distinct value and the variant's `slots` ([`TieBreak::key`] in each
/// axis's order, [`AXIS_ORDERS`]; no score, as in the unset slot `N - 1`
/// that no scorer writes, is the key of `(0, 0)`), under the tie-break whose
/// [`TieBreak::key_mask`] `masks` holds for it (packed as the keys are;
/// `None`: every axis's whole key). Computed for tied variants only.
#[inline(always)]
pub(crate) fn keys<const N: usize>(
    scores: &[[Option<Score>; N]; 4],
    slots: &[[u8; N]; 4],
    i: usize,
    masks: Option<u128>,
) -> u128 {
    // A slot is below `N` (`% N` only spares the bounds check).
    let key = |axis: usize| {
        let (spec, pos) = match scores[axis][usize::from(slots[axis][i % N]) % N] {
            Some((_, spec, pos)) => (spec, pos),
            None => (0, 0),
        };
        TieBreak::Specificity.key(AXIS_ORDERS[axis], spec, pos)
    };
    let keys = Scored::pack([key(0), key(1), key(2), key(3)]);
    match masks {
        None => keys,
        Some(masks) => keys & masks,
    }
}

/// The variant of the set `tied` (bit `i`: variant `i`, at least two bits)
/// whose keys ([`keys`]) are the highest, the first of them on equal keys,
/// and its keys. Each axis's keys are computed once per distinct value (a
/// table; the unset slot `N - 1`, free when some variant is unset, at the
/// key of `(0, 0)`), then a tied variant's keys are four lookups. Out of
/// line: the caller's loops keep their registers.
#[inline(never)]
pub(crate) fn break_tie<const N: usize>(
    scores: &[[Option<Score>; N]; 4],
    plan: &Plan<N>,
    tied: u32,
    masks: Option<u128>,
) -> (usize, u128) {
    let mut table = [[0u32; N]; 4];
    for (axis, (row, scores)) in table.iter_mut().zip(scores).enumerate() {
        let order = AXIS_ORDERS[axis];
        for (k, s) in row.iter_mut().zip(scores).take(usize::from(plan.n[axis])) {
            let (spec, pos) = match *s {
                Some((_, spec, pos)) => (spec, pos),
                None => (0, 0),
            };
            *k = TieBreak::Specificity.key(order, spec, pos);
        }
        if plan.unset[axis] {
            row[N - 1] = TieBreak::Specificity.key(order, 0, 0);
        }
    }
    let slots = &plan.slot;
    let mut winner = tied.trailing_zeros() as usize;
    let mut current = table_keys(&table, slots, winner, masks);
    let mut rest = tied & tied.wrapping_sub(1);
    while rest != 0 {
        let j = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        let candidate = table_keys(&table, slots, j, masks);
        if candidate > current {
            (winner, current) = (j, candidate);
        }
    }
    (winner, current)
}

/// Whether variant `a`'s keys ([`keys`]) are higher than variant `b`'s,
/// under the tie-break whose [`TieBreak::key_mask`]s `masks` holds per
/// axis: the first axis where the keys differ decides, as comparing the
/// packed keys does; an axis where both variants take the same slot (the
/// same value) has equal keys, and is passed over without computing them.
#[inline(always)]
pub(crate) fn keys_above<const N: usize>(
    scores: &[[Option<Score>; N]; 4],
    slots: &[[u8; N]; 4],
    a: usize,
    b: usize,
    masks: [u32; 4],
) -> bool {
    for axis in 0..4 {
        // A slot is below `N` (`% N` only spares the bounds check).
        let (sa, sb) = (slots[axis][a % N], slots[axis][b % N]);
        if sa == sb || masks[axis] == 0 {
            continue;
        }
        let key = |slot: u8| {
            let (spec, pos) = match scores[axis][usize::from(slot) % N] {
                Some((_, spec, pos)) => (spec, pos),
                None => (0, 0),
            };
            TieBreak::Specificity.key(AXIS_ORDERS[axis], spec, pos)
        };
        let (ka, kb) = (key(sa), key(sb));
        if ka != kb {
            return ka > kb;
        }
    }
    false
}

/// [`keys`] from [`break_tie`]'s table: the same number.
#[inline(always)]
pub(crate) fn table_keys<const N: usize>(
    table: &[[u32; N]; 4],
    slots: &[[u8; N]; 4],
    i: usize,
    masks: Option<u128>,
) -> u128 {
    // A slot is below `N` (`% N` only spares the bounds check).
    let key = |axis: usize| table[axis][usize::from(slots[axis][i % N]) % N];
    let keys = Scored::pack([key(0), key(1), key(2), key(3)]);
    match masks {
        None => keys,
        Some(masks) => keys & masks,
    }
}

/// Each axis's order of ties after q (type, language, charset, coding):
/// media types by specificity first (RFC 9110 §12.5.1), each token field as
/// its [`Kind::ORDER`](crate::accept::token::Kind::ORDER) says.
pub(crate) const AXIS_ORDERS: [Order; 4] = [
    Order::Specificity,
    <Language as Kind>::ORDER,
    <Charset as Kind>::ORDER,
    <Encoding as Kind>::ORDER,
];

/// The combined quality in thousandths: the five-factor product of
/// thousandths scaled back, never rounded down to zero.
pub(crate) fn combined_quality(product: u64) -> Quality {
    let t = (product / 1_000_000_000_000).clamp(1, 1000) as u16;
    Quality::from_thousandths(t).unwrap_or(Quality::ONE)
}
