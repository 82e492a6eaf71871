// The execution section of the plan view: the status line, the steps (fresh check, moves, leader election,
// throttles) with their results, the differences when a stale plan was refused, and the election per partition.

import { electionLines, electionSummary } from '../../src/core/planner/election';
import { el } from '../common/dom';
import type { ExecutionStatusMessage, ExecutionStep } from './protocol';

const MARK: Record<ExecutionStep['state'], string> = { pending: '○', running: '…', done: '✓', skipped: '–', failed: '✕' };

function step(s: ExecutionStep): HTMLElement {
  return el(
    'li',
    { class: `step ${s.state}`, id: `step-${s.id}`, 'data-state': s.state },
    el('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[s.state]),
    el('span', { class: 'step-label' }, s.label),
    s.detail ? el('span', { class: 'step-detail' }, ` — ${s.detail}`) : null,
  );
}

export function executionSection(execution: ExecutionStatusMessage): HTMLElement {
  const { election } = execution;
  return el(
    'section',
    { class: 'execution-section', 'aria-label': 'Execution' },
    el('p', { class: `execution ${execution.state}`, role: 'status', id: 'execution' }, execution.message),
    execution.steps?.length ? el('ol', { class: 'steps', id: 'execution-steps' }, ...execution.steps.map(step)) : null,
    execution.differences?.length
      ? el(
          'div',
          { class: 'callout error', role: 'alert', id: 'differences' },
          el('h2', {}, 'The cluster changed since the plan was made'),
          el('ul', {}, ...execution.differences.map((d) => el('li', {}, d))),
        )
      : null,
    election && election.partitions.length
      ? el(
          'details',
          { id: 'election', ...(election.failed ? { open: '' } : {}) },
          el('summary', {}, `Preferred leader election: ${electionSummary(election)}`),
          el('ul', { class: 'election-list' }, ...electionLines(election).map((line) => el('li', {}, line))),
        )
      : null,
  );
}
