//! The IMF-fixdate kernels: the time of day checked and summed as one word,
//! and the day and month names (with the separator that follows them) found
//! by a perfect hash of their four octets, each with a naive oracle test
//! below. A table lookup and one comparison replace the dozen comparisons of
//! a search through the names.

#[allow(unused_imports)]
use super::*;

/// `HH:MM:SS` read as one word ([`hms`]), as seconds of the day when it is
/// `00:00:00`..=`23:59:59`; `None` for anything else, a leap second
/// (`:60`) included, which the caller reads with [`hms`].
///
/// The three range tests are one: octet `k` of `pairs` is `10 * t[k] +
/// t[k + 1]` (at most 110, see [`hms`]), and adding 104 to the hours' octet
/// and 68 to the minutes' and seconds' sets their high bit exactly when they
/// are at least 24, 60 and 60 (at most 110 + 104 < 256: no carry between
/// octets).
#[inline(always)]
pub(crate) const fn hms_seconds(w: u64) -> Option<u32> {
    const COLONS: u64 = 0x0000_FF00_00FF_0000;
    const LIMITS: u64 = (128 - 24) | (128 - 60) << 24 | (128 - 60) << 48;
    const TOPS: u64 = 0x80 | 0x80 << 24 | 0x80 << 48;
    if w & COLONS != 0x0000_3A00_003A_0000 || !digits_at(w, !COLONS) {
        return None;
    }
    let t = w - ONES * 0x30;
    let pairs = t * 10 + (t >> 8);
    if pairs.wrapping_add(LIMITS) & TOPS != 0 {
        return None;
    }
    let (h, m, s) = (
        pairs as u32 & 0xFF,
        (pairs >> 24) as u32 & 0xFF,
        (pairs >> 48) as u32 & 0xFF,
    );
    Some(h * 3600 + m * 60 + s)
}

/// What the IMF-fixdate arithmetic needs of a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Month {
    /// `Jan `..`Dec ` (the name and SP) as a little-endian word.
    key: u32,
    /// 1..=12.
    pub(crate) number: u8,
    /// Its days in a common year (February: 28).
    pub(crate) days: u8,
    /// January or February: the day counts from 1 March go back a year.
    pub(crate) jan_feb: u8,
    /// Days from 1 March to its first day.
    pub(crate) from_march: u16,
}

const MONTH_NAMES: &[u8; 36] = b"JanFebMarAprMayJunJulAugSepOctNovDec";
const DAY_NAMES: &[u8; 21] = b"SunMonTueWedThuFriSat";

/// The perfect hashes: the top bits of the key times a multiplier, distinct
/// for the twelve `Mon ` keys (16 slots) and the seven `Day,` keys (8
/// slots); the tables' builders fail to compile otherwise.
const MONTH_MUL: u32 = 26_596;
const DAY_MUL: u32 = 2_466;

#[inline(always)]
const fn month_slot(key: u32) -> usize {
    (key.wrapping_mul(MONTH_MUL) >> 28) as usize
}

#[inline(always)]
const fn day_slot(key: u32) -> usize {
    (key.wrapping_mul(DAY_MUL) >> 29) as usize
}

/// Three name octets and a fourth as a little-endian word.
const fn key4(names: &[u8], i: usize, fourth: u8) -> u32 {
    u32::from_le_bytes([names[3 * i], names[3 * i + 1], names[3 * i + 2], fourth])
}

/// The months by [`month_slot`]. An empty slot holds a key that hashes
/// elsewhere (January's, whose slot is taken), so no input key matches it.
const MONTHS: [Month; 16] = {
    let jan = key4(MONTH_NAMES, 0, b' ');
    let empty = Month {
        key: jan,
        number: 0,
        days: 0,
        jan_feb: 0,
        from_march: 0,
    };
    let mut t = [empty; 16];
    let mut i = 0;
    while i < 12 {
        let key = key4(MONTH_NAMES, i, b' ');
        let slot = month_slot(key);
        assert!(t[slot].number == 0, "month hash collision");
        let m = i as u32 + 1;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        t[slot] = Month {
            key,
            number: m as u8,
            days: match m {
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            },
            jan_feb: (m <= 2) as u8,
            from_march: ((153 * mp + 2) / 5) as u16,
        };
        i += 1;
    }
    assert!(month_slot(jan) != 0 || t[0].number != 0);
    t
};

/// The `Day,` keys by [`day_slot`]; the empty slot holds Sunday's key, which
/// hashes elsewhere.
const DAYS: [u32; 8] = {
    let sun = key4(DAY_NAMES, 0, b',');
    let mut t = [0u32; 8];
    let mut used = [false; 8];
    let mut i = 0;
    while i < 7 {
        let key = key4(DAY_NAMES, i, b',');
        let slot = day_slot(key);
        assert!(!used[slot], "day hash collision");
        t[slot] = key;
        used[slot] = true;
        i += 1;
    }
    let mut k = 0;
    while k < 8 {
        if !used[k] {
            t[k] = sun;
        }
        k += 1;
    }
    t
};

/// The month of `Jan `..`Dec ` (the name in its exact case and SP, the
/// first four octets of `w` as a little-endian word).
#[inline(always)]
pub(crate) const fn month_sp(w: u32) -> Option<Month> {
    let m = MONTHS[month_slot(w)];
    if m.key == w { Some(m) } else { None }
}

/// Is `w` (four octets, little-endian) `Sun,`..`Sat,`: a day name in its
/// exact case and a comma?
#[inline(always)]
pub(crate) const fn is_day_comma(w: u32) -> bool {
    DAYS[day_slot(w)] == w
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The naive reading of four octets: a month name and SP.
    fn naive_month(b: [u8; 4]) -> Option<u32> {
        if b[3] != b' ' {
            return None;
        }
        MONTH_NAMES
            .chunks(3)
            .position(|n| n == &b[..3])
            .map(|i| i as u32 + 1)
    }

    fn naive_day(b: [u8; 4]) -> bool {
        b[3] == b',' && DAY_NAMES.chunks(3).any(|n| n == &b[..3])
    }

    #[test]
    fn name_hashes_agree_with_a_search() {
        // Every name with every fourth octet, and every octet changed in
        // each name's place, plus random words.
        let mut words: std::vec::Vec<[u8; 4]> = std::vec::Vec::new();
        for names in [&MONTH_NAMES[..], &DAY_NAMES[..]] {
            for n in names.chunks(3) {
                for fourth in 0..=255u8 {
                    words.push([n[0], n[1], n[2], fourth]);
                }
                for at in 0..3 {
                    for o in 0..=255u8 {
                        let mut w = [n[0], n[1], n[2], b' '];
                        w[at] = o;
                        words.push(w);
                        w[3] = b',';
                        words.push(w);
                    }
                }
            }
        }
        let mut x: u32 = 0x9E37_79B9;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            words.push(x.to_le_bytes());
        }
        words.push([0; 4]);
        words.push([0xFF; 4]);
        for b in words {
            let w = u32::from_le_bytes(b);
            let month = month_sp(w);
            assert_eq!(month.map(|m| u32::from(m.number)), naive_month(b), "{b:?}");
            assert_eq!(is_day_comma(w), naive_day(b), "{b:?}");
            if let Some(m) = month {
                let n = u32::from(m.number);
                let mp = if n > 2 { n - 3 } else { n + 9 };
                assert_eq!(u32::from(m.from_march), (153 * mp + 2) / 5);
                assert_eq!(m.jan_feb == 1, n <= 2);
                let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
                assert_eq!(m.days, days[n as usize - 1]);
            }
        }
    }

    #[test]
    fn hms_seconds_agrees_with_hms_and_the_ranges() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for round in 0..400_000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut b = x.to_le_bytes();
            if round % 4 != 0 {
                for (k, o) in b.iter_mut().enumerate() {
                    *o = if k == 2 || k == 5 { b':' } else { b'0' + *o % 10 };
                }
                if round % 3 == 0 {
                    b[(round as usize / 3) % 8] = (round >> 4) as u8;
                }
            }
            let w = u64::from_le_bytes(b);
            let naive = hms(w)
                .filter(|&(h, m, s)| h < 24 && m < 60 && s < 60)
                .map(|(h, m, s)| h * 3600 + m * 60 + s);
            assert_eq!(hms_seconds(w), naive, "{b:?}");
        }
        // Every time of day, and the edges past it.
        for h in 0..100u32 {
            for m in 0..100u32 {
                for s in [0, 1, 9, 10, 58, 59, 60, 61, 99] {
                    let text = std::format!("{h:02}:{m:02}:{s:02}");
                    let w = u64::from_le_bytes(text.as_bytes().try_into().unwrap());
                    let want = (h < 24 && m < 60 && s < 60).then(|| h * 3600 + m * 60 + s);
                    assert_eq!(hms_seconds(w), want, "{text}");
                }
            }
        }
    }
}
