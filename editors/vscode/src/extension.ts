// Entry point: plugs the real `vscode` API and LanguageClient into the
// testable logic in activation.ts.

import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import { LanguageClient, ServerOptions, LanguageClientOptions, TransportKind } from "vscode-languageclient/node";
import { ClientConfig, Copydesk, EditorApi, ServerLaunch } from "./activation";
import { Host, UserSettings } from "./settings";

let copydesk: Copydesk | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("copydesk", { log: true });
  context.subscriptions.push(output);
  copydesk = new Copydesk(editorApi(), (server, config) => makeClient(server, config, output), context.extensionPath, host());
  context.subscriptions.push({ dispose: () => void copydesk?.dispose() });
  await copydesk.start();
}

export async function deactivate(): Promise<void> {
  await copydesk?.stop();
  copydesk = undefined;
}

function makeClient(server: ServerLaunch, config: ClientConfig, output: vscode.LogOutputChannel): LanguageClient {
  const serverOptions: ServerOptions = { command: server.command, args: server.args, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...config.documentSelector],
    initializationOptions: config.initializationOptions,
    outputChannel: output,
  };
  // The id "copydesk" makes the client honour the `copydesk.trace.server` setting.
  return new LanguageClient("copydesk", "copydesk", serverOptions, clientOptions);
}

function editorApi(): EditorApi {
  return {
    showErrorMessage: (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
    createStatusBarItem: () => vscode.window.createStatusBarItem("copydesk.status", vscode.StatusBarAlignment.Right, 100),
    registerCommand: (id, run) => vscode.commands.registerCommand(id, run),
    executeCommand: (id, ...args) => vscode.commands.executeCommand(id, ...args),
    readSettings: (): UserSettings => {
      const c = vscode.workspace.getConfiguration("copydesk");
      return {
        path: c.get<string>("path", ""),
        houseStyle: c.get<string>("houseStyle", ""),
        scope: c.get<string>("scope", ""),
        stylebook: c.get<string>("stylebook", ""),
        rules: c.get<Record<string, unknown>>("rules", {}),
      };
    },
    onDidChangeConfiguration: (listener) => vscode.workspace.onDidChangeConfiguration(listener),
  };
}

function host(): Host {
  return {
    platform: process.platform,
    envPath: process.env.PATH,
    home: os.homedir(),
    isExecutable: (file) => {
      try {
        if (!fs.statSync(file).isFile()) return false;
        fs.accessSync(file, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
  };
}
