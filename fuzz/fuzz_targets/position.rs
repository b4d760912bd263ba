//! Position conversion round trips (`copydesk::draft::LineIndex`) in UTF-8,
//! UTF-16 and UTF-32: offset → position → offset is the identity on every
//! char boundary that is not inside a "\r\n"; any position maps to a char
//! boundary in the text; positions are ordered like offsets. The rope
//! conversions the server uses (`rope_position`, `rope_offset`) agree with
//! `LineIndex` on every offset and every position.
#![no_main]

use copydesk::draft::position::{rope_offset, rope_position};
use copydesk::draft::{Encoding, LineIndex};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let index = LineIndex::new(text);
    let breaks =
        text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count();
    assert_eq!(index.line_count(), breaks + 1, "line count");
    let bytes = text.as_bytes();
    let rope = ropey::Rope::from_str(text);
    assert_eq!(
        rope.len_lines(),
        index.line_count(),
        "rope and index line counts"
    );
    for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
        let mut last = (0, 0);
        for (offset, _) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
            .take(4096)
        {
            let inside_crlf =
                offset > 0 && bytes[offset - 1] == b'\r' && bytes.get(offset) == Some(&b'\n');
            let pos = index.position(text, offset, enc);
            assert_eq!(
                rope_position(&rope, offset, enc),
                pos,
                "{enc:?}: rope_position({offset})"
            );
            assert!(
                pos >= last,
                "positions out of order at {offset}: {pos:?} < {last:?}"
            );
            last = pos;
            if !inside_crlf {
                let back = index.offset(text, pos.0, pos.1, enc);
                assert_eq!(back, offset, "{enc:?}: {offset} → {pos:?} → {back}");
            }
        }
        // Arbitrary positions (taken from the input) land on a boundary.
        for pair in data.chunks(2).take(64) {
            let line = pair[0] as usize % (index.line_count() + 2);
            let character = *pair.get(1).unwrap_or(&0) as usize;
            let offset = index.offset(text, line, character, enc);
            assert_eq!(
                rope_offset(&rope, line, character, enc),
                offset,
                "{enc:?}: rope_offset({line},{character})"
            );
            assert!(
                offset <= text.len() && text.is_char_boundary(offset),
                "{enc:?} ({line},{character}) → {offset}"
            );
            let (l, _) = index.position(text, offset, enc);
            assert!(
                l <= line,
                "{enc:?} ({line},{character}) → {offset} → line {l}"
            );
        }
        // Offsets past the end or inside a character clamp.
        let p = index.position(text, text.len() + 7, enc);
        assert_eq!(rope_position(&rope, text.len() + 7, enc), p);
        assert_eq!(index.offset(text, p.0, p.1, enc), text.len());
    }
});
