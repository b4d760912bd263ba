//! The language server: LSP messages in, state changes and lints out.
//!
//! Ordering: tower-lsp runs up to four handlers at once, but creates and
//! first polls them in the order messages arrive. Every handler that
//! changes a document does so before its first `.await`, so edits apply in
//! order. Linting happens in one loop task, so diagnostics are published
//! in order, for the latest version only. Requests to the client
//! (configuration, registration, refresh) are spawned, never awaited in a
//! handler.

use super::actions::{self, ActionContext, FIX_ALL};
use super::config::Settings;
use super::convert::{self, TextMap};
use super::document::{file_path, Document};
use super::state::{lock, panic_message, ClientCaps, LintOutcome, State};
use super::workspace::{drafts_under, is_stylebook};
use crate::analysis::Analysis;
use crate::draft::{Draft, DraftKind, Encoding};
use crate::stylebook::StylebookError;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// The server backend.
#[derive(Debug)]
pub struct Backend {
    pub(crate) client: Client,
    pub(crate) state: Arc<State>,
}

/// Params of `copydesk/documentText` (for tests and debugging).
#[derive(Debug, Deserialize)]
pub struct DocumentTextParams {
    pub uri: Uri,
    /// Leave the text out (only its length), for very long documents.
    #[serde(default, rename = "lengthOnly")]
    pub length_only: bool,
}

/// The server's copy of a document.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct DocumentText {
    pub text: String,
    pub version: i32,
    /// The text's length in bytes.
    pub length: usize,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            state: Arc::new(State::default()),
        }
    }

    /// `copydesk/documentText`: the server's text and version of an open
    /// document, so tests can check it equals the client's.
    pub async fn document_text(&self, params: DocumentTextParams) -> Result<DocumentText> {
        let docs = lock(&self.state.docs);
        let doc = docs
            .get(&params.uri)
            .ok_or_else(|| Error::invalid_params("document not open"))?;
        Ok(DocumentText {
            text: if params.length_only {
                String::new()
            } else {
                doc.rope.to_string()
            },
            version: doc.version,
            length: doc.rope.len_bytes(),
        })
    }

    /// The answer to a malformed message (see `transport`): its error.
    pub async fn invalid_message(&self, params: Value) -> Result<()> {
        let code = params["code"]
            .as_i64()
            .unwrap_or(super::transport::PARSE_ERROR);
        self.log(
            MessageType::WARNING,
            "copydesk: received a malformed message".to_string(),
        );
        Err(Error::new(tower_lsp_server::jsonrpc::ErrorCode::from(code)))
    }

    fn log(&self, typ: MessageType, message: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(typ, message).await });
    }

    /// Adopt new settings (from JSON the client sent) and re-lint.
    fn apply_settings(&self, value: &Value) {
        match Settings::from_json(value) {
            Ok(settings) => {
                *lock(&self.state.settings) = settings;
                lock(&self.state.stylebooks).forget();
                self.state.bump();
                self.state.mark_all_dirty();
            }
            Err(e) => self.log(MessageType::ERROR, e),
        }
    }

    /// The lint loop: lints queued documents one at a time and publishes
    /// their diagnostics, in order, for the latest version only.
    fn start_lint_loop(&self) {
        if self.state.lint_loop_started.swap(true, Ordering::SeqCst) {
            return;
        }
        let state = self.state.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            loop {
                state.wake.notified().await;
                loop {
                    let batch = state.take_dirty();
                    if batch.is_empty() {
                        break;
                    }
                    for uri in batch {
                        let s = state.clone();
                        let outcome =
                            tokio::task::spawn_blocking(move || s.lint_document(&uri)).await;
                        match outcome {
                            Ok(Some(outcome)) => publish(&state, &client, outcome).await,
                            Ok(None) => {}
                            Err(e) => {
                                client
                                    .log_message(
                                        MessageType::ERROR,
                                        format!("copydesk: lint task failed: {e}"),
                                    )
                                    .await
                            }
                        }
                    }
                    publish_stylebook_reports(&state, &client).await;
                }
            }
        });
    }

    /// Index the drafts of these folders in the background, then re-lint.
    fn index_folders(&self, folders: Vec<PathBuf>) {
        let state = self.state.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            let s = state.clone();
            let indexed = tokio::task::spawn_blocking(move || {
                let paths: Vec<PathBuf> = folders.iter().flat_map(|f| drafts_under(f)).collect();
                s.index_files(&paths)
            })
            .await;
            match indexed {
                Ok(n) => {
                    client
                        .log_message(MessageType::INFO, format!("copydesk: indexed {n} drafts"))
                        .await
                }
                Err(e) => {
                    client
                        .log_message(
                            MessageType::ERROR,
                            format!("copydesk: indexing failed: {e}"),
                        )
                        .await
                }
            }
            state.bump();
            state.mark_all_dirty();
            refresh_if_pulling(&state, &client);
        });
    }

    /// Analyse the current text of a document (for hover and symbols).
    async fn with_analysis<T: Send + 'static>(
        &self,
        uri: &Uri,
        f: impl FnOnce(&Analysis, &TextMap) -> T + Send + 'static,
    ) -> Option<T> {
        let (text, kind, path) = {
            let docs = lock(&self.state.docs);
            let d = docs.get(uri)?;
            (d.rope.to_string(), d.kind, d.path.clone())
        };
        let settings = lock(&self.state.settings).clone();
        let stylebook = self.state.stylebook_for(path.as_deref(), &settings);
        let encoding = self.state.encoding();
        // Off the async threads: a long draft takes a while to analyse.
        let run = tokio::task::spawn_blocking(move || {
            catch_unwind(AssertUnwindSafe(|| {
                if settings.test_panic {
                    panic!("injected by the testPanic setting (for tests only)");
                }
                let map = TextMap::new(&text, encoding);
                let analysis = Analysis::new(Draft::parse(&text, kind), &stylebook);
                f(&analysis, &map)
            }))
            .map_err(|payload| panic_message(payload.as_ref()))
        })
        .await;
        match run {
            Ok(Ok(v)) => Some(v),
            Ok(Err(msg)) => {
                let text = format!("copydesk: analysis panicked (caught): {msg}");
                self.log(MessageType::ERROR, text);
                None
            }
            Err(e) => {
                self.log(
                    MessageType::ERROR,
                    format!("copydesk: analysis task failed: {e}"),
                );
                None
            }
        }
    }

    /// The lint of a document's current version: the cached one if it is
    /// current, else a fresh one.
    async fn current_lint(&self, uri: &Uri, same_generation: bool) -> Option<LintOutcome> {
        let generation = self.state.generation.load(Ordering::SeqCst);
        let cached = lock(&self.state.docs)
            .get(uri)?
            .current_lint()
            .filter(|l| !same_generation || l.generation == generation);
        if let Some(linted) = cached {
            return Some(LintOutcome {
                uri: uri.clone(),
                linted,
                affected: Vec::new(),
                panic: None,
            });
        }
        let s = self.state.clone();
        let u = uri.clone();
        let outcome = tokio::task::spawn_blocking(move || s.lint_document(&u))
            .await
            .ok()??;
        if let Some(msg) = &outcome.panic {
            self.log(
                MessageType::ERROR,
                format!("copydesk: lint panicked (caught): {msg}"),
            );
        }
        let affected = self.state.uris_for_keys(&outcome.affected);
        if !affected.is_empty() {
            self.state.mark_dirty(affected);
        }
        Some(outcome)
    }
}

/// Publish one lint's diagnostics if it is of the latest version (and the
/// client does not pull), then queue the drafts it affects.
async fn publish(state: &Arc<State>, client: &Client, outcome: LintOutcome) {
    if let Some(msg) = &outcome.panic {
        let text = format!(
            "copydesk: lint of {} panicked (caught, server goes on): {msg}",
            outcome.uri.as_str()
        );
        client.log_message(MessageType::ERROR, text).await;
        return;
    }
    let latest = lock(&state.docs)
        .get(&outcome.uri)
        .is_some_and(|d| d.version == outcome.linted.version);
    let caps = state.caps();
    if latest && !caps.pull_diagnostics {
        let diagnostics = outcome.linted.diagnostics.clone();
        client
            .publish_diagnostics(
                outcome.uri.clone(),
                diagnostics,
                Some(outcome.linted.version),
            )
            .await;
    }
    let affected = state.uris_for_keys(&outcome.affected);
    if !affected.is_empty() {
        state.mark_dirty(affected);
        refresh_if_pulling(state, client);
    }
}

/// Show each broken stylebook as a diagnostic on its file (or clear it).
async fn publish_stylebook_reports(state: &Arc<State>, client: &Client) {
    let reports = lock(&state.stylebooks).take_reports();
    for (path, error) in reports {
        let Some(uri) = Uri::from_file_path(&path) else {
            continue;
        };
        let diagnostics = match error {
            Some(e) => vec![stylebook_diagnostic(&e, state.encoding())],
            None => Vec::new(),
        };
        client.publish_diagnostics(uri, diagnostics, None).await;
    }
}

/// A stylebook error as a diagnostic at its line and column.
fn stylebook_diagnostic(e: &StylebookError, encoding: Encoding) -> Diagnostic {
    let text = std::fs::read_to_string(&e.path).unwrap_or_default();
    let map = TextMap::new(&text, encoding);
    let line = e.line.saturating_sub(1) as u32;
    let column = e.column.saturating_sub(1);
    // The error's column counts characters; find its byte offset.
    let start =
        crate::draft::LineIndex::new(&text).offset(&text, line as usize, column, Encoding::Utf32);
    let end = text[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    Diagnostic {
        range: map.range(&(start..end)),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("stylebook".to_string())),
        source: Some(convert::SOURCE.to_string()),
        message: format!(
            "{} (copydesk goes on with the last good stylebook)",
            e.message
        ),
        ..Diagnostic::default()
    }
}

/// Ask a pulling client to pull again (spawned: never awaited in a handler).
fn refresh_if_pulling(state: &Arc<State>, client: &Client) {
    let caps = state.caps();
    if caps.pull_diagnostics && caps.diagnostic_refresh {
        let client = client.clone();
        tokio::spawn(async move {
            let _ = client.workspace_diagnostic_refresh().await;
        });
    }
}

/// What the client can do, read from its capabilities.
fn client_caps(c: &ClientCapabilities) -> ClientCaps {
    let ws = c.workspace.as_ref();
    let edit = ws.and_then(|w| w.workspace_edit.as_ref());
    ClientCaps {
        pull_diagnostics: c
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some()),
        diagnostic_refresh: ws
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        create_files: edit.and_then(|e| e.document_changes).unwrap_or(false)
            && edit
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
        watch_files_dynamically: ws
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
    }
}

/// UTF-8 when the client offers it, else UTF-16 (the LSP default).
fn negotiate_encoding(c: &ClientCapabilities) -> Encoding {
    let offered = c
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| file_path(&f.uri))
        .collect();
    #[allow(deprecated)] // root_uri is how older clients name the workspace
    if roots.is_empty() {
        roots.extend(params.root_uri.as_ref().and_then(file_path));
    }
    roots
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = negotiate_encoding(&params.capabilities);
        let caps = client_caps(&params.capabilities);
        *lock(&self.state.encoding) = Some(encoding);
        *lock(&self.state.caps) = caps;
        *lock(&self.state.roots) = workspace_roots(&params);
        if let Some(options) = &params.initialization_options {
            self.apply_settings(options);
        }
        self.start_lint_loop();
        let diagnostic_provider = caps.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some(convert::SOURCE.to_string()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        });
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(encoding)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::from(FIX_ALL),
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                diagnostic_provider,
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "copydesk".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.state.caps().watch_files_dynamically {
            let client = self.client.clone();
            tokio::spawn(async move {
                let watchers = [
                    "**/copydesk.json",
                    "**/.copydesk.json",
                    "**/*.{md,markdown,txt}",
                ]
                .into_iter()
                .map(|g| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(g.to_string()),
                    kind: None,
                })
                .collect();
                let options = DidChangeWatchedFilesRegistrationOptions { watchers };
                let registration = Registration {
                    id: "copydesk-watched-files".to_string(),
                    method: "workspace/didChangeWatchedFiles".to_string(),
                    register_options: serde_json::to_value(options).ok(),
                };
                if let Err(e) = client.register_capability(vec![registration]).await {
                    client
                        .log_message(
                            MessageType::WARNING,
                            format!("copydesk: cannot watch files: {e}"),
                        )
                        .await;
                }
            });
        }
        let roots = lock(&self.state.roots).clone();
        self.index_folders(roots);
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let doc = Document::new(&d.uri, &d.text, d.version, &d.language_id);
        lock(&self.state.docs).insert(d.uri.clone(), doc);
        self.state.mark_dirty([d.uri]);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let encoding = self.state.encoding();
        let applied = match lock(&self.state.docs).get_mut(&uri) {
            Some(doc) => {
                doc.apply(
                    params.text_document.version,
                    &params.content_changes,
                    encoding,
                );
                true
            }
            None => false,
        };
        if applied {
            self.state.mark_dirty([uri]);
        } else {
            self.log(
                MessageType::WARNING,
                format!(
                    "copydesk: ignored a change to {}, which is not open",
                    uri.as_str()
                ),
            );
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let closed = lock(&self.state.docs).remove(&uri);
        lock(&self.state.dirty).retain(|u| *u != uri);
        if !self.state.caps().pull_diagnostics {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
        // The draft is still part of the workspace: index it from disk.
        if let Some(path) = closed.and_then(|d| d.path) {
            let state = self.state.clone();
            tokio::task::spawn_blocking(move || {
                let affected = state.index_file(&path);
                let uris = state.uris_for_keys(&affected);
                state.mark_dirty(uris);
            });
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let empty =
            params.settings.is_null() || params.settings.as_object().is_some_and(|o| o.is_empty());
        if !empty {
            self.apply_settings(&params.settings);
            return;
        }
        if !self.state.caps().configuration {
            return;
        }
        // The client wants to be asked (pull model): ask in a task.
        let client = self.client.clone();
        let backend_state = self.state.clone();
        tokio::spawn(async move {
            let item = ConfigurationItem {
                scope_uri: None,
                section: Some("copydesk".to_string()),
            };
            match client.configuration(vec![item]).await {
                Ok(values) => {
                    let value = values.into_iter().next().unwrap_or(Value::Null);
                    match Settings::from_json(&value) {
                        Ok(settings) => {
                            *lock(&backend_state.settings) = settings;
                            lock(&backend_state.stylebooks).forget();
                            backend_state.bump();
                            backend_state.mark_all_dirty();
                        }
                        Err(e) => client.log_message(MessageType::ERROR, e).await,
                    }
                }
                Err(e) => {
                    client
                        .log_message(
                            MessageType::WARNING,
                            format!("copydesk: workspace/configuration failed: {e}"),
                        )
                        .await
                }
            }
        });
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let added: Vec<PathBuf> = params
            .event
            .added
            .iter()
            .filter_map(|f| file_path(&f.uri))
            .collect();
        {
            let mut roots = lock(&self.state.roots);
            for removed in params
                .event
                .removed
                .iter()
                .filter_map(|f| file_path(&f.uri))
            {
                roots.retain(|r| *r != removed);
            }
            roots.extend(added.iter().cloned());
        }
        self.index_folders(added);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let state = self.state.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            let s = state.clone();
            let stylebook_changed = tokio::task::spawn_blocking(move || {
                let mut stylebook_changed = false;
                let mut affected = Vec::new();
                for change in params.changes {
                    let Some(path) = file_path(&change.uri) else {
                        continue;
                    };
                    if is_stylebook(&path) {
                        lock(&s.stylebooks).changed(&path);
                        stylebook_changed = true;
                    } else if DraftKind::from_path(&path.to_string_lossy()).is_some() {
                        if change.typ == FileChangeType::DELETED {
                            affected.extend(s.unindex(&path.to_string_lossy()));
                        } else {
                            affected.extend(s.index_file(&path));
                        }
                    }
                }
                if stylebook_changed {
                    s.bump();
                    s.mark_all_dirty();
                } else if !affected.is_empty() {
                    s.bump();
                    let uris = s.uris_for_keys(&affected);
                    s.mark_dirty(uris);
                }
                stylebook_changed
            })
            .await;
            // Clear or show stylebook diagnostics even with no draft open.
            publish_stylebook_reports(&state, &client).await;
            if matches!(stylebook_changed, Ok(true)) {
                refresh_if_pulling(&state, &client);
            }
        });
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let found = self
            .with_analysis(&uri, move |analysis, map| {
                let offset = map.offset(position);
                analysis.hover(offset).map(|(span, markdown)| Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: markdown,
                    }),
                    range: Some(map.range(&span)),
                })
            })
            .await;
        Ok(found.flatten())
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let symbols = self
            .with_analysis(&params.text_document.uri, |analysis, map| {
                convert::symbols(&analysis.outline(), map)
            })
            .await;
        Ok(symbols.map(DocumentSymbolResponse::Nested))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(outcome) = self.current_lint(&uri, false).await else {
            return Ok(None);
        };
        let linted = outcome.linted;
        let encoding = self.state.encoding();
        let here = TextMap::new(&linted.text, encoding);
        let request = here.span(params.range);
        let state = self.state.clone();
        let mut other = move |path: &str| state.text_of(path);
        let mut cx = ActionContext {
            uri: &uri,
            version: linted.version,
            here: &here,
            encoding,
            can_create: self.state.caps().create_files,
            other: &mut other,
        };
        let only = params.context.only.as_deref();
        let mut response: CodeActionResponse = Vec::new();
        if actions::wanted(only, CodeActionKind::QUICKFIX.as_str()) {
            let fixes =
                actions::quick_fixes(&linted.findings, &linted.diagnostics, &request, &mut cx);
            response.extend(fixes.into_iter().map(CodeActionOrCommand::CodeAction));
        }
        if actions::wanted(only, FIX_ALL) {
            if let Some(all) = actions::fix_all(&linted.findings, &mut cx) {
                response.push(CodeActionOrCommand::CodeAction(all));
            }
        }
        Ok(Some(response))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let items = match self.current_lint(&uri, true).await {
            Some(outcome) => outcome.linted.diagnostics.clone(),
            None => Vec::new(),
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }
}
