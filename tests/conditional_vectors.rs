//! Every vector of `tests/data/{conditional,dates,dates_format,etags,if_range}.json`
//! (a copy of the project's shared conformance set, `../shared/vectors/`: cases
//! from jshttp/fresh, Go `net/http`, werkzeug, Django and RFC 9110, with the
//! answer conneg must give in `want`) through the same code path as
//! `examples/decide.rs`. Tests compare against `want`, never `expected`.

#[path = "../examples/harness/mod.rs"]
mod harness;

use serde_json::Value;

fn load(text: &str, kind: &str, count: usize) -> Vec<Value> {
    let mut vectors: Vec<Value> = serde_json::from_str(text).unwrap();
    assert_eq!(vectors.len(), count, "the copied {kind} vector file is complete");
    for v in &mut vectors {
        v["kind"] = Value::from(kind);
    }
    vectors
}

fn report(kind: &str, total: usize, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{kind}: {} of {} failed:\n{}",
        failures.len(),
        total,
        failures.join("\n")
    );
}

/// Status, and the Content-Range where the case asserts one.
#[test]
fn every_conditional_vector_passes() {
    let vectors = load(include_str!("data/conditional.json"), "conditional", 59);
    let mut failures = Vec::new();
    for v in &vectors {
        let got = harness::answer(v);
        let detail = harness::answer_detail(v);
        let mut ok = matches!(&got, Ok(g) if *g == v["want"]);
        if let Some(want_cr) = v.get("want_content_range") {
            ok &= matches!(&detail, Ok(d) if d["content_range"] == *want_cr);
        }
        if !ok {
            failures.push(format!(
                "{} [{}] {} {} etag={} lm={}: want {} (cr {}) got {:?} / {:?}",
                v["id"],
                v["class"],
                v["method"],
                v["request_headers"],
                v["etag"],
                v["last_modified"],
                v["want"],
                v.get("want_content_range").unwrap_or(&Value::Null),
                got,
                detail
            ));
        }
    }
    report("conditional", vectors.len(), failures);
}

/// The eleven vectors that carry a Range field go through preconditions and
/// the range evaluation together.
#[test]
fn conditional_vectors_with_range_are_eleven() {
    let vectors = load(include_str!("data/conditional.json"), "conditional", 59);
    let with_range = vectors
        .iter()
        .filter(|v| v["request_headers"].get("Range").is_some())
        .count();
    assert_eq!(with_range, 11);
}

#[test]
fn every_date_vector_passes() {
    let vectors = load(include_str!("data/dates.json"), "date", 17);
    let failures = vectors
        .iter()
        .filter_map(|v| {
            let got = harness::answer(v);
            (!matches!(&got, Ok(g) if *g == v["want"])).then(|| {
                format!(
                    "{} input={}: want {} got {:?}",
                    v["id"], v["input"], v["want"], got
                )
            })
        })
        .collect();
    report("date", vectors.len(), failures);
}

#[test]
fn every_date_format_vector_passes() {
    let vectors = load(include_str!("data/dates_format.json"), "date_format", 8);
    let failures = vectors
        .iter()
        .filter_map(|v| {
            let got = harness::answer(v);
            (!matches!(&got, Ok(g) if *g == v["want"])).then(|| {
                format!(
                    "{} epoch={}: want {} got {:?}",
                    v["id"], v["epoch"], v["want"], got
                )
            })
        })
        .collect();
    report("date_format", vectors.len(), failures);
}

/// `compare`: `set` (order-free), `list` (exact), `first` (the first element,
/// or emptiness).
#[test]
fn every_etag_vector_passes() {
    let vectors = load(include_str!("data/etags.json"), "etags", 11);
    let mut failures = Vec::new();
    for v in &vectors {
        let got = harness::answer(v);
        let want = v["want"].as_array().unwrap();
        let ok = match (&got, v["compare"].as_str()) {
            (Ok(Value::Array(g)), Some("set")) => {
                g.len() == want.len()
                    && want.iter().all(|w| g.contains(w))
                    && g.iter().all(|x| want.contains(x))
            }
            (Ok(Value::Array(g)), Some("list")) => g == want,
            (Ok(Value::Array(g)), Some("first")) => g.first() == want.first(),
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{} input={} compare={}: want {} got {:?}",
                v["id"], v["input"], v["compare"], v["want"], got
            ));
        }
    }
    report("etags", vectors.len(), failures);
}

#[test]
fn every_if_range_vector_passes() {
    let vectors = load(include_str!("data/if_range.json"), "if_range", 5);
    let failures = vectors
        .iter()
        .filter_map(|v| {
            let got = harness::answer(v);
            (!matches!(&got, Ok(g) if *g == v["want"])).then(|| {
                format!(
                    "{} input={}: want {} got {:?}",
                    v["id"], v["input"], v["want"], got
                )
            })
        })
        .collect();
    report("if_range", vectors.len(), failures);
}

/// `respond` (what `examples/decide.rs` prints) carries `got` and, for
/// `conditional` and `range`, the detail object.
#[test]
fn harness_replies_carry_status_and_detail() {
    let r = harness::respond(
        r#"{"id":"r","kind":"range","range":"bytes=0-4","length":11,"body":"0123456789\n"}"#,
    );
    assert_eq!(r["got"], 206);
    assert_eq!(r["detail"]["content_range"], "bytes 0-4/11");
    assert_eq!(r["detail"]["body"], "01234");
    let c = harness::respond(
        r#"{"id":"c","kind":"conditional","method":"GET","request_headers":{"if-none-match":"\"a\""},"etag":"\"a\"","last_modified":null,"body":"x"}"#,
    );
    assert_eq!(c["got"], 304);
    let d = harness::respond(
        r#"{"id":"d","kind":"date","input":"Sunday, 06-Nov-94 08:49:37 GMT","now_epoch":0}"#,
    );
    assert_eq!(d["got"], 784_111_777, "now = 1970: -94 is 1994");
    let d = harness::respond(
        r#"{"id":"d","kind":"date","input":"Sunday, 06-Nov-94 08:49:37 GMT","now_epoch":2524608000}"#,
    );
    assert_eq!(d["got"], 3_939_871_777_i64, "now = 2050: -94 is 2094 (S-26)");
}
