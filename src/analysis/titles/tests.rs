use super::*;
use crate::draft::DraftKind;

fn scan_text(text: &str) -> (Draft<'_>, Titles) {
    let draft = Draft::parse(text, DraftKind::Plain);
    let people = crate::analysis::people::analyse(&draft, &crate::stylebook::Stylebook::default());
    let titles = scan(&draft, &people);
    (draft, titles)
}

/// (head as written, role, placement, name as written) of every title.
fn summary(text: &str) -> Vec<(String, String, Placement, Option<String>)> {
    let (draft, titles) = scan_text(text);
    titles
        .titles
        .iter()
        .map(|t| {
            (
                draft.slice(&t.head).to_string(),
                t.role_name().to_string(),
                t.placement,
                t.name.as_ref().map(|n| draft.slice(n).to_string()),
            )
        })
        .collect()
}

fn one(text: &str) -> (String, String, Placement, Option<String>) {
    let all = summary(text);
    assert_eq!(all.len(), 1, "{text:?}: {all:#?}");
    all.into_iter().next().unwrap()
}

#[test]
fn nationality_and_title_before_name() {
    let (head, role, placement, name) =
        one("The talks were hosted by Brazilian President Luiz Inacio Lula da Silva on Friday.");
    assert_eq!(head, "President");
    assert_eq!(role, "president");
    assert_eq!(placement, Placement::BeforeName);
    assert_eq!(name.as_deref(), Some("Luiz Inacio Lula da Silva"));
}

#[test]
fn organisation_modifiers_and_particles() {
    let (draft, titles) = scan_text(
        "A statement came from European Commission President Ursula von der Leyen late on Monday.",
    );
    assert_eq!(titles.titles.len(), 1);
    let t = &titles.titles[0];
    assert_eq!(
        draft.slice(&t.name.clone().unwrap()),
        "Ursula von der Leyen"
    );
    let mods: Vec<&str> = t.modifiers.iter().map(|m| draft.slice(&m.span)).collect();
    assert_eq!(mods, ["European", "Commission"]);
    assert_eq!(draft.slice(&t.span), "European Commission President");
}

#[test]
fn country_possessive_is_a_modifier() {
    let (draft, titles) =
        scan_text("She spoke with Ukraine’s President Volodymyr Zelenskyy by phone.");
    let t = &titles.titles[0];
    assert_eq!(t.role_name(), "president");
    assert_eq!(draft.slice(&t.modifiers[0].span), "Ukraine’s");
    assert_eq!(titles.persons[0].full, "Volodymyr Zelenskyy");
}

#[test]
fn former_lower_case_title_before_name_is_past() {
    let (draft, titles) = scan_text(
        "The panel included former Norwegian prime minister Erna Solberg and two economists.",
    );
    let t = &titles.titles[0];
    assert_eq!(draft.slice(&t.head), "prime minister");
    assert_eq!(t.tense, Tense::Past);
    assert_eq!(draft.slice(&t.name.clone().unwrap()), "Erna Solberg");
}

#[test]
fn abbreviations_need_their_period() {
    let (head, role, _, name) = one("The bill was written by Sen. Maria Lopez of Ohio.");
    assert_eq!(
        (head.as_str(), role.as_str(), name.as_deref()),
        ("Sen.", "senator", Some("Maria Lopez"))
    );
    let (head, role, _, _) = one("It was signed by Lt. Gov. Dana Reyes yesterday.");
    assert_eq!(
        (head.as_str(), role.as_str()),
        ("Lt. Gov.", "lieutenant governor")
    );
    assert!(summary("The Sen river floods every spring.").is_empty());
}

#[test]
fn multi_word_title_before_name() {
    let (head, role, _, name) =
        one("Reporters questioned Secretary of State Alan Brooks at length.");
    assert_eq!(
        (head.as_str(), role.as_str(), name.as_deref()),
        (
            "Secretary of State",
            "secretary of state",
            Some("Alan Brooks")
        )
    );
}

#[test]
fn appositive_after_the_name() {
    let (head, role, placement, name) =
        one("Anna Lindqvist, the former Danish foreign minister, called the deal weak.");
    assert_eq!(
        (head.as_str(), role.as_str()),
        ("foreign minister", "foreign minister")
    );
    assert_eq!(placement, Placement::AfterName);
    assert_eq!(name.as_deref(), Some("Anna Lindqvist"));
    let (head, _, placement, name) =
        one("Oleg Marchenko, a Kremlin spokesperson, declined to comment.");
    assert_eq!(head, "spokesperson");
    assert_eq!(placement, Placement::AfterName);
    assert_eq!(name.as_deref(), Some("Oleg Marchenko"));
}

#[test]
fn a_place_before_an_appositive_is_not_a_person() {
    let all = summary("In Stockholm, the mayor said little.");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].2, Placement::Alone);
    assert_eq!(all[0].3, None);
}

#[test]
fn a_title_running_into_a_name_after_of_is_not_an_appositive() {
    // "…, US Special Envoy for Iran Tom Hale said": the title belongs to
    // Hale; the place before the comma is not the person it describes.
    let all = summary("In Riyadh, US Special Envoy for Iran Tom Hale said little.");
    assert!(all.iter().all(|t| t.2 != Placement::AfterName), "{all:#?}");
    // A complement that closes with a comma is still set off after a name.
    let (_, _, placement, name) = one("Elena Duarte, the Secretary of Transport, said little.");
    assert_eq!(placement, Placement::AfterName);
    assert_eq!(name.as_deref(), Some("Elena Duarte"));
    let (_, _, placement, _) =
        one("Elena Duarte, the president of the Port Authority of Lisbon, said little.");
    assert_eq!(placement, Placement::AfterName);
}

#[test]
fn standalone_title_binds_to_no_one() {
    let all = summary("The Russian president, Bildt said, wants more time.");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].2, Placement::Alone);
}

#[test]
fn surname_only_mention_links_to_the_full_name() {
    let (_, titles) = scan_text(
        "Kremlin spokesperson Ivan Sorokin spoke first.\n\nLater, Kremlin spokesperson Sorokin added a caveat.\n",
    );
    assert_eq!(titles.persons.len(), 1);
    assert_eq!(titles.persons[0].titles.len(), 2);
}

#[test]
fn two_first_names_make_the_surname_ambiguous() {
    let (_, titles) = scan_text(
        "Former President Bill Carver joined Sen. Hillary Carver on stage.\n\nLater, President Carver spoke.\n",
    );
    let last = titles.titles.last().unwrap();
    assert_eq!(last.person, None);
}

#[test]
fn hyphenated_modifiers_split_from_the_role() {
    let (draft, titles) = scan_text(
        "It began under then-President Jorge Ramos and ended under President-elect Lena Morales.",
    );
    assert_eq!(titles.titles.len(), 2);
    assert_eq!(draft.slice(&titles.titles[0].head), "President");
    assert_eq!(titles.titles[0].tense, Tense::Past);
    assert_eq!(titles.titles[1].tense, Tense::Future);
    assert_eq!(titles.persons[1].full, "Lena Morales");
}

#[test]
fn organisations_are_not_names() {
    assert!(summary("He worked at General Motors for a decade.")
        .iter()
        .all(|t| t.3.is_none()));
    assert!(
        summary("She visited the Prime Minister’s Office on Tuesday.")
            .iter()
            .all(|t| t.3.is_none())
    );
    assert!(summary("The spokesman Monday said nothing.")
        .iter()
        .all(|t| t.3.is_none()));
}

#[test]
fn possessive_name_is_stripped() {
    let (_, _, _, name) = one("Critics attacked Prime Minister Sofia Arden’s budget.");
    assert_eq!(name.as_deref(), Some("Sofia Arden"));
}

#[test]
fn sentence_start_is_marked() {
    let (_, titles) = scan_text("Chancellor Erik Voss spoke. Later the Chancellor left.");
    assert!(titles.titles[0].sentence_start);
    assert!(!titles.titles[1].sentence_start);
    assert!(titles.titles[1].determiner);
}

#[test]
fn headline_case_lines_are_headlines() {
    let (_, titles) = scan_text("Talks With The President Stall\n\nThe talks stalled.\n");
    assert!(titles.titles[0].headline);
}

#[test]
fn titles_of_a_person_lists_each_form_once() {
    let (draft, titles) = scan_text(
        "Russian President Pavel Orlov called. President Orlov spoke again. President Orlov left.\n",
    );
    let p = titles.person_named("Pavel Orlov").unwrap();
    assert_eq!(
        titles.titles_of(&draft, p),
        ["Russian President", "President"]
    );
}

#[test]
fn titles_of_a_people_person_for_names_and_hover() {
    let text =
        "Kremlin spokesperson Ivan Sorokin spoke. Later Sorokin, a Kremlin spokesperson, left.";
    let draft = Draft::parse(text, DraftKind::Plain);
    let analysis = crate::analysis::Analysis::new(draft, &crate::stylebook::Stylebook::default());
    let m = analysis
        .people
        .mention_at(text.find("Ivan").unwrap())
        .unwrap();
    let p = m.person.unwrap();
    assert_eq!(
        analysis.titles.titles_of_person(&analysis.draft, p),
        ["Kremlin spokesperson"]
    );
    let (_, hover) = analysis.hover(text.find("Sorokin").unwrap()).unwrap();
    assert!(hover.contains("Titles: Kremlin spokesperson"), "{hover}");
}

/// The per-sentence finder that [`find`] replaced: every sentence's words
/// asked in turn, a sentence with a hyphen inside a word tokenized by
/// reading each word's bytes and every token asked. The oracle of
/// `find_agrees_with_the_per_sentence_finder`.
mod reference {
    use super::super::*;
    use crate::draft::Word;

    pub fn find(draft: &Draft) -> Vec<Title> {
        let lex = Lexicon::get();
        let mut titles = Vec::new();
        let mut toks: Vec<Span> = Vec::new();
        let lower = draft.lower.as_bytes();
        let hyphens: Vec<usize> = memchr::memchr_iter(b'-', lower).collect();
        for sentence in &draft.sentences {
            let words = draft.words.get(sentence.words.clone()).unwrap_or(&[]);
            let sentence_hyphens: Vec<usize> = match (words.first(), words.last()) {
                (Some(a), Some(b)) => hyphens
                    .iter()
                    .copied()
                    .filter(|&h| h >= a.span.start && h < b.span.end)
                    .collect(),
                _ => Vec::new(),
            };
            let hyphen = sentence_hyphens
                .iter()
                .any(|&h| word_at(words, h).is_some());
            let any = words.iter().any(|w| may_head_word(lex, lower, &w.span))
                || sentence_hyphens.iter().any(|&h| {
                    word_at(words, h).is_some_and(|w| may_head_parts(lex, lower, &w.span, h))
                });
            if !any {
                continue;
            }
            let found = titles.len();
            toks.clear();
            tokenize(draft, words, hyphen, &mut toks);
            let sc = SentenceScan::new(draft, lex, &toks);
            let mut i = 0;
            while i < toks.len() {
                match sc.head_at(i) {
                    Some((form, end, possessive)) => {
                        if let Some(title) = sc.title(i, end, form, possessive) {
                            titles.push(title);
                        }
                        i = end;
                    }
                    None => i += 1,
                }
            }
            super::mark_headline(draft, sentence, &toks, &mut titles[found..]);
        }
        titles
    }

    fn word_at(words: &[Word], at: usize) -> Option<&Word> {
        words.iter().find(|w| w.span.start <= at && at < w.span.end)
    }

    fn tokenize(draft: &Draft, words: &[Word], hyphen: bool, toks: &mut Vec<Span>) {
        let lex = Lexicon::get();
        for w in words {
            let lower = draft.lower_slice(&w.span);
            let cut = if hyphen && lower.contains('-') {
                split_at(lex, lower)
            } else {
                None
            };
            match cut {
                Some(cut) => {
                    toks.push(w.span.start..w.span.start + cut);
                    toks.push(w.span.start + cut + 1..w.span.end);
                }
                None => toks.push(w.span.clone()),
            }
        }
    }
}

/// Words and marks that make titles, possessives, hyphenated titles,
/// apostrophes and the words around them.
const PIECES: &[&str] = &[
    "President ",
    "president’s ",
    "President's ",
    "presidents' ",
    "presidents’ ",
    "former ",
    "then-President ",
    "ex-president ",
    "President-elect ",
    "Vice-President ",
    "prime minister ",
    "Prime Minister ",
    "Sen. ",
    "Sen ",
    "Gov. ",
    "Dr. ",
    "Lt. Gov. ",
    "spokesman ",
    "spokesperson’s ",
    "Kremlin ",
    "Russian ",
    "the ",
    "a ",
    "and ",
    "of ",
    "Vladimir ",
    "Putin",
    "Putin’s ",
    "Ted ",
    "Cruz",
    "Carl Bildt",
    ", ",
    ". ",
    "; ",
    "said ",
    "long-term ",
    "well-known ",
    "- ",
    "-",
    "’",
    "'",
    "’s ",
    "s ",
    "Mr. ",
    "secretary of state ",
    "Secretary ",
    "State ",
    "deputy ",
    "chief executive ",
    "\n\n",
    "# ",
    "Minister ",
    "minister-designate ",
    "anti-war ",
    "CEO ",
    "Pope ",
    "é ",
    "Émile ",
    "“",
    "” ",
    "(",
    ") ",
    "Chairman ",
    "chairwoman ",
    "King ",
];

fn random_draft(picks: &[usize]) -> String {
    picks.iter().map(|&p| PIECES[p % PIECES.len()]).collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

    /// The one-pass finder finds what the per-sentence finder found.
    #[test]
    fn find_agrees_with_the_per_sentence_finder(
        picks in proptest::collection::vec(0usize..1000, 0..80),
        markdown in proptest::bool::ANY,
    ) {
        let text = random_draft(&picks);
        let kind = if markdown { DraftKind::Markdown } else { DraftKind::Plain };
        let draft = Draft::parse(&text, kind);
        let found = find(&draft).titles;
        proptest::prop_assert_eq!(found, reference::find(&draft), "{:?}", text);
    }
}

/// Every word of a form, with possessives and apostrophes after it, that
/// the exact filter passes, the word filter passes too (it has no false
/// negatives).
#[test]
fn head_filter_has_no_false_negatives() {
    let lex = Lexicon::get();
    let mut words: Vec<String> = Vec::new();
    for line in include_str!("../data/titles_roles.txt").lines() {
        for w in line.split(['\t', '|', ' ']) {
            let w = w.trim_end_matches('.').to_lowercase();
            for suffix in ["", "’s", "'s", "'", "’", "''", "’’s", "s"] {
                words.push(format!("{w}{suffix}"));
            }
        }
    }
    for w in &words {
        let text = format!("x {w} y");
        let draft = Draft::parse(&text, DraftKind::Plain);
        let lower = draft.lower.as_bytes();
        let exact: Vec<usize> = (0..draft.words.len())
            .filter(|&k| may_head_word(lex, lower, &draft.words[k].span))
            .collect();
        assert_eq!(head_words(lex, &draft), exact, "{w:?}");
    }
}

/// The binding before persons were looked up by map: every person asked
/// for each title. Kept as the oracle of [`bind`].
mod linear {
    use super::super::*;

    /// Bind titles to persons. The people analysis decides first: a name run
    /// it links to a person is that person. Otherwise, by the run: two or more
    /// words are a full name; a single word is a surname, linked to the one
    /// person with that surname (none linked when two first names share it, as
    /// with Bill and Hillary Clinton).
    pub fn bind(draft: &Draft, people: &People, titles: &mut [Title]) -> Vec<TitledPerson> {
        // No more persons than titles: one allocation.
        let mut persons: Vec<TitledPerson> = Vec::with_capacity(titles.len());
        // Surname → distinct first names seen before it anywhere in the draft.
        let firsts = first_names_by_surname(draft, titles);
        for i in binding_order(draft, titles) {
            let Some(name) = titles[i].name.as_ref() else {
                continue;
            };
            // Read as the new `bind` reads it: what differs is how the
            // persons are looked up below (a linear search, not maps).
            let name = NameToBind::of(draft, people, name);
            let (text, surname, full_name) = (name.text.as_ref(), name.surname(), name.is_full());
            let person = if name.is_ambiguous(&firsts) {
                None
            } else if let Some((pi, pp)) = name.known {
                match persons.iter().position(|p| p.person == Some(pi)) {
                    Some(p) => Some(p),
                    None => Some(push(&mut persons, Some(pi), pp.full_name, pp.surname)),
                }
            } else if full_name {
                let found = persons
                    .iter()
                    .position(|p| p.full == text || (p.full == p.surname && p.surname == surname));
                match found {
                    Some(p) => {
                        if persons[p].full != text {
                            persons[p].full = text.to_string();
                        }
                        Some(p)
                    }
                    None => Some(push(&mut persons, None, text, surname)),
                }
            } else {
                let mut same = persons
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.surname == surname)
                    .map(|(k, _)| k);
                match (same.next(), same.next()) {
                    (Some(p), None) => Some(p),
                    (Some(_), Some(_)) => None,
                    (None, _) if titles[i].placement == Placement::BeforeName => {
                        Some(push(&mut persons, None, text, surname))
                    }
                    // A one-word run before an appositive may be a place ("In
                    // Stockholm, the mayor …"): bound only to a known person.
                    (None, _) => None,
                }
            };
            if let Some(p) = person {
                titles[i].person = Some(p);
                persons[p].titles.push(i);
            } else if titles[i].placement == Placement::AfterName {
                titles[i].placement = Placement::Alone;
                titles[i].name = None;
            }
        }
        for p in &mut persons {
            p.titles.sort_unstable();
        }
        persons
    }

    /// A new person with no titles yet; its index.
    fn push(
        persons: &mut Vec<TitledPerson>,
        person: Option<usize>,
        full: &str,
        surname: &str,
    ) -> usize {
        persons.push(TitledPerson {
            person,
            full: full.to_string(),
            surname: surname.to_string(),
            titles: Vec::new(),
        });
        persons.len() - 1
    }
}

/// Names that share surnames and first names, as full names, surnames
/// alone and appositives, for the binding proptest.
const NAME_PIECES: &[&str] = &[
    "President ",
    "Sen. ",
    "Mayor ",
    "Kremlin spokesperson ",
    "the minister ",
    "Ana ",
    "Bo ",
    "Ruiz",
    "Ruis",
    "Peskov",
    "Carver",
    "Ivan ",
    "Dmitry ",
    " said. ",
    ", the mayor, said. ",
    ", the former prime minister, ",
    " spoke. ",
    "\n\n",
    "In Stockholm, the mayor spoke. ",
    "Later ",
    "’s ",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Binding through maps gives what asking every person gave: the same
    /// persons in the same order, the same titles bound to them.
    #[test]
    fn bind_agrees_with_the_linear_binding(
        picks in proptest::collection::vec(0usize..1000, 0..120),
    ) {
        let text: String = picks.iter().map(|&p| NAME_PIECES[p % NAME_PIECES.len()]).collect();
        let draft = Draft::parse(&text, DraftKind::Plain);
        let people = crate::analysis::people::analyse(&draft, &crate::stylebook::Stylebook::default());
        let found = find(&draft);
        let mut old = found.titles.clone();
        let old_persons = linear::bind(&draft, &people, &mut old);
        let new = bind_to(&draft, &people, found);
        proptest::prop_assert_eq!(&new.persons, &old_persons, "{:?}", text);
        proptest::prop_assert_eq!(&new.titles, &old, "{:?}", text);
    }
}

/// Many persons sharing a few surnames, some known only by them: the
/// binding by map is the linear one.
#[test]
fn bind_agrees_with_the_linear_binding_on_a_crowded_draft() {
    let firsts = ["Ana", "Bo", "Ivan", "Dmitry", "Carl", "Hillary"];
    let surnames = ["Ruiz", "Peskov", "Carver", "Bildt"];
    let mut text = String::new();
    for i in 0..400 {
        let (f, s) = (firsts[i % 6], surnames[(i / 6) % 4]);
        text.push_str(&match i % 5 {
            0 => format!("President {f} {s} spoke. "),
            1 => format!("Sen. {s} said no. "),
            2 => format!("{f} {s}, the former prime minister, left.\n\n"),
            3 => format!("Mayor {s}{i} agreed. Mayor {f} {s}{i} left. "),
            _ => format!("Kremlin spokesperson {s} added a caveat. "),
        });
    }
    let draft = Draft::parse(&text, DraftKind::Plain);
    let people = crate::analysis::people::analyse(&draft, &crate::stylebook::Stylebook::default());
    let found = find(&draft);
    let mut old = found.titles.clone();
    let old_persons = linear::bind(&draft, &people, &mut old);
    let new = bind_to(&draft, &people, found);
    assert!(new.persons.len() > 50, "{}", new.persons.len());
    assert_eq!(new.persons, old_persons);
    assert_eq!(new.titles, old);
}

/// Bits of words for [`head_words_are_the_words_the_exact_filter_passes`]:
/// first words of forms, their look-alikes, and the endings the filter
/// strips or holds ("'s", "’s", trailing apostrophes, a plural "s").
const WORD_BITS: &[&str] = &[
    "president",
    "pope",
    "chief",
    "sen",
    "king",
    "kin",
    "people",
    "engineer",
    "player",
    "a",
    "e",
    "s",
    "'",
    "’",
    "'s",
    "’s",
    "ę",
    "é",
    "-",
    "x",
    "ss",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// The table of shapes lets through every word the exact filter
    /// passes: the head words are exactly those.
    #[test]
    fn head_words_are_the_words_the_exact_filter_passes(
        words in proptest::collection::vec(proptest::collection::vec(0usize..WORD_BITS.len(), 1..5), 1..12),
    ) {
        let text: Vec<String> = words
            .iter()
            .map(|bits| bits.iter().map(|&b| WORD_BITS[b]).collect())
            .collect();
        let text = text.join(" ");
        let lex = Lexicon::get();
        let draft = Draft::parse(&text, DraftKind::Plain);
        let lower = draft.lower.as_bytes();
        let exact: Vec<usize> = (0..draft.words.len())
            .filter(|&k| may_head_word(lex, lower, &draft.words[k].span))
            .collect();
        proptest::prop_assert_eq!(head_words(lex, &draft), exact, "{:?}", text);
    }
}
