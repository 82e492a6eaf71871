// `npm test`: runs the three suites (unit, real Kafka, real VS Code) and prints one closing line
// "N passed, N failed". Fails if any suite fails or runs no test. A suite whose prerequisite is missing
// (Java, Maven, Chromium) fails with a message that says what to install; nothing is skipped silently.
// Usage: node test/run.mjs [unit|kafka|vscode ...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(repoRoot, '.test-runs', 'results');
mkdirSync(resultsDir, { recursive: true });

function has(command, args = ['--version']) {
  const r = spawnSync(command, args, { stdio: 'ignore' });
  return r.status === 0;
}

function runMochaSuite(name, dir, extra = []) {
  const resultsFile = join(resultsDir, `${name}.json`);
  rmSync(resultsFile, { force: true });
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(repoRoot, 'test', 'mochaSuite.mjs'), resultsFile, join(repoRoot, dir), ...extra], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: process.env,
  });
  if (!existsSync(resultsFile)) {
    return {
      passed: 0,
      failed: 1,
      failures: [{ title: name, error: `mocha exited with ${r.status ?? r.signal} and wrote no results` }],
      seconds: (Date.now() - started) / 1000,
    };
  }
  return { ...JSON.parse(readFileSync(resultsFile, 'utf8')), seconds: (Date.now() - started) / 1000 };
}

function missing(what) {
  return { passed: 0, failed: 1, failures: [{ title: 'prerequisite', error: what }], seconds: 0 };
}

async function startKafkaForVsCode() {
  const { startKafkaCluster } = await import(join(repoRoot, 'out', 'test', 'integration', 'kafkaCluster.js'));
  // security: also a SCRAM (SASL_PLAINTEXT) listener, so the explorer's e2e test can connect with a stored password.
  const cluster = await startKafkaCluster({ security: true, log: (line) => console.log(`[kafka-test-cluster] ${line}`) });
  process.env.KFP_TEST_BOOTSTRAP = cluster.bootstrap;
  if (cluster.security) {
    process.env.KFP_TEST_SASL_BOOTSTRAP = cluster.security.saslBootstrap;
    process.env.KFP_TEST_SASL_USERNAME = cluster.security.user.username;
    process.env.KFP_TEST_SASL_PASSWORD = cluster.security.user.password;
  }
  return cluster;
}

const suites = {
  unit: () => runMochaSuite('unit', 'out/test/unit'),
  kafka: () => {
    if (!process.env.KAFKA_BOOTSTRAP) {
      if (!has('java', ['-version']))
        return missing(
          'Java 17+ is needed to run the real Kafka test cluster: apt-get install openjdk-17-jre-headless (or set KAFKA_BOOTSTRAP=host:port to use an existing cluster).',
        );
      if (!has('mvn', ['-v']))
        return missing(
          'Maven is needed to fetch the Kafka jars from Maven Central: apt-get install maven (or set KAFKA_BOOTSTRAP=host:port).',
        );
    }
    return runMochaSuite('kafka', 'out/test/integration', ['--setup', 'out/test/integration/globalSetup.js', '--timeout', '120000']);
  },
  vscode: async () => {
    const chromium = process.env.KFP_CHROMIUM ?? '/usr/bin/chromium';
    if (!existsSync(chromium))
      return missing(`Chromium is needed to drive the real VS Code (code-server): apt-get install chromium (looked for ${chromium}).`);
    const started = Date.now();
    try {
      const { ensureCodeServer } = await import('./e2e/codeServer.mjs');
      await ensureCodeServer();
      const { runVsCodeSuite } = await import('./e2e/runVsCode.mjs');
      // The VS Code suite also gets the real Kafka test cluster (or KAFKA_BOOTSTRAP's): KFP_TEST_BOOTSTRAP reaches
      // code-server's extension host through the env. KFP_E2E_KAFKA=0 leaves it out (the live-cluster e2e tests then
      // skip and say why).
      const kafka = process.env.KFP_E2E_KAFKA === '0' ? undefined : await startKafkaForVsCode();
      try {
        const r = await runVsCodeSuite({ repoRoot, log: (line) => console.log(line) });
        return { ...r, seconds: (Date.now() - started) / 1000 };
      } finally {
        await kafka?.stop();
      }
    } catch (err) {
      return {
        passed: 0,
        failed: 1,
        failures: [{ title: 'VS Code suite', error: String(err?.stack ?? err) }],
        seconds: (Date.now() - started) / 1000,
      };
    }
  },
  // What users install: the packaged .vsix in a fresh code-server (test/e2e/packaged.mjs). Runs last: it rebuilds
  // dist/ for production.
  vsix: async () => {
    const chromium = process.env.KFP_CHROMIUM ?? '/usr/bin/chromium';
    if (!existsSync(chromium))
      return missing(`Chromium is needed to drive the real VS Code (code-server): apt-get install chromium (looked for ${chromium}).`);
    const started = Date.now();
    try {
      const { runPackagedChecks } = await import('./e2e/packaged.mjs');
      return await runPackagedChecks({ repoRoot, log: (line) => console.log(`[vsix] ${line}`) });
    } catch (err) {
      return {
        passed: 0,
        failed: 1,
        failures: [{ title: 'packaged extension', error: String(err?.stack ?? err) }],
        seconds: (Date.now() - started) / 1000,
      };
    }
  },
};

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(suites);
const summary = [];
for (const name of wanted) {
  if (!suites[name]) {
    console.error(`Unknown suite "${name}": use ${Object.keys(suites).join(', ')}.`);
    process.exit(2);
  }
  console.log(`\n=== ${name} suite ===`);
  const r = await suites[name]();
  summary.push({ name, ...r });
}

console.log('\n=== summary ===');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const s of summary) {
  const noTests = s.passed + s.failed === 0;
  if (noTests) s.failed = 1; // a suite that ran nothing is a failure
  passed += s.passed;
  failed += s.failed;
  skipped += s.pending ?? 0;
  console.log(
    `${s.name.padEnd(7)} ${String(s.passed).padStart(4)} passed, ${String(s.failed).padStart(3)} failed${s.pending ? `, ${s.pending} skipped` : ''}  (${s.seconds.toFixed(1)} s)${noTests ? '  ran no test' : ''}`,
  );
  for (const f of s.failures ?? []) console.log(`  x ${f.title}: ${String(f.error).split('\n')[0]}`);
}
// The numbers the README's test section shows come from here (`npm run readme:numbers` writes them in).
if (wanted.length === Object.keys(suites).length) {
  writeFileSync(
    join(resultsDir, 'summary.json'),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        suites: summary.map(({ name, passed, failed, pending, seconds }) => ({ name, passed, failed, pending: pending ?? 0, seconds })),
      },
      null,
      2,
    ) + '\n',
  );
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
