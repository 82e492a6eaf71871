// Job summaries of 10 public Flink jobs of the evaluation corpus (test/fixtures/flink-eval/corpus.json), counted by
// hand from their code (handcounts.json: operators, shuffles, subtasks, KPUs, and how each was counted), against the
// analyser's, at the `kfp analyze` defaults (parallelism 1 where the file sets none, 1 subtask per KPU). Among them:
// an environment passed to helpers, async I/O (with retry), an if/else of alternative pipelines, timeWindow(), an
// unused helper. The corpus is read from local git copies (KFP_CORPUS_MIRRORS or the clone `npm run eval:flink`
// makes in the cache); without one this suite is reported as pending with that reason, never passed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../../src/flink/parser';
import { git, localCopy, type CorpusRepo, type HandCount } from '../fixtures/flink-eval/corpus';

const EVAL = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'flink-eval');
const corpus = JSON.parse(readFileSync(join(EVAL, 'corpus.json'), 'utf8')) as CorpusRepo[];
const hand = JSON.parse(readFileSync(join(EVAL, 'handcounts.json'), 'utf8')) as HandCount[];

describe('Flink job summaries equal a hand count on 10 public jobs', () => {
  it('counts 10 jobs, among them env-as-parameter, async I/O and if/else ones, all in the corpus', () => {
    assert.equal(hand.length, 10);
    for (const shape of [/env as a parameter|env passed/, /async/i, /if\/else/])
      assert.ok(
        hand.some((h) => shape.test(h.shape)),
        String(shape),
      );
    for (const h of hand)
      assert.ok(corpus.find((r) => r.repo === h.repo)?.paths.includes(h.path), `${h.repo}:${h.path} not in corpus.json`);
  });

  for (const h of hand) {
    it(`${h.repo}:${h.path.replace(/^.*\//, '')} (${h.shape})`, async function () {
      const dir = localCopy(h.repo);
      if (!dir) this.skip(); // pending, with the reason in the suite's description: no local copy of the corpus
      const commit = corpus.find((r) => r.repo === h.repo)!.commit;
      const a = await analyzeSource(git(dir!, ['show', `${commit}:${h.path}`]), h.path);
      assert.ok(a, 'not analysed');
      assert.deepEqual(a.internalErrors, []);
      assert.deepEqual(
        { operators: a.summary.operators, shuffles: a.summary.shuffles, subtasks: a.summary.subtasks, kpus: a.summary.kpus },
        { operators: h.operators, shuffles: h.shuffles, subtasks: h.subtasks, kpus: h.kpus },
        h.count,
      );
    });
  }
});
