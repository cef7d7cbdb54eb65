//! A naive, allocating reading of `If-Match` / `If-None-Match` lists
//! (RFC 9110 §13.1.1, §13.1.2, §8.8.3) with the crate's documented policies
//! (`conneg::etag::EntityTagList`): the oracle of `tests/etag_list_props.rs`
//! and of the `etag_list` fuzz target (which includes this file with
//! `#[path = "../../tests/naive_etag/mod.rs"]`).
//!
//! Written the slow, obvious way and independently of `src/etag/`: split
//! every line at the commas outside double quotes (entity-tags have no
//! quoted-pairs), trim each piece, drop the empty ones, and read each piece
//! whole as `*`, `"opaque"` or `W/"opaque"`; anything else is one malformed
//! member.

#![allow(dead_code)]

/// One member of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Any,
    Tag { weak: bool, opaque: Vec<u8> },
    Malformed,
}

/// What the list says about the current representation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Absent,
    Any,
    Matched,
    NotMatched,
    Invalid,
}

fn is_etagc(b: u8) -> bool {
    b == 0x21 || (0x23..=0x7E).contains(&b) || b >= 0x80
}

fn trim_ows(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(start, |i| i + 1);
    &s[start..end.max(start)]
}

/// The pieces of `line` between the commas outside double quotes (a quote
/// that is never closed runs to the end of the line).
fn split_outside_quotes(line: &[u8]) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, &b) in line.iter().enumerate() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == b',' && !quoted {
            pieces.push(&line[start..i]);
            start = i + 1;
        }
    }
    pieces.push(&line[start..]);
    pieces
}

/// Reads one trimmed, non-empty piece.
pub fn item(piece: &[u8]) -> Item {
    if piece == b"*" {
        return Item::Any;
    }
    let (weak, rest) = match piece.strip_prefix(b"W/") {
        Some(rest) => (true, rest),
        None => (false, piece),
    };
    let inner = rest.strip_prefix(b"\"").and_then(|r| r.strip_suffix(b"\""));
    match inner {
        Some(opaque) if opaque.iter().all(|&b| is_etagc(b)) => Item::Tag {
            weak,
            opaque: opaque.to_vec(),
        },
        _ => Item::Malformed,
    }
}

/// Every member of every line, in order.
pub fn items(lines: &[&[u8]]) -> Vec<Item> {
    lines
        .iter()
        .flat_map(|line| split_outside_quotes(line))
        .map(trim_ows)
        .filter(|p| !p.is_empty())
        .map(item)
        .collect()
}

/// Strict mode: every member valid, and `*` only alone.
pub fn valid(lines: &[&[u8]]) -> bool {
    let items = items(lines);
    !items.contains(&Item::Malformed) && (!items.contains(&Item::Any) || items.len() == 1)
}

/// The list (`None`, or no lines: absent) against the current entity-tag
/// `current` (`(weak, opaque)`), `exists` whether there is a current
/// representation, `weak_comparison` the comparison (RFC 9110 §8.8.3.2).
pub fn matches(
    lines: Option<&[&[u8]]>,
    current: Option<(bool, &[u8])>,
    exists: bool,
    weak_comparison: bool,
) -> Answer {
    let lines = match lines {
        None | Some([]) => return Answer::Absent,
        Some(l) => l,
    };
    let items = items(lines);
    if items.contains(&Item::Any) {
        return if items.len() > 1 {
            Answer::Invalid
        } else if exists {
            Answer::Any
        } else {
            Answer::NotMatched
        };
    }
    let equal = |weak: bool, opaque: &[u8]| match current {
        Some((cur_weak, cur)) => (weak_comparison || (!weak && !cur_weak)) && opaque == cur,
        None => false,
    };
    let found = items.iter().any(|i| match i {
        Item::Tag { weak, opaque } => equal(*weak, opaque),
        _ => false,
    });
    if exists && found {
        Answer::Matched
    } else {
        Answer::NotMatched
    }
}
