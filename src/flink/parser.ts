// Loads web-tree-sitter and the Java / Scala / Python grammars lazily (on the first Flink file, never at activation),
// parses a source text and returns the facts src/core/flink judges. Never throws: a file that cannot be parsed
// gives `undefined` with the reason in `lastParserError`.
//
// The .wasm files ship in dist/wasm/ (copied by esbuild.mjs); in tests they are read from node_modules.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Language as TsLanguage, Parser as TsParser, Tree } from 'web-tree-sitter';
import { analyzeFacts, type AnalyzeOptions, type FlinkAnalysis } from '../core/flink/analyze';
import type { FlinkFacts, FlinkLanguage } from '../core/flink/facts';
import { extractFacts } from './extract';

const GRAMMAR_FILES: Record<FlinkLanguage, { pkg: string; file: string }> = {
  java: { pkg: 'tree-sitter-java', file: 'tree-sitter-java.wasm' },
  scala: { pkg: 'tree-sitter-scala', file: 'tree-sitter-scala.wasm' },
  python: { pkg: 'tree-sitter-python', file: 'tree-sitter-python.wasm' },
};
const RUNTIME = { pkg: 'web-tree-sitter', file: 'web-tree-sitter.wasm' };

/** Imports or known types that mark a file as a Flink job (the only files analysed). */
const FLINK_MARKERS = /org\.apache\.flink|\bpyflink\b|\bStreamExecutionEnvironment\b|\bDataStream(Source)?\s*</;

export function usesFlink(text: string): boolean {
  return FLINK_MARKERS.test(text);
}

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
  throw new Error(`Cannot find ${file} (looked in ${shipped.join(', ')} and node_modules/${pkg} above ${from}). Rebuild with node esbuild.mjs.`);
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
    return extractFacts(tree.rootNode, language);
  } catch (err) {
    lastParserError = err instanceof Error ? err.message : String(err);
    return undefined;
  } finally {
    tree?.delete();
  }
}

export interface FileAnalysis extends FlinkAnalysis {
  language: FlinkLanguage;
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
    return { ...analyzeFacts(facts, opts), language };
  } catch (err) {
    lastParserError = err instanceof Error ? err.message : String(err);
    return undefined;
  }
}
