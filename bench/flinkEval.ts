// The Flink lens on a corpus of public Flink code nobody on this project wrote: how many findings each rule gives,
// and how many of a seeded random sample an expert reading the code agreed with.
//
// The corpus is not copied into this repository: test/fixtures/flink-eval/corpus.json lists each repository, the
// commit read and the paths (with the repository's license). The files are read with `git show <commit>:<path>` from a
// local copy of each repository: `<mirrors>/<owner>+<name>/repo` when KFP_CORPUS_MIRRORS names a folder of such
// copies, else a clone made on first use in ~/.cache/kafka-flink-planner/flink-corpus/<owner>+<name> (git, network).
//
// Run: npm run eval:flink [-- --seed N] [-- --list]
//   Analyses every file with the same entry as `kfp analyze` (analyzeSource, default options), prints per rule the
//   findings count, the sample size and the verdicts recorded for the sample (test/fixtures/flink-eval/verdicts.json),
//   and writes every finding and job summary to .test-runs/flink-eval/findings.json and the sample, with the code
//   around each finding, to .test-runs/flink-eval/sample.md (what a judge reads).
//   --list rebuilds corpus.json from the local copies' HEAD (every .java/.scala/.py file that uses Flink).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES, type RuleId } from '../src/core/flink/rules';
import { analyzeSource, languageOf, usesFlink } from '../src/flink/parser';
import { git, gitDirFor, type CorpusRepo, type HandCount } from '../test/fixtures/flink-eval/corpus';

const repoRoot = join(__dirname, '..', '..');
const evalDir = join(repoRoot, 'test', 'fixtures', 'flink-eval');
const corpusFile = join(evalDir, 'corpus.json');
const verdictsFile = join(evalDir, 'verdicts.json');
const outDir = join(repoRoot, '.test-runs', 'flink-eval');

export interface Verdict {
  /** `<owner/name>:<path>:<line>:<rule>`, the finding judged. */
  id: string;
  /** 1: the first sample, before the rule fixes it led to; 2: a new seed on the findings after them. */
  round: number;
  verdict: 'agree' | 'disagree';
  reason: string;
}

interface EvalFinding {
  id: string;
  repo: string;
  path: string;
  line: number;
  rule: RuleId;
  message: string;
}

const LICENSES: Record<string, string> = {
  'apache/flink-training': 'Apache-2.0',
  'apache/flink-playgrounds': 'Apache-2.0',
  'apache/flink-connector-kafka': 'Apache-2.0',
  'aws-samples/amazon-managed-service-for-apache-flink-examples': 'MIT-0',
  'aws-samples/pyflink-getting-started': 'MIT-0',
  'aws-samples/amazon-kinesis-data-analytics-examples': 'MIT-0',
  'aws-samples/amazon-kinesis-data-analytics-blueprints': 'MIT-0',
  'aws-samples/kinesis-data-analytics-apache-flink-async-io': 'MIT-0',
  'pyflink/playgrounds': 'Apache-2.0',
  'streaming-with-flink/examples-java': 'Apache-2.0',
  'streaming-with-flink/examples-scala': 'Apache-2.0',
  'ververica/flink-training-exercises': 'Apache-2.0',
};

const TEST_PATH = /(^|\/)(src\/test|src\/it|tests?)\/|Tests?\.java$|ITCase\.java$|(Spec|Suite|Tests?)\.scala$|(^|\/)test_[^/]*\.py$/;

function listCorpus(): CorpusRepo[] {
  return Object.entries(LICENSES).map(([repo, license]) => {
    const dir = gitDirFor(repo);
    const commit = git(dir, ['rev-parse', 'HEAD']).trim();
    const paths = git(dir, ['ls-tree', '-r', '--name-only', commit])
      .split('\n')
      .filter((p) => languageOf(p) && !TEST_PATH.test(p))
      .filter((p) => usesFlink(git(dir, ['show', `${commit}:${p}`])))
      .sort();
    return { repo, commit, license, paths };
  });
}

/** FNV-1a of a string: a small stable hash, the same on every machine. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A seeded sample of findings: the `n` whose hash of seed and id is lowest. A finding's place does not depend on the
 * others, so a rule fix that removes some findings leaves the rest of the sample (and its verdicts) as it was, and
 * the findings drawn in to replace them are new ones to judge.
 */
export function sampleOf<T extends { id: string }>(items: T[], n: number, seed: number): T[] {
  return [...items]
    .map((item) => ({ item, rank: fnv1a(`${seed}:${item.id}`) }))
    .sort((a, b) => a.rank - b.rank || a.item.id.localeCompare(b.item.id))
    .slice(0, n)
    .map((x) => x.item);
}

function numberFlag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

async function main(): Promise<void> {
  if (process.argv.includes('--list')) {
    const corpus = listCorpus();
    writeFileSync(corpusFile, JSON.stringify(corpus, null, 2) + '\n');
    console.log(`${corpusFile}: ${corpus.reduce((n, r) => n + r.paths.length, 0)} files in ${corpus.length} repositories`);
    return;
  }
  const seed = numberFlag('--seed', 2026);
  const perRule = numberFlag('--per-rule', 10);
  const corpus = JSON.parse(readFileSync(corpusFile, 'utf8')) as CorpusRepo[];
  const verdicts = existsSync(verdictsFile) ? (JSON.parse(readFileSync(verdictsFile, 'utf8')) as Verdict[]) : [];
  const byId = new Map(verdicts.map((v) => [v.id, v]));
  const findings: EvalFinding[] = [];
  const files: unknown[] = [];
  const texts = new Map<string, string>();
  let jobs = 0;
  let internalErrors = 0;
  const started = performance.now();
  let analysisMs = 0;
  for (const { repo, commit, paths } of corpus) {
    const dir = gitDirFor(repo, commit);
    for (const path of paths) {
      const text = git(dir, ['show', `${commit}:${path}`]);
      texts.set(`${repo}:${path}`, text);
      const t0 = performance.now();
      const a = await analyzeSource(text, path);
      analysisMs += performance.now() - t0;
      if (!a) {
        files.push({ repo, path, analysed: false });
        continue;
      }
      if (a.context.job) jobs++;
      internalErrors += a.internalErrors.length;
      for (const e of a.internalErrors) console.error(`${repo}:${path}: internal error: ${e}`);
      const { explanation: _explanation, ...summary } = a.summary;
      files.push({ repo, path, context: a.context, summary, findings: a.findings.length });
      for (const f of a.findings) {
        const line = f.range.line + 1;
        findings.push({ id: `${repo}:${path}:${line}:${f.rule}`, repo, path, line, rule: f.rule, message: f.message });
      }
    }
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'findings.json'), JSON.stringify({ files, findings }, null, 2) + '\n');

  const fileCount = corpus.reduce((n, r) => n + r.paths.length, 0);
  console.log(
    `Flink lens on ${fileCount} files from ${corpus.length} repositories (${jobs} with a job): ${findings.length} findings, ` +
      `${internalErrors} internal errors, analysis ${Math.round(analysisMs)} ms (wall ${Math.round(performance.now() - started)} ms incl. git)`,
  );
  console.log(`sample: up to ${perRule} findings per rule, seed ${seed}`);
  console.log('rule                               findings  sampled  judged  agreed  precision');
  const sampleMd: string[] = [`# Flink lens sample, seed ${seed}`, ''];
  let unjudged = 0;
  for (const rule of Object.keys(RULES) as RuleId[]) {
    const all = findings.filter((f) => f.rule === rule);
    const sample = sampleOf(all, perRule, seed);
    const judged = sample.map((f) => byId.get(f.id)).filter((v): v is Verdict => v !== undefined);
    const agreed = judged.filter((v) => v.verdict === 'agree').length;
    unjudged += sample.length - judged.length;
    const precision = judged.length ? `${Math.round((100 * agreed) / judged.length)} %` : '-';
    console.log(
      `${rule.padEnd(35)}${String(all.length).padStart(8)}${String(sample.length).padStart(9)}${String(judged.length).padStart(8)}` +
        `${String(agreed).padStart(8)}  ${precision}`,
    );
    for (const f of sample) {
      const v = byId.get(f.id);
      const lines = (texts.get(`${f.repo}:${f.path}`) ?? '').split('\n');
      sampleMd.push(
        `## ${f.id}`,
        v ? `verdict: ${v.verdict}: ${v.reason}` : 'verdict: (not judged)',
        '',
        f.message,
        '',
        '```',
        ...lines.slice(Math.max(0, f.line - 8), f.line + 6).map((l, i) => `${String(Math.max(1, f.line - 7) + i).padStart(4)} ${l}`),
        '```',
        '',
      );
    }
  }
  writeFileSync(join(outDir, 'sample.md'), sampleMd.join('\n'));

  // job summaries counted by hand (handcounts.json) against the analyser's
  const hand = JSON.parse(readFileSync(join(evalDir, 'handcounts.json'), 'utf8')) as HandCount[];
  const summaries = new Map(
    (files as { repo: string; path: string; summary?: Record<string, number> }[]).map((f) => [`${f.repo}:${f.path}`, f.summary]),
  );
  let matched = 0;
  for (const h of hand) {
    const s = summaries.get(`${h.repo}:${h.path}`);
    const ours = s && { operators: s.operators, shuffles: s.shuffles, subtasks: s.subtasks, kpus: s.kpus };
    const theirs = { operators: h.operators, shuffles: h.shuffles, subtasks: h.subtasks, kpus: h.kpus };
    if (JSON.stringify(ours) === JSON.stringify(theirs)) matched++;
    else console.log(`hand count differs: ${h.repo}:${h.path}: hand ${JSON.stringify(theirs)}, analyser ${JSON.stringify(ours)}`);
  }
  console.log(`job summaries equal to the hand count: ${matched} of ${hand.length}`);
  if (matched !== hand.length) process.exitCode = 1;
  console.log(`${unjudged} sampled findings have no verdict yet; findings and sample in ${outDir}`);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
