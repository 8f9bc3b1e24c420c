/**
 * Organizations' delegations on both engines (migration 0106): the permission matrix of the two new routes (the
 * meeting's secretariat and administrators register and confirm on the organization's behalf), bad input naming the
 * field and changing nothing, the eligibility (IOM observer by the ledger, UNHCR partner by a partnership, ICMPD
 * guest), the check that a delegation is for exactly one State or organization, and the public attendance (the
 * organization's name, never a person's) on the API, the meeting page and the delegations page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp, loadReference } from '../../app.js';
import * as m0106 from '../../db/migrations/0106_org_delegations.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import type { Client } from '../../../test/helpers/client.js';
import { MINI } from '../../../test/helpers/reference.js';
import { roleEmail, seedRoleUsers, signedInClients } from '../../../test/helpers/roles.js';

interface Json {
  [k: string]: unknown;
}
const MEETING = 'alpha-process-2025-ministerial';
const PERSON = 'Karim ZQXORGPERSON Haddad';
const ROLES = [
  'anonymous',
  'no role',
  'focal point of SEN',
  'editor of beta',
  'editor of alpha',
  'reviewer of alpha',
  'admin',
] as const;
type Role = (typeof ROLES)[number];
/** PUT …/organization-delegations/{org} and POST …/decision. */
const WRITE: Record<Role, number> = {
  anonymous: 401,
  'no role': 403,
  'focal point of SEN': 403,
  'editor of beta': 403,
  'editor of alpha': 200,
  'reviewer of alpha': 200,
  admin: 200,
};

for (const { engine, skip } of await engines()) {
  describe(`organizations' delegations on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let tokens: Record<string, string>;
    let clients: Record<string, Client>;
    const api = async (role: Role, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const headers: Record<string, string> = {};
      if (role !== 'anonymous') headers.authorization = `Bearer ${tokens[role]}`;
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const res = await app.inject({
        method,
        url,
        headers,
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      });
      const json = String(res.headers['content-type'] ?? '').includes('json');
      return { status: res.statusCode, body: (json && res.body ? JSON.parse(res.body) : null) as Json, res };
    };
    const audits = async (action: string) =>
      (await t.db.selectFrom('audit_event').selectAll().where('action', '=', action).execute()).length;
    const url = (org: string, decision = false) =>
      `/api/v1/meetings/${MEETING}/organization-delegations/${org}${decision ? '/decision' : ''}`;
    const orgRows = () =>
      t.db.selectFrom('meeting_delegation').selectAll().where('organization_id', 'is not', null).execute();

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, MINI);
      // ICMPD: in the table, in no ledger row and no partnership (a guest); UNHCR: a partner of alpha-process.
      await t.db
        .insertInto('organization')
        .values({
          id: 'icmpd',
          name: 'International Centre for Migration Policy Development',
          acronym: 'ICMPD',
          kind: 'intergovernmental',
          note: null,
        })
        .execute();
      await t.db
        .insertInto('partnership')
        .values({
          id: 'test-unhcr-alpha',
          kind: 'organization-mechanism',
          mechanism_id: 'alpha-process',
          organization_wording: 'UNHCR',
          mechanism_a: null,
          mechanism_b: null,
          role: 'technical support',
          years: '2015-',
          first_year: 2015,
          last_year: null,
          ongoing: 1,
          compilation_note: null,
          version: 1,
          updated_at: '2026-01-01T00:00:00.000Z',
        })
        .execute();
      await t.db
        .insertInto('partnership_organization')
        .values({ partnership_id: 'test-unhcr-alpha', organization_id: 'unhcr', seq: 0 })
        .execute();
      app = await buildApp({ database: t });
      const names = ROLES.filter((r) => r !== 'anonymous');
      ({ tokens } = await seedRoleUsers(t.db, names));
      const { AccountsService } = await import('../../accounts/service.js');
      const accounts = new AccountsService(t.db);
      const ids = Object.fromEntries(
        await Promise.all(names.map(async (n) => [n, (await accounts.findUser(roleEmail(n)))!.id] as const)),
      );
      const grant = (who: Role, role: 'editor' | 'reviewer', mechanism: string) =>
        accounts.grant(ids[who]!, { role, scopeType: 'mechanism', scopeId: mechanism }, 'system');
      await grant('editor of alpha', 'editor', 'alpha-process');
      await grant('reviewer of alpha', 'reviewer', 'alpha-process');
      await grant('editor of beta', 'editor', 'beta-forum');
      await accounts.grant(ids.admin!, { role: 'admin', scopeType: null, scopeId: null }, 'system');
      clients = await signedInClients(app, names);
      const fp = await api('admin', 'POST', '/api/v1/countries/SEN/delegates', {
        email: roleEmail('focal point of SEN'),
        focalPoint: true,
      });
      assert.equal(fp.status, 201, JSON.stringify(fp.body));
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    describe('the matrix: the two routes × every role', () => {
      for (const role of ROLES) {
        it(`${role}: PUT …/organization-delegations/iom answers ${WRITE[role]}, a bad body only after the 401/403 checks`, async () => {
          const bad = await api(role, 'PUT', url('iom'), { persons: [] });
          assert.equal(bad.status, WRITE[role] === 200 ? 400 : WRITE[role]);
          const before = await audits('delegation.register');
          const r = await api(role, 'PUT', url('iom'), { persons: [{ name: PERSON, function: 'Head of delegation' }] });
          assert.equal(r.status, WRITE[role], JSON.stringify(r.body));
          assert.equal(await audits('delegation.register'), before + (r.status === 200 ? 1 : 0));
          if (r.status === 200) {
            assert.equal((r.body.organization as Json).name, 'International Organization for Migration');
            assert.equal(JSON.stringify(r.body).includes(PERSON), true, 'the secretariat reads the persons');
          } else assert.doesNotMatch(JSON.stringify(r.body), /ZQXORGPERSON/);
        });
        it(`${role}: POST …/organization-delegations/iom/decision answers ${WRITE[role]}`, async () => {
          const before = (await audits('delegation.decline')) + (await audits('delegation.confirm'));
          const r = await api(role, 'POST', url('iom', true), { decision: 'declined' });
          if (WRITE[role] === 200) assert.ok([200, 409].includes(r.status), JSON.stringify(r.body));
          else assert.equal(r.status, WRITE[role]);
          const after = (await audits('delegation.decline')) + (await audits('delegation.confirm'));
          assert.equal(after, before + (r.status === 200 ? 1 : 0));
        });
        it(`${role}: GET …/delegations lists the organizations' delegations only to the secretariat`, async () => {
          const r = await api(role, 'GET', `/api/v1/meetings/${MEETING}/delegations`);
          if (role === 'anonymous') return assert.equal(r.status, 401);
          assert.equal(r.status, 200);
          const orgs = r.body.organizations as { organization: { id: string } }[];
          assert.deepEqual(
            orgs.map((o) => o.organization.id),
            WRITE[role] === 200 ? ['iom'] : [],
          );
          assert.equal(JSON.stringify(r.body).includes(PERSON), WRITE[role] === 200);
        });
      }
    });

    it('bad input: 400 or 404 naming the field, nothing changed; 415 on a form body', async () => {
      const rows = JSON.stringify(await orgRows());
      const before = await audits('delegation.register');
      const cases: [unknown, string][] = [
        [{ persons: [{ name: '', function: 'x' }] }, 'name'],
        [{ persons: [{ name: 'A', function: 'x\ny' }] }, 'function'],
        [{ persons: [{ name: 'A', function: 'B' }], extra: 1 }, 'extra'],
        [{}, 'persons'],
      ];
      for (const [body, field] of cases) {
        const r = await api('admin', 'PUT', url('icmpd'), body);
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.res.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.match(JSON.stringify(r.body), new RegExp(field));
      }
      const none = await api('admin', 'PUT', url('no-such-org'), { persons: [{ name: 'A', function: 'B' }] });
      assert.equal(none.status, 404);
      assert.match(JSON.stringify(none.body), /"org"/);
      const note = await api('admin', 'POST', url('iom', true), { decision: 'maybe' });
      assert.equal(note.status, 400);
      assert.match(JSON.stringify(note.body), /decision/);
      const unregistered = await api('admin', 'POST', url('icmpd', true), { decision: 'confirmed' });
      assert.equal(unregistered.status, 404, 'ICMPD registered nothing');
      const form = await app.inject({
        method: 'PUT',
        url: url('icmpd'),
        headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'persons=1',
      });
      assert.equal(form.statusCode, 415);
      assert.equal(await audits('delegation.register'), before);
      assert.equal(JSON.stringify(await orgRows()), rows);
    });

    it("eligibility on the meeting's date: IOM observer (ledger), UNHCR partner (partnership), ICMPD guest", async () => {
      for (const org of ['unhcr', 'icmpd']) {
        const r = await api('editor of alpha', 'PUT', url(org), {
          persons: [{ name: `${PERSON} of ${org}`, function: 'Observer' }],
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.status, 'pending');
      }
      const r = await api('admin', 'GET', `/api/v1/meetings/${MEETING}/delegations`);
      const orgs = r.body.organizations as { organization: { id: string }; eligibility: string }[];
      assert.deepEqual(Object.fromEntries(orgs.map((o) => [o.organization.id, o.eligibility])), {
        iom: 'observer',
        unhcr: 'partner',
        icmpd: 'guest',
      });
      assert.deepEqual((r.body.organizationChoices as { id: string }[]).map((o) => o.id).sort(), [
        'icmpd',
        'iom',
        'unhcr',
      ]);
    });

    it('a delegation is for exactly one State or organization (the check of migration 0106)', async () => {
      const row = {
        meeting_id: MEETING,
        eligibility: 'guest',
        status: 'pending',
        registered_by: 'system',
        registered_at: '2026-01-01T00:00:00.000Z',
        decided_by: null,
        decided_at: null,
        decision_note: null,
      };
      await assert.rejects(
        t.db
          .insertInto('meeting_delegation')
          .values({ ...row, id: 'both', country_code: 'MLI', organization_id: 'icmpd' })
          .execute(),
      );
      await assert.rejects(
        t.db
          .insertInto('meeting_delegation')
          .values({ ...row, id: 'neither', country_code: null, organization_id: null })
          .execute(),
      );
      const n = await t.db
        .selectFrom('meeting_delegation')
        .select('id')
        .where('id', 'in', ['both', 'neither'])
        .execute();
      assert.equal(n.length, 0);
    });

    it('the public attendance names the confirmed organizations and never a person, on the API and the meeting page', async () => {
      for (const org of ['iom', 'unhcr']) {
        const r = await api('reviewer of alpha', 'POST', url(org, true), { decision: 'confirmed' });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.status, 'confirmed');
      }
      const again = await api('admin', 'POST', url('iom', true), { decision: 'confirmed' });
      assert.equal(again.status, 409);
      const a = await api('anonymous', 'GET', `/api/v1/meetings/${MEETING}/attendance`);
      assert.equal(a.status, 200);
      const o = a.body.organizations as Json;
      assert.equal(o.confirmed, 2);
      assert.deepEqual(
        (o.organizations as { name: string }[]).map((x) => x.name),
        ['International Organization for Migration', 'Office of the United Nations High Commissioner for Refugees'],
      );
      assert.deepEqual(o.byEligibility, { member: 0, observer: 1, partner: 1, guest: 0 });
      assert.equal(a.body.confirmed, 0, 'no State counted');
      assert.doesNotMatch(JSON.stringify(a.body), /ZQXORGPERSON|Head of delegation|Observer"/);
      for (const lang of ['en', 'fr', 'ar']) {
        const res = await app.inject({ method: 'GET', url: `/${lang}/meetings/${MEETING}` });
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /id="attendance-organizations"/);
        assert.match(res.body, /International Organization for Migration/);
        assert.doesNotMatch(res.body, /ZQXORGPERSON/);
        assert.doesNotMatch(res.body, /International Centre for Migration Policy Development/, 'ICMPD is pending');
      }
    });

    it("the delegations page lists the organizations' delegations and the secretariat's form registers one", async () => {
      const sec = await clients['editor of alpha']!.get(`/fr/meetings/${MEETING}/delegations`);
      assert.equal(sec.statusCode, 200);
      assert.match(sec.body, /id="org-delegations"/);
      assert.match(sec.body, /International Organization for Migration/);
      assert.match(sec.body, /ZQXORGPERSON/);
      assert.match(sec.body, /id="org-register"/);
      // The forms post where the page routes are (a page must never post to a 404).
      assert.match(sec.body, new RegExp(`action="/fr/meetings/${MEETING}/organization-delegations/register"`));
      assert.match(sec.body, new RegExp(`action="/fr/meetings/${MEETING}/organization-delegations/iom/decision"`));
      const fp = await clients['focal point of SEN']!.get(`/fr/meetings/${MEETING}/delegations`);
      assert.equal(fp.statusCode, 200);
      assert.doesNotMatch(fp.body, /ZQXORGPERSON|id="org-register"/);
    });

    it('the page forms: only the secretariat posts; a bad organization or person is re-shown naming the field, nothing changed', async () => {
      const form = `/en/meetings/${MEETING}/organization-delegations/register`;
      const rows = JSON.stringify(await orgRows());
      const fp = await clients['focal point of SEN']!.form(form, {
        org: 'icmpd',
        'persons.0.name': 'A',
        'persons.0.function': 'B',
      });
      assert.equal(fp.statusCode, 403);
      const fpDecide = await clients['focal point of SEN']!.form(
        `/en/meetings/${MEETING}/organization-delegations/iom/decision`,
        { decision: 'declined' },
      );
      assert.equal(fpDecide.statusCode, 403);
      const sec = clients['editor of alpha']!;
      const none = await sec.form(form, { org: 'no-such-org', 'persons.0.name': 'A', 'persons.0.function': 'B' });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /no organization &quot;no-such-org&quot;|no organization "no-such-org"/);
      assert.match(none.body, /id="org-reg-org"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="org-reg-org"/);
      const empty = await sec.form(form, { org: 'icmpd', 'persons.0.name': 'Kept ZQXKEPT', 'persons.0.function': '' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /function is empty/);
      assert.match(empty.body, /value="Kept ZQXKEPT"/, 'what was typed is kept');
      assert.equal(JSON.stringify(await orgRows()), rows);
    });

    it("migration 0106 keeps the States' delegations and their persons, down and up again", async () => {
      const reg = await api('admin', 'PUT', `/api/v1/meetings/${MEETING}/delegations/SEN`, {
        persons: [{ name: 'State ZQXSTATE person', function: 'Head of delegation' }],
      });
      assert.equal(reg.status, 200, JSON.stringify(reg.body));
      const state = async () => ({
        rows: await t.db
          .selectFrom('meeting_delegation')
          .select(['id', 'country_code', 'eligibility', 'status'])
          .where('country_code', 'is not', null)
          .execute(),
        persons: await t.db.selectFrom('meeting_delegate_person').select(['delegation_id', 'name']).execute(),
      });
      const before = await state();
      assert.equal(before.rows.length, 1);
      assert.equal((await orgRows()).length, 3);
      await m0106.down(t.db as unknown as Kysely<unknown>);
      const down = await state();
      assert.deepEqual(down.rows, before.rows);
      assert.deepEqual(
        down.persons.map((p) => p.name),
        ['State ZQXSTATE person'],
        "the organizations' persons went with their delegations",
      );
      await m0106.up(t.db as unknown as Kysely<unknown>);
      assert.deepEqual(await state(), down);
      assert.equal((await orgRows()).length, 0);
      const r = await api('admin', 'PUT', url('iom'), { persons: [{ name: 'A', function: 'B' }] });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      await assert.rejects(
        t.db
          .insertInto('meeting_delegation')
          .values({
            id: 'neither-again',
            meeting_id: MEETING,
            country_code: null,
            organization_id: null,
            eligibility: 'guest',
            status: 'pending',
            registered_by: 'system',
            registered_at: '2026-01-01T00:00:00.000Z',
            decided_by: null,
            decided_at: null,
            decision_note: null,
          })
          .execute(),
      );
    });
  });
}
