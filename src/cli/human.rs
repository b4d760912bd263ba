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
            render_finding(&mut out, file, finding, &paint);
        }
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn render_finding(out: &mut String, file: &FileReport, f: &Finding, paint: &Paint) {
    let start = file.position(f.range.start);
    let end = file.position(f.range.end);
    let location = format!("{}:{}:{}:", file.path(), start.line, start.column);
    let severity = paint.paint(Paint::severity_code(f.severity), f.severity.as_str());
    let _ = writeln!(
        out,
        "{} {severity}[{}] {}",
        paint.paint("1", &location),
        f.rule,
        f.message
    );
    let Some(line) = source_line(file.text(), f.range.start) else {
        return;
    };
    let gutter = start.line.to_string();
    let pad = " ".repeat(gutter.len());
    let shown: String = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let width = shown.chars().count();
    let first = start.column - 1;
    // A finding running past its line is underlined to the line's end.
    let last = if end.line == start.line {
        end.column - 1
    } else {
        width
    };
    let marks = "^".repeat(last.saturating_sub(first).max(1));
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{gutter} | {shown}");
    let _ = writeln!(
        out,
        "{pad} | {}{}",
        " ".repeat(first),
        paint.paint(Paint::severity_code(f.severity), &marks)
    );
    for r in &f.related {
        let place = match &r.path {
            None => {
                let p = file.position(r.range.start);
                format!("{}:{}", p.line, p.column)
            }
            Some(path) => path.clone(),
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

/// The line holding `offset`, without its line break.
fn source_line(text: &str, offset: usize) -> Option<&str> {
    let offset = crate::draft::position::floor_char_boundary(text, offset);
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    text.get(start..end)
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
    fn clean_summary() {
        let report = Report::new(Vec::new());
        assert_eq!(summary(&report), "No findings in 0 files.");
    }
}
