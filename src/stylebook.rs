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
