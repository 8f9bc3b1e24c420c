/**
 * Partnerships: the section on a mechanism's profile, and the network page — a server-rendered SVG of the
 * mechanisms and organizations the partnerships link (no script), its table alternative (every link, its years and
 * sources) and the partnerships grouped by organization (ISCM Hub has no organization pages: this is where an
 * organization's partnerships are shown). Roles and organization wordings are the research's English.
 */
import type { JSX } from 'preact';
import { formatNumber } from '../../web/format.js';
import { En, href, Layout, type PageContext } from '../../web/layout.js';
import { TableScroll } from '../../web/table.js';
import { safeUrl, type SourceRow } from '../../web/sources.js';
import type { Partnership } from '../partnerships.js';

/** The years of a partnership in the reader's words; a wording that is not years stays the research's. */
export function Years(props: { ctx: PageContext; p: Partnership }): JSX.Element {
  const { ctx, p } = props;
  const { t } = ctx;
  if (p.firstYear !== null) {
    if (p.ongoing) return <>{t('partnerships.since', { year: p.firstYear })}</>;
    if (p.lastYear === null || p.lastYear === p.firstYear) return <>{String(p.firstYear)}</>;
    return <>{t('partnerships.span', { from: p.firstYear, to: p.lastYear })}</>;
  }
  if (p.years === null || !/[\p{L}\d]/u.test(p.years)) return <>{t('partnerships.yearsUnknown')}</>;
  return <En ctx={ctx}>{p.years}</En>;
}

/**
 * The organization side: the organizations of the table, each linked to its partnerships on the network page; or
 * the research's wording as plain text (an organization not in the table has no link).
 */
export function OrganizationName(props: { ctx: PageContext; p: Partnership }): JSX.Element {
  const { ctx, p } = props;
  if (!p.organizations.length) return <span lang="en">{p.organizationWording}</span>;
  return (
    <>
      {p.organizations.map((o, i) => (
        <>
          {i ? ', ' : ''}
          <a href={href(ctx.lang, '/partnerships', `#org-${o.id}`)} lang="en">
            {o.acronym && o.acronym !== o.name ? `${o.name} (${o.acronym})` : o.name}
          </a>
        </>
      ))}
    </>
  );
}

function Sources(props: { ids: string[]; sources: ReadonlyMap<string, SourceRow> }): JSX.Element {
  return (
    <>
      {props.ids.map((id, i) => {
        const s = props.sources.get(id);
        const url = safeUrl(s?.url ?? null);
        const label = s?.publisher ?? s?.url ?? id;
        return (
          <>
            {i ? ', ' : ''}
            {url ? (
              <a href={url} rel="noopener">
                {label}
              </a>
            ) : (
              label
            )}
          </>
        );
      })}
    </>
  );
}

const mechLink = (ctx: PageContext, m: { id: string; name: string }) => (
  <a href={href(ctx.lang, `/mechanisms/${m.id}`)} lang="en">
    {m.name}
  </a>
);

/** The other mechanisms a link names beside its two ends, as a phrase. */
function Others(props: { ctx: PageContext; p: Partnership; leaveOut?: string | undefined }): JSX.Element | null {
  const { ctx, p } = props;
  const others = p.otherParties.filter((m) => m.id !== props.leaveOut);
  if (!others.length) return null;
  return (
    <>
      {' '}
      ({ctx.t('partnerships.alsoNamed')}{' '}
      {others.map((m, i) => (
        <>
          {i ? ', ' : ''}
          {mechLink(ctx, m)}
        </>
      ))}
      )
    </>
  );
}

/** A mechanism's partnerships: the organizations' roles, then the links with other mechanisms. */
export function PartnershipsSection(props: {
  ctx: PageContext;
  mechanism: string;
  items: Partnership[];
  sources: SourceRow[];
}): JSX.Element | null {
  const { ctx, items } = props;
  if (!items.length) return null;
  const { t, lang } = ctx;
  const sources = new Map(props.sources.map((s) => [s.id, s]));
  const orgs = items.filter((p) => p.kind === 'organization-mechanism');
  const links = items.filter((p) => p.kind === 'mechanism-mechanism');
  const line = (p: Partnership, who: JSX.Element, self?: string) => (
    <li>
      {who}: <En ctx={ctx}>{p.role}</En> (<Years ctx={ctx} p={p} />)
      <Others ctx={ctx} p={p} leaveOut={self} />.{' '}
      <span class="muted">
        {t('common.sources')}: <Sources ids={p.sources} sources={sources} />
      </span>
    </li>
  );
  return (
    <section aria-labelledby="partnerships">
      <h2 id="partnerships">{t('partnerships.ofMechanism')}</h2>
      {orgs.length ? (
        <>
          <h3>{t('partnerships.organizations')}</h3>
          <ul>{orgs.map((p) => line(p, <OrganizationName ctx={ctx} p={p} />))}</ul>
        </>
      ) : null}
      {links.length ? (
        <>
          <h3>{t('partnerships.links')}</h3>
          <ul>
            {links.map((p) => {
              // the other end when this mechanism is one; both ends when it is only named beside them
              const ends = p.mechanisms.some((m) => m.id === props.mechanism)
                ? p.mechanisms.filter((m) => m.id !== props.mechanism)
                : p.mechanisms;
              return line(
                p,
                <>
                  {ends.map((m, i) => (
                    <>
                      {i ? ' – ' : ''}
                      {mechLink(ctx, m)}
                    </>
                  ))}
                </>,
                props.mechanism,
              );
            })}
          </ul>
        </>
      ) : null}
      <p>
        <a href={href(lang, '/partnerships')}>{t('partnerships.networkLink')}</a>
      </p>
    </section>
  );
}

// ---------------------------------------------------------------- the network

interface Node {
  key: string;
  label: string;
}

/** The organization nodes of a partnership: its organizations, or its wording (an organization not in the table). */
export const orgNodes = (p: Partnership): Node[] =>
  p.organizations.length
    ? p.organizations.map((o) => ({ key: `o:${o.id}`, label: o.acronym ?? o.name }))
    : [{ key: `w:${p.organizationWording}`, label: p.organizationWording ?? '' }];

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const r1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Mechanisms in the left column, organizations in the right one, a straight line for each role of an
 * organization in a mechanism and an arc (between the columns) for each link of two mechanisms.
 */
export function NetworkSvg(props: { ctx: PageContext; items: Partnership[]; title: string; description: string }) {
  const { items } = props;
  const mechs = new Map<string, string>();
  const orgs = new Map<string, string>();
  for (const p of items) {
    for (const m of [p.mechanism, ...p.mechanisms]) if (m) mechs.set(m.id, m.name);
    if (p.kind === 'organization-mechanism') for (const n of orgNodes(p)) orgs.set(n.key, n.label);
  }
  const byLabel = (a: [string, string], b: [string, string]) => a[1].localeCompare(b[1], 'en');
  const left = [...mechs].sort(byLabel);
  const right = [...orgs].sort(byLabel);
  const row = 16;
  const top = 10;
  const width = 820;
  const xl = 300;
  const xr = 520;
  const height = top * 2 + row * Math.max(left.length, right.length, 1);
  const inner = height - top * 2;
  const yOf = (list: [string, string][]) =>
    new Map(list.map(([k], i) => [k, r1(top + ((i + 0.5) * inner) / list.length)]));
  const yl = yOf(left);
  const yr = yOf(right);
  const edgeTitle = (a: string, b: string, p: Partnership) =>
    `${a} — ${b}: ${p.role}${p.years && p.years !== '-' ? ` (${p.years})` : ''}`;
  return (
    <svg
      class="bc net"
      role="img"
      aria-labelledby="network-title"
      aria-describedby="network-desc"
      focusable="false"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
    >
      <title id="network-title">{props.title}</title>
      <desc id="network-desc">{props.description}</desc>
      <g fill="none" stroke-width="1.2">
        {items.flatMap((p) =>
          p.kind === 'organization-mechanism'
            ? orgNodes(p).map((n) => {
                const y1 = yl.get(p.mechanism!.id)!;
                const y2 = yr.get(n.key)!;
                return (
                  <line class="net-o" x1={xl} y1={y1} x2={xr} y2={y2} stroke="#2c7fb8">
                    <title>{edgeTitle(n.label, p.mechanism!.name, p)}</title>
                  </line>
                );
              })
            : (() => {
                const [a, b] = p.mechanisms;
                const y1 = yl.get(a!.id)!;
                const y2 = yl.get(b!.id)!;
                const bulge = Math.min(xr - xl - 20, 20 + Math.abs(y2 - y1) * 0.4);
                return [
                  <path
                    class="net-m"
                    d={`M${xl} ${y1} Q${r1(xl + bulge)} ${r1((y1 + y2) / 2)} ${xl} ${y2}`}
                    stroke="#b35806"
                    stroke-dasharray="4 2"
                  >
                    <title>{edgeTitle(a!.name, b!.name, p)}</title>
                  </path>,
                ];
              })(),
        )}
      </g>
      {left.map(([k, label]) => (
        <g>
          <circle cx={xl} cy={yl.get(k)} r="3.5" fill="#1b1f24">
            <title>{label}</title>
          </circle>
          <text x={xl - 8} y={yl.get(k)! + 4} text-anchor="end" lang="en">
            {clip(label, 40)}
          </text>
        </g>
      ))}
      {right.map(([k, label]) => (
        <g>
          <circle cx={xr} cy={yr.get(k)} r="3.5" fill={k.startsWith('w:') ? '#ffffff' : '#1b1f24'} stroke="#1b1f24">
            <title>{label}</title>
          </circle>
          <text x={xr + 8} y={yr.get(k)! + 4} lang="en">
            {clip(label, 40)}
          </text>
        </g>
      ))}
    </svg>
  );
}

export function PartnershipsPage(props: { ctx: PageContext; items: Partnership[]; sources: SourceRow[] }): JSX.Element {
  const { ctx, items } = props;
  const { t, lang } = ctx;
  const n = (x: number) => formatNumber(x, lang);
  const sources = new Map(props.sources.map((s) => [s.id, s]));
  const orgLinks = items.filter((p) => p.kind === 'organization-mechanism');
  const mechLinks = items.filter((p) => p.kind === 'mechanism-mechanism');
  const unresolved = orgLinks.filter((p) => p.organizations.length === 0).length;
  const mechanisms = new Set(items.flatMap((p) => [p.mechanism, ...p.mechanisms].filter((m) => m).map((m) => m!.id)));
  const groups = new Map<string, { node: Node; items: Partnership[] }>();
  for (const p of orgLinks)
    for (const node of orgNodes(p)) {
      const g = groups.get(node.key) ?? { node, items: [] };
      g.items.push(p);
      groups.set(node.key, g);
    }
  const nameOf = (key: string, p: Partnership) =>
    key.startsWith('o:') ? (p.organizations.find((o) => `o:${o.id}` === key)?.name ?? key) : key.slice(2);
  const ordered = [...groups.values()].sort((a, b) =>
    nameOf(a.node.key, a.items[0]!).localeCompare(nameOf(b.node.key, b.items[0]!), 'en'),
  );
  const summary = t('partnerships.summary', {
    n: n(items.length),
    orgs: n(orgLinks.length),
    links: n(mechLinks.length),
  });
  return (
    <Layout ctx={ctx} title={t('partnerships.title')} description={t('partnerships.intro')}>
      <h1>{t('partnerships.title')}</h1>
      <p class="lead">{t('partnerships.intro')}</p>
      <p>{summary}</p>
      {unresolved ? <p>{t('partnerships.unresolved', { n: n(unresolved) })}</p> : null}
      <section aria-labelledby="network">
        <h2 id="network">{t('partnerships.network')}</h2>
        <p>{t('partnerships.networkHelp')}</p>
        <figure>
          <NetworkSvg
            ctx={ctx}
            items={items}
            title={t('partnerships.network')}
            description={t('partnerships.networkDesc', {
              mechanisms: n(mechanisms.size),
              organizations: n(groups.size),
              n: n(items.length),
            })}
          />
          <figcaption>
            <a href="#links">{t('partnerships.tableLink')}</a>
          </figcaption>
        </figure>
      </section>
      <section>
        <h2 id="links">{t('partnerships.table')}</h2>
        <TableScroll labelledby="links">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('partnerships.partner')}</th>
                <th scope="col">{t('common.mechanism')}</th>
                <th scope="col">{t('partnerships.role')}</th>
                <th scope="col">{t('partnerships.years')}</th>
                <th scope="col">{t('common.sources')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr>
                  <th scope="row">
                    {p.kind === 'organization-mechanism' ? (
                      <OrganizationName ctx={ctx} p={p} />
                    ) : (
                      mechLink(ctx, p.mechanisms[0]!)
                    )}
                  </th>
                  <td>{mechLink(ctx, p.kind === 'organization-mechanism' ? p.mechanism! : p.mechanisms[1]!)}</td>
                  <td>
                    <En ctx={ctx}>{p.role}</En>
                    <Others ctx={ctx} p={p} />
                  </td>
                  <td>
                    <Years ctx={ctx} p={p} />
                  </td>
                  <td>
                    <Sources ids={p.sources} sources={sources} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section aria-labelledby="by-organization">
        <h2 id="by-organization">{t('partnerships.byOrganization')}</h2>
        <p>{t('partnerships.byOrganizationIntro')}</p>
        {ordered.map((g) => {
          const first = g.items[0]!;
          const org = g.node.key.startsWith('o:') ? first.organizations.find((o) => `o:${o.id}` === g.node.key)! : null;
          return (
            <section>
              <h3 id={org ? `org-${org.id}` : undefined}>
                <span lang="en">
                  {org
                    ? org.acronym && org.acronym !== org.name
                      ? `${org.name} (${org.acronym})`
                      : org.name
                    : g.node.label}
                </span>
                {org ? null : <span class="muted"> — {t('partnerships.notInList')}</span>}
              </h3>
              <ul>
                {g.items.map((p) => (
                  <li>
                    {mechLink(ctx, p.mechanism!)}: <En ctx={ctx}>{p.role}</En> (<Years ctx={ctx} p={p} />)
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </section>
    </Layout>
  );
}
