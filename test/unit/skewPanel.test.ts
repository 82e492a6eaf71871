// The skew panel's pure parts: the CSV export and the typed message guards shared by host and webview.
import assert from 'node:assert/strict';
import { buildSkewReport, skewReportToCsv } from '../../src/core/skew';
import { isHostToWebview, isSkewPanelState, isWebviewToHost } from '../../webview/skew/protocol';
import { snapshot } from './builders';

const T0 = '2026-11-25T10:00:00.000Z';
const T10 = '2026-11-25T10:00:10.000Z';

// Two brokers; topic `a,b` (a name with a comma, to exercise quoting) has 2 partitions both led by broker 1.
const earlier = snapshot()
  .broker(1, 'r1', { totalBytes: 1000, usableBytes: 600 })
  .broker(2, 'r2', { totalBytes: 1000, usableBytes: 900 })
  .topic('a,b', [
    { replicas: [1, 2], bytes: 100, endOffset: 10 },
    { replicas: [1, 2], bytes: 50, endOffset: 5 },
  ])
  .at(T0)
  .build();
const later = snapshot()
  .broker(1, 'r1', { totalBytes: 1000, usableBytes: 600 })
  .broker(2, 'r2', { totalBytes: 1000, usableBytes: 900 })
  .topic('a,b', [
    { replicas: [1, 2], bytes: 300, endOffset: 30 },
    { replicas: [1, 2], bytes: 50, endOffset: 5 },
  ])
  .at(T10)
  .build();
const report = buildSkewReport(later, { previous: earlier, hotPartitionCount: 1 });

describe('skew panel: CSV export', () => {
  it('brokers: raw numbers with units in the column names, CRLF line ends', () => {
    const lines = skewReportToCsv(report, 'brokers').split('\r\n');
    assert.equal(
      lines[0],
      'broker,rack,counted,replicas,leaders,replica_bytes,disk_used_ratio,disk_level,produce_in_bytes_per_sec,produce_in_records_per_sec,replication_in_bytes_per_sec,replication_out_bytes_per_sec',
    );
    // broker 1: 2 replicas (300 + 50 B), leads both; disk used (1000-600)/1000 = 0.4 (ok, < MSK's 60 % alert);
    // produce in (300-100)/10 s = 20 B/s and (30-10)/10 = 2 records/s; replication out 20 B/s x 1 follower.
    assert.equal(lines[1], '1,r1,true,2,2,350,0.4,ok,20,2,0,20');
    // broker 2 follows both: replication in 20 B/s; disk used 0.1
    assert.equal(lines[2], '2,r2,true,2,0,350,0.1,ok,0,0,20,0');
    assert.equal(lines[3], '');
    assert.equal(lines.length, 4);
  });

  it('topics: a field with a comma or quote is quoted, quotes doubled', () => {
    const csv = skewReportToCsv(report, 'topics');
    const row = csv.split('\r\n')[1];
    // leaders [2, 0]: mean 1, whole-count band floor(0.9)..ceil(1.1) = 0..2, so balanced (skew.md)
    assert.ok(row.startsWith('"a,b",false,2,2,0,1,0,balanced,2,1,balanced,spread,0,'), row);
    // the verdict names the topic and contains commas: quoted as a whole
    assert.ok(row.endsWith(`"${report.topics[0].verdict.replace(/"/g, '""')}"`));
  });

  it('hot partitions: both rankings, rank from 1, unknown values empty', () => {
    const lines = skewReportToCsv(report, 'hotPartitions').trimEnd().split('\r\n');
    assert.deepEqual(lines, [
      'ranked_by,rank,topic,partition,leader,replicas,bytes,bytes_per_sec,records_per_sec,share_of_leader_produce_in',
      'write_rate,1,"a,b",0,1,1 2,300,20,2,1',
      'size,1,"a,b",0,1,1 2,300,20,2,1',
    ]);
    const noRates = skewReportToCsv(buildSkewReport(later, { hotPartitionCount: 1 }), 'hotPartitions')
      .trimEnd()
      .split('\r\n');
    assert.deepEqual(noRates.slice(1), ['size,1,"a,b",0,1,1 2,300,,,']);
  });
});

describe('skew panel: message guards', () => {
  it('accepts the webview messages of the protocol and rejects anything else', () => {
    for (const ok of [
      { type: 'ready' },
      { type: 'sampleRates' },
      { type: 'exportCsv' },
      { type: 'revealTopic', topic: 't' },
      { type: 'exportPng', dataUrl: 'data:image/png;base64,AAAA', name: 'x' },
    ]) {
      assert.equal(isWebviewToHost(ok), true, JSON.stringify(ok));
    }
    for (const bad of [
      null,
      'ready',
      {},
      { type: 'nope' },
      { type: 'revealTopic' },
      { type: 'revealTopic', topic: '' },
      { type: 'exportPng', dataUrl: 'data:text/html;base64,AAAA', name: 'x' },
    ]) {
      assert.equal(isWebviewToHost(bad), false, JSON.stringify(bad));
    }
  });

  it('accepts the host messages and the saved panel state', () => {
    assert.equal(
      isHostToWebview({
        type: 'report',
        report,
        cluster: { id: 'demo', label: 'Demo', kind: 'demo' },
        canSample: false,
        sampleSeconds: 30,
        ratesHint: '',
      }),
      true,
    );
    assert.equal(isHostToWebview({ type: 'sampling', state: 'started' }), true);
    assert.equal(isHostToWebview({ type: 'sampling', state: 'maybe' }), false);
    assert.equal(isHostToWebview({ type: 'error', message: 'x' }), true);
    assert.equal(isSkewPanelState({ clusterId: 'demo', tab: 2 }), true);
    assert.equal(isSkewPanelState({ clusterId: '' }), false);
    assert.equal(isSkewPanelState(undefined), false);
  });
});
