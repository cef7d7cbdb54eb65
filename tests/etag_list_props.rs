//! Property tests: `If-Match` / `If-None-Match` lists (`EntityTagList`)
//! against the naive reading in `tests/naive_etag/mod.rs` (shared with the
//! `etag_list` fuzz target), on generated field lines and current tags; and
//! the one-line fast path of `EntityTagList::matches` against the general
//! walk (the same line followed by an empty one).
//!
//! The number of cases per property is proptest's default (256), overridable
//! with the `PROPTEST_CASES` environment variable.

mod naive_etag;

use conneg::{EntityTag, FieldLines, etag::Comparison, etag::EntityTagList, etag::ListMatch};
use proptest::prelude::*;

/// Opaque tags; `v1`/`w1` and `a,b`/`x,b` agree in length and last octet.
const OPAQUE: &[&str] = &["v1", "w1", "v0", "a,b", "x,b", "", "\\", "W/", "é1"];

fn member() -> impl Strategy<Value = String> {
    let tag = (any::<bool>(), proptest::sample::select(OPAQUE))
        .prop_map(|(weak, o)| format!("{}\"{o}\"", if weak { "W/" } else { "" }));
    let odd = proptest::sample::select(
        &[
            "*",
            "",
            " ",
            "bogus",
            "w/\"v1\"",
            "\"a b\"",
            "\"v1",
            "\"v1\" \"w1\"",
            "W/ \"v1\"",
            "*;",
            "\"v1\"x",
            "x\"v1,w1\"",
            "W/\"\"",
        ][..],
    )
    .prop_map(str::to_string);
    prop_oneof![4 => tag, 2 => odd]
}

fn line() -> impl Strategy<Value = String> {
    let sep = proptest::sample::select(&[",", ", ", " ,\t", ",,", "\t,"][..]);
    (proptest::collection::vec(member(), 0..5), sep, any::<bool>()).prop_map(|(members, sep, pad)| {
        let joined = members.join(sep);
        if pad { format!(" {joined}\t") } else { joined }
    })
}

/// A line from a soup of the octets that matter.
fn soup() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        proptest::sample::select(
            &[
                b'"', b',', b' ', b'\t', b'*', b'W', b'/', b'v', b'1', b'w', 0x7F, 0xC3,
            ][..],
        ),
        0..24,
    )
}

fn lines() -> impl Strategy<Value = Option<Vec<Vec<u8>>>> {
    let one_line = prop_oneof![3 => line().prop_map(String::into_bytes), 1 => soup()];
    prop_oneof![
        1 => Just(None),
        6 => proptest::collection::vec(one_line, 1..4).prop_map(Some),
    ]
}

fn current() -> impl Strategy<Value = Option<(bool, &'static str)>> {
    proptest::option::weighted(0.9, (any::<bool>(), proptest::sample::select(OPAQUE)))
}

fn answer(m: ListMatch) -> naive_etag::Answer {
    match m {
        ListMatch::Absent => naive_etag::Answer::Absent,
        ListMatch::Any => naive_etag::Answer::Any,
        ListMatch::Matched => naive_etag::Answer::Matched,
        ListMatch::NotMatched => naive_etag::Answer::NotMatched,
        ListMatch::Invalid => naive_etag::Answer::Invalid,
    }
}

fn check(
    lines: &Option<Vec<Vec<u8>>>,
    current: Option<(bool, &str)>,
    exists: bool,
) -> Result<(), TestCaseError> {
    let refs: Vec<&[u8]> = lines.iter().flatten().map(Vec::as_slice).collect();
    let field = match lines {
        None => FieldLines::ABSENT,
        Some(_) => FieldLines::many(&refs),
    };
    let list = EntityTagList::from_field(field);
    let text = current.map(|(weak, o)| format!("{}\"{o}\"", if weak { "W/" } else { "" }));
    let tag = text.as_deref().map(|t| EntityTag::parse(t.as_bytes()).unwrap());
    let cur = current.map(|(weak, o)| (weak, o.as_bytes()));
    let naive_lines = lines.as_ref().map(|_| &refs[..]);
    for (cmp, weak) in [(Comparison::Strong, false), (Comparison::Weak, true)] {
        let want = naive_etag::matches(naive_lines, cur, exists, weak);
        let got = list.matches(tag.as_ref(), exists, cmp);
        prop_assert_eq!(
            answer(got),
            want,
            "{:?} lines {:?} current {:?} exists {}",
            cmp,
            lines,
            text,
            exists
        );
        // One line: the fast path (`one`) and the general walk (`many` with
        // an empty second line, which adds no member) agree.
        if let [line] = refs[..] {
            let two = [line, &b""[..]];
            let general =
                EntityTagList::from_field(FieldLines::many(&two)).matches(tag.as_ref(), exists, cmp);
            let fast = EntityTagList::from_field(FieldLines::one(line)).matches(tag.as_ref(), exists, cmp);
            prop_assert_eq!(fast, general, "{:?} line {:?} current {:?}", cmp, line, text);
        }
    }
    if lines.is_some() {
        prop_assert_eq!(
            list.validate().is_ok(),
            naive_etag::valid(&refs),
            "validate {:?}",
            lines
        );
    }
    Ok(())
}

/// A long line (most over 64 octets: the pair search sixteen octets at a
/// time): many members, hash-like tags among them, any separators.
fn long_line() -> impl Strategy<Value = Vec<u8>> {
    let hash = (any::<bool>(), any::<u128>(), 0usize..48).prop_map(|(weak, h, len)| {
        let hex = format!("{h:048x}");
        format!("{}\"{}\"", if weak { "W/" } else { "" }, &hex[..len])
    });
    let part = prop_oneof![3 => member(), 2 => hash];
    let sep = proptest::sample::select(&[",", ", ", " ,\t", ",,", "\t,", ", \""][..]);
    (proptest::collection::vec((part, sep), 2..40)).prop_map(|parts| {
        parts
            .into_iter()
            .flat_map(|(p, s)| [p, s.to_string()])
            .collect::<String>()
            .into_bytes()
    })
}

proptest! {
    #[test]
    fn long_lines_match_the_naive_reading(line in long_line(), current in current(), exists in prop::bool::weighted(0.85)) {
        check(&Some(vec![line]), current, exists)?;
    }

    #[test]
    fn lists_match_the_naive_reading(lines in lines(), current in current(), exists in prop::bool::weighted(0.85)) {
        check(&lines, current, exists)?;
    }
}

#[test]
fn naive_reading_sanity() {
    use naive_etag::{Answer, matches};
    let one = |s: &'static str| vec![s.as_bytes()];
    let v1 = Some((false, &b"v1"[..]));
    assert_eq!(
        matches(Some(&one("\"v0\", \"v1\"")), v1, true, false),
        Answer::Matched
    );
    assert_eq!(matches(Some(&one("\"w1\"")), v1, true, true), Answer::NotMatched);
    assert_eq!(
        matches(Some(&one("W/\"v1\"")), v1, true, false),
        Answer::NotMatched
    );
    assert_eq!(matches(Some(&one("W/\"v1\"")), v1, true, true), Answer::Matched);
    assert_eq!(matches(Some(&one("*, \"v1\"")), v1, true, true), Answer::Invalid);
    assert_eq!(matches(Some(&one("*")), None, false, true), Answer::NotMatched);
    assert_eq!(
        matches(Some(&one("\"a,b\"")), Some((false, b"a,b")), true, false),
        Answer::Matched
    );
    assert_eq!(matches(None, v1, true, true), Answer::Absent);
}
