//! `title.mismatch`: one person, two incompatible roles.

use super::{concat, Context, Rule, RuleInfo};
use crate::analysis::titles::{recase, Tense, Title, Titles};
use crate::draft::Draft;
use crate::finding::{Edit, Finding, Fix, Related, Severity};

pub static INFO: RuleInfo = RuleInfo {
    id: "title.mismatch",
    default_severity: Severity::Warning,
    summary: "one person given incompatible titles (spokesperson vs adviser; president vs prime minister)",
    doc: "## What it does\n\
Finds a person given two rival roles in one story: \"Kremlin spokesperson Dmitry Peskov\" in one \
paragraph and \"Kremlin adviser Peskov\" in another; \"Sen.\" and \"Rep.\"; \"president\" and \"prime \
minister\". The minority title is flagged and points at the other.\n\n\
Never flagged: the same role with more or fewer modifiers (\"President Putin\", \"Russian President \
Vladimir Putin\", \"Ukraine's President\", \"Ukrainian President\"), synonyms (spokesperson, spokesman, \
spokeswoman, press secretary; adviser, advisor, aide), a past or future role (\"former prime minister\", \
\"President-elect\"), a rank (\"deputy spokesperson\"), and roles that are not rivals (a general who is \
president).\n\n\
## Why\n\
Two titles for one person is a correction waiting to happen.\n\n\
## Example\n\
`Kremlin adviser Peskov said` after `Kremlin spokesperson Dmitry Peskov` → change \"adviser\" to \
\"spokesperson\".",
};

pub struct TitleMismatch;

impl Rule for TitleMismatch {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let draft = &cx.analysis.draft;
        let titles = &cx.analysis.titles;
        // One list and one set of groups for every person: no allocation
        // per person.
        let mut list: Vec<&Title> = Vec::new();
        let mut groups: Vec<RoleGroup> = Vec::new();
        for person in 0..titles.persons.len() {
            check_person(draft, titles, person, (&mut list, &mut groups), out);
        }
    }
}

/// A title that may be compared with another: current, in a rival family.
fn comparable(t: &Title) -> bool {
    t.tense == Tense::Current && t.family().is_some()
}

fn check_person<'t>(
    draft: &Draft,
    titles: &'t Titles,
    person: usize,
    (list, groups): (&mut Vec<&'t Title>, &mut Vec<RoleGroup>),
    out: &mut Vec<Finding>,
) {
    let p = &titles.persons[person];
    // One title has no rival.
    if p.titles.len() < 2 {
        return;
    }
    list.clear();
    list.extend(
        p.titles
            .iter()
            .map(|&i| &titles.titles[i])
            .filter(|t| comparable(t)),
    );
    role_groups(list, groups);
    for t in list.iter() {
        let Some(other) = preferred_rival(list, groups, t) else {
            continue;
        };
        out.push(finding(draft, &p.full, t, other));
    }
}

/// The titles of one role and rank in a person's list: how many, and the
/// position of the first.
struct RoleGroup {
    role: usize,
    rank: bool,
    family: Option<&'static str>,
    count: usize,
    first: usize,
}

/// The groups of `list` by role and rank, in one pass: a person has few
/// distinct roles (at most the lexicon's), so each title is compared with a
/// handful of groups and the rule stays linear in the titles a person has.
fn role_groups(list: &[&Title], groups: &mut Vec<RoleGroup>) {
    groups.clear();
    for (i, t) in list.iter().enumerate() {
        match groups
            .iter_mut()
            .find(|g| g.role == t.role && g.rank == t.rank)
        {
            Some(g) => g.count += 1,
            None => groups.push(RoleGroup {
                role: t.role,
                rank: t.rank,
                family: t.family(),
                count: 1,
                first: i,
            }),
        }
    }
}

/// The title this one should yield to: among its rivals, the role given
/// most often (ties: the earliest), when it is given at least as often as
/// this title's role and this title is not the earliest of the tie.
fn preferred_rival<'a>(list: &[&'a Title], groups: &[RoleGroup], t: &Title) -> Option<&'a Title> {
    let key = |g: &RoleGroup| (g.count, std::cmp::Reverse(g.first));
    let mine = groups
        .iter()
        .find(|g| g.role == t.role && g.rank == t.rank)
        .map(key)?;
    let family = t.family();
    // Two titles are rivals: same family, same rank, different roles
    // (`comparable` titles all have a family). Groups have distinct first
    // positions: no ties.
    let best = groups
        .iter()
        .filter(|g| g.family == family && g.rank == t.rank && g.role != t.role)
        .max_by_key(|g| key(g))?;
    (key(best) > mine).then(|| list[best.first])
}

fn finding(draft: &Draft, name: &str, t: &Title, other: &Title) -> Finding {
    let here = draft.slice(&t.head);
    let there = draft.slice(&other.head);
    let replacement = match_case(there, here, t.sentence_start);
    Finding::new(
        INFO.id,
        INFO.default_severity,
        t.head.clone(),
        concat(&[
            name,
            " is “",
            here,
            "” here but “",
            there,
            "” elsewhere in the story: one person, two roles",
        ]),
    )
    .with_related(Related {
        path: None,
        range: other.head.clone(),
        message: concat(&[name, " is “", there, "” here"]),
    })
    .with_fix(Fix::new(
        concat(&["Change to “", &replacement, "”"]),
        false,
        vec![Edit::here(t.head.clone(), replacement.clone())],
    ))
}

/// Write `other` in the case of `here`: capitalised where `here` is (or at
/// a sentence start), lower-case where it is not; abbreviations as they are.
pub(crate) fn match_case(other: &str, here: &str, sentence_start: bool) -> String {
    let capital = here.chars().next().is_some_and(char::is_uppercase);
    let mut s = recase(other, capital);
    if sentence_start && !capital {
        s = recase(other, true);
    }
    s
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_clean, assert_fix, assert_flags, findings};

    const RULE: &str = "title.mismatch";

    #[test]
    fn spokesperson_then_adviser_is_flagged() {
        let text = "Kremlin spokesperson Ivan Sorokin said talks would be slow.\n\n\
                    Kremlin adviser Sorokin later added that no date was set.\n";
        assert_flags(text, RULE, 1);
        let f = &findings(text, RULE)[0];
        assert_eq!(&text[f.range.clone()], "adviser");
        assert_eq!(&text[f.related[0].range.clone()], "spokesperson");
    }

    #[test]
    fn fix_replaces_with_the_other_title() {
        let text =
            "Kremlin spokesperson Ivan Sorokin spoke.\n\nKremlin adviser Sorokin spoke again.\n";
        assert_fix(
            text,
            RULE,
            "Kremlin spokesperson Ivan Sorokin spoke.\n\nKremlin spokesperson Sorokin spoke again.\n",
        );
    }

    #[test]
    fn president_versus_prime_minister() {
        assert_flags(
            "Prime Minister Lena Holm met the press. Later President Holm left for Oslo.",
            RULE,
            1,
        );
    }

    #[test]
    fn senator_versus_representative() {
        let text = "Sen. Mark Delaney of Ohio opposed the bill. Rep. Delaney said it was rushed.";
        assert_flags(text, RULE, 1);
        assert_fix(
            text,
            RULE,
            "Sen. Mark Delaney of Ohio opposed the bill. Sen. Delaney said it was rushed.",
        );
    }

    #[test]
    fn the_majority_title_wins() {
        let text = "Gov. Ruth Alder spoke. Sen. Alder replied. Gov. Alder left.";
        let found = findings(text, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "Sen.");
    }

    #[test]
    fn appositive_title_is_compared_too() {
        assert_flags(
            "Kremlin spokesperson Ivan Sorokin spoke first.\n\nIvan Sorokin, a Kremlin adviser, spoke last.\n",
            RULE,
            1,
        );
    }

    #[test]
    fn more_or_fewer_modifiers_are_the_same_title() {
        assert_clean(
            "Russian President Pavel Orlov spoke on Monday. President Orlov said talks would go on.",
            RULE,
        );
    }

    #[test]
    fn country_possessive_and_nationality_are_the_same_title() {
        // One seed writes "Ukraine’s President", the other "Ukrainian President".
        assert_clean(
            "Ukraine’s President Volodymyr Zelenskyy spoke. Ukrainian President Volodymyr Zelenskyy left.",
            RULE,
        );
        assert_clean(
            "Ukraine’s President Volodymyr Zelenskiy spoke. Zelenskiy said the talks were useful.",
            RULE,
        );
    }

    #[test]
    fn both_seed_forms_for_putin_are_compatible() {
        assert_clean(
            "President Anna Price called Russian President Vladimir Putin. Later Putin wrote back. \
             The Russian president, an analyst said, gained time.",
            RULE,
        );
    }

    #[test]
    fn synonyms_are_one_role() {
        assert_clean(
            "White House press secretary Joan Bell spoke. Spokeswoman Bell then left. The spokesperson, Bell, returned. \
             Spokesman Bell was asked again.",
            RULE,
        );
        assert_clean(
            "Senior adviser Tom Reed spoke. Aide Reed declined. Advisor Reed left.",
            RULE,
        );
    }

    #[test]
    fn former_role_is_not_a_rival() {
        assert_clean(
            "Prime Minister Lena Holm spoke. Lena Holm, the former foreign minister, knows the file.",
            RULE,
        );
        assert_clean(
            "Former Sen. Ada Pine is now Gov. Pine, and Gov. Pine spoke.",
            RULE,
        );
        assert_clean(
            "Then-Gov. Ada Pine signed it. President-elect Pine now regrets it.",
            RULE,
        );
    }

    #[test]
    fn rank_is_not_compared() {
        assert_clean(
            "Deputy spokesperson Omar Haddad spoke. Adviser Omar Haddad also spoke.",
            RULE,
        );
    }

    #[test]
    fn roles_of_different_families_are_not_rivals() {
        assert_clean(
            "Gen. Luis Ortega took power. President Ortega then spoke.",
            RULE,
        );
        assert_clean("Pope Leo met Cardinal Leo.", RULE);
    }

    #[test]
    fn two_people_with_one_surname_are_not_compared() {
        assert_clean(
            "Former President Bill Carver joined Sen. Hillary Carver. President Carver spoke. Sen. Carver left.",
            RULE,
        );
        assert_clean("President Bill Carver met Sen. Hillary Carver.", RULE);
    }

    #[test]
    fn surnames_that_are_title_words_or_place_words() {
        // "King" is a royal title and "Mills" ends "General Mills", but
        // after a title, alone, they are surnames.
        assert_flags("Rep. Sam King spoke. Later Gov. King spoke.", RULE, 1);
        assert_flags(
            "Campaign aide Cheryl Mills spoke. Later spokesperson Mills spoke.",
            RULE,
            1,
        );
    }

    #[test]
    fn a_retired_rank_is_still_the_rank() {
        assert_flags(
            "Retired Gen. Norm Hale spoke. Later Col. Hale spoke.",
            RULE,
            1,
        );
    }

    #[test]
    fn the_seed_with_one_peskov_title_changed() {
        let text = "Kremlin adviser Yuri Ushakov said nothing was set.\n\n\
                    Reports quoted Kremlin adviser Dmitry Peskov on the talks.\n\n\
                    According to Kremlin spokesperson Peskov, a meeting was discussed.\n";
        assert_flags(text, RULE, 1);
    }
}
