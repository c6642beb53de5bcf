//! `tally lsp` in a real editor: Neovim headless attaches it to
//! `data/targets-2019.ron`, and the diagnostics Neovim holds are those of
//! `tally check --format json`. Skipped, with a message, where `nvim` is
//! absent (`.ci/run` installs it).

use serde_json::Value;

use crate::lsp::{shipped, TARGETS};
use crate::util::binary;

/// Neovim headless opens the targets table with `tally lsp` attached, and
/// the diagnostics it holds are those of `tally check --format json`.
#[test]
fn neovim_shows_what_tally_check_reports() {
    if std::process::Command::new("nvim")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: `nvim` is not installed (apt-get install -y neovim)");
        return;
    }
    let scratch = shipped();
    let out = scratch.path().join("nvim-diagnostics.json");
    let script = format!(
        r#"
local out = {out:?}
-- vim.lsp.start_client and buf_attach_client: Neovim 0.7 (Debian 12) on.
local id = vim.lsp.start_client({{ name = "tally", cmd = {{ {bin:?}, "lsp", "--stdio" }}, root_dir = {root:?} }})
vim.lsp.buf_attach_client(0, id)
local ok = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local items = {{}}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = d.user_data and d.user_data.lsp or {{}}
  table.insert(items, {{ code = d.code or lsp.code, lnum = d.lnum, col = d.col, message = d.message }})
end
local f = io.open(out, "w")
f:write(vim.json.encode({{ ok = ok, items = items }}))
f:close()
vim.cmd("qa!")
"#,
        out = out.display().to_string(),
        bin = binary().display().to_string(),
        root = scratch.path().display().to_string(),
    );
    scratch.write("attach.lua", &script);
    let status = std::process::Command::new("timeout")
        .args([
            "60",
            "nvim",
            "--headless",
            "--clean",
            TARGETS,
            "-c",
            "luafile attach.lua",
        ])
        .current_dir(scratch.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run nvim");
    let text = std::fs::read_to_string(&out)
        .unwrap_or_else(|_| panic!("nvim wrote nothing: {}", String::from_utf8_lossy(&status.stderr)));
    let held: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(held["ok"], true, "{held}");
    // vim.diagnostic's columns are bytes; compare with the check's bytes.
    let file = scratch.read(TARGETS);
    let mut got: Vec<(String, u64, u64, String)> = held["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["lnum"].as_u64().unwrap_or(u64::MAX),
                d["col"].as_u64().unwrap_or(u64::MAX),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    got.sort();
    let report = scratch.run(&["check", "--format", "json"]).json();
    let mut expected: Vec<(String, u64, u64, String)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == TARGETS)
        .map(|d| {
            let start = d["span"]["start"].as_u64().unwrap_or(0) as usize;
            let line_start = file[..start].rfind('\n').map_or(0, |i| i + 1);
            let mut message = d["message"].as_str().unwrap_or_default().to_owned();
            if let Some(help) = d["help"].as_str() {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                file[..start].matches('\n').count() as u64,
                (start - line_start) as u64,
                message,
            )
        })
        .collect();
    expected.sort();
    assert_eq!(got, expected);
}
