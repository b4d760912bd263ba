//! `title.case`: a title in the case the house style does not want.

use super::{concat, Context, Rule, RuleInfo};
use crate::analysis::titles::lexicon::{Kind, ModifierClass};
use crate::analysis::titles::{is_cased, recase, Next, Placement, Title};
use crate::draft::Draft;
use crate::finding::{Edit, Finding, Fix, Severity, Span};
use crate::stylebook::HouseStyle;

pub static INFO: RuleInfo = RuleInfo {
    id: "title.case",
    default_severity: Severity::Information,
    summary: "a formal title capitalised alone or after a name, or lower-cased directly before a name",
    doc: "## What it does\n\
Checks the case of titles by the stylebook's `house_style`.\n\n\
- `ap` (default): a formal title is capitalised directly before a name (\"President Vladimir Putin\", \
\"former Swedish Prime Minister Carl Bildt\") and lower-case when it stands alone (\"the president \
said\"), follows the name or is set off by commas (\"Carl Bildt, the former Swedish prime minister,\"). \
Job descriptions (\"Kremlin spokesperson Dmitry Peskov\") and modifiers (\"former\", \"acting\") are \
lower-case.\n\
- `guardian`: formal titles and job descriptions are lower-case everywhere (\"the prime minister, \
Keir Starmer\"); royal, religious and military titles keep their capitals before a name.\n\
- `off`: not checked.\n\n\
A capital at the start of a sentence, a quote or a headline is never flagged; nor are abbreviations \
(\"Sen.\", \"Gov.\"), honours (\"Sir\") and descriptions whose case varies (\"leader\", \"chief\"). \
Nor is a head that a capitalised word makes part of a longer title (\"Lord Mayor\", \"National Security \
Adviser\", \"High Commissioner\"), a department's name inside a lower-case title (\"the Treasury \
secretary\"), \"Justice\" standing alone (the department, or a surname), a title that ends the name of an office \
(\"the Office of the Secretary of State\"), or a title in an excerpt set \
without quote marks (a paragraph that marks an elision with \"[...]\").\n\n\
## Why\n\
A house style applied everywhere reads as care; a mix reads as haste.\n\n\
## Example\n\
`the President said` → `the president said` (safe fix).",
};

pub struct TitleCase;

impl Rule for TitleCase {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let style = cx.stylebook.house_style;
        if style == HouseStyle::Off {
            return;
        }
        let draft = &cx.analysis.draft;
        let quotes = &cx.analysis.quotes.quotes;
        // Titles come in text order: each paragraph is searched for an
        // elision mark at most once.
        let mut excerpt: Option<(usize, bool)> = None;
        for t in &cx.analysis.titles.titles {
            // Headlines have their own capitals; a quote is someone's words
            // (a ruling, a statement) and is not recased, nor is an excerpt
            // set without quote marks.
            if t.headline || in_quote(quotes, t.span.start) {
                continue;
            }
            let found = out.len();
            check_modifiers(draft, t, out);
            if let Some(capital) = wanted_case(draft, t, style) {
                let head = draft.slice(&t.head);
                if !is_cased(head, capital) {
                    let wanted = if capital {
                        recase(head, true)
                    } else {
                        lowered(head)
                    };
                    // "Treasury secretary" is already right.
                    if wanted != head {
                        out.push(finding(
                            t.head.clone(),
                            head,
                            wanted,
                            reason(t, style, capital),
                        ));
                    }
                }
            }
            // Asked only of a title already found wanting: most titles are
            // fine, and the paragraph need not be read for them.
            if out.len() > found && in_excerpt(draft, quotes, t.span.start, &mut excerpt) {
                out.truncate(found);
            }
        }
    }
}

/// Whether `offset` lies inside a quote (quotes are in text order).
fn in_quote(quotes: &[crate::analysis::quotes::Quote], offset: usize) -> bool {
    let i = quotes.partition_point(|q| q.span.end <= offset);
    quotes.get(i).is_some_and(|q| q.span.start <= offset)
}

/// Whether `offset` lies in a paragraph that marks an elision ("[...]",
/// "[…]") outside quote marks: an excerpt of a ruling or a statement set
/// as a block, someone's words as much as a quote is.
fn in_excerpt(
    draft: &Draft,
    quotes: &[crate::analysis::quotes::Quote],
    offset: usize,
    last: &mut Option<(usize, bool)>,
) -> bool {
    let Some(p) = draft.paragraph_at(offset) else {
        return false;
    };
    if let Some((q, answer)) = *last {
        if q == p {
            return answer;
        }
    }
    let answer = has_elision(draft, quotes, &draft.paragraphs[p].span);
    *last = Some((p, answer));
    answer
}

/// Whether `span` holds "[...]" or "[…]" outside quote marks.
fn has_elision(draft: &Draft, quotes: &[crate::analysis::quotes::Quote], span: &Span) -> bool {
    let text = draft.slice(span);
    memchr::memchr_iter(b'[', text.as_bytes()).any(|i| {
        let rest = &text[i..];
        (rest.starts_with("[...]") || rest.starts_with("[…]")) && !in_quote(quotes, span.start + i)
    })
}

/// Whether the head should be capitalised (`Some(true)`), lower-case
/// (`Some(false)`), or is not judged (`None`).
fn wanted_case(draft: &Draft, t: &Title, style: HouseStyle) -> Option<bool> {
    if t.sentence_start || part_of_longer_title(draft, t) || names_an_institution(draft, t) {
        return None;
    }
    let kind = t.kind();
    // Alone, a title is judged only in the clear case: "the [Russian]
    // President" followed by punctuation or a lower-case word. "the
    // Prime Minister’s Office" and "the President of the Commission" are
    // left alone.
    let clear_alone = t.placement == Placement::Alone
        && t.determiner
        && matches!(t.next, Next::Punctuation | Next::Lower);
    let lower_here = t.placement == Placement::AfterName || clear_alone;
    match (style, kind) {
        (_, Kind::Abbrev | Kind::Descriptor | Kind::Honour) => None,
        (_, Kind::Occupational) => {
            (t.placement != Placement::Alone || clear_alone).then_some(false)
        }
        (HouseStyle::Guardian, Kind::Formal | Kind::Loose) => {
            (t.placement != Placement::Alone || clear_alone).then_some(false)
        }
        (_, Kind::Formal | Kind::Loose) if lower_here => Some(false),
        // Lower-case before a name: only strict formal titles, and not
        // after "the"/"a" ("the then prime minister Tony Blair" is a
        // description as much as a title).
        (HouseStyle::Ap, Kind::Formal)
            if t.placement == Placement::BeforeName && !t.descriptive =>
        {
            Some(true)
        }
        (_, Kind::Royal | Kind::Religious)
            if t.placement == Placement::BeforeName && !t.descriptive =>
        {
            Some(true)
        }
        _ => None,
    }
}

/// Capitalised words that make one longer title with the head after them:
/// "Lord Mayor", "National Security Adviser", "High Commissioner",
/// "Special Representative", "Presidential Spokesperson", "Deputy Chief
/// Minister". Recasing the head alone would split the title ("Lord mayor",
/// "National Security adviser"), so the case of the whole is left to the
/// writer.
const TITLE_MAKERS: &[&str] = &[
    "chief",
    "principal",
    "senior",
    "general",
    "executive",
    "lord",
    "lady",
    "national",
    "presidential",
    "special",
    "high",
    "supreme",
    "permanent",
    "private",
    "parliamentary",
    "grand",
    "surgeon",
    "majority",
    "minority",
];

/// Whether a capitalised rank ("Deputy", "Assistant") or one of
/// [`TITLE_MAKERS`] stands right before the head.
fn part_of_longer_title(draft: &Draft, t: &Title) -> bool {
    let rank = t
        .modifiers
        .last()
        .is_some_and(|m| m.class == Some(ModifierClass::Rank) && m.span.end + 1 == t.head.start);
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if rank && word_before(draft, t.head.start).is_some_and(capital) {
        return true;
    }
    // Up to three capitalised words before the head: "National Security
    // Adviser" is one title through "National".
    let mut at = t.head.start;
    for _ in 0..3 {
        let Some(word) = word_before(draft, at).filter(|w| capital(w)) else {
            return false;
        };
        if TITLE_MAKERS.iter().any(|w| word.eq_ignore_ascii_case(w)) {
            return true;
        }
        at -= word.len() + 1;
    }
    false
}

/// The word directly before `at`, when one space separates them.
fn word_before<'a>(draft: &'a Draft, at: usize) -> Option<&'a str> {
    let before = draft.text.get(..at)?.strip_suffix(' ')?;
    let word = before.rsplit(|c: char| !c.is_alphabetic()).next()?;
    (!word.is_empty()).then_some(word)
}

/// "Justice" alone is more often the Justice Department ("a Justice
/// official", "the Justice deals") or a surname than a judge.
fn names_an_institution(draft: &Draft, t: &Title) -> bool {
    t.placement == Placement::Alone
        && (draft.slice(&t.head) == "Justice" || in_a_name_of_office(draft, t.span.start))
}

/// Whether the title at `at` ends a capitalised name of an office: "the
/// Office of the Secretary of State", "the Court of the Lord Chancellor".
fn in_a_name_of_office(draft: &Draft, at: usize) -> bool {
    const OF_THE: &str = "of the ";
    draft.text.get(..at).is_some_and(|b| b.ends_with(OF_THE))
        && word_before(draft, at - OF_THE.len()).is_some_and(|w| OFFICE_NOUNS.contains(&w))
}

/// The capitalised nouns that open the name of an office.
const OFFICE_NOUNS: &[&str] = &[
    "Office",
    "Department",
    "Ministry",
    "Bureau",
    "Court",
    "Agency",
    "Council",
    "Committee",
    "Commission",
    "Cabinet",
    "Residence",
];

/// Words of a title that name a department and keep the capital the writer
/// gave them when the title is lower-cased: "the Treasury secretary", "the
/// Homeland Security secretary" (AP and Chicago capitalise a department's
/// name inside a lower-case title).
const DEPARTMENT_WORDS: &[&str] = &["Treasury", "Homeland"];

/// The head in lower case, department names kept.
fn lowered(head: &str) -> String {
    let mut out = String::with_capacity(head.len());
    let mut previous = "";
    for (i, word) in head.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // "Homeland Security" is one department's name; "Security" alone
        // is not ("the security minister").
        if DEPARTMENT_WORDS.contains(&word) || (previous == "Homeland" && word == "Security") {
            out.push_str(word);
        } else {
            out.push_str(&recase(word, false));
        }
        previous = word;
    }
    out
}

fn reason(t: &Title, style: HouseStyle, capital: bool) -> &'static str {
    match (style, capital, t.kind(), t.placement) {
        (_, true, _, _) => "a formal title is capitalised directly before a name",
        (_, false, Kind::Occupational, _) => "a job description is lower-case",
        (HouseStyle::Guardian, false, _, _) => "house style (guardian): titles are lower-case",
        (_, false, _, Placement::AfterName) => {
            "a title after a name, set off by commas, is lower-case"
        }
        _ => "a title standing alone is lower-case",
    }
}

/// "Former", "Acting", "Interim" inside a sentence are lower-case in every
/// house style.
fn check_modifiers(draft: &Draft, t: &Title, out: &mut Vec<Finding>) {
    for m in &t.modifiers {
        let checked = matches!(m.class, Some(ModifierClass::Past | ModifierClass::Future))
            || (m.class == Some(ModifierClass::Current)
                && is_lowered_current(draft.slice(&m.span)));
        if !checked || m.sentence_start {
            continue;
        }
        let text = draft.slice(&m.span);
        if text.chars().next().is_some_and(char::is_uppercase) {
            out.push(finding(
                m.span.clone(),
                text,
                text.to_lowercase(),
                "a modifier of a title is lower-case",
            ));
        }
    }
}

/// Whether a modifier reads "acting", "interim" or "outgoing" in any case
/// (no other character lower-cases to an ASCII letter of these words, so
/// an ASCII comparison is the same test as lower-casing).
fn is_lowered_current(text: &str) -> bool {
    ["acting", "interim", "outgoing"]
        .iter()
        .any(|w| text.eq_ignore_ascii_case(w))
}

fn finding(range: Span, text: &str, replacement: String, why: &str) -> Finding {
    Finding::new(
        INFO.id,
        INFO.default_severity,
        range.clone(),
        concat(&["“", text, "” → “", &replacement, "”: ", why]),
    )
    .with_fix(Fix::new(
        concat(&["Change to “", &replacement, "”"]),
        true,
        vec![Edit::here(range, replacement)],
    ))
}

#[cfg(test)]
mod tests {
    use crate::draft::DraftKind;
    use crate::rules::testing::{assert_clean, assert_fix, assert_flags, findings_with};
    use crate::stylebook::Stylebook;
    use std::path::Path;

    const RULE: &str = "title.case";

    fn with_style(text: &str, style: &str) -> usize {
        let book = Stylebook::parse(
            &format!(r#"{{"house_style": "{style}"}}"#),
            Path::new("copydesk.json"),
        )
        .unwrap();
        findings_with(text, DraftKind::Plain, RULE, &book).len()
    }

    #[test]
    fn capitalised_title_alone_is_lowered() {
        assert_fix(
            "Officials said the President would travel.",
            RULE,
            "Officials said the president would travel.",
        );
        assert_fix(
            "Then the Russian President, in a call, agreed.",
            RULE,
            "Then the Russian president, in a call, agreed.",
        );
    }

    #[test]
    fn capitalised_title_after_the_name_is_lowered() {
        assert_fix(
            "Anna Lindqvist, the former Danish Prime Minister, spoke.",
            RULE,
            "Anna Lindqvist, the former Danish prime minister, spoke.",
        );
    }

    #[test]
    fn lower_case_formal_title_before_a_name_is_capitalised() {
        assert_fix(
            "The plan was backed by former Norwegian prime minister Erna Solberg.",
            RULE,
            "The plan was backed by former Norwegian Prime Minister Erna Solberg.",
        );
        assert_fix(
            "She met russian president Pavel Orlov.",
            RULE,
            "She met russian President Pavel Orlov.",
        );
    }

    #[test]
    fn job_descriptions_are_lower_case() {
        assert_fix(
            "Reports quoted Kremlin Spokesperson Ivan Sorokin.",
            RULE,
            "Reports quoted Kremlin spokesperson Ivan Sorokin.",
        );
        assert_fix(
            "Ivan Sorokin, a Kremlin Spokesman, declined.",
            RULE,
            "Ivan Sorokin, a Kremlin spokesman, declined.",
        );
    }

    #[test]
    fn modifiers_are_lower_case() {
        assert_fix(
            "It was signed by Former President Jorge Ramos.",
            RULE,
            "It was signed by former President Jorge Ramos.",
        );
        assert_fix(
            "Under Acting Mayor Dee Hart it passed.",
            RULE,
            "Under acting Mayor Dee Hart it passed.",
        );
    }

    #[test]
    fn correct_ap_forms_are_clean() {
        assert_clean(
            "Russian President Pavel Orlov spoke with German Chancellor Erik Voss. The president said little. \
             Anna Lindqvist, the former Danish prime minister, said more. Kremlin spokesperson Ivan Sorokin agreed. \
             Ukraine’s President Olena Marko and European Commission President Ada von der Berg joined. \
             The Russian president, Lindqvist noted, gained time. Sen. Mark Delaney and Gov. Ruth Alder objected. \
             They met the president of the United States.",
            RULE,
        );
    }

    #[test]
    fn sentence_initial_and_headline_capitals_are_never_flagged() {
        assert_clean("President of the club since 2019, she resigned.", RULE);
        assert_clean("Spokesperson Ivan Sorokin declined.", RULE);
        assert_clean("Former President Jorge Ramos spoke.", RULE);
        assert_clean(
            "He said: “President Orlov knows.” Then: “The President Is Here Today”",
            RULE,
        );
        assert_clean(
            "Kremlin Spokesperson Defends Talks With The President\n\nThe talks went on.\n",
            RULE,
        );
        assert_clean(
            "Talks stall as the President arrives\n\nThe talks went on.\n",
            RULE,
        );
    }

    #[test]
    fn proper_nouns_and_unclear_cases_are_left_alone() {
        assert_clean(
            "She toured the Prime Minister’s Office and the General Assembly.",
            RULE,
        );
        assert_clean(
            "He spoke to the President of the European Commission.",
            RULE,
        );
        assert_clean("The Secretary of State for Health spoke.", RULE);
        assert_clean(
            "Author Stephen King and the Bishop of Leeds met Martin Luther King III.",
            RULE,
        );
        assert_clean("He watched the Premier League final.", RULE);
        assert_clean(
            "The federal judge Ann Cole and a senator Tim Ray spoke.",
            RULE,
        );
        assert_clean("The prime minister Tony Blair era ended.", RULE);
        assert_clean("Mr. Smith met Dr. Jones and Sir Ian Holm.", RULE);
    }

    #[test]
    fn titles_inside_quotes_are_not_recased() {
        assert_clean(
            "The ruling said: “the decision of the Prime Minister was unlawful,” and he agreed.",
            RULE,
        );
        assert_clean(
            "“At the direction of the President, we acted,” the statement said.",
            RULE,
        );
    }

    #[test]
    fn rank_and_chief_before_the_head_make_one_title() {
        assert_clean("She served the state as the Deputy Chief Minister.", RULE);
        assert_clean("He was named the Assistant Secretary last year.", RULE);
    }

    #[test]
    fn capitalised_words_that_make_one_longer_title_are_left_alone() {
        // Lower-casing the head alone would split the title: "Lord mayor",
        // "National Security adviser".
        assert_clean("The Lord Mayor candidate spoke to reporters.", RULE);
        assert_clean("It was run by the Lord Mayor until June.", RULE);
        assert_clean("He met former National Security Adviser Ana Ruiz.", RULE);
        assert_clean("So did Presidential Spokesperson Tim Ray.", RULE);
        // "Security" alone makes no longer title.
        assert_flags("He said the Security Minister had not been told.", RULE, 1);
        assert_clean(
            "Ana Ruiz, the United Nations High Commissioner for Refugees, spoke.",
            RULE,
        );
        // A nationality before the head is not part of the title.
        assert_fix(
            "Later the British Prime Minister spoke.",
            RULE,
            "Later the British prime minister spoke.",
        );
        assert_fix(
            "He met White House Press Secretary Tim Ray.",
            RULE,
            "He met White House press secretary Tim Ray.",
        );
    }

    #[test]
    fn a_department_keeps_its_capital_in_a_lower_case_title() {
        assert_clean("Ana Ruiz, the former Treasury secretary, said so.", RULE);
        assert_clean("Critics included the secretary of the Treasury.", RULE);
        assert_clean("Ana Ruiz, the Homeland Security secretary, said so.", RULE);
        assert_fix(
            "Later the Treasury Secretary said so.",
            RULE,
            "Later the Treasury secretary said so.",
        );
        assert_fix(
            "Later the Defence Secretary said so.",
            RULE,
            "Later the defence secretary said so.",
        );
    }

    #[test]
    fn a_title_ending_the_name_of_an_office_is_left_alone() {
        assert_clean(
            "Records are kept by the Office of the Secretary of State, officials said.",
            RULE,
        );
        assert_fix(
            "She was the wife of the President at the time.",
            RULE,
            "She was the wife of the president at the time.",
        );
        // Any capitalised word before "of the" is no office.
        assert_fix(
            "Supporters of the President gathered outside.",
            RULE,
            "Supporters of the president gathered outside.",
        );
    }

    #[test]
    fn justice_alone_is_a_department_or_a_surname() {
        assert_clean(
            "Mr. Justice owns land, and the Justice properties were sold.",
            RULE,
        );
        assert_clean("A Bush-era Justice official agreed.", RULE);
        // Other titles that name a department are still judged.
        assert_fix(
            "Later the Justice Minister said so.",
            RULE,
            "Later the justice minister said so.",
        );
    }

    #[test]
    fn an_excerpt_set_without_quote_marks_is_not_recased() {
        let excerpt = "The ruling read in part.\n\nThe immunity that the President invokes [...] cuts across precedent.\n\nHe appealed.\n";
        assert_clean(excerpt, RULE);
        assert_clean(&excerpt.replace("[...]", "[…]"), RULE);
        // Without the elision mark it is the reporter's own sentence.
        assert_flags(&excerpt.replace(" [...]", ""), RULE, 1);
        // An elision inside a quote says nothing of the words outside it.
        assert_flags(
            "He said “the plan [...] will fail,” and the President agreed.",
            RULE,
            1,
        );
    }

    #[test]
    fn a_title_before_a_name_after_a_place_and_comma_is_not_an_appositive() {
        assert_clean(
            "In Riyadh, US Special Envoy for Iran Tom Hale said little.",
            RULE,
        );
    }

    #[test]
    fn descriptions_after_an_adjective_or_and_are_left_alone() {
        assert_clean("The exiting governor Ana Ruiz appointed him.", RULE);
        assert_clean("The now-former governor Ana Ruiz was sworn in.", RULE);
        assert_clean(
            "Critics included former archbishop and cardinal Pedro Alves.",
            RULE,
        );
    }

    #[test]
    fn a_new_clause_after_a_name_is_not_an_appositive() {
        // "…, the prime minister ''looked ashen''": the title is the subject
        // of a new clause, not set off after "Obama".
        assert_clean(
            "He met Mr. Moreau alone, the Prime Minister ''looked ashen,'' an aide said.",
            "title.mismatch",
        );
    }

    #[test]
    fn guardian_lower_cases_titles_before_names() {
        let text = "She met Russian President Pavel Orlov and Kremlin spokesperson Ivan Sorokin.";
        assert_eq!(with_style(text, "guardian"), 1);
        assert_eq!(with_style(text, "ap"), 0);
        assert_eq!(
            with_style(
                "She met Russian president Pavel Orlov and King Carl.",
                "guardian"
            ),
            0
        );
        assert_eq!(
            with_style("She met Russian president Pavel Orlov.", "ap"),
            1
        );
    }

    #[test]
    fn off_disables_the_rule() {
        assert_eq!(
            with_style("Officials said the President would travel.", "off"),
            0
        );
    }

    #[test]
    fn one_finding_per_wrong_title() {
        assert_flags(
            "Officials said the President and the Prime Minister would travel.",
            RULE,
            2,
        );
    }
}
