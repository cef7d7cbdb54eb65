//! The entity-tag list kernel: is a given tag a member of an `If-None-Match`
//! / `If-Match` line, found by its quotes rather than by walking the members.
//!
//! In such a line every `"` toggles "inside quotes" (entity-tags have no
//! quoted-pairs), so the quotes pair up in order: the 1st with the 2nd, the
//! 3rd with the 4th, and so on. A member that is exactly `"want"` or
//! `W/"want"` (`want` holding no `"`) is such a pair `len + 1` octets apart
//! that opens after an even number of quotes, with only `W/` and OWS
//! between the opening quote and the comma before it (or the line's start),
//! and only OWS between the closing quote and the comma after it (or the
//! line's end); both commas are then outside quotes, so the member is
//! exactly that. A line of up to 64 octets is read as one 64-bit mask of
//! its quotes (pairs `n` apart: one shift and one AND; the parity before
//! one: a population count), from 16 octets on sixteen at a time (one
//! vector compare for the quotes, one for `*`). A longer line is searched for the pairs
//! sixteen octets at a time (a vector test), the quotes' parity kept on
//! the way, and only the few chunks where a pair starts are read as a
//! mask: about one instruction an octet where walking the members, with a
//! quote search per member, cost two.

#[allow(unused_imports)]
use super::*;

/// The high bit of each octet of `m` (an [`eq_mask`]) as one bit of an
/// octet: bit `k` for octet `k`. One multiplication: the bits `7 + 8k`
/// shifted down to `8k` each land on bit `56 + k`, and no two partial
/// products share a bit at or above 56.
#[inline(always)]
pub(crate) const fn high_bits_to_octet(m: u64) -> u64 {
    (m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// The octets `s[at..end]` (at most eight; `at < end <= s.len()`) as a
/// little-endian word, zero above them (no `"` or `*` there).
#[inline(always)]
fn word_below(s: &[u8], at: usize, end: usize) -> u64 {
    let keep = end.saturating_sub(at);
    let w = match s.get(at..).and_then(|r| r.first_chunk::<8>()) {
        Some(w) => u64::from_le_bytes(*w),
        // Fewer than eight octets from `at` to the line's end: its last
        // word, shifted down to them (zero shifted in above).
        None => match s.last_chunk::<8>() {
            Some(last) => u64::from_le_bytes(*last) >> (8 * (at + 8 - s.len()).min(7)),
            None => s
                .get(at..)
                .unwrap_or_default()
                .iter()
                .rev()
                .fold(0, |w, &b| w << 8 | u64::from(b)),
        },
    };
    if keep >= 8 {
        w
    } else {
        w & (u64::MAX >> (64 - 8 * keep.max(1)))
    }
}

/// The quotes of `s[start..end]` (at most 64 octets): bit `k` set when
/// `s[start + k]` is `"`. `None` when a `*` is among the octets.
#[inline(always)]
pub(crate) fn quote_mask(s: &[u8], start: usize, end: usize) -> Option<u64> {
    let (mut quotes, mut star) = (0u64, 0u64);
    let mut at = start;
    let mut shift = 0;
    while at < end && shift < 64 {
        let w = word_below(s, at, end);
        quotes |= high_bits_to_octet(eq_mask(w, b'"')) << shift;
        star |= first_eq_mask(w, b'*');
        at += 8;
        shift += 8;
    }
    (star == 0).then_some(quotes)
}

/// The octets of a 16-octet chunk equal to `c`, `0xFF` each: one vector
/// compare.
#[inline(always)]
fn eq_chunk(chunk: &[u8; 16], c: u8) -> [u8; 16] {
    core::array::from_fn(|k| if chunk[k] == c { 0xFF } else { 0 })
}

/// The 16 octets of an [`eq_chunk`] as 16 bits (bit `k` for octet `k`):
/// its two words, each packed by [`high_bits_to_octet`]. The compare is
/// kept in memory ([`black_box`](core::hint::black_box)): read back as
/// words, it stays one vector compare and two word loads, where the
/// compiler otherwise splits it into octet compares and shuffles (three
/// times the instructions).
#[inline(always)]
fn chunk_bits(eq: [u8; 16]) -> u64 {
    let v = u128::from_le_bytes(core::hint::black_box(eq));
    // An octet of `eq` is 0 or 0xFF: its low bit is the bit to pack.
    let word = |w: u128| (w as u64 & ONES).wrapping_mul(0x0102_0408_1020_4080) >> 56;
    word(v) | word(v >> 64) << 8
}

/// The quotes of a line of at most 64 octets: bit `k` set when `s[k]` is
/// `"`; `None` when a `*` is among its octets. Sixteen octets at a time
/// and the line's last sixteen (which overlap the chunk before: the same
/// bits again), each chunk compared with both octets once it is loaded; a
/// line shorter than sixteen, eight at a time and its last eight.
#[inline(always)]
pub(crate) fn quote_bits(s: &[u8]) -> Option<u64> {
    if let Some(last) = s.last_chunk::<16>() {
        let any_star = |c: &[u8; 16]| c.iter().fold(0u8, |any, &x| any | u8::from(x == b'*'));
        let mut star = any_star(last);
        let mut bits = chunk_bits(eq_chunk(last, b'"')) << (s.len() - 16).min(48);
        for k in 0..3 {
            if let Some(c) = s.get(16 * k..).and_then(|rest| rest.first_chunk::<16>()) {
                bits |= chunk_bits(eq_chunk(c, b'"')) << (16 * k);
                star |= any_star(c);
            }
        }
        return (star == 0).then_some(bits);
    }
    if has_octet(s, b'*') {
        return None;
    }
    let quotes = |w: &[u8; 8]| high_bits_to_octet(eq_mask(u64::from_le_bytes(*w), b'"'));
    let Some(last) = s.last_chunk::<8>() else {
        return Some(
            s.iter()
                .enumerate()
                .fold(0, |bits, (k, &b)| bits | u64::from(b == b'"') << k),
        );
    };
    Some(quotes(last) << (s.len() - 8) | s.first_chunk::<8>().map_or(0, quotes))
}

/// Does `s` hold the octet `c`? Sixteen octets at a time (a vector test),
/// the last sixteen overlapping the chunk before; a shorter `s` by its
/// first and last words.
#[inline(always)]
pub(crate) fn has_octet(s: &[u8], c: u8) -> bool {
    let fold = |acc: u8, chunk: &[u8; 16]| chunk.iter().fold(acc, |acc, &x| acc | u8::from(x == c));
    if let Some(last) = s.last_chunk::<16>() {
        let chunks = s.chunks_exact(16).filter_map(|c| <&[u8; 16]>::try_from(c).ok());
        return chunks.fold(fold(0, last), fold) != 0;
    }
    match (s.first_chunk::<8>(), s.last_chunk::<8>()) {
        (Some(a), Some(b)) => {
            first_eq_mask(u64::from_le_bytes(*a), c) | first_eq_mask(u64::from_le_bytes(*b), c) != 0
        }
        _ => s.iter().fold(false, |found, &b| found | (b == c)),
    }
}

/// Is the pair of quotes at `open` and `open + want.len() + 1` the member
/// `"want"` (or `W/"want"` when `weak_ok`), given that it opens outside
/// quotes: the octets between equal to `want`, OWS and a comma (or the end)
/// after it, and `W/`, OWS and a comma (or the start) before it? (The
/// closing quote of such a pair is the next quote: `want` has none.)
#[inline(always)]
fn is_member_at(s: &[u8], open: usize, want: &[u8], weak_ok: bool) -> bool {
    // `before`, then `"want"` (if the octets between are `want`), then
    // `after`.
    let Some((before, rest)) = s.split_at_checked(open) else {
        return false;
    };
    let Some((quoted, after)) = rest.split_at_checked(want.len() + 2) else {
        return false;
    };
    // The usual separators first: the end or a comma right after the
    // closing quote, and `, `, `,` or the start right before the opening
    // one (a strong tag), tried before `W/` and the general OWS trim.
    let after = match after {
        [] | [b',', ..] => true,
        _ => matches!(skip_ows_front(after), [] | [b',', ..]),
    };
    let separated = |b: &[u8]| match b {
        [.., b',', b' '] | [.., b','] | [] => true,
        _ => matches!(trim_end_ows(b), [] | [.., b',']),
    };
    let before = match before {
        [.., b',', b' '] | [.., b','] | [] => true,
        [rest @ .., b'W', b'/'] => weak_ok && separated(rest),
        _ => separated(before),
    };
    after && before && same_opaque(quoted.get(1..=want.len()).unwrap_or_default(), want)
}

/// `s` without its leading OWS.
#[inline(always)]
fn skip_ows_front(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    s
}

/// The octets of `a` and `b` (of one length) equal: as [`eq_by_words`],
/// but a plain word loop that stops at the first difference, whose set-up
/// (unlike a vectorized loop's) costs nothing to hoist before the search.
#[inline(always)]
fn same_opaque(a: &[u8], b: &[u8]) -> bool {
    let w8 = |c: Option<&[u8; 8]>| c.map(|w| u64::from_le_bytes(*w));
    let w4 = |c: Option<&[u8; 4]>| c.map(|w| u32::from_le_bytes(*w));
    if a.len() != b.len() {
        return false;
    }
    if a.len() >= 8 {
        let mut k = 0;
        while k + 8 < a.len() {
            if w8(a.get(k..).and_then(|r| r.first_chunk())) != w8(b.get(k..).and_then(|r| r.first_chunk())) {
                return false;
            }
            k += 8;
        }
        w8(a.last_chunk()) == w8(b.last_chunk())
    } else if a.len() >= 4 {
        w4(a.first_chunk()) == w4(b.first_chunk()) && w4(a.last_chunk()) == w4(b.last_chunk())
    } else {
        a.iter().zip(b).fold(0, |diff, (x, y)| diff | (x ^ y)) == 0
    }
}

/// Among the quotes `quotes` of the window at `start` (bit `k`: a `"` at
/// `start + k`), with `parity` quotes (mod 2) before the window, is a pair
/// opening at one of the bits of `opens` the member `want`? A pair whose
/// closing quote is past the window is not seen.
#[inline(always)]
fn window_has(
    s: &[u8],
    start: usize,
    quotes: u64,
    opens: u64,
    parity: u32,
    want: &[u8],
    weak_ok: bool,
) -> bool {
    let n = want.len() as u32 + 1;
    let mut pairs = quotes & quotes.checked_shr(n).unwrap_or(0) & opens;
    while pairs != 0 {
        let k = pairs.trailing_zeros();
        // The quotes up to and including the one at `k` (`pairs ^ (pairs
        // - 1)`, the bits up to the lowest pair: one instruction fewer
        // than a mask below `k`), odd when an even number come before it.
        let upto = (quotes & (pairs ^ (pairs - 1))).count_ones();
        if (upto + parity) & 1 == 1 && is_member_at(s, start + k as usize, want, weak_ok) {
            return true;
        }
        pairs &= pairs - 1;
    }
    false
}

/// From `from`, sixteen octets at a time, the first chunk `s[i..i + 16]`
/// that starts a candidate pair (a `"` with another `n` octets after it)
/// or holds a `*`, or where fewer than `n + 16` octets are left; and the
/// parity of the quotes in `s[from..i]`. Branch-free folds over fixed-size
/// arrays, which the compiler vectorizes (about one instruction an octet).
#[inline(always)]
pub(crate) fn scan_pairs(s: &[u8], from: usize, n: usize) -> (usize, u32) {
    let a_chunks = s.get(from..).unwrap_or_default().chunks_exact(16);
    let b_chunks = s.get(from + n..).unwrap_or_default().chunks_exact(16);
    let mut parity = [0u8; 16];
    let mut i = from;
    for (a, b) in a_chunks.zip(b_chunks) {
        let (Ok(a), Ok(b)) = (<&[u8; 16]>::try_from(a), <&[u8; 16]>::try_from(b)) else {
            break;
        };
        let (mut quotes, mut any) = ([0u8; 16], 0u8);
        for k in 0..16 {
            quotes[k] = u8::from(a[k] == b'"');
            any |= (quotes[k] & u8::from(b[k] == b'"')) | u8::from(a[k] == b'*');
        }
        if any != 0 {
            break;
        }
        for k in 0..16 {
            parity[k] ^= quotes[k];
        }
        i += 16;
    }
    (i, u32::from(parity.iter().fold(0, |x, &y| x ^ y)))
}

/// The longest lines the quote-pair search reads in one window; beyond it
/// the search goes sixteen octets at a time.
const WINDOW: usize = 64;

/// Is `[W/]"want"` (`W/` only when `weak_ok`) a member of the list `s`
/// (one line of `If-None-Match` / `If-Match`: members split at commas
/// outside double quotes, trimmed of OWS)? `want` holds no `"` (an
/// entity-tag's opaque part).
///
/// `None` when the answer may need the members walked: `s` holds a `*`
/// (a `*` member changes the list's answer), or `s` is longer than 64
/// octets and `want` longer than 47 (the search's window does not hold a
/// pair and the sixteen octets before it).
#[inline(always)]
pub(crate) fn listed_exactly(s: &[u8], want: &[u8], weak_ok: bool) -> Option<bool> {
    debug_assert!(!want.contains(&b'"'));
    if s.len() <= WINDOW {
        let quotes = quote_bits(s)?;
        return Some(window_has(s, 0, quotes, u64::MAX, 0, want, weak_ok));
    }
    listed_exactly_long(s, want, weak_ok)
}

/// [`listed_exactly`] of a line longer than 64 octets, out of line.
#[inline(never)]
fn listed_exactly_long(s: &[u8], want: &[u8], weak_ok: bool) -> Option<bool> {
    let n = want.len() + 1;
    if n + 16 > WINDOW {
        return None;
    }
    let (mut i, mut parity) = (0, 0);
    loop {
        let (at, passed) = scan_pairs(s, i, n);
        (i, parity) = (at, parity ^ passed);
        if i + n + 16 > s.len() {
            break;
        }
        // The pairs opening in this chunk close within 64 octets.
        let quotes = quote_mask(s, i, (i + WINDOW).min(s.len()))?;
        if window_has(s, i, quotes, 0xFFFF, parity, want, weak_ok) {
            // Found; the rest may still hold a `*`.
            return (find_byte(s, i, b'*') >= s.len()).then_some(true);
        }
        parity ^= (quotes & 0xFFFF).count_ones();
        i += 16;
    }
    // Fewer than `n + 16` octets left: one window.
    let quotes = quote_mask(s, i, s.len())?;
    Some(window_has(s, i, quotes, u64::MAX, parity & 1, want, weak_ok))
}

/// A line's members by the definition, for the oracles here and in
/// `etag::list`: split at every `,` outside double quotes (each `"`
/// toggles), not trimmed, empty ones kept.
#[cfg(test)]
pub(crate) fn naive_members(s: &[u8]) -> std::vec::Vec<&[u8]> {
    let (mut quoted, mut start) = (false, 0);
    let mut pieces = std::vec::Vec::new();
    for (k, &b) in s.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                pieces.push(&s[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    pieces.push(&s[start..]);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: members split at commas outside double quotes,
    /// trimmed of OWS, compared with `"want"` and `W/"want"`.
    pub(crate) fn naive_listed(s: &[u8], want: &[u8], weak_ok: bool) -> bool {
        let pieces = naive_members(s);
        let strong = [&b"\""[..], want, b"\""].concat();
        let weak = [&b"W/"[..], &strong].concat();
        pieces.iter().any(|piece| {
            let mut m = *piece;
            while let [b' ' | b'\t', rest @ ..] = m {
                m = rest;
            }
            while let [rest @ .., b' ' | b'\t'] = m {
                m = rest;
            }
            m == &strong[..] || (weak_ok && m == &weak[..])
        })
    }

    /// The kernel against [`naive_listed`], with its `None` exactly where
    /// documented.
    pub(crate) fn check(s: &[u8], want: &[u8], weak_ok: bool) {
        let got = listed_exactly(s, want, weak_ok);
        if s.contains(&b'*') || (s.len() > WINDOW && want.len() + 17 > WINDOW) {
            assert_eq!(got, None, "{s:?} {want:?}");
        } else {
            assert_eq!(
                got,
                Some(naive_listed(s, want, weak_ok)),
                "{s:?} {want:?} {weak_ok}"
            );
        }
    }

    #[test]
    fn quote_bits_and_has_octet_agree_with_a_byte_scan() {
        let base = b"\"a\", W/\"b\",\"\"\" x\t\"0123456789abcdef0123456789\", \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"*\"";
        for start in 0..base.len() {
            for end in start..=base.len().min(start + 64) {
                let s = &base[start..end];
                let want = s
                    .iter()
                    .enumerate()
                    .fold(0u64, |m, (k, &b)| m | u64::from(b == b'"') << k);
                let star_free = !s.contains(&b'*');
                assert_eq!(quote_bits(s), star_free.then_some(want), "{s:?}");
                for c in [b'*', b'"', b'x', 0] {
                    assert_eq!(has_octet(s, c), s.contains(&c), "{s:?} {c}");
                }
            }
        }
    }

    #[test]
    fn high_bits_to_octet_packs_every_pattern() {
        for bits in 0u64..256 {
            let mut m = 0u64;
            for k in 0..8 {
                if bits >> k & 1 == 1 {
                    m |= 0x80 << (8 * k);
                }
            }
            assert_eq!(high_bits_to_octet(m), bits);
        }
    }

    #[test]
    fn quote_mask_agrees_with_a_byte_scan() {
        let base = b"\"a\", W/\"b\",\"\"\" x\t\"0123456789abcdef0123456789\", \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"";
        for start in 0..base.len() {
            for end in start..=base.len().min(start + 64) {
                for len in [end, base.len()] {
                    let s = &base[..len];
                    let want = (start..end).fold(0u64, |m, k| m | u64::from(s[k] == b'"') << (k - start));
                    assert_eq!(quote_mask(s, start, end), Some(want), "{start}..{end} of {len}");
                }
            }
        }
        let mut s = [b'"'; 70];
        s[69] = b'*';
        assert_eq!(quote_mask(&s, 5, 69), Some(u64::MAX));
        assert_eq!(quote_mask(&s, 6, 70), None);
    }

    #[test]
    fn agrees_with_the_definition_on_short_lists() {
        const PARTS: [&[u8]; 20] = [
            b"\"xyzzy\"",
            b"W/\"xyzzy\"",
            b"\"a\"",
            b"W/\"a\"",
            b"\"a,b\"",
            b"\"\"",
            b", ",
            b",",
            b" ",
            b"\t",
            b"\"",
            b"W/",
            b"w/\"xyzzy\"",
            b"bogus",
            b"x\"xyzzy\"",
            b"\"xyzzy-1\"",
            b"\"0123456789abcdef0123456789abcdef01234567\"",
            b"\"x y\"",
            b"*",
            b"\"a*\"",
        ];
        let wants: [&[u8]; 5] = [
            b"xyzzy",
            b"a",
            b"",
            b"a,b",
            b"0123456789abcdef0123456789abcdef01234567",
        ];
        for a in PARTS {
            for b in PARTS {
                for c in PARTS {
                    let line = [a, b, c].concat();
                    for want in wants {
                        for weak_ok in [true, false] {
                            check(&line, want, weak_ok);
                        }
                    }
                }
            }
        }
    }

    /// Random soups of the pieces that matter, up to about 200 octets (both
    /// paths, every window and chunk boundary), with and without a `*`.
    #[test]
    fn agrees_with_the_definition_on_random_soups() {
        const SOUP: [&[u8]; 12] = [
            b"\"",
            b"\"",
            b",",
            b", ",
            b" ",
            b"\t",
            b"*",
            b"W/",
            b"\"xyzzy\"",
            b"x",
            b"zy",
            b"\"\"",
        ];
        let wants: [&[u8]; 6] = [
            b"",
            b"x",
            b"xyzzy",
            b"zy",
            b"W/x",
            b"xyzzyxyzzyxyzzyxyzzyxyzzyxyzzyxyzzyxyzzyxyzzyx",
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut listed = 0;
        for round in 0..20_000 {
            let len = (next() % 200) as usize;
            let star_free = round % 4 != 0;
            let mut line = std::vec::Vec::new();
            while line.len() < len {
                let piece = SOUP[(next() % SOUP.len() as u64) as usize];
                if !(star_free && piece == b"*") {
                    line.extend_from_slice(piece);
                }
            }
            for want in wants {
                check(&line, want, round % 2 == 0);
            }
            listed += usize::from(naive_listed(&line, b"xyzzy", true));
        }
        // Both answers come up often.
        assert!((2_000..18_000).contains(&listed), "{listed}");
    }

    #[test]
    fn agrees_with_the_definition_on_long_lists() {
        // Fifty hex tags and the wanted one at every place, with odd
        // separators, quotes inside other members and a `*` somewhere.
        let tag = |i: usize| std::format!("\"{:040x}\"", (i as u128).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        for at in [0, 1, 7, 25, 48, 49] {
            for variant in 0..6 {
                let mut tags: std::vec::Vec<std::string::String> = (1..50).map(tag).collect();
                let wanted = match variant {
                    0 => "\"xyzzy\"".into(),
                    1 => "W/\"xyzzy\"".into(),
                    2 => "\"xyzzy\" \t".into(),
                    3 => "\"a, \"xyzzy\"".into(),
                    4 => "\"xy\"zzy\"".into(),
                    _ => "x\"xyzzy\"".into(),
                };
                tags.insert(at, wanted);
                if variant == 5 {
                    tags.insert(at / 2, "*".into());
                }
                for sep in [", ", ",", " ,\t", ", ,"] {
                    let line = tags.join(sep);
                    for weak_ok in [true, false] {
                        check(line.as_bytes(), b"xyzzy", weak_ok);
                        check(line.as_bytes(), b"", weak_ok);
                        check(&line.as_bytes()[..line.len() / 3], b"xyzzy", weak_ok);
                    }
                }
            }
        }
    }
}
