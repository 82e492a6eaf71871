// What every check reads (the facts, the job model, the deployment target) and the helpers over them the checks
// share: calls in the file, the class a range lies in, what a variable was assigned, which function an operator runs
// and whether it keeps state, how many values a key has. Pure.

import type { FileContext } from './context';
import type { Assignment, ClassFact, Expr, FlinkFacts, SourceRange } from './facts';
import { rootName, type CallExpr } from './exprs';
import type { JobModel, OperatorFact } from './model';
import type { DeploymentTarget, FlinkFix, RuleId } from './rules';

export interface RuleContext {
  facts: FlinkFacts;
  model: JobModel;
  exprs: Expr[];
  target: DeploymentTarget;
  context: FileContext;
  emit(rule: RuleId, range: SourceRange, message: string, fix?: FlinkFix): void;
}

/** The names of the calls in a model, built once per analysis (several checks ask). */
const callNames = new WeakMap<JobModel, Set<string>>();

export function hasCall(ctx: RuleContext, ...names: string[]): boolean {
  let all = callNames.get(ctx.model);
  if (!all) {
    all = new Set(ctx.model.calls.map((c) => c.name));
    callNames.set(ctx.model, all);
  }
  return names.some((n) => all.has(n));
}

export function mentions(ctx: RuleContext, pattern: RegExp): boolean {
  return ctx.exprs.some((e) => (e.k === 'id' && pattern.test(e.name)) || (e.k === 'new' && pattern.test(e.type)));
}

/** `inner` lies within `outer`. */
export function within(inner: SourceRange, outer: SourceRange): boolean {
  const startsAfter = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const endsBefore = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return startsAfter && endsBefore;
}

/** The innermost class declared around a range. */
export function enclosingClass(ctx: RuleContext, range: SourceRange): ClassFact | undefined {
  let best: ClassFact | undefined;
  for (const c of ctx.facts.classes) if (within(range, c.range) && (!best || within(c.range, best.range))) best = c;
  return best;
}

const assignmentIndex = new WeakMap<FlinkFacts, Map<string, Assignment[]>>();

/** The value assigned to a variable (or field) named `name`: the last assignment before `at`, else the first one. */
export function assignedValue(ctx: RuleContext, name: string, at?: SourceRange): Expr | undefined {
  let index = assignmentIndex.get(ctx.facts);
  if (!index) {
    index = new Map();
    for (const a of ctx.facts.assignments) index.set(a.name, [...(index.get(a.name) ?? []), a]);
    assignmentIndex.set(ctx.facts, index);
  }
  const all = index.get(name);
  if (!all) return undefined;
  const before = at ? all.filter((a) => a.range.line < at.line) : [];
  return (before.at(-1) ?? all[0]).value;
}

/** What an argument stands for: the value assigned to a variable or field it names, else itself. */
export function originOf(ctx: RuleContext, e: Expr | undefined): Expr | undefined {
  if (!e) return undefined;
  if (e.k === 'id' || e.k === 'field') return assignedValue(ctx, e.name, e.range) ?? e;
  return e;
}

/** The type a value is built from: `new X(...)` and Python's `X(...)` -> X, `X.builder()...build()` -> X. */
export function builtType(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  return e.k === 'new' ? e.type : rootName(e);
}

/** The function class an operator runs: its type, and where its body is when the file has it (class or anonymous). */
export interface FunctionRef {
  type: string;
  body?: SourceRange;
  supertypes: string[];
}

/** The function class an operator runs, 'lambda' for a lambda or method reference, undefined when unknown. */
export function functionOf(ctx: RuleContext, op: OperatorFact): FunctionRef | 'lambda' | undefined {
  for (const arg of op.call.args) {
    const o = originOf(ctx, arg);
    if (!o) continue;
    if (o.k === 'lambda' || o.k === 'mref') return 'lambda';
    if (o.k !== 'new') continue;
    if (o.anonymous) return { type: o.type, body: o.range, supertypes: [o.type] };
    const cls = ctx.facts.classes.find((c) => c.name === o.type);
    return cls ? { type: o.type, body: cls.range, supertypes: cls.supertypes } : { type: o.type, supertypes: [] };
  }
  return undefined;
}

/** Calls that read or create state, or register timers (which keyed state backends checkpoint too). */
export const STATE_ACCESS_CALLS = new Set([
  'getState',
  'getListState',
  'getMapState',
  'getReducingState',
  'getAggregatingState',
  'getUnionListState',
  'getBroadcastState',
  'getOperatorStateStore',
  'getKeyedStateStore',
  'registerEventTimeTimer',
  'registerProcessingTimeTimer',
]);
/** Interfaces and base classes whose implementations keep operator state. */
export const STATEFUL_SUPERTYPES = new Set(['CheckpointedFunction', 'ListCheckpointed', 'TwoPhaseCommitSinkFunction']);

/** Calls made inside a range (a class body), in source order. */
export function callsWithin(ctx: RuleContext, range: SourceRange): CallExpr[] {
  return ctx.model.calls.filter((c) => within(c.range, range));
}

/** Per class body (a range of this analysis's facts): whether it reads state or registers timers. */
const bodyKeepsState = new WeakMap<SourceRange, boolean>();

/** The function keeps state: it implements a checkpointed interface or its body reads state or registers timers. */
export function keepsState(ctx: RuleContext, fn: FunctionRef): boolean {
  if (fn.supertypes.some((t) => STATEFUL_SUPERTYPES.has(t))) return true;
  if (!fn.body) return false;
  let keeps = bodyKeepsState.get(fn.body);
  if (keeps === undefined) {
    keeps = callsWithin(ctx, fn.body).some((c) => STATE_ACCESS_CALLS.has(c.name));
    bodyKeepsState.set(fn.body, keeps);
  }
  return keeps;
}
/** Return type of a getter or field named `name` declared in the file. */
export function declaredType(ctx: RuleContext, name: string): string | undefined {
  for (const c of ctx.facts.classes) {
    const m = c.methods.find((m) => m.name === name && m.paramCount === 0);
    if (m) return m.returnType;
    const f = c.fields.find((f) => f.name === name);
    if (f) return f.type;
  }
  return undefined;
}

/** Why a key selector's value has few distinct values, or undefined when it may have many. */
export function lowCardinalityReason(ctx: RuleContext, selector: Expr | undefined): string | undefined {
  if (!selector) return undefined;
  const enums = new Set(ctx.facts.classes.filter((c) => c.kind === 'enum').map((c) => c.name));
  const byType = (name: string): string | undefined => {
    const type = declaredType(ctx, name);
    if (type && /^(boolean|Boolean)$/.test(type)) return `${name} is a boolean (2 values)`;
    if (type && enums.has(type))
      return `${name} is the enum ${type} (${ctx.facts.classes.find((c) => c.name === type)?.fields.length ?? 'few'} values)`;
    // a declared type beats a guess from the name (a String named hasOwnProperty is not a boolean)
    if (type) return undefined;
    if (/^(is|has)([A-Z_]|$)/.test(name)) return `${name} looks like a boolean (2 values)`;
    return undefined;
  };
  if (selector.k === 'mref') return byType(selector.name);
  // keyBy(0) and keyBy("word") are no constants: the deprecated keyBy(int...)/keyBy(String...) name the tuple field or
  // POJO field to key by (a field of many values as often as not)
  if (selector.k === 'lit') return undefined;
  const returns: Expr[] =
    selector.k === 'lambda'
      ? selector.returns
      : selector.k === 'field' && selector.target.k === 'id' && selector.target.name === '_'
        ? [selector]
        : [];
  for (const r of returns) {
    if (r.k === 'lit') return `the key is the constant ${r.text}: one subtask gets every record`;
    if (r.k === 'op' && r.bool) return `the key ${r.text} is a boolean (2 values)`;
    if (r.k === 'call' && r.args.length === 0) {
      const why = byType(r.name);
      if (why) return why;
    }
    if (r.k === 'field') {
      const why = byType(r.name);
      if (why) return why;
    }
  }
  return undefined;
}

/** A key selector that returns one constant (`e -> "all"`, `lambda e: 0`): every record has the same key. */
export function isConstantKey(selector: Expr | undefined): boolean {
  return selector?.k === 'lambda' && selector.returns.length > 0 && selector.returns.every((r) => r.k === 'lit');
}
