//! The kernels of the conditional and token fields: the entity-tag list
//! walk's quote and comma searches, the separator skip, the HTTP-date word
//! readers, and the name keys, each with a naive oracle test below.

#[allow(unused_imports)]
use super::*;

/// Does any of the sixteen octets equal `a` or `b`? A branch-free fold over
/// a fixed-size array, which the compiler turns into two vector compares and
/// one mask test.
#[inline(always)]
pub(crate) fn any16_eq2(chunk: &[u8; 16], a: u8, b: u8) -> bool {
    chunk
        .iter()
        .fold(0u8, |any, &x| any | u8::from(x == a) | u8::from(x == b))
        != 0
}

/// The octets of `w` equal to `a` or `b`, each as its high bit: exact (the
/// per-octet zero test `!((y & 0x7F) + 0x7F | y) & 0x80` never carries
/// from one octet into the next).
#[inline(always)]
pub(crate) const fn eq2_mask(w: u64, a: u8, b: u8) -> u64 {
    const LOW7: u64 = ONES * 0x7F;
    let x = w ^ (ONES * a as u64);
    let y = w ^ (ONES * b as u64);
    (!(((x & LOW7) + LOW7) | x) | !(((y & LOW7) + LOW7) | y)) & HIGHS
}

/// Index of the first octet at or after `pos` equal to `a` or `b`, or
/// `s.len()`: sixteen octets at a time (a vector test), the place found in
/// the matching chunk by [`eq2_mask`] on its two words; a tail of fewer than
/// sixteen by words, the last one overlapping the one before.
#[inline(always)]
pub(crate) fn find_eq2(s: &[u8], pos: usize, a: u8, b: u8) -> usize {
    let mut i = pos;
    while let Some(chunk) = s.get(i..).and_then(|rest| rest.first_chunk::<16>()) {
        if any16_eq2(chunk, a, b) {
            break;
        }
        i += 16;
    }
    while let Some(word) = s.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
        let bits = eq2_mask(u64::from_le_bytes(*word), a, b);
        if bits != 0 {
            return i + (bits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    let Some(rest) = s.len().checked_sub(i).filter(|&r| r > 0) else {
        return s.len();
    };
    match s.last_chunk::<8>() {
        // `rest` < 8: the last word's top `rest` octets are `s[i..]`.
        Some(last) => match eq2_mask(u64::from_le_bytes(*last), a, b) >> (8 * (8 - rest)) {
            0 => s.len(),
            bits => i + (bits.trailing_zeros() / 8) as usize,
        },
        None => match s
            .get(i..)
            .and_then(|tail| tail.iter().position(|&x| x == a || x == b))
        {
            Some(at) => i + at,
            None => s.len(),
        },
    }
}

/// The octets of `w` equal to `c`, each as its high bit (exact, as
/// [`eq2_mask`]).
#[inline(always)]
pub(crate) const fn eq_mask(w: u64, c: u8) -> u64 {
    const LOW7: u64 = ONES * 0x7F;
    let x = w ^ (ONES * c as u64);
    !(((x & LOW7) + LOW7) | x) & HIGHS
}

/// The octets of `w` equal to `c`, the lowest one exact, each as its high
/// bit: the zero-octet test on `w ^ c…c` (a borrow may flag an octet above
/// a true one, never one below it), one operation cheaper than [`eq_mask`]
/// for a search that wants only the first.
#[inline(always)]
pub(crate) const fn first_eq_mask(w: u64, c: u8) -> u64 {
    let x = w ^ (ONES * c as u64);
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// Index of the first `c` at or after `pos`, or `s.len()`: as
/// [`find_eq2`], for one octet value. The first word is tested alone
/// (the short entity-tags end in it), then sixteen octets at a time (a
/// vector test) and the octet placed in its chunk by [`first_eq_mask`] on
/// the chunk's words; fewer than eight octets at the end are read in the
/// line's last word, which overlaps the word before.
#[inline(always)]
pub(crate) fn find_byte(s: &[u8], pos: usize, c: u8) -> usize {
    let word = |w: &[u8; 8]| u64::from_le_bytes(*w);
    let Some(mut rest) = s.get(pos..) else {
        return s.len();
    };
    // The octet's index from the mask of the word at `s.len() - rest.len()`.
    let at = |rest: &[u8], bits: u64| s.len() - rest.len() + (bits.trailing_zeros() / 8) as usize;
    if let Some((w, tail)) = rest.split_first_chunk::<8>() {
        let bits = first_eq_mask(word(w), c);
        if bits != 0 {
            return at(rest, bits);
        }
        rest = tail;
        while let Some((chunk, tail)) = rest.split_first_chunk::<16>() {
            if chunk.iter().fold(0u8, |any, &x| any | u8::from(x == c)) != 0 {
                let (lo, hi) = chunk
                    .split_first_chunk::<8>()
                    .map_or((0, 0), |(lo, hi)| (word(lo), hi.first_chunk().map_or(0, word)));
                let bits = first_eq_mask(lo, c);
                return if bits != 0 {
                    at(rest, bits)
                } else {
                    at(rest, first_eq_mask(hi, c)) + 8
                };
            }
            rest = tail;
        }
        if let Some((w, tail)) = rest.split_first_chunk::<8>() {
            let bits = first_eq_mask(word(w), c);
            if bits != 0 {
                return at(rest, bits);
            }
            rest = tail;
        }
    }
    if rest.is_empty() {
        return s.len();
    }
    match s.last_chunk::<8>() {
        // `rest` < 8: the last word's top `rest.len()` octets are `rest`;
        // the exact mask, as the octets shifted out (before `rest`) could
        // flag one of `rest` in the lowest-exact test.
        Some(last) => match eq_mask(word(last), c) >> (8 * (8 - rest.len())) {
            0 => s.len(),
            bits => at(rest, bits),
        },
        None => match rest.iter().position(|&x| x == c) {
            Some(k) => s.len() - rest.len() + k,
            None => s.len(),
        },
    }
}

/// Index of the first `"` at or after `pos`, or `s.len()`.
#[inline(always)]
pub(crate) fn find_quote(s: &[u8], pos: usize) -> usize {
    find_byte(s, pos, b'"')
}

/// From `pos`, the index of the next `,` outside double quotes (a `"` opens
/// a quoted run that the next `"` closes; no quoted-pairs), or `s.len()`:
/// where an entity-tag list member starting at `pos` ends, whether it is
/// well-formed or not.
#[inline(always)]
pub(crate) fn comma_outside_quotes(s: &[u8], mut pos: usize) -> usize {
    loop {
        let at = find_eq2(s, pos, b',', b'"');
        match s.get(at) {
            Some(b'"') => {
                let close = find_quote(s, at + 1);
                if close >= s.len() {
                    return s.len();
                }
                pos = close + 1;
            }
            _ => return at,
        }
    }
}

/// Index of the first octet at or after `pos` that is not `,`, SP or HTAB
/// (a list's separators and empty elements), or `s.len()`: one shift and
/// mask test per octet.
#[inline(always)]
pub(crate) fn skip_separators(s: &[u8], mut pos: usize) -> usize {
    const SEPARATORS: u64 = 1 << b',' | 1 << b' ' | 1 << b'\t';
    while let Some(&b) = s.get(pos) {
        if b >= 64 || SEPARATORS >> b & 1 == 0 {
            return pos;
        }
        pos += 1;
    }
    s.len().max(pos)
}

/// `s` without its trailing OWS (SP / HTAB).
#[inline(always)]
pub(crate) fn trim_end_ows(mut s: &[u8]) -> &[u8] {
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

/// Are the octets of `w` that `mask` selects (0xFF per octet) all ASCII
/// digits? Exact: the others are read as `0`; a digit is an octet whose
/// high nibble is 3 and that keeps it when 6 is added (no carry leaves an
/// octet whose high nibble is 3).
#[inline(always)]
pub(crate) const fn digits_at(w: u64, mask: u64) -> bool {
    const HIGH_NIBBLES: u64 = ONES * 0xF0;
    let t = (w & mask) | ((ONES * 0x30) & !mask);
    t & HIGH_NIBBLES == ONES * 0x30 && t.wrapping_add(ONES * 0x06) & HIGH_NIBBLES == ONES * 0x30
}

/// The value of the two ASCII digits at octets `at` and `at + 1` of `w`
/// (digits already checked, [`digits_at`]).
#[inline(always)]
pub(crate) const fn two_digits(w: u64, at: u32) -> u32 {
    let pair = (w >> (8 * at)) as u32;
    (pair & 0x0F) * 10 + (pair >> 8 & 0x0F)
}

/// The value of the four ASCII digits at octets `at` to `at + 3` of `w`
/// (digits already checked, [`digits_at`], `at` at most 4): their low
/// nibbles, then octet `k` of `t * 10 + (t >> 8)` is `10 * t[k] + t[k + 1]`
/// (at most 99: no carry between octets), the two-digit halves at octets
/// 0 and 2.
#[inline(always)]
pub(crate) const fn four_digits(w: u64, at: u32) -> u32 {
    let t = (w >> (8 * at)) as u32 & 0x0F0F_0F0F;
    let pairs = t * 10 + (t >> 8);
    (pairs & 0xFF) * 100 + (pairs >> 16 & 0xFF)
}

/// `HH:MM:SS` read as one word: the hours, minutes and seconds, or `None`
/// unless the six digits are digits and the two colons colons (no range
/// check).
#[inline(always)]
pub(crate) const fn hms(w: u64) -> Option<(u32, u32, u32)> {
    const COLONS: u64 = 0x0000_FF00_00FF_0000;
    const DIGITS: u64 = !COLONS;
    if w & COLONS != 0x0000_3A00_003A_0000 || !digits_at(w, DIGITS) {
        return None;
    }
    // Octet values 0..=10 (the digits, and the colons at 10); octet `k` of
    // `t * 10 + (t >> 8)` is then `10 * t[k] + t[k + 1]` (at most 110: no
    // carry between octets), the two-digit numbers at octets 0, 3 and 6.
    let t = w - ONES * 0x30;
    let pairs = t * 10 + (t >> 8);
    Some((
        pairs as u32 & 0xFF,
        (pairs >> 24) as u32 & 0xFF,
        (pairs >> 48) as u32 & 0xFF,
    ))
}

/// Three octets as the low 24 bits of a word (little-endian), the key of
/// [`month_number`] and [`is_day_name`].
#[inline(always)]
pub(crate) const fn key3(b: [u8; 3]) -> u32 {
    b[0] as u32 | (b[1] as u32) << 8 | (b[2] as u32) << 16
}

/// The month names and the day names as [`key3`] keys, in calendar order.
const MONTH_KEYS: [u32; 12] = keys(*b"JanFebMarAprMayJunJulAugSepOctNovDec");
const DAY_KEYS: [u32; 7] = keys(*b"SunMonTueWedThuFriSat");

/// `N` three-octet names, concatenated, as their [`key3`] keys.
const fn keys<const N: usize, const L: usize>(names: [u8; L]) -> [u32; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = key3([names[3 * i], names[3 * i + 1], names[3 * i + 2]]);
        i += 1;
    }
    out
}

/// The index of `key` in `table`, if there.
#[inline(always)]
const fn key_index(table: &[u32], key: u32) -> Option<usize> {
    let mut i = 0;
    while i < table.len() {
        if table[i] == key {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The month (1..=12) of a three-letter month name in its exact case
/// (`Jan`..`Dec`, as [`key3`]).
#[inline(always)]
pub(crate) const fn month_number(key: u32) -> Option<u32> {
    match key_index(&MONTH_KEYS, key) {
        Some(i) => Some(i as u32 + 1),
        None => None,
    }
}

/// Is `key` ([`key3`]) a three-letter day name in its exact case (`Sun`..`Sat`)?
#[inline(always)]
pub(crate) const fn is_day_name(key: u32) -> bool {
    day_index(key).is_some()
}

/// The day (0 for `Sun` .. 6 for `Sat`) of a three-letter day name in its
/// exact case ([`key3`]).
#[inline(always)]
pub(crate) const fn day_index(key: u32) -> Option<usize> {
    key_index(&DAY_KEYS, key)
}

/// Octet equality of two slices, by words: eight octets at a time (the
/// last word overlapping the one before), two overlapping 4-octet words
/// for 4 to 7 octets, a branch-free fold below. No `memcmp` call and no
/// octet loop for the short values (entity-tags) it compares.
#[inline(always)]
pub(crate) fn eq_by_words(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let w8 = |c: Option<&[u8; 8]>| c.map_or(0, |w| u64::from_le_bytes(*w));
    let w4 = |c: Option<&[u8; 4]>| c.map_or(0, |w| u32::from_le_bytes(*w));
    if a.len() >= 8 {
        let mut diff = w8(a.last_chunk()) ^ w8(b.last_chunk());
        let (mut x, mut y) = (a, b);
        while let (Some((p, xr)), Some((q, yr))) = (x.split_first_chunk::<8>(), y.split_first_chunk::<8>()) {
            diff |= u64::from_le_bytes(*p) ^ u64::from_le_bytes(*q);
            x = xr;
            y = yr;
        }
        diff == 0
    } else if a.len() >= 4 {
        (w4(a.first_chunk()) ^ w4(b.first_chunk())) | (w4(a.last_chunk()) ^ w4(b.last_chunk())) == 0
    } else {
        a.iter().zip(b).fold(0, |diff, (x, y)| diff | (x ^ y)) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of up to six octets over an alphabet of the interesting
    /// octets, and longer lines with them at every place.
    fn lines(mut f: impl FnMut(&[u8])) {
        const ALPHABET: [u8; 6] = [b'a', b'"', b',', b' ', b'\t', b'W'];
        for len in 0..=6u32 {
            for mut code in 0..6usize.pow(len) {
                let mut line = [0u8; 6];
                for slot in line.iter_mut().take(len as usize) {
                    *slot = ALPHABET[code % 6];
                    code /= 6;
                }
                f(&line[..len as usize]);
            }
        }
        for len in 0..48 {
            for at in 0..len {
                for (b, c) in [(b'"', b','), (b',', b'"'), (b'"', b'"')] {
                    let mut line = [b'x'; 48];
                    line[at] = b;
                    line[(at * 7 + 3) % len] = c;
                    f(&line[..len]);
                }
            }
        }
    }

    #[test]
    fn find_quote_agrees_with_a_byte_scan() {
        lines(|s| {
            for pos in 0..=s.len() + 1 {
                let naive = (pos..s.len()).find(|&k| s[k] == b'"').unwrap_or(s.len());
                assert_eq!(find_quote(s, pos), naive, "{s:?} {pos}");
            }
        });
    }

    #[test]
    fn first_eq_mask_flags_the_first_equal_octet() {
        lines(|s| {
            for w in s.windows(8) {
                let word = u64::from_le_bytes(w.try_into().unwrap());
                for c in [b'"', b',', b'a', b' '] {
                    let naive = w.iter().position(|&b| b == c);
                    let bits = first_eq_mask(word, c);
                    let got = (bits != 0).then(|| (bits.trailing_zeros() / 8) as usize);
                    assert_eq!(got, naive, "{w:?} {c}");
                }
            }
        });
        // Octets one above the searched one (the borrow's case).
        for k in 0..8 {
            let mut w = [b'#'; 8];
            w[k] = b'"';
            let bits = first_eq_mask(u64::from_le_bytes(w), b'"');
            assert_eq!(bits.trailing_zeros() / 8, k as u32);
        }
    }

    #[test]
    fn comma_outside_quotes_agrees_with_a_byte_scan() {
        lines(|s| {
            for pos in 0..=s.len() {
                let mut quoted = false;
                let mut naive = s.len();
                for (k, &b) in s.iter().enumerate().skip(pos) {
                    match b {
                        b'"' => quoted = !quoted,
                        b',' if !quoted => {
                            naive = k;
                            break;
                        }
                        _ => {}
                    }
                }
                assert_eq!(comma_outside_quotes(s, pos), naive, "{s:?} {pos}");
            }
            let naive_trim = {
                let mut t = s;
                while let Some((&last, rest)) = t.split_last() {
                    if last != b' ' && last != b'\t' {
                        break;
                    }
                    t = rest;
                }
                t
            };
            assert_eq!(trim_end_ows(s), naive_trim, "{s:?}");
            for pos in 0..=s.len() + 1 {
                let naive = (pos..s.len())
                    .find(|&k| !matches!(s[k], b',' | b' ' | b'\t'))
                    .unwrap_or(s.len().max(pos));
                assert_eq!(skip_separators(s, pos), naive, "{s:?} {pos}");
            }
        });
    }

    #[test]
    fn date_kernels_agree_with_byte_reads() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for round in 0..300_000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut b = x.to_le_bytes();
            // Mostly digits and colons, some other octets.
            if round % 4 != 0 {
                for (k, o) in b.iter_mut().enumerate() {
                    *o = if k == 2 || k == 5 { b':' } else { b'0' + *o % 10 };
                }
                if round % 3 == 0 {
                    b[(round as usize / 3) % 8] = (round >> 4) as u8;
                }
            }
            let w = u64::from_le_bytes(b);
            for mask_bits in [0xFFu8, 0x0F, 0xF0, 0xDB, 0x24, 0x81] {
                let mut mask = 0u64;
                let mut naive = true;
                for (k, &o) in b.iter().enumerate() {
                    if mask_bits >> k & 1 == 1 {
                        mask |= 0xFF << (8 * k);
                        naive &= o.is_ascii_digit();
                    }
                }
                assert_eq!(digits_at(w, mask), naive, "{b:?} {mask_bits:#x}");
            }
            let d = |k: usize| u32::from(b[k] - b'0');
            let naive = match b {
                [h1, h2, b':', m1, m2, b':', s1, s2]
                    if [h1, h2, m1, m2, s1, s2].iter().all(u8::is_ascii_digit) =>
                {
                    Some((d(0) * 10 + d(1), d(3) * 10 + d(4), d(6) * 10 + d(7)))
                }
                _ => None,
            };
            assert_eq!(hms(w), naive, "{b:?}");
            // Every four-digit value at every place, among these octets.
            if round < 10_000 {
                for at in 0..=4usize {
                    let mut d = b;
                    let text = [round / 1000, round / 100 % 10, round / 10 % 10, round % 10];
                    for (k, digit) in text.into_iter().enumerate() {
                        d[at + k] = b'0' + digit as u8;
                    }
                    assert_eq!(four_digits(u64::from_le_bytes(d), at as u32), round, "{d:?} {at}");
                }
            }
        }
        let months = [
            b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
        ];
        let days = [b"Sun", b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat"];
        let mut names: std::vec::Vec<[u8; 3]> = months.iter().chain(days.iter()).map(|n| **n).collect();
        names.extend([
            *b"jan", *b"JAN", *b"Ja\0", *b"Jun", *b"Sux", *b"\0\0\0", [0xFF; 3],
        ]);
        for name in names {
            let naive_month = months.iter().position(|m| **m == name).map(|i| i as u32 + 1);
            assert_eq!(month_number(key3(name)), naive_month, "{name:?}");
            assert_eq!(
                is_day_name(key3(name)),
                days.iter().any(|d| **d == name),
                "{name:?}"
            );
            assert_eq!(
                day_index(key3(name)),
                days.iter().position(|d| **d == name),
                "{name:?}"
            );
        }
    }

    #[test]
    fn eq_by_words_agrees_with_slice_equality() {
        let base: std::vec::Vec<u8> = (0..40u8).map(|i| i.wrapping_mul(37)).collect();
        for len in 0..40 {
            let a = &base[..len];
            assert!(eq_by_words(a, a));
            for at in 0..len {
                let mut b = a.to_vec();
                b[at] ^= 1 << (at % 8);
                assert!(!eq_by_words(a, &b), "{len} {at}");
            }
            assert!(!eq_by_words(a, &base[..len + 1]));
        }
    }
}
