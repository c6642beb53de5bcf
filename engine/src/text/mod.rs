//! Small text helpers that every layer may use: one "did you mean", one
//! kebab-case test, one way to show a path.
//!
//! Each decision lives here once, so that a finding of the loader, of the
//! configuration and of a rule word the same thing the same way.

mod suggest;

use std::path::{Component, Path, PathBuf};

pub use suggest::suggest;

/// The help that offers `suggestion`, then `otherwise` (what lists the
/// valid names): ``did you mean `x`? `tally rules` lists the rules``.
pub fn did_you_mean(suggestion: Option<&str>, otherwise: &str) -> String {
    match (suggestion, otherwise.is_empty()) {
        (Some(s), true) => format!("did you mean `{s}`?"),
        (Some(s), false) => format!("did you mean `{s}`? {otherwise}"),
        (None, _) => otherwise.to_owned(),
    }
}

/// [`did_you_mean`] in the catalogue's language.
pub fn did_you_mean_in(t: &tally_i18n::Catalogue, suggestion: Option<&str>, otherwise: &str) -> String {
    match (suggestion, otherwise.is_empty()) {
        (Some(s), true) => t.text("did-you-mean", &[("name", s.into())]),
        (Some(s), false) => t.text("did-you-mean-then", &[("name", s.into()), ("otherwise", otherwise.into())]),
        (None, _) => otherwise.to_owned(),
    }
}

/// Names joined for a message: `a, b, c` (`a、b、c` in Chinese).
pub fn join_in(t: &tally_i18n::Catalogue, names: &[&str]) -> String {
    names.join(&t.text("list-separator", &[]))
}

/// Whether two short byte strings are equal, compared in place: a call
/// to `memcmp` for a field name, a region's code or a map key costs more
/// than the comparison.
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The help after an unknown rule id.
pub const RULES_LISTED: &str = "`tally rules` lists the rules";

/// Whether an id is stable kebab-case: `a-z`, `0-9` and single dashes,
/// starting with a letter (`a--b`, `-a`, `a-` and `1a` are not).
pub fn is_kebab_case(id: &str) -> bool {
    id.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A path as shown to users: forward slashes.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A path as shown to users, relative to `base` (the working directory)
/// with `..` where needed (`../sales.ron` when tally runs in `data/sub`);
/// unchanged if the two share no prefix.
pub fn display_from(path: &Path, base: &Path) -> String {
    display(&relative_to(path, base))
}

fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part.as_os_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case() {
        for ok in ["a", "unknown-unit", "a1-b2"] {
            assert!(is_kebab_case(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "1a", "A", "a_b", "a b"] {
            assert!(!is_kebab_case(bad), "{bad}");
        }
    }

    #[test]
    fn relative_paths() {
        let shown = display_from(Path::new("/p/data/a.ron"), Path::new("/p/data/sub"));
        assert_eq!(shown, "../a.ron");
        assert_eq!(display_from(Path::new("/p/a.ron"), Path::new("/p")), "a.ron");
    }

    #[test]
    fn help_wording() {
        assert_eq!(did_you_mean(Some("x"), RULES_LISTED), "did you mean `x`? `tally rules` lists the rules");
        assert_eq!(did_you_mean(None, RULES_LISTED), RULES_LISTED);
        assert_eq!(did_you_mean(Some("x"), ""), "did you mean `x`?");
    }
}
