//! No cell of the benchmark matrix allocates (`benches/cases/`: the headers
//! of Chrome, Firefox, Safari, Edge, curl, Java, Googlebot, a JSON client, a
//! 20-element and a 2,000-element `Accept`, each against four offer sets,
//! offers as `&str` and prepared; the language, encoding, If-None-Match,
//! date, selection and decision rows). The same cells the instruction counts
//! (`scripts/matrix.py`) and the criterion bench (`benches/matrix.rs`) run.

mod counting;

#[path = "../benches/cases/matrix.rs"]
mod matrix;
#[path = "../benches/cases/conneg.rs"]
mod cases;

use counting::allocations;

#[test]
fn every_matrix_cell_allocates_nothing() {
    let all = cases::cases();
    assert!(all.len() > 100, "the matrix has {} cells", all.len());
    let mut allocating = Vec::new();
    for case in &all {
        // The first call too: nothing is set up lazily on the request path.
        let (made, answer) = allocations(|| (0..3).fold(0usize, |n, _| n.wrapping_add(case.run())));
        std::hint::black_box(answer);
        if made != 0 {
            allocating.push(format!("{}: {made} allocations in 3 calls", case.name()));
        }
    }
    assert!(allocating.is_empty(), "{allocating:#?}");
}

#[test]
fn the_matrix_cells_answer_as_expected() {
    // The cells must measure the work they claim: a negotiation that finds
    // its answer, a 304 where the tag matches, a parsed date.
    let all = cases::cases();
    let answer = |name: &str| {
        all.iter()
            .find(|c| c.name() == name)
            .unwrap_or_else(|| panic!("no cell {name}"))
            .run()
    };
    assert_eq!(answer("accept/chrome/prepared/html_first"), 0);
    assert_eq!(answer("accept/chrome/str/api_first"), 2); // text/html at 1 beats */* at 0.8
    assert_eq!(answer("accept/curl/str/image"), 0);
    assert_eq!(answer("accept/java/str/image"), 3); // image/jpeg is named; the rest only by `*; q=.2`
    assert_eq!(answer("accept/long2000/str/html_first"), 1); // application/json;q=0.9
    assert_eq!(answer("accept/api20/prepared/api_first"), 2); // text/html;q=0.8 beats application/*;q=0.6
    assert_eq!(answer("language/chrome_ko/en_ko_ja"), 1);
    assert_eq!(answer("encoding/browser/br_gzip_identity"), 1); // br and gzip tie at 1: gzip, listed first by the client
    assert_eq!(answer("if_none_match/three"), 304);
    assert_eq!(answer("if_none_match/fifty"), 304);
    assert_eq!(answer("if_none_match/three_stale"), 200);
    for date in ["imf_fixdate", "rfc850", "asctime"] {
        assert_eq!(answer(&format!("date/{date}")), 1_445_412_480, "{date}");
    }
    assert_eq!(answer("decide8/prepared/206"), 3 + 206); // the Korean gzip HTML
    assert_eq!(answer("decide8/per_call/304"), 3 + 304);
}
