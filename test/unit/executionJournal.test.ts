// The execution journal's one schema: what the executor writes reads back exactly, and a corrupt or hand-edited
// journal fails with an error that names the file, the JSON path and what was expected (never a crash).
import assert from 'node:assert/strict';
import { InputError } from '../../src/core/errors';
import {
  JOURNAL_FIX,
  executionJournalFromJson,
  executionJournalToJson,
  newExecutionJournal,
  validateExecutionJournal,
  type ExecutionJournal,
} from '../../src/core/planner/executionJournal';
import type { PartitionMove } from '../../src/core/planner/plan';
import { ValidationError } from '../../src/core/validate';

function move(topic: string, partition: number, before: number[], after: number[]): PartitionMove {
  return {
    topic,
    partition,
    bytes: 1_000_000,
    before,
    after,
    currentLeader: before[0],
    added: after.filter((b) => !before.includes(b)),
    removed: before.filter((b) => !after.includes(b)),
    leaderChanged: before[0] !== after[0],
    reason: 'bytes',
  };
}

/** A journal as the executor leaves it mid-run: rates journaled, one batch done, one in flight. */
function runningJournal(): ExecutionJournal {
  const journal = newExecutionJournal({
    bootstrap: ['b-1:9092', 'b-2:9092'],
    throttleBytesPerSec: 50_000_000,
    maxMovesPerBroker: 5,
    electLeaders: true,
    pending: [move('orders.v1', 0, [1, 2], [3, 2]), move('orders.v1', 1, [2, 1], [2, 3]), move('clicks', 4, [1, 2], [1, 4])],
    batchesTotal: 3,
    clusterId: 'lkc-123',
    startedAt: '2026-11-25T10:00:00.000Z',
  });
  journal.brokerRatesBefore = {
    '1': { leader: null, follower: null },
    '2': { leader: '10000000', follower: null },
    '3': { leader: null, follower: null },
  };
  journal.topicThrottles = { 'orders.v1': { leader: ['0:1', '0:2', '1:2', '1:1'], follower: ['0:3', '1:3'] } };
  journal.inFlight = [{ topic: 'orders.v1', partition: 0, target: [3, 2] }];
  journal.batchesDone = 1;
  return journal;
}

/** The error of reading `edit`ed journal JSON from the file run.execution.json. */
function errorOf(edit: (j: Record<string, any>) => void): ValidationError {
  const json = JSON.parse(executionJournalToJson(runningJournal()));
  edit(json);
  try {
    executionJournalFromJson(JSON.stringify(json), 'run.execution.json');
  } catch (err) {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    return err;
  }
  assert.fail('the edited journal was accepted');
}

describe('execution journal', () => {
  it('round-trips a running journal exactly, and a new one', () => {
    const journal = runningJournal();
    const text = executionJournalToJson(journal);
    assert.deepEqual(executionJournalFromJson(text), journal);
    assert.equal(executionJournalToJson(executionJournalFromJson(text)), text, 'fields keep their order');
    const fresh = newExecutionJournal({
      bootstrap: ['localhost:9092'],
      throttleBytesPerSec: 1e6,
      maxMovesPerBroker: 1,
      electLeaders: false,
      pending: [],
      batchesTotal: 0,
    });
    assert.deepEqual(validateExecutionJournal(JSON.parse(executionJournalToJson(fresh))), fresh);
  });

  it('names the path of each kind of bad field, says what was expected and how to recover', () => {
    const cases: [string, (j: Record<string, any>) => void, string][] = [
      ['empty object', (j) => Object.keys(j).forEach((k) => delete j[k]), 'journal.version: expected version 1'],
      [
        'wrong version',
        (j) => (j.version = 2),
        'journal.version: expected version 1 (a Kafka & Flink Planner execution journal; newer journals need a newer version), got number 2',
      ],
      ['missing field', (j) => delete j.startedAt, 'journal.startedAt: expected a string, got nothing (the field is missing)'],
      ['bad time', (j) => (j.startedAt = 'yesterday'), 'journal.startedAt: expected an ISO-8601 time'],
      ['no bootstrap server', (j) => (j.bootstrap = []), 'journal.bootstrap: expected at least one bootstrap server host:port'],
      [
        'throttle as text',
        (j) => (j.throttleBytesPerSec = '50MB/s'),
        'journal.throttleBytesPerSec: expected a finite number, got the string "50MB/s"',
      ],
      [
        'zero throttle',
        (j) => (j.throttleBytesPerSec = 0),
        'journal.throttleBytesPerSec: expected a throttle in bytes/s > 0, got number 0',
      ],
      [
        'broker key not an id',
        (j) => (j.brokerRatesBefore.b1 = { leader: null, follower: null }),
        'journal.brokerRatesBefore.b1: expected a broker id (a whole number >= 0) as the key, got "b1"',
      ],
      [
        'rate as a number',
        (j) => (j.brokerRatesBefore['2'].leader = 10_000_000),
        'journal.brokerRatesBefore["2"].leader: expected null or a rate in bytes/s as a string of digits',
      ],
      [
        'throttled replica entry',
        (j) => (j.topicThrottles['orders.v1'].follower[1] = '1-3'),
        'journal.topicThrottles["orders.v1"].follower[1]: expected a throttled replica "partition:broker"',
      ],
      [
        'topic throttles not lists',
        (j) => (j.topicThrottles['orders.v1'].leader = '0:1'),
        'journal.topicThrottles["orders.v1"].leader: expected an array',
      ],
      [
        'in-flight partition',
        (j) => (j.inFlight[0].partition = 'x'),
        'journal.inFlight[0].partition: expected a whole number >= 0, got the string "x"',
      ],
      ['in-flight target empty', (j) => (j.inFlight[0].target = []), 'journal.inFlight[0].target: expected at least one broker id'],
      [
        'broker id',
        (j) => (j.pending[2].after[1] = -4),
        'journal.pending[2].after[1]: expected a whole number from 0 to 2147483647, got number -4',
      ],
      [
        'duplicate replica',
        (j) => (j.pending[1].after = [2, 2]),
        'journal.pending[1].after: expected distinct broker ids (broker 2 is listed twice)',
      ],
      [
        'leader',
        (j) => (j.pending[0].currentLeader = -2),
        'journal.pending[0].currentLeader: expected a whole number from -1 to 2147483647',
      ],
      ['bytes', (j) => (j.pending[0].bytes = -1), 'journal.pending[0].bytes: expected a size in bytes >= 0, got number -1'],
      [
        'move reason',
        (j) => (j.pending[0].reason = 'magic'),
        'journal.pending[0].reason: expected one of "drain", "rack", "replication-factor", "max-replicas", "capacity", "bytes", "count", "nw-in", "nw-out", "topic-spread", "leader", got the string "magic"',
      ],
      ['flag', (j) => (j.electLeaders = 'yes'), 'journal.electLeaders: expected true or false, got the string "yes"'],
      ['cap', (j) => (j.maxMovesPerBroker = 0), 'journal.maxMovesPerBroker: expected a whole number from 1 to'],
      ['batches done past the total', (j) => (j.batchesDone = 4), 'journal.batchesDone: expected at most batchesTotal (3), got number 4'],
      ['state', (j) => (j.state = 'paused'), 'journal.state: expected one of "running", "cleaning-up", got the string "paused"'],
    ];
    for (const [kind, edit, expected] of cases) {
      const err = errorOf(edit);
      assert.ok(err instanceof InputError, `${kind}: a user error`);
      assert.ok(err.message.startsWith(`run.execution.json: ${expected}`), `${kind}: ${err.message}`);
      assert.ok(err.message.endsWith(JOURNAL_FIX), `${kind}: says how to recover`);
      assert.equal(err.where, `run.execution.json: ${err.path}`, kind);
    }
  });

  it('rejects what is not a journal at all: bad JSON, an array, nothing', () => {
    assert.throws(
      () => executionJournalFromJson('{"version": 1,', 'run.execution.json'),
      /^ValidationError: run\.execution\.json: \$: not valid JSON/,
    );
    assert.throws(
      () => validateExecutionJournal([1, 2]),
      (err: Error) => err instanceof ValidationError && err.message.startsWith('journal: expected an object, got an array of 2'),
    );
    assert.throws(
      () => validateExecutionJournal(undefined),
      (err: Error) => err instanceof ValidationError && err.message.startsWith('journal: expected an object, got nothing'),
    );
  });
});
