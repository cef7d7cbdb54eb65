//! Word-at-a-time kernels: the bit tricks of the hot paths, each behind a
//! safe function with a naive oracle test beside it.

/// `etagc = %x21 / %x23-7E / obs-text` (RFC 9110 §8.8.3): any visible octet
/// but DQUOTE, and obs-text. SP is not allowed (V-01).
#[inline(always)]
pub(crate) const fn is_etagc(b: u8) -> bool {
    // One load from a table (the range tests compile to several branches).
    ETAGC[b as usize]
}

/// The table behind [`is_etagc`].
pub(crate) const ETAGC: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = matches!(i as u8, 0x21 | 0x23..=0x7E | 0x80..=0xFF);
        i += 1;
    }
    table
};

pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
pub(crate) const HIGHS: u64 = ONES * 0x80;

/// Does any byte of `v` equal zero? (Exact as a boolean.)
#[inline(always)]
pub(crate) const fn has_zero(v: u64) -> bool {
    v.wrapping_sub(ONES) & !v & HIGHS != 0
}

/// Does any of the 8 bytes fail `etagc`: below 0x21, DQUOTE, or DEL?
/// SWAR tests, exact as booleans (bit-twiddling "hasless" / "haszero").
#[inline(always)]
pub(crate) const fn has_non_etagc(w: u64) -> bool {
    (w.wrapping_sub(ONES * 0x21) & !w & HIGHS) != 0
        || has_zero(w ^ (ONES * 0x22))
        || has_zero(w ^ (ONES * 0x7F))
}

/// Does any of the 16 octets fail `etagc`? Written as a branch-free fold
/// over a fixed-size array so that the compiler vectorizes it.
#[inline(always)]
pub(crate) fn chunk_has_non_etagc(chunk: &[u8; 16]) -> bool {
    chunk
        .iter()
        .fold(false, |bad, &b| bad | (b < 0x21) | (b == b'"') | (b == 0x7F))
}

/// Index of the first octet at or after `i` that is not `etagc`: sixteen
/// octets at a time (vectorized) while they all are, then eight (SWAR), then
/// one by one. The `const` version (used by [`EntityTag::from_static`]) skips
/// the vectorized step.
#[inline(always)]
pub(crate) fn etagc_end_fast(s: &[u8], mut i: usize) -> usize {
    while let Some((chunk, _)) = s.get(i..).and_then(|r| r.split_first_chunk::<16>()) {
        if chunk_has_non_etagc(chunk) {
            break;
        }
        i += 16;
    }
    etagc_end(s, i)
}

/// Index of the first octet at or after `i` that is not `etagc`: eight octets
/// at a time while they all are, then one by one.
#[inline(always)]
pub(crate) const fn etagc_end(s: &[u8], mut i: usize) -> usize {
    while let Some((_, rest)) = s.split_at_checked(i) {
        match rest.split_first_chunk::<8>() {
            Some((chunk, _)) if !has_non_etagc(u64::from_le_bytes(*chunk)) => i += 8,
            _ => break,
        }
    }
    while i < s.len() && is_etagc(s[i]) {
        i += 1;
    }
    i
}
