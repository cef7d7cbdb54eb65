//! HTTP-date (RFC 9110 §5.6.7): parse the three formats, format IMF-fixdate.

use core::fmt;

use crate::kernel;
use crate::syntax::trim_ows;

const DAYS: [&[u8; 3]; 7] = [b"Sun", b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat"];
const LONG_DAYS: [&[u8]; 7] = [
    b"Sunday",
    b"Monday",
    b"Tuesday",
    b"Wednesday",
    b"Thursday",
    b"Friday",
    b"Saturday",
];
const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

/// Length of an IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
pub const IMF_FIXDATE_LEN: usize = 29;

/// An instant at one-second resolution, as carried by HTTP-date fields
/// (`Date`, `Last-Modified`, `If-Modified-Since`, …): seconds since
/// 1970-01-01T00:00:00Z, for years 0000 to 9999 (the four-digit years the
/// grammar can express).
///
/// Parsing accepts the three formats of RFC 9110 §5.6.7, with day
/// names, month names and `GMT` in their exact case; formatting writes
/// only IMF-fixdate, always 29 octets.
///
/// ```abnf
/// HTTP-date    = IMF-fixdate / obs-date
/// IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT   ; Sun, 06 Nov 1994 08:49:37 GMT
/// rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT ; Sunday, 06-Nov-94 08:49:37 GMT
/// asctime-date = day-name SP date3 SP time-of-day SP year      ; Sun Nov  6 08:49:37 1994
/// ```
///
/// Policies: surrounding whitespace is ignored (RFC 9110 §5.5); the day name must be a
/// day name but is not checked against the date; `:60` (a leap second) is
/// accepted at `23:59:60` only and read as the next second (RFC 9110 §5.6.7); a day past
/// the end of its month is rejected; rfc850's two-digit year is read by the
/// 50-year rule relative to `now`.
///
/// # Examples
///
/// ```
/// use conneg::HttpDate;
///
/// let now = HttpDate::from_unix_seconds(1_795_651_200).unwrap(); // 2026-11-26
/// let imf = HttpDate::parse(b"Sun, 06 Nov 1994 08:49:37 GMT", now).unwrap();
/// let rfc850 = HttpDate::parse(b"Sunday, 06-Nov-94 08:49:37 GMT", now).unwrap();
/// let asctime = HttpDate::parse(b"Sun Nov  6 08:49:37 1994", now).unwrap();
/// assert_eq!(imf.unix_seconds(), 784_111_777);
/// assert!(imf == rfc850 && imf == asctime);
/// assert_eq!(imf.format().as_str(), "Sun, 06 Nov 1994 08:49:37 GMT");
///
/// // Exact case, real dates.
/// assert_eq!(HttpDate::parse(b"sun, 06 nov 1994 08:49:37 gmt", now), None);
/// assert_eq!(HttpDate::parse(b"Thu, 31 Feb 2000 00:00:00 GMT", now), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HttpDate(i64);

impl HttpDate {
    /// 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: HttpDate = HttpDate(0);
    /// 0000-01-01T00:00:00Z, the earliest instant an HTTP-date can express.
    pub const MIN: HttpDate = HttpDate(-62_167_219_200);
    /// 9999-12-31T23:59:59Z, the latest instant an HTTP-date can express.
    pub const MAX: HttpDate = HttpDate(253_402_300_799);

    /// The instant `seconds` after the Unix epoch, if it is in years 0000..=9999.
    ///
    /// ```
    /// use conneg::HttpDate;
    /// assert!(HttpDate::from_unix_seconds(0).is_some());
    /// assert!(HttpDate::from_unix_seconds(i64::MAX).is_none());
    /// ```
    #[inline]
    pub const fn from_unix_seconds(seconds: i64) -> Option<HttpDate> {
        if seconds < Self::MIN.0 || seconds > Self::MAX.0 {
            None
        } else {
            Some(HttpDate(seconds))
        }
    }

    /// Like [`from_unix_seconds`](Self::from_unix_seconds), clamping to
    /// [`MIN`](Self::MIN)..=[`MAX`](Self::MAX).
    #[inline]
    pub const fn saturating_from_unix_seconds(seconds: i64) -> HttpDate {
        if seconds < Self::MIN.0 {
            Self::MIN
        } else if seconds > Self::MAX.0 {
            Self::MAX
        } else {
            HttpDate(seconds)
        }
    }

    /// Seconds since the Unix epoch (negative before 1970).
    #[inline]
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// The year (0..=9999).
    pub const fn year(self) -> i64 {
        civil_from_days(self.0.div_euclid(86_400)).0
    }

    /// Parses an HTTP-date in any of the three formats (RFC 9110 §5.6.7).
    /// `now` is the current time, used only for the two-digit year of
    /// rfc850: a date that would be more than 50 years after `now` (compared
    /// to the second) is read as the most recent past year with the same last
    /// two digits.
    ///
    /// Returns `None` for anything that is not an HTTP-date. Linear in the
    /// input (at most 31 octets are examined after trimming).
    ///
    /// ```
    /// use conneg::HttpDate;
    ///
    /// let now = HttpDate::from_unix_seconds(1_795_651_200).unwrap(); // 2026
    /// let y = |s: &[u8]| HttpDate::parse(s, now).map(HttpDate::year);
    /// assert_eq!(y(b"Thursday, 01-Jan-30 00:00:00 GMT"), Some(2030));
    /// assert_eq!(y(b"Friday, 01-Jan-77 00:00:00 GMT"), Some(1977));
    /// // 2026-11-26 00:00:00 is `now`: 2076-11-26 00:00:00 is exactly 50 years
    /// // ahead, one second later is more than 50 years ahead.
    /// assert_eq!(y(b"Thursday, 26-Nov-76 00:00:00 GMT"), Some(2076));
    /// assert_eq!(y(b"Thursday, 26-Nov-76 00:00:01 GMT"), Some(1976));
    /// assert_eq!(y(b"Sun 06 Nov 1994 08:49:37 GMT"), None); // no comma
    /// ```
    pub fn parse(value: &[u8], now: HttpDate) -> Option<HttpDate> {
        // Most values have no OWS around them: two octet tests (OWS is
        // below `!`; an end octet below it that is not OWS leaves
        // `trim_ows` nothing to trim, so the answer is the same).
        let s = match (value.first(), value.last()) {
            (Some(&first), Some(&last)) if first > b' ' && last > b' ' => value,
            _ => trim_ows(value),
        };
        if s.len() == IMF_FIXDATE_LEN && s.get(3) == Some(&b',') {
            return parse_imf(s);
        }
        if s.len() == 24 && s.get(3) == Some(&b' ') {
            return parse_asctime(s);
        }
        parse_rfc850(s, now)
    }

    /// Formats as IMF-fixdate (RFC 9110 §5.6.7) into a 29-octet stack buffer.
    ///
    /// ```
    /// use conneg::HttpDate;
    /// let d = HttpDate::from_unix_seconds(1_000_000_000).unwrap();
    /// assert_eq!(d.format().as_str(), "Sun, 09 Sep 2001 01:46:40 GMT");
    /// assert_eq!(d.to_string(), "Sun, 09 Sep 2001 01:46:40 GMT");
    /// ```
    pub fn format(self) -> DateBuf {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let weekday = (days + 4).rem_euclid(7);
        let mut b = [0u8; IMF_FIXDATE_LEN];
        let name = DAYS.get(weekday as usize).copied().unwrap_or(b"Sun");
        let mon = MONTHS.get((month - 1) as usize).copied().unwrap_or(b"Jan");
        b[..3].copy_from_slice(name);
        b[3] = b',';
        b[4] = b' ';
        put2(&mut b[5..7], day);
        b[7] = b' ';
        b[8..11].copy_from_slice(mon);
        b[11] = b' ';
        put2(&mut b[12..14], year.clamp(0, 9999) / 100);
        put2(&mut b[14..16], year.clamp(0, 9999) % 100);
        b[16] = b' ';
        put2(&mut b[17..19], secs / 3600);
        b[19] = b':';
        put2(&mut b[20..22], secs / 60 % 60);
        b[22] = b':';
        put2(&mut b[23..25], secs % 60);
        b[25..].copy_from_slice(b" GMT");
        DateBuf(b)
    }

    /// The earlier of `self` and `now` (RFC 9110 §8.8.2.1: a Last-Modified later than the
    /// message origination date is replaced by it).
    #[inline]
    pub fn clamp_to(self, now: HttpDate) -> HttpDate {
        if self > now { now } else { self }
    }
}

fn put2(dst: &mut [u8], v: i64) {
    let v = v.rem_euclid(100) as u8;
    if let [a, b] = dst {
        *a = b'0' + v / 10;
        *b = b'0' + v % 10;
    }
}

/// IMF-fixdate text in a stack buffer, from [`HttpDate::format`]: always 29
/// ASCII octets.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateBuf([u8; IMF_FIXDATE_LEN]);

impl DateBuf {
    /// The 29 octets.
    #[inline]
    pub const fn as_bytes(&self) -> &[u8; IMF_FIXDATE_LEN] {
        &self.0
    }
    /// As text.
    #[inline]
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl fmt::Display for DateBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for DateBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateBuf({})", self.as_str())
    }
}

impl fmt::Display for HttpDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.format().as_str())
    }
}

#[cfg(feature = "std")]
mod system_time {
    use super::HttpDate;
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    /// 1601-01-01T00:00:00Z, where Windows' `SystemTime` starts (the
    /// earliest instant every platform's `SystemTime` holds).
    const WINDOWS_EPOCH: i64 = -11_644_473_600;

    impl HttpDate {
        /// The instant of a `SystemTime`, truncated to whole seconds (1 s
        /// resolution: an instant before 1970 goes to the second that holds
        /// it, -1.5 s to -2 s) and clamped to years 0000..=9999
        /// ([`MIN`](HttpDate::MIN)..=[`MAX`](HttpDate::MAX)): never panics.
        /// Feature `std` (default); also `From<SystemTime>`.
        ///
        /// ```
        /// use conneg::HttpDate;
        /// use std::time::{Duration, UNIX_EPOCH};
        /// let t = UNIX_EPOCH + Duration::from_millis(1_500);
        /// assert_eq!(HttpDate::from_system_time(t).unix_seconds(), 1);
        /// let before = UNIX_EPOCH - Duration::from_millis(1_500);
        /// assert_eq!(HttpDate::from(before).unix_seconds(), -2);
        /// // Past year 9999 (which an HTTP-date cannot write): the latest one.
        /// let far = UNIX_EPOCH + Duration::from_secs(400_000_000_000);
        /// assert_eq!(HttpDate::from(far), HttpDate::MAX);
        /// ```
        pub fn from_system_time(time: SystemTime) -> HttpDate {
            let secs = match time.duration_since(UNIX_EPOCH) {
                Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                Err(before) => {
                    let d = before.duration();
                    // -1.5 s is in second -2.
                    let whole = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                    let extra = i64::from(d.subsec_nanos() > 0);
                    whole.saturating_add(extra).saturating_neg()
                }
            };
            HttpDate::saturating_from_unix_seconds(secs)
        }

        /// The `SystemTime` of this instant, if the platform's `SystemTime`
        /// can hold it (Unix-like platforms hold every HTTP-date; Windows'
        /// starts at 1601-01-01). Feature `std` (default).
        ///
        /// ```
        /// use conneg::HttpDate;
        /// use std::time::{Duration, UNIX_EPOCH};
        /// let date = HttpDate::from_unix_seconds(784_111_777).unwrap();
        /// assert_eq!(date.checked_to_system_time(), Some(UNIX_EPOCH + Duration::from_secs(784_111_777)));
        /// ```
        pub fn checked_to_system_time(self) -> Option<SystemTime> {
            let secs = self.unix_seconds();
            if secs >= 0 {
                UNIX_EPOCH.checked_add(Duration::from_secs(secs.unsigned_abs()))
            } else {
                UNIX_EPOCH.checked_sub(Duration::from_secs(secs.unsigned_abs()))
            }
        }

        /// The `SystemTime` of this instant: exact where the platform's
        /// `SystemTime` holds it ([`checked_to_system_time`](Self::checked_to_system_time));
        /// otherwise (before 1601 on Windows) 1601-01-01, the earliest
        /// instant every platform holds. Never panics. Feature `std`
        /// (default); also `From<HttpDate> for SystemTime`.
        ///
        /// ```
        /// use conneg::HttpDate;
        /// use std::time::SystemTime;
        /// let now = SystemTime::now();
        /// let date = HttpDate::from(now);
        /// assert_eq!(HttpDate::from(date.to_system_time()), date); // whole seconds survive
        /// ```
        pub fn to_system_time(self) -> SystemTime {
            self.checked_to_system_time()
                .or_else(|| {
                    let clamped =
                        HttpDate::saturating_from_unix_seconds(self.unix_seconds().max(WINDOWS_EPOCH));
                    clamped.checked_to_system_time()
                })
                .unwrap_or(UNIX_EPOCH)
        }
    }

    impl From<SystemTime> for HttpDate {
        fn from(time: SystemTime) -> HttpDate {
            HttpDate::from_system_time(time)
        }
    }

    impl From<HttpDate> for SystemTime {
        fn from(date: HttpDate) -> SystemTime {
            date.to_system_time()
        }
    }

    /// From the `httpdate` crate's type (years 1970..=9999). Feature `httpdate`.
    #[cfg(feature = "httpdate")]
    impl From<httpdate::HttpDate> for HttpDate {
        fn from(date: httpdate::HttpDate) -> HttpDate {
            HttpDate::from_system_time(SystemTime::from(date))
        }
    }

    /// To the `httpdate` crate's type, if the instant is in 1970..=9999
    /// (the range that crate supports). Feature `httpdate`.
    #[cfg(feature = "httpdate")]
    impl TryFrom<HttpDate> for httpdate::HttpDate {
        type Error = HttpDate;
        fn try_from(date: HttpDate) -> Result<httpdate::HttpDate, HttpDate> {
            if date.unix_seconds() < 0 {
                Err(date)
            } else {
                Ok(httpdate::HttpDate::from(date.to_system_time()))
            }
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
const fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month 1..=12, day 1..=31) of days since 1970-01-01.
const fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

const fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

const fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn instant(year: i64, month: i64, day: i64, tod: i64) -> Option<HttpDate> {
    // The four-digit years (and the rfc850 ones near them), in `u32`
    // arithmetic: divisions by constants without the sign fix-ups.
    if let (Ok(y @ 0..=10_100), Ok(m @ 1..=12), Ok(d)) =
        (u32::try_from(year), u32::try_from(month), u32::try_from(day))
    {
        return instant_small(y, m, d, tod);
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    HttpDate::from_unix_seconds(days_from_civil(year, month, day) * 86_400 + tod)
}

/// [`instant`] for years 0..=10100 and months 1..=12 (the four-digit
/// years of IMF-fixdate and asctime, read in place without the general
/// path's conversions).
#[inline(always)]
fn instant_small(year: u32, month: u32, day: u32, tod: i64) -> Option<HttpDate> {
    if day < 1 || day > days_in_month_small(year, month) {
        return None;
    }
    // Year 0 or later: never before `MIN`; only the upper end to test.
    let seconds = days_from_civil_small(year, month, day) * 86_400 + tod;
    if seconds > HttpDate::MAX.0 {
        None
    } else {
        Some(HttpDate(seconds))
    }
}

/// Do the last four octets read ` GMT`? One word comparison.
#[inline(always)]
fn ends_in_gmt(b: &[u8]) -> bool {
    b.last_chunk::<4>()
        .is_some_and(|w| u32::from_le_bytes(*w) == u32::from_le_bytes(*b" GMT"))
}

/// [`days_in_month`] for years 0..=10100.
#[inline(always)]
const fn days_in_month_small(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// [`days_from_civil`] for years 0..=10100 and months 1..=12: the same
/// algorithm on a year moved up by one era (400 years, 146,097 days), so
/// every quantity is unsigned, and without the split into eras: with
/// `y = 400 × era + yoe`, `365y + y/4 − y/100 + y/400` (`y/400` being
/// `(y/100)/4`) is
/// `146,097 × era + 365 yoe + yoe/4 − yoe/100` (the floors split, 400 being
/// a multiple of 4 and 100). The days before each month of the year that
/// starts in March come from a table.
#[inline(always)]
const fn days_from_civil_small(year: u32, month: u32, day: u32) -> i64 {
    /// Days from 1 March to the first of each month (index: month 1..=12).
    const BEFORE: [u32; 13] = {
        let mut t = [0; 13];
        let mut m = 1;
        while m <= 12 {
            let mp = if m > 2 { m - 3 } else { m + 9 };
            t[m as usize] = (153 * mp + 2) / 5;
            m += 1;
        }
        t
    };
    let y = year + 400 - if month <= 2 { 1 } else { 0 };
    let doy = BEFORE[month as usize % 13] + day - 1;
    let centuries = y / 100;
    let days = y * 365 + y / 4 - centuries + centuries / 4 + doy;
    days as i64 - 719_468 - 146_097
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`, read as words: the fixed octets and
/// the digits checked with masks; the day name with its comma and the
/// month name with its SP looked up as four-octet keys
/// ([`kernel::is_day_comma`], [`kernel::month_sp`]), which check those
/// separators too; the time of day range-checked and summed in its word
/// ([`kernel::hms_seconds`]).
fn parse_imf(s: &[u8]) -> Option<HttpDate> {
    let b: &[u8; IMF_FIXDATE_LEN] = s.first_chunk()?;
    let word = |at: usize| kernel::word_at(b, at, 8).unwrap_or(0);
    // `Sun, 06 ` and `Nov 1994`.
    let (w0, w1) = (word(0), word(8));
    const W0_FIXED: u64 = 0xFF00_00FF_0000_0000;
    const W0_EXPECT: u64 = u64::from_le_bytes(*b"\0\0\0\0 \0\0 ");
    if w0 & W0_FIXED != W0_EXPECT
        || !kernel::digits_at(w0, 0x00FF_FF00_0000_0000)
        || !kernel::digits_at(w1, 0xFFFF_FFFF_0000_0000)
        || b[16] != b' '
        || !ends_in_gmt(b)
        || !kernel::is_day_comma(w0 as u32)
    {
        return None;
    }
    let month = kernel::month_sp(w1 as u32)?;
    let day = kernel::two_digits(w0, 5);
    let year = kernel::four_digits(w1, 4);
    let time = word(17);
    match kernel::hms_seconds(time) {
        Some(tod) => imf_instant(year, month, day, tod),
        None => imf_leap_second(year, u32::from(month.number), day, time),
    }
}

/// [`parse_imf`]'s instant, from its month's table entry: the day checked
/// against the month's length (29 February only in a leap year), the days
/// counted as [`days_from_civil_small`] does. A four-digit year and a time
/// of day below 24:00:00 never pass [`HttpDate::MAX`].
#[inline(always)]
fn imf_instant(year: u32, month: kernel::Month, day: u32, tod: u32) -> Option<HttpDate> {
    if day.wrapping_sub(1) >= u32::from(month.days)
        && !(month.number == 2 && day == 29 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
    {
        return None;
    }
    let y = year + 400 - u32::from(month.jan_feb);
    let centuries = y / 100;
    let days = y * 365 + y / 4 - centuries + centuries / 4 + u32::from(month.from_march) + day - 1;
    Some(HttpDate(
        (days as i64 - 719_468 - 146_097) * 86_400 + i64::from(tod),
    ))
}

/// [`parse_imf`] past a time of day that is not `00:00:00`..=`23:59:59`:
/// `23:59:60` (a leap second) or nothing.
#[inline(never)]
fn imf_leap_second(year: u32, month: u32, day: u32, time: u64) -> Option<HttpDate> {
    let tod = seconds_of_day(kernel::hms(time)?)?;
    instant_small(year, month, day, tod)
}

/// Hours, minutes and seconds → seconds of the day (with `23:59:60`
/// allowed, RFC 9110 §5.6.7).
#[inline(always)]
fn seconds_of_day((h, m, sec): (u32, u32, u32)) -> Option<i64> {
    // The usual time first (three comparisons); `:60` only at 23:59.
    if h > 23 || m > 59 || sec > 60 || (sec == 60 && (h, m) != (23, 59)) {
        return None;
    }
    Some(i64::from(h * 3600 + m * 60 + sec))
}

/// `Sun Nov  6 08:49:37 1994`, read as words as [`parse_imf`] does.
#[inline(never)]
fn parse_asctime(s: &[u8]) -> Option<HttpDate> {
    let b: &[u8; 24] = s.first_chunk()?;
    let word = |at: usize| kernel::word_at(b, at, 8).unwrap_or(0);
    // `Sun Nov ` and ` 6 08:49` / `06 08:49`; `:37 1994` last.
    let (w0, w1, w2) = (word(0), word(8), word(16));
    const W0_FIXED: u64 = 0xFF00_0000_FF00_0000;
    const W0_EXPECT: u64 = u64::from_le_bytes(*b"\0\0\0 \0\0\0 ");
    if w0 & W0_FIXED != W0_EXPECT
        || b[10] != b' '
        || b[19] != b' '
        || !kernel::digits_at(w2, 0xFFFF_FFFF_0000_0000)
        || !kernel::is_day_name(w0 as u32 & 0x00FF_FFFF)
    {
        return None;
    }
    let month = kernel::month_number((w0 >> 32) as u32 & 0x00FF_FFFF)?;
    // The day: one digit after a space, or two.
    let day = if b[8] == b' ' {
        if !kernel::digits_at(w1, 0xFF00) {
            return None;
        }
        (w1 >> 8 & 0x0F) as u32
    } else {
        if !kernel::digits_at(w1, 0xFFFF) {
            return None;
        }
        kernel::two_digits(w1, 0)
    };
    let year = kernel::four_digits(w2, 4);
    let tod = seconds_of_day(kernel::hms(word(11))?)?;
    instant_small(year, month, day, tod)
}

/// `Sunday, 06-Nov-94 08:49:37 GMT`: the day name, then what follows its
/// comma read as words as [`parse_imf`] does.
#[inline(never)]
fn parse_rfc850(s: &[u8], now: HttpDate) -> Option<HttpDate> {
    let comma = s.iter().take(10).position(|&b| b == b',')?;
    let (name, rest) = s.split_at_checked(comma)?;
    if !LONG_DAYS.contains(&name) {
        return None;
    }
    // `, 06-Nov-94 08:49:37 GMT`: 24 octets.
    let b: &[u8; 24] = match rest.first_chunk() {
        Some(b) if rest.len() == 24 => b,
        _ => return None,
    };
    let word = |at: usize| kernel::word_at(b, at, 8).unwrap_or(0);
    // `, 06-Nov` and `-94 08:4`.
    let (w0, w1) = (word(0), word(8));
    const W0_FIXED: u64 = 0x0000_00FF_0000_FFFF;
    const W0_EXPECT: u64 = u64::from_le_bytes(*b", \0\0-\0\0\0");
    const W1_FIXED: u64 = 0x0000_0000_FF00_00FF;
    const W1_EXPECT: u64 = u64::from_le_bytes(*b"-\0\0 \0\0\0\0");
    if w0 & W0_FIXED != W0_EXPECT
        || w1 & W1_FIXED != W1_EXPECT
        || !kernel::digits_at(w0, 0x0000_0000_FFFF_0000)
        || !kernel::digits_at(w1, 0x0000_0000_00FF_FF00)
        || !ends_in_gmt(b)
    {
        return None;
    }
    let month = kernel::month_number((w0 >> 40) as u32 & 0x00FF_FFFF)?;
    let day = kernel::two_digits(w0, 2);
    let yy = kernel::two_digits(w1, 1);
    let tod = seconds_of_day(kernel::hms(word(12))?)?;
    let (month, day, yy) = (i64::from(month), i64::from(day), i64::from(yy));
    instant(two_digit_year(yy, month, day, tod, now), month, day, tod)
}

/// The year of an rfc850 date written with the two digits `yy` (RFC 9110
/// §5.6.7): the latest year ending in `yy` whose instant is not more than 50
/// years after `now`, compared to the second. A date that would be more than
/// 50 years in the future is read as the most recent past year with the same
/// last two digits.
///
/// "50 years after `now`" is `now` with its year plus 50 (same month, day and
/// time of day), so the comparison is a comparison of calendar fields.
const fn two_digit_year(yy: i64, month: i64, day: i64, tod: i64, now: HttpDate) -> i64 {
    let (now_year, now_month, now_day) = civil_from_days(now.0.div_euclid(86_400));
    let limit = now_year + 50;
    let year = limit - (limit - yy).rem_euclid(100);
    // `year` ends in `yy` and is at most `limit`; only in `limit` itself can
    // the date fall after the limit instant.
    let later = month > now_month
        || (month == now_month && (day > now_day || (day == now_day && tod > now.0.rem_euclid(86_400))));
    let mut year = if year == limit && later { year - 100 } else { year };
    // 29 February of a year that has none (2100) is no date at all, in the
    // future or not: the most recent year before it that has one (2000).
    // At most three steps back when `yy` is a multiple of 4: one year
    // ending in it of every four centuries is a leap year. For other `yy`
    // no year is: the date stays invalid and is rejected as such (without
    // the bound this looped forever; the http_date fuzz target found it).
    let mut steps = 0;
    while month == 2 && day == 29 && !is_leap(year) && steps < 4 {
        year -= 100;
        steps += 1;
    }
    if month == 2 && day == 29 && !is_leap(year) {
        year += 100 * steps;
    }
    year
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 29 February with two digits no leap year ends in is no date (and
    /// returns: the step back to a leap year is bounded).
    #[test]
    fn s26_two_digit_year_leap_day_that_no_year_has_is_rejected() {
        let now = HttpDate::saturating_from_unix_seconds(1_796_342_400);
        assert!(HttpDate::parse(b"Sunday, 29-Feb-94 08:49:37 GMT", now).is_none());
        assert!(HttpDate::parse(b"Tuesday, 29-Feb-00 08:49:37 GMT", now).is_some());
    }

    #[test]
    fn civil_round_trip_over_all_supported_days() {
        let mut days = HttpDate::MIN.0 / 86_400;
        let end = HttpDate::MAX.0 / 86_400;
        let mut expect = (0, 1, 1);
        while days <= end {
            let got = civil_from_days(days);
            assert_eq!(got, expect, "day {days}");
            assert_eq!(days_from_civil(got.0, got.1, got.2), days);
            expect = if got.2 < days_in_month(got.0, got.1) {
                (got.0, got.1, got.2 + 1)
            } else if got.1 < 12 {
                (got.0, got.1 + 1, 1)
            } else {
                (got.0 + 1, 1, 1)
            };
            days += 1;
        }
    }

    #[test]
    fn small_civil_arithmetic_agrees_with_the_general() {
        for year in 0..=10_100u32 {
            for month in 1..=12u32 {
                let (y, m) = (i64::from(year), i64::from(month));
                assert_eq!(days_in_month_small(year, month) as i64, days_in_month(y, m));
                for day in [1, 15, 28, 29, 30, 31] {
                    assert_eq!(
                        days_from_civil_small(year, month, day),
                        days_from_civil(y, m, i64::from(day)),
                        "{year}-{month}-{day}"
                    );
                }
            }
        }
    }

    /// IMF-fixdate's table-driven path against the general arithmetic
    /// ([`instant`], [`seconds_of_day`]): every month and day 0..=32 (and
    /// non-digits), in common, leap and century years, at times in range,
    /// at the leap second and past the ends.
    #[test]
    fn imf_fixdate_agrees_with_the_general_arithmetic() {
        let mut years: std::vec::Vec<u32> = (0..=9999).step_by(37).collect();
        years.extend([
            0, 1, 4, 100, 400, 1900, 1970, 2000, 2023, 2024, 2100, 2400, 9996, 9999,
        ]);
        let times = [
            "00:00:00", "12:34:56", "23:59:59", "23:59:60", "12:00:60", "24:00:00", "09:60:00", "1x:00:00",
        ];
        for year in years {
            for (m, name) in MONTHS.iter().enumerate() {
                let name = core::str::from_utf8(*name).unwrap();
                for day in 0..=32u32 {
                    for time in times {
                        let text = std::format!("Tue, {day:02} {name} {year:04} {time} GMT");
                        let want = kernel::hms(u64::from_le_bytes(time.as_bytes().try_into().unwrap()))
                            .and_then(seconds_of_day)
                            .and_then(|tod| instant(i64::from(year), m as i64 + 1, i64::from(day), tod));
                        assert_eq!(HttpDate::parse(text.as_bytes(), HttpDate(0)), want, "{text}");
                    }
                }
            }
        }
        for bad in [
            "Tue, 0x Jan 2000 00:00:00 GMT",
            "Tue, 01 Jan 20x0 00:00:00 GMT",
            "Tue, 01 Jan,2000 00:00:00 GMT",
            "Tue; 01 Jan 2000 00:00:00 GMT",
            "Tue,,01 Jan 2000 00:00:00 GMT",
            "Tue, 01 jan 2000 00:00:00 GMT",
            "Tux, 01 Jan 2000 00:00:00 GMT",
            "Tue, 01 Jan 2000 00:00:00 GMX",
            "Tue, 01 Jan 2000,00:00:00 GMT",
        ] {
            assert_eq!(HttpDate::parse(bad.as_bytes(), HttpDate(0)), None, "{bad}");
        }
    }

    #[test]
    fn leap_second_is_the_next_second_s28() {
        let now = HttpDate(0);
        let leap = HttpDate::parse(b"Wed, 31 Dec 2008 23:59:60 GMT", now).unwrap();
        let next = HttpDate::parse(b"Thu, 01 Jan 2009 00:00:00 GMT", now).unwrap();
        assert_eq!(leap, next);
        assert_eq!(HttpDate::parse(b"Wed, 31 Dec 2008 12:00:60 GMT", now), None);
    }

    #[test]
    fn extremes_parse_and_format() {
        assert_eq!(HttpDate::MIN.format().as_str(), "Sat, 01 Jan 0000 00:00:00 GMT");
        assert_eq!(HttpDate::MAX.format().as_str(), "Fri, 31 Dec 9999 23:59:59 GMT");
        let now = HttpDate(0);
        assert_eq!(
            HttpDate::parse(b"Fri, 31 Dec 9999 23:59:59 GMT", now),
            Some(HttpDate::MAX)
        );
        assert_eq!(HttpDate::parse(b"Fri, 31 Dec 9999 23:59:60 GMT", now), None);
        assert_eq!(
            HttpDate::parse(b"Sat, 01 Jan 0000 00:00:00 GMT", now),
            Some(HttpDate::MIN)
        );
    }
}
