//! Quotes: pairing of quote marks into quotes, and their kinds.
//!
//! Pairing works on the draft's prose view, one paragraph at a time, with a
//! stack of open marks. Curly “ ”, German „ “, guillemets « » and straight
//! " (open or close by what stands beside it) make double quotes; single
//! ‘ ’ pair too but never make a problem, because ’ is mostly an apostrophe
//! (Peskov’s, rock ’n’ roll, the ’90s). A paragraph that ends inside a quote
//! whose next paragraph opens with a quote mark continues that quote (the AP
//! multi-paragraph convention). In a plain draft whose paragraphs are
//! separated by blank lines, the lines of a short block between blank lines
//! are one unit for the marks (see `forgive_line_breaks`).

use crate::draft::within;
use crate::draft::{BlockKind, Draft, DraftKind};
use crate::finding::Span;

/// What kind of quote this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    /// A whole sentence or more of speech.
    Full,
    /// A fragment of speech inside the reporter's sentence.
    Partial,
    /// Three words or fewer that are not a clause, a title of a work, a
    /// nickname or a "so-called" phrase.
    Scare,
    /// A Markdown block quote.
    Block,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Full => "full",
            QuoteKind::Partial => "partial",
            QuoteKind::Scare => "scare",
            QuoteKind::Block => "block",
        }
    }
}

/// A quote: an opening mark, its content and (unless continued) its closing mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// From the opening mark to the closing mark inclusive (to the end of
    /// the paragraph for a quote continued in the next one; the whole
    /// block for a block quote).
    pub span: Span,
    /// Between the marks.
    pub content: Span,
    pub kind: QuoteKind,
    /// Index of the paragraph the quote opens in.
    pub paragraph: usize,
    /// Index of the sentence holding the opening mark.
    pub sentence: usize,
    /// The opening mark (none for a block quote).
    pub open: Option<Span>,
    /// The closing mark (none for a block quote or a quote continued in
    /// the next paragraph).
    pub close: Option<Span>,
    /// The quote of the previous paragraph this one continues.
    pub continues: Option<usize>,
    /// The quote of the next paragraph that continues this one.
    pub continued_by: Option<usize>,
}

impl Quote {
    /// The first quote of a multi-paragraph chain (itself if not continued).
    pub fn head(quotes: &[Quote], mut index: usize) -> usize {
        let mut steps = 0;
        while let Some(prev) = quotes.get(index).and_then(|q| q.continues) {
            index = prev;
            steps += 1;
            if steps > quotes.len() {
                break;
            }
        }
        index
    }
}

/// A quote mark that could not be paired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkProblem {
    /// An opening mark never closed, and not continued in the next paragraph.
    Unclosed { mark: Span },
    /// A closing mark with no opening mark.
    StrayClose { mark: Span },
    /// A closing mark typed where a quote opens (”Sorry, we’re closed,”
    /// she said): the quote pairs with it, but the mark points the wrong way.
    Reversed { mark: Span },
}

/// The quotes of a draft and the marks that did not pair.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteScan {
    /// Top-level quotes in text order (quotes nested inside a quote are
    /// part of that quote's speech and not listed).
    pub quotes: Vec<Quote>,
    pub problems: Vec<MarkProblem>,
}

impl QuoteScan {
    /// The index of the quote whose span contains `offset`.
    pub fn at(&self, offset: usize) -> Option<usize> {
        self.quotes
            .iter()
            .position(|q| q.span.start <= offset && offset < q.span.end.max(q.span.start + 1))
    }
}

/// The closing mark that goes with an opening mark.
pub fn closing_for(open: char) -> char {
    match open {
        '“' => '”',
        '„' => '“',
        '«' => '»',
        '‘' => '’',
        '‚' => '‘',
        _ => '"',
    }
}

/// An open mark on the stack.
#[derive(Debug, Clone)]
struct Open {
    mark: char,
    at: usize,
    len: usize,
    single: bool,
    /// A closing mark typed where a quote opens (”Sorry, …”): it opens
    /// the quote, and is a problem of its own.
    reversed: bool,
}

/// A top-level quote left open at the end of a paragraph.
struct Pending {
    open: Open,
    paragraph: usize,
    /// End of the paragraph's text (trimmed).
    end: usize,
}

/// Find the quotes of a draft.
pub fn scan(draft: &Draft) -> QuoteScan {
    let mut scan = QuoteScan::default();
    let mut pending: Option<(Pending, Option<usize>)> = None;
    let mut block_group: Option<(usize, usize)> = None; // (block_quote id, quote index)
    let mut stack: Vec<Open> = Vec::new();
    for (pi, para) in draft.paragraphs.iter().enumerate() {
        // The quote of the previous paragraph waiting for this one's first quote.
        let mut waiting = None;
        let text = draft.prose_slice(&para.span);
        let first = text.trim_start().chars().next();
        // Resolve the previous paragraph's open quote.
        if let Some((p, prev_index)) = pending.take() {
            let continues = para.kind != BlockKind::Heading && first.is_some_and(is_double_opener);
            if continues {
                let index = push_quote(&mut scan, draft, &p.open, None, p.end, p.paragraph);
                if let Some(prev) = prev_index {
                    link(&mut scan, prev, index);
                }
                pending_link(&mut scan, index);
                waiting = Some(index);
            } else {
                if let Some(prev) = prev_index {
                    // The chain ends open: the last paragraph's mark is unclosed.
                    scan.quotes[prev].continued_by = None;
                }
                scan.problems.push(MarkProblem::Unclosed {
                    mark: p.open.at..p.open.at + p.open.len,
                });
            }
        }
        if para.kind == BlockKind::BlockQuote {
            push_block(&mut scan, draft, pi, &mut block_group);
        } else {
            block_group = None;
        }
        let nested_only = para.kind == BlockKind::BlockQuote;
        pending = pair_paragraph(
            &mut scan,
            draft,
            pi,
            &para.span,
            nested_only,
            waiting,
            &mut stack,
        );
    }
    if let Some((p, prev)) = pending {
        if let Some(prev) = prev {
            scan.quotes[prev].continued_by = None;
        }
        scan.problems.push(MarkProblem::Unclosed {
            mark: p.open.at..p.open.at + p.open.len,
        });
    }
    scan.problems.sort_by_key(|p| problem_mark(p).start);
    if !scan.problems.is_empty() && draft.kind == DraftKind::Plain {
        forgive_line_breaks(&mut scan, draft, &mut stack);
    }
    let strays = scan
        .problems
        .iter()
        .any(|p| matches!(p, MarkProblem::StrayClose { .. }));
    if strays {
        let excerpts = excerpt_ends(&scan.quotes, draft);
        scan.problems.retain(|p| match p {
            MarkProblem::StrayClose { mark } => !closes_an_excerpt(&excerpts, draft, mark),
            _ => true,
        });
    }
    scan
}

/// A plain draft's paragraphs are its lines. Where blank lines separate
/// paragraphs, a short block of two or three lines between blank lines may
/// be one unit that a line break splits: a pull quote and its attribution
/// ("It will pass.⏎Sen. Ann Ray.") or a paragraph broken mid-sentence.
/// When each of the block's line breaks is such a split (see
/// `split_line_break`) and its marks pair only as one unit, its lines'
/// problems are none. (The quote over the line break is not listed:
/// attribution reads one paragraph, and would call a quote whose speaker
/// stands on the next line unattributed.)
fn forgive_line_breaks(scan: &mut QuoteScan, draft: &Draft, stack: &mut Vec<Open>) {
    if !has_blank_line_breaks(draft) {
        return;
    }
    // Blocks forgiven, in text order.
    let mut forgiven: Vec<Span> = Vec::new();
    let mut k = 0;
    while let Some(problem) = scan.problems.get(k) {
        let Some(block) = draft
            .paragraph_at(problem_mark(problem).start)
            .and_then(|pi| line_block(draft, pi))
        else {
            k += 1;
            continue;
        };
        let span =
            draft.paragraphs[block.start].span.start..draft.paragraphs[block.end - 1].span.end;
        if (block.start + 1..block.end).all(|i| split_line_break(draft, i))
            && pairs_as_one(draft, block.start, &span, stack)
        {
            forgiven.push(span.clone());
        }
        // Step past this block's problems.
        while scan
            .problems
            .get(k)
            .is_some_and(|p| problem_mark(p).start < span.end)
        {
            k += 1;
        }
    }
    if forgiven.is_empty() {
        return;
    }
    // Problems and blocks are both in text order: one pass drops the
    // problems inside a forgiven block.
    let mut b = 0;
    scan.problems.retain(|p| {
        let at = problem_mark(p).start;
        while forgiven.get(b).is_some_and(|s| s.end <= at) {
            b += 1;
        }
        forgiven.get(b).is_none_or(|s| s.start > at)
    });
}

/// Whether the line break before paragraph `i` (a line of a block) splits
/// one unit: the line before it ends mid-sentence, or the line after it is
/// a short attribution ("Mayor Ann Ray." or "— Ann Ray"). A line ending a
/// sentence followed by more sentences is a paragraph of its own.
fn split_line_break(draft: &Draft, i: usize) -> bool {
    let before = draft.prose_slice(&draft.paragraphs[i - 1].span).trim_end();
    let before = before.trim_end_matches(['"', '”', '’', '\'', '»', ')', ']']);
    let ends_sentence = before.ends_with(['.', '!', '?', '…']);
    !ends_sentence || is_attribution_line(draft.prose_slice(&draft.paragraphs[i].span))
}

/// A short line that only names a speaker: "Mayor Ann Ray.", "— Ann Ray",
/// "Ann Ray, city engineer.", "Former city engineer Ann Ray": at most
/// eight words, capitalised, and either most of them capitalised (small
/// joining words aside) or a two-word name and a comma before the rest.
/// "Ann Ray said so." and "The council meets on Monday." are sentences.
fn is_attribution_line(line: &str) -> bool {
    const MOST_WORDS: usize = 8;
    const JOINING: [&str; 8] = ["of", "the", "and", "for", "de", "van", "von", "al"];
    let name = line
        .trim()
        .trim_start_matches(['—', '–', '―', '-', ' '])
        .trim_end_matches(['"', '”', '.', ' ']);
    if !name.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let (mut words, mut counted, mut capitals) = (0, 0, 0);
    for w in name.split_whitespace() {
        words += 1;
        if words > MOST_WORDS {
            return false;
        }
        if !JOINING.contains(&w) {
            counted += 1;
            capitals += usize::from(capital(w));
        }
    }
    let mut first = name.split_whitespace();
    let name_then_comma = matches!(
        (first.next(), first.next()),
        (Some(a), Some(b)) if capital(a) && capital(b) && b.ends_with(',')
    );
    2 * capitals > counted || name_then_comma
}

/// An excerpt quoted over several paragraphs in straight marks, whose
/// last paragraph opens with a curly quote inside the excerpt:
///
/// "The hearing was closed. ¶ "The chair spoke. ¶ “We wait,” she said."
///
/// That paragraph opens with a quote mark, as the convention asks (the
/// straight one before the curly one is left out), so the straight mark
/// that ends it closes the excerpt: it is no stray. Its curly quote is
/// the one that continues the excerpt.
fn closes_an_excerpt(excerpts: &[(usize, usize)], draft: &Draft, mark: &Span) -> bool {
    if draft.slice(mark) != "\"" {
        return false;
    }
    let Some(pi) = draft.paragraph_at(mark.start) else {
        return false;
    };
    let para_end = draft.paragraphs[pi].span.end;
    if !draft.prose_slice(&(mark.end..para_end)).trim().is_empty() {
        return false;
    }
    let k = excerpts.partition_point(|&(p, _)| p < pi);
    excerpts
        .get(k)
        .is_some_and(|&(p, close_end)| p == pi && close_end <= mark.start)
}

/// For `closes_an_excerpt`, in one pass over the quotes: (paragraph, end
/// of the closing mark) of each curly-opened, closed quote continuing a
/// chain opened by a straight mark, the first of each paragraph, in
/// paragraph order.
fn excerpt_ends(quotes: &[Quote], draft: &Draft) -> Vec<(usize, usize)> {
    let opens_with = |q: &Quote, m: &str| q.open.as_ref().is_some_and(|o| draft.slice(o) == m);
    // Whether each quote's chain opens with a straight mark (a chain
    // links to earlier quotes only).
    let mut straight_head: Vec<bool> = Vec::with_capacity(quotes.len());
    let mut ends: Vec<(usize, usize)> = Vec::new();
    for (i, q) in quotes.iter().enumerate() {
        let head_straight = match q.continues {
            Some(prev) if prev < i => straight_head[prev],
            _ => opens_with(q, "\""),
        };
        straight_head.push(head_straight);
        let Some(close) = &q.close else { continue };
        if q.continues.is_some() && head_straight && opens_with(q, "“") {
            match ends.last_mut() {
                Some((p, end)) if *p == q.paragraph => *end = (*end).min(close.end),
                _ => ends.push((q.paragraph, close.end)),
            }
        }
    }
    // Quotes are in text order; sorting keeps the search sound regardless.
    ends.sort_unstable();
    ends
}

fn problem_mark(problem: &MarkProblem) -> &Span {
    match problem {
        MarkProblem::Unclosed { mark }
        | MarkProblem::StrayClose { mark }
        | MarkProblem::Reversed { mark } => mark,
    }
}

/// The line breaks between two paragraphs (ends of the gap's lines).
fn breaks_between(draft: &Draft, a: usize, b: usize) -> usize {
    let gap = draft
        .text
        .get(draft.paragraphs[a].span.end..draft.paragraphs[b].span.start)
        .unwrap_or("");
    gap.matches('\n').count().max(gap.matches('\r').count())
}

/// Whether some paragraphs of the draft are separated by a blank line.
fn has_blank_line_breaks(draft: &Draft) -> bool {
    (1..draft.paragraphs.len()).any(|i| breaks_between(draft, i - 1, i) >= 2)
}

/// The longest block holding paragraph `pi` whose paragraphs follow each
/// other with one line break, if it has two or three of them.
fn line_block(draft: &Draft, pi: usize) -> Option<std::ops::Range<usize>> {
    const MOST_LINES: usize = 3;
    let joined = |i: usize| {
        draft.paragraphs[i - 1].kind != BlockKind::BlockQuote
            && breaks_between(draft, i - 1, i) == 1
    };
    let mut start = pi;
    while start > 0 && joined(start) {
        start -= 1;
        if pi - start >= MOST_LINES {
            return None;
        }
    }
    let mut end = pi + 1;
    while end < draft.paragraphs.len() && joined(end) {
        end += 1;
        if end - start > MOST_LINES {
            return None;
        }
    }
    (end - start >= 2).then_some(start..end)
}

/// Whether the marks of `span` (from paragraph `pi` on) pair with nothing
/// left open and no problem, read as one paragraph.
fn pairs_as_one(draft: &Draft, pi: usize, span: &Span, stack: &mut Vec<Open>) -> bool {
    let mut scratch = QuoteScan::default();
    let pending = pair_paragraph(&mut scratch, draft, pi, span, false, None, stack);
    pending.is_none() && scratch.problems.is_empty()
}

/// Remember that the quote just pushed waits for its continuation: the
/// next paragraph's first quote links to it (see `pair_paragraph`).
fn pending_link(scan: &mut QuoteScan, index: usize) {
    // Marked by a self-link that `pair_paragraph` replaces.
    scan.quotes[index].continued_by = Some(usize::MAX);
}

fn link(scan: &mut QuoteScan, prev: usize, next: usize) {
    scan.quotes[prev].continued_by = Some(next);
    scan.quotes[next].continues = Some(prev);
}

/// One Block quote per Markdown block quote (consecutive paragraphs of the
/// same `block_quote` group extend it).
fn push_block(scan: &mut QuoteScan, draft: &Draft, pi: usize, group: &mut Option<(usize, usize)>) {
    let para = &draft.paragraphs[pi];
    let id = para.block_quote.unwrap_or(usize::MAX);
    let text = draft.prose_slice(&para.span);
    let lead = text.len() - text.trim_start().len();
    let trail = text.len() - text.trim_end().len();
    if lead + trail >= text.len() {
        return;
    }
    let span = para.span.start + lead..para.span.end - trail;
    if let Some((gid, qi)) = *group {
        if gid == id {
            let q = &mut scan.quotes[qi];
            q.span.end = span.end;
            q.content.end = span.end;
            return;
        }
    }
    let sentence = draft
        .sentence_at(span.start)
        .unwrap_or(para.sentences.start);
    scan.quotes.push(Quote {
        span: span.clone(),
        content: span,
        kind: QuoteKind::Block,
        paragraph: pi,
        sentence,
        open: None,
        close: None,
        continues: None,
        continued_by: None,
    });
    *group = Some((id, scan.quotes.len() - 1));
}

/// Pair the marks of one paragraph. Returns the top-level double quote
/// left open at its end (and the quote it continues, if any).
/// `waiting` is the quote of the previous paragraph this one's first
/// quote continues (marked by `pending_link`); `stack` a buffer.
fn pair_paragraph(
    scan: &mut QuoteScan,
    draft: &Draft,
    pi: usize,
    span: &Span,
    nested_only: bool,
    waiting: Option<usize>,
    stack: &mut Vec<Open>,
) -> Option<(Pending, Option<usize>)> {
    let base = span.start;
    let text = draft.prose_slice(span);
    let mut waiting = waiting;
    stack.clear();
    let mut from = 0;
    while let Some(off) = next_mark_byte(text.as_bytes(), from) {
        let Some(c) = text[off..].chars().next() else {
            break;
        };
        from = off + c.len_utf8();
        if !is_mark(c) {
            continue;
        }
        // ’ is mostly an apostrophe: unless a single quote is open it is
        // one whatever stands beside it (see `role`), and its neighbours
        // are not decoded.
        if c == '’' && !stack.last().is_some_and(|o| o.single) {
            continue;
        }
        // 6’2” and 5'10": the inches of a height, not a closing mark.
        if matches!(c, '”' | '"') && is_inches_after_feet(&text[..off]) {
            continue;
        }
        let prev = text[..off].chars().next_back();
        let next = text[from..].chars().next();
        let at = base + off;
        let len = c.len_utf8();
        match role(c, prev, next, stack) {
            Role::Open { single } => {
                // A real opening mark after a wrong-way ” still open: that
                // ” was a stray after all, and must not hide this quote.
                if !single && stack.first().is_some_and(|o| o.reversed) {
                    scan.problems.push(MarkProblem::StrayClose {
                        mark: stack[0].at..stack[0].at + stack[0].len,
                    });
                    stack.clear();
                }
                stack.push(Open {
                    mark: c,
                    at,
                    len,
                    single,
                    reversed: false,
                })
            }
            Role::Close { single } => {
                // Close the innermost open mark of the same family.
                let found = stack.iter().rposition(|o| o.single == single);
                match found {
                    Some(k) => {
                        let open = stack[k].clone();
                        stack.truncate(k);
                        if open.reversed {
                            scan.problems.push(MarkProblem::Reversed {
                                mark: open.at..open.at + open.len,
                            });
                        }
                        if k == 0 && !nested_only {
                            let index = push_quote(scan, draft, &open, Some(at..at + len), at, pi);
                            if let Some(w) = waiting.take() {
                                if scan.quotes[w].continued_by == Some(usize::MAX) {
                                    link(scan, w, index);
                                }
                            }
                        }
                    }
                    // With nothing open, a ” where a quote opens (after
                    // a space, before a word or an elision) is an opening
                    // mark typed the wrong way: it pairs with the next
                    // closing mark, which is then no stray.
                    None if !single
                        && stack.is_empty()
                        && opens_reversed(c, prev, &text[from..]) =>
                    {
                        stack.push(Open {
                            mark: c,
                            at,
                            len,
                            single,
                            reversed: true,
                        })
                    }
                    None if !single => scan
                        .problems
                        .push(MarkProblem::StrayClose { mark: at..at + len }),
                    None => {}
                }
            }
            Role::Ignore => {}
        }
    }
    // Whatever is still open at the end of the paragraph.
    let outer = stack.iter().position(|o| !o.single);
    let trimmed_end = base + text.trim_end().len();
    let result = match outer {
        Some(0) if stack[0].reversed => {
            // A wrong-way mark that nothing closed: a stray closing mark
            // after all. Only single marks can be nested in it (a double
            // opening mark already ended it), and those make no problem.
            scan.problems.push(MarkProblem::StrayClose {
                mark: stack[0].at..stack[0].at + stack[0].len,
            });
            None
        }
        Some(0) if !nested_only => Some((
            Pending {
                open: stack[0].clone(),
                paragraph: pi,
                end: trimmed_end,
            },
            waiting.take(),
        )),
        Some(k) => {
            // An unclosed double mark nested inside another quote, or in a
            // block quote: a real problem, but there is no continuation.
            scan.problems.push(MarkProblem::Unclosed {
                mark: stack[k].at..stack[k].at + stack[k].len,
            });
            None
        }
        None => None,
    };
    // A waiting continuation with no quote in this paragraph cannot happen
    // (the paragraph opens with a mark), but never leave the marker behind.
    if let Some(w) = waiting {
        if scan.quotes[w].continued_by == Some(usize::MAX) {
            scan.quotes[w].continued_by = None;
        }
    }
    result
}

/// Record a top-level quote from `open` to `close` (or to `end` when the
/// quote is continued in the next paragraph). Returns its index.
fn push_quote(
    scan: &mut QuoteScan,
    draft: &Draft,
    open: &Open,
    close: Option<Span>,
    end: usize,
    pi: usize,
) -> usize {
    let content_start = open.at + open.len;
    let (span_end, content_end) = match &close {
        Some(c) => (c.end, c.start),
        None => (end, end),
    };
    let content = content_start..content_end.max(content_start);
    let sentence =
        within::sentence_at(draft, pi, open.at).unwrap_or(draft.paragraphs[pi].sentences.start);
    let kind = classify(draft, pi, open.at, &content, close.is_none());
    scan.quotes.push(Quote {
        span: open.at..span_end.max(content_start),
        content,
        kind,
        paragraph: pi,
        sentence,
        open: Some(open.at..open.at + open.len),
        close,
        continues: None,
        continued_by: None,
    });
    scan.quotes.len() - 1
}

/// The offset, from `from` on, of the next byte that may begin a quote
/// mark: `"`, or 0xC2 or 0xE2, the lead bytes of « » and of the curly
/// marks (every other mark is one of these). Lead bytes are never inside
/// a character, so the offset is a character's start.
fn next_mark_byte(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    memchr::memchr3(b'"', 0xC2, 0xE2, rest).map(|p| from + p)
}

fn is_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '„' | '«' | '»' | '‘' | '’' | '‚')
}

fn is_double_opener(c: char) -> bool {
    matches!(c, '“' | '"' | '„' | '«')
}

enum Role {
    Open { single: bool },
    Close { single: bool },
    Ignore,
}

/// Whether `before` ends in feet and inches without the inch mark: a
/// digit, ’ or ', then one or two digits (6’2, 5'11).
fn is_inches_after_feet(before: &str) -> bool {
    let b = before.as_bytes();
    let digits = b.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&digits) {
        return false;
    }
    let feet = &before[..before.len() - digits];
    let Some(rest) = feet.strip_suffix('’').or_else(|| feet.strip_suffix('\'')) else {
        return false;
    };
    rest.as_bytes().last().is_some_and(|c| c.is_ascii_digit())
}

/// Whether the closing mark `c`, with `prev` before it and `after` after
/// it, stands where a quote opens: ” after a space (or the paragraph's
/// start) and before a word, or before an elision (” … they said).
fn opens_reversed(c: char, prev: Option<char>, after: &str) -> bool {
    if c != '”' || !left_flank(prev) {
        return false;
    }
    let elision = after.trim_start_matches([' ', '\u{a0}']);
    let spaced = elision.len() < after.len();
    match after.chars().next() {
        Some(n) if n.is_alphanumeric() => true,
        _ => spaced && (elision.starts_with('…') || elision.starts_with("...")),
    }
}

/// Invisible format characters (direction marks, zero-width space, byte
/// order mark) stand before a mark as a space does: pasted social-media
/// text carries them.
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Space, start of paragraph, an opening bracket, a dash or another
/// opening mark before a mark: it opens.
fn left_flank(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => {
            p.is_whitespace()
                || is_format_char(p)
                || matches!(
                    p,
                    '(' | '['
                        | '{'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | '“'
                        | '‘'
                        | '„'
                        | '«'
                        | '"'
                        | '\u{2026}'
                        | ':'
                )
        }
    }
}

/// Space, end of paragraph or punctuation after a mark: it closes.
fn right_flank(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(n) => {
            n.is_whitespace()
                || matches!(
                    n,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '—'
                        | '–'
                        | '-'
                        | '…'
                        | '”'
                        | '’'
                        | '"'
                        | '»'
                        | '/'
                )
        }
    }
}

fn role(c: char, prev: Option<char>, next: Option<char>, stack: &[Open]) -> Role {
    let double_open = stack.iter().any(|o| !o.single);
    match c {
        '”' => Role::Close { single: false },
        '»' => Role::Close { single: false },
        '«' | '„' => Role::Open { single: false },
        '“' => {
            // German „…“: the high mark closes a low one; and a “ typed
            // where a quote ends (“Why?“ he asked) closes the open quote.
            let top = stack.iter().rev().find(|o| !o.single);
            let reversed = top.is_some() && right_flank(next) && !left_flank(prev);
            if top.is_some_and(|o| o.mark == '„') || reversed {
                Role::Close { single: false }
            } else {
                Role::Open { single: false }
            }
        }
        '"' => {
            let left = left_flank(prev);
            let right = right_flank(next);
            if prev.is_some_and(|p| p.is_ascii_digit()) && !double_open {
                // 6" pipe, 5'10": inches.
                return Role::Ignore;
            }
            if left && !right {
                Role::Open { single: false }
            } else if (right && !left) || double_open {
                Role::Close { single: false }
            } else {
                Role::Open { single: false }
            }
        }
        '‘' | '‚' => {
            // ‘90s, ‘em and ‘n’ are apostrophes typed the wrong way round.
            let letter_next =
                next.is_some_and(|n| n.is_alphabetic() || matches!(n, '“' | '"' | '¿' | '¡'));
            if left_flank(prev) && letter_next {
                Role::Open { single: true }
            } else {
                Role::Ignore
            }
        }
        '’' => {
            // An apostrophe unless a single quote is open and it stands
            // where a quote ends.
            let single_open = stack.last().is_some_and(|o| o.single);
            let after_letter = prev.is_some_and(|p| !p.is_whitespace());
            if single_open
                && after_letter
                && right_flank(next)
                && !next.is_some_and(|n| n.is_alphanumeric())
            {
                Role::Close { single: true }
            } else {
                Role::Ignore
            }
        }
        _ => Role::Ignore,
    }
}

/// Whether a word before a quote makes it a name, a title or a scare
/// quote (any case).
fn is_scare_lead(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(
            w,
            b"so-called"
                | b"dubbed"
                | b"nicknamed"
                | b"titled"
                | b"entitled"
                | b"as"
                | b"term"
                | b"word"
                | b"words"
                | b"phrase"
                | b"slogan"
                | b"hashtag"
                | b"motto"
                | b"headlined"
                | b"aka"
                | b"a.k.a."
        )
    })
}

/// Whether a word is a determiner before a name ("the", "their"; any case).
fn is_determiner(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(
            w,
            b"the" | b"a" | b"an" | b"its" | b"their" | b"his" | b"her" | b"our"
        )
    })
}

/// `is` of the lower case of `word`, built on the stack for a short ASCII
/// word: a `match` on it is a few compares, not a walk through a list.
fn with_lower(word: &str, is: impl Fn(&[u8]) -> bool) -> bool {
    const SHORT: usize = 16;
    if word.is_ascii() && word.len() <= SHORT {
        let mut buf = [0u8; SHORT];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        is(lower)
    } else {
        // The Kelvin sign lowers to an ASCII "k" ("a.\u{212A}.a.").
        is(word.to_lowercase().as_bytes())
    }
}

/// Decide what kind of quote this is (its opening mark at `open_at`, in
/// paragraph `pi`).
fn classify(
    draft: &Draft,
    pi: usize,
    open_at: usize,
    content: &Span,
    continued: bool,
) -> QuoteKind {
    let words = within::words_in(draft, pi, content);
    let n = words.len();
    let para = within::paragraph_at(draft, pi, open_at).map(|i| &draft.paragraphs[i]);
    let para_start = para.map_or(0, |p| p.span.start);
    let before = draft
        .prose
        .get(para_start..open_at)
        .unwrap_or("")
        .trim_end();
    let body = draft.prose.get(content.clone()).unwrap_or("").trim();
    let first = body.chars().find(|c| c.is_alphanumeric());
    let capital = first.is_some_and(|c| c.is_uppercase() || c.is_numeric());
    let last = body.chars().next_back();
    let punct_end =
        last.is_some_and(|c| matches!(c, '.' | ',' | '?' | '!' | '…' | ';' | '—' | '-' | '–'));
    let prev = before.chars().next_back();
    let sentence_start = prev
        .is_none_or(|p| matches!(p, '.' | '?' | '!' | ':' | '—' | '–' | '(' | '…' | '"' | '”'))
        || (prev == Some(',') && capital);
    let lead_word = last_word(before);
    // "known as" and "referred to as" end in "as", a lead of its own.
    let scare_lead = is_scare_lead(lead_word);
    if scare_lead && !(continued || sentence_start && capital && punct_end) {
        return QuoteKind::Scare;
    }
    if !continued && is_written_on_a_thing(body, draft, content.end) {
        return QuoteKind::Scare;
    }
    if continued || n == 0 {
        return if n == 0 {
            QuoteKind::Scare
        } else {
            QuoteKind::Full
        };
    }
    let full = capital && (sentence_start || inner_sentence_break(body));
    if n <= 3 {
        return if full
            && (punct_end || sentence_start && prev.is_none())
            && !looks_like_title(draft, &words)
        {
            QuoteKind::Full
        } else {
            QuoteKind::Scare
        };
    }
    if !sentence_start && !punct_end && looks_like_title(draft, &words) {
        return QuoteKind::Scare;
    }
    if !full && names_a_thing(lead_word, draft, content.end) {
        return QuoteKind::Scare;
    }
    if full {
        QuoteKind::Full
    } else {
        QuoteKind::Partial
    }
}

/// Nouns that a quoted phrase may name ("the “one country, two systems”
/// model"): the quote is the name of a thing, not speech.
const NAMED_THINGS: &[&str] = &[
    "model",
    "policy",
    "doctrine",
    "principle",
    "rule",
    "strategy",
    "plan",
    "campaign",
    "slogan",
    "program",
    "programme",
    "act",
    "law",
    "bill",
    "movement",
    "approach",
    "agenda",
    "initiative",
    "framework",
    "deal",
    "era",
    "label",
    "narrative",
    "formula",
    "mantra",
    "project",
    "operation",
    "protests",
    "protest",
    "rally",
    "sign",
    "signs",
    "banner",
    "banners",
    "poster",
    "posters",
];

/// After "the"/"a", a quote followed by one of [`NAMED_THINGS`].
fn names_a_thing(lead_word: &str, draft: &Draft, content_end: usize) -> bool {
    if !is_determiner(lead_word) {
        return false;
    }
    let (word, _) = word_after(draft, content_end, str::trim_start);
    NAMED_THINGS.contains(&word)
}

/// The run of letters after the closing mark of a quote whose content ends
/// at `content_end`, once `skip` has taken what may stand between, and the
/// text after that run.
fn word_after<'d>(
    draft: &'d Draft,
    content_end: usize,
    skip: fn(&str) -> &str,
) -> (&'d str, &'d str) {
    let after = draft.prose.get(content_end..).unwrap_or("");
    let mut chars = after.chars();
    chars.next(); // the closing mark
    let rest = skip(chars.as_str());
    let len = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(i, _)| i);
    rest.split_at(len)
}

/// Things words are written on ("the “Stop the war” placards"): a quote
/// directly followed by one of them is what the thing says, not speech.
const WRITTEN_ON: &[&str] = &[
    "sign",
    "signs",
    "poster",
    "posters",
    "banner",
    "banners",
    "placard",
    "placards",
    "billboard",
    "billboards",
    "sticker",
    "stickers",
    "graffiti",
];

/// A quote that does not end a sentence and is followed at once by one
/// of [`WRITTEN_ON`] in lower case (“Stop the war” placards; a caption's
/// “Revoke Article 50” poster): the words on a sign, with or without a
/// determiner before them. "sign-holders" and "Signs" starting the next
/// sentence are not.
fn is_written_on_a_thing(body: &str, draft: &Draft, content_end: usize) -> bool {
    if body.ends_with(['.', '?', '!', '…']) {
        return false;
    }
    let (word, after) = word_after(draft, content_end, one_space);
    let joined = after.starts_with(['-', '\'', '’']);
    !joined && WRITTEN_ON.contains(&word)
}

/// `text` without one leading space: a sign word belongs to the quote's
/// own phrase only when it follows the closing mark as the next word.
fn one_space(text: &str) -> &str {
    text.strip_prefix([' ', '\u{a0}']).unwrap_or(text)
}

/// A sentence end inside the quote ("Fine. We go") makes it speech.
fn inner_sentence_break(body: &str) -> bool {
    let b = body.as_bytes();
    (1..b.len().saturating_sub(2)).any(|i| {
        matches!(b[i], b'.' | b'?' | b'!') && b[i + 1] == b' ' && b[i + 2].is_ascii_uppercase()
    })
}

/// Title Case with no sentence punctuation: the name of a work or a thing.
fn looks_like_title(draft: &Draft, words: &std::ops::Range<usize>) -> bool {
    let mut longs = 0;
    let mut capital = 0;
    for w in &draft.words[words.clone()] {
        let t = draft.word_text(w);
        let first = t.chars().next();
        if first.is_some_and(|c| c.is_uppercase()) {
            capital += 1;
        }
        let long = t.len() > 3 && (t.is_ascii() || t.chars().count() > 3);
        if long || first.is_some_and(|c| c.is_uppercase()) {
            longs += 1;
        }
    }
    let n = words.len();
    n > 0 && capital * 2 > n && capital == longs && !(n == 1 && capital == 0)
}

fn last_word(s: &str) -> &str {
    s.rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '—' | ','))
        .next()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;

    fn scan_plain(text: &str) -> QuoteScan {
        scan(&Draft::parse(text, DraftKind::Plain))
    }

    fn scan_md(text: &str) -> QuoteScan {
        scan(&Draft::parse(text, DraftKind::Markdown))
    }

    fn contents(text: &str, s: &QuoteScan) -> Vec<String> {
        s.quotes
            .iter()
            .map(|q| text[q.content.clone()].to_string())
            .collect()
    }

    /// `next_mark_byte` looks for the first bytes of the marks only: every
    /// mark must start with one of them, and it must find every mark (and
    /// only lead bytes, so each offset starts a character).
    #[test]
    fn mark_bytes_find_every_mark() {
        for c in ['“', '”', '"', '„', '«', '»', '‘', '’', '‚'] {
            assert!(is_mark(c));
            let mut buf = [0u8; 4];
            let first = c.encode_utf8(&mut buf).as_bytes()[0];
            assert!(matches!(first, b'"' | 0xC2 | 0xE2), "{c}");
        }
        let text = "a “b” c é „d“ «e» ‘f’ \"g\" — ‚h";
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = next_mark_byte(bytes, from) {
            assert!(text.is_char_boundary(at));
            if let Some(c) = text[at..].chars().next().filter(|&c| is_mark(c)) {
                found.push(c);
            }
            from = at + 1;
        }
        let every: Vec<char> = text.chars().filter(|&c| is_mark(c)).collect();
        assert_eq!(found, every);
    }

    #[test]
    fn curly_quote_pairs() {
        let t = "“We will not back down,” Peskov said.";
        let s = scan_plain(t);
        assert_eq!(contents(t, &s), vec!["We will not back down,"]);
        assert_eq!(s.quotes[0].kind, QuoteKind::Full);
        assert!(s.problems.is_empty());
    }

    #[test]
    fn nested_single_quotes_belong_to_the_outer_quote() {
        let t = "“He told me ‘never again’ and left,” she said.";
        let s = scan_plain(t);
        assert_eq!(s.quotes.len(), 1);
        assert!(s.problems.is_empty());
    }

    #[test]
    fn apostrophes_are_not_quote_marks() {
        let t = "“Peskov’s team loves rock ’n’ roll from the ’90s, don’t they?” she asked. They’d tell ’em.";
        let s = scan_plain(t);
        assert_eq!(s.quotes.len(), 1);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
    }

    #[test]
    fn straight_quotes_open_and_close_by_context() {
        let t = "\"We are ready,\" the minister said. \"The talks resume on Monday.\"";
        let s = scan_plain(t);
        assert_eq!(
            contents(t, &s),
            vec!["We are ready,", "The talks resume on Monday."]
        );
        assert!(s.problems.is_empty());
    }

    #[test]
    fn reversed_closing_mark_closes() {
        let t = "“Why would we wait?“ she asked.";
        let s = scan_plain(t);
        assert_eq!(contents(t, &s), vec!["Why would we wait?"]);
        assert!(s.problems.is_empty());
    }

    #[test]
    fn inch_marks_are_not_quotes() {
        let s = scan_plain("The crew laid a 6\" pipe under the road.");
        assert!(s.quotes.is_empty());
        assert!(s.problems.is_empty());
    }

    #[test]
    fn heights_are_not_quote_marks() {
        let t = "“He is 6’2”, and she is 5'11\", both tall,” the coach said.";
        let s = scan_plain(t);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert_eq!(s.quotes.len(), 1);
        assert!(is_inches_after_feet("is 6’2") && is_inches_after_feet("5'11"));
        assert!(!is_inches_after_feet("won 52-48") && !is_inches_after_feet("’90"));
        assert!(!is_inches_after_feet("6’123") && !is_inches_after_feet("x’2"));
    }

    #[test]
    fn a_closing_mark_where_a_quote_opens_pairs_and_is_one_problem() {
        let t = "”We stay,” she said. Then ” … and we win,” he added.";
        let s = scan_plain(t);
        assert_eq!(contents(t, &s), vec!["We stay,", " … and we win,"]);
        let at: Vec<usize> = t.match_indices('”').map(|(i, _)| i).collect();
        assert_eq!(
            s.problems,
            vec![
                MarkProblem::Reversed {
                    mark: at[0]..at[0] + 3
                },
                MarkProblem::Reversed {
                    mark: at[2]..at[2] + 3
                }
            ]
        );
    }

    #[test]
    fn a_closing_mark_inside_an_open_quote_is_not_reversed() {
        // “ is open: the ” before a word closes it, as before.
        let t = "“We stay ”then go, she said.";
        let s = scan_plain(t);
        assert_eq!(s.quotes.len(), 1);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
    }

    #[test]
    fn a_wrong_way_mark_does_not_hide_a_quote_opened_after_it() {
        let t = "The sign at the door read ”closed until further notice, “we apologize.";
        let s = scan_plain(t);
        assert!(
            matches!(
                s.problems.as_slice(),
                [MarkProblem::StrayClose { .. }, MarkProblem::Unclosed { .. }]
            ),
            "{:?}",
            s.problems
        );
        let t = "The sign on the door said ”closed. Later a note appeared: “We will never open this shop again.”";
        let s = scan_plain(t);
        assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
        assert_eq!(contents(t, &s), vec!["We will never open this shop again."]);
        // Still one finding for a quote opened the wrong way round.
        let t = "”Sorry, we’re ‘closed’ today,” she said.";
        let s = scan_plain(t);
        assert!(
            matches!(s.problems.as_slice(), [MarkProblem::Reversed { .. }]),
            "{:?}",
            s.problems
        );
    }

    #[test]
    fn a_quote_over_a_line_break_in_a_short_block_pairs() {
        for t in [
            // A pull quote and its attribution between blank lines.
            "The mayor spoke.\n\n\"We will rebuild the bridge.\nMayor Ann Ray.\"\n\nThe council agreed.\n",
            // A paragraph broken mid-sentence.
            "The mayor spoke.\n\n“We will rebuild the bridge\nby the end of May,” she said.\n\nThe council agreed.\n",
            // Three lines, broken mid-sentence, a nested quote on the middle one.
            "Updates below:\n\n\"The mayor spoke\nand “we rebuild,” she said\nto the council.\"\n",
        ] {
            let s = scan_plain(t);
            assert!(s.problems.is_empty(), "{t:?}: {:?}", s.problems);
        }
    }

    #[test]
    fn a_quote_over_a_paragraph_break_is_still_a_problem() {
        for t in [
            // No blank line anywhere: every line is a paragraph.
            "The mayor spoke.\n“We will rebuild the bridge.\nMayor Ann Ray said so.”\nThe council agreed.\n",
            // A blank line between: two paragraphs.
            "The mayor spoke.\n\n“We will rebuild the bridge.\n\nMayor Ann Ray said so.”\n",
            // Four lines in a row are paragraphs, not one unit.
            "Intro.\n\nThe mayor spoke.\n“We will rebuild the bridge.\nMayor Ann Ray said so.”\nThe council agreed.\n",
            // Lines that end sentences, none a signature: paragraphs.
            "Updates below:\n\n\"The mayor spoke.\n“We rebuild,” she said.\nThe council agreed.\"\n",
            // The block does not pair as one unit either.
            "Intro.\n\n“We will rebuild.\n“The bridge first.\n\nThe council agreed.\n",
        ] {
            let s = scan_plain(t);
            assert!(!s.problems.is_empty(), "{t:?}");
        }
    }

    #[test]
    fn a_pull_quote_signed_inside_its_marks_pairs() {
        let t = "Intro.\n\n“We will rebuild the bridge by May.\nMayor Ann Ray.”\n\nThe council agreed.\n";
        let s = scan_plain(t);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert!(s.quotes.is_empty(), "{:?}", s.quotes);
    }

    #[test]
    fn a_signature_line_is_short_and_capitalised() {
        for line in [
            "Mayor Ann Ray.",
            "— Ann Ray",
            "Sen. Ann Ray of Ohio",
            "-Ann Ray\"",
        ] {
            assert!(is_attribution_line(line), "{line}");
        }
        for line in [
            "The work will cost four million dollars.",
            "Ann Ray said so.",
            "The council meets on Monday.",
            "One Two Three Four Five Six Seven Eight Nine",
            "",
            "— ",
        ] {
            assert!(!is_attribution_line(line), "{line}");
        }
    }

    #[test]
    fn markdown_line_breaks_are_left_to_markdown() {
        // Markdown joins the lines itself; its blocks are not lines.
        let t = "Intro.\n\n- “We will rebuild.\n- The council agreed.”\n";
        assert!(!scan_md(t).problems.is_empty());
    }

    #[test]
    fn a_straight_excerpt_ending_in_a_curly_quote_closes() {
        let t = "The report said:\n\n\"The hearing was closed.\n\n\"The chair spoke first.\n\n“We wait,” she said.\"\n\nThen it rained.\n";
        let s = scan_plain(t);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        let last = s.quotes.last().map(|q| &t[q.content.clone()]);
        assert_eq!(last, Some("We wait,"));
    }

    #[test]
    fn two_straight_excerpts_each_close_in_their_own_paragraph() {
        let t = "The report said:\n\n\"The hearing was closed.\n\n“We wait,” she said.\"\n\nThen:\n\n\"The chair left.\n\n“We go,” he said.\"\n\nA stray.\"\n";
        let s = scan_plain(t);
        // Only the last mark, in a paragraph continuing nothing, is a stray.
        assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
        assert!(
            matches!(&s.problems[0], MarkProblem::StrayClose { mark } if mark.start == t.len() - 2)
        );
    }

    #[test]
    fn a_straight_mark_that_closes_nothing_is_still_a_stray() {
        for t in [
            // Not a continued excerpt: the curly quote stands alone.
            "The report said:\n\n“We wait,” she said.\"\n",
            // Curly all through: the convention is kept, the mark is a stray.
            "“The hearing was closed.\n\n“We wait,” she said.”\n",
            // The straight mark does not end the paragraph.
            "\"The hearing was closed.\n\n“We wait,” she said.\" Then it rained.\n",
        ] {
            let s = scan_plain(t);
            assert!(!s.problems.is_empty(), "{t:?}");
        }
    }

    #[test]
    fn guillemets_and_german_quotes_pair() {
        let t = "«Nous restons», a-t-il dit. „Wir bleiben“, sagte er.";
        let s = scan_plain(t);
        assert_eq!(contents(t, &s), vec!["Nous restons", "Wir bleiben"]);
        assert!(s.problems.is_empty());
    }

    #[test]
    fn multi_paragraph_quote_continues() {
        let t = "“We will rebuild the bridge,” the mayor said. “It will take a year.\n\n“Then we start on the school.”\n";
        let s = scan_plain(t);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert_eq!(s.quotes.len(), 3);
        assert_eq!(s.quotes[1].continued_by, Some(2));
        assert_eq!(s.quotes[2].continues, Some(1));
        assert_eq!(Quote::head(&s.quotes, 2), 1);
    }

    #[test]
    fn unclosed_quote_not_continued_is_a_problem() {
        let t = "“We will rebuild the bridge, the mayor said.\n\nThe council agreed.\n";
        let s = scan_plain(t);
        assert_eq!(s.problems, vec![MarkProblem::Unclosed { mark: 0..3 }]);
    }

    #[test]
    fn stray_closing_mark_is_a_problem() {
        let s = scan_plain("We will rebuild the bridge,” the mayor said.");
        assert!(matches!(
            s.problems.as_slice(),
            [MarkProblem::StrayClose { .. }]
        ));
    }

    #[test]
    fn quotes_in_markdown_code_are_ignored() {
        let s = scan_md("Run this:\n\n```\nprint(\"unclosed)\n```\n\nAnd `echo \"x` too.\n");
        assert!(s.quotes.is_empty());
        assert!(s.problems.is_empty());
    }

    #[test]
    fn kinds() {
        let t =
            "The senator called the plan “a disaster for every family in the state” on Monday. \
                 Critics call it a “scheme.” She read “The Art of the Deal” twice.";
        let s = scan_plain(t);
        let kinds: Vec<QuoteKind> = s.quotes.iter().map(|q| q.kind).collect();
        assert_eq!(
            kinds,
            vec![QuoteKind::Partial, QuoteKind::Scare, QuoteKind::Scare]
        );
    }

    #[test]
    fn a_quoted_name_of_a_policy_is_scare() {
        let t = "The city runs under the “one law, many courts” model since 1990.";
        assert_eq!(scan_plain(t).quotes[0].kind, QuoteKind::Scare);
    }

    #[test]
    fn the_words_on_a_sign_are_not_speech() {
        for t in [
            "Marchers carried “Stop the war now, not tomorrow” placards past the gates.",
            "Protesters outside parliament.\n\n“Hands off our libraries, councillor” sign at the march.",
            "She held a \"Where is the mayor? Ask the mayor\" banner for an hour.",
        ] {
            assert_eq!(scan_plain(t).quotes[0].kind, QuoteKind::Scare, "{t}");
        }
    }

    #[test]
    fn speech_before_a_sign_word_is_still_speech() {
        for t in [
            // A sentence the quote ends; the sign starts the next one.
            "“We will not leave this square until they listen.” Signs went up.",
            // Holders of signs, not the signs.
            "“We will not leave this square until they listen” sign-holders chanted.",
        ] {
            assert_ne!(scan_plain(t).quotes[0].kind, QuoteKind::Scare, "{t}");
        }
    }

    #[test]
    fn so_called_is_scare() {
        let t = "He attacked the so-called “peace through strength and nothing else” doctrine.";
        assert_eq!(scan_plain(t).quotes[0].kind, QuoteKind::Scare);
    }

    #[test]
    fn known_as_and_referred_to_as_are_scare() {
        for lead in ["known as", "referred to AS", "a.\u{212A}.a."] {
            let t =
                format!("The pact, {lead} “the long goodbye to the old rules of trade”, ended.");
            assert_eq!(scan_plain(&t).quotes[0].kind, QuoteKind::Scare, "{lead}");
        }
    }

    #[test]
    fn scare_leads_and_determiners_in_any_case() {
        for w in [
            "so-called",
            "So-Called",
            "DUBBED",
            "a.k.a.",
            "A.K.A.",
            "as",
            "Hashtag",
        ] {
            assert!(is_scare_lead(w), "{w}");
        }
        for w in [
            "",
            "ass",
            "wordy",
            "a.k.a",
            "sö-called",
            "so-calledso-calledx",
        ] {
            assert!(!is_scare_lead(w), "{w}");
        }
        assert!(is_determiner("The") && is_determiner("THEIR") && is_determiner("a"));
        assert!(!is_determiner("then") && !is_determiner("thé") && !is_determiner(""));
    }

    #[test]
    fn block_quote_is_one_quote() {
        let t = "The statement read:\n\n> We regret the delay.\n>\n> We will pay.\n\nShe left.\n";
        let s = scan_md(t);
        assert_eq!(s.quotes.len(), 1);
        assert_eq!(s.quotes[0].kind, QuoteKind::Block);
        assert!(t[s.quotes[0].span.clone()].contains("pay"));
    }
}
