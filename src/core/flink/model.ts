// The job model built from the facts: call chains, the operators they create (with uid, parallelism, keyed or not),
// shuffles, sinks and windows. Pure; ./ruleChecks.ts and ./analyze.ts read it. Design: ./README.md.

import type { Expr, FlinkFacts, SourceRange } from './facts';
import { allCalls, allExprs, chainCalls, chainVariable, type CallExpr } from './exprs';
import {
  ASYNC_CALLS,
  CONFIG_CALLS,
  ENV_EVIDENCE,
  DECLARED_STREAM_TYPES,
  ENV_CALLS,
  INHERIT_PARALLELISM,
  MERGE_CALLS,
  NON_PARALLEL_SOURCES,
  NON_PARALLEL_WINDOWS,
  OPERATOR_CALLS,
  PARTITION_CALLS,
  SINK_CALLS,
  SOURCE_CALLS,
  STREAM_EVIDENCE,
  TABLE_TO_STREAM_CALLS,
  WINDOW_CALLS,
  timeWindowOf,
  windowOf,
  type WindowFact,
} from './vocabulary';

/** Operators whose output records keep their input's key: filter, and keyed or window reductions. */
const KEY_PRESERVING = new Set(['filter', 'reduce', 'sum', 'min', 'max', 'minBy', 'maxBy']);

export interface OperatorFact {
  /** The call that created it (fromSource, map, process, sinkTo, ...). */
  call: CallExpr;
  role: 'source' | 'operator' | 'sink';
  /** It runs on a keyed (or windowed) stream, so it holds keyed state. */
  keyed: boolean;
  /** The keyBy call its keyed stream comes from, when the chain shows it. */
  keyedBy?: CallExpr;
  windowed: boolean;
  uid?: string;
  name?: string;
  parallelism?: number;
  /** Where a `.uid(...)` would go: right after the last call configuring this operator. */
  insertAfter: SourceRange;
  /**
   * How its parallelism is found when no setParallelism sets it: the default, 1 (non-parallel sources, windowAll),
   * or that of its first input (assignTimestampsAndWatermarks).
   */
  parallelismFrom: 'default' | 'one' | 'input';
}

/**
 * A data edge of the job graph: `from` (undefined when the input stream's origin is unknown, e.g. a method parameter)
 * feeds `to`. `partition` is the partitioning call in force on it, the last one between the two operators
 * (s.rebalance().keyBy(k) ships by hash only, as in Flink's plan); undefined for an edge Flink makes FORWARD, or
 * REBALANCE when the two parallelisms differ.
 */
export interface EdgeFact {
  from?: OperatorFact;
  to: OperatorFact;
  partition?: CallExpr;
}

export interface ShuffleFact {
  call: CallExpr;
  /** Normalised key selector text for keyBy. */
  keyText?: string;
}

/** One input of the next operator: the operator producing it (if known) and the partitioning applied since. */
interface StreamInput {
  op?: OperatorFact;
  partition?: CallExpr;
}

interface StreamState {
  kind: 'env' | 'stream' | 'unknown';
  keyed: boolean;
  windowed: boolean;
  /** Key selector text of the last keyBy on this stream's lineage (kept after keyed operators). */
  lastKey?: string;
  /** The keyBy call of that key (while the stream is keyed). */
  keyCall?: CallExpr;
  /** What the next operator on this stream reads (several after union/connect). */
  inputs: StreamInput[];
  /** windowAll/countWindowAll seen: the next operator runs at parallelism 1. */
  nonParallel?: boolean;
}

export interface JobModel {
  /** Upstream before downstream (each operator's inputs come earlier in the list). */
  operators: OperatorFact[];
  /** Partitioning calls as written (keyBy, rebalance, ...); the summary counts shuffles from `edges`. */
  shuffles: ShuffleFact[];
  edges: EdgeFact[];
  /** Chains (maximal call expressions) with their root variable name. */
  chains: { root?: string; calls: CallExpr[]; expr: Expr }[];
  /** rebalance()/shuffle() directly followed by keyBy. */
  shuffleBeforeKeyBy: CallExpr[];
  /** A keyBy on the key the stream was already keyed by. */
  repeatedKeyBy: CallExpr[];
  /** env.setParallelism(n) */
  defaultParallelism?: number;
  windows: WindowFact[];
  /** execute()/executeAsync() calls on an environment. */
  executeCalls: CallExpr[];
  /** getExecutionEnvironment() calls. */
  envCalls: CallExpr[];
  /** A call is made on an execution environment (one the file creates, or a variable or parameter of that type). */
  usesEnvironment: boolean;
  calls: CallExpr[];
  /** Every expression of the file, in source order. */
  exprs: Expr[];
  /** if/else statements whose branches build alternative pipelines (from the facts; the summary counts one). */
  alternatives: { range: SourceRange; branches: SourceRange[] }[];
}

function normaliseKey(e: Expr | undefined): string {
  return (e?.text ?? '').replace(/\s+/g, '');
}

function literalNumber(e: Expr | undefined): number | undefined {
  return e && e.k === 'lit' && typeof e.value === 'number' ? e.value : undefined;
}

function literalString(e: Expr | undefined): string | undefined {
  return e && e.k === 'lit' && typeof e.value === 'string' ? e.value : undefined;
}

/** A model with nothing in it (what the analysis goes on with if building the model meets a bug). */
export function emptyJobModel(): JobModel {
  return {
    operators: [],
    shuffles: [],
    edges: [],
    chains: [],
    shuffleBeforeKeyBy: [],
    repeatedKeyBy: [],
    windows: [],
    executeCalls: [],
    envCalls: [],
    usesEnvironment: false,
    calls: [],
    exprs: [],
    alternatives: [],
  };
}

/**
 * Variables and parameters declared with a Flink stream or environment type (`DataStream<Event> events`, Scala's
 * `ds: DataStream[String]`, Python's `ds: DataStream`): what a chain on them starts from when no assignment in the
 * file says. A name declared with different types (two methods' locals) counts only if every type agrees.
 */
function declaredStreams(facts: FlinkFacts): Map<string, StreamState> {
  const byName = new Map<string, StreamState | null>();
  for (const d of facts.declarations) {
    const kind = DECLARED_STREAM_TYPES.get(d.type);
    const state: StreamState | null = kind
      ? {
          kind: kind === 'env' ? 'env' : 'stream',
          keyed: kind === 'keyed' || kind === 'windowed',
          windowed: kind === 'windowed' || kind === 'allWindowed',
          nonParallel: kind === 'allWindowed',
          inputs: kind === 'env' ? [] : [{}],
        }
      : null;
    const seen = byName.get(d.name);
    if (seen === undefined) byName.set(d.name, state);
    else if (seen && (!state || seen.kind !== state.kind || seen.keyed !== state.keyed || seen.windowed !== state.windowed))
      byName.set(d.name, null);
  }
  const out = new Map<string, StreamState>();
  for (const [name, state] of byName) if (state) out.set(name, state);
  return out;
}

export function buildJobModel(facts: FlinkFacts): JobModel {
  const exprs = allExprs(facts);
  const calls = allCalls(facts, exprs);
  const model: JobModel = { ...emptyJobModel(), calls, exprs, alternatives: facts.alternatives ?? [] };
  // Maximal chains: calls that are not the target of another call.
  const targets = new Set<Expr>();
  for (const c of calls) {
    let t = c.target;
    while (t && t.k === 'field') t = t.target;
    if (t) targets.add(t);
  }
  const assignedTo = new Map<Expr, string>();
  for (const a of facts.assignments) assignedTo.set(a.value, a.name);
  const vars = new Map<string, StreamState>();

  // Source order: a variable is assigned before it is used.
  const maximal = calls.filter((c) => !targets.has(c)).sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  const characteristic = calls.find((c) => c.name === 'setStreamTimeCharacteristic')?.args[0]?.text;
  for (const c of calls) {
    const w = windowOf(c) ?? timeWindowOf(c, characteristic);
    if (w) model.windows.push(w);
    if (ENV_CALLS.has(c.name)) model.envCalls.push(c);
  }
  const declared = declaredStreams(facts);
  const maximalSet = new Set<Expr>(maximal);
  const done = new Map<Expr, StreamState>();
  const fresh = (): StreamState => ({ kind: 'unknown', keyed: false, windowed: false, inputs: [{}] });
  /** The stream state a union/connect argument stands for: a variable, or an inline chain (evaluated first). */
  const argState = (arg: Expr): StreamState | undefined => {
    if (arg.k === 'id') return vars.get(arg.name);
    if (maximalSet.has(arg)) return evaluate(arg);
    return undefined;
  };
  // what each function of the file returns: a helper building the environment or a stream
  const functionReturns = new Map<string, { range: SourceRange; returns: Expr[] }[]>();
  for (const f of facts.functions ?? []) functionReturns.set(f.name, [...(functionReturns.get(f.name) ?? []), f]);
  /** The environment or stream a call to a function of the file gives, when one of its returns shows it. */
  const functionState = (name: string): StreamState | undefined => {
    for (const f of functionReturns.get(name) ?? []) {
      for (const r of f.returns) {
        let value: Expr | undefined = r;
        if (r.k === 'id') {
          // `return env`: the value assigned to that name in the function
          value = facts.assignments
            .filter((a) => a.name === r.name && a.range.line >= f.range.line && a.range.line <= r.range.line)
            .at(-1)?.value;
          if (!value) {
            const known = vars.get(r.name);
            if (known) return known;
            continue;
          }
        }
        if (!maximalSet.has(value)) continue;
        const st = evaluate(value);
        if (st.kind !== 'unknown') return st;
      }
    }
    return undefined;
  };
  const evaluate = (expr: Expr): StreamState => {
    const seen = done.get(expr);
    if (seen) return seen;
    done.set(expr, fresh()); // a cycle (it cannot happen in valid code) reads as unknown
    const result = evaluateChain(expr);
    done.set(expr, result);
    return result;
  };
  const evaluateChain = (expr: Expr): StreamState => {
    const chain = chainCalls(expr);
    const rootVar = chainVariable(expr);
    model.chains.push({ root: rootVar, calls: chain, expr });
    const known = rootVar !== undefined ? (vars.get(rootVar) ?? declared.get(rootVar)) : undefined;
    let state: StreamState = known ? { ...known } : fresh();
    // A chain from an unknown root (a field, an untyped parameter) is a stream when it uses calls only a Flink stream
    // has; otherwise it is ordinary code (list.stream().map(...), Python's print(...), a Table API result's print())
    // and is not counted. A call without a receiver is a function of the file, never a stream method.
    if (state.kind === 'unknown' && chain.some((c) => c.target && STREAM_EVIDENCE.has(c.name))) {
      state = { ...state, kind: 'stream' };
    }
    // an environment the file does not declare (a parameter without a type, one a helper built) shows itself by its
    // calls; the variable is an environment from here on (its execute() counts)
    if (state.kind === 'unknown' && rootVar !== undefined && chain[0]?.target && ENV_EVIDENCE.has(chain[0].name)) {
      state = { kind: 'env', keyed: false, windowed: false, inputs: [] };
      vars.set(rootVar, state);
    }
    // `source.uid("src")` on a variable holding one operator's output configures that operator
    let current: OperatorFact | undefined =
      known && state.kind === 'stream' && state.inputs.length === 1 && !state.inputs[0].partition && !state.keyed && !state.windowed
        ? state.inputs[0].op
        : undefined;
    let previousPartition: CallExpr | undefined;
    for (const call of chain) {
      const n = call.name;
      if (ENV_CALLS.has(n)) {
        state = { kind: 'env', keyed: false, windowed: false, inputs: [] };
        continue;
      }
      if (TABLE_TO_STREAM_CALLS.has(n) && call.target) {
        // tableEnv.toDataStream(table): a stream from the Table API (its operators are the planner's, not counted)
        state = { kind: 'stream', keyed: false, windowed: false, inputs: [{}] };
        current = undefined;
        continue;
      }
      if (!call.target && state.kind === 'unknown') {
        // a helper of the file: what it returns (its last operator takes the uid, name or parallelism set here)
        const returned = functionState(n);
        if (returned) {
          state = { ...returned, inputs: [...returned.inputs] };
          current = returned.kind === 'stream' && returned.inputs.length === 1 ? returned.inputs[0].op : undefined;
          continue;
        }
      }
      if (ASYNC_CALLS.has(n) && call.target?.k === 'id' && call.target.name === 'AsyncDataStream') {
        // AsyncDataStream.unorderedWait(stream, fn, timeout, unit[, capacity][, retry]): one operator reading `stream`
        const input = call.args[0] ? argState(call.args[0]) : undefined;
        current = { call, role: 'operator', keyed: false, windowed: false, insertAfter: call.range, parallelismFrom: 'default' };
        model.operators.push(current);
        for (const i of input?.kind === 'stream' ? input.inputs : [{}])
          model.edges.push({ from: i.op, to: current, partition: i.partition });
        state = { kind: 'stream', keyed: false, windowed: false, inputs: [{ op: current }] };
        previousPartition = undefined;
        continue;
      }
      if (state.kind === 'unknown' || !call.target) continue;
      if (state.kind === 'env') {
        model.usesEnvironment = true;
        if (n === 'setParallelism') {
          model.defaultParallelism = literalNumber(call.args[0]) ?? model.defaultParallelism;
          continue;
        }
        if (n === 'execute' || n === 'executeAsync') {
          model.executeCalls.push(call);
          continue;
        }
        if (SOURCE_CALLS.has(n)) {
          current = {
            call,
            role: 'source',
            keyed: false,
            windowed: false,
            insertAfter: call.range,
            parallelismFrom: NON_PARALLEL_SOURCES.has(n) ? 'one' : 'default',
          };
          model.operators.push(current);
          state = { kind: 'stream', keyed: false, windowed: false, inputs: [{ op: current }] };
        }
        continue;
      }
      if (PARTITION_CALLS.has(n)) {
        if (n === 'keyBy') {
          const keyText = normaliseKey(call.args[0]);
          if (previousPartition && previousPartition.name !== 'keyBy') model.shuffleBeforeKeyBy.push(previousPartition);
          if (state.lastKey !== undefined && state.lastKey === keyText && keyText !== '') model.repeatedKeyBy.push(call);
          model.shuffles.push({ call, keyText });
          state = { ...state, kind: 'stream', keyed: true, windowed: false, lastKey: keyText, keyCall: call };
        } else {
          model.shuffles.push({ call });
          state = { ...state, kind: 'stream', keyed: false, windowed: false, lastKey: undefined, keyCall: undefined };
        }
        // the last partitioning before an operator is the one Flink ships by
        state.inputs = state.inputs.map((i) => ({ ...i, partition: call }));
        previousPartition = call;
        current = undefined;
        continue;
      }
      if (WINDOW_CALLS.has(n)) {
        state = { ...state, kind: 'stream', windowed: true, nonParallel: NON_PARALLEL_WINDOWS.has(n) };
        // windowAll keys every record to one subtask (Flink's plan: a HASH edge into the window operator)
        if (state.nonParallel) state.inputs = state.inputs.map((i) => ({ ...i, partition: call }));
        previousPartition = undefined;
        continue;
      }
      if (CONFIG_CALLS.has(n)) {
        if (current) {
          if (n === 'uid') current.uid = literalString(call.args[0]) ?? call.args[0]?.text ?? '';
          if (n === 'name') current.name = literalString(call.args[0]);
          if (n === 'setParallelism') current.parallelism = literalNumber(call.args[0]);
          current.insertAfter = call.range;
        }
        continue;
      }
      if (state.kind === 'stream' && MERGE_CALLS.has(n)) {
        // no node of its own: the next operator reads this stream and every argument stream
        const others = call.args.map(argState).filter((s): s is StreamState => !!s && s.kind === 'stream');
        state = { ...state, inputs: [...state.inputs, ...others.flatMap((s) => s.inputs)] };
        current = undefined;
        continue;
      }
      const isSink = SINK_CALLS.has(n);
      if (state.kind === 'stream' && (isSink || OPERATOR_CALLS.has(n))) {
        const parallelismFrom = state.nonParallel ? 'one' : INHERIT_PARALLELISM.has(n) && state.inputs[0]?.op ? 'input' : 'default';
        current = {
          call,
          role: isSink ? 'sink' : 'operator',
          keyed: state.keyed || state.windowed,
          keyedBy: state.keyed ? state.keyCall : undefined,
          windowed: state.windowed,
          insertAfter: call.range,
          parallelismFrom,
        };
        model.operators.push(current);
        for (const input of state.inputs) model.edges.push({ from: input.op, to: current, partition: input.partition });
        // A keyed operator's output is a plain DataStream, still partitioned by the last key; the same key selector
        // reads the same key from its output only when the operator keeps the records' keys (a filter, a rolling or
        // window reduce/sum/min/max): after a map or process the records, so their keys, may differ.
        state = {
          kind: 'stream',
          keyed: false,
          windowed: false,
          lastKey: KEY_PRESERVING.has(n) && (n === 'filter' || state.keyed || state.windowed) ? state.lastKey : undefined,
          inputs: [{ op: current }],
        };
        previousPartition = undefined;
      }
    }
    const assigned = assignedTo.get(expr);
    if (assigned && state.kind !== 'unknown') vars.set(assigned, state);
    return state;
  };
  for (const expr of maximal) evaluate(expr);
  return model;
}

/**
 * Private helpers of the file that nothing in it calls (by name or method reference) and that do not run the job
 * themselves (no execute call inside): a helper left unused, such as an alternative source kept for reference. The operators built in them are not part of this file's job.
 */
export function uncalledFunctions(facts: FlinkFacts, model: JobModel): SourceRange[] {
  const called = new Set(model.calls.map((c) => c.name));
  for (const e of model.exprs) if (e.k === 'mref') called.add(e.name);
  const inside = (r: SourceRange, outer: SourceRange) =>
    (r.line > outer.line || (r.line === outer.line && r.column >= outer.column)) &&
    (r.endLine < outer.endLine || (r.endLine === outer.endLine && r.endColumn <= outer.endColumn));
  // only a helper nothing outside the file can call either: a private Java method, a Python _name
  const privateHelper = (f: { name: string; range: SourceRange }) =>
    facts.language === 'python'
      ? f.name.startsWith('_') && !f.name.endsWith('__')
      : facts.classes.some((c) => inside(f.range, c.range) && c.methods.some((m) => m.name === f.name && m.isPrivate));
  return (facts.functions ?? [])
    .filter((f) => !called.has(f.name) && privateHelper(f) && !model.executeCalls.some((c) => inside(c.range, f.range)))
    .map((f) => f.range);
}
