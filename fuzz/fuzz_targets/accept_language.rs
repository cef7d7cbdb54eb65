//! Fuzz `AcceptLanguage`: the shared token-field checks (`token_common.rs`)
//! with language-tag offers, plus RFC 4647 Lookup (invariants, and the naive
//! oracle's Lookup on text input).
//!
//! Input layout: the first byte picks how many of the fixed offers to use,
//! the rest is the header value (split at 0xFF into several field lines).
#![no_main]

#[path = "token_common.rs"]
mod common;

use conneg::{AcceptLanguage, Negotiation};

const OFFERS: [&str; 8] = [
    "en",
    "en-US",
    "de-DE-1996",
    "zh-Hant-TW",
    "fr",
    "en_US",
    "*",
    "EN-gb",
];

common::token_target!(
    AcceptLanguage,
    common::naive::Field::Language,
    OFFERS,
    |field: &AcceptLanguage, offers: &[&str], _: Negotiation, text: Option<&[String]>| {
        // Lookup: an index into the offers, a matched q > 0, the default only when
        // it is one, and never an offer the field excludes with q=0.
        for default in [
            None,
            Some(0),
            Some(offers.len().saturating_sub(1)),
            Some(offers.len()),
        ] {
            match field.lookup(offers, default) {
                conneg::accept::Lookup::Matched { index, quality } => {
                    assert!(index < offers.len(), "lookup index out of range");
                    assert!(quality.is_acceptable(), "lookup matched a q=0 range");
                    let excluded = field.iter().flatten().any(|r| {
                        !r.quality().is_acceptable() && r.value().eq_ignore_ascii_case(offers[index])
                    });
                    assert!(!excluded, "lookup returned an offer the field excludes");
                }
                conneg::accept::Lookup::Default(i) => {
                    assert_eq!(Some(i), default.filter(|&d| d < offers.len()))
                }
                conneg::accept::Lookup::NotAcceptable => assert!(default.is_none_or(|d| d >= offers.len())),
            }
            // RFC 4647 Lookup against the naive oracle.
            if let Some(text) = text {
                let got = match field.lookup(offers, default) {
                    conneg::accept::Lookup::Matched { index, quality } => {
                        common::naive::Lookup::Matched(index, quality.thousandths())
                    }
                    conneg::accept::Lookup::Default(i) => common::naive::Lookup::Default(i),
                    conneg::accept::Lookup::NotAcceptable => common::naive::Lookup::NotAcceptable,
                };
                let want = common::naive::lookup(Some(text), offers, default);
                assert_eq!(got, want, "lookup: {text:?} {offers:?} default {default:?}");
            }
        }
    }
);
