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
use rustc_hash::FxHashMap;
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
    // ASCII (most names) lower-cases byte by byte, and has no typographic
    // apostrophe.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
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
        // One set of buffers for every spelling's buckets.
        let mut buffers = HashBuffers::default();
        let comparable = people
            .groups
            .iter()
            .flat_map(|g| &g.spellings)
            .filter(|s| comparable_across_drafts(&s.facts))
            .count();
        names.spellings.reserve_exact(comparable);
        names.add_spellings(analysis, &mut buffers, known);
        names
    }

    /// [`DraftNames::of`] for a caller done with the analysis (`check`,
    /// which drops each draft's analysis once it is linted), with its
    /// [`people_of`] (which the caller has): the spellings' facts are moved
    /// out of it, not copied, and it is left without them. The spellings'
    /// buckets are left empty, for [`BucketMaker::fill`]: a folder's drafts
    /// mostly share their spellings, whose buckets are then made once.
    pub fn taken_from(
        analysis: &mut crate::analysis::Analysis,
        people: BTreeSet<String>,
    ) -> DraftNames {
        let mut names = DraftNames {
            people,
            ..DraftNames::default()
        };
        let people = &mut analysis.people;
        for g in 0..people.groups.len() {
            for s in 0..people.groups[g].spellings.len() {
                let spelling = &mut people.groups[g].spellings[s];
                if !comparable_across_drafts(&spelling.facts) {
                    continue;
                }
                let facts = std::mem::replace(&mut spelling.facts, taken_facts());
                let indexed = indexed(people, g, s, facts, |_| Vec::new());
                names.spellings.push(indexed);
            }
        }
        names
    }

    /// The spellings of `analysis` that are [`comparable_across_drafts`],
    /// each with its buckets: `known` ones (from the draft's last version),
    /// or hashed in `buffers`.
    fn add_spellings(
        &mut self,
        analysis: &crate::analysis::Analysis,
        buffers: &mut HashBuffers,
        known: impl Fn(&SpellingFacts) -> Option<Vec<u64>>,
    ) {
        let people = &analysis.people;
        for (g, group) in people.groups.iter().enumerate() {
            // The others are never compared across drafts: nothing to keep.
            for (s, spelling) in group.spellings.iter().enumerate() {
                if !comparable_across_drafts(&spelling.facts) {
                    continue;
                }
                let indexed = indexed(people, g, s, spelling.facts.clone(), |facts| {
                    known(facts).unwrap_or_else(|| buffers.bucket_hashes(facts))
                });
                self.spellings.push(indexed);
            }
        }
    }

    /// How many persons two drafts both name, spelled alike.
    pub fn shared_people(&self, other: &DraftNames) -> usize {
        self.people.intersection(&other.people).count()
    }
}

/// Spelling `s` of group `g` of `people` as the index keeps it, with its
/// `facts` and the buckets `buckets` gives them.
fn indexed(
    people: &crate::analysis::people::People,
    g: usize,
    s: usize,
    facts: SpellingFacts,
    buckets: impl FnOnce(&SpellingFacts) -> Vec<u64>,
) -> IndexedSpelling {
    let group = &people.groups[g];
    let mentions = &group.spellings[s].mentions;
    IndexedSpelling {
        spans: spans_of(people, mentions),
        full_names: full_names_of(people, mentions),
        person: group.person,
        buckets: buckets(&facts),
        compared: compared_shared(&facts.text),
        facts,
    }
}

/// What [`DraftNames::taken_from`] leaves in an analysis for the facts it
/// takes (allocating nothing).
fn taken_facts() -> SpellingFacts {
    SpellingFacts {
        text: String::new(),
        group: None,
        firsts: BTreeSet::new(),
        weak_only: false,
    }
}

/// The full names of the persons that `mentions` name, sorted, each once.
/// Each copied once: a spelling mostly names one person many times, and a
/// set of copies cost a copy (and a node) a mention.
fn full_names_of(people: &crate::analysis::people::People, mentions: &[usize]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let persons = mentions
        .iter()
        .filter_map(|&m| people.mentions.get(m).and_then(|m| m.person))
        .filter_map(|p| people.persons.get(p));
    for person in persons {
        // A spelling names one person or a few: a look at each is cheap.
        if !names.iter().any(|n| n == person.full_name) {
            names.push(person.full_name.to_string());
        }
    }
    names.sort_unstable();
    names
}

/// Where `mentions` have their surnames, in one allocation.
fn spans_of(people: &crate::analysis::people::People, mentions: &[usize]) -> Vec<Span> {
    let mut spans = Vec::with_capacity(mentions.len());
    spans.extend(
        mentions
            .iter()
            .filter_map(|&m| people.mentions.get(m))
            .map(|m| m.surname_span.clone()),
    );
    spans
}

/// [`compared_spelling`], shared: for ASCII (most names) copied once and
/// lowered in place, not lowered into a string and then copied.
fn compared_shared(text: &str) -> Arc<str> {
    if text.is_ascii() {
        let mut shared: Arc<str> = Arc::from(text);
        if let Some(s) = Arc::get_mut(&mut shared) {
            s.make_ascii_lowercase();
            return shared;
        }
    }
    Arc::from(compared_spelling(text))
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
    // ASCII (most names): lowered byte by byte into one allocation.
    if first.is_ascii() && surname.is_ascii() {
        let mut out = String::with_capacity(first.len() + 1 + surname.len());
        out.push_str(first);
        out.push(' ');
        out.push_str(surname);
        out.make_ascii_lowercase();
        return out;
    }
    let mut out = first.to_lowercase();
    out.push(' ');
    out.push_str(&surname.to_lowercase());
    out
}

/// Per-draft facts of every draft in a workspace.
///
/// Buckets are kept as linked lists in three flat vectors (groups of one
/// spelling within a bucket, and the drafts' uses of it), with freed slots
/// reused: filing a spelling under its dozen buckets then allocates
/// nothing, where a vector per bucket and per group was most of what
/// building the index cost.
#[derive(Debug, Clone, Default)]
pub struct WorkspaceIndex {
    /// Path → the draft's slot in `slots`, in path order.
    ids: BTreeMap<Arc<str>, u32>,
    /// Each draft's path and facts, by slot (`None`: a freed slot).
    slots: Vec<Option<Slot>>,
    free_slots: Vec<u32>,
    /// Bucket hash → its first [`Spelt`] group. A collision of two hashes
    /// only adds a candidate, which the caller then rejects.
    buckets: FxHashMap<u64, u32>,
    spelt: Vec<Spelt>,
    free_spelt: Vec<u32>,
    entries: Vec<Entry>,
    free_entries: Vec<u32>,
}

/// A draft whose spellings ask for candidates (see
/// [`WorkspaceIndex::asking`]): its slot, if it is indexed.
#[derive(Debug, Clone, Copy)]
pub struct Asking(Option<u32>);

/// A spelling of another draft that may be one name with the asking
/// draft's ([`WorkspaceIndex::candidates_from`]).
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub path: &'a str,
    /// The other draft's facts (its people decide whether it tells the
    /// same story).
    pub draft: &'a DraftNames,
    pub spelling: &'a IndexedSpelling,
}

/// No node: the end of a list.
const NIL: u32 = u32::MAX;

/// A new node in `nodes`, in a freed place if there is one.
fn new_node<T>(nodes: &mut Vec<T>, free: &mut Vec<u32>, node: T) -> u32 {
    match free.pop() {
        Some(i) => {
            nodes[i as usize] = node;
            i
        }
        None => {
            nodes.push(node);
            (nodes.len() - 1) as u32
        }
    }
}

/// How entry `e`'s spelling is compared ([`IndexedSpelling::compared`]).
fn compared_in<'a>(slots: &'a [Option<Slot>], entries: &[Entry], e: u32) -> Option<&'a str> {
    let entry = entries.get(e as usize)?;
    let slot = slots.get(entry.draft as usize)?.as_ref()?;
    let s = slot.names.spellings.get(entry.spelling as usize)?;
    Some(&s.compared)
}

/// A node, unless the list ends there.
fn live(node: u32) -> Option<u32> {
    (node != NIL).then_some(node)
}

/// A draft in the index.
#[derive(Debug, Clone)]
struct Slot {
    path: Arc<str>,
    names: Arc<DraftNames>,
}

/// The entries of one bucket that spell the name alike
/// ([`IndexedSpelling::compared`], read from the first entry: a group is
/// never empty). In a folder of one story's drafts the same few spellings
/// recur in most drafts: grouped, a draft skips its own spellings in one
/// comparison, not one per draft.
#[derive(Debug, Clone)]
struct Spelt {
    /// The first entry (never [`NIL`]).
    first: u32,
    /// The bucket's next group.
    next: u32,
}

/// One spelling filed in a bucket: the draft's slot and the spelling's
/// index in its facts.
#[derive(Debug, Clone)]
struct Entry {
    draft: u32,
    spelling: u32,
    /// The group's next entry.
    next: u32,
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

/// [`buckets_of`], each bucket hashed to a number: cheap to keep, compare
/// and look up for thousands of drafts. Hashed as the analysis hashes the
/// same keys when it groups a draft's spellings (`variants::key_hash`,
/// `variants::slip_hashes`), straight from the letters: making each bucket
/// a string first, then hashing it, was most of what indexing a draft cost.
pub fn bucket_hashes(facts: &SpellingFacts) -> Vec<u64> {
    HashBuffers::default().bucket_hashes(facts)
}

/// Makes the buckets of the spellings of many drafts (see
/// [`DraftNames::taken_from`]), each distinct spelling's once: the drafts
/// of a folder spell the same few names (polnear-dev: 8.8K spellings, 3.2K
/// distinct), and hashing a spelling's buckets costs some 2K instructions
/// where copying them costs a tenth of that. Owned by its caller, and
/// dropped with it.
#[derive(Default)]
pub struct BucketMaker {
    buffers: HashBuffers,
    /// Spelling → its variant groups, each with its buckets (a spelling
    /// has one group, or none, in all but odd stylebooks).
    made: FxHashMap<String, Vec<GroupBuckets>>,
}

/// A spelling's variant group, and the buckets of the spelling in it.
type GroupBuckets = (Option<usize>, Vec<u64>);

impl BucketMaker {
    /// Give each spelling of `names` its buckets ([`bucket_hashes`]).
    pub fn fill(&mut self, names: &mut DraftNames) {
        for s in &mut names.spellings {
            s.buckets = self.buckets(&s.facts);
        }
    }

    /// [`bucket_hashes`] of `facts`, made once for each text and group.
    fn buckets(&mut self, facts: &SpellingFacts) -> Vec<u64> {
        let same_group = |made: &GroupBuckets| made.0 == facts.group;
        if let Some(made) = self.made.get(facts.text.as_str()) {
            if let Some((_, buckets)) = made.iter().find(|m| same_group(m)) {
                return buckets.clone();
            }
        }
        let buckets = self.buffers.bucket_hashes(facts);
        self.made
            .entry(facts.text.clone())
            .or_default()
            .push((facts.group, buckets.clone()));
        buckets
    }
}

/// The buffers [`bucket_hashes`] works in, kept across the spellings of a
/// draft (four allocations a spelling otherwise).
#[derive(Default)]
struct HashBuffers {
    folded: String,
    key: String,
    scratch: String,
}

impl HashBuffers {
    /// [`bucket_hashes`] in these buffers.
    fn bucket_hashes(&mut self, facts: &SpellingFacts) -> Vec<u64> {
        let mut out = self.letter_hashes(&facts.text, 1);
        with_group(&mut out, facts.group);
        out
    }

    /// The buckets of a spelling's letters alone (not its group), sorted,
    /// each once, with room for `more`.
    fn letter_hashes(&mut self, text: &str, more: usize) -> Vec<u64> {
        self.folded.clear();
        variants::fold_into(text, &mut self.folded);
        variants::key_of_folded(&self.folded, &mut self.key);
        // The key, the letters, one slip per letter and the skeleton at
        // most: one allocation.
        let mut out = Vec::with_capacity(self.folded.chars().count() + 3 + more);
        out.push(variants::key_hash(
            variants::KEY_TAG,
            &[self.key.as_bytes()],
        ));
        variants::slip_hashes(&self.folded, &self.key, &mut self.scratch, |h| out.push(h));
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Add the bucket of a known variant group to sorted, distinct `hashes`
/// (where sorting them again, and dropping a copy, would put it).
fn with_group(hashes: &mut Vec<u64>, group: Option<usize>) {
    if let Some(g) = group {
        let g = (g as u64).to_le_bytes();
        let h = variants::key_hash(variants::GROUP_TAG, &[&g]);
        if let Err(at) = hashes.binary_search(&h) {
            hashes.insert(at, h);
        }
    }
}

impl WorkspaceIndex {
    /// Record (or replace) the facts of one draft.
    pub fn update(&mut self, path: &str, analysis: &crate::analysis::Analysis) {
        let names = DraftNames::of_since(analysis, self.draft(path));
        self.insert(path, names);
    }

    /// Record (or replace) a draft's facts computed by [`DraftNames::of`].
    pub fn insert(&mut self, path: &str, names: DraftNames) {
        self.insert_shared(path, Arc::new(names));
    }

    /// [`WorkspaceIndex::insert`], the facts shared with the caller (who
    /// compares the draft with the others afterwards).
    pub fn insert_shared(&mut self, path: &str, names: Arc<DraftNames>) {
        // The path is looked up once: a new one gets a slot, a known one
        // keeps its slot, emptied.
        let path: Arc<str> = Arc::from(path);
        let id = match self.ids.entry(path.clone()) {
            std::collections::btree_map::Entry::Occupied(known) => {
                let id = *known.get();
                self.unfile_draft(id);
                id
            }
            std::collections::btree_map::Entry::Vacant(new) => {
                *new.insert(new_node(&mut self.slots, &mut self.free_slots, None))
            }
        };
        self.slots[id as usize] = Some(Slot {
            path,
            names: names.clone(),
        });
        for (i, s) in names.spellings.iter().enumerate() {
            for &b in &s.buckets {
                self.file(b, id, i as u32, &s.compared);
            }
        }
    }

    /// Make room for `more` buckets (a folder's drafts are inserted at
    /// once: the table then grows once, not by doubling).
    pub fn reserve(&mut self, more: usize) {
        self.buckets.reserve(more);
        self.entries.reserve(more);
    }

    /// File spelling `spelling` of draft `id` under bucket `b`, in the
    /// bucket's group of spellings compared as `compared` (one look-up of
    /// the bucket's hash).
    fn file(&mut self, b: u64, id: u32, spelling: u32, compared: &str) {
        let (slots, entries, spelt) = (&self.slots, &self.entries, &self.spelt);
        let alike = |g: u32| {
            let first = spelt[g as usize].first;
            compared_in(slots, entries, first) == Some(compared)
        };
        match self.buckets.entry(b) {
            std::collections::hash_map::Entry::Occupied(head) => {
                let mut g = *head.get();
                while g != NIL && !alike(g) {
                    g = spelt[g as usize].next;
                }
                if g == NIL {
                    let head = head.into_mut();
                    let e = new_node(
                        &mut self.entries,
                        &mut self.free_entries,
                        Entry {
                            draft: id,
                            spelling,
                            next: NIL,
                        },
                    );
                    *head = new_node(
                        &mut self.spelt,
                        &mut self.free_spelt,
                        Spelt {
                            first: e,
                            next: *head,
                        },
                    );
                } else {
                    let first = self.spelt[g as usize].first;
                    let e = new_node(
                        &mut self.entries,
                        &mut self.free_entries,
                        Entry {
                            draft: id,
                            spelling,
                            next: first,
                        },
                    );
                    self.spelt[g as usize].first = e;
                }
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                let e = new_node(
                    &mut self.entries,
                    &mut self.free_entries,
                    Entry {
                        draft: id,
                        spelling,
                        next: NIL,
                    },
                );
                slot.insert(new_node(
                    &mut self.spelt,
                    &mut self.free_spelt,
                    Spelt {
                        first: e,
                        next: NIL,
                    },
                ));
            }
        }
    }

    /// The draft slot and spelling an entry stands for.
    fn spelling_of(&self, e: u32) -> Option<(&Slot, &IndexedSpelling)> {
        let entry = self.entries.get(e as usize)?;
        let slot = self.slots.get(entry.draft as usize)?.as_ref()?;
        let s = slot.names.spellings.get(entry.spelling as usize)?;
        Some((slot, s))
    }

    /// How an entry's spelling is compared ([`IndexedSpelling::compared`]).
    fn compared_of(&self, e: u32) -> Option<&str> {
        compared_in(&self.slots, &self.entries, e)
    }

    /// Forget a draft (deleted, or no longer a draft).
    pub fn remove(&mut self, path: &str) {
        let Some(id) = self.ids.remove(path) else {
            return;
        };
        self.unfile_draft(id);
        self.free_slots.push(id);
    }

    /// Empty slot `id` and take its spellings out of their buckets.
    fn unfile_draft(&mut self, id: u32) {
        let Some(old) = self.slots.get_mut(id as usize).and_then(Option::take) else {
            return;
        };
        for s in &old.names.spellings {
            for &b in &s.buckets {
                self.unfile(b, id);
            }
        }
    }

    /// Take draft `id`'s entries out of bucket `b`, and the groups (and the
    /// bucket) left empty.
    fn unfile(&mut self, b: u64, id: u32) {
        let Some(&head) = self.buckets.get(&b) else {
            return;
        };
        let mut new_head = head;
        let (mut prev_g, mut g) = (NIL, head);
        while g != NIL {
            let next_g = self.spelt[g as usize].next;
            let first = self.without_draft(self.spelt[g as usize].first, id);
            if first == NIL {
                // An empty group: unlinked and its slot freed.
                if prev_g == NIL {
                    new_head = next_g;
                } else {
                    self.spelt[prev_g as usize].next = next_g;
                }
                self.free_spelt.push(g);
            } else {
                self.spelt[g as usize].first = first;
                prev_g = g;
            }
            g = next_g;
        }
        if new_head == NIL {
            self.buckets.remove(&b);
        } else {
            self.buckets.insert(b, new_head);
        }
    }

    /// The list from `first` without draft `id`'s entries (freed); its new
    /// first entry.
    fn without_draft(&mut self, first: u32, id: u32) -> u32 {
        let (mut new_first, mut prev, mut e) = (first, NIL, first);
        while e != NIL {
            let Entry { draft, next, .. } = self.entries[e as usize];
            if draft == id {
                if prev == NIL {
                    new_first = next;
                } else {
                    self.entries[prev as usize].next = next;
                }
                self.free_entries.push(e);
            } else {
                prev = e;
            }
            e = next;
        }
        new_first
    }

    /// The groups of one bucket: each group's first entry.
    fn groups_in(&self, bucket: u64) -> impl Iterator<Item = u32> + '_ {
        let head = self.buckets.get(&bucket).copied();
        std::iter::successors(head, |&g| live(self.spelt[g as usize].next))
            .map(|g| self.spelt[g as usize].first)
    }

    /// The entries of one group, from its first.
    fn entries_from(&self, first: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(live(first), |&e| live(self.entries[e as usize].next))
    }

    /// The other drafts whose findings may change when `path` changes:
    /// those sharing a bucket with one of its spellings.
    pub fn affected_by(&self, path: &str) -> Vec<String> {
        let Some(names) = self.draft(path) else {
            return Vec::new();
        };
        let mut out: BTreeSet<&str> = BTreeSet::new();
        for s in &names.spellings {
            for &b in &s.buckets {
                for first in self.groups_in(b) {
                    for e in self.entries_from(first) {
                        if let Some((slot, _)) = self.spelling_of(e) {
                            if &*slot.path != path {
                                out.insert(&slot.path);
                            }
                        }
                    }
                }
            }
        }
        out.into_iter().map(str::to_string).collect()
    }

    /// Every draft's facts, by path.
    pub fn drafts(&self) -> impl Iterator<Item = (&str, &DraftNames)> {
        self.ids.iter().filter_map(|(p, &id)| {
            let slot = self.slots.get(id as usize)?.as_ref()?;
            Some((&**p, &*slot.names))
        })
    }

    /// The facts of one draft.
    pub fn draft(&self, path: &str) -> Option<&DraftNames> {
        let &id = self.ids.get(path)?;
        Some(&self.slots.get(id as usize)?.as_ref()?.names)
    }

    /// How many drafts are indexed.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
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
        let asking = except.and_then(|p| self.draft(p));
        let computed;
        let buckets = match asking.and_then(|d| d.spellings.iter().find(|s| s.facts == *facts)) {
            Some(s) => &s.buckets,
            None => {
                computed = bucket_hashes(facts);
                &computed
            }
        };
        self.candidates_in(buckets, self.asking(except), already_spelt)
            .into_iter()
            .map(|(slot, s)| (&*slot.path, s))
            .collect()
    }

    /// The draft at `path` as [`WorkspaceIndex::candidates_from`] passes
    /// over it: looked up once for all its spellings.
    pub fn asking(&self, path: Option<&str>) -> Asking {
        Asking(path.and_then(|p| self.ids.get(p)).copied())
    }

    /// [`WorkspaceIndex::candidates_spelt_otherwise`] for a spelling whose
    /// buckets the caller has (one of its draft's [`DraftNames`]), each
    /// with its draft's facts.
    pub fn candidates_from(
        &self,
        spelling: &IndexedSpelling,
        asking: Asking,
        already_spelt: impl Fn(&str) -> bool,
    ) -> Vec<Candidate<'_>> {
        self.candidates_in(&spelling.buckets, asking, already_spelt)
            .into_iter()
            .map(|(slot, spelling)| Candidate {
                path: &slot.path,
                draft: &slot.names,
                spelling,
            })
            .collect()
    }

    /// The candidates filed under `buckets`, each with its slot, in path
    /// order.
    fn candidates_in(
        &self,
        buckets: &[u64],
        asking: Asking,
        already_spelt: impl Fn(&str) -> bool,
    ) -> Vec<(&Slot, &IndexedSpelling)> {
        // Paths are unique in the index: the asking draft's entries are
        // those of its slot.
        let mut found: Vec<(&Slot, u32, u32, &IndexedSpelling)> = Vec::new();
        for &b in buckets {
            for first in self.groups_in(b) {
                if self.compared_of(first).is_some_and(&already_spelt) {
                    continue;
                }
                for e in self.entries_from(first) {
                    let entry = &self.entries[e as usize];
                    if Some(entry.draft) == asking.0 {
                        continue;
                    }
                    if let Some((slot, s)) = self.spelling_of(e) {
                        found.push((slot, entry.draft, entry.spelling, s));
                    }
                }
            }
        }
        // A spelling sits in several buckets: ordered by slot, its copies
        // are neighbours, kept once; then ordered by path (one path, one
        // slot), a slot's spellings staying in order. Paths compared only
        // once the copies are gone, and only between slots.
        found.sort_unstable_by_key(|&(_, draft, spelling, _)| (draft, spelling));
        found.dedup_by(|a, b| a.1 == b.1 && a.2 == b.2);
        found.sort_by(|a, b| {
            if a.1 == b.1 {
                std::cmp::Ordering::Equal
            } else {
                a.0.path.cmp(&b.0.path)
            }
        });
        found.into_iter().map(|(slot, _, _, s)| (slot, s)).collect()
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
    fn facts_taken_from_an_analysis_are_the_facts_copied_from_it() {
        let text = "Volodymyr Zelenskiy met Donald Trump. Zelenskyy spoke, and Trump left.\n\n\
                    Former Swedish prime minister Carl Bildt said Mr. Bildt would go.\n";
        let mut a = Analysis::new(Draft::parse(text, DraftKind::Plain), &Stylebook::default());
        let copied = DraftNames::of(&a);
        assert!(copied.spellings.len() >= 3, "{copied:?}");
        let people = people_of(&a);
        let mut taken = DraftNames::taken_from(&mut a, people);
        assert!(taken.spellings.iter().all(|s| s.buckets.is_empty()));
        BucketMaker::default().fill(&mut taken);
        assert_eq!(taken, copied);
    }

    /// Buckets made once per spelling and copied to its other uses are
    /// those hashed for each use, whatever the order the drafts come in
    /// (the same text with another group, too).
    #[test]
    fn buckets_made_once_are_the_buckets_hashed_each_time() {
        let texts = [
            "Volodymyr Zelenskiy met Donald Trump. Zelenskyy spoke, and Trump left.\n",
            "President Volodymyr Zelenskyy met Donald Trump in Kyiv. Trump left.\n",
            "Donald Trump and Nancy Pelosi met. Pelosy said Trump was late.\n",
            "Recep Tayyip Erdoğan met Donald Trump. Erdogan spoke first.\n",
        ];
        let mut book = Stylebook::default();
        book.names
            .insert("Trump".to_string(), vec!["Tramp".to_string()]);
        for book in [Stylebook::default(), book] {
            let mut maker = BucketMaker::default();
            for text in texts.iter().chain(texts.iter().rev()) {
                let mut a = Analysis::new(Draft::parse(text, DraftKind::Plain), &book);
                let people = people_of(&a);
                let mut taken = DraftNames::taken_from(&mut a, people);
                maker.fill(&mut taken);
                assert!(!taken.spellings.is_empty());
                for s in &taken.spellings {
                    assert_eq!(s.buckets, bucket_hashes(&s.facts), "{:?}", s.facts);
                }
            }
        }
        // One text in two groups (a stylebook's and none) keeps both.
        let mut maker = BucketMaker::default();
        let mut facts = SpellingFacts {
            text: "Trump".to_string(),
            group: None,
            firsts: BTreeSet::new(),
            weak_only: false,
        };
        let plain = maker.buckets(&facts);
        facts.group = Some(7);
        let grouped = maker.buckets(&facts);
        assert_ne!(plain, grouped);
        assert_eq!(grouped, bucket_hashes(&facts));
        assert_eq!(maker.buckets(&facts), grouped);
        facts.group = None;
        assert_eq!(maker.buckets(&facts), plain);
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
        for text in ["O’Brien", "McCain", "MÜLLER", "Σ", "d'Estaing"] {
            assert_eq!(&*compared_shared(text), compared_spelling(text));
        }
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

    /// What the index answers after drafts are removed and re-inserted is
    /// what an index built afresh from the drafts left answers (the lists
    /// of freed nodes reused, no entry lost or left behind).
    #[test]
    fn removing_and_reinserting_answers_as_a_fresh_index() {
        let texts = [
            (
                "a.txt",
                "Volodymyr Zelenskiy spoke in Kyiv. Donald Trump called.\n",
            ),
            (
                "b.txt",
                "President Volodymyr Zelenskyy left Kiev. Donald Trump called.\n",
            ),
            (
                "c.txt",
                "Volodymyr Zelensky met Donald Trump. Nancy Pelosi spoke.\n",
            ),
            (
                "d.txt",
                "Nancy Pelosy spoke. Donald Trump met O’Brien, Kevin O'Brien.\n",
            ),
            ("e.txt", "Kevin O’Brien met Nancy Pelosi in Kiev.\n"),
        ];
        let mut churned = index(&texts);
        churned.remove("b.txt");
        churned.remove("d.txt");
        churned.remove("nope.txt");
        let again = index(&texts[3..4]);
        churned.insert("d.txt", again.draft("d.txt").unwrap().clone());
        let (c, e) = (texts[2], texts[4]);
        let a = Analysis::new(Draft::parse(c.1, DraftKind::Plain), &Stylebook::default());
        churned.update(c.0, &a);
        let fresh = index(&[texts[0], texts[2], texts[3], e]);
        assert_eq!(churned.len(), fresh.len());
        let listed = |ix: &WorkspaceIndex| {
            ix.drafts()
                .map(|(p, d)| (p.to_string(), d.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(listed(&churned), listed(&fresh));
        for (path, names) in fresh.drafts() {
            assert_eq!(churned.affected_by(path), fresh.affected_by(path));
            for s in &names.spellings {
                let found = |ix: &WorkspaceIndex| {
                    ix.candidates(&s.facts, Some(path))
                        .into_iter()
                        .map(|(p, s)| (p.to_string(), s.clone()))
                        .collect::<Vec<_>>()
                };
                assert_eq!(found(&churned), found(&fresh), "{path} {}", s.facts.text);
            }
        }
        assert!(!fresh.affected_by("a.txt").is_empty());
    }
}
