//! Adapters that put conneg and its peer crates behind one interface, so the
//! criterion benches (`benches/peers.rs`) and the allocation counter
//! (`examples/alloc_counts.rs`) measure exactly the same calls. The `Accept`
//! adapters are here; `Accept-Language`, `Accept-Encoding` and
//! `Accept-Charset` ones are in [`fields`].
//!
//! Every adapter has two halves:
//!
//! - **outside the timed loop** (done once, as a server would): [`Peer::new`]
//!   turns the offers into the peer's native type, and [`Peer::header`] turns
//!   the raw header into the form the peer's framework hands to it (a `&str`
//!   for most, an `http::HeaderValue` for actix-web);
//! - **inside the timed loop**: [`Peer::run`] parses the raw header and
//!   chooses among the offers, returning the peer's native answer.
//!
//! [`Peer::index`] maps that answer back to an offer index; it is only used to
//! check answers, never timed.

use std::str::FromStr;

pub mod fields;
pub use fields::*;

/// The benchmark matrix's data (`benches/cases/matrix.rs`, shared with
/// conneg's own benches and instruction counts).
#[path = "../../cases/matrix.rs"]
pub mod matrix;
/// The matrix's hand-checked answers (`benches/expected/matrix.rs`, shared
/// with `benches/matrix.rs`).
#[path = "../../expected/matrix.rs"]
pub mod expected;

/// The request field an input belongs to (each has its own set of peers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `Accept`: [`answers`] columns [`PEER_NAMES`].
    Accept,
    /// `Accept-Language`: columns [`LANGUAGE_PEER_NAMES`].
    Language,
    /// `Accept-Encoding`: columns [`ENCODING_PEER_NAMES`].
    Encoding,
    /// `Accept-Charset`: columns [`CHARSET_PEER_NAMES`].
    Charset,
}

/// The offers of the probes (the README's example; the matrix's `html_text`).
pub const HTML_OFFERS: [&str; 3] = ["text/html", "application/json", "text/plain"];

/// Number of elements in the sweep inputs (the 2,000-element header is the
/// matrix's `long2000` row).
pub const SWEEP_SIZES: [usize; 4] = [1, 10, 100, 1000];

/// conneg's element cap for every input (the default 256 would drop the
/// matching element of the 1000- and 2000-element headers).
pub const CONNEG_MAX_ELEMENTS: u16 = 4096;

/// A sweep header of `n` elements `type{i}/sub{i};q=0.{1..9}` joined by `,`,
/// with `application/json;q=0.9` as the second-to-last element (the only
/// element for `n == 1`), so every parser walks (nearly) the whole header
/// before the one matching range. With [`HTML_OFFERS`] the answer is offer 1.
pub fn sweep_header(n: usize) -> String {
    let at = n.saturating_sub(2);
    let mut out = String::with_capacity(n * 24);
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        if i == at {
            out.push_str("application/json;q=0.9");
        } else {
            out.push_str(&format!("type{i}/sub{i};q=0.{}", i % 9 + 1));
        }
    }
    out
}

/// One benchmark input: one cell of the matrix.
#[derive(Clone, Debug)]
pub struct Input {
    /// The request field.
    pub field: Field,
    /// Criterion group name, `row/cell` (`accept/chrome/html_first`); the
    /// row is everything before the last `/`.
    pub name: String,
    /// The raw header.
    pub header: String,
    /// The server's offers, best first.
    pub offers: &'static [&'static str],
    /// conneg's answer, checked by hand.
    pub expected: Option<usize>,
    /// conneg's `AcceptLanguage::lookup(&offers, None)` answer, checked by
    /// hand (language inputs only; equal to `expected` unless set).
    pub expected_lookup: Option<usize>,
}

impl Input {
    /// The row of the matrix (`accept/chrome`): the group name without its cell.
    pub fn row(&self) -> &str {
        self.name.rsplit_once('/').map_or(&self.name, |(row, _)| row)
    }
}

/// The offer set of the `long2000` row (one is enough: every offer set
/// makes every parser walk the whole 45,778-byte header).
pub const LONG_OFFER_SET: usize = 0;

/// The benchmarked `Accept` inputs, in report order: every
/// [`matrix::ACCEPT_HEADERS`] × [`matrix::OFFER_SETS`] cell
/// (`accept/<header>/<offer set>`), [`matrix::long_accept`]`(2000)` with
/// the first offer set, then the size sweep (`sweep/<n>`, [`HTML_OFFERS`]).
/// conneg's answers are the hand-checked ones of `benches/expected/matrix.rs`.
pub fn inputs() -> Vec<Input> {
    let mut v = Vec::new();
    let long = matrix::long_accept(2000);
    let (long_cell, long_offers) = matrix::OFFER_SETS[LONG_OFFER_SET];
    let cells = matrix::ACCEPT_HEADERS
        .iter()
        .flat_map(|&(row, header)| {
            matrix::OFFER_SETS
                .iter()
                .map(move |&(cell, offers)| (row, header.to_owned(), cell, offers))
        })
        .chain([("long2000", long, long_cell, long_offers)]);
    for (row, header, cell, offers) in cells {
        let expected = expected::answer(&expected::ACCEPT, row, cell);
        v.push(input(&format!("accept/{row}/{cell}"), &header, offers, expected));
    }
    for n in SWEEP_SIZES {
        v.push(input(
            &format!("sweep/{n:04}"),
            &sweep_header(n),
            &HTML_OFFERS,
            Some(1),
        ));
    }
    v
}

/// RFC 9110 edge cases: checked for agreement only, never benchmarked.
pub fn probes() -> Vec<Input> {
    vec![
        // N-07: q=0 on the more specific range vetoes text/plain.
        input(
            "probe_veto",
            "text/*, text/plain;q=0",
            &["text/plain", "text/html"],
            Some(1),
        ),
        // N-17: the most specific range sets the q-value, not the highest q.
        input(
            "probe_specific",
            "text/*;q=0.3, text/plain;q=0.7, */*;q=0.5",
            &["text/html", "image/png", "text/plain"],
            Some(2),
        ),
        // Most specific range, the other way round: text/html;q=0.1 beats */*.
        input(
            "probe_low_exact",
            "*/*, text/html;q=0.1",
            &["text/html", "application/json"],
            Some(1),
        ),
        // A range with a parameter matches only offers that carry it.
        input(
            "probe_param",
            "text/html;level=1, text/html;q=0.5, application/json;q=0.7",
            &["text/html", "application/json"],
            Some(1),
        ),
        // A malformed element is skipped (lenient parsing), not fatal.
        input(
            "probe_malformed",
            "text/html;q=1.5, application/json",
            &HTML_OFFERS,
            Some(1),
        ),
        // An empty header accepts nothing.
        input("probe_empty", "", &HTML_OFFERS, None),
    ]
}

fn input(name: &str, header: &str, offers: &'static [&'static str], expected: Option<usize>) -> Input {
    input_for(Field::Accept, name, header, offers, expected)
}

pub(crate) fn input_for(
    field: Field,
    name: &str,
    header: &str,
    offers: &'static [&'static str],
    expected: Option<usize>,
) -> Input {
    Input {
        field,
        name: name.to_owned(),
        header: header.to_owned(),
        offers,
        expected,
        expected_lookup: expected,
    }
}

/// Every benchmarked input of every field, in report order.
pub fn all_inputs() -> Vec<Input> {
    let mut v = inputs();
    v.extend(language_inputs());
    v.extend(encoding_inputs());
    v.extend(charset_inputs());
    v
}

/// Every probe of every field (checked, never timed).
pub fn all_probes() -> Vec<Input> {
    let mut v = probes();
    v.extend(field_probes());
    v
}

/// Report columns of a field, conneg first.
pub fn peer_names(field: Field) -> &'static [&'static str] {
    match field {
        Field::Accept => &PEER_NAMES,
        Field::Language => &LANGUAGE_PEER_NAMES,
        Field::Encoding => &ENCODING_PEER_NAMES,
        Field::Charset => &CHARSET_PEER_NAMES,
    }
}

/// The conneg function a peer is compared with (answers and ratios):
/// fluent-langneg's locale matching is Lookup-like, so `conneg-lookup`;
/// everyone else `conneg`.
pub fn baseline(peer: &str) -> &'static str {
    if peer == FluentLangneg::NAME {
        ConnegLookup::NAME
    } else {
        Conneg::NAME
    }
}

/// conneg or a peer crate, behind one interface.
pub trait Peer: Sized {
    /// Display name (criterion function id, report column).
    const NAME: &'static str;
    /// The raw header as the peer's framework hands it over (built outside the loop).
    type Header;
    /// The peer's native answer.
    type Out<'a>
    where
        Self: 'a;
    /// Builds the offers in the peer's native type (outside the loop).
    fn new(offers: &'static [&'static str]) -> Self;
    /// Wraps the raw header (outside the loop).
    fn header(raw: &str) -> Self::Header;
    /// Parses the header and chooses among the offers: the timed work.
    fn run<'a>(&'a self, header: &'a Self::Header) -> Self::Out<'a>;
    /// Maps an answer back to the offer index (not timed).
    fn index(&self, out: &Self::Out<'_>) -> Option<usize>;
    /// `run` then `index`.
    fn choose(&self, header: &Self::Header) -> Option<usize> {
        let out = self.run(header);
        self.index(&out)
    }
}

fn position<T, U: ?Sized>(offers: &[T], found: &U) -> Option<usize>
where
    T: PartialEq<U>,
{
    offers.iter().position(|o| o == found)
}

// ---------------------------------------------------------------------------

/// conneg: `Accept::new(bytes).max_elements(4096).negotiate(&offers)`,
/// the offers prepared once as `MediaOffer`s (as the peers get theirs as
/// `Mime`s built once).
#[derive(Debug)]
pub struct Conneg {
    offers: Vec<conneg::MediaOffer<'static>>,
}

impl Peer for Conneg {
    const NAME: &'static str = "conneg";
    type Header = String;
    type Out<'a> = conneg::Negotiation;
    fn new(offers: &'static [&'static str]) -> Self {
        Conneg {
            offers: offers.iter().map(|o| conneg::MediaOffer::new(o)).collect(),
        }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> conneg::Negotiation {
        conneg::Accept::new(header.as_bytes())
            .max_elements(CONNEG_MAX_ELEMENTS)
            .negotiate(&self.offers)
    }
    fn index(&self, out: &conneg::Negotiation) -> Option<usize> {
        out.index()
    }
}

// ---------------------------------------------------------------------------

/// accept-header 0.2: `header.parse::<accept_header::Accept>()` then
/// `Accept::negotiate(&[mime::Mime])`. A header that fails to parse gives no answer.
#[derive(Debug)]
pub struct AcceptHeader {
    offers: Vec<mime::Mime>,
}

impl Peer for AcceptHeader {
    const NAME: &'static str = "accept-header";
    type Header = String;
    type Out<'a> = Option<mime::Mime>;
    fn new(offers: &'static [&'static str]) -> Self {
        AcceptHeader {
            offers: offers.iter().map(|o| o.parse().expect("offer")).collect(),
        }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> Option<mime::Mime> {
        let accept = accept_header::Accept::from_str(header).ok()?;
        accept.negotiate(&self.offers).ok()
    }
    fn index(&self, out: &Option<mime::Mime>) -> Option<usize> {
        position(&self.offers, out.as_ref()?)
    }
}

// ---------------------------------------------------------------------------

/// headers-accept 0.3: `headers_accept::Accept::from_str(header)` then
/// `Accept::negotiate(&[mediatype::MediaType])` (mediatype 0.21, its dependency).
#[derive(Debug)]
pub struct HeadersAccept {
    offers: Vec<mediatype021::MediaType<'static>>,
}

impl Peer for HeadersAccept {
    const NAME: &'static str = "headers-accept";
    type Header = String;
    type Out<'a> = Option<&'a mediatype021::MediaType<'static>>;
    fn new(offers: &'static [&'static str]) -> Self {
        HeadersAccept {
            offers: offers
                .iter()
                .map(|o| mediatype021::MediaType::parse(o).expect("offer"))
                .collect(),
        }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> Option<&'a mediatype021::MediaType<'static>> {
        let accept = headers_accept::Accept::from_str(header).ok()?;
        accept.negotiate(&self.offers)
    }
    fn index(&self, out: &Option<&mediatype021::MediaType<'static>>) -> Option<usize> {
        let found = (*out)?;
        self.offers.iter().position(|o| std::ptr::eq(o, found))
    }
}

// ---------------------------------------------------------------------------

/// negotiator 0.1: `Negotiator::new().accept(header).media_type(Some(&offers))`.
#[derive(Debug)]
pub struct Negotiator {
    offers: &'static [&'static str],
}

impl Peer for Negotiator {
    const NAME: &'static str = "negotiator";
    type Header = String;
    type Out<'a> = Option<String>;
    fn new(offers: &'static [&'static str]) -> Self {
        Negotiator { offers }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> Option<String> {
        negotiator::Negotiator::new()
            .accept(header)
            .media_type(Some(self.offers))
    }
    fn index(&self, out: &Option<String>) -> Option<usize> {
        let found = out.as_deref()?;
        self.offers.iter().position(|o| *o == found)
    }
}

// ---------------------------------------------------------------------------

/// actix-web 4: the typed `actix_web::http::header::Accept`, parsed from the
/// request's `HeaderValue` exactly as `<Accept as Header>::parse(&req)` does
/// (`header::from_comma_delimited(values).map(Accept)`), then `Accept::ranked()`
/// (q-value, then `type/sub` > `type/*` > `*/*`); the answer is the first
/// ranked range with q > 0 that matches an offer (type and subtype, `*`
/// wildcards, the range's parameters present in the offer), the first such
/// offer in server order. actix-web has no
/// "choose among offers" function; `ranked()` is its own ranking, the
/// matching loop is written here.
#[derive(Debug)]
pub struct ActixWeb {
    offers: Vec<mime::Mime>,
}

impl ActixWeb {
    /// Type and subtype (with `*`), and every parameter of the range present in the offer.
    fn range_matches(range: &mime::Mime, offer: &mime::Mime) -> bool {
        (range.type_() == mime::STAR || range.type_() == offer.type_())
            && (range.subtype() == mime::STAR || range.subtype() == offer.subtype())
            && range
                .params()
                .all(|(name, value)| offer.get_param(name) == Some(value))
    }
}

impl Peer for ActixWeb {
    const NAME: &'static str = "actix-web";
    type Header = actix_web::http::header::HeaderValue;
    type Out<'a> = Option<&'a mime::Mime>;
    fn new(offers: &'static [&'static str]) -> Self {
        ActixWeb {
            offers: offers.iter().map(|o| o.parse().expect("offer")).collect(),
        }
    }
    fn header(raw: &str) -> Self::Header {
        actix_web::http::header::HeaderValue::from_str(raw).expect("header value")
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a Self::Header) -> Option<&'a mime::Mime> {
        use actix_web::http::header::{self, Accept, Quality};
        let accept = Accept(header::from_comma_delimited(std::iter::once(header)).ok()?);
        // `ranked()` drops the q-values, so q=0 ranges are filtered out first
        // (the veto is otherwise lost entirely).
        let accept = Accept(
            accept
                .0
                .into_iter()
                .filter(|qi| qi.quality > Quality::ZERO)
                .collect(),
        );
        let ranked = accept.ranked();
        ranked
            .iter()
            .find_map(|range| self.offers.iter().find(|offer| Self::range_matches(range, offer)))
    }
    fn index(&self, out: &Option<&mime::Mime>) -> Option<usize> {
        let found = (*out)?;
        self.offers.iter().position(|o| std::ptr::eq(o, found))
    }
}

// ---------------------------------------------------------------------------

/// mediatype 0.23 has a parser for `Accept` lists (`MediaTypeList`) but no
/// q-values, ranking or matching. Measured: `MediaTypeList::new(header)` (each
/// element parsed by `MediaType::parse`, malformed elements skipped), with the
/// RFC 9110 choice written here in one pass: q from `get_param(names::Q)`
/// (parsed to thousandths here), the most specific matching range sets an
/// offer's q, ties as conneg (specificity, client order, server order).
/// Offers are pre-parsed `MediaType`s.
#[derive(Debug)]
pub struct Mediatype {
    offers: Vec<mediatype::MediaType<'static>>,
}

/// At most this many offers for the [`Mediatype`] adapter (a fixed array, so
/// the selection itself allocates nothing).
const MEDIATYPE_MAX_OFFERS: usize = 8;

/// q-value in thousandths per RFC 9110 `qvalue`, or `None` if malformed.
fn parse_q(v: &str) -> Option<u16> {
    let b = v.as_bytes();
    match b {
        [b'0'] | [b'0', b'.'] => Some(0),
        [b'1'] | [b'1', b'.'] => Some(1000),
        [b'1', b'.', rest @ ..] if rest.len() <= 3 && rest.iter().all(|&c| c == b'0') => Some(1000),
        [b'0', b'.', rest @ ..] if rest.len() <= 3 && rest.iter().all(u8::is_ascii_digit) => {
            let mut q = 0u16;
            for i in 0..3 {
                q = q * 10 + rest.get(i).map_or(0, |&c| u16::from(c - b'0'));
            }
            Some(q)
        }
        _ => None,
    }
}

impl Peer for Mediatype {
    const NAME: &'static str = "mediatype";
    type Header = String;
    type Out<'a> = Option<usize>;
    fn new(offers: &'static [&'static str]) -> Self {
        assert!(offers.len() <= MEDIATYPE_MAX_OFFERS);
        Mediatype {
            offers: offers
                .iter()
                .map(|o| mediatype::MediaType::parse(o).expect("offer"))
                .collect(),
        }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> Option<usize> {
        use mediatype::{MediaTypeList, ReadParams, names};
        // Per offer: (q, specificity, client position) of the most specific matching range.
        let mut best: [Option<(u16, usize, usize)>; MEDIATYPE_MAX_OFFERS] = [None; MEDIATYPE_MAX_OFFERS];
        for (pos, range) in MediaTypeList::new(header).flatten().enumerate() {
            let q = match range.get_param(names::Q) {
                Some(v) => match parse_q(v.as_str()) {
                    Some(q) => q,
                    None => continue,
                },
                None => 1000,
            };
            let params = range.params.iter().filter(|(n, _)| *n != names::Q);
            let star_ty = range.ty == names::_STAR;
            let star_sub = range.subty == names::_STAR;
            let spec = usize::from(!star_ty) + usize::from(!star_sub) + params.clone().count();
            for (slot, offer) in best.iter_mut().zip(&self.offers) {
                if slot.is_some_and(|(_, s, _)| s >= spec) {
                    continue;
                }
                let type_matches = if star_ty {
                    // `*/*` matches everything; `*/sub` is not a media range.
                    star_sub
                } else {
                    range.ty == offer.ty
                        && (star_sub || (range.subty == offer.subty && range.suffix == offer.suffix))
                };
                if !type_matches {
                    continue;
                }
                let params_ok = params.clone().all(|(n, v)| {
                    offer.get_param(*n).is_some_and(|ov| {
                        if *n == names::CHARSET {
                            ov.unquoted_str().eq_ignore_ascii_case(&v.unquoted_str())
                        } else {
                            ov.unquoted_str() == v.unquoted_str()
                        }
                    })
                });
                if params_ok {
                    *slot = Some((q, spec, pos));
                }
            }
        }
        let mut winner: Option<(usize, (u16, usize, usize))> = None;
        for (i, slot) in best.iter().enumerate().take(self.offers.len()) {
            let Some(s) = *slot else { continue };
            if s.0 == 0 {
                continue;
            }
            let better = match winner {
                None => true,
                Some((_, w)) => (s.0, s.1, std::cmp::Reverse(s.2)) > (w.0, w.1, std::cmp::Reverse(w.2)),
            };
            if better {
                winner = Some((i, s));
            }
        }
        winner.map(|(i, _)| i)
    }
    fn index(&self, out: &Option<usize>) -> Option<usize> {
        *out
    }
}

/// Every adapter's answer for one input, in [`peer_names`] order (conneg first).
pub fn answers(input: &Input) -> Vec<(&'static str, Option<usize>)> {
    if input.field != Field::Accept {
        return field_answers(input);
    }
    vec![
        one::<Conneg>(input),
        one::<AcceptHeader>(input),
        one::<HeadersAccept>(input),
        one::<Negotiator>(input),
        one::<ActixWeb>(input),
        one::<Mediatype>(input),
    ]
}

/// Column order of the report.
pub const PEER_NAMES: [&str; 6] = [
    Conneg::NAME,
    AcceptHeader::NAME,
    HeadersAccept::NAME,
    Negotiator::NAME,
    ActixWeb::NAME,
    Mediatype::NAME,
];

/// Human form of an answer.
pub fn show(offers: &[&str], a: Option<usize>) -> String {
    match a {
        Some(i) => offers[i].to_owned(),
        None => "406 (none)".to_owned(),
    }
}

/// Checks conneg against the hand-checked answer (panics if wrong) and
/// returns a `DISAGREE` line for every peer that chose differently.
///
/// Each peer is compared with its [`baseline`] (conneg's `lookup` for
/// fluent-langneg, conneg's `negotiate` otherwise); the line says "conneg"
/// either way, as the README explains.
pub fn check(input: &Input) -> Vec<String> {
    let all = answers(input);
    let of = |name: &str| all.iter().find(|(n, _)| *n == name).map(|(_, a)| *a);
    let own = |name: &str, expected: Option<usize>| {
        let got = of(name).expect("conneg column");
        assert_eq!(
            got,
            expected,
            "{name}'s own answer for {} is wrong: got {}, expected {}",
            input.name,
            show(input.offers, got),
            show(input.offers, expected)
        );
    };
    own(Conneg::NAME, input.expected);
    if input.field == Field::Language {
        own(ConnegLookup::NAME, input.expected_lookup);
    }
    all.iter()
        .filter(|(name, _)| !name.starts_with(Conneg::NAME))
        .filter_map(|(name, a)| {
            let conneg = of(baseline(name)).expect("baseline column");
            (*a != conneg).then(|| {
                format!(
                    "DISAGREE {name} {}: peer chose {}, conneg chose {}",
                    input.name,
                    show(input.offers, *a),
                    show(input.offers, conneg)
                )
            })
        })
        .collect()
}
