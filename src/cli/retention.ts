/**
 * `kefu retention` — per-tenant retention periods and the purge (PIPL; docs/security.md).
 *
 *   kefu retention set --tenant acme --days 365 [--db …]   keep acme's conversations 365 days (`--days none`: forever)
 *   kefu retention purge [--db …]                          run the purge once now (e.g. from cron)
 *
 * `kefu serve` also runs the purge on a schedule (--purge-every-hours). Both commands are audited
 * (`retention.set`; `retention.purge` per tenant that lost conversations).
 */
import type { Command } from 'commander';
import { resolveIo, type CommandIo } from './io.js';
import { AuditLog, type AuditActor } from '../security/audit.js';
import { runRetentionPurge, validateRetentionDays } from '../security/retention.js';
import { defaultLocation, openStore, type Store } from '../store/index.js';

const CLI: AuditActor = { userId: 'system', username: 'kefu retention', role: 'system', via: 'cli' };

export function registerRetentionCommands(program: Command, deps: CommandIo = {}): void {
  const { out, err } = resolveIo(deps);
  const withStore = async (cmd: string, db: string | undefined, fn: (store: Store) => Promise<void>) => {
    let store: Store | undefined;
    try {
      store = await openStore({ location: db ?? defaultLocation() });
      await fn(store);
    } catch (e) {
      err(`kefu retention ${cmd}: ${(e as Error).message}`);
      process.exitCode = 2;
    } finally {
      await store?.close();
    }
  };
  const retention = program.command('retention').description('how long conversations are kept, per tenant');

  retention
    .command('set')
    .description('set a tenant\'s retention period in days (none: keep forever)')
    .requiredOption('--tenant <id>', 'tenant (workspace) id')
    .requiredOption('--days <n|none>', 'days to keep conversations, or none')
    .option('--db <location>', 'SQLite file or postgres:// URL (default: DATABASE_URL, KEFU_DB, kefu.db)')
    .action(async (o: { tenant: string; days: string; db?: string }) => {
      await withStore('set', o.db, async (store) => {
        const days = validateRetentionDays(o.days === 'none' ? null : Number(o.days));
        if (!(await store.auth.tenants()).some((t) => t.id === o.tenant)) throw new Error(`no tenant "${o.tenant}"`);
        await store.privacy.setRetention(o.tenant, days);
        await new AuditLog(store.audit).record({ tenantId: o.tenant, action: 'retention.set', actor: CLI, target: { type: 'tenant', id: o.tenant }, details: { retentionDays: days } });
        out(days === null ? `tenant ${o.tenant}: conversations are kept forever` : `tenant ${o.tenant}: conversations older than ${days} days are purged`);
      });
    });

  retention
    .command('purge')
    .description('delete conversations older than their tenant\'s retention period, now')
    .option('--db <location>', 'SQLite file or postgres:// URL (default: DATABASE_URL, KEFU_DB, kefu.db)')
    .action(async (o: { db?: string }) => {
      await withStore('purge', o.db, async (store) => {
        const reports = await runRetentionPurge(store.privacy, new AuditLog(store.audit));
        for (const r of reports) out(`tenant ${r.tenantId}: ${r.purged} conversations started before ${r.cutoff} purged`);
        if (reports.length === 0) out('no tenant has a retention period');
      });
    });
}
