//! Name runs: capitalised words (with particles, initials, hyphens) that
//! may name someone, found in the words of a draft's prose.
//!
//! Runs are found once per draft in one pass over the words; their tokens
//! live in one shared vector and borrow their text from the draft, so
//! finding them allocates nothing per word.

use crate::draft::{BlockKind, Draft};
use crate::finding::Span;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// A word list compiled in, its words filed by a hash of their length,
/// first and last byte (their [`shape_slot`]): a look-up compares a word
/// with the few words of its slot, most often none, without hashing it.
pub struct Lexicon {
    /// The words, in order of slot.
    words: Vec<&'static str>,
    /// The words of slot `s` are `words[starts[s]..starts[s + 1]]`.
    starts: Vec<u32>,
    /// Per word, the flag of the list it came from (see [`Lexicon::of`]).
    flags: Vec<u8>,
}

/// The words of a word list, in order: split at ASCII white space (the
/// lists are spaced so, a test says), lines whose first word starts with
/// `#` skipped. By bytes: `lines` and `split_whitespace` decode every
/// character, and the lists are built in each process (each `check`).
fn each_listed_word(text: &'static str, mut each: impl FnMut(&'static str)) {
    let bytes = text.as_bytes();
    let (mut at, mut line_start) = (0, true);
    let mut comment = false;
    while at < bytes.len() {
        let b = bytes[at];
        if b == b'\n' {
            (line_start, comment) = (true, false);
            at += 1;
            continue;
        }
        if b.is_ascii_whitespace() {
            at += 1;
            continue;
        }
        let end = bytes[at..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |n| at + n);
        if line_start && b == b'#' {
            comment = true;
        }
        line_start = false;
        if !comment {
            // Split at ASCII bytes only: on character boundaries.
            if let Some(word) = text.get(at..end) {
                each(word);
            }
        }
        at = end;
    }
}

/// How many values [`shape_slot`] takes.
const SLOTS: usize = 2048;

impl Lexicon {
    /// Files the words by slot with a counting sort: built once a
    /// process, but a comparison sort of the first-names list cost more
    /// than linting a short draft. A word listed twice is filed twice,
    /// which a look-up (stopping at the first match) does not notice.
    fn new(text: &'static str) -> Lexicon {
        Lexicon::of(&[(text, 1)])
    }

    /// The words of several lists, each word flagged with its list's flag
    /// (a word of two lists is filed twice, once with each).
    fn of(lists: &[(&'static str, u8)]) -> Lexicon {
        let size: usize = lists.iter().map(|(text, _)| text.len() / 6).sum();
        let mut listed: Vec<(u16, &'static str, u8)> = Vec::with_capacity(size);
        for &(text, flag) in lists {
            each_listed_word(text, |w| {
                listed.push((shape_slot(w.as_bytes()) as u16, w, flag));
            });
        }
        let mut starts = vec![0u32; SLOTS + 1];
        for &(slot, _, _) in &listed {
            starts[usize::from(slot) + 1] += 1;
        }
        for s in 1..starts.len() {
            starts[s] += starts[s - 1];
        }
        // The next free place of each slot.
        let mut next = starts.clone();
        let mut words = vec![""; listed.len()];
        let mut flags = vec![0; listed.len()];
        for (slot, w, flag) in listed {
            let at = &mut next[usize::from(slot)];
            words[*at as usize] = w;
            flags[*at as usize] = flag;
            *at += 1;
        }
        Lexicon {
            words,
            starts,
            flags,
        }
    }

    /// The flags of the lists that hold `word` (0: none).
    fn flags(&self, word: &[u8]) -> u8 {
        let slot = shape_slot(word);
        let (Some(&from), Some(&to)) = (self.starts.get(slot), self.starts.get(slot + 1)) else {
            return 0;
        };
        let (from, to) = (from as usize, to as usize);
        let (Some(words), Some(flags)) = (self.words.get(from..to), self.flags.get(from..to))
        else {
            return 0;
        };
        words
            .iter()
            .zip(flags)
            .filter(|(w, _)| w.as_bytes() == word)
            .fold(0, |all, (_, &flag)| all | flag)
    }

    pub fn contains(&self, word: &str) -> bool {
        self.contains_bytes(word.as_bytes())
    }

    /// [`Lexicon::contains`] for the bytes of a word, so a word of the
    /// draft can be asked without slicing its text.
    fn contains_bytes(&self, word: &[u8]) -> bool {
        self.contains_at(shape_slot(word), word)
    }

    /// [`Lexicon::contains`] with the word's [`shape_slot`] already
    /// computed, so several lexicons can be asked for one word.
    fn contains_at(&self, slot: usize, word: &[u8]) -> bool {
        let (Some(&from), Some(&to)) = (self.starts.get(slot), self.starts.get(slot + 1)) else {
            return false;
        };
        self.words
            .get(from as usize..to as usize)
            .is_some_and(|slot_words| slot_words.iter().any(|w| w.as_bytes() == word))
    }
}

/// A slot in 0..[`SLOTS`] for a word's length, first and last byte.
#[inline]
fn shape_slot(b: &[u8]) -> usize {
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return 0;
    };
    let h = (b.len() as u32) ^ (u32::from(first) << 8) ^ (u32::from(last) << 16);
    (h.wrapping_mul(0x9E37_79B1) >> 21) as usize
}

pub fn first_names() -> &'static Lexicon {
    static SET: OnceLock<Lexicon> = OnceLock::new();
    SET.get_or_init(|| Lexicon::new(include_str!("../data/first_names.txt")))
}

pub fn particles() -> &'static Lexicon {
    static SET: OnceLock<Lexicon> = OnceLock::new();
    SET.get_or_init(|| Lexicon::new(include_str!("../data/particles.txt")))
}

pub fn stopwords() -> &'static Lexicon {
    static SET: OnceLock<Lexicon> = OnceLock::new();
    SET.get_or_init(|| Lexicon::new(include_str!("../data/name_stopwords.txt")))
}

/// The flag of [`cuts`] for a title.
const TITLE: u8 = 1;
/// The flag of [`cuts`] for a stop word.
const STOP: u8 = 2;

/// Titles and stop words, which cut a run of capitalised words, in one
/// lexicon: a word of a run is looked up once for both.
fn cuts() -> &'static Lexicon {
    static SET: OnceLock<Lexicon> = OnceLock::new();
    SET.get_or_init(|| {
        Lexicon::of(&[
            (include_str!("../data/titles.txt"), TITLE),
            (include_str!("../data/name_stopwords.txt"), STOP),
        ])
    })
}

pub fn titles() -> &'static Lexicon {
    static SET: OnceLock<Lexicon> = OnceLock::new();
    SET.get_or_init(|| Lexicon::new(include_str!("../data/titles.txt")))
}

/// `draft.slice(span).to_lowercase()`, borrowed from the draft's lower-case
/// view when that is exactly it (ASCII text that is all prose), so lexicon
/// look-ups of names allocate nothing.
pub fn lower<'d>(draft: &'d Draft, span: &Span) -> Cow<'d, str> {
    let text = draft.slice(span);
    if text.is_ascii() && draft.prose_slice(span) == text {
        Cow::Borrowed(draft.lower_slice(span))
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

/// The lower case of a span inside one word (where the prose is the
/// text), borrowed from the draft's lower-case view when ASCII.
pub fn lower_word<'d>(draft: &'d Draft, span: &Span) -> Cow<'d, str> {
    // Tested by bytes: ASCII bytes begin and end on character boundaries,
    // so the lower-case view needs no check of its own.
    match draft.text.as_bytes().get(span.clone()) {
        Some(bytes) if bytes.is_ascii() => Cow::Borrowed(draft.lower_slice(span)),
        _ => Cow::Owned(draft.slice(span).to_lowercase()),
    }
}

/// Whether the word at `span` is in [`titles`] by its lower case: for an
/// ASCII word, the bytes of the lower-case view (what [`lower_word`]
/// borrows), with no text sliced.
// Always inlined: asked once a run, for the word before it.
#[inline(always)]
fn is_title_at(draft: &Draft, span: &Span) -> bool {
    match draft.text.as_bytes().get(span.clone()) {
        Some(bytes) if bytes.is_ascii() => draft
            .lower
            .as_bytes()
            .get(span.clone())
            .is_some_and(|lower| titles().contains_bytes(lower)),
        _ => titles().contains(lower_word(draft, span).as_ref()),
    }
}

/// Whether `word` is in [`particles`]. Every particle starts with a
/// lower-case ASCII letter, so a capitalised word (most words asked) is
/// turned away by its first byte.
fn is_particle(word: &str) -> bool {
    is_particle_bytes(word.as_bytes())
}

/// [`is_particle`] for the bytes of a word.
fn is_particle_bytes(word: &[u8]) -> bool {
    word.first().is_some_and(u8::is_ascii_lowercase) && particles().contains_bytes(word)
}

/// Verbs of speech right after a name: evidence that it is a person.
/// By the word's bytes: its text is not sliced.
fn is_cue(word: &[u8]) -> bool {
    // Every cue ends in d, s or e: most words are turned away by a byte.
    matches!(word.last(), Some(b'd' | b's' | b'e'))
        && matches!(
            word,
            b"said"
                | b"says"
                | b"told"
                | b"added"
                | b"asked"
                | b"wrote"
                | b"tweeted"
                | b"stated"
                | b"explained"
                | b"noted"
                | b"argued"
                | b"insisted"
                | b"announced"
                | b"declared"
                | b"replied"
                | b"responded"
                | b"warned"
                | b"claimed"
        )
}

/// Generational suffixes that follow a surname and are not it.
fn is_suffix(word: &str) -> bool {
    matches!(word, "Jr" | "Sr" | "II" | "III" | "IV")
}

/// A cheap first test of "may this word equal one of these lower-cased
/// names": a bit per (length, first byte, last byte) of the names. The
/// people analysis asks it of every word of a draft, for the lower case
/// of every token of the runs ([`Runs::shapes`]).
#[derive(Debug, Clone)]
pub struct ShapeFilter {
    bits: [u64; 16],
    /// By first byte, a bit per length (mod 32), and the same by
    /// last byte: tested before the hashed shape, as most words of a draft
    /// fail them for a load and a shift.
    /// `lengths` by the whole first byte, so the test a word takes is one
    /// load; `ends` by the byte's low seven bits (a byte beyond ASCII
    /// shares its entry with an ASCII one, which lets more words through,
    /// never fewer).
    lengths: [u32; 256],
    ends: [u32; 128],
}

impl Default for ShapeFilter {
    fn default() -> Self {
        ShapeFilter {
            bits: [0; 16],
            lengths: [0; 256],
            ends: [0; 128],
        }
    }
}

impl ShapeFilter {
    fn slot(len: usize, first: u8, last: u8) -> usize {
        let h = (len as u32) ^ (u32::from(first) << 8) ^ (u32::from(last) << 16);
        (h.wrapping_mul(0x9E37_79B1) >> 22) as usize
    }

    /// Add the lower case of ASCII `b` (or of lower-cased text): only its
    /// length and first and last bytes count, lowered here.
    pub fn add_ascii(&mut self, b: &[u8]) {
        let (Some(first), Some(last)) = (b.first(), b.last()) else {
            return;
        };
        let (first, last) = (first.to_ascii_lowercase(), last.to_ascii_lowercase());
        let slot = Self::slot(b.len(), first, last);
        self.bits[slot / 64] |= 1 << (slot % 64);
        self.lengths[usize::from(first)] |= Self::length_bit(b.len());
        self.ends[usize::from(last & 127)] |= Self::length_bit(b.len());
    }

    /// A bit per length mod 32: a shift by the length's low bits, one
    /// instruction (a word of 33 bytes shares the bit of a word of one,
    /// which lets more words through, never fewer).
    #[inline(always)]
    fn length_bit(len: usize) -> u32 {
        1 << (len & 31)
    }

    /// May a word of this length and first byte be one of the names? A
    /// first test of [`ShapeFilter::may_hold`].
    pub fn may_start(&self, first: u8, len: usize) -> bool {
        self.lengths[usize::from(first)] & Self::length_bit(len) != 0
    }

    /// May a word of this length, first and last byte be one of the names?
    pub fn may_hold(&self, len: usize, first: u8, last: u8) -> bool {
        let bit = Self::length_bit(len);
        if self.lengths[usize::from(first)] & self.ends[usize::from(last & 127)] & bit == 0 {
            return false;
        }
        let slot = Self::slot(len, first, last);
        self.bits[slot / 64] & (1 << (slot % 64)) != 0
    }
}

/// One word of a name run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'t> {
    /// Index into `draft.words`.
    pub word: usize,
    /// Where the word starts.
    pub start: usize,
    /// Where the word ends, a possessive ’s excluded.
    pub end: usize,
    /// The word's text, possessive excluded.
    pub text: &'t str,
    /// A lower-case particle (von, der, bin, al).
    pub particle: bool,
    /// The text is all ASCII: its lower case is the draft's lower-case
    /// view, with no test of its own (see [`Token::lower`]).
    pub ascii: bool,
}

impl Token<'_> {
    /// The word's span without a possessive ’s.
    pub fn span(&self) -> Span {
        self.start..self.end
    }

    /// The lower case of the token: [`lower_word`] of its span, borrowed
    /// at once for an ASCII token.
    pub fn lower<'d>(&self, draft: &'d Draft) -> Cow<'d, str> {
        if self.ascii {
            Cow::Borrowed(draft.lower_slice(&self.span()))
        } else {
            lower_word(draft, &self.span())
        }
    }
}

/// A run of capitalised words, as found, before deciding who it names.
#[derive(Debug, Clone)]
pub struct Run {
    /// Indices into [`Runs::tokens`] of the name's words.
    pub tokens: Range<usize>,
    /// Word indices of the whole run, including titles and words cut off.
    pub words: Range<usize>,
    /// A title or honorific came right before the name ("Sen.", "spokesman").
    pub titled: bool,
    /// A speech verb follows ("Peskov said").
    pub cue_after: bool,
    /// The first token opens its sentence.
    pub sentence_initial: bool,
    /// The run is in a heading, where every word may be capitalised.
    pub heading: bool,
    /// The name ends in a possessive (Zelenskyy’s).
    pub possessive: bool,
}

/// Every run of a draft, with the tokens they index.
#[derive(Debug, Clone, Default)]
pub struct Runs<'t> {
    pub tokens: Vec<Token<'t>>,
    pub runs: Vec<Run>,
    /// The shapes of the tokens' lower case, added as each token is made
    /// (its lower case is at hand then), so the people analysis need not
    /// walk the tokens again. Tokens a run drops later (particles at its
    /// ends) are in it too: a filter that lets more words through, and
    /// only words that are looked up count.
    pub shapes: ShapeFilter,
}

impl<'t> Runs<'t> {
    /// The tokens of a run.
    pub fn tokens_of(&self, run: &Run) -> &[Token<'t>] {
        &self.tokens[run.tokens.clone()]
    }
}

/// The length in bytes of a word's possessive suffix (0 for none), the
/// first of ’s, 's, ’S, 'S, ’ and ' that it ends with.
#[inline]
fn possessive_len(bytes: &[u8]) -> usize {
    // Every suffix ends in s, S, ' or ’ (whose last byte is 0x99).
    if !matches!(bytes.last(), Some(b's' | b'S' | b'\'' | 0x99)) {
        return 0;
    }
    suffix_len(bytes)
}

/// [`possessive_len`] past its first test, out of line: few words get
/// here.
#[inline(never)]
fn suffix_len(bytes: &[u8]) -> usize {
    ["’s", "'s", "’S", "'S", "’", "'"]
        .iter()
        .find(|suffix| bytes.ends_with(suffix.as_bytes()))
        .map_or(0, |suffix| suffix.len())
}

/// Does the word at `span` end in a possessive? By its bytes.
fn possessive_at(draft: &Draft, span: &Span) -> bool {
    draft
        .text
        .as_bytes()
        .get(span.clone())
        .is_some_and(|bytes| possessive_len(bytes) > 0)
}

/// Does this word look like part of a name: capitalised, letters only,
/// not an all-capitals acronym. "al-Assad" counts by its second part.
fn is_capitalised(text: &str) -> bool {
    capitalised(text) != Capitalised::No
}

/// What [`capitalised`] found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Capitalised {
    No,
    /// Capitalised, and all ASCII (its lower case is the draft's lower-case
    /// view, with no test of its own).
    Ascii,
    /// Capitalised, with characters beyond ASCII or not tested for them.
    Yes,
}

/// [`is_capitalised`], telling words found to be all ASCII on the way.
fn capitalised(text: &str) -> Capitalised {
    let bytes = text.as_bytes();
    let Some(&b0) = bytes.first() else {
        return Capitalised::No;
    };
    // Most words: lower case, with no Arabic article ("al-") to look past.
    let article = matches!(b0, b'a' | b'e' | b'b' | b'i')
        && (bytes.get(2) == Some(&b'-') || bytes.get(3) == Some(&b'-'));
    if b0.is_ascii() && !b0.is_ascii_uppercase() && !article {
        return Capitalised::No;
    }
    if !article && b0.is_ascii_uppercase() {
        match is_capitalised_ascii(bytes) {
            Some(true) => return Capitalised::Ascii,
            Some(false) => return Capitalised::No,
            None => {}
        }
    }
    if is_capitalised_chars(text, article) {
        Capitalised::Yes
    } else {
        Capitalised::No
    }
}

/// [`capitalised`] of the word at `span`, by its bytes when they decide
/// (an ASCII capital, then ASCII: most capitalised words), its text
/// sliced only when they do not.
fn capitalised_at(draft: &Draft, span: &Span) -> Capitalised {
    let Some(bytes) = draft.text.as_bytes().get(span.clone()) else {
        return Capitalised::No;
    };
    // An ASCII capital opens no article: the ASCII test decides, as in
    // `capitalised` (all ASCII, so the text is sliced on boundaries).
    if bytes.first().is_some_and(u8::is_ascii_uppercase) {
        match is_capitalised_ascii(bytes) {
            Some(true) => return Capitalised::Ascii,
            Some(false) => return Capitalised::No,
            None => {}
        }
    }
    capitalised(draft.slice(span))
}

/// [`is_capitalised`] character by character, for words with an article
/// or other than ASCII letters.
fn is_capitalised_chars(text: &str, article: bool) -> bool {
    let body = if article {
        ["al-", "el-", "bin-", "ibn-", "ad-", "as-", "ash-", "an-"]
            .iter()
            .find_map(|p| text.strip_prefix(p))
            .unwrap_or(text)
    } else {
        text
    };
    let Some(first) = body.chars().next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    if text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    // I've, I’m, It's: contractions, not names.
    if let Some((_, tail)) = text.split_once(['\'', '’']) {
        if matches!(tail, "ve" | "m" | "ll" | "re" | "d" | "t")
            || text.starts_with("I'")
            || text.starts_with("I’")
        {
            return false;
        }
    }
    // NATO, END, U.S: acronyms and shouting are not names. A single
    // capital (an initial) is allowed.
    let mut letters = body.chars().filter(|c| c.is_alphabetic());
    if letters.next().is_none() {
        return false;
    }
    let mut more = false;
    for c in letters {
        if c.is_lowercase() {
            return true;
        }
        more = true;
    }
    !more
}

/// [`is_capitalised`] for a word that starts with an ASCII capital (no
/// article to look past), in one pass over its bytes instead of decoding
/// characters several times: most capitalised words of a draft. `None`
/// when a byte is not ASCII (the character path decides).
#[inline]
fn is_capitalised_ascii(bytes: &[u8]) -> Option<bool> {
    // What kinds of byte follow the capital, gathered with a table load
    // and an OR a byte. A digit anywhere rules a name out whatever else
    // the word holds (the character path says the same).
    let rest = bytes.get(1..).unwrap_or_default();
    let seen = rest
        .iter()
        .fold(0u8, |seen, &b| seen | BYTE_KINDS[usize::from(b)]);
    if seen & DIGIT != 0 {
        return Some(false);
    }
    if seen & NOT_ASCII != 0 {
        return None;
    }
    // I've, It's: contractions, not names.
    if seen & APOSTROPHE != 0 {
        if let Some(at) = rest.iter().position(|&b| b == b'\'') {
            let tail = &rest[at + 1..];
            if matches!(tail, b"ve" | b"m" | b"ll" | b"re" | b"d" | b"t")
                || bytes.starts_with(b"I'")
            {
                return Some(false);
            }
        }
    }
    // NATO, U.S: acronyms are not names; a single capital (an initial) is.
    Some(seen & LOWER != 0 || seen & UPPER == 0)
}

const DIGIT: u8 = 1;
const LOWER: u8 = 2;
const UPPER: u8 = 4;
const APOSTROPHE: u8 = 8;
const NOT_ASCII: u8 = 16;

/// The kind of each byte value, for [`is_capitalised_ascii`].
static BYTE_KINDS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'0'..=b'9' => DIGIT,
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'\'' => APOSTROPHE,
            0x80.. => NOT_ASCII,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// A quick first test for [`is_capitalised`], by a word's bytes: false
/// for a word that starts with an ASCII character other than a capital,
/// unless it opens with an Arabic article ("al-Assad"). Most words of a
/// draft are turned away here without a call.
#[inline]
fn may_be_capitalised(text: &[u8], word: &Span) -> bool {
    let Some(&first) = text.get(word.start) else {
        return false;
    };
    match FIRST_BYTES[usize::from(first)] {
        NO_NAME => false,
        NAME => word.start < word.end,
        // a, e, b, i: maybe an Arabic article ("al-Assad", "bin-Salman"),
        // a hyphen third or fourth. Most such words ("a", "in", "by") are
        // too short for one: turned away by the first comparison, with the
        // bytes in bounds of both the word and the text.
        _ => {
            let end = word.end.min(text.len());
            let hyphen_at = |i: usize| i < end && text.get(i) == Some(&b'-');
            hyphen_at(word.start + 2) || hyphen_at(word.start + 3)
        }
    }
}

/// What a word's first byte says of it, for [`may_be_capitalised`].
const NO_NAME: u8 = 0;
const NAME: u8 = 1;
const ARTICLE: u8 = 2;

/// By first byte: an ASCII capital or a byte of a character beyond ASCII
/// may open a name; a, e, b and i may open an article; nothing else can.
static FIRST_BYTES: [u8; 256] = {
    let mut table = [NO_NAME; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'A'..=b'Z' | 0x80.. => NAME,
            b'a' | b'e' | b'b' | b'i' => ARTICLE,
            _ => NO_NAME,
        };
        b += 1;
    }
    table
};

/// The prose between two words, if it may sit inside one name: spaces, or
/// the period of an initial or abbreviation ("J. Smith", "Sen. Cruz").
// Always inlined: asked of every gap inside a run, and a call cost
// more than its usual one-byte test.
#[inline(always)]
fn joins(draft: &Draft, gap: Span, before: usize) -> bool {
    // Most gaps inside a name are one space: a byte test, with no char
    // boundaries to check (an ASCII byte is a character of its own), and
    // no call.
    (gap.len() == 1 && draft.prose.as_bytes().get(gap.start) == Some(&b' '))
        || joins_otherwise(draft, gap, before)
}

/// [`joins`] for a gap other than one space.
fn joins_otherwise(draft: &Draft, gap: Span, before: usize) -> bool {
    let Some(between) = draft.prose.get(gap) else {
        return false;
    };
    if between.is_empty() || between.contains('\n') {
        return false;
    }
    let rest = match between.strip_prefix('.') {
        Some(rest) => {
            let word = &draft.words[before];
            let abbreviation =
                draft.word_text(word).chars().count() == 1 || is_title_at(draft, &word.span);
            if !abbreviation {
                return false;
            }
            rest
        }
        None => between,
    };
    !rest.is_empty() && rest.chars().all(|c| c == ' ' || c == '\u{a0}')
}

/// Every run of capitalised words in the draft.
pub fn runs<'t>(draft: &Draft<'t>) -> Runs<'t> {
    // News copy has about a run in seven words and a name word in five:
    // room enough that the vectors seldom grow (each growth copies).
    let words = draft.words.len();
    let mut out = Runs {
        tokens: Vec::with_capacity(words / 4 + 4),
        runs: Vec::with_capacity(words / 6 + 4),
        shapes: ShapeFilter::default(),
    };
    let mut candidates = Candidates {
        from: usize::MAX,
        found: None,
    };
    for paragraph in &draft.paragraphs {
        let heading = paragraph.kind == BlockKind::Heading;
        for s in paragraph.sentences.clone() {
            let Some(sentence) = draft.sentences.get(s) else {
                continue;
            };
            sentence_runs(
                draft,
                sentence.words.clone(),
                heading,
                &mut candidates,
                &mut out,
            );
        }
    }
    out
}

/// The words that may be capitalised ([`may_be_capitalised`]), found in
/// one scan of the draft's words rather than one a sentence: most
/// sentences hold none past the run last found, and are passed over
/// without a look at their words.
struct Candidates {
    /// Where the last search started (`usize::MAX`: none made yet).
    from: usize,
    /// The first candidate at or after `from`, if any.
    found: Option<usize>,
}

impl Candidates {
    /// The first candidate word at or after `i`: the one found already
    /// when the last search started at or before `i` and found none
    /// before it, else a new search from `i`.
    #[inline(always)]
    fn first_from(&mut self, text: &[u8], words: &[crate::draft::Word], i: usize) -> Option<usize> {
        if self.from > i || self.found.is_some_and(|c| c < i) {
            self.from = i;
            self.found = next_candidate(text, words.get(i..).unwrap_or_default()).map(|n| i + n);
        }
        self.found
    }
}

/// The index in `words` of the first that may be capitalised. Out of
/// line, so the scan of every word keeps its few values in registers.
#[inline(never)]
fn next_candidate(text: &[u8], words: &[crate::draft::Word]) -> Option<usize> {
    words.iter().position(|w| may_be_capitalised(text, &w.span))
}

fn sentence_runs<'t>(
    draft: &Draft<'t>,
    words: Range<usize>,
    heading: bool,
    candidates: &mut Candidates,
    out: &mut Runs<'t>,
) {
    let bytes = draft.text.as_bytes();
    let mut i = words.start;
    while i < words.end {
        // Most words are lower case: passed over by their first bytes.
        match candidates.first_from(bytes, &draft.words, i) {
            Some(c) if c < words.end => i = c,
            _ => return,
        }
        let span = &draft.words[i].span;
        let first = capitalised_at(draft, span);
        if first == Capitalised::No {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        // Bit n: word `start + n` is known to be ASCII.
        let mut ascii = u64::from(first == Capitalised::Ascii);
        let mut possessive = possessive_at(draft, span);
        while end < words.end && !possessive {
            let word = &draft.words[end];
            let gap = draft.words[end - 1].span.end..word.span.start;
            if !joins(draft, gap, end - 1) {
                break;
            }
            // A word that cannot open a name by its first byte is not
            // capitalised, and its text is not needed unless it may be a
            // particle (most are neither).
            if may_be_capitalised(bytes, &word.span) {
                let next_is = capitalised_at(draft, &word.span);
                if next_is != Capitalised::No {
                    possessive = possessive_at(draft, &word.span);
                    if next_is == Capitalised::Ascii && end - start < 64 {
                        ascii |= 1 << (end - start);
                    }
                    end += 1;
                    continue;
                }
            }
            let particle = bytes.get(word.span.clone()).is_some_and(is_particle_bytes);
            if particle && particle_leads_to_name(draft, end, words.end) {
                end += 1;
            } else {
                break;
            }
        }
        // A run of one ASCII word is looked up here: one the runs cut
        // ("The", "He", "In", most of them) yields nothing, and is spared
        // the making of a run; the look-up of any other serves it.
        let first_cut = (end == start + 1 && ascii == 1 && !possessive)
            .then(|| cuts().flags(draft.lower.as_bytes().get(span.clone()).unwrap_or_default()));
        i = end;
        if first_cut.is_some_and(|cut| cut != 0) {
            continue;
        }
        let run = RunWords {
            words: start..end,
            ascii,
            first_cut,
        };
        build_run(draft, run, words.start, heading, possessive, out);
    }
}

/// A particle belongs to a name only when a capitalised word (or another
/// particle, "von der") follows it within the name.
fn particle_leads_to_name(draft: &Draft, at: usize, end: usize) -> bool {
    let mut j = at;
    while j < end {
        let text = draft.word_text(&draft.words[j]);
        if is_capitalised(text) {
            return true;
        }
        if !is_particle(text) {
            return false;
        }
        if j + 1 < end {
            let gap = draft.words[j].span.end..draft.words[j + 1].span.start;
            if !joins(draft, gap, j) {
                return false;
            }
        }
        j += 1;
    }
    false
}

/// Turn capitalised words into runs: stop words and titles split them
/// ("Russian President Vladimir Putin" is "Vladimir Putin", titled;
/// "Zelenskiy Visits Washington" keeps "Zelenskiy"), particles at the ends
/// are dropped, the possessive stripped.
fn build_run<'t>(
    draft: &Draft<'t>,
    RunWords {
        words,
        ascii,
        first_cut,
    }: RunWords,
    sentence_start: usize,
    heading: bool,
    possessive: bool,
    out: &mut Runs<'t>,
) {
    // Whether a title precedes the current segment: for the first, the
    // word before the run, looked up only when that segment holds a token
    // (a run that opens with a stop word, "The", "He", never asks).
    let mut titled: Option<bool> = None;
    let title_before =
        || words.start > sentence_start && is_title_at(draft, &draft.words[words.start - 1].span);
    let shape = Shape {
        words: words.clone(),
        sentence_start,
        heading,
    };
    let mut segment = out.tokens.len();
    let all = draft.words.get(words.clone()).unwrap_or_default();
    for (n, word) in all.iter().enumerate() {
        let w = words.start + n;
        // Only the last word can end in a possessive: the run stops
        // after one, and a particle (taken without the test) has none.
        let suffix = if possessive && n + 1 == all.len() {
            draft
                .text
                .as_bytes()
                .get(word.span.clone())
                .map_or(0, possessive_len)
        } else {
            0
        };
        let span = word.span.start..word.span.end - suffix;
        let known_ascii = n < 64 && (ascii >> n) & 1 == 1;
        // The bytes of the lower-case view for a word known to be ASCII
        // (what lower_word borrows), with no slicing of text.
        let lowered;
        let lower: &[u8] = if known_ascii {
            draft.lower.as_bytes().get(span.clone()).unwrap_or_default()
        } else {
            lowered = lower_word(draft, &span);
            lowered.as_bytes()
        };
        // One look-up for both lists (made already for a run of one
        // ASCII word, of these bytes).
        let cut = match first_cut {
            Some(cut) if n == 0 => cut,
            _ => cuts().flags(lower),
        };
        let is_title = cut & TITLE != 0;
        if cut != 0 {
            let tokens = segment..out.tokens.len();
            if !tokens.is_empty() {
                let titled = titled.unwrap_or_else(title_before);
                segment_run(draft, out, tokens, &shape, titled, false);
            }
            titled = Some(is_title);
            segment = out.tokens.len();
            continue;
        }
        out.shapes.add_ascii(lower);
        let stem = draft.slice(&span);
        out.tokens.push(Token {
            word: w,
            start: span.start,
            end: span.end,
            text: stem,
            particle: is_particle(stem),
            ascii: known_ascii || stem.is_ascii(),
        });
    }
    let tokens = segment..out.tokens.len();
    if !tokens.is_empty() {
        let titled = titled.unwrap_or_else(title_before);
        segment_run(draft, out, tokens, &shape, titled, possessive);
    }
}

/// The words of a run of capitalised words, as found.
struct RunWords {
    words: Range<usize>,
    /// Bit n: word `words.start + n` is all ASCII (unset: not known, as
    /// for the words of a run past its 64th).
    ascii: u64,
    /// For a run of one ASCII word with no possessive, the [`cuts`] flags
    /// of its lower case, looked up as the run was found.
    first_cut: Option<u8>,
}

/// Where a run of capitalised words sits.
struct Shape {
    words: Range<usize>,
    sentence_start: usize,
    heading: bool,
}

// Always inlined: called once a run or so, from the two ends of
// build_run, where a call cost a tenth of its work.
#[inline(always)]
fn segment_run(
    draft: &Draft,
    out: &mut Runs,
    mut tokens: Range<usize>,
    shape: &Shape,
    titled: bool,
    possessive: bool,
) {
    while tokens.end > tokens.start && {
        let t = &out.tokens[tokens.end - 1];
        t.particle || is_suffix(t.text)
    } {
        tokens.end -= 1;
    }
    while tokens.start < tokens.end && out.tokens[tokens.start].particle {
        tokens.start += 1;
    }
    if tokens.is_empty() {
        return;
    }
    let first = out.tokens[tokens.start].word;
    let last = out.tokens[tokens.end - 1].word;
    let words = &shape.words;
    let sentence_initial =
        first == shape.sentence_start || opens_after_quote(draft, first, shape.sentence_start);
    // A cue may follow the name directly or after a generational suffix.
    let after = if last + 1 < words.end {
        words.end
    } else {
        last + 1
    };
    let cue_after = draft
        .words
        .get(after)
        .filter(|w| draft.words[last].sentence == w.sentence)
        .and_then(|w| draft.text.as_bytes().get(w.span.clone()))
        .is_some_and(is_cue);
    out.runs.push(Run {
        words: words.clone(),
        tokens,
        titled,
        cue_after,
        sentence_initial,
        heading: shape.heading,
        possessive,
    });
}

/// A word right after an opening quote mark at the start of a quoted
/// sentence is capitalised for the same reason a sentence opener is.
///
/// Always inlined: asked once a run, and most gaps are one space, a test
/// cheaper than the call; the search for the marks stays out of line.
#[inline(always)]
fn opens_after_quote(draft: &Draft, word: usize, sentence_start: usize) -> bool {
    if word <= sentence_start {
        return false;
    }
    let gap = draft.words[word - 1].span.end..draft.words[word].span.start;
    // Most gaps are one space: spared the search for seven characters.
    if gap.len() == 1 && draft.prose.as_bytes().get(gap.start) == Some(&b' ') {
        return false;
    }
    gap_opens_quote(draft, gap)
}

/// Whether the prose of `gap` holds an opening quote mark or the like.
#[inline(never)]
fn gap_opens_quote(draft: &Draft, gap: Span) -> bool {
    let between = draft.prose.get(gap).unwrap_or("");
    between.contains(['“', '"', '‘', ':', '(', '—', '–'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;

    fn run_texts(text: &str) -> Vec<String> {
        let draft = Draft::parse(text, DraftKind::Plain);
        let runs = runs(&draft);
        runs.runs
            .iter()
            .map(|r| {
                runs.tokens_of(r)
                    .iter()
                    .map(|t| t.text)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn particles_titles_possessives() {
        assert_eq!(
            run_texts("He met Ursula von der Leyen today."),
            ["Ursula von der Leyen"]
        );
        assert_eq!(run_texts("But Zelenskyy’s plan failed."), ["Zelenskyy"]);
        assert_eq!(
            run_texts("Russian President Vladimir Putin spoke."),
            ["Vladimir Putin"]
        );
        assert_eq!(run_texts("We saw Sen. Ted Cruz there."), ["Ted Cruz"]);
        assert_eq!(
            run_texts("They hunted Abu Bakr al-Baghdadi for years."),
            ["Abu Bakr al-Baghdadi"]
        );
        assert_eq!(
            run_texts("He spoke to George W. Bush on Monday."),
            ["George W Bush"]
        );
    }

    #[test]
    fn the_ascii_test_of_capitals_agrees_with_the_general_one() {
        let words = [
            "Zelenskyy",
            "NATO",
            "J",
            "I",
            "I've",
            "It's",
            "I'm",
            "I'",
            "O'Brien",
            "McDonald",
            "A1",
            "X'd",
            "ABc",
            "Q'",
            "Don't",
            "D'Ll",
            "Ab'T",
            "Zz9",
            "K'",
            "E'Re",
        ];
        for word in words {
            assert_eq!(
                is_capitalised_ascii(word.as_bytes()),
                Some(is_capitalised_chars(word, false)),
                "{word}"
            );
        }
        // Not ASCII after the capital: the character path decides, unless
        // a digit came first.
        assert_eq!(is_capitalised_ascii("Müller".as_bytes()), None);
        assert_eq!(is_capitalised_ascii("A1é".as_bytes()), Some(false));
        assert!(is_capitalised("Müller"));
        assert!(!is_capitalised("ÉTAT"));
        // Every two-letter word after each capital.
        for first in b'A'..=b'Z' {
            for a in 0x20..0x7Fu8 {
                for b in [b'a', b'Z', b'\'', b'7', b'.'] {
                    let w = [first, a, b];
                    let Ok(word) = std::str::from_utf8(&w) else {
                        continue;
                    };
                    assert_eq!(
                        is_capitalised_ascii(&w),
                        Some(is_capitalised_chars(word, false)),
                        "{word}"
                    );
                }
            }
        }
    }

    #[test]
    fn word_lists_split_alike_by_bytes() {
        for text in [
            include_str!("../data/first_names.txt"),
            include_str!("../data/particles.txt"),
            include_str!("../data/name_stopwords.txt"),
            include_str!("../data/titles.txt"),
        ] {
            let by_chars: Vec<&str> = text
                .lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .flat_map(str::split_whitespace)
                .collect();
            let lexicon = Lexicon::new(text);
            let mut by_bytes = Vec::new();
            each_listed_word(text, |w| by_bytes.push(w));
            assert_eq!(by_bytes, by_chars);
            assert_eq!(lexicon.words.len(), by_chars.len());
            for w in by_chars {
                assert!(lexicon.contains(w), "{w}");
            }
        }
    }

    #[test]
    fn the_cut_lexicon_flags_titles_and_stop_words() {
        for (text, lexicon, flag) in [
            (include_str!("../data/titles.txt"), titles(), TITLE),
            (
                include_str!("../data/name_stopwords.txt"),
                stopwords(),
                STOP,
            ),
        ] {
            each_listed_word(text, |w| {
                assert!(lexicon.contains(w));
                assert_ne!(cuts().flags(w.as_bytes()) & flag, 0, "{w}");
            });
        }
        for w in ["zelenskyy", "putin", "", "x"] {
            let title = if titles().contains(w) { TITLE } else { 0 };
            let stop = if stopwords().contains(w) { STOP } else { 0 };
            let expected = title | stop;
            assert_eq!(cuts().flags(w.as_bytes()), expected, "{w}");
        }
    }

    #[test]
    fn every_particle_starts_in_lower_case() {
        // is_particle turns words away by their first byte.
        for p in include_str!("../data/particles.txt")
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(str::split_whitespace)
        {
            assert!(p.as_bytes()[0].is_ascii_lowercase(), "{p}");
            // build_run strips a possessive from a run's last word only.
            assert_eq!(possessive_len(p.as_bytes()), 0, "{p}");
            assert!(is_particle(p), "{p}");
        }
    }

    #[test]
    fn candidates_are_the_first_words_that_may_be_capitalised() {
        let draft = Draft::parse(
            "He met al-Assad in Paris.\n\nthe end came. Ursula von der Leyen spoke, \
             bin-Salman too; a b e-mail in Ébène.\n\n# A Heading\n\nlast words here",
            DraftKind::Plain,
        );
        let bytes = draft.text.as_bytes();
        let n = draft.words.len();
        let direct = |i: usize| (i..n).find(|&k| may_be_capitalised(bytes, &draft.words[k].span));
        let mut candidates = Candidates {
            from: usize::MAX,
            found: None,
        };
        // In order, as the runs ask, then out of order and past the end.
        let order = (0..=n)
            .chain((0..=n).rev())
            .chain([3, 1, 7, 2, n + 2, 0, 5, 5]);
        for i in order {
            assert_eq!(
                candidates.first_from(bytes, &draft.words, i),
                direct(i),
                "{i}"
            );
        }
    }

    #[test]
    fn acronyms_and_lower_case_are_not_names() {
        assert!(run_texts("the NATO summit ended in the van").is_empty());
        assert!(run_texts("and I've seen it, I’m sure").is_empty());
    }
}
