// What kind of file is analysed, which decides which findings are worth showing: a test source (no findings: a test
// harness is not deployed, its missing uid or checkpointing costs nothing), a file with no job (a library of
// functions or a helper: only the per-operator rules, which are as true there as in a job), a Managed Service for
// Apache Flink application (the service configures checkpointing). Pure: the path is passed in.

import type { FlinkFacts } from './facts';
import type { JobModel } from './model';

export interface FileContext {
  /** A test source, by its path (src/test/, *Test.java, test_*.py, *Spec.scala, ...): no findings, no cost lenses. */
  testSource: boolean;
  /**
   * The file runs a job: it calls an execution environment and executes it, adds a sink, or runs a Table API insert.
   * Without one, only per-operator rules report (RULES[id].scope).
   */
  job: boolean;
  /** A Managed Service for Apache Flink application, recognisable by how it reads its runtime properties. */
  managedApp: boolean;
  /**
   * The job runs in BATCH execution mode (setRuntimeMode(RuntimeExecutionMode.BATCH)): no savepoint is taken of it, a
   * failure re-runs it from the start and its state is dropped at the end, so uids, checkpointing and state TTL are
   * not asked for.
   */
  bounded: boolean;
}

function batchJob(model: JobModel): boolean {
  return model.calls.some((c) => c.name === 'setRuntimeMode' && /\bBATCH\b/.test(c.args[0]?.text ?? ''));
}

/** Test-source conventions of Maven/Gradle/sbt (src/test/, *Test.java, *Spec.scala, *Suite.scala) and pytest. */
const TEST_PATHS = [
  /(^|\/)src\/(test|it|integrationTest|integration-test|testFixtures)\//,
  /(^|\/)tests\//,
  /(Test|Tests|TestCase|IT|ITCase)\.(java|scala)$/,
  /(Spec|Suite)\.scala$/,
  /(^|\/)test_[^/]*\.py$/,
  /_test\.py$/,
  /(^|\/)conftest\.py$/,
];

export function isTestSource(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return TEST_PATHS.some((re) => re.test(p));
}

/** Table API calls that run an insert job (executeSql runs one when its statement is an INSERT or a statement set). */
const TABLE_INSERTS = new Set(['executeInsert', 'addInsertSql', 'addInsert']);
const INSERT_SQL = /^\s*(INSERT|EXECUTE\s+STATEMENT\s+SET|BEGIN\s+STATEMENT\s+SET)\b/i;

/**
 * How a Managed Service for Apache Flink application reads its runtime properties: KinesisAnalyticsRuntime
 * .getApplicationProperties() in Java and Scala, the application_properties.json file in PyFlink (AWS docs,
 * "Use runtime properties").
 */
const MANAGED_MARKERS = new Set(['KinesisAnalyticsRuntime', 'getApplicationProperties']);
const MANAGED_PROPERTIES_FILE = '/etc/flink/application_properties.json';
/**
 * Packages of the Managed Service for Apache Flink (formerly Kinesis Data Analytics) application templates and
 * examples (github.com/aws-samples/amazon-managed-service-for-apache-flink-examples).
 */
const MANAGED_PACKAGES = /^com\.amazonaws\.services\.(kinesisanalytics|msf)(\.|$)/;

export function fileContext(facts: FlinkFacts, model: JobModel, path: string | undefined): FileContext {
  let tableInsert = false;
  let managedApp = facts.imports.some((i) => MANAGED_MARKERS.has(i.name.replace(/^.*\./, '')));
  for (const c of model.calls) {
    if (MANAGED_MARKERS.has(c.name)) managedApp = true;
    if (TABLE_INSERTS.has(c.name)) tableInsert = true;
    const sql = c.args[0];
    if (c.name === 'executeSql' && sql?.k === 'lit' && typeof sql.value === 'string' && INSERT_SQL.test(sql.value)) tableInsert = true;
  }
  // Scala reads the properties without parentheses (a field, not a call); PyFlink apps name the file
  if (!managedApp && facts.language !== 'java')
    managedApp = model.exprs.some(
      (e) =>
        (e.k === 'field' && MANAGED_MARKERS.has(e.name)) ||
        (facts.language === 'python' && e.k === 'lit' && typeof e.value === 'string' && e.value.includes(MANAGED_PROPERTIES_FILE)),
    );
  // the packages of the service's own application templates, which applications built from them keep
  if (facts.packageName && MANAGED_PACKAGES.test(facts.packageName)) managedApp = true;
  const sinks = model.operators.some((o) => o.role === 'sink');
  return {
    testSource: path !== undefined && isTestSource(path),
    job: model.usesEnvironment && (model.executeCalls.length > 0 || sinks || tableInsert),
    managedApp,
    bounded: batchJob(model),
  };
}
