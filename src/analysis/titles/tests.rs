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
