// Renders the Marketplace icon and the walkthrough's images with the Chromium the e2e tests use (no image tools
// needed): media/icon.svg -> media/icon.png (128 x 128), and crops of the e2e screenshots (the product's own UI) ->
// media/walkthrough/*.png. Run by hand after the screenshots changed:
//   node_modules/.bin/node media/make.mjs [screenshots dir, default .test-runs/screenshots]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = process.argv[2] ?? join(repo, '.test-runs', 'screenshots');

/** Walkthrough step image <- a region (x, y, width, height) of a 1400 x 900 e2e screenshot. */
const CROPS = {
  'clusters.png': ['explorer-demo-tree.png', [50, 36, 780, 770]],
  'skew.png': ['skew-demo-dark.png', [356, 72, 1036, 710]],
  'plan.png': ['plan-view-dark.png', [356, 72, 1036, 440]],
  'sizing.png': ['sizing-kafka-dark.png', [356, 200, 1036, 370]],
  'flink.png': ['vsix-sample-flink-job.png', [356, 40, 1036, 820]],
};

const browser = await chromium.launch({
  executablePath: process.env.KFP_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const dataUrl = (file, type) => `data:${type};base64,${readFileSync(file).toString('base64')}`;

  await page.setViewportSize({ width: 128, height: 128 });
  await page.setContent(
    `<html><body style="margin:0;background:transparent"><img src="${dataUrl(join(repo, 'media', 'icon.svg'), 'image/svg+xml')}" width="128" height="128"></body></html>`,
  );
  await page.screenshot({ path: join(repo, 'media', 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  console.log('media/icon.png');

  await page.setViewportSize({ width: 1400, height: 900 });
  for (const [out, [source, [x, y, width, height]]] of Object.entries(CROPS)) {
    await page.setContent(
      `<html><body style="margin:0"><img src="${dataUrl(join(shots, source), 'image/png')}" width="1400" height="900"></body></html>`,
    );
    await page.screenshot({ path: join(repo, 'media', 'walkthrough', out), clip: { x, y, width, height } });
    console.log(`media/walkthrough/${out} <- ${source}`);
  }
} finally {
  await browser.close();
}
