// Loads web-tree-sitter and the Java / Scala / Python grammars lazily (on the first Flink file, never at activation),
// parses a source text and returns the facts src/core/flink judges. Never throws: a file that cannot be parsed
// gives `undefined` with the reason in `lastParserError`.
//
// The editor re-analyses through a FlinkParseCache: it keeps each document's previous syntax tree and, on an edit,
// applies the change ranges the editor reports (tree.edit) and re-parses with the old tree, so tree-sitter re-reads
// only the edited region. A full parse is the fallback whenever the changes do not account for the new text.
//
// The .wasm files ship in dist/wasm/ (copied by esbuild.mjs); in tests they are read from node_modules.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Language as TsLanguage, Parser as TsParser, Point, Tree } from 'web-tree-sitter';
import { analyzeFacts, type AnalyzeOptions, type FlinkAnalysis } from '../core/flink/analyze';
import type { FlinkFacts, FlinkLanguage } from '../core/flink/facts';
import { usesFlink } from '../core/documentKinds';
import { extractFacts } from './extract';
import { parseSqlOffThread, sqlFactsOf, stopSqlWorker, unreadSqlTexts } from './sqlParser';

const GRAMMAR_FILES: Record<FlinkLanguage, { pkg: string; file: string }> = {
  java: { pkg: 'tree-sitter-java', file: 'tree-sitter-java.wasm' },
  scala: { pkg: 'tree-sitter-scala', file: 'tree-sitter-scala.wasm' },
  python: { pkg: 'tree-sitter-python', file: 'tree-sitter-python.wasm' },
};
const RUNTIME = { pkg: 'web-tree-sitter', file: 'web-tree-sitter.wasm' };

export { usesFlink };

export function languageOf(fileNameOrLanguageId: string): FlinkLanguage | undefined {
  const s = fileNameOrLanguageId.toLowerCase();
  if (s === 'java' || s.endsWith('.java')) return 'java';
  if (s === 'scala' || s.endsWith('.scala') || s.endsWith('.sc')) return 'scala';
  if (s === 'python' || s.endsWith('.py')) return 'python';
  return undefined;
}

/** Finds a shipped .wasm: dist/wasm/ beside the bundle, else the npm package up the folder tree (tests, dev). */
export function locateWasm(pkg: string, file: string, from: string = __dirname): string {
  const shipped = [join(from, 'wasm', file), join(from, '..', 'wasm', file)];
  for (const p of shipped) if (existsSync(p)) return p;
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', pkg, file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `Cannot find ${file} (looked in ${shipped.join(', ')} and node_modules/${pkg} above ${from}). Rebuild with node esbuild.mjs.`,
  );
}

let runtime: Promise<typeof import('web-tree-sitter')> | undefined;
const languages = new Map<FlinkLanguage, Promise<TsLanguage>>();
const parsers = new Map<FlinkLanguage, TsParser>();
export let lastParserError: string | undefined;

async function loadRuntime(): Promise<typeof import('web-tree-sitter')> {
  runtime ??= (async () => {
    const ts = await import('web-tree-sitter');
    const wasm = locateWasm(RUNTIME.pkg, RUNTIME.file);
    await ts.Parser.init({ locateFile: () => wasm });
    return ts;
  })();
  try {
    return await runtime;
  } catch (err) {
    runtime = undefined; // let a later file try again
    throw err;
  }
}

/** The parser for a language, loading the runtime and grammar on first use. */
export async function parserFor(language: FlinkLanguage): Promise<TsParser> {
  const existing = parsers.get(language);
  if (existing) return existing;
  const ts = await loadRuntime();
  let lang = languages.get(language);
  if (!lang) {
    const { pkg, file } = GRAMMAR_FILES[language];
    lang = ts.Language.load(locateWasm(pkg, file));
    languages.set(language, lang);
    lang.catch(() => languages.delete(language));
  }
  const parser = new ts.Parser();
  parser.setLanguage(await lang);
  parsers.set(language, parser);
  return parser;
}

/** Whether a grammar is already loaded (the extension loads none until the first Flink file). */
export function isParserLoaded(language: FlinkLanguage): boolean {
  return parsers.has(language);
}

/** Parses with a loaded parser and extracts facts; undefined if parsing failed. Never throws. */
export function factsWith(parser: TsParser, text: string, language: FlinkLanguage): FlinkFacts | undefined {
  let tree: Tree | null = null;
  try {
    tree = parser.parse(text);
    if (!tree) return undefined;
    return extractFacts(tree.rootNode, language, text);
  } catch (err) {
    lastParserError = err instanceof Error ? err.message : String(err);
    return undefined;
  } finally {
    tree?.delete();
  }
}

export interface FileAnalysis extends FlinkAnalysis {
  language: FlinkLanguage;
  /** Where the time went (FlinkParseCache only). `incremental`: the old tree was reused. */
  timings?: { parseMs: number; extractMs: number; rulesMs: number; incremental: boolean };
}

/** The options with the file's path, when `languageOrFile` is one (a file name, not a language id). */
function withPath(opts: AnalyzeOptions, languageOrFile: string): AnalyzeOptions {
  return opts.path === undefined && /\.\w+$/.test(languageOrFile) ? { ...opts, path: languageOrFile } : opts;
}

/**
 * Analyses one source text. Undefined when the file is not a Flink job (no Flink import or known type), its
 * language is not Java/Scala/Python, or it could not be parsed. Never throws.
 */
export async function analyzeSource(text: string, languageOrFile: string, opts: AnalyzeOptions = {}): Promise<FileAnalysis | undefined> {
  const language = languageOf(languageOrFile);
  if (!language || !usesFlink(text)) return undefined;
  try {
    const parser = await parserFor(language);
    const facts = factsWith(parser, text, language);
    if (!facts) return undefined;
    return { ...analyzeFacts(facts, withPath(opts, languageOrFile)), language };
  } catch (err) {
    lastParserError = err instanceof Error ? err.message : String(err);
    return undefined;
  }
}

/**
 * One edit as the editor reports it (vscode.TextDocumentContentChangeEvent): `rangeLength` UTF-16 code units replaced
 * at `rangeOffset` by `text`, offsets into the text as it was before this change (changes apply in order).
 */
export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** Row and column (UTF-16 code units, as web-tree-sitter counts for a JS string) of `offset` in `text`. */
export function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    row++;
    lineStart = nl + 1;
  }
  return { row, column: offset - lineStart };
}

/** The point after `inserted` when it starts at `start`. */
function pointAfter(start: Point, inserted: string): Point {
  const lastNl = inserted.lastIndexOf('\n');
  if (lastNl === -1) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let nl = inserted.indexOf('\n'); nl !== -1; nl = inserted.indexOf('\n', nl + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - lastNl - 1 };
}

interface CachedTree {
  language: FlinkLanguage;
  text: string;
  tree: Tree;
}

/**
 * Per-document syntax trees for incremental re-analysis (the editor's path; the CLI and tests use analyzeSource).
 * `analyze(key, text, language, changes)`: with the changes since the last analysis of `key`, the previous tree is
 * edited and re-parsed incrementally; without them, or when applying them to the previous text does not give `text`
 * (a missed event, a language change), the text is parsed whole. Never throws. Call forget()/dispose() to free the
 * trees (they live in wasm memory).
 */
export class FlinkParseCache {
  private readonly trees = new Map<string, CachedTree>();

  /** sqlOffThread: the Flink SQL grammar reads SQL strings on a worker thread (the editor's extension host). */
  constructor(private readonly options: { sqlOffThread?: boolean } = {}) {}

  async analyze(
    key: string,
    text: string,
    languageOrFile: string,
    opts: AnalyzeOptions = {},
    changes?: readonly TextChange[],
  ): Promise<FileAnalysis | undefined> {
    const language = languageOf(languageOrFile);
    if (!language || !usesFlink(text)) {
      this.forget(key);
      return undefined;
    }
    let tree: Tree | null = null;
    try {
      const ts = await loadRuntime();
      const parser = await parserFor(language);
      const t0 = performance.now();
      const old = this.trees.get(key);
      const reused = old && old.language === language && changes ? this.applyChanges(ts, old, changes, text) : undefined;
      tree = parser.parse(text, reused ?? null);
      const t1 = performance.now();
      this.forget(key);
      if (!tree) return undefined;
      const parsed = tree;
      tree = null; // owned by the cache from here
      this.trees.set(key, { language, text, tree: parsed });
      const offThread = this.options.sqlOffThread === true;
      const facts = extractFacts(parsed.rootNode, language, text, offThread);
      const unread = offThread ? unreadSqlTexts(facts) : [];
      if (unread.length) {
        // SQL the grammar has not read: on the worker thread, then from the cache (on this thread if the worker fails)
        await parseSqlOffThread(unread).catch((err: unknown) =>
          facts.notes.push(
            `The Flink SQL worker failed (${err instanceof Error ? err.message : String(err)}); SQL read on the editor's thread.`,
          ),
        );
        facts.sql = sqlFactsOf(facts);
      }
      const t2 = performance.now();
      const analysis = analyzeFacts(facts, withPath(opts, languageOrFile));
      const t3 = performance.now();
      return { ...analysis, language, timings: { parseMs: t1 - t0, extractMs: t2 - t1, rulesMs: t3 - t2, incremental: !!reused } };
    } catch (err) {
      lastParserError = err instanceof Error ? err.message : String(err);
      this.forget(key);
      return undefined;
    } finally {
      tree?.delete();
    }
  }

  /** Edits the cached tree by `changes`; the tree to parse with, or undefined when they do not lead to `text`. */
  private applyChanges(
    ts: typeof import('web-tree-sitter'),
    old: CachedTree,
    changes: readonly TextChange[],
    text: string,
  ): Tree | undefined {
    let current = old.text;
    const edits: InstanceType<typeof ts.Edit>[] = [];
    for (const c of changes) {
      const start = c.rangeOffset;
      const oldEnd = start + c.rangeLength;
      if (start < 0 || oldEnd > current.length) return undefined;
      const startPosition = pointAt(current, start);
      const oldEndPosition = pointAfter(startPosition, current.slice(start, oldEnd));
      edits.push(
        new ts.Edit({
          startIndex: start,
          oldEndIndex: oldEnd,
          newEndIndex: start + c.text.length,
          startPosition,
          oldEndPosition,
          newEndPosition: pointAfter(startPosition, c.text),
        }),
      );
      current = current.slice(0, start) + c.text + current.slice(oldEnd);
    }
    if (current !== text) return undefined;
    for (const e of edits) old.tree.edit(e);
    return old.tree;
  }

  forget(key: string): void {
    const cached = this.trees.get(key);
    if (!cached) return;
    this.trees.delete(key);
    try {
      cached.tree.delete();
    } catch {
      // already freed
    }
  }

  dispose(): void {
    for (const key of [...this.trees.keys()]) this.forget(key);
    if (this.options.sqlOffThread) void stopSqlWorker();
  }
}
