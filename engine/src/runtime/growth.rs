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

use rhai::{Array, Dynamic, Engine, EvalAltResult, ImmutableString, NativeCallContext, INT};

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

fn room_in_array(ctx: &NativeCallContext, len: usize, more: usize) -> Result<()> {
    let max = ctx.engine().max_array_size();
    if max > 0 && len.saturating_add(more) > max {
        return Err(EvalAltResult::ErrorDataTooLarge("Size of array/BLOB".into(), ctx.call_position()).into());
    }
    Ok(())
}

fn room_in_string(ctx: &NativeCallContext, len: usize, more: usize) -> Result<()> {
    let max = ctx.engine().max_string_size();
    if max > 0 && len.saturating_add(more) > max {
        return Err(EvalAltResult::ErrorDataTooLarge("Length of string".into(), ctx.call_position()).into());
    }
    Ok(())
}

/// Registers the checked appends on a sandboxed engine.
pub fn register(engine: &mut Engine) {
    engine.register_fn("+=", |ctx: NativeCallContext, a: &mut Array, b: Array| -> Result<()> {
        room_in_array(&ctx, a.len(), b.len())?;
        a.extend(b);
        Ok(())
    });
    engine.register_fn("append", |ctx: NativeCallContext, a: &mut Array, b: Array| -> Result<()> {
        room_in_array(&ctx, a.len(), b.len())?;
        a.extend(b);
        Ok(())
    });
    engine.register_fn("+", |ctx: NativeCallContext, a: Array, b: Array| -> Result<Array> {
        room_in_array(&ctx, a.len(), b.len())?;
        let mut out = a;
        out.extend(b);
        Ok(out)
    });
    engine.register_fn("push", |ctx: NativeCallContext, a: &mut Array, x: Dynamic| -> Result<()> {
        room_in_array(&ctx, a.len(), 1)?;
        a.push(x);
        Ok(())
    });
    engine.register_fn("+=", |ctx: NativeCallContext, a: &mut Array, x: Dynamic| -> Result<()> {
        room_in_array(&ctx, a.len(), 1)?;
        a.push(x);
        Ok(())
    });
    engine.register_fn(
        "pad",
        |ctx: NativeCallContext, a: &mut Array, len: INT, x: Dynamic| -> Result<()> {
            let len = usize::try_from(len).unwrap_or(0);
            room_in_array(&ctx, len, 0)?;
            if len > a.len() {
                a.resize(len, x);
            }
            Ok(())
        },
    );
    engine.register_fn(
        "+",
        |ctx: NativeCallContext, a: ImmutableString, b: ImmutableString| -> Result<ImmutableString> {
            room_in_string(&ctx, a.len(), b.len())?;
            Ok(a + b)
        },
    );
    engine.register_fn(
        "+=",
        |ctx: NativeCallContext, a: &mut ImmutableString, b: ImmutableString| -> Result<()> {
            room_in_string(&ctx, a.len(), b.len())?;
            *a += b;
            Ok(())
        },
    );
}
