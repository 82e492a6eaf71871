// Flink SQL in a job's code: finds the SQL strings (src/core/flink/sqlText.ts) and reads each with Flink SQL's grammar.
// The grammar is its own bundle, dist/flinkSql.js (built from ./sqlGrammar.ts), required only when a file has SQL
// strings, so neither activation nor a DataStream-only file pays for it. In tests it is found up the folder tree.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FlinkFacts } from '../core/flink/facts';
import type { SqlScriptFacts, SqlSourceFact } from '../core/flink/sqlFacts';
import { sqlStrings } from '../core/flink/sqlText';

type Grammar = typeof import('./sqlGrammar');

export const SQL_BUNDLE = 'flinkSql.js';
let grammar: Grammar | undefined;

/**
 * What the grammar read, by SQL text: the editor re-analyses a file on every edit, and its SQL strings mostly stay
 * the same (ANTLR's first parse of a statement shape takes up to a second; the facts are plain data, safe to share).
 */
const parsed = new Map<string, SqlScriptFacts>();
const PARSED_MAX = 256;

function parseCached(g: Grammar, text: string): SqlScriptFacts {
  const hit = parsed.get(text);
  if (hit) {
    parsed.delete(text); // most recently used last
    parsed.set(text, hit);
    return hit;
  }
  const script = g.parseFlinkSql(text);
  parsed.set(text, script);
  if (parsed.size > PARSED_MAX) parsed.delete(parsed.keys().next().value!);
  return script;
}

/** dist/flinkSql.js beside the bundle that runs (dist/extension.js, dist/cli.js), else in dist/ up the folder tree. */
export function locateSqlBundle(from: string = __dirname): string {
  const beside = join(from, SQL_BUNDLE);
  if (existsSync(beside)) return beside;
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'dist', SQL_BUNDLE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`Cannot find ${SQL_BUNDLE} (looked beside ${from} and in dist/ above it). Rebuild with node esbuild.mjs.`);
}

function loadGrammar(): Grammar {
  // a computed path: esbuild leaves this require alone, so the grammar stays out of the main bundles
  const path = locateSqlBundle();
  grammar ??= require(path) as Grammar; // eslint-disable-line @typescript-eslint/no-require-imports
  return grammar;
}

/** Whether the SQL grammar is loaded (not until the first file with SQL strings). */
export function isSqlGrammarLoaded(): boolean {
  return grammar !== undefined;
}

/**
 * The SQL strings of a file, each read by the grammar; [] without loading anything when there are none. A failure
 * to load or run the grammar goes to `facts.internalErrors` (never silently "no findings").
 */
export function sqlFactsOf(facts: FlinkFacts): SqlSourceFact[] {
  const strings = sqlStrings(facts);
  if (strings.length === 0) return [];
  let g: Grammar;
  try {
    g = loadGrammar();
  } catch (err) {
    facts.internalErrors.push(`Flink SQL grammar: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
  const out: SqlSourceFact[] = [];
  for (const s of strings) {
    try {
      out.push({ text: s.text, lines: s.lines, columns: s.columns, call: s.call.name, script: parseCached(g, s.text) });
    } catch (err) {
      facts.internalErrors.push(`Flink SQL at line ${s.call.range.line + 1}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}
