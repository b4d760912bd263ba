//! `copydesk quotes`: every quote with its kind, speaker and cue.
//!
//! `json` prints one array, `jsonl` one object per quote (DESIGN.md §5),
//! `human` the story's source list: each speaker with their quotes, the
//! unattributed last.

use super::input::LoadedDraft;
use crate::analysis::attribution::{display_speaker, excerpt};
use crate::analysis::quotes::{Quote, QuoteKind};
use crate::analysis::Analysis;
use crate::draft::{Draft, Encoding, LineIndex};
use crate::finding::Span;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Piece<'a> {
    text: &'a str,
    offsets: [usize; 2],
}

#[derive(Serialize)]
struct QuoteRecord<'a> {
    path: &'a str,
    offsets: [usize; 2],
    line: usize,
    column: usize,
    kind: &'static str,
    text: &'a str,
    attributed: bool,
    anonymous: bool,
    speaker: Option<Piece<'a>>,
    cue: Option<Piece<'a>>,
    /// For a pronoun speaker, the named person it refers to.
    refers_to: Option<Piece<'a>>,
}

fn piece<'a>(text: &'a str, span: &Option<Span>) -> Option<Piece<'a>> {
    let span = span.as_ref()?;
    Some(Piece {
        text: text.get(span.clone())?,
        offsets: [span.start, span.end],
    })
}

fn records<'a>(d: &'a LoadedDraft, a: &Analysis) -> Vec<QuoteRecord<'a>> {
    let lines = LineIndex::new(&d.text);
    a.quotes
        .quotes
        .iter()
        .zip(&a.attributions)
        .map(|(q, attr)| {
            let (line, col) = lines.position(&d.text, q.span.start, Encoding::Utf32);
            QuoteRecord {
                path: &d.path,
                offsets: [q.span.start, q.span.end],
                line: line + 1,
                column: col + 1,
                kind: q.kind.as_str(),
                text: d.text.get(q.span.clone()).unwrap_or(""),
                attributed: attr.is_some(),
                anonymous: attr.as_ref().is_some_and(|a| a.anonymous),
                speaker: attr.as_ref().and_then(|a| piece(&d.text, &a.speaker)),
                cue: attr.as_ref().and_then(|a| piece(&d.text, &a.cue)),
                refers_to: attr.as_ref().and_then(|a| piece(&d.text, &a.refers_to)),
            }
        })
        .collect()
}

/// Print the quotes of `drafts` in `format` (`json`, `jsonl` or `human`);
/// returns the exit code.
pub fn run(drafts: &[LoadedDraft], format: &str) -> i32 {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut all = Vec::new();
    let mut ok = true;
    for d in drafts {
        let draft = Draft::parse(&d.text, d.kind);
        let a = Analysis::new(draft, &d.stylebook);
        match format {
            "jsonl" => {
                for r in records(d, &a) {
                    match serde_json::to_string(&r) {
                        Ok(line) => ok &= writeln!(out, "{line}").is_ok(),
                        Err(_) => ok = false,
                    }
                }
            }
            "json" => all.extend(records(d, &a)),
            _ => ok &= writeln!(out, "{}", human(d, &a)).is_ok(),
        }
    }
    if format == "json" {
        match serde_json::to_string_pretty(&all) {
            Ok(s) => ok &= writeln!(out, "{s}").is_ok(),
            Err(_) => ok = false,
        }
    }
    ok &= out.flush().is_ok();
    if ok {
        0
    } else {
        eprintln!("copydesk quotes: could not write the output");
        2
    }
}

/// The story's source list.
fn human(d: &LoadedDraft, a: &Analysis) -> String {
    let lines = LineIndex::new(&d.text);
    let mut groups: Vec<(String, Vec<&Quote>)> = Vec::new();
    let mut unattributed: Vec<&Quote> = Vec::new();
    let mut scare: Vec<&Quote> = Vec::new();
    for (q, attr) in a.quotes.quotes.iter().zip(&a.attributions) {
        match attr {
            _ if q.kind == QuoteKind::Scare => scare.push(q),
            Some(attr) => {
                let mut name = display_speaker(&a.draft, attr);
                if attr.anonymous {
                    name.push_str(" [anonymous]");
                }
                match groups.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, qs)) => qs.push(q),
                    None => groups.push((name, vec![q])),
                }
            }
            None => unattributed.push(q),
        }
    }
    let mut s = format!("{}\n", d.path);
    let line = |q: &Quote| {
        let (l, c) = lines.position(&d.text, q.span.start, Encoding::Utf32);
        format!(
            "    {}:{} {} {}\n",
            l + 1,
            c + 1,
            q.kind.as_str(),
            excerpt(d.text.get(q.span.clone()).unwrap_or(""), 80)
        )
    };
    for (name, qs) in &groups {
        s.push_str(&format!(
            "  {name} ({} quote{})\n",
            qs.len(),
            if qs.len() == 1 { "" } else { "s" }
        ));
        for q in qs {
            s.push_str(&line(q));
        }
    }
    if !unattributed.is_empty() {
        s.push_str(&format!("  unattributed ({})\n", unattributed.len()));
        for q in &unattributed {
            s.push_str(&line(q));
        }
    }
    if !scare.is_empty() {
        s.push_str(&format!(
            "  scare quotes, titles, nicknames ({})\n",
            scare.len()
        ));
        for q in &scare {
            s.push_str(&line(q));
        }
    }
    s
}
