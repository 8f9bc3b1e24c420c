/** Meetings pages over HTTP with the bundled data: the global series, GRCP 8, the recent-activity flag. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../src/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

describe('meetings pages', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    t = await createTestDatabase('sqlite');
    await loadReference(t.db);
    app = await buildApp({ database: t });
  });
  after(async () => {
    await app.close();
    await t.dispose();
  });
  const page = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, `${url}: ${res.statusCode}`);
    return res.body;
  };
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('the global meeting series page shows GRCP 1–10 with their sources', async () => {
    const html = await page('/en/series/global-iscm-meetings');
    for (let n = 1; n <= 10; n++) assert.match(html, new RegExp(`href="/en/meetings/grcp-${n}"`), `GRCP ${n} missing`);
    assert.match(html, /<h2 id="sources">Sources<\/h2>/);
    const rows = html.split('<tbody>')[1]!.split('</tbody>')[0]!.split('<tr>').slice(1);
    assert.equal(rows.length >= 10, true);
    for (const r of rows) assert.match(r, /href="#sources">\[\d/, 'every edition cites a source');
  });

  it('the GRCP 8 page says 28 mechanisms, as reported, with its source', async () => {
    const html = await page('/en/meetings/grcp-8');
    assert.match(text(html), /Mechanisms represented 28 \(as reported\) — Source \[\d+\]/);
    assert.match(html, /iom-hosts-global-meeting-inter-state-consultation-mechanisms-migration/);
    assert.match(html, /"@type":"Event"/);
    const fr = await page('/fr/meetings/grcp-8');
    assert.match(text(fr), /Mécanismes représentés 28 \(selon la source\)/);
  });

  it('GRCP 7 keeps both counts the sources give', async () => {
    assert.match(text(await page('/en/meetings/grcp-7')), /Sources disagree: (22 \/ 19|19 \/ 22)/);
  });

  it('a mechanism profile gives its last recorded meeting and the recent-activity flag with its rule', async () => {
    const html = text(await page('/en/mechanisms/prague-process?asOf=2023-01-01'));
    assert.match(html, /Last recorded meeting: /);
    assert.doesNotMatch(html, /No recent activity recorded/);
    // By 2030 nothing later is recorded; the Prague Process's record is known to be incomplete, so the page says so.
    const later = text(await page('/en/mechanisms/prague-process?asOf=2030-01-01'));
    assert.doesNotMatch(later, /No recent activity recorded/);
    assert.match(later, /The meeting record is incomplete: the last meeting recorded here is [^.]*2023\)\./);
    // MIDCAS (dormant since 2016; no research says its record is incomplete) keeps the flag and its rule.
    const midcas = text(await page('/en/mechanisms/midcas'));
    assert.match(midcas, /No recent activity recorded A mechanism is flagged/);
  });

  it('the calendar lists upcoming and past meetings and links the feeds', async () => {
    const html = await page('/es/meetings');
    assert.match(html, /<caption id="past">Pasadas/);
    assert.match(html, /href="\/calendar\/meetings\.ics"/);
    const filtered = await page('/en/meetings?series=global-iscm-meetings');
    assert.ok((filtered.match(/href="\/en\/meetings\/grcp-/g) ?? []).length >= 10);
    const bad = await app.inject({ method: 'GET', url: '/en/meetings?kind=party' });
    assert.equal(bad.statusCode, 400);
  });
});
