//! A naive, allocating evaluation of the `Range` field (RFC 9110 §14.1.1,
//! §14.2) with the crate's documented policies (`conneg::Range`, and the
//! rules behind the vectors' answers in `tests/data/README.md`): the oracle
//! of `tests/ranges.rs` and of the `range` and `tower_body` fuzz targets
//! (which include this file with `#[path = "../../tests/naive_range/mod.rs"]`).
//!
//! Written the slow, obvious way and independently of `src/range.rs`: split
//! the value at `=` and `,`, read each spec with `split_once('-')` and plain
//! digit checks, resolve each against the length, then apply the limits one
//! after the other over owned vectors.
//!
//! Where the policy leaves an order open (a request that is both empty-bodied
//! and over the spec limit, say), the reason reported follows the order the
//! `Ignored` variants are documented in: invalid, empty representation, too
//! many specs, then — with at least one satisfiable range — overlap, total.

#![allow(dead_code)]

/// One range-spec as written; numbers saturate at `u64::MAX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spec {
    FromTo(u64, u64),
    From(u64),
    Suffix(u64),
}

/// Why the field is ignored (the full 200).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    Absent,
    Invalid,
    Empty,
    TooMany,
    Overlapping,
    TooLarge,
}

/// The answer: 200 (with the reason), 206 with inclusive `(first, last)`
/// pairs in request order (or coalesced), or 416.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Ignore(Why),
    Partial(Vec<(u64, u64)>),
    Unsatisfiable,
}

impl Answer {
    pub fn status(&self) -> u16 {
        match self {
            Answer::Ignore(_) => 200,
            Answer::Partial(_) => 206,
            Answer::Unsatisfiable => 416,
        }
    }
}

/// The server's limits (`Range::max_ranges`, `max_overlap`, `limit_total`,
/// `coalesce`) and `room`, the number of ranges the caller's output holds.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    pub max_ranges: usize,
    pub max_overlap: usize,
    pub limit_total: bool,
    pub coalesce: Option<u64>,
    pub room: usize,
}

impl Default for Policy {
    /// The defaults: 16 specs, 2 ranges over one byte, total ≤ length, no
    /// coalescing, room for 16.
    fn default() -> Self {
        Policy {
            max_ranges: 16,
            max_overlap: 2,
            limit_total: true,
            coalesce: None,
            room: 16,
        }
    }
}

fn trim_ows(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(start, |i| i + 1);
    &s[start..end.max(start)]
}

/// A run of one or more digits, saturating; `None` for anything else.
fn number(s: &[u8]) -> Option<u64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let text = std::str::from_utf8(s).ok()?;
    Some(text.parse::<u64>().unwrap_or(u64::MAX))
}

fn split_once(s: &[u8], sep: u8) -> Option<(&[u8], &[u8])> {
    let i = s.iter().position(|&b| b == sep)?;
    Some((&s[..i], &s[i + 1..]))
}

/// The specs of the field (`None` or no lines: absent), or why it is ignored
/// before any length is looked at (absent, invalid).
pub fn parse(lines: Option<&[&[u8]]>) -> Result<Vec<Spec>, Why> {
    let lines = match lines {
        None | Some([]) => return Err(Why::Absent),
        Some(l) => l,
    };
    // `Range` is a singleton field: several lines are invalid.
    let [value] = lines else { return Err(Why::Invalid) };
    let (unit, set) = split_once(trim_ows(value), b'=').ok_or(Why::Invalid)?;
    if !unit.eq_ignore_ascii_case(b"bytes") {
        return Err(Why::Invalid);
    }
    let mut specs = Vec::new();
    for element in set.split(|&b| b == b',') {
        let e = trim_ows(element);
        if e.is_empty() {
            continue; // empty list elements are allowed (RFC 9110 §5.6.1)
        }
        let (a, b) = split_once(e, b'-').ok_or(Why::Invalid)?;
        let spec = if a.is_empty() {
            Spec::Suffix(number(b).ok_or(Why::Invalid)?)
        } else {
            let first = number(a).ok_or(Why::Invalid)?;
            if b.is_empty() {
                Spec::From(first)
            } else {
                match number(b) {
                    Some(last) if last >= first => Spec::FromTo(first, last),
                    _ => return Err(Why::Invalid),
                }
            }
        };
        specs.push(spec);
    }
    if specs.is_empty() {
        return Err(Why::Invalid);
    }
    Ok(specs)
}

/// The bytes a spec selects in a representation of `length` bytes, or
/// `None` when it selects none.
pub fn resolve(spec: Spec, length: u64) -> Option<(u64, u64)> {
    if length == 0 {
        return None;
    }
    match spec {
        Spec::FromTo(f, l) if f < length => Some((f, l.min(length - 1))),
        Spec::From(f) if f < length => Some((f, length - 1)),
        Spec::Suffix(n) if n > 0 => Some((length.saturating_sub(n), length - 1)),
        _ => None,
    }
}

/// Are two ranges overlapping or at most `gap` bytes apart?
fn near(a: (u64, u64), b: (u64, u64), gap: u64) -> bool {
    let (a0, a1) = (u128::from(a.0), u128::from(a.1));
    let (b0, b1) = (u128::from(b.0), u128::from(b.1));
    let gap = u128::from(gap);
    a0 <= b1 + gap + 1 && b0 <= a1 + gap + 1
}

/// Groups the ranges that are near each other, directly or through others,
/// and replaces each group by the range spanning it, at the place of the
/// group's earliest member.
pub fn coalesce(ranges: &[(u64, u64)], gap: u64) -> Vec<(u64, u64)> {
    let n = ranges.len();
    // group[i]: the earliest member of i's group.
    let mut group: Vec<usize> = (0..n).collect();
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..n {
            for j in 0..n {
                if near(ranges[i], ranges[j], gap) && group[i] != group[j] {
                    let g = group[i].min(group[j]);
                    let (gi, gj) = (group[i], group[j]);
                    for x in group.iter_mut() {
                        if *x == gi || *x == gj {
                            *x = g;
                        }
                    }
                    changed = true;
                }
            }
        }
    }
    let mut out = Vec::new();
    for leader in 0..n {
        let members: Vec<(u64, u64)> = (0..n)
            .filter(|&i| group[i] == leader)
            .map(|i| ranges[i])
            .collect();
        if !members.is_empty() {
            let first = members.iter().map(|r| r.0).min().unwrap();
            let last = members.iter().map(|r| r.1).max().unwrap();
            out.push((first, last));
        }
    }
    out
}

/// The most ranges covering one byte (the count can only rise at a range's
/// first byte, so those are the bytes to look at).
pub fn depth(ranges: &[(u64, u64)]) -> usize {
    ranges
        .iter()
        .map(|&(p, _)| ranges.iter().filter(|&&(f, l)| f <= p && p <= l).count())
        .max()
        .unwrap_or(0)
}

/// Evaluates the field against a representation of `length` bytes.
pub fn evaluate(lines: Option<&[&[u8]]>, length: u64, policy: &Policy) -> Answer {
    let specs = match parse(lines) {
        Ok(s) => s,
        Err(why) => return Answer::Ignore(why),
    };
    if length == 0 {
        return Answer::Ignore(Why::Empty);
    }
    let ranges: Vec<(u64, u64)> = specs.iter().filter_map(|&s| resolve(s, length)).collect();
    if specs.len() > policy.max_ranges || ranges.len() > policy.room {
        return Answer::Ignore(Why::TooMany);
    }
    if ranges.is_empty() {
        return Answer::Unsatisfiable;
    }
    let ranges = match policy.coalesce {
        Some(gap) => coalesce(&ranges, gap),
        None => ranges,
    };
    if depth(&ranges) > policy.max_overlap {
        return Answer::Ignore(Why::Overlapping);
    }
    let total: u128 = ranges.iter().map(|&(f, l)| u128::from(l - f) + 1).sum();
    if policy.limit_total && total > u128::from(length) {
        return Answer::Ignore(Why::TooLarge);
    }
    Answer::Partial(ranges)
}

/// [`evaluate`] of one field line with the default policy.
pub fn evaluate_one(value: &[u8], length: u64) -> Answer {
    evaluate(Some(&[value]), length, &Policy::default())
}
