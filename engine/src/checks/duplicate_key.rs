//! The `duplicate-key` check.

use super::{Check, CheckContext};
use crate::report::{Related, Severity, DUPLICATE_KEY};
use crate::rules::{RuleMeta, RuleOrigin};
use std::borrow::Cow;
use std::collections::hash_map::Entry;

use crate::span::{Document, NodeId, NodeKind};
use crate::text::same_bytes;

/// The `duplicate-key` check: a map in a data file names the same key twice
/// (the second silently replaces the first when rules read the map).
#[derive(Debug, Default, Clone, Copy)]
pub struct DuplicateKeyCheck;

impl Check for DuplicateKeyCheck {
    fn meta(&self) -> RuleMeta {
        RuleMeta {
            id: DUPLICATE_KEY.into(),
            severity: Severity::Error,
            title: "a map names the same key twice".into(),
            explanation: "## What it checks\nNo map in a data file (a region breakdown, for instance) has the same key twice.\n\n## Why it matters\nA rule that reads the map by key sees only the first entry, so the second figure is silently never checked, while sums over the map count both.\n\n## Example\n```ron\nbreakdown: { \"鹿城区\": 38, \"鹿城区\": 50 }\n```\nInstead:\n```ron\nbreakdown: { \"鹿城区\": 38, \"龙湾区\": 50 }\n```".into(),
            origin: RuleOrigin::Native,
        }
    }

    fn run(&self, ctx: &mut CheckContext<'_>) {
        for file in ctx.files() {
            let Some(doc) = file.document.as_ref() else {
                continue;
            };
            let threads = if doc.len() >= SPLIT_NODES { ctx.threads() } else { 1 };
            for (first, key, text) in repeats(doc, threads) {
                let related = file.site(first);
                let args = [("key", tally_i18n::Arg::from(text.as_ref()))];
                let say = |key: &str| ctx.text(key, &args).unwrap_or_default();
                let (message, label, help) = (say("duplicate-key"), say("duplicate-key.label"), say("duplicate-key.help"));
                let first_here = say("duplicate-key-first");
                let finding = ctx.report(file, key, message);
                finding.label = Some(label);
                finding.help = Some(help);
                if let Some(site) = related {
                    finding.related.push(Related {
                        message: first_here,
                        site,
                    });
                }
            }
        }
    }
}

/// Documents of at least this many nodes have their maps looked at on
/// every thread the check may use: a 100 MB file of nested maps took 0.18 s
/// on one, after its parse had used them all.
const SPLIT_NODES: usize = 1 << 20;

/// Every repeated key of the maps of `doc` as [`duplicates`] gives them,
/// in the order of the maps, found on up to `threads` threads, each over
/// an equal share of the node ids.
fn repeats(doc: &Document, threads: usize) -> Vec<(NodeId, NodeId, Cow<'_, str>)> {
    let len = doc.len();
    let share = len.div_ceil(threads.max(1)).max(1);
    let scan = |ids: std::ops::Range<usize>| {
        // One set for every large map of the share, emptied between maps.
        let mut seen = foldhash::HashMap::default();
        let mut found = Vec::new();
        for (_, entries) in doc.maps_in(ids) {
            found.extend(duplicates(doc, entries, &mut seen));
        }
        found
    };
    let shares: Vec<std::ops::Range<usize>> = (0..len).step_by(share).map(|from| from..(from + share).min(len)).collect();
    let Some((first, rest)) = shares.split_first() else {
        return Vec::new();
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = rest
            .iter()
            .map(|ids| {
                let ids = ids.clone();
                std::thread::Builder::new()
                    .name("tally-check".into())
                    .spawn_scoped(scope, move || scan(ids))
            })
            .collect();
        let mut found = scan(first.clone());
        for (helper, ids) in helpers.into_iter().zip(rest) {
            // A helper that could not start: its share is looked at here.
            let part = match helper {
                Ok(helper) => helper.join().unwrap_or_else(|_| scan(ids.clone())),
                Err(_) => scan(ids.clone()),
            };
            found.extend(part);
        }
        found
    })
}

/// Maps of up to this many entries are scanned pairwise, without a set.
const SMALL: usize = 16;

/// Every key of `entries` that an earlier key names already: the first
/// key, the repeat and its text. A small map whose keys are strings (a
/// breakdown by region, a map nested in a map) is compared in place, with
/// nothing allocated; a larger one goes through `seen`.
fn duplicates<'d>(
    doc: &'d Document,
    entries: &[(NodeId, NodeId)],
    seen: &mut foldhash::HashMap<Cow<'d, str>, NodeId>,
) -> Vec<(NodeId, NodeId, Cow<'d, str>)> {
    let mut found = Vec::new();
    let mut texts = [""; SMALL];
    let mut prints = [0u64; SMALL];
    let all_strings = entries.len() <= SMALL
        && entries
            .iter()
            .zip(texts.iter_mut().zip(prints.iter_mut()))
            .all(|(&(key, _), (text, print))| match doc.kind(key) {
                Some(NodeKind::Str(s)) => {
                    *text = s;
                    *print = fingerprint(s);
                    true
                }
                _ => false,
            });
    if all_strings {
        for (i, &(key, _)) in entries.iter().enumerate() {
            let (text, print) = (texts[i], prints[i]);
            // Fingerprints first: the bytes only where they agree.
            let first = (0..i).find(|&j| prints[j] == print && same_bytes(texts[j].as_bytes(), text.as_bytes()));
            if let Some(&(first, _)) = first.and_then(|j| entries.get(j)) {
                found.push((first, key, Cow::Borrowed(text)));
            }
        }
        return found;
    }
    // Keys are borrowed from the document; only keys that are not strings
    // are turned into text.
    seen.clear();
    for &(key, _) in entries {
        let text = match doc.kind(key) {
            Some(NodeKind::Str(s)) => Cow::Borrowed(s),
            _ => Cow::Owned(doc.key_text(key)),
        };
        match seen.entry(text) {
            Entry::Occupied(e) => found.push((*e.get(), key, e.key().clone())),
            Entry::Vacant(e) => {
                e.insert(key);
            }
        }
    }
    found
}

/// Equal for equal texts, and seldom for different ones: always where
/// they have the same length and the same first and last eight bytes,
/// otherwise only by chance (region names in one breakdown differ at the
/// end, `第3市第5县`, `第3市第6县`). Equal fingerprints are checked byte
/// by byte.
fn fingerprint(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let word = |part: &[u8]| {
        let mut w = [0u8; 8];
        w.get_mut(..part.len()).unwrap_or_default().copy_from_slice(part);
        u64::from_le_bytes(w)
    };
    let n = bytes.len();
    let head = word(bytes.get(..n.min(8)).unwrap_or_default());
    let tail = word(bytes.get(n.saturating_sub(8)..).unwrap_or_default());
    head ^ tail.rotate_left(29) ^ (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse;

    /// The repeats of one map of `text` as (first key, repeat, text),
    /// the keys as their byte offsets.
    fn repeats(text: &str) -> Vec<(usize, usize, String)> {
        let doc = parse(text).expect("parses");
        let (_, entries) = doc.maps().next().expect("a map");
        let at = |id: NodeId| doc.span(id).map_or(usize::MAX, |s| s.start);
        duplicates(&doc, entries, &mut foldhash::HashMap::default())
            .into_iter()
            .map(|(first, key, t)| (at(first), at(key), t.into_owned()))
            .collect()
    }

    /// Small maps are compared pairwise and large ones through a set;
    /// both find every repeat against the first key of its text, also
    /// where keys are not strings.
    #[test]
    fn every_repeat_is_found_against_the_first_key_in_maps_of_every_size() {
        for size in [5, SMALL, SMALL + 1, 40] {
            let keys: Vec<String> = (0..size).map(|i| format!("\"区{}\"", [0, 1, 0, 2, 0].get(i).copied().unwrap_or(i))).collect();
            let text = format!("{{{}}}", keys.iter().map(|k| format!("{k}: 1")).collect::<Vec<_>>().join(", "));
            let offsets: Vec<usize> = keys
                .iter()
                .scan(1, |at, k| {
                    let here = *at;
                    *at += k.len() + ": 1, ".len();
                    Some(here)
                })
                .collect();
            let want = vec![
                (offsets[0], offsets[2], "区0".to_owned()),
                (offsets[0], offsets[4], "区0".to_owned()),
            ];
            assert_eq!(repeats(&text), want, "{size} entries");
        }
        assert_eq!(repeats("{1: 1, 2: 2, 1: 3}"), vec![(1, 13, "1".to_owned())]);
        assert!(repeats("{\"a\": 1, \"b\": 2}").is_empty());
    }

    /// Keys whose fingerprints agree are told apart by their bytes: the
    /// repeat is found against the key it repeats, not against the first
    /// key with its fingerprint.
    #[test]
    fn keys_that_differ_only_in_the_middle_are_not_repeats() {
        let (a, b) = ("abcdefgh1ijklmnop", "abcdefgh2ijklmnop");
        assert_eq!(fingerprint(a), fingerprint(b));
        let text = format!("{{\"{a}\": 1, \"{b}\": 2, \"{b}\": 3}}");
        let second = 1 + a.len() + 2 + ": 1, ".len();
        let third = second + b.len() + 2 + ": 2, ".len();
        assert_eq!(repeats(&text), vec![(second, third, b.to_owned())]);
    }

    /// Parted among threads by node ids, the maps give the repeats one
    /// thread finds, in the same order, also where a part starts or ends
    /// inside a map, and in a document parsed on several threads (its
    /// nodes in several arenas).
    #[test]
    fn every_share_of_threads_finds_the_same_repeats_in_order() {
        let maps: Vec<String> = (0..300)
            .map(|i| match i % 7 {
                0 => format!("\"m{i}\": {{\"a\": 1, \"b\": 2, \"a\": {i}}}"),
                3 => format!("\"m{i}\": {{\"x\": {{\"y\": 1, \"y\": 2}}, \"z\": 3}}"),
                _ => format!("\"m{i}\": {{\"a\": 1, \"b\": {i}}}"),
            })
            .collect();
        let text = format!("{{{}}}", maps.join(",\n"));
        let at = |doc: &Document, id: NodeId| doc.span(id).map_or(usize::MAX, |s| s.start);
        let found = |doc: &Document, threads: usize| -> Vec<(usize, usize)> {
            super::repeats(doc, threads).into_iter().map(|(first, key, _)| (at(doc, first), at(doc, key))).collect()
        };
        let doc = parse(&text).expect("parses");
        let one = found(&doc, 1);
        assert_eq!(one.len(), 43 + 43, "a repeat in every seventh map and in a map inside another");
        assert!(one.windows(2).all(|w| w[0] < w[1]), "in the order of the text");
        for threads in 2..=5 {
            assert_eq!(found(&doc, threads), one, "{threads} threads");
        }
        let split = crate::load::parse_split(
            &text,
            3,
            crate::load::Split {
                min_len: 1,
                wait: true,
            },
        );
        assert!(split.1 > 0, "runs parsed ahead were taken");
        let split = split.0.expect("parses");
        for threads in 1..=3 {
            assert_eq!(found(&split, threads), one, "{threads} threads, parsed in parts");
        }
    }
}
