//! Fuzz HTTP-date parsing. Asserts: whatever parses formats to 29 octets of
//! IMF-fixdate that parses back to the same instant (round trip); where
//! `httpdate` also accepts the input, both give the same instant (except rfc850
//! years 70..=76, which httpdate pivots at 70 and conneg reads by the 50-year
//! rule relative to 2026).
#![no_main]

use std::time::UNIX_EPOCH;

use conneg::HttpDate;
use libfuzzer_sys::fuzz_target;

const NOW: i64 = 1_795_651_200; // 2026-11-26

fuzz_target!(|data: &[u8]| {
    let now = HttpDate::from_unix_seconds(NOW).unwrap();
    let ours = HttpDate::parse(data, now);
    if let Some(d) = ours {
        let text = d.format();
        assert_eq!(text.as_bytes().len(), 29);
        assert_eq!(HttpDate::parse(text.as_bytes(), now), Some(d), "round trip");
        assert!(d >= HttpDate::MIN && d <= HttpDate::MAX);
    }
    let Ok(s) = std::str::from_utf8(data) else { return };
    let theirs = httpdate::parse_http_date(s).ok();
    if let (Some(a), Some(b)) = (ours, theirs) {
        let ambiguous = s
            .find('-')
            .and_then(|i| s.get(i + 5..i + 7))
            .and_then(|yy| yy.parse::<u8>().ok())
            .is_some_and(|yy| (70..=76).contains(&yy));
        if !ambiguous {
            let b = b.duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
            assert_eq!(a.unix_seconds(), b, "disagreement with httpdate on {s:?}");
        }
    }
});
