//! Shared helpers for the LSP tests: a deterministic random edit
//! generator and an in-process client around the tower service.
#![allow(dead_code)]

use copydesk::draft::{Encoding, LineIndex};
use futures::StreamExt;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::LspService;

/// xorshift64: reproducible randomness without a dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % (n.max(1) as u64)) as usize
    }
}

const PIECES: &[&str] = &[
    "a",
    "Peskov ",
    " said",
    ".",
    "\n",
    "\r\n",
    "\r",
    "😀",
    "“",
    "”",
    "’",
    "é",
    " ",
    "\"",
    "Zelenskyy",
];

/// An offset an LSP position can name: a char boundary, not inside CRLF.
pub fn addressable(text: &str, n: usize) -> usize {
    let mut at = n.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if at > 0 && text.as_bytes()[at - 1] == b'\r' && text.as_bytes().get(at) == Some(&b'\n') {
        at -= 1;
    }
    at
}

/// A random edit of `text`: (byte range, replacement).
pub fn random_edit(rng: &mut Rng, text: &str) -> (std::ops::Range<usize>, String) {
    let a = addressable(text, rng.below(text.len() + 1));
    // Delete more once the text is long, so it stays a few KB.
    let len = if rng.below(3) == 0 || text.len() > 2000 {
        rng.below(24)
    } else {
        0
    };
    let b = addressable(text, a + len).max(a);
    let n = rng.below(4);
    let replacement: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
    (a..b, replacement)
}

/// The LSP range of a byte range, computed on the client's String.
pub fn lsp_range(text: &str, range: &std::ops::Range<usize>, enc: Encoding) -> Value {
    let index = LineIndex::new(text);
    let (sl, sc) = index.position(text, range.start, enc);
    let (el, ec) = index.position(text, range.end, enc);
    json!({"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}})
}

/// Everything the server sent to the client, as (method, params).
pub type Inbox = UnboundedReceiver<(String, Value)>;

/// An in-process server: the tower service and what it sends the client.
pub struct InProcess {
    pub service: LspService<copydesk::lsp::Backend>,
    pub inbox: Inbox,
    /// Messages passed over while waiting for another.
    backlog: Vec<(String, Value)>,
    next_id: i64,
}

impl InProcess {
    pub fn start() -> InProcess {
        let (service, socket) = copydesk::lsp::service();
        let (tx, inbox) = unbounded_channel();
        tokio::spawn(async move {
            let mut socket = socket;
            while let Some(req) = socket.next().await {
                let (method, _, params) = req.into_parts();
                let _ = tx.send((method.to_string(), params.unwrap_or(Value::Null)));
            }
        });
        InProcess {
            service,
            inbox,
            backlog: Vec::new(),
            next_id: 0,
        }
    }

    /// Send a request and return its result (or the error as `Err`).
    pub async fn request(&mut self, method: &'static str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let req = Request::build(method)
            .params(params)
            .id(self.next_id)
            .finish();
        let resp = self
            .service
            .ready()
            .await
            .expect("service ready")
            .call(req)
            .await
            .expect("service alive")
            .expect("a response");
        let (_, result) = resp.into_parts();
        result.map_err(|e| serde_json::to_value(e).unwrap())
    }

    pub async fn notify(&mut self, method: &'static str, params: Value) {
        let req = Request::build(method).params(params).finish();
        let resp = self.service.ready().await.unwrap().call(req).await.unwrap();
        assert!(resp.is_none(), "notifications get no response");
    }

    /// Send many notifications the way the real server runs them: created
    /// in order, up to four in flight at once.
    pub async fn notify_burst(&mut self, messages: Vec<(&'static str, Value)>) {
        self.service.ready().await.unwrap();
        let service = &mut self.service;
        let futures: Vec<_> = messages
            .into_iter()
            .map(|(method, params)| service.call(Request::build(method).params(params).finish()))
            .collect();
        let results: Vec<_> = futures::stream::iter(futures)
            .buffer_unordered(4)
            .collect()
            .await;
        assert!(results.iter().all(|r| matches!(r, Ok(None))));
    }

    pub async fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let params = json!({"capabilities": capabilities, "initializationOptions": options});
        let result = self
            .request("initialize", params)
            .await
            .expect("initialize");
        self.notify("initialized", json!({})).await;
        result
    }

    /// Wait for the next message with this method (and matching `pred`).
    pub async fn wait_for(
        &mut self,
        method: &str,
        timeout: Duration,
        mut pred: impl FnMut(&Value) -> bool,
    ) -> Option<Value> {
        if let Some(i) = self
            .backlog
            .iter()
            .position(|(m, p)| m == method && pred(p))
        {
            return Some(self.backlog.remove(i).1);
        }
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match tokio::time::timeout(left, self.inbox.recv()).await {
                Ok(Some((m, params))) if m == method && pred(&params) => return Some(params),
                Ok(Some(other)) => self.backlog.push(other),
                _ => return None,
            }
        }
    }
}
pub mod stdio;
