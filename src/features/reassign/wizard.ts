// The "Plan Reassignment" wizard: a multi-step QuickInput with Back and validation on every step, defaults from
// the settings (pattern: vscode-extension-samples quickinput-sample/src/multiStepInput.ts).
// Steps: cluster -> goal -> (brokers to add | brokers to drain) -> tolerance -> excluded topics -> [a drain that cannot
// finish: what stays and why, before any plan is made] -> goals (a multi-select in priority order, the setting's goals
// ticked) -> capacity (a broker type of the sizing catalog, custom limits, or none) -> throttle -> moves per broker.

import { InputError, NoClusterError } from '../../core/errors';
import { isInternalTopic, parseBrokerList } from '../../core/kafkaFormats';
import { partitionBytes } from '../../core/model';
import {
  checkDrain,
  describeDrainCandidate,
  drainCandidates,
  formatDrainProblems,
  type DrainProblem,
  type DrainProblemReason,
} from '../../core/planner/drain';
import { emptyBrokers, parseTolerance, planOptionsOf, type PlanGoalKind, type PlanRequest } from '../../core/reassignmentDocument';
import { capacityOfBrokerType, parseCapacity } from '../../core/capacitySpec';
import { DEFAULT_GOALS, GOALS, type GoalId } from '../../core/planner/plan';
import { BROKER_CATALOG, findBrokerType } from '../../core/sizing/catalog';
import { formatBytes, formatMBps } from '../../core/units';
import { ValidationError } from '../../core/validate';
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { BACK, inputStep, pickStep, type Back, type PickItem } from '../quickInput';

const TITLE = 'Plan Reassignment';

type Item<T> = PickItem<T>;

/** One QuickPick step of this wizard (see ../quickInput). */
function pick<T>(
  step: number,
  steps: number,
  placeholder: string,
  items: Item<T>[],
  options: { many?: boolean; validate?: (chosen: T[]) => string | undefined } = {},
): Promise<T[] | Back> {
  return pickStep({ title: TITLE, step, totalSteps: steps, placeholder, items, many: options.many, validate: options.validate });
}

/** One InputBox step of this wizard (see ../quickInput). */
function input(
  step: number,
  steps: number,
  prompt: string,
  value: string,
  validate: (text: string) => string | undefined,
): Promise<string | Back> {
  return inputStep({ title: TITLE, step, totalSteps: steps, prompt, value, validate });
}

const ENTER_IDS = -1;

/** A step with nothing to ask (the broker step of "rebalance", a drain that can finish): passed over both ways. */
const SKIP = 'skip';

/** Partitions listed per reason in the wizard; the rest go to the log ("Show every partition"). */
const LISTED_PARTITIONS = 10;

function drainHeadline(problems: DrainProblem[], ids: number[]): string {
  const stay = problems.reduce((sum, p) => sum + p.partitions.length, 0);
  return `The drain of broker${ids.length === 1 ? '' : 's'} ${ids.join(', ')} cannot finish: ${stay} partition${stay === 1 ? '' : 's'} would stay`;
}

/** The drain check step: go back, plan anyway, or see every partition; then, per reason, why, the fix, the partitions. */
function drainProblemItems(problems: DrainProblem[]): Item<'back' | 'partial' | 'details'>[] {
  const stay = problems.reduce((sum, p) => sum + p.partitions.length, 0);
  const items: Item<'back' | 'partial' | 'details'>[] = [
    { label: '$(arrow-left) Change the brokers or the exclusions', value: 'back', picked: true },
    {
      label: '$(warning) Plan the partial drain anyway',
      description: `${stay} partition${stay === 1 ? '' : 's'} stay on the drained brokers`,
      value: 'partial',
    },
    { label: '$(output) Show every partition and reason in the log', value: 'details' },
  ];
  for (const p of problems) {
    const on = `broker${p.brokers.length === 1 ? '' : 's'} ${p.brokers.join(', ')}`;
    const count = `${p.partitions.length} partition${p.partitions.length === 1 ? '' : 's'}`;
    // short lines: a QuickPick row cuts what does not fit (a labelled separator would take half the next row)
    items.push(
      { label: '', kind: vscode.QuickPickItemKind.Separator, value: 'back' },
      {
        label: `$(error) ${PROBLEM_TITLES[p.reason]}`,
        description: `${count} on ${on}`,
        detail: `${p.why[0].toUpperCase()}${p.why.slice(1)}.`,
        value: 'back',
      },
      { label: '$(lightbulb) What to do', detail: p.fix, value: 'back' },
      ...p.partitions.slice(0, LISTED_PARTITIONS).map((name) => ({ label: `$(circle-slash) ${name}`, value: 'back' as const })),
    );
    if (p.partitions.length > LISTED_PARTITIONS)
      items.push({ label: `… and ${p.partitions.length - LISTED_PARTITIONS} more`, description: 'in the log', value: 'details' });
  }
  return items;
}

const PROBLEM_TITLES: Record<DrainProblemReason, string> = {
  'no-leader': 'No leader to copy from',
  'replication-factor': 'Too few brokers remain for the replication factor',
  rack: 'Rack spread would shrink',
  'replica-cap': 'Replica cap reached',
  excluded: 'Excluded topics stay',
};

/**
 * Runs the wizard. `clusterId` skips the cluster step (the explorer's context menu passes it).
 * Resolves with a complete request; throws UserCancelled when the user backs out.
 */
export async function planWizard(services: Services, clusterId?: string): Promise<PlanRequest> {
  const settings = services.settings;
  const state: Partial<PlanRequest> & { brokers: PlanRequest['brokers'] } = {
    clusterId,
    brokers: [],
    tolerance: settings.plannerTolerance,
    throttleBytesPerSec: settings.plannerThrottleMBps * 1e6,
    movesPerBroker: settings.plannerMovesPerBroker,
    goals: settings.plannerGoals,
    ...(settings.plannerCapacity ? { capacity: settings.plannerCapacity } : {}),
  };
  type Step = () => Promise<boolean | Back | typeof SKIP>;
  const snapshot = () => {
    const cluster = services.clusters.get(state.clusterId!);
    if (!cluster) throw new InputError(`The cluster ${state.clusterId} is no longer loaded.`);
    return cluster.snapshot;
  };
  const skipCluster = clusterId !== undefined;
  const steps: Step[] = [];
  const total = () => (skipCluster ? 8 : 9);
  const n = (i: number) => (skipCluster ? i : i + 1);

  if (!skipCluster) {
    if (services.clusters.all().length === 0) throw new NoClusterError('plan a reassignment for');
    steps.push(async () => {
      const items = services.clusters.all().map((c) => ({
        label: c.label,
        description: c.kind === 'demo' ? 'demo data' : c.kind === 'live' ? 'live cluster' : 'snapshot file',
        detail: `${c.snapshot.brokers.length} brokers, ${c.snapshot.topics.length} topics`,
        picked: c.id === (state.clusterId ?? 'demo'),
        value: c.id,
      }));
      const r = await pick(1, total(), 'Plan a reassignment for which cluster?', items);
      if (r === BACK) return BACK;
      state.clusterId = r[0];
      return true;
    });
  }

  steps.push(async () => {
    const goals: Item<PlanGoalKind>[] = [
      { label: 'Add brokers', description: 'spread load onto new brokers', value: 'add' },
      { label: 'Remove brokers', description: 'drain brokers completely before decommissioning them', value: 'remove' },
      { label: 'Rebalance', description: 'fix skew across the current brokers', value: 'rebalance' },
    ];
    const empty = emptyBrokers(snapshot());
    for (const g of goals) g.picked = g.value === (state.goal ?? (empty.length ? 'add' : 'rebalance'));
    const r = await pick(n(1), total(), 'What should the plan do?', goals);
    if (r === BACK) return BACK;
    if (r[0] !== state.goal) state.brokers = [];
    state.goal = r[0];
    return true;
  });

  steps.push(async () => {
    const s = snapshot();
    if (state.goal === 'rebalance') {
      state.brokers = [];
      return SKIP;
    }
    if (state.goal === 'remove') {
      // brokers that are down first: a stopped broker still holds its replicas until they are reassigned
      const candidates = drainCandidates(s);
      const items = candidates.map((c) => ({
        ...describeDrainCandidate(c),
        picked: state.brokers.some((x) => x.id === c.id),
        value: c.id,
      }));
      const live = new Set(s.brokers.map((b) => b.id));
      const anyDown = candidates.some((c) => c.down);
      const r = await pick(
        n(2),
        total(),
        `Drain which brokers? (space to select${anyDown ? '; brokers that are down come first' : ''})`,
        items,
        {
          many: true,
          validate: (ids) =>
            ids.length === 0
              ? 'Select at least one broker to drain.'
              : [...live].every((id) => ids.includes(id))
                ? 'At least one live broker must remain to hold the replicas.'
                : undefined,
        },
      );
      if (r === BACK) return BACK;
      state.brokers = r.map((id) => ({ id, rack: null }));
      return true;
    }
    // add: brokers holding no replica, or new ids typed with their racks
    const empty = emptyBrokers(s);
    const rackOf = new Map(s.brokers.map((b) => [b.id, b.rack]));
    const known = new Set(s.brokers.map((b) => b.id));
    if (empty.length) {
      const items: Item<number>[] = [
        ...empty.map((id) => ({
          label: `Broker ${id}`,
          description: `rack ${rackOf.get(id) ?? 'none'}`,
          detail: 'holds no replicas',
          picked: state.brokers.length === 0 || state.brokers.some((b) => b.id === id),
          value: id,
        })),
        { label: '$(edit) Enter broker ids that are not started yet…', description: 'e.g. 10:a,11:b', value: ENTER_IDS },
      ];
      const r = await pick(n(2), total(), 'Add which brokers? (space to select)', items, {
        many: true,
        validate: (ids) => (ids.length === 0 ? 'Select at least one broker, or enter new ids.' : undefined),
      });
      if (r === BACK) return BACK;
      state.brokers = r.filter((id) => id !== ENTER_IDS).map((id) => ({ id, rack: rackOf.get(id) ?? null }));
      if (!r.includes(ENTER_IDS)) return true;
    }
    const typed = await input(
      n(2),
      total(),
      'New broker ids with their racks (broker.rack), e.g. "7:a,8:b"; the rack may be left out when the cluster has none.',
      '',
      (text) => {
        try {
          const list = parseBrokerList(text, 'new brokers');
          const clash = list.find((b) => known.has(b.id) && !empty.includes(b.id));
          if (clash) return `Broker ${clash.id} already holds replicas: it is not new.`;
          const dup = list.find((b, i) => list.findIndex((x) => x.id === b.id) !== i);
          if (dup) return `Broker ${dup.id} is listed twice.`;
          return undefined;
        } catch (err) {
          return err instanceof ValidationError ? err.problem : String(err);
        }
      },
    );
    if (typed === BACK) return BACK;
    const extra = parseBrokerList(typed, 'new brokers').filter((b) => !state.brokers.some((x) => x.id === b.id));
    state.brokers = [...state.brokers, ...extra];
    return true;
  });

  steps.push(async () => {
    const r = await input(
      n(3),
      total(),
      'Tolerance: balanced means every broker within this fraction of the mean (0.1 or 10 %; setting kafkaPlanner.planner.tolerance).',
      String(state.tolerance),
      (t) => (parseTolerance(t) === undefined ? 'Give a fraction between 0 and 1 such as 0.1, or a percentage such as 10 %.' : undefined),
    );
    if (r === BACK) return BACK;
    state.tolerance = parseTolerance(r)!;
    return true;
  });

  steps.push(async () => {
    const s = snapshot();
    const sizes = new Map(s.topics.map((t) => [t.name, t.partitions.reduce((sum, p) => sum + partitionBytes(p) * p.replicas.length, 0)]));
    const items = [...s.topics]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((t) => ({
        label: t.name,
        description: `${t.partitions.length} partitions, ${formatBytes(sizes.get(t.name) ?? 0)}${t.internal || isInternalTopic(t.name) ? ' · internal' : ''}`,
        // a drain must empty its brokers, internal topics too; other goals leave internal topics unless unticked
        picked: state.excludedTopics
          ? state.excludedTopics.includes(t.name)
          : state.goal !== 'remove' && (t.internal || isInternalTopic(t.name)),
        value: t.name,
      }));
    const r = await pick(
      n(4),
      total(),
      state.goal === 'remove'
        ? 'Topics to leave on the drained brokers (none by default: a drain moves every topic, internal ones included); Enter to continue'
        : 'Topics to leave where they are (internal topics are excluded by default); Enter to continue',
      items,
      { many: true },
    );
    if (r === BACK) return BACK;
    state.excludedTopics = r;
    // The exclusions are explicit: what is not ticked moves (a drain moves internal topics off its brokers only).
    state.includeInternalTopics = state.goal === 'remove' ? undefined : true;
    return true;
  });

  // A drain that cannot finish says so now, before a plan is made: which partitions would stay and why.
  steps.push(async () => {
    if (state.goal !== 'remove') return SKIP;
    const s = snapshot();
    const problems = checkDrain(s, planOptionsOf(state as PlanRequest, s));
    state.allowPartialDrain = undefined;
    if (problems.length === 0) return SKIP;
    const ids = state.brokers.map((b) => b.id);
    for (;;) {
      const r = await pick(n(4), total(), drainHeadline(problems, ids), drainProblemItems(problems));
      if (r === BACK || r[0] === 'back') return BACK;
      if (r[0] === 'partial') break;
      // every partition, in the log (a QuickPick line holds one short sentence)
      services.log.warn(formatDrainProblems(problems, ids, Infinity));
      services.log.show(true);
    }
    state.allowPartialDrain = true;
    return true;
  });

  steps.push(async () => {
    // in priority order: the chosen goals first (in their order), then the others; a QuickPick keeps this order
    const chosen = state.goals ?? [...DEFAULT_GOALS];
    const soft = (Object.keys(GOALS) as GoalId[]).filter((g) => GOALS[g].kind === 'soft');
    const order = [...chosen.filter((g) => GOALS[g].kind === 'soft'), ...soft.filter((g) => !chosen.includes(g))];
    const items: Item<GoalId>[] = order.map((g) => ({
      label: GOALS[g].title,
      description: g,
      detail: GOALS[g].description,
      picked: chosen.includes(g),
      value: g,
    }));
    const r = await pick(
      n(5),
      total(),
      'Goals to balance, highest priority first (hard goals: racks and capacities always hold; the order comes from the setting kafkaPlanner.planner.goals)',
      items,
      { many: true, validate: (ids) => (ids.length === 0 ? 'Select at least one goal.' : undefined) },
    );
    if (r === BACK) return BACK;
    state.goals = order.filter((g) => r.includes(g));
    return true;
  });

  steps.push(async () => {
    const NONE = '';
    const CUSTOM = 'custom';
    const current = state.capacity ?? NONE;
    const items: Item<string>[] = [
      { label: 'No capacity check', description: 'capacity goals off; charts without a capacity line', value: NONE },
      { label: '$(edit) Custom limits…', description: 'disk=2TiB,nw-in=50MB/s,nw-out=100MB/s', value: CUSTOM },
      ...BROKER_CATALOG.map((t) => {
        const implied = capacityOfBrokerType(t).capacity;
        return {
          label: t.id,
          description: `network in ${formatMBps(implied.networkInBytesPerSec ?? 0)}, out ${formatMBps(implied.networkOutBytesPerSec ?? 0)}, ${implied.maxPartitions} partitions`,
          value: t.id,
        };
      }),
    ];
    for (const item of items)
      item.picked =
        current.split(',')[0] === item.value || (current !== NONE && item.value === CUSTOM && !findBrokerType(current.split(',')[0]));
    const r = await pick(
      n(6),
      total(),
      'Capacity per broker (setting kafkaPlanner.planner.capacity): a broker type implies network and partitions',
      items,
    );
    if (r === BACK) return BACK;
    if (r[0] === NONE) {
      state.capacity = undefined;
      return true;
    }
    const typed = await input(
      n(6),
      total(),
      r[0] === CUSTOM
        ? 'Capacity per broker: disk=SIZE, nw-in=RATE, nw-out=RATE, partitions=N, ceiling=0.8 (comma-separated)'
        : `Capacity per broker: ${r[0]} implies network and partitions; add disk=SIZE for the disk capacity goal (e.g. ${r[0]},disk=2TiB)`,
      r[0] === CUSTOM ? (current.startsWith('disk') || current.startsWith('nw') ? current : '') : current.startsWith(r[0]) ? current : r[0],
      (text) => {
        try {
          parseCapacity(text, 'capacity');
          return undefined;
        } catch (err) {
          return err instanceof InputError ? err.message : String(err);
        }
      },
    );
    if (typed === BACK) return BACK;
    state.capacity = typed.trim();
    return true;
  });

  steps.push(async () => {
    const r = await input(
      n(7),
      total(),
      'Replication throttle per broker in MB/s (10^6 bytes/s): sets the duration estimate (setting kafkaPlanner.planner.throttleMBps).',
      String(state.throttleBytesPerSec! / 1e6),
      (t) => (Number(t) > 0 && Number.isFinite(Number(t)) ? undefined : 'Give a number of MB/s greater than 0, e.g. 50.'),
    );
    if (r === BACK) return BACK;
    state.throttleBytesPerSec = Number(r) * 1e6;
    return true;
  });

  steps.push(async () => {
    const r = await input(
      n(8),
      total(),
      "Concurrent partition moves per broker in each batch (Cruise Control's default is 5; setting kafkaPlanner.planner.movesPerBroker).",
      String(state.movesPerBroker),
      (t) => (/^\s*\d+\s*$/.test(t) && Number(t) >= 1 ? undefined : 'Give a whole number of moves, at least 1.'),
    );
    if (r === BACK) return BACK;
    state.movesPerBroker = Number(r);
    return true;
  });

  let i = 0;
  let direction = 1;
  while (i < steps.length) {
    const r = await steps[i]();
    if (r === BACK) direction = -1;
    else if (r !== SKIP) direction = 1;
    i = Math.max(0, i + direction);
  }
  return state as PlanRequest;
}
