//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other
//! static-analysis dashboards.

use super::report::{FileReport, Report};
use crate::finding::{Finding, Severity, Span};
use serde_json::{json, Value};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF's level for a severity (SARIF has no "hint": it becomes a note).
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// The SARIF log, pretty-printed.
pub fn render(report: &Report) -> String {
    let rules: Vec<Value> = crate::rules::RULES
        .iter()
        .map(|r| {
            let info = r.info();
            json!({
                "id": info.id,
                "shortDescription": {"text": info.summary},
                "fullDescription": {"text": info.summary},
                "help": {"text": info.doc, "markdown": info.doc},
                "defaultConfiguration": {"level": level(info.default_severity)},
            })
        })
        .collect();
    let mut artifacts: Vec<Value> = Vec::new();
    let mut results = Vec::new();
    for (index, file) in report.files.iter().enumerate() {
        artifacts.push(json!({"location": {"uri": uri(file.path()), "index": index}}));
        for f in &file.findings {
            results.push(result(report, file, f));
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "artifacts": artifacts,
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut log = log;
    // Cargo.toml's `repository`, when the package has one.
    let home = env!("CARGO_PKG_REPOSITORY");
    if !home.is_empty() {
        log["runs"][0]["tool"]["driver"]["informationUri"] = json!(home);
    }
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

fn result(report: &Report, file: &FileReport, f: &Finding) -> Value {
    let mut result = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [location(report, file, None, &f.range, None)],
    });
    if let Some(index) = crate::rules::RULES
        .iter()
        .position(|r| r.info().id == f.rule)
    {
        result["ruleIndex"] = json!(index);
    }
    if !f.related.is_empty() {
        result["relatedLocations"] = f
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                location(
                    report,
                    file,
                    r.path.as_deref(),
                    &r.range,
                    Some((i, &r.message)),
                )
            })
            .collect();
    }
    if !f.fixes.is_empty() {
        result["fixes"] = f
            .fixes
            .iter()
            .map(|fix| {
                // One artifactChange per file the fix edits, in first-seen order.
                let mut changes: Vec<(String, Vec<Value>)> = Vec::new();
                for e in &fix.edits {
                    let path = e.path.as_deref().unwrap_or(file.path());
                    let replacement = json!({
                        "deletedRegion": region(report, file, Some(path), &e.range),
                        "insertedContent": {"text": e.replacement},
                    });
                    match changes.iter_mut().find(|(p, _)| p == path) {
                        Some((_, list)) => list.push(replacement),
                        None => changes.push((path.to_string(), vec![replacement])),
                    }
                }
                json!({
                    "description": {"text": fix.title},
                    "artifactChanges": changes.into_iter().map(|(path, replacements)| json!({
                        "artifactLocation": {"uri": uri(&path)},
                        "replacements": replacements,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
    }
    result
}

/// A location in `path` (None: this file); `related` adds an id and message.
fn location(
    report: &Report,
    file: &FileReport,
    path: Option<&str>,
    span: &Span,
    related: Option<(usize, &str)>,
) -> Value {
    let path = path.unwrap_or(file.path());
    let mut loc = json!({"physicalLocation": {
        "artifactLocation": {"uri": uri(path)},
        "region": region(report, file, Some(path), span),
    }});
    if let Some((id, message)) = related {
        loc["id"] = json!(id);
        loc["message"] = json!({"text": message});
    }
    loc
}

/// A region with lines and columns when the file was checked (so its text
/// is known), and always the byte offsets.
fn region(report: &Report, file: &FileReport, path: Option<&str>, span: &Span) -> Value {
    let path = path.unwrap_or(file.path());
    let mut region = json!({
        "byteOffset": span.start,
        "byteLength": span.end.saturating_sub(span.start),
    });
    if let Some(other) = report.file(path) {
        let r = other.range(span);
        region["startLine"] = json!(r.start.line);
        region["startColumn"] = json!(r.start.column);
        region["endLine"] = json!(r.end.line);
        region["endColumn"] = json!(r.end.column);
    }
    region
}

/// A relative URI reference for a path: `/`-separated, with the characters
/// a URI may not hold percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("drafts/a b/ü.md"), "drafts/a%20b/%C3%BC.md");
        assert_eq!(uri("a:b#c?.md"), "a%3Ab%23c%3F.md");
        assert_eq!(uri("/tmp/a.md"), "file:///tmp/a.md");
    }

    #[test]
    fn hints_and_information_are_notes() {
        assert_eq!(level(Severity::Hint), "note");
        assert_eq!(level(Severity::Information), "note");
        assert_eq!(level(Severity::Error), "error");
    }
}
