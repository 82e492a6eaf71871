// The checks about state, savepoints and serialization: state without TTL, stateful operators without uid, Kryo
// fallbacks. Each judges the facts (./facts.ts) through the job model (./model.ts) and the shared helpers of
// ./ruleContext.ts, and emits findings of a rule in the catalog (./rules.ts). Pure.

import type { ClassFact, Expr, SourceRange } from './facts';
import { chainCalls, subExprs } from './exprs';
import type { OperatorFact } from './model';
import {
  builtType,
  callsWithin,
  enclosingClass,
  functionOf,
  hasCall,
  isConstantKey,
  keepsState,
  lowCardinalityReason,
  originOf,
  within,
  type RuleContext,
} from './ruleContext';
import type { FlinkFix, TextEdit } from './rules';
import { ASYNC_CALLS, STATE_DESCRIPTORS } from './vocabulary';

const COLLECTION_TYPES = /^(Object|List|Map|Set|Collection|HashMap|ArrayList|LinkedList|HashSet|TreeMap|LinkedHashMap)$/;

/** Calls that create keyed state from a descriptor (RuntimeContext, KeyedStateStore). */
const KEYED_STATE_GETTERS = new Set(['getState', 'getListState', 'getMapState', 'getReducingState', 'getAggregatingState']);
/** Calls that create operator or broadcast state from a descriptor (TTL does not apply to them). */
const OPERATOR_STATE_GETTERS = new Set(['getUnionListState', 'getBroadcastState', 'broadcast']);
/** Function classes that keep operator or broadcast state, not keyed state. */
const OPERATOR_STATE_FUNCTIONS = new Set(['CheckpointedFunction', 'ListCheckpointed', 'BroadcastProcessFunction']);

/**
 * How a state descriptor is used: 'keyed' when it makes keyed state (getRuntimeContext().getState(d),
 * context.getKeyedStateStore().getListState(d)), 'operator' for operator or broadcast state
 * (getOperatorStateStore().getListState(d), getBroadcastState(d), stream.broadcast(d)), undefined when the file does
 * not show.
 */
function descriptorUse(ctx: RuleContext, descriptor: Expr, name: string | undefined): 'keyed' | 'operator' | undefined {
  let use: 'keyed' | 'operator' | undefined;
  for (const c of ctx.model.calls) {
    if (!KEYED_STATE_GETTERS.has(c.name) && !OPERATOR_STATE_GETTERS.has(c.name)) continue;
    if (!c.args.some((a) => a === descriptor || (name !== undefined && (a.k === 'id' || a.k === 'field') && a.name === name))) continue;
    if (OPERATOR_STATE_GETTERS.has(c.name) || chainCalls(c).some((k) => k.name === 'getOperatorStateStore')) use ??= 'operator';
    else if (KEYED_STATE_GETTERS.has(c.name)) return 'keyed';
  }
  return use;
}

/** The descriptor is created in a function class that keeps operator state (CheckpointedFunction, broadcast). */
function inOperatorStateFunction(ctx: RuleContext, range: SourceRange): boolean {
  const cls = enclosingClass(ctx, range);
  if (!cls) return false;
  return (
    cls.supertypes.some((t) => OPERATOR_STATE_FUNCTIONS.has(t)) ||
    callsWithin(ctx, cls.range).some((c) => c.name === 'getOperatorStateStore' || c.name === 'getBroadcastState')
  );
}

/** Functions of the State Processor API: they read or write a savepoint offline, no running job's state grows. */
const STATE_PROCESSOR_FUNCTIONS = new Set(['KeyedStateReaderFunction', 'KeyedStateBootstrapFunction', 'StateBootstrapFunction']);

/**
 * Window-scoped state, cleared with its window rather than kept per key: a Trigger's (TriggerContext
 * .getPartitionedState) and a ProcessWindowFunction's per-window state (context.windowState().getState(d)); and the
 * state a State Processor API function reads or writes offline.
 */
function windowScopedOrOffline(ctx: RuleContext, range: SourceRange): boolean {
  const cls = enclosingClass(ctx, range);
  if (cls?.supertypes.some((t) => t === 'Trigger' || STATE_PROCESSOR_FUNCTIONS.has(t))) return true;
  return ctx.model.calls.some(
    (c) =>
      within(range, c.range) &&
      (c.name === 'getPartitionedState' || (KEYED_STATE_GETTERS.has(c.name) && /\bwindowState\b/.test(c.target?.text ?? ''))),
  );
}

/**
 * The function cleans the state up itself: it registers timers and clears the state handle made from this descriptor
 * (`rideState = getRuntimeContext().getState(d)` ... `rideState.clear()`), the timer-driven cleanup the Flink
 * training teaches as the alternative to TTL.
 */
function clearedByTimer(ctx: RuleContext, descriptor: Expr, name: string | undefined): boolean {
  const cls = enclosingClass(ctx, descriptor.range);
  if (!cls) return false;
  const inClass = callsWithin(ctx, cls.range);
  if (!inClass.some((c) => c.name === 'registerEventTimeTimer' || c.name === 'registerProcessingTimeTimer')) return false;
  const handles = new Set<string>();
  for (const a of ctx.facts.assignments) {
    if (!within(a.range, cls.range)) continue;
    const makes = subExprs(a.value).some(
      (e) =>
        e.k === 'call' &&
        KEYED_STATE_GETTERS.has(e.name) &&
        e.args.some((x) => x === descriptor || (name !== undefined && (x.k === 'id' || x.k === 'field') && x.name === name)),
    );
    if (makes) handles.add(a.name);
  }
  return inClass.some((c) => c.name === 'clear' && (c.target?.k === 'id' || c.target?.k === 'field') && handles.has(c.target.name));
}

/**
 * Every keyed operator running the function the descriptor is created in is keyed by one constant or a key of few
 * values (a boolean, an enum): its state cannot grow with keys, and the low-cardinality-key finding is the one to act on.
 */
function onlyOnConstantKeys(ctx: RuleContext, range: SourceRange): boolean {
  const running = ctx.model.operators.filter((op) => {
    // keyed state exists on keyed streams only; a lambda holds none
    if (!op.keyed || !op.call.args.some((a) => a.k === 'new' || a.k === 'id' || a.k === 'field')) return false;
    const fn = functionOf(ctx, op);
    return fn !== undefined && fn !== 'lambda' && !!fn.body && within(range, fn.body);
  });
  return (
    running.length > 0 &&
    running.every((op) => isConstantKey(op.keyedBy?.args[0]) || lowCardinalityReason(ctx, op.keyedBy?.args[0]) !== undefined)
  );
}

/**
 * State TTL applies to keyed state only (Flink docs, fault-tolerance/state, "State Time-To-Live (TTL)"): a descriptor
 * for operator or broadcast state is not reported, nor one used only on a stream keyed by one constant (one key: its
 * state does not grow with keys; the low-cardinality-key finding is the one to act on). A descriptor the file does not
 * show the use of is reported unless it is created in a function keeping operator state.
 */
export function state(ctx: RuleContext): void {
  const ttlVars = new Set<string>();
  for (const c of ctx.model.calls) {
    // d.enableTimeToLive(...), this.d.enableTimeToLive(...), self.d.enable_time_to_live(...)
    if (c.name === 'enableTimeToLive' && (c.target?.k === 'id' || c.target?.k === 'field')) ttlVars.add(c.target.name);
  }
  // a job that ends by itself (BATCH mode, bounded sources) drops its state at the end
  if (ctx.context.bounded) return;
  const assigned = new Map<Expr, { name: string; range: SourceRange }>();
  for (const a of ctx.facts.assignments) assigned.set(a.value, a);
  // a descriptor passed straight to a call that creates no state (QueryableStateClient.getKvState(..., d)) names state
  // of another job, it creates none here
  const passedElsewhere = new Set<Expr>();
  for (const c of ctx.model.calls)
    if (!KEYED_STATE_GETTERS.has(c.name) && !OPERATOR_STATE_GETTERS.has(c.name) && c.name !== 'getPartitionedState')
      for (const a of c.args) passedElsewhere.add(a);
  for (const e of ctx.exprs) {
    if (e.k !== 'new' || !STATE_DESCRIPTORS.has(e.type) || passedElsewhere.has(e)) continue;
    const a = assigned.get(e);
    if (a && ttlVars.has(a.name)) continue;
    const use = descriptorUse(ctx, e, a?.name);
    if (use === 'operator' || (use === undefined && inOperatorStateFunction(ctx, e.range))) continue;
    if (onlyOnConstantKeys(ctx, e.range) || windowScopedOrOffline(ctx, e.range) || clearedByTimer(ctx, e, a?.name)) continue;
    let fix: FlinkFix | undefined;
    if (a && ctx.facts.language === 'java') {
      const indent = ' '.repeat(a.range.column);
      const edits: TextEdit[] = [
        {
          range: { line: a.range.endLine, column: a.range.endColumn, endLine: a.range.endLine, endColumn: a.range.endColumn },
          newText:
            `\n${indent}// TODO choose how long an idle key keeps its state\n` +
            `${indent}${a.name}.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofHours(24))\n` +
            `${indent}    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)\n` +
            `${indent}    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)\n` +
            `${indent}    .build());`,
        },
      ];
      edits.push(...missingImports(ctx, ['org.apache.flink.api.common.state.StateTtlConfig', 'java.time.Duration']));
      fix = { title: `Add a StateTtlConfig to ${a.name}`, edits };
    }
    ctx.emit(
      'state-without-ttl',
      e.range,
      `${e.type}${a ? ` "${a.name}"` : ''} has no TTL: its state grows with every key ever seen. Call enableTimeToLive(StateTtlConfig.newBuilder(...).build()) on it.`,
      fix,
    );
  }
}

/** Edits adding Java imports the file lacks, after its last import. */
function missingImports(ctx: RuleContext, names: string[]): TextEdit[] {
  const have = new Set(ctx.facts.imports.map((i) => i.name));
  const last = ctx.facts.imports[ctx.facts.imports.length - 1];
  if (!last) return [];
  const text = names
    .filter((n) => !have.has(n) && !have.has(n.replace(/\.[^.]+$/, '.*')))
    .map((n) => `\nimport ${n};`)
    .join('');
  return text
    ? [
        {
          range: { line: last.range.endLine, column: last.range.endColumn, endLine: last.range.endLine, endColumn: last.range.endColumn },
          newText: text,
        },
      ]
    : [];
}

/** Why a class is not a Flink POJO (types_serialization: "Rules for POJO types"), or undefined when it is one. */
export function notPojoReason(c: ClassFact, all: ClassFact[]): string | undefined {
  if (c.kind === 'record' || c.kind === 'enum') return undefined;
  if (c.kind === 'interface' || c.isAbstract) return `${c.name} is ${c.kind === 'interface' ? 'an interface' : 'abstract'}`;
  if (!c.isPublic) return `${c.name} is not public`;
  if (c.nested && !c.isStatic) return `${c.name} is a non-static inner class`;
  if (c.constructors.length > 0 && !c.constructors.some((k) => k.paramCount === 0 && k.isPublic))
    return `${c.name} has no public no-argument constructor`;
  for (const f of c.fields) {
    if (f.isStatic || f.isTransient || f.isPublic) continue;
    const cap = f.name.charAt(0).toUpperCase() + f.name.slice(1);
    const getter = c.methods.some((m) => m.isPublic && m.paramCount === 0 && (m.name === `get${cap}` || m.name === `is${cap}`));
    const setter = c.methods.some((m) => m.isPublic && m.paramCount === 1 && m.name === `set${cap}`);
    if (!getter || !setter) return `field "${f.name}" is neither public nor has a public getter and setter`;
  }
  void all;
  return undefined;
}

export function kryo(ctx: RuleContext): void {
  for (const c of ctx.model.calls) {
    if (c.name === 'enableForceKryo') {
      ctx.emit(
        'kryo-fallback',
        c.nameRange,
        'enableForceKryo() makes every type go through Kryo, even POJOs and Flink types Flink serializes faster itself. Remove it.',
      );
    }
  }
  const disabled = hasCall(ctx, 'disableGenericTypes');
  const reported = new Set<string>();
  for (const t of ctx.facts.streamTypes) {
    if (reported.has(t.name)) continue;
    const cls = ctx.facts.classes.find((c) => c.name === t.name);
    let why: string | undefined;
    if (cls) why = notPojoReason(cls, ctx.facts.classes);
    else if (COLLECTION_TYPES.test(t.name)) why = `${t.name} is a generic type`;
    if (!why) continue;
    reported.add(t.name);
    const range = cls ? cls.nameRange : t.range;
    ctx.emit(
      'kryo-fallback',
      range,
      `${t.name} flows through the job but Flink cannot treat it as a POJO (${why}), so it falls back to Kryo. ` +
        'Make it a POJO (public class, public no-argument constructor, fields public or with getters and setters) or give it a TypeInformation' +
        (disabled ? '.' : '; add env.getConfig().disableGenericTypes() (pipeline.generic-types: false) so a Kryo fallback fails fast.'),
    );
  }
}

/** Sources whose SourceFunction (the legacy addSource API) checkpoints its read position. */
const STATEFUL_SOURCE_FUNCTIONS =
  /^(FlinkKafkaConsumer\w*|FlinkKinesisConsumer|FlinkPulsarSource|RMQSource|ContinuousFileMonitoringFunction|FlinkKinesisConsumer\w*)$/;
/** Sinks with two-phase commit: their open transactions are state, when they run exactly-once. */
const TRANSACTIONAL_SINKS = /^(KafkaSink|FlinkKafkaProducer\w*|JdbcSink)$/;
/** Sinks that always keep state: in-progress and pending files, or records buffered but not yet written. */
const STATEFUL_SINKS = new Map<string, string>([
  ['FileSink', 'its in-progress and pending files'],
  ['StreamingFileSink', 'its in-progress and pending files'],
  ['KinesisStreamsSink', 'the records it has buffered but not yet written'],
  ['KinesisFirehoseSink', 'the records it has buffered but not yet written'],
  ['FirehoseSink', 'the records it has buffered but not yet written'],
  ['DynamoDbSink', 'the records it has buffered but not yet written'],
  ['SqsSink', 'the records it has buffered but not yet written'],
]);
/** Keyed operators that keep a value per key by construction (rolling aggregations). */
const KEYED_AGGREGATIONS = new Set(['reduce', 'aggregate', 'sum', 'min', 'max', 'minBy', 'maxBy']);

/**
 * What state an operator keeps in savepoints, as "This ... keeps ...", or undefined when it keeps none we can tell.
 * Stateless operators (map, filter, print, writeAsText, a sink at least once) need no uid to restore a savepoint: Flink
 * maps savepoint state to operators by id, and an operator without state has nothing to map (ops/state/savepoints,
 * "Assigning Operator IDs").
 */
export function keptState(ctx: RuleContext, op: OperatorFact): string | undefined {
  const n = op.call.name;
  if (op.role === 'source') {
    if (n === 'fromSource') return 'This source keeps its splits and read position (Kafka offsets, Kinesis sequence numbers) in savepoints';
    if (n === 'readFile') return 'This file source keeps the files and offsets it has read in savepoints';
    // fromElements, fromCollection, fromSequence, socketTextStream, readTextFile (reads one file once): test and demo
    // sources a job is not restored into
    if (n !== 'addSource') return undefined;
    const fn = functionOf(ctx, op);
    if (fn === undefined || fn === 'lambda') return undefined;
    if (STATEFUL_SOURCE_FUNCTIONS.test(fn.type) || keepsState(ctx, fn))
      return `This ${fn.type} source keeps its read position in savepoints`;
    return undefined;
  }
  if (op.role === 'sink') {
    if (n !== 'sinkTo' && n !== 'addSink') return undefined; // print, printToErr, writeAsText, writeToSocket keep no state
    const sink = originOf(ctx, op.call.args[0]);
    const type = builtType(sink);
    if (!sink || !type) return undefined;
    if (TRANSACTIONAL_SINKS.test(type) && /EXACTLY_ONCE|exactlyOnceSink/.test(sink.text))
      return `This exactly-once ${type} keeps its open transactions in savepoints`;
    const kept = STATEFUL_SINKS.get(type);
    if (kept) return `This ${type} keeps ${kept} in savepoints`;
    const fn = functionOf(ctx, op);
    if (fn && fn !== 'lambda' && keepsState(ctx, fn)) return `This sink (${fn.type}) keeps state in savepoints`;
    return undefined;
  }
  if (ASYNC_CALLS.has(n)) return 'This async I/O operator keeps its in-flight requests in savepoints';
  if (op.windowed) return `This window ${n} keeps the records of open windows in savepoints`;
  const fn = functionOf(ctx, op);
  const cls = fn === 'lambda' ? undefined : fn;
  const clsKeeps = !!cls && keepsState(ctx, cls);
  if (op.keyed) {
    if (KEYED_AGGREGATIONS.has(n)) return `This keyed ${n} keeps its running value per key in savepoints`;
    // a keyed process function is there for keyed state and timers; one in this file that uses neither keeps none
    const processLike = n === 'process' || n === 'keyedProcess';
    if (cls && clsKeeps) return `This keyed ${n} (${cls.type}) keeps keyed state in savepoints`;
    if (processLike && fn !== 'lambda' && !cls?.body) return `This keyed ${n} can keep keyed state and timers in savepoints`;
    return undefined;
  }
  if (cls && clsKeeps) return `This ${n} (${cls.type}) keeps operator state in savepoints`;
  return undefined;
}

export function uids(ctx: RuleContext): void {
  // a job that ends by itself (BATCH mode, bounded sources) is not restored from a savepoint
  if (ctx.context.bounded) return;
  const used = new Set(ctx.model.operators.map((o) => o.uid).filter((u): u is string => !!u));
  const called = new Set(ctx.model.calls.map((c) => c.name));
  for (const e of ctx.exprs) if (e.k === 'mref') called.add(e.name);
  /** The operator is built in a private helper nothing in the file calls (an unused alternative): not in the job. */
  const inUnusedHelper = (op: OperatorFact): boolean => {
    const fn = (ctx.facts.functions ?? [])
      .filter((f) => within(op.call.range, f.range))
      .reduce<{ name: string; range: SourceRange } | undefined>((a, f) => (!a || within(f.range, a.range) ? f : a), undefined);
    if (!fn || fn.name === 'main' || called.has(fn.name)) return false;
    // only a helper nothing outside the file can call: a private Java method, a Python _name
    if (ctx.facts.language === 'python') return fn.name.startsWith('_') && !fn.name.endsWith('__');
    return ctx.facts.classes.some((c) => within(fn.range, c.range) && c.methods.some((m) => m.name === fn.name && m.isPrivate));
  };
  // the last operator of a stream a function returns is configured by its caller (`source(env).uid("src")`): when
  // no caller is in this file (a library), the uid is theirs to set
  const returnedByUncalled = new Set<OperatorFact>();
  for (const f of ctx.facts.functions ?? []) {
    if (called.has(f.name)) continue;
    for (const r of f.returns) {
      const inside = ctx.model.operators.filter((o) => within(o.call.range, r.range));
      if (inside.length) returnedByUncalled.add(inside[inside.length - 1]);
    }
  }
  for (const [i, op] of ctx.model.operators.entries()) {
    if (op.uid !== undefined || inUnusedHelper(op) || returnedByUncalled.has(op)) continue;
    const what = keptState(ctx, op);
    if (!what) continue;
    const base = slug(op.name ?? '') || `${slug(op.call.name)}-${i + 1}`;
    let uid = base;
    for (let k = 2; used.has(uid); k++) uid = `${base}-${k}`;
    used.add(uid);
    ctx.emit(
      'missing-uid',
      op.call.nameRange,
      `${what} but has no uid: change the job and that state cannot be restored. Add .uid("${uid}") (stable, unique per job).`,
      {
        title: `Add .uid("${uid}")`,
        edits: [
          { range: { ...op.insertAfter, line: op.insertAfter.endLine, column: op.insertAfter.endColumn }, newText: `.uid("${uid}")` },
        ],
      },
    );
  }
}

function slug(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
