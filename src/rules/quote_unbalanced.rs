//! `quote.unbalanced`: a quote mark that does not pair.

use crate::analysis::quotes::{closing_for, MarkProblem};
use crate::analysis::Analysis;
use crate::finding::{Edit, Finding, Fix, Severity, Span};
use crate::rules::{Context, Rule, RuleInfo};

pub static INFO: RuleInfo = RuleInfo {
    id: "quote.unbalanced",
    default_severity: Severity::Error,
    summary: "an opening quote mark never closed, or a closing mark with no opening",
    doc: "\
## What it does
Flags an opening quote mark (“ \" „ «) that is never closed, unless the next \
paragraph opens with a quote mark (the AP convention for a quote running over \
several paragraphs), a closing mark (” » \") that closes nothing, and a \
closing mark typed where a quote opens (”We stay,” she said). \
Apostrophes (Peskov’s, rock ’n’ roll, the ’90s), heights (6’2”) and the \
attribute values of markup tags pasted into plain text (<a href=\"…\">) are \
never quote marks, and marks inside code are ignored.

## Why
An unbalanced mark leaves the reader unsure where the speaker's words end and \
the reporter's begin: the quote may put words in someone's mouth.

## Example
```text
“We will not back down, Peskov said.
```
The fix inserts the closing mark where the quote most plausibly ends:
```text
“We will not back down,” Peskov said.
```
",
};

pub struct QuoteUnbalanced;

impl Rule for QuoteUnbalanced {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let a = cx.analysis;
        // Top-level quotes follow each other, so their ends rise: the
        // quote before a stray mark is found by a binary search.
        let ends_rise = a
            .quotes
            .quotes
            .windows(2)
            .all(|w| w[0].span.end <= w[1].span.end);
        for problem in &a.quotes.problems {
            match problem {
                MarkProblem::Unclosed { mark } => out.push(unclosed(a, mark)),
                MarkProblem::StrayClose { mark } => out.push(stray(a, mark, ends_rise)),
                MarkProblem::Reversed { mark } => out.push(reversed(mark)),
            }
        }
    }
}

fn unclosed(a: &Analysis, mark: &Span) -> Finding {
    let open = a.draft.slice(mark).chars().next().unwrap_or('"');
    let close = closing_for(open);
    let mut finding = Finding::new(
        INFO.id,
        INFO.default_severity,
        mark.clone(),
        "This quote is never closed",
    );
    if let Some(at) = plausible_end(a, mark.end) {
        finding = finding.with_fix(Fix::new(
            format!("Close the quote with {close}"),
            false,
            vec![Edit::here(at..at, close.to_string())],
        ));
    }
    finding
}

/// Where an unclosed quote most plausibly ends: before ", [speaker] said"
/// when the paragraph has it (closing mark after the comma), else at the end
/// of the paragraph (after its final punctuation, as newsrooms put it).
fn plausible_end(a: &Analysis, from: usize) -> Option<usize> {
    let draft = &a.draft;
    let para = draft.paragraphs.get(draft.paragraph_at(from)?)?;
    let rest = draft.prose.get(from..para.span.end)?;
    if let Some(comma) = crate::analysis::attribution::comma_before_cue(rest) {
        return Some(from + comma + 1);
    }
    Some(from + rest.trim_end().len())
}

/// A closing mark where the quote opens: one finding for the one slip (the
/// quote's real closing mark is fine), fixed by turning the mark round.
/// (Only ” is read as reversed, so the fix is always “.)
fn reversed(mark: &Span) -> Finding {
    Finding::new(
        INFO.id,
        INFO.default_severity,
        mark.clone(),
        "This quote opens with a closing mark",
    )
    .with_fix(Fix::new(
        "Open the quote with “",
        false,
        vec![Edit::here(mark.clone(), "“")],
    ))
}

fn stray(a: &Analysis, mark: &Span, ends_rise: bool) -> Finding {
    let close = a.draft.slice(mark).chars().next().unwrap_or('"');
    let open = match close {
        '»' => '«',
        '”' => '“',
        _ => '"',
    };
    let mut finding = Finding::new(
        INFO.id,
        INFO.default_severity,
        mark.clone(),
        "This closing quote mark has no opening mark",
    );
    if let Some(at) = plausible_start(a, mark.start, ends_rise) {
        finding = finding.with_fix(Fix::new(
            format!("Open the quote with {open}"),
            false,
            vec![Edit::here(at..at, open.to_string())],
        ));
    }
    finding.with_fix(Fix::new(
        "Remove the stray mark",
        false,
        vec![Edit::here(mark.clone(), "")],
    ))
}

/// Where the quote a stray closing mark ends most plausibly began: the
/// paragraph's start, or the first sentence after the paragraph's last
/// closed quote.
/// (`ends_rise`: the quotes' ends are in order, see `check`.)
fn plausible_start(a: &Analysis, before: usize, ends_rise: bool) -> Option<usize> {
    let draft = &a.draft;
    let pi = draft.paragraph_at(before)?;
    let para = &draft.paragraphs[pi];
    let quotes = &a.quotes.quotes;
    let last_quote_end = if ends_rise {
        let k = quotes.partition_point(|q| q.span.end <= before);
        k.checked_sub(1)
            .map(|k| &quotes[k])
            .filter(|q| q.paragraph == pi)
            .map(|q| q.span.end)
    } else {
        quotes
            .iter()
            .filter(|q| q.paragraph == pi && q.span.end <= before)
            .map(|q| q.span.end)
            .max()
    };
    let start = match last_quote_end {
        None => para.span.start,
        Some(end) => draft.sentences[para.sentences.clone()]
            .iter()
            .map(|s| s.span.start)
            .find(|&s| s >= end && s < before)?,
    };
    let text = draft.prose.get(start..before)?;
    Some(start + (text.len() - text.trim_start().len()))
}

#[cfg(test)]
mod tests {
    use crate::draft::DraftKind;
    use crate::rules::testing::{assert_clean, assert_fix, assert_flags, findings, findings_with};
    use crate::stylebook::Stylebook;

    const RULE: &str = "quote.unbalanced";

    #[test]
    fn balanced_quotes_are_clean() {
        assert_clean("“We will not back down,” Peskov said. “Never.”", RULE);
        assert_clean("\"We will not back down,\" Peskov said.", RULE);
    }

    #[test]
    fn nested_quotes_are_clean() {
        assert_clean("“She told me ‘we are done’ and hung up,” he said.", RULE);
    }

    #[test]
    fn apostrophes_are_clean() {
        assert_clean(
            "Peskov’s band played rock ’n’ roll in the ’90s and still loves ’em.",
            RULE,
        );
        assert_clean("The players’ union didn’t comment on the ‘90s rule.", RULE);
    }

    #[test]
    fn guillemets_and_german_marks_are_clean() {
        assert_clean(
            "«Nous restons», a dit le ministre. „Wir bleiben“, sagte er.",
            RULE,
        );
    }

    #[test]
    fn multi_paragraph_quote_is_clean() {
        assert_clean(
            "“The first phase is done,” the engineer said. “The second starts in May.\n\n“The third will need new money.”\n",
            RULE,
        );
    }

    #[test]
    fn quote_in_markdown_code_is_ignored() {
        let text = "The script:\n\n```\necho \"oops\n```\n\nand `say \"hi` inline.\n";
        let found = findings_with(text, DraftKind::Markdown, RULE, &Stylebook::default());
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn inches_are_clean() {
        assert_clean("The storm left 14\" of snow in the valley.", RULE);
    }

    #[test]
    fn attribute_values_of_pasted_tags_are_not_quotes() {
        for text in [
            "The mayor wrote:\n\n<tweet pic=\"\" author=\"cityhall\" stamp=\"1700000000\">We open at nine.</tweet>.\n",
            "Watch it at <a href=\"http://example.org/v\">example.org</a>.\n",
            "[<a href=”https://example.org/r” target=”_blank”>The “full” report</a>.]\n",
            "<post by=\"@mayor\" date=\"May 2, 2024\n\">We open at nine.<post/>.\n",
        ] {
            assert_clean(text, RULE);
            let md = findings_with(text, DraftKind::Markdown, RULE, &Stylebook::default());
            assert!(md.is_empty(), "{text}: {md:#?}");
        }
    }

    #[test]
    fn quotes_between_pasted_tags_are_still_checked() {
        assert_flags(
            "<tweet author=\"cityhall\">“We open at nine.</tweet>.\n\nThe doors stayed shut.\n",
            RULE,
            1,
        );
        // A "<" that starts no tag leaves the marks alone.
        assert_flags("Turnout was <5 \"percent in the east.\n", RULE, 1);
    }

    #[test]
    fn heights_are_clean() {
        assert_clean("“He is 6’2”, taller than me,” she said.", RULE);
        assert_clean("“She is 5'11\" and fast,” he said.", RULE);
        assert_clean("The center, 7’1”, blocked the shot.", RULE);
    }

    #[test]
    fn a_closing_mark_after_a_number_still_closes() {
        assert_flags("The vote was 52-48” in the end.", RULE, 1);
        assert_clean("She called it “Plan 9” on Monday.", RULE);
    }

    #[test]
    fn a_quote_opened_with_a_closing_mark_is_one_finding() {
        for text in [
            "”We will not back down,” Peskov said.",
            "Peskov added ”we will not back down” on Monday.",
            "” … we will not back down,” Peskov said.",
            "\u{202A}”We will not back down,” Peskov said.",
        ] {
            let found = findings(text, RULE);
            assert_eq!(found.len(), 1, "{text}: {found:#?}");
            assert_eq!(found[0].range.start, text.find('”').unwrap_or(usize::MAX));
        }
    }

    #[test]
    fn a_lone_wrong_way_mark_is_still_a_stray() {
        // Nothing closes it: a stray closing mark, as before.
        assert_flags("Peskov added ”we will not back down on Monday.", RULE, 1);
        // After a word it is an ordinary stray closing mark.
        assert_flags("We will not back down,” Peskov said.", RULE, 1);
    }

    #[test]
    fn a_wrong_way_mark_and_a_quote_left_open_after_it_are_two_findings() {
        assert_flags(
            "The sign at the door read ”closed until further notice, “we apologize.\n",
            RULE,
            2,
        );
        assert_flags(
            "The sign on the door said ”closed. Later a note appeared: “We will never open this shop again.”\n",
            RULE,
            1,
        );
    }

    #[test]
    fn fix_turns_a_wrong_way_mark_round() {
        assert_fix(
            "”We will not back down,” Peskov said.",
            RULE,
            "“We will not back down,” Peskov said.",
        );
    }

    #[test]
    fn a_pull_quote_over_two_lines_is_clean() {
        assert_clean(
            "The mayor spoke.\n\n\"We will rebuild the bridge.\nMayor Ann Ray.\"\n\nThe council agreed.\n",
            RULE,
        );
    }

    #[test]
    fn a_quote_broken_mid_sentence_over_two_lines_is_clean() {
        assert_clean(
            "Bridge plan\n\n“We will rebuild the bridge over the river\nby May,” the mayor said.\n\nThe council meets on Monday.\n",
            RULE,
        );
    }

    #[test]
    fn a_quote_of_two_full_lines_between_blank_lines_is_flagged() {
        // The first line ends a sentence and the second is no signature:
        // two paragraphs of a quote that the second does not reopen.
        for text in [
            "Bridge plan\n\n“We will rebuild the bridge over the river by May.\nThe work will cost four million dollars, whatever happens.”\n\nThe council meets on Monday.\n",
            "Bridge plan\n\n“We will rebuild the bridge over the river by May.\nThe work will cost four million dollars, whatever happens,” the mayor said.\n\nThe council meets on Monday.\n",
        ] {
            assert_flags(text, RULE, 2);
        }
    }

    #[test]
    fn a_quote_run_over_paragraphs_without_reopening_is_flagged() {
        // One paragraph a line and no blank lines: the second paragraph
        // does not reopen the quote.
        assert_flags(
            "The mayor spoke.\n“We will rebuild the bridge.\nMayor Ann Ray said so.”\n",
            RULE,
            2,
        );
    }

    #[test]
    fn unclosed_quote_is_flagged() {
        assert_flags("“We will not back down.\n\nThe talks ended.\n", RULE, 1);
    }

    #[test]
    fn stray_closing_mark_is_flagged() {
        assert_flags("We will not back down,” Peskov said.", RULE, 1);
    }

    #[test]
    fn fix_closes_before_the_attribution() {
        assert_fix(
            "“We will not back down, Peskov said.",
            RULE,
            "“We will not back down,” Peskov said.",
        );
    }

    #[test]
    fn fix_closes_at_the_end_of_the_paragraph() {
        assert_fix(
            "Peskov said: “We will not back down.\n\nThe talks ended.\n",
            RULE,
            "Peskov said: “We will not back down.”\n\nThe talks ended.\n",
        );
    }

    #[test]
    fn fix_opens_a_stray_quote_at_the_paragraph_start() {
        assert_fix(
            "We will not back down,” Peskov said.",
            RULE,
            "“We will not back down,” Peskov said.",
        );
    }

    #[test]
    fn fix_opens_a_stray_quote_after_the_last_quote() {
        assert_fix(
            "“We go,” Peskov said. We will not back down.”",
            RULE,
            "“We go,” Peskov said. “We will not back down.”",
        );
    }

    #[test]
    fn fix_opens_a_stray_quote_after_the_last_quote_of_its_own_paragraph() {
        // The quote before the stray mark is in the previous paragraph:
        // the quote opens at the paragraph's start.
        assert_fix(
            "“We go,” Peskov said.\n\nWe will not back down.”\n",
            RULE,
            "“We go,” Peskov said.\n\n“We will not back down.”\n",
        );
        // Two quotes before it in its paragraph: the first sentence after
        // the later one.
        assert_fix(
            "“We go,” Peskov said. “Now.” He left. We stay.”\n\n“Fine,” she said.\n",
            RULE,
            "“We go,” Peskov said. “Now.” “He left. We stay.”\n\n“Fine,” she said.\n",
        );
    }

    #[test]
    fn many_stray_marks_each_get_their_own_fix() {
        let text = "“A” b\"\n".repeat(3);
        let found = findings(&text, RULE);
        assert_eq!(found.len(), 3, "{found:#?}");
    }
}
