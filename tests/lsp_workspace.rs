//! Pull diagnostics, and the stylebook on disk: a broken one is shown on
//! its file while linting goes on with the last good one.

mod lsp_support;

use lsp_support::InProcess;
use serde_json::{json, Value};
use std::time::Duration;

const STRAY: &str = "Peskov said the talks would go on.” Then he left.\n";

fn uri_of(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

async fn open(server: &mut InProcess, uri: &str, text: &str) {
    server
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        )
        .await;
}

fn codes(diagnostics: &Value) -> Vec<(String, i64)> {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_that_pull_get_diagnostics_by_request_not_by_push() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("copydesk.json"), "{}").unwrap();
    let uri = uri_of(&dir.path().join("story.md"));
    let mut server = InProcess::start();
    let caps = json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}});
    let init = server
        .initialize(
            caps,
            json!({"copydesk": {"stylebook": dir.path().join("copydesk.json")}}),
        )
        .await;
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "copydesk"
    );
    open(&mut server, &uri, STRAY).await;
    let report = server
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await
        .unwrap();
    assert_eq!(report["kind"], "full");
    assert!(codes(&report["items"]).contains(&("quote.unbalanced".to_string(), 1)));
    let pushed = server
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_millis(500),
            |p| p["uri"] == uri.as_str(),
        )
        .await;
    assert!(pushed.is_none(), "no push to a pulling client: {pushed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_stylebook_is_shown_and_the_last_good_one_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("copydesk.json");
    std::fs::write(&book, r#"{"rules": {"quote.unbalanced": "warning"}}"#).unwrap();
    let uri = uri_of(&dir.path().join("story.md"));
    let book_uri = uri_of(&book);
    let root = uri_of(dir.path());
    let mut server = InProcess::start();
    let params = json!({"capabilities": {}, "workspaceFolders": [{"uri": root, "name": "d"}]});
    server.request("initialize", params).await.unwrap();
    server.notify("initialized", json!({})).await;
    open(&mut server, &uri, STRAY).await;
    let first = server
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_secs(20),
            |p| p["uri"] == uri.as_str(),
        )
        .await
        .unwrap();
    assert!(
        codes(&first["diagnostics"]).contains(&("quote.unbalanced".to_string(), 2)),
        "warning"
    );

    // Break it: a trailing comma on line 3.
    std::fs::write(
        &book,
        "{\n  \"rules\": {\n    \"quote.unbalanced\": \"hint\",\n  }\n}\n",
    )
    .unwrap();
    server
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": book_uri, "type": 2}]}),
        )
        .await;
    let shown = server
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_secs(20),
            |p| p["uri"] == book_uri.as_str() && !p["diagnostics"].as_array().unwrap().is_empty(),
        )
        .await
        .expect("the stylebook error is shown on the stylebook");
    let d = &shown["diagnostics"][0];
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "copydesk");
    assert_eq!(d["range"]["start"]["line"], 3, "the line of the error: {d}");

    // Linting goes on with the last good stylebook (warning, not hint).
    server
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": STRAY.repeat(2)}]}),
        )
        .await;
    let again = server
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_secs(20),
            |p| p["uri"] == uri.as_str() && p["version"] == 2,
        )
        .await
        .unwrap();
    let found = codes(&again["diagnostics"]);
    assert!(
        !found.is_empty() && found.iter().all(|(_, s)| *s == 2),
        "{found:?}"
    );

    // Mend it: the error is cleared and the new setting applies.
    std::fs::write(&book, r#"{"rules": {"quote.unbalanced": "hint"}}"#).unwrap();
    server
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": book_uri, "type": 2}]}),
        )
        .await;
    server
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_secs(20),
            |p| p["uri"] == book_uri.as_str() && p["diagnostics"].as_array().unwrap().is_empty(),
        )
        .await
        .expect("the stylebook error is cleared");
    let mended = server
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_secs(20),
            |p| {
                let found = codes(&p["diagnostics"]);
                p["uri"] == uri.as_str() && !found.is_empty() && found.iter().all(|(_, s)| *s == 4)
            },
        )
        .await;
    assert!(
        mended.is_some(),
        "the mended stylebook's hint severity applies"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spellings_are_compared_across_the_drafts_of_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("copydesk.json"), "{}").unwrap();
    let a_path = dir.path().join("a.md");
    let a_text =
        "President Volodymyr Zelenskiy spoke in Kyiv. Zelenskiy asked Donald Trump for help.\n";
    std::fs::write(&a_path, a_text).unwrap();
    let b_text = "Ukraine's leader Volodymyr Zelenskyy met envoys. Donald Trump called.\n";
    std::fs::write(dir.path().join("b.md"), b_text).unwrap();
    let (a, b) = (uri_of(&a_path), uri_of(&dir.path().join("b.md")));
    let root = uri_of(dir.path());
    let mut server = InProcess::start();
    let params = json!({"capabilities": {}, "workspaceFolders": [{"uri": root, "name": "story"}]});
    server.request("initialize", params).await.unwrap();
    server.notify("initialized", json!({})).await;
    open(&mut server, &b, b_text).await;

    // Once a.md (not open) is indexed, b.md (the same story: both name
    // Donald Trump) learns of its other spelling.
    let published = server
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_secs(30),
            |p| {
                p["uri"] == b.as_str()
                    && p["diagnostics"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|d| d["code"] == "name.inconsistent")
            },
        )
        .await
        .expect("a cross-draft spelling finding");
    let d = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "name.inconsistent")
        .unwrap()
        .clone();
    let related = d["relatedInformation"].as_array().expect("related places");
    let in_a = related
        .iter()
        .find(|r| r["location"]["uri"] == a.as_str())
        .expect("a related place in a.md");
    let col = a_text.find("Zelenskiy").unwrap();
    assert_eq!(
        in_a["location"]["range"]["start"],
        json!({"line": 0, "character": col})
    );

    // The quick fixes reach into the other draft, a.md, which is not even
    // open, as workspace edits.
    let actions = server
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": b}, "range": d["range"],
                   "context": {"diagnostics": [d]}}),
        )
        .await
        .unwrap();
    // Which fix touches which draft depends on the preferred spelling (the
    // majority edits nothing); between them they reach both drafts.
    let touched: Vec<String> = actions
        .as_array()
        .expect("code actions")
        .iter()
        .filter_map(|action| action["edit"]["changes"].as_object())
        .flat_map(|c| c.keys().cloned())
        .collect();
    assert!(
        touched.iter().any(|u| u == a.as_str()),
        "a fix edits a.md: {touched:?}"
    );
    assert!(
        touched.iter().any(|u| u == b.as_str()),
        "a fix edits b.md: {touched:?}"
    );

    // Open a.md and mend its spelling: b.md is re-linted and goes quiet.
    open(&mut server, &a, a_text).await;
    let fixed = a_text.replace("Zelenskiy", "Zelenskyy");
    server
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": [{"text": fixed}]}),
        )
        .await;
    let quiet = server
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_secs(30),
            |p| {
                p["uri"] == b.as_str()
                    && p["diagnostics"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|d| d["code"] != "name.inconsistent")
            },
        )
        .await;
    assert!(quiet.is_some(), "b.md re-linted after a.md changed");
}
