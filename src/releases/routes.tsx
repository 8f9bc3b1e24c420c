/**
 * Releases over HTTP: /api/v1/releases (the list), /data/releases/{version}/{file} (immutable files,
 * readable from any origin), /data/releases/latest/{file} (a redirect to the newest release's file, the
 * stable URL) and the /{lang}/data page.
 */
import { createReadStream } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { NotFound } from '../http/errors.js';
import { PathKey } from '../http/problem.js';
import { pageOf, pageQuery } from '../http/paging.js';
import { isLang } from '../web/i18n.js';
import { HTML, pageContext, renderPage } from '../web/render.js';
import { tidyTables } from './model.js';
import { DataPage } from './pages.js';
import { ReleaseList } from './schema.js';
import { FILE, listReleases, releaseFile } from './store.js';

const TYPES: [RegExp, string][] = [
  [/\.csv$/, 'text/csv; charset=utf-8'],
  [/\.json$/, 'application/json; charset=utf-8'],
  [/^SHA256SUMS$/, 'text/plain; charset=utf-8'],
];

export const releaseRoutes =
  (dir: string): FastifyPluginAsync =>
  async (app) => {
    const tables = tidyTables({}).map((t) => ({ name: t.name, description: t.description }));

    app.get(
      '/api/v1/releases',
      {
        schema: {
          tags: ['registry'],
          summary: 'The dated releases of the published data, newest first, each with its files',
          querystring: Type.Object({ ...pageQuery() }, { additionalProperties: false }),
          response: { 200: ReleaseList },
        },
      },
      async (req, reply) => {
        const items = listReleases(dir).map((r) => ({
          version: r.version,
          created: r.created,
          digest: r.digest,
          url: `/data/releases/${r.version}/datapackage.json`,
          files: r.files.map((f) => ({ ...f, url: `/data/releases/${r.version}/${f.name}` })),
        }));
        return { ...pageOf(req, reply, items), latest: items.length ? '/data/releases/latest/datapackage.json' : null };
      },
    );

    const fileParam = PathKey(
      80,
      'A file of the release: datapackage.json, a table (name.csv or name.json) or SHA256SUMS',
    );
    const fileContent = Object.fromEntries(
      TYPES.map(([, type]) => [type.split(';')[0]!, { schema: Type.Unsafe<string>({ type: 'string' }) }]),
    );
    // The stable URL redirects only (no 2xx of its own): described on the versioned route, not as an operation.
    app.get(
      '/data/releases/latest/:file',
      { schema: { hide: true, params: Type.Object({ file: fileParam }) } },
      async (req, reply) => {
        const { file } = req.params as { file: string };
        const newest = listReleases(dir)[0];
        if (!newest || !FILE.test(file) || !releaseFile(dir, newest.version, file))
          throw new NotFound('release file', `latest/${file}`);
        return reply
          .header('cache-control', 'public, max-age=300')
          .header('access-control-allow-origin', '*')
          .redirect(`/data/releases/${newest.version}/${file}`, 302);
      },
    );

    app.get(
      '/data/releases/:version/:file',
      {
        schema: {
          tags: ['registry'],
          summary: 'A file of one release (immutable): the data package descriptor, a table, or the checksums',
          description:
            'The stable URL of the newest release is /data/releases/latest/{file}: it redirects (302) to the same file here.',
          params: Type.Object({
            version: PathKey(40, 'The release version, as /api/v1/releases lists it'),
            file: fileParam,
          }),
          response: {
            200: { description: 'The file (CSV, JSON or the SHA256SUMS text)', content: fileContent } as never,
            404: Type.Ref('Problem'),
          },
        },
      },
      async (req, reply) => {
        const { version, file } = req.params as { version: string; file: string };
        const path = releaseFile(dir, version, file);
        if (!path) throw new NotFound('release file', `${version}/${file}`);
        const type = TYPES.find(([re]) => re.test(file))![1];
        return reply
          .type(type)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('access-control-allow-origin', '*')
          .header('cross-origin-resource-policy', 'cross-origin')
          .send(createReadStream(path));
      },
    );

    // Not through the response cache: a release is built beside the running server, without a data change.
    app.get('/:lang/data', { schema: { hide: true } }, async (req, reply) => {
      const lang = (req.params as { lang?: string }).lang;
      if (!isLang(lang)) throw new NotFound('page', req.url);
      return reply
        .type(HTML)
        .header('cache-control', 'public, max-age=60')
        .send(renderPage(<DataPage ctx={pageContext(req, lang)} releases={listReleases(dir)} tables={tables} />));
    });
  };
