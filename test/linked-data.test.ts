/**
 * Linked data on every page type (home, mechanism profile, country, meeting, series, document): each JSON-LD
 * block is parsed, and every node checked: an `@id` that is an absolute URL under the configured origin (never the
 * request's Host), the page's main node's `@id` its canonical link (without `?asOf`), every property used on a
 * type schema.org gives it and every value within the property's range (by a table of the schema.org terms used,
 * below: no maintained JSON-LD/schema.org validator works offline without a new dependency), memberships as
 * OrganizationRole with dates, meetings organised by their mechanism's node, ISO alpha-2 countries, names tagged
 * with the page's language (or English where only English exists), and no `sameAs` (the reference data holds no
 * Wikidata QID with a source).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadReference } from '../src/app.js';
import { allCountries } from '../src/registry/countries.js';
import { createTestDatabase, engines, type TestDatabase } from './helpers/db.js';

const ORIGIN = 'https://iscm.example.org';
const TAGS: Record<string, string> = { en: 'en', fr: 'fr', es: 'es', ar: 'ar', ru: 'ru', zh: 'zh-Hans' };

/** The schema.org types the pages use, each with its parents (schema.org's type hierarchy). */
const PARENTS: Record<string, string[]> = {
  Thing: [],
  Intangible: ['Thing'],
  Organization: ['Thing'],
  GovernmentOrganization: ['Organization'],
  Person: ['Thing'],
  Place: ['Thing'],
  AdministrativeArea: ['Place'],
  Country: ['AdministrativeArea'],
  Event: ['Thing'],
  Series: ['Intangible'],
  EventSeries: ['Event', 'Series'],
  Role: ['Intangible'],
  OrganizationRole: ['Role'],
  StructuredValue: ['Intangible'],
  ContactPoint: ['StructuredValue'],
  PostalAddress: ['ContactPoint'],
  VirtualLocation: ['Intangible'],
  CreativeWork: ['Thing'],
  WebSite: ['CreativeWork'],
  DigitalDocument: ['CreativeWork'],
  MediaObject: ['CreativeWork'],
};
const ancestors = (type: string): string[] => {
  const parents = PARENTS[type];
  assert.ok(parents, `@type ${type} is not a schema.org type this test knows`);
  return [type, ...parents.flatMap(ancestors)];
};
const typesOf = (node: Node): string[] => (Array.isArray(node['@type']) ? node['@type'] : [node['@type']]) as string[];
const isA = (node: Node, types: readonly string[]) =>
  typesOf(node).some((t) => ancestors(t).some((a) => types.includes(a)));

/**
 * The properties the pages use: where schema.org allows them (domain) and what they take (range). Ranges name
 * schema.org types, or the data types Text, URL, Date and Enum (a schema.org enumeration member's URL).
 */
const PROPS: Record<string, { domain: string[]; range: string[] }> = {
  name: { domain: ['Thing'], range: ['Text'] },
  alternateName: { domain: ['Thing'], range: ['Text'] },
  description: { domain: ['Thing'], range: ['Text'] },
  url: { domain: ['Thing'], range: ['URL'] },
  identifier: { domain: ['Thing'], range: ['Text', 'URL'] },
  legalName: { domain: ['Organization'], range: ['Text'] },
  foundingDate: { domain: ['Organization'], range: ['Date'] },
  member: { domain: ['Organization'], range: ['Organization', 'Person'] },
  memberOf: { domain: ['Organization', 'Person'], range: ['Organization'] },
  roleName: { domain: ['Role'], range: ['Text', 'URL'] },
  startDate: { domain: ['Role', 'Event'], range: ['Date'] },
  endDate: { domain: ['Role', 'Event'], range: ['Date'] },
  eventStatus: { domain: ['Event'], range: ['Enum'] },
  eventAttendanceMode: { domain: ['Event'], range: ['Enum'] },
  location: { domain: ['Event', 'Organization'], range: ['Place', 'PostalAddress', 'VirtualLocation', 'Text'] },
  organizer: { domain: ['Event'], range: ['Organization', 'Person'] },
  attendee: { domain: ['Event'], range: ['Organization', 'Person'] },
  superEvent: { domain: ['Event'], range: ['Event'] },
  subEvent: { domain: ['Event'], range: ['Event'] },
  address: { domain: ['Place', 'Organization'], range: ['PostalAddress', 'Text'] },
  addressLocality: { domain: ['PostalAddress'], range: ['Text'] },
  addressCountry: { domain: ['PostalAddress'], range: ['Country', 'Text'] },
  inLanguage: { domain: ['CreativeWork', 'Event'], range: ['Text'] },
  datePublished: { domain: ['CreativeWork'], range: ['Date'] },
  sourceOrganization: { domain: ['CreativeWork'], range: ['Organization'] },
  recordedAt: { domain: ['CreativeWork'], range: ['Event'] },
  encoding: { domain: ['CreativeWork'], range: ['MediaObject'] },
  contentUrl: { domain: ['MediaObject'], range: ['URL'] },
  encodingFormat: { domain: ['CreativeWork'], range: ['Text', 'URL'] },
  contentSize: { domain: ['MediaObject'], range: ['Text'] },
  sha256: { domain: ['MediaObject'], range: ['Text'] },
};
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

type Node = Record<string, unknown>;
interface Found {
  nodes: Node[];
  texts: { prop: string; language: string }[];
}

/** Check one node and everything below it (see PROPS); `roleOf`: the property a Role node stands in for. */
function check(node: Node, where: string, found: Found, roleOf?: string): void {
  assert.ok(typeof node['@type'] === 'string' || Array.isArray(node['@type']), `${where}: a node without @type`);
  const id = node['@id'];
  assert.equal(typeof id, 'string', `${where}: ${JSON.stringify(node['@type'])} node without @id`);
  assert.ok((id as string).startsWith(`${ORIGIN}/`), `${where}: @id ${String(id)} is not under ${ORIGIN}`);
  assert.equal(new URL(id as string).href, id, `${where}: @id ${String(id)} is not an absolute URL`);
  found.nodes.push(node);
  for (const [prop, raw] of Object.entries(node)) {
    if (prop.startsWith('@')) continue;
    const spec = PROPS[prop];
    assert.ok(spec, `${where}: property ${prop} is not one this test knows`);
    const here = `${where}.${prop}`;
    assert.ok(isA(node, spec.domain) || prop === roleOf, `${here}: not a property of ${JSON.stringify(node['@type'])}`);
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      if (v !== null && typeof v === 'object' && '@value' in v) {
        const value = v as { '@value': unknown; '@language': unknown };
        assert.ok(spec.range.includes('Text'), `${here}: a text where ${spec.range.join('|')} is expected`);
        assert.equal(typeof value['@value'], 'string', here);
        assert.ok((value['@value'] as string).length > 0, `${here}: empty text`);
        found.texts.push({ prop, language: String(value['@language']) });
      } else if (v !== null && typeof v === 'object') {
        const child = v as Node;
        if (isA(child, ['Role'])) {
          // the Role pattern: the role node carries the property it stands in for, whose value is in range
          assert.ok(child[prop], `${here}: a ${String(child['@type'])} without its ${prop}`);
          check(child, here, found, prop);
        } else {
          assert.ok(
            isA(child, spec.range),
            `${here}: ${JSON.stringify(child['@type'])} is outside ${spec.range.join('|')}`,
          );
          check(child, here, found);
        }
      } else if (typeof v === 'string') {
        const ok =
          (spec.range.includes('Text') && v.length > 0) ||
          (spec.range.includes('URL') && URL.canParse(v)) ||
          (spec.range.includes('Date') && DATE.test(v)) ||
          (spec.range.includes('Enum') && v.startsWith('https://schema.org/'));
        assert.ok(ok, `${here}: "${v}" is not a ${spec.range.join('|')}`);
      } else assert.fail(`${here}: ${JSON.stringify(v)} is not a node, a text or a string`);
    }
  }
}

for (const { engine, skip } of await engines()) {
  describe(`linked data on every page type (${engine})`, { skip }, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let ids: { meeting: string; mechanism: string; country: string; series: string; document: string };
    before(async () => {
      t = await createTestDatabase(engine);
      await loadReference(t.db);
      app = await buildApp({ database: t, publicUrl: ORIGIN, allowedHosts: ['localhost:80', 'mirror.example'] });
      const meeting = await t.db
        .selectFrom('meeting')
        .select(['id', 'mechanism_id', 'country_code'])
        .where('mechanism_id', 'is not', null)
        .where('country_code', 'is not', null)
        .where('online', '=', 0)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const document = await t.db
        .selectFrom('document')
        .innerJoin('document_mechanism', 'document_mechanism.document_id', 'document.id')
        .select('document.id')
        .where('document.meeting_id', 'is not', null)
        .orderBy('document.id')
        .executeTakeFirstOrThrow();
      ids = {
        meeting: meeting.id,
        mechanism: meeting.mechanism_id!,
        country: meeting.country_code!,
        series: (await t.db.selectFrom('meeting_series').select('id').orderBy('id').executeTakeFirstOrThrow()).id,
        document: document.id,
      };
    });
    after(async () => {
      await app.close();
      await t.dispose();
    });

    /** The page's JSON-LD blocks, parsed, with its canonical link; requested through a second allowed Host. */
    const blocks = async (path: string) => {
      const res = await app.inject({ method: 'GET', url: path, headers: { host: 'mirror.example' } });
      assert.equal(res.statusCode, 200, path);
      const canonical = /<link rel="canonical" href="([^"]+)"/.exec(res.body)?.[1];
      assert.ok(canonical, `${path}: no canonical link`);
      const found = [...res.body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
        (m) => JSON.parse(m[1]!) as Node,
      );
      assert.doesNotMatch(res.body, /mirror\.example/, `${path}: the request's Host is written`);
      return { canonical, found };
    };

    const PAGES = [
      { path: '/', type: 'WebSite' },
      { path: '/mechanisms/colombo-process', type: 'Organization' },
      { path: '/mechanisms/colombo-process?asOf=2015-01-01', type: 'Organization' },
      { path: '/countries/SEN', type: 'Country' },
      { path: () => `/countries/${ids.country}`, type: 'GovernmentOrganization' },
      { path: () => `/meetings/${ids.meeting}`, type: 'Event' },
      { path: '/meetings/grcp-8', type: 'Event' },
      { path: () => `/series/${ids.series}`, type: 'EventSeries' },
      { path: () => `/documents/${ids.document}`, type: 'CreativeWork' },
    ];
    const parsed = new Map<string, { node: Node; found: Found }>();
    const read = async (lang: string, path: string) => {
      const key = `/${lang}${path === '/' ? '/' : path}`;
      let r = parsed.get(key);
      if (!r) {
        const { canonical, found: list } = await blocks(key);
        assert.equal(list.length, 1, `${key}: ${list.length} JSON-LD blocks`);
        const node = list[0]!;
        assert.equal(node['@context'], 'https://schema.org', key);
        assert.equal(node['@id'], canonical.split('?')[0], `${key}: @id is not the canonical URL`);
        assert.equal(node['@id'], ORIGIN + key.split('?')[0], key);
        const found: Found = { nodes: [], texts: [] };
        check(node, key, found);
        r = { node, found };
        parsed.set(key, r);
      }
      return r;
    };

    it('every page type, in four languages: one block whose nodes all have an absolute canonical @id and stay within schema.org', async () => {
      for (const lang of ['en', 'fr', 'ar', 'zh'])
        for (const p of PAGES) {
          const path = typeof p.path === 'string' ? p.path : p.path();
          const { node, found } = await read(lang, path);
          assert.ok(isA(node, [p.type]), `/${lang}${path}: ${JSON.stringify(node['@type'])} is not a ${p.type}`);
          assert.ok(found.nodes.length >= 1);
          assert.ok(!('sameAs' in node), `/${lang}${path}: sameAs without a Wikidata QID in the data`);
          for (const text of found.texts)
            assert.ok(
              text.language === TAGS[lang] || text.language === 'en',
              `/${lang}${path}: ${text.prop} tagged ${text.language}`,
            );
          // the page's own name is in the page's language where the data has it (a country always has)
          if (path.startsWith('/countries/') || path === '/')
            assert.deepEqual((node.name as { '@language': string })['@language'], TAGS[lang], `/${lang}${path}`);
        }
    });

    it('every @id that names a page (no fragment) is that page: it answers 200', async () => {
      const pages = new Set<string>();
      for (const { found } of parsed.values())
        for (const n of found.nodes) {
          const id = n['@id'] as string;
          if (!id.includes('#') && !id.includes('/api/')) pages.add(id.slice(ORIGIN.length));
        }
      assert.ok(pages.size >= 20, `${pages.size} pages`);
      for (const path of pages) {
        const res = await app.inject({ method: 'GET', url: path });
        assert.equal(res.statusCode, 200, path);
      }
    });

    it('memberships are OrganizationRoles with roleName and dates, whose member is the country (a GovernmentOrganization) and back', async () => {
      const { node } = await read('fr', '/mechanisms/colombo-process');
      const roles = node.member as Node[];
      assert.ok(roles.length >= 10, `${roles.length} memberships`);
      for (const r of roles) {
        assert.equal(r['@type'], 'OrganizationRole');
        assert.ok((r['@id'] as string).startsWith(`${ORIGIN}/fr/mechanisms/colombo-process#`));
        assert.equal((r.roleName as { '@language': string })['@language'], 'fr');
        const m = r.member as Node;
        assert.deepEqual(m['@type'], ['Country', 'GovernmentOrganization']);
        assert.match(m['@id'] as string, /^https:\/\/iscm\.example\.org\/fr\/countries\/[A-Z]{3}$/);
      }
      assert.ok(
        roles.some((r) => typeof r.startDate === 'string'),
        'no membership has a start date',
      );
      // the French name of a member country, in French
      const lka = roles.find((r) => (r.member as Node)['@id'] === `${ORIGIN}/fr/countries/LKA`);
      assert.ok(lka, 'Sri Lanka is not a member');
      assert.deepEqual((lka.member as Node).name, { '@value': 'Sri Lanka', '@language': 'fr' });
      // the country page says the same from its side: memberOf roles naming the mechanism's @id
      const { node: country } = await read('fr', '/countries/LKA');
      const of = (country.memberOf as Node[]).filter(
        (r) => (r.memberOf as Node)['@id'] === `${ORIGIN}/fr/mechanisms/colombo-process`,
      );
      assert.ok(of.length >= 1, 'the country page does not name the Colombo Process');
      assert.ok(of.every((r) => r['@type'] === 'OrganizationRole' && r.roleName));
    });

    it('a meeting is organised by its mechanism (its @id), in a Place whose addressCountry is ISO alpha-2', async () => {
      const { node } = await read('en', `/meetings/${ids.meeting}`);
      const organizers = (Array.isArray(node.organizer) ? node.organizer : [node.organizer]) as Node[];
      assert.ok(
        organizers.some((o) => o['@id'] === `${ORIGIN}/en/mechanisms/${ids.mechanism}`),
        `organizers: ${JSON.stringify(organizers)}`,
      );
      const mechanism = await read('en', `/mechanisms/${ids.mechanism}`);
      assert.equal(mechanism.node['@id'], `${ORIGIN}/en/mechanisms/${ids.mechanism}`, 'the same @id on both pages');
      const place = node.location as Node;
      assert.equal(place['@type'], 'Place');
      const address = place.address as Node;
      const alpha2 = allCountries().find((c) => c.code === ids.country)!.alpha2;
      assert.equal(address.addressCountry, alpha2);
      assert.match(String(address.addressCountry), /^[A-Z]{2}$/);
      // every meeting of every page type writes alpha-2
      for (const { found } of parsed.values())
        for (const n of found.nodes)
          if (n.addressCountry !== undefined) assert.match(n.addressCountry as string, /^[A-Z]{2}$/);
    });

    it('a global meeting belongs to its series, and the series lists its editions by their @id', async () => {
      const { node } = await read('en', '/meetings/grcp-8');
      const series = node.superEvent as Node;
      assert.equal(series['@type'], 'EventSeries');
      const { node: s } = await read('en', String(series['@id']).slice(`${ORIGIN}/en`.length));
      const editions = (s.subEvent as Node[]).map((e) => e['@id']);
      assert.ok(editions.includes(`${ORIGIN}/en/meetings/grcp-8`), 'the series does not list GRCP 8');
    });

    it('a document is a CreativeWork of its mechanism, from its meeting, in its languages', async () => {
      const { node } = await read('es', `/documents/${ids.document}`);
      assert.ok(isA(node, ['CreativeWork']));
      const orgs = node.sourceOrganization as Node[];
      assert.ok(orgs.length >= 1);
      for (const o of orgs)
        assert.match(String(o['@id']), /^https:\/\/iscm\.example\.org\/es\/mechanisms\/[a-z0-9-]+$/);
      assert.match(String((node.recordedAt as Node)['@id']), /^https:\/\/iscm\.example\.org\/es\/meetings\//);
    });
  });
}
