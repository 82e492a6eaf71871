// Finds the Flink SQL a job runs from its code — the string passed to executeSql / sqlQuery / sqlUpdate /
// addInsertSql (PyFlink's execute_sql, sql_query, add_insert_sql) — and decodes it with the source position of every
// character, so a finding inside the SQL lands on the right line and column of the literal: Java strings and text
// blocks, Scala strings and triple-quoted strings, Python strings of every quoting (triple-quoted, raw), a
// concatenation of literals (`"SELECT " + "..."`, Python's adjacent literals) and a variable assigned one.
// An interpolated string (Scala s"...$x", a Python f-string with {x}) or any other expression is not read: its text is
// not known before the job runs. Pure.

import type { Expr, FlinkFacts, FlinkLanguage } from './facts';
import { allCalls, type CallExpr } from './exprs';

/** Table API calls whose first argument is SQL text. */
export const SQL_CALLS = new Set(['executeSql', 'sqlQuery', 'sqlUpdate', 'addInsertSql']);

export interface SqlString {
  call: CallExpr;
  text: string;
  lines: number[];
  columns: number[];
}

interface Decoded {
  /** The characters with the offset in the raw literal each comes from; `end` is the raw offset after the last. */
  chars: string[];
  offsets: number[];
  end: number;
}

const JAVA_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', s: ' ', '"': '"', "'": "'", '\\': '\\' };
const PY_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\x07',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/** Decodes the body raw[from, to) with escapes (Java/Scala/Python); `raw` strings keep backslashes. */
function decodeBody(raw: string, from: number, to: number, escapes: Record<string, string> | undefined): Decoded {
  const chars: string[] = [];
  const offsets: number[] = [];
  let i = from;
  while (i < to) {
    const c = raw[i];
    if (c === '\\' && escapes && i + 1 < to) {
      const n = raw[i + 1];
      if (n === '\n') {
        i += 2; // line continuation (Java text blocks, Python)
        continue;
      }
      if (Object.hasOwn(escapes, n)) {
        chars.push(escapes[n]);
        offsets.push(i);
        i += 2;
        continue;
      }
      const unicode = /^u+([0-9a-fA-F]{4})/.exec(raw.slice(i + 1, Math.min(to, i + 12)));
      if (unicode) {
        chars.push(String.fromCharCode(parseInt(unicode[1], 16)));
        offsets.push(i);
        i += 1 + unicode[0].length;
        continue;
      }
    }
    chars.push(c);
    offsets.push(i);
    i++;
  }
  return { chars, offsets, end: to };
}

/** The value of a string literal as written (raw source text), or undefined if it is no plain literal. */
export function decodeLiteral(raw: string, language: FlinkLanguage): Decoded | undefined {
  if (language === 'python') {
    const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(raw);
    if (!m) return undefined;
    const prefix = m[1].toLowerCase();
    const quote = m[2];
    const from = m[0].length;
    const to = raw.length - quote.length;
    if (to < from || !raw.endsWith(quote)) return undefined;
    // an f-string with a replacement field has no fixed text ({{ and }} are literal braces)
    if (prefix.includes('f') && /(^|[^{])\{(?!\{)/.test(raw.slice(from, to))) return undefined;
    return decodeBody(raw, from, to, prefix.includes('r') ? undefined : PY_ESCAPES);
  }
  if (language === 'scala') {
    const m = /^([a-z]*)("""|")/.exec(raw);
    if (!m) return undefined;
    const interpolator = m[1];
    const quote = m[2];
    if (interpolator && interpolator !== 's' && interpolator !== 'raw') return undefined;
    const from = m[0].length;
    const to = raw.length - quote.length;
    if (to < from || !raw.endsWith(quote)) return undefined;
    if (interpolator && /\$(?!\$)/.test(raw.slice(from, to))) return undefined;
    // triple-quoted strings and raw"..." keep backslashes; s"..." and "..." process escapes
    return decodeBody(raw, from, to, quote === '"""' || interpolator === 'raw' ? undefined : JAVA_ESCAPES);
  }
  // Java: "..." or a text block """<newline>...""" (its incidental indentation is kept: SQL does not mind)
  if (raw.startsWith('"""')) {
    const nl = raw.indexOf('\n');
    if (nl < 0 || !raw.endsWith('"""')) return undefined;
    return decodeBody(raw, nl + 1, raw.length - 3, JAVA_ESCAPES);
  }
  if (raw.length < 2 || raw[0] !== '"' || !raw.endsWith('"')) return undefined;
  return decodeBody(raw, 1, raw.length - 1, JAVA_ESCAPES);
}

/** Each raw offset of a literal starting at (line, column) as a source line and column. */
function positionsOf(raw: string, line: number, column: number): { lines: number[]; columns: number[] } {
  const lines: number[] = [];
  const columns: number[] = [];
  let l = line;
  let c = column;
  for (let i = 0; i <= raw.length; i++) {
    lines.push(l);
    columns.push(c);
    if (raw[i] === '\n') {
      l++;
      c = 0;
    } else c++;
  }
  return { lines, columns };
}

/** The literal pieces an argument is made of: a literal, `a + b` of literals, adjacent literals, or a variable set to one. */
function pieces(e: Expr | undefined, facts: FlinkFacts, depth = 0): Extract<Expr, { k: 'lit' }>[] | undefined {
  if (!e || depth > 20) return undefined;
  if (e.k === 'lit') return e.kind === 'string' ? [e] : undefined;
  if (e.k === 'op' && !e.bool && e.operands.length >= 2 && /\+/.test(e.text)) return joinPieces(e.operands, facts, depth);
  if (e.k === 'other') {
    // Python's adjacent literals ("a" "b"), with any comments between them left out
    const parts = e.children.filter((c) => !(c.k === 'other' && c.children.length === 0 && /^(#|\/\/|\/\*)/.test(c.text)));
    if (parts.length >= 1 && parts.every((c) => c.k === 'lit' && c.kind === 'string')) return joinPieces(parts, facts, depth);
  }
  if (e.k === 'id') {
    // the last assignment of the variable before its use (a constant or a local holding the SQL)
    const before = facts.assignments.filter(
      (a) => a.name === e.name && (a.range.line < e.range.line || (a.range.line === e.range.line && a.range.column < e.range.column)),
    );
    const last = before[before.length - 1] ?? facts.assignments.find((a) => a.name === e.name);
    return last ? pieces(last.value, facts, depth + 1) : undefined;
  }
  return undefined;
}

function joinPieces(parts: Expr[], facts: FlinkFacts, depth: number): Extract<Expr, { k: 'lit' }>[] | undefined {
  const out: Extract<Expr, { k: 'lit' }>[] = [];
  for (const p of parts) {
    const got = pieces(p, facts, depth + 1);
    if (!got) return undefined;
    out.push(...got);
  }
  return out;
}

/** The SQL strings of a file, in source order, each with the position of every character. */
export function sqlStrings(facts: FlinkFacts): SqlString[] {
  const out: SqlString[] = [];
  for (const call of allCalls(facts)) {
    if (!SQL_CALLS.has(call.name) || !call.target) continue;
    const lits = pieces(call.args[0], facts);
    if (!lits) continue;
    let text = '';
    const lines: number[] = [];
    const columns: number[] = [];
    let ok = true;
    let last: { line: number; column: number } | undefined;
    for (const lit of lits) {
      const decoded = decodeLiteral(lit.text, facts.language);
      if (!decoded) {
        ok = false;
        break;
      }
      const pos = positionsOf(lit.text, lit.range.line, lit.range.column);
      text += decoded.chars.join('');
      for (const o of decoded.offsets) {
        lines.push(pos.lines[o]);
        columns.push(pos.columns[o]);
      }
      last = { line: pos.lines[decoded.end], column: pos.columns[decoded.end] };
    }
    if (!ok || !last || !text.trim()) continue;
    lines.push(last.line);
    columns.push(last.column);
    out.push({ call, text, lines, columns });
  }
  return out;
}
