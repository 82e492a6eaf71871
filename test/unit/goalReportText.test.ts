// The goal lines people read (kfp plan and the plan view) agree with the goal's own table.
import assert from 'node:assert/strict';
import { goalSentence } from '../../src/core/goalReportText';
import { formatGoalTable } from '../../src/core/planner/summary';
import type { GoalReport } from '../../src/core/planner/types';

function report(over: Partial<GoalReport>): GoalReport {
  return {
    id: 'disk',
    kind: 'soft',
    title: 'Disk usage distribution',
    unit: 'bytes',
    priority: 0,
    brokers: [
      { broker: 1, rack: 'a', before: 185, after: 185, target: 100, capacity: null },
      { broker: 2, rack: 'b', before: 60, after: 60, target: 100, capacity: null },
      { broker: 3, rack: 'c', before: 55, after: 55, target: 100, capacity: null },
    ],
    verdictBefore: 'skewed',
    verdict: 'skewed',
    worstBroker: 1,
    worstBrokerBefore: 1,
    worstRatioBefore: 1.85,
    worstRatio: 1.85,
    forcedRatio: 1,
    ...over,
  };
}

describe('goal report text', () => {
  it('says before → after, the worst broker against its target, the forced ratio and the cause', () => {
    const r = report({
      verdict: 'skewed',
      worstBroker: 2,
      worstRatio: 1.33,
      forcedRatio: 1.33,
      blockedBy: 'Rack b has 2 brokers for 1/3 of the replicas: add a broker to rack b, or accept 1.33 x on brokers 2 and 8.',
    });
    assert.equal(
      goalSentence(r),
      'Disk usage distribution: skewed; worst broker 1 1.85 x → broker 1 1.85 x its target; racks force up to 1.33 x the mean. Rack b has 2 brokers for 1/3 of the replicas: add a broker to rack b, or accept 1.33 x on brokers 2 and 8.',
    );
    const fixed = report({
      verdict: 'balanced',
      brokers: [
        { broker: 1, rack: 'a', before: 185, after: 102, target: 100, capacity: null },
        { broker: 2, rack: 'b', before: 60, after: 104, target: 100, capacity: null },
        { broker: 3, rack: 'c', before: 55, after: 94, target: 100, capacity: null },
      ],
    });
    // the worst brokers are read from the table itself: furthest from the target, above or below
    assert.match(
      goalSentence(fixed),
      /^Disk usage distribution: skewed → balanced; worst broker 1 1\.85 x → broker 3 0\.94 x its target\.$/,
    );
  });

  it('capacity goals are judged against the usable capacity', () => {
    const cap = report({
      id: 'disk-capacity',
      kind: 'hard',
      title: 'Disk capacity',
      verdictBefore: 'over-capacity',
      verdict: 'within-capacity',
      brokers: [{ broker: 1, rack: 'a', before: 90, after: 70, target: null, capacity: 80 }],
      worstRatioBefore: 1.125,
      worstRatio: 0.875,
    });
    assert.match(goalSentence(cap), /over capacity → within capacity; worst broker 1 1\.13 x → broker 1 0\.88 x its usable capacity\.$/);
    const unmeasured = report({ verdict: 'not-measured', notMeasured: 'No replica cap was given.' });
    assert.equal(goalSentence(unmeasured), 'Disk usage distribution: not measured: No replica cap was given.');
  });

  it("kfp plan's goal table names the worst broker before and after, in the units the goal sentence uses", () => {
    const table = formatGoalTable([
      report({
        id: 'nw-in',
        title: 'Network-in distribution',
        unit: 'bytes/s',
        brokers: [
          { broker: 1, rack: 'a', before: 56.4e6, after: 21.8e6, target: 24e6, capacity: null },
          { broker: 8, rack: 'b', before: 0, after: 31.5e6, target: 24e6, capacity: null },
        ],
        verdict: 'skewed',
        worstBroker: 8,
        worstRatio: 31.5 / 24,
        worstBrokerBefore: 1,
        worstRatioBefore: 56.4 / 24,
      }),
    ]);
    const row = table.split('\n').find((l) => l.startsWith('nw-in'));
    assert.ok(row, table);
    assert.match(row, /2\.35 x \(broker 1\)\s+1\.31 x \(broker 8: 31\.5 MB\/s \/ 24\.0 MB\/s\)/);
  });
});
