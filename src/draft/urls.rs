//! Bare URLs and e-mail addresses: not prose, in either kind of draft.
//!
//! A hand-written scanner that finds exactly what the regular expression
//!
//! ```text
//! (?:https?://|www\.)[^\s<>()\[\]“”"]+|[\w.+-]+@[\w-]+\.[\w.-]+
//! ```
//!
//! finds (leftmost first, as the `regex` crate searches; `\w` and `\s` in
//! their Unicode meaning). The regex cost millions of instructions to compile
//! and a lazy DFA over Unicode classes per draft; `check` over a folder spent
//! about 7% of its time there. The tests keep the regex as an oracle.

use std::ops::Range;
use std::sync::OnceLock;

/// Every URL or address holds "://", "www." or "@". "@" and ":" are
/// looked for in one pass (a ":" is rare in copy, and checked in place for
/// the "//" after it), "www." in another.
#[cfg(test)]
pub(crate) fn has_url_anchor(b: &[u8]) -> bool {
    Anchors::new(b).first_from(0).is_some()
}

/// The anchors of a view ("@", "://", "www.") in order, each kind searched
/// on from where the last scanned line ended only once the one found
/// before lies behind it.
struct Anchors<'b> {
    bytes: &'b [u8],
    /// The next "@" or "://" (at its ":"), if any.
    scheme_or_at: Option<usize>,
    /// The next "www.", if any.
    www: Option<usize>,
}

impl<'b> Anchors<'b> {
    fn new(bytes: &'b [u8]) -> Anchors<'b> {
        Anchors {
            bytes,
            scheme_or_at: scheme_or_at(bytes, 0),
            www: www(bytes, 0),
        }
    }

    /// The first anchor at or after byte `from` (which only grows from
    /// call to call).
    fn first_from(&mut self, from: usize) -> Option<usize> {
        if self.scheme_or_at.is_some_and(|at| at < from) {
            self.scheme_or_at = scheme_or_at(self.bytes, from);
        }
        if self.www.is_some_and(|at| at < from) {
            self.www = www(self.bytes, from);
        }
        match (self.scheme_or_at, self.www) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// The first "@", or ":" followed by "//", at or after byte `from`.
fn scheme_or_at(b: &[u8], from: usize) -> Option<usize> {
    let rest = b.get(from..)?;
    memchr::memchr2_iter(b'@', b':', rest)
        .map(|i| from + i)
        .find(|&i| b[i] == b'@' || b[i + 1..].starts_with(b"//"))
}

/// The first "www." at or after byte `from`.
fn www(b: &[u8], from: usize) -> Option<usize> {
    static WWW: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let rest = b.get(from..)?;
    WWW.get_or_init(|| memchr::memmem::Finder::new("www."))
        .find(rest)
        .map(|i| from + i)
}

/// The spans of bare URLs and e-mail addresses in `view`.
pub(crate) fn url_spans(view: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let bytes = view.as_bytes();
    // A match lies within one line (neither alternative takes a line
    // break), and every match holds an anchor: only the lines that hold
    // one are scanned, found from the anchors (not by testing each line).
    let mut anchors = Anchors::new(bytes);
    let mut from = 0;
    while let Some(at) = anchors.first_from(from) {
        // The line holding the anchor, with its "\n" (as `split_inclusive`
        // gives it): its bounds follow "\n" or are the view's, so they
        // are char boundaries.
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        if let Some(line) = view.get(start..end) {
            scan_line(line, start, &mut found);
        }
        from = end;
    }
    found
}

/// Push the matches in `line` (which starts at `offset` of the view).
fn scan_line(line: &str, offset: usize, found: &mut Vec<Range<usize>>) {
    let mut at = 0;
    // The end of an address run from which no address matched: every
    // position inside it ends its local part at the same place, so none
    // will match either (only a URL can start there).
    let mut no_address_before = 0;
    while at < line.len() {
        let rest = &line[at..];
        if let Some(end) = url_at(rest) {
            found.push(offset + at..offset + at + end);
            at += end;
            continue;
        }
        if at >= no_address_before {
            match address_at(rest) {
                Ok(end) => {
                    found.push(offset + at..offset + at + end);
                    at += end;
                    continue;
                }
                Err(local_end) => no_address_before = at + local_end,
            }
        }
        at += rest.chars().next().map_or(1, char::len_utf8);
    }
}

/// `(?:https?://|www\.)[^\s<>()\[\]“”"]+` at the start of `s`: its length.
fn url_at(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let lead = if b.starts_with(b"https://") {
        8
    } else if b.starts_with(b"http://") {
        7
    } else if b.starts_with(b"www.") {
        4
    } else {
        return None;
    };
    let body = run(&s[lead..], |c| {
        !(c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | '“' | '”' | '"'))
    });
    (body > 0).then_some(lead + body)
}

/// `[\w.+-]+@[\w-]+\.[\w.-]+` at the start of `s`: its length, or, when
/// there is none, the length of the local-part run at the start.
fn address_at(s: &str) -> Result<usize, usize> {
    let local = run(s, |c| word(c) || matches!(c, '.' | '+' | '-'));
    // A shorter local part would be followed by a class character, not
    // "@", and the domain's first part cannot hold ".": both runs are
    // maximal, so no backtracking is needed.
    let matched = (|| {
        if local == 0 || s.as_bytes().get(local) != Some(&b'@') {
            return None;
        }
        let host_start = local + 1;
        let host = run(&s[host_start..], |c| word(c) || c == '-');
        let dot = host_start + host;
        if host == 0 || s.as_bytes().get(dot) != Some(&b'.') {
            return None;
        }
        let tail = run(&s[dot + 1..], |c| word(c) || matches!(c, '.' | '-'));
        (tail > 0).then_some(dot + 1 + tail)
    })();
    matched.ok_or(local.max(1))
}

/// The byte length of the longest prefix of `s` whose characters all pass.
fn run(s: &str, pass: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .find(|&(_, c)| !pass(c))
        .map_or(s.len(), |(i, _)| i)
}

/// `\w` in the regex crate's Unicode meaning.
fn word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        regex_syntax::is_word_character(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn oracle(view: &str) -> Vec<Range<usize>> {
        let re =
            regex::Regex::new(r"(?:https?://|www\.)[^\s<>()\[\]“”\x22]+|[\w.+-]+@[\w-]+\.[\w.-]+")
                .expect("the oracle regex compiles");
        re.find_iter(view).map(|m| m.range()).collect()
    }

    fn spans(view: &str) -> Vec<&str> {
        url_spans(view).into_iter().map(|r| &view[r]).collect()
    }

    #[test]
    fn finds_urls_and_addresses() {
        assert_eq!(
            spans(
                "See https://example.org/a?b=1 (or www.example.org) and write to desk@example.org."
            ),
            [
                "https://example.org/a?b=1",
                "www.example.org",
                "desk@example.org."
            ]
        );
    }

    #[test]
    fn prose_without_anchors_has_none() {
        assert!(spans("The minister said the talks would go on.").is_empty());
        assert!(spans("Meet @ noon, she wrote; not an address.").is_empty());
    }

    #[test]
    fn a_url_inside_a_word_run_still_starts_where_it_starts() {
        assert_eq!(oracle("foo.www.bar"), url_spans("foo.www.bar"));
        assert_eq!(oracle("a@b.c+d@e.f x"), url_spans("a@b.c+d@e.f x"));
    }

    #[test]
    fn non_ascii_word_characters_count_as_in_the_regex() {
        for s in [
            "jürgen.müller@zeitung.de",
            "ü²@x.y",
            "é\u{301}@d.e",
            "ø@a_b.c",
        ] {
            assert_eq!(oracle(s), url_spans(s), "{s}");
        }
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("http://".to_string()),
            Just("https://".to_string()),
            Just("www.".to_string()),
            Just("@".to_string()),
            Just(".".to_string()),
            Just("-".to_string()),
            Just("+".to_string()),
            Just("_".to_string()),
            Just(" ".to_string()),
            Just("\n".to_string()),
            Just("“".to_string()),
            Just("(".to_string()),
            Just("é".to_string()),
            Just("²".to_string()),
            Just("\u{301}".to_string()),
            Just("\u{a0}".to_string()),
            "[a-z0-9]{1,4}",
        ]
    }

    #[test]
    fn an_anchor_is_found_wherever_it_is() {
        for (text, expected) in [
            ("", false),
            ("a@", true),
            ("x://", true),
            (":/", false),
            (":// ", true),
            ("www.", true),
            ("ww.", false),
            ("wwww.", true),
            (".www", false),
            ("said: no. www", false),
        ] {
            assert_eq!(has_url_anchor(text.as_bytes()), expected, "{text:?}");
            let padded = format!("{}{text}{}", "x ".repeat(40), " y".repeat(40));
            assert_eq!(has_url_anchor(padded.as_bytes()), expected, "{padded:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn matches_the_regex(pieces in proptest::collection::vec(piece(), 0..24)) {
            let view = pieces.concat();
            prop_assert_eq!(oracle(&view), url_spans(&view));
        }
    }
}
