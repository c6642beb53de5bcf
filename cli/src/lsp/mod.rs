//! `tally lsp`: the Language Server Protocol over stdin and stdout, on the
//! same project discovery and engine as `tally check`.
//!
//! One loop reads the client's messages and answers requests at once from
//! the open documents (kept as the editor's text, never read back from
//! disk) and from what the last check loaded; checks run on a thread of
//! their own ([`diagnostics::run`]), debounced, on the editor's unsaved
//! texts ([`tally_engine::Engine::check_with`]). The server never writes
//! a file: a fix reaches a file only through the client applying an edit.
//! `docs/lsp.md` has the features and the editor setups.

mod actions;
mod diagnostics;
mod features;
mod poll;
mod registry;
mod scan;
mod text;
mod transport;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _,
};
use lsp_types::request::{
    CodeActionRequest, Completion, ExecuteCommand, GotoDefinition, HoverRequest, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, ExecuteCommandOptions, HoverProviderCapability,
    InitializeParams, OneOf, SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use tally_engine::{Engine, Finding, Project, Selection, Texts};

use crate::args::LspArgs;
use crate::{Exit, Failure};
use text::{canonical, uri_to_path, Doc};

/// The project as set up from `tally.ron`, or why it cannot be.
pub enum Setup {
    /// The engine `tally check` would use.
    Ready {
        /// The project (for the baseline).
        project: Box<Project>,
        /// The engine.
        engine: Box<Engine>,
    },
    /// tally.ron (or the folders it names) is wrong: the finding, if it
    /// has a place, is shown there.
    Broken {
        /// The located `config-error`.
        finding: Option<Box<Finding>>,
    },
}

impl Setup {
    /// Discovers the project at `root` and builds its engine.
    fn new(root: &Path) -> (Setup, Option<String>) {
        // The editor's locale, unless tally.ron names a language: the
        // server speaks as `tally check` would in that folder.
        let var = |name: &str| std::env::var(name).ok();
        let locale = tally_engine::Lang::from_locale(
            var("LC_ALL").as_deref(),
            var("LC_MESSAGES").as_deref(),
            var("LANG").as_deref(),
        );
        let built = Project::discover_in(root, locale).and_then(|project| {
            let lang = project.configured_lang().unwrap_or(locale);
            let project = project
                .with_lang(lang)
                .with_table_source(std::sync::Arc::new(tally_sheets::SheetsSource));
            let engine = project.engine(&Selection::default())?;
            Ok((project, engine))
        });
        match built {
            Ok((project, engine)) => (
                Setup::Ready {
                    project: Box::new(project),
                    engine: Box::new(engine),
                },
                None,
            ),
            Err(tally_engine::Error::Config(finding)) => {
                let text = finding.message.clone();
                (
                    Setup::Broken {
                        finding: Some(finding),
                    },
                    Some(text),
                )
            }
            Err(err) => (Setup::Broken { finding: None }, Some(err.to_string())),
        }
    }

    /// The engine, if the project could be set up.
    pub fn engine(&self) -> Option<&Engine> {
        match self {
            Setup::Ready { engine, .. } => Some(engine),
            Setup::Broken { .. } => None,
        }
    }
}

/// The server's state, owned by the message loop.
pub struct Server {
    client: Sender<Message>,
    /// The project root (canonical): requests about files outside it get
    /// an empty answer.
    root: PathBuf,
    setup: Arc<Setup>,
    /// Open documents by canonical path.
    docs: BTreeMap<PathBuf, Doc>,
    checker: Sender<diagnostics::Job>,
    published: diagnostics::Published,
    /// Whether the client can be asked to move its cursor
    /// (`window/showDocument` with a selection).
    show_document: bool,
    next_request: i32,
}

/// Runs `tally lsp` until the client says `exit` or goes away.
pub fn run(_args: &LspArgs) -> Result<Exit, Failure> {
    let connection = transport::stdio();
    let (id, params) = connection
        .initialize_start()
        .map_err(|err| Failure::message(format!("the client did not initialize: {err}")))?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let root = workspace_root(&params);
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                include_text: Some(false),
            })),
            ..TextDocumentSyncOptions::default()
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_owned(), "(".to_owned(), ".".to_owned()]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![actions::PLACE_CURSOR.to_owned()],
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo { name: "tally".to_owned(), version: Some(env!("CARGO_PKG_VERSION").to_owned()) },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|err| Failure::message(format!("the client did not finish initializing: {err}")))?;

    let watch_files = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let show_document = params
        .capabilities
        .window
        .as_ref()
        .and_then(|w| w.show_document.as_ref())
        .is_some_and(|s| s.support);

    let (checker, jobs) = crossbeam_channel::unbounded();
    let published: diagnostics::Published = Arc::new(Mutex::new(BTreeMap::new()));
    let client = connection.sender.clone();
    let last = published.clone();
    std::thread::Builder::new()
        .name("lsp-checker".to_owned())
        .spawn(move || diagnostics::run(&jobs, &client, &last))
        .map_err(Failure::Io)?;

    let (setup, problem) = Setup::new(&root);
    let mut server = Server {
        client: connection.sender.clone(),
        root,
        setup: Arc::new(setup),
        docs: BTreeMap::new(),
        checker,
        published,
        show_document,
        next_request: 0,
    };
    if let Some(problem) = problem {
        server.show_message(&problem);
    }
    // Changes on disk: from the client if it can tell, else looked for.
    let disk = if watch_files {
        server.watch_files();
        crossbeam_channel::never()
    } else {
        let (changed, disk) = crossbeam_channel::unbounded();
        poll::start(server.root.clone(), changed);
        disk
    };
    server.schedule();
    let clean = server.serve(&connection, disk);
    Ok(if clean { Exit::Clean } else { Exit::Findings })
}

/// The workspace's folder: the first workspace folder, else the root URI,
/// else the working directory.
fn workspace_root(params: &InitializeParams) -> PathBuf {
    let folder = params
        .workspace_folders
        .iter()
        .flatten()
        .find_map(|f| uri_to_path(&f.uri));
    #[allow(deprecated)]
    let root = folder.or_else(|| params.root_uri.as_ref().and_then(uri_to_path));
    let root = root.or_else(|| std::env::current_dir().ok()).unwrap_or_default();
    canonical(&root)
}

impl Server {
    /// The message loop, also told of changes on disk by `disk`. `true`
    /// if it ended with `shutdown` then `exit`.
    fn serve(&mut self, connection: &Connection, mut disk: Receiver<bool>) -> bool {
        let mut shut_down = false;
        loop {
            crossbeam_channel::select! {
                recv(connection.receiver) -> message => {
                    // Disconnected: the client went away without `exit`.
                    let Ok(message) = message else { return false };
                    if let Some(clean) = self.message(message, &mut shut_down) {
                        return clean;
                    }
                }
                recv(disk) -> config => match config {
                    Ok(config) => {
                        if config {
                            self.reload();
                        }
                        self.schedule();
                    }
                    Err(_) => disk = crossbeam_channel::never(),
                },
            }
        }
    }

    /// Handles one message; `Some` when the loop is to end (on `exit`).
    fn message(&mut self, message: Message, shut_down: &mut bool) -> Option<bool> {
        match message {
            Message::Request(request) => {
                if request.method == "shutdown" {
                    *shut_down = true;
                    self.respond(Response::new_ok(request.id, ()));
                } else if *shut_down {
                    self.respond(Response::new_err(
                        request.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".to_owned(),
                    ));
                } else {
                    self.request(request);
                }
            }
            Message::Notification(note) => {
                if note.method == "exit" {
                    return Some(*shut_down);
                }
                self.notification(note);
            }
            Message::Response(_) => {}
        }
        None
    }

    fn respond(&self, response: Response) {
        let _ = self.client.send(Message::Response(response));
    }

    /// Sends a request to the client; its answer is not waited for.
    fn ask(&mut self, method: &str, params: impl serde::Serialize) {
        self.next_request += 1;
        let id = RequestId::from(format!("tally-{}", self.next_request));
        let _ = self
            .client
            .send(Message::Request(Request::new(id, method.to_owned(), params)));
    }

    fn show_message(&self, text: &str) {
        let params = lsp_types::ShowMessageParams {
            typ: lsp_types::MessageType::WARNING,
            message: format!("tally: {text}"),
        };
        let note = Notification::new(lsp_types::notification::ShowMessage::METHOD.to_owned(), params);
        let _ = self.client.send(Message::Notification(note));
    }

    /// Asks the client to tell about changes to `.ron` and `.rhai` files
    /// (rules, registries, tally.ron edited elsewhere).
    fn watch_files(&mut self) {
        let watchers: Vec<lsp_types::FileSystemWatcher> = ["**/*.ron", "**/*.rhai"]
            .into_iter()
            .map(|glob| lsp_types::FileSystemWatcher {
                glob_pattern: lsp_types::GlobPattern::String(glob.to_owned()),
                kind: None,
            })
            .collect();
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = lsp_types::RegistrationParams {
            registrations: vec![lsp_types::Registration {
                id: "tally-watched-files".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.ask(lsp_types::request::RegisterCapability::METHOD, params);
    }

    /// Queues a check of the open documents.
    fn schedule(&self) {
        let mut texts = Texts::new();
        let mut open = BTreeMap::new();
        for (path, doc) in &self.docs {
            if path.starts_with(&self.root) {
                texts.insert(path.clone(), Arc::from(doc.text.as_str()));
                open.insert(path.clone(), (doc.uri.clone(), doc.version));
            }
        }
        let _ = self.checker.send(diagnostics::Job {
            setup: self.setup.clone(),
            texts,
            open,
        });
    }

    /// Sets the project up again (tally.ron changed) and re-checks.
    fn reload(&mut self) {
        let (setup, problem) = Setup::new(&self.root);
        self.setup = Arc::new(setup);
        if let Some(problem) = problem {
            self.show_message(&problem);
        }
    }

    /// The open document at `uri` inside the project.
    pub fn doc(&self, uri: &Uri) -> Option<(&Path, &Doc)> {
        let path = canonical(&uri_to_path(uri)?);
        let (path, doc) = self.docs.get_key_value(&path)?;
        path.starts_with(&self.root).then_some((path.as_path(), doc))
    }

    fn notification(&mut self, note: Notification) {
        match note.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(params) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(note.params)
                {
                    let item = params.text_document;
                    if let Some(path) = uri_to_path(&item.uri) {
                        let doc = Doc {
                            uri: item.uri,
                            text: item.text,
                            version: item.version,
                        };
                        self.docs.insert(canonical(&path), doc);
                        self.schedule();
                    }
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(params) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(note.params)
                {
                    let Some(path) = uri_to_path(&params.text_document.uri) else {
                        return;
                    };
                    if let Some(doc) = self.docs.get_mut(&canonical(&path)) {
                        for change in params.content_changes {
                            doc.apply(change);
                        }
                        doc.version = params.text_document.version;
                        self.schedule();
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(params) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(note.params)
                {
                    if let Some(path) = uri_to_path(&params.text_document.uri) {
                        self.docs.remove(&canonical(&path));
                        self.schedule();
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(params) =
                    serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(note.params)
                {
                    if uri_to_path(&params.text_document.uri).is_some_and(|p| is_config(&p)) {
                        self.reload();
                    }
                    self.schedule();
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(params) =
                    serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(note.params)
                {
                    if params
                        .changes
                        .iter()
                        .any(|c| uri_to_path(&c.uri).is_some_and(|p| is_config(&p)))
                    {
                        self.reload();
                    }
                    self.schedule();
                }
            }
            _ => {}
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        // A bug in a feature must not end the server: the request gets an
        // internal error and the next one is served.
        let served = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.serve_request(request)));
        let result = served.unwrap_or_else(|_| {
            Err((
                ErrorCode::InternalError,
                "tally lsp failed on this request; this is a bug in tally, please report it".to_owned(),
            ))
        });
        match result {
            Ok(value) => self.respond(Response::new_ok(id, value)),
            Err((code, message)) => self.respond(Response::new_err(id, code as i32, message)),
        }
    }

    fn serve_request(&mut self, request: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        match request.method.as_str() {
            Completion::METHOD => params(request).map(|p| to_value(features::completion(self, &p))),
            HoverRequest::METHOD => params(request).map(|p| to_value(features::hover(self, &p))),
            CodeActionRequest::METHOD => params(request).map(|p| to_value(actions::code_actions(self, &p))),
            GotoDefinition::METHOD => params(request).map(|p| to_value(actions::definition(self, &p))),
            ExecuteCommand::METHOD => params(request).map(|p| to_value(actions::execute(self, &p))),
            other => Err((
                ErrorCode::MethodNotFound,
                format!("tally lsp does not serve `{other}`"),
            )),
        }
    }
}

/// Whether `path` is a `tally.ron`.
fn is_config(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "tally.ron")
}

/// A request's parameters, or an `invalid params` error.
fn params<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(request.params).map_err(|err| {
        (
            ErrorCode::InvalidParams,
            format!("invalid params for `{}`: {err}", request.method),
        )
    })
}

fn to_value(value: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
