//! Growth of an array or a string checked before it is allocated.
//!
//! Rhai checks `max_array_size` and `max_string_size` after an append: a
//! rule that doubles an array (`a += a`) reached four times the bound in
//! memory (the old array, its copy on the right-hand side and the new one
//! at twice the size) before the check refused it, 1.1 GiB for the default
//! bound of 2²⁴ elements. These overloads, found before Rhai's own, refuse
//! the append when the result would be past the bound, before anything is
//! allocated, with the error Rhai gives (`ErrorDataTooLarge`). Rhai's check
//! after the call still counts what these do not (elements of nested
//! arrays, strings inside arrays).

use std::sync::Arc;

use rhai::{Array, Dynamic, Engine, EvalAltResult, ImmutableString, NativeCallContext, INT};

use super::state::RunSlot;

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// The run to tell where a growth was refused: Rhai passes the error on
/// without its position, and finding it again meant running the rule a
/// second time, as far as the bound, which doubled the peak memory.
type Slot = Option<Arc<RunSlot>>;

fn refuse(ctx: &NativeCallContext, slot: &Slot, what: &str) -> Box<EvalAltResult> {
    if let Some(state) = slot.as_ref().and_then(|s| s.current()) {
        state.note_too_large(ctx.call_source(), ctx.call_position());
    }
    EvalAltResult::ErrorDataTooLarge(what.into(), ctx.call_position()).into()
}

fn room_in_array(ctx: &NativeCallContext, slot: &Slot, len: usize, more: usize) -> Result<()> {
    let max = ctx.engine().max_array_size();
    if max > 0 && len.saturating_add(more) > max {
        return Err(refuse(ctx, slot, "Size of array/BLOB"));
    }
    Ok(())
}

fn room_in_string(ctx: &NativeCallContext, slot: &Slot, len: usize, more: usize) -> Result<()> {
    let max = ctx.engine().max_string_size();
    if max > 0 && len.saturating_add(more) > max {
        return Err(refuse(ctx, slot, "Length of string"));
    }
    Ok(())
}

/// Registers the checked appends on a sandboxed engine; with the slot of
/// the engine's runs, a refusal also says where it happened.
pub fn register(engine: &mut Engine, slot: Slot) {
    let s = slot.clone();
    engine.register_fn("+=", move |ctx: NativeCallContext, a: &mut Array, b: Array| -> Result<()> {
        room_in_array(&ctx, &s, a.len(), b.len())?;
        a.extend(b);
        Ok(())
    });
    let s = slot.clone();
    engine.register_fn("append", move |ctx: NativeCallContext, a: &mut Array, b: Array| -> Result<()> {
        room_in_array(&ctx, &s, a.len(), b.len())?;
        a.extend(b);
        Ok(())
    });
    let s = slot.clone();
    engine.register_fn("+", move |ctx: NativeCallContext, a: Array, b: Array| -> Result<Array> {
        room_in_array(&ctx, &s, a.len(), b.len())?;
        let mut out = a;
        out.extend(b);
        Ok(out)
    });
    let s = slot.clone();
    engine.register_fn("push", move |ctx: NativeCallContext, a: &mut Array, x: Dynamic| -> Result<()> {
        room_in_array(&ctx, &s, a.len(), 1)?;
        a.push(x);
        Ok(())
    });
    let s = slot.clone();
    engine.register_fn("+=", move |ctx: NativeCallContext, a: &mut Array, x: Dynamic| -> Result<()> {
        room_in_array(&ctx, &s, a.len(), 1)?;
        a.push(x);
        Ok(())
    });
    let s = slot.clone();
    engine.register_fn(
        "pad",
        move |ctx: NativeCallContext, a: &mut Array, len: INT, x: Dynamic| -> Result<()> {
            let len = usize::try_from(len).unwrap_or(0);
            room_in_array(&ctx, &s, len, 0)?;
            if len > a.len() {
                a.resize(len, x);
            }
            Ok(())
        },
    );
    let s = slot.clone();
    engine.register_fn(
        "+",
        move |ctx: NativeCallContext, a: ImmutableString, b: ImmutableString| -> Result<ImmutableString> {
            room_in_string(&ctx, &s, a.len(), b.len())?;
            Ok(a + b)
        },
    );
    let s = slot.clone();
    engine.register_fn(
        "+=",
        move |ctx: NativeCallContext, a: &mut ImmutableString, b: ImmutableString| -> Result<()> {
            room_in_string(&ctx, &s, a.len(), b.len())?;
            *a += b;
            Ok(())
        },
    );
}
