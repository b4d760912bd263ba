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
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One spelling of a name in one draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedSpelling {
    pub facts: SpellingFacts,
    /// Where the spelling's surname occurs in the draft (byte spans).
    pub spans: Vec<Span>,
    /// Whether the spelling names a person (not a place).
    pub person: bool,
    /// Its buckets, hashed (see [`bucket_hashes`]), kept so that removing
    /// or re-indexing a draft does not recompute them; shared by the uses
    /// of one spelling in a folder's drafts (see [`BucketMaker`]) and by
    /// the index.
    pub buckets: Arc<[u64]>,
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
    /// buckets and compared forms are left empty, for [`BucketMaker::fill`]:
    /// a folder's drafts mostly share their spellings, whose buckets and
    /// compared forms are then made once.
    pub fn taken_from(
        analysis: &mut crate::analysis::Analysis,
        people: BTreeSet<String>,
    ) -> DraftNames {
        let mut names = DraftNames {
            people,
            ..DraftNames::default()
        };
        // One empty compared form and list of buckets for all (a count,
        // not an allocation, each).
        let unfilled: Arc<str> = Arc::from("");
        let no_buckets: Arc<[u64]> = Arc::from(Vec::new());
        let people = &mut analysis.people;
        for g in 0..people.groups.len() {
            for s in 0..people.groups[g].spellings.len() {
                let spelling = &mut people.groups[g].spellings[s];
                if !comparable_across_drafts(&spelling.facts) {
                    continue;
                }
                let facts = std::mem::replace(&mut spelling.facts, taken_facts());
                let unbucketed = |_: &SpellingFacts| no_buckets.clone();
                let indexed = indexed(people, (g, s), facts, unbucketed, unfilled.clone());
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
        known: impl Fn(&SpellingFacts) -> Option<Arc<[u64]>>,
    ) {
        let people = &analysis.people;
        for (g, group) in people.groups.iter().enumerate() {
            // The others are never compared across drafts: nothing to keep.
            for (s, spelling) in group.spellings.iter().enumerate() {
                if !comparable_across_drafts(&spelling.facts) {
                    continue;
                }
                let facts = spelling.facts.clone();
                let compared = compared_shared(&facts.text);
                let indexed = indexed(
                    people,
                    (g, s),
                    facts,
                    |facts| known(facts).unwrap_or_else(|| buffers.bucket_hashes(facts).into()),
                    compared,
                );
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
/// `facts`, the buckets `buckets` gives them, and its `compared` form.
fn indexed(
    people: &crate::analysis::people::People,
    (g, s): (usize, usize),
    facts: SpellingFacts,
    buckets: impl FnOnce(&SpellingFacts) -> Arc<[u64]>,
    compared: Arc<str>,
) -> IndexedSpelling {
    let group = &people.groups[g];
    let mentions = &group.spellings[s].mentions;
    IndexedSpelling {
        spans: spans_of(people, mentions),
        person: group.person,
        buckets: buckets(&facts),
        compared,
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
/// A folder's drafts spell the same few names: each distinct spelling (its
/// compared form and buckets, a [`Spelt`]) is filed under its buckets once,
/// when the first draft using it comes, and lists the drafts' uses of it
/// and the other spellings it shares a bucket with. A draft using a known
/// spelling then adds one entry, and asks for its candidates without
/// looking up its buckets. Nodes sit in flat vectors, linked by index, with
/// freed slots reused: filing a spelling allocates nothing, where a vector
/// per bucket and per group was most of what building the index cost.
#[derive(Debug, Clone, Default)]
pub struct WorkspaceIndex {
    /// Path → the draft's slot in `slots`, in path order.
    ids: BTreeMap<Arc<str>, u32>,
    /// Each draft's path and facts, by slot (`None`: a freed slot).
    slots: Vec<Option<Slot>>,
    free_slots: Vec<u32>,
    /// Compared spelling → its first [`Spelt`] (others so compared, with
    /// other buckets, follow through [`Spelt::same`]).
    spelt_by: FxHashMap<Arc<str>, u32>,
    /// Bucket hash → its first [`Link`]. A collision of two hashes only
    /// adds a candidate, which the caller then rejects.
    buckets: FxHashMap<u64, u32>,
    links: Vec<Link>,
    free_links: Vec<u32>,
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

/// One distinct spelling in the index: its compared form and buckets,
/// the drafts' uses of it, and the spellings it meets in a bucket.
#[derive(Debug, Clone)]
struct Spelt {
    /// [`IndexedSpelling::compared`].
    compared: Arc<str>,
    /// [`IndexedSpelling::buckets`], shared with the spelling's uses.
    buckets: Arc<[u64]>,
    /// The first [`Entry`] using it ([`NIL`] only while it is filed).
    first: u32,
    /// The next spelling compared alike but with other buckets (rare: a
    /// stylebook group on one draft's spelling only).
    same: u32,
    /// The spellings sharing a bucket with it, itself included, each once:
    /// what a bucket-by-bucket look-up of its candidates would meet.
    near: Vec<u32>,
}

/// A [`Spelt`] filed in a bucket; the bucket's next link.
#[derive(Debug, Clone)]
struct Link {
    spelt: u32,
    next: u32,
}

/// One spelling of one draft: the draft's slot and the spelling's index in
/// its facts.
#[derive(Debug, Clone)]
struct Entry {
    draft: u32,
    spelling: u32,
    /// The spelt's next entry.
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

/// Makes the buckets and compared forms of the spellings of many drafts
/// (see [`DraftNames::taken_from`]), each distinct spelling's once: the
/// drafts of a folder spell the same few names (polnear-dev: 8.8K
/// spellings, 3.2K distinct), and hashing a spelling's buckets costs some
/// 2K instructions where copying them costs a tenth of that; a compared
/// form is shared. Owned by its caller, and dropped with it.
#[derive(Default)]
pub struct BucketMaker {
    buffers: HashBuffers,
    /// Spelling → what is made of it.
    made: FxHashMap<String, Made>,
}

/// What [`BucketMaker`] made of one spelling.
struct Made {
    /// [`compared_spelling`] of it, shared.
    compared: Arc<str>,
    /// Its variant groups, each with the spelling's buckets in it (a
    /// spelling has one group, or none, in all but odd stylebooks).
    groups: Vec<GroupBuckets>,
}

/// A spelling's variant group, and the buckets of the spelling in it.
type GroupBuckets = (Option<usize>, Arc<[u64]>);

impl BucketMaker {
    /// Give each spelling of `names` its buckets ([`bucket_hashes`]) and
    /// its compared form ([`compared_spelling`]).
    pub fn fill(&mut self, names: &mut DraftNames) {
        for s in &mut names.spellings {
            let (compared, buckets) = self.made_of(&s.facts);
            s.compared = compared;
            s.buckets = buckets;
        }
    }

    /// The compared form and [`bucket_hashes`] of `facts`, made once for
    /// each text and group.
    fn made_of(&mut self, facts: &SpellingFacts) -> (Arc<str>, Arc<[u64]>) {
        // One look-up for a spelling seen before (most).
        if let Some(made) = self.made.get_mut(facts.text.as_str()) {
            return made.of(facts, &mut self.buffers);
        }
        let mut made = Made {
            compared: compared_shared(&facts.text),
            groups: Vec::new(),
        };
        let out = made.of(facts, &mut self.buffers);
        self.made.insert(facts.text.clone(), made);
        out
    }
}

impl Made {
    /// The compared form, and the buckets of `facts` (of this spelling),
    /// hashed in `buffers` for a group not seen before.
    fn of(&mut self, facts: &SpellingFacts, buffers: &mut HashBuffers) -> (Arc<str>, Arc<[u64]>) {
        let buckets = match self.groups.iter().find(|m| m.0 == facts.group) {
            Some((_, buckets)) => buckets.clone(),
            None => {
                let buckets: Arc<[u64]> = buffers.bucket_hashes(facts).into();
                self.groups.push((facts.group, buckets.clone()));
                buckets
            }
        };
        (self.compared.clone(), buckets)
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
            let g = match self.spelt_of(&s.compared, &s.buckets) {
                Some(g) => g,
                None => self.new_spelt(&s.compared, &s.buckets),
            };
            let first = self.spelt[g as usize].first;
            let e = new_node(
                &mut self.entries,
                &mut self.free_entries,
                Entry {
                    draft: id,
                    spelling: i as u32,
                    next: first,
                },
            );
            self.spelt[g as usize].first = e;
        }
    }

    /// Make room for `more` buckets (a folder's drafts are inserted at
    /// once: the tables then grow once, not by doubling).
    pub fn reserve(&mut self, more: usize) {
        self.buckets.reserve(more);
        self.links.reserve(more);
    }

    /// The spelling so compared with these buckets, if indexed.
    fn spelt_of(&self, compared: &str, buckets: &[u64]) -> Option<u32> {
        let mut g = *self.spelt_by.get(compared)?;
        while g != NIL {
            let spelt = &self.spelt[g as usize];
            if *spelt.buckets == *buckets {
                return Some(g);
            }
            g = spelt.same;
        }
        None
    }

    /// A new distinct spelling, with no entry yet: filed under its
    /// buckets, and met with the spellings already there.
    fn new_spelt(&mut self, compared: &Arc<str>, buckets: &Arc<[u64]>) -> u32 {
        let g = new_node(
            &mut self.spelt,
            &mut self.free_spelt,
            Spelt {
                compared: compared.clone(),
                buckets: buckets.clone(),
                first: NIL,
                same: NIL,
                near: Vec::new(),
            },
        );
        match self.spelt_by.entry(compared.clone()) {
            std::collections::hash_map::Entry::Occupied(head) => {
                let head = head.into_mut();
                self.spelt[g as usize].same = *head;
                *head = g;
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(g);
            }
        }
        let mut near = vec![g];
        for &b in buckets.iter() {
            let head = self.buckets.entry(b).or_insert(NIL);
            let mut at = *head;
            while at != NIL {
                let Link { spelt: x, next } = self.links[at as usize];
                if !near.contains(&x) {
                    near.push(x);
                    self.spelt[x as usize].near.push(g);
                }
                at = next;
            }
            *head = new_node(
                &mut self.links,
                &mut self.free_links,
                Link {
                    spelt: g,
                    next: *head,
                },
            );
        }
        self.spelt[g as usize].near = near;
        g
    }

    /// The draft slot and spelling an entry stands for.
    fn spelling_of(&self, e: u32) -> Option<(&Slot, &IndexedSpelling)> {
        let entry = self.entries.get(e as usize)?;
        let slot = self.slots.get(entry.draft as usize)?.as_ref()?;
        let s = slot.names.spellings.get(entry.spelling as usize)?;
        Some((slot, s))
    }

    /// Forget a draft (deleted, or no longer a draft).
    pub fn remove(&mut self, path: &str) {
        let Some(id) = self.ids.remove(path) else {
            return;
        };
        self.unfile_draft(id);
        self.free_slots.push(id);
    }

    /// Empty slot `id` and take its spellings' entries out, and the
    /// spellings no draft uses any more.
    fn unfile_draft(&mut self, id: u32) {
        let Some(old) = self.slots.get_mut(id as usize).and_then(Option::take) else {
            return;
        };
        for s in &old.names.spellings {
            let Some(g) = self.spelt_of(&s.compared, &s.buckets) else {
                continue;
            };
            let first = self.without_draft(self.spelt[g as usize].first, id);
            self.spelt[g as usize].first = first;
            if first == NIL {
                self.drop_spelt(g);
            }
        }
    }

    /// Take spelling `g`, used by no draft, out of the index.
    fn drop_spelt(&mut self, g: u32) {
        let spelt = &mut self.spelt[g as usize];
        let (compared, buckets, near, same) = (
            spelt.compared.clone(),
            spelt.buckets.clone(),
            std::mem::take(&mut spelt.near),
            spelt.same,
        );
        // Out of the list of spellings so compared.
        if let Some(head) = self.spelt_by.get_mut(&compared) {
            if *head == g {
                if same == NIL {
                    self.spelt_by.remove(&compared);
                } else {
                    *head = same;
                }
            } else {
                let mut at = *head;
                while at != NIL {
                    let next = self.spelt[at as usize].same;
                    if next == g {
                        self.spelt[at as usize].same = same;
                        break;
                    }
                    at = next;
                }
            }
        }
        for &b in buckets.iter() {
            self.unlink(b, g);
        }
        for &x in near.iter().filter(|&&x| x != g) {
            self.spelt[x as usize].near.retain(|&y| y != g);
        }
        self.free_spelt.push(g);
    }

    /// Take spelling `g` out of bucket `b` (and the bucket, left empty).
    fn unlink(&mut self, b: u64, g: u32) {
        let Some(&head) = self.buckets.get(&b) else {
            return;
        };
        let (mut new_head, mut prev, mut at) = (head, NIL, head);
        while at != NIL {
            let Link { spelt, next } = self.links[at as usize];
            if spelt == g {
                if prev == NIL {
                    new_head = next;
                } else {
                    self.links[prev as usize].next = next;
                }
                self.free_links.push(at);
            } else {
                prev = at;
            }
            at = next;
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

    /// The distinct spellings that share a bucket with a spelling so
    /// compared with these buckets: listed already when the spelling is
    /// indexed (as it mostly is), else met bucket by bucket.
    fn near(&self, compared: &str, buckets: &[u64]) -> Cow<'_, [u32]> {
        if let Some(g) = self.spelt_of(compared, buckets) {
            return Cow::Borrowed(&self.spelt[g as usize].near);
        }
        let mut near: Vec<u32> = Vec::new();
        for b in buckets {
            let head = self.buckets.get(b).copied();
            let links = std::iter::successors(head, |&l| live(self.links[l as usize].next));
            near.extend(links.map(|l| self.links[l as usize].spelt));
        }
        near.sort_unstable();
        near.dedup();
        Cow::Owned(near)
    }

    /// The entries of spelling `g`.
    fn entries_of(&self, g: u32) -> impl Iterator<Item = u32> + '_ {
        let first = self.spelt[g as usize].first;
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
            for &g in self.near(&s.compared, &s.buckets).iter() {
                for e in self.entries_of(g) {
                    if let Some((slot, _)) = self.spelling_of(e) {
                        if &*slot.path != path {
                            out.insert(&slot.path);
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
            Some(s) => &s.buckets[..],
            None => {
                computed = bucket_hashes(facts);
                &computed[..]
            }
        };
        let compared = compared_spelling(&facts.text);
        self.candidates_in(&compared, buckets, self.asking(except), already_spelt)
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
        self.candidates_in(&spelling.compared, &spelling.buckets, asking, already_spelt)
            .into_iter()
            .map(|(slot, spelling)| Candidate {
                path: &slot.path,
                draft: &slot.names,
                spelling,
            })
            .collect()
    }

    /// The candidates of a spelling so compared with these buckets: the
    /// uses of the spellings sharing a bucket with it, each with its slot,
    /// in path order.
    fn candidates_in(
        &self,
        compared: &str,
        buckets: &[u64],
        asking: Asking,
        already_spelt: impl Fn(&str) -> bool,
    ) -> Vec<(&Slot, &IndexedSpelling)> {
        // Paths are unique in the index: the asking draft's entries are
        // those of its slot.
        let mut found: Vec<(&Slot, u32, u32, &IndexedSpelling)> = Vec::new();
        for &g in self.near(compared, buckets).iter() {
            if already_spelt(&self.spelt[g as usize].compared) {
                continue;
            }
            for e in self.entries_of(g) {
                let entry = &self.entries[e as usize];
                if Some(entry.draft) == asking.0 {
                    continue;
                }
                if let Some((slot, s)) = self.spelling_of(e) {
                    found.push((slot, entry.draft, entry.spelling, s));
                }
            }
        }
        // Each use is in one spelling's list, and each spelling met once;
        // ordered by slot, then by path (one path, one slot), a slot's
        // spellings staying in order. Paths compared only between slots.
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
        assert!(taken
            .spellings
            .iter()
            .all(|s| s.buckets.is_empty() && s.compared.is_empty()));
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
                    assert_eq!(*s.buckets, *bucket_hashes(&s.facts), "{:?}", s.facts);
                    assert_eq!(*s.compared, compared_spelling(&s.facts.text));
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
        let plain = maker.made_of(&facts).1;
        facts.group = Some(7);
        let grouped = maker.made_of(&facts).1;
        assert_ne!(plain, grouped);
        assert_eq!(*grouped, *bucket_hashes(&facts));
        assert_eq!(maker.made_of(&facts).1, grouped);
        facts.group = None;
        assert_eq!(maker.made_of(&facts).1, plain);
    }

    /// Four drafts of one story merged from wire copy: three spellings of
    /// Zelenskyy, Kyiv and Kiev, a slip in Pelosi, two apostrophes in
    /// O'Brien.
    const WIRE: [(&str, &str); 4] = [
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
    ];

    /// The candidates of every spelling, as met through the index's lists
    /// of spellings sharing a bucket, are those a pass over every other
    /// draft's spellings finds by comparing their buckets: after drafts
    /// came, went and changed, for spellings indexed and not, whatever
    /// `already_spelt` passes over. And the drafts `affected_by` a draft
    /// are those with a spelling sharing a bucket with one of its own.
    #[test]
    fn candidates_are_the_spellings_sharing_a_bucket() {
        let texts = [
            WIRE[0],
            WIRE[1],
            WIRE[2],
            WIRE[3],
            (
                "e.txt",
                "Kevin O’Brien met Nancy Pelosi in Kiev. Donald Tramp left.\n",
            ),
            (
                "f.txt",
                "Recep Tayyip Erdoğan met Donald Trump. Erdogan spoke.\n",
            ),
        ];
        let mut ix = index(&texts);
        ix.remove("b.txt");
        ix.update(
            "c.txt",
            &Analysis::new(
                Draft::parse("Volodymyr Zelenskyy met Donald Trumpp.\n", DraftKind::Plain),
                &Stylebook::default(),
            ),
        );
        ix.insert("b.txt", index(&texts[1..2]).draft("b.txt").unwrap().clone());
        ix.remove("f.txt");
        // A spelling no draft has: Trump with a stylebook's group.
        let mut outside = index(&texts[0..1]).draft("a.txt").unwrap().clone();
        for s in &mut outside.spellings {
            s.facts.group = Some(99);
            s.buckets = bucket_hashes(&s.facts).into();
        }
        let drafts: Vec<(String, DraftNames)> = ix
            .drafts()
            .map(|(p, d)| (p.to_string(), d.clone()))
            .collect();
        let asked = drafts
            .iter()
            .map(|(p, d)| (Some(p.as_str()), d))
            .chain([(None, &outside), (Some("a.txt"), &outside)]);
        let skips: [&dyn Fn(&str) -> bool; 3] =
            [&|_| false, &|c| c == "trump", &|c| c.starts_with("zel")];
        let mut met = 0;
        for (path, names) in asked {
            for s in &names.spellings {
                for skip in skips {
                    let expected: Vec<(&str, &IndexedSpelling)> = drafts
                        .iter()
                        .filter(|(p, _)| Some(p.as_str()) != path)
                        .flat_map(|(p, d)| d.spellings.iter().map(move |o| (p.as_str(), o)))
                        .filter(|(_, o)| o.buckets.iter().any(|b| s.buckets.contains(b)))
                        .filter(|(_, o)| !skip(&o.compared))
                        .collect();
                    let found: Vec<(&str, &IndexedSpelling)> = ix
                        .candidates_from(s, ix.asking(path), skip)
                        .into_iter()
                        .map(|c| (c.path, c.spelling))
                        .collect();
                    assert_eq!(found, expected, "{path:?} {}", s.facts.text);
                    met += found.len();
                }
            }
        }
        assert!(met > 20, "{met}");
        for (path, names) in &drafts {
            let expected: Vec<String> = drafts
                .iter()
                .filter(|(p, d)| {
                    p != path
                        && d.spellings.iter().any(|o| {
                            names
                                .spellings
                                .iter()
                                .any(|s| o.buckets.iter().any(|b| s.buckets.contains(b)))
                        })
                })
                .map(|(p, _)| p.clone())
                .collect();
            assert_eq!(ix.affected_by(path), expected, "{path}");
        }
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
            WIRE[0],
            WIRE[1],
            WIRE[2],
            WIRE[3],
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
