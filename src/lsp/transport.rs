//! A guard in front of tower-lsp's reader.
//!
//! tower-lsp-server 0.23 answers a malformed message with a JSON-RPC error,
//! but its reader (tokio-util's `FramedRead`) then ends the stream, and the
//! server stops reading: one bad message would kill the session. So stdin
//! passes through [`Framer`] first: well-formed messages go on untouched;
//! a malformed one is replaced by a `copydesk/invalidMessage` request
//! whose handler answers with the JSON-RPC error (parse error or invalid
//! request, with the message's id when it had one).

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The method a malformed message is replaced with.
pub const INVALID_MESSAGE: &str = "copydesk/invalidMessage";

/// JSON-RPC: the body is not JSON.
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC: JSON, but not a request, notification or response.
pub const INVALID_REQUEST: i64 = -32600;

/// Headers longer than this without a blank line are garbage.
const MAX_HEADER: usize = 64 * 1024;

/// Splits a byte stream into LSP messages.
#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
    /// The body length, once a header block has been read.
    body_len: Option<usize>,
}

impl Framer {
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete message body, made safe for tower-lsp: valid
    /// bodies as they are, malformed ones replaced. `None` when more
    /// input is needed.
    pub fn next_body(&mut self) -> Option<Vec<u8>> {
        loop {
            if let Some(len) = self.body_len {
                if self.buf.len() < len {
                    return None;
                }
                let body: Vec<u8> = self.buf.drain(..len).collect();
                self.body_len = None;
                return Some(checked(body));
            }
            let Some(end) = find(&self.buf, b"\r\n\r\n") else {
                if self.buf.len() > MAX_HEADER {
                    self.buf.clear();
                    return Some(replacement(PARSE_ERROR, Value::Null));
                }
                return None;
            };
            let header: Vec<u8> = self.buf.drain(..end + 4).collect();
            match content_length(&header[..end]) {
                Some(len) => self.body_len = Some(len),
                None => return Some(replacement(PARSE_ERROR, Value::Null)),
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The Content-Length of a header block (the last header block in it, if
/// garbage came before).
fn content_length(header: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(header).ok()?;
    text.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        // Garbage may run into the header name: match its end.
        if name.trim().to_ascii_lowercase().ends_with("content-length") {
            value.trim().parse().ok()
        } else {
            None
        }
    })
}

/// A body tower-lsp can decode, or its replacement.
///
/// tower-lsp decodes a message as a `serde_json::Value`-based request or
/// response and stops reading stdin for good when that fails, so the body
/// is parsed here the same way: the whole of it, as a `Value`. A lighter
/// check that skips fields it does not need (`IgnoredAny`, `RawValue`) lets
/// through what `Value` rejects: invalid UTF-8 and lone surrogate escapes
/// inside a skipped string (found by the `jsonrpc` fuzz target). It reads
/// any object with `"jsonrpc": "2.0"` and an integer, string or null `id`
/// as a request (its `method` defaults to empty), so that is all it checks
/// beyond the parse.
fn checked(body: Vec<u8>) -> Vec<u8> {
    if body.is_empty() {
        return replacement(INVALID_REQUEST, Value::Null);
    }
    let Ok(message) = serde_json::from_slice::<Value>(&body) else {
        return replacement(PARSE_ERROR, Value::Null);
    };
    let id = message.get("id");
    let version = message.get("jsonrpc").and_then(Value::as_str);
    if version == Some("2.0") && id.is_none_or(valid_id) {
        return body;
    }
    // Valid JSON of another shape (an array, a string, a wrong version
    // or id) is an invalid request.
    let id = id.filter(|id| valid_id(id)).cloned().unwrap_or(Value::Null);
    replacement(INVALID_REQUEST, id)
}

fn valid_id(id: &Value) -> bool {
    id.is_i64() || id.is_string() || id.is_null()
}

fn replacement(code: i64, id: Value) -> Vec<u8> {
    let msg =
        json!({"jsonrpc": "2.0", "id": id, "method": INVALID_MESSAGE, "params": {"code": code}});
    serde_json::to_vec(&msg).unwrap_or_default()
}

/// Copy framed messages from `input` to `output`, guarding each. Ends
/// (dropping `output`, so the server sees end of input) when `input` ends.
pub async fn guard(mut input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin) {
    let mut framer = Framer::default();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match input.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        framer.push(&chunk[..n]);
        while let Some(body) = framer.next_body() {
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            let written = async {
                output.write_all(header.as_bytes()).await?;
                output.write_all(&body).await?;
                output.flush().await
            };
            if written.await.is_err() {
                return;
            }
        }
    }
    let _ = output.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{}", body.len(), body).into_bytes()
    }

    fn parsed(body: Vec<u8>) -> Value {
        serde_json::from_slice(&body).unwrap()
    }

    #[test]
    fn valid_messages_pass_untouched_even_when_split() {
        let msg = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let bytes = frame(msg);
        let mut f = Framer::default();
        f.push(&bytes[..10]);
        assert_eq!(f.next_body(), None);
        f.push(&bytes[10..]);
        assert_eq!(f.next_body(), Some(msg.as_bytes().to_vec()));
        assert_eq!(f.next_body(), None);
    }

    /// Found by the `jsonrpc` fuzz target: serde skips the fields the
    /// envelope does not name without checking their UTF-8, so a method
    /// name with a stray 0xFF passed the guard, and tower-lsp's decoder,
    /// which does check, would have ended the session.
    #[test]
    fn invalid_utf8_anywhere_in_a_body_is_a_parse_error() {
        let mut body = br#"{"jsonrpc":"2.0","method":"textDocumen"#.to_vec();
        body.extend_from_slice(&[0xff, 0xc9, 0x9a]);
        body.extend_from_slice(br#"t/didChange","params":{}}"#);
        let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        bytes.extend_from_slice(&body);
        let mut f = Framer::default();
        f.push(&bytes);
        let out = parsed(f.next_body().expect("a replacement"));
        assert_eq!(out["method"], INVALID_MESSAGE);
        assert_eq!(out["params"]["code"], PARSE_ERROR);
    }

    /// Every body the guard passes is JSON that serde_json's `Value`
    /// accepts, as tower-lsp's decoder needs: escapes in skipped fields
    /// included.
    #[test]
    fn escapes_in_skipped_fields_are_checked_like_the_rest() {
        for params in [r#""\ud800""#, r#""\udc00x""#, r#""\uZZZZ""#, r#""a\qb""#] {
            let body = format!(r#"{{"jsonrpc":"2.0","method":"x","params":{params}}}"#);
            let mut f = Framer::default();
            f.push(&frame(&body));
            let out = f.next_body().expect("a body");
            assert!(
                serde_json::from_slice::<Value>(&out).is_ok(),
                "passed a body Value rejects: {body}"
            );
        }
    }

    #[test]
    fn garbage_becomes_an_invalid_message_request() {
        let mut f = Framer::default();
        f.push(&frame("{not json"));
        f.push(&frame(r#"{"id":7,"hello":1}"#));
        f.push(&frame(
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        ));
        let first = parsed(f.next_body().unwrap());
        assert_eq!(first["method"], INVALID_MESSAGE);
        assert_eq!(first["params"]["code"], PARSE_ERROR);
        assert!(first["id"].is_null());
        let second = parsed(f.next_body().unwrap());
        assert_eq!(second["params"]["code"], INVALID_REQUEST);
        assert_eq!(second["id"], 7);
        assert_eq!(parsed(f.next_body().unwrap())["method"], "initialized");
        f.push(&frame("[1, 2]"));
        f.push(&frame(r#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#));
        f.push(&frame(r#"{"jsonrpc":"1.0","id":"s","method":"x"}"#));
        for id in [Value::Null, Value::Null, json!("s")] {
            let m = parsed(f.next_body().unwrap());
            assert_eq!(
                (m["params"]["code"].as_i64(), &m["id"]),
                (Some(INVALID_REQUEST), &id)
            );
        }
    }

    #[test]
    fn a_header_without_length_is_reported_and_skipped() {
        let mut f = Framer::default();
        f.push(b"Content-Type: x\r\n\r\n");
        f.push(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        assert_eq!(
            parsed(f.next_body().unwrap())["params"]["code"],
            PARSE_ERROR
        );
        assert_eq!(parsed(f.next_body().unwrap())["method"], "exit");
    }
}
