//! Lints one generated draft in a loop, for profilers (`perf record`,
//! `valgrind --tool=callgrind`): `cargo run --release --example lint_loop --
//! [words] [iterations] [plain|markdown]`. Prints the mean time per lint
//! (`COPYDESK_STAGE=parse`: per draft parse; `analysis`: parse and
//! analysis, no rules; `dump`: print the draft).

use copydesk::{lint, Draft, DraftKind, Stylebook};
use std::time::Instant;

#[path = "../benches/common/gen.rs"]
mod gen;

fn main() {
    let mut args = std::env::args().skip(1);
    let words: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let iterations: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let markdown = args.next().is_some_and(|a| a == "markdown");
    let (text, kind) = if markdown {
        (gen::markdown_draft(words, 7), DraftKind::Markdown)
    } else {
        (gen::plain_draft(words, 7), DraftKind::Plain)
    };
    let book = Stylebook::default();
    let mut findings = 0;
    let start = Instant::now();
    if std::env::var("COPYDESK_STAGE").is_ok_and(|s| s == "dump") {
        print!("{text}");
        return;
    }
    let stage = std::env::var("COPYDESK_STAGE").unwrap_or_default();
    for _ in 0..iterations {
        if stage == "parse" {
            findings += Draft::parse(&text, kind).words.len();
        } else if stage == "analysis" {
            let analysis = copydesk::analysis::Analysis::new(Draft::parse(&text, kind), &book);
            findings += analysis.quotes.quotes.len();
        } else {
            findings += lint(Some("draft"), &text, kind, &book, None).len();
        }
    }
    let per = start.elapsed() / iterations.max(1);
    println!(
        "{words} words, {} bytes: {per:?} per lint ({findings} findings in all)",
        text.len()
    );
}
