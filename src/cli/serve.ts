/**
 * `kefu serve`, `kefu worker`, `kefu token create` — the service commands (issue 5).
 *
 *   kefu serve [--port 3000] [--host 127.0.0.1] [--db kefu.db] [--demo] [--queue inline|redis] [--purge-every-hours 24]
 *   kefu worker [--db …] [--redis redis://127.0.0.1:6379] [--concurrency 1]
 *   kefu token create --tenant acme --role qa [--username …] [--team …] [--agent …] [--db …]
 *
 * The database is `--db`, else DATABASE_URL, else KEFU_DB, else `kefu.db` (SQLite); the
 * encryption keys come from KEFU_KEY_FILE / KEFU_ENCRYPTION_KEY (docs/security.md), and serve and
 * worker refuse to start when stored text does not open with them. The lead's src/cli/main.ts
 * calls registerServeCommands(program).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { formatOf } from '../conversation/import/index.js';
import { InlineQueue } from '../queue/index.js';
import { startWorker } from '../queue/redis.js';
import { ingestFile } from '../queue/service.js';
import { hashPassword } from '../security/passwords.js';
import { ROLES, type UserRole } from '../security/permissions.js';
import { buildServer } from '../server/app.js';
import { defaultLocation, openStore, type Store } from '../store/index.js';
import { setAuditCommandDeps } from './audit.js';
import { setUserCommandDeps } from './user.js';

export const DEMO_TENANT = 'demo';

function out(line: string): void {
  process.stdout.write(line + '\n');
}

async function withStore<T>(db: string | undefined, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ location: db ?? defaultLocation() });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The store for a long-running process, checked against the configured keys before it serves anything. */
async function openServingStore(db: string | undefined): Promise<Store> {
  const store = await openStore({ location: db ?? defaultLocation() });
  try {
    await store.verifyKeys();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/** The repository's examples/ folder (next to src/ or dist/). */
export function examplesDir(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [path.resolve(here, '../../examples'), path.resolve('examples')]) if (existsSync(dir)) return dir;
  return undefined;
}

/**
 * Demo data on an empty database: the tenant `demo`, its conversations from examples/, inspected
 * inline, and an admin user `admin` (password from KEFU_DEMO_PASSWORD, else random and printed).
 */
export async function seedDemo(store: Store, log: (line: string) => void = out): Promise<void> {
  await store.auth.ensureTenant(DEMO_TENANT, 'Kefu 演示');
  if ((await store.conversations.count(DEMO_TENANT)) === 0) {
    const dir = examplesDir();
    if (dir) {
      const queue = new InlineQueue(store);
      for (const name of readdirSync(dir).sort()) {
        const file = path.join(dir, name);
        const format = formatOf(file);
        if (!format || name.startsWith('kefu.config')) continue;
        const { import: imp } = await ingestFile(store, queue, { tenantId: DEMO_TENANT, file, fileName: name, format, by: null });
        log(`demo: imported ${name}: ${imp.accepted} accepted, ${imp.rejected} rejected`);
      }
      await queue.idle();
      await queue.close();
    }
  }
  if (!(await store.auth.findUserByUsername('admin'))) {
    const password = process.env.KEFU_DEMO_PASSWORD || randomBytes(9).toString('base64url');
    await store.auth.createUser({ tenantId: DEMO_TENANT, username: 'admin', role: 'admin', displayName: '演示管理员', passwordHash: await hashPassword(password) });
    log(`demo: created user admin with password ${password} (tenant ${DEMO_TENANT})`);
  }
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

export function registerServeCommands(program: Command): void {
  // the store integration for the security engineer's `kefu user add` and `kefu audit verify`
  setUserCommandDeps({ createUser: (user, o) => withStore(o.db, (store) => store.auth.createUser(user)) });
  setAuditCommandDeps({ loadEntries: (o) => withStore(o.db, (store) => store.audit.all()) });

  program
    .command('serve')
    .description('start the HTTP API and the web UI (web-dist/) on 127.0.0.1')
    .option('--port <n>', 'port', '3000')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--db <location>', 'SQLite file or postgres:// URL (default: DATABASE_URL, KEFU_DB, kefu.db)')
    .option('--demo', 'on an empty database: import examples/ and create a demo admin user')
    .option('--queue <mode>', 'inline (in this process) or redis (kefu worker processes, REDIS_URL)', 'inline')
    .option('--web <dir>', 'built web UI to serve at /', 'web-dist')
    .option('--max-body-bytes <n>', 'largest JSON request body')
    .option('--max-import-bytes <n>', 'largest import upload')
    .option('--max-record-bytes <n>', 'largest record in an import')
    .option('--purge-every-hours <n>', 'run the retention purge this often (tenants with a retention period); 0: never', '24')
    .action(async (o: { port: string; host: string; db?: string; demo?: boolean; queue: string; web: string; maxBodyBytes?: string; maxImportBytes?: string; maxRecordBytes?: string; purgeEveryHours: string }) => {
      const purgeHours = Number(o.purgeEveryHours);
      if (!(purgeHours >= 0 && purgeHours <= 596)) {
        process.stderr.write(`kefu serve: --purge-every-hours must be between 0 (never) and 596 hours, got "${o.purgeEveryHours}"\n`);
        process.exitCode = 2;
        return;
      }
      const store = await openServingStore(o.db);
      if (o.demo) await seedDemo(store);
      const limits = {
        ...(o.maxBodyBytes ? { bodyBytes: Number(o.maxBodyBytes) } : {}),
        ...(o.maxImportBytes ? { importBytes: Number(o.maxImportBytes) } : {}),
        ...(o.maxRecordBytes ? { recordBytes: Number(o.maxRecordBytes) } : {}),
      };
      const app = await buildServer({
        store,
        queue: o.queue === 'redis' ? 'redis' : 'inline',
        limits,
        webDir: o.web,
        logger: false,
        // plain HTTP on the loopback interface: cookies cannot be Secure-only there for every browser
        security: { secureCookies: !isLoopback(o.host) },
        retention: purgeHours === 0 ? false : { intervalMs: purgeHours * 3_600_000 },
      });
      const address = await app.listen({ port: Number(o.port), host: o.host });
      out(`Kefu listening on ${address} (store: ${store.dialect} ${store.dialect === 'sqlite' ? store.location : ''}, queue: ${o.queue}); API docs at ${address}/docs`);
      const stop = async () => {
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });

  program
    .command('worker')
    .description('run inspection jobs from Redis (BullMQ); start several to share a batch')
    .option('--db <location>', 'SQLite file or postgres:// URL (default: DATABASE_URL, KEFU_DB, kefu.db)')
    .option('--redis <url>', 'Redis URL (default: REDIS_URL, redis://127.0.0.1:6379)')
    .option('--concurrency <n>', 'chunks at a time', '1')
    .option('--prefix <name>', 'BullMQ key prefix (default bull)')
    .action(async (o: { db?: string; redis?: string; concurrency: string; prefix?: string }) => {
      await runWorker({ ...(o.db ? { db: o.db } : {}), ...(o.redis ? { redis: o.redis } : {}), concurrency: Number(o.concurrency), ...(o.prefix ? { prefix: o.prefix } : {}) });
    });

  const token = program.command('token').description('API tokens for integrations');
  token
    .command('create')
    .description('create an API token (for an existing user, or a new service user with the role)')
    .requiredOption('--tenant <id>', 'tenant (workspace) id')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--username <name>', 'existing user to own the token (else a service user is created)')
    .option('--team <id>', 'team id (team_lead scope)')
    .option('--agent <id>', 'agent id (agent scope)')
    .option('--name <name>', 'token label', 'cli')
    .option('--db <location>', 'SQLite file or postgres:// URL')
    .action(async (o: { tenant: string; role: string; username?: string; team?: string; agent?: string; name: string; db?: string }) => {
      if (!(ROLES as readonly string[]).includes(o.role)) {
        process.stderr.write(`kefu token create: unknown role "${o.role}" (${ROLES.join(', ')})\n`);
        process.exitCode = 2;
        return;
      }
      const t = await withStore(o.db, async (store) => {
        await store.auth.ensureTenant(o.tenant);
        return store.auth.createToken({ tenantId: o.tenant, role: o.role as UserRole, name: o.name, ...(o.username ? { username: o.username } : {}), ...(o.team ? { teamId: o.team } : {}), ...(o.agent ? { agentId: o.agent } : {}) });
      });
      out(t.token);
    });
}

/** `kefu worker`: runs until SIGTERM / SIGINT. */
export async function runWorker(o: { db?: string; redis?: string; concurrency?: number; prefix?: string }): Promise<void> {
  const store = await openServingStore(o.db);
  const w = startWorker(store, { ...(o.redis ? { url: o.redis } : {}), concurrency: o.concurrency ?? 1, ...(o.prefix ? { prefix: o.prefix } : {}), log: (m) => process.stderr.write(`kefu worker: ${m}\n`) });
  out(`kefu worker ${process.pid} ready (store: ${store.dialect}, redis: ${o.redis ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'})`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await w.close();
  await store.close();
}
