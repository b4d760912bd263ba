//! Hover, document symbols and code actions, in-process, translated from
//! the engine's analysis and findings.

mod lsp_support;

use lsp_support::InProcess;
use serde_json::{json, Value};
use std::time::Duration;

async fn start(book: &str, name: &str, text: &str) -> (InProcess, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let book_path = dir.path().join("copydesk.json");
    std::fs::write(&book_path, book).unwrap();
    let uri = format!("file://{}/{name}", dir.path().display());
    let mut server = InProcess::start();
    server
        .initialize(json!({}), json!({"copydesk": {"stylebook": book_path}}))
        .await;
    server
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        )
        .await;
    (server, uri, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_and_symbols_show_the_people_of_the_story() {
    let text = "Volodymyr Zelenskyy spoke.\nZelenskyy left.\nAides to Zelenskiy stayed.\n";
    let (mut server, uri, _dir) = start("{}", "story.txt", text).await;
    let hover = server
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 10}}),
        )
        .await
        .unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("“Zelenskiy” 1× (line 3)"), "{shown}");
    assert_eq!(
        hover["range"],
        json!({"start": {"line": 2, "character": 9}, "end": {"line": 2, "character": 18}})
    );
    let nothing = server
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 22}}),
        )
        .await
        .unwrap();
    assert!(nothing.is_null(), "no hover on “spoke”: {nothing}");

    let symbols = server
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await
        .unwrap();
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Volodymyr Zelenskyy"]);
}

fn actions(response: &Value) -> Vec<Value> {
    response.as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fix_all_applies_every_safe_fix_and_quick_fixes_prefer_one() {
    let book = r#"{"names": {"Kyiv": ["Kiev"]}}"#;
    let text = "Officials in Kiev met.\nThe mayor of Kiev spoke.\n";
    let (mut server, uri, _dir) = start(book, "story.txt", text).await;
    server
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_secs(20),
            |p| p["version"] == 1,
        )
        .await
        .expect("diagnostics");

    let all = server
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await
        .unwrap();
    let all = actions(&all);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["kind"], "source.fixAll.copydesk");
    let edits = all[0]["edit"]["changes"][uri.as_str()].as_array().unwrap();
    assert_eq!(edits.len(), 2);
    assert!(edits.iter().all(|e| e["newText"] == "Kyiv"));

    let quick = server
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": 1, "character": 14}, "end": {"line": 1, "character": 14}},
                   "context": {"diagnostics": [], "only": ["quickfix"]}}),
        )
        .await
        .unwrap();
    let quick = actions(&quick);
    assert!(!quick.is_empty());
    assert!(quick.iter().all(|a| a["kind"] == "quickfix"));
    let preferred = quick
        .iter()
        .find(|a| a["isPreferred"] == true)
        .expect("a preferred fix");
    assert_eq!(preferred["diagnostics"][0]["code"], "name.stylebook");
    let edits = preferred["edit"]["changes"][uri.as_str()]
        .as_array()
        .unwrap();
    assert_eq!(
        edits[0]["range"],
        json!({"start": {"line": 1, "character": 13}, "end": {"line": 1, "character": 17}})
    );
}
