/** The pure rules of peer queries: who asks as whom, who sees and answers, what an answer is, the dates. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Viewer } from '../model.js';
import {
  answerRefusal,
  answerValue,
  askAs,
  daysBetween,
  insideQuery,
  isIsoDate,
  isOpen,
  publishRefusal,
  rate,
  seesDraft,
  seesQuery,
  type Question,
  type QueryScope,
} from './model.js';

const DAY = '2026-12-02';
const viewer = (v: Partial<Viewer>): Viewer => ({ userId: 'u', grants: [], delegateOf: [], ledger: [], ...v });
const member = (mechanism: string, country: string, until: string | null = null) => ({
  mechanism,
  country,
  role: 'member' as const,
  from: '2000',
  until,
});
const focalSEN = viewer({
  delegateOf: [{ country: 'SEN', focalPoint: true }],
  ledger: [member('alpha', 'SEN'), member('beta', 'SEN'), { ...member('gamma', 'SEN'), role: 'observer' }],
});
const editorAlpha = viewer({ grants: [{ role: 'editor', scopeType: 'mechanism', scopeId: 'alpha' }] });
const admin = viewer({ grants: [{ role: 'admin', scopeType: null, scopeId: null }] });

describe('askAs: who may ask the members of mechanisms, and for whom', () => {
  it('an administrator and the secretariat of every mechanism ask as the secretariat', () => {
    assert.deepEqual(askAs(admin, ['alpha', 'gamma'], DAY), { country: null });
    assert.deepEqual(askAs(editorAlpha, ['alpha'], DAY), { country: null });
    assert.ok('refusal' in askAs(editorAlpha, ['alpha', 'beta'], DAY), 'not the secretariat of beta');
  });
  it('a focal point asks for its State when that State is a member of each mechanism on the day', () => {
    assert.deepEqual(askAs(focalSEN, ['alpha', 'beta'], DAY), { country: 'SEN' });
    assert.ok('refusal' in askAs(focalSEN, ['alpha', 'gamma'], DAY), 'SEN only observes gamma');
    const left = viewer({
      delegateOf: [{ country: 'NER', focalPoint: true }],
      ledger: [member('alpha', 'NER', '2016-10')],
    });
    assert.ok('refusal' in askAs(left, ['alpha'], DAY), 'NER left alpha in 2016');
    assert.deepEqual(askAs(left, ['alpha'], '2010-01-01'), { country: 'NER' }, 'it was a member in 2010');
    const plain = viewer({ delegateOf: [{ country: 'SEN', focalPoint: false }], ledger: focalSEN.ledger });
    assert.ok('refusal' in askAs(plain, ['alpha'], DAY), 'a delegate who is not the focal point does not ask');
    assert.ok('refusal' in askAs(focalSEN, ['alpha'], DAY, 'MLI'), 'nor for another State');
  });
});

describe('seeing, answering, publishing', () => {
  const closed: QueryScope = {
    askedBy: 'asker',
    askerCountry: 'SEN',
    mechanisms: ['alpha'],
    states: ['MLI', 'SEN'],
    published: false,
  };
  const mli = viewer({ delegateOf: [{ country: 'MLI', focalPoint: false }] });
  const fra = viewer({ delegateOf: [{ country: 'FRA', focalPoint: false }] });
  it('a closed query: the asker, administrators, the secretariat, the States asked; a published one: anyone', () => {
    assert.equal(seesQuery(viewer({ userId: 'asker' }), closed), true);
    assert.equal(seesQuery(admin, closed), true);
    assert.equal(seesQuery(editorAlpha, closed), true);
    assert.equal(seesQuery(mli, closed), true);
    assert.equal(seesQuery(fra, closed), false);
    assert.equal(seesQuery(viewer({ userId: null }), closed), false);
    assert.equal(seesQuery(viewer({ userId: null }), { ...closed, published: true }), true);
    assert.equal(insideQuery(viewer({ userId: null }), { ...closed, published: true }), false);
  });
  it("a State's delegates answer for it when it was asked; drafts are theirs and the administrators'", () => {
    assert.equal(answerRefusal(mli, closed, 'MLI'), null);
    assert.match(answerRefusal(mli, closed, 'SEN')!, /only a delegate of SEN/);
    assert.match(answerRefusal(fra, closed, 'FRA')!, /FRA was not asked/);
    assert.equal(seesDraft(mli, closed, 'MLI'), true);
    assert.equal(seesDraft(admin, closed, 'MLI'), true);
    assert.equal(seesDraft(editorAlpha, closed, 'MLI'), false);
  });
  it('the asker or an administrator publishes', () => {
    assert.equal(publishRefusal(viewer({ userId: 'asker' }), closed), null);
    assert.equal(publishRefusal(admin, closed), null);
    assert.match(publishRefusal(editorAlpha, closed)!, /only the account that asked/);
  });
});

describe('answers and dates', () => {
  const q = (kind: Question['kind'], options: string[] = []): Question => ({ id: 'q1', kind, text: '?', options });
  it('each kind of question takes its own answers; empty is not answered', () => {
    assert.deepEqual(answerValue(q('text'), '  Some words  '), { value: 'Some words' });
    assert.deepEqual(answerValue(q('text'), '   '), { value: null });
    assert.deepEqual(answerValue(q('yes-no'), 'no'), { value: 'no' });
    assert.ok('error' in answerValue(q('yes-no'), 'No'));
    assert.deepEqual(answerValue(q('choice', ['A', 'B']), 'B'), { value: 'B' });
    assert.ok('error' in answerValue(q('choice', ['A', 'B']), 'C'));
    assert.deepEqual(answerValue(q('number'), '-3.5'), { value: '-3.5' });
    assert.deepEqual(answerValue(q('number'), '007'), { value: '7' });
    for (const bad of ['1e3', '12,5', 'twelve', '1.']) assert.ok('error' in answerValue(q('number'), bad), bad);
    assert.deepEqual(answerValue(q('date'), '2024-02-29'), { value: '2024-02-29' });
    assert.ok('error' in answerValue(q('date'), '2023-02-29'));
    assert.ok('error' in answerValue(q('text'), 'x'.repeat(10_001)));
  });
  it('calendar dates, days between, open until the deadline day included, rates', () => {
    assert.equal(isIsoDate('2026-12-31'), true);
    assert.equal(isIsoDate('2026-13-01'), false);
    assert.equal(isIsoDate('2026-1-01'), false);
    assert.equal(daysBetween('2026-12-30', '2027-01-02'), 3);
    assert.equal(daysBetween('2026-12-02', '2026-12-01'), -1);
    assert.equal(isOpen('2026-12-10', '2026-12-10'), true);
    assert.equal(isOpen('2026-12-10', '2026-12-11'), false);
    assert.deepEqual(rate(1, 3), { asked: 3, answered: 1, share: 0.333 });
    assert.deepEqual(rate(0, 0), { asked: 0, answered: 0, share: null });
  });
});
