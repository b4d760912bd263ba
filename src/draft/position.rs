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
