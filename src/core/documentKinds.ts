// Which open documents the extension acts on, decided cheaply from the language id, the file name and the head of
// the text. Small and import-free on purpose: the code that runs at activation uses it to decide whether a document
// needs the extension's features now, before any of them is loaded.

/** Languages the Flink lens analyses. */
export const FLINK_LENS_LANGUAGES: readonly string[] = ['java', 'scala', 'python'];

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

/**
 * True when a document of this language, file name and head (its first DETECTION_HEAD_CHARS characters) is one the
 * extension analyses: a Flink source (Java, Scala, Python), a reassignment JSON, or a sizing file.
 */
export function isAnalysedDocument(languageId: string, fileName: string, head: string): boolean {
  if (FLINK_LENS_LANGUAGES.includes(languageId)) return true;
  if (fileName.endsWith(SIZING_FILE_SUFFIX)) return true;
  return (languageId === 'json' || languageId === 'jsonc') && looksLikeReassignment(head);
}
