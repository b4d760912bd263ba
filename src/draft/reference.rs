//! The sentence and word finder as it was before sentences and words were
//! found in one pass (two passes, a call per sentence): kept, for tests
//! only, as the oracle the one-pass finder must agree with.

use super::sentences::ends_sentence;
use super::Draft;
use std::ops::Range;
use std::sync::OnceLock;

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
