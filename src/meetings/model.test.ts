import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activityFlag, displayStatus, isUpcoming, lastHeld, mechanismsRepresented, noRecentActivity } from './model.js';

describe('mechanisms represented', () => {
  const report = (count: number, note: string | null = null) => ({
    what: 'mechanisms',
    count,
    note,
    sources: [`src-${count}`],
  });
  it('is "not reported" with the number named beside it when only a list exists (never "at least 1")', () => {
    const r = mechanismsRepresented(
      [
        { mechanism: 'a', name_in_source: 'A' },
        { mechanism: 'b', name_in_source: 'B' },
        { mechanism: 'a', name_in_source: 'A again' },
      ],
      [],
    );
    assert.deepEqual([r.value, r.basis, r.atLeast, r.named], [null, 'none', false, 2]);
  });
  it("shows a planned meeting whose date has passed as not confirmed held, at the page's date", () => {
    const m = { status: 'planned', start: '2025-11-10', end: '2025-11-12' };
    assert.equal(displayStatus(m, '2025-11-12'), 'planned');
    assert.equal(displayStatus(m, '2025-11-13'), 'not-confirmed');
    assert.equal(displayStatus({ status: 'planned', start: '2025', end: null }, '2025-12-31'), 'planned');
    assert.equal(displayStatus({ status: 'planned', start: '2025', end: null }, '2026-01-01'), 'not-confirmed');
    assert.equal(displayStatus({ status: 'held', start: '2019-04-05', end: null }, '2026-01-01'), 'held');
  });
  it('is the reported count with its source when no list exists', () => {
    const r = mechanismsRepresented([], [report(28, '28 ISCMs per the press release')]);
    assert.deepEqual(
      [r.value, r.basis, r.sources, r.note],
      [28, 'reported', ['src-28'], '28 ISCMs per the press release'],
    );
  });
  it('keeps every count when sources disagree, showing the largest', () => {
    const r = mechanismsRepresented([], [report(19), report(22)]);
    assert.deepEqual([r.value, r.alternatives.map((a) => a.count)], [22, [19, 22]]);
  });
  it('prefers a larger reported count over a partial list (one named of fifteen)', () => {
    const r = mechanismsRepresented([{ mechanism: 'arcp', name_in_source: 'ARCP' }], [report(15)]);
    assert.deepEqual([r.value, r.basis, r.named], [15, 'reported', 1]);
  });
  it('is "none" when there is neither', () => {
    assert.deepEqual(
      mechanismsRepresented([], [{ what: 'participants', count: 60, note: null, sources: [] }]).basis,
      'none',
    );
  });
});

describe('recent activity', () => {
  const ms = [
    { start: '2019-04-05', status: 'held' },
    { start: '2023', status: 'held' },
    { start: '2026-02', status: 'planned' },
    { start: '2030', status: 'held' },
  ];
  it('finds the last held meeting on or before the date', () => {
    assert.equal(lastHeld(ms, '2022-01-01')?.start, '2019-04-05');
    assert.equal(lastHeld(ms, '2026-11-29')?.start, '2023');
    assert.equal(lastHeld(ms, '2000-01-01'), null);
  });
  it('flags no meeting in the last three years, counting a year-precision date from its last day', () => {
    assert.equal(noRecentActivity({ start: '2023' }, '2026-11-29'), false);
    assert.equal(noRecentActivity({ start: '2023' }, '2027-01-01'), true);
    assert.equal(noRecentActivity({ start: '2019-04-05' }, '2022-04-04'), false);
    assert.equal(noRecentActivity({ start: '2019-04-05' }, '2022-04-06'), true);
    assert.equal(noRecentActivity(null, '2022-01-01'), true);
  });
  it('says "record incomplete" instead of the flag when the meeting record is known to be incomplete', () => {
    assert.equal(activityFlag({ start: '2024-06-28' }, '2026-12-01', false), 'recent');
    assert.equal(activityFlag({ start: '2013-11-26' }, '2026-12-01', false), 'record-incomplete');
    assert.equal(activityFlag(null, '2026-12-01', false), 'record-incomplete');
    assert.equal(activityFlag({ start: '2013-11-26' }, '2026-12-01', true), 'no-recent-activity');
    assert.equal(activityFlag({ start: '2013-11-26' }, '2026-12-01', null), 'no-recent-activity');
  });
  it('a meeting is upcoming until its last day has passed', () => {
    assert.equal(isUpcoming({ start: '2026-11-28', end: '2026-11-30' }, '2026-11-29'), true);
    assert.equal(isUpcoming({ start: '2026-11-28', end: null }, '2026-11-29'), false);
    assert.equal(isUpcoming({ start: '2026', end: null }, '2026-11-29'), true);
  });
});
