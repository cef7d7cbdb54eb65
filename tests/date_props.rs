//! HTTP-date properties (S-22..S-28): format/parse round trips over the whole
//! supported range, and the `httpdate` crate as a differential oracle — where
//! both accept an input they agree on the instant. `httpdate` reads rfc850
//! two-digit years with a pivot at 70 where conneg applies the 50-year rule
//! (S-26), so with "now" in 2026 the years `70`..=`76` are left out of that
//! comparison; `httpdate` also checks the day name against the date and only
//! covers 1970..=9999, so it rejects inputs conneg accepts, never the reverse
//! within that range.

use std::time::{Duration, UNIX_EPOCH};

use conneg::HttpDate;
use proptest::prelude::*;

const NOW: i64 = 1_795_651_200; // 2026-11-26

fn now() -> HttpDate {
    HttpDate::from_unix_seconds(NOW).unwrap()
}

fn rfc850(imf: &str) -> String {
    let long = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ]
    .into_iter()
    .find(|l| l.starts_with(&imf[0..3]))
    .unwrap();
    format!(
        "{long}, {}-{}-{} {} GMT",
        &imf[5..7],
        &imf[8..11],
        &imf[14..16],
        &imf[17..25]
    )
}

fn asctime(imf: &str) -> String {
    format!(
        "{} {} {:>2} {} {}",
        &imf[0..3],
        &imf[8..11],
        imf[5..7].trim_start_matches('0'),
        &imf[17..25],
        &imf[12..16]
    )
}

fn rfc850_year_ambiguous(s: &str) -> bool {
    // "Weekday, DD-Mon-YY ..." with YY in 70..=76.
    s.find('-')
        .and_then(|i| s.get(i + 5..i + 7))
        .and_then(|yy| yy.parse::<u8>().ok())
        .is_some_and(|yy| (70..=76).contains(&yy))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(4096)
    ))]

    /// S-23, S-24: always 29 octets; parse(format(t)) = t; the same instant
    /// written as asctime parses to it too (S-22).
    #[test]
    fn format_then_parse_round_trips(secs in HttpDate::MIN.unix_seconds()..=HttpDate::MAX.unix_seconds()) {
        let d = HttpDate::from_unix_seconds(secs).unwrap();
        let text = d.format();
        prop_assert_eq!(text.as_bytes().len(), 29);
        prop_assert_eq!(HttpDate::parse(text.as_bytes(), now()), Some(d));
        prop_assert_eq!(HttpDate::parse(asctime(text.as_str()).as_bytes(), now()), Some(d));
    }

    /// S-26: rfc850 within the 50-year window round trips: from one second
    /// after 50 years before `now` to exactly 50 years after it.
    #[test]
    fn rfc850_round_trips_within_the_window(secs in 217_814_401i64..=3_373_574_400) { // 1976-11-26 00:00:01..=2076-11-26
        let d = HttpDate::from_unix_seconds(secs).unwrap();
        let text = rfc850(d.format().as_str());
        prop_assert_eq!(HttpDate::parse(text.as_bytes(), now()), Some(d), "{}", text);
    }

    /// The formatter agrees with httpdate over 1970..=9999.
    #[test]
    fn format_agrees_with_httpdate(secs in 0i64..=253_402_300_799) {
        let d = HttpDate::from_unix_seconds(secs).unwrap();
        let theirs = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(secs as u64));
        let ours = d.format();
        prop_assert_eq!(ours.as_str(), theirs.as_str());
    }

    /// S-26 against a transcription of RFC 9110 §5.6.7 on generated
    /// instants and clocks: "Recipients of a timestamp value in rfc850-date
    /// format, which uses a two-digit year, MUST interpret a timestamp that
    /// appears to be more than 50 years in the future as representing the
    /// most recent year in the past that had the same last two digits."
    #[test]
    fn s26_two_digit_year_matches_a_transcription_of_the_rfc(
        now_secs in 0i64..=4_102_444_799, // clocks in 1970..=2099
        date_secs in -2_208_988_800i64..=7_258_118_399, // dates in 1900..=2199
    ) {
        let now = HttpDate::from_unix_seconds(now_secs).unwrap();
        let date = HttpDate::from_unix_seconds(date_secs).unwrap();
        let (ny, nm, nd, ntod) = naive::civil(now_secs);
        prop_assume!(!(nm == 2 && nd == 29)); // "now + 50 years" of a leap day: see the named test
        let text = rfc850(date.format().as_str());
        let (_, m, d, tod) = naive::civil(date_secs);
        let yy = naive::civil(date_secs).0.rem_euclid(100);
        // The instant 50 years after now, by day counting.
        let limit = naive::instant(ny + 50, nm, nd, ntod);
        // Every year ending in `yy` near now; those not more than 50 years
        // in the future; the latest of them.
        let want = (ny - 150..=ny + 150)
            .filter(|y| y.rem_euclid(100) == yy)
            .filter(|&y| naive::valid(y, m, d) && naive::instant(y, m, d, tod) <= limit)
            .max()
            .unwrap();
        let got = HttpDate::parse(text.as_bytes(), now).map(HttpDate::year);
        prop_assert_eq!(got, Some(want), "{} read at {}", text, now.format().as_str());
    }

    /// Where both parsers accept a (possibly mutated) date, same instant.
    #[test]
    fn parse_agrees_with_httpdate_where_both_accept(
        secs in 0i64..=253_402_300_799,
        form in 0u8..3,
        pos in 0usize..32,
        byte in prop::sample::select(&b" ,-:0123456789GMTSunMonJanFebDecW\t"[..]),
        mutate in any::<bool>(),
    ) {
        let imf = HttpDate::from_unix_seconds(secs).unwrap().format().as_str().to_string();
        let mut text = match form { 0 => imf, 1 => rfc850(&imf), _ => asctime(&imf) }.into_bytes();
        if mutate && pos < text.len() {
            text[pos] = byte;
        }
        let Ok(s) = std::str::from_utf8(&text) else { return Ok(()) };
        let ours = HttpDate::parse(s.as_bytes(), now());
        let theirs = httpdate::parse_http_date(s).ok();
        if let (Some(a), Some(b)) = (ours, theirs) {
            if !rfc850_year_ambiguous(s) {
                let theirs = b.duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
                prop_assert_eq!(a.unix_seconds(), theirs, "{}", s);
            }
        }
        if !mutate {
            prop_assert!(ours.is_some(), "an unmutated date parses: {}", s);
        }
    }

    /// Arbitrary bytes never panic, and whatever parses formats back to a
    /// value that parses to the same instant.
    #[test]
    fn arbitrary_input_is_safe(bytes in prop::collection::vec(any::<u8>(), 0..40)) {
        if let Some(d) = HttpDate::parse(&bytes, now()) {
            prop_assert_eq!(HttpDate::parse(d.format().as_bytes(), now()), Some(d));
        }
    }
}

#[test]
fn s22_three_formats_same_instant() {
    let a = HttpDate::parse(b"Sun, 06 Nov 1994 08:49:37 GMT", now());
    let b = HttpDate::parse(b"Sunday, 06-Nov-94 08:49:37 GMT", now());
    let c = HttpDate::parse(b"Sun Nov  6 08:49:37 1994", now());
    assert_eq!(a.map(HttpDate::unix_seconds), Some(784_111_777));
    assert!(a == b && b == c);
}

#[test]
fn s25_names_are_case_sensitive() {
    for s in [
        "sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 gmt",
        "sunday, 06-Nov-94 08:49:37 GMT",
        "Sun NOV  6 08:49:37 1994",
    ] {
        assert_eq!(HttpDate::parse(s.as_bytes(), now()), None, "{s}");
    }
}

#[test]
fn s26_fifty_year_rule_with_a_pinned_clock() {
    let year = |s: &str| HttpDate::parse(s.as_bytes(), now()).map(HttpDate::year);
    assert_eq!(year("Sunday, 06-Nov-94 08:49:37 GMT"), Some(1994));
    assert_eq!(year("Wednesday, 06-Nov-30 08:49:37 GMT"), Some(2030));
    assert_eq!(
        year("Friday, 01-Jan-76 00:00:00 GMT"),
        Some(2076),
        "exactly 50 years ahead is not more than 50"
    );
    assert_eq!(year("Saturday, 01-Jan-77 00:00:00 GMT"), Some(1977));
}

/// The boundary second, on both sides, for clocks across a year: a date
/// exactly 50 years after `now` keeps its century, one second later it is
/// read as 100 years earlier (RFC 9110 §5.6.7 compares the instants).
#[test]
fn s26_two_digit_year_at_the_boundary_second() {
    // 2026-01-01 00:00:00, 2026-03-14 12:30:45, 2026-06-30 23:59:59,
    // 2026-12-04 16:00:00, 2026-12-31 23:59:59.
    for now_secs in [
        1_767_225_600i64,
        1_773_491_445,
        1_782_863_999,
        1_796_400_000,
        1_798_761_599,
    ] {
        let now = HttpDate::from_unix_seconds(now_secs).unwrap();
        let (y, m, d, tod) = naive::civil(now_secs);
        let boundary = naive::instant(y + 50, m, d, tod);
        let year_of = |secs: i64| naive::civil(secs).0;
        for (secs, want) in [
            (boundary - 1, year_of(boundary - 1)),
            (boundary, y + 50),
            (boundary + 1, year_of(boundary + 1) - 100),
        ] {
            let text = rfc850(HttpDate::from_unix_seconds(secs).unwrap().format().as_str());
            assert_eq!(
                HttpDate::parse(text.as_bytes(), now).map(HttpDate::year),
                Some(want),
                "{text} read at {}",
                now.format().as_str()
            );
        }
    }
}

/// The case from the field: read on 2026-12-04, `05-Dec-76` is more than 50
/// years ahead, so it is 1976, not 2076 (a GET with that If-Modified-Since
/// must not get 304 for a representation modified since 1976).
#[test]
fn s26_two_digit_year_one_day_past_fifty_years() {
    let now = HttpDate::from_unix_seconds(1_796_400_000).unwrap(); // 2026-12-04 16:00:00
    let year = |s: &str| HttpDate::parse(s.as_bytes(), now).map(HttpDate::year);
    assert_eq!(year("Saturday, 05-Dec-76 00:00:00 GMT"), Some(1976));
    assert_eq!(year("Friday, 04-Dec-76 16:00:00 GMT"), Some(2076));
    assert_eq!(year("Friday, 04-Dec-76 16:00:01 GMT"), Some(1976));
}

/// A leap-day clock: 50 years after 2028-02-29 is read as the same month,
/// day and time of day in 2078 (which has no 29 February), so 28 February
/// 2078 keeps its century and 1 March 2078 is read as 1978.
#[test]
fn s26_two_digit_year_with_a_leap_day_clock() {
    let now = HttpDate::from_unix_seconds(1_835_395_200).unwrap(); // 2028-02-29 00:00:00
    let year = |s: &str| HttpDate::parse(s.as_bytes(), now).map(HttpDate::year);
    assert_eq!(year("Monday, 28-Feb-78 23:59:59 GMT"), Some(2078));
    assert_eq!(year("Tuesday, 01-Mar-78 00:00:00 GMT"), Some(1978));
}

/// 29 February of a two-digit year whose reading in the window has no such
/// day (2100) is the most recent earlier year that has one (2000), as the
/// transcription above reads it (a case the property test found).
#[test]
fn s26_two_digit_year_leap_day_of_a_century_without_one() {
    let now = HttpDate::from_unix_seconds(2_529_705_600).unwrap(); // 2050-03-01 00:00:00
    let year = |s: &str| HttpDate::parse(s.as_bytes(), now).map(HttpDate::year);
    assert_eq!(year("Tuesday, 29-Feb-00 00:00:00 GMT"), Some(2000));
    assert_eq!(year("Sunday, 28-Feb-00 00:00:00 GMT"), Some(2100));
}

/// A naive calendar for the oracles: day counting, no shortcuts.
mod naive {
    pub fn leap(y: i64) -> bool {
        (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
    }
    pub fn month_days(y: i64, m: i64) -> i64 {
        [
            31,
            if leap(y) { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ][(m - 1) as usize]
    }
    pub fn valid(y: i64, m: i64, d: i64) -> bool {
        (1..=12).contains(&m) && d >= 1 && d <= month_days(y, m)
    }
    /// Seconds since 1970 of a calendar date and time of day (seconds).
    pub fn instant(y: i64, m: i64, d: i64, tod: i64) -> i64 {
        let mut days = 0;
        if y >= 1970 {
            days += (1970..y).map(|y| if leap(y) { 366 } else { 365 }).sum::<i64>();
        } else {
            days -= (y..1970).map(|y| if leap(y) { 366 } else { 365 }).sum::<i64>();
        }
        days += (1..m).map(|m| month_days(y, m)).sum::<i64>();
        (days + d - 1) * 86_400 + tod
    }
    /// (year, month, day, seconds of the day) of an instant.
    pub fn civil(secs: i64) -> (i64, i64, i64, i64) {
        let (mut days, tod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let mut y = 1970;
        while days < 0 {
            y -= 1;
            days += if leap(y) { 366 } else { 365 };
        }
        while days >= if leap(y) { 366 } else { 365 } {
            days -= if leap(y) { 366 } else { 365 };
            y += 1;
        }
        let mut m = 1;
        while days >= month_days(y, m) {
            days -= month_days(y, m);
            m += 1;
        }
        (y, m, days + 1, tod)
    }
}

#[test]
fn s27_asctime_day_may_be_space_digit() {
    let a = HttpDate::parse(b"Sun Nov  6 08:49:37 1994", now());
    let b = HttpDate::parse(b"Sun Nov 06 08:49:37 1994", now());
    assert!(a.is_some() && a == b);
    assert_eq!(HttpDate::parse(b"Sun Nov 6 08:49:37 1994", now()), None);
}

#[test]
fn s28_leap_second_reads_as_the_next_second() {
    let leap = HttpDate::parse(b"Sat, 31 Dec 2016 23:59:60 GMT", now()).unwrap();
    let next = HttpDate::parse(b"Sun, 01 Jan 2017 00:00:00 GMT", now()).unwrap();
    assert_eq!(leap, next);
}

#[cfg(feature = "httpdate")]
#[test]
fn system_time_conversions_truncate_to_seconds() {
    let t = UNIX_EPOCH + Duration::from_millis(784_111_777_900);
    let d = HttpDate::from(t);
    assert_eq!(d.unix_seconds(), 784_111_777);
    assert_eq!(
        std::time::SystemTime::from(d),
        UNIX_EPOCH + Duration::from_secs(784_111_777)
    );
    let before = UNIX_EPOCH - Duration::from_millis(1_500);
    assert_eq!(HttpDate::from(before).unix_seconds(), -2);
    let theirs = httpdate::HttpDate::try_from(d).unwrap();
    assert_eq!(theirs.to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(HttpDate::from(theirs), d);
    assert!(httpdate::HttpDate::try_from(HttpDate::MIN).is_err());
}

/// `HttpDate` ↔ `SystemTime` under `std` alone (no `httpdate` feature):
/// whole seconds round-trip over the whole HTTP-date range, and instants
/// outside it clamp rather than panic.
#[test]
fn system_time_round_trip_and_clamps_under_std() {
    use std::time::SystemTime;
    for secs in [
        HttpDate::MIN.unix_seconds(),
        -11_644_473_600, // 1601-01-01
        -1,
        0,
        1,
        784_111_777,
        1_795_651_200,
        HttpDate::MAX.unix_seconds(),
    ] {
        let date = HttpDate::from_unix_seconds(secs).unwrap();
        let time = date.to_system_time();
        assert_eq!(HttpDate::from_system_time(time), date, "{secs}");
        assert_eq!(SystemTime::from(date), time);
        assert_eq!(HttpDate::from(time), date);
        // Linux's SystemTime holds every HTTP-date.
        assert_eq!(date.checked_to_system_time(), Some(time));
    }
    // Before 1970, a fraction of a second goes to the earlier second.
    assert_eq!(
        HttpDate::from_system_time(UNIX_EPOCH - Duration::from_nanos(1)).unix_seconds(),
        -1
    );
    assert_eq!(
        HttpDate::from_system_time(UNIX_EPOCH - Duration::from_secs(1)).unix_seconds(),
        -1
    );
    // Outside years 0000..=9999: clamped to MIN / MAX, no panic.
    let far_future = UNIX_EPOCH + Duration::from_secs(1 << 40);
    assert_eq!(HttpDate::from_system_time(far_future), HttpDate::MAX);
    let far_past = UNIX_EPOCH - Duration::from_secs(1 << 40);
    assert_eq!(HttpDate::from_system_time(far_past), HttpDate::MIN);
    if let Some(furthest) = UNIX_EPOCH.checked_add(Duration::from_secs(i64::MAX as u64)) {
        assert_eq!(HttpDate::from_system_time(furthest), HttpDate::MAX);
    }
    if let Some(earliest) = UNIX_EPOCH.checked_sub(Duration::from_secs(i64::MAX as u64)) {
        assert_eq!(HttpDate::from_system_time(earliest), HttpDate::MIN);
    }
}
