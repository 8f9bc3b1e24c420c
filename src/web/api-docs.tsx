/**
 * The API documentation as a page of the site, rendered on the server from the OpenAPI document: the site's
 * look, no script, nothing the Content-Security-Policy forbids. /api/docs sends the reader to it in their language.
 */
import type { FastifyInstance } from 'fastify';
import type { JSX } from 'preact';
import { isLang, negotiate } from './i18n.js';
import { href, Layout, type PageContext } from './layout.js';
import { pageContext, renderPage, HTML } from './render.js';
import { TableScroll } from './table.js';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Record<string, unknown>;
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: unknown;
  security?: unknown[];
  responses?: Record<string, { description?: string }>;
}
export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** "rcp | irf | global", "integer 1–500 = 50", "string" — a JSON schema in a few words. */
function schemaText(s: Record<string, unknown> | undefined): string {
  if (!s) return '';
  const text = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  if (Array.isArray(s.enum)) return s.enum.map(text).join(' | ');
  const parts = [text(s.type)];
  if (s.minimum !== undefined || s.maximum !== undefined) parts.push(`${text(s.minimum)}–${text(s.maximum)}`);
  if (s.default !== undefined) parts.push(`= ${text(s.default)}`);
  return parts.filter(Boolean).join(' ');
}

const anchor = (method: string, path: string) => `${method}-${path.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}`;

export function ApiDocsPage(props: { ctx: PageContext; doc: OpenApiDocument }): JSX.Element {
  const { ctx, doc } = props;
  const { t, lang } = ctx;
  const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m]! })),
  );
  const tags = (doc.tags ?? []).filter((tag) => ops.some((o) => o.op.tags?.includes(tag.name)));
  return (
    <Layout ctx={ctx} title={t('apiDocs.title')} description={t('apiDocs.intro')}>
      <h1>{t('apiDocs.title')}</h1>
      <p class="lead">{t('apiDocs.intro')}</p>
      <p>
        <a href="/api/openapi.json">{t('apiDocs.openapi')}</a> · {t('apiDocs.version')} {doc.info.version}
      </p>
      {lang !== 'en' ? <p class="muted">{t('apiDocs.englishOnly')}</p> : null}
      {doc.info.description ? <p lang="en">{doc.info.description}</p> : null}
      <nav aria-labelledby="api-contents">
        <h2 id="api-contents">{t('apiDocs.contents')}</h2>
        <ul class="cards api-tags">
          {tags.map((tag) => (
            <li>
              <a href={`#tag-${tag.name}`} lang="en">
                {tag.name}
              </a>
              {tag.description ? (
                <p class="muted" lang="en">
                  {tag.description}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </nav>
      {tags.map((tag) => (
        <section aria-labelledby={`tag-${tag.name}`}>
          <h2 id={`tag-${tag.name}`} lang="en">
            {tag.name}
          </h2>
          {ops
            .filter((o) => o.op.tags?.includes(tag.name))
            .map(({ path, method, op }) => (
              <article class="api-op" aria-labelledby={anchor(method, path)}>
                <h3 id={anchor(method, path)}>
                  <span class={`badge method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
                </h3>
                {op.summary ? <p lang="en">{op.summary}</p> : null}
                {op.description ? <p lang="en">{op.description}</p> : null}
                {op.security?.length ? <p class="muted">{t('apiDocs.token')}</p> : null}
                {op.parameters?.length ? (
                  <TableScroll label={`${t('apiDocs.parameters')} — ${method.toUpperCase()} ${path}`}>
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('apiDocs.parameter')}</th>
                          <th scope="col">{t('apiDocs.in')}</th>
                          <th scope="col">{t('apiDocs.type')}</th>
                          <th scope="col">{t('apiDocs.description')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {op.parameters.map((p) => (
                          <tr>
                            <th scope="row">
                              <code>{p.name}</code>
                              {p.required ? <span class="badge">{t('apiDocs.required')}</span> : null}
                            </th>
                            <td>{p.in}</td>
                            <td>
                              <code>{schemaText(p.schema)}</code>
                            </td>
                            <td lang="en">{p.description ?? ''}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                ) : null}
                {op.requestBody ? <p class="muted">{t('apiDocs.body')}</p> : null}
                {op.responses ? (
                  <p>
                    {t('apiDocs.responses')}:{' '}
                    {Object.entries(op.responses).map(([code, r], i) => (
                      <>
                        {i ? ', ' : ''}
                        <code>{code}</code>{' '}
                        {r.description && r.description !== 'Default Response' ? (
                          <span lang="en">{r.description}</span>
                        ) : null}
                      </>
                    ))}
                  </p>
                ) : null}
              </article>
            ))}
        </section>
      ))}
      <p>
        <a href={href(lang, '/')}>{t('common.backHome')}</a>
      </p>
    </Layout>
  );
}

/** GET /api/docs (a redirect to the reader's language) and /{lang}/api/docs. One registration call. */
export function registerApiDocs(app: FastifyInstance, doc: () => unknown): void {
  app.get('/api/docs', { schema: { hide: true } }, async (req, reply) =>
    reply.redirect(`/${negotiate(req.headers['accept-language'])}/api/docs`, 302),
  );
  app.get('/:lang/api/docs', { schema: { hide: true } }, async (req, reply) => {
    const lang = (req.params as { lang?: string }).lang;
    if (!isLang(lang)) return reply.callNotFound();
    const page = <ApiDocsPage ctx={pageContext(req, lang)} doc={doc() as OpenApiDocument} />;
    return reply.type(HTML).header('cache-control', 'public, max-age=300').send(renderPage(page));
  });
}
