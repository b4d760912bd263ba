use super::*;

fn sentences(text: &str, kind: DraftKind) -> Vec<String> {
    let d = Draft::parse(text, kind);
    d.sentences
        .iter()
        .map(|s| d.slice(&s.span).to_string())
        .collect()
}

#[test]
fn abbreviations_and_initials_do_not_end_sentences() {
    let s = sentences(
        "Sen. Ted Cruz met Gov. Abbott in the U.S. Capitol. J. R. Smith said Mr. Jones left. Then it rained.",
        DraftKind::Plain,
    );
    assert_eq!(
        s,
        vec![
            "Sen. Ted Cruz met Gov. Abbott in the U.S. Capitol.",
            "J. R. Smith said Mr. Jones left.",
            "Then it rained."
        ]
    );
}

#[test]
fn closing_quote_stays_with_its_sentence() {
    let s = sentences("“We go now.” He left. “Why?” she asked.", DraftKind::Plain);
    assert_eq!(s, vec!["“We go now.”", "He left.", "“Why?” she asked."]);
}

#[test]
fn markdown_code_is_not_prose() {
    let text = "# Title\n\nShe said `“code”` here.\n\n```\n“not prose\n```\n\n> “A block quote.”\n";
    let d = Draft::parse(text, DraftKind::Markdown);
    assert_eq!(d.prose.len(), text.len());
    assert!(!d.prose.contains("code"));
    assert!(!d.prose.contains("not prose"));
    let kinds: Vec<BlockKind> = d.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        vec![BlockKind::Heading, BlockKind::Prose, BlockKind::BlockQuote]
    );
}

#[test]
fn markdown_link_targets_and_front_matter_are_not_prose() {
    let text = "---\ntitle: “x\n---\n\nSee [the report](https://example.com/“a) and https://x.org/b now.\n";
    let d = Draft::parse(text, DraftKind::Markdown);
    assert!(d.prose.contains("the report"));
    assert!(!d.prose.contains('“'));
    assert!(!d.prose.contains("x.org"));
    assert_eq!(d.paragraphs.len(), 1);
}

#[test]
fn markdown_comments_are_collected() {
    let text = "<!-- copydesk-disable-next-line quote.unattributed -->\n“We go.”\n";
    let d = Draft::parse(text, DraftKind::Markdown);
    assert_eq!(d.comments.len(), 1);
    assert_eq!(
        d.comments[0].body,
        "copydesk-disable-next-line quote.unattributed"
    );
}

#[test]
fn plain_lines_are_paragraphs_and_short_lines_headings() {
    let text = "Talks Resume\nThe talks resumed on Monday.\r\nBoth sides met.\n";
    let d = Draft::parse(text, DraftKind::Plain);
    let kinds: Vec<BlockKind> = d.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        vec![BlockKind::Heading, BlockKind::Prose, BlockKind::Prose]
    );
}

#[test]
fn plain_hard_wrapped_paragraphs_join_lines() {
    let text = "The talks resumed on Monday after a week in which\nneither side would say what it wanted from the\nother, and both sides said little.\n\nA second paragraph began here and it ran on for\na while before it ended without much more to\nsay.\n";
    let d = Draft::parse(text, DraftKind::Plain);
    assert_eq!(d.paragraphs.len(), 2);
}

#[test]
fn words_keep_apostrophes_and_hyphens() {
    let text = "Zelenskyy’s al-Qaida rock ’n’ roll U.S.";
    let d = Draft::parse(text, DraftKind::Plain);
    let w: Vec<&str> = d.words.iter().map(|w| d.word_text(w)).collect();
    assert_eq!(
        w,
        vec!["Zelenskyy’s", "al-Qaida", "rock", "n", "roll", "U.S"]
    );
}

#[test]
fn positions_round_trip_with_crlf_and_astral() {
    let text = "a😀b\r\n“c”\rd";
    let idx = LineIndex::new(text);
    assert_eq!(idx.line_count(), 3);
    let off = text.find('b').unwrap_or(0);
    assert_eq!(idx.position(text, off, Encoding::Utf16), (0, 3));
    assert_eq!(idx.position(text, off, Encoding::Utf32), (0, 2));
    assert_eq!(idx.position(text, off, Encoding::Utf8), (0, 5));
    assert_eq!(idx.offset(text, 0, 3, Encoding::Utf16), off);
    let d = text.find('d').unwrap_or(0);
    assert_eq!(idx.position(text, d, Encoding::Utf16), (2, 0));
    assert_eq!(
        idx.offset(text, 1, 99, Encoding::Utf16),
        text.find('\r').map_or(0, |_| d - 1)
    );
}

#[test]
fn lower_view_keeps_every_offset() {
    // "İ" lower-cases to two characters and "ẞ" to a shorter one: both are
    // kept as they are so that the lower view has the text's byte length.
    let text = "ZELENSKYY’s Ärger İstanbul ẞ Σ";
    let d = Draft::parse(text, DraftKind::Plain);
    assert_eq!(d.lower.len(), text.len());
    let w: Vec<&str> = (0..d.words.len()).map(|i| d.word_lower(i)).collect();
    assert_eq!(w, vec!["zelenskyy’s", "ärger", "İstanbul", "ẞ", "σ"]);
    assert_eq!(d.word_lower(99), "");
}

#[test]
fn lower_same_length_patches_capitals_at_every_position() {
    for at in 0..20 {
        let mut text = "x".repeat(at);
        text.push_str("ÉÖ “Ä” z");
        let expected: String = text
            .chars()
            .map(|c| c.to_lowercase().next().unwrap_or(c))
            .collect();
        assert_eq!(lower_same_length(&text), expected, "at {at}");
    }
}

#[test]
fn a_drafts_lower_case_is_its_prose_lowered_a_char_at_a_time() {
    // Capitals inside words, after joiners and marks, at a word's start,
    // in both kinds of draft and on two threads.
    let letters: String = ('\u{80}'..='\u{2200}').collect();
    for text in [
        letters.clone(),
        format!("ÉCOLE d’ÉTÉ. Über-Ärger, x.Ö «Ñ» {letters}"),
        "Σ ΣΑΣ İstanbul ẞ Дом. ".repeat(50),
    ] {
        for kind in [DraftKind::Plain, DraftKind::Markdown] {
            for parallel in [false, true] {
                let d = Draft::parse_on(&text, kind, parallel);
                assert_eq!(d.lower, lower_same_length(&d.prose), "{kind:?} {parallel}");
            }
        }
    }
}

#[test]
fn lower_same_length_lowers_every_capital_a_char_at_a_time_would() {
    // Through Latin, Greek, Cyrillic and the punctuation block whose bytes
    // are skipped undecoded.
    let text: String = ('\u{80}'..='\u{2200}').collect();
    let expected: String = text
        .chars()
        .map(|c| {
            // Upper-case letters only: a title-case letter (ǅ) stays.
            if !c.is_uppercase() {
                return c;
            }
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect();
    assert_eq!(lower_same_length(&text), expected);
}

/// The pieces random drafts are made of: letters, digits and marks of
/// every kind the sentence and word finder treats specially.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "9",
    "word",
    "Then",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "\r\n",
    ".",
    "?",
    "!",
    "…",
    ",",
    "'",
    "’",
    "‘",
    "-",
    "‐",
    "\u{AD}",
    "\"",
    "“",
    "”",
    "(",
    ")",
    "[",
    "]",
    "«",
    "»",
    "›",
    "„",
    "—",
    "–",
    "*",
    "é",
    "É",
    "\u{301}",
    "\u{A0}",
    "\u{2003}",
    "Mr",
    "sen",
    "U.S",
    "J",
    "e.g",
    "ß",
    "İ",
    "😀",
    "д",
    "Д",
    "٣",
    "#",
    "> ",
    "- ",
    "`",
    "<!-- x -->",
    "_",
];

fn random_draft(picks: &[usize]) -> String {
    picks.iter().map(|&p| PIECES[p % PIECES.len()]).collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

    /// The one-pass finder agrees with the two-pass one it replaced.
    #[test]
    fn sentences_and_words_agree_with_the_two_pass_finder(
        picks in proptest::collection::vec(0usize..1000, 0..120),
        markdown in proptest::bool::ANY,
    ) {
        let text = random_draft(&picks);
        let kind = if markdown { DraftKind::Markdown } else { DraftKind::Plain };
        let d = Draft::parse(&text, kind);
        agrees_with_the_two_pass_finder(&d, &text)?;
        proptest::prop_assert_eq!(&d.lower, &lower_same_length(&d.prose), "{:?}", text);
        for (i, s) in d.sentences.iter().enumerate() {
            proptest::prop_assert!(d.paragraphs[s.paragraph].sentences.contains(&i));
            for w in &d.words[s.words.clone()] {
                proptest::prop_assert_eq!(w.sentence, i);
            }
        }
    }
}

/// The draft's sentences and words are the two-pass finder's.
fn agrees_with_the_two_pass_finder(
    d: &Draft,
    text: &str,
) -> Result<(), proptest::test_runner::TestCaseError> {
    let (sentences, words) = super::reference::parse(d);
    let found: Vec<super::reference::SentenceSpans> = d
        .sentences
        .iter()
        .map(|s| (s.span.clone(), s.words.clone()))
        .collect();
    proptest::prop_assert_eq!(found, sentences, "{:?}", text);
    let found: Vec<Range<usize>> = d.words.iter().map(|w| w.span.clone()).collect();
    proptest::prop_assert_eq!(found, words, "{:?}", text);
    Ok(())
}

/// Pieces of long paragraphs (a line break is rare), so that words fall
/// across the ends of the 64-byte windows of the sentence finder.
const LONG_PIECES: &[&str] = &[
    "word",
    " ",
    " ",
    " ",
    "Then",
    "a",
    "9",
    ",",
    ".",
    "U.S",
    "’",
    "é",
    "-",
    "'",
    "  ",
    "\n",
    "abcdefghijklmnopqrstu",
    "Zelenskyy",
    "01234567890123456789012345678901234567890123456789012345678901234567",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Long paragraphs too: the finder agrees with the two-pass one.
    #[test]
    fn long_paragraphs_agree_with_the_two_pass_finder(
        picks in proptest::collection::vec(0usize..1000, 0..400),
    ) {
        let text: String = picks.iter().map(|&p| LONG_PIECES[p % LONG_PIECES.len()]).collect();
        let d = Draft::parse(&text, DraftKind::Plain);
        agrees_with_the_two_pass_finder(&d, &text)?;
    }
}

#[test]
fn trim_span_trims_as_str_trim_does() {
    let text = " \t“a b”\u{A0} \u{0B}x\u{2003} é\r\n  ";
    let mut bounds: Vec<usize> = (0..=text.len()).collect();
    bounds.retain(|&i| text.is_char_boundary(i));
    for &start in &bounds {
        for &end in bounds.iter().filter(|&&e| e >= start) {
            let s = &text[start..end];
            let t = s.trim();
            let expected = (!t.is_empty()).then(|| {
                let lead = s.len() - s.trim_start().len();
                start + lead..start + lead + t.len()
            });
            assert_eq!(trim_span(text, start..end), expected, "{start}..{end}");
        }
    }
    assert_eq!(trim_span("é", 1..2), None);
}

/// The fields of a draft that parsing finds, for comparing two parses.
#[allow(clippy::type_complexity)]
fn outline<'d>(
    d: &'d Draft,
) -> (
    &'d str,
    &'d str,
    &'d [Paragraph],
    &'d [Sentence],
    &'d [Word],
) {
    (&d.prose, &d.lower, &d.paragraphs, &d.sentences, &d.words)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// A long draft parsed on two threads is the draft parsed on one:
    /// every index of the second half moved past the first.
    #[test]
    fn parsing_on_two_threads_finds_what_one_finds(
        picks in proptest::collection::vec(0usize..1000, 0..400),
        markdown in proptest::bool::ANY,
    ) {
        let text = random_draft(&picks);
        let kind = if markdown { DraftKind::Markdown } else { DraftKind::Plain };
        let one = Draft::parse_on(&text, kind, false);
        let two = Draft::parse_on(&text, kind, true);
        proptest::prop_assert_eq!(outline(&one), outline(&two), "{:?}", text);
    }
}

#[test]
fn a_long_draft_is_parsed_as_a_short_one_is() {
    let paragraph = "“We will not back down,” Sen. Ana Ruiz told reporters on Tuesday. \
                     The talks, she said, would go on.\n\n";
    let text = paragraph.repeat(PARALLEL_BYTES / paragraph.len() + 2);
    assert!(text.len() >= PARALLEL_BYTES);
    for kind in [DraftKind::Plain, DraftKind::Markdown] {
        let one = Draft::parse_on(&text, kind, false);
        let two = Draft::parse(&text, kind);
        assert!(one.paragraphs.len() > 100);
        assert_eq!(outline(&one), outline(&two));
    }
}

/// Lines Markdown drafts are made of: paragraphs, headings, lists, block
/// quotes, fences, comments, tables, HTML, empty lines.
const MARKDOWN_LINES: &[&str] = &[
    "",
    "",
    "",
    "The minister said “we go” on Monday.",
    "Peskov told reporters: “No.”",
    "another line of the same paragraph",
    "# A heading",
    "Heading underlined",
    "===",
    "- a list item",
    "  still the item",
    "1. numbered",
    "> a quote",
    "> > nested",
    "```",
    "```text",
    "````",
    "~~~",
    "    indented code",
    "<!-- copydesk-disable-next-line quote.unattributed -->",
    "<!-- open",
    "still open -->",
    "<div>",
    "</div>",
    "| a | b |",
    "|---|---|",
    "Text with `code` and *emphasis* and a [link](http://x.org/y).",
    "Write to desk@example.org or see www.example.org.",
    "  two spaces",
    "\t",
    "---",
    "title: A story",
    "...",
    "+++",
];

/// A draft of `MARKDOWN_LINES`. `blocks` 0: every kind of line; 1: no
/// HTML blocks but comments (a draft with them is never cut); 2: no fences
/// or comments left open either, so that most long drafts are cut.
fn markdown_draft(picks: &[usize], crlf: bool, blocks: u8) -> String {
    let eol = if crlf { "\r\n" } else { "\n" };
    let html_block = |l: &str| l.starts_with('<') && !l.starts_with("<!--");
    let open = |l: &str| {
        l.starts_with("```")
            || l.starts_with("~~~")
            || l == "<!-- open"
            || matches!(l, "---" | "+++" | "...")
    };
    let lines: Vec<&str> = MARKDOWN_LINES
        .iter()
        .copied()
        .filter(|l| blocks == 0 || !html_block(l) && (blocks == 1 || !open(l)))
        .collect();
    picks
        .iter()
        .map(|&p| lines[p % lines.len()])
        .flat_map(|line| [line, eol])
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

    /// A Markdown draft parsed in two halves on two threads is the draft
    /// parsed whole.
    #[test]
    fn markdown_parsed_in_halves_is_markdown_parsed_whole(
        picks in proptest::collection::vec(0usize..1000, 0..80),
        crlf in proptest::bool::ANY,
        blocks in 0u8..3,
    ) {
        let text = markdown_draft(&picks, crlf, blocks);
        let whole = Draft::parse_on(&text, DraftKind::Markdown, false);
        let halves = Draft::parse_on(&text, DraftKind::Markdown, true);
        proptest::prop_assert_eq!(outline(&whole), outline(&halves), "{:?}", text);
        proptest::prop_assert_eq!(&whole.comments, &halves.comments, "{:?}", text);
        let quotes = |d: &Draft| d.paragraphs.iter().map(|p| p.block_quote).collect::<Vec<_>>();
        proptest::prop_assert_eq!(quotes(&whole), quotes(&halves), "{:?}", text);
    }
}

#[test]
fn a_long_markdown_draft_is_cut_and_parsed_as_a_whole() {
    let picks: Vec<usize> = (0..4000).collect();
    let text = markdown_draft(&picks, false, 2);
    assert!(
        markdown::cut_point(&text).is_some(),
        "a draft of ordinary lines is cut"
    );
    let whole = Draft::parse_on(&text, DraftKind::Markdown, false);
    let halves = Draft::parse_on(&text, DraftKind::Markdown, true);
    assert_eq!(outline(&whole), outline(&halves));
}

/// URLs blanked in the prose string are blanked as [`blank`] blanks their
/// bytes: none holds a line break to keep.
#[test]
fn urls_blanked_in_the_string_are_blanked_byte_by_byte() {
    let text = "See https://x.org/“a b\r\nwww.é.org/x and desk@example.org.\nhttp://a\n";
    let mut bytes = text.as_bytes().to_vec();
    for range in url_spans(text) {
        blank(&mut bytes, range);
    }
    let mut prose = text.to_string();
    blank_urls(&mut prose);
    assert_eq!(prose.as_bytes(), &bytes[..]);
    assert_ne!(prose, text);
}
/// Front matter that pulldown-cmark does not read as a metadata block
/// ("---" closed on its next line, or followed by an empty line) is not
/// followed by the cut: the draft is parsed whole.
#[test]
fn front_matter_pulldown_does_not_open_is_not_cut_after() {
    for head in [
        "---\n---\n",
        "---\n\na: b\n---\n",
        "----\na\n----\n",
        "+++\n+++\n",
    ] {
        let text = format!("{head}```\n\n...\n\n\ntitle: A story\n```\n    indented code\n\nstill open -->\n# A heading\n");
        assert_eq!(markdown::cut_point(&text), None, "{text:?}");
        let whole = Draft::parse_on(&text, DraftKind::Markdown, false);
        let halves = Draft::parse_on(&text, DraftKind::Markdown, true);
        assert_eq!(outline(&whole), outline(&halves), "{text:?}");
    }
    let text = "---\ntitle: x\n--- \n\nA first paragraph.\n\nAnother paragraph here.\n";
    assert!(markdown::cut_point(text).is_some());
}

#[test]
fn plain_markup_tags_are_not_prose() {
    let text = "Her post:\n\n<tweet author=\"cityhall\" id=\"7\">We open “at nine”.</tweet>.\n\nIf a < b, say \"less\".\n";
    let d = Draft::parse(text, DraftKind::Plain);
    assert_eq!(d.prose.len(), text.len());
    assert!(!d.prose.contains("cityhall") && !d.prose.contains("tweet"));
    assert!(d.prose.contains("We open “at nine”."));
    assert!(d.prose.contains("If a < b, say \"less\"."));
    assert_eq!(d.paragraphs.len(), 3);
}
