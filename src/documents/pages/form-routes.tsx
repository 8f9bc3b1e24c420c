/**
 * The form of a document record (issue 13 item 1): GET /{lang}/edit/documents/new (?mechanism= preselects one) and
 * GET /{lang}/edit/documents/{id} show it; POST the same path creates or changes the record through the same
 * service as the API (DocumentEdits: fields checked, an editor of every mechanism named or an administrator,
 * audited) and answers 303 to the document page. Signed out: 303 to sign in; CSRF checked before anything is
 * read; a refusal re-shows the form with the message next to its field and changes nothing.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../accounts/model.js';
import type { SessionUser } from '../../accounts/service.js';
import { Forbidden, HttpError, NotFound, Unauthenticated } from '../../http/errors.js';
import type { MeetingsService } from '../../meetings/service.js';
import type { RegistryService } from '../../registry/service.js';
import { pageErrorHandler } from '../../web/errors.js';
import { isLang, type Lang } from '../../web/i18n.js';
import { href, Layout, type PageContext } from '../../web/layout.js';
import { pageContext, sendPage } from '../../web/render.js';
import { DOCUMENT_FIELDS, type DocumentEdits, type DocumentField, type DocumentFields } from '../edit.js';
import { DocumentFormPage, type DocumentFormError, type DocumentFormValues } from './form.js';

function langOf(req: FastifyRequest): Lang {
  const l = (req.params as { lang?: string }).lang;
  return isLang(l) ? l : 'en';
}

function ForbiddenPage(props: { ctx: PageContext; message: string }) {
  const { t, lang } = props.ctx;
  return (
    <Layout ctx={props.ctx} title="403" description={t('edit.forbidden')}>
      <h1>403</h1>
      <p>{t('edit.forbidden')}</p>
      <p>{props.message}</p>
      <p>
        <a href={href(lang, '/')}>{t('common.backHome')}</a>
      </p>
    </Layout>
  );
}

const EMPTY: DocumentFormValues = {
  title: '',
  kind: '',
  date: '',
  datePrecision: '',
  mechanisms: [],
  meeting: '',
  languages: '',
  url: '',
  summaryFacts: '',
  sources: '',
};

/** The body of the form as its values (a repeated field keeps its last value; mechanisms keep every one). */
function formValues(req: FastifyRequest): DocumentFormValues {
  const body = (req.body ?? {}) as Record<string, string | string[] | undefined>;
  const one = (k: string) => {
    const v = body[k];
    return String(Array.isArray(v) ? (v.at(-1) ?? '') : (v ?? ''));
  };
  const m = body.mechanisms;
  return {
    title: one('title'),
    kind: one('kind'),
    date: one('date'),
    datePrecision: one('datePrecision'),
    mechanisms: (Array.isArray(m) ? m : m === undefined ? [] : [m]).map(String).filter(Boolean),
    meeting: one('meeting'),
    languages: one('languages'),
    url: one('url'),
    summaryFacts: one('summaryFacts'),
    sources: one('sources'),
    version: body.version === undefined ? undefined : one('version'),
  };
}

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The form's values as the service's fields. */
function fieldsOf(v: DocumentFormValues): DocumentFields {
  return {
    title: v.title,
    kind: v.kind,
    date: v.date.trim() || null,
    datePrecision: v.datePrecision || null,
    mechanisms: v.mechanisms,
    meeting: v.meeting.trim() || null,
    languages: v.languages
      .split(/[\s,;]+/)
      .map((x) => x.trim())
      .filter(Boolean),
    url: v.url.trim() || null,
    summaryFacts: lines(v.summaryFacts),
    sources: lines(v.sources).flatMap((l) => l.split(/[\s,;]+/).filter(Boolean)),
  };
}

/** Does this user edit any mechanism (or administer)? Only then is the new-record form offered. */
const editsSomething = (u: SessionUser) =>
  can(u.grants, 'document.edit') || u.grants.some((g) => g.role === 'editor' && g.scopeType === 'mechanism');

export const documentFormPages =
  (edits: DocumentEdits, registry: RegistryService, meetings: MeetingsService): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler(async (err, req, reply) => {
      const lang = langOf(req);
      if (err instanceof Unauthenticated) return reply.code(303).header('location', href(lang, '/sign-in')).send();
      if (err instanceof Forbidden || String((err as { code?: string }).code).startsWith('FST_CSRF_')) {
        const ctx = pageContext(req, lang);
        const message =
          err instanceof Forbidden
            ? err.i18n
              ? ctx.t(err.i18n.key, err.i18n.scope)
              : ctx.t('documentForm.forbiddenAny')
            : ctx.t('upload.csrf');
        return sendPage(reply, <ForbiddenPage ctx={ctx} message={message} />, 403);
      }
      return pageErrorHandler(err instanceof Error ? err : new Error(String(err)), req, reply);
    });
    // eslint-disable-next-line @typescript-eslint/unbound-method -- Fastify calls the hook with the instance bound
    const csrfCheck = app.csrfProtection;
    const id = (req: FastifyRequest) => (req.params as { id: string }).id;

    const signedIn = (req: FastifyRequest): SessionUser => {
      if (!isLang((req.params as { lang?: string }).lang)) throw new NotFound('page', req.url);
      if (!req.user) throw new Unauthenticated('sign in to edit documents');
      return req.user;
    };
    const mayCreate = (req: FastifyRequest) => {
      const user = signedIn(req);
      if (!editsSomething(user)) {
        const e = new Forbidden('only an editor of a mechanism or an administrator may create document records');
        e.i18n = { key: 'documentForm.forbiddenAny' };
        throw e;
      }
      return user;
    };
    const mayEdit = async (req: FastifyRequest) => {
      const user = signedIn(req);
      await edits.authoriseRecord(user, id(req));
      return user;
    };

    const show = async (
      req: FastifyRequest,
      reply: FastifyReply,
      user: SessionUser,
      recordId: string | null,
      values: DocumentFormValues,
      error?: DocumentFormError,
      status = 200,
    ) => {
      const lang = langOf(req);
      const names = await registry.mechanismNames();
      const offered = [...names]
        .filter(([m]) => values.mechanisms.includes(m) || edits.may(user, [m]))
        .map(([value, label]) => ({ value, label }))
        .sort((a, b) => a.label.localeCompare(b.label, 'en'));
      const known = values.mechanisms.filter((m) => names.has(m));
      const meetingLists = await Promise.all(known.map((m) => meetings.list({ mechanism: m })));
      const seen = new Set<string>();
      const meetingOptions = meetingLists
        .flatMap((l) => l.items)
        .filter((m) => !seen.has(m.id) && !!seen.add(m.id))
        .map((m) => ({ value: m.id, label: m.title }));
      return sendPage(
        reply.header('cache-control', 'no-store'),
        <DocumentFormPage
          ctx={pageContext(req, lang)}
          id={recordId}
          csrf={reply.generateCsrf()}
          values={values}
          mechanisms={offered}
          meetings={meetingOptions}
          error={error}
        />,
        error ? status : 200,
      );
    };

    /** A refusal of the service as the form shows it (its own sentence where it has one); other errors rethrown. */
    const refusal = (req: FastifyRequest, err: unknown): { error: DocumentFormError; status: number } | null => {
      if (!(err instanceof HttpError) || err.statusCode >= 500 || err.statusCode === 403 || err.statusCode === 401)
        return null;
      const { t } = pageContext(req, langOf(req));
      const field = (DOCUMENT_FIELDS as readonly string[]).includes(err.field ?? '')
        ? (err.field as DocumentField)
        : '-';
      const message =
        err.statusCode === 412 ? t('documentForm.stale') : err.i18n ? t(err.i18n.key, err.i18n.scope) : err.message;
      return { error: { field, message }, status: err.statusCode === 412 ? 409 : err.statusCode };
    };
    const toPage = (req: FastifyRequest, reply: FastifyReply, docId: string) =>
      reply
        .code(303)
        .header('cache-control', 'no-store')
        .header('location', href(langOf(req), `/documents/${encodeURIComponent(docId)}`))
        .send();

    const newPath = '/:lang/edit/documents/new';
    app.get(newPath, { schema: { hide: true } }, async (req, reply) => {
      const user = mayCreate(req);
      const m = (req.query as { mechanism?: string }).mechanism;
      const names = await registry.mechanismNames();
      return show(req, reply, user, null, {
        ...EMPTY,
        mechanisms: typeof m === 'string' && names.has(m) ? [m] : [],
      });
    });
    app.post(newPath, { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const user = mayCreate(req);
      const values = formValues(req);
      try {
        const r = await edits.create({ actor: user, ip: req.ip }, fieldsOf(values));
        return toPage(req, reply, r.id);
      } catch (err) {
        const r = refusal(req, err);
        if (!r) throw err;
        return show(req, reply, user, null, values, r.error, r.status);
      }
    });

    const editPath = '/:lang/edit/documents/:id';
    app.get(editPath, { schema: { hide: true } }, async (req, reply) => {
      const user = await mayEdit(req);
      const d = await edits.current(id(req));
      return show(req, reply, user, d.id, {
        title: d.title,
        kind: d.kind,
        date: d.date ?? '',
        datePrecision: d.datePrecision ?? '',
        mechanisms: d.mechanisms,
        meeting: d.meeting ?? '',
        languages: d.languages.join(', '),
        url: d.url ?? '',
        summaryFacts: d.summaryFacts.join('\n'),
        sources: d.sources.join('\n'),
        version: String(d.version),
      });
    });
    app.post(editPath, { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const user = await mayEdit(req);
      const values = formValues(req);
      const version = /^\d+$/.test(values.version ?? '') ? Number(values.version) : null;
      try {
        await edits.update({ actor: user, ip: req.ip }, id(req), fieldsOf(values), version);
        return toPage(req, reply, id(req));
      } catch (err) {
        const r = refusal(req, err);
        if (!r) throw err;
        // A stale form: shown again with the record as it is now (and its version), the editor's words lost no more
        // than the fields they typed — kept here.
        const now = r.status === 409 ? await edits.current(id(req)) : null;
        return show(
          req,
          reply,
          user,
          id(req),
          { ...values, version: now ? String(now.version) : values.version },
          r.error,
          r.status,
        );
      }
    });
  };
