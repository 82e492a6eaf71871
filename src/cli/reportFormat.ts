// --format text|json|sarif and --fail-on for the commands that report findings (kfp analyze, kfp review), and the
// SARIF log's I/O side: the paths of the files relative to the working directory, the tool's name and version.

import { isAbsolute, relative, resolve, sep } from 'node:path';
import { version } from '../../package.json';
import { levelRank, sarifLog, type SarifFindingInput, type SarifLevel, type SarifRuleInput } from '../core/sarif';
import { UsageError, type CliCommand, type Flags } from './io';

export type ReportFormat = 'text' | 'json' | 'sarif';
export type FailOn = SarifLevel | 'none';

export const REPORT_OPTIONS: CliCommand['options'] = {
  format: { type: 'string' },
  json: { type: 'boolean' },
  'fail-on': { type: 'string' },
};

export const REPORT_USAGE = '[--format text|json|sarif] [--fail-on error|warning|note|none]';

/** --format (or the older --json). */
export function reportFormat(flags: Flags): ReportFormat {
  const format = flags.format ?? (flags.json ? 'json' : 'text');
  if (format !== 'text' && format !== 'json' && format !== 'sarif')
    throw new UsageError(`--format takes text, json or sarif, got "${String(format)}".`);
  if (flags.json && format !== 'json') throw new UsageError(`--json and --format ${format} contradict each other: give one.`);
  return format;
}

/** --fail-on: the lowest level of finding that makes the exit code 1; `fallback` when not given. */
export function failOn(flags: Flags, fallback: FailOn): FailOn {
  const value = flags['fail-on'] ?? fallback;
  if (value !== 'error' && value !== 'warning' && value !== 'note' && value !== 'none')
    throw new UsageError(`--fail-on takes error, warning, note or none, got "${String(value)}".`);
  return value;
}

/** Whether any finding is at or above the --fail-on level. */
export function failsAt(levels: readonly SarifLevel[], threshold: FailOn): boolean {
  return threshold !== 'none' && levels.some((l) => levelRank(l) >= levelRank(threshold));
}

/** A file as SARIF names it: relative to the working directory when under it (forward slashes), else absolute. */
export function sarifPath(file: string, cwd: string = process.cwd()): string {
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return abs;
  return rel.split(sep).join('/');
}

/** The SARIF log text for one run of the CLI. */
export function sarifText(
  rules: SarifRuleInput[],
  findings: SarifFindingInput[],
  category: string,
  toolErrors: readonly string[] = [],
): string {
  const log = sarifLog(
    { name: 'kfp (Kafka & Flink Planner)', version },
    rules,
    findings.map((f) => ({ ...f, file: sarifPath(f.file) })),
    { baseDir: process.cwd(), category, toolErrors },
  );
  return JSON.stringify(log, null, 2) + '\n';
}
