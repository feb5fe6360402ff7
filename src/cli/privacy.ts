/**
 * `kefu privacy` — a data subject's export and erasure (PIPL §45, §47; docs/security.md).
 *
 *   kefu privacy export --tenant acme --customer c-001 [--phone 13812345678] [--out file] [--reason T-1] [--db …]
 *   kefu privacy erase  --tenant acme --phone 13812345678 --mode redact|delete --yes [--reason T-1] [--db …]
 *
 * The subject is named by customer id, phone number or both (either one matches). Export writes the
 * clear-text JSON to --out (created 0600, never overwritten) or to stdout. Both are audited
 * (`privacy.export`, `privacy.erase`) with a CLI actor, like the HTTP routes.
 */
import { open, rm } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { resolveIo, type CommandIo } from './io.js';
import { AuditLog, type AuditActor } from '../security/audit.js';
import { eraseDataSubject, exportDataSubject, type DataSubject, type ErasureMode, type SubjectRequestContext } from '../security/retention.js';
import { defaultLocation, openStore, type Store } from '../store/index.js';

const CLI: AuditActor = { userId: 'system', username: 'kefu privacy', role: 'system', via: 'cli' };
const DB_HELP = 'SQLite file or postgres:// URL (default: DATABASE_URL, KEFU_DB, kefu.db)';

interface SubjectOptions {
  tenant: string;
  customer?: string;
  phone?: string;
  reason?: string;
  db?: string;
}

async function createExclusive(file: string) {
  try {
    return await open(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${file} already exists; an export never overwrites a file, choose another --out`);
    throw e;
  }
}

export function registerPrivacyCommands(program: Command, deps: CommandIo = {}): void {
  const { out, err } = resolveIo(deps);
  /** Opens the store, checks the tenant and the subject, and reports any failure as exit code 2. */
  const withSubject = async (cmd: string, o: SubjectOptions, fn: (store: Store, ctx: SubjectRequestContext, subject: DataSubject) => Promise<void>) => {
    let store: Store | undefined;
    try {
      if (o.customer === undefined && o.phone === undefined) throw new Error('name the data subject with --customer <id> or --phone <number>');
      store = await openStore({ location: o.db ?? defaultLocation() });
      if (!(await store.auth.tenants()).some((t) => t.id === o.tenant)) throw new Error(`no tenant "${o.tenant}"`);
      const ctx: SubjectRequestContext = { tenantId: o.tenant, actor: CLI, tokenKey: store.atRest.ring?.tokenKey, ...(o.reason ? { reason: o.reason } : {}) };
      await fn(store, ctx, { ...(o.customer !== undefined ? { customerId: o.customer } : {}), ...(o.phone !== undefined ? { phone: o.phone } : {}) });
    } catch (e) {
      err(`kefu privacy ${cmd}: ${(e as Error).message}`);
      process.exitCode = 2;
    } finally {
      await store?.close();
    }
  };
  const subjectOptions = (c: Command) =>
    c
      .requiredOption('--tenant <id>', 'tenant (workspace) id')
      .option('--customer <id>', 'the customer id on the conversations')
      .option('--phone <number>', 'a phone number of the customer (any format: +86, spaces, dashes)')
      .option('--reason <text>', 'the request this answers, recorded in the audit log (e.g. a ticket number)')
      .option('--db <location>', DB_HELP);

  const privacy = program.command('privacy').description("a customer's own data: export and erasure (PIPL)");

  subjectOptions(privacy.command('export').description("write all of a customer's conversations, in clear text, as JSON (audited)"))
    .option('--out <file>', 'write to this file (created with mode 0600; an existing file is not overwritten) instead of stdout')
    .action(async (o: SubjectOptions & { out?: string }) => {
      await withSubject('export', o, async (store, ctx, subject) => {
        // created before the audited read, so an existing file is refused before anything is exported
        const file = o.out === undefined ? undefined : await createExclusive(o.out);
        try {
          const result = await exportDataSubject(store.privacy, new AuditLog(store.audit), ctx, subject);
          const json = JSON.stringify(result, null, 2);
          const summary = `tenant ${o.tenant}: ${result.conversations.length} conversations exported (audit #${result.auditSeq})`;
          if (!file) {
            out(json);
            // stdout carries only the JSON, so it can be redirected
            err(summary);
            return;
          }
          await file.writeFile(json + '\n');
          out(`${summary} to ${o.out}`);
        } catch (e) {
          if (file) await rm(o.out!, { force: true });
          throw e;
        } finally {
          await file?.close();
        }
      });
    });

  subjectOptions(privacy.command('erase').description("delete or redact all of a customer's conversations (audited; cannot be undone)"))
    .addOption(new Option('--mode <mode>', "delete: conversations and results go; redact: the customer's turns become *, QA results stay").choices(['delete', 'redact']).makeOptionMandatory())
    .option('--yes', 'confirm: erasure cannot be undone')
    .action(async (o: SubjectOptions & { mode: ErasureMode; yes?: boolean }) => {
      if (!o.yes) {
        err('kefu privacy erase: erasure cannot be undone; add --yes to confirm');
        process.exitCode = 2;
        return;
      }
      await withSubject('erase', o, async (store, ctx, subject) => {
        const r = await eraseDataSubject(store.privacy, new AuditLog(store.audit), ctx, subject, o.mode);
        const what = o.mode === 'delete' ? 'deleted' : 'redacted';
        out(`tenant ${o.tenant}: ${r.conversations} conversations ${what} (${r.turns} turns; audit #${r.auditSeq})`);
      });
    });
}
