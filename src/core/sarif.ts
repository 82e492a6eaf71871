// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format, https://docs.oasis-open.org/sarif/sarif/v2.1.0/)
// for `kfp analyze --format sarif` and `kfp review --format sarif`: one run, the tool's rule catalog as
// tool.driver.rules, one result per finding with its rule id and index, level, message and a region (1-based lines
// and columns, UTF-16 code units, end column exclusive) in a file given relative to the %SRCROOT% base. Code-scanning
// tools (GitHub code scanning, Azure DevOps, SonarQube's SARIF import, ...) read this to show findings in a pull
// request. Pure: the CLI reads the files and writes the log.

import { RULE_IDS, RULES } from './flink/rules';
import type { ReviewFinding } from './planner/review';
import { REVIEW_CHECKS, REVIEW_CODES } from './planner/reviewRules';
import { locateFindings } from './reassignmentDocument';

/** SARIF's result levels (3.27.10); "none" is never produced. */
export type SarifLevel = 'error' | 'warning' | 'note';

/** The severities our findings carry (Flink rules and plan review). */
export type FindingSeverityName = 'error' | 'warning' | 'info' | 'hint';

/** error -> error, warning -> warning, info and hint -> note. */
export function sarifLevel(severity: FindingSeverityName): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** How serious a level is, for thresholds: note < warning < error. */
export function levelRank(level: SarifLevel): number {
  return level === 'error' ? 3 : level === 'warning' ? 2 : 1;
}

export interface SarifRuleInput {
  id: string;
  /** A short title ("Processing-time window"); becomes the rule's PascalCase name and its shortDescription. */
  title: string;
  /** Why it matters: the rule's fullDescription. */
  description: string;
  /** The documentation that backs the rule. */
  helpUri: string;
  defaultLevel: SarifLevel;
}

/** 1-based, end column exclusive (SARIF 3.30). */
export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifFindingInput {
  ruleId: string;
  level: SarifLevel;
  message: string;
  /** The file: relative to the base directory (%SRCROOT%), or absolute when it lies outside it. */
  file: string;
  region?: SarifRegion;
}

export interface SarifToolInput {
  name: string;
  version: string;
  informationUri?: string;
}

export interface SarifLogOptions {
  /** Absolute directory the files are relative to (the CLI's working directory): %SRCROOT%. */
  baseDir: string;
  /**
   * The run's category (runAutomationDetails.id, ending in "/"): code-scanning services keep runs of different
   * categories apart, so a job's findings and a plan's review do not replace each other.
   */
  category?: string;
  /** Problems of the tool itself (a rule that threw): toolExecutionNotifications, and executionSuccessful false. */
  toolErrors?: readonly string[];
}

// The types of the subset of SARIF we write (names and shapes as in the 2.1.0 schema).
export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  help: { text: string };
  defaultConfiguration: { level: SarifLevel };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region?: SarifRegion;
    };
  }[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: {
      driver: { name: string; version: string; semanticVersion: string; informationUri?: string; rules: SarifReportingDescriptor[] };
    };
    automationDetails?: { id: string };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { level: 'error'; message: { text: string } }[] }[];
    results: SarifResult[];
  }[];
}

/** The OASIS 2.1.0 schema (errata 01, OASIS Standard). */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SRCROOT = 'SRCROOT';

/** "processing-time-window" -> "ProcessingTimeWindow" (SARIF 3.49.7: a name is an identifier, not the id). */
function pascalName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** A path as a URI reference: forward slashes, each segment percent-encoded. */
function uriPath(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/** A directory as a file: URI ending in a slash (SARIF 3.14.14: a base URI ends with "/"). */
export function directoryUri(dir: string): string {
  let p = dir.replace(/\\/g, '/');
  if (/^[A-Za-z]:\//.test(p)) p = `/${p}`;
  if (!p.endsWith('/')) p += '/';
  return `file://${uriPath(p)}`;
}

/**
 * Where a file is, for a result: a path relative to the base directory (forward or back slashes, no leading "..")
 * is given relative to %SRCROOT%; anything else (an absolute path: the CLI passes one for a file outside the base)
 * as an absolute file: URI.
 */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const f = file.replace(/\\/g, '/');
  const absolute = f.startsWith('/') || /^[A-Za-z]:\//.test(f);
  if (!absolute && !f.split('/').includes('..')) return { uri: uriPath(f.replace(/^(\.\/)+/, '')), uriBaseId: SRCROOT };
  return { uri: directoryUri(f).replace(/\/$/, '') };
}

/** The SARIF log of one run of `tool` with `rules` (all of them, reported or not) and its findings. */
export function sarifLog(
  tool: SarifToolInput,
  rules: readonly SarifRuleInput[],
  findings: readonly SarifFindingInput[],
  opts: SarifLogOptions,
): SarifLog {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: SarifResult[] = findings.map((f) => {
    const ruleIndex = index.get(f.ruleId);
    if (ruleIndex === undefined) throw new Error(`SARIF: finding of unknown rule "${f.ruleId}" (not in the rule catalog)`);
    return {
      ruleId: f.ruleId,
      ruleIndex,
      level: f.level,
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(f.file),
            ...(f.region ? { region: f.region } : {}),
          },
        },
      ],
    };
  });
  const toolErrors = opts.toolErrors ?? [];
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules: rules.map((r) => ({
              id: r.id,
              name: pascalName(r.id),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              helpUri: r.helpUri,
              help: { text: `${r.description} See ${r.helpUri}` },
              defaultConfiguration: { level: r.defaultLevel },
            })),
          },
        },
        ...(opts.category ? { automationDetails: { id: opts.category } } : {}),
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(opts.baseDir) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: toolErrors.length === 0,
            ...(toolErrors.length
              ? { toolExecutionNotifications: toolErrors.map((text) => ({ level: 'error' as const, message: { text } })) }
              : {}),
          },
        ],
        results,
      },
    ],
  };
}

/** 0-based SourceRange (end exclusive) -> SARIF's 1-based region. */
export function regionOf(range: { line: number; column: number; endLine: number; endColumn: number }): SarifRegion {
  return { startLine: range.line + 1, startColumn: range.column + 1, endLine: range.endLine + 1, endColumn: range.endColumn + 1 };
}

/** A catalog of rules (id -> title, why, documentation, default severity) as SARIF rules, in the order of `ids`. */
function catalogRules<Id extends string>(
  ids: readonly Id[],
  catalog: Readonly<Record<Id, { title: string; why: string; docUrl: string; severity: FindingSeverityName }>>,
): SarifRuleInput[] {
  return ids.map((id) => ({
    id,
    title: catalog[id].title,
    description: catalog[id].why,
    helpUri: catalog[id].docUrl,
    defaultLevel: sarifLevel(catalog[id].severity),
  }));
}

/** The Flink lens's rules (./flink/rules.ts) as SARIF rules. */
export function flinkSarifRules(): SarifRuleInput[] {
  return catalogRules(RULE_IDS, RULES);
}

/** The plan-review checks (./planner/reviewRules.ts) as SARIF rules. */
export function reviewSarifRules(): SarifRuleInput[] {
  return catalogRules(REVIEW_CODES, REVIEW_CHECKS);
}

/**
 * A plan review's findings as SARIF findings in the plan file: each on the JSON value its path names (the first line
 * of a multi-line value, as the editor shows it: ./reassignmentDocument.ts).
 */
export function reviewSarifFindings(file: string, text: string, findings: readonly ReviewFinding[]): SarifFindingInput[] {
  return locateFindings(text, [...findings]).map(({ finding, start, end }) => ({
    ruleId: finding.code,
    level: sarifLevel(finding.severity),
    message: finding.message,
    file,
    region: regionOf({ line: start.line, column: start.character, endLine: end.line, endColumn: end.character }),
  }));
}
