/**
 * POST /imports: the raw file as the body (JSONL, JSON array, CSV, transcript) or multipart with
 * field `file`. The body is streamed to a temporary file (at most limits.importBytes, else 413),
 * then read by the CLI's importers chunk by chunk into the store.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ImportFormat } from '../../conversation/import/index.js';
import type { Channel } from '../../conversation/model.js';
import { ingestFile } from '../../queue/service.js';
import { safeUploadName } from '../../security/input.js';
import { notFound, StoreError } from '../../store/util.js';
import { principal, record, scope, type KefuContext } from '../context.js';
import { ErrorSchema, IdParams, ImportSchema, JobSchema, Opt, page, PageQuery, RecordErrorSchema, Type } from '../schemas.js';

const FORMAT_BY_TYPE: Record<string, ImportFormat> = {
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/json': 'json',
  'text/csv': 'csv',
  'text/plain': 'txt',
};
const FORMAT_BY_EXT: Record<string, ImportFormat> = { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'json', '.csv': 'csv', '.txt': 'txt' };
const API_FORMAT: Record<string, ImportFormat> = { jsonl: 'jsonl', json: 'json', csv: 'csv', transcript: 'txt', txt: 'txt' };

class TooLarge extends StoreError {
  constructor(limit: number) {
    super('body_too_large', `upload is larger than the ${limit}-byte import limit (limits.importBytes / --max-import-bytes)`, 413, { limit });
  }
}

/** Copy a stream to a file, failing with 413 past `limit` bytes. */
async function spool(source: Readable, file: string, limit: number): Promise<number> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > limit) cb(new TooLarge(limit));
      else cb(null, chunk);
    },
  });
  await pipeline(source, counter, createWriteStream(file));
  if ((source as Readable & { truncated?: boolean }).truncated) throw new TooLarge(limit);
  return bytes;
}

const ImportQuery = Type.Object({
  format: Opt(Type.Union([Type.Literal('jsonl'), Type.Literal('json'), Type.Literal('csv'), Type.Literal('transcript'), Type.Literal('txt')])),
  channel: Opt(Type.Union([Type.Literal('chat'), Type.Literal('call'), Type.Literal('email')])),
  inspect: Opt(Type.Boolean({ default: true })),
  onDuplicate: Opt(Type.Union([Type.Literal('skip'), Type.Literal('replace')])),
  fileName: Opt(Type.String({ maxLength: 300 })),
});

export async function importRoutes(app: FastifyInstance, opts: { ctx: KefuContext }): Promise<void> {
  const { ctx } = opts;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  await r.register(async (scoped) => {
    // the upload is streamed by the handler, whatever its content type
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    await scoped.register(multipart, { limits: { fileSize: ctx.limits.importBytes, files: 1, fields: 10 } });
    const s = scoped.withTypeProvider<TypeBoxTypeProvider>();
    s.post(
      '/imports',
      {
        config: { permission: 'conversations:import' },
        schema: {
          tags: ['imports'],
          summary: 'Import conversations (JSONL, JSON, CSV, transcript); inspects them with the published rule set',
          querystring: ImportQuery,
          response: { 202: Type.Object({ import: ImportSchema, errors: Type.Array(RecordErrorSchema), job: Opt(JobSchema) }), 400: ErrorSchema, 413: ErrorSchema },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const dir = await mkdtemp(path.join(tmpdir(), 'kefu-upload-'));
        const file = path.join(dir, 'upload');
        try {
          let fileName = request.query.fileName;
          let format = request.query.format ? API_FORMAT[request.query.format] : undefined;
          if (request.isMultipart()) {
            const part = await request.file();
            if (!part) throw new StoreError('bad_request', 'multipart upload without a file field', 400);
            fileName ??= part.filename;
            format ??= FORMAT_BY_EXT[path.extname(part.filename ?? '').toLowerCase()] ?? FORMAT_BY_TYPE[part.mimetype.split(';')[0]!.trim()];
            await spool(part.file, file, ctx.limits.importBytes);
          } else {
            const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
            format ??= FORMAT_BY_TYPE[type];
            const declared = Number(request.headers['content-length'] ?? NaN);
            if (declared > ctx.limits.importBytes) throw new TooLarge(ctx.limits.importBytes);
            if (!request.body) throw new StoreError('bad_request', 'empty body: send the file as the request body or as multipart field "file"', 400);
            await spool(request.body as Readable, file, ctx.limits.importBytes);
          }
          if (!format) throw new StoreError('bad_request', 'unknown format: pass ?format=jsonl|json|csv|transcript or a matching Content-Type', 400);
          const name = safeUploadName(fileName, `upload.${format}`);
          const result = await ingestFile(ctx.store, ctx.queue, {
            tenantId: p.tenantId,
            file,
            fileName: name,
            format,
            ...(request.query.channel ? { channel: request.query.channel as Channel } : {}),
            onDuplicate: request.query.onDuplicate ?? 'skip',
            inspect: request.query.inspect !== false,
            maxRecordBytes: ctx.limits.recordBytes,
            by: p.userId,
          });
          const errors = await ctx.store.imports.errors(p.tenantId, result.import.id);
          await record(ctx, request, {
            action: 'import.create',
            target: { type: 'import', id: result.import.id },
            details: { fileName: name, format, accepted: result.import.accepted, rejected: result.import.rejected, duplicates: result.import.duplicates, jobId: result.job?.id },
          });
          reply.code(202);
          return { import: result.import, errors, ...(result.job ? { job: result.job } : {}) };
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    );
  });

  r.get(
    '/imports',
    { config: { permission: 'conversations:import' }, schema: { tags: ['imports'], querystring: Type.Object(PageQuery), response: { 200: page(ImportSchema) } } },
    async (request) => ctx.store.imports.list(principal(request).tenantId, request.query.limit ?? 50, request.query.cursor),
  );

  r.get(
    '/imports/:id',
    { config: { permission: 'conversations:import' }, schema: { tags: ['imports'], params: IdParams, response: { 200: Type.Object({ import: ImportSchema, errors: Type.Array(RecordErrorSchema) }), 404: ErrorSchema } } },
    async (request) => {
      const { tenantId } = scope(request);
      const imp = await ctx.store.imports.get(tenantId, request.params.id);
      if (!imp) throw notFound(`import ${request.params.id}`);
      return { import: imp, errors: await ctx.store.imports.errors(tenantId, imp.id) };
    },
  );
}

