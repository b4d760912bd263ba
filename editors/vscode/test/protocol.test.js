// Drives the real `copydesk lsp` binary over stdio the way the extension
// configures it: same command and args, same initializationOptions, a
// client that speaks UTF-16 positions as VS Code does.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { spawn } = require("node:child_process");
const rpc = require("vscode-languageserver-protocol/node");
const { buildServerSettings, SERVER_ARGS } = require("../dist/test/settings.js");

const REPO = path.resolve(__dirname, "..", "..", "..");

/** The server under test: $COPYDESK_BIN, else the repository's release then debug build. */
function serverBinary() {
  const candidates = [process.env.COPYDESK_BIN, path.join(REPO, "target/release/copydesk"), path.join(REPO, "target/debug/copydesk")];
  return candidates.find((c) => c && fs.existsSync(c));
}

const binary = serverBinary();
const skip = binary
  ? false
  : "no copydesk binary (set COPYDESK_BIN or run `cargo build --release` at the repository root)";
if (!binary && process.env.CI === "true") {
  throw new Error(`protocol test: ${skip}; CI=true, so this is a failure, not a skip`);
}
if (skip) console.log(`# SKIP protocol tests: ${skip}`);

// A stray closing quote mark on line 3 (no opening mark in the paragraph),
// after a two-byte é: a server answering in UTF-8 columns would be caught.
const TESTDATA = path.join(__dirname, "..", "..", "testdata");
const DRAFT = fs.readFileSync(path.join(TESTDATA, "unbalanced.txt"), "utf8");
const FIXED = fs.readFileSync(path.join(TESTDATA, "unbalanced.fixed.txt"), "utf8");
const STRAY = { line: 2, character: "Caf\u00e9 owners left.".length };

/** Applies LSP TextEdits (UTF-16 positions, as VS Code counts) to a string. */
function applyEdits(text, edits) {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const offset = (p) => lineStarts[p.line] + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

function startServer() {
  const child = spawn(binary, [...SERVER_ARGS], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const connection = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  const diagnostics = [];
  const waiters = [];
  connection.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
    diagnostics.push(p);
    for (const w of waiters.splice(0)) w();
  });
  connection.onRequest(rpc.ConfigurationRequest.type, (p) => p.items.map(() => buildServerSettings({}).copydesk));
  connection.onRequest(rpc.RegistrationRequest.type, () => null);
  connection.onRequest("window/workDoneProgress/create", () => null);
  connection.onRequest(rpc.ApplyWorkspaceEditRequest.type, () => ({ applied: false }));
  connection.listen();
  /** Waits for a publishDiagnostics for `uri` that satisfies `ok`. */
  async function diagnosticsFor(uri, ok = () => true, ms = 10000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = diagnostics.filter((d) => d.uri === uri && ok(d)).pop();
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no diagnostics for ${uri} within ${ms} ms; stderr: ${stderr}`);
      await new Promise((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }
  return { child, connection, diagnosticsFor, stderr: () => stderr };
}

/** The capabilities VS Code's client announces that matter here. */
const CAPABILITIES = {
  general: { positionEncodings: ["utf-16"] },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: {
      dynamicRegistration: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ["", "quickfix", "refactor", "source", "source.fixAll"] } },
      isPreferredSupport: true,
      resolveSupport: { properties: ["edit"] },
    },
    hover: { contentFormat: ["markdown", "plaintext"] },
  },
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true } },
};

async function withServer(run) {
  const server = startServer();
  const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "copydesk-vscode-"));
  try {
    const init = await server.connection.sendRequest(rpc.InitializeRequest.type, {
      processId: process.pid,
      rootUri: `file://${dir}`,
      workspaceFolders: [{ uri: `file://${dir}`, name: "drafts" }],
      capabilities: CAPABILITIES,
      initializationOptions: buildServerSettings({ houseStyle: "ap", scope: "document" }),
      clientInfo: { name: "Visual Studio Code", version: "1.91.0" },
    });
    await server.connection.sendNotification(rpc.InitializedNotification.type, {});
    await run({ ...server, init, dir });
    await server.connection.sendRequest(rpc.ShutdownRequest.type);
    await server.connection.sendNotification(rpc.ExitNotification.type);
  } finally {
    server.connection.dispose();
    server.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function open(server, dir, name, text, languageId) {
  const uri = `file://${path.join(dir, name)}`;
  fs.writeFileSync(path.join(dir, name), text);
  server.connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId, version: 1, text },
  });
  return uri;
}

const unbalanced = (p) => p.diagnostics.some((d) => d.code === "quote.unbalanced");

test("the server initializes with the extension's options and speaks UTF-16 to VS Code", { skip }, async () => {
  await withServer(async ({ init }) => {
    const enc = init.capabilities.positionEncoding;
    assert.ok(enc === undefined || enc === "utf-16", `positionEncoding ${enc}`);
    assert.ok(init.capabilities.textDocumentSync !== undefined, "textDocumentSync announced");
    assert.ok(init.capabilities.codeActionProvider, "code actions announced");
  });
});

test("a markdown draft with a stray closing quote gets a copydesk diagnostic at the mark", { skip }, async () => {
  await withServer(async (server) => {
    const uri = open(server, server.dir, "draft.md", DRAFT, "markdown");
    const published = await server.diagnosticsFor(uri, unbalanced);
    const d = published.diagnostics.find((x) => x.code === "quote.unbalanced");
    assert.equal(d.source, "copydesk");
    assert.deepEqual(d.range.start, STRAY);
    assert.equal(typeof d.message, "string");
    assert.ok(d.message.length > 0);
    if (published.version !== undefined) assert.equal(published.version, 1);
  });
});

test("a plaintext draft is linted too, and the quick fix is a plain WorkspaceEdit", { skip }, async () => {
  await withServer(async (server) => {
    const uri = open(server, server.dir, "draft.txt", DRAFT, "plaintext");
    const published = await server.diagnosticsFor(uri, unbalanced);
    const d = published.diagnostics.find((x) => x.code === "quote.unbalanced");
    const actions = await server.connection.sendRequest(rpc.CodeActionRequest.type, {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d], only: ["quickfix"] },
    });
    // copydesk offers to open the quote or to remove the stray mark; take the removal.
    const fixes = (actions ?? []).filter((a) => a.kind === "quickfix" && a.edit && /^Remove/.test(a.title));
    assert.ok(fixes.length > 0, `a Remove quickfix with an edit; got ${JSON.stringify(actions)}`);
    const edit = fixes[0].edit;
    const edits = edit.changes ? edit.changes[uri] : edit.documentChanges.find((c) => c.textDocument.uri === uri).edits;
    assert.ok(edits.length > 0);
    assert.equal(applyEdits(DRAFT, edits), FIXED, `the fix "${fixes[0].title}" gives the expected draft`);
    assert.equal(fixes[0].command, undefined, "no client-side command needed");
  });
});

test("didChangeConfiguration with the extension's settings shape keeps the server linting", { skip }, async () => {
  await withServer(async (server) => {
    const uri = open(server, server.dir, "draft.md", DRAFT, "markdown");
    await server.diagnosticsFor(uri, unbalanced);
    await server.connection.sendNotification(rpc.DidChangeConfigurationNotification.type, {
      settings: buildServerSettings({ houseStyle: "guardian", scope: "workspace" }),
    });
    // An edit after the change is linted: the stray mark is removed, the diagnostic goes.
    server.connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: FIXED }],
    });
    const after = await server.diagnosticsFor(uri, (p) => !unbalanced(p) && (p.version === undefined || p.version === 2));
    assert.ok(after.diagnostics.every((x) => x.source === "copydesk"));
    assert.ok(server.stderr().indexOf("panicked") === -1, "no panic in the server");
  });
});
