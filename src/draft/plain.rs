//! Plain-text drafts: paragraphs by line, or by blank line when the file is
//! hard-wrapped; short unpunctuated lines standing alone are headings.

use super::{blank, into_prose, url_spans, Block, BlockKind, Comment};
use std::ops::Range;

pub(crate) fn scan(text: &str) -> (String, Vec<Block>, Vec<Comment>) {
    let urls = url_spans(text);
    let prose = if urls.is_empty() {
        text.to_string()
    } else {
        let mut bytes = text.as_bytes().to_vec();
        for range in urls {
            blank(&mut bytes, range);
        }
        into_prose(bytes)
    };
    let lines = lines(text);
    let blocks = if is_hard_wrapped(text, &lines) {
        blank_line_blocks(text, &lines)
    } else {
        lines
            .iter()
            .filter(|l| !trimmed(&text[(*l).clone()]).is_empty())
            .map(|l| block(text, trim(text, l.clone()), true))
            .collect()
    };
    (prose, blocks, Vec::new())
}

/// Line ranges without their line breaks (\n, \r\n or \r, as LSP counts).
fn lines(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i < start {
            // The \n of a \r\n pair, already taken with its \r.
            continue;
        }
        lines.push(start..i);
        start = i + 1;
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            start += 1;
        }
    }
    if start < bytes.len() {
        lines.push(start..bytes.len());
    }
    lines
}

/// `s.trim()`, without decoding a character when `s` starts and ends in
/// visible ASCII (most lines of copy).
fn trimmed(s: &str) -> &str {
    let visible = |b: &u8| (b'!'..=b'~').contains(b);
    let b = s.as_bytes();
    if b.first().is_some_and(visible) && b.last().is_some_and(visible) {
        return s;
    }
    s.trim()
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    if trimmed(s).len() == s.len() {
        return range;
    }
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    range.start + lead..range.end - trail
}

/// A file is hard-wrapped when lines often break mid-sentence: a line with
/// no closing punctuation followed directly by another line of text.
fn is_hard_wrapped(text: &str, lines: &[Range<usize>]) -> bool {
    let mut text_lines = 0;
    let mut mid_sentence = 0;
    for pair in lines.windows(2) {
        let (a, b) = (
            trimmed(&text[pair[0].clone()]),
            trimmed(&text[pair[1].clone()]),
        );
        if a.is_empty() {
            continue;
        }
        text_lines += 1;
        if !b.is_empty() && !ends_like_paragraph(a) && a.chars().count() > 30 {
            mid_sentence += 1;
        }
    }
    mid_sentence >= 3 || (mid_sentence >= 1 && mid_sentence * 4 >= text_lines)
}

fn ends_like_paragraph(line: &str) -> bool {
    line.ends_with(['.', '!', '?', ':', '"', '”', '’', ')', '»'])
}

fn blank_line_blocks(text: &str, lines: &[Range<usize>]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut line_count = 0;
    for line in lines {
        let trimmed = trim(text, line.clone());
        if trimmed.is_empty() {
            if let Some(span) = current.take() {
                blocks.push(block(text, span, line_count == 1));
            }
            line_count = 0;
            continue;
        }
        line_count += 1;
        current = Some(match current {
            Some(span) => span.start..trimmed.end,
            None => trimmed,
        });
    }
    if let Some(span) = current {
        blocks.push(block(text, span, line_count == 1));
    }
    blocks
}

/// A block; a single short line without closing punctuation is a heading.
fn block(text: &str, span: Range<usize>, single_line: bool) -> Block {
    let s = &text[span.clone()];
    let heading = single_line && looks_like_heading(s);
    Block {
        span,
        kind: if heading {
            BlockKind::Heading
        } else {
            BlockKind::Prose
        },
        block_quote: None,
    }
}

fn looks_like_heading(line: &str) -> bool {
    let starts_upper = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    // Cheapest test first: most lines are paragraphs ending in a period.
    !line.ends_with(['.', '!', '?', ':', ';', ',', '"', '”', '’', '»'])
        && starts_upper
        && line.len() <= 360
        && line.chars().count() <= 90
        && line.split_whitespace().count() <= 12
}
