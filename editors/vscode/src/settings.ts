// Pure logic of the extension: where the server binary is, and what the
// server is told about the user's settings. Nothing here imports `vscode`,
// so `node --test` exercises it directly.

import * as path from "node:path";

/** What the settings say, as read from `workspace.getConfiguration("copydesk")`. */
export interface UserSettings {
  path: string;
  houseStyle: string;
  scope: string;
  stylebook: string;
  rules: Record<string, unknown>;
}

/** The user's stylebook options, in the shape the server reads. */
export interface CopydeskOptions {
  houseStyle?: "ap" | "guardian" | "off";
  scope?: "workspace" | "document";
  stylebook?: string;
  rules?: Record<string, RuleLevel>;
}

export type RuleLevel = "error" | "warning" | "information" | "hint" | "off";
const RULE_LEVELS: readonly RuleLevel[] = ["error", "warning", "information", "hint", "off"];

/** `initializationOptions` and `didChangeConfiguration` settings: `{"copydesk": {...}}`. */
export interface ServerSettings {
  copydesk: CopydeskOptions;
}

const HOUSE_STYLES = ["ap", "guardian", "off"] as const;
const SCOPES = ["workspace", "document"] as const;

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === "string" && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

/**
 * The options sent to the server. Empty settings are left out, so the
 * newsroom's `copydesk.json` decides; a value outside the enum (hand-edited
 * settings.json) is left out too rather than passed on to be refused.
 */
export function buildServerSettings(settings: Partial<UserSettings>): ServerSettings {
  const copydesk: CopydeskOptions = {};
  const houseStyle = oneOf(settings.houseStyle, HOUSE_STYLES);
  if (houseStyle) copydesk.houseStyle = houseStyle;
  const scope = oneOf(settings.scope, SCOPES);
  if (scope) copydesk.scope = scope;
  const stylebook = typeof settings.stylebook === "string" ? settings.stylebook.trim() : "";
  if (stylebook) copydesk.stylebook = stylebook;
  const rules: Record<string, RuleLevel> = {};
  if (settings.rules && typeof settings.rules === "object") {
    for (const [id, level] of Object.entries(settings.rules)) {
      const known = oneOf(level, RULE_LEVELS);
      if (known) rules[id] = known;
    }
  }
  if (Object.keys(rules).length > 0) copydesk.rules = rules;
  return { copydesk };
}

/** What the file system looks like to `resolveServer` (injected for tests). */
export interface Host {
  platform: NodeJS.Platform;
  /** The PATH environment variable. */
  envPath: string | undefined;
  /** The user's home, to expand a leading `~` in `copydesk.path`. */
  home: string;
  /** True when `file` exists, is a file and is executable. */
  isExecutable(file: string): boolean;
}

export type ServerSource = "setting" | "bundled" | "path";

export type Resolution =
  | { ok: true; command: string; source: ServerSource }
  | { ok: false; message: string };

/** The binary's file name on this platform. */
export function binaryName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "copydesk.exe" : "copydesk";
}

/** The place a platform-specific .vsix carries the binary. */
export function bundledPath(extensionPath: string, platform: NodeJS.Platform): string {
  return path.join(extensionPath, "server", binaryName(platform));
}

/**
 * Finds the server: the `copydesk.path` setting when set (and then only
 * it: a wrong setting is an error to fix, not something to paper over),
 * else the binary bundled in the extension, else `copydesk` on PATH.
 */
export function resolveServer(configuredPath: string, extensionPath: string, host: Host): Resolution {
  const configured = expandHome(configuredPath.trim(), host.home);
  if (configured) {
    if (host.isExecutable(configured)) return { ok: true, command: configured, source: "setting" };
    return { ok: false, message: missingSettingMessage(configured) };
  }
  const bundled = bundledPath(extensionPath, host.platform);
  if (host.isExecutable(bundled)) return { ok: true, command: bundled, source: "bundled" };
  const onPath = searchPath(binaryName(host.platform), host);
  if (onPath) return { ok: true, command: onPath, source: "path" };
  return { ok: false, message: missingBinaryMessage() };
}

function expandHome(p: string, home: string): string {
  if (p === "~") return home;
  if (p.startsWith("~/")) return path.join(home, p.slice(2));
  return p;
}

function searchPath(name: string, host: Host): string | undefined {
  const sep = host.platform === "win32" ? ";" : ":";
  for (const dir of (host.envPath ?? "").split(sep)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (host.isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function missingSettingMessage(configured: string): string {
  return (
    `copydesk: the server binary set in "copydesk.path" was not found or is not executable: ${configured}. ` +
    `Fix the path in Settings (copydesk.path), or clear it to use the bundled binary or \`copydesk\` on your PATH. ` +
    `Then run "copydesk: Restart server".`
  );
}

export function missingBinaryMessage(): string {
  return (
    "copydesk: the copydesk server binary was not found. " +
    "Install it (`cargo install --path .` in the copydesk repository, or put the release binary on your PATH), " +
    'or set "copydesk.path" to the binary in Settings. Then run "copydesk: Restart server".'
  );
}

/** Arguments that start the stdio LSP server. */
export const SERVER_ARGS: readonly string[] = ["lsp"];

/** The documents the extension lints. */
export const DOCUMENT_SELECTOR = [
  { scheme: "file", language: "plaintext" },
  { scheme: "untitled", language: "plaintext" },
  { scheme: "file", language: "markdown" },
  { scheme: "untitled", language: "markdown" },
] as const;

/** Settings whose change means the server must be restarted, not just told. */
export const RESTART_SETTINGS = ["copydesk.path"];
/** Settings the running server is told about through didChangeConfiguration. */
export const LIVE_SETTINGS = ["copydesk.houseStyle", "copydesk.scope", "copydesk.stylebook", "copydesk.rules"];
