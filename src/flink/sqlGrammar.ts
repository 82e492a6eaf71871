// Reads Flink SQL with Flink SQL's grammar (dt-sql-parser's FlinkSQL, ANTLR 4) into the facts the SQL rules judge
// (src/core/flink/sqlFacts.ts). esbuild builds this file into its own bundle, dist/flinkSql.js (~0.8 MB), which
// ./sqlParser.ts loads only when a file has SQL strings: the extension and the CLI do not carry the grammar.

import { FlinkSQL } from 'dt-sql-parser/dist/parser/flink/index.js';
import { FlinkSqlParser } from 'dt-sql-parser/dist/lib/flink/FlinkSqlParser.js';
import { FlinkSqlLexer } from 'dt-sql-parser/dist/lib/flink/FlinkSqlLexer.js';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { SQL_WORKER_DATA } from '../core/flink/sqlFacts';
import type {
  SqlScriptFacts,
  SqlSpan,
  SqlStatefulFact,
  SqlStatementFact,
  SqlTableFact,
  SqlWindowFact,
  SqlWindowFunction,
} from '../core/flink/sqlFacts';

/** The parts of an ANTLR parse tree node this reader uses (antlr4ng's ParserRuleContext / TerminalNode). */
interface TreeNode {
  ruleIndex?: number;
  children?: TreeNode[] | null;
  symbol?: { text?: string | null; start: number; stop: number; type: number };
  start?: { start: number } | null;
  stop?: { stop: number } | null;
}

const RULES = FlinkSqlParser.ruleNames;
let parser: FlinkSQL | undefined;

const ruleOf = (n: TreeNode): string | undefined => (n.symbol ? undefined : RULES[n.ruleIndex ?? -1]);
const kids = (n: TreeNode): TreeNode[] => n.children ?? [];

function spanOf(n: TreeNode): SqlSpan {
  if (n.symbol) return { start: n.symbol.start, end: n.symbol.stop + 1 };
  const start = n.start?.start ?? 0;
  return { start, end: Math.max(start, (n.stop?.stop ?? start - 1) + 1) };
}

/** The descendants (and the node itself) of a rule, in order; `stop` rules are not entered. */
function find(n: TreeNode, rule: string, stop: ReadonlySet<string> = new Set()): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (x: TreeNode) => {
    const r = ruleOf(x);
    if (r === rule) out.push(x);
    if (r !== undefined && stop.has(r) && x !== n) return;
    for (const c of kids(x)) walk(c);
  };
  walk(n);
  return out;
}

function terminals(n: TreeNode): NonNullable<TreeNode['symbol']>[] {
  if (n.symbol) return [n.symbol];
  return kids(n).flatMap(terminals);
}

/** An identifier as Flink resolves it: backquotes removed. */
function ident(n: TreeNode | undefined): string {
  if (!n) return '';
  return terminals(n)
    .map((t) => t.text ?? '')
    .join('')
    .replace(/`/g, '');
}

function unquote(s: string): string {
  return s.replace(/^'(.*)'$/s, '$1').replace(/''/g, "'");
}

function child(n: TreeNode, rule: string): TreeNode | undefined {
  return kids(n).find((c) => ruleOf(c) === rule);
}

function readTable(create: TreeNode): SqlTableFact | undefined {
  const name = ident(find(create, 'tablePathCreate')[0]);
  if (!name) return undefined;
  const columns = find(create, 'columnOptionDefinition').flatMap((def) => {
    const computed = child(def, 'computedColumnDefinition');
    const physical = child(def, 'physicalColumnDefinition') ?? child(def, 'metadataColumnDefinition');
    const col = computed ?? physical;
    if (!col) return [];
    const colName = ident(find(col, 'columnNameCreate')[0]);
    const expr = computed ? find(computed, 'computedColumnExpression')[0] : undefined;
    const proctime = !!expr && ident(expr).replace(/\s/g, '').toUpperCase() === 'PROCTIME()';
    return colName ? [{ name: colName, proctime, span: spanOf(col) }] : [];
  });
  const watermarks = find(create, 'watermarkDefinition').map((w) => ident(find(w, 'columnName')[0]));
  return { name, columns, watermarks, span: spanOf(create) };
}

/** Window TVFs and legacy group windows of a select. */
function readWindows(select: TreeNode, out: SqlWindowFact[]): void {
  for (const tvf of find(select, 'windowTVFExpression')) {
    const fnNode = child(tvf, 'windowTVFName');
    const fn = ident(fnNode).toUpperCase() as SqlWindowFunction;
    const params = kids(tvf).filter((c) => ruleOf(c) === 'windowTVFParam');
    const table = params.map((p) => find(p, 'timeAttrColumn')[0]).find(Boolean);
    const descriptor = params.map((p) => find(p, 'columnDescriptor')[0]).find(Boolean);
    const column = descriptor ? ident(find(descriptor, 'columnName')[0]) : '';
    if (fnNode && column) out.push({ fn, style: 'tvf', table: table ? ident(table) : undefined, timeColumn: column, span: spanOf(fnNode) });
  }
  const groupBy = child(select, 'groupByClause');
  if (!groupBy) return;
  const from = child(select, 'fromClause');
  const refs = from ? find(from, 'tableReference', new Set(['queryStatement'])) : [];
  const single = refs.length === 1 && !find(refs[0], 'queryStatement').length ? ident(find(refs[0], 'tablePath')[0]) : undefined;
  for (const gw of groupWindows(groupBy)) out.push({ ...gw, style: 'group', table: single || undefined });
}

const WINDOW_FUNCTIONS = new Set(['TUMBLE', 'HOP', 'SESSION', 'CUMULATE']);

/**
 * The group windows of a GROUP BY: the grammar's groupWindowFunction, or a call of TUMBLE/HOP/SESSION it reads as a
 * plain function call (HOP with two intervals), whose first argument is the time column.
 */
function groupWindows(groupBy: TreeNode): { fn: SqlWindowFunction; timeColumn: string; span: SqlSpan }[] {
  const out: { fn: SqlWindowFunction; timeColumn: string; span: SqlSpan }[] = [];
  for (const gw of find(groupBy, 'groupWindowFunction')) {
    const fnNode = child(gw, 'groupWindowFunctionName');
    const column = ident(find(gw, 'timeAttrColumn')[0]);
    if (fnNode && column) out.push({ fn: ident(fnNode).toUpperCase() as SqlWindowFunction, timeColumn: column, span: spanOf(fnNode) });
  }
  for (const call of find(groupBy, 'functionCallExpression')) {
    const nameNode = child(call, 'functionNameWithParams') ?? child(call, 'functionName');
    const fn = ident(nameNode).toUpperCase();
    if (!nameNode || !WINDOW_FUNCTIONS.has(fn)) continue;
    const first = child(call, 'functionParam');
    const column = first ? find(first, 'columnNamePath')[0] : undefined;
    if (column && ident(column) === ident(first))
      out.push({ fn: fn as SqlWindowFunction, timeColumn: ident(column), span: spanOf(nameNode) });
  }
  return out;
}

/** A regular join or an unwindowed GROUP BY in one select (its subqueries are selects of their own). */
function readStateful(select: TreeNode, out: SqlStatefulFact[]): void {
  const inner = new Set(['queryStatement', 'selectStatement']);
  const from = child(select, 'fromClause');
  const windowed = find(select, 'windowTVFExpression').length > 0;
  if (from) {
    for (const te of find(from, 'tableExpression', inner)) {
      const join = kids(te).find((c) => c.symbol && (c.symbol.text ?? '').toUpperCase() === 'JOIN');
      const cond = child(te, 'joinCondition');
      if (!join || !cond) continue;
      // temporal and lookup joins (FOR SYSTEM_TIME AS OF), interval joins (a time range in ON) and window joins
      // (both sides windowed) keep bounded state
      const temporal = find(te, 'systemTimePeriod', inner).length > 0;
      const condText = terminals(cond).map((t) => (t.text ?? '').toUpperCase());
      const interval = condText.includes('BETWEEN') || condText.includes('INTERVAL');
      if (temporal || interval || find(te, 'windowTVFExpression').length > 0) continue;
      out.push({ kind: 'join', span: spanOf(join) });
    }
    // FROM a, b WHERE a.k = b.k: an inner join too, unless the WHERE bounds it in time
    const refs = kids(find(from, 'tableExpression', inner)[0] ?? from).filter((c) => ruleOf(c) === 'tableReference');
    const where = child(select, 'whereClause');
    const whereText = where ? terminals(where).map((t) => (t.text ?? '').toUpperCase()) : [];
    const lateral = refs.some((r) => terminals(r).some((t) => /^(LATERAL|UNNEST)$/i.test(t.text ?? '')));
    if (
      refs.length >= 2 &&
      !lateral &&
      !windowed &&
      !whereText.includes('BETWEEN') &&
      !whereText.includes('INTERVAL') &&
      !find(from, 'systemTimePeriod').length
    )
      out.push({ kind: 'join', span: spanOf(refs[1]) });
  }
  const groupBy = child(select, 'groupByClause');
  if (groupBy && !windowed && groupWindows(groupBy).length === 0) out.push({ kind: 'aggregate', span: spanOf(groupBy) });
}

function readStatement(stmt: TreeNode, hints: { text: string; start: number }[]): SqlStatementFact {
  const span = spanOf(stmt);
  const tables: SqlTableFact[] = [];
  for (const create of find(stmt, 'simpleCreateTable')) {
    const t = readTable(create);
    if (t) tables.push(t);
  }
  const windows: SqlWindowFact[] = [];
  const stateful: SqlStatefulFact[] = [];
  for (const select of find(stmt, 'selectStatement')) {
    readWindows(select, windows);
    readStateful(select, stateful);
  }
  const settings = find(stmt, 'setStatement').flatMap((s) => {
    const prop = find(s, 'tableProperty')[0];
    if (!prop) return [];
    return [{ key: unquote(ident(find(prop, 'tablePropertyKey')[0])), value: unquote(ident(find(prop, 'tablePropertyValue')[0])) }];
  });
  const statementHints = hints
    .filter((h) => h.start >= span.start && h.start < span.end)
    .flatMap((h) => [...h.text.slice(3, -2).matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)].map((m) => m[1].toUpperCase()));
  const verb = (terminals(stmt)[0]?.text ?? '').toUpperCase();
  return { span, verb, tables, windows, stateful, settings, hints: statementHints };
}

/** Reads a SQL script (one or more statements) with Flink SQL's grammar. Never throws on bad SQL: errors are listed. */
export function parseFlinkSql(sql: string): SqlScriptFacts {
  parser ??= new FlinkSQL();
  const errors: SqlScriptFacts['errors'] = [];
  const lineStarts = [0];
  for (let i = 0; i < sql.length; i++) if (sql[i] === '\n') lineStarts.push(i + 1);
  const tree = parser.parse(sql, (e) => {
    const start = (lineStarts[e.startLine - 1] ?? 0) + Math.max(0, e.startColumn - 1);
    const end = (lineStarts[e.endLine - 1] ?? 0) + Math.max(0, e.endColumn - 1);
    errors.push({ message: e.message, span: { start, end: Math.max(start, end) } });
  }) as unknown as TreeNode;
  // hints live in comments (/*+ ... */), which the lexer keeps off the parse tree
  const hints = parser
    .getAllTokens(sql)
    .filter((t) => t.type === FlinkSqlLexer.BRACKETED_COMMENT && (t.text ?? '').startsWith('/*+'))
    .map((t) => ({ text: t.text ?? '', start: t.start }));
  const statements = find(tree, 'singleStatement').map((s) => readStatement(s, hints));
  return { statements, errors };
}

/** What the SQL worker answers for each text: the facts, or why the grammar failed on it. */
export type SqlWorkerResult = { facts: SqlScriptFacts } | { error: string };
export interface SqlWorkerRequest {
  id: number;
  texts: string[];
}
export interface SqlWorkerReply {
  id: number;
  results: SqlWorkerResult[];
}

// Started as a worker thread (new Worker(dist/flinkSql.js, { workerData: SQL_WORKER_DATA })): parse what is asked,
// off the thread that asked (the editor's extension host), and answer with plain data.
if (!isMainThread && workerData === SQL_WORKER_DATA && parentPort) {
  const port = parentPort;
  port.on('message', (request: SqlWorkerRequest) => {
    const results = request.texts.map((text): SqlWorkerResult => {
      try {
        return { facts: parseFlinkSql(text) };
      } catch (err) {
        return { error: err instanceof Error ? err.message : String(err) };
      }
    });
    port.postMessage({ id: request.id, results } satisfies SqlWorkerReply);
  });
}
