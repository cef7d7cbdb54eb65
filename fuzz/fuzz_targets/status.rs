//! Fuzz the status helpers: `Retry-After` parsing (what parses formats and
//! parses back to the same value; digits-only input is a delay that
//! saturates), and problem+json bodies built from arbitrary bytes — a
//! strict-mode `Accept` parse error of the input, and the input echoed as a
//! detail — always parse as JSON whose `status` is the status sent (P-05).
#![no_main]

use conneg::{Accept, HttpDate, MethodSet, Problem, RetryAfter};
use libfuzzer_sys::fuzz_target;

const NOW: i64 = 1_795_651_200; // 2026-11-26

fuzz_target!(|data: &[u8]| {
    let now = HttpDate::saturating_from_unix_seconds(NOW);
    if let Some(r) = RetryAfter::parse(data, now) {
        let text = r.format();
        assert_eq!(RetryAfter::parse(text.as_bytes(), now), Some(r), "round trip");
        let _ = r.delay_seconds(now);
    }
    // OWS is SP and HTAB only (RFC 9110 §5.6.3).
    let ows = |b: &u8| *b == b' ' || *b == b'\t';
    let start = data.iter().position(|b| !ows(b)).unwrap_or(data.len());
    let end = data.iter().rposition(|b| !ows(b)).map_or(start, |i| i + 1);
    let trimmed = &data[start..end.max(start)];
    if !trimmed.is_empty() && trimmed.iter().all(u8::is_ascii_digit) {
        assert!(matches!(RetryAfter::parse(data, now), Some(RetryAfter::Delay(_))));
    }

    let status = data.first().map_or(400, |&b| 100 + u16::from(b) * 2);
    let problem = Problem::new(status).with_detail_bytes(data);
    let json: serde_json::Value = serde_json::from_str(&problem.to_string()).expect("valid JSON");
    assert_eq!(json["status"].as_u64(), Some(u64::from(problem.status())));
    if let Err(e) = Accept::new(data).validate() {
        let problem = Problem::bad_request(&e);
        let json: serde_json::Value = serde_json::from_str(&problem.to_string()).expect("valid JSON");
        assert_eq!(json["status"], 400);
    }
    let methods = MethodSet::EMPTY;
    let _ = methods.allow();
});
