//! editors/helix/languages.toml: Helix cannot be installed here, so this
//! parses the file as Helix would read it and checks what Helix needs: the
//! server command, the languages that use it, their file types, and no key
//! Helix does not know (a typo there is silently ignored by a reporter's editor).

use std::collections::BTreeSet;
use std::path::Path;
use toml::Value;

fn helix_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/editors/helix"))
}

fn languages_toml_text() -> String {
    std::fs::read_to_string(helix_dir().join("languages.toml")).unwrap()
}

fn languages_toml() -> toml::Table {
    languages_toml_text().parse::<toml::Table>().unwrap()
}

fn languages(config: &toml::Table) -> Vec<&toml::Table> {
    config["language"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_table().unwrap())
        .collect()
}

fn language<'a>(config: &'a toml::Table, name: &str) -> &'a toml::Table {
    languages(config)
        .into_iter()
        .find(|l| l["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no [[language]] named {name}"))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

#[test]
fn the_language_server_is_copydesk_lsp() {
    let config = languages_toml();
    let server = config["language-server"]["copydesk"].as_table().unwrap();
    assert_eq!(server["command"].as_str(), Some("copydesk"));
    assert_eq!(strings(&server["args"]), ["lsp"]);
}

#[test]
fn markdown_uses_copydesk_and_keeps_helix_defaults() {
    let config = languages_toml();
    let markdown = language(&config, "markdown");
    let servers = strings(&markdown["language-servers"]);
    assert!(servers.contains(&"copydesk"), "{servers:?}");
    // Helix's own Markdown server stays; overriding file-types would drop
    // Helix's list (.md, .markdown, .mkd, …), so the entry must not set it.
    assert!(servers.contains(&"marksman"), "{servers:?}");
    assert!(!markdown.contains_key("file-types"));
}

#[test]
fn txt_drafts_are_a_language_that_uses_copydesk() {
    let config = languages_toml();
    let text = language(&config, "text");
    assert_eq!(strings(&text["file-types"]), ["txt"]);
    assert_eq!(strings(&text["language-servers"]), ["copydesk"]);
    // A new language needs a scope, or Helix refuses the file.
    assert_eq!(text["scope"].as_str(), Some("text.plain"));
    let roots = strings(&text["roots"]);
    assert!(roots.contains(&"copydesk.json"), "{roots:?}");
}

#[test]
fn every_server_a_language_names_is_defined_or_a_helix_default() {
    let config = languages_toml();
    let defined: BTreeSet<&str> = config["language-server"]
        .as_table()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for lang in languages(&config) {
        for server in strings(&lang["language-servers"]) {
            assert!(
                defined.contains(server) || server == "marksman",
                "{server} is neither defined here nor a Helix default"
            );
        }
    }
}

#[test]
fn only_keys_helix_reads() {
    // From Helix's languages.toml documentation (book/src/languages.md).
    const SERVER_KEYS: &[&str] = &[
        "command",
        "args",
        "config",
        "environment",
        "timeout",
        "required-root-patterns",
    ];
    const LANGUAGE_KEYS: &[&str] = &[
        "name",
        "scope",
        "file-types",
        "roots",
        "language-servers",
        "shebangs",
        "comment-token",
        "comment-tokens",
        "block-comment-tokens",
        "auto-format",
        "formatter",
        "indent",
        "soft-wrap",
        "text-width",
        "workspace-lsp-roots",
        "injection-regex",
        "grammar",
        "diagnostic-severity",
        "auto-pairs",
        "rulers",
        "persistent-diagnostic-sources",
    ];
    let config = languages_toml();
    for key in config.keys() {
        assert!(
            ["language-server", "language"].contains(&key.as_str()),
            "top-level {key}"
        );
    }
    for (name, server) in config["language-server"].as_table().unwrap() {
        for key in server.as_table().unwrap().keys() {
            assert!(SERVER_KEYS.contains(&key.as_str()), "{name}: {key}");
        }
    }
    for lang in languages(&config) {
        for key in lang.keys() {
            assert!(LANGUAGE_KEYS.contains(&key.as_str()), "{key}");
        }
    }
}

#[test]
fn the_readme_shows_the_file_as_it_is() {
    // A reporter copies from the README; it must not drift from the tested file.
    let readme = std::fs::read_to_string(helix_dir().join("README.md")).unwrap();
    let toml_text = languages_toml_text();
    let body: String = toml_text
        .lines()
        .skip_while(|l| l.starts_with('#') || l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!body.is_empty());
    assert!(
        readme.contains(&body),
        "editors/helix/README.md does not contain languages.toml (from [language-server.copydesk] on)"
    );
}
