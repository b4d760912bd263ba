//! The server's JSON-RPC input, in process: bytes go through the stdin
//! guard (`lsp::transport::guard`) into the tower-lsp server, exactly as
//! `copydesk lsp` wires stdin, with the output thrown away. No panic
//! anywhere (libFuzzer aborts on a panic in any task), and the session ends
//! when the input does.
//!
//! The first byte picks the mode: raw bytes as they come, or the input cut
//! at NUL bytes into message bodies, each framed with a correct
//! Content-Length after a valid `initialize` (to reach the handlers).
//! Also the guard's `Framer` alone: every body it yields is a message
//! tower-lsp can decode.
#![no_main]

use copydesk::lsp::transport::{guard, Framer};
use libfuzzer_sys::fuzz_target;
use std::time::Duration;
use tower_lsp_server::Server;

const INIT: &str = r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-8","utf-16"]},"textDocument":{"publishDiagnostics":{"versionSupport":true},"diagnostic":{}}}}}"#;
const INITIALIZED: &str = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;

fn frame(out: &mut Vec<u8>, body: &[u8]) {
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
}

fn input(data: &[u8]) -> Vec<u8> {
    match data.split_first() {
        Some((mode, rest)) if mode % 2 == 1 => {
            let mut out = Vec::new();
            frame(&mut out, INIT.as_bytes());
            frame(&mut out, INITIALIZED.as_bytes());
            for body in rest.split(|&b| b == 0) {
                frame(&mut out, body);
            }
            out
        }
        Some((_, rest)) => rest.to_vec(),
        None => Vec::new(),
    }
}

fuzz_target!(|data: &[u8]| {
    let bytes = input(data);

    let mut framer = Framer::default();
    for piece in bytes.chunks(97) {
        framer.push(piece);
        while let Some(body) = framer.next_body() {
            assert!(
                serde_json::from_slice::<serde_json::Value>(&body).is_ok(),
                "the guard passed on a body that is not JSON"
            );
        }
    }

    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return;
    };
    runtime.block_on(async {
        let (service, socket) = copydesk::lsp::service();
        let (guarded, server_input) = tokio::io::duplex(1 << 20);
        // The task owns the input: nothing is leaked, so LeakSanitizer's
        // report at exit is about the server's memory alone.
        tokio::spawn(async move { guard(&bytes[..], guarded).await });
        let serve = Server::new(server_input, tokio::io::sink(), socket).serve(service);
        // A session whose input has ended must end; a lint still running
        // is given a moment.
        let _ = tokio::time::timeout(Duration::from_secs(5), serve).await;
    });
    runtime.shutdown_timeout(Duration::from_millis(100));
});
