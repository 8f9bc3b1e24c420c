/**
 * Follow pages under /{lang}/account/following (the signed-in reader's own: never cached, in no sitemap; forms
 * CSRF-protected), the one-click unsubscribe link (signed, no sign-in), and the public Atom feeds of published
 * changes under /feeds/ (beside the calendars' /calendar/: the language as ?lang=, ETag from the response cache,
 * CORS as every public feed).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { BadParameter, HttpError, Moved, NotFound } from '../../http/errors.js';
import type { ResponseCache } from '../../http/cache.js';
import { countryNames } from '../../registry/countries.js';
import type { RegistryService } from '../../registry/service.js';
import { pageErrorHandler } from '../../web/errors.js';
import { isLang, LANGS, translator, type Lang } from '../../web/i18n.js';
import { href } from '../../web/layout.js';
import { origin, pageContext, sendPage } from '../../web/render.js';
import { atomFeed, entryId } from '../model.js';
import type { FollowService } from '../service.js';
import { FollowingPage, UnsubscribedPage } from './pages.js';

function langOf(req: FastifyRequest): Lang {
  const lang = (req.params as { lang?: string }).lang;
  if (!isLang(lang)) throw new NotFound('page', req.url);
  return lang;
}

const field = (body: unknown, name: string): string => {
  const v = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? String(v.at(-1) ?? '') : '';
};

export const followPages =
  (follow: FollowService): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler(pageErrorHandler);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- Fastify calls the hook with the instance bound
    const csrfCheck = app.csrfProtection;
    const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
    const signIn = (reply: FastifyReply, lang: Lang) =>
      noStore(reply).code(303).header('location', href(lang, '/sign-in')).send();
    const back = (reply: FastifyReply, lang: Lang, notice: string, asked?: { kind: string; target: string }) =>
      noStore(reply)
        .code(303)
        .header(
          'location',
          href(
            lang,
            '/account/following',
            `?notice=${notice}${asked ? `&kind=${encodeURIComponent(asked.kind)}&target=${encodeURIComponent(asked.target)}` : ''}`,
          ),
        )
        .send();

    const render = async (
      req: FastifyRequest,
      reply: FastifyReply,
      lang: Lang,
      opts: { error?: { field: string; message: string }; status?: number } = {},
    ) => {
      const user = req.user!;
      const ctx = pageContext(req, lang);
      const q = req.query as { kind?: string; target?: string; notice?: string };
      let asked;
      if (q.kind !== undefined || q.target !== undefined) {
        const r = await follow.resolve(q.kind ?? '', q.target ?? '', user);
        const list = await follow.list(user, lang);
        const found = list.items.find((f) => f.kind === r.kind && f.target === r.target);
        asked = {
          kind: r.kind,
          target: r.target,
          name: found?.name ?? (await follow.nameFor(r.kind, r.target, lang, user)),
          following: found !== undefined,
        };
      }
      const { items, preference } = await follow.list(user, lang);
      const notices: Record<string, string> = {
        followed: ctx.t('follow.noticeFollowed'),
        unfollowed: ctx.t('follow.noticeUnfollowed'),
        seen: ctx.t('follow.noticeSeen'),
        digest: ctx.t('follow.noticeDigest'),
      };
      return sendPage(
        noStore(reply),
        <FollowingPage
          ctx={ctx}
          csrf={reply.generateCsrf()}
          items={items}
          preference={preference}
          unseen={await follow.unseen(user, lang)}
          asked={asked}
          notice={q.notice ? notices[q.notice] : undefined}
          error={opts.error}
        />,
        opts.status ?? 200,
      );
    };

    app.get('/:lang/account/following', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      if (!req.user) return signIn(reply, lang);
      return render(req, reply, lang);
    });

    const formError = async (req: FastifyRequest, reply: FastifyReply, lang: Lang, err: unknown) => {
      if (err instanceof HttpError && err.statusCode === 400)
        return render(req, reply, lang, { error: { field: err.field ?? '', message: err.message }, status: 400 });
      throw err;
    };

    app.post('/:lang/account/following/add', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const lang = langOf(req);
      if (!req.user) return signIn(reply, lang);
      try {
        const r = await follow.follow(req.user, field(req.body, 'kind'), field(req.body, 'target'), lang);
        return back(reply, lang, 'followed', r.follow);
      } catch (err) {
        return formError(req, reply, lang, err);
      }
    });

    app.post(
      '/:lang/account/following/remove',
      { schema: { hide: true }, preHandler: csrfCheck },
      async (req, reply) => {
        const lang = langOf(req);
        if (!req.user) return signIn(reply, lang);
        try {
          await follow.unfollow(req.user, field(req.body, 'kind'), field(req.body, 'target'));
          return back(reply, lang, 'unfollowed');
        } catch (err) {
          return formError(req, reply, lang, err);
        }
      },
    );

    app.post('/:lang/account/following/seen', { schema: { hide: true }, preHandler: csrfCheck }, async (req, reply) => {
      const lang = langOf(req);
      if (!req.user) return signIn(reply, lang);
      await follow.markSeen(req.user);
      return back(reply, lang, 'seen');
    });

    app.post(
      '/:lang/account/following/digest',
      { schema: { hide: true }, preHandler: csrfCheck },
      async (req, reply) => {
        const lang = langOf(req);
        if (!req.user) return signIn(reply, lang);
        try {
          await follow.setPreference(
            req.user,
            { period: field(req.body, 'period') || undefined, lang: field(req.body, 'lang') || undefined },
            lang,
          );
          return back(reply, lang, 'digest');
        } catch (err) {
          return formError(req, reply, lang, err);
        }
      },
    );

    // The one-click unsubscribe link of a digest: signed (HMAC), no sign-in, GET (the link) and POST (RFC 8058).
    const unsubscribe = async (req: FastifyRequest, reply: FastifyReply) => {
      const lang = langOf(req);
      const q = req.query as { u?: string; s?: string };
      const ok = await follow.unsubscribe(String(q.u ?? ''), String(q.s ?? ''));
      return sendPage(noStore(reply), <UnsubscribedPage ctx={pageContext(req, lang)} ok={ok} />, ok ? 200 : 400);
    };
    app.get('/:lang/account/following/unsubscribe', { schema: { hide: true } }, unsubscribe);
    app.post('/:lang/account/following/unsubscribe', { schema: { hide: true } }, unsubscribe);
  };

/** The public Atom feeds of published changes: all, per mechanism, per country. */
export const changeFeeds =
  (follow: FollowService, registry: RegistryService, cache: ResponseCache): FastifyPluginAsync =>
  async (app) => {
    const langQuery = (req: FastifyRequest): Lang => {
      const asked = (req.query as { lang?: string }).lang;
      if (asked !== undefined && !isLang(asked))
        throw new BadParameter('lang', `lang "${asked}" is not one of ${LANGS.join(', ')}`);
      return asked ?? 'en';
    };
    const moved = (reply: FastifyReply, req: FastifyRequest, path: string) => {
      const at = req.url.indexOf('?');
      return reply.redirect(`${path}${at < 0 ? '' : req.url.slice(at)}`, 301);
    };
    const feed = async (
      req: FastifyRequest,
      reply: FastifyReply,
      o: { title: (lang: Lang) => string; page: string; scope: { mechanism?: string; country?: string } },
    ) => {
      const lang = langQuery(req);
      const base = origin(req);
      const t = translator(lang);
      return cache.sendText(req, reply, 'application/atom+xml; charset=utf-8', async () => {
        const changes = await follow.feedChanges(o.scope);
        const views = await follow.present(changes, lang);
        const path = req.url.split('?')[0]!;
        return atomFeed({
          id: `${base}${path}`,
          title: o.title(lang),
          subtitle: t('follow.feedSubtitle'),
          self: `${base}${path}?lang=${lang}`,
          alternate: `${base}${href(lang, o.page)}`,
          lang,
          emptyUpdated: '2026-01-01T00:00:00.000Z',
          entries: views.map((v) => ({
            id: entryId(v.id),
            title: v.text,
            updated: v.publishedAt,
            link: `${base}${href(lang, v.path)}`,
            summary: t('follow.feedEntry', {
              text: v.text,
              date: v.publishedAt.slice(0, 10),
              interpolation: { escapeValue: false },
            }),
          })),
        });
      });
    };
    const feedId = (req: FastifyRequest, param: string) => {
      const raw = (req.params as Record<string, string>)[param]!;
      return { id: raw.replace(/\.atom$/, ''), suffixed: raw.endsWith('.atom') };
    };

    app.get('/feeds/changes.atom', { schema: { hide: true } }, async (req, reply) =>
      feed(req, reply, { title: (lang) => translator(lang)('follow.feedAllTitle'), page: '/', scope: {} }),
    );
    app.get('/feeds/mechanisms/:id', { schema: { hide: true } }, async (req, reply) => {
      const { id, suffixed } = feedId(req, 'id');
      let canonical: string;
      try {
        canonical = (await registry.resolveMechanism(id)).id;
      } catch (err) {
        if (err instanceof Moved) canonical = err.canonical;
        else throw err;
      }
      if (canonical !== id || !suffixed) return moved(reply, req, `/feeds/mechanisms/${canonical}.atom`);
      const name = (await registry.mechanismNames()).get(id) ?? id;
      return feed(req, reply, {
        title: (lang) => translator(lang)('follow.feedOfTitle', { name, interpolation: { escapeValue: false } }),
        page: `/mechanisms/${encodeURIComponent(id)}`,
        scope: { mechanism: id },
      });
    });
    app.get('/feeds/countries/:iso3', { schema: { hide: true } }, async (req, reply) => {
      const { id, suffixed } = feedId(req, 'iso3');
      const code = id.toUpperCase();
      if (!registry.countryCodes().has(code)) throw new NotFound('country', id);
      if (code !== id || !suffixed) return moved(reply, req, `/feeds/countries/${code}.atom`);
      return feed(req, reply, {
        title: (lang) =>
          translator(lang)('follow.feedOfTitle', {
            name: countryNames(lang).get(code) ?? code,
            interpolation: { escapeValue: false },
          }),
        page: `/countries/${code}`,
        scope: { country: code },
      });
    });
  };
