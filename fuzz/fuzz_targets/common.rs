//! Checks shared by the fuzz targets.
#![allow(dead_code)]

use copydesk::analysis::Analysis;
use copydesk::{apply_edits, Edit, Finding};
use std::ops::Range;

/// In the text and on char boundaries.
pub fn in_text(text: &str, r: &Range<usize>) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

/// Every range a finding carries for this draft is sane, and every fix's
/// edits for this draft are sane, disjoint, and apply without loss.
pub fn check_findings(text: &str, findings: &[Finding]) {
    for f in findings {
        assert!(
            in_text(text, &f.range),
            "{}: range {:?} off the text (len {})",
            f.rule,
            f.range,
            text.len()
        );
        assert!(!f.message.is_empty(), "{}: empty message", f.rule);
        for r in f.related.iter().filter(|r| r.path.is_none()) {
            assert!(
                in_text(text, &r.range),
                "{}: related {:?} off the text",
                f.rule,
                r.range
            );
        }
        for fix in &f.fixes {
            assert!(!fix.title.is_empty(), "{}: fix without a title", f.rule);
            check_edits_apply(text, &fix.edits, f.rule);
        }
    }
    for w in findings.windows(2) {
        assert!(w[0].range.start <= w[1].range.start, "findings not sorted");
    }
}

/// The edits for this draft lie in the text, do not overlap, and
/// `apply_edits` applies every one of them (none skipped).
pub fn check_edits_apply(text: &str, edits: &[Edit], rule: &str) {
    let mut mine: Vec<&Edit> = edits.iter().filter(|e| e.path.is_none()).collect();
    mine.sort_by_key(|e| (e.range.start, e.range.end));
    let mut at = 0;
    let mut expected_len = text.len();
    for e in &mine {
        assert!(
            in_text(text, &e.range),
            "{rule}: fix edit {:?} off the text",
            e.range
        );
        assert!(
            e.range.start >= at,
            "{rule}: fix edits overlap at {:?}",
            e.range
        );
        at = e.range.end;
        expected_len = expected_len - e.range.len() + e.replacement.len();
    }
    let out = apply_edits(text, edits);
    assert_eq!(
        out.len(),
        expected_len,
        "{rule}: apply_edits skipped an edit"
    );
    assert!(std::str::from_utf8(out.as_bytes()).is_ok());
}

/// The analysis's own spans (draft structure, quotes) are sane.
pub fn check_analysis(text: &str, a: &Analysis) {
    let d = &a.draft;
    assert_eq!(d.prose.len(), text.len(), "prose view changed length");
    for p in &d.paragraphs {
        assert!(in_text(text, &p.span), "paragraph {:?}", p.span);
        assert!(p.sentences.end <= d.sentences.len());
    }
    for s in &d.sentences {
        assert!(in_text(text, &s.span), "sentence {:?}", s.span);
        assert!(s.words.end <= d.words.len());
    }
    for w in &d.words {
        assert!(in_text(text, &w.span), "word {:?}", w.span);
    }
    for q in &a.quotes.quotes {
        assert!(in_text(text, &q.span), "quote {:?}", q.span);
        assert!(in_text(text, &q.content), "quote content {:?}", q.content);
    }
}
