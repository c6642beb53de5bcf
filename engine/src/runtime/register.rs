//! The rule API: every native function a rule can call, registered on the
//! sandboxed engine. What each does, with examples, is the README's
//! rule-writing guide ("Rule API"), which the `readme_examples` test keeps
//! compiling and running.

use std::sync::Arc;

use rhai::{Array, Dynamic, Engine, Map, NativeCallContext};

use super::figures::*;
use super::list::DataList;
use super::registry::{unknown_keys, unknown_keys_of_node, Registry};
use super::state::RunSlot;
use super::table;
use super::value::{self, DataNode, Figure};
use super::view::DataView;
use crate::span::{NodeKind, PathSegment};
use crate::text::suggest;

/// Registers the functions of the rule API that write into a run's state
/// (the others come with every sandboxed engine, see [`register_pure`]).
pub fn register(engine: &mut Engine, view: Arc<DataView>, slot: Arc<RunSlot>) {
    value::register_fields(engine, view.field_names());
    // The view's functions hold it weakly: an engine kept between runs
    // must not keep a whole data set alive after the data has changed
    // (a run holds it through its state).
    let state = slot;
    super::check_walk::register(engine, state.clone());
    let s = state.clone();
    engine.register_fn(
        "report",
        move |ctx: NativeCallContext, node: Dynamic, message: &str| {
            s.get(ctx.call_position())?
                .report(ctx.call_position(), &node, message, None)
        },
    );
    let s = state.clone();
    engine.register_fn(
        "report",
        move |ctx: NativeCallContext, node: Dynamic, message: &str, options: Map| {
            s.get(ctx.call_position())?
                .report(ctx.call_position(), &node, message, Some(&options))
        },
    );
    let s = state.clone();
    engine.register_fn(
        "report_key",
        move |ctx: NativeCallContext, map: Dynamic, key: &str, message: &str| {
            s.get(ctx.call_position())?
                .report_key(ctx.call_position(), &map, key, message, None)
        },
    );
    let s = state.clone();
    engine.register_fn(
        "report_key",
        move |ctx: NativeCallContext, map: Dynamic, key: &str, message: &str, options: Map| {
            s.get(ctx.call_position())?
                .report_key(ctx.call_position(), &map, key, message, Some(&options))
        },
    );
    let v = Arc::downgrade(&view);
    let s = state.clone();
    engine.register_fn(
        "tables",
        move |ctx: NativeCallContext, kind: &str| -> Result<Array> {
            let Some(v) = v.upgrade() else { return Ok(Array::new()) };
            let state = s.get(ctx.call_position())?;
            if let Some(focus) = state.focus.as_ref().filter(|f| f.covers(kind)) {
                let found: Array = v
                    .files
                    .get(focus.file)
                    .filter(|f| f.file.kind() == Some(kind))
                    .map(DataView::root)
                    .into_iter()
                    .collect();
                state.note_tables(found.len());
                return Ok(found);
            }
            every_table(&v, &state, kind, "tables", &ctx)
        },
    );
    // Every table of a kind, also in a run of a rule that looks at that
    // kind one table at a time: the registry it looks names up in.
    let v = Arc::downgrade(&view);
    let s = state.clone();
    engine.register_fn(
        "lookup_tables",
        move |ctx: NativeCallContext, kind: &str| -> Result<Array> {
            let Some(v) = v.upgrade() else { return Ok(Array::new()) };
            let state = s.get(ctx.call_position())?;
            every_table(&v, &state, kind, "lookup_tables", &ctx)
        },
    );
    let v = Arc::downgrade(&view);
    let s = state.clone();
    engine.register_fn(
        "table",
        move |ctx: NativeCallContext, kind: &str| -> Result<Dynamic> {
            let Some(v) = v.upgrade() else {
                return Ok(Dynamic::UNIT);
            };
            let state = s.get(ctx.call_position())?;
            let found = match state.focus.as_ref().filter(|f| f.covers(kind)) {
                Some(focus) => v.files.get(focus.file).filter(|f| f.file.kind() == Some(kind)),
                None => {
                    state.note_kind(kind);
                    v.files.iter().find(|f| f.file.kind() == Some(kind))
                }
            };
            if found.is_none() {
                v.known_kind(kind, "table", ctx.call_position(), &state.catalogue)?;
            }
            state.note_tables(usize::from(found.is_some()));
            Ok(found.map_or(Dynamic::UNIT, DataView::root))
        },
    );
    // `registry(records, field)` once per check for the same members of
    // the data (see `DataView::registry`).
    let v = Arc::downgrade(&view);
    engine.register_fn(
        "registry",
        move |ctx: NativeCallContext, records: Dynamic, field: &str| -> Result<Registry> {
            let build = || Registry::build(&records, Some(field), At::of(&ctx));
            match v.upgrade() {
                Some(v) => v.registry(&records, field, build),
                None => build(),
            }
        },
    );
    let v = Arc::downgrade(&view);
    engine.register_fn("path", move |node: Dynamic| -> Dynamic {
        let Some(v) = v.upgrade() else {
            return Dynamic::UNIT;
        };
        v.locate(node.tag())
            .and_then(|(f, id)| f.doc().map(|d| d.path(id)))
            .map_or(Dynamic::UNIT, Dynamic::from)
    });
    let v = Arc::downgrade(&view);
    engine.register_fn("file", move |node: Dynamic| -> Dynamic {
        let Some(v) = v.upgrade() else {
            return Dynamic::UNIT;
        };
        v.locate(node.tag())
            .map_or(Dynamic::UNIT, |(f, _)| Dynamic::from(f.file.name().to_owned()))
    });
    let v = Arc::downgrade(&view);
    engine.register_fn("line", move |node: Dynamic| -> Dynamic {
        let Some(v) = v.upgrade() else {
            return Dynamic::UNIT;
        };
        v.site(&node)
            .map_or(Dynamic::UNIT, |site| Dynamic::from_int(site.location.line as i64))
    });
    let v = Arc::downgrade(&view);
    engine.register_fn("kind", move |node: Dynamic| -> Dynamic {
        let Some(v) = v.upgrade() else {
            return Dynamic::UNIT;
        };
        v.locate(node.tag())
            .and_then(|(f, id)| match f.doc()?.kind(id)? {
                NodeKind::Struct { name: Some(n), .. } | NodeKind::Tuple { name: Some(n), .. } => {
                    Some(Dynamic::from(n.to_string()))
                }
                _ => None,
            })
            .unwrap_or(Dynamic::UNIT)
    });
    let v = Arc::downgrade(&view);
    engine.register_fn("parent", move |node: Dynamic| -> Dynamic {
        let Some(v) = v.upgrade() else {
            return Dynamic::UNIT;
        };
        v.locate(node.tag())
            .and_then(|(f, id)| {
                let doc = f.doc()?;
                // The `Some(..)` around a value is not a container of its own.
                let chain = doc.ancestry(id);
                let parent = chain
                    .iter()
                    .rev()
                    .skip(1)
                    .find(|&&node| !matches!(doc.kind(node), Some(NodeKind::Some(_))))?;
                Some(value::value(f, *parent))
            })
            .unwrap_or(Dynamic::UNIT)
    });
    let v = Arc::downgrade(&view);
    engine.register_fn("key", move |node: Dynamic| -> Dynamic {
        let Some(v) = v.upgrade() else {
            return Dynamic::UNIT;
        };
        v.locate(node.tag())
            .and_then(|(f, id)| {
                let doc = f.doc()?;
                // `Some(x)`: x's place is the place of the `Some`.
                let segments = doc.segments(id);
                let place = segments.iter().rev().map(|(_, s)| s).find(|&s| *s != PathSegment::Some);
                match place.cloned().unwrap_or(PathSegment::Root) {
                    PathSegment::Field(name) | PathSegment::Key(name) => {
                        Some(Dynamic::from(name.to_string()))
                    }
                    PathSegment::Index(i) => Some(Dynamic::from_int(i as i64)),
                    _ => None,
                }
            })
            .unwrap_or(Dynamic::UNIT)
    });
    let s = state.clone();
    engine.register_fn(
        "param",
        move |ctx: NativeCallContext, name: &str, default: Dynamic| -> Result<Dynamic> {
            Ok(s.get(ctx.call_position())?
                .params
                .get(name)
                .cloned()
                .unwrap_or(default))
        },
    );
    let s = state;
    engine.on_print(move |text| {
        let Some(run) = s.current() else { return };
        if let Ok(mut prints) = run.prints.lock() {
            if prints.0.len() < run.max_prints {
                prints.0.push(super::state::cut(text));
            } else {
                prints.1 += 1;
            }
        };
    });
    engine.on_debug(|_, _, _| {});
}

/// `tables(kind)` over all the data: every table of `kind`, noted as a
/// kind the run depends on.
fn every_table(v: &DataView, state: &super::state::RunState, kind: &str, function: &str, ctx: &NativeCallContext) -> Result<Array> {
    state.note_kind(kind);
    let found: Array = v
        .files
        .iter()
        .filter(|f| f.file.kind() == Some(kind))
        .map(DataView::root)
        .collect();
    if found.is_empty() {
        v.known_kind(kind, function, ctx.call_position(), &state.catalogue)?;
    }
    state.note_tables(found.len());
    Ok(found)
}

/// Registers the functions that need no run state (also used when only
/// compiling, so that the compiler knows nothing more than the runtime).
pub fn register_pure(engine: &mut Engine) {
    // A rule gives the same findings whenever it runs: the clock of the
    // standard package is not available (it would make output differ
    // from run to run, and baselines and fixtures flap).
    engine.register_fn("timestamp", |ctx: NativeCallContext| -> Result<Dynamic> {
        Err(said(ctx.tag(), "api-timestamp", &[], ctx.call_position()))
    });
    for (name, op) in [
        ("sum", Agg::Sum),
        ("count", Agg::Count),
        ("min", Agg::Min),
        ("max", Agg::Max),
        ("mean", Agg::Mean),
    ] {
        engine.register_fn(name, move |ctx: NativeCallContext, values: Dynamic, how: &str| {
            aggregate(ctx.call_position(), ctx.tag(), &values, how, op)
        });
    }
    engine.register_fn("sum", |ctx: NativeCallContext, values: Dynamic| {
        aggregate(ctx.call_position(), ctx.tag(), &values, "skip", Agg::Sum)
    });
    engine.register_fn(
        "unassigned",
        |ctx: NativeCallContext, values: Dynamic| -> Result<Array> {
            // A breakdown read from the data: only the keys of its
            // unassigned members are made into values.
            if let Some(node) = DataNode::of(&values) {
                let (file, _) = node.parts();
                let ids = node.member_ids();
                let unassigned: Vec<usize> = (0..ids.len())
                    .filter(|&i| file.figure(ids[i]) == Figure::Unassigned)
                    .collect();
                if unassigned.is_empty() {
                    return Ok(Array::new());
                }
                let members = node.members();
                return Ok(unassigned
                    .into_iter()
                    .filter_map(|i| members.get(i).map(|(k, _)| k.clone()))
                    .collect());
            }
            Ok(members(&values, ctx.call_position(), ctx.tag())?
                .into_iter()
                .filter(|(_, v)| v.is_unit() || (v.is_shared() && v.flatten_clone().is_unit()))
                .map(|(k, _)| k)
                .collect())
        },
    );
    engine.register_fn(
        "compare",
        |ctx: NativeCallContext, actual: Dynamic, expected: Dynamic, tolerance: Dynamic| {
            compare(ctx.call_position(), ctx.tag(), &actual, &expected, &tolerance)
        },
    );
    engine.register_fn(
        "within",
        |ctx: NativeCallContext,
         actual: Dynamic,
         expected: Dynamic,
         abs: Dynamic,
         rel: Dynamic|
         -> Result<bool> {
            let tolerance = Map::from_iter([("abs".into(), abs), ("rel".into(), rel)]);
            let (.., ok) = measure(
                ctx.call_position(),
                ctx.tag(),
                &actual,
                &expected,
                &Dynamic::from_map(tolerance),
            )?;
            Ok(ok)
        },
    );
    engine.register_fn(
        "within",
        |ctx: NativeCallContext, actual: Dynamic, expected: Dynamic, tolerance: Dynamic| -> Result<bool> {
            Ok(measure(ctx.call_position(), ctx.tag(), &actual, &expected, &tolerance)?.3)
        },
    );
    engine.register_fn(
        "column",
        |ctx: NativeCallContext, records: &mut Dynamic, field: &str| {
            table::column(At::of(&ctx), records, field)
        },
    );
    engine.register_fn("figure", |value: Dynamic| -> String {
        number(&value).map_or_else(|| value.to_string(), format_figure)
    });
    engine.register_fn(
        "gather",
        |ctx: NativeCallContext, values: &mut Dynamic, field: &str| {
            table::gather(At::of(&ctx), values, field)
        },
    );
    engine.register_fn("duplicates", |ctx: NativeCallContext, values: Dynamic| {
        duplicates(ctx.call_position(), ctx.tag(), &values)
    });
    engine.register_fn(
        "containing",
        |ctx: NativeCallContext, records: &mut Dynamic, field: &str, words: Dynamic| {
            table::containing(At::of(&ctx), records, field, &words, true)
        },
    );
    engine.register_fn(
        "containing",
        |ctx: NativeCallContext, values: &mut Dynamic, words: Dynamic| {
            table::containing_text(At::of(&ctx), values, &words, true)
        },
    );
    engine.register_fn(
        "not_containing",
        |ctx: NativeCallContext, values: &mut Dynamic, words: Dynamic| {
            table::containing_text(At::of(&ctx), values, &words, false)
        },
    );
    engine.register_fn(
        "not_containing",
        |ctx: NativeCallContext, records: &mut Dynamic, field: &str, words: Dynamic| {
            table::containing(At::of(&ctx), records, field, &words, false)
        },
    );
    engine.register_fn(
        "compare_fields",
        |ctx: NativeCallContext, records: &mut Dynamic, a: &str, op: &str, b: &str| {
            table::compare_fields(At::of(&ctx), records, a, op, b)
        },
    );
    engine.register_fn(
        "sum_mismatches",
        |ctx: NativeCallContext, records: &mut Dynamic, parts: &str, lines: Array, tolerance: Dynamic| {
            table::sum_mismatches(At::of(&ctx), records, parts, &lines, &tolerance)
        },
    );
    engine.register_fn(
        "select",
        |ctx: NativeCallContext, records: &mut Dynamic, field: &str, wanted: Dynamic| {
            table::select(At::of(&ctx), records, field, &wanted)
        },
    );
    engine.register_fn(
        "outside",
        |ctx: NativeCallContext, values: &mut Dynamic, min: Dynamic, max: Dynamic| {
            table::outside(At::of(&ctx), values, &min, &max)
        },
    );
    engine.register_fn(
        "outside",
        |ctx: NativeCallContext, records: &mut Dynamic, fields: Array, min: Dynamic, max: Dynamic| {
            table::outside_fields(At::of(&ctx), records, &fields, &min, &max)
        },
    );
    engine.register_type_with_name::<Registry>("Registry");
    engine.register_fn("registry", |ctx: NativeCallContext, records: Dynamic| {
        Registry::build(&records, None, At::of(&ctx))
    });
    engine.register_fn(
        "registry",
        |ctx: NativeCallContext, records: Dynamic, field: &str| {
            Registry::build(&records, Some(field), At::of(&ctx))
        },
    );
    engine.register_fn("contains", |r: &mut Registry, name: &str| {
        r.index.contains_key(name)
    });
    engine.register_fn("get", |r: &mut Registry, name: &str| -> Dynamic {
        r.index
            .get(name)
            .and_then(|&i| r.records.get(i).cloned())
            .unwrap_or(Dynamic::UNIT)
    });
    // Every record under `name`, for a registry keyed by a field that
    // repeats (`registry(regions, "parent")`: the children of a region).
    engine.register_fn("get_all", |r: &mut Registry, name: &str| -> Array { r.get_all(name) });
    engine.register_fn("suggest", |r: &mut Registry, name: &str| -> Dynamic {
        r.suggest(name)
            .map_or(Dynamic::UNIT, |s| Dynamic::from(s.to_owned()))
    });
    engine.register_fn("names", |r: &mut Registry| -> Array {
        r.names.iter().map(|n| Dynamic::from(n.clone())).collect()
    });
    engine.register_fn("len", |r: &mut Registry| r.names.len() as i64);
    engine.register_fn("starting_with", |r: &mut Registry, prefix: &str| -> Array {
        r.names
            .iter()
            .filter(|n| n.starts_with(prefix))
            .map(|n| Dynamic::from(n.clone()))
            .collect()
    });

    engine.register_fn(
        "unknown_keys",
        |ctx: NativeCallContext, r: &mut Registry, maps: Dynamic| -> Result<Array> {
            // One map: its unknown keys. An array of maps: `[map, key]`
            // pairs, so that a whole table's breakdowns cost one call.
            if let Some(list) = maps.read_lock::<DataList>() {
                let mut out = Array::new();
                for (file, id) in list.nodes() {
                    for key in unknown_keys_of_node(r, file, id) {
                        out.push(Dynamic::from_array(vec![value::value(file, id), key]));
                    }
                }
                return Ok(out);
            }
            if let Some(array) = maps.read_lock::<Array>() {
                let mut out = Array::new();
                for map in array.iter() {
                    for key in unknown_keys(At::of(&ctx), r, map)? {
                        out.push(Dynamic::from_array(vec![map.clone(), key]));
                    }
                }
                return Ok(out);
            }
            unknown_keys(At::of(&ctx), r, &maps)
        },
    );
    engine.register_fn(
        "unknown",
        |ctx: NativeCallContext, r: &mut Registry, values: Dynamic| -> Result<Array> {
            // Names read from the data are looked up without a copy.
            if let Some(list) = values.read_lock::<DataList>() {
                return Ok(list
                    .nodes()
                    .filter(
                        |&(file, id)| match file.doc().and_then(|d| d.kind(id)) {
                            Some(NodeKind::Str(s)) => !r.index.contains_key(s),
                            Some(NodeKind::Unit | NodeKind::None) | None => false,
                            _ => !r.index.contains_key(value::value(file, id).to_string().as_str()),
                        },
                    )
                    .map(|(file, id)| value::value(file, id))
                    .collect());
            }
            Ok(members(&values, ctx.call_position(), ctx.tag())?
                .into_iter()
                .map(|(_, v)| v)
                .filter(|v| !v.is_unit() && !r.index.contains_key(v.to_string().as_str()))
                .collect())
        },
    );

    engine.register_fn(
        "suggest",
        |ctx: NativeCallContext, name: &str, candidates: Dynamic| -> Result<Dynamic> {
            let names: Vec<String> = members(&candidates, ctx.call_position(), ctx.tag())?
                .into_iter()
                .map(|(k, v)| {
                    if v.is_string() {
                        v.to_string()
                    } else {
                        k.to_string()
                    }
                })
                .collect();
            Ok(suggest(name, names.iter().map(String::as_str))
                .map_or(Dynamic::UNIT, |s| Dynamic::from(s.to_owned())))
        },
    );
}
