//! The title lexicon: head roles, their forms and kinds, and modifiers.
//!
//! Data lives in `src/analysis/data/titles_roles.txt and titles_modifiers.txt`; it is parsed once into
//! hash maps (first word of a form → forms starting with it).

use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::OnceLock;

/// How a role's title is cased (DESIGN.md §3, `title.case`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Capitalised directly before a name, lower-case elsewhere (AP).
    Formal,
    /// Formal, but a lower-case form before a name is left alone
    /// ("federal judge", "Republican senator").
    Loose,
    /// A job description: always lower-case ("Kremlin spokesperson").
    Occupational,
    Royal,
    Religious,
    Military,
    Honour,
    /// An abbreviation ("Sen.", "Gov."): its case is never checked.
    Abbrev,
    /// A description whose case varies too much to check ("leader").
    Descriptor,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "formal" => Kind::Formal,
            "loose" => Kind::Loose,
            "occupational" => Kind::Occupational,
            "royal" => Kind::Royal,
            "religious" => Kind::Religious,
            "military" => Kind::Military,
            "honour" => Kind::Honour,
            "abbrev" => Kind::Abbrev,
            "descriptor" => Kind::Descriptor,
            _ => return None,
        })
    }
}

/// What a modifier says about the title it qualifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModifierClass {
    /// "former", "then", "late": a past role.
    Past,
    /// "incoming", "-elect": a future role.
    Future,
    /// "acting", "interim", "senior".
    Current,
    /// "deputy", "assistant": a rank below the head role.
    Rank,
}

/// One head role ("spokesperson"), shared by all its synonyms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    /// Roles of one family are rivals; `None`: never compared.
    pub family: Option<String>,
}

/// One way of writing a role ("Sen.", "spokesman", "prime minister").
#[derive(Debug, Clone)]
pub struct Form {
    /// Lower-case words; a word ending in "." must be written with its period.
    pub words: Vec<String>,
    pub role: usize,
    pub kind: Kind,
}

impl Form {
    pub fn is_abbreviation(&self) -> bool {
        self.words.iter().any(|w| w.ends_with('.'))
    }
}

#[derive(Debug, Default)]
pub struct Lexicon {
    pub roles: Vec<Role>,
    pub forms: Vec<Form>,
    /// First words of forms (lower-case, without period) with the form
    /// indices each starts, longest form first; grouped by their bit in
    /// `Bloom::bit`, the groups delimited by `first_slots`.
    firsts: Vec<(String, Vec<usize>)>,
    /// Bloom bit → the range of `firsts` with that bit (`firsts[slots[b]..
    /// slots[b + 1]]`): a lookup is the filter's arithmetic and a compare
    /// or two, no hashing.
    first_slots: Vec<u16>,
    modifiers: FxHashMap<String, ModifierClass>,
    /// The prefilter of `firsts`: every word of a draft is asked, and
    /// most are ruled out by one table load.
    first_shapes: Shapes,
    /// The same for the second and second-to-last bytes: asked only of
    /// the words `first_shapes` lets through ("another" has the shape of
    /// "admiral", not its inner letters).
    first_inner_shapes: Shapes,
    /// The prefilter of `modifiers`: most words are ruled out by it
    /// without hashing.
    modifier_bloom: Bloom,
    /// The first filter of every word of a draft: see [`HeadFilter`].
    head_filter: HeadFilter,
}

/// (first byte, last byte) of a draft word's lower case → the lengths (mod
/// 64) it may have and still begin a form once trailing apostrophes and a
/// possessive go (as `may_head_token` strips them): a word ending in an
/// apostrophe always passes; one ending in "s" passes also at the lengths
/// of a form's first word with "'s" or "’s" after it. No false negatives;
/// the few words that pass are asked again exactly.
#[derive(Debug, Clone)]
struct HeadFilter(Box<[u64; 32 * 256]>);

impl Default for HeadFilter {
    fn default() -> HeadFilter {
        HeadFilter(Box::new([0; 32 * 256]))
    }
}

impl HeadFilter {
    /// The first byte keeps its low five bits, as in [`Shapes`]; the last
    /// is whole, so an apostrophe's last byte (0x99 of "’") shares a slot
    /// with no letter.
    #[inline(always)]
    fn slot(first: u8, last: u8) -> usize {
        usize::from(first & 31) | (usize::from(last) << 5)
    }

    fn insert(&mut self, first: u8, last: u8, len: usize) {
        self.0[Self::slot(first, last)] |= 1 << (len & 63);
    }

    /// The filter of the first words of forms `firsts` (lower case, no
    /// period).
    fn of<'a>(firsts: impl Iterator<Item = &'a str>) -> HeadFilter {
        let mut filter = HeadFilter::default();
        for word in firsts {
            let (Some(&first), Some(&last)) = (word.as_bytes().first(), word.as_bytes().last())
            else {
                continue;
            };
            let len = word.len();
            filter.insert(first, last, len);
            // Its possessives ("president's", "president’s"), whatever the
            // word's last byte: one table then tests every word, with no
            // second test of the bytes before a final "s".
            filter.insert(first, b's', len + "'s".len());
            filter.insert(first, b's', len + "’s".len());
        }
        // Trailing apostrophes, any number of them, are stripped before
        // the lookup: such a word may have any length.
        for first in 0..32 {
            for last in [b'\'', 0x99] {
                filter.0[Self::slot(first, last)] = u64::MAX;
            }
        }
        filter
    }

    #[inline(always)]
    fn may_contain(&self, first: u8, last: u8, len: usize) -> bool {
        // Five bits and eight: the slot is below 32 * 256, so indexing
        // cannot fail.
        (self.0[Self::slot(first, last)] >> (len & 63)) & 1 != 0
    }
}

/// A one-probe Bloom filter over a word's length and its first and last
/// bytes: a word it rejects is surely not in the set.
#[derive(Debug, Clone)]
pub(crate) struct Bloom([u64; BLOOM_BITS / 64]);

/// The bits of a [`Bloom`] (`bit` keeps 12 bits of its hash).
const BLOOM_BITS: usize = 4096;

impl Default for Bloom {
    fn default() -> Bloom {
        Bloom([0; BLOOM_BITS / 64])
    }
}

impl Bloom {
    fn bit(word: &[u8]) -> usize {
        let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
            return 0;
        };
        let mix = u32::from(first) | (u32::from(last) << 8) | ((word.len() as u32 & 0xff) << 16);
        (mix.wrapping_mul(0x9E37_79B1) >> 20) as usize
    }

    fn insert(&mut self, word: &str) {
        let b = Self::bit(word.as_bytes());
        self.0[b >> 6] |= 1 << (b & 63);
    }

    #[inline]
    pub(crate) fn may_contain(&self, word: &[u8]) -> bool {
        let b = Self::bit(word);
        self.0[b >> 6] & (1 << (b & 63)) != 0
    }
}

/// The shapes of a set of lower-case ASCII words: (first letter, last
/// letter) → the lengths seen, as bits. A word whose shape is not in the
/// set is surely not in it; few others pass (the letters are exact up to
/// their low five bits, the length up to 63).
#[derive(Debug, Clone)]
struct Shapes(Box<[u64; 1024]>);

impl Default for Shapes {
    fn default() -> Shapes {
        Shapes(Box::new([0; 1024]))
    }
}

impl Shapes {
    #[inline(always)]
    fn slot(first: u8, last: u8) -> usize {
        usize::from(first & 31) | (usize::from(last & 31) << 5)
    }

    fn insert(&mut self, first: u8, last: u8, len: usize) {
        self.0[Self::slot(first, last)] |= 1 << len.min(63);
    }

    #[inline(always)]
    fn may_contain(&self, first: u8, last: u8, len: usize) -> bool {
        // Two five-bit fields: the slot is below 1024, so indexing cannot fail.
        self.0[Self::slot(first, last)] & (1 << len.min(63)) != 0
    }
}

impl Lexicon {
    /// The compiled-in lexicon, built once.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            Lexicon::parse(
                include_str!("../data/titles_roles.txt"),
                include_str!("../data/titles_modifiers.txt"),
            )
        })
    }

    /// Parse lexicon data. Malformed lines are skipped (the data is ours and
    /// tested; a bad line must not take the engine down).
    pub fn parse(roles_text: &str, modifiers_text: &str) -> Lexicon {
        let mut lex = Lexicon::default();
        let mut role_index: HashMap<String, usize> = HashMap::new();
        for line in data_lines(roles_text) {
            let fields: Vec<&str> = line.split('\t').collect();
            let [role, kind, family, forms] = fields[..] else {
                continue;
            };
            let Some(kind) = Kind::parse(kind) else {
                continue;
            };
            let role = *role_index.entry(role.to_string()).or_insert_with(|| {
                lex.roles.push(Role {
                    name: role.to_string(),
                    family: (family != "-").then(|| family.to_string()),
                });
                lex.roles.len() - 1
            });
            for form in forms.split('|') {
                let words: Vec<String> =
                    form.split_whitespace().map(|w| w.to_lowercase()).collect();
                if words.is_empty() {
                    continue;
                }
                lex.forms.push(Form { words, role, kind });
            }
        }
        let mut by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, form) in lex.forms.iter().enumerate() {
            let first = form.words[0].trim_end_matches('.').to_string();
            if let (Some(&f), Some(&l)) = (first.as_bytes().first(), first.as_bytes().last()) {
                lex.first_shapes.insert(f, l, first.len());
                let (second, penultimate) = inner_bytes(first.as_bytes());
                lex.first_inner_shapes
                    .insert(second, penultimate, first.len());
            }
            by_first.entry(first).or_default().push(i);
        }
        let forms = &lex.forms;
        for list in by_first.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(forms[i].words.len()));
        }
        let mut firsts: Vec<(String, Vec<usize>)> = by_first.into_iter().collect();
        firsts.sort_by_key(|(w, _)| (Bloom::bit(w.as_bytes()), w.clone()));
        let mut slots = vec![0u16; BLOOM_BITS + 1];
        for (w, _) in &firsts {
            slots[Bloom::bit(w.as_bytes()) + 1] += 1;
        }
        for b in 0..BLOOM_BITS {
            slots[b + 1] += slots[b];
        }
        lex.head_filter = HeadFilter::of(firsts.iter().map(|(w, _)| w.as_str()));
        lex.firsts = firsts;
        lex.first_slots = slots;
        for line in data_lines(modifiers_text) {
            let Some((word, class)) = line.split_once('\t') else {
                continue;
            };
            let class = match class.trim() {
                "past" => ModifierClass::Past,
                "future" => ModifierClass::Future,
                "current" => ModifierClass::Current,
                "rank" => ModifierClass::Rank,
                _ => continue,
            };
            let word = word.trim().to_lowercase();
            lex.modifier_bloom.insert(&word);
            lex.modifiers.insert(word, class);
        }
        lex
    }

    /// Forms whose first word is `lower` (lower-case, no period), longest first.
    #[inline]
    pub fn forms_starting(&self, lower: &str) -> &[usize] {
        let bit = Bloom::bit(lower.as_bytes());
        let (Some(&from), Some(&to)) = (self.first_slots.get(bit), self.first_slots.get(bit + 1))
        else {
            return &[];
        };
        let group = self
            .firsts
            .get(usize::from(from)..usize::from(to))
            .unwrap_or(&[]);
        group
            .iter()
            .find(|(w, _)| w == lower)
            .map_or(&[], |(_, forms)| forms.as_slice())
    }

    /// Whether a draft word whose lower case has this first and last byte
    /// and length may begin a form, perhaps after trailing apostrophes are
    /// stripped (no false negatives for a word that does not end in a
    /// possessive; one load).
    #[inline(always)]
    pub(crate) fn may_head(&self, first: u8, last: u8, len: usize) -> bool {
        self.head_filter.may_contain(first, last, len)
    }

    /// Whether a word of this first and last byte and length may be the
    /// first word of a form (no false negatives; cheap).
    #[inline(always)]
    pub(crate) fn may_start_shape(&self, first: u8, last: u8, len: usize) -> bool {
        self.first_shapes.may_contain(first, last, len)
    }

    /// Whether `lower` may be the first word of a form (no false
    /// negatives; cheap).
    #[inline(always)]
    pub(crate) fn may_start_form(&self, lower: &[u8]) -> bool {
        match (lower.first(), lower.last()) {
            (Some(&first), Some(&last)) => {
                let (second, penultimate) = inner_bytes(lower);
                self.first_shapes.may_contain(first, last, lower.len())
                    && self
                        .first_inner_shapes
                        .may_contain(second, penultimate, lower.len())
            }
            _ => false,
        }
    }

    #[inline]
    pub fn modifier(&self, lower: &str) -> Option<ModifierClass> {
        if !self.modifier_bloom.may_contain(lower.as_bytes()) {
            return None;
        }
        self.modifiers.get(lower).copied()
    }

    /// The role a free-standing title string names and the words naming it
    /// ("Kremlin spokesperson" → spokesperson, "spokesperson").
    pub fn head_of_phrase(&self, phrase: &str) -> Option<(usize, String)> {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        // The longest tail that is exactly a form.
        for start in 0..words.len() {
            let tail = words[start..].join(" ");
            let lower = tail.to_lowercase();
            if let Some(f) = self.forms.iter().find(|f| f.words.join(" ") == lower) {
                return Some((f.role, tail));
            }
        }
        None
    }

    /// The role a free-standing title string names ("Kremlin spokesperson",
    /// "Chancellor", "Sen."): the role of the longest form its words end with.
    pub fn role_of_phrase(&self, phrase: &str) -> Option<usize> {
        let words: Vec<String> = phrase
            .split_whitespace()
            .map(|w| w.to_lowercase())
            .collect();
        let mut best: Option<(usize, usize)> = None;
        for start in 0..words.len() {
            let first = words[start].trim_end_matches('.');
            for &fi in self.forms_starting(first) {
                let form = &self.forms[fi];
                let tail = &words[start..];
                let matches = tail.len() >= form.words.len()
                    && form
                        .words
                        .iter()
                        .zip(tail)
                        .all(|(f, w)| f == w || f.trim_end_matches('.') == w);
                if matches && best.is_none_or(|(len, _)| form.words.len() > len) {
                    best = Some((form.words.len(), form.role));
                }
            }
        }
        best.map(|(_, role)| role)
    }
}

/// The second and second-to-last bytes of a word (its only byte twice when
/// it has one; zeros when it has none).
fn inner_bytes(word: &[u8]) -> (u8, u8) {
    let n = word.len();
    let second = word.get(1.min(n.saturating_sub(1))).copied().unwrap_or(0);
    let penultimate = word.get(n.saturating_sub(2)).copied().unwrap_or(0);
    (second, penultimate)
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_share_one_role() {
        let lex = Lexicon::get();
        let spokes = lex.role_of_phrase("spokesperson");
        assert!(spokes.is_some());
        for synonym in [
            "spokesman",
            "spokeswoman",
            "press secretary",
            "White House press secretary",
        ] {
            assert_eq!(lex.role_of_phrase(synonym), spokes, "{synonym}");
        }
        let adviser = lex.role_of_phrase("adviser");
        assert_eq!(lex.role_of_phrase("advisor"), adviser);
        assert_eq!(lex.role_of_phrase("aide"), adviser);
        assert_ne!(adviser, spokes);
    }

    #[test]
    fn abbreviations_are_their_roles() {
        let lex = Lexicon::get();
        assert_eq!(lex.role_of_phrase("Sen."), lex.role_of_phrase("senator"));
        assert_eq!(lex.role_of_phrase("Gov."), lex.role_of_phrase("governor"));
        assert_eq!(
            lex.role_of_phrase("Lt. Gov."),
            lex.role_of_phrase("lieutenant governor")
        );
        assert_ne!(lex.role_of_phrase("Lt. Gov."), lex.role_of_phrase("Gov."));
        assert_eq!(
            lex.role_of_phrase("Rep."),
            lex.role_of_phrase("representative")
        );
    }

    #[test]
    fn longest_form_wins() {
        let lex = Lexicon::get();
        let pm = lex
            .role_of_phrase("prime minister")
            .map(|r| lex.roles[r].name.as_str());
        assert_eq!(pm, Some("prime minister"));
        let dpm = lex
            .role_of_phrase("Deputy Prime Minister")
            .map(|r| lex.roles[r].name.as_str());
        assert_eq!(dpm, Some("deputy prime minister"));
        let sos = lex
            .role_of_phrase("Secretary of State")
            .map(|r| lex.roles[r].name.as_str());
        assert_eq!(sos, Some("secretary of state"));
    }

    #[test]
    fn modifiers_are_classed() {
        let lex = Lexicon::get();
        assert_eq!(lex.modifier("former"), Some(ModifierClass::Past));
        assert_eq!(lex.modifier("acting"), Some(ModifierClass::Current));
        assert_eq!(lex.modifier("deputy"), Some(ModifierClass::Rank));
        assert_eq!(lex.modifier("russian"), None);
    }

    #[test]
    fn rival_families() {
        let lex = Lexicon::get();
        let family = |p: &str| {
            lex.role_of_phrase(p)
                .and_then(|r| lex.roles[r].family.clone())
        };
        assert_eq!(family("president"), family("prime minister"));
        assert_eq!(family("Sen."), family("Rep."));
        assert_eq!(family("spokesperson"), family("adviser"));
        assert_ne!(family("spokesperson"), family("president"));
        assert_eq!(family("pope"), None);
    }
}
