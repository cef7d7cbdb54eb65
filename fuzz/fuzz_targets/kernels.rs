//! Fuzz the word-at-a-time kernels (`src/kernel.rs`, included directly: no
//! public API needed) against naive byte-by-byte oracles written here: the
//! quote and comma searches of the entity-tag list walk, the separator
//! skip, the HTTP-date word readers (and IMF-fixdate's name keys and time
//! of day), and the words `Accept`'s exact-element path compares
//! (`window16`, `essence_of`, `word_at`, `word_of`); the list walks'
//! comma and quote searches (`find_comma_or_quote`, `has_comma`,
//! `quote_bits`, …) and `etagc` runs; and the entity-tag list kernel
//! (`listed_exactly`: is a tag a member of a line).
#![no_main]
#![allow(dead_code)]

#[path = "../../src/kernel/mod.rs"]
mod kernel;

use libfuzzer_sys::fuzz_target;

fn naive_find(s: &[u8], pos: usize, a: u8, b: u8) -> usize {
    (pos..s.len())
        .find(|&k| s[k] == a || s[k] == b)
        .unwrap_or(s.len())
}

fn naive_comma_outside_quotes(s: &[u8], pos: usize) -> usize {
    let mut quoted = false;
    for (k, &b) in s.iter().enumerate().skip(pos) {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => return k,
            _ => {}
        }
    }
    s.len()
}

/// Is `"want"` (or `W/"want"` when `weak_ok`) a member of the list `s`:
/// members split at commas outside double quotes, trimmed of OWS.
fn naive_listed(s: &[u8], want: &[u8], weak_ok: bool) -> bool {
    let strong = [&b"\""[..], want, b"\""].concat();
    let weak = [&b"W/"[..], &strong].concat();
    let mut quoted = false;
    s.split(|&o| {
        quoted ^= o == b'"';
        o == b',' && !quoted
    })
    .any(|piece| {
        let mut m = piece;
        while let [b' ' | b'\t', rest @ ..] = m {
            m = rest;
        }
        while let [rest @ .., b' ' | b'\t'] = m {
            m = rest;
        }
        m == &strong[..] || (weak_ok && m == &weak[..])
    })
}

fn naive_mask(w: u64, a: u8, b: u8) -> u64 {
    let mut m = 0;
    for (k, o) in w.to_le_bytes().into_iter().enumerate() {
        if o == a || o == b {
            m |= 0x80 << (8 * k);
        }
    }
    m
}

const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];
const DAYS: [&[u8; 3]; 7] = [b"Sun", b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat"];

fuzz_target!(|data: &[u8]| {
    let Some((&head, s)) = data.split_first() else {
        return;
    };
    let pos = usize::from(head) % (s.len() + 2);
    let (a, b) = (
        s.first().copied().unwrap_or(b'"'),
        s.last().copied().unwrap_or(b','),
    );

    // The searches of the entity-tag list walk.
    for w in s.windows(8) {
        let word = u64::from_le_bytes(w.try_into().unwrap());
        let bits = kernel::first_eq_mask(word, a);
        assert_eq!(
            (bits != 0).then(|| (bits.trailing_zeros() / 8) as usize),
            w.iter().position(|&x| x == a)
        );
    }
    assert_eq!(kernel::find_byte(s, pos, a), naive_find(s, pos, a, a));
    assert_eq!(kernel::find_quote(s, pos), naive_find(s, pos, b'"', b'"'));
    assert_eq!(kernel::find_eq2(s, pos, a, b), naive_find(s, pos, a, b));
    assert_eq!(
        kernel::find_eq2(s, pos, b',', b'"'),
        naive_find(s, pos, b',', b'"')
    );
    if pos <= s.len() {
        assert_eq!(
            kernel::comma_outside_quotes(s, pos),
            naive_comma_outside_quotes(s, pos)
        );
    }
    let naive_skip = (pos..s.len())
        .find(|&k| !matches!(s[k], b',' | b' ' | b'\t'))
        .unwrap_or(s.len().max(pos));
    assert_eq!(kernel::skip_separators(s, pos), naive_skip);
    let mut trimmed = s;
    while let [rest @ .., b' ' | b'\t'] = trimmed {
        trimmed = rest;
    }
    assert_eq!(kernel::trim_end_ows(s), trimmed);

    // Slice equality by words: each half against the other, and against
    // itself with one octet changed.
    let (x, y) = s.split_at(s.len() / 2);
    assert_eq!(kernel::eq_by_words(x, y), x == y);
    assert!(kernel::eq_by_words(x, x));
    if let Some(k) = usize::from(head).checked_rem(x.len()) {
        let mut z = x.to_vec();
        z[k] ^= 0x20;
        assert!(!kernel::eq_by_words(x, &z));
    }

    // ASCII case-insensitive equality (and the word path for 8 to 16
    // octets): each half against the other, and against itself in another
    // case.
    let upper = x.to_ascii_uppercase();
    for eq in [kernel::eq_ignore_case, kernel::eq_ignore_case_long] {
        assert_eq!(eq(x, y), x.eq_ignore_ascii_case(y));
        assert!(eq(x, &upper));
    }

    // Word kernels on every eight-octet window.
    for window in s.windows(8) {
        let bytes: [u8; 8] = window.try_into().unwrap();
        let w = u64::from_le_bytes(bytes);
        assert_eq!(kernel::eq_mask(w, a), naive_mask(w, a, a));
        assert_eq!(kernel::eq2_mask(w, a, b), naive_mask(w, a, b));
        // Digits under a mask taken from the first octet.
        let mut mask = 0u64;
        let mut all_digits = true;
        for (k, &o) in bytes.iter().enumerate() {
            if head >> k & 1 == 1 {
                mask |= 0xFF << (8 * k);
                all_digits &= o.is_ascii_digit();
            }
        }
        assert_eq!(kernel::digits_at(w, mask), all_digits);
        let digit = |k: usize| u32::from(bytes[k].wrapping_sub(b'0'));
        for at in 0..7 {
            if bytes[at].is_ascii_digit() && bytes[at + 1].is_ascii_digit() {
                assert_eq!(kernel::two_digits(w, at as u32), digit(at) * 10 + digit(at + 1));
            }
        }
        let naive_hms = match bytes {
            [h1, h2, b':', m1, m2, b':', s1, s2]
                if [h1, h2, m1, m2, s1, s2].iter().all(u8::is_ascii_digit) =>
            {
                Some((
                    digit(0) * 10 + digit(1),
                    digit(3) * 10 + digit(4),
                    digit(6) * 10 + digit(7),
                ))
            }
            _ => None,
        };
        assert_eq!(kernel::hms(w), naive_hms);
        // The IMF-fixdate time of day: in range, as seconds; otherwise none.
        assert_eq!(
            kernel::hms_seconds(w),
            naive_hms
                .filter(|&(h, m, s)| h < 24 && m < 60 && s < 60)
                .map(|(h, m, s)| h * 3600 + m * 60 + s)
        );
        for at in 0..=4usize {
            let digits = &bytes[at..at + 4];
            if digits.iter().all(u8::is_ascii_digit) {
                let naive = digits.iter().fold(0, |v, &d| v * 10 + u32::from(d - b'0'));
                assert_eq!(kernel::four_digits(w, at as u32), naive);
            }
        }
    }

    // The words of `Accept`'s exact-element path: the sixteen octets at
    // `pos` (zero past the end), compared under an offer's essence mask,
    // and a token read from the line as `word_of` packs it.
    let mut padded = [0u8; 16];
    for (k, slot) in padded.iter_mut().enumerate() {
        *slot = s.get(pos + k).copied().unwrap_or(0);
    }
    let window = kernel::window16(s, pos);
    assert_eq!(window, u128::from_le_bytes(padded), "window16({pos})");
    if let Some(slash) = s.get(pos..).and_then(|rest| rest.iter().position(|&o| o == b'/')) {
        let (ty, sub) = (&s[pos..pos + slash], &s[pos + slash + 1..]);
        let sub = &sub[..sub.len().min(usize::from(b) % 17)];
        let (word, mask) = kernel::essence_of(ty, sub);
        let mut essence = ty.to_ascii_lowercase();
        essence.push(b'/');
        essence.extend(sub.to_ascii_lowercase());
        let comparable = !ty.is_empty() && !sub.is_empty() && essence.len() <= 16 && sub != b"*";
        let written = s[pos..].starts_with(&essence);
        assert_eq!(
            window & mask == word,
            comparable && written,
            "essence_of({ty:?}, {sub:?})"
        );
    }
    for len in 0..=9 {
        let naive = s
            .get(pos..)
            .filter(|rest| rest.len() >= 8 && len <= 8)
            .map(|rest| {
                rest[..len]
                    .iter()
                    .rev()
                    .fold(0u64, |word, &o| word << 8 | u64::from(o))
            });
        assert_eq!(kernel::word_at(s, pos, len), naive, "word_at({pos}, {len})");
        if let (Some(word), Some(token)) = (naive, s.get(pos..pos + len)) {
            // `word_of` lowercases; tokens (no zero octet) of 1..=8 octets
            // written in lowercase read back as the same word.
            if (1..=8).contains(&len) && token.iter().all(|&o| o != 0 && !o.is_ascii_uppercase()) {
                assert_eq!(kernel::word_of(token), word);
            }
        }
    }

    // The entity-tag list kernel: is `"want"` a member of the line? `want`
    // is a quote-free piece of the line itself (so it is often there).
    let want: Vec<u8> = s
        .get(pos..)
        .unwrap_or_default()
        .iter()
        .copied()
        .filter(|&o| o != b'"')
        .take(usize::from(head % 50))
        .collect();
    for weak_ok in [false, true] {
        let none = s.contains(&b'*') || (s.len() > 64 && want.len() > 47);
        let naive = (!none).then(|| naive_listed(s, &want, weak_ok));
        assert_eq!(kernel::listed_exactly(s, &want, weak_ok), naive, "{s:?} {want:?}");
    }

    // The comma and quote searches of the list walks: the first `,` or `"`
    // (and which), any `,`, and the quotes as bits (`None` with a `*`).
    let naive_cq = s
        .get(pos..)
        .and_then(|rest| rest.iter().position(|&o| o == b',' || o == b'"'))
        .map(|k| (pos + k, s[pos + k] == b','));
    assert_eq!(kernel::find_comma_or_quote(s, pos), naive_cq);
    assert_eq!(kernel::has_comma(s), s.contains(&b','));
    assert_eq!(kernel::has_octet(s, a), s.contains(&a));
    for w in s.windows(8) {
        let at = w.iter().position(|&o| o == b',' || o == b'"');
        let word = u64::from_le_bytes(w.try_into().unwrap());
        assert_eq!(kernel::comma_or_quote_in(word), at.map(|k| (k, w[k] == b',')));
        assert_eq!(kernel::has_zero(word), w.contains(&0));
        let bits = w
            .iter()
            .enumerate()
            .fold(0u64, |m, (k, &o)| m | u64::from(o == a) << k);
        assert_eq!(kernel::high_bits_to_octet(kernel::eq_mask(word, a)), bits);
    }
    if s.len() <= 64 {
        let quotes = s
            .iter()
            .enumerate()
            .fold(0u64, |m, (k, &o)| m | u64::from(o == b'"') << k);
        let naive = (!s.contains(&b'*')).then_some(quotes);
        assert_eq!(kernel::quote_bits(s), naive);
        assert_eq!(kernel::quote_mask(s, 0, s.len()), naive);
    }
    for chunk in s.windows(16) {
        let chunk: &[u8; 16] = chunk.try_into().unwrap();
        assert_eq!(
            kernel::any16_eq2(chunk, a, b),
            chunk.iter().any(|&o| o == a || o == b)
        );
    }

    // `etagc` runs: sixteen, eight and one octet at a time.
    let etagc = |o: u8| o == 0x21 || (0x23..=0x7E).contains(&o) || o >= 0x80;
    let naive_end = (pos.min(s.len())..s.len())
        .find(|&k| !etagc(s[k]))
        .unwrap_or(s.len());
    if pos <= s.len() {
        assert_eq!(kernel::etagc_end(s, pos), naive_end);
        assert_eq!(kernel::etagc_end_swar(s, pos), naive_end);
    }
    for w in s.windows(8) {
        let word = u64::from_le_bytes(w.try_into().unwrap());
        assert_eq!(kernel::has_non_etagc(word), !w.iter().all(|&o| etagc(o)));
    }
    for chunk in s.windows(16) {
        let chunk: &[u8; 16] = chunk.try_into().unwrap();
        assert_eq!(
            kernel::chunk_has_non_etagc(chunk),
            !chunk.iter().all(|&o| etagc(o))
        );
    }

    // Case-insensitive prefixes, octet equality, first octets.
    let naive_prefix = s
        .get(pos..)
        .unwrap_or_default()
        .iter()
        .zip(y)
        .take_while(|(p, q)| p.eq_ignore_ascii_case(q))
        .count();
    assert_eq!(kernel::common_prefix_ignore_case(s, pos, y), naive_prefix);
    assert_eq!(kernel::bytes_eq(x, y), x == y);
    assert_eq!(
        kernel::first_lowercase(s),
        s.first().map_or(0, u8::to_ascii_lowercase)
    );
    for w in s.windows(4) {
        let firsts = u32::from_le_bytes(w.try_into().unwrap()) | 0x2020_2020;
        let naive = firsts
            .to_le_bytes()
            .iter()
            .enumerate()
            .fold(0u32, |m, (k, &o)| m | u32::from(o == a | 0x20) << (8 * k + 7));
        assert_eq!(kernel::same_first(firsts, a), naive);
    }

    // Names as three-octet keys.
    for name in s.windows(3) {
        let name: [u8; 3] = name.try_into().unwrap();
        let key = kernel::key3(name);
        let month = MONTHS.iter().position(|m| **m == name).map(|i| i as u32 + 1);
        assert_eq!(kernel::month_number(key), month);
        let day = DAYS.iter().position(|d| **d == name);
        assert_eq!(kernel::day_index(key), day);
        assert_eq!(kernel::is_day_name(key), day.is_some());
    }
    // IMF-fixdate's four-octet keys: a month name and SP, a day name and a
    // comma.
    for name in s.windows(4) {
        let w = u32::from_le_bytes(name.try_into().unwrap());
        let month = MONTHS
            .iter()
            .position(|m| name[3] == b' ' && m[..] == name[..3])
            .map(|i| i as u32 + 1);
        assert_eq!(kernel::month_sp(w).map(|m| u32::from(m.number)), month);
        let day = DAYS.iter().any(|d| name[3] == b',' && d[..] == name[..3]);
        assert_eq!(kernel::is_day_comma(w), day);
    }
});
