/**
 * Delegation pages under /{lang}/meetings/{id}/delegations: answered for the session's reader, never through the
 * response cache (`no-store`), in no sitemap. The forms are plain posts with the CSRF token; the meeting pack is
 * downloaded as /{lang}/meetings/{id}/delegations/pack.zip with the session.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, NotFound, ValidationError } from '../../http/errors.js';
import { countryNames } from '../../registry/countries.js';
import { pageErrorHandler } from '../../web/errors.js';
import { isLang, type Lang } from '../../web/i18n.js';
import { pageContext, sendPage } from '../../web/render.js';
import { DECISIONS, type Decision } from './model.js';
import {
  delegationsHref,
  DelegationsPage,
  PERSON_SLOTS,
  SignInPage,
  type OrgRegisterError,
  type RegisterError,
} from './pages.js';
import type { DelegationsService } from './service.js';

function langOf(req: FastifyRequest): Lang {
  const lang = (req.params as { lang?: string }).lang;
  if (!isLang(lang)) throw new NotFound('page', req.url);
  return lang;
}
const NOTICES: Record<string, string> = {
  registered: 'delegations.savedRegistered',
  confirmed: 'delegations.savedConfirmed',
  declined: 'delegations.savedDeclined',
};
const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

export const delegationsPages =
  (delegations: DelegationsService): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler(pageErrorHandler);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- Fastify calls the hook with the instance bound
    const csrfCheck = app.csrfProtection;
    const id = (req: FastifyRequest) => (req.params as { id: string }).id;

    const page = async (
      req: FastifyRequest,
      reply: FastifyReply,
      status = 200,
      error: RegisterError | null = null,
      values: { country: string; persons: { name: string; function: string }[] } | null = null,
      org: {
        error: OrgRegisterError;
        values: { organization: string; persons: { name: string; function: string }[] };
      } | null = null,
    ) => {
      const lang = langOf(req);
      const ctx = pageContext(req, lang);
      if (!req.user) {
        const m = await delegations.meeting(id(req));
        return sendPage(reply, <SignInPage ctx={ctx} meeting={m} />, status);
      }
      const data = await delegations.list(req.user, id(req));
      let pack: { files: number; bytes: number } | null = null;
      try {
        const plan = await delegations.packPlan(req.user, data.meeting.id);
        pack = { files: plan.entries.length, bytes: plan.contentBytes };
      } catch (err) {
        if (!(err instanceof HttpError) || err.statusCode !== 403) throw err;
      }
      const n = (req.query as { notice?: string } | undefined)?.notice;
      return sendPage(
        reply,
        <DelegationsPage
          ctx={ctx}
          data={data}
          csrf={reply.generateCsrf()}
          names={countryNames(lang)}
          pack={pack}
          notice={n && NOTICES[n] ? ctx.t(NOTICES[n]) : undefined}
          error={error}
          values={values}
          orgError={org?.error ?? null}
          orgValues={org?.values ?? null}
        />,
        status,
      );
    };

    app.get('/:lang/meetings/:id/delegations', { schema: { hide: true } }, async (req, reply) => page(req, reply));

    app.get('/:lang/meetings/:id/delegations/pack.zip', { schema: { hide: true } }, async (req, reply) => {
      langOf(req);
      const p = await delegations.pack(req.user, id(req));
      return reply
        .type('application/zip')
        .header('cache-control', 'private, no-store')
        .header('content-length', String(p.size))
        .header('content-disposition', `attachment; filename="${p.filename}"`)
        .send(p.stream);
    });

    // Organizations' delegations: the meeting's secretariat (or an administrator) registers and decides on the
    // organization's behalf (there is no organization role in accounts).
    app.post(
      '/:lang/meetings/:id/organization-delegations/register',
      { schema: { hide: true }, preHandler: csrfCheck },
      async (req, reply) => {
        const lang = langOf(req);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const org = str(b.org);
        const persons = Array.from({ length: PERSON_SLOTS }, (_, i) => ({
          name: str(b[`persons.${i}.name`]),
          function: str(b[`persons.${i}.function`]),
        }));
        const filled = persons.flatMap((p, i) => (p.name.trim() || p.function.trim() ? [i] : []));
        try {
          if (!org) throw new ValidationError('choose an organization', 'org');
          await delegations.authoriseOrg(req.user, id(req), org);
          await delegations.registerOrg(req.user, id(req), org, { persons: filled.map((i) => persons[i]!) });
          return await reply
            .code(303)
            .header('location', delegationsHref(pageContext(req, lang), id(req), '?notice=registered'))
            .send();
        } catch (err) {
          if (!(err instanceof HttpError) || !err.field || ![400, 404].includes(err.statusCode)) throw err;
          if (err.statusCode === 404 && err.field !== 'org') throw err;
          const field = err.field.replace(/^persons\.(\d+)/, (_, n: string) => `persons.${filled[Number(n)] ?? 0}`);
          return page(req, reply, 400, null, null, {
            error: { field, message: err.message },
            values: { organization: org, persons },
          });
        }
      },
    );

    app.post(
      '/:lang/meetings/:id/organization-delegations/:org/decision',
      { schema: { hide: true }, preHandler: csrfCheck },
      async (req, reply) => {
        const lang = langOf(req);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const org = (req.params as { org: string }).org;
        await delegations.authoriseOrg(req.user, id(req), org);
        const decision = str(b.decision);
        if (!(DECISIONS as readonly string[]).includes(decision))
          throw new ValidationError(`decision must be one of ${DECISIONS.join(', ')}`, 'decision');
        await delegations.decideOrg(req.user, id(req), org, { decision: decision as Decision, note: str(b.note) });
        return reply
          .code(303)
          .header('location', delegationsHref(pageContext(req, lang), id(req), `?notice=${decision}`))
          .send();
      },
    );

    app.post(
      '/:lang/meetings/:id/delegations/:country',
      { schema: { hide: true }, preHandler: csrfCheck },
      async (req, reply) => {
        const lang = langOf(req);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const param = (req.params as { country: string }).country;
        const any = param === 'register';
        const country = any ? str(b.country) : param;
        const persons = Array.from({ length: PERSON_SLOTS }, (_, i) => ({
          name: str(b[`persons.${i}.name`]),
          function: str(b[`persons.${i}.function`]),
        }));
        // Rows left empty are no persons; the numbering of fields follows the form's rows.
        const filled = persons.flatMap((p, i) => (p.name.trim() || p.function.trim() ? [i] : []));
        try {
          if (any && !/^[A-Z]{3}$/.test(country)) throw new ValidationError('choose a State', 'country');
          await delegations.authoriseRegister(req.user, id(req), country);
          await delegations.register(req.user, id(req), country, { persons: filled.map((i) => persons[i]!) });
          return await reply
            .code(303)
            .header('location', delegationsHref(pageContext(req, lang), id(req), '?notice=registered'))
            .send();
        } catch (err) {
          if (!(err instanceof HttpError) || err.statusCode !== 400 || !err.field) throw err;
          // persons.N of the filled rows is row filled[N] of the form.
          const field = err.field.replace(/^persons\.(\d+)/, (_, n: string) => `persons.${filled[Number(n)] ?? 0}`);
          return page(
            req,
            reply,
            400,
            { country: any ? 'any' : country, field, message: err.message },
            {
              country: any ? 'any' : country,
              persons,
            },
          );
        }
      },
    );

    app.post(
      '/:lang/meetings/:id/delegations/:country/decision',
      { schema: { hide: true }, preHandler: csrfCheck },
      async (req, reply) => {
        const lang = langOf(req);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const country = (req.params as { country: string }).country;
        await delegations.authoriseDecide(req.user, id(req), country);
        const decision = str(b.decision);
        if (!(DECISIONS as readonly string[]).includes(decision))
          throw new ValidationError(`decision must be one of ${DECISIONS.join(', ')}`, 'decision');
        await delegations.decide(req.user, id(req), country, {
          decision: decision as Decision,
          note: str(b.note),
        });
        return reply
          .code(303)
          .header('location', delegationsHref(pageContext(req, lang), id(req), `?notice=${decision}`))
          .send();
      },
    );
  };
