/** Error pages in the visitor's language: 404 and 400 (with what was wrong). */
import type { JSX } from 'preact';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, Moved, NotFound } from '../http/errors.js';
import { isLang, type Lang } from './i18n.js';
import { href, Layout, type PageContext } from './layout.js';
import { pageContext, sendPage } from './render.js';
import { movedLocation } from '../http/problem.js';

export function NotFoundPage(props: { ctx: PageContext; detail?: string }): JSX.Element {
  const { t, lang } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('common.notFound')} description={t('common.notFoundText')}>
      <h1>{t('common.notFound')}</h1>
      <p>{t('common.notFoundText')}</p>
      {props.detail ? (
        <p class="muted" lang="en">
          {props.detail}
        </p>
      ) : null}
      <p>
        <a href={href(lang, '/')}>{t('common.backHome')}</a>
      </p>
    </Layout>
  );
}

/** 403 for a form post from another site (see sameOriginForms in http/security.ts). */
export function ForeignFormPage(props: { ctx: PageContext; from: string }): JSX.Element {
  const { t, lang } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('forms.foreignTitle')} description={t('forms.foreignTitle')}>
      <h1>{t('forms.foreignTitle')}</h1>
      <p role="alert">{t('forms.foreignText', { from: props.from })}</p>
      <p>
        <a href={href(lang, '/')}>{t('forms.backHome')}</a>
      </p>
    </Layout>
  );
}

export function BadRequestPage(props: {
  ctx: PageContext;
  problems: { name: string; message: string }[];
  status?: number;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const status = String(props.status ?? 400);
  return (
    <Layout ctx={props.ctx} title={status} description={props.problems.map((p) => p.message).join('; ')}>
      <h1>{status}</h1>
      <ul lang="en">
        {props.problems.map((p) => (
          <li>
            <strong>{p.name}</strong>: {p.message}
          </li>
        ))}
      </ul>
      <p>
        <a href={href(lang, props.ctx.path)}>{t('mechanisms.reset')}</a> ·{' '}
        <a href={href(lang, '/')}>{t('common.backHome')}</a>
      </p>
    </Layout>
  );
}

/** Errors on pages are pages too, in the page's language: 301 for a moved id, 404, 400 naming the parameter. */
export function pageErrorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const first = req.url.split('/')[1];
  const lang: Lang = isLang(first) ? first : 'en';
  const ctx = pageContext(req, lang);
  if (err instanceof Moved) return reply.code(301).header('location', movedLocation(req.url, err.canonical)).send();
  if (err instanceof NotFound) return sendPage(reply, <NotFoundPage ctx={ctx} detail={err.message} />, 404);
  if (err instanceof HttpError && err.statusCode === 400 && err.field)
    return sendPage(
      reply,
      <BadRequestPage ctx={ctx} status={err.statusCode} problems={[{ name: err.field, message: err.message }]} />,
      err.statusCode,
    );
  const status = (err as { statusCode?: number }).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return sendPage(
      reply,
      <BadRequestPage ctx={ctx} status={status} problems={[{ name: 'request', message: err.message }]} />,
      status,
    );
  }
  req.log.error({ err }, 'page failed');
  return sendPage(
    reply,
    <BadRequestPage
      ctx={ctx}
      status={500}
      problems={[{ name: 'error', message: 'An unexpected error occurred; it has been logged.' }]}
    />,
    500,
  );
}
