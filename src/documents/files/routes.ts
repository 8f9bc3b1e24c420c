/**
 * Files API: upload a language version (multipart, Bearer token), download it, and read a numbered paragraph.
 * Checks in order: 401 (no valid token) and 403 (not an editor of the document's mechanisms, nor an admin)
 * before the body is read; then 400 (a missing or bad field), 415 (not a PDF, an HTML file or a DOCX by its
 * content, naming the type found, or not multipart), 413 (over the size limit); 409 for a file already uploaded,
 * naming its version. A download is served as it was uploaded, with its type; an HTML file or a DOCX always as an
 * attachment under a sandboxing CSP, so an uploaded page is never rendered on the site's origin.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { apiUser, authenticated } from '../../accounts/api-auth.js';
import { can } from '../../accounts/model.js';
import type { AccountsService } from '../../accounts/service.js';
import { Forbidden, PayloadTooLarge, UnsupportedMediaType, ValidationError } from '../../http/errors.js';
import { TEXT_STATUSES, VERSION_STATUSES } from '../model.js';
import { isLang } from '../../web/i18n.js';
import { PathKey } from '../../http/problem.js';
import { anchorOf } from '../../web/anchors.js';
import type { DocumentFiles } from './service.js';
import { ACCEPTED_TYPES, detectType, EXTENSION, isAccepted, looksLikeHtml, PDF, refusal } from './types.js';

/** The first bytes of a file cut off at the size limit: is it one of the accepted types (then 413, else 415)? */
async function acceptedStart(bytes: Buffer): Promise<string | null> {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
  if (zip) return 'a zip';
  if (looksLikeHtml(bytes)) return 'text/html';
  const t = await detectType(bytes.subarray(0, 4100));
  return t;
}

/** A key in the path: one line (a NUL would reach the database), at most so long. */
const Key = (maxLength: number) => PathKey(maxLength);

const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));
const tags = ['documents'];
const NS = Type.Union([Type.String(), Type.Null()]);

export const VersionSchema = Type.Object({
  id: Type.String(),
  documentId: Type.String(),
  language: Type.String({ description: 'ISO 639-1' }),
  status: Type.Enum(VERSION_STATUSES),
  sha256: Type.String(),
  sizeBytes: Type.Integer(),
  mediaType: Type.String(),
  filename: NS,
  pages: Type.Union([Type.Integer(), Type.Null()]),
  textStatus: Type.Enum(TEXT_STATUSES, {
    description: 'pending until the text is read; no-text: a scanned PDF without text (no OCR); failed: see textError',
  }),
  textError: NS,
  createdAt: Type.String(),
});

/** The fields an upload sends besides the file. */
const FIELDS = new Set(['language', 'status']);

export const filesApi =
  (files: DocumentFiles, accounts: AccountsService, limitBytes: number, resume = true): FastifyPluginAsyncTypebox =>
  async (app) => {
    await app.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: limitBytes, files: 1, fields: 10, fieldSize: 200, parts: 12, headerPairs: 100 },
    });
    const Params = Type.Object({ id: Key(140) });
    // Recovery: versions left pending by a process that stopped or died are read again at start; on close the
    // reading stops (what is not written stays pending for the next start). A database that is not migrated or
    // does not answer yet does not stop the server from starting: /ready says so, and the next start resumes.
    app.addHook('onReady', async () => {
      if (!resume) return;
      try {
        const n = await files.resumePending();
        if (n) app.log.info(`resuming the text extraction of ${n} document file(s) left pending`);
      } catch (err) {
        app.log.warn({ err }, 'document files left pending were not resumed: the database did not answer');
      }
    });
    app.addHook('onClose', async () => {
      files.stop();
    });

    app.post(
      '/api/v1/documents/:id/versions',
      {
        onRequest: authenticated(accounts, async (user, req) => {
          const id = (req.params as { id: string }).id;
          const mechanisms = await files.mechanismsOf(id);
          if (
            !mechanisms.some((m) => can(user.grants, 'document.upload', { mechanism: m })) &&
            !can(user.grants, 'document.upload', {})
          )
            throw new Forbidden(
              `only an editor of ${mechanisms.length ? mechanisms.join(' or ') : 'a mechanism of this document'} or an administrator may upload its files`,
            );
        }),
        schema: {
          tags,
          summary:
            "Upload a language version of a document (a PDF, an HTML file or a DOCX): multipart fields 'language', 'status', 'file'",
          description: `multipart/form-data: language (ISO 639-1), status (${VERSION_STATUSES.join(', ')}) and one file part, at most ${limitBytes} bytes. The type is found from the content, never the name: ${ACCEPTED_TYPES.join(', ')} (a DOCX is a zip whose [Content_Types].xml declares the WordprocessingML main document). Any other type is refused with 415 naming the type found. Its text is read afterwards: textStatus is pending until then.`,
          security: [{ bearerAuth: [] }],
          params: Params,
          response: { 201: VersionSchema, ...problems(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (req, reply) => {
        if (!req.isMultipart())
          throw new UnsupportedMediaType(
            `send the version as multipart/form-data with the fields language, status and file`,
            'Content-Type',
            'header',
          );
        const fields: Record<string, string> = {};
        let file: { bytes: Buffer; truncated: boolean; filename: string | null } | null = null;
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file' || file) {
              part.file.resume();
              throw new ValidationError(`send one file, in the field "file" (not "${part.fieldname}")`, 'file');
            }
            const chunks: Buffer[] = [];
            for await (const c of part.file) chunks.push(c as Buffer);
            file = { bytes: Buffer.concat(chunks), truncated: part.file.truncated, filename: part.filename || null };
          } else if (FIELDS.has(part.fieldname)) {
            if (part.valueTruncated) throw new ValidationError(`${part.fieldname} is too long`, part.fieldname);
            fields[part.fieldname] = String(part.value);
          } else {
            throw new ValidationError(
              `unknown field "${part.fieldname}": send language, status and file`,
              part.fieldname,
            );
          }
        }
        files.checkFields(fields.language, fields.status);
        if (!file || file.bytes.length === 0)
          throw new ValidationError('a file is required (the field "file")', 'file');
        if (file.truncated) {
          // Only the first bytes arrived: a file that starts as an accepted type is too large, any other refused.
          const start = await acceptedStart(file.bytes);
          if (start !== PDF && start !== 'a zip' && start !== 'text/html')
            throw new UnsupportedMediaType(refusal(start), 'file');
          throw new PayloadTooLarge(`the file is larger than ${limitBytes} bytes`, 'file');
        }
        const type = await detectType(file.bytes);
        if (!isAccepted(type)) throw new UnsupportedMediaType(refusal(type), 'file');
        const user = apiUser(req)!;
        const v = await files.upload({
          documentId: req.params.id,
          lang: fields.language!,
          status: fields.status!,
          bytes: file.bytes,
          filename: file.filename,
          actor: user.id,
          ip: req.ip,
        });
        return reply.code(201).header('location', `/api/v1/documents/${req.params.id}/versions/${v.id}`).send(v);
      },
    );

    app.get(
      '/api/v1/documents/:id/versions/:version',
      {
        schema: {
          tags,
          summary: 'One language version: its file, size, type and whether its text was read',
          params: Type.Object({ id: Key(140), version: Key(80) }),
          response: { 200: VersionSchema, ...problems(404) },
        },
      },
      async (req) => {
        await files.assertPublic(req.params.id);
        return files.versionOf(req.params.id, req.params.version);
      },
    );

    app.get(
      '/api/v1/documents/:id/versions/:version/file',
      {
        schema: {
          tags,
          summary: 'The file of a language version, as uploaded',
          description:
            'Served in the media type found at upload. A PDF is shown inline; an HTML file or a DOCX is always an attachment (Content-Disposition: attachment), under a sandboxing Content-Security-Policy.',
          params: Type.Object({ id: Key(140), version: Key(80) }),
          response: {
            200: {
              description: 'The file, in the media type it was uploaded as',
              content: Object.fromEntries(
                ACCEPTED_TYPES.map((t) => [
                  t,
                  { schema: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }) },
                ]),
              ),
            },
            ...problems(404),
          },
        },
      },
      async (req, reply) => {
        await files.assertPublic(req.params.id);
        const { info, bytes } = await files.file(req.params.id, req.params.version);
        const type = isAccepted(info.mediaType) ? info.mediaType : 'application/octet-stream';
        const ext = isAccepted(info.mediaType) ? EXTENSION[info.mediaType] : 'bin';
        const disposition = type === PDF ? 'inline' : 'attachment';
        return reply
          .type(type)
          .header('content-disposition', `${disposition}; filename="${req.params.id}-${info.language}.${ext}"`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(bytes);
      },
    );

    app.get(
      '/api/v1/documents/:id/paragraphs/:n',
      {
        schema: {
          tags,
          summary: 'A numbered paragraph (12, 12(b), II.3) of a document, in each language version that has it',
          params: Type.Object({ id: Key(140), n: Key(20) }),
          response: {
            200: Type.Object({
              document: Type.String(),
              number: Type.String(),
              items: Type.Array(
                Type.Object({
                  version: Type.String(),
                  language: Type.String(),
                  status: Type.Enum(VERSION_STATUSES),
                  page: Type.Integer(),
                  text: Type.String(),
                  citation: Type.String({ description: 'The address of the paragraph on the document page' }),
                }),
              ),
            }),
            ...problems(400, 404),
          },
        },
      },
      async (req) => {
        await files.assertPublic(req.params.id);
        const p = await files.paragraph(req.params.id, req.params.n);
        return {
          ...p,
          items: p.items.map((i) => ({
            ...i,
            citation: `/${isLang(i.language) ? i.language : 'en'}/documents/${p.document}?version=${i.version}#${anchorOf(p.number)}`,
          })),
        };
      },
    );
  };
