//! The stdio transport: lsp-server's [`Connection`] over stdin and stdout,
//! with a reader that survives a malformed message.
//!
//! lsp-server's own stdio reader stops at the first message it cannot
//! decode. An editor server must not: a message that is not JSON gets a
//! `-32700 parse error` response (id `null`), one that is JSON but no
//! JSON-RPC message a `-32600 invalid request` (with its id when it has
//! one), and the next message is read as usual. When stdin ends (the
//! client went away) the reader's channel closes and the server's loop
//! ends with it.

use std::io::{BufRead, BufReader, Read as _, Write as _};

use crossbeam_channel::{bounded, Sender};
use lsp_server::{Connection, Message};

/// The largest message read: a data file of `limits.max_file_size` and
/// then some. A larger `Content-Length` is answered as invalid and its
/// body skipped.
const MAX_MESSAGE: usize = 256 << 20;

/// A connection over stdin and stdout.
pub fn stdio() -> Connection {
    let (to_server, receiver) = bounded::<Message>(16);
    let (sender, to_client) = bounded::<Message>(16);
    std::thread::Builder::new()
        .name("lsp-writer".to_owned())
        .spawn(move || {
            for message in to_client {
                let mut bytes = Vec::new();
                if message.write(&mut bytes).is_err() || write_raw(&bytes).is_err() {
                    // The client closed stdout: nothing more can be said.
                    break;
                }
            }
        })
        .map_err(|err| eprintln!("tally lsp: cannot start the writer: {err}"))
        .ok();
    std::thread::Builder::new()
        .name("lsp-reader".to_owned())
        .spawn(move || read_loop(&to_server))
        .map_err(|err| eprintln!("tally lsp: cannot start the reader: {err}"))
        .ok();
    Connection { sender, receiver }
}

/// Writes bytes already framed to stdout, whole, under its lock.
fn write_raw(bytes: &[u8]) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Writes a JSON-RPC error response that lsp-server's types cannot hold
/// (an id of `null`).
fn write_error(id: serde_json::Value, code: i32, message: &str) {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code, "message": message },
    })
    .to_string();
    let _ = write_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
}

/// Reads framed messages until stdin ends or the server stops listening.
fn read_loop(to_server: &Sender<Message>) {
    let stdin = std::io::stdin();
    let mut input = BufReader::new(stdin.lock());
    loop {
        let length = match read_headers(&mut input) {
            Ok(Some(Some(length))) => length,
            Ok(Some(None)) => {
                write_error(
                    serde_json::Value::Null,
                    -32700,
                    "parse error: a message without a valid Content-Length header",
                );
                continue;
            }
            Ok(None) | Err(_) => return,
        };
        if length > MAX_MESSAGE {
            let skipped = std::io::copy(&mut (&mut input).take(length as u64), &mut std::io::sink());
            if skipped.map_or(true, |n| n < length as u64) {
                return;
            }
            write_error(
                serde_json::Value::Null,
                -32600,
                "invalid request: the message is too large",
            );
            continue;
        }
        let mut body = vec![0; length];
        if input.read_exact(&mut body).is_err() {
            return;
        }
        let value: serde_json::Value = match serde_json::from_slice(&body) {
            Ok(value) => value,
            Err(err) => {
                write_error(serde_json::Value::Null, -32700, &format!("parse error: {err}"));
                continue;
            }
        };
        let id = value.get("id").cloned().unwrap_or(serde_json::Value::Null);
        let message: Message = match serde_json::from_value(value) {
            Ok(message) => message,
            Err(err) => {
                write_error(id, -32600, &format!("invalid request: {err}"));
                continue;
            }
        };
        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if to_server.send(message).is_err() || exit {
            return;
        }
    }
}

/// Reads the header lines of one message: `None` at the end of input,
/// `Some(None)` for a header block without a valid `Content-Length`.
fn read_headers(input: &mut impl BufRead) -> std::io::Result<Option<Option<usize>>> {
    let mut length = None;
    let mut valid = true;
    let mut line = String::new();
    let mut any = false;
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed.is_empty() {
            if !any {
                // Stray blank lines between messages.
                continue;
            }
            break;
        }
        any = true;
        match trimmed.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = value.trim().parse::<usize>().ok();
                valid &= length.is_some();
            }
            Some(_) => {}
            None => valid = false,
        }
    }
    Ok(Some(if valid { length } else { None }))
}
