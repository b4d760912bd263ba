//! The draft: a text and where its prose is.
//!
//! A [`Draft`] keeps the original text and a *prose view* of it: a string of
//! exactly the same byte length in which everything that is not prose (code,
//! front matter, HTML, link targets, URLs, Markdown markers) is blanked with
//! spaces. Because the two have the same length, every offset found in the
//! prose view is an offset into the original text, and analysis never has to
//! map positions back.
//!
//! On top of the prose view a draft has paragraphs (blocks), sentences and
//! words, all as byte ranges.

mod markdown;
mod markup;
mod plain;
pub mod position;
#[cfg(test)]
mod reference;
mod sentences;
mod urls;
pub(crate) mod within;

use crate::finding::Span;
use std::ops::Range;

pub use position::{Encoding, LineIndex};
pub(crate) use sentences::is_capital;
pub(crate) use urls::url_spans;

/// How a draft's text is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftKind {
    Markdown,
    Plain,
}

impl DraftKind {
    /// The kind for a file name, or `None` if copydesk does not read it.
    pub fn from_path(path: &str) -> Option<DraftKind> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            Some(DraftKind::Markdown)
        } else if lower.ends_with(".txt") {
            Some(DraftKind::Plain)
        } else {
            None
        }
    }

    /// Like [`DraftKind::from_path`], but unknown files (and LSP language
    /// ids other than markdown) are read as plain text.
    pub fn from_path_or_plain(path: &str) -> DraftKind {
        DraftKind::from_path(path).unwrap_or(DraftKind::Plain)
    }
}

/// What kind of block a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// An ordinary paragraph of prose.
    Prose,
    /// A heading (Markdown `#`, or a short unpunctuated line in plain text).
    Heading,
    /// A paragraph inside a Markdown block quote (`> …`).
    BlockQuote,
    /// A list item.
    ListItem,
    /// A table cell.
    TableCell,
}

/// A block of prose: a paragraph, heading, list item, block-quote paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub span: Span,
    pub kind: BlockKind,
    /// Indices into [`Draft::sentences`].
    pub sentences: Range<usize>,
    /// For block-quote paragraphs: which block quote (counting from 0) it
    /// belongs to, so consecutive paragraphs of one block quote can be
    /// grouped. `None` outside block quotes.
    pub block_quote: Option<usize>,
}

/// A sentence, within one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
    /// Indices into [`Draft::words`].
    pub words: Range<usize>,
}

/// A word: letters and digits, with inner apostrophes, hyphens and periods
/// ("Zelenskyy’s", "al-Qaida", "U.S").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub span: Span,
    pub sentence: usize,
}

/// Whether words read as a headline set in title case ("No Timeline For
/// Accords", "Carson: Rival ‘Not Fit To Serve’"): every word capitalised
/// but the small ones a title-case headline leaves in lower case, and at
/// least three capitalised. Numbers ("13-Year-Olds", "2024") count as
/// neither. Its capitals say nothing of names or titles, and its quotes
/// need no "said".
pub fn is_headline_case<'a>(words: impl IntoIterator<Item = &'a str>) -> bool {
    let mut capitals = 0;
    for word in words {
        let Some(first) = word.chars().next() else {
            continue;
        };
        if first.is_uppercase() {
            capitals += 1;
        } else if !first.is_ascii_digit() && !HEADLINE_SMALL_WORDS.contains(&word) {
            return false;
        }
    }
    capitals >= 3
}

/// Words a title-case headline leaves in lower case.
const HEADLINE_SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "of", "in", "on", "to", "for", "at", "by", "with",
    "from", "into", "over", "as", "up", "off", "out", "per", "via", "vs",
];

/// A Markdown HTML comment (`<!-- … -->`), kept for suppression comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    /// The comment's text between `<!--` and `-->`, trimmed.
    pub body: String,
}

/// A parsed draft. See the module documentation.
#[derive(Debug, Clone)]
pub struct Draft<'t> {
    pub text: &'t str,
    pub kind: DraftKind,
    /// Same length as `text`; non-prose blanked. See the module docs.
    pub prose: String,
    /// The prose view in lower case, again of the same byte length (a
    /// character whose lower case has another length is kept as it is), so
    /// that analysis can compare words with lexicons without allocating.
    pub lower: String,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub words: Vec<Word>,
    pub comments: Vec<Comment>,
}

/// From this many bytes of text (about 20,000 words, as
/// [`crate::analysis::PARALLEL_WORDS`]) a draft is split into sentences and
/// words on two threads: below it, waking a second thread costs more than
/// it saves.
const PARALLEL_BYTES: usize = 120_000;

/// Paragraphs, sentences and words of a run of blocks.
struct Outline {
    paragraphs: Vec<Paragraph>,
    sentences: Vec<Sentence>,
    words: Vec<Word>,
    /// Offsets of the upper-case letters that are not ASCII (see
    /// [`lower_case`]).
    capitals: Vec<usize>,
}

impl Outline {
    /// Split `blocks` of `prose` (of about `bytes` bytes) into sentences
    /// and words. The first block is paragraph `first_paragraph` of the
    /// draft; sentence and word indices count from 0.
    fn of(prose: &str, blocks: &[Block], first_paragraph: usize, bytes: usize) -> Outline {
        let mut outline = Outline {
            paragraphs: Vec::with_capacity(blocks.len()),
            // News prose runs ~6 bytes a word and ~25 words a sentence;
            // generous, since growing the vector copies it.
            sentences: Vec::with_capacity(bytes / 60 + 1),
            words: Vec::with_capacity(bytes / 5 + 1),
            capitals: Vec::new(),
        };
        sentences::Letters::with(|letters| {
            for (k, block) in blocks.iter().enumerate() {
                let first_sentence = outline.sentences.len();
                sentences::split(
                    prose,
                    block.span.clone(),
                    first_paragraph + k,
                    &mut outline.sentences,
                    &mut outline.words,
                    &mut outline.capitals,
                    letters,
                );
                outline.paragraphs.push(Paragraph {
                    span: block.span.clone(),
                    kind: block.kind,
                    sentences: first_sentence..outline.sentences.len(),
                    block_quote: block.block_quote,
                });
            }
        });
        outline
    }

    /// Append the outline of the blocks that follow this one's, moving its
    /// sentence and word indices past this one's.
    fn append(&mut self, rest: Outline) {
        let (sentences, words) = (self.sentences.len(), self.words.len());
        self.paragraphs
            .extend(rest.paragraphs.into_iter().map(|mut p| {
                p.sentences = p.sentences.start + sentences..p.sentences.end + sentences;
                p
            }));
        self.sentences
            .extend(rest.sentences.into_iter().map(|mut s| {
                s.words = s.words.start + words..s.words.end + words;
                s
            }));
        self.words.extend(rest.words.into_iter().map(|mut w| {
            w.sentence += sentences;
            w
        }));
        // Draft offsets already.
        self.capitals.extend(rest.capitals);
    }
}

/// The outline of a block before sentences are found.
pub(crate) struct Block {
    pub span: Span,
    pub kind: BlockKind,
    pub block_quote: Option<usize>,
}

impl<'t> Draft<'t> {
    /// Parse a draft. Never fails: any text is a draft.
    pub fn parse(text: &'t str, kind: DraftKind) -> Draft<'t> {
        Draft::parse_on(text, kind, text.len() >= PARALLEL_BYTES)
    }

    /// [`Draft::parse`], on two threads when `parallel` (the result is the
    /// same either way; the tests hold the two to that).
    fn parse_on(text: &'t str, kind: DraftKind, parallel: bool) -> Draft<'t> {
        let (prose, blocks, comments) = match kind {
            DraftKind::Markdown if parallel => markdown::scan_halves(text),
            DraftKind::Markdown => markdown::scan(text),
            DraftKind::Plain => plain::scan(text),
        };
        let (ascii_lower, outline) = if parallel && blocks.len() >= 2 {
            // A long draft: the ASCII lower case and the two halves of its
            // blocks are independent work for two threads.
            let mid = blocks
                .partition_point(|b| b.span.start < text.len() / 2)
                .clamp(1, blocks.len() - 1);
            let (first, second) = blocks.split_at(mid);
            let (ascii_lower, (mut outline, rest)) = rayon::join(
                || prose.to_ascii_lowercase(),
                || {
                    rayon::join(
                        // Room for the second half's too: joined without
                        // growing.
                        || Outline::of(&prose, first, 0, text.len()),
                        || Outline::of(&prose, second, mid, text.len() / 2),
                    )
                },
            );
            outline.append(rest);
            (ascii_lower, outline)
        } else {
            let outline = Outline::of(&prose, &blocks, 0, text.len());
            (prose.to_ascii_lowercase(), outline)
        };
        let lower = lower_case(ascii_lower, &prose, &outline.capitals);
        Draft {
            text,
            kind,
            prose,
            lower,
            paragraphs: outline.paragraphs,
            sentences: outline.sentences,
            words: outline.words,
            comments,
        }
    }

    /// The original text of a span.
    pub fn slice(&self, span: &Span) -> &'t str {
        self.text.get(span.clone()).unwrap_or("")
    }

    /// The prose view of a span (non-prose blanked).
    pub fn prose_slice(&self, span: &Span) -> &str {
        self.prose.get(span.clone()).unwrap_or("")
    }

    /// The index of the paragraph containing `offset`, if any.
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.span.end <= offset);
        (i < self.paragraphs.len() && self.paragraphs[i].span.start <= offset).then_some(i)
    }

    /// The index of the sentence containing `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= offset);
        (i < self.sentences.len() && self.sentences[i].span.start <= offset).then_some(i)
    }

    /// The indices of the words that lie inside `span`.
    pub fn words_in(&self, span: &Span) -> Range<usize> {
        let start = self.words.partition_point(|w| w.span.start < span.start);
        let end = self.words.partition_point(|w| w.span.end <= span.end);
        start..end.max(start)
    }

    /// The words of a sentence.
    pub fn sentence_words(&self, sentence: usize) -> &[Word] {
        match self.sentences.get(sentence) {
            Some(s) => &self.words[s.words.clone()],
            None => &[],
        }
    }

    /// The text of a word.
    pub fn word_text(&self, word: &Word) -> &'t str {
        self.slice(&word.span)
    }

    /// The lower-case prose of a span (see [`Draft::lower`]).
    pub fn lower_slice(&self, span: &Span) -> &str {
        self.lower.get(span.clone()).unwrap_or("")
    }

    /// The lower-case text of the word at index `i` ("" past the end).
    pub fn word_lower(&self, i: usize) -> &str {
        match self.words.get(i) {
            Some(w) => self.lower_slice(&w.span),
            None => "",
        }
    }
}

/// The prose's lower case as [`lower_same_length`] finds it, from its ASCII
/// lower case and the offsets of its other capitals (which the sentence
/// pass found in its words): no second search of the prose for them.
fn lower_case(ascii_lower: String, prose: &str, capitals: &[usize]) -> String {
    let mut out = ascii_lower;
    for &i in capitals {
        if let Some(c) = prose.get(i..).and_then(|r| r.chars().next()) {
            patch_lower(&mut out, i, c);
        }
    }
    out
}

/// Write the lower case of the capital `c` at byte `i` of `out` when it
/// is one character of the same length (else `c` stays as it is).
fn patch_lower(out: &mut String, i: usize, c: char) {
    let mut lower = c.to_lowercase();
    if let (Some(l), None) = (lower.next(), lower.next()) {
        if l.len_utf8() == c.len_utf8() {
            let mut buf = [0u8; 4];
            let encoded = l.encode_utf8(&mut buf);
            out.replace_range(i..i + encoded.len(), encoded);
        }
    }
}

/// Lower-case `text` character by character, keeping every character's byte
/// length, so offsets into the result are offsets into `text`. (A draft's
/// lower case is found by [`lower_case`]; this, its oracle, is for any
/// text.)
#[cfg(test)]
pub(crate) fn lower_same_length(text: &str) -> String {
    let mut out = text.to_ascii_lowercase();
    if text.is_ascii() {
        return out;
    }
    // Only the non-ASCII upper-case letters are left to do; they are rare
    // in English copy, so find them and patch the copy in place.
    let mut patch: Vec<(usize, char)> = Vec::new();
    let bytes = text.as_bytes();
    for_each_lead_byte(bytes, |i| {
        // U+2000 to U+207F (curly quotes, dashes, ellipses: the commonest
        // characters here, and caseless) by their bytes, undecoded.
        if bytes[i] == 0xE2 && matches!(bytes.get(i + 1), Some(0x80 | 0x81)) {
            return;
        }
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            return;
        };
        // Curly quotes and dashes (general punctuation) are the commonest
        // characters here and have no case: spare them the Unicode table.
        if ('\u{2000}'..='\u{206F}').contains(&c) || !c.is_uppercase() {
            return;
        }
        let mut lower = c.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next()) {
            if l.len_utf8() == c.len_utf8() {
                patch.push((i, l));
            }
        }
    });
    for (i, l) in patch {
        let mut buf = [0u8; 4];
        let encoded = l.encode_utf8(&mut buf);
        out.replace_range(i..i + encoded.len(), encoded);
    }
    out
}

#[cfg(test)]
/// Call `found` with the offset of each byte that starts a multi-byte
/// character (0xC0 and up). Eight bytes are tested at a time, since most of
/// a draft is ASCII with a curly quote here and there.
fn for_each_lead_byte(bytes: &[u8], mut found: impl FnMut(usize)) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let chunks = bytes.chunks_exact(8);
    let tail = chunks.remainder();
    let mut at = 0;
    for chunk in chunks {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let x = u64::from_le_bytes(eight);
        // A lead byte has both top bits set.
        let mut leads = x & (x << 1) & HIGH;
        while leads != 0 {
            found(at + (leads.trailing_zeros() / 8) as usize);
            leads &= leads - 1;
        }
        at += 8;
    }
    for (k, &b) in tail.iter().enumerate() {
        if b >= 0xC0 {
            found(at + k);
        }
    }
}

/// `r` of `text` without white space at either end (as `str::trim`);
/// `None` if nothing is left. ASCII white space (a sentence mostly follows
/// a space) is trimmed by byte; where an end is not ASCII, `str::trim`
/// decides. Inlined: it runs once a sentence and once a line, and the
/// ASCII case is a few instructions against a call's saving and restoring.
#[inline]
pub(crate) fn trim_span(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    // `char::is_whitespace` in ASCII: also the vertical tab.
    let white = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let b = text.as_bytes().get(r.clone())?;
    let (mut start, mut end) = (0, b.len());
    while start < end && white(b[start]) {
        start += 1;
    }
    while end > start && white(b[end - 1]) {
        end -= 1;
    }
    if start == end {
        return None;
    }
    // ASCII at both ends: those are char boundaries and not white space.
    if b[start] < 0x80 && b[end - 1] < 0x80 {
        return Some(r.start + start..r.start + end);
    }
    trim_unicode(text, r.start + start..r.start + end)
}

/// [`trim_span`] where an end is not ASCII (a curly quote, a no-break
/// space): `str::trim` decides.
#[inline(never)]
fn trim_unicode(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = text.get(r.clone())?;
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    (start < end).then_some(start..end)
}

/// Blank `range` of `prose` with spaces, keeping line breaks so that line
/// structure survives. `range` must lie on char boundaries of the text.
pub(crate) fn blank(prose: &mut [u8], range: Range<usize>) {
    let end = range.end.min(prose.len());
    for b in &mut prose[range.start.min(end)..end] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// Bare URLs and e-mail addresses are not prose, in either kind of draft:
/// blanked in the prose view. A URL or address holds no white space, so no
/// line break is kept; the view is not validated as UTF-8 a second time.
pub(crate) fn blank_urls(prose: &mut String) {
    for range in url_spans(prose) {
        if prose.is_char_boundary(range.start) && prose.is_char_boundary(range.end) {
            prose.replace_range(range.clone(), &" ".repeat(range.len()));
        }
    }
}

/// Turn the blanked bytes back into a string. Blanking replaces whole
/// characters with ASCII, so the bytes stay valid UTF-8; the fallback is
/// there so a bug can never become a panic.
pub(crate) fn into_prose(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => " ".repeat(e.as_bytes().len()),
    }
}

#[cfg(test)]
mod tests;
