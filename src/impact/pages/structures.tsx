/** How the mechanisms are built: the section on a mechanism's profile and the comparison page across mechanisms. */
import type { JSX } from 'preact';
import { formatNumber } from '../../web/format.js';
import { En, href, Layout, type PageContext } from '../../web/layout.js';
import { TableScroll } from '../../web/table.js';
import { safeUrl, type SourceRow } from '../../web/sources.js';
import { FIELDS, type FieldValue, type Structure, type StructuresService } from '../service.js';

type Comparison = Awaited<ReturnType<StructuresService['compare']>>;

/** The links to a field's sources, by site; or the basis it was taken on. */
function FieldSources(props: { ctx: PageContext; f: FieldValue<unknown>; sources: Map<string, SourceRow> }) {
  const { t } = props.ctx;
  return (
    <span class="muted">
      {' '}
      {props.f.sources.length
        ? props.f.sources.map((id, i) => {
            const s = props.sources.get(id);
            return (
              <>
                {i ? ', ' : `${t('common.sources')}: `}
                <a href={safeUrl(s?.url ?? null) ?? '#'} rel="noopener">
                  {s?.publisher ?? s?.url ?? id}
                </a>
              </>
            );
          })
        : t('structures.basis')}
    </span>
  );
}

function FieldText(props: { ctx: PageContext; name: (typeof FIELDS)[number]; s: Structure }): JSX.Element {
  const { ctx, name, s } = props;
  if (name === 'written_rules' || name === 'strategies_workplans') {
    const v = s[name]!.value as { title: string; year?: string | null; years?: string | null }[];
    return (
      <ul>
        {v.map((x) => (
          <li>
            <En ctx={ctx}>{x.title}</En> (<Period ctx={ctx} text={x.year ?? x.years ?? null} />)
          </li>
        ))}
      </ul>
    );
  }
  if (name === 'working_groups')
    return (
      <ul>
        {s.working_groups!.value.map((x) => (
          <li>
            <En ctx={ctx}>{x}</En>
          </li>
        ))}
      </ul>
    );
  if (name === 'secretariat_model') return <>{modelName(ctx, s.secretariat_model!.value)}</>;
  return <En ctx={ctx}>{s[name]!.value}</En>;
}

/** A period as the source wrote it ("2017-2021 (five-year)"): words in it are the source's English. */
function Period(props: { ctx: PageContext; text: string | null }): JSX.Element {
  const { ctx, text } = props;
  if (text === null) return <>{ctx.t('structures.undated')}</>;
  return /\p{L}/u.test(text) ? <En ctx={ctx}>{text}</En> : <>{text}</>;
}

export function modelName(ctx: PageContext, v: string): JSX.Element {
  const known = ['IOM-hosted', 'ICMPD', 'regional organization', 'rotating', 'own'];
  return known.includes(v) ? <>{ctx.t(`smodel.${v.replace(' ', '-')}`)}</> : <En ctx={ctx}>{v}</En>;
}

/** A mechanism's structure, field by field, each with its sources; an unknown field says so. */
export function StructureSection(props: {
  ctx: PageContext;
  s: Structure | null;
  sources: SourceRow[];
}): JSX.Element | null {
  const { ctx, s } = props;
  if (!s) return null;
  const { t, lang } = ctx;
  const sources = new Map(props.sources.map((x) => [x.id, x]));
  return (
    <section aria-labelledby="structure">
      <h2 id="structure">{t('structures.ofMechanism')}</h2>
      <dl class="facts">
        {FIELDS.map((f) => (
          <>
            <dt>{t(`structures.field.${f}`)}</dt>
            <dd>
              {s[f] === null ? (
                <span class="muted">{t('structures.unknown')}</span>
              ) : (
                <>
                  <FieldText ctx={ctx} name={f} s={s} />
                  {s[f].note ? (
                    <>
                      {' '}
                      <span class="muted">
                        (<En ctx={ctx}>{s[f].note}</En>)
                      </span>
                    </>
                  ) : null}
                  <FieldSources ctx={ctx} f={s[f]} sources={sources} />
                </>
              )}
            </dd>
          </>
        ))}
      </dl>
      <p>
        <a href={href(lang, '/structures')}>{t('structures.compareLink')}</a>
      </p>
    </section>
  );
}

export function StructuresPage(props: { ctx: PageContext; c: Comparison }): JSX.Element {
  const { ctx, c } = props;
  const { t, lang } = ctx;
  const n = (x: number) => formatNumber(x, lang);
  const mech = (id: string, name: string) => (
    <a href={href(lang, `/mechanisms/${id}`)} lang="en">
      {name}
    </a>
  );
  return (
    <Layout ctx={ctx} title={t('structures.title')} description={t('structures.intro')}>
      <h1>{t('structures.title')}</h1>
      <p class="lead">{t('structures.intro')}</p>
      <section>
        <h2 id="secretariats">{t('structures.secretariats')}</h2>
        <p>
          {t('structures.iomHosted', {
            n: n(c.iomHosted),
            total: n(c.total),
            unknown: n(c.modelUnknown),
          })}
        </p>
        <TableScroll labelledby="secretariats">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('structures.field.secretariat_model')}</th>
                <th scope="col" class="num">
                  {t('common.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {c.models.map((m) => (
                <tr>
                  <th scope="row">{modelName(ctx, m.value)}</th>
                  <td class="num">{n(m.count)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('structures.unknown')}</th>
                <td class="num">{n(c.modelUnknown)}</td>
              </tr>
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section>
        <h2 id="rules">{t('structures.rules')}</h2>
        <p>
          {t('structures.rulesSummary', {
            n: n(c.writtenRules.length),
            rop: n(c.writtenRules.filter((r) => r.rulesOfProcedure).length),
            unknown: n(c.writtenUnknown),
          })}
        </p>
        <TableScroll labelledby="rules">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('common.mechanism')}</th>
                <th scope="col">{t('structures.field.written_rules')}</th>
                <th scope="col">{t('structures.rulesOfProcedure')}</th>
              </tr>
            </thead>
            <tbody>
              {c.writtenRules.map((r) => (
                <tr>
                  <th scope="row">{mech(r.id, r.name)}</th>
                  <td>
                    {r.rules.map((x, i) => (
                      <>
                        {i ? '; ' : ''}
                        <En ctx={ctx}>{x.title}</En> ({x.year ?? t('structures.undated')})
                      </>
                    ))}
                  </td>
                  <td>{r.rulesOfProcedure ? t('common.yes') : t('common.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section>
        <h2 id="cadence">{t('structures.cadence')}</h2>
        <p>{t('structures.cadenceIntro')}</p>
        <TableScroll labelledby="cadence">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('common.mechanism')}</th>
                <th scope="col">{t('structures.field.meeting_cadence')}</th>
                <th scope="col">{t('structures.yearsActive')}</th>
                <th scope="col" class="num">
                  {t('structures.records')}
                </th>
                <th scope="col">{t('structures.recordYears')}</th>
              </tr>
            </thead>
            <tbody>
              {c.rows.map((r) => (
                <tr>
                  <th scope="row">{mech(r.id, r.name)}</th>
                  <td>
                    {r.structure.meeting_cadence ? (
                      <En ctx={ctx}>{r.structure.meeting_cadence.value}</En>
                    ) : (
                      <span class="muted">{t('structures.unknown')}</span>
                    )}
                  </td>
                  <td>
                    {r.yearsActive === null ? (
                      <span class="muted">{t('structures.unknown')}</span>
                    ) : (
                      t('structures.activeSpan', { from: r.established, to: r.lastEvidence, n: n(r.yearsActive) })
                    )}
                  </td>
                  <td class="num">{n(r.meetingRecords)}</td>
                  <td>
                    {r.firstMeeting === null
                      ? t('structures.noRecords')
                      : t('structures.recordSpan', {
                          from: r.firstMeeting,
                          to: r.lastMeeting,
                          n: n(r.yearsWithRecords),
                        })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </Layout>
  );
}
