//! The CLI as a user meets it: exit codes, usage errors, broken
//! stylebooks, files that are not drafts, `init`, `rules`, `explain`.

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

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn a_clean_folder_exits_0_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.md"),
        "# Budget\n\nThe council met on Tuesday.\n",
    )
    .unwrap();
    let out = copydesk(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "No findings in 1 file.");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(copydesk(dir.path(), &[]).status.code(), Some(2));
    assert_eq!(
        copydesk(dir.path(), &["check", "--format", "xml"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        copydesk(dir.path(), &["check", "--fail-on", "sometimes"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(copydesk(dir.path(), &["frobnicate"]).status.code(), Some(2));
    let out = copydesk(dir.path(), &["check", "missing-folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing-folder: no such file or folder"));
    assert_eq!(copydesk(dir.path(), &["--help"]).status.code(), Some(0));
}

#[test]
fn a_stylebook_syntax_error_is_file_line_column_message_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("copydesk.json"),
        "{\n  \"house_style\": \"ap\",\n  \"scope\" \"document\"\n}\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.md"), "Text.\n").unwrap();
    let out = copydesk(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let line = err.lines().find(|l| l.contains("copydesk.json")).unwrap();
    // e.g. "copydesk: /tmp/x/copydesk.json:3:11: expected `:`"
    let at = line.find("copydesk.json:").unwrap() + "copydesk.json:".len();
    let mut parts = line[at..].splitn(3, ':');
    assert_eq!(parts.next(), Some("3"), "{line}");
    let column: usize = parts.next().unwrap().parse().unwrap();
    assert!((9..=12).contains(&column), "{line}");
    assert!(
        parts.next().unwrap().trim().starts_with("expected"),
        "{line}"
    );
}

#[test]
fn unknown_keys_and_wrong_types_in_the_stylebook_name_their_place() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), "Text.\n").unwrap();
    let book = dir.path().join("copydesk.json");
    fs::write(&book, "{\n  \"colour\": \"blue\"\n}").unwrap();
    let out = copydesk(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("copydesk.json:2:10: unknown field `colour`"),
        "{}",
        stderr(&out)
    );
    fs::write(&book, "{\"names\": {\"Kyiv\": \"Kiev\"}}").unwrap();
    let out = copydesk(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("copydesk.json:1:25: invalid type: string"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn stylebook_override_is_used_and_a_missing_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), "Text.\n").unwrap();
    fs::write(dir.path().join("copydesk.json"), "{ broken").unwrap();
    fs::write(
        dir.path().join("house.json"),
        "{\"house_style\": \"guardian\"}",
    )
    .unwrap();
    let out = copydesk(dir.path(), &["check", "--stylebook", "house.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = copydesk(dir.path(), &["check", "--stylebook", "nope.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.json"));
}

#[test]
fn binary_and_non_utf8_files_are_skipped_the_rest_checked_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.md"), "Text.\n").unwrap();
    fs::write(dir.path().join("image.md"), b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    fs::write(dir.path().join("latin1.txt"), b"Caf\xe9 society.\n").unwrap();
    let out = copydesk(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("image.md: skipped: looks binary"), "{err}");
    assert!(err.contains("latin1.txt: skipped: not UTF-8"), "{err}");
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["files"][0]["path"], "good.md");
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn files_above_the_size_limit_are_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let big = fs::File::create(dir.path().join("huge.txt")).unwrap();
    big.set_len(51 * 1024 * 1024).unwrap(); // sparse: costs no disk
    let out = copydesk(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("huge.txt: skipped:") && stderr(&out).contains("50 MB limit"));
}

#[test]
fn gitignored_and_stylebook_ignored_drafts_are_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(".gitignore"), "build/\n").unwrap();
    fs::create_dir_all(dir.path().join("build")).unwrap();
    fs::create_dir_all(dir.path().join("archive/2020")).unwrap();
    fs::write(dir.path().join("build/x.md"), b"\0binary").unwrap();
    fs::write(dir.path().join("archive/2020/y.md"), b"\0binary").unwrap();
    fs::write(
        dir.path().join("copydesk.json"),
        "{\"ignore\": [\"archive/**\"]}",
    )
    .unwrap();
    fs::write(dir.path().join("a.md"), "Text.\n").unwrap();
    let out = copydesk(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn init_writes_a_valid_stylebook_and_refuses_to_overwrite_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = copydesk(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = fs::read_to_string(dir.path().join("copydesk.json")).unwrap();
    assert!(written.contains("\"_comment\""));
    fs::write(dir.path().join("a.md"), "Text.\n").unwrap();
    // The starter is a stylebook check accepts.
    let out = copydesk(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = copydesk(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"));
    assert_eq!(
        fs::read_to_string(dir.path().join("copydesk.json")).unwrap(),
        written
    );
}

#[test]
fn explain_an_unknown_rule_exits_2_and_rules_lists() {
    let dir = tempfile::tempdir().unwrap();
    let out = copydesk(dir.path(), &["explain", "quote.nonsense"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("copydesk rules"));
    let out = copydesk(dir.path(), &["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let listed = stdout(&out);
    for rule in copydesk::rules::RULES {
        let info = rule.info();
        let line = listed
            .lines()
            .find(|l| l.split_whitespace().next() == Some(info.id))
            .unwrap_or_else(|| panic!("`rules` does not list {}: {listed}", info.id));
        assert!(
            line.contains(info.default_severity.as_str()) && line.contains(info.summary),
            "{line}"
        );
    }
}

#[test]
fn explain_prints_the_rules_documentation() {
    let dir = tempfile::tempdir().unwrap();
    for rule in copydesk::rules::RULES {
        let info = rule.info();
        let out = copydesk(dir.path(), &["explain", info.id]);
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        assert!(text.starts_with(&format!("# {}\n", info.id)), "{text}");
        assert!(text.contains(info.doc.trim()), "{text}");
    }
}

#[test]
fn lsp_accepts_and_ignores_stdio() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    // With stdin closed at once the server ends without a shutdown
    // request: not a usage error (2), the LSP "exit without shutdown" (1).
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["lsp", "--stdio"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

/// `copydesk names | head` and the like: a reader that stops early closes
/// the pipe; every command ends quietly instead of panicking.
#[test]
fn a_closed_output_pipe_ends_every_command_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    // Enough people that each report is far larger than a pipe's buffer.
    let syllables = ["ka", "lo", "mi", "ren", "sa", "tu", "vo", "zel"];
    let mut text = String::new();
    for (i, a) in syllables.iter().enumerate() {
        for b in syllables {
            for c in syllables {
                let first = format!("{}{b}", a.to_uppercase());
                let surname = format!("{}{c}{}ski", b.to_uppercase(), syllables[i]);
                text.push_str(&format!("“The plan is late,” {first} {surname} said.\n"));
            }
        }
    }
    fs::write(dir.path().join("many.txt"), &text).unwrap();
    for args in [
        &["names", "--format", "json", "."][..],
        &["quotes", "--format", "json", "."],
        &["check", "--format", "json", "."],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The read end is dropped here: the rest of the output has nowhere to go.
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
        assert!(out.status.code().is_some(), "{args:?} ended by a signal");
    }
}
