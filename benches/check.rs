//! DESIGN.md §8: `check` over a folder of news text, ≥ 50 MB/s per core.
//!
//! Reads ../shared/corpus/en-wikinews/texts (or `COPYDESK_BENCH_CORPUS`)
//! at run time when it is there: measuring only, nothing of it is kept in
//! the repository. One thread, so the figure is per core. Without the
//! corpus, a folder of generated drafts is measured instead, with a note.

use copydesk::{lint, DraftKind, Stylebook};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};

#[path = "common/gen.rs"]
mod gen;

fn corpus_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("COPYDESK_BENCH_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The worktree may sit one or two levels below /work.
    for up in [
        "../shared/corpus/en-wikinews/texts",
        "../../shared/corpus/en-wikinews/texts",
    ] {
        let dir = manifest.join(up);
        if dir.is_dir() {
            return Some(dir);
        }
    }
    None
}

/// Every draft file of a folder, as `check` would pick them.
fn drafts_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| DraftKind::from_path(&p.to_string_lossy()).is_some());
    files.sort();
    files
}

fn check_folder(c: &mut Criterion) {
    let book = Stylebook::default();
    let mut g = c.benchmark_group("check");
    g.sample_size(20);
    match corpus_dir().map(|d| drafts_in(&d)).filter(|f| !f.is_empty()) {
        Some(files) => {
            let bytes: u64 = files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
            println!("check: {} files, {} bytes of en-wikinews (read from disk each iteration)", files.len(), bytes);
            g.throughput(Throughput::Bytes(bytes));
            g.bench_function("corpus_one_core", |b| {
                b.iter(|| {
                    let mut findings = 0;
                    for f in &files {
                        let Ok(text) = std::fs::read_to_string(f) else { continue };
                        let name = f.to_string_lossy();
                        let kind = DraftKind::from_path_or_plain(&name);
                        findings += lint(Some(&name), black_box(&text), kind, &book, None).len();
                    }
                    findings
                })
            });
        }
        None => println!(
            "check: corpus not found (../shared/corpus/en-wikinews/texts); measuring generated drafts only"
        ),
    }
    // Always: 200 generated drafts of 1,000 words, in memory.
    let texts: Vec<String> = (0..200).map(|i| gen::plain_draft(1_000, 500 + i)).collect();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("generated_one_core", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| lint(None, black_box(t), DraftKind::Plain, &book, None).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, check_folder);
criterion_main!(benches);
