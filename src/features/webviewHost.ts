// The shared host side of every webview panel (skew, plan, sizing), like commands.ts is for
// commands: the HTML shell with a strict CSP, the resource roots, the "ready" handshake, and typed messages.
//
// - HTML is a fixed template: CSP `default-src 'none'`, the one script by nonce, styles and images only from the
//   webview's own origin (cspSource); no remote content. Only escaped attribute values are filled in.
// - localResourceRoots is limited to dist/webview (the built browser bundles) and media.
// - Nothing is posted before the webview says "ready" (a message posted to a webview whose script has not yet run
//   is lost): on each "ready" the panel's onReady posts its whole state. Incoming messages pass the panel's type
//   guard first.
// - retainContextWhenHidden stays off: a panel re-sends its state when the webview reloads and says "ready" again.
// Pattern: confluentinc/vscode src/webview-cache.ts; vscode-pull-request-github src/github/overviewRestorer.ts.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Services } from '../services';

const SHELL_TEMPLATE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-{{nonce}}'; style-src {{cspSource}}; img-src {{cspSource}} data:; font-src {{cspSource}};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{{title}}</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="{{nonce}}" src="{{scriptUri}}"></script>
</body>
</html>`;

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The HTML shell of a panel: only its title, nonce, cspSource and script URI are filled in (all escaped). */
export function webviewShellHtml(values: { title: string; nonce: string; cspSource: string; scriptUri: string }): string {
  return SHELL_TEMPLATE.replace(/\{\{(\w+)\}\}/g, (_, key: keyof typeof values) => escapeAttribute(values[key]));
}

export function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')],
  };
}

export interface PanelHostOptions<FromWebview extends { type: string }> {
  context: vscode.ExtensionContext;
  services: Services;
  /** The bundle in dist/webview/<bundle>.js (built from webview/<bundle>/main.ts). */
  bundle: string;
  title: string;
  /** The type guard of the panel's protocol for messages from the webview. */
  isMessage: (value: unknown) => value is FromWebview;
  /** Called for every valid message except "ready" (which the host handles); errors are logged and shown. */
  onMessage: (message: FromWebview) => unknown;
  /** Called after each "ready" (first load, and whenever the webview reloads): post the panel's state here. */
  onReady: () => unknown;
}

/**
 * One webview panel with a typed postMessage that waits for "ready". Create it with a new panel, or with the panel VS Code hands
 * to a WebviewPanelSerializer on restore.
 */
export class WebviewPanelHost<ToWebview, FromWebview extends { type: string }> implements vscode.Disposable {
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly options: PanelHostOptions<FromWebview>,
  ) {
    const webview = panel.webview;
    webview.options = webviewOptions(options.context);
    panel.title = options.title;
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview's document is destroyed (retainContextWhenHidden off); it says "ready" again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
    const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(options.context.extensionUri, 'dist', 'webview', `${options.bundle}.js`));
    webview.html = webviewShellHtml({
      title: options.title,
      nonce: randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      scriptUri: scriptUri.toString(),
    });
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Sends when the webview is ready; before that, does nothing (onReady will post the whole state). */
  post(message: ToWebview): void {
    if (this.disposed || !this.ready) return;
    void this.panel.webview
      .postMessage(message)
      .then(undefined, (err: unknown) => this.options.services.log.warn(`${this.options.bundle} webview: post failed: ${String(err)}`));
  }

  private async receive(raw: unknown): Promise<void> {
    const { services, bundle } = this.options;
    if (!this.options.isMessage(raw)) {
      services.log.warn(`${bundle} webview sent an unknown message: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    try {
      if (raw.type === 'ready') {
        // A webview that reloads (hidden and shown again without retainContextWhenHidden) says "ready" again.
        this.ready = true;
        await this.options.onReady();
        return;
      }
      await this.options.onMessage(raw);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      services.log.error(`${bundle} webview: ${raw.type} failed: ${message}`, err);
      void vscode.window.showErrorMessage(message, 'Open log').then((choice) => {
        if (choice === 'Open log') services.log.show();
      });
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** What a registry keeps: a panel object that owns its WebviewPanelHost. */
export interface HostedPanel {
  readonly host: { readonly panel: vscode.WebviewPanel };
  dispose(): void;
}

/**
 * The open panels of one kind, by key (a cluster id, a request): one panel per key, revealed instead of opened
 * twice, forgotten when it closes, closed with the extension. Every panel kind uses it, including restored panels.
 */
export class PanelRegistry<P extends HostedPanel> implements vscode.Disposable {
  private readonly panels = new Map<string, P>();

  constructor(
    private readonly viewType: string,
    private readonly title: string,
  ) {}

  get(key: string): P | undefined {
    return this.panels.get(key);
  }

  all(): P[] {
    return [...this.panels.values()];
  }

  /**
   * The panel for `key`: the open one (revealed) unless VS Code hands a restored webview panel, else a new one built
   * by `create` on a new webview panel (or the restored one).
   */
  open(key: string, create: (panel: vscode.WebviewPanel) => P, restored?: vscode.WebviewPanel): { panel: P; created: boolean } {
    const existing = this.panels.get(key);
    if (existing && !restored) {
      existing.host.panel.reveal();
      return { panel: existing, created: false };
    }
    const created = create(restored ?? vscode.window.createWebviewPanel(this.viewType, this.title, vscode.ViewColumn.Active, {}));
    this.panels.set(key, created);
    created.host.panel.onDidDispose(() => {
      if (this.panels.get(key) === created) this.panels.delete(key);
    });
    return { panel: created, created: true };
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}

/**
 * The serializers registered by registerPanelRestorer, by view type. Activation registered one serializer per view
 * type with VS Code (src/features/shell.ts); it calls restorePanel, which calls the one found here.
 */
const serializers = new Map<string, vscode.WebviewPanelSerializer>();

/**
 * Restores panels of `viewType` after a window reload: `restore` re-validates the saved state (ids, not data) and
 * opens the panel, or throws to say why not; then the stale panel is closed and the reason logged.
 */
export function registerPanelRestorer(
  viewType: string,
  services: Services,
  restore: (panel: vscode.WebviewPanel, state: unknown) => unknown,
): vscode.Disposable {
  const serializer: vscode.WebviewPanelSerializer = {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      try {
        await restore(panel, state);
      } catch (err) {
        services.log.info(`${viewType} panel not restored: ${err instanceof Error ? err.message : String(err)}`);
        panel.dispose();
      }
    },
  };
  serializers.set(viewType, serializer);
  return new vscode.Disposable(() => {
    if (serializers.get(viewType) === serializer) serializers.delete(viewType);
  });
}

/**
 * What VS Code does for a panel after a window reload (through the serializer activation registered), and on demand
 * for scripts and tests, which cannot reload the window they run in: the view type's own serializer restores `panel`
 * from `state` (the webview state the panel saved).
 */
export async function restorePanel(viewType: string, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
  const serializer = serializers.get(viewType);
  if (!serializer) throw new Error(`No panel serializer is registered for ${viewType}.`);
  await serializer.deserializeWebviewPanel(panel, state);
}
