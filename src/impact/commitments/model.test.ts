/** The pure rules: the state on a date, what counts as progress, the roll-up through a weighted tree, cycles. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  concerned,
  cycleOpen,
  isIsoDate,
  mayReview,
  progressOf,
  rollFramework,
  rollUp,
  speaksFor,
  stateOn,
} from './model.js';

const u = (
  id: string,
  date: string,
  status: 'planned' | 'in-progress' | 'completed' | 'discontinued',
  progress: number | null,
  acceptedAt = `${date}T12:00:00Z`,
) => ({
  id,
  date,
  status,
  progress,
  acceptedAt,
});

describe('commitments model', () => {
  it('the state on a date is the last accepted update on or before it; none is no report', () => {
    const xs = [
      u('a', '2020-01-01', 'planned', null),
      u('b', '2021-06-30', 'in-progress', 30),
      u('c', '2021-06-30', 'in-progress', 35, '2021-07-02T00:00:00Z'),
    ];
    assert.equal(stateOn(xs, '2019-12-31'), null);
    assert.equal(stateOn(xs, '2020-01-01')?.id, 'a');
    assert.equal(stateOn(xs, '2021-06-29')?.id, 'a');
    assert.equal(stateOn(xs, '2021-06-30')?.id, 'c', 'two of one date: the one accepted last');
  });

  it('progress: the figure; completed without one is 100; discontinued and no figure count nothing', () => {
    assert.equal(progressOf(null), null);
    assert.equal(progressOf({ status: 'in-progress', progress: 0 }), 0, 'a reported 0 is a 0');
    assert.equal(progressOf({ status: 'in-progress', progress: null }), null);
    assert.equal(progressOf({ status: 'completed', progress: null }), 100);
    assert.equal(progressOf({ status: 'discontinued', progress: 60 }), null);
  });

  it('rolls up by weights, leaving out what has no report (never counted as 0)', () => {
    const nodes = [
      { id: 'd1', parent: null, weight: 1 },
      { id: 'p1', parent: 'd1', weight: 3 },
      { id: 'p2', parent: 'd1', weight: 1 },
      { id: 'p3', parent: 'd1', weight: 1 },
      { id: 'd2', parent: null, weight: 1 },
    ];
    const placed = [
      { node: 'p1', weight: 1, state: { status: 'in-progress' as const, progress: 20 } },
      { node: 'p1', weight: 1, state: { status: 'completed' as const, progress: null } },
      { node: 'p2', weight: 1, state: { status: 'in-progress' as const, progress: 0 } },
      { node: 'p3', weight: 1, state: null },
      { node: 'd2', weight: 1, state: { status: 'discontinued' as const, progress: null } },
    ];
    const r = rollUp(nodes, placed);
    assert.equal(r.get('p1')!.progress, 60);
    assert.equal(r.get('p2')!.progress, 0);
    assert.equal(r.get('p3')!.progress, null, 'no report');
    assert.equal(r.get('d1')!.progress, 45, '(60×3 + 0×1) / 4: p3 left out');
    assert.equal(r.get('d1')!.commitments, 4);
    assert.equal(r.get('d1')!.reported, 3);
    assert.equal(r.get('d2')!.progress, null, 'discontinued: reported, no progress');
    assert.equal(r.get('d2')!.byStatus.discontinued, 1);
    const all = rollFramework(nodes, [
      ...placed,
      { node: null, weight: 1, state: { status: 'in-progress', progress: 15 } },
    ]);
    assert.equal(all.progress, 30, 'd1 (45) and the whole-framework commitment (15); d2 has none');
    assert.equal(all.commitments, 6);
    assert.equal(rollFramework(nodes, []).progress, null);
  });

  it('a zero weight takes a node out of its parent’s mean', () => {
    const r = rollUp(
      [
        { id: 'a', parent: null, weight: 1 },
        { id: 'b', parent: 'a', weight: 0 },
        { id: 'c', parent: 'a', weight: 1 },
      ],
      [
        { node: 'b', weight: 1, state: { status: 'in-progress', progress: 100 } },
        { node: 'c', weight: 1, state: { status: 'in-progress', progress: 10 } },
      ],
    );
    assert.equal(r.get('a')!.progress, 10);
  });

  it('cycles: the deadline day is open, the next is not; dates are real dates', () => {
    assert.ok(cycleOpen('2026-12-13', '2026-12-13'));
    assert.ok(!cycleOpen('2026-12-13', '2026-12-14'));
    assert.ok(isIsoDate('2024-02-29'));
    assert.ok(!isIsoDate('2023-02-29'));
  });

  it('who speaks for a State, who reviews, which States a commitment concerns', () => {
    assert.ok(speaksFor([{ role: 'focal_point', scopeType: 'country', scopeId: 'SEN' }], [], 'SEN'));
    assert.ok(speaksFor([], ['SEN'], 'SEN'));
    assert.ok(!speaksFor([{ role: 'focal_point', scopeType: 'country', scopeId: 'MLI' }], ['GHA'], 'SEN'));
    assert.ok(
      mayReview(
        [{ role: 'editor', scopeType: 'mechanism', scopeId: 'rabat-process' }],
        ['khartoum-process', 'rabat-process'],
      ),
    );
    assert.ok(!mayReview([{ role: 'editor', scopeType: 'mechanism', scopeId: 'colombo-process' }], ['rabat-process']));
    assert.ok(mayReview([{ role: 'reviewer', scopeType: 'mechanism', scopeId: 'rabat-process' }], ['rabat-process']));
    assert.deepEqual(concerned([], ['MLI', 'SEN']), ['MLI', 'SEN']);
    assert.deepEqual(concerned(['SEN', 'FRA'], ['MLI', 'SEN']), ['SEN']);
  });
});
