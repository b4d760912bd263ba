//! Markdown drafts: pulldown-cmark finds the prose.
//!
//! Everything starts blanked; the ranges of `Text` events inside prose blocks
//! are copied back. So code blocks, inline code, HTML, front matter, link
//! destinations and Markdown markers (`#`, `>`, `*`) stay blank without a
//! rule for each.

use super::{into_prose, Block, BlockKind, Comment};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

pub(crate) fn scan(text: &str) -> (String, Vec<Block>, Vec<Comment>) {
    let piece = scan_piece(text, text.len());
    (piece.prose, piece.blocks, piece.comments)
}

/// [`scan`] for a long draft: cut in two at a line where nothing of the
/// first half's Markdown reaches into the second (see [`cut_point`]), the
/// halves are parsed on two threads. The result is what [`scan`] finds; the
/// draft tests hold the two to that.
pub(crate) fn scan_halves(text: &str) -> (String, Vec<Block>, Vec<Comment>) {
    let Some(cut) = cut_point(text) else {
        return scan(text);
    };
    let (a, b) = text.split_at(cut);
    // The first half's prose has room for the second's: joined without
    // growing.
    let (mut first, second) = rayon::join(|| scan_piece(a, text.len()), || scan_piece(b, b.len()));
    first.prose.push_str(&second.prose);
    let quotes_before = first.block_quotes;
    first
        .blocks
        .extend(second.blocks.into_iter().map(|mut block| {
            block.span = block.span.start + cut..block.span.end + cut;
            block.block_quote = block.block_quote.map(|q| q + quotes_before);
            block
        }));
    first
        .comments
        .extend(second.comments.into_iter().map(|mut c| {
            c.span = c.span.start + cut..c.span.end + cut;
            c
        }));
    (first.prose, first.blocks, first.comments)
}

/// What one parse of a text (or of a piece of one) finds.
struct Piece {
    /// Its prose view, URLs blanked: a URL lies within a line, and a long
    /// draft is cut at a line, so each half blanks its own on its thread.
    prose: String,
    blocks: Vec<Block>,
    comments: Vec<Comment>,
    /// How many top-level block quotes it holds (they are numbered).
    block_quotes: usize,
}

/// Parse `text`, its prose view in a buffer with room for `room` bytes.
fn scan_piece(text: &str, room: usize) -> Piece {
    let mut prose = Vec::with_capacity(room.max(text.len()));
    prose.resize(text.len(), b' ');
    // Keep line breaks so line structure survives in the prose view (found
    // by memchr: a line is tens of bytes).
    let bytes = text.as_bytes();
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        prose[i] = bytes[i];
    }
    let mut scanner = Scanner {
        text,
        prose,
        blocks: Vec::new(),
        comments: Vec::new(),
        open: None,
        block_quote_depth: 0,
        block_quote_count: 0,
        autolink_depth: 0,
        item_depth: 0,
        links: Vec::new(),
    };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        scanner.event(event, range);
    }
    scanner.close_open(text.len());
    let Scanner {
        prose,
        mut blocks,
        comments,
        block_quote_count,
        ..
    } = scanner;
    blocks.retain(|b| !b.span.is_empty());
    let mut prose = into_prose(prose);
    super::blank_urls(&mut prose);
    Piece {
        prose,
        blocks,
        comments,
        block_quotes: block_quote_count,
    }
}

/// A line from the middle of `text` on where it can be cut in two and each
/// half parsed alone as the whole would be: a line at the margin that
/// starts with a letter after an empty line (a new paragraph, outside any
/// list, block quote, table or indented code), outside a fenced code block
/// or an HTML comment. `None` (parse it whole) when the text has what is
/// document-wide or may hold empty lines and is not followed here: link
/// and footnote definitions, front matter, HTML blocks other than
/// comments, and fences or multi-line comments away from the margin.
pub(super) fn cut_point(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    if memchr::memmem::find(b, b"]:").is_some() {
        return None;
    }
    let after_front_matter = if b.starts_with(b"---") || b.starts_with(b"+++") {
        front_matter_end(b)?
    } else {
        0
    };
    let at_margin = |i: usize| i == 0 || b[i - 1] == b'\n' || b[i - 1] == b'\r';
    for i in memchr::memchr_iter(b'<', b) {
        let rest = &b[i + 1..];
        let raw =
            |tag: &[u8]| rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag);
        // An HTML block (other than a comment) runs to an empty line and
        // hides what looks like a fence inside it.
        let mut k = i;
        while k > 0 && i - k < 3 && b[k - 1] == b' ' {
            k -= 1;
        }
        let starts_line = at_margin(k);
        if starts_line && !rest.starts_with(b"!--")
            || rest.starts_with(b"?")
            || rest.starts_with(b"!") && !rest.starts_with(b"!--")
            || raw(b"script")
            || raw(b"pre")
            || raw(b"style")
            || raw(b"textarea")
        {
            return None;
        }
    }
    for pattern in [&b"```"[..], b"~~~"] {
        if memchr::memmem::find_iter(b, pattern).any(|i| !at_margin(i) && !is_fence_tail(b, i)) {
            return None;
        }
    }
    let mid = text.len() / 2;
    // Walk the lines, following fences and comments at the margin.
    let mut fence: Option<(u8, usize)> = None;
    let mut in_comment = false;
    let mut blank_before = false;
    let mut start = 0;
    while start < b.len() {
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |k| start + k + 1);
        let line = &b[start..end];
        let content = line.strip_suffix(b"\n").unwrap_or(line);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        let rule = |c: u8| {
            let t = content.trim_ascii_end();
            t.len() >= 3 && t.iter().all(|&x| x == c)
        };
        if start >= after_front_matter && (rule(b'-') || rule(b'+')) {
            // A metadata block may open here (pulldown-cmark does not keep
            // them to the top) and hide a fence: not followed.
            return None;
        }
        if in_comment {
            in_comment = memchr::memmem::find(line, b"-->").is_none();
        } else if let Some((c, n)) = fence {
            let run = content.iter().take_while(|&&x| x == c).count();
            if run >= n && content[run..].iter().all(|&x| x == b' ' || x == b'\t') {
                fence = None;
            }
        } else if content.starts_with(b"```") || content.starts_with(b"~~~") {
            let c = content[0];
            let n = content.iter().take_while(|&&x| x == c).count();
            if c == b'`' && content[n..].contains(&b'`') {
                // Not a fence but inline code: not followed here.
                return None;
            }
            fence = Some((c, n));
        } else if let Some(k) = memchr::memchr(b'<', content)
            // Most lines hold no "<": one memchr, no substring searcher
            // built per line.
            .and_then(|_| memchr::memmem::find(content, b"<!--"))
        {
            if memchr::memmem::find(&content[k + 4..], b"-->").is_none() {
                if k != 0 {
                    // A comment left open away from the margin.
                    return None;
                }
                in_comment = true;
            }
        } else if start >= mid.max(after_front_matter)
            && blank_before
            && content.first().is_some_and(u8::is_ascii_alphabetic)
        {
            return Some(start);
        }
        blank_before = content.is_empty() && fence.is_none() && !in_comment;
        start = end;
    }
    None
}

/// Where the front matter that `b` starts with ends (the start of the line
/// after its closing `---`, `...` or `+++`); `None` when it does not close,
/// or holds what a fence or HTML tracker would have to follow.
fn front_matter_end(b: &[u8]) -> Option<usize> {
    let toml = b.starts_with(b"+++");
    let first_end = memchr::memchr(b'\n', b)? + 1;
    // As pulldown-cmark opens a metadata block: exactly three delimiters
    // and then only white space on the line ("---\n---" is two rules).
    if b.get(3).is_some_and(|&c| c == b[0]) || !b[3..first_end].iter().all(u8::is_ascii_whitespace)
    {
        return None;
    }
    let mut start = first_end;
    while start < b.len() {
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |k| start + k + 1);
        let line = &b[start..end];
        let content = line.strip_suffix(b"\n").unwrap_or(line);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        // As pulldown-cmark closes one: three delimiters, trailing spaces.
        let delimiters = content.trim_ascii_end();
        let closes = if toml {
            delimiters == b"+++"
        } else {
            delimiters == b"---" || delimiters == b"..."
        };
        if start == first_end && (closes || delimiters.is_empty()) {
            // pulldown-cmark opens no block whose first line is empty or
            // closes it: not followed here.
            return None;
        }
        if closes {
            return (!b[..end].iter().any(|&c| matches!(c, b'`' | b'~' | b'<'))).then_some(end);
        }
        start = end;
    }
    None
}

/// Whether the run of fence characters at `i` continues one that starts
/// earlier on its line (the fourth backtick of "````" is not a new fence).
fn is_fence_tail(b: &[u8], i: usize) -> bool {
    let c = b[i];
    let mut k = i;
    while k > 0 && b[k - 1] == c {
        k -= 1;
    }
    k < i && (k == 0 || b[k - 1] == b'\n' || b[k - 1] == b'\r')
}

struct Scanner<'t> {
    text: &'t str,
    prose: Vec<u8>,
    blocks: Vec<Block>,
    comments: Vec<Comment>,
    /// The prose block being filled: its kind and the extent of its text.
    open: Option<(BlockKind, Option<Range<usize>>)>,
    block_quote_depth: usize,
    block_quote_count: usize,
    autolink_depth: usize,
    item_depth: usize,
    /// For each open link: whether it is an autolink (its text is a URL).
    links: Vec<bool>,
}

impl Scanner<'_> {
    fn event(&mut self, event: Event, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag, range),
            Event::Text(_) => self.text_event(range),
            Event::Html(_) | Event::InlineHtml(_) => self.html(range),
            // Inline code, math, footnote references: not prose.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => self.open_block(self.paragraph_kind()),
            Tag::Heading { .. } => self.open_block(BlockKind::Heading),
            Tag::TableCell => self.open_block(BlockKind::TableCell),
            Tag::BlockQuote(_) => {
                self.block_quote_depth += 1;
                if self.block_quote_depth == 1 {
                    self.block_quote_count += 1;
                }
            }
            Tag::Item => self.item_depth += 1,
            // A nested list ends the text of a tight item before it.
            Tag::List(_) => self.close_open(0),
            Tag::Link { link_type, .. } => {
                let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.links.push(auto);
                if auto {
                    self.autolink_depth += 1;
                }
            }
            // Code blocks and metadata produce Text events we must not copy.
            Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock => {
                self.close_open(0);
                self.autolink_depth += 1;
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => {
                self.close_open(range.end)
            }
            TagEnd::BlockQuote(_) => {
                self.close_open(range.end);
                self.block_quote_depth = self.block_quote_depth.saturating_sub(1);
            }
            TagEnd::Item => {
                self.close_open(range.end);
                self.item_depth = self.item_depth.saturating_sub(1);
            }
            TagEnd::Link => {
                let was_autolink = self.links.pop() == Some(true);
                if was_autolink {
                    self.autolink_depth = self.autolink_depth.saturating_sub(1);
                }
            }
            TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock => {
                self.autolink_depth = self.autolink_depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn paragraph_kind(&self) -> BlockKind {
        if self.block_quote_depth > 0 {
            BlockKind::BlockQuote
        } else if self.item_depth > 0 {
            BlockKind::ListItem
        } else {
            BlockKind::Prose
        }
    }

    fn open_block(&mut self, kind: BlockKind) {
        self.close_open(0);
        self.open = Some((kind, None));
    }

    fn close_open(&mut self, _end: usize) {
        if let Some((kind, Some(extent))) = self.open.take() {
            let block_quote = (kind == BlockKind::BlockQuote).then(|| self.block_quote_count - 1);
            self.blocks.push(Block {
                span: extent,
                kind,
                block_quote,
            });
        }
    }

    fn text_event(&mut self, range: Range<usize>) {
        if self.autolink_depth > 0 || range.end > self.text.len() {
            return;
        }
        if self.open.is_none() {
            // Text of a tight list item, which has no Paragraph event.
            if self.item_depth == 0 {
                return;
            }
            self.open = Some((BlockKind::ListItem, None));
        }
        // Text events for escapes ("\*") start at the backslash's
        // successor; copying the source range is what we want either way.
        self.prose[range.clone()].copy_from_slice(&self.text.as_bytes()[range.clone()]);
        if let Some((_, extent)) = &mut self.open {
            *extent = Some(match extent.take() {
                Some(e) => e.start.min(range.start)..e.end.max(range.end),
                None => range,
            });
        }
    }

    fn html(&mut self, range: Range<usize>) {
        let Some(html) = self.text.get(range.clone()) else {
            return;
        };
        // An HTML block may hold several comments; find each.
        let mut from = 0;
        while let Some(start) = html[from..].find("<!--") {
            let start = from + start;
            let Some(len) = html[start + 4..].find("-->") else {
                break;
            };
            let end = start + 4 + len + 3;
            self.comments.push(Comment {
                span: range.start + start..range.start + end,
                body: html[start + 4..end - 3].trim().to_string(),
            });
            from = end;
        }
    }
}
