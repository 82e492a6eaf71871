// Flink SQL in a job's code: finds the SQL strings (src/core/flink/sqlText.ts) and reads each with Flink SQL's grammar.
// The grammar is its own bundle, dist/flinkSql.js (built from ./sqlGrammar.ts), required only when a file has SQL
// strings, so neither activation nor a DataStream-only file pays for it. In tests it is found up the folder tree.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FlinkFacts } from '../core/flink/facts';
import { SQL_WORKER_DATA, type SqlScriptFacts, type SqlSourceFact } from '../core/flink/sqlFacts';
import { sqlStrings } from '../core/flink/sqlText';

type Grammar = typeof import('./sqlGrammar');
import type { SqlWorkerReply, SqlWorkerRequest } from './sqlGrammar';

export const SQL_BUNDLE = 'flinkSql.js';
let grammar: Grammar | undefined;

/**
 * What the grammar read, by SQL text: the editor re-analyses a file on every edit, and its SQL strings mostly stay
 * the same (ANTLR's first parse of a statement shape takes up to a second; the facts are plain data, safe to share).
 */
const parsed = new Map<string, SqlScriptFacts>();
const PARSED_MAX = 256;

/** How many SQL texts the grammar read, and where (for tests: the editor's reads must all be on the worker). */
const reads = { onThisThread: 0, onWorker: 0 };
export function sqlReadCounts(): { onThisThread: number; onWorker: number } {
  return { ...reads };
}

function remember(text: string, script: SqlScriptFacts): SqlScriptFacts {
  parsed.delete(text); // most recently used last
  parsed.set(text, script);
  if (parsed.size > PARSED_MAX) parsed.delete(parsed.keys().next().value!);
  return script;
}

function parseCached(g: Grammar | undefined, text: string): SqlScriptFacts {
  const hit = parsed.get(text);
  if (hit) return remember(text, hit);
  reads.onThisThread++;
  return remember(text, (g ?? loadGrammar()).parseFlinkSql(text));
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

/** The SQL texts of a file that the grammar has not read yet (what parseSqlOffThread should read). */
export function unreadSqlTexts(facts: FlinkFacts): string[] {
  return [...new Set(sqlStrings(facts).map((s) => s.text))].filter((text) => !parsed.has(text));
}

let worker: Worker | undefined;
let nextRequest = 1;
const waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void; texts: string[] }>();

function failAll(err: Error): void {
  for (const w of waiting.values()) w.reject(err);
  waiting.clear();
  worker = undefined;
}

/**
 * Reads `texts` with the grammar on a worker thread (dist/flinkSql.js started as a worker) into the cache, so the
 * next sqlFactsOf finds them without parsing: the grammar's first parse of a statement shape takes 0.1 to 1 s, which
 * must not block the editor's extension host. Rejects when the worker fails; the caller then parses on its thread.
 */
export function parseSqlOffThread(texts: readonly string[]): Promise<void> {
  if (texts.length === 0) return Promise.resolve();
  if (!worker) {
    const started = new Worker(locateSqlBundle(), { workerData: SQL_WORKER_DATA });
    started.unref(); // never keeps a process (the CLI, a test run) alive
    started.on('message', (reply: SqlWorkerReply) => {
      const w = waiting.get(reply.id);
      if (!w) return;
      waiting.delete(reply.id);
      reply.results.forEach((r, i) => {
        if (!('facts' in r)) return; // read again on this thread, which reports the error
        reads.onWorker++;
        remember(w.texts[i], r.facts);
      });
      w.resolve();
    });
    started.on('error', (err) => failAll(err));
    started.on('exit', (code) => failAll(new Error(`the Flink SQL worker stopped (exit code ${code})`)));
    worker = started;
  }
  const id = nextRequest++;
  const request: SqlWorkerRequest = { id, texts: [...texts] };
  return new Promise<void>((resolve, reject) => {
    waiting.set(id, { resolve, reject, texts: request.texts });
    worker!.postMessage(request);
  });
}

/** Stops the SQL worker (the editor's Flink lens calls it when it is disposed). */
export async function stopSqlWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  await w?.terminate();
}

/**
 * The SQL strings of a file, each read by the grammar; [] without loading anything when there are none. A failure
 * to load or run the grammar goes to `facts.internalErrors` (never silently "no findings"). With `cachedOnly`, only
 * strings already read are returned (unreadSqlTexts lists the others) and the grammar is not loaded.
 */
export function sqlFactsOf(facts: FlinkFacts, cachedOnly = false): SqlSourceFact[] {
  const strings = cachedOnly ? sqlStrings(facts).filter((s) => parsed.has(s.text)) : sqlStrings(facts);
  if (strings.length === 0) return [];
  let g: Grammar | undefined;
  try {
    // loaded only when a string has not been read yet
    if (strings.some((s) => !parsed.has(s.text))) g = loadGrammar();
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
