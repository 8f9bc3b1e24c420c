/** Editing pages under /{lang}/: forms for signed-in users, the review queue, and the public history of a record. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { NotFound, type RegistryService } from '../registry/service.js';
import { pageErrorHandler } from '../web/errors.js';
import { isLang, type Lang } from '../web/i18n.js';
import { href, Layout, type PageContext } from '../web/layout.js';
import { pageContext, sendPage } from '../web/render.js';
import { ConflictPage, EndFormPage, HistoryPage, MechanismEditPage, ReviewPage, type EndFormValues } from './pages.js';
import { EditError, type EditingService } from './service.js';

function langOf(req: FastifyRequest): Lang {
  const l = (req.params as { lang?: string }).lang;
  return isLang(l) ? l : 'en';
}

export const editingPages = (editing: EditingService, registry: RegistryService): FastifyPluginAsync => async (app) => {
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof EditError && err.statusCode === 401) return reply.code(303).header('location', href(langOf(req), '/sign-in')).send();
    if (err instanceof EditError && err.statusCode === 403) {
      return sendPage(reply, <ForbiddenPage ctx={pageContext(req, langOf(req))} message={err.message} />, 403);
    }
    if (err instanceof EditError && err.statusCode === 404) return pageErrorHandler(new NotFound('record', err.message), req, reply);
    return pageErrorHandler(err instanceof Error ? err : new Error(String(err)), req, reply);
  });
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
  // eslint-disable-next-line @typescript-eslint/unbound-method -- Fastify calls the hook with the instance bound
  const csrfCheck = app.csrfProtection;

  app.get('/:lang/edit/mechanisms/:id', { schema: { hide: true } }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const rows = await editing.editableRows(req.user, id);
    const name = (await registry.mechanismNames()).get(id) ?? id;
    return sendPage(noStore(reply), <MechanismEditPage ctx={pageContext(req, langOf(req))} mechanism={{ id, name }} rows={rows} />);
  });

  app.get('/:lang/edit/participation/:id', { schema: { hide: true } }, async (req, reply) => {
    const record = await editing.record((req.params as { id: string }).id);
    await editing.editableRows(req.user, record.mechanism_id); // permission check
    return sendPage(noStore(reply), <EndFormPage ctx={pageContext(req, langOf(req))} record={record} csrf={reply.generateCsrf()} />);
  });

  app.post('/:lang/edit/participation/:id', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
    const lang = langOf(req);
    const id = (req.params as { id: string }).id;
    const b = (req.body ?? {}) as Record<string, string | undefined>;
    const values: EndFormValues = { end: b.end ?? '', endCause: b.endCause ?? '', source: (b.source ?? '').trim(), note: b.note ?? '', version: b.version ?? '' };
    const version = /^\d+$/.test(values.version) ? Number(values.version) : null;
    try {
      const result = await editing.proposeEnd(req.user, id, version, { end: values.end, endCause: values.endCause, sources: values.source ? [values.source] : [], note: values.note || undefined });
      return reply.code(303).header('location', href(lang, `/history/participation/${encodeURIComponent(id)}`, `?change=${result.status}`)).send();
    } catch (err) {
      if (!(err instanceof EditError) || ![400, 412, 428].includes(err.statusCode)) throw err;
      const record = await editing.record(id);
      const ctx = pageContext(req, lang);
      if (err.statusCode === 412) return sendPage(noStore(reply), <ConflictPage ctx={ctx} record={record} yours={values} />, 409);
      return sendPage(noStore(reply), <EndFormPage ctx={ctx} record={record} csrf={reply.generateCsrf()} values={values} error={{ field: err.field ?? '-', message: err.message }} />, 400);
    }
  });

  app.get('/:lang/review', { schema: { hide: true } }, async (req, reply) =>
    sendPage(noStore(reply), <ReviewPage ctx={pageContext(req, langOf(req))} items={await editing.pending(req.user)} csrf={reply.generateCsrf()} />));

  app.post('/:lang/review/:id/publish', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
    const r = await editing.publish(req.user, (req.params as { id: string }).id);
    return reply.code(303).header('location', href(langOf(req), `/history/participation/${encodeURIComponent(r.recordId)}`, '?change=published')).send();
  });

  app.post('/:lang/review/:id/return', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
    await editing.returnChange(req.user, (req.params as { id: string }).id, String((req.body as { comment?: string } | undefined)?.comment ?? ''));
    return reply.code(303).header('location', href(langOf(req), '/review')).send();
  });

  app.get('/:lang/history/participation/:id', { schema: { hide: true } }, async (req, reply) => {
    const ctx = pageContext(req, langOf(req));
    const change = (req.query as { change?: string }).change;
    const notice = change === 'pending' ? ctx.t('edit.pending') : change === 'published' ? ctx.t('edit.published') : undefined;
    return sendPage(noStore(reply), <HistoryPage ctx={ctx} history={await editing.history((req.params as { id: string }).id)} notice={notice} />);
  });
};

function ForbiddenPage(props: { ctx: PageContext; message: string }) {
  return (
    <Layout ctx={props.ctx} title="403" description={props.ctx.t('edit.forbidden')}>
      <h1>403</h1>
      <p>{props.ctx.t('edit.forbidden')}</p>
      <p class="muted" lang="en">{props.message}</p>
    </Layout>
  );
}
