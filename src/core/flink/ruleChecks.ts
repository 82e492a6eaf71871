// The Flink rules' checks about time, keys, parallelism, job shape and checkpointing (state, uid and Kryo: ./stateChecks.ts),
// and runRules, which runs every check. Each judges the facts (./facts.ts) through the job model (./model.ts) and emits
// findings of a rule in the catalog (./rules.ts). Pure.

import type { FileContext } from './context';
import type { Expr, FlinkFacts } from './facts';
import { chainCalls, chainRoot, describeError, durationMs, formatMs, subExprs, type CallExpr } from './exprs';
import type { JobModel } from './model';
import { assignedValue, hasCall, lowCardinalityReason, mentions, originOf, type RuleContext } from './ruleContext';
import { kryo, state, uids } from './stateChecks';
import { PROCESSING_TIME_ASSIGNERS, WATERMARK_STRATEGY_CALLS, type WindowFact } from './vocabulary';
import { MANY_BRANCHES_THRESHOLD, MAX_PARALLELISM_SAFE_DEFAULT, RULES, type DeploymentTarget, type Finding } from './rules';

/** Calls that make a chain a branch of the job worth comparing (not a one-off source or config chain). */
const BRANCH_CALLS = new Set(['keyBy', 'window', 'filter', 'sinkTo', 'process']);
const KAFKA_KINESIS = /^(KafkaSource|FlinkKafkaConsumer|FlinkKafkaConsumer011|FlinkKinesisConsumer|KinesisStreamsSource|KinesisSource)$/;

/** A watermark strategy other than noWatermarks() is set somewhere in the file. */
function hasWatermarkStrategy(ctx: RuleContext): boolean {
  return (
    hasCall(ctx, ...WATERMARK_STRATEGY_CALLS) ||
    ctx.exprs.some((e) => e.k === 'new' && /TimestampExtractor|WatermarkStrategy$/.test(e.type))
  );
}

/** Sources added with addSource whose SourceFunction is known to emit no watermarks of its own. */
const NO_WATERMARK_SOURCE_FUNCTIONS = /^(FlinkKafkaConsumer\d*|FlinkKinesisConsumer|SocketTextStreamFunction|FromElementsFunction)$/;
/** Sources that emit no watermarks (a strategy is needed downstream for event time). */
const NO_WATERMARK_SOURCES = new Set(['fromElements', 'fromCollection', 'fromData', 'fromSequence', 'socketTextStream', 'readTextFile']);

/**
 * Where the job's watermarks come from cannot be excluded: a timestamp assigner of any kind (WatermarkStrategy, the
 * deprecated AssignerWith*Watermarks classes, Scala's assignAscendingTimestamps), a source that can emit its own
 * (a SourceFunction of another file, a fromSource strategy held elsewhere, a function of the file calling
 * emitWatermark), a stream from outside the file (a parameter, a helper's result, the Table API), or ingestion
 * time (Flink generates those watermarks). Only a job whose every source is seen and emits none is judged.
 */
function watermarksPossible(ctx: RuleContext): boolean {
  if (
    hasWatermarkStrategy(ctx) ||
    hasCall(ctx, 'assignTimestampsAndWatermarks', 'assignAscendingTimestamps', 'emitWatermark', 'collectWithTimestamp')
  )
    return true;
  if (ctx.exprs.some((e) => e.k !== 'other' && e.text.includes('IngestionTime'))) return true;
  const sources = ctx.model.operators.filter((o) => o.role === 'source');
  if (sources.length === 0 || ctx.model.edges.some((e) => !e.from)) return true;
  return sources.some((o) => {
    const n = o.call.name;
    if (NO_WATERMARK_SOURCES.has(n)) return false;
    if (n === 'fromSource') {
      const strategy = o.call.args[1];
      return !(strategy?.k === 'call' && strategy.name === 'noWatermarks');
    }
    if (n === 'addSource') {
      const fn = originOf(ctx, o.call.args[0]);
      return !(fn?.k === 'new' && NO_WATERMARK_SOURCE_FUNCTIONS.test(fn.type));
    }
    return true;
  });
}

/**
 * A processing-time timer set at "now + a delay" (its time computed from currentProcessingTime()) is a wall-clock
 * timeout or refresh by design: a reference-data reload, a session timeout, a periodic flush. One set at any other
 * time (a record's timestamp, an event field) mixes the two clocks: reported.
 */
function wallClockTimer(ctx: RuleContext, call: CallExpr): boolean {
  const arg = call.args[0];
  if (!arg) return false;
  const readsNow = (e: Expr | undefined): boolean => !!e && /currentProcessingTime|current_processing_time/.test(e.text);
  if (readsNow(arg)) return true;
  return subExprs(arg).some((e) => e.k === 'id' && readsNow(assignedValue(ctx, e.name, call.range)));
}

function processingTime(ctx: RuleContext): void {
  const fixable = hasWatermarkStrategy(ctx);
  // late records (sideOutputLateData's tag) are behind the watermark by definition: an event-time window over them
  // would drop them all again, so a processing-time window there is the only kind that works
  const lateTags = new Set(ctx.model.calls.filter((c) => c.name === 'sideOutputLateData').map((c) => c.args[0]?.text));
  const overLateData = (w: WindowFact) =>
    ctx.model.chains.some(
      (ch) =>
        ch.calls.some((c) => c.args.includes(w.call)) && ch.calls.some((c) => c.name === 'getSideOutput' && lateTags.has(c.args[0]?.text)),
    );
  for (const w of ctx.model.windows) {
    if (w.time !== 'processing' || overLateData(w)) continue;
    if (w.call.name === 'timeWindow' || w.call.name === 'timeWindowAll') {
      ctx.emit(
        'processing-time-window',
        w.call.nameRange,
        `${w.assigner} under TimeCharacteristic.ProcessingTime groups records by arrival time, so results change with lag and replays. Use ${w.call.name === 'timeWindow' ? 'window' : 'windowAll'}(${w.kind === 'sliding' ? 'SlidingEventTimeWindows' : 'TumblingEventTimeWindows'}.of(...)) with a watermark strategy (timeWindow is deprecated).`,
      );
      continue;
    }
    const twin = PROCESSING_TIME_ASSIGNERS.get(w.assigner) ?? w.assigner;
    ctx.emit(
      'processing-time-window',
      w.call.range,
      `${w.assigner} groups records by arrival time, so results change with lag and replays. Use ${twin} with a watermark strategy` +
        (fixable ? ' (this file has one).' : ' (add WatermarkStrategy.forBoundedOutOfOrderness(...) on the source).'),
      fixable ? { title: `Switch to ${twin}`, edits: [{ range: w.classRange, newText: twin }] } : undefined,
    );
  }
  for (const c of ctx.model.calls) {
    if (c.name === 'registerProcessingTimeTimer' && !wallClockTimer(ctx, c)) {
      ctx.emit(
        'processing-time-timer',
        c.nameRange,
        'This processing-time timer is set at a time not read from the wall clock (a record or event time?): it fires by wall clock, so replays and lag give other results. Register an event-time timer (registerEventTimeTimer) at that time, or set this one at currentProcessingTime() + a delay if a wall-clock timeout is meant.',
      );
    }
  }
}

function eventTime(ctx: RuleContext): void {
  const strategies = ctx.model.calls.filter((c) => WATERMARK_STRATEGY_CALLS.has(c.name));
  if (!watermarksPossible(ctx)) {
    for (const w of ctx.model.windows) {
      if (w.time === 'event') {
        ctx.emit(
          'event-time-without-watermarks',
          w.call.range,
          `${w.assigner} needs watermarks, but no watermark strategy is set: the windows never fire. Pass WatermarkStrategy.forBoundedOutOfOrderness(...) to fromSource or call assignTimestampsAndWatermarks.`,
        );
      }
    }
    for (const c of ctx.model.calls) {
      if (c.name === 'registerEventTimeTimer') {
        ctx.emit(
          'event-time-without-watermarks',
          c.nameRange,
          'This event-time timer needs watermarks, but no watermark strategy is set: it never fires. Add WatermarkStrategy.forBoundedOutOfOrderness(...) on the source.',
        );
      }
    }
  }
  // withIdleness applied to the strategy (anywhere up its chain, or on the variable holding it)
  const idle = new Set<Expr>();
  const idleVars = new Set<string>();
  for (const c of ctx.model.calls) {
    if (c.name !== 'withIdleness') continue;
    for (const inner of chainCalls(c)) idle.add(inner);
    const root = chainRoot(c);
    if (root?.k === 'id') idleVars.add(root.name);
  }
  const strategyVars = new Map<Expr, string>();
  for (const a of ctx.facts.assignments) for (const inner of chainCalls(a.value)) strategyVars.set(inner, a.name);
  const kafkaOrKinesis = mentions(ctx, KAFKA_KINESIS);
  const windowMs = ctx.model.windows.map((w) => w.sizeMs).filter((ms): ms is number => ms !== undefined);
  const smallestWindowMs = windowMs.length ? Math.min(...windowMs) : undefined;
  for (const s of strategies) {
    const v = strategyVars.get(s);
    if (kafkaOrKinesis && !idle.has(s) && !(v && idleVars.has(v))) {
      ctx.emit(
        'watermark-without-idleness',
        s.nameRange,
        'A Kafka partition or Kinesis shard without records holds back the watermark of the whole job. Add .withIdleness(Duration.ofMinutes(1)) to this watermark strategy.',
      );
    }
    if (s.name !== 'forBoundedOutOfOrderness') continue;
    const ms = durationMs(s.args[0]);
    if (ms === 0) {
      ctx.emit(
        'out-of-orderness-zero',
        s.range,
        'An out-of-orderness bound of 0 means "timestamps only increase". Say so with WatermarkStrategy.forMonotonousTimestamps(), or give a real bound if records can arrive late.',
      );
    } else if (ms !== undefined && smallestWindowMs !== undefined && ms > smallestWindowMs) {
      ctx.emit(
        'out-of-orderness-exceeds-window',
        s.range,
        `Out-of-orderness ${formatMs(ms)} is longer than the ${formatMs(smallestWindowMs)} window: every window waits more than its own length for its watermark. Lower the bound and use allowedLateness/side outputs for the stragglers, or use larger windows.`,
      );
    }
  }
}

function keys(ctx: RuleContext): void {
  for (const s of ctx.model.shuffles) {
    if (s.call.name !== 'keyBy') continue;
    const why = lowCardinalityReason(ctx, s.call.args[0]);
    if (why) {
      ctx.emit(
        'low-cardinality-key',
        s.call.args[0].range,
        `Low-cardinality key: ${why}. Key by something with at least 10x as many values as the parallelism (e.g. an id), or add a salt and aggregate in two steps.`,
      );
    }
  }
  for (const c of ctx.model.shuffleBeforeKeyBy) {
    ctx.emit(
      'redundant-shuffle',
      c.nameRange,
      `${c.name}() right before keyBy shuffles every record twice: keyBy repartitions anyway. Remove ${c.name}().`,
    );
  }
  for (const c of ctx.model.repeatedKeyBy) {
    ctx.emit(
      'redundant-shuffle',
      c.nameRange,
      'The stream is already partitioned by this key: this keyBy shuffles every record again. Keep the keyed operators on one KeyedStream, or use DataStreamUtils.reinterpretAsKeyedStream.',
    );
  }
}

function parallelism(ctx: RuleContext): void {
  if (hasCall(ctx, 'setMaxParallelism')) return;
  for (const c of ctx.model.calls) {
    if (c.name !== 'setParallelism') continue;
    const arg = c.args[0];
    if (arg?.k === 'lit' && typeof arg.value === 'number' && arg.value > MAX_PARALLELISM_SAFE_DEFAULT) {
      ctx.emit(
        'max-parallelism-unset',
        c.nameRange,
        `Parallelism ${arg.value} is above ${MAX_PARALLELISM_SAFE_DEFAULT} with no setMaxParallelism: the derived max parallelism (key groups) cannot be changed later without losing state. Call env.setMaxParallelism(...) with the most this job will ever scale to.`,
      );
    }
  }
}

/** Strings, comments, numbers, SCREAMING_CASE constants and whitespace, in that order of preference. */
const TEMPLATE_TOKENS =
  /("""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(\/\/[^\n]*|\/\*[\s\S]*?\*\/|#[^\n]*)|(\b\d[\d_]*(?:\.\d+)?[lLfFdD]?\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]*\b|\b[A-Z]{2,}\b)|(\s+)/g;

/**
 * A chain's code with its values taken out: literals and SCREAMING_CASE constants become `?`, comments and whitespace
 * go. Branches with the same template differ only by values (a window size, a filter constant), so one branch keyed
 * by that value would do; branches whose templates differ (a tumbling and a session window, another function) are
 * different logic.
 */
export function valueTemplate(code: string): string {
  return code.replace(TEMPLATE_TOKENS, (_m, literal?: string, _comment?: string, constant?: string) =>
    literal !== undefined || constant !== undefined ? '?' : '',
  );
}

function branches(ctx: RuleContext): void {
  // the same calls from the same variable first (cheap), then the same code once values are taken out
  const shapes = new Map<string, JobModel['chains']>();
  for (const chain of ctx.model.chains) {
    if (!chain.root || chain.calls.length < 2) continue;
    if (!chain.calls.some((c) => BRANCH_CALLS.has(c.name))) continue;
    const shape = `${chain.root}:${chain.calls.map((c) => c.name).join('.')}`;
    shapes.set(shape, [...(shapes.get(shape) ?? []), chain]);
  }
  const groups = new Map<string, CallExpr[][]>();
  for (const same of shapes.values()) {
    if (same.length < MANY_BRANCHES_THRESHOLD) continue;
    for (const chain of same) {
      const template = `${chain.root}:${valueTemplate(chain.expr.text)}`;
      groups.set(template, [...(groups.get(template) ?? []), chain.calls]);
    }
  }
  for (const chains of groups.values()) {
    if (chains.length < MANY_BRANCHES_THRESHOLD) continue;
    const root = chainRoot(chains[0][0]);
    const names = chains[0].map((c) => c.name).join(' → ');
    ctx.emit(
      'many-branches',
      chains[0][0].nameRange,
      `${chains.length} branches from "${root?.text ?? ''}" are the same pipeline (${names}) with different values: each is its own set of operators and subtasks. ` +
        'Key by the value that tells them apart and run one branch per distinct window size (AWS re:Invent 2025 ANT307: 20 branches became 3).',
    );
  }
}

function checkpointing(ctx: RuleContext): void {
  // Managed Service for Apache Flink configures checkpointing at the service: the target setting, or an application
  // that reads its runtime properties the way only Managed Flink provides them
  if (ctx.target === 'managed' || ctx.context.managedApp || ctx.context.bounded) return;
  // env.enableCheckpointing(ms), env.getCheckpointConfig().setCheckpointInterval(ms), or the configuration key
  if (
    hasCall(ctx, 'enableCheckpointing', 'setCheckpointInterval') ||
    ctx.exprs.some((e) => e.k === 'lit' && e.value === 'execution.checkpointing.interval') ||
    ctx.exprs.some((e) => e.k === 'field' && e.name === 'CHECKPOINTING_INTERVAL')
  )
    return;
  const at = ctx.model.envCalls[0];
  if (!at) return;
  ctx.emit(
    'checkpointing-disabled',
    at.nameRange,
    'Checkpointing is off by default: a failure loses all state and exactly-once sinks never commit. Call env.enableCheckpointing(60_000) (or set execution.checkpointing.interval). On Managed Service for Apache Flink the service sets it: choose that target in the settings.',
  );
}

/** The checks by name (the name is what an internal error is logged under: function names do not survive minifying). */
export const RULE_FUNCTIONS: [string, (ctx: RuleContext) => void][] = [
  ['processing time', processingTime],
  ['event time', eventTime],
  ['keys', keys],
  ['state', state],
  ['kryo', kryo],
  ['uids', uids],
  ['parallelism', parallelism],
  ['branches', branches],
  ['checkpointing', checkpointing],
];

export interface RuleResults {
  findings: Omit<Finding, 'severity'>[];
  /** Checks that threw (a bug): the others still ran. */
  internalErrors: string[];
}

export function runRules(facts: FlinkFacts, model: JobModel, target: DeploymentTarget, context: FileContext): RuleResults {
  const out: Omit<Finding, 'severity'>[] = [];
  const internalErrors: string[] = [];
  const ctx: RuleContext = {
    facts,
    model,
    exprs: model.exprs,
    target,
    context,
    emit(rule, range, message, fix) {
      out.push({ rule, range, message, docUrl: RULES[rule].docUrl, ...(fix ? { fix } : {}) });
    },
  };
  for (const [name, rule] of RULE_FUNCTIONS) {
    try {
      rule(ctx);
    } catch (err) {
      // A check must never take the analysis down, nor fail silently: the others run, the error is reported.
      internalErrors.push(`check "${name}": ${describeError(err)}`);
    }
  }
  return { findings: out.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column), internalErrors };
}
