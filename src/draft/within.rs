//! The draft's lookups (`sentence_at`, `words_in`, `paragraph_at`), searched within one
//! paragraph's sentences and words rather than the whole draft's.
//!
//! Analysis mostly asks about offsets in a paragraph it already holds: a
//! binary search over its few dozen words is shorter than one over the
//! draft's, and on a long draft stays in cache. Each answer is the draft's
//! own: the paragraph's range is checked to hold it, and the whole draft is
//! searched when it does not.

use crate::draft::Draft;
use crate::finding::Span;
use std::ops::Range;

/// `items.partition_point(pred)` for a `pred` true then false along
/// `items`, searching `hint` only when the point lies in it.
fn partition_within<T>(items: &[T], hint: Range<usize>, pred: impl Fn(&T) -> bool) -> usize {
    let hi = hint.end.min(items.len());
    let lo = hint.start.min(hi);
    let below = lo == 0 || pred(&items[lo - 1]);
    let above = hi == items.len() || !pred(&items[hi]);
    if below && above {
        lo + items[lo..hi].partition_point(pred)
    } else {
        items.partition_point(pred)
    }
}

/// Whether `at` is `items.partition_point(pred)`, for a `pred` true then
/// false along `items`.
fn is_point<T>(items: &[T], at: usize, pred: impl Fn(&T) -> bool) -> bool {
    at <= items.len()
        && (at == 0 || pred(&items[at - 1]))
        && (at == items.len() || !pred(&items[at]))
}

/// The indices of the words of paragraph `pi`, as its sentences give them.
fn paragraph_words(draft: &Draft, pi: usize) -> Range<usize> {
    let Some(para) = draft.paragraphs.get(pi) else {
        return 0..0;
    };
    let first = draft.sentences.get(para.sentences.start);
    let last = para
        .sentences
        .end
        .checked_sub(1)
        .and_then(|s| draft.sentences.get(s));
    match (first, last) {
        (Some(f), Some(l)) => f.words.start..l.words.end,
        _ => 0..0,
    }
}

/// [`Draft::paragraph_at`], tried first at paragraph `pi`.
pub(crate) fn paragraph_at(draft: &Draft, pi: usize, offset: usize) -> Option<usize> {
    let paragraphs = &draft.paragraphs;
    let i = partition_within(paragraphs, pi..pi + 1, |p| p.span.end <= offset);
    (i < paragraphs.len() && paragraphs[i].span.start <= offset).then_some(i)
}

/// [`Draft::sentence_at`], searched first among paragraph `pi`'s sentences.
pub(crate) fn sentence_at(draft: &Draft, pi: usize, offset: usize) -> Option<usize> {
    let hint = draft
        .paragraphs
        .get(pi)
        .map_or(0..0, |p| p.sentences.clone());
    let sentences = &draft.sentences;
    let i = partition_within(sentences, hint, |s| s.span.end <= offset);
    (i < sentences.len() && sentences[i].span.start <= offset).then_some(i)
}

/// [`Draft::words_in`], searched first among paragraph `pi`'s words.
pub(crate) fn words_in(draft: &Draft, pi: usize, span: &Span) -> Range<usize> {
    let hint = paragraph_words(draft, pi);
    let words = &draft.words;
    let before = |w: &crate::draft::Word| w.span.start < span.start;
    // A span from the paragraph's start (the paragraph itself, its first
    // sentence) starts at its first word: checked, not searched.
    let start = if is_point(words, hint.start, before) {
        hint.start
    } else {
        partition_within(words, hint.clone(), before)
    };
    // Word ends rise with word starts, so the words from `start` on that end
    // by `span.end` are the answer's; the spans asked about are mostly a
    // name or a few words, so a few steps forward find the end before a
    // binary search over the rest.
    const STEPS: usize = 8;
    let within = |w: &crate::draft::Word| w.span.end <= span.end;
    let ahead = &words[start..];
    let near = ahead.iter().take(STEPS).take_while(|w| within(w)).count();
    let end = if near < STEPS.min(ahead.len()) {
        start + near
    } else if is_point(words, hint.end, within) {
        hint.end
    } else {
        let hint = start + near..hint.end.max(start + near);
        partition_within(words, hint, within)
    };
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;

    /// Every lookup agrees with the draft's, whichever paragraph is named.
    #[test]
    fn answers_are_the_drafts() {
        let text = "Peskov said. “No.” She left.\n\nMerz spoke, then went home.\n\n\nEnd.";
        let draft = Draft::parse(text, DraftKind::Plain);
        for pi in 0..=draft.paragraphs.len() + 1 {
            for offset in 0..=text.len() + 1 {
                assert_eq!(
                    paragraph_at(&draft, pi, offset),
                    draft.paragraph_at(offset),
                    "{pi} {offset}"
                );
                assert_eq!(
                    sentence_at(&draft, pi, offset),
                    draft.sentence_at(offset),
                    "{pi} {offset}"
                );
                for end in offset..=text.len() + 1 {
                    let span = offset..end;
                    assert_eq!(words_in(&draft, pi, &span), draft.words_in(&span));
                }
            }
        }
    }

    #[test]
    fn partition_outside_the_hint() {
        let items = [1, 2, 3, 4, 5, 6];
        for hint in [0..0, 0..2, 2..4, 4..6, 5..9, 9..12] {
            for x in 0..8 {
                assert_eq!(
                    partition_within(&items, hint.clone(), |&v| v < x),
                    items.partition_point(|&v| v < x)
                );
            }
        }
    }
}
