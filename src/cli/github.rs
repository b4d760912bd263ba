//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request's diff.

use super::report::Report;
use crate::finding::Severity;

/// One `::warning file=…::message` line per finding.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        for f in &file.findings {
            let range = file.range(&f.range);
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Information | Severity::Hint => "notice",
            };
            out.push_str(&format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                escape_property(file.path()),
                range.start.line,
                range.start.column,
                range.end.line,
                range.end.column,
                escape_property(f.rule),
                escape_data(&f.message),
            ));
        }
    }
    out
}

/// Escape a command's message, as the Actions toolkit does.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a command property's value: also `:` and `,`, which end it.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("100% sure\r\nnext"), "100%25 sure%0D%0Anext");
        assert_eq!(escape_property("a,b:c%d\n"), "a%2Cb%3Ac%25d%0A");
        // Colons and commas are left alone in the message.
        assert_eq!(escape_data("a, b: c"), "a, b: c");
    }
}
