//! Position conversion against a property test (issue 2, point 3): random
//! text with CRLF, lone CR, astral characters and curly quotes; random
//! incremental edits expressed as LSP ranges in UTF-8, UTF-16 and UTF-32
//! applied to a rope give the same text as the same edits applied to a
//! String by byte offset.

use copydesk::draft::position::{rope_offset, rope_position, rope_replace};
use copydesk::draft::{Encoding, LineIndex};
use proptest::prelude::*;
use ropey::Rope;

const PIECES: &[&str] = &[
    "a",
    "Zelenskyy",
    " ",
    "\n",
    "\r\n",
    "\r",
    "😀",
    "🇺🇦",
    "“",
    "”",
    "‘",
    "’",
    "é",
    "e\u{301}",
    "ß",
    "\"",
    "—",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|p| p.concat())
}

fn encodings() -> impl Strategy<Value = Encoding> {
    prop::sample::select(vec![Encoding::Utf8, Encoding::Utf16, Encoding::Utf32])
}

/// A reference position, computed by walking the text from its start:
/// independent of both `LineIndex` and the rope.
fn naive_position(text: &str, offset: usize, enc: Encoding) -> (usize, usize) {
    let (mut line, mut col, mut prev_cr) = (0, 0, false);
    for (i, c) in text.char_indices() {
        if i >= offset {
            break;
        }
        match c {
            '\n' if prev_cr => col = 0,
            '\n' | '\r' => {
                line += 1;
                col = 0;
            }
            _ => col += enc.len_of(c),
        }
        prev_cr = c == '\r';
    }
    (line, col)
}

/// Snap a random number to an offset an LSP position can name: a char
/// boundary, not between the `\r` and `\n` of a CRLF.
fn addressable(text: &str, n: usize) -> usize {
    let mut at = n % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if at > 0 && text.as_bytes()[at - 1] == b'\r' && text.as_bytes().get(at) == Some(&b'\n') {
        at -= 1;
    }
    at
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn edits_on_rope_equal_edits_on_string(
        start in text(),
        edits in prop::collection::vec((any::<usize>(), any::<usize>(), text(), encodings()), 1..25),
    ) {
        let mut string = start.clone();
        let mut rope = Rope::from_str(&start);
        for (a, b, replacement, enc) in edits {
            let a = addressable(&string, a);
            let b = addressable(&string, b);
            let (a, b) = (a.min(b), a.max(b));
            let from = naive_position(&string, a, enc);
            let to = naive_position(&string, b, enc);
            prop_assert_eq!(rope_position(&rope, a, enc), from);
            prop_assert_eq!(rope_position(&rope, b, enc), to);
            let replaced = rope_replace(&mut rope, from, to, &replacement, enc);
            prop_assert_eq!(replaced, a..b);
            string.replace_range(a..b, &replacement);
            prop_assert_eq!(rope.to_string(), string.clone());
        }
    }

    /// Any position at all, including lines and characters past the end
    /// and characters inside a surrogate pair or UTF-8 sequence, converts
    /// on the rope exactly as on the string, without panicking.
    #[test]
    fn clamping_matches_line_index(
        s in text(),
        line in 0usize..40,
        character in 0usize..120,
        offset in 0usize..400,
        enc in encodings(),
    ) {
        let rope = Rope::from_str(&s);
        let index = LineIndex::new(&s);
        prop_assert_eq!(index.line_count(), rope.len_lines());
        let at = rope_offset(&rope, line, character, enc);
        prop_assert_eq!(at, index.offset(&s, line, character, enc));
        prop_assert!(s.is_char_boundary(at));
        prop_assert_eq!(rope_position(&rope, offset, enc), index.position(&s, offset, enc));
    }
}

#[test]
fn crlf_astral_and_past_the_end_by_hand() {
    let s = "“Hi” 😀\r\nnext\rlast";
    let rope = Rope::from_str(s);
    // 😀 is two UTF-16 units, four UTF-8 bytes, one scalar value.
    assert_eq!(
        rope_position(&rope, s.find('\r').unwrap(), Encoding::Utf16),
        (0, 7)
    );
    assert_eq!(
        rope_position(&rope, s.find('\r').unwrap(), Encoding::Utf8),
        (0, 13)
    );
    assert_eq!(
        rope_position(&rope, s.find('\r').unwrap(), Encoding::Utf32),
        (0, 6)
    );
    // A character past the end of line 0 stops before its CRLF.
    assert_eq!(
        rope_offset(&rope, 0, 99, Encoding::Utf16),
        s.find('\r').unwrap()
    );
    // A line past the end is the end of the document.
    assert_eq!(rope_offset(&rope, 9, 0, Encoding::Utf16), s.len());
    // Half a surrogate pair moves past the emoji.
    let emoji = s.find('😀').unwrap();
    assert_eq!(rope_offset(&rope, 0, 6, Encoding::Utf16), emoji + 4);
    assert_eq!(
        rope_position(&rope, s.find("last").unwrap(), Encoding::Utf16),
        (2, 0)
    );
}
