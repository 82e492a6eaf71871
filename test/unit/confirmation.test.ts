// The execution confirmation VS Code shows (built as data, since VS Code refuses modal dialogs under extension tests):
// it names the cluster three ways, states bytes, throttle and duration, has Cancel as its default (first) item, offers
// the leader election as the default way to execute, and asks for the typed name above the threshold.
import assert from 'node:assert/strict';
import {
  DEFAULT_CONFIRM_BY_NAME_ABOVE_BYTES,
  EXECUTE_TITLE,
  EXECUTE_WITHOUT_ELECTION_TITLE,
  executionConfirmation,
  type ConfirmationInput,
} from '../../src/core/planner/confirmation';
import { SETTING_DEFAULTS } from '../../src/core/settings';

const GiB = 1024 ** 3;

const input = (over: Partial<ConfirmationInput> = {}): ConfirmationInput => ({
  clusterLabel: 'prod-eu',
  kafkaClusterId: 'MkU3OEVBNTcwNTJENDM2Qk',
  bootstrap: ['b-1.prod:9092', 'b-2.prod:9092'],
  bytesMoved: 3 * GiB,
  replicasMoved: 14,
  partitions: 12,
  leadersChanged: 11,
  batches: 3,
  throttleBytesPerSec: 50e6,
  estimatedSeconds: 2 * 3600 + 5 * 60,
  checkedAt: '2026-11-25T10:00:00.000Z',
  confirmByNameAboveBytes: DEFAULT_CONFIRM_BY_NAME_ABOVE_BYTES,
  ...over,
});

describe('the execution confirmation', () => {
  it('names the cluster by display name, Kafka cluster id and bootstrap, with bytes, throttle and duration', () => {
    const c = executionConfirmation(input());
    assert.equal(c.message, 'Execute this reassignment on prod-eu (cluster id MkU3OEVBNTcwNTJENDM2Qk)?');
    const lines = c.detail.split('\n');
    assert.equal(lines[0], 'Cluster: prod-eu, Kafka cluster id MkU3OEVBNTcwNTJENDM2Qk, bootstrap b-1.prod:9092, b-2.prod:9092.');
    assert.equal(lines[1], 'Moves 3.0 GiB: 14 replicas in 12 partitions, 11 preferred leader changes, in 3 batches.');
    assert.equal(lines[2], 'Throttle 50.0 MB/s per broker; estimated duration 2 h 05 min.');
    assert.match(lines[3], /^"Execute" ends with a preferred leader election \(ElectLeaders\) for the 12 partitions whose replicas change/);
    assert.match(c.detail, /Checked against a fresh snapshot taken 2026-11-25T10:00:00\.000Z: no planned partition changed/);
    assert.doesNotMatch(c.detail, /type the cluster name/);
  });

  it('falls back to the bootstrap when the cluster reported no id', () => {
    const c = executionConfirmation(input({ kafkaClusterId: undefined }));
    assert.equal(c.message, 'Execute this reassignment on prod-eu (b-1.prod:9092)?');
    assert.match(c.detail, /Kafka cluster id unknown \(the cluster did not report one\)/);
  });

  it('has Cancel as the default: the first item VS Code makes a button (and focuses) cancels; Escape cancels too', () => {
    const { items } = executionConfirmation(input());
    const buttons = items.filter((i) => !i.isCloseAffordance);
    assert.deepEqual(
      buttons.map((i) => [i.title, i.choice]),
      [
        ['Cancel', 'cancel'],
        [EXECUTE_TITLE, 'execute'],
        [EXECUTE_WITHOUT_ELECTION_TITLE, 'execute-without-election'],
      ],
    );
    const close = items.filter((i) => i.isCloseAffordance);
    assert.equal(close.length, 1, 'exactly one close affordance, so VS Code adds no second Cancel');
    assert.equal(close[0].choice, 'cancel');
    // the election is on when executing the default way: "Execute" elects, only the longer button skips it
    assert.match(EXECUTE_WITHOUT_ELECTION_TITLE, /without leader election/);
  });

  it('asks for the typed cluster name only above the threshold, and 0 means always', () => {
    assert.equal(
      executionConfirmation(input({ bytesMoved: DEFAULT_CONFIRM_BY_NAME_ABOVE_BYTES })).typeName,
      undefined,
      'at the threshold: no',
    );
    const big = executionConfirmation(input({ bytesMoved: 40 * GiB }));
    assert.ok(big.typeName);
    assert.equal(big.typeName.expected, 'prod-eu');
    assert.match(
      big.detail,
      /It moves more than 10\.0 GiB \(setting kafkaPlanner\.planner\.confirmByNameAboveBytes\): you will be asked to type the cluster name\./,
    );
    assert.match(
      big.typeName.prompt,
      /moves 40\.0 GiB on prod-eu \(Kafka cluster id MkU3OEVBNTcwNTJENDM2Qk\)\. Type the cluster name, prod-eu, to execute it\./,
    );
    assert.equal(big.typeName.validate('prod-eu'), undefined);
    assert.equal(big.typeName.validate('  prod-eu '), undefined);
    assert.match(big.typeName.validate('prod-us') ?? '', /^Type prod-eu exactly/);
    assert.match(big.typeName.validate('') ?? '', /^Type prod-eu exactly/);
    const always = executionConfirmation(input({ bytesMoved: 0, confirmByNameAboveBytes: 0 }));
    assert.ok(always.typeName, 'threshold 0: every plan, even a leader-only one');
    assert.match(always.detail, /confirmByNameAboveBytes is 0/);
  });

  it('the setting default is the core constant (package.json is checked against it by the manifest test)', () => {
    assert.equal(SETTING_DEFAULTS['planner.confirmByNameAboveBytes'], DEFAULT_CONFIRM_BY_NAME_ABOVE_BYTES);
    assert.equal(DEFAULT_CONFIRM_BY_NAME_ABOVE_BYTES, 10 * GiB);
  });
});
