//! A file parsed on several threads gives the document one thread gives:
//! every node, span, parent, path, comment and field name, and the same
//! error for bad input (issue 20). The texts are cut on every comma that
//! the scan finds (`min_len` 0) and the calling thread waits for the cut,
//! so that the runs parsed ahead are really taken.

use proptest::prelude::*;
use tally_engine::load::{parse, parse_split, Split};
use tally_engine::span::{Document, NodeId};

use crate::span_proptest::{print, tree, Tree, HEADERS};

const CUT_EVERYTHING: Split = Split {
    min_len: 0,
    wait: true,
};

fn paths(doc: &Document) -> Vec<String> {
    (0..doc.len()).map(|i| doc.path(NodeId(i as u32))).collect()
}

/// As [`CUT_EVERYTHING`], but the calling thread goes on at once and
/// parses itself the runs no helper has begun: the threads meet wherever
/// they happen to.
const CUT_AND_RACE: Split = Split {
    min_len: 0,
    wait: false,
};

/// Parses on 1 to 4 threads, waiting for the helpers and racing them;
/// every result must equal the single thread's. Returns the runs taken
/// with the most threads, waiting.
fn same_as_sequential(text: &str) -> Result<usize, TestCaseError> {
    let one = parse(text);
    let mut taken = 0;
    for threads in 2..=4 {
        for split in [CUT_AND_RACE, CUT_EVERYTHING] {
            let (many, runs) = parse_split(text, threads, split);
            // Compared as printed: `NaN` is not equal to itself.
            prop_assert_eq!(
                format!("{many:?}"),
                format!("{one:?}"),
                "{} threads ({:?}) on {:?}",
                threads,
                split,
                text
            );
            if let (Ok(a), Ok(b)) = (&many, &one) {
                prop_assert_eq!(paths(a), paths(b));
            }
            taken = runs;
        }
    }
    Ok(taken)
}

/// `text` with each edit made at its place: one of `inserts` inserted, or
/// (an index past them) the byte there removed.
fn damage(text: String, edits: &[(prop::sample::Index, usize)], inserts: &[&[u8]]) -> String {
    let mut text = text.into_bytes();
    for (at, what) in edits {
        let i = at.index(text.len() + 1);
        match inserts.get(*what) {
            Some(insert) => {
                text.splice(i..i, insert.iter().copied());
            }
            None if i < text.len() => {
                text.remove(i);
            }
            None => {}
        }
    }
    String::from_utf8_lossy(&text).into_owned()
}

fn list_of(trees: Vec<Tree>, seed: u64, header: &str) -> String {
    print(&Tree::List(trees), seed, header).0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn lists_of_random_values(trees in prop::collection::vec(tree(), 2..40), seed in any::<u64>(), header in 0..HEADERS.len()) {
        same_as_sequential(&list_of(trees, seed, HEADERS[header]))?;
    }

    #[test]
    fn maps_and_structs_around_lists(trees in prop::collection::vec(tree(), 2..30), seed in any::<u64>()) {
        let list = list_of(trees.clone(), seed, "");
        let keys: Vec<(Tree, Tree)> = trees.into_iter().enumerate().map(|(i, t)| (Tree::Str(format!("k,{i}]\"")), t)).collect();
        let map = print(&Tree::Map(keys), seed, "").0;
        same_as_sequential(&format!("Table(sheets: {list}, extra: {map})"))?;
        same_as_sequential(&map)?;
    }

    /// Bytes inserted, removed or replaced anywhere (inside strings and
    /// comments, at the cut commas): never a panic, always the single
    /// thread's document or error.
    #[test]
    fn damaged_texts(trees in prop::collection::vec(tree(), 2..30), seed in any::<u64>(), edits in prop::collection::vec((any::<prop::sample::Index>(), 0..8usize), 1..4)) {
        let inserts: [&[u8]; 7] = [b"\"", b"/*", b",", b"]", b"'", b"r#\"", b"//"];
        let text = damage(list_of(trees, seed, ""), &edits, &inserts);
        same_as_sequential(&text)?;
    }

    /// Records alike, which the helpers cut by their outline without a
    /// scan, damaged anywhere (a separator may then stand in a string, a
    /// member may end early): always the single thread's document or
    /// error.
    #[test]
    fn damaged_records(seed in any::<u64>(), edits in prop::collection::vec((any::<prop::sample::Index>(), 0..6usize), 0..4)) {
        let mut text = String::from("[\n");
        for i in 0..400u64 {
            let v = seed.wrapping_mul(i + 1) % 1000;
            text.push_str(&format!("    (region: \"区{v}\", values: [{v}.5, 2.5]),\n"));
        }
        text.push(']');
        let whole = edits.is_empty();
        let inserts: [&[u8]; 5] = [b"\"", b"),\n    (", b"]", b"/*", b"("];
        let text = damage(text, &edits, &inserts);
        let taken = same_as_sequential(&text)?;
        // Twelve runs a helper, the last few too near the end to cut.
        prop_assert!(!whole || taken >= 30, "{} runs taken", taken);
    }
}

/// Records as a spreadsheet export writes them, with strings that hold
/// the bytes the scan looks for.
#[test]
fn flat_records_are_cut_and_taken() {
    let mut text = String::from("#![enable(implicit_some)]\n[\n");
    for i in 0..2000 {
        text.push_str(&format!(
            "    (region: \"区{i}, ]\\\" /*\", code: r#\"a\"b,\"#, c: '\\'', values: [{i}.5, -2.25, 3, {{\"k\": Some(1)}}]), // row {i}, ]\n"
        ));
    }
    text.push_str("]\n");
    let taken = same_as_sequential(&text).expect("same document");
    assert!(taken > 0, "no run was taken");
}

/// Two lists of records alike: the outline is the first one's, the cut
/// falls in the second, and it is taken there.
#[test]
fn a_cut_in_a_later_list_is_taken() {
    let record = |i: usize| format!("    (region: \"区{i}\", values: [{i}.5, 2.5]),\n");
    let regions: String = (0..2000).map(record).collect();
    let values: String = (0..30_000).map(record).collect();
    let text = format!("Table(\nregions: [\n{regions}],\nvalues: [\n{values}],\n)");
    assert!(text.find("values:").expect("values") < text.len() / 4);
    let taken = same_as_sequential(&text).expect("same document");
    assert!(taken > 0, "no run was taken");
}

#[test]
fn a_large_map_is_cut_and_taken() {
    let mut text = String::from("{\n");
    for i in 0..2000 {
        text.push_str(&format!("  \"第{i}县\": {{\"a\": [1, 2.5, None], \"b\": ()}},\n"));
    }
    text.push('}');
    let taken = same_as_sequential(&text).expect("same document");
    assert!(taken > 0, "no run was taken");
}

#[test]
fn errors_are_the_single_threads() {
    let mut text = String::from("[\n");
    for i in 0..2000 {
        text.push_str(&format!("  ({i}, \"x\"),\n"));
    }
    text.push_str("  (1, 2 3),\n]");
    same_as_sequential(&text).expect("same error");
    // Deeper than the depth bound only inside one member late in the list.
    let mut deep = String::from("[");
    for _ in 0..3000 {
        deep.push_str("[1], ");
    }
    deep.push_str(&"[".repeat(130));
    deep.push_str(&"]".repeat(130));
    deep.push(']');
    same_as_sequential(&deep).expect("same error");
}
