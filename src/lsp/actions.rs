//! Code actions: each fix of a finding as a `quickfix`, and all safe fixes
//! of a document as `source.fixAll.copydesk`. Every action carries a plain
//! WorkspaceEdit, so clients need no command support (Neovim, Helix).

use super::convert::TextMap;
use crate::draft::Encoding;
use crate::finding::{Finding, Fix, Span};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CreateFile, CreateFileOptions, Diagnostic, DocumentChangeOperation,
    DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier, Range, ResourceOp,
    TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

/// The kind of the fix-all action.
pub const FIX_ALL: &str = "source.fixAll.copydesk";

/// What building actions for one document needs.
pub struct ActionContext<'a> {
    pub uri: &'a Uri,
    pub version: i32,
    pub here: &'a TextMap<'a>,
    pub encoding: Encoding,
    /// The client can create files in a WorkspaceEdit.
    pub can_create: bool,
    /// Another draft's URI and current text, by path.
    pub other: &'a mut dyn FnMut(&str) -> Option<(Uri, String)>,
}

/// Quick fixes for the findings that touch `request` (a byte span).
/// `diagnostics[i]` is the diagnostic of `findings[i]`.
pub fn quick_fixes(
    findings: &[Finding],
    diagnostics: &[Diagnostic],
    request: &Span,
    cx: &mut ActionContext,
) -> Vec<CodeAction> {
    let mut actions = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let touches = f.range.start <= request.end && request.start <= f.range.end;
        if !touches {
            continue;
        }
        let preferred = f.fixes.iter().position(|x| x.safe);
        for (j, fix) in f.fixes.iter().enumerate() {
            let Some(edit) = workspace_edit(fix, cx) else {
                continue;
            };
            actions.push(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: diagnostics.get(i).map(|d| vec![d.clone()]),
                edit: Some(edit),
                is_preferred: (preferred == Some(j)).then_some(true),
                ..CodeAction::default()
            });
        }
    }
    actions
}

/// One action applying the first safe fix of every finding, skipping a
/// fix that overlaps one already taken (in any file) and fixes that
/// create files.
pub fn fix_all(findings: &[Finding], cx: &mut ActionContext) -> Option<CodeAction> {
    let mut taken: HashMap<Option<String>, Vec<Span>> = HashMap::new();
    let mut edits = Vec::new();
    for f in findings {
        let Some(fix) = f.fixes.iter().find(|x| x.safe && x.create.is_none()) else {
            continue;
        };
        let clashes = fix.edits.iter().any(|e| {
            taken
                .get(&e.path)
                .is_some_and(|spans| spans.iter().any(|s| overlaps(s, &e.range)))
        });
        if clashes {
            continue;
        }
        for e in &fix.edits {
            taken
                .entry(e.path.clone())
                .or_default()
                .push(e.range.clone());
        }
        edits.extend(fix.edits.iter().cloned());
    }
    if edits.is_empty() {
        return None;
    }
    let all = Fix::new("Fix all safe copydesk findings", true, edits);
    Some(CodeAction {
        title: all.title.clone(),
        kind: Some(CodeActionKind::from(FIX_ALL)),
        edit: Some(workspace_edit(&all, cx)?),
        ..CodeAction::default()
    })
}

/// Two spans overlap, or are the same insertion point (two insertions at
/// one place would be applied in an order the client chooses).
fn overlaps(a: &Span, b: &Span) -> bool {
    (a.start < b.end && b.start < a.end) || a == b
}

/// A fix as a WorkspaceEdit, or `None` when a file it edits cannot be read
/// or it must create a file and the client cannot.
fn workspace_edit(fix: &Fix, cx: &mut ActionContext) -> Option<WorkspaceEdit> {
    let create = fix
        .create
        .as_ref()
        .filter(|(path, _)| !Path::new(path).exists());
    if create.is_some() && !cx.can_create {
        return None;
    }
    let mut by_target: BTreeMap<Option<&str>, Vec<&crate::finding::Edit>> = BTreeMap::new();
    for e in &fix.edits {
        let into_created = create.is_some_and(|(p, _)| e.path.as_deref() == Some(p.as_str()));
        if !into_created {
            by_target.entry(e.path.as_deref()).or_default().push(e);
        }
    }
    let mut files: Vec<(Uri, Option<i32>, Vec<TextEdit>)> = Vec::new();
    for (target, edits) in by_target {
        match target {
            None => {
                let text_edits = edits
                    .iter()
                    .map(|e| TextEdit::new(cx.here.range(&e.range), e.replacement.clone()))
                    .collect();
                files.push((cx.uri.clone(), Some(cx.version), text_edits));
            }
            Some(path) => {
                let (uri, text) = (cx.other)(path)?;
                let map = TextMap::new(&text, cx.encoding);
                let text_edits = edits
                    .iter()
                    .filter(|e| e.range.end <= text.len())
                    .map(|e| TextEdit::new(map.range(&e.range), e.replacement.clone()))
                    .collect();
                files.push((uri, None, text_edits));
            }
        }
    }
    match create {
        None => {
            let mut changes = HashMap::new();
            for (uri, _, edits) in files {
                changes.entry(uri).or_insert_with(Vec::new).extend(edits);
            }
            Some(WorkspaceEdit {
                changes: Some(changes),
                ..WorkspaceEdit::default()
            })
        }
        Some((path, content)) => {
            let uri = Uri::from_file_path(path)?;
            let mut ops = vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })),
                text_document_edit(
                    uri,
                    None,
                    vec![TextEdit::new(Range::default(), content.clone())],
                ),
            ];
            for (uri, version, edits) in files {
                ops.push(text_document_edit(uri, version, edits));
            }
            Some(WorkspaceEdit {
                document_changes: Some(DocumentChanges::Operations(ops)),
                ..WorkspaceEdit::default()
            })
        }
    }
}

fn text_document_edit(
    uri: Uri,
    version: Option<i32>,
    edits: Vec<TextEdit>,
) -> DocumentChangeOperation {
    DocumentChangeOperation::Edit(TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
        edits: edits.into_iter().map(OneOf::Left).collect(),
    })
}

/// Whether an action of `kind` is wanted by a request's `only` filter.
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    match only {
        None => true,
        Some(kinds) => kinds.iter().any(|k| {
            let k = k.as_str();
            kind == k || kind.starts_with(&format!("{k}."))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Edit, Severity};

    fn finding(range: Span, fixes: Vec<Fix>) -> Finding {
        let mut f = Finding::new("quote.unbalanced", Severity::Error, range, "m");
        f.fixes = fixes;
        f
    }

    #[test]
    fn fix_all_takes_safe_fixes_and_skips_overlaps() {
        let text = "aaa bbb ccc";
        let map = TextMap::new(text, Encoding::Utf16);
        let uri: Uri = "file:///tmp/x.txt".parse().unwrap();
        let findings = vec![
            finding(0..3, vec![Fix::new("A", true, vec![Edit::here(0..3, "A")])]),
            finding(
                2..5,
                vec![Fix::new("overlaps A", true, vec![Edit::here(2..5, "X")])],
            ),
            finding(
                8..11,
                vec![Fix::new("unsafe", false, vec![Edit::here(8..11, "C")])],
            ),
            finding(4..7, vec![Fix::new("B", true, vec![Edit::here(4..7, "B")])]),
        ];
        let mut other = |_: &str| None;
        let mut cx = ActionContext {
            uri: &uri,
            version: 3,
            here: &map,
            encoding: Encoding::Utf16,
            can_create: false,
            other: &mut other,
        };
        let action = fix_all(&findings, &mut cx).unwrap();
        assert_eq!(action.kind.unwrap().as_str(), FIX_ALL);
        let edits = &action.edit.unwrap().changes.unwrap()[&uri];
        let new: Vec<&str> = edits.iter().map(|e| e.new_text.as_str()).collect();
        assert_eq!(new, vec!["A", "B"]);
    }

    #[test]
    fn quick_fixes_prefer_the_first_safe_fix_and_skip_unreadable_files() {
        let text = "“We go.";
        let map = TextMap::new(text, Encoding::Utf8);
        let uri: Uri = "file:///tmp/x.txt".parse().unwrap();
        let findings = vec![finding(
            0..3,
            vec![
                Fix::new("unsafe first", false, vec![Edit::here(0..3, "")]),
                Fix::new("safe", true, vec![Edit::here(text.len()..text.len(), "”")]),
                Fix::new(
                    "elsewhere",
                    false,
                    vec![Edit {
                        path: Some("/gone.md".into()),
                        range: 0..1,
                        replacement: "x".into(),
                    }],
                ),
            ],
        )];
        let mut other = |_: &str| None;
        let mut cx = ActionContext {
            uri: &uri,
            version: 1,
            here: &map,
            encoding: Encoding::Utf8,
            can_create: false,
            other: &mut other,
        };
        let actions = quick_fixes(&findings, &[], &(1..1), &mut cx);
        let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, vec!["unsafe first", "safe"]);
        assert_eq!(actions[1].is_preferred, Some(true));
        assert_eq!(actions[0].is_preferred, None);
        // Nothing offered away from the finding.
        assert!(quick_fixes(&findings, &[], &(5..6), &mut cx).is_empty());
    }

    #[test]
    fn only_filter_matches_kind_prefixes() {
        assert!(wanted(None, FIX_ALL));
        assert!(wanted(Some(&[CodeActionKind::SOURCE_FIX_ALL]), FIX_ALL));
        assert!(wanted(Some(&[CodeActionKind::SOURCE]), FIX_ALL));
        assert!(!wanted(Some(&[CodeActionKind::QUICKFIX]), FIX_ALL));
        assert!(wanted(Some(&[CodeActionKind::QUICKFIX]), "quickfix"));
    }
}
