//! copydesk: a copy editor that lives in the editor.
//!
//! The pipeline (DESIGN.md §2): text → [`draft::Draft`] →
//! [`analysis::Analysis`] → [`rules`] → [`finding::Finding`]s → faces
//! ([`cli`], [`lsp`]). The engine, [`lint`], is a pure function of text and
//! stylebook (and workspace index): no I/O, no panics, fast enough for every
//! keystroke.

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
    lint_analysis(&analysis, path, stylebook, workspace)
}

/// Lint an analysis already made (the LSP keeps analyses for hover).
pub fn lint_analysis(
    analysis: &analysis::Analysis,
    path: Option<&str>,
    stylebook: &Stylebook,
    workspace: Option<&WorkspaceIndex>,
) -> Vec<Finding> {
    let cx = rules::Context {
        analysis,
        stylebook,
        workspace,
        path,
    };
    let mut findings = Vec::new();
    for rule in rules::RULES {
        let info = rule.info();
        let Some(severity) = stylebook.severity(info.id, info.default_severity) else {
            continue;
        };
        let start = findings.len();
        rule.check(&cx, &mut findings);
        for f in &mut findings[start..] {
            // A rule may lower its own severity (workspace findings are
            // information); the stylebook's setting caps the default.
            if f.severity == info.default_severity {
                f.severity = severity;
            }
        }
    }
    let suppressions = suppression::Suppressions::new(&analysis.draft);
    findings.retain(|f| !suppressions.suppresses(f));
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
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
