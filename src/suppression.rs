//! Suppression comments in Markdown drafts:
//! `<!-- copydesk-disable-next-line RULE -->`,
//! `<!-- copydesk-disable RULE -->` … `<!-- copydesk-enable RULE -->`.
//! With no rule named, every rule is meant.

use crate::draft::Draft;
use crate::finding::{Finding, Span};

#[derive(Debug, Default)]
pub struct Suppressions {
    /// (rules, or empty for all; the byte range they cover).
    regions: Vec<(Vec<String>, Span)>,
}

impl Suppressions {
    pub fn new(draft: &Draft) -> Suppressions {
        let mut regions = Vec::new();
        let mut open: Vec<(Vec<String>, usize)> = Vec::new();
        for c in &draft.comments {
            let mut words = c.body.split_whitespace();
            let Some(directive) = words.next() else {
                continue;
            };
            let rules: Vec<String> = words.map(str::to_string).collect();
            match directive {
                "copydesk-disable-next-line" => {
                    let range = next_line(draft.text, c.span.end);
                    regions.push((rules, range));
                }
                "copydesk-disable" => open.push((rules, c.span.end)),
                "copydesk-enable" => {
                    // Close the matching region (same rules), else the last.
                    let at = open
                        .iter()
                        .rposition(|(r, _)| *r == rules)
                        .or(open.len().checked_sub(1));
                    if let Some(i) = at {
                        let (r, start) = open.remove(i);
                        regions.push((r, start..c.span.start));
                    }
                }
                _ => {}
            }
        }
        for (rules, start) in open {
            regions.push((rules, start..draft.text.len()));
        }
        Suppressions { regions }
    }

    pub fn suppresses(&self, finding: &Finding) -> bool {
        self.regions.iter().any(|(rules, range)| {
            (rules.is_empty() || rules.iter().any(|r| r == finding.rule))
                && finding.range.start >= range.start
                && finding.range.start < range.end.max(range.start + 1)
        })
    }
}

/// The line after the one containing `offset`.
fn next_line(text: &str, offset: usize) -> Span {
    let rest = text.get(offset..).unwrap_or("");
    let Some(nl) = rest.find('\n') else {
        return text.len()..text.len();
    };
    let start = offset + nl + 1;
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    start..end
}
