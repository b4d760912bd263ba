//! An open document: its rope, version, kind, and the last lint of it.

use crate::draft::position::{rope_replace, Encoding};
use crate::draft::DraftKind;
use crate::finding::Finding;
use ropey::Rope;
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp_server::ls_types::{Diagnostic, TextDocumentContentChangeEvent, Uri};

/// A document the client has opened.
#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub kind: DraftKind,
    /// The file behind the document, for `file:` URIs.
    pub path: Option<PathBuf>,
    /// The name the engine and the workspace index know the draft by: its
    /// file path, or the URI for documents with no file.
    pub key: String,
    /// The version last recorded in the workspace index.
    pub indexed_version: Option<i32>,
    /// The last lint of this document.
    pub linted: Option<Arc<Linted>>,
}

/// One lint of one version of a document.
#[derive(Debug)]
pub struct Linted {
    pub version: i32,
    /// The settings/stylebook/workspace generation it was linted under.
    pub generation: u64,
    pub text: Arc<String>,
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    pub fn new(uri: &Uri, text: &str, version: i32, language_id: &str) -> Document {
        let path = file_path(uri);
        let key = path
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|| uri.as_str().to_string());
        let kind = if language_id.eq_ignore_ascii_case("markdown") {
            DraftKind::Markdown
        } else {
            DraftKind::from_path_or_plain(uri.path().as_str())
        };
        Document {
            rope: Rope::from_str(text),
            version,
            kind,
            path,
            key,
            indexed_version: None,
            linted: None,
        }
    }

    /// Apply a didChange's edits in order. Ranges past the end are clamped
    /// (see [`rope_replace`]); a change with no range replaces the text.
    pub fn apply(
        &mut self,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = (range.start.line as usize, range.start.character as usize);
                    let end = (range.end.line as usize, range.end.character as usize);
                    rope_replace(&mut self.rope, start, end, &change.text, encoding);
                }
                None => self.rope = Rope::from_str(&change.text),
            }
        }
        self.version = version;
    }

    /// The last lint, if it is of the current version.
    pub fn current_lint(&self) -> Option<Arc<Linted>> {
        self.linted.clone().filter(|l| l.version == self.version)
    }
}

/// The file path of a `file:` URI.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let is_file = uri.scheme().as_str().eq_ignore_ascii_case("file");
    if !is_file {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}
