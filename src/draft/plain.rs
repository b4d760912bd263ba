//! Plain-text drafts: paragraphs by line, or by blank line when the file is
//! hard-wrapped; short unpunctuated lines standing alone are headings. Bare
//! URLs and pasted markup tags are not prose.

use super::markup::tag_spans;
use super::{blank, into_prose, trim_span, url_spans, Block, BlockKind, Comment};
use std::ops::Range;

pub(crate) fn scan(text: &str) -> (String, Vec<Block>, Vec<Comment>) {
    let mut not_prose = url_spans(text);
    not_prose.extend(tag_spans(text));
    let prose = if not_prose.is_empty() {
        text.to_string()
    } else {
        let mut bytes = text.as_bytes().to_vec();
        for range in not_prose {
            blank(&mut bytes, range);
        }
        into_prose(bytes)
    };
    let lines = lines(text);
    let blocks = if is_hard_wrapped(text, &lines) {
        blank_line_blocks(text, &lines)
    } else {
        let mut blocks = Vec::with_capacity(lines.len());
        for line in lines.iter().filter(|l| !l.is_empty()) {
            blocks.push(block(text, line.clone(), true));
        }
        blocks
    };
    (prose, blocks, Vec::new())
}

/// Line ranges without their line breaks (\n, \r\n or \r, as LSP counts),
/// trimmed of white space (a blank line's range is empty).
fn lines(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    // Copy runs ~100 bytes a line; one growth at most for most drafts.
    let mut lines = Vec::with_capacity(bytes.len() / 64 + 1);
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i < start {
            // The \n of a \r\n pair, already taken with its \r.
            continue;
        }
        lines.push(trim_span(text, start..i).unwrap_or(i..i));
        start = i + 1;
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            start += 1;
        }
    }
    if start < bytes.len() {
        lines.push(trim_span(text, start..bytes.len()).unwrap_or(start..start));
    }
    lines
}

/// A file is hard-wrapped when lines often break mid-sentence: a line with
/// no closing punctuation followed directly by another line of text.
fn is_hard_wrapped(text: &str, lines: &[Range<usize>]) -> bool {
    let mut text_lines = 0;
    let mut mid_sentence = 0;
    for pair in lines.windows(2) {
        let (a, b) = (&text[pair[0].clone()], &text[pair[1].clone()]);
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
    for trimmed in lines.iter().cloned() {
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
    // Cheapest test first: most lines are paragraphs ending in a period,
    // told by their last byte without decoding a character.
    let ends_closed = match line.as_bytes().last() {
        Some(&b) if b < 0x80 => matches!(b, b'.' | b'!' | b'?' | b':' | b';' | b',' | b'"'),
        _ => line.ends_with(['.', '!', '?', ':', ';', ',', '"', '”', '’', '»']),
    };
    if ends_closed {
        return false;
    }
    let starts_upper = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    starts_upper
        && line.len() <= 360
        && line.chars().count() <= 90
        && line.split_whitespace().count() <= 12
}
