//! Attribution: who said each quote, and the words that say so.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// What a lower-case word is to attribution, from every lexicon at once, so
/// each word of a paragraph costs one lookup.
mod flag {
    /// A cue of one word ("said").
    pub const CUE: u16 = 1;
    /// The first word of a cue of two or three words ("according").
    pub const CUE_HEAD: u16 = 1 << 1;
    /// A cue of one word that may stand before its speaker.
    pub const INVERSION: u16 = 1 << 2;
    /// The first word of a longer such cue.
    pub const INVERSION_HEAD: u16 = 1 << 3;
    /// May sit between a speaker and a cue ("later").
    pub const BETWEEN: u16 = 1 << 4;
    /// Ends a speaker phrase walking back from the cue.
    pub const STOP: u16 = 1 << 5;
    /// Ends a speaker phrase after an inverted cue.
    pub const FORWARD_STOP: u16 = 1 << 6;
    /// Opens a sentence without being its subject.
    pub const OPENER: u16 = 1 << 7;
    /// Cannot be a speaker on its own.
    pub const FUNCTION: u16 = 1 << 8;
    /// A personal pronoun.
    pub const PRONOUN: u16 = 1 << 9;
    /// The head of an unnamed source ("officials").
    pub const ANONYMOUS_HEAD: u16 = 1 << 10;
}

/// The cue and speaker lexicons, built once.
pub struct Lexicon {
    /// Every lexicon word with its [`flag`]s.
    words: FxHashMap<&'static str, u16>,
    /// The ASCII words of `words` up to [`Packed::MAX`] bytes again, for
    /// the one lookup per word of a paragraph.
    packed: Packed,
    /// Cues of two or three words by first word: the words after it.
    cue_tails: FxHashMap<&'static str, Vec<Vec<&'static str>>>,
    /// Inverted cues of two or three words, likewise.
    inversion_tails: FxHashMap<&'static str, Vec<Vec<&'static str>>>,
    /// Phrases that make a speaker anonymous ("familiar with").
    anonymous_markers: Vec<&'static str>,
    /// Bit k set at a byte's entry: marker k (or, for bit 63, any marker
    /// from 63 on) may start with that byte ...
    marker_first: [u64; 256],
    /// ... and have it second (every byte for a marker of one byte).
    marker_second: [u64; 256],
    /// The markers of one byte.
    marker_single: u64,
    /// Every marker is ASCII, so a same-length lower case finds them all.
    markers_ascii: bool,
    /// Every marker has a space inside it (they are phrases), at these
    /// offsets (its first) ...
    marker_spaces: Option<Vec<usize>>,
    /// ... so a marker is looked for only at a space of the text with a
    /// byte before it that the marker has before its space (bit k as in
    /// `marker_first`) ...
    before_space: [u64; 256],
    /// ... and a byte after it that the marker has after.
    after_space: [u64; 256],
}

impl Lexicon {
    /// The flags of a lower-case word (0 for a word no lexicon has).
    fn flags(&self, lower: &str) -> u16 {
        if lower.len() <= Packed::MAX && lower.is_ascii() {
            return self.packed.get(Packed::key(lower.as_bytes()));
        }
        self.words.get(lower).copied().unwrap_or(0)
    }

    /// The word's flags, as `flags` of its `lower_of` gives them.
    #[inline]
    fn word_flags(&self, draft: &Draft, w: &Word) -> u16 {
        if let Some(key) = ascii_key(draft, &w.span) {
            return self.packed.get(key);
        }
        self.flags(&lower_of(draft, w))
    }
}

/// The packed key of the draft's lower-case word at `span` when it is
/// ASCII and at most [`Packed::MAX`] bytes and the text runs sixteen bytes
/// on from it: no copy of the word, and its ASCII test is one mask more.
#[inline]
fn ascii_key(draft: &Draft, span: &Span) -> Option<(u128, usize)> {
    let len = span.end.saturating_sub(span.start);
    let bytes = draft.lower.as_bytes().get(span.start..span.start + 16)?;
    if len > Packed::MAX {
        return None;
    }
    let mut word = [0u8; 16];
    word.copy_from_slice(bytes);
    // A table, not a shift: a 128-bit shift by a variable is a
    // dozen instructions, and every word of a paragraph is asked.
    let key = u128::from_le_bytes(word) & WORD_MASKS[len];
    // ASCII bytes all through: the word's bounds are characters'.
    (key & (u128::MAX / 255 * 0x80) == 0).then_some((key, len))
}

/// The low `len` bytes of a `u128` set, for `len` up to [`Packed::MAX`].
const WORD_MASKS: [u128; Packed::MAX + 1] = {
    let mut masks = [u128::MAX; Packed::MAX + 1];
    let mut len = 0;
    while len < Packed::MAX {
        masks[len] = (1u128 << (8 * len)) - 1;
        len += 1;
    }
    masks
};

/// An open-addressing table of short ASCII words, each packed into a
/// `u128` (little-endian, zero-padded) with its length: a lookup is a
/// multiply and a compare or two, not a string hash and a `memcmp`.
struct Packed {
    /// `(packed word, length, flags)`; length 0 marks an empty slot.
    slots: Vec<(u128, usize, u16)>,
}

impl Packed {
    /// The longest word kept (the lexicons' longest has 14 bytes).
    const MAX: usize = 16;
    /// 2^BITS slots: under a quarter full with the lexicons' ~1,000 words.
    const BITS: u32 = 12;

    fn key(word: &[u8]) -> (u128, usize) {
        let mut w = [0u8; 16];
        let len = word.len().min(Self::MAX);
        w[..len].copy_from_slice(&word[..len]);
        (u128::from_le_bytes(w), word.len())
    }

    fn slot(key: u128) -> usize {
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize
    }

    fn build(words: &FxHashMap<&'static str, u16>) -> Packed {
        let mask = (1usize << Self::BITS) - 1;
        let mut slots = vec![(0u128, 0usize, 0u16); 1 << Self::BITS];
        for (w, &f) in words {
            if w.is_empty() || w.len() > Self::MAX || !w.is_ascii() {
                continue;
            }
            let (key, len) = Self::key(w.as_bytes());
            let mut i = Self::slot(key);
            while slots[i].1 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (key, len, f);
        }
        Packed { slots }
    }

    #[inline]
    fn get(&self, (key, len): (u128, usize)) -> u16 {
        let mask = self.slots.len() - 1;
        let mut i = Self::slot(key);
        loop {
            let (k, l, f) = self.slots[i];
            if l == len && k == key {
                return f;
            }
            if l == 0 {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }
}

fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Add a lexicon: one-word entries get `one`, longer ones of up to three
/// words (longer never match: a cue is at most three words) get `head` on
/// their first word and their other words in `tails`.
fn add_phrases(
    words: &mut FxHashMap<&'static str, u16>,
    tails: Option<&mut FxHashMap<&'static str, Vec<Vec<&'static str>>>>,
    data: &'static str,
    one: u16,
    head: u16,
) {
    let mut tails = tails;
    for entry in entries(data) {
        let parts: Vec<&'static str> = entry.split(' ').collect();
        if parts.len() == 1 {
            *words.entry(entry).or_default() |= one;
        } else if let Some(tails) = tails.as_deref_mut() {
            // A phrase is its words joined by single spaces: an entry with
            // two spaces in a row never matched one.
            if parts.len() <= 3 && parts.iter().all(|p| !p.is_empty()) {
                *words.entry(parts[0]).or_default() |= head;
                tails.entry(parts[0]).or_default().push(parts[1..].to_vec());
            }
        }
    }
}

fn add_words(words: &mut FxHashMap<&'static str, u16>, list: &[&'static str], f: u16) {
    for w in list {
        *words.entry(w).or_default() |= f;
    }
}

pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut words = FxHashMap::default();
        let mut cue_tails = FxHashMap::default();
        let mut inversion_tails = FxHashMap::default();
        add_phrases(
            &mut words,
            Some(&mut cue_tails),
            include_str!("data/speech_verbs.txt"),
            flag::CUE,
            flag::CUE_HEAD,
        );
        add_phrases(
            &mut words,
            Some(&mut inversion_tails),
            include_str!("data/inversion_verbs.txt"),
            flag::INVERSION,
            flag::INVERSION_HEAD,
        );
        add_phrases(
            &mut words,
            None,
            include_str!("data/speaker_words.txt"),
            flag::BETWEEN,
            0,
        );
        add_phrases(
            &mut words,
            None,
            include_str!("data/anonymous_sources.txt"),
            flag::ANONYMOUS_HEAD,
            0,
        );
        add_words(&mut words, STOPS, flag::STOP);
        add_words(&mut words, FORWARD_STOPS, flag::FORWARD_STOP);
        add_words(&mut words, OPENERS, flag::OPENER);
        add_words(&mut words, FUNCTION_WORDS, flag::FUNCTION);
        add_words(&mut words, PRONOUNS, flag::PRONOUN);
        let anonymous_markers: Vec<&'static str> =
            entries(include_str!("data/anonymous_markers.txt")).collect();
        let (marker_first, marker_second, marker_single) = marker_masks(&anonymous_markers);
        let markers_ascii = anonymous_markers.iter().all(|m| m.is_ascii());
        let (marker_spaces, before_space, after_space) = space_masks(&anonymous_markers);
        let packed = Packed::build(&words);
        Lexicon {
            words,
            packed,
            cue_tails,
            inversion_tails,
            anonymous_markers,
            marker_first,
            marker_second,
            marker_single,
            markers_ascii,
            marker_spaces,
            before_space,
            after_space,
        }
    })
}

/// The masks of [`Lexicon::marker_first`], `marker_second` and `marker_single`.
fn marker_masks(markers: &[&str]) -> ([u64; 256], [u64; 256], u64) {
    let mut first = [0u64; 256];
    let mut second = [0u64; 256];
    let mut single = 0;
    for (k, m) in markers.iter().enumerate() {
        let bit = 1u64 << k.min(63);
        let bytes = m.as_bytes();
        if let Some(&b) = bytes.first() {
            first[usize::from(b)] |= bit;
        }
        match bytes.get(1) {
            Some(&b) => second[usize::from(b)] |= bit,
            None => {
                single |= bit;
                for s in &mut second {
                    *s |= bit;
                }
            }
        }
    }
    (first, second, single)
}

/// The first inner space of each marker and the masks of
/// [`Lexicon::before_space`] and `after_space`; no offsets when a marker
/// has no inner space.
fn space_masks(markers: &[&str]) -> (Option<Vec<usize>>, [u64; 256], [u64; 256]) {
    let mut before = [0u64; 256];
    let mut after = [0u64; 256];
    let mut spaces = Vec::with_capacity(markers.len());
    for (k, m) in markers.iter().enumerate() {
        let bytes = m.as_bytes();
        let inner = bytes
            .iter()
            .position(|&b| b == b' ')
            .filter(|&d| d > 0 && d + 1 < bytes.len());
        let Some(d) = inner else {
            return (None, before, after);
        };
        let bit = 1u64 << k.min(63);
        before[usize::from(bytes[d - 1])] |= bit;
        after[usize::from(bytes[d + 1])] |= bit;
        spaces.push(d);
    }
    (Some(spaces), before, after)
}

/// In `rest` (the text after an unclosed opening mark), the offset of a
/// comma followed by a short attribution (", Peskov said", ", said the
/// minister"), where the closing mark belongs.
pub fn comma_before_cue(rest: &str) -> Option<usize> {
    let lex = lexicon();
    let mut found = None;
    for (i, _) in rest.match_indices(',') {
        let tail = &rest[i + 1..];
        let clause = tail
            .split(['.', '!', '?', ';', '“', '"', '”'])
            .next()
            .unwrap_or("");
        let words: Vec<String> = clause
            .split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .collect();
        if words.is_empty() || words.len() > 8 {
            continue;
        }
        if words.iter().take(5).any(|w| lex.flags(w) & flag::CUE != 0) {
            found = Some(i);
        }
    }
    found
}

use crate::analysis::quotes::{Quote, QuoteKind, QuoteScan};
use crate::draft::within;
use crate::draft::{BlockKind, Draft, Word};
use crate::finding::Span;
use std::borrow::Cow;

/// How an attribution was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Speaker and cue in the quote's own sentence.
    Sentence,
    /// Elsewhere in the quote's paragraph ("he said" in the next sentence).
    Paragraph,
    /// A lead-in paragraph ending in ":".
    LeadIn,
    /// A quote continued from an earlier paragraph (AP convention).
    Continued,
    /// A floating quote after a paragraph that ends with the same speaker.
    Floating,
    /// A block quote signed with a "— Name" line.
    Signature,
    /// Another quote of the same paragraph is attributed.
    SameParagraph,
}

/// Who said a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub speaker: Option<Span>,
    pub cue: Option<Span>,
    /// The speaker is an unnamed source ("a source familiar with the call").
    pub anonymous: bool,
    /// For a pronoun or role, the named person it most plausibly refers to
    /// (for display only).
    pub refers_to: Option<Span>,
    pub how: How,
}

/// A speaker and a cue found in the text outside quotes.
#[derive(Debug, Clone)]
struct Clause {
    speaker: Span,
    cue: Span,
    /// The cue is a plain verb of saying ("said", "told", "according to").
    strong: bool,
}

/// One word outside quotes, with its lexicon flags.
struct Tok {
    span: Span,
    /// Its index in the draft's words.
    word: usize,
    /// What the lexicons say of the word ([`flag`]).
    flags: u16,
    /// Punctuation, a quote or a line break between this word and the next.
    break_after: bool,
    /// The break is a lone comma (an apposition may end there).
    comma_after: bool,
}

impl Tok {
    fn is(&self, f: u16) -> bool {
        self.flags & f != 0
    }

    /// The word's lower case, as [`lower_of`] gives it (built only for a
    /// word with non-ASCII capitals). Asked of few tokens, so worked out
    /// here rather than stored for every one.
    fn lower<'a>(&self, draft: &'a Draft) -> Cow<'a, str> {
        let view = draft.lower_slice(&self.span);
        if view.is_ascii() {
            return Cow::Borrowed(view);
        }
        match lower(draft.slice(&self.span)) {
            Cow::Borrowed(_) => Cow::Borrowed(view),
            owned => owned,
        }
    }

    /// The word starts with a capital letter.
    fn capital(&self, draft: &Draft) -> bool {
        capital_at(draft.text, &self.span)
    }

    /// The word's sentence.
    fn sentence(&self, draft: &Draft) -> usize {
        draft
            .words
            .get(self.word)
            .map_or(usize::MAX, |w| w.sentence)
    }

    /// Whether the word's lower case is `word`.
    fn is_word(&self, draft: &Draft, word: &str) -> bool {
        self.lower(draft) == word
    }
}

fn lower(s: &str) -> Cow<'_, str> {
    // `char::is_uppercase`, without its table for caseless scripts (a
    // word in Devanagari asks it of every letter).
    if s.chars().any(crate::draft::is_capital) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// The lower case of word `i`, as `lower(word_text)` gives it but borrowed
/// from the draft's lower-case view when that is the same (an ASCII word).
fn word_lower<'a>(draft: &'a Draft, i: usize) -> Cow<'a, str> {
    match draft.words.get(i) {
        Some(w) => lower_of(draft, w),
        None => Cow::Borrowed(""),
    }
}

/// [`word_lower`] of a word.
#[inline]
fn lower_of<'a>(draft: &'a Draft, w: &Word) -> Cow<'a, str> {
    let l = draft.lower_slice(&w.span);
    if l.is_ascii() {
        Cow::Borrowed(l)
    } else {
        full_lower(draft, w)
    }
}

/// The lower case of a word with non-ASCII letters (rare in English copy).
#[cold]
fn full_lower<'a>(draft: &'a Draft, w: &Word) -> Cow<'a, str> {
    lower(draft.word_text(w))
}

/// Whether `s` starts with an upper-case letter.
fn starts_upper(s: &str) -> bool {
    match s.as_bytes().first() {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => s.chars().next().is_some_and(char::is_uppercase),
    }
}

/// [`starts_upper`] of the text at `span`.
#[inline]
fn capital_at(text: &str, span: &Span) -> bool {
    match text.as_bytes().get(span.start) {
        Some(b) if b.is_ascii() => {
            b.is_ascii_uppercase() && span.start < span.end && text.is_char_boundary(span.end)
        }
        _ => starts_upper(text.get(span.clone()).unwrap_or("")),
    }
}

/// Whether a speaker's text is a personal pronoun (any case).
fn is_pronoun_text(s: &str) -> bool {
    // The pronouns are ASCII with no letter a non-ASCII character lowers
    // to, so only an ASCII text can be one.
    s.len() <= 4 && PRONOUNS.iter().any(|p| s.eq_ignore_ascii_case(p))
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "i", "we", "you"];
/// Words that end a speaker phrase when walking away from the cue.
const STOPS: &[&str] = &[
    "that", "but", "when", "while", "because", "if", "so", "as", "after", "before", "since",
    "though", "although", "than", "where", "what", "how", "why", "whether", "and", "or", "to",
    "in", "on", "at", "during", "about", "of", "for", "with", "by", "from", "this", "these",
    "those", "there", "here", "which", "who", "whom", "despite",
];

/// Words after an inverted cue that end the speaker ("said Peskov on Monday").
const FORWARD_STOPS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "before",
    "to",
    "that",
    "from",
    "when",
    "while",
    "as",
    "and",
    "but",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "tonight",
    "last",
    "this",
    "earlier",
    "later",
    "recently",
    "then",
    "again",
    "also",
];

/// Words that cannot be a speaker on their own ("the proposed plan").
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "his", "her", "their", "its", "our", "my", "your",
    "some", "any", "no", "every", "each", "whom", "what", "not", "all",
];

/// Words that open a sentence without being its subject.
const OPENERS: &[&str] = &[
    "like",
    "unlike",
    "led",
    "first",
    "despite",
    "following",
    "amid",
    "among",
    "given",
    "in",
    "on",
    "at",
    "after",
    "before",
    "but",
    "and",
    "then",
    "when",
    "while",
    "since",
    "as",
    "if",
    "although",
    "though",
    "however",
    "meanwhile",
    "also",
    "so",
    "yet",
    "for",
    "with",
    "without",
    "during",
    "under",
    "over",
    "to",
    "from",
    "by",
    "this",
    "that",
    "there",
    "here",
    "still",
    "now",
    "instead",
    "later",
    "earlier",
    "asked",
    "speaking",
    "according",
    "the",
    "a",
    "an",
    "what",
    "why",
    "how",
    "where",
    "last",
    "next",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "once",
    "even",
    "not",
    "only",
    "indeed",
    "again",
];

/// The spans of the quotes that overlap `span`, in quote order.
fn quote_spans(quotes: &[Quote], sorted: bool, span: &Span, out: &mut Vec<Span>) {
    out.clear();
    let overlaps = |q: &Quote| q.span.start < span.end && q.span.end > span.start;
    if sorted {
        // Starts and ends both ascend: the overlapping quotes are a run.
        let lo = quotes.partition_point(|q| q.span.end <= span.start);
        out.extend(
            quotes[lo..]
                .iter()
                .take_while(|q| q.span.start < span.end)
                .filter(|q| overlaps(q))
                .map(|q| q.span.clone()),
        );
    } else {
        out.extend(
            quotes
                .iter()
                .filter(|q| overlaps(q))
                .map(|q| q.span.clone()),
        );
    }
}

/// Whether quote starts and ends both ascend (they do for a scan's
/// top-level quotes), so a paragraph's quotes can be found by binary search.
fn ascending(quotes: &[Quote]) -> bool {
    quotes
        .windows(2)
        .all(|w| w[0].span.start <= w[1].span.start && w[0].span.end <= w[1].span.end)
}

/// The stylebook's extra cues, split into words as a phrase is joined.
fn split_extra(extra: &[String]) -> Vec<Vec<&str>> {
    extra.iter().map(|e| e.split(' ').collect()).collect()
}

/// Attribute every quote of the draft.
pub fn attribute(
    draft: &Draft,
    scan: &QuoteScan,
    extra_cues: &[String],
) -> Vec<Option<Attribution>> {
    let quotes = &scan.quotes;
    let extra = split_extra(extra_cues);
    let sorted = ascending(quotes);
    let by_paragraph = quotes.windows(2).all(|w| w[0].paragraph <= w[1].paragraph);
    let mut out: Vec<Option<Attribution>> = vec![None; quotes.len()];
    let mut i = 0;
    let mut last_named: Option<Span> = None;
    let mut spans = Vec::new();
    let mut toks = Vec::new();
    let mut clauses = Vec::new();
    while i < quotes.len() {
        let pi = quotes[i].paragraph;
        let mut j = i;
        while j < quotes.len() && quotes[j].paragraph == pi {
            j += 1;
        }
        quote_spans(quotes, sorted, &draft.paragraphs[pi].span, &mut spans);
        tokens(draft, pi, &spans, &mut toks);
        find_clauses(draft, pi, &toks, &extra, &mut clauses);
        for k in i..j {
            let q = &quotes[k];
            let found = if q.kind == QuoteKind::Block {
                block(draft, quotes, sorted, k)
            } else {
                in_sentence(draft, q, &clauses)
                    .or_else(|| colon_before(draft, q))
                    .or_else(|| dash_after(draft, q))
                    .or_else(|| continued(quotes, k, &out))
                    .or_else(|| in_paragraph(q, &clauses))
                    .or_else(|| lead_in(draft, q, pi, quotes, sorted))
                    .or_else(|| floating(draft, quotes, by_paragraph, k, &out))
                    .or_else(|| framed_by_subject(draft, q, &toks))
            };
            out[k] = found;
        }
        // Quotes of a paragraph where another is attributed share it.
        if let Some(first) =
            (i..j).find(|&k| out[k].is_some() && quotes[k].kind != QuoteKind::Block)
        {
            let shared = out[first].clone();
            for slot in out.iter_mut().take(j).skip(i) {
                if slot.is_none() {
                    if let Some(mut a) = shared.clone() {
                        a.how = How::SameParagraph;
                        *slot = Some(a);
                    }
                }
            }
        }
        // The same speaker span (a shared attribution) is judged once.
        let mut judged: Option<(Span, Option<Span>, bool)> = None;
        for a in out[i..j].iter_mut().flatten() {
            if let Some(sp) = &a.speaker {
                let (name, anonymous) = match &judged {
                    Some((s, name, anonymous)) if s == sp => (name.clone(), *anonymous),
                    _ => {
                        let facts = speaker_facts(draft, pi, &toks, sp);
                        judged = Some((sp.clone(), facts.0.clone(), facts.1));
                        facts
                    }
                };
                let pronoun = is_pronoun_text(draft.slice(sp));
                if let Some(name) = name {
                    last_named = Some(name);
                } else if pronoun && a.refers_to.is_none() {
                    a.refers_to = last_named.clone();
                }
                a.anonymous = anonymous;
            }
        }
        i = j;
    }
    out
}

/// The words of paragraph `pi` outside its quotes (`inside`: the spans of
/// the quotes that overlap it), into `toks`.
fn tokens(draft: &Draft, pi: usize, inside: &[Span], toks: &mut Vec<Tok>) {
    toks.clear();
    let lex = lexicon();
    let para = &draft.paragraphs[pi];
    let range = within::words_in(draft, pi, &para.span);
    let first_word = range.start;
    let words = draft.words.get(range).unwrap_or(&[]);
    toks.reserve(words.len());
    let mut inside = inside.iter().peekable();
    let mut i = 0;
    while let Some(w) = words.get(i) {
        while inside.next_if(|q| q.end <= w.span.start).is_some() {}
        let next_quote = inside.peek();
        if let Some(q) = next_quote.filter(|q| q.start <= w.span.start) {
            // A quote lies here: the previous word is cut off from the next.
            if let Some(last) = toks.last_mut() {
                last.break_after = true;
            }
            // Every word from here that starts before the quote ends is in it.
            i += words[i..].partition_point(|w| w.span.start < q.end);
            continue;
        }
        // Every word from here that starts before the next quote does is
        // outside quotes (none is skipped or peeked on the way): one run,
        // with no quote to test per word.
        let run = match next_quote {
            Some(q) => words[i..].partition_point(|w| w.span.start < q.start),
            None => words.len() - i,
        };
        push_run(draft, lex, &words[i..i + run], first_word + i, toks);
        i += run;
    }
    if let Some(last) = toks.last_mut() {
        last.break_after = true;
    }
}

/// Push the words `run` (outside quotes; the first is word `first` of the
/// draft) as tokens, marking what stands between each and the one before.
fn push_run(draft: &Draft, lex: &Lexicon, run: &[Word], first: usize, toks: &mut Vec<Tok>) {
    for (j, w) in run.iter().enumerate() {
        if let Some(last) = toks.last_mut() {
            mark_break(draft, last, w.span.start);
        }
        toks.push(Tok {
            span: w.span.clone(),
            word: first + j,
            flags: lex.word_flags(draft, w),
            break_after: false,
            comma_after: false,
        });
    }
}

/// Mark what stands between `last` and the next word, which starts at `next`.
#[inline]
fn mark_break(draft: &Draft, last: &mut Tok, next: usize) {
    // Nearly always a single space: nothing to mark.
    if draft.prose.as_bytes().get(last.span.end..next) == Some(b" ") {
        return;
    }
    let gap = draft.prose.get(last.span.end..next).unwrap_or(" ");
    if gap != " " && gap.chars().any(|c| !c.is_whitespace() || c == '\n') {
        last.break_after = true;
        // A comma or a closing parenthesis may end an apposition
        // ("Peskov, the spokesman, said"; "Schumer (D-N.Y.) said").
        last.comma_after = matches!(gap.trim(), "," | ")" | ")," | ".," | ".)");
    }
}

/// Whether the words `toks` are, in order, `words`.
fn same_words(draft: &Draft, words: &[&str], toks: &[Tok]) -> bool {
    words.len() == toks.len() && words.iter().zip(toks).all(|(w, t)| t.is_word(draft, w))
}

/// Whether the phrase `toks` (one to three words) is in a lexicon given as
/// a one-word flag and longer phrases by first word.
fn in_phrases(
    draft: &Draft,
    toks: &[Tok],
    one: u16,
    head: u16,
    tails: &FxHashMap<&'static str, Vec<Vec<&'static str>>>,
) -> bool {
    let Some(first) = toks.first() else {
        return false;
    };
    if toks.len() == 1 {
        return first.is(one);
    }
    first.is(head)
        && tails
            .get(first.lower(draft).as_ref())
            .is_some_and(|ts| ts.iter().any(|t| same_words(draft, t, &toks[1..])))
}

/// Every (speaker, cue) pair among the words outside quotes, into `out`.
/// `pi`: the paragraph of `toks`.
fn find_clauses(
    draft: &Draft,
    pi: usize,
    toks: &[Tok],
    extra: &[Vec<&str>],
    out: &mut Vec<Clause>,
) {
    let lex = lexicon();
    out.clear();
    let mut k = 0;
    while k < toks.len() {
        if extra.is_empty() {
            // Only a word flagged as a cue or a cue's head opens one (a word
            // whose lookup was put off is neither): skip to the next such.
            match toks[k..].iter().position(|t| t.flags & CUE_FLAGS != 0) {
                Some(d) => k += d,
                None => break,
            }
        }
        let Some(len) = cue_len(draft, toks, k, extra) else {
            k += 1;
            continue;
        };
        let cue = toks[k].span.start..toks[k + len - 1].span.end;
        let words = &toks[k..k + len];
        let according = same_words(draft, &["according", "to"], words);
        // ", saying", ", telling", ", calling": the speaker is the
        // sentence's subject, not the phrase before the comma.
        let participle = !according
            && len == 1
            && toks[k].lower(draft).ends_with("ing")
            && k > 0
            && (toks[k - 1].break_after
                || matches!(
                    toks[k - 1].lower(draft).as_ref(),
                    "despite" | "by" | "after" | "before" | "while" | "when" | "without"
                ));
        let speaker = if according {
            forward(toks, k + len - 1, 10)
        } else if participle {
            subject_of(draft, toks, k).or_else(|| backward(draft, toks, k))
        } else {
            backward(draft, toks, k).or_else(|| {
                // "He … and said people are": a verb joined to the one
                // before shares its subject; what follows is what was said.
                if coordinated(draft, toks, k) {
                    return None;
                }
                let inverted = in_phrases(
                    draft,
                    words,
                    flag::INVERSION,
                    flag::INVERSION_HEAD,
                    &lex.inversion_tails,
                ) || extra.iter().any(|e| same_words(draft, e, words))
                    || ((k == 0 || toks[k - 1].break_after)
                        && opens_noun_phrase(draft, toks, k + len));
                if inverted {
                    forward(toks, k + len - 1, 8)
                } else {
                    None
                }
            })
        }
        .or_else(|| subject_of(draft, toks, k));
        if let Some(speaker) = speaker.filter(|sp| has_content(toks, sp)) {
            // Read the speaker generously (back to the last punctuation) to
            // see "a source familiar with the call with European leaders" whole.
            let wide = wide_back(toks, k).filter(|w| w.start < speaker.start);
            let speaker = match wide {
                Some(wide)
                    if anonymous_at(draft, pi, toks, &wide)
                        && !anonymous_at(draft, pi, toks, &speaker) =>
                {
                    wide
                }
                _ => speaker,
            };
            let strong = match words {
                [w] => matches!(
                    w.lower(draft).as_ref(),
                    "said"
                        | "says"
                        | "say"
                        | "told"
                        | "tells"
                        | "wrote"
                        | "writes"
                        | "added"
                        | "adds"
                        | "asked"
                        | "asks"
                ),
                _ => according || same_words(draft, &["told", "reporters"], words),
            };
            out.push(Clause {
                speaker,
                cue,
                strong,
            });
        }
        k += len;
    }
}

/// Whether the cue at `k` follows "and", "but" or "or" in its clause.
fn coordinated(draft: &Draft, toks: &[Tok], k: usize) -> bool {
    k > 0
        && !toks[k - 1].break_after
        && matches!(toks[k - 1].lower(draft).as_ref(), "and" | "but" | "or")
}

/// Whether a speaker phrase has a word that is not a function word.
fn has_content(toks: &[Tok], speaker: &Span) -> bool {
    // Tokens ascend: those inside the speaker are a run from its start.
    let lo = toks.partition_point(|t| t.span.start < speaker.start);
    toks[lo..]
        .iter()
        .take_while(|t| t.span.end <= speaker.end)
        .any(|t| !t.is(flag::FUNCTION))
}

/// Whether the word at `i` can open a speaker phrase after an inverted
/// cue (“…,” mused the host / mused Stu Burguiere).
fn opens_noun_phrase(draft: &Draft, toks: &[Tok], i: usize) -> bool {
    let Some(t) = toks.get(i) else { return false };
    matches!(
        t.lower(draft).as_ref(),
        "the" | "a" | "an" | "his" | "her" | "their" | "one" | "another"
    ) || t.capital(draft)
}

/// The flags of a word that may open a cue.
const CUE_FLAGS: u16 = flag::CUE | flag::CUE_HEAD;

/// The number of words of the cue starting at `k`, if one does.
fn cue_len(draft: &Draft, toks: &[Tok], k: usize, extra: &[Vec<&str>]) -> Option<usize> {
    let first = &toks[k];
    if extra.is_empty() && !first.is(flag::CUE | flag::CUE_HEAD) {
        return None;
    }
    // The longer cues this word may open, looked up once for every length
    // (`in_phrases` of the cue lexicon).
    let tails = if first.is(flag::CUE_HEAD) {
        lexicon().cue_tails.get(first.lower(draft).as_ref())
    } else {
        None
    };
    for len in (1..=3).rev() {
        if k + len > toks.len() || toks[k..k + len - 1].iter().any(|t| t.break_after) {
            continue;
        }
        let words = &toks[k..k + len];
        let in_lexicon = if len == 1 {
            first.is(flag::CUE)
        } else {
            tails.is_some_and(|ts| ts.iter().any(|t| same_words(draft, t, &words[1..])))
        };
        if in_lexicon || extra.iter().any(|e| same_words(draft, e, words)) {
            // "in a statement" alone is not a cue; it rides on a verb.
            if len > 1 && first.is_word(draft, "in") {
                continue;
            }
            return Some(len);
        }
    }
    None
}

/// The speaker phrase ending just before the cue at `k` ("Peskov later").
fn backward(draft: &Draft, toks: &[Tok], k: usize) -> Option<Span> {
    let mut j = k;
    // Skip auxiliaries and adverbs between speaker and cue.
    while j > 0 && !toks[j - 1].break_after {
        let t = &toks[j - 1];
        if t.is(flag::BETWEEN) || {
            let l = t.lower(draft);
            l.ends_with("ly") && l.len() > 4
        } {
            j -= 1;
        } else {
            break;
        }
    }
    if j == 0 {
        return None;
    }
    // "Peskov, the Kremlin spokesman, said": a comma may close an apposition.
    if toks[j - 1].break_after && !toks[j - 1].comma_after {
        return None;
    }
    let end = j;
    let mut start = j - 1;
    // "a message that said", "officials who said": the relative pronoun
    // stands for the phrase before it.
    if matches!(toks[start].lower(draft).as_ref(), "who" | "which" | "that") {
        return Some(toks[start].span.clone());
    }
    if toks[start].is(flag::STOP) {
        return None;
    }
    let mut stopped = false;
    while start > 0 && end - start < 10 && !toks[start - 1].break_after {
        let t = &toks[start - 1];
        if t.is(flag::STOP | flag::CUE) {
            stopped = t.is(flag::STOP);
            break;
        }
        start -= 1;
    }
    // "Trump, in Kentucky, said": the apposition is a phrase of place or
    // time; the speaker stands before its opening comma.
    let apposition = toks[end - 1].break_after;
    if apposition && stopped {
        let open = (start.saturating_sub(10)..start.saturating_sub(1))
            .rev()
            .find(|&i| toks[i].comma_after);
        if let Some(c) = open {
            let mut s0 = c;
            while s0 > 0 && c - s0 < 8 && !toks[s0 - 1].break_after && !toks[s0 - 1].is(flag::STOP)
            {
                s0 -= 1;
            }
            if !toks[c].is(flag::STOP) {
                return Some(toks[s0].span.start..toks[c].span.end);
            }
        }
    }
    // "Ana Lopez, deputy security adviser, said": the apposition describes
    // the name before it, and the speaker is both.
    if apposition && !stopped {
        if let Some(name) = name_before_apposition(draft, toks, start) {
            return Some(toks[name].span.start..toks[end - 1].span.end);
        }
    }
    Some(toks[start].span.start..toks[end - 1].span.end)
}

/// Whether an apposition opens with a number of people ("two senior
/// officials", "12 lawmakers"): it cannot describe the one name before it
/// ("Moscow, two senior officials, said").
fn counts_people(draft: &Draft, first: &Tok) -> bool {
    let word = first.lower(draft);
    word.starts_with(|c: char| c.is_ascii_digit())
        || matches!(
            word.as_ref(),
            "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "several"
                | "some"
                | "many"
                | "dozens"
                | "both"
        )
}

/// The first token of a capitalised name run (one to four words) that ends
/// in a lone comma just before token `start`, if one does.
fn name_before_apposition(draft: &Draft, toks: &[Tok], start: usize) -> Option<usize> {
    let last = start.checked_sub(1)?;
    if !toks[last].comma_after || !toks[last].capital(draft) || counts_people(draft, &toks[start]) {
        return None;
    }
    let mut first = last;
    while first > 0
        && last - first < 3
        && !toks[first - 1].break_after
        && toks[first - 1].capital(draft)
    {
        first -= 1;
    }
    // The run must open its clause: "Ana Lopez, …" after a break or at the
    // paragraph's start, not "told Ana Lopez, …".
    let opens = first == 0 || toks[first - 1].break_after;
    (opens && !toks[first].is(flag::STOP | flag::PRONOUN)).then_some(first)
}

/// Back from the cue at `k` to the last punctuation or cue (15 words at most).
fn wide_back(toks: &[Tok], k: usize) -> Option<Span> {
    if k == 0 || toks[k - 1].break_after {
        return None;
    }
    let mut start = k - 1;
    while start > 0
        && k - start < 15
        && !toks[start - 1].break_after
        && !toks[start - 1].is(flag::CUE)
    {
        start -= 1;
    }
    Some(toks[start].span.start..toks[k - 1].span.end)
}

/// The speaker phrase after an inverted cue ("said Peskov", "according to
/// the report").
fn forward(toks: &[Tok], last: usize, max: usize) -> Option<Span> {
    if toks[last].break_after {
        return None;
    }
    let start = last + 1;
    let mut end = start;
    while end < toks.len() && end - start < max {
        let t = &toks[end];
        if end > start && t.is(flag::FORWARD_STOP) {
            break;
        }
        if end == start && t.is(flag::FORWARD_STOP | flag::STOP) {
            return None;
        }
        end += 1;
        if toks[end - 1].break_after {
            break;
        }
    }
    (end > start).then(|| toks[start].span.start..toks[end - 1].span.end)
}

/// When the cue has no speaker beside it ("X did Y and said", ", saying",
/// "by saying"), the sentence's subject: the first pronoun or capitalized
/// word at the start of the sentence or after a comma, before the cue.
fn subject_of(draft: &Draft, toks: &[Tok], k: usize) -> Option<Span> {
    let sentence = toks[k].sentence(draft);
    let first = toks[..k]
        .iter()
        .rposition(|t| t.sentence(draft) != sentence)
        .map_or(0, |i| i + 1);
    for i in first..k {
        if i != first && !toks[i - 1].break_after {
            continue;
        }
        let w = &toks[i];
        if w.is(flag::PRONOUN) {
            return Some(w.span.clone());
        }
        let article = matches!(w.lower(draft).as_ref(), "the" | "a" | "an");
        if article && i + 1 < k && !w.break_after {
            // "The mayor", "The Associated Press".
            let mut end = i + 1;
            while end + 1 < k && !toks[end].break_after && toks[end + 1].capital(draft) {
                end += 1;
            }
            return Some(w.span.start..toks[end].span.end);
        }
        if !w.capital(draft)
            || w.is(flag::OPENER)
            || (i == first && w.lower(draft).ends_with("ing"))
        {
            continue;
        }
        let mut end = i;
        while end + 1 < k && !toks[end].break_after && end - i < 6 {
            let next = draft.slice(&toks[end + 1].span);
            let particle = matches!(
                next,
                "von" | "van" | "der" | "den" | "de" | "la" | "le" | "al" | "bin" | "da" | "dos"
            );
            if particle || toks[end + 1].capital(draft) {
                end += 1;
            } else {
                break;
            }
        }
        return Some(toks[i].span.start..toks[end].span.end);
    }
    None
}

/// Speaker and cue in the quote's own sentence(s): the nearest clause.
fn in_sentence(draft: &Draft, q: &Quote, clauses: &[Clause]) -> Option<Attribution> {
    let first = q.sentence;
    let last = q
        .close
        .as_ref()
        .and_then(|c| draft.sentence_at(c.start))
        .unwrap_or(first)
        .max(first);
    let lo = draft.sentences.get(first)?.span.start;
    let hi = draft.sentences.get(last)?.span.end;
    nearest(
        q,
        clauses
            .iter()
            .filter(|c| c.cue.start >= lo && c.cue.end <= hi),
        How::Sentence,
    )
}

fn nearest<'c>(
    q: &Quote,
    cands: impl Iterator<Item = &'c Clause>,
    how: How,
) -> Option<Attribution> {
    cands
        .min_by_key(|c| {
            let distance = if c.cue.start >= q.span.end {
                c.cue.start - q.span.end
            } else {
                q.span.start.saturating_sub(c.cue.end) + 1
            };
            // "said" beats "declared" in an embedded clause nearer the quote.
            if c.strong {
                distance
            } else {
                distance + 120
            }
        })
        .map(|c| Attribution {
            speaker: Some(c.speaker.clone()),
            cue: Some(c.cue.clone()),
            anonymous: false,
            refers_to: None,
            how,
        })
}

/// A partial quote inside a sentence whose subject is a person or a named
/// body ("Trump attacked “the hateful ideology of …”", "Ted Nordhaus
/// welcomed “the recognition that …”"): the subject is the speaker, the
/// verb after it the cue. Only names and personal pronouns count: "The
/// plan was “a disaster for every family”" has no speaker.
fn framed_by_subject(draft: &Draft, q: &Quote, toks: &[Tok]) -> Option<Attribution> {
    // A full quote is framed only when the clause leads into it with a
    // comma: "Lin, on Twitter, defended the move, “As I said before, …”".
    if q.kind != QuoteKind::Partial && !(q.kind == QuoteKind::Full && comma_lead_in(draft, q)) {
        return None;
    }
    let first = toks
        .iter()
        .position(|t| t.sentence(draft) == q.sentence && t.span.end <= q.span.start)?;
    let before = toks[first..]
        .iter()
        .take_while(|t| t.span.end <= q.span.start)
        .count();
    // The sentence start, or just after a comma ("In a speech, Lin attacked").
    (first..first + before)
        .filter(|&i| i == first || toks[i - 1].comma_after)
        .find_map(|i| subject_at(draft, q, toks, i))
}

/// Cues that report words ("said", "told", "mentioned", "according to"),
/// as against verbs that may only frame a term ("hailed", "suggested",
/// "announced").
pub fn is_speech_cue(cue: &str) -> bool {
    let cue = cue.to_lowercase();
    if cue.starts_with("according to") {
        return true;
    }
    let verb = cue.split_whitespace().next().unwrap_or("");
    if matches!(verb, "said" | "told" | "wrote" | "written" | "replied") {
        return true;
    }
    // The base form, or it with "s", "d", "ed" or "ing".
    let base = |stem: &str| {
        REPORTING_VERBS.contains(&stem)
            || REPORTING_VERBS
                .iter()
                .any(|v| v.strip_suffix('e').is_some_and(|s| s == stem))
    };
    base(verb)
        || ["s", "d", "ed", "ing"]
            .iter()
            .any(|suffix| verb.strip_suffix(suffix).is_some_and(base))
}

/// Verbs that report someone's words, in their base form.
const REPORTING_VERBS: &[&str] = &[
    "say",
    "tell",
    "write",
    "add",
    "ask",
    "describe",
    "call",
    "mention",
    "note",
    "state",
    "claim",
    "explain",
    "remark",
    "report",
    "recall",
    "warn",
    "insist",
    "argue",
    "acknowledge",
    "admit",
    "confirm",
    "tweet",
    "post",
    "respond",
    "comment",
    "complain",
];

/// Verbs that take a stance in words, though no speech-verb list holds them.
fn is_stance_verb(verb: &str) -> bool {
    matches!(
        verb,
        "defended"
            | "defends"
            | "responded"
            | "responds"
            | "replied"
            | "replies"
            | "explained"
            | "explains"
            | "insisted"
            | "insists"
            | "argued"
            | "argues"
            | "countered"
            | "counters"
            | "tweeted"
            | "tweets"
            | "posted"
            | "posts"
            | "wrote"
            | "writes"
    )
}

/// Whether a comma ends the prose right before the quote, in its paragraph.
fn comma_lead_in(draft: &Draft, q: &Quote) -> bool {
    prose_before(draft, q).is_some_and(|before| before.ends_with(','))
}

/// The prose of the quote's paragraph before it, trailing spaces trimmed.
fn prose_before<'d>(draft: &'d Draft, q: &Quote) -> Option<&'d str> {
    let start = draft.paragraphs.get(q.paragraph)?.span.start;
    Some(draft.prose.get(start..q.span.start)?.trim_end())
}

/// A name or personal pronoun at `i` followed by a verb before the quote.
fn subject_at(draft: &Draft, q: &Quote, toks: &[Tok], first: usize) -> Option<Attribution> {
    let w = &toks[first];
    let mut end = first;
    let lower = w.lower(draft);
    if !matches!(lower.as_ref(), "he" | "she" | "they" | "i" | "we") {
        let mut i = first;
        if lower == "the" {
            i += 1;
        } else if w.is(flag::OPENER) || !w.capital(draft) {
            return None;
        }
        let name = toks.get(i).filter(|t| !t.break_after || t.comma_after)?;
        if !name.capital(draft) || name.is(flag::OPENER) {
            return None;
        }
        end = i;
        while end + 1 < toks.len()
            && !toks[end].break_after
            && toks[end + 1].span.end <= q.span.start
            && draft
                .slice(&toks[end + 1].span)
                .starts_with(char::is_uppercase)
        {
            end += 1;
        }
    }
    // "Lin, also on Twitter, defended": the verb follows the apposition.
    let before_verb = if toks[end].comma_after {
        (end + 1..toks.len().min(end + 8))
            .take_while(|&i| toks[i].span.end <= q.span.start)
            .find(|&i| toks[i].break_after)
            .filter(|&i| toks[i].comma_after)?
    } else {
        end
    };
    if toks[end].break_after && before_verb == end {
        return None;
    }
    let verb = toks.get(before_verb + 1).filter(|t| {
        t.span.end <= q.span.start && t.sentence(draft) == q.sentence && !t.capital(draft)
    })?;
    // A whole sentence in quotes after a comma is the subject's only when a
    // verb of the clause reports words or a stance ("defended her decision,
    // “…”", "began by saying, “…”"); after "Ray lost the vote, “…”" anyone
    // may be speaking.
    let reports_words = |t: &Tok| t.is(flag::CUE) || is_stance_verb(&t.lower(draft));
    if q.kind == QuoteKind::Full
        && !toks[before_verb + 1..]
            .iter()
            .take_while(|t| t.span.end <= q.span.start)
            .any(reports_words)
    {
        return None;
    }
    Some(Attribution {
        speaker: Some(w.span.start..toks[end].span.end),
        cue: Some(verb.span.clone()),
        anonymous: false,
        refers_to: None,
        how: How::Sentence,
    })
}

/// A lead-in ending in ":" right before the quote ("Then, on CNN: “…”").
/// The colon is the cue; the speaker is the sentence's subject if it has one.
fn colon_before(draft: &Draft, q: &Quote) -> Option<Attribution> {
    let before = prose_before(draft, q)?;
    if !before.ends_with(':') {
        return None;
    }
    let colon = draft.paragraphs[q.paragraph].span.start + before.len() - 1;
    let sentence = draft.sentence_at(colon)?;
    let lex = lexicon();
    let words = draft.sentences[sentence].words.clone();
    let speaker = words.into_iter().find_map(|i| {
        let w = &draft.words[i];
        let capital = starts_upper(draft.word_text(w));
        let flags = lex.flags(&word_lower(draft, i));
        let pronoun = flags & flag::PRONOUN != 0;
        (pronoun || capital && flags & flag::OPENER == 0).then(|| w.span.clone())
    });
    Some(Attribution {
        speaker,
        cue: Some(colon..colon + 1),
        anonymous: false,
        refers_to: None,
        how: How::Sentence,
    })
}

/// A dash and a name right after the quote (“…” ― Jane Doe).
fn dash_after(draft: &Draft, q: &Quote) -> Option<Attribution> {
    let para = &draft.paragraphs[q.paragraph];
    let after = draft.prose.get(q.span.end..para.span.end)?;
    let body = after.trim_start();
    let dash = body
        .chars()
        .next()
        .filter(|c| matches!(c, '—' | '–' | '―' | '-'))?;
    let dash_at = q.span.end + (after.len() - body.len());
    let rest = &body[dash.len_utf8()..];
    // Zero-width joiners and other format characters may follow the dash.
    let name = rest.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    });
    if !name.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let name_at = dash_at + dash.len_utf8() + (rest.len() - name.len());
    let len = name
        .find(['\n', ',', '.', '“', '"', '(', ';'])
        .unwrap_or(name.len());
    let name = name[..len].trim_end();
    if name.is_empty() || name.split_whitespace().count() > 6 {
        return None;
    }
    Some(Attribution {
        speaker: Some(name_at..name_at + name.len()),
        cue: Some(dash_at..dash_at + dash.len_utf8()),
        anonymous: false,
        refers_to: None,
        how: How::Signature,
    })
}

/// A continued quote is said by whoever said the first paragraph of it.
fn continued(quotes: &[Quote], k: usize, out: &[Option<Attribution>]) -> Option<Attribution> {
    let prev = quotes[k].continues?;
    let mut a = out.get(prev)?.clone()?;
    a.how = How::Continued;
    Some(a)
}

fn in_paragraph(q: &Quote, clauses: &[Clause]) -> Option<Attribution> {
    nearest(q, clauses.iter(), How::Paragraph)
}

/// The paragraph before `pi`, if it is prose (not a heading).
fn previous_prose(draft: &Draft, pi: usize) -> Option<usize> {
    let prev = pi.checked_sub(1)?;
    let p = draft.paragraphs.get(prev)?;
    (p.kind != BlockKind::Heading).then_some(prev)
}

/// Whether the quote opens its paragraph (nothing but space before it).
fn opens_paragraph(draft: &Draft, q: &Quote) -> bool {
    let p = &draft.paragraphs[q.paragraph];
    draft
        .prose
        .get(p.span.start..q.span.start)
        .is_some_and(|s| s.trim().is_empty())
}

/// A lead-in paragraph ending in ":" ("Here is what Peskov said:").
fn lead_in(
    draft: &Draft,
    q: &Quote,
    pi: usize,
    quotes: &[Quote],
    sorted: bool,
) -> Option<Attribution> {
    if !opens_paragraph(draft, q) {
        return None;
    }
    let prev = previous_prose(draft, pi)?;
    let text = draft.prose_slice(&draft.paragraphs[prev].span);
    let trimmed = text.trim_end();
    if !trimmed.ends_with(':') {
        return None;
    }
    let colon = draft.paragraphs[prev].span.start + trimmed.len() - 1;
    let (toks, cl) = paragraph_clauses(draft, prev, quotes, sorted);
    let speaker = cl.last().map(|c| c.speaker.clone()).or_else(|| {
        // "In response, Donald Trump issued the following statement:".
        let last = toks.len().checked_sub(1)?;
        subject_of(draft, &toks, last)
    });
    Some(Attribution {
        speaker,
        cue: Some(cl.last().map_or(colon..colon + 1, |c| c.cue.clone())),
        anonymous: false,
        refers_to: None,
        how: How::LeadIn,
    })
}

/// A floating quote: a paragraph that opens with a quote and has no
/// attribution of its own, after a paragraph whose last sentence holds an
/// attributed quote. The same speaker goes on.
/// `by_paragraph`: the quotes' paragraphs ascend (as a scan's do).
fn floating(
    draft: &Draft,
    quotes: &[Quote],
    by_paragraph: bool,
    k: usize,
    out: &[Option<Attribution>],
) -> Option<Attribution> {
    let q = &quotes[k];
    if !opens_paragraph(draft, q) {
        return None;
    }
    let prev = previous_prose(draft, q.paragraph)?;
    let last_sentence = draft.paragraphs[prev].sentences.end.checked_sub(1)?;
    let sentence_start = draft.sentences.get(last_sentence)?.span.start;
    let mut earlier = quotes.iter().enumerate().take(k).rev();
    let last_quote = if by_paragraph {
        // The search ends at the paragraph: a walk back to the draft's
        // first quote for each floating quote grew with the square of a
        // long draft.
        earlier
            .take_while(|(_, p)| p.paragraph >= prev)
            .find(|(_, p)| p.paragraph == prev)
    } else {
        earlier.find(|(_, p)| p.paragraph == prev)
    };
    let (pk, prev_q) = last_quote?;
    if prev_q.span.end >= sentence_start && prev_q.kind != QuoteKind::Scare {
        let mut a = out.get(pk)?.clone()?;
        a.how = How::Floating;
        return Some(a);
    }
    None
}

/// A block quote: a lead-in ending in ":", a "— Name" signature, or a
/// clause in the paragraph before.
fn block(draft: &Draft, quotes: &[Quote], sorted: bool, k: usize) -> Option<Attribution> {
    let q = &quotes[k];
    if let Some(a) = signature(draft, q) {
        return Some(a);
    }
    if let Some(a) = lead_in(draft, q, q.paragraph, quotes, sorted) {
        return Some(a);
    }
    let prev = previous_prose(draft, q.paragraph)?;
    let (_, cl) = paragraph_clauses(draft, prev, quotes, sorted);
    let c = cl.last()?;
    Some(Attribution {
        speaker: Some(c.speaker.clone()),
        cue: Some(c.cue.clone()),
        anonymous: false,
        refers_to: None,
        how: How::Paragraph,
    })
}

/// The words and clauses of paragraph `pi` (a lead-in or the paragraph
/// before a block quote; the stylebook's extra cues do not count there).
fn paragraph_clauses(
    draft: &Draft,
    pi: usize,
    quotes: &[Quote],
    sorted: bool,
) -> (Vec<Tok>, Vec<Clause>) {
    let mut spans = Vec::new();
    quote_spans(quotes, sorted, &draft.paragraphs[pi].span, &mut spans);
    let mut toks = Vec::new();
    tokens(draft, pi, &spans, &mut toks);
    let mut cl = Vec::new();
    find_clauses(draft, pi, &toks, &[], &mut cl);
    (toks, cl)
}

/// "— Name" as the last line of a block quote or the paragraph after it.
fn signature(draft: &Draft, q: &Quote) -> Option<Attribution> {
    let text = draft.prose_slice(&q.span);
    let last_line_at = text.trim_end().rfind('\n').map_or(0, |i| i + 1);
    let mut candidates: Vec<Span> = Vec::with_capacity(2);
    candidates.push(q.span.start + last_line_at..q.span.end);
    let next_para = draft
        .paragraph_at(q.span.end.saturating_sub(1))
        .map(|i| i + 1);
    if let Some(n) = next_para.and_then(|i| draft.paragraphs.get(i)) {
        if n.kind != BlockKind::BlockQuote
            || n.block_quote != draft.paragraphs[q.paragraph].block_quote
        {
            candidates.push(n.span.clone());
        }
    }
    for span in candidates {
        let line = draft.prose_slice(&span);
        let body = line.trim_start();
        let lead = line.len() - body.len();
        let Some(dash) = body
            .chars()
            .next()
            .filter(|c| matches!(c, '—' | '–' | '―' | '-' | '~'))
        else {
            continue;
        };
        let rest = &body[dash.len_utf8()..];
        let name = rest.trim();
        if name.is_empty() || name.split_whitespace().count() > 12 {
            continue;
        }
        let name_at = span.start + lead + dash.len_utf8() + (rest.len() - rest.trim_start().len());
        let name_end = name_at
            + name
                .split([',', '\n'])
                .next()
                .unwrap_or(name)
                .trim_end()
                .len();
        return Some(Attribution {
            speaker: Some(name_at..name_end),
            cue: Some(span.start + lead..span.start + lead + dash.len_utf8()),
            anonymous: false,
            refers_to: None,
            how: How::Signature,
        });
    }
    None
}

/// The capitalized run naming someone inside a speaker phrase ("Dmitry
/// Peskov" in "Kremlin spokesperson Dmitry Peskov"), if any.
pub fn named_part(draft: &Draft, speaker: &Span) -> Option<Span> {
    named_part_in(draft, usize::MAX, speaker)
}

/// [`named_part`] of a speaker most likely in paragraph `pi`.
fn named_part_in(draft: &Draft, pi: usize, speaker: &Span) -> Option<Span> {
    let range = within::words_in(draft, pi, speaker);
    named_part_of(&DraftWords { draft, range })
}

/// The words of a speaker phrase, from the draft or from a paragraph's
/// tokens (which know their flags and case already).
trait SpeakerWords {
    fn len(&self) -> usize;
    fn span(&self, i: usize) -> &Span;
    fn text(&self, i: usize) -> &str;
    /// The word's lower case, as [`word_lower`] gives it.
    fn lower(&self, i: usize) -> Cow<'_, str>;
    /// The word is the head of an unnamed source ("officials").
    fn anonymous_head(&self, i: usize) -> bool;
    /// [`starts_upper`] of the word's text.
    fn capital(&self, i: usize) -> bool;
}

/// Words `range` of the draft.
struct DraftWords<'d, 't> {
    draft: &'d Draft<'t>,
    range: std::ops::Range<usize>,
}

impl SpeakerWords for DraftWords<'_, '_> {
    fn len(&self) -> usize {
        self.range.len()
    }
    fn span(&self, i: usize) -> &Span {
        &self.draft.words[self.range.start + i].span
    }
    fn text(&self, i: usize) -> &str {
        self.draft
            .word_text(&self.draft.words[self.range.start + i])
    }
    fn lower(&self, i: usize) -> Cow<'_, str> {
        word_lower(self.draft, self.range.start + i)
    }
    fn anonymous_head(&self, i: usize) -> bool {
        lexicon().flags(&self.lower(i)) & flag::ANONYMOUS_HEAD != 0
    }
    fn capital(&self, i: usize) -> bool {
        starts_upper(self.text(i))
    }
}

/// A run of a paragraph's tokens that are the draft's words of a span
/// (see [`tok_run`]).
struct TokWords<'d, 't, 'k> {
    draft: &'d Draft<'t>,
    toks: &'k [Tok],
}

impl SpeakerWords for TokWords<'_, '_, '_> {
    fn len(&self) -> usize {
        self.toks.len()
    }
    fn span(&self, i: usize) -> &Span {
        &self.toks[i].span
    }
    fn text(&self, i: usize) -> &str {
        self.draft.slice(&self.toks[i].span)
    }
    fn lower(&self, i: usize) -> Cow<'_, str> {
        self.toks[i].lower(self.draft)
    }
    fn anonymous_head(&self, i: usize) -> bool {
        self.toks[i].is(flag::ANONYMOUS_HEAD)
    }
    fn capital(&self, i: usize) -> bool {
        self.toks[i].capital(self.draft)
    }
}

/// The tokens that are exactly the draft's words inside `span` (what
/// `words_in` finds), if the span is such a run: a speaker found among
/// the tokens nearly always is.
fn tok_run(draft: &Draft, toks: &[Tok], span: &Span) -> Option<std::ops::Range<usize>> {
    let a = toks.partition_point(|t| t.span.start < span.start);
    let b = toks.partition_point(|t| t.span.end <= span.end);
    let (first, last) = (toks.get(a)?, toks.get(b.checked_sub(1)?)?);
    // No word of the draft (a quoted one) between the tokens, none before
    // the first that `words_in` would take, none after the last.
    let whole = a < b
        && first.span.start == span.start
        && last.span.end == span.end
        && last.word - first.word == b - 1 - a
        && first
            .word
            .checked_sub(1)
            .is_none_or(|p| draft.words[p].span.start < span.start)
        && draft
            .words
            .get(last.word + 1)
            .is_none_or(|n| n.span.end > span.end);
    whole.then_some(a..b)
}

/// [`named_part_in`] and [`anonymous_in`] of a speaker, read from the
/// paragraph's tokens when it is a run of them.
fn speaker_facts(draft: &Draft, pi: usize, toks: &[Tok], sp: &Span) -> (Option<Span>, bool) {
    match tok_run(draft, toks, sp) {
        Some(run) => {
            let words = TokWords {
                draft,
                toks: &toks[run],
            };
            (
                named_part_of(&words),
                has_marker(draft, sp) || anonymous_of(&words),
            )
        }
        None => (named_part_in(draft, pi, sp), anonymous_in(draft, pi, sp)),
    }
}

/// [`anonymous_in`], read from the paragraph's tokens when it can be.
fn anonymous_at(draft: &Draft, pi: usize, toks: &[Tok], sp: &Span) -> bool {
    match tok_run(draft, toks, sp) {
        Some(run) => {
            has_marker(draft, sp)
                || anonymous_of(&TokWords {
                    draft,
                    toks: &toks[run],
                })
        }
        None => anonymous_in(draft, pi, sp),
    }
}

/// The last capitalized run of `words` that is no pronoun or determiner.
fn named_part_of(words: &impl SpeakerWords) -> Option<Span> {
    let mut best: Option<Span> = None;
    let mut run: Option<Span> = None;
    for i in 0..words.len() {
        let named = words.capital(i) && {
            let t = words.text(i);
            let function = matches!(
                t,
                "The"
                    | "A"
                    | "An"
                    | "He"
                    | "She"
                    | "They"
                    | "It"
                    | "I"
                    | "We"
                    | "One"
                    | "Some"
                    | "Two"
            );
            !function && !is_pronoun_text(t)
        };
        if named {
            let span = words.span(i);
            run = Some(match run {
                Some(r) => r.start..span.end,
                None => span.clone(),
            });
            best = run.clone();
        } else {
            run = None;
        }
    }
    best
}

/// Whether a speaker phrase names nobody: "a source familiar with the
/// call", "officials", "people briefed on the talks", "a senior official".
pub fn is_anonymous(draft: &Draft, speaker: &Span) -> bool {
    anonymous_in(draft, usize::MAX, speaker)
}

/// [`is_anonymous`] of a speaker most likely in paragraph `pi`.
fn anonymous_in(draft: &Draft, pi: usize, speaker: &Span) -> bool {
    if has_marker(draft, speaker) {
        return true;
    }
    let range = within::words_in(draft, pi, speaker);
    anonymous_of(&DraftWords { draft, range })
}

/// [`anonymous_in`] of a speaker's words, the markers aside.
fn anonymous_of(words: &impl SpeakerWords) -> bool {
    for i in 0..words.len() {
        if !words.anonymous_head(i) {
            continue;
        }
        let t = words.lower(i);
        if i > 3 {
            return false;
        }
        // "official statement", "source code": an adjective or a compound.
        let next_lower = i + 1 < words.len()
            && words
                .text(i + 1)
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
        if t == "official" && next_lower {
            continue;
        }
        // Only a determiner may be capitalized before the head ("A senior
        // official", "Two sources"); "Hispanic people" is no source.
        let capitalized_modifier = (0..i).any(|m| {
            let determiner = m == 0
                && matches!(
                    words.text(m),
                    "A" | "An"
                        | "One"
                        | "Two"
                        | "Three"
                        | "Some"
                        | "Several"
                        | "Many"
                        | "Other"
                        | "Senior"
                );
            words.capital(m) && !determiner
        });
        if capitalized_modifier {
            return false;
        }
        // "adviser Yuri Ushakov" names someone.
        let named_after = i + 1 < words.len() && words.capital(i + 1);
        if named_after {
            return false;
        }
        let det = if i == 0 { None } else { Some(words.lower(0)) };
        let definite = matches!(
            det.as_deref(),
            Some("the" | "his" | "her" | "their" | "its" | "our" | "my" | "that" | "this")
        );
        let plural = t.ends_with('s') || t == "people";
        return !definite || (plural && det.as_deref() != Some("the"));
    }
    false
}

/// Whether the speaker's text holds a phrase that makes it anonymous
/// ("familiar with"), anywhere, as a substring of its lower case.
fn has_marker(draft: &Draft, speaker: &Span) -> bool {
    let lex = lexicon();
    let text = draft.slice(speaker);
    let low = draft.lower_slice(speaker);
    // The draft's lower case is the text's when the span is all prose and
    // no character lowers to ASCII letters of another length (the Kelvin
    // sign, dotted capital I): then the ASCII markers are found in it alike.
    let same = lex.markers_ascii
        && low.len() == text.len()
        && draft.prose_slice(speaker) == text
        && (low.is_ascii() || !low.contains(['\u{212A}', '\u{130}']));
    if !same {
        let low = text.to_lowercase();
        return lex.anonymous_markers.iter().any(|m| low.contains(m));
    }
    let bytes = low.as_bytes();
    match &lex.marker_spaces {
        Some(spaces) => marker_at_space(lex, spaces, bytes),
        None => marker_anywhere(lex, bytes),
    }
}

/// Whether a marker (each with an inner space at `spaces`) is in `bytes`:
/// one stands across a space of the text, and the bytes either side of
/// that space rule out most markers before any is compared.
fn marker_at_space(lex: &Lexicon, spaces: &[usize], bytes: &[u8]) -> bool {
    memchr::memchr_iter(b' ', bytes).any(|p| {
        let (Some(&b), Some(&a)) = (bytes.get(p.wrapping_sub(1)), bytes.get(p + 1)) else {
            return false;
        };
        let mut may = lex.before_space[usize::from(b)] & lex.after_space[usize::from(a)];
        while may != 0 {
            let k = may.trailing_zeros() as usize;
            may &= may - 1;
            let found = marker_indices(lex, k).any(|j| {
                let m = lex.anonymous_markers[j].as_bytes();
                p.checked_sub(spaces[j])
                    .is_some_and(|i| bytes[i..].starts_with(m))
            });
            if found {
                return true;
            }
        }
        false
    })
}

/// The markers that filter bit `k` stands for: bit 63 stands for every
/// marker from the 64th on.
fn marker_indices(lex: &Lexicon, k: usize) -> std::ops::Range<usize> {
    let last = if k == 63 {
        lex.anonymous_markers.len()
    } else {
        k + 1
    };
    k..last
}

/// Whether a marker is in `bytes`, looked for at every byte.
fn marker_anywhere(lex: &Lexicon, bytes: &[u8]) -> bool {
    // Only where a marker's first two bytes stand is it compared.
    bytes.iter().enumerate().any(|(i, &b)| {
        let second = bytes
            .get(i + 1)
            .map_or(lex.marker_single, |&n| lex.marker_second[usize::from(n)]);
        let mut may = lex.marker_first[usize::from(b)] & second;
        while may != 0 {
            let k = may.trailing_zeros() as usize;
            may &= may - 1;
            let markers = lex
                .anonymous_markers
                .get(marker_indices(lex, k))
                .unwrap_or(&[]);
            if markers.iter().any(|m| bytes[i..].starts_with(m.as_bytes())) {
                return true;
            }
        }
        false
    })
}

/// How a quote's speaker is shown: the name in the speaker phrase, else the
/// named person a pronoun refers to ("he (Peskov)"), else the phrase.
pub fn display_speaker(draft: &Draft, attr: &Attribution) -> String {
    let Some(sp) = &attr.speaker else {
        return "(lead-in)".to_string();
    };
    if let Some(name) = named_part(draft, sp) {
        let text = draft.slice(&name);
        return text
            .strip_suffix("’s")
            .or_else(|| text.strip_suffix("'s"))
            .unwrap_or(text)
            .to_string();
    }
    match &attr.refers_to {
        Some(r) => format!("{} ({})", draft.slice(sp), draft.slice(r)),
        None => draft.slice(sp).to_string(),
    }
}

/// The first words of a quote, on one line.
pub fn excerpt(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > max {
        let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// Hover on a quote: who said it, and the cue (Markdown).
pub fn quote_hover(a: &crate::analysis::Analysis, offset: usize) -> Option<(Span, String)> {
    let k = a.quotes.at(offset)?;
    let q = &a.quotes.quotes[k];
    let head = Quote::head(&a.quotes.quotes, k);
    let kind = q.kind.as_str();
    let text = match a.attributions.get(head).and_then(Option::as_ref) {
        Some(attr) => {
            let who = display_speaker(&a.draft, attr);
            let cue = attr.cue.as_ref().map(|c| a.draft.slice(c)).unwrap_or("");
            let anonymous = if attr.anonymous {
                " — an unnamed source"
            } else {
                ""
            };
            format!("**Quote** ({kind}) said by **{who}**{anonymous}\n\ncue: “{cue}”")
        }
        None if q.kind == QuoteKind::Scare => format!("**Quote** ({kind}): needs no attribution"),
        None => format!("**Quote** ({kind}): nobody is named as saying it"),
    };
    Some((q.span.clone(), text))
}

/// The source list for the outline: each speaker with their quotes, the
/// unattributed last. Scare quotes are left out.
pub fn quote_outline(a: &crate::analysis::Analysis) -> Vec<crate::analysis::OutlineItem> {
    use crate::analysis::{OutlineItem, OutlineKind};
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut unattributed = Vec::new();
    for (k, q) in a.quotes.quotes.iter().enumerate() {
        if q.kind == QuoteKind::Scare {
            continue;
        }
        let head = Quote::head(&a.quotes.quotes, k);
        match a.attributions.get(head).and_then(Option::as_ref) {
            Some(attr) => {
                let name = display_speaker(&a.draft, attr);
                match groups.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, ks)) => ks.push(k),
                    None => groups.push((name, vec![k])),
                }
            }
            None => unattributed.push(k),
        }
    }
    if !unattributed.is_empty() {
        groups.push(("(unattributed)".to_string(), unattributed));
    }
    groups
        .into_iter()
        .filter_map(|(name, ks)| {
            let quotes = &a.quotes.quotes;
            let first = quotes.get(*ks.first()?)?;
            let last = quotes.get(*ks.last()?)?;
            let children = ks
                .iter()
                .map(|&k| {
                    let q = &quotes[k];
                    OutlineItem {
                        name: excerpt(a.draft.slice(&q.span), 60),
                        detail: q.kind.as_str().to_string(),
                        kind: OutlineKind::Quote,
                        range: q.span.clone(),
                        selection: q.span.clone(),
                        children: Vec::new(),
                    }
                })
                .collect::<Vec<_>>();
            let n = children.len();
            Some(OutlineItem {
                name,
                detail: format!("{n} quote{}", if n == 1 { "" } else { "s" }),
                kind: OutlineKind::Person,
                range: first.span.start..last.span.end,
                selection: first.span.clone(),
                children,
            })
        })
        .collect()
}

/// Put each speaker's quotes under the person of the same surname in the
/// people outline; speakers who are no person there (roles, bodies, the
/// unattributed) follow as items of their own.
pub fn merge_outline(
    mut people: Vec<crate::analysis::OutlineItem>,
    speakers: Vec<crate::analysis::OutlineItem>,
) -> Vec<crate::analysis::OutlineItem> {
    fn surname(name: &str) -> &str {
        name.split_whitespace().last().unwrap_or(name)
    }
    for group in speakers {
        let found = people.iter_mut().find(|p| {
            p.kind == crate::analysis::OutlineKind::Person
                && !group.name.starts_with('(')
                && surname(&p.name) == surname(&group.name)
        });
        match found {
            Some(person) => {
                let n = group.children.len();
                person.detail = format!(
                    "{}, {n} quote{}",
                    person.detail,
                    if n == 1 { "" } else { "s" }
                );
                person.range = person.range.start.min(group.range.start)
                    ..person.range.end.max(group.range.end);
                person.children.extend(group.children);
            }
            None => people.push(group),
        }
    }
    people
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analysis, OutlineKind};
    use crate::draft::{Draft, DraftKind};
    use crate::stylebook::Stylebook;

    fn analyse(text: &str) -> Analysis<'_> {
        Analysis::new(Draft::parse(text, DraftKind::Plain), &Stylebook::default())
    }

    /// (span, word, flags, break, comma) of each token.
    type TokFacts = (super::Span, usize, u16, bool, bool);

    fn facts(toks: &[super::Tok]) -> Vec<TokFacts> {
        toks.iter()
            .map(|t| {
                let marks = (t.break_after, t.comma_after);
                (t.span.clone(), t.word, t.flags, marks.0, marks.1)
            })
            .collect()
    }

    /// The tokens of a paragraph word by word, each asked whether a quote
    /// holds it (as before the words between quotes were taken as runs).
    fn tokens_word_by_word(draft: &Draft, pi: usize, inside: &[super::Span]) -> Vec<TokFacts> {
        let lex = super::lexicon();
        let range = crate::draft::within::words_in(draft, pi, &draft.paragraphs[pi].span);
        let mut toks: Vec<super::Tok> = Vec::new();
        for k in range {
            let w = &draft.words[k];
            if inside
                .iter()
                .any(|q| q.start <= w.span.start && w.span.start < q.end)
            {
                if let Some(last) = toks.last_mut() {
                    last.break_after = true;
                }
                continue;
            }
            if let Some(last) = toks.last_mut() {
                super::mark_break(draft, last, w.span.start);
            }
            toks.push(super::Tok {
                span: w.span.clone(),
                word: k,
                flags: lex.word_flags(draft, w),
                break_after: false,
                comma_after: false,
            });
        }
        if let Some(last) = toks.last_mut() {
            last.break_after = true;
        }
        facts(&toks)
    }

    /// Runs of words between quotes make the tokens that asking each word
    /// made.
    #[test]
    fn runs_between_quotes_make_the_same_tokens() {
        let texts = [
            "“We will not back down,” Peskov, the spokesman, said. “Never.” He left (D-N.Y.) today.",
            "Smith said “yes” and “no”; then “maybe,” Jones added, “or not.”",
            "\"Open quote never closed, she said.\n\nAnother paragraph, “short” one.",
            "No quotes at all here, said nobody. Second sentence.",
            "“Only a quote.”",
            "“Nested ‘single’ marks,” he said, “and more” — then “end.”",
        ];
        for text in texts {
            let a = analyse(text);
            let quotes = &a.quotes.quotes;
            let mut spans = Vec::new();
            let mut toks = Vec::new();
            for pi in 0..a.draft.paragraphs.len() {
                let sorted = super::ascending(quotes);
                super::quote_spans(quotes, sorted, &a.draft.paragraphs[pi].span, &mut spans);
                super::tokens(&a.draft, pi, &spans, &mut toks);
                assert_eq!(
                    facts(&toks),
                    tokens_word_by_word(&a.draft, pi, &spans),
                    "{text:?}"
                );
            }
        }
    }

    /// A token answers its lower case, capital, sentence and every flag as
    /// the draft's word does.
    #[test]
    fn token_facts_are_the_drafts() {
        let lex = super::lexicon();
        let texts = [
            "“We will not back down,” Peskov, the spokesman, later said. “Never.” He left.",
            "Officials familiar with the talks told reporters “yes”, according to the report.",
            "“Fine,” mused the host, who SAID and Added and spo\u{212A}e “more”.",
            "The senior official, speaking on condition of anonymity, said: “no.”",
            "ÉTIENNE Ünal and ǅemal said “oui”; Straße officials added.",
        ];
        for text in texts {
            let a = analyse(text);
            let d = &a.draft;
            let quotes = &a.quotes.quotes;
            let (mut spans, mut toks) = (Vec::new(), Vec::new());
            for pi in 0..d.paragraphs.len() {
                super::quote_spans(
                    quotes,
                    super::ascending(quotes),
                    &d.paragraphs[pi].span,
                    &mut spans,
                );
                super::tokens(d, pi, &spans, &mut toks);
                for t in &toks {
                    assert_eq!(t.lower(d), super::word_lower(d, t.word), "{text:?}");
                    assert_eq!(t.capital(d), super::capital_at(d.text, &t.span));
                    assert_eq!(t.sentence(d), d.words[t.word].sentence);
                    let want = lex.flags(&super::word_lower(d, t.word));
                    for bit in 0..11 {
                        let f = 1u16 << bit;
                        assert_eq!(t.is(f), want & f != 0, "{text:?} {:?} {bit}", t.span);
                    }
                }
            }
        }
    }

    /// The packed table answers as the map of every lexicon word does.
    #[test]
    fn packed_lexicon_agrees_with_the_map() {
        let lex = super::lexicon();
        let map = |w: &str| lex.words.get(w).copied().unwrap_or(0);
        for (w, &f) in &lex.words {
            assert_eq!(lex.flags(w), f, "{w}");
        }
        for w in [
            "",
            "saidd",
            "sai",
            "x",
            "officialsofficials",
            "spo\u{212A}e",
            "é",
        ] {
            assert_eq!(lex.flags(w), map(w), "{w}");
        }
    }

    /// A speaker read from the tokens is judged as one read from the draft.
    #[test]
    fn speaker_facts_from_tokens_are_the_drafts() {
        let texts = [
            "A senior official familiar with the talks said “no” to Peskov, and Officials in Kyiv said so.",
            "“Fine,” said a source close to the mayor. The Two sources SAID it; “we go” adviser Yuri Ushakov told reporters.",
            "Jürgen Öztürk, the İstanbul official, and \u{212A}elvin people said “x” then “” official statement Some people.",
        ];
        for text in texts {
            let draft = Draft::parse(text, DraftKind::Plain);
            let scan = crate::analysis::quotes::scan(&draft);
            for pi in 0..draft.paragraphs.len() {
                let mut spans = Vec::new();
                super::quote_spans(&scan.quotes, true, &draft.paragraphs[pi].span, &mut spans);
                let mut toks = Vec::new();
                super::tokens(&draft, pi, &spans, &mut toks);
                for a in 0..toks.len() {
                    for b in a + 1..toks.len().min(a + 8) {
                        let sp = toks[a].span.start..toks[b].span.end;
                        let drafts = (
                            super::named_part_in(&draft, pi, &sp),
                            super::anonymous_in(&draft, pi, &sp),
                        );
                        assert_eq!(super::speaker_facts(&draft, pi, &toks, &sp), drafts);
                        assert_eq!(super::anonymous_at(&draft, pi, &toks, &sp), drafts.1);
                    }
                }
            }
        }
    }

    #[test]
    fn hover_names_the_speaker_and_cue() {
        let text = "“We will not back down,” Dmitry Peskov said.";
        let a = analyse(text);
        let (span, shown) = a.hover(5).expect("hover on the quote");
        assert_eq!(&text[span], "“We will not back down,”");
        assert!(
            shown.contains("Dmitry Peskov") && shown.contains("said"),
            "{shown}"
        );
    }

    #[test]
    fn hover_resolves_a_pronoun_to_the_last_named_speaker() {
        let text =
            "“We go,” Peskov said.\n\nLater, “we will stay the whole week,” he told reporters.";
        let a = analyse(text);
        let at = text.find("we will").unwrap();
        let (_, shown) = a.hover(at).expect("hover");
        assert!(shown.contains("he (Peskov)"), "{shown}");
    }

    #[test]
    fn hover_on_an_unattributed_quote_says_so() {
        let a = analyse("“We will not back down.”");
        assert!(a.hover(3).expect("hover").1.contains("nobody"));
        assert!(a.hover(100).is_none());
    }

    #[test]
    fn outline_lists_speakers_with_their_quotes() {
        let text = "“We go,” Peskov said. “We stay,” Lin said.\n\n“Fine by us,” Peskov added.\n\nThe talks ended.\n\n“Who knows what comes next.”\n";
        let outline = analyse(text).outline();
        let names: Vec<&str> = outline.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, vec!["Peskov", "Lin", "(unattributed)"]);
        assert_eq!(outline[0].children.len(), 2);
        assert_eq!(outline[0].detail, "2 quotes");
        assert!(outline.iter().all(|o| o.kind == OutlineKind::Person));
    }
}
