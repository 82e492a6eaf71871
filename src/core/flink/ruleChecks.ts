// The Flink rules' checks: each judges the facts (./facts.ts) through the job model (./model.ts) and emits findings
// of a rule in the catalog (./rules.ts). Pure.

import type { ClassFact, Expr, FlinkFacts, SourceRange } from './facts';
import { chainCalls, chainRoot, describeError, durationMs, formatMs, type CallExpr } from './exprs';
import type { JobModel } from './model';
import { PROCESSING_TIME_ASSIGNERS, STATE_DESCRIPTORS, WATERMARK_STRATEGY_CALLS } from './vocabulary';

import {
  MANY_BRANCHES_THRESHOLD,
  MAX_PARALLELISM_SAFE_DEFAULT,
  RULES,
  type DeploymentTarget,
  type Finding,
  type FlinkFix,
  type RuleId,
  type TextEdit,
} from './rules';

const KAFKA_KINESIS = /^(KafkaSource|FlinkKafkaConsumer|FlinkKafkaConsumer011|FlinkKinesisConsumer|KinesisStreamsSource|KinesisSource)$/;
const COLLECTION_TYPES = /^(Object|List|Map|Set|Collection|HashMap|ArrayList|LinkedList|HashSet|TreeMap|LinkedHashMap)$/;

interface RuleContext {
  facts: FlinkFacts;
  model: JobModel;
  exprs: Expr[];
  target: DeploymentTarget;
  emit(rule: RuleId, range: SourceRange, message: string, fix?: FlinkFix): void;
}

function hasCall(ctx: RuleContext, ...names: string[]): boolean {
  return ctx.model.calls.some((c) => names.includes(c.name));
}

function mentions(ctx: RuleContext, pattern: RegExp): boolean {
  return ctx.exprs.some((e) => (e.k === 'id' && pattern.test(e.name)) || (e.k === 'new' && pattern.test(e.type)));
}

/** A watermark strategy other than noWatermarks() is set somewhere in the file. */
function hasWatermarkStrategy(ctx: RuleContext): boolean {
  return (
    hasCall(ctx, ...WATERMARK_STRATEGY_CALLS) ||
    ctx.exprs.some((e) => e.k === 'new' && /TimestampExtractor|WatermarkStrategy$/.test(e.type))
  );
}

function processingTime(ctx: RuleContext): void {
  const fixable = hasWatermarkStrategy(ctx);
  for (const w of ctx.model.windows) {
    if (w.time !== 'processing') continue;
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
    if (c.name === 'registerProcessingTimeTimer') {
      ctx.emit(
        'processing-time-timer',
        c.nameRange,
        'This timer fires by wall clock. Register an event-time timer (registerEventTimeTimer) on the record timestamp so replays give the same result.',
      );
    }
  }
}

function eventTime(ctx: RuleContext): void {
  const strategies = ctx.model.calls.filter((c) => WATERMARK_STRATEGY_CALLS.has(c.name));
  if (!hasWatermarkStrategy(ctx)) {
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

/** Return type of a getter or field named `name` declared in the file. */
function declaredType(ctx: RuleContext, name: string): string | undefined {
  for (const c of ctx.facts.classes) {
    const m = c.methods.find((m) => m.name === name && m.paramCount === 0);
    if (m) return m.returnType;
    const f = c.fields.find((f) => f.name === name);
    if (f) return f.type;
  }
  return undefined;
}

/** Why a key selector's value has few distinct values, or undefined when it may have many. */
function lowCardinalityReason(ctx: RuleContext, selector: Expr | undefined): string | undefined {
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
  if (selector.k === 'lit') return `the key is the constant ${selector.text}: one subtask gets every record`;
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

function state(ctx: RuleContext): void {
  const ttlVars = new Set<string>();
  for (const c of ctx.model.calls) {
    // d.enableTimeToLive(...), this.d.enableTimeToLive(...), self.d.enable_time_to_live(...)
    if (c.name === 'enableTimeToLive' && (c.target?.k === 'id' || c.target?.k === 'field')) ttlVars.add(c.target.name);
  }
  const assigned = new Map<Expr, { name: string; range: SourceRange }>();
  for (const a of ctx.facts.assignments) assigned.set(a.value, a);
  for (const e of ctx.exprs) {
    if (e.k !== 'new' || !STATE_DESCRIPTORS.has(e.type)) continue;
    const a = assigned.get(e);
    if (a && ttlVars.has(a.name)) continue;
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

function kryo(ctx: RuleContext): void {
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

function uids(ctx: RuleContext): void {
  const used = new Set(ctx.model.operators.map((o) => o.uid).filter((u): u is string => !!u));
  for (const [i, op] of ctx.model.operators.entries()) {
    const stateful = op.role !== 'operator' || op.keyed;
    if (!stateful || op.uid !== undefined) continue;
    const base = slug(op.name ?? '') || `${slug(op.call.name)}-${i + 1}`;
    let uid = base;
    for (let n = 2; used.has(uid); n++) uid = `${base}-${n}`;
    used.add(uid);
    const what = op.role === 'source' ? 'This source' : op.role === 'sink' ? 'This sink' : `This keyed ${op.call.name}`;
    ctx.emit(
      'missing-uid',
      op.call.nameRange,
      `${what} keeps state in savepoints but has no uid: change the job and its state cannot be restored. Add .uid("${uid}") (stable, unique per job).`,
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

function branches(ctx: RuleContext): void {
  const groups = new Map<string, CallExpr[][]>();
  for (const chain of ctx.model.chains) {
    if (!chain.root || chain.calls.length < 2) continue;
    const shape = `${chain.root}:${chain.calls.map((c) => c.name).join('.')}`;
    if (
      !chain.calls.some(
        (c) => c.name === 'keyBy' || c.name === 'window' || c.name === 'filter' || c.name === 'sinkTo' || c.name === 'process',
      )
    )
      continue;
    groups.set(shape, [...(groups.get(shape) ?? []), chain.calls]);
  }
  for (const [shape, chains] of groups) {
    if (chains.length < MANY_BRANCHES_THRESHOLD) continue;
    const [root, names] = shape.split(':');
    ctx.emit(
      'many-branches',
      chains[0][0].nameRange,
      `${chains.length} branches from "${root}" repeat ${names.split('.').join(' → ')} with different arguments: each is its own set of operators and subtasks. ` +
        'Group them: keyBy the value that tells them apart and run one branch per distinct window size (AWS re:Invent 2025 ANT307: 20 branches became 3).',
    );
  }
}

function checkpointing(ctx: RuleContext): void {
  if (ctx.target === 'managed') return; // Managed Service for Apache Flink configures checkpointing at the service
  if (hasCall(ctx, 'enableCheckpointing') || ctx.exprs.some((e) => e.k === 'lit' && e.value === 'execution.checkpointing.interval')) return;
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

export function runRules(facts: FlinkFacts, model: JobModel, target: DeploymentTarget): RuleResults {
  const out: Omit<Finding, 'severity'>[] = [];
  const internalErrors: string[] = [];
  const ctx: RuleContext = {
    facts,
    model,
    exprs: model.exprs,
    target,
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
