// The display formats every report shares (src/core/units.ts): numbers grouped in thousands, money with its cents.
import assert from 'node:assert/strict';
import { formatNumber, formatUsd, plural } from '../../src/core/units';

describe('display units', () => {
  it('money: dollars grouped in thousands with two decimals, or whole dollars when asked', () => {
    assert.equal(formatUsd(15919.2), '$15,919.20');
    assert.equal(formatUsd(158.4), '$158.40');
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(1234567.891), '$1,234,567.89');
    assert.equal(formatUsd(15919.2, 0), '$15,919');
    assert.equal(formatUsd(-2.5), '-$2.50');
    assert.equal(formatUsd(-0.001), '$0.00');
  });

  it('numbers in formulas: trailing zeros dropped, thousands grouped; counts with their noun', () => {
    assert.equal(formatNumber(15919.2), '15,919.2');
    assert.equal(formatNumber(2, 4), '2');
    assert.equal(plural(1, 'partition'), '1 partition');
    assert.equal(plural(1600, 'subtask'), '1,600 subtasks');
  });
});
