//! The decision harness's logic, shared by `examples/decide.rs` (stdin → stdout)
//! and the conformance tests in `tests/` (so both run the same code path).
//!
//! Input: one vector object as in the conformance files, plus `"kind"`.
//! Output: `{"id": …, "got": …}` with `got` shaped like the vector's `want`, or
//! `{"id": …, "error": "…"}` for an unsupported kind or a malformed object.

use conneg::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, ByteRange, ContentRange, EntityTag, Field,
    FieldLines, HttpDate, Negotiation, Outcome, Quality, Range, RangeOutcome, RequestHead, RequestMethod,
    Resource, TieBreak, Variant, accept::Choice, accept::MediaRange, accept::Preference, etag::EntityTagList,
    etag::Member, negotiate::Fallback, precondition::IfRange, precondition::ModifiedSince,
    range::DEFAULT_MAX_RANGES,
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
        "decide" => decide(obj),
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
            // Through the combined decision: one variant carrying the vector's
            // validators and the body's length.
            let etag = string_field(obj, "etag")?;
            let modified = string_field(obj, "last_modified")?;
            let mut variant = Variant::new("application/octet-stream").with_length(length);
            if let Some(tag) = etag.and_then(|t| EntityTag::parse(t.as_bytes()).ok()) {
                variant = variant.with_etag(tag);
            }
            if let Some(date) = modified.and_then(|d| HttpDate::parse(d.as_bytes(), now(obj))) {
                variant = variant.with_last_modified(date);
            }
            let variants = [variant];
            let lines = RequestLines::read(obj)?;
            let request = lines.request();
            let decision = Resource::new(&variants).now(now(obj)).decide(&request);
            return Ok(match decision.outcome() {
                Outcome::Partial => {
                    let ranges = decision.ranges();
                    let pairs: Vec<[u64; 2]> = ranges.iter().map(|r| [r.first(), r.last()]).collect();
                    let (content_range, part) = single_part(ranges, length, body);
                    json!({"status": 206, "content_range": content_range, "ranges": pairs, "body": part})
                }
                Outcome::RangeNotSatisfiable => json!({
                    "status": 416,
                    "content_range": ContentRange::unsatisfied(length).as_str(),
                    "ranges": null,
                    "body": null,
                }),
                other => {
                    json!({"status": other.status(), "content_range": null, "ranges": null, "body": null})
                }
            });
        }
        other => return Err(format!("kind {other:?} has no range detail")),
    };
    let mut out = [ByteRange::default(); DEFAULT_MAX_RANGES];
    let outcome = match (apply_range, range_value) {
        (true, Some(value)) => Range::new(value).evaluate(length, &mut out),
        _ => RangeOutcome::Ignore(conneg::range::Ignored::Absent),
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
            let (content_range, part) = single_part(ranges, length, body);
            json!({"status": 206, "content_range": content_range, "ranges": pairs, "body": part})
        }
    })
}

/// A single-part 206's Content-Range and body; nulls for several parts.
fn single_part(ranges: &[ByteRange], length: u64, body: &str) -> (Value, Value) {
    match ranges {
        [one] => (
            json!(ContentRange::bytes(*one, length).as_str()),
            one.to_usize_range()
                .and_then(|r| body.as_bytes().get(r))
                .map_or(Value::Null, |b| json!(String::from_utf8_lossy(b))),
        ),
        _ => (Value::Null, Value::Null),
    }
}

/// The method and the [`Field`] lines of a vector's request, owned by the
/// harness so a [`RequestHead`] can borrow them. `request_headers` is an object
/// (`{"If-None-Match": "\"a\""}`) or, to repeat a field, an array of
/// `[name, value]` pairs; names compare case-insensitively (S-01).
struct RequestLines<'a> {
    method: RequestMethod,
    lines: [Vec<&'a [u8]>; 10],
}

impl<'a> RequestLines<'a> {
    fn read(obj: &'a Map<String, Value>) -> Result<Self, String> {
        let method = obj
            .get("method")
            .and_then(Value::as_str)
            .ok_or("missing \"method\"")?;
        let mut lines: [Vec<&'a [u8]>; 10] = Default::default();
        let mut add = |name: &str, value: &'a Value| -> Result<(), String> {
            let value = value.as_str().ok_or("header values must be strings")?;
            if let Some(field) = Field::from_name(name.as_bytes()) {
                lines[field.index()].push(value.as_bytes());
            }
            Ok(())
        };
        match obj.get("request_headers") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (name, value) in map {
                    add(name, value)?;
                }
            }
            Some(Value::Array(pairs)) => {
                for pair in pairs {
                    match pair.as_array().map(Vec::as_slice) {
                        Some([Value::String(name), value]) => add(name, value)?,
                        _ => return Err("request_headers pairs must be [name, value]".into()),
                    }
                }
            }
            Some(_) => return Err("\"request_headers\" must be an object or an array of pairs".into()),
        }
        Ok(RequestLines {
            method: RequestMethod::from_bytes(method.as_bytes()),
            lines,
        })
    }

    fn request(&self) -> RequestHead<'_> {
        Field::ALL
            .into_iter()
            .fold(RequestHead::new(self.method), |r, f| {
                r.field(f, FieldLines::many(&self.lines[f.index()]))
            })
    }
}

/// One variant object: `{"type", "language", "charset", "encoding", "qs",
/// "etag", "last_modified", "length", "uri"}`, all but `type` optional.
fn variant<'a>(v: &'a Value, now: HttpDate) -> Result<Variant<'a>, String> {
    let o = v.as_object().ok_or("variants must be objects")?;
    let media_type = string_field(o, "type")?.ok_or("a variant needs \"type\"")?;
    let mut variant = Variant::new(media_type);
    if let Some(l) = string_field(o, "language")? {
        variant = variant.with_language(l);
    }
    if let Some(c) = string_field(o, "charset")? {
        variant = variant.with_charset(c);
    }
    if let Some(e) = string_field(o, "encoding")? {
        variant = variant.with_encoding(e);
    }
    if let Some(u) = string_field(o, "uri")? {
        variant = variant.with_uri(u);
    }
    if let Some(qs) = o.get("qs").and_then(Value::as_f64) {
        let q = Quality::from_thousandths((qs * 1000.0).round() as u16).ok_or("qs outside 0..=1")?;
        variant = variant.with_quality(q);
    }
    if let Some(t) = string_field(o, "etag")? {
        variant =
            variant.with_etag(EntityTag::parse(t.as_bytes()).map_err(|e| format!("bad etag {t:?}: {e:?}"))?);
    }
    if let Some(d) = string_field(o, "last_modified")? {
        variant = variant.with_last_modified(HttpDate::parse(d.as_bytes(), now).ok_or("bad last_modified")?);
    }
    if let Some(n) = o.get("length").and_then(Value::as_u64) {
        variant = variant.with_length(n);
    }
    Ok(variant)
}

/// Kind `decide`: see `examples/decide.rs` for the schema.
fn decide(obj: &Map<String, Value>) -> Result<Value, String> {
    let now = now(obj);
    let variants = match obj.get("variants") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| variant(v, now))
            .collect::<Result<Vec<_>, _>>()?,
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err("\"variants\" must be an array".into()),
    };
    let mut resource = Resource::new(&variants).now(now);
    if let Some(options) = obj.get("options").and_then(Value::as_object) {
        for (key, value) in options {
            resource = match (key.as_str(), value) {
                ("fallback", Value::String(s)) if s == "first" => resource.fallback(Fallback::FirstVariant),
                ("tie_break", Value::String(s)) if s == "server" => resource.tie_break(TieBreak::ServerOrder),
                ("modified_since", Value::String(s)) if s == "exact" => {
                    resource.modified_since(ModifiedSince::Exact)
                }
                ("require_precondition", Value::Bool(b)) => resource.require_precondition(*b),
                ("accept_ranges", Value::Bool(b)) => resource.accept_ranges(*b),
                ("max_ranges", n) if n.is_u64() => resource.max_ranges(n.as_u64().unwrap_or(0) as usize),
                ("coalesce", n) if n.is_u64() => resource.coalesce(n.as_u64()),
                ("boundary_seed", n) if n.is_u64() => resource.boundary_seed(n.as_u64().unwrap_or(0)),
                _ => return Err(format!("unknown option {key:?} = {value}")),
            };
        }
    }
    let lines = RequestLines::read(obj)?;
    let request = lines.request();
    let decision = resource.decide(&request);
    let headers: Vec<[String; 2]> = decision
        .headers()
        .map(|h| [h.name().to_string(), h.value().to_string()])
        .collect();
    let ranges: Vec<[u64; 2]> = decision.ranges().iter().map(|r| [r.first(), r.last()]).collect();
    Ok(json!({
        "status": decision.status(),
        "variant": decision.variant_index(),
        "headers": headers,
        "ranges": if ranges.is_empty() { Value::Null } else { json!(ranges) },
        "content_length": decision.content_length(),
    }))
}
