//! Titles: the roles a draft gives its people.
//!
//! A title is a head role ("President", "spokesperson", "Sen.") with the
//! modifiers in front of it ("former", "Russian", "Kremlin", "Ukraine’s"),
//! bound to the name run next to it: before the name ("German Chancellor
//! Friedrich Merz"), or in an appositive after it ("Carl Bildt, the former
//! Swedish prime minister,"). A title with no name beside it stands alone
//! ("the president said"); it is kept for the case rule but bound to no one.
//!
//! Titles are facts; `title.mismatch`, `title.stylebook` and `title.case`
//! judge them.

pub mod lexicon;

use crate::analysis::people::People;
use crate::draft::{BlockKind, Draft, Sentence};
use crate::finding::Span;
use lexicon::{Kind, Lexicon, ModifierClass};
use rustc_hash::FxHashMap;

/// Where a title stands relative to the name it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Directly before the name: "Russian President Vladimir Putin".
    BeforeName,
    /// Set off by commas after the name: "Bildt, the former prime minister,".
    AfterName,
    /// No name beside it: "the president said".
    Alone,
}

/// When the role is held, as the modifiers say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Current,
    /// "former", "then-", "late": the person held the role once.
    Past,
    /// "incoming", "-elect": the person will hold it.
    Future,
}

/// What follows the head role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// A name run (see [`Title::name`]).
    Name,
    /// Punctuation or the end of the sentence.
    Punctuation,
    /// "of" or "for" ("the president of France").
    Of,
    /// A capitalised word that is not a name ("Prime Minister’s Office").
    Capital,
    /// Any other lower-case word.
    Lower,
}

/// A modifier of a title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modifier {
    pub span: Span,
    /// `None` for nationalities, organisations, possessives.
    pub class: Option<ModifierClass>,
    /// The modifier is the first word of its sentence.
    pub sentence_start: bool,
}

/// One title in a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// Modifiers and head.
    pub span: Span,
    /// The head role as written ("President", "prime minister", "Sen.").
    pub head: Span,
    /// Index into [`Lexicon::roles`].
    pub role: usize,
    /// Index into [`Lexicon::forms`].
    pub form: usize,
    pub modifiers: Vec<Modifier>,
    pub tense: Tense,
    /// A rank modifier ("deputy", "assistant") qualifies the role.
    pub rank: bool,
    pub placement: Placement,
    pub next: Next,
    /// The head is the first word of its sentence (or of a quote, or
    /// follows a colon): its capital is not a title's capital.
    pub sentence_start: bool,
    /// The title phrase follows "the", "a", "his" …
    pub determiner: bool,
    /// The phrase reads as a description rather than a title: it follows a
    /// determiner, perhaps across an adjective ("the exiting governor
    /// Rosselló"), or is joined to another title by "and"/"or" ("former
    /// archbishop and cardinal Theodore McCarrick").
    pub descriptive: bool,
    /// In a heading, or in a sentence set in headline capitals.
    pub headline: bool,
    /// The adjacent name run (possessive stripped), if bound.
    pub name: Option<Span>,
    /// Index into [`Titles::persons`].
    pub person: Option<usize>,
}

impl Title {
    pub fn kind(&self) -> Kind {
        Lexicon::get().forms[self.form].kind
    }

    pub fn role_name(&self) -> &'static str {
        &Lexicon::get().roles[self.role].name
    }

    pub fn family(&self) -> Option<&'static str> {
        Lexicon::get().roles[self.role].family.as_deref()
    }
}

/// A person as far as titles need one: a full name and a surname.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitledPerson {
    /// The person of the people analysis (an index into
    /// [`People::persons`]), when it knows them.
    pub person: Option<usize>,
    /// The fullest name seen ("Vladimir Putin"); just the surname when only
    /// that was seen.
    pub full: String,
    pub surname: String,
    /// Indices into [`Titles::titles`], in text order.
    pub titles: Vec<usize>,
}

/// Every title of a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Titles {
    pub titles: Vec<Title>,
    pub persons: Vec<TitledPerson>,
}

impl Titles {
    /// The distinct titles given to a person, as written with their
    /// modifiers ("Kremlin spokesperson"), in text order.
    pub fn titles_of(&self, draft: &Draft, person: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let Some(p) = self.persons.get(person) else {
            return out;
        };
        for &t in &p.titles {
            let text = draft
                .slice(&self.titles[t].span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !out.contains(&text) {
                out.push(text);
            }
        }
        out
    }

    /// The distinct titles given to a person of the people analysis (an
    /// index into `People::persons`), for `copydesk names` and hover.
    pub fn titles_of_person(&self, draft: &Draft, person: usize) -> Vec<String> {
        match self.persons.iter().position(|p| p.person == Some(person)) {
            Some(i) => self.titles_of(draft, i),
            None => Vec::new(),
        }
    }

    /// The person whose full name or surname is `name`, if exactly one.
    pub fn person_named(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.persons.iter().position(|p| p.full == name) {
            return Some(i);
        }
        let mut found = self
            .persons
            .iter()
            .enumerate()
            .filter(|(_, p)| p.surname == name);
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }
}

/// Find every title of a draft and bind it to a person.
pub fn scan(draft: &Draft, people: &People) -> Titles {
    bind_to(draft, people, find(draft))
}

/// The titles of a draft, found without the people analysis: each title's
/// `person` is still unset. A long draft finds them while the people are
/// analysed on another thread (see [`crate::analysis::Analysis::new`]).
pub fn find<'t>(draft: &Draft<'t>) -> Unbound<'t> {
    find_titles(draft).with_first_names(draft)
}

/// [`find`] without the first names seen before surnames: a long draft
/// looks for those on whichever thread is free first (see
/// [`Unbound::with_first_names`]).
pub fn find_titles<'t>(draft: &Draft<'t>) -> Unbound<'t> {
    let lex = Lexicon::get();
    // Room for a title every 16 words (news copy has fewer): the vector of
    // large titles is seldom regrown and copied.
    let mut titles = Vec::with_capacity(draft.words.len() / 16 + 4);
    let mut toks: Vec<Span> = Vec::with_capacity(64);
    // Token indices that pass the filter of `may_head_token`.
    let mut heads: Vec<usize> = Vec::with_capacity(16);
    // The words that may begin a head, in one pass over the draft's words
    // rather than one per sentence: most sentences have none, and are
    // never looked at.
    let cands = head_words(lex, draft);
    let (in_word, hyphenated) = hyphenated_sentences(lex, draft);
    let (mut c, mut h) = (0, 0);
    loop {
        // The next sentence with a candidate word or a hyphen inside a
        // word, in text order.
        let by_word = cands
            .get(c)
            .and_then(|&k| draft.words.get(k))
            .map(|w| w.sentence);
        let by_hyphen = hyphenated.get(h).map(|hs| hs.sentence);
        let si = match (by_word, by_hyphen) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => break,
        };
        let first_cand = c;
        while cands
            .get(c)
            .and_then(|&k| draft.words.get(k))
            .is_some_and(|w| w.sentence == si)
        {
            c += 1;
        }
        let (hyphen, beside) = match hyphenated.get(h) {
            Some(hs) if hs.sentence == si => {
                h += 1;
                (Some(hs.hyphens.clone()), hs.beside)
            }
            _ => (None, false),
        };
        let Some(sentence) = draft.sentences.get(si) else {
            continue;
        };
        let words = draft.words.get(sentence.words.clone()).unwrap_or(&[]);
        let found = titles.len();
        toks.clear();
        heads.clear();
        if let Some(hyphens) = hyphen {
            // A sentence with a hyphen may hide a title word inside a word
            // ("then-President"): it is tokenized only if a word or a part
            // beside a hyphen passes the cheap filter.
            if c == first_cand && !beside {
                continue;
            }
            let tokens = Tokens {
                first: sentence.words.start,
                hyphens: in_word.get(hyphens).unwrap_or(&[]),
                cands: cands.get(first_cand..c).unwrap_or(&[]),
            };
            tokens.split(draft, lex, words, &mut toks, &mut heads);
        } else {
            // Tokens are the words: only those that pass the filter (a
            // few in a hundred) are asked.
            let first = sentence.words.start;
            heads.extend(
                cands[first_cand..c]
                    .iter()
                    .filter(|&&k| sentence.words.contains(&k))
                    .map(|&k| k - first),
            );
            toks.extend(words.iter().map(|w| w.span.clone()));
        }
        SentenceScan::new(draft, lex, &toks).scan_heads(&heads, &mut titles);
        mark_headline(draft, sentence, &toks, &mut titles[found..]);
    }
    Unbound {
        titles,
        firsts: None,
    }
}

/// Mark the titles found in `sentence` (with its tokens `toks`) as in a
/// headline when the sentence is a heading or set in headline case: their
/// capitals say nothing of the house style.
fn mark_headline(draft: &Draft, sentence: &Sentence, toks: &[Span], titles: &mut [Title]) {
    if titles.is_empty() {
        return;
    }
    let heading = draft
        .paragraphs
        .get(sentence.paragraph)
        .is_some_and(|p| p.kind == BlockKind::Heading);
    let headline = heading || crate::draft::is_headline_case(toks.iter().map(|t| draft.slice(t)));
    for t in titles {
        t.headline = headline;
    }
}

/// The indices of the draft's words that pass [`may_head_word`], in text
/// order. Every word of the draft is asked, so a table of (first byte, last
/// byte) → lengths rules out nearly all of them for a load and a bit test
/// (possessives, "’s" and "'s", included: the table holds their lengths);
/// the few words that pass are asked again exactly.
#[inline(never)]
fn head_words(lex: &Lexicon, draft: &Draft) -> Vec<usize> {
    let lower = draft.lower.as_bytes();
    let mut out = shaped_words(lex, lower, &draft.words);
    out.retain(|&k| {
        draft
            .words
            .get(k)
            .is_some_and(|w| may_head_word(lex, lower, &w.span))
    });
    out
}

/// The indices of the `words` whose shape the table passes, in order: one
/// loop over every word of the draft, its few values in registers, with
/// the exact test left for after.
fn shaped_words(lex: &Lexicon, lower: &[u8], words: &[crate::draft::Word]) -> Vec<usize> {
    // Room for one word in eight (news copy: about one in twelve passes).
    let mut out = Vec::with_capacity(words.len() / 8 + 4);
    for (k, w) in words.iter().enumerate() {
        let (start, end) = (w.span.start, w.span.end);
        // An empty span reads a byte outside the word, which the exact
        // test rejects.
        let (Some(&first), Some(&last)) = (lower.get(start), lower.get(end.wrapping_sub(1))) else {
            continue;
        };
        if lex.may_head(first, last, end.wrapping_sub(start)) {
            out.push(k);
        }
    }
    out
}

/// A sentence with a hyphen inside a word.
struct Hyphenated {
    sentence: usize,
    /// Its hyphens inside words (a range of the hyphens
    /// [`hyphenated_sentences`] returns).
    hyphens: std::ops::Range<usize>,
    /// A part beside one of them may begin a form ([`may_head_parts`]).
    beside: bool,
}

/// Every hyphen inside a word of the draft, in text order, and the
/// sentences that have one (in text order, each once). A dash between
/// words ("talks - and votes") splits no word and counts for nothing.
fn hyphenated_sentences(lex: &Lexicon, draft: &Draft) -> (Vec<usize>, Vec<Hyphenated>) {
    let lower = draft.lower.as_bytes();
    let words = &draft.words;
    let mut hyphens = Vec::new();
    let mut out: Vec<Hyphenated> = Vec::new();
    // Hyphens come in text order, and so do words: the search for the
    // word holding one starts at the word of the one before.
    let mut from = 0;
    for at in memchr::memchr_iter(b'-', lower) {
        from += words
            .get(from..)
            .unwrap_or(&[])
            .partition_point(|w| w.span.end <= at);
        let Some(w) = words.get(from).filter(|w| w.span.start <= at) else {
            continue;
        };
        let beside = may_head_parts(lex, lower, &w.span, at);
        hyphens.push(at);
        match out.last_mut() {
            Some(hs) if hs.sentence == w.sentence => {
                hs.beside |= beside;
                hs.hyphens.end = hyphens.len();
            }
            _ => out.push(Hyphenated {
                sentence: w.sentence,
                hyphens: hyphens.len() - 1..hyphens.len(),
                beside,
            }),
        }
    }
    (hyphens, out)
}

/// Whether the part before or after the hyphen at byte `h` of the word at
/// `span` may begin a form (tokens of a hyphenated word end or start at one
/// of its hyphens).
fn may_head_parts(lex: &Lexicon, lower: &[u8], span: &Span, h: usize) -> bool {
    let (Some(before), Some(after)) = (lower.get(span.start..h), lower.get(h + 1..span.end)) else {
        return false;
    };
    may_head_token(lex, before) || may_head_token(lex, after)
}

/// Titles found by [`find`], not yet bound to the people of the draft,
/// with the first names seen before their surnames (which need the titles
/// but not the people, so a long draft finds them on the titles' thread).
#[derive(Debug, Clone, Default)]
pub struct Unbound<'t> {
    titles: Vec<Title>,
    /// `None` until [`Unbound::with_first_names`] (else binding finds them).
    firsts: Option<FxHashMap<&'t str, FirstNames<'t>>>,
}

impl<'t> Unbound<'t> {
    /// The titles with the first names seen before their surnames.
    pub fn with_first_names(self, draft: &Draft<'t>) -> Unbound<'t> {
        let firsts = first_names_by_surname(draft, &self.titles);
        Unbound {
            titles: self.titles,
            firsts: Some(firsts),
        }
    }
}

/// Bind the titles [`find`] found to the persons of the people analysis.
pub fn bind_to<'t>(draft: &Draft<'t>, people: &People, found: Unbound<'t>) -> Titles {
    let Unbound { mut titles, firsts } = found;
    let firsts = firsts.unwrap_or_else(|| first_names_by_surname(draft, &titles));
    let persons = bind(draft, people, &mut titles, &firsts);
    Titles { titles, persons }
}

/// [`may_head_token`] for the word at `span` of the draft's lower case
/// `lower`: every word of the draft is asked, so the common case reads two
/// bytes and one table entry without slicing.
#[inline(always)]
fn may_head_word(lex: &Lexicon, lower: &[u8], span: &Span) -> bool {
    let (start, end) = (span.start, span.end);
    if end <= start {
        return false;
    }
    let (Some(&first), Some(&last)) = (lower.get(start), lower.get(end - 1)) else {
        return false;
    };
    if matches!(last, b'\'' | 0x99 | b's') {
        // Perhaps an apostrophe or a possessive to strip first.
        return may_head_token(lex, lower.get(start..end).unwrap_or(&[]));
    }
    // The inner letters are read only for the few words whose shape
    // passes.
    lex.may_start_shape(first, last, end - start)
        && lex.may_start_form(lower.get(start..end).unwrap_or(&[]))
}

/// The cheap filter for one token's lower case: trailing
/// apostrophes and a possessive go, as in `head_at`.
#[inline(always)]
fn may_head_token(lex: &Lexicon, lower: &[u8]) -> bool {
    match lower {
        // Most words end in neither an apostrophe (’ ends in 0x99) nor a
        // possessive.
        [.., b'\'' | 0x99] => {}
        [.., b'\'' | 0x99, b's'] => {}
        _ => return lex.may_start_form(lower),
    }
    let mut t = lower;
    loop {
        if let Some(rest) = t.strip_suffix(b"'") {
            t = rest;
        } else if let Some(rest) = t.strip_suffix("’".as_bytes()) {
            t = rest;
        } else {
            break;
        }
    }
    let t = t
        .strip_suffix("’s".as_bytes())
        .or_else(|| t.strip_suffix(b"'s"))
        .unwrap_or(t);
    lex.may_start_form(t)
}

/// Split the words of a sentence into tokens, separating hyphenated
/// modifiers from their role ("then-President" → "then", "President";
/// "President-elect" → "President", "elect"), into `toks`; and into
/// `heads` the tokens that pass [`may_head_token`]. `first`: the draft
/// index of `words[0]`; `hyphens`: the hyphens inside the words, in order;
/// `cands`: the words of the draft that pass [`may_head_word`] (a whole
/// word is a token that passes exactly when it is one of them).
struct Tokens<'a> {
    first: usize,
    hyphens: &'a [usize],
    cands: &'a [usize],
}

impl Tokens<'_> {
    fn split(
        &self,
        draft: &Draft,
        lex: &Lexicon,
        words: &[crate::draft::Word],
        toks: &mut Vec<Span>,
        heads: &mut Vec<usize>,
    ) {
        let lower = draft.lower.as_bytes();
        let (mut h, mut c) = (0, 0);
        for (j, w) in words.iter().enumerate() {
            let k = self.first + j;
            while self.cands.get(c).is_some_and(|&x| x < k) {
                c += 1;
            }
            while self.hyphens.get(h).is_some_and(|&x| x < w.span.start) {
                h += 1;
            }
            // Only a word with a hyphen in it is read: the hyphens are
            // known.
            let inside = self.hyphens.get(h).is_some_and(|&x| x < w.span.end);
            let cut = if inside {
                split_at(lex, draft.lower_slice(&w.span))
            } else {
                None
            };
            match cut {
                Some(cut) => {
                    for part in [
                        w.span.start..w.span.start + cut,
                        w.span.start + cut + 1..w.span.end,
                    ] {
                        if may_head_token(lex, lower.get(part.clone()).unwrap_or(&[])) {
                            heads.push(toks.len());
                        }
                        toks.push(part);
                    }
                }
                None => {
                    if self.cands.get(c) == Some(&k) {
                        heads.push(toks.len());
                    }
                    toks.push(w.span.clone());
                }
            }
        }
    }
}

/// Where a word (its lower case) with a hyphen splits into a modifier and
/// a role: the offset of the hyphen, if it does.
fn split_at(lex: &Lexicon, lower: &str) -> Option<usize> {
    // The hyphen is ASCII, so both sides of it are whole characters.
    let bytes = lower.as_bytes();
    let h = bytes.iter().position(|&b| b == b'-')?;
    let (first, rest) = (&lower[..h], &lower[h + 1..]);
    if lex.modifier(first).is_some() && !rest.is_empty() {
        return Some(h);
    }
    let l = bytes.iter().rposition(|&b| b == b'-').unwrap_or(h);
    let (rest, last) = (&lower[..l], &lower[l + 1..]);
    if matches!(last, "elect" | "designate") && !rest.is_empty() {
        return Some(l);
    }
    None
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Lower-case key of a token whose text `text` starts at byte `start`,
/// without a possessive "’s" / "'s" (ASCII words only: every form and
/// modifier is ASCII). Read from the draft's lower-case view: no copy.
fn key_at<'d>(draft: &'d Draft, start: usize, text: &str) -> Option<Key<'d>> {
    let bytes = text.as_bytes();
    // "’s" is E2 80 99 73 in UTF-8.
    let (len, possessive) = match bytes {
        [.., 0xE2, 0x80, 0x99, b's'] => (bytes.len() - 4, true),
        [.., b'\'', b's'] => (bytes.len() - 2, true),
        _ => (bytes.len(), false),
    };
    if len == 0 || len > KEY_LEN {
        return None;
    }
    // The lower-case view keeps every character's length, so it is ASCII
    // exactly where the text is.
    let base = draft.lower.get(start..start + len)?;
    if !base.is_ascii() {
        return None;
    }
    Some(Key { base, possessive })
}

const KEY_LEN: usize = 24;

/// A lower-case ASCII word of at most [`KEY_LEN`] bytes.
struct Key<'d> {
    base: &'d str,
    possessive: bool,
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        self.base
    }
}

/// Whether `gap` is spaces, tabs and no-break spaces only (true when empty).
fn only_spaces(gap: &[u8]) -> bool {
    let mut rest = gap;
    loop {
        rest = match rest {
            [] => return true,
            [b' ' | b'\t', tail @ ..] => tail,
            // U+00A0 in UTF-8.
            [0xC2, 0xA0, tail @ ..] => tail,
            _ => return false,
        };
    }
}

/// `text` without its trailing apostrophes (as `trim_end_matches(['’',
/// '\''])` would, without its searcher).
fn trim_apostrophes(text: &str) -> &str {
    let mut t = text;
    while let Some(rest) = t.strip_suffix('’').or_else(|| t.strip_suffix('\'')) {
        t = rest;
    }
    t
}

/// `text` without any trailing "’s", then any trailing "'s" (as
/// `trim_end_matches` would, without its searcher).
fn trim_possessives(text: &str) -> &str {
    let mut t = text;
    while let Some(rest) = t.strip_suffix("’s") {
        t = rest;
    }
    while let Some(rest) = t.strip_suffix("'s") {
        t = rest;
    }
    t
}

/// A test for membership of a short list of words, written once: the
/// match decides, after a table of the words' shapes (first byte, length)
/// has ruled out most words for a load and a test.
macro_rules! word_list {
    ($(#[$doc:meta])* $name:ident, $shapes:ident, [$($word:literal),* $(,)?]) => {
        $(#[$doc])*
        fn $name(word: &str) -> bool {
            may_be_listed(&$shapes, word) && matches!(word, $($word)|*)
        }

        static $shapes: [u16; 32] = list_shapes(&[$($word),*]);
    };
}

/// The shapes of a short word list: first byte (its low five bits) → the
/// byte lengths seen, as bits. Every listed word is at most 15 bytes.
const fn list_shapes(words: &[&str]) -> [u16; 32] {
    let mut table = [0u16; 32];
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_bytes();
        assert!(!w.is_empty() && w.len() < 16);
        table[(w[0] & 31) as usize] |= 1 << w.len();
        i += 1;
    }
    table
}

/// Whether `word` has the shape of a word of the list whose shapes are
/// `table` (no false negatives).
#[inline(always)]
fn may_be_listed(table: &[u16; 32], word: &str) -> bool {
    let w = word.as_bytes();
    match w.first() {
        Some(&first) if w.len() < 16 => table[usize::from(first & 31)] & (1 << w.len()) != 0,
        _ => false,
    }
}

word_list!(
    is_determiner,
    DETERMINER_SHAPES,
    [
        "the", "a", "an", "his", "her", "their", "its", "our", "your", "my", "whose", "this",
        "that",
    ]
);

word_list!(
    /// Particles inside names ("Ursula von der Leyen").
    is_particle,
    PARTICLE_SHAPES,
    [
        "von", "van", "der", "den", "de", "da", "di", "du", "del", "della", "dos", "das", "bin",
        "ibn", "al", "el", "la", "le", "ter", "ten", "zu",
    ]
);

word_list!(
    /// Capitalised words that end a name run's claim to be a name: "General
    /// Motors", "Prime Minister’s Office", "President Trump Tower".
    is_not_name,
    NOT_NAME_SHAPES,
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "administration",
        "campaign",
        "foundation",
        "department",
        "ministry",
        "office",
        "committee",
        "party",
        "senate",
        "council",
        "commission",
        "assembly",
        "motors",
        "electric",
        "hospital",
        "university",
        "college",
        "school",
        "avenue",
        "road",
        "hotel",
        "airport",
        "island",
        "center",
        "centre",
        "institute",
        "museum",
        "award",
        "prize",
        "cup",
        "trophy",
        "act",
        "court",
        "palace",
        "building",
        "station",
        "club",
        "group",
        "company",
        "corporation",
        "inc",
        "ltd",
        "fund",
        "agency",
        "service",
        "forces",
        "army",
        "navy",
        "police",
        "government",
        "cabinet",
        "parliament",
        "congress",
        "republic",
        "kingdom",
        "tower",
        "library",
        "square",
        "county",
        "city",
        "state",
        "states",
        "dynamics",
        "cathedral",
        "mosque",
        "era",
        "years",
        "year",
        "doctrine",
        "plan",
        "league",
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
        "it",
        "it’s",
        "but",
        "and",
        "the",
    ]
);

word_list!(
    /// Sentence-initial words that begin a run without being names.
    is_function_word,
    FUNCTION_WORD_SHAPES,
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "but",
        "and",
        "or",
        "as",
        "when",
        "while",
        "if",
        "after",
        "before",
        "with",
        "for",
        "by",
        "from",
        "to",
        "of",
        "since",
        "during",
        "according",
        "meanwhile",
        "however",
        "also",
        "then",
        "that",
        "this",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "his",
        "her",
        "their",
        "our",
        "later",
        "earlier",
        "now",
        "today",
        "yesterday",
        "still",
        "so",
        "yet",
        "instead",
        "finally",
        "here",
        "there",
    ]
);

struct SentenceScan<'a, 'd, 't> {
    draft: &'a Draft<'t>,
    lex: &'static Lexicon,
    toks: &'d [Span],
}

impl<'a, 'd, 't> SentenceScan<'a, 'd, 't> {
    fn text(&self, i: usize) -> &str {
        self.draft.slice(&self.toks[i])
    }

    /// The lower case of token `i` (same length as its text).
    fn lower(&self, i: usize) -> &str {
        self.draft.lower_slice(&self.toks[i])
    }

    fn key(&self, i: usize) -> Option<Key<'_>> {
        key_at(self.draft, self.toks[i].start, self.text(i))
    }

    /// Tokens `i` and `i + 1` are separated by spaces (or the hyphen of a
    /// split word) only.
    fn joined(&self, i: usize) -> bool {
        let (Some(a), Some(b)) = (self.toks.get(i), self.toks.get(i + 1)) else {
            return false;
        };
        // Token spans lie on character boundaries, so the gap's bytes are
        // whole characters.
        let gap = self
            .draft
            .text
            .as_bytes()
            .get(a.end..b.start)
            .unwrap_or(&[]);
        // One space: nearly every gap.
        if gap == b" " || gap == b"-" {
            return true;
        }
        // Inside a sentence a period can only follow an abbreviation or an
        // initial ("Sen. Ted Cruz", "John F. Kennedy").
        let spaces = gap.strip_prefix(b".").unwrap_or(gap);
        !spaces.is_empty() && only_spaces(spaces)
    }

    fn followed_by_period(&self, i: usize) -> bool {
        self.draft.text.as_bytes().get(self.toks[i].end) == Some(&b'.')
    }

    fn new(draft: &'a Draft<'t>, lex: &'static Lexicon, toks: &'d [Span]) -> Self {
        SentenceScan { draft, lex, toks }
    }

    /// [`Self::scan`] when the tokens that may begin a head are known
    /// (`heads`, in order): the others would be skipped one by one.
    fn scan_heads(&self, heads: &[usize], out: &mut Vec<Title>) {
        let mut next = 0;
        for &i in heads {
            if i < next {
                continue;
            }
            if let Some((form, end, possessive)) = self.form_at(i) {
                if let Some(title) = self.title(i, end, form, possessive) {
                    out.push(title);
                }
                next = end;
            }
        }
    }

    /// The longest form starting at token `i`: (form, end token, possessive).
    #[inline(always)]
    fn head_at(&self, i: usize) -> Option<(usize, usize, bool)> {
        // The cheap filter first, inline: most tokens begin no form, and
        // every token of every sentence is asked.
        let lower = self.draft.lower.as_bytes().get(self.toks[i].clone());
        if !may_head_token(self.lex, lower.unwrap_or(&[])) {
            return None;
        }
        self.form_at(i)
    }

    /// [`Self::head_at`] past its filter (kept out of line so the filter
    /// inlines small).
    #[inline(never)]
    fn form_at(&self, i: usize) -> Option<(usize, usize, bool)> {
        let text = self.text(i);
        let trimmed = trim_apostrophes(text);
        let first = key_at(self.draft, self.toks[i].start, trimmed)?;
        let candidates = self.lex.forms_starting(first.as_str());
        // The key of the first token as the form loop reads it: the same
        // key unless apostrophes were trimmed (nearly never), so it is not
        // looked up again for every candidate.
        let first_key = if trimmed.len() == text.len() {
            Some((first.base, first.possessive))
        } else {
            self.key(i).map(|k| (k.base, k.possessive))
        };
        'forms: for &fi in candidates {
            let form = &self.lex.forms[fi];
            if i + form.words.len() > self.toks.len() {
                continue;
            }
            let mut possessive = false;
            for (k, fw) in form.words.iter().enumerate() {
                let t = i + k;
                if k > 0 && !self.joined(t - 1) {
                    continue 'forms;
                }
                let key = if k == 0 {
                    first_key
                } else {
                    self.key(t).map(|k| (k.base, k.possessive))
                };
                let Some((word, poss)) = key else {
                    continue 'forms;
                };
                let last = k + 1 == form.words.len();
                if poss && !last {
                    continue 'forms;
                }
                possessive = poss;
                match fw.strip_suffix('.') {
                    Some(abbr) => {
                        // Abbreviations are written capitalised, with their period.
                        if word != abbr
                            || poss
                            || !self.followed_by_period(t)
                            || !starts_upper(self.text(t))
                        {
                            continue 'forms;
                        }
                    }
                    None => {
                        if word != fw {
                            continue 'forms;
                        }
                    }
                }
            }
            return Some((fi, i + form.words.len(), possessive));
        }
        None
    }

    fn title(&self, start: usize, end: usize, form: usize, possessive: bool) -> Option<Title> {
        let (modifiers, first, determiner) = self.modifiers_before(start);
        let mut tense = Tense::Current;
        let mut rank = false;
        for m in &modifiers {
            match m.class {
                Some(ModifierClass::Past) => tense = Tense::Past,
                Some(ModifierClass::Future) if tense == Tense::Current => tense = Tense::Future,
                Some(ModifierClass::Rank) => rank = true,
                _ => {}
            }
        }
        let head = self.toks[start].start..self.toks[end - 1].end;
        let head = if possessive {
            head.start..strip_possessive(self.draft, head.clone())
        } else {
            head
        };
        // Abbreviations keep their period.
        let head = if self.lex.forms[form].is_abbreviation() {
            head.start..head.end + 1
        } else {
            head
        };
        // "President-elect": the suffix is a modifier too.
        let mut end = end;
        if end < self.toks.len()
            && self
                .draft
                .slice(&(self.toks[end - 1].end..self.toks[end].start))
                == "-"
        {
            if let Some(k) = self.key(end) {
                if matches!(k.as_str(), "elect" | "designate") {
                    tense = Tense::Future;
                    end += 1;
                }
            }
        }
        let (next, name) = if possessive {
            (Next::Capital, None)
        } else {
            self.after(end)
        };
        let mut placement = if name.is_some() {
            Placement::BeforeName
        } else {
            Placement::Alone
        };
        let mut name = name;
        if name.is_none()
            && !possessive
            && matches!(next, Next::Punctuation | Next::Of | Next::Lower)
        {
            if let Some(run) = self.appositive_name(first, determiner, end) {
                placement = Placement::AfterName;
                name = Some(run);
            }
        }
        let span_start = modifiers.first().map_or(head.start, |m| m.span.start);
        Some(Title {
            span: span_start..head.end,
            head,
            role: self.lex.forms[form].role,
            form,
            modifiers,
            tense,
            rank,
            placement,
            next,
            sentence_start: self.is_sentence_start(start),
            determiner,
            descriptive: determiner || self.descriptive_before(first),
            // Set by `scan` once the sentence is known to hold a title.
            headline: false,
            name,
            person: None,
        })
    }

    /// Whether token `i` begins its sentence, a quote, or a clause after a
    /// colon or dash, where a capital says nothing about titles.
    fn is_sentence_start(&self, i: usize) -> bool {
        if i == 0 {
            return true;
        }
        let before = self
            .draft
            .slice(&(self.toks[i - 1].end..self.toks[i].start));
        // One space: nearly every gap.
        before != " " && before.contains(['“', '"', '‘', ':', '—', '–', '(', '[', '\n'])
    }

    /// Walk back from the head over modifiers: (modifiers in text order,
    /// first token of the title phrase, preceded by a determiner).
    fn modifiers_before(&self, head: usize) -> (Vec<Modifier>, usize, bool) {
        let mut mods = Vec::new();
        let mut first = head;
        let mut determiner = false;
        while first > 0 && head - first < 5 && self.joined(first - 1) {
            let t = first - 1;
            let text = self.text(t);
            // A word that has no key (not ASCII, or long) is neither a
            // determiner nor a modifier: both lists are short ASCII words.
            let key = self.key(t);
            if key
                .as_ref()
                .is_some_and(|k| !k.possessive && is_determiner(k.as_str()))
            {
                determiner = true;
                break;
            }
            let class = key.and_then(|k| self.lex.modifier(k.as_str()));
            if class.is_none() && !starts_upper(text) {
                break;
            }
            // A name run ending here belongs to the sentence, not the title
            // ("Trump told President Macron"): stop at verbs, which are
            // lower-case, so only capitalised words and modifiers pass.
            mods.push(Modifier {
                span: self.toks[t].clone(),
                class,
                sentence_start: self.is_sentence_start(t),
            });
            first = t;
        }
        mods.reverse();
        (mods, first, determiner)
    }

    /// Whether the words before a title phrase starting at token `first`
    /// make it a description: "the exiting governor", "the now-former
    /// governor", "archbishop and cardinal".
    fn descriptive_before(&self, first: usize) -> bool {
        let mut t = first;
        for _ in 0..2 {
            if t == 0 || !self.joined(t - 1) {
                return false;
            }
            t -= 1;
            let word = self.lower(t);
            if is_determiner(word) || word == "and" || word == "or" {
                return true;
            }
            if starts_upper(self.text(t)) {
                return false;
            }
        }
        false
    }

    /// What follows the head ending before token `end`, and the name run if
    /// it is one.
    fn after(&self, end: usize) -> (Next, Option<Span>) {
        if end >= self.toks.len() || !self.joined(end - 1) {
            return (Next::Punctuation, None);
        }
        let text = self.text(end);
        // "the Secretary of State for Health": a long formal title.
        if text == "of" || text == "for" {
            return (Next::Of, None);
        }
        if !starts_upper(text) && !is_particle(text) {
            return (Next::Lower, None);
        }
        match self.name_run(end) {
            Some(run) => (Next::Name, Some(run)),
            None => (Next::Capital, None),
        }
    }

    /// A name run starting at token `i`: capitalised words, initials and
    /// particles, ending on a capitalised word (possessive stripped).
    fn name_run(&self, i: usize) -> Option<Span> {
        let mut last_name_tok = None;
        let mut t = i;
        while t < self.toks.len() && t - i < 6 {
            if t > i && !self.joined(t - 1) {
                break;
            }
            let text = self.text(t);
            let lower = self.lower(t);
            let base = trim_possessives(lower);
            if starts_upper(text) {
                // A title word opening a longer run is the next title
                // ("Supreme Leader Ayatollah Ali Khamenei"); alone it is a
                // surname ("Gov. King").
                let next_capital =
                    t + 1 < self.toks.len() && self.joined(t) && starts_upper(self.text(t + 1));
                if is_not_name(base)
                    || (t == i
                        && next_capital
                        && self
                            .head_at(t)
                            .is_some_and(|(f, _, _)| !self.lex.forms[f].is_abbreviation()))
                {
                    return None;
                }
                last_name_tok = Some(t);
                let possessive = base.len() != lower.len();
                let period = self.followed_by_period(t);
                // Up to two bytes are up to two characters; more than
                // eight bytes are more than two.
                let initial = text.len() <= 2
                    || (text.len() <= 8 && text.chars().count() <= 2)
                    || matches!(text, "Jr" | "Sr");
                if possessive || (period && !initial) {
                    break;
                }
            } else if !is_particle(text) && !is_prefixed_name(text) {
                break;
            }
            t += 1;
        }
        let last = last_name_tok?;
        let span = self.toks[i].start..strip_possessive(self.draft, self.toks[last].clone());
        Some(span)
    }

    /// Whether the "of …" or "for …" at token `of` ends in three or more
    /// capitalised words run straight into a lower-case word: "…, US Special
    /// Representative for Iran Brian Hook said" is a title before Hook's
    /// name, not one set off after the name before the comma.
    fn runs_into_a_name(&self, of: usize) -> bool {
        let mut capitals = 0;
        let mut t = of;
        while self.joined(t) && t - of < 10 {
            t += 1;
            let text = self.text(t);
            if starts_upper(text) {
                capitals += 1;
            } else if matches!(text, "of" | "the" | "and" | "for") {
                capitals = 0;
            } else {
                return capitals >= 3;
            }
        }
        false
    }

    /// For a head ending before token `end` whose phrase starts at token
    /// `first`: the name run before ", [the|a] …", if the title is set off
    /// after a name.
    fn appositive_name(&self, first: usize, determiner: bool, end: usize) -> Option<Span> {
        let phrase_start = if determiner {
            first.checked_sub(1)?
        } else {
            first
        };
        if phrase_start == 0 {
            return None;
        }
        if determiner && !matches!(self.text(phrase_start), "the" | "a" | "an") {
            return None;
        }
        let c = phrase_start - 1;
        let gap = self
            .draft
            .slice(&(self.toks[c].end..self.toks[phrase_start].start));
        if gap.trim() != "," {
            return None;
        }
        // The appositive closes: a comma, semicolon, dash, bracket or the
        // sentence's end, "of …", or a relative clause. A quote mark after
        // it means a new clause ("…, the prime minister ''looked ashen''").
        if end < self.toks.len() && self.joined(end - 1) {
            let next = self.text(end);
            if !matches!(
                next,
                "of" | "for" | "at" | "in" | "to" | "who" | "since" | "from" | "with"
            ) || ((next == "of" || next == "for") && self.runs_into_a_name(end))
            {
                return None;
            }
        } else {
            let rest = self.draft.text.get(self.toks[end - 1].end..).unwrap_or("");
            let closes = rest.chars().next();
            if !matches!(
                closes,
                None | Some(',' | ';' | '.' | ')' | '—' | '–' | '\n' | '?' | '!')
            ) {
                return None;
            }
        }
        // Walk back over the name run ending at token `c`.
        let mut s = c;
        while s > 0 && self.joined(s - 1) && c - s < 5 {
            let prev = self.text(s - 1);
            if starts_upper(prev) || is_particle(prev) {
                s -= 1;
            } else {
                break;
            }
        }
        while s < c && (is_function_word(self.lower(s)) || is_particle(self.text(s))) {
            s += 1;
        }
        let first_text = self.text(s);
        let last_text = self.text(c);
        if !starts_upper(first_text) || !starts_upper(last_text) || last_text.ends_with("’s") {
            return None;
        }
        for t in s..=c {
            let lower = self.lower(t);
            if is_not_name(lower) || is_function_word(lower) {
                return None;
            }
            if self.head_at(t).is_some() || self.lex.modifier(lower).is_some() {
                return None;
            }
        }
        Some(self.toks[s].start..self.toks[c].end)
    }
}

/// "al-Assad", "el-Sisi", "bin-Salman": a lower-case prefix joined to a
/// capitalised name.
fn is_prefixed_name(text: &str) -> bool {
    // A byte search: the hyphen is ASCII, so both sides are whole
    // characters.
    let Some(hyphen) = text.bytes().position(|b| b == b'-') else {
        return false;
    };
    is_particle(&text[..hyphen]) && starts_upper(&text[hyphen + 1..])
}

/// The end of `span` without a trailing possessive.
fn strip_possessive(draft: &Draft, span: Span) -> usize {
    let text = draft.slice(&span);
    if text.ends_with("’s") {
        span.end - "’s".len()
    } else if text.ends_with("'s") {
        span.end - 2
    } else {
        span.end
    }
}

/// The order in which titles are bound: full names first, so a
/// surname-only title early in the draft still finds the person introduced
/// later; then one-word names; titles with no name not at all.
fn binding_order(draft: &Draft, titles: &[Title]) -> Vec<usize> {
    // 0: a run of two or more words; 1: one word; 2: no name.
    let words: Vec<u8> = titles
        .iter()
        .map(|t| match &t.name {
            Some(n) if draft.slice(n).bytes().any(|b| b == b' ') => 0,
            Some(_) => 1,
            None => 2,
        })
        .collect();
    (0..titles.len())
        .filter(|&i| words[i] == 0)
        .chain((0..titles.len()).filter(|&i| words[i] == 1))
        .collect()
}

/// Bind titles to persons. The people analysis decides first: a name run
/// it links to a person is that person. Otherwise, by the run: two or more
/// words are a full name; a single word is a surname, linked to the one
/// person with that surname (none linked when two first names share it, as
/// with Bill and Hillary Clinton). `firsts` are the first names seen
/// before each surname (see [`first_names_by_surname`]).
fn bind(
    draft: &Draft,
    people: &People,
    titles: &mut [Title],
    firsts: &FxHashMap<&str, FirstNames>,
) -> Vec<TitledPerson> {
    let mut register = Register::with_capacity(titles.len());
    for i in binding_order(draft, titles) {
        let Some(name) = titles[i].name.as_ref() else {
            continue;
        };
        let name = NameToBind::of(draft, people, name);
        let (text, surname, full_name) = (name.text.as_ref(), name.surname(), name.is_full());
        let person = if name.is_ambiguous(firsts) {
            None
        } else if let Some((pi, pp)) = name.known {
            Some(register.of_person(pi, pp.full_name, pp.surname))
        } else if full_name {
            Some(register.full_named(text, surname))
        } else {
            match register.surnamed(surname) {
                Some((p, None)) => Some(p),
                Some((_, Some(_))) => None,
                None if titles[i].placement == Placement::BeforeName => {
                    Some(register.push(None, text, surname))
                }
                // A one-word run before an appositive may be a place ("In
                // Stockholm, the mayor …"): bound only to a known person.
                None => None,
            }
        };
        if let Some(p) = person {
            titles[i].person = Some(p);
            register.persons[p].titles.push(i);
        } else if titles[i].placement == Placement::AfterName {
            titles[i].placement = Placement::Alone;
            titles[i].name = None;
        }
    }
    let mut persons = register.persons;
    for p in &mut persons {
        p.titles.sort_unstable();
    }
    persons
}

/// The persons [`bind`] has made so far. A draft with many titled persons
/// also keeps maps from what it looks them up by to their indices, so that
/// it is not searched person by person for each title; a short one (most
/// news copy) is, since building the maps costs it more than it saves.
struct Register {
    persons: Vec<TitledPerson>,
    /// The maps, from [`Register::MAPPED`] persons on.
    maps: Option<Maps>,
}

#[derive(Default)]
struct Maps {
    /// A person of the people analysis → its titled person.
    by_person: FxHashMap<usize, usize>,
    /// A full name → the persons of that full name, in index order.
    by_full: FxHashMap<String, Vec<usize>>,
    /// A surname → the first two persons of that surname (a person's
    /// surname never changes).
    by_surname: FxHashMap<String, (usize, Option<usize>)>,
    /// A surname → the persons known by that surname alone (full name and
    /// surname the same), in index order.
    bare: FxHashMap<String, Vec<usize>>,
}

impl Maps {
    fn add(&mut self, p: usize, person: &TitledPerson) {
        if let Some(pi) = person.person {
            self.by_person.insert(pi, p);
        }
        let (full, surname) = (&person.full, &person.surname);
        self.by_full.entry(full.clone()).or_default().push(p);
        self.by_surname
            .entry(surname.clone())
            .and_modify(|(_, second)| *second = second.or(Some(p)))
            .or_insert((p, None));
        if full == surname {
            self.bare.entry(surname.clone()).or_default().push(p);
        }
    }

    /// Person `p`, known by the surname alone, now has the full name of
    /// `person`; it had `old`.
    fn rename(&mut self, p: usize, person: &TitledPerson, old: &str) {
        for (map, key) in [(&mut self.by_full, old), (&mut self.bare, &person.surname)] {
            if let Some(v) = map.get_mut(key) {
                v.retain(|&k| k != p);
            }
        }
        if person.full == person.surname {
            let v = self.bare.entry(person.surname.clone()).or_default();
            v.insert(v.partition_point(|&k| k < p), p);
        }
        let v = self.by_full.entry(person.full.clone()).or_default();
        v.insert(v.partition_point(|&k| k < p), p);
    }
}

impl Register {
    /// From this many persons on, they are looked up in maps.
    const MAPPED: usize = 24;

    /// No more persons than titles: one allocation.
    fn with_capacity(titles: usize) -> Register {
        Register {
            persons: Vec::with_capacity(titles),
            maps: None,
        }
    }

    /// A new person, at the end.
    fn push(&mut self, person: Option<usize>, full: &str, surname: &str) -> usize {
        let p = self.persons.len();
        self.persons.push(TitledPerson {
            person,
            full: full.to_string(),
            surname: surname.to_string(),
            titles: Vec::new(),
        });
        if let Some(maps) = &mut self.maps {
            maps.add(p, &self.persons[p]);
        } else if self.persons.len() >= Self::MAPPED {
            let mut maps = Maps::default();
            for (k, person) in self.persons.iter().enumerate() {
                maps.add(k, person);
            }
            self.maps = Some(maps);
        }
        p
    }

    /// The titled person of person `pi` of the people analysis (of that
    /// full name and surname), made if new.
    fn of_person(&mut self, pi: usize, full: &str, surname: &str) -> usize {
        let found = match &self.maps {
            Some(maps) => maps.by_person.get(&pi).copied(),
            None => self.persons.iter().position(|p| p.person == Some(pi)),
        };
        match found {
            Some(p) => p,
            None => self.push(Some(pi), full, surname),
        }
    }

    /// The first person whose full name is `text` or who is known by the
    /// surname `surname` alone (and is now given the full name `text`),
    /// made if there is none.
    fn full_named(&mut self, text: &str, surname: &str) -> usize {
        let found = match &self.maps {
            Some(maps) => {
                let first = |map: &FxHashMap<String, Vec<usize>>, key: &str| {
                    map.get(key).and_then(|v| v.first().copied())
                };
                match (first(&maps.by_full, text), first(&maps.bare, surname)) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            }
            None => self
                .persons
                .iter()
                .position(|p| p.full == text || (p.full == p.surname && p.surname == surname)),
        };
        match found {
            Some(p) => {
                if self.persons[p].full != text {
                    let old = std::mem::replace(&mut self.persons[p].full, text.to_string());
                    if let Some(maps) = &mut self.maps {
                        maps.rename(p, &self.persons[p], &old);
                    }
                }
                p
            }
            None => self.push(None, text, surname),
        }
    }

    /// The first two persons of surname `surname`, if any.
    fn surnamed(&self, surname: &str) -> Option<(usize, Option<usize>)> {
        if let Some(maps) = &self.maps {
            return maps.by_surname.get(surname).copied();
        }
        let mut same = (self.persons.iter().enumerate())
            .filter(|(_, p)| p.surname == surname)
            .map(|(k, _)| k);
        same.next().map(|first| (first, same.next()))
    }
}

/// A title's name as [`bind`] reads it: the name with single spaces, its
/// last word (the surname), and the person the people analysis links its
/// mention to.
struct NameToBind<'d> {
    text: std::borrow::Cow<'d, str>,
    /// Where the surname starts in `text` (0: the name is one word).
    surname_at: usize,
    known: Option<(usize, &'d crate::analysis::people::Person<'d>)>,
}

impl<'d> NameToBind<'d> {
    fn of(draft: &'d Draft, people: &'d People<'d>, name: &Span) -> NameToBind<'d> {
        let text = one_spaced(draft.slice(name));
        let surname_at = text
            .bytes()
            .rposition(|b| b == b' ')
            .map_or(0, |space| space + 1);
        let known = people
            .mention_at(name.start)
            .and_then(|m| Some((m.person?, people.persons.get(m.person?)?)));
        NameToBind {
            text,
            surname_at,
            known,
        }
    }

    fn surname(&self) -> &str {
        self.text.get(self.surname_at..).unwrap_or("")
    }

    /// Whether the name has a first name (or more) before the surname.
    fn is_full(&self) -> bool {
        self.surname_at > 0
    }

    /// A surname alone when two first names go with it in the draft: it
    /// could be either person, whatever the people analysis guessed.
    fn is_ambiguous(&self, firsts: &FxHashMap<&str, FirstNames>) -> bool {
        !self.is_full() && firsts.get(self.surname()).is_some_and(|f| f.many)
    }
}

/// A name with its whitespace runs as single spaces (borrowed when it is
/// written so already, as it nearly always is).
fn one_spaced(name: &str) -> std::borrow::Cow<'_, str> {
    let bytes = name.as_bytes();
    let clean = !bytes.starts_with(b" ")
        && !bytes.ends_with(b" ")
        && !bytes.windows(2).any(|w| w == b"  ")
        && (name.is_ascii() && !bytes.iter().any(|&b| matches!(b, b'\t'..=b'\r'))
            || name.chars().all(|c| c == ' ' || !c.is_whitespace()));
    if clean {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(name.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// The first names seen before a surname: binding asks only whether there
/// are two or more distinct ones, so the first and a flag suffice (no list
/// to allocate per surname).
#[derive(Debug, Default, Clone, Copy)]
struct FirstNames<'t> {
    first: Option<&'t str>,
    /// A second, different first name was seen.
    many: bool,
}

impl<'t> FirstNames<'t> {
    fn add(&mut self, name: &'t str) {
        match self.first {
            None => self.first = Some(name),
            Some(f) if f != name => self.many = true,
            Some(_) => {}
        }
    }
}

/// For each one-word titled name run (a surname standing alone): the
/// capitalised words seen directly before it in the draft that look like
/// first names. Runs of two or more words are full names and never ask.
fn first_names_by_surname<'t>(
    draft: &Draft<'t>,
    titles: &[Title],
) -> FxHashMap<&'t str, FirstNames<'t>> {
    let mut firsts: FxHashMap<&'t str, FirstNames<'t>> = FxHashMap::default();
    // First byte → lengths of the surnames starting with it: most words
    // are ruled out by one test on their bytes.
    let mut lengths = [0u64; 256];
    for t in titles {
        if let Some(name) = &t.name {
            let text = draft.slice(name);
            let one_word = if text.is_ascii() {
                !text.bytes().any(|b| matches!(b, b' ' | b'\t'..=b'\r'))
            } else {
                !text.contains(char::is_whitespace)
            };
            if !text.is_empty() && one_word {
                firsts.entry(text).or_default();
                lengths[usize::from(text.as_bytes()[0])] |= 1 << text.len().min(63);
            }
        }
    }
    if firsts.is_empty() {
        return firsts;
    }
    let lex = Lexicon::get();
    let words = &draft.words;
    let bytes = draft.text.as_bytes();
    for k in 1..words.len() {
        let span = &words[k].span;
        let Some(&first) = bytes.get(span.start) else {
            continue;
        };
        let mask = lengths[usize::from(first)];
        if mask == 0 {
            continue;
        }
        // A possessive ends in "s"; anything else is compared whole.
        let ends_s = span.end > span.start && bytes[span.end - 1] == b's';
        if !ends_s && mask & (1 << (span.len()).min(63)) == 0 {
            continue;
        }
        let text = draft.slice(span);
        let base = trim_possessives(text);
        if mask & (1 << base.len().min(63)) == 0 {
            continue;
        }
        // The cheap tests of the word before come first: most surnames
        // follow a lower-case word or punctuation.
        let (a, b) = (&words[k - 1], &words[k]);
        if a.sentence != b.sentence || draft.slice(&(a.span.end..b.span.start)) != " " {
            continue;
        }
        let prev = draft.slice(&a.span);
        if !starts_upper(prev) {
            continue;
        }
        let Some(names) = firsts.get_mut(base) else {
            continue;
        };
        // A name already counted, or a surname already known to have two
        // first names, learns nothing more: the costly tests are skipped.
        if names.many || names.first == Some(prev) {
            continue;
        }
        let lower = draft.lower_slice(&a.span);
        let plausible = prev.chars().count() > 2
            && !prev.contains(['’', '\'', '.'])
            && lex.forms_starting(lower).is_empty()
            && lex.modifier(lower).is_none()
            && !is_function_word(lower)
            && !is_not_name(lower)
            && draft.sentences[b.sentence].words.start != k - 1;
        if plausible {
            names.add(prev);
        }
    }
    firsts
}

#[cfg(test)]
mod tests;

/// A title head written capitalised ("Secretary of State") or lower-case
/// ("secretary of state"); abbreviations are returned unchanged.
pub fn recase(head: &str, capital: bool) -> String {
    if head.ends_with('.') {
        return head.to_string();
    }
    let mut out = String::with_capacity(head.len());
    for (i, word) in head.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let small = matches!(word.to_lowercase().as_str(), "of" | "the" | "and" | "for");
        if capital && !(small && i > 0) {
            // Capitalise each part of a hyphenated word: "Vice-President".
            let mut up = true;
            for c in word.chars() {
                if up {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                up = c == '-';
            }
        } else {
            out.push_str(&word.to_lowercase());
        }
    }
    out
}

/// Whether a head is written with a capital on every word that should
/// have one (`capital`), or with none (`!capital`).
pub fn is_cased(head: &str, capital: bool) -> bool {
    if !head.is_ascii() {
        return recase(head, capital) == head;
    }
    // ASCII: the same test as `recase(head, capital) == head`, without
    // building the string.
    if head.ends_with('.') {
        return true;
    }
    head.split(' ').enumerate().all(|(i, word)| {
        let small = ["of", "the", "and", "for"]
            .iter()
            .any(|s| word.eq_ignore_ascii_case(s));
        if capital && !(small && i > 0) {
            let mut up = true;
            word.bytes().all(|c| {
                let ok = if up {
                    !c.is_ascii_lowercase()
                } else {
                    !c.is_ascii_uppercase()
                };
                up = c == b'-';
                ok
            })
        } else {
            !word.bytes().any(|c| c.is_ascii_uppercase())
        }
    })
}
