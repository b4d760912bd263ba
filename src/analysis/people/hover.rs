//! The person half of the LSP hover and outline: who a name is, how it is
//! spelled and where.

use super::{People, SpellingGroup};
use crate::analysis::{OutlineItem, OutlineKind};
use crate::draft::{Draft, LineIndex};
use crate::finding::Span;

/// Hover on a name: the person, every spelling of the name with counts and
/// the lines it is on.
pub fn hover(people: &People, draft: &Draft, offset: usize) -> Option<(Span, String)> {
    let at = people.mentions.partition_point(|m| m.span.end <= offset);
    let mention = people.mentions.get(at).filter(|m| m.span.start <= offset)?;
    let group = people.group_of(at);
    let person = mention.person.and_then(|p| people.persons.get(p));
    let title = match person {
        Some(p) => p.full_name.to_string(),
        None => mention.surname.to_string(),
    };
    let mut text = format!("**{title}**");
    if let Some(group) = group {
        text.push_str("\n\n");
        text.push_str(&spellings_text(people, draft, group));
    }
    Some((mention.span.clone(), text))
}

fn spellings_text(people: &People, draft: &Draft, group: &SpellingGroup) -> String {
    let lines = LineIndex::new(draft.text);
    let mut parts = Vec::new();
    for s in &group.spellings {
        let mut on: Vec<usize> = s
            .mentions
            .iter()
            .filter_map(|&m| people.mentions.get(m))
            .map(|m| {
                lines
                    .position(
                        draft.text,
                        m.surname_span.start,
                        crate::draft::Encoding::Utf32,
                    )
                    .0
                    + 1
            })
            .collect();
        on.dedup();
        let where_ = on
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let word = if on.len() == 1 { "line" } else { "lines" };
        parts.push(format!(
            "- “{}” {}× ({word} {where_})",
            s.text,
            s.mentions.len()
        ));
    }
    let head = if group.spellings.len() > 1 {
        "Spelled more than one way in this draft:"
    } else {
        "Spelling:"
    };
    format!("{head}\n{}", parts.join("\n"))
}

/// The people of the story for the outline, in order of first mention,
/// each spanning first to last mention. Quotes are added as children by
/// the quote analysis.
pub fn outline(people: &People) -> Vec<OutlineItem> {
    let mut items = Vec::new();
    for p in &people.persons {
        let spans: Vec<&Span> = p
            .mentions
            .iter()
            .filter_map(|&m| people.mentions.get(m))
            .map(|m| &m.span)
            .collect();
        let (Some(first), Some(last)) = (spans.first(), spans.last()) else {
            continue;
        };
        let n = spans.len();
        items.push(OutlineItem {
            name: p.full_name.to_string(),
            detail: format!("{n} mention{}", if n == 1 { "" } else { "s" }),
            kind: OutlineKind::Person,
            range: first.start..last.end,
            selection: (*first).clone(),
            children: Vec::new(),
        });
    }
    items.sort_by_key(|i| i.range.start);
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;
    use crate::stylebook::Stylebook;

    #[test]
    fn hover_names_the_person_and_every_spelling() {
        let text = "Volodymyr Zelenskyy spoke.\nZelenskyy left.\nAides to Zelenskiy stayed.\n";
        let draft = Draft::parse(text, DraftKind::Plain);
        let people = super::super::analyse(&draft, &Stylebook::default());
        let (span, shown) = hover(&people, &draft, text.find("Zelenskiy").unwrap() + 1).unwrap();
        assert_eq!(&text[span], "Zelenskiy");
        assert!(shown.contains("“Zelenskyy” 2× (lines 1, 2)"), "{shown}");
        assert!(shown.contains("“Zelenskiy” 1× (line 3)"), "{shown}");
        let (_, shown) = hover(&people, &draft, 3).unwrap();
        assert!(shown.starts_with("**Volodymyr Zelenskyy**"), "{shown}");
        assert!(hover(&people, &draft, text.find("spoke").unwrap()).is_none());
    }

    #[test]
    fn outline_lists_people_in_order() {
        let text = "Nancy Pelosi spoke. Then Mitch McConnell spoke, and Pelosi left.\n";
        let draft = Draft::parse(text, DraftKind::Plain);
        let people = super::super::analyse(&draft, &Stylebook::default());
        let items = outline(&people);
        let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["Nancy Pelosi", "Mitch McConnell"]);
        assert_eq!(items[0].detail, "2 mentions");
    }
}
