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
    /// Compiled library modules by file, with the text they were compiled
    /// from: every rule run imports them again, and compiling costs more
    /// than a small rule's whole run. The module is still evaluated per
    /// run (its top level may read the data), and a changed file is
    /// compiled afresh.
    compiled: Arc<Mutex<HashMap<PathBuf, (String, AST)>>>,
}

impl LibResolver {
    /// A resolver for the library folder `lib` (`rules/lib`), if it exists.
    pub fn new(lib: Option<PathBuf>) -> Self {
        LibResolver {
            lib: lib.and_then(|l| std::fs::canonicalize(l).ok()),
            compiled: Arc::default(),
        }
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

impl ModuleResolver for LibResolver {
    fn resolve(
        &self,
        engine: &Engine,
        _source: Option<&str>,
        path: &str,
        pos: Position,
    ) -> Result<Shared<Module>, Box<EvalAltResult>> {
        let file = self
            .locate(path)
            .map_err(|msg| Box::new(EvalAltResult::ErrorRuntime(msg.into(), pos)))?;
        let text = std::fs::read_to_string(&file)
            .map_err(|err| Box::new(EvalAltResult::ErrorModuleNotFound(format!("{path}: {err}"), pos)))?;
        let cached = self.compiled.lock().ok().and_then(|c| {
            c.get(&file)
                .filter(|(t, _)| *t == text)
                .map(|(_, ast)| ast.clone())
        });
        let ast = match cached {
            Some(ast) => ast,
            None => {
                let mut ast = engine
                    .compile(&text)
                    .map_err(|err| Box::new(EvalAltResult::ErrorInModule(path.into(), err.into(), pos)))?;
                ast.set_source(file.to_string_lossy().as_ref());
                if let Ok(mut compiled) = self.compiled.lock() {
                    compiled.insert(file.clone(), (text, ast.clone()));
                }
                ast
            }
        };
        let module = Module::eval_ast_as_new(Scope::new(), &ast, engine)
            .map_err(|err| Box::new(EvalAltResult::ErrorInModule(path.into(), err, pos)))?;
        Ok(module.into())
    }
}
