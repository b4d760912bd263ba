//! People: who a draft names, how each is spelled, and which spellings are
//! one name written two ways.
//!
//! Facts only. A [`Person`] is a full name with evidence that it is a
//! person (a known first name, a title before it, a speech verb after it);
//! later surname-only mentions are linked back. A [`SpellingGroup`] gathers
//! spellings that are one name (Zelenskiy, Zelenskyy): the rules decide
//! which spelling is preferred and what to flag.

pub mod hover;
pub mod mentions;
pub mod variants;

#[cfg(test)]
mod join_oracle;

use crate::draft::Draft;
use crate::finding::Span;
use crate::stylebook::Stylebook;
use mentions::{Run, Token};
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use variants::Likeness;

/// One place a name is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention<'t> {
    /// The name as written, possessive excluded ("Volodymyr Zelenskyy").
    pub span: Span,
    /// The surname (or the whole name of a place or organisation) within it.
    pub surname_span: Span,
    /// The text of `span`.
    pub text: &'t str,
    /// The text of `surname_span`: the spelling compared with others.
    pub surname: &'t str,
    /// Word indices (into `draft.words`) of the name.
    pub words: Range<usize>,
    /// Word indices of the whole capitalised run, with titles cut off the
    /// front ("President" in "President Donald Trump").
    pub run: Range<usize>,
    /// The first name, when this mention has one.
    pub first_name: Option<&'t str>,
    /// The person this mention names, an index into [`People::persons`].
    pub person: Option<usize>,
    /// Opens its sentence, or sits in a heading: its capital proves nothing.
    pub weak: bool,
    /// A title or honorific came right before it.
    pub titled: bool,
}

/// A person named in the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person<'t> {
    /// The first full mention as written ("Volodymyr Zelenskyy"), or the
    /// surname when the person never gets a full mention. Borrowed from the
    /// draft, as are the names below: a draft names a dozen people or more,
    /// and copies of their names cost more than finding them.
    pub full_name: &'t str,
    pub first_name: Option<&'t str>,
    /// The surname as first written (particles included: "von der Leyen").
    pub surname: &'t str,
    /// Indices into [`People::mentions`], in text order.
    pub mentions: Vec<usize>,
    /// The spelling group of the surname, an index into [`People::groups`].
    pub group: Option<usize>,
}

/// Spellings that are one name, each with the mentions that use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpellingGroup<'t> {
    /// Distinct spellings (case-insensitively distinct), in order of first use.
    pub spellings: Vec<Spelling<'t>>,
    /// True when some spelling belongs to a person (not a place or an
    /// organisation).
    pub person: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling<'t> {
    /// The spelling as written mid-sentence when it ever is.
    pub text: &'t str,
    /// Indices into [`People::mentions`] of the mentions so spelled.
    pub mentions: Vec<usize>,
    /// What decides whether this spelling and another are one name.
    pub facts: SpellingFacts,
}

/// What decides whether two spellings are one name, kept apart from the
/// mentions so the workspace index can compare drafts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpellingFacts {
    pub text: String,
    /// The known (or stylebook) variant group of the spelling.
    pub group: Option<usize>,
    /// Lower-cased first names of the persons so spelled (empty when the
    /// spelling is never introduced with a first name).
    pub firsts: BTreeSet<String>,
    /// Every occurrence is sentence-initial or in a heading.
    pub weak_only: bool,
}

impl SpellingFacts {
    /// The transliteration key, for bucketing.
    pub fn key(&self) -> String {
        variants::key(&self.text)
    }

    /// The similarity buckets (see [`variants::similarity_keys`]).
    pub fn similarity_keys(&self) -> Vec<String> {
        variants::similarity_keys(&self.text)
    }
}

impl SpellingGroup<'_> {
    /// True when the group has two or more spellings.
    pub fn is_inconsistent(&self) -> bool {
        self.spellings.len() > 1
    }
}

/// The people of a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct People<'t> {
    /// Every name mention, in text order.
    pub mentions: Vec<Mention<'t>>,
    pub persons: Vec<Person<'t>>,
    /// Every name with its spellings; groups with one spelling included.
    pub groups: Vec<SpellingGroup<'t>>,
}

impl<'t> People<'t> {
    /// The mention whose name covers `offset`.
    pub fn mention_at(&self, offset: usize) -> Option<&Mention<'t>> {
        let i = self.mentions.partition_point(|m| m.span.end <= offset);
        self.mentions.get(i).filter(|m| m.span.start <= offset)
    }

    /// The person and mention at `offset`, if the name there is a person's.
    pub fn person_at(&self, offset: usize) -> Option<(&Person<'t>, &Mention<'t>)> {
        let m = self.mention_at(offset)?;
        Some((self.persons.get(m.person?)?, m))
    }

    /// The mention whose name is exactly at `span` or contains it.
    pub fn mention_covering(&self, span: &Span) -> Option<&Mention<'t>> {
        self.mention_at(span.start)
            .filter(|m| m.span.end >= span.end)
    }

    /// The spelling group a mention's surname belongs to.
    pub fn group_of(&self, mention: usize) -> Option<&SpellingGroup<'t>> {
        self.groups
            .iter()
            .find(|g| g.spellings.iter().any(|s| s.mentions.contains(&mention)))
    }
}

/// Find the people of a draft. `stylebook.names` adds variant groups.
pub fn analyse<'t>(draft: &Draft<'t>, stylebook: &Stylebook) -> People<'t> {
    let runs = mentions::runs(draft);
    let mut names = Names::new(draft, &runs);
    let mut people = People::default();
    // Nearly every run is a mention: one allocation, no regrowth.
    people.mentions.reserve(runs.runs.len());
    // Pass 1: full names with evidence make persons.
    // Full names are about one run in eight: room for most drafts'.
    let mut full: Vec<(usize, Mention<'t>, u32)> = Vec::with_capacity(runs.runs.len() / 4 + 4);
    for (r, run) in runs.runs.iter().enumerate() {
        let tokens = runs.tokens_of(run);
        let Some(surname_from) = person_name(draft, run, tokens, &mut names.buf) else {
            continue;
        };
        let first = tokens[0];
        let mut m = mention(draft, run, tokens, surname_from, Some(first.text));
        let sid = names.intern(mentions::lower(draft, &m.surname_span));
        let first_lower = first.lower(draft);
        let person = names.find_or_add_person(&mut people.persons, &m, sid, first_lower);
        names.surname_person[sid as usize] = Some(person);
        m.person = Some(person);
        full.push((r, m, sid));
    }
    // Pass 2: other runs, linked by surname when they are one; every
    // mention in text order.
    names.index_lower_case_words();
    let mut sids = Vec::with_capacity(runs.runs.len());
    // The next full name, held by hand rather than peeked: a peek moves the
    // whole mention in and out of the iterator for every run.
    let mut full = full.into_iter();
    let mut next_full = full.next();
    for (r, run) in runs.runs.iter().enumerate() {
        if next_full.as_ref().is_some_and(|(at, _, _)| *at == r) {
            if let Some((_, m, sid)) = next_full.take() {
                people.mentions.push(m);
                sids.push(sid);
            }
            next_full = full.next();
            continue;
        }
        if splits_in_heading(draft, run, runs.tokens_of(run)) {
            // A heading capitalises every word, so a run there is not one
            // name: each word stands alone (weak evidence).
            for t in run.tokens.clone() {
                if !runs.tokens[t].particle {
                    let single = Run {
                        tokens: t..t + 1,
                        ..run.clone()
                    };
                    names.other_mention(&single, &mut people.mentions, &mut sids);
                }
            }
        } else {
            names.other_mention(run, &mut people.mentions, &mut sids);
        }
    }
    relink(&mut people, &sids, &names);
    people.groups = group_spellings(&mut people, &sids, &names, stylebook);
    people
}

/// A heading capitalises every word, so a run there is split into its
/// words, unless the whole run is a known name.
fn splits_in_heading(draft: &Draft, run: &Run, tokens: &[Token]) -> bool {
    run.heading
        && tokens.len() >= 2
        && variants::known_group(draft.slice(&whole_span(tokens))).is_none()
}

/// The lower case of `tokens[from..]`, from the first one's start to the
/// last one's end. One token lies inside one word, where the prose is the
/// text (blanking never leaves a word's bytes), so its lower case comes
/// from [`mentions::lower_word`] without comparing prose and text.
fn lower_of<'d>(draft: &'d Draft, tokens: &[Token], from: usize) -> Cow<'d, str> {
    let span = tokens[from].start..tokens[tokens.len() - 1].end;
    if from + 1 == tokens.len() {
        tokens[from].lower(draft)
    } else {
        mentions::lower(draft, &span)
    }
}

/// From the first token's start to the last one's end.
fn whole_span(tokens: &[Token]) -> Span {
    tokens[0].start..tokens[tokens.len() - 1].end
}

/// Per-draft state of the people analysis: lower-cased surnames as small
/// ids (so persons, links and spellings compare integers, not strings), the
/// persons known by surname, and the lower-case words of the draft.
struct Names<'d, 't> {
    draft: &'d Draft<'t>,
    runs: &'d mentions::Runs<'t>,
    /// Lower-cased surname → id.
    ids: FxHashMap<Cow<'d, str>, u32>,
    /// Id → lower-cased surname.
    surnames: Vec<Cow<'d, str>>,
    /// Id → the person of the last full name with that surname (pass 1).
    surname_person: Vec<Option<usize>>,
    /// Id → taken as a single-word mention already (so a repeat skips the
    /// stop-word and lower-case-word tests, which it passed).
    single: Vec<bool>,
    /// (surname id, lower-cased first name) → person.
    person_of: FxHashMap<(u32, Cow<'d, str>), usize>,
    /// Person → surname id.
    person_surnames: Vec<u32>,
    /// Capitalised words that also appear in lower case are common words.
    lower_words: FxHashSet<&'t str>,
    /// A reusable buffer for folded names.
    buf: String,
}

impl<'d, 't> Names<'d, 't> {
    fn new(draft: &'d Draft<'t>, runs: &'d mentions::Runs<'t>) -> Self {
        // News copy names a distinct surname or place about every fourth
        // run: room for them up front, as growing a hash map rehashes it.
        let names = runs.runs.len() / 4 + 8;
        // Ids, though, are more: surnames, places and whole names, about
        // two for five runs (polnear-dev: 22.1K ids, 52.2K runs).
        let ids = runs.runs.len() / 2 + 8;
        let hasher = rustc_hash::FxBuildHasher;
        Names {
            draft,
            runs,
            ids: FxHashMap::with_capacity_and_hasher(ids, hasher),
            surnames: Vec::with_capacity(ids),
            surname_person: Vec::with_capacity(ids),
            single: Vec::with_capacity(ids),
            person_of: FxHashMap::with_capacity_and_hasher(names, hasher),
            person_surnames: Vec::with_capacity(names),
            lower_words: FxHashSet::with_capacity_and_hasher(names, hasher),
            buf: String::new(),
        }
    }

    /// The id of a lower-cased surname, made on first sight.
    fn intern(&mut self, lower: Cow<'d, str>) -> u32 {
        match self.ids.get(lower.as_ref()) {
            Some(&id) => id,
            None => self.add_id(lower),
        }
    }

    /// A new id for a lower-cased surname not seen before.
    fn add_id(&mut self, lower: Cow<'d, str>) -> u32 {
        let id = self.surnames.len() as u32;
        self.surnames.push(lower.clone());
        self.ids.insert(lower, id);
        self.surname_person.push(None);
        self.single.push(false);
        id
    }

    /// The id of a lower-cased surname, and the person already introduced
    /// under it.
    fn look_up(&self, lower: &str) -> (Option<u32>, Option<usize>) {
        match self.ids.get(lower) {
            Some(&id) => (Some(id), self.surname_person[id as usize]),
            None => (None, None),
        }
    }

    /// The person with this surname and first name, added when new.
    fn find_or_add_person(
        &mut self,
        persons: &mut Vec<Person<'t>>,
        m: &Mention<'t>,
        sid: u32,
        first_lower: Cow<'d, str>,
    ) -> usize {
        let next = persons.len();
        let person = *self.person_of.entry((sid, first_lower)).or_insert(next);
        if person < next {
            return person;
        }
        self.person_surnames.push(sid);
        persons.push(Person {
            full_name: m.text,
            first_name: m.first_name,
            surname: m.surname,
            mentions: Vec::new(),
            group: None,
        });
        persons.len() - 1
    }

    /// Gather the draft's words that start in lower case and may equal a
    /// name's lower case: only those that match, by length and first and
    /// last byte, some lower-cased word or name of the runs, so the set
    /// stays small.
    fn index_lower_case_words(&mut self) {
        let draft = self.draft;
        // The shapes of the runs' tokens, gathered as the runs were found.
        let filter = &self.runs.shapes;
        let bytes = draft.text.as_bytes();
        for w in &draft.words {
            // By bytes first: most words fail the filter, by their first
            // byte and length alone.
            let start = w.span.start;
            let Some(&first) = bytes.get(start) else {
                continue;
            };
            // No name's lower case has this first byte and length (most
            // words): one load and test.
            let end = w.span.end;
            if !filter.may_start(first, end.wrapping_sub(start)) {
                continue;
            }
            let Some(&last) = bytes.get(end.wrapping_sub(1)) else {
                continue;
            };
            if first.is_ascii() && !first.is_ascii_lowercase()
                || end <= start
                || !filter.may_hold(end - start, first, last)
            {
                continue;
            }
            let text = draft.word_text(w);
            if text.chars().next().is_some_and(char::is_lowercase) {
                self.lower_words.insert(text);
            }
        }
    }

    /// A run that is not a full name with evidence: a surname-only mention
    /// of a known person, or a single name-like word (a place, an
    /// organisation, a person never introduced) kept so spellings can be
    /// compared.
    ///
    /// The mention found, if any, is pushed to `mentions` and its surname
    /// id to `sids`: built in place, not handed back by value (a mention
    /// is some 150 bytes, copied at each move).
    fn other_mention(&mut self, run: &Run, mentions: &mut Vec<Mention<'t>>, sids: &mut Vec<u32>) {
        let (draft, runs) = (self.draft, self.runs);
        let mut run = run.clone();
        loop {
            let tokens = runs.tokens_of(&run);
            // The whole run may be a known group (Al Qaeda) or a known
            // surname with particles ("von der Leyen").
            let whole = whole_span(tokens);
            let whole_lower = lower_of(draft, tokens, 0);
            let (whole_id, person) = self.look_up(&whole_lower);
            if let (Some(sid), Some(person)) = (whole_id, person) {
                let mut m = mention(draft, &run, tokens, 0, None);
                m.person = Some(person);
                mentions.push(m);
                sids.push(sid);
                return;
            }
            let known = tokens.len() > 1
                && variants::may_fold_to_known_group(draft.slice(&whole), draft.slice(&whole))
                && {
                    self.buf.clear();
                    variants::fold_into(draft.slice(&whole), &mut self.buf);
                    variants::known_group_of_folded(&self.buf).is_some()
                };
            if tokens.len() > 1 && run.sentence_initial && !known {
                // "Later Pelosy left": the opener is capitalised for the
                // sentence.
                let opener = tokens[0].lower(draft);
                if !mentions::first_names().contains(opener.as_ref()) {
                    run.tokens.start += 1;
                    run.sentence_initial = false;
                    continue;
                }
            }
            if tokens.len() > 1 && !known {
                // A longer run with no evidence: a mention if its last word
                // is a known surname ("Mr Zelenskyy" was cut to one word
                // already).
                let last = surname_start(tokens);
                let surname = lower_of(draft, tokens, last);
                let (surname_id, person) = self.look_up(&surname);
                if let (Some(sid), Some(person)) = (surname_id, person) {
                    let mut m = mention(draft, &run, tokens, last, None);
                    m.person = Some(person);
                    mentions.push(m);
                    sids.push(sid);
                    return;
                }
                // "Maurizio Cattelan": two or three name-like words are
                // probably a name with a first name we do not know. Kept
                // with that first word (so two such names with different
                // first words stay apart), but not called a person.
                let name_like = tokens
                    .iter()
                    .all(|t| !self.lower_words.contains(t.lower(draft).as_ref()));
                if run.heading || tokens.len() > 3 || !name_like {
                    return;
                }
                let sid = surname_id.unwrap_or_else(|| self.add_id(surname));
                mentions.push(mention(draft, &run, tokens, last, Some(tokens[0].text)));
                sids.push(sid);
                return;
            }
            // A spelling already taken as a word of its own passes again:
            // the tests below read only its lower case (the draft's text
            // of one capitalised word always holds a letter).
            let taken = whole_id.is_some_and(|id| self.single[id as usize]);
            if !taken {
                let word_like = mentions::stopwords().contains(whole_lower.as_ref())
                    || self.lower_words.contains(whole_lower.as_ref());
                if word_like || !draft.slice(&whole).chars().any(char::is_alphabetic) {
                    return;
                }
            }
            let sid = whole_id.unwrap_or_else(|| self.add_id(whole_lower));
            self.single[sid as usize] = true;
            mentions.push(mention(draft, &run, tokens, 0, None));
            sids.push(sid);
            return;
        }
    }
}

/// A run that names a person, with evidence: where the surname starts
/// (the first name is the first token). "Donald J. Trump" → 2.
fn person_name(draft: &Draft, run: &Run, tokens: &[Token], buf: &mut String) -> Option<usize> {
    if tokens.len() < 2 || run.heading {
        return None;
    }
    // Folded only when its letters may spell a known group.
    if variants::may_fold_to_known_group(tokens[0].text, tokens[tokens.len() - 1].text) {
        buf.clear();
        for t in tokens {
            variants::fold_into(t.text, buf);
        }
        if variants::known_group_of_folded(buf).is_some() {
            return None; // Al Qaeda is no person called Al.
        }
    }
    // One token lies inside one word (see lower_of).
    let first = tokens[0].lower(draft);
    let known = mentions::first_names().contains(first.as_ref());
    let evidence = known || ((run.titled || run.cue_after) && tokens.len() <= 4);
    if !evidence || mentions::stopwords().contains(first.as_ref()) {
        return None;
    }
    let surname_from = surname_start(tokens);
    (surname_from > 0).then_some(surname_from)
}

/// Where the surname begins: the last capitalised word, with the particles
/// before it ("von der Leyen", "bin Salman").
fn surname_start(tokens: &[Token]) -> usize {
    let mut at = tokens.len() - 1;
    while at > 1 && tokens[at - 1].particle {
        at -= 1;
    }
    at
}

fn mention<'t>(
    draft: &Draft<'t>,
    run: &Run,
    tokens: &[Token<'t>],
    surname_from: usize,
    first: Option<&'t str>,
) -> Mention<'t> {
    let span = whole_span(tokens);
    let surname_span = tokens[surname_from].start..span.end;
    // A token's text is the draft's text of its span: taken as it is for
    // a name of one token and a surname of one (most), not sliced again.
    let last = tokens.len() - 1;
    let text = if last == 0 {
        tokens[0].text
    } else {
        draft.slice(&span)
    };
    let surname = if surname_from == last {
        tokens[last].text
    } else {
        draft.slice(&surname_span)
    };
    Mention {
        text,
        surname,
        span,
        surname_span,
        words: tokens[0].word..tokens[tokens.len() - 1].word + 1,
        run: run.words.clone(),
        first_name: first,
        person: None,
        // A speech verb, a title or a possessive is evidence of a name even
        // at a sentence start ("Giengob tweeted").
        weak: run.sentence_initial
            && tokens.len() == 1
            && !(run.cue_after || run.titled || run.possessive)
            || run.heading,
        titled: run.titled,
    }
}

/// Surname-only mentions that come before the full name are linked too,
/// and each person's mention list is rebuilt in text order. `sids` are the
/// mentions' surname ids.
fn relink(people: &mut People, sids: &[u32], names: &Names) {
    // The last person with a surname.
    let mut by_surname: Vec<Option<usize>> = vec![None; names.surnames.len()];
    for (i, sid) in names.person_surnames.iter().enumerate() {
        by_surname[*sid as usize] = Some(i);
    }
    // The most recent person with a surname wins ("Bill Clinton … Hillary
    // Clinton … Clinton said" is Hillary).
    let mut recent: Vec<Option<usize>> = vec![None; names.surnames.len()];
    // Each person's list is made at its size, counted first, as growing
    // many small lists costs more than the count.
    let mut counts = vec![0usize; people.persons.len()];
    for (i, m) in people.mentions.iter_mut().enumerate() {
        let key = sids[i] as usize;
        if m.first_name.is_some() {
            if let Some(p) = m.person {
                recent[key] = Some(p);
            }
        } else if m.person.is_some() || by_surname[key].is_some() {
            m.person = recent[key].or(by_surname[key]);
        }
        if let Some(count) = m.person.and_then(|p| counts.get_mut(p)) {
            *count += 1;
        }
    }
    for (person, &count) in people.persons.iter_mut().zip(&counts) {
        person.mentions = Vec::with_capacity(count);
    }
    for (i, m) in people.mentions.iter().enumerate() {
        if let Some(person) = m.person.and_then(|p| people.persons.get_mut(p)) {
            person.mentions.push(i);
        }
    }
}

/// One distinct spelling while grouping.
struct Unit<'t> {
    /// The spelling as written (mid-sentence when it ever is).
    text: &'t str,
    /// Where its folded form is in the shared buffer.
    fold: Range<usize>,
    facts: SpellingFacts,
    mentions: Vec<usize>,
    /// How many mentions use it (the length `mentions` will have).
    mentions_count: usize,
}

/// Gather spellings into groups of one name.
fn group_spellings<'t>(
    people: &mut People<'t>,
    sids: &[u32],
    names: &Names,
    stylebook: &Stylebook,
) -> Vec<SpellingGroup<'t>> {
    // A fold is about as long as its spelling: room for all of them.
    let spelled: usize = names.surnames.iter().map(|s| s.len()).sum();
    let mut folds = String::with_capacity(spelled + 16);
    let mut units = units(people, sids, names, &mut folds);
    if !stylebook.names.is_empty() {
        let book = stylebook_groups(stylebook);
        for u in &mut units {
            if let Some(&g) = book.get(&variants::fold(&u.facts.text)) {
                u.facts.group = Some(g);
            }
        }
    }
    let parent = join_units(&units, &folds);
    // Groups numbered in order of their first spelling, and each made at
    // its size (most have one spelling).
    let mut index_of_root: Vec<usize> = vec![usize::MAX; units.len()];
    let mut sizes: Vec<usize> = Vec::with_capacity(units.len());
    for &root in &parent {
        if index_of_root[root] == usize::MAX {
            index_of_root[root] = sizes.len();
            sizes.push(0);
        }
        sizes[index_of_root[root]] += 1;
    }
    let mut groups: Vec<SpellingGroup> = sizes
        .iter()
        .map(|&size| SpellingGroup {
            spellings: Vec::with_capacity(size),
            person: false,
        })
        .collect();
    for (i, u) in units.into_iter().enumerate() {
        let g = index_of_root[parent[i]];
        groups[g].person |= !u.facts.firsts.is_empty()
            || u.mentions
                .iter()
                .any(|&m| people.mentions[m].person.is_some());
        groups[g].spellings.push(Spelling {
            text: u.text,
            mentions: u.mentions,
            facts: u.facts,
        });
    }
    for (g, group) in groups.iter().enumerate() {
        for s in &group.spellings {
            for &m in &s.mentions {
                if let Some(p) = people.mentions[m].person {
                    people.persons[p].group = Some(g);
                }
            }
        }
    }
    groups
}

/// Join the units that are one name; returns each unit's set root (the
/// smallest unit of its set, whatever order pairs are compared in: a set
/// is every unit linked to another by [`one_name`]).
///
/// Spellings with one transliteration key or one known group meet in
/// buckets (hashed), never as all pairs. Mere similarity (a slip) joins
/// only a person's spelling (see [`one_name`]), so each person's spelling
/// is compared with the few others that may be a slip of it, found by the
/// first letter of their keys; no slip keys are made.
fn join_units(units: &[Unit], folds: &str) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..units.len()).collect();
    let mut heads: FxHashMap<u64, u32> = FxHashMap::default();
    // A key per spelling, and a group for a few.
    heads.reserve(units.len() + units.len() / 4);
    // (unit, next entry of the same bucket)
    let mut entries: Vec<(u32, u32)> = Vec::with_capacity(units.len() + units.len() / 4);
    let mut meet = |parent: &mut [usize], hash: u64, u: usize| {
        let head = heads.entry(hash).or_insert(u32::MAX);
        let mut at = *head;
        while at != u32::MAX {
            let (v, next) = entries[at as usize];
            join_if_one_name(units, parent, u, v as usize);
            at = next;
        }
        entries.push((u as u32, *head));
        *head = (entries.len() - 1) as u32;
    };
    // A key is about as long as its fold: one allocation for all of them.
    let mut keys = Vec::with_capacity(folds.len() + 16);
    let mut key_ranges = Vec::with_capacity(units.len());
    // For the keys of spellings beyond ASCII.
    let mut scratch = String::new();
    for (u, unit) in units.iter().enumerate() {
        let f = &folds[unit.fold.clone()];
        let start = keys.len();
        variants::append_key_of_folded(f, &mut keys, &mut scratch);
        key_ranges.push(start..keys.len());
        meet(
            &mut parent,
            variants::key_hash(variants::KEY_TAG, &[&keys[start..]]),
            u,
        );
        if let Some(g) = unit.facts.group {
            let g = (g as u64).to_le_bytes();
            meet(
                &mut parent,
                variants::key_hash(variants::GROUP_TAG, &[&g]),
                u,
            );
        }
    }
    let spelled = Spelled {
        units,
        folds,
        keys: &keys,
        key_ranges: &key_ranges,
    };
    join_slips(&spelled, &mut parent);
    for i in 0..parent.len() {
        find(&mut parent, i);
    }
    parent
}

/// Union the sets of units `u` and `v` when they are one name.
fn join_if_one_name(units: &[Unit], parent: &mut [usize], u: usize, v: usize) {
    if v != u && find(parent, u) != find(parent, v) {
        let (a, b) = (u.min(v), u.max(v));
        if one_name(&units[a].facts, &units[b].facts) {
            union(parent, a, b);
        }
    }
}

/// The units with their folds and keys.
struct Spelled<'a, 't> {
    units: &'a [Unit<'t>],
    folds: &'a str,
    keys: &'a [u8],
    key_ranges: &'a [Range<usize>],
}

impl Spelled<'_, '_> {
    fn fold(&self, u: usize) -> &str {
        &self.folds[self.units[u].fold.clone()]
    }

    fn key(&self, u: usize) -> &[u8] {
        &self.keys[self.key_ranges[u].clone()]
    }
}

/// What decides, per unit, whether it may be a slip of a person's
/// spelling, before its letters are compared.
#[derive(Clone, Copy)]
struct SlipShape {
    /// The length of the fold in characters.
    chars: usize,
    person: bool,
    /// Five characters or more as written (see [`one_name`]).
    long: bool,
}

impl SlipShape {
    /// May these two be one slip apart, by their lengths ([`variants::
    /// likeness`] compares four letters or more, one edit apart or both
    /// seven letters or more)?
    fn near(self, other: SlipShape) -> bool {
        let (a, b) = (self.chars, other.chars);
        a >= 4 && b >= 4 && (a.abs_diff(b) <= 1 || a >= 7 && b >= 7)
    }
}

/// Join persons' spellings with their slips. [`one_name`] calls two
/// spellings merely similar one name only when one is a person's and the
/// other a person's too or five characters or more, and
/// [`variants::likeness`] only when [`variants::may_be_similar`]: their
/// keys start with one character, so each person's spelling is compared
/// with the spellings whose keys start with the same byte.
fn join_slips(s: &Spelled, parent: &mut [usize]) {
    let units = s.units;
    if units.iter().all(|u| u.facts.firsts.is_empty()) {
        return;
    }
    let shapes: Vec<SlipShape> = units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            let fold = s.fold(u);
            let person = !unit.facts.firsts.is_empty();
            SlipShape {
                chars: if fold.is_ascii() {
                    fold.len()
                } else {
                    fold.chars().count()
                },
                person,
                long: person || unit.text.chars().count() >= 5,
            }
        })
        .collect();
    // Lists of units by the first byte of their key, linked through
    // `next`.
    const NONE: u32 = u32::MAX;
    let mut first = [NONE; 256];
    let mut next = vec![NONE; units.len()];
    for u in (0..units.len()).rev() {
        if let Some(&b) = s.key(u).first() {
            let head = &mut first[usize::from(b)];
            next[u] = *head;
            *head = u as u32;
        }
    }
    for p in (0..units.len()).filter(|&p| shapes[p].person) {
        let Some(&b) = s.key(p).first() else {
            continue;
        };
        let mut at = first[usize::from(b)];
        while at != NONE {
            let v = at as usize;
            at = next[v];
            // A pair of persons once; other spellings of five characters
            // or more.
            let (sp, sv) = (shapes[p], shapes[v]);
            let wanted = if sv.person { v > p } else { sv.long };
            if wanted
                && sp.near(sv)
                && variants::may_be_similar(s.fold(p), s.fold(v), s.key(p), s.key(v))
            {
                join_if_one_name(units, parent, p, v);
            }
        }
    }
}

/// Distinct spellings (case-insensitive, whatever the apostrophe) of the
/// surnames and names, and their folded forms (ranges into `folds`).
fn units<'t>(
    people: &People<'t>,
    sids: &[u32],
    names: &Names,
    folds: &mut String,
) -> Vec<Unit<'t>> {
    // Surname ids are distinct lower-cased spellings; only the apostrophe
    // can make two of them one spelling (O’Brien, O'Brien), so only a
    // draft with a ’ in a surname needs them matched by text.
    // By bytes first: most surnames are ASCII, with no ’ to find.
    let curly = |s: &str| !s.is_ascii() && s.contains('’');
    let spellings: Option<Vec<Cow<str>>> = names.surnames.iter().any(|s| curly(s)).then(|| {
        names
            .surnames
            .iter()
            .map(|s| {
                if curly(s) {
                    Cow::Owned(s.replace('’', "'"))
                } else {
                    Cow::Borrowed(s.as_ref())
                }
            })
            .collect()
    });
    let mut unit_of_spelling: FxHashMap<&str, usize> = FxHashMap::default();
    let mut unit_of_sid: Vec<usize> = vec![usize::MAX; names.surnames.len()];
    // At most a unit a spelling: sized once, as a unit is large to copy.
    let mut units: Vec<Unit> = Vec::with_capacity(names.surnames.len());
    // The unit of each mention, so each unit's list is made at its size.
    let mut unit_of_mention: Vec<usize> = Vec::with_capacity(people.mentions.len());
    for (i, m) in people.mentions.iter().enumerate() {
        let sid = sids[i] as usize;
        if unit_of_sid[sid] == usize::MAX {
            let mut new_unit = || {
                let start = folds.len();
                variants::fold_into(m.surname, folds);
                units.push(Unit {
                    text: m.surname,
                    fold: start..folds.len(),
                    facts: SpellingFacts {
                        text: String::new(),
                        group: variants::known_group_of_folded(&folds[start..]),
                        firsts: BTreeSet::new(),
                        weak_only: true,
                    },
                    mentions: Vec::new(),
                    mentions_count: 0,
                });
                units.len() - 1
            };
            unit_of_sid[sid] = match &spellings {
                Some(spellings) => *unit_of_spelling
                    .entry(spellings[sid].as_ref())
                    .or_insert_with(new_unit),
                None => new_unit(),
            };
        }
        let u = unit_of_sid[sid];
        unit_of_mention.push(u);
        let unit = &mut units[u];
        // A spelling first seen at a sentence start ("Von der Leyen") takes
        // its casing from a mid-sentence use when there is one.
        if unit.facts.weak_only && !m.weak {
            unit.text = m.surname;
        }
        unit.facts.weak_only &= m.weak;
        if let Some(f) = &m.first_name {
            let span = m.span.start..m.span.start + f.len();
            // The first name is the mention's first token: one word.
            let lower = mentions::lower_word(names.draft, &span);
            if !unit.facts.firsts.contains(lower.as_ref()) {
                unit.facts.firsts.insert(lower.into_owned());
            }
        }
        unit.mentions_count += 1;
    }
    for u in &mut units {
        u.mentions = Vec::with_capacity(u.mentions_count);
    }
    for (i, &u) in unit_of_mention.iter().enumerate() {
        units[u].mentions.push(i);
    }
    for u in &mut units {
        if u.text != people.mentions[u.mentions[0]].surname {
            let start = folds.len();
            variants::fold_into(u.text, folds);
            u.fold = start..folds.len();
        }
        u.facts.text = u.text.to_string();
    }
    units
}

/// Are two spellings one name? Strong likeness (a known group, one
/// transliteration key) suffices unless the two are different people by
/// their first names; mere similarity needs one of them to be a known
/// person's surname and the other never introduced with a first name of
/// its own, and a sentence-initial or heading spelling never qualifies on
/// similarity alone.
pub fn one_name(a: &SpellingFacts, b: &SpellingFacts) -> bool {
    let likeness = variants::likeness(&a.text, &b.text, a.group, b.group);
    if likeness == Likeness::None {
        return false;
    }
    // Bill and Hillary Clinton; Sergei Ivanov and Anna Ivanova.
    let different_people =
        !a.firsts.is_empty() && !b.firsts.is_empty() && a.firsts.is_disjoint(&b.firsts);
    if different_people {
        return false;
    }
    // Corey/Correy, Lawrence/Laurence, Michelle/Michele: given names are
    // spelled as their owners spell them; only a known group joins them.
    // (A given name that is someone's surname here, Elizabeth Warren, is a
    // surname like any other.)
    let given = |f: &SpellingFacts| {
        f.firsts.is_empty() && mentions::first_names().contains(f.text.to_lowercase().as_str())
    };
    let known = a.group.is_some() && a.group == b.group;
    if (given(a) || given(b)) && !known {
        return false;
    }
    // Two spellings nobody introduced with a first name, one of them only
    // at sentence starts (Kall/Call): too little to call them one name.
    let orphans = a.firsts.is_empty() && b.firsts.is_empty();
    if orphans && (a.weak_only || b.weak_only) && !known {
        return false;
    }
    // A spelling seen only at sentence starts or in headings is no name by
    // its capital alone (Call/Kall): it joins by a known group, by the same
    // letters, or as a one-letter slip of a long surname (Tunberg).
    if !known && (weak_and_no_slip(a, b) || weak_and_no_slip(b, a)) {
        return false;
    }
    match likeness {
        Likeness::Strong => true,
        Likeness::Similar => {
            // Friedrich Merz and Friedrich Mertz: the same first name is
            // evidence enough. Otherwise a slip needs length (Merz/Mertz
            // alone are two names) and a known person on one side.
            let same_first = !a.firsts.is_empty() && !a.firsts.is_disjoint(&b.firsts);
            let long = a.text.chars().count() >= 5 && b.text.chars().count() >= 5;
            let person_and_orphan = (!a.firsts.is_empty() && b.firsts.is_empty())
                || (!b.firsts.is_empty() && a.firsts.is_empty());
            same_first || long && person_and_orphan
        }
        Likeness::None => false,
    }
}

/// A spelling seen only at sentence starts or in headings is no name by
/// its capital alone; it may still be a slip of a longer surname by one
/// letter (Tunberg/Thunberg), which no common word is.
fn weak_and_no_slip(weak: &SpellingFacts, other: &SpellingFacts) -> bool {
    if !weak.weak_only {
        return false;
    }
    let (a, b) = (variants::fold(&weak.text), variants::fold(&other.text));
    if a == b {
        return false;
    }
    if other.firsts.is_empty() {
        return true;
    }
    // A person's surname on the other side: the same key (Schif/Schiff,
    // Kohen/Cohen) or one slip in a long name (Tunberg/Thunberg).
    let (la, lb) = (a.chars().count(), b.chars().count());
    let same_key = la >= 5 && variants::key(&weak.text) == variants::key(&other.text);
    let slip = la >= 6 && lb >= 6 && strsim::damerau_levenshtein(&a, &b) == 1;
    !(same_key || slip)
}

/// Stylebook `names`: each preferred spelling and its variants are a group,
/// numbered after the compiled-in ones.
pub fn stylebook_groups(stylebook: &Stylebook) -> HashMap<String, usize> {
    let base = variants::known_group_count();
    let mut map = HashMap::new();
    for (n, (preferred, variants_of)) in stylebook.names.iter().enumerate() {
        // An entry that touches a known group joins it (the stylebook
        // choosing "Zelenskiy" still groups it with Zelenskyy).
        let spellings = || std::iter::once(preferred).chain(variants_of);
        let g = spellings()
            .find_map(|s| variants::known_group(s))
            .unwrap_or(base + n);
        for s in spellings() {
            map.insert(variants::fold(s), g);
        }
    }
    map
}

/// Union-find over indices: the root of `i`'s set (paths halved).
pub(crate) fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Union-find: join the sets of `a` and `b` under the smaller root.
pub(crate) fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;

    fn people(text: &str) -> People<'_> {
        analyse(&Draft::parse(text, DraftKind::Plain), &Stylebook::default())
    }

    fn inconsistent(p: &People) -> Vec<Vec<String>> {
        p.groups
            .iter()
            .filter(|g| g.is_inconsistent())
            .map(|g| g.spellings.iter().map(|s| s.text.to_string()).collect())
            .collect()
    }

    /// The direct comparison of persons' spellings with their possible
    /// slips makes the sets that filing every slip key in buckets made.
    #[test]
    fn slips_join_as_the_bucket_oracle_does() {
        let spellings: &[(&str, &[&str], bool)] = &[
            ("Pelosi", &["nancy"], false),
            ("Pelosy", &[], false),
            ("Peloси", &[], false),
            ("Merz", &["friedrich"], false),
            ("Mertz", &["friedrich"], false),
            ("Thunberg", &["greta"], false),
            ("Tunberg", &[], true),
            ("Zelenskyy", &["volodymyr"], false),
            ("Zelensky", &[], false),
            ("Zelenskiy", &[], true),
            ("Kiev", &[], false),
            ("Kyiv", &[], false),
            ("Clinton", &["bill"], false),
            ("Clintons", &[], false),
            ("Klinton", &["hillary"], false),
            ("Soleimani", &["qassem"], false),
            ("Sulaymani", &[], false),
            ("Suleimani", &["qasem"], false),
            ("Erdoğan", &["recep"], false),
            ("Erdogan", &[], false),
            ("Erdogn", &[], false),
            ("Trump", &["donald"], false),
            ("Tramp", &[], false),
            ("Trumpp", &[], false),
            ("Washington", &[], false),
            ("Washingtn", &[], false),
            ("Зеленский", &["владимир"], false),
            ("Зеленськии", &[], false),
            ("Зеленсский", &[], false),
            ("Путин", &["владимир"], false),
            ("Путен", &[], false),
            ("Carson", &["ben"], false),
            ("Carlson", &["tucker"], false),
            ("Karson", &[], false),
        ];
        for shift in 0..spellings.len() {
            let mut folds = String::new();
            let units: Vec<Unit> = spellings
                .iter()
                .cycle()
                .skip(shift)
                .take(spellings.len() - shift % 5)
                .map(|&(text, firsts, weak_only)| {
                    let start = folds.len();
                    variants::fold_into(text, &mut folds);
                    Unit {
                        text,
                        fold: start..folds.len(),
                        facts: SpellingFacts {
                            text: text.to_string(),
                            group: variants::known_group(text),
                            firsts: firsts.iter().map(|f| f.to_string()).collect(),
                            weak_only,
                        },
                        mentions: Vec::new(),
                        mentions_count: 0,
                    }
                })
                .collect();
            let parent = join_units(&units, &folds);
            assert_eq!(
                parent,
                join_oracle::join_units_by_buckets(&units, &folds),
                "{shift}"
            );
            let joined = parent.iter().enumerate().filter(|(i, p)| i != *p).count();
            assert!(joined >= 5, "{shift}: {joined}");
        }
    }

    #[test]
    fn full_name_and_later_surname_are_one_person() {
        let p = people(
            "President Volodymyr Zelenskyy spoke on Monday. Later, Zelenskyy’s aides met.\n",
        );
        assert_eq!(p.persons.len(), 1);
        assert_eq!(p.persons[0].surname, "Zelenskyy");
        assert_eq!(p.persons[0].first_name, Some("Volodymyr"));
        assert_eq!(p.persons[0].mentions.len(), 2);
        let second = &p.mentions[p.persons[0].mentions[1]];
        assert_eq!(second.text, "Zelenskyy");
    }

    #[test]
    fn person_at_finds_the_mention() {
        let text = "Officials met Nancy Pelosi in the morning, and Pelosi said no.\n";
        let p = people(text);
        let at = text.rfind("Pelosi").unwrap() + 2;
        let (person, mention) = p.person_at(at).unwrap();
        assert_eq!(person.full_name, "Nancy Pelosi");
        assert_eq!(mention.surname, "Pelosi");
    }

    #[test]
    fn three_spellings_are_one_group() {
        let p = people(
            "Volodymyr Zelenskyy arrived on Monday. Aides to Zelenskiy said the talks would go on. \
             A spokesman for Zelensky declined to comment.\n",
        );
        assert_eq!(
            inconsistent(&p),
            vec![vec!["Zelenskyy", "Zelenskiy", "Zelensky"]]
        );
    }

    #[test]
    fn two_clintons_are_two_people() {
        let p = people("Bill Clinton spoke first. Then Hillary Clinton spoke, and Clinton left.\n");
        assert_eq!(p.persons.len(), 2);
        assert!(inconsistent(&p).is_empty());
        let last = p.mentions.last().unwrap();
        assert_eq!(p.persons[last.person.unwrap()].first_name, Some("Hillary"));
    }

    #[test]
    fn injected_typo_of_a_surname_is_grouped() {
        let p = people("Nancy Pelosi spoke on Monday. The bill, which Pelosy backed, passed.\n");
        assert_eq!(inconsistent(&p), vec![vec!["Pelosi", "Pelosy"]]);
    }
}
