//! `tally check --changed-since REF`: only the findings on lines a change
//! touched. Every rule still sees all the data (a changed county figure
//! that breaks its city's sum is found at the sum's line, which lies in
//! another part of the table); the report then keeps the findings whose
//! place, or one of whose related places, lies on a line that `git diff`
//! shows as added or changed since REF (its merge base with `HEAD`, so
//! that a branch is compared with where it left REF), uncommitted changes
//! included.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use tally_engine::{Finding, Report, Site};

use crate::Failure;

/// The lines changed since a revision, by canonical file path.
#[derive(Debug, Default)]
pub struct Changed {
    lines: BTreeMap<PathBuf, BTreeSet<usize>>,
    /// Changed files that have no lines to compare (workbooks: git shows
    /// them as binary): every finding in them is on a changed line.
    whole: BTreeSet<PathBuf>,
}

impl Changed {
    /// Asks git, in `dir`, what changed since `rev`.
    pub fn since(rev: &str, dir: &Path, t: &tally_engine::Catalogue) -> Result<Changed, Failure> {
        let git = |args: &[&str]| -> Result<String, Failure> {
            let out = Command::new("git")
                .current_dir(dir)
                .args(args)
                .output()
                .map_err(|e| {
                    Failure::message(t.text("changed-no-git", &[("error", e.to_string().into())]))
                })?;
            if out.status.success() {
                Ok(String::from_utf8_lossy(&out.stdout).into_owned())
            } else {
                Err(Failure::Message(
                    String::from_utf8_lossy(&out.stderr).trim().to_owned(),
                ))
            }
        };
        let top = git(&["rev-parse", "--show-toplevel"]).map_err(|_| {
            Failure::message(t.text(
                "changed-not-a-repository",
                &[("rev", rev.into()), ("folder", dir.display().to_string().into())],
            ))
        })?;
        let top = PathBuf::from(top.trim());
        if git(&["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")]).is_err() {
            // The first commit of a repository (a pre-commit hook's
            // `--changed-since HEAD`): every file is new.
            if rev == "HEAD" && git(&["rev-parse", "--verify", "--quiet", "HEAD"]).is_err() {
                let mut changed = Changed::default();
                let files = git(&[
                    "ls-files",
                    "--cached",
                    "--others",
                    "--exclude-standard",
                    "--full-name",
                ])?;
                for name in files.lines().filter(|l| !l.is_empty()) {
                    changed.all_lines(&top.join(name));
                }
                return Ok(changed);
            }
            return Err(Failure::message(
                t.text("changed-unknown-revision", &[("rev", rev.into())]),
            ));
        }
        let base = git(&["merge-base", rev, "HEAD"])
            .map(|b| b.trim().to_owned())
            .unwrap_or_else(|_| rev.to_owned());
        let diff = git(&["diff", "--no-ext-diff", "--no-color", "--unified=0", &base, "--"])?;
        let mut changed = Changed::default();
        changed.read_diff(&diff, &top);
        // Files git does not track yet are new in every line.
        let untracked = git(&["ls-files", "--others", "--exclude-standard", "--full-name"])?;
        for name in untracked.lines().filter(|l| !l.is_empty()) {
            changed.all_lines(&top.join(name));
        }
        Ok(changed)
    }

    /// Reads `git diff --unified=0`: every `+++ b/FILE` and `@@ -a,b +c,d @@`.
    fn read_diff(&mut self, diff: &str, top: &Path) {
        let mut file: Option<PathBuf> = None;
        for line in diff.lines() {
            if let Some(names) = line
                .strip_prefix("Binary files ")
                .and_then(|l| l.strip_suffix(" differ"))
            {
                // `Binary files a/x.xlsx and b/x.xlsx differ` (or `/dev/null and b/…`).
                if let Some((_, new)) = names.rsplit_once(" and b/") {
                    self.whole.insert(canonical(&top.join(new)));
                }
                file = None;
            } else if let Some(name) = line.strip_prefix("+++ ") {
                file = name.strip_prefix("b/").map(|n| canonical(&top.join(n)));
            } else if let (Some(hunk), Some(file)) = (line.strip_prefix("@@ "), &file) {
                let Some(new) = hunk.split_whitespace().find(|p| p.starts_with('+')) else {
                    continue;
                };
                let mut parts = new[1..].split(',');
                let start: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                let count: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(1);
                let lines = self.lines.entry(file.clone()).or_default();
                if count == 0 {
                    // Lines removed after line `start`: both neighbours
                    // were touched.
                    lines.extend([start.max(1), start + 1]);
                } else {
                    lines.extend(start..start + count);
                }
            }
        }
    }

    fn all_lines(&mut self, path: &Path) {
        let Ok(text) = std::fs::read_to_string(path) else {
            // Not text (a workbook): all of it is new.
            self.whole.insert(canonical(path));
            return;
        };
        let count = text.lines().count();
        self.lines
            .entry(canonical(path))
            .or_default()
            .extend(1..=count.max(1));
    }

    /// Whether a site lies on a changed line.
    fn touches(&self, site: &Site) -> bool {
        if self.whole.contains(&canonical(&site.source.path)) {
            return true;
        }
        let Some(lines) = self.lines.get(&canonical(&site.source.path)) else {
            return false;
        };
        let (from, to) = (site.location.line, site.location.end_line.max(site.location.line));
        lines.range(from..=to).next().is_some()
    }

    /// Whether a finding or one of its related sites lies on a changed line.
    /// A finding with no place (a configuration error) is always kept.
    fn keeps(&self, finding: &Finding) -> bool {
        match &finding.site {
            None => true,
            Some(site) => self.touches(site) || finding.related.iter().any(|r| self.touches(&r.site)),
        }
    }

    /// Leaves in `report` only the findings on changed lines, and counts
    /// the others. Findings that mean the check could not be carried out
    /// (a broken rule, an unreadable file) are always kept.
    pub fn filter(&self, report: &mut Report) {
        let before = report.findings.len();
        report.findings.retain(|f| {
            self.keeps(f) || tally_engine::Builtin::from_id(&f.rule).is_some_and(|b| b.is_tool_error())
        });
        report.untouched = Some(before - report.findings.len());
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_workbook_is_changed_everywhere() {
        let mut changed = Changed::default();
        changed.read_diff(
            "diff --git a/data/附件.xlsx b/data/附件.xlsx\nindex 1..2 100644\nBinary files a/data/附件.xlsx and b/data/附件.xlsx differ\n",
            Path::new("/p"),
        );
        assert!(changed.whole.contains(&canonical(Path::new("/p/data/附件.xlsx"))));
    }

    #[test]
    fn hunks_give_the_new_lines() {
        let mut changed = Changed::default();
        let top = Path::new("/nonexistent-top");
        changed.read_diff(
            "diff --git a/d.ron b/d.ron\n--- a/d.ron\n+++ b/d.ron\n@@ -3 +3 @@\n-x\n+y\n@@ -10,0 +11,2 @@\n+a\n+b\n@@ -20,2 +21,0 @@\n-c\n-d\n",
            top,
        );
        let lines: Vec<usize> = changed.lines[&top.join("d.ron")].iter().copied().collect();
        assert_eq!(lines, [3, 11, 12, 21, 22]);
    }
}
