//! Analysis: facts about a draft, no judgement.
//!
//! Quotes and their marks, who said them (attribution), the people named and
//! the titles they are given. Rules read these facts and decide what to flag.

pub mod attribution;
pub mod people;
pub mod quotes;
pub mod titles;

use crate::draft::Draft;
use crate::stylebook::Stylebook;

/// From this many words on, [`Analysis::new`] runs its two independent
/// halves on two threads.
pub const PARALLEL_WORDS: usize = 20_000;

/// Everything copydesk knows about one draft.
#[derive(Debug, Clone)]
pub struct Analysis<'t> {
    pub draft: Draft<'t>,
    pub quotes: quotes::QuoteScan,
    /// Who said each quote of `quotes.quotes` (same index), if anyone.
    pub attributions: Vec<Option<attribution::Attribution>>,
    /// Who the draft names, and how each name is spelled.
    pub people: people::People<'t>,
    /// The titles given to the draft's people.
    pub titles: titles::Titles,
}

impl<'t> Analysis<'t> {
    pub fn new(draft: Draft<'t>, stylebook: &Stylebook) -> Analysis<'t> {
        let extra: Vec<String> = stylebook
            .attribution_verbs
            .iter()
            .map(|v| v.trim().to_lowercase())
            .collect();
        // Who said what, which titles stand in the text, and who is named
        // are independent until titles are bound to people. A long draft
        // does them on two threads: who said what on one; the titles and
        // then the people on the other, and the first names seen before
        // the titles' surnames (which need only the titles) on whichever
        // thread is free first. Who said what and the people are the
        // larger parts, so each thread ends near the same time. A short
        // draft does them on one thread, since waking a second one costs
        // more than it saves.
        let said = || {
            let quotes = quotes::scan(&draft);
            let attributions = attribution::attribute(&draft, &quotes, &extra);
            (quotes, attributions)
        };
        let named_and_titled = || {
            let titles = titles::find_titles(&draft);
            // The people here; the first names may be taken by the other
            // thread (rayon's join lets its second part be stolen).
            rayon::join(
                || people::analyse(&draft, stylebook),
                || titles.with_first_names(&draft),
            )
        };
        let ((quotes, attributions), (people, found)) = if draft.words.len() >= PARALLEL_WORDS {
            rayon::join(said, named_and_titled)
        } else {
            (
                said(),
                (people::analyse(&draft, stylebook), titles::find(&draft)),
            )
        };
        let titles = titles::bind_to(&draft, &people, found);
        Analysis {
            draft,
            quotes,
            attributions,
            people,
            titles,
        }
    }
}

/// One entry of a draft's outline (LSP document symbols): a person of the
/// story and, as children, their quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineItem {
    pub name: String,
    /// Shown beside the name ("3 quotes", "Kremlin spokesperson").
    pub detail: String,
    pub kind: OutlineKind,
    /// The whole extent of the item (for a person: first to last mention).
    pub range: crate::finding::Span,
    /// The part to select (the first mention, the quote's opening words).
    pub selection: crate::finding::Span,
    pub children: Vec<OutlineItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineKind {
    Person,
    Quote,
}

impl Analysis<'_> {
    /// What to show when the cursor rests at `offset` (Markdown), if
    /// anything: on a quote, who said it; on a name, the person.
    pub fn hover(&self, offset: usize) -> Option<(crate::finding::Span, String)> {
        // A name is the more specific thing under the cursor, even inside a quote.
        self.person_hover(offset)
            .or_else(|| attribution::quote_hover(self, offset))
    }

    /// The person at `offset`: spellings, mentions and titles.
    fn person_hover(&self, offset: usize) -> Option<(crate::finding::Span, String)> {
        let (span, mut text) = people::hover::hover(&self.people, &self.draft, offset)?;
        let person = self.people.mention_at(offset).and_then(|m| m.person);
        let titles = person
            .map(|p| self.titles.titles_of_person(&self.draft, p))
            .unwrap_or_default();
        if !titles.is_empty() {
            text.push_str(&format!("\n\nTitles: {}", titles.join("; ")));
        }
        Some((span, text))
    }

    /// The story's source list: its people and their quotes.
    pub fn outline(&self) -> Vec<OutlineItem> {
        attribution::merge_outline(
            people::hover::outline(&self.people),
            attribution::quote_outline(self),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;

    /// A long draft analysed on two threads has the facts one thread finds.
    #[test]
    fn a_long_draft_is_analysed_as_on_one_thread() {
        let paragraph = "“We will rebuild,” Mayor Ana Ruiz said. Kremlin spokesperson \
                         Dmitry Peskov spoke; later Peskov and Sen. Ana Ruiz disagreed, and \
                         Ruis, the city’s mayor, called it fine. President Bo Ruiz and \
                         President Ruiz met.\n\n";
        let text = paragraph.repeat(PARALLEL_WORDS / 25);
        let book = Stylebook::default();
        let draft = Draft::parse(&text, DraftKind::Plain);
        assert!(draft.words.len() >= PARALLEL_WORDS);
        let people = people::analyse(&draft, &book);
        let titles = titles::scan(&draft, &people);
        let quotes = quotes::scan(&draft);
        let analysis = Analysis::new(draft.clone(), &book);
        assert!(!titles.persons.is_empty());
        assert_eq!(analysis.titles, titles);
        assert_eq!(format!("{:?}", analysis.people), format!("{people:?}"));
        assert_eq!(format!("{:?}", analysis.quotes), format!("{quotes:?}"));
    }
}
