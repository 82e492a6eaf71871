// The SQL rules: judge the Flink SQL a job runs from its code (facts.sql, read by Flink SQL's grammar in src/flink)
// and put each finding inside the string literal, on the SQL it is about. Tables are matched by name across all the
// SQL strings of the file (a CREATE TABLE in one executeSql, the query in another). Pure.

import type { Expr, FlinkFacts, SourceRange } from './facts';
import { allExprs, describeError } from './exprs';
import type { FileContext } from './context';
import { RULES, type Finding, type RuleId } from './rules';
import type { SqlSourceFact, SqlSpan, SqlTableFact } from './sqlFacts';

/** The source range of a span of one SQL string (inside its literal). */
export function sqlRange(sql: SqlSourceFact, span: SqlSpan): SourceRange {
  const last = sql.lines.length - 1;
  const start = Math.min(Math.max(0, span.start), last);
  const endChar = Math.min(Math.max(start, span.end - 1), last);
  const endIsChar = span.end > span.start && endChar < sql.text.length;
  return {
    line: sql.lines[start],
    column: sql.columns[start],
    endLine: sql.lines[endChar],
    endColumn: sql.columns[endChar] + (endIsChar ? 1 : 0),
  };
}

const baseName = (name: string) => name.split('.').pop()!.toLowerCase();
const TTL_KEY = 'table.exec.state.ttl';
const TTL_CALLS = new Set(['setIdleStateRetention', 'setIdleStateRetentionTime']);

function finding(rule: RuleId, message: string, range: SourceRange): Finding {
  return { rule, severity: RULES[rule].severity, message, range, docUrl: RULES[rule].docUrl };
}

/** Whether the code sets the idle state retention (table.exec.state.ttl) on the table config. */
function ttlInCode(exprs: Expr[]): boolean {
  return exprs.some(
    (e) =>
      (e.k === 'lit' && e.value === TTL_KEY) ||
      (e.k === 'call' && TTL_CALLS.has(e.name)) ||
      ((e.k === 'field' || e.k === 'id') && /(^|\.)IDLE_STATE_RETENTION$/.test(e.k === 'field' ? e.name : e.name)),
  );
}

/** Whether the code runs the Table API in batch mode (no state to expire; windows need no time attribute). */
function batchInCode(exprs: Expr[]): boolean {
  return exprs.some(
    (e) =>
      (e.k === 'call' && e.name === 'inBatchMode') ||
      (e.k === 'field' && e.name === 'BATCH' && /RuntimeExecutionMode/.test(e.text)) ||
      (e.k === 'lit' && typeof e.value === 'string' && /^execution\.runtime-mode=batch$/i.test(e.value.replace(/\s/g, ''))),
  );
}

export function runSqlRules(facts: FlinkFacts, context: FileContext): { findings: Finding[]; internalErrors: string[] } {
  const findings: Finding[] = [];
  const internalErrors: string[] = [];
  const sql = facts.sql ?? [];
  if (sql.length === 0) return { findings, internalErrors };
  try {
    const exprs = allExprs(facts);
    const statements = sql.flatMap((s) => s.script.statements.map((st) => ({ sql: s, st })));
    const settings = statements.flatMap(({ st }) => st.settings);
    const batch =
      batchInCode(exprs) || settings.some((s) => s.key === 'execution.runtime-mode' && s.value.trim().toLowerCase() === 'batch');
    const ttl = ttlInCode(exprs) || settings.some((s) => s.key === TTL_KEY && !/^0\s*(ms)?$/i.test(s.value.trim()));
    const tables = new Map<string, SqlTableFact>();
    for (const { st } of statements) for (const t of st.tables) tables.set(baseName(t.name), t);

    for (const { sql: s, st } of statements) {
      for (const w of st.windows) {
        const column = w.timeColumn.toLowerCase();
        const owner =
          w.table !== undefined
            ? tables.get(baseName(w.table))
            : [...tables.values()].filter((t) => t.columns.some((c) => c.name.toLowerCase() === column)).length === 1
              ? [...tables.values()].find((t) => t.columns.some((c) => c.name.toLowerCase() === column))
              : undefined;
        const col = owner?.columns.find((c) => c.name.toLowerCase() === column);
        if (!owner || !col) continue; // a view, a catalog table or a table built in code: not known here
        const range = sqlRange(s, w.span);
        if (col.proctime) {
          findings.push(
            finding(
              'sql-processing-time-window',
              `${w.fn} over ${col.name}, a processing-time attribute (${col.name} AS PROCTIME() in CREATE TABLE ${owner.name}): ` +
                'windows close by the wall clock, so results change with lag, restarts and replays. Window on an event-time ' +
                `column with a WATERMARK instead (e.g. WATERMARK FOR ts AS ts - INTERVAL '5' SECOND in ${owner.name}).`,
              range,
            ),
          );
        } else if (!batch && !owner.watermarks.some((m) => m.toLowerCase() === column)) {
          findings.push(
            finding(
              'sql-window-without-watermark',
              `${w.fn} over ${col.name}, but CREATE TABLE ${owner.name} declares no WATERMARK for ${col.name}: it is not a time attribute, ` +
                `so in streaming mode Flink rejects the query ("${
                  w.style === 'tvf'
                    ? 'The window function requires the timecol is a time attribute type'
                    : 'Window aggregate can only be defined over a time attribute column'
                }"). ` +
                `Add WATERMARK FOR ${col.name} AS ${col.name} - INTERVAL '5' SECOND (the out-of-orderness you expect) to ${owner.name}.`,
              range,
            ),
          );
        }
      }
    }

    const runsJob = context.job || statements.some(({ st }) => st.verb === 'INSERT' || st.verb === 'EXECUTE' || st.verb === 'BEGIN');
    if (!batch && !ttl && runsJob) {
      for (const { sql: s, st } of statements) {
        if (st.hints.includes('STATE_TTL')) continue;
        for (const op of st.stateful) {
          const what =
            op.kind === 'join'
              ? 'A regular join keeps every row of both inputs in state'
              : 'A GROUP BY outside a window keeps one state entry per group';
          findings.push(
            finding(
              'sql-unbounded-state-without-ttl',
              `${what} for ever: no state TTL is set (table.exec.state.ttl, or a /*+ STATE_TTL(...) */ hint), so state grows ` +
                `with every key. Set table.exec.state.ttl to how long a key may stay idle (SET '${TTL_KEY}' = '1 d', or on the ` +
                'table config), add a STATE_TTL hint to this query' +
                (op.kind === 'join' ? ', or use an interval, temporal or window join.' : ', or aggregate in a window.'),
              sqlRange(s, op.span),
            ),
          );
        }
      }
    }
  } catch (err) {
    internalErrors.push(`SQL rules: ${describeError(err)}`);
  }
  return { findings, internalErrors };
}
