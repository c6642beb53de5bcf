//! The seed's annexes 2, 3 and 4 as a workbook made by LibreOffice
//! (`fixtures/make-seed.py`): importing them gives the figures of
//! `data/targets-2019.ron` and `data/evaluation-2017.ron` exactly.

use std::path::{Path, PathBuf};

use tally_engine::{DataFile, Document, NodeId, NodeKind, Schemas};
use tally_sheets::{import, ImportRequest, Layout};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn schemas() -> Schemas {
    Schemas::read_dir(&repo().join("schemas"), &|p: &Path| p.display().to_string())
}

/// A subtree as canonical text: every figure with its kind (`12.0` is a
/// float, `500` an integer), strings, None, fields in order; no comments.
fn canonical(doc: &Document, id: NodeId, out: &mut String, loose: bool) {
    match &doc.node(id).kind {
        NodeKind::Int(n) => out.push_str(&format!("i{n}")),
        NodeKind::Float(f) if loose && f.fract() == 0.0 => out.push_str(&format!("i{f}")),
        NodeKind::Float(f) => out.push_str(&format!("f{f:?}")),
        NodeKind::Str(s) => out.push_str(&format!("{s:?}")),
        NodeKind::Bool(b) => out.push_str(&b.to_string()),
        NodeKind::None => out.push_str("None"),
        NodeKind::Some(inner) => canonical(doc, *inner, out, loose),
        NodeKind::List(items) => {
            out.push('[');
            for item in items.iter() {
                canonical(doc, *item, out, loose);
                out.push_str(",\n");
            }
            out.push(']');
        }
        NodeKind::Map(pairs) => {
            out.push('{');
            for (k, v) in pairs.iter() {
                canonical(doc, *k, out, loose);
                out.push(':');
                canonical(doc, *v, out, loose);
                out.push_str(",\n");
            }
            out.push('}');
        }
        NodeKind::Struct { fields, .. } => {
            out.push('(');
            for field in fields.iter() {
                out.push_str(&field.name);
                out.push(':');
                canonical(doc, field.value, out, loose);
                out.push_str(",\n");
            }
            out.push(')');
        }
        other => out.push_str(&format!("{other:?}")),
    }
}

fn subtree(path: &Path, name: &str, text: Option<&str>, field: &str, loose: bool) -> String {
    let file = match text {
        Some(text) => {
            let tmp = tempfile::NamedTempFile::new().expect("temp file");
            std::fs::write(tmp.path(), text).expect("write");
            let (file, finding) = DataFile::read(
                tmp.path(),
                name,
                1 << 24,
                &tally_engine::Catalogue::new(tally_engine::Lang::En),
            )
            .expect("read");
            assert!(finding.is_none(), "{name} does not parse: {finding:?}\n{text}");
            file
        }
        None => {
            DataFile::read(
                path,
                name,
                1 << 24,
                &tally_engine::Catalogue::new(tally_engine::Lang::En),
            )
            .expect("read")
            .0
        }
    };
    let doc = file.document.as_ref().expect("parsed");
    let id = doc.field(doc.root(), field).expect("field");
    let mut out = String::new();
    canonical(doc, id, &mut out, loose);
    out
}

fn imported(book: &str, sheets: &[&str], kind: &str, layout: Layout) -> String {
    let schemas = schemas();
    let schema = schemas.get(kind).expect("schema");
    let sheets: Vec<String> = sheets.iter().map(|s| (*s).to_owned()).collect();
    let path = repo().join("sheets/fixtures").join(book);
    import(&ImportRequest {
        path: &path,
        shown: book,
        sheets: &sheets,
        schema,
        layout,
        catalogue: &tally_engine::Catalogue::new(tally_engine::Lang::En),
    })
    .unwrap_or_else(|e| panic!("import {book}: {e}"))
}

#[test]
fn annexes_2_and_3_give_the_targets_exactly() {
    for book in ["seed-annexes.xlsx", "seed-annexes.ods"] {
        let text = imported(book, &["附件2", "附件3"], "TargetTable", Layout::Breakdown);
        assert!(text.contains("// 附件3!C3:C21"), "{text}");
        // calamine reads no number formats from .ods: there `12.0` comes back `12`.
        let loose = book.ends_with(".ods");
        let got = subtree(Path::new("x"), "imported.ron", Some(&text), "sheets", loose);
        let want = subtree(
            &repo().join("data/targets-2019.ron"),
            "targets-2019.ron",
            None,
            "sheets",
            loose,
        );
        assert_eq!(got, want, "{book}");
    }
}

#[test]
fn annex_4_gives_the_evaluation_exactly() {
    let text = imported("seed-annexes.xlsx", &["附件4"], "Evaluation", Layout::Records);
    let got = subtree(Path::new("x"), "imported.ron", Some(&text), "rows", false);
    let want = subtree(
        &repo().join("data/evaluation-2017.ron"),
        "evaluation-2017.ron",
        None,
        "rows",
        false,
    );
    assert_eq!(got, want);
}

/// Exports `data/FILE` as a workbook, imports it again and compares `field`.
fn round_trip(file: &str, kind: &str, layout: Layout, field: &str) {
    let path = repo().join("data").join(file);
    let (data, _) = DataFile::read(
        &path,
        file,
        1 << 24,
        &tally_engine::Catalogue::new(tally_engine::Lang::En),
    )
    .expect("read");
    let doc = data.document.as_ref().expect("parsed");
    let schemas = schemas();
    let schema = schemas.get(kind).expect("schema");
    let bytes = tally_sheets::export(
        doc,
        &data.source.text,
        schema,
        &tally_engine::Catalogue::new(tally_engine::Lang::En),
    )
    .expect("export");
    let dir = tempfile::tempdir().expect("dir");
    let book = dir.path().join("book.xlsx");
    std::fs::write(&book, bytes).expect("write");
    let text = import(&ImportRequest {
        path: &book,
        shown: "book.xlsx",
        sheets: &[],
        schema,
        layout,
        catalogue: &tally_engine::Catalogue::new(tally_engine::Lang::En),
    })
    .unwrap_or_else(|e| panic!("import the export of {file}: {e}"));
    let got = subtree(Path::new("x"), "imported.ron", Some(&text), field, false);
    let want = subtree(&path, file, None, field, false);
    assert_eq!(got, want, "{text}");
}

#[test]
fn export_then_import_gives_the_same_targets() {
    round_trip("targets-2019.ron", "TargetTable", Layout::Breakdown, "sheets");
}

#[test]
fn export_then_import_gives_the_same_evaluation() {
    round_trip("evaluation-2017.ron", "Evaluation", Layout::Records, "rows");
}
