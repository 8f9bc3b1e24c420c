/**
 * The scale benchmark's code at a small size (issue 16, item 4): the synthetic dataset (bench/synthetic/generate.ts)
 * at N = 2, validated and loaded through the normal load path on SQLite and PostgreSQL; then the stats, the
 * overlaps (API and page), profiles and country pages at several dates, the figures compared with model.ts's
 * rules and a pair-by-pair overlap count computed here from the generated files (no timing: bench/scale.ts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, checkReference, loadReference } from '../src/app.js';
import { countryCounts, holdsAt, maxOver, mechanismAt, type MechanismHistory } from '../src/registry/model.js';
import { RegistryService } from '../src/registry/service.js';
import { generateSynthetic } from '../bench/synthetic/generate.js';
import { createTestDatabase, engines, type TestDatabase } from './helpers/db.js';

const dir = mkdtempSync(join(tmpdir(), 'iscm-scale-test-'));
const counts = generateSynthetic(dir, 2, 7);
const read = <T>(file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;

interface Rec {
  id: string;
  established: number | null;
  levels: { level: string; start: string | null; end: string | null; end_not_before: string | null }[];
  statuses: { status: string; start: string | null; end: string | null; end_not_before: string | null }[];
}
interface Row {
  mechanism: string;
  country: string | null;
  organization: string | null;
  party_label: string | null;
  role: string;
  start: string | null;
  end: string | null;
  end_not_before: string | null;
  first_attested: string | null;
  verification: string;
  via_group: string | null;
}
const mechanisms = read<Rec[]>('mechanisms.json');
const rows = read<Row[]>('participation.json');
const histories: MechanismHistory[] = mechanisms.map((m) => ({
  id: m.id,
  established: m.established,
  levels: m.levels.map((l) => ({ value: l.level, start: l.start, end: l.end, end_not_before: l.end_not_before })),
  statuses: m.statuses.map((s) => ({ value: s.status, start: s.start, end: s.end, end_not_before: s.end_not_before })),
}));
const facts = rows.map((r) => ({ ...r, mechanism_id: r.mechanism, country_code: r.country }));
const established = new Map(mechanisms.map((m) => [m.id, m.established]));

/** Every pair sharing a member at the date, compared set by set (the definition, at no speed). */
function pairsAt(at: string) {
  const sets = histories
    .filter((h) => mechanismAt(h, at).status !== null)
    .map((h) => ({
      id: h.id,
      parties: new Set(
        rows
          .filter((r) => r.mechanism === h.id && r.role === 'member' && holdsAt(r, at, established.get(h.id)!) !== null)
          .map((r) => r.country ?? r.organization ?? `?${r.party_label}`),
      ),
    }))
    .filter((s) => s.parties.size > 0)
    .sort((a, b) => a.id.localeCompare(b.id));
  const pairs = [];
  for (let i = 0; i < sets.length; i++)
    for (let j = i + 1; j < sets.length; j++) {
      const a = sets[i]!;
      const b = sets[j]!;
      const shared = [...a.parties].filter((p) => b.parties.has(p)).sort();
      if (shared.length === 0) continue;
      const jaccard = Math.round((shared.length / (a.parties.size + b.parties.size - shared.length)) * 1000) / 1000;
      pairs.push({ a: a.id, b: b.id, shared: shared.length, jaccard, parties: shared });
    }
  return pairs.sort((x, y) => y.shared - x.shared || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}

const DATES = ['1995-06-30', '2004-02-29', '2012-11-05', '2019-04-05', '2026-01-01'];

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

describe('the synthetic dataset', () => {
  it('is reproducible from its seed, marked synthetic, and sourced on every row', () => {
    const again = mkdtempSync(join(tmpdir(), 'iscm-scale-again-'));
    try {
      generateSynthetic(again, 2, 7);
      for (const f of ['mechanisms.json', 'participation.json', 'meetings.json', 'sources.json', 'snapshots.json'])
        assert.equal(readFileSync(join(again, f), 'utf8'), readFileSync(join(dir, f), 'utf8'), f);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
    assert.equal(counts.mechanisms, 90);
    assert.ok(counts.participation > 1500 && counts.participation < 2500, `${counts.participation} rows`);
    assert.equal(counts.meetings, 300);
    assert.ok(mechanisms.every((m, i) => m.id === `syn-${String(i + 1).padStart(4, '0')}`));
    assert.ok(rows.every((r) => (r as unknown as { sources: string[] }).sources.length > 0));
    const urls = read<{ url: string }[]>('sources.json').map((s) => s.url);
    assert.ok(urls.every((u) => u.startsWith('https://synthetic.invalid/')));
    // Overlaps exist: at a recent date, many pairs share members, and some country is in many mechanisms.
    assert.ok(pairsAt('2020-01-01').length > 100);
    assert.ok(maxOver(countryCounts(histories, facts, '2020-01-01', ['member']), 'mechanisms').value >= 5);
  });

  it('passes the validation of `iscm check`', () => {
    const ds = checkReference(dir);
    assert.equal(ds.registry.mechanisms.length, counts.mechanisms);
    assert.equal(ds.registry.participation.length, counts.participation);
    assert.equal(ds.meetings.meetings.length, counts.meetings);
  });
});

for (const { engine, skip } of await engines()) {
  describe(`the synthetic dataset at N = 2 on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, `${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res;
    };
    const json = async <T>(url: string) => JSON.parse((await get(url)).body) as T;

    before(async () => {
      t = await createTestDatabase(engine);
      const s = await loadReference(t.db, dir);
      assert.equal(s.registry.mechanismsInserted, counts.mechanisms);
      assert.equal(s.registry.participationInserted, counts.participation);
      assert.equal(s.meetings.inserted, counts.meetings);
      app = await buildApp({ database: t });
    });
    after(async () => {
      await app?.close();
      await t?.dispose();
    });

    it('holds every record it was given', async () => {
      const count = async (table: 'mechanism' | 'participation' | 'meeting') =>
        Number(
          (
            await t.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      assert.equal(await count('mechanism'), counts.mechanisms);
      assert.equal(await count('participation'), counts.participation);
      assert.equal(await count('meeting'), counts.meetings);
    });

    it('gives the stats of model.ts at every date', async () => {
      for (const at of DATES) {
        type Stats = {
          activeMechanisms: { value: number };
          countriesMembers: { value: number; known: number };
          countriesEngaged: { value: number };
          maxMechanismsPerCountry: {
            value: number;
            countries: { code: string; mechanisms: string[]; known: string[] }[];
            variants: { basis: string; value: number; countries: string[] }[];
            top: { code: string; count: number; known: number; sourced: number }[];
          };
        };
        const s = await json<Stats>(`/api/v1/stats?asOf=${at}`);
        const members = countryCounts(histories, facts, at, ['member']);
        const engaged = countryCounts(histories, facts, at, ['member', 'observer', 'partner', 'secretariat', 'chair']);
        assert.equal(s.countriesMembers.value, members.length, at);
        assert.equal(s.countriesMembers.known, members.filter((c) => c.known.length > 0).length, at);
        assert.equal(s.countriesEngaged.value, engaged.length, at);
        const sourced = maxOver(members, 'sourced');
        assert.equal(s.maxMechanismsPerCountry.value, sourced.value, at);
        assert.deepEqual(
          s.maxMechanismsPerCountry.countries,
          sourced.countries.map((code) => {
            const c = members.find((m) => m.country === code)!;
            return { code, mechanisms: c.sourced, known: c.known };
          }),
        );
        assert.deepEqual(
          s.maxMechanismsPerCountry.variants.map(({ basis, value, countries }) => ({ basis, value, countries })),
          [
            { basis: 'all-rows', ...maxOver(members, 'mechanisms') },
            { basis: 'sourced-rows', ...sourced },
            { basis: 'dated-rows', ...maxOver(members, 'known') },
          ],
        );
        assert.deepEqual(
          s.maxMechanismsPerCountry.top,
          members.slice(0, 15).map((c) => ({
            code: c.country,
            count: c.mechanisms.length,
            known: c.known.length,
            sourced: c.sourced.length,
          })),
        );
        if (at >= '2004-01-01') assert.ok(s.activeMechanisms.value > 10, `${at}: ${s.activeMechanisms.value} active`);
      }
    });

    it('lists the overlaps pair by pair, by pages, as the definition gives them', async () => {
      for (const at of DATES) {
        const all = pairsAt(at);
        type Page = { total: number; items: unknown[]; nextCursor: string | null };
        const first = await json<Page>(`/api/v1/overlaps?asOf=${at}&limit=50`);
        assert.equal(first.total, all.length, at);
        // The overlaps page's first pairs, counted without keeping the table (a service of its own: no table kept).
        assert.deepEqual((await new RegistryService(t.db).overlapTop(at, 'member', 15)).slice(0, 15), all.slice(0, 15));
        assert.deepEqual(first.items, all.slice(0, 50), at);
        if (first.nextCursor) {
          const second = await json<Page>(`/api/v1/overlaps?asOf=${at}&limit=50&cursor=${first.nextCursor}`);
          assert.deepEqual(second.items, all.slice(50, 100), at);
        }
      }
    });

    it('gives each profile the first five overlaps naming it', async () => {
      const service = new RegistryService(t.db);
      for (const at of DATES) {
        const all = pairsAt(at);
        for (const m of mechanisms.slice(0, 30)) {
          const expected = all.filter((p) => p.a === m.id || p.b === m.id).slice(0, 5);
          assert.deepEqual(await service.memberOverlapsOf(m.id, at, 5), expected, `${m.id} at ${at}`);
        }
      }
    });

    it('renders the overlaps page, profiles and country pages at any date', async () => {
      for (const at of DATES) {
        const page = (await get(`/en/overlaps?asOf=${at}`)).body;
        const top = pairsAt(at)[0];
        if (top) assert.ok(page.includes(`/en/mechanisms/${top.a}?asOf=${at}`), at);
        // 90 mechanisms: past 60 with members, the matrix shows the 60 with the most and says so.
        const withMembers = new Set(pairsAt(at).flatMap((p) => [p.a, p.b])).size;
        if (withMembers > 60) assert.match(page, /The matrix shows the mechanisms with the most members/);
        const id = mechanisms[Number(at.slice(2, 4)) % mechanisms.length]!.id;
        const profile = (await get(`/en/mechanisms/${id}?asOf=${at}`)).body;
        assert.ok(profile.includes(`Synthetic process ${id.slice(4)}`), `${id} at ${at}`);
        const code = rows.find((r) => r.country !== null && r.mechanism === id)!.country!;
        const country = (await get(`/en/countries/${code}?asOf=${at}`)).body;
        assert.ok(country.includes(`/en/mechanisms/${id}`), `${code} at ${at}`);
      }
    });

    it('pages a long participation list and lists the latest meetings of a country, without JavaScript', async () => {
      const at = '2026-01-01';
      const perCountry = new Map<string, number>();
      for (const r of rows) if (r.country) perCountry.set(r.country, (perCountry.get(r.country) ?? 0) + 1);
      const [code, total] = [...perCountry].sort((a, b) => b[1] - a[1])[0]!;
      assert.ok(total > 30, `${code}: ${total} rows`);
      const links = (html: string) =>
        [...html.matchAll(/<a href="\/en\/mechanisms\/(syn-\d+)\?asOf=2026-01-01"/g)].map((m) => m[1]!);
      const mechanismsOf = new Set(rows.filter((r) => r.country === code).map((r) => r.mechanism));
      const first = (await get(`/en/countries/${code}?asOf=${at}`)).body;
      assert.match(first, new RegExp(`Rows 1–30 of ${total}`));
      assert.ok(first.includes(`href="/en/countries/${code}?asOf=${at}&amp;page=2"`));
      assert.ok(first.includes(`href="/en/countries/${code}?asOf=${at}&amp;page=all"`));
      assert.equal(links(first).length, 30);
      const pages = [first];
      for (let p = 2; p <= Math.ceil(total / 30); p++)
        pages.push((await get(`/en/countries/${code}?asOf=${at}&page=${p}`)).body);
      const all = (await get(`/en/countries/${code}?asOf=${at}&page=all`)).body;
      assert.match(all, new RegExp(`All ${total} rows`));
      // The pages together show every row once, in the order of the whole list, which names every mechanism.
      assert.deepEqual(pages.flatMap(links), links(all));
      assert.equal(links(all).length, total);
      assert.deepEqual(new Set(links(all)), mechanismsOf);
      const bad = await app.inject({ method: 'GET', url: `/en/countries/${code}?page=zero` });
      assert.equal(bad.statusCode, 400);
      // Meetings: past 20, the latest 20 and a link to the calendar filtered by the country.
      const meetings = read<{ meetings: { country: string | null; participants: { country: string | null }[] }[] }>(
        'meetings.json',
      ).meetings;
      const meetingsOf = (c: string) =>
        meetings.filter((m) => m.country === c || m.participants.some((p) => p.country === c)).length;
      const busiest = [...new Set(rows.map((r) => r.country).filter((c): c is string => c !== null))]
        .map((c) => [c, meetingsOf(c)] as const)
        .sort((a, b) => b[1] - a[1])[0]!;
      assert.ok(busiest[1] > 20, `${busiest[0]}: ${busiest[1]} meetings`);
      const page = (await get(`/en/countries/${busiest[0]}`)).body;
      assert.match(page, new RegExp(`The 20 latest of ${busiest[1]} meetings`));
      assert.ok(page.includes(`href="/en/meetings?country=${busiest[0]}"`));
      await get(`/en/meetings?country=${busiest[0]}`);
    });
  });
}
