//! The decision harness's logic, shared by `examples/decide.rs` (stdin → stdout)
//! and the conformance tests in `tests/` (so both run the same code path).
//!
//! Input: one vector object as in the conformance files, plus `"kind"`.
//! Output: `{"id": …, "got": …}` with `got` shaped like the vector's `want`, or
//! `{"id": …, "error": "…"}` for an unsupported kind or a malformed object.

use conneg::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, Choice, FieldLines, MediaRange, Negotiation,
    Preference, Quality,
};
use serde_json::{Map, Value, json};

/// Most offers / preferences a harness call lists.
const MAX_LIST: usize = 512;

/// Answers one input line. Never panics on malformed input.
pub fn respond(line: &str) -> Value {
    let input: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return json!({"id": Value::Null, "error": format!("bad JSON: {e}")}),
    };
    let id = input.get("id").cloned().unwrap_or(Value::Null);
    match answer(&input) {
        Ok(got) => json!({"id": id, "got": got}),
        Err(error) => json!({"id": id, "error": error}),
    }
}

/// The `got` value for one vector object, or why there is none.
pub fn answer(input: &Value) -> Result<Value, String> {
    let obj = input.as_object().ok_or("input is not a JSON object")?;
    let kind = obj
        .get("kind")
        .and_then(Value::as_str)
        .ok_or("missing \"kind\"")?;
    match kind {
        "accept" => accept(obj),
        "language" => {
            let f = AcceptLanguage::from_field(field(obj)?);
            token(
                obj,
                |o| f.negotiate(o),
                |o, out| f.rank(o, out),
                |o| f.quality_of(o),
                |out| f.preferences(out),
            )
        }
        "encoding" => {
            let f = AcceptEncoding::from_field(field(obj)?);
            token(
                obj,
                |o| f.negotiate(o),
                |o, out| f.rank(o, out),
                |o| f.quality_of(o),
                |out| f.preferences(out),
            )
        }
        "charset" => {
            let f = AcceptCharset::from_field(field(obj)?);
            token(
                obj,
                |o| f.negotiate(o),
                |o, out| f.rank(o, out),
                |o| f.quality_of(o),
                |out| f.preferences(out),
            )
        }
        "conditional" | "range" | "date" | "date_format" | "etags" | "if_range" | "decide" => {
            Err(format!("kind {kind:?} is not supported yet"))
        }
        other => Err(format!("unknown kind {other:?}")),
    }
}

/// `header`: `null` (absent) or a string.
fn header(obj: &Map<String, Value>) -> Result<Option<&str>, String> {
    match obj.get("header") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err("\"header\" must be a string or null".into()),
    }
}

fn field<'a>(obj: &'a Map<String, Value>) -> Result<FieldLines<'a>, String> {
    Ok(FieldLines::from(header(obj)?))
}

/// `offers`: `null` or an array of strings.
fn offers(obj: &Map<String, Value>) -> Result<Option<Vec<&str>>, String> {
    match obj.get("offers") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().ok_or_else(|| "offers must be strings".to_string()))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err("\"offers\" must be an array or null".into()),
    }
}

fn mode(obj: &Map<String, Value>) -> Result<&str, String> {
    obj.get("mode")
        .and_then(Value::as_str)
        .ok_or_else(|| "missing \"mode\"".to_string())
}

/// A q-value as a JSON number: `1`, `0`, `0.5`.
pub fn quality_json(q: Quality) -> Value {
    let t = q.thousandths();
    if t % 1000 == 0 {
        json!(t / 1000)
    } else {
        json!(f64::from(t) / 1000.0)
    }
}

fn accept(obj: &Map<String, Value>) -> Result<Value, String> {
    let header = header(obj)?;
    let accept = Accept::from_field(FieldLines::from(header));
    let offers = offers(obj)?;
    match (mode(obj)?, offers) {
        ("best", Some(offers)) => Ok(match accept.negotiate(&offers).index() {
            Some(i) => json!(offers[i]),
            None => Value::Null,
        }),
        ("best", None) => {
            let mut out = [MediaRange::default(); 1];
            let prefs = accept.preferences(&mut out);
            Ok(prefs.first().map_or(Value::Null, |r| json!(r.to_string())))
        }
        ("ordered", Some(offers)) => {
            let mut out = vec![Choice::default(); offers.len().min(MAX_LIST)];
            let ranked = accept.rank(&offers, &mut out);
            Ok(json!(
                ranked.iter().map(|c| offers[c.index()]).collect::<Vec<_>>()
            ))
        }
        ("ordered", None) => {
            let mut out = [MediaRange::default(); MAX_LIST];
            let prefs = accept.preferences(&mut out);
            Ok(json!(prefs.iter().map(|r| r.to_string()).collect::<Vec<_>>()))
        }
        ("quality", Some(offers)) => {
            let first = offers.first().ok_or("mode quality needs at least one offer")?;
            Ok(quality_json(accept.quality_of(first)))
        }
        ("quality", None) => Err("mode quality needs offers".into()),
        (other, _) => Err(format!("unknown mode {other:?}")),
    }
}

/// Accept-Language / -Encoding / -Charset: the same three modes as Accept,
/// through the field's own entry points.
fn token<'h>(
    obj: &Map<String, Value>,
    negotiate: impl Fn(&[&str]) -> Negotiation,
    rank: impl for<'o> Fn(&[&str], &'o mut [Choice]) -> &'o [Choice],
    quality_of: impl Fn(&str) -> Quality,
    preferences: impl for<'o> Fn(&'o mut [Preference<'h>]) -> &'o [Preference<'h>],
) -> Result<Value, String> {
    let offers = offers(obj)?;
    match (mode(obj)?, offers) {
        ("best", Some(offers)) => Ok(negotiate(&offers)
            .index()
            .map_or(Value::Null, |i| json!(offers[i]))),
        ("best", None) => {
            let mut out = [Preference::default(); 1];
            Ok(preferences(&mut out)
                .first()
                .map_or(Value::Null, |p| json!(p.to_string())))
        }
        ("ordered", Some(offers)) => {
            let mut out = vec![Choice::default(); offers.len().min(MAX_LIST)];
            Ok(json!(
                rank(&offers, &mut out)
                    .iter()
                    .map(|c| offers[c.index()])
                    .collect::<Vec<_>>()
            ))
        }
        ("ordered", None) => {
            let mut out = vec![Preference::default(); MAX_LIST];
            Ok(json!(
                preferences(&mut out)
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
            ))
        }
        ("quality", Some(offers)) => {
            let first = offers.first().ok_or("mode quality needs at least one offer")?;
            Ok(quality_json(quality_of(first)))
        }
        ("quality", None) => Err("mode quality needs offers".into()),
        (other, _) => Err(format!("unknown mode {other:?}")),
    }
}
