//! `copydesk check`: load the drafts, lint them (two passes, so the
//! workspace index sees every draft before any rule runs), report, and
//! optionally fix.

use super::input::{load_drafts, LoadedDraft};
use super::report::{FileReport, Report};
use super::{CheckArgs, Format, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use crate::analysis::Analysis;
use crate::draft::Draft;
use crate::finding::Finding;
use crate::stylebook::Scope;
use crate::workspace::WorkspaceIndex;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

pub fn run(args: &CheckArgs) -> i32 {
    quiet_panics();
    let (mut drafts, mut errors) = load_drafts(&args.paths, args.stylebook.as_deref());
    let (mut findings, mut lint_errors) = lint_all(&drafts);
    if args.fix {
        let outcome = super::fix::apply(&drafts, &findings);
        if outcome.files > 0 {
            eprintln!(
                "copydesk: fixed {} finding{} in {} file{}",
                outcome.fixed,
                if outcome.fixed == 1 { "" } else { "s" },
                outcome.files,
                if outcome.files == 1 { "" } else { "s" },
            );
            // Report what is left, from the files as they now are.
            (drafts, errors) = load_drafts(&args.paths, args.stylebook.as_deref());
            (findings, lint_errors) = lint_all(&drafts);
        }
        errors.extend(outcome.errors);
    }
    errors.extend(lint_errors);
    for e in &errors {
        eprintln!("copydesk: {e}");
    }
    let files = drafts
        .iter()
        .zip(findings)
        .map(|(d, f)| FileReport::new(d, f))
        .collect();
    let report = Report::new(files);
    let exit = report_and_exit_code(args, &report, &errors);
    // The process ends now and the system takes its memory back at once:
    // freeing every draft, finding and report line one by one first was
    // CPU time spent for nothing.
    std::mem::forget(report);
    std::mem::forget(drafts);
    exit
}

/// Write the report in the chosen format; the exit code.
fn report_and_exit_code(args: &CheckArgs, report: &Report, errors: &[String]) -> i32 {
    let text = match args.format {
        Format::Human => super::human::render(report, super::human::use_colour()),
        Format::Json => super::report::json(report) + "\n",
        Format::Sarif => super::sarif::render(report) + "\n",
        Format::Github => super::github::render(report),
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A closed pipe (`| head`) is not worth a panic.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("copydesk: cannot write the report: {e}");
        }
        return EXIT_TROUBLE;
    }
    if !errors.is_empty() {
        EXIT_TROUBLE
    } else if report.fails(args.fail_on.threshold()) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Lint every draft: first analyse all of them (in parallel), then build
/// one workspace index per stylebook (the drafts a stylebook governs are
/// one story's workspace), then run the rules (in parallel). Returns the
/// findings of each draft, in the drafts' order, and an error line for each
/// draft the engine failed on (it must not, but a bug in one rule should
/// not lose the report of every other draft). The analyses and indexes are
/// left for the system to take back when the process ends (see below): call
/// it from a process that ends after its report, as `check` does.
pub fn lint_all(drafts: &[LoadedDraft]) -> (Vec<Vec<Finding>>, Vec<String>) {
    let analyses: Vec<Option<Analysis>> = drafts
        .par_iter()
        .map(|d| guard(|| Analysis::new(Draft::parse(&d.text, d.kind), &d.stylebook)))
        .collect();
    let indexes = workspace_indexes(drafts, &analyses);
    let results: Vec<Option<Vec<Finding>>> = drafts
        .par_iter()
        .zip(analyses.par_iter())
        .map(|(d, analysis)| {
            let analysis = analysis.as_ref()?;
            let index = indexes.get(&book_key(d));
            guard(|| crate::lint_analysis(analysis, Some(&d.path), &d.stylebook, index))
        })
        .collect();
    // `check` exits soon after: the analyses and indexes of every draft are
    // not freed piece by piece (dropping the index alone was 7% of check on
    // en-wikinews); the system takes the memory back when the process ends.
    std::mem::forget(indexes);
    std::mem::forget(analyses);
    let mut errors = Vec::new();
    let findings = drafts
        .iter()
        .zip(results)
        .map(|(d, r)| {
            r.unwrap_or_else(|| {
                errors.push(format!(
                    "{}: internal error while checking this draft; please report it",
                    d.path
                ));
                Vec::new()
            })
        })
        .collect();
    (findings, errors)
}

/// The drafts that share a stylebook with `scope: workspace` share an index.
fn workspace_indexes(
    drafts: &[LoadedDraft],
    analyses: &[Option<Analysis>],
) -> HashMap<usize, WorkspaceIndex> {
    let mut indexes: HashMap<usize, WorkspaceIndex> = HashMap::new();
    for (d, analysis) in drafts.iter().zip(analyses) {
        if d.stylebook.scope != Scope::Workspace {
            continue;
        }
        if let Some(analysis) = analysis {
            indexes
                .entry(book_key(d))
                .or_default()
                .update(&d.path, analysis);
        }
    }
    indexes
}

/// Which stylebook a draft has (drafts share the `Arc` of theirs).
fn book_key(d: &LoadedDraft) -> usize {
    Arc::as_ptr(&d.stylebook) as usize
}

/// A panic in the engine is a bug, and [`guard`] catches it: print one
/// line saying where, not a backtrace per draft.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("copydesk: internal error (a bug: please report it): {info}");
    }));
}

/// Run `f`, turning a panic into `None`.
fn guard<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}
