// Activation with the `vscode` API and the language client stubbed.
const test = require("node:test");
const assert = require("node:assert/strict");
const { Copydesk, RESTART_COMMAND } = require("../dist/test/activation.js");

/** A fake editor that records what the extension does to it. */
function fakeEditor(settings) {
  const api = {
    settings: { path: "", houseStyle: "", scope: "", stylebook: "", rules: {}, ...settings },
    errors: [],
    executed: [],
    commands: new Map(),
    configListeners: [],
    status: { text: "", tooltip: undefined, command: undefined, shown: false, show() { this.shown = true; }, dispose() {} },
    errorChoice: undefined,
    showErrorMessage(message, ...actions) {
      this.errors.push({ message, actions });
      return Promise.resolve(this.errorChoice);
    },
    createStatusBarItem() { return this.status; },
    registerCommand(id, run) { this.commands.set(id, run); return { dispose() {} }; },
    executeCommand(id, ...args) { this.executed.push([id, ...args]); return Promise.resolve(); },
    readSettings() { return { ...this.settings }; },
    onDidChangeConfiguration(listener) { this.configListeners.push(listener); return { dispose() {} }; },
    async changeConfiguration(changed, values) {
      Object.assign(this.settings, values);
      for (const l of this.configListeners) await l({ affectsConfiguration: (s) => changed.includes(s) });
    },
  };
  return api;
}

function fakeClients({ failStart = false } = {}) {
  const made = [];
  const factory = (server, config) => {
    const client = {
      server, config, started: false, stopped: false, notifications: [],
      async start() { if (failStart) throw new Error("spawn EACCES"); this.started = true; },
      async stop() { this.stopped = true; },
      async sendNotification(method, params) { this.notifications.push({ method, params }); },
    };
    made.push(client);
    return client;
  };
  return { made, factory };
}

const host = (exes) => ({ platform: "linux", envPath: "/usr/bin", home: "/home/r", isExecutable: (f) => exes.includes(f) });

test("activation starts `copydesk lsp` with the user's options as initializationOptions", async () => {
  const editor = fakeEditor({ houseStyle: "guardian", stylebook: "/news/copydesk.json" });
  const clients = fakeClients();
  const cd = new Copydesk(editor, clients.factory, "/ext", host(["/usr/bin/copydesk"]));
  assert.equal(await cd.start(), true);
  assert.equal(clients.made.length, 1);
  const [client] = clients.made;
  assert.equal(client.started, true);
  assert.deepEqual(client.server, { command: "/usr/bin/copydesk", args: ["lsp"] });
  assert.deepEqual(client.config.initializationOptions, { copydesk: { houseStyle: "guardian", stylebook: "/news/copydesk.json" } });
  assert.deepEqual(client.config.documentSelector.map((d) => d.language).sort(), ["markdown", "markdown", "plaintext", "plaintext"]);
  assert.equal(editor.status.shown, true);
  assert.match(editor.status.text, /check.*copydesk/);
  assert.equal(editor.status.command, RESTART_COMMAND);
  assert.equal(editor.errors.length, 0);
});

test("a missing binary: no client, an error with the fix, an Open Settings button that works", async () => {
  const editor = fakeEditor();
  editor.errorChoice = "Open Settings";
  const clients = fakeClients();
  const cd = new Copydesk(editor, clients.factory, "/ext", host([]));
  assert.equal(await cd.start(), false);
  assert.equal(clients.made.length, 0);
  assert.equal(editor.errors.length, 1);
  assert.match(editor.errors[0].message, /not found/);
  assert.match(editor.errors[0].message, /copydesk\.path/);
  assert.deepEqual(editor.errors[0].actions, ["Open Settings"]);
  assert.match(editor.status.text, /error/);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(editor.executed, [["workbench.action.openSettings", "copydesk.path"]]);
});

test("a server that fails to start is reported, not thrown", async () => {
  const editor = fakeEditor();
  const clients = fakeClients({ failStart: true });
  const cd = new Copydesk(editor, clients.factory, "/ext", host(["/usr/bin/copydesk"]));
  assert.equal(await cd.start(), false);
  assert.match(editor.errors[0].message, /failed to start: spawn EACCES/);
  assert.match(editor.status.text, /error/);
});

test("the Restart server command stops the old client and starts a new one", async () => {
  const editor = fakeEditor();
  const clients = fakeClients();
  const cd = new Copydesk(editor, clients.factory, "/ext", host(["/usr/bin/copydesk"]));
  await cd.start();
  const restart = editor.commands.get(RESTART_COMMAND);
  assert.ok(restart, "restart command registered");
  assert.equal(await restart(), true);
  assert.equal(clients.made.length, 2);
  assert.equal(clients.made[0].stopped, true);
  assert.equal(clients.made[1].started, true);
});

test("after installing the binary, Restart server recovers from the missing-binary error", async () => {
  const editor = fakeEditor();
  const exes = [];
  const clients = fakeClients();
  const cd = new Copydesk(editor, clients.factory, "/ext", host(exes));
  assert.equal(await cd.start(), false);
  exes.push("/ext/server/copydesk");
  assert.equal(await editor.commands.get(RESTART_COMMAND)(), true);
  assert.equal(clients.made[0].server.command, "/ext/server/copydesk");
});

test("changing a stylebook option tells the running server via didChangeConfiguration", async () => {
  const editor = fakeEditor();
  const clients = fakeClients();
  const cd = new Copydesk(editor, clients.factory, "/ext", host(["/usr/bin/copydesk"]));
  await cd.start();
  await editor.changeConfiguration(["copydesk", "copydesk.scope"], { scope: "document" });
  assert.equal(clients.made.length, 1, "no restart for a live setting");
  assert.deepEqual(clients.made[0].notifications, [
    { method: "workspace/didChangeConfiguration", params: { settings: { copydesk: { scope: "document" } } } },
  ]);
});

test("changing copydesk.path restarts the server with the new binary", async () => {
  const editor = fakeEditor();
  const clients = fakeClients();
  const cd = new Copydesk(editor, clients.factory, "/ext", host(["/usr/bin/copydesk", "/opt/copydesk"]));
  await cd.start();
  await editor.changeConfiguration(["copydesk", "copydesk.path"], { path: "/opt/copydesk" });
  assert.equal(clients.made.length, 2);
  assert.equal(clients.made[0].stopped, true);
  assert.equal(clients.made[1].server.command, "/opt/copydesk");
});

test("unrelated settings changes are ignored", async () => {
  const editor = fakeEditor();
  const clients = fakeClients();
  const cd = new Copydesk(editor, clients.factory, "/ext", host(["/usr/bin/copydesk"]));
  await cd.start();
  await editor.changeConfiguration(["editor.fontSize"], {});
  assert.equal(clients.made.length, 1);
  assert.deepEqual(clients.made[0].notifications, []);
});

test("the bundled extension loads with a stubbed vscode module", () => {
  // dist/extension.js is what the .vsix ships; loading it must need nothing but `vscode`.
  const Module = require("node:module");
  // Every name the `vscode` module exports (from its type declarations): each
  // is a stub usable as a value, a function or a base class.
  const dts = require("node:fs").readFileSync(require.resolve("@types/vscode/index.d.ts"), "utf8");
  const names = new Set([...dts.matchAll(/^\s*export (?:class|enum|namespace|const|function|let) (\w+)/gm)].map((m) => m[1]));
  const anything = new Proxy(class {}, {
    get: (target, prop) => (prop === "prototype" ? target.prototype : prop === "__esModule" ? false : anything),
    apply: () => anything,
  });
  assert.ok(names.size > 10, "the vscode API declarations were read");
  const stub = {};
  for (const n of names) stub[n] = anything;
  const original = Module._load;
  Module._load = function (request, ...rest) {
    if (request === "vscode") return stub;
    return original.call(this, request, ...rest);
  };
  try {
    const ext = require("../dist/extension.js");
    assert.equal(typeof ext.activate, "function");
    assert.equal(typeof ext.deactivate, "function");
  } finally {
    Module._load = original;
  }
});
