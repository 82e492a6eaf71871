// Which open documents the extension acts on, decided cheaply from the language id, the file name and the head of
// the text. Small and import-free on purpose: the code that runs at activation uses it to decide whether a document
// needs the extension's features now, before any of them is loaded.

/** Languages the Flink lens analyses. */
export const FLINK_LENS_LANGUAGES: readonly string[] = ['java', 'scala', 'python'];

/** Imports or known types that mark a file as a Flink job (the only files analysed). */
const FLINK_MARKERS = /org\.apache\.flink|\bpyflink\b|\bStreamExecutionEnvironment\b|\bDataStream(Source)?\s*</;

export function usesFlink(text: string): boolean {
  return FLINK_MARKERS.test(text);
}

/** Inputs of the sizing wizard kept in git: `<name>.sizing.json`. */
export const SIZING_FILE_SUFFIX = '.sizing.json';

/** Only the head of a document is inspected: detection must stay cheap on large JSON files. */
export const DETECTION_HEAD_CHARS = 4096;

/**
 * True when the text looks like kafka-reassign-partitions.sh JSON: an object (optionally after the tool's prose
 * lines) whose head names both "version" and "partitions". It reads at most the first 4 KiB and parses nothing:
 * a false positive only costs a review that reports the file as invalid JSON.
 */
export function looksLikeReassignment(text: string): boolean {
  const head = text.slice(0, DETECTION_HEAD_CHARS);
  const open = head.search(/^\s*\{/m);
  if (open < 0) return false;
  const body = head.slice(open);
  return /"partitions"\s*:\s*\[/.test(body) && /"version"\s*:/.test(body);
}

/** How much of a document isAnalysedDocument needs: all of a source file, the head of a JSON file, else nothing. */
export function textNeeded(languageId: string): 'all' | 'head' | 'none' {
  if (FLINK_LENS_LANGUAGES.includes(languageId)) return 'all';
  return languageId === 'json' || languageId === 'jsonc' ? 'head' : 'none';
}

/**
 * True when a document of this language and file name is one the extension analyses: a Flink job (Java, Scala or
 * Python that uses Flink), a reassignment JSON, or a sizing file. `text` is what textNeeded() says: the whole text of
 * a source file, at least the first DETECTION_HEAD_CHARS characters of a JSON file.
 */
export function isAnalysedDocument(languageId: string, fileName: string, text: string): boolean {
  if (fileName.endsWith(SIZING_FILE_SUFFIX)) return true;
  if (FLINK_LENS_LANGUAGES.includes(languageId)) return usesFlink(text);
  return (languageId === 'json' || languageId === 'jsonc') && looksLikeReassignment(text);
}
