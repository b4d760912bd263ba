//! The LSP face: `copydesk lsp`. Translates findings into diagnostics and
//! code actions; holds no linguistic logic (DESIGN.md §6).
//!
//! - [`server`]: the `LanguageServer` implementation and the lint loop.
//! - [`state`]: documents, settings, stylebooks, the workspace index.
//! - [`document`]: an open document (rope, version, last lint).
//! - [`convert`]: findings, spans and outlines in LSP terms.
//! - [`actions`]: quick fixes and `source.fixAll.copydesk`.
//! - [`config`]: the settings the editor sends.
//! - [`workspace`]: stylebooks on disk and the drafts of a folder.

pub mod actions;
pub mod config;
pub mod convert;
pub mod document;
pub mod server;
pub mod state;
pub mod workspace;

pub use server::{Backend, DocumentText};
use std::sync::atomic::Ordering;
use std::time::Duration;
use tower_lsp_server::{ClientSocket, LspService, Server};

/// The service, for running over stdio or in-process (tests). Besides
/// LSP it answers `copydesk/documentText` (`{"uri"}` → `{"text",
/// "version"}`), the server's copy of an open document.
pub fn service() -> (LspService<Backend>, ClientSocket) {
    LspService::build(Backend::new)
        .custom_method("copydesk/documentText", Backend::document_text)
        .finish()
}

/// Run the server over stdin and stdout until `exit` or until stdin
/// closes. Returns the process exit code: 0 after `shutdown` then `exit`,
/// 1 otherwise (as LSP asks).
pub fn run_stdio() -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("copydesk lsp: cannot start the async runtime: {e}");
            return 2;
        }
    };
    let code = runtime.block_on(async {
        let (service, socket) = service();
        let state = service.inner().state.clone();
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
        if state.shutdown_requested.load(Ordering::SeqCst) {
            0
        } else {
            1
        }
    });
    // The stdin reader may still be blocked in a read: do not wait for it.
    runtime.shutdown_timeout(Duration::from_millis(100));
    code
}
