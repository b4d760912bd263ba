//! The join of spellings as it was before [`super::join_units`] compared
//! a person's spelling with its possible slips directly: every slip and
//! skeleton key hashed into buckets. Kept for the tests, as an oracle: the
//! two must make the same sets.

use super::{find, one_name, union, variants, Unit};
use rustc_hash::FxHashMap;

/// Join the units that are one name; returns each unit's set root.
/// Candidates meet in buckets (the similarity keys of
/// [`variants::similarity_keys`], hashed), never as all pairs. Only a
/// spelling introduced with a first name can be merely similar to another
/// (see [`one_name`]), so only those file their slip and skeleton keys, and
/// only when some other spelling has the shape to be a slip of them; the
/// others look them up.
pub(super) fn join_units_by_buckets(units: &[Unit], folds: &str) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..units.len()).collect();
    let mut heads: FxHashMap<u64, u32> = FxHashMap::default();
    // A key and a group per spelling, and about ten slip hashes for each
    // spelling that files them.
    heads.reserve(units.len() * 4);
    // (unit, next entry of the same bucket)
    let mut entries: Vec<(u32, u32)> = Vec::with_capacity(units.len() * 2);
    let mut meet = |parent: &mut Vec<usize>, hash: u64, u: usize, file: bool| {
        let head = if file {
            heads.entry(hash).or_insert(u32::MAX)
        } else {
            match heads.get_mut(&hash) {
                Some(head) => head,
                None => return,
            }
        };
        let mut at = *head;
        while at != u32::MAX {
            let (v, next) = entries[at as usize];
            let v = v as usize;
            if v != u && find(parent, u) != find(parent, v) {
                let (a, b) = (u.min(v), u.max(v));
                if one_name(&units[a].facts, &units[b].facts) {
                    union(parent, a, b);
                }
            }
            at = next;
        }
        if file {
            entries.push((u as u32, *head));
            *head = (entries.len() - 1) as u32;
        }
    };
    // A key is about as long as its fold: one allocation for all of them.
    let mut keys = String::with_capacity(folds.len() + 16);
    let mut key_ranges = Vec::with_capacity(units.len());
    let mut shapes = Shapes::default();
    let mut unit_shapes = Vec::with_capacity(units.len());
    // One buffer for every key (key_of_folded clears it).
    let mut key = String::new();
    for (u, unit) in units.iter().enumerate() {
        let f = &folds[unit.fold.clone()];
        let start = keys.len();
        variants::key_of_folded(f, &mut key);
        keys.push_str(&key);
        key_ranges.push(start..keys.len());
        meet(
            &mut parent,
            variants::key_hash(variants::KEY_TAG, &[key.as_bytes()]),
            u,
            true,
        );
        if let Some(g) = unit.facts.group {
            let g = (g as u64).to_le_bytes();
            meet(
                &mut parent,
                variants::key_hash(variants::GROUP_TAG, &[&g]),
                u,
                true,
            );
        }
        let shape = Shape::of(f, &key);
        shapes.add(shape, !unit.facts.firsts.is_empty());
        unit_shapes.push(shape);
    }
    // Only a person's spelling can be merely similar to another (see
    // above): with no person, no slips to look for.
    let any_person = shapes.wild_persons > 0 || shapes.persons.any();
    let mut scratch = String::new();
    // Persons first, so the others find their keys.
    for pass_persons in [true, false].into_iter().filter(|_| any_person) {
        for (u, unit) in units.iter().enumerate() {
            let person = !unit.facts.firsts.is_empty();
            if person != pass_persons {
                continue;
            }
            let shape = unit_shapes[u];
            let wanted = if person {
                shapes.other_near(shape)
            } else {
                // Merely similar to a person's surname only when both are
                // five letters or more.
                unit.text.chars().count() >= 5 && shapes.person_near(shape)
            };
            if wanted {
                let f = &folds[unit.fold.clone()];
                let key = &keys[key_ranges[u].clone()];
                variants::slip_hashes(f, key, &mut scratch, |h| meet(&mut parent, h, u, person));
            }
        }
    }
    for i in 0..parent.len() {
        find(&mut parent, i);
    }
    parent
}

/// What a slip needs two spellings to share: the first letter of their
/// keys and a length within one letter (or both seven letters or more, for
/// a transliteration's vowels). `None` for a spelling that is not ASCII,
/// which is compared with every other.
#[derive(Clone, Copy)]
struct Shape(Option<(usize, usize)>);

impl Shape {
    fn of(folded: &str, key: &str) -> Shape {
        if !folded.is_ascii() {
            return Shape(None);
        }
        let first = key.as_bytes().first().map_or(0, |b| usize::from(b % 32));
        Shape(Some((first, folded.len().min(31))))
    }
}

/// Which shapes the spellings (and the person spellings) have: by first
/// letter, a bit per length seen once and a bit per length seen twice or
/// more. The tests below only ask whether a window of lengths holds one
/// spelling, or two, so counts past two are not kept; 512 bytes to clear a
/// draft instead of a table of counts.
#[derive(Default)]
struct Shapes {
    all: Lengths,
    persons: Lengths,
    wild: usize,
    wild_persons: usize,
}

/// Per first letter, the lengths seen once or more and twice or more.
#[derive(Default)]
struct Lengths {
    once: [u32; 32],
    twice: [u32; 32],
}

impl Lengths {
    fn add(&mut self, f: usize, l: usize) {
        let bit = 1u32 << l;
        self.twice[f] |= self.once[f] & bit;
        self.once[f] |= bit;
    }

    /// How many spellings (zero, one, or two for two or more) of this
    /// first letter have a length within `mask`.
    fn count(&self, f: usize, mask: u32) -> usize {
        if self.twice[f] & mask != 0 {
            return 2;
        }
        ((self.once[f] & mask).count_ones() as usize).min(2)
    }

    fn any(&self) -> bool {
        self.once.iter().any(|&bits| bits != 0)
    }
}

impl Shapes {
    fn add(&mut self, shape: Shape, person: bool) {
        match shape.0 {
            Some((f, l)) => {
                self.all.add(f, l);
                if person {
                    self.persons.add(f, l);
                }
            }
            None => {
                self.wild += 1;
                self.wild_persons += usize::from(person);
            }
        }
    }

    /// The lengths a slip of a spelling of length `l` may have: within
    /// one letter, or any of seven letters or more when it has seven.
    fn window(l: usize) -> u32 {
        let low = l.saturating_sub(1);
        let high = (l + 1).min(31);
        // Bits low..=high.
        let mut mask = (u32::MAX >> (31 - high)) & (u32::MAX << low);
        if l >= 7 {
            mask |= u32::MAX << 7;
        }
        mask
    }

    /// Some other spelling may be a slip of this (person's) one.
    fn other_near(&self, shape: Shape) -> bool {
        match shape.0 {
            // Itself is counted once.
            Some((f, l)) => self.wild > 0 || self.all.count(f, Self::window(l)) > 1,
            None => true,
        }
    }

    /// Some person's spelling may be a slip of this one.
    fn person_near(&self, shape: Shape) -> bool {
        match shape.0 {
            Some((f, l)) => self.wild_persons > 0 || self.persons.count(f, Self::window(l)) > 0,
            None => self.wild_persons > 0 || self.persons.any(),
        }
    }
}
