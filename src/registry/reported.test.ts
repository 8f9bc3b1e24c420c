import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agrees, reconcile, type ReportedList } from './reported.js';

const list: ReportedList = {
  id: 'l',
  title: 'A list',
  reportedBy: 'IOM',
  figure: 'f',
  date: '2019-04-05',
  dateNote: 'undated',
  note: null,
  entries: [
    { mechanism: 'a', named: 'yes', evidence: [{ source: 's1', quote: 'A' }], note: null },
    { mechanism: 'b', named: 'no', evidence: [{ source: 's1', quote: null }], note: 'left out' },
    { mechanism: 'c', named: 'yes', evidence: [{ source: 's2', quote: 'C' }], note: null },
    { mechanism: 'd', named: 'partly', evidence: [{ source: 's2', quote: 'D-ish' }], note: null },
  ],
};

describe('reported figures: reconciliation', () => {
  it('computes what one side counts and the other does not name, each with its evidence', () => {
    const r = reconcile(['e', 'a', 'b', 'd'], list)!;
    assert.deepEqual(
      r.countedNotNamed.map((d) => [d.mechanism, d.evidence.length, d.note]),
      [['b', 1, 'left out']],
    );
    assert.deepEqual(
      r.notInList.map((d) => [d.mechanism, d.evidence.length]),
      [['e', 0]],
      'no entry: unknown, not "not named"',
    );
    assert.deepEqual(
      r.namedNotCounted.map((d) => d.mechanism),
      ['c'],
    );
    assert.deepEqual(
      r.namedInPart.map((d) => d.mechanism),
      ['d'],
    );
  });
  it('says nothing when no list is known', () => {
    assert.equal(reconcile(['a'], null), null);
  });
  it('compares by the way the source put the figure', () => {
    assert.equal(agrees(31, { value: 31, comparator: 'exact' }), true);
    assert.equal(agrees(33, { value: 31, comparator: 'exact' }), false);
    assert.equal(agrees(206, { value: 200, comparator: 'over' }), true);
    assert.equal(agrees(200, { value: 200, comparator: 'over' }), false);
    assert.equal(agrees(17, { value: 18, comparator: 'at-least' }), false);
    assert.equal(agrees(12, { value: 10, comparator: 'at-most' }), false);
    assert.equal(agrees(7, { value: 10, comparator: 'at-most' }), true);
  });
});
