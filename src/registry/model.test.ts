import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  activeMechanisms,
  compareDates,
  countryCounts,
  floorDate,
  maxOver,
  holdsAt,
  isFullDate,
  isPartialDate,
  overlaps,
  resolvePeriod,
  type MechanismHistory,
  type ParticipationFact,
} from './model.js';

describe('partial dates', () => {
  it('accepts year, month and day precision and rejects the rest', () => {
    for (const ok of ['2019', '2019-04', '2019-04-05', '2020-02-29']) assert.equal(isPartialDate(ok), true, ok);
    for (const bad of ['19', '2019-4', '2019-13', '2019-02-30', '2021-02-29', '2019-04-05T00:00', 'abcd', ''])
      assert.equal(isPartialDate(bad), false, bad);
  });
  it('a full date needs day precision', () => {
    assert.equal(isFullDate('2019-04-05'), true);
    assert.equal(isFullDate('2019-04'), false);
  });
  it('floors to the first day of the period and compares on it', () => {
    assert.equal(floorDate('2014'), '2014-01-01');
    assert.equal(floorDate('2014-10'), '2014-10-01');
    assert.equal(floorDate('2014-10-16'), '2014-10-16');
    assert.equal(compareDates('2014', '2014-01-01'), 0);
    assert.equal(compareDates('2014-10', '2014-09-30'), 1);
  });
});

describe('holdsAt: [start, end) with certainty', () => {
  const iv = (
    start: string | null,
    end: string | null,
    extra: Partial<{ end_not_before: string; first_attested: string }> = {},
  ) => ({ start, end, end_not_before: extra.end_not_before ?? null, first_attested: extra.first_attested ?? null });

  it('is inclusive at the start and exclusive at the end', () => {
    assert.equal(holdsAt(iv('2010-12', '2016-10'), '2010-11-30', null), null);
    assert.equal(holdsAt(iv('2010-12', '2016-10'), '2010-12-01', null), 'stated');
    assert.equal(holdsAt(iv('2010-12', '2016-10'), '2016-09-30', null), 'stated');
    assert.equal(holdsAt(iv('2010-12', '2016-10'), '2016-10-01', null), null);
  });
  it('counts an unknown start from establishment, as assumed', () => {
    assert.equal(holdsAt(iv(null, null), '2002-06-01', 2003), null);
    assert.equal(holdsAt(iv(null, null), '2003-01-01', 2003), 'assumed');
  });
  it('an earlier dated list makes an unknown start attested from that date on', () => {
    const x = iv(null, null, { first_attested: '2013-10' });
    assert.equal(holdsAt(x, '2013-09-30', 1993), 'assumed');
    assert.equal(holdsAt(x, '2013-10-01', 1993), 'attested');
  });
  it('between end_not_before and end the party may have left: assumed', () => {
    const x = iv('2001', '2009-06', { end_not_before: '2003' });
    assert.equal(holdsAt(x, '2002-12-31', null), 'stated');
    assert.equal(holdsAt(x, '2003-01-01', null), 'assumed');
    assert.equal(holdsAt(x, '2009-06-01', null), null);
  });
});

describe('overlaps', () => {
  it('touching intervals do not overlap; open ones do', () => {
    assert.equal(overlaps({ start: '2001', end: '2009' }, { start: '2009', end: null }), false);
    assert.equal(overlaps({ start: '2001', end: '2010' }, { start: '2009', end: null }), true);
    assert.equal(overlaps({ start: null, end: null }, { start: '2023', end: null }), true);
    assert.equal(overlaps({ start: null, end: '2009-06' }, { start: '2023', end: null }), false);
  });
});

describe('resolvePeriod', () => {
  const history = [
    { value: 'active', start: '2001', end: null, end_not_before: '2011' },
    { value: 'dormant', start: null, end: null, end_not_before: null },
  ];
  it('is null before the first period', () => assert.equal(resolvePeriod(history, '2000-12-31'), null));
  it('is known inside a period', () =>
    assert.deepEqual(resolvePeriod(history, '2005-01-01'), { value: 'active', certainty: 'known', next: null }));
  it('is uncertain after end_not_before when the change date is unknown', () =>
    assert.deepEqual(resolvePeriod(history, '2019-04-05'), {
      value: 'active',
      certainty: 'uncertain',
      next: 'dormant',
    }));
  it('follows a dated change', () => {
    const dated = [
      { value: 'active', start: '2010', end: '2020', end_not_before: null },
      { value: 'dormant', start: '2020', end: null, end_not_before: null },
    ];
    assert.equal(resolvePeriod(dated, '2019-12-31')?.value, 'active');
    assert.equal(resolvePeriod(dated, '2020-01-01')?.value, 'dormant');
  });
});

describe('figures', () => {
  const mech = (
    id: string,
    established: number,
    level: string,
    statuses: MechanismHistory['statuses'],
  ): MechanismHistory => ({
    id,
    established,
    levels: [{ value: level, start: null, end: null, end_not_before: null }],
    statuses,
  });
  const histories = [
    mech('a', 2000, 'rcp', [{ value: 'active', start: '2000', end: null, end_not_before: null }]),
    mech('b', 2005, 'irf', [
      { value: 'active', start: '2005', end: '2015', end_not_before: null },
      { value: 'dormant', start: '2015', end: null, end_not_before: null },
    ]),
    mech('c', 2010, 'rcp', [
      { value: 'active', start: '2010', end: null, end_not_before: '2012' },
      { value: 'dormant', start: null, end: null, end_not_before: null },
    ]),
    mech('d', 2020, 'global', [{ value: 'active', start: '2020', end: null, end_not_before: null }]),
  ];
  it('counts mechanisms active at the date, by level, and sets the uncertain ones apart', () => {
    const at2011 = activeMechanisms(histories, '2011-06-01');
    assert.equal(at2011.total, 3);
    assert.deepEqual(at2011.byLevel, { rcp: 2, irf: 1, global: 0 });
    const at2019 = activeMechanisms(histories, '2019-04-05');
    assert.equal(at2019.total, 1);
    assert.deepEqual(at2019.mechanisms, ['a']);
    assert.deepEqual(at2019.statusUncertain, ['c']);
  });
  it('counts countries per active mechanism, and separates known from assumed', () => {
    const f = (
      mechanism_id: string,
      country_code: string,
      start: string | null,
      end: string | null = null,
      role = 'member',
    ): ParticipationFact => ({
      mechanism_id,
      country_code,
      role,
      start,
      end,
      end_not_before: null,
      first_attested: null,
    });
    const facts = [
      f('a', 'SEN', '2001'),
      f('a', 'MLI', null),
      f('b', 'SEN', '2006'),
      f('d', 'SEN', null),
      f('a', 'FRA', null, null, 'observer'),
      f('a', 'NER', '2001', '2010'),
    ];
    const at2012 = countryCounts(histories, facts, '2012-01-01', ['member']);
    assert.deepEqual(
      at2012.map((c) => [c.country, c.mechanisms, c.known]),
      [
        ['SEN', ['a', 'b'], ['a', 'b']],
        ['MLI', ['a'], []],
      ],
    );
    const bloc = { ...f('b', 'MLI', null), via_group: 'EU' };
    const recalled = { ...f('b', 'NER', null), verification: 'unverified' };
    const mixed = countryCounts(histories, [...facts, bloc, recalled, f('a', 'NER', null)], '2012-01-01', ['member']);
    assert.deepEqual(
      mixed.map((c) => [c.country, c.mechanisms, c.sourced]),
      [
        ['MLI', ['a', 'b'], ['a']],
        ['NER', ['a', 'b'], ['a']],
        ['SEN', ['a', 'b'], ['a', 'b']],
      ],
    );
    assert.deepEqual(maxOver(mixed, 'mechanisms'), { value: 2, countries: ['MLI', 'NER', 'SEN'] });
    assert.deepEqual(maxOver(mixed, 'sourced'), { value: 2, countries: ['SEN'] });
    assert.deepEqual(maxOver([], 'known'), { value: 0, countries: [] });
    const at2021 = countryCounts(histories, facts, '2021-01-01', ['member', 'observer']);
    assert.deepEqual(
      at2021.map((c) => [c.country, c.mechanisms.length]),
      [
        ['SEN', 2],
        ['FRA', 1],
        ['MLI', 1],
      ],
    );
  });
});
