import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTIONS, can, grantProblem, type Action, type Grant } from './model.js';

const who: Record<string, Grant[]> = {
  none: [],
  admin: [{ role: 'admin', scopeType: null, scopeId: null }],
  'editor of rabat': [{ role: 'editor', scopeType: 'mechanism', scopeId: 'rabat-process' }],
  'focal point of SEN': [{ role: 'focal_point', scopeType: 'country', scopeId: 'SEN' }],
  reviewer: [{ role: 'reviewer', scopeType: null, scopeId: null }],
  'reviewer of rabat': [{ role: 'reviewer', scopeType: 'mechanism', scopeId: 'rabat-process' }],
};
const inScope = { mechanism: 'rabat-process', country: 'SEN' };
const outOfScope = { mechanism: 'bali-process', country: 'FRA' };

// The whole matrix, written out: who may do what, in scope and out of scope.
const allowed: Record<string, { in: Action[]; out: Action[] }> = {
  none: { in: [], out: [] },
  admin: { in: [...ACTIONS], out: [...ACTIONS] },
  'editor of rabat': {
    in: ['mechanism.edit', 'participation.edit', 'meeting.edit', 'document.upload', 'document.edit', 'token.create'],
    out: ['token.create'],
  },
  'focal point of SEN': { in: ['participation.verify', 'token.create'], out: ['token.create'] },
  reviewer: { in: ['change.publish', 'token.create'], out: ['change.publish', 'token.create'] },
  'reviewer of rabat': { in: ['change.publish', 'token.create'], out: ['token.create'] },
};

describe('permissions: every action × every role', () => {
  for (const [name, grants] of Object.entries(who)) {
    it(name, () => {
      for (const action of ACTIONS) {
        assert.equal(can(grants, action, inScope), allowed[name]!.in.includes(action), `${name} ${action} in scope`);
        assert.equal(
          can(grants, action, outOfScope),
          allowed[name]!.out.includes(action),
          `${name} ${action} out of scope`,
        );
      }
    });
  }
  it('an editor without a resource named may not edit', () => {
    assert.equal(can(who['editor of rabat']!, 'mechanism.edit', {}), false);
  });
});

describe('grants need the scope their role needs', () => {
  it('rejects an unscoped editor, a focal point scoped to a mechanism, a scoped admin', () => {
    assert.match(grantProblem({ role: 'editor', scopeType: null, scopeId: null })!, /needs a mechanism/);
    assert.match(grantProblem({ role: 'focal_point', scopeType: 'mechanism', scopeId: 'x' })!, /needs a country/);
    assert.match(grantProblem({ role: 'admin', scopeType: 'country', scopeId: 'SEN' })!, /no scope/);
    assert.equal(grantProblem({ role: 'editor', scopeType: 'mechanism', scopeId: 'rabat-process' }), null);
  });
});
