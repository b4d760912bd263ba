//! The human report: `path:line:col: severity[rule] message`, the line
//! with the finding underlined, and a summary.

use super::report::{FileReport, Report};
use crate::finding::{Finding, Severity};
use std::fmt::Write;

/// Whether to colour the output: only on a terminal, and never when
/// `NO_COLOR` is set (https://no-color.org).
pub fn use_colour() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

struct Paint {
    on: bool,
}

impl Paint {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity_code(severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Information => "1;34",
            Severity::Hint => "1;36",
        }
    }
}

/// The whole report as text.
pub fn render(report: &Report, colour: bool) -> String {
    let paint = Paint { on: colour };
    let mut out = String::new();
    for file in &report.files {
        for finding in &file.findings {
            render_finding(&mut out, report, file, finding, &paint);
        }
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn render_finding(
    out: &mut String,
    report: &Report,
    file: &FileReport,
    f: &Finding,
    paint: &Paint,
) {
    let start = file.position(f.range.start);
    let location = format!("{}:{}:{}:", file.path(), start.line, start.column);
    let severity = paint.paint(Paint::severity_code(f.severity), f.severity.as_str());
    let _ = writeln!(
        out,
        "{} {severity}[{}] {}",
        paint.paint("1", &location),
        f.rule,
        f.message
    );
    let Some((line, line_start)) = file.line_of(f.range.start) else {
        return;
    };
    let gutter = start.line.to_string();
    let pad = " ".repeat(gutter.len());
    let snippet = Snippet::around(
        line,
        f.range.start - line_start,
        f.range.end.saturating_sub(line_start),
    );
    let marks = "^".repeat(snippet.mark_cols.max(1));
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{gutter} | {}", snippet.shown);
    let _ = writeln!(
        out,
        "{pad} | {}{}",
        " ".repeat(snippet.pad_cols),
        paint.paint(Paint::severity_code(f.severity), &marks)
    );
    for r in &f.related {
        let place = match r.path.as_deref() {
            None => {
                let p = file.position(r.range.start);
                format!("{}:{}", p.line, p.column)
            }
            // Another checked draft: its line and column too.
            Some(path) => match report.file(path) {
                Some(other) => {
                    let p = other.position(r.range.start);
                    format!("{path}:{}:{}", p.line, p.column)
                }
                None => path.to_string(),
            },
        };
        let _ = writeln!(out, "{pad} = note ({place}): {}", r.message);
    }
    if let Some(fix) = f.fixes.first() {
        let safe = if fix.safe {
            " (safe: --fix applies it)"
        } else {
            ""
        };
        let _ = writeln!(out, "{pad} = fix: {}{safe}", fix.title);
    }
    out.push('\n');
}

/// How many terminal columns a character takes: 2 for East Asian wide
/// characters and most emoji, 0 for combining marks, else 1. (An
/// approximation of Unicode's East Asian Width, enough to place a caret.)
fn width(c: char) -> usize {
    match c as u32 {
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// Bytes of context shown on each side of a finding, and the most of the
/// finding itself underlined: a Markdown paragraph is one line, and a
/// report must not print it whole for every finding in it.
const CONTEXT: usize = 120;
const LONGEST_MARK: usize = 400;

/// The part of a line shown under a finding's header, and where its marks
/// go (in terminal columns).
struct Snippet {
    shown: String,
    pad_cols: usize,
    mark_cols: usize,
}

impl Snippet {
    /// The window of `line` around the finding at bytes `start..end` of it
    /// (`end` may run past the line: it is underlined to the line's end).
    fn around(line: &str, start: usize, end: usize) -> Snippet {
        use crate::draft::position::{ceil_char_boundary, floor_char_boundary};
        let start = floor_char_boundary(line, start.min(line.len()));
        let end = end.clamp(start, line.len()).min(start + LONGEST_MARK);
        let end = ceil_char_boundary(line, end);
        let from = floor_char_boundary(line, start.saturating_sub(CONTEXT));
        let to = ceil_char_boundary(line, (end + CONTEXT).min(line.len()));
        let cut_before = if from > 0 { "…" } else { "" };
        let cut_after = if to < line.len() { "…" } else { "" };
        let shown = format!("{cut_before}{}{cut_after}", &line[from..to]).replace('\t', " ");
        Snippet {
            shown,
            pad_cols: columns(cut_before) + columns(&line[from..start]),
            mark_cols: columns(&line[start..end]),
        }
    }
}

/// Terminal columns of `text` (a tab shows as one space).
fn columns(text: &str) -> usize {
    text.chars().map(width).sum()
}

/// "3 findings (1 error, 2 warnings) in 4 files." or "No findings in 4 files."
pub fn summary(report: &Report) -> String {
    let c = report.counts();
    let files = plural(c.files, "file", "files");
    if c.findings() == 0 {
        return format!("No findings in {files}.");
    }
    let parts: Vec<String> = [
        (c.error, "error", "errors"),
        (c.warning, "warning", "warnings"),
        (c.information, "information", "information"),
        (c.hint, "hint", "hints"),
    ]
    .iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|&(n, one, many)| plural(n, one, many))
    .collect();
    format!(
        "{} ({}) in {files}.",
        plural(c.findings(), "finding", "findings"),
        parts.join(", ")
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::input::LoadedDraft;
    use crate::draft::DraftKind;
    use std::sync::Arc;

    #[test]
    fn underlines_the_finding_under_its_line() {
        let d = LoadedDraft {
            path: "a.txt".into(),
            text: "First line.\n“Hi,” Kiev said.\n".into(),
            kind: DraftKind::Plain,
            stylebook: Arc::default(),
        };
        let at = d.text.find("Kiev").unwrap();
        let f = Finding::new(
            "name.stylebook",
            Severity::Warning,
            at..at + 4,
            "Kiev → Kyiv",
        );
        let report = Report::new(vec![FileReport::new(&d, vec![f])]);
        let text = render(&report, false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "a.txt:2:7: warning[name.stylebook] Kiev → Kyiv");
        assert_eq!(lines[2], "2 | “Hi,” Kiev said.");
        assert_eq!(lines[3], "  |       ^^^^");
        assert_eq!(lines.last().unwrap(), &"1 finding (1 warning) in 1 file.");
        assert!(!text.contains('\x1b'));
        assert!(render(&report, true).contains("\x1b[1;33m"));
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_finding() {
        let text = format!("{}Kiev{}\n", "word ".repeat(2_000), " more".repeat(2_000));
        let d = LoadedDraft {
            path: "a.txt".into(),
            text,
            kind: DraftKind::Plain,
            stylebook: Arc::default(),
        };
        let at = d.text.find("Kiev").unwrap();
        let f = Finding::new("name.stylebook", Severity::Warning, at..at + 4, "m");
        let report = Report::new(vec![FileReport::new(&d, vec![f])]);
        let text = render(&report, false);
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines[2].strip_prefix("1 | ").unwrap();
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(
            shown.chars().count() <= 2 * super::CONTEXT + 6,
            "{}",
            shown.len()
        );
        // The marks still sit under "Kiev".
        let marks = lines[3].strip_prefix("  | ").unwrap();
        let column = marks.find('^').unwrap();
        assert_eq!(marks.trim(), "^^^^");
        assert_eq!(
            shown.chars().skip(column).take(4).collect::<String>(),
            "Kiev"
        );
    }

    #[test]
    fn marks_sit_under_wide_characters() {
        let d = LoadedDraft {
            path: "a.txt".into(),
            text: "🎉 東京 Kiev.".into(),
            kind: DraftKind::Plain,
            stylebook: Arc::default(),
        };
        let at = d.text.find("東京").unwrap();
        let f = Finding::new("name.stylebook", Severity::Warning, at..at + 6, "m");
        let report = Report::new(vec![FileReport::new(&d, vec![f])]);
        let text = render(&report, false);
        // 🎉 and a space take 3 columns; 東京 takes 4.
        assert_eq!(text.lines().nth(3), Some("  |    ^^^^"));
    }

    #[test]
    fn related_places_in_other_drafts_have_their_line_and_column() {
        let draft = |path: &str, text: &str| LoadedDraft {
            path: path.into(),
            text: text.into(),
            kind: DraftKind::Plain,
            stylebook: Arc::default(),
        };
        let a = draft("a.txt", "Zelenskyy spoke.");
        let b = draft("b.txt", "Then\nZelenskiy left.");
        let f = Finding::new("name.inconsistent", Severity::Warning, 0..9, "m").with_related(
            crate::finding::Related {
                path: Some("b.txt".into()),
                range: 5..14,
                message: "spelled here".into(),
            },
        );
        let report = Report::new(vec![
            FileReport::new(&a, vec![f]),
            FileReport::new(&b, vec![]),
        ]);
        assert!(render(&report, false).contains("= note (b.txt:2:1): spelled here"));
    }

    #[test]
    fn clean_summary() {
        let report = Report::new(Vec::new());
        assert_eq!(summary(&report), "No findings in 0 files.");
    }
}
