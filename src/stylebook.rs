//! The newsroom's stylebook, `copydesk.json`.
//!
//! Every key is optional. Unknown keys and wrong types are errors that name
//! the file, line and column, because a stylebook silently half-read is
//! worse than one refused.

use crate::finding::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How titles are cased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HouseStyle {
    /// AP: a formal title is capitalised directly before a name only.
    #[default]
    Ap,
    /// The Guardian: titles lower-case.
    Guardian,
    /// Title case is not checked.
    Off,
}

/// Whether spellings and titles are compared across drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    #[default]
    Workspace,
    Document,
}

/// A person's entry: the title the newsroom gives them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonEntry {
    pub title: String,
    #[serde(default)]
    pub of: Option<String>,
}

/// A rule's setting: a severity or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    Severity(Severity),
}

impl<'de> Deserialize<'de> for RuleSetting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "off" {
            return Ok(RuleSetting::Off);
        }
        Severity::parse(&s)
            .map(RuleSetting::Severity)
            .ok_or_else(|| {
                serde::de::Error::invalid_value(
                    serde::de::Unexpected::Str(&s),
                    &"one of \"error\", \"warning\", \"information\", \"hint\", \"off\"",
                )
            })
    }
}

/// The stylebook. `Stylebook::default()` is what zero configuration means.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stylebook {
    #[serde(default)]
    pub house_style: HouseStyle,
    #[serde(default)]
    pub scope: Scope,
    /// Preferred spelling → variants that should be changed to it.
    #[serde(default)]
    pub names: BTreeMap<String, Vec<String>>,
    /// Full name → the title the newsroom gives that person.
    #[serde(default)]
    pub people: BTreeMap<String, PersonEntry>,
    /// Extra speech verbs ("quipped"), in any inflection the newsroom uses.
    #[serde(default)]
    pub attribution_verbs: Vec<String>,
    /// Rule id → severity or "off".
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
    /// Globs (relative to the stylebook's folder) of drafts not to check.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Notes for the people who read the file (`copydesk init` writes
    /// some): JSON has no comments, so this key is read and ignored.
    #[serde(default, rename = "_comment")]
    pub comment: Option<serde_json::Value>,
    /// Where this stylebook was read from, if from a file.
    #[serde(skip)]
    pub path: Option<PathBuf>,
    /// The text it was read from, so a fix can edit it in place.
    #[serde(skip)]
    pub source: Option<String>,
}

/// A stylebook that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StylebookError {
    pub path: PathBuf,
    /// 1-based; 0 when the error is not about a place in the file.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for StylebookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                self.line,
                self.column,
                self.message
            )
        } else {
            write!(f, "{}: {}", self.path.display(), self.message)
        }
    }
}

impl std::error::Error for StylebookError {}

/// The file names a stylebook may have, in the order they are looked for.
pub const FILE_NAMES: &[&str] = &["copydesk.json", ".copydesk.json"];

impl Stylebook {
    /// Parse a stylebook's text. `path` is only used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Stylebook, StylebookError> {
        let original = text;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut book: Stylebook = serde_json::from_str(text).map_err(|e| StylebookError {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or("invalid stylebook")
                .to_string(),
        })?;
        book.path = Some(path.to_path_buf());
        book.source = Some(original.to_string());
        book.validate(text, path)?;
        Ok(book)
    }

    /// Read a stylebook file.
    pub fn load(path: &Path) -> Result<Stylebook, StylebookError> {
        let bytes = std::fs::read(path).map_err(|e| StylebookError {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message: e.to_string(),
        })?;
        let text = String::from_utf8(bytes).map_err(|_| StylebookError {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message: "not UTF-8 text".to_string(),
        })?;
        Stylebook::parse(&text, path)
    }

    /// Find the stylebook for a draft: the first `copydesk.json` or
    /// `.copydesk.json` walking up from the draft's folder, stopping at
    /// `root` (inclusive) when given.
    pub fn discover(draft: &Path, root: Option<&Path>) -> Option<PathBuf> {
        let mut dir = if draft.is_dir() {
            Some(draft)
        } else {
            draft.parent()
        };
        while let Some(d) = dir {
            for name in FILE_NAMES {
                let candidate = d.join(name);
                if candidate.is_file() {
                    return Some(candidate);
                }
            }
            if root.is_some_and(|r| d == r) {
                break;
            }
            dir = d.parent();
        }
        None
    }

    /// Checks serde cannot express: rule ids must exist.
    fn validate(&self, text: &str, path: &Path) -> Result<(), StylebookError> {
        for id in self.rules.keys() {
            if crate::rules::find(id).is_none() {
                let (line, column) = locate(text, &format!("\"{id}\""));
                return Err(StylebookError {
                    path: path.to_path_buf(),
                    line,
                    column,
                    message: format!("unknown rule `{id}` (see `copydesk rules`)"),
                });
            }
        }
        Ok(())
    }

    /// The severity of a rule under this stylebook, or `None` when it is off.
    pub fn severity(&self, rule: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(rule) {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::Severity(s)) => Some(*s),
            None => {
                if rule == "title.case" && self.house_style == HouseStyle::Off {
                    None
                } else {
                    Some(default)
                }
            }
        }
    }
}

/// 1-based line and column (in characters) of the first occurrence of
/// `needle` in `text`, or (1, 1).
fn locate(text: &str, needle: &str) -> (usize, usize) {
    let Some(at) = text.find(needle) else {
        return (1, 1);
    };
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Stylebook, StylebookError> {
        Stylebook::parse(text, Path::new("book/copydesk.json"))
    }

    #[test]
    fn every_key_is_optional() {
        let book = parse("{}").unwrap();
        assert_eq!(book.house_style, HouseStyle::Ap);
        assert_eq!(book.scope, Scope::Workspace);
        assert!(book.names.is_empty() && book.ignore.is_empty());
    }

    #[test]
    fn reads_every_key() {
        let book = parse(
            r#"{"_comment": ["notes", "more notes"], "house_style": "guardian", "scope": "document",
                "names": {"Kyiv": ["Kiev"]},
                "people": {"Dmitry Peskov": {"title": "spokesperson", "of": "Kremlin"}},
                "attribution_verbs": ["quipped"], "rules": {}, "ignore": ["archive/**"]}"#,
        )
        .unwrap();
        assert_eq!(book.house_style, HouseStyle::Guardian);
        assert_eq!(book.scope, Scope::Document);
        assert_eq!(book.names["Kyiv"], ["Kiev"]);
        assert_eq!(book.people["Dmitry Peskov"].of.as_deref(), Some("Kremlin"));
        assert_eq!(book.attribution_verbs, ["quipped"]);
        assert_eq!(book.ignore, ["archive/**"]);
        assert_eq!(book.path.as_deref(), Some(Path::new("book/copydesk.json")));
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_line_and_column() {
        let e = parse("{\n  \"scope\": \"document\",\n  \"colour\": \"red\"\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 10));
        assert!(
            e.message.starts_with("unknown field `colour`"),
            "{}",
            e.message
        );
        assert_eq!(
            e.to_string().split(": ").next(),
            Some("book/copydesk.json:3:10")
        );
    }

    #[test]
    fn an_unknown_key_in_a_person_is_an_error() {
        let e = parse("{\"people\": {\"A B\": {\"title\": \"x\", \"rank\": 1}}}").unwrap_err();
        assert!(e.message.contains("unknown field `rank`"), "{}", e.message);
    }

    #[test]
    fn wrong_types_and_values_are_errors() {
        let e = parse("{\"ignore\": \"archive\"}").unwrap_err();
        assert!(e.message.starts_with("invalid type"), "{}", e.message);
        assert_eq!(e.line, 1);
        let e = parse("{\n\"house_style\": \"chicago\"}").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.message.contains("unknown variant `chicago`"),
            "{}",
            e.message
        );
        let e = parse("{\"rules\": {\"quote.unbalanced\": \"loud\"}}").unwrap_err();
        assert!(e.message.contains("\"off\""), "{}", e.message);
    }

    #[test]
    fn a_syntax_error_has_a_place() {
        let e = parse("{\n  \"scope\" \"document\"\n}").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.column > 0);
    }

    #[test]
    fn an_unknown_rule_id_is_an_error_at_its_place() {
        let e = parse("{\"rules\": {\n  \"quote.nonsense\": \"off\"}}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert!(e.message.contains("unknown rule `quote.nonsense`"));
    }

    #[test]
    fn a_byte_order_mark_is_allowed() {
        assert!(parse("\u{feff}{\"scope\": \"document\"}").is_ok());
    }

    #[test]
    fn severity_overrides_and_off() {
        let mut book = Stylebook::default();
        book.rules.insert(
            "quote.anonymous".into(),
            RuleSetting::Severity(Severity::Hint),
        );
        book.rules
            .insert("quote.unattributed".into(), RuleSetting::Off);
        assert_eq!(
            book.severity("quote.anonymous", Severity::Information),
            Some(Severity::Hint)
        );
        assert_eq!(book.severity("quote.unattributed", Severity::Warning), None);
        assert_eq!(
            book.severity("name.stylebook", Severity::Warning),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn house_style_off_turns_title_case_off_unless_the_rules_say_otherwise() {
        let mut book = Stylebook {
            house_style: HouseStyle::Off,
            ..Stylebook::default()
        };
        assert_eq!(book.severity("title.case", Severity::Information), None);
        assert_eq!(
            book.severity("title.mismatch", Severity::Warning),
            Some(Severity::Warning)
        );
        book.rules.insert(
            "title.case".into(),
            RuleSetting::Severity(Severity::Warning),
        );
        assert_eq!(
            book.severity("title.case", Severity::Information),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn discovery_walks_up_and_knows_both_names() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(dir.path().join(".copydesk.json"), "{}").unwrap();
        let draft = deep.join("story.md");
        assert_eq!(
            Stylebook::discover(&draft, None),
            Some(dir.path().join(".copydesk.json"))
        );
        std::fs::write(dir.path().join("a/copydesk.json"), "{}").unwrap();
        assert_eq!(
            Stylebook::discover(&draft, None),
            Some(dir.path().join("a/copydesk.json"))
        );
        // The search stops at the root it is given.
        assert_eq!(Stylebook::discover(&draft, Some(&deep)), None);
    }

    #[test]
    fn load_reports_missing_and_non_utf8_files() {
        let dir = tempfile::tempdir().unwrap();
        let e = Stylebook::load(&dir.path().join("none.json")).unwrap_err();
        assert_eq!(e.line, 0);
        assert!(e.to_string().contains("none.json: "));
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, b"{\"scope\": \"\xff\"}").unwrap();
        assert!(Stylebook::load(&bad).unwrap_err().message.contains("UTF-8"));
    }
}
