//! Sentences and words inside a block of prose.
//!
//! A sentence ends at `.`, `?` or `!` (plus any closing quote marks and
//! brackets) followed by space and something that can start a sentence.
//! Abbreviations ("Sen.", "U.S.", "Mr.") and initials ("J.") do not end one.

use super::{Sentence, Word};
use std::ops::Range;
use std::sync::OnceLock;

/// Abbreviations that do not end a sentence when followed by a capital.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "lt", "gen", "col", "capt", "cpt", "sgt",
    "cmdr", "adm", "maj", "pres", "supt", "det", "insp", "rev", "fr", "msgr", "st", "mt", "ft",
    "jr", "sr", "co", "corp", "inc", "ltd", "no", "nos", "vs", "v", "jan", "feb", "mar", "apr",
    "aug", "sep", "sept", "oct", "nov", "dec", "ave", "blvd", "rd", "hon", "atty", "gens", "reps",
    "sens", "messrs", "mme", "mlle", "approx", "dept", "univ", "assn", "bros", "pp", "e.g", "i.e",
    "cf", "al", "ch", "art", "para", "fig", "vol", "ed", "eds",
];

const CLOSERS: &[char] = &['"', '”', '’', '\'', ')', ']', '»', '›'];

/// Split `span` of `prose` (the block of paragraph `paragraph`) into
/// sentences and their words, appended to the draft's vectors, and push
/// the offsets of its upper-case letters that are not ASCII to `capitals`.
///
/// One pass over the block's bytes finds both. A word never crosses a
/// sentence end, since one is always followed by white space; and a mark
/// that may end a sentence lies between words (the period inside "U.S" is
/// followed by a letter, so it never ends one). ASCII bytes are sorted by
/// table; a character is decoded only where a byte is not ASCII, and
/// asked of `letters` whether it is a letter. Not inlined: its loop keeps
/// more in registers as a function of its own.
#[inline(never)]
pub(crate) fn split(
    prose: &str,
    span: Range<usize>,
    paragraph: usize,
    sentences: &mut Vec<Sentence>,
    words: &mut Vec<Word>,
    capitals: &mut Vec<usize>,
    letters: &mut Letters,
) {
    let Some(block) = prose.get(span.clone()) else {
        return;
    };
    let base = span.start;
    let first_capital = capitals.len();
    let bytes = block.as_bytes();
    // The sentence being filled: where it began (before trimming, as a
    // block offset) and its first word.
    let mut start = 0;
    let mut first_word = words.len();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let class = CLASS[b as usize];
        if class == ALNUM {
            // The commonest step: an ASCII word, and the space or comma
            // after it; and the next word mostly starts right after that,
            // so words follow one another here without going round the
            // whole loop (no sentence ends between them).
            let sentence = sentences.len();
            loop {
                let (end, next) = ascii_word_end(block, i, capitals, letters);
                words.push(Word {
                    span: base + i..base + end,
                    sentence,
                });
                i = next;
                match bytes.get(i) {
                    Some(&b) if CLASS[b as usize] == ALNUM => {}
                    _ => break,
                }
            }
            continue;
        }
        if class == GAP || class == JOINER {
            i += 1;
            continue;
        }
        let (c, wordy) = match class {
            MARK => (char::from(b), false),
            _ => {
                let c = decode(block, i);
                (c, is_wordy(c, letters))
            }
        };
        if wordy {
            // The first letter is known to be one: the word goes on after it.
            if is_capital(c) {
                capitals.push(i);
            }
            let end = word_end(block, i + c.len_utf8(), capitals, letters);
            words.push(Word {
                span: base + i..base + end,
                sentence: sentences.len(),
            });
            i = end;
            continue;
        }
        if !matches!(c, '.' | '?' | '!' | '…') {
            i += c.len_utf8();
            continue;
        }
        // A mark: swallow the run of marks and closers after it, and end
        // the sentence there if the run ends one.
        let end = run_end(block, i + c.len_utf8());
        if ends_sentence(block, i, c, end) {
            let found = Sentence {
                span: start..end,
                paragraph,
                words: first_word..words.len(),
            };
            push_sentence(sentences, block, base, found);
            start = end;
            first_word = words.len();
        }
        i = end;
    }
    let last = Sentence {
        span: start..bytes.len(),
        paragraph,
        words: first_word..words.len(),
    };
    push_sentence(sentences, block, base, last);
    for at in &mut capitals[first_capital..] {
        *at += base;
    }
}

/// Push `sentence` (its span a block offset, moved by `base` to a draft
/// offset) trimmed of white space; a sentence of white space only is
/// dropped (it has no words).
fn push_sentence(sentences: &mut Vec<Sentence>, block: &str, base: usize, mut sentence: Sentence) {
    if let Some(span) = super::trim_span(block, sentence.span.clone()) {
        sentence.span = base + span.start..base + span.end;
        sentences.push(sentence);
    }
}

/// How [`split`] treats a byte: a character that is neither a letter nor a
/// mark, an ASCII letter or digit, a mark that may end a sentence, an
/// apostrophe or hyphen (which may join two parts of a word), or the lead
/// byte of a character to decode.
const GAP: u8 = 0;
const ALNUM: u8 = 1;
const MARK: u8 = 2;
const JOINER: u8 = 3;
const OTHER: u8 = 4;

static CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'.' | b'?' | b'!' => MARK,
            b'\'' | b'-' => JOINER,
            c if c.is_ascii_alphanumeric() => ALNUM,
            _ => GAP,
        };
        b += 1;
    }
    table
};

/// The end of the run of terminal punctuation and closing marks from byte
/// `from` of `block`.
fn run_end(block: &str, from: usize) -> usize {
    let mut j = from;
    while let Some(c) = block.get(j..).and_then(|r| r.chars().next()) {
        if matches!(c, '.' | '?' | '!' | '…') || CLOSERS.contains(&c) {
            j += c.len_utf8();
        } else {
            break;
        }
    }
    j
}

/// Whether the punctuation at byte `at` (with the closers up to byte `end`)
/// ends a sentence. Not inlined: asked once a mark, and kept out of the
/// registers of [`split`]'s word loop.
#[inline(never)]
pub(super) fn ends_sentence(block: &str, at: usize, mark: char, end: usize) -> bool {
    let rest = block.get(end..).unwrap_or("");
    // Must be followed by white space (or the end of the block).
    let Some(next) = rest.chars().next() else {
        return true;
    };
    if !next.is_whitespace() {
        return false;
    }
    // What follows the space must be able to start a sentence: mostly one
    // space and an ASCII character, read without decoding.
    let first = match rest.as_bytes() {
        [b' ', b, ..] if b.is_ascii() && !is_ascii_space(*b) => char::from(*b),
        _ => match rest.chars().find(|c| !c.is_whitespace()) {
            Some(first) => first,
            None => return true,
        },
    };
    // The opening marks first: a quote mark is a common opener and would
    // cost two Unicode table look-ups below.
    let can_start = matches!(
        first,
        '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '„' | '—' | '–' | '-' | '*'
    ) || first.is_uppercase()
        || first.is_numeric();
    if !can_start {
        return false;
    }
    if mark != '.' {
        return true;
    }
    !is_abbreviation(&block[..at])
}

/// `char::is_whitespace` of an ASCII byte (the vertical tab too).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Whether the text before a period ends in an abbreviation or an initial.
///
/// A period ends most sentences, so this is asked once a sentence: one
/// walk back over the last token's bytes finds where it starts and what
/// [`is_abbreviation_token`] asks of it, as long as they are ASCII (nearly
/// always); a byte that is not sends the token to the general test.
fn is_abbreviation(before: &str) -> bool {
    let b = before.as_bytes();
    let mut k = b.len();
    let (mut letters, mut dotted, mut part, mut longest_part) = (0, false, 0, 0);
    while k > 0 {
        let class = TOKEN_BYTE[usize::from(b[k - 1])];
        if class & (OPENING | NOT_ASCII) != 0 {
            if class & NOT_ASCII != 0 {
                return is_abbreviation_token(last_token(before));
            }
            break;
        }
        if class & PERIOD != 0 {
            dotted = true;
            part = 0;
        } else {
            part += 1;
            longest_part = longest_part.max(part);
            letters += usize::from(class & LETTER != 0);
        }
        k -= 1;
    }
    let token = &before[k..];
    let Some(&first) = b.get(k) else {
        return false;
    };
    // Initials ("J.") and dotted acronyms ("U.S.", "D.C."), as below.
    (letters == 1 && first.is_ascii_uppercase())
        || (dotted && longest_part <= 2)
        || is_listed_abbreviation(token)
}

/// What [`is_abbreviation`] reads of a byte: white space or an opening mark
/// that ends the walk back (as [`last_token`]'s), a letter, the period, a
/// byte that is not ASCII.
const OPENING: u8 = 1;
const LETTER: u8 = 2;
const PERIOD: u8 = 4;
const NOT_ASCII: u8 = 8;

static TOKEN_BYTE: [u8; 256] = {
    let mut table = [NOT_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = match c {
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b'(' | b'"' | b'[' => OPENING,
            b'.' => PERIOD,
            _ if c.is_ascii_alphabetic() => LETTER,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// Whether `token` (the last of the text before a period) is an
/// abbreviation or an initial, for any token.
fn is_abbreviation_token(token: &str) -> bool {
    if token.is_empty() {
        return false;
    }
    let letters = token.chars().filter(|c| c.is_alphabetic()).count();
    // Initials ("J.") and dotted acronyms ("U.S.", "D.C.").
    if letters == 1 && token.chars().next().is_some_and(|c| c.is_uppercase()) {
        return true;
    }
    if token.contains('.') && token.split('.').all(|p| p.chars().count() <= 2) {
        return true;
    }
    is_listed_abbreviation(token)
}

/// The text after the last white space or opening mark of `before`.
fn last_token(before: &str) -> &str {
    let opening = |c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘' | '[' | '—');
    // Backwards over ASCII bytes first; a character that is not ASCII
    // (which may be a space or a mark) sends it to the general search.
    let b = before.as_bytes();
    let mut k = b.len();
    while k > 0 && b[k - 1].is_ascii() && !opening(char::from(b[k - 1])) {
        k -= 1;
    }
    if k == 0 || b[k - 1].is_ascii() {
        return &before[k..];
    }
    before.rsplit(opening).next().unwrap_or("")
}

/// Whether `token` is in [`ABBREVIATIONS`], whatever its case. A period
/// ends most sentences, so this is asked once a sentence: a hash look-up
/// of the lowered token, packed into a number, instead of a walk through
/// the list.
fn is_listed_abbreviation(token: &str) -> bool {
    static SET: OnceLock<rustc_hash::FxHashSet<u64>> = OnceLock::new();
    let Some(key) = abbreviation_key(token.as_bytes()) else {
        return false;
    };
    SET.get_or_init(|| {
        ABBREVIATIONS
            .iter()
            .filter_map(|a| abbreviation_key(a.as_bytes()))
            .collect()
    })
    .contains(&key)
}

/// An ASCII token of up to six bytes (the list is ASCII and its longest
/// entries have six letters), in lower case, as one number: its bytes
/// (little-endian) with its length in the top byte. `None` for any other
/// token, which no entry is.
fn abbreviation_key(b: &[u8]) -> Option<u64> {
    const LONGEST: usize = 6;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if b.len() > LONGEST {
        return None;
    }
    // Byte by byte: a copy of a slice of variable length is a call to
    // `memcpy`, dearer than the six steps at most.
    let x = b
        .iter()
        .enumerate()
        .fold(0u64, |x, (k, &c)| x | u64::from(c) << (8 * k));
    if x & HIGH != 0 {
        return None;
    }
    // As in `alnum_run`: the high bit of each byte from 'A' to 'Z', moved
    // down to 0x20, lowers exactly the capitals.
    let ge = x.wrapping_add(ONES * u64::from(0x80 - b'A'));
    let gt = x.wrapping_add(ONES * u64::from(0x7F - b'Z'));
    let capitals = ge & !gt & HIGH;
    Some((x | capitals >> 2) | (b.len() as u64) << 56)
}

/// [`word_end`] for a word that starts with an ASCII letter or digit, and
/// where to look next: most words are ASCII letters ended by a space or a
/// comma (looked past at once), or by a period that ends the sentence, and
/// are found here without a call.
#[inline(always)]
fn ascii_word_end(
    s: &str,
    start: usize,
    capitals: &mut Vec<usize>,
    letters: &mut Letters,
) -> (usize, usize) {
    let b = s.as_bytes();
    let end = start + alnum_run(&b[start..]);
    let Some(&t) = b.get(end) else {
        return (end, end);
    };
    match CLASS[t as usize] {
        GAP => (end, end + 1),
        // A joiner joins only a letter or digit (see `word_end`).
        MARK | JOINER
            if b.get(end + 1)
                .is_none_or(|&n| n < 0x80 && CLASS[n as usize] != ALNUM) =>
        {
            (end, end)
        }
        _ => {
            let end = word_end(s, end, capitals, letters);
            (end, end)
        }
    }
}

/// The end of the word that starts at byte `start` of `s`: letters, digits
/// and combining marks, joined by inner apostrophes, hyphens and periods
/// ("Zelenskyy’s", "al-Qaida", "U.S").
///
/// The loop runs over bytes and decodes a character only where a byte is
/// not ASCII: this is the innermost loop of the whole linter.
///
/// Each upper-case letter that is not ASCII is pushed to `capitals` (its
/// offset in `s`): every such letter of the prose lies in a word, so the
/// draft's lower case is patched there without a search of its own.
#[inline(never)]
fn word_end(s: &str, start: usize, capitals: &mut Vec<usize>, letters: &mut Letters) -> usize {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = start;
    loop {
        // A byte that is not ASCII (a letter of another script goes on a
        // word here) starts no run: not tested eight bytes at a time.
        if b.get(i).is_some_and(u8::is_ascii) {
            i += alnum_run(&b[i..]);
        }
        if i >= n {
            return i;
        }
        if b[i] < 0x80 {
            // An ASCII byte after the letters (space, comma) ends the
            // word, unless it joins two parts ("al-Qaida", "U.S").
            let joiner = matches!(b[i], b'\'' | b'-' | b'.');
            if joiner && i + 1 < n && letters.is_alphanumeric(decode(s, i + 1)) {
                i += 1;
                continue;
            }
            return i;
        }
        // The curly apostrophe of "Zelenskyy’s" and "don’t" (the commonest
        // character here) joining ASCII letters, by its bytes: not a
        // letter, a joiner, and what it joins needs no decoding.
        if b[i..].starts_with("’".as_bytes()) && b.get(i + 3).is_some_and(u8::is_ascii_alphanumeric)
        {
            i += 3;
            continue;
        }
        let c = decode(s, i);
        let len = c.len_utf8();
        if is_wordy(c, letters) {
            if is_capital(c) {
                capitals.push(i);
            }
            i += len;
            continue;
        }
        let joiner = matches!(c, '\'' | '’' | '-' | '‐' | '.' | '\u{00AD}');
        if joiner && i + len < n && letters.is_alphanumeric(decode(s, i + len)) {
            i += len;
            continue;
        }
        return i;
    }
}

/// The character starting at byte `i` of `s` (a char boundary), ASCII
/// without decoding.
#[inline]
fn decode(s: &str, i: usize) -> char {
    match s.as_bytes().get(i) {
        Some(&b) if b < 0x80 => b as char,
        _ => s.get(i..).and_then(|r| r.chars().next()).unwrap_or(' '),
    }
}

/// The length of the run of ASCII letters and digits that `b` starts with,
/// eight bytes at a time (a word is usually done in one step).
#[inline(always)]
fn alnum_run(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        let x = u64::from_le_bytes(bytes);
        if x & HIGH != 0 {
            break; // Non-ASCII inside: the byte loop below decides.
        }
        // With every byte below 0x80, adding (0x80 - lo) sets a byte's high
        // bit iff it is >= lo, and adding (0x7F - hi) iff it is > hi; no
        // carry crosses into the next byte.
        let in_range = |v: u64, lo: u8, hi: u8| {
            let ge = v.wrapping_add(ONES * u64::from(0x80 - lo));
            let gt = v.wrapping_add(ONES * u64::from(0x7F - hi));
            ge & !gt & HIGH
        };
        let alnum = in_range(x | (ONES * 0x20), b'a', b'z') | in_range(x, b'0', b'9');
        let stop = !alnum & HIGH;
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && CLASS[b[i] as usize] == ALNUM {
        i += 1;
    }
    i
}

/// `char::is_alphanumeric` for the Basic Multilingual Plane, each
/// character asked of the standard library once per thread and then read
/// from a bitmap: the standard lookup costs ~50 to ~600 instructions a
/// character, which shows in copy written in other scripts (Devanagari,
/// Cyrillic) or with many accented names. A character is asked on its own
/// (not its block of 64): a draft uses few of a block's characters, and
/// filling whole blocks cost more than the lookups it saved.
pub(crate) struct Letters {
    /// Bit set: the character has been asked ...
    known: Vec<u64>,
    /// ... and is a letter or digit.
    alnum: Vec<u64>,
}

impl Letters {
    fn new() -> Letters {
        Letters {
            known: vec![0; 1024],
            alnum: vec![0; 1024],
        }
    }

    /// Run `f` with this thread's letters, borrowed once for a whole draft
    /// rather than once a character (a thread-local access and a
    /// `RefCell` borrow cost more than the bitmap read itself).
    pub(crate) fn with<R>(f: impl FnOnce(&mut Letters) -> R) -> R {
        use std::cell::RefCell;
        thread_local! {
            static LETTERS: RefCell<Letters> = RefCell::new(Letters::new());
        }
        LETTERS.with(|cell| match cell.try_borrow_mut() {
            Ok(mut letters) => f(&mut letters),
            // Never nested; should it be, a fresh bitmap is as right.
            Err(_) => f(&mut Letters::new()),
        })
    }

    /// `char::is_alphanumeric`, quickly for the characters of copy.
    /// Inlined for its ASCII test (a joiner's next byte is mostly one).
    #[inline(always)]
    fn is_alphanumeric(&mut self, c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else if matches!(c, '\u{2000}'..='\u{206F}') {
            // General punctuation (curly quotes, dashes, spaces): the
            // commonest non-ASCII characters in copy, and never letters.
            false
        } else {
            self.looked_up(c)
        }
    }

    /// [`Letters::is_alphanumeric`] of a character that may be a letter
    /// and is not ASCII.
    #[inline(never)]
    fn looked_up(&mut self, c: char) -> bool {
        self.bmp_alphanumeric(c)
            .unwrap_or_else(|| c.is_alphanumeric())
    }

    /// `char::is_alphanumeric` from the bitmap; `None` outside the BMP.
    #[inline]
    fn bmp_alphanumeric(&mut self, c: char) -> Option<bool> {
        let code = c as u32;
        if code > 0xFFFF {
            return None;
        }
        let (at, bit) = ((code >> 6) as usize, 1u64 << (code & 63));
        if self.known[at] & bit == 0 {
            self.known[at] |= bit;
            if c.is_alphanumeric() {
                self.alnum[at] |= bit;
            }
        }
        Some(self.alnum[at] & bit != 0)
    }
}

#[inline]
fn is_wordy(c: char, letters: &mut Letters) -> bool {
    letters.is_alphanumeric(c) || (!c.is_ascii() && is_mark(c))
}

/// `char::is_uppercase` of a letter that is not ASCII, without the Unicode
/// table for the scripts that have no case (Arabic, the Indic scripts,
/// Thai, CJK, Hangul): in the Basic Multilingual Plane, upper-case letters
/// stand only in the ranges below (a test holds every one to them).
#[inline]
pub(crate) fn is_capital(c: char) -> bool {
    may_be_upper(c) && c.is_uppercase()
}

/// Whether `c` lies where an upper-case letter may: false only where the
/// Unicode tables have none.
#[inline]
fn may_be_upper(c: char) -> bool {
    matches!(c as u32, 0..=0x05FF | 0x1000..=0x1FFF | 0x2100..=0x2CFF | 0xA600..=0xA7FF | 0xFF00..)
}

/// Combining marks belong to the word they decorate.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_token_agrees_with_rsplit() {
        let opening = |c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘' | '[' | '—');
        for before in [
            "",
            "Sen",
            "the U.S",
            "met (Gov",
            "said “Dr",
            "a\u{a0}Mr",
            "x—St",
            "é Jr",
            "über",
            "\tNo",
            "end ",
            "a\u{2003}Ms",
            "[Lt",
            "x\u{0B}Co",
        ] {
            let expected = before.rsplit(opening).next().unwrap_or("");
            assert_eq!(last_token(before), expected, "{before:?}");
        }
    }

    #[test]
    fn abbreviations_are_found_as_by_the_token_test() {
        // Every token of up to four bytes from a small alphabet (and some
        // longer ones), after each kind of text before it, against the
        // general test of the token `last_token` finds.
        let alphabet = ["A", "b", "J", "z", ".", "1", "-", "'", "é", "(", "\u{a0}"];
        let mut tokens = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = tokens
                .iter()
                .flat_map(|t| alphabet.iter().map(move |a| format!("{t}{a}")))
                .collect();
            tokens.extend(longer);
        }
        tokens.sort();
        tokens.dedup();
        let listed = ABBREVIATIONS.iter().map(|a| a.to_string());
        let more = [
            "U.S", "D.C", "Sen", "SEN", "Gov", "e.g", "i.e", "Ph.D", "No", "A1", "5G",
        ];
        for token in tokens
            .into_iter()
            .chain(listed)
            .chain(more.map(String::from))
        {
            for before in ["", "said ", "met (", "x“", "a\u{a0}", "\t"] {
                let text = format!("{before}{token}");
                assert_eq!(
                    is_abbreviation(&text),
                    is_abbreviation_token(last_token(&text)),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn listed_abbreviations_are_found_whatever_their_case() {
        let listed = |t: &str| ABBREVIATIONS.contains(&t.to_ascii_lowercase().as_str());
        let mut tokens: Vec<String> = ABBREVIATIONS.iter().map(|a| a.to_string()).collect();
        tokens.extend(ABBREVIATIONS.iter().map(|a| a.to_uppercase()));
        tokens.extend(ABBREVIATIONS.iter().map(|a| format!("{a}s")));
        tokens.extend(ABBREVIATIONS.iter().map(|a| format!("{a}\u{0}")));
        tokens.extend(ABBREVIATIONS.iter().map(|a| a.replace('.', "\u{e}")));
        for t in [
            "", "M", "mR", "Mrs", "MESSRS", "messrsx", "@r", "[r", "`r", "{r", "mr\u{e9}", "é",
            "Sen", "E.G", "e.g.", "1", "no.", "NOS", "v", "V", "w",
        ] {
            tokens.push(t.to_string());
        }
        for t in tokens {
            assert_eq!(is_listed_abbreviation(&t), listed(&t), "{t:?}");
        }
        assert!(ABBREVIATIONS
            .iter()
            .all(|a| abbreviation_key(a.as_bytes()).is_some()));
    }

    #[test]
    fn alnum_run_agrees_with_the_byte_test_on_every_byte_and_position() {
        for probe in 0..=255u8 {
            for at in 0..17 {
                let mut b = vec![b'k'; 20];
                b[at] = probe;
                let expected = b.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
                assert_eq!(alnum_run(&b), expected, "byte {probe:#x} at {at}");
            }
        }
        assert_eq!(alnum_run(b""), 0);
        assert_eq!(alnum_run(b"Zelenskyy"), 9);
        assert_eq!(alnum_run(b"AZaz09@[`{/:"), 6);
    }

    #[test]
    fn every_capital_is_part_of_a_word() {
        // So the words' pass finds every letter the lower case patches.
        let mut letters = Letters::new();
        for c in (char::MIN..=char::MAX).filter(|c| !c.is_ascii() && c.is_uppercase()) {
            assert!(is_wordy(c, &mut letters), "{c:?} {:#x}", c as u32);
        }
    }

    #[test]
    fn every_capital_lies_where_one_may() {
        for c in char::MIN..=char::MAX {
            assert_eq!(is_capital(c), c.is_uppercase(), "{c:?} {:#x}", c as u32);
        }
    }

    #[test]
    fn the_bmp_bitmap_agrees_with_the_standard_library() {
        let mut letters = Letters::new();
        // Twice: once asked, once read from the bitmap.
        for _ in 0..2 {
            for code in (0x80..=0xFFFFu32).step_by(7).chain([0xFFFF, 0x93E, 0x416]) {
                if let Some(c) = char::from_u32(code) {
                    let expected = Some(c.is_alphanumeric());
                    assert_eq!(letters.bmp_alphanumeric(c), expected, "{code:#x}");
                }
            }
        }
        assert_eq!(letters.bmp_alphanumeric('😀'), None);
        for c in char::MIN..=char::MAX {
            assert_eq!(letters.is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
