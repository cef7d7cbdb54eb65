//! Every conformance vector in `tests/data/*.json` — a copy of the project's
//! shared conformance set (cases from jshttp/negotiator, jshttp/accepts,
//! jshttp/fresh, Go's net/http, werkzeug and the RFC 9110 examples, each with
//! the answer conneg must give in `want`; see the set's README for the
//! fields) — through the same code path as `examples/decide.rs`.

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

/// Runs one vector file; `kind` is added to each vector when the file does
/// not carry it (the non-negotiation files are named for their kind).
fn run(file: &str, kind: &str, expected_cases: usize) {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let vectors: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(
        vectors.len(),
        expected_cases,
        "{file}: the copied vector file is complete"
    );
    let mut failures = Vec::new();
    for v in &vectors {
        let mut v = v.clone();
        v.as_object_mut()
            .unwrap()
            .entry("kind")
            .or_insert_with(|| kind.into());
        let got = harness::answer(&v);
        if !matches!(&got, Ok(g) if same(&v["want"], g)) {
            failures.push(format!(
                "{} [{}] header={} offers={} mode={}: want {} got {:?}",
                v["id"], v["class"], v["header"], v["offers"], v["mode"], v["want"], got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{file}: {} of {} failed:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}

#[test]
fn accept_vectors_all_pass() {
    run("accept.json", "accept", 128);
}

#[test]
fn language_vectors_all_pass() {
    run("language.json", "language", 121);
}

#[test]
fn encoding_vectors_all_pass() {
    run("encoding.json", "encoding", 121);
}

#[test]
fn charset_vectors_all_pass() {
    run("charset.json", "charset", 102);
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
