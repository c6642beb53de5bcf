//! tally-engine checks tables kept as RON files with rules that their
//! keepers write as Rhai scripts, and reports every finding at the exact
//! value it is about.
//!
//! It is the library behind the `tally` command: an embedding program (an
//! editor server, a data-entry tool, a CI step) finds the project, builds
//! an [`Engine`] and asks it for a [`Report`] whenever it likes. The engine
//! keeps what it loaded between checks, so a re-check after an edit reads
//! only what changed. It never prints and never writes to the files it
//! checks.
//!
//! ```
//! use tally_engine::{Engine, Severity};
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::create_dir_all(dir.path().join("data"))?;
//! std::fs::create_dir_all(dir.path().join("rules"))?;
//! std::fs::create_dir_all(dir.path().join("schemas"))?;
//! // The table kind, declared as data (`schemas/` beside `rules/`).
//! std::fs::write(
//!     dir.path().join("schemas/Sales.ron"),
//!     r#"Schema(kind: "Sales", fields: {
//!         "total": (type: "number", min: 0),
//!         "parts": (type: "map of text to number", min: 0),
//!     })"#,
//! )?;
//! std::fs::write(
//!     dir.path().join("data/sales.ron"),
//!     "Sales(total: 10, parts: {\"north\": 4, \"south\": 5})",
//! )?;
//! std::fs::write(
//!     dir.path().join("rules/parts-sum.rhai"),
//!     r#"
//!         const ID = "parts-sum";
//!         const SEVERITY = "error";
//!         const TITLE = "the parts add up to the total";
//!         fn check(data) {
//!             for t in tables("Sales") {
//!                 if sum(t.parts) != t.total {
//!                     report(t.total, `parts sum to ${sum(t.parts)}, total is ${t.total}`);
//!                 }
//!             }
//!         }
//!     "#,
//! )?;
//!
//! let engine = Engine::builder()
//!     .data(dir.path().join("data"))
//!     .rules(dir.path().join("rules"))
//!     .build()?;
//! let report = engine.check();
//! let finding = &report.findings[0];
//! assert_eq!(finding.rule, "parts-sum");
//! assert_eq!(finding.message, "parts sum to 9, total is 10");
//! let site = finding.site.as_ref().expect("located");
//! assert_eq!((site.location.line, site.location.column), (1, 14));
//! assert!(report.fails_at(Severity::Error));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A front end usually starts from a [`Project`] instead: it finds
//! `tally.ron` upward from a folder, applies its defaults and validates
//! it, exactly as `tally check` does.
//!
//! # Layers
//!
//! The modules depend one way, from the bottom up: `text` and `span` (the
//! span index) ← `report` (findings) ← `load` (read, discover, decode,
//! parse, fit to a kind) ← `rules` (rule metadata) ← `checks` (the
//! [`Check`] trait and the built-in checks, with the suppression pass) ←
//! `runtime` (the Rhai sandbox and the rule API) ← `engine` ← `baseline`,
//! `fixtures` ← `project` ← `watch`. `docs/architecture.md` has the
//! picture. The modules are private; what is reachable is re-exported
//! here, apart from [`fixtures`] (rule fixtures and `tally test`). The
//! `internals` feature exposes the modules for tally's own
//! benchmarks and fuzz targets; it is not a stable interface.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

/// Declares the layers, bottom first (`model`, the typed structs of the
/// shipped kinds, is for programs that embed the engine: the engine reads
/// every kind through its schema) (`scripts/check-layers.py` holds each
/// to using only those listed before it): private modules, public with
/// `internals`.
macro_rules! layers {
    ($($(#[$attr:meta])* $vis:vis $name:ident),* $(,)?) => {
        $(
            $(#[$attr])*
            #[cfg(feature = "internals")]
            pub mod $name;
            $(#[$attr])*
            #[cfg(not(feature = "internals"))]
            $vis mod $name;
        )*
    };
}

layers! {
    text,
    span,
    report,
    #[cfg(feature = "internals")]
    model,
    load,
    schema,
    rules,
    checks,
    runtime,
    checks_data,
    engine,
    baseline,
    pub fixtures,
    project,
    #[cfg(feature = "watch")]
    watch,
}

mod error;

pub use baseline::{Baseline, BaselineError};
pub use checks::{Check, CheckContext};
pub use engine::{
    BookRequest, BookTables, Engine, EngineBuilder, ProblemKind, SheetMapping, SourceProblem, TableSource,
    TableText, Texts, Workbooks,
};
pub use error::Error;
pub use load::DataFile;
pub use project::{Config, Origin, Project, Selection};
pub use report::{
    column_letters, BaselineEntry, BaselineOutcome, Builtin, Cell, CellMap, Finding, Related, Report,
    RuleStat, Severity, SheetText, Site, SourceFile, Suppressed, SHEET_SEPARATOR,
};
pub use rules::{ParamValue, RuleMeta, RuleOrigin};
pub use runtime::Limits;
pub use schema::{
    infer as infer_schema, infer_in as infer_schema_in, FieldSpec, Record, Reference, Schema, Schemas,
    Type as FieldType,
};
pub use span::{Comment, Document, Field, Location, Node, NodeId, NodeKind, PathSegment, Span};
pub use tally_i18n::{Arg as MessageArg, Catalogue, Lang};
pub use text::suggest;
#[cfg(feature = "watch")]
pub use watch::{Update, WatchError, Watcher, WatcherBuilder};
