//! Unit tests of `view` (crate-private items).

use super::*;
use crate::accept::media::MAX_PARAMS;

fn range(s: &str) -> MediaRange<'_> {
    MediaRange::parse(s.as_bytes()).unwrap()
}

#[test]
fn specificity_orders_wildcards_types_and_parameters_n16() {
    let spec = |s| range(s).specificity;
    assert!(spec("*/*") < spec("text/*"));
    assert!(spec("text/*") < spec("text/plain"));
    assert!(spec("text/plain") < spec("text/plain;format=flowed"));
    assert!(spec("text/*;a=1;b=2") < spec("text/plain"));
    assert_eq!(spec("text/plain;a=1;A=2"), spec("text/plain;a=1"));
}

#[test]
fn weight_splits_parameters_and_extension_n13_n15() {
    let r = range("text/html ; level=1 ;q=0.5; foo=bar");
    assert_eq!(r.params, b" ; level=1");
    assert_eq!(r.ext, b"; foo=bar");
    assert_eq!(r.quality.thousandths(), 500);
    assert_eq!(r.specificity & 0xFF, 2);
}

#[test]
fn display_drops_the_weight_and_repeated_weights() {
    let shown = |s: &str| {
        let mut buf = [0u8; 64];
        let mut w = crate::fmt_buf::FmtBuf::new(&mut buf);
        core::fmt::write(&mut w, format_args!("{}", range(s))).unwrap();
        let mut out = [0u8; 64];
        out[..w.as_bytes().len()].copy_from_slice(w.as_bytes());
        (out, w.as_bytes().len())
    };
    let (b, n) = shown("text/html; level=1 ;q=0.5 ; a=b");
    assert_eq!(&b[..n], b"text/html; level=1; a=b");
    let (b, n) = shown("a/b;q=0.5;q=0.7;c=d");
    assert_eq!(&b[..n], b"a/b;c=d");
    // Only the repeated weight goes; the rest stays as written.
    let (b, n) = shown("a/b;q=0.5; c=d ;;Q=0.7 ; e=\"x;y\";");
    assert_eq!(&b[..n], b"a/b; c=d ;; e=\"x;y\";");
}

#[test]
fn element_errors_name_the_offset() {
    let err = |s: &str| MediaRange::parse(s.as_bytes()).unwrap_err();
    assert_eq!(err("text"), (ErrorKind::MissingSlash, 4));
    assert_eq!(err("text/"), (ErrorKind::InvalidSubtype, 5));
    assert_eq!(err("text/html foo"), (ErrorKind::UnexpectedOctet, 10));
    assert_eq!(err("text/html;q = 1"), (ErrorKind::MissingEquals, 11));
    assert_eq!(err("text/html;q=.5"), (ErrorKind::InvalidQuality, 12));
    assert_eq!(err("text/html;a=\"x"), (ErrorKind::InvalidQuotedString, 14));
    assert_eq!(err("text/html;a="), (ErrorKind::InvalidParameterValue, 12));
    assert_eq!(err("text/html;=1"), (ErrorKind::InvalidParameterName, 10));
    assert_eq!(err(",x"), (ErrorKind::InvalidToken, 0));
}

/// The one-step word comparison of prepared offers (`word_at`) agrees
/// with the octet-by-octet one: prefixes, case, eight-octet tokens,
/// tokens at the end of the line.
#[test]
fn prepared_offers_compare_words_as_octets() {
    let offers = [
        "text/html",
        "abcdefgh/abcdefgh",
        "abcdefghi/x",
        "text/htm",
        "image/png",
    ];
    let prepared = offers.map(MediaOffer::new);
    let headers: [&[u8]; 10] = [
        b"text/htmlx, text/html;q=0.5",
        b"TEXT/HTML;q=0.4, text/htm;q=0.3",
        b"abcdefgh/abcdefgh;q=0.7,abcdefgh/abcdefghi",
        b"abcdefgh/abcdefg, abcdefgh/*;q=0.2",
        b"abcdefghi/x;q=0.6, text/*;q=0.1",
        b"image/png",
        b"image/pngg;q=0.9, image/PNG;q=0.8",
        b"text/htm, text/html;q=0.9",
        b"text/h\xff\xff\xff\xff\xff, text/html;q=0.2",
        b"abcdefgh/abcdefgh-, */*;q=0.05",
    ];
    for h in headers {
        let accept = Accept::new(h);
        for n in 1..=offers.len() {
            let want = accept.negotiate(&offers[..n]);
            assert_eq!(accept.negotiate(&prepared[..n]), want, "{h:?} {n}");
            for (o, p) in offers.iter().zip(&prepared) {
                let mut a = [Choice::default(); 1];
                let mut b = [Choice::default(); 1];
                assert_eq!(
                    accept.rank(&[o], &mut a),
                    accept.rank(core::slice::from_ref(p), &mut b),
                    "{h:?} {o}"
                );
            }
        }
    }
}

#[test]
fn too_many_parameters_is_an_error() {
    let mut buf = [0u8; 512];
    let mut len = 0;
    for part in core::iter::once(&b"a/b"[..]).chain(core::iter::repeat_n(&b";p=1"[..], MAX_PARAMS + 1)) {
        buf[len..len + part.len()].copy_from_slice(part);
        len += part.len();
    }
    assert_eq!(
        MediaRange::parse(&buf[..len]).unwrap_err().0,
        ErrorKind::TooManyParameters
    );
}

/// The short paths of the scoring loop (`score_any` for `*/*`,
/// `score_exact` for an offer's exact type and subtype with prepared
/// offers) score as the general path does: prepared offers (which take
/// them) against the same offers as text (which take `score_element` for
/// all but `*/*`), on elements at the edges of those paths.
#[test]
fn short_paths_score_as_the_general_path() {
    let headers: [&[u8]; 16] = [
        b"text/html",
        b"TEXT/HTML;q=0.5, text/html;q=0.2",
        b"text/html;q=0.5,text/*;q=0.9",
        b"text/*, text/html;level=1, text/html;q=0.3",
        b"text/html ;q=0.5, */*;q=0.1",
        b"text/html;q=1.5, text/html;q=0.4",
        b"text/htmlx, text/html2;q=0.3, text/htm",
        b"*/*;q=0.2, text/html;q=0.7, */*",
        b"*/* ;q=0.3, text/plain;q=.5",
        b"text/html;q=0, image/*, application/json;q=0.9",
        b"application/json;q=0.8,application/xhtml+xml,*/*;q=0.1",
        b"a/b,text/html;q=0.6",
        b"text/html,\"x\",text/plain;q=0.7",
        b"x/y;q=0.5, text/*;q=0",
        b"*, text/html;q=0.1",
        b"text/html;q=0.5;level=1, text/html;Q=0.4",
    ];
    let offers = [
        "text/html",
        "text/html;level=1",
        "TEXT/HTML",
        "text/*",
        "application/json",
        "application/xhtml+xml",
        "text/plain",
        "a/b",
    ];
    let prepared = offers.map(MediaOffer::new);
    for header in headers {
        let accept = Accept::new(header);
        for n in 1..=offers.len() {
            for first in 0..n {
                let (text, ready) = (&offers[first..n], &prepared[first..n]);
                let mut a = [Choice::default(); 8];
                let mut b = [Choice::default(); 8];
                assert_eq!(
                    accept.rank(text, &mut a),
                    accept.rank(ready, &mut b),
                    "{:?} {text:?}",
                    core::str::from_utf8(header)
                );
                assert_eq!(accept.negotiate(text), accept.negotiate(ready));
            }
        }
    }
}

/// The `*/*`-alone shortcut of `negotiate` (no pass over the field) chooses
/// what the general pass chooses: `rank`'s best, which always takes the
/// pass; and it is not taken where the pass would differ (no elements read
/// under `max_elements(0)`, other lines, anything around the `*/*`).
#[test]
fn any_alone_shortcut_agrees_with_the_general_pass_n16() {
    let offer_sets: [&[&str]; 5] = [
        &["text/html", "application/json"],
        &["html", "text/plain"],
        &["text/html;q", "bad", "image/png"],
        &["bad"],
        &[],
    ];
    let lines: [&[u8]; 2] = [b"*/*", b"text/html;q=0"];
    let fields = [
        FieldLines::one(b"*/*"),
        FieldLines::one(b"*/* "),
        FieldLines::one(b"*/*;q=0"),
        FieldLines::one(b"*/*;q=0.5"),
        FieldLines::many(&lines),
        FieldLines::many(&lines[..1]),
        FieldLines::ABSENT,
    ];
    for field in fields {
        for max in [0u16, 1, 256] {
            let accept = Accept::from_field(field).max_elements(max);
            for offers in offer_sets {
                let mut out = [Choice::default(); 4];
                let best = match accept.rank(offers, &mut out).first() {
                    Some(c) => Negotiation::Selected {
                        index: c.index(),
                        quality: c.quality(),
                    },
                    None => Negotiation::NotAcceptable,
                };
                let prepared: std::vec::Vec<MediaOffer<'_>> =
                    offers.iter().map(|o| MediaOffer::new(o)).collect();
                let why = (field, max, offers);
                assert_eq!(accept.negotiate(offers), best, "{why:?}");
                assert_eq!(accept.negotiate(&prepared), best, "{why:?}");
            }
        }
    }
    // The shortcut's answers, spelled out.
    let curl = Accept::new(b"*/*");
    assert_eq!(curl.negotiate(&["html", "text/plain"]).index(), Some(1));
    assert_eq!(curl.negotiate(&["bad"]).status(), 406);
    assert_eq!(curl.max_elements(0).negotiate(&["text/plain"]).status(), 406);
}

/// `score_any` (`*/*` and a bare `*`, alone or with a lone weight) scores
/// as `score_element`, the general path, does, and ends the element at the
/// same place; it declines (`None`) everything else.
#[test]
fn score_any_agrees_with_score_element() {
    use crate::accept::media::score::{Read, score_any, score_element};
    let elements: [&[u8]; 16] = [
        b"*/*",
        b"*",
        b"*/*;q=0.8,text/html",
        b"*;q=.2, */*; q=.2",
        b"*; q=.2",
        b"* ;q=0.5",
        b"*\t; q=0",
        b"*,text/html",
        b"*/* ; q=1.000 ",
        b"*;level=1",
        b"*;q=0.5;level=1",
        b"*/html",
        b"*x",
        b"*/*x",
        b"*;q=2",
        b"*/*;q=0.1 x",
    ];
    let offers = [MediaOffer::new("text/html"), MediaOffer::new("image/png")];
    for line in elements {
        // A score from an earlier, more specific range stays.
        let earlier = Some((Quality::from_thousandths(300).unwrap(), 2 << 8, 0));
        let (mut fast, mut general) = ([earlier, None], [earlier, None]);
        let (end, read) = score_element(line, 0, 1, &offers, &mut general);
        let why = core::str::from_utf8(line);
        match score_any(line, 0, 1, &mut fast) {
            Some(fast_end) => {
                assert!(matches!(read, Read::Valid), "{why:?}");
                assert_eq!((fast_end, fast), (end, general), "{why:?}");
            }
            None => assert_eq!(fast, [earlier, None], "{why:?}"),
        }
    }
    // The bare `*` and `*/*` cases are taken, not declined.
    for line in [&b"*"[..], b"*; q=.2", b"*,x", b"*/*;q=0.8"] {
        assert!(
            score_any(line, 0, 1, &mut [None]).is_some(),
            "{:?}",
            core::str::from_utf8(line)
        );
    }
}

/// `relevance`'s comparisons of an element's subtype with an offer's (the
/// prepared offer's word, the octets, the octet after the subtype) score
/// as a naive reading does: each offer's q, alone, prepared or as text, is
/// that of the most specific matching range (the first of those), for
/// subtypes that are prefixes or extensions of the offer's, in other
/// cases, or followed by OWS or other octets.
#[test]
fn subtype_ends_and_case_score_as_a_naive_reading() {
    let headers: [&[u8]; 10] = [
        b"application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        b"application/XML;q=0.5, application/xmlx;q=0.4, application/xm;q=0.3",
        b"APPLICATION/Xml;q=0.6,image/apng,image/AVIF;q=0.7",
        b"application/xml ;q=0.3, application/*;q=0.2",
        b"application/xml\t;q=0.2,text/HTML;q=0.1",
        b"application/xml/x;q=0.9, application/xml;q=0.4",
        b"image/avif+x;q=0.5, image/Avif;q=0.25, image/*;q=0.1",
        b"text/html-;q=0.5, text/html.;q=0.4, text/htm;q=0.3, TEXT/html;q=0.2",
        b"application/json;q=0.3;v=1, application/JSON;q=0.8",
        b"abcdefgh/abcdefgh1;q=0.5, abcdefgh/ABCDEFGH;q=0.4",
    ];
    let offers = [
        "application/xml",
        "application/xhtml+xml",
        "image/avif",
        "image/apng",
        "text/html",
        "application/json",
        "abcdefgh/abcdefgh",
    ];
    for header in headers {
        let accept = Accept::new(header);
        for offer in offers {
            let naive = accept
                .iter()
                .filter_map(Result::ok)
                .filter(|r| r.matches(offer))
                .fold(None::<MediaRange<'_>>, |best, r| match best {
                    Some(b) if b.specificity >= r.specificity => Some(b),
                    _ => Some(r),
                })
                .map(|r| r.quality())
                .filter(|q| q.is_acceptable());
            let prepared = [MediaOffer::new(offer)];
            let mut out = [Choice::default(); 1];
            let got = accept.rank(&prepared, &mut out).first().map(|c| c.quality());
            assert_eq!(got, naive, "{:?} {offer}", core::str::from_utf8(header));
            let mut out = [Choice::default(); 1];
            let text = accept.rank(&[offer], &mut out).first().map(|c| c.quality());
            assert_eq!(text, naive, "{:?} {offer}", core::str::from_utf8(header));
        }
    }
}

/// `may_be_relevant`, the first checks the pass makes on an element (its
/// type's first octet and length, its subtype's first two octets, the
/// second with the case bit set), passes every element that matches an
/// offer, as the naive `MediaRange::matches` reads it: in any case, with a
/// one-octet subtype, at the end of the line or before another element.
#[test]
fn may_be_relevant_passes_every_matching_element() {
    let elements = [
        "text/html",
        "TEXT/HTML",
        "text/HTML;q=0.5",
        "text/hTml",
        "text/x",
        "text/X;q=0.1",
        "text/*",
        "application/xml",
        "application/XML",
        "application/xMl;q=0.9",
        "application/xhtml+xml",
        "a/b",
        "A/B",
        "image/avif",
        "image/*;q=0.2",
        "text/h",
        "t/h",
        "T/H",
        "text/h-",
        "text/h;level=1",
    ];
    let offers = [
        "text/html",
        "text/x",
        "application/xml",
        "a/b",
        "image/avif",
        "text/h",
        "t/h",
        "text/*",
        "text/h-",
    ];
    for element in elements {
        for tail in ["", ",x/y", ", */*"] {
            let line = std::format!("{element}{tail}");
            let line = line.as_bytes();
            for offer in offers {
                if range(element).matches(offer) {
                    let prepared = [MediaOffer::new(offer)];
                    assert!(
                        may_be_relevant(line, 0, line[0], &prepared),
                        "{element:?}{tail:?} {offer}"
                    );
                }
            }
        }
    }
}

/// `score_plain` (an offer's type and subtype, or the type and `*`, alone
/// or with a lone weight) scores as `score_general`, the path that parses,
/// does, and ends the element at the same place; what it declines with an
/// offer named, `score_general` told that offer scores as it would have
/// found it. Offers prepared and as text, elements in other cases, with
/// OWS, parameters, other weights, prefixes and extensions of the offers'
/// tokens, at the end of the line or before a `,`.
#[test]
fn score_plain_agrees_with_score_general() {
    use crate::accept::media::score::{Read, score_general, score_plain};
    let elements: [&[u8]; 30] = [
        b"text/html",
        b"text/html,image/png",
        b"TEXT/Html;q=0.5",
        b"text/html;Q=0.5,x",
        b"text/html;q=1.5",
        b"text/html;q=0.123",
        b"text/html;q=0.1234",
        b"text/html;level=1",
        b"text/html;level=1;q=0.4",
        b"text/html ;q=0.5",
        b"text/html;q=0.5 ",
        b"text/htmlx",
        b"text/htm",
        b"text/html+xml;q=0.3",
        b"text/*",
        b"TEXT/*;q=0.3,text/html",
        b"text/*;charset=utf-8",
        b"text/*x",
        b"text/**",
        b"*/*;q=0.2",
        b"*/html",
        b"application/xml;q=0.9",
        b"application/XML;q=0.9,*/*",
        b"application/xhtml+xml",
        b"application/*;q=0.6",
        b"application/json;version=2;q=1.0",
        b"text/plain;q=",
        b"text/plain;q=0.",
        b"image/png;q=0",
        b"text/",
    ];
    let texts = [
        "text/html",
        "application/xml",
        "text/plain;charset=utf-8",
        "image/png",
        "text/*",
    ];
    let prepared = texts.map(MediaOffer::new);
    let parsed = texts.map(|t| crate::accept::media::offer::parse_offer(t.as_bytes()).unwrap());
    let earlier = Some((Quality::from_thousandths(300).unwrap(), 1 << 8, 0));
    let scores = [earlier, None, None, earlier, None];
    for line in elements {
        let why = core::str::from_utf8(line);
        for start in [0, 1] {
            // The element at `start`, after a `,` when it is 1.
            let owned = [&b","[..], line].concat();
            let line = if start == 0 { line } else { &owned[..] };
            let general = |named| {
                let mut out = scores;
                let (end, read) = score_general(line, start, 1, &prepared, &mut out, named);
                (end, read as u8, out)
            };
            let want = general(None);
            let mut fast = scores;
            match score_plain(line, start, 1, &prepared, &mut fast) {
                Ok(end) => assert_eq!((end, Read::Valid as u8, fast), want, "{why:?}"),
                Err(named) => {
                    assert_eq!(fast, scores, "{why:?}");
                    assert_eq!(general(named), want, "{why:?}");
                }
            }
            // Offers as text take the same path, without the words.
            let mut text = scores;
            let mut text_general = scores;
            let want_text = score_general(line, start, 1, &parsed, &mut text_general, None);
            match score_plain(line, start, 1, &parsed, &mut text) {
                Ok(end) => assert_eq!((end, text), (want_text.0, text_general), "{why:?}"),
                Err(named) => {
                    assert_eq!(text, scores, "{why:?}");
                    let mut again = scores;
                    let got = score_general(line, start, 1, &parsed, &mut again, named);
                    assert_eq!(
                        (got.0, got.1 as u8, again),
                        (want_text.0, want_text.1 as u8, text_general),
                        "{why:?}"
                    );
                }
            }
        }
    }
    // The common shapes are taken, not declined.
    for line in [
        &b"text/html"[..],
        b"application/xml;q=0.9",
        b"text/*;q=0.5,x",
        b"IMAGE/PNG",
    ] {
        assert!(
            score_plain(line, 0, 1, &prepared, &mut [None; 5]).is_ok(),
            "{:?}",
            core::str::from_utf8(line)
        );
    }
}
