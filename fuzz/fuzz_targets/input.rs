//! The input layout of the `Accept*` fuzz targets: the first byte picks how
//! many of the target's fixed offers to use, the rest is the header value
//! (split at 0xFF into up to four field lines).
//!
//! Included with `#[path = "input.rs"] mod input;` (by `accept.rs` and by
//! `token_common.rs`); it is not a target of its own.

use conneg::{FieldLines, ParseError};

pub struct Input<'a> {
    /// The first `pick % (len + 1)` of the target's offers.
    pub offers: &'a [&'static str],
    lines: [&'a [u8]; 4],
    n: usize,
}

impl<'a> Input<'a> {
    /// `None` for empty data (no pick byte).
    pub fn split(data: &'a [u8], all_offers: &'a [&'static str]) -> Option<Self> {
        let (&pick, header) = data.split_first()?;
        let offers = &all_offers[..usize::from(pick) % (all_offers.len() + 1)];
        let mut lines: [&[u8]; 4] = [b""; 4];
        let mut n = 0;
        for line in header.splitn(4, |&b| b == 0xFF) {
            lines[n] = line;
            n += 1;
        }
        Some(Input { offers, lines, n })
    }

    /// The field lines, to build the field under test from.
    pub fn field(&self) -> FieldLines<'_> {
        FieldLines::many(&self.lines[..self.n])
    }

    /// A strict-mode error points inside the input: its line exists and its
    /// offset is within that line.
    pub fn assert_error_in_range(&self, err: &ParseError) {
        assert!(err.line() < self.n, "error line in range");
        assert!(
            err.offset() <= self.lines[err.line()].len(),
            "error offset in range"
        );
    }
}
