//! Incremental edit application against a String. The input is a text and
//! a list of LSP-style changes (start and end positions, an insertion) in
//! any of the three encodings, positions possibly out of range. Each change
//! is applied to a `ropey::Rope` with `draft::position::rope_replace` (the
//! server's document model) and to a plain `String` with offsets from
//! `LineIndex`; after every change the two must be equal, report the same
//! replaced range, and agree on the line count. The server's own
//! `lsp::document::Document::apply` gets the same changes as LSP
//! `TextDocumentContentChangeEvent`s and must end with the same text. Also `copydesk::apply_edits`
//! against a reference model with arbitrary (possibly bad) edits: it never
//! panics, skips only the edits it must, and never corrupts the text.
#![no_main]

use copydesk::draft::position::rope_replace;
use copydesk::draft::{Encoding, LineIndex};
use copydesk::lsp::document::Document;
use copydesk::{apply_edits, Edit};
use libfuzzer_sys::fuzz_target;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

const INSERTS: &[&str] = &[
    "x", "", "\n", "\r\n", "é", "“", "😀", "\r", " said.", "ab\ncd", "\n\r",
];

fuzz_target!(|data: &[u8]| {
    let split = data
        .iter()
        .position(|&b| b == 0xff)
        .unwrap_or(data.len().min(64));
    let (head, ops) = data.split_at(split);
    let mut expected = String::from_utf8_lossy(head).into_owned();
    let mut rope = Rope::from_str(&expected);
    let encs = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];
    let Ok(uri) = "file:///tmp/copydesk-fuzz/draft.md".parse::<Uri>() else {
        return;
    };
    let mut doc = Document::new(&uri, &expected, 1, "markdown");

    for op in ops.chunks(6).take(200) {
        if op.len() < 6 {
            break;
        }
        let enc = encs[op[0] as usize % 3];
        let index = LineIndex::new(&expected);
        let lines = index.line_count() + 1;
        let start = (op[1] as usize % lines, op[2] as usize % 40);
        // Mostly a short selection on one line; sometimes any end at all.
        let end = if op[3] & 0x80 == 0 {
            (start.0, start.1 + (op[3] as usize % 6))
        } else {
            (op[3] as usize % lines, op[4] as usize % 40)
        };
        let insert = INSERTS[op[5] as usize % INSERTS.len()];
        let e = index.offset(&expected, end.0, end.1, enc);
        let s = index.offset(&expected, start.0, start.1, enc).min(e);
        expected.replace_range(s..e, insert);
        let replaced = rope_replace(&mut rope, start, end, insert, enc);
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(start.0 as u32, start.1 as u32),
                Position::new(end.0 as u32, end.1 as u32),
            )),
            range_length: None,
            text: insert.to_string(),
        };
        doc.apply(doc.version + 1, &[change], enc);
        assert!(
            doc.rope == expected.as_str(),
            "Document::apply differs after {enc:?} {start:?}..{end:?}"
        );
        assert_eq!(replaced, s..e, "{enc:?} {start:?}..{end:?}: replaced range");
        assert_eq!(rope.len_bytes(), expected.len());
        assert!(
            rope == expected.as_str(),
            "rope and string differ after {enc:?} {start:?}..{end:?}"
        );
        assert_eq!(
            LineIndex::new(&expected).line_count(),
            rope.len_lines(),
            "line counts differ"
        );
    }

    // apply_edits with arbitrary edits, against a reference.
    let text = String::from_utf8_lossy(head).into_owned();
    let mut edits = Vec::new();
    for op in ops.chunks(4).take(16) {
        if op.len() < 4 {
            break;
        }
        let a = op[0] as usize % (text.len() + 3);
        let b = a + op[1] as usize % 8;
        let path = (op[3] % 7 == 0).then(|| "other.md".to_string());
        edits.push(Edit {
            path,
            range: a..b,
            replacement: INSERTS[op[2] as usize % INSERTS.len()].to_string(),
        });
    }
    let out = apply_edits(&text, &edits);
    let mut sorted: Vec<&Edit> = edits.iter().filter(|e| e.path.is_none()).collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let (mut reference, mut at) = (String::new(), 0);
    for e in sorted {
        let r = &e.range;
        if r.start >= at
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
        {
            reference.push_str(&text[at..r.start]);
            reference.push_str(&e.replacement);
            at = r.end;
        }
    }
    reference.push_str(&text[at..]);
    assert_eq!(out, reference);
});
