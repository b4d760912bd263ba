//! Rules: each reads the analysis and returns findings.
//!
//! One rule, one file: its id, default severity and documentation sit beside
//! its code and its tests. [`RULES`] is the registry.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::stylebook::Stylebook;
use crate::workspace::WorkspaceIndex;

pub mod name_inconsistent;
pub mod name_stylebook;
pub mod quote_anonymous;
pub mod quote_unattributed;
pub mod quote_unbalanced;
pub mod title_case;
pub mod title_mismatch;
pub mod title_stylebook;

#[cfg(test)]
pub(crate) mod testing;

/// What `copydesk rules` and `copydesk explain` show about a rule.
#[derive(Debug)]
pub struct RuleInfo {
    /// The rule id, e.g. `quote.unbalanced`.
    pub id: &'static str,
    pub default_severity: Severity,
    /// One line: what it flags.
    pub summary: &'static str,
    /// What it does, why a desk cares, an example and its fix (Markdown).
    pub doc: &'static str,
}

/// What a rule is given to look at.
pub struct Context<'a, 't> {
    pub analysis: &'a Analysis<'t>,
    pub stylebook: &'a Stylebook,
    /// Facts about the other drafts of the workspace, when scope is
    /// `workspace` and the face has them.
    pub workspace: Option<&'a WorkspaceIndex>,
    /// The draft's path (CLI) or URI path (LSP), when it has one.
    pub path: Option<&'a str>,
}

pub trait Rule: Send + Sync {
    fn info(&self) -> &'static RuleInfo;
    /// Push this rule's findings for the draft onto `out`, at the rule's
    /// default severity (the stylebook's overrides are applied later).
    fn check(&self, cx: &Context, out: &mut Vec<Finding>);
}

/// Every rule copydesk has, in the order `copydesk rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &quote_unattributed::QuoteUnattributed,
    &quote_unbalanced::QuoteUnbalanced,
    &quote_anonymous::QuoteAnonymous,
    &name_inconsistent::NameInconsistent,
    &name_stylebook::NameStylebook,
    &title_mismatch::TitleMismatch,
    &title_stylebook::TitleStylebook,
    &title_case::TitleCase,
];

/// The concatenation of `parts`, allocated once: messages are built this
/// way rather than with `format!`, whose machinery costs more than the
/// copying.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.info().id == id)
}
