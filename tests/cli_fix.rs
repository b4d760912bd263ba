//! `copydesk check --fix`: safe fixes only, line endings and byte-order
//! mark kept, idempotent. (A file changed between read and write is tested
//! on `cli::fix::write_if_unchanged`, where the race can be staged.)
//!
//! The expected text is computed from the JSON report's safe fixes, so
//! these tests hold whichever rules offer safe fixes.

use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn copydesk(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

const BOOK: &str = r#"{"names": {"Kyiv": ["Kiev"]}}"#;

/// Paragraphs with findings that have safe fixes (a stylebook spelling, a
/// title in the wrong case) and one that has only unsafe fixes (a stray
/// quote mark).
const DRAFT: &str = "The convoy left Kiev at dawn, mayor Anneliese Vortmann said.\n\nIt was back in Kiev by noon, Vortmann said.\n\nTrade was brisk” by evening.\n";

/// The draft (`\n` line breaks, no BOM) with the first safe fix of each
/// finding applied, as the JSON report gives them, skipping overlaps.
fn expected_after_fix(dir: &Path, file: &str) -> (String, usize) {
    let out = copydesk(dir, &["check", "--format", "json", file]);
    let report: Value = serde_json::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for d in report["files"][0]["diagnostics"].as_array().unwrap() {
        let Some(fix) = d["fixes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["safe"] == true)
        else {
            continue;
        };
        let mine: Vec<(usize, usize, String)> = fix["edits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                assert_eq!(e["path"], file, "this draft's fixes stay in it");
                (
                    e["offsets"][0].as_u64().unwrap() as usize,
                    e["offsets"][1].as_u64().unwrap() as usize,
                    e["replacement"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let clash = mine.iter().any(|(a, b, _)| {
            edits
                .iter()
                .any(|(c, d, _)| (*a).max(*c) < (*b).min(*d) || a == c)
        });
        if !clash {
            edits.extend(mine);
        }
    }
    edits.sort();
    let text = fs::read_to_string(dir.join(file)).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut out = String::new();
    let mut at = 0;
    for (a, b, r) in &edits {
        out.push_str(&text[at..*a]);
        out.push_str(r);
        at = *b;
    }
    out.push_str(&text[at..]);
    (out, edits.len())
}

fn setup(content: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("copydesk.json"), BOOK).unwrap();
    fs::write(dir.path().join("a.md"), content).unwrap();
    dir
}

#[test]
fn fix_applies_the_safe_fixes_and_a_second_run_changes_nothing() {
    let dir = setup(DRAFT.as_bytes());
    let (expected, n) = expected_after_fix(dir.path(), "a.md");
    assert!(n > 0, "the draft should have safe fixes");
    let out = copydesk(dir.path(), &["check", "--fix", "a.md"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("fixed "), "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        expected
    );
    // The stray quote mark's fixes are not safe: it is still reported.
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("quote.unbalanced"));
    let out = copydesk(dir.path(), &["check", "--fix", "a.md"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("fixed "));
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        expected
    );
}

#[test]
fn fix_keeps_crlf_line_endings() {
    let crlf = DRAFT.replace('\n', "\r\n");
    let dir = setup(crlf.as_bytes());
    let (expected, n) = expected_after_fix(dir.path(), "a.md");
    assert!(n > 0);
    copydesk(dir.path(), &["check", "--fix", "a.md"]);
    let after = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert_eq!(after, expected);
    assert_eq!(
        after.matches('\n').count(),
        after.matches("\r\n").count(),
        "no bare LF"
    );
    assert_ne!(after, crlf);
}

#[test]
fn fix_keeps_the_byte_order_mark() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(DRAFT.as_bytes());
    let dir = setup(&bytes);
    let (expected, n) = expected_after_fix(dir.path(), "a.md");
    assert!(n > 0);
    copydesk(dir.path(), &["check", "--fix", "a.md"]);
    let after = fs::read(dir.path().join("a.md")).unwrap();
    assert!(after.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(&after[3..], expected.as_bytes());
}

#[test]
fn without_fix_nothing_is_written() {
    let dir = setup(DRAFT.as_bytes());
    copydesk(dir.path(), &["check", "a.md"]);
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), DRAFT);
}
