//! A scripted LSP client for the `tally lsp` tests and the `lsp_latency`
//! bench: starts the real binary, frames JSON-RPC messages over its stdin
//! and reads its stdout on a thread of its own.

use std::collections::VecDeque;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any one answer may take in a test.
pub const WAIT: Duration = Duration::from_secs(20);

/// A running `tally lsp` and what it said that nobody read yet.
pub struct Client {
    pub child: Child,
    stdin: Option<ChildStdin>,
    from_server: Receiver<Value>,
    pending: VecDeque<Value>,
    next_id: i64,
}

/// The `file://` URI of an absolute path (percent-encoded as editors do).
pub fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

impl Client {
    /// Starts `binary lsp --stdio` in `root` and initializes it with
    /// `root` as the workspace folder.
    pub fn start(binary: &Path, root: &Path) -> Client {
        let mut child = Command::new(binary)
            .args(["lsp", "--stdio"])
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tally lsp");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (to_client, from_server) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.unwrap_or(0)];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(value) = serde_json::from_slice::<Value>(&body) else {
                    return;
                };
                if to_client.send(value).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            from_server,
            pending: VecDeque::new(),
            next_id: 0,
        };
        let root_uri = uri(root);
        let answer = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": [{ "uri": root_uri, "name": "project" }],
                "capabilities": {
                    "textDocument": { "publishDiagnostics": { "relatedInformation": true } },
                    "window": { "showDocument": { "support": true } }
                }
            }),
        );
        assert!(answer["result"]["capabilities"].is_object(), "{answer}");
        client.notify("initialized", json!({}));
        client
    }

    /// Writes raw bytes to the server's stdin.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        if let Some(stdin) = &mut self.stdin {
            let _ = stdin.write_all(bytes).and_then(|()| stdin.flush());
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response (the whole message);
    /// notifications that come first are kept for later.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
            .unwrap_or_else(|| panic!("no answer to `{method}`"))
    }

    /// The next message (read earlier or new) that `want` accepts, within
    /// [`WAIT`]; requests from the server are answered with `null`.
    pub fn wait_for(&mut self, want: impl Fn(&Value) -> bool) -> Option<Value> {
        self.wait_for_within(WAIT, want)
    }

    /// As [`Client::wait_for`], within `limit`.
    pub fn wait_for_within(&mut self, limit: Duration, want: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(i) = self.pending.iter().position(&want) {
            return self.pending.remove(i);
        }
        let until = Instant::now() + limit;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self.from_server.recv_timeout(left) {
                Ok(message) => {
                    if message.get("method").is_some() && message.get("id").is_some() {
                        let answer = json!({ "jsonrpc": "2.0", "id": message["id"], "result": null });
                        self.send(&answer);
                    }
                    if want(&message) {
                        return Some(message);
                    }
                    self.pending.push_back(message);
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// The next diagnostics published for `uri` that `want` accepts.
    pub fn diagnostics(&mut self, uri: &str, want: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let found = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["diagnostics"].as_array().is_some_and(|d| want(d))
        });
        let found = found.unwrap_or_else(|| panic!("no such diagnostics for {uri}"));
        found["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Forgets what was read and not used.
    pub fn clear(&mut self) {
        self.pending.clear();
        while self.from_server.try_recv().is_ok() {}
    }

    /// Opens a document with `text`.
    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "ron", "version": 1, "text": text } }),
        );
    }

    /// Replaces `line:start..line:end` (UTF-16 columns) with `text`.
    pub fn change(&mut self, uri: &str, version: i32, range: [u32; 4], text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{
                    "range": {
                        "start": { "line": range[0], "character": range[1] },
                        "end": { "line": range[2], "character": range[3] }
                    },
                    "text": text
                }]
            }),
        );
    }

    /// `shutdown`, `exit`, and the exit status.
    pub fn stop(mut self) -> Option<i32> {
        let answer = self.request("shutdown", Value::Null);
        assert!(answer.get("error").is_none(), "{answer}");
        self.notify("exit", Value::Null);
        self.stdin = None;
        self.wait_exit(WAIT)
    }

    /// Closes the server's stdin (the client went away).
    pub fn hang_up(&mut self) {
        self.stdin = None;
    }

    /// Waits for the process to end.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<i32> {
        let until = Instant::now() + limit;
        while Instant::now() < until {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A position as JSON.
pub fn pos(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

/// The UTF-16 column of byte `at` on its line, and the line.
pub fn position_of(text: &str, at: usize) -> (u32, u32) {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() as u32;
    (line, text[line_start..at].encode_utf16().count() as u32)
}
