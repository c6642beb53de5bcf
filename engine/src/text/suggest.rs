//! "Did you mean": the nearest known name by edit distance, with one
//! threshold for every caller.

/// The candidate nearest to `name` by edit distance over characters, if
/// near enough: within a third of the longer name, or one contains the
/// other (市市场监管局 → 市市场监督管理局 is 2 edits in 8 characters).
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let chars: Vec<char> = name.chars().collect();
    let len = chars.len();
    let mut best: Option<(usize, &str)> = None;
    let mut row = Vec::new();
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let candidate_len = candidate.chars().count();
        let longer = len.max(candidate_len);
        let contains = !name.is_empty() && (candidate.contains(name) || name.contains(candidate));
        // The largest distance that is still near, and that would beat the
        // best so far (a tie keeps the earlier candidate).
        let mut limit = if contains { longer / 2 } else { longer / 3 };
        if let Some((d, _)) = best {
            if d == 0 {
                break;
            }
            limit = limit.min(d - 1);
        }
        if len.abs_diff(candidate_len) > limit {
            continue;
        }
        if let Some(distance) = bounded_levenshtein(&chars, candidate, limit, &mut row) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The edit distance (in characters) between `a` and `b` if it is at most
/// `limit`, else `None`: a row whose every cell is past `limit` ends the
/// search, so a registry of thousands of names is scanned at a few cells
/// per name instead of a full table each. Two neighbours swapped count as
/// one edit (`nmae` is one edit from `name`: the typing slip it is).
fn bounded_levenshtein(a: &[char], b: &str, limit: usize, row: &mut Vec<usize>) -> Option<usize> {
    row.clear();
    row.extend(0..=a.len());
    // The row before this one, for transpositions.
    let mut before: Vec<usize> = Vec::new();
    let mut previous_b: Option<char> = None;
    let mut last: Vec<usize> = Vec::with_capacity(row.len());
    for (i, cb) in b.chars().enumerate() {
        last.clear();
        last.extend_from_slice(row);
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, &ca) in a.iter().enumerate() {
            let above = row[j + 1];
            let mut cell = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            if j > 0 && previous_b == Some(ca) && a[j - 1] == cb && ca != cb {
                if let Some(&two_back) = before.get(j - 1) {
                    cell = cell.min(two_back + 1);
                }
            }
            diagonal = above;
            row[j + 1] = cell;
            smallest = smallest.min(cell);
        }
        if smallest > limit {
            return None;
        }
        std::mem::swap(&mut before, &mut last);
        previous_b = Some(cb);
    }
    row.last().copied().filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn a_swapped_pair_is_one_edit() {
        assert_eq!(suggest("nmae", ["name", "kind", "parent"].into_iter()), Some("name"));
        assert_eq!(suggest("hihg", ["high", "standard"].into_iter()), Some("high"));
        assert_eq!(suggest("龙弯区", ["龙湾区", "鹿城区"].into_iter()), Some("龙湾区"));
        assert_eq!(suggest("xyz", ["name", "kind"].into_iter()), None);
    }
}
