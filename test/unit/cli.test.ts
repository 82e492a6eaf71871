// The kfp CLI as a user runs it (dist/cli.js, built before the suite): the demo job, exit codes, clear errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_USAGE, errorReport, exitCodeFor } from '../../src/cli';
import { UsageError } from '../../src/cli/io';
import { InputError } from '../../src/core/errors';
import { executionJournalToJson, newExecutionJournal } from '../../src/core/planner/executionJournal';
import { ExecutionInputError } from '../../src/core/planner/execution';
import { PlanRequestError } from '../../src/core/reassignmentDocument';
import { ValidationError } from '../../src/core/validate';

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const kfp = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('kfp on the command line', () => {
  it('demo: brokers, skew verdicts, and a balanced plan onto the three new brokers near the lower bound', () => {
    const r = kfp('demo');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^9 brokers in 3 racks, 8 topics, 244 partitions/m);
    assert.match(r.stdout, /^ {2}bytes on disk: skewed — broker 1 has 1\.9 TiB/m);
    assert.match(r.stdout, /^Plan: spread onto the new brokers 7 \(rack a\), 8 \(rack b\), 9 \(rack c\)/m);
    const ratio = Number(/\((\d\.\d{3}) x the bound\)/.exec(r.stdout)?.[1]);
    assert.ok(ratio >= 1 && ratio <= 1.15, `bytes moved are ${ratio} x the lower bound`);
    assert.match(r.stdout, /^bytes .* balanced$/m);
    assert.match(r.stdout, /^Throttle: throttle = min over brokers/m);
  });

  it('exits 2 with a message naming the problem on bad usage and unreadable input', () => {
    const unknown = kfp('frobnicate');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown command "frobnicate"\. Commands: demo, summary, snapshot, skew, plan, review, execute, cleanup/);
    const missing = kfp('summary', '/nonexistent/cluster.json');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /Cannot read snapshot file "\/nonexistent\/cluster\.json": no such file\./);
    const dir = mkdtempSync(join(tmpdir(), 'kfp-cli-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        schemaVersion: 1,
        name: 'x',
        source: 'offline',
        takenAt: '2026-01-01T00:00:00Z',
        controllerId: null,
        brokers: [{ id: 'one', host: 'h', port: 1, rack: null }],
        topics: [],
      }),
    );
    const invalid = kfp('summary', bad);
    assert.equal(invalid.status, 2);
    assert.match(invalid.stderr, /bad\.json: \$\.brokers\[0\]\.id: expected a whole number from 0 to 2147483647, got the string "one"/);
    const flag = kfp('plan', '--demo', '--goal', 'shuffle');
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /--goal takes add-brokers, remove-brokers or rebalance; got "shuffle"/);
  });

  it('maps every user error (InputError) to the usage exit code 2, printed without a stack; a bug to 1 with its stack', () => {
    assert.equal(EXIT_USAGE, 2, 'README: kfp exits 2 on bad usage or unreadable input');
    const badFlag = Object.assign(new TypeError("Unknown option '--frob'"), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
    const userErrors = [
      new InputError('expected a whole number', { where: 'journal.inFlight[0].partition', fix: 'Restore the value.' }),
      new UsageError('execute needs --bootstrap HOST:PORT.'),
      new ValidationError('$.brokers[0].id', 'expected a whole number', 'cluster.json'),
      new PlanRequestError('goal must be one of rebalance, add, remove.'),
      new ExecutionInputError('Moves per broker must be a whole number >= 1, got 0.'),
      badFlag,
    ];
    for (const err of userErrors) {
      assert.equal(exitCodeFor(err), 2, err.name);
      assert.equal(errorReport(err), `kfp: ${err.message}\n`, err.name);
    }
    assert.equal(userErrors[0].message, 'journal.inFlight[0].partition: expected a whole number. Restore the value.');
    const refused = Object.assign(new Error('Connection refused by 127.0.0.1:1.'), { name: 'KafkaConnectionError' });
    assert.equal(exitCodeFor(refused), 1);
    assert.equal(errorReport(refused), 'kfp: Connection refused by 127.0.0.1:1.\n');
    const bug = new TypeError("Cannot read properties of undefined (reading 'topics')");
    assert.equal(exitCodeFor(bug), 1);
    assert.match(
      errorReport(bug),
      /^kfp: Cannot read properties of undefined \(reading 'topics'\)\nkfp: internal error; please report it with this trace:\nTypeError: .*\n\s+at /,
    );
  });

  it('refuses a corrupt or hand-edited execution journal with exit 2, naming the file and the JSON path, before connecting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfp-cli-'));
    const file = join(dir, 'plan.json.execution.json');
    const journal = newExecutionJournal({
      bootstrap: ['127.0.0.1:1'],
      throttleBytesPerSec: 1e6,
      maxMovesPerBroker: 5,
      electLeaders: false,
      pending: [],
      batchesTotal: 1,
    });
    writeFileSync(
      file,
      executionJournalToJson({ ...journal, brokerRatesBefore: { '2': { leader: '5000000', follower: 7 as unknown as string } } }),
    );
    const cleanup = kfp('cleanup', '--journal', file, '--bootstrap', '127.0.0.1:1');
    assert.equal(cleanup.status, 2, cleanup.stderr);
    assert.match(
      cleanup.stderr,
      /^kfp: .*plan\.json\.execution\.json: journal\.brokerRatesBefore\["2"\]\.follower: expected null or a rate in bytes\/s as a string of digits, e\.g\. "50000000", got number 7\. The journal records what an unfinished execution changed/,
    );
    assert.doesNotMatch(cleanup.stderr, /\n\s+at /, 'no stack trace');
    writeFileSync(file, '{"version": 1, "bootstrap": [');
    const resume = kfp('execute', '--resume', '--journal', file, '--bootstrap', '127.0.0.1:1', '--yes');
    assert.equal(resume.status, 2, resume.stderr);
    assert.match(resume.stderr, /plan\.json\.execution\.json: \$: not valid JSON/);
  });

  it('exits 1 with one readable sentence when the cluster cannot be reached', () => {
    const r = kfp('snapshot', '--bootstrap', '127.0.0.1:1', '--connect-timeout', '1000');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Connection refused by 127\.0\.0\.1:1: is Kafka running and listening on that port\?/);
  });
});
