//! Every vector of `tests/data/accept.json` (a copy of the project's shared
//! conformance set: cases from jshttp/negotiator, jshttp/accepts, werkzeug and
//! RFC 9110 §12.5.1, with the answer conneg must give in `want`) through the
//! same code path as `examples/decide.rs`.

#[path = "../examples/harness/mod.rs"]
mod harness;

use serde_json::Value;

/// `want` and `got` agree: numbers by value (`1` = `1.0`), the rest exactly.
fn same(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::Number(a), Value::Number(b)) => (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-9,
        _ => want == got,
    }
}

#[test]
fn every_accept_vector_passes() {
    let vectors: Vec<Value> = serde_json::from_str(include_str!("data/accept.json")).unwrap();
    assert_eq!(vectors.len(), 128, "the copied vector file is complete");
    let mut failures = Vec::new();
    for v in &vectors {
        let got = harness::answer(v);
        let ok = matches!(&got, Ok(g) if same(&v["want"], g));
        if !ok {
            failures.push(format!(
                "{} [{}] header={} offers={} mode={}: want {} got {:?}",
                v["id"], v["class"], v["header"], v["offers"], v["mode"], v["want"], got
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

#[test]
fn harness_reports_errors_without_stopping() {
    let bad = harness::respond("{not json");
    assert!(bad["error"].as_str().unwrap().starts_with("bad JSON"));
    let unknown = harness::respond(r#"{"id":"z","kind":"teapot"}"#);
    assert_eq!(unknown["id"], "z");
    assert!(unknown["error"].as_str().unwrap().contains("unknown kind"));
    let ok =
        harness::respond(r#"{"id":"a","kind":"accept","header":"text/*","offers":["text/x"],"mode":"best"}"#);
    assert_eq!(ok["got"], "text/x");
}
