//! `Stylebook::parse` never panics; an error names a line and column inside
//! the text; a stylebook that parses is usable: its severities answer, and
//! a draft (the rest of the input after a NUL) lints with it cleanly.
#![no_main]

use copydesk::{lint, DraftKind, Stylebook};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

#[path = "common.rs"]
mod common;

const DRAFT: &str =
    "“We will rebuild,” Mayor Ana Kowalczyk said. Kowalczik said the ferry reopened.\n\n\
“Nobody expected this.” Spokesperson Peskov called it “historic”.\n";

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let book_text = String::from_utf8_lossy(&data[..split]);
    let draft = if split < data.len() {
        String::from_utf8_lossy(&data[split + 1..]).into_owned()
    } else {
        DRAFT.to_string()
    };
    match Stylebook::parse(&book_text, Path::new("copydesk.json")) {
        Ok(book) => {
            for rule in copydesk::rules::RULES {
                let info = rule.info();
                let _ = book.severity(info.id, info.default_severity);
            }
            for kind in [DraftKind::Plain, DraftKind::Markdown] {
                let findings = lint(Some("d.md"), &draft, kind, &book, None);
                common::check_findings(&draft, &findings);
            }
        }
        Err(e) => {
            assert!(!e.message.is_empty(), "empty error message");
            let lines = book_text.split('\n').count();
            assert!(
                e.line <= lines + 1,
                "error line {} past the text ({lines} lines)",
                e.line
            );
            assert!(!e.to_string().is_empty());
        }
    }
});
