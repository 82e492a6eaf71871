// The facts of Flink SQL embedded in a job's code (tableEnv.executeSql("..."), sqlQuery, t_env.execute_sql("""...""")):
// what src/flink/sqlGrammar.ts reads from Flink SQL's grammar, for the SQL rules in ./sqlChecks.ts. Pure data.
// Offsets are into the SQL text (the decoded string); ./sqlText.ts maps them back to the literal in the source.

/** [start, end) in the SQL text. */
export interface SqlSpan {
  start: number;
  end: number;
}

export interface SqlColumn {
  name: string;
  /** A computed column `name AS PROCTIME()`: a processing-time attribute. */
  proctime: boolean;
  span: SqlSpan;
}

/** CREATE TABLE (or CREATE TEMPORARY TABLE): its columns and the columns it declares a WATERMARK for. */
export interface SqlTableFact {
  name: string;
  columns: SqlColumn[];
  watermarks: string[];
  span: SqlSpan;
}

export type SqlWindowFunction = 'TUMBLE' | 'HOP' | 'CUMULATE' | 'SESSION';

/**
 * A window: a table-valued function `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), ...))` ('tvf'), or the legacy group window
 * `GROUP BY TUMBLE(ts, INTERVAL ...)` ('group').
 */
export interface SqlWindowFact {
  fn: SqlWindowFunction;
  style: 'tvf' | 'group';
  /** The windowed table when the statement names one: `TABLE t` of a TVF, the single table of a group window's FROM. */
  table?: string;
  /** The time attribute the window is on. */
  timeColumn: string;
  /** The function name (TUMBLE, HOP, ...). */
  span: SqlSpan;
}

/**
 * An operation whose state grows with its keys unless state TTL is set: a regular join (not an interval, temporal,
 * lookup or window join) or a GROUP BY aggregation outside any window.
 */
export interface SqlStatefulFact {
  kind: 'join' | 'aggregate';
  /** The JOIN keyword or GROUP BY. */
  span: SqlSpan;
}

export interface SqlStatementFact {
  span: SqlSpan;
  /** Its first keyword, upper-cased (SELECT, INSERT, CREATE, SET, EXECUTE, BEGIN, ...). */
  verb: string;
  tables: SqlTableFact[];
  windows: SqlWindowFact[];
  stateful: SqlStatefulFact[];
  /** `SET 'key' = 'value'` (quotes removed). */
  settings: { key: string; value: string }[];
  /** Query hints by name (`/*+ STATE_TTL(...) *\/` -> STATE_TTL). */
  hints: string[];
}

export interface SqlScriptFacts {
  statements: SqlStatementFact[];
  /** Syntax errors Flink SQL's grammar reports (the statements that parsed are still judged). */
  errors: { message: string; span: SqlSpan }[];
}

/** One SQL string of the source: where each of its characters is in the file, and what the grammar read. */
export interface SqlSourceFact {
  /** The SQL text (the literal's value, concatenated pieces joined). */
  text: string;
  /** 0-based line and column in the source of each character of `text`, and one past its end. */
  lines: number[];
  columns: number[];
  /** The call that runs it (executeSql, sqlQuery, ...). */
  call: string;
  script: SqlScriptFacts;
}

/** workerData that makes dist/flinkSql.js answer parse requests as a worker thread (src/flink/sqlGrammar.ts). */
export const SQL_WORKER_DATA = 'kafka-flink-planner/flink-sql-worker';
