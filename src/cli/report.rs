//! What `check` reports, file by file, and the JSON report (DESIGN.md §5,
//! version 1). The other formats (human, SARIF, GitHub) read the same
//! [`Report`].

use super::input::LoadedDraft;
use crate::draft::position::floor_char_boundary;
use crate::finding::{Finding, Severity, Span};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One checked draft and its findings, sorted by position.
pub struct FileReport<'a> {
    pub draft: &'a LoadedDraft,
    /// Where each line starts ([`line_starts`]). Made when a position is
    /// first asked for: most drafts of a folder have no finding, and
    /// indexing their lines was 4% of `check`.
    lines: OnceLock<Vec<usize>>,
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
        let starts = self.lines.get_or_init(|| line_starts(text));
        let offset = floor_char_boundary(text, offset);
        let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let column = text[starts[line]..offset].chars().count();
        Position {
            line: line + 1,
            column: column + 1,
        }
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

// The JSON report, field for field as DESIGN.md §5, written as serde_json's
// pretty printer writes it (two-space indents, `"key": value`, empty
// arrays as `[]`, strings escaped as serde_json escapes them): a model of
// the report serialised by serde cost twice as much, most of it in
// per-token calls. The serde model is kept as the tests' oracle.

/// The JSON report, pretty-printed.
pub fn json(report: &Report) -> String {
    let findings: usize = report.files.iter().map(|f| f.findings.len()).sum();
    let mut w = JsonWriter {
        out: String::with_capacity(64 + 96 * report.files.len() + 1_600 * findings),
        depth: 0,
        first: true,
    };
    w.open('{');
    w.key("version");
    w.number(1);
    w.key("files");
    w.open('[');
    for file in &report.files {
        w.item();
        w.open('{');
        w.key("path");
        w.string(file.path());
        w.key("diagnostics");
        w.open('[');
        for f in &file.findings {
            w.item();
            diagnostic(&mut w, file, f);
        }
        w.close(']');
        w.close('}');
    }
    w.close(']');
    let counts = report.counts();
    w.key("summary");
    w.open('{');
    for (k, n) in [
        ("files", counts.files),
        ("error", counts.error),
        ("warning", counts.warning),
        ("information", counts.information),
        ("hint", counts.hint),
    ] {
        w.key(k);
        w.number(n);
    }
    w.close('}');
    w.close('}');
    w.out
}

/// One finding of [`json`].
fn diagnostic(w: &mut JsonWriter, file: &FileReport, f: &Finding) {
    let here = file.path();
    w.open('{');
    w.key("rule");
    w.string(f.rule);
    w.key("severity");
    w.string(f.severity.as_str());
    w.key("message");
    w.string(&f.message);
    let range = file.range(&f.range);
    w.key("range");
    w.open('{');
    for (k, p) in [("start", range.start), ("end", range.end)] {
        w.key(k);
        w.open('{');
        w.key("line");
        w.number(p.line);
        w.key("column");
        w.number(p.column);
        w.close('}');
    }
    w.close('}');
    w.key("offsets");
    w.offsets(&f.range);
    w.key("related");
    w.open('[');
    for r in &f.related {
        w.item();
        w.open('{');
        w.key("path");
        w.string(r.path.as_deref().unwrap_or(here));
        w.key("offsets");
        w.offsets(&r.range);
        w.key("message");
        w.string(&r.message);
        w.close('}');
    }
    w.close(']');
    w.key("fixes");
    w.open('[');
    for fix in &f.fixes {
        w.item();
        w.open('{');
        w.key("title");
        w.string(&fix.title);
        w.key("safe");
        w.out.push_str(if fix.safe { "true" } else { "false" });
        w.key("edits");
        w.open('[');
        for e in &fix.edits {
            w.item();
            w.open('{');
            w.key("path");
            w.string(e.path.as_deref().unwrap_or(here));
            w.key("offsets");
            w.offsets(&e.range);
            w.key("replacement");
            w.string(&e.replacement);
            w.close('}');
        }
        w.close(']');
        w.close('}');
    }
    w.close(']');
    w.close('}');
}

/// How serde_json writes a byte of a string that it escapes.
enum Escape {
    Short(&'static str),
    /// `\u00xx`.
    Unicode(u8),
}

/// The escape of a byte, if serde_json escapes it.
fn escape(b: u8) -> Option<Escape> {
    Some(match b {
        b'"' => Escape::Short("\\\""),
        b'\\' => Escape::Short("\\\\"),
        0x08 => Escape::Short("\\b"),
        0x09 => Escape::Short("\\t"),
        0x0a => Escape::Short("\\n"),
        0x0c => Escape::Short("\\f"),
        0x0d => Escape::Short("\\r"),
        0x00..=0x1f => Escape::Unicode(b),
        _ => return None,
    })
}

/// Whether any of the eight bytes of `x` is one [`escape`] escapes: a
/// control character, `"` or `\\` (the bit tricks of "Bit Twiddling
/// Hacks": a byte below 0x20, a byte equal to another; exact as a yes or
/// no for the word).
fn needs_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH != 0;
    below_space
        || zero_byte(x ^ (ONES * u64::from(b'"')))
        || zero_byte(x ^ (ONES * u64::from(b'\\')))
}

/// Pretty JSON into a string, as serde_json's `PrettyFormatter` lays it
/// out.
struct JsonWriter {
    out: String,
    /// How many arrays and objects are open.
    depth: usize,
    /// Nothing written yet in the innermost open one.
    first: bool,
}

impl JsonWriter {
    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.first = true;
    }

    /// Close the innermost array or object: on a line of its own unless it
    /// is empty (`[]`, `{}`).
    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.first {
            self.newline();
        }
        self.out.push(bracket);
        self.first = false;
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// Start an array element (or an object entry).
    fn item(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.newline();
        self.first = false;
    }

    /// An object entry's key: one of this file's field names, which need
    /// no escaping.
    fn key(&mut self, key: &'static str) {
        self.item();
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\": ");
    }

    fn number(&mut self, n: usize) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut n = n;
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &digits[at..] {
            self.out.push(char::from(d));
        }
    }

    /// A span's offsets, `[start, end]`.
    fn offsets(&mut self, span: &Span) {
        self.open('[');
        self.item();
        self.number(span.start);
        self.item();
        self.number(span.end);
        self.close(']');
    }

    /// A string, quoted and escaped as serde_json escapes: `"`, `\\`, and
    /// control characters (short forms for backspace, tab, line feed,
    /// form feed and carriage return, `\u00xx` for the others); nothing else.
    fn string(&mut self, s: &str) {
        self.out.push('"');
        let bytes = s.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Eight bytes at a time while none needs escaping (most text).
            if let Some(word) = bytes.get(i..i + 8) {
                let mut eight = [0u8; 8];
                eight.copy_from_slice(word);
                if !needs_escape(u64::from_le_bytes(eight)) {
                    i += 8;
                    continue;
                }
            }
            if let Some(escaped) = escape(bytes[i]) {
                // Escaped bytes are ASCII: `i` is a character boundary.
                self.out.push_str(&s[start..i]);
                match escaped {
                    Escape::Short(short) => self.out.push_str(short),
                    Escape::Unicode(b) => {
                        const HEX: &[u8; 16] = b"0123456789abcdef";
                        self.out.push_str("\\u00");
                        self.out.push(char::from(HEX[usize::from(b >> 4)]));
                        self.out.push(char::from(HEX[usize::from(b & 0xf)]));
                    }
                }
                start = i + 1;
            }
            i += 1;
        }
        self.out.push_str(&s[start..]);
        self.out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;
    use crate::finding::{Edit, Fix, Related};
    use serde::Serialize;
    use std::sync::Arc;

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

    /// The JSON report as serde_json pretty-prints it from a model of it:
    /// the oracle of [`json`].
    pub fn json_by_serde(report: &Report) -> String {
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

    #[test]
    fn a_word_needs_escaping_when_one_of_its_bytes_does() {
        let bytes: Vec<u8> = (0..=255).collect();
        for &b in &bytes {
            for at in 0..8 {
                for fill in [b'a', 0xe2, b' ', 0x7f, 0xff, 0x21, 0x5d, 0x5b, 0x23] {
                    let mut word = [fill; 8];
                    word[at] = b;
                    let expected = word.iter().any(|&b| escape(b).is_some());
                    assert_eq!(needs_escape(u64::from_le_bytes(word)), expected, "{word:?}");
                }
            }
        }
    }

    #[test]
    fn json_is_what_serde_json_pretty_prints() {
        let d = draft("Kiev and Kyiv.\n“Hi” 🎉 Kiev\r\nThe end\t\u{1}.");
        let other = LoadedDraft {
            path: "dir/b \"quoted\" \\ back.md".into(),
            ..draft("Nothing here.")
        };
        let empty = LoadedDraft {
            path: "empty.txt".into(),
            ..draft("")
        };
        let finding = Finding::new(
            "name.inconsistent",
            Severity::Information,
            15..20,
            "“Kiev” \"x\" \\ \u{0}\u{8}\u{c}\n\r\t\u{1f}\u{7f}\u{2028}/é",
        )
        .with_related(Related {
            path: Some("dir/b.md".into()),
            range: 9..13,
            message: "spelled “Kyiv” here".into(),
        })
        .with_related(Related {
            path: None,
            range: 0..4,
            message: String::new(),
        })
        .with_fix(Fix::new(
            "Change to “Kyiv”",
            false,
            vec![
                Edit::here(0..4, "Kyiv"),
                Edit {
                    path: Some("other.md".into()),
                    range: 1_234_567..18_446_744,
                    replacement: "\u{1b}[0m".into(),
                },
            ],
        ))
        .with_fix(Fix::new("Nothing", true, Vec::new()));
        let bare = Finding::new("quote.unattributed", Severity::Error, 100..200, "");
        let report = Report::new(vec![
            FileReport::new(&d, vec![finding, bare]),
            FileReport::new(&other, Vec::new()),
            FileReport::new(&empty, Vec::new()),
        ]);
        assert_eq!(json(&report), json_by_serde(&report));
        assert_eq!(
            json(&Report::new(Vec::new())),
            json_by_serde(&Report::new(Vec::new()))
        );
    }

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
