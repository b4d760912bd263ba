//! The server's state and the synchronous work on it: linting a document,
//! indexing drafts, reading other files. Locks are std mutexes held only
//! for short, synchronous sections, never across an `.await`.

use super::config::Settings;
use super::convert::{self, TextMap};
use super::document::{Document, Linted};
use super::workspace::{root_of, Stylebooks};
use crate::analysis::Analysis;
use crate::draft::{Draft, DraftKind, Encoding};
use crate::finding::Span;
use crate::stylebook::{Scope, Stylebook};
use crate::workspace::{DraftNames, WorkspaceIndex};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use tokio::sync::Notify;
use tower_lsp_server::ls_types::{Location, Uri};

/// Drafts larger than this are not read from disk for the workspace index.
const MAX_INDEXED_BYTES: u64 = 8 * 1024 * 1024;

/// What the client said it can do, as far as the server cares.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientCaps {
    /// `textDocument/diagnostic`: the client pulls diagnostics.
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    pub create_files: bool,
    pub watch_files_dynamically: bool,
    pub configuration: bool,
}

#[derive(Debug, Default)]
pub struct State {
    pub docs: Mutex<HashMap<Uri, Document>>,
    pub encoding: Mutex<Option<Encoding>>,
    pub caps: Mutex<ClientCaps>,
    pub settings: Mutex<Settings>,
    pub roots: Mutex<Vec<PathBuf>>,
    pub stylebooks: Mutex<Stylebooks>,
    pub index: RwLock<WorkspaceIndex>,
    /// Bumped whenever something other than a document's own text may
    /// change its findings (settings, stylebooks, other drafts).
    pub generation: AtomicU64,
    /// Documents waiting to be linted, in order, without repeats.
    pub dirty: Mutex<Vec<Uri>>,
    pub wake: Notify,
    pub shutdown_requested: AtomicBool,
    pub lint_loop_started: AtomicBool,
}

/// One lint of one document.
#[derive(Debug)]
pub struct LintOutcome {
    pub uri: Uri,
    pub linted: Arc<Linted>,
    /// Other drafts (by key) whose findings may have changed.
    pub affected: Vec<String>,
    /// The message of a panic caught inside the lint.
    pub panic: Option<String>,
}

/// Lock a mutex, recovering it if a panic poisoned it: the data behind our
/// locks stays consistent because panics are caught around the engine only.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn read<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(m: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(|e| e.into_inner())
}

/// Record a draft in the index; returns the drafts that shared a name
/// with it before or after (a spelling removed matters as much as one
/// added).
fn reindex(index: &mut WorkspaceIndex, key: &str, analysis: &Analysis) -> Vec<String> {
    let mut affected = index.affected_by(key);
    index.update(key, analysis);
    for k in index.affected_by(key) {
        if !affected.contains(&k) {
            affected.push(k);
        }
    }
    affected
}

/// The text of a caught panic's payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

impl State {
    pub fn encoding(&self) -> Encoding {
        lock(&self.encoding).unwrap_or(Encoding::Utf16)
    }

    pub fn caps(&self) -> ClientCaps {
        *lock(&self.caps)
    }

    /// Queue documents for linting and wake the lint loop.
    pub fn mark_dirty(&self, uris: impl IntoIterator<Item = Uri>) {
        let mut dirty = lock(&self.dirty);
        for uri in uris {
            if !dirty.contains(&uri) {
                dirty.push(uri);
            }
        }
        drop(dirty);
        self.wake.notify_one();
    }

    pub fn mark_all_dirty(&self) {
        let uris: Vec<Uri> = lock(&self.docs).keys().cloned().collect();
        self.mark_dirty(uris);
    }

    pub fn take_dirty(&self) -> Vec<Uri> {
        std::mem::take(&mut *lock(&self.dirty))
    }

    /// Something besides documents' own text changed.
    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The open documents with these keys (paths).
    pub fn uris_for_keys(&self, keys: &[String]) -> Vec<Uri> {
        lock(&self.docs)
            .iter()
            .filter(|(_, d)| keys.contains(&d.key))
            .map(|(u, _)| u.clone())
            .collect()
    }

    pub fn is_open(&self, key: &str) -> bool {
        lock(&self.docs).values().any(|d| d.key == key)
    }

    /// The stylebook for a draft, with the editor's settings over it.
    pub fn stylebook_for(&self, path: Option<&Path>, settings: &Settings) -> Stylebook {
        let roots = lock(&self.roots).clone();
        let root = path.and_then(|p| root_of(&roots, p));
        let chosen = settings.stylebook.as_ref().map(|p| match roots.first() {
            Some(r) if p.is_relative() => r.join(p),
            _ => p.clone(),
        });
        let base = lock(&self.stylebooks).base_for(path, root, chosen.as_deref());
        settings.apply(&base)
    }

    /// The URI and current text of another draft: the open document if
    /// there is one, else the file on disk.
    pub fn text_of(&self, key: &str) -> Option<(Uri, String)> {
        let open = lock(&self.docs)
            .iter()
            .find(|(_, d)| d.key == key)
            .map(|(u, d)| (u.clone(), d.rope.to_string()));
        if open.is_some() {
            return open;
        }
        let text = std::fs::read_to_string(key).ok()?;
        Some((Uri::from_file_path(key)?, text))
    }

    /// Lint the current version of an open document (updating the workspace
    /// index first when its text changed). `None` if it is not open.
    pub fn lint_document(&self, uri: &Uri) -> Option<LintOutcome> {
        let (text, version, kind, key, path, needs_index) = {
            let docs = lock(&self.docs);
            let d = docs.get(uri)?;
            let needs_index = d.indexed_version != Some(d.version);
            (
                d.rope.to_string(),
                d.version,
                d.kind,
                d.key.clone(),
                d.path.clone(),
                needs_index,
            )
        };
        let generation = self.generation.load(Ordering::SeqCst);
        let settings = lock(&self.settings).clone();
        let stylebook = self.stylebook_for(path.as_deref(), &settings);
        let indexable = path.is_some();
        let run = catch_unwind(AssertUnwindSafe(|| {
            if settings.test_panic {
                panic!("injected by the testPanic setting (for tests only)");
            }
            let analysis = Analysis::new(Draft::parse(&text, kind), &stylebook);
            let mut affected = Vec::new();
            if needs_index && indexable {
                let mut index = write(&self.index);
                affected = reindex(&mut index, &key, &analysis);
            }
            let workspace = (stylebook.scope == Scope::Workspace).then(|| read(&self.index));
            let findings =
                crate::lint_analysis(&analysis, Some(&key), &stylebook, workspace.as_deref());
            (findings, affected)
        }));
        let (findings, affected, panic) = match run {
            Ok((findings, affected)) => (findings, affected, None),
            Err(payload) => (
                Vec::new(),
                Vec::new(),
                Some(panic_message(payload.as_ref())),
            ),
        };
        let diagnostics = self.diagnostics(&findings, &text, uri);
        let linted = Arc::new(Linted {
            version,
            generation,
            text: Arc::new(text),
            findings,
            diagnostics,
        });
        if panic.is_none() {
            if let Some(d) = lock(&self.docs).get_mut(uri) {
                if d.version == version {
                    d.linted = Some(linted.clone());
                    if indexable {
                        d.indexed_version = Some(version);
                    }
                }
            }
        }
        let affected = affected.into_iter().filter(|k| *k != key).collect();
        Some(LintOutcome {
            uri: uri.clone(),
            linted,
            affected,
            panic,
        })
    }

    fn diagnostics(
        &self,
        findings: &[crate::finding::Finding],
        text: &str,
        uri: &Uri,
    ) -> Vec<tower_lsp_server::ls_types::Diagnostic> {
        let encoding = self.encoding();
        let here = TextMap::new(text, encoding);
        let mut others: HashMap<String, Option<(Uri, String)>> = HashMap::new();
        let mut elsewhere = |path: &str, span: &Span| {
            let (u, t) = others
                .entry(path.to_string())
                .or_insert_with(|| self.text_of(path))
                .as_ref()?;
            let map = TextMap::new(t, encoding);
            Some(Location::new(u.clone(), map.range(span)))
        };
        findings
            .iter()
            .map(|f| convert::diagnostic(f, &here, uri, &mut elsewhere))
            .collect()
    }

    /// Record a draft on disk in the workspace index (unless it is open:
    /// open documents are indexed from the editor's text). Returns the
    /// drafts whose findings may change.
    pub fn index_file(&self, path: &Path) -> Vec<String> {
        let key = path.to_string_lossy().into_owned();
        if self.is_open(&key) {
            return Vec::new();
        }
        let Some(kind) = DraftKind::from_path(&key) else {
            return Vec::new();
        };
        let too_big = std::fs::metadata(path).map_or(true, |m| m.len() > MAX_INDEXED_BYTES);
        let text = if too_big {
            None
        } else {
            std::fs::read_to_string(path).ok()
        };
        let Some(text) = text else {
            return self.unindex(&key);
        };
        let settings = lock(&self.settings).clone();
        let stylebook = self.stylebook_for(Some(path), &settings);
        catch_unwind(AssertUnwindSafe(|| {
            let analysis = Analysis::new(Draft::parse(&text, kind), &stylebook);
            reindex(&mut write(&self.index), &key, &analysis)
        }))
        .unwrap_or_default()
    }

    /// Index many drafts on disk at once (the workspace folders at start):
    /// read and analysed in parallel, then recorded under one lock. Open
    /// documents are skipped (they are indexed from the editor's text).
    /// Returns how many drafts were indexed.
    pub fn index_files(&self, paths: &[PathBuf]) -> usize {
        use rayon::prelude::*;
        let settings = lock(&self.settings).clone();
        let facts: Vec<(String, DraftNames)> = paths
            .par_iter()
            .filter_map(|path| {
                let key = path.to_string_lossy().into_owned();
                let kind = DraftKind::from_path(&key)?;
                if self.is_open(&key) {
                    return None;
                }
                let size = std::fs::metadata(path).ok()?.len();
                if size > MAX_INDEXED_BYTES {
                    return None;
                }
                let text = std::fs::read_to_string(path).ok()?;
                let stylebook = self.stylebook_for(Some(path), &settings);
                catch_unwind(AssertUnwindSafe(|| {
                    let analysis = Analysis::new(Draft::parse(&text, kind), &stylebook);
                    (key, DraftNames::of(&analysis))
                }))
                .ok()
            })
            .collect();
        let n = facts.len();
        let mut index = write(&self.index);
        for (key, names) in facts {
            index.insert(&key, names);
        }
        n
    }

    /// Forget a draft in the workspace index.
    pub fn unindex(&self, key: &str) -> Vec<String> {
        let mut index = write(&self.index);
        let affected = index.affected_by(key);
        index.remove(key);
        affected
    }
}
