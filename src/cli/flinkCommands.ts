// kfp analyze FILE... [--format text|json|sarif] [--fail-on LEVEL]: the Flink lens on the command line. Prints each
// file's findings (rule, severity, file, line, column, message) and its job summary, as text, JSON or a SARIF 2.1.0
// log. Exit 0 (also with findings, unless --fail-on names a level some finding reaches: then 1); 2 when a file
// cannot be read or is not a Java/Scala/Python file.

import type { AnalyzeOptions } from '../core/flink/analyze';
import type { Severity } from '../core/flink/rules';
import { analyzeSource, languageOf, lastParserError, usesFlink } from '../flink/parser';
import { flinkSarifRules, sarifLevel, type SarifFindingInput } from '../core/sarif';
import { formatUsd, plural } from '../core/units';
import { UsageError, output, positiveNumber, readText, type CliCommand } from './io';
import { REPORT_OPTIONS, REPORT_USAGE, failOn, failsAt, reportFormat, sarifText } from './reportFormat';

interface FileReport {
  file: string;
  language?: string;
  /** false when the file uses no Flink API (nothing analysed). */
  flink: boolean;
  findings: {
    rule: string;
    severity: Severity;
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    message: string;
    docUrl: string;
  }[];
  /** What the analysis could not read (never a finding). */
  notes?: string[];
  /** Bugs met while analysing (the rest of the analysis ran). */
  internalErrors?: string[];
  /** A test source (not judged), a file with a job, a Managed Service for Apache Flink application. */
  context?: { testSource: boolean; job: boolean; managedApp: boolean };
  summary?: {
    operators: number;
    shuffles: number;
    branches: number;
    subtasks: number;
    parallelism: number;
    kpus: number;
    monthlyKpuCostUsd: number;
    explanation: string[];
  };
}

export const flinkCommands: CliCommand[] = [
  {
    name: 'analyze',
    usage:
      '  kfp analyze FILE... [--target self-managed|managed] [--parallelism N] [--parallelism-per-kpu N]\n' +
      `           ${REPORT_USAGE}\n` +
      '                                             Flink job findings (Java, Scala, PyFlink, SQL in code) and a job summary;\n' +
      '                                             exit 0 with findings unless --fail-on LEVEL (default none) is reached: 1',
    options: {
      ...REPORT_OPTIONS,
      target: { type: 'string' },
      parallelism: { type: 'string' },
      'parallelism-per-kpu': { type: 'string' },
    },
    async run(flags, positionals) {
      const format = reportFormat(flags);
      const threshold = failOn(flags, 'none');
      if (positionals.length === 0) throw new UsageError('analyze needs at least one FILE (.java, .scala or .py).');
      const target = flags.target ?? 'self-managed';
      if (target !== 'self-managed' && target !== 'managed')
        throw new UsageError(`--target takes self-managed or managed, got "${String(target)}".`);
      const ppk = positiveNumber(flags['parallelism-per-kpu'], '--parallelism-per-kpu', 1, 'subtasks per KPU (1-8)');
      if (!Number.isInteger(ppk) || ppk > 8)
        throw new UsageError(`--parallelism-per-kpu takes a whole number from 1 to 8, got "${String(flags['parallelism-per-kpu'])}".`);
      const opts: AnalyzeOptions = {
        target,
        defaultParallelism: positiveNumber(flags.parallelism, '--parallelism', 1, 'subtasks'),
        parallelismPerKpu: ppk,
      };
      const reports: FileReport[] = [];
      for (const file of positionals) {
        const language = languageOf(file);
        if (!language) throw new UsageError(`Cannot analyse "${file}": only .java, .scala and .py files are supported.`);
        const text = readText(file, 'source file');
        if (!usesFlink(text)) {
          reports.push({ file, language, flink: false, findings: [] });
          continue;
        }
        const a = await analyzeSource(text, file, opts);
        if (!a) throw new Error(`Could not parse "${file}": ${lastParserError ?? 'unknown parser error'}.`);
        reports.push({
          file,
          language,
          flink: true,
          findings: a.findings.map((f) => ({
            rule: f.rule,
            severity: f.severity,
            file,
            line: f.range.line + 1,
            column: f.range.column + 1,
            endLine: f.range.endLine + 1,
            endColumn: f.range.endColumn + 1,
            message: f.message,
            docUrl: f.docUrl,
          })),
          notes: a.notes,
          internalErrors: a.internalErrors,
          context: a.context,
          summary: {
            operators: a.summary.operators,
            shuffles: a.summary.shuffles,
            branches: a.summary.branches,
            subtasks: a.summary.subtasks,
            parallelism: a.summary.parallelism,
            kpus: a.summary.kpus,
            monthlyKpuCostUsd: a.summary.monthlyKpuCostUsd,
            explanation: a.summary.explanation,
          },
        });
      }
      const findings = reports.flatMap((r) => r.findings);
      const text =
        format === 'sarif'
          ? sarifText(
              flinkSarifRules(),
              findings.map((f) => sarifFinding(f)),
              'kfp-analyze/',
              reports.flatMap((r) => (r.internalErrors ?? []).map((e) => `${r.file}: internal error while analysing: ${e}`)),
            )
          : format === 'json'
            ? JSON.stringify({ files: reports }, null, 2) + '\n'
            : formatReports(reports);
      output(text, flags.out);
      return failsAt(
        findings.map((f) => sarifLevel(f.severity)),
        threshold,
      )
        ? 1
        : 0;
    },
  },
];

function sarifFinding(f: FileReport['findings'][number]): SarifFindingInput {
  return {
    ruleId: f.rule,
    level: sarifLevel(f.severity),
    message: f.message,
    file: f.file,
    region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
  };
}

function formatReports(reports: FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    if (!r.flink) {
      lines.push(`${r.file}: no Flink API used (not analysed)`, '');
      continue;
    }
    for (const f of r.findings) lines.push(`${f.file}:${f.line}:${f.column}: ${f.severity} [${f.rule}] ${f.message}`);
    if (r.context?.testSource) lines.push(`${r.file}: a test source: not judged (no findings)`);
    else if (r.context && !r.context.job) lines.push(`${r.file}: no job in this file (no execute call or sink): per-operator rules only`);
    for (const n of r.notes ?? []) lines.push(`${r.file}: note: ${n}`);
    for (const e of r.internalErrors ?? []) lines.push(`${r.file}: internal error (please report): ${e}`);
    const s = r.summary!;
    const found = plural(r.findings.length, 'finding');
    // no DataStream pipeline (a helper, a Table API/SQL-only job): "0 operators → 2 KPUs" would be a made-up cost
    if (s.operators === 0 || (r.context && !r.context.job)) {
      lines.push(
        `${r.file}: ${found}; no job summary: no DataStream pipeline from a source to a sink in this file ` +
          `(operators of Table API / SQL statements are planned by Flink's optimizer and are not counted)`,
        '',
      );
      continue;
    }
    lines.push(
      `${r.file}: ${found}; job: ${plural(s.operators, 'operator')}, ${plural(s.shuffles, 'shuffle')}, ` +
        `${plural(s.branches, 'branch')}, ~${plural(s.subtasks, 'subtask')}, parallelism ${s.parallelism} → ${plural(s.kpus, 'KPU')} ≈ ${formatUsd(s.monthlyKpuCostUsd)}/month`,
      ...s.explanation.map((e) => `  ${e}`),
      '',
    );
  }
  return lines.join('\n');
}
