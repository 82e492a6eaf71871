// Goals, capacity and rates as `kfp plan` takes them (--goals, --capacity, --sample, --rates-from), and the capacity
// a broker type implies.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { durationSeconds } from '../../src/cli/planCommands';
import { CapacityInputError, parseCapacity } from '../../src/core/capacitySpec';
import { demoRateSamples } from '../../src/core/demo';
import { snapshotToJson } from '../../src/core/snapshotJson';
import { findBrokerType } from '../../src/core/sizing/catalog';

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const kfp = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('plan goals, capacity and rates on the command line', () => {
  it('a Standard broker type implies its EC2 network baseline per direction and its partition maximum; disk must be given', () => {
    const type = findBrokerType('kafka.m7g.large');
    assert.ok(type?.kind === 'standard');
    const parsed = parseCapacity('kafka.m7g.large');
    const expected = (type.networkBaselineGbps * 1e9) / 8;
    assert.equal(parsed.limits.default.networkInBytesPerSec, expected);
    assert.equal(parsed.limits.default.networkOutBytesPerSec, expected);
    assert.equal(parsed.limits.default.maxPartitions, type.partitionsMax);
    assert.equal(parsed.limits.default.diskBytes, undefined);
    assert.equal(parsed.limits.ceiling, 0.8);
    assert.ok(parsed.explained.some((l) => /disk: not implied by the broker type/.test(l)));
  });

  it('explicit parts win over the type, and read binary and decimal units', () => {
    const parsed = parseCapacity('kafka.m5.large, disk=1TiB, nw-in=50MB/s, ceiling=70%');
    assert.equal(parsed.limits.default.diskBytes, 1024 ** 4);
    assert.equal(parsed.limits.default.networkInBytesPerSec, 50e6);
    assert.equal(parsed.limits.default.networkOutBytesPerSec, (0.75 * 1e9) / 8, 'nw-out still from the type');
    assert.equal(parsed.limits.ceiling, 0.7);
    const custom = parseCapacity('disk=500GB,nw-in=40MiB/s,nw-out=100MB/s,partitions=4000');
    assert.deepEqual(custom.limits.default, {
      diskBytes: 500e9,
      networkInBytesPerSec: 40 * 1024 ** 2,
      networkOutBytesPerSec: 100e6,
      maxPartitions: 4000,
    });
    const express = parseCapacity('express.m7g.xlarge');
    assert.equal(express.limits.default.networkInBytesPerSec, 31.2e6);
  });

  it('names the bad part and the valid forms', () => {
    const cases: [string, RegExp][] = [
      ['kafka.m9.large', /"kafka\.m9\.large": not a broker type of the catalog/],
      ['m7g.large', /did you mean kafka\.m7g\.large/],
      ['disk=lots', /"disk=lots": disk takes a size such as 1TiB/],
      ['disk=1TiB/s', /"disk=1TiB\/s": disk takes a size/],
      ['nw-in=fast', /"nw-in=fast": nw-in takes a rate such as 50MB\/s/],
      ['ceiling=1.5', /"ceiling=1\.5": ceiling takes a fraction from 0 to 1/],
      ['cpu=4', /"cpu=4": unknown key "cpu" \(keys: disk, nw-in, nw-out, partitions, ceiling\)/],
      ['kafka.m5.large,kafka.m7g.large', /a second broker type \(kafka\.m5\.large is already given\)/],
      ['', /no capacity given/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parseCapacity(text),
        (err: unknown) =>
          err instanceof CapacityInputError &&
          message.test(err.message) &&
          /Give a broker type such as kafka\.m7g\.large/.test(err.message),
        text,
      );
    }
  });

  it('reads durations for --sample', () => {
    assert.equal(durationSeconds('30s', '--sample'), 30);
    assert.equal(durationSeconds('2m', '--sample'), 120);
    assert.equal(durationSeconds('45', '--sample'), 45);
    assert.throws(() => durationSeconds('soon', '--sample'), /--sample takes a duration such as 30s, 2m or 45 \(seconds\); got "soon"/);
  });

  it('kfp plan takes --goals and --capacity, states where the capacity and the rates come from, and refuses bad ones with exit 2', () => {
    const ok = kfp(
      'plan',
      '--demo',
      '--goal',
      'add-brokers',
      '--add',
      '7,8,9',
      '--goals',
      'disk,nw-in,nw-out,leaders,topic-spread',
      '--capacity',
      'kafka.m7g.large,disk=2TiB',
    );
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(
      ok.stderr,
      /^Capacity per broker: network in and out 117\.1 MB\/s each: derived from m7g\.large's EC2 network baseline 0\.937 Gbps/m,
    );
    assert.match(ok.stderr, /disk 2\.0 TiB per broker \(given\)/);
    assert.match(
      ok.stderr,
      /^Rates: 244 partitions measured over 60 s between two snapshots; consumer fan-out from committing consumer groups for \d+ topics/m,
    );
    const badGoal = kfp('plan', '--demo', '--goals', 'disk,cpu');
    assert.equal(badGoal.status, 2);
    assert.match(badGoal.stderr, /Unknown goal "cpu"\. Valid goals: rack, .*topic-spread\./);
    const badCapacity = kfp('plan', '--demo', '--capacity', 'disk=huge');
    assert.equal(badCapacity.status, 2);
    assert.match(badCapacity.stderr, /--capacity: "disk=huge": disk takes a size/);
  });

  it('kfp plan --rates-from EARLIER --snapshot LATER measures the rates between two snapshot files; --sample needs a live cluster', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfp-rates-'));
    const { previous, current } = demoRateSamples();
    writeFileSync(join(dir, 'earlier.json'), snapshotToJson(previous));
    writeFileSync(join(dir, 'later.json'), snapshotToJson(current));
    const r = kfp('plan', '--snapshot', join(dir, 'later.json'), '--rates-from', join(dir, 'earlier.json'), '--goal', 'rebalance');
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.match(r.stderr, /^Rates: 244 partitions measured over 60 s between two snapshots/m);
    const noLater = kfp('plan', '--demo', '--rates-from', join(dir, 'earlier.json'));
    assert.equal(noLater.status, 2);
    assert.match(noLater.stderr, /--rates-from EARLIER\.json needs the later snapshot: --snapshot LATER\.json/);
    const noLive = kfp('plan', '--snapshot', join(dir, 'later.json'), '--sample', '30s');
    assert.equal(noLive.status, 2);
    assert.match(noLive.stderr, /--sample DURATION takes two snapshots of a live cluster that far apart: it needs --bootstrap/);
  });
});
