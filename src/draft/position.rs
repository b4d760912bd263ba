//! Byte offset ↔ (line, character) conversion: the one place it lives.
//!
//! Lines break at `\n`, `\r\n` and `\r`, as in LSP. Characters are counted
//! in UTF-8 bytes, UTF-16 code units or UTF-32 code points (Unicode scalar
//! values), whichever the client negotiated.

/// The unit in which a position's character is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// How many units `c` takes in this encoding.
    pub fn len_of(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// Line starts of a text, for converting offsets to positions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is always 0.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based (line, character) of a byte offset. Offsets past the end
    /// are clamped to the end; offsets inside a character round down.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let character = text[start..offset]
            .chars()
            .map(|c| encoding.len_of(c))
            .sum();
        (line, character)
    }

    /// The byte offset of a 0-based (line, character). A line past the end
    /// gives the end of the text; a character past the end of its line gives
    /// the end of that line (before its line break), as LSP asks.
    pub fn offset(&self, text: &str, line: usize, character: usize, encoding: Encoding) -> usize {
        let Some(&start) = self.starts.get(line) else {
            return self.len;
        };
        let end = self.line_end(text, line);
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            if units >= character {
                return start + i;
            }
            units += encoding.len_of(c);
        }
        end
    }

    /// The end of a line's content, before its line break.
    fn line_end(&self, text: &str, line: usize) -> usize {
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        let mut end = next;
        if end > self.starts[line] && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > self.starts[line] && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        end
    }
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest char boundary at or above `offset` (the text's end past it).
pub fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// The byte offset of a 0-based (line, character) in a rope, clamped as
/// LSP asks: a line past the end gives the end of the document, a
/// character past the end of its line gives the end of that line (before
/// its line break), and a character inside a multi-unit character (half a
/// surrogate pair, the middle of a UTF-8 sequence) moves to the end of that
/// character, as [`LineIndex::offset`] does. Never panics.
pub fn rope_offset(rope: &ropey::Rope, line: usize, character: usize, encoding: Encoding) -> usize {
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start_char = rope.line_to_char(line);
    let end_char = start_char + line_content_chars(rope.line(line));
    let char_idx = match encoding {
        Encoding::Utf32 => start_char.saturating_add(character).min(end_char),
        Encoding::Utf8 => {
            let start = rope.line_to_byte(line);
            let end = rope.char_to_byte(end_char);
            let byte = start.saturating_add(character).min(end);
            ceil_char(rope, rope.byte_to_char(byte), byte, |c| {
                rope.char_to_byte(c)
            })
        }
        Encoding::Utf16 => {
            let start = rope.char_to_utf16_cu(start_char);
            let end = rope.char_to_utf16_cu(end_char);
            let cu = start.saturating_add(character).min(end);
            ceil_char(rope, rope.utf16_cu_to_char(cu), cu, |c| {
                rope.char_to_utf16_cu(c)
            })
        }
    };
    rope.char_to_byte(char_idx)
}

/// The char index `c` (which contains unit `unit`), moved past that char
/// when `unit` falls inside it rather than at its start.
fn ceil_char(
    rope: &ropey::Rope,
    c: usize,
    unit: usize,
    units_of: impl Fn(usize) -> usize,
) -> usize {
    if units_of(c) < unit {
        (c + 1).min(rope.len_chars())
    } else {
        c
    }
}

/// How many chars of a line are content, before its line break.
fn line_content_chars(line: ropey::RopeSlice) -> usize {
    let mut n = line.len_chars();
    if n > 0 && line.char(n - 1) == '\n' {
        n -= 1;
    }
    if n > 0 && line.char(n - 1) == '\r' {
        n -= 1;
    }
    n
}

/// The 0-based (line, character) of a byte offset in a rope. Offsets past
/// the end are clamped to the end; offsets inside a character round down
/// (as [`LineIndex::position`]). Never panics.
pub fn rope_position(rope: &ropey::Rope, offset: usize, encoding: Encoding) -> (usize, usize) {
    let offset = offset.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_idx);
    let start_char = rope.line_to_char(line);
    let character = match encoding {
        Encoding::Utf8 => rope.char_to_byte(char_idx) - rope.line_to_byte(line),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(start_char),
        Encoding::Utf32 => char_idx - start_char,
    };
    (line, character)
}

/// Replace the text between two (line, character) positions of a rope,
/// as an LSP incremental change does. The positions are clamped (see
/// [`rope_offset`]); a start after the end is treated as an empty range
/// at the end. Returns the byte range that was replaced.
pub fn rope_replace(
    rope: &mut ropey::Rope,
    start: (usize, usize),
    end: (usize, usize),
    text: &str,
    encoding: Encoding,
) -> std::ops::Range<usize> {
    let end_byte = rope_offset(rope, end.0, end.1, encoding);
    let start_byte = rope_offset(rope, start.0, start.1, encoding).min(end_byte);
    let start_char = rope.byte_to_char(start_byte);
    let end_char = rope.byte_to_char(end_byte);
    rope.remove(start_char..end_char);
    rope.insert(start_char, text);
    start_byte..end_byte
}
