//! Property tests: Accept-Language, Accept-Encoding and Accept-Charset against
//! the naive oracle in `tests/naive_tokens/mod.rs`, on generated headers
//! (absent, empty, one or several field lines) and offers.
//!
//! The number of cases per property is proptest's default (256), overridable
//! with the `PROPTEST_CASES` environment variable.

mod naive_tokens;

use conneg::{
    AcceptCharset, AcceptEncoding, AcceptLanguage, FieldLines, Negotiation, ParseError, Quality, TieBreak,
    accept::Choice, accept::Lookup, accept::Preference, accept::Preferences,
};
use naive_tokens::{self as naive, Field};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
    proptest::sample::select(items).prop_map(str::to_string)
}

/// Optional whitespace, mostly none.
fn ows() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        6 => Just(String::new()),
        2 => Just(" ".to_string()),
        1 => Just("\t".to_string()),
        1 => Just(" \t ".to_string()),
    ]
}

const LANGUAGES: &[&str] = &[
    "en",
    "en-US",
    "EN-us",
    "en-GB",
    "de",
    "de-DE",
    "de-de",
    "de-DE-1996",
    "zh",
    "zh-Hant",
    "zh-Hant-TW",
    "zh-Hant-CN-x-private1",
    "en-a-bbb",
    "fr",
    "*",
];
const BAD_LANGUAGES: &[&str] = &["en_US", "abcdefghi", "*-US", "en-", "1en", "en--US"];
const CODINGS: &[&str] = &[
    "gzip",
    "x-gzip",
    "GZIP",
    "X-Gzip",
    "br",
    "deflate",
    "compress",
    "x-compress",
    "identity",
    "Identity",
    "*",
    "zstd",
];
const CHARSETS: &[&str] = &[
    "utf-8",
    "UTF-8",
    "utf8",
    "iso-8859-1",
    "ISO-8859-1",
    "latin1",
    "*",
];

/// A well-formed value for the field.
fn value(field: Field) -> BoxedStrategy<String> {
    match field {
        Field::Language => pick(LANGUAGES).boxed(),
        Field::Encoding => pick(CODINGS).boxed(),
        Field::Charset => pick(CHARSETS).boxed(),
    }
}

/// A weight parameter: valid and invalid q-values, `q` and `Q`.
fn weight() -> impl Strategy<Value = String> + Clone {
    let values = prop_oneof![
        4 => pick(&["0", "0.", "0.5", "0.8", "0.9", "0.3", "0.001", "1", "1.", "1.000", "0.50"]),
        1 => pick(&[".5", ".0", ".123", ".1234", ".", "1.5", "1.001", "0.1234", "+0.5", "abc", "\"0.5\"", "-0", ""]),
    ];
    (prop_oneof![3 => Just("q"), 1 => Just("Q")], values).prop_map(|(n, v)| format!("{n}={v}"))
}

/// A parameter other than the weight (ignored in these fields).
fn param() -> impl Strategy<Value = String> + Clone {
    pick(&[
        "foo=bar",
        "foo=\"a,b\"",
        "q*=x",
        "FOO=\"a;q=0\"",
        "level=1",
        "qq=0",
        "x=\"\\\"\"",
    ])
}

/// `;` between the value and a parameter or between parameters.
fn semicolon() -> impl Strategy<Value = String> + Clone {
    (ows(), ows(), prop_oneof![6 => Just(";"), 1 => Just(";;")]).prop_map(|(a, b, s)| format!("{a}{s}{b}"))
}

/// One list element: usually well-formed (value, parameters, a weight
/// anywhere among them, maybe a second weight), sometimes malformed.
fn element(field: Field) -> BoxedStrategy<String> {
    let part = prop_oneof![2 => param(), 3 => weight()];
    let well_formed = (
        value(field),
        proptest::collection::vec((semicolon(), part), 0..3),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(v, parts, trailing)| {
            let mut s = v;
            for (sep, p) in parts {
                s.push_str(&sep);
                s.push_str(&p);
            }
            if trailing {
                s.push(';');
            }
            s
        });
    let templates = pick(&[
        "{v} x",
        "{v};q",
        "{v};q =0.5",
        "{v};q= 0.5",
        "{v} ;q=0.5 x",
        "{v};foo=\"a",
        "{v};foo=\"a\"b",
        "{v};=1",
        "{v};foo=",
        "{v}\"x\"",
        "{v}/html",
        ";q=0.5",
        "{v};a=1;b=2;c=3;d=4;e=5;f=6;g=7;h=8;i=9;j=10;k=11;l=12;m=13;n=14;o=15;q=0.5;p=16",
        // Exactly 16 parameters, the weight among them: still valid.
        "{v};a=1;b=2;c=3;d=4;e=5;f=6;g=7;q=0.4;i=9;j=10;k=11;l=12;m=13;n=14;o=15;p=16",
    ]);
    let malformed = (templates, value(field)).prop_map(|(t, v)| t.replace("{v}", &v));
    match field {
        Field::Language => prop_oneof![
            12 => well_formed,
            2 => malformed,
            1 => (pick(BAD_LANGUAGES), proptest::option::of(weight()))
                .prop_map(|(v, w)| w.map_or(v.clone(), |w| format!("{v};{w}"))),
        ]
        .boxed(),
        _ => prop_oneof![12 => well_formed, 2 => malformed].boxed(),
    }
}

/// Two elements for the same value (upper-cased, or its alias) with
/// independent weights: which one sets q?
fn duplicate_pair(field: Field) -> BoxedStrategy<String> {
    (value(field), weight(), weight(), any::<bool>())
        .prop_map(move |(v, w1, w2, alias)| {
            let other = match (field, v.as_str(), alias) {
                (Field::Encoding, "gzip", true) => "x-gzip".to_string(),
                (Field::Encoding, "x-compress", true) => "COMPRESS".to_string(),
                _ => v.to_ascii_uppercase(),
            };
            format!("{v};{w1}, {other} ; {w2}")
        })
        .boxed()
}

/// One field line: elements joined by commas with OWS, with empty elements.
fn line(field: Field) -> BoxedStrategy<String> {
    let item = prop_oneof![8 => element(field), 2 => duplicate_pair(field), 1 => Just(String::new())];
    proptest::collection::vec((item, ows(), ows()), 0..8)
        .prop_map(|items| {
            items
                .into_iter()
                .map(|(e, a, b)| format!("{a}{e}{b}"))
                .collect::<Vec<_>>()
                .join(",")
        })
        .boxed()
}

/// A field line from a soup of the characters that matter.
fn soup(field: Field) -> BoxedStrategy<String> {
    match field {
        Field::Language => "[a-zA-Z*\\-_;=,\" \t.01qQ\\\\]{0,40}",
        Field::Encoding => "[gzipbrxIDENTITY*\\-;=,\" \t.01qQ\\\\]{0,40}",
        Field::Charset => "[utf8isoUTF*\\-;=,\" \t.01qQ\\\\]{0,40}",
    }
    .boxed()
}

/// About 256 elements: `count` fillers, then a real element. Exercises the cap.
fn long_line(field: Field) -> BoxedStrategy<String> {
    let filler = pick(&["en_US", "fr;q=0", "bad value", "de;q=0.5", "*;q=0.1"]);
    (250usize..262, filler, element(field))
        .prop_map(|(count, filler, tail)| {
            let mut parts = vec![filler; count];
            parts.push(tail);
            parts.push(String::new());
            parts.join(", ")
        })
        .boxed()
}

/// Absent, one line (the common case; empty included), or several lines.
fn header(field: Field) -> BoxedStrategy<Option<Vec<String>>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(vec![String::new()])),
        12 => line(field).prop_map(|l| Some(vec![l])),
        3 => soup(field).prop_map(|l| Some(vec![l])),
        3 => proptest::collection::vec(prop_oneof![3 => line(field), 1 => soup(field)], 2..4).prop_map(Some),
        1 => long_line(field).prop_map(|l| Some(vec![l])),
    ]
    .boxed()
}

/// An offer: usually valid (maybe with OWS around it), sometimes not.
fn offer(field: Field) -> BoxedStrategy<String> {
    let valid = (value(field), ows(), ows()).prop_map(|(v, a, b)| format!("{a}{v}{b}"));
    let invalid = match field {
        Field::Language => pick(&["", " ", "en_US", "abcdefghi", "*", "en US", "en;q=1", "de-"]),
        Field::Encoding => pick(&["", " ", "gzip, br", "gzip;q=1", "\"gzip\"", "g zip", "x-gzip/1"]),
        Field::Charset => pick(&["", " ", "utf 8", "\"utf-8\"", "utf-8;q=1", "utf-8,latin1"]),
    };
    let extra = match field {
        Field::Language => pick(&["en-US-x-foo", "de-CH", "zh-Hant-CN", "EN", "en-a", "eng", "ja"]),
        Field::Encoding => pick(&["IDENTITY", "x-br", "xgzip", "Br", "COMPRESS"]),
        Field::Charset => pick(&["Utf-8", "utf-16", "iso-8859-15"]),
    };
    prop_oneof![10 => valid, 2 => invalid, 2 => extra].boxed()
}

/// An offer for Lookup: often a truncation of a generated range, singletons
/// and private-use subtags included (`zh-Hant-CN-x` is a tag Lookup must skip).
fn lookup_offer() -> BoxedStrategy<String> {
    let truncations = pick(&[
        "en-a",
        "en-a-bbb",
        "zh-Hant-CN-x",
        "zh-Hant-CN-x-private1",
        "zh-Hant-CN",
        "zh-hant",
        "ZH",
        "de-DE-1996",
        "de-de",
        "x",
    ]);
    prop_oneof![2 => offer(Field::Language), 1 => truncations].boxed()
}

fn offers(field: Field) -> BoxedStrategy<Vec<String>> {
    proptest::collection::vec(offer(field), 1..7).boxed()
}

// ---------------------------------------------------------------------------
// The fields under test, behind one interface
// ---------------------------------------------------------------------------

enum Subject<'h> {
    Language(AcceptLanguage<'h>),
    Encoding(AcceptEncoding<'h>),
    Charset(AcceptCharset<'h>),
}

/// Runs the same expression on whichever field `$s` holds.
macro_rules! each {
    ($s:expr, $f:ident => $e:expr) => {
        match $s {
            Subject::Language($f) => $e,
            Subject::Encoding($f) => $e,
            Subject::Charset($f) => $e,
        }
    };
}

impl<'h> Subject<'h> {
    fn new(field: Field, lines: FieldLines<'h>) -> Self {
        match field {
            Field::Language => Subject::Language(AcceptLanguage::from_field(lines)),
            Field::Encoding => Subject::Encoding(AcceptEncoding::from_field(lines)),
            Field::Charset => Subject::Charset(AcceptCharset::from_field(lines)),
        }
    }

    fn tie_break(self, tie: TieBreak) -> Self {
        match self {
            Subject::Language(f) => Subject::Language(f.tie_break(tie)),
            Subject::Encoding(f) => Subject::Encoding(f.tie_break(tie)),
            Subject::Charset(f) => Subject::Charset(f.tie_break(tie)),
        }
    }

    fn negotiate(&self, offers: &[&str]) -> Negotiation {
        each!(self, f => f.negotiate(offers))
    }

    fn quality_of(&self, offer: &str) -> Quality {
        each!(self, f => f.quality_of(offer))
    }

    fn rank<'o>(&self, offers: &[&str], out: &'o mut [Choice]) -> &'o [Choice] {
        each!(self, f => f.rank(offers, out))
    }

    fn preferences<'o>(&self, out: &'o mut [Preference<'h>]) -> &'o [Preference<'h>] {
        each!(self, f => f.preferences(out))
    }

    fn iter(&self) -> Preferences<'h> {
        each!(self, f => f.iter())
    }

    fn validate(&self) -> Result<(), ParseError> {
        each!(self, f => f.validate())
    }

    fn ranked(&self, offers: &[&str]) -> Vec<(usize, u16)> {
        let mut out = vec![Choice::default(); offers.len()];
        self.rank(offers, &mut out)
            .iter()
            .map(|c| (c.index(), c.quality().thousandths()))
            .collect()
    }

    fn listed(&self, room: usize) -> Vec<(String, u16)> {
        let mut out = vec![Preference::default(); room];
        self.preferences(&mut out)
            .iter()
            .map(|p| (p.to_string(), p.quality().thousandths()))
            .collect()
    }
}

/// The header's lines as byte slices, for `FieldLines`.
fn line_refs(header: &Option<Vec<String>>) -> Vec<&[u8]> {
    header.iter().flatten().map(|l| l.as_bytes()).collect()
}

/// The field over `refs`: absent, `new` for one line, `many` otherwise.
fn field_lines<'h>(header: &Option<Vec<String>>, refs: &'h [&'h [u8]]) -> FieldLines<'h> {
    match (header, refs) {
        (None, _) => FieldLines::ABSENT,
        (Some(_), [one]) => FieldLines::one(one),
        (Some(_), many) => FieldLines::many(many),
    }
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// negotiate, rank (both tie-breaks) and quality_of against the oracle.
fn check_negotiation(
    field: Field,
    header: &Option<Vec<String>>,
    offers: &[String],
) -> Result<(), TestCaseError> {
    let offers: Vec<&str> = offers.iter().map(String::as_str).collect();
    let h = header.as_deref();
    let refs = line_refs(header);
    let subject = Subject::new(field, field_lines(header, &refs));

    let want_ranked = naive::ranked(field, h, &offers, false);
    let got = subject.negotiate(&offers);
    prop_assert_eq!(
        got.index(),
        want_ranked.first().map(|&(i, _)| i),
        "negotiate: {:?} header {:?} offers {:?}",
        field,
        h,
        offers
    );
    if let Negotiation::Selected { index, quality } = got {
        prop_assert_eq!(quality.thousandths(), naive::quality(field, h, offers[index]));
    }
    prop_assert_eq!(
        subject.ranked(&offers),
        want_ranked,
        "rank: {:?} header {:?} offers {:?}",
        field,
        h,
        offers
    );
    for offer in &offers {
        prop_assert_eq!(
            subject.quality_of(offer).thousandths(),
            naive::quality(field, h, offer),
            "quality_of({:?}): {:?} header {:?}",
            offer,
            field,
            h
        );
    }

    let server = subject.tie_break(TieBreak::ServerOrder);
    let want_server = naive::ranked(field, h, &offers, true);
    prop_assert_eq!(
        server.negotiate(&offers).index(),
        want_server.first().map(|&(i, _)| i),
        "negotiate (server order): {:?} header {:?} offers {:?}",
        field,
        h,
        offers
    );
    prop_assert_eq!(
        server.ranked(&offers),
        want_server,
        "rank (server order): {:?} header {:?} offers {:?}",
        field,
        h,
        offers
    );
    Ok(())
}

fn check_preferences(field: Field, header: &Option<Vec<String>>) -> Result<(), TestCaseError> {
    let refs = line_refs(header);
    let subject = Subject::new(field, field_lines(header, &refs));
    prop_assert_eq!(
        subject.listed(300),
        naive::preferences(field, header.as_deref()),
        "preferences: {:?} header {:?}",
        field,
        header
    );
    Ok(())
}

/// iter() per element, validate(), and the reported error's place.
fn check_strict(field: Field, header: &Option<Vec<String>>) -> Result<(), TestCaseError> {
    let h = header.as_deref();
    let refs = line_refs(header);
    let subject = Subject::new(field, field_lines(header, &refs));
    let elements = h.map(naive::elements).unwrap_or_default();

    let got: Vec<Option<(String, u16)>> = subject
        .iter()
        .map(|r| r.ok().map(|p| (p.value().to_string(), p.quality().thousandths())))
        .collect();
    let want: Vec<Option<(String, u16)>> = elements
        .iter()
        .take(naive::MAX_ELEMENTS)
        .map(|e| naive::parse_element(field, &e.text))
        .collect();
    prop_assert_eq!(&got, &want, "iter(): {:?} header {:?}", field, h);
    // The position each parsed element reports.
    for (i, p) in subject.iter().enumerate() {
        if let Ok(p) = p {
            prop_assert_eq!(p.position(), i);
        }
    }

    match (subject.validate(), naive::strict(field, h)) {
        (Ok(()), Ok(())) => {}
        (Err(err), Err((element, cap))) => {
            prop_assert_eq!(err.line(), element.line, "error line: {:?} header {:?}", err, h);
            if cap {
                prop_assert_eq!(err.kind(), conneg::ErrorKind::TooManyElements);
                prop_assert_eq!(err.offset(), element.start);
            } else {
                prop_assert!(
                    (element.start..=element.end).contains(&err.offset()),
                    "error {:?} outside the element {:?}: header {:?}",
                    err,
                    element,
                    h
                );
            }
            prop_assert_eq!(err.field(), subject_field_name(field));
        }
        (got, want) => prop_assert!(
            false,
            "validate: got {:?}, oracle {:?}, header {:?}",
            got,
            want,
            h
        ),
    }
    Ok(())
}

fn subject_field_name(field: Field) -> &'static str {
    match field {
        Field::Language => "Accept-Language",
        Field::Encoding => "Accept-Encoding",
        Field::Charset => "Accept-Charset",
    }
}

fn check_lookup(
    header: &Option<Vec<String>>,
    offers: &[String],
    default: Option<usize>,
) -> Result<(), TestCaseError> {
    let offers: Vec<&str> = offers.iter().map(String::as_str).collect();
    let refs = line_refs(header);
    let field = AcceptLanguage::from_field(field_lines(header, &refs));
    let got = match field.lookup(&offers, default) {
        Lookup::Matched { index, quality } => naive::Lookup::Matched(index, quality.thousandths()),
        Lookup::Default(i) => naive::Lookup::Default(i),
        Lookup::NotAcceptable => naive::Lookup::NotAcceptable,
    };
    prop_assert_eq!(
        got,
        naive::lookup(header.as_deref(), &offers, default),
        "lookup: header {:?} offers {:?} default {:?}",
        header,
        offers,
        default
    );
    Ok(())
}

/// Invariants that need no oracle, for input the oracle cannot read.
fn check_invariants(subject: &Subject<'_>, offers: &[&str], lines: &[&[u8]]) -> Result<(), TestCaseError> {
    for p in subject.iter().flatten() {
        let _ = p.to_string();
    }
    let all_ok = subject.iter().all(|r| r.is_ok());
    match subject.validate() {
        Ok(()) => prop_assert!(all_ok),
        Err(err) => {
            prop_assert!(!all_ok);
            prop_assert!(err.line() < lines.len().max(1));
            prop_assert!(err.offset() <= lines.get(err.line()).map_or(0, |l| l.len()));
        }
    }
    let ranking = subject.ranked(offers);
    let chosen = subject.negotiate(offers);
    prop_assert_eq!(chosen.index(), ranking.first().map(|&(i, _)| i));
    if let Negotiation::Selected { index, quality } = chosen {
        prop_assert!(index < offers.len() && quality.is_acceptable());
        prop_assert_eq!(subject.quality_of(offers[index]), quality);
    }
    prop_assert!(ranking.windows(2).all(|w| w[0].1 >= w[1].1));
    prop_assert!(ranking.iter().all(|&(i, q)| i < offers.len() && q > 0));
    for &(i, q) in &ranking {
        prop_assert_eq!(subject.quality_of(offers[i]).thousandths(), q);
    }
    let listed = subject.listed(16);
    prop_assert!(listed.windows(2).all(|w| w[0].1 >= w[1].1));
    prop_assert!(listed.iter().all(|(_, q)| *q > 0));
    if let Subject::Language(f) = subject {
        for default in [None, Some(0), Some(offers.len())] {
            if let Some(i) = f.lookup(offers, default).index() {
                prop_assert!(i < offers.len());
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Properties, once per field
// ---------------------------------------------------------------------------

macro_rules! field_properties {
    ($module:ident, $field:expr) => {
        mod $module {
            use super::*;

            const FIELD: Field = $field;

            proptest! {
                #[test]
                fn negotiation_matches_the_oracle(header in header(FIELD), offers in offers(FIELD)) {
                    check_negotiation(FIELD, &header, &offers)?;
                }

                #[test]
                fn preferences_match_the_oracle(header in header(FIELD)) {
                    check_preferences(FIELD, &header)?;
                }

                #[test]
                fn strict_validation_matches_element_parsing(header in header(FIELD)) {
                    check_strict(FIELD, &header)?;
                }

                #[test]
                fn many_offers_match_the_oracle(
                    header in header(FIELD),
                    offers in proptest::collection::vec(offer(FIELD), 25..80),
                ) {
                    // More offers than conneg scores per pass over the field (32).
                    check_negotiation(FIELD, &header, &offers)?;
                }

                #[test]
                fn bounded_outputs_keep_the_best(header in header(FIELD), offers in offers(FIELD), room in 0usize..6) {
                    let h = header.as_deref();
                    let refs = line_refs(&header);
                    let subject = Subject::new(FIELD, field_lines(&header, &refs));
                    let offers: Vec<&str> = offers.iter().map(String::as_str).collect();

                    let mut out = vec![Choice::default(); room];
                    let got: Vec<(usize, u16)> = subject
                        .rank(&offers, &mut out)
                        .iter()
                        .map(|c| (c.index(), c.quality().thousandths()))
                        .collect();
                    let mut want = naive::ranked(FIELD, h, &offers, false);
                    want.truncate(room);
                    prop_assert_eq!(got, want, "rank into {} slots: header {:?} offers {:?}", room, h, offers);

                    let mut want = naive::preferences(FIELD, h);
                    want.truncate(room);
                    prop_assert_eq!(subject.listed(room), want, "preferences into {} slots: header {:?}", room, h);
                }

                #[test]
                fn parse_never_panics_on_arbitrary_bytes(
                    bytes in proptest::collection::vec(any::<u8>(), 0..200),
                    offers in offers(FIELD),
                ) {
                    let offers: Vec<&str> = offers.iter().map(String::as_str).collect();
                    let one = [&bytes[..]];
                    check_invariants(&Subject::new(FIELD, FieldLines::one(&bytes)), &offers, &one)?;
                    // The same bytes as several field lines (split at 0xFF).
                    let lines: Vec<&[u8]> = bytes.split(|&b| b == 0xFF).collect();
                    check_invariants(&Subject::new(FIELD, FieldLines::many(&lines)), &offers, &lines)?;
                }

                #[test]
                fn arbitrary_text_matches_the_oracle(
                    lines in proptest::collection::vec(
                        proptest::collection::vec(
                            prop_oneof![
                                1 => any::<char>(),
                                4 => (0u8..0x80).prop_map(char::from),
                                6 => proptest::sample::select(vec![
                                    ',', ';', '-', '"', '=', '\\', ' ', '\t', 'q', '*', 'e', 'n', 'x', '0', '.', '1',
                                ]),
                            ],
                            0..50,
                        )
                        .prop_map(|cs| cs.into_iter().collect::<String>()),
                        1..3,
                    ),
                    offers in offers(FIELD),
                ) {
                    // Any text (non-UTF-8 input is covered by the no-panic property).
                    let header = Some(lines);
                    check_negotiation(FIELD, &header, &offers)?;
                    check_preferences(FIELD, &header)?;
                    check_strict(FIELD, &header)?;
                }
            }
        }
    };
}

field_properties!(language, Field::Language);
field_properties!(encoding, Field::Encoding);
field_properties!(charset, Field::Charset);

proptest! {
    #[test]
    fn lookup_matches_the_oracle(
        header in header(Field::Language),
        offers in proptest::collection::vec(lookup_offer(), 1..7),
        default in proptest::option::of(0usize..8),
    ) {
        check_lookup(&header, &offers, default)?;
    }

    #[test]
    fn lookup_with_many_offers_matches_the_oracle(
        header in header(Field::Language),
        offers in proptest::collection::vec(lookup_offer(), 25..80),
        default in proptest::option::of(0usize..90),
    ) {
        check_lookup(&header, &offers, default)?;
    }
}

// ---------------------------------------------------------------------------
// Oracle sanity checks (against RFC text and vectors) and regression tests
// ---------------------------------------------------------------------------

fn one(s: &str) -> Option<Vec<String>> {
    Some(vec![s.to_string()])
}

#[test]
fn oracle_agrees_with_rfc_examples() {
    let h = one("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5");
    let h = h.as_deref();
    assert_eq!(naive::quality(Field::Language, h, "fr-CH"), 1000);
    assert_eq!(naive::quality(Field::Language, h, "fr-FR"), 900);
    assert_eq!(naive::quality(Field::Language, h, "ja"), 500);
    assert_eq!(naive::best(Field::Language, h, &["en", "de", "fr"]), Some(2));

    let h = one("gzip;q=1.0, identity; q=0.5, *;q=0");
    let h = h.as_deref();
    assert_eq!(naive::quality(Field::Encoding, h, "x-gzip"), 1000);
    assert_eq!(naive::quality(Field::Encoding, h, "identity"), 500);
    assert_eq!(naive::quality(Field::Encoding, h, "br"), 0);
    assert_eq!(
        naive::preferences(Field::Encoding, h),
        [("gzip".into(), 1000), ("identity".into(), 500)]
    );
}

#[test]
fn oracle_encoding_identity_rules() {
    let q =
        |h: Option<&str>, o| naive::quality(Field::Encoding, h.map(|s| vec![s.to_string()]).as_deref(), o);
    assert_eq!(q(None, "identity"), 1000);
    assert_eq!(q(Some(""), "identity"), 1000);
    assert_eq!(q(Some(""), "gzip"), 0);
    assert_eq!(q(Some("gzip"), "identity"), 1);
    assert_eq!(q(Some("*;q=0"), "identity"), 0);
    assert_eq!(q(Some("*;q=0, identity"), "identity"), 1000);
    let list = |h: &str| naive::preferences(Field::Encoding, one(h).as_deref());
    assert_eq!(list("gzip, deflate").last().unwrap().0, "identity");
    assert_eq!(list("*;q=0"), []);
    assert_eq!(list("").len(), 1);
    let ranked = naive::ranked(
        Field::Encoding,
        one("gzip;q=0.001").as_deref(),
        &["identity", "gzip"],
        false,
    );
    assert_eq!(ranked, [(1, 1), (0, 1)]);
}

#[test]
fn oracle_language_ties_and_lookup() {
    let h = one("en");
    assert_eq!(
        naive::best(Field::Language, h.as_deref(), &["en-US", "en"]),
        Some(1)
    );
    let lookup = |h: &str, offers: &[&str], d| naive::lookup(one(h).as_deref(), offers, d);
    assert_eq!(
        lookup("de-CH-1996, en;q=0.5", &["de", "de-CH", "en"], Some(2)),
        naive::Lookup::Matched(1, 1000)
    );
    assert_eq!(lookup("fr", &["de"], Some(0)), naive::Lookup::Default(0));
    assert_eq!(lookup("fr", &["de"], Some(1)), naive::Lookup::NotAcceptable);
    assert_eq!(
        lookup("zh-Hant-CN-x-private1", &["zh"], None),
        naive::Lookup::Matched(0, 1000)
    );
    assert_eq!(
        lookup("en-GB, en;q=0", &["en"], None),
        naive::Lookup::NotAcceptable
    );
    assert_eq!(
        lookup("*, en;q=0.5", &["de", "en"], None),
        naive::Lookup::Matched(1, 500)
    );
    assert_eq!(
        naive::truncate("zh-Hant-CN-x-private1").as_deref(),
        Some("zh-Hant-CN")
    );
}

/// Lenient mode reads a leading-dot weight (`q=.5`) as its value on every
/// token field (the weight syntax is shared with `Accept`); strict mode
/// reports it; every other deviation stays malformed.
#[test]
fn leading_dot_weights_on_every_token_field() {
    use conneg::ErrorKind;
    for (field, value, offer) in [
        (Field::Language, "en", "en"),
        (Field::Encoding, "gzip", "gzip"),
        (Field::Charset, "utf-8", "utf-8"),
    ] {
        let header = format!("{value};q=.5, *;q=0.1");
        let bytes = header.as_bytes();
        let subject = Subject::new(field, FieldLines::one(bytes));
        assert_eq!(subject.quality_of(offer).thousandths(), 500, "{field:?}");
        assert_eq!(subject.negotiate(&["other", offer]).index(), Some(1), "{field:?}");
        let parsed: Vec<(String, u16)> = subject
            .iter()
            .map(|p| {
                p.map(|p| (p.value().to_string(), p.quality().thousandths()))
                    .unwrap()
            })
            .collect();
        assert_eq!(
            parsed,
            [(value.to_string(), 500), ("*".to_string(), 100)],
            "{field:?}"
        );
        let err = subject.validate().unwrap_err();
        let at = value.len() + 3;
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::InvalidQuality, at),
            "{field:?}"
        );
        for (weight, q) in [(".0", 0), (".123", 123), (".2", 200), ("0.9", 900)] {
            let header = format!("{value};Q={weight}");
            let subject = Subject::new(field, FieldLines::one(header.as_bytes()));
            assert_eq!(subject.quality_of(offer).thousandths(), q, "{field:?} {header:?}");
        }
        for weight in ["1.5", "0.1234", ".1234", ".", "abc", "\".5\"", " .5"] {
            let header = format!("{value};q={weight}, *;q=0.1");
            let subject = Subject::new(field, FieldLines::one(header.as_bytes()));
            assert_eq!(
                subject.quality_of(offer).thousandths(),
                100,
                "{field:?} {header:?}"
            );
            assert!(subject.iter().next().unwrap().is_err(), "{field:?} {header:?}");
            let err = subject.validate().unwrap_err();
            assert_eq!(err.offset(), at, "{field:?} {header:?}");
        }
    }
}
