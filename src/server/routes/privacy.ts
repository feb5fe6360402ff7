/**
 * PIPL rights of the caller's tenant (docs/security.md "Retention and data-subject rights"):
 * the retention period, and a data subject's export (§45) and erasure (§47). `privacy:manage`
 * only. Export answers clear text on purpose (the person's own data); the library writes the
 * audit entry before anything is returned or after everything is erased.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Conversation } from '../../conversation/model.js';
import { eraseDataSubject, exportDataSubject, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, SubjectError, type DataSubject, type SubjectRequestContext } from '../../security/retention.js';
import { StoreError } from '../../store/util.js';
import { actor, principal, record, type KefuContext } from '../context.js';
import { ConversationSchema, ErrorSchema, open, Opt, strict, Type } from '../schemas.js';

const RetentionSchema = Type.Object({ tenantId: Type.String(), retentionDays: Type.Union([Type.Integer(), Type.Null()]) });

/** Who the request is about: at least one of customerId and phone (the library checks, naming the field). */
const subjectFields = {
  customerId: Opt(Type.String({ minLength: 1, maxLength: 200 })),
  phone: Opt(Type.String({ minLength: 1, maxLength: 40 })),
  reason: Opt(Type.String({ minLength: 1, maxLength: 500, description: 'the request this answers, e.g. the ticket number of the customer\'s request' })),
};

const SubjectSchema = Type.Object({ customerId: Opt(Type.String()), phoneToken: Opt(Type.String()), phone: Opt(Type.String()) }, open);

/** A subject the library refuses, as the same 400 a schema violation gives. */
async function subjectRequest<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof SubjectError)) throw err;
    throw new StoreError('validation', `body/${err.field}: ${err.message}`, 400, { in: 'body', errors: [{ path: `body/${err.field}`, message: err.message }] });
  }
}

function subjectOf(body: { customerId?: string; phone?: string }): DataSubject {
  return { ...(body.customerId !== undefined ? { customerId: body.customerId } : {}), ...(body.phone !== undefined ? { phone: body.phone } : {}) };
}

export async function privacyRoutes(app: FastifyInstance, opts: { ctx: KefuContext }): Promise<void> {
  const { ctx } = opts;
  const { store } = ctx;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const subjectContext = (request: FastifyRequest, reason: string | undefined): SubjectRequestContext => ({
    tenantId: principal(request).tenantId,
    actor: actor(request),
    tokenKey: store.atRest.ring?.tokenKey,
    ...(reason ? { reason } : {}),
  });

  r.get('/privacy/retention', { config: { permission: 'privacy:manage' }, schema: { tags: ['privacy'], summary: 'How long the tenant\'s conversations are kept (null: forever)', response: { 200: RetentionSchema } } }, async (request) => {
    const { tenantId } = principal(request);
    return { tenantId, retentionDays: (await store.privacy.retention(tenantId)) ?? null };
  });

  r.put(
    '/privacy/retention',
    {
      config: { permission: 'privacy:manage' },
      schema: {
        tags: ['privacy'],
        summary: 'Set the retention period; the purge job deletes older conversations',
        body: Type.Object({ retentionDays: Type.Union([Type.Integer({ minimum: MIN_RETENTION_DAYS, maximum: MAX_RETENTION_DAYS }), Type.Null()], { description: `days (${MIN_RETENTION_DAYS}–${MAX_RETENTION_DAYS}) or null for forever` }) }, strict),
        response: { 200: RetentionSchema, 400: ErrorSchema },
      },
    },
    async (request) => {
      const { tenantId } = principal(request);
      const { retentionDays } = request.body;
      const previous = (await store.privacy.retention(tenantId)) ?? null;
      await store.privacy.setRetention(tenantId, retentionDays);
      await record(ctx, request, { action: 'retention.set', target: { type: 'tenant', id: tenantId }, details: { retentionDays, previous } });
      return { tenantId, retentionDays };
    },
  );

  r.post(
    '/privacy/subjects/export',
    {
      config: { permission: 'privacy:manage' },
      schema: {
        tags: ['privacy'],
        summary: 'All conversations of one customer, in clear text, as a JSON attachment (audited: privacy.export)',
        body: Type.Object(subjectFields, strict),
        response: { 200: Type.Object({ subject: SubjectSchema, exportedAt: Type.String(), auditSeq: Type.Integer(), conversations: Type.Array(ConversationSchema) }), 400: ErrorSchema },
      },
    },
    async (request, reply) => {
      const sc = subjectContext(request, request.body.reason);
      const result = await subjectRequest(() => exportDataSubject(store.privacy, ctx.audit, sc, subjectOf(request.body)));
      // the file name carries no personal data: the audit entry identifies the export
      const tenant = sc.tenantId.replace(/[^A-Za-z0-9_-]/g, '_');
      reply.header('content-disposition', `attachment; filename="kefu-subject-export-${tenant}-${result.auditSeq}.json"`);
      // store.privacy exports the conversation model (the library only passes it through)
      return { ...result, conversations: result.conversations as Conversation[] };
    },
  );

  r.post(
    '/privacy/subjects/erase',
    {
      config: { permission: 'privacy:manage' },
      schema: {
        tags: ['privacy'],
        summary: 'Delete or redact all conversations of one customer (audited: privacy.erase); irreversible',
        body: Type.Object(
          {
            ...subjectFields,
            mode: Type.Enum(['delete', 'redact'], { description: 'delete: the conversations and their results go; redact: the customer\'s turns become *, personal data elsewhere is masked, QA results stay' }),
            confirm: Type.Literal(true, { description: 'must be true: erasure cannot be undone' }),
          },
          strict,
        ),
        response: { 200: Type.Object({ subject: SubjectSchema, mode: Type.String(), conversations: Type.Integer(), turns: Type.Integer(), auditSeq: Type.Integer() }), 400: ErrorSchema },
      },
    },
    async (request) => {
      const sc = subjectContext(request, request.body.reason);
      return subjectRequest(() => eraseDataSubject(store.privacy, ctx.audit, sc, subjectOf(request.body), request.body.mode));
    },
  );
}
