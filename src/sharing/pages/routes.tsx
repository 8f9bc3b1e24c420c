/**
 * Member-space pages under /{lang}/spaces/: answered for the session's reader, never through the response cache
 * (every answer is `private, no-store`), and in no sitemap.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { NotFound } from '../../http/errors.js';
import { countryNames } from '../../registry/countries.js';
import { pageErrorHandler } from '../../web/errors.js';
import { isLang, type Lang } from '../../web/i18n.js';
import { pageContext, sendPage } from '../../web/render.js';
import type { QueriesService } from '../queries/service.js';
import type { SharingService } from '../service.js';
import { PostPage, SpacePage } from './pages.js';

function langOf(req: FastifyRequest): Lang {
  const lang = (req.params as { lang?: string }).lang;
  if (!isLang(lang)) throw new NotFound('page', req.url);
  return lang;
}

export const sharingPages =
  (sharing: SharingService, queries: QueriesService): FastifyPluginAsync =>
  async (app) => {
    app.setErrorHandler(pageErrorHandler);

    app.get('/:lang/spaces/:mechanism', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      const { mechanism: id } = req.params as { mechanism: string };
      const mechanism = await sharing.mechanism(id);
      const r = await sharing.posts(req.user, mechanism.id);
      const docs = await sharing.documents(req.user, mechanism.id);
      return sendPage(
        reply,
        <SpacePage
          ctx={pageContext(req, lang)}
          mechanism={mechanism}
          seenAs={await sharing.spaceRole(r.viewer, mechanism.id)}
          signedIn={req.user !== null}
          posts={r.items}
          documents={docs.items}
          countries={countryNames(lang)}
          openQueries={await queries.openFor(r.viewer, mechanism.id)}
        />,
      );
    });

    app.get('/:lang/spaces/:mechanism/posts/:id', { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      const { mechanism: id, id: postId } = req.params as { mechanism: string; id: string };
      const mechanism = await sharing.mechanism(id);
      const post = await sharing.post(req.user, mechanism.id, postId);
      return sendPage(
        reply,
        <PostPage ctx={pageContext(req, lang)} mechanism={mechanism} post={post} countries={countryNames(lang)} />,
      );
    });
  };
