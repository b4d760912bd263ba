//! `copydesk names`: every person with spellings, titles, counts and files.
//!
//! The people come from each draft's analysis; across drafts a person is
//! one when their surnames are one name (the same test `name.inconsistent`
//! uses) and their first names agree.

use super::input::LoadedDraft;
use crate::analysis::people::{one_name, SpellingFacts};
use crate::analysis::Analysis;
use crate::draft::Draft;
use crate::workspace::buckets_of;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One person of one draft.
struct Entry {
    full_name: String,
    first_name: Option<String>,
    surname: String,
    facts: SpellingFacts,
    /// Spelling → count in this draft.
    spellings: BTreeMap<String, usize>,
    titles: Vec<String>,
    file: String,
}

#[derive(Serialize)]
struct SpellingOut {
    text: String,
    count: usize,
    files: Vec<String>,
}

#[derive(Serialize)]
struct PersonOut {
    name: String,
    first_name: Option<String>,
    surname: String,
    mentions: usize,
    spellings: Vec<SpellingOut>,
    titles: Vec<String>,
    files: Vec<String>,
}

#[derive(Serialize)]
struct Report {
    version: u32,
    people: Vec<PersonOut>,
}

/// The titles a draft gives a person (`person` indexes `People::persons`).
fn titles_of(analysis: &Analysis, person: usize) -> Vec<String> {
    analysis.titles.titles_of_person(&analysis.draft, person)
}

/// Print the people of `drafts` in `format` (`json` or `human`); returns
/// the exit code.
pub fn run(drafts: &[LoadedDraft], format: &str) -> i32 {
    let mut entries = Vec::new();
    for d in drafts {
        let analysis = Analysis::new(Draft::parse(&d.text, d.kind), &d.stylebook);
        entries.extend(entries_of(&analysis, &d.path));
    }
    let people = merge(entries);
    match format {
        "json" => match serde_json::to_string_pretty(&Report { version: 1, people }) {
            Ok(s) => super::emit(&(s + "\n")),
            Err(e) => {
                eprintln!("copydesk names: {e}");
                2
            }
        },
        _ => super::emit(&human(&people)),
    }
}

fn entries_of(analysis: &Analysis, file: &str) -> Vec<Entry> {
    let people = &analysis.people;
    let mut out = Vec::new();
    for (i, p) in people.persons.iter().enumerate() {
        let mut spellings: BTreeMap<String, usize> = BTreeMap::new();
        let group = p.group.and_then(|g| people.groups.get(g));
        // The person's own mentions plus the variant spellings grouped with
        // their surname (a bare "Zelenskiy" after "Volodymyr Zelenskyy").
        let mut mentions: BTreeSet<usize> = p.mentions.iter().copied().collect();
        if let Some(g) = group {
            for s in &g.spellings {
                for &m in &s.mentions {
                    let other = people.mentions[m].person;
                    if other.is_none() || other == Some(i) {
                        mentions.insert(m);
                    }
                }
            }
        }
        for m in mentions {
            *spellings
                .entry(people.mentions[m].surname.to_string())
                .or_default() += 1;
        }
        let facts = group
            .and_then(|g| {
                g.spellings
                    .iter()
                    .find(|s| s.text.to_lowercase() == p.surname.to_lowercase())
            })
            .map(|s| s.facts.clone())
            .unwrap_or_else(|| SpellingFacts {
                text: p.surname.to_string(),
                group: None,
                firsts: p.first_name.iter().map(|f| f.to_lowercase()).collect(),
                weak_only: false,
            });
        out.push(Entry {
            full_name: p.full_name.to_string(),
            first_name: p.first_name.map(str::to_string),
            surname: p.surname.to_string(),
            facts,
            spellings,
            titles: titles_of(analysis, i),
            file: file.to_string(),
        });
    }
    out
}

/// Merge one person's entries across drafts: same first name (or none) and
/// surnames that are one name. Candidates meet in buckets only.
fn merge(entries: Vec<Entry>) -> Vec<PersonOut> {
    let mut parent: Vec<usize> = (0..entries.len()).collect();
    let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        for b in buckets_of(&e.facts) {
            buckets.entry(b).or_default().push(i);
        }
    }
    for members in buckets.values() {
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                if same_person(&entries[a], &entries[b]) {
                    union(&mut parent, a, b);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<&Entry>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(e);
    }
    let mut people: Vec<PersonOut> = groups.into_values().map(person_out).collect();
    people.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.name.cmp(&b.name))
    });
    people
}

fn same_person(a: &Entry, b: &Entry) -> bool {
    let first = |e: &Entry| e.first_name.as_deref().map(str::to_lowercase);
    let firsts_agree = first(a).is_none() || first(b).is_none() || first(a) == first(b);
    firsts_agree
        && (a.surname.to_lowercase() == b.surname.to_lowercase() || one_name(&a.facts, &b.facts))
}

fn person_out(entries: Vec<&Entry>) -> PersonOut {
    let mut spellings: BTreeMap<String, (usize, BTreeSet<String>)> = BTreeMap::new();
    let mut titles: BTreeSet<String> = BTreeSet::new();
    let mut files: BTreeSet<String> = BTreeSet::new();
    for e in &entries {
        for (text, n) in &e.spellings {
            let s = spellings.entry(text.clone()).or_default();
            s.0 += n;
            s.1.insert(e.file.clone());
        }
        titles.extend(e.titles.iter().cloned());
        files.insert(e.file.clone());
    }
    let mut spellings: Vec<SpellingOut> = spellings
        .into_iter()
        .map(|(text, (count, files))| SpellingOut {
            text,
            count,
            files: files.into_iter().collect(),
        })
        .collect();
    spellings.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    // The name as first written with the most used spelling.
    let first = entries[0];
    PersonOut {
        name: first.full_name.clone(),
        first_name: first.first_name.clone(),
        surname: first.surname.clone(),
        mentions: spellings.iter().map(|s| s.count).sum(),
        spellings,
        titles: titles.into_iter().collect(),
        files: files.into_iter().collect(),
    }
}

fn human(people: &[PersonOut]) -> String {
    let mut out = String::new();
    for p in people {
        out.push_str(&format!("{} ({} mentions)\n", p.name, p.mentions));
        let spellings: Vec<String> = p
            .spellings
            .iter()
            .map(|s| format!("{} {}×", s.text, s.count))
            .collect();
        out.push_str(&format!("  spellings: {}\n", spellings.join(", ")));
        if p.spellings.len() > 1 {
            for s in &p.spellings {
                out.push_str(&format!("    {}: {}\n", s.text, s.files.join(", ")));
            }
        }
        if !p.titles.is_empty() {
            out.push_str(&format!("  titles: {}\n", p.titles.join("; ")));
        }
        out.push_str(&format!("  files: {}\n", p.files.join(", ")));
    }
    if people.is_empty() {
        out.push_str("no people found\n");
    }
    out
}

use crate::analysis::people::{find, union};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DraftKind, Stylebook};
    use std::sync::Arc;

    fn draft(path: &str, text: &str) -> LoadedDraft {
        LoadedDraft {
            path: path.to_string(),
            text: text.to_string(),
            kind: DraftKind::Plain,
            stylebook: Arc::new(Stylebook::default()),
        }
    }

    fn people_of(drafts: &[LoadedDraft]) -> Vec<PersonOut> {
        let mut entries = Vec::new();
        for d in drafts {
            let a = Analysis::new(Draft::parse(&d.text, d.kind), &d.stylebook);
            entries.extend(entries_of(&a, &d.path));
        }
        merge(entries)
    }

    #[test]
    fn one_person_across_two_drafts_with_both_spellings() {
        let people = people_of(&[
            draft("a.txt", "Volodymyr Zelenskiy spoke. Zelenskiy left.\n"),
            draft("b.txt", "President Volodymyr Zelenskyy met envoys.\n"),
            draft("c.txt", "Nancy Pelosi spoke.\n"),
        ]);
        assert_eq!(people.len(), 2);
        let z = &people[0];
        assert_eq!(z.mentions, 3);
        assert_eq!(z.files, ["a.txt", "b.txt"]);
        let spellings: Vec<(&str, usize)> = z
            .spellings
            .iter()
            .map(|s| (s.text.as_str(), s.count))
            .collect();
        assert_eq!(spellings, [("Zelenskiy", 2), ("Zelenskyy", 1)]);
        let text = human(&people);
        assert!(text.contains("Zelenskiy 2×, Zelenskyy 1×"), "{text}");
    }

    #[test]
    fn titles_come_from_the_title_analysis() {
        let people = people_of(&[draft(
            "a.txt",
            "Kremlin spokesperson Dmitry Peskov said no. Peskov left.\n",
        )]);
        let peskov = people.iter().find(|p| p.surname == "Peskov").unwrap();
        assert!(
            peskov.titles.iter().any(|t| t.contains("spokesperson")),
            "{:?}",
            peskov.titles
        );
    }

    #[test]
    fn two_clintons_stay_two() {
        let people = people_of(&[draft(
            "a.txt",
            "Bill Clinton spoke. Hillary Clinton left.\n",
        )]);
        assert_eq!(people.len(), 2);
    }
}
