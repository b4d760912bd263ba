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
    let mut prose = vec![b' '; text.len()];
    // Keep line breaks so line structure survives in the prose view.
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' || b == b'\r' {
            prose[i] = b;
        }
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
        ..
    } = scanner;
    blocks.retain(|b| !b.span.is_empty());
    let mut prose = prose;
    super::blank_urls(&mut prose);
    (into_prose(prose), blocks, comments)
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
