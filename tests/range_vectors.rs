//! Every vector of `tests/data/ranges.json` (a copy of the project's shared
//! conformance set, `../shared/vectors/`: cases from Go `net/http`,
//! pillarjs/send, werkzeug, Rack and RFC 9110 §14, with the answer conneg must
//! give in `want`) through the same code path as `examples/decide.rs`.
//! Tests compare against `want`, `want_ranges` and `want_body`, never `expected`.

#[path = "../examples/harness/mod.rs"]
mod harness;

use serde_json::Value;

#[test]
fn every_range_vector_passes() {
    let mut vectors: Vec<Value> = serde_json::from_str(include_str!("data/ranges.json")).unwrap();
    assert_eq!(vectors.len(), 29, "the copied vector file is complete");
    let mut failures = Vec::new();
    for v in &mut vectors {
        v["kind"] = Value::from("range");
        let got = harness::answer(v);
        let detail = harness::answer_detail(v);
        let mut ok = matches!(&got, Ok(g) if *g == v["want"]);
        let d = detail.as_ref().ok();
        if let Some(want) = v.get("want_ranges") {
            ok &= d.is_some_and(|d| d["ranges"] == *want);
        }
        if let Some(want) = v.get("want_body") {
            ok &= d.is_some_and(|d| d["body"] == *want);
        }
        if let Some(want) = v.get("want_content_range") {
            ok &= d.is_some_and(|d| d["content_range"] == *want);
        }
        if !ok {
            failures.push(format!(
                "{} [{}] range={} length={}: want {} ranges {} body {} got {:?} / {:?}",
                v["id"],
                v["class"],
                v["range"],
                v["length"],
                v["want"],
                v.get("want_ranges").unwrap_or(&Value::Null),
                v.get("want_body").unwrap_or(&Value::Null),
                got,
                detail
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}

/// A 416 reply names the complete length; a bad range line is reported, not fatal.
#[test]
fn harness_range_replies() {
    let r = harness::respond(
        r#"{"id":"u","kind":"range","range":"bytes=11-","length":11,"body":"0123456789\n"}"#,
    );
    assert_eq!(
        (r["got"].as_u64(), r["detail"]["content_range"].as_str()),
        (Some(416), Some("bytes */11"))
    );
    let bad = harness::respond(r#"{"id":"b","kind":"range","range":5,"length":1}"#);
    assert!(bad["error"].as_str().unwrap().contains("range"));
}
