/** Error pages in the visitor's language: 404 and 400 (with what was wrong). */
import type { JSX } from 'preact';
import { href, Layout, type PageContext } from '../../web/layout.js';

export function NotFoundPage(props: { ctx: PageContext; detail?: string }): JSX.Element {
  const { t, lang } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('common.notFound')} description={t('common.notFoundText')}>
      <h1>{t('common.notFound')}</h1>
      <p>{t('common.notFoundText')}</p>
      {props.detail ? <p class="muted" lang="en">{props.detail}</p> : null}
      <p><a href={href(lang, '/')}>{t('common.backHome')}</a></p>
    </Layout>
  );
}

export function BadRequestPage(props: { ctx: PageContext; problems: { name: string; message: string }[] }): JSX.Element {
  const { t, lang } = props.ctx;
  return (
    <Layout ctx={props.ctx} title="400" description={props.problems.map((p) => p.message).join('; ')}>
      <h1>400</h1>
      <ul lang="en">{props.problems.map((p) => <li><strong>{p.name}</strong>: {p.message}</li>)}</ul>
      <p><a href={href(lang, props.ctx.path)}>{t('mechanisms.reset')}</a> · <a href={href(lang, '/')}>{t('common.backHome')}</a></p>
    </Layout>
  );
}
