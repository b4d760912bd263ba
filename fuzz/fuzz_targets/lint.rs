//! `copydesk::lint` over arbitrary bytes, as both kinds of draft: no panic;
//! every finding, related and fix range in the text on char boundaries;
//! every fix applies cleanly. Also hover and outline at offsets taken from
//! the input, and a second draft linted against a workspace holding the
//! first.
#![no_main]

use copydesk::analysis::Analysis;
use copydesk::{lint, Draft, DraftKind, Stylebook, WorkspaceIndex};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let book = Stylebook::default();
    for kind in [DraftKind::Plain, DraftKind::Markdown] {
        let findings = lint(Some("a.md"), text, kind, &book, None);
        common::check_findings(text, &findings);

        let analysis = Analysis::new(Draft::parse(text, kind), &book);
        common::check_analysis(text, &analysis);
        for &b in data.iter().take(8) {
            let offset = (b as usize * 131) % (text.len() + 2);
            if let Some((span, md)) = analysis.hover(offset) {
                assert!(common::in_text(text, &span), "hover span {span:?}");
                assert!(!md.is_empty(), "empty hover");
            }
        }
        for item in analysis.outline() {
            assert!(common::in_text(text, &item.range) && common::in_text(text, &item.selection));
            for child in &item.children {
                assert!(
                    common::in_text(text, &child.range) && common::in_text(text, &child.selection)
                );
            }
        }

        // The same text as another draft of a workspace that holds it.
        let mut index = WorkspaceIndex::new();
        index.update("a.md", &analysis);
        let findings = lint(Some("b.md"), text, kind, &book, Some(&index));
        common::check_findings(text, &findings);
        let _ = index.affected_by("b.md");
        index.remove("a.md");
    }
});
