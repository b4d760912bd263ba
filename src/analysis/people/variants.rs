//! When two spellings are one name: transliteration keys, the compiled-in
//! table of well-known variant groups, the known-distinct pairs and the
//! similarity gate.
//!
//! Precision first: every test here errs towards "different names". A
//! false "Ivanov is Ivanova" costs the reporter more than a missed typo.

use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// Lower case, diacritics folded (Erdoğan → erdogan), letters only: the
/// form spellings are compared in. Hyphens, apostrophes and spaces go, so
/// "al-Qaida" and "Al Qaida" fold alike.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`], appended to `out` (ASCII, the common case, without the
/// Unicode decomposition).
pub fn fold_into(s: &str, out: &mut String) {
    if fold_ascii_into(s, out) {
        return;
    }
    for c in s.nfd() {
        match c {
            'ß' => out.push_str("ss"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'æ' | 'Æ' => out.push_str("ae"),
            'đ' | 'Đ' => out.push('d'),
            c if c.is_alphabetic() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
}

/// [`fold_into`] for ASCII, in one pass over the bytes (no test of the
/// whole string first). False, with `out` as it was, when a byte is not
/// ASCII.
fn fold_ascii_into(s: &str, out: &mut String) -> bool {
    let start = out.len();
    out.reserve(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphabetic() {
            out.push(char::from(b.to_ascii_lowercase()));
        } else if !b.is_ascii() {
            out.truncate(start);
            return false;
        }
    }
    true
}

/// The transliteration key of a spelling: spellings with the same key are
/// the same name written by different conventions (Zelenskiy, Zelenskyy,
/// Zelensky; Khodorkovsky/Hodorkovsky; Schröder/Shroder; Gaddafi/Qadafi).
pub fn key(s: &str) -> String {
    let mut k = String::new();
    key_of_folded(&fold(s), &mut k);
    k
}

/// The transliteration key of a folded spelling, written into `k` (cleared
/// first), so keys can be made in one reused buffer.
pub fn key_of_folded(f: &str, k: &mut String) {
    k.clear();
    // Most spellings: short and ASCII, made as bytes on the stack.
    if !(f.is_ascii() && key_of_ascii(f.as_bytes(), k)) {
        key_of_chars(f, k);
    }
}

/// [`key_of_folded`] character by character (into `k`, empty), for
/// spellings beyond ASCII.
fn key_of_chars(f: &str, k: &mut String) {
    let b = f.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while i < b.len() {
        // Digraphs first (sch, sz, ph, kh, ck, dh, ou, ie), then w, q and c.
        let (out, used): (&str, usize) = match (b[i], at(i + 1)) {
            (b's', b'c') if at(i + 2) == b'h' => ("sh", 3),
            (b's', b'z') => ("sh", 2),
            (b'p', b'h') => ("f", 2),
            (b'k', b'h') => ("h", 2),
            (b'c', b'k') => ("k", 2),
            (b'd', b'h') => ("d", 2),
            (b'o', b'u') => ("u", 2),
            // Geingob/Giengob, Stein/Stien: the classic transposition.
            (b'i', b'e') => ("ei", 2),
            (b'w', _) => ("v", 1),
            (b'q' | b'c', _) => ("k", 1),
            (c, _) if c.is_ascii() => {
                k.push(char::from(c));
                i += 1;
                continue;
            }
            _ => {
                let rest = &f[i..];
                let n = rest.chars().next().map_or(1, char::len_utf8);
                (&rest[..n], n)
            }
        };
        k.push_str(out);
        i += used;
    }
    normalize_ending(k);
    dedouble(k);
}

/// [`key_of_folded`] for ASCII, pushed to `k` (empty). False, with nothing
/// pushed, for a spelling too long for [`ascii_key`]'s buffer.
fn key_of_ascii(b: &[u8], k: &mut String) -> bool {
    let Some((buf, n)) = ascii_key(b) else {
        return false;
    };
    // ASCII bytes in, ASCII bytes out: always UTF-8.
    match std::str::from_utf8(&buf[..n]) {
        Ok(key) => {
            k.push_str(key);
            true
        }
        Err(_) => false,
    }
}

/// The bytes of the key of a folded spelling appended to `out`: what
/// [`key_of_folded`] makes, without a string of its own for ASCII
/// spellings (most). `scratch` is a reusable buffer for the others.
pub fn append_key_of_folded(f: &str, out: &mut Vec<u8>, scratch: &mut String) {
    if f.is_ascii() {
        if let Some((buf, n)) = ascii_key(f.as_bytes()) {
            out.extend_from_slice(&buf[..n]);
            return;
        }
    }
    key_of_folded(f, scratch);
    out.extend_from_slice(scratch.as_bytes());
}

/// The longest ASCII spelling [`ascii_key`] keys on the stack.
const LONGEST_ASCII_KEY: usize = 32;

/// [`key_of_folded`] for ASCII, the same steps byte by byte in a buffer on
/// the stack: the key's bytes and length, or `None` for a spelling too
/// long for the buffer. No step makes a key longer than its spelling.
fn ascii_key(b: &[u8]) -> Option<([u8; LONGEST_ASCII_KEY], usize)> {
    let mut buf = [0u8; LONGEST_ASCII_KEY];
    if b.len() > LONGEST_ASCII_KEY {
        return None;
    }
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let (mut i, mut n) = (0, 0);
    while let Some(&c) = b.get(i) {
        // Most letters stand for themselves; only these change or open a
        // digraph.
        if !matches!(
            c,
            b's' | b'p' | b'k' | b'c' | b'd' | b'o' | b'i' | b'w' | b'q'
        ) {
            buf[n] = c;
            n += 1;
            i += 1;
            continue;
        }
        // What the digraph or letter becomes: one or two bytes (0: none).
        let (one, two, used) = match (c, at(i + 1)) {
            (b's', b'c') if at(i + 2) == b'h' => (b's', b'h', 3),
            (b's', b'z') => (b's', b'h', 2),
            (b'p', b'h') => (b'f', 0, 2),
            (b'k', b'h') => (b'h', 0, 2),
            (b'c', b'k') => (b'k', 0, 2),
            (b'd', b'h') => (b'd', 0, 2),
            (b'o', b'u') => (b'u', 0, 2),
            (b'i', b'e') => (b'e', b'i', 2),
            (b'w', _) => (b'v', 0, 1),
            (b'q' | b'c', _) => (b'k', 0, 1),
            _ => (c, 0, 1),
        };
        buf[n] = one;
        n += 1;
        if two != 0 {
            buf[n] = two;
            n += 1;
        }
        i += used;
    }
    if let Some((cut, to)) = ascii_ending(&buf[..n]) {
        n -= cut;
        for &o in to {
            buf[n] = o;
            n += 1;
        }
    }
    // Doubled consonants once (as push_undoubled does), in place.
    let (mut kept, mut last) = (0, None);
    for j in 0..n {
        let c = buf[j];
        if Some(c) != last || matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y') {
            buf[kept] = c;
            kept += 1;
        }
        last = Some(c);
    }
    Some((buf, kept))
}

/// The ending of [`ENDINGS`] that [`normalize_ending`] would replace in
/// the ASCII `key`: how many bytes to cut and what to put instead. One
/// match on the last bytes instead of trying the ten endings in turn; the
/// same choice, as the endings that share a last byte are tried longest
/// first and a shorter one only when the key is too short for the longer.
fn ascii_ending(key: &[u8]) -> Option<(usize, &'static [u8])> {
    let n = key.len();
    match key {
        [.., b'i' | b'y' | b'e', b'y'] | [.., b'i' | b'y', b'j'] | [.., b'y' | b'i', b'i']
            if n >= 4 =>
        {
            Some((2, b"i"))
        }
        [.., b'o', b'f', b'f'] if n >= 5 => Some((3, b"ov")),
        [.., b'e', b'f', b'f'] if n >= 5 => Some((3, b"ev")),
        [.., b'y'] if n >= 3 => Some((1, b"i")),
        _ => None,
    }
}

/// Push the ASCII `bytes` that `keep` keeps to `k`, doubled consonants
/// once (as [`dedouble`] does after a filter).
fn push_undoubled(bytes: &[u8], keep: impl Fn(u8) -> bool, k: &mut String) {
    k.reserve(bytes.len());
    let mut last = None;
    for &c in bytes {
        if !keep(c) {
            continue;
        }
        if Some(c) != last || b"aeiouy".contains(&c) {
            k.push(char::from(c));
        }
        last = Some(c);
    }
}

/// Word endings and what they become, in the order they are tried.
const ENDINGS: [(&str, &str); 10] = [
    ("iy", "i"),
    ("yy", "i"),
    ("ij", "i"),
    ("yj", "i"),
    ("yi", "i"),
    ("ii", "i"),
    ("ey", "i"),
    ("off", "ov"),
    ("eff", "ev"),
    ("y", "i"),
];

/// -iy, -yy, -ij, -yi, -ii, -y, -i, -ey all end in "i" (Zelenskiy, Zelenskyy,
/// Zelenskyj, Zelensky); -off/-eff end in -ov/-ev (Smirnoff, Smirnov).
fn normalize_ending(k: &mut String) {
    for (end, to) in ENDINGS {
        if k.ends_with(end) && k.len() - end.len() >= 2 {
            k.truncate(k.len() - end.len());
            k.push_str(to);
            return;
        }
    }
}

/// Doubled consonants written once (Bidden → biden, Schiff → schif).
/// Doubled vowels stay: Shen and Sheen, Con and Coon are other names.
fn dedouble(k: &mut String) {
    let mut last = None;
    k.retain(|c| {
        let keep = Some(c) != last || "aeiouy".contains(c);
        last = Some(c);
        keep
    });
}

/// Lines of a data file, comments and blanks skipped.
fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The compiled-in variant groups: folded spelling → group number, and
/// the first and last bytes of those spellings, to turn most look-ups
/// away unhashed.
struct KnownGroups {
    map: FxHashMap<String, usize>,
    /// By first byte (modulo 32), a bit per last byte (modulo 32).
    ends: [u32; 32],
}

impl KnownGroups {
    /// May a folded spelling with these first and last bytes be listed?
    fn may_hold(&self, first: u8, last: u8) -> bool {
        self.ends[usize::from(first % 32)] & (1 << (last % 32)) != 0
    }
}

/// The first and last bytes of a string (0 for an empty one).
fn ends_of(s: &str) -> (u8, u8) {
    let b = s.as_bytes();
    (
        b.first().copied().unwrap_or(0),
        b.last().copied().unwrap_or(0),
    )
}

fn known_groups() -> &'static KnownGroups {
    static GROUPS: OnceLock<KnownGroups> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut map = FxHashMap::default();
        let mut ends = [0u32; 32];
        for (n, line) in data_lines(include_str!("../data/variant_groups.txt")).enumerate() {
            for spelling in line.split('|') {
                let folded = fold(spelling.trim());
                let (first, last) = ends_of(&folded);
                ends[usize::from(first % 32)] |= 1 << (last % 32);
                map.insert(folded, n);
            }
        }
        KnownGroups { map, ends }
    })
}

/// The known group of a spelling, if it belongs to one. Group numbers are
/// stable within a run; stylebook groups are numbered after these.
pub fn known_group(spelling: &str) -> Option<usize> {
    known_group_of_folded(&fold(spelling))
}

/// The known group of a spelling already folded.
pub fn known_group_of_folded(folded: &str) -> Option<usize> {
    let groups = known_groups();
    let (first, last) = ends_of(folded);
    if !groups.may_hold(first, last) {
        return None;
    }
    groups.map.get(folded).copied()
}

/// False when the fold of a name that starts with `first` and ends with
/// `last` (the whole name, or its first and last words) is surely in no
/// known group, seen without folding it: an ASCII letter at either end is
/// the fold's first or last byte, lowered. True (fold and look) when an
/// end is anything else.
pub fn may_fold_to_known_group(first: &str, last: &str) -> bool {
    let (Some(&a), Some(&z)) = (first.as_bytes().first(), last.as_bytes().last()) else {
        return true;
    };
    if !(a.is_ascii_alphabetic() && z.is_ascii_alphabetic()) {
        return true;
    }
    known_groups().may_hold(a.to_ascii_lowercase(), z.to_ascii_lowercase())
}

/// How many compiled-in groups there are (stylebook groups follow).
pub fn known_group_count() -> usize {
    data_lines(include_str!("../data/variant_groups.txt")).count()
}

/// Two names listed as look-alikes that are different (Iran/Iraq).
pub fn known_distinct(a: &str, b: &str) -> bool {
    static PAIRS: OnceLock<HashSet<(String, String)>> = OnceLock::new();
    let pairs = PAIRS.get_or_init(|| {
        let mut set = HashSet::new();
        for line in data_lines(include_str!("../data/known_distinct.txt")) {
            if let Some((x, y)) = line.split_once('|') {
                let (x, y) = (fold(x.trim()), fold(y.trim()));
                set.insert((x.clone(), y.clone()));
                set.insert((y, x));
            }
        }
        set
    });
    pairs.contains(&(fold(a), fold(b)))
}

/// An inflected or plural form, not a respelling: Ivanov/Ivanova,
/// Clinton/Clintons, Brown/Browne, Kennedy/Kennedys.
pub fn inflected_pair(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if let Some(tail) = long.strip_prefix(short.as_str()) {
        // Also derived words: Jeffersonian, Reaganite, Trumpism.
        return matches!(
            tail,
            "s" | "es"
                | "a"
                | "e"
                | "ova"
                | "ina"
                | "aya"
                | "ian"
                | "ians"
                | "ite"
                | "ites"
                | "ism"
                | "ist"
                | "ists"
        );
    }
    // Ivanova/Ivanovoy, Kowalski/Kowalska: one ending swapped for another.
    // Counted in bytes of whole characters, so slicing stays on boundaries.
    let common: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let (ta, tb) = (&a[common..], &b[common..]);
    const ENDINGS: &[&str] = &[
        "a", "i", "y", "o", "e", "s", "ska", "ski", "sky", "aya", "iy",
    ];
    common >= 4
        && ta.len() <= 3
        && tb.len() <= 3
        && (ENDINGS.contains(&ta) && ENDINGS.contains(&tb))
        && (ta.ends_with('a') != tb.ends_with('a') || ta.ends_with('s') != tb.ends_with('s'))
}

/// How strongly two spellings are one name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Likeness {
    /// Different names.
    None,
    /// Close in letters (Pelosi/Pelosie, Trump/Tramp, Merz/Mertz): one name
    /// only with other evidence (the same first name; or, for longer names,
    /// a known person's surname on one side).
    Similar,
    /// Same transliteration key or the same known group.
    Strong,
}

/// How alike two spellings are. Spellings equal but for case are not
/// compared here (they are one spelling).
pub fn likeness(a: &str, b: &str, group_a: Option<usize>, group_b: Option<usize>) -> Likeness {
    if same_without_article(a, b) {
        // Assad and al-Assad: both standard, the article dropped on later use.
        return Likeness::None;
    }
    if group_a.is_some() && group_a == group_b {
        return Likeness::Strong;
    }
    let (fa, fb) = (fold(a), fold(b));
    if fa.chars().count() < 3 || fb.chars().count() < 3 {
        // Initials and stray letters ("Ã", "Â") are no names to compare.
        return Likeness::None;
    }
    if fa == fb {
        // Erdoğan/Erdogan, al-Qaida/al Qaida: same letters.
        return Likeness::Strong;
    }
    if known_distinct(a, b) || inflected_pair(a, b) || group_a.is_some() && group_b.is_some() {
        return Likeness::None;
    }
    let (la, lb) = (fa.chars().count(), fb.chars().count());
    if la < 4 || lb < 4 {
        return Likeness::None;
    }
    if key(a) == key(b) {
        return Likeness::Strong;
    }
    if similar(&fa, &fb) {
        return Likeness::Similar;
    }
    Likeness::None
}

/// Whether two names are one without a leading Arabic article, whatever
/// their case: `without_article(a) == without_article(b)`, compared in
/// place for ASCII names instead of lowering two copies.
fn same_without_article(a: &str, b: &str) -> bool {
    if !(a.is_ascii() && b.is_ascii()) {
        return without_article(a) == without_article(b);
    }
    strip_ascii_article(a).eq_ignore_ascii_case(strip_ascii_article(b))
}

/// An ASCII name past the first article of [`ARTICLES`] that it starts
/// with, in any case.
fn strip_ascii_article(s: &str) -> &str {
    ARTICLES
        .iter()
        .find(|article| {
            s.get(..article.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(article))
        })
        .map_or(s, |article| &s[article.len()..])
}

/// The Arabic articles that may lead a name, in the order they are tried.
const ARTICLES: [&str; 8] = ["al-", "al ", "el-", "el ", "ad-", "as-", "ash-", "an-"];

/// A name without a leading Arabic article, lower case: "al-Assad" and
/// "Assad" are one spelling with and without it.
fn without_article(s: &str) -> String {
    let lower = s.to_lowercase();
    for article in ARTICLES {
        if let Some(rest) = lower.strip_prefix(article) {
            return rest.to_string();
        }
    }
    lower
}

/// The similarity gate: same first letter (k/c and q alike), and one edit
/// (a typo, a transposition) or the same consonants within three edits
/// (Soleimani/Sulaymani).
fn similar(fa: &str, fb: &str) -> bool {
    let (ka, kb) = (key(fa), key(fb));
    if ka.chars().next() != kb.chars().next() {
        return false;
    }
    if strsim::damerau_levenshtein(fa, fb) <= 1 {
        return true;
    }
    // Vowels of a transliteration differ freely only in longer names:
    // Borat/Barrett share their consonants too.
    let long = fa.chars().count().min(fb.chars().count()) >= 7;
    long && skeleton(&ka) == skeleton(&kb) && strsim::damerau_levenshtein(&ka, &kb) <= 3
}

/// Whether [`likeness`] may call two spellings [`Likeness::Similar`], by
/// their folds and keys: false only when [`similar`] surely says no, or
/// one is too short to compare. ASCII folds (most) by their bytes, others
/// by their characters.
pub fn may_be_similar(fa: &str, fb: &str, ka: &[u8], kb: &[u8]) -> bool {
    if !(fa.is_ascii() && fb.is_ascii()) {
        return may_be_similar_chars(fa, fb, ka, kb);
    }
    let (a, b) = (fa.as_bytes(), fb.as_bytes());
    if a.len() < 4 || b.len() < 4 || ka.first() != kb.first() {
        return false;
    }
    within_one_edit(a, b) || a.len() >= 7 && b.len() >= 7 && bones(ka).eq(bones(kb))
}

/// [`may_be_similar`] for folds beyond ASCII, character by character.
fn may_be_similar_chars(fa: &str, fb: &str, ka: &[u8], kb: &[u8]) -> bool {
    // Keys are made as strings; bytes that are not one cannot be judged.
    let (Ok(ka), Ok(kb)) = (std::str::from_utf8(ka), std::str::from_utf8(kb)) else {
        return true;
    };
    let (a, b): (Vec<char>, Vec<char>) = (fa.chars().collect(), fb.chars().collect());
    if a.len() < 4 || b.len() < 4 || ka.chars().next() != kb.chars().next() {
        return false;
    }
    within_one_edit(&a, &b) || a.len() >= 7 && b.len() >= 7 && skeleton(ka) == skeleton(kb)
}

/// `strsim::damerau_levenshtein(a, b) <= 1` for slices (of bytes or
/// characters), without a table: equal, or one item put in, taken out,
/// changed, or swapped with its neighbour.
fn within_one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if b.len() - a.len() > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if p == a.len() {
        return true;
    }
    if a.len() < b.len() {
        return a[p..] == b[p + 1..];
    }
    a[p + 1..] == b[p + 1..]
        || p + 1 < a.len() && a[p] == b[p + 1] && a[p + 1] == b[p] && a[p + 2..] == b[p + 2..]
}

/// The [`skeleton`] of an ASCII key, byte by byte.
fn bones(key: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let mut last = None;
    key.iter()
        .copied()
        .filter(|c| !b"aeiouyh".contains(c))
        .filter(move |&c| {
            let keep = Some(c) != last;
            last = Some(c);
            keep
        })
}

/// Consonants only, doubled ones once: the bones of a name.
fn skeleton(k: &str) -> String {
    let mut out: String = k.chars().filter(|c| !"aeiouyh".contains(*c)).collect();
    dedouble(&mut out);
    out
}

/// The buckets a spelling's similarity candidates share. Two spellings
/// that [`likeness`] can call one name always share one: the same key, the
/// same folded letters, one letter apart (they share a one-deletion
/// neighbour, as in SymSpell), or, for long names, the same consonant
/// skeleton. Comparisons stay inside these small buckets, so grouping is
/// linear in the number of spellings, never all pairs.
pub fn similarity_keys(spelling: &str) -> Vec<String> {
    let folded = fold(spelling);
    let chars: Vec<char> = folded.chars().collect();
    let mut out = vec![format!("k:{}", key(spelling))];
    if chars.len() < 3 {
        return out;
    }
    out.push(format!("d:{folded}"));
    if chars.len() >= 4 {
        for skip in 0..chars.len() {
            let neighbour: String = chars
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, c)| *c)
                .collect();
            out.push(format!("d:{neighbour}"));
        }
    }
    if chars.len() >= 7 {
        out.push(format!("s:{}", skeleton(&key(&folded))));
    }
    out.sort();
    out.dedup();
    out
}

/// A 64-bit hash of a similarity key: its kind (`tag`) and the bytes of
/// `parts` as one string. Two spellings that share a key of
/// [`similarity_keys`] share its hash, so comparing the spellings that
/// share a hash finds every pair [`likeness`] can call one name (and,
/// rarely, a few more, which the comparison itself then rejects).
pub fn key_hash(tag: u8, parts: &[&[u8]]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, b: u64| (h.rotate_left(5) ^ b).wrapping_mul(K);
    let mut h = mix(0, u64::from(tag));
    for part in parts {
        for &b in *part {
            h = mix(h, u64::from(b));
        }
    }
    mix(h, 0xff)
}

/// Hash tags of the similarity keys.
pub const KEY_TAG: u8 = b'k';
pub const GROUP_TAG: u8 = b'g';
pub const LETTERS_TAG: u8 = b'd';
pub const SKELETON_TAG: u8 = b's';

/// The multiplier of [`letters_hash`]'s polynomial (odd).
const POLY: u64 = 0x0000_0100_0000_01b3;

/// The hash of the letters of a folded spelling (the "d:" keys of
/// [`similarity_keys`]): the bytes of `parts`, one after another, as a
/// polynomial (the tag its first term), then mixed. A polynomial, so the
/// hash of a spelling with one character cut out comes from its prefix
/// and suffix sums without going over the letters again
/// ([`one_out_hashes`]).
fn letters_hash(parts: &[&[u8]]) -> u64 {
    let mut h = u64::from(LETTERS_TAG);
    for part in parts {
        for &b in *part {
            h = h.wrapping_mul(POLY).wrapping_add(u64::from(b));
        }
    }
    letters_mix(h)
}

/// The last step of [`letters_hash`]: spread the polynomial's bits.
fn letters_mix(h: u64) -> u64 {
    let h = (h ^ (h >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 29)
}

/// [`letters_hash`] of `folded` with each of its characters cut out, in
/// turn, passed to `each`.
fn one_out_hashes(folded: &str, each: &mut impl FnMut(u64)) {
    const LONGEST: usize = 32;
    let bytes = folded.as_bytes();
    let n = bytes.len();
    if n > LONGEST {
        for (at, c) in folded.char_indices() {
            each(letters_hash(&[&bytes[..at], &bytes[at + c.len_utf8()..]]));
        }
        return;
    }
    // prefix[i]: the polynomial of the tag and bytes[..i]; suffix[i]: of
    // bytes[i..] alone; power[k]: POLY to the k.
    let (mut prefix, mut suffix, mut power) = (
        [0u64; LONGEST + 1],
        [0u64; LONGEST + 1],
        [1u64; LONGEST + 1],
    );
    prefix[0] = u64::from(LETTERS_TAG);
    for (i, &b) in bytes.iter().enumerate() {
        prefix[i + 1] = prefix[i].wrapping_mul(POLY).wrapping_add(u64::from(b));
        power[i + 1] = power[i].wrapping_mul(POLY);
    }
    for i in (0..n).rev() {
        suffix[i] = u64::from(bytes[i])
            .wrapping_mul(power[n - 1 - i])
            .wrapping_add(suffix[i + 1]);
    }
    for (at, c) in folded.char_indices() {
        let skip = at + c.len_utf8();
        each(letters_mix(
            prefix[at]
                .wrapping_mul(power[n - skip])
                .wrapping_add(suffix[skip]),
        ));
    }
}

/// The hashes of the similarity keys of a folded spelling that only a
/// slip or a consonant skeleton share (the "d:" and "s:" keys of
/// [`similarity_keys`]), passed to `each`. `key` is the spelling's key;
/// `scratch` a reusable buffer.
pub fn slip_hashes(folded: &str, key: &str, scratch: &mut String, mut each: impl FnMut(u64)) {
    let chars = folded.chars().count();
    if chars < 3 {
        return;
    }
    let bytes = folded.as_bytes();
    each(letters_hash(&[bytes]));
    if chars >= 4 {
        one_out_hashes(folded, &mut each);
    }
    if chars >= 7 {
        // The skeleton of the key of the folded spelling folded again
        // (folding ASCII letters changes nothing).
        if folded.is_ascii() {
            scratch.clear();
            push_undoubled(key.as_bytes(), |c| !b"aeiouyh".contains(&c), scratch);
        } else {
            key_of_folded(&fold(folded), scratch);
            scratch.retain(|c| !"aeiouyh".contains(c));
            dedouble(scratch);
        }
        each(key_hash(SKELETON_TAG, &[scratch.as_bytes()]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_compare_in_place_as_when_lowered() {
        let names = [
            "al-Assad", "Assad", "AL-ASSAD", "Al Qaida", "al qaida", "As-Sadr", "Ash", "a", "",
            "El-Sisi", "sisi", "Élan", "élan",
        ];
        for a in names {
            for b in names {
                let expected = without_article(a) == without_article(b);
                assert_eq!(same_without_article(a, b), expected, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn the_ascii_fold_keeps_the_letters_lowered() {
        for s in [
            "",
            "Zelenskyy",
            "Vladimir Putin",
            "O'Brien-Smith",
            " a.b ",
            "123",
            "X",
        ] {
            let mut out = String::from("é");
            assert!(fold_ascii_into(s, &mut out));
            let letters = s.bytes().filter(u8::is_ascii_alphabetic);
            let expected: String = letters
                .map(|b| char::from(b.to_ascii_lowercase()))
                .collect();
            assert_eq!(out, format!("é{expected}"), "{s:?}");
        }
        let mut out = String::from("ab");
        assert!(!fold_ascii_into("Cd-é", &mut out));
        assert_eq!(out, "ab");
    }

    #[test]
    fn the_ascii_key_is_the_character_key() {
        let letters = [
            "", "s", "c", "h", "k", "p", "d", "o", "u", "i", "e", "w", "q", "y", "f", "j", "a",
            "n", "v",
        ];
        let mut words = vec![
            "zelenskiy".to_string(),
            "schroeder".to_string(),
            "smirnoff".to_string(),
            "khodorkovskyy".to_string(),
            "bidden".to_string(),
            "aaassschhh".to_string(),
        ];
        for a in letters {
            for b in letters {
                for c in letters {
                    words.push(format!("{a}{b}{c}"));
                    words.push(format!("xa{a}{b}{c}"));
                }
            }
        }
        for w in words {
            let mut by_bytes = String::new();
            assert!(key_of_ascii(w.as_bytes(), &mut by_bytes));
            let mut by_chars = String::new();
            key_of_chars(&w, &mut by_chars);
            assert_eq!(by_bytes, by_chars, "{w:?}");
            // The skeleton, as slip_hashes makes it from a key.
            let doubled = format!("{w}{w}");
            let mut skeleton = String::new();
            push_undoubled(
                doubled.as_bytes(),
                |c| !b"aeiouyh".contains(&c),
                &mut skeleton,
            );
            let mut by_chars = doubled.clone();
            by_chars.retain(|c| !"aeiouyh".contains(c));
            dedouble(&mut by_chars);
            assert_eq!(skeleton, by_chars, "{w:?}");
        }
        let long = "k".repeat(33);
        assert!(!key_of_ascii(long.as_bytes(), &mut String::new()));
        assert_eq!(key(&long), "k");
        // The bytes appended are the key, whatever the folded spelling.
        let mut scratch = String::new();
        for f in ["zelenskiy", "erdogan", "зеленский", long.as_str(), ""] {
            let mut out = b"x".to_vec();
            append_key_of_folded(f, &mut out, &mut scratch);
            let mut expected = String::new();
            key_of_folded(f, &mut expected);
            assert_eq!(out, [b"x", expected.as_bytes()].concat(), "{f}");
        }
    }

    #[test]
    fn one_out_hashes_are_the_hashes_of_the_shorter_spellings() {
        let long = "abcdefghijklmnopqrstuvwxyzabcdefghij";
        for folded in ["pelosi", "zelenskyy", "erdoğan", "зеленский", "abcd", long] {
            let mut fast = Vec::new();
            one_out_hashes(folded, &mut |h| fast.push(h));
            let slow: Vec<u64> = folded
                .char_indices()
                .map(|(at, c)| {
                    let cut = format!("{}{}", &folded[..at], &folded[at + c.len_utf8()..]);
                    letters_hash(&[cut.as_bytes()])
                })
                .collect();
            assert_eq!(fast, slow, "{folded}");
        }
        // Pelosi and Pelosy share "pelos".
        let mut a = Vec::new();
        slip_hashes("pelosi", &key("pelosi"), &mut String::new(), |h| a.push(h));
        let mut b = Vec::new();
        slip_hashes("pelosy", &key("pelosy"), &mut String::new(), |h| b.push(h));
        assert!(a.iter().any(|h| b.contains(h)));
    }

    #[test]
    fn the_known_group_filter_lets_every_listed_spelling_through() {
        for line in data_lines(include_str!("../data/variant_groups.txt")) {
            for spelling in line.split('|') {
                let spelling = spelling.trim();
                assert!(known_group(spelling).is_some(), "{spelling}");
                let words: Vec<&str> = spelling.split([' ', '-']).collect();
                let (first, last) = (words[0], words[words.len() - 1]);
                assert!(may_fold_to_known_group(first, last), "{spelling}");
                assert!(may_fold_to_known_group(spelling, spelling), "{spelling}");
            }
        }
        assert!(!may_fold_to_known_group("Qqqq", "Qqqx"));
        assert!(may_fold_to_known_group("Ölq", "Qqqx"));
    }

    #[test]
    fn may_be_similar_lets_every_similar_pair_through() {
        let names = [
            "pelosi",
            "pelosy",
            "pelossi",
            "peloi",
            "eplosi",
            "trump",
            "tramp",
            "trupm",
            "merz",
            "mertz",
            "soleimani",
            "sulaymani",
            "suleimani",
            "zelenskyy",
            "zelensky",
            "khodorkovsky",
            "hodorkovsky",
            "thunberg",
            "tunberg",
            "borat",
            "barrett",
            "clinton",
            "klinton",
            "schiff",
            "shif",
            "abcd",
            "abdc",
            "bacd",
            "abc",
            "erdoğan",
            "erdogan",
            "ab",
            "",
            "зеленский",
            "зеленскии",
            "зеленсский",
            "зеленксий",
            "путин",
            "путен",
            "пути",
            "солеймани",
            "сулеймани",
            "ζελένσκι",
            "ζελένσκυ",
        ];
        let mut checked = 0;
        for a in names {
            for b in names {
                let (ka, kb) = (key(a), key(b));
                let slips = strsim::damerau_levenshtein(a, b) <= 1;
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                assert_eq!(within_one_edit(&ca, &cb), slips, "{a} {b}");
                if a.is_ascii() && b.is_ascii() {
                    assert_eq!(
                        within_one_edit(a.as_bytes(), b.as_bytes()),
                        slips,
                        "{a} {b}"
                    );
                    assert_eq!(
                        bones(ka.as_bytes()).map(char::from).collect::<String>(),
                        skeleton(&ka),
                        "{a}"
                    );
                }
                let compared = a.chars().count() >= 4 && b.chars().count() >= 4;
                if compared && similar(a, b) {
                    assert!(
                        may_be_similar(a, b, ka.as_bytes(), kb.as_bytes()),
                        "{a} {b}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 20);
    }

    #[test]
    fn transliteration_keys_meet() {
        assert_eq!(key("Zelenskiy"), key("Zelenskyy"));
        assert_eq!(key("Zelensky"), key("Zelenskyy"));
        assert_eq!(key("Khodorkovsky"), key("Hodorkovskiy"));
        assert_eq!(key("Schröder"), key("Shroder"));
        assert_eq!(key("Biden"), key("Bidden"));
        assert_eq!(key("Pelosi"), key("Pelosy"));
        assert_eq!(key("Klobuchar"), key("Clobuchar"));
        assert_eq!(key("Geingob"), key("Giengob"));
        assert_eq!(key("Smirnoff"), key("Smirnov"));
        assert_eq!(key("Ivanow"), key("Ivanov"));
        assert_ne!(key("Ivanov"), key("Ivanova"));
        assert_ne!(key("Iran"), key("Iraq"));
        assert_ne!(key("Shen"), key("Sheen"));
        assert_ne!(key("Coon"), key("Conn"));
    }

    #[test]
    fn known_groups_and_places() {
        assert_eq!(
            likeness("Kiev", "Kyiv", known_group("Kiev"), known_group("Kyiv")),
            Likeness::Strong
        );
        let (a, b) = ("Gaddafi", "Kadhafi");
        assert_eq!(
            likeness(a, b, known_group(a), known_group(b)),
            Likeness::Strong
        );
        let (a, b) = ("Al Qaeda", "al-Qaida");
        assert_eq!(
            likeness(a, b, known_group(a), known_group(b)),
            Likeness::Strong
        );
    }

    #[test]
    fn never_variants() {
        for (a, b) in [
            ("Ivanov", "Ivanova"),
            ("Iran", "Iraq"),
            ("Austria", "Australia"),
            ("Clinton", "Clintons"),
            ("Carson", "Carlson"),
            ("Kowalski", "Kowalska"),
            ("Brown", "Browne"),
            ("Trump", "Rump"),
            ("Assad", "al-Assad"),
            ("Barron", "Bannon"),
            ("Borat", "Barrett"),
            ("Khomeini", "Khamenei"),
            ("Jefferson", "Jeffersonian"),
            ("Reagan", "Reaganite"),
        ] {
            assert_eq!(
                likeness(a, b, known_group(a), known_group(b)),
                Likeness::None,
                "{a}/{b}"
            );
        }
    }

    #[test]
    fn similar_needs_length_and_first_letter() {
        assert!(!inflected_pair("Trump", "Tramp"));
        assert!(!known_distinct("Trump", "Tramp"));
        assert_eq!(likeness("Trump", "Tramp", None, None), Likeness::Similar);
        assert_eq!(
            likeness("Soleimani", "Sulaymani", None, None),
            Likeness::Similar
        );
        assert_eq!(likeness("Kerry", "Terry", None, None), Likeness::None);
    }

    #[test]
    fn non_latin_letters_never_panic() {
        assert!(!inflected_pair("Зеленский", "Зеленськ"));
        assert!(!inflected_pair("Müllerß", "Müllerö"));
        let _ = likeness("Ζελένσκι", "Ζελένσκυ", None, None);
    }

    #[test]
    fn folding_removes_marks_and_joiners() {
        assert_eq!(fold("Erdoğan"), "erdogan");
        assert_eq!(fold("al-Qaida"), fold("Al Qaida"));
    }

    /// Regression (found by benches/check.rs on a news folder): the common
    /// prefix of two Cyrillic words ended inside a character and panicked.
    #[test]
    fn inflected_pair_compares_whole_characters() {
        assert!(!inflected_pair("свою", "сдаю"));
        assert!(!inflected_pair("Ивановой", "Ивд"));
        assert!(inflected_pair("Kowalski", "Kowalska"));
    }
}
