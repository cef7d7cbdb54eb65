//! A naive, allocating oracle for the token-valued negotiation fields:
//! Accept-Language (RFC 9110 §12.5.4 with RFC 4647 Basic Filtering and
//! Lookup), Accept-Encoding (§12.5.3) and Accept-Charset (§12.5.2), with the
//! project's policies (the policy page `conneg::policy`, and the rules
//! behind the vectors' answers in `tests/data/README.md`).
//!
//! Written the slow, obvious way and independently of `src/accept/token.rs`:
//! split every field line into list elements (owned strings), split each
//! element at `;`, check each piece with plain string code, then compare
//! every offer with every range. Nothing here is meant to be fast.

#![allow(dead_code)]

/// Elements past this many (non-empty ones, across all lines) are ignored.
pub const MAX_ELEMENTS: usize = 256;
/// An element with more parameters than this (the weight included) is malformed.
pub const MAX_PARAMS: usize = 16;
/// Lookup considers this many ranges, the best by q.
pub const LOOKUP_RANGES: usize = 32;

/// Which field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Language,
    Encoding,
    Charset,
}

/// One non-empty list element as it sits in the field.
#[derive(Clone, Debug)]
pub struct Element {
    /// Field line index.
    pub line: usize,
    /// Byte offset of the element's first octet (after leading OWS).
    pub start: usize,
    /// Byte offset of the `,` that ends it (or the line's length).
    pub end: usize,
    /// The element's text, trimmed of OWS.
    pub text: String,
}

/// One valid element: the value as written and its weight.
#[derive(Clone, Debug)]
pub struct Entry {
    pub value: String,
    /// Thousandths (1000 without a weight).
    pub q: u16,
    /// Index among the non-empty elements (malformed ones counted).
    pub position: usize,
}

/// What the field amounts to.
#[derive(Clone, Debug)]
pub enum Client {
    /// Absent, or every considered element malformed: no preference.
    Anything,
    /// Present without a single non-empty element.
    Empty,
    /// The valid elements, in client order.
    Entries(Vec<Entry>),
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

pub fn trim_ows(s: &str) -> &str {
    s.trim_matches(is_ows)
}

/// Byte ranges of the pieces of `s` between the `sep`s that are outside
/// double quotes (a `"` anywhere opens a quoted part, a backslash inside one
/// escapes the next character, an unclosed quote runs to the end).
fn split_outside_quotes(s: &str, sep: char) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if quoted {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                quoted = false;
            }
        } else if c == sep {
            parts.push((start, i));
            start = i + 1;
        } else if c == '"' {
            quoted = true;
        }
    }
    parts.push((start, s.len()));
    parts
}

/// Every non-empty element of every line, in order (no cap).
pub fn elements(lines: &[String]) -> Vec<Element> {
    let mut out = Vec::new();
    for (line, text) in lines.iter().enumerate() {
        for (a, b) in split_outside_quotes(text, ',') {
            let raw = &text[a..b];
            let trimmed = trim_ows(raw);
            if trimmed.is_empty() {
                continue;
            }
            let lead = raw.len() - raw.trim_start_matches(is_ows).len();
            out.push(Element {
                line,
                start: a + lead,
                end: b,
                text: trimmed.to_string(),
            });
        }
    }
    out
}

/// Is `s` exactly one valid quoted-string?
fn is_quoted_string(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 2 || b[0] != b'"' || b[b.len() - 1] != b'"' {
        return false;
    }
    let inner = &b[1..b.len() - 1];
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i];
        if c == b'\\' {
            let Some(&n) = inner.get(i + 1) else {
                return false;
            };
            if !(n == b'\t' || n == b' ' || (0x21..=0x7E).contains(&n) || n >= 0x80) {
                return false;
            }
            i += 2;
        } else {
            if c == b'"' {
                return false;
            }
            if !(c == b'\t'
                || c == b' '
                || c == 0x21
                || (0x23..=0x7E).contains(&c) && c != b'\\'
                || c >= 0x80)
            {
                return false;
            }
            i += 1;
        }
    }
    true
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, in thousandths.
pub fn qvalue(s: &str) -> Option<u16> {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// `1*8ALPHA *("-" 1*8alphanum)`.
pub fn is_language_tag(s: &str) -> bool {
    let subtags: Vec<&str> = s.split('-').collect();
    let ok_len = |t: &str| (1..=8).contains(&t.len());
    ok_len(subtags[0])
        && subtags[0].bytes().all(|b| b.is_ascii_alphabetic())
        && subtags[1..]
            .iter()
            .all(|t| ok_len(t) && t.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Can `value` be an element's value in this field?
pub fn valid_range(field: Field, value: &str) -> bool {
    match field {
        Field::Language => value == "*" || is_language_tag(value),
        Field::Encoding | Field::Charset => is_token(value),
    }
}

/// Can the server offer `offer` (already trimmed)?
pub fn valid_offer(field: Field, offer: &str) -> bool {
    match field {
        Field::Language => is_language_tag(offer),
        Field::Encoding | Field::Charset => is_token(offer),
    }
}

/// Lenient mode's weight: a `qvalue`, or a leading-dot weight (`.5`: a dot
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

/// Parses one trimmed element in lenient mode (a leading-dot weight is its
/// value): its value and weight, or `None` if malformed.
pub fn parse_element(field: Field, text: &str) -> Option<(String, u16)> {
    parse_element_in(field, text, true)
}

/// Parses one trimmed element strictly (what `validate` accepts).
pub fn parse_element_strict(field: Field, text: &str) -> Option<(String, u16)> {
    parse_element_in(field, text, false)
}

fn parse_element_in(field: Field, text: &str, lenient: bool) -> Option<(String, u16)> {
    let pieces: Vec<&str> = split_outside_quotes(text, ';')
        .into_iter()
        .map(|(a, b)| &text[a..b])
        .collect();
    let value = trim_ows(pieces[0]);
    if !valid_range(field, value) {
        return None;
    }
    let mut q = None;
    let mut count = 0;
    for piece in &pieces[1..] {
        let piece = trim_ows(piece);
        if piece.is_empty() {
            continue;
        }
        let (name, v) = piece.split_once('=')?;
        if !is_token(name) || !(is_token(v) || is_quoted_string(v)) {
            return None;
        }
        count += 1;
        if count > MAX_PARAMS {
            return None;
        }
        // Only the first `q` is the weight; any other parameter is ignored.
        if name.eq_ignore_ascii_case("q") && q.is_none() {
            q = Some(if lenient { qvalue_lenient(v)? } else { qvalue(v)? });
        }
    }
    Some((value.to_string(), q.unwrap_or(1000)))
}

/// Reads the field (`None` = absent; no lines at all is absent too).
pub fn client(field: Field, lines: Option<&[String]>) -> Client {
    let Some(lines) = lines else {
        return Client::Anything;
    };
    if lines.is_empty() {
        return Client::Anything;
    }
    let mut all = elements(lines);
    if all.is_empty() {
        return Client::Empty;
    }
    all.truncate(MAX_ELEMENTS);
    let entries: Vec<Entry> = all
        .iter()
        .enumerate()
        .filter_map(|(position, e)| {
            parse_element(field, &e.text).map(|(value, q)| Entry { value, q, position })
        })
        .collect();
    if entries.is_empty() {
        Client::Anything
    } else {
        Client::Entries(entries)
    }
}

/// Strict mode: `Ok`, or the element strict mode must report (the first
/// malformed one, or the first past the cap) and whether it is the cap.
pub fn strict(field: Field, lines: Option<&[String]>) -> Result<(), (Element, bool)> {
    let Some(lines) = lines else { return Ok(()) };
    for (i, e) in elements(lines).into_iter().enumerate() {
        if i >= MAX_ELEMENTS {
            return Err((e, true));
        }
        if parse_element_strict(field, &e.text).is_none() {
            return Err((e, false));
        }
    }
    Ok(())
}

fn subtag_count(range: &str) -> usize {
    if range == "*" { 0 } else { range.split('-').count() }
}

/// `x-gzip` → `gzip`, `x-compress` → `compress`, lowercased.
fn coding_name(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    match lower.strip_prefix("x-") {
        Some(rest) if rest == "gzip" || rest == "compress" => rest.to_string(),
        _ => lower,
    }
}

/// If `range` matches `offer`, how specifically: compared as tuples, higher is
/// more specific. Languages: (exact match, subtags of the range); codings and
/// charsets: (0, 1 for a named value, 0 for `*`).
pub fn specificity(field: Field, range: &str, offer: &str) -> Option<(u8, usize)> {
    if range == "*" {
        return Some((0, 0));
    }
    match field {
        Field::Language => {
            let (r, o) = (range.to_ascii_lowercase(), offer.to_ascii_lowercase());
            if r == o {
                Some((1, subtag_count(range)))
            } else if o.starts_with(&format!("{r}-")) {
                Some((0, subtag_count(range)))
            } else {
                None
            }
        }
        Field::Encoding => (coding_name(range) == coding_name(offer)).then_some((0, 1)),
        Field::Charset => range.eq_ignore_ascii_case(offer).then_some((0, 1)),
    }
}

/// Specificity of a range on its own, for the client-preference list.
fn list_specificity(field: Field, range: &str) -> usize {
    match field {
        Field::Language => subtag_count(range),
        Field::Encoding | Field::Charset => usize::from(range != "*"),
    }
}

fn is_identity(s: &str) -> bool {
    s.eq_ignore_ascii_case("identity")
}

/// (q, specificity, client position) for an offer, if the field says anything
/// about it. An identity that nothing names ranks last at q=0.001.
type Score = (u16, (u8, usize), usize);

fn score(field: Field, client: &Client, offer: &str) -> Option<Score> {
    let offer = trim_ows(offer);
    if !valid_offer(field, offer) {
        return None;
    }
    let identity = field == Field::Encoding && is_identity(offer);
    match client {
        Client::Anything => Some((1000, (0, 0), 0)),
        Client::Empty => identity.then_some((1000, (0, 0), 0)),
        Client::Entries(entries) => {
            let mut best: Option<(&Entry, (u8, usize))> = None;
            for e in entries {
                if let Some(spec) = specificity(field, &e.value, offer) {
                    if best.is_none_or(|(_, s)| spec > s) {
                        best = Some((e, spec));
                    }
                }
            }
            match best {
                Some((e, spec)) => Some((e.q, spec, e.position)),
                None if identity => Some((1, (0, 0), usize::MAX)),
                None => None,
            }
        }
    }
}

/// Accept-Language's fallback when Basic Filtering finds no acceptable
/// offer (policy revised 2026-12-04): RFC 4647 Lookup truncation. An offer
/// filtering scored at all (so at q=0) stays excluded; otherwise, over the
/// ranges with q > 0 other than `*` whose truncation chain reaches the
/// offer, the best by q desc, client position asc, longer match desc, as
/// `(q, (0, length of the match), position)`.
fn lookup_score(client: &Client, offer: &str) -> Option<Score> {
    let offer = trim_ows(offer);
    if !valid_offer(Field::Language, offer) || score(Field::Language, client, offer).is_some() {
        return None;
    }
    let Client::Entries(entries) = client else {
        return None;
    };
    let mut best: Option<Score> = None;
    for e in entries.iter().filter(|e| e.q > 0 && e.value != "*") {
        let mut candidate = e.value.to_ascii_lowercase();
        loop {
            if candidate == offer.to_ascii_lowercase() {
                let s = (e.q, (0u8, candidate.len()), e.position);
                let key = |s: &Score| (s.0, std::cmp::Reverse(s.2), s.1.1);
                if best.as_ref().is_none_or(|b| key(&s) > key(b)) {
                    best = Some(s);
                }
                break;
            }
            match truncate(&candidate) {
                Some(shorter) => candidate = shorter,
                None => break,
            }
        }
    }
    best
}

/// The q-value the field gives `offer` (0 for an invalid offer), with
/// Accept-Language's Lookup fallback when filtering accepts it not.
pub fn quality(field: Field, lines: Option<&[String]>, offer: &str) -> u16 {
    let client = client(field, lines);
    let q = score(field, &client, offer).map_or(0, |s| s.0);
    if q == 0 && field == Field::Language {
        return lookup_score(&client, offer).map_or(0, |s| s.0);
    }
    q
}

/// The acceptable offers with their q, best first: q desc, then (unless
/// `server_order`) a range that names the offer before `*` (specificity 0),
/// then the client's position of the deciding range asc, then specificity
/// desc (among offers that range matches: exact before prefix), then server
/// order.
pub fn ranked(
    field: Field,
    lines: Option<&[String]>,
    offers: &[&str],
    server_order: bool,
) -> Vec<(usize, u16)> {
    let client = client(field, lines);
    let mut scored: Vec<(Score, usize)> = offers
        .iter()
        .enumerate()
        .filter_map(|(i, o)| score(field, &client, o).map(|s| (s, i)))
        .filter(|(s, _)| s.0 > 0)
        .collect();
    if scored.is_empty() && field == Field::Language {
        // Nothing filtering accepts, among all the offers: Lookup.
        scored = offers
            .iter()
            .enumerate()
            .filter_map(|(i, o)| lookup_score(&client, o).map(|s| (s, i)))
            .collect();
    }
    scored.sort_by(|(a, i), (b, j)| {
        let by_q = b.0.cmp(&a.0);
        let by_tie = if server_order {
            std::cmp::Ordering::Equal
        } else {
            (b.1 != (0, 0))
                .cmp(&(a.1 != (0, 0)))
                .then(a.2.cmp(&b.2))
                .then(b.1.cmp(&a.1))
        };
        by_q.then(by_tie).then(i.cmp(j))
    });
    scored.into_iter().map(|(s, i)| (i, s.0)).collect()
}

/// The best acceptable offer.
pub fn best(field: Field, lines: Option<&[String]>, offers: &[&str]) -> Option<usize> {
    ranked(field, lines, offers, false).first().map(|&(i, _)| i)
}

/// The client's entries with q > 0, best first (q desc, specificity desc,
/// client order), as (value as written, q). An absent field lists `*`. For
/// Accept-Encoding, an `identity` that no entry names and `*` does not cover
/// comes last, with the q the field gives it.
pub fn preferences(field: Field, lines: Option<&[String]>) -> Vec<(String, u16)> {
    let client = client(field, lines);
    let mut out: Vec<(String, u16)> = match &client {
        Client::Anything => return vec![("*".to_string(), 1000)],
        Client::Empty => Vec::new(),
        Client::Entries(entries) => {
            let mut kept: Vec<&Entry> = entries.iter().filter(|e| e.q > 0).collect();
            kept.sort_by_key(|e| {
                (
                    std::cmp::Reverse(e.q),
                    std::cmp::Reverse(list_specificity(field, &e.value)),
                    e.position,
                )
            });
            kept.into_iter().map(|e| (e.value.clone(), e.q)).collect()
        }
    };
    if field == Field::Encoding {
        let covered = match &client {
            Client::Entries(entries) => entries.iter().any(|e| e.value == "*" || is_identity(&e.value)),
            _ => false,
        };
        if !covered {
            out.push(("identity".to_string(), quality(field, lines, "identity")));
        }
    }
    out
}

/// The outcome of RFC 4647 Lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    Matched(usize, u16),
    Default(usize),
    NotAcceptable,
}

/// Removes the last subtag, and then a single-character subtag left at the
/// end (RFC 4647 §3.4). `None` when there is nothing to remove.
pub fn truncate(tag: &str) -> Option<String> {
    let mut subtags: Vec<&str> = tag.split('-').collect();
    if subtags.len() < 2 {
        return None;
    }
    subtags.pop();
    if subtags.len() >= 2 && subtags.last().is_some_and(|s| s.len() == 1) {
        subtags.pop();
    }
    Some(subtags.join("-"))
}

/// RFC 4647 §3.4 Lookup over Accept-Language, as documented on
/// `AcceptLanguage::lookup`: ranges with q > 0 by q desc then client order
/// (the best 32), `*` skipped, each range then its truncations compared with
/// every offer case-insensitively; an offer equal to a q=0 range is never
/// returned; nothing found → the default (if it is an index into `offers`).
pub fn lookup(lines: Option<&[String]>, offers: &[&str], default: Option<usize>) -> Lookup {
    let fallback = match default {
        Some(i) if i < offers.len() => Lookup::Default(i),
        _ => Lookup::NotAcceptable,
    };
    let Client::Entries(entries) = client(Field::Language, lines) else {
        return fallback;
    };
    let excluded: Vec<String> = entries
        .iter()
        .filter(|e| e.q == 0)
        .map(|e| e.value.to_ascii_lowercase())
        .collect();
    let mut ranges: Vec<&Entry> = entries.iter().filter(|e| e.q > 0).collect();
    ranges.sort_by_key(|e| std::cmp::Reverse(e.q)); // stable: client order among equals
    ranges.truncate(LOOKUP_RANGES);
    for range in ranges {
        if range.value == "*" {
            continue;
        }
        let mut candidate = range.value.to_ascii_lowercase();
        loop {
            for (i, offer) in offers.iter().enumerate() {
                let offer = trim_ows(offer);
                let lower = offer.to_ascii_lowercase();
                if is_language_tag(offer) && lower == candidate && !excluded.contains(&lower) {
                    return Lookup::Matched(i, range.q);
                }
            }
            match truncate(&candidate) {
                Some(shorter) => candidate = shorter,
                None => break,
            }
        }
    }
    fallback
}
