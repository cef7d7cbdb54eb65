//! The decision harness's logic, shared by `examples/decide.rs` (stdin → stdout)
//! and the conformance tests in `tests/` (so both run the same code path).
//!
//! Input: one vector object as in the conformance files, plus `"kind"`.
//! Output: `{"id": …, "got": …}` with `got` shaped like the vector's `want`, or
//! `{"id": …, "error": "…"}` for an unsupported kind or a malformed object.

use conneg::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, ByteRange, Choice, Conditions, ContentRange,
    DEFAULT_MAX_RANGES, EntityTag, EntityTagList, FieldLines, HttpDate, IfRange, MediaRange, Member, Method,
    Negotiation, Precondition, Preference, Quality, Range, RangeCondition, RangeOutcome, Representation,
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
        Ok(got) => {
            let kind = input.get("kind").and_then(Value::as_str);
            match kind {
                Some("conditional" | "range") => match answer_detail(&input) {
                    Ok(detail) => json!({"id": id, "got": got, "detail": detail}),
                    Err(error) => json!({"id": id, "error": error}),
                },
                _ => json!({"id": id, "got": got}),
            }
        }
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
        "conditional" | "range" => Ok(answer_detail(input)?["status"].clone()),
        "date" => date(obj),
        "date_format" => date_format(obj),
        "etags" => etags(obj),
        "if_range" => if_range(obj),
        "decide" => Err(format!("kind {kind:?} is not supported yet")),
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
/// "Now" for vectors without `now_epoch`: 2026-11-26T00:00:00Z (the vector
/// README's pinned clock for the rfc850 50-year rule).
pub const DEFAULT_NOW: i64 = 1_795_651_200;

fn now(obj: &Map<String, Value>) -> HttpDate {
    let secs = obj
        .get("now_epoch")
        .and_then(Value::as_i64)
        .unwrap_or(DEFAULT_NOW);
    HttpDate::saturating_from_unix_seconds(secs)
}

fn string_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("{key:?} must be a string or null")),
    }
}

fn date(obj: &Map<String, Value>) -> Result<Value, String> {
    let input = string_field(obj, "input")?.ok_or("missing \"input\"")?;
    Ok(HttpDate::parse(input.as_bytes(), now(obj)).map_or(Value::Null, |d| json!(d.unix_seconds())))
}

fn date_format(obj: &Map<String, Value>) -> Result<Value, String> {
    let epoch = obj
        .get("epoch")
        .and_then(Value::as_i64)
        .ok_or("missing integer \"epoch\"")?;
    let date = HttpDate::from_unix_seconds(epoch).ok_or("epoch outside years 0000..=9999")?;
    Ok(json!(date.format().as_str()))
}

/// The valid members as raw text, in input order.
fn etags(obj: &Map<String, Value>) -> Result<Value, String> {
    let input = string_field(obj, "input")?.ok_or("missing \"input\"")?;
    let list = EntityTagList::new(input.as_bytes());
    let members: Vec<String> = list
        .iter()
        .flatten()
        .map(|m| match m {
            Member::Any => "*".to_string(),
            Member::Tag(tag) => tag.to_string(),
        })
        .collect();
    Ok(json!(members))
}

/// `{"etag": opaque tag of a strong entity-tag, "date_epoch": epoch}`.
fn if_range(obj: &Map<String, Value>) -> Result<Value, String> {
    let input = string_field(obj, "input")?.ok_or("missing \"input\"")?;
    Ok(match IfRange::parse(input.as_bytes(), now(obj)) {
        IfRange::Tag(tag) if !tag.is_weak() => {
            json!({"etag": String::from_utf8_lossy(tag.opaque()), "date_epoch": null})
        }
        IfRange::Date(date) => json!({"etag": null, "date_epoch": date.unix_seconds()}),
        IfRange::Tag(_) | IfRange::Invalid => json!({"etag": null, "date_epoch": null}),
    })
}

/// The lines of one request field, names compared case-insensitively (S-01).
fn field_lines<'a>(headers: &'a Map<String, Value>, name: &str) -> Vec<&'a [u8]> {
    headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .filter_map(|(_, v)| v.as_str().map(str::as_bytes))
        .collect()
}

/// For kinds `conditional` and `range`: `{"status", "content_range",
/// "ranges", "body"}` — the status, the top-level Content-Range (null unless
/// a single-part 206 or a 416), the selected ranges (null unless 206), and
/// the single-part 206 body (else null).
pub fn answer_detail(input: &Value) -> Result<Value, String> {
    let obj = input.as_object().ok_or("input is not a JSON object")?;
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    let body = string_field(obj, "body")?.unwrap_or("");
    let length = match obj.get("length").and_then(Value::as_u64) {
        Some(n) => n,
        None => body.len() as u64,
    };
    let range_value;
    let apply_range = match kind {
        "range" => {
            range_value = string_field(obj, "range")?.map(str::as_bytes);
            true
        }
        "conditional" => {
            let headers = obj
                .get("request_headers")
                .and_then(Value::as_object)
                .ok_or("missing \"request_headers\" object")?;
            let method = obj
                .get("method")
                .and_then(Value::as_str)
                .ok_or("missing \"method\"")?;
            let now = now(obj);
            let etag = string_field(obj, "etag")?.and_then(|t| EntityTag::parse(t.as_bytes()).ok());
            let modified =
                string_field(obj, "last_modified")?.and_then(|d| HttpDate::parse(d.as_bytes(), now));
            let mut rep = Representation::new();
            if let Some(tag) = etag {
                rep = rep.etag(tag);
            }
            if let Some(date) = modified {
                rep = rep.last_modified(date);
            }
            let im = field_lines(headers, "If-Match");
            let inm = field_lines(headers, "If-None-Match");
            let ims = field_lines(headers, "If-Modified-Since");
            let ius = field_lines(headers, "If-Unmodified-Since");
            let ir = field_lines(headers, "If-Range");
            let range = field_lines(headers, "Range");
            let conditions = Conditions::new(Method::from_bytes(method.as_bytes()))
                .now(now)
                .if_match(FieldLines::many(&im))
                .if_none_match(FieldLines::many(&inm))
                .if_modified_since(FieldLines::many(&ims))
                .if_unmodified_since(FieldLines::many(&ius))
                .if_range(FieldLines::many(&ir))
                .range(FieldLines::many(&range));
            range_value = range.first().copied();
            match conditions.evaluate(&rep) {
                Precondition::Proceed(RangeCondition::Apply) => range.len() == 1,
                Precondition::Proceed(_) => false,
                other => {
                    return Ok(
                        json!({"status": other.status(), "content_range": null, "ranges": null, "body": null}),
                    );
                }
            }
        }
        other => return Err(format!("kind {other:?} has no range detail")),
    };
    let mut out = [ByteRange::default(); DEFAULT_MAX_RANGES];
    let outcome = match (apply_range, range_value) {
        (true, Some(value)) => Range::new(value).evaluate(length, &mut out),
        _ => RangeOutcome::Ignore(conneg::Ignored::Absent),
    };
    Ok(match outcome {
        RangeOutcome::Ignore(_) => {
            json!({"status": 200, "content_range": null, "ranges": null, "body": null})
        }
        RangeOutcome::NotSatisfiable => json!({
            "status": 416,
            "content_range": ContentRange::unsatisfied(length).as_str(),
            "ranges": null,
            "body": null,
        }),
        RangeOutcome::Satisfiable(ranges) => {
            let pairs: Vec<[u64; 2]> = ranges.iter().map(|r| [r.first(), r.last()]).collect();
            let (content_range, part) = match ranges {
                [one] => (
                    json!(ContentRange::bytes(*one, length).as_str()),
                    one.to_usize_range()
                        .and_then(|r| body.as_bytes().get(r))
                        .map_or(Value::Null, |b| json!(String::from_utf8_lossy(b))),
                ),
                _ => (Value::Null, Value::Null),
            };
            json!({"status": 206, "content_range": content_range, "ranges": pairs, "body": part})
        }
    })
}
