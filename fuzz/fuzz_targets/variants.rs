//! Fuzz multi-axis variant selection: arbitrary Accept, Accept-Language,
//! Accept-Encoding and Accept-Charset values against a fixed variant set
//! (and a prefix of it), asserting the invariants of the outcome.
//!
//! Input layout: byte 0 picks how many variants (prefix of the set) and the
//! fallback; the rest is split at 0xFF into the four field values (a missing
//! part is an absent field).
//!
//! Compared with the composition of the field-level answers the selection
//! is documented to be: per variant, the product of its server quality and
//! the `quality_of` each field gives its media type, language, charset and
//! coding (an axis the variant leaves unset is a factor of 1; an unencoded
//! variant whose identity the `Accept-Encoding` field neither names nor
//! covers with `*` is a factor of 1, N-44). The selected variant has the
//! highest product (never zero) and the quality that product scales to;
//! with `TieBreak::ServerOrder` it is the first with that product; nothing
//! is acceptable exactly when every product is zero.
#![no_main]

use conneg::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, Alternatives, ContentNegotiation, FieldLines,
    TieBreak, Variant, VariantSet, negotiate::Fallback, negotiate::VariantChoice,
};
use libfuzzer_sys::fuzz_target;

const VARIANTS: [Variant<'static>; 10] = [
    Variant::new("text/html")
        .with_language("en")
        .with_charset("utf-8"),
    Variant::new("text/html")
        .with_language("en")
        .with_encoding("gzip"),
    Variant::new("text/html").with_language("ko"),
    Variant::new("application/json").with_language("en"),
    Variant::new("application/json").with_encoding("br"),
    Variant::new("text/plain;format=flowed").with_charset("iso-8859-1"),
    Variant::new("image/*"),
    Variant::new("bogus").with_language("en_US"),
    Variant::new("text/html")
        .with_language("zh-Hant-TW")
        .with_uri("/\"zh\"<&>"),
    Variant::new("text/html").with_quality(match conneg::Quality::from_thousandths(300) {
        Some(q) => q,
        None => conneg::Quality::ONE,
    }),
];

const FIELDS: [&str; 4] = ["Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let variants = &VARIANTS[..usize::from(pick & 0x0F) % (VARIANTS.len() + 1)];
    let fallback = if pick & 0x80 != 0 {
        Fallback::FirstVariant
    } else {
        Fallback::NotAcceptable
    };

    let mut parts = rest.splitn(4, |&b| b == 0xFF);
    let mut next = || FieldLines::from_option(parts.next());
    let (accept, language, encoding, charset) = (
        Accept::from_field(next()),
        AcceptLanguage::from_field(next()),
        AcceptEncoding::from_field(next()),
        AcceptCharset::from_field(next()),
    );
    let request = ContentNegotiation::new()
        .accept(accept)
        .accept_language(language)
        .accept_encoding(encoding)
        .accept_charset(charset)
        .fallback(fallback);
    let selection = request.select(variants);

    // The composition of the field-level answers.
    let identity_named = encoding
        .iter()
        .flatten()
        .any(|p| p.value().eq_ignore_ascii_case("identity") || p.value() == "*");
    // `quality_of` asks about one language alone, so RFC 4647 Lookup (the
    // fallback when filtering accepts none of the offers) applies to it
    // where the selection, deciding over every variant, may not. Where the
    // two readings differ the product oracle does not model the set-level
    // fallback: only the checks after it apply. (With a variant that names
    // no language the selection never falls back, while the ranking of the
    // named languages alone might: skipped too.)
    let langs: Vec<&str> = variants.iter().filter_map(|v| v.language()).collect();
    let mut in_set = [conneg::accept::Choice::default(); 64];
    let ranked_langs = language.rank(&langs, &mut in_set);
    let lookup_involved = langs.iter().enumerate().any(|(i, l)| {
        let alone = language.quality_of(l);
        let together = ranked_langs
            .iter()
            .find(|c| c.index() == i)
            .map_or(conneg::Quality::ZERO, |c| c.quality());
        alone != together
    }) || (variants.iter().any(|v| v.language().is_none()) && !language.is_absent());
    let products: Vec<u64> = variants
        .iter()
        .map(|v| {
            let media = u64::from(accept.quality_of(v.media_type()).thousandths());
            let lang = v
                .language()
                .map_or(1000, |l| u64::from(language.quality_of(l).thousandths()));
            let cs = v
                .charset()
                .map_or(1000, |c| u64::from(charset.quality_of(c).thousandths()));
            let coding = v.encoding().unwrap_or("identity");
            let enc = if coding.eq_ignore_ascii_case("identity") && !identity_named {
                1000
            } else {
                u64::from(encoding.quality_of(coding).thousandths())
            };
            u64::from(v.quality().thousandths()) * media * lang * cs * enc
        })
        .collect();
    let max = products.iter().copied().max().unwrap_or(0);
    if !lookup_involved {
        match selection.choice() {
            VariantChoice::Selected { index, quality } if max > 0 => {
                assert_eq!(products[index], max, "not the best product: {products:?} {index}");
                let scaled = (max / 1_000_000_000_000).clamp(1, 1000) as u16;
                assert_eq!(quality.thousandths(), scaled, "{products:?}");
            }
            VariantChoice::Selected { index, .. } => {
                // Nothing acceptable with the language axis: the language
                // fallback disregarded Accept-Language (every variant names a
                // language, none acceptable even by Lookup); the selected
                // variant is acceptable on every other axis.
                assert!(
                    variants.iter().all(|v| v.language().is_some()),
                    "{products:?} {index}"
                );
                let v = &variants[index];
                let others = u64::from(accept.quality_of(v.media_type()).thousandths())
                    * v.charset()
                        .map_or(1000, |c| u64::from(charset.quality_of(c).thousandths()))
                    * u64::from(v.quality().thousandths());
                assert!(
                    others > 0,
                    "disregarding Accept-Language chose an unacceptable variant"
                );
            }
            VariantChoice::Disregarded { .. } | VariantChoice::NotAcceptable => {
                assert_eq!(max, 0, "an acceptable variant was not selected: {products:?}")
            }
        }
        let first_best = products.iter().position(|&p| p == max).filter(|_| max > 0);
        let server = request.tie_break(TieBreak::ServerOrder).select(variants);
        match server.choice() {
            // (With no acceptable product the language fallback may select; the
            // arm above checked that case for the default tie-break.)
            VariantChoice::Selected { index, .. } if max > 0 => {
                assert_eq!(Some(index), first_best, "server order")
            }
            VariantChoice::Selected { .. } => {}
            _ => assert_eq!(first_best, None),
        }
    }

    match selection.choice() {
        VariantChoice::Selected { index, quality } => {
            assert!(index < variants.len(), "index in range");
            assert!(quality.is_acceptable(), "a selected variant has q > 0");
            assert_ne!(
                variants[index].quality().thousandths(),
                0,
                "qs=0 is never selected"
            );
            assert_eq!(selection.status(), 200);
        }
        VariantChoice::Disregarded { index } => {
            assert_eq!(index, 0);
            assert_eq!(fallback, Fallback::FirstVariant);
            assert!(!variants.is_empty());
            assert_eq!(selection.status(), 200);
        }
        VariantChoice::NotAcceptable => {
            assert_eq!(selection.status(), 406);
            assert!(fallback == Fallback::NotAcceptable || variants.is_empty());
        }
    }

    // Vary names only real fields, each once, and depends only on the
    // variants and the policy (under the 406 policy it also names the fields
    // that could refuse every variant).
    let vary = selection.vary().as_str();
    if !vary.is_empty() {
        let names: Vec<&str> = vary.split(", ").collect();
        assert!(names.iter().all(|n| FIELDS.contains(n)), "{vary:?}");
        let mut sorted = names.clone();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
    }
    assert_eq!(
        selection.vary(),
        ContentNegotiation::new()
            .fallback(fallback)
            .select(variants)
            .vary()
    );
    // Variants prepared once (`VariantSet`, planned by the `const fn`) give
    // the same selection as the per-call plan.
    let set = VariantSet::new(variants);
    assert_eq!(request.select(&set), selection);
    // `VariantSet::vary` is the value under the default (406) policy.
    if fallback == Fallback::NotAcceptable {
        assert_eq!(set.vary(), selection.vary());
    }

    // The 406 body is JSON whatever the variants hold.
    let body = Alternatives::problem_json(variants).to_string();
    let json: serde_json::Value = serde_json::from_str(&body).expect("problem+json parses");
    assert_eq!(json["status"], 406);
    assert_eq!(
        json["alternatives"].as_array().map(Vec::len),
        Some(variants.len())
    );
});
