//! Findings: what a rule reports, and the fixes it offers.
//!
//! Everything here is in UTF-8 byte offsets into the draft's text (end
//! exclusive). The faces (CLI, LSP) translate offsets into lines and columns.

use serde::Serialize;
use std::ops::Range;
use std::sync::Arc;

/// A byte range into a draft's text, end exclusive.
pub type Span = Range<usize>;

/// How serious a finding is. Ordered from most to least serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// One text replacement. `path: None` means the draft being linted; a path
/// names another draft of the workspace (or the stylebook).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub path: Option<String>,
    pub range: Span,
    pub replacement: String,
}

impl Edit {
    pub fn here(range: Span, replacement: impl Into<String>) -> Edit {
        Edit {
            path: None,
            range,
            replacement: replacement.into(),
        }
    }
}

/// A quick fix: a titled list of edits. `safe` fixes may be applied by
/// `check --fix` and the editor's "fix all" without a person reading them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub safe: bool,
    /// Shared, not copied, between findings that offer the same edits: a
    /// name spelled two ways n times offers each of its n findings the same
    /// "change all n" fix, which as a copy each cost n² edits in all.
    pub edits: Edits,
    /// A file this fix creates (with its whole content) when it does not
    /// exist yet, e.g. a new `copydesk.json`. Edits to that path are then
    /// ignored in favour of the content.
    pub create: Option<(String, String)>,
}

impl Fix {
    pub fn new(title: impl Into<String>, safe: bool, edits: impl Into<Edits>) -> Fix {
        Fix {
            title: title.into(),
            safe,
            edits: edits.into(),
            create: None,
        }
    }
}

/// The edits of a fix, read as a slice of [`Edit`]s; cloning shares them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Edits(Arc<[Edit]>);

impl std::ops::Deref for Edits {
    type Target = [Edit];

    fn deref(&self) -> &[Edit] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Edits {
    type Item = &'a Edit;
    type IntoIter = std::slice::Iter<'a, Edit>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl FromIterator<Edit> for Edits {
    fn from_iter<I: IntoIterator<Item = Edit>>(edits: I) -> Edits {
        Edits(edits.into_iter().collect())
    }
}

impl From<Vec<Edit>> for Edits {
    fn from(edits: Vec<Edit>) -> Edits {
        Edits(edits.into())
    }
}

/// A place elsewhere that explains a finding ("spelled “Zelenskyy” here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub path: Option<String>,
    pub range: Span,
    pub message: String,
}

/// What a rule reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub range: Span,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        range: Span,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity,
            message: message.into(),
            range,
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fixes.push(fix);
        self
    }

    pub fn with_related(mut self, related: Related) -> Finding {
        self.related.push(related);
        self
    }
}
