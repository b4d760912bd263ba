//! `title.stylebook`: a title that contradicts the stylebook's entry.

use super::{Context, Rule, RuleInfo};
use crate::analysis::titles::lexicon::{Kind, Lexicon};
use crate::analysis::titles::{recase, Placement, Tense, Title, TitledPerson};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::stylebook::{PersonEntry, Stylebook};

pub static INFO: RuleInfo = RuleInfo {
    id: "title.stylebook",
    default_severity: Severity::Warning,
    summary: "a title that contradicts the stylebook's entry for that person",
    doc: "## What it does\n\
Compares each title given to a person with the stylebook's `people` entry for that person \
(`\"Dmitry Peskov\": { \"title\": \"spokesperson\", \"of\": \"Kremlin\" }`) and flags a different \
role. Synonyms (spokesman, spokeswoman), modifiers (\"Kremlin\", \"Russian\") and past roles \
(\"former adviser\") are not contradictions.\n\n\
## Why\n\
The stylebook records what the desk has checked; a draft that says otherwise is wrong or the \
stylebook is out of date.\n\n\
## Example\n\
`Kremlin adviser Dmitry Peskov` with the entry above → change \"adviser\" to \"spokesperson\".",
};

pub struct TitleStylebook;

impl Rule for TitleStylebook {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if cx.stylebook.people.is_empty() {
            return;
        }
        let draft = &cx.analysis.draft;
        let titles = &cx.analysis.titles;
        let lex = Lexicon::get();
        for person in &titles.persons {
            let Some((key, entry)) = entry_for(cx.stylebook, person) else {
                continue;
            };
            let Some((role, head)) = lex.head_of_phrase(&entry.title) else {
                continue;
            };
            for &ti in &person.titles {
                let t = &titles.titles[ti];
                if t.tense != Tense::Current || t.role == role {
                    continue;
                }
                let replacement = stylebook_form(
                    t,
                    &head,
                    lex.forms.iter().find(|f| f.role == role).map(|f| f.kind),
                );
                let of = entry
                    .of
                    .as_deref()
                    .map(|o| format!(" ({o})"))
                    .unwrap_or_default();
                out.push(
                    Finding::new(
                        INFO.id,
                        INFO.default_severity,
                        t.head.clone(),
                        format!(
                            "The stylebook gives {key} the title “{}”{of}, not “{}”",
                            entry.title,
                            draft.slice(&t.head)
                        ),
                    )
                    .with_fix(Fix::new(
                        format!("Change to “{replacement}”"),
                        false,
                        vec![Edit::here(t.head.clone(), replacement.clone())],
                    )),
                );
            }
        }
    }
}

/// The stylebook entry for a person: by full name, or, when only the
/// surname is known, by the one entry with that surname.
fn entry_for<'s>(book: &'s Stylebook, person: &TitledPerson) -> Option<(&'s str, &'s PersonEntry)> {
    if let Some((k, e)) = book.people.get_key_value(person.full.as_str()) {
        return Some((k.as_str(), e));
    }
    if person.full != person.surname {
        return None;
    }
    let mut same = book
        .people
        .iter()
        .filter(|(k, _)| k.rsplit(' ').next() == Some(person.surname.as_str()));
    match (same.next(), same.next()) {
        (Some((k, e)), None) => Some((k.as_str(), e)),
        _ => None,
    }
}

/// The stylebook's head written where `t` stands: a formal title
/// capitalised directly before a name, a job description lower-case.
fn stylebook_form(t: &Title, head: &str, kind: Option<Kind>) -> String {
    if head.ends_with('.') {
        return head.to_string();
    }
    let capital = match kind {
        Some(Kind::Occupational | Kind::Descriptor) => t.sentence_start,
        _ => t.sentence_start || (t.placement == Placement::BeforeName && !t.determiner),
    };
    let mut s = recase(head, capital);
    if t.sentence_start {
        let mut c = s.chars();
        if let Some(first) = c.next() {
            s = first.to_uppercase().chain(c).collect();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use crate::draft::DraftKind;
    use crate::rules::testing::findings_with;
    use crate::stylebook::Stylebook;
    use std::path::Path;

    const RULE: &str = "title.stylebook";

    fn book() -> Stylebook {
        Stylebook::parse(
            r#"{"people": {"Ivan Sorokin": {"title": "spokesperson", "of": "Kremlin"},
                           "Erik Voss": {"title": "Chancellor", "of": "Germany"}}}"#,
            Path::new("copydesk.json"),
        )
        .unwrap()
    }

    fn run(text: &str) -> Vec<crate::finding::Finding> {
        findings_with(text, DraftKind::Plain, RULE, &book())
    }

    #[test]
    fn a_different_role_is_flagged_with_the_stylebook_title_as_fix() {
        let text = "Kremlin adviser Ivan Sorokin spoke.";
        let found = run(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "adviser");
        let fixed = crate::apply_edits(text, &found[0].fixes[0].edits);
        assert_eq!(fixed, "Kremlin spokesperson Ivan Sorokin spoke.");
    }

    #[test]
    fn formal_title_is_capitalised_before_the_name() {
        let text = "German President Erik Voss spoke.";
        let found = run(text);
        assert_eq!(found.len(), 1);
        let fixed = crate::apply_edits(text, &found[0].fixes[0].edits);
        assert_eq!(fixed, "German Chancellor Erik Voss spoke.");
    }

    #[test]
    fn synonyms_and_modifiers_agree_with_the_stylebook() {
        assert!(run(
            "Kremlin spokesman Ivan Sorokin spoke. Spokeswoman Sorokin? No: spokesperson Sorokin."
        )
        .is_empty());
        assert!(run("German Chancellor Erik Voss spoke. Chancellor Voss left.").is_empty());
    }

    #[test]
    fn surname_only_mentions_use_the_entry() {
        assert_eq!(run("Kremlin adviser Sorokin spoke.").len(), 1);
    }

    #[test]
    fn past_roles_and_other_people_are_not_flagged() {
        assert!(run("Erik Voss, the former foreign minister, spoke.").is_empty());
        assert!(run("Kremlin adviser Yuri Ushakov spoke.").is_empty());
        assert!(run("Kremlin adviser Anna Sorokin spoke.").is_empty());
    }

    #[test]
    fn no_stylebook_no_findings() {
        assert!(
            crate::rules::testing::findings("Kremlin adviser Ivan Sorokin spoke.", RULE).is_empty()
        );
    }
}
