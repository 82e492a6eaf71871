// Helpers over the language-neutral expressions of ./facts.ts: sub-expressions, call chains, durations. Pure.

import type { Expr, FlinkFacts } from './facts';

export type CallExpr = Extract<Expr, { k: 'call' }>;

/** Direct sub-expressions of an expression. */
export function children(e: Expr): Expr[] {
  switch (e.k) {
    case 'call':
      return e.target ? [e.target, ...e.args] : e.args;
    case 'new':
      return e.args;
    case 'field':
      return [e.target];
    case 'lambda':
      return e.returns;
    case 'op':
      return e.operands;
    case 'other':
      return e.children;
    default:
      return [];
  }
}

/** Every expression under the roots, in source order (the extractor builds each node once). */
export function allExprs(facts: FlinkFacts): Expr[] {
  return subExprs(...facts.roots);
}

/** The expressions given and everything under them, in source order. */
export function subExprs(...roots: Expr[]): Expr[] {
  const out: Expr[] = [];
  const stack = [...roots].reverse();
  while (stack.length) {
    const e = stack.pop()!;
    out.push(e);
    const kids = children(e);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}

export function allCalls(facts: FlinkFacts, exprs: Expr[] = allExprs(facts)): CallExpr[] {
  return exprs.filter((e): e is CallExpr => e.k === 'call');
}

/** The identifier a call chain starts from (`env` in env.fromSource(...).keyBy(...)), if any. */
export function chainRoot(e: Expr): Expr | undefined {
  let cur: Expr | undefined = e;
  while (cur && (cur.k === 'call' || cur.k === 'field') && cur.target) cur = cur.target;
  return cur && cur.k !== 'call' ? cur : undefined;
}

/**
 * The variable a chain starts from: `events` in events.keyBy(...), and the field in this.events.keyBy(...) or
 * self.events.key_by(...) (fields are tracked by their last name, as their assignments are).
 */
export function chainVariable(e: Expr): string | undefined {
  let cur: Expr = e;
  let above: Expr | undefined;
  while ((cur.k === 'call' || cur.k === 'field') && cur.target) {
    above = cur;
    cur = cur.target;
  }
  if (cur.k !== 'id') return undefined;
  if ((cur.name === 'this' || cur.name === 'self') && above?.k === 'field') return above.name;
  return cur.name;
}

/** The calls of a chain from the innermost (first applied) to `e` itself. */
export function chainCalls(e: Expr): CallExpr[] {
  const calls: CallExpr[] = [];
  let cur: Expr | undefined = e;
  while (cur && (cur.k === 'call' || cur.k === 'field')) {
    if (cur.k === 'call') calls.push(cur);
    cur = cur.target;
  }
  return calls.reverse();
}

/** Type or variable name at the start of a chain (`Duration` in Duration.ofSeconds(5)). */
export function rootName(e: Expr): string | undefined {
  const root = chainRoot(e);
  if (!root) return undefined;
  if (root.k === 'id') return root.name;
  if (root.k === 'new') return root.type;
  return undefined;
}

/** Milliseconds per unit of Duration.ofX / Time.x. A Map: a unit name comes from the source (`Duration.constructor`). */
const UNIT_MS = new Map<string, number>([
  ['ofMillis', 1],
  ['milliseconds', 1],
  ['ofSeconds', 1000],
  ['seconds', 1000],
  ['ofMinutes', 60_000],
  ['minutes', 60_000],
  ['ofHours', 3_600_000],
  ['hours', 3_600_000],
  ['ofDays', 86_400_000],
  ['days', 86_400_000],
]);

/** Milliseconds of Duration.ofSeconds(5), Time.minutes(1), Duration.ZERO, Duration.of_seconds(5) (PyFlink). */
export function durationMs(e: Expr | undefined): number | undefined {
  if (!e) return undefined;
  if (e.k === 'field' && e.name === 'ZERO') return 0;
  if (e.k !== 'call' || !e.target) return undefined;
  const owner = e.target.k === 'id' ? e.target.name : e.target.k === 'field' ? e.target.name : '';
  if (!/^(Duration|Time)$/.test(owner)) return undefined;
  const unit = UNIT_MS.get(e.name);
  const arg = e.args[0];
  if (unit === undefined || !arg || arg.k !== 'lit' || typeof arg.value !== 'number') return undefined;
  return arg.value * unit;
}

/** "5 s", "10 min", "250 ms", "2 h". */
export function formatMs(ms: number): string {
  if (ms === 0) return '0 ms';
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/** An unexpected exception in one line for the log: its message and where it was thrown. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const at = err.stack?.split('\n').find((l) => /^\s+at /.test(l));
  return `${err.name}: ${err.message}${at ? ` (${at.trim()})` : ''}`;
}
