//! The input layout of the `Accept*` fuzz targets: the first byte picks how
//! many of the target's fixed offers to use, the rest is the header value
//! (split at 0xFF into up to four field lines).
//!
//! Included with `#[path = "input.rs"] mod input;` (by `accept.rs` and by
//! `token_common.rs`); it is not a target of its own.

#![allow(dead_code)] // each includer uses part of it

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

    /// The field lines as UTF-8 text, joined with `,` into one value, when
    /// that value reads as the lines do: every line is UTF-8 and none ends
    /// inside a quoted string (a quote left open would run on into the next
    /// line). `None` otherwise.
    pub fn joined_text(&self) -> Option<String> {
        let mut text = String::new();
        for (i, line) in self.lines[..self.n].iter().enumerate() {
            let line = core::str::from_utf8(line).ok()?;
            if ends_quoted(line) {
                return None;
            }
            if i > 0 {
                text.push(',');
            }
            text.push_str(line);
        }
        Some(text)
    }

    /// The field lines as UTF-8 strings, when every line is UTF-8.
    pub fn text_lines(&self) -> Option<Vec<String>> {
        self.lines[..self.n]
            .iter()
            .map(|l| core::str::from_utf8(l).ok().map(str::to_string))
            .collect()
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

/// Does `line` end inside a quoted string (a `"` opens one, a backslash in
/// one escapes the next character, a `"` closes it)?
fn ends_quoted(line: &str) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    for c in line.chars() {
        if quoted {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                quoted = false;
            }
        } else if c == '"' {
            quoted = true;
        }
    }
    quoted
}
