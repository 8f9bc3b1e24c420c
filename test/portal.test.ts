/** The portal over HTTP (no browser): weights, compression, caching, redirects, sitemap, 404s. */
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../src/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

describe('portal over HTTP', () => {
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

  const compressed = async (url: string, encoding: 'br' | 'gzip') => {
    const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': encoding } });
    assert.equal(res.statusCode, 200, url);
    assert.equal(res.headers['content-encoding'], encoding, `${url} is not compressed`);
    return res;
  };

  it('the home page with its map and stylesheet weighs ≤ 50 KB compressed', async () => {
    for (const lang of ['en', 'fr', 'es']) {
      const html = await compressed(`/${lang}/`, 'gzip');
      const css = (/href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(gunzipText(html.rawPayload)) ?? [])[1];
      assert.ok(css, 'no stylesheet link');
      const cssRes = await compressed(css, 'gzip');
      const total = html.rawPayload.length + cssRes.rawPayload.length;
      assert.ok(total <= 50 * 1024, `${lang} home page: ${total} bytes gzip`);
    }
  });

  it('pages are compressed with brotli too, and carry cache headers and ETags', async () => {
    const res = await compressed('/en/mechanisms/colombo-process', 'br');
    assert.match(brotliDecompressSync(res.rawPayload).toString('utf8'), /^<!doctype html><html lang="en" dir="ltr">/);
    assert.match(String(res.headers['cache-control']), /public, max-age=\d+, s-maxage=\d+, stale-while-revalidate=/);
    assert.ok(res.headers.etag);
    const again = await app.inject({
      method: 'GET',
      url: '/en/mechanisms/colombo-process',
      headers: { 'if-none-match': String(res.headers.etag), 'accept-encoding': 'br' },
    });
    assert.equal(again.statusCode, 304);
    const css = await app.inject({
      method: 'GET',
      url: /href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(brotliDecompressSync(res.rawPayload).toString())![1]!,
    });
    assert.match(String(css.headers['cache-control']), /immutable/);
  });

  it('/ sends the visitor to their language', async () => {
    const res = await app.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'es-ES,es;q=0.9' } });
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/es/');
  });

  it('aliases and former names redirect to the canonical page, keeping language and date', async () => {
    const res = await app.inject({ method: 'GET', url: '/fr/mechanisms/puebla-process?asOf=2010-01-01' });
    assert.equal(res.statusCode, 301);
    assert.equal(res.headers.location, '/fr/mechanisms/regional-conference-on-migration?asOf=2010-01-01');
    const lower = await app.inject({ method: 'GET', url: '/en/countries/sen' });
    assert.equal(lower.statusCode, 301);
    assert.equal(lower.headers.location, '/en/countries/SEN');
  });

  it("answers 404 in the visitor's language, and 400 naming a bad parameter", async () => {
    const fr = await app.inject({ method: 'GET', url: '/fr/mechanisms/no-such-process' });
    assert.equal(fr.statusCode, 404);
    assert.match(fr.body, /<html lang="fr" dir="ltr">/);
    assert.match(fr.body, /Page introuvable/);
    const other = await app.inject({ method: 'GET', url: '/nothing/here', headers: { 'accept-language': 'es' } });
    assert.equal(other.statusCode, 404);
    assert.match(other.body, /<html lang="es" dir="ltr">/);
    const bad = await app.inject({ method: 'GET', url: '/en/mechanisms?asOf=2019-02-30' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /asOf/);
    const badLevel = await app.inject({ method: 'GET', url: '/en/mechanisms?level=national' });
    assert.equal(badLevel.statusCode, 400);
    assert.match(badLevel.body, /level/);
    const badYear = await app.inject({ method: 'GET', url: '/en/map?year=1800' });
    assert.equal(badYear.statusCode, 400);
  });

  it('the sitemap lists every page in three languages with alternates', async () => {
    const res = await app.inject({ method: 'GET', url: '/sitemap.xml' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<loc>http:\/\/localhost(:\d+)?\/fr\/mechanisms\/colombo-process<\/loc>/);
    assert.match(res.body, /hreflang="es" href="[^"]+\/es\/countries\/SEN"/);
    const locs = res.body.match(/<loc>/g)?.length ?? 0;
    assert.ok(locs >= 3 * (7 + 45 + 250), `${locs} urls`);
  });

  it('profiles carry JSON-LD and Open Graph tags', async () => {
    const m = await app.inject({ method: 'GET', url: '/en/mechanisms/rabat-process' });
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(m.body)![1]!) as {
      '@type': string;
      name: unknown;
      legalName: unknown[];
    };
    assert.equal(ld['@type'], 'Organization');
    // Titled by the name people use; the official name is the legal name (names carry their language).
    assert.deepEqual(ld.name, { '@value': 'Rabat Process', '@language': 'en' });
    assert.deepEqual(ld.legalName[0], {
      '@value': 'Euro-African Dialogue on Migration and Development (Rabat Process)',
      '@language': 'en',
    });
    assert.match(m.body, /<meta property="og:title" content="Rabat Process"/);
    const c = await app.inject({ method: 'GET', url: '/es/countries/SEN' });
    assert.match(c.body, /"@type":\["Country","GovernmentOrganization"\]/);
  });

  it('falls back to English content with a marker, and marks unverified facts', async () => {
    const res = await app.inject({ method: 'GET', url: '/fr/mechanisms/eu-celac-migration-dialogue' });
    assert.match(res.body, /<(span|div) lang="en" class="fallback">/);
    assert.match(res.body, /\(en anglais\)/);
    assert.match(res.body, /class="badge unverified"[^>]*>Non vérifié</);
  });
});

function gunzipText(buf: Buffer): string {
  // the gzip body: inflate it to read the stylesheet link
  return gunzipSync(buf).toString('utf8');
}
