import * as assert from 'node:assert/strict';
describe('temporary failure check', () => {
  it('fails on purpose', () => { assert.equal(1 + 1, 3, 'deliberate failure'); });
});
