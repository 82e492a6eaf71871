// DOM helpers shared by the webview panels: build elements with textContent (never from HTML strings), read theme
// variables, and the small pieces every panel's startup repeats (the VS Code API, the style sheet, the #app root).
import baseCss from './base.css';

/** What el() accepts as children: null, undefined and false are left out (for `cond && el(...)`). */
export type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

/** A theme variable (--vscode-*) of the body, or the fallback when the theme does not define it. */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** A stat card (styled in base.css): a small label, a big value and a detail line. */
export function statCard(id: string, label: string, value: string, detail: string): HTMLElement {
  return el(
    'div',
    { class: 'stat', id },
    el('div', { class: 'stat-label' }, label),
    el('div', { class: 'stat-value' }, value),
    el('div', { class: 'stat-detail' }, detail),
  );
}

export interface VsCodeApi<ToHost, State> {
  postMessage(message: ToHost): void;
  getState(): unknown;
  setState(state: State): void;
}
declare function acquireVsCodeApi(): VsCodeApi<unknown, unknown>;

/**
 * A panel's startup: the VS Code API (acquireVsCodeApi may be called once per page), the shared base.css followed by
 * the panel's own css as one adopted style sheet, and the #app element of the host's HTML shell (webviewHost.ts).
 */
export function startPanel<ToHost, State>(css: string): { vscode: VsCodeApi<ToHost, State>; app: HTMLElement } {
  const vscode = acquireVsCodeApi() as VsCodeApi<ToHost, State>;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`${baseCss}\n${css}`);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return { vscode, app: document.getElementById('app')! };
}

/** Calls `handle` with every message from the host that passes the panel's type guard. */
export function onHostMessage<T>(isMessage: (value: unknown) => value is T, handle: (message: T) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isMessage(event.data)) handle(event.data);
  });
}

/**
 * VS Code swaps the body's vscode-light / vscode-dark / vscode-high-contrast class on a theme change: `redraw` then
 * redraws the charts with the new theme colors (canvas does not follow CSS variables by itself).
 */
export function onThemeChange(redraw: () => void): void {
  new MutationObserver(redraw).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
