//! `name.inconsistent`: one name spelled two or more ways, in a draft or
//! across the drafts of a workspace.

use super::name_stylebook::{cased_like, listed_variant, preferred_for};
use super::{Context, Rule, RuleInfo};
use crate::analysis::people::variants::fold;
use crate::analysis::people::{
    one_name, stylebook_groups, People, Spelling, SpellingFacts, SpellingGroup,
};
use crate::finding::{Edit, Edits, Finding, Fix, Related, Severity, Span};
use crate::stylebook::{Scope, Stylebook};
use crate::workspace::{comparable_across_drafts, DraftNames, IndexedSpelling};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub static INFO: RuleInfo = RuleInfo {
    id: "name.inconsistent",
    default_severity: Severity::Warning,
    summary: "one name spelled two or more ways (Zelenskiy and Zelenskyy)",
    doc: "## What it does\n\
Finds one person's (or place's) name spelled two or more ways in a draft, and \
flags the less used spellings, naming the other spelling and how often each \
is used. With the stylebook's `scope` set to `workspace` (the default) it also \
reports, as information, a spelling that differs from another draft's.\n\n\
Spellings are one name when they share a transliteration key (Zelenskiy, \
Zelenskyy, Zelensky), are a well-known variant group (Kyiv/Kiev, \
Gaddafi/Qaddafi) or, for a surname introduced with a first name, differ by a \
slip of one letter (Pelosi/Pelosy). Different first names mean different \
people (Bill and Hillary Clinton), and Ivanov/Ivanova, Iran/Iraq are never \
one name.\n\n\
## Why\n\
Merged wire copy brings each agency's spelling: AP writes Zelenskyy, Reuters \
Zelenskiy, the BBC Zelensky. Readers notice.\n\n\
## Example\n\
```text\nVolodymyr Zelenskyy spoke. Zelenskyy left. Aides to Zelenskiy stayed.\n```\n\n\
flags “Zelenskiy” (1×; “Zelenskyy” 2×). Fixes: change this one, change all, \
or record “Zelenskyy” as the preferred spelling in `copydesk.json`, after \
which the fixes are safe.\n",
};

pub struct NameInconsistent;

impl Rule for NameInconsistent {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let people = &cx.analysis.people;
        for group in people.groups.iter().filter(|g| g.is_inconsistent()) {
            let group = without_kept_spellings(cx, people, group);
            if group.is_inconsistent() {
                in_draft(cx, people, &group, out);
            }
        }
        if cx.stylebook.scope == Scope::Workspace {
            if let Some(index) = cx.workspace {
                // Once per draft, not per name: the draft's people decide
                // which other drafts tell the same story. The buckets of
                // spellings the index already has of this draft are taken
                // from it.
                let mine = DraftNames::of_since(cx.analysis, cx.path.and_then(|p| index.draft(p)));
                across_drafts(
                    &CrossDraftNames::of(people),
                    &mine,
                    cx.path,
                    cx.stylebook,
                    index,
                    out,
                );
            }
        }
    }
}

/// The stylebook's spelling for a name: an entry naming one of its
/// spellings (`texts`: this draft's, then other drafts'), or an entry in
/// the variant group of one of them (`groups`).
fn stylebook_choice<'s, 'm>(
    texts: impl IntoIterator<Item = &'m str>,
    groups: impl IntoIterator<Item = Option<usize>>,
    stylebook: &'s Stylebook,
) -> Option<&'s str> {
    if stylebook.names.is_empty() {
        return None;
    }
    for t in texts {
        if let Some(p) = preferred_for(stylebook, t) {
            return Some(p);
        }
    }
    let book = stylebook_groups(stylebook);
    let ids: Vec<usize> = groups.into_iter().flatten().collect();
    stylebook
        .names
        .keys()
        .find(|p| book.get(&fold(p)).is_some_and(|g| ids.contains(g)))
        .map(String::as_str)
}

/// The preferred spelling of a group: the stylebook's, else the one the
/// writer uses most in their own words (outside quotes: a quoted source's
/// spelling does not set the story's), else the most used, else the first.
/// Returns the spelling and whether the stylebook chose it.
fn preferred(cx: &Context, people: &People, group: &SpellingGroup) -> (String, bool) {
    let texts = group.spellings.iter().map(|s| s.text);
    let groups = group.spellings.iter().map(|s| s.facts.group);
    if let Some(p) = stylebook_choice(texts, groups, cx.stylebook) {
        return (p.to_string(), true);
    }
    let weight = |s: &Spelling| {
        let own = s
            .mentions
            .iter()
            .filter(|&&m| !in_quote(cx, &people.mentions[m].span))
            .count();
        (own, s.mentions.len())
    };
    let mut best = &group.spellings[0];
    let mut best_weight = weight(best);
    for s in &group.spellings[1..] {
        let w = weight(s);
        if w > best_weight {
            (best, best_weight) = (s, w);
        }
    }
    (best.text.to_string(), false)
}

fn times(n: usize) -> String {
    format!("{n}×")
}

fn in_draft(cx: &Context, people: &People, group: &SpellingGroup, out: &mut Vec<Finding>) {
    let (choice, by_stylebook) = preferred(cx, people, group);
    let lower = choice.to_lowercase();
    // One list for every finding of the group (see `Fix::edits`).
    let all_edits: Edits = group
        .spellings
        .iter()
        .filter(|s| s.text.to_lowercase() != lower)
        .flat_map(|s| s.mentions.iter())
        .map(|&m| {
            let m = &people.mentions[m];
            Edit::here(m.surname_span.clone(), cased_like(&choice, m.surname))
        })
        .collect();
    let record = if by_stylebook {
        None
    } else {
        record_fix(cx, group, &choice)
    };
    let preferred_at = by_sentence(cx, people, group, &lower);
    // Counted when first needed: most groups never ask.
    let mut alternatives: Option<Alternatives> = None;
    for spelling in &group.spellings {
        if spelling.text.to_lowercase() == lower {
            continue;
        }
        // name.stylebook already flags a listed variant.
        if listed_variant(cx.stylebook, spelling.text).is_some() {
            continue;
        }
        // Named as alternatives in one sentence with the preferred
        // spelling, the two are given on purpose (“known as Horgos to the
        // Chinese and Khorgos to the Kazakhs”, “Kyiv (Kiev)”): not a slip.
        if named_as_alternatives(cx, people, spelling, &preferred_at) {
            continue;
        }
        // A spelling used only inside quotes, and a recognised alternative
        // (al-Qa’ida for Al-Qaeda, Calderon for Calderón), is the quoted
        // source's: the desk does not respell it unasked. A slip (Kery for
        // Kerry) is a slip inside quotes too.
        let mut alternative = |t: &str| {
            let alternatives = alternatives.get_or_insert_with(|| Alternatives::of(group));
            let folded = fold(t);
            alternatives.folds.get(&folded).is_some_and(|&n| n > 1)
                || spelling
                    .facts
                    .group
                    .is_some_and(|g| alternatives.groups.get(&g).is_some_and(|&n| n > 1))
        };
        // (The quote test first: it is cheap and usually fails, and the
        // alternative test folds every other spelling.)
        if !by_stylebook
            && spelling
                .mentions
                .iter()
                .all(|&m| in_quote(cx, &people.mentions[m].span))
            && alternative(spelling.text)
        {
            continue;
        }
        let others = other_spellings(group, spelling);
        let why = if by_stylebook {
            "; the stylebook prefers"
        } else {
            ""
        };
        let message = format!(
            "“{}” ({}) is spelled {} elsewhere in this draft{why}{}",
            spelling.text,
            times(spelling.mentions.len()),
            others,
            if by_stylebook {
                format!(" “{choice}”")
            } else {
                String::new()
            }
        );
        let related: Vec<Related> = group
            .spellings
            .iter()
            .filter(|s| s.text != spelling.text)
            .flat_map(|s| s.mentions.iter().map(move |&m| (s, m)))
            .take(20)
            .map(|(s, m)| Related {
                path: None,
                range: people.mentions[m].surname_span.clone(),
                message: format!("spelled “{}” here", s.text),
            })
            .collect();
        for &m in &spelling.mentions {
            let mention = &people.mentions[m];
            let replacement = cased_like(&choice, mention.surname);
            let mut finding = Finding::new(
                INFO.id,
                INFO.default_severity,
                mention.surname_span.clone(),
                &message,
            );
            finding.related = related.clone();
            finding.fixes.push(Fix::new(
                format!("Change to “{replacement}”"),
                by_stylebook,
                vec![Edit::here(
                    mention.surname_span.clone(),
                    replacement.clone(),
                )],
            ));
            if all_edits.len() > 1 {
                finding.fixes.push(Fix::new(
                    format!("Change all {} to “{choice}” in this draft", all_edits.len()),
                    by_stylebook,
                    all_edits.clone(),
                ));
            }
            if let Some(fix) = &record {
                finding.fixes.push(fix.clone());
            }
            out.push(finding);
        }
    }
}

/// The group without the spellings the writer keeps on purpose at every
/// use: marked “[sic]” (a quoted source's misspelling, seen and kept), or
/// in a credit line after a slash (“AP Photo/Evan Vucci”, a profile's name
/// as the site shows it). They are neither flagged nor a reason to flag
/// the others.
fn without_kept_spellings<'g, 't>(
    cx: &Context,
    people: &People,
    group: &'g SpellingGroup<'t>,
) -> Cow<'g, SpellingGroup<'t>> {
    let text = cx.analysis.draft.text;
    let kept = |s: &Spelling| {
        s.mentions.iter().all(|&m| {
            let m = &people.mentions[m];
            marked_sic(text, m.surname_span.end) || in_credit(&cx.analysis.draft, &m.span)
        })
    };
    if !group.spellings.iter().any(kept) {
        return Cow::Borrowed(group);
    }
    let mut rest = group.clone();
    rest.spellings.retain(|s| !kept(s));
    Cow::Owned(rest)
}

/// Whether the name ending at `end` is followed by “[sic]” or “(sic)”,
/// after an optional possessive.
fn marked_sic(text: &str, end: usize) -> bool {
    let Some(rest) = text.get(end..) else {
        return false;
    };
    let rest = ["’s", "'s", "’", "'"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest)
        .trim_start();
    let head = rest.as_bytes().get(..4).unwrap_or_default();
    head.eq_ignore_ascii_case(b"[sic") || head.eq_ignore_ascii_case(b"(sic")
}

/// Whether the name is the end of a credit line: a short paragraph of the
/// form “Reuters/Kevin Lamarque” (a slash right before the name, nothing
/// after it but a full stop or a bracket). “The Collins/Parker ticket” in
/// a sentence is not a credit.
fn in_credit(draft: &crate::draft::Draft, name: &Span) -> bool {
    let text = draft.text;
    let after_slash = text.get(..name.start).is_some_and(|b| b.ends_with('/'));
    let Some(paragraph) = draft.paragraph_at(name.start).map(|p| &draft.paragraphs[p]) else {
        return false;
    };
    let rest = text
        .get(name.end..paragraph.span.end.max(name.end))
        .unwrap_or("");
    let ends_there = rest.trim().trim_end_matches(['.', ')', ']']).is_empty();
    let short = draft.words_in(&paragraph.span).len() <= 8;
    after_slash && ends_there && short
}

/// The mentions of the preferred spelling (`preferred`, lower case) by
/// sentence, sorted, so each mention of another spelling finds its
/// sentence's by binary search (a long draft repeats a name hundreds of
/// times, and a group may hold hundreds of spellings).
fn by_sentence<'p>(
    cx: &Context,
    people: &'p People,
    group: &SpellingGroup,
    preferred: &str,
) -> Vec<(usize, &'p Span)> {
    let draft = &cx.analysis.draft;
    let mut found: Vec<(usize, &Span)> = group
        .spellings
        .iter()
        .filter(|s| s.text.to_lowercase() == preferred)
        .flat_map(|s| s.mentions.iter())
        .map(|&m| &people.mentions[m].surname_span)
        .filter_map(|span| Some((draft.sentence_at(span.start)?, span)))
        .collect();
    found.sort_unstable_by_key(|&(sentence, span)| (sentence, span.start));
    found
}

/// Whether some mention of `spelling` sits in one sentence with a mention
/// of the preferred spelling (`preferred_at`, from [`by_sentence`]) and the
/// sentence names them as alternatives: “known as”, “also spelled”, or the
/// two joined by “or”, a slash or a parenthesis (“Kyiv (Kiev)”). One
/// sentence alone is not enough: “Sharpton … like Sharption” is a slip.
fn named_as_alternatives(
    cx: &Context,
    people: &People,
    spelling: &Spelling,
    preferred_at: &[(usize, &Span)],
) -> bool {
    let draft = &cx.analysis.draft;
    spelling.mentions.iter().any(|&m| {
        let mine = &people.mentions[m].surname_span;
        let Some(sentence) = draft.sentence_at(mine.start) else {
            return false;
        };
        let from = preferred_at.partition_point(|&(s, _)| s < sentence);
        preferred_at[from..]
            .iter()
            .take_while(|&&(s, _)| s == sentence)
            .any(|&(_, theirs)| alternatives_in(draft, sentence, mine, theirs))
    })
}

/// Whether a sentence holding two spellings (`a`, `b`) says they are two
/// names for one thing.
fn alternatives_in(draft: &crate::draft::Draft, sentence: usize, a: &Span, b: &Span) -> bool {
    let (first, second) = if a.start < b.start { (a, b) } else { (b, a) };
    let between = draft.lower_slice(&(first.end..second.start.max(first.end)));
    let between = between.trim();
    let joined = ["’s", "'s"]
        .iter()
        .find_map(|p| between.strip_prefix(p))
        .unwrap_or(between)
        .trim();
    if matches!(joined, "or" | "/" | "(") {
        return true;
    }
    let whole = draft.lower_slice(&draft.sentences[sentence].span);
    [
        "known as",
        "spelled",
        "spelt",
        "also called",
        "transliterated",
    ]
    .iter()
    .any(|w| whole.contains(w))
}

/// How many spellings of a group share each folded form (Calderon,
/// Calderón) and each known variant group (al-Qa’ida, Al-Qaeda): a
/// spelling with company in either is a recognised alternative. Counted
/// once per group, not once per spelling and pair.
struct Alternatives {
    folds: HashMap<String, usize>,
    groups: HashMap<usize, usize>,
}

impl Alternatives {
    fn of(group: &SpellingGroup) -> Alternatives {
        let mut folds = HashMap::new();
        let mut groups = HashMap::new();
        for s in &group.spellings {
            *folds.entry(fold(s.text)).or_insert(0) += 1;
            if let Some(g) = s.facts.group {
                *groups.entry(g).or_insert(0) += 1;
            }
        }
        Alternatives { folds, groups }
    }
}

/// At most this many other spellings are named in a message.
const NAMED_SPELLINGS: usize = 3;

/// “A” (2×) and “B” (1×): the group's other spellings in order of first
/// use, the first [`NAMED_SPELLINGS`] of them named and the rest counted.
/// A message that listed hundreds of spellings would help no one, and
/// building one per spelling made a long draft's lint quadratic.
fn other_spellings(group: &SpellingGroup, spelling: &Spelling) -> String {
    let mut others = group.spellings.iter().filter(|s| s.text != spelling.text);
    let named: Vec<String> = others
        .by_ref()
        .take(NAMED_SPELLINGS)
        .map(|s| format!("“{}” ({})", s.text, times(s.mentions.len())))
        .collect();
    match others.count() {
        0 => named.join(" and "),
        1 => format!("{} and 1 other spelling", named.join(", ")),
        more => format!("{} and {more} other spellings", named.join(", ")),
    }
}

/// Whether a span lies inside a quote's content.
fn in_quote(cx: &Context, span: &std::ops::Range<usize>) -> bool {
    let quotes = &cx.analysis.quotes.quotes;
    let i = quotes.partition_point(|q| q.content.end <= span.start);
    quotes[i..]
        .iter()
        .take_while(|q| q.span.start <= span.start)
        .any(|q| q.content.start <= span.start && span.end <= q.content.end)
}

/// "Add X as the preferred spelling to copydesk.json": an edit of the
/// stylebook when there is one, else a new stylebook next to the draft.
fn record_fix(cx: &Context, group: &SpellingGroup, choice: &str) -> Option<Fix> {
    let variants: Vec<&str> = group
        .spellings
        .iter()
        .map(|s| s.text)
        .filter(|s| s.to_lowercase() != choice.to_lowercase())
        .collect();
    let entry = format!(
        "{}: [{}]",
        json_string(choice),
        variants
            .iter()
            .map(|v| json_string(v))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let title = format!("Add “{choice}” as the preferred spelling to copydesk.json");
    match (&cx.stylebook.path, &cx.stylebook.source) {
        (Some(path), Some(source)) => {
            let (at, insert) = stylebook_insertion(source, &entry)?;
            let edit = Edit {
                path: Some(path.to_string_lossy().into_owned()),
                range: at..at,
                replacement: insert,
            };
            Some(Fix::new(title, false, vec![edit]))
        }
        _ => {
            let path = match cx.path.and_then(|p| std::path::Path::new(p).parent()) {
                Some(dir) if !dir.as_os_str().is_empty() => {
                    dir.join("copydesk.json").to_string_lossy().into_owned()
                }
                _ => "copydesk.json".to_string(),
            };
            let content = format!("{{\n  \"names\": {{\n    {entry}\n  }}\n}}\n");
            let mut fix = Fix::new(title, false, Vec::new());
            fix.create = Some((path, content));
            Some(fix)
        }
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// Where to insert a `names` entry in a stylebook's text, and what: inside
/// the `"names"` object when there is one, else a new `"names"` key at the
/// top of the document. `None` when the text is not shaped as expected.
fn stylebook_insertion(source: &str, entry: &str) -> Option<(usize, String)> {
    if let Some(key) = find_top_level_key(source, "names") {
        let brace = key + source[key..].find('{')?;
        let after = &source[brace + 1..];
        let empty = after.trim_start().starts_with('}');
        let sep = if empty { "" } else { "," };
        return Some((brace + 1, format!("\n    {entry}{sep}")));
    }
    let open = source.find('{')?;
    let empty = source[open + 1..].trim_start().starts_with('}');
    let sep = if empty { "" } else { "," };
    Some((
        open + 1,
        format!("\n  \"names\": {{\n    {entry}\n  }}{sep}"),
    ))
}

/// The offset of `"key"` as a key of the top-level object (depth 1).
fn find_top_level_key(source: &str, key: &str) -> Option<usize> {
    let needle = format!("\"{key}\"");
    let bytes = source.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'{' | b'[' => depth += 1,
                b'}' | b']' => depth = depth.saturating_sub(1),
                b'"' => {
                    if depth == 1 && source[i..].starts_with(&needle) {
                        let rest = source[i + needle.len()..].trim_start();
                        if rest.starts_with(':') {
                            return Some(i);
                        }
                    }
                    in_string = true;
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// Across drafts the bar is higher than inside one: the same person
/// introduced with the same first name in both (Volodymyr Zelenskiy,
/// Volodymyr Zelenskyy), or a known variant group (Kyiv/Kiev) written
/// mid-sentence in both.
fn same_across_drafts(a: &SpellingFacts, b: &SpellingFacts) -> bool {
    let same_first = !a.firsts.is_disjoint(&b.firsts);
    let known = a.group.is_some() && a.group == b.group && !a.weak_only && !b.weak_only;
    // The index files only spellings that can meet this alone.
    debug_assert!(
        !(same_first || known) || (comparable_across_drafts(a) && comparable_across_drafts(b))
    );
    same_first || known
}

/// Drafts are of one story when at least half the people of the smaller
/// are named alike in both ("Donald Trump", "Vladimir Putin", "Friedrich
/// Merz" in two versions of a wire story). A folder may hold many stories;
/// unrelated ones that happen to mention one politician are not compared.
fn one_story(mine: &BTreeSet<String>, theirs: &BTreeSet<String>) -> bool {
    let shared = mine.intersection(theirs).count();
    shared >= 1 && shared * 2 >= mine.len().min(theirs.len())
}

/// What the cross-draft half of the rule needs of one draft: its spelling
/// groups that another draft's spelling can be held against (those with a
/// spelling [`comparable_across_drafts`]; most groups have none), each
/// spelling with where it is used. Apart from the analysis and small, so
/// that `check` can keep it for every draft of a folder while dropping each
/// analysis once its draft is linted, and compare the drafts afterwards.
#[derive(Debug, Clone, Default)]
pub struct CrossDraftNames<'t> {
    groups: Vec<NameUses<'t>>,
}

/// One spelling group of [`CrossDraftNames`].
#[derive(Debug, Clone)]
struct NameUses<'t> {
    /// Whether some spelling names a person ([`SpellingGroup::person`]).
    person: bool,
    /// Every spelling of the group, comparable or not, in order of first use.
    spellings: Vec<SpellingUses<'t>>,
}

/// One spelling of a [`NameUses`] group.
#[derive(Debug, Clone)]
struct SpellingUses<'t> {
    /// [`Spelling::text`].
    text: &'t str,
    /// The known variant group ([`SpellingFacts::group`]).
    group: Option<usize>,
    /// For a spelling [`comparable_across_drafts`], its index in the
    /// draft's [`DraftNames::spellings`] (which lists just those, in the
    /// same order): its facts and buckets are there, not copied here.
    indexed: Option<usize>,
    /// Each mention so spelled: its surname's span and the surname as
    /// written (for the casing of a fix).
    uses: Vec<(Span, &'t str)>,
}

impl<'t> CrossDraftNames<'t> {
    /// The groups of a draft's people that can differ from another draft.
    pub fn of(people: &People<'t>) -> CrossDraftNames<'t> {
        // The comparable spellings of every group, counted in the order
        // `DraftNames::of` lists them.
        let mut comparable = 0;
        let mut groups = Vec::new();
        for g in &people.groups {
            if !g
                .spellings
                .iter()
                .any(|s| comparable_across_drafts(&s.facts))
            {
                continue;
            }
            let mut spellings = Vec::with_capacity(g.spellings.len());
            for s in &g.spellings {
                let indexed = comparable_across_drafts(&s.facts).then_some(comparable);
                comparable += usize::from(indexed.is_some());
                spellings.push(SpellingUses {
                    text: s.text,
                    group: s.facts.group,
                    indexed,
                    uses: s
                        .mentions
                        .iter()
                        .map(|&m| {
                            let m = &people.mentions[m];
                            (m.surname_span.clone(), m.surname)
                        })
                        .collect(),
                });
            }
            groups.push(NameUses {
                person: g.person,
                spellings,
            });
        }
        CrossDraftNames { groups }
    }

    /// Whether no group can differ from another draft's spelling.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// Information findings: this draft's spellings of names that differ from
/// another draft's in the workspace. `my_people` are the draft's people
/// ([`crate::workspace::people_of`]), `path` the draft's (it is passed
/// over in the index). Findings come group by group, in the order of the
/// draft's spelling groups.
pub fn across_drafts(
    names: &CrossDraftNames,
    draft: &DraftNames,
    path: Option<&str>,
    stylebook: &Stylebook,
    index: &crate::workspace::WorkspaceIndex,
    out: &mut Vec<Finding>,
) {
    // A draft naming no one by first and last name is of no story another
    // draft tells (`one_story`).
    if draft.people.is_empty() {
        return;
    }
    let asking = index.asking(path);
    for group in &names.groups {
        group_across_drafts(group, draft, asking, stylebook, index, out);
    }
}

/// [`across_drafts`] for one spelling group.
fn group_across_drafts(
    group: &NameUses,
    draft: &DraftNames,
    asking: crate::workspace::Asking,
    stylebook: &Stylebook,
    index: &crate::workspace::WorkspaceIndex,
    out: &mut Vec<Finding>,
) {
    let indexed = |s: &SpellingUses| s.indexed.and_then(|i| draft.spellings.get(i));
    // The comparable spellings' compared form is in the index's facts.
    let mine: Vec<Cow<str>> = group
        .spellings
        .iter()
        .map(|s| match indexed(s) {
            Some(x) => Cow::Borrowed(&*x.compared),
            None => Cow::Owned(crate::workspace::compared_spelling(s.text)),
        })
        .collect();
    // Other drafts' spellings of this name that this draft does not use.
    let mut theirs: BTreeMap<String, Vec<(&str, &IndexedSpelling)>> = BTreeMap::new();
    for s in group.spellings.iter().filter_map(indexed) {
        debug_assert!(comparable_across_drafts(&s.facts));
        // Spellings this draft uses too are no inconsistency: the index
        // passes over them a bucket at a time.
        let spelt_here = |compared: &str| mine.iter().any(|m| m == compared);
        for candidate in index.candidates_from(s, asking, spelt_here) {
            let (other_path, other) = (candidate.path, candidate.spelling);
            if !(group.person || other.person || s.facts.group.is_some()) {
                continue;
            }
            // `one_name` last: it is by far the costliest test, and most
            // candidates fail one of the others.
            if !same_across_drafts(&s.facts, &other.facts)
                || !one_story(&draft.people, &candidate.draft.people)
                || !one_name(&s.facts, &other.facts)
            {
                continue;
            }
            let list = theirs.entry(other.facts.text.clone()).or_default();
            if !list.iter().any(|(p, _)| *p == other_path) {
                list.push((other_path, other));
            }
        }
    }
    if theirs.is_empty() {
        return;
    }
    let stylebook_choice = stylebook_choice(
        group
            .spellings
            .iter()
            .map(|s| s.text)
            .chain(theirs.keys().map(String::as_str)),
        group.spellings.iter().map(|s| s.group),
        stylebook,
    );
    for spelling in &group.spellings {
        if stylebook_choice.is_some_and(|c| c.to_lowercase() == spelling.text.to_lowercase()) {
            continue;
        }
        let Some((range, _)) = spelling.uses.first() else {
            continue;
        };
        let elsewhere: Vec<String> = theirs
            .iter()
            .flat_map(|(text, list)| {
                list.iter()
                    .map(move |(path, s)| format!("“{text}” in {path} ({})", times(s.spans.len())))
            })
            .collect();
        let message = format!(
            "“{}” ({} here) is spelled differently in another draft: {}",
            spelling.text,
            times(spelling.uses.len()),
            elsewhere.join(", ")
        );
        let mut finding = Finding::new(INFO.id, Severity::Information, range.clone(), message);
        for (text, list) in &theirs {
            for (path, s) in list {
                if let Some(span) = s.spans.first() {
                    finding.related.push(Related {
                        path: Some(path.to_string()),
                        range: span.clone(),
                        message: format!("spelled “{text}” here"),
                    });
                }
            }
        }
        let mut choices: Vec<String> = vec![spelling.text.to_string()];
        choices.extend(theirs.keys().cloned());
        if let Some(c) = stylebook_choice {
            choices.retain(|x| x.to_lowercase() == c.to_lowercase());
            if choices.is_empty() {
                choices.push(c.to_string());
            }
        }
        for choice in choices {
            finding.fixes.push(every_draft_fix(
                group,
                &theirs,
                &choice,
                stylebook_choice.is_some(),
            ));
        }
        out.push(finding);
    }
}

/// Change the name to `choice` in this draft and every other draft.
fn every_draft_fix(
    group: &NameUses,
    theirs: &BTreeMap<String, Vec<(&str, &IndexedSpelling)>>,
    choice: &str,
    safe: bool,
) -> Fix {
    let lower = choice.to_lowercase();
    let mut edits: Vec<Edit> = Vec::new();
    for s in group
        .spellings
        .iter()
        .filter(|s| s.text.to_lowercase() != lower)
    {
        for (span, surname) in &s.uses {
            edits.push(Edit::here(span.clone(), cased_like(choice, surname)));
        }
    }
    for (text, list) in theirs {
        if text.to_lowercase() == lower {
            continue;
        }
        for (path, s) in list {
            for span in &s.spans {
                edits.push(Edit {
                    path: Some(path.to_string()),
                    range: span.clone(),
                    replacement: cased_like(choice, text),
                });
            }
        }
    }
    Fix::new(format!("Change to “{choice}” in every draft"), safe, edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;
    use crate::draft::DraftKind;
    use crate::rules::testing::{assert_clean, assert_flags, findings, findings_with};
    use crate::{Draft, WorkspaceIndex};
    use std::path::PathBuf;

    const RULE: &str = "name.inconsistent";

    fn book(entries: &[(&str, &[&str])]) -> Stylebook {
        Stylebook {
            names: entries
                .iter()
                .map(|(p, vs)| (p.to_string(), vs.iter().map(|v| v.to_string()).collect()))
                .collect(),
            ..Stylebook::default()
        }
    }

    #[test]
    fn a_misspelling_kept_with_sic_is_not_flagged() {
        // The writer has seen the quoted source's spelling and keeps it.
        let text = "The letter attacked “Marta Kowalsky’s [sic] office” by name.\n\n\
                    Marta Kowalski is the city’s chief prosecutor.\n";
        assert_clean(text, RULE);
        let text = "He wrote to Marta Kowalsky (sic) twice.\n\nMarta Kowalski did not reply.\n";
        assert_clean(text, RULE);
    }

    #[test]
    fn sic_on_one_spelling_does_not_hide_a_third() {
        let text = "He thanked Marta Kowalsky [sic] in the note.\n\n\
                    Marta Kowalski did not reply. Kowalski left.\n\nKowalskj said nothing more.\n";
        let found = findings(text, RULE);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(&text[found[0].range.clone()], "Kowalskj");
        assert!(
            !found[0].message.contains("Kowalsky"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_name_in_a_credit_line_is_not_flagged() {
        let text = "Lucía Peña, 48, ran the bakery for twenty years.\n\n\
                    Facebook/Lucia Pena.\n\n\
                    Peña’s family said she loved the early shift.\n";
        assert_clean(text, RULE);
        // A slash inside a sentence is not a credit.
        let text = "Lucía Peña ran for mayor. Voters backed the Ruiz/Pena ticket in May.\n\n\
                    Peña’s family said she loved the campaign.\n";
        assert_flags(text, RULE, 1);
    }

    #[test]
    fn two_spellings_named_as_alternatives_are_not_flagged() {
        let text = "The crossing, known as Horgos to one side and Khorgos to the other, \
                    opened in May. Trucks wait at Horgos for days.\n\n\
                    Drivers in Horgos sleep in their cabs. Khorgos has one hotel.\n";
        assert_clean(text, RULE);
        let text = "Officials in Kharkov (Kharkiv) met on Monday. Kharkiv had no power.\n\n\
                    Kharkiv’s mayor spoke.\n";
        assert_clean(text, RULE);
    }

    #[test]
    fn a_slip_in_the_same_sentence_is_still_flagged() {
        let text = "Pat Delgado met the mayor. Delgado also spoke of Anna Reyes, who like Delgaddo grew up in Tucson.\n\n\
                    Delgado left at noon.\n";
        let found = findings(text, RULE);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(&text[found[0].range.clone()], "Delgaddo");
    }

    #[test]
    fn a_quoted_sources_spelling_does_not_set_the_storys() {
        // One accented spelling inside a quote, one plain in the writer's
        // words: the writer's is the story's, and the quote's is the
        // source's own.
        let text = "“The Guantánamo camp is a stain,” said Ruth Alder of the rights group.\n\n\
                    The prison at Guantanamo will stay open, officials said.\n";
        assert_clean(text, RULE);
    }

    #[test]
    fn a_message_names_three_other_spellings_and_counts_the_rest() {
        let text = "Marta Kowalski spoke. Kowalski left. Kowalski returned.\n\n\
                    Kowalsky stayed. Kowalskj waved. Kowalskii ran. Kovalski sat. Kowalskyy hid.\n";
        let found = findings(text, RULE);
        let first = found
            .iter()
            .find(|f| &text[f.range.clone()] == "Kowalsky")
            .expect("Kowalsky is flagged");
        let message = &first.message;
        // Itself and three others named; the rest counted.
        assert_eq!(message.matches('“').count(), 4, "{message}");
        assert!(message.contains("“Kowalski” (3×), "), "{message}");
        assert!(message.contains(" other spelling"), "{message}");
    }

    #[test]
    fn merged_wire_copy_three_spellings() {
        let text = "President Volodymyr Zelenskyy met the envoys on Monday. Zelenskyy asked for air defence.\n\n\
                    Aides to Zelenskiy said the meeting went well.\n\n\
                    A spokesman for Zelensky would not say more. Zelenskyy left at noon.\n";
        let found = findings(text, RULE);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(&text[found[0].range.clone()], "Zelenskiy");
        assert_eq!(&text[found[1].range.clone()], "Zelensky");
        assert!(
            found[0].message.contains("“Zelenskyy” (3×)"),
            "{}",
            found[0].message
        );
        assert_eq!(
            found[0].related.len(),
            4,
            "three Zelenskyy and one Zelensky"
        );
        let all = &found[0].fixes[1];
        assert!(!all.safe);
        assert_eq!(
            crate::apply_edits(text, &all.edits),
            text.replace("Zelenskiy", "Zelenskyy")
                .replace("Zelensky ", "Zelenskyy ")
        );
    }

    #[test]
    fn change_this_one() {
        crate::rules::testing::assert_fix(
            "Nancy Pelosi spoke on Monday. Pelosi said the bill would pass. Later Pelosy left.\n",
            RULE,
            "Nancy Pelosi spoke on Monday. Pelosi said the bill would pass. Later Pelosi left.\n",
        );
    }

    #[test]
    fn two_different_clintons() {
        assert_clean(
            "Bill Clinton spoke first. Hillary Clinton followed him. Clinton, the former secretary, left early.\n",
            RULE,
        );
        // Different first names are different people, however alike.
        assert_clean(
            "Bill Clinton spoke first. Hillary Clintan followed him.\n",
            RULE,
        );
    }

    #[test]
    fn ivanov_and_ivanova_are_two_people() {
        assert_clean(
            "Sergei Ivanov met Anna Ivanova. Ivanov spoke, and Ivanova replied.\n",
            RULE,
        );
        assert_clean("Sergei Ivanov spoke. Later Ivanova replied.\n", RULE);
    }

    #[test]
    fn iran_and_iraq_austria_and_australia() {
        assert_clean(
            "Iran and Iraq signed a deal. Iran said more talks would follow.\n",
            RULE,
        );
        assert_clean("Austria beat Australia. Austria scored twice.\n", RULE);
    }

    #[test]
    fn merz_and_mertz_need_other_evidence() {
        assert_clean("Friedrich Merz spoke. The lawyer Mertz disagreed.\n", RULE);
        // The same first name is that evidence.
        assert_flags(
            "Friedrich Merz spoke on Monday. Friedrich Mertz spoke again on Tuesday.\n",
            RULE,
            1,
        );
    }

    #[test]
    fn sentence_initial_particles_are_not_variants() {
        assert_clean(
            "Ursula von der Leyen arrived. Von der Leyen said the plan was ready. Officials thanked von der Leyen.\n",
            RULE,
        );
    }

    #[test]
    fn possessives_are_the_same_spelling() {
        assert_clean(
            "Volodymyr Zelenskyy spoke. Zelenskyy’s office confirmed it. Zelenskyy's aides agreed.\n",
            RULE,
        );
        let text = "Volodymyr Zelenskyy spoke. Zelenskyy’s office confirmed it. Zelenskiy’s aides agreed.\n";
        let found = findings(text, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "Zelenskiy");
    }

    #[test]
    fn markdown_heading_capitals_are_weak() {
        let sb = Stylebook::default();
        // Every word of a heading is capitalised: none of them is a variant.
        let text = "# Pelosi Presses Senate On Budget\n\nNancy Pelosi spoke on Monday. Pelosi said the vote would come.\n";
        assert!(findings_with(text, DraftKind::Markdown, RULE, &sb).is_empty());
        // A heading spelling of a known variant still counts.
        let text = "# Zelenskiy Visits Washington\n\nVolodymyr Zelenskyy spoke. Zelenskyy left.\n";
        let found = findings_with(text, DraftKind::Markdown, RULE, &sb);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "Zelenskiy");
    }

    #[test]
    fn sentence_initial_lookalike_is_not_a_variant() {
        // "Trumped" is not a name; a similar word opening a sentence proves nothing.
        assert_clean(
            "Donald Trump spoke. Trump left early. Tramps gathered outside.\n",
            RULE,
        );
    }

    #[test]
    fn stylebook_preference_wins_and_makes_fixes_safe() {
        let sb = book(&[("Zelenskiy", &[])]);
        let text = "Volodymyr Zelenskyy spoke. Zelenskyy left. Zelenskiy returned.\n";
        let found = findings_with(text, DraftKind::Plain, RULE, &sb);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|f| &text[f.range.clone()] == "Zelenskyy"));
        assert!(found[0].fixes.iter().all(|f| f.safe));
        assert!(found[0].message.contains("stylebook prefers “Zelenskiy”"));
    }

    #[test]
    fn a_spelling_only_inside_quotes_is_the_sources() {
        assert_clean(
            "Experts on Al Qaeda met. Al Qaeda was weak. A statement said: “al-Qaida is finished.”\n",
            RULE,
        );
        // A slip is a slip, in quotes or not.
        assert_flags(
            "A drone killed Qasem Soleimani. Soleimani led the force. “Soleymani was 62,” he said.\n",
            RULE,
            1,
        );
    }

    #[test]
    fn a_common_word_opening_a_sentence_is_not_a_variant() {
        // "Call" opens a sentence; Aaron Kall is a person.
        assert_clean(
            "Call the senator now. Aaron Kall said so, and Kall agreed.\n",
            RULE,
        );
    }

    #[test]
    fn a_slip_at_a_sentence_start() {
        assert_flags(
            "Adam Schiff spoke on Monday. Schif called it a non-starter.\n",
            RULE,
            1,
        );
        // A given name used alone is not a slip of a surname.
        assert_clean("Corey Lewandowski spoke. Correy, his son, did not.\n", RULE);
    }

    #[test]
    fn most_frequent_else_first() {
        let text = "Volodymyr Zelenskiy spoke. Zelenskyy left.\n";
        let found = findings(text, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "Zelenskyy");
    }

    #[test]
    fn record_fix_creates_a_stylebook_next_to_the_draft() {
        let text = "Volodymyr Zelenskyy spoke. Zelenskyy left. Zelenskiy returned.\n";
        let found: Vec<Finding> = crate::lint(
            Some("story/a.txt"),
            text,
            DraftKind::Plain,
            &Stylebook::default(),
            None,
        )
        .into_iter()
        .filter(|f| f.rule == RULE)
        .collect();
        let fix = found[0].fixes.last().unwrap();
        assert!(fix.title.contains("copydesk.json"));
        let (path, content) = fix.create.clone().unwrap();
        assert_eq!(path, "story/copydesk.json");
        let parsed = Stylebook::parse(&content, std::path::Path::new(&path)).unwrap();
        assert_eq!(parsed.names["Zelenskyy"], vec!["Zelenskiy".to_string()]);
    }

    #[test]
    fn record_fix_edits_an_existing_stylebook() {
        for source in [
            "{\n  \"scope\": \"document\"\n}\n",
            "{}",
            "{\n  \"names\": { \"Kyiv\": [\"Kiev\"] }\n}\n",
            "{\n  \"names\": {}\n}\n",
        ] {
            let mut sb = Stylebook::parse(source, std::path::Path::new("copydesk.json")).unwrap();
            sb.path = Some(PathBuf::from("/news/copydesk.json"));
            let text = "Volodymyr Zelenskyy spoke. Zelenskyy left. Zelenskiy returned.\n";
            let found = findings_with(text, DraftKind::Plain, RULE, &sb);
            let fix = found[0].fixes.last().unwrap();
            assert_eq!(fix.edits[0].path.as_deref(), Some("/news/copydesk.json"));
            let mut edit = fix.edits[0].clone();
            edit.path = None;
            let edited = crate::apply_edits(source, &[edit]);
            let parsed = Stylebook::parse(&edited, std::path::Path::new("copydesk.json")).unwrap();
            assert_eq!(
                parsed.names["Zelenskyy"],
                vec!["Zelenskiy".to_string()],
                "{edited}"
            );
        }
    }

    #[test]
    fn listed_stylebook_variants_are_left_to_name_stylebook() {
        let sb = book(&[("Zelenskyy", &["Zelenskiy"])]);
        let text = "Volodymyr Zelenskyy spoke. Zelenskiy returned.\n";
        assert!(findings_with(text, DraftKind::Plain, RULE, &sb).is_empty());
    }

    #[test]
    fn known_place_groups() {
        assert_flags(
            "The talks in Kyiv went on. Officials in Kyiv agreed. Back in Kiev, crowds waited.\n",
            RULE,
            1,
        );
        assert_flags(
            "Al Qaeda claimed the attack. Experts on al-Qaida doubted it. Al Qaeda denied it.\n",
            RULE,
            1,
        );
    }

    fn lint_in(index: &WorkspaceIndex, path: &str, text: &str, sb: &Stylebook) -> Vec<Finding> {
        crate::lint(Some(path), text, DraftKind::Plain, sb, Some(index))
            .into_iter()
            .filter(|f| f.rule == RULE)
            .collect()
    }

    fn workspace(drafts: &[(&str, &str)], sb: &Stylebook) -> WorkspaceIndex {
        let mut ix = WorkspaceIndex::new();
        for (path, text) in drafts {
            ix.update(
                path,
                &Analysis::new(Draft::parse(text, DraftKind::Plain), sb),
            );
        }
        ix
    }

    #[test]
    fn workspace_spellings_differ_across_two_drafts() {
        let a =
            "President Volodymyr Zelenskiy spoke in Kyiv. Zelenskiy asked Donald Trump for help.\n";
        let b = "Ukraine's leader Volodymyr Zelenskyy met envoys. Donald Trump called.\n";
        let sb = Stylebook::default();
        let ix = workspace(&[("a.txt", a), ("b.txt", b)], &sb);
        let fa = lint_in(&ix, "a.txt", a, &sb);
        let fb = lint_in(&ix, "b.txt", b, &sb);
        assert_eq!(fa.len(), 1, "{fa:#?}");
        assert_eq!(fb.len(), 1, "{fb:#?}");
        assert_eq!(fa[0].severity, Severity::Information);
        assert!(fa[0].message.contains("b.txt"));
        assert_eq!(fa[0].related[0].path.as_deref(), Some("b.txt"));
        assert_eq!(&b[fa[0].related[0].range.clone()], "Zelenskyy");
        assert_eq!(fb[0].related[0].path.as_deref(), Some("a.txt"));
        // The fix to the other draft's spelling edits both drafts.
        let fix = fa[0]
            .fixes
            .iter()
            .find(|f| f.title.contains("“Zelenskyy”"))
            .unwrap();
        assert_eq!(fix.edits.iter().filter(|e| e.path.is_none()).count(), 2);
        assert!(fix
            .edits
            .iter()
            .all(|e| e.path.is_none() || e.path.as_deref() == Some("b.txt")));
        assert_eq!(
            crate::apply_edits(a, &fix.edits),
            a.replace("Zelenskiy", "Zelenskyy")
        );
    }

    #[test]
    fn drafts_of_different_stories_are_not_compared() {
        // Two unrelated stories in one folder: nobody else in common.
        let a = "President Volodymyr Zelenskiy spoke in Kyiv.\n";
        let b = "Volodymyr Zelenskyy met Nancy Pelosi.\n";
        let sb = Stylebook::default();
        let ix = workspace(&[("a.txt", a), ("b.txt", b)], &sb);
        assert!(lint_in(&ix, "a.txt", a, &sb).is_empty());
        assert!(lint_in(&ix, "b.txt", b, &sb).is_empty());
    }

    #[test]
    fn workspace_scope_document_and_different_people_stay_quiet() {
        let a = "President Volodymyr Zelenskiy spoke.\n";
        let b = "Volodymyr Zelenskyy met envoys.\n";
        let doc = Stylebook {
            scope: Scope::Document,
            ..Stylebook::default()
        };
        let ix = workspace(&[("a.txt", a), ("b.txt", b)], &doc);
        assert!(lint_in(&ix, "a.txt", a, &doc).is_empty());
        let sb = Stylebook::default();
        let ix = workspace(
            &[
                ("a.txt", "Sergei Ivanov spoke.\n"),
                ("b.txt", "Anna Ivanova spoke.\n"),
            ],
            &sb,
        );
        assert!(lint_in(&ix, "a.txt", "Sergei Ivanov spoke.\n", &sb).is_empty());
    }

    #[test]
    fn workspace_with_a_stylebook_flags_only_the_other_spelling() {
        let a = "President Volodymyr Zelenskiy spoke. Donald Trump called.\n";
        let b = "Volodymyr Zelenskyy met envoys. Donald Trump called.\n";
        let sb = book(&[("Zelenskyy", &[])]);
        let ix = workspace(&[("a.txt", a), ("b.txt", b)], &sb);
        let fa = lint_in(&ix, "a.txt", a, &sb);
        assert_eq!(fa.len(), 1);
        assert!(fa[0].fixes[0].safe);
        assert!(lint_in(&ix, "b.txt", b, &sb).is_empty());
    }
}
