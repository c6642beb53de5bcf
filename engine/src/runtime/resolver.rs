//! `import` for rules: only modules in the rules' own library folder.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rhai::{Engine, EvalAltResult, Module, ModuleResolver, Position, Scope, Shared, AST};

/// Resolves `import "name"` to `<lib>/name.rhai` and nothing else: no
/// absolute paths, no `..`, no symbolic link that leads out of the folder.
#[derive(Debug, Clone)]
pub struct LibResolver {
    lib: Option<PathBuf>,
    /// Compiled library modules by import name: the file, the text it was
    /// compiled from, and the check in which the file was last read.
    /// Every rule run imports them again, and reading and compiling cost
    /// more than a small rule's whole run; within one check a module is
    /// read once, and a changed file is compiled afresh in the next. The
    /// module is still evaluated per run (its top level may read the data).
    compiled: Arc<Mutex<HashMap<String, Compiled>>>,
    /// The current check (see [`LibResolver::begin_check`]).
    epoch: Arc<std::sync::atomic::AtomicU64>,
    /// What one engine has imported in its current run.
    guard: Arc<ImportGuard>,
}

/// When a run must stop, and which deadline that is, in words (`deadline
/// of 1000 ms`), for the message.
pub type Deadline = Arc<Mutex<(Instant, String)>>;

/// The bounds on one engine's imports, whatever their depth: a module that
/// imports itself (directly or through others) is an error naming the
/// cycle instead of a stack overflow; at most `max` modules are loaded per
/// run, nested or not; and loading stops at the run's deadline.
#[derive(Debug, Default)]
pub struct ImportGuard {
    /// The import names being loaded, outermost first.
    stack: Mutex<Vec<String>>,
    /// Modules loaded in this run.
    loaded: AtomicUsize,
    /// `limits.max_modules`.
    max: usize,
    /// The run's deadline and its length in ms, if the engine runs rules.
    deadline: Mutex<Option<Deadline>>,
    /// The interface language of the run, for the import errors.
    catalogue: Mutex<Option<Arc<tally_i18n::Catalogue>>>,
}

impl ImportGuard {
    /// A new run begins: nothing loaded yet.
    pub fn begin_run(&self, catalogue: Arc<tally_i18n::Catalogue>) {
        if let Ok(mut slot) = self.catalogue.lock() {
            *slot = Some(catalogue);
        }
        self.loaded.store(0, Ordering::Relaxed);
        if let Ok(mut stack) = self.stack.lock() {
            stack.clear();
        }
    }

    /// Stops the run's imports at `deadline`.
    pub fn set_deadline(&self, deadline: Deadline) {
        if let Ok(mut slot) = self.deadline.lock() {
            *slot = Some(deadline);
        }
    }

    /// Admits the import of `path`, or says why not.
    /// The import error `key` in the run's language (English before a run).
    fn say(&self, key: &str, args: &[(&str, tally_i18n::Arg<'_>)]) -> String {
        match self.catalogue.lock().ok().and_then(|c| c.clone()) {
            Some(t) => t.text(key, args),
            None => tally_i18n::Catalogue::new(tally_i18n::Lang::En).text(key, args),
        }
    }

    fn enter(&self, path: &str) -> Result<(), String> {
        if let Some(deadline) = self.deadline.lock().ok().and_then(|d| d.clone()) {
            if let Ok((at, what)) = deadline.lock().as_deref() {
                if Instant::now() >= *at {
                    return Err(format!("the {what} passed while loading `import \"{path}\"`"));
                }
            }
        }
        let mut stack = self.stack.lock().map_err(|_| "internal: import stack poisoned".to_owned())?;
        if let Some(at) = stack.iter().position(|p| p == path) {
            let mut cycle: Vec<&str> = stack[at..].iter().map(String::as_str).collect();
            cycle.push(path);
            return Err(self.say("import-cycle", &[("cycle", cycle.join(" → ").into())]));
        }
        let loaded = self.loaded.fetch_add(1, Ordering::Relaxed) + 1;
        if loaded > self.max {
            return Err(self.say("import-too-many", &[("max", self.max.into())]));
        }
        stack.push(path.to_owned());
        Ok(())
    }

    fn leave(&self) {
        if let Ok(mut stack) = self.stack.lock() {
            stack.pop();
        }
    }
}

#[derive(Debug)]
struct Compiled {
    text: String,
    ast: AST,
    read_in: u64,
}

impl LibResolver {
    /// A resolver for the library folder `lib` (`rules/lib`), if it exists.
    pub fn new(lib: Option<PathBuf>) -> Self {
        LibResolver {
            lib: lib.and_then(|l| std::fs::canonicalize(l).ok()),
            compiled: Arc::default(),
            epoch: Arc::default(),
            guard: Arc::default(),
        }
    }

    /// The resolver for one engine: the shared cache of compiled modules,
    /// and a guard of its own, allowing `max_modules` imports per run.
    pub fn for_engine(&self, max_modules: usize) -> (Self, Arc<ImportGuard>) {
        let guard = Arc::new(ImportGuard {
            max: max_modules,
            ..ImportGuard::default()
        });
        let resolver = LibResolver {
            guard: guard.clone(),
            ..self.clone()
        };
        (resolver, guard)
    }

    /// A new check begins: library files are read again (once) to see
    /// whether they changed.
    pub fn begin_check(&self) {
        self.epoch.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    fn locate(&self, path: &str) -> Result<PathBuf, String> {
        let relative = Path::new(path);
        let plain = relative.components().all(|c| matches!(c, Component::Normal(_)));
        if !plain || path.is_empty() {
            return Err(self.guard.say("import-not-plain", &[("path", path.into())]));
        }
        let Some(lib) = &self.lib else {
            return Err(self.guard.say("import-no-lib", &[]));
        };
        let mut file = lib.join(relative);
        if file.extension().is_none() {
            file.set_extension("rhai");
        }
        let canonical = std::fs::canonicalize(&file)
            .map_err(|_| self.guard.say("import-no-module", &[("path", path.into())]))?;
        if !canonical.starts_with(lib) {
            return Err(self.guard.say("import-outside", &[("path", path.into())]));
        }
        if !canonical.is_file() {
            // A named pipe would block the rule forever, past its deadline.
            return Err(self.guard.say("import-not-a-file", &[("path", path.into())]));
        }
        Ok(canonical)
    }
}

impl LibResolver {
    /// Reads the module `path` and compiles it unless its text is the one
    /// compiled before.
    fn read(
        &self,
        engine: &Engine,
        path: &str,
        pos: Position,
        epoch: u64,
    ) -> Result<AST, Box<EvalAltResult>> {
        let file = self
            .locate(path)
            .map_err(|msg| Box::new(EvalAltResult::ErrorRuntime(msg.into(), pos)))?;
        let text = std::fs::read_to_string(&file)
            .map_err(|err| Box::new(EvalAltResult::ErrorModuleNotFound(format!("{path}: {err}"), pos)))?;
        let mut compiled = self.compiled.lock().map_err(|_| {
            Box::new(EvalAltResult::ErrorRuntime(
                "internal: module cache poisoned".into(),
                pos,
            ))
        })?;
        if let Some(known) = compiled.get_mut(path).filter(|c| c.text == text) {
            known.read_in = epoch;
            return Ok(known.ast.clone());
        }
        let mut ast = engine
            .compile(&text)
            .map_err(|err| Box::new(EvalAltResult::ErrorInModule(path.into(), err.into(), pos)))?;
        ast.set_source(file.to_string_lossy().as_ref());
        compiled.insert(
            path.to_owned(),
            Compiled {
                text,
                ast: ast.clone(),
                read_in: epoch,
            },
        );
        Ok(ast)
    }
}

impl ModuleResolver for LibResolver {
    fn resolve(
        &self,
        engine: &Engine,
        _source: Option<&str>,
        path: &str,
        pos: Position,
    ) -> Result<Shared<Module>, Box<EvalAltResult>> {
        self.guard
            .enter(path)
            .map_err(|msg| Box::new(EvalAltResult::ErrorRuntime(msg.into(), pos)))?;
        let result = self.load(engine, path, pos);
        self.guard.leave();
        result
    }
}

impl LibResolver {
    /// Reads (or takes from the cache) and evaluates module `path`.
    fn load(&self, engine: &Engine, path: &str, pos: Position) -> Result<Shared<Module>, Box<EvalAltResult>> {
        let epoch = self.epoch.load(std::sync::atomic::Ordering::Relaxed);
        let fresh = self
            .compiled
            .lock()
            .ok()
            .and_then(|c| c.get(path).filter(|c| c.read_in == epoch).map(|c| c.ast.clone()));
        let ast = match fresh {
            Some(ast) => ast,
            None => self.read(engine, path, pos, epoch)?,
        };
        let module = Module::eval_ast_as_new(Scope::new(), &ast, engine)
            .map_err(|err| Box::new(EvalAltResult::ErrorInModule(path.into(), err, pos)))?;
        Ok(module.into())
    }
}
