/** The visibility rule as a table: every viewer × visibility × date, and the posting and granting rules. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ANONYMOUS,
  canSee,
  grantRefusal,
  holdsOn,
  postRefusal,
  postingCountry,
  seesDelegates,
  standingOn,
  VISIBILITIES,
  type LedgerRow,
  type Viewer,
  type Visibility,
} from './model.js';

const M = 'alpha-process';
// SEN a member since 2000; NER a member 2001 to 2016-10 (exclusive); FRA an observer; GHA in beta-forum only.
const LEDGER: LedgerRow[] = [
  { mechanism: M, country: 'SEN', role: 'member', from: '2000', until: null },
  { mechanism: M, country: 'NER', role: 'member', from: '2001', until: '2016-10' },
  { mechanism: M, country: 'FRA', role: 'observer', from: null, until: null },
  { mechanism: 'beta-forum', country: 'GHA', role: 'member', from: '2005-03-01', until: null },
];
const delegate = (country: string, focalPoint = false): Viewer => ({
  userId: `u-${country}`,
  grants: [],
  delegateOf: [{ country, focalPoint }],
  ledger: LEDGER.filter((r) => r.country === country),
});
const VIEWERS: Record<string, Viewer> = {
  anonymous: ANONYMOUS,
  'signed in, no role': { userId: 'u', grants: [], delegateOf: [], ledger: [] },
  'delegate of GHA (non-member)': delegate('GHA'),
  'delegate of FRA (observer)': delegate('FRA'),
  'delegate of SEN (member)': delegate('SEN'),
  'delegate of NER (former member)': delegate('NER'),
  'secretariat (editor of alpha)': {
    userId: 'e',
    grants: [{ role: 'editor', scopeType: 'mechanism', scopeId: M }],
    delegateOf: [],
    ledger: [],
  },
  'editor of beta': {
    userId: 'b',
    grants: [{ role: 'editor', scopeType: 'mechanism', scopeId: 'beta-forum' }],
    delegateOf: [],
    ledger: [],
  },
  'country focal point role (accounts), no delegate': {
    userId: 'f',
    grants: [{ role: 'focal_point', scopeType: 'country', scopeId: 'SEN' }],
    delegateOf: [],
    ledger: [],
  },
  admin: { userId: 'a', grants: [{ role: 'admin', scopeType: null, scopeId: null }], delegateOf: [], ledger: [] },
};

// Expected [members, members-and-observers, public] per viewer, on 2026-12-02 and on 2010-06-15.
const Y = true;
const N = false;
const TABLE: [string, string, [boolean, boolean, boolean]][] = [
  ['anonymous', '2026-12-02', [N, N, Y]],
  ['signed in, no role', '2026-12-02', [N, N, Y]],
  ['delegate of GHA (non-member)', '2026-12-02', [N, N, Y]],
  ['delegate of FRA (observer)', '2026-12-02', [N, Y, Y]],
  ['delegate of SEN (member)', '2026-12-02', [Y, Y, Y]],
  ['delegate of NER (former member)', '2026-12-02', [N, N, Y]],
  ['delegate of NER (former member)', '2010-06-15', [Y, Y, Y]],
  ['delegate of NER (former member)', '2016-09-30', [Y, Y, Y]],
  ['delegate of NER (former member)', '2016-10-01', [N, N, Y]],
  ['delegate of NER (former member)', '2000-12-31', [N, N, Y]],
  ['delegate of SEN (member)', '1999-12-31', [N, N, Y]],
  ['delegate of FRA (observer)', '1990-01-01', [N, Y, Y]],
  ['secretariat (editor of alpha)', '2026-12-02', [Y, Y, Y]],
  ['editor of beta', '2026-12-02', [N, N, Y]],
  ['country focal point role (accounts), no delegate', '2026-12-02', [N, N, Y]],
  ['admin', '2026-12-02', [Y, Y, Y]],
];

describe('sharing: canSee(viewer, item, date)', () => {
  for (const [name, date, expected] of TABLE) {
    it(`${name} on ${date}: members ${expected[0]}, members-and-observers ${expected[1]}, public ${expected[2]}`, () => {
      const got = VISIBILITIES.map((visibility: Visibility) =>
        canSee(VIEWERS[name]!, { mechanism: M, visibility }, date),
      );
      assert.deepEqual(got, expected);
    });
  }

  it('a State the account no longer acts for counts for nothing, even with its ledger rows', () => {
    const v: Viewer = { ...delegate('SEN'), delegateOf: [] };
    assert.equal(canSee(v, { mechanism: M, visibility: 'members' }, '2026-12-02'), false);
    assert.equal(standingOn(v, M, '2026-12-02'), null);
  });

  it("another mechanism's membership opens nothing here", () => {
    const gha = delegate('GHA');
    assert.equal(canSee(gha, { mechanism: 'beta-forum', visibility: 'members' }, '2026-12-02'), true);
    assert.equal(canSee(gha, { mechanism: 'beta-forum', visibility: 'members' }, '2005-02-28'), false);
    assert.equal(canSee(gha, { mechanism: M, visibility: 'members' }, '2026-12-02'), false);
  });

  it('a delegate of two States takes the better standing (member over observer)', () => {
    const v: Viewer = {
      userId: 'x',
      grants: [],
      delegateOf: [
        { country: 'FRA', focalPoint: false },
        { country: 'SEN', focalPoint: false },
      ],
      ledger: LEDGER,
    };
    assert.equal(standingOn(v, M, '2026-12-02'), 'member');
  });

  it('holdsOn reads partial dates by their first day, the end exclusive', () => {
    assert.equal(holdsOn({ from: '2016-10', until: null }, '2016-10-01'), true);
    assert.equal(holdsOn({ from: '2016-10', until: null }, '2016-09-30'), false);
    assert.equal(holdsOn({ from: null, until: '2017' }, '2016-12-31'), true);
    assert.equal(holdsOn({ from: null, until: '2017' }, '2017-01-01'), false);
  });
});

describe('sharing: who may post, and who grants delegates', () => {
  const D = '2026-12-02';
  it('member delegates post to the members only; the secretariat and administrators with any visibility', () => {
    const sen = delegate('SEN');
    assert.equal(postRefusal(sen, M, 'members', D), null);
    assert.match(postRefusal(sen, M, 'public', D)!, /secretariat opens/);
    assert.match(postRefusal(sen, M, 'members-and-observers', D)!, /secretariat opens/);
    assert.equal(postingCountry(sen, M, D), 'SEN');
    for (const v of ['secretariat (editor of alpha)', 'admin'])
      for (const vis of VISIBILITIES) assert.equal(postRefusal(VIEWERS[v]!, M, vis, D), null, `${v} ${vis}`);
    assert.equal(postingCountry(VIEWERS['secretariat (editor of alpha)']!, M, D), null);
    for (const v of [
      'anonymous',
      'signed in, no role',
      'delegate of GHA (non-member)',
      'delegate of FRA (observer)',
      'delegate of NER (former member)',
      'editor of beta',
    ])
      assert.match(postRefusal(VIEWERS[v]!, M, 'members', D)!, /only the delegates of a member State/, v);
    assert.equal(postRefusal(delegate('NER'), M, 'members', '2010-01-01'), null);
  });

  it("a State's focal point grants its own delegates, not focal points; an administrator grants both", () => {
    const focal = delegate('SEN', true);
    assert.equal(grantRefusal(focal, 'SEN', false), null);
    assert.match(grantRefusal(focal, 'SEN', true)!, /only an administrator/);
    assert.match(grantRefusal(focal, 'MLI', false)!, /focal point of MLI/);
    assert.match(grantRefusal(delegate('SEN'), 'SEN', false)!, /focal point of SEN/);
    assert.match(grantRefusal(VIEWERS['country focal point role (accounts), no delegate']!, 'SEN', false)!, /SEN/);
    assert.equal(grantRefusal(VIEWERS.admin!, 'SEN', true), null);
    assert.equal(seesDelegates(delegate('SEN'), 'SEN'), true);
    assert.equal(seesDelegates(delegate('SEN'), 'MLI'), false);
    assert.equal(seesDelegates(VIEWERS.admin!, 'MLI'), true);
    assert.equal(seesDelegates(ANONYMOUS, 'SEN'), false);
  });
});
