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
