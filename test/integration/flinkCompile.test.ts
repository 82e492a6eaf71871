// The Java Flink fixtures are real Flink code: javac compiles them against Flink's own jars from Maven Central
// (flink-streaming-java, flink-clients, the Kafka connector; test/integration/flink/pom.xml), cached in
// ~/.cache/kafka-flink-planner/flink-<version>. The code the quick fixes produce (uid, event-time assigner, state TTL)
// must compile too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeSource } from '../../src/flink/parser';
import { applyEdits } from '../fixtures/flink/applyFix';

const FLINK_VERSION = '1.20.5'; // keep in step with flink.version in test/integration/flink/pom.xml
const repo = join(__dirname, '..', '..', '..');
const javaFixtures = join(repo, 'test', 'fixtures', 'flink', 'java');

function jarDir(): string {
  const dir = join(process.env.KFP_CACHE_DIR ?? join(homedir(), '.cache', 'kafka-flink-planner'), `flink-${FLINK_VERSION}`);
  if (existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('flink-streaming-java'))) return dir;
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const mvn = process.env.MVN ?? 'mvn';
  const r = spawnSync(mvn, ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${partial}`], {
    cwd: join(repo, 'test', 'integration', 'flink'),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`Maven could not fetch the Flink ${FLINK_VERSION} jars (${mvn} exited ${r.status ?? r.error}): ${r.stdout}${r.stderr}. Install maven (apt-get install maven) or set MVN.`);
  renameSync(partial, dir);
  return dir;
}

function javac(dir: string, jars: string): { status: number | null; output: string } {
  const out = join(dir, 'classes');
  mkdirSync(out, { recursive: true });
  const files = readdirSync(dir).filter((f) => f.endsWith('.java')).map((f) => join(dir, f));
  const r = spawnSync('javac', ['-nowarn', '-proc:none', '-d', out, '-cp', join(jars, '*'), ...files], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe(`Flink fixtures compile against Flink ${FLINK_VERSION}`, function () {
  this.timeout(600_000);
  let jars = '';

  before(function () {
    const probe = spawnSync('javac', ['-version'], { encoding: 'utf8' });
    if (probe.status !== 0) throw new Error('javac (JDK 17+) is needed to compile the Flink fixtures: apt-get install openjdk-17-jdk-headless.');
    jars = jarDir();
  });

  it('compiles every Java fixture', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfp-flink-fixtures-'));
    for (const f of readdirSync(javaFixtures).filter((f) => f.endsWith('.java'))) copyFileSync(join(javaFixtures, f), join(dir, f));
    const r = javac(dir, jars);
    assert.equal(r.status, 0, r.output);
    assert.ok(existsSync(join(dir, 'classes', 'AlarmJob.class')));
    rmSync(dir, { recursive: true, force: true });
  });

  it('still compiles after every quick fix of AlarmJob.java is applied', async () => {
    let text = readFileSync(join(javaFixtures, 'AlarmJob.java'), 'utf8');
    const applied: string[] = [];
    // one fix at a time, re-analysing in between (ranges move as text is inserted)
    for (let round = 0; round < 20; round++) {
      const a = await analyzeSource(text, 'AlarmJob.java');
      const f = a?.findings.find((x) => x.fix);
      if (!f?.fix) break;
      applied.push(`${f.rule}: ${f.fix.title}`);
      text = applyEdits(text, f.fix.edits);
    }
    // state TTL, processing-time window -> event time, and a uid on each of the 3 stateful operators without one
    assert.equal(applied.length, 5, applied.join('\n'));
    const after = await analyzeSource(text, 'AlarmJob.java');
    assert.ok(after && !after.findings.some((x) => x.fix));
    const dir = mkdtempSync(join(tmpdir(), 'kfp-flink-fixed-'));
    writeFileSync(join(dir, 'AlarmJob.java'), text);
    const r = javac(dir, jars);
    assert.equal(r.status, 0, `${applied.join('\n')}\n${r.output}`);
    rmSync(dir, { recursive: true, force: true });
  });
});
