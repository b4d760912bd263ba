//! The workspace index: facts about every draft of a folder or LSP
//! workspace, so spellings and titles can be compared across a story's
//! drafts.
//!
//! Each draft's name spellings are kept with where they occur; buckets
//! (transliteration key, known group, first name + initial) let a draft
//! find the other drafts' spellings of its names without comparing every
//! name with every other.

use crate::analysis::people::variants;
use crate::analysis::people::SpellingFacts;
use crate::finding::Span;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One spelling of a name in one draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedSpelling {
    pub facts: SpellingFacts,
    /// Where the spelling's surname occurs in the draft (byte spans).
    pub spans: Vec<Span>,
    /// Full names of the persons so spelled ("Volodymyr Zelenskyy").
    pub full_names: Vec<String>,
    /// Whether the spelling names a person (not a place).
    pub person: bool,
    /// Its buckets, hashed (see [`bucket_hashes`]), kept so that removing
    /// or re-indexing a draft does not recompute them.
    pub buckets: Vec<u64>,
    /// The spelling as drafts are compared by it ([`compared_spelling`]):
    /// the index files a bucket's entries under it, so that a draft can
    /// pass over every other draft's use of its own spellings at once.
    pub compared: Arc<str>,
}

/// Whether another draft's spelling of a name can be held against this
/// one: only when introduced with a first name, or in a known variant group
/// and not only at sentence starts (the conditions of name.inconsistent's
/// `same_across_drafts`, of which this is the half each spelling must meet
/// alone). Most spellings in news copy are neither (a capitalised word
/// never given a first name); the index keeps only the others, which
/// spares their buckets, most of what indexing a draft cost.
pub fn comparable_across_drafts(facts: &SpellingFacts) -> bool {
    !facts.firsts.is_empty() || (facts.group.is_some() && !facts.weak_only)
}

/// A spelling as the cross-draft comparison sees it: lower-cased, with a
/// typographic apostrophe as a straight one (O’Brien is O'Brien).
pub fn compared_spelling(text: &str) -> String {
    let lower = text.to_lowercase();
    // Most names have no apostrophe: no second copy for them.
    if lower.contains('’') {
        lower.replace('’', "'")
    } else {
        lower
    }
}

/// The facts the index keeps about one draft.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftNames {
    /// The draft's spellings that are [`comparable_across_drafts`] (the
    /// others are never compared with another draft's).
    pub spellings: Vec<IndexedSpelling>,
    /// Lower-cased full names of the draft's persons ("donald trump"):
    /// drafts of one story name some of the same people alike.
    pub people: BTreeSet<String>,
}

impl DraftNames {
    /// What the index keeps of one analysed draft. Apart from the index, so
    /// that many drafts can be analysed in parallel and then inserted.
    pub fn of(analysis: &crate::analysis::Analysis) -> DraftNames {
        DraftNames::of_since(analysis, None)
    }

    /// [`DraftNames::of`], taking the buckets of spellings that `previous`
    /// (the draft's last version) already had: a keystroke rarely changes a
    /// name, and the buckets are the costly part.
    pub fn of_since(
        analysis: &crate::analysis::Analysis,
        previous: Option<&DraftNames>,
    ) -> DraftNames {
        let known = |facts: &SpellingFacts| {
            previous
                .and_then(|p| p.spellings.iter().find(|s| s.facts == *facts))
                .map(|s| s.buckets.clone())
        };
        let people = &analysis.people;
        let mut names = DraftNames {
            people: people_of(analysis),
            ..DraftNames::default()
        };
        for group in &people.groups {
            // The others are never compared across drafts: nothing to keep.
            for s in group
                .spellings
                .iter()
                .filter(|s| comparable_across_drafts(&s.facts))
            {
                let mut full_names: BTreeSet<String> = BTreeSet::new();
                for &m in &s.mentions {
                    if let Some(p) = people.mentions.get(m).and_then(|m| m.person) {
                        if let Some(person) = people.persons.get(p) {
                            full_names.insert(person.full_name.to_string());
                        }
                    }
                }
                names.spellings.push(IndexedSpelling {
                    facts: s.facts.clone(),
                    spans: s
                        .mentions
                        .iter()
                        .filter_map(|&m| people.mentions.get(m))
                        .map(|m| m.surname_span.clone())
                        .collect(),
                    full_names: full_names.into_iter().collect(),
                    person: group.person,
                    buckets: known(&s.facts).unwrap_or_else(|| bucket_hashes(&s.facts)),
                    compared: Arc::from(compared_spelling(&s.facts.text)),
                });
            }
        }
        names
    }

    /// How many persons two drafts both name, spelled alike.
    pub fn shared_people(&self, other: &DraftNames) -> usize {
        self.people.intersection(&other.people).count()
    }
}

/// The lower-cased "first surname" of each person of an analysis.
pub fn people_of(analysis: &crate::analysis::Analysis) -> BTreeSet<String> {
    analysis
        .people
        .persons
        .iter()
        .filter_map(|p| Some(lower_full_name(p.first_name?, p.surname)))
        .collect()
}

/// "first surname", lower-cased, in one string: as lower-casing the two
/// joined by a space (a space ends a word for the final sigma too), without
/// the joined copy.
fn lower_full_name(first: &str, surname: &str) -> String {
    let mut out = first.to_lowercase();
    out.push(' ');
    out.push_str(&surname.to_lowercase());
    out
}

/// Per-draft facts of every draft in a workspace.
#[derive(Debug, Clone, Default)]
pub struct WorkspaceIndex {
    drafts: BTreeMap<String, Arc<DraftNames>>,
    /// Bucket hash → its spellings, each with the drafts that use it (draft
    /// path, its facts, index into its spellings). A collision of two hashes
    /// only adds a candidate, which the caller then rejects.
    buckets: FxHashMap<u64, Vec<Spelt>>,
}

/// The entries of one bucket that spell the name alike
/// ([`IndexedSpelling::compared`]). In a folder of one story's drafts the
/// same few spellings recur in most drafts: grouped, a draft skips its own
/// spellings in one comparison, not one per draft.
#[derive(Debug, Clone)]
struct Spelt {
    compared: Arc<str>,
    entries: Vec<Entry>,
}

impl WorkspaceIndex {
    pub fn new() -> WorkspaceIndex {
        WorkspaceIndex::default()
    }
}

/// The buckets a spelling is filed under. Two spellings can only be one
/// name if they share a bucket: same transliteration key, same known
/// group, or one of the similarity keys of `variants::similarity_keys`.
pub fn buckets_of(facts: &SpellingFacts) -> Vec<String> {
    // `similarity_keys` opens with the transliteration key ("k:…"): asking
    // for it again cost a second transliteration per spelling.
    let mut out = facts.similarity_keys();
    if let Some(g) = facts.group {
        out.push(format!("g:{g}"));
    }
    out.sort();
    out.dedup();
    out
}

/// One spelling filed in a bucket: the draft's path and facts (shared with
/// [`WorkspaceIndex::drafts`]) and the spelling's index in them.
#[derive(Debug, Clone)]
struct Entry {
    path: Arc<str>,
    names: Arc<DraftNames>,
    spelling: usize,
}

/// [`buckets_of`], each bucket hashed to a number: cheap to keep, compare
/// and look up for thousands of drafts. Hashed as the analysis hashes the
/// same keys when it groups a draft's spellings (`variants::key_hash`,
/// `variants::slip_hashes`), straight from the letters: making each bucket
/// a string first, then hashing it, was most of what indexing a draft cost.
pub fn bucket_hashes(facts: &SpellingFacts) -> Vec<u64> {
    let folded = variants::fold(&facts.text);
    let mut key = String::new();
    variants::key_of_folded(&folded, &mut key);
    let mut out = vec![variants::key_hash(variants::KEY_TAG, &[key.as_bytes()])];
    if let Some(g) = facts.group {
        let g = (g as u64).to_le_bytes();
        out.push(variants::key_hash(variants::GROUP_TAG, &[&g]));
    }
    let mut scratch = String::new();
    variants::slip_hashes(&folded, &key, &mut scratch, |h| out.push(h));
    out.sort_unstable();
    out.dedup();
    out
}

impl WorkspaceIndex {
    /// Record (or replace) the facts of one draft.
    pub fn update(&mut self, path: &str, analysis: &crate::analysis::Analysis) {
        let names = DraftNames::of_since(analysis, self.drafts.get(path).map(|d| &**d));
        self.insert(path, names);
    }

    /// Record (or replace) a draft's facts computed by [`DraftNames::of`].
    pub fn insert(&mut self, path: &str, names: DraftNames) {
        self.remove(path);
        let shared: Arc<str> = Arc::from(path);
        let names = Arc::new(names);
        for (i, s) in names.spellings.iter().enumerate() {
            for &b in &s.buckets {
                let entry = Entry {
                    path: shared.clone(),
                    names: names.clone(),
                    spelling: i,
                };
                let bucket = self.buckets.entry(b).or_default();
                match bucket.iter_mut().find(|g| g.compared == s.compared) {
                    Some(group) => group.entries.push(entry),
                    None => bucket.push(Spelt {
                        compared: s.compared.clone(),
                        entries: vec![entry],
                    }),
                }
            }
        }
        self.drafts.insert(path.to_string(), names);
    }

    /// Forget a draft (deleted, or no longer a draft).
    pub fn remove(&mut self, path: &str) {
        let Some(old) = self.drafts.remove(path) else {
            return;
        };
        for s in &old.spellings {
            for b in &s.buckets {
                if let Some(bucket) = self.buckets.get_mut(b) {
                    for group in bucket.iter_mut() {
                        group.entries.retain(|e| !Arc::ptr_eq(&e.names, &old));
                    }
                    bucket.retain(|g| !g.entries.is_empty());
                    if bucket.is_empty() {
                        self.buckets.remove(b);
                    }
                }
            }
        }
    }

    /// The entries filed under one bucket.
    fn entries_in(&self, bucket: u64) -> impl Iterator<Item = &Entry> {
        self.buckets
            .get(&bucket)
            .into_iter()
            .flatten()
            .flat_map(|g| &g.entries)
    }

    /// The other drafts whose findings may change when `path` changes:
    /// those sharing a bucket with one of its spellings.
    pub fn affected_by(&self, path: &str) -> Vec<String> {
        let Some(names) = self.drafts.get(path) else {
            return Vec::new();
        };
        let mut out: BTreeSet<&str> = BTreeSet::new();
        for s in &names.spellings {
            for &b in &s.buckets {
                for e in self.entries_in(b) {
                    if &*e.path != path {
                        out.insert(&e.path);
                    }
                }
            }
        }
        out.into_iter().map(str::to_string).collect()
    }

    /// Every draft's facts, by path.
    pub fn drafts(&self) -> impl Iterator<Item = (&str, &DraftNames)> {
        self.drafts.iter().map(|(p, d)| (p.as_str(), &**d))
    }

    /// The facts of one draft.
    pub fn draft(&self, path: &str) -> Option<&DraftNames> {
        self.drafts.get(path).map(|d| &**d)
    }

    /// How many drafts are indexed.
    pub fn len(&self) -> usize {
        self.drafts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.drafts.is_empty()
    }

    /// Spellings in other drafts than `except` that share a bucket with
    /// `facts` and are [`comparable_across_drafts`] (candidates only: the
    /// caller decides if they are one name).
    /// Each (path, spelling) once, in path order.
    pub fn candidates(
        &self,
        facts: &SpellingFacts,
        except: Option<&str>,
    ) -> Vec<(&str, &IndexedSpelling)> {
        self.candidates_spelt_otherwise(facts, except, |_| false)
    }

    /// [`WorkspaceIndex::candidates`], less those spelled (as
    /// [`compared_spelling`] has it) as `already_spelt` says the caller
    /// already spells the name: the drafts of one story mostly spell a name
    /// alike, and passing over each spelling once, not once per draft, is
    /// what keeps a folder of a thousand drafts from comparing every draft
    /// with every other.
    pub fn candidates_spelt_otherwise(
        &self,
        facts: &SpellingFacts,
        except: Option<&str>,
        already_spelt: impl Fn(&str) -> bool,
    ) -> Vec<(&str, &IndexedSpelling)> {
        // The asking draft is usually indexed already, with its buckets.
        let asking = except.and_then(|p| self.drafts.get(p));
        let computed;
        let buckets = match asking.and_then(|d| d.spellings.iter().find(|s| s.facts == *facts)) {
            Some(s) => &s.buckets,
            None => {
                computed = bucket_hashes(facts);
                &computed
            }
        };
        let is_asking = |e: &Entry| match asking {
            Some(d) => Arc::ptr_eq(d, &e.names),
            None => Some(&*e.path) == except,
        };
        // A spelling sits in several buckets: count it once (by identity,
        // not by comparing paths), then order by path.
        let mut seen: FxHashSet<(usize, usize)> = FxHashSet::default();
        let mut found: Vec<(&str, usize, &IndexedSpelling)> = Vec::new();
        for b in buckets {
            for group in self.buckets.get(b).into_iter().flatten() {
                if already_spelt(&group.compared) {
                    continue;
                }
                for e in &group.entries {
                    if is_asking(e) || !seen.insert((Arc::as_ptr(&e.names) as usize, e.spelling)) {
                        continue;
                    }
                    if let Some(s) = e.names.spellings.get(e.spelling) {
                        found.push((&e.path, e.spelling, s));
                    }
                }
            }
        }
        found.sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
        found.into_iter().map(|(p, _, s)| (p, s)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;
    use crate::{Draft, DraftKind, Stylebook};

    fn index(drafts: &[(&str, &str)]) -> WorkspaceIndex {
        let mut ix = WorkspaceIndex::new();
        for (path, text) in drafts {
            let a = Analysis::new(Draft::parse(text, DraftKind::Plain), &Stylebook::default());
            ix.update(path, &a);
        }
        ix
    }

    #[test]
    fn drafts_sharing_a_name_affect_each_other() {
        let mut ix = index(&[
            ("a.txt", "Volodymyr Zelenskiy spoke in Kyiv.\n"),
            ("b.txt", "President Volodymyr Zelenskyy left.\n"),
            ("c.txt", "Nancy Pelosi spoke.\n"),
        ]);
        assert_eq!(ix.affected_by("a.txt"), ["b.txt"]);
        assert_eq!(ix.affected_by("c.txt"), Vec::<String>::new());
        ix.remove("b.txt");
        assert!(ix.affected_by("a.txt").is_empty());
        assert_eq!(ix.len(), 2);
    }

    #[test]
    fn re_indexing_an_edited_draft_keeps_its_buckets_and_moves_its_spans() {
        let mut ix = index(&[
            ("a.txt", "Volodymyr Zelenskiy spoke in Kyiv.\n"),
            ("b.txt", "President Volodymyr Zelenskyy left.\n"),
        ]);
        let before = ix.draft("a.txt").unwrap().clone();
        let edited = "Late news. Volodymyr Zelenskiy spoke in Kyiv.\n";
        let a = Analysis::new(
            Draft::parse(edited, DraftKind::Plain),
            &Stylebook::default(),
        );
        ix.update("a.txt", &a);
        let after = ix.draft("a.txt").unwrap();
        assert_eq!(after.spellings.len(), before.spellings.len());
        let zelenskiy = |d: &DraftNames| {
            d.spellings
                .iter()
                .find(|s| s.facts.text == "Zelenskiy")
                .cloned()
                .unwrap()
        };
        let (old, new) = (zelenskiy(&before), zelenskiy(after));
        assert_eq!(old.buckets, new.buckets);
        assert_eq!(new.spans.first(), Some(&(21..30)));
        assert_eq!(new.spans.len(), 1);
        let b = ix.draft("b.txt").unwrap().clone();
        let theirs = b
            .spellings
            .iter()
            .find(|s| s.facts.text == "Zelenskyy")
            .unwrap();
        let found = ix.candidates(&theirs.facts, Some("b.txt"));
        assert!(found
            .iter()
            .any(|(p, s)| *p == "a.txt" && s.spans.first() == Some(&(21..30))));
    }

    #[test]
    fn spellings_share_a_bucket_hash_when_they_share_a_bucket() {
        let spellings = [
            "Zelenskiy",
            "Zelenskyy",
            "Zelensky",
            "Zelenska",
            "Kyiv",
            "Kiev",
            "Merz",
            "Mertz",
            "Müller",
            "Muller",
            "Ivanov",
            "Ivanova",
            "Al",
            "Li",
            "Lee",
            "Schröder",
            "Shroder",
            "Khodorkovsky",
            "Hodorkovskiy",
            "Gaddafi",
            "Kadhafi",
            "O’Brien",
            "O'Brian",
        ];
        let facts = |text: &str, group: Option<usize>| SpellingFacts {
            text: text.to_string(),
            group,
            firsts: BTreeSet::new(),
            weak_only: false,
        };
        let groups = [None, Some(0), Some(7)];
        for a in spellings {
            for b in spellings {
                for (ga, gb) in groups
                    .iter()
                    .flat_map(|x| groups.iter().map(move |y| (*x, *y)))
                {
                    let (a, b) = (facts(a, ga), facts(b, gb));
                    let strings = buckets_of(&a).iter().any(|k| buckets_of(&b).contains(k));
                    let hashes = bucket_hashes(&a)
                        .iter()
                        .any(|h| bucket_hashes(&b).contains(h));
                    assert_eq!(strings, hashes, "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn full_names_lower_case_as_one_string() {
        for (first, surname) in [
            ("Donald", "Trump"),
            ("ΟΔΥΣΣΕΑΣ", "ΕΛΥΤΗΣ"),
            ("Σ", "Σ"),
            ("İlker", "Başbuğ"),
            ("Anna-Σ’", "’Σo"),
        ] {
            assert_eq!(
                lower_full_name(first, surname),
                format!("{first} {surname}").to_lowercase()
            );
        }
        assert_eq!(compared_spelling("O’Brien"), "o'brien");
        assert_eq!(compared_spelling("Müller"), "müller");
    }

    #[test]
    fn update_replaces_a_draft() {
        let mut ix = index(&[
            ("a.txt", "Nancy Pelosi spoke.\n"),
            ("b.txt", "Nancy Pelosi left.\n"),
        ]);
        assert_eq!(ix.affected_by("b.txt"), ["a.txt"]);
        let a = Analysis::new(
            Draft::parse("Mitch McConnell spoke.\n", DraftKind::Plain),
            &Stylebook::default(),
        );
        ix.update("a.txt", &a);
        assert!(ix.affected_by("b.txt").is_empty());
    }
}
