//! What `check` reports, file by file, and the JSON report (DESIGN.md §5,
//! version 1). The other formats (human, SARIF, GitHub) read the same
//! [`Report`].

use super::input::LoadedDraft;
use crate::draft::position::floor_char_boundary;
use crate::finding::{Finding, Severity, Span};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// One checked draft and its findings, sorted by position.
pub struct FileReport<'a> {
    pub draft: &'a LoadedDraft,
    /// Where each line starts ([`line_starts`]). Made when a position is
    /// first asked for: most drafts of a folder have no finding, and
    /// indexing their lines was 4% of `check`.
    lines: OnceLock<Vec<usize>>,
    /// The last position asked for (byte offset, 0-based column): findings
    /// are asked for in text order, so a column on a long line (a Markdown
    /// paragraph) is counted on from the last one, not from the line's
    /// start each time, which was quadratic in the line's length.
    last: Mutex<Option<(usize, usize)>>,
    pub findings: Vec<Finding>,
}

/// Everything `check` found, files sorted by path.
pub struct Report<'a> {
    pub files: Vec<FileReport<'a>>,
    by_path: HashMap<&'a str, usize>,
}

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

impl<'a> FileReport<'a> {
    pub fn new(draft: &'a LoadedDraft, findings: Vec<Finding>) -> FileReport<'a> {
        FileReport {
            draft,
            lines: OnceLock::new(),
            last: Mutex::new(None),
            findings,
        }
    }

    pub fn path(&self) -> &'a str {
        &self.draft.path
    }

    pub fn text(&self) -> &'a str {
        &self.draft.text
    }

    /// The 1-based position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let text = self.text();
        let offset = floor_char_boundary(text, offset);
        let (line, line_start) = self.line_index(offset);
        // A poisoned lock only loses the shortcut.
        let mut last = self.last.lock().ok();
        let (from, column_there) = match last.as_deref() {
            Some(&Some((at, column))) if at >= line_start && at <= offset => (at, column),
            _ => (line_start, 0),
        };
        let column = column_there + text[from..offset].chars().count();
        if let Some(last) = last.as_deref_mut() {
            *last = Some((offset, column));
        }
        Position {
            line: line + 1,
            column: column + 1,
        }
    }

    /// The line holding byte `offset`, without its line break, and the
    /// byte offset where it starts.
    pub fn line_of(&self, offset: usize) -> Option<(&'a str, usize)> {
        let text = self.text();
        let (line, start) = self.line_index(floor_char_boundary(text, offset));
        let next = self
            .lines
            .get()
            .and_then(|starts| starts.get(line + 1).copied())
            .unwrap_or(text.len());
        let body = text.get(start..next)?;
        Some((body.trim_end_matches(['\n', '\r']), start))
    }

    /// The 0-based line holding byte `offset` and the offset where it starts.
    fn line_index(&self, offset: usize) -> (usize, usize) {
        let starts = self.lines.get_or_init(|| line_starts(self.text()));
        let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        (line, starts[line])
    }

    pub fn range(&self, span: &Span) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }
}

/// The byte offset where each line starts; a line ends at `\n`, `\r\n`
/// or `\r`, as in LSP (and [`crate::draft::LineIndex`], whose positions
/// these are). Found with `memchr`, line break to line break: a report
/// asks for a few positions in a whole draft, and going over the draft a
/// byte at a time was most of the cost of the JSON report.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut at = 0;
    while let Some(i) = memchr::memchr2(b'\n', b'\r', &bytes[at..]) {
        let mut next = at + i + 1;
        if bytes[at + i] == b'\r' && bytes.get(next) == Some(&b'\n') {
            next += 1;
        }
        starts.push(next);
        at = next;
    }
    starts
}

impl<'a> Report<'a> {
    pub fn new(files: Vec<FileReport<'a>>) -> Report<'a> {
        let by_path = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path(), i))
            .collect();
        Report { files, by_path }
    }

    /// The report of the draft at `path`, if it was checked.
    pub fn file(&self, path: &str) -> Option<&FileReport<'a>> {
        self.by_path.get(path).map(|&i| &self.files[i])
    }

    /// How many findings of each severity.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            files: self.files.len(),
            ..Counts::default()
        };
        for f in self.files.iter().flat_map(|f| &f.findings) {
            match f.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Information => counts.information += 1,
                Severity::Hint => counts.hint += 1,
            }
        }
        counts
    }

    /// Whether any finding is at least as serious as `threshold`.
    pub fn fails(&self, threshold: Option<Severity>) -> bool {
        let Some(threshold) = threshold else {
            return false;
        };
        self.files
            .iter()
            .flat_map(|f| &f.findings)
            .any(|f| f.severity <= threshold)
    }
}

/// The summary of a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub files: usize,
    pub error: usize,
    pub warning: usize,
    pub information: usize,
    pub hint: usize,
}

impl Counts {
    pub fn findings(&self) -> usize {
        self.error + self.warning + self.information + self.hint
    }
}

// The JSON report, field for field as DESIGN.md §5.

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    files: Vec<JsonFile<'a>>,
    summary: Counts,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    range: Range,
    offsets: [usize; 2],
    related: Vec<JsonRelated<'a>>,
    fixes: Vec<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    offsets: [usize; 2],
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    safe: bool,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    path: &'a str,
    offsets: [usize; 2],
    replacement: &'a str,
}

fn offsets(span: &Span) -> [usize; 2] {
    [span.start, span.end]
}

/// The JSON report, pretty-printed.
pub fn json(report: &Report) -> String {
    let files = report
        .files
        .iter()
        .map(|file| JsonFile {
            path: file.path(),
            diagnostics: file
                .findings
                .iter()
                .map(|f| json_diagnostic(file, f))
                .collect(),
        })
        .collect();
    let out = JsonReport {
        version: 1,
        files,
        summary: report.counts(),
    };
    serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

fn json_diagnostic<'a>(file: &FileReport<'a>, f: &'a Finding) -> JsonDiagnostic<'a> {
    let here = file.path();
    JsonDiagnostic {
        rule: f.rule,
        severity: f.severity.as_str(),
        message: &f.message,
        range: file.range(&f.range),
        offsets: offsets(&f.range),
        related: f
            .related
            .iter()
            .map(|r| JsonRelated {
                path: r.path.as_deref().unwrap_or(here),
                offsets: offsets(&r.range),
                message: &r.message,
            })
            .collect(),
        fixes: f
            .fixes
            .iter()
            .map(|fix| JsonFix {
                title: &fix.title,
                safe: fix.safe,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        path: e.path.as_deref().unwrap_or(here),
                        offsets: offsets(&e.range),
                        replacement: &e.replacement,
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;
    use crate::finding::{Edit, Fix, Related};
    use std::sync::Arc;

    fn draft(text: &str) -> LoadedDraft {
        LoadedDraft {
            path: "a.md".into(),
            text: text.into(),
            kind: DraftKind::Markdown,
            stylebook: Arc::default(),
        }
    }

    #[test]
    fn columns_count_scalar_values_after_curly_quotes_and_emoji() {
        let d = draft("One.\r\n“Hi” 🎉 Kiev\n");
        let file = FileReport::new(&d, Vec::new());
        let at = d.text.find("Kiev").unwrap();
        // “ H i ” space 🎉 space → Kiev is the 8th scalar value.
        assert_eq!(file.position(at), Position { line: 2, column: 8 });
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
    }

    #[test]
    fn positions_are_the_line_index_positions() {
        let text = "One.\r\n“Hi” 🎉 Kiev\n\rTwo\r\rThree\r\n\nFour é\r";
        let d = draft(text);
        let file = FileReport::new(&d, Vec::new());
        let index = crate::draft::LineIndex::new(text);
        for offset in 0..text.len() + 3 {
            let (line, character) = index.position(text, offset, crate::draft::Encoding::Utf32);
            let expected = Position {
                line: line + 1,
                column: character + 1,
            };
            assert_eq!(file.position(offset), expected, "at {offset}");
        }
    }

    #[test]
    fn json_follows_the_design_field_for_field() {
        let d = draft("Kiev and Kyiv.");
        let finding = Finding::new("name.stylebook", Severity::Warning, 0..4, "Kiev → Kyiv")
            .with_related(Related {
                path: None,
                range: 9..13,
                message: "here".into(),
            })
            .with_fix(Fix::new(
                "Change to “Kyiv”",
                true,
                vec![Edit::here(0..4, "Kyiv")],
            ));
        let report = Report::new(vec![FileReport::new(&d, vec![finding])]);
        let v: serde_json::Value = serde_json::from_str(&json(&report)).unwrap();
        assert_eq!(v["version"], 1);
        let diag = &v["files"][0]["diagnostics"][0];
        assert_eq!(v["files"][0]["path"], "a.md");
        assert_eq!(diag["rule"], "name.stylebook");
        assert_eq!(diag["severity"], "warning");
        assert_eq!(diag["range"]["start"]["line"], 1);
        assert_eq!(diag["range"]["start"]["column"], 1);
        assert_eq!(diag["range"]["end"]["column"], 5);
        assert_eq!(diag["offsets"], serde_json::json!([0, 4]));
        assert_eq!(diag["related"][0]["path"], "a.md");
        assert_eq!(diag["related"][0]["offsets"], serde_json::json!([9, 13]));
        assert_eq!(diag["fixes"][0]["safe"], true);
        assert_eq!(diag["fixes"][0]["edits"][0]["path"], "a.md");
        assert_eq!(diag["fixes"][0]["edits"][0]["replacement"], "Kyiv");
        assert_eq!(
            v["summary"],
            serde_json::json!({"files":1,"error":0,"warning":1,"information":0,"hint":0})
        );
    }
}
