//! conneg's side of the benchmark matrix ([`matrix`](super::matrix)): every
//! cell as a [`Case`] that owns its inputs (prepared once, as a server would
//! prepare its offers) and runs one call on [`Case::run`]. Shared by
//! `examples/matrix.rs` (callgrind), `benches/matrix.rs` (criterion) and
//! `tests/matrix_alloc.rs` (no cell allocates); include it after the data:
//!
//! ```text
//! #[path = "../benches/cases/matrix.rs"] mod matrix;
//! #[path = "../benches/cases/conneg.rs"] mod cases;
//! ```
#![allow(dead_code)]

use std::hint::black_box;

use super::matrix;
use conneg::*;

/// What one call of a cell does.
enum Work {
    /// `Accept::negotiate` on offers given as `&str`.
    AcceptStr(&'static [&'static str]),
    /// `Accept::negotiate` on offers prepared once as `MediaOffer`s.
    AcceptPrepared(Vec<MediaOffer<'static>>),
    /// `AcceptLanguage::negotiate`.
    Language(&'static [&'static str]),
    /// `AcceptEncoding::negotiate`.
    Encoding(&'static [&'static str]),
    /// `Conditions::evaluate` with If-None-Match against [`matrix::CURRENT_TAG`].
    IfNoneMatch,
    /// `HttpDate::parse`.
    Date,
    /// `ContentNegotiation::select` over [`VARIANTS`] (Accept, Accept-Language
    /// and Accept-Encoding), as a slice or a prepared `VariantSet`.
    Select { prepared: bool },
    /// `Resource::decide` over [`DECIDE_VARIANTS`] with Chrome's negotiation
    /// fields, If-None-Match, If-Modified-Since and Range.
    Decide { prepared: bool, fresh_tag: bool },
}

/// One cell of the matrix.
pub struct Case {
    /// The row: a field and a header (`accept/chrome/prepared`).
    pub row: String,
    /// The cell within the row: the offer set (`html_first`).
    pub cell: String,
    /// The main header's length in bytes.
    pub bytes: usize,
    header: String,
    work: Work,
}

/// The variants of the selection and decision rows: 8 representations in
/// two languages, two codings and three media types.
pub const VARIANTS: [Variant<'static>; 8] = [
    Variant::new("text/html").with_language("en"),
    Variant::new("text/html")
        .with_language("en")
        .with_encoding("gzip"),
    Variant::new("text/html").with_language("ko"),
    Variant::new("text/html")
        .with_language("ko")
        .with_encoding("gzip"),
    Variant::new("application/json").with_language("en"),
    Variant::new("application/json").with_language("ko"),
    Variant::new("text/plain").with_language("en"),
    Variant::new("text/plain").with_language("ko"),
];
static SET: VariantSet<'static, 'static> = VariantSet::new(&VARIANTS);

/// [`VARIANTS`] with an entity-tag, a modification date and a length each.
pub const DECIDE_VARIANTS: [Variant<'static>; 8] = {
    let mut v = VARIANTS;
    let mut i = 0;
    while i < v.len() {
        v[i] = v[i]
            .with_etag(EntityTag::from_static("\"html-ko-gz\""))
            .with_last_modified(HttpDate::UNIX_EPOCH)
            .with_length(20_000);
        i += 1;
    }
    v
};
static RESOURCE: Resource<'static, 'static> = Resource::new(&DECIDE_VARIANTS).prepared();

const CHROME_LANGUAGE: &[u8] = b"ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7";
const BROWSER_ENCODING: &[u8] = b"gzip, deflate, br, zstd";
/// The `now` of the date rows (2026-12-04T00:00:00Z).
const NOW: HttpDate = HttpDate::saturating_from_unix_seconds(1_796_342_400);
/// The If-None-Match rows' current tag, checked once (at compile time), as
/// a server holds its representation's tag.
const CURRENT: EntityTag<'static> = EntityTag::from_static(matrix::CURRENT_TAG);

fn case(row: String, cell: &str, header: String, work: Work) -> Case {
    Case {
        row,
        cell: cell.to_string(),
        bytes: header.len(),
        header,
        work,
    }
}

/// Every cell, in report order: `Accept` rows (each header as `&str` and
/// prepared offers, then the 2,000-element header), `Accept-Language`,
/// `Accept-Encoding`, `If-None-Match`, dates, selection and decision.
pub fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    let long = matrix::long_accept(2000);
    let accept_rows = matrix::ACCEPT_HEADERS
        .iter()
        .map(|&(n, h)| (n, h.to_string()))
        .chain([("long2000", long)]);
    for (name, header) in accept_rows {
        for (prepared, form) in [(true, "prepared"), (false, "str")] {
            for &(cell, offers) in &matrix::OFFER_SETS {
                let work = if prepared {
                    Work::AcceptPrepared(offers.iter().map(|&o| MediaOffer::new(o)).collect())
                } else {
                    Work::AcceptStr(offers)
                };
                v.push(case(format!("accept/{name}/{form}"), cell, header.clone(), work));
            }
        }
    }
    for &(name, header) in &matrix::LANGUAGE_HEADERS {
        for &(cell, offers) in &matrix::LANGUAGE_OFFERS {
            v.push(case(
                format!("language/{name}"),
                cell,
                header.into(),
                Work::Language(offers),
            ));
        }
    }
    for &(name, header) in &matrix::ENCODING_HEADERS {
        for &(cell, offers) in &matrix::ENCODING_OFFERS {
            v.push(case(
                format!("encoding/{name}"),
                cell,
                header.into(),
                Work::Encoding(offers),
            ));
        }
    }
    for &(name, header) in &matrix::IF_NONE_MATCH {
        v.push(case(
            "if_none_match".into(),
            name,
            header.into(),
            Work::IfNoneMatch,
        ));
    }
    v.push(case(
        "if_none_match".into(),
        "fifty",
        matrix::if_none_match_list(50),
        Work::IfNoneMatch,
    ));
    for &(name, header) in &matrix::DATES {
        v.push(case("date".into(), name, header.into(), Work::Date));
    }
    let chrome = matrix::ACCEPT_HEADERS[0].1;
    for (prepared, cell) in [(false, "slice"), (true, "variant_set")] {
        v.push(case(
            "select8/chrome".into(),
            cell,
            chrome.into(),
            Work::Select { prepared },
        ));
        v.push(case(
            "select8/curl".into(),
            cell,
            "*/*".into(),
            Work::Select { prepared },
        ));
    }
    for (prepared, row) in [(true, "decide8/prepared"), (false, "decide8/per_call")] {
        v.push(case(
            row.into(),
            "206",
            chrome.into(),
            Work::Decide {
                prepared,
                fresh_tag: false,
            },
        ));
        v.push(case(
            row.into(),
            "304",
            chrome.into(),
            Work::Decide {
                prepared,
                fresh_tag: true,
            },
        ));
    }
    v
}

impl Case {
    /// `row/cell`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.row, self.cell)
    }

    /// One call; returns something of the answer (an index, a status) so
    /// that nothing is optimised away.
    #[inline(never)]
    pub fn run(&self) -> usize {
        let h = black_box(self.header.as_bytes());
        match &self.work {
            Work::AcceptStr(offers) => Accept::new(h)
                .max_elements(4096)
                .negotiate(black_box(*offers))
                .index()
                .unwrap_or(9),
            Work::AcceptPrepared(offers) => Accept::new(h)
                .max_elements(4096)
                .negotiate(black_box(&offers[..]))
                .index()
                .unwrap_or(9),
            Work::Language(offers) => AcceptLanguage::new(h)
                .negotiate(black_box(*offers))
                .index()
                .unwrap_or(9),
            Work::Encoding(offers) => AcceptEncoding::new(h)
                .negotiate(black_box(*offers))
                .index()
                .unwrap_or(9),
            Work::IfNoneMatch => {
                let rep = Representation::new().etag(CURRENT);
                let p = Conditions::new(RequestMethod::Get)
                    .if_none_match(FieldLines::one(h))
                    .evaluate(black_box(&rep));
                usize::from(p.status())
            }
            Work::Date => HttpDate::parse(h, black_box(NOW)).map_or(9, |d| d.unix_seconds() as usize),
            Work::Select { prepared } => {
                let request = ContentNegotiation::new()
                    .accept(Accept::new(h))
                    .accept_language(AcceptLanguage::new(black_box(CHROME_LANGUAGE)))
                    .accept_encoding(AcceptEncoding::new(black_box(BROWSER_ENCODING)));
                let selection = if *prepared {
                    request.select(black_box(&SET))
                } else {
                    request.select(black_box(&VARIANTS))
                };
                selection.index().unwrap_or(9)
            }
            Work::Decide { prepared, fresh_tag } => {
                let tag: &[u8] = if *fresh_tag {
                    b"\"html-ko-gz\""
                } else {
                    b"\"html-ko-gz-old\""
                };
                let request = RequestHead::new(RequestMethod::Get)
                    .field(Field::Accept, FieldLines::one(h))
                    .field(Field::AcceptEncoding, FieldLines::one(BROWSER_ENCODING))
                    .field(Field::AcceptLanguage, FieldLines::one(CHROME_LANGUAGE))
                    .field(Field::IfNoneMatch, FieldLines::one(black_box(tag)))
                    .field(
                        Field::IfModifiedSince,
                        FieldLines::one(b"Thu, 01 Jan 1970 00:00:00 GMT"),
                    )
                    .field(Field::Range, FieldLines::one(b"bytes=0-1023"));
                let resource = if *prepared {
                    *black_box(&RESOURCE)
                } else {
                    Resource::new(black_box(&DECIDE_VARIANTS))
                };
                let decision = resource.decide(&request);
                decision.variant_index().unwrap_or(9) + usize::from(decision.status())
            }
        }
    }
}
