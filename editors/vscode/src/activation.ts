// The extension's behaviour, written against the small slice of the VS Code
// and language-client APIs it uses, so tests can drive it with stubs.
// `extension.ts` plugs in the real `vscode` module and LanguageClient.

import {
  buildServerSettings,
  DOCUMENT_SELECTOR,
  Host,
  LIVE_SETTINGS,
  resolveServer,
  RESTART_SETTINGS,
  SERVER_ARGS,
  ServerSettings,
  UserSettings,
} from "./settings";

export interface Disposable {
  dispose(): unknown;
}

export interface StatusBarItem extends Disposable {
  text: string;
  tooltip: unknown;
  command: unknown;
  show(): void;
}

export interface ConfigurationChange {
  affectsConfiguration(section: string): boolean;
}

/** The parts of the `vscode` namespace the extension touches. */
export interface EditorApi {
  showErrorMessage(message: string, ...actions: string[]): Thenable<string | undefined>;
  createStatusBarItem(): StatusBarItem;
  registerCommand(id: string, run: () => unknown): Disposable;
  executeCommand(id: string, ...args: unknown[]): Thenable<unknown>;
  readSettings(): UserSettings;
  onDidChangeConfiguration(listener: (e: ConfigurationChange) => unknown): Disposable;
}

/** What a started language client must do for us. */
export interface Client {
  start(): Promise<void>;
  stop(): Promise<void>;
  sendNotification(method: string, params: unknown): Promise<void>;
}

export interface ServerLaunch {
  command: string;
  args: string[];
}

export interface ClientConfig {
  documentSelector: typeof DOCUMENT_SELECTOR;
  initializationOptions: ServerSettings;
}

export type ClientFactory = (server: ServerLaunch, config: ClientConfig) => Client;

export const RESTART_COMMAND = "copydesk.restartServer";
const OPEN_SETTINGS = "Open Settings";

/** The running extension: one client at a time, restartable. */
export class Copydesk implements Disposable {
  private client: Client | undefined;
  private readonly status: StatusBarItem;
  private readonly subscriptions: Disposable[] = [];

  constructor(
    private readonly api: EditorApi,
    private readonly makeClient: ClientFactory,
    private readonly extensionPath: string,
    private readonly host: Host,
  ) {
    this.status = api.createStatusBarItem();
    this.status.command = RESTART_COMMAND;
    this.status.show();
    this.subscriptions.push(
      this.status,
      api.registerCommand(RESTART_COMMAND, () => this.restart()),
      api.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)),
    );
  }

  /** Starts the server; on a missing binary, says how to fix it. Never throws. */
  async start(): Promise<boolean> {
    const settings = this.api.readSettings();
    const server = resolveServer(settings.path, this.extensionPath, this.host);
    if (!server.ok) {
      this.setStatus("$(error) copydesk", server.message);
      void this.offerSettings(server.message);
      return false;
    }
    const client = this.makeClient(
      { command: server.command, args: [...SERVER_ARGS] },
      { documentSelector: DOCUMENT_SELECTOR, initializationOptions: buildServerSettings(settings) },
    );
    this.setStatus("$(sync~spin) copydesk", `Starting ${server.command}`);
    try {
      await client.start();
    } catch (err) {
      const message = `copydesk: the server (${server.command}) failed to start: ${describe(err)}`;
      this.setStatus("$(error) copydesk", message);
      void this.offerSettings(message);
      return false;
    }
    this.client = client;
    this.setStatus("$(check) copydesk", `copydesk server: ${server.command} (${server.source}). Click to restart.`);
    return true;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop();
      } catch {
        // A server that already died cannot be stopped; starting anew is what matters.
      }
    }
  }

  async restart(): Promise<boolean> {
    await this.stop();
    return this.start();
  }

  private async onConfigurationChanged(e: ConfigurationChange): Promise<void> {
    if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) {
      await this.restart();
      return;
    }
    if (this.client && LIVE_SETTINGS.some((s) => e.affectsConfiguration(s))) {
      await this.client.sendNotification("workspace/didChangeConfiguration", {
        settings: buildServerSettings(this.api.readSettings()),
      });
    }
  }

  private setStatus(text: string, tooltip: string): void {
    this.status.text = text;
    this.status.tooltip = tooltip;
  }

  private async offerSettings(message: string): Promise<void> {
    const choice = await this.api.showErrorMessage(message, OPEN_SETTINGS);
    if (choice === OPEN_SETTINGS) {
      await this.api.executeCommand("workbench.action.openSettings", "copydesk.path");
    }
  }

  async dispose(): Promise<void> {
    await this.stop();
    for (const s of this.subscriptions) s.dispose();
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
