//! Adapters for the token-valued fields: `Accept-Language`, `Accept-Encoding`
//! and `Accept-Charset`, behind the same [`Peer`] interface as the `Accept`
//! adapters (offers built in [`Peer::new`], the header wrapped in
//! [`Peer::header`], both outside the timed loop; [`Peer::run`] parses and
//! chooses).
//!
//! conneg is called with its default element cap (256) here: none of these
//! inputs comes near it.

use crate::{Field, Input, Peer, expected, input_for, matrix};

// ---------------------------------------------------------------------------
// Inputs

/// The server's content codings (the encoding probes).
pub const ENC_OFFERS: [&str; 3] = ["br", "gzip", "identity"];
/// The server's charsets.
pub const CHARSET_OFFERS: [&str; 2] = ["utf-8", "iso-8859-1"];

/// The benchmarked `Accept-Language` inputs: every
/// [`matrix::LANGUAGE_HEADERS`] × [`matrix::LANGUAGE_OFFERS`] cell
/// (`language/<header>/<offer set>`), conneg's answers (Basic Filtering and
/// Lookup alike) hand-checked in `benches/expected/matrix.rs`.
pub fn language_inputs() -> Vec<Input> {
    cells(
        Field::Language,
        "language",
        &matrix::LANGUAGE_HEADERS,
        &matrix::LANGUAGE_OFFERS,
        &expected::LANGUAGE,
    )
}

/// The benchmarked `Accept-Encoding` inputs: every
/// [`matrix::ENCODING_HEADERS`] × [`matrix::ENCODING_OFFERS`] cell
/// (`encoding/<header>/<offer set>`), conneg's answers hand-checked in
/// `benches/expected/matrix.rs`.
pub fn encoding_inputs() -> Vec<Input> {
    cells(
        Field::Encoding,
        "encoding",
        &matrix::ENCODING_HEADERS,
        &matrix::ENCODING_OFFERS,
        &expected::ENCODING,
    )
}

fn cells(
    field: Field,
    prefix: &str,
    headers: &[(&str, &str)],
    offer_sets: &[(&str, &'static [&'static str])],
    answers: &[(&str, &str, Option<usize>)],
) -> Vec<Input> {
    let mut v = Vec::new();
    for &(row, header) in headers {
        for &(cell, offers) in offer_sets {
            v.push(input_for(
                field,
                &format!("{prefix}/{row}/{cell}"),
                header,
                offers,
                expected::answer(answers, row, cell),
            ));
        }
    }
    v
}

/// The benchmarked `Accept-Charset` inputs, offers [`CHARSET_OFFERS`].
///
/// Hand-checked: `utf-8` q=1 beats `iso-8859-1` 0.5; `ISO-8859-1` (names are
/// case-insensitive) q=1 beats `utf-8` 0.7.
pub fn charset_inputs() -> Vec<Input> {
    vec![
        input_for(
            Field::Charset,
            "charset/utf8",
            "utf-8, iso-8859-1;q=0.5",
            &CHARSET_OFFERS,
            Some(0),
        ),
        input_for(
            Field::Charset,
            "charset/latin1",
            "ISO-8859-1,utf-8;q=0.7,*;q=0.7",
            &CHARSET_OFFERS,
            Some(1),
        ),
    ]
}

/// Edge cases of the token fields: checked for agreement only, never timed.
pub fn field_probes() -> Vec<Input> {
    // Basic Filtering never matches a range to a shorter tag; when it matches
    // no offer at all, conneg's `negotiate` falls back to Lookup truncation
    // (`en-GB` → `en`, since 565d69b), as `lookup` does.
    let prefix = input_for(
        Field::Language,
        "lang_probe_prefix",
        "en-GB",
        &["en", "de"],
        Some(0),
    );
    let mut veto = input_for(
        Field::Language,
        "lang_probe_veto",
        "*, de;q=0",
        &["de", "en"],
        Some(1),
    );
    // Lookup skips `*` and never looks up a q=0 range: nothing, no default given.
    veto.expected_lookup = None;
    vec![
        prefix,
        veto,
        // Language tags compare case-insensitively.
        input_for(Field::Language, "lang_probe_case", "EN-us", &["en-US"], Some(0)),
        // `*` picks up every coding the field does not name, gzip before identity by server order.
        input_for(
            Field::Encoding,
            "enc_probe_star",
            "br;q=0, *",
            &ENC_OFFERS,
            Some(1),
        ),
        // x-gzip is gzip (RFC 9110 §8.4.1.3).
        input_for(
            Field::Encoding,
            "enc_probe_x_gzip",
            "x-gzip",
            &ENC_OFFERS,
            Some(1),
        ),
        // An empty field asks for identity only.
        input_for(Field::Encoding, "enc_probe_empty", "", &ENC_OFFERS, Some(2)),
        // q=0 on a named charset vetoes it even when `*` is listed.
        input_for(
            Field::Charset,
            "charset_probe_veto",
            "*, utf-8;q=0",
            &CHARSET_OFFERS,
            Some(1),
        ),
    ]
}

fn position_of(offers: &[&str], found: &str) -> Option<usize> {
    offers.iter().position(|o| *o == found)
}

// ---------------------------------------------------------------------------
// Accept-Language

/// conneg: `AcceptLanguage::new(bytes).negotiate(&offers)` (RFC 4647 Basic Filtering).
#[derive(Debug)]
pub struct ConnegLanguage {
    offers: &'static [&'static str],
}

impl Peer for ConnegLanguage {
    const NAME: &'static str = "conneg";
    type Header = String;
    type Out<'a> = conneg::Negotiation;
    fn new(offers: &'static [&'static str]) -> Self {
        ConnegLanguage { offers }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> conneg::Negotiation {
        conneg::AcceptLanguage::new(header.as_bytes()).negotiate(self.offers)
    }
    fn index(&self, out: &conneg::Negotiation) -> Option<usize> {
        out.index()
    }
}

/// conneg: `AcceptLanguage::new(bytes).lookup(&offers, None)` (RFC 4647
/// Lookup, no default), the baseline for fluent-langneg.
#[derive(Debug)]
pub struct ConnegLookup {
    offers: &'static [&'static str],
}

impl Peer for ConnegLookup {
    const NAME: &'static str = "conneg-lookup";
    type Header = String;
    type Out<'a> = conneg::accept::Lookup;
    fn new(offers: &'static [&'static str]) -> Self {
        ConnegLookup { offers }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> conneg::accept::Lookup {
        conneg::AcceptLanguage::new(header.as_bytes()).lookup(self.offers, None)
    }
    fn index(&self, out: &conneg::accept::Lookup) -> Option<usize> {
        out.index()
    }
}

/// negotiator 0.1: `Negotiator::new().accept_language(header).language(Some(&offers))`.
#[derive(Debug)]
pub struct NegotiatorLanguage {
    offers: &'static [&'static str],
}

impl Peer for NegotiatorLanguage {
    const NAME: &'static str = "negotiator";
    type Header = String;
    type Out<'a> = Option<String>;
    fn new(offers: &'static [&'static str]) -> Self {
        NegotiatorLanguage { offers }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> Option<String> {
        negotiator::Negotiator::new()
            .accept_language(header)
            .language(Some(self.offers))
    }
    fn index(&self, out: &Option<String>) -> Option<usize> {
        position_of(self.offers, out.as_deref()?)
    }
}

/// actix-web 4: the typed `AcceptLanguage`, parsed from the request's
/// `HeaderValue` as `<AcceptLanguage as Header>::parse(&req)` does, q=0 items
/// dropped, then `AcceptLanguage::ranked()` (q-value only, stable); the answer
/// is the first ranked range that matches an offer by `LanguageTag::matches`
/// (language-tags 0.3, actix's own tag type: equal language, and script,
/// region and variants equal where the range has them; a range with
/// extensions is skipped because `matches` asserts it has none), `*` taking
/// the server's first offer. actix-web has no "choose among offers" function
/// for languages; the loop is written here.
#[derive(Debug)]
pub struct ActixLanguage {
    offers: Vec<actix_web::http::header::LanguageTag>,
}

impl Peer for ActixLanguage {
    const NAME: &'static str = "actix-web";
    type Header = actix_web::http::header::HeaderValue;
    type Out<'a> = Option<&'a actix_web::http::header::LanguageTag>;
    fn new(offers: &'static [&'static str]) -> Self {
        ActixLanguage {
            offers: offers
                .iter()
                .map(|o| actix_web::http::header::LanguageTag::parse(o).expect("offer"))
                .collect(),
        }
    }
    fn header(raw: &str) -> Self::Header {
        actix_web::http::header::HeaderValue::from_str(raw).expect("header value")
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a Self::Header) -> Self::Out<'a> {
        use actix_web::http::header::{self, AcceptLanguage, Preference, Quality};
        let field = AcceptLanguage(header::from_comma_delimited(std::iter::once(header)).ok()?);
        // `ranked()` drops the q-values: q=0 ranges are filtered out first.
        let field = AcceptLanguage(
            field
                .0
                .into_iter()
                .filter(|qi| qi.quality > Quality::ZERO)
                .collect(),
        );
        field.ranked().iter().find_map(|range| match range {
            Preference::Any => self.offers.first(),
            Preference::Specific(range) if range.is_language_range() => {
                self.offers.iter().find(|offer| range.matches(offer))
            }
            Preference::Specific(_) => None,
        })
    }
    fn index(&self, out: &Self::Out<'_>) -> Option<usize> {
        let found = (*out)?;
        self.offers.iter().position(|o| std::ptr::eq(o, found))
    }
}

/// accept-language 3.1: `accept_language::intersection(header, &offers)`, the
/// client's languages sorted by q (stable) and kept when an offer is
/// byte-for-byte equal; the answer is its first element. (Its
/// `intersection_ordered` needs the offers sorted for a binary search, which
/// these are not.) No prefix matching, no `*`, and q=0 is not a veto.
#[derive(Debug)]
pub struct AcceptLanguageCrate {
    offers: &'static [&'static str],
}

impl Peer for AcceptLanguageCrate {
    const NAME: &'static str = "accept-language";
    type Header = String;
    type Out<'a> = Option<String>;
    fn new(offers: &'static [&'static str]) -> Self {
        AcceptLanguageCrate { offers }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> Option<String> {
        accept_language::intersection(header, self.offers)
            .into_iter()
            .next()
    }
    fn index(&self, out: &Option<String>) -> Option<usize> {
        position_of(self.offers, out.as_deref()?)
    }
}

/// fluent-langneg 0.14: `parse_accepted_languages(header)` (client order; it
/// ignores q-values by design) then `negotiate_languages(&requested, &offers,
/// None, NegotiationStrategy::Lookup)`, the answer its first element. Offers
/// are pre-built `LanguageIdentifier`s (icu_locid 1.5, re-exported). Its
/// matching is UTS #35 locale matching (ranges both ways, likely-subtag
/// expansion), closest to RFC 4647 Lookup, so its ratio is taken against
/// conneg's `lookup`.
#[derive(Debug)]
pub struct FluentLangneg {
    offers: Vec<fluent_langneg::LanguageIdentifier>,
}

impl Peer for FluentLangneg {
    const NAME: &'static str = "fluent-langneg";
    type Header = String;
    type Out<'a> = Option<&'a fluent_langneg::LanguageIdentifier>;
    fn new(offers: &'static [&'static str]) -> Self {
        FluentLangneg {
            offers: offers.iter().map(|o| o.parse().expect("offer")).collect(),
        }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> Self::Out<'a> {
        let requested = fluent_langneg::parse_accepted_languages(header);
        fluent_langneg::negotiate_languages(
            &requested,
            &self.offers,
            None,
            fluent_langneg::NegotiationStrategy::Lookup,
        )
        .first()
        .copied()
    }
    fn index(&self, out: &Self::Out<'_>) -> Option<usize> {
        let found = (*out)?;
        self.offers.iter().position(|o| std::ptr::eq(o, found))
    }
}

// ---------------------------------------------------------------------------
// Accept-Encoding

/// conneg: `AcceptEncoding::new(bytes).negotiate(&offers)`.
#[derive(Debug)]
pub struct ConnegEncoding {
    offers: &'static [&'static str],
}

impl Peer for ConnegEncoding {
    const NAME: &'static str = "conneg";
    type Header = String;
    type Out<'a> = conneg::Negotiation;
    fn new(offers: &'static [&'static str]) -> Self {
        ConnegEncoding { offers }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> conneg::Negotiation {
        conneg::AcceptEncoding::new(header.as_bytes()).negotiate(self.offers)
    }
    fn index(&self, out: &conneg::Negotiation) -> Option<usize> {
        out.index()
    }
}

/// negotiator 0.1: `Negotiator::new().accept_encoding(header).encoding(Some(&offers), None)`
/// (no server-preferred order).
#[derive(Debug)]
pub struct NegotiatorEncoding {
    offers: &'static [&'static str],
}

impl Peer for NegotiatorEncoding {
    const NAME: &'static str = "negotiator";
    type Header = String;
    type Out<'a> = Option<String>;
    fn new(offers: &'static [&'static str]) -> Self {
        NegotiatorEncoding { offers }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> Option<String> {
        negotiator::Negotiator::new()
            .accept_encoding(header)
            .encoding(Some(self.offers), None)
    }
    fn index(&self, out: &Option<String>) -> Option<usize> {
        position_of(self.offers, out.as_deref()?)
    }
}

/// actix-web 4: the typed `AcceptEncoding`, parsed from the request's
/// `HeaderValue` as `<AcceptEncoding as Header>::parse(&req)` does, then its
/// own `AcceptEncoding::negotiate(offers.iter())` (offers pre-built as
/// `Encoding`s). A real "choose among offers" function: equal q is broken by
/// actix's server ranking br > zstd > gzip > deflate, not by the client's order.
#[derive(Debug)]
pub struct ActixEncoding {
    offers: Vec<actix_web::http::header::Encoding>,
}

impl Peer for ActixEncoding {
    const NAME: &'static str = "actix-web";
    type Header = actix_web::http::header::HeaderValue;
    type Out<'a> = Option<actix_web::http::header::Encoding>;
    fn new(offers: &'static [&'static str]) -> Self {
        ActixEncoding {
            offers: offers.iter().map(|o| o.parse().expect("offer")).collect(),
        }
    }
    fn header(raw: &str) -> Self::Header {
        actix_web::http::header::HeaderValue::from_str(raw).expect("header value")
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a Self::Header) -> Self::Out<'a> {
        use actix_web::http::header::{self, AcceptEncoding};
        let field = AcceptEncoding(header::from_comma_delimited(std::iter::once(header)).ok()?);
        field.negotiate(self.offers.iter())
    }
    fn index(&self, out: &Self::Out<'_>) -> Option<usize> {
        let found = out.as_ref()?;
        self.offers.iter().position(|o| o == found)
    }
}

// ---------------------------------------------------------------------------
// Accept-Charset

/// conneg: `AcceptCharset::new(bytes).negotiate(&offers)`.
#[derive(Debug)]
pub struct ConnegCharset {
    offers: &'static [&'static str],
}

impl Peer for ConnegCharset {
    const NAME: &'static str = "conneg";
    type Header = String;
    type Out<'a> = conneg::Negotiation;
    fn new(offers: &'static [&'static str]) -> Self {
        ConnegCharset { offers }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> conneg::Negotiation {
        conneg::AcceptCharset::new(header.as_bytes()).negotiate(self.offers)
    }
    fn index(&self, out: &conneg::Negotiation) -> Option<usize> {
        out.index()
    }
}

/// negotiator 0.1: `Negotiator::new().accept_charset(header).charset(Some(&offers))`.
#[derive(Debug)]
pub struct NegotiatorCharset {
    offers: &'static [&'static str],
}

impl Peer for NegotiatorCharset {
    const NAME: &'static str = "negotiator";
    type Header = String;
    type Out<'a> = Option<String>;
    fn new(offers: &'static [&'static str]) -> Self {
        NegotiatorCharset { offers }
    }
    fn header(raw: &str) -> String {
        raw.to_owned()
    }
    #[inline]
    fn run<'a>(&'a self, header: &'a String) -> Option<String> {
        negotiator::Negotiator::new()
            .accept_charset(header)
            .charset(Some(self.offers))
    }
    fn index(&self, out: &Option<String>) -> Option<usize> {
        position_of(self.offers, out.as_deref()?)
    }
}

// ---------------------------------------------------------------------------

/// Column order of the `Accept-Language` report.
pub const LANGUAGE_PEER_NAMES: [&str; 6] = [
    ConnegLanguage::NAME,
    ConnegLookup::NAME,
    NegotiatorLanguage::NAME,
    ActixLanguage::NAME,
    AcceptLanguageCrate::NAME,
    FluentLangneg::NAME,
];
/// Column order of the `Accept-Encoding` report.
pub const ENCODING_PEER_NAMES: [&str; 3] = [
    ConnegEncoding::NAME,
    NegotiatorEncoding::NAME,
    ActixEncoding::NAME,
];
/// Column order of the `Accept-Charset` report. (actix-web parses
/// `Accept-Charset` into `QualityItem<Charset>`s but has no preference,
/// ranking or negotiation for it, so it is not a column.)
pub const CHARSET_PEER_NAMES: [&str; 2] = [ConnegCharset::NAME, NegotiatorCharset::NAME];

pub(crate) fn one<P: Peer>(input: &Input) -> (&'static str, Option<usize>) {
    let p = P::new(input.offers);
    (P::NAME, p.choose(&P::header(&input.header)))
}

/// Every adapter's answer for a token-field input, in report order (conneg first).
pub(crate) fn field_answers(input: &Input) -> Vec<(&'static str, Option<usize>)> {
    match input.field {
        Field::Accept => unreachable!("Accept inputs go through crate::answers"),
        Field::Language => vec![
            one::<ConnegLanguage>(input),
            one::<ConnegLookup>(input),
            one::<NegotiatorLanguage>(input),
            one::<ActixLanguage>(input),
            one::<AcceptLanguageCrate>(input),
            one::<FluentLangneg>(input),
        ],
        Field::Encoding => vec![
            one::<ConnegEncoding>(input),
            one::<NegotiatorEncoding>(input),
            one::<ActixEncoding>(input),
        ],
        Field::Charset => vec![one::<ConnegCharset>(input), one::<NegotiatorCharset>(input)],
    }
}
