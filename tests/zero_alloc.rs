//! Zero heap allocations on the request path (DESIGN principle 1).
//!
//! A counting `#[global_allocator]` counts allocations made by the current
//! thread; each check runs the public request-path functions between two reads
//! of that count. Inputs are every `Accept` value of the real-world corpus
//! (`tests/data/request-headers.txt`, a copy of the project's shared corpus)
//! and a 2,000-element header.

mod counting;

use conneg::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, Alternatives, ContentNegotiation, FieldLines,
    Variant, VariantSet, accept::Choice, accept::MediaRange, accept::Preference,
};

use counting::allocations;

const OFFERS: [&str; 6] = [
    "text/html",
    "application/json",
    "text/plain;charset=utf-8",
    "image/webp",
    "application/xhtml+xml",
    "application/problem+json",
];

/// Everything a server does with one Accept field: strict check, choose,
/// rank, quality of one offer, and the client's preference list.
fn exercise(accept: Accept<'_>) -> usize {
    let mut work = usize::from(accept.validate().is_ok());
    work += accept.negotiate(&OFFERS).index().unwrap_or(99);
    let mut ranked = [Choice::default(); 6];
    work += accept.rank(&OFFERS, &mut ranked).len();
    let prepared = OFFERS.map(conneg::MediaOffer::new);
    work += accept.negotiate(&prepared).index().unwrap_or(99);
    work += accept.rank(&prepared, &mut ranked).len();
    work += usize::from(accept.quality_of("text/html").thousandths());
    let mut prefs = [MediaRange::default(); 32];
    work += accept.preferences(&mut prefs).len();
    work += accept.iter().filter(Result::is_ok).count();
    work
}

fn corpus_values(name: &str) -> Vec<String> {
    include_str!("data/request-headers.txt")
        .lines()
        .filter_map(|l| l.strip_prefix(name))
        .filter_map(|l| l.strip_prefix(':'))
        .map(|v| v.trim().to_string())
        .collect()
}

fn corpus_accept_values() -> Vec<String> {
    corpus_values("Accept")
}

/// The same entry points for a token-valued field.
macro_rules! exercise_tokens {
    ($field:expr, $offers:expr) => {{
        let field = $field;
        let offers = $offers;
        let mut work = usize::from(field.validate().is_ok());
        work += field.negotiate(&offers).index().unwrap_or(99);
        let mut ranked = [Choice::default(); 8];
        work += field.rank(&offers, &mut ranked).len();
        work += usize::from(field.quality_of(offers[0]).thousandths());
        let mut prefs = [Preference::default(); 32];
        work += field.preferences(&mut prefs).len();
        work += field.iter().filter(Result::is_ok).count();
        work
    }};
}

const LANGS: [&str; 5] = ["en", "en-US", "ko", "de-DE", "zh-Hant"];
const CODINGS: [&str; 4] = ["br", "gzip", "zstd", "identity"];
const CHARSETS: [&str; 3] = ["utf-8", "iso-8859-1", "utf-16"];

#[test]
fn token_fields_allocate_nothing_on_the_corpus() {
    let mut checked = 0;
    for value in corpus_values("Accept-Language") {
        let (count, _) = allocations(|| {
            let f = AcceptLanguage::new(value.as_bytes());
            exercise_tokens!(f, LANGS) + f.lookup(&LANGS, Some(0)).index().unwrap_or(0)
        });
        assert_eq!(count, 0, "Accept-Language {value:?}");
        checked += 1;
    }
    for value in corpus_values("Accept-Encoding") {
        let (count, _) = allocations(|| exercise_tokens!(AcceptEncoding::new(value.as_bytes()), CODINGS));
        assert_eq!(count, 0, "Accept-Encoding {value:?}");
        checked += 1;
    }
    for value in corpus_values("Accept-Charset") {
        let (count, _) = allocations(|| exercise_tokens!(AcceptCharset::new(value.as_bytes()), CHARSETS));
        assert_eq!(count, 0, "Accept-Charset {value:?}");
        checked += 1;
    }
    assert!(checked >= 16, "corpus copy has the Accept-* lines ({checked})");
}

/// A `fmt::Write` into a fixed buffer, so writing a body needs no heap.
struct Stack<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> std::fmt::Write for Stack<N> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[test]
fn variant_selection_and_406_body_allocate_nothing() {
    let types = ["text/html", "application/json", "text/plain", "application/xml"];
    let langs = ["en", "ko"];
    let codings = [None, Some("gzip")];
    let mut variants = Vec::new();
    for t in types {
        for l in langs {
            for c in codings {
                let v = Variant::new(t).with_language(l).with_uri("/doc?x=<1>&y=\"\"");
                variants.push(match c {
                    Some(c) => v.with_encoding(c),
                    None => v,
                });
            }
        }
    }
    assert_eq!(variants.len(), 16);
    let accept = corpus_accept_values();
    let languages = corpus_values("Accept-Language");
    let encodings = corpus_values("Accept-Encoding");
    for (i, a) in accept.iter().enumerate() {
        let l = &languages[i % languages.len()];
        let e = &encodings[i % encodings.len()];
        let (count, status) = allocations(|| {
            let request = ContentNegotiation::new()
                .accept(Accept::new(a.as_bytes()))
                .accept_language(AcceptLanguage::new(l.as_bytes()))
                .accept_encoding(AcceptEncoding::new(e.as_bytes()));
            let selection = request.select(&variants);
            let _ = selection.vary().as_str();
            // Prepared: the 16 variants (more than one small chunk) and the first 8.
            let whole = request.select(&VariantSet::new(&variants));
            let small = request.select(&VariantSet::new(&variants[..8]));
            assert_eq!(
                (whole, small.status()),
                (selection, request.select(&variants[..8]).status())
            );
            selection.status()
        });
        assert_eq!(count, 0, "{a:?} / {l:?} / {e:?}");
        assert!(status == 200 || status == 406);
    }
    let (count, written) = allocations(|| {
        let mut json = Stack::<8192> {
            buf: [0; 8192],
            len: 0,
        };
        std::fmt::write(
            &mut json,
            format_args!("{}", Alternatives::problem_json(&variants)),
        )
        .unwrap();
        let mut html = Stack::<8192> {
            buf: [0; 8192],
            len: 0,
        };
        std::fmt::write(&mut html, format_args!("{}", Alternatives::html(&variants))).unwrap();
        json.len + html.len
    });
    assert_eq!(count, 0, "406 bodies");
    assert!(written > 1000);
}

#[test]
fn accept_request_path_allocates_nothing_on_the_corpus() {
    let values = corpus_accept_values();
    assert!(values.len() >= 20, "corpus copy has the Accept lines");
    for value in &values {
        let (count, work) = allocations(|| exercise(Accept::new(value.as_bytes())));
        assert_eq!(count, 0, "{value:?} allocated {count} times");
        assert!(work > 0);
    }
    // Absent field and several field lines, too.
    let lines: Vec<&[u8]> = values.iter().map(|v| v.as_bytes()).collect();
    let (count, _) = allocations(|| exercise(Accept::from_field(FieldLines::many(&lines))));
    assert_eq!(count, 0, "many lines");
    let (count, _) = allocations(|| exercise(Accept::absent()));
    assert_eq!(count, 0, "absent");
}

#[test]
fn accept_request_path_allocates_nothing_on_2000_elements() {
    let header: String = (0..2000)
        .map(|i| format!("type{i}/sub{i};level={i};q=0.{:03}", 1 + i % 998))
        .collect::<Vec<_>>()
        .join(", ");
    for cap in [256u16, 4096] {
        let (count, work) = allocations(|| exercise(Accept::new(header.as_bytes()).max_elements(cap)));
        assert_eq!(count, 0, "cap {cap}");
        assert!(work > 0);
    }
}

#[test]
fn the_counter_sees_allocations() {
    // Guards the guard: a test whose counter never moves would pass vacuously.
    let (count, v) = allocations(|| vec![1u8; 16]);
    assert_eq!(v.len(), 16);
    assert!(count >= 1);
}

/// `Decision::body`, the plan of every decided response's body, and writing
/// its text segments into a stack buffer allocate nothing: 200, 206 (one
/// range and multipart), 304, 404, 406 (problem+json and HTML), 412, 416,
/// 428, and HEAD.
#[test]
fn body_plans_allocate_nothing() {
    use conneg::decision::Segment;
    use conneg::{EntityTag, Field, RequestHead, RequestMethod, Resource};

    let bytes = b"0123456789abcdefghij";
    let variants = [
        Variant::new("text/plain")
            .with_etag(EntityTag::from_static("\"t\""))
            .with_length(20),
        Variant::new("application/json")
            .with_etag(EntityTag::from_static("\"j\""))
            .with_length(20),
    ];
    let get = RequestHead::new(RequestMethod::Get);
    let put = RequestHead::new(RequestMethod::Put);
    let cases: [(RequestHead<'_>, u16); 12] = [
        (get, 200),
        (get.field(Field::Range, FieldLines::one(b"bytes=2-5")), 206),
        (get.field(Field::Range, FieldLines::one(b"bytes=0-1,5-7,-3")), 206),
        (get.field(Field::IfNoneMatch, FieldLines::one(b"\"t\"")), 304),
        (
            RequestHead::new(RequestMethod::Head).field(Field::IfNoneMatch, FieldLines::one(b"\"t\"")),
            304,
        ),
        (get.field(Field::Accept, FieldLines::one(b"image/png")), 406),
        (
            get.field(Field::Accept, FieldLines::one(b"text/html, image/png")),
            406,
        ),
        (put.field(Field::IfMatch, FieldLines::one(b"\"old\"")), 412),
        (get.field(Field::Range, FieldLines::one(b"bytes=30-")), 416),
        (put, 428),
        (RequestHead::new(RequestMethod::Head), 200),
        (put.field(Field::IfMatch, FieldLines::one(b"\"t\"")), 200),
    ];
    let resource = Resource::new(&variants).require_precondition(true);
    // The boundary's per-process secret is drawn once, before counting.
    let _ = resource.decide(&cases[2].0).body();
    for (request, status) in cases {
        let (count, (decided, written, length)) = allocations(|| {
            let decision = resource.decide(&request);
            let plan = decision.body().avoiding(bytes);
            let mut text = Stack::<4096> {
                buf: [0; 4096],
                len: 0,
            };
            let mut sent = 0u64;
            for segment in plan.segments() {
                sent += match segment {
                    Segment::Representation => bytes.len() as u64,
                    Segment::Range(r) => r.len(),
                    Segment::Text(t) => {
                        let before = text.len;
                        std::fmt::write(&mut text, format_args!("{t}")).unwrap();
                        assert_eq!((text.len - before) as u64, t.len());
                        t.len()
                    }
                };
            }
            assert!(plan.headers().count() <= 8);
            (decision.status(), sent, plan.content_length())
        });
        assert_eq!(count, 0, "{status}");
        assert_eq!(decided, status);
        // What is sent is what Content-Length says; HEAD and 304 send
        // nothing, a 304 has no Content-Length at all, and a PUT's
        // go-ahead leaves the response to the host.
        match (request.method(), status) {
            (_, 304) | (RequestMethod::Put, 200) => assert_eq!((written, length), (0, None)),
            (RequestMethod::Head, _) => assert_eq!((written, length), (0, Some(20))),
            _ => assert_eq!(Some(written), length, "{status}"),
        }
    }
}
