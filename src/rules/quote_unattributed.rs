//! `quote.unattributed`: a quote nobody is named as saying.

use crate::analysis::attribution::named_part;
use crate::analysis::quotes::{Quote, QuoteKind};
use crate::analysis::Analysis;
use crate::draft::{BlockKind, Draft, DraftKind};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static INFO: RuleInfo = RuleInfo {
    id: "quote.unattributed",
    default_severity: Severity::Warning,
    summary: "a full or partial quote with no speaker and no \"said\"",
    doc: "\
## What it does
Flags a direct quote (a full sentence, or a fragment of more than three words \
inside the reporter's sentence) with no speaker and cue: not in its sentence \
(“…,” Peskov said / Peskov said: “…” / according to Peskov), not elsewhere in \
its paragraph (\"he said\" in the next sentence), not in a lead-in paragraph \
ending in \":\", not carried over from the paragraph where a multi-paragraph \
quote began, and not from the previous paragraph's quote when this one floats \
right after it. A Markdown block quote needs a lead-in ending in \":\" or a \
\"— Name\" line. Scare quotes (three words or fewer), titles of works, \
nicknames and \"so-called\" phrases need no attribution, nor do quotes in \
headlines (a heading, or a short line in title case: \"Carson: Rival ‘Not Fit \
To Serve’\"); quotes in code are not quotes.

## Why
A direct quote nobody said is the first thing a desk editor catches: readers \
must know whose words they are reading.

## Example
```text
“We will not back down.”
```
The fix attributes it in newsroom form, offering the draft's last named \
speaker first:
```text
“We will not back down,” [speaker] said.
```
In Markdown, \"Ignore this quote\" inserts \
`<!-- copydesk-disable-next-line quote.unattributed -->` above it; plain \
text has no comments, so that fix is not offered there (use the stylebook's \
`rules` to turn the rule off instead).
",
};

pub struct QuoteUnattributed;

impl Rule for QuoteUnattributed {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let a = cx.analysis;
        let mut speakers = LastNamed::default();
        for (k, q) in a.quotes.quotes.iter().enumerate() {
            if !needs_attribution(q)
                || q.continues.is_some()
                || a.attributions.get(k).is_some_and(Option::is_some)
                || in_headline(&a.draft, q)
            {
                continue;
            }
            let name = speakers.before(a, k);
            out.push(finding(a, q, name.as_deref()));
        }
    }
}

/// Full and partial quotes and block quotes need a speaker.
fn needs_attribution(q: &Quote) -> bool {
    matches!(
        q.kind,
        QuoteKind::Full | QuoteKind::Partial | QuoteKind::Block
    )
}

/// Whether the quote stands in a headline: a heading, or a short paragraph
/// set in title case ("Carson: Clinton ‘Not Fit To Serve’"). Headlines
/// carry quotes without "said" by convention.
fn in_headline(draft: &Draft, q: &Quote) -> bool {
    let Some(para) = draft.paragraphs.get(q.paragraph) else {
        return false;
    };
    if para.kind == BlockKind::Heading {
        return true;
    }
    let words = &draft.words[draft.words_in(&para.span)];
    words.len() <= 30 && crate::draft::is_headline_case(words.iter().map(|w| draft.word_text(w)))
}

fn finding(a: &Analysis, q: &Quote, last_named: Option<&str>) -> Finding {
    let mut f = Finding::new(
        INFO.id,
        INFO.default_severity,
        q.span.clone(),
        "Nobody is named as saying this quote",
    );
    if let Some(name) = last_named {
        if let Some(edits) = attribution_edits(a, q, name) {
            f = f.with_fix(Fix::new(format!("Attribute to {name}"), false, edits));
        }
    }
    if let Some(edits) = attribution_edits(a, q, "[speaker]") {
        f = f.with_fix(Fix::new("Attribute to [speaker]", false, edits));
    }
    if a.draft.kind == DraftKind::Markdown {
        let line_start = a.draft.text[..q.span.start]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        f = f.with_fix(Fix::new(
            "Ignore this quote",
            false,
            vec![Edit::here(
                line_start..line_start,
                "<!-- copydesk-disable-next-line quote.unattributed -->\n",
            )],
        ));
    }
    f
}

/// The surname of the last named speaker before a quote, read once over the
/// draft: each call looks back only over the attributions since the last
/// (a draft of many unattributed quotes was quadratic).
#[derive(Default)]
struct LastNamed {
    /// Attributions before this index have been read.
    read_to: usize,
    surname: Option<String>,
}

impl LastNamed {
    fn before(&mut self, a: &Analysis, k: usize) -> Option<String> {
        let newer = a
            .attributions
            .get(self.read_to..k)
            .unwrap_or(&[])
            .iter()
            .rev()
            .flatten()
            .find_map(|attr| surname_of(a, attr));
        if newer.is_some() {
            self.surname = newer;
        }
        self.read_to = self.read_to.max(k);
        self.surname.clone()
    }
}

fn surname_of(a: &Analysis, attr: &crate::analysis::attribution::Attribution) -> Option<String> {
    let name = named_part(&a.draft, attr.speaker.as_ref()?)?;
    let last = a.draft.slice(&name).split_whitespace().last()?;
    let surname = last
        .strip_suffix("’s")
        .or_else(|| last.strip_suffix("'s"))
        .unwrap_or(last);
    (!surname.is_empty()).then(|| surname.to_string())
}

/// The edits that attribute `q` to `who` in newsroom form: “…,” X said.
fn attribution_edits(a: &Analysis, q: &Quote, who: &str) -> Option<Vec<Edit>> {
    let text = a.draft.text;
    if q.kind == QuoteKind::Block {
        // A signature line after the block quote.
        let end = q.span.end;
        return Some(vec![Edit::here(end..end, format!("\n>\n> — {who}"))]);
    }
    let close = q.close.as_ref()?;
    let sentence = a.draft.sentence_at(close.start)?;
    let sentence_end = a.draft.sentences[sentence].span.end.max(close.end);
    let after = text.get(close.end..sentence_end)?.trim();
    let content = text.get(q.content.clone())?.trim_end();
    let last = content.chars().next_back()?;
    let content_end = q.content.start + content.len();
    if after.is_empty() {
        return Some(match last {
            '.' => vec![
                Edit::here(content_end - 1..content_end, ","),
                Edit::here(close.end..close.end, format!(" {who} said.")),
            ],
            '?' | '!' | ',' => vec![Edit::here(close.end..close.end, format!(" {who} said."))],
            _ => vec![Edit::here(close.end..close.end, format!(", {who} said"))],
        });
    }
    // Mid-sentence: before the sentence's final punctuation.
    let body = text
        .get(..sentence_end)?
        .trim_end_matches(['”', '"', '’', ')']);
    let at = if body.ends_with(['.', '?', '!']) {
        body.len() - 1
    } else {
        sentence_end
    };
    Some(vec![Edit::here(at..at, format!(", {who} said"))])
}

#[cfg(test)]
mod tests {
    use crate::draft::DraftKind;
    use crate::rules::testing::{assert_clean, assert_fix, assert_flags, findings_with};
    use crate::stylebook::Stylebook;

    const RULE: &str = "quote.unattributed";

    fn md(text: &str) -> Vec<crate::finding::Finding> {
        findings_with(text, DraftKind::Markdown, RULE, &Stylebook::default())
    }

    #[test]
    fn a_lone_quote_is_flagged() {
        assert_flags("“We will not back down.”", RULE, 1);
    }

    #[test]
    fn attribution_after_the_quote() {
        assert_clean("“We will not back down,” Peskov said.", RULE);
        assert_clean("“We will not back down,” he later told reporters.", RULE);
    }

    #[test]
    fn said_x_inversion() {
        assert_clean(
            "“We will not back down,” said Dmitry Peskov, the Kremlin spokesperson.",
            RULE,
        );
    }

    #[test]
    fn attribution_before_the_quote() {
        assert_clean(
            "Peskov told reporters on Monday that “the door to talks remains open for now.”",
            RULE,
        );
    }

    #[test]
    fn split_quote() {
        assert_clean("“We are ready,” she said. “The rest is up to them.”", RULE);
    }

    #[test]
    fn according_to() {
        assert_clean(
            "According to the mayor, “the bridge will reopen before winter comes.”",
            RULE,
        );
        assert_clean(
            "“The bridge will reopen before winter,” according to the mayor.",
            RULE,
        );
    }

    #[test]
    fn colon_lead_in_in_the_sentence() {
        assert_clean(
            "The minister told reporters: “We will rebuild every school.”",
            RULE,
        );
    }

    #[test]
    fn colon_lead_in_paragraph() {
        assert_clean(
            "Here is what the mayor said on Tuesday:\n\n“We will rebuild every school.”\n",
            RULE,
        );
    }

    #[test]
    fn he_said_in_the_next_sentence() {
        assert_clean(
            "“We will rebuild every school.” That is what he said on Tuesday.",
            RULE,
        );
    }

    #[test]
    fn continued_multi_paragraph_quote() {
        assert_clean(
            "“The first phase is done,” the engineer said. “The second starts in May.\n\n“The third will need new money from the city.”\n",
            RULE,
        );
    }

    #[test]
    fn floating_quote_after_the_speakers_quote() {
        assert_clean(
            "“The first phase is done,” the engineer said.\n\n“The third will need new money from the city.”\n",
            RULE,
        );
    }

    #[test]
    fn quote_after_a_narrative_paragraph_is_flagged() {
        assert_flags(
            "“The first phase is done,” the engineer said. Work began in May.\n\n“The third will need new money from the city.”\n",
            RULE,
            1,
        );
    }

    #[test]
    fn social_media() {
        assert_clean(
            "“Ukraine is ready to talk in any format,” the president wrote on X.",
            RULE,
        );
        assert_clean(
            "“Ukraine is ready to talk in any format,” she said in a post on X.",
            RULE,
        );
        assert_clean(
            "The senator posted: “We will fight this in every court.”",
            RULE,
        );
    }

    #[test]
    fn written_sources() {
        assert_clean("“The delay was unavoidable,” the statement said.", RULE);
        assert_clean("“Emissions rose for a third year,” the report says.", RULE);
    }

    #[test]
    fn scare_quotes_titles_and_nicknames_need_no_speaker() {
        assert_clean("Critics call it a “scheme.”", RULE);
        assert_clean("She read “The Art of the Deal” on the flight home.", RULE);
        assert_clean("Boxer Joe “The Hammer” Smith retired.", RULE);
        assert_clean(
            "The so-called “peace for land and nothing else” plan died.",
            RULE,
        );
    }

    /// Regression (en-wikinews, photo captions): the words on a protest
    /// sign are not a quote anybody said.
    #[test]
    fn words_on_signs_and_placards_need_no_speaker() {
        assert_clean(
            "Crowds at the bridge.\n\n“Bring back the night buses, we want to get home” placard at the march.",
            RULE,
        );
        assert_flags(
            "Crowds at the bridge.\n\n“Bring back the night buses, we want to get home.” Signs lined the road.",
            RULE,
            1,
        );
    }

    #[test]
    fn long_partial_quote_needs_a_speaker() {
        assert_flags(
            "The plan was “a disaster for every family in the state.”",
            RULE,
            1,
        );
    }

    #[test]
    fn quote_in_code_is_not_a_quote() {
        assert!(md("Run:\n\n```\necho \"We will not back down.\"\n```\n").is_empty());
    }

    #[test]
    fn block_quote_with_lead_in_or_signature() {
        assert!(
            md("The ministry said in a statement:\n\n> We regret the delay and will pay.\n")
                .is_empty()
        );
        assert!(md("The ministry wrote.\n\nAnd then:\n\n> We regret the delay.\n>\n> — Ministry of Health\n").is_empty());
        assert_eq!(
            md("Trains were late.\n\n> We regret the delay and will pay.\n").len(),
            1
        );
    }

    #[test]
    fn anonymous_sources_count_as_attributed() {
        assert_clean(
            "“It was chaos,” a source familiar with the call said.",
            RULE,
        );
    }

    #[test]
    fn stylebook_attribution_verbs() {
        let mut sb = Stylebook::default();
        sb.attribution_verbs.push("harrumphed".to_string());
        let text = "“Not on my watch,” the mayor harrumphed.";
        assert!(findings_with(text, DraftKind::Plain, RULE, &sb).is_empty());
    }

    #[test]
    fn apposition_between_speaker_and_cue() {
        assert_clean(
            "“The winds are changing,” Jane Roe, director of the Voting Center, said in an interview.",
            RULE,
        );
        assert_clean(
            "“We will be back,” Sen. Jo Park (D-Ore.) said Tuesday.",
            RULE,
        );
    }

    #[test]
    fn participle_cue_takes_the_sentence_subject() {
        let text = "The mayor attacked the council over the budget, saying, “They have wasted a year of work.”";
        let draft = crate::draft::Draft::parse(text, DraftKind::Plain);
        let a = crate::analysis::Analysis::new(draft, &Stylebook::default());
        let speaker = a.attributions[0]
            .as_ref()
            .and_then(|x| x.speaker.clone())
            .unwrap();
        assert_eq!(&text[speaker], "The mayor");
    }

    #[test]
    fn any_cue_may_be_inverted() {
        assert_clean(
            "“Imagine the two of them on one stage,” mused the host of the show.",
            RULE,
        );
    }

    #[test]
    fn colon_lead_in_without_a_verb() {
        assert_clean(
            "Then, a week later on the radio: “I never said we would leave.”",
            RULE,
        );
    }

    #[test]
    fn dash_signature_after_a_quote() {
        assert_clean(
            "“We are ashamed of this campaign and want it over.” ― Ana Ruiz",
            RULE,
        );
    }

    #[test]
    fn relative_pronoun_speaker() {
        assert_clean(
            "Volunteers handed out flyers that said, “Every vote counts in this county.”",
            RULE,
        );
    }

    #[test]
    fn regression_reported_speech_in_the_previous_paragraph_does_not_cover_a_quote() {
        // Deleting "he said" must still be caught even when the paragraph
        // before paraphrases the same speaker.
        assert_flags(
            "The mayor said the bridge would reopen in May.\n\n“We will have it ready before the summer crowds.”\n",
            RULE,
            1,
        );
    }

    #[test]
    fn partial_quote_framed_by_a_named_subject() {
        assert_clean("In a June speech, Mayor Ada Lin attacked “the lazy habits of a council that never meets.”", RULE);
        assert_clean(
            "She welcomed “the recognition that we lack the money we need.”",
            RULE,
        );
    }

    #[test]
    fn quotes_in_headlines_need_no_attribution() {
        assert_clean(
            "Mayor Lin: Rival ‘Not Fit To Run The City.’\n\nMayor Ana Lin said on Monday that her rival was unfit.\n",
            RULE,
        );
        assert_clean(
            "Budget Row Grows As Council Calls Plan “A Disaster For Every Family”\n\nThe row grew.\n",
            RULE,
        );
        let md = "# Rival “Not Fit To Run The City,” Lin Says\n\nThe row grew.\n";
        assert!(findings_with(md, DraftKind::Markdown, RULE, &Stylebook::default()).is_empty());
        // A sentence of prose is not a headline, however short.
        assert_flags(
            "The row grew.\n\nThen came “a disaster for every family in the state.”\n",
            RULE,
            1,
        );
    }

    #[test]
    fn a_full_quote_led_in_by_a_named_subjects_clause_is_attributed() {
        assert_clean(
            "Lin, also on Twitter, defended her decision, “As I have said before, we will not back down.”",
            RULE,
        );
        // A clause without a named subject attributes nothing, nor does a
        // named subject whose verb reports no words.
        assert_flags(
            "Later that night the crowd grew, “We will not back down from this.”",
            RULE,
            1,
        );
        assert_flags(
            "Ray lost the vote on Tuesday, “The council has lost its way and the city will pay.”",
            RULE,
            1,
        );
        assert_flags(
            "Lin reached Ray by phone, “We will appeal the decision in the morning.”",
            RULE,
            1,
        );
    }

    #[test]
    fn partial_quote_after_a_common_noun_subject_is_flagged() {
        assert_flags(
            "The plan was “a disaster for every family in the state.”",
            RULE,
            1,
        );
    }

    fn speaker_of(text: &str, quote: usize) -> String {
        let draft = crate::draft::Draft::parse(text, DraftKind::Plain);
        let a = crate::analysis::Analysis::new(draft, &Stylebook::default());
        let attr = a.attributions[quote].as_ref().expect("attributed");
        text[attr.speaker.clone().expect("speaker")].to_string()
    }

    #[test]
    fn speaker_before_a_place_apposition() {
        assert_eq!(
            speaker_of(
                "Lin, in Ohio, said the plan was “a gift to the few at the top.”",
                0
            ),
            "Lin"
        );
    }

    #[test]
    fn plain_said_beats_an_embedded_cue() {
        let text = "“We won so much,” Lin said, an hour after networks declared her the winner. “You will be happy.”";
        assert_eq!(speaker_of(text, 1), "Lin");
    }

    #[test]
    fn a_cue_after_and_shares_the_subject_before_it() {
        // Not "said people are": what follows the cue is what was said.
        let text = "Lin claimed a cure was near and said people are “learning to live” with it.";
        assert_eq!(speaker_of(text, 0), "Lin");
        // An inverted cue after a comma still takes the speaker after it.
        let text = "“It is over,” said Anna Berg.";
        assert_eq!(speaker_of(text, 0), "Anna Berg");
    }

    #[test]
    fn a_name_before_an_apposition_is_part_of_the_speaker() {
        let text = "Ana Lopez, deputy security adviser, said the plan was “a start and no more than that.”";
        assert_eq!(speaker_of(text, 0), "Ana Lopez, deputy security adviser");
        // Without a name before it, the apposition alone is read.
        let text =
            "Later, a deputy security adviser said the plan was “a start and no more than that.”";
        assert_eq!(speaker_of(text, 0), "a deputy security adviser");
    }

    #[test]
    fn relative_clause_speaker_is_the_pronoun() {
        let text =
            "Lin condemned the attack, which she called “an evil and hateful act by cowards.”";
        assert_eq!(speaker_of(text, 0), "she");
    }

    #[test]
    fn fix_turns_the_period_into_a_comma() {
        assert_fix(
            "“We will not back down.”",
            RULE,
            "“We will not back down,” [speaker] said.",
        );
    }

    #[test]
    fn fix_offers_the_last_named_speaker_first() {
        let text = "“We go,” Dmitry Peskov said.\n\nThe talks ended.\n\n“We will not back down.”\n";
        let found = crate::rules::testing::findings(text, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].fixes[0].title, "Attribute to Peskov");
        assert_eq!(
            crate::apply_edits(text, &found[0].fixes[0].edits),
            "“We go,” Dmitry Peskov said.\n\nThe talks ended.\n\n“We will not back down,” Peskov said.\n"
        );
    }

    #[test]
    fn ignore_fix_in_markdown_only() {
        let found = md("Intro.\n\n“We will not back down.”\n");
        assert!(found[0]
            .fixes
            .iter()
            .any(|f| f.title == "Ignore this quote"));
        let plain = crate::rules::testing::findings("“We will not back down.”", RULE);
        assert!(plain[0]
            .fixes
            .iter()
            .all(|f| f.title != "Ignore this quote"));
    }

    #[test]
    fn ignore_comment_suppresses() {
        assert!(md("Intro.\n\n<!-- copydesk-disable-next-line quote.unattributed -->\n“We will not back down.”\n").is_empty());
    }
}
