//! Scaling: drafts with 10,000 distinct capitalised names and 10,000 quote
//! marks are linted to the end with sane output. No timing here (speed is
//! measured by `benches/lint.rs`, group `scaling_names_quotes`); a
//! quadratic scan would show as this test taking minutes.

use copydesk::{apply_edits, lint, DraftKind, Finding, Stylebook};

#[path = "../benches/common/gen.rs"]
mod gen;

/// Every range of a finding (and of its related places and fix edits in
/// this draft) is in the text and on char boundaries; every fix applies.
fn assert_sane(text: &str, findings: &[Finding]) {
    let ok = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    for f in findings {
        assert!(ok(&f.range), "{} range {:?} off the text", f.rule, f.range);
        assert!(!f.message.is_empty(), "{} has an empty message", f.rule);
        for r in f.related.iter().filter(|r| r.path.is_none()) {
            assert!(
                ok(&r.range),
                "{} related {:?} off the text",
                f.rule,
                r.range
            );
        }
        for fix in &f.fixes {
            for e in fix.edits.iter().filter(|e| e.path.is_none()) {
                assert!(
                    ok(&e.range),
                    "{} fix edit {:?} off the text",
                    f.rule,
                    e.range
                );
            }
            let fixed = apply_edits(text, &fix.edits);
            assert!(
                fixed.len() + 10_000 > text.len(),
                "a fix of {} lost text",
                f.rule
            );
        }
    }
    assert!(
        findings
            .windows(2)
            .all(|w| w[0].range.start <= w[1].range.start),
        "findings are not sorted"
    );
}

fn run(layout: gen::MarkLayout, kind: DraftKind) -> (String, Vec<Finding>) {
    let text = gen::names_and_quotes(10_000, 10_000, layout);
    let findings = lint(
        Some("scaling.txt"),
        &text,
        kind,
        &Stylebook::default(),
        None,
    );
    assert_sane(&text, &findings);
    (text, findings)
}

#[test]
fn the_generated_drafts_have_what_they_claim() {
    for layout in [
        gen::MarkLayout::Paragraphs,
        gen::MarkLayout::OneParagraph,
        gen::MarkLayout::Unclosed,
    ] {
        let text = gen::names_and_quotes(10_000, 10_000, layout);
        let marks = text.chars().filter(|c| matches!(c, '“' | '”')).count();
        assert_eq!(marks, 10_000);
        let names: std::collections::HashSet<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.ends_with("ski"))
            .collect();
        assert_eq!(names.len(), 10_000);
    }
}

#[test]
fn ten_thousand_names_and_quotes_in_paragraphs() {
    let (_, findings) = run(gen::MarkLayout::Paragraphs, DraftKind::Plain);
    // Every quote is attributed ("…,” X said.): nothing for the quote rules
    // to say. The generated surnames are one syllable apart and share first
    // names (Maria Kalokakaski, Maria Kalekakaski), which is what a slip
    // looks like, so name.inconsistent may fire here; that it chains such
    // slips into very large groups is a known precision issue, tracked in
    // the closing note, not something this scaling test measures.
    assert!(
        findings.iter().all(|f| !f.rule.starts_with("quote.")),
        "unexpected findings: {:?}",
        findings.iter().take(5).collect::<Vec<_>>()
    );
}

#[test]
fn ten_thousand_names_and_quotes_in_one_paragraph() {
    run(gen::MarkLayout::OneParagraph, DraftKind::Markdown);
}

#[test]
fn ten_thousand_unclosed_quote_marks() {
    let (text, findings) = run(gen::MarkLayout::Unclosed, DraftKind::Plain);
    // However many unbalanced marks are reported, each is one of the marks.
    for f in findings.iter().filter(|f| f.rule == "quote.unbalanced") {
        assert!(text[f.range.clone()].contains('“'), "{:?}", f);
    }
}

#[test]
fn generated_drafts_reach_their_size_and_differ_by_seed() {
    let d = gen::plain_draft(1_000, 1);
    let w = d.split_whitespace().count();
    assert!((1_000..1_100).contains(&w), "{w} words");
    assert_ne!(gen::plain_draft(1_000, 1), gen::plain_draft(1_000, 2));
    let m = gen::markdown_draft(1_000, 1);
    assert!(m.starts_with("---\n") && m.contains("](https://"));
}
