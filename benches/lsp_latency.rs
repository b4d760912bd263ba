//! DESIGN.md §8: keystroke to diagnostics over stdio (5,000-word draft,
//! p99 ≤ 5 ms) and server memory with 100 open 1,000-word drafts
//! (≤ 30 MB RSS).
//!
//! A small LSP client: spawns the release binary `copydesk lsp`, opens a
//! generated 5,000-word draft, sends 500 single-character incremental edits
//! one at a time (a typist never outruns the server) and times each
//! didChange → publishDiagnostics for that version. Then it opens 100
//! 1,000-word drafts and reads the server's VmRSS from /proc.
//!
//! `cargo bench --bench lsp_latency`. Prints the figures; no criterion,
//! because the quantity is a latency distribution of another process.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

#[path = "common/gen.rs"]
mod gen;

const EDITS: usize = 500;
const OPEN_DRAFTS: usize = 100;
const WAIT: Duration = Duration::from_secs(5);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<(Instant, Value)>,
    next_id: i64,
}

/// Read LSP frames from the server's stdout and stamp each on arrival.
fn reader(out: impl Read + Send + 'static) -> Receiver<(Instant, Value)> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(out);
        loop {
            let mut len = None;
            loop {
                let mut line = String::new();
                match r.read_line(&mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length:") {
                    len = v.trim().parse::<usize>().ok();
                }
            }
            let Some(len) = len else { return };
            let mut body = vec![0; len];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            let at = Instant::now();
            if let Ok(v) = serde_json::from_slice(&body) {
                if tx.send((at, v)).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

impl Client {
    fn spawn(bin: &str) -> std::io::Result<Client> {
        let mut child = Command::new(bin)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("no stdin"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        Ok(Client {
            child,
            stdin,
            incoming: reader(stdout),
            next_id: 1,
        })
    }

    fn send(&mut self, msg: &Value) -> Instant {
        let body = msg.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{}", body.len(), body);
        let at = Instant::now();
        // A server that died shows up as a timeout on the next wait.
        let _ = self.stdin.write_all(frame.as_bytes());
        let _ = self.stdin.flush();
        at
    }

    fn notify(&mut self, method: &str, params: Value) -> Instant {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    fn request(&mut self, method: &str, params: Value) -> Option<Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
            .map(|(_, v)| v)
    }

    /// The next message matching `want`, answering server requests on the way.
    fn wait_for(&mut self, want: impl Fn(&Value) -> bool) -> Option<(Instant, Value)> {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok((at, msg)) => {
                    if want(&msg) {
                        return Some((at, msg));
                    }
                    // Server → client requests (registerCapability,
                    // workspace/configuration) get a null result.
                    if let (Some(id), Some(_)) = (msg.get("id"), msg.get("method")) {
                        let id = id.clone();
                        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                    }
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return None
                }
            }
        }
    }

    fn diagnostics_for(&mut self, uri: &str, version: Option<i64>) -> Option<(Instant, Value)> {
        self.wait_for(|m| {
            m.get("method") == Some(&json!("textDocument/publishDiagnostics"))
                && m["params"]["uri"] == json!(uri)
                && match (version, m["params"].get("version").and_then(Value::as_i64)) {
                    (Some(want), Some(got)) => got >= want,
                    _ => true,
                }
        })
    }

    fn rss_kib(&self) -> Option<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        };
        Some((field("VmRSS:")?, field("VmHWM:")?))
    }

    fn shutdown(mut self) {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn initialize(client: &mut Client, root: &str) -> bool {
    let params = json!({
        "processId": std::process::id(),
        "rootUri": root,
        "workspaceFolders": null,
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {
                "synchronization": {"didSave": false},
                "publishDiagnostics": {"versionSupport": true, "relatedInformation": true}
            }
        }
    });
    if client.request("initialize", params).is_none() {
        return false;
    }
    client.notify("initialized", json!({}));
    true
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// Where to type: the (line, character) just after the first word of a
/// prose line in the middle of the draft, in UTF-16 units.
fn typing_spot(text: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.split('\n').collect();
    let mid = lines.len() / 2;
    for (i, line) in lines.iter().enumerate().skip(mid) {
        if line.len() > 40 && line.is_ascii() {
            if let Some(sp) = line.find(' ') {
                return (i, sp);
            }
        }
    }
    (0, 0)
}

fn latency(bin: &str, dir: &str) -> Result<(), String> {
    let mut client = Client::spawn(bin).map_err(|e| format!("cannot start {bin} lsp: {e}"))?;
    if !initialize(&mut client, &format!("file://{dir}")) {
        client.shutdown();
        return Err("the server did not answer initialize".into());
    }
    let text = gen::plain_draft(5_000, 42);
    let uri = format!("file://{dir}/story.txt");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    if client.diagnostics_for(&uri, Some(1)).is_none() {
        client.shutdown();
        return Err("no diagnostics after didOpen".into());
    }
    let (line, character) = typing_spot(&text);
    let mut times = Vec::with_capacity(EDITS);
    let mut missed = 0;
    for i in 0..EDITS {
        let version = 2 + i as i64;
        // Type "x", then delete it: single-character edits that keep the
        // draft the same size.
        let change = if i % 2 == 0 {
            json!({"range": {"start": {"line": line, "character": character},
                             "end": {"line": line, "character": character}}, "text": "x"})
        } else {
            json!({"range": {"start": {"line": line, "character": character},
                             "end": {"line": line, "character": character + 1}}, "text": ""})
        };
        let sent = client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        );
        match client.diagnostics_for(&uri, Some(version)) {
            Some((at, _)) => times.push(at.duration_since(sent)),
            None => missed += 1,
        }
    }
    client.shutdown();
    if times.is_empty() {
        return Err("no diagnostics after any edit".into());
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "lsp keystroke→diagnostics, 5,000-word draft, {} edits: p50 {}  p90 {}  p99 {}  max {}  mean {}  (min {}, missed {})",
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.9)),
        ms(percentile(&times, 0.99)),
        ms(times[times.len() - 1]),
        ms(mean),
        ms(times[0]),
        missed
    );
    Ok(())
}

fn memory(bin: &str, dir: &str) -> Result<(), String> {
    let mut client = Client::spawn(bin).map_err(|e| format!("cannot start {bin} lsp: {e}"))?;
    if !initialize(&mut client, &format!("file://{dir}")) {
        client.shutdown();
        return Err("the server did not answer initialize".into());
    }
    let idle = client.rss_kib();
    let mut bytes = 0;
    for i in 0..OPEN_DRAFTS {
        let text = gen::plain_draft(1_000, 9_000 + i as u64);
        bytes += text.len();
        let uri = format!("file://{dir}/draft-{i:03}.txt");
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        );
        if client.diagnostics_for(&uri, Some(1)).is_none() {
            client.shutdown();
            return Err(format!("no diagnostics for draft {i}"));
        }
    }
    // Let any background work (workspace index) settle.
    std::thread::sleep(Duration::from_millis(500));
    let open = client.rss_kib();
    client.shutdown();
    let (Some((idle_rss, _)), Some((rss, hwm))) = (idle, open) else {
        return Err("cannot read /proc/PID/status".into());
    };
    println!(
        "lsp memory: {} open 1,000-word drafts ({:.1} MB of text): VmRSS {:.1} MB (peak {:.1} MB; idle after initialize {:.1} MB)",
        OPEN_DRAFTS,
        bytes as f64 / 1e6,
        rss as f64 / 1024.0,
        hwm as f64 / 1024.0,
        idle_rss as f64 / 1024.0
    );
    Ok(())
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that is not ours skips us.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !args.is_empty()
        && !args
            .iter()
            .any(|a| "lsp_latency".contains(a.as_str()) || a.contains("lsp"))
    {
        return;
    }
    let bin = std::env::var("COPYDESK_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_copydesk").to_string());
    // An empty workspace folder, so the server indexes nothing else.
    let dir = std::env::temp_dir().join(format!("copydesk-lsp-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let dir_s = dir.to_string_lossy().to_string();
    let mut failed = false;
    for (name, run) in [
        ("latency", latency as fn(&str, &str) -> Result<(), String>),
        ("memory", memory),
    ] {
        if let Err(e) = run(&bin, &dir_s) {
            println!("lsp {name}: not measured: {e}");
            failed = true;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    if failed && std::env::var("CI").as_deref() == Ok("true") {
        std::process::exit(1);
    }
}
