//! Markup pasted into a plain-text draft: `<tweet author="…" …>`, `</a>`.
//!
//! Scraped and pasted copy keeps the tags of embeds (tweets, links). Their
//! attribute values are delimited by quote marks that are markup, not
//! quotation, so a tag is not prose: it is blanked in the prose view (the
//! text between tags stays prose). Only a well-formed tag counts: `<`, a
//! name, attributes (`name`, `name=value`, the value bare or quoted), then
//! `>` or `/>`, with no `<` inside. A line break may stand inside the tag
//! (scrapers break a date value before its closing mark) but the whole
//! tag must be short. A stray `<` in prose ("a < b") makes no tag.
//! Markdown drafts do not need this: pulldown-cmark reads their HTML.

use std::ops::Range;

/// No tag of an embed runs this long; past it, a `<` is prose.
const LONGEST_TAG: usize = 2_000;

/// The spans of the tags in `text` (none without a `<`, found by memchr).
pub(crate) fn tag_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'<', &bytes[from..]).map(|i| from + i) {
        match tag_end(bytes, at) {
            Some(end) => {
                found.push(at..end);
                from = end;
            }
            None => from = at + 1,
        }
    }
    found
}

/// The end (after `>`) of the tag opening at `bytes[at] == b'<'`, if a
/// well-formed one does.
fn tag_end(bytes: &[u8], at: usize) -> Option<usize> {
    let limit = bytes.len().min(at + LONGEST_TAG);
    let b = &bytes[..limit];
    let mut i = at + 1;
    if b.get(i) == Some(&b'/') {
        i += 1;
    }
    // The element's name: a letter, then letters, digits, '-', '_', ':'.
    if !b.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    i = name_end(b, i);
    loop {
        let before_space = i;
        i = skip_space(b, i);
        match *b.get(i)? {
            b'>' => return Some(i + 1),
            b'/' if b.get(i + 1) == Some(&b'>') => return Some(i + 2),
            c if is_name_start(c) && i > before_space => {
                i = name_end(b, i);
                let after_name = skip_space(b, i);
                if b.get(after_name) == Some(&b'=') {
                    i = value_end(b, skip_space(b, after_name + 1))?;
                }
            }
            _ => return None,
        }
    }
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b':'
}

fn name_end(b: &[u8], mut i: usize) -> usize {
    while b
        .get(i)
        .is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.'))
    {
        i += 1;
    }
    i
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

/// The end of an attribute value starting at `i`: quoted with ' or " (or
/// curly marks, which word processors put in pasted markup: href=”…”), up
/// to the next mark of the same family; or bare, up to space, `>` or `/>`.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    let rest = b.get(i..)?;
    match quoted(rest) {
        Value::ClosedAt(len) => return Some(i + len),
        Value::NeverClosed => return None,
        Value::Bare => {}
    }
    let len = rest
        .iter()
        .position(|&c| {
            c.is_ascii_whitespace() || matches!(c, b'>' | b'<' | b'"' | b'\'' | b'=' | b'`')
        })
        .unwrap_or(rest.len());
    (len > 0).then_some(i + len)
}

/// How an attribute value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Value {
    /// Not in quote marks.
    Bare,
    /// In quote marks; the length through the closing mark.
    ClosedAt(usize),
    /// Opened with a quote mark that is never closed: no tag.
    NeverClosed,
}

/// How the value at the start of `rest` is written.
fn quoted(rest: &[u8]) -> Value {
    const DOUBLE_CURLY: [&[u8]; 2] = ["“".as_bytes(), "”".as_bytes()];
    const SINGLE_CURLY: [&[u8]; 2] = ["‘".as_bytes(), "’".as_bytes()];
    let Some(first) = rest.first() else {
        return Value::Bare;
    };
    let (open_len, closers): (usize, &[&[u8]]) = match first {
        b'"' => (1, &[b"\""]),
        b'\'' => (1, &[b"'"]),
        _ if DOUBLE_CURLY.iter().any(|m| rest.starts_with(m)) => (3, &DOUBLE_CURLY),
        _ if SINGLE_CURLY.iter().any(|m| rest.starts_with(m)) => (3, &SINGLE_CURLY),
        _ => return Value::Bare,
    };
    let body = &rest[open_len..];
    (0..body.len())
        .find_map(|k| {
            // A tag never holds another tag's start.
            if body[k] == b'<' {
                return Some(Value::NeverClosed);
            }
            closers
                .iter()
                .find(|m| body[k..].starts_with(m))
                .map(|m| Value::ClosedAt(open_len + k + m.len()))
        })
        .unwrap_or(Value::NeverClosed)
}

#[cfg(test)]
mod tests {
    use super::{quoted, tag_spans, Value};

    fn tags(text: &str) -> Vec<&str> {
        tag_spans(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn embed_tags_are_found() {
        let t =
            "Her post:\n<tweet pic=\"\" author=\"cityhall\" id=\"12\">We open at nine.</tweet>.";
        assert_eq!(
            tags(t),
            vec!["<tweet pic=\"\" author=\"cityhall\" id=\"12\">", "</tweet>"]
        );
    }

    #[test]
    fn self_closing_bare_and_curly_valued_tags_are_found() {
        assert_eq!(tags("a<br/>b <hr> c"), vec!["<br/>", "<hr>"]);
        assert_eq!(
            tags("[<a href=”https://example.org/x” target=”_blank”>The report</a>]"),
            vec!["<a href=”https://example.org/x” target=”_blank”>", "</a>"]
        );
        assert_eq!(tags("<td colspan=2 nowrap>"), vec!["<td colspan=2 nowrap>"]);
    }

    #[test]
    fn a_line_break_inside_a_value_is_allowed() {
        let t = "<post by=\"@mayor\" date=\"May 2, 2024\n\">We open.";
        assert_eq!(tags(t), vec!["<post by=\"@mayor\" date=\"May 2, 2024\n\">"]);
    }

    #[test]
    fn prose_with_angle_brackets_is_no_tag() {
        for t in [
            "If a < b and b > c, then a < c.",
            "Turnout was <5% in the east and >9% in the west.",
            "The score was <3 \"points\" behind>",
            "An <unfinished tag=\"value",
            "A <b title=\"x\"y> glued attribute.",
            "Two <a href=\"x\" <b nested.",
            "<>",
            "< spaced>",
        ] {
            assert!(tags(t).is_empty(), "{t}: {:?}", tags(t));
        }
    }

    #[test]
    fn an_overlong_tag_is_prose() {
        let t = format!("<note text=\"{}\">", "word ".repeat(500));
        assert!(tags(&t).is_empty());
    }

    #[test]
    fn values_are_bare_closed_or_never_closed() {
        assert_eq!(quoted(b"nowrap>"), Value::Bare);
        assert_eq!(quoted(b""), Value::Bare);
        assert_eq!(quoted(b"\"x\" y"), Value::ClosedAt(3));
        assert_eq!(quoted("”x” y".as_bytes()), Value::ClosedAt(7));
        assert_eq!(quoted(b"'x"), Value::NeverClosed);
        assert_eq!(quoted(b"\"x <b>\""), Value::NeverClosed);
    }
}
