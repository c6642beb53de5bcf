//! Go to definition and code actions: from a name to its registry
//! entry, from a rule id to its file; the did-you-mean fix and the
//! `tally: allow(…)` comment, with the cursor put where the reason goes.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use lsp_types::request::Request as _;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command, ExecuteCommandParams,
    GotoDefinitionParams, GotoDefinitionResponse, Location, Position, Range, ShowDocumentParams, TextEdit,
    Uri, WorkspaceEdit,
};
use tally_engine::RuleOrigin;

use super::features::{allow_id_at, loaded};
use super::registry;
use super::scan::{self, Tok};
use super::text::{offset, path_to_uri, Lines};
use super::Server;

/// The command a code action runs after its edit: asks the client to put
/// the cursor at a place (`window/showDocument` with a selection).
pub const PLACE_CURSOR: &str = "tally.placeCursor";

/// Findings that cannot be silenced by a `tally: allow(…)` comment.
const UNSILENCEABLE: [&str; 6] = [
    "parse",
    "rule-error",
    "config-error",
    "io",
    "unused-suppression",
    "invalid-suppression",
];

/// `textDocument/definition`: a registry name → its entry; a rule id (in
/// an `allow(…)` comment, or a string in tally.ron) → its `.rhai` file.
pub fn definition(server: &Server, params: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let position = &params.text_document_position_params;
    let (path, doc) = server.doc(&position.text_document.uri)?;
    let at = offset(&doc.text, position.position);
    let id = match allow_id_at(&doc.text, at) {
        Some((id, _)) => Some(id),
        None => {
            let tokens = scan::tokens(&doc.text);
            let Some(scan::Token {
                tok: Tok::Str(name, _),
                ..
            }) = scan::token_at(&tokens, at).map(|i| &tokens[i])
            else {
                return None;
            };
            let files = loaded(server, path, &doc.text);
            if let Some(entry) = registry::find(&files, name) {
                let uri = uri_for(server, &entry.source.path)?;
                let range = Lines::new(&entry.source.text).range(entry.span.0, entry.span.1);
                return Some(GotoDefinitionResponse::Scalar(Location::new(uri, range)));
            }
            Some(name.clone())
        }
    };
    let meta = server.setup.engine()?.rule(&id?)?;
    let RuleOrigin::Script(file) = meta.origin else {
        return None;
    };
    let uri = uri_for(server, &file)?;
    Some(GotoDefinitionResponse::Scalar(Location::new(
        uri,
        Range::default(),
    )))
}

/// The URI of a path: the client's own spelling if the file is open.
fn uri_for(server: &Server, path: &Path) -> Option<Uri> {
    match server.docs.get(&super::text::canonical(path)) {
        Some(doc) => Some(doc.uri.clone()),
        None => path_to_uri(path),
    }
}

/// `textDocument/codeAction`: for the findings of the last check that the
/// range touches, the registry name a did-you-mean suggests, and a
/// `// tally: allow(rule) ` comment above the line with the cursor left
/// where the reason goes.
pub fn code_actions(server: &Server, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let Some((path, doc)) = server.doc(&params.text_document.uri) else {
        return Vec::new();
    };
    let Ok(published) = server.published.lock() else {
        return Vec::new();
    };
    let Some(found) = published.get(path) else {
        return Vec::new();
    };
    let lines = Lines::new(&doc.text);
    let uri = params.text_document.uri.clone();
    let mut actions = Vec::new();
    let mut allowed = BTreeSet::new();
    for (diagnostic, finding) in found {
        if !touches(&diagnostic.range, &params.range) {
            continue;
        }
        let Some(site) = &finding.site else { continue };
        if site.source.text != doc.text {
            continue; // The text changed since; the next check will say.
        }
        let suggestion = finding.data.get("suggestion").and_then(|s| s.as_str());
        if let (Some(suggestion), true) = (
            suggestion,
            matches!(finding.rule.as_str(), "unknown-unit" | "unknown-region"),
        ) {
            let old = &doc.text[site.location.start..site.location.end];
            let new_text = if old.starts_with('"') {
                format!("\"{suggestion}\"")
            } else {
                suggestion.to_owned()
            };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Replace with `{suggestion}`"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit(&uri, TextEdit::new(diagnostic.range, new_text))),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
        if UNSILENCEABLE.contains(&finding.rule.as_str()) || path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        if !allowed.insert((diagnostic.range.start.line, finding.rule.clone())) {
            continue;
        }
        let line = diagnostic.range.start.line;
        let line_start = offset(&doc.text, Position::new(line, 0));
        let indent: String = doc.text[line_start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let comment = format!("{indent}// tally: allow({}) ", finding.rule);
        let cursor = Position::new(
            line,
            lines.position(line_start).character + comment.encode_utf16().count() as u32,
        );
        let insert = TextEdit::new(
            Range::new(Position::new(line, 0), Position::new(line, 0)),
            format!("{comment}\n"),
        );
        let command = server.show_document.then(|| Command {
            title: "place the cursor where the reason goes".to_owned(),
            command: PLACE_CURSOR.to_owned(),
            arguments: Some(vec![serde_json::json!(uri.as_str()), serde_json::json!(cursor)]),
        });
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Allow `{}` here (tally: allow comment)", finding.rule),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(edit(&uri, insert)),
            command,
            ..CodeAction::default()
        }));
    }
    actions
}

// lsp-types keys `WorkspaceEdit::changes` by `Uri`, whose parsed form
// caches lazily; it is hashed by its text, which never changes.
#[allow(clippy::mutable_key_type)]
fn edit(uri: &Uri, edit: TextEdit) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), vec![edit]);
    WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }
}

/// Whether two ranges overlap or touch.
fn touches(a: &Range, b: &Range) -> bool {
    let key = |p: &Position| (p.line, p.character);
    key(&a.start) <= key(&b.end) && key(&b.start) <= key(&a.end)
}

/// `workspace/executeCommand`: [`PLACE_CURSOR`] asks the client to show
/// the document with the cursor at the given position.
pub fn execute(server: &mut Server, params: &ExecuteCommandParams) -> Option<serde_json::Value> {
    if params.command != PLACE_CURSOR {
        return None;
    }
    let uri: Uri = params.arguments.first()?.as_str()?.parse().ok()?;
    let position: Position = serde_json::from_value(params.arguments.get(1)?.clone()).ok()?;
    let show = ShowDocumentParams {
        uri,
        external: None,
        take_focus: Some(true),
        selection: Some(Range::new(position, position)),
    };
    server.ask(lsp_types::request::ShowDocument::METHOD, show);
    None
}
