//! `copydesk check`: load the drafts, lint them (each alone, then the
//! comparison of each with the others once the workspace index has seen
//! every draft), report, and optionally fix.

use super::input::{load_drafts, LoadedDraft};
use super::report::{FileReport, Report};
use super::{CheckArgs, Format, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use crate::analysis::Analysis;
use crate::draft::Draft;
use crate::finding::Finding;
use crate::rules::name_inconsistent::{self, CrossDraftNames};
use crate::stylebook::Scope;
use crate::suppression::Suppressions;
use crate::workspace::{BucketMaker, DraftNames, WorkspaceIndex};
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

/// Lint every draft. Each is analysed and linted alone (in parallel), with
/// every rule but the half of `name.inconsistent` that compares drafts; what
/// the index and that comparison need of the draft is kept, and the analysis
/// dropped, so its memory serves the next draft. Then one workspace index
/// per stylebook is built (the drafts a stylebook governs are one story's
/// workspace), and each draft's spellings are compared with the other
/// drafts' (in parallel). The findings are what [`crate::lint_analysis`]
/// gives each draft with its index. Returns the findings of each draft, in
/// the drafts' order, and an error line for each draft the engine failed on
/// (it must not, but a bug in one rule should not lose the report of every
/// other draft). The indexes are left for the system to take back when the
/// process ends (see below): call it from a process that ends after its
/// report, as `check` does.
pub fn lint_all(drafts: &[LoadedDraft]) -> (Vec<Vec<Finding>>, Vec<String>) {
    let mut linted: Vec<Option<Linted>> =
        drafts.par_iter().map(|d| guard(|| lint_alone(d))).collect();
    let indexes = workspace_indexes(drafts, &mut linted);
    let results: Vec<Option<Vec<Finding>>> = drafts
        .par_iter()
        .zip(linted.into_par_iter())
        .map(|(d, linted)| {
            let linted = linted?;
            let index = indexes.get(&book_key(d));
            guard(|| linted.with_other_drafts(d, index))
        })
        .collect();
    // `check` exits soon after: the indexes are not freed piece by piece
    // (dropping the index alone was 7% of check on en-wikinews); the system
    // takes the memory back when the process ends.
    std::mem::forget(indexes);
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

/// A draft linted alone, and what comparing it with other drafts needs.
struct Linted<'t> {
    /// Every finding but those comparing drafts, sorted as
    /// [`crate::lint_analysis`] sorts them.
    findings: Vec<Finding>,
    /// What the workspace index keeps of the draft (`scope: workspace`
    /// only), its buckets made and the whole taken when the index is built.
    names: Option<DraftNames>,
    /// What comparing its spellings with other drafts' needs, when there is
    /// anything to compare.
    across: Option<Across<'t>>,
}

/// What `name.inconsistent` compares with other drafts, and what would
/// suppress a finding (the draft's analysis is gone by then).
struct Across<'t> {
    names: CrossDraftNames<'t>,
    /// The draft's facts, shared with the index (its spellings' facts and
    /// buckets, its people): set when the index is built.
    draft: Option<Arc<DraftNames>>,
    suppressions: Suppressions,
}

/// Analyse and lint one draft without the workspace index.
fn lint_alone(d: &LoadedDraft) -> Linted<'_> {
    let mut analysis = Analysis::new(Draft::parse(&d.text, d.kind), &d.stylebook);
    let findings = crate::lint_analysis(&analysis, Some(&d.path), &d.stylebook, None);
    if d.stylebook.scope != Scope::Workspace {
        return Linted {
            findings,
            names: None,
            across: None,
        };
    }
    // A draft naming no one by first and last name is of no story another
    // draft tells: nothing of it to compare.
    let people = crate::workspace::people_of(&analysis);
    let cross = if people.is_empty() {
        CrossDraftNames::default()
    } else {
        CrossDraftNames::of(&analysis.people)
    };
    let suppressions = (!cross.is_empty()).then(|| Suppressions::new(&analysis.draft));
    // The analysis is dropped next: its facts are moved into the index's.
    let names = DraftNames::taken_from(&mut analysis, people);
    let across = suppressions.map(|suppressions| Across {
        names: cross,
        draft: None,
        suppressions,
    });
    Linted {
        findings,
        names: Some(names),
        across,
    }
}

impl Linted<'_> {
    /// The draft's findings with those comparing it with the other drafts
    /// of its workspace (`index`), where and as [`crate::lint_analysis`]
    /// would put them: the rule's severity setting applied, suppressed ones
    /// dropped, sorted by position and rule (a stable sort, so that at one
    /// position they follow the draft's own `name.inconsistent` findings,
    /// as the rule pushes them).
    fn with_other_drafts(self, d: &LoadedDraft, index: Option<&WorkspaceIndex>) -> Vec<Finding> {
        let mut findings = self.findings;
        // Left for the system to take back, as the indexes are (see
        // `lint_all`): freeing it was a tenth of comparing the drafts.
        let across = std::mem::ManuallyDrop::new(self.across);
        let (Some(across), Some(index)) = (across.as_ref(), index) else {
            return findings;
        };
        let Some(draft) = &across.draft else {
            return findings;
        };
        let info = &name_inconsistent::INFO;
        let Some(severity) = d.stylebook.severity(info.id, info.default_severity) else {
            return findings;
        };
        let start = findings.len();
        name_inconsistent::across_drafts(
            &across.names,
            draft,
            Some(&d.path),
            &d.stylebook,
            index,
            &mut findings,
        );
        if findings.len() == start {
            return findings;
        }
        for f in &mut findings[start..] {
            if f.severity == info.default_severity {
                f.severity = severity;
            }
        }
        let mut added = findings.split_off(start);
        added.retain(|f| !across.suppressions.suppresses(f));
        findings.append(&mut added);
        findings.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
        });
        findings
    }
}

/// The drafts that share a stylebook with `scope: workspace` share an index.
fn workspace_indexes(
    drafts: &[LoadedDraft],
    linted: &mut [Option<Linted>],
) -> HashMap<usize, WorkspaceIndex> {
    // Each spelling's buckets, made once for all the drafts that use it
    // (buckets do not depend on the stylebook, given the spelling's facts);
    // and how many buckets each index files: its table is sized once.
    let mut maker = BucketMaker::default();
    let mut buckets: HashMap<usize, usize> = HashMap::new();
    for (d, linted) in drafts.iter().zip(linted.iter_mut()) {
        if let Some(names) = linted.as_mut().and_then(|l| l.names.as_mut()) {
            maker.fill(names);
            let n: usize = names.spellings.iter().map(|s| s.buckets.len()).sum();
            *buckets.entry(book_key(d)).or_default() += n;
        }
    }
    let mut indexes: HashMap<usize, WorkspaceIndex> = HashMap::new();
    for (d, linted) in drafts.iter().zip(linted) {
        let Some(linted) = linted.as_mut() else {
            continue;
        };
        if let Some(names) = linted.names.take() {
            let names = Arc::new(names);
            if let Some(across) = &mut linted.across {
                across.draft = Some(names.clone());
            }
            let book = book_key(d);
            indexes
                .entry(book)
                .or_insert_with(|| {
                    let mut index = WorkspaceIndex::new();
                    index.reserve(buckets.get(&book).copied().unwrap_or(0));
                    index
                })
                .insert_shared(&d.path, names);
        }
    }
    // Left for the system to take back, as the indexes are (see
    // `lint_all`): a string and two lists a distinct spelling.
    std::mem::forget(maker);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;
    use crate::stylebook::Stylebook;

    fn draft(path: &str, text: &str, stylebook: &Arc<Stylebook>) -> LoadedDraft {
        LoadedDraft {
            path: path.to_string(),
            text: text.to_string(),
            kind: DraftKind::from_path_or_plain(path),
            stylebook: stylebook.clone(),
        }
    }

    /// What `lint_all` must give: every draft analysed, one index per
    /// stylebook of every analysis, then `lint_analysis` with the index.
    fn linted_with_index(drafts: &[LoadedDraft]) -> Vec<Vec<Finding>> {
        let analyses: Vec<Analysis> = drafts
            .iter()
            .map(|d| Analysis::new(Draft::parse(&d.text, d.kind), &d.stylebook))
            .collect();
        let mut indexes: HashMap<usize, WorkspaceIndex> = HashMap::new();
        for (d, a) in drafts.iter().zip(&analyses) {
            if d.stylebook.scope == Scope::Workspace {
                indexes.entry(book_key(d)).or_default().update(&d.path, a);
            }
        }
        drafts
            .iter()
            .zip(&analyses)
            .map(|(d, a)| {
                let index = indexes.get(&book_key(d));
                crate::lint_analysis(a, Some(&d.path), &d.stylebook, index)
            })
            .collect()
    }

    #[test]
    fn drafts_linted_alone_then_compared_find_what_the_index_finds() {
        let workspace = Arc::new(Stylebook::default());
        let mut preferring = Stylebook::default();
        preferring.names.insert("Zelenskyy".to_string(), Vec::new());
        let preferring = Arc::new(preferring);
        let document = Arc::new(Stylebook {
            scope: Scope::Document,
            ..Stylebook::default()
        });
        let drafts = [
            // Two spellings here (a finding of this draft at the first
            // Zelenskiy) and another draft's (one at the same place).
            draft(
                "story/a.txt",
                "President Volodymyr Zelenskiy spoke in Kyiv. Zelenskiy asked Donald Trump \
                 for help. Aides to Zelenskyy agreed. Zelenskiy left.\n",
                &workspace,
            ),
            draft(
                "story/b.txt",
                "Ukraine's leader Volodymyr Zelenskyy met envoys. Donald Trump called. \
                 Officials in Kiev waited.\n",
                &workspace,
            ),
            draft(
                "story/c.md",
                "<!-- copydesk-disable-next-line name.inconsistent -->\n\
                 Volodymyr Zelensky met Donald Trump in Kyiv.\n\n\
                 Zelensky said \"we will win.\"\n",
                &workspace,
            ),
            draft(
                "story/d.txt",
                "Volodymyr Zelensky met Donald Trump. Zelensky spoke first.\n",
                &workspace,
            ),
            draft("other/e.txt", "Nancy Pelosi spoke in Kiev.\n", &workspace),
            draft(
                "booked/f.txt",
                "President Volodymyr Zelenskiy spoke. Donald Trump called.\n",
                &preferring,
            ),
            draft(
                "booked/g.txt",
                "Volodymyr Zelenskyy met envoys. Donald Trump called.\n",
                &preferring,
            ),
            draft(
                "solo/h.txt",
                "Volodymyr Zelenskiy met Donald Trump.\n",
                &document,
            ),
            draft(
                "solo/i.txt",
                "Volodymyr Zelenskyy met Donald Trump.\n",
                &document,
            ),
        ];
        let (found, errors) = lint_all(&drafts);
        assert!(errors.is_empty(), "{errors:?}");
        let expected = linted_with_index(&drafts);
        assert_eq!(found, expected);
        let across = |f: &Vec<Finding>| {
            f.iter()
                .filter(|f| f.message.contains("in another draft"))
                .count()
        };
        // The drafts do meet every case: findings across drafts, one at the
        // place of a finding inside the draft, one suppressed, none across
        // stylebooks or for `scope: document`.
        assert!(across(&found[0]) > 0 && across(&found[3]) > 0 && across(&found[5]) > 0);
        let (mine, others): (Vec<&Finding>, Vec<&Finding>) = found[0]
            .iter()
            .partition(|f| !f.message.contains("in another draft"));
        assert!(mine
            .iter()
            .any(|m| others.iter().any(|o| o.range == m.range)));
        assert_eq!(across(&found[2]), 0);
        assert_eq!(across(&found[7]) + across(&found[8]), 0);
    }
}
