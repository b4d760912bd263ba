//! LSP robustness (issue 7), in-process: thousands of random edits
//! interleaved with requests, and a panic injected into the lint.

mod lsp_support;

use copydesk::draft::Encoding;
use futures::StreamExt;
use lsp_support::{lsp_range, random_edit, InProcess, Rng};
use serde_json::{json, Value};
use std::time::Duration;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::Request;

fn workspace() -> (tempfile::TempDir, String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("copydesk.json");
    std::fs::write(&book, "{}").unwrap();
    let uri = format!("file://{}/story.md", dir.path().display());
    (dir, uri, json!({"copydesk": {"stylebook": book}}))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_edits_interleaved_with_requests() {
    let (_dir, uri, options) = workspace();
    let mut server = InProcess::start();
    let caps = json!({"general": {"positionEncodings": ["utf-8"]}});
    server.initialize(caps, options).await;
    let start = "“We go,” Peskov said.\r\n\r\nZelenskyy 😀 spoke.\n";
    server
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": start}}),
        )
        .await;

    let mut client_text = start.to_string();
    let mut rng = Rng(0x0dd_ba11_cafe_f00d);
    let mut messages = Vec::new();
    let mut version = 1;
    let mut requests = 0;
    for _ in 0..10_000 {
        version += 1;
        let (range, replacement) = random_edit(&mut rng, &client_text);
        let lsp = lsp_range(&client_text, &range, Encoding::Utf8);
        client_text.replace_range(range, &replacement);
        messages.push(
            Request::build("textDocument/didChange")
                .params(json!({"textDocument": {"uri": uri, "version": version},
                               "contentChanges": [{"range": lsp, "text": replacement}]}))
                .finish(),
        );
        if rng.below(25) == 0 {
            requests += 1;
            // Positions anywhere, including past the end of the document.
            let p = json!({"line": rng.below(8), "character": rng.below(40)});
            let q = json!({"line": rng.below(8), "character": rng.below(40)});
            let (method, params) = match rng.below(4) {
                0 => (
                    "textDocument/hover",
                    json!({"textDocument": {"uri": uri}, "position": p}),
                ),
                1 => (
                    "textDocument/codeAction",
                    json!({"textDocument": {"uri": uri}, "range": {"start": p, "end": q},
                           "context": {"diagnostics": []}}),
                ),
                2 => (
                    "textDocument/diagnostic",
                    json!({"textDocument": {"uri": uri}}),
                ),
                _ => (
                    "textDocument/documentSymbol",
                    json!({"textDocument": {"uri": uri}}),
                ),
            };
            messages.push(
                Request::build(method)
                    .params(params)
                    .id(100_000 + requests)
                    .finish(),
            );
        }
    }

    server.service.ready().await.unwrap();
    let service = &mut server.service;
    let futures: Vec<_> = messages.into_iter().map(|m| service.call(m)).collect();
    let responses: Vec<_> = futures::stream::iter(futures)
        .buffer_unordered(4)
        .collect::<Vec<_>>()
        .await;
    let mut answered = 0;
    for r in responses {
        if let Some(resp) = r.expect("service alive") {
            let (_, result) = resp.into_parts();
            assert!(result.is_ok(), "a request failed: {result:?}");
            answered += 1;
        }
    }
    assert_eq!(answered, requests, "every request answered");
    let got = server
        .request("copydesk/documentText", json!({"uri": uri}))
        .await
        .unwrap();
    assert_eq!(got["version"], version);
    assert!(
        got["text"] == client_text,
        "server text differs from the client's"
    );
    let last = server
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_secs(30),
            |p| p["version"] == version,
        )
        .await;
    assert!(last.is_some(), "diagnostics for the last version");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_in_the_lint_is_caught_logged_and_survived() {
    let (dir, uri, _) = workspace();
    let book = dir.path().join("copydesk.json");
    let mut server = InProcess::start();
    // testPanic is a test-only setting: every lint panics.
    server
        .initialize(
            json!({}),
            json!({"copydesk": {"stylebook": book, "testPanic": true}}),
        )
        .await;
    server
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": "Words.\n"}}),
        )
        .await;
    let log = server
        .wait_for("window/logMessage", Duration::from_secs(20), |p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("panicked"))
        })
        .await
        .expect("the panic is logged");
    assert_eq!(log["type"], 1, "as an error");
    assert!(log["message"].as_str().unwrap().contains("testPanic"));

    // The server still answers, and lints again once the hook is off.
    let hover = server
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
        )
        .await;
    assert!(hover.is_ok());
    server
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"copydesk": {"stylebook": book, "testPanic": false}}}),
        )
        .await;
    server
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "More words.\n"}]}),
        )
        .await;
    let published = server
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_secs(20),
            |p| p["version"] == 2,
        )
        .await;
    assert!(published.is_some(), "linting resumed");
}
