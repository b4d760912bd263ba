//! Findings, spans and outlines in LSP terms. Pure translation: byte
//! offsets become positions in the negotiated encoding.

use crate::analysis::{OutlineItem, OutlineKind};
use crate::draft::{Encoding, LineIndex};
use crate::finding::{Finding, Severity, Span};
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DocumentSymbol, Location,
    NumberOrString, Position, PositionEncodingKind, Range, SymbolKind, Uri,
};

/// The name diagnostics carry as their `source`.
pub const SOURCE: &str = "copydesk";

/// A text with its line index, for turning byte spans into ranges.
#[derive(Debug)]
pub struct TextMap<'a> {
    pub text: &'a str,
    index: LineIndex,
    encoding: Encoding,
}

impl<'a> TextMap<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> TextMap<'a> {
        TextMap {
            text,
            index: LineIndex::new(text),
            encoding,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let (line, character) = self.index.position(self.text, offset, self.encoding);
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, span: &Span) -> Range {
        Range::new(
            self.position(span.start),
            self.position(span.end.max(span.start)),
        )
    }

    /// The byte offset of a position (clamped to the text).
    pub fn offset(&self, p: Position) -> usize {
        self.index.offset(
            self.text,
            p.line as usize,
            p.character as usize,
            self.encoding,
        )
    }

    pub fn span(&self, r: Range) -> Span {
        let start = self.offset(r.start);
        let end = self.offset(r.end);
        start.min(end)..end.max(start)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The LSP name of an encoding.
pub fn encoding_kind(e: Encoding) -> PositionEncodingKind {
    match e {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A finding as a diagnostic. `elsewhere` turns a related place in another
/// draft (its path and span) into a location, if that draft can be read.
pub fn diagnostic(
    f: &Finding,
    here: &TextMap,
    uri: &Uri,
    elsewhere: &mut dyn FnMut(&str, &Span) -> Option<Location>,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .filter_map(|r| {
            let location = match &r.path {
                None => Some(Location::new(uri.clone(), here.range(&r.range))),
                Some(p) => elsewhere(p, &r.range),
            }?;
            Some(DiagnosticRelatedInformation {
                location,
                message: r.message.clone(),
            })
        })
        .collect();
    Diagnostic {
        range: here.range(&f.range),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.to_string())),
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

/// The outline as document symbols (people, with their quotes inside).
pub fn symbols(items: &[OutlineItem], here: &TextMap) -> Vec<DocumentSymbol> {
    items.iter().map(|item| symbol(item, here)).collect()
}

#[allow(deprecated)] // `deprecated` is a required field of the struct.
fn symbol(item: &OutlineItem, here: &TextMap) -> DocumentSymbol {
    // The selection must lie inside the range; widen the range if not.
    let start = item.range.start.min(item.selection.start);
    let end = item.range.end.max(item.selection.end);
    let children = symbols(&item.children, here);
    DocumentSymbol {
        name: if item.name.trim().is_empty() {
            "(unnamed)".to_string()
        } else {
            item.name.clone()
        },
        detail: (!item.detail.is_empty()).then(|| item.detail.clone()),
        kind: match item.kind {
            OutlineKind::Person => SymbolKind::OBJECT,
            OutlineKind::Quote => SymbolKind::STRING,
        },
        tags: None,
        deprecated: None,
        range: here.range(&(start..end)),
        selection_range: here.range(&item.selection),
        children: (!children.is_empty()).then_some(children),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Related;

    #[test]
    fn diagnostics_carry_source_code_and_related_places() {
        let text = "“Hi” 😀\nZelenskiy and Zelenskyy";
        let map = TextMap::new(text, Encoding::Utf16);
        let uri: Uri = "file:///tmp/a.md".parse().unwrap();
        let at = text.find("Zelenskiy").unwrap();
        let f = Finding::new(
            "name.inconsistent",
            Severity::Warning,
            at..at + 9,
            "spelled two ways",
        )
        .with_related(Related {
            path: None,
            range: 0..3,
            message: "here".into(),
        })
        .with_related(Related {
            path: Some("/nowhere/b.md".into()),
            range: 0..1,
            message: "unreadable".into(),
        });
        let d = diagnostic(&f, &map, &uri, &mut |_, _| None);
        assert_eq!(d.source.as_deref(), Some("copydesk"));
        assert_eq!(
            d.code,
            Some(NumberOrString::String("name.inconsistent".into()))
        );
        assert_eq!(d.severity, Some(DiagnosticSeverity::WARNING));
        assert_eq!(
            d.range,
            Range::new(Position::new(1, 0), Position::new(1, 9))
        );
        let related = d.related_information.unwrap();
        assert_eq!(related.len(), 1, "the unreadable place is left out");
        assert_eq!(related[0].location.range.end, Position::new(0, 1));
    }

    #[test]
    fn utf16_and_utf8_columns_differ_after_an_emoji() {
        let text = "😀 x";
        let x = text.find('x').unwrap();
        assert_eq!(
            TextMap::new(text, Encoding::Utf16).position(x),
            Position::new(0, 3)
        );
        assert_eq!(
            TextMap::new(text, Encoding::Utf8).position(x),
            Position::new(0, 5)
        );
        assert_eq!(
            TextMap::new(text, Encoding::Utf8).offset(Position::new(0, 5)),
            x
        );
    }
}
