/**
 * The HTTP API (docs/api.md) as a Fastify app:
 *
 *   const app = await buildServer({ store, queue: 'inline' });
 *   await app.listen({ port: 3000, host: '127.0.0.1' });
 *
 * - every route declares `config: { permission }` and a TypeBox JSON schema; the OpenAPI document
 *   is generated from them and served at /docs (UI) and /docs/json;
 * - authentication and the permission guard come from the auth plugin (default: the security
 *   layer's plugin over the store's users / sessions / api_tokens); handlers read
 *   `request.principal` and the store applies its data scope (own / team / tenant);
 * - route plugins are registered through `registerRoutes`; other issues add theirs with
 *   `options.plugins` (they get the same `{ ctx }` and may read `app.kefu`);
 * - errors always answer `{error: {code, message, details?}}`;
 * - the retention purge job (security/retention.ts) runs on a timer while the server is up.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { InlineQueue, type InspectionQueue } from '../queue/index.js';
import { RedisQueue, type RedisOptions } from '../queue/redis.js';
import { WebhookDispatcher, type DispatcherOptions } from '../queue/webhooks.js';
import { AuditLog } from '../security/audit.js';
import { DecryptionError } from '../security/crypto.js';
import { securityPlugin, type SecurityPluginOptions } from '../security/plugin.js';
import { maskingPresenter } from '../security/redact.js';
import { scheduleRetentionPurge, type PurgeSchedule } from '../security/retention.js';
import { revealRoutes } from '../security/reveal.js';
import { scopeOf } from '../store/scope.js';
import type { Store } from '../store/index.js';
import { StoreError } from '../store/util.js';
import { DEFAULT_LIMITS, sendError, type KefuContext, type Limits, type Presenter } from './context.js';
import { appealRoutes } from './routes/appeals.js';
import { conversationRoutes } from './routes/conversations.js';
import { importRoutes } from './routes/imports.js';
import { privacyRoutes } from './routes/privacy.js';
import { ruleSetRoutes } from './routes/rulesets.js';
import { webhookRoutes } from './routes/webhooks.js';

export type RoutePlugin = FastifyPluginAsync<{ ctx: KefuContext }>;

export interface ServerOptions {
  store: Store;
  /** `inline` (default): inspections run in this process; `redis`: BullMQ (REDIS_URL); or a queue. */
  queue?: 'inline' | 'redis' | InspectionQueue;
  redis?: RedisOptions;
  /** Authentication + guard. Default: the security plugin over `store.auth`. */
  auth?: (app: FastifyInstance, ctx: KefuContext) => Promise<void>;
  /** Options passed to the default security plugin (cookies, lock-out, rate limits). */
  security?: Partial<Omit<SecurityPluginOptions, 'store' | 'audit'>>;
  audit?: AuditLog;
  limits?: Partial<Limits>;
  /** Built web UI to serve at / (default `web-dist` when it exists). */
  webDir?: string | false;
  /** Start the webhook dispatcher (default true). */
  webhooks?: boolean | DispatcherOptions;
  /** Run the retention purge on a schedule (default: daily, first run a minute after start); false: never. */
  retention?: false | Omit<PurgeSchedule, 'onError'>;
  /** Extra route plugins (assist, tickets, …). */
  plugins?: RoutePlugin[];
  /** Response shaping of conversation data. Default: PII masked for every role (security/redact.ts). */
  presenter?: Presenter;
  logger?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    kefu: KefuContext;
  }
}

/** API path prefixes: unknown paths under them answer JSON 404, never the web UI. */
const API_PREFIXES = ['/health', '/meta', '/auth', '/imports', '/conversations', '/inspections', '/jobs', '/review-queue', '/findings', '/appeals', '/rule-sets', '/stats', '/webhooks', '/privacy', '/assist', '/tickets', '/kpis', '/staffing', '/drills', '/weekly-review', '/docs'];

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const { store } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.bodyBytes,
  });
  // TypeBox's compiler: request bodies are checked as sent (a number is not a string), while
  // querystrings and params are converted from text first.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);

  let queue: InspectionQueue;
  if (options.queue === 'redis') queue = new RedisQueue(store, options.redis ?? {}, (m) => app.log.warn(m));
  else if (options.queue === undefined || options.queue === 'inline') {
    const inline = new InlineQueue(store, (err) => app.log.error(err));
    queue = inline;
    // embedded mode: chunks left pending by a previous run of this server are resumed
    app.addHook('onReady', async () => {
      const pending = await store.jobs.pendingChunks();
      if (pending.length > 0) await inline.submit(pending);
    });
  } else queue = options.queue;
  const audit = options.audit ?? new AuditLog(store.audit);
  const ctx: KefuContext = { store, queue, audit, limits, present: options.presenter ?? maskingPresenter() };
  app.decorate('kefu', ctx);

  installErrorHandling(app, limits);
  installJsonEscaping(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Kefu API', version: '0.1.0', description: 'Customer-service quality inspection (质检): imports, inspections, review, appeals, rule sets. See docs/api.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'kefu_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });

  if (options.auth) await options.auth(app, ctx);
  else await app.register(securityPlugin, { store: store.auth, audit, publicPrefixes: ['/docs'], ...options.security });

  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });

  app.get(
    '/health',
    { config: { permission: 'public' }, schema: { tags: ['meta'], response: { 200: { type: 'object', properties: { ok: { type: 'boolean' }, store: { type: 'string' }, queue: { type: 'string' } } } } } },
    async (_request, reply) => {
      try {
        await store.ping();
      } catch (err) {
        return sendError(reply, 503, 'store_unavailable', `database unavailable: ${(err as Error).message}`);
      }
      return { ok: true, store: store.dialect, queue: queue.mode };
    },
  );

  // clear text only through the audited reveal (pii:reveal, written to the audit log first)
  await app.register(revealRoutes, {
    audit,
    loadConversation: async (p, id) => {
      const conv = await store.conversations.get(scopeOf(p), id);
      if (!conv) return undefined;
      const { latestInspectionId: _latest, ...conversation } = conv;
      return conversation;
    },
  });
  await registerRoutes(app, ctx, [importRoutes, conversationRoutes, appealRoutes, ruleSetRoutes, webhookRoutes, privacyRoutes, ...(options.plugins ?? [])]);

  const webDir = options.webDir === false ? undefined : path.resolve(options.webDir ?? 'web-dist');
  if (webDir && existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, serve: false });
    app.get('/*', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const url = request.url.split('?')[0]!;
      if (API_PREFIXES.some((p) => url === p || url.startsWith(p + '/'))) return sendError(reply, 404, 'not_found', `no route ${request.method} ${url}`);
      const rel = decodeURIComponent(url).replace(/^\/+/, '');
      if (rel && !rel.split('/').includes('..') && existsSync(path.join(webDir, rel)) && path.extname(rel)) return reply.sendFile(rel);
      return reply.sendFile('index.html');
    });
  }

  let dispatcher: WebhookDispatcher | undefined;
  if (options.webhooks !== false) {
    dispatcher = new WebhookDispatcher(store, { ...(typeof options.webhooks === 'object' ? options.webhooks : {}), log: (m) => app.log.warn(m) });
    dispatcher.start();
  }
  const stopPurge = options.retention === false ? undefined : scheduleRetentionPurge(store.privacy, audit, { ...options.retention, onError: (err) => app.log.error(err) });
  app.addHook('onClose', async () => {
    await stopPurge?.();
    await dispatcher?.stop();
    await queue.close();
  });
  return app;
}

/** The registration point for route plugins: each gets `{ ctx }`. */
export async function registerRoutes(app: FastifyInstance, ctx: KefuContext, plugins: readonly RoutePlugin[]): Promise<void> {
  for (const plugin of plugins) await app.register(plugin, { ctx });
}

/** Whether an error means the database (or its connection) is unavailable. */
export function isStoreUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006', 'SQLITE_BUSY', 'SQLITE_CANTOPEN', 'SQLITE_IOERR'].includes(code) ||
    /Connection terminated|database connection is not open|driver has already been destroyed|Client has encountered a connection error/i.test(e?.message ?? '')
  );
}

/**
 * JSON answers escape < > & and U+2028/9 as \uXXXX: the same JSON value, but stored text such as
 * `<script>` can never be read as markup if a response ends up inlined in HTML or sniffed.
 */
function installJsonEscaping(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (typeof payload !== 'string' || !/^application\/(?:[\w.+-]+\+)?json/i.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    return payload.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  });
}

function installErrorHandling(app: FastifyInstance, limits: Limits): void {
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof StoreError) return sendError(reply, error.status, error.code, error.message, error.details);
    // names the key id (never key material): the operator's cue that the key file is incomplete or wrong
    if (error instanceof DecryptionError) {
      request.log.error(error);
      return sendError(reply, 500, 'decryption_failed', error.message);
    }
    if (error.validation) {
      const where = error.validationContext ?? 'request';
      return sendError(reply, 400, 'validation', `${error.message}`, { in: where, errors: error.validation.map((v) => ({ path: `${where}${v.instancePath}`, message: v.message, params: v.params })) });
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 413, 'body_too_large', `request body is larger than the ${limits.bodyBytes}-byte limit (limits.bodyBytes)`, { limit: limits.bodyBytes });
      case 'FST_REQ_FILE_TOO_LARGE':
        return sendError(reply, 413, 'body_too_large', `upload is larger than the ${limits.importBytes}-byte import limit (limits.importBytes)`, { limit: limits.importBytes });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, 415, 'unsupported_media_type', `unsupported Content-Type ${String(request.headers['content-type'] ?? '(none)')}: send application/json`);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(reply, 400, 'malformed_json', 'malformed JSON: the body is empty but Content-Type is application/json');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendError(reply, 400, 'malformed_json', `malformed JSON: ${error.message}`);
    }
    if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
      return sendError(reply, 400, 'malformed_json', `malformed JSON body: ${error.message}`);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return sendError(reply, error.statusCode, error.code ?? 'bad_request', error.message);
    if (isStoreUnavailable(error)) {
      request.log.error(error);
      return sendError(reply, 503, 'store_unavailable', `the database is unavailable; nothing was written by this request step (${error.message})`);
    }
    request.log.error(error);
    return sendError(reply, 500, 'internal', 'internal error');
  });
}
