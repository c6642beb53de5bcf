// Starts `tally lsp` for the workspace and hands it the RON tables and the
// Rhai rules: findings as you type, completion of registry names, hover,
// quick fixes, go to definition (docs/lsp.md).
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration("tally").get<string>("path") || "tally";
  const serverOptions: ServerOptions = {
    command,
    args: ["lsp"],
    // Adds `--stdio`, which `tally lsp` accepts.
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "ron" },
      { scheme: "file", pattern: "**/*.ron" },
      { scheme: "file", pattern: "**/*.rhai" },
    ],
  };
  client = new LanguageClient("tally", "tally", serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
