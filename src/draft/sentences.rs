//! Sentences and words inside a block of prose.
//!
//! A sentence ends at `.`, `?` or `!` (plus any closing quote marks and
//! brackets) followed by space and something that can start a sentence.
//! Abbreviations ("Sen.", "U.S.", "Mr.") and initials ("J.") do not end one.

use std::ops::Range;

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

/// Split `span` of `prose` into sentence spans (trimmed, never empty).
pub(crate) fn split(prose: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let Some(block) = prose.get(span.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = block.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if matches!(c, '.' | '?' | '!' | '…') {
            // Swallow runs of terminal punctuation and closing marks.
            let mut j = i + 1;
            while j < chars.len()
                && (matches!(chars[j].1, '.' | '?' | '!' | '…') || CLOSERS.contains(&chars[j].1))
            {
                j += 1;
            }
            let end = chars.get(j).map_or(block.len(), |(o, _)| *o);
            if ends_sentence(block, at, c, &chars, j) {
                push_trimmed(&mut out, block, start..end, span.start);
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(&mut out, block, start..block.len(), span.start);
    out
}

fn push_trimmed(out: &mut Vec<Range<usize>>, block: &str, r: Range<usize>, base: usize) {
    let s = &block[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(base + r.start + lead..base + r.end - trail);
    }
}

/// Whether the punctuation at `at` (with the closers up to char index `j`)
/// ends a sentence.
fn ends_sentence(block: &str, at: usize, mark: char, chars: &[(usize, char)], j: usize) -> bool {
    // Must be followed by white space (or the end of the block).
    let Some(&(_, next)) = chars.get(j) else {
        return true;
    };
    if !next.is_whitespace() {
        return false;
    }
    // What follows the space must be able to start a sentence.
    let mut k = j;
    while k < chars.len() && chars[k].1.is_whitespace() {
        k += 1;
    }
    let Some(&(_, first)) = chars.get(k) else {
        return true;
    };
    let can_start = first.is_uppercase()
        || first.is_numeric()
        || matches!(
            first,
            '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '„' | '—' | '–' | '-' | '*'
        );
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
    let token: &str = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘' | '[' | '—'))
        .next()
        .unwrap_or("");
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
    let lower = token.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// Words inside `span`: letters and digits joined by inner apostrophes,
/// hyphens and periods.
pub(crate) fn words(prose: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let Some(s) = prose.get(span.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let wordy = c.is_alphanumeric() || is_mark(c);
        if wordy {
            start.get_or_insert(i);
            continue;
        }
        let joiner = matches!(c, '\'' | '’' | '-' | '‐' | '.' | '\u{00AD}');
        let next_wordy = iter.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if start.is_some() && joiner && next_wordy {
            continue;
        }
        if let Some(st) = start.take() {
            out.push(span.start + st..span.start + i);
        }
    }
    if let Some(st) = start {
        out.push(span.start + st..span.start + s.len());
    }
    out
}

/// Combining marks belong to the word they decorate.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}
