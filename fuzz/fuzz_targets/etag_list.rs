//! Fuzz `If-Match` / `If-None-Match` lists: arbitrary bytes split at 0xFF into
//! field lines. Asserts: every valid member re-renders to text that parses to
//! the same tag; the lenient evaluation agrees with a recount of the members;
//! strict validation succeeds exactly when lenient iteration sees no error and
//! `*` stands alone; error positions are inside their line.
#![no_main]

use conneg::{EntityTag, FieldLines, etag::Comparison, etag::EntityTagList, etag::ListMatch, etag::Member};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut lines: [&[u8]; 4] = [b""; 4];
    let mut n = 0;
    for line in data.splitn(4, |&b| b == 0xFF) {
        lines[n] = line;
        n += 1;
    }
    let list = EntityTagList::from_field(FieldLines::many(&lines[..n]));

    let (mut stars, mut tags, mut errors) = (0usize, 0usize, 0usize);
    let mut first_tag: Option<EntityTag<'_>> = None;
    for member in list.iter() {
        match member {
            Ok(Member::Any) => stars += 1,
            Ok(Member::Tag(tag)) => {
                tags += 1;
                first_tag.get_or_insert(tag);
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

    for cmp in [Comparison::Strong, Comparison::Weak] {
        let got = list.matches(first_tag.as_ref(), true, cmp);
        if stars > 0 && total > 1 {
            assert_eq!(got, ListMatch::Invalid);
        } else if stars == 1 {
            assert_eq!(got, ListMatch::Any);
            assert_eq!(list.matches(None, false, cmp), ListMatch::NotMatched);
        } else if let Some(t) = first_tag {
            // The list contains this tag, so it matches weakly, and strongly iff strong.
            let want = cmp == Comparison::Weak || !t.is_weak();
            assert_eq!(got == ListMatch::Matched, want, "{cmp:?}");
        } else {
            assert_eq!(got, ListMatch::NotMatched);
        }
        assert_ne!(list.matches(None, true, cmp), ListMatch::Matched);
    }
});
