//! The commands the README, the example workflow and the pre-commit hooks
//! tell people to run are commands copydesk accepts.

use clap::Parser;
use copydesk::cli::Cli;

fn read(path: &str) -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + path).unwrap()
}

/// Every `copydesk …` command line in `text`, shell-split, without
/// redirections or trailing comments.
fn command_lines(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(at) = line
            .find("copydesk check")
            .or_else(|| line.find("copydesk explain"))
        else {
            continue;
        };
        let rest = &line[at..];
        let rest = rest.split(['>', '#', '`']).next().unwrap_or(rest);
        let words: Vec<String> = rest
            .split_whitespace()
            .map(|w| w.trim_matches('"').to_string())
            .collect();
        out.push(words);
    }
    out
}

fn assert_parses(source: &str, lines: &[Vec<String>]) {
    assert!(!lines.is_empty(), "no copydesk commands found in {source}");
    for words in lines {
        if let Err(e) = Cli::try_parse_from(words) {
            panic!("{source}: `{}` is not accepted: {e}", words.join(" "));
        }
    }
}

#[test]
fn the_example_workflow_runs_commands_copydesk_accepts() {
    let workflow = read(".github/workflows/copydesk-example.yml");
    let lines = command_lines(&workflow);
    assert_parses("copydesk-example.yml", &lines);
    assert!(lines.iter().any(|l| l.contains(&"github".to_string())));
    assert!(lines.iter().any(|l| l.contains(&"sarif".to_string())));
    assert!(workflow.contains("upload-sarif"));
}

#[test]
fn the_pre_commit_hooks_run_commands_copydesk_accepts() {
    let hooks = read(".pre-commit-hooks.yaml");
    let entries: Vec<Vec<String>> = hooks
        .lines()
        .filter_map(|l| l.trim().strip_prefix("entry:"))
        .map(|e| e.split_whitespace().map(str::to_string).collect())
        .collect();
    assert_eq!(entries.len(), 2);
    assert_parses(".pre-commit-hooks.yaml", &entries);
    assert!(hooks.contains("- id: copydesk\n"));
    assert!(hooks.contains("language: rust"));
}

#[test]
fn the_readme_runs_commands_copydesk_accepts() {
    let readme = read("README.md");
    assert!(readme.contains("cargo run --release -- check samples/"));
    assert!(readme.contains("cargo install --path ."));
    assert_parses("README.md", &command_lines(&readme));
}

#[test]
fn the_readme_documents_every_stylebook_key_and_rule() {
    let readme = read("README.md");
    let starter: serde_json::Value = serde_json::from_str(&copydesk::cli::init::starter()).unwrap();
    for key in starter.as_object().unwrap().keys() {
        assert!(
            readme.contains(&format!("| `{key}` |")),
            "README does not document `{key}`"
        );
    }
    for rule in copydesk::rules::RULES {
        let id = rule.info().id;
        assert!(
            readme.contains(&format!("| `{id}` |")),
            "README does not list `{id}`"
        );
    }
}
