//! Suppression comments in Markdown drafts:
//! `<!-- copydesk-disable-next-line RULE -->`,
//! `<!-- copydesk-disable RULE -->` … `<!-- copydesk-enable RULE -->`.
//! With no rule named, every rule is meant.

use crate::draft::Draft;
use crate::finding::{Finding, Span};

#[derive(Debug, Default)]
pub struct Suppressions {
    /// (rules, or empty for all; the byte range they cover), by the
    /// range's start.
    regions: Vec<(Vec<String>, Span)>,
    /// For each region, the furthest end (as [`Suppressions::suppresses`]
    /// reads ends) of it and the regions before it: a finding is held
    /// against the few regions that may cover it, not against all (a long
    /// draft has hundreds of regions and thousands of findings).
    reach: Vec<usize>,
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
        Suppressions::of(regions)
    }

    /// The suppressions of `regions`, indexed.
    fn of(mut regions: Vec<(Vec<String>, Span)>) -> Suppressions {
        regions.sort_by_key(|(_, range)| range.start);
        let mut furthest = 0;
        let reach = regions
            .iter()
            .map(|(_, range)| {
                furthest = furthest.max(end_of(range));
                furthest
            })
            .collect();
        Suppressions { regions, reach }
    }

    pub fn suppresses(&self, finding: &Finding) -> bool {
        let at = finding.range.start;
        // The regions that start at or before the finding, latest first,
        // until none before reaches it.
        let starts = self.regions.partition_point(|(_, r)| r.start <= at);
        (0..starts)
            .rev()
            .take_while(|&k| self.reach[k] > at)
            .any(|k| {
                let (rules, range) = &self.regions[k];
                at < end_of(range) && (rules.is_empty() || rules.iter().any(|r| r == finding.rule))
            })
    }
}

/// Where a region stops covering: an empty one (a disabled last line
/// that is empty) still covers its start.
fn end_of(range: &Span) -> usize {
    range.end.max(range.start + 1)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;
    use crate::finding::Severity;

    /// Which of the findings at each occurrence of `word` survive.
    fn kept(text: &str, word: &str, rule: &'static str) -> Vec<bool> {
        let draft = Draft::parse(text, DraftKind::Markdown);
        let s = Suppressions::new(&draft);
        text.match_indices(word)
            .map(|(at, w)| {
                !s.suppresses(&Finding::new(
                    rule,
                    Severity::Warning,
                    at..at + w.len(),
                    "m",
                ))
            })
            .collect()
    }

    #[test]
    fn disable_next_line_covers_only_the_next_line_and_rule() {
        let text = "Kiev one.\n\n<!-- copydesk-disable-next-line name.stylebook -->\nKiev two.\nKiev three.\n";
        assert_eq!(kept(text, "Kiev", "name.stylebook"), [true, false, true]);
        assert_eq!(kept(text, "Kiev", "quote.unattributed"), [true, true, true]);
    }

    #[test]
    fn disable_enable_covers_the_region_between() {
        let text = "Kiev a.\n\n<!-- copydesk-disable name.stylebook -->\n\nKiev b.\n\nKiev c.\n\n<!-- copydesk-enable name.stylebook -->\n\nKiev d.\n";
        assert_eq!(
            kept(text, "Kiev", "name.stylebook"),
            [true, false, false, true]
        );
    }

    #[test]
    fn an_unclosed_disable_runs_to_the_end_and_no_rule_means_all() {
        let text = "Kiev a.\n\n<!-- copydesk-disable -->\n\nKiev b.\n";
        assert_eq!(kept(text, "Kiev", "name.stylebook"), [true, false]);
        assert_eq!(kept(text, "Kiev", "title.case"), [true, false]);
    }

    #[test]
    fn several_rules_in_one_comment() {
        let text = "<!-- copydesk-disable-next-line name.stylebook title.case -->\nKiev.\n";
        assert_eq!(kept(text, "Kiev", "title.case"), [false]);
        assert_eq!(kept(text, "Kiev", "quote.anonymous"), [true]);
    }

    /// What `suppresses` answered before regions were indexed: every
    /// region asked.
    fn suppresses_linear(regions: &[(Vec<String>, Span)], finding: &Finding) -> bool {
        regions.iter().any(|(rules, range)| {
            (rules.is_empty() || rules.iter().any(|r| r == finding.rule))
                && finding.range.start >= range.start
                && finding.range.start < range.end.max(range.start + 1)
        })
    }

    const RULES: [&str; 3] = ["name.stylebook", "title.case", "quote.anonymous"];

    proptest::proptest! {
        /// The index finds what asking every region finds, with regions
        /// overlapping, nested, empty and in any order.
        #[test]
        fn indexed_regions_suppress_what_every_region_suppresses(
            regions in proptest::collection::vec((0usize..60, 0usize..30, 0usize..8), 0..12),
            findings in proptest::collection::vec((0usize..100, 0usize..3), 1..40),
        ) {
            let regions: Vec<(Vec<String>, Span)> = regions
                .into_iter()
                .map(|(start, len, mask)| {
                    let rules = (0..3)
                        .filter(|k| mask & (1 << k) != 0)
                        .map(|k| RULES[k].to_string())
                        .collect();
                    (rules, start..start + len)
                })
                .collect();
            let s = Suppressions::of(regions.clone());
            for (at, rule) in findings {
                let f = Finding::new(RULES[rule], Severity::Warning, at..at + 1, "m");
                proptest::prop_assert_eq!(s.suppresses(&f), suppresses_linear(&regions, &f));
            }
        }
    }

    #[test]
    fn ordinary_comments_and_plain_text_suppress_nothing() {
        let text = "<!-- a note for the desk -->\nKiev.\n";
        assert_eq!(kept(text, "Kiev", "name.stylebook"), [true]);
        let draft = Draft::parse("<!-- copydesk-disable -->\nKiev.\n", DraftKind::Plain);
        let s = Suppressions::new(&draft);
        assert!(!s.suppresses(&Finding::new(
            "name.stylebook",
            Severity::Warning,
            27..31,
            "m"
        )));
    }
}
