//! A naive, allocating oracle for `Accept` negotiation (RFC 9110 §12.5.1 with
//! the project's policies, `shared/vectors/README.md` "Rules behind want").
//!
//! Written the slow, obvious way and independently of `src/accept/media.rs`:
//! split the field into elements, split each element into `;` segments, parse
//! every segment with plain string code into owned values, then compare every
//! offer with every range. Nothing here is meant to be fast.

#![allow(dead_code)]

/// Elements past this many (non-empty ones) are ignored (conneg's default cap).
pub const MAX_ELEMENTS: usize = 256;
/// An element with more ordinary (non-weight) parameters than this is malformed.
pub const MAX_PARAMS: usize = 16;

/// One parsed media range (or offer).
#[derive(Clone, Debug)]
pub struct Range {
    pub type_: String,
    pub subtype: String,
    /// Ordinary parameters: (lowercased name, unescaped value), first occurrence
    /// of each name only.
    pub params: Vec<(String, Vec<u8>)>,
    /// Weight in thousandths (1000 when there is none).
    pub q: u16,
    /// The element as written, with its weight (and any later, ignored `q`) removed.
    pub rendered: String,
    /// Index among the non-empty elements of the field (malformed ones included).
    pub position: usize,
}

impl Range {
    /// (level, distinct parameter names): `*/*` = 0, `type/*` = 1, `type/subtype` = 2.
    pub fn specificity(&self) -> (u8, usize) {
        let level = if self.type_ == "*" {
            0
        } else if self.subtype == "*" {
            1
        } else {
            2
        };
        (level, self.params.len())
    }

    /// Does this range match the (valid) offer?
    pub fn matches(&self, offer: &Range) -> bool {
        if self.type_ != "*" && !self.type_.eq_ignore_ascii_case(&offer.type_) {
            return false;
        }
        if self.subtype != "*" && !self.subtype.eq_ignore_ascii_case(&offer.subtype) {
            return false;
        }
        for (name, value) in &self.params {
            let found = offer.params.iter().find(|(n, _)| n == name);
            let Some((_, offered)) = found else {
                return false;
            };
            let equal = if name == "charset" {
                value.eq_ignore_ascii_case(offered)
            } else {
                value == offered
            };
            if !equal {
                return false;
            }
        }
        true
    }
}

/// What the field amounts to.
#[derive(Clone, Debug)]
pub enum Client {
    /// Absent, or every considered element malformed: accept anything.
    Anything,
    /// Present with no non-empty element: accept nothing.
    Nothing,
    /// The valid ranges, in client order.
    Ranges(Vec<Range>),
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_tchar)
}

fn is_ows(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn trim_ows(s: &str) -> &str {
    s.trim_matches(is_ows)
}

/// Splits `s` at every `sep` that is not inside a double-quoted string. A
/// backslash inside quotes escapes the next character; a quote that is never
/// closed runs to the end.
fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if in_quotes {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_quotes = false;
            }
        } else if c == sep {
            parts.push(&s[start..i]);
            start = i + 1;
        } else if c == '"' {
            in_quotes = true;
        }
    }
    parts.push(&s[start..]);
    parts
}

/// The non-empty list elements, trimmed, all of them (no cap).
pub fn elements(header: &str) -> Vec<&str> {
    split_outside_quotes(header, ',')
        .into_iter()
        .map(trim_ows)
        .filter(|e| !e.is_empty())
        .collect()
}

/// The octets a quoted-string stands for, or `None` if `s` is not exactly one
/// valid quoted-string.
fn unquote(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    if bytes.len() < 2 || bytes[0] != b'"' || bytes[bytes.len() - 1] != b'"' {
        return None;
    }
    let inner = &bytes[1..bytes.len() - 1];
    let mut out = Vec::new();
    let mut i = 0;
    while i < inner.len() {
        let b = inner[i];
        if b == b'\\' {
            // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
            let next = *inner.get(i + 1)?;
            let ok = next == b'\t' || next == b' ' || (0x21..=0x7E).contains(&next) || next >= 0x80;
            if !ok {
                return None;
            }
            out.push(next);
            i += 2;
        } else if b == b'"' {
            // An unescaped quote before the end: the string closed early.
            return None;
        } else {
            // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
            let ok = b == b'\t' || b == b' ' || b == 0x21 || (0x23..=0x7E).contains(&b) || b >= 0x80;
            if !ok {
                return None;
            }
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

/// A parameter value: a token as is, or a quoted-string unescaped.
fn param_value(s: &str) -> Option<Vec<u8>> {
    if is_token(s) {
        Some(s.as_bytes().to_vec())
    } else {
        unquote(s)
    }
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, in thousandths.
pub fn qvalue(s: &str) -> Option<u16> {
    let (whole, fraction) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    if fraction.len() > 3 || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut padded = fraction.to_string();
    while padded.len() < 3 {
        padded.push('0');
    }
    let thousandths: u16 = padded.parse().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Lenient mode's weight: a `qvalue`, or a leading-dot weight (`.2`: a dot
/// and 1 to 3 digits, nothing before it) read as its value.
pub fn qvalue_lenient(s: &str) -> Option<u16> {
    qvalue(s).or_else(|| {
        let digits = s.strip_prefix('.')?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        qvalue(&format!("0.{digits}"))
    })
}

/// Parses one trimmed, non-empty element in lenient mode (what the field
/// reads: a leading-dot weight is its value, a bare `*` is `*/*`).
/// `weighted`: the first `q` parameter is the weight (field elements);
/// otherwise `q` is an ordinary parameter (offers, always read strictly).
pub fn parse_range(element: &str, weighted: bool, position: usize) -> Option<Range> {
    parse_range_in(element, weighted, weighted, position)
}

/// Parses one trimmed, non-empty field element strictly (what `validate`
/// accepts): no leading-dot weight, no bare `*`.
pub fn parse_range_strict(element: &str, position: usize) -> Option<Range> {
    parse_range_in(element, true, false, position)
}

fn parse_range_in(element: &str, weighted: bool, lenient: bool, position: usize) -> Option<Range> {
    let segments = split_outside_quotes(element, ';');
    let media_type = trim_ows(segments[0]);
    let (type_, subtype) = match media_type.split_once('/') {
        Some(split) => split,
        None if lenient && media_type == "*" => ("*", "*"),
        None => return None,
    };
    if !is_token(type_) || !is_token(subtype) {
        return None;
    }
    if type_ == "*" && subtype != "*" {
        return None;
    }

    let mut params: Vec<(String, Vec<u8>)> = Vec::new();
    let mut ordinary = 0;
    let mut q = None;
    // Indices of segments to leave out of the rendering.
    let mut dropped = Vec::new();
    for (index, segment) in segments.iter().enumerate().skip(1) {
        let segment = trim_ows(segment);
        if segment.is_empty() {
            continue;
        }
        let (name, value) = segment.split_once('=')?;
        if !is_token(name) {
            return None;
        }
        let unescaped = param_value(value)?;
        let is_q = name.eq_ignore_ascii_case("q");
        if weighted && is_q {
            if q.is_none() {
                q = Some(if lenient {
                    qvalue_lenient(value)?
                } else {
                    qvalue(value)?
                });
            }
            dropped.push(index);
            continue;
        }
        ordinary += 1;
        if ordinary > MAX_PARAMS {
            return None;
        }
        let name = name.to_ascii_lowercase();
        if !params.iter().any(|(n, _)| *n == name) {
            params.push((name, unescaped));
        }
    }

    // Render: the element as written, minus each dropped segment together with
    // its `;` and the whitespace on both sides of it (the whitespace before the
    // `;` ends the previous text; the whitespace after the value is part of the
    // dropped segment).
    // A bare `*` (lenient mode) shows as the `*/*` it stands for.
    let mut rendered = match media_type.contains('/') {
        true => segments[0].to_string(),
        false => format!("*/*{}", &segments[0][1..]),
    };
    for (index, segment) in segments.iter().enumerate().skip(1) {
        if dropped.contains(&index) {
            rendered.truncate(rendered.trim_end_matches(is_ows).len());
        } else {
            rendered.push(';');
            rendered.push_str(segment);
        }
    }

    Some(Range {
        type_: type_.to_string(),
        subtype: subtype.to_string(),
        params,
        q: q.unwrap_or(1000),
        rendered,
        position,
    })
}

/// Parses an offer (trimmed; `q` is an ordinary parameter). `None`: not a valid
/// media type, never selected.
pub fn parse_offer(offer: &str) -> Option<Range> {
    // A comma outside quotes lands inside a type, subtype or token value and
    // makes the offer invalid, so no list splitting is needed here.
    parse_range(trim_ows(offer), false, 0)
}

/// Reads the field.
pub fn client(header: Option<&str>) -> Client {
    let Some(header) = header else {
        return Client::Anything;
    };
    let mut elements = elements(header);
    if elements.is_empty() {
        return Client::Nothing;
    }
    elements.truncate(MAX_ELEMENTS);
    let ranges: Vec<Range> = elements
        .iter()
        .enumerate()
        .filter_map(|(position, e)| parse_range(e, true, position))
        .collect();
    if ranges.is_empty() {
        Client::Anything
    } else {
        Client::Ranges(ranges)
    }
}

/// Strict mode: every element valid and at most `MAX_ELEMENTS` of them.
pub fn valid(header: Option<&str>) -> bool {
    let Some(header) = header else {
        return true;
    };
    let elements = elements(header);
    elements.len() <= MAX_ELEMENTS && elements.iter().all(|e| parse_range_strict(e, 0).is_some())
}

/// (q, specificity, client position) for a valid offer, if any range matches.
fn score(client: &Client, offer: &Range) -> Option<(u16, (u8, usize), usize)> {
    match client {
        Client::Anything => Some((1000, (0, 0), 0)),
        Client::Nothing => None,
        Client::Ranges(ranges) => {
            let mut best: Option<&Range> = None;
            for range in ranges.iter().filter(|r| r.matches(offer)) {
                let better = match best {
                    None => true,
                    Some(b) => {
                        range.specificity() > b.specificity()
                            || (range.specificity() == b.specificity() && range.position < b.position)
                    }
                };
                if better {
                    best = Some(range);
                }
            }
            best.map(|r| (r.q, r.specificity(), r.position))
        }
    }
}

/// The q-value the field gives `offer` (0 for an invalid offer).
pub fn quality(header: Option<&str>, offer: &str) -> u16 {
    let Some(offer) = parse_offer(offer) else {
        return 0;
    };
    score(&client(header), &offer).map_or(0, |(q, _, _)| q)
}

/// The acceptable offers, best first: q desc, specificity desc, client position
/// asc, server order asc.
pub fn ranked(header: Option<&str>, offers: &[&str]) -> Vec<usize> {
    let client = client(header);
    let mut scored = Vec::new();
    for (index, offer) in offers.iter().enumerate() {
        let Some(offer) = parse_offer(offer) else {
            continue;
        };
        if let Some((q, spec, position)) = score(&client, &offer) {
            if q > 0 {
                scored.push((q, spec, position, index));
            }
        }
    }
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    scored.into_iter().map(|s| s.3).collect()
}

/// The best acceptable offer.
pub fn best(header: Option<&str>, offers: &[&str]) -> Option<usize> {
    ranked(header, offers).first().copied()
}

/// The client's ranges with q > 0, best first (q desc, specificity desc, client
/// order), rendered without the weight. Absent (or all malformed): `*/*`.
pub fn preferences(header: Option<&str>) -> Vec<String> {
    match client(header) {
        Client::Anything => vec!["*/*".to_string()],
        Client::Nothing => Vec::new(),
        Client::Ranges(ranges) => {
            let mut kept: Vec<&Range> = ranges.iter().filter(|r| r.q > 0).collect();
            kept.sort_by(|a, b| {
                b.q.cmp(&a.q)
                    .then(b.specificity().cmp(&a.specificity()))
                    .then(a.position.cmp(&b.position))
            });
            kept.into_iter().map(|r| r.rendered.clone()).collect()
        }
    }
}
