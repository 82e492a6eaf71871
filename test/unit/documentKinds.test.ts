// Which documents load the extension's features when opened (src/core/documentKinds.ts, used at activation by
// src/features/shell.ts): Flink jobs, reassignment JSON and sizing files, and nothing else.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DETECTION_HEAD_CHARS, isAnalysedDocument, textNeeded, usesFlink } from '../../src/core/documentKinds';

const repo = join(__dirname, '..', '..', '..');
const fixture = (p: string) => readFileSync(join(repo, 'test', 'fixtures', 'flink', p), 'utf8');

describe('documents the extension analyses (activation triggers)', () => {
  it('Flink jobs in Java, Scala and Python; not sources without Flink', () => {
    assert.equal(isAnalysedDocument('java', '/w/AlarmJob.java', fixture('java/AlarmJob.java')), true);
    assert.equal(isAnalysedDocument('scala', '/w/SensorJob.scala', fixture('scala/SensorJob.scala')), true);
    assert.equal(isAnalysedDocument('python', '/w/sql_job.py', fixture('python/sql_job.py')), true);
    assert.equal(isAnalysedDocument('java', '/w/Main.java', 'public class Main { public static void main(String[] a) {} }'), false);
    assert.equal(isAnalysedDocument('python', '/w/app.py', 'import flask\napp = flask.Flask(__name__)\n'), false);
    assert.equal(usesFlink('from pyflink.datastream import StreamExecutionEnvironment'), true);
  });

  it('reassignment JSON (by its head) and sizing files (by name); not other JSON or other languages', () => {
    const plan = '{"version":1,"partitions":[{"topic":"a","partition":0,"replicas":[1,2]}]}';
    assert.equal(isAnalysedDocument('json', '/w/plan.json', plan), true);
    assert.equal(isAnalysedDocument('jsonc', '/w/plan.json', plan), true);
    assert.equal(isAnalysedDocument('json', '/w/package.json', '{"name":"x","version":"1.0.0"}'), false);
    assert.equal(isAnalysedDocument('json', '/w/prod.sizing.json', '{}'), true);
    assert.equal(isAnalysedDocument('markdown', '/w/README.md', plan), false);
    // a reassignment whose "partitions" key comes after the head is not recognised (the head is all that is read)
    assert.equal(
      isAnalysedDocument('json', '/w/x.json', `{"pad":"${'x'.repeat(DETECTION_HEAD_CHARS)}","version":1,"partitions":[]}`),
      false,
    );
  });

  it('reads all of a source file, the head of a JSON file, nothing of other documents', () => {
    assert.deepEqual(['java', 'scala', 'python', 'json', 'jsonc', 'markdown', 'plaintext'].map(textNeeded), [
      'all',
      'all',
      'all',
      'head',
      'head',
      'none',
      'none',
    ]);
  });
});
