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

/// Resident memory of a process, in MiB (Linux), and its peak.
fn rss_mib(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map(|kb| kb / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

#[test]
fn a_twenty_megabyte_draft_is_opened_edited_and_answered() {
    let paragraph = "“We will go on,” Peskov said. Volodymyr Zelenskyy met envoys in Kyiv.\n\n";
    let big = paragraph.repeat(20 * 1024 * 1024 / paragraph.len() + 1);
    let mut s = open(&["utf-16"], &big);
    let uri = s.uri.clone();
    for version in 2..=4 {
        s.client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [
                {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}
            ]}),
        );
    }
    let text = s.client.request_within(
        Duration::from_secs(600),
        "copydesk/documentText",
        json!({"uri": uri, "lengthOnly": true}),
    );
    assert_eq!(text["result"]["version"], 4);
    assert_eq!(text["result"]["length"], big.len() + 3);
    // The server answers other requests while the long lint runs.
    let elsewhere = s.client.request_within(
        Duration::from_secs(600),
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "file:///not/open.md"}}),
    );
    assert!(elsewhere.get("error").is_none(), "{elsewhere}");
    let (rss, peak) = rss_mib(s.client.child.id()).unwrap_or((0, 0));
    println!("20 MB draft: RSS {rss} MiB, peak {peak} MiB");
    // Bounded: a few copies of the text and one analysis at a time.
    assert!(peak < 2048, "peak RSS {peak} MiB");
    s.finish();
}

/// Issue 4, point 4: two drafts of one story in a workspace folder, only
/// b.md open. The house style prefers "Zelensky"; a.md (wire copy, not
/// open) says "Zelenskiy", b.md "Zelenskyy". b.md's finding names a.md's
/// spelling as related information, and its quick fix is one workspace edit
/// that changes both files; applied as a client applies it (the open
/// document by didChange, the closed file on disk), both drafts agree.
#[test]
fn a_workspace_fix_over_stdio_edits_both_drafts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("copydesk.json"),
        r#"{"names": {"Zelensky": []}}"#,
    )
    .unwrap();
    let a_path = dir.path().join("a.md");
    let a_text = "Volodymyr Zelenskiy met Donald Trump in Kyiv.\n\nZelenskiy said little.\n";
    std::fs::write(&a_path, a_text).unwrap();
    let b_path = dir.path().join("b.md");
    let b_text = "Donald Trump called Volodymyr Zelenskyy on Monday.\n";
    std::fs::write(&b_path, b_text).unwrap();
    let (a, b) = (
        format!("file://{}", a_path.display()),
        format!("file://{}", b_path.display()),
    );
    let root = format!("file://{}", dir.path().display());
    let mut client = StdioClient::start();
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{"uri": root, "name": "story"}],
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "workspace": {"workspaceEdit": {"documentChanges": true}},
                "textDocument": {"publishDiagnostics": {"versionSupport": true, "relatedInformation": true}}
            }
        }),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": b, "languageId": "markdown", "version": 1, "text": b_text}}),
    );

    // a.md is indexed in the background; b.md then learns of its spelling.
    let published = client
        .wait_notification("textDocument/publishDiagnostics", SECS, |p| {
            p["uri"] == b.as_str()
                && p["diagnostics"].as_array().is_some_and(|ds| {
                    ds.iter().any(|d| {
                        d["code"] == "name.inconsistent"
                            && d["relatedInformation"].as_array().is_some_and(|r| {
                                r.iter().any(|r| r["location"]["uri"] == a.as_str())
                            })
                    })
                })
        })
        .expect("b.md's finding points at a.md's spelling");
    let finding = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "name.inconsistent")
        .unwrap()
        .clone();
    assert_eq!(finding["severity"], 3, "across drafts it is information");
    let related = finding["relatedInformation"].as_array().unwrap();
    let in_a = related
        .iter()
        .find(|r| r["location"]["uri"] == a.as_str())
        .unwrap();
    assert_eq!(
        in_a["location"]["range"]["start"],
        json!({"line": 0, "character": a_text.find("Zelenskiy").unwrap()})
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": b}, "range": finding["range"],
               "context": {"diagnostics": [finding]}}),
    );
    let actions = actions["result"].as_array().expect("code actions").clone();
    let fix = actions
        .iter()
        .find(|x| x["title"] == "Change to “Zelensky” in every draft")
        .unwrap_or_else(|| panic!("no every-draft fix in {actions:?}"))
        .clone();
    let (a_edits, b_edits) = (edits_for(&fix["edit"], &a), edits_for(&fix["edit"], &b));
    assert_eq!(a_edits.len(), 2, "both of a.md's mentions: {fix}");
    assert_eq!(b_edits.len(), 1, "b.md's mention: {fix}");

    // Apply it as an editor does and tell the server.
    let mut a_new = a_text.to_string();
    apply(&mut a_new, &a_edits, Encoding::Utf16);
    std::fs::write(&a_path, &a_new).unwrap();
    let mut b_new = b_text.to_string();
    let changes = apply(&mut b_new, &b_edits, Encoding::Utf16);
    assert_eq!(
        a_new,
        "Volodymyr Zelensky met Donald Trump in Kyiv.\n\nZelensky said little.\n"
    );
    assert_eq!(b_new, "Donald Trump called Volodymyr Zelensky on Monday.\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": a, "type": 2}]}),
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": b, "version": 2}, "contentChanges": changes}),
    );
    // The lint of version 2 may run before a.md is re-read from disk; the
    // re-index then re-lints b.md. Either way b.md must come out clean.
    let clean = client.wait_notification("textDocument/publishDiagnostics", SECS, |p| {
        p["uri"] == b.as_str()
            && p["version"] == 2
            && p["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| !d["code"].as_str().unwrap_or("").starts_with("name."))
    });
    assert!(clean.is_some(), "the drafts agree after the fix");
    // And a.md, opened as it now is on disk, has nothing to say either.
    let a_disk = std::fs::read_to_string(&a_path).unwrap();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": a, "languageId": "markdown", "version": 1, "text": a_disk}}),
    );
    let a_diagnostics = client
        .wait_notification("textDocument/publishDiagnostics", SECS, |p| {
            p["uri"] == a.as_str() && p["version"] == 1
        })
        .expect("diagnostics for a.md");
    let names: Vec<&Value> = a_diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap_or("").starts_with("name."))
        .collect();
    assert!(names.is_empty(), "a.md agrees with b.md: {names:?}");
    let resp = client.request("shutdown", Value::Null);
    assert!(resp.get("error").is_none());
    client.notify("exit", Value::Null);
    assert!(client.wait_exit(SECS).is_some_and(|s| s.success()));
}
