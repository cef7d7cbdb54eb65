//! Fuzz `AcceptEncoding`: the shared token-field checks (`token_common.rs`)
//! with content-coding offers, plus: an invalid coding is never selected, and
//! an empty field accepts only identity.
//!
//! Input layout: the first byte picks how many of the fixed offers to use,
//! the rest is the header value (split at 0xFF into several field lines).
#![no_main]

#[path = "token_common.rs"]
mod common;

use conneg::{AcceptEncoding, Negotiation};

const OFFERS: [&str; 8] = [
    "gzip",
    "br",
    "identity",
    "x-compress",
    "zstd",
    "deflate",
    "*",
    "bad coding",
];

common::token_target!(
    AcceptEncoding,
    common::naive::Field::Encoding,
    OFFERS,
    |field: &AcceptEncoding, offers: &[&str], chosen: Negotiation, _: Option<&[String]>| {
        // Only the offers can be chosen: an invalid offer never, and without an
        // identity offer an empty field (identity only) accepts nothing.
        if let Some(index) = chosen.index() {
            assert_ne!(offers[index], "bad coding", "selected an invalid coding");
        }
        let empty = !field.is_absent() && field.iter().next().is_none();
        if empty {
            let identity = offers.iter().position(|o| o.eq_ignore_ascii_case("identity"));
            assert_eq!(chosen.index(), identity, "an empty field asks for identity only");
        }
    }
);
