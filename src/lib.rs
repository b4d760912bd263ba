//! copydesk: a copy editor that lives in the editor.
//!
//! The pipeline (DESIGN.md §2): text → [`draft::Draft`] →
//! [`analysis::Analysis`] → [`rules`] → [`finding::Finding`]s → faces
//! ([`cli`], [`lsp`]). The engine, [`lint`], is a pure function of text and
//! stylebook (and workspace index): no I/O, no panics, fast enough for every
//! keystroke.

pub mod alloc;
pub mod analysis;
pub mod cli;
pub mod draft;
pub mod finding;
pub mod lsp;
pub mod rules;
pub mod stylebook;
pub mod suppression;
pub mod workspace;

pub use draft::{Draft, DraftKind};
pub use finding::{Edit, Finding, Fix, Related, Severity, Span};
pub use stylebook::Stylebook;
pub use workspace::WorkspaceIndex;

/// Lint one draft: every rule the stylebook leaves on, with the
/// stylebook's severities, minus suppressed findings, sorted by position.
pub fn lint(
    path: Option<&str>,
    text: &str,
    kind: DraftKind,
    stylebook: &Stylebook,
    workspace: Option<&WorkspaceIndex>,
) -> Vec<Finding> {
    let draft = Draft::parse(text, kind);
    let analysis = analysis::Analysis::new(draft, stylebook);
    if analysis.draft.words.len() < analysis::PARALLEL_WORDS {
        return lint_analysis(&analysis, path, stylebook, workspace);
    }
    // A long draft: its analysis is freed on one thread while its findings
    // are sorted on the other.
    let mut findings = findings_on(&analysis, path, stylebook, workspace, true);
    rayon::join(move || drop(analysis), || sort(&mut findings));
    findings
}

/// Lint an analysis already made (the LSP keeps analyses for hover).
pub fn lint_analysis(
    analysis: &analysis::Analysis,
    path: Option<&str>,
    stylebook: &Stylebook,
    workspace: Option<&WorkspaceIndex>,
) -> Vec<Finding> {
    let parallel = analysis.draft.words.len() >= analysis::PARALLEL_WORDS;
    let mut findings = findings_on(analysis, path, stylebook, workspace, parallel);
    sort(&mut findings);
    findings
}

/// Findings in the order every face shows them: by position, then rule.
fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
}

/// [`lint_analysis`] before sorting, with the rules on two threads when
/// `parallel` (the findings are the same either way; a test holds the two
/// to that).
fn findings_on(
    analysis: &analysis::Analysis,
    path: Option<&str>,
    stylebook: &Stylebook,
    workspace: Option<&WorkspaceIndex>,
    parallel: bool,
) -> Vec<Finding> {
    let cx = rules::Context {
        analysis,
        stylebook,
        workspace,
        path,
    };
    // The rules of a long draft run on both threads, and the draft's
    // suppressions are read beside them; their findings are joined in rule
    // order, so the result is what one thread finds.
    let (mut findings, suppressions) = if parallel {
        use rayon::prelude::*;
        // Moved into one list in rule order, not cloned as `concat` would
        // (each finding owns strings).
        rayon::join(
            || {
                rules::RULES
                    .par_iter()
                    .flat_map_iter(|&rule| run_rule(rule, &cx))
                    .collect::<Vec<Finding>>()
            },
            || suppression::Suppressions::new(&analysis.draft),
        )
    } else {
        let mut findings = Vec::new();
        for &rule in rules::RULES {
            findings.append(&mut run_rule(rule, &cx));
        }
        (findings, suppression::Suppressions::new(&analysis.draft))
    };
    findings.retain(|f| !suppressions.suppresses(f));
    findings
}

/// One rule's findings at the severity the stylebook sets for it (none
/// when the stylebook turns the rule off).
fn run_rule(rule: &dyn rules::Rule, cx: &rules::Context) -> Vec<Finding> {
    let info = rule.info();
    let Some(severity) = cx.stylebook.severity(info.id, info.default_severity) else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    rule.check(cx, &mut findings);
    for f in &mut findings {
        // A rule may lower its own severity (workspace findings are
        // information); the stylebook's setting caps the default.
        if f.severity == info.default_severity {
            f.severity = severity;
        }
    }
    findings
}

/// Apply edits for this draft (those with `path: None`) to `text`. Edits
/// that overlap an earlier one, or fall outside the text or off a char
/// boundary, are skipped rather than corrupting the text.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut edits: Vec<&Edit> = edits.iter().filter(|e| e.path.is_none()).collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        let ok = e.range.start >= at
            && e.range.start <= e.range.end
            && e.range.end <= text.len()
            && text.is_char_boundary(e.range.start)
            && text.is_char_boundary(e.range.end);
        if !ok {
            continue;
        }
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A draft with something for every rule: quotes with and without a
    /// speaker, names spelled two ways, titles that disagree and titles in
    /// the wrong case, a stray mark.
    fn busy_paragraph(i: usize) -> String {
        format!(
            "“We will rebuild the bridge number {i},” Mayor Ana Ruiz said. \
             “Nobody asked us.” Kremlin spokesperson Dmitry Peskov spoke first; \
             later the adviser Peskov and Sen. Ana Ruiz disagreed, and Mayor Ana Ruis \
             called it “a fine plan” in a post. The President said \"no.\n\n"
        )
    }

    #[test]
    fn rules_on_two_threads_find_what_one_thread_finds() {
        let text: String = (0..700).map(busy_paragraph).collect();
        let book = Stylebook::default();
        let analysis = analysis::Analysis::new(Draft::parse(&text, DraftKind::Plain), &book);
        assert!(analysis.draft.words.len() >= analysis::PARALLEL_WORDS);
        let one = findings_on(&analysis, Some("a.txt"), &book, None, false);
        let mut two = findings_on(&analysis, Some("a.txt"), &book, None, true);
        let rules: std::collections::BTreeSet<&str> = one.iter().map(|f| f.rule).collect();
        assert!(rules.len() >= 4, "{rules:?}");
        assert_eq!(one, two);
        sort(&mut two);
        assert_eq!(lint_analysis(&analysis, Some("a.txt"), &book, None), two);
        assert_eq!(
            lint(Some("a.txt"), &text, DraftKind::Plain, &book, None),
            two
        );
    }

    /// Suppressions read beside the rules suppress what they suppress on
    /// one thread.
    #[test]
    fn suppressions_on_two_threads_suppress_what_one_thread_does() {
        let text: String = (0..700)
            .map(|i| {
                let p = busy_paragraph(i);
                match i % 3 {
                    0 => format!("<!-- copydesk-disable-next-line quote.unattributed -->\n{p}"),
                    1 => format!("<!-- copydesk-disable -->\n\n{p}<!-- copydesk-enable -->\n\n"),
                    _ => p,
                }
            })
            .collect();
        let book = Stylebook::default();
        let analysis = analysis::Analysis::new(Draft::parse(&text, DraftKind::Markdown), &book);
        assert!(analysis.draft.words.len() >= analysis::PARALLEL_WORDS);
        let one = findings_on(&analysis, None, &book, None, false);
        let two = findings_on(&analysis, None, &book, None, true);
        assert_eq!(one, two);
        let plain = Draft::parse(&text, DraftKind::Plain);
        let unsuppressed = findings_on(
            &analysis::Analysis::new(plain, &book),
            None,
            &book,
            None,
            true,
        );
        assert!(
            one.len() < unsuppressed.len(),
            "{} {}",
            one.len(),
            unsuppressed.len()
        );
    }
}
