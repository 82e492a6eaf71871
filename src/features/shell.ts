// What runs at activation: registrations only, before any feature is loaded. Every contributed command, the Clusters
// tree, the panel serializers and the document triggers are registered here with stand-ins; the features themselves
// (src/features/index.ts and everything under it, built into dist/features.js) load on first use: a command run, the
// tree shown, a panel restored, a document the extension analyses opened, or at start-up when there is something to
// show (the selected cluster in the status bar, saved clusters to reconnect, the walkthrough on the first run).
// This file imports only `vscode`, types and src/core/documentKinds (a lint rule keeps it so); a unit test checks
// that dist/extension.js holds nothing else.

import * as vscode from 'vscode';
import { DETECTION_HEAD_CHARS, isAnalysedDocument, textNeeded } from '../core/documentKinds';
import type { KafkaPlannerApi } from './index';

export type CommandHandler = (...args: unknown[]) => unknown;

/** What the shell hands to the features when they load. */
export interface FeatureHost {
  /** Each contributed command's handler by id: the shell registered the command and runs the handler found here. */
  readonly commands: Map<string, CommandHandler>;
  /** The Clusters view, created at activation; its stand-in provider forwards to `provider` from now on. */
  attachClustersView<T>(provider: vscode.TreeDataProvider<T>): vscode.TreeView<T>;
}

/** The Clusters view (package.json contributes.views). */
export const CLUSTERS_VIEW_ID = 'kafkaPlanner.clusters';
/** workspaceState: the cluster this workspace selected (shown in the status bar). */
export const SELECTED_CLUSTER_STATE = 'kafkaPlanner.selectedCluster';
/** globalState: the first run was handled (the walkthrough opened, or VS Code's openOnInstall kept it closed). */
export const WALKTHROUGH_SHOWN_STATE = 'kafkaPlanner.walkthroughShown';

interface Manifest {
  activationEvents?: string[];
  contributes?: { commands?: { command: string }[] };
}

/**
 * A tree data provider that stands in for the explorer's until it loads: the first getChildren loads the features,
 * and from then on every call and every change event is the explorer's own.
 */
class StandInTreeProvider<T> implements vscode.TreeDataProvider<T> {
  private target: vscode.TreeDataProvider<T> | undefined;
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private subscription: vscode.Disposable | undefined;

  constructor(private readonly load: (reason: string) => Promise<unknown>) {}

  attach(target: vscode.TreeDataProvider<T>): void {
    this.target = target;
    this.subscription = target.onDidChangeTreeData?.((e) => this.changed.fire(e));
    this.changed.fire();
  }
  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    // elements only ever come from the target's getChildren
    return this.target!.getTreeItem(element);
  }
  async getChildren(element?: T): Promise<T[]> {
    if (!this.target) await this.load('the Clusters view');
    return ((await this.target?.getChildren(element)) as T[] | null | undefined) ?? [];
  }
  getParent(element: T): vscode.ProviderResult<T> {
    return this.target?.getParent?.(element);
  }
  resolveTreeItem(item: vscode.TreeItem, element: T, token: vscode.CancellationToken): vscode.ProviderResult<vscode.TreeItem> {
    return this.target?.resolveTreeItem ? this.target.resolveTreeItem(item, element, token) : item;
  }
  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }
}

function baseName(doc: vscode.TextDocument): string {
  return doc.uri.path.split('/').pop() || doc.uri.toString();
}

/** Whether the extension analyses `doc` (src/core/documentKinds.ts), reading no more of it than that needs. */
function isAnalysed(doc: vscode.TextDocument): boolean {
  const needed = textNeeded(doc.languageId);
  const text =
    needed === 'all'
      ? doc.getText()
      : needed === 'head'
        ? doc.getText(new vscode.Range(new vscode.Position(0, 0), doc.positionAt(DETECTION_HEAD_CHARS)))
        : '';
  return isAnalysedDocument(doc.languageId, doc.fileName, text);
}

/**
 * Why the features are needed right after activation, if they are. Settings are read before the Settings class
 * (src/services.ts) has loaded, without defaults of their own: VS Code returns package.json's default for an unset key.
 */
function neededAtStartUp(context: vscode.ExtensionContext): string | undefined {
  if (context.workspaceState.get<string>(SELECTED_CLUSTER_STATE)) return 'this workspace selected a cluster (status bar)';
  const config = vscode.workspace.getConfiguration('kafkaPlanner');
  const saved = config.get<unknown>('clusters');
  if (config.get<boolean>('reconnectOnStartup') && Array.isArray(saved) && saved.length > 0) return 'saved clusters to reconnect';
  if (!context.globalState.get<boolean>(WALKTHROUGH_SHOWN_STATE)) return 'the first run (the walkthrough)';
  const doc = vscode.workspace.textDocuments.find(isAnalysed);
  return doc ? `${baseName(doc)} is open` : undefined;
}

/**
 * Registers the stand-ins and returns the extension's API. Nothing here loads feature code: `load()` does, once, on
 * the first use.
 */
export function activateShell(
  context: vscode.ExtensionContext,
  loadFeatures: () => Promise<{ activateFeatures(context: vscode.ExtensionContext, host: FeatureHost, reason: string): KafkaPlannerApi }>,
): KafkaPlannerApi {
  const manifest = context.extension.packageJSON as Manifest;
  const commands = new Map<string, CommandHandler>();
  const tree = new StandInTreeProvider<unknown>((reason) => load(reason));
  const view = vscode.window.createTreeView(CLUSTERS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const host: FeatureHost = {
    commands,
    attachClustersView<T>(provider: vscode.TreeDataProvider<T>): vscode.TreeView<T> {
      tree.attach(provider as vscode.TreeDataProvider<unknown>);
      return view as vscode.TreeView<T>;
    },
  };

  let loading: Promise<KafkaPlannerApi> | undefined;
  const triggers: vscode.Disposable[] = [];
  /** Loads the features once; `reason` (the first use) goes to their log. */
  function load(reason: string): Promise<KafkaPlannerApi> {
    loading ??= loadFeatures().then((m) => {
      for (const t of triggers.splice(0)) t.dispose();
      return m.activateFeatures(context, host, reason);
    });
    return loading;
  }

  for (const { command } of manifest.contributes?.commands ?? []) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command, async (...args: unknown[]) => {
        await load(`the command ${command}`);
        const handler = commands.get(command);
        if (!handler) throw new Error(`The command ${command} is contributed but no feature handles it.`);
        return handler(...args);
      }),
    );
  }

  // Panels restored after a window reload (the onWebviewPanel activation events): the features' own serializer.
  for (const event of manifest.activationEvents ?? []) {
    if (!event.startsWith('onWebviewPanel:')) continue;
    const viewType = event.slice('onWebviewPanel:'.length);
    context.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(viewType, {
        deserializeWebviewPanel: async (panel, state) => (await load(`a restored ${viewType} panel`)).restorePanel(viewType, panel, state),
      }),
    );
  }

  // Documents the extension analyses: opening one, or editing one into one (a new Flink job gets its imports), loads
  // the features, which then analyse every open document.
  triggers.push(
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (isAnalysed(doc)) void load(`${baseName(doc)} opened`);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length && textNeeded(e.document.languageId) !== 'none' && isAnalysed(e.document))
        void load(`${baseName(e.document)} edited`);
    }),
  );
  // After activate() returns: the start-up checks read state and open documents, so they are not part of activation.
  const startUp = setTimeout(() => {
    const reason = loading ? undefined : neededAtStartUp(context);
    if (reason) void load(`at activation: ${reason}`);
  }, 0);

  context.subscriptions.push(view, tree, { dispose: () => clearTimeout(startUp) }, { dispose: () => triggers.forEach((t) => t.dispose()) });
  return {
    restorePanel: async (viewType, panel, state) => (await load('the API: restorePanel')).restorePanel(viewType, panel, state),
    reconnectSavedClusters: async () => (await load('the API: reconnectSavedClusters')).reconnectSavedClusters(),
    registeredCommands: async () => (await load('the API: registeredCommands')).registeredCommands(),
  };
}
