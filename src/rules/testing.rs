//! Helpers that make rule tests read like a style guide.

use crate::draft::DraftKind;
use crate::finding::Finding;
use crate::stylebook::Stylebook;

/// Lint `text` (plain text) and keep the findings of `rule`.
pub fn findings(text: &str, rule: &str) -> Vec<Finding> {
    findings_with(text, DraftKind::Plain, rule, &Stylebook::default())
}

pub fn findings_with(
    text: &str,
    kind: DraftKind,
    rule: &str,
    stylebook: &Stylebook,
) -> Vec<Finding> {
    crate::lint(None, text, kind, stylebook, None)
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

#[track_caller]
pub fn assert_flags(text: &str, rule: &str, count: usize) {
    let found = findings(text, rule);
    assert_eq!(found.len(), count, "{rule} on {text:?}: {found:#?}");
}

#[track_caller]
pub fn assert_clean(text: &str, rule: &str) {
    assert_flags(text, rule, 0);
}

/// Apply the first fix of the first finding and compare the result.
#[track_caller]
pub fn assert_fix(text: &str, rule: &str, expected: &str) {
    let found = findings(text, rule);
    let fix = found
        .first()
        .and_then(|f| f.fixes.first())
        .unwrap_or_else(|| panic!("{rule} offers no fix on {text:?}"));
    assert_eq!(crate::apply_edits(text, &fix.edits), expected);
}
