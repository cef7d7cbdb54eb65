//! Word-at-a-time kernels: the bit tricks of the hot paths, each behind a
//! safe function with a naive oracle test beside it. Those of the
//! conditional and token fields are in [`fields`]; all are used through
//! `crate::kernel::…`. The lowest layer: nothing here imports from the crate.

mod clock;
mod fields;
mod etag;
pub(crate) use clock::*;
pub(crate) use etag::*;
pub(crate) use fields::*;

/// `etagc = %x21 / %x23-7E / obs-text` (RFC 9110 §8.8.3): any visible octet
/// but DQUOTE, and obs-text. SP is not allowed.
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

/// Does any of the 16 octets fail `etagc`? A branch-free fold over a
/// fixed-size array, which the compiler unrolls and vectorizes.
#[inline(always)]
pub(crate) const fn chunk_has_non_etagc(chunk: &[u8; 16]) -> bool {
    let mut bad = false;
    let mut k = 0;
    while k < 16 {
        let b = chunk[k];
        bad |= (b < 0x21) | (b == b'"') | (b == 0x7F);
        k += 1;
    }
    bad
}

/// Index of the first octet at or after `i` that is not `etagc`: sixteen
/// octets at a time (vectorized) while they all are, then eight (SWAR), then
/// one by one. A `const fn`, so [`EntityTag::from_static`] and the run-time
/// parsers share the one entity-tag parser.
///
/// [`EntityTag::from_static`]: crate::EntityTag::from_static
#[inline(always)]
pub(crate) const fn etagc_end(s: &[u8], mut i: usize) -> usize {
    while let Some((_, rest)) = s.split_at_checked(i) {
        match rest.split_first_chunk::<16>() {
            Some((chunk, _)) if !chunk_has_non_etagc(chunk) => i += 16,
            _ => break,
        }
    }
    etagc_end_swar(s, i)
}

/// Index of the first octet at or after `i` that is not `etagc`: eight octets
/// at a time while they all are, then one by one.
#[inline(always)]
pub(crate) const fn etagc_end_swar(s: &[u8], mut i: usize) -> usize {
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

/// ASCII case-insensitive equality, with a fast exact-bytes path (most field
/// values are already lowercase). A `const fn`: prepared variants compare
/// their values with it at compile time too. For tokens that may be longer
/// than eight octets, [`eq_ignore_case_long`].
#[inline(always)]
pub(crate) const fn eq_ignore_case(a: &[u8], b: &[u8]) -> bool {
    // A byte loop, not `==` (a `memcmp` call costs more than these short
    // tokens); lowercase only when the bytes differ. An index loop rather
    // than `zip(..).all(..)`, which compiles to a slower loop.
    if a.len() != b.len() {
        return false;
    }
    // 8 to 16 octets (`application`), the same octets: two word
    // comparisons (the first eight and the last eight, which may overlap
    // and together cover them all).
    let mut i = 0;
    while i < a.len() && i < b.len() {
        let (x, y) = (a[i], b[i]);
        if x != y && !x.eq_ignore_ascii_case(&y) {
            return false;
        }
        i += 1;
    }
    true
}

/// [`eq_ignore_case`] with a word path for 8 to 16 octets (a media type's
/// `application`, which octet by octet cost 90 instructions): when the
/// octets are the same, two word comparisons (the first eight and the last
/// eight, which may overlap and together cover them all) settle it.
#[inline(always)]
pub(crate) fn eq_ignore_case_long(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if (8..=16).contains(&a.len()) {
        let word = |c: Option<&[u8; 8]>| c.map(|w| u64::from_le_bytes(*w));
        if word(a.first_chunk()) == word(b.first_chunk()) && word(a.last_chunk()) == word(b.last_chunk()) {
            return true;
        }
    }
    eq_ignore_case(a, b)
}

/// Index of the first `,` or `"` at or after `pos`, eight octets at a time.
///
/// Each word is tested for octets below `-` (0x2D), exactly per octet: `,`
/// and `"` are among them, and in field values few others are (SP, `*`, `+`,
/// `!`, `#`..`'`), so a word without a flagged octet is skipped in a handful
/// of instructions, and the flagged octets are then checked one by one.
/// Also says which was found (`true`: a `,`), from the check just made,
/// so the caller need not read the octet again.
#[inline(always)]
pub(crate) fn find_comma_or_quote(s: &[u8], pos: usize) -> Option<(usize, bool)> {
    let mut rest = s.get(pos..)?;
    let mut base = pos;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        if let Some((at, comma)) = comma_or_quote_in(u64::from_le_bytes(*word)) {
            return Some((base + at, comma));
        }
        rest = tail;
        base += 8;
    }
    if rest.is_empty() {
        return None;
    }
    // Fewer than eight octets left: the line's last eight, shifted down to
    // them, with 0xFF (never flagged) shifted in above.
    let last = s
        .len()
        .checked_sub(8)
        .and_then(|at| s.get(at..)?.first_chunk::<8>());
    match last {
        Some(word) => {
            let shift = 8 * (8 - rest.len() as u32); // 8..=56
            let x = u64::from_le_bytes(*word) >> shift | !0u64 << (64 - shift);
            comma_or_quote_in(x).map(|(at, comma)| (base + at, comma))
        }
        None => rest
            .iter()
            .position(|&b| b == b',' || b == b'"')
            .map(|at| (base + at, rest[at] == b',')),
    }
}

/// Does `s` hold a `,`? Eight octets at a time, the last word overlapping
/// the one before (an exact SWAR zero-octet test on `word ^ ",,,,,,,,"`).
/// For the short values of conditional fields this beats `memchr`, whose
/// call and alignment set-up cost more than the scan.
#[inline(always)]
pub(crate) fn has_comma(s: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let comma_in = |word: &[u8; 8]| {
        let v = u64::from_le_bytes(*word) ^ (ONES * u64::from(b','));
        v.wrapping_sub(ONES) & !v & HIGHS != 0
    };
    let Some(last) = s.last_chunk::<8>() else {
        // Fewer than eight octets: a branch-free fold (no `memchr` call).
        return s.iter().fold(false, |found, &b| found | (b == b','));
    };
    let mut rest = s;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        if comma_in(word) {
            return true;
        }
        rest = tail;
    }
    comma_in(last)
}

/// The index of the first `,` or `"` among the eight octets of `x` (least
/// significant first), and which it is (`true`: a `,`).
#[inline(always)]
pub(crate) fn comma_or_quote_in(x: u64) -> Option<(usize, bool)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // `(x | HIGHS) - 0x2D` per octet never borrows across octets, and its
    // high bit is clear exactly for the octets below 0x2D; `!x` leaves out
    // the octets at or above 0x80.
    let mut below = !(((x | HIGHS) - ONES * 0x2D) | x) & HIGHS;
    while below != 0 {
        let bit = below.trailing_zeros();
        // `,` first: the usual one ends the search on one compare.
        let octet = (x >> (bit - 7)) as u8;
        if octet == b',' || octet == b'"' {
            return Some(((bit / 8) as usize, octet == b','));
        }
        below &= below - 1;
    }
    None
}

/// How many leading octets of `s[at..]` equal those of `key`, ASCII
/// case-insensitively (at most `key.len()`).
#[inline(always)]
pub(crate) fn common_prefix_ignore_case(s: &[u8], at: usize, key: &[u8]) -> usize {
    let s = s.get(at..).unwrap_or_default();
    let (s, key) = (&s[..s.len().min(key.len())], &key[..s.len().min(key.len())]);
    let mut i = 0;
    while i < s.len() && i < key.len() {
        let (x, y) = (s[i], key[i]);
        // Equal, or the same letter: setting the case bit gives the same
        // lowercase letter.
        if x != y && !(x | 0x20 == y | 0x20 && (y | 0x20).is_ascii_lowercase()) {
            break;
        }
        i += 1;
    }
    i
}

/// The first octet of `s`, lowercased (0 for an empty `s`).
pub(crate) const fn first_lowercase(s: &[u8]) -> u8 {
    match s.first() {
        Some(b) => b.to_ascii_lowercase(),
        None => 0,
    }
}

/// The `len` octets at `s[at..]` as a little-endian word (as [`word_of`]
/// packs a token), when `len <= 8` and eight octets are there to read.
#[inline(always)]
pub(crate) fn word_at(s: &[u8], at: usize, len: usize) -> Option<u64> {
    let word = s.get(at..)?.first_chunk::<8>()?;
    let unused = 8usize.checked_sub(len)?;
    // `unused <= 8`: a shift by 64 would overflow, so shift twice.
    Some(u64::from_le_bytes(*word) << (4 * unused) << (4 * unused) >> (4 * unused) >> (4 * unused))
}

/// A token of up to eight octets, lowercased, as a little-endian word (for
/// [`word_at`] comparisons); `u64::MAX` (which no token packs to: its top
/// octet would be 0xFF) for a longer or empty one.
pub(crate) const fn word_of(token: &[u8]) -> u64 {
    if token.is_empty() || token.len() > 8 {
        return u64::MAX;
    }
    let mut word = 0u64;
    let mut i = token.len();
    while i > 0 {
        i -= 1;
        word = word << 8 | token[i].to_ascii_lowercase() as u64;
    }
    word
}

/// The sixteen octets at `s[at..]` as a little-endian `u128`, zero past
/// the end of `s` (an empty or out-of-range `at`: zero). Tokens hold no
/// zero octet, so a window compared under an [`essence_of`] mask is equal
/// only where the octets are there.
#[inline(always)]
pub(crate) fn window16(s: &[u8], at: usize) -> u128 {
    match s.get(at..).and_then(|rest| rest.first_chunk::<16>()) {
        Some(window) => u128::from_le_bytes(*window),
        None => window16_short(s, at),
    }
}

/// [`window16`] within sixteen octets of the end: the line's last sixteen
/// shifted down (zeros shifted in), or octet by octet on a shorter line.
#[inline(never)]
fn window16_short(s: &[u8], at: usize) -> u128 {
    let rest = s.get(at..).unwrap_or_default();
    if rest.is_empty() {
        return 0;
    }
    match s.last_chunk::<16>() {
        // `rest.len() < 16`: a shift by 8..=120.
        Some(last) => u128::from_le_bytes(*last) >> (8 * (16 - rest.len() as u32)),
        None => rest
            .iter()
            .rev()
            .fold(0u128, |window, &b| window << 8 | u128::from(b)),
    }
}

/// A media type's essence, `type "/" subtype` lowercased, as a little-endian
/// `u128` and the mask of its octets, for one comparison with a
/// [`window16`]: `window & mask == word` exactly when the window starts
/// with the essence written in lowercase. An essence longer than sixteen
/// octets, or whose subtype is `*` (a range, not a type), gets a word no
/// window matches (`mask` 0, `word` 1).
pub(crate) const fn essence_of(ty: &[u8], sub: &[u8]) -> (u128, u128) {
    const NEVER: (u128, u128) = (1, 0);
    let len = ty.len() + 1 + sub.len();
    if ty.is_empty() || sub.is_empty() || len > 16 || (sub.len() == 1 && sub[0] == b'*') {
        return NEVER;
    }
    let mut word = 0u128;
    let mut i = len;
    while i > 0 {
        i -= 1;
        let b = if i < ty.len() {
            ty[i]
        } else if i == ty.len() {
            b'/'
        } else {
            sub[i - ty.len() - 1]
        };
        word = word << 8 | b.to_ascii_lowercase() as u128;
    }
    let mask = if len == 16 {
        u128::MAX
    } else {
        (1u128 << (8 * len)) - 1
    };
    (word, mask)
}

/// The same slice: address and length.
#[inline(always)]
pub(crate) fn same_address(a: &[u8], b: &[u8]) -> bool {
    core::ptr::eq(a.as_ptr(), b.as_ptr()) && a.len() == b.len()
}

/// Octet equality, as a `const fn`: the length and the last octet first,
/// where short values such as language tags and codings mostly differ.
pub(crate) const fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = a.len();
    while i > 0 {
        i -= 1;
        if a[i] != b[i] {
            return false;
        }
    }
    true
}

/// The bit of octet `b` in a 64-bit set of first octets (other octets share
/// it: the set passes more than asked, never less).
#[inline(always)]
pub(crate) const fn first_octet_key(b: u8) -> u32 {
    (b & 63) as u32
}

/// The bytes of `firsts` (octets with the case bit set, see
/// `score_few`) equal to `octet | 0x20`, each as its high bit: exact (no
/// borrow from one byte into the next).
#[inline(always)]
pub(crate) fn same_first(firsts: u32, octet: u8) -> u32 {
    const LOW7: u32 = 0x7f7f_7f7f;
    let x = firsts ^ (u32::from(octet | 0x20) * 0x0101_0101);
    !(((x & LOW7) + LOW7) | x) & !LOW7
}

/// An octet folded to 0..32 (`& 31`), which merges a letter's two cases:
/// the index of the offers whose key starts with it in `score_chunk_by`'s
/// candidate table, and its bit in [`Kind::RANGE_FIRSTS`]. Other octets
/// share an index too (the table then passes more, never fewer).
#[inline(always)]
pub(crate) const fn folded(b: u8) -> usize {
    (b & 31) as usize
}

#[cfg(test)]
mod tests {
    #[test]
    fn eq_ignore_case_agrees_with_the_standard_library() {
        use super::{eq_ignore_case, eq_ignore_case_long};
        let base = b"application/vnd.example+json";
        for len in 0..base.len() {
            let a = &base[..len];
            for eq in [eq_ignore_case, eq_ignore_case_long] {
                assert!(eq(a, a));
                assert!(!eq(a, &base[..len + 1]));
            }
            for at in 0..len {
                // One octet in another case (equal), or another octet.
                for flip in [0x20u8, 0x01] {
                    let mut b = a.to_vec();
                    b[at] ^= flip;
                    assert_eq!(
                        super::eq_ignore_case(a, &b),
                        a.eq_ignore_ascii_case(&b),
                        "{len} {at} {flip}"
                    );
                }
            }
        }
    }

    #[test]
    fn window16_matches_a_zero_padded_copy() {
        let base: &[u8] = b"text/html,application/xml;q=0.9,\x00\xffz";
        for len in 0..=base.len() {
            let s = &base[..len];
            for at in 0..=len + 2 {
                let mut padded = [0u8; 16];
                for (k, slot) in padded.iter_mut().enumerate() {
                    *slot = s.get(at + k).copied().unwrap_or(0);
                }
                assert_eq!(super::window16(s, at), u128::from_le_bytes(padded), "{len} {at}");
            }
        }
    }

    #[test]
    fn essence_of_matches_exactly_the_lowercase_essence() {
        use super::{essence_of, window16};
        let cases: [(&[u8], &[u8]); 6] = [
            (b"text", b"html"),
            (b"Application", b"JSON"),
            (b"application", b"xml"),
            (b"a", b"b"),
            (b"application", b"json5"),
            (b"text", b"*"),
        ];
        let lines: [&[u8]; 10] = [
            b"text/html",
            b"text/html;q=0.9",
            b"text/htm",
            b"application/json,",
            b"application/json5",
            b"application/xml;q=1",
            b"Application/JSON",
            b"a/b",
            b"text/*",
            b"",
        ];
        for (ty, sub) in cases {
            let (word, mask) = essence_of(ty, sub);
            let mut essence = ty.to_ascii_lowercase();
            essence.push(b'/');
            essence.extend(sub.to_ascii_lowercase());
            let comparable = essence.len() <= 16 && sub != b"*";
            for line in lines {
                let want = comparable && line.starts_with(&essence);
                assert_eq!(window16(line, 0) & mask == word, want, "{essence:?} {line:?}");
            }
        }
    }

    use super::*;

    #[test]
    fn has_comma_agrees_with_a_byte_scan() {
        let base: &[u8] = b"\"abc\xff-,+\x2c\x01W/\"0123456789abcdef\"";
        for start in 0..base.len() {
            for end in start..=base.len() {
                let s = &base[start..end];
                assert_eq!(has_comma(s), s.contains(&b','), "{s:?}");
                let mut no_comma = [b'a'; 40];
                if let Some(slot) = no_comma.get_mut(end % 40) {
                    *slot = b',';
                }
                let t = &no_comma[..end.min(40)];
                assert_eq!(has_comma(t), t.contains(&b','), "{t:?}");
            }
        }
    }

    #[test]
    fn find_comma_or_quote_agrees_with_a_byte_scan() {
        let text = b"text/html;level=1;q=0.5,image/webp\",a,,\"x\"y,end-of-the-line-without-any";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let s = &text[..end];
                let naive = s[start..]
                    .iter()
                    .position(|&b| b == b',' || b == b'"')
                    .map(|i| (start + i, s[start + i] == b','));
                assert_eq!(find_comma_or_quote(s, start), naive, "{start}..{end}");
            }
        }
        // Every byte value next to the targets (the borrow trick's edge cases).
        for b in 0u16..=255 {
            let mut s = [b as u8; 17];
            s[11] = b',';
            let want = s
                .iter()
                .position(|&x| x == b',' || x == b'"')
                .map(|at| (at, s[at] == b','));
            assert_eq!(find_comma_or_quote(&s, 0), want, "byte {b}");
        }
    }

    #[test]
    fn etagc_matches_rfc_definition_for_every_octet() {
        for b in 0u16..=255 {
            let b = b as u8;
            let rfc = b == 0x21 || (0x23..=0x7E).contains(&b) || b >= 0x80;
            assert_eq!(is_etagc(b), rfc, "octet {b:#04x}");
        }
    }

    #[test]
    fn swar_test_agrees_with_the_table() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for round in 0..200_000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut bytes = x.to_le_bytes();
            if round % 2 == 0 {
                // Mostly valid words with one chosen octet somewhere.
                for b in &mut bytes {
                    *b = 0x21 + (*b % 0x5D);
                    if *b == b'"' {
                        *b = b'#';
                    }
                }
                bytes[(round as usize / 2) % 8] = (round / 16) as u8;
            }
            let scalar = bytes.iter().any(|&b| !is_etagc(b));
            assert_eq!(has_non_etagc(u64::from_le_bytes(bytes)), scalar, "{bytes:?}");
        }
        let s = b"0123456789abcdef0123\"";
        assert_eq!(etagc_end_swar(s, 0), 20);
        assert_eq!(etagc_end_swar(s, 3), 20);
        assert_eq!(etagc_end_swar(b"abc", 5), 5);
    }

    /// The vectorized scan (16, then 8, then 1 octet at a time) stops where a
    /// byte-by-byte scan does, for every non-`etagc` octet at every place.
    #[test]
    fn etagc_scan_agrees_with_a_byte_scan() {
        let naive = |s: &[u8], i: usize| (i..s.len()).find(|&k| !is_etagc(s[k])).unwrap_or(s.len().max(i));
        for bad in (0u16..=255).map(|b| b as u8).filter(|&b| !is_etagc(b)) {
            for len in 0..40 {
                for at in 0..=len {
                    let mut s = [b'a'; 40];
                    if let Some(slot) = s.get_mut(at) {
                        *slot = bad;
                    }
                    let s = &s[..len];
                    for start in [0, 1, 7, 17] {
                        assert_eq!(
                            etagc_end(s, start),
                            naive(s, start),
                            "{bad:#04x} {len} {at} {start}"
                        );
                    }
                }
            }
        }
        const CONST_SCAN: usize = etagc_end(b"0123456789abcdef0123456789\"", 0);
        assert_eq!(CONST_SCAN, 26);
    }
}
