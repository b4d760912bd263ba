//! Drafts for benchmarks and scaling tests, assembled from sentences we
//! write ourselves (no corpus text). Deterministic: the same seed gives the
//! same draft, so runs are comparable.
//!
//! Shared by `benches/*.rs` and `tests/scaling.rs` through `#[path]`.

#![allow(dead_code)]

/// A small, fast, deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const FIRST: &[&str] = &[
    "Maria",
    "Oleksandr",
    "Dmitry",
    "Friedrich",
    "Ana",
    "Kwame",
    "Priya",
    "Tomasz",
    "Ingrid",
    "Yusuf",
    "Hana",
    "Mateo",
    "Chiara",
    "Sipho",
    "Leila",
    "Ravi",
    "Elif",
    "Jonas",
    "Aiko",
    "Nuno",
];

/// Surnames, some with the spelling variants wire services disagree on.
const LAST: &[&str] = &[
    "Kowalczyk",
    "Zelenskyy",
    "Zelenskiy",
    "Peskov",
    "Merz",
    "Okafor",
    "Nakamura",
    "Haddad",
    "Lindqvist",
    "Moreau",
    "Mensah",
    "Castellano",
    "Brennan",
    "Oyelaran",
    "Sato",
    "Vasquez",
    "von der Berg",
    "Halvorsen",
    "Novak",
    "Adeyemi",
];

const TITLES: &[&str] = &[
    "Foreign Minister",
    "President",
    "Prime Minister",
    "Mayor",
    "Police Chief",
    "Chancellor",
    "Governor",
    "Health Minister",
];

const LOWER_TITLES: &[&str] = &[
    "spokesperson",
    "adviser",
    "spokesman",
    "deputy mayor",
    "union leader",
    "coach",
];

const ORGS: &[&str] = &[
    "the city council",
    "the ministry",
    "the port authority",
    "the Kremlin",
    "the health service",
    "the electoral commission",
    "the teachers' union",
    "the central bank",
];

const PLACES: &[&str] = &[
    "Kyiv", "Lagos", "Warsaw", "Osaka", "Lyon", "Bergen", "Porto", "Accra", "Tampere", "Cork",
];

const SUBJECTS: &[&str] = &[
    "We",
    "Nobody",
    "The families",
    "Our engineers",
    "The government",
    "Everyone here",
    "The players",
    "They",
];

const VERBS: &[&str] = &[
    "will rebuild",
    "did not expect",
    "cannot afford",
    "have asked for",
    "are still waiting for",
    "never wanted",
    "will not accept",
    "need",
];

const OBJECTS: &[&str] = &[
    "the bridge before winter",
    "a vote this soon",
    "another delay",
    "clear answers",
    "the new budget",
    "help from the capital",
    "a fair deal for the workers",
    "more time to count the ballots",
];

const NOUNS: &[&str] = &[
    "ferry service",
    "hospital wing",
    "ceasefire",
    "water plant",
    "budget",
    "stadium",
    "rail link",
    "school",
];

const PAST: &[&str] = &[
    "reopened",
    "was delayed",
    "was approved",
    "closed",
    "was extended",
    "was cut",
];

const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const SPEECH: &[&str] = &[
    "said",
    "told reporters",
    "added",
    "said on Tuesday",
    "wrote in a statement",
    "said later",
];

const SCARE: &[&str] = &[
    "temporary",
    "historic",
    "a pause",
    "very serious",
    "final offer",
];

fn clause(r: &mut Rng) -> String {
    format!("{} {} {}", r.pick(SUBJECTS), r.pick(VERBS), r.pick(OBJECTS))
}

fn person(r: &mut Rng) -> String {
    format!("{} {}", r.pick(FIRST), r.pick(LAST))
}

/// One news-like sentence: attributed quotes, unattributed quotes, partial
/// and scare quotes, anonymous sources, titles before and after names, and
/// plain reporting.
fn sentence(r: &mut Rng) -> String {
    match r.below(12) {
        0 => format!(
            "“{},” {} {} {}.",
            clause(r),
            r.pick(TITLES),
            person(r),
            r.pick(SPEECH)
        ),
        1 => format!("“{}.”", clause(r)),
        2 => format!(
            "{} {} {}.",
            r.pick(LAST),
            r.pick(SPEECH),
            clause(r).to_lowercase()
        ),
        3 => format!(
            "The {} in {} {} on {}, according to {}.",
            r.pick(NOUNS),
            r.pick(PLACES),
            r.pick(PAST),
            r.pick(DAYS),
            r.pick(ORGS)
        ),
        4 => format!(
            "{} {} called the plan “{}” and said talks would continue.",
            r.pick(LOWER_TITLES),
            r.pick(LAST),
            r.pick(SCARE)
        ),
        5 => format!("“{},” a source close to {} said.", clause(r), r.pick(ORGS)),
        6 => format!(
            "{}, the {} of {}, said: “{}.”",
            person(r),
            r.pick(LOWER_TITLES),
            r.pick(ORGS),
            clause(r)
        ),
        7 => format!(
            "{} {} said the {} would reopen by {}.",
            r.pick(TITLES),
            r.pick(LAST),
            r.pick(NOUNS),
            r.pick(DAYS)
        ),
        8 => format!(
            "\"{},\" {} said, \"and {}.\"",
            clause(r),
            person(r),
            clause(r).to_lowercase()
        ),
        9 => format!(
            "Officials in {} said {} had been warned twice.",
            r.pick(PLACES),
            r.pick(ORGS)
        ),
        10 => format!(
            "{} met {} in {} on {}.",
            person(r),
            r.pick(TITLES).to_lowercase(),
            r.pick(PLACES),
            r.pick(DAYS)
        ),
        _ => format!(
            "“{}”, {} {} {}.",
            clause(r),
            r.pick(LOWER_TITLES),
            r.pick(LAST),
            r.pick(SPEECH)
        ),
    }
}

fn words_in(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A plain-text draft of about `words` words: paragraphs of one to four
/// sentences separated by blank lines, under a headline.
pub fn plain_draft(words: usize, seed: u64) -> String {
    let mut r = Rng::new(seed);
    let mut out = format!(
        "{} {} in {}\n\n",
        r.pick(NOUNS),
        r.pick(PAST),
        r.pick(PLACES)
    );
    let mut count = words_in(&out);
    while count < words {
        let n = 1 + r.below(4);
        let mut para = String::new();
        for i in 0..n {
            if i > 0 {
                para.push(' ');
            }
            para.push_str(&sentence(&mut r));
        }
        count += words_in(&para);
        out.push_str(&para);
        out.push_str("\n\n");
    }
    out
}

/// A Markdown draft of about `words` words: front matter, a heading, links,
/// emphasis, an occasional code span, block quote and suppression comment.
pub fn markdown_draft(words: usize, seed: u64) -> String {
    let mut r = Rng::new(seed ^ 0x5eed);
    let mut out = format!(
        "---\ntitle: {} {}\nslug: story-{seed}\n---\n\n# {} {} in {}\n\n",
        r.pick(NOUNS),
        r.pick(PAST),
        r.pick(NOUNS),
        r.pick(PAST),
        r.pick(PLACES)
    );
    let mut count = words_in(&out);
    while count < words {
        let mut para = String::new();
        match r.below(10) {
            0 => para.push_str("> "),
            1 => para.push_str("- "),
            2 => para.push_str("<!-- copydesk-disable-next-line quote.unattributed -->\n"),
            _ => {}
        }
        let n = 1 + r.below(4);
        for i in 0..n {
            if i > 0 {
                para.push(' ');
            }
            let s = sentence(&mut r);
            match r.below(8) {
                0 => para.push_str(&format!(
                    "{s} See [the report](https://example.org/{seed}/{count})."
                )),
                1 => para.push_str(&format!("*{s}*")),
                2 => para.push_str(&format!("{s} The figure was `{}`.", r.below(1000))),
                _ => para.push_str(&s),
            }
        }
        count += words_in(&para);
        out.push_str(&para);
        out.push_str("\n\n");
    }
    out
}

/// The i-th of many distinct capitalised surnames ("Kalomiru", "Kalomisa",
/// …): neighbours differ by one syllable, the worst case for a spelling
/// comparison that is not indexed.
pub fn distinct_surname(i: usize) -> String {
    const SYL: &[&str] = &[
        "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "za", "be", "do", "fu", "ga", "hi", "jo",
        "ku", "le", "mo", "nu", "pe",
    ];
    let mut s = String::new();
    let mut n = i;
    for _ in 0..4 {
        s.push_str(SYL[n % SYL.len()]);
        n /= SYL.len();
    }
    s.push_str("ski");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// How the quote marks of a scaling draft are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkLayout {
    /// Balanced pairs, five sentences to a paragraph.
    Paragraphs,
    /// Balanced pairs, the whole draft one paragraph.
    OneParagraph,
    /// Only opening marks, never closed, in one paragraph.
    Unclosed,
}

/// A draft with `names` distinct capitalised names and `marks` quote marks
/// (two names and two marks to a sentence where counts allow).
pub fn names_and_quotes(names: usize, marks: usize, layout: MarkLayout) -> String {
    let mut out = String::new();
    let sentences = names.max(marks).div_ceil(2);
    let (mut n, mut m) = (0, 0);
    for s in 0..sentences {
        let mut name = || {
            let first = FIRST[n % FIRST.len()];
            let name = if n < names {
                format!("{first} {}", distinct_surname(n))
            } else {
                "the mayor".into()
            };
            n += 1;
            name
        };
        let (a, b) = (name(), name());
        if m + 2 <= marks {
            if layout == MarkLayout::Unclosed {
                out.push_str(&format!("“We met {a} today, {b} said “again. "));
            } else {
                out.push_str(&format!("“We met {a} today,” {b} said. "));
            }
            m += 2;
        } else {
            out.push_str(&format!("We met {a} today, {b} said. "));
        }
        if layout == MarkLayout::Paragraphs && s % 5 == 4 {
            out.push_str("\n\n");
        }
    }
    out.push('\n');
    out
}
