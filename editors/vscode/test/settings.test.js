// The pure logic: binary resolution and the options sent to the server.
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const s = require("../dist/test/settings.js");

function host(executables, envPath = "/usr/local/bin:/usr/bin", platform = "linux") {
  const set = new Set(executables);
  return { platform, envPath, home: "/home/reporter", isExecutable: (f) => set.has(f) };
}

const EXT = "/ext/copydesk";

test("copydesk.path wins over the bundled and PATH binaries", () => {
  const r = s.resolveServer("/opt/cd/copydesk", EXT, host(["/opt/cd/copydesk", "/ext/copydesk/server/copydesk", "/usr/bin/copydesk"]));
  assert.deepEqual(r, { ok: true, command: "/opt/cd/copydesk", source: "setting" });
});

test("a leading ~ in copydesk.path is the home folder", () => {
  const r = s.resolveServer("~/bin/copydesk", EXT, host(["/home/reporter/bin/copydesk"]));
  assert.deepEqual(r, { ok: true, command: "/home/reporter/bin/copydesk", source: "setting" });
});

test("a wrong copydesk.path is an error naming the setting, not a silent fallback", () => {
  const r = s.resolveServer("/nope/copydesk", EXT, host(["/usr/bin/copydesk"]));
  assert.equal(r.ok, false);
  assert.match(r.message, /copydesk\.path/);
  assert.match(r.message, /\/nope\/copydesk/);
  assert.match(r.message, /Restart server/);
});

test("without a setting the bundled binary is used", () => {
  const r = s.resolveServer("  ", EXT, host(["/ext/copydesk/server/copydesk", "/usr/bin/copydesk"]));
  assert.deepEqual(r, { ok: true, command: path.join(EXT, "server", "copydesk"), source: "bundled" });
});

test("without a setting or a bundled binary, copydesk on PATH is used (first match)", () => {
  const r = s.resolveServer("", EXT, host(["/usr/bin/copydesk", "/usr/local/bin/copydesk"]));
  assert.deepEqual(r, { ok: true, command: "/usr/local/bin/copydesk", source: "path" });
});

test("on Windows the binary is copydesk.exe and PATH is split on ;", () => {
  const exe = path.join("C:\\tools", "copydesk.exe");
  const r = s.resolveServer("", EXT, host([exe], "C:\\Windows;C:\\tools", "win32"));
  assert.deepEqual(r, { ok: true, command: exe, source: "path" });
});

test("no binary anywhere: the message says how to install it and where to set it", () => {
  const r = s.resolveServer("", EXT, host([], ""));
  assert.equal(r.ok, false);
  assert.match(r.message, /not found/);
  assert.match(r.message, /cargo install/);
  assert.match(r.message, /copydesk\.path/);
});

test("server options: set values are passed under the copydesk key", () => {
  assert.deepEqual(
    s.buildServerSettings({ path: "/x", houseStyle: "guardian", scope: "document", stylebook: " /news/copydesk.json " }),
    { copydesk: { houseStyle: "guardian", scope: "document", stylebook: "/news/copydesk.json" } },
  );
});

test("server options: per-rule severities pass, unknown levels are dropped", () => {
  assert.deepEqual(
    s.buildServerSettings({ rules: { "title.case": "off", "quote.anonymous": "hint", "name.inconsistent": "loud" } }),
    { copydesk: { rules: { "title.case": "off", "quote.anonymous": "hint" } } },
  );
  assert.deepEqual(s.buildServerSettings({ rules: {} }), { copydesk: {} });
  assert.deepEqual(s.buildServerSettings({ rules: "off" }), { copydesk: {} });
});

test("server options: empty or unknown values are left to the stylebook", () => {
  assert.deepEqual(s.buildServerSettings({ houseStyle: "", scope: "", stylebook: "" }), { copydesk: {} });
  assert.deepEqual(s.buildServerSettings({ houseStyle: "Chicago", scope: 3 }), { copydesk: {} });
  assert.deepEqual(s.buildServerSettings({}), { copydesk: {} });
});

test("the server is started as `copydesk lsp` for plaintext and markdown", () => {
  assert.deepEqual([...s.SERVER_ARGS], ["lsp"]);
  const languages = new Set(s.DOCUMENT_SELECTOR.map((d) => d.language));
  assert.deepEqual([...languages].sort(), ["markdown", "plaintext"]);
});
