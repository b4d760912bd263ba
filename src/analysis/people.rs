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

use crate::draft::Draft;
use crate::finding::Span;
use crate::stylebook::Stylebook;
use mentions::Run;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use variants::Likeness;

/// One place a name is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The name as written, possessive excluded ("Volodymyr Zelenskyy").
    pub span: Span,
    /// The surname (or the whole name of a place or organisation) within it.
    pub surname_span: Span,
    /// The text of `span`.
    pub text: String,
    /// The text of `surname_span`: the spelling compared with others.
    pub surname: String,
    /// Word indices (into `draft.words`) of the name.
    pub words: Range<usize>,
    /// Word indices of the whole capitalised run, with titles cut off the
    /// front ("President" in "President Donald Trump").
    pub run: Range<usize>,
    /// The first name, when this mention has one.
    pub first_name: Option<String>,
    /// The person this mention names, an index into [`People::persons`].
    pub person: Option<usize>,
    /// Opens its sentence, or sits in a heading: its capital proves nothing.
    pub weak: bool,
    /// A title or honorific came right before it.
    pub titled: bool,
}

/// A person named in the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The first full mention as written ("Volodymyr Zelenskyy"), or the
    /// surname when the person never gets a full mention.
    pub full_name: String,
    pub first_name: Option<String>,
    /// The surname as first written (particles included: "von der Leyen").
    pub surname: String,
    /// Indices into [`People::mentions`], in text order.
    pub mentions: Vec<usize>,
    /// The spelling group of the surname, an index into [`People::groups`].
    pub group: Option<usize>,
}

/// Spellings that are one name, each with the mentions that use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpellingGroup {
    /// Distinct spellings (case-insensitively distinct), in order of first use.
    pub spellings: Vec<Spelling>,
    /// True when some spelling belongs to a person (not a place or an
    /// organisation).
    pub person: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling {
    pub text: String,
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

impl SpellingGroup {
    /// True when the group has two or more spellings.
    pub fn is_inconsistent(&self) -> bool {
        self.spellings.len() > 1
    }
}

/// The people of a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct People {
    /// Every name mention, in text order.
    pub mentions: Vec<Mention>,
    pub persons: Vec<Person>,
    /// Every name with its spellings; groups with one spelling included.
    pub groups: Vec<SpellingGroup>,
}

impl People {
    /// The mention whose name covers `offset`.
    pub fn mention_at(&self, offset: usize) -> Option<&Mention> {
        let i = self.mentions.partition_point(|m| m.span.end <= offset);
        self.mentions.get(i).filter(|m| m.span.start <= offset)
    }

    /// The person and mention at `offset`, if the name there is a person's.
    pub fn person_at(&self, offset: usize) -> Option<(&Person, &Mention)> {
        let m = self.mention_at(offset)?;
        Some((self.persons.get(m.person?)?, m))
    }

    /// The mention whose name is exactly at `span` or contains it.
    pub fn mention_covering(&self, span: &Span) -> Option<&Mention> {
        self.mention_at(span.start)
            .filter(|m| m.span.end >= span.end)
    }

    /// The spelling group a mention's surname belongs to.
    pub fn group_of(&self, mention: usize) -> Option<&SpellingGroup> {
        self.groups
            .iter()
            .find(|g| g.spellings.iter().any(|s| s.mentions.contains(&mention)))
    }
}

/// Find the people of a draft. `stylebook.names` adds variant groups.
pub fn analyse(draft: &Draft, stylebook: &Stylebook) -> People {
    let runs = mentions::runs(draft);
    let lower_words = lower_case_words(draft);
    let mut people = People::default();
    let mut surnames: HashMap<String, usize> = HashMap::new();
    // Pass 1: full names with evidence make persons.
    let mut pending = Vec::new();
    for run in &runs {
        match person_name(run) {
            Some((first, surname_from)) => {
                let m = mention(draft, run, surname_from, Some(first));
                let index = people.mentions.len();
                let person = find_or_add_person(&mut people.persons, &m);
                people.persons[person].mentions.push(index);
                surnames.insert(m.surname.to_lowercase(), person);
                let mut m = m;
                m.person = Some(person);
                people.mentions.push(m);
            }
            None => pending.push(run),
        }
    }
    // Pass 2: other runs, linked by surname when they are one.
    for run in pending {
        for run in heading_words(draft, run) {
            if let Some(m) = other_mention(draft, &run, &surnames, &lower_words) {
                people.mentions.push(m);
            }
        }
    }
    people.mentions.sort_by_key(|m| m.span.start);
    relink(&mut people);
    people.groups = group_spellings(&mut people, stylebook);
    people
}

/// A heading capitalises every word, so a run there is not one name: each
/// word stands alone (weak evidence), unless the whole run is a known name.
fn heading_words(draft: &Draft, run: &Run) -> Vec<Run> {
    let whole = draft.slice(&(run.tokens[0].span.start..run.tokens[run.tokens.len() - 1].span.end));
    if !run.heading || run.tokens.len() < 2 || variants::known_group(whole).is_some() {
        return vec![run.clone()];
    }
    run.tokens
        .iter()
        .filter(|t| !t.particle)
        .map(|t| Run {
            tokens: vec![t.clone()],
            words: t.word..t.word + 1,
            ..run.clone()
        })
        .collect()
}

/// A run that names a person, with evidence: the first name and where the
/// surname starts. "Donald J. Trump" → ("Donald", 2).
fn person_name(run: &Run) -> Option<(String, usize)> {
    let tokens = &run.tokens;
    if tokens.len() < 2 || run.heading {
        return None;
    }
    let whole = tokens
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if variants::known_group(&whole).is_some() {
        return None; // Al Qaeda is no person called Al.
    }
    let first = &tokens[0].text;
    let known = mentions::first_names().contains(first.to_lowercase().as_str());
    let evidence = known || ((run.titled || run.cue_after) && tokens.len() <= 4);
    if !evidence || !name_like(first) {
        return None;
    }
    let surname_from = surname_start(tokens);
    (surname_from > 0).then(|| (first.clone(), surname_from))
}

/// Where the surname begins: the last capitalised word, with the particles
/// before it ("von der Leyen", "bin Salman").
fn surname_start(tokens: &[mentions::Token]) -> usize {
    let mut at = tokens.len() - 1;
    while at > 1 && tokens[at - 1].particle {
        at -= 1;
    }
    at
}

fn name_like(text: &str) -> bool {
    !mentions::stopwords().contains(text.to_lowercase().as_str())
}

fn mention(draft: &Draft, run: &Run, surname_from: usize, first: Option<String>) -> Mention {
    let tokens = &run.tokens;
    let span = tokens[0].span.start..tokens[tokens.len() - 1].span.end;
    let surname_span = tokens[surname_from].span.start..span.end;
    Mention {
        text: draft.slice(&span).to_string(),
        surname: draft.slice(&surname_span).to_string(),
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

fn find_or_add_person(persons: &mut Vec<Person>, m: &Mention) -> usize {
    let first = m.first_name.as_deref().map(str::to_lowercase);
    let surname = m.surname.to_lowercase();
    if let Some(i) = persons.iter().position(|p| {
        p.surname.to_lowercase() == surname
            && p.first_name.as_deref().map(str::to_lowercase) == first
    }) {
        return i;
    }
    persons.push(Person {
        full_name: m.text.clone(),
        first_name: m.first_name.clone(),
        surname: m.surname.clone(),
        mentions: Vec::new(),
        group: None,
    });
    persons.len() - 1
}

/// A run that is not a full name with evidence: a surname-only mention of
/// a known person, or a single name-like word (a place, an organisation, a
/// person never introduced) kept so spellings can be compared.
fn other_mention(
    draft: &Draft,
    run: &Run,
    surnames: &HashMap<String, usize>,
    lower_words: &HashSet<String>,
) -> Option<Mention> {
    let tokens = &run.tokens;
    // The whole run may be a known group (Al Qaeda) or a known surname with
    // particles ("von der Leyen").
    let whole = draft.slice(&(tokens[0].span.start..tokens[tokens.len() - 1].span.end));
    if let Some(&person) = surnames.get(&whole.to_lowercase()) {
        let mut m = mention(draft, run, 0, None);
        m.person = Some(person);
        return Some(m);
    }
    if tokens.len() > 1 && run.sentence_initial && variants::known_group(whole).is_none() {
        // "Later Pelosy left": the opener is capitalised for the sentence.
        let opener = tokens[0].text.to_lowercase();
        if !mentions::first_names().contains(opener.as_str()) {
            let mut rest = run.clone();
            rest.tokens.remove(0);
            rest.sentence_initial = false;
            return other_mention(draft, &rest, surnames, lower_words);
        }
    }
    if tokens.len() > 1 && variants::known_group(whole).is_none() {
        // A longer run with no evidence: a mention if its last word is a
        // known surname ("Mr Zelenskyy" was cut to one word already).
        let last = surname_start(tokens);
        let surname = draft.slice(&(tokens[last].span.start..tokens[tokens.len() - 1].span.end));
        if let Some(&person) = surnames.get(&surname.to_lowercase()) {
            let mut m = mention(draft, run, last, None);
            m.person = Some(person);
            return Some(m);
        }
        // "Maurizio Cattelan": two or three name-like words are probably a
        // name with a first name we do not know. Kept with that first word
        // (so two such names with different first words stay apart), but
        // not called a person.
        let name_like = tokens
            .iter()
            .all(|t| !lower_words.contains(&t.text.to_lowercase()));
        if run.heading || tokens.len() > 3 || !name_like {
            return None;
        }
        return Some(mention(draft, run, last, Some(tokens[0].text.clone())));
    }
    let lower = whole.to_lowercase();
    let word_like = mentions::stopwords().contains(lower.as_str()) || lower_words.contains(&lower);
    if word_like || !whole.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(mention(draft, run, 0, None))
}

/// Lower-case words of the draft: a capitalised word that also appears in
/// lower case is a common word, not a name.
fn lower_case_words(draft: &Draft) -> HashSet<String> {
    draft
        .words
        .iter()
        .map(|w| draft.word_text(w))
        .filter(|t| t.chars().next().is_some_and(char::is_lowercase))
        .map(str::to_string)
        .collect()
}

/// Surname-only mentions that come before the full name are linked too,
/// and each person's mention list is rebuilt in text order.
fn relink(people: &mut People) {
    let by_surname: HashMap<String, usize> = people
        .persons
        .iter()
        .enumerate()
        .map(|(i, p)| (p.surname.to_lowercase(), i))
        .collect();
    // The most recent person with a surname wins ("Bill Clinton … Hillary
    // Clinton … Clinton said" is Hillary).
    let mut recent: HashMap<String, usize> = HashMap::new();
    for p in &mut people.persons {
        p.mentions.clear();
    }
    for (i, m) in people.mentions.iter_mut().enumerate() {
        let key = m.surname.to_lowercase();
        if m.first_name.is_some() {
            if let Some(p) = m.person {
                recent.insert(key, p);
            }
        } else if m.person.is_some() || by_surname.contains_key(&key) {
            m.person = recent.get(&key).or_else(|| by_surname.get(&key)).copied();
        }
        if let Some(p) = m.person {
            if let Some(person) = people.persons.get_mut(p) {
                person.mentions.push(i);
            }
        }
    }
}

/// One distinct spelling while grouping.
struct Unit {
    facts: SpellingFacts,
    mentions: Vec<usize>,
}

/// Gather spellings into groups of one name.
fn group_spellings(people: &mut People, stylebook: &Stylebook) -> Vec<SpellingGroup> {
    let mut units = units(people);
    let book = stylebook_groups(stylebook);
    for u in &mut units {
        if let Some(&g) = book.get(&variants::fold(&u.facts.text)) {
            u.facts.group = Some(g);
        }
    }
    let mut parent: Vec<usize> = (0..units.len()).collect();
    // Candidates meet in buckets (similarity keys, a known
    // group), never as all pairs.
    let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        if let Some(g) = u.facts.group {
            buckets.entry(format!("g{g}")).or_default().push(i);
        }
        for b in u.facts.similarity_keys() {
            buckets.entry(b).or_default().push(i);
        }
    }
    for members in buckets.values() {
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                if one_name(&units[a].facts, &units[b].facts) {
                    union(&mut parent, a, b);
                }
            }
        }
    }
    let mut groups: Vec<SpellingGroup> = Vec::new();
    let mut index_of_root: HashMap<usize, usize> = HashMap::new();
    for (i, u) in units.into_iter().enumerate() {
        let root = find(&mut parent, i);
        let g = *index_of_root.entry(root).or_insert_with(|| {
            groups.push(SpellingGroup {
                spellings: Vec::new(),
                person: false,
            });
            groups.len() - 1
        });
        groups[g].person |= !u.facts.firsts.is_empty()
            || u.mentions
                .iter()
                .any(|&m| people.mentions[m].person.is_some());
        groups[g].spellings.push(Spelling {
            text: u.facts.text.clone(),
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

/// Distinct spellings (case-insensitive) of the surnames and names.
fn units(people: &People) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut by_text: HashMap<String, usize> = HashMap::new();
    for (i, m) in people.mentions.iter().enumerate() {
        // One spelling whatever the apostrophe (O’Brien, O'Brien).
        let lower = m.surname.to_lowercase().replace('’', "'");
        let u = *by_text.entry(lower).or_insert_with(|| {
            units.push(Unit {
                facts: SpellingFacts {
                    text: m.surname.clone(),
                    group: variants::known_group(&m.surname),
                    firsts: BTreeSet::new(),
                    weak_only: true,
                },
                mentions: Vec::new(),
            });
            units.len() - 1
        });
        let unit = &mut units[u];
        // A spelling first seen at a sentence start ("Von der Leyen") takes
        // its casing from a mid-sentence use when there is one.
        if unit.facts.weak_only && !m.weak {
            unit.facts.text = m.surname.clone();
        }
        unit.facts.weak_only &= m.weak;
        if let Some(f) = &m.first_name {
            unit.facts.firsts.insert(f.to_lowercase());
        }
        unit.mentions.push(i);
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

    fn people(text: &str) -> People {
        analyse(&Draft::parse(text, DraftKind::Plain), &Stylebook::default())
    }

    fn inconsistent(p: &People) -> Vec<Vec<String>> {
        p.groups
            .iter()
            .filter(|g| g.is_inconsistent())
            .map(|g| g.spellings.iter().map(|s| s.text.clone()).collect())
            .collect()
    }

    #[test]
    fn full_name_and_later_surname_are_one_person() {
        let p = people(
            "President Volodymyr Zelenskyy spoke on Monday. Later, Zelenskyy’s aides met.\n",
        );
        assert_eq!(p.persons.len(), 1);
        assert_eq!(p.persons[0].surname, "Zelenskyy");
        assert_eq!(p.persons[0].first_name.as_deref(), Some("Volodymyr"));
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
        assert_eq!(
            p.persons[last.person.unwrap()].first_name.as_deref(),
            Some("Hillary")
        );
    }

    #[test]
    fn injected_typo_of_a_surname_is_grouped() {
        let p = people("Nancy Pelosi spoke on Monday. The bill, which Pelosy backed, passed.\n");
        assert_eq!(inconsistent(&p), vec![vec!["Pelosi", "Pelosy"]]);
    }
}
