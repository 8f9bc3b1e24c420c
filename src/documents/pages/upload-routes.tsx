/**
 * The upload form of a document's language versions: GET /{lang}/edit/documents/{id}/versions/new shows it, POST
 * the same path stores the file through the same service as the API (DocumentFiles.upload: type by content, sha-256
 * duplicates refused, audited, text read afterwards in the worker) and answers 303 to the document page showing the
 * new version. Who may: the API's rule (an editor of one of the document's mechanisms, or an administrator), checked
 * before the body is read; signed out: 303 to sign in. The CSRF token travels in the multipart body, so the body is
 * read (bounded by the upload limit) before the token is checked, and nothing is written before that check.
 * The same page holds the document's visibility form: POST /{lang}/edit/documents/{id}/visibility (a urlencoded
 * form, same rule of who may, CSRF-checked) sets it through DocumentsService.setVisibility and answers 303 back to
 * the page, which says it is saved; a bad value re-shows the page (400) with the message next to the field.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../accounts/model.js';
import { Conflict, Forbidden, HttpError, NotFound, Unauthenticated, ValidationError } from '../../http/errors.js';
import { pageErrorHandler } from '../../web/errors.js';
import { isLang, type Lang } from '../../web/i18n.js';
import { href, Layout, type PageContext } from '../../web/layout.js';
import { pageContext, sendPage } from '../../web/render.js';
import { LANG, type DocumentFiles } from '../files/service.js';
import { detectType, isAccepted, looksLikeHtml, PDF } from '../files/types.js';
import { VERSION_STATUSES } from '../model.js';
import type { DocumentsService } from '../service.js';
import { fileSize } from './pages.js';
import { uploadHref } from './parts.js';
import { UPLOAD_FIELDS, UploadPage, type UploadError, type UploadField } from './upload.js';

interface Parsed {
  _csrf?: string;
  fields: Record<string, string>;
  file: { bytes: Buffer; truncated: boolean; filename: string | null } | null;
  /** A part the form does not send (a second file, an unknown field): refused with the file's field. */
  unexpected: string | null;
}
declare module 'fastify' {
  interface FastifyRequest {
    upload?: Parsed;
  }
}

function langOf(req: FastifyRequest): Lang {
  const l = (req.params as { lang?: string }).lang;
  return isLang(l) ? l : 'en';
}

/** Is the start of a file cut off at the limit one of the accepted types (then "too large", else "wrong type")? */
async function acceptedStart(bytes: Buffer): Promise<boolean> {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4) return true;
  if (looksLikeHtml(bytes)) return true;
  return (await detectType(bytes.subarray(0, 4100))) === PDF;
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

export const uploadPages =
  (documents: DocumentsService, files: DocumentFiles, limitBytes: number): FastifyPluginAsync =>
  async (app) => {
    await app.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: limitBytes, files: 1, fields: 10, fieldSize: 200, parts: 12, headerPairs: 100 },
    });
    app.setErrorHandler(async (err, req, reply) => {
      const lang = langOf(req);
      if (err instanceof Unauthenticated) return reply.code(303).header('location', href(lang, '/sign-in')).send();
      if (err instanceof Forbidden || String((err as { code?: string }).code).startsWith('FST_CSRF_')) {
        const ctx = pageContext(req, lang);
        const message = err instanceof Forbidden ? ctx.t('upload.forbidden') : ctx.t('upload.csrf');
        return sendPage(reply, <ForbiddenPage ctx={ctx} message={message} />, 403);
      }
      return pageErrorHandler(err instanceof Error ? err : new Error(String(err)), req, reply);
    });
    // eslint-disable-next-line @typescript-eslint/unbound-method -- Fastify calls the hook with the instance bound
    const csrfCheck = app.csrfProtection;
    const path = '/:lang/edit/documents/:id/versions/new';
    const id = (req: FastifyRequest) => (req.params as { id: string }).id;

    /** Signed in, and an editor of one of the document's mechanisms or an administrator (404: no such document). */
    const authorize = async (req: FastifyRequest) => {
      if (!isLang((req.params as { lang?: string }).lang)) throw new NotFound('page', req.url);
      const mechanisms = await files.mechanismsOf(id(req));
      if (!req.user) throw new Unauthenticated('sign in to upload a file');
      const grants = req.user.grants;
      if (!mechanisms.some((m) => can(grants, 'document.upload', { mechanism: m })) && !can(grants, 'document.upload'))
        throw new Forbidden(
          'only an editor of the mechanisms of this document or an administrator may upload its files',
        );
    };

    const show = async (
      req: FastifyRequest,
      reply: FastifyReply,
      values: { language?: string | undefined; status?: string | undefined },
      error?: UploadError,
      status = 200,
      visibility?: { error?: string; saved?: boolean },
    ) => {
      const lang = langOf(req);
      const d = await documents.forEditor(req.user, id(req));
      return sendPage(
        reply,
        <UploadPage
          ctx={pageContext(req, lang)}
          d={d}
          csrf={reply.generateCsrf()}
          limitBytes={limitBytes}
          limitText={fileSize(lang, limitBytes)}
          values={values}
          error={error}
          visibility={visibility}
        />,
        error || visibility?.error ? status : 200,
      );
    };

    app.get(path, { schema: { hide: true }, preHandler: authorize }, async (req, reply) =>
      show(req, reply, {}, undefined, 200, {
        saved: (req.query as { visibility?: string }).visibility === 'saved',
      }),
    );

    app.post(
      '/:lang/edit/documents/:id/visibility',
      { schema: { hide: true }, preValidation: authorize, preHandler: csrfCheck },
      async (req, reply) => {
        const lang = langOf(req);
        const { t } = pageContext(req, lang);
        const value = (req.body as { visibility?: unknown } | undefined)?.visibility;
        try {
          await documents.setVisibility(req.user, id(req), value, req.ip);
        } catch (err) {
          if (err instanceof ValidationError && err.field === 'visibility')
            return show(req, reply, {}, undefined, 400, {
              error: t('documentVisibility.invalid', { value: typeof value === 'string' ? value : '' }),
            });
          throw err;
        }
        return reply
          .code(303)
          .header('cache-control', 'no-store')
          .header('location', `${uploadHref(lang, id(req))}?visibility=saved#visibility-title`)
          .send();
      },
    );

    app.post(
      path,
      {
        schema: { hide: true },
        // Before the body: who may. Then the body is read (the CSRF token is in it), then the token checked.
        preValidation: async (req) => {
          await authorize(req);
          const parsed: Parsed = { fields: {}, file: null, unexpected: null };
          if (req.isMultipart()) {
            for await (const part of req.parts()) {
              if (part.type === 'file') {
                if (part.fieldname !== 'file' || parsed.file) {
                  parsed.unexpected = part.fieldname;
                  part.file.resume();
                  continue;
                }
                const chunks: Buffer[] = [];
                for await (const c of part.file) chunks.push(c as Buffer);
                parsed.file = {
                  bytes: Buffer.concat(chunks),
                  truncated: part.file.truncated,
                  filename: part.filename || null,
                };
              } else if (part.fieldname === '_csrf') parsed._csrf = String(part.value);
              else if ((UPLOAD_FIELDS as readonly string[]).includes(part.fieldname))
                parsed.fields[part.fieldname] = String(part.value);
              else parsed.unexpected = part.fieldname;
            }
          }
          req.upload = parsed;
          req.body = { _csrf: parsed._csrf };
        },
        preHandler: csrfCheck,
      },
      async (req, reply) => {
        const lang = langOf(req);
        const ctx = pageContext(req, lang);
        const { t } = ctx;
        const p = req.upload!;
        const values = { language: p.fields.language, status: p.fields.status };
        const refuse = (field: UploadField, message: string, status = 400) =>
          show(req, reply, values, { field, message }, status);
        if (!req.isMultipart()) return refuse('file', t('upload.notMultipart'), 415);
        if (p.unexpected !== null) return refuse('file', t('upload.unexpected', { field: p.unexpected }));
        const language = p.fields.language;
        if (language === undefined || language === '') return refuse('language', t('upload.languageMissing'));
        if (!LANG.test(language)) return refuse('language', t('upload.languageInvalid', { value: language }));
        const status = p.fields.status;
        if (status === undefined || status === '') return refuse('status', t('upload.statusMissing'));
        if (!(VERSION_STATUSES as readonly string[]).includes(status))
          return refuse('status', t('upload.statusInvalid', { value: status }));
        if (!p.file || p.file.bytes.length === 0) return refuse('file', t('upload.fileMissing'));
        if (p.file.truncated)
          return (await acceptedStart(p.file.bytes))
            ? refuse('file', t('upload.tooLarge', { size: fileSize(lang, limitBytes) }), 413)
            : refuse('file', t('upload.wrongType', { type: t('upload.unknownType') }), 415);
        const type = await detectType(p.file.bytes);
        if (!isAccepted(type))
          return refuse('file', t('upload.wrongType', { type: type ?? t('upload.unknownType') }), 415);
        try {
          const v = await files.upload({
            documentId: id(req),
            lang: language,
            status,
            bytes: p.file.bytes,
            filename: p.file.filename,
            actor: req.user!.id,
            ip: req.ip,
          });
          const at = `${href(lang, `/documents/${encodeURIComponent(id(req))}`)}?version=${encodeURIComponent(v.id)}#files`;
          return reply.code(303).header('cache-control', 'no-store').header('location', at).send();
        } catch (err) {
          if (err instanceof Conflict && err.i18n) return refuse('file', t(err.i18n.key, err.i18n.scope), 409);
          if (err instanceof HttpError && err.statusCode < 500 && err.field)
            return refuse(
              (UPLOAD_FIELDS as readonly string[]).includes(err.field) ? (err.field as UploadField) : 'file',
              err.message,
              err.statusCode,
            );
          throw err;
        }
      },
    );
  };
