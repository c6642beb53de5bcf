//! `import` for rules: only modules in the rules' own library folder.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

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
        }
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
            return Err(format!(
                "`import \"{path}\"` is outside the rules' library folder; write a name relative to `lib/`, without `..`"
            ));
        }
        let Some(lib) = &self.lib else {
            return Err("there is no `lib` folder beside the rules to import from".into());
        };
        let mut file = lib.join(relative);
        if file.extension().is_none() {
            file.set_extension("rhai");
        }
        let canonical = std::fs::canonicalize(&file)
            .map_err(|_| format!("no module `{path}` in the rules' library folder"))?;
        if !canonical.starts_with(lib) {
            return Err(format!(
                "`import \"{path}\"` leads outside the rules' library folder"
            ));
        }
        if !canonical.is_file() {
            // A named pipe would block the rule forever, past its deadline.
            return Err(format!("`import \"{path}\"` is not a regular file"));
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
