// The runner's side of the e2e control channel (test/e2e/suite/control.ts is the suite's side): a small HTTP server
// on 127.0.0.1 through which the extension-host suite asks Playwright for screenshots, workbench DOM queries, code
// evaluated inside the active webview, real key presses and clicks, and theme changes. See runVsCode.mjs for the endpoints.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

function safeName(name) {
  const s = String(name ?? '')
    .replace(/\.png$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+/, '');
  if (!s) throw new Error('screenshot name is empty');
  return s.slice(0, 120);
}

export async function startControlServer({ getPage, screenshotsDir, latestDir, settingsFile, log }) {
  const handlers = {
    async '/screenshot'(page, body) {
      const name = safeName(body.name);
      const path = join(screenshotsDir, `${name}.png`);
      await page.screenshot({ path, fullPage: false, animations: 'disabled' });
      copyFileSync(path, join(latestDir, `${name}.png`));
      log(`screenshot ${path}`);
      return { path };
    },
    async '/query'(page, body) {
      if (typeof body.selector !== 'string') throw new Error('selector (string) required');
      const minCount = Number(body.minCount ?? 0);
      const deadline = Date.now() + Number(body.timeoutMs ?? 10_000);
      for (;;) {
        const found = await page.$$eval(body.selector, (els) =>
          els.map((e) => ({
            text: (e.innerText ?? e.textContent ?? '').trim(),
            label: e.getAttribute('aria-label') ?? e.getAttribute('title') ?? '',
            value: 'value' in e && typeof e.value === 'string' ? e.value : null,
          })),
        );
        if (found.length >= minCount || Date.now() > deadline) {
          return {
            count: found.length,
            texts: found.map((f) => f.text),
            labels: found.map((f) => f.label),
            values: found.map((f) => f.value),
          };
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async '/webview'(page, body) {
      if (typeof body.expression !== 'string') throw new Error('expression (string) required');
      const timeout = Number(body.timeoutMs ?? 15_000);
      const frame = await activeWebviewFrame(page, timeout);
      // A string is evaluated through the DevTools protocol, so the webview's CSP (no unsafe-eval) does not apply.
      const value = await frame.evaluate(body.expression);
      return { value: value === undefined ? null : value };
    },
    // Keyboard input for QuickInput boxes and dialogs (the extension API cannot type into them): text first, then press.
    async '/keyboard'(page, body) {
      if (body.text === undefined && body.press === undefined) throw new Error('text (string) or press (key, e.g. "Enter") required');
      if (body.text !== undefined) await page.keyboard.type(String(body.text));
      if (body.press !== undefined) await page.keyboard.press(String(body.press));
      return {};
    },
    // A real mouse click on the first visible element matching the selector (and text), e.g. a welcome-view button.
    async '/click'(page, body) {
      if (typeof body.selector !== 'string') throw new Error('selector (string) required');
      let target = page.locator(body.selector);
      if (typeof body.text === 'string') target = target.filter({ hasText: body.text });
      await target.first().click({ timeout: Number(body.timeoutMs ?? 10_000) });
      return {};
    },
    async '/theme'(_page, body) {
      if (typeof body.theme !== 'string') throw new Error('theme (string) required');
      const current = JSON.parse(readFileSync(settingsFile, 'utf8'));
      current['workbench.colorTheme'] = body.theme;
      writeFileSync(settingsFile, JSON.stringify(current, null, 2));
      return { theme: body.theme };
    },
  };

  const server = createServer(async (req, res) => {
    const reply = (status, obj) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(obj));
    };
    try {
      const handler = req.method === 'POST' ? handlers[req.url] : undefined;
      if (!handler) return reply(404, { error: `unknown endpoint ${req.method} ${req.url}` });
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      const page = getPage();
      if (!page) return reply(503, { error: 'the browser page is not up yet' });
      reply(200, await handler(page, body));
    } catch (err) {
      reply(500, { error: err?.message ?? String(err) });
    }
  });
  await new Promise((r, j) => server.listen(0, '127.0.0.1', r).once('error', j));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: (cb) => server.close(cb) };
}

// The visible webview: outer iframe.webview.ready (VS Code's host frame) -> #active-frame (the extension's HTML).
export async function activeWebviewFrame(page, timeout) {
  const deadline = Date.now() + timeout;
  let lastError = 'no iframe.webview.ready in the workbench';
  while (Date.now() < deadline) {
    const outers = await page.$$('iframe.webview.ready');
    for (const outer of outers.reverse()) {
      if (!(await outer.isVisible().catch(() => false))) continue;
      const outerFrame = await outer.contentFrame();
      const inner = await outerFrame?.$('#active-frame').catch(() => null);
      const innerFrame = await inner?.contentFrame();
      if (innerFrame) {
        const ready = await innerFrame.evaluate('document.readyState').catch(() => 'loading');
        if (ready !== 'loading') return innerFrame;
        lastError = 'the webview content is still loading';
      } else {
        lastError = 'the webview has no #active-frame yet';
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no visible webview within ${timeout} ms: ${lastError}`);
}
