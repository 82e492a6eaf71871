// The editor side of plan review, kept pure so it is unit-tested without VS Code: recognising a reassignment
// file cheaply (it runs on every JSON document the user opens), placing review findings on line/column ranges,
// the code lens text, and validating the options the "Plan Reassignment" command accepts from other code.

import { InputError } from './errors';
import { jsonPositions, spanOf } from './jsonPositions';
import { parseBrokerList } from './kafkaFormats';
import type { ClusterSnapshot } from './model';
import { DrainBlockedError, checkDrain } from './planner/drain';
import { parseCapacity } from './capacitySpec';
import { parseGoals, type GoalId, type PlanGoal, type PlanOptions } from './planner/plan';
import type { TrafficModel } from './traffic';
import type { PlanReview, ReviewFinding } from './planner/review';
import { formatBytes } from './units';
import { ValidationError } from './validate';

export { looksLikeReassignment } from './documentKinds';

export interface TextPosition {
  /** 0-based */
  line: number;
  /** 0-based, in UTF-16 code units (what VS Code's Position takes) */
  character: number;
}

export interface LocatedFinding {
  finding: ReviewFinding;
  start: TextPosition;
  end: TextPosition;
}

/** Offsets of the start of every line: positions then cost a binary search instead of a scan per finding. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionAt(starts: number[], offset: number): TextPosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

/**
 * Puts each finding on the JSON value its path names (or the nearest mapped ancestor, e.g. for a file that stops
 * parsing half-way); a finding whose path cannot be mapped at all lands on the first line. A value that spans
 * several lines (an object) is reduced to its first line so the squiggle stays readable.
 */
export function locateFindings(text: string, findings: ReviewFinding[]): LocatedFinding[] {
  if (findings.length === 0) return [];
  const spans = jsonPositions(text);
  const starts = lineStarts(text);
  return findings.map((finding) => {
    const span = spanOf(spans, finding.path);
    if (!span) {
      const firstLineEnd = (starts[1] ?? text.length + 1) - 1;
      return { finding, start: { line: 0, character: 0 }, end: positionAt(starts, Math.max(0, firstLineEnd)) };
    }
    const start = positionAt(starts, span.start);
    let end = positionAt(starts, span.end);
    if (end.line !== start.line) {
      const lineEnd = (starts[start.line + 1] ?? text.length + 1) - 1;
      end = { line: start.line, character: lineEnd - starts[start.line] };
    }
    return { finding, start, end };
  });
}

/**
 * The code lens above a reviewed file: "moves 12 replicas, 3.4 GiB, ~1 h 10 min at 50.0 MB/s", led by the error
 * count when there are errors ("2 errors; moves …": entries that cannot be placed, such as an unknown topic or a bad
 * field, are not in the numbers), and without numbers when nothing of the file could be read.
 */
export function reviewLensTitle(
  review: Pick<PlanReview, 'replicasMoved' | 'bytesMoved' | 'findings' | 'readable'>,
  estimateText: string,
): string {
  const errors = review.findings.filter((f) => f.severity === 'error').length;
  const errorText = `${errors} error${errors === 1 ? '' : 's'}`;
  if (!review.readable) return `${errorText}: not readable as a reassignment file, nothing reviewed`;
  const moves = `moves ${review.replicasMoved} replica${review.replicasMoved === 1 ? '' : 's'}, ${formatBytes(review.bytesMoved)}, ${estimateText}`;
  return errors ? `${errorText}; ${moves}` : moves;
}

// ----- the options of the "Plan Reassignment" command

export type PlanGoalKind = PlanGoal['kind'];

/** Everything the plan view needs to recompute a plan: also what it saves to be restored after a reload. */
export interface PlanRequest {
  clusterId: string;
  goal: PlanGoalKind;
  /** add: the new brokers (with racks); remove: the brokers to drain (racks ignored); rebalance: unused. */
  brokers: { id: number; rack: string | null }[];
  tolerance: number;
  excludedTopics: string[];
  /**
   * Internal topics (__consumer_offsets, …): true moves them like any topic, false leaves them; absent, a drain moves
   * them off the drained brokers (and only there) and other goals leave them (PlanOptions.includeInternalTopics).
   */
  includeInternalTopics?: boolean;
  /** remove: plan even when the drain cannot finish (checkDrain found partitions that must stay); otherwise refused. */
  allowPartialDrain?: boolean;
  throttleBytesPerSec: number;
  movesPerBroker: number;
  /** Soft goals in priority order (the setting kafkaPlanner.planner.goals when absent). */
  goals?: GoalId[];
  /** Per-broker capacity as capacitySpec.ts reads it ("kafka.m7g.large,disk=2TiB"); absent: capacities not checked. */
  capacity?: string;
}

/** Bad plan options (a user error): names the field and the accepted values. */
export class PlanRequestError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'PlanRequestError';
  }
}

const GOALS: PlanGoalKind[] = ['rebalance', 'add', 'remove'];

/**
 * Validates the options object given to the command by other code or tests, e.g.
 * {clusterId:'demo', goal:'add', brokers:[7,8,9]} or {goal:'add', brokers:'7:a,8:b'}; fills what is missing from
 * `defaults` (the settings). Errors name the field and the accepted values.
 */
export function planRequestFrom(
  value: unknown,
  defaults: Omit<PlanRequest, 'goal' | 'brokers' | 'excludedTopics' | 'includeInternalTopics' | 'allowPartialDrain'>,
): PlanRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PlanRequestError(
      `Plan options must be an object such as {"clusterId":"demo","goal":"rebalance"}, got ${JSON.stringify(value)}.`,
    );
  }
  const v = value as Record<string, unknown>;
  const clusterId = v.clusterId ?? defaults.clusterId;
  if (typeof clusterId !== 'string' || clusterId === '')
    throw new PlanRequestError(`clusterId must be a cluster id such as "demo", got ${JSON.stringify(v.clusterId)}.`);
  const goal = v.goal ?? 'rebalance';
  if (typeof goal !== 'string' || !GOALS.includes(goal as PlanGoalKind))
    throw new PlanRequestError(`goal must be one of ${GOALS.join(', ')}, got ${JSON.stringify(v.goal)}.`);
  const brokers = brokersFrom(v.brokers, goal as PlanGoalKind);
  const number = (key: keyof PlanRequest, fallback: number, ok: (n: number) => boolean, what: string): number => {
    const raw = v[key];
    if (raw === undefined) return fallback;
    if (typeof raw !== 'number' || !ok(raw)) throw new PlanRequestError(`${key} must be ${what}, got ${JSON.stringify(raw)}.`);
    return raw;
  };
  const excluded = v.excludedTopics ?? [];
  if (!Array.isArray(excluded) || excluded.some((t) => typeof t !== 'string'))
    throw new PlanRequestError(`excludedTopics must be a list of topic names, got ${JSON.stringify(v.excludedTopics)}.`);
  const flag = (key: 'includeInternalTopics' | 'allowPartialDrain'): { [k in typeof key]?: boolean } => {
    const raw = v[key];
    if (raw === undefined) return {};
    if (typeof raw !== 'boolean') throw new PlanRequestError(`${key} must be true or false, got ${JSON.stringify(raw)}.`);
    return { [key]: raw };
  };
  return {
    clusterId,
    goal: goal as PlanGoalKind,
    brokers,
    tolerance: number('tolerance', defaults.tolerance, (n) => n > 0 && n < 1, 'a fraction between 0 and 1 (0.1 = within 10 % of the mean)'),
    excludedTopics: excluded as string[],
    ...flag('includeInternalTopics'),
    ...flag('allowPartialDrain'),
    throttleBytesPerSec: number(
      'throttleBytesPerSec',
      defaults.throttleBytesPerSec,
      (n) => n > 0 && Number.isFinite(n),
      'bytes per second > 0',
    ),
    movesPerBroker: number('movesPerBroker', defaults.movesPerBroker, (n) => Number.isInteger(n) && n >= 1, 'a whole number >= 1'),
    ...goalsFrom(v.goals ?? defaults.goals),
    ...capacityFrom(v.capacity ?? defaults.capacity),
  };
}

function goalsFrom(raw: unknown): { goals?: GoalId[] } {
  if (raw === undefined) return {};
  const list = typeof raw === 'string' ? raw : Array.isArray(raw) && raw.every((g) => typeof g === 'string') ? raw.join(',') : undefined;
  if (list === undefined)
    throw new PlanRequestError(`goals must be a list of goal ids such as ["disk","nw-in"], got ${JSON.stringify(raw)}.`);
  try {
    return { goals: parseGoals(list) };
  } catch (err) {
    throw new PlanRequestError(`goals: ${(err as Error).message}`);
  }
}

function capacityFrom(raw: unknown): { capacity?: string } {
  if (raw === undefined || raw === '') return {};
  if (typeof raw !== 'string')
    throw new PlanRequestError(`capacity must be text such as "kafka.m7g.large,disk=2TiB", got ${JSON.stringify(raw)}.`);
  parseCapacity(raw, 'capacity'); // throws naming the bad part
  return { capacity: raw };
}

function brokersFrom(raw: unknown, goal: PlanGoalKind): { id: number; rack: string | null }[] {
  if (raw === undefined) {
    if (goal === 'remove') throw new PlanRequestError('goal "remove" needs brokers: the ids to drain, e.g. [3] or "3".');
    return [];
  }
  if (typeof raw === 'string') {
    try {
      return parseBrokerList(raw, 'brokers');
    } catch (err) {
      throw new PlanRequestError(err instanceof ValidationError ? err.message : String(err));
    }
  }
  if (!Array.isArray(raw)) throw new PlanRequestError(`brokers must be a list such as [7, 8] or "7:a,8:b", got ${JSON.stringify(raw)}.`);
  return raw.map((b, i) => {
    if (typeof b === 'number' && Number.isInteger(b) && b >= 0) return { id: b, rack: null };
    if (typeof b === 'object' && b !== null && Number.isInteger((b as { id?: unknown }).id) && (b as { id: number }).id >= 0) {
      const rack = (b as { rack?: unknown }).rack;
      if (rack === undefined || rack === null || (typeof rack === 'string' && rack !== ''))
        return { id: (b as { id: number }).id, rack: (rack as string | undefined) ?? null };
    }
    throw new PlanRequestError(`brokers[${i}] must be a broker id or {"id":7,"rack":"a"}, got ${JSON.stringify(b)}.`);
  });
}

/**
 * Before planning a drain that the request does not allow to stay partial: throws DrainBlockedError naming every
 * partition that could not leave the drained brokers and why (checkDrain). Other goals pass.
 */
export function assertDrainCanFinish(request: PlanRequest, snapshot: ClusterSnapshot, fix: string): void {
  if (request.goal !== 'remove' || request.allowPartialDrain) return;
  const problems = checkDrain(snapshot, planOptionsOf(request, snapshot));
  if (problems.length)
    throw new DrainBlockedError(
      problems,
      request.brokers.map((b) => b.id),
      fix,
    );
}

/** Brokers that hold no replica in the snapshot: the candidates for "add brokers". */
export function emptyBrokers(snapshot: ClusterSnapshot): number[] {
  const hosting = new Set<number>();
  for (const t of snapshot.topics) for (const p of t.partitions) for (const r of p.replicas) hosting.add(r);
  return snapshot.brokers
    .map((b) => b.id)
    .filter((id) => !hosting.has(id))
    .sort((a, b) => a - b);
}

/**
 * The planner's options for a request. Adding brokers without naming any takes every broker of the snapshot
 * that holds no replica (as `kfp plan --goal add-brokers` does); a known broker keeps its rack when none is given.
 */
/** The planner's options for a request; `traffic` (rates from two snapshots) turns on the network goals. */
export function planOptionsOf(request: PlanRequest, snapshot: ClusterSnapshot, traffic?: TrafficModel): PlanOptions {
  const known = new Map(snapshot.brokers.map((b) => [b.id, b.rack]));
  let goal: PlanGoal;
  if (request.goal === 'add') {
    const brokers = request.brokers.length ? request.brokers : emptyBrokers(snapshot).map((id) => ({ id, rack: null }));
    if (brokers.length === 0)
      throw new PlanRequestError(
        `Adding brokers: ${snapshot.name} has no broker without replicas; name the new brokers with their racks, e.g. "7:a,8:b".`,
      );
    goal = { kind: 'add', brokers: brokers.map((b) => ({ id: b.id, rack: b.rack ?? known.get(b.id) ?? null })) };
  } else if (request.goal === 'remove') {
    goal = { kind: 'remove', brokers: request.brokers.map((b) => b.id) };
  } else {
    goal = { kind: 'rebalance' };
  }
  return {
    goal,
    tolerance: request.tolerance,
    excludedTopics: request.excludedTopics,
    includeInternalTopics: request.includeInternalTopics,
    ...(request.goals ? { goals: request.goals } : {}),
    ...(request.capacity ? { capacity: parseCapacity(request.capacity, 'capacity').limits } : {}),
    ...(traffic ? { traffic } : {}),
  };
}

/** "10 %", "10%", "0.1" -> 0.1; undefined when not a fraction strictly between 0 and 1. */
export function parseTolerance(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]) / (m[2] ? 100 : 1);
  return n > 0 && n < 1 ? n : undefined;
}

/** "add brokers 7, 8, 9" for titles and confirmations. */
export function describeGoal(request: Pick<PlanRequest, 'goal' | 'brokers'>): string {
  const ids = request.brokers.map((b) => b.id).join(', ');
  if (request.goal === 'add') return ids ? `add brokers ${ids}` : 'add the empty brokers';
  if (request.goal === 'remove') return `remove brokers ${ids}`;
  return 'rebalance';
}

/**
 * The summary a reviewed file's code lens opens: what it moves, how long at the throttle, the findings, and the
 * largest moves (at most `maxRows`). Markdown; topic names are Kafka-legal ([a-zA-Z0-9._-]), so need no escaping.
 */
export function reviewSummaryMarkdown(input: {
  fileName: string;
  clusterName: string;
  review: PlanReview;
  schedule: { batches: { leaderOnly: boolean }[]; estimateText: string; maxMovesPerBroker: number };
  maxRows?: number;
}): string {
  const { review, schedule } = input;
  const maxRows = input.maxRows ?? 50;
  const count = (s: string) => review.findings.filter((f) => f.severity === s).length;
  const lines = [
    `# Reassignment review: ${input.fileName}`,
    '',
    `Reviewed against **${input.clusterName}**.`,
    '',
    `- Moves **${review.replicasMoved}** replicas in ${review.moves.filter((m) => m.added.length).length} partitions, **${formatBytes(review.bytesMoved)}** copied; ${review.leadersChanged} preferred leaders change.`,
    `- Duration **${schedule.estimateText}** in ${schedule.batches.length} batch${schedule.batches.length === 1 ? '' : 'es'} of at most ${schedule.maxMovesPerBroker} moves per broker (each batch waits for its busiest broker; the throttle applies per broker).`,
    `- Findings: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes${count('error') ? ' (entries that cannot be placed, with a bad field or an unknown topic, partition or broker, are left out of the numbers above)' : ''}.`,
    '',
  ];
  if (review.findings.length) {
    lines.push('## Findings', '', '| severity | code | where | message |', '|---|---|---|---|');
    for (const f of review.findings.slice(0, maxRows))
      lines.push(`| ${f.severity} | ${f.code} | \`${f.path}\` | ${f.message.replace(/\|/g, '\\|')} |`);
    if (review.findings.length > maxRows) lines.push('', `… and ${review.findings.length - maxRows} more (see the Problems panel).`);
    lines.push('');
  }
  const moves = [...review.moves].sort(
    (a, b) => b.bytes * b.added.length - a.bytes * a.added.length || a.topic.localeCompare(b.topic) || a.partition - b.partition,
  );
  if (moves.length) {
    lines.push(`## Largest moves`, '', '| partition | before | after | bytes copied |', '|---|---|---|---:|');
    for (const m of moves.slice(0, maxRows))
      lines.push(
        `| ${m.topic}-${m.partition} | ${m.before.join(', ')} | ${m.after.join(', ')} | ${formatBytes(m.bytes * m.added.length)} |`,
      );
    if (moves.length > maxRows) lines.push('', `… and ${moves.length - maxRows} smaller moves.`);
  }
  return lines.join('\n') + '\n';
}
