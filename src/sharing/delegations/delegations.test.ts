/**
 * Meeting delegations and meeting packs on both engines: the permission MATRIX of every route × every role, the
 * writes (401 → 403 → 400 order, 409, audit), eligibility from the ledger on the meeting's date, the public meeting
 * page (confirmed States, never persons, beside and never over the sourced figures), the pack unzipped by `unzip`,
 * and that no person reaches the export or the public pages.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../../app.js';
import { PUBLIC_TABLES } from '../../db/dump.js';
import { LocalBlobStore } from '../../documents/files/blobs.js';
import { exportTables } from '../../registry/export.js';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/helpers/db.js';
import type { Client } from '../../../test/helpers/client.js';
import { insertDocument } from '../../../test/helpers/documents.js';
import { MINI } from '../../../test/helpers/reference.js';
import { roleEmail, seedRoleUsers, signedInClients } from '../../../test/helpers/roles.js';

interface Json {
  [k: string]: unknown;
}
const MEETING = 'alpha-process-2025-ministerial';
const ROLES = [
  'anonymous',
  'no role',
  'focal point of GHA (guest)',
  'focal point of FRA (observer)',
  'focal point of SEN (member)',
  'delegate of SEN',
  'focal point of NER (former member)',
  'editor of alpha',
  'reviewer of alpha',
  'editor of beta',
  'admin',
] as const;
type Role = (typeof ROLES)[number];
const FOCAL: [Role, string][] = [
  ['focal point of GHA (guest)', 'GHA'],
  ['focal point of FRA (observer)', 'FRA'],
  ['focal point of SEN (member)', 'SEN'],
  ['focal point of NER (former member)', 'NER'],
];
const PERSON = 'Aminata ZQXPERSON Diallo';
const SECRETARIAT: Role[] = ['editor of alpha', 'reviewer of alpha', 'admin'];
/** Who reads which States' delegations (with persons) on the delegations API. */
const READS: Record<Role, number | string[]> = {
  anonymous: 401,
  'no role': [],
  'focal point of GHA (guest)': ['GHA'],
  'focal point of FRA (observer)': ['FRA'],
  'focal point of SEN (member)': ['SEN'],
  'delegate of SEN': ['SEN'],
  'focal point of NER (former member)': ['NER'],
  'editor of alpha': ['FRA', 'GHA', 'NER', 'SEN'],
  'reviewer of alpha': ['FRA', 'GHA', 'NER', 'SEN'],
  'editor of beta': [],
  admin: ['FRA', 'GHA', 'NER', 'SEN'],
};
/** PUT /api/v1/meetings/{id}/delegations/SEN. */
const REGISTER_SEN: Record<Role, number> = {
  anonymous: 401,
  'no role': 403,
  'focal point of GHA (guest)': 403,
  'focal point of FRA (observer)': 403,
  'focal point of SEN (member)': 200,
  'delegate of SEN': 403,
  'focal point of NER (former member)': 403,
  'editor of alpha': 403,
  'reviewer of alpha': 403,
  'editor of beta': 403,
  admin: 200,
};
/** POST …/decision (confirm or decline). */
const DECIDE: Record<Role, number> = {
  anonymous: 401,
  'no role': 403,
  'focal point of GHA (guest)': 403,
  'focal point of FRA (observer)': 403,
  'focal point of SEN (member)': 403,
  'delegate of SEN': 403,
  'focal point of NER (former member)': 403,
  'editor of alpha': 200,
  'reviewer of alpha': 200,
  'editor of beta': 403,
  admin: 200,
};
/** The meeting pack: members of alpha-process's space today (SEN member, FRA observer), its secretariat, admins. */
const PACK: Record<Role, number> = {
  anonymous: 401,
  'no role': 403,
  'focal point of GHA (guest)': 403,
  'focal point of FRA (observer)': 200,
  'focal point of SEN (member)': 200,
  'delegate of SEN': 200,
  'focal point of NER (former member)': 403,
  'editor of alpha': 200,
  'reviewer of alpha': 403,
  'editor of beta': 403,
  admin: 200,
};

/** The mini fixture with an agenda for the meeting. */
function dataset(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iscm-deleg-'));
  cpSync(MINI, dir, { recursive: true });
  const file = join(dir, 'meetings.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { meetings: Record<string, unknown>[] };
  const m = data.meetings.find((x) => x.id === MEETING)!;
  m.agenda = [{ order: 1, title: 'Opening of the ministerial conference', time: '09:00', speakers: [] }];
  writeFileSync(file, JSON.stringify(data));
  return dir;
}

for (const { engine, skip } of await engines()) {
  describe(`meeting delegations and packs on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let tokens: Record<string, string>;
    let clients: Record<string, Client>;
    const pdf = Buffer.from('%PDF-1.4\n% a test file of the meeting pack\n%%EOF\n');
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

    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db, dataset());
      // A document of the meeting, with one file in the blob store.
      await insertDocument(t.db, 'doc-pack-test');
      await t.db.updateTable('document').set({ meeting_id: MEETING }).where('id', '=', 'doc-pack-test').execute();
      const blobs = new LocalBlobStore(mkdtempSync(join(tmpdir(), 'iscm-deleg-blobs-')));
      const sha = createHash('sha256').update(pdf).digest('hex');
      await blobs.put(sha, pdf);
      const now = new Date().toISOString();
      await t.db
        .insertInto('document_version')
        .values({
          id: 'v-pack-en',
          document_id: 'doc-pack-test',
          lang: 'en',
          status: 'official',
          sha256: sha,
          size_bytes: pdf.length,
          media_type: 'application/pdf',
          blob_key: sha,
          pages: 1,
          text_status: 'no-text',
          text_error: null,
          created_at: now,
          created_by: null,
          updated_at: now,
          filename: 'declaration.pdf',
        })
        .execute();
      app = await buildApp({ database: t, blobs });
      const names = ROLES.filter((r) => r !== 'anonymous');
      ({ tokens } = await seedRoleUsers(t.db, names));
      const { AccountsService } = await import('../../accounts/service.js');
      const accounts = new AccountsService(t.db);
      const ids = Object.fromEntries(
        await Promise.all(names.map(async (n) => [n, (await accounts.findUser(roleEmail(n)))!.id] as const)),
      );
      await accounts.grant(
        ids['editor of alpha']!,
        { role: 'editor', scopeType: 'mechanism', scopeId: 'alpha-process' },
        'system',
      );
      await accounts.grant(
        ids['reviewer of alpha']!,
        { role: 'reviewer', scopeType: 'mechanism', scopeId: 'alpha-process' },
        'system',
      );
      await accounts.grant(
        ids['editor of beta']!,
        { role: 'editor', scopeType: 'mechanism', scopeId: 'beta-forum' },
        'system',
      );
      await accounts.grant(ids.admin!, { role: 'admin', scopeType: null, scopeId: null }, 'system');
      clients = await signedInClients(app, names);
      for (const [role, country] of [...FOCAL, ['delegate of SEN', 'SEN'] as [Role, string]]) {
        const r = await api('admin', 'POST', `/api/v1/countries/${country}/delegates`, {
          email: roleEmail(role),
          focalPoint: role.startsWith('focal point'),
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      // Each focal point registers its State's delegation.
      for (const [role, country] of FOCAL) {
        const r = await api(role, 'PUT', `/api/v1/meetings/${MEETING}/delegations/${country}`, {
          persons: [{ name: country === 'SEN' ? PERSON : `Person of ${country}`, function: 'Head of delegation' }],
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.status, 'pending');
      }
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    it("records the ledger's eligibility on the meeting's date: SEN member, FRA observer, NER (left 2016) and GHA guests", async () => {
      const r = await api('admin', 'GET', `/api/v1/meetings/${MEETING}/delegations`);
      assert.equal(r.status, 200);
      const items = r.body.items as { country: string; eligibility: string }[];
      assert.deepEqual(Object.fromEntries(items.map((d) => [d.country, d.eligibility])), {
        FRA: 'observer',
        GHA: 'guest',
        NER: 'guest',
        SEN: 'member',
      });
      assert.equal((r.body.meeting as { date: string }).date, '2025-02-10');
      const fp = await api('focal point of SEN (member)', 'GET', `/api/v1/meetings/${MEETING}/delegations`);
      assert.deepEqual((fp.body.may as Json).registerFor, [{ country: 'SEN', eligibility: 'member' }]);
      assert.equal(await audits('delegation.register'), 4);
    });

    describe('the matrix: every route × every role', () => {
      for (const role of ROLES) {
        it(`${role}: GET …/delegations reads ${JSON.stringify(READS[role])}`, async () => {
          const r = await api(role, 'GET', `/api/v1/meetings/${MEETING}/delegations`);
          const want = READS[role];
          if (typeof want === 'number') return assert.equal(r.status, want);
          assert.equal(r.status, 200);
          assert.equal(r.res.headers['cache-control'], 'private, no-store');
          const items = r.body.items as { country: string; persons: { name: string }[] | null }[];
          assert.deepEqual(
            items.map((d) => d.country),
            want,
          );
          assert.equal(JSON.stringify(r.body).includes(PERSON), want.includes('SEN'));
          assert.equal((r.body.may as Json).decide, SECRETARIAT.includes(role));
        });
        it(`${role}: GET …/attendance is public and names no person`, async () => {
          const r = await api(role, 'GET', `/api/v1/meetings/${MEETING}/attendance`);
          assert.equal(r.status, 200);
          assert.doesNotMatch(JSON.stringify(r.body), /ZQXPERSON|Person of/);
        });
        it(`${role}: PUT …/delegations/SEN answers ${REGISTER_SEN[role]}; a bad body after the 403 check`, async () => {
          const bad = await api(role, 'PUT', `/api/v1/meetings/${MEETING}/delegations/SEN`, { persons: [] });
          assert.equal(bad.status, REGISTER_SEN[role] === 200 ? 400 : REGISTER_SEN[role]);
          if (bad.status === 400) assert.match(JSON.stringify(bad.body), /persons/);
          const before = await audits('delegation.register');
          const r = await api(role, 'PUT', `/api/v1/meetings/${MEETING}/delegations/SEN`, {
            persons: [{ name: PERSON, function: 'Head of delegation' }],
          });
          assert.equal(r.status, REGISTER_SEN[role], JSON.stringify(r.body));
          assert.equal(await audits('delegation.register'), before + (r.status === 200 ? 1 : 0));
        });
        it(`${role}: POST …/delegations/FRA/decision answers ${DECIDE[role]}`, async () => {
          const r = await api(role, 'POST', `/api/v1/meetings/${MEETING}/delegations/FRA/decision`, {
            decision: 'declined',
            note: 'ZQX note',
          });
          const ok = DECIDE[role] === 200;
          // After a first decline, declining again is a conflict: the secretariat's second try answers 409.
          if (ok) assert.ok([200, 409].includes(r.status), JSON.stringify(r.body));
          else assert.equal(r.status, DECIDE[role]);
        });
        it(`${role}: the meeting pack answers ${PACK[role]}`, async () => {
          const c = await api(role, 'GET', `/api/v1/meetings/${MEETING}/pack/contents`);
          assert.equal(c.status, PACK[role]);
          const z = await api(role, 'GET', `/api/v1/meetings/${MEETING}/pack`);
          assert.equal(z.status, PACK[role]);
          const page = await clients[role]!.get(`/en/meetings/${MEETING}/delegations/pack.zip`);
          assert.equal(page.statusCode, PACK[role] === 401 ? 401 : PACK[role]);
        });
        it(`${role}: the delegations page answers 200 and shows only what the role reads`, async () => {
          const res = await clients[role]!.get(`/fr/meetings/${MEETING}/delegations`);
          assert.equal(res.statusCode, 200);
          assert.match(String(res.headers['cache-control']), /no-store/);
          const want = READS[role];
          assert.equal(res.body.includes(PERSON), typeof want !== 'number' && want.includes('SEN'));
        });
      }
    });

    it('bad input: 400 naming the field, nothing changed; unknown meeting and State: 404; 415 on a form body', async () => {
      const before = await audits('delegation.register');
      const cases: [unknown, string][] = [
        [{ persons: [{ name: '', function: 'x' }] }, 'name'],
        [{ persons: [{ name: 'A', function: 'x\ny' }] }, 'function'],
        [{ persons: [{ name: 'A', function: 'B' }], extra: 1 }, 'extra'],
      ];
      for (const [body, field] of cases) {
        const r = await api('admin', 'PUT', `/api/v1/meetings/${MEETING}/delegations/SEN`, body);
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.match(JSON.stringify(r.body), new RegExp(field));
      }
      assert.equal(await audits('delegation.register'), before);
      assert.equal((await api('admin', 'GET', '/api/v1/meetings/no-such-meeting/delegations')).status, 404);
      assert.equal((await api('admin', 'PUT', `/api/v1/meetings/${MEETING}/delegations/ZZZ`, {})).status, 404);
      const d = await api('admin', 'POST', `/api/v1/meetings/${MEETING}/delegations/MLI/decision`, {
        decision: 'confirmed',
      });
      assert.equal(d.status, 404, 'MLI registered nothing');
      const form = await app.inject({
        method: 'PUT',
        url: `/api/v1/meetings/${MEETING}/delegations/SEN`,
        headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'persons=1',
      });
      assert.equal(form.statusCode, 415);
    });

    it('confirmed delegations feed the public meeting page: States and counts, never persons, beside the sourced figures', async () => {
      for (const c of ['SEN', 'GHA']) {
        const r = await api('editor of alpha', 'POST', `/api/v1/meetings/${MEETING}/delegations/${c}/decision`, {
          decision: 'confirmed',
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      const again = await api('admin', 'POST', `/api/v1/meetings/${MEETING}/delegations/SEN/decision`, {
        decision: 'confirmed',
      });
      assert.equal(again.status, 409);
      assert.ok((await audits('delegation.confirm')) >= 2);
      const a = await api('anonymous', 'GET', `/api/v1/meetings/${MEETING}/attendance`);
      assert.deepEqual(a.body.states, ['GHA', 'SEN']);
      assert.equal(a.body.confirmed, 2);
      assert.deepEqual(a.body.byEligibility, { member: 1, observer: 0, guest: 1 });
      for (const lang of ['en', 'fr', 'ar']) {
        const res = await app.inject({ method: 'GET', url: `/${lang}/meetings/${MEETING}` });
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /id="attendance-count"/);
        assert.match(res.body, lang === 'fr' ? /Sénégal/ : /id="attendance-states"/);
        assert.doesNotMatch(res.body, /ZQXPERSON|Person of/);
      }
      // The sourced figure is untouched: the meetings API says "not reported" as before.
      const m = await api('anonymous', 'GET', `/api/v1/meetings/${MEETING}`);
      assert.equal((m.body.represented as Json).basis, 'none');
      // A changed delegation waits for the secretariat again, and leaves the public attendance.
      const ch = await api('focal point of SEN (member)', 'PUT', `/api/v1/meetings/${MEETING}/delegations/SEN`, {
        persons: [
          { name: PERSON, function: 'Head of delegation' },
          { name: 'Second ZQXPERSON', function: 'Adviser' },
        ],
      });
      assert.equal(ch.body.status, 'pending');
      const a2 = await api('anonymous', 'GET', `/api/v1/meetings/${MEETING}/attendance`);
      assert.deepEqual(a2.body.states, ['GHA']);
      const back = await api('admin', 'POST', `/api/v1/meetings/${MEETING}/delegations/SEN/decision`, {
        decision: 'confirmed',
      });
      assert.equal(back.status, 200);
    });

    it('the pack: its exact size is announced, and unzip finds the agenda, the document and the delegations', async () => {
      const c = await api('focal point of FRA (observer)', 'GET', `/api/v1/meetings/${MEETING}/pack/contents`);
      const entries = c.body.entries as { path: string; size: number }[];
      assert.deepEqual(entries.map((e) => e.path).sort(), [
        'agenda.txt',
        'delegations.txt',
        'documents/doc-pack-test/declaration.pdf',
      ]);
      const z = await api('focal point of FRA (observer)', 'GET', `/api/v1/meetings/${MEETING}/pack`);
      assert.equal(z.status, 200);
      assert.equal(z.res.headers['content-type'], 'application/zip');
      assert.equal(Number(z.res.headers['content-length']), z.res.rawPayload.length);
      const dir = mkdtempSync(join(tmpdir(), 'iscm-pack-'));
      writeFileSync(join(dir, 'pack.zip'), z.res.rawPayload);
      execFileSync('unzip', ['-q', '-o', 'pack.zip', '-d', 'out'], { cwd: dir });
      const out = (p: string) => readFileSync(join(dir, 'out', p));
      assert.match(out('agenda.txt').toString(), /1\. Opening of the ministerial conference \(09:00\)/);
      assert.deepEqual(out('documents/doc-pack-test/declaration.pdf'), pdf);
      const fra = out('delegations.txt').toString();
      // FRA reads its own persons and the confirmed States, not SEN's persons.
      assert.match(fra, /Senegal \(SEN\) - confirmed, member/);
      assert.match(fra, /Person of FRA/);
      assert.doesNotMatch(fra, /ZQXPERSON/);
      const sec = await api('editor of alpha', 'GET', `/api/v1/meetings/${MEETING}/pack`);
      writeFileSync(join(dir, 'sec.zip'), sec.res.rawPayload);
      const list = execFileSync('unzip', ['-p', 'sec.zip', 'delegations.txt'], { cwd: dir }).toString();
      assert.match(list, /ZQXPERSON/, 'the secretariat reads the persons');
    });

    it('no person reaches the export; the delegations tables are private', async () => {
      for (const tbl of ['meeting_delegation', 'meeting_delegate_person', 'peer_query_reminder'])
        assert.ok(!(PUBLIC_TABLES as readonly string[]).includes(tbl));
      const out = mkdtempSync(join(tmpdir(), 'iscm-deleg-export-'));
      await exportTables(t.db, out, ['json', 'csv']);
      for (const f of readdirSync(out))
        assert.doesNotMatch(readFileSync(join(out, f), 'utf8'), /ZQXPERSON|Person of/, f);
      const sitemap = await app.inject({ method: 'GET', url: '/sitemap.xml' });
      assert.doesNotMatch(sitemap.body, /delegations/);
    });
  });
}
