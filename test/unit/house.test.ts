// The house keeps its own rules: ESLint states the layering (eslint.config.mjs) and this suite proves each rule
// fires on an import that crosses a layer, and passes the imports the layers allow. It also guards product text:
// nothing users get (bundles, README, docs, CHANGELOG) names the team's private notes or this machine.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';

const repo = join(__dirname, '..', '..', '..');

/** What users must never read: the team's notebook, paths of this machine, team words. */
export const PRIVATE_TEXT =
  /FIELD\.md|\/work\/|\.\.\/shared\/|\bshared\/(?:FIELD|E2E|STYLE|hooks)|\bthe talk\b|\bthe lead\b|\b[Ii]ssue \d+/;

const RESTRICTED_IMPORTS = new Set(['no-restricted-imports', '@typescript-eslint/no-restricted-imports']);

async function lintImport(filePath: string, specifier: string, kind: 'value' | 'type' = 'value'): Promise<string[]> {
  const eslint = new ESLint({ cwd: repo });
  const source =
    kind === 'type'
      ? `import type { X } from '${specifier}';\nexport type Y = X;\n`
      : `import { x } from '${specifier}';\nexport const y = x;\n`;
  const [result] = await eslint.lintText(source, { filePath: join(repo, filePath) });
  return result.messages.filter((m) => m.ruleId !== null && RESTRICTED_IMPORTS.has(m.ruleId)).map((m) => m.message);
}

describe('house rules (eslint.config.mjs)', function () {
  this.timeout(60_000);

  const crossing: [string, string][] = [
    ['src/core/model.ts', 'vscode'],
    ['src/core/model.ts', '@platformatic/kafka'],
    ['src/core/model.ts', 'web-tree-sitter'],
    ['src/core/model.ts', 'node:fs'],
    ['src/core/model.ts', '../kafka/snapshot'],
    ['src/core/planner/plan.ts', '../../features/commands'],
    ['src/core/planner/plan.ts', '../../../webview/plan/protocol'],
    ['src/kafka/snapshot.ts', 'vscode'],
    ['src/kafka/snapshot.ts', '../features/commands'],
    ['src/kafka/snapshot.ts', '../flink/parser'],
    ['src/flink/parser.ts', '../kafka/connection'],
    ['src/flink/parser.ts', '@platformatic/kafka'],
    ['src/features/skew/index.ts', '../reassign/planPanel'],
    ['src/features/skew/index.ts', '../../../webview/skew/main'],
    ['src/features/skew/index.ts', '../../cli/io'],
    ['src/cli/io.ts', 'vscode'],
    ['webview/skew/main.ts', 'vscode'],
    ['webview/skew/main.ts', '../plan/protocol'],
    ['webview/skew/main.ts', '../../src/kafka/snapshot'],
    ['webview/skew/main.ts', 'node:fs'],
    ['webview/common/dom.ts', '../skew/protocol'],
    // activation: registrations only
    ['src/extension.ts', './features/index'],
    ['src/extension.ts', './core/units'],
    ['src/features/shell.ts', './commands'],
    ['src/features/shell.ts', '../core/sizing/request'],
  ];
  for (const [file, specifier] of crossing) {
    it(`refuses ${file} importing ${specifier}`, async () => {
      const messages = await lintImport(file, specifier);
      assert.ok(messages.length > 0, `${file} may import ${specifier}: the layer rule did not fire`);
    });
  }

  const allowed: [string, string][] = [
    ['src/core/planner/plan.ts', '../model'],
    ['src/core/model.ts', './units'],
    ['src/kafka/snapshot.ts', '../core/model'],
    ['src/kafka/snapshot.ts', '@platformatic/kafka'],
    ['src/flink/parser.ts', 'web-tree-sitter'],
    ['src/features/skew/index.ts', '../../core/model'],
    ['src/features/skew/index.ts', '../commands'],
    ['src/features/skew/index.ts', '../../../webview/skew/protocol'],
    ['webview/skew/main.ts', '../common/dom'],
    ['webview/skew/main.ts', '../../src/core/units'],
    ['webview/skew/main.ts', './protocol'],
    ['src/extension.ts', './features/shell'],
    ['src/features/shell.ts', '../core/documentKinds'],
  ];
  for (const [file, specifier] of allowed) {
    it(`allows ${file} importing ${specifier}`, async () => {
      assert.deepEqual(await lintImport(file, specifier), []);
    });
  }
  it('allows activation code type-only imports of feature code', async () => {
    assert.deepEqual(await lintImport('src/extension.ts', './features/index', 'type'), []);
    assert.deepEqual(await lintImport('src/features/shell.ts', '../core/planner/plan', 'type'), []);
  });

  it('dist/extension.js, what activation loads, holds the shell and nothing else (the features are dist/features.js)', () => {
    // the build writes a linked source map next to each bundle; its sources are the modules inside
    const map = JSON.parse(readFileSync(join(repo, 'dist', 'extension.js.map'), 'utf8')) as { sources: string[] };
    const sources = map.sources.map((s) => s.replace(/^(\.\.\/)+/, '')).sort();
    assert.deepEqual(sources, ['src/core/documentKinds.ts', 'src/extension.ts', 'src/features/shell.ts']);
    const features = JSON.parse(readFileSync(join(repo, 'dist', 'features.js.map'), 'utf8')) as { sources: string[] };
    assert.ok(
      features.sources.some((s) => s.endsWith('src/features/explorer/index.ts')),
      'dist/features.js does not hold the explorer',
    );
  });
});

describe('typecheck and lint refuse what npm test must refuse', function () {
  this.timeout(60_000);

  /** Diagnostics of `code` compiled with the options of a repo tsconfig (host or webview). */
  function typeErrors(tsconfig: string, code: string): string[] {
    const { config } = ts.readConfigFile(join(repo, tsconfig), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, join(repo, tsconfig, '..'));
    const file = join(repo, 'src', '__house_probe__.ts');
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile;
    host.getSourceFile = (name, version) => (name === file ? ts.createSourceFile(name, code, version) : read(name, version));
    const program = ts.createProgram([file], { ...options, types: [] }, host);
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
  }

  for (const tsconfig of ['tsconfig.json', 'webview/tsconfig.json']) {
    it(`${tsconfig}: a type error fails`, () => {
      assert.ok(typeErrors(tsconfig, 'export const n: number = "text";\n').some((m) => /not assignable/.test(m)));
    });
    it(`${tsconfig}: an unused local and an unused parameter fail`, () => {
      const errors = typeErrors(tsconfig, 'export function f(unusedParam: number): number {\n  const unusedLocal = 1;\n  return 2;\n}\n');
      assert.ok(
        errors.some((m) => /unusedLocal/.test(m)),
        errors.join('; '),
      );
      assert.ok(
        errors.some((m) => /unusedParam/.test(m)),
        errors.join('; '),
      );
    });
  }

  it('ESLint fails on an unused variable, `any`, and an `in` lookup on a table', async () => {
    const eslint = new ESLint({ cwd: repo });
    const [result] = await eslint.lintText(
      'const table: Record<string, number> = {};\nexport const f = (x: any, name: string) => name in table;\nconst unused = 1;\n',
      {
        filePath: join(repo, 'src', 'core', 'probe.ts'),
      },
    );
    const rules = new Set(result.messages.map((m) => m.ruleId));
    for (const rule of ['@typescript-eslint/no-unused-vars', '@typescript-eslint/no-explicit-any', 'no-restricted-syntax'])
      assert.ok(rules.has(rule), `${rule} did not fire: ${[...rules].join(', ')}`);
  });
});

function textFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return textFiles(full);
    return /\.(js|map|ts|md|css|json|html)$/.test(name) ? [full] : [];
  });
}

describe('product text names only what users have', () => {
  const shipped = [
    ...textFiles(join(repo, 'dist')),
    ...textFiles(join(repo, 'src')),
    ...textFiles(join(repo, 'webview')),
    ...textFiles(join(repo, 'docs')),
    join(repo, 'README.md'),
    join(repo, 'CHANGELOG.md'),
    join(repo, 'CONTRIBUTING.md'),
    join(repo, 'package.json'),
  ].filter(existsSync);

  it('finds the bundles and docs to read', () => {
    assert.ok(
      shipped.some((f) => f.endsWith(join('dist', 'extension.js'))),
      'dist/extension.js missing: build first',
    );
    assert.ok(shipped.length > 50, `only ${shipped.length} files`);
  });

  it('cites no private notes, machine paths or team words', () => {
    const hits: string[] = [];
    for (const file of shipped) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const m = PRIVATE_TEXT.exec(line);
        if (m) hits.push(`${relative(repo, file)}:${i + 1}: …${line.slice(Math.max(0, m.index - 40), m.index + 40)}…`);
      });
    }
    assert.deepEqual(hits.slice(0, 20), [], `${hits.length} lines`);
  });

  it('the guard itself catches each kind of leak', () => {
    for (const bad of [
      'see FIELD.md',
      '/work/shared/x',
      '(../shared/E2E.md)',
      "import x from '../shared/dom'",
      'shared/STYLE.md',
      'as in the talk',
      'issue 4 says',
      'the lead asked',
    ]) {
      assert.ok(PRIVATE_TEXT.test(bad), bad);
    }
    for (const good of [
      'webview/common/dom.ts',
      "from '../common/dom'",
      'the AWS re:Invent 2025 session ANT307',
      'lead replicas',
      'leader',
    ]) {
      assert.ok(!PRIVATE_TEXT.test(good), good);
    }
  });
});

/** What would send anything anywhere but to a Kafka cluster: network modules, HTTP clients, telemetry APIs. */
const NETWORK_OR_TELEMETRY =
  /from '(?:node:)?(?:http|https|http2|net|tls|dgram)'|require\('(?:node:)?(?:http|https|net|tls|dgram)'\)|\bfetch\(|XMLHttpRequest|new WebSocket\(|sendBeacon|createTelemetryLogger|TelemetryReporter|extension-telemetry|applicationinsights/;

describe("privacy: the extension talks to the user's clusters and nothing else", () => {
  function sourceFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? sourceFiles(full) : /\.ts$/.test(name) ? [full] : [];
    });
  }

  it('no code outside src/kafka (the Kafka client layer) opens a connection, and no code uses a telemetry API', () => {
    const hits: string[] = [];
    for (const file of [...sourceFiles(join(repo, 'src')), ...sourceFiles(join(repo, 'webview'))]) {
      const inKafkaLayer = relative(repo, file).startsWith(join('src', 'kafka'));
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const m = NETWORK_OR_TELEMETRY.exec(line);
          if (!m) return;
          // the Kafka layer may open sockets to the cluster; telemetry is refused there too
          if (inKafkaLayer && !/Telemetry|telemetry|applicationinsights|sendBeacon/.test(m[0])) return;
          hits.push(`${relative(repo, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(hits, []);
  });

  it('no dependency is a telemetry or analytics package', () => {
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.optionalDependencies });
    assert.ok(names.length > 10, 'no dependencies read');
    assert.deepEqual(
      names.filter((n) => /telemetry|analytics|applicationinsights|sentry|segment|mixpanel|posthog/i.test(n)),
      [],
    );
  });

  it('the guard catches each kind of call', () => {
    for (const bad of [
      "import { request } from 'node:https';",
      "import * as net from 'net';",
      'await fetch(url)',
      'vscode.env.createTelemetryLogger(sender)',
      "import TelemetryReporter from '@vscode/extension-telemetry';",
    ])
      assert.ok(NETWORK_OR_TELEMETRY.test(bad), bad);
    for (const good of ["import { readFile } from 'node:fs';", 'const prefetch = 1;', 'fetchOffsets(group)'])
      assert.ok(!NETWORK_OR_TELEMETRY.test(good), good);
  });
});
