//! The real binary over stdio (issue 2, points 5 and 6; issue 7's LSP
//! robustness): initialize in UTF-16 and in UTF-8, diagnostics for a stray
//! quote mark, its quick fix applied, shutdown and exit; malformed input.

mod lsp_support;

use copydesk::draft::{Encoding, LineIndex};
use lsp_support::stdio::StdioClient;
use serde_json::{json, Value};
use std::time::Duration;

const SECS: Duration = Duration::from_secs(20);

/// A draft with a stray closing quote mark after an emoji (so UTF-8 and
/// UTF-16 columns differ), with CRLF line ends.
const STRAY: &str = "# Talks\r\n\r\n😀 Peskov said the talks would go on.” Then he left.\r\n\r\n“We are ready,” Zelenskyy said.\r\n";

fn encoding_of(name: &str) -> Encoding {
    match name {
        "utf-8" => Encoding::Utf8,
        "utf-16" => Encoding::Utf16,
        other => panic!("unexpected encoding {other}"),
    }
}

struct Session {
    client: StdioClient,
    encoding: Encoding,
    uri: String,
    _dir: tempfile::TempDir,
}

/// Start the binary, initialize offering `encodings`, open `text`.
fn open(encodings: &[&str], text: &str) -> Session {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("copydesk.json"), "{}").unwrap();
    let path = dir.path().join("story.md");
    std::fs::write(&path, text).unwrap();
    let uri = format!("file://{}", path.display());
    let root = format!("file://{}", dir.path().display());
    let mut client = StdioClient::start();
    let init = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{"uri": root, "name": "drafts"}],
            "capabilities": {
                "general": {"positionEncodings": encodings},
                "workspace": {"workspaceEdit": {"documentChanges": true},
                              "didChangeWatchedFiles": {"dynamicRegistration": true}},
                "textDocument": {"publishDiagnostics": {"versionSupport": true}}
            }
        }),
    );
    let name = init["result"]["capabilities"]["positionEncoding"]
        .as_str()
        .unwrap()
        .to_string();
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    Session {
        client,
        encoding: encoding_of(&name),
        uri,
        _dir: dir,
    }
}

impl Session {
    /// The diagnostics published for `version`.
    fn diagnostics(&mut self, version: i64) -> Vec<Value> {
        let uri = self.uri.clone();
        let params = self
            .client
            .wait_notification("textDocument/publishDiagnostics", SECS, |p| {
                p["uri"] == uri.as_str() && p["version"] == version
            })
            .unwrap_or_else(|| panic!("no diagnostics for version {version}"));
        params["diagnostics"].as_array().unwrap().clone()
    }

    /// Shut down and exit; the process must end with status 0.
    fn finish(mut self) {
        let resp = self.client.request("shutdown", Value::Null);
        assert!(resp.get("error").is_none(), "shutdown failed: {resp}");
        self.client.notify("exit", Value::Null);
        let status = self
            .client
            .wait_exit(SECS)
            .expect("the process ends after exit");
        assert!(status.success(), "exit status {status:?}");
    }
}

/// The text edits of a WorkspaceEdit for `uri`, from `changes` or
/// `documentChanges`.
fn edits_for(edit: &Value, uri: &str) -> Vec<Value> {
    if let Some(edits) = edit["changes"][uri].as_array() {
        return edits.clone();
    }
    edit["documentChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["textDocument"]["uri"] == uri)
        .flat_map(|c| c["edits"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// Apply text edits to `text` as a client does; returns them as
/// incremental content changes (last first, so each range still holds).
fn apply(text: &mut String, edits: &[Value], encoding: Encoding) -> Vec<Value> {
    let index = LineIndex::new(text);
    let offset = |p: &Value| {
        index.offset(
            text,
            p["line"].as_u64().unwrap() as usize,
            p["character"].as_u64().unwrap() as usize,
            encoding,
        )
    };
    let mut spans: Vec<(usize, usize, String, Value)> = edits
        .iter()
        .map(|e| {
            let range = e["range"].clone();
            (
                offset(&range["start"]),
                offset(&range["end"]),
                e["newText"].as_str().unwrap().to_string(),
                range,
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut changes = Vec::new();
    for (start, end, new_text, range) in spans {
        text.replace_range(start..end, &new_text);
        changes.push(json!({"range": range, "text": new_text}));
    }
    changes
}

fn stray_quote_fixed_over_stdio(encodings: &[&str], expected: &str) {
    let mut s = open(encodings, STRAY);
    assert_eq!(s.encoding, encoding_of(expected));
    let diagnostics = s.diagnostics(1);
    let stray = diagnostics
        .iter()
        .find(|d| d["code"] == "quote.unbalanced")
        .unwrap_or_else(|| panic!("no quote.unbalanced diagnostic in {diagnostics:?}"))
        .clone();
    assert_eq!(stray["source"], "copydesk");
    assert_eq!(stray["severity"], 1, "error");
    // The diagnostic sits on the stray mark, in the negotiated encoding.
    let at = STRAY.find('”').unwrap();
    let (line, character) = LineIndex::new(STRAY).position(STRAY, at, s.encoding);
    assert_eq!(
        stray["range"]["start"],
        json!({"line": line, "character": character})
    );

    let uri = s.uri.clone();
    let actions = s.client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": stray["range"],
               "context": {"diagnostics": [stray]}}),
    );
    let actions = actions["result"].as_array().expect("code actions").clone();
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["diagnostics"][0]["code"] == "quote.unbalanced")
        .unwrap_or_else(|| panic!("no quick fix in {actions:?}"));
    let edits = edits_for(&fix["edit"], &uri);
    assert!(!edits.is_empty(), "the fix edits this draft: {fix}");

    let mut text = STRAY.to_string();
    let changes = apply(&mut text, &edits, s.encoding);
    s.client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes}),
    );
    let after = s.diagnostics(2);
    assert!(
        after.iter().all(|d| d["code"] != "quote.unbalanced"),
        "still unbalanced after the fix: {text:?} {after:?}"
    );
    let server_text = s
        .client
        .request("copydesk/documentText", json!({"uri": uri}));
    assert_eq!(server_text["result"]["text"], text.as_str());
    s.finish();
}

#[test]
fn stray_quote_fixed_over_stdio_in_utf16() {
    stray_quote_fixed_over_stdio(&["utf-16"], "utf-16");
}

#[test]
fn stray_quote_fixed_over_stdio_in_utf8() {
    stray_quote_fixed_over_stdio(&["utf-8", "utf-16"], "utf-8");
}

#[test]
fn garbage_message_gets_an_error_and_the_server_goes_on() {
    let mut s = open(&["utf-16"], "Plain words.\n");
    let garbage = b"{this is not json at all";
    s.client
        .send_raw(format!("Content-Length: {}\r\n\r\n", garbage.len()).as_bytes());
    s.client.send_raw(garbage);
    let error = s
        .client
        .wait(SECS, |m| m.get("error").is_some() && m["id"].is_null())
        .expect("an error response to the garbage");
    assert_eq!(error["error"]["code"], -32700, "parse error: {error}");
    // A well-formed message that is not a valid request.
    s.client
        .send(&json!({"jsonrpc": "2.0", "id": 99, "params": 1}));
    let error = s
        .client
        .wait(SECS, |m| m["id"] == 99)
        .expect("an answer to the message with no method");
    assert!(error["error"]["code"].is_i64(), "an error: {error}");
    // JSON that is no JSON-RPC message at all.
    s.client.send(&json!({"id": 100, "hello": "world"}));
    let error = s.client.wait(SECS, |m| m["id"] == 100).expect("an answer");
    assert_eq!(error["error"]["code"], -32600, "invalid request: {error}");
    let uri = s.uri.clone();
    let text = s
        .client
        .request("copydesk/documentText", json!({"uri": uri}));
    assert_eq!(text["result"]["text"], "Plain words.\n");
    s.finish();
}

#[test]
fn change_to_an_unopened_document_is_logged_and_ignored() {
    let mut s = open(&["utf-16"], "Plain words.\n");
    s.client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere/never-opened.md", "version": 2},
               "contentChanges": [{"text": "x"}]}),
    );
    let log = s
        .client
        .wait_notification("window/logMessage", SECS, |p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("never-opened.md"))
        })
        .expect("the ignored change is logged");
    assert_eq!(log["type"], 2, "a warning");
    let uri = s.uri.clone();
    let text = s
        .client
        .request("copydesk/documentText", json!({"uri": uri}));
    assert_eq!(text["result"]["text"], "Plain words.\n");
    s.finish();
}

#[test]
fn ranges_past_the_end_are_clamped() {
    let mut s = open(&["utf-16"], "one\r\ntwo 😀\r\n");
    let uri = s.uri.clone();
    // Character past the end of line 1: clamped to before its CRLF.
    s.client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 1, "character": 500}, "end": {"line": 1, "character": 900}}, "text": "!"},
            {"range": {"start": {"line": 40, "character": 0}, "end": {"line": 99, "character": 3}}, "text": "end"},
            {"range": {"start": {"line": 1, "character": 5}, "end": {"line": 1, "character": 5}}, "text": "[half]"}
        ]}),
    );
    let text = s
        .client
        .request("copydesk/documentText", json!({"uri": uri}));
    // Half a surrogate pair (character 5) moves past the emoji.
    assert_eq!(text["result"]["text"], "one\r\ntwo 😀[half]!\r\nend");
    assert_eq!(text["result"]["version"], 2);
    s.diagnostics(2);
    s.finish();
}

#[test]
fn requests_after_shutdown_get_errors_then_exit_ends_the_process() {
    let mut s = open(&["utf-16"], "Plain words.\n");
    let resp = s.client.request("shutdown", Value::Null);
    assert!(resp.get("error").is_none());
    let uri = s.uri.clone();
    let after = s.client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
    );
    assert_eq!(
        after["error"]["code"], -32600,
        "invalid request after shutdown: {after}"
    );
    s.client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    s.client.notify("exit", Value::Null);
    let status = s.client.wait_exit(SECS).expect("exit ends the process");
    assert!(status.success());
}

#[test]
fn closed_stdin_ends_the_process() {
    let mut s = open(&["utf-16"], "Plain words.\n");
    s.diagnostics(1);
    s.client.close_stdin();
    let status = s
        .client
        .wait_exit(SECS)
        .expect("the server ends when its client disappears");
    assert_eq!(status.code(), Some(1), "no shutdown was asked for");
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let mut s = open(&["utf-16"], "Plain words.\n");
    s.client.notify("exit", Value::Null);
    let status = s.client.wait_exit(SECS).expect("exit ends the process");
    assert_eq!(status.code(), Some(1));
}
