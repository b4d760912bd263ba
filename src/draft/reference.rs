//! The sentence and word finder as it was before sentences and words were
//! found in one pass (two passes, a call per sentence): kept, for tests
//! only, as the oracle the one-pass finder must agree with.

use super::Draft;
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

/// Split `span` of `prose` into sentence spans (trimmed, never empty),
/// appended to `out`.
///
/// Works on bytes: the marks that can end a sentence are ASCII or "…", whose
/// lead byte never occurs inside another character, so no character vector
/// is built per block. `draft_has_ellipsis` (see [`has_ellipsis`]) spares
/// each block the search for "…" when the whole draft has none.
fn split(prose: &str, span: Range<usize>, draft_has_ellipsis: bool, out: &mut Vec<Range<usize>>) {
    let Some(block) = prose.get(span.clone()) else {
        return;
    };
    let bytes = block.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // "…" is rare: without one, the three ASCII marks are found with SIMD.
    let ellipsis = draft_has_ellipsis && has_ellipsis(block);
    let next_mark = |from: &[u8]| {
        if ellipsis {
            from.iter()
                .position(|&b| matches!(b, b'.' | b'?' | b'!' | 0xE2))
        } else {
            memchr::memchr3(b'.', b'?', b'!', from)
        }
    };
    while let Some(skip) = next_mark(&bytes[i..]) {
        i += skip;
        let mark = match bytes[i] {
            b'.' => '.',
            b'?' => '?',
            b'!' => '!',
            _ if block[i..].starts_with('…') => '…',
            _ => {
                i += 1;
                continue;
            }
        };
        // Swallow runs of terminal punctuation and closing marks.
        let mut j = i + mark.len_utf8();
        while let Some(c) = block.get(j..).and_then(|r| r.chars().next()) {
            if matches!(c, '.' | '?' | '!' | '…') || CLOSERS.contains(&c) {
                j += c.len_utf8();
            } else {
                break;
            }
        }
        if ends_sentence(block, i, mark, j) {
            push_trimmed(out, block, start..j, span.start);
            start = j;
        }
        i = j;
    }
    push_trimmed(out, block, start..block.len(), span.start);
}

/// Whether `text` holds a "…".
fn has_ellipsis(text: &str) -> bool {
    static ELLIPSIS: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let finder = ELLIPSIS.get_or_init(|| memchr::memmem::Finder::new("…"));
    finder.find(text.as_bytes()).is_some()
}

fn push_trimmed(out: &mut Vec<Range<usize>>, block: &str, r: Range<usize>, base: usize) {
    let s = &block[r.clone()];
    // Most sentences start and end in a visible ASCII character (a capital,
    // a period): nothing to trim, and no character to decode.
    let visible = |b: &u8| (b'!'..=b'~').contains(b);
    if s.as_bytes().first().is_some_and(visible) && s.as_bytes().last().is_some_and(visible) {
        out.push(base + r.start..base + r.end);
        return;
    }
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(base + r.start + lead..base + r.end - trail);
    }
}

/// Whether the punctuation at byte `at` (with the closers up to byte `end`)
/// ends a sentence.
fn ends_sentence(block: &str, at: usize, mark: char, end: usize) -> bool {
    let rest = block.get(end..).unwrap_or("");
    // Must be followed by white space (or the end of the block).
    let Some(next) = rest.chars().next() else {
        return true;
    };
    if !next.is_whitespace() {
        return false;
    }
    // What follows the space must be able to start a sentence.
    let Some(first) = rest.chars().find(|c| !c.is_whitespace()) else {
        return true;
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

/// Whether the text before a period ends in an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let token = last_token(before);
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
/// of the lowered token instead of a walk through the list.
fn is_listed_abbreviation(token: &str) -> bool {
    // The list is ASCII and its longest entries have six letters.
    const LONGEST: usize = 6;
    static SET: OnceLock<rustc_hash::FxHashSet<&'static [u8]>> = OnceLock::new();
    let b = token.as_bytes();
    if b.len() > LONGEST || !token.is_ascii() {
        return false;
    }
    let mut lowered = [0u8; LONGEST];
    let lowered = &mut lowered[..b.len()];
    lowered.copy_from_slice(b);
    lowered.make_ascii_lowercase();
    let set = SET.get_or_init(|| ABBREVIATIONS.iter().map(|a| a.as_bytes()).collect());
    set.contains(&*lowered)
}

/// Words inside `span`: letters and digits joined by inner apostrophes,
/// hyphens and periods. Each word's range is handed to `push`.
///
/// The loops run over bytes and decode a character only where a byte is not
/// ASCII: this is the innermost loop of the whole linter.
fn words(prose: &str, span: Range<usize>, mut push: impl FnMut(Range<usize>)) {
    let Some(s) = prose.get(span.clone()) else {
        return;
    };
    let b = s.as_bytes();
    let n = b.len();
    let mut i = 0;
    loop {
        // Skip to the start of the next word.
        while i < n && !b[i].is_ascii_alphanumeric() {
            if b[i] < 0x80 {
                i += 1;
                continue;
            }
            let c = decode(s, i);
            if is_wordy(c) {
                break;
            }
            i += c.len_utf8();
        }
        if i >= n {
            return;
        }
        let start = i;
        // Extend it over letters, digits, marks and inner joiners.
        loop {
            i += alnum_run(&b[i..]);
            if i >= n {
                break;
            }
            if b[i] < 0x80 {
                // An ASCII byte after the letters (space, comma) ends the
                // word, unless it joins two parts ("al-Qaida", "U.S").
                let joiner = matches!(b[i], b'\'' | b'-' | b'.');
                if joiner && i + 1 < n && is_alphanumeric(decode(s, i + 1)) {
                    i += 1;
                    continue;
                }
                break;
            }
            let c = decode(s, i);
            let len = c.len_utf8();
            if is_wordy(c) {
                i += len;
                continue;
            }
            let joiner = matches!(c, '\'' | '’' | '-' | '‐' | '.' | '\u{00AD}');
            if joiner && i + len < n && is_alphanumeric(decode(s, i + len)) {
                i += len;
                continue;
            }
            break;
        }
        push(span.start + start..span.start + i);
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

fn alnum_run(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_alphanumeric()).count()
}

fn is_alphanumeric(c: char) -> bool {
    c.is_alphanumeric()
}

#[inline]
fn is_wordy(c: char) -> bool {
    is_alphanumeric(c) || (!c.is_ascii() && is_mark(c))
}

/// Combining marks belong to the word they decorate.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// A sentence's span and the indices of its words.
pub(super) type SentenceSpans = (Range<usize>, Range<usize>);

/// The sentences and word spans of `draft` as the two-pass finder found
/// them, block by block.
pub(super) fn parse(draft: &Draft) -> (Vec<SentenceSpans>, Vec<Range<usize>>) {
    let ellipsis = has_ellipsis(&draft.prose);
    let mut sentences = Vec::new();
    let mut words = Vec::new();
    for paragraph in &draft.paragraphs {
        let mut spans = Vec::new();
        split(&draft.prose, paragraph.span.clone(), ellipsis, &mut spans);
        for span in spans {
            let first = words.len();
            self::words(&draft.prose, span.clone(), |w| words.push(w));
            sentences.push((span, first..words.len()));
        }
    }
    (sentences, words)
}
