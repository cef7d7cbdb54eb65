//! Fuzz `AcceptCharset`: the shared token-field checks (`token_common.rs`)
//! with charset offers, plus: an invalid charset offer is never selected.
//!
//! Input layout: the first byte picks how many of the fixed offers to use,
//! the rest is the header value (split at 0xFF into several field lines).
#![no_main]

#[path = "token_common.rs"]
mod common;

use conneg::{AcceptCharset, Negotiation};

const OFFERS: [&str; 8] = [
    "utf-8",
    "iso-8859-1",
    "UTF-16",
    "utf8",
    "*",
    "windows-1252",
    "bad charset",
    "us-ascii",
];

common::token_target!(
    AcceptCharset,
    common::naive::Field::Charset,
    OFFERS,
    |_: &AcceptCharset, offers: &[&str], chosen: Negotiation, _: Option<&[String]>| {
        if let Some(index) = chosen.index() {
            assert_ne!(offers[index], "bad charset", "selected an invalid charset");
        }
    }
);
