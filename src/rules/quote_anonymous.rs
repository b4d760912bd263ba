//! `quote.anonymous`: a quote attributed to an unnamed source.

use crate::analysis::attribution::is_speech_cue;
use crate::analysis::quotes::QuoteKind;
use crate::finding::{Finding, Related, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static INFO: RuleInfo = RuleInfo {
    id: "quote.anonymous",
    default_severity: Severity::Information,
    summary: "a quote attributed to an unnamed source (\"a source said\", \"officials said\")",
    doc: "\
## What it does
Marks a quote whose speaker names nobody: \"a source familiar with the call\", \
\"officials said\", \"people briefed on the talks\", \"a senior official\", \
anyone \"speaking on condition of anonymity\". The quote counts as attributed \
(`quote.unattributed` stays quiet); this rule only makes it visible. \
A quote of three words or fewer counts only when a speech verb gives it to the \
source (\"became “agitated,” a source said\"), not after \"people hailed \
the “Arab Spring”\".

## Why
Most newsrooms allow anonymous sources only with an editor's approval and an \
explanation of why the source could not be named. A desk wants to see every one.

## Example
```text
The talks were “a disaster,” a source familiar with the call said.
```
No fix: name the source, or explain in the copy why they cannot be named.
",
};

pub struct QuoteAnonymous;

impl Rule for QuoteAnonymous {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let a = cx.analysis;
        for (q, attr) in a.quotes.quotes.iter().zip(&a.attributions) {
            let Some(attr) = attr else { continue };
            if !attr.anonymous || q.continues.is_some() {
                continue;
            }
            // Three words or fewer in quotes are a source's only when a speech verb
            // gives it to them ("became “agitated,” a source said"); after
            // "people hailed the “Arab Spring”" it is a term.
            if q.kind == QuoteKind::Scare
                && !attr
                    .cue
                    .as_ref()
                    .is_some_and(|c| is_speech_cue(a.draft.slice(c)))
            {
                continue;
            }
            let Some(speaker) = &attr.speaker else {
                continue;
            };
            let who = a.draft.slice(speaker);
            let finding = Finding::new(
                INFO.id,
                INFO.default_severity,
                q.span.clone(),
                format!("This quote is attributed to an unnamed source (“{who}”)"),
            )
            .with_related(Related {
                path: None,
                range: speaker.clone(),
                message: "the unnamed source".to_string(),
            });
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_clean, assert_flags};

    const RULE: &str = "quote.anonymous";

    #[test]
    fn source_familiar_with_is_anonymous() {
        assert_flags(
            "A source familiar with the talks between the two leaders said the mood was “grim and tense all evening.”",
            RULE,
            1,
        );
    }

    #[test]
    fn the_words_after_a_coordinated_cue_are_not_a_source() {
        assert_clean(
            "Lin claimed a cure was near and said people are “learning to live” with it.",
            RULE,
        );
    }

    #[test]
    fn a_named_speaker_with_an_apposition_is_not_anonymous() {
        assert_clean(
            "“We will not back down,” Ana Lopez, deputy security adviser, said.",
            RULE,
        );
        assert_flags(
            "“We will not back down,” a deputy security adviser said.",
            RULE,
            1,
        );
        // A place before a number of people names none of them.
        assert_flags(
            "Moscow, two senior officials, said the talks were “going nowhere fast at this point.”",
            RULE,
            1,
        );
    }

    #[test]
    fn a_term_in_quotes_is_no_source_s_words_without_a_speech_verb() {
        assert_clean(
            "Even though people hailed the “Arab Spring” as bold, it failed.",
            RULE,
        );
        assert_clean(
            "Aides have suggested his “Medicare for all” plan will return.",
            RULE,
        );
        // A speech verb gives even one word to the unnamed source.
        assert_flags("The family became “agitated,” a source said.", RULE, 1);
        assert_flags(
            "The family became “agitated,” according to a source.",
            RULE,
            1,
        );
        assert_flags(
            "A source close to the talks mentioned that some were “shocked” by it.",
            RULE,
            1,
        );
    }

    #[test]
    fn officials_said_is_anonymous() {
        assert_flags("“We are not there yet,” officials said.", RULE, 1);
        assert_flags("“We are not there yet,” a senior official said.", RULE, 1);
    }

    #[test]
    fn condition_of_anonymity_is_anonymous() {
        assert_flags(
            "“It was chaos,” said one diplomat, speaking on condition of anonymity.",
            RULE,
            1,
        );
    }

    #[test]
    fn named_people_are_not_anonymous() {
        assert_clean("“We are not there yet,” Peskov said.", RULE);
        assert_clean(
            "“We are not there yet,” Kremlin adviser Yuri Ushakov said.",
            RULE,
        );
        assert_clean("“We are not there yet,” the official said.", RULE);
    }

    #[test]
    fn unattributed_quotes_are_left_to_the_other_rule() {
        assert_clean("“We are not there yet.”", RULE);
    }
}
