//! Attribution: who said each quote, and the words that say so.

use std::collections::HashSet;
use std::sync::OnceLock;

/// The cue and speaker lexicons, built once.
pub struct Lexicon {
    /// Cues of one, two or three words, lower case ("said", "according to").
    pub cues: HashSet<&'static str>,
    /// Cues that may stand before their speaker ("said Peskov").
    pub inversion: HashSet<&'static str>,
    /// Words that may sit between a speaker and a cue ("later", "has").
    pub between: HashSet<&'static str>,
    /// Heads of unnamed sources ("source", "officials").
    pub anonymous_heads: HashSet<&'static str>,
    /// Phrases that make a speaker anonymous ("familiar with").
    pub anonymous_markers: Vec<&'static str>,
}

fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon {
        cues: entries(include_str!("data/speech_verbs.txt")).collect(),
        inversion: entries(include_str!("data/inversion_verbs.txt")).collect(),
        between: entries(include_str!("data/speaker_words.txt")).collect(),
        anonymous_heads: entries(include_str!("data/anonymous_sources.txt")).collect(),
        anonymous_markers: entries(include_str!("data/anonymous_markers.txt")).collect(),
    })
}

/// In `rest` (the text after an unclosed opening mark), the offset of a
/// comma followed by a short attribution (", Peskov said", ", said the
/// minister"), where the closing mark belongs.
pub fn comma_before_cue(rest: &str) -> Option<usize> {
    let lex = lexicon();
    let mut found = None;
    for (i, _) in rest.match_indices(',') {
        let tail = &rest[i + 1..];
        let clause = tail
            .split(['.', '!', '?', ';', '“', '"', '”'])
            .next()
            .unwrap_or("");
        let words: Vec<String> = clause
            .split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .collect();
        if words.is_empty() || words.len() > 8 {
            continue;
        }
        if words.iter().take(5).any(|w| lex.cues.contains(w.as_str())) {
            found = Some(i);
        }
    }
    found
}

use crate::analysis::quotes::{Quote, QuoteKind, QuoteScan};
use crate::draft::{BlockKind, Draft};
use crate::finding::Span;
use std::borrow::Cow;

/// How an attribution was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Speaker and cue in the quote's own sentence.
    Sentence,
    /// Elsewhere in the quote's paragraph ("he said" in the next sentence).
    Paragraph,
    /// A lead-in paragraph ending in ":".
    LeadIn,
    /// A quote continued from an earlier paragraph (AP convention).
    Continued,
    /// A floating quote after a paragraph that ends with the same speaker.
    Floating,
    /// A block quote signed with a "— Name" line.
    Signature,
    /// Another quote of the same paragraph is attributed.
    SameParagraph,
}

/// Who said a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub speaker: Option<Span>,
    pub cue: Option<Span>,
    /// The speaker is an unnamed source ("a source familiar with the call").
    pub anonymous: bool,
    /// For a pronoun or role, the named person it most plausibly refers to
    /// (for display only).
    pub refers_to: Option<Span>,
    pub how: How,
}

/// A speaker and a cue found in the text outside quotes.
#[derive(Debug, Clone)]
struct Clause {
    speaker: Span,
    cue: Span,
    /// The cue is a plain verb of saying ("said", "told", "according to").
    strong: bool,
}

/// One word outside quotes, with its lower-case text.
struct Tok<'a> {
    span: Span,
    lower: Cow<'a, str>,
    /// Punctuation, a quote or a line break between this word and the next.
    break_after: bool,
    /// The break is a lone comma (an apposition may end there).
    comma_after: bool,
    sentence: usize,
}

fn lower(s: &str) -> Cow<'_, str> {
    if s.chars().any(char::is_uppercase) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "i", "we", "you"];

/// Words that end a speaker phrase when walking away from the cue.
const STOPS: &[&str] = &[
    "that", "but", "when", "while", "because", "if", "so", "as", "after", "before", "since",
    "though", "although", "than", "where", "what", "how", "why", "whether", "and", "or", "to",
    "in", "on", "at", "during", "about", "of", "for", "with", "by", "from", "this", "these",
    "those", "there", "here", "which", "who", "whom", "despite",
];

/// Words after an inverted cue that end the speaker ("said Peskov on Monday").
const FORWARD_STOPS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "before",
    "to",
    "that",
    "from",
    "when",
    "while",
    "as",
    "and",
    "but",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "tonight",
    "last",
    "this",
    "earlier",
    "later",
    "recently",
    "then",
    "again",
    "also",
];

/// Attribute every quote of the draft.
pub fn attribute(
    draft: &Draft,
    scan: &QuoteScan,
    extra_cues: &[String],
) -> Vec<Option<Attribution>> {
    let quotes = &scan.quotes;
    let mut out: Vec<Option<Attribution>> = vec![None; quotes.len()];
    let mut i = 0;
    let mut last_named: Option<Span> = None;
    while i < quotes.len() {
        let pi = quotes[i].paragraph;
        let mut j = i;
        while j < quotes.len() && quotes[j].paragraph == pi {
            j += 1;
        }
        let toks = tokens(draft, pi, quotes);
        let clauses = clauses(draft, &toks, extra_cues);
        for k in i..j {
            let q = &quotes[k];
            let found = if q.kind == QuoteKind::Block {
                block(draft, quotes, k, &clauses)
            } else {
                in_sentence(draft, q, &clauses)
                    .or_else(|| colon_before(draft, q))
                    .or_else(|| dash_after(draft, q))
                    .or_else(|| continued(quotes, k, &out))
                    .or_else(|| in_paragraph(q, &clauses))
                    .or_else(|| lead_in(draft, q, pi, quotes))
                    .or_else(|| floating(draft, quotes, k, &out))
                    .or_else(|| framed_by_subject(draft, q, &toks))
            };
            out[k] = found;
        }
        // Quotes of a paragraph where another is attributed share it.
        if let Some(first) =
            (i..j).find(|&k| out[k].is_some() && quotes[k].kind != QuoteKind::Block)
        {
            let shared = out[first].clone();
            for slot in out.iter_mut().take(j).skip(i) {
                if slot.is_none() {
                    if let Some(mut a) = shared.clone() {
                        a.how = How::SameParagraph;
                        *slot = Some(a);
                    }
                }
            }
        }
        for a in out[i..j].iter_mut().flatten() {
            if let Some(sp) = &a.speaker {
                let pronoun = PRONOUNS.contains(&draft.slice(sp).to_lowercase().as_str());
                if let Some(name) = named_part(draft, sp) {
                    last_named = Some(name);
                } else if pronoun && a.refers_to.is_none() {
                    a.refers_to = last_named.clone();
                }
                a.anonymous = is_anonymous(draft, sp);
            }
        }
        i = j;
    }
    out
}

/// The words of paragraph `pi` outside its quotes.
fn tokens<'a>(draft: &'a Draft, pi: usize, quotes: &[Quote]) -> Vec<Tok<'a>> {
    let para = &draft.paragraphs[pi];
    let inside: Vec<&Span> = quotes
        .iter()
        .filter(|q| q.span.start < para.span.end && q.span.end > para.span.start)
        .map(|q| &q.span)
        .collect();
    let words = draft.words_in(&para.span);
    let mut toks: Vec<Tok> = Vec::with_capacity(words.len());
    let mut qi = 0;
    for w in &draft.words[words] {
        while qi < inside.len() && inside[qi].end <= w.span.start {
            qi += 1;
        }
        if qi < inside.len() && inside[qi].start <= w.span.start {
            // A quote lies here: the previous word is cut off from the next.
            if let Some(last) = toks.last_mut() {
                last.break_after = true;
            }
            continue;
        }
        if let Some(last) = toks.last_mut() {
            let gap = draft.prose.get(last.span.end..w.span.start).unwrap_or(" ");
            if gap.chars().any(|c| !c.is_whitespace() || c == '\n') {
                last.break_after = true;
                // A comma or a closing parenthesis may end an apposition
                // ("Peskov, the spokesman, said"; "Schumer (D-N.Y.) said").
                last.comma_after = matches!(gap.trim(), "," | ")" | ")," | ".," | ".)");
            }
        }
        toks.push(Tok {
            span: w.span.clone(),
            lower: lower(draft.word_text(w)),
            break_after: false,
            comma_after: false,
            sentence: w.sentence,
        });
    }
    if let Some(last) = toks.last_mut() {
        last.break_after = true;
    }
    toks
}

/// Every (speaker, cue) pair among the words outside quotes.
fn clauses(draft: &Draft, toks: &[Tok], extra: &[String]) -> Vec<Clause> {
    let lex = lexicon();
    let mut out = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        let Some(len) = cue_len(toks, k, extra) else {
            k += 1;
            continue;
        };
        let cue = toks[k].span.start..toks[k + len - 1].span.end;
        let phrase = phrase(toks, k, len);
        let according = phrase == "according to";
        // ", saying", ", telling", ", calling": the speaker is the
        // sentence's subject, not the phrase before the comma.
        let participle = !according
            && len == 1
            && toks[k].lower.ends_with("ing")
            && k > 0
            && (toks[k - 1].break_after
                || matches!(
                    toks[k - 1].lower.as_ref(),
                    "despite" | "by" | "after" | "before" | "while" | "when" | "without"
                ));
        let speaker = if according {
            forward(toks, k + len - 1, 10)
        } else if participle {
            subject_of(draft, toks, k).or_else(|| backward(toks, k))
        } else {
            backward(toks, k).or_else(|| {
                let inverted = lex.inversion.contains(phrase.as_str())
                    || extra.contains(&phrase)
                    || ((k == 0 || toks[k - 1].break_after)
                        && opens_noun_phrase(draft, toks, k + len));
                if inverted {
                    forward(toks, k + len - 1, 8)
                } else {
                    None
                }
            })
        }
        .or_else(|| subject_of(draft, toks, k));
        if let Some(speaker) = speaker.filter(|sp| has_content(toks, sp)) {
            // Read the speaker generously (back to the last punctuation) to
            // see "a source familiar with the call with European leaders" whole.
            let wide = wide_back(toks, k)
                .filter(|w| w.start < speaker.start)
                .unwrap_or_else(|| speaker.clone());
            let speaker = if is_anonymous(draft, &wide) && !is_anonymous(draft, &speaker) {
                wide.clone()
            } else {
                speaker
            };
            let strong = matches!(
                phrase.as_str(),
                "said"
                    | "says"
                    | "say"
                    | "told"
                    | "tells"
                    | "wrote"
                    | "writes"
                    | "added"
                    | "adds"
                    | "asked"
                    | "asks"
                    | "according to"
                    | "told reporters"
            );
            out.push(Clause {
                speaker,
                cue,
                strong,
            });
        }
        k += len;
    }
    out
}

/// Words that cannot be a speaker on their own ("the proposed plan").
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "his", "her", "their", "its", "our", "my", "your",
    "some", "any", "no", "every", "each", "whom", "what", "not", "all",
];

/// Whether a speaker phrase has a word that is not a function word.
fn has_content(toks: &[Tok], speaker: &Span) -> bool {
    toks.iter()
        .filter(|t| t.span.start >= speaker.start && t.span.end <= speaker.end)
        .any(|t| !FUNCTION_WORDS.contains(&t.lower.as_ref()))
}

/// Whether the word at `i` can open a speaker phrase after an inverted
/// cue (“…,” mused the host / mused Stu Burguiere).
fn opens_noun_phrase(draft: &Draft, toks: &[Tok], i: usize) -> bool {
    let Some(t) = toks.get(i) else { return false };
    matches!(
        t.lower.as_ref(),
        "the" | "a" | "an" | "his" | "her" | "their" | "one" | "another"
    ) || draft
        .slice(&t.span)
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

fn phrase(toks: &[Tok], k: usize, len: usize) -> String {
    let mut s = String::new();
    for t in &toks[k..k + len] {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&t.lower);
    }
    s
}

/// The number of words of the cue starting at `k`, if one does.
fn cue_len(toks: &[Tok], k: usize, extra: &[String]) -> Option<usize> {
    let lex = lexicon();
    for len in (1..=3).rev() {
        if k + len > toks.len() || toks[k..k + len - 1].iter().any(|t| t.break_after) {
            continue;
        }
        let p = if len == 1 {
            toks[k].lower.to_string()
        } else {
            phrase(toks, k, len)
        };
        if lex.cues.contains(p.as_str()) || extra.contains(&p) {
            // "in a statement" alone is not a cue; it rides on a verb.
            if p.starts_with("in ") {
                continue;
            }
            return Some(len);
        }
    }
    None
}

/// The speaker phrase ending just before the cue at `k` ("Peskov later").
fn backward(toks: &[Tok], k: usize) -> Option<Span> {
    let lex = lexicon();
    let mut j = k;
    // Skip auxiliaries and adverbs between speaker and cue.
    while j > 0 && !toks[j - 1].break_after {
        let w = &toks[j - 1].lower;
        if lex.between.contains(w.as_ref()) || (w.ends_with("ly") && w.len() > 4) {
            j -= 1;
        } else {
            break;
        }
    }
    if j == 0 {
        return None;
    }
    // "Peskov, the Kremlin spokesman, said": a comma may close an apposition.
    if toks[j - 1].break_after && !toks[j - 1].comma_after {
        return None;
    }
    let end = j;
    let mut start = j - 1;
    // "a message that said", "officials who said": the relative pronoun
    // stands for the phrase before it.
    if matches!(toks[start].lower.as_ref(), "who" | "which" | "that") {
        return Some(toks[start].span.clone());
    }
    if STOPS.contains(&toks[start].lower.as_ref()) {
        return None;
    }
    let mut stopped = false;
    while start > 0 && end - start < 10 && !toks[start - 1].break_after {
        let w = &toks[start - 1].lower;
        if STOPS.contains(&w.as_ref()) || lexicon().cues.contains(w.as_ref()) {
            stopped = STOPS.contains(&w.as_ref());
            break;
        }
        start -= 1;
    }
    // "Trump, in Kentucky, said": the apposition is a phrase of place or
    // time; the speaker stands before its opening comma.
    let apposition = toks[end - 1].break_after;
    if apposition && stopped {
        let open = (start.saturating_sub(10)..start.saturating_sub(1))
            .rev()
            .find(|&i| toks[i].comma_after);
        if let Some(c) = open {
            let mut s0 = c;
            while s0 > 0
                && c - s0 < 8
                && !toks[s0 - 1].break_after
                && !STOPS.contains(&toks[s0 - 1].lower.as_ref())
            {
                s0 -= 1;
            }
            if !STOPS.contains(&toks[c].lower.as_ref()) {
                return Some(toks[s0].span.start..toks[c].span.end);
            }
        }
    }
    Some(toks[start].span.start..toks[end - 1].span.end)
}

/// Back from the cue at `k` to the last punctuation or cue (15 words at most).
fn wide_back(toks: &[Tok], k: usize) -> Option<Span> {
    let lex = lexicon();
    if k == 0 || toks[k - 1].break_after {
        return None;
    }
    let mut start = k - 1;
    while start > 0
        && k - start < 15
        && !toks[start - 1].break_after
        && !lex.cues.contains(toks[start - 1].lower.as_ref())
    {
        start -= 1;
    }
    Some(toks[start].span.start..toks[k - 1].span.end)
}

/// The speaker phrase after an inverted cue ("said Peskov", "according to
/// the report").
fn forward(toks: &[Tok], last: usize, max: usize) -> Option<Span> {
    if toks[last].break_after {
        return None;
    }
    let start = last + 1;
    let mut end = start;
    while end < toks.len() && end - start < max {
        let w = &toks[end].lower;
        if end > start && FORWARD_STOPS.contains(&w.as_ref()) {
            break;
        }
        if end == start && (FORWARD_STOPS.contains(&w.as_ref()) || STOPS.contains(&w.as_ref())) {
            return None;
        }
        end += 1;
        if toks[end - 1].break_after {
            break;
        }
    }
    (end > start).then(|| toks[start].span.start..toks[end - 1].span.end)
}

/// Words that open a sentence without being its subject.
const OPENERS: &[&str] = &[
    "like",
    "unlike",
    "led",
    "first",
    "despite",
    "following",
    "amid",
    "among",
    "given",
    "in",
    "on",
    "at",
    "after",
    "before",
    "but",
    "and",
    "then",
    "when",
    "while",
    "since",
    "as",
    "if",
    "although",
    "though",
    "however",
    "meanwhile",
    "also",
    "so",
    "yet",
    "for",
    "with",
    "without",
    "during",
    "under",
    "over",
    "to",
    "from",
    "by",
    "this",
    "that",
    "there",
    "here",
    "still",
    "now",
    "instead",
    "later",
    "earlier",
    "asked",
    "speaking",
    "according",
    "the",
    "a",
    "an",
    "what",
    "why",
    "how",
    "where",
    "last",
    "next",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "once",
    "even",
    "not",
    "only",
    "indeed",
    "again",
];

/// When the cue has no speaker beside it ("X did Y and said", ", saying",
/// "by saying"), the sentence's subject: the first pronoun or capitalized
/// word at the start of the sentence or after a comma, before the cue.
fn subject_of(draft: &Draft, toks: &[Tok], k: usize) -> Option<Span> {
    let sentence = toks[k].sentence;
    let first = toks[..k]
        .iter()
        .rposition(|t| t.sentence != sentence)
        .map_or(0, |i| i + 1);
    for i in first..k {
        if i != first && !toks[i - 1].break_after {
            continue;
        }
        let w = &toks[i];
        if PRONOUNS.contains(&w.lower.as_ref()) {
            return Some(w.span.clone());
        }
        let text = draft.slice(&w.span);
        let article = matches!(w.lower.as_ref(), "the" | "a" | "an");
        if article && i + 1 < k && !w.break_after {
            // "The mayor", "The Associated Press".
            let mut end = i + 1;
            while end + 1 < k
                && !toks[end].break_after
                && draft
                    .slice(&toks[end + 1].span)
                    .starts_with(char::is_uppercase)
            {
                end += 1;
            }
            return Some(w.span.start..toks[end].span.end);
        }
        if !text.chars().next().is_some_and(char::is_uppercase)
            || OPENERS.contains(&w.lower.as_ref())
            || (i == first && w.lower.ends_with("ing"))
        {
            continue;
        }
        let mut end = i;
        while end + 1 < k && !toks[end].break_after && end - i < 6 {
            let next = draft.slice(&toks[end + 1].span);
            let particle = matches!(
                next,
                "von" | "van" | "der" | "den" | "de" | "la" | "le" | "al" | "bin" | "da" | "dos"
            );
            if particle || next.chars().next().is_some_and(char::is_uppercase) {
                end += 1;
            } else {
                break;
            }
        }
        return Some(toks[i].span.start..toks[end].span.end);
    }
    None
}

/// Speaker and cue in the quote's own sentence(s): the nearest clause.
fn in_sentence(draft: &Draft, q: &Quote, clauses: &[Clause]) -> Option<Attribution> {
    let first = q.sentence;
    let last = q
        .close
        .as_ref()
        .and_then(|c| draft.sentence_at(c.start))
        .unwrap_or(first)
        .max(first);
    let lo = draft.sentences.get(first)?.span.start;
    let hi = draft.sentences.get(last)?.span.end;
    nearest(
        q,
        clauses
            .iter()
            .filter(|c| c.cue.start >= lo && c.cue.end <= hi),
        How::Sentence,
    )
}

fn nearest<'c>(
    q: &Quote,
    cands: impl Iterator<Item = &'c Clause>,
    how: How,
) -> Option<Attribution> {
    cands
        .min_by_key(|c| {
            let distance = if c.cue.start >= q.span.end {
                c.cue.start - q.span.end
            } else {
                q.span.start.saturating_sub(c.cue.end) + 1
            };
            // "said" beats "declared" in an embedded clause nearer the quote.
            if c.strong {
                distance
            } else {
                distance + 120
            }
        })
        .map(|c| Attribution {
            speaker: Some(c.speaker.clone()),
            cue: Some(c.cue.clone()),
            anonymous: false,
            refers_to: None,
            how,
        })
}

/// A partial quote inside a sentence whose subject is a person or a named
/// body ("Trump attacked “the hateful ideology of …”", "Ted Nordhaus
/// welcomed “the recognition that …”"): the subject is the speaker, the
/// verb after it the cue. Only names and personal pronouns count: "The
/// plan was “a disaster for every family”" has no speaker.
fn framed_by_subject(draft: &Draft, q: &Quote, toks: &[Tok]) -> Option<Attribution> {
    if q.kind != QuoteKind::Partial {
        return None;
    }
    let first = toks
        .iter()
        .position(|t| t.sentence == q.sentence && t.span.end <= q.span.start)?;
    let before = toks[first..]
        .iter()
        .take_while(|t| t.span.end <= q.span.start)
        .count();
    // The sentence start, or just after a comma ("In a speech, Lin attacked").
    (first..first + before)
        .filter(|&i| i == first || toks[i - 1].comma_after)
        .find_map(|i| subject_at(draft, q, toks, i))
}

/// A name or personal pronoun at `i` followed by a verb before the quote.
fn subject_at(draft: &Draft, q: &Quote, toks: &[Tok], first: usize) -> Option<Attribution> {
    let w = &toks[first];
    let text = draft.slice(&w.span);
    let mut end = first;
    if !matches!(w.lower.as_ref(), "he" | "she" | "they" | "i" | "we") {
        let mut i = first;
        if w.lower == "the" {
            i += 1;
        } else if OPENERS.contains(&w.lower.as_ref()) || !text.starts_with(char::is_uppercase) {
            return None;
        }
        let name = toks.get(i).filter(|t| !t.break_after || t.comma_after)?;
        if !draft.slice(&name.span).starts_with(char::is_uppercase)
            || OPENERS.contains(&name.lower.as_ref())
        {
            return None;
        }
        end = i;
        while end + 1 < toks.len()
            && !toks[end].break_after
            && toks[end + 1].span.end <= q.span.start
            && draft
                .slice(&toks[end + 1].span)
                .starts_with(char::is_uppercase)
        {
            end += 1;
        }
    }
    if toks[end].break_after {
        return None;
    }
    let verb = toks
        .get(end + 1)
        .filter(|t| t.span.end <= q.span.start && t.sentence == q.sentence)?;
    Some(Attribution {
        speaker: Some(w.span.start..toks[end].span.end),
        cue: Some(verb.span.clone()),
        anonymous: false,
        refers_to: None,
        how: How::Sentence,
    })
}

/// A lead-in ending in ":" right before the quote ("Then, on CNN: “…”").
/// The colon is the cue; the speaker is the sentence's subject if it has one.
fn colon_before(draft: &Draft, q: &Quote) -> Option<Attribution> {
    let para = &draft.paragraphs[q.paragraph];
    let before = draft.prose.get(para.span.start..q.span.start)?.trim_end();
    if !before.ends_with(':') {
        return None;
    }
    let colon = para.span.start + before.len() - 1;
    let sentence = draft.sentence_at(colon)?;
    let speaker = draft.sentence_words(sentence).iter().find_map(|w| {
        let t = draft.word_text(w);
        let pronoun = PRONOUNS.contains(&t.to_lowercase().as_str());
        let capital = t.chars().next().is_some_and(char::is_uppercase);
        (pronoun || capital && !OPENERS.contains(&t.to_lowercase().as_str()))
            .then(|| w.span.clone())
    });
    Some(Attribution {
        speaker,
        cue: Some(colon..colon + 1),
        anonymous: false,
        refers_to: None,
        how: How::Sentence,
    })
}

/// A dash and a name right after the quote (“…” ― Jane Doe).
fn dash_after(draft: &Draft, q: &Quote) -> Option<Attribution> {
    let para = &draft.paragraphs[q.paragraph];
    let after = draft.prose.get(q.span.end..para.span.end)?;
    let body = after.trim_start();
    let dash = body
        .chars()
        .next()
        .filter(|c| matches!(c, '—' | '–' | '―' | '-'))?;
    let dash_at = q.span.end + (after.len() - body.len());
    let rest = &body[dash.len_utf8()..];
    // Zero-width joiners and other format characters may follow the dash.
    let name = rest.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    });
    if !name.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let name_at = dash_at + dash.len_utf8() + (rest.len() - name.len());
    let len = name
        .find(['\n', ',', '.', '“', '"', '(', ';'])
        .unwrap_or(name.len());
    let name = name[..len].trim_end();
    if name.is_empty() || name.split_whitespace().count() > 6 {
        return None;
    }
    Some(Attribution {
        speaker: Some(name_at..name_at + name.len()),
        cue: Some(dash_at..dash_at + dash.len_utf8()),
        anonymous: false,
        refers_to: None,
        how: How::Signature,
    })
}

/// A continued quote is said by whoever said the first paragraph of it.
fn continued(quotes: &[Quote], k: usize, out: &[Option<Attribution>]) -> Option<Attribution> {
    let prev = quotes[k].continues?;
    let mut a = out.get(prev)?.clone()?;
    a.how = How::Continued;
    Some(a)
}

fn in_paragraph(q: &Quote, clauses: &[Clause]) -> Option<Attribution> {
    nearest(q, clauses.iter(), How::Paragraph)
}

/// The paragraph before `pi`, if it is prose (not a heading).
fn previous_prose(draft: &Draft, pi: usize) -> Option<usize> {
    let prev = pi.checked_sub(1)?;
    let p = draft.paragraphs.get(prev)?;
    (p.kind != BlockKind::Heading).then_some(prev)
}

/// Whether the quote opens its paragraph (nothing but space before it).
fn opens_paragraph(draft: &Draft, q: &Quote) -> bool {
    let p = &draft.paragraphs[q.paragraph];
    draft
        .prose
        .get(p.span.start..q.span.start)
        .is_some_and(|s| s.trim().is_empty())
}

/// A lead-in paragraph ending in ":" ("Here is what Peskov said:").
fn lead_in(draft: &Draft, q: &Quote, pi: usize, quotes: &[Quote]) -> Option<Attribution> {
    if !opens_paragraph(draft, q) {
        return None;
    }
    let prev = previous_prose(draft, pi)?;
    let text = draft.prose_slice(&draft.paragraphs[prev].span);
    let trimmed = text.trim_end();
    if !trimmed.ends_with(':') {
        return None;
    }
    let colon = draft.paragraphs[prev].span.start + trimmed.len() - 1;
    let toks = tokens(draft, prev, quotes);
    let cl = clauses(draft, &toks, &[]);
    let speaker = cl.last().map(|c| c.speaker.clone()).or_else(|| {
        // "In response, Donald Trump issued the following statement:".
        let last = toks.len().checked_sub(1)?;
        subject_of(draft, &toks, last)
    });
    Some(Attribution {
        speaker,
        cue: Some(cl.last().map_or(colon..colon + 1, |c| c.cue.clone())),
        anonymous: false,
        refers_to: None,
        how: How::LeadIn,
    })
}

/// A floating quote: a paragraph that opens with a quote and has no
/// attribution of its own, after a paragraph whose last sentence holds an
/// attributed quote. The same speaker goes on.
fn floating(
    draft: &Draft,
    quotes: &[Quote],
    k: usize,
    out: &[Option<Attribution>],
) -> Option<Attribution> {
    let q = &quotes[k];
    if !opens_paragraph(draft, q) {
        return None;
    }
    let prev = previous_prose(draft, q.paragraph)?;
    let last_sentence = draft.paragraphs[prev].sentences.end.checked_sub(1)?;
    let sentence_start = draft.sentences.get(last_sentence)?.span.start;
    let last_quote = quotes
        .iter()
        .enumerate()
        .take(k)
        .rev()
        .find(|(_, p)| p.paragraph == prev);
    let (pk, prev_q) = last_quote?;
    if prev_q.span.end >= sentence_start && prev_q.kind != QuoteKind::Scare {
        let mut a = out.get(pk)?.clone()?;
        a.how = How::Floating;
        return Some(a);
    }
    None
}

/// A block quote: a lead-in ending in ":", a "— Name" signature, or a
/// clause in the paragraph before.
fn block(draft: &Draft, quotes: &[Quote], k: usize, _clauses: &[Clause]) -> Option<Attribution> {
    let q = &quotes[k];
    if let Some(a) = signature(draft, q) {
        return Some(a);
    }
    if let Some(a) = lead_in(draft, q, q.paragraph, quotes) {
        return Some(a);
    }
    let prev = previous_prose(draft, q.paragraph)?;
    let toks = tokens(draft, prev, quotes);
    let cl = clauses(draft, &toks, &[]);
    let c = cl.last()?;
    Some(Attribution {
        speaker: Some(c.speaker.clone()),
        cue: Some(c.cue.clone()),
        anonymous: false,
        refers_to: None,
        how: How::Paragraph,
    })
}

/// "— Name" as the last line of a block quote or the paragraph after it.
fn signature(draft: &Draft, q: &Quote) -> Option<Attribution> {
    let text = draft.prose_slice(&q.span);
    let last_line_at = text.trim_end().rfind('\n').map_or(0, |i| i + 1);
    let mut candidates: Vec<Span> = Vec::with_capacity(2);
    candidates.push(q.span.start + last_line_at..q.span.end);
    let next_para = draft
        .paragraph_at(q.span.end.saturating_sub(1))
        .map(|i| i + 1);
    if let Some(n) = next_para.and_then(|i| draft.paragraphs.get(i)) {
        if n.kind != BlockKind::BlockQuote
            || n.block_quote != draft.paragraphs[q.paragraph].block_quote
        {
            candidates.push(n.span.clone());
        }
    }
    for span in candidates {
        let line = draft.prose_slice(&span);
        let body = line.trim_start();
        let lead = line.len() - body.len();
        let Some(dash) = body
            .chars()
            .next()
            .filter(|c| matches!(c, '—' | '–' | '―' | '-' | '~'))
        else {
            continue;
        };
        let rest = &body[dash.len_utf8()..];
        let name = rest.trim();
        if name.is_empty() || name.split_whitespace().count() > 12 {
            continue;
        }
        let name_at = span.start + lead + dash.len_utf8() + (rest.len() - rest.trim_start().len());
        let name_end = name_at
            + name
                .split([',', '\n'])
                .next()
                .unwrap_or(name)
                .trim_end()
                .len();
        return Some(Attribution {
            speaker: Some(name_at..name_end),
            cue: Some(span.start + lead..span.start + lead + dash.len_utf8()),
            anonymous: false,
            refers_to: None,
            how: How::Signature,
        });
    }
    None
}

/// The capitalized run naming someone inside a speaker phrase ("Dmitry
/// Peskov" in "Kremlin spokesperson Dmitry Peskov"), if any.
pub fn named_part(draft: &Draft, speaker: &Span) -> Option<Span> {
    let words = draft.words_in(speaker);
    let mut best: Option<Span> = None;
    let mut run: Option<Span> = None;
    for w in &draft.words[words] {
        let t = draft.word_text(w);
        let capital = t.chars().next().is_some_and(char::is_uppercase);
        let function = matches!(
            t,
            "The" | "A" | "An" | "He" | "She" | "They" | "It" | "I" | "We" | "One" | "Some" | "Two"
        );
        if capital && !function && !PRONOUNS.contains(&t.to_lowercase().as_str()) {
            run = Some(match run {
                Some(r) => r.start..w.span.end,
                None => w.span.clone(),
            });
            best = run.clone();
        } else {
            run = None;
        }
    }
    best
}

/// Whether a speaker phrase names nobody: "a source familiar with the
/// call", "officials", "people briefed on the talks", "a senior official".
pub fn is_anonymous(draft: &Draft, speaker: &Span) -> bool {
    let lex = lexicon();
    let text = draft.slice(speaker);
    let low = text.to_lowercase();
    if lex.anonymous_markers.iter().any(|m| low.contains(m)) {
        return true;
    }
    let words: Vec<&crate::draft::Word> = draft.words[draft.words_in(speaker)].iter().collect();
    for (i, w) in words.iter().enumerate() {
        let t = lower(draft.word_text(w));
        if !lex.anonymous_heads.contains(t.as_ref()) {
            continue;
        }
        if i > 3 {
            return false;
        }
        // "official statement", "source code": an adjective or a compound.
        let next_lower = words.get(i + 1).is_some_and(|n| {
            draft
                .word_text(n)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        });
        if t == "official" && next_lower {
            continue;
        }
        // Only a determiner may be capitalized before the head ("A senior
        // official", "Two sources"); "Hispanic people" is no source.
        let capitalized_modifier = words[..i].iter().enumerate().any(|(m, w)| {
            let text = draft.word_text(w);
            let determiner = m == 0
                && matches!(
                    text,
                    "A" | "An"
                        | "One"
                        | "Two"
                        | "Three"
                        | "Some"
                        | "Several"
                        | "Many"
                        | "Other"
                        | "Senior"
                );
            text.chars().next().is_some_and(char::is_uppercase) && !determiner
        });
        if capitalized_modifier {
            return false;
        }
        // "adviser Yuri Ushakov" names someone.
        let named_after = words.get(i + 1).is_some_and(|n| {
            draft
                .word_text(n)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        });
        if named_after {
            return false;
        }
        let det = if i == 0 {
            None
        } else {
            Some(lower(draft.word_text(words[0])).into_owned())
        };
        let definite = matches!(
            det.as_deref(),
            Some("the" | "his" | "her" | "their" | "its" | "our" | "my" | "that" | "this")
        );
        let plural = t.ends_with('s') || t == "people";
        return !definite || (plural && det.as_deref() != Some("the"));
    }
    false
}

/// How a quote's speaker is shown: the name in the speaker phrase, else the
/// named person a pronoun refers to ("he (Peskov)"), else the phrase.
pub fn display_speaker(draft: &Draft, attr: &Attribution) -> String {
    let Some(sp) = &attr.speaker else {
        return "(lead-in)".to_string();
    };
    if let Some(name) = named_part(draft, sp) {
        let text = draft.slice(&name);
        return text
            .strip_suffix("’s")
            .or_else(|| text.strip_suffix("'s"))
            .unwrap_or(text)
            .to_string();
    }
    match &attr.refers_to {
        Some(r) => format!("{} ({})", draft.slice(sp), draft.slice(r)),
        None => draft.slice(sp).to_string(),
    }
}

/// The first words of a quote, on one line.
pub fn excerpt(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > max {
        let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// Hover on a quote: who said it, and the cue (Markdown).
pub fn quote_hover(a: &crate::analysis::Analysis, offset: usize) -> Option<(Span, String)> {
    let k = a.quotes.at(offset)?;
    let q = &a.quotes.quotes[k];
    let head = Quote::head(&a.quotes.quotes, k);
    let kind = q.kind.as_str();
    let text = match a.attributions.get(head).and_then(Option::as_ref) {
        Some(attr) => {
            let who = display_speaker(&a.draft, attr);
            let cue = attr.cue.as_ref().map(|c| a.draft.slice(c)).unwrap_or("");
            let anonymous = if attr.anonymous {
                " — an unnamed source"
            } else {
                ""
            };
            format!("**Quote** ({kind}) said by **{who}**{anonymous}\n\ncue: “{cue}”")
        }
        None if q.kind == QuoteKind::Scare => format!("**Quote** ({kind}): needs no attribution"),
        None => format!("**Quote** ({kind}): nobody is named as saying it"),
    };
    Some((q.span.clone(), text))
}

/// The source list for the outline: each speaker with their quotes, the
/// unattributed last. Scare quotes are left out.
pub fn quote_outline(a: &crate::analysis::Analysis) -> Vec<crate::analysis::OutlineItem> {
    use crate::analysis::{OutlineItem, OutlineKind};
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut unattributed = Vec::new();
    for (k, q) in a.quotes.quotes.iter().enumerate() {
        if q.kind == QuoteKind::Scare {
            continue;
        }
        let head = Quote::head(&a.quotes.quotes, k);
        match a.attributions.get(head).and_then(Option::as_ref) {
            Some(attr) => {
                let name = display_speaker(&a.draft, attr);
                match groups.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, ks)) => ks.push(k),
                    None => groups.push((name, vec![k])),
                }
            }
            None => unattributed.push(k),
        }
    }
    if !unattributed.is_empty() {
        groups.push(("(unattributed)".to_string(), unattributed));
    }
    groups
        .into_iter()
        .filter_map(|(name, ks)| {
            let quotes = &a.quotes.quotes;
            let first = quotes.get(*ks.first()?)?;
            let last = quotes.get(*ks.last()?)?;
            let children = ks
                .iter()
                .map(|&k| {
                    let q = &quotes[k];
                    OutlineItem {
                        name: excerpt(a.draft.slice(&q.span), 60),
                        detail: q.kind.as_str().to_string(),
                        kind: OutlineKind::Quote,
                        range: q.span.clone(),
                        selection: q.span.clone(),
                        children: Vec::new(),
                    }
                })
                .collect::<Vec<_>>();
            let n = children.len();
            Some(OutlineItem {
                name,
                detail: format!("{n} quote{}", if n == 1 { "" } else { "s" }),
                kind: OutlineKind::Person,
                range: first.span.start..last.span.end,
                selection: first.span.clone(),
                children,
            })
        })
        .collect()
}

/// Put each speaker's quotes under the person of the same surname in the
/// people outline; speakers who are no person there (roles, bodies, the
/// unattributed) follow as items of their own.
pub fn merge_outline(
    mut people: Vec<crate::analysis::OutlineItem>,
    speakers: Vec<crate::analysis::OutlineItem>,
) -> Vec<crate::analysis::OutlineItem> {
    fn surname(name: &str) -> &str {
        name.split_whitespace().last().unwrap_or(name)
    }
    for group in speakers {
        let found = people.iter_mut().find(|p| {
            p.kind == crate::analysis::OutlineKind::Person
                && !group.name.starts_with('(')
                && surname(&p.name) == surname(&group.name)
        });
        match found {
            Some(person) => {
                let n = group.children.len();
                person.detail = format!(
                    "{}, {n} quote{}",
                    person.detail,
                    if n == 1 { "" } else { "s" }
                );
                person.range = person.range.start.min(group.range.start)
                    ..person.range.end.max(group.range.end);
                person.children.extend(group.children);
            }
            None => people.push(group),
        }
    }
    people
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analysis, OutlineKind};
    use crate::draft::{Draft, DraftKind};
    use crate::stylebook::Stylebook;

    fn analyse(text: &str) -> Analysis<'_> {
        Analysis::new(Draft::parse(text, DraftKind::Plain), &Stylebook::default())
    }

    #[test]
    fn hover_names_the_speaker_and_cue() {
        let text = "“We will not back down,” Dmitry Peskov said.";
        let a = analyse(text);
        let (span, shown) = a.hover(5).expect("hover on the quote");
        assert_eq!(&text[span], "“We will not back down,”");
        assert!(
            shown.contains("Dmitry Peskov") && shown.contains("said"),
            "{shown}"
        );
    }

    #[test]
    fn hover_resolves_a_pronoun_to_the_last_named_speaker() {
        let text =
            "“We go,” Peskov said.\n\nLater, “we will stay the whole week,” he told reporters.";
        let a = analyse(text);
        let at = text.find("we will").unwrap();
        let (_, shown) = a.hover(at).expect("hover");
        assert!(shown.contains("he (Peskov)"), "{shown}");
    }

    #[test]
    fn hover_on_an_unattributed_quote_says_so() {
        let a = analyse("“We will not back down.”");
        assert!(a.hover(3).expect("hover").1.contains("nobody"));
        assert!(a.hover(100).is_none());
    }

    #[test]
    fn outline_lists_speakers_with_their_quotes() {
        let text = "“We go,” Peskov said. “We stay,” Lin said.\n\n“Fine by us,” Peskov added.\n\nThe talks ended.\n\n“Who knows what comes next.”\n";
        let outline = analyse(text).outline();
        let names: Vec<&str> = outline.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, vec!["Peskov", "Lin", "(unattributed)"]);
        assert_eq!(outline[0].children.len(), 2);
        assert_eq!(outline[0].detail, "2 quotes");
        assert!(outline.iter().all(|o| o.kind == OutlineKind::Person));
    }
}
