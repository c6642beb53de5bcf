//! Shared by the test modules: the workspace, an engine over a scratch
//! project, and (for the `data_*` tests) a shipped data file deserialized
//! both directly with ron and through `deserialize_kind`, which must agree.

use std::path::{Path, PathBuf};

use tally_engine::model::{deserialize_kind, Table};
use tally_engine::{Engine, EngineBuilder};

/// The workspace's root folder, which holds the shipped data, rules and
/// schemas.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// An engine builder over the project in `dir`: its `data`, `rules` and
/// `schemas` folders, file names shown relative to it.
pub fn project_engine(dir: &Path) -> EngineBuilder {
    Engine::builder()
        .data(dir.join("data"))
        .rules(dir.join("rules"))
        .schemas(dir.join("schemas"))
        .display_base(dir)
}

/// The text of `data/<file>`.
pub fn read(file: &str) -> String {
    let path = format!("{}/../data/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

/// `data/<file>` as the shipped kind `kind`; `pick` takes the table out of
/// the `Table` variant that `kind` deserializes to.
pub fn load<T>(file: &str, kind: &str, pick: impl FnOnce(Table) -> Option<T>) -> T
where
    T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = read(file);
    let direct: T = ron::from_str(&text).unwrap_or_else(|e| panic!("parse {file} as {kind}: {e}"));
    let table = match deserialize_kind(kind, &text) {
        Some(Ok(table)) => table,
        Some(Err(e)) => panic!("deserialize_kind({kind}): {e}"),
        None => panic!("`{kind}` is not a shipped kind"),
    };
    let typed = pick(table).unwrap_or_else(|| panic!("deserialize_kind({kind}) gave another kind"));
    assert_eq!(typed, direct);
    typed
}
