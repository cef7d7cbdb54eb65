//! Fuzz `If-Match` / `If-None-Match` lists. Input: a flags byte, then the
//! opaque part of a current entity-tag, then up to four field lines, all
//! separated by 0xFF (no line at all: the field is absent).
//!
//! Compares `EntityTagList::matches` with the naive list reading of
//! `tests/naive_etag/mod.rs` (shared with `tests/etag_list_props.rs`) for
//! every current tag tried (none, the input's, each of the first listed
//! tags), both comparisons and both `exists`; and, for a single line, the
//! one-line fast path (`FieldLines::one(line)`) with the general walk (the
//! same line then an empty one, `FieldLines::many(&[line, b""])`, which adds
//! no member). Also: every valid member re-renders to text that parses to
//! the same tag; strict validation agrees with the naive reading and with
//! lenient iteration; error positions are inside their line.
#![no_main]

#[path = "../../tests/naive_etag/mod.rs"]
mod naive;

use conneg::{EntityTag, FieldLines, etag::Comparison, etag::EntityTagList, etag::ListMatch, etag::Member};
use libfuzzer_sys::fuzz_target;

fn answer(m: ListMatch) -> naive::Answer {
    match m {
        ListMatch::Absent => naive::Answer::Absent,
        ListMatch::Any => naive::Answer::Any,
        ListMatch::Matched => naive::Answer::Matched,
        ListMatch::NotMatched => naive::Answer::NotMatched,
        ListMatch::Invalid => naive::Answer::Invalid,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let mut parts = rest.splitn(5, |&b| b == 0xFF);
    let own_opaque = parts.next().unwrap_or_default();
    let mut lines: [&[u8]; 4] = [b""; 4];
    let mut n = 0;
    for line in parts {
        lines[n] = line;
        n += 1;
    }
    let lines = &lines[..n];
    let field = FieldLines::many(lines);
    let list = EntityTagList::from_field(field);

    let (mut stars, mut tags, mut errors) = (0usize, 0usize, 0usize);
    let mut listed: Vec<EntityTag<'_>> = Vec::new();
    for member in list.iter() {
        match member {
            Ok(Member::Any) => stars += 1,
            Ok(Member::Tag(tag)) => {
                tags += 1;
                if listed.len() < 3 {
                    listed.push(tag);
                }
                // Round trip: the raw text of a valid member parses to itself.
                let mut text = Vec::new();
                if tag.is_weak() {
                    text.extend_from_slice(b"W/");
                }
                text.push(b'"');
                text.extend_from_slice(tag.opaque());
                text.push(b'"');
                assert_eq!(EntityTag::parse(&text), Ok(tag));
                assert!(!tag.opaque().contains(&b'"') && !tag.opaque().contains(&b' '));
            }
            Err(e) => {
                errors += 1;
                assert!(e.line() < n && e.offset() <= lines[e.line()].len());
            }
        }
    }
    let total = stars + tags + errors;
    let strict_ok = list.validate().is_ok();
    assert_eq!(
        strict_ok,
        errors == 0 && (stars == 0 || total == 1),
        "strict vs lenient"
    );
    if n > 0 {
        assert_eq!(strict_ok, naive::valid(lines), "validate: {lines:?}");
    }

    // The current tags to try: none, the input's own (weak per flags bit 0),
    // and the first listed tags.
    let mut own = Vec::new();
    if flags & 1 != 0 {
        own.extend_from_slice(b"W/");
    }
    own.push(b'"');
    own.extend_from_slice(own_opaque);
    own.push(b'"');
    let mut currents: Vec<Option<EntityTag<'_>>> = vec![None];
    if let Ok(tag) = EntityTag::parse(&own) {
        currents.push(Some(tag));
    }
    currents.extend(listed.iter().copied().map(Some));

    let naive_lines = (n > 0).then_some(lines);
    for current in &currents {
        let cur = current.map(|t| (t.is_weak(), t.opaque()));
        for exists in [true, false] {
            for (cmp, weak) in [(Comparison::Strong, false), (Comparison::Weak, true)] {
                let got = list.matches(current.as_ref(), exists, cmp);
                let want = naive::matches(naive_lines, cur, exists, weak);
                assert_eq!(
                    answer(got),
                    want,
                    "{cmp:?} exists {exists} current {current:?} lines {lines:?}"
                );
                if let [line] = lines {
                    let two: [&[u8]; 2] = [line, b""];
                    let general = EntityTagList::from_field(FieldLines::many(&two)).matches(
                        current.as_ref(),
                        exists,
                        cmp,
                    );
                    let fast = EntityTagList::from_field(FieldLines::one(line)).matches(
                        current.as_ref(),
                        exists,
                        cmp,
                    );
                    assert_eq!(
                        fast, general,
                        "fast path vs general walk: {cmp:?} {current:?} {line:?}"
                    );
                    assert_eq!(fast, got);
                }
            }
        }
    }

    // The invariants that need no oracle.
    for cmp in [Comparison::Strong, Comparison::Weak] {
        let first = listed.first();
        let got = list.matches(first, true, cmp);
        if stars > 0 && total > 1 {
            assert_eq!(got, ListMatch::Invalid);
        } else if stars == 1 {
            assert_eq!(got, ListMatch::Any);
            assert_eq!(list.matches(None, false, cmp), ListMatch::NotMatched);
        } else if let Some(t) = first {
            // The list contains this tag, so it matches weakly, and strongly iff strong.
            let want = cmp == Comparison::Weak || !t.is_weak();
            assert_eq!(got == ListMatch::Matched, want, "{cmp:?}");
        } else if n > 0 {
            assert_eq!(got, ListMatch::NotMatched);
        }
        assert_ne!(list.matches(None, true, cmp), ListMatch::Matched);
    }
});
