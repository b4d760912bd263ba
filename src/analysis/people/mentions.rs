//! Name runs: capitalised words (with particles, initials, hyphens) that
//! may name someone, found in the words of a draft's prose.

use crate::draft::{BlockKind, Draft};
use crate::finding::Span;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

fn word_set(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
}

pub fn first_names() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_set(include_str!("../data/first_names.txt")))
}

pub fn particles() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_set(include_str!("../data/particles.txt")))
}

pub fn stopwords() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_set(include_str!("../data/name_stopwords.txt")))
}

pub fn titles() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_set(include_str!("../data/titles.txt")))
}

/// Verbs of speech right after a name: evidence that it is a person.
fn is_cue(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "told"
            | "added"
            | "asked"
            | "wrote"
            | "tweeted"
            | "stated"
            | "explained"
            | "noted"
            | "argued"
            | "insisted"
            | "announced"
            | "declared"
            | "replied"
            | "responded"
            | "warned"
            | "claimed"
    )
}

/// Generational suffixes that follow a surname and are not it.
fn is_suffix(word: &str) -> bool {
    matches!(word, "Jr" | "Sr" | "II" | "III" | "IV")
}

/// One word of a name run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Index into `draft.words`.
    pub word: usize,
    /// The word's span without a possessive ’s.
    pub span: Span,
    pub text: String,
    /// A lower-case particle (von, der, bin, al).
    pub particle: bool,
}

/// A run of capitalised words, as found, before deciding who it names.
#[derive(Debug, Clone)]
pub struct Run {
    pub tokens: Vec<Token>,
    /// Word indices of the whole run, including titles and words cut off.
    pub words: Range<usize>,
    /// A title or honorific came right before the name ("Sen.", "spokesman").
    pub titled: bool,
    /// A speech verb follows ("Peskov said").
    pub cue_after: bool,
    /// The first token opens its sentence.
    pub sentence_initial: bool,
    /// The run is in a heading, where every word may be capitalised.
    pub heading: bool,
    /// The name ends in a possessive (Zelenskyy’s).
    pub possessive: bool,
}

/// Strip a possessive ’s / 's (or a bare ’ after s) from a word.
fn strip_possessive(text: &str) -> (&str, bool) {
    for suffix in ["’s", "'s", "’S", "'S"] {
        if let Some(stem) = text.strip_suffix(suffix) {
            return (stem, true);
        }
    }
    for suffix in ["’", "'"] {
        if let Some(stem) = text.strip_suffix(suffix) {
            return (stem, true);
        }
    }
    (text, false)
}

/// Does this word look like part of a name: capitalised, letters only,
/// not an all-capitals acronym. "al-Assad" counts by its second part.
fn is_capitalised(text: &str) -> bool {
    let body = ["al-", "el-", "bin-", "ibn-", "ad-", "as-", "ash-", "an-"]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text);
    let mut chars = body.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    if text.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    // I've, I’m, It's: contractions, not names.
    if let Some((_, tail)) = text.split_once(['\'', '’']) {
        if matches!(tail, "ve" | "m" | "ll" | "re" | "d" | "t")
            || text.starts_with("I'")
            || text.starts_with("I’")
        {
            return false;
        }
    }
    // NATO, END, U.S: acronyms and shouting are not names. A single
    // capital (an initial) is allowed.
    let letters: Vec<char> = body.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() == 1 || letters.iter().skip(1).any(|c| c.is_lowercase())
}

/// The prose between two words, if it may sit inside one name: spaces, or
/// the period of an initial or abbreviation ("J. Smith", "Sen. Cruz").
fn joins(prose: &str, gap: Span, before: &str) -> bool {
    let Some(between) = prose.get(gap) else {
        return false;
    };
    if between.is_empty() || between.contains('\n') {
        return false;
    }
    let rest = match between.strip_prefix('.') {
        Some(rest) => {
            let abbreviation =
                before.chars().count() == 1 || titles().contains(before.to_lowercase().as_str());
            if !abbreviation {
                return false;
            }
            rest
        }
        None => between,
    };
    !rest.is_empty() && rest.chars().all(|c| c == ' ' || c == '\u{a0}')
}

/// Every run of capitalised words in the draft.
pub fn runs(draft: &Draft) -> Vec<Run> {
    let mut out = Vec::new();
    for paragraph in &draft.paragraphs {
        let heading = paragraph.kind == BlockKind::Heading;
        for s in paragraph.sentences.clone() {
            let Some(sentence) = draft.sentences.get(s) else {
                continue;
            };
            sentence_runs(draft, sentence.words.clone(), heading, &mut out);
        }
    }
    out
}

fn sentence_runs(draft: &Draft, words: Range<usize>, heading: bool, out: &mut Vec<Run>) {
    let mut i = words.start;
    while i < words.end {
        let text = draft.word_text(&draft.words[i]);
        if !is_capitalised(text) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        let mut possessive = strip_possessive(text).1;
        while end < words.end && !possessive {
            let prev = draft.word_text(&draft.words[end - 1]);
            let next = draft.word_text(&draft.words[end]);
            let gap = draft.words[end - 1].span.end..draft.words[end].span.start;
            if !joins(&draft.prose, gap, prev) {
                break;
            }
            if is_capitalised(next) {
                possessive = strip_possessive(next).1;
                end += 1;
            } else if particles().contains(next) && particle_leads_to_name(draft, end, words.end) {
                end += 1;
            } else {
                break;
            }
        }
        out.extend(build_run(
            draft,
            start..end,
            words.start,
            heading,
            possessive,
        ));
        i = end;
    }
}

/// A particle belongs to a name only when a capitalised word (or another
/// particle, "von der") follows it within the name.
fn particle_leads_to_name(draft: &Draft, at: usize, end: usize) -> bool {
    let mut j = at;
    while j < end {
        let text = draft.word_text(&draft.words[j]);
        if is_capitalised(text) {
            return true;
        }
        if !particles().contains(text) {
            return false;
        }
        if j + 1 < end {
            let gap = draft.words[j].span.end..draft.words[j + 1].span.start;
            if !joins(&draft.prose, gap, text) {
                return false;
            }
        }
        j += 1;
    }
    false
}

/// Turn capitalised words into runs: stop words and titles split them
/// ("Russian President Vladimir Putin" is "Vladimir Putin", titled;
/// "Zelenskiy Visits Washington" keeps "Zelenskiy"), particles at the ends
/// are dropped, the possessive stripped.
fn build_run(
    draft: &Draft,
    words: Range<usize>,
    sentence_start: usize,
    heading: bool,
    possessive: bool,
) -> Vec<Run> {
    let tokens: Vec<Token> = words
        .clone()
        .map(|w| {
            let word = &draft.words[w];
            let raw = draft.word_text(word);
            let (stem, _) = strip_possessive(raw);
            Token {
                word: w,
                span: word.span.start..word.span.start + stem.len(),
                text: stem.to_string(),
                particle: particles().contains(stem),
            }
        })
        .collect();
    let mut titled = words.start > sentence_start && {
        let prev = draft.word_text(&draft.words[words.start - 1]);
        titles().contains(prev.to_lowercase().as_str())
    };
    let mut out = Vec::new();
    let mut segment: Vec<Token> = Vec::new();
    for t in tokens {
        let lower = t.text.to_lowercase();
        let is_title = titles().contains(lower.as_str());
        if is_title || stopwords().contains(lower.as_str()) {
            out.extend(segment_run(
                draft,
                std::mem::take(&mut segment),
                &words,
                sentence_start,
                heading,
                titled,
                false,
            ));
            titled = is_title;
            continue;
        }
        segment.push(t);
    }
    out.extend(segment_run(
        draft,
        segment,
        &words,
        sentence_start,
        heading,
        titled,
        possessive,
    ));
    out
}

fn segment_run(
    draft: &Draft,
    mut tokens: Vec<Token>,
    words: &Range<usize>,
    sentence_start: usize,
    heading: bool,
    titled: bool,
    possessive: bool,
) -> Option<Run> {
    while tokens
        .last()
        .is_some_and(|t| t.particle || is_suffix(&t.text))
    {
        tokens.pop();
    }
    while tokens.first().is_some_and(|t| t.particle) {
        tokens.remove(0);
    }
    let first = tokens.first()?;
    let last = tokens.last()?.word;
    let sentence_initial =
        first.word == sentence_start || opens_after_quote(draft, first.word, sentence_start);
    // A cue may follow the name directly or after a generational suffix.
    let after = if last + 1 < words.end {
        words.end
    } else {
        last + 1
    };
    let cue_after = draft
        .words
        .get(after)
        .filter(|w| draft.words[last].sentence == w.sentence)
        .is_some_and(|w| is_cue(draft.word_text(w)));
    Some(Run {
        words: words.clone(),
        tokens,
        titled,
        cue_after,
        sentence_initial,
        heading,
        possessive,
    })
}

/// A word right after an opening quote mark at the start of a quoted
/// sentence is capitalised for the same reason a sentence opener is.
fn opens_after_quote(draft: &Draft, word: usize, sentence_start: usize) -> bool {
    if word <= sentence_start {
        return false;
    }
    let gap = draft.words[word - 1].span.end..draft.words[word].span.start;
    let between = draft.prose.get(gap).unwrap_or("");
    between.contains(['“', '"', '‘', ':', '(', '—', '–'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;

    fn run_texts(text: &str) -> Vec<String> {
        let draft = Draft::parse(text, DraftKind::Plain);
        runs(&draft)
            .iter()
            .map(|r| {
                r.tokens
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn particles_titles_possessives() {
        assert_eq!(
            run_texts("He met Ursula von der Leyen today."),
            ["Ursula von der Leyen"]
        );
        assert_eq!(run_texts("But Zelenskyy’s plan failed."), ["Zelenskyy"]);
        assert_eq!(
            run_texts("Russian President Vladimir Putin spoke."),
            ["Vladimir Putin"]
        );
        assert_eq!(run_texts("We saw Sen. Ted Cruz there."), ["Ted Cruz"]);
        assert_eq!(
            run_texts("They hunted Abu Bakr al-Baghdadi for years."),
            ["Abu Bakr al-Baghdadi"]
        );
        assert_eq!(
            run_texts("He spoke to George W. Bush on Monday."),
            ["George W Bush"]
        );
    }

    #[test]
    fn acronyms_and_lower_case_are_not_names() {
        assert!(run_texts("the NATO summit ended in the van").is_empty());
        assert!(run_texts("and I've seen it, I’m sure").is_empty());
    }
}
