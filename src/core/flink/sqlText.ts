// Finds the Flink SQL a job runs from its code — the string passed to executeSql / sqlQuery / sqlUpdate /
// addInsertSql (PyFlink's execute_sql, sql_query, add_insert_sql) — and decodes it with the source position of every
// character, so a finding inside the SQL lands on the right line and column of the literal: Java strings and text
// blocks, Scala strings and triple-quoted strings, Python strings of every quoting (triple-quoted, raw), a
// concatenation of literals (`"SELECT " + "..."`, Python's adjacent literals) and a variable assigned one.
// An interpolated value (Scala s"...$x", a Python f-string's {x}) inside a SQL string literal or backquoted name
// ('{topic}', the usual connector option), or a concatenated value there ("'path' = '" + path + "'"), is read as a
// placeholder; elsewhere, and for any other expression, the SQL is
// not known before the job runs and is not read. Pure.

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

/** How a string interpolates values: Python f-strings ({expr}, {{ and }} literal) or Scala s-strings ($name, ${expr}). */
type Interpolation = 'python' | 'scala' | undefined;

/**
 * Decodes the body raw[from, to) with escapes (Java/Scala/Python); `raw` strings keep backslashes. An interpolated
 * value is only known when the job runs: inside a SQL string literal or a backquoted name ('{topic}', `{db}`) it
 * cannot change the statement's structure and is read as a placeholder (x...x, one per source character, so
 * positions stay right); anywhere else the SQL is not known and the literal is not read (undefined).
 */
function decodeBody(
  raw: string,
  from: number,
  to: number,
  escapes: Record<string, string> | undefined,
  interpolation?: Interpolation,
  openQuote?: string,
): Decoded | undefined {
  const chars: string[] = [];
  const offsets: number[] = [];
  let quote = openQuote; // the SQL quote the decoded text is inside (' or `)
  const push = (c: string, at: number) => {
    chars.push(c);
    offsets.push(at);
    if (quote === undefined && (c === "'" || c === '`')) quote = c;
    else if (c === quote) quote = undefined;
  };
  let i = from;
  while (i < to) {
    const c = raw[i];
    if (interpolation === 'python' && (c === '{' || c === '}')) {
      if (raw[i + 1] === c) {
        push(c, i);
        i += 2;
        continue;
      }
      if (c === '}') return undefined;
      const close = raw.indexOf('}', i);
      if (close < 0 || close >= to || quote === undefined) return undefined;
      for (let k = i; k <= close; k++) push('x', k);
      i = close + 1;
      continue;
    }
    if (interpolation === 'scala' && c === '$') {
      if (raw[i + 1] === '$') {
        push('$', i);
        i += 2;
        continue;
      }
      const m = /^\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)/.exec(raw.slice(i, to));
      if (!m || quote === undefined) return undefined;
      for (let k = i; k < i + m[0].length; k++) push('x', k);
      i += m[0].length;
      continue;
    }
    if (c === '\\' && escapes && i + 1 < to) {
      const n = raw[i + 1];
      if (n === '\n') {
        i += 2; // line continuation (Java text blocks, Python)
        continue;
      }
      if (Object.hasOwn(escapes, n)) {
        push(escapes[n], i);
        i += 2;
        continue;
      }
      const unicode = /^u+([0-9a-fA-F]{4})/.exec(raw.slice(i + 1, Math.min(to, i + 12)));
      if (unicode) {
        push(String.fromCharCode(parseInt(unicode[1], 16)), i);
        i += 1 + unicode[0].length;
        continue;
      }
    }
    push(c, i);
    i++;
  }
  return { chars, offsets, end: to };
}

/**
 * The value of a string literal as written (raw source text), or undefined if it is no plain literal. `openQuote`: the
 * SQL quote open where the literal starts (it continues a concatenation).
 */
export function decodeLiteral(raw: string, language: FlinkLanguage, openQuote?: string): Decoded | undefined {
  if (language === 'python') {
    const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(raw);
    if (!m) return undefined;
    const prefix = m[1].toLowerCase();
    const quote = m[2];
    const from = m[0].length;
    const to = raw.length - quote.length;
    if (to < from || !raw.endsWith(quote)) return undefined;
    return decodeBody(raw, from, to, prefix.includes('r') ? undefined : PY_ESCAPES, prefix.includes('f') ? 'python' : undefined, openQuote);
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
    // triple-quoted strings and raw"..." keep backslashes; s"..." and "..." process escapes
    return decodeBody(
      raw,
      from,
      to,
      quote === '"""' || interpolator === 'raw' ? undefined : JAVA_ESCAPES,
      interpolator ? 'scala' : undefined,
    );
  }
  // Java: "..." or a text block """<newline>...""" (its incidental indentation is kept: SQL does not mind)
  if (raw.startsWith('"""')) {
    const nl = raw.indexOf('\n');
    if (nl < 0 || !raw.endsWith('"""')) return undefined;
    return decodeBody(raw, nl + 1, raw.length - 3, JAVA_ESCAPES, undefined, openQuote);
  }
  if (raw.length >= 3 && raw[0] === "'" && raw.endsWith("'")) return decodeBody(raw, 1, raw.length - 1, JAVA_ESCAPES, undefined, openQuote); // a char
  if (raw.length < 2 || raw[0] !== '"' || !raw.endsWith('"')) return undefined;
  return decodeBody(raw, 1, raw.length - 1, JAVA_ESCAPES, undefined, openQuote);
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

type Lit = Extract<Expr, { k: 'lit' }>;
/** A DDL of 40 options concatenated line by line nests 80 deep; a variable assigned from itself stops here too. */
const MAX_PIECES_DEPTH = 400;
/** A piece of a concatenation: a string literal, or a value known only at run time (`"'path' = '" + path + "'"`). */
type Piece = Lit | { k: 'hole'; expr: Expr };

/** The pieces an argument is made of: a literal, `a + b` of pieces, adjacent literals, or a variable set to one. */
function pieces(e: Expr | undefined, facts: FlinkFacts, depth = 0): Piece[] | undefined {
  if (!e || depth > MAX_PIECES_DEPTH) return undefined;
  if (e.k === 'lit') return e.kind === 'string' ? [e] : undefined;
  if (e.k === 'op' && !e.bool && e.operands.length >= 2 && /\+/.test(e.text)) return joinPieces(e.operands, facts, depth, true);
  if (e.k === 'other') {
    // Python's adjacent literals ("a" "b"), with any comments between them left out
    const parts = e.children.filter((c) => !(c.k === 'other' && c.children.length === 0 && /^(#|\/\/|\/\*)/.test(c.text)));
    if (parts.length >= 1 && parts.every((c) => c.k === 'lit' && c.kind === 'string')) return joinPieces(parts, facts, depth, false);
  }
  if (e.k === 'id') {
    // the last assignment of the variable before its use (a constant or a local holding the SQL)
    const before = facts.assignments.filter(
      (a) => a.name === e.name && (a.range.line < e.range.line || (a.range.line === e.range.line && a.range.column < e.range.column)),
    );
    const last = before[before.length - 1] ?? facts.assignments.find((a) => a.name === e.name);
    const value = last ? pieces(last.value, facts, depth + 1) : undefined;
    // a variable is SQL text only when all of it is known (else it is one run-time value: a hole where it is used)
    return value?.every((p) => p.k === 'lit') ? value : undefined;
  }
  return undefined;
}

/** The pieces of each part; in a `+` concatenation a part that is no string becomes a hole. */
function joinPieces(parts: Expr[], facts: FlinkFacts, depth: number, holes: boolean): Piece[] | undefined {
  const out: Piece[] = [];
  for (const p of parts) {
    const got = pieces(p, facts, depth + 1);
    if (got) out.push(...got);
    else if (holes) out.push({ k: 'hole', expr: p });
    else return undefined;
  }
  return out;
}

/** The SQL quote (' or `) open at the end of `text`, if any. */
function openQuote(text: string): string | undefined {
  let quote: string | undefined;
  for (const c of text) {
    if (quote === undefined && (c === "'" || c === '`')) quote = c;
    else if (c === quote) quote = undefined;
  }
  return quote;
}

/** The SQL strings of a file, in source order, each with the position of every character. */
export function sqlStrings(facts: FlinkFacts): SqlString[] {
  const out: SqlString[] = [];
  for (const call of allCalls(facts)) {
    if (!SQL_CALLS.has(call.name) || !call.target) continue;
    const parts = pieces(call.args[0], facts);
    if (!parts || parts.every((p) => p.k === 'hole')) continue;
    let text = '';
    const lines: number[] = [];
    const columns: number[] = [];
    let ok = true;
    let last: { line: number; column: number } | undefined;
    for (const part of parts) {
      if (part.k === 'hole') {
        // a run-time value inside a SQL string or backquoted name cannot change the statement: a placeholder
        if (openQuote(text) === undefined) {
          ok = false;
          break;
        }
        text += 'x';
        lines.push(part.expr.range.line);
        columns.push(part.expr.range.column);
        continue;
      }
      const decoded = decodeLiteral(part.text, facts.language, openQuote(text));
      if (!decoded) {
        ok = false;
        break;
      }
      const pos = positionsOf(part.text, part.range.line, part.range.column);
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
