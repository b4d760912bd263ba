//! Quotes: pairing of quote marks into quotes, and their kinds.

use crate::draft::Draft;
use crate::finding::Span;

/// What kind of quote this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    /// A whole sentence or more of speech.
    Full,
    /// A fragment of speech inside the reporter's sentence.
    Partial,
    /// Three words or fewer that are not a clause, or a title of a work.
    Scare,
    /// A Markdown block quote.
    Block,
}

/// A quote: an opening mark, its content and (unless continued) its closing mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// From the opening mark to the closing mark inclusive.
    pub span: Span,
    /// Between the marks.
    pub content: Span,
    pub kind: QuoteKind,
    /// Index of the paragraph the quote opens in.
    pub paragraph: usize,
}

/// A quote mark that could not be paired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkProblem {
    /// An opening mark never closed, and not continued in the next paragraph.
    Unclosed { mark: Span },
    /// A closing mark with no opening mark.
    StrayClose { mark: Span },
}

/// The quotes of a draft and the marks that did not pair.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteScan {
    pub quotes: Vec<Quote>,
    pub problems: Vec<MarkProblem>,
}

/// Find the quotes of a draft. (Pairing is being built; see issue 2.)
pub fn scan(draft: &Draft) -> QuoteScan {
    let _ = draft;
    QuoteScan::default()
}
