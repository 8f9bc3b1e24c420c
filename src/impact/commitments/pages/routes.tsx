/**
 * Commitments pages under /{lang}/: the frameworks and commitments, a cycle's dashboard, one commitment (public,
 * through the response cache for readers signed out; rendered for a signed-in reader with the follow-up tasks it
 * may do, never cached), and the follow-up forms: open a reporting cycle, report an update, one update, the review
 * queue. The forms are plain posts with the CSRF token; a refusal re-shows the form (400) naming the field.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ResponseCache } from '../../../http/cache.js';
import { BadParameter, HttpError, NotFound, ValidationError } from '../../../http/errors.js';
import { countryNames } from '../../../registry/countries.js';
import type { RegistryService } from '../../../registry/service.js';
import { pageErrorHandler } from '../../../web/errors.js';
import { isLang, type Lang } from '../../../web/i18n.js';
import { href } from '../../../web/layout.js';
import { HTML, pageContext, renderPage, sendPage } from '../../../web/render.js';
import { STATUSES, type Status } from '../model.js';
import type { CommitmentsService } from '../service.js';
import {
  OpenCyclePage,
  ReportPage,
  ReviewPage,
  UpdatePage,
  type FormError,
  type OpenCycleValues,
  type ReportValues,
  type Tasks,
} from './forms.js';
import { CommitmentPage, CommitmentsPage, CyclePage, type CommitmentsQuery } from './pages.js';

type Query = Record<string, string | undefined>;
const one = (q: Query, k: string) => (q[k] === undefined || q[k] === '' ? undefined : String(q[k]));
const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

function langOf(req: FastifyRequest): Lang {
  const lang = (req.params as { lang?: string }).lang;
  if (!isLang(lang)) throw new NotFound('page', req.url);
  return lang;
}

const NOTICES: Record<string, string> = {
  opened: 'commitmentForms.opened',
  reported: 'commitmentForms.reported',
  accepted: 'commitmentForms.accepted',
  returned: 'commitmentForms.returned',
};
/** A refusal the form shows (400 naming a field); anything else goes to the error page. */
const formError = (err: unknown): FormError => {
  if (!(err instanceof HttpError) || err.statusCode !== 400 || !err.field) throw err;
  return { field: err.field, message: err.message };
};

export const commitmentsPages =
  (service: CommitmentsService, registry: RegistryService, cache: ResponseCache): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler(pageErrorHandler);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- Fastify calls the hook with the instance bound
    const csrfCheck = app.csrfProtection;
    const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
    /** A public page: cached for readers signed out; for a signed-in reader rendered with its tasks, never cached. */
    const page = (path: string, build: (req: FastifyRequest, lang: Lang) => Promise<string>) =>
      app.get(`/:lang${path}`, { schema: { hide: true } }, async (req, reply) => {
        const lang = langOf(req);
        reply.header('vary', 'cookie');
        if (req.user)
          return noStore(reply)
            .type(HTML)
            .send(await build(req, lang));
        reply.header('cache-control', 'public, max-age=300');
        return cache.sendText(req, reply, HTML, () => build(req, lang));
      });
    const labels = async (lang: Lang) => ({ mechanism: await registry.mechanismNames(), country: countryNames(lang) });
    const notice = (req: FastifyRequest, lang: Lang) => {
      const n = (req.query as { notice?: string } | undefined)?.notice;
      return req.user && n && NOTICES[n] ? pageContext(req, lang).t(NOTICES[n]) : undefined;
    };
    /** The signed-in reader's tasks: open a cycle, the review queue, report on these commitments. */
    const tasks = async (
      req: FastifyRequest,
      report: { id: string; text: string }[],
      cycle?: string,
    ): Promise<Tasks | null> => {
      const user = req.user;
      if (!user) return null;
      const [open, reviewer] = await Promise.all([service.openable(user), service.mayReviewAny(user)]);
      const mayReport: Tasks['report'] = [];
      for (const c of report) {
        const o = await service.reportOptions(user, c.id);
        const inCycle = cycle === undefined ? o.cycles[0] : o.cycles.find((x) => x.cycle.id === cycle);
        if (inCycle) mayReport.push({ ...c, cycle: inCycle.cycle.id });
        else if (o.outside && cycle === undefined) mayReport.push({ ...c, cycle: null });
      }
      return {
        open: open.length > 0,
        pending: reviewer ? (await service.pending(user)).length : null,
        report: mayReport,
      };
    };

    page('/commitments', async (req, lang) => {
      const q = req.query as Query;
      const query: CommitmentsQuery = {
        framework: one(q, 'framework'),
        mechanism: one(q, 'mechanism'),
        country: one(q, 'country'),
        status: one(q, 'status'),
        asOf: one(q, 'asOf'),
      };
      if (query.status !== undefined && ![...STATUSES, 'none'].includes(query.status))
        throw new BadParameter('status', `status "${query.status}" is not one of ${[...STATUSES, 'none'].join(', ')}`);
      if (query.country !== undefined && !/^[A-Z]{3}$/.test(query.country))
        throw new BadParameter('country', `country "${query.country}" is not an ISO 3166-1 alpha-3 code`);
      const all = await service.list({});
      const r = await service.list({ ...query, status: query.status as Status | 'none' | undefined });
      const frameworks = await service.frameworks();
      const shown = frameworks.filter((f) => !query.framework || f.id === query.framework);
      return renderPage(
        <CommitmentsPage
          ctx={pageContext(req, lang)}
          query={query}
          asOf={r.asOf}
          frameworks={await Promise.all(shown.map((f) => service.framework(f.id, r.asOf)))}
          items={r.items}
          cycles={await service.cycles()}
          labels={await labels(lang)}
          options={{
            frameworks,
            mechanisms: [...new Set(all.items.flatMap((c) => c.mechanisms))].sort(),
            countries: [...countryNames(lang).keys()].sort(),
          }}
          tasks={await tasks(req, [])}
        />,
      );
    });

    page('/commitments/cycles/:id', async (req, lang) => {
      const id = (req.params as { id: string }).id;
      const asOf = one(req.query as Query, 'asOf');
      const c = await service.cycle(id, asOf);
      return renderPage(
        <CyclePage
          ctx={pageContext(req, lang)}
          c={c}
          labels={await labels(lang)}
          tasks={await tasks(req, c.open ? c.commitments : [], c.id)}
          notice={notice(req, lang)}
        />,
      );
    });

    page('/commitments/:id', async (req, lang) => {
      const id = (req.params as { id: string }).id;
      const asOf = one(req.query as Query, 'asOf');
      const c = await service.get(id, asOf);
      return renderPage(
        <CommitmentPage ctx={pageContext(req, lang)} c={c} labels={await labels(lang)} tasks={await tasks(req, [c])} />,
      );
    });

    // ---------------------------------------------------------------- open a reporting cycle

    const openPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      status: number,
      values: OpenCycleValues | null,
      error?: FormError,
    ) => {
      const lang = langOf(req);
      const mechanisms = await service.authoriseOpen(req.user);
      return sendPage(
        noStore(reply),
        <OpenCyclePage
          ctx={pageContext(req, lang)}
          csrf={reply.generateCsrf()}
          mechanisms={mechanisms}
          labels={await labels(lang)}
          values={values ?? { mechanism: mechanisms[0] ?? '', title: '', deadline: '' }}
          error={error}
        />,
        status,
      );
    };

    app.get('/:lang/commitments/cycles/new', { schema: { hide: true } }, async (req, reply) =>
      openPage(req, reply, 200, null),
    );

    app.post('/:lang/commitments/cycles/new', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const lang = langOf(req);
      const b = (req.body ?? {}) as Record<string, unknown>;
      const values: OpenCycleValues = {
        mechanism: str(b.mechanism).trim(),
        title: str(b.title),
        deadline: str(b.deadline).trim(),
      };
      // 401 and 403 before the body is read for errors: whoever may open no cycle is refused, whatever it sent
      await service.authoriseOpen(req.user);
      let id: string;
      try {
        id = (await service.openCycle(req.user, values)).id;
      } catch (err) {
        return openPage(req, reply, 400, values, formError(err));
      }
      return noStore(reply)
        .code(303)
        .header('location', href(lang, `/commitments/cycles/${encodeURIComponent(id)}`, '?notice=opened'))
        .send();
    });

    // ---------------------------------------------------------------- report an update

    const reportPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      status: number,
      values: ReportValues | null,
      error?: FormError,
    ) => {
      const lang = langOf(req);
      const id = (req.params as { id: string }).id;
      const options = await service.authoriseReport(req.user, id);
      const c = await service.get(id);
      const asked = one(req.query as Query, 'cycle');
      const cycle = options.cycles.find((x) => x.cycle.id === asked) ?? options.cycles[0];
      return sendPage(
        noStore(reply),
        <ReportPage
          ctx={pageContext(req, lang)}
          csrf={reply.generateCsrf()}
          commitment={{ id: c.id, text: c.text }}
          options={options}
          labels={await labels(lang)}
          values={
            values ?? {
              cycle: cycle?.cycle.id ?? '',
              country: cycle?.countries[0] ?? '',
              status: '',
              progress: '',
              date: service.clock(),
              evidenceUrl: '',
              evidenceDocument: '',
              note: '',
            }
          }
          error={error}
        />,
        status,
      );
    };

    app.get('/:lang/commitments/:id/report', { schema: { hide: true } }, async (req, reply) =>
      reportPage(req, reply, 200, null),
    );

    app.post('/:lang/commitments/:id/report', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const lang = langOf(req);
      const id = (req.params as { id: string }).id;
      const b = (req.body ?? {}) as Record<string, unknown>;
      const values: ReportValues = {
        cycle: str(b.cycle).trim(),
        country: str(b.country).trim(),
        status: str(b.status).trim(),
        progress: str(b.progress).trim(),
        date: str(b.date).trim(),
        evidenceUrl: str(b.evidenceUrl).trim(),
        evidenceDocument: str(b.evidenceDocument).trim(),
        note: str(b.note),
      };
      await service.authoriseReport(req.user, id);
      let update: string;
      try {
        update = (
          await service.report(req.user, id, {
            ...(values.cycle ? { cycle: values.cycle } : {}),
            country: values.country || null,
            status: values.status as Status,
            progress: values.progress === '' ? null : Number(values.progress),
            date: values.date,
            evidenceUrl: values.evidenceUrl || null,
            evidenceDocument: values.evidenceDocument || null,
            note: values.note || null,
          })
        ).id;
      } catch (err) {
        return reportPage(req, reply, 400, values, formError(err));
      }
      return noStore(reply)
        .code(303)
        .header('location', href(lang, `/commitments/updates/${encodeURIComponent(update)}`, '?notice=reported'))
        .send();
    });

    // ---------------------------------------------------------------- one update, the review queue

    app.get('/:lang/commitments/updates/:id', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      const u = await service.updateFor(req.user, (req.params as { id: string }).id);
      return sendPage(
        noStore(reply),
        <UpdatePage ctx={pageContext(req, lang)} u={u} labels={await labels(lang)} notice={notice(req, lang)} />,
      );
    });

    const reviewPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      status: number,
      error?: FormError & { update: string; comment: string },
    ) => {
      const lang = langOf(req);
      const items = await service.queue(req.user);
      return sendPage(
        noStore(reply),
        <ReviewPage
          ctx={pageContext(req, lang)}
          csrf={reply.generateCsrf()}
          items={items}
          labels={await labels(lang)}
          error={error}
          notice={notice(req, lang)}
        />,
        status,
      );
    };

    app.get('/:lang/commitments/review', { schema: { hide: true } }, async (req, reply) => reviewPage(req, reply, 200));

    app.post(
      '/:lang/commitments/updates/:id/review',
      { schema: { hide: true }, preHandler: csrfCheck },
      async (req, reply) => {
        const lang = langOf(req);
        const id = (req.params as { id: string }).id;
        const b = (req.body ?? {}) as Record<string, unknown>;
        const comment = str(b.comment);
        const decision = str(b.decision);
        await service.queue(req.user);
        try {
          if (decision !== 'accept' && decision !== 'return')
            throw new ValidationError('choose accept or return', 'decision');
          await service.review(req.user, id, { decision, comment });
        } catch (err) {
          return reviewPage(req, reply, 400, { ...formError(err), update: id, comment });
        }
        return noStore(reply)
          .code(303)
          .header(
            'location',
            href(lang, '/commitments/review', `?notice=${decision === 'accept' ? 'accepted' : 'returned'}`),
          )
          .send();
      },
    );
  };
