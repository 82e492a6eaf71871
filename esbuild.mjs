// Builds every bundle of the extension with esbuild.
//   dist/extension.js      VS Code host at activation: registrations only (cjs, node, `vscode` external)
//   dist/features.js, dist/kafka.js, dist/tree-sitter.js   parts of the host loaded on first use (lazyChunks below)
//   dist/cli.js            the headless `kfp` CLI (cjs, node)
//   dist/flinkSql.js       Flink SQL's grammar, loaded on demand by both (src/flink/sqlGrammar.ts)
//   dist/webview/<p>.js    one browser bundle per webview panel (webview/<p>/main.ts)
//   out/test/**.js         every test file under test/, bundled on its own (cjs, node)
//   dist/README.md         (--production) the README the .vsix ships, with absolute image URLs (media/readme.mjs)
// Flags: --watch (rebuild on change), --production (minify, no sourcemaps).
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// @platformatic/kafka loads its CRC32C wasm through import.meta.url, which is empty in a cjs bundle.
// 1) its wasm-utils package ships a `bundled` entry with the wasm inlined: alias to it;
// 2) shim import.meta.url to the bundle's own file URL for any other use.
const kafkaClientFixes = {
  alias: { '@platformatic/wasm-utils': '@platformatic/wasm-utils/bundled' },
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

// Loaded on first use. The extension's dynamic import() of these modules is not bundled into dist/extension.js but
// required from a file of its own next to it, built from `entry`, so activation reads only what registration needs.
// (esbuild splits code only for ESM output; VS Code loads the extension as CommonJS.)
const lazyChunks = [
  // every feature, loaded by src/features/shell.ts on first use; itself a host bundle (below) with lazy chunks of its own
  { test: /[\\/]src[\\/]features[\\/]index\.ts$/, entry: 'src/features/index.ts', file: 'features.js', host: true },
  { test: /[\\/]src[\\/]kafka[\\/]/, entry: 'src/kafka/index.ts', file: 'kafka.js' },
  { test: /[\\/]node_modules[\\/]web-tree-sitter[\\/]/, entry: 'web-tree-sitter', file: 'tree-sitter.js' },
];
const lazyChunkPlugin = {
  name: 'lazy-chunks',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData?.lazyChunk) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { lazyChunk: true },
      });
      const chunk = lazyChunks.find((c) => c.test.test(resolved.path));
      return chunk ? { path: `./${chunk.file}`, external: true } : undefined;
    });
  },
};

const nodeCommon = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  ...kafkaClientFixes,
};

function filesUnder(dir, test) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...filesUnder(full, test));
    else if (test(full)) found.push(full);
  }
  return found;
}

const webviewEntries = filesUnder('webview', (f) => /[\\/]main\.ts$/.test(f)).map((f) => ({
  in: f,
  out: relative('webview', f).replace(/[\\/]main\.ts$/, ''),
}));

/** Code that runs in VS Code's extension host and may import() lazy chunks. */
const hostCommon = {
  ...nodeCommon,
  external: ['vscode'],
  plugins: [lazyChunkPlugin],
  // import() of a chunk becomes require(): VS Code loads the extension as CommonJS, and the chunks are CommonJS
  supported: { 'dynamic-import': false },
};

const builds = [
  { ...hostCommon, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  ...lazyChunks.map((c) => ({ ...(c.host ? hostCommon : nodeCommon), entryPoints: [c.entry], outfile: `dist/${c.file}` })),
  {
    ...nodeCommon,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node\n' + kafkaClientFixes.banner.js },
  },
  // Flink SQL's grammar (dt-sql-parser, ANTLR): its own bundle, required by src/flink/sqlParser.ts only for files with SQL
  { ...nodeCommon, entryPoints: ['src/flink/sqlGrammar.ts'], outfile: 'dist/flinkSql.js' },
  ...(webviewEntries.length
    ? [
        {
          entryPoints: webviewEntries,
          outdir: 'dist/webview',
          bundle: true,
          platform: 'browser',
          format: 'iife',
          target: 'es2022',
          sourcemap: production ? false : 'linked',
          minify: production,
          logLevel: 'warning',
          loader: { '.css': 'text' },
        },
      ]
    : []),
];

if (!production) {
  const testEntries = [
    ...filesUnder('test', (f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
    ...filesUnder('bench', (f) => f.endsWith('.ts')),
  ];
  if (testEntries.length) {
    builds.push({
      ...nodeCommon,
      entryPoints: testEntries,
      outdir: 'out',
      outbase: '.',
      external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron', 'eslint', 'typescript-eslint', '@eslint/js', 'typescript'],
    });
  }
}

/** A deleted test must not keep running from a stale bundle: drop out/**.js whose .ts source is gone. */
function removeStaleBundles() {
  for (const js of filesUnder('out', (f) => f.endsWith('.js'))) {
    const source = relative('out', js).replace(/\.js$/, '.ts');
    if (!existsSync(source)) {
      rmSync(js, { force: true });
      rmSync(js + '.map', { force: true });
    }
  }
}

// --- Flink lens: the parser runtime and grammar .wasm files ship in dist/wasm/ (src/flink/parser.ts) ---
function copyFlinkWasm() {
  const files = [
    'web-tree-sitter/web-tree-sitter.wasm',
    'tree-sitter-java/tree-sitter-java.wasm',
    'tree-sitter-scala/tree-sitter-scala.wasm',
    'tree-sitter-python/tree-sitter-python.wasm',
  ];
  mkdirSync('dist/wasm', { recursive: true });
  for (const f of files) copyFileSync(join('node_modules', f), join('dist/wasm', f.split('/')[1]));
}
copyFlinkWasm();

// --- the README of the .vsix: the Extensions page shows only https: images (media/readme.mjs) ---
if (production) {
  const { packagedReadme, readmeBaseUrl } = await import('./media/readme.mjs');
  const base = readmeBaseUrl('.');
  if (!base)
    console.warn(
      'esbuild: dist/README.md has no screenshots: set KFP_README_BASE_URL (https, where this repository is served) or a GitHub "repository" in package.json to show them on the Extensions page',
    );
  writeFileSync('dist/README.md', packagedReadme(readFileSync('README.md', 'utf8'), base));
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`esbuild: watching ${builds.length} builds`);
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (!production) removeStaleBundles();
  console.log(`esbuild: ${builds.length} builds in ${Date.now() - started} ms`);
}
