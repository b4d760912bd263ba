//! In-process LSP tests (issue 2, point 5): the tower service driven
//! directly, no subprocess.

mod lsp_support;

use copydesk::analysis::Analysis;
use copydesk::draft::{Draft, DraftKind, Encoding};
use copydesk::{Stylebook, WorkspaceIndex};
use lsp_support::{lsp_range, random_edit, InProcess, Rng};
use serde_json::{json, Value};
use std::time::Duration;

const DRAFT: &str =
    "# Talks\n\nPeskov said the talks would go on.”\r\n\n“We are ready,” Zelenskyy said. 😀\n";

/// A workspace with an empty stylebook, so no stylebook on the machine
/// above the temp folder can change the results.
fn workspace() -> (tempfile::TempDir, String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("copydesk.json");
    std::fs::write(&book, "{}").unwrap();
    let uri = format!("file://{}/story.md", dir.path().display());
    let options = json!({"copydesk": {"stylebook": book}});
    (dir, uri, options)
}

/// What the engine finds in `text`, as (rule, start line, start character)
/// in UTF-16, with the draft in a workspace index as the server has it.
fn expected(text: &str, path: &str) -> Vec<(String, u64, u64)> {
    let book = Stylebook::default();
    let analysis = Analysis::new(Draft::parse(text, DraftKind::Markdown), &book);
    let mut index = WorkspaceIndex::new();
    index.update(path, &analysis);
    let index_lines = copydesk::draft::LineIndex::new(text);
    copydesk::lint_analysis(&analysis, Some(path), &book, Some(&index))
        .iter()
        .map(|f| {
            let (l, c) = index_lines.position(text, f.range.start, Encoding::Utf16);
            (f.rule.to_string(), l as u64, c as u64)
        })
        .collect()
}

fn published(params: &Value) -> Vec<(String, u64, u64)> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["source"], "copydesk");
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_rapid_edits_keep_text_and_diagnostics_in_step() {
    let (_dir, uri, options) = workspace();
    let mut server = InProcess::start();
    let init = server.initialize(json!({}), options).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        init["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental"
    );

    server
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": DRAFT}}),
        )
        .await;

    let mut client_text = DRAFT.to_string();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut messages = Vec::new();
    let mut version = 1;
    for _ in 0..1000 {
        version += 1;
        let (range, replacement) = random_edit(&mut rng, &client_text);
        let lsp = lsp_range(&client_text, &range, Encoding::Utf16);
        client_text.replace_range(range, &replacement);
        messages.push((
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": lsp, "text": replacement}]}),
        ));
    }
    server.notify_burst(messages).await;

    let got = server
        .request("copydesk/documentText", json!({"uri": uri}))
        .await
        .unwrap();
    assert_eq!(got["version"], version);
    assert!(
        got["text"] == client_text,
        "server text differs from the client's"
    );

    // Diagnostics: versions only ever go up, and the last is the last edit's.
    let mut last_version = 0;
    let mut last = None;
    loop {
        let timeout = if last_version == version { 500 } else { 20_000 };
        let Some(params) = server
            .wait_for(
                "textDocument/publishDiagnostics",
                Duration::from_millis(timeout),
                |p| p["uri"] == uri.as_str(),
            )
            .await
        else {
            break;
        };
        let v = params["version"]
            .as_i64()
            .expect("diagnostics carry a version");
        // The same version may be published again (the workspace index
        // finished, settings changed), but never an older one.
        assert!(
            v >= last_version,
            "diagnostics for version {v} came after {last_version}"
        );
        last_version = v;
        last = Some(params);
    }
    assert_eq!(
        last_version, version,
        "the last diagnostics are for the last version"
    );
    let path = uri.trim_start_matches("file://");
    assert_eq!(published(&last.unwrap()), expected(&client_text, path));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_is_negotiated_when_offered() {
    let (_dir, _uri, options) = workspace();
    let mut server = InProcess::start();
    let caps = json!({"general": {"positionEncodings": ["utf-16", "utf-8"]}});
    let init = server.initialize(caps, options).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
}
