//! DESIGN.md §8: lint a 1,000-word draft (≤ 100 µs median) and a
//! 100,000-word draft (≤ 10 ms, linear), the size sweep that shows the
//! growth, the scaling groups (distinct names, quote marks), and workspace
//! indexing of 2,000 drafts.
//!
//! Drafts are generated (benches/common/gen.rs), never corpus text.

use copydesk::analysis::Analysis;
use copydesk::workspace::DraftNames;
use copydesk::{lint, Draft, DraftKind, Stylebook, WorkspaceIndex};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rayon::prelude::*;
use std::hint::black_box;
use std::time::Duration;

#[path = "common/gen.rs"]
mod gen;

fn words(text: &str) -> u64 {
    text.split_whitespace().count() as u64
}

/// The two headline budgets, in both kinds of draft.
fn budgets(c: &mut Criterion) {
    let book = Stylebook::default();
    let mut g = c.benchmark_group("lint");
    for (label, words_wanted) in [("1k_words", 1_000), ("100k_words", 100_000)] {
        for kind in [DraftKind::Plain, DraftKind::Markdown] {
            let text = match kind {
                DraftKind::Plain => gen::plain_draft(words_wanted, 7),
                DraftKind::Markdown => gen::markdown_draft(words_wanted, 7),
            };
            g.throughput(Throughput::Elements(words(&text)));
            let id = BenchmarkId::new(format!("{kind:?}").to_lowercase(), label);
            g.bench_with_input(id, &text, |b, text| {
                b.iter(|| lint(Some("draft"), black_box(text), kind, &book, None))
            });
        }
    }
    g.finish();
}

/// Time against size: 10k, 30k, 100k words. Linear growth shows as a flat
/// time per word (criterion's throughput column).
fn sweep(c: &mut Criterion) {
    let book = Stylebook::default();
    let mut g = c.benchmark_group("lint_sweep");
    g.sample_size(20);
    for n in [10_000, 30_000, 100_000] {
        let text = gen::plain_draft(n, 11);
        g.throughput(Throughput::Elements(words(&text)));
        g.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| lint(None, black_box(text), DraftKind::Plain, &book, None))
        });
    }
    g.finish();
}

/// Nothing quadratic in names or quotes: drafts with N distinct capitalised
/// names and N quote marks, N = 1k, 3k, 10k, in three layouts.
fn scaling(c: &mut Criterion) {
    let book = Stylebook::default();
    let mut g = c.benchmark_group("scaling_names_quotes");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(3));
    for layout in [
        gen::MarkLayout::Paragraphs,
        gen::MarkLayout::OneParagraph,
        gen::MarkLayout::Unclosed,
    ] {
        for n in [1_000, 3_000, 10_000] {
            let text = gen::names_and_quotes(n, n, layout);
            g.throughput(Throughput::Elements(n as u64));
            let id = BenchmarkId::new(format!("{layout:?}").to_lowercase(), n);
            g.bench_with_input(id, &text, |b, text| {
                b.iter(|| lint(None, black_box(text), DraftKind::Plain, &book, None))
            });
        }
    }
    g.finish();
}

/// Workspace indexing: `WorkspaceIndex::update` over 2,000 analysed drafts
/// of one story (shared people, so spellings meet across drafts), and the
/// growth from 500 to 2,000.
fn workspace(c: &mut Criterion) {
    let book = Stylebook::default();
    let texts: Vec<String> = (0..2_000)
        .map(|i| gen::plain_draft(500, 1_000 + i))
        .collect();
    let paths: Vec<String> = (0..texts.len())
        .map(|i| format!("drafts/story-{i:04}.txt"))
        .collect();
    let analyses: Vec<Analysis> = texts
        .iter()
        .map(|t| Analysis::new(Draft::parse(t, DraftKind::Plain), &book))
        .collect();
    let mut g = c.benchmark_group("workspace_index");
    g.sample_size(10);
    for n in [500, 1_000, 2_000] {
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("update", n), &n, |b, &n| {
            b.iter(|| {
                let mut index = WorkspaceIndex::new();
                for (path, analysis) in paths.iter().zip(&analyses).take(n) {
                    index.update(path, analysis);
                }
                index
            })
        });
    }
    // Issue 4's budget: a workspace of 2,000 drafts indexed from their text
    // in under a second, as the LSP does at start (parse, analyse and take
    // the facts in parallel, then insert).
    g.bench_function("analyse_and_index_2000", |b| {
        b.iter(|| {
            let facts: Vec<DraftNames> = texts
                .par_iter()
                .map(|t| DraftNames::of(&Analysis::new(Draft::parse(t, DraftKind::Plain), &book)))
                .collect();
            let mut index = WorkspaceIndex::new();
            for (path, names) in paths.iter().zip(facts) {
                index.insert(path, names);
            }
            index
        })
    });
    // The same on one thread: the cost per core.
    g.bench_function("analyse_and_index_2000_one_thread", |b| {
        b.iter(|| {
            let mut index = WorkspaceIndex::new();
            for (path, t) in paths.iter().zip(&texts) {
                index.update(
                    path,
                    &Analysis::new(Draft::parse(t, DraftKind::Plain), &book),
                );
            }
            index
        })
    });
    // Re-indexing one draft in a full workspace (what a keystroke costs the
    // index in the LSP).
    let mut index = WorkspaceIndex::new();
    for (path, analysis) in paths.iter().zip(&analyses) {
        index.update(path, analysis);
    }
    g.bench_function("update_one_of_2000", |b| {
        b.iter(|| {
            index.update(&paths[1_000], &analyses[1_000]);
            black_box(index.affected_by(&paths[1_000]).len())
        })
    });
    g.finish();
}

criterion_group!(benches, budgets, sweep, scaling, workspace);
criterion_main!(benches);
