/** Public pages under /{lang}/…: parse and check the query, call the service, render. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ResponseCache } from '../../http/cache.js';
import { negotiate, type Lang } from '../../web/i18n.js';
import { Fill, href, SLOT } from '../../web/layout.js';
import { WorldMap, type MapDatum } from '../../web/map.js';
import { formatDate, regionName } from '../../web/format.js';
import { pageErrorHandler } from '../../web/errors.js';
import { pageContext, pageDateForms, registerPage, renderPage } from '../../web/render.js';
import { withoutDate, type DatedKey } from '../../http/dated.js';
import { pageRows, rowsPageOf } from '../../web/rows-pager.js';
import { allCountries, countryNames, neighbours } from '../countries.js';
import { isFullDate, today } from '../model.js';
import { profileSections, type ProfileSections } from '../../feature.js';
import { BadParameter, Moved } from '../../http/errors.js';
import { RegistryService } from '../service.js';
import { CountriesPage, CountryPage } from './countries.js';
import { localName, MechanismName } from './parts.js';
import { HomePage } from './home.js';
import { choroplethMap, MapPage } from './map.js';
import { MechanismPage } from './mechanism.js';
import { MechanismsPage, SORTS, type Sort } from './mechanisms.js';
import { OverlapsPage } from './overlaps.js';
import { ThemesPage } from './themes.js';
import { TimelinePage } from './timeline.js';

type Query = Record<string, string | undefined>;

/** A country page lists this many participation rows a page (at 1× every country's fit on one). */
export const COUNTRY_ROWS = 30;

function one(q: Query, name: string): string | undefined {
  const v = q[name];
  return v === undefined || v === '' ? undefined : String(v);
}

function asOfOf(q: Query): { asOf: string; asOfGiven: boolean } {
  const v = one(q, 'asOf');
  if (v === undefined) return { asOf: today(), asOfGiven: false };
  if (!isFullDate(v)) throw new BadParameter('asOf', `asOf "${v}" is not a calendar date (YYYY-MM-DD)`);
  return { asOf: v, asOfGiven: true };
}

function oneOf<T extends string>(q: Query, name: string, allowed: readonly T[]): T | undefined {
  const v = one(q, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw new BadParameter(name, `${name} "${v}" is not one of ${allowed.join(', ')}`);
  return v as T;
}

export const registryPages =
  (
    service: RegistryService,
    /** The other features' sections on a mechanism's or a country's profile (given by src/app.ts). */
    sections: () => readonly ProfileSections[],
    cache: ResponseCache,
  ): FastifyPluginAsync =>
  async (app) => {
    const page = (
      path: string,
      build: (req: FastifyRequest, lang: Lang) => Promise<string>,
      dated?: (req: FastifyRequest, lang: Lang) => Promise<DatedKey | null>,
    ) => registerPage(app, cache, path, build, dated);
    /** The five mechanisms sharing the most members with `id` at the date (the profile lists them). */
    const topOverlaps = async (id: string, asOf: string) => {
      const [items, names] = await Promise.all([service.memberOverlapsOf(id, asOf, 5), mechanismNames()]);
      return items.map((p) => {
        const other = p.a === id ? p.b : p.a;
        return { id: other, name: names.get(other) ?? other, shared: p.shared, jaccard: p.jaccard };
      });
    };
    const mechanismNames = () => service.mechanismNames();

    page('/', async (req, lang) => {
      const ctx = pageContext(req, lang);
      const { asOf } = asOfOf(req.query as Query);
      const [stats, names, counts] = await Promise.all([
        service.stats(asOf),
        mechanismNames(),
        service.memberCounts(asOf),
      ]);
      const cn = countryNames(lang);
      const data: MapDatum[] = allCountries().map((c) => ({
        code: c.code,
        name: cn.get(c.code) ?? c.code,
        value: counts.get(c.code) ?? 0,
      }));
      return renderPage(
        <HomePage
          ctx={ctx}
          stats={stats}
          names={names}
          countryNames={cn}
          map={choroplethMap(ctx, data, asOf, 'home-map')}
        />,
      );
    });

    page('/mechanisms', async (req, lang) => {
      const q = req.query as Query;
      const { asOf, asOfGiven } = asOfOf(q);
      const query = {
        asOf,
        asOfGiven,
        level: oneOf(q, 'level', ['rcp', 'irf', 'global'] as const),
        status: oneOf(q, 'status', ['active', 'dormant', 'concluded', 'not-established'] as const),
        region: one(q, 'region'),
        theme: one(q, 'theme'),
        country: one(q, 'country'),
        q: one(q, 'q'),
        sort: oneOf<Sort>(q, 'sort', SORTS) ?? 'name',
        dir: oneOf(q, 'dir', ['asc', 'desc'] as const) ?? 'asc',
        include: oneOf(q, 'include', ['all'] as const),
      };
      const [result, themes] = await Promise.all([
        service.listMechanisms({ ...query, limit: 1000, offset: 0 }),
        service.themes(),
      ]);
      const cn = countryNames(lang);
      const collator = new Intl.Collator(lang);
      /** M49 regions, each followed by its sub-regions, named by CLDR in the page language (M49 English where CLDR has none). */
      const regionMap = new Map<string, { code: string; name: string; sub: boolean; own: boolean }>();
      const named = (code: string, en: string, sub: boolean) => {
        const own = regionName(code, lang);
        return { code, name: own ?? en, sub, own: own !== undefined };
      };
      for (const c of allCountries()) {
        if (c.region_code) regionMap.set(c.region_code, named(c.region_code, c.region!, false));
        if (c.subregion_code)
          regionMap.set(`${c.region_code}/${c.subregion_code}`, named(c.subregion_code, c.subregion!, true));
      }
      const top = (key: string) => regionMap.get(key.split('/')[0]!)?.name ?? regionMap.get(key)!.name;
      const regions = [...regionMap.entries()]
        .sort(
          ([a, x], [b, y]) =>
            collator.compare(top(a), top(b)) || Number(x.sub) - Number(y.sub) || collator.compare(x.name, y.name),
        )
        .map(([, r]) => r);
      const options = {
        regions,
        themes: themes.items
          .map((th) => ({ id: th.id, ...localName(th.name, lang) }))
          .map(({ id, text, own }) => ({ id, name: text, own }))
          .sort((a, b) => collator.compare(a.name, b.name)),
        countries: [...cn.entries()]
          .map(([code, name]) => ({ code, name }))
          .sort((a, b) => collator.compare(a.name, b.name)),
      };
      return renderPage(
        <MechanismsPage ctx={pageContext(req, lang)} query={query} result={result} options={options} />,
      );
    });

    page(
      '/mechanisms/:id',
      async (req, lang) => {
        const { asOf, asOfGiven } = asOfOf(req.query as Query);
        const { id } = req.params as { id: string };
        const m = await service.mechanism(id, asOf);
        const ctx = pageContext(req, lang);
        const [top, themes, contributed] = await Promise.all([
          topOverlaps(m.id, asOf),
          service.themes(),
          profileSections(sections(), 'mechanism', { id: m.id, asOf, ctx }),
        ]);
        const sourceIds = new Set<string>([...m.sources.map((s) => s.id)]);
        for (const r of [...m.members, ...m.observers, ...m.partners, ...m.otherRoles])
          r.sources.forEach((s) => sourceIds.add(s));
        m.snapshots.forEach((s) => sourceIds.add(s.source));
        if (m.commonNameSource) sourceIds.add(m.commonNameSource);
        m.membershipBasis.forEach((b) => sourceIds.add(b.source));
        for (const p of [...m.statusHistory, ...m.levelHistory]) p.sources.forEach((s) => sourceIds.add(s));
        Object.values(m.officialNames).forEach((n) => {
          if (n) sourceIds.add(n.source);
        });
        const sources = await service.sources([...sourceIds]);
        const own = new Map(m.sources.map((s, i) => [s.id, i]));
        sources.sort((a, b) => (own.get(a.id) ?? 1e6) - (own.get(b.id) ?? 1e6) || a.url.localeCompare(b.url));
        const cn = countryNames(lang);
        const members = new Set(m.members.filter((r) => r.party.type === 'country').map((r) => r.party.id!));
        const date = formatDate(asOf, lang);
        const memberMap = members.size ? (
          <WorldMap
            credit={ctx.t('data.mapCredit')}
            id="members-map"
            mode="highlight"
            width={480}
            data={allCountries().map((c) => ({
              code: c.code,
              name: cn.get(c.code) ?? c.code,
              value: members.has(c.code) ? 1 : 0,
              highlighted: members.has(c.code),
            }))}
            title={
              <Fill
                text={ctx.t('profile.mapTitle', { name: SLOT, date })}
                slots={[<MechanismName ctx={ctx} m={m} />]}
              />
            }
            description={ctx.t('profile.mapDesc', { count: members.size })}
            legend={{
              title: ctx.t('role.members'),
              none: ctx.t('map.other'),
              highlighted: ctx.t('map.highlighted'),
              other: ctx.t('map.other'),
            }}
            valueLabel={(d) => `${d.name}: ${d.highlighted ? ctx.t('map.highlighted') : ctx.t('map.other')}`}
          />
        ) : null;
        return renderPage(
          <MechanismPage
            ctx={ctx}
            m={m}
            extras={{
              sources,
              overlaps: top,
              themeNames: new Map(themes.items.map((th) => [th.id, localName(th.name, lang)])),
              memberMap,
              asOfGiven,
              sections: contributed,
            }}
          />,
        );
      },
      // A date asked for: the interval of the mechanism's change dates, of its sections' (meetings), and the
      // overlaps the page lists, which change with other mechanisms' dates.
      async (req, lang) => {
        const { asOf, asOfGiven } = asOfOf(req.query as Query);
        if (!asOfGiven) return null;
        const { id } = req.params as { id: string };
        const extra = await Promise.all(
          sections().flatMap((s) => (s.mechanismChanges ? [s.mechanismChanges(id)] : [])),
        );
        const key = await service.mechanismDateKey(id, asOf, extra);
        const top = await topOverlaps(key.slice(0, key.indexOf('@')), asOf);
        return {
          asOf,
          key: `mechanism-page ${lang} ${withoutDate(req.url, asOf)} ${key} ${top.map((o) => `${o.id}:${o.shared}:${o.jaccard}`).join(',')}`,
          forms: pageDateForms(lang),
        };
      },
    );

    page('/countries', async (req, lang) => {
      const { asOf, asOfGiven } = asOfOf(req.query as Query);
      return renderPage(
        <CountriesPage ctx={pageContext(req, lang)} list={await service.listCountries(asOf)} asOfGiven={asOfGiven} />,
      );
    });

    page('/countries/:code', async (req, lang) => {
      const { asOf, asOfGiven } = asOfOf(req.query as Query);
      const code = (req.params as { code: string }).code.toUpperCase();
      if (code !== (req.params as { code: string }).code) throw new Moved(code);
      const page = rowsPageOf(one(req.query as Query, 'page'));
      // Past COUNTRY_ROWS rows (hundreds of mechanisms at a hundred times the data) the page shows one page of
      // them, their sources and their bars.
      let paging = pageRows([], 1, COUNTRY_ROWS).paging;
      const c = await service.countryRows(code, asOf, (ordered) => {
        const r = pageRows(ordered, page, COUNTRY_ROWS);
        paging = r.paging;
        return r.rows;
      });
      const ctx = pageContext(req, lang);
      const near = neighbours(code);
      const [established, counts, contributed] = await Promise.all([
        service.establishedYears(),
        service.memberCountsOf(near, asOf),
        profileSections(sections(), 'country', { id: code, asOf, ctx }),
      ]);
      const sourceIds = new Set<string>();
      c.participation.forEach((p) => p.sources.forEach((s) => sourceIds.add(s)));
      const sources = (await service.sources([...sourceIds])).sort((a, b) => a.url.localeCompare(b.url));
      const cn = countryNames(lang);
      const extras = {
        sources,
        established,
        neighbours: near
          .map((n) => ({ code: n, name: cn.get(n) ?? n, memberOf: counts.get(n) ?? 0 }))
          .sort((a, b) => b.memberOf - a.memberOf),
      };
      return renderPage(
        <CountryPage
          ctx={ctx}
          c={c}
          extras={{ ...extras, sections: contributed }}
          asOfGiven={asOfGiven}
          paging={paging}
          hrefOf={(p) =>
            href(
              lang,
              `/countries/${code}`,
              `?${new URLSearchParams([...(asOfGiven ? [['asOf', asOf]] : []), ...(p === 1 ? [] : [['page', String(p)]])]).toString()}`.replace(
                /\?$/,
                '',
              ),
            )
          }
        />,
      );
    });

    page('/map', async (req, lang) => {
      const q = req.query as Query;
      const thisYear = Number(today().slice(0, 4));
      const yearText = one(q, 'year');
      const year = yearText === undefined ? thisYear : Number(yearText);
      if (!Number.isInteger(year) || year < 1985 || year > thisYear)
        throw new BadParameter('year', `year "${yearText}" must be a year from 1985 to ${thisYear}`);
      // asOf (a date, like every other page) wins; the older ?year= means 31 December of that year.
      const given = asOfOf(q);
      const asOf = one(q, 'asOf') !== undefined ? given.asOf : year === thisYear ? today() : `${year}-12-31`;
      const mechId = one(q, 'mechanism');
      const list = await service.listMechanisms({ asOf, limit: 1000, offset: 0, include: 'all' });
      const cn = countryNames(lang);
      let data: MapDatum[];
      let mechanism: { id: string; name: string } | null = null;
      if (mechId) {
        const m = list.items.find((x) => x.id === mechId);
        if (!m) throw new BadParameter('mechanism', `unknown mechanism "${mechId}"`);
        mechanism = { id: m.id, name: m.commonName };
        const detail = await service.mechanism(m.id, asOf);
        const members = new Set(detail.members.map((r) => r.party.id));
        data = allCountries().map((c) => ({
          code: c.code,
          name: cn.get(c.code) ?? c.code,
          value: members.has(c.code) ? 1 : 0,
          highlighted: members.has(c.code),
        }));
      } else {
        const counts = await service.memberCounts(asOf);
        data = allCountries().map((c) => ({
          code: c.code,
          name: cn.get(c.code) ?? c.code,
          value: counts.get(c.code) ?? 0,
        }));
      }
      // The highlight offers the mechanisms that existed on the date (and the one asked for).
      const mechanisms = list.items
        .filter((m) => m.status !== null || m.id === mechId)
        .map((m) => ({ id: m.id, name: m.commonName }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return renderPage(<MapPage ctx={pageContext(req, lang)} page={{ asOf, mechanism, mechanisms, data }} />);
    });

    page('/overlaps', async (req, lang) => {
      const { asOf, asOfGiven } = asOfOf(req.query as Query);
      // The mechanisms established at the date with their member rows then (listMechanisms' `members`), and the
      // first pairs of the overlap table with its cells (not every pair: DatedIndex.overlapTop).
      const [table, counts, labels] = await Promise.all([
        service.overlapTop(asOf, 'member', 15),
        service.memberRowCounts(asOf),
        service.mechanismLabels(),
      ]);
      const mechanisms = [...counts]
        .map(([id, members]) => ({ id, name: labels.get(id)!.name, acronym: labels.get(id)!.acronym, members }))
        .sort((a, b) => (a.acronym ?? a.name).localeCompare(b.acronym ?? b.name));
      const overlaps = {
        asOf,
        definition: RegistryService.OVERLAPS_DEFINITION,
        top: table.slice(0, 15),
        cell: (a: string, b: string) => table.cell(a, b),
      };
      return renderPage(
        <OverlapsPage ctx={pageContext(req, lang)} overlaps={overlaps} mechanisms={mechanisms} asOfGiven={asOfGiven} />,
      );
    });

    page('/timeline', async (req, lang) => {
      const [timeline, names] = await Promise.all([service.timeline(1985, today()), mechanismNames()]);
      return renderPage(<TimelinePage ctx={pageContext(req, lang)} timeline={timeline} names={names} />);
    });

    page('/themes', async (req, lang) => {
      const [themes, names] = await Promise.all([service.themes(), mechanismNames()]);
      return renderPage(<ThemesPage ctx={pageContext(req, lang)} themes={themes} names={names} />);
    });

    app.setErrorHandler(pageErrorHandler);

    app.get('/', { schema: { hide: true } }, async (req, reply) => {
      return reply
        .code(302)
        .header('vary', 'Accept-Language')
        .header('location', href(negotiate(req.headers['accept-language']), '/'))
        .send();
    });
  };
