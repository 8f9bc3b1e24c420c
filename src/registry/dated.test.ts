import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { MINI } from '../../test/helpers/reference.js';
import { MeetingsService } from '../meetings/service.js';
import { formatDate } from '../web/format.js';
import { RegistryService } from './service.js';

const day = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** A change date as the first day it takes effect ("2020-05-31~": the day after). */
const effective = (c: string) => (c.endsWith('~') ? day(c.slice(0, 10), 1) : c);
const validDay = (c: string) =>
  !Number.isNaN(Date.parse(`${c.slice(0, 10)}T00:00:00Z`)) && c.slice(0, 10).length === 10;

describe('any date from its interval (http/dated.ts), SQLite', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let full: FastifyInstance;
  let changes: string[];
  const id = 'alpha-process';
  const page = (d: string) => `/en/mechanisms/${id}?asOf=${d}`;
  const api = (d: string) => `/api/v1/mechanisms/${id}?asOf=${d}`;
  const body = async (a: FastifyInstance, url: string) => {
    const r = await a.inject(url);
    assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
    return r.body;
  };

  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db, MINI);
    app = await buildApp({ database: t });
    full = await buildApp({ database: t, datedTemplates: false });
    const registry = new RegistryService(t.db);
    const own = [
      ...(await registry.mechanismChangeDates(id)),
      ...(await new MeetingsService(t.db, registry).mechanismChangeDates(id)),
    ];
    changes = [...new Set(own.filter(validDay).map(effective))]
      .filter((d) => d >= '1980-01-01' && d <= '2040-12-31')
      .sort();
    assert.ok(changes.length >= 3, `${id} has change dates: ${changes.join(' ')}`);
  });
  after(async () => {
    await app.close();
    await full.close();
    await t.dispose();
  });

  it('gives two dates of one interval the same answer, each showing its own date', async () => {
    // an interval of at least three days between two change dates
    const i = changes.findIndex((c, k) => k + 1 < changes.length && day(c, 3) < changes[k + 1]!);
    assert.ok(i >= 0);
    const [d1, d2] = [day(changes[i]!, 1), day(changes[i]!, 2)];
    const [a1, a2] = [JSON.parse(await body(app, api(d1))), JSON.parse(await body(app, api(d2)))] as {
      asOf: string;
    }[];
    assert.equal(a1!.asOf, d1);
    assert.equal(a2!.asOf, d2);
    assert.deepEqual({ ...a1, asOf: null }, { ...a2, asOf: null });
    const [p1, p2, p3] = [
      await body(app, page(d1)),
      await body(app, page(d2)),
      await body(app, page(day(changes[i]!, 3))),
    ];
    assert.match(p1, new RegExp(`value="${d1}"`));
    assert.match(p2, new RegExp(`value="${d2}"`));
    assert.doesNotMatch(p2, new RegExp(`asOf=${d1}`));
    const generic = (html: string, d: string) => html.split(formatDate(d, 'en')).join('DATE').split(d).join('D');
    assert.equal(generic(p2, d2), generic(p1, d1));
    assert.match(p3, new RegExp(`value="${day(changes[i]!, 3)}"`));
    assert.ok(app.responseCache.dated.stats.fromTemplate > 0, 'the third date was written from a template');
  });

  it('answers a date on a change boundary apart from the day before', async () => {
    let differing = 0;
    for (const c of changes) {
      const [before, on] = [JSON.parse(await body(app, api(day(c, -1)))), JSON.parse(await body(app, api(c)))] as {
        asOf: string;
      }[];
      if (JSON.stringify({ ...before, asOf: null }) !== JSON.stringify({ ...on, asOf: null })) differing++;
    }
    assert.ok(differing > 0, 'some change date changes the profile');
  });

  it('gives the same bytes as computing every date in full, on and around every change date', async () => {
    // kept short for CI: a page costs a few ms; the French page shows another long form of the date
    const dates = changes.slice(0, 8).flatMap((c) => [day(c, -1), c, day(c, 1), day(c, 5)]);
    for (const [k, d] of [...dates, ...dates.reverse()].entries()) {
      for (const url of [api(d), k % 2 ? page(d) : `/fr/mechanisms/${id}?asOf=${d}`]) {
        assert.equal(await body(app, url), await body(full, url), url);
      }
    }
    assert.ok(app.responseCache.dated.stats.fromTemplate > dates.length, JSON.stringify(app.responseCache.dated.stats));
    assert.equal(full.responseCache.dated.stats.fromTemplate, 0);
  });
  it('names each answer from a template with one ETag: the same for the same date, another for another date, 304 on a match', async () => {
    const i = changes.findIndex((c, k) => k + 1 < changes.length && day(c, 6) < changes[k + 1]!);
    assert.ok(i >= 0);
    const dates = [1, 2, 3, 4].map((n) => day(changes[i]!, n));
    for (const d of dates) await body(app, api(d)); // the interval's template is kept by the second date
    const before = app.responseCache.dated.stats.fromTemplate;
    const [a, b] = [await app.inject(api(dates[2]!)), await app.inject(api(dates[2]!))];
    const other = await app.inject(api(dates[3]!));
    assert.ok(app.responseCache.dated.stats.fromTemplate >= before + 3, 'the three answers came from a template');
    assert.match(String(a.headers.etag), /^"t[\w+/=]+"$/);
    assert.equal(a.headers.etag, b.headers.etag);
    assert.notEqual(a.headers.etag, other.headers.etag);
    const cached = await app.inject({ url: api(dates[2]!), headers: { 'if-none-match': String(a.headers.etag) } });
    assert.equal(cached.statusCode, 304);
    const stale = await app.inject({ url: api(dates[3]!), headers: { 'if-none-match': String(a.headers.etag) } });
    assert.equal(stale.statusCode, 200);
    assert.equal(stale.body, other.body);
  });
});
