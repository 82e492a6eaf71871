// One entry point over the facts: the findings (rules with the user's severities and disabled rules applied), the job
// summary and the code-lens lines. Pure; src/flink parses, src/features/flinkLens and src/cli/flinkCommands show.

import { DEFAULT_HOURS_PER_MONTH, DEFAULT_KPU_HOUR_PRICE_USD, DEFAULT_PARALLELISM_PER_KPU, kpusFor } from '../sizing/flinkSizing';
import { fileContext, type FileContext } from './context';
import type { Expr, FlinkFacts, SourceRange } from './facts';
import { describeError, formatMs } from './exprs';
import { buildJobModel, emptyJobModel, uncalledFunctions, type JobModel, type OperatorFact } from './model';
import { runRules } from './ruleChecks';
import { within } from './ruleContext';
import { runSqlRules } from './sqlChecks';
import { RULES, type DeploymentTarget, type Finding, type Severity } from './rules';
import { formatUsd, plural } from '../units';

export interface AnalyzeOptions {
  target?: DeploymentTarget;
  disabledRules?: readonly string[];
  /** Per rule id; "off" disables the rule. */
  severities?: Readonly<Record<string, Severity | 'off'>>;
  /** Parallelism of operators that set none and an environment that sets none (Managed Flink: the app's Parallelism). */
  defaultParallelism?: number;
  parallelismPerKpu?: number;
  kpuHourPriceUsd?: number;
  /** The file's path, for what kind of file it is (a test source is not judged: ./context.ts). */
  path?: string;
}

export interface JobSummary {
  operators: number;
  shuffles: number;
  /** if/else statements building alternative pipelines: only the largest branch of each is counted. */
  alternatives: number;
  /** Pipelines ending in a sink. */
  branches: number;
  /** Sum over operators of their parallelism (the default when unset). */
  subtasks: number;
  /** Highest operator parallelism: the application Parallelism a Managed Flink app needs. */
  parallelism: number;
  defaultParallelism: number;
  parallelismPerKpu: number;
  kpus: number;
  monthlyKpuCostUsd: number;
  /** How the numbers were found, for hovers. */
  explanation: string[];
}

export interface LensLine {
  range: SourceRange;
  title: string;
  tooltip: string;
  kind: 'job' | 'parallelism' | 'window' | 'key';
}

export interface FlinkAnalysis {
  findings: Finding[];
  summary: JobSummary;
  lenses: LensLine[];
  syntaxErrors: number;
  /** What the analysis could not read or chose not to judge, for the log; never a finding. */
  notes: string[];
  /**
   * Bugs met on the way (an exception while extracting facts, building the model, in a check or the summary): the rest
   * of the analysis still ran. The editor logs them as errors; the tests fail on any.
   */
  internalErrors: string[];
  /** What kind of file it is: a test source, a file with a job, a Managed Service for Apache Flink application. */
  context: FileContext;
}

function summarise(model: JobModel, opts: AnalyzeOptions, unused: SourceRange[] = []): JobSummary {
  const defaultParallelism = model.defaultParallelism ?? opts.defaultParallelism ?? 1;
  const ppk = opts.parallelismPerKpu ?? DEFAULT_PARALLELISM_PER_KPU;
  const price = opts.kpuHourPriceUsd ?? DEFAULT_KPU_HOUR_PRICE_USD;
  // operators come upstream first, so an operator inheriting its input's parallelism finds it resolved
  const resolved = new Map<OperatorFact, number>();
  for (const o of model.operators) {
    let p = o.parallelism;
    if (p === undefined && o.parallelismFrom === 'one') p = 1;
    if (p === undefined && o.parallelismFrom === 'input') {
      const from = model.edges.find((e) => e.to === o)?.from;
      p = from ? resolved.get(from) : undefined;
    }
    resolved.set(o, p ?? defaultParallelism);
  }
  // if/else branches that each build a pipeline are alternatives: one runs, so the largest alone is counted
  // operators built in a helper nothing calls are not in the job
  const excluded = new Set<OperatorFact>(model.operators.filter((o) => unused.some((r) => within(o.call.range, r))));
  const alternatives: string[] = [];
  for (const alt of model.alternatives) {
    const groups = alt.branches
      .map((b) => model.operators.filter((o) => !excluded.has(o) && within(o.call.range, b)))
      .filter((g) => g.length > 0);
    if (groups.length < 2) continue;
    const kept = groups.reduce((a, b) => (b.length > a.length ? b : a));
    for (const g of groups) if (g !== kept) for (const o of g) excluded.add(o);
    alternatives.push(
      `line ${alt.range.line + 1}: ${groups.length} alternative pipelines (${groups.map((g) => g.length).join(' / ')} operators), the largest counted`,
    );
  }
  const operators = model.operators.filter((o) => !excluded.has(o));
  const perOperator = operators.map((o) => resolved.get(o) ?? defaultParallelism);
  // A shuffle is an edge Flink's plan ships other than FORWARD: a partitioning call (HASH, REBALANCE, RESCALE, ...),
  // or, with none, a change of parallelism between the two operators (Flink then ships by REBALANCE).
  const shuffles = model.edges.filter(
    (e) => !excluded.has(e.to) && (e.partition || (e.from && resolved.get(e.from) !== resolved.get(e.to))),
  ).length;
  const subtasks = perOperator.reduce((a, b) => a + b, 0);
  const parallelism = Math.max(defaultParallelism, ...perOperator);
  const kpus = kpusFor(parallelism, ppk);
  const monthly = Math.round(kpus * DEFAULT_HOURS_PER_MONTH * price * 100) / 100;
  const branches = operators.filter((o) => o.role === 'sink').length;
  return {
    operators: operators.length,
    alternatives: alternatives.length,
    shuffles,
    branches,
    subtasks,
    parallelism,
    defaultParallelism,
    parallelismPerKpu: ppk,
    kpus,
    monthlyKpuCostUsd: monthly,
    explanation: [
      `Operators: ${operators.length} (sources, transformations and sinks, as the nodes of Flink's execution plan; keyBy/window/union/connect add none of their own).`,
      ...(alternatives.length ? [`Alternatives: ${alternatives.join('; ')}: only one runs.`] : []),
      `Shuffles: ${shuffles} (edges between operators that are not FORWARD: keyBy, rebalance, rescale, shuffle, broadcast, global, partitionCustom — the last one before an operator — or a change of parallelism).`,
      `Branches: ${plural(branches, 'pipeline')} ending in a sink.`,
      `Subtasks: ${subtasks} = sum of operator parallelism (${defaultParallelism} where none is set${model.defaultParallelism !== undefined ? ', from env.setParallelism' : ''}; 1 for fromElements/fromCollection and windowAll; assignTimestampsAndWatermarks at its input's); Flink chains operators, so task slots needed = the highest parallelism, ${parallelism}.`,
      `KPUs: ceil(${parallelism} ÷ ${ppk} ParallelismPerKPU) + 1 orchestration KPU = ${kpus} (Managed Service for Apache Flink, how-pricing).`,
      `Cost: ${kpus} KPUs × ${DEFAULT_HOURS_PER_MONTH} h × $${price} per KPU-hour = ${formatUsd(monthly)} a month (KPUs only; running storage and backups not included).`,
    ],
  };
}

function keyInWords(selector: Expr | undefined): string {
  if (!selector) return 'no key';
  if (selector.k === 'mref') return selector.name.replace(/^get(?=[A-Z])/, '').replace(/^./, (c) => c.toLowerCase());
  if (selector.k === 'lit') return `field ${selector.text}`;
  if (selector.k === 'lambda' && selector.returns.length === 1) {
    const r = selector.returns[0];
    if (r.k === 'call' && r.args.length === 0) return r.name.replace(/^get(?=[A-Z])/, '').replace(/^./, (c) => c.toLowerCase());
    if (r.k === 'field') return r.name;
    return r.text;
  }
  if (selector.k === 'field') return selector.name;
  return selector.text.length > 40 ? `${selector.text.slice(0, 40)}…` : selector.text;
}

function lensLines(model: JobModel, summary: JobSummary, context: FileContext): LensLine[] {
  const lines: LensLine[] = [];
  const jobTitle =
    `Flink job: ${plural(summary.operators, 'operator')}, ${plural(summary.shuffles, 'shuffle')}, ${plural(summary.branches, 'branch')}, ` +
    `~${plural(summary.subtasks, 'subtask')} → ${plural(summary.kpus, 'KPU')} ≈ ${formatUsd(summary.monthlyKpuCostUsd, 0)}/month` +
    (summary.alternatives ? ` (largest of ${summary.alternatives === 1 ? 'the if/else alternatives' : 'each if/else'})` : '');
  // no job or no pipeline, no job summary: "0 operators → 2 KPUs" on a Table API or helper file is a made-up cost
  const anchors =
    !context.job || context.testSource || summary.operators === 0
      ? []
      : model.executeCalls.length
        ? model.executeCalls
        : model.envCalls.slice(0, 1);
  for (const c of anchors) lines.push({ range: c.range, title: jobTitle, tooltip: summary.explanation.join('\n'), kind: 'job' });
  for (const c of model.calls) {
    if (c.name !== 'setParallelism') continue;
    const arg = c.args[0];
    if (arg?.k !== 'lit' || typeof arg.value !== 'number') continue;
    const k = kpusFor(arg.value, summary.parallelismPerKpu);
    lines.push({
      range: c.nameRange,
      title: `${arg.value} subtasks → ${k} KPUs`,
      tooltip: `ceil(${arg.value} ÷ ${summary.parallelismPerKpu} ParallelismPerKPU) + 1 orchestration KPU = ${k} KPUs if this were the application's highest parallelism.`,
      kind: 'parallelism',
    });
  }
  for (const w of model.windows) {
    const size = w.sizeMs !== undefined ? `${formatMs(w.sizeMs)} ` : '';
    const kind = w.kind === 'session' ? `session windows (gap ${size.trim() || '?'})` : `${size}${w.kind} windows`;
    lines.push({
      range: w.call.range,
      title: `${w.time === 'event' ? 'Event time' : w.time === 'processing' ? 'Processing time' : 'Time characteristic unset'}: ${kind}`,
      tooltip:
        w.time === 'event'
          ? 'Windows close when the watermark passes their end: results depend on record timestamps only.'
          : w.time === 'processing'
            ? 'Windows close by the wall clock of the machine: results depend on when records arrive.'
            : 'timeWindow() follows the time characteristic, which this file does not set: event time on Flink 1.12 and later, processing time before. Prefer window(TumblingEventTimeWindows.of(...)).',
      kind: 'window',
    });
  }
  for (const s of model.shuffles) {
    if (s.call.name !== 'keyBy') continue;
    lines.push({
      range: s.call.nameRange,
      title: `Keyed by ${keyInWords(s.call.args[0])} (hash shuffle)`,
      tooltip: 'keyBy sends every record over the network to the subtask owning its key group.',
      kind: 'key',
    });
  }
  // a test source is not deployed: no cost lenses, only what the code does (windows, keys)
  return context.testSource ? lines.filter((l) => l.kind === 'window' || l.kind === 'key') : lines;
}

export function analyzeFacts(facts: FlinkFacts, opts: AnalyzeOptions = {}): FlinkAnalysis {
  const internalErrors = [...facts.internalErrors];
  let model: JobModel;
  try {
    model = buildJobModel(facts);
  } catch (err) {
    internalErrors.push(`job model: ${describeError(err)}`);
    model = emptyJobModel();
  }
  const context = fileContext(facts, model, opts.path);
  const rules = runRules(facts, model, opts.target ?? 'self-managed', context);
  internalErrors.push(...rules.internalErrors);
  const sqlRules = runSqlRules(facts, context);
  internalErrors.push(...sqlRules.internalErrors);
  if (sqlRules.findings.length) {
    rules.findings.push(...sqlRules.findings);
    rules.findings.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  }
  const disabled = new Set(opts.disabledRules ?? []);
  const findings: Finding[] = [];
  for (const f of rules.findings) {
    if (disabled.has(f.rule)) continue;
    // a test source is not deployed; a file without a job gets the rules that judge one operator only
    if (context.testSource || (!context.job && RULES[f.rule].scope === 'job')) continue;
    // the user's severities come from settings: only own keys count (a rule id is never an Object.prototype name)
    const override = opts.severities && Object.hasOwn(opts.severities, f.rule) ? opts.severities[f.rule] : undefined;
    const severity = override ?? RULES[f.rule].severity;
    if (severity === 'off') continue;
    findings.push({ ...f, severity });
  }
  let summary: JobSummary;
  let lenses: LensLine[] = [];
  try {
    summary = summarise(model, opts, uncalledFunctions(facts, model));
    lenses = lensLines(model, summary, context);
  } catch (err) {
    internalErrors.push(`job summary: ${describeError(err)}`);
    summary = summarise(emptyJobModel(), opts);
  }
  return { findings, summary, lenses, syntaxErrors: facts.syntaxErrors, notes: [...facts.notes], internalErrors, context };
}
