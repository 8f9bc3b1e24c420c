/** A mechanism's profile: every registry field, who takes part on a chosen date, histories, sources. */
import type { JSX } from 'preact';
import { formatDate, formatNumber } from '../../web/format.js';
import { DateForm, En, href, Layout, type PageContext } from '../../web/layout.js';
import type { ParticipationView, RegistryService } from '../service.js';
import {
  CertaintyBadge,
  DateCell,
  LevelText,
  OfficialName,
  OtherOfficialNames,
  PartyName,
  RowCitations,
  StartBasis,
  StatusText,
  VerificationBadge,
  MechanismName,
} from './parts.js';
import { Unverified, UnverifiedField } from '../fields.js';
import { safeUrl, SourceList, SourceRefs, type SourceRow } from '../../web/sources.js';
import { TableScroll } from '../../web/table.js';
import { compact, jsonLd as ldBlock, ldDate, ldId, ldText, type LdNode } from '../../web/linked-data.js';
import { ldParty } from '../linked-data.js';

type Detail = Awaited<ReturnType<RegistryService['mechanism']>>;
export interface ProfileExtras {
  sources: SourceRow[];
  overlaps: { id: string; name: string; shared: number; jaccard: number }[];
  themeNames: Map<string, { text: string; own: boolean }>;
  memberMap: JSX.Element | null;
  asOfGiven: boolean;
  /** The sections other features contribute (meetings…), given by the composition root. */
  sections: readonly JSX.Element[];
}

function ParticipationTable(props: {
  ctx: PageContext;
  caption: string;
  rows: ParticipationView[];
  numbers: Map<string, number>;
  id: string;
  showRole?: boolean;
}): JSX.Element {
  const { ctx, rows } = props;
  const { t } = ctx;
  if (rows.length === 0)
    return (
      <>
        <h3 id={props.id}>{props.caption}</h3>
        <p class="muted">{t('profile.noneListed')}</p>
      </>
    );
  return (
    <TableScroll label={`${ctx.t('common.table')} — ${props.caption}`}>
      <table aria-labelledby={props.id}>
        <caption id={props.id}>
          {props.caption} ({rows.length})
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('common.name')}</th>
            {props.showRole ? <th scope="col">{t('common.role')}</th> : null}
            <th scope="col">{t('common.since')}</th>
            <th scope="col">{t('common.until')}</th>
            <th scope="col">{t('common.sources')}</th>
            <th scope="col">{t('common.note')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">
                <PartyName ctx={ctx} party={r.party} />
                <VerificationBadge ctx={ctx} verification={r.verification} />
              </th>
              {props.showRole ? <td>{t(`role.${r.role}`)}</td> : null}
              <td>
                <DateCell ctx={ctx} value={r.since} notBefore={r.sinceNotBefore} />{' '}
                <CertaintyBadge ctx={ctx} certainty={r.certainty} />
                <StartBasis ctx={ctx} basis={r.sinceBasis} />
              </td>
              <td>
                <DateCell ctx={ctx} value={r.until} notBefore={r.untilNotBefore} open />
                {r.endCause ? <span class="muted"> ({t(`endCause.${r.endCause}`)})</span> : null}
              </td>
              <td>
                <RowCitations ctx={ctx} row={r} numbers={props.numbers} />
              </td>
              <td>
                {r.viaGroup ? (
                  <span class="muted">
                    {t('common.viaGroup')} <span lang="en">{r.viaGroup}</span>.{' '}
                  </span>
                ) : null}
                {r.note ? <En ctx={ctx}>{r.note}</En> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function PeriodTable(props: {
  ctx: PageContext;
  caption: string;
  rows: {
    value: string;
    start: string | null;
    end: string | null;
    end_not_before: string | null;
    note: string | null;
    sources: string[];
  }[];
  kind: 'level' | 'status';
  numbers: Map<string, number>;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <TableScroll label={`${t('common.table')} — ${props.caption}`}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.kind === 'level' ? t('common.level') : t('common.status')}</th>
            <th scope="col">{t('profile.from')}</th>
            <th scope="col">{t('profile.to')}</th>
            <th scope="col">{t('common.sources')}</th>
            <th scope="col">{t('common.note')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            <tr>
              <td>{props.kind === 'level' ? t(`level.${r.value}`) : t(`status.${r.value}`)}</td>
              <td>
                <DateCell ctx={ctx} value={r.start} open={false} />
                {r.start === null && i === 0 ? '' : ''}
              </td>
              <td>
                {r.end === null && r.end_not_before === null ? (
                  <span class="muted">{t('common.present')}</span>
                ) : (
                  <DateCell ctx={ctx} value={r.end} notBefore={r.end_not_before} />
                )}
              </td>
              <td>{r.sources.length ? <SourceRefs ids={r.sources} numbers={props.numbers} /> : null}</td>
              <td>{r.note ? <En ctx={ctx}>{r.note}</En> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * The mechanism as a schema.org Organization: its names (the one the page shows, in the page language where the
 * data has it), and every country's participation as an OrganizationRole (roleName, startDate, endDate) whose
 * `member` is the country's node (see ldParty). No `sameAs`: the registry holds no Wikidata QID with a source.
 */
export function mechanismLd(ctx: PageContext, m: Detail, website: string | null): Record<string, unknown> {
  const { t, lang } = ctx;
  const id = ldId(ctx, `/mechanisms/${m.id}`);
  // the reader's official name, and whether it is the name in use (as MechanismName shows it)
  const legal = lang === 'en' ? null : (m.officialNames[lang] ?? null);
  const own = m.commonName === m.name ? legal : null;
  const roles = [...m.members, ...m.observers, ...m.partners, ...m.otherRoles]
    .filter((r) => r.party.type === 'country' && r.party.id !== null)
    .map((r): LdNode =>
      compact({
        '@id': `${id}#${r.id.split('/').map(encodeURIComponent).join('/')}`,
        '@type': 'OrganizationRole',
        roleName: ldText(t(`role.${r.role}`), lang),
        startDate: ldDate(r.since),
        endDate: ldDate(r.until),
        member: ldParty(ctx, r.party.id!),
      }),
    );
  return ldBlock(
    compact({
      '@id': id,
      '@type': 'Organization',
      name: own ? ldText(own.name, lang) : ldText(m.commonName, 'en'),
      legalName: [ldText(m.name, 'en'), ...(legal ? [ldText(legal.name, lang)] : [])],
      alternateName: [...(m.acronym ? [m.acronym] : []), ...m.names.map((n) => n.name)].map((n) => ldText(n, 'en')),
      url: website ?? undefined,
      foundingDate: m.established ? String(m.established) : undefined,
      description: ldText(t(`level.${m.level?.value ?? 'rcp'}`), lang),
      member: roles.length ? roles : undefined,
    }),
  );
}

export function MechanismPage(props: { ctx: PageContext; m: Detail; extras: ProfileExtras }): JSX.Element {
  const { ctx, m, extras } = props;
  const { t, lang } = ctx;
  const numbers = new Map(extras.sources.map((s, i) => [s.id, i + 1]));
  const unverified = new Set(m.unverifiedFields.map((f) => f.field));
  const U = (p: { field: string }) =>
    unverified.has(p.field) ? (
      <>
        {' '}
        <Unverified ctx={ctx} />
      </>
    ) : null;
  const date = formatDate(m.asOf, lang);
  const website = safeUrl(m.website);
  const jsonLd = mechanismLd(ctx, m, website);
  return (
    <Layout
      ctx={ctx}
      title={m.commonName}
      description={`${m.commonName} (${m.name}): ${t(`level.${m.level?.value ?? 'rcp'}`)}. ${m.region ?? ''}`}
      jsonLd={jsonLd}
      ogType="profile"
      className="profile"
    >
      <h1>
        <MechanismName ctx={ctx} m={m} />
        {m.acronym && m.acronym !== m.commonName ? (
          <span class="muted" lang="en">
            {' '}
            ({m.acronym})
          </span>
        ) : null}
      </h1>
      <p class="official-name">
        <span class="muted">{t('cite.officialName')}:</span> <OfficialName ctx={ctx} m={m} numbers={numbers} />
      </p>
      <p class="lead">
        <LevelText ctx={ctx} level={m.level} /> · <StatusText ctx={ctx} status={m.status} /> · {t('common.asOf')} {date}
      </p>
      <DateForm ctx={ctx} asOf={m.asOf} />

      <section aria-labelledby="overview">
        <h2 id="overview">{t('profile.overview')}</h2>
        <dl class="facts">
          <dt>{t('cite.officialName')}</dt>
          <dd>
            <span lang="en">{m.name}</span>
            <OtherOfficialNames ctx={ctx} m={m} numbers={numbers} />
          </dd>
          {m.commonNameSource ? (
            <>
              <dt>{t('cite.nameSource')}</dt>
              <dd>
                <span lang="en">{m.commonName}</span> <SourceRefs ids={[m.commonNameSource]} numbers={numbers} />
              </dd>
            </>
          ) : null}
          {m.names.length ? (
            <>
              <dt>
                {t('profile.aliases')}
                <U field="aliases" />
              </dt>
              <dd lang="en">
                {m.names.map((n, i) => (
                  <>
                    {i ? '; ' : ''}
                    {n.name}
                    {n.kind === 'former' ? <span class="muted"> ({t('profile.former')})</span> : null}
                  </>
                ))}
              </dd>
            </>
          ) : null}
          <dt>
            {t('common.established')}
            <U field="established" />
          </dt>
          <dd>{m.established ?? t('common.unknown')}</dd>
          {m.objectives ? (
            <>
              <dt>{t('field.objectives')}</dt>
              <dd>
                <En ctx={ctx}>{m.objectives}</En>
              </dd>
            </>
          ) : null}
          {m.region ? (
            <>
              <dt>{t('profile.region')}</dt>
              <dd>
                <En ctx={ctx}>{m.region}</En>
              </dd>
            </>
          ) : null}
          {m.structure ? (
            <>
              <dt>
                {t('profile.structure')}
                <U field="structure" />
              </dt>
              <dd>
                <En ctx={ctx}>{m.structure}</En>
              </dd>
            </>
          ) : null}
          {m.chairModel ? (
            <>
              <dt>
                {t('profile.chairModel')}
                <U field="chair_model" />
              </dt>
              <dd>
                <En ctx={ctx}>{m.chairModel}</En>
              </dd>
            </>
          ) : null}
          {m.currentChair ? (
            <>
              <dt>{t('field.chair_current')}</dt>
              <dd>
                <En ctx={ctx}>{m.currentChair.name}</En>
                {m.currentChair.since ? (
                  <>
                    {' '}
                    ({t('common.since').toLowerCase()} {formatDate(m.currentChair.since, lang)})
                  </>
                ) : null}
              </dd>
            </>
          ) : null}
          {m.secretariat ? (
            <>
              <dt>
                {t('profile.secretariat')}
                <U field="secretariat" />
              </dt>
              <dd>
                <En ctx={ctx}>{m.secretariat.text}</En>
              </dd>
            </>
          ) : null}
          {m.supportingOrganizations.length ? (
            <>
              <dt>
                {t('profile.supporting')}
                <U field="supporting_organizations" />
              </dt>
              <dd lang="en">{m.supportingOrganizations.map((o) => o.name).join('; ')}</dd>
            </>
          ) : null}
          {website ? (
            <>
              <dt>
                {t('profile.website')}
                <U field="website" />
              </dt>
              <dd>
                <a href={website} rel="noopener">
                  {website}
                </a>
              </dd>
            </>
          ) : null}
          {m.lastEvidenceOfActivity ? (
            <>
              <dt>{t('profile.lastEvidence')}</dt>
              <dd>{formatDate(m.lastEvidenceOfActivity, lang)}</dd>
            </>
          ) : null}
          <dt>{t('common.lastChanged')}</dt>
          <dd>
            <time datetime={m.lastChanged}>{formatDate(m.lastChanged.slice(0, 10), lang)}</time> ·{' '}
            <a href={href(lang, `/history/mechanism/${m.id}`)}>{t('change.seeHistory')}</a>
          </dd>
        </dl>
        {m.unverifiedFields.length ? (
          <ul class="muted">
            {m.unverifiedFields.map((f) => (
              <UnverifiedField ctx={ctx} field={f} />
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="themes">
        <h2 id="themes">
          {t('profile.themes')}
          <U field="thematic_focus" />
        </h2>
        <ul>
          {[...new Set(m.themes.map((th) => th.theme))].map((id) => (
            <li>
              <a href={href(lang, '/themes', `#${id}`)}>
                {extras.themeNames.get(id)?.own === false ? (
                  <En ctx={ctx}>{extras.themeNames.get(id)!.text}</En>
                ) : (
                  (extras.themeNames.get(id)?.text ?? id)
                )}
              </a>{' '}
              —{' '}
              <span class="muted">
                {t('profile.ownWording')}:{' '}
                {m.themes
                  .filter((th) => th.theme === id)
                  .map((th, i) => (
                    <>
                      {i ? '; ' : ''}“<En ctx={ctx}>{th.wording}</En>”
                    </>
                  ))}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="participation">
        <h2 id="participation">
          {t('profile.participation')}
          <U field="members" />
        </h2>
        {m.membershipNote ? (
          <p>
            <strong>{t('profile.membershipNote')}:</strong> <En ctx={ctx}>{m.membershipNote}</En>
          </p>
        ) : null}
        {m.membershipBasis.length ? (
          <>
            <p>
              <strong>{t('cite.basis')}:</strong>
            </p>
            <ul>
              {m.membershipBasis.map((b) => (
                <li>
                  “<span lang="en">{b.quote}</span>”
                  {b.asOf ? <span class="muted"> ({formatDate(b.asOf, lang)})</span> : null}{' '}
                  <SourceRefs ids={[b.source]} numbers={numbers} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {m.membersComplete !== null ? (
          <p class="muted">{m.membersComplete ? t('profile.complete') : t('profile.incomplete')}</p>
        ) : null}
        {m.memberGroups.length ? (
          <p>
            <strong>{t('profile.memberGroups')}:</strong>{' '}
            <span lang="en">{m.memberGroups.map((g) => g.name).join('; ')}</span>
          </p>
        ) : null}
        {extras.memberMap}
        <ParticipationTable
          ctx={ctx}
          id="members"
          caption={t('profile.membersOn', { date })}
          rows={m.members}
          numbers={numbers}
        />
        <ParticipationTable
          ctx={ctx}
          id="observers"
          caption={t('profile.observersOn', { date })}
          rows={m.observers}
          numbers={numbers}
        />
        {m.observersComplete === false ? (
          <p class="muted" id="observers-incomplete">
            {t('profile.observersIncomplete')}
          </p>
        ) : null}
        {m.partners.length ? (
          <ParticipationTable
            ctx={ctx}
            id="partners"
            caption={t('profile.partnersOn', { date })}
            rows={m.partners}
            numbers={numbers}
          />
        ) : null}
        {m.otherRoles.length ? (
          <ParticipationTable
            ctx={ctx}
            id="other-roles"
            caption={t('profile.otherRolesOn', { date })}
            rows={m.otherRoles}
            numbers={numbers}
            showRole
          />
        ) : null}
        {m.notHoldingAtAsOf ? (
          <p class="muted">{t('profile.formerParticipants', { count: m.notHoldingAtAsOf })}</p>
        ) : null}
      </section>

      {extras.overlaps.length ? (
        <section aria-labelledby="overlaps">
          <h2 id="overlaps">{t('profile.overlaps')}</h2>
          <p class="muted">{t('profile.overlapsHelp')}</p>
          <ol>
            {extras.overlaps.map((o) => (
              <li>
                <a href={href(lang, `/mechanisms/${o.id}`, extras.asOfGiven ? `?asOf=${m.asOf}` : '')}>
                  <En ctx={ctx}>{o.name}</En>
                </a>{' '}
                — {formatNumber(o.shared, lang)} {t('profile.shared')} ({t('overlaps.jaccard')}{' '}
                {formatNumber(o.jaccard, lang, 2)})
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {extras.sections}

      <section aria-labelledby="history">
        <h2 id="history">{t('profile.statusHistory')}</h2>
        <PeriodTable
          ctx={ctx}
          caption={t('profile.statusHistory')}
          kind="status"
          numbers={numbers}
          rows={m.statusHistory.map((s) => ({ ...s, value: s.status }))}
        />
        <PeriodTable
          ctx={ctx}
          caption={t('profile.levelHistory')}
          kind="level"
          numbers={numbers}
          rows={m.levelHistory.map((s) => ({ ...s, value: s.level }))}
        />
      </section>

      {m.keyOutputs.length ? (
        <section aria-labelledby="outputs">
          <h2 id="outputs">
            {t('profile.keyOutputs')}
            <U field="key_outputs" />
          </h2>
          <ul>
            {m.keyOutputs.map((o) => (
              <li>
                {o.year ? `${o.year}: ` : ''}
                <En ctx={ctx}>{o.title}</En>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {m.snapshots.length ? (
        <section aria-labelledby="lists">
          <h2 id="lists">{t('profile.lists')}</h2>
          <TableScroll label={`${t('common.table')} — ${t('profile.lists')}`}>
            <table>
              <caption class="visually-hidden">{t('profile.lists')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.asOf')}</th>
                  <th scope="col">{t('common.role')}</th>
                  <th scope="col">{t('profile.listType')}</th>
                  <th scope="col" class="num">
                    {t('profile.stated')}
                  </th>
                  <th scope="col" class="num">
                    {t('profile.listed')}
                  </th>
                  <th scope="col">{t('common.source')}</th>
                </tr>
              </thead>
              <tbody>
                {m.snapshots.map((s) => (
                  <tr>
                    <td>{formatDate(s.asOf, lang)}</td>
                    <td>{t(`role.${s.role}`)}</td>
                    <td>{t(`listType.${s.listType}`, { defaultValue: s.listType.replaceAll('_', ' ') })}</td>
                    <td class="num">{s.statedCount ?? '—'}</td>
                    <td class="num">{s.listed}</td>
                    <td>
                      <SourceRefs ids={[s.source]} numbers={numbers} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}

      {m.notes ? (
        <section aria-labelledby="notes">
          <h2 id="notes">{t('profile.notes')}</h2>
          <p>
            <En ctx={ctx}>{m.notes}</En>
          </p>
        </section>
      ) : null}
      <SourceList ctx={ctx} sources={extras.sources} />
    </Layout>
  );
}
