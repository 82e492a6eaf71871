// src/core must stay pure: no vscode, no Kafka client, no parser, no Node I/O. Enforced here by reading imports.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const FORBIDDEN = /^(vscode|@platformatic\/kafka|kafkajs|web-tree-sitter|tree-sitter.*|node:.*|fs|path|child_process|net|http|https)$/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('src/core purity', () => {
  const root = join(__dirname, '..', '..', '..', 'src', 'core');
  const files = tsFiles(root);

  it('finds the core sources', () => {
    assert.ok(files.length >= 5, `found ${files.length} files under ${root}`);
  });

  it('imports nothing from vscode, the Kafka client, the parser or Node I/O', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g,
      )) {
        const spec = m[1] ?? m[2] ?? m[3];
        if (FORBIDDEN.test(spec) || (!spec.startsWith('.') && !spec.startsWith('node:'))) offenders.push(`${file}: ${spec}`);
        if (spec.startsWith('.') && !resolve(dirname(file), spec).startsWith(root)) offenders.push(`${file}: ${spec} leaves src/core`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});
