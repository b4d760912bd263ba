//! `name.stylebook`: a spelling the stylebook lists as a variant.

use super::{Context, Rule, RuleInfo};
use crate::analysis::people::variants::fold;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::stylebook::Stylebook;

pub static INFO: RuleInfo = RuleInfo {
    id: "name.stylebook",
    default_severity: Severity::Warning,
    summary: "a name spelled in a way the stylebook lists as a variant (Kiev → Kyiv)",
    doc: "## What it does\n\
Flags a name or place written in a spelling that the stylebook's `names` \
lists as a variant of a preferred spelling, and offers the preferred one.\n\n\
## Why\n\
A newsroom decides once how to spell Zelenskyy or Kyiv; copy from wires \
and older stories brings the other spellings back.\n\n\
## Example\n\
With `\"names\": { \"Kyiv\": [\"Kiev\"] }` in `copydesk.json`:\n\n\
```text\nThe talks in Kiev ended.\n```\n\n\
is fixed (safely) to\n\n\
```text\nThe talks in Kyiv ended.\n```\n",
};

pub struct NameStylebook;

/// The stylebook's preferred spelling for a spelling it names (as the
/// preferred one or a variant), by folded comparison.
pub fn preferred_for<'s>(stylebook: &'s Stylebook, spelling: &str) -> Option<&'s str> {
    let f = fold(spelling);
    stylebook
        .names
        .iter()
        .find(|(preferred, variants)| fold(preferred) == f || variants.iter().any(|v| fold(v) == f))
        .map(|(preferred, _)| preferred.as_str())
}

/// True when the stylebook lists `spelling` (exactly, ignoring case) as a
/// variant of another spelling.
pub fn listed_variant<'s>(stylebook: &'s Stylebook, spelling: &str) -> Option<&'s str> {
    let lower = spelling.to_lowercase();
    stylebook
        .names
        .iter()
        .find(|(preferred, variants)| {
            preferred.to_lowercase() != lower && variants.iter().any(|v| v.to_lowercase() == lower)
        })
        .map(|(preferred, _)| preferred.as_str())
}

/// The replacement for a mention, keeping a sentence-initial capital
/// ("al-Qaida" opening a sentence becomes "Al-Qaida").
pub fn cased_like(replacement: &str, written: &str) -> String {
    let upper_written = written.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(c) if upper_written && c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => replacement.to_string(),
    }
}

impl Rule for NameStylebook {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if cx.stylebook.names.is_empty() {
            return;
        }
        for m in &cx.analysis.people.mentions {
            let Some(preferred) = listed_variant(cx.stylebook, m.surname) else {
                continue;
            };
            let replacement = cased_like(preferred, m.surname);
            let message = format!("The stylebook spells “{}” as “{preferred}”", m.surname);
            let fix = Fix::new(
                format!("Change to “{replacement}”"),
                true,
                vec![Edit::here(m.surname_span.clone(), replacement.clone())],
            );
            out.push(
                Finding::new(
                    INFO.id,
                    INFO.default_severity,
                    m.surname_span.clone(),
                    message,
                )
                .with_fix(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;
    use crate::rules::testing::findings_with;
    use std::collections::BTreeMap;

    fn book(entries: &[(&str, &[&str])]) -> Stylebook {
        let names: BTreeMap<String, Vec<String>> = entries
            .iter()
            .map(|(p, vs)| (p.to_string(), vs.iter().map(|v| v.to_string()).collect()))
            .collect();
        Stylebook {
            names,
            ..Stylebook::default()
        }
    }

    fn flags(text: &str, sb: &Stylebook) -> Vec<Finding> {
        findings_with(text, DraftKind::Plain, INFO.id, sb)
    }

    #[test]
    fn flags_a_listed_variant_with_a_safe_fix() {
        let sb = book(&[("Kyiv", &["Kiev"])]);
        let text = "The talks in Kiev ended without a deal.\n";
        let found = flags(text, &sb);
        assert_eq!(found.len(), 1);
        assert!(found[0].fixes[0].safe);
        assert_eq!(
            crate::apply_edits(text, &found[0].fixes[0].edits),
            "The talks in Kyiv ended without a deal.\n"
        );
    }

    #[test]
    fn keeps_the_possessive() {
        let sb = book(&[("Zelenskyy", &["Zelenskiy"])]);
        let text = "President Volodymyr Zelenskiy’s office said no.\n";
        let found = flags(text, &sb);
        assert_eq!(found.len(), 1);
        assert_eq!(
            crate::apply_edits(text, &found[0].fixes[0].edits),
            "President Volodymyr Zelenskyy’s office said no.\n"
        );
    }

    #[test]
    fn preferred_spelling_and_unlisted_names_are_clean() {
        let sb = book(&[("Kyiv", &["Kiev"])]);
        assert!(flags("The talks in Kyiv ended.\n", &sb).is_empty());
        assert!(flags("Nancy Pelosi spoke in Kyiv.\n", &sb).is_empty());
        assert!(flags("The talks in Kiev ended.\n", &Stylebook::default()).is_empty());
    }

    #[test]
    fn lower_case_words_are_not_names() {
        // "kiev" in lower case (chicken kiev on a menu) is no name mention.
        let sb = book(&[("Kyiv", &["Kiev"])]);
        assert!(flags("The menu had chicken kiev and soup.\n", &sb).is_empty());
    }
}
