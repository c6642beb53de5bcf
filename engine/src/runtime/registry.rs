//! `registry()`: a table of known names for look-ups with "did you mean".

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt as _};
use rhai::{Array, Dynamic, Map};

use super::figures::{members, said, type_in, At, Result};
use super::value::DataNode;
use super::view_file::ViewFile;
use crate::span::{NodeId, NodeKind};
use crate::text::suggest;

/// A registry of known names, for look-ups with "did you mean".
#[derive(Debug, Clone)]
pub struct Registry {
    pub(super) names: Arc<Vec<String>>,
    pub(super) index: Arc<HashMap<String, usize>>,
    pub(super) records: Arc<Vec<Dynamic>>,
    /// Character pairs → names that contain them, built on the first
    /// suggestion asked of a large registry.
    pairs: Arc<std::sync::OnceLock<PairIndex>>,
    /// Name → every record under it, built on the first `get_all`.
    groups: Arc<std::sync::OnceLock<HashMap<String, Vec<u32>>>>,
}

/// Character pairs → the indices of the names that contain them.
type PairIndex = HashMap<(char, char), Vec<u32>>;

/// The pairs of adjacent characters of `name`, each once: a sorted list,
/// where a set per name (hashed with SipHash) was most of building the
/// index of a large registry.
fn distinct_pairs(name: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = name.chars().collect();
    let mut pairs: Vec<(char, char)> = chars.windows(2).filter_map(|w| Some((*w.first()?, *w.get(1)?))).collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// From this many names on, `suggest` looks only at the names that share
/// the most character pairs with the name asked about: comparing a
/// misspelling with each of 120,000 unit names costs seconds per finding.
const RANKED_FROM: usize = 2_000;

/// How many of the best-ranked names are compared in full.
const RANKED: usize = 64;

impl Registry {
    pub(super) fn build(records: &Dynamic, field: Option<&str>, pos: At<'_>) -> Result<Registry> {
        let mut names = Vec::new();
        let mut kept = Vec::new();
        for (key, value) in members(records, pos.pos, pos.tag)? {
            let name = match field {
                Some(field) => {
                    let found = if let Some(DataNode::Map(record)) = DataNode::of(&value) {
                        record.field(field)
                    } else if let Some(map) = value.read_lock::<Map>() {
                        map.get(field).cloned()
                    } else {
                        return Err(said(pos.tag, "api-registry-not-a-map", &[("key", key.to_string().into())], pos.pos));
                    };
                    match found {
                        Some(v) => v.to_string(),
                        None => {
                            let args = [("key", key.to_string().into()), ("field", field.into())];
                            return Err(said(pos.tag, "api-registry-no-field", &args, pos.pos));
                        }
                    }
                }
                None => {
                    if value.is_string() {
                        value.to_string()
                    } else {
                        key.to_string()
                    }
                }
            };
            names.push(name);
            kept.push(value);
        }
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .rev()
            .collect();
        Ok(Registry {
            names: Arc::new(names),
            index: Arc::new(index),
            records: Arc::new(kept),
            pairs: Arc::default(),
            groups: Arc::default(),
        })
    }

    /// Every record under `name`, in order (`get` gives the first).
    pub fn get_all(&self, name: &str) -> Vec<Dynamic> {
        let groups = self.groups.get_or_init(|| {
            let mut groups: HashMap<String, Vec<u32>> = HashMap::new();
            for (i, n) in self.names.iter().enumerate() {
                groups.entry(n.clone()).or_default().push(i as u32);
            }
            groups
        });
        groups
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.records.get(i as usize).cloned())
            .collect()
    }

    /// The known name nearest to `name`, if one is near enough to be a
    /// plausible misspelling.
    ///
    /// A large registry is searched in two steps: the names sharing the
    /// most character pairs (bigrams) with `name` are ranked through an
    /// index, and only the best [`RANKED`] of them are compared by edit
    /// distance. A misspelling shares nearly all its pairs with the name it
    /// misspells, so the nearest name is in that set in practice; pairs
    /// found in more than one name in eight say nothing and are skipped.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        if self.names.len() < RANKED_FROM {
            return suggest(name, self.names.iter().map(String::as_str));
        }
        let pairs = self.pairs.get_or_init(|| {
            let mut pairs = PairIndex::new();
            for (i, n) in self.names.iter().enumerate() {
                for pair in distinct_pairs(n) {
                    pairs.entry(pair).or_default().push(i as u32);
                }
            }
            pairs
        });
        let common = self.names.len() / 8;
        let mut shared = vec![0u16; self.names.len()];
        let mut touched: Vec<u32> = Vec::new();
        for pair in distinct_pairs(name) {
            if let Some(list) = pairs.get(&pair).filter(|l| l.len() <= common) {
                for &i in list {
                    let count = &mut shared[i as usize];
                    if *count == 0 {
                        touched.push(i);
                    }
                    *count = count.saturating_add(1);
                }
            }
        }
        if touched.is_empty() {
            return suggest(name, self.names.iter().map(String::as_str));
        }
        let ranked = best_ranked(&shared, &touched, RANKED);
        suggest(
            name,
            ranked
                .iter()
                .filter_map(|&i| self.names.get(i as usize).map(String::as_str)),
        )
    }
}

/// The `k` names that share the most pairs with the name asked about
/// (`shared`, by name; `touched`, those that share any), ties to the
/// earlier name, in the order of the names. The counts are small, so a
/// count of counts gives the least count taken, and one pass over the
/// names in order takes them: a partial sort of the tens of thousands of
/// names that share a pair or two was half of `unknown-region` at ten
/// million values (a suggestion per unknown region).
fn best_ranked(shared: &[u16], touched: &[u32], k: usize) -> Vec<u32> {
    let count_of = |i: u32| shared.get(i as usize).copied().map_or(0, usize::from);
    if touched.len() <= k {
        let mut all = touched.to_vec();
        all.sort_unstable();
        return all;
    }
    let top = touched.iter().map(|&i| count_of(i)).max().unwrap_or(0);
    let mut counts = vec![0usize; top + 1];
    for &i in touched {
        if let Some(c) = counts.get_mut(count_of(i)) {
            *c += 1;
        }
    }
    // Every name above `least` is taken, and the first `ties` of those at it.
    let (mut least, mut above) = (top, 0);
    while least > 1 && above + counts.get(least).copied().unwrap_or(0) < k {
        above += counts.get(least).copied().unwrap_or(0);
        least -= 1;
    }
    let mut ties = k.saturating_sub(above);
    let mut ranked = Vec::with_capacity(k);
    // Most names share no pair: blocks of them are passed over whole (a
    // comparison the compiler does sixteen counts at a time).
    const BLOCK: usize = 32;
    let least = u16::try_from(least).unwrap_or(u16::MAX);
    for (b, block) in shared.chunks(BLOCK).enumerate() {
        if block.iter().fold(0, |max, &c| max.max(c)) < least {
            continue;
        }
        for (j, &count) in block.iter().enumerate() {
            if count > least || (count == least && ties > 0) {
                if count == least {
                    ties -= 1;
                }
                ranked.push((b * BLOCK + j) as u32);
            }
        }
    }
    ranked
}

/// The keys of `map` that `registry` does not know, as strings.
pub(super) fn unknown_keys(pos: At<'_>, registry: &Registry, map: &Dynamic) -> Result<Array> {
    if let Some(node) = DataNode::of(map) {
        let (file, id) = node.parts();
        return Ok(unknown_keys_of_node(registry, file, id));
    }
    if let Some(m) = map.read_lock::<Map>() {
        return Ok(m
            .keys()
            .filter(|k| !registry.index.contains_key(k.as_str()))
            .map(|k| Dynamic::from(k.to_string()))
            .collect());
    }
    let found = type_in(pos.tag, map.type_name());
    Err(said(pos.tag, "api-unknown-keys", &[("type", found.into())], pos.pos))
}

/// The keys of the map (or field names of the struct) `id` of `file`
/// that `registry` does not know, as strings.
pub(super) fn unknown_keys_of_node(registry: &Registry, file: &Arc<ViewFile>, id: NodeId) -> Array {
    let Some(doc) = file.doc() else {
        return Array::new();
    };
    match doc.kind(id) {
        Some(NodeKind::Map(entries)) => entries
            .iter()
            .filter_map(|&(key, _)| match doc.kind(key) {
                Some(NodeKind::Str(s)) if registry.index.contains_key(s) => None,
                _ => {
                    let text = doc.key_text(key);
                    (!registry.index.contains_key(&text)).then(|| Dynamic::from(text))
                }
            })
            .collect(),
        Some(NodeKind::Struct { fields, .. }) => fields
            .iter()
            .filter(|f| !registry.index.contains_key(&*f.name))
            .map(|f| Dynamic::from(f.name.to_string()))
            .collect(),
        _ => Array::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry(names: Vec<String>) -> Registry {
        let index = names.iter().enumerate().map(|(i, n)| (n.clone(), i)).collect();
        Registry {
            names: Arc::new(names),
            index: Arc::new(index),
            records: Arc::default(),
            pairs: Arc::default(),
            groups: Arc::default(),
        }
    }

    /// A large registry ranks names by the character pairs they share
    /// before comparing; a misspelling still finds the name it misspells,
    /// as the comparison with every name does.
    #[test]
    fn a_large_registry_suggests_what_comparing_every_name_suggests() {
        let names: Vec<String> = (0..3_000)
            .map(|i| format!("第{}省第{}市第{}县", i / 100, i / 10 % 10, i % 10))
            .collect();
        let reg = registry(names.clone());
        for (asked, meant) in [
            ("第12省第3市第4", "第12省第3市第4县"),
            ("第12省第3市弟4县", "第12省第3市第4县"),
            ("第7省第0市第9县县", "第7省第0市第9县"),
            ("第29省第9市第9區", "第29省第9市第9县"),
        ] {
            let everyone = suggest(asked, names.iter().map(String::as_str));
            assert_eq!(reg.suggest(asked), everyone, "{asked}");
            assert_eq!(reg.suggest(asked), Some(meant), "{asked}");
        }
        assert_eq!(distinct_pairs("abab"), vec![('a', 'b'), ('b', 'a')]);
    }

    /// The best-ranked names are those a full sort by (most pairs, earlier
    /// name) puts first, in the order of the names: for any counts, ties
    /// at the cut, few candidates or many.
    #[test]
    fn the_best_ranked_are_those_a_full_sort_puts_first() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |below: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        };
        for round in 0..300 {
            let names = 1 + next(3000) as usize;
            let top = 1 + next(12) as u16;
            let mut shared = vec![0u16; names];
            let mut touched = Vec::new();
            for (i, count) in shared.iter_mut().enumerate() {
                if next(3) == 0 {
                    *count = 1 + (next(u64::from(top)) as u16);
                    touched.push(i as u32);
                }
            }
            // Pairs are counted in the order of the index's lists, not of
            // the names.
            touched.sort_by_key(|&i| (i * 7919) % names as u32);
            let k = 1 + next(100) as usize;
            let mut sorted = touched.clone();
            sorted.sort_by(|a, b| shared[*b as usize].cmp(&shared[*a as usize]).then(a.cmp(b)));
            sorted.truncate(k);
            sorted.sort_unstable();
            assert_eq!(super::best_ranked(&shared, &touched, k), sorted, "round {round}, k {k}");
        }
    }
}
