//! A model of a conditional request (RFC 9110 §13.2.2), its rendering as
//! field lines, and a naive transcription of the six steps over the model
//! (not over the bytes): the oracle of `tests/precondition_props.rs` and of
//! the `preconditions` fuzz target (which includes this file with
//! `#[path = "../../tests/naive_conditional/mod.rs"]`).
//!
//! The model only holds values whose reading is unambiguous: a `Mem::Tag`
//! renders to a valid entity-tag, a `Mem::Bogus` to one malformed member,
//! a `DateField::Valid` to one valid HTTP-date near `T`, an `Invalid` date
//! to text that is no HTTP-date. Generators (proptest strategies, the fuzz
//! target's reading of its input) must keep to that; [`Mem::bogus_ok`] and
//! [`is_opaque`] tell which free-form values qualify.

#![allow(dead_code)]

use conneg::{
    Conditions, EntityTag, FieldLines, HttpDate, Precondition, Representation, RequestMethod,
    precondition::ModifiedSince, precondition::RangeCondition,
};

/// The instant the model's dates are offsets from (2024-01-01T12:00:00Z).
pub const T: i64 = 1_704_110_400;

/// Opaque tags the generators pick from. `v1`/`w1` and `a,b`/`x,b` have the
/// same length and the same last octet: a comparison that looks only at
/// those tells them apart wrongly.
pub const OPAQUE: [&str; 6] = ["v1", "v0", "a,b", "", "w1", "x,b"];
/// Malformed members (never a tag, never `*`, no comma, not empty).
pub const BOGUS: [&str; 5] = ["bogus", "w/\"v1\"", "\"a b\"", "X1E", "W/ \"v1\""];
/// Values of `If-Modified-Since` / `If-Unmodified-Since` that are no HTTP-date.
pub const BAD_DATES: [&str; 4] = [
    "foo",
    "",
    "sun, 01 jan 2024 12:00:00 gmt",
    "Mon, 32 Jan 2024 12:00:00 GMT",
];
/// Values of `If-Range` that are neither an entity-tag nor an HTTP-date.
pub const BAD_IF_RANGE: [&str; 3] = ["unquoted", "", "\"x\" y"];
/// The methods the model knows.
pub const METHODS: [&str; 10] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "BREW",
];

/// One member of an If-Match / If-None-Match value.
#[derive(Clone, Debug)]
pub enum Mem<'a> {
    /// A valid entity-tag (`opaque` holds `etagc` only, see [`is_opaque`]).
    Tag { weak: bool, opaque: &'a str },
    /// One malformed member (see [`Mem::bogus_ok`]).
    Bogus(&'a str),
}

impl Mem<'_> {
    /// Can `s` stand as one malformed member? Not empty after OWS, no comma
    /// (it would split), no double quote (it could be a tag or swallow a
    /// comma), not `*`.
    pub fn bogus_ok(s: &str) -> bool {
        let t = s.trim_matches([' ', '\t']);
        !t.is_empty() && t != "*" && !s.contains([',', '"'])
    }
}

/// Is `s` a valid opaque-tag content (`*etagc`: `!`, `#`..`~`, obs-text)?
pub fn is_opaque(s: &str) -> bool {
    s.bytes()
        .all(|b| b == 0x21 || (0x23..=0x7E).contains(&b) || b >= 0x80)
}

#[derive(Clone, Debug)]
pub enum TagField<'a> {
    Absent,
    Star,
    /// `*` plus other members (invalid).
    Mixed(Vec<Mem<'a>>),
    /// Members over one or two field lines.
    Lines(Vec<Mem<'a>>, Vec<Mem<'a>>),
}

#[derive(Clone, Debug)]
pub enum DateField<'a> {
    Absent,
    /// Seconds from T, and the format (0 IMF-fixdate, 1 rfc850, 2 asctime).
    Valid(i64, u8),
    Invalid(&'a str),
    TwoLines(i64),
}

#[derive(Clone, Debug)]
pub enum IfRangeField<'a> {
    Absent,
    Tag { weak: bool, opaque: &'a str },
    Date(i64),
    Invalid(&'a str),
}

#[derive(Clone, Debug)]
pub struct Case<'a> {
    pub method: &'a str,
    pub im: TagField<'a>,
    pub inm: TagField<'a>,
    pub ims: DateField<'a>,
    pub ius: DateField<'a>,
    pub ir: IfRangeField<'a>,
    pub range: bool,
    pub exists: bool,
    pub etag: Option<(bool, &'a str)>,
    pub lm: Option<i64>,
    pub now: Option<i64>,
    pub exact: bool,
    pub require: bool,
}

// ---- rendering the model as field lines ----

pub fn render_mem(m: &Mem<'_>) -> String {
    match m {
        Mem::Tag { weak, opaque } => format!("{}\"{}\"", if *weak { "W/" } else { "" }, opaque),
        Mem::Bogus(s) => (*s).to_string(),
    }
}

pub fn render_tags(f: &TagField<'_>) -> Vec<String> {
    let join = |v: &[Mem<'_>]| v.iter().map(render_mem).collect::<Vec<_>>().join(" ,\t");
    match f {
        TagField::Absent => vec![],
        TagField::Star => vec!["*".into()],
        TagField::Mixed(v) if v.is_empty() => vec!["*, *".into()],
        TagField::Mixed(v) => vec![format!("{}, *", join(v))],
        TagField::Lines(a, b) if b.is_empty() => vec![join(a)],
        TagField::Lines(a, b) => vec![join(a), join(b)],
    }
}

pub fn imf(secs: i64) -> String {
    HttpDate::from_unix_seconds(secs).unwrap().to_string()
}

/// The same instant in the requested format (rfc850 and asctime rebuilt
/// from the IMF-fixdate text).
pub fn render_date(secs: i64, format: u8) -> String {
    let s = imf(secs); // "Mon, 01 Jan 2024 12:00:00 GMT"
    let (wd, day, mon, year, time) = (&s[0..3], &s[5..7], &s[8..11], &s[12..16], &s[17..25]);
    match format {
        0 => s.clone(),
        1 => {
            let long = match wd {
                "Mon" => "Monday",
                "Tue" => "Tuesday",
                "Wed" => "Wednesday",
                "Thu" => "Thursday",
                "Fri" => "Friday",
                "Sat" => "Saturday",
                _ => "Sunday",
            };
            format!("{long}, {day}-{mon}-{} {time} GMT", &year[2..])
        }
        _ => format!("{wd} {mon} {:>2} {time} {year}", day.trim_start_matches('0')),
    }
}

pub fn render_date_field(f: &DateField<'_>) -> Vec<String> {
    match f {
        DateField::Absent => vec![],
        DateField::Valid(o, fmt) => vec![render_date(T + o, *fmt)],
        DateField::Invalid(s) => vec![(*s).to_string()],
        DateField::TwoLines(o) => vec![imf(T + o), imf(T + o)],
    }
}

pub fn render_if_range(f: &IfRangeField<'_>) -> Vec<String> {
    match f {
        IfRangeField::Absent => vec![],
        IfRangeField::Tag { weak, opaque } => vec![render_mem(&Mem::Tag { weak: *weak, opaque })],
        IfRangeField::Date(o) => vec![imf(T + o)],
        IfRangeField::Invalid(s) => vec![(*s).to_string()],
    }
}

pub fn lines(v: &[String]) -> Vec<&[u8]> {
    v.iter().map(|s| s.as_bytes()).collect()
}

/// The field lines of If-Match, If-None-Match, If-Modified-Since,
/// If-Unmodified-Since, If-Range and Range, and the current ETag's text.
pub fn render(c: &Case<'_>) -> ([Vec<String>; 6], Option<String>) {
    (
        [
            render_tags(&c.im),
            render_tags(&c.inm),
            render_date_field(&c.ims),
            render_date_field(&c.ius),
            render_if_range(&c.ir),
            if c.range { vec!["bytes=0-0".into()] } else { vec![] },
        ],
        c.etag.map(|(weak, o)| render_mem(&Mem::Tag { weak, opaque: o })),
    )
}

/// Runs the crate on the rendered request.
pub fn run(c: &Case<'_>, owned: &[Vec<String>; 6], etag_text: &Option<String>) -> Precondition {
    let [im, inm, ims, ius, ir, range] = owned;
    let (im, inm, ims, ius, ir, range) = (
        lines(im),
        lines(inm),
        lines(ims),
        lines(ius),
        lines(ir),
        lines(range),
    );
    let mut rep = if c.exists {
        Representation::new()
    } else {
        Representation::missing()
    };
    if let Some(text) = etag_text {
        rep = rep.etag(EntityTag::parse(text.as_bytes()).unwrap());
    }
    if let Some(o) = c.lm {
        rep = rep.last_modified(HttpDate::from_unix_seconds(T + o).unwrap());
    }
    let mut cond = Conditions::new(RequestMethod::from_bytes(c.method.as_bytes()))
        .if_match(FieldLines::many(&im))
        .if_none_match(FieldLines::many(&inm))
        .if_modified_since(FieldLines::many(&ims))
        .if_unmodified_since(FieldLines::many(&ius))
        .if_range(FieldLines::many(&ir))
        .range(FieldLines::many(&range))
        .modified_since(if c.exact {
            ModifiedSince::Exact
        } else {
            ModifiedSince::EarlierOrEqual
        })
        .require_precondition(c.require);
    if let Some(n) = c.now {
        cond = cond.now(HttpDate::from_unix_seconds(T + n).unwrap());
    }
    cond.evaluate(&rep)
}

// ---- the naive transcription of RFC 9110 §13.2.2 over the model ----

pub enum ListTruth<'a> {
    Absent,
    Star,
    Mixed,
    Tags(Vec<(bool, &'a str)>),
}

/// The list as the method reads it: on unsafe methods (anything but GET,
/// HEAD, OPTIONS, TRACE) a field with any malformed member is invalid, like
/// `*` mixed with tags (fail closed); on safe methods malformed members are
/// skipped.
pub fn truth<'a>(f: &TagField<'a>, safe: bool) -> ListTruth<'a> {
    let valid = |v: &[Mem<'a>]| {
        v.iter()
            .filter_map(|m| match m {
                Mem::Tag { weak, opaque } => Some((*weak, *opaque)),
                Mem::Bogus(_) => None,
            })
            .collect::<Vec<_>>()
    };
    match f {
        TagField::Absent => ListTruth::Absent,
        TagField::Star => ListTruth::Star,
        TagField::Mixed(_) => ListTruth::Mixed,
        TagField::Lines(a, b) if !safe && a.iter().chain(b).any(|m| matches!(m, Mem::Bogus(_))) => {
            ListTruth::Mixed
        }
        TagField::Lines(a, b) => ListTruth::Tags([valid(a), valid(b)].concat()),
    }
}

/// A date field's value if it has exactly one valid HTTP-date.
pub fn date_of(f: &DateField<'_>) -> Option<i64> {
    match f {
        DateField::Valid(o, _) => Some(T + o),
        _ => None,
    }
}

pub fn oracle(c: &Case<'_>) -> Precondition {
    let get_head = c.method == "GET" || c.method == "HEAD";
    let safe = get_head || c.method == "OPTIONS" || c.method == "TRACE";
    if matches!(c.method, "CONNECT" | "OPTIONS" | "TRACE") {
        return Precondition::Proceed(RangeCondition::NoRange); // C-37
    }
    let lm = match (c.lm, c.now) {
        (Some(l), Some(n)) => Some(l.min(n) + T), // V-12
        (Some(l), None) => Some(l + T),
        _ => None,
    };
    let present = |f: &TagField<'_>| !matches!(f, TagField::Absent);
    if c.require && !safe && !present(&c.im) && !present(&c.inm) && matches!(c.ius, DateField::Absent) {
        return Precondition::Required;
    }
    // Step 1: If-Match, strong comparison.
    if present(&c.im) {
        let ok = match truth(&c.im, safe) {
            ListTruth::Star => c.exists,
            ListTruth::Tags(tags) => {
                c.exists
                    && tags
                        .iter()
                        .any(|&(w, o)| !w && c.etag.is_some_and(|(cw, co)| !cw && co == o))
            }
            ListTruth::Mixed | ListTruth::Absent => false,
        };
        if !ok {
            return Precondition::Failed;
        }
    } else if let (Some(d), Some(l)) = (date_of(&c.ius), lm) {
        // Step 2: If-Unmodified-Since.
        if l > d {
            return Precondition::Failed;
        }
    }
    // Step 3: If-None-Match, weak comparison.
    if present(&c.inm) {
        let ok = match truth(&c.inm, safe) {
            ListTruth::Star => !c.exists,
            ListTruth::Tags(tags) => {
                !(c.exists && tags.iter().any(|&(_, o)| c.etag.is_some_and(|(_, co)| co == o)))
            }
            ListTruth::Mixed => get_head,
            ListTruth::Absent => true,
        };
        if !ok {
            return if get_head {
                Precondition::NotModified
            } else {
                Precondition::Failed
            };
        }
    } else if get_head && let (Some(d), Some(l)) = (date_of(&c.ims), lm) {
        // Step 4: If-Modified-Since.
        let not_modified = if c.exact { l == d } else { l <= d };
        if not_modified {
            return Precondition::NotModified;
        }
    }
    // Step 5: If-Range, GET with Range only.
    if c.method != "GET" || !c.range {
        return Precondition::Proceed(RangeCondition::NoRange);
    }
    let ok = match &c.ir {
        IfRangeField::Absent => true,
        IfRangeField::Tag { weak, opaque } => !weak && c.etag.is_some_and(|(cw, co)| !cw && co == *opaque),
        IfRangeField::Date(o) => lm == Some(T + o),
        IfRangeField::Invalid(_) => false,
    };
    // Step 6.
    Precondition::Proceed(if ok {
        RangeCondition::Apply
    } else {
        RangeCondition::IfRangeFailed
    })
}
